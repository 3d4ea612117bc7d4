// The sweep report's main charts: each metric against each swept parameter, the mean of every arm with its 95%
// confidence interval (summary.json's ci95). A numeric parameter gets lines with CI bands, one per combination of the
// other parameters (a combination with one arm: a point with whiskers); a categorical one puts the arms side by
// side in each category, points with CI whiskers. Marks carry data-kind/data-arm/data-metric so the page binds them
// to the arm's summary; panels carry their y domain and range so a test can read values back off the pixels.
import * as d3 from 'd3';
import { fitText, type G } from './charts.js';
import {
  type ArmSummary,
  type MetricSummary,
  paramsLabel,
  SWEEP_REPORT_LIMITS,
  type SweepParameter,
  type SweepReportData,
} from './sweep-data.js';

const COLORS = d3.schemeTableau10;
const PANEL_H = 150;
const AXIS_W = 70;
const GAP = 40;

/** The x axis of a sweep with a single arm (nothing varies): the arm number. */
const ARM_AXIS: SweepParameter = { path: 'arm', kind: 'categorical', values: [] };

function armValue(a: ArmSummary, p: SweepParameter): unknown {
  return p === ARM_AXIS ? a.arm : a.params[p.path];
}

/** Short form of a --set path for axis titles: the part after the last `.` or `:` outside brackets. */
export function shortPath(path: string): string {
  const m = /([^.:\]]+(?:\[[^\]]*\])*)$/.exec(path);
  return m ? m[1]! : path;
}

/** A category's label; a list arm without the parameter (the base scenario's value) reads "(unset)". */
function fmtValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface Series {
  key: string;
  label: string;
  color: string;
  arms: ArmSummary[];
}

/** The arms grouped by the values of the other parameters (one series per combination), in arm order. */
export function seriesOf(data: SweepReportData, p: SweepParameter): Series[] {
  const others = data.parameters.filter((q) => q !== p).map((q) => q.path);
  const groups = new Map<string, ArmSummary[]>();
  for (const a of data.arms) {
    const k = JSON.stringify(others.map((o) => a.params[o]));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(a);
  }
  const many = groups.size > SWEEP_REPORT_LIMITS.legendGroups;
  return [...groups].map(([key, arms], i) => ({
    key,
    label: others.length ? paramsLabel(arms[0]!.params, others) : 'all arms',
    color: many ? COLORS[0]! : COLORS[i % COLORS.length]!,
    arms,
  }));
}

