// The piscina worker: one simulation per task (compiled to dist/src/sweep/worker.js for real runs).
import { executeRun } from './execute.js';
import type { RunRecord, RunTask } from './record.js';

export default function runTask(task: RunTask): RunRecord {
  return executeRun(task);
}
