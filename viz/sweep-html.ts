// The standalone sweep report page: d3 inlined, the report's data (summary.json's numbers) as a JSON script, the
// server-rendered SVG, and a script binding each mark to its arm's summary (d3's __data__) with hover details.
import { d3Source, escapeHtml, scriptJson } from './html.js';
import type { SweepReportData } from './sweep-data.js';

// Runs in the browser.
const CLIENT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var tip = d3.select('#tip');
  var byArm = {};
  data.arms.forEach(function (a) { byArm[a.arm] = a; });
  function n(x) { return x === null || x === undefined ? '\\u2013' : String(+(+x).toPrecision(6)); }
  function params(p) {
    var k = Object.keys(p);
    return k.length ? k.map(function (x) { return x + ' = ' + JSON.stringify(p[x]); }).join('<br>') : '(base scenario)';
  }
  function stat(m, s) {
    if (!s) return m + ': no value';
    return '<b>' + m + '</b>: mean ' + n(s.mean) + ' (n ' + s.n + ')<br>95% CI ' +
      (s.ci95 ? '[' + n(s.ci95[0]) + ', ' + n(s.ci95[1]) + ']' : '\\u2013') + ', sd ' + n(s.sd) +
      '<br>p50 ' + n(s.p50) + ', p90 ' + n(s.p90) + ', min ' + n(s.min) + ', max ' + n(s.max);
  }
  var text = {
    points: function (d) { return 'arm ' + d.arm.arm + '<br>' + params(d.arm.params) + '<br>' + stat(d.metric, d.s) + (d.arm.failed ? '<br>' + d.arm.failed + ' failed run(s)' : ''); },
    ci: function (d) { return text.points(d); },
    band: function (d) { return '<b>' + d.metric + '</b> 95% CI band over arms ' + d.arms.map(function (a) { return a.arm; }).join(', '); },
    arms: function (a) { return 'arm ' + a.arm + '<br>' + params(a.params) + '<br>' + a.runs + ' runs, ' + a.failed + ' failed'; },
    probes: function (p) { return 'value ' + p.value + ' (arm ' + p.arm + ')<br>bound ' + n(p.bound) + ', mean ' + n(p.mean) + ', sd ' + n(p.sd) + ', n ' + p.n + ', failed ' + p.failed + '<br>' + (p.meets ? 'meets the target' : 'does not meet the target'); },
    failed: function (f) { return 'run ' + f.run + ' (arm ' + f.arm + ', seed ' + f.seed + ')<br>' + (f.error ? f.error.type + ': ' + f.error.message : ''); }
  };
  d3.selectAll('svg [data-kind]').each(function () {
    var kind = this.getAttribute('data-kind'), d;
    var arm = byArm[this.getAttribute('data-arm')], metric = this.getAttribute('data-metric');
    if (kind === 'points' || kind === 'ci') d = { arm: arm, metric: metric, s: arm.metrics[metric] };
    else if (kind === 'band') d = { metric: metric, arms: this.getAttribute('data-arms').split(',').map(function (i) { return byArm[i]; }) };
    else if (kind === 'arms') d = arm;
    else if (kind === 'probes') d = data.search.steps[+this.getAttribute('data-i')];
    else if (kind === 'failed') d = data.failed[+this.getAttribute('data-i')];
    d3.select(this).datum(d);
  });
  d3.selectAll('svg [data-kind]')
    .on('mouseover', function (ev, d) {
      d3.select(this).attr('opacity', 0.7);
      tip.style('display', 'block').html(text[this.getAttribute('data-kind')](d));
    })
    .on('mousemove', function (ev) { tip.style('left', (ev.pageX + 12) + 'px').style('top', (ev.pageY + 12) + 'px'); })
    .on('mouseout', function () { d3.select(this).attr('opacity', null); tip.style('display', 'none'); });
})();
`;

export function renderSweepHtml(data: SweepReportData, svg: string): string {
  const t = escapeHtml(`jobset-sim sweep report: ${data.title}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${t}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 0; padding: 8px; }
#tip { position: absolute; display: none; background: #fffff0; border: 1px solid #888; padding: 6px 8px;
  font-size: 12px; pointer-events: none; box-shadow: 2px 2px 4px rgba(0,0,0,.2); max-width: 520px; }
svg [data-kind] { cursor: pointer; }
</style></head>
<body>
${svg}
<div id="tip"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${d3Source()}</script>
<script>${CLIENT}</script>
</body></html>
`;
}
