// What changed between two sweeps: per arm present in both (matched by parameter values) and metric, A's and B's
// mean over seeds, the delta, and whether it is significant by Welch's unequal-variances t-test at 5% (from each
// side's mean, sd and n in summary.json; p from jstat's Student t CDF).
import jstat from 'jstat';
import { escapeHtml } from './html.js';
import { type ArmSummary, type MetricSummary, paramsLabel, type SweepSummary } from './sweep-data.js';

export const SIGNIFICANCE = 0.05;

export interface Welch {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's t-test of B's mean against A's: t = (mB − mA) / √(sA²/nA + sB²/nB), Welch–Satterthwaite degrees of
 * freedom, two-sided p = 2·P(T ≤ −|t|). Null below 2 values on a side. Both sides without spread (sd 0, as runs that
 * draw nothing random give): equal means have no p (null), different means are certainly different (p 0, t ±∞).
 */
export function welchTest(a: MetricSummary, b: MetricSummary): Welch | null {
  if (a.n < 2 || b.n < 2 || a.mean === null || b.mean === null || a.sd === null || b.sd === null) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const diff = b.mean - a.mean;
  if (va + vb === 0) {
    if (diff === 0) return null;
    return { t: diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, df: a.n + b.n - 2, p: 0 };
  }
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { t, df, p: Math.min(1, 2 * jstat.jStat.studentt.cdf(-Math.abs(t), df)) };
}

export interface SweepMetricDelta {
  /** The arm's parameters, `path=value, …`. */
  params: string;
  armA: number;
  armB: number;
  metric: string;
  a: number | null;
  b: number | null;
  nA: number;
  nB: number;
  delta: number | null;
  relative: number | null;
  /** Welch's two-sided p-value; null when a side has fewer than 2 values (or neither has spread and the means agree). */
  p: number | null;
  /** p < 0.05; null when there is no p. */
  significant: boolean | null;
}

export interface SweepComparison {
  rows: SweepMetricDelta[];
  onlyA: string[];
  onlyB: string[];
}

/** Parameters as a key independent of their order. */
function paramsKey(p: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(p)
      .sort()
      .map((k) => [k, p[k]]),
  );
}

const EMPTY: MetricSummary = {
  n: 0,
  mean: null,
  sd: null,
  ci95: null,
  min: null,
  p50: null,
  p90: null,
  p95: null,
  max: null,
};

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function compareSweeps(a: SweepSummary, b: SweepSummary): SweepComparison {
  const bByKey = new Map<string, ArmSummary>(b.arms.map((x) => [paramsKey(x.params), x]));
  const aKeys = new Set(a.arms.map((x) => paramsKey(x.params)));
  const rows: SweepMetricDelta[] = [];
  const onlyA: string[] = [];
  for (const armA of a.arms) {
    const armB = bByKey.get(paramsKey(armA.params));
    if (!armB) {
      onlyA.push(paramsLabel(armA.params));
      continue;
    }
    const metrics = [...Object.keys(armA.metrics)];
    for (const m of Object.keys(armB.metrics)) if (!metrics.includes(m)) metrics.push(m);
    for (const metric of metrics) {
      const sa = armA.metrics[metric] ?? EMPTY;
      const sb = armB.metrics[metric] ?? EMPTY;
      const delta = sa.mean !== null && sb.mean !== null ? round(sb.mean - sa.mean) : null;
      const w = welchTest(sa, sb);
      rows.push({
        params: paramsLabel(armA.params),
        armA: armA.arm,
        armB: armB.arm,
        metric,
        a: sa.mean,
        b: sb.mean,
        nA: sa.n,
        nB: sb.n,
        delta,
        relative: delta !== null && sa.mean ? delta / Math.abs(sa.mean) : null,
        p: w ? w.p : null,
        significant: w ? w.p < SIGNIFICANCE : null,
      });
    }
  }
  const onlyB = b.arms.filter((x) => !aKeys.has(paramsKey(x.params))).map((x) => paramsLabel(x.params));
  return { rows, onlyA, onlyB };
}

