// Kueue's tracked workload (one per Workload: what the manager's parts know of it), the cycle's entries and tree
// changes, the manager's hooks, and small helpers on them.
import { parseDuration } from '../scenario/duration.js';
import { type AdmissionCheck, CHECK_DELAY_ANNOTATION } from './admission-checks.js';
import type { Workload } from './api.js';
import type { BareState } from './bare-workload.js';
import type { CqQueue, QueueItem } from './cq-queue.js';
import type { Assignment } from './flavor-assigner.js';
import type { PodSetInfo } from './job-integration.js';
import type { AdmittedWorkload, PreemptionTarget } from './preemption-types.js';
import type { FlavorResource } from './quota.js';
import type { simulationOracle } from './reservation.js';
import type { TasPlacement, TasUsage } from './tas/placement.js';

export type Phase_ = 'pending' | 'inadmissible' | 'admitted' | 'evicting' | 'finished' | 'deactivated';

/**
 * The job kinds Kueue manages here (its jobframework integrations), and `Workload`: a bare Workload with no job,
 * created as is (src/kueue/bare-workload.ts).
 */
export type OwnerKind = 'JobSet' | 'Job' | 'Workload';

export interface Tracked extends QueueItem {
  key: string;
  wl: Workload;
  /** The owner's namespace/name (a JobSet's, or a standalone Job's: see `kind`; a bare Workload's own). */
  jobSet: string;
  kind: OwnerKind;
  /** A Job's own podset info, restored when it is stopped. */
  original?: PodSetInfo;
  lq: string;
  cq: string | undefined;
  /** The root of the ClusterQueue's cohort tree (the ClusterQueue itself without a cohort). */
  root: string;
  priority: number;
  /** Queue-order timestamp (µs): creation, or the eviction for a PodsReadyTimeout requeue. */
  queueTs: number;
  createdAt: number;
  /** When it last entered its queue (creation, or the release after an eviction): time to admission counts from here. */
  queuedAt: number;
  seq: number;
  phase: Phase_;
  usage?: Map<FlavorResource, number>;
  /** TAS usage of its admission (per flavor, domains and pods). */
  tasUsage?: TasUsage;
  flavors?: Record<string, Record<string, string>>;
  admittedAt?: number;
  /** What preemption reads of it while it holds quota (admitted or evicting). */
  admittedView?: AdmittedWorkload;
  readyTimer?: number;
  podsReady: boolean;
  running: Set<string>;
  expectedPods: number;
  requeueCount: number;
  requeueAt?: number;
  /** A bare Workload (src/kueue/bare-workload.ts): the runner's state and the result's counts. */
  bare?: BareState;
  /** Scheduling equivalence hash: priority and pod sets (SchedulingEquivalenceHashing). */
  hash: string;
  /** namespace/LocalQueue, set on first use (localQueueKey). */
  localQueueKey?: string;
  /** A parked preemptor: the usage it waits for and its victims (see `park`). */
  parked?: { usage: Map<FlavorResource, number>; tasUsage?: TasUsage; victims: Tracked[] };
  /** A StrictFIFO head that needs preemption without candidates: the capacity it holds while it blocks its queue. */
  reserved?: Map<FlavorResource, number>;
  /** ...and the TAS part of it (its placement on an empty cluster). */
  reservedTas?: TasUsage;
  /** Quota reserved, admission checks not all Ready yet: the assignment to admit with once they are. */
  awaitingChecks?: Assignment;
  /** Counts quota reservations, so that a check decision for an earlier one is dropped. */
  checkEpoch: number;
  /**
   * The QuotaReserved condition as setCondition last wrote or found it (undefined: not known), so that rewriting the
   * same one does not read the Workload's condition list (the batched requeues rewrite it on every heap workload).
   */
  qrStatus?: string;
  qrReason?: string;
  qrMessage?: string;
}

export interface KueueHooks {
  admitted(
    jobSet: string,
    info: { localQueue: string; clusterQueue: string; flavors: Record<string, Record<string, string>> },
  ): void;
  /** `requeued`: it waits for readmission (false when deactivated). */
  evicted(jobSet: string, reason: string, requeued: boolean): void;
  /** The workload was deactivated and its quota released: its suspended owner waits for nothing any more. */
  deactivated?(kind: OwnerKind, key: string): void;
  /** A bare Workload keeps the run alive (pending, or admitted with a runtime) or no longer does; keyed by uid. */
  live?(uid: string, live: boolean): void;
}

export interface Entry {
  t: Tracked;
  queue: CqQueue<Tracked>;
  assignment: Assignment;
  mode: string;
  /** Preempt mode: the targets found at nomination (upstream computes them in nominate, on the cycle's snapshot). */
  targets?: PreemptionTarget[];
  /** TAS placement for this workload in its ClusterQueue (absent without TAS flavors). */
  tas?: TasPlacement;
}

/** A change made to the tree for the duration of one cycle's processing, undone in reverse order after it. */
export interface TreeOp {
  cq: string;
  usage: ReadonlyMap<FlavorResource, number>;
  add: boolean;
  /** The TAS usage that goes with it (the TAS cache is part of upstream's cycle snapshot). */
  tas?: TasUsage;
}

/** The preemption oracle's last target search within a nomination (reservation.ts OracleInput.searched). */
export type SearchedTargets = Parameters<NonNullable<Parameters<typeof simulationOracle>[0]['searched']>>[0];

/** The workload's LocalQueue, namespace/name (kept: the AFS heap order reads it at every comparison). */
export function localQueueKey(t: Tracked): string {
  t.localQueueKey ??= `${t.key.slice(0, t.key.indexOf('/'))}/${t.lq}`;
  return t.localQueueKey;
}

/** An AdmissionCheck's own decision delay (jobset-sim.dev/admission-check-delay, validated by the loader), µs. */
export function delayOf(ac: AdmissionCheck): number | undefined {
  const v = ac.metadata.annotations?.[CHECK_DELAY_ANNOTATION];
  return v === undefined ? undefined : parseDuration(v);
}

/** byJobSet's key: a JobSet's namespace/name as is, a Job's or bare Workload's prefixed (kinds may share a name). */
export function ownerIndex(kind: OwnerKind, key: string): string {
  return kind === 'JobSet' ? key : `${kind}:${key}`;
}

/** The event log's owner field: `jobSet` or `job` (none for a bare Workload). */
export function ownerField(t: Tracked): { jobSet: string } | { job: string } | Record<string, never> {
  return t.kind === 'JobSet' ? { jobSet: t.jobSet } : t.kind === 'Job' ? { job: t.jobSet } : {};
}

/** computeSchedulingHash (workload.go): effective priority and, per pod set, name, pod spec, count, minCount, topology request. */
export function schedulingHash(wl: Workload, priority: number): string {
  return JSON.stringify([
    priority,
    wl.spec.podSets.map((ps) => [ps.name, ps.count, ps.minCount, ps.topologyRequest, ps.template.spec]),
  ]);
}
