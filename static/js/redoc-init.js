/*
 * Starts ReDoc on the API documentation page (templates/drf_spectacular/redoc.html), in place
 * of drf-spectacular's inline script. The page's <script> tag carries the request's CSP nonce;
 * ReDoc puts it on the <style> elements it creates, which the Content-Security-Policy then
 * admits without 'unsafe-inline'.
 */
"use strict";

(function () {
  var nonce = document.currentScript ? document.currentScript.nonce : "";
  var container = document.getElementById("redoc-container");
  var settingsBlock = document.getElementById("redoc-settings");
  var settings = settingsBlock ? JSON.parse(settingsBlock.textContent) : {};
  if (nonce) {
    settings.nonce = nonce;
  }
  window.Redoc.init(container.getAttribute("data-schema-url"), settings, container);
})();
