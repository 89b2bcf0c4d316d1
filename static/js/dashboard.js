/* Draws the dashboard's charts with Chart.js from the JSON the page carries beside each
   chart's table. Progressive enhancement: without JavaScript the tables say everything.
   Readable in grayscale: the series differ in lightness, line pattern and point shape, not
   only in hue. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }

  // Dark, mid and light (KRDS primary blues and a neutral), far apart in lightness.
  var COLORS = ["#052561", "#256ef4", "#9ec1ff", "#6d7882", "#1e2124"];
  var DASHES = [[], [8, 4], [2, 3], [12, 3, 2, 3], []];
  var POINTS = ["circle", "rectRot", "triangle", "rect", "star"];
  var reduceMotion = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var locale = document.documentElement.lang || "ko";

  function dataset(series, index, kind) {
    var color = COLORS[index % COLORS.length];
    var base = { label: series.label, data: series.data, borderColor: color };
    if (kind === "line") {
      base.backgroundColor = color;
      base.borderDash = DASHES[index % DASHES.length];
      base.pointStyle = POINTS[index % POINTS.length];
      base.pointRadius = 3;
      base.borderWidth = 2;
      base.tension = 0.2;
    } else {
      base.backgroundColor = color;
      base.borderWidth = 1;
      base.borderColor = "#1e2124";
    }
    return base;
  }

  document.querySelectorAll("canvas.dash-canvas").forEach(function (canvas) {
    var id = canvas.id.replace(/^chart-/, "");
    var source = document.getElementById(id);
    if (!source) { return; }
    var config = JSON.parse(source.textContent);
    var unit = config.unit || "";
    new window.Chart(canvas, {
      type: config.kind,
      data: {
        labels: config.labels,
        datasets: config.series.map(function (s, i) { return dataset(s, i, config.kind); })
      },
      options: {
        locale: locale,
        animation: reduceMotion ? false : undefined,
        maintainAspectRatio: false,
        plugins: {
          legend: { labels: { usePointStyle: config.kind === "line" } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.parsed.y;
                return item.dataset.label + ": " +
                  (value === null ? "—" : value.toLocaleString(locale) + (unit ? " " + unit : ""));
              }
            }
          }
        },
        scales: { y: { beginAtZero: true, ticks: { precision: unit ? undefined : 0 } } }
      }
    });
  });
})();
