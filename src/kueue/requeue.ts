// Kueue's queueing of pending workloads: into the heap or inadmissible (equivalence hashing), requeued after a
// failed nomination, parked preemptors and blocked heads, and the batched requeues when quota or capacity is freed.
import { Phase } from '../engine/simulator.js';
import { WORKLOAD_CONDITION } from './api.js';
import type { CqQueue } from './cq-queue.js';
import type { KueueState } from './kueue-state.js';
import type { FlavorResource } from './quota.js';
import { kick, treeOp } from './scheduling-cycle.js';
import type { TasUsage } from './tas/placement.js';
import type { Tracked, TreeOp } from './tracked.js';

/**
 * PushOrUpdate: into the heap, unless its equivalence class was bulk-moved to inadmissible since the last
 * inadmissible requeue (SchedulingEquivalenceHashing, BestEffortFIFO only).
 */
export function enqueue(k: KueueState, t: Tracked, queue: CqQueue<Tracked>): void {
  if (k.equivalenceHashing && !queue.strict && queue.bulkHashes.has(t.hash)) {
    t.phase = 'inadmissible';
    queue.inadmissible.add(t);
    return;
  }
  t.phase = 'pending';
  queue.push(t);
}

/**
 * A failed attempt: parked until quota is freed (BestEffortFIFO), or blocking the queue (StrictFIFO). `noFit`
 * (NoFit or NoCandidates): with SchedulingEquivalenceHashing, every heap workload of the same hash goes to
 * inadmissible with it, with the same reason (cluster_queue.go requeueIfNotPresent, handleInadmissibleHash).
 */
export function requeue(
  k: KueueState,
  t: Tracked,
  queue: CqQueue<Tracked>,
  reason: string,
  message: string,
  noFit = false,
): void {
  k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', reason, message);
  if (queue.strict) {
    queue.push(t);
    queue.blocked = true;
    return;
  }
  t.phase = 'inadmissible';
  queue.inadmissible.add(t);
  if (!noFit || !k.equivalenceHashing) return;
  queue.bulkHashes.add(t.hash);
  // The others stay in their (hash's) heap, moved whole; phase 'pending' and 'inadmissible' are read alike.
  for (const x of queue.moveToInadmissible(t.hash, 'False', reason, message))
    k.setCondition(x, WORKLOAD_CONDITION.QuotaReserved, 'False', reason, message);
}

/**
 * A preemptor that issued its preemptions waits for its victims' quota, parked until quota is freed in its cohort
 * tree. Its usage counts as taken (and its victims' as gone) in this cycle's remaining processing and in every
 * later cycle's while it is parked (applyPendingPreemptions): without that, the quota a victim frees went back to
 * the workloads behind it (often the victims themselves) and the preemptor had to preempt again, without end.
 */
export function park(
  k: KueueState,
  t: Tracked,
  queue: CqQueue<Tracked>,
  usage: ReadonlyMap<FlavorResource, number>,
  victims: Tracked[],
  ops: TreeOp[],
  tasUsage?: TasUsage,
): void {
  t.parked = { usage: new Map(usage), victims, ...(tasUsage && tasUsage.size > 0 ? { tasUsage } : {}) };
  treeOp(k, ops, queue.cq.metadata.name, t.parked.usage, true, t.parked.tasUsage);
  queue.preempting.add(t);
  let set = k.parkedByRoot.get(queue.root);
  if (!set) k.parkedByRoot.set(queue.root, (set = new Set()));
  set.add(t);
}

export function unpark(k: KueueState, t: Tracked, queue: CqQueue<Tracked>): void {
  if (!t.parked) return;
  t.parked = undefined;
  queue.preempting.delete(t);
  const set = k.parkedByRoot.get(queue.root);
  set?.delete(t);
  if (set?.size === 0) k.parkedByRoot.delete(queue.root);
}

/** Quota freed in a cohort tree: its parked preemptors and the workloads waiting on them go back to their heaps. */
export function wake(k: KueueState, root: string): void {
  for (const p of [...(k.parkedByRoot.get(root) ?? [])]) {
    const q = k.queues.get(p.cq!)!;
    unpark(k, p, q);
    p.phase = 'pending';
    q.push(p);
  }
  requeueWaiting(k, root);
}

/** The workloads that did not fit because of pending preemptions or reservations go back to their heaps. */
export function requeueWaiting(k: KueueState, root: string): void {
  for (const q of k.queuesByRoot.get(root) ?? []) {
    if (q.waiting.size === 0) continue;
    for (const w of q.waiting) {
      w.phase = 'pending';
      q.push(w);
    }
    q.waiting.clear();
  }
}

/** QueueInadmissibleWorkloads for the cohort tree where quota was freed, batched by `kueueRequeueBatch`. */
export function requeueInadmissible(k: KueueState, root: string): void {
  k.requeueRoots.add(root);
  if (k.requeueScheduled) return;
  k.requeueScheduled = true;
  k.ctx.sim.after(k.ctx.lat.kueueRequeueBatch, Phase.Controller, () => {
    k.requeueScheduled = false;
    const roots = [...k.requeueRoots];
    k.requeueRoots.clear();
    for (const r of roots) {
      for (const q of k.queuesByRoot.get(r) ?? []) {
        q.bulkHashes.clear();
        q.restoreInadmissible();
        if (q.inadmissible.size > 0) {
          const back: Tracked[] = [];
          for (const t of q.inadmissible) {
            if (t.requeueAt !== undefined && t.requeueAt > k.ctx.sim.now) continue;
            t.phase = 'pending';
            back.push(t);
          }
          if (back.length === q.inadmissible.size) q.inadmissible.clear();
          else for (const t of back) q.inadmissible.delete(t);
          q.pushAll(back);
        }
        q.blocked = false;
      }
    }
    kick(k);
  });
}

/**
 * PodUsageReconciler: capacity freed by non-TAS pods requeues the inadmissible workloads, batched by
 * `kueueNonTasRequeueBatch` (upstream: the ClusterQueues whose TAS flavors hold the freed nodes; here every cohort
 * tree with a TAS flavor).
 */
export function nonTasFreed(k: KueueState): void {
  if (k.nonTasRequeueScheduled) return;
  k.nonTasRequeueScheduled = true;
  k.ctx.sim.after(k.ctx.lat.kueueNonTasRequeueBatch, Phase.Controller, () => {
    k.nonTasRequeueScheduled = false;
    for (const [root, queues] of k.queuesByRoot) {
      const usesTAS = queues.some((q) =>
        (q.cq.spec?.resourceGroups ?? []).some((rg) => rg.flavors.some((f) => k.tas.isTASFlavor(f.name))),
      );
      if (usesTAS) requeueInadmissible(k, root);
    }
  });
}
