// The result JSON of CONTRACT.md §4: deterministic (no wall-clock values), seconds since the start.

import type { JobSetStatus } from '../api/jobset.js';
import type { ProgressSummary } from '../faults/progress.js';
import type { BareWorkloadResult } from '../kueue/bare-workload.js';
import type { ScenarioWarning } from '../scenario/model.js';
import type { Collector, JobSetRecord } from './collector.js';
import { type Distribution, distribution, roundUs } from './stats.js';
import type { WindowUs } from './window.js';

export const RESULT_SCHEMA = 'jobset-sim/result/v1';

export type UnfinishedReason = 'NeverSchedulable' | 'Pending' | 'Queued' | 'Running' | 'Suspended' | 'Deleted';

export interface JobSetResult {
  namespace: string;
  name: string;
  submittedAt: number;
  admittedAt: number | null;
  runningAt: number | null;
  finishedAt: number | null;
  terminalState: 'Completed' | 'Failed' | null;
  unfinishedReason: UnfinishedReason | null;
  status: JobSetStatus | null;
  queue: null | {
    localQueue: string;
    clusterQueue: string;
    admissions: number;
    evictions: number;
    flavors: Record<string, Record<string, string>>;
  };
  /** The training-progress model's figures (src/faults/progress.ts), for a JobSet with its annotations. */
  progress?: ProgressSummary;
}

export interface Metrics {
  jobsets: { submitted: number; completed: number; failed: number; unfinished: number };
  queueWait: Distribution;
  startup: Distribution;
  completionTime: Distribution;
  makespan: number | null;
  utilization: Record<string, number>;
  restarts: number;
  evictions: Record<string, number>;
  preemptions: number;
  [key: string]: unknown;
}

export interface Result {
  schema: string;
  scenario: { name: string; seed: number; files: string[] };
  end: number;
  jobsets: JobSetResult[];
  metrics: Metrics;
  warnings: ScenarioWarning[];
  /** Step functions over time (src/metrics/series.ts; README "Outputs"), absent with seriesMaxPoints 0. */
  series?: Record<string, unknown>;
  /** The bare Workloads (`kind: Workload` in the scenario), absent when there are none. */
  workloads?: BareWorkloadResult[];
}

function unfinishedReason(r: JobSetRecord): UnfinishedReason {
  if (r.deleted) return 'Deleted';
  if (r.neverSchedulable) return 'NeverSchedulable';
  if (r.waitingForKueue) return 'Queued';
  const conds = r.last?.status.conditions ?? [];
  if (r.last?.spec.suspend || conds.some((c) => c.type === 'Suspended' && c.status === 'True')) return 'Suspended';
  if (r.admittedAt === null) return 'Queued';
  if (r.running.size > 0) return 'Running';
  return 'Pending';
}

export function buildResult(input: {
  name: string;
  seed: number;
  files: string[];
  endUs: number;
  collector: Collector;
  warnings: ScenarioWarning[];
  preemptions: number;
  /** The measurement window (µs): only JobSets submitted in [start, end) count in the statistics. */
  window?: WindowUs;
}): Result {
  const w = input.window;
  const jobsets: JobSetResult[] = [];
  const queueWait: number[] = [];
  const startup: number[] = [];
  const toRunning: number[] = [];
  const completion: number[] = [];
  let completed = 0;
  let failed = 0;
  let restarts = 0;
  let makespan: number | null = null;
  let counted = 0;
  for (const r of input.collector.jobsets.values()) {
    const status = r.last ? structuredClone(r.last.status) : null;
    const terminal =
      status?.terminalState === 'Completed' || status?.terminalState === 'Failed' ? status.terminalState : null;
    const result: JobSetResult = {
      namespace: r.namespace,
      name: r.name,
      submittedAt: r.submittedAt,
      admittedAt: r.admittedAt,
      runningAt: r.runningAt,
      finishedAt: r.finishedAt,
      terminalState: terminal,
      unfinishedReason: terminal ? null : unfinishedReason(r),
      status,
      queue: r.queue ? structuredClone(r.queue) : null,
    };
    jobsets.push(result);
    const submittedUs = Math.round(r.submittedAt * 1e6);
    if (w && (submittedUs < w.start || submittedUs >= w.end)) continue; // warm-up or drain: listed, not counted
    counted++;
    if (terminal === 'Completed') completed++;
    if (terminal === 'Failed') failed++;
    restarts += status?.restarts ?? 0;
    if (r.admittedAt !== null) queueWait.push(r.admittedAt - r.submittedAt);
    if (r.runningAt !== null && r.admittedAt !== null) startup.push(r.runningAt - r.admittedAt);
    if (r.runningAt !== null) toRunning.push(r.runningAt - r.submittedAt);
    if (r.finishedAt !== null) {
      completion.push(r.finishedAt - r.submittedAt);
      makespan = Math.max(makespan ?? 0, r.finishedAt);
    }
  }
  const n = counted;
  return {
    schema: RESULT_SCHEMA,
    scenario: { name: input.name, seed: input.seed, files: input.files },
    end: roundUs(input.endUs / 1e6),
    jobsets,
    metrics: {
      jobsets: { submitted: n, completed, failed, unfinished: n - completed - failed },
      queueWait: distribution(queueWait),
      startup: distribution(startup),
      timeToAllRunning: distribution(toRunning),
      completionTime: distribution(completion),
      makespan,
      utilization: input.collector.utilization(input.endUs),
      restarts,
      evictions: {},
      preemptions: input.preemptions,
      ...(w ? { window: { start: w.start / 1e6, end: roundUs(Math.min(w.end, input.endUs) / 1e6) } } : {}),
    },
    warnings: input.warnings,
  };
}
