/* The dashboard's charts (Chart.js). The figures come from the JSON script
 * #dashboard-charts-data; each chart has a table with the same figures under it. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-charts-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Colours told apart by people with the common colour-vision deficiencies, and by lightness.
  var BLUE = "#0a58ca";
  var YELLOW = "#ffdd00";
  var GREEN = "#146c43";
  var RED = "#b02a37";
  var GREY = "#adb5bd";
  var DARK = "#1d1d1b";

  function datasets(chart, colours) {
    return chart.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colours[index % colours.length],
        borderColor: DARK,
        borderWidth: 1,
      };
    });
  }

  function shorten(text) {
    return text.length > 45 ? text.slice(0, 44) + "…" : text;
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false },
      config.options || {}
    );
    if (reduceMotion) {
      config.options.animation = false;
    }
    new Chart(canvas, config);
  }

  var integers = { beginAtZero: true, ticks: { precision: 0 } };

  draw("chart-applications", {
    type: "bar",
    data: {
      labels: data.applications.labels,
      datasets: datasets(data.applications, [BLUE]),
    },
    options: { plugins: { legend: { display: false } }, scales: { y: integers } },
  });

  draw("chart-coordinations", {
    type: "bar",
    data: {
      labels: data.coordinations.labels,
      datasets: datasets(data.coordinations, [BLUE, YELLOW]),
    },
    options: {
      scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, integers) },
    },
  });

  draw("chart-follow-up", {
    type: "bar",
    data: {
      labels: data.followUp.labels.map(shorten),
      datasets: datasets(data.followUp, [GREEN, BLUE, RED, GREY]),
    },
    options: {
      indexAxis: "y",
      scales: { x: Object.assign({ stacked: true }, integers), y: { stacked: true } },
    },
  });
})();
