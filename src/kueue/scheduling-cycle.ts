// Kueue's scheduling cycle (scheduler.go schedule): one head per active ClusterQueue nominated, ordered
// (classic or Fair Sharing), then admitted, preempting, reserving capacity or requeued in turn, against the tree
// with the cycle's pending preemptions applied and undone after it.
import { Phase } from '../engine/simulator.js';
import { admit, hold } from './admission.js';
import { EVICTED_REASON, QUOTA_RESERVED_REASON, WORKLOAD_CONDITION } from './api.js';
import type { CqQueue } from './cq-queue.js';
import { type ClassicalEntryKey, compareClassicalEntries } from './entry-order.js';
import { evict } from './eviction.js';
import { FairSharingIterator } from './fair-sharing.js';
import type { Assignment } from './flavor-assigner.js';
import type { KueueState } from './kueue-state.js';
import { nominate, recompute } from './nomination.js';
import { targetMessage } from './preemption-message.js';
import type { PreemptionTarget } from './preemption-types.js';
import type { FlavorResource } from './quota.js';
import { park, requeue, requeueWaiting } from './requeue.js';
import { canAlwaysReclaim, quotaResourcesToReserve } from './reservation.js';
import { applyTasUsage, type TasUsage, tasFits } from './tas/placement.js';
import type { Entry, Tracked, TreeOp } from './tracked.js';

export function kick(k: KueueState): void {
  if (k.cycleScheduled) return;
  k.cycleScheduled = true;
  k.ctx.sim.after(k.ctx.lat.kueueCycle, Phase.Controller, () => {
    k.cycleScheduled = false;
    cycle(k);
  });
}

/** Scheduler.schedule: one head per active ClusterQueue, nominated, ordered, then admitted or requeued in turn. */
export function cycle(k: KueueState): void {
  if (k.active.size === 0) return;
  const entries: Entry[] = [];
  // AFS: LocalQueue usages as of now (samples due, penalties), the heaps reordered where they changed.
  if (k.afs) for (const queue of k.active) if (k.afs.refresh(queue.cq.metadata.name)) queue.heapify();
  for (const queue of [...k.active].sort((a, b) => a.index - b.index)) {
    if (!queue.offersHead()) continue;
    const t = queue.pop();
    if (t) entries.push(nominate(k, t, queue));
  }
  if (entries.length === 0) return;
  k.inCycle = true;
  const ops: TreeOp[] = [];
  const removed = new Set<Tracked>();
  const admittedCqs = new Set<string>();
  applyPendingPreemptions(k, entries, ops, removed);
  let admitted = 0;
  const decide = (e: Entry) => {
    if (process(k, e, ops, removed)) {
      admitted++;
      admittedCqs.add(e.queue.cq.metadata.name);
    }
  };
  try {
    if (k.objs.config.fairSharing) {
      const byKey = new Map(entries.map((e) => [e.t.key, e]));
      const it = new FairSharingIterator(
        k.tree,
        entries.map((e) => ({
          key: e.t.key,
          clusterQueue: e.queue.cq.metadata.name,
          priority: e.t.priority,
          queueOrderTimestamp: e.t.queueTs,
          usage: e.assignment.usage,
          isPreemptor: isPreemptor(k, e.t, e.queue),
        })),
        { weights: k.weights, prioritizePreemptorWorkloads: k.prioritizePreemptors },
      );
      for (;;) {
        const next = it.pop();
        if (!next) break;
        decide(byKey.get(next.key)!);
      }
    } else {
      const key = (e: Entry): ClassicalEntryKey => ({
        isPreemptor: isPreemptor(k, e.t, e.queue),
        borrowing: e.assignment.borrowing,
        priority: e.t.priority,
        queueTs: e.t.queueTs,
        seq: e.t.seq,
      });
      const keys = new Map(entries.map((e) => [e, key(e)]));
      entries.sort((a, b) => compareClassicalEntries(keys.get(a)!, keys.get(b)!, k.prioritizePreemptors));
      for (const e of entries) decide(e);
    }
  } finally {
    for (let i = ops.length - 1; i >= 0; i--) undoOp(k, ops[i]!);
    k.inCycle = false;
    k.preemptedInCycle.clear();
    holdAdmittedInCycle(k);
  }
  // The metrics read admitted usage, once the cycle's reservations are undone (same instant: no area changes).
  for (const cq of admittedCqs) k.stats.usageChanged(cq, k.tree);
  // Heads remain (or something was admitted): another cycle. Otherwise wait for a workload or freed quota.
  if (admitted > 0 || k.active.size > 0) kick(k);
}

/**
 * What upstream's retry of every waiting preemptor does to each cycle (scheduler.go processEntry and fits): its
 * victims' usage is simulated away (SimulateWorkloadUsageRemoval of the cycle's preempted workloads) and its own
 * usage added (`cq.AddUsage`), so that the workloads after it cannot take the quota being freed for it. Here for
 * every parked preemptor of the cohort trees this cycle's heads belong to, for the processing only (the
 * nominations above saw the tree as it is, as upstream's nominate sees the snapshot).
 */
