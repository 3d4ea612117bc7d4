// The finish shortcut. Once every pod of the submitted JobSet runs, a future usually spends most of its events on
// the rest of the cluster (other JobSets finishing, arrivals being admitted) while the submitted JobSet waits for its
// pods' durations to pass. When nothing outside the JobSet can touch it any more (isolation, below), what happens
// to it from then on depends only on its own history: its controllers' latencies are fixed per object, its pods'
// durations fixed, and no other object shares a queue, a random draw or a resource with it. So a thread that has run
// one future to the end remembers, under the JobSet's own history up to all-running (record by record, times relative
// to that moment, generated names replaced), how long after that moment it finished; a later future with the same
// history, isolated too, stops at all-running and takes that finish. The outcome is the one the full run gives.
//
// Isolation, checked where it is decided:
// - statically (the loaded scenario): no FaultModel, no Script action; no ClusterQueue that preempts (Kueue's
//   policies all Never, no fairSharing config) and the JobSet's ClusterQueue has no admission checks or stop policy
//   (Kueue never evicts it); the JobSet has no failure or training-progress annotations (no draws of its own);
// - at all-running (the future's cluster): no pod that exists or may be created has a higher priority than its pods
//   with a preemption policy other than Never (kube-scheduler preemption is by strictly higher priority), and PodGC
//   cannot run before the finish: the pods in the store plus a bound on the pods every unfinished or arriving JobSet
//   and Job may still create stay within `--terminated-pod-gc-threshold`.
// The remembered run must itself have been isolated at its all-running moment and must show only the JobSet's
// pods succeeding, its Jobs and itself completing after it (anything else, e.g. an eviction: nothing is remembered).
import type { Job, JobSpec } from '../api/batch.js';
import type { Pod } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { TERMINATED_POD_GC_THRESHOLD } from '../controllers/node/terminated-pod-gc.js';
import type { LogRecord } from '../engine/event-log.js';
import { faultSettings } from '../faults/annotations.js';
import type { Scenario } from '../scenario/model.js';
import type { RunView } from '../simulate.js';
import type { PredictPlan } from './types.js';

/** What a remembered future did after all-running: offsets in µs from that moment. */
export interface Finish {
  endUs: number;
  finishedUs: number;
  terminalState: string;
}

/** The plan's isolation verdict (or why not) and the thread's remembered finishes. */
export interface FinishMemo {
  /** Undefined when the shortcut may apply; else why it never does for this plan. */
  blocked: string | undefined;
  scenario: Scenario;
  /** The highest priority a future's pod may get from a PriorityClass (0 for a pod without one). */
  maxClassPriority: number;
  threshold: number;
  finishes: Map<string, Finish>;
  /** Futures that stopped at all-running with a remembered finish (for tests and benchmarks). */
  taken: number;
}

/** At most this many histories remembered per thread (a key is ≈15 KB of records on the example snapshot). */
export const MAX_REMEMBERED = 1000;

/** Record types the submitted JobSet may show after all-running in a remembered run. */
const AFTER_OK = new Set(['PodSucceeded', 'JobCompleted', 'JobSetCompleted']);
const AFTER_EVENT_OK = new Set(['Completed', 'AllJobsCompleted']);

/** Why Kueue might still evict an admitted workload of `cqName`, or undefined. */
function kueueBlock(scenario: Scenario, cqName: string | undefined): string | undefined {
  const k = scenario.kueue;
  if (k.config.fairSharing !== undefined) return 'fairSharing is configured';
  for (const cq of k.clusterQueues) {
    const p = cq.spec?.preemption;
    if ((p?.withinClusterQueue ?? 'Never') !== 'Never' || (p?.reclaimWithinCohort ?? 'Never') !== 'Never') {
      return `ClusterQueue ${cq.metadata.name} preempts`;
    }
    if ((p?.borrowWithinCohort?.policy ?? 'Never') !== 'Never') return `ClusterQueue ${cq.metadata.name} preempts`;
  }
  const cq = k.clusterQueues.find((c) => c.metadata.name === cqName);
  const spec = cq?.spec as { admissionChecks?: unknown[]; admissionChecksStrategy?: unknown; stopPolicy?: string };
  if (spec?.admissionChecks?.length || spec?.admissionChecksStrategy) return 'its ClusterQueue has admission checks';
  if ((spec?.stopPolicy ?? 'None') !== 'None') return 'its ClusterQueue has a stop policy';
  return undefined;
}

