// `jobset-sim compare DIR_A DIR_B [--html FILE] [--all]`: the metrics of two runs with their deltas.
import { compareHtml, compareResults, compareText } from '../../viz/compare.js';
import { RunFolderError, readResult } from '../../viz/log.js';
import { writeAtomic } from './files.js';

export interface CompareFlags {
  html?: string;
  all?: boolean;
}

/** Exit code: 0 compared, 1 a folder is not a run's --out folder. */
export function compareCommand(a: string, b: string, flags: CompareFlags): number {
  let rows: ReturnType<typeof compareResults>;
  try {
    rows = compareResults(readResult(a), readResult(b));
  } catch (e) {
    if (e instanceof RunFolderError) {
      process.stderr.write(`jobset-sim: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(compareText(a, b, rows, flags.all === true));
  if (flags.html) {
    writeAtomic(flags.html, compareHtml(a, b, rows));
    process.stdout.write(`wrote ${flags.html}\n`);
  }
  return 0;
}
