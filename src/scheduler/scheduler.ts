// The kube-scheduler model: one pod per cycle from the queue, filters in upstream order, a score, a seeded
// tie-break, assume (resources count at once) and an asynchronous bind; failed pods wait in the
// unschedulable pool until a cluster event can help. A pod that no node could ever fit is reported.

import type { Job } from '../api/batch.js';
import type { Node, Pod } from '../api/core.js';
import { podIsTerminal } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import { controllerOf, namespacedName } from '../api/meta.js';
import type { ControllerContext } from '../controllers/context.js';
import type { Rng } from '../engine/random.js';
import { Phase } from '../engine/simulator.js';
import { PlacementMetrics, type PlacementSummary } from '../metrics/placement.js';
import { DomainAffinityFilter, TopologyDomainIds } from './affinity-domains.js';
import { DomainIndex, TOPOLOGY_LEVELS } from './domains.js';
import { type CycleState, DEFAULT_FILTERS, type FilterPlugin, podTopologySpread } from './filters.js';
import { reserveDevices } from './gpu-node-view.js';
import { allocateGpuId, formatGpuIndex, GPU_INDEX, gpuShareRequestOf, parseGpuIndex } from './gpu-share.js';
import type { WorkloadShape } from './gpu-workload.js';
import { AffinityState, hasPreferredTerms, PlacedPodIndex } from './inter-pod-affinity.js';
import { NodeInfo, NodeVersions, requestsOf } from './node-info.js';
import { NodeLabelIndex } from './node-label-index.js';
import { PassRuns } from './pass-runs.js';
import { CachedScorer, DirectScorer, fitScore } from './pod-scorer.js';
import {
  type GangView,
  type PlacementPolicy,
  type PodScorer,
  type PolicyContext,
  policyNamed,
} from './policies/index.js';
import { PostFilterPreemption } from './post-filter-preemption.js';
import { podPriority } from './preemption.js';
import { ActiveQueue, backoffOf, type QueuedPod, UNSCHEDULABLE_FLUSH_US } from './queue.js';
import { RejectedNodes } from './rejected-nodes.js';
import { nextStartIndex, numFeasibleNodesToFind } from './sampling.js';
import { affinityScorePod, interPodAffinityScores } from './score-inter-pod-affinity.js';
import { podTopologySpreadScores, spreadScorePod } from './score-topology-spread.js';
import { DEFAULT_SCORE_RESOURCES, DEFAULT_SCORE_WEIGHTS } from './scores.js';
import { ShapeCache, type ShapeEntry } from './shape-cache.js';
import { StaticClasses } from './static-classes.js';
import { failedSchedulingMessage, staticInfeasibility } from './static-infeasibility.js';
import {
  computeSpreadState,
  parseDoNotScheduleConstraints,
  type SpreadNode,
  type SpreadPod,
} from './topology-spread.js';

export { describeRequests, failedSchedulingMessage, staticInfeasibility } from './static-infeasibility.js';

export interface SchedulerHooks {
  /** A pod that no node can ever fit, whatever else runs: its owner will never start. */
  onNeverSchedulable(pod: Pod, message: string): void;
}

export interface SchedulerStats {
  /** Pods deleted by DefaultPreemption. */
  preemptions: number;
  /** Pods unreserved because their gang did not assemble within gangTimeout. */
  gangTimeouts: number;
  attempts: number;
  scheduled: number;
  unschedulableAttempts: number;
  busyUs: number;
  /** plugin reason → count of node rejections */
  reasons: Record<string, number>;
}

