// Kueue's watch handlers and the Workload lifecycle: a Workload created for a new JobSet or Job (or restored
// from a snapshot), pods counted for waitForPodsReady, finished with its owner, dropped when its JobSet is archived.
import type { Job } from '../api/batch.js';
import { type Pod, podIsTerminal } from '../api/core.js';
import { BATCH, type JobSet, JS } from '../api/jobset.js';
import { namespacedName } from '../api/meta.js';
import { Phase } from '../engine/simulator.js';
import { hold, scheduleUngate } from './admission.js';
import {
  clusterQueueInactiveMessage,
  FINISHED_REASON,
  QUOTA_RESERVED_REASON,
  TOPOLOGY_SCHEDULING_GATE,
  WORKLOAD_CONDITION,
  type Workload,
} from './api.js';
import { podsReadyTimeout, release, releaseIfStopped, stopOwner } from './eviction.js';
import { jobFinishedInfo, jobPodSetInfo, jobWorkloadFor, managesJob, type PodSetInfo } from './job-integration.js';
import type { KueueState } from './kueue-state.js';
import { addAmount, type FlavorResource, flavorResource, quotaAmount } from './quota.js';
import { enqueue, nonTasFreed, unpark, wake } from './requeue.js';
import { kick, unreserve } from './scheduling-cycle.js';
import { localQueueKey, type OwnerKind, ownerIndex, schedulingHash, type Tracked } from './tracked.js';
import { managedByKueue, priorityOf, queueNameOf, workloadFor } from './workload.js';

export function onJobSet(k: KueueState, type: string, js: JobSet): void {
  const key = namespacedName(js);
  const t = k.byJobSet.get(key);
  if (type === 'ADDED' && !t && managedByKueue(js, k.scenario)) {
    k.ctx.sim.after(k.ctx.lat.kueueJobReconcile, Phase.Controller, () => createWorkload(k, 'JobSet', key));
    return;
  }
  if (!t) return;
  if (type === 'DELETED' || js.status.terminalState) {
    const ok = js.status.terminalState === 'Completed';
    const done = js.status.terminalState
      ? { success: ok, message: ok ? 'jobset completed successfully' : 'jobset failed' }
      : undefined;
    finish(k, t, done);
  }
}

/** Its JobSet archived: a finished Workload is dropped from the store and every index (nothing reads it again). */
export function onArchived(k: KueueState, key: string): void {
  const t = k.byJobSet.get(key);
  if (t === undefined || t.phase !== 'finished') return;
  k.byJobSet.delete(key);
  k.byKey.delete(t.key);
  k.ctx.store.archive(t.wl);
}

export function onJob(k: KueueState, type: string, job: Job): void {
  const key = namespacedName(job);
  const t = k.byJobSet.get(ownerIndex('Job', key));
  if (type === 'ADDED' && !t && managesJob(job, k.scenario)) {
    k.ctx.sim.after(k.ctx.lat.kueueJobReconcile, Phase.Controller, () => createWorkload(k, 'Job', key));
    return;
  }
  if (!t) return;
  const done = jobFinishedInfo(job);
  if (type === 'DELETED' || done) finish(k, t, done);
}

/** The owner of a Workload as the store holds it now (undefined once deleted). */
export function ownerOf(k: KueueState, t: Tracked): JobSet | Job | undefined {
  if (t.kind === 'Workload') return undefined; // a bare Workload has no owner
  const [ns, name] = t.jobSet.split('/') as [string, string];
  return k.ctx.store.get<JobSet | Job>(t.kind, ns, name);
}

export function createWorkload(k: KueueState, kind: 'JobSet' | 'Job', key: string): void {
  const [ns, name] = key.split('/') as [string, string];
  if (k.byJobSet.has(ownerIndex(kind, key))) return;
  let wl: Workload;
  let priority: number;
  let queueName: string;
  let original: PodSetInfo | undefined;
  if (kind === 'JobSet') {
    const js = k.ctx.store.get<JobSet>('JobSet', ns, name);
    if (!js || js.status.terminalState) return;
    queueName = queueNameOf(js, k.scenario) ?? '';
    const p = priorityOf(js, k.scenario);
    priority = p.priority;
    const tasGate = k.ctx.settings.featureGates.TopologyAwareScheduling !== false;
    wl = k.ctx.store.create<Workload>(workloadFor(js, queueName, p, tasGate) as never);
  } else {
    const job = k.ctx.store.get<Job>('Job', ns, name);
    if (!job || jobFinishedInfo(job)) return;
    queueName = queueNameOf(job, k.scenario) ?? '';
    const w = jobWorkloadFor(job, queueName, k.scenario);
    priority = w.priority;
    original = jobPodSetInfo(job);
    wl = k.ctx.store.create<Workload>(w.workload as never);
  }
  track(k, wl, kind, key, priority, queueName, original);
}