export function makeFinishMemo(plan: PredictPlan, scenario: Scenario): FinishMemo {
  const { namespace, name } = plan.submitted;
  const js = scenario.jobSets.find(
    (e) => (e.object.metadata.namespace ?? 'default') === namespace && e.object.metadata.name === name,
  )?.object;
  let blocked: string | undefined;
  if (plan.seedDependent) blocked = 'the input draws from the seed';
  else if (!js) blocked = 'the submitted JobSet is not in the scenario';
  else if (scenario.faultModels.length > 0) blocked = 'FaultModels';
  else if (scenario.actions.length > 0) blocked = 'Script actions';
  else if (faultSettings(js) !== undefined) blocked = 'the JobSet has failure or progress annotations';
  else if (plan.kueue) blocked = kueueBlock(scenario, plan.clusterQueue);
  let maxClassPriority = 0;
  for (const pc of scenario.priorityClasses) {
    if (pc.preemptionPolicy !== 'Never') maxClassPriority = Math.max(maxClassPriority, pc.value);
  }
  return {
    blocked,
    scenario,
    maxClassPriority,
    threshold: scenario.simulation.terminatedPodGCThreshold ?? TERMINATED_POD_GC_THRESHOLD,
    finishes: new Map(),
    taken: 0,
  };
}

/** The most pods one Job may hold at once: succeeded, failed before its backoff limit, and a set of active ones. */
function jobPodBound(spec: JobSpec): number {
  const p = spec.parallelism ?? 1;
  const succeeded = spec.completions ?? p;
  if (spec.podFailurePolicy?.rules?.some((r) => r.action === 'Ignore')) return Number.POSITIVE_INFINITY;
  const failed =
    spec.backoffLimitPerIndex !== undefined
      ? succeeded * (spec.backoffLimitPerIndex + 1)
      : (spec.backoffLimit ?? 6) + 1;
  return succeeded + failed + p;
}

/** Every attempt's Jobs (a restart deletes the old ones, but count them all). */
function jobSetPodBound(js: JobSet): number {
  const fp = js.spec.failurePolicy;
  if (fp?.rules?.some((r) => r.action === 'RestartJobSetAndIgnoreMaxRestarts')) return Number.POSITIVE_INFINITY;
  let per = 0;
  for (const rj of js.spec.replicatedJobs) per += (rj.replicas ?? 1) * jobPodBound(rj.template.spec);
  return ((fp?.maxRestarts ?? 0) + 1) * per;
}

/**
 * The dynamic half of isolation at all-running: `why` when a pod may preempt one of the JobSet's (`own`) pods; else
 * the pods the store may hold until the finish, without the arrivals still to come (see `arrivalsBound`).
 */
