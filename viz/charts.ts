// The run report's SVG, rendered server-side with d3 on a linkedom document: one SVG holding every chart, so the
// same markup is embedded in the HTML and rasterised to PNG. Marks carry `data-kind`/`data-i` pointing into the
// report's data, so the page's script binds them back to their data (tooltips) without re-rendering.
import * as d3 from 'd3';
import { parseHTML } from 'linkedom';
import type { SeriesOutput } from '../src/metrics/series.js';
import { fmtDuration, type ReportData } from './report-data.js';

export const FONT = 'DejaVu Sans, sans-serif';
const W = 1200;
const LEFT = 190;
const RIGHT = 30;
const COLORS = d3.schemeTableau10;
const MARK_COLOR: Record<string, string> = {
  failure: '#d62728',
  eviction: '#ff7f0e',
  restart: '#9467bd',
  node: '#000',
};

export type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Time axis ticks as durations (seconds in, "1h", "30m" out). */
function timeAxis(x: d3.ScaleLinear<number, number>): d3.Axis<d3.NumberValue> {
  return d3
    .axisBottom(x)
    .ticks(8)
    .tickFormat((d) => fmtDuration(Number(d)));
}

/** A step series as [t, v] points (buckets: the time-weighted mean of each bucket), closed at `end`. */
export function stepPoints(s: SeriesOutput, end: number): [number, number][] {
  const pts: [number, number][] = [];
  if ('t' in s) {
    for (let i = 0; i < s.t.length; i++) pts.push([s.t[i]!, s.v[i]!]);
  } else {
    for (let i = 0; i < s.mean.length; i++) pts.push([i * s.bucket, s.mean[i]!]);
  }
  if (pts.length) pts.push([Math.max(end, pts[pts.length - 1]![0]), pts[pts.length - 1]![1]]);
  return pts;
}

