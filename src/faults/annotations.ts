// JobSet annotations of the application-failure and training-progress models (README "Annotations on JobSets").
import type { JobSet } from '../api/jobset.js';
import { parseDuration } from '../scenario/duration.js';

export const FAULT_ANNOTATIONS = {
  /** Work-time to progress (replaces duration): the JobSet completes when this much work is done. */
  totalWork: 'jobset-sim.dev/total-work',
  /** Work-time between checkpoints. */
  checkpointInterval: 'jobset-sim.dev/checkpoint-interval',
  /** Wall time of one blocking checkpoint (no progress while it is written). */
  checkpointCost: 'jobset-sim.dev/checkpoint-cost',
  /** Wall time from all pods running again after an interruption to progress resuming (restore, warm-up). */
  restartOverhead: 'jobset-sim.dev/restart-overhead',
  /** Application failures per hour while every pod runs (a Poisson process). */
  failureRate: 'jobset-sim.dev/failure-rate',
  /** Probability that one run (attempt) fails, at a uniform time within its expected length. */
  failureProbability: 'jobset-sim.dev/failure-probability',
  /** Exit code of an application failure's main container (default 1). */
  failureExitCode: 'jobset-sim.dev/failure-exit-code',
} as const;

export interface FaultSettings {
  totalWork?: number;
  checkpointInterval?: number;
  checkpointCost: number;
  restartOverhead: number;
  /** Per µs of running. */
  failureRate?: number;
  failureProbability?: number;
  failureExitCode: number;
}

/** The settings of a (validated) JobSet, or undefined when it carries none of the annotations. */
export function faultSettings(js: JobSet): FaultSettings | undefined {
  const a = js.metadata.annotations ?? {};
  const A = FAULT_ANNOTATIONS;
  if (![A.totalWork, A.failureRate, A.failureProbability].some((k) => a[k] !== undefined)) return undefined;
  const dur = (k: string) => (a[k] !== undefined ? parseDuration(a[k]) : undefined);
  const out: FaultSettings = {
    checkpointCost: dur(A.checkpointCost) ?? 0,
    restartOverhead: dur(A.restartOverhead) ?? 0,
    failureExitCode: a[A.failureExitCode] !== undefined ? Number(a[A.failureExitCode]) : 1,
  };
  const tw = dur(A.totalWork);
  if (tw !== undefined) out.totalWork = tw;
  const ci = dur(A.checkpointInterval);
  if (ci !== undefined) out.checkpointInterval = ci;
  if (a[A.failureRate] !== undefined) out.failureRate = Number(a[A.failureRate]) / 3600e6;
  if (a[A.failureProbability] !== undefined) out.failureProbability = Number(a[A.failureProbability]);
  return out;
}