export function isolatedNow(
  memo: FinishMemo,
  view: RunView,
  own: (pod: Pod) => boolean,
): { why?: string; pods: number } {
  let mine = Number.POSITIVE_INFINITY;
  let others = memo.maxClassPriority;
  let pods = 0;
  for (const pod of view.list<Pod>('Pod')) {
    pods++;
    const p = pod.spec.priority ?? 0;
    if (own(pod)) mine = Math.min(mine, p);
    else if (pod.spec.preemptionPolicy !== 'Never') others = Math.max(others, p);
  }
  if (others > mine) return { why: 'a pod may outrank its pods', pods: 0 };
  if (memo.threshold <= 0) return { pods: 0 };
  for (const js of view.list<JobSet>('JobSet')) if (!js.status?.terminalState) pods += jobSetPodBound(js);
  for (const job of view.list<Job>('Job')) {
    const owned = job.metadata.ownerReferences?.some((r) => r.kind === 'JobSet');
    const done = job.status?.conditions?.some(
      (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    if (!owned && !done) pods += jobPodBound(job.spec);
  }
  return { pods };
}

/** Pods the JobSets and Jobs submitted in (fromUs, toUs] may create. */
export function arrivalsBound(scenario: Scenario, fromUs: number, toUs: number): number {
  let pods = 0;
  for (const e of scenario.jobSets) if (e.submitAt > fromUs && e.submitAt <= toUs) pods += jobSetPodBound(e.object);
  for (const e of scenario.jobs) if (e.submitAt > fromUs && e.submitAt <= toUs) pods += jobPodBound(e.object.spec);
  return pods;
}

/**
 * The submitted JobSet's own records, as a key: each record's fields with its time relative to the all-running
 * moment and the names drawn from the run's streams (its pods' suffixes, its Workload's hash) replaced by their order
 * of appearance; the nodes its pods landed on all read `node` (under isolation no node differs for it).
 */
export class History {
  private readonly records: LogRecord[] = [];
  private readonly names = new Map<string, string>();
  private readonly running = new Set<string>();
  private readonly jobs = new Set<string>();
  /** Nodes its pods were bound to: under isolation which node does not matter, so they all read `node`. */
  private readonly nodes = new Set<string>();
  private readonly expected: number;
  /** Set at the record after which every pod runs (µs). */
  allRunningUs: number | undefined;
  /** After all-running: a record of the JobSet that a remembered run may not show. */
  spoiled = false;
  firstPod: string | undefined;

  constructor(
    private readonly key: string,
    js: JobSet,
  ) {
    let expected = 0;
    for (const rj of js.spec.replicatedJobs) {
      const p = rj.template.spec.parallelism ?? 1;
      const c = rj.template.spec.completions ?? p;
      expected += (rj.replicas ?? 1) * Math.min(p, c);
    }
    this.expected = expected;
  }

  /** Its records: those naming it, and the Events of it, its Jobs, pods and Workload. */
  private mine(r: LogRecord): boolean {
    if (r.jobSet === this.key) return true;
    const o = r.object;
    return typeof o === 'string' && (o === this.key || this.jobs.has(o) || this.names.has(o));
  }

  /** One record; true when it is the one after which every pod of the JobSet runs. */
  add(r: LogRecord): boolean {
    if (!this.mine(r)) return false;
    if (this.allRunningUs !== undefined) {
      const ok = AFTER_OK.has(r.type) || (r.type === 'Event' && AFTER_EVENT_OK.has(String(r.reason)));
      if (!ok) this.spoiled = true;
      return false;
    }
    if (r.type === 'PodCreated' && typeof r.pod === 'string') {
      this.names.set(r.pod, `pod#${this.names.size}`);
      this.firstPod ??= r.pod;
    }
    if (r.type === 'WorkloadAdmitted' && typeof r.workload === 'string' && !this.names.has(r.workload)) {
      this.names.set(r.workload, `workload#${this.names.size}`);
    }
    if (r.type === 'PodScheduled' && typeof r.node === 'string') this.nodes.add(r.node);
    if (r.type === 'JobCreated' && typeof r.job === 'string') this.jobs.add(r.job);
    this.records.push(r);
    const pod = String(r.pod);
    if (r.type === 'PodRunning') this.running.add(pod);
    else if (r.type === 'PodSucceeded' || r.type === 'PodFailed' || r.type === 'PodDeleted') this.running.delete(pod);
    if (this.running.size >= this.expected && r.type === 'PodRunning') {
      this.allRunningUs = Math.round(r.t * 1e6);
      return true;
    }
    return false;
  }

  /** The key: every record up to all-running, relative to it. */
  keyNow(): string {
    const at = this.allRunningUs!;
    // Longest first, so that no name is replaced inside a longer one.
    const tokens: [string, string][] = [];
    for (const [name, token] of this.names) tokens.push([name, token], [name.slice(name.indexOf('/') + 1), token]);
    for (const node of this.nodes) tokens.push([node, 'node']);
    tokens.sort((a, b) => b[0].length - a[0].length);
    const canon = (s: string) => {
      let out = s;
      for (const [name, token] of tokens) if (out.includes(name)) out = out.split(name).join(token);
      return out;
    };
    const parts: string[] = [];
    for (const r of this.records) {
      const fields: unknown[] = [Math.round(r.t * 1e6) - at];
      for (const [k, v] of Object.entries(r)) {
        if (k === 't' || k === 'node') continue;
        fields.push(k, typeof v === 'string' ? canon(v) : v);
      }
      parts.push(JSON.stringify(fields));
    }
    return parts.join('\n');
  }
}
