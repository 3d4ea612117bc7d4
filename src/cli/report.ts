// `jobset-sim report DIR [--out FILE.html] [--png FILE.png]` (DIR a run's or a sweep's --out folder) and the report
// files `run --out` and `sweep --out` write.
import { join } from 'node:path';
import { RunFolderError } from '../../viz/log.js';
import { reportAndTrace, reportFromFolder, svgToPng } from '../../viz/report.js';
import { folderKind, SweepFolderError } from '../../viz/sweep-data.js';
import { sweepReportFromFolder } from '../../viz/sweep-report.js';
import type { LogRecord } from '../engine/event-log.js';
import type { Result } from '../metrics/result.js';
import { writeAtomic } from './files.js';

export interface ReportFlags {
  out?: string;
  png?: string;
}

/** Exit code: 0 written, 1 the folder is neither a run's nor a sweep's --out folder. */
export function reportCommand(dir: string, flags: ReportFlags): number {
  let rendered: { svg: string; html: string };
  try {
    // A sweep folder is told by its summary.json or runs.jsonl; anything else is read as a run's.
    rendered = folderKind(dir) === 'sweep' ? sweepReportFromFolder(dir) : reportFromFolder(dir);
  } catch (e) {
    if (e instanceof RunFolderError || e instanceof SweepFolderError) {
      process.stderr.write(`jobset-sim: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const html = flags.out ?? join(dir, 'report.html');
  writeAtomic(html, rendered.html);
  process.stdout.write(`wrote ${html}\n`);
  if (flags.png) {
    writeAtomic(flags.png, svgToPng(rendered.svg));
    process.stdout.write(`wrote ${flags.png}\n`);
  }
  return 0;
}

/** `run --out DIR`: report.html and trace.json beside result.json, from the run's records. */
export function writeRunReports(dir: string, records: Iterable<LogRecord>, result: Result): void {
  const { report, trace } = reportAndTrace(records, result);
  writeAtomic(join(dir, 'trace.json'), trace);
  writeAtomic(join(dir, 'report.html'), report.html);
}

/** `sweep --out DIR` at its end: report.html beside summary.json (from the summary: cheap). */
export function writeSweepReport(dir: string): string {
  const file = join(dir, 'report.html');
  writeAtomic(file, sweepReportFromFolder(dir).html);
  return file;
}