function yDomain(data: SweepReportData, metric: string): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of data.arms) {
    const s = a.metrics[metric];
    if (!s || s.mean === null) continue;
    lo = Math.min(lo, s.ci95?.[0] ?? s.mean, s.mean);
    hi = Math.max(hi, s.ci95?.[1] ?? s.mean, s.mean);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  // From zero when zero is near (waits, counts); otherwise around the values, so that close arms stay apart.
  if (lo >= 0 && lo < hi * 0.25) lo = 0;
  if (hi <= lo) {
    const pad = Math.max(1e-6, Math.abs(lo) * 0.05);
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.05;
  return [lo === 0 ? 0 : lo - pad, hi + pad];
}

/** Draws the charts from `y`; returns the y below them. */
export function renderMetricCharts(root: G, data: SweepReportData, width: number, y: number): number {
  const params = data.parameters.length ? data.parameters : [{ ...ARM_AXIS, values: data.arms.map((a) => a.arm) }];
  const axisOf = (p: SweepParameter) => (p.path === 'arm' && !data.parameters.length ? ARM_AXIS : p);
  // One parameter: the metrics flow three to a row; several: a row (wrapped at three) of panels per metric.
  const cols = params.length === 1 ? Math.min(3, Math.max(1, data.metrics.length)) : Math.min(params.length, 3);
  const pw = (width - 20 - cols * (AXIS_W + GAP)) / cols;
  const charts = root.append('g').attr('class', 'chart sweep-metrics');
  // One legend per parameter (the series are the other parameters' combinations).
  for (const p of params) {
    const series = seriesOf(data, axisOf(p));
    if (series.length < 2) continue;
    const lg = charts.append('g').attr('class', 'legend').attr('data-param', p.path);
    y += 16;
    lg.append('text')
      .attr('x', 20)
      .attr('y', y)
      .attr('font-weight', 'bold')
      .text(fitText(`against ${shortPath(p.path)}, one series per:`, 300));
    if (series.length > SWEEP_REPORT_LIMITS.legendGroups) {
      lg.append('text')
        .attr('x', 330)
        .attr('y', y)
        .text(`${series.length} combinations of the other parameters (one colour)`);
      continue;
    }
    series.forEach((s, i) => {
      const lx = 330 + (i % 3) * 290;
      const ly = y + Math.floor(i / 3) * 16;
      lg.append('rect')
        .attr('x', lx)
        .attr('y', ly - 9)
        .attr('width', 10)
        .attr('height', 10)
        .attr('fill', s.color);
      lg.append('text')
        .attr('x', lx + 14)
        .attr('y', ly)
        .text(fitText(s.label, 270));
    });
    y += Math.floor((series.length - 1) / 3) * 16;
  }
  y += 16;
  let k = 0;
  for (const metric of data.metrics) {
    const domain = yDomain(data, metric);
    if (params.length > 1) k = 0;
    params.forEach((param) => {
      const col = k % cols;
      if (col === 0 && k > 0) y += PANEL_H + 66;
      k++;
      const x0 = 20 + AXIS_W + col * (pw + AXIS_W + GAP);
      const top = y + 24;
      const yy = d3
        .scaleLinear()
        .domain(domain)
        .nice()
        .range([top + PANEL_H, top]);
      const p = axisOf(param);
      const g = charts
        .append('g')
        .attr('class', 'sweep-panel')
        .attr('data-metric', metric)
        .attr('data-param', param.path)
        .attr('data-y-domain', yy.domain().join(','))
        .attr('data-y-range', yy.range().join(','));
      g.append('text')
        .attr('x', x0 - AXIS_W + 4)
        .attr('y', y + 12)
        .attr('font-size', 13)
        .attr('font-weight', 'bold')
        .text(fitText(`${metric} vs ${shortPath(param.path)}`, pw + AXIS_W));
      g.append('g')
        .attr('transform', `translate(${x0},0)`)
        .call(d3.axisLeft(yy).ticks(5, tickFormat(yy)));
      g.append('text')
        .attr('x', x0 + pw / 2)
        .attr('y', top + PANEL_H + 34)
        .attr('text-anchor', 'middle')
        .attr('fill', '#555')
        .text(fitText(param.path, pw));
      const series = seriesOf(data, p);
      if (param.kind === 'numeric') numericPanel(g, yy, x0, pw, top, param, series, metric);
      else categoricalPanel(g, yy, x0, pw, top, param, p, series, metric);
    });
    if (params.length > 1) y += PANEL_H + 66;
  }
  if (params.length === 1 && data.metrics.length) y += PANEL_H + 66;
  return y;
}

type Y = d3.ScaleLinear<number, number>;

/** SI prefixes for large values only (0.8, not "800m"). */
export function tickFormat(y: Y): string {
  return Math.max(...y.domain().map(Math.abs)) >= 10000 ? '~s' : '~r';
}

function point(g: G, x: number, y: Y, a: ArmSummary, s: MetricSummary, metric: string, param: string, c: string) {
  g.append('circle')
    .attr('class', 'sweep-point')
    .attr('data-kind', 'points')
    .attr('data-arm', a.arm)
    .attr('data-metric', metric)
    .attr('data-param', param)
    .attr('cx', x)
    .attr('cy', y(s.mean!))
    .attr('r', 4.5)
    .attr('fill', c)
    .attr('stroke', 'white');
}

function whisker(g: G, x: number, y: Y, a: ArmSummary, s: MetricSummary, metric: string, param: string, c: string) {
  if (!s.ci95) return;
  const [lo, hi] = s.ci95;
  g.append('line')
    .attr('class', 'ci')
    .attr('data-kind', 'ci')
    .attr('data-arm', a.arm)
    .attr('data-metric', metric)
    .attr('data-param', param)
    .attr('x1', x)
    .attr('x2', x)
    .attr('y1', y(lo))
    .attr('y2', y(hi))
    .attr('stroke', c)
    .attr('stroke-width', 2);
  for (const v of [lo, hi]) {
    g.append('line')
      .attr('x1', x - 5)
      .attr('x2', x + 5)
      .attr('y1', y(v))
      .attr('y2', y(v))
      .attr('stroke', c)
      .attr('stroke-width', 1.5);
  }
}

function numericPanel(
  g: G,
  yy: Y,
  x0: number,
  pw: number,
  top: number,
  param: SweepParameter,
  series: Series[],
  metric: string,
): void {
  const vals = param.values as number[];
  const xx = d3
    .scaleLinear()
    .domain([vals[0]!, vals[vals.length - 1]!])
    .range([x0 + 12, x0 + pw - 12]);
  g.append('g')
    .attr('transform', `translate(0,${top + PANEL_H})`)
    .call(d3.axisBottom(xx).ticks(Math.min(8, vals.length), '~g'));
  for (const s of series) {
    const pts = s.arms
      .map((a) => ({ a, v: a.params[param.path] as number, m: a.metrics[metric] }))
      .filter((p): p is { a: ArmSummary; v: number; m: MetricSummary } => !!p.m && p.m.mean !== null)
      .sort((p, q) => p.v - q.v);
    if (pts.length >= 2) {
      const band = d3
        .area<(typeof pts)[number]>()
        .x((p) => xx(p.v))
        .y0((p) => yy(p.m.ci95?.[0] ?? p.m.mean!))
        .y1((p) => yy(p.m.ci95?.[1] ?? p.m.mean!));
      g.append('path')
        .attr('class', 'band')
        .attr('data-kind', 'band')
        .attr('data-metric', metric)
        .attr('data-param', param.path)
        .attr('data-arms', pts.map((p) => p.a.arm).join(','))
        .attr('d', band(pts) ?? '')
        .attr('fill', s.color)
        .attr('fill-opacity', 0.2)
        .attr('stroke', s.color)
        .attr('stroke-opacity', 0.35);
      const line = d3
        .line<(typeof pts)[number]>()
        .x((p) => xx(p.v))
        .y((p) => yy(p.m.mean!));
      g.append('path')
        .attr('d', line(pts) ?? '')
        .attr('fill', 'none')
        .attr('stroke', s.color)
        .attr('stroke-width', 2)
        .attr('pointer-events', 'none');
    } else {
      for (const p of pts) whisker(g, xx(p.v), yy, p.a, p.m, metric, param.path, s.color);
    }
    for (const p of pts) point(g, xx(p.v), yy, p.a, p.m, metric, param.path, s.color);
  }
}

function categoricalPanel(
  g: G,
  yy: Y,
  x0: number,
  pw: number,
  top: number,
  param: SweepParameter,
  p: SweepParameter,
  series: Series[],
  metric: string,
): void {
  const cats = param.values.map(fmtValue);
  const xx = d3
    .scaleBand()
    .domain(cats)
    .range([x0, x0 + pw])
    .padding(0.15);
  const inner = d3
    .scalePoint()
    .domain(series.map((s) => s.key))
    .range([0, xx.bandwidth()])
    .padding(0.5);
  const axis = g
    .append('g')
    .attr('transform', `translate(0,${top + PANEL_H})`)
    .call(d3.axisBottom(xx).tickFormat((c) => fitText(c, xx.bandwidth() + xx.step() * 0.15)));
  axis.selectAll('text').attr('font-size', 11);
  for (const s of series) {
    for (const a of s.arms) {
      const m = a.metrics[metric];
      if (!m || m.mean === null) continue;
      const cx = xx(fmtValue(armValue(a, p)))! + (inner(s.key) ?? xx.bandwidth() / 2);
      whisker(g, cx, yy, a, m, metric, param.path, s.color);
      point(g, cx, yy, a, m, metric, param.path, s.color);
    }
  }
}
