/*
 * django-celery-beat's periodic task form in the admin
 * (templates/admin/djcelery/change_periodictask_form.html): shows the chosen crontab schedule
 * in words under the crontab field. django-celery-beat does this with an inline script, which
 * the Content-Security-Policy refuses.
 */
"use strict";

(function () {
  var script = document.currentScript;
  var label = script ? script.getAttribute("data-label") : "";
  var data = document.getElementById("readable-crontabs");
  var readable = data ? JSON.parse(data.textContent) : {};

  function ready() {
    var translationRow = document.querySelector(".field-crontab_translation");
    if (translationRow) {
      translationRow.style.display = "none";
    }
    var select = document.getElementById("id_crontab");
    var help = document.querySelector(".field-crontab .help");
    if (!select || !help) {
      return;
    }
    var words = document.createElement("div");
    words.className = "periodic-task-crontab-words";
    help.appendChild(words);

    function update() {
      var text = readable[select.value];
      words.textContent = text ? label + " " + text : "";
    }

    select.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
