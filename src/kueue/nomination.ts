// Kueue's nomination (scheduler.go nominate): a head's flavor assignment with the preemption oracle and partial
// admission, its TAS placement, and the preemption targets of a Preempt assignment.
import { indexOf } from './admission.js';
import type { AdmittedIndex } from './admitted-index.js';
import type { CqQueue } from './cq-queue.js';
import { type Assignment, FlavorAssigner } from './flavor-assigner.js';
import type { KueueState } from './kueue-state.js';
import { assignWithPartialAdmission } from './partial-admission.js';
import { getTargets } from './preemption.js';
import type { AdmittedWorkload, PreemptionTarget } from './preemption-types.js';
import type { FlavorResource } from './quota.js';
import { simulationOracle } from './reservation.js';
import { unreserve } from './scheduling-cycle.js';
import { updateForTASResult } from './tas/flavor-assignment.js';
import { applyTasUsage, TasPlacement, type TasUsage, tasFailure } from './tas/placement.js';
import { totalRequestsOf } from './total-requests.js';
import { type Entry, localQueueKey, type SearchedTargets, type Tracked } from './tracked.js';

/**
 * getInitialAssignments: the flavor assignment, with upstream's preemption oracle (the real target search per
 * FlavorResource), its targets when it needs preemption, and partial admission (PodSetReducer) when the full
 * counts neither fit nor find targets. With TAS flavors, the assigner places the TAS podsets after quota, the
 * targets must leave room for the placement, and a Preempt assignment gets its placement (updateAssignmentForTAS).
 * `nominationMapping` pins the flavors (TAS recomputation within the cycle).
 */
export function nominate(
  k: KueueState,
  t: Tracked,
  queue: CqQueue<Tracked>,
  nominationMapping?: Record<string, Record<string, string>>,
): Entry {
  unreserve(k, t);
  const cqName = queue.cq.metadata.name;
  // Standalone Jobs get no TAS placement: the ungater's pod-to-podset mapping is the JobSet's. A bare Workload
  // gets one (it has no pods to ungate).
  const tas =
    k.tas.hasFlavors() && t.kind !== 'Job'
      ? new TasPlacement(k.tas, t.wl.spec.podSets, k.tasOnly.has(cqName))
      : undefined;
  const fairSharing = fairSharingConfig(k);
  // The oracle's last search: getTargets for the same single request on the unchanged tree gives the same answer.
  let searched: SearchedTargets | undefined;
  const assigner = new FlavorAssigner({
    workload: t.wl,
    totalRequests: totalRequestsOf(t.wl),
    clusterQueue: queue.cq,
    quota: k.tree,
    resourceFlavors: k.flavors,
    fairSharing: fairSharing !== undefined,
    oracle: simulationOracle({
      ...holdersOf(k, queue.root),
      preemptor: preemptorOf(t, queue),
      preemption: queue.cq.spec?.preemption,
      ...(fairSharing ? { fairSharing } : {}),
      admissionFairSharing: k.afs !== undefined,
      now: k.ctx.sim.now,
      searched: (s) => {
        searched = s;
      },
    }),
    topologyLevels: (name) => k.topologyLevels.get(name),
    ...(tas ? { tas } : {}),
    ...(nominationMapping ? { nominationMapping } : {}),
  });
  const r = assignWithPartialAdmission(assigner, t.wl.spec.podSets, {
    partialAdmission: k.partialAdmission,
    preemptionTargets: (a) => targetsFor(k, t, queue, a, tas, searched),
  });
  const e: Entry = {
    t,
    queue,
    assignment: r.assignment,
    mode: r.assignment.representativeMode(),
    ...(tas ? { tas } : {}),
  };
  if (e.mode === 'Preempt') {
    e.targets = r.targets;
    updateAssignmentForTAS(k, e);
  }
  return e;
}

/**
 * updateAssignmentForTAS: a Preempt assignment of a TAS workload gets the placement it would have once its targets
 * are gone (their TAS usage simulated away), or, without targets, the placement on an empty cluster, so that the
 * capacity can be reserved for it in this cycle.
 */
export function updateAssignmentForTAS(k: KueueState, e: Entry): void {
  if (!e.tas?.any()) return;
  const requests = e.tas.requests(e.assignment.podSets);
  const targets = e.targets ?? [];
  let result: ReturnType<TasPlacement['find']>;
  if (targets.length > 0) {
    const victims = targets.map((x) => k.byKey.get(x.workload.key)?.tasUsage);
    for (const u of victims) applyTasUsage(k.tas, u, -1);
    try {
      result = e.tas.find(requests);
    } finally {
      for (const u of victims) applyTasUsage(k.tas, u, 1);
    }
  } else result = e.tas.find(requests, { simulateEmpty: true });
  updateForTASResult(e.assignment, e.tas, result);
}

