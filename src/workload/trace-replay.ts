// TraceReplay (CONTRACT.md §2): the rows of a trace file become JobSets named `<TraceReplay name>-<row id>`,
// created at the row's submit time, each pod running for the row's duration.
import type { JobSet } from '../api/jobset.js';
import { CsvError, readCsv } from './csv-table.js';
import { buildJobSet, type JobsBlock } from './jobset-builder.js';
import { type CsvField, type TraceFormat, type TraceProblem, traceRows } from './trace-formats.js';

export interface TraceReplaySpec {
  name: string;
  /** As written in the YAML (for messages). */
  file: string;
  format: TraceFormat;
  columns: Partial<Record<CsvField, string>>;
  /** The first N rows; 0 = all. */
  limit: number;
  jobs: JobsBlock;
  /**
   * openb GPU requests: `share` (default) as Open-GPU-Share pods (one pod per row, per-device milli and count in
   * annotations); `roundUp`: whole `jobs.gpuResource` GPUs, a share rounded up to one GPU (GpuShareRoundedUp).
   */
  gpuSharing: GpuSharing;
}

export type GpuSharing = 'share' | 'roundUp';
export const GPU_SHARING_MODES: readonly GpuSharing[] = ['share', 'roundUp'];

export interface ReplayedJobSet {
  object: JobSet;
  /** µs */
  submitAt: number;
  /** 1-based line of the trace, for messages. */
  line: number;
}

export interface ReplayOutcome {
  jobSets: ReplayedJobSet[];
  problems: TraceProblem[];
  /** Rows whose fractional GPU request was rounded up to one whole GPU (openb, `gpuSharing: roundUp`). */
  gpuShareRoundedUp: number;
}

/** Replays trace text (already read from `spec.file`). */
export function replayTrace(spec: TraceReplaySpec, text: string): ReplayOutcome {
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text, spec.limit);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return {
      jobSets: [],
      problems: [{ message: `${spec.file} is not valid CSV: ${e.message}` }],
      gpuShareRoundedUp: 0,
    };
  }
  const { rows, problems } = traceRows(table, spec.format, spec.file, spec.columns);
  let rounded = 0;
  const jobSets: ReplayedJobSet[] = [];
  const share = spec.format === 'openb' && spec.gpuSharing === 'share';
  for (const row of rows) {
    if (row.gpuShare && !share) rounded++;
    const object = buildJobSet(
      {
        name: `${spec.name}-${row.id}`,
        submitTime: row.submitTime,
        duration: row.duration,
        gpus: row.gpus,
        ...(row.cpuMilli !== undefined ? { cpuMilli: row.cpuMilli } : {}),
        ...(row.memoryMiB !== undefined ? { memoryMiB: row.memoryMiB } : {}),
        ...(row.gpuModels ? { gpuModels: row.gpuModels } : {}),
        ...(share && row.gpus > 0
          ? { gpuShare: { milli: row.gpuMilli ?? 1000, count: row.gpus, model: (row.gpuModels ?? []).join('|') } }
          : {}),
      },
      spec.jobs,
    );
    jobSets.push({ object, submitAt: Math.round(row.submitTime * 1e6), line: row.line });
  }
  return { jobSets, problems, gpuShareRoundedUp: rounded };
}
