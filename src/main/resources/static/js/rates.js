// The monthly trend of the three rates; data comes from data- attributes (the CSP forbids inline scripts).
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('trend');
  if (!el || !window.echarts) { return; }
  var split = function (s) { return s ? s.split(',').map(function (v) { return v === '' ? null : Number(v); }) : []; };
  var labels = el.dataset.labels.split(',');
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + '%'; } },
    legend: { data: labels, top: 0 },
    grid: { left: 40, right: 10, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: el.dataset.months.split(',') },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels[0], type: 'line', data: split(el.dataset.response), connectNulls: false },
      { name: labels[1], type: 'line', data: split(el.dataset.resolution), connectNulls: false },
      { name: labels[2], type: 'line', data: split(el.dataset.satisfaction), connectNulls: false }
    ]
  });
  window.addEventListener('resize', function () { chart.resize(); });
});
