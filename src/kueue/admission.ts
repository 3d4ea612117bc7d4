// Kueue's admission: quota reserved with its conditions, admission checks, the owner resumed with its flavors
// (RunWithPodSetsInfo), waitForPodsReady started, the workload held as a preemption candidate, the TAS ungater.
import type { Job } from '../api/batch.js';
import type { Pod } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import { Phase } from '../engine/simulator.js';
import { admissionChecksForAdmission } from './admission-checks.js';
import { AdmittedIndex } from './admitted-index.js';
import {
  ADMITTED_MESSAGE,
  ADMITTED_REASON,
  EVICTED_REASON,
  QUOTA_RESERVED_REASON,
  quotaReservedMessage,
  TAS_ANNOTATIONS,
  TOPOLOGY_SCHEDULING_GATE,
  UNSATISFIED_CHECKS_MESSAGE,
  WORKLOAD_CONDITION,
} from './api.js';
import { bareAdmitted } from './bare-workload.js';
import type { CqQueue } from './cq-queue.js';
import { evict, podsReadyTimeout } from './eviction.js';
import type { Assignment } from './flavor-assigner.js';
import { jobFinishedInfo, podSetInfosFor, runJobWithPodSetInfo } from './job-integration.js';
import type { KueueState } from './kueue-state.js';
import { applyTasUsage, explicitlyRequestsTAS } from './tas/placement.js';
import { podsToUngate, ungate } from './tas/ungater.js';
import { localQueueKey, ownerField, type Tracked } from './tracked.js';
import { ownerOf } from './workload-lifecycle.js';

export function admit(k: KueueState, t: Tracked, queue: CqQueue<Tracked>, assignment: Assignment): void {
  const cq = queue.cq.metadata.name;
  const now = k.ctx.sim.now;
  k.tree.addUsage(cq, assignment.usage);
  t.usage = new Map(assignment.usage);
  if (assignment.tasUsage.size > 0) {
    t.tasUsage = assignment.tasUsage;
    applyTasUsage(k.tas, t.tasUsage, 1);
  }
  t.phase = 'admitted';
  if (k.afs?.appliesTo(cq)) {
    k.afs.admitted(cq, localQueueKey(t), t.key, t.usage);
    if (k.afs.refresh(cq)) queue.heapify();
  }
  t.admittedAt = now;
  if (k.inCycle) k.admittedInCycle.push(t);
  else hold(k, t);
  const flavors: Record<string, Record<string, string>> = {};
  for (const ps of assignment.podSets) {
    flavors[ps.name] = {};
    for (const [res, fa] of ps.flavors) flavors[ps.name]![res] = fa.name;
  }
  t.flavors = flavors;
  const wl = t.wl;
  wl.status ??= {};
  wl.status.admission = { clusterQueue: cq, podSetAssignments: assignment.toAPI() } as never;
  k.setCondition(
    t,
    WORKLOAD_CONDITION.QuotaReserved,
    'True',
    QUOTA_RESERVED_REASON.QuotaReserved,
    quotaReservedMessage(cq),
    false,
  );
  // With admission checks the quota is reserved and Admitted waits for them (SyncAdmittedCondition).
  const checks = admissionChecksForAdmission(queue.cq, new Set(Object.values(flavors).flatMap(Object.values)));
  if (checks.length === 0) k.setCondition(t, WORKLOAD_CONDITION.Admitted, 'True', 'Admitted', ADMITTED_MESSAGE, false);
  else {
    const reason = ADMITTED_REASON.UnsatisfiedAdmissionChecks;
    k.setCondition(t, WORKLOAD_CONDITION.Admitted, 'False', reason, UNSATISFIED_CHECKS_MESSAGE, false);
  }
  k.removeCondition(t, WORKLOAD_CONDITION.Evicted);
  k.removeCondition(t, WORKLOAD_CONDITION.Preempted);
  k.ctx.store.updateStatus(wl);
  k.stats.pending(cq, -1);
  k.stats.admitted(cq, (now - t.queuedAt) / 1e6);
  if (!k.inCycle) k.stats.usageChanged(cq, k.tree);
  t.expectedPods = assignment.podSets.reduce((n, ps) => n + ps.count, 0);
  if (checks.length > 0) {
    t.awaitingChecks = assignment;
    k.checkControllers.start(t, checks, ++t.checkEpoch);
    return;
  }
  admitted(k, t, assignment);
}

