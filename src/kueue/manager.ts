// Kueue in the simulated cluster (spec/kueue.md §1.8, §2, §3): the JobSet integration (suspend at creation, one
// Workload per JobSet, resume with the flavors' node labels and tolerations on admission, suspend on eviction),
// the per-ClusterQueue queues (BestEffortFIFO with inadmissible parking and the batched requeue, StrictFIFO), the
// scheduling cycle (one head per ClusterQueue, flavor assignment, classic or Fair Sharing order, preemption) and
// waitForPodsReady. Quota, flavors, preemption targets and shares come from the pure modules beside this one.
//
// Named simplifications: a preemptor waiting for its victims is parked and requeued when quota is freed (upstream
// keeps it at the head of its queue and retries every cycle; the admission time is the same); a StrictFIFO head
// that does not fit blocks its queue until quota is freed (upstream re-pops it every cycle); TAS and admission
// checks are not modelled; standalone batch Jobs are not managed yet.
import { type Pod, podIsTerminal } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import { namespacedName } from '../api/meta.js';
import type { ControllerContext } from '../controllers/context.js';
import { Phase } from '../engine/simulator.js';
import type { KueueObjects, Scenario } from '../scenario/model.js';
import {
  ADMITTED_MESSAGE,
  type ClusterQueue,
  EVICTED_REASON,
  FINISHED_REASON,
  type LocalQueue,
  QUOTA_RESERVED_REASON,
  quotaReservedMessage,
  type ResourceFlavor,
  WORKLOAD_CONDITION,
  type Workload,
} from './api.js';
import { FairSharingIterator, type FairWeights, fairWeightsFromSpecs } from './fair-sharing.js';
import { type Assignment, FlavorAssigner } from './flavor-assigner.js';
import { type AdmittedWorkload, getTargets, targetMessage } from './preemption.js';
import { type FlavorResource, QuotaTree } from './quota.js';
import { KueueStats } from './stats.js';
import { managedByKueue, priorityOf, queueNameOf, workloadFor } from './workload.js';

type Phase_ = 'pending' | 'inadmissible' | 'admitted' | 'evicting' | 'finished' | 'deactivated';

interface Tracked {
  key: string;
  wl: Workload;
  jobSet: string;
  lq: string;
  cq: string | undefined;
  priority: number;
  /** Queue-order timestamp (µs): creation, or the eviction for a PodsReadyTimeout requeue. */
  queueTs: number;
  createdAt: number;
  /** When it last entered its queue (creation, or the release after an eviction): time to admission counts from here. */
  queuedAt: number;
  seq: number;
  phase: Phase_;
  usage?: Map<FlavorResource, number>;
  flavors?: Record<string, Record<string, string>>;
  admittedAt?: number;
  readyTimer?: number;
  podsReady: boolean;
  running: Set<string>;
  expectedPods: number;
  requeueCount: number;
  requeueAt?: number;
}

export interface KueueHooks {
  admitted(
    jobSet: string,
    info: { localQueue: string; clusterQueue: string; flavors: Record<string, Record<string, string>> },
  ): void;
  /** `requeued`: it waits for readmission (false when deactivated). */
  evicted(jobSet: string, reason: string, requeued: boolean): void;
}

/** Heap order of a ClusterQueue's active queue: priority, then queue-order timestamp, then arrival. */
function before(a: Tracked, b: Tracked): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.queueTs !== b.queueTs) return a.queueTs < b.queueTs;
  return a.seq < b.seq;
}

class CqQueue {
  readonly heap: Tracked[] = [];
  readonly inadmissible = new Set<Tracked>();
  /** Preemptors waiting for their victims' quota (upstream: sticky at the head), back at once when quota frees. */
  readonly preempting = new Set<Tracked>();
  /** StrictFIFO: the head that did not fit blocks the queue until quota is freed. */
  blocked = false;
  constructor(readonly cq: ClusterQueue) {}

  get strict(): boolean {
    return this.cq.spec?.queueingStrategy === 'StrictFIFO';
  }

  push(t: Tracked): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): Tracked | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  remove(t: Tracked): void {
    this.inadmissible.delete(t);
    this.preempting.delete(t);
    const i = this.heap.indexOf(t);
    if (i < 0) return;
    const rest = this.heap.splice(i, 1).length ? this.heap.splice(0) : [];
    for (const x of rest) this.push(x);
  }
}

