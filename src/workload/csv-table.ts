// A CSV file as a header and rows (csv-parse, RFC 4180), each row keeping the file line it started on so that a
// bad cell can be reported as `FILE line N`.
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export class CsvError extends Error {}

/** Parses CSV text; the first record is the header. Throws CsvError with csv-parse's own explanation. */
export function readCsv(text: string, limit = 0): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      // header + limit rows: a replay of the first N rows need not parse a large file whole
      ...(limit > 0 ? { to: limit + 1 } : {}),
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new CsvError(e instanceof Error ? e.message : String(e));
  }
  const [head, ...rest] = records;
  if (!head) throw new CsvError('the file is empty (expected a header line)');
  return { header: head.record, rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })) };
}
