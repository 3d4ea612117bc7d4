// Reading a run's folder: result.json and the event log, the latter line by line in fixed-size chunks so a large
// events.jsonl is never held whole in memory (viz/ reads results, never the engine).
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { LogRecord } from '../src/engine/event-log.js';
import type { Result } from '../src/metrics/result.js';

export type { LogRecord, Result };

/** Calls `each` with every JSON record of a JSON-lines file (blank lines skipped; a truncated last line ignored). */
export function forEachLine(file: string, each: (r: LogRecord) => void): void {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + buf.toString('utf8', 0, n);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) each(JSON.parse(line) as LogRecord);
    }
  } finally {
    closeSync(fd);
  }
  if (rest.trim()) {
    try {
      each(JSON.parse(rest) as LogRecord);
    } catch {
      // A truncated last line (a crash mid-write) carries no complete record.
    }
  }
}

export class RunFolderError extends Error {}

/** The result of a run's `--out` folder, with a message naming the folder and file when it is not one. */
export function readResult(dir: string): Result {
  const file = join(dir, 'result.json');
  if (!existsSync(file)) throw new RunFolderError(`${dir}: no result.json (expected the --out folder of a run)`);
  let r: Result;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as Result;
  } catch (e) {
    throw new RunFolderError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.schema !== 'string' ||
    !r.schema.startsWith('jobset-sim/result/')
  ) {
    throw new RunFolderError(`${file}: schema: expected "jobset-sim/result/v1"`);
  }
  return r;
}
