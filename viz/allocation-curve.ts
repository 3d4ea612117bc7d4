// The FGD study's figure (README "FGD study"): GPU allocation rate against arrived GPU demand, one line per
// placement policy (the median over the sweep's seeds) with a band (min–max over seeds), and the ideal line
// allocated = arrived; plus the table of the allocation at 130% demand. Reads a sweep folder's runs.jsonl whose runs
// carry `study.curve["X"]` metrics (scenarios/fgd-openb.sweep.yaml). d3 on a linkedom document, PNG through resvg.
//   npx tsx viz/allocation-curve.ts SWEEP_DIR OUT.png [--table]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as d3 from 'd3';
import { parseHTML } from 'linkedom';
import { FONT } from './charts.js';
import { svgToPng } from './png.js';

/** The study's policies in the paper's reported order at 100–130% (spec/fgd.md §8), best first. */
export const PAPER_ORDER = ['fgd', 'best-fit', 'gpu-packing', 'gpu-clustering', 'dot-product', 'random'];

export interface PolicyCurves {
  policy: string;
  /** Per seed: allocated % by arrived % (X = 0..130). */
  seeds: { seed: number; curve: Map<number, number>; at130: number | null }[];
}

export interface BandPoint {
  x: number;
  median: number;
  min: number;
  max: number;
}

const CURVE_KEY = /^study\.curve\["(\d+)"\]$/;

/** Runs of a sweep's runs.jsonl grouped by arm, each arm named by its parameter values (the policy). */
export function curvesFromRuns(lines: string): PolicyCurves[] {
  const byArm = new Map<string, PolicyCurves>();
  for (const line of lines.split('\n')) {
    if (line.trim() === '') continue;
    const run = JSON.parse(line) as {
      params: Record<string, unknown>;
      seed: number;
      metrics?: Record<string, number | null>;
    };
    if (!run.metrics) continue;
    const curve = new Map<number, number>();
    for (const [k, v] of Object.entries(run.metrics)) {
      const m = CURVE_KEY.exec(k);
      if (m && typeof v === 'number') curve.set(Number(m[1]), v);
    }
    if (curve.size === 0) continue;
    const name = Object.values(run.params).map(String).join(', ') || 'base';
    let arm = byArm.get(name);
    if (!arm) byArm.set(name, (arm = { policy: name, seeds: [] }));
    arm.seeds.push({ seed: run.seed, curve, at130: run.metrics['study.allocationAt130'] ?? curve.get(130) ?? null });
  }
  const arms = [...byArm.values()];
  for (const a of arms) a.seeds.sort((p, q) => p.seed - q.seed);
  const rank = (p: string) => (PAPER_ORDER.includes(p) ? PAPER_ORDER.indexOf(p) : PAPER_ORDER.length);
  return arms.sort((a, b) => rank(a.policy) - rank(b.policy) || (a.policy < b.policy ? -1 : 1));
}

/** Median and min–max over the seeds at every X some seed has. */
export function band(c: PolicyCurves): BandPoint[] {
  const xs = [...new Set(c.seeds.flatMap((s) => [...s.curve.keys()]))].sort((a, b) => a - b);
  return xs.map((x) => {
    const v = c.seeds
      .map((s) => s.curve.get(x))
      .filter((y): y is number => y !== undefined)
      .sort((a, b) => a - b);
    return { x, median: d3.median(v)!, min: v[0]!, max: v[v.length - 1]! };
  });
}

/** Allocation at 130% per policy: mean, sample sd, min, max over the seeds. */
export function at130Table(curves: PolicyCurves[]): {
  policy: string;
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}[] {
  return curves.map((c) => {
    const v = c.seeds.map((s) => s.at130).filter((y): y is number => y !== null);
    return {
      policy: c.policy,
      n: v.length,
      mean: d3.mean(v) ?? Number.NaN,
      sd: v.length > 1 ? d3.deviation(v)! : 0,
      min: d3.min(v) ?? Number.NaN,
      max: d3.max(v) ?? Number.NaN,
    };
  });
}

const W = 1160;
const H = 620;
const M = { top: 60, right: 270, bottom: 60, left: 70 };

