// jobset-sim, the library: the same runs as the CLI.
export type { LogRecord } from './engine/event-log.js';
export { LATENCY_DEFS, type LatencyName } from './engine/latencies.js';
export { youngDalyInterval } from './faults/distributions.js';
export type { FleetProgress, ProgressSummary } from './faults/progress.js';
export type { FaultModelSpec } from './faults/spec.js';
export type { JobSetResult, Metrics, Result } from './metrics/result.js';
export type { Distribution } from './metrics/stats.js';
export type { Scenario, ScenarioWarning } from './scenario/model.js';
export { type Problem, ScenarioError } from './scenario/problems.js';
export { loadFiles, type SimulateInput, type SimulateOptions, type SimulationRun, simulate } from './simulate.js';
export { mergeSweeps } from './sweep/merge.js';
export { runSweep, SweepError, type SweepOptions } from './sweep/run-sweep.js';
export { parseSweep, readSweepFile, type SweepSpec } from './sweep/spec.js';
export type { SweepSummary } from './sweep/summary.js';
