// Kueue in the simulated cluster (spec/kueue.md §1.8, §2, §3): the JobSet and batch Job integrations (suspend at
// creation, one Workload per job, resume with the flavors' node labels and tolerations on admission, suspend on
// eviction; src/kueue/job-integration.ts for Jobs), the per-ClusterQueue queues (BestEffortFIFO with inadmissible
// parking and the batched requeue, StrictFIFO), the scheduling cycle (one head per ClusterQueue, flavor assignment
// with the real preemption oracle and partial admission, classic or Fair Sharing order, preemption, capacity
// reservation; src/kueue/reservation.ts), admission checks (src/kueue/admission-checks.ts) and waitForPodsReady.
// Quota, flavors, preemption targets and shares come from the pure modules beside this one.
//
// Named simplifications: a preemptor waiting for its victims is parked and requeued when quota is freed in its
// cohort tree (upstream keeps it at the head of its queue and retries every cycle; the admission time is the same);
// while it is parked, each cycle counts its usage as taken and its victims' as gone, as upstream's retry does every
// cycle (see `applyPendingPreemptions`), and a workload that then no longer fits waits for that quota to be freed
// (upstream retries it every cycle); both keep their queue's head meanwhile (CqQueue.offersHead): the workloads
// behind them are not nominated, one per cycle, as they would not be upstream; a StrictFIFO head that does not fit
// blocks its queue until quota is freed
// (upstream re-pops it every cycle), holding the capacity it reserved if it needed preemption without candidates.
// Topology Aware Scheduling (spec §4): placement after quota in the flavor assignment, the placement check in
// preemption, the TAS cache's usage per domain, the admission's topology assignments and the ungater (./tas/);
// standalone batch Jobs get no TAS placement (the ungater maps pods to podsets for JobSets only): their pods count
// as non-TAS pods. The preemption oracle of the flavor assignment checks quota only, as upstream's does
// (SimulatePreemption passes no TAS requests); the nomination's targets check TAS fit.
//
// Cost: the scheduling cycle visits only the ClusterQueues with a head; preemption reads the admitted workloads of
// the preemptor's cohort tree only (kept per tree); freed quota requeues the workloads of its cohort tree only, as
// upstream's QueueAssociatedInadmissibleWorkloadsAfter does.
import type { Job } from '../api/batch.js';
import { type Node, type Pod, podIsTerminal } from '../api/core.js';
import { BATCH, type JobSet, JS } from '../api/jobset.js';
import { namespacedName } from '../api/meta.js';
import type { ControllerContext } from '../controllers/context.js';
import { Phase } from '../engine/simulator.js';
import type { SeriesRecorder } from '../metrics/series.js';
import { parseDuration } from '../scenario/duration.js';
import type { KueueObjects, Scenario } from '../scenario/model.js';
import {
  type AdmissionCheck,
  admissionChecksForAdmission,
  CHECK_DELAY_ANNOTATION,
  CheckControllers,
  missingAdmissionChecks,
  resetChecksOnEviction,
} from './admission-checks.js';
import { admissionFairSharingEnabled } from './admission-fair-sharing.js';
import { AdmittedIndex } from './admitted-index.js';
import { AfsManager } from './afs-manager.js';
import {
  ADMITTED_MESSAGE,
  ADMITTED_REASON,
  clusterQueueInactiveMessage,
  EVICTED_REASON,
  FINISHED_REASON,
  type LocalQueue,
  NO_RESERVATION_MESSAGE,
  QUOTA_RESERVED_REASON,
  quotaReservedMessage,
  REQUEUED_REASON,
  type ResourceFlavor,
  TAS_ANNOTATIONS,
  TOPOLOGY_SCHEDULING_GATE,
  UNSATISFIED_CHECKS_MESSAGE,
  WORKLOAD_CONDITION,
  type Workload,
} from './api.js';
import { CqQueue, conditionChanged, type QueueItem } from './cq-queue.js';
import { type ClassicalEntryKey, compareClassicalEntries } from './entry-order.js';
import { FairSharingIterator, type FairWeights, fairWeightsFromSpecs } from './fair-sharing.js';
import {
  type Assignment,
  assignWithPartialAdmission,
  FlavorAssigner,
  formatAmount,
  updateForTASResult,
} from './flavor-assigner.js';
import {
  jobFinishedInfo,
  jobPodSetInfo,
  jobWorkloadFor,
  managesJob,
  type PodSetInfo,
  podSetInfosFor,
  runJobWithPodSetInfo,
  stopJob,
} from './job-integration.js';
import { type AdmittedWorkload, getTargets, type PreemptionTarget, targetMessage } from './preemption.js';
import {
  addAmount,
  type FlavorResource,
  flavorResource,
  QuotaTree,
  quotaAmount,
  splitFlavorResource,
} from './quota.js';
import { canAlwaysReclaim, quotaResourcesToReserve, simulationOracle } from './reservation.js';
import { KueueSeries } from './series.js';
import { KueueStats } from './stats.js';
import { TasCache } from './tas/cache.js';
import {
  applyTasUsage,
  explicitlyRequestsTAS,
  TasPlacement,
  type TasUsage,
  tasFailure,
  tasFits,
} from './tas/placement.js';
import { podsToUngate, ungate } from './tas/ungater.js';
import { managedByKueue, priorityOf, queueNameOf, workloadFor } from './workload.js';

type Phase_ = 'pending' | 'inadmissible' | 'admitted' | 'evicting' | 'finished' | 'deactivated';

/** The job kinds Kueue manages here (its jobframework integrations). */
export type OwnerKind = 'JobSet' | 'Job';

interface Tracked extends QueueItem {
  key: string;
  wl: Workload;
  /** The owner's namespace/name (a JobSet's, or a standalone Job's: see `kind`). */
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
}

