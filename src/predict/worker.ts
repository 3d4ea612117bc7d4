// The piscina worker of `predict`: each task is one future's seed and the plan, serialized once by the main thread
// into a SharedArrayBuffer (shared, not copied, by each message); a thread deserializes it on its first task only.
// The pool starts before the plan exists (its threads load their modules while the main thread parses the input),
// so the plan cannot be the pool's workerData.
import { deserialize } from 'node:v8';
import { runFuture } from './future.js';
import type { FutureOutcome, PredictPlan } from './types.js';

export interface FutureTask {
  seed: number;
  /** Which plan (a thread serves one pool and a pool one plan; the id guards that). */
  planId: number;
  /** v8.serialize(plan): the same structured clone a pool's workerData would make. */
  plan: SharedArrayBuffer;
}

let cached: { id: number; plan: PredictPlan } | undefined;

export default function runSeed(task: FutureTask): FutureOutcome {
  if (cached?.id !== task.planId) cached = { id: task.planId, plan: deserialize(new Uint8Array(task.plan)) };
  return runFuture(cached.plan, task.seed);
}
