// Dashboard charts (Chart.js): the twelve-month trend of the three rates with the cases received, and the
// children's received and overdue cases. The data sits in data- attributes (the CSP forbids inline scripts); the big
// screen swaps its content every minute with htmx, so the charts are drawn again after each swap.
(function () {
  var nums = function (s) { return s ? s.split(',').map(function (v) { return v === '' ? null : Number(v); }) : []; };
  var COLOURS = ['#0a58ca', '#146c43', '#b02a37', '#946200'];
  function canvasIn(box) {
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', box.getAttribute('aria-label') || box.dataset.labels || '');
    box.appendChild(canvas);
    return canvas;
  }
  function colours(dark) {
    return { text: dark ? '#e6e9ef' : '#212529', grid: dark ? 'rgba(255,255,255,.15)' : 'rgba(0,0,0,.1)' };
  }
  function draw() {
    if (!window.Chart) { return; }
    // the big screen is read from across the room
    var screen = document.querySelector('[data-dark="true"]');
    Chart.defaults.font.size = screen ? 18 : 12;
    var trend = document.getElementById('dash-trend');
    if (trend && !trend.dataset.drawn) {
      trend.dataset.drawn = '1';
      var labels = trend.dataset.labels.split(',');
      var c = colours(trend.dataset.dark === 'true');
      new Chart(canvasIn(trend), {
        data: {
          labels: trend.dataset.months.split(','),
          datasets: [
            { type: 'line', label: labels[0], data: nums(trend.dataset.response), borderColor: COLOURS[0], backgroundColor: COLOURS[0], yAxisID: 'rate', spanGaps: false },
            { type: 'line', label: labels[1], data: nums(trend.dataset.resolution), borderColor: COLOURS[1], backgroundColor: COLOURS[1], yAxisID: 'rate', spanGaps: false },
            { type: 'line', label: labels[2], data: nums(trend.dataset.satisfaction), borderColor: COLOURS[2], backgroundColor: COLOURS[2], yAxisID: 'rate', spanGaps: false },
            { type: 'bar', label: labels[3], data: nums(trend.dataset.received), backgroundColor: 'rgba(148,98,0,.35)', yAxisID: 'cases' }
          ]
        },
        options: {
          maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
          plugins: { legend: { labels: { color: c.text } } },
          scales: {
            x: { ticks: { color: c.text }, grid: { color: c.grid } },
            rate: { position: 'left', min: 0, max: 100, ticks: { color: c.text, callback: function (v) { return v + '%'; } }, grid: { color: c.grid } },
            cases: { position: 'right', min: 0, ticks: { color: c.text, precision: 0 }, grid: { drawOnChartArea: false } }
          }
        }
      });
    }
    var children = document.getElementById('dash-children');
    if (children && !children.dataset.drawn) {
      children.dataset.drawn = '1';
      var l = children.dataset.labels.split(',');
      var k = colours(children.dataset.dark === 'true');
      new Chart(canvasIn(children), {
        type: 'bar',
        data: {
          labels: children.dataset.names.split(','),
          datasets: [
            { label: l[0], data: nums(children.dataset.received), backgroundColor: COLOURS[0] },
            { label: l[1], data: nums(children.dataset.overdue), backgroundColor: COLOURS[2] }
          ]
        },
        options: {
          maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
          plugins: { legend: { labels: { color: k.text } } },
          scales: {
            x: { ticks: { color: k.text, maxRotation: 30 }, grid: { color: k.grid } },
            y: { min: 0, ticks: { color: k.text, precision: 0 }, grid: { color: k.grid } }
          }
        }
      });
    }
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSwap', draw);
})();
