/**
 * The page's own script (runs in the browser, after uPlot): draws the findings-over-time chart
 * from the JSON block the server embedded, and shows the from/to fields only for a custom range.
 * Everything else on the page is server-rendered HTML, readable without script.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (form) {
    var since = form.elements.namedItem('since');
    var custom = document.getElementById('custom-range');
    var sync = function () { custom.hidden = since.value !== 'custom'; };
    since.addEventListener('change', sync);
    sync();
  }
  var holder = document.getElementById('timeline-chart');
  var dataEl = document.getElementById('lw-timeline');
  if (!holder || !dataEl || typeof uPlot === 'undefined') return;
  var d = JSON.parse(dataEl.textContent);
  if (d.t.length === 0) return;
  var hi = d.t.map(function (_, i) { return (d.bySeverity.critical[i] || 0) + (d.bySeverity.high[i] || 0); });
  var width = function () { return Math.max(320, holder.clientWidth); };
  var plot = new uPlot({
    width: width(),
    height: 260,
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    series: [
      { label: d.unit === 'day' ? 'day (UTC)' : 'hour (UTC)' },
      { label: 'findings', stroke: '#2f5d8a', fill: 'rgba(47, 93, 138, 0.35)', width: 1, paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } },
      { label: 'critical + high', stroke: '#b3261e', width: 2, points: { show: false } }
    ],
    axes: [{}, { label: 'findings' }]
  }, [d.t, d.total, hi], holder);
  window.addEventListener('resize', function () { plot.setSize({ width: width(), height: 260 }); });
})();
`;