export class Scheduler {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Nodes by label, for nodeSelector candidates. */
  private readonly labels = new NodeLabelIndex(this.nodes);
  /** Zone key → its nodes in arrival order (upstream nodeTree); zones in order of first appearance. */
  private readonly zones = new Map<string, NodeInfo[]>();
  /** The zone-interleaved node list the filter walk uses, rebuilt lazily after nodes come or go. */
  private order: NodeInfo[] = [];
  private orderDirty = false;
  private nextNodeId = 0;
  /** The feasible list of the current cycle, reused across cycles (policies must not keep it). */
  private readonly feasibleScratch: NodeInfo[] = [];
  private readonly policy: PlacementPolicy;
  private readonly cachedScorer: CachedScorer;
  private readonly directScorer: DirectScorer;
  /** Every node's version, by node id (see NodeVersions). */
  private readonly versions = new NodeVersions();
  private readonly shapes = new ShapeCache(this.versions);
  /** Every node by cordon and taints, for the static rejection counts of a selective pod (ShapeEntry.staticTotals). */
  private readonly staticClasses = new StaticClasses();
  readonly domains = new DomainIndex();
  readonly placement: PlacementMetrics;
  private readonly active = new ActiveQueue();
  /** uid → entry, for pods waiting anywhere in the queue (active, backoff, unschedulable) */
  private readonly waiting = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** uid → node of pods assumed or bound and not yet terminal */
  private readonly placed = new Map<string, NodeInfo>();
  /** The placed pods indexed for InterPodAffinity. */
  private readonly placedPods = new PlacedPodIndex();
  /** Placed pods by priority: when none is below a preemptor's, no node has a victim (see PostFilterPreemption). */
  private readonly placedPriorities = new Map<number, number>();
  /** Speed mode's node → topology domain ids, for DomainAffinityFilter; cleared on every node event. */
  private readonly domainIds = new TopologyDomainIds(() => this.nodeOrder);
  /** Runs of each shape's pass list by the domains of those tables (pass-runs.ts). */
  private readonly passRuns = new PassRuns();
  private readonly neverReported = new Set<string>();
  /** Gangs with members waiting at Permit, by gang key. */
  private readonly gangs = new Map<string, { waiting: Map<Pod, NodeInfo>; timer?: number }>();
  private readonly rng: Rng;
  /** PostFilter (DefaultPreemption) of a cycle that found no node. */
  private readonly postFilter: PostFilterPreemption;
  private busy = false;
  private seq = 0;
  /** The rotating start of the node walk (schedule_one.go nextStartNodeIndex). */
  private nextStart = 0;
  /** Node events so far: static verdicts (and QueuedPod.noPassTotals) hold within one epoch. */
  private nodeEpoch = 0;
  private readonly staticVerdicts = new Map<string, string | undefined>();
  /** staticInfeasibility's verdicts by speed mode's shape key (a key space of its own); cleared with the above. */
  private readonly staticVerdictsByShape = new Map<string, string | undefined>();
  readonly stats: SchedulerStats = {
    preemptions: 0,
    gangTimeouts: 0,
    attempts: 0,
    scheduled: 0,
    unschedulableAttempts: 0,
    busyUs: 0,
    reasons: {},
  };
  readonly filters: FilterPlugin[] = DEFAULT_FILTERS;

  /** Speed mode (the default): per-shape caches of verdicts and scores; fidelity: every plugin on every node. */
  private get speed(): boolean {
    return this.ctx.settings.scheduler.mode === 'speed' && this.filters === DEFAULT_FILTERS;
  }

  /** Free milli per GPU device of a GPU-sharing node (Open-GPU-Share), or undefined. */
  gpuFree(node: string): number[] | undefined {
    const g = this.nodes.get(node)?.gpu;
    return g ? [...g.free] : undefined;
  }

  /** Stranded accelerators and partially used domains over [0, end]. */
  placementSummary(endUs: number): PlacementSummary {
    return this.placement.summary(endUs);
  }

