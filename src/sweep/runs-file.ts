// runs.jsonl: one JSON line per finished run, appended with one write each as runs finish. After a crash the last
// line may be cut short: it is ignored (and cut off the file) and that run is redone by --resume.
import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import type { RunRecord } from './record.js';

export interface RunsRead {
  records: RunRecord[];
  /** Bytes of whole lines; anything after is a torn last line. */
  goodBytes: number;
  torn: boolean;
}

export function parseRuns(text: string): RunsRead {
  const records: RunRecord[] = [];
  let pos = 0;
  let goodBytes = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // no newline: torn
    const line = text.slice(pos, nl);
    pos = nl + 1;
    if (line.trim() !== '') {
      try {
        records.push(JSON.parse(line) as RunRecord);
      } catch {
        break; // a damaged line: it and what follows are redone
      }
    }
    goodBytes += Buffer.byteLength(line) + 1;
  }
  return { records, goodBytes, torn: goodBytes < Buffer.byteLength(text) };
}

export function readRuns(path: string): RunsRead {
  if (!existsSync(path)) return { records: [], goodBytes: 0, torn: false };
  return parseRuns(readFileSync(path, 'utf8'));
}

/** Appends records to runs.jsonl, each line with a single write. */
export class RunsWriter {
  private readonly fd: number;

  /** `keepBytes`: the file is first cut to this length (dropping a torn last line); undefined empties it. */
  constructor(path: string, keepBytes?: number) {
    if (keepBytes === undefined || !existsSync(path)) writeFileSync(path, '');
    else truncateSync(path, keepBytes);
    this.fd = openSync(path, 'a');
  }

  append(r: RunRecord): void {
    writeSync(this.fd, `${JSON.stringify(r)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
