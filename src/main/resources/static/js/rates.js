// The monthly trend of the three rates (Chart.js); data comes from data- attributes (the CSP forbids inline
// scripts). A month without cases is a gap, not a zero.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('trend');
  if (!el || !window.Chart) { return; }
  var split = function (s) { return s ? s.split(',').map(function (v) { return v === '' ? null : Number(v); }) : []; };
  var labels = el.dataset.labels.split(',');
  var canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', el.dataset.labels);
  el.appendChild(canvas);
  var colours = ['#0a58ca', '#146c43', '#b02a37'];
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: el.dataset.months.split(','),
      datasets: [0, 1, 2].map(function (i) {
        return { label: labels[i], data: split([el.dataset.response, el.dataset.resolution, el.dataset.satisfaction][i]),
          borderColor: colours[i], backgroundColor: colours[i], spanGaps: false };
      })
    },
    options: {
      maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
      plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + (ctx.parsed.y == null ? '—' : ctx.parsed.y + '%'); } } } },
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } } } }
    }
  });
});