/** `s` cut to what fits in `px` pixels at 11 px DejaVu Sans (~6.6 px a character), with an ellipsis. */
export function fitText(s: string, px: number): string {
  const n = Math.floor(px / 6.6);
  return s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`;
}

export function title(g: G, text: string, y: number): void {
  g.append('text')
    .attr('class', 'chart-title')
    .attr('x', 20)
    .attr('y', y)
    .attr('font-size', 15)
    .attr('font-weight', 'bold')
    .text(text);
}

export function renderReportSvg(data: ReportData): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = d3
    .select(document.body as unknown as HTMLElement)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', W)
    .attr('font-family', FONT)
    .attr('font-size', 11);
  svg.append('rect').attr('width', '100%').attr('height', '100%').attr('fill', 'white');
  const root = svg.append('g') as unknown as G;
  const end = Math.max(data.end, 1e-6);
  const x = d3
    .scaleLinear()
    .domain([0, end])
    .range([LEFT, W - RIGHT]);
  const jobSets = [...new Set([...data.bars.map((b) => b.jobSet), ...data.lifecycles.map((l) => l.name)])];
  const color = (js: string) => COLORS[Math.max(0, jobSets.indexOf(js)) % COLORS.length]!;
  let y = 30;

  root
    .append('text')
    .attr('class', 'report-title')
    .attr('x', 20)
    .attr('y', y)
    .attr('font-size', 22)
    .attr('font-weight', 'bold')
    .text(`jobset-sim run report: ${data.title} (seed ${data.seed})`);
  y += 14;
  for (const [k, v] of data.headline) {
    y += 18;
    const row = root.append('g').attr('class', 'headline-row');
    row.append('text').attr('x', 20).attr('y', y).attr('font-size', 13).attr('font-weight', 'bold').text(k);
    row.append('text').attr('x', 300).attr('y', y).attr('font-size', 13).text(v);
  }

  // Node pool timeline: one row per pool, one bar per child Job placement, markers for failures/evictions/restarts.
  y += 40;
  title(root, 'Node pools over time: which JobSet holds which pool', y);
  y += 12;
  // Bars that overlap in time within one pool get sub-rows (first sub-row free at the bar's start).
  const subH = 20;
  const sub: number[] = [];
  const lanesOf = new Map<string, number[]>();
  for (const b of data.bars) {
    let ends = lanesOf.get(b.pool);
    if (!ends) lanesOf.set(b.pool, (ends = []));
    let k = ends.findIndex((e) => e <= b.start);
    if (k < 0) k = ends.length;
    ends[k] = b.end;
    sub.push(k);
  }
  const poolY = new Map<string, { y: number; h: number }>();
  let py0 = y;
  for (const p of data.pools) {
    const h = Math.max(1, lanesOf.get(p)?.length ?? 1) * subH + 4;
    poolY.set(p, { y: py0, h });
    py0 += h;
  }
  // In the browser d3.zoom rescales the x axis of this chart (html.ts); it reads the scale from these attributes,
  // and the bars, labels and markers sit in a clipped group so that zoomed marks stay inside the plot.
  const tl = root
    .append('g')
    .attr('class', 'chart timeline')
    .attr('data-x0', LEFT)
    .attr('data-x1', W - RIGHT)
    .attr('data-end', end);
  tl.append('clipPath')
    .attr('id', 'timeline-clip')
    .append('rect')
    .attr('x', LEFT)
    .attr('y', y - 10)
    .attr('width', W - RIGHT - LEFT)
    .attr('height', py0 - y + 10);
  tl.append('rect')
    .attr('class', 'zoom-area')
    .attr('x', LEFT)
    .attr('y', y)
    .attr('width', W - RIGHT - LEFT)
    .attr('height', py0 - y)
    .attr('fill', 'white')
    .attr('fill-opacity', 0);
  for (const [p, { y: py, h }] of poolY) {
    tl.append('text')
      .attr('x', LEFT - 8)
      .attr('y', py + h / 2 + 4)
      .attr('text-anchor', 'end')
      .text(p);
    tl.append('line')
      .attr('x1', LEFT)
      .attr('x2', W - RIGHT)
      .attr('y1', py + h)
      .attr('y2', py + h)
      .attr('stroke', '#ddd');
  }
  const marks = tl.append('g').attr('class', 'timeline-marks').attr('clip-path', 'url(#timeline-clip)');
  data.bars.forEach((b, i) => {
    const py = (poolY.get(b.pool)?.y ?? y) + 2 + sub[i]! * subH;
    const bx = x(b.start);
    const bw = Math.max(1, x(b.end) - bx);
    marks
      .append('rect')
      .attr('class', 'bar')
      .attr('data-kind', 'bars')
      .attr('data-i', i)
      .attr('x', bx)
      .attr('y', py + 1)
      .attr('width', bw)
      .attr('height', subH - 3)
      .attr('fill', color(b.jobSet))
      .attr('stroke', 'white')
      .attr('stroke-width', 0.5);
    if (bw > 40) {
      marks
        .append('text')
        .attr('class', 'bar-label')
        .attr('data-i', i)
        .attr('x', bx + 4)
        .attr('y', py + subH / 2 + 3)
        .attr('fill', 'white')
        .attr('pointer-events', 'none')
        .text(fitText(b.job.split('/').pop() ?? b.job, bw - 8));
    }
  });
  data.markers.forEach((m, i) => {
    const row = poolY.get(m.pool) ?? { y, h: subH };
    const mx = x(m.t);
    marks
      .append('path')
      .attr('class', 'marker')
      .attr('data-kind', 'markers')
      .attr('data-i', i)
      .attr('d', `M${mx},${row.y + 1}l-5,-7h10z M${mx - 0.75},${row.y + 1}h1.5v${row.h - 2}h-1.5z`)
      .attr('fill', MARK_COLOR[m.kind] ?? '#000');
  });
  y = py0;
  tl.append('g').attr('class', 'timeline-axis').attr('transform', `translate(0,${y})`).call(timeAxis(x));
  y += 34;
  const legend = [
    ['failure', 'Job failed'],
    ['eviction', 'Kueue eviction / preemption'],
    ['restart', 'JobSet restart'],
    ['node', 'node failed / deleted'],
  ] as const;
  legend.forEach(([k, label], i) => {
    const lx = LEFT + i * 220;
    tl.append('rect')
      .attr('x', lx)
      .attr('y', y - 9)
      .attr('width', 10)
      .attr('height', 10)
      .attr('fill', MARK_COLOR[k]!);
    tl.append('text')
      .attr('x', lx + 14)
      .attr('y', y)
      .text(label);
  });
  if (data.barsDropped) {
    tl.append('text')
      .attr('x', W - RIGHT)
      .attr('y', y)
      .attr('text-anchor', 'end')
      .text(`(${data.barsDropped} later placements not drawn)`);
  }

  // Step-series panels: allocation per resource, then pending/admitted per ClusterQueue.
  const panel = (name: string, lines: { key: string; s: SeriesOutput; color: string }[]) => {
    y += 16;
    const h = 90;
    const g = root.append('g').attr('class', 'chart series-chart').attr('data-name', name);
    const all = lines.flatMap((l) => stepPoints(l.s, end));
    const ymax = Math.max(1, d3.max(all, (p) => p[1]) ?? 1);
    const yy = d3
      .scaleLinear()
      .domain([0, ymax])
      .nice()
      .range([y + h, y]);
    g.append('text')
      .attr('x', 20)
      .attr('y', y + h / 2)
      .attr('font-weight', 'bold')
      .text(fitText(name, LEFT - 60));
    g.append('g').attr('transform', `translate(${LEFT},0)`).call(d3.axisLeft(yy).ticks(4, '~s'));
    g.append('g')
      .attr('transform', `translate(0,${y + h})`)
      .call(timeAxis(x));
    lines.forEach((l, i) => {
      const line = d3
        .line<[number, number]>()
        .x((p) => x(p[0]))
        .y((p) => yy(p[1]))
        .curve(d3.curveStepAfter);
      g.append('path')
        .attr('class', 'series')
        .attr('data-kind', 'series')
        .attr('data-key', `${name}|${l.key}`)
        .attr('d', line(stepPoints(l.s, end)) ?? '')
        .attr('fill', 'none')
        .attr('stroke', l.color)
        .attr('stroke-width', 2);
      if (lines.length > 1) {
        // Right-aligned legend, each key as wide as its text (~6.6 px a character) plus a gap.
        const widths = lines.map((k) => k.key.length * 6.6 + 14);
        const lx = W - RIGHT - d3.sum(widths) + d3.sum(widths.slice(0, i));
        g.append('text')
          .attr('x', lx)
          .attr('y', y - 2)
          .attr('fill', l.color)
          .text(l.key);
      }
    });
    y += h + 22;
  };
  if (Object.keys(data.allocated).length) {
    y += 28;
    title(root, 'Allocated over time, per resource (requests of bound pods)', y);
    for (const [r, s] of Object.entries(data.allocated)) panel(r, [{ key: 'allocated', s, color: '#1f77b4' }]);
  }
  if (Object.keys(data.queues).length) {
    y += 28;
    title(root, 'Kueue: pending and admitted workloads per ClusterQueue', y);
    for (const [cq, q] of Object.entries(data.queues)) {
      const lines: { key: string; s: SeriesOutput; color: string }[] = [];
      if (q.pending) lines.push({ key: 'pending', s: q.pending, color: '#ff7f0e' });
      if (q.admitted) lines.push({ key: 'admitted', s: q.admitted, color: '#2ca02c' });
      panel(cq, lines);
    }
  }
  const drsQueues = Object.keys(data.drs);
  if (drsQueues.length) {
    y += 28;
    title(root, 'Kueue fair sharing: dominant resource share per ClusterQueue (weightedShare, ‰ ÷ weight)', y);
    panel(
      'weightedShare',
      drsQueues.map((cq, i) => ({ key: cq, s: data.drs[cq]!, color: COLORS[i % COLORS.length]! })),
    );
  }

  // Per-JobSet lifecycle swimlanes: queued -> starting -> running -> finished.
  y += 28;
  title(
    root,
    `JobSet lifecycles${data.lifecyclesTotal > data.lifecycles.length ? ` (first ${data.lifecycles.length} of ${data.lifecyclesTotal})` : ''}`,
    y,
  );
  y += 12;
  const laneH = 18;
  const sw = root.append('g').attr('class', 'chart swimlanes');
  data.lifecycles.forEach((l, i) => {
    const ly = y + i * laneH;
    sw.append('text')
      .attr('x', LEFT - 8)
      .attr('y', ly + laneH / 2 + 4)
      .attr('text-anchor', 'end')
      .text(l.name);
    const segs: [string, number, number | null, string][] = [
      ['queued', l.submittedAt, l.admittedAt, '#c7c7c7'],
      ['starting', l.admittedAt ?? Number.NaN, l.runningAt, '#9ecae1'],
      ['running', l.runningAt ?? Number.NaN, l.finishedAt, color(l.name)],
    ];
    for (const [seg, a, b] of segs.map((s) => s)) {
      if (!Number.isFinite(a)) continue;
      const bEnd = b ?? end;
      const fill = segs.find((s) => s[0] === seg)![3];
      sw.append('rect')
        .attr('class', 'lane')
        .attr('data-kind', 'lifecycles')
        .attr('data-i', i)
        .attr('data-seg', seg)
        .attr('x', x(a))
        .attr('y', ly + 3)
        .attr('width', Math.max(1, x(bEnd) - x(a)))
        .attr('height', laneH - 6)
        .attr('fill', fill)
        .attr('opacity', b === null && seg !== 'queued' ? 0.5 : 1);
    }
    for (const m of l.marks) {
      sw.append('circle')
        .attr('cx', x(m.t))
        .attr('cy', ly + laneH / 2)
        .attr('r', 4)
        .attr('fill', MARK_COLOR[m.kind]!)
        .attr('stroke', 'white');
    }
  });
  y += data.lifecycles.length * laneH;
  sw.append('g').attr('transform', `translate(0,${y})`).call(timeAxis(x));
  y += 34;
  [
    ['#c7c7c7', 'queued (submitted → admitted)'],
    ['#9ecae1', 'starting (admitted → all running)'],
    ['#555', 'running (→ finished), JobSet colour'],
  ].forEach(([c, label], i) => {
    const lx = LEFT + i * 280;
    sw.append('rect')
      .attr('x', lx)
      .attr('y', y - 9)
      .attr('width', 10)
      .attr('height', 10)
      .attr('fill', c!);
    sw.append('text')
      .attr('x', lx + 14)
      .attr('y', y)
      .text(label!);
  });

  // CDFs of queue wait and completion time, side by side.
  y += 40;
  const cw = (W - LEFT - RIGHT - 60) / 2;
  const ch = 150;
  (
    [
      ['queueWait', 'Queue wait (admitted − submitted), CDF', data.cdfs.queueWait],
      ['completionTime', 'Completion time (finished − submitted), CDF', data.cdfs.completionTime],
    ] as const
  ).forEach(([key, label, pts], k) => {
    const x0 = 60 + k * (cw + LEFT - 60 + 30);
    const g = root.append('g').attr('class', 'chart cdf').attr('data-name', key);
    g.append('text').attr('x', x0).attr('y', y).attr('font-size', 14).attr('font-weight', 'bold').text(label);
    const top = y + 14;
    const cx = d3
      .scaleLinear()
      .domain([0, Math.max(1, d3.max(pts, (p) => p[0]) ?? 1)])
      .nice()
      .range([x0, x0 + cw]);
    const cy = d3
      .scaleLinear()
      .domain([0, 1])
      .range([top + ch, top]);
    g.append('g')
      .attr('transform', `translate(0,${top + ch})`)
      .call(timeAxis(cx).ticks(5));
    g.append('g').attr('transform', `translate(${x0},0)`).call(d3.axisLeft(cy).ticks(4));
    if (!pts.length) {
      g.append('text')
        .attr('x', x0 + 10)
        .attr('y', top + ch / 2)
        .text('no values');
      return;
    }
    const stairs: [number, number][] = [[pts[0]![0], 0], ...pts];
    g.append('path')
      .attr(
        'd',
        d3
          .line<[number, number]>()
          .x((p) => cx(p[0]))
          .y((p) => cy(p[1]))
          .curve(d3.curveStepAfter)(stairs) ?? '',
      )
      .attr('fill', 'none')
      .attr('stroke', '#1f77b4')
      .attr('stroke-width', 2);
    pts.forEach((p, i) => {
      g.append('circle')
        .attr('class', 'cdf-point')
        .attr('data-kind', `cdf-${key}`)
        .attr('data-i', i)
        .attr('cx', cx(p[0]))
        .attr('cy', cy(p[1]))
        .attr('r', 3.5)
        .attr('fill', '#1f77b4');
    });
  });
  y += ch + 60;
  svg.attr('height', y).attr('viewBox', `0 0 ${W} ${y}`);
  return (svg.node() as unknown as Element).outerHTML;
}
