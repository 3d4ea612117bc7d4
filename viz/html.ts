// The standalone report page: d3 inlined (no network), the report's data as a JSON script, the server-rendered SVG,
// and a small script that binds each mark back to its datum (d3's __data__) and shows a tooltip on hover.
import { readFileSync } from 'node:fs';
import type { ReportData } from './report-data.js';

let d3Bundle: string | undefined;

/** d3's minified UMD bundle (its `exports` map hides dist/, so resolve the package and step beside it). */
export function d3Source(): string {
  d3Bundle ??= readFileSync(new URL('./d3.min.js', import.meta.resolve('d3')), 'utf8');
  return d3Bundle;
}

/** JSON safe inside a <script> element. */
export function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, '\\u003c');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

// Runs in the browser: bind marks to data, tooltips on hover.
const CLIENT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var tip = d3.select('#tip');
  function fmt(s) {
    if (s === null || s === undefined) return '\\u2013';
    if (s < 60) return (+s.toFixed(3)) + 's';
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = Math.round(s % 60);
    return h > 0 ? h + 'h' + m + 'm' + x + 's' : m + 'm' + x + 's';
  }
  var text = {
    bars: function (b) { return '<b>' + b.job + '</b><br>JobSet ' + b.jobSet + '<br>pool ' + b.pool + '<br>' + fmt(b.start) + ' \\u2192 ' + fmt(b.end) + ' (' + b.pods + ' pods)'; },
    markers: function (m) { return '<b>' + m.kind + '</b> at ' + fmt(m.t) + '<br>' + m.label + '<br>pool ' + m.pool; },
    lifecycles: function (l) { return '<b>' + l.name + '</b> ' + l.state + '<br>submitted ' + fmt(l.submittedAt) + '<br>admitted ' + fmt(l.admittedAt) + '<br>all running ' + fmt(l.runningAt) + '<br>finished ' + fmt(l.finishedAt) + '<br>restarts ' + l.restarts; },
    'cdf-queueWait': function (p) { return 'queue wait \\u2264 ' + fmt(p[0]) + ': ' + (p[1] * 100).toFixed(1) + '% of JobSets'; },
    'cdf-completionTime': function (p) { return 'completion \\u2264 ' + fmt(p[0]) + ': ' + (p[1] * 100).toFixed(1) + '% of JobSets'; },
    series: function (k) { return k.replace('|', ': '); }
  };
  var source = { bars: data.bars, markers: data.markers, lifecycles: data.lifecycles,
    'cdf-queueWait': data.cdfs.queueWait, 'cdf-completionTime': data.cdfs.completionTime };
  d3.selectAll('svg [data-kind]').each(function () {
    var kind = this.getAttribute('data-kind');
    var d = kind === 'series' ? this.getAttribute('data-key') : source[kind][+this.getAttribute('data-i')];
    d3.select(this).datum(d);
  });
  d3.selectAll('svg [data-kind]')
    .on('mouseover', function (ev, d) {
      d3.select(this).attr('opacity', 0.7);
      tip.style('display', 'block').html(text[this.getAttribute('data-kind')](d));
    })
    .on('mousemove', function (ev) { tip.style('left', (ev.pageX + 12) + 'px').style('top', (ev.pageY + 12) + 'px'); })
    .on('mouseout', function () { d3.select(this).attr('opacity', null); tip.style('display', 'none'); });

  // Zoom and pan on the node-pool timeline: d3.zoom rescales its x axis only; bars, labels and markers follow.
  var tl = d3.select('g.timeline');
  if (!tl.empty()) {
    var x0 = +tl.attr('data-x0'), x1 = +tl.attr('data-x1');
    var x = d3.scaleLinear().domain([0, +tl.attr('data-end')]).range([x0, x1]);
    var zoom = d3.zoom().scaleExtent([1, 100000])
      .extent([[x0, 0], [x1, 1]]).translateExtent([[x0, 0], [x1, 1]])
      .on('zoom', function (ev) {
        var zx = ev.transform.rescaleX(x);
        tl.selectAll('rect.bar')
          .attr('x', function (b) { return zx(b.start); })
          .attr('width', function (b) { return Math.max(1, zx(b.end) - zx(b.start)); });
        tl.selectAll('text.bar-label').each(function () {
          var b = data.bars[+this.getAttribute('data-i')];
          d3.select(this).attr('x', zx(b.start) + 4).attr('display', zx(b.end) - zx(b.start) > 40 ? null : 'none');
        });
        tl.selectAll('path.marker').attr('transform', function (m) { return 'translate(' + (zx(m.t) - x(m.t)) + ',0)'; });
        tl.select('g.timeline-axis').call(d3.axisBottom(zx).ticks(8).tickFormat(fmt));
      });
    tl.call(zoom);
  }
})();
`;

export function renderReportHtml(data: ReportData, svg: string): string {
  const t = escapeHtml(`jobset-sim report: ${data.title}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${t}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 0; padding: 8px; }
#tip { position: absolute; display: none; background: #fffff0; border: 1px solid #888; padding: 6px 8px;
  font-size: 12px; pointer-events: none; box-shadow: 2px 2px 4px rgba(0,0,0,.2); max-width: 420px; }
svg [data-kind] { cursor: pointer; }
.hint { font-size: 12px; color: #555; margin: 0 0 4px 20px; }
</style></head>
<body>
<div class="hint">Node pool timeline: scroll to zoom, drag to pan, double-click to zoom in (shift: out).</div>
${svg}
<div id="tip"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${d3Source()}</script>
<script>${CLIENT}</script>
</body></html>
`;
}
