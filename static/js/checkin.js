/*
 * Door check-in enhancements (templates/events/checkin.html). Without this file the page is a
 * plain form and typing a code always works. With it:
 *  - the form is sent in the background and only the result panel and the counters are
 *    replaced, so the camera keeps running between tickets;
 *  - where the browser has the BarcodeDetector API and a camera, a "Scan with camera" button
 *    appears; a scanned QR code fills the field and submits the form.
 * Translated texts come from data-* attributes in the template. No inline handlers or styles
 * (Content-Security-Policy without 'unsafe-inline').
 */
"use strict";

(function () {
  var form = document.getElementById("checkin-form");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name='ticket_code']");
  var result = document.getElementById("checkin-result");
  var counters = document.getElementById("checkin-counters");
  var camera = document.getElementById("checkin-camera");
  var scanButton = document.getElementById("checkin-scan");
  var video = document.getElementById("checkin-video");
  var cameraStatus = document.getElementById("checkin-camera-status");
  var sending = false;

  function showError(text) {
    // The same markup as a server-side failure, so the live region announces it.
    var panel = document.createElement("div");
    panel.className = "portal-alert danger checkin-outcome";
    var body = document.createElement("div");
    var p = document.createElement("p");
    p.className = "portal-alert-text";
    p.textContent = text;
    body.appendChild(p);
    panel.appendChild(body);
    result.replaceChildren(panel);
  }

  function replaceFrom(doc, id, target) {
    var fresh = doc.getElementById(id);
    if (fresh && target) {
      // Children only: the live region element itself stays, so screen readers announce
      // the new outcome.
      target.replaceChildren.apply(target, Array.prototype.slice.call(fresh.childNodes));
    }
  }

  function send() {
    if (sending) {
      return;
    }
    sending = true;
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (response.redirected || response.status === 403) {
          // Signed out, or no longer an organizer: show the real page.
          window.location.assign(response.url);
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var doc = new DOMParser().parseFromString(html, "text/html");
        replaceFrom(doc, "checkin-result", result);
        replaceFrom(doc, "checkin-counters", counters);
        var outcome = result.querySelector("[data-outcome]");
        if (outcome && navigator.vibrate) {
          navigator.vibrate(outcome.getAttribute("data-outcome") === "success" ? 80 : [60, 60, 60]);
        }
        input.value = "";
        if (!stream && result.scrollIntoView) {
          result.scrollIntoView({ block: "nearest" });
        }
      })
      .catch(function () {
        showError(camera.getAttribute("data-msg-offline"));
      })
      .then(function () {
        sending = false;
        form.removeAttribute("aria-busy");
        if (!stream) {
          input.focus();
        }
      });
  }

  if (window.fetch && window.FormData && window.DOMParser && Element.prototype.replaceChildren) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.value.trim()) {
        input.focus();
        return;
      }
      send();
    });
  }

  // --- camera scanning ----------------------------------------------------------------

  var stream = null;
  var detector = null;
  var lastCode = "";
  var lastAt = 0;
  var timer = null;

  function codeFrom(raw) {
    // A ticket QR holds the code; if it ever holds a link, the code is its last segment.
    var text = String(raw || "").trim();
    if (/^[A-Za-z0-9 -]+$/.test(text)) {
      return text;
    }
    var parts = text.split(/[^A-Za-z0-9-]+/).filter(Boolean);
    return parts.length ? parts[parts.length - 1] : "";
  }

  function setStatus(key) {
    cameraStatus.textContent = camera.getAttribute("data-msg-" + key) || "";
  }

  function tick() {
    timer = null;
    if (!stream) {
      return;
    }
    if (sending || video.readyState < 2) {
      timer = window.setTimeout(tick, 250);
      return;
    }
    detector
      .detect(video)
      .then(function (codes) {
        if (!codes.length) {
          return;
        }
        var code = codeFrom(codes[0].rawValue);
        var now = Date.now();
        // The same ticket stays in view for a while; read it once, not every frame.
        if (!code || (code === lastCode && now - lastAt < 4000)) {
          return;
        }
        lastCode = code;
        lastAt = now;
        input.value = code;
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.dispatchEvent(new Event("submit", { cancelable: true }));
        }
      })
      .catch(function () {})
      .then(function () {
        if (stream && !timer) {
          timer = window.setTimeout(tick, 250);
        }
      });
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    }
    stream = null;
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    video.srcObject = null;
    camera.hidden = true;
    scanButton.textContent = scanButton.getAttribute("data-label-start");
    scanButton.setAttribute("aria-expanded", "false");
  }

  function startCamera() {
    camera.hidden = false;
    video.hidden = false;
    setStatus("starting");
    scanButton.textContent = scanButton.getAttribute("data-label-stop");
    scanButton.setAttribute("aria-expanded", "true");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = mediaStream;
        return video.play();
      })
      .then(function () {
        setStatus("ready");
        // The buttons, the picture and the result panel below it fill the screen together.
        if (scanButton.scrollIntoView) {
          // Instant for readers who asked for reduced motion (portal.js).
          scanButton.scrollIntoView({ block: "start", behavior: "smooth" });
        }
        tick();
      })
      .catch(function () {
        stopCamera();
        camera.hidden = false;
        video.hidden = true;
        setStatus("error");
        input.focus();
      });
  }

  function enableScanning() {
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    scanButton.hidden = false;
    scanButton.addEventListener("click", function () {
      if (stream) {
        stopCamera();
        input.focus();
      } else {
        startCamera();
      }
    });
    // Free the camera when the phone locks or the tab is left.
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && stream) {
        stopCamera();
      }
    });
  }

  if (
    scanButton &&
    "BarcodeDetector" in window &&
    navigator.mediaDevices &&
    navigator.mediaDevices.getUserMedia
  ) {
    var formats = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats()
      : Promise.resolve(["qr_code"]);
    formats
      .then(function (supported) {
        if (supported.indexOf("qr_code") !== -1) {
          enableScanning();
        }
      })
      .catch(function () {});
  }
})();