function num(x: number | null): string {
  return x === null ? '–' : String(round(x));
}

function signed(x: number | null): string {
  if (x === null) return '–';
  return x > 0 ? `+${round(x)}` : String(round(x));
}

function pct(x: number | null): string {
  if (x === null) return '';
  return `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

export function fmtP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(4);
}

function sig(r: SweepMetricDelta): string {
  if (r.significant === null) return r.nA < 2 || r.nB < 2 ? 'n/a (< 2 runs)' : 'n/a (no spread)';
  return r.significant ? 'yes' : 'no';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Terminal tables, one per common arm; `all` false leaves out the metrics whose mean did not move. */
export function sweepCompareText(labelA: string, labelB: string, c: SweepComparison, all = false): string {
  let out = `A: ${labelA} (sweep)\nB: ${labelB} (sweep)\nWelch's t-test per arm and metric, significant when p < ${SIGNIFICANCE}\n`;
  const arms = [...new Set(c.rows.map((r) => r.params))];
  let hidden = 0;
  for (const params of arms) {
    const mine = c.rows.filter((r) => r.params === params);
    const shown = all ? mine : mine.filter((r) => r.delta !== 0);
    hidden += mine.length - shown.length;
    out += `\narm ${params} (A arm ${mine[0]!.armA}, B arm ${mine[0]!.armB})\n`;
    if (!shown.length) {
      out += '  (no metric changed)\n';
      continue;
    }
    out += `${table([
      ['  METRIC', 'A MEAN', 'B MEAN', 'DELTA', '%', 'N A/B', 'P', 'SIGNIFICANT'],
      ...shown.map((r) => [
        `  ${r.metric}`,
        num(r.a),
        num(r.b),
        signed(r.delta),
        pct(r.relative),
        `${r.nA}/${r.nB}`,
        fmtP(r.p),
        sig(r),
      ]),
    ])}\n`;
  }
  if (!arms.length) out += '\nno arm has the same parameters in both sweeps\n';
  if (c.onlyA.length) out += `\narms only in A: ${c.onlyA.join('; ')}\n`;
  if (c.onlyB.length) out += `\narms only in B: ${c.onlyB.join('; ')}\n`;
  if (hidden) out += `\n(${hidden} unchanged metric(s); --all shows them)\n`;
  return out;
}

export function sweepCompareHtml(labelA: string, labelB: string, c: SweepComparison): string {
  const body = c.rows
    .map((r) => {
      const cls = r.significant ? 'sig' : 'same';
      return `<tr class="${cls}"><td>${escapeHtml(r.params)}</td><td>${escapeHtml(r.metric)}</td><td>${num(r.a)}</td><td>${num(r.b)}</td><td>${signed(r.delta)}</td><td>${pct(r.relative)}</td><td>${r.nA}/${r.nB}</td><td>${fmtP(r.p)}</td><td>${sig(r)}</td></tr>`;
    })
    .join('\n');
  const only = (label: string, xs: string[]) =>
    xs.length ? `<p>arms only in ${label}: ${xs.map(escapeHtml).join('; ')}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jobset-sim compare (sweeps)</title>
<style>body{font-family:'DejaVu Sans',sans-serif;margin:16px}table{border-collapse:collapse}
td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:right}td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
tr.sig td{font-weight:bold}tr.sig td:last-child{color:#b00}tr.same{color:#555}</style></head>
<body><h1>jobset-sim compare (sweeps)</h1><p>A: ${escapeHtml(labelA)}<br>B: ${escapeHtml(labelB)}</p>
<p>Per arm present in both sweeps (same parameter values) and metric: the means over seeds, the delta, and Welch's
t-test (two-sided p; significant when p &lt; ${SIGNIFICANCE}; n/a with fewer than 2 runs on a side).</p>
<table><thead><tr><th>arm</th><th>metric</th><th>A mean</th><th>B mean</th><th>delta</th><th>%</th><th>n A/B</th><th>p</th><th>significant</th></tr></thead><tbody>
${body}
</tbody></table>${only('A', c.onlyA)}${only('B', c.onlyB)}</body></html>
`;
}
