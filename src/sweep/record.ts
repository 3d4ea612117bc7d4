// One line of runs.jsonl (CONTRACT.md §1): run id, arm, its parameters, seed, and metrics or an error.
import type { MetricValues } from './metrics.js';

export interface RunError {
  /** `invalid`: the run's scenario or an override is invalid (exit 1 of `run`); `internal`: a simulator bug. */
  type: 'invalid' | 'internal';
  message: string;
}

export interface RunRecord {
  run: number;
  arm: number;
  params: Record<string, unknown>;
  seed: number;
  metrics?: MetricValues;
  error?: RunError;
}

/** What a worker is asked to do: one simulation. */
export interface RunTask {
  run: number;
  arm: number;
  params: Record<string, unknown>;
  seed: number;
  files: string[];
  sets: string[];
  metrics: string[];
}