/**
 * TASRecomputeAssignmentWithinSchedulingCycle: the nominated placement collides with one admitted earlier in this
 * cycle, so the assignment is computed again against the live state, pinned to the nominated flavors.
 */
export function recompute(k: KueueState, e: Entry): Entry {
  const mapping: Record<string, Record<string, string>> = {};
  for (const ps of e.assignment.podSets) {
    mapping[ps.name] = {};
    for (const [res, fa] of ps.flavors) mapping[ps.name]![res] = fa.name;
  }
  return nominate(k, e.t, e.queue, mapping);
}

export function fairSharingConfig(k: KueueState) {
  const fs = k.objs.config.fairSharing;
  return fs ? { strategies: fs.preemptionStrategies, weights: k.weights } : undefined;
}

export function preemptorOf(t: Tracked, queue: CqQueue<Tracked>) {
  return {
    key: t.key,
    uid: t.wl.metadata.uid,
    priority: t.priority,
    queueOrderTimestamp: t.queueTs,
    clusterQueue: queue.cq.metadata.name,
  };
}

/**
 * What the target search reads of the workloads holding quota in a cohort tree: the kept index, or with Admission
 * Fair Sharing the views with their LocalQueue usage as of now.
 */
export function holdersOf(k: KueueState, root: string): { index: AdmittedIndex } | { admitted: AdmittedWorkload[] } {
  return k.afs ? { admitted: admittedOf(k, root) } : { index: indexOf(k, root) };
}

/** The views of the workloads holding quota in a cohort tree (rebuilt when that set changes). */
export function admittedOf(k: KueueState, root: string): AdmittedWorkload[] {
  let admitted = k.admittedViews.get(root);
  if (!admitted) {
    admitted = [];
    for (const x of k.holdingByRoot.get(root) ?? []) admitted.push(x.admittedView!);
    k.admittedViews.set(root, admitted);
  }
  const afs = k.afs;
  if (afs) {
    // LocalQueueFSUsage of the snapshot: set for the workloads of AFS ClusterQueues only (read as of now).
    admitted = admitted.map((v) => {
      if (!afs.appliesTo(v.clusterQueue)) return v;
      const localQueue = localQueueKey(k.byKey.get(v.key)!);
      return { ...v, localQueue, localQueueUsage: afs.usageOf(localQueue) };
    });
  }
  return admitted;
}

/** The nomination's targets; with a TAS placement, the removed candidates must also leave room for it. */
export function targetsFor(
  k: KueueState,
  t: Tracked,
  queue: CqQueue<Tracked>,
  assignment: Assignment,
  tas: TasPlacement | undefined,
  searched: SearchedTargets | undefined,
): PreemptionTarget[] {
  const frs = new Set<FlavorResource>();
  for (const ps of assignment.podSets) {
    for (const [res, fa] of ps.flavors) if (fa.mode === 'Preempt') frs.add(`${fa.name}/${res}`);
  }
  // With TAS the search also needs room for the placement (a stricter fit): a quota-only search that found no
  // targets answers it too under classical preemption, which stops at the first fit of the same candidate order.
  if (
    searched &&
    (!tas?.any() || (searched.targets.length === 0 && fairSharingConfig(k) === undefined)) &&
    searched.tree === k.tree &&
    searched.version === k.tree.version &&
    frs.size === 1 &&
    frs.has(searched.flavorResource) &&
    assignment.usage.size === 1 &&
    assignment.usage.get(searched.flavorResource) === searched.quantity
  )
    return searched.targets;
  const fairSharing = fairSharingConfig(k);
  return getTargets({
    tree: k.tree,
    preemptor: { ...preemptorOf(t, queue), usage: assignment.usage },
    preemption: queue.cq.spec?.preemption,
    frsNeedPreemption: frs,
    ...holdersOf(k, queue.root),
    now: k.ctx.sim.now,
    admissionFairSharing: k.afs !== undefined,
    ...(tas?.any() ? { fits: tasPreemptionCheck(k, tas, assignment) } : {}),
    ...(fairSharing ? { fairSharing } : {}),
  });
}

/** preemption's workloadFits, the TAS half: the preemptor placed with the removed candidates' TAS usage gone. */
export function tasPreemptionCheck(
  k: KueueState,
  tas: TasPlacement,
  assignment: Assignment,
): NonNullable<Parameters<typeof getTargets>[0]['fits']> {
  const requests = tas.requests(assignment.podSets);
  return (_tree, _preemptor, removedSet) => {
    const gone: TasUsage[] = [];
    for (const w of removedSet) {
      const u = k.byKey.get(w.key)?.tasUsage;
      if (u) gone.push(u);
    }
    for (const u of gone) applyTasUsage(k.tas, u, -1);
    try {
      return tasFailure(tas.find(requests)) === undefined;
    } finally {
      for (const u of gone) applyTasUsage(k.tas, u, 1);
    }
  };
}
