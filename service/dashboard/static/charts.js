/* Draws the programme page's charts from the JSON block beside the tables.
   The tables stay on the page, so everything is readable without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#2f5d8a", "#2e6b3a", "#c27c0e", "#7a3d8a", "#a4262c"];

  var funnel = data.funnel;
  var funnelCanvas = document.getElementById("funnel-chart");
  if (funnelCanvas && funnel.days.length) {
    new Chart(funnelCanvas, {
      type: "bar",
      data: {
        labels: funnel.days.map(function (d) { return "Day " + d; }),
        datasets: [
          { label: "Sent", data: funnel.sent, backgroundColor: colours[0] },
          { label: "Delivered", data: funnel.delivered, backgroundColor: colours[1] },
          { label: "Replied", data: funnel.replied, backgroundColor: colours[2] }
        ]
      },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } }
    });
  } else if (funnelCanvas) { funnelCanvas.hidden = true; }

  var items = Object.keys(data.answers);
  var answersCanvas = document.getElementById("answers-chart");
  if (answersCanvas && items.length) {
    var days = [];
    items.forEach(function (item) {
      data.answers[item].days.forEach(function (d) { if (days.indexOf(d) < 0) { days.push(d); } });
    });
    days.sort(function (a, b) { return a - b; });
    var datasets = [];
    items.forEach(function (item, i) {
      var series = data.answers[item];
      var at = function (values) {
        return days.map(function (d) {
          var k = series.days.indexOf(d);
          return k < 0 ? null : values[k];
        });
      };
      var mean = at(series.mean), sd = at(series.sd);
      var colour = colours[i % colours.length];
      datasets.push({ label: item + " average", data: mean, borderColor: colour, backgroundColor: colour, spanGaps: true });
      datasets.push({
        label: item + " ± 1 SD", data: mean.map(function (m, k) { return m === null ? null : [m - sd[k], m + sd[k]]; }),
        type: "bar", backgroundColor: colour + "33", borderWidth: 0
      });
    });
    new Chart(answersCanvas, {
      type: "line",
      data: { labels: days.map(function (d) { return "Day " + d; }), datasets: datasets },
      options: { animation: false, responsive: true }
    });
  } else if (answersCanvas) { answersCanvas.hidden = true; }
}());