export function applyPendingPreemptions(
  k: KueueState,
  entries: readonly Entry[],
  ops: TreeOp[],
  removed: Set<Tracked>,
): void {
  if (k.parkedByRoot.size === 0 && k.reservingByRoot.size === 0) return;
  const roots = new Set<string>();
  for (const e of entries) roots.add(e.queue.root);
  for (const root of roots) {
    for (const p of k.parkedByRoot.get(root) ?? []) {
      for (const v of p.parked!.victims) simulateRemoval(k, v, ops, removed);
      treeOp(k, ops, p.cq!, p.parked!.usage, true, p.parked!.tasUsage);
    }
    // A blocked StrictFIFO head is re-popped every cycle upstream and reserves again each time.
    for (const r of k.reservingByRoot.get(root) ?? []) treeOp(k, ops, r.cq!, r.reserved!, true, r.reservedTas);
  }
}

export function holdAdmittedInCycle(k: KueueState): void {
  for (const t of k.admittedInCycle) if (!t.admittedView && t.usage) hold(k, t);
  k.admittedInCycle.length = 0;
}

export function simulateRemoval(k: KueueState, v: Tracked, ops: TreeOp[], removed: Set<Tracked>): void {
  if (removed.has(v) || v.phase !== 'evicting' || !v.usage || !v.cq) return;
  removed.add(v);
  treeOp(k, ops, v.cq, v.usage, false, v.tasUsage);
}

export function treeOp(
  k: KueueState,
  ops: TreeOp[],
  cq: string,
  usage: ReadonlyMap<FlavorResource, number>,
  add: boolean,
  tas?: TasUsage,
): void {
  if (add) k.tree.addUsage(cq, usage);
  else k.tree.removeUsage(cq, usage);
  if (tas) applyTasUsage(k.tas, tas, add ? 1 : -1);
  ops.push({ cq, usage, add, ...(tas ? { tas } : {}) });
}

export function undoOp(k: KueueState, op: TreeOp): void {
  if (op.add) k.tree.removeUsage(op.cq, op.usage);
  else k.tree.addUsage(op.cq, op.usage);
  if (op.tas) applyTasUsage(k.tas, op.tas, op.add ? -1 : 1);
}

/** fits(): the entry's TAS usage, with its targets' TAS usage simulated away. */
export function tasFitsWith(k: KueueState, e: Entry, removed: ReadonlySet<Tracked>): boolean {
  if (e.assignment.tasUsage.size === 0) return true;
  const victims: TasUsage[] = [];
  for (const x of e.targets ?? []) {
    const v = k.byKey.get(x.workload.key);
    if (v?.tasUsage && !removed.has(v)) victims.push(v.tasUsage);
  }
  for (const u of victims) applyTasUsage(k.tas, u, -1);
  try {
    return tasFits(k.tas, e.assignment.tasUsage);
  } finally {
    for (const u of victims) applyTasUsage(k.tas, u, 1);
  }
}

/**
 * reserveCapacityForUnreclaimablePreempt: a Preempt entry without candidates holds quotaResourcesToReserve, and
 * the TAS usage of its empty-cluster placement, for the rest of the cycle, unless its ClusterQueue can always
 * reclaim (reclaimWithinCohort Any), so that a workload of another ClusterQueue cannot borrow the capacity (or take
 * the domains) it waits for. A StrictFIFO head stays at the head and reserves again every cycle upstream: here it
 * holds the reservation while it blocks its queue.
 */
export function reserve(
  k: KueueState,
  t: Tracked,
  queue: CqQueue<Tracked>,
  assignment: Assignment,
  ops: TreeOp[],
): void {
  // scheduler.go reserveCapacityForUnreclaimablePreempt: `!CanAlwaysReclaim(cq) || (PrioritizePreemptorWorkloads
  // && e.IsPreemptor)`.
  if (canAlwaysReclaim(queue.cq.spec?.preemption) && !isPreemptor(k, t, queue)) return;
  const cq = queue.cq.metadata.name;
  const reserved = quotaResourcesToReserve(assignment, k.tree, cq);
  const tas = assignment.tasUsage.size > 0 ? assignment.tasUsage : undefined;
  treeOp(k, ops, cq, reserved, true, tas);
  if (!queue.strict) return;
  t.reserved = reserved;
  if (tas) t.reservedTas = tas;
  let set = k.reservingByRoot.get(queue.root);
  if (!set) k.reservingByRoot.set(queue.root, (set = new Set()));
  set.add(t);
}

export function unreserve(k: KueueState, t: Tracked): void {
  if (!t.reserved) return;
  t.reserved = undefined;
  t.reservedTas = undefined;
  const set = k.reservingByRoot.get(t.root);
  set?.delete(t);
  if (set?.size !== 0) return;
  // What waited behind the reservation tries again (the head is being re-evaluated, or is gone).
  k.reservingByRoot.delete(t.root);
  if (!k.parkedByRoot.has(t.root)) requeueWaiting(k, t.root);
}

