// Trace formats (CONTRACT.md §2 TraceReplay): which CSV columns hold a row's id, size, submit time and duration,
// and how a row's cells become a TraceRow. Every bad cell is reported with its line and column.
import type { CsvTable } from './csv-table.js';

export type TraceFormat = 'tiresias' | 'openb' | 'csv';
export const TRACE_FORMATS: readonly TraceFormat[] = ['tiresias', 'openb', 'csv'];

/** One trace row, in seconds and whole units. */
export interface TraceRow {
  id: string;
  /** 1-based line of the file. */
  line: number;
  submitTime: number;
  duration: number;
  /** Whole GPUs (an openb GPU share below 1000 milli is counted here as 1; see `gpuShare`). */
  gpus: number;
  /** openb: a fractional GPU request (gpu_milli < 1000 with num_gpu 1). */
  gpuShare?: boolean;
  /** openb: gpu_milli as pod_csv_to_yaml.py writes the annotation (above 1000 → 1000, ≤ 0 → 0), when num_gpu > 0. */
  gpuMilli?: number;
  cpuMilli?: number;
  memoryMiB?: number;
  /** openb: GPU models the pod may run on (`V100M16|V100M32`), empty = any. */
  gpuModels?: string[];
}

/** The fields a `csv` trace maps with `columns:` (its keys), with whether each is required. */
export const CSV_FIELDS = {
  id: true,
  submitTime: true,
  duration: false,
  endTime: false,
  gpus: false,
  cpuMilli: false,
  memoryMiB: false,
} as const;
export type CsvField = keyof typeof CSV_FIELDS;

/** The column of each field in the fixed formats. */
const FIXED: Record<'tiresias' | 'openb', Partial<Record<CsvField | 'gpuMilli' | 'gpuSpec', string>>> = {
  tiresias: { id: 'job_id', gpus: 'num_gpu', submitTime: 'submit_time', duration: 'duration' },
  openb: {
    id: 'name',
    cpuMilli: 'cpu_milli',
    memoryMiB: 'memory_mib',
    gpus: 'num_gpu',
    gpuMilli: 'gpu_milli',
    gpuSpec: 'gpu_spec',
    submitTime: 'creation_time',
    endTime: 'deletion_time',
  },
};

/** A problem with the trace: `column` set when a mapped or required column is missing from the header. */
export interface TraceProblem {
  message: string;
  /** The `columns:` key whose column is missing (csv format). */
  field?: CsvField;
}

export interface ParsedTrace {
  rows: TraceRow[];
  problems: TraceProblem[];
}

const MAX_CELL_PROBLEMS = 5;

/** Reads rows out of a parsed CSV table. `file` is the path as the user wrote it, for messages. */
export function traceRows(
  table: CsvTable,
  format: TraceFormat,
  file: string,
  columns: Partial<Record<CsvField, string>> = {},
): ParsedTrace {
  const problems: TraceProblem[] = [];
  const map = format === 'csv' ? columns : FIXED[format];
  const at = new Map(table.header.map((h, i) => [h, i]));
  const have = `columns: ${table.header.join(', ')}`;
  const index: Partial<Record<string, number>> = {};
  for (const [field, col] of Object.entries(map)) {
    if (col === undefined) continue;
    const i = at.get(col);
    if (i === undefined) {
      problems.push(
        format === 'csv'
          ? { field: field as CsvField, message: `column "${col}" is not in ${file} (${have})` }
          : { message: `${file} has no column "${col}", which format ${format} requires (${have})` },
      );
    } else index[field] = i;
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: TraceRow[] = [];
  let bad = 0;
  const cellProblem = (line: number, col: string, message: string) => {
    bad++;
    if (bad <= MAX_CELL_PROBLEMS) problems.push({ message: `${file} line ${line}, column ${col}: ${message}` });
  };
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const cell = (field: string): string | undefined => {
      const i = index[field];
      return i === undefined ? undefined : cells[i];
    };
    const num = (field: string, kind: 'int' | 'number', fallback?: number): number | undefined => {
      const raw = cell(field);
      if (raw === undefined) return fallback;
      const v = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(v) || v < 0 || (kind === 'int' && !Number.isInteger(v))) {
        const what = kind === 'int' ? 'a non-negative integer' : 'a non-negative number';
        cellProblem(line, map[field as CsvField] ?? field, `expected ${what}, got ${JSON.stringify(raw)}`);
        return undefined;
      }
      return v;
    };
    const id = cell('id') ?? '';
    if (id === '') {
      cellProblem(line, map.id ?? 'id', 'expected a row id, got an empty cell');
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      cellProblem(line, map.id ?? 'id', `duplicate row id ${JSON.stringify(id)} (first on line ${first})`);
      continue;
    }
    seen.set(id, line);
    const submitTime = num('submitTime', 'number');
    let duration = num('duration', 'number');
    const end = num('endTime', 'number');
    const gpus = num('gpus', 'int', 0);
    const cpuMilli = num('cpuMilli', 'number');
    const memoryMiB = num('memoryMiB', 'number');
    const gpuMilli = num('gpuMilli', 'int');
    if (submitTime === undefined || gpus === undefined) continue;
    if (duration === undefined && end !== undefined) {
      if (end < submitTime) {
        cellProblem(line, map.endTime ?? 'endTime', `ends (${end}) before it is submitted (${submitTime})`);
        continue;
      }
      duration = end - submitTime;
    }
    if (duration === undefined) continue;
    const row: TraceRow = { id, line, submitTime, duration, gpus };
    // openb: num_gpu 1 with gpu_milli below 1000 is a share of one GPU (GPU sharing); whole GPUs otherwise.
    if (format === 'openb' && gpus === 1 && gpuMilli !== undefined && gpuMilli < 1000) row.gpuShare = true;
    if (format === 'openb' && gpus > 0 && gpuMilli !== undefined) row.gpuMilli = Math.min(1000, Math.max(0, gpuMilli));
    if (cpuMilli !== undefined) row.cpuMilli = cpuMilli;
    if (memoryMiB !== undefined) row.memoryMiB = memoryMiB;
    const spec = cell('gpuSpec');
    if (spec !== undefined && spec !== '' && spec !== 'nan') row.gpuModels = spec.split('|').filter(Boolean);
    rows.push(row);
  }
  if (bad > MAX_CELL_PROBLEMS) {
    problems.push({ message: `${file}: ${bad - MAX_CELL_PROBLEMS} more bad cells not listed (${bad} in all)` });
  }
  return { rows, problems };
}
