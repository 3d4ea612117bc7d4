// The capacity-search section of a sweep report: the answer and its criterion, the probed values (the confidence
// bound each reached against the target line, in the order tried), and the steps as a table. Probe marks carry
// data-kind="probes"/data-i into summary.search.steps.
import * as d3 from 'd3';
import { fitText, type G, title } from './charts.js';
import type { SearchResult } from './sweep-data.js';
import { shortPath, tickFormat } from './sweep-metric-charts.js';

const H = 170;

/** "queueWait.p95 upper 95% bound ≤ 3600". */
export function criterion(s: SearchResult): string {
  const pct = `${Math.round(s.confidence * 1000) / 10}%`;
  return `${s.metric} ${s.bound} one-sided ${pct} confidence bound on the mean ${s.direction === 'atMost' ? '≤' : '≥'} ${s.target}`;
}

function num(x: number | null): string {
  return x === null ? '–' : String(Math.round(x * 1000) / 1000);
}

export function renderSearch(root: G, s: SearchResult, width: number, y: number): number {
  const g = root.append('g').attr('class', 'chart sweep-search');
  y += 28;
  title(g, `Capacity search: the smallest ${s.parameter} meeting the target`, y);
  y += 24;
  g.append('text')
    .attr('class', 'search-answer')
    .attr('x', 20)
    .attr('y', y)
    .attr('font-size', 15)
    .attr('font-weight', 'bold')
    .attr('fill', s.answer === null ? '#b00' : '#070')
    .text(s.answer === null ? `No answer in [${s.min}, ${s.max}]` : `Answer: ${shortPath(s.parameter)} = ${s.answer}`);
  y += 18;
  g.append('text')
    .attr('x', 20)
    .attr('y', y)
    .text(fitText(`Criterion: ${criterion(s)}; range [${s.min}, ${s.max}], bisection`, width - 40));
  y += 16;
  g.append('text')
    .attr('class', 'search-message')
    .attr('x', 20)
    .attr('y', y)
    .attr('fill', '#555')
    .text(fitText(s.message, width - 40));

  // Probes: value → bound, the target as a dashed line, each probe numbered in the order tried.
  const x0 = 90;
  const cw = width / 2 - x0;
  const top = y + 24;
  const bounds = s.steps.map((p) => p.bound).filter((b): b is number => b !== null);
  const hi = Math.max(s.target, ...bounds) * 1.05 || 1;
  const lo = Math.min(0, ...bounds);
  const xx = d3
    .scaleLinear()
    .domain([s.min, s.max])
    .range([x0 + 10, x0 + cw - 10]);
  const yy = d3
    .scaleLinear()
    .domain([lo, hi])
    .nice()
    .range([top + H, top]);
  g.append('g')
    .attr('transform', `translate(0,${top + H})`)
    .call(
      d3
        .axisBottom(xx)
        .ticks(Math.min(10, s.max - s.min + 1))
        .tickFormat(d3.format('d')),
    );
  g.append('g')
    .attr('transform', `translate(${x0},0)`)
    .call(d3.axisLeft(yy).ticks(5, tickFormat(yy)));
  g.append('text')
    .attr('x', x0 + cw / 2)
    .attr('y', top + H + 34)
    .attr('text-anchor', 'middle')
    .attr('fill', '#555')
    .text(fitText(s.parameter, cw));
  g.append('text')
    .attr('x', 20)
    .attr('y', top - 8)
    .attr('fill', '#555')
    .text(`${s.bound} ${Math.round(s.confidence * 100)}% bound of ${s.metric} per value probed`);
  g.append('line')
    .attr('class', 'target')
    .attr('x1', x0)
    .attr('x2', x0 + cw)
    .attr('y1', yy(s.target))
    .attr('y2', yy(s.target))
    .attr('stroke', '#b00')
    .attr('stroke-dasharray', '6,4');
  g.append('text')
    .attr('x', x0 + cw - 4)
    .attr('y', yy(s.target) - 4)
    .attr('text-anchor', 'end')
    .attr('fill', '#b00')
    .text(`target ${s.direction === 'atMost' ? '≤' : '≥'} ${s.target}`);
  s.steps.forEach((p, i) => {
    const py = yy(p.bound ?? hi);
    g.append('circle')
      .attr('class', 'probe')
      .attr('data-kind', 'probes')
      .attr('data-i', i)
      .attr('cx', xx(p.value))
      .attr('cy', py)
      .attr('r', 6)
      .attr('fill', p.meets ? '#2ca02c' : '#d62728')
      .attr('stroke', p.value === s.answer ? 'black' : 'white')
      .attr('stroke-width', p.value === s.answer ? 2 : 1);
    g.append('text')
      .attr('x', xx(p.value) + 8)
      .attr('y', py - 6)
      .attr('font-size', 10)
      .text(`#${i + 1}`);
  });

  // The steps as a table, beside the chart.
  const tx = width / 2 + 20;
  const cols = ['#', 'value', 'runs', 'failed', 'mean', 'sd', `${s.bound} bound`, 'meets'];
  const cx = [0, 30, 90, 140, 195, 290, 370, 480].map((c) => tx + c);
  let ty = top;
  const t = g.append('g').attr('class', 'search-table');
  cols.forEach((c, k) => {
    t.append('text').attr('x', cx[k]!).attr('y', ty).attr('font-weight', 'bold').text(c);
  });
  for (const [i, p] of s.steps.entries()) {
    ty += 17;
    const row = t.append('g').attr('class', 'search-step').attr('data-kind', 'probes').attr('data-i', i);
    const cells = [
      `${i + 1}`,
      `${p.value}`,
      `${p.n}`,
      `${p.failed}`,
      num(p.mean),
      num(p.sd),
      num(p.bound),
      p.meets ? 'yes' : 'no',
    ];
    cells.forEach((c, k) => {
      row
        .append('text')
        .attr('x', cx[k]!)
        .attr('y', ty)
        .attr('fill', k === 7 ? (p.meets ? '#070' : '#b00') : 'black')
        .text(c);
    });
  }
  return Math.max(top + H + 40, ty + 10);
}
