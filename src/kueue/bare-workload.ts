// Bare Workloads: a Workload created as is (`kind: Workload` in a scenario), with no job behind it, as Kueue's
// scheduler performance test creates them (kueue test/performance/scheduler/runner/generator). Kueue queues,
// admits, preempts and places (TAS) it as any Workload; nothing runs, so the runner's controller
// (runner/controller/controller.go) plays the job's part: it marks the Workload Finished (ByTest, "By test runner")
// its running time after it saw it Admitted, and finishes an eviction by unsetting its quota reservation (Pending,
// "Evicted by the test runner"). Here the running time is the jobset-sim.dev/duration annotation; without one
// nothing finishes the Workload, which keeps its quota to the end of the run, as an admitted Workload no job runs
// does on a real cluster.

import { namespacedName } from '../api/meta.js';
import { Phase } from '../engine/simulator.js';
import { ADMITTED_REASON, NO_RESERVATION_MESSAGE, WORKLOAD_CONDITION, type Workload } from './api.js';
import type { KueueState } from './kueue-state.js';
import type { Tracked } from './tracked.js';
import { finish, track } from './workload-lifecycle.js';

/** The runner's Finished condition (controller.go: SetConditionAndUpdate(…, "ByTest", "By test runner")). */
export const RUNNER_FINISHED = { reason: 'ByTest', message: 'By test runner' } as const;
/** The runner's end of an eviction (controller.go: UnsetQuotaReservationWithCondition(wl, "Pending", …)). */
export const RUNNER_EVICTED = { reason: 'Pending', message: 'Evicted by the test runner' } as const;

/** What the runner keeps of a bare Workload, and its counts for the result. */
export interface BareState {
  /** How long after its admission the runner finishes it (none: nothing does), µs. */
  runtimeUs: number | undefined;
  /** The runner's finish timer while it is admitted. */
  finishTimer?: number;
  admissions: number;
  evictions: number;
  finishedAt?: number;
}

/**
 * A bare Workload is created (its submit time): into the store as written, then queued as any Workload. `runtimeUs`
 * is its jobset-sim.dev/duration, as the loader read it.
 */
export function submitBareWorkload(k: KueueState, input: Workload, runtimeUs: number | undefined): Tracked {
  const wl = k.ctx.store.create<Workload>(input as never);
  const key = namespacedName(wl);
  // priority.Priority: spec.priority, 0 when absent (a bare Workload has no job for the webhook to take it from).
  const t = track(k, wl, 'Workload', key, wl.spec.priority ?? 0, wl.spec.queueName ?? '', undefined);
  t.bare = { runtimeUs, admissions: 0, evictions: 0 };
  k.hooks.live?.(wl.metadata.uid, true);
  return t;
}

/** Admitted: the runner finishes it its running time later (RequeueAfter the remaining time). */
export function bareAdmitted(k: KueueState, t: Tracked): void {
  const b = t.bare!;
  b.admissions++;
  if (b.runtimeUs === undefined) {
    k.hooks.live?.(t.wl.metadata.uid, false); // nothing will finish it
    return;
  }
  // A controller's delayed reconcile (Phase.Controller): the finishes due at one instant come before the cycles they free.
  b.finishTimer = k.ctx.sim.after(b.runtimeUs, Phase.Controller, () => {
    b.finishTimer = undefined;
    if (t.phase !== 'admitted') return;
    b.finishedAt = k.ctx.sim.now;
    finish(k, t, { success: true, ...RUNNER_FINISHED });
    k.hooks.live?.(t.wl.metadata.uid, false);
  });
}

/** Evicted: its running time stops counting; it is live again (it waits for readmission). */
export function bareEvicted(k: KueueState, t: Tracked): void {
  const b = t.bare!;
  b.evictions++;
  if (b.finishTimer !== undefined) k.ctx.sim.cancel(b.finishTimer);
  b.finishTimer = undefined;
  k.hooks.live?.(t.wl.metadata.uid, true);
}

/**
 * The runner's end of an eviction: UnsetQuotaReservationWithCondition, i.e. QuotaReserved False (Pending, "Evicted
 * by the test runner"), the admission cleared, and Admitted False (SyncAdmittedCondition: NoReservation). Named
 * simplification: no Requeued condition (the runner sets none; upstream's workload controller may add one later).
 */
export function runnerUnsetQuotaReservation(k: KueueState, t: Tracked): void {
  const wl = t.wl;
  k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', RUNNER_EVICTED.reason, RUNNER_EVICTED.message, false);
  if (wl.status) delete wl.status.admission;
  k.setCondition(t, WORKLOAD_CONDITION.Admitted, 'False', ADMITTED_REASON.NoReservation, NO_RESERVATION_MESSAGE, false);
  k.ctx.store.updateStatus(wl);
}

/** A bare Workload's line of the result's `workloads` (times in seconds). */
export interface BareWorkloadResult {
  namespace: string;
  name: string;
  localQueue: string;
  clusterQueue: string | null;
  priority: number;
  submittedAt: number;
  /** The latest admission (kept after an eviction, as a JobSet's); null if never admitted. */
  admittedAt: number | null;
  finishedAt: number | null;
  /** finished, admitted, pending, inadmissible, evicting or deactivated. */
  state: string;
  admissions: number;
  evictions: number;
}

/** The bare Workloads in creation order. */
export function bareWorkloadResults(k: KueueState): BareWorkloadResult[] {
  const out: BareWorkloadResult[] = [];
  for (const t of k.byKey.values()) {
    if (t.kind !== 'Workload') continue;
    out.push({
      namespace: t.wl.metadata.namespace ?? 'default',
      name: t.wl.metadata.name,
      localQueue: t.lq,
      clusterQueue: t.cq ?? null,
      priority: t.priority,
      submittedAt: t.createdAt / 1e6,
      admittedAt: t.admittedAt !== undefined && t.bare!.admissions > 0 ? t.admittedAt / 1e6 : null,
      finishedAt: t.bare!.finishedAt === undefined ? null : t.bare!.finishedAt / 1e6,
      state: t.phase,
      admissions: t.bare!.admissions,
      evictions: t.bare!.evictions,
    });
  }
  return out;
}