/** A new Workload in Kueue's books: queued in its ClusterQueue, or inadmissible without one (or inactive). */
export function track(
  k: KueueState,
  wl: Workload,
  kind: OwnerKind,
  key: string,
  priority: number,
  queueName: string,
  original: PodSetInfo | undefined,
): Tracked {
  const ns = wl.metadata.namespace ?? 'default';
  const lq = k.localQueues.get(`${ns}/${queueName}`);
  let expected = 0;
  for (const ps of wl.spec.podSets) expected += ps.count ?? 1;
  const cq = lq?.spec.clusterQueue;
  const queue = cq ? k.queues.get(cq) : undefined;
  const t: Tracked = {
    key: namespacedName(wl),
    wl,
    jobSet: key,
    kind,
    ...(original ? { original } : {}),
    lq: queueName,
    cq,
    root: queue?.root ?? '',
    priority,
    queueTs: k.ctx.sim.now,
    createdAt: k.ctx.sim.now,
    queuedAt: k.ctx.sim.now,
    seq: k.seq++,
    phase: 'pending',
    podsReady: false,
    running: new Set(),
    expectedPods: expected,
    requeueCount: 0,
    checkEpoch: 0,
    hash: internHash(k, schedulingHash(wl, priority)),
  };
  k.byJobSet.set(ownerIndex(kind, key), t);
  k.byKey.set(t.key, t);
  if (!queue) {
    const why = !lq ? `LocalQueue ${queueName} doesn't exist` : `ClusterQueue ${t.cq} doesn't exist`;
    k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.Pending, why);
    t.phase = 'inadmissible';
    return t;
  }
  if (k.inactive.has(t.cq!)) {
    const msg = clusterQueueInactiveMessage(t.cq!);
    k.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.Suspended, msg);
    t.phase = 'inadmissible';
    return t;
  }
  k.stats.pending(t.cq!, 1);
  enqueue(k, t, queue);
  kick(k);
  return t;
}

/**
 * One string per distinct scheduling hash: the hashes are long JSON texts, and comparing two equal ones that are
 * different strings reads them to the end (the queue's groups are keyed by them).
 */
export function internHash(k: KueueState, hash: string): string {
  const known = k.hashes.get(hash);
  if (known !== undefined) return known;
  k.hashes.set(hash, hash);
  return hash;
}

export function onPod(k: KueueState, type: string, pod: Pod): void {
  if (k.tas.hasFlavors() && k.tas.onPod(type, pod)) nonTasFreed(k);
  const jsName = pod.metadata.labels?.[JS.jobSetName];
  const jobName = jsName ? undefined : pod.metadata.labels?.[BATCH.jobName];
  if (!jsName && !jobName) return;
  const ns = pod.metadata.namespace ?? 'default';
  const t = k.byJobSet.get(jsName ? `${ns}/${jsName}` : ownerIndex('Job', `${ns}/${jobName}`));
  if (!t) return;
  if (
    t.kind === 'JobSet' &&
    type !== 'DELETED' &&
    pod.spec.schedulingGates?.some((g) => g.name === TOPOLOGY_SCHEDULING_GATE)
  )
    scheduleUngate(k, t);
  if (t.phase === 'evicting' && (type === 'DELETED' || podIsTerminal(pod))) {
    k.ctx.sim.after(0, Phase.Controller, () => releaseIfStopped(k, t));
    return;
  }
  if (t.phase !== 'admitted' || t.podsReady) return;
  const uid = pod.metadata.uid;
  if (type !== 'DELETED' && (pod.status.phase === 'Running' || pod.status.phase === 'Succeeded')) t.running.add(uid);
  else t.running.delete(uid);
  if (t.running.size >= t.expectedPods) {
    t.podsReady = true;
    if (t.readyTimer !== undefined) k.ctx.sim.cancel(t.readyTimer);
    t.readyTimer = undefined;
    k.setCondition(
      t,
      WORKLOAD_CONDITION.PodsReady,
      'True',
      'PodsReady',
      'All pods reached readiness and the workload is running',
    );
  }
}

/** The owner finished (`done`; `reason` in place of Succeeded/Failed) or was deleted (undefined). */
export function finish(
  k: KueueState,
  t: Tracked,
  done: { success: boolean; message: string; reason?: string } | undefined,
): void {
  if (t.phase === 'finished') return;
  const prev = t.phase;
  t.phase = 'finished';
  if (t.readyTimer !== undefined) k.ctx.sim.cancel(t.readyTimer);
  const queue = t.cq ? k.queues.get(t.cq) : undefined;
  if (prev === 'pending' || prev === 'inadmissible') {
    if (queue && (t.parked || t.reserved)) {
      // The quota it waited for is not needed any more: what waited behind it tries again.
      unreserve(k, t);
      unpark(k, t, queue);
      wake(k, queue.root);
      kick(k);
    }
    queue?.remove(t);
    if (t.cq && queue) k.stats.pending(t.cq, -1);
  }
  // cluster_queue.go delete: the deleted workload stops being the queue's preemptor.
  if (queue?.preemptor === t) queue.preemptor = undefined;
  if (prev === 'admitted' || prev === 'evicting') release(k, t);
  if (done) {
    k.setCondition(
      t,
      WORKLOAD_CONDITION.Finished,
      'True',
      done.reason ?? (done.success ? FINISHED_REASON.Succeeded : FINISHED_REASON.Failed),
      done.message,
    );
  }
}