  /** The scenario's pod shapes (FGD's target workload), computed on first use. */
  private workloadShapes: readonly WorkloadShape[] | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly hooks: SchedulerHooks,
    /** The pod shapes of every JobSet the scenario submits (gpu-workload.ts). */
    private readonly workload: () => readonly WorkloadShape[] = () => [],
  ) {
    this.rng = ctx.random.stream('scheduler');
    const s = ctx.settings.scheduler;
    this.policy = policyNamed(s.policy);
    const fit = fitScore(this.policy.fit, s.resources ?? this.policy.resources ?? DEFAULT_SCORE_RESOURCES);
    this.cachedScorer = new CachedScorer(fit);
    this.directScorer = new DirectScorer(fit);
    this.placement = new PlacementMetrics(() => ctx.sim.now, this.domains);
    this.postFilter = new PostFilterPreemption(
      ctx,
      this.rng,
      this.stats,
      this.nodes,
      this.placedPriorities,
      this.filters,
      () => this.nodeOrder.length,
    );
    ctx.store.watch<Node>('Node', (type, node) => this.onNode(type, node));
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  private onNode(type: string, node: Node): void {
    this.nodeEpoch++;
    this.staticVerdicts.clear();
    this.staticVerdictsByShape.clear();
    this.shapes.clear();
    this.domainIds.clear();
    const name = node.metadata.name;
    const old = this.nodes.get(name);
    if (type === 'ADDED' && !old) {
      const info = new NodeInfo(node, this.nextNodeId++, this.versions);
      this.nodes.set(name, info);
      this.addToZone(info);
      this.domains.addNode(info);
      this.placement.nodeChanged(info);
      this.labels.indexLabels(info);
      this.staticClasses.add(info);
    } else if (type !== 'DELETED' && old) {
      const zoneChanged = zoneKey(old.node) !== zoneKey(node);
      const domainsChanged = !sameDomains(old.node, node);
      if (zoneChanged) this.removeFromZone(old);
      if (domainsChanged) this.domains.removeNode(old);
      this.staticClasses.remove(old);
      old.setNode(node);
      this.staticClasses.add(old);
      if (zoneChanged) this.addToZone(old);
      if (domainsChanged) this.domains.addNode(old);
      this.placement.nodeChanged(old);
      this.labels.unindexLabels(old);
      this.labels.indexLabels(old);
    } else if (type === 'DELETED' && old) {
      this.nodes.delete(name);
      this.removeFromZone(old);
      this.domains.removeNode(old);
      this.placement.nodeRemoved(old);
      this.labels.unindexLabels(old);
      this.staticClasses.remove(old);
    }
    this.moveAllToActive();
  }

  private addToZone(info: NodeInfo): void {
    const z = zoneKey(info.node);
    let list = this.zones.get(z);
    if (!list) {
      list = [];
      this.zones.set(z, list);
    }
    list.push(info);
    this.orderDirty = true;
  }

  private removeFromZone(info: NodeInfo): void {
    const z = zoneKey(info.node);
    const list = this.zones.get(z);
    if (!list) return;
    const i = list.indexOf(info);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.zones.delete(z);
    this.orderDirty = true;
  }

  /** nodeTree.list(): one node from each zone in turn, so that a sampled window spans the zones. */
  private get nodeOrder(): NodeInfo[] {
    if (this.orderDirty) {
      this.orderDirty = false;
      const lists = [...this.zones.values()];
      const out: NodeInfo[] = [];
      const longest = Math.max(0, ...lists.map((l) => l.length));
      for (let i = 0; i < longest; i++) {
        for (const l of lists) {
          if (i >= l.length) continue;
          l[i]!.position = out.length;
          out.push(l[i]!);
        }
      }
      this.order = out;
      // Positions changed: the shapes' static pass lists are stale.
      this.shapes.clear();
    }
    return this.order;
  }

  private onPod(type: string, pod: Pod): void {
    const uid = pod.metadata.uid;
    if (type === 'DELETED') {
      this.forget(pod);
      this.release(pod);
      this.moveAllToActive();
      return;
    }
    if (pod.spec.nodeName) {
      if (!this.placed.has(uid) && !podIsTerminal(pod)) {
        const info = this.nodes.get(pod.spec.nodeName);
        if (info) this.account(pod, info);
      }
      if (podIsTerminal(pod) && this.placed.has(uid)) {
        this.release(pod);
        this.moveAllToActive();
      }
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined) {
      this.forget(pod);
      return;
    }
    if (this.placed.has(uid) || this.waiting.has(uid)) return;
    if (pod.spec.schedulingGates?.length) return;
    this.enqueue({ pod, timestamp: this.ctx.sim.now, seq: this.seq++, attempts: 0, lastAttempt: 0 });
  }

  private enqueue(q: QueuedPod): void {
    this.setWaiting(q);
    q.timestamp = this.ctx.sim.now;
    q.seq = this.seq++;
    this.active.push(q);
    this.kick();
  }

  private setWaiting(q: QueuedPod): void {
    const uid = q.pod.metadata.uid;
    if (!this.waiting.has(uid)) this.placement.pending(q.pod, 1);
    this.waiting.set(uid, q);
  }

  private deleteWaiting(pod: Pod): void {
    const q = this.waiting.get(pod.metadata.uid);
    if (!q) return;
    this.waiting.delete(pod.metadata.uid);
    this.placement.pending(q.pod, -1);
  }

  private forget(pod: Pod): void {
    const uid = pod.metadata.uid;
    this.deleteWaiting(pod);
    this.unschedulable.delete(uid);
    for (const g of this.gangs.values()) g.waiting.delete(pod);
  }

  /** `devices`: the GPU devices Reserve chose; for a pod seen bound, its `gpu-index` annotation, else best fit. */
  private account(pod: Pod, info: NodeInfo, devices?: readonly number[]): void {
    let devs = devices;
    if (!devs && info.gpu) {
      const share = gpuShareRequestOf(pod);
      if (share)
        devs = parseGpuIndex(pod.metadata.annotations?.[GPU_INDEX]) ?? reserveDevices(pod, share, info, 'best');
    }
    info.add(pod, requestsOf(pod), devs);
    this.placed.set(pod.metadata.uid, info);
    this.placedPods.add(pod, info);
    const prio = podPriority(pod);
    this.placedPriorities.set(prio, (this.placedPriorities.get(prio) ?? 0) + 1);
    this.domains.update(info);
    this.placement.nodeChanged(info);
  }

  private release(pod: Pod): void {
    const info = this.placed.get(pod.metadata.uid);
    if (!info) return;
    info.remove(pod, requestsOf(pod));
    this.placed.delete(pod.metadata.uid);
    this.placedPods.remove(pod);
    const prio = podPriority(pod);
    const left = (this.placedPriorities.get(prio) ?? 0) - 1;
    if (left > 0) this.placedPriorities.set(prio, left);
    else this.placedPriorities.delete(prio);
    this.domains.update(info);
    this.placement.nodeChanged(info);
  }

  /** A cluster event that may help: every unschedulable pod goes back, after its remaining backoff. */
  private moveAllToActive(): void {
    if (this.unschedulable.size === 0) return;
    const now = this.ctx.sim.now;
    for (const q of [...this.unschedulable.values()]) {
      this.unschedulable.delete(q.pod.metadata.uid);
      const readyAt = q.lastAttempt + backoffOf(q);
      if (readyAt <= now) this.enqueue(q);
      else
        this.ctx.sim.at(readyAt, Phase.Scheduler, () => {
          if (this.waiting.get(q.pod.metadata.uid) === q && !this.unschedulable.has(q.pod.metadata.uid))
            this.enqueue(q);
        });
    }
  }

  private kick(): void {
    if (this.busy || this.active.size === 0) return;
    this.busy = true;
    this.ctx.sim.after(0, Phase.Scheduler, this.cycleFn);
  }

  // The cycle's two timer callbacks, allocated once instead of per cycle.
  private readonly cycleFn = (): void => this.cycle();
  private readonly nextFn = (): void => {
    this.busy = false;
    this.kick();
  };

  private cycle(): void {
    const q = this.active.pop();
    if (!q) {
      this.busy = false;
      return;
    }
    const { pod } = q;
    const store = this.ctx.store;
    if (!store.getByUid(pod.metadata.uid) || pod.metadata.deletionTimestamp !== undefined || pod.spec.nodeName) {
      this.deleteWaiting(pod);
      this.next(0);
      return;
    }
    this.stats.attempts++;
    const state: CycleState = {};
    let existingPodsScanned = 0;
    const aff = pod.spec.affinity;
    if (
      aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
      aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
      this.placedPods.antiTopologyKeys.size > 0
    ) {
      const r = this.affinityState(pod);
      state.affinity = r.state;
      existingPodsScanned = r.scanned;
    }

    const spreadPod = pod.spec as unknown as { topologySpreadConstraints?: unknown[] };
    if (spreadPod.topologySpreadConstraints?.length) this.spreadState(pod, state);

    // Walk the nodes from the rotating start until enough feasible ones are found (percentageOfNodesToScore);
    // `first` walks from the start of the list until one fits, `all` looks at every node.
    const walk = this.policy.walk;
    const nodes = this.nodeOrder;
    const n = nodes.length;
    const want =
      walk === 'first'
        ? 1
        : walk === 'all'
          ? n
          : numFeasibleNodesToFind(n, this.ctx.settings.scheduler.percentageOfNodesToScore);
    const start = walk === 'first' || n === 0 ? 0 : this.nextStart % n;
    const feasible = this.feasibleScratch;
    feasible.length = 0;
    // Allocated on the first rejection: most cycles of a roomy cluster have none.
    let reasons: Map<string, number> | undefined;
    // The rejected nodes, in visit order, go to a reused list; preemption's map of them is built only when no node
    // fits (a pod with inter-pod affinity walks every rejected node into it, and most such cycles do find a node).
    const rejectedNodes = this.rejectedScratch;
    rejectedNodes.clear();
    let processed = 0;
    let found = 0;
    /** The feasible nodes are only in the shape entry's walk (see selectWalked). */
    let walked = false;
    /** …and walkSelect already chose among them (entry.selectedNode). */
    let selected = false;
    // Speed mode: the static filters' and NodeResourcesFit's verdicts come from the pod shape's cache (the same
    // functions, evaluated once per node and shape until the node changes); the dynamic filters run as usual.
    const speed = this.speed;
    const rv = pod.metadata.resourceVersion;
    // The pod's last attempt found no node passing the static filters, and neither the nodes nor the pod changed
    // since: this one finds the same, with the same counts (the walk and the totals would look again for nothing).
    const noPass = speed && q.noPassTotals !== undefined && q.noPassEpoch === this.nodeEpoch && q.noPassRv === rv;
    const entry = speed && !noPass ? this.shapes.entryFor(pod, q) : undefined;
    if (noPass) {
      processed = n;
      reasons = new Map(q.noPassTotals);
    } else if (entry) {
      // Speed mode visits only the nodes that pass the static filters, in walk order from the start; the walk
      // length, the rejection counts and the feasible list come out as if every node had been visited (static
      // rejections are unresolvable, so preemption never needed them in rejectedBy).
      const spread = state.spread !== undefined;
      const affinity = state.affinity
        ? new DomainAffinityFilter(pod, state.affinity, this.placedPods, this.domainIds)
        : undefined;
      entry.forgetWalk();
      const candidates = this.labels.selectorCandidates(pod);
      const pass = entry.passPositions(pod, nodes, candidates);
      const m = pass.length;
      let i0 = lowerBound(pass, start);
      if (i0 === m) i0 = 0;
      processed = n;
      if (!spread && !affinity && m > 0 && want > 0) {
        // kubeSchedulerSelect without InterPodAffinity/PodTopologySpread scores can pick straight from the walk.
        walked = this.policy.kubeScore === true && !this.podScoresApply(pod);
        this.walkReasons = undefined;
        let last: number;
        if (walked && entry.rawUniform()) {
          // One pass: kubeSchedulerSelect's comparisons and draws as each feasible node is found.
          this.cachedScorer.pod = pod;
          this.cachedScorer.entry = entry;
          last = this.cachedScorer.walkSelect(nodes, i0, want, this.onWalkReject, this.rng);
          selected = true;
        } else last = entry.walkFit(pod, nodes, i0, want, this.onWalkReject, walked ? undefined : feasible);
        reasons = this.walkReasons;
        found = entry.walkLen;
        if (last >= 0) processed = ((last - start + n) % n) + 1;
      } else {
        // Nodes a placed pod's anti-affinity forbids are skipped unless nothing fits: their rejections are only read
        // then (reasons, rejectedBy), and the walk is repeated in full to count them.
        // The walk goes run by run (pass-runs.ts): nodes sharing every domain the affinity filter reads get one
        // verdict, asked at the first of them that reaches it.
        const skip = affinity?.checksExisting === true;
        const passIds = entry.passIdList;
        const ends = affinity ? this.passRuns.of(passIds, affinity.tables) : undefined;
        let skipped = false;
        for (let skipping = skip; ; skipping = false) {
          for (let j = 0; j < m && feasible.length < want; ) {
            let i = i0 + j;
            if (i >= m) i -= m;
            // The run from i, cut where the walk wraps back to i0.
            const len = Math.min(ends === undefined ? 1 : ends[i]! - i, m - j);
            j += len;
            if (skipping && affinity!.existingRejectsId(passIds[i]!)) {
              skipped = true;
              continue;
            }
            let runVerdict: string | undefined;
            let asked = false;
            for (let k = i; k < i + len && feasible.length < want; k++) {
              const pos = pass[k]!;
              const info = nodes[pos]!;
              let rejected = entry.fitVerdict(pod, info);
              if (!rejected && spread) rejected = podTopologySpread.filter(pod, info, state);
              if (!rejected && affinity) {
                if (!asked) {
                  runVerdict = affinity.filter(info);
                  asked = true;
                }
                rejected = runVerdict;
              }
              if (rejected) {
                reasons ??= new Map();
                reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
                rejectedNodes.add(info, rejected);
              } else {
                feasible.push(info);
                if (feasible.length === want) processed = ((pos - start + n) % n) + 1;
              }
            }
          }
          if (!skipping || !skipped || feasible.length > 0) break;
          reasons = undefined;
          rejectedNodes.clear();
        }
      }
      if (!walked) found = feasible.length;
      if (found === 0) {
        reasons ??= new Map();
        const totals = entry.staticTotals(pod, nodes, candidates, this.staticClasses);
        for (const [r, c] of totals) reasons.set(r, (reasons.get(r) ?? 0) + c);
        if (m === 0) {
          q.noPassEpoch = this.nodeEpoch;
          q.noPassRv = rv;
          q.noPassTotals = totals;
        }
      }
    } else {
      for (let k = 0; k < n && feasible.length < want; k++) {
        let idx = start + k;
        if (idx >= n) idx -= n;
        const info = nodes[idx]!;
        processed++;
        let rejected: string | undefined;
        for (const f of this.filters) {
          rejected = f.filter(pod, info, state);
          if (rejected) break;
        }
        if (rejected) {
          reasons ??= new Map();
          reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
          rejectedNodes.add(info, rejected);
        } else feasible.push(info);
      }
      found = feasible.length;
    }
    if (walk !== 'first') this.nextStart = nextStartIndex(start, processed, n);
    const lat = this.ctx.lat;
    const cost = Math.round(
      lat.schedulerCycle +
        (processed * lat.schedulerPer1kNodes) / 1000 +
        existingPodsScanned * lat.schedulerPerAffinityPod,
    );
    this.stats.busyUs += cost;

    if (found === 0) {
      reasons ??= new Map();
      this.stats.unschedulableAttempts++;
      for (const [r, n] of reasons) this.stats.reasons[r] = (this.stats.reasons[r] ?? 0) + n;
      q.attempts++;
      q.lastAttempt = this.ctx.sim.now;
      q.reasons = reasons;
      this.unschedulable.set(pod.metadata.uid, q);
      if (this.ctx.log.recording) {
        const msg = failedSchedulingMessage(this.nodeOrder.length, reasons);
        this.ctx.log.kubeEvent(namespacedName(pod), 'Pod', 'Warning', 'FailedScheduling', msg);
      }
      const attempt = q.attempts;
      this.ctx.sim.after(UNSCHEDULABLE_FLUSH_US, Phase.Timer, () => {
        if (this.unschedulable.get(pod.metadata.uid) === q && q.attempts === attempt) {
          this.unschedulable.delete(pod.metadata.uid);
          this.enqueue(q);
        }
      });
      // Speed mode's shape key (entryFor just set it on q) keys the verdict cache instead of a JSON per attempt.
      this.checkNeverSchedulable(pod, speed ? q.shapeKey : undefined);
      this.postFilter.preempt(pod, rejectedNodes);
      this.next(cost);
      return;
    }

    const chosen = selected
      ? entry!.selectedNode(nodes)
      : walked && entry
        ? this.selectWalked(pod, entry, found, feasible)
        : this.selectHost(pod, feasible, entry);
    this.deleteWaiting(pod);
    const devices = this.reserveDevices(pod, chosen, entry);
    this.account(pod, chosen, devices); // assume: resources count at once
    this.stats.scheduled++;
    const mode = this.ctx.settings.scheduler.gang;
    const gang = mode === 'none' ? undefined : this.gangOf(pod, mode);
    if (gang) this.permit(pod, chosen, gang, cost);
    else this.bindLater(pod, chosen, cost + lat.bind);
    this.next(cost);
  }

  /**
   * Open-Gpu-Share's Reserve: a GPU-share pod's devices on the chosen node, by the policy's device selection
   * (`-gpusel`; best fit by default); a valid pre-set `gpu-index` is kept.
   */
  private reserveDevices(pod: Pod, chosen: NodeInfo, entry: ShapeEntry | undefined): number[] | undefined {
    const share = gpuShareRequestOf(pod);
    const g = chosen.gpu;
    if (!share || !g) return undefined;
    const preset = parseGpuIndex(pod.metadata.annotations?.[GPU_INDEX]);
    if (preset) return allocateGpuId(g.free, share, preset);
    if (this.policy.devices) return this.policy.devices(pod, share, chosen, this.policyContext(pod, entry));
    return reserveDevices(pod, share, chosen, 'best');
  }

  /** The asynchronous binding cycle: bind unless the pod went away meanwhile. */
  private bindLater(pod: Pod, chosen: NodeInfo, delay: number): void {
    const store = this.ctx.store;
    this.ctx.sim.after(delay, Phase.Scheduler, () => {
      if (!store.getByUid(pod.metadata.uid) || pod.metadata.deletionTimestamp !== undefined) {
        this.release(pod);
        return;
      }
      // Reserve's device choice, recorded on the pod as Open-Gpu-Share's Reserve patches it (gpu-index).
      const devs = chosen.gpu?.assigned.get(pod);
      if (devs && gpuShareRequestOf(pod)) (pod.metadata.annotations ??= {})[GPU_INDEX] = formatGpuIndex(devs);
      store.bind(pod, chosen.name);
      const log = this.ctx.log;
      if (log.recording) {
        const name = namespacedName(pod);
        log.kubeEvent(name, 'Pod', 'Normal', 'Scheduled', `Successfully assigned ${name} to ${chosen.name}`);
      }
    });
  }

  /** The pod's gang at `mode` level (its Job, or its JobSet), or undefined when it has no Job. */
  private gangOf(pod: Pod, mode: 'job' | 'jobset'): { key: string; size: number; members: () => Pod[] } | undefined {
    const store = this.ctx.store;
    const ref = controllerOf(pod);
    const job = ref?.kind === 'Job' ? store.getByUid<Job>(ref.uid) : undefined;
    if (!job) return undefined;
    const wanted = (j: Job) => Math.min(j.spec.parallelism ?? 1, j.spec.completions ?? j.spec.parallelism ?? 1);
    const ns = job.metadata.namespace ?? 'default';
    const jsName = job.metadata.labels?.[JS.jobSetName];
    const js = mode === 'jobset' && jsName ? store.get<JobSet>('JobSet', ns, jsName) : undefined;
    if (js) {
      let size = 0;
      for (const rj of js.spec.replicatedJobs) {
        const t = rj.template.spec;
        size += (rj.replicas ?? 1) * Math.min(t.parallelism ?? 1, t.completions ?? t.parallelism ?? 1);
      }
      const jobs = () => store.dependentsOf<Job>(js.metadata.uid, 'Job');
      return {
        key: `jobset:${ns}/${js.metadata.name}`,
        size,
        members: () => jobs().flatMap((j) => store.dependentsOf<Pod>(j.metadata.uid, 'Pod')),
      };
    }
    return {
      key: `job:${job.metadata.uid}`,
      size: wanted(job),
      members: () => store.dependentsOf<Pod>(job.metadata.uid, 'Pod'),
    };
  }

  /**
   * Permit for gangs (coscheduling-style): the assumed pod waits, keeping its reservation, until every member of its
   * gang is bound or waiting; then all waiting members bind. If the gang is still short when `gangTimeout` runs out,
   * the waiting members are unreserved and requeued.
   */
  private permit(pod: Pod, info: NodeInfo, gang: { key: string; size: number; members: () => Pod[] }, cost: number) {
    if (gang.size <= 1) {
      this.bindLater(pod, info, cost + this.ctx.lat.bind);
      return;
    }
    let g = this.gangs.get(gang.key);
    if (!g) {
      g = { waiting: new Map() };
      this.gangs.set(gang.key, g);
    }
    g.waiting.set(pod, info);
    let bound = 0;
    for (const m of gang.members()) {
      if (m.spec.nodeName && !podIsTerminal(m) && m.metadata.deletionTimestamp === undefined) bound++;
    }
    if (bound + g.waiting.size >= gang.size) {
      for (const [p, i] of g.waiting) this.bindLater(p, i, cost + this.ctx.lat.bind);
      g.waiting.clear();
      if (g.timer !== undefined) this.ctx.sim.cancel(g.timer);
      g.timer = undefined;
      return;
    }
    if (g.timer === undefined) {
      const gg = g;
      g.timer = this.ctx.sim.after(this.ctx.settings.scheduler.gangTimeout, Phase.Timer, () => {
        gg.timer = undefined;
        const now = this.ctx.sim.now;
        for (const p of gg.waiting.keys()) {
          this.release(p);
          this.stats.gangTimeouts++;
          const q: QueuedPod = { pod: p, timestamp: now, seq: this.seq++, attempts: 1, lastAttempt: now };
          this.setWaiting(q);
          this.unschedulable.set(p.metadata.uid, q);
        }
        gg.waiting.clear();
        this.moveAllToActive();
      });
    }
  }

  private next(cost: number): void {
    this.ctx.sim.after(cost, Phase.Scheduler, this.nextFn);
  }

  /** walkFit's rejections of the current cycle, allocated on the first one (most cycles have none). */
  private walkReasons: Map<string, number> | undefined;
  private readonly onWalkReject = (info: NodeInfo, reason: string): void => {
    this.walkReasons ??= new Map();
    this.walkReasons.set(reason, (this.walkReasons.get(reason) ?? 0) + 1);
    this.rejectedScratch.add(info, reason);
  };
  /** The current cycle's rejected nodes and reasons (cycle()). */
  private readonly rejectedScratch = new RejectedNodes();

  /**
   * selectHost for a `kubeScore` policy whose pod has no InterPodAffinity or PodTopologySpread scores, from the
   * shape entry's walk: kubeSchedulerSelect's result and draws (one feasible node: no draw; uniform raw scores:
   * the cached resource totals), building the feasible list only for the general case.
   */
  private selectWalked(pod: Pod, entry: ShapeEntry, found: number, feasible: NodeInfo[]): NodeInfo {
    const nodes = this.nodeOrder;
    if (found === 1) return entry.walked(nodes, 0);
    this.cachedScorer.pod = pod;
    this.cachedScorer.entry = entry;
    const w = DEFAULT_SCORE_WEIGHTS;
    const k = this.cachedScorer.selectWalked(nodes, this.rng, w.NodeResourcesFit!, w.NodeResourcesBalancedAllocation!);
    if (k >= 0) return entry.walked(nodes, k);
    for (let i = 0; i < found; i++) feasible.push(entry.walked(nodes, i));
    return this.selectHost(pod, feasible, entry);
  }

  /** The policy's choice among the feasible nodes, with the plugins' scores (cached per shape in speed mode). */
  private selectHost(pod: Pod, feasible: NodeInfo[], entry: ShapeEntry | undefined): NodeInfo {
    return this.policy.select(pod, feasible, this.policyContext(pod, entry));
  }

  private policyContext(pod: Pod, entry: ShapeEntry | undefined): PolicyContext {
    let scorer: PodScorer;
    if (entry) {
      this.cachedScorer.pod = pod;
      this.cachedScorer.entry = entry;
      scorer = this.cachedScorer;
    } else {
      this.directScorer.pod = pod;
      scorer = this.directScorer;
    }
    return {
      rng: this.rng,
      scorer,
      domains: this.domains,
      gang: () => this.gangView(pod),
      pendingGangSizes: () => this.pendingGangSizes(pod),
      podScores: (f) => this.podScores(pod, f),
      gpuWorkload: () => (this.workloadShapes ??= this.workload()),
    };
  }

  /** Whether podScores scores anything for this pod (its conditions, without the work). */
  private podScoresApply(pod: Pod): boolean {
    if (this.placedPods.withPreferred.size > 0 || hasPreferredTerms(pod)) return true;
    const constraints = (pod.spec as { topologySpreadConstraints?: { whenUnsatisfiable?: string }[] })
      .topologySpreadConstraints;
    return constraints?.some((c) => c.whenUnsatisfiable === 'ScheduleAnyway') ?? false;
  }

  /**
   * InterPodAffinity's and PodTopologySpread's Score + NormalizeScore, weighted (2 each), when either applies: the pod
   * has preferred pod (anti-)affinity terms or ScheduleAnyway spread constraints, or a placed pod has preferred terms
   * (symmetry). Named simplifications: existing pods' required affinity terms are not scored (hardPodAffinityWeight
   * 0; upstream 1) and the system default spread constraints are not applied.
   */
  private podScores(pod: Pod, feasible: readonly NodeInfo[]): number[] | undefined {
    const own = hasPreferredTerms(pod);
    const constraints = (pod.spec as { topologySpreadConstraints?: { whenUnsatisfiable?: string }[] })
      .topologySpreadConstraints;
    const soft = constraints?.some((c) => c.whenUnsatisfiable === 'ScheduleAnyway') ?? false;
    if (!own && !soft && this.placedPods.withPreferred.size === 0) return undefined;
    const w = DEFAULT_SCORE_WEIGHTS;
    const out = new Array<number>(feasible.length).fill(0);
    let any = false;
    if (own || this.placedPods.withPreferred.size > 0) {
      const existing = [...(own ? this.placedPods.all() : this.placedPods.withPreferred)].map((p) => ({
        ...affinityScorePod(p),
        nodeLabels: this.placedPods.nodeOfPod(p)?.node.metadata.labels,
      }));
      const r = interPodAffinityScores(
        affinityScorePod(pod),
        feasible.map((f) => ({ name: f.name, labels: f.node.metadata.labels })),
        existing,
        { hardPodAffinityWeight: 0 },
      );
      if (r.code === 'Success') {
        any = true;
        for (let i = 0; i < out.length; i++) out[i]! += w.InterPodAffinity! * r.scores[i]!;
      }
    }
    if (soft) {
      const spreadNode = (info: NodeInfo) => ({
        name: info.name,
        labels: info.node.metadata.labels,
        taints: info.node.spec.taints,
        pods: [...info.pods].map((p) => ({
          namespace: p.metadata.namespace ?? 'default',
          labels: p.metadata.labels,
          terminating: p.metadata.deletionTimestamp !== undefined,
        })),
      });
      const r = podTopologySpreadScores(spreadScorePod(pod), feasible.map(spreadNode), this.nodeOrder.map(spreadNode));
      if (r.code === 'Success') {
        any = true;
        for (let i = 0; i < out.length; i++) out[i]! += w.PodTopologySpread! * r.scores[i]!;
      }
    }
    return any ? out : undefined;
  }

  /** The pod's gang for the placement policies: its JobSet under `gang: jobset`, else its Job. */
  private gangView(pod: Pod): GangView | undefined {
    const g = this.gangOf(pod, this.ctx.settings.scheduler.gang === 'jobset' ? 'jobset' : 'job');
    if (!g) return undefined;
    const nodes: NodeInfo[] = [];
    for (const m of g.members()) {
      const info = this.placed.get(m.metadata.uid);
      if (info && m !== pod) nodes.push(info);
    }
    return { key: g.key, remaining: Math.max(1, g.size - nodes.length), nodes };
  }

  /** `remaining` of each other gang with a pod waiting in the queue (one representative pod per gang). */
  private pendingGangSizes(pod: Pod): number[] {
    const seen = new Map<string, number>();
    const own = this.gangView(pod);
    if (own) seen.set(own.key, 0);
    for (const q of this.waiting.values()) {
      const ref = controllerOf(q.pod);
      if (!ref || seen.has(ref.uid)) continue;
      const g = this.gangView(q.pod);
      seen.set(ref.uid, 0);
      if (g && !seen.has(g.key)) seen.set(g.key, g.remaining);
    }
    return [...seen.values()].filter((v) => v > 0);
  }

  /** PodTopologySpread PreFilter: domain counts over every node and the pods placed there. */
  private spreadState(pod: Pod, state: CycleState): void {
    const sp: SpreadPod = {
      namespace: pod.metadata.namespace ?? 'default',
      labels: pod.metadata.labels,
      nodeSelector: pod.spec.nodeSelector,
      affinity: pod.spec.affinity,
      tolerations: pod.spec.tolerations,
      topologySpreadConstraints: (pod.spec as unknown as SpreadPod).topologySpreadConstraints,
    };
    if (parseDoNotScheduleConstraints(sp).length === 0) return;
    const nodes = new Map<string, SpreadNode>();
    for (const info of this.nodeOrder) {
      const pods = [...info.pods].map((p) => ({
        namespace: p.metadata.namespace ?? 'default',
        labels: p.metadata.labels,
        terminating: p.metadata.deletionTimestamp !== undefined,
      }));
      nodes.set(info.name, { name: info.name, labels: info.node.metadata.labels, taints: info.node.spec.taints, pods });
    }
    state.spread = { state: computeSpreadState(sp, [...nodes.values()]), pod: sp, nodes };
  }

  /** InterPodAffinity PreFilter; upstream scans every existing pod, which the simulated cost still charges. */
  private affinityState(pod: Pod): { state: AffinityState; scanned: number } {
    const affinityTerms = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const antiAffinityTerms = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const state = new AffinityState(pod, affinityTerms, antiAffinityTerms, this.placedPods);
    return { state, scanned: affinityTerms.length || antiAffinityTerms.length ? this.placedPods.size : 0 };
  }

  /** Static feasibility against every node, ignoring what runs there; reported once per owner. */
  private checkNeverSchedulable(pod: Pod, shapeKey?: string): void {
    const owner = pod.metadata.ownerReferences?.[0]?.uid ?? pod.metadata.uid;
    if (this.neverReported.has(owner)) return;
    const byShape = this.staticVerdictsByShape;
    // A cached verdict is answered before the candidates are looked up.
    const verdict =
      shapeKey !== undefined && byShape.has(shapeKey)
        ? byShape.get(shapeKey)
        : staticInfeasibility(
            pod,
            this.nodeOrder,
            this.filters,
            shapeKey === undefined ? this.staticVerdicts : byShape,
            this.labels.selectorCandidates(pod),
            shapeKey,
            // Fidelity mode keeps the walk over every node (the reference the tests compare speed mode with).
            shapeKey === undefined ? undefined : this.staticClasses,
          );
    if (verdict === undefined) return;
    this.neverReported.add(owner);
    this.hooks.onNeverSchedulable(pod, verdict);
  }
}

function _inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** nodeTree's zone key: region and zone labels (nodes without them share the empty zone). */
function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  return `${l['topology.kubernetes.io/region'] ?? ''}:\u0000:${l['topology.kubernetes.io/zone'] ?? ''}`;
}

function sameDomains(a: Node, b: Node): boolean {
  for (const level of TOPOLOGY_LEVELS) {
    if (a.metadata.labels?.[level.key] !== b.metadata.labels?.[level.key]) return false;
  }
  return true;
}

/** The first index of the ascending `a` whose value is ≥ x (a.length when none). */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
