// Kueue's shared state: the indexes, queues, quota tree and TAS cache that the manager's parts (src/kueue/
// scheduling-cycle.ts, nomination.ts, admission.ts, eviction.ts, requeue.ts, workload-lifecycle.ts, cq-status.ts) read
// and change, built from the scenario's Kueue objects; and the Workload condition writes (methods: tests wrap
// KueueManager.prototype.setCondition).
import type { ControllerContext } from '../controllers/context.js';
import type { KueueObjects, Scenario } from '../scenario/model.js';
import { checkHost } from './admission.js';
import { type AdmissionCheck, CheckControllers, missingAdmissionChecks } from './admission-checks.js';
import { admissionFairSharingEnabled } from './admission-fair-sharing.js';
import type { AdmittedIndex } from './admitted-index.js';
import { AfsManager } from './afs-manager.js';
import { type LocalQueue, type ResourceFlavor, WORKLOAD_CONDITION } from './api.js';
import { CqQueue, conditionChanged } from './cq-queue.js';
import { type FairWeights, fairWeightsFromSpecs } from './fair-sharing.js';
import type { AdmittedWorkload } from './preemption-types.js';
import { QuotaTree } from './quota.js';
import { KueueStats } from './stats.js';
import { TasCache } from './tas/cache.js';
import { delayOf, type KueueHooks, localQueueKey, type Tracked } from './tracked.js';

export class KueueState {
  readonly objs: KueueObjects;
  readonly tree: QuotaTree;
  readonly weights: FairWeights;
  readonly flavors = new Map<string, ResourceFlavor>();
  readonly queues = new Map<string, CqQueue<Tracked>>();
  /** The queues of each cohort tree, in name order. */
  readonly queuesByRoot = new Map<string, CqQueue<Tracked>[]>();
  /** The queues with a head to offer (see CqQueue.active). */
  readonly active = new Set<CqQueue<Tracked>>();
  readonly localQueues = new Map<string, LocalQueue>();
  /** By owner: a JobSet's namespace/name, or `Job:` + a Job's (see ownerIndex). */
  readonly byJobSet = new Map<string, Tracked>();
  /** By Workload key. */
  readonly byKey = new Map<string, Tracked>();
  /** Workloads holding quota (admitted or evicting), per cohort tree: what preemption chooses from. */
  readonly holdingByRoot = new Map<string, Set<Tracked>>();
  /** holdingByRoot's views as preemption's input, rebuilt when the tree's set or an eviction changes them. */
  readonly admittedViews = new Map<string, AdmittedWorkload[]>();
  /** The same views per cohort tree, indexed for the target search (kept up to date, not rebuilt). */
  readonly admittedIndex = new Map<string, AdmittedIndex>();
  /** Scheduling hashes, one string each (internHash). */
  readonly hashes = new Map<string, string>();
  /** Parked preemptors per cohort tree. */
  readonly parkedByRoot = new Map<string, Set<Tracked>>();
  /** Blocked StrictFIFO heads holding capacity (reserveCapacityForUnreclaimablePreempt), per cohort tree. */
  readonly reservingByRoot = new Map<string, Set<Tracked>>();
  /** Cohort trees whose inadmissible workloads the next batched requeue moves back. */
  readonly requeueRoots = new Set<string>();
  seq = 0;
  cycleScheduled = false;
  requeueScheduled = false;
  inCycle = false;
  /**
   * Admitted in the running cycle, held (preemption candidates) only once it ends: upstream's cycle works on the
   * snapshot taken at its start, where this cycle's admissions add usage (cq.AddUsage) but are no candidates, so a
   * target search within the cycle (the TAS recompute) cannot preempt a workload admitted in the same cycle.
   */
  readonly admittedInCycle: Tracked[] = [];
  /** The targets of the running cycle's preemptors (upstream's preemptedWorkloads). */
  readonly preemptedInCycle = new Set<Tracked>();
  /** Feature gate SchedulingEquivalenceHashing (on by default upstream), Simulation.spec.featureGates. */
  readonly equivalenceHashing: boolean;
  /** Feature gate PartialAdmission (on by default upstream): podsets with minCount may be admitted with fewer pods. */
  readonly partialAdmission: boolean;
  /**
   * Feature gate PrioritizePreemptorWorkloads (alpha, off upstream): a head waiting for its preemptions is ordered
   * first in the cycle and reserves its quota even under reclaimWithinCohort Any (README, "Preemption ping-pong").
   */
  readonly prioritizePreemptors: boolean;
  readonly stats: KueueStats;
  /** Admission Fair Sharing (src/kueue/afs-manager.ts), when configured and the feature gate is on. */
  readonly afs: AfsManager | undefined;
  readonly checkControllers: CheckControllers<Tracked>;
  /** ClusterQueues naming an AdmissionCheck the scenario lacks: inactive (AdmissionCheckNotFound), nothing admitted. */
  readonly inactive = new Set<string>();
  /** TAS: per-flavor domain trees and usage; which ClusterQueues have only TAS flavors; Topology levels. */
  tas: TasCache;
  readonly tasOnly = new Set<string>();
  readonly topologyLevels = new Map<string, string[]>();
  nonTasRequeueScheduled = false;
  /** Workloads with a pending topology-ungater reconcile. */
  readonly ungatePending = new Set<string>();

  constructor(
    readonly ctx: ControllerContext,
    readonly scenario: Scenario,
    readonly hooks: KueueHooks,
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
      checkHost(this),
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
  }

  setCondition(
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

  removeCondition(t: Tracked, type: string): void {
    if (type === WORKLOAD_CONDITION.QuotaReserved) {
      t.qrStatus = t.qrReason = t.qrMessage = undefined;
      if (t.part) conditionChanged(t);
    }
    const conds = t.wl.status?.conditions;
    if (!conds) return;
    const i = conds.findIndex((c) => c.type === type);
    if (i >= 0) conds.splice(i, 1);
  }
}