/**
 * A Workload from a snapshot (src/snapshot/restore.ts), restored before its owner: tracked as its conditions say.
 * QuotaReserved True: its quota (status.admission's resourceUsage) is charged to its ClusterQueue and it may be
 * preempted, Evicted True as well: its quota goes once its pods are gone; Finished: kept, so that its owner gets
 * no new Workload; otherwise pending in its queue, in creation order. Returns why it was not restored, if so.
 * Named simplifications: TAS usage and admission-check progress are not restored (an admitted workload counts as
 * Admitted); AFS usage history starts at zero.
 */
export function restoreWorkload(k: KueueState, wl: Workload): string | undefined {
  const refs = wl.metadata.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref || (ref.kind !== 'JobSet' && ref.kind !== 'Job')) return 'it has no JobSet or Job owner';
  const ns = wl.metadata.namespace ?? 'default';
  const kind: OwnerKind = ref.kind;
  const owner = `${ns}/${ref.name}`;
  if (k.byJobSet.has(ownerIndex(kind, owner))) return `${kind} ${owner} already has a Workload`;
  k.ctx.store.restore(wl);
  const queueName = wl.spec.queueName ?? '';
  const lq = k.localQueues.get(`${ns}/${queueName}`);
  const cq = lq?.spec.clusterQueue;
  const queue = cq ? k.queues.get(cq) : undefined;
  const priority = wl.spec.priority ?? 0;
  const created = Math.round(wl.metadata.creationTimestamp * 1e6);
  const t: Tracked = {
    key: namespacedName(wl),
    wl,
    jobSet: owner,
    kind,
    lq: queueName,
    cq,
    root: queue?.root ?? '',
    priority,
    queueTs: created,
    createdAt: created,
    queuedAt: created,
    seq: k.seq++,
    phase: 'pending',
    podsReady: false,
    running: new Set(),
    expectedPods: wl.spec.podSets.reduce((n, ps) => n + (ps.count ?? 1), 0),
    requeueCount: 0,
    checkEpoch: 0,
    hash: schedulingHash(wl, priority),
  };
  if (kind === 'Job') {
    const job = k.ctx.store.get<Job>('Job', ns, ref.name);
    if (job) t.original = jobPodSetInfo(job);
  }
  k.byJobSet.set(ownerIndex(kind, owner), t);
  k.byKey.set(t.key, t);
  const isTrue = (type: string) =>
    wl.status?.conditions?.find((c) => c.type === type && c.status === 'True') !== undefined;
  if (isTrue(WORKLOAD_CONDITION.Finished)) {
    t.phase = 'finished';
    return undefined;
  }
  if (!queue || k.inactive.has(cq!)) {
    t.phase = 'inadmissible';
    return undefined;
  }
  const adm = wl.status?.admission;
  if (isTrue(WORKLOAD_CONDITION.QuotaReserved) && adm) {
    const usage = new Map<FlavorResource, number>();
    const flavors: Record<string, Record<string, string>> = {};
    for (const psa of adm.podSetAssignments ?? []) {
      flavors[psa.name] = { ...(psa.flavors ?? {}) };
      for (const [res, flavor] of Object.entries(psa.flavors ?? {})) {
        const q = psa.resourceUsage?.[res];
        if (q === undefined) continue;
        const fr = flavorResource(flavor, res);
        usage.set(fr, addAmount(usage.get(fr) ?? 0, quotaAmount(q)));
      }
    }
    k.tree.addUsage(cq!, usage);
    t.usage = usage;
    t.flavors = flavors;
    const reserved = wl.status?.conditions?.find((c) => c.type === WORKLOAD_CONDITION.QuotaReserved);
    t.admittedAt = Math.round((reserved?.lastTransitionTime ?? 0) * 1e6);
    t.phase = 'admitted';
    hold(k, t);
    k.afs?.admitted(cq!, localQueueKey(t), t.key, usage);
    k.stats.usageChanged(cq!, k.tree);
    t.podsReady = isTrue(WORKLOAD_CONDITION.PodsReady);
    if (isTrue(WORKLOAD_CONDITION.Evicted)) {
      t.phase = 'evicting';
      t.admittedView = { ...t.admittedView!, evicted: true };
      k.ctx.sim.after(k.ctx.lat.kueueJobReconcile, Phase.Controller, () => {
        stopOwner(k, t);
        releaseIfStopped(k, t);
      });
      return undefined;
    }
    const w = k.objs.config.waitForPodsReady;
    if (w && !t.podsReady) {
      t.readyTimer = k.ctx.sim.at(t.admittedAt + w.timeoutUs, Phase.Timer, () => {
        t.readyTimer = undefined;
        if (t.phase === 'admitted' && !t.podsReady) podsReadyTimeout(k, t);
      });
    }
    return undefined;
  }
  k.stats.pending(cq!, 1);
  enqueue(k, t, queue);
  kick(k);
  return undefined;
}