/**
 * Admitted (quota reserved and every check Ready): the owner is resumed, waitForPodsReady starts. The topology
 * assignment was written with the quota reservation and is kept while the checks run.
 */
export function admitted(k: KueueState, t: Tracked, assignment: Assignment): void {
  const cq = t.cq!;
  const flavors = t.flavors!;
  const topology: Record<string, { values: string[]; count: number }[]> = {};
  for (const ps of assignment.podSets) if (ps.topologyAssignment) topology[ps.name] = ps.topologyAssignment.domains;
  k.ctx.log.emit('WorkloadAdmitted', {
    workload: t.key,
    ...ownerField(t),
    clusterQueue: cq,
    flavors,
    ...(Object.keys(topology).length > 0 ? { topology } : {}),
  });
  if (t.kind === 'JobSet') k.hooks.admitted(t.jobSet, { localQueue: t.lq, clusterQueue: cq, flavors });
  if (t.kind === 'Workload') bareAdmitted(k, t);
  else k.ctx.sim.after(k.ctx.lat.kueueJobReconcile, Phase.Controller, () => resume(k, t, assignment));
  const w = k.objs.config.waitForPodsReady;
  if (w) {
    t.podsReady = false;
    t.running.clear();
    if (t.readyTimer !== undefined) k.ctx.sim.cancel(t.readyTimer);
    t.readyTimer = k.ctx.sim.after(w.timeoutUs, Phase.Timer, () => {
      t.readyTimer = undefined;
      if (t.phase === 'admitted' && !t.podsReady) podsReadyTimeout(k, t);
    });
  }
}

/** The simulated check controllers' view of the manager (see CheckControllers). */
export function checkHost(k: KueueState) {
  return {
    now: () => k.ctx.sim.now,
    after: (delay: number, fn: () => void) => {
      k.ctx.sim.after(delay, Phase.Controller, fn);
    },
    workload: (t: Tracked) => t.wl,
    ownerAnnotations: (t: Tracked) => ownerOf(k, t)?.metadata.annotations,
    current: (t: Tracked, epoch: number) =>
      t.phase === 'admitted' && t.awaitingChecks !== undefined && t.checkEpoch === epoch,
    written: (t: Tracked) => k.ctx.store.updateStatus(t.wl),
    allReady: (t: Tracked) => {
      const a = t.awaitingChecks!;
      t.awaitingChecks = undefined;
      k.setCondition(t, WORKLOAD_CONDITION.Admitted, 'True', 'Admitted', ADMITTED_MESSAGE);
      admitted(k, t, a);
    },
    retry: (t: Tracked, message: string, requeueAfterSeconds: number) => {
      t.requeueAt = k.ctx.sim.now + requeueAfterSeconds * 1e6;
      evict(k, t, EVICTED_REASON.AdmissionCheck, message);
    },
    rejected: (t: Tracked, message: string) => {
      // The workload controller: DeactivationTarget, then spec.active = false and the eviction with its cause.
      t.wl.spec.active = false;
      k.ctx.log.emit('Event', {
        object: t.key,
        kind: 'Workload',
        eventType: 'Warning',
        reason: 'AdmissionCheckRejected',
        message: `Deactivated due to ${message}`,
      });
      evict(
        k,
        t,
        `${EVICTED_REASON.Deactivated}DueTo${EVICTED_REASON.AdmissionCheck}`,
        `The workload is deactivated due to ${message}`,
      );
    },
  };
}

/** It holds quota (admitted): preemption may choose it. */
export function hold(k: KueueState, t: Tracked): void {
  t.admittedView = {
    key: t.key,
    uid: t.wl.metadata.uid,
    priority: t.priority,
    queueOrderTimestamp: t.queueTs,
    usage: t.usage!,
    clusterQueue: t.cq!,
    quotaReservedAt: t.admittedAt,
    evicted: false,
  };
  let set = k.holdingByRoot.get(t.root);
  if (!set) k.holdingByRoot.set(t.root, (set = new Set()));
  set.add(t);
  k.admittedViews.delete(t.root);
  indexOf(k, t.root).add(t.admittedView);
}

