// The piscina worker of `predict`: the plan arrives once per thread as workerData; each task is one future's seed.
import { workerData } from 'piscina';
import { runFuture } from './future.js';
import type { FutureOutcome, PredictPlan } from './types.js';

const plan = workerData as PredictPlan;

export default function runSeed(seed: number): FutureOutcome {
  return runFuture(plan, seed);
}
