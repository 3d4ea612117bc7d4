// What changed between two runs: every numeric metric of result.json (flattened to dotted paths) with its delta.
import type { Result } from '../src/metrics/result.js';

export interface MetricDelta {
  metric: string;
  a: number | null;
  b: number | null;
  delta: number | null;
  /** delta ÷ |a|, null when a is 0 or missing. */
  relative: number | null;
}

/** Numeric leaves of `x` as dotted paths, in key order (distribution fields keep their order: mean, p50, …). */
export function flattenNumbers(x: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof x === 'number' && Number.isFinite(x)) out.set(prefix, x);
  else if (x && typeof x === 'object' && !Array.isArray(x)) {
    for (const [k, v] of Object.entries(x)) flattenNumbers(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

export function compareResults(a: Result, b: Result): MetricDelta[] {
  const fa = flattenNumbers({ end: a.end, ...a.metrics });
  const fb = flattenNumbers({ end: b.end, ...b.metrics });
  const keys = [...fa.keys(), ...[...fb.keys()].filter((k) => !fa.has(k))];
  return keys.map((metric) => {
    const va = fa.get(metric) ?? null;
    const vb = fb.get(metric) ?? null;
    const delta = va !== null && vb !== null ? round(vb - va) : null;
    const relative = delta !== null && va !== null && va !== 0 ? delta / Math.abs(va) : null;
    return { metric, a: va, b: vb, delta, relative };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
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

/** A terminal table; `all` false keeps only the metrics that changed. */
export function compareText(labelA: string, labelB: string, rows: MetricDelta[], all = false): string {
  const shown = all ? rows : rows.filter((r) => r.delta !== 0);
  const table = [
    ['METRIC', 'A', 'B', 'DELTA', '%'],
    ...shown.map((r) => [r.metric, num(r.a), num(r.b), signed(r.delta), pct(r.relative)]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const same = rows.length - shown.length;
  return `A: ${labelA}\nB: ${labelB}\n\n${lines.join('\n')}\n${!all && same ? `\n(${same} metric(s) unchanged; --all shows them)\n` : ''}`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function compareHtml(labelA: string, labelB: string, rows: MetricDelta[]): string {
  const body = rows
    .map((r) => {
      const cls = r.delta === null || r.delta === 0 ? 'same' : r.delta > 0 ? 'up' : 'down';
      return `<tr class="${cls}"><td>${esc(r.metric)}</td><td>${num(r.a)}</td><td>${num(r.b)}</td><td>${signed(r.delta)}</td><td>${pct(r.relative)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jobset-sim compare</title>
<style>body{font-family:'DejaVu Sans',sans-serif;margin:16px}table{border-collapse:collapse}
td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
tr.up td:nth-child(4){color:#b00}tr.down td:nth-child(4){color:#070}tr.same{color:#999}</style></head>
<body><h1>jobset-sim compare</h1><p>A: ${esc(labelA)}<br>B: ${esc(labelB)}</p>
<table><thead><tr><th>metric</th><th>A</th><th>B</th><th>delta</th><th>%</th></tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
