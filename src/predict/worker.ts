// The piscina worker of `predict`. The pool starts while the main thread still parses the input (module loading
// overlaps it), so the plan cannot be workerData: a thread answers `null` to a task until a task brings the plan,
// which it keeps for the rest of its tasks.
import { runFuture } from './future.js';
import type { FutureOutcome, PredictPlan } from './types.js';

export interface FutureTask {
  seed: number;
  /** Sent again only to a thread that answered `null` (it has none yet): 1 MB for a snapshot. */
  plan?: PredictPlan;
}

let plan: PredictPlan | undefined;

export default function runSeed(task: FutureTask): FutureOutcome | null {
  if (task.plan) plan = task.plan;
  return plan ? runFuture(plan, task.seed) : null;
}