/** One entry against the live quota: admit, preempt, or requeue. Returns whether it was admitted. */
export function process(k: KueueState, e0: Entry, ops: TreeOp[], removed: Set<Tracked>): boolean {
  let e = e0;
  // updateAssignmentIfNeeded: a placement that no longer fits (another entry of this cycle took its domains) is
  // recomputed on the live state.
  if (
    e.tas &&
    (e.mode === 'Fit' || (e.mode === 'Preempt' && (e.targets?.length ?? 0) > 0)) &&
    !tasFitsWith(k, e, removed)
  )
    e = recompute(k, e);
  const { t, queue, assignment } = e;
  const cq = queue.cq.metadata.name;
  if (e.mode === 'Fit') {
    if (!k.tree.fits(cq, assignment.usage).fits || !tasFits(k.tas, assignment.tasUsage)) {
      skip(k, t, queue, 'Workload no longer fits after processing another workload');
      return false;
    }
    admit(k, t, queue, assignment);
    return true;
  }
  if (e.mode === 'Preempt') {
    const targets = e.targets ?? [];
    if (targets.length === 0) {
      reserve(k, t, queue, assignment, ops);
      requeue(k, t, queue, QUOTA_RESERVED_REASON.WaitingForQuota, assignment.message(), true);
      return false;
    }
    // scheduler.go processEntry: no two preemptors of a cycle share a target (preemptedWorkloads.HasAny).
    const chosen: [Tracked, PreemptionTarget][] = [];
    for (const target of targets) {
      const victim = k.byKey.get(target.workload.key);
      if (victim) chosen.push([victim, target]);
    }
    if (chosen.some(([v]) => k.preemptedInCycle.has(v))) {
      skip(k, t, queue, 'Workload has overlapping preemption targets with another workload');
      return false;
    }
    // scheduler.go fits(): with the usage of every workload preempted in this cycle, this one's targets
    // included, simulated away.
    const mark = ops.length;
    for (const [victim] of chosen) {
      if (!removed.has(victim) && victim.usage && victim.cq)
        treeOp(k, ops, victim.cq, victim.usage, false, victim.tasUsage);
    }
    if (!k.tree.fits(cq, assignment.usage).fits || !tasFits(k.tas, assignment.tasUsage)) {
      for (let i = ops.length - 1; i >= mark; i--) undoOp(k, ops[i]!);
      ops.length = mark;
      skip(k, t, queue, 'Workload no longer fits after processing another workload');
      return false;
    }
    for (const [victim, target] of chosen) {
      removed.add(victim);
      k.preemptedInCycle.add(victim);
      if (victim.phase !== 'admitted') continue;
      const msg = targetMessage(
        k.tree,
        { uid: t.wl.metadata.uid, clusterQueue: cq, jobUID: t.wl.metadata.labels?.['kueue.x-k8s.io/job-uid'] },
        target,
      );
      evict(k, victim, EVICTED_REASON.Preempted, msg, target.reason);
    }
    k.setCondition(
      t,
      WORKLOAD_CONDITION.QuotaReserved,
      'False',
      QUOTA_RESERVED_REASON.WaitingForPreemptedWorkloads,
      `${assignment.message() || 'Waiting for preempted workloads'}. Pending the preemption of ${targets.length} workload(s)`,
    );
    t.phase = 'inadmissible';
    // markPreemptionOutcome → requeueReason PendingPreemption → requeueIfNotPresent sets the queue's preemptor.
    queue.preemptor = t;
    park(
      k,
      t,
      queue,
      assignment.usage,
      chosen.map(([v]) => v),
      ops,
      assignment.tasUsage,
    );
    return false;
  }
  requeue(k, t, queue, assignment.noFitReason || QUOTA_RESERVED_REASON.Pending, assignment.message(), true);
  return false;
}

/**
 * Skipped in this cycle (upstream: markSkipped, then requeued to the heap and retried next cycle). While
 * preemptions are pending in its cohort tree, retrying before quota is freed cannot change the answer: it waits
 * for the next release there instead.
 */
export function skip(k: KueueState, t: Tracked, queue: CqQueue<Tracked>, message: string): void {
  k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.WaitingForQuota, message);
  if (k.parkedByRoot.has(queue.root) || k.reservingByRoot.has(queue.root)) {
    t.phase = 'inadmissible';
    queue.waiting.add(t);
    return;
  }
  queue.push(t);
}

/**
 * queue.Manager.heads: Head.IsPreemptor = cq.IsPreemptor(wl) (the queue's `pw` matches the workload), read only
 * with the PrioritizePreemptorWorkloads gate.
 */
export function isPreemptor(k: KueueState, t: Tracked, queue: CqQueue<Tracked>): boolean {
  return k.prioritizePreemptors && queue.preemptor === t;
}
