// Kueue's eviction: Evicted (and Preempted) conditions, the owner stopped, the quota released once its pods
// are gone, then requeued after its backoff (waitForPodsReady) or deactivated.
import type { Job } from '../api/batch.js';
import { type Pod, podIsTerminal } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { namespacedName } from '../api/meta.js';
import { Phase } from '../engine/simulator.js';
import { hold, indexOf } from './admission.js';
import { resetChecksOnEviction } from './admission-checks.js';
import {
  ADMITTED_REASON,
  EVICTED_REASON,
  NO_RESERVATION_MESSAGE,
  QUOTA_RESERVED_REASON,
  REQUEUED_REASON,
  WORKLOAD_CONDITION,
} from './api.js';
import { bareEvicted, runnerUnsetQuotaReservation } from './bare-workload.js';
import { jobFinishedInfo, stopJob } from './job-integration.js';
import type { KueueState } from './kueue-state.js';
import { enqueue, requeueInadmissible, wake } from './requeue.js';
import { kick } from './scheduling-cycle.js';
import { applyTasUsage } from './tas/placement.js';
import { localQueueKey, ownerField, type Tracked } from './tracked.js';
import { ownerOf } from './workload-lifecycle.js';

export function podsReadyTimeout(k: KueueState, t: Tracked): void {
  const w = k.objs.config.waitForPodsReady!;
  t.requeueCount++;
  if (w.backoffLimitCount !== undefined && t.requeueCount > w.backoffLimitCount) {
    // spec.active = false: evicted once more and never admitted again (DeactivationTarget, RequeuingLimitExceeded).
    t.wl.spec.active = false;
    evict(
      k,
      t,
      EVICTED_REASON.Deactivated,
      `The workload is deactivated due to exceeding the maximum number of re-queuing retries`,
    );
    return;
  }
  const backoff = Math.min(w.backoffBaseSeconds * 2 ** (t.requeueCount - 1), w.backoffMaxSeconds);
  t.requeueAt = k.ctx.sim.now + backoff * 1e6;
  evict(k, t, EVICTED_REASON.PodsReadyTimeout, `Exceeded the PodsReady timeout ${namespacedName(t.wl)}`);
}

/** Evicted (and Preempted) conditions, then the JobSet is suspended; the quota goes once its pods are gone. */
export function evict(k: KueueState, t: Tracked, reason: string, message: string, preempted?: string): void {
  if (t.phase !== 'admitted') return;
  t.phase = 'evicting';
  t.awaitingChecks = undefined;
  t.checkEpoch++;
  resetChecksOnEviction(t.wl, k.ctx.sim.now / 1e6);
  if (!t.admittedView) hold(k, t); // admitted in the running cycle, not yet held
  const view = t.admittedView!;
  t.admittedView = { ...view, evicted: true };
  k.admittedViews.delete(t.root);
  indexOf(k, t.root).replace(view, t.admittedView);
  if (t.readyTimer !== undefined) k.ctx.sim.cancel(t.readyTimer);
  t.readyTimer = undefined;
  k.setCondition(t, WORKLOAD_CONDITION.Evicted, 'True', reason, message, false);
  if (preempted) k.setCondition(t, WORKLOAD_CONDITION.Preempted, 'True', preempted, message, false);
  k.ctx.store.updateStatus(t.wl);
  k.stats.evicted(t.cq!, reason, preempted);
  const fields = { workload: t.key, ...ownerField(t), clusterQueue: t.cq, reason: preempted ?? reason };
  k.ctx.log.emit(preempted ? 'WorkloadPreempted' : 'WorkloadEvicted', fields);
  if (t.kind === 'JobSet') k.hooks.evicted(t.jobSet, reason, t.wl.spec.active !== false);
  else if (t.kind === 'Workload') bareEvicted(k, t);
  k.ctx.sim.after(k.ctx.lat.kueueJobReconcile, Phase.Controller, () => {
    stopOwner(k, t);
    releaseIfStopped(k, t);
  });
}

/** The jobframework's Stop: a JobSet is suspended; a Job is suspended and its podset info restored. */
export function stopOwner(k: KueueState, t: Tracked): void {
  const owner = ownerOf(k, t);
  if (!owner) return;
  if (t.kind === 'JobSet') {
    const js = owner as JobSet;
    if (js.status.terminalState || js.spec.suspend) return;
    js.spec.suspend = true;
  } else {
    const job = owner as Job;
    if (jobFinishedInfo(job)) return;
    stopJob(job, t.original!);
  }
  k.ctx.store.update(owner);
}

