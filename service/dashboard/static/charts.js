/* Draws the programme page's charts from the JSON block beside the tables.
   The tables stay on the page, so everything is readable without JavaScript.
   Colours: Okabe and Ito's palette, safe for colour-blind readers; no colour is
   used twice in one chart (a ninth series would get a dashed line instead). */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
  var numbers = new Intl.NumberFormat();
  var narrow = window.matchMedia("(max-width: 40rem)").matches;
  var legend = {
    position: "bottom",
    labels: { boxWidth: 12, boxHeight: 12, font: { size: narrow ? 11 : 12 } }
  };
  var ticks = { callback: function (v) { return numbers.format(v); } };

  var funnel = data.funnel;
  var words = data.words || {};
  function dayWord(d) { return (words.day || "Day {n}").replace("{n}", d); }
  var funnelCanvas = document.getElementById("funnel-chart");
  if (funnelCanvas && funnel.days.length) {
    new Chart(funnelCanvas, {
      type: "bar",
      data: {
        labels: funnel.days.map(dayWord),
        datasets: [
          { label: words.sent || "Sent", data: funnel.sent, backgroundColor: colours[0] },
          { label: words.delivered || "Delivered", data: funnel.delivered, backgroundColor: colours[1] },
          { label: words.replied || "Replied (days with a check-in)", data: funnel.replied, backgroundColor: colours[2] }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: legend },
        scales: { y: { beginAtZero: true, ticks: ticks } }
      }
    });
  } else if (funnelCanvas) { funnelCanvas.parentNode.hidden = true; }

  (data.scales || []).forEach(function (group, g) {
    var canvas = document.getElementById("answers-chart-" + (g + 1));
    if (!canvas) { return; }
    var days = [];
    group.items.forEach(function (series) {
      series.days.forEach(function (d) { if (days.indexOf(d) < 0) { days.push(d); } });
    });
    days.sort(function (a, b) { return a - b; });
    var datasets = group.items.map(function (series, i) {
      var colour = colours[i % colours.length];
      return {
        label: series.label,
        data: days.map(function (d) {
          var k = series.days.indexOf(d);
          return k < 0 ? null : series.mean[k];
        }),
        borderColor: colour, backgroundColor: colour, spanGaps: true,
        borderDash: i >= colours.length ? [6, 4] : []
      };
    });
    var y = { ticks: ticks };
    if (group.high !== null) { y.min = group.low; y.max = group.high; }
    new Chart(canvas, {
      type: "line",
      data: { labels: days.map(dayWord), datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: legend }, scales: { y: y }
      }
    });
  });
}());