interface Entry {
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
interface TreeOp {
  cq: string;
  usage: ReadonlyMap<FlavorResource, number>;
  add: boolean;
  /** The TAS usage that goes with it (the TAS cache is part of upstream's cycle snapshot). */
  tas?: TasUsage;
}

export class KueueManager {
  private readonly objs: KueueObjects;
  private readonly tree: QuotaTree;
  private readonly weights: FairWeights;
  private readonly flavors = new Map<string, ResourceFlavor>();
  private readonly queues = new Map<string, CqQueue<Tracked>>();
  /** The queues of each cohort tree, in name order. */
  private readonly queuesByRoot = new Map<string, CqQueue<Tracked>[]>();
  /** The queues with a head to offer (see CqQueue.active). */
  private readonly active = new Set<CqQueue<Tracked>>();
  private readonly localQueues = new Map<string, LocalQueue>();
  /** By owner: a JobSet's namespace/name, or `Job:` + a Job's (see ownerIndex). */
  private readonly byJobSet = new Map<string, Tracked>();
  /** By Workload key. */
  private readonly byKey = new Map<string, Tracked>();
  /** Workloads holding quota (admitted or evicting), per cohort tree: what preemption chooses from. */
  private readonly holdingByRoot = new Map<string, Set<Tracked>>();
  /** holdingByRoot's views as preemption's input, rebuilt when the tree's set or an eviction changes them. */
  private readonly admittedViews = new Map<string, AdmittedWorkload[]>();
  /** The same views per cohort tree, indexed for the target search (kept up to date, not rebuilt). */
  private readonly admittedIndex = new Map<string, AdmittedIndex>();
  /** Scheduling hashes, one string each (internHash). */
  private readonly hashes = new Map<string, string>();
  /** Parked preemptors per cohort tree. */
  private readonly parkedByRoot = new Map<string, Set<Tracked>>();
  /** Blocked StrictFIFO heads holding capacity (reserveCapacityForUnreclaimablePreempt), per cohort tree. */
  private readonly reservingByRoot = new Map<string, Set<Tracked>>();
  /** Cohort trees whose inadmissible workloads the next batched requeue moves back. */
  private readonly requeueRoots = new Set<string>();
  private seq = 0;
  private cycleScheduled = false;
  private requeueScheduled = false;
  private inCycle = false;
  /**
   * Admitted in the running cycle, held (preemption candidates) only once it ends: upstream's cycle works on the
   * snapshot taken at its start, where this cycle's admissions add usage (cq.AddUsage) but are no candidates, so a
   * target search within the cycle (the TAS recompute) cannot preempt a workload admitted in the same cycle.
   */
  private readonly admittedInCycle: Tracked[] = [];
  /** The targets of the running cycle's preemptors (upstream's preemptedWorkloads). */
  private readonly preemptedInCycle = new Set<Tracked>();
  /** Feature gate SchedulingEquivalenceHashing (on by default upstream), Simulation.spec.featureGates. */
  private readonly equivalenceHashing: boolean;
  /** Feature gate PartialAdmission (on by default upstream): podsets with minCount may be admitted with fewer pods. */
  private readonly partialAdmission: boolean;
  /**
   * Feature gate PrioritizePreemptorWorkloads (alpha, off upstream): a head waiting for its preemptions is ordered
   * first in the cycle and reserves its quota even under reclaimWithinCohort Any (README, "Preemption ping-pong").
   */
  private readonly prioritizePreemptors: boolean;
  readonly stats: KueueStats;
  /** Admission Fair Sharing (src/kueue/afs-manager.ts), when configured and the feature gate is on. */
  private readonly afs: AfsManager | undefined;
  private readonly checkControllers: CheckControllers<Tracked>;
  /** ClusterQueues naming an AdmissionCheck the scenario lacks: inactive (AdmissionCheckNotFound), nothing admitted. */
  private readonly inactive = new Set<string>();
  /** TAS: per-flavor domain trees and usage; which ClusterQueues have only TAS flavors; Topology levels. */
  private tas: TasCache;
  private readonly tasOnly = new Set<string>();
  private readonly topologyLevels = new Map<string, string[]>();
  private nonTasRequeueScheduled = false;
  /** Workloads with a pending topology-ungater reconcile. */
  private readonly ungatePending = new Set<string>();

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
    this.tree = QuotaTree.build({ clusterQueues: cqs, cohorts: this.objs.cohorts });
    const afs = admissionFairSharingEnabled(this.objs.config, ctx.settings.featureGates)
      ? new AfsManager(this.objs.config.admissionFairSharing, cqs, this.objs.localQueues, () => ctx.sim.now)
      : undefined;
    this.afs = afs;
    cqs.forEach((cq, i) => {
      const name = cq.metadata.name;
      const root = this.tree.hasClusterQueue(name) ? this.tree.root(name).name : name;
      const lqUsage = afs?.appliesTo(name) ? (t: Tracked) => afs.usageOf(localQueueKey(t)) : undefined;
      const q = new CqQueue<Tracked>(cq, i, root, this.active, lqUsage);
      this.queues.set(name, q);
      let list = this.queuesByRoot.get(root);
      if (!list) this.queuesByRoot.set(root, (list = []));
      list.push(q);
    });
    this.weights = fairWeightsFromSpecs(cqs, this.objs.cohorts);
    const checks = new Map<string, AdmissionCheck>(this.objs.admissionChecks.map((a) => [a.metadata.name, a]));
    for (const cq of cqs) if (missingAdmissionChecks(cq, checks).length > 0) this.inactive.add(cq.metadata.name);
    this.checkControllers = new CheckControllers<Tracked>(
      checks,
      ctx.lat.kueueAdmissionCheck,
      (ac) => delayOf(ac),
      this.checkHost(),
    );
    this.equivalenceHashing = ctx.settings.featureGates.SchedulingEquivalenceHashing !== false;
    this.partialAdmission = ctx.settings.featureGates.PartialAdmission !== false;
    this.prioritizePreemptors = ctx.settings.featureGates.PrioritizePreemptorWorkloads === true;
    this.stats = new KueueStats(
      () => ctx.sim.now,
      cqs.map((c) => c.metadata.name),
    );
    for (const t of this.objs.topologies)
      this.topologyLevels.set(
        t.metadata.name,
        t.spec.levels.map((l) => l.nodeLabel),
      );
    this.tas = new TasCache(this.objs.resourceFlavors, this.objs.topologies);
    if (ctx.settings.featureGates.TopologyAwareScheduling === false) this.tas = new TasCache([], []);
    for (const cq of cqs) {
      const rgs = cq.spec?.resourceGroups ?? [];
      if (this.tas.hasFlavors() && rgs.every((rg) => rg.flavors.every((f) => this.tas.isTASFlavor(f.name))))
        this.tasOnly.add(cq.metadata.name);
    }
    if (this.tas.hasFlavors()) {
      for (const n of ctx.store.list<Node>('Node')) this.tas.onNode('ADDED', n);
      for (const p of ctx.store.list<Pod>('Pod')) this.tas.onPod('ADDED', p);
      ctx.store.watch<Node>('Node', (type, node) => {
        if (this.tas.onNode(type, node)) for (const root of this.queuesByRoot.keys()) this.requeueInadmissible(root);
      });
    }
    ctx.store.watch<JobSet>('JobSet', (type, js) => this.onJobSet(type, js));
    // The archiveFinished memory policy (src/archive-finished.ts): a finished JobSet's Workload leaves with it.
    ctx.store.onArchive<JobSet>('JobSet', (js) => this.onArchived(namespacedName(js)));
    ctx.store.watch<Job>('Job', (type, job) => this.onJob(type, job));
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

  /** The job webhook for batch Jobs: a standalone Job Kueue manages is created suspended. */
  mutateJob(job: Job): void {
    if (managesJob(job, this.scenario)) job.spec.suspend = true;
  }

  /** A Job Kueue keeps suspended until it admits it (again): pending work that keeps a run alive. */
  waitsForAdmissionJob(job: Job): boolean {
    const t = this.byJobSet.get(ownerIndex('Job', namespacedName(job)));
    if (!t) return managesJob(job, this.scenario);
    return t.phase === 'pending' || t.phase === 'inadmissible' || t.phase === 'evicting' || t.phase === 'admitted';
  }

  private onJobSet(type: string, js: JobSet): void {
    const key = namespacedName(js);
    const t = this.byJobSet.get(key);
    if (type === 'ADDED' && !t && managedByKueue(js, this.scenario)) {
      this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => this.createWorkload('JobSet', key));
      return;
    }
    if (!t) return;
    if (type === 'DELETED' || js.status.terminalState) {
      const ok = js.status.terminalState === 'Completed';
      const done = js.status.terminalState
        ? { success: ok, message: ok ? 'jobset completed successfully' : 'jobset failed' }
        : undefined;
      this.finish(t, done);
    }
  }

  /** Its JobSet archived: a finished Workload is dropped from the store and every index (nothing reads it again). */
  private onArchived(key: string): void {
    const t = this.byJobSet.get(key);
    if (t === undefined || t.phase !== 'finished') return;
    this.byJobSet.delete(key);
    this.byKey.delete(t.key);
    this.ctx.store.archive(t.wl);
  }

