// A run folder's report files: report.html (standalone) and optionally a PNG, from result.json + events.jsonl.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogRecord } from '../src/engine/event-log.js';
import type { Result } from '../src/metrics/result.js';
import { renderReportSvg } from './charts.js';
import { renderReportHtml } from './html.js';
import { forEachLine, readResult } from './log.js';
import { svgToPng } from './png.js';
import { type ReportData, ReportDigest } from './report-data.js';
import { TraceBuilder } from './trace.js';

export interface RenderedReport {
  data: ReportData;
  svg: string;
  html: string;
}

export function renderReport(data: ReportData): RenderedReport {
  const svg = renderReportSvg(data);
  return { data, svg, html: renderReportHtml(data, svg) };
}

/** Report and trace of a run in memory (`run --out`), in one pass over the records. */
export function reportAndTrace(
  records: Iterable<LogRecord>,
  result: Result,
): { report: RenderedReport; trace: string } {
  const digest = new ReportDigest();
  const trace = new TraceBuilder({ scenario: result.scenario.name, seed: result.scenario.seed });
  for (const r of records) {
    digest.add(r);
    trace.add(r);
  }
  return { report: renderReport(digest.output(result)), trace: JSON.stringify(trace.output(result.end)) };
}

/** The report of a run's `--out` folder (its events.jsonl streamed; without one, the charts from the result only). */
export function reportFromFolder(dir: string): RenderedReport {
  const result = readResult(dir);
  const digest = new ReportDigest();
  const events = join(dir, 'events.jsonl');
  if (existsSync(events)) forEachLine(events, (r) => digest.add(r));
  return renderReport(digest.output(result));
}

export { svgToPng };
