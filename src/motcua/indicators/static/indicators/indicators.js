/* Indicators pages, progressive enhancement only: the page works and shows every number
 * without this file. It (1) shows only the period fields that match the chosen kind and
 * (2) draws the charts from the JSON the page embeds (the same numbers as its tables). */
(function () {
  "use strict";

  function togglePeriodFields(form) {
    var kind = form.querySelector("select[name=loai]");
    if (!kind) return;
    function update() {
      form.querySelectorAll("[data-kind]").forEach(function (field) {
        var kinds = field.getAttribute("data-kind").split(" ");
        field.hidden = kinds.indexOf(kind.value) === -1;
      });
    }
    kind.addEventListener("change", update);
    update();
  }

  var COLOURS = ["#0b4a8b", "#1b6e3a", "#c77700", "#7b3fa0"];
  var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function lineConfig(data) {
    var datasets = data.series.map(function (s, i) {
      return {
        label: s.label, data: s.data, borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length], tension: 0.2, spanGaps: true,
        borderWidth: 2, pointRadius: 3
      };
    });
    if (data.target) {
      datasets.push({
        label: data.target.label, data: data.labels.map(function () { return data.target.value; }),
        borderColor: "#b3261e", borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false
      });
    }
    return { type: "line", data: { labels: data.labels, datasets: datasets },
             options: baseOptions(data, "y") };
  }

  // Long unit names become several lines (Chart.js draws an array label line by line),
  // so a phone does not cut "Phòng Kinh tế, Hạ tầng và Đô thị" at the canvas edge.
  function wrap(label, width) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function wrapAll(labels, chartWidth) {
    var width = chartWidth < 500 ? 14 : 30;
    return labels.map(function (label) { return wrap(label, width); });
  }

  function barConfig(data, figure) {
    var datasets = data.series.map(function (s, i) {
      return { label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length] };
    });
    var options = baseOptions(data, "x");
    options.indexAxis = "y";
    // Re-wrapped whenever the chart changes width (a phone turned, a window resized).
    options.onResize = function (chart, size) {
      chart.data.labels = wrapAll(data.labels, size.width);
      chart.update("none");
    };
    var labels = wrapAll(data.labels, figure.clientWidth);
    return { type: "bar", data: { labels: labels, datasets: datasets }, options: options };
  }

  function baseOptions(data, valueAxis) {
    var scales = {};
    scales[valueAxis] = { min: 0, max: data.max || undefined,
                          ticks: { callback: function (v) { return number.format(v); } } };
    return {
      responsive: true, maintainAspectRatio: false, locale: "vi-VN", animation: false,
      scales: scales,
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: function (ctx) {
          var v = valueAxis === "y" ? ctx.parsed.y : ctx.parsed.x;
          return ctx.dataset.label + ": " + (v === null ? "chưa có dữ liệu" : number.format(v));
        } } }
      }
    };
  }

  function drawCharts() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("figure.chart[data-chart]").forEach(function (figure) {
      var source = document.getElementById(figure.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var box = document.createElement("div");
      box.className = "canvas-box";
      var canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", figure.getAttribute("data-label") || "");
      box.appendChild(canvas);
      figure.insertBefore(box, figure.firstChild);
      figure.classList.add("ready"); // shown first, so that it has a width to draw in
      new window.Chart(canvas, data.kind === "bar" ? barConfig(data, figure) : lineConfig(data));
    });
  }

  function start() {
    document.documentElement.classList.add("js");
    document.querySelectorAll("form[data-period-form]").forEach(togglePeriodFields);
    drawCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