interface Entry {
  t: Tracked;
  queue: CqQueue;
  assignment: Assignment;
  mode: string;
}

export class KueueManager {
  private readonly objs: KueueObjects;
  private readonly tree: QuotaTree;
  private readonly weights: FairWeights;
  private readonly flavors = new Map<string, ResourceFlavor>();
  private readonly queues = new Map<string, CqQueue>();
  private readonly localQueues = new Map<string, LocalQueue>();
  private readonly byJobSet = new Map<string, Tracked>();
  private seq = 0;
  private cycleScheduled = false;
  private requeueScheduled = false;
  readonly stats: KueueStats;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly scenario: Scenario,
    private readonly hooks: KueueHooks,
  ) {
    this.objs = scenario.kueue;
    for (const f of this.objs.resourceFlavors) this.flavors.set(f.metadata.name, f);
    for (const lq of this.objs.localQueues)
      this.localQueues.set(`${lq.metadata.namespace ?? 'default'}/${lq.metadata.name}`, lq);
    const cqs = [...this.objs.clusterQueues].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const cq of cqs) this.queues.set(cq.metadata.name, new CqQueue(cq));
    this.tree = QuotaTree.build({ clusterQueues: cqs, cohorts: this.objs.cohorts });
    this.weights = fairWeightsFromSpecs(cqs, this.objs.cohorts);
    this.stats = new KueueStats(
      () => ctx.sim.now,
      cqs.map((c) => c.metadata.name),
    );
    ctx.store.watch<JobSet>('JobSet', (type, js) => this.onJobSet(type, js));
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  /** Mutating admission for JobSets: a JobSet Kueue manages is created suspended (jobframework's webhook). */
  mutateJobSet(js: JobSet): void {
    if (managedByKueue(js, this.scenario)) js.spec.suspend = true;
  }

  /** Kueue will manage this new JobSet (the collector asks at creation, before the Workload exists). */
  managesNew(js: JobSet): boolean {
    return managedByKueue(js, this.scenario);
  }

  /** A JobSet Kueue keeps suspended until it admits it (again): pending work that keeps a run alive. */
  waitsForAdmission(js: JobSet): boolean {
    const t = this.byJobSet.get(namespacedName(js));
    if (!t) return managedByKueue(js, this.scenario);
    return t.phase === 'pending' || t.phase === 'inadmissible' || t.phase === 'evicting' || t.phase === 'admitted';
  }

  private onJobSet(type: string, js: JobSet): void {
    const key = namespacedName(js);
    const t = this.byJobSet.get(key);
    if (type === 'ADDED' && !t && managedByKueue(js, this.scenario)) {
      this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => this.createWorkload(key));
      return;
    }
    if (!t) return;
    if (type === 'DELETED' || js.status.terminalState) this.finish(t, js);
  }

  private createWorkload(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
    if (!js || js.status.terminalState || this.byJobSet.has(key)) return;
    const queueName = queueNameOf(js, this.scenario) ?? '';
    const priority = priorityOf(js, this.scenario);
    const wl = this.ctx.store.create<Workload>(workloadFor(js, queueName, priority) as never);
    const lq = this.localQueues.get(`${ns}/${queueName}`);
    let expected = 0;
    for (const ps of wl.spec.podSets) expected += ps.count ?? 1;
    const t: Tracked = {
      key: namespacedName(wl),
      wl,
      jobSet: key,
      lq: queueName,
      cq: lq?.spec.clusterQueue,
      priority: priority.priority,
      queueTs: this.ctx.sim.now,
      createdAt: this.ctx.sim.now,
      queuedAt: this.ctx.sim.now,
      seq: this.seq++,
      phase: 'pending',
      podsReady: false,
      running: new Set(),
      expectedPods: expected,
      requeueCount: 0,
    };
    this.byJobSet.set(key, t);
    const queue = t.cq ? this.queues.get(t.cq) : undefined;
    if (!queue) {
      const why = !lq ? `LocalQueue ${queueName} doesn't exist` : `ClusterQueue ${t.cq} doesn't exist`;
      this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.Pending, why);
      t.phase = 'inadmissible';
      return;
    }
    this.stats.pending(t.cq!, 1);
    queue.push(t);
    this.kick();
  }

  private kick(): void {
    if (this.cycleScheduled) return;
    this.cycleScheduled = true;
    this.ctx.sim.after(this.ctx.lat.kueueCycle, Phase.Controller, () => {
      this.cycleScheduled = false;
      this.cycle();
    });
  }

  /** Scheduler.schedule: one head per active ClusterQueue, nominated, ordered, then admitted or requeued in turn. */
  private cycle(): void {
    const entries: Entry[] = [];
    for (const queue of this.queues.values()) {
      if (queue.blocked) continue;
      const t = queue.pop();
      if (!t) continue;
      entries.push(this.nominate(t, queue));
    }
    if (entries.length === 0) return;
    let admitted = 0;
    const decide = (e: Entry) => {
      if (this.process(e)) admitted++;
    };
    if (this.objs.config.fairSharing) {
      const byKey = new Map(entries.map((e) => [e.t.key, e]));
      const it = new FairSharingIterator(
        this.tree,
        entries.map((e) => ({
          key: e.t.key,
          clusterQueue: e.queue.cq.metadata.name,
          priority: e.t.priority,
          queueOrderTimestamp: e.t.queueTs,
          usage: e.assignment.usage,
        })),
        { weights: this.weights },
      );
      for (;;) {
        const next = it.pop();
        if (!next) break;
        decide(byKey.get(next.key)!);
      }
    } else {
      entries.sort(
        (a, b) =>
          a.assignment.borrowing - b.assignment.borrowing ||
          b.t.priority - a.t.priority ||
          a.t.queueTs - b.t.queueTs ||
          a.t.seq - b.t.seq,
      );
      for (const e of entries) decide(e);
    }
    // Heads remain (or something was admitted): another cycle. Otherwise wait for a workload or freed quota.
    if (admitted > 0 || [...this.queues.values()].some((q) => !q.blocked && q.heap.length > 0)) this.kick();
  }

  private nominate(t: Tracked, queue: CqQueue): Entry {
    const assigner = new FlavorAssigner({
      workload: t.wl,
      clusterQueue: queue.cq,
      quota: this.tree,
      resourceFlavors: this.flavors,
      fairSharing: this.objs.config.fairSharing !== undefined,
    });
    const assignment = assigner.assign();
    return { t, queue, assignment, mode: assignment.representativeMode() };
  }

  /** One entry against the live quota: admit, preempt, or requeue. Returns whether it was admitted. */
  private process(e: Entry): boolean {
    const { t, queue, assignment } = e;
    const cq = queue.cq.metadata.name;
    if (e.mode === 'Fit') {
      if (!this.tree.fits(cq, assignment.usage).fits) {
        this.requeue(
          t,
          queue,
          true,
          QUOTA_RESERVED_REASON.Pending,
          'Workload no longer fits after processing another workload',
        );
        return false;
      }
      this.admit(t, queue, assignment);
      return true;
    }
    if (e.mode === 'Preempt') {
      const frs = new Set<FlavorResource>();
      for (const ps of assignment.podSets) {
        for (const [res, fa] of ps.flavors) if (fa.mode === 'Preempt') frs.add(`${fa.name}/${res}`);
      }
      const admittedList = this.admittedWorkloads();
      const targets = getTargets({
        tree: this.tree,
        preemptor: {
          key: t.key,
          uid: t.wl.metadata.uid,
          priority: t.priority,
          queueOrderTimestamp: t.queueTs,
          usage: assignment.usage,
          clusterQueue: cq,
        },
        preemption: queue.cq.spec?.preemption,
        frsNeedPreemption: frs,
        admitted: admittedList,
        now: this.ctx.sim.now,
        ...(this.objs.config.fairSharing
          ? { fairSharing: { strategies: this.objs.config.fairSharing.preemptionStrategies, weights: this.weights } }
          : {}),
      });
      if (targets.length === 0) {
        this.requeue(t, queue, false, QUOTA_RESERVED_REASON.WaitingForQuota, assignment.message());
        return false;
      }
      const byKey = new Map([...this.byJobSet.values()].map((x) => [x.key, x]));
      for (const target of targets) {
        const victim = byKey.get(target.workload.key);
        if (!victim || victim.phase !== 'admitted') continue;
        const msg = targetMessage(
          this.tree,
          { uid: t.wl.metadata.uid, clusterQueue: cq, jobUID: t.wl.metadata.labels?.['kueue.x-k8s.io/job-uid'] },
          target,
        );
        this.evict(victim, EVICTED_REASON.Preempted, msg, target.reason);
      }
      this.setCondition(
        t,
        WORKLOAD_CONDITION.QuotaReserved,
        'False',
        QUOTA_RESERVED_REASON.WaitingForPreemptedWorkloads,
        `${assignment.message() || 'Waiting for preempted workloads'}. Pending the preemption of ${targets.length} workload(s)`,
      );
      t.phase = 'inadmissible';
      queue.preempting.add(t);
      return false;
    }
    this.requeue(t, queue, false, assignment.noFitReason || QUOTA_RESERVED_REASON.Pending, assignment.message());
    return false;
  }

  private admittedWorkloads(): AdmittedWorkload[] {
    const out: AdmittedWorkload[] = [];
    for (const x of this.byJobSet.values()) {
      if ((x.phase !== 'admitted' && x.phase !== 'evicting') || !x.usage || !x.cq) continue;
      out.push({
        key: x.key,
        uid: x.wl.metadata.uid,
        priority: x.priority,
        queueOrderTimestamp: x.queueTs,
        usage: x.usage,
        clusterQueue: x.cq,
        quotaReservedAt: x.admittedAt,
        evicted: x.phase === 'evicting',
      });
    }
    return out;
  }

  /** A failed attempt: back to the heap (`immediate`), or parked until quota is freed (BestEffortFIFO). */
  private requeue(t: Tracked, queue: CqQueue, immediate: boolean, reason: string, message: string): void {
    this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', reason, message);
    if (immediate) {
      queue.push(t);
      return;
    }
    if (queue.strict) {
      queue.push(t);
      queue.blocked = true;
      return;
    }
    t.phase = 'inadmissible';
    queue.inadmissible.add(t);
  }

  private admit(t: Tracked, queue: CqQueue, assignment: Assignment): void {
    const cq = queue.cq.metadata.name;
    const now = this.ctx.sim.now;
    this.tree.addUsage(cq, assignment.usage);
    t.usage = new Map(assignment.usage);
    t.phase = 'admitted';
    t.admittedAt = now;
    const flavors: Record<string, Record<string, string>> = {};
    for (const ps of assignment.podSets) {
      flavors[ps.name] = {};
      for (const [res, fa] of ps.flavors) flavors[ps.name]![res] = fa.name;
    }
    t.flavors = flavors;
    const wl = t.wl;
    wl.status ??= {};
    wl.status.admission = { clusterQueue: cq, podSetAssignments: assignment.toAPI() } as never;
    this.setCondition(
      t,
      WORKLOAD_CONDITION.QuotaReserved,
      'True',
      QUOTA_RESERVED_REASON.QuotaReserved,
      quotaReservedMessage(cq),
      false,
    );
    this.setCondition(t, WORKLOAD_CONDITION.Admitted, 'True', 'Admitted', ADMITTED_MESSAGE, false);
    this.removeCondition(t, WORKLOAD_CONDITION.Evicted);
    this.removeCondition(t, WORKLOAD_CONDITION.Preempted);
    this.ctx.store.updateStatus(wl);
    this.stats.pending(cq, -1);
    this.stats.admitted(cq, (now - t.queuedAt) / 1e6, assignment.usage, this.tree);
    this.ctx.log.emit('WorkloadAdmitted', { workload: t.key, jobSet: t.jobSet, clusterQueue: cq, flavors });
    this.hooks.admitted(t.jobSet, { localQueue: t.lq, clusterQueue: cq, flavors });
    this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => this.resumeJobSet(t));
    const w = this.objs.config.waitForPodsReady;
    if (w) {
      t.podsReady = false;
      t.running.clear();
      if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
      t.readyTimer = this.ctx.sim.after(w.timeoutUs, Phase.Timer, () => {
        t.readyTimer = undefined;
        if (t.phase === 'admitted' && !t.podsReady) this.podsReadyTimeout(t);
      });
    }
  }

  /** The jobframework's RunWithPodSetsInfo: the flavors' node labels and tolerations into the templates, then resume. */
  private resumeJobSet(t: Tracked): void {
    if (t.phase !== 'admitted') return;
    const [ns, name] = t.jobSet.split('/') as [string, string];
    const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
    if (!js || js.status.terminalState) return;
    for (const rj of js.spec.replicatedJobs) {
      const spec = rj.template.spec.template.spec;
      for (const flavorName of new Set(Object.values(t.flavors?.[rj.name] ?? {}))) {
        const f = this.flavors.get(flavorName);
        if (!f) continue;
        if (f.spec?.nodeLabels) spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...f.spec.nodeLabels };
        for (const tol of f.spec?.tolerations ?? []) {
          spec.tolerations ??= [];
          if (!spec.tolerations.some((x) => JSON.stringify(x) === JSON.stringify(tol))) spec.tolerations.push(tol);
        }
      }
    }
    js.spec.suspend = false;
    this.ctx.store.update(js);
  }

  private podsReadyTimeout(t: Tracked): void {
    const w = this.objs.config.waitForPodsReady!;
    t.requeueCount++;
    if (w.backoffLimitCount !== undefined && t.requeueCount > w.backoffLimitCount) {
      // spec.active = false: evicted once more and never admitted again (DeactivationTarget, RequeuingLimitExceeded).
      t.wl.spec.active = false;
      this.evict(
        t,
        EVICTED_REASON.Deactivated,
        `The workload is deactivated due to exceeding the maximum number of re-queuing retries`,
      );
      return;
    }
    const backoff = Math.min(w.backoffBaseSeconds * 2 ** (t.requeueCount - 1), w.backoffMaxSeconds);
    t.requeueAt = this.ctx.sim.now + backoff * 1e6;
    this.evict(t, EVICTED_REASON.PodsReadyTimeout, `Exceeded the PodsReady timeout ${namespacedName(t.wl)}`);
  }

  /** Evicted (and Preempted) conditions, then the JobSet is suspended; the quota goes once its pods are gone. */
  private evict(t: Tracked, reason: string, message: string, preempted?: string): void {
    if (t.phase !== 'admitted') return;
    t.phase = 'evicting';
    if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
    t.readyTimer = undefined;
    this.setCondition(t, WORKLOAD_CONDITION.Evicted, 'True', reason, message, false);
    if (preempted) this.setCondition(t, WORKLOAD_CONDITION.Preempted, 'True', preempted, message, false);
    this.ctx.store.updateStatus(t.wl);
    this.stats.evicted(t.cq!, reason, preempted);
    const fields = { workload: t.key, jobSet: t.jobSet, clusterQueue: t.cq, reason: preempted ?? reason };
    this.ctx.log.emit(preempted ? 'WorkloadPreempted' : 'WorkloadEvicted', fields);
    this.hooks.evicted(t.jobSet, reason, t.wl.spec.active !== false);
    this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => {
      const [ns, name] = t.jobSet.split('/') as [string, string];
      const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
      if (js && !js.status.terminalState && !js.spec.suspend) {
        js.spec.suspend = true;
        this.ctx.store.update(js);
      }
      this.releaseIfStopped(t);
    });
  }

  /** An evicted workload keeps its quota until no pod of its JobSet is still running. */
  private releaseIfStopped(t: Tracked): void {
    if (t.phase !== 'evicting') return;
    const [ns, name] = t.jobSet.split('/') as [string, string];
    const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
    const store = this.ctx.store;
    for (const job of js ? store.dependentsOf(js.metadata.uid, 'Job') : []) {
      for (const p of store.dependentsOf<Pod>(job.metadata.uid, 'Pod')) if (!podIsTerminal(p)) return;
    }
    this.release(t);
    const queue = t.cq ? this.queues.get(t.cq) : undefined;
    if (t.wl.spec.active === false) {
      t.phase = 'deactivated';
      t.usage = undefined;
      this.setCondition(
        t,
        WORKLOAD_CONDITION.QuotaReserved,
        'False',
        QUOTA_RESERVED_REASON.Pending,
        'The workload is deactivated',
      );
      return;
    }
    t.phase = 'pending';
    t.usage = undefined;
    if (t.requeueAt !== undefined) t.queueTs = this.ctx.sim.now; // requeuingStrategy.timestamp: Eviction
    this.setCondition(
      t,
      WORKLOAD_CONDITION.QuotaReserved,
      'False',
      QUOTA_RESERVED_REASON.Pending,
      'The workload has no reservation',
      false,
    );
    this.setCondition(
      t,
      WORKLOAD_CONDITION.Admitted,
      'False',
      'NoReservation',
      'The workload has no reservation',
      false,
    );
    this.ctx.store.updateStatus(t.wl);
    if (!queue) return;
    t.queuedAt = this.ctx.sim.now;
    this.stats.pending(t.cq!, 1);
    const requeueAt = t.requeueAt;
    if (requeueAt !== undefined && requeueAt > this.ctx.sim.now) {
      t.phase = 'inadmissible';
      this.ctx.sim.at(requeueAt, Phase.Timer, () => {
        if (t.phase !== 'inadmissible') return;
        queue.inadmissible.delete(t);
        t.phase = 'pending';
        queue.push(t);
        this.kick();
      });
    } else {
      queue.push(t);
      this.kick();
    }
  }

  private release(t: Tracked): void {
    if (t.usage && t.cq) {
      this.tree.removeUsage(t.cq, t.usage);
      this.stats.usageChanged(t.cq, this.tree);
    }
    for (const q of this.queues.values()) {
      for (const p of q.preempting) {
        p.phase = 'pending';
        q.push(p);
      }
      q.preempting.clear();
    }
    this.kick();
    this.requeueInadmissible();
  }

  private finish(t: Tracked, js: JobSet): void {
    if (t.phase === 'finished') return;
    const prev = t.phase;
    t.phase = 'finished';
    if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
    const queue = t.cq ? this.queues.get(t.cq) : undefined;
    if (prev === 'pending' || prev === 'inadmissible') {
      queue?.remove(t);
      if (t.cq && queue) this.stats.pending(t.cq, -1);
    }
    if (prev === 'admitted' || prev === 'evicting') this.release(t);
    if (js.status.terminalState) {
      const ok = js.status.terminalState === 'Completed';
      this.setCondition(
        t,
        WORKLOAD_CONDITION.Finished,
        'True',
        ok ? FINISHED_REASON.Succeeded : FINISHED_REASON.Failed,
        ok ? 'jobset completed successfully' : 'jobset failed',
      );
    }
  }

  /** QueueInadmissibleWorkloads for every ClusterQueue, batched by `kueueRequeueBatch`. */
  private requeueInadmissible(): void {
    if (this.requeueScheduled) return;
    this.requeueScheduled = true;
    this.ctx.sim.after(this.ctx.lat.kueueRequeueBatch, Phase.Controller, () => {
      this.requeueScheduled = false;
      for (const q of this.queues.values()) {
        q.blocked = false;
        for (const t of [...q.inadmissible]) {
          if (t.requeueAt !== undefined && t.requeueAt > this.ctx.sim.now) continue;
          q.inadmissible.delete(t);
          t.phase = 'pending';
          q.push(t);
        }
      }
      this.kick();
    });
  }

  private onPod(type: string, pod: Pod): void {
    const jsName = pod.metadata.labels?.[JS.jobSetName];
    if (!jsName) return;
    const t = this.byJobSet.get(`${pod.metadata.namespace ?? 'default'}/${jsName}`);
    if (!t) return;
    if (t.phase === 'evicting' && (type === 'DELETED' || podIsTerminal(pod))) {
      this.ctx.sim.after(0, Phase.Controller, () => this.releaseIfStopped(t));
      return;
    }
    if (t.phase !== 'admitted' || t.podsReady) return;
    const uid = pod.metadata.uid;
    if (type !== 'DELETED' && (pod.status.phase === 'Running' || pod.status.phase === 'Succeeded')) t.running.add(uid);
    else t.running.delete(uid);
    if (t.running.size >= t.expectedPods) {
      t.podsReady = true;
      if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
      t.readyTimer = undefined;
      this.setCondition(
        t,
        WORKLOAD_CONDITION.PodsReady,
        'True',
        'PodsReady',
        'All pods reached readiness and the workload is running',
      );
    }
  }

  private setCondition(
    t: Tracked,
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
    write = true,
  ): void {
    const wl = t.wl;
    wl.status ??= {};
    const conds = (wl.status.conditions ??= []);
    const now = this.ctx.sim.now / 1e6;
    const c = conds.find((x) => x.type === type);
    if (c && c.status === status && c.reason === reason && c.message === message) return;
    if (c) {
      if (c.status !== status) c.lastTransitionTime = now;
      c.status = status;
      c.reason = reason;
      c.message = message;
    } else conds.push({ type, status, reason, message, lastTransitionTime: now });
    if (write && this.ctx.store.getByUid(wl.metadata.uid)) this.ctx.store.updateStatus(wl);
  }

  private removeCondition(t: Tracked, type: string): void {
    const conds = t.wl.status?.conditions;
    if (!conds) return;
    const i = conds.findIndex((c) => c.type === type);
    if (i >= 0) conds.splice(i, 1);
  }

  /** The result's metrics.kueue. */
  summary(endUs: number): ReturnType<KueueStats['summary']> {
    return this.stats.summary(endUs, this.tree);
  }
}
