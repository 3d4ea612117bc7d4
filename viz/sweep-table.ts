// The sweep report's per-arm table (one row per arm × metric: mean, sd, 95% CI, p50, p90, n; the arm's parameters,
// runs and failed runs on its first row) and the failed runs with their errors. Arm rows carry data-kind="arms" so
// the page binds them to the arm's summary.
import { fitText, type G, title } from './charts.js';
import { SWEEP_REPORT_LIMITS, type SweepReportData } from './sweep-data.js';
import { shortPath } from './sweep-metric-charts.js';

const ROW = 16;

/** A number for the table: 6 significant digits, no exponent below 1e15. */
export function fmtNum(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export function renderArmTable(root: G, data: SweepReportData, width: number, y: number): number {
  const g = root.append('g').attr('class', 'chart sweep-table');
  const arms = data.arms.slice(0, SWEEP_REPORT_LIMITS.tableArms);
  y += 28;
  title(
    g,
    `Per arm (${data.seeds.length} seeds each)${arms.length < data.arms.length ? `: first ${arms.length} of ${data.arms.length} arms, all in summary.json` : ''}`,
    y,
  );
  y += 22;
  const params = data.parameters.map((p) => p.path);
  const pw = params.length ? Math.min(160, 330 / params.length) : 0;
  const heads: [string, number][] = [['arm', 20]];
  params.forEach((p, i) => {
    heads.push([fitText(shortPath(p), pw - 6), 60 + i * pw]);
  });
  const mx = 60 + params.length * pw;
  const cols: [string, number][] = [
    ['runs', mx],
    ['failed', mx + 45],
    ['metric', mx + 100],
    ['n', mx + 300],
    ['mean', mx + 330],
    ['sd', mx + 420],
    ['95% CI', mx + 500],
    ['p50', mx + 660],
    ['p90', mx + 740],
  ];
  for (const [h, x] of [...heads, ...cols]) {
    g.append('text').attr('x', x).attr('y', y).attr('font-weight', 'bold').text(h);
  }
  y += 4;
  for (const a of arms) {
    const metrics = data.metrics.length ? data.metrics : [''];
    const row = g.append('g').attr('class', 'arm-row').attr('data-kind', 'arms').attr('data-arm', a.arm);
    row
      .append('rect')
      .attr('x', 16)
      .attr('y', y + 3)
      .attr('width', width - 32)
      .attr('height', metrics.length * ROW)
      .attr('fill', a.arm % 2 ? '#f6f6f6' : 'white');
    metrics.forEach((m, k) => {
      const ty = y + (k + 1) * ROW;
      const t = (x: number, s: string, fill = 'black') =>
        row.append('text').attr('x', x).attr('y', ty).attr('fill', fill).text(s);
      if (k === 0) {
        t(20, String(a.arm));
        params.forEach((p, i) => {
          t(60 + i * pw, fitText(a.params[p] === undefined ? '(unset)' : JSON.stringify(a.params[p]), pw - 6));
        });
        t(mx, String(a.runs));
        t(mx + 45, String(a.failed), a.failed ? '#b00' : 'black');
      }
      const s = a.metrics[m];
      t(mx + 100, fitText(m, 195));
      if (!s) return;
      t(mx + 300, String(s.n));
      t(mx + 330, fmtNum(s.mean));
      t(mx + 420, fmtNum(s.sd));
      t(mx + 500, s.ci95 ? `[${fmtNum(s.ci95[0])}, ${fmtNum(s.ci95[1])}]` : '–');
      t(mx + 660, fmtNum(s.p50));
      t(mx + 740, fmtNum(s.p90));
    });
    y += metrics.length * ROW + 2;
  }
  const notes: string[] = [];
  if (data.fixed.length)
    notes.push(`same in every arm: ${data.fixed.map((f) => `${f.path}=${JSON.stringify(f.value)}`).join(', ')}`);
  for (const l of data.linked) notes.push(`${l.path} follows ${data.search?.parameter ?? ''} × ${l.times}`);
  for (const n of notes) {
    y += ROW;
    g.append('text')
      .attr('x', 20)
      .attr('y', y)
      .attr('fill', '#555')
      .text(fitText(n, width - 40));
  }
  return y + 10;
}

export function renderFailures(root: G, data: SweepReportData, width: number, y: number): number {
  if (!data.failedTotal) return y;
  const g = root.append('g').attr('class', 'chart sweep-failures');
  y += 28;
  title(
    g,
    `Failed runs: ${data.failedTotal}${data.failed.length < data.failedTotal ? ` (first ${data.failed.length}; all in summary.json)` : ''}`,
    y,
  );
  data.failed.forEach((f, i) => {
    y += ROW + 2;
    g.append('text')
      .attr('class', 'failed-run')
      .attr('data-kind', 'failed')
      .attr('data-i', i)
      .attr('x', 20)
      .attr('y', y)
      .attr('fill', '#b00')
      .text(
        fitText(
          `run ${f.run} (arm ${f.arm}, seed ${f.seed}) ${f.error?.type ?? ''}: ${(f.error?.message ?? '').split('\n')[0]}`,
          width - 40,
        ),
      );
  });
  return y + 10;
}