/** An evicted workload keeps its quota until no pod of its JobSet (or Job) is still running. */
export function releaseIfStopped(k: KueueState, t: Tracked): void {
  if (t.phase !== 'evicting') return;
  const owner = ownerOf(k, t);
  const store = k.ctx.store;
  const jobs = !owner ? [] : t.kind === 'Job' ? [owner] : store.dependentsOf(owner.metadata.uid, 'Job');
  for (const job of jobs) {
    for (const p of store.dependentsOf<Pod>(job.metadata.uid, 'Pod')) if (!podIsTerminal(p)) return;
  }
  release(k, t);
  const queue = t.cq ? k.queues.get(t.cq) : undefined;
  if (t.kind === 'Workload') runnerUnsetQuotaReservation(k, t);
  else unsetQuotaReservation(k, t);
  t.usage = undefined;
  if (t.wl.spec.active === false) {
    t.phase = 'deactivated';
    if (t.kind === 'Workload') k.hooks.live?.(t.wl.metadata.uid, false);
    else k.hooks.deactivated?.(t.kind, t.jobSet);
    return;
  }
  t.phase = 'pending';
  if (t.requeueAt !== undefined) t.queueTs = k.ctx.sim.now; // requeuingStrategy.timestamp: Eviction
  if (!queue) return;
  t.queuedAt = k.ctx.sim.now;
  k.stats.pending(t.cq!, 1);
  const requeueAt = t.requeueAt;
  if (requeueAt !== undefined && requeueAt > k.ctx.sim.now) {
    t.phase = 'inadmissible';
    k.ctx.sim.at(requeueAt, Phase.Timer, () => {
      if (t.phase !== 'inadmissible') return;
      backoffFinished(k, t);
      queue.inadmissible.delete(t);
      enqueue(k, t, queue);
      kick(k);
    });
  } else {
    backoffFinished(k, t);
    enqueue(k, t, queue);
    kick(k);
  }
}

/**
 * The job reconciler once the evicted job is no longer active (jobframework reconciler.go, step 6):
 * QuotaReserved False (PendingEvaluation, the eviction's message), the admission cleared, Admitted False
 * (NoReservation), and Requeued with the eviction's reason and message: True after a preemption or node
 * failures, False otherwise (a backoff, or a deactivation, comes first).
 */
export function unsetQuotaReservation(k: KueueState, t: Tracked): void {
  const wl = t.wl;
  const ev = wl.status?.conditions?.find((c) => c.type === WORKLOAD_CONDITION.Evicted && c.status === 'True');
  const reason = ev?.reason ?? '';
  const message = ev?.message ?? '';
  k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.PendingEvaluation, message, false);
  if (wl.status) delete wl.status.admission;
  const reason2 = ADMITTED_REASON.NoReservation;
  k.setCondition(t, WORKLOAD_CONDITION.Admitted, 'False', reason2, NO_RESERVATION_MESSAGE, false);
  const requeued = reason === EVICTED_REASON.Preempted || reason === EVICTED_REASON.NodeFailures;
  k.setCondition(t, WORKLOAD_CONDITION.Requeued, requeued ? 'True' : 'False', reason, message, false);
  k.ctx.store.updateStatus(wl);
}

/** The workload controller after a PodsReadyTimeout or AdmissionCheck eviction's backoff: Requeued True. */
export function backoffFinished(k: KueueState, t: Tracked): void {
  const c = t.wl.status?.conditions?.find((x) => x.type === WORKLOAD_CONDITION.Requeued);
  if (c?.status !== 'False') return;
  if (c.reason !== EVICTED_REASON.PodsReadyTimeout && c.reason !== EVICTED_REASON.AdmissionCheck) return;
  k.setCondition(
    t,
    WORKLOAD_CONDITION.Requeued,
    'True',
    REQUEUED_REASON.BackoffFinished,
    'The workload backoff was finished',
  );
}

/** Its quota goes back (upstream: the cache forgets it, then QueueAssociatedInadmissibleWorkloadsAfter). */
export function release(k: KueueState, t: Tracked): void {
  if (k.inCycle) throw new Error(`Kueue: ${t.key} released during a scheduling cycle`);
  if (t.usage && t.cq) {
    k.tree.removeUsage(t.cq, t.usage);
    k.stats.usageChanged(t.cq, k.tree);
    k.stats.released(t.cq);
    k.afs?.released(t.cq, localQueueKey(t), t.usage);
  }
  applyTasUsage(k.tas, t.tasUsage, -1);
  t.tasUsage = undefined;
  k.holdingByRoot.get(t.root)?.delete(t);
  k.admittedViews.delete(t.root);
  if (t.admittedView) indexOf(k, t.root).remove(t.admittedView);
  t.admittedView = undefined;
  wake(k, t.root);
  kick(k);
  requeueInadmissible(k, t.root);
}
