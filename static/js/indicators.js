// Draws the indicator charts from the data the page carries in <script id="indicator-charts" type="application/json">.
// Each <canvas data-chart="…"> gets the chart of that id; a table beside it gives the same numbers.
// On the values page after a conflict, a <button data-use-value="…" data-target="field id"> puts the colleague's
// value into the field (the value is shown as text beside it too, for pages read without scripts).
(function () {
  "use strict";

  var ACTUAL = "#0a58ca";
  var TARGET = "#b02a37";

  function formatNumber(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    var lang = document.documentElement.lang || "lv";
    var text = new Intl.NumberFormat(lang).format(value);
    return unit ? text + " " + unit : text;
  }

  function datasetsOf(spec) {
    return spec.datasets.map(function (dataset) {
      var target = Boolean(dataset.target);
      var common = {
        label: dataset.label,
        data: dataset.data,
        borderColor: target ? TARGET : ACTUAL,
        backgroundColor: target ? TARGET : ACTUAL,
        spanGaps: true,
      };
      if (spec.type === "bar" && target) {
        // Targets as points over the bars.
        return Object.assign(common, { type: "line", showLine: false, pointRadius: 6, pointStyle: "rectRot" });
      }
      if (spec.type === "line") {
        return Object.assign(common, {
          borderDash: target ? [6, 4] : [],
          borderWidth: target ? 2 : 3,
          pointRadius: 4,
          pointStyle: target ? "rectRot" : "circle",
          fill: false,
          tension: 0,
        });
      }
      return common;
    });
  }

  function draw() {
    var source = document.getElementById("indicator-charts");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var specs = JSON.parse(source.textContent);
    var byId = {};
    specs.forEach(function (spec) {
      byId[spec.id] = spec;
    });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = byId[canvas.dataset.chart];
      if (!spec) {
        return;
      }
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasetsOf(spec) },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            y: {
              beginAtZero: true,
              ticks: {
                callback: function (value) {
                  return formatNumber(value, spec.unit);
                },
              },
            },
          },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: function (context) {
                  return context.dataset.label + ": " + formatNumber(context.parsed.y, spec.unit);
                },
              },
            },
          },
        },
      });
    });
  }

  function useColleaguesValue(event) {
    var button = event.target.closest("button[data-use-value]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.target);
    if (!field) {
      return;
    }
    field.value = button.dataset.useValue;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  function start() {
    draw();
    document.addEventListener("click", useColleaguesValue);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
