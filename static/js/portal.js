/*
 * Portal enhancements on top of KRDS's ui-script.js. Pages work without this file: every
 * action is a link or a form. Loaded with `defer` after ui-script.js, so the DOMContentLoaded
 * listener below runs after KRDS has set up its components.
 * No inline handlers or styles are used anywhere (Content-Security-Policy without
 * 'unsafe-inline').
 */
"use strict";

(function () {
  document.documentElement.classList.add("js");

  function honourReducedMotion() {
    // portal.css turns smooth scrolling off for readers who asked for reduced motion, but a
    // script that asks for behavior "smooth" (KRDS's phone menu) overrides CSS: make those
    // calls instant too.
    if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      return;
    }
    function instant(original) {
      return function (options) {
        if (options && typeof options === "object" && options.behavior === "smooth") {
          var copy = {};
          for (var key in options) {
            copy[key] = options[key];
          }
          copy.behavior = "auto";
          return original.call(this, copy);
        }
        return original.apply(this, arguments);
      };
    }
    window.scrollTo = instant(window.scrollTo);
    window.scrollBy = instant(window.scrollBy);
    ["scrollTo", "scrollBy", "scrollIntoView"].forEach(function (name) {
      if (Element.prototype[name]) {
        Element.prototype[name] = instant(Element.prototype[name]);
      }
    });
  }

  honourReducedMotion();

  function fixMainMenuLabel() {
    // KRDS labels the desktop menu list with a fixed Korean string; the <nav> around it
    // already carries a translated label, so the list needs none.
    var list = document.querySelector(".krds-main-menu .gnb-menu");
    if (list) {
      list.removeAttribute("aria-label");
    }
  }

  function syncMobileMenuState() {
    // KRDS opens and closes the mobile menu by toggling .is-open; mirror that on the button
    // so screen readers hear whether the menu is expanded.
    var menu = document.getElementById("mobile-nav");
    var opener = document.querySelector('[aria-controls="mobile-nav"]');
    if (!menu || !opener) {
      return;
    }
    opener.setAttribute("aria-expanded", "false");
    new MutationObserver(function () {
      opener.setAttribute("aria-expanded", menu.classList.contains("is-open") ? "true" : "false");
    }).observe(menu, { attributes: true, attributeFilter: ["class"] });
  }

  function focusFirstError() {
    // After a failed form submission, move focus to the first field in error so keyboard
    // and screen-reader users land where the problem is.
    var invalid = document.querySelector("main [aria-invalid='true']");
    if (invalid && !document.querySelector("main [autofocus]")) {
      invalid.focus();
    }
  }

  function keepHeaderSpace() {
    // KRDS fixes the header's bar to the top once the page is scrolled, which takes it out of
    // the flow: the header keeps the bar's height (portal.css) so the content does not jump.
    // Its bottom border is left out: the header draws its own once scrolled.
    var header = document.getElementById("krds-header");
    var bar = header && header.querySelector(".header-in");
    if (!bar || !window.ResizeObserver) {
      return;
    }
    new ResizeObserver(function () {
      var border = parseFloat(getComputedStyle(bar).borderBottomWidth) || 0;
      header.style.setProperty("--portal-header-height",
        bar.getBoundingClientRect().height - border + "px");
    }).observe(bar);
  }

  // On window, after KRDS's own DOMContentLoaded listener there (ui-script.js loads first),
  // which sets the label this removes; listeners on document would run before it.
  window.addEventListener("DOMContentLoaded", fixMainMenuLabel);

  document.addEventListener("DOMContentLoaded", function () {
    keepHeaderSpace();
    syncMobileMenuState();
    focusFirstError();
  });
})();
