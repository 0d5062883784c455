// Dashboard charts: the twelve-month trend of the three rates and the children's received and overdue cases.
// The data sits in data- attributes (the CSP forbids inline scripts); the big screen swaps its content every
// minute with htmx, so the charts are drawn again after each swap.
(function () {
  var nums = function (s) { return s ? s.split(',').map(function (v) { return v === '' ? null : Number(v); }) : []; };
  function draw() {
    if (!window.echarts) { return; }
    var trend = document.getElementById('dash-trend');
    if (trend && !trend.dataset.drawn) {
      trend.dataset.drawn = '1';
      var labels = trend.dataset.labels.split(',');
      var dark = trend.dataset.dark === 'true';
      var chart = echarts.init(trend, dark ? 'dark' : null);
      chart.setOption({
        backgroundColor: 'transparent',
        tooltip: { trigger: 'axis' },
        legend: { data: labels, top: 0 },
        grid: { left: 40, right: 40, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: trend.dataset.months.split(',') },
        yAxis: [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }, { type: 'value', minInterval: 1 }],
        series: [
          { name: labels[0], type: 'line', data: nums(trend.dataset.response) },
          { name: labels[1], type: 'line', data: nums(trend.dataset.resolution) },
          { name: labels[2], type: 'line', data: nums(trend.dataset.satisfaction) },
          { name: labels[3], type: 'bar', yAxisIndex: 1, data: nums(trend.dataset.received), itemStyle: { opacity: 0.35 } }
        ]
      });
      window.addEventListener('resize', function () { chart.resize(); });
    }
    var children = document.getElementById('dash-children');
    if (children && !children.dataset.drawn) {
      children.dataset.drawn = '1';
      var l = children.dataset.labels.split(',');
      var c = echarts.init(children, children.dataset.dark === 'true' ? 'dark' : null);
      c.setOption({
        backgroundColor: 'transparent',
        tooltip: { trigger: 'axis' },
        legend: { data: l, top: 0 },
        grid: { left: 40, right: 10, top: 40, bottom: 60 },
        xAxis: { type: 'category', data: children.dataset.names.split(','), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: l[0], type: 'bar', data: nums(children.dataset.received) },
          { name: l[1], type: 'bar', data: nums(children.dataset.overdue) }
        ]
      });
      window.addEventListener('resize', function () { c.resize(); });
    }
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSwap', draw);
})();
