// The kube-scheduler model: one pod per cycle from the queue, filters in upstream order, a score, a seeded
// tie-break, assume (resources count at once) and an asynchronous bind; failed pods wait in the
// unschedulable pool until a cluster event can help. A pod that no node could ever fit is reported.

import type { Job } from '../api/batch.js';
import type { Node, Pod, PodAffinityTerm } from '../api/core.js';
import { podIsTerminal } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import { controllerOf, namespacedName } from '../api/meta.js';
import { formatQuantity } from '../api/quantity.js';
import type { ControllerContext } from '../controllers/context.js';
import type { Rng } from '../engine/random.js';
import { Phase } from '../engine/simulator.js';
import {
  type AffinityState,
  type CycleState,
  DEFAULT_FILTERS,
  type FilterPlugin,
  fitsAllocatable,
  nodeUnschedulable,
  termMatches,
  untoleratedPersistentTaint,
} from './filters.js';
import { NodeInfo, requestsOf } from './node-info.js';
import {
  calculateNumCandidates,
  isUnresolvable,
  nominatedNodeHasTerminatingVictim,
  type PreemptionCandidate,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  selectVictimsOnNode,
} from './preemption.js';
import { ActiveQueue, backoffOf, type QueuedPod, UNSCHEDULABLE_FLUSH_US } from './queue.js';
import { nextStartIndex, numFeasibleNodesToFind } from './sampling.js';
import {
  balancedAllocationScore,
  DEFAULT_SCORE_WEIGHTS,
  leastAllocatedScore,
  mostAllocatedScore,
  nodeAffinityScores,
  taintTolerationScores,
} from './scores.js';
import {
  computeSpreadState,
  parseDoNotScheduleConstraints,
  type SpreadNode,
  type SpreadPod,
} from './topology-spread.js';

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
  private nodeOrder: NodeInfo[] = [];
  private readonly active = new ActiveQueue();
  /** uid → entry, for pods waiting anywhere in the queue (active, backoff, unschedulable) */
  private readonly waiting = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** uid → node of pods assumed or bound and not yet terminal */
  private readonly placed = new Map<string, NodeInfo>();
  private readonly withAntiAffinity = new Set<Pod>();
  private readonly neverReported = new Set<string>();
  /** Gangs with members waiting at Permit, by gang key. */
  private readonly gangs = new Map<string, { waiting: Map<Pod, NodeInfo>; timer?: number }>();
  private readonly rng: Rng;
  private busy = false;
  private seq = 0;
  /** The rotating start of the node walk (schedule_one.go nextStartNodeIndex). */
  private nextStart = 0;
  private readonly staticVerdicts = new Map<string, string | undefined>();
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

  constructor(
    private readonly ctx: ControllerContext,
    private readonly hooks: SchedulerHooks,
  ) {
    this.rng = ctx.random.stream('scheduler');
    ctx.store.watch<Node>('Node', (type, node) => this.onNode(type, node));
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  private onNode(type: string, node: Node): void {
    this.staticVerdicts.clear();
    const name = node.metadata.name;
    if (type === 'ADDED') {
      const info = new NodeInfo(node);
      this.nodes.set(name, info);
      this.nodeOrder.push(info);
    } else if (type === 'MODIFIED') {
      this.nodes.get(name)?.setNode(node);
    } else {
      this.nodes.delete(name);
      this.nodeOrder = this.nodeOrder.filter((n) => n.name !== name);
    }
    this.moveAllToActive();
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
      if (!this.placed.has(uid) && !podIsTerminal(pod)) this.account(pod, pod.spec.nodeName);
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
    this.waiting.set(q.pod.metadata.uid, q);
    q.timestamp = this.ctx.sim.now;
    q.seq = this.seq++;
    this.active.push(q);
    this.kick();
  }

  private forget(pod: Pod): void {
    const uid = pod.metadata.uid;
    this.waiting.delete(uid);
    this.unschedulable.delete(uid);
    for (const g of this.gangs.values()) g.waiting.delete(pod);
  }

  private account(pod: Pod, nodeName: string): void {
    const info = this.nodes.get(nodeName);
    if (!info) return;
    info.add(pod, requestsOf(pod));
    this.placed.set(pod.metadata.uid, info);
    if (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) {
      this.withAntiAffinity.add(pod);
    }
  }

  private release(pod: Pod): void {
    const info = this.placed.get(pod.metadata.uid);
    if (!info) return;
    info.remove(pod, requestsOf(pod));
    this.placed.delete(pod.metadata.uid);
    this.withAntiAffinity.delete(pod);
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
    this.ctx.sim.after(0, Phase.Scheduler, () => this.cycle());
  }

  private cycle(): void {
    const q = this.active.pop();
    if (!q) {
      this.busy = false;
      return;
    }
    const { pod } = q;
    const store = this.ctx.store;
    if (!store.getByUid(pod.metadata.uid) || pod.metadata.deletionTimestamp !== undefined || pod.spec.nodeName) {
      this.waiting.delete(pod.metadata.uid);
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
      this.withAntiAffinity.size > 0
    ) {
      const r = this.affinityState(pod);
      state.affinity = r.state;
      existingPodsScanned = r.scanned;
    }

    const spreadPod = pod.spec as unknown as { topologySpreadConstraints?: unknown[] };
    if (spreadPod.topologySpreadConstraints?.length) this.spreadState(pod, state);

    // Walk the nodes from the rotating start until enough feasible ones are found (percentageOfNodesToScore);
    // first-fit takes the first feasible node from the start of the list, random looks at every node.
    const policy = this.ctx.settings.scheduler.policy;
    const n = this.nodeOrder.length;
    const want =
      policy === 'first-fit'
        ? 1
        : policy === 'random'
          ? n
          : numFeasibleNodesToFind(n, this.ctx.settings.scheduler.percentageOfNodesToScore);
    const start = policy === 'first-fit' || n === 0 ? 0 : this.nextStart % n;
    const feasible: NodeInfo[] = [];
    const reasons = new Map<string, number>();
    const rejectedBy = new Map<NodeInfo, string>();
    let processed = 0;
    for (let k = 0; k < n && feasible.length < want; k++) {
      const info = this.nodeOrder[(start + k) % n]!;
      processed++;
      let rejected: string | undefined;
      for (const f of this.filters) {
        rejected = f.filter(pod, info, state);
        if (rejected) break;
      }
      if (rejected) {
        reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
        rejectedBy.set(info, rejected);
      } else feasible.push(info);
    }
    if (policy !== 'first-fit') this.nextStart = nextStartIndex(start, processed, n);
    const lat = this.ctx.lat;
    const cost = Math.round(
      lat.schedulerCycle +
        (processed * lat.schedulerPer1kNodes) / 1000 +
        existingPodsScanned * lat.schedulerPerAffinityPod,
    );
    this.stats.busyUs += cost;

    if (feasible.length === 0) {
      this.stats.unschedulableAttempts++;
      for (const [r, n] of reasons) this.stats.reasons[r] = (this.stats.reasons[r] ?? 0) + n;
      q.attempts++;
      q.lastAttempt = this.ctx.sim.now;
      q.reasons = reasons;
      this.unschedulable.set(pod.metadata.uid, q);
      const msg = failedSchedulingMessage(this.nodeOrder.length, reasons);
      this.ctx.log.kubeEvent(namespacedName(pod), 'Pod', 'Warning', 'FailedScheduling', msg);
      const attempt = q.attempts;
      this.ctx.sim.after(UNSCHEDULABLE_FLUSH_US, Phase.Timer, () => {
        if (this.unschedulable.get(pod.metadata.uid) === q && q.attempts === attempt) {
          this.unschedulable.delete(pod.metadata.uid);
          this.enqueue(q);
        }
      });
      this.checkNeverSchedulable(pod);
      this.preempt(pod, rejectedBy);
      this.next(cost);
      return;
    }

    const chosen = this.selectHost(pod, feasible);
    this.waiting.delete(pod.metadata.uid);
    this.account(pod, chosen.name); // assume: resources count at once
    this.stats.scheduled++;
    const gang = this.gangOf(pod);
    if (gang) this.permit(pod, chosen, gang, cost);
    else this.bindLater(pod, chosen, cost + lat.bind);
    this.next(cost);
  }

  /** The asynchronous binding cycle: bind unless the pod went away meanwhile. */
  private bindLater(pod: Pod, chosen: NodeInfo, delay: number): void {
    const store = this.ctx.store;
    this.ctx.sim.after(delay, Phase.Scheduler, () => {
      if (!store.getByUid(pod.metadata.uid) || pod.metadata.deletionTimestamp !== undefined) {
        this.release(pod);
        return;
      }
      store.bind(pod, chosen.name);
      this.ctx.log.kubeEvent(
        namespacedName(pod),
        'Pod',
        'Normal',
        'Scheduled',
        `Successfully assigned ${namespacedName(pod)} to ${chosen.name}`,
      );
    });
  }

  /** The pod's gang under `scheduler.gang` (its Job, or its JobSet), or undefined when it schedules alone. */
  private gangOf(pod: Pod): { key: string; size: number; members: () => Pod[] } | undefined {
    const mode = this.ctx.settings.scheduler.gang;
    if (mode === 'none') return undefined;
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
          this.waiting.set(p.metadata.uid, q);
          this.unschedulable.set(p.metadata.uid, q);
        }
        gg.waiting.clear();
        this.moveAllToActive();
      });
    }
  }

  private next(cost: number): void {
    this.ctx.sim.after(cost, Phase.Scheduler, () => {
      this.busy = false;
      this.kick();
    });
  }

  /**
   * The score plugins of the policy, weighted as upstream's defaults, then the highest total with a uniform random
   * tie-break (reservoir sampling, as selectHost upstream). `default`: LeastAllocated + BalancedAllocation +
   * TaintToleration + NodeAffinity; `binpack`: MostAllocated instead of LeastAllocated; `random`: any feasible node;
   * `first-fit`: the first feasible node in node order. Not modelled yet: the preferred InterPodAffinity and
   * PodTopologySpread scores, ImageLocality.
   */
  private selectHost(pod: Pod, feasible: NodeInfo[]): NodeInfo {
    const policy = this.ctx.settings.scheduler.policy;
    if (feasible.length === 1 || policy === 'first-fit') return feasible[0]!;
    if (policy === 'random') return feasible[this.rng.int(feasible.length)]!;
    const nodes = feasible.map((f) => f.node);
    const taint = taintTolerationScores(pod, nodes);
    const affinity = nodeAffinityScores(pod, nodes);
    const w = DEFAULT_SCORE_WEIGHTS;
    let best = -1;
    let chosen = feasible[0]!;
    let ties = 0;
    for (let i = 0; i < feasible.length; i++) {
      const info = feasible[i]!;
      const fit = policy === 'binpack' ? mostAllocatedScore(pod, info) : leastAllocatedScore(pod, info);
      const score =
        w.NodeResourcesFit! * fit +
        w.NodeResourcesBalancedAllocation! * balancedAllocationScore(pod, info) +
        w.TaintToleration! * taint[i]! +
        w.NodeAffinity! * affinity[i]!;
      if (score > best) {
        best = score;
        chosen = info;
        ties = 1;
      } else if (score === best) {
        ties++;
        if (this.rng.int(ties) === 0) chosen = info;
      }
    }
    return chosen;
  }

  /**
   * PostFilter, DefaultPreemption: among the nodes whose rejection is resolvable (from a random offset, at most
   * max(10% of nodes, 100)), find the victims of lower priority whose removal lets the pod fit, pick the node by
   * upstream's tie-break chain, nominate it and delete the victims gracefully with DisruptionTarget. The dry run
   * checks the static filters, cordon and resources (not inter-pod affinity or spread), and nominated pods are not
   * reserved for their preemptor: named simplifications of this model.
   */
  private preempt(pod: Pod, rejectedBy: Map<NodeInfo, string>): void {
    const nominated = pod.status.nominatedNodeName;
    const nominatedInfo = nominated ? this.nodes.get(nominated) : undefined;
    const terminating = nominatedInfo ? nominatedNodeHasTerminatingVictim(pod, [...nominatedInfo.pods]) : false;
    if (!podEligibleToPreemptOthers(pod, terminating)) return;
    const candidates: NodeInfo[] = [];
    for (const [info, reason] of rejectedBy) {
      if (!isUnresolvable(reason, fitsAllocatable(pod, info) !== undefined)) candidates.push(info);
    }
    if (candidates.length === 0) return;
    const limit = calculateNumCandidates(this.nodeOrder.length);
    const offset = this.rng.int(candidates.length);
    const found: (PreemptionCandidate & { info: NodeInfo })[] = [];
    for (let k = 0; k < candidates.length && found.length < limit; k++) {
      const info = candidates[(offset + k) % candidates.length]!;
      const pods = [...info.pods].filter((p) => p.metadata.deletionTimestamp === undefined);
      const nv = selectVictimsOnNode(
        pod,
        { pods },
        (rest) => this.fitsWith(pod, info, rest),
        () => false,
      );
      if (nv) found.push({ name: info.name, info, ...nv });
    }
    const chosen = pickOneNodeForPreemption(found);
    if (!chosen) return;
    const store = this.ctx.store;
    const now = this.ctx.sim.now / 1e6;
    pod.status.nominatedNodeName = chosen.name;
    store.updateStatus(pod);
    for (const v of chosen.victims) {
      (v.status.conditions ??= []).push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: 'default-scheduler: preempting to accommodate a higher priority pod',
        lastTransitionTime: now,
      });
      store.updateStatus(v);
      store.delete(v);
      this.stats.preemptions++;
      this.ctx.log.kubeEvent(
        namespacedName(v),
        'Pod',
        'Normal',
        'Preempted',
        `Preempted by pod ${pod.metadata.uid} on node ${chosen.name}`,
      );
    }
  }

  /** The preemption dry run's fit: static filters, cordon, pod count and resources with only `rest` on the node. */
  private fitsWith(pod: Pod, info: NodeInfo, rest: readonly Pod[]): boolean {
    if (nodeUnschedulable.filter(pod, info, {})) return false;
    for (const f of this.filters) if (f.static && f.filter(pod, info, {})) return false;
    const podsCap = info.allocatable.get('pods');
    if (podsCap !== undefined && (rest.length + 1) * 1000 > podsCap) return false;
    for (const [r, want] of requestsOf(pod)) {
      if (want === 0) continue;
      let used = 0;
      for (const p of rest) used += requestsOf(p).get(r) ?? 0;
      if ((info.allocatable.get(r) ?? 0) - used < want) return false;
    }
    return true;
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

  private affinityState(pod: Pod): { state: AffinityState; scanned: number } {
    const ns = pod.metadata.namespace ?? 'default';
    const affinityTerms: PodAffinityTerm[] =
      pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const antiAffinityTerms: PodAffinityTerm[] =
      pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const state: AffinityState = {
      affinityTerms,
      antiAffinityTerms,
      affinityCounts: new Map(),
      antiAffinityCounts: new Map(),
      existingAntiAffinity: new Map(),
      selfMatch: affinityTerms.length > 0 && affinityTerms.every((t) => termMatches(t, ns, pod)),
    };
    let scanned = 0;
    if (affinityTerms.length || antiAffinityTerms.length) {
      for (const [uid, info] of this.placed) {
        const other = this.ctx.store.getByUid<Pod>(uid);
        if (!other) continue;
        scanned++;
        const labels = info.node.metadata.labels ?? {};
        if (affinityTerms.length && affinityTerms.every((t) => termMatches(t, ns, other))) {
          for (const t of affinityTerms) {
            const v = labels[t.topologyKey];
            if (v !== undefined) inc(state.affinityCounts, `${t.topologyKey}=${v}`);
          }
        }
        for (const t of antiAffinityTerms) {
          const v = labels[t.topologyKey];
          if (v !== undefined && termMatches(t, ns, other)) inc(state.antiAffinityCounts, `${t.topologyKey}=${v}`);
        }
      }
    }
    for (const other of this.withAntiAffinity) {
      const info = this.placed.get(other.metadata.uid);
      if (!info) continue;
      const ons = other.metadata.namespace ?? 'default';
      for (const t of other.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const v = info.node.metadata.labels?.[t.topologyKey];
        if (v === undefined || !termMatches(t, ons, pod)) continue;
        let set = state.existingAntiAffinity.get(t.topologyKey);
        if (!set) {
          set = new Set();
          state.existingAntiAffinity.set(t.topologyKey, set);
        }
        set.add(v);
      }
    }
    return { state, scanned };
  }

  /** Static feasibility against every node, ignoring what runs there; reported once per owner. */
  private checkNeverSchedulable(pod: Pod): void {
    const owner = pod.metadata.ownerReferences?.[0]?.uid ?? pod.metadata.uid;
    if (this.neverReported.has(owner)) return;
    const verdict = staticInfeasibility(pod, this.nodeOrder, this.filters, this.staticVerdicts);
    if (verdict === undefined) return;
    this.neverReported.add(owner);
    this.hooks.onNeverSchedulable(pod, verdict);
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** kube-scheduler's FailedScheduling text: `0/16 nodes are available: 16 Insufficient google.com/tpu.` */
export function failedSchedulingMessage(total: number, reasons: Map<string, number>): string {
  const parts = [...reasons.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([r, n]) => `${n} ${r}`);
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

export function describeRequests(pod: Pod): string {
  const req = requestsOf(pod);
  const parts = [...req.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}: ${formatQuantity(v, k)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Why no node could ever run this pod (static filters and requests against allocatable), or undefined if
 * some node could. Cached by pod shape.
 */
export function staticInfeasibility(
  pod: Pod,
  nodes: NodeInfo[],
  filters: FilterPlugin[],
  cache?: Map<string, string | undefined>,
): string | undefined {
  const shape = JSON.stringify([
    [...requestsOf(pod).entries()],
    pod.spec.nodeSelector,
    pod.spec.affinity?.nodeAffinity,
    pod.spec.tolerations,
    pod.spec.nodeName,
  ]);
  if (cache?.has(shape)) return cache.get(shape);
  const reasons = new Map<string, number>();
  const maxAlloc = new Map<string, number>();
  let ok = false;
  for (const info of nodes) {
    let rejected: string | undefined;
    for (const f of filters) {
      if (!f.static) continue;
      rejected = f.name === 'TaintToleration' ? untoleratedPersistentTaint(pod, info) : f.filter(pod, info, {});
      if (rejected) break;
    }
    rejected ??= fitsAllocatable(pod, info);
    if (!rejected) {
      ok = true;
      break;
    }
    reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
    for (const [r] of requestsOf(pod)) maxAlloc.set(r, Math.max(maxAlloc.get(r) ?? 0, info.allocatable.get(r) ?? 0));
  }
  let verdict: string | undefined;
  if (!ok) {
    const largest = [...reasons.keys()]
      .filter((r) => r.startsWith('Insufficient '))
      .map((r) => r.slice('Insufficient '.length))
      .map((r) => `${r} ${formatQuantity(maxAlloc.get(r) ?? 0, r)}`);
    verdict =
      `pod shape ${describeRequests(pod)} fits no node, whatever else runs: ` +
      failedSchedulingMessage(nodes.length, reasons) +
      (largest.length ? ` Largest allocatable on any node: ${largest.join(', ')}.` : '');
  }
  cache?.set(shape, verdict);
  return verdict;
}
