// jobset-sim/testing: property-test your own cluster, JobSet and Kueue configurations in CI. fast-check arbitraries
// for scenarios (plain YAML-able documents), invariant checks over a run (live after every event-log record, and
// over the result), and the determinism check.

export { default as fc } from 'fast-check';
export {
  type ClusterGen,
  type ClusterOptions,
  clusterArb,
  gpuPoolArb,
  type PoolShape,
  plainPoolArb,
  tpuPoolArb,
} from './cluster.js';
export { API, type Doc, toYaml } from './docs.js';
export { faultActionArb, faultScriptArb, type ScriptActionDoc } from './faults.js';
export { INVALID_JOBSET_MUTATIONS, type InvalidJobSet, invalidJobSetArb } from './invalid-jobset.js';
export { type CheckedRun, checkInvariants } from './invariants.js';
export {
  EXCLUSIVE_TOPOLOGY,
  type JobSetGen,
  type JobSetOptions,
  jobSetDoc,
  jobSetGenArb,
  jobSetsArb,
  QUEUE_NAME,
} from './jobset.js';
export { type KueueGen, kueueArb } from './kueue.js';
export { InvariantMonitor } from './monitor.js';
export { checkDeterminism, simulateChecked } from './run.js';
export { type ScenarioGen, type ScenarioOptions, scenarioArb, simulationDoc } from './scenario.js';
export { formatViolation, type Rule, type Violation } from './violations.js';
