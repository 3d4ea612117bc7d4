// Runs one task of a sweep: loads the base scenario with the run's overrides and seed, simulates it, and keeps the
// sweep's metrics. Never throws: a failure is the run's result.
import { ScenarioError } from '../scenario/problems.js';
import { simulate } from '../simulate.js';
import { pickMetrics } from './metrics.js';
import { scenarioInputs } from './parsed-files.js';
import type { RunRecord, RunTask } from './record.js';

export function executeRun(task: RunTask): RunRecord {
  const head = { run: task.run, arm: task.arm, params: task.params, seed: task.seed };
  try {
    const opts = { seed: task.seed, sets: task.sets, retainEvents: false };
    const texts = scenarioInputs(task.files);
    const out = simulate(texts ? { texts } : task.files, opts);
    return { ...head, metrics: pickMetrics(out.result.metrics, task.metrics) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ...head, error: { type: 'invalid', message: e.message } };
    return { ...head, error: { type: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}