/** The SVG: x = arrived GPU demand (% of capacity, from `xFrom`), y = allocated GPU (% of capacity). */
export function renderAllocationSvg(curves: PolicyCurves[], opts: { xFrom?: number; title?: string } = {}): string {
  const xFrom = opts.xFrom ?? 70;
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = d3
    .select(document.body as unknown as HTMLElement)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', W)
    .attr('height', H)
    .attr('font-family', FONT)
    .attr('font-size', 12);
  svg.append('rect').attr('width', '100%').attr('height', '100%').attr('fill', 'white');
  const bands = curves.map((c) => band(c).filter((p) => p.x >= xFrom));
  const lo = Math.min(xFrom, ...bands.flatMap((b) => b.map((p) => p.min)));
  const x = d3
    .scaleLinear()
    .domain([xFrom, 130])
    .range([M.left, W - M.right]);
  const y = d3
    .scaleLinear()
    .domain([Math.floor(lo / 5) * 5, 100])
    .range([H - M.bottom, M.top]);
  svg
    .append('text')
    .attr('x', M.left)
    .attr('y', 30)
    .attr('font-size', 17)
    .attr('font-weight', 'bold')
    .text(opts.title ?? 'GPU allocation vs arrived demand: openb trace, 6 policies × seeds (median, min–max band)');
  svg
    .append('g')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(d3.axisBottom(x).ticks(12) as never);
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(d3.axisLeft(y).ticks(8) as never);
  svg
    .append('text')
    .attr('x', (M.left + W - M.right) / 2)
    .attr('y', H - 18)
    .attr('text-anchor', 'middle')
    .text('arrived GPU demand (% of the 6,212 GPUs)');
  svg
    .append('text')
    .attr('transform', `translate(20,${(M.top + H - M.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('allocated GPUs (% of capacity)');
  // ideal: every arrived GPU allocated, up to capacity
  svg
    .append('path')
    .attr('class', 'ideal')
    .attr('d', d3.line()(idealPath(x, y, xFrom)))
    .attr('fill', 'none')
    .attr('stroke', '#888')
    .attr('stroke-dasharray', '5,4');
  const color = d3.scaleOrdinal<string, string>(d3.schemeTableau10).domain(curves.map((c) => c.policy));
  curves.forEach((c, i) => {
    const b = bands[i]!;
    const g = svg.append('g').attr('class', 'policy').attr('data-policy', c.policy);
    g.append('path')
      .attr('class', 'band')
      .attr(
        'd',
        d3
          .area<BandPoint>()
          .x((p) => x(p.x))
          .y0((p) => y(p.min))
          .y1((p) => y(p.max))(b),
      )
      .attr('fill', color(c.policy))
      .attr('fill-opacity', 0.22)
      .attr('stroke', 'none');
    g.append('path')
      .attr('class', 'median')
      .attr(
        'd',
        d3
          .line<BandPoint>()
          .x((p) => x(p.x))
          .y((p) => y(p.median))(b),
      )
      .attr('fill', 'none')
      .attr('stroke', color(c.policy))
      .attr('stroke-width', 2);
  });
  // legend: policy, median at 130%
  const table = at130Table(curves);
  const lg = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${W - M.right + 20},${M.top})`);
  lg.append('text').attr('font-weight', 'bold').text('policy (median at 130%)');
  curves.forEach((c, i) => {
    const row = lg.append('g').attr('transform', `translate(0,${24 + i * 22})`);
    row.append('rect').attr('width', 18).attr('height', 4).attr('y', -6).attr('fill', color(c.policy));
    const at = band(c).find((p) => p.x === 130)?.median;
    row
      .append('text')
      .attr('x', 26)
      .text(`${c.policy} ${at === undefined ? '' : `${at.toFixed(2)}%`} (n=${table[i]!.n})`);
  });
  lg.append('line')
    .attr('x1', 0)
    .attr('x2', 18)
    .attr('y1', 24 + curves.length * 22 - 4)
    .attr('y2', 24 + curves.length * 22 - 4)
    .attr('stroke', '#888')
    .attr('stroke-dasharray', '5,4');
  lg.append('text')
    .attr('x', 26)
    .attr('y', 24 + curves.length * 22)
    .text('ideal (allocated = arrived)');
  return svg.node()!.outerHTML;
}

/** y = x up to 100%, then flat. */
function idealPath(
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLinear<number, number>,
  xFrom: number,
): [number, number][] {
  const y0 = y.domain()[0]!;
  const start = Math.max(xFrom, y0);
  return [
    [x(start), y(start)],
    [x(100), y(100)],
    [x(130), y(100)],
  ];
}

/** The README table: allocation at 130% per policy (mean ± sd, min–max over seeds) beside the paper's order. */
export function at130Markdown(curves: PolicyCurves[]): string {
  const rows = at130Table(curves);
  const byMean = [...rows].sort((a, b) => b.mean - a.mean).map((r) => r.policy);
  const out = [
    '| policy | allocated at 130% (mean ± sd) | min–max | seeds | rank here | rank in the paper |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const paper = PAPER_ORDER.indexOf(r.policy);
    out.push(
      `| ${r.policy} | ${r.mean.toFixed(2)}% ± ${r.sd.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)}% | ${r.n} | ${byMean.indexOf(r.policy) + 1} | ${paper < 0 ? '-' : paper + 1} |`,
    );
  }
  return out.join('\n');
}

function main(argv: string[]): void {
  const [dir, out] = argv;
  if (!dir || !out) {
    process.stderr.write('usage: tsx viz/allocation-curve.ts SWEEP_DIR OUT.png [--table]\n');
    process.exit(1);
  }
  const curves = curvesFromRuns(readFileSync(join(dir, 'runs.jsonl'), 'utf8'));
  if (curves.length === 0) {
    process.stderr.write(`${dir}/runs.jsonl: no run carries study.curve metrics (an FgdStudy sweep keeps them)\n`);
    process.exit(1);
  }
  const svg = renderAllocationSvg(curves);
  writeFileSync(out, out.endsWith('.svg') ? svg : svgToPng(svg, 1650));
  process.stdout.write(`${out}: ${curves.length} policies, ${curves.reduce((s, c) => s + c.seeds.length, 0)} runs\n`);
  if (argv.includes('--table')) process.stdout.write(`${at130Markdown(curves)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