export function indexOf(k: KueueState, root: string): AdmittedIndex {
  let index = k.admittedIndex.get(root);
  if (!index) k.admittedIndex.set(root, (index = new AdmittedIndex()));
  return index;
}

/** The jobframework's RunWithPodSetsInfo, for the owner's kind. */
export function resume(k: KueueState, t: Tracked, assignment: Assignment): void {
  if (t.phase !== 'admitted') return;
  if (t.kind === 'JobSet') {
    resumeJobSet(k, t);
    return;
  }
  const job = ownerOf(k, t) as Job | undefined;
  if (!job || jobFinishedInfo(job)) return;
  const infos = podSetInfosFor(
    assignment.podSets.map((ps) => ({
      name: ps.name,
      count: ps.count,
      flavors: [...ps.flavors.values()].map((f) => f.name),
    })),
    k.flavors,
  );
  runJobWithPodSetInfo(job, infos[0]!);
  k.ctx.store.update(job);
}

/** The flavors' node labels and tolerations into the replicatedJobs' templates, then resume. */
export function resumeJobSet(k: KueueState, t: Tracked): void {
  const [ns, name] = t.jobSet.split('/') as [string, string];
  const js = k.ctx.store.get<JobSet>('JobSet', ns, name);
  if (!js || js.status.terminalState) return;
  const psas = t.wl.status?.admission?.podSetAssignments ?? [];
  for (const rj of js.spec.replicatedJobs) {
    const spec = rj.template.spec.template.spec;
    // podset.FromAssignment: a podset with a topology assignment gets the topology scheduling gate, and the
    // unconstrained annotation when TAS was only implied.
    const psa = psas.find((p) => p.name === rj.name);
    if (psa?.topologyAssignment) {
      const meta = (rj.template.spec.template.metadata ??= {});
      const ps = t.wl.spec.podSets.find((p) => p.name === rj.name);
      if (
        !ps ||
        !explicitlyRequestsTAS(ps) ||
        (!ps.topologyRequest?.required &&
          !ps.topologyRequest?.preferred &&
          ps.topologyRequest?.unconstrained === undefined)
      )
        meta.annotations = { ...(meta.annotations ?? {}), [TAS_ANNOTATIONS.unconstrained]: 'true' };
      spec.schedulingGates ??= [];
      if (!spec.schedulingGates.some((g) => g.name === TOPOLOGY_SCHEDULING_GATE))
        spec.schedulingGates.push({ name: TOPOLOGY_SCHEDULING_GATE });
    }
    for (const flavorName of new Set(Object.values(t.flavors?.[rj.name] ?? {}))) {
      const f = k.flavors.get(flavorName);
      if (!f) continue;
      if (f.spec?.nodeLabels) spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...f.spec.nodeLabels };
      for (const tol of f.spec?.tolerations ?? []) {
        spec.tolerations ??= [];
        if (!spec.tolerations.some((x) => JSON.stringify(x) === JSON.stringify(tol))) spec.tolerations.push(tol);
      }
    }
  }
  js.spec.suspend = false;
  k.ctx.store.update(js);
}

/** The topology ungater's reconcile of the workload, once per burst of gated pods. */
export function scheduleUngate(k: KueueState, t: Tracked): void {
  if (k.ungatePending.has(t.key)) return;
  k.ungatePending.add(t.key);
  k.ctx.sim.after(k.ctx.lat.kueueTopologyUngate, Phase.Controller, () => {
    k.ungatePending.delete(t.key);
    if (t.phase !== 'admitted' || t.awaitingChecks) return; // IsAdmittedByTAS safeguard: Admitted True
    const [ns, name] = t.jobSet.split('/') as [string, string];
    const js = k.ctx.store.get<JobSet>('JobSet', ns, name);
    if (!js) return;
    const store = k.ctx.store;
    const jobs = store.dependentsOf(js.metadata.uid, 'Job');
    const podsOf = (podSet: string) =>
      jobs
        .filter((j) => j.metadata.labels?.[JS.replicatedJobName] === podSet)
        .flatMap((j) => store.dependentsOf<Pod>(j.metadata.uid, 'Pod'));
    for (const { pod, nodeLabels } of podsToUngate(t.wl, podsOf)) {
      if (ungate(pod, nodeLabels)) store.update(pod);
    }
  });
}