  private onJob(type: string, job: Job): void {
    const key = namespacedName(job);
    const t = this.byJobSet.get(ownerIndex('Job', key));
    if (type === 'ADDED' && !t && managesJob(job, this.scenario)) {
      this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => this.createWorkload('Job', key));
      return;
    }
    if (!t) return;
    const done = jobFinishedInfo(job);
    if (type === 'DELETED' || done) this.finish(t, done);
  }

  /** The owner of a Workload as the store holds it now (undefined once deleted). */
  private ownerOf(t: Tracked): JobSet | Job | undefined {
    const [ns, name] = t.jobSet.split('/') as [string, string];
    return this.ctx.store.get<JobSet | Job>(t.kind, ns, name);
  }

  private createWorkload(kind: OwnerKind, key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    if (this.byJobSet.has(ownerIndex(kind, key))) return;
    let wl: Workload;
    let priority: number;
    let queueName: string;
    let original: PodSetInfo | undefined;
    if (kind === 'JobSet') {
      const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
      if (!js || js.status.terminalState) return;
      queueName = queueNameOf(js, this.scenario) ?? '';
      const p = priorityOf(js, this.scenario);
      priority = p.priority;
      const tasGate = this.ctx.settings.featureGates.TopologyAwareScheduling !== false;
      wl = this.ctx.store.create<Workload>(workloadFor(js, queueName, p, tasGate) as never);
    } else {
      const job = this.ctx.store.get<Job>('Job', ns, name);
      if (!job || jobFinishedInfo(job)) return;
      queueName = queueNameOf(job, this.scenario) ?? '';
      const w = jobWorkloadFor(job, queueName, this.scenario);
      priority = w.priority;
      original = jobPodSetInfo(job);
      wl = this.ctx.store.create<Workload>(w.workload as never);
    }
    const lq = this.localQueues.get(`${ns}/${queueName}`);
    let expected = 0;
    for (const ps of wl.spec.podSets) expected += ps.count ?? 1;
    const cq = lq?.spec.clusterQueue;
    const queue = cq ? this.queues.get(cq) : undefined;
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
      queueTs: this.ctx.sim.now,
      createdAt: this.ctx.sim.now,
      queuedAt: this.ctx.sim.now,
      seq: this.seq++,
      phase: 'pending',
      podsReady: false,
      running: new Set(),
      expectedPods: expected,
      requeueCount: 0,
      checkEpoch: 0,
      hash: this.internHash(schedulingHash(wl, priority)),
    };
    this.byJobSet.set(ownerIndex(kind, key), t);
    this.byKey.set(t.key, t);
    if (!queue) {
      const why = !lq ? `LocalQueue ${queueName} doesn't exist` : `ClusterQueue ${t.cq} doesn't exist`;
      this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.Pending, why);
      t.phase = 'inadmissible';
      return;
    }
    if (this.inactive.has(t.cq!)) {
      const msg = clusterQueueInactiveMessage(t.cq!);
      this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.Suspended, msg);
      t.phase = 'inadmissible';
      return;
    }
    this.stats.pending(t.cq!, 1);
    this.enqueue(t, queue);
    this.kick();
  }

  /**
   * PushOrUpdate: into the heap, unless its equivalence class was bulk-moved to inadmissible since the last
   * inadmissible requeue (SchedulingEquivalenceHashing, BestEffortFIFO only).
   */
  private enqueue(t: Tracked, queue: CqQueue<Tracked>): void {
    if (this.equivalenceHashing && !queue.strict && queue.bulkHashes.has(t.hash)) {
      t.phase = 'inadmissible';
      queue.inadmissible.add(t);
      return;
    }
    t.phase = 'pending';
    queue.push(t);
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
    if (this.active.size === 0) return;
    const entries: Entry[] = [];
    // AFS: LocalQueue usages as of now (samples due, penalties), the heaps reordered where they changed.
    if (this.afs) for (const queue of this.active) if (this.afs.refresh(queue.cq.metadata.name)) queue.heapify();
    for (const queue of [...this.active].sort((a, b) => a.index - b.index)) {
      if (!queue.offersHead()) continue;
      const t = queue.pop();
      if (t) entries.push(this.nominate(t, queue));
    }
    if (entries.length === 0) return;
    this.inCycle = true;
    const ops: TreeOp[] = [];
    const removed = new Set<Tracked>();
    const admittedCqs = new Set<string>();
    this.applyPendingPreemptions(entries, ops, removed);
    let admitted = 0;
    const decide = (e: Entry) => {
      if (this.process(e, ops, removed)) {
        admitted++;
        admittedCqs.add(e.queue.cq.metadata.name);
      }
    };
    try {
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
            isPreemptor: this.isPreemptor(e.t, e.queue),
          })),
          { weights: this.weights, prioritizePreemptorWorkloads: this.prioritizePreemptors },
        );
        for (;;) {
          const next = it.pop();
          if (!next) break;
          decide(byKey.get(next.key)!);
        }
      } else {
        const key = (e: Entry): ClassicalEntryKey => ({
          isPreemptor: this.isPreemptor(e.t, e.queue),
          borrowing: e.assignment.borrowing,
          priority: e.t.priority,
          queueTs: e.t.queueTs,
          seq: e.t.seq,
        });
        const keys = new Map(entries.map((e) => [e, key(e)]));
        entries.sort((a, b) => compareClassicalEntries(keys.get(a)!, keys.get(b)!, this.prioritizePreemptors));
        for (const e of entries) decide(e);
      }
    } finally {
      for (let i = ops.length - 1; i >= 0; i--) this.undoOp(ops[i]!);
      this.inCycle = false;
      this.preemptedInCycle.clear();
      this.holdAdmittedInCycle();
    }
    // The metrics read admitted usage, once the cycle's reservations are undone (same instant: no area changes).
    for (const cq of admittedCqs) this.stats.usageChanged(cq, this.tree);
    // Heads remain (or something was admitted): another cycle. Otherwise wait for a workload or freed quota.
    if (admitted > 0 || this.active.size > 0) this.kick();
  }

  /**
   * What upstream's retry of every waiting preemptor does to each cycle (scheduler.go processEntry and fits): its
   * victims' usage is simulated away (SimulateWorkloadUsageRemoval of the cycle's preempted workloads) and its own
   * usage added (`cq.AddUsage`), so that the workloads after it cannot take the quota being freed for it. Here for
   * every parked preemptor of the cohort trees this cycle's heads belong to, for the processing only (the
   * nominations above saw the tree as it is, as upstream's nominate sees the snapshot).
   */
  private applyPendingPreemptions(entries: readonly Entry[], ops: TreeOp[], removed: Set<Tracked>): void {
    if (this.parkedByRoot.size === 0 && this.reservingByRoot.size === 0) return;
    const roots = new Set<string>();
    for (const e of entries) roots.add(e.queue.root);
    for (const root of roots) {
      for (const p of this.parkedByRoot.get(root) ?? []) {
        for (const v of p.parked!.victims) this.simulateRemoval(v, ops, removed);
        this.treeOp(ops, p.cq!, p.parked!.usage, true, p.parked!.tasUsage);
      }
      // A blocked StrictFIFO head is re-popped every cycle upstream and reserves again each time.
      for (const r of this.reservingByRoot.get(root) ?? []) this.treeOp(ops, r.cq!, r.reserved!, true, r.reservedTas);
    }
  }

  private holdAdmittedInCycle(): void {
    for (const t of this.admittedInCycle) if (!t.admittedView && t.usage) this.hold(t);
    this.admittedInCycle.length = 0;
  }

  private simulateRemoval(v: Tracked, ops: TreeOp[], removed: Set<Tracked>): void {
    if (removed.has(v) || v.phase !== 'evicting' || !v.usage || !v.cq) return;
    removed.add(v);
    this.treeOp(ops, v.cq, v.usage, false, v.tasUsage);
  }

  private treeOp(
    ops: TreeOp[],
    cq: string,
    usage: ReadonlyMap<FlavorResource, number>,
    add: boolean,
    tas?: TasUsage,
  ): void {
    if (add) this.tree.addUsage(cq, usage);
    else this.tree.removeUsage(cq, usage);
    if (tas) applyTasUsage(this.tas, tas, add ? 1 : -1);
    ops.push({ cq, usage, add, ...(tas ? { tas } : {}) });
  }

  private undoOp(op: TreeOp): void {
    if (op.add) this.tree.removeUsage(op.cq, op.usage);
    else this.tree.addUsage(op.cq, op.usage);
    if (op.tas) applyTasUsage(this.tas, op.tas, op.add ? -1 : 1);
  }

  /**
   * getInitialAssignments: the flavor assignment, with upstream's preemption oracle (the real target search per
   * FlavorResource), its targets when it needs preemption, and partial admission (PodSetReducer) when the full
   * counts neither fit nor find targets. With TAS flavors, the assigner places the TAS podsets after quota, the
   * targets must leave room for the placement, and a Preempt assignment gets its placement (updateAssignmentForTAS).
   * `nominationMapping` pins the flavors (TAS recomputation within the cycle).
   */
  private nominate(
    t: Tracked,
    queue: CqQueue<Tracked>,
    nominationMapping?: Record<string, Record<string, string>>,
  ): Entry {
    this.unreserve(t);
    const cqName = queue.cq.metadata.name;
    // Standalone Jobs get no TAS placement: the ungater's pod-to-podset mapping is the JobSet's.
    const tas =
      this.tas.hasFlavors() && t.kind === 'JobSet'
        ? new TasPlacement(this.tas, t.wl.spec.podSets, this.tasOnly.has(cqName))
        : undefined;
    const fairSharing = this.fairSharingConfig();
    // The oracle's last search: getTargets for the same single request on the unchanged tree gives the same answer.
    let searched: SearchedTargets | undefined;
    const assigner = new FlavorAssigner({
      workload: t.wl,
      clusterQueue: queue.cq,
      quota: this.tree,
      resourceFlavors: this.flavors,
      fairSharing: fairSharing !== undefined,
      oracle: simulationOracle({
        ...this.holdersOf(queue.root),
        preemptor: this.preemptorOf(t, queue),
        preemption: queue.cq.spec?.preemption,
        ...(fairSharing ? { fairSharing } : {}),
        admissionFairSharing: this.afs !== undefined,
        now: this.ctx.sim.now,
        searched: (s) => {
          searched = s;
        },
      }),
      topologyLevels: (name) => this.topologyLevels.get(name),
      ...(tas ? { tas } : {}),
      ...(nominationMapping ? { nominationMapping } : {}),
    });
    const r = assignWithPartialAdmission(assigner, t.wl.spec.podSets, {
      partialAdmission: this.partialAdmission,
      preemptionTargets: (a) => this.targetsFor(t, queue, a, tas, searched),
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
      this.updateAssignmentForTAS(e);
    }
    return e;
  }

  /**
   * updateAssignmentForTAS: a Preempt assignment of a TAS workload gets the placement it would have once its targets
   * are gone (their TAS usage simulated away), or, without targets, the placement on an empty cluster, so that the
   * capacity can be reserved for it in this cycle.
   */
  private updateAssignmentForTAS(e: Entry): void {
    if (!e.tas?.any()) return;
    const requests = e.tas.requests(e.assignment.podSets);
    const targets = e.targets ?? [];
    let result: ReturnType<TasPlacement['find']>;
    if (targets.length > 0) {
      const victims = targets.map((x) => this.byKey.get(x.workload.key)?.tasUsage);
      for (const u of victims) applyTasUsage(this.tas, u, -1);
      try {
        result = e.tas.find(requests);
      } finally {
        for (const u of victims) applyTasUsage(this.tas, u, 1);
      }
    } else result = e.tas.find(requests, { simulateEmpty: true });
    updateForTASResult(e.assignment, e.tas, result);
  }

  /**
   * TASRecomputeAssignmentWithinSchedulingCycle: the nominated placement collides with one admitted earlier in this
   * cycle, so the assignment is computed again against the live state, pinned to the nominated flavors.
   */
  private recompute(e: Entry): Entry {
    const mapping: Record<string, Record<string, string>> = {};
    for (const ps of e.assignment.podSets) {
      mapping[ps.name] = {};
      for (const [res, fa] of ps.flavors) mapping[ps.name]![res] = fa.name;
    }
    return this.nominate(e.t, e.queue, mapping);
  }

  /** fits(): the entry's TAS usage, with its targets' TAS usage simulated away. */
  private tasFitsWith(e: Entry, removed: ReadonlySet<Tracked>): boolean {
    if (e.assignment.tasUsage.size === 0) return true;
    const victims: TasUsage[] = [];
    for (const x of e.targets ?? []) {
      const v = this.byKey.get(x.workload.key);
      if (v?.tasUsage && !removed.has(v)) victims.push(v.tasUsage);
    }
    for (const u of victims) applyTasUsage(this.tas, u, -1);
    try {
      return tasFits(this.tas, e.assignment.tasUsage);
    } finally {
      for (const u of victims) applyTasUsage(this.tas, u, 1);
    }
  }

  private fairSharingConfig() {
    const fs = this.objs.config.fairSharing;
    return fs ? { strategies: fs.preemptionStrategies, weights: this.weights } : undefined;
  }

  private preemptorOf(t: Tracked, queue: CqQueue<Tracked>) {
    return {
      key: t.key,
      uid: t.wl.metadata.uid,
      priority: t.priority,
      queueOrderTimestamp: t.queueTs,
      clusterQueue: queue.cq.metadata.name,
    };
  }

  /**
   * One string per distinct scheduling hash: the hashes are long JSON texts, and comparing two equal ones that are
   * different strings reads them to the end (the queue's groups are keyed by them).
   */
  private internHash(hash: string): string {
    const known = this.hashes.get(hash);
    if (known !== undefined) return known;
    this.hashes.set(hash, hash);
    return hash;
  }

  private indexOf(root: string): AdmittedIndex {
    let index = this.admittedIndex.get(root);
    if (!index) this.admittedIndex.set(root, (index = new AdmittedIndex()));
    return index;
  }

  /**
   * What the target search reads of the workloads holding quota in a cohort tree: the kept index, or with Admission
   * Fair Sharing the views with their LocalQueue usage as of now.
   */
  private holdersOf(root: string): { index: AdmittedIndex } | { admitted: AdmittedWorkload[] } {
    return this.afs ? { admitted: this.admittedOf(root) } : { index: this.indexOf(root) };
  }

  /** The views of the workloads holding quota in a cohort tree (rebuilt when that set changes). */
  private admittedOf(root: string): AdmittedWorkload[] {
    let admitted = this.admittedViews.get(root);
    if (!admitted) {
      admitted = [];
      for (const x of this.holdingByRoot.get(root) ?? []) admitted.push(x.admittedView!);
      this.admittedViews.set(root, admitted);
    }
    const afs = this.afs;
    if (afs) {
      // LocalQueueFSUsage of the snapshot: set for the workloads of AFS ClusterQueues only (read as of now).
      admitted = admitted.map((v) => {
        if (!afs.appliesTo(v.clusterQueue)) return v;
        const localQueue = localQueueKey(this.byKey.get(v.key)!);
        return { ...v, localQueue, localQueueUsage: afs.usageOf(localQueue) };
      });
    }
    return admitted;
  }

  /** The nomination's targets; with a TAS placement, the removed candidates must also leave room for it. */
  private targetsFor(
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
      (!tas?.any() || (searched.targets.length === 0 && this.fairSharingConfig() === undefined)) &&
      searched.tree === this.tree &&
      searched.version === this.tree.version &&
      frs.size === 1 &&
      frs.has(searched.flavorResource) &&
      assignment.usage.size === 1 &&
      assignment.usage.get(searched.flavorResource) === searched.quantity
    )
      return searched.targets;
    const fairSharing = this.fairSharingConfig();
    return getTargets({
      tree: this.tree,
      preemptor: { ...this.preemptorOf(t, queue), usage: assignment.usage },
      preemption: queue.cq.spec?.preemption,
      frsNeedPreemption: frs,
      ...this.holdersOf(queue.root),
      now: this.ctx.sim.now,
      admissionFairSharing: this.afs !== undefined,
      ...(tas?.any() ? { fits: this.tasPreemptionCheck(tas, assignment) } : {}),
      ...(fairSharing ? { fairSharing } : {}),
    });
  }

  /** preemption's workloadFits, the TAS half: the preemptor placed with the removed candidates' TAS usage gone. */
  private tasPreemptionCheck(
    tas: TasPlacement,
    assignment: Assignment,
  ): NonNullable<Parameters<typeof getTargets>[0]['fits']> {
    const requests = tas.requests(assignment.podSets);
    return (_tree, _preemptor, removedSet) => {
      const gone: TasUsage[] = [];
      for (const w of removedSet) {
        const u = this.byKey.get(w.key)?.tasUsage;
        if (u) gone.push(u);
      }
      for (const u of gone) applyTasUsage(this.tas, u, -1);
      try {
        return tasFailure(tas.find(requests)) === undefined;
      } finally {
        for (const u of gone) applyTasUsage(this.tas, u, 1);
      }
    };
  }

  /**
   * reserveCapacityForUnreclaimablePreempt: a Preempt entry without candidates holds quotaResourcesToReserve, and
   * the TAS usage of its empty-cluster placement, for the rest of the cycle, unless its ClusterQueue can always
   * reclaim (reclaimWithinCohort Any), so that a workload of another ClusterQueue cannot borrow the capacity (or take
   * the domains) it waits for. A StrictFIFO head stays at the head and reserves again every cycle upstream: here it
   * holds the reservation while it blocks its queue.
   */
  private reserve(t: Tracked, queue: CqQueue<Tracked>, assignment: Assignment, ops: TreeOp[]): void {
    // scheduler.go reserveCapacityForUnreclaimablePreempt: `!CanAlwaysReclaim(cq) || (PrioritizePreemptorWorkloads
    // && e.IsPreemptor)`.
    if (canAlwaysReclaim(queue.cq.spec?.preemption) && !this.isPreemptor(t, queue)) return;
    const cq = queue.cq.metadata.name;
    const reserved = quotaResourcesToReserve(assignment, this.tree, cq);
    const tas = assignment.tasUsage.size > 0 ? assignment.tasUsage : undefined;
    this.treeOp(ops, cq, reserved, true, tas);
    if (!queue.strict) return;
    t.reserved = reserved;
    if (tas) t.reservedTas = tas;
    let set = this.reservingByRoot.get(queue.root);
    if (!set) this.reservingByRoot.set(queue.root, (set = new Set()));
    set.add(t);
  }

  private unreserve(t: Tracked): void {
    if (!t.reserved) return;
    t.reserved = undefined;
    t.reservedTas = undefined;
    const set = this.reservingByRoot.get(t.root);
    set?.delete(t);
    if (set?.size !== 0) return;
    // What waited behind the reservation tries again (the head is being re-evaluated, or is gone).
    this.reservingByRoot.delete(t.root);
    if (!this.parkedByRoot.has(t.root)) this.requeueWaiting(t.root);
  }

  /** One entry against the live quota: admit, preempt, or requeue. Returns whether it was admitted. */
  private process(e0: Entry, ops: TreeOp[], removed: Set<Tracked>): boolean {
    let e = e0;
    // updateAssignmentIfNeeded: a placement that no longer fits (another entry of this cycle took its domains) is
    // recomputed on the live state.
    if (
      e.tas &&
      (e.mode === 'Fit' || (e.mode === 'Preempt' && (e.targets?.length ?? 0) > 0)) &&
      !this.tasFitsWith(e, removed)
    )
      e = this.recompute(e);
    const { t, queue, assignment } = e;
    const cq = queue.cq.metadata.name;
    if (e.mode === 'Fit') {
      if (!this.tree.fits(cq, assignment.usage).fits || !tasFits(this.tas, assignment.tasUsage)) {
        this.skip(t, queue, 'Workload no longer fits after processing another workload');
        return false;
      }
      this.admit(t, queue, assignment);
      return true;
    }
    if (e.mode === 'Preempt') {
      const targets = e.targets ?? [];
      if (targets.length === 0) {
        this.reserve(t, queue, assignment, ops);
        this.requeue(t, queue, QUOTA_RESERVED_REASON.WaitingForQuota, assignment.message(), true);
        return false;
      }
      // scheduler.go processEntry: no two preemptors of a cycle share a target (preemptedWorkloads.HasAny).
      const chosen: [Tracked, PreemptionTarget][] = [];
      for (const target of targets) {
        const victim = this.byKey.get(target.workload.key);
        if (victim) chosen.push([victim, target]);
      }
      if (chosen.some(([v]) => this.preemptedInCycle.has(v))) {
        this.skip(t, queue, 'Workload has overlapping preemption targets with another workload');
        return false;
      }
      // scheduler.go fits(): with the usage of every workload preempted in this cycle, this one's targets
      // included, simulated away.
      const mark = ops.length;
      for (const [victim] of chosen) {
        if (!removed.has(victim) && victim.usage && victim.cq)
          this.treeOp(ops, victim.cq, victim.usage, false, victim.tasUsage);
      }
      if (!this.tree.fits(cq, assignment.usage).fits || !tasFits(this.tas, assignment.tasUsage)) {
        for (let i = ops.length - 1; i >= mark; i--) this.undoOp(ops[i]!);
        ops.length = mark;
        this.skip(t, queue, 'Workload no longer fits after processing another workload');
        return false;
      }
      for (const [victim, target] of chosen) {
        removed.add(victim);
        this.preemptedInCycle.add(victim);
        if (victim.phase !== 'admitted') continue;
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
      // markPreemptionOutcome → requeueReason PendingPreemption → requeueIfNotPresent sets the queue's preemptor.
      queue.preemptor = t;
      this.park(
        t,
        queue,
        assignment.usage,
        chosen.map(([v]) => v),
        ops,
        assignment.tasUsage,
      );
      return false;
    }
    this.requeue(t, queue, assignment.noFitReason || QUOTA_RESERVED_REASON.Pending, assignment.message(), true);
    return false;
  }

  /**
   * Skipped in this cycle (upstream: markSkipped, then requeued to the heap and retried next cycle). While
   * preemptions are pending in its cohort tree, retrying before quota is freed cannot change the answer: it waits
   * for the next release there instead.
   */
  private skip(t: Tracked, queue: CqQueue<Tracked>, message: string): void {
    this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', QUOTA_RESERVED_REASON.WaitingForQuota, message);
    if (this.parkedByRoot.has(queue.root) || this.reservingByRoot.has(queue.root)) {
      t.phase = 'inadmissible';
      queue.waiting.add(t);
      return;
    }
    queue.push(t);
  }

  /**
   * A failed attempt: parked until quota is freed (BestEffortFIFO), or blocking the queue (StrictFIFO). `noFit`
   * (NoFit or NoCandidates): with SchedulingEquivalenceHashing, every heap workload of the same hash goes to
   * inadmissible with it, with the same reason (cluster_queue.go requeueIfNotPresent, handleInadmissibleHash).
   */
  private requeue(t: Tracked, queue: CqQueue<Tracked>, reason: string, message: string, noFit = false): void {
    this.setCondition(t, WORKLOAD_CONDITION.QuotaReserved, 'False', reason, message);
    if (queue.strict) {
      queue.push(t);
      queue.blocked = true;
      return;
    }
    t.phase = 'inadmissible';
    queue.inadmissible.add(t);
    if (!noFit || !this.equivalenceHashing) return;
    queue.bulkHashes.add(t.hash);
    // The others stay in their (hash's) heap, moved whole; phase 'pending' and 'inadmissible' are read alike.
    for (const x of queue.moveToInadmissible(t.hash, 'False', reason, message))
      this.setCondition(x, WORKLOAD_CONDITION.QuotaReserved, 'False', reason, message);
  }

  /**
   * A preemptor that issued its preemptions waits for its victims' quota, parked until quota is freed in its cohort
   * tree. Its usage counts as taken (and its victims' as gone) in this cycle's remaining processing and in every
   * later cycle's while it is parked (applyPendingPreemptions): without that, the quota a victim frees went back to
   * the workloads behind it (often the victims themselves) and the preemptor had to preempt again, without end.
   */
  private park(
    t: Tracked,
    queue: CqQueue<Tracked>,
    usage: ReadonlyMap<FlavorResource, number>,
    victims: Tracked[],
    ops: TreeOp[],
    tasUsage?: TasUsage,
  ): void {
    t.parked = { usage: new Map(usage), victims, ...(tasUsage && tasUsage.size > 0 ? { tasUsage } : {}) };
    this.treeOp(ops, queue.cq.metadata.name, t.parked.usage, true, t.parked.tasUsage);
    queue.preempting.add(t);
    let set = this.parkedByRoot.get(queue.root);
    if (!set) this.parkedByRoot.set(queue.root, (set = new Set()));
    set.add(t);
  }

  private unpark(t: Tracked, queue: CqQueue<Tracked>): void {
    if (!t.parked) return;
    t.parked = undefined;
    queue.preempting.delete(t);
    const set = this.parkedByRoot.get(queue.root);
    set?.delete(t);
    if (set?.size === 0) this.parkedByRoot.delete(queue.root);
  }

  /**
   * queue.Manager.heads: Head.IsPreemptor = cq.IsPreemptor(wl) (the queue's `pw` matches the workload), read only
   * with the PrioritizePreemptorWorkloads gate.
   */
  private isPreemptor(t: Tracked, queue: CqQueue<Tracked>): boolean {
    return this.prioritizePreemptors && queue.preemptor === t;
  }

  /** Quota freed in a cohort tree: its parked preemptors and the workloads waiting on them go back to their heaps. */
  private wake(root: string): void {
    for (const p of [...(this.parkedByRoot.get(root) ?? [])]) {
      const q = this.queues.get(p.cq!)!;
      this.unpark(p, q);
      p.phase = 'pending';
      q.push(p);
    }
    this.requeueWaiting(root);
  }

  /** The workloads that did not fit because of pending preemptions or reservations go back to their heaps. */
  private requeueWaiting(root: string): void {
    for (const q of this.queuesByRoot.get(root) ?? []) {
      if (q.waiting.size === 0) continue;
      for (const w of q.waiting) {
        w.phase = 'pending';
        q.push(w);
      }
      q.waiting.clear();
    }
  }

  private admit(t: Tracked, queue: CqQueue<Tracked>, assignment: Assignment): void {
    const cq = queue.cq.metadata.name;
    const now = this.ctx.sim.now;
    this.tree.addUsage(cq, assignment.usage);
    t.usage = new Map(assignment.usage);
    if (assignment.tasUsage.size > 0) {
      t.tasUsage = assignment.tasUsage;
      applyTasUsage(this.tas, t.tasUsage, 1);
    }
    t.phase = 'admitted';
    if (this.afs?.appliesTo(cq)) {
      this.afs.admitted(cq, localQueueKey(t), t.key, t.usage);
      if (this.afs.refresh(cq)) queue.heapify();
    }
    t.admittedAt = now;
    if (this.inCycle) this.admittedInCycle.push(t);
    else this.hold(t);
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
    // With admission checks the quota is reserved and Admitted waits for them (SyncAdmittedCondition).
    const checks = admissionChecksForAdmission(queue.cq, new Set(Object.values(flavors).flatMap(Object.values)));
    if (checks.length === 0)
      this.setCondition(t, WORKLOAD_CONDITION.Admitted, 'True', 'Admitted', ADMITTED_MESSAGE, false);
    else {
      const reason = ADMITTED_REASON.UnsatisfiedAdmissionChecks;
      this.setCondition(t, WORKLOAD_CONDITION.Admitted, 'False', reason, UNSATISFIED_CHECKS_MESSAGE, false);
    }
    this.removeCondition(t, WORKLOAD_CONDITION.Evicted);
    this.removeCondition(t, WORKLOAD_CONDITION.Preempted);
    this.ctx.store.updateStatus(wl);
    this.stats.pending(cq, -1);
    this.stats.admitted(cq, (now - t.queuedAt) / 1e6);
    if (!this.inCycle) this.stats.usageChanged(cq, this.tree);
    t.expectedPods = assignment.podSets.reduce((n, ps) => n + ps.count, 0);
    if (checks.length > 0) {
      t.awaitingChecks = assignment;
      this.checkControllers.start(t, checks, ++t.checkEpoch);
      return;
    }
    this.admitted(t, assignment);
  }

  /**
   * Admitted (quota reserved and every check Ready): the owner is resumed, waitForPodsReady starts. The topology
   * assignment was written with the quota reservation and is kept while the checks run.
   */
  private admitted(t: Tracked, assignment: Assignment): void {
    const cq = t.cq!;
    const flavors = t.flavors!;
    const topology: Record<string, { values: string[]; count: number }[]> = {};
    for (const ps of assignment.podSets) if (ps.topologyAssignment) topology[ps.name] = ps.topologyAssignment.domains;
    this.ctx.log.emit('WorkloadAdmitted', {
      workload: t.key,
      ...ownerField(t),
      clusterQueue: cq,
      flavors,
      ...(Object.keys(topology).length > 0 ? { topology } : {}),
    });
    if (t.kind === 'JobSet') this.hooks.admitted(t.jobSet, { localQueue: t.lq, clusterQueue: cq, flavors });
    this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => this.resume(t, assignment));
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

  /** The simulated check controllers' view of the manager (see CheckControllers). */
  private checkHost() {
    return {
      now: () => this.ctx.sim.now,
      after: (delay: number, fn: () => void) => {
        this.ctx.sim.after(delay, Phase.Controller, fn);
      },
      workload: (t: Tracked) => t.wl,
      ownerAnnotations: (t: Tracked) => this.ownerOf(t)?.metadata.annotations,
      current: (t: Tracked, epoch: number) =>
        t.phase === 'admitted' && t.awaitingChecks !== undefined && t.checkEpoch === epoch,
      written: (t: Tracked) => this.ctx.store.updateStatus(t.wl),
      allReady: (t: Tracked) => {
        const a = t.awaitingChecks!;
        t.awaitingChecks = undefined;
        this.setCondition(t, WORKLOAD_CONDITION.Admitted, 'True', 'Admitted', ADMITTED_MESSAGE);
        this.admitted(t, a);
      },
      retry: (t: Tracked, message: string, requeueAfterSeconds: number) => {
        t.requeueAt = this.ctx.sim.now + requeueAfterSeconds * 1e6;
        this.evict(t, EVICTED_REASON.AdmissionCheck, message);
      },
      rejected: (t: Tracked, message: string) => {
        // The workload controller: DeactivationTarget, then spec.active = false and the eviction with its cause.
        t.wl.spec.active = false;
        this.ctx.log.emit('Event', {
          object: t.key,
          kind: 'Workload',
          eventType: 'Warning',
          reason: 'AdmissionCheckRejected',
          message: `Deactivated due to ${message}`,
        });
        this.evict(
          t,
          `${EVICTED_REASON.Deactivated}DueTo${EVICTED_REASON.AdmissionCheck}`,
          `The workload is deactivated due to ${message}`,
        );
      },
    };
  }

  /** It holds quota (admitted): preemption may choose it. */
  private hold(t: Tracked): void {
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
    let set = this.holdingByRoot.get(t.root);
    if (!set) this.holdingByRoot.set(t.root, (set = new Set()));
    set.add(t);
    this.admittedViews.delete(t.root);
    this.indexOf(t.root).add(t.admittedView);
  }

  /** The jobframework's RunWithPodSetsInfo, for the owner's kind. */
  private resume(t: Tracked, assignment: Assignment): void {
    if (t.phase !== 'admitted') return;
    if (t.kind === 'JobSet') {
      this.resumeJobSet(t);
      return;
    }
    const job = this.ownerOf(t) as Job | undefined;
    if (!job || jobFinishedInfo(job)) return;
    const infos = podSetInfosFor(
      assignment.podSets.map((ps) => ({
        name: ps.name,
        count: ps.count,
        flavors: [...ps.flavors.values()].map((f) => f.name),
      })),
      this.flavors,
    );
    runJobWithPodSetInfo(job, infos[0]!);
    this.ctx.store.update(job);
  }

  /** The flavors' node labels and tolerations into the replicatedJobs' templates, then resume. */
  private resumeJobSet(t: Tracked): void {
    const [ns, name] = t.jobSet.split('/') as [string, string];
    const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
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
    t.awaitingChecks = undefined;
    t.checkEpoch++;
    resetChecksOnEviction(t.wl, this.ctx.sim.now / 1e6);
    if (!t.admittedView) this.hold(t); // admitted in the running cycle, not yet held
    const view = t.admittedView!;
    t.admittedView = { ...view, evicted: true };
    this.admittedViews.delete(t.root);
    this.indexOf(t.root).replace(view, t.admittedView);
    if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
    t.readyTimer = undefined;
    this.setCondition(t, WORKLOAD_CONDITION.Evicted, 'True', reason, message, false);
    if (preempted) this.setCondition(t, WORKLOAD_CONDITION.Preempted, 'True', preempted, message, false);
    this.ctx.store.updateStatus(t.wl);
    this.stats.evicted(t.cq!, reason, preempted);
    const fields = { workload: t.key, ...ownerField(t), clusterQueue: t.cq, reason: preempted ?? reason };
    this.ctx.log.emit(preempted ? 'WorkloadPreempted' : 'WorkloadEvicted', fields);
    if (t.kind === 'JobSet') this.hooks.evicted(t.jobSet, reason, t.wl.spec.active !== false);
    this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => {
      this.stopOwner(t);
      this.releaseIfStopped(t);
    });
  }

  /** The jobframework's Stop: a JobSet is suspended; a Job is suspended and its podset info restored. */
  private stopOwner(t: Tracked): void {
    const owner = this.ownerOf(t);
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
    this.ctx.store.update(owner);
  }

  /** An evicted workload keeps its quota until no pod of its JobSet (or Job) is still running. */
  private releaseIfStopped(t: Tracked): void {
    if (t.phase !== 'evicting') return;
    const owner = this.ownerOf(t);
    const store = this.ctx.store;
    const jobs = !owner ? [] : t.kind === 'Job' ? [owner] : store.dependentsOf(owner.metadata.uid, 'Job');
    for (const job of jobs) {
      for (const p of store.dependentsOf<Pod>(job.metadata.uid, 'Pod')) if (!podIsTerminal(p)) return;
    }
    this.release(t);
    const queue = t.cq ? this.queues.get(t.cq) : undefined;
    this.unsetQuotaReservation(t);
    t.usage = undefined;
    if (t.wl.spec.active === false) {
      t.phase = 'deactivated';
      this.hooks.deactivated?.(t.kind, t.jobSet);
      return;
    }
    t.phase = 'pending';
    if (t.requeueAt !== undefined) t.queueTs = this.ctx.sim.now; // requeuingStrategy.timestamp: Eviction
    if (!queue) return;
    t.queuedAt = this.ctx.sim.now;
    this.stats.pending(t.cq!, 1);
    const requeueAt = t.requeueAt;
    if (requeueAt !== undefined && requeueAt > this.ctx.sim.now) {
      t.phase = 'inadmissible';
      this.ctx.sim.at(requeueAt, Phase.Timer, () => {
        if (t.phase !== 'inadmissible') return;
        this.backoffFinished(t);
        queue.inadmissible.delete(t);
        this.enqueue(t, queue);
        this.kick();
      });
    } else {
      this.backoffFinished(t);
      this.enqueue(t, queue);
      this.kick();
    }
  }

  /**
   * The job reconciler once the evicted job is no longer active (jobframework reconciler.go, step 6):
   * QuotaReserved False (PendingEvaluation, the eviction's message), the admission cleared, Admitted False
   * (NoReservation), and Requeued with the eviction's reason and message: True after a preemption or node
   * failures, False otherwise (a backoff, or a deactivation, comes first).
   */
  private unsetQuotaReservation(t: Tracked): void {
    const wl = t.wl;
    const ev = wl.status?.conditions?.find((c) => c.type === WORKLOAD_CONDITION.Evicted && c.status === 'True');
    const reason = ev?.reason ?? '';
    const message = ev?.message ?? '';
    this.setCondition(
      t,
      WORKLOAD_CONDITION.QuotaReserved,
      'False',
      QUOTA_RESERVED_REASON.PendingEvaluation,
      message,
      false,
    );
    if (wl.status) delete wl.status.admission;
    const reason2 = ADMITTED_REASON.NoReservation;
    this.setCondition(t, WORKLOAD_CONDITION.Admitted, 'False', reason2, NO_RESERVATION_MESSAGE, false);
    const requeued = reason === EVICTED_REASON.Preempted || reason === EVICTED_REASON.NodeFailures;
    this.setCondition(t, WORKLOAD_CONDITION.Requeued, requeued ? 'True' : 'False', reason, message, false);
    this.ctx.store.updateStatus(wl);
  }

  /** The workload controller after a PodsReadyTimeout or AdmissionCheck eviction's backoff: Requeued True. */
  private backoffFinished(t: Tracked): void {
    const c = t.wl.status?.conditions?.find((x) => x.type === WORKLOAD_CONDITION.Requeued);
    if (c?.status !== 'False') return;
    if (c.reason !== EVICTED_REASON.PodsReadyTimeout && c.reason !== EVICTED_REASON.AdmissionCheck) return;
    this.setCondition(
      t,
      WORKLOAD_CONDITION.Requeued,
      'True',
      REQUEUED_REASON.BackoffFinished,
      'The workload backoff was finished',
    );
  }

  /** Its quota goes back (upstream: the cache forgets it, then QueueAssociatedInadmissibleWorkloadsAfter). */
  private release(t: Tracked): void {
    if (this.inCycle) throw new Error(`Kueue: ${t.key} released during a scheduling cycle`);
    if (t.usage && t.cq) {
      this.tree.removeUsage(t.cq, t.usage);
      this.stats.usageChanged(t.cq, this.tree);
      this.stats.released(t.cq);
      this.afs?.released(t.cq, localQueueKey(t), t.usage);
    }
    applyTasUsage(this.tas, t.tasUsage, -1);
    t.tasUsage = undefined;
    this.holdingByRoot.get(t.root)?.delete(t);
    this.admittedViews.delete(t.root);
    if (t.admittedView) this.indexOf(t.root).remove(t.admittedView);
    t.admittedView = undefined;
    this.wake(t.root);
    this.kick();
    this.requeueInadmissible(t.root);
  }

  /** The owner finished (`done`) or was deleted (undefined). */
  private finish(t: Tracked, done: { success: boolean; message: string } | undefined): void {
    if (t.phase === 'finished') return;
    const prev = t.phase;
    t.phase = 'finished';
    if (t.readyTimer !== undefined) this.ctx.sim.cancel(t.readyTimer);
    const queue = t.cq ? this.queues.get(t.cq) : undefined;
    if (prev === 'pending' || prev === 'inadmissible') {
      if (queue && (t.parked || t.reserved)) {
        // The quota it waited for is not needed any more: what waited behind it tries again.
        this.unreserve(t);
        this.unpark(t, queue);
        this.wake(queue.root);
        this.kick();
      }
      queue?.remove(t);
      if (t.cq && queue) this.stats.pending(t.cq, -1);
    }
    // cluster_queue.go delete: the deleted workload stops being the queue's preemptor.
    if (queue?.preemptor === t) queue.preemptor = undefined;
    if (prev === 'admitted' || prev === 'evicting') this.release(t);
    if (done) {
      this.setCondition(
        t,
        WORKLOAD_CONDITION.Finished,
        'True',
        done.success ? FINISHED_REASON.Succeeded : FINISHED_REASON.Failed,
        done.message,
      );
    }
  }

  /** QueueInadmissibleWorkloads for the cohort tree where quota was freed, batched by `kueueRequeueBatch`. */
  private requeueInadmissible(root: string): void {
    this.requeueRoots.add(root);
    if (this.requeueScheduled) return;
    this.requeueScheduled = true;
    this.ctx.sim.after(this.ctx.lat.kueueRequeueBatch, Phase.Controller, () => {
      this.requeueScheduled = false;
      const roots = [...this.requeueRoots];
      this.requeueRoots.clear();
      for (const r of roots) {
        for (const q of this.queuesByRoot.get(r) ?? []) {
          q.bulkHashes.clear();
          q.restoreInadmissible();
          if (q.inadmissible.size > 0) {
            const back: Tracked[] = [];
            for (const t of q.inadmissible) {
              if (t.requeueAt !== undefined && t.requeueAt > this.ctx.sim.now) continue;
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
      this.kick();
    });
  }

  private onPod(type: string, pod: Pod): void {
    if (this.tas.hasFlavors() && this.tas.onPod(type, pod)) this.nonTasFreed();
    const jsName = pod.metadata.labels?.[JS.jobSetName];
    const jobName = jsName ? undefined : pod.metadata.labels?.[BATCH.jobName];
    if (!jsName && !jobName) return;
    const ns = pod.metadata.namespace ?? 'default';
    const t = this.byJobSet.get(jsName ? `${ns}/${jsName}` : ownerIndex('Job', `${ns}/${jobName}`));
    if (!t) return;
    if (
      t.kind === 'JobSet' &&
      type !== 'DELETED' &&
      pod.spec.schedulingGates?.some((g) => g.name === TOPOLOGY_SCHEDULING_GATE)
    )
      this.scheduleUngate(t);
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

  /**
   * PodUsageReconciler: capacity freed by non-TAS pods requeues the inadmissible workloads, batched by
   * `kueueNonTasRequeueBatch` (upstream: the ClusterQueues whose TAS flavors hold the freed nodes; here every cohort
   * tree with a TAS flavor).
   */
  private nonTasFreed(): void {
    if (this.nonTasRequeueScheduled) return;
    this.nonTasRequeueScheduled = true;
    this.ctx.sim.after(this.ctx.lat.kueueNonTasRequeueBatch, Phase.Controller, () => {
      this.nonTasRequeueScheduled = false;
      for (const [root, queues] of this.queuesByRoot) {
        const usesTAS = queues.some((q) =>
          (q.cq.spec?.resourceGroups ?? []).some((rg) => rg.flavors.some((f) => this.tas.isTASFlavor(f.name))),
        );
        if (usesTAS) this.requeueInadmissible(root);
      }
    });
  }

  /** The topology ungater's reconcile of the workload, once per burst of gated pods. */
  private scheduleUngate(t: Tracked): void {
    if (this.ungatePending.has(t.key)) return;
    this.ungatePending.add(t.key);
    this.ctx.sim.after(this.ctx.lat.kueueTopologyUngate, Phase.Controller, () => {
      this.ungatePending.delete(t.key);
      if (t.phase !== 'admitted' || t.awaitingChecks) return; // IsAdmittedByTAS safeguard: Admitted True
      const [ns, name] = t.jobSet.split('/') as [string, string];
      const js = this.ctx.store.get<JobSet>('JobSet', ns, name);
      if (!js) return;
      const store = this.ctx.store;
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

  private setCondition(
    t: Tracked,
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
    write = true,
  ): void {
    const qr = type === WORKLOAD_CONDITION.QuotaReserved;
    if (qr && t.qrStatus === status && t.qrReason === reason && t.qrMessage === message) return;
    const wl = t.wl;
    wl.status ??= {};
    const conds = (wl.status.conditions ??= []);
    const now = this.ctx.sim.now / 1e6;
    const c = conds.find((x) => x.type === type);
    if (qr) {
      t.qrStatus = status;
      t.qrReason = reason;
      t.qrMessage = message;
      if (t.part) conditionChanged(t);
    }
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
    if (type === WORKLOAD_CONDITION.QuotaReserved) {
      t.qrStatus = t.qrReason = t.qrMessage = undefined;
      if (t.part) conditionChanged(t);
    }
    const conds = t.wl.status?.conditions;
    if (!conds) return;
    const i = conds.findIndex((c) => c.type === type);
    if (i >= 0) conds.splice(i, 1);
  }

  /**
   * A Workload from a snapshot (src/snapshot/restore.ts), restored before its owner: tracked as its conditions say.
   * QuotaReserved True: its quota (status.admission's resourceUsage) is charged to its ClusterQueue and it may be
   * preempted, Evicted True as well: its quota goes once its pods are gone; Finished: kept, so that its owner gets
   * no new Workload; otherwise pending in its queue, in creation order. Returns why it was not restored, if so.
   * Named simplifications: TAS usage and admission-check progress are not restored (an admitted workload counts as
   * Admitted); AFS usage history starts at zero.
   */
  restoreWorkload(wl: Workload): string | undefined {
    const refs = wl.metadata.ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0];
    if (!ref || (ref.kind !== 'JobSet' && ref.kind !== 'Job')) return 'it has no JobSet or Job owner';
    const ns = wl.metadata.namespace ?? 'default';
    const kind: OwnerKind = ref.kind;
    const owner = `${ns}/${ref.name}`;
    if (this.byJobSet.has(ownerIndex(kind, owner))) return `${kind} ${owner} already has a Workload`;
    this.ctx.store.restore(wl);
    const queueName = wl.spec.queueName ?? '';
    const lq = this.localQueues.get(`${ns}/${queueName}`);
    const cq = lq?.spec.clusterQueue;
    const queue = cq ? this.queues.get(cq) : undefined;
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
      seq: this.seq++,
      phase: 'pending',
      podsReady: false,
      running: new Set(),
      expectedPods: wl.spec.podSets.reduce((n, ps) => n + (ps.count ?? 1), 0),
      requeueCount: 0,
      checkEpoch: 0,
      hash: schedulingHash(wl, priority),
    };
    if (kind === 'Job') {
      const job = this.ctx.store.get<Job>('Job', ns, ref.name);
      if (job) t.original = jobPodSetInfo(job);
    }
    this.byJobSet.set(ownerIndex(kind, owner), t);
    this.byKey.set(t.key, t);
    const isTrue = (type: string) =>
      wl.status?.conditions?.find((c) => c.type === type && c.status === 'True') !== undefined;
    if (isTrue(WORKLOAD_CONDITION.Finished)) {
      t.phase = 'finished';
      return undefined;
    }
    if (!queue || this.inactive.has(cq!)) {
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
      this.tree.addUsage(cq!, usage);
      t.usage = usage;
      t.flavors = flavors;
      const reserved = wl.status?.conditions?.find((c) => c.type === WORKLOAD_CONDITION.QuotaReserved);
      t.admittedAt = Math.round((reserved?.lastTransitionTime ?? 0) * 1e6);
      t.phase = 'admitted';
      this.hold(t);
      this.afs?.admitted(cq!, localQueueKey(t), t.key, usage);
      this.stats.usageChanged(cq!, this.tree);
      t.podsReady = isTrue(WORKLOAD_CONDITION.PodsReady);
      if (isTrue(WORKLOAD_CONDITION.Evicted)) {
        t.phase = 'evicting';
        t.admittedView = { ...t.admittedView!, evicted: true };
        this.ctx.sim.after(this.ctx.lat.kueueJobReconcile, Phase.Controller, () => {
          this.stopOwner(t);
          this.releaseIfStopped(t);
        });
        return undefined;
      }
      const w = this.objs.config.waitForPodsReady;
      if (w && !t.podsReady) {
        t.readyTimer = this.ctx.sim.at(t.admittedAt + w.timeoutUs, Phase.Timer, () => {
          t.readyTimer = undefined;
          if (t.phase === 'admitted' && !t.podsReady) this.podsReadyTimeout(t);
        });
      }
      return undefined;
    }
    this.stats.pending(cq!, 1);
    this.enqueue(t, queue);
    this.kick();
    return undefined;
  }

  /**
   * A ClusterQueue's status as Kueue's cache writes it (pendingWorkloads, reservingWorkloads, admittedWorkloads,
   * flavorsReservation, flavorsUsage, the Active condition), for a snapshot.
   */
  clusterQueueStatus(name: string, nowSeconds: number): Record<string, unknown> {
    let pending = 0;
    let reserving = 0;
    let admitted = 0;
    for (const t of this.byKey.values()) {
      if (t.cq !== name) continue;
      if (t.phase === 'pending' || t.phase === 'inadmissible') pending++;
      else if (t.phase === 'admitted' || t.phase === 'evicting') {
        reserving++;
        if (t.phase === 'admitted' && !t.awaitingChecks) admitted++;
      }
    }
    const byFlavor = new Map<string, { name: string; total: string; borrowed: string }[]>();
    const node = this.tree.clusterQueue(name);
    for (const fr of node ? node.quotas.keys() : []) {
      const { flavor, resource } = splitFlavorResource(fr);
      const used = this.tree.usage(name, fr);
      const borrowed = Math.max(0, used - this.tree.quota(name, fr).nominal);
      const list = byFlavor.get(flavor) ?? [];
      list.push({ name: resource, total: formatAmount(resource, used), borrowed: formatAmount(resource, borrowed) });
      byFlavor.set(flavor, list);
    }
    const flavors = [...byFlavor].map(([f, resources]) => ({ name: f, resources }));
    const active = !this.inactive.has(name);
    return {
      conditions: [
        {
          type: 'Active',
          status: active ? 'True' : 'False',
          reason: active ? 'Ready' : 'AdmissionCheckNotFound',
          message: active ? 'Can admit new workloads' : clusterQueueInactiveMessage(name),
          lastTransitionTime: Math.min(0, nowSeconds),
        },
      ],
      pendingWorkloads: pending,
      reservingWorkloads: reserving,
      admittedWorkloads: admitted,
      flavorsReservation: flavors,
      flavorsUsage: flavors,
    };
  }

  /** Records the result's `series.kueue` from now on (src/kueue/series.ts). */
  recordSeries(rec: SeriesRecorder): void {
    const series = new KueueSeries(rec, this.objs.config.fairSharing ? { weights: this.weights } : undefined);
    series.init(this.tree, [...this.queues.keys()]);
    this.stats.series = series;
    if (this.afs) {
      this.afs.onUsage = (cq, lq, usage) => series.localQueueUsage(cq, lq, usage);
      this.afs.reportAll();
    }
  }

  /** The result's metrics.kueue. */
  summary(endUs: number): ReturnType<KueueStats['summary']> {
    return this.stats.summary(endUs, this.tree);
  }
}

/** The workload's LocalQueue, namespace/name (kept: the AFS heap order reads it at every comparison). */
/** The preemption oracle's last target search within a nomination (reservation.ts OracleInput.searched). */
type SearchedTargets = Parameters<NonNullable<Parameters<typeof simulationOracle>[0]['searched']>>[0];

function localQueueKey(t: Tracked): string {
  t.localQueueKey ??= `${t.key.slice(0, t.key.indexOf('/'))}/${t.lq}`;
  return t.localQueueKey;
}

/** An AdmissionCheck's own decision delay (jobset-sim.dev/admission-check-delay, validated by the loader), µs. */
function delayOf(ac: AdmissionCheck): number | undefined {
  const v = ac.metadata.annotations?.[CHECK_DELAY_ANNOTATION];
  return v === undefined ? undefined : parseDuration(v);
}

/** byJobSet's key: a JobSet's namespace/name as is, a Job's prefixed (the two kinds may share a name). */
function ownerIndex(kind: OwnerKind, key: string): string {
  return kind === 'JobSet' ? key : `Job:${key}`;
}

/** The event log's owner field: `jobSet` or `job`. */
function ownerField(t: Tracked): { jobSet: string } | { job: string } {
  return t.kind === 'JobSet' ? { jobSet: t.jobSet } : { job: t.jobSet };
}

/** computeSchedulingHash (workload.go): effective priority and, per pod set, name, pod spec, count, minCount, topology request. */
function schedulingHash(wl: Workload, priority: number): string {
  return JSON.stringify([
    priority,
    wl.spec.podSets.map((ps) => [ps.name, ps.count, ps.minCount, ps.topologyRequest, ps.template.spec]),
  ]);
}
