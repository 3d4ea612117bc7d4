// The sweep report (`jobset-sim report SWEEPDIR`, and `sweep --out` at its end): one server-rendered SVG, embedded in
// a standalone HTML page and rasterised to PNG as the run report is. Its sections are drawn in the order of
// SWEEP_SECTIONS, each a function of the report's data and the folder; a new sweep chart is one more file whose
// section is appended there (see `extraSweepSections`).
import * as d3 from 'd3';
import { parseHTML } from 'linkedom';
import { FONT, fitText, type G } from './charts.js';
import { renderAllocationSection } from './sweep-allocation-section.js';
import { buildSweepReportData, readSweepFolder, type SweepFolder, type SweepReportData } from './sweep-data.js';
import { renderSweepHtml } from './sweep-html.js';
import { renderMetricCharts } from './sweep-metric-charts.js';
import { renderSearch } from './sweep-search.js';
import { renderArmTable, renderFailures } from './sweep-table.js';

const W = 1200;

/** Draws one section of the report from `y` (the SVG's width given) and returns the y below it. */
export type SweepSection = (root: G, data: SweepReportData, width: number, y: number, folder: SweepFolder) => number;

function header(root: G, data: SweepReportData, width: number, y: number): number {
  root
    .append('text')
    .attr('class', 'report-title')
    .attr('x', 20)
    .attr('y', y + 30)
    .attr('font-size', 22)
    .attr('font-weight', 'bold')
    .text(`jobset-sim sweep report: ${data.title}`);
  y += 30;
  const r = data.runs;
  const lines = [
    `${data.file}: ${data.arms.length} arm(s) × ${data.seeds.length} seed(s); ${r.finished} of ${r.planned} runs finished, ${r.failed} failed${r.missing ? `, ${r.missing} missing` : ''}${data.partial ? ' (no summary.json yet: summarised from runs.jsonl)' : ''}`,
    `parameters: ${data.parameters.map((p) => `${p.path} (${p.kind}, ${p.values.length} values)`).join('; ') || 'none (one arm)'}`,
    'points: the mean over seeds; whiskers and bands: the 95% confidence interval of the mean (Student t)',
  ];
  for (const l of lines) {
    y += 18;
    root
      .append('text')
      .attr('x', 20)
      .attr('y', y)
      .attr('font-size', 13)
      .text(fitText(l, width - 40));
  }
  return y;
}

/** Sections after the built-in ones: other modules push theirs here (e.g. per-policy allocation curves). */
export const extraSweepSections: SweepSection[] = [];

export const SWEEP_SECTIONS: SweepSection[] = [
  header,
  (root, data, width, y) => (data.search ? renderSearch(root, data.search, width, y) : y),
  renderAllocationSection,
  (root, data, width, y) => renderMetricCharts(root, data, width, y + 20),
  renderArmTable,
  renderFailures,
];

export function renderSweepSvg(data: SweepReportData, folder: SweepFolder): string {
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
  let y = 0;
  for (const section of [...SWEEP_SECTIONS, ...extraSweepSections]) y = section(root, data, W, y, folder);
  y += 30;
  svg.attr('height', y).attr('viewBox', `0 0 ${W} ${y}`);
  return (svg.node() as unknown as Element).outerHTML;
}

export interface RenderedSweepReport {
  data: SweepReportData;
  svg: string;
  html: string;
}

export function renderSweepReport(folder: SweepFolder): RenderedSweepReport {
  const data = buildSweepReportData(folder);
  const svg = renderSweepSvg(data, folder);
  return { data, svg, html: renderSweepHtml(data, svg) };
}

/** The report of a sweep's --out folder. */
export function sweepReportFromFolder(dir: string): RenderedSweepReport {
  return renderSweepReport(readSweepFolder(dir));
}
