// `jobset-sim compare DIR_A DIR_B [--html FILE] [--all]`: the metrics of two runs with their deltas, or of two sweeps
// per common arm with Welch's t-test; a run folder against a sweep folder is refused.
import { compareHtml, compareResults, compareText } from '../../viz/compare.js';
import { RunFolderError, readResult } from '../../viz/log.js';
import { compareSweeps, sweepCompareHtml, sweepCompareText } from '../../viz/sweep-compare.js';
import { folderKind, readSweepFolder, SweepFolderError } from '../../viz/sweep-data.js';
import { writeAtomic } from './files.js';

export interface CompareFlags {
  html?: string;
  all?: boolean;
}

function kindName(k: 'run' | 'sweep' | null): string {
  return k === 'sweep' ? "a sweep's --out folder (summary.json)" : "a run's --out folder (result.json)";
}

/** Exit code: 0 compared, 1 a folder is not a run's or a sweep's --out folder, or the two are of different kinds. */
export function compareCommand(a: string, b: string, flags: CompareFlags): number {
  let text: string;
  let html: () => string;
  try {
    const ka = folderKind(a);
    const kb = folderKind(b);
    if (ka !== null && kb !== null && ka !== kb) {
      process.stderr.write(
        `jobset-sim: compare: ${a} is ${kindName(ka)} but ${b} is ${kindName(kb)}; compare two runs or two sweeps\n`,
      );
      return 1;
    }
    if (ka === 'sweep' || kb === 'sweep') {
      const c = compareSweeps(readSweepFolder(a).summary, readSweepFolder(b).summary);
      text = sweepCompareText(a, b, c, flags.all === true);
      html = () => sweepCompareHtml(a, b, c);
    } else {
      const rows = compareResults(readResult(a), readResult(b));
      text = compareText(a, b, rows, flags.all === true);
      html = () => compareHtml(a, b, rows);
    }
  } catch (e) {
    if (e instanceof RunFolderError || e instanceof SweepFolderError) {
      process.stderr.write(`jobset-sim: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(text);
  if (flags.html) {
    writeAtomic(flags.html, html());
    process.stdout.write(`wrote ${flags.html}\n`);
  }
  return 0;
}
