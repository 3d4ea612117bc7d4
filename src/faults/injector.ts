// The one path by which faults enter the cluster. Script actions and the FaultModel's stochastic processes both
// call these methods, so a script can replay a recorded incident exactly as a model would have produced it.
// Each fault is played as a real cluster plays it (spec/hardware-and-failures.md §6):
// - failure: the kubelet stops (NotReady after nodeMonitorGracePeriod, unreachable taints, taint-manager eviction
//   with DisruptionTarget/DeletionByTaintManager); then either repaired in place or replaced (GKE auto-repair
//   deletes the node after `autoRepairDelay`, PodGC fails its pods with DeletionByPodGC, a new node is created);
// - maintenance: GKE's scheduled-maintenance labels at the notice, then the impending-termination taint and a
//   graceful node shutdown (DisruptionTarget/TerminationByKubelet), the node down for the maintenance;
// - Spot reclaim: graceful shutdown at the notice (TerminationByKubelet), the VM gone 30 s later, recreated later;
// - capacity: node pools added, or removed after a drain through the Eviction API (EvictionByEvictionAPI).
// A multi-host TPU slice is one failure domain: any fault on one of its hosts takes the whole pool (CONTRACT §2).
import { clonePlain } from '../api/clone.js';
import type { Node, Pod, Taint } from '../api/core.js';
import { podIsTerminal } from '../api/core.js';
import type { NewObject } from '../api/meta.js';
import { type ExpandedPool, expandNodePool } from '../cluster/nodepool.js';
import type { ControllerContext } from '../controllers/context.js';
import { type Kubelet, setPodCondition } from '../controllers/kubelet/kubelet.js';
import type { NodeLifecycle } from '../controllers/node/lifecycle.js';
import { Phase } from '../engine/simulator.js';
import type { NodePoolDoc } from '../scenario/model.js';
import type { RecoveryAction } from './spec.js';

/** The messages Kubernetes components write with a DisruptionTarget condition, by reason. */
export const DISRUPTION_MESSAGES: Record<string, string> = {
  TerminationByKubelet: 'Pod was terminated in response to imminent node shutdown.',
  EvictionByEvictionAPI: 'Eviction API: evicting',
  DeletionByTaintManager: 'Taint manager: deleting due to NoExecute taint',
  DeletionByPodGC: 'PodGC: node no longer exists',
  PreemptionByScheduler: 'default-scheduler: preempting to accommodate a higher priority pod',
};

/** GKE's node labels and taints for host maintenance and impending termination (spec §6, [S]). */
export const GKE = {
  scheduledMaintenanceTime: 'cloud.google.com/scheduled-maintenance-time',
  scheduledMaintenanceTimeLatest: 'cloud.google.com/scheduled-maintenance-time-latest',
  activeNodeMaintenance: 'cloud.google.com/active-node-maintenance',
  impendingNodeTermination: 'cloud.google.com/impending-node-termination',
} as const;

const NODEPOOL_LABEL = 'cloud.google.com/gke-nodepool';
const DEVICE_RESOURCES = ['nvidia.com/gpu', 'google.com/tpu', 'amd.com/gpu'];

export type FaultKind = 'failure' | 'maintenance' | 'spot';

export interface FaultInfo {
  cause: string;
  /** The cause's category (GPU, network, ...); the cause itself when none is given. */
  category?: string;
  /** Who injected it: `Script/<name>` or `FaultModel/<name>`. */
  source: string;
}

export interface PoolInfo {
  name: string;
  poolDoc: string;
  multiHost: boolean;
  /** The node objects as first created, to recreate them after a replacement. */
  templates: NewObject<Node>[];
  /** Accelerator devices per node (GPUs or TPU chips); 0 for CPU pools. */
  devices: number;
}

export interface FaultListener {
  /** Nodes stopped running pods now (a failure, maintenance start, Spot reclaim or drain). */
  nodesDown?(nodes: readonly string[], cause: string): void;
  poolAdded?(pool: PoolInfo): void;
  poolRemoved?(pool: PoolInfo): void;
}

export interface FaultStats {
  total: number;
  byKind: Record<string, number>;
  byCause: Record<string, number>;
  byCategory: Record<string, number>;
}

export class FaultInjector {
  readonly pools = new Map<string, PoolInfo>();
  /** Nodes out of service, with the cause. */
  private readonly down = new Map<string, string>();
  /** Pods a fault or an application failure ended, with the cause (for interruption accounting). */
  private readonly podCause = new Map<string, string>();
  private readonly listeners: FaultListener[] = [];
  readonly stats: FaultStats = { total: 0, byKind: {}, byCause: {}, byCategory: {} };
  /** Nodes due to be created again (replacements under way). */
  private pendingCreates = 0;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly lifecycle: NodeLifecycle,
    private readonly kubelet: Kubelet,
    /** GKE auto-repair: how long a failed node stays NotReady before it is replaced (when replaced). */
    private readonly autoRepairDelay = 600_000_000,
  ) {}

  listen(l: FaultListener): void {
    this.listeners.push(l);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Capacity

  /** Creates the pools and nodes of a NodePool document; returns the pool names. */
  addNodePool(doc: NodePoolDoc): string[] {
    const out: string[] = [];
    for (const p of expandNodePool(doc)) {
      if (this.pools.has(p.name)) continue;
      const info = poolInfo(p);
      this.pools.set(p.name, info);
      for (const n of p.nodes) this.ctx.store.create<Node>(clonePlain(n)); // plain data: clonePlain is several times faster
      this.ctx.log.emit('NodePoolAdded', { nodePool: p.name, nodes: p.nodes.length });
      for (const l of this.listeners) l.poolAdded?.(info);
      out.push(p.name);
    }
    return out;
  }

  /** The pools a name designates: a pool name, or every pool of a NodePool document. */
  poolsNamed(name: string): PoolInfo[] {
    const exact = this.pools.get(name);
    if (exact) return [exact];
    return [...this.pools.values()].filter((p) => p.poolDoc === name);
  }

  /**
   * Removes a pool. With `drain`, as `kubectl drain` then a node-pool deletion: nodes cordoned, pods evicted through
   * the Eviction API (DisruptionTarget/EvictionByEvictionAPI, graceful deletion), nodes deleted once the pods have
   * terminated. Without, the nodes are deleted at once (PodGC fails their pods).
   */
  removeNodePool(pool: PoolInfo, drain: boolean, info: FaultInfo): void {
    this.pools.delete(pool.name);
    for (const l of this.listeners) l.poolRemoved?.(pool);
    const nodes = this.liveNodes(pool.templates.map((t) => t.metadata.name ?? ''));
    const names = nodes.map((n) => n.metadata.name);
    this.ctx.log.emit('NodePoolRemoved', { nodePool: pool.name, drain, source: info.source });
    for (const l of this.listeners) l.nodesDown?.(names, info.cause);
    let wait = 0;
    if (drain) {
      for (const node of nodes) {
        node.spec.unschedulable = true;
        this.ctx.store.update(node);
        for (const pod of [...this.ctx.store.podsOn(node.metadata.name)]) {
          if (podIsTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
          const grace = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1e6;
          wait = Math.max(wait, Math.min(this.ctx.lat.podTermination, grace));
          this.podCause.set(pod.metadata.uid, info.cause);
          this.evict(pod, 'EvictionByEvictionAPI');
        }
      }
    }
    const remove = () => {
      for (const n of names) {
        const node = this.node(n);
        if (node) this.ctx.store.delete(node);
        this.down.delete(n);
      }
    };
    if (drain) this.ctx.sim.after(wait + 1, Phase.Timer, remove);
    else remove();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Faults

  /** Nodes will be created again later (a replacement under way): no pod is judged never schedulable now. */
  capacityPending(): boolean {
    return this.pendingCreates > 0;
  }

  /** True if any of these nodes is out of service (failed, in maintenance, reclaimed, being replaced). */
  anyDown(nodes: readonly string[]): boolean {
    return nodes.some((n) => this.down.has(n));
  }

  isDown(node: string): boolean {
    return this.down.has(node);
  }

  /**
   * A hardware or host failure of these nodes (a multi-host slice's nodes extend to the whole slice). `repair`
   * brings them back after `recoverAfter`; `replace` deletes them once auto-repair gives up on them and creates
   * new nodes after `recoverAfter`; `replaceAfter` (a hot spare) swaps new nodes in sooner. Without
   * `recoverAfter` they stay down until `recover`. Returns the nodes that failed (none if all were down).
   */
  fail(
    nodeNames: readonly string[],
    info: FaultInfo,
    opts: { action?: RecoveryAction; recoverAfter?: number; replaceAfter?: number; autoRepairDelay?: number } = {},
  ): string[] {
    const nodes = this.upNodes(this.withSlices(nodeNames));
    if (nodes.length === 0) return [];
    const names = nodes.map((n) => n.metadata.name);
    const action = opts.action ?? (this.isSlice(names) ? 'replace' : 'repair');
    const { recoverAfter, replaceAfter } = opts;
    // What a Script needs to replay this fault: the recovery drawn and the action taken.
    this.record('failure', info, names, {
      action,
      ...(recoverAfter !== undefined ? { recovery: recoverAfter / 1e6 } : {}),
      ...(replaceAfter !== undefined ? { spareSwap: replaceAfter / 1e6 } : {}),
    });
    for (const n of names) this.down.set(n, info.cause);
    for (const l of this.listeners) l.nodesDown?.(names, info.cause);
    for (const n of names) this.lifecycle.failNode(n);
    const sim = this.ctx.sim;
    if (replaceAfter !== undefined && (recoverAfter === undefined || replaceAfter < recoverAfter)) {
      this.replace(names, replaceAfter, replaceAfter);
    } else if (action === 'replace') {
      const del = Math.min(opts.autoRepairDelay ?? this.autoRepairDelay, recoverAfter ?? Number.POSITIVE_INFINITY);
      this.replace(names, del, recoverAfter);
    } else if (recoverAfter !== undefined) {
      sim.after(recoverAfter, Phase.Arrival, () => this.recover(names));
    }
    return names;
  }

  /** Brings failed nodes back (the kubelet restarts; NodeLifecycle clears the unreachable taints). */
  recover(nodeNames: readonly string[]): void {
    for (const n of nodeNames) {
      if (!this.node(n)) continue;
      this.lifecycle.recoverNode(n);
      this.down.delete(n);
    }
  }

  /**
   * Host maintenance with notice: GKE's scheduled-maintenance labels now; at the start the active-maintenance
   * label and the impending-termination taint, a graceful node shutdown (DisruptionTarget/TerminationByKubelet),
   * the node down for `duration`, then back with the labels and taint removed.
   */
  maintenance(nodeNames: readonly string[], info: FaultInfo, notice: number, duration: () => number): string[] {
    const nodes = this.upNodes(this.withSlices(nodeNames));
    if (nodes.length === 0) return [];
    const names = nodes.map((n) => n.metadata.name);
    const startS = String(Math.floor((this.ctx.sim.now + notice) / 1e6));
    for (const node of nodes) {
      const labels = (node.metadata.labels ??= {});
      labels[GKE.scheduledMaintenanceTime] = startS;
      labels[GKE.scheduledMaintenanceTimeLatest] = startS;
      this.ctx.store.update(node);
    }
    this.ctx.log.emit('MaintenanceScheduled', { nodes: names, cause: info.cause, startsAt: Number(startS) });
    this.ctx.sim.after(notice, Phase.Arrival, () => {
      const live = this.upNodes(names);
      if (live.length === 0) return;
      const ln = live.map((n) => n.metadata.name);
      this.record('maintenance', info, ln);
      for (const node of live) {
        (node.metadata.labels ??= {})[GKE.activeNodeMaintenance] = 'true';
        addTaint(node, { key: GKE.impendingNodeTermination, effect: 'NoSchedule' });
        this.ctx.store.update(node);
        this.down.set(node.metadata.name, info.cause);
      }
      for (const l of this.listeners) l.nodesDown?.(ln, info.cause);
      for (const n of ln) {
        this.shutdownPods(n, info.cause);
        this.lifecycle.failNode(n);
      }
      this.ctx.sim.after(duration(), Phase.Arrival, () => {
        this.recover(ln);
        for (const n of ln) {
          const node = this.node(n);
          if (!node) continue;
          const labels = node.metadata.labels ?? {};
          delete labels[GKE.scheduledMaintenanceTime];
          delete labels[GKE.scheduledMaintenanceTimeLatest];
          delete labels[GKE.activeNodeMaintenance];
          node.spec.taints = (node.spec.taints ?? []).filter((t) => t.key !== GKE.impendingNodeTermination);
          this.ctx.store.update(node);
        }
      });
    });
    return names;
  }

  /**
   * Spot (preemptible) reclaim: the impending-termination taint and a graceful node shutdown at the notice
   * (DisruptionTarget/TerminationByKubelet), the VM gone `notice` later (the Node deleted), a new node created
   * `recoverAfter` after that (undefined: never).
   */
  spotReclaim(nodeNames: readonly string[], info: FaultInfo, notice: number, recoverAfter?: number): string[] {
    const nodes = this.upNodes(this.withSlices(nodeNames));
    if (nodes.length === 0) return [];
    const names = nodes.map((n) => n.metadata.name);
    this.record('spot', info, names);
    for (const node of nodes) {
      addTaint(node, { key: GKE.impendingNodeTermination, effect: 'NoSchedule' });
      this.ctx.store.update(node);
      this.down.set(node.metadata.name, info.cause);
    }
    for (const l of this.listeners) l.nodesDown?.(names, info.cause);
    for (const n of names) {
      this.shutdownPods(n, info.cause);
      this.kubelet.nodeDown(n);
    }
    this.replace(names, notice, recoverAfter === undefined ? undefined : notice + recoverAfter);
    return names;
  }

  /** The pods on a node that shuts down gracefully: DisruptionTarget/TerminationByKubelet, then Failed. */
  private shutdownPods(node: string, cause: string): void {
    for (const pod of [...this.ctx.store.podsOn(node)]) {
      if (podIsTerminal(pod)) continue;
      this.podCause.set(pod.metadata.uid, cause);
      this.kubelet.disrupt(pod, 'DisruptionTarget', 'TerminationByKubelet', DISRUPTION_MESSAGES.TerminationByKubelet!);
    }
  }

  /** Deletes the nodes after `deleteAfter` and creates them anew after `createAfter` (never when undefined). */
  private replace(names: string[], deleteAfter: number, createAfter: number | undefined): void {
    const sim = this.ctx.sim;
    const deletedAt = sim.now + deleteAfter;
    sim.at(deletedAt, Phase.Arrival, () => {
      for (const n of names) {
        const node = this.node(n);
        if (node) this.ctx.store.delete(node);
      }
    });
    if (createAfter === undefined) return;
    // After PodGC has removed the old node's pods, so nothing of the old node is left bound to the name.
    const createAt = Math.max(sim.now + createAfter, deletedAt + this.ctx.lat.podGC + 1);
    this.pendingCreates += names.length;
    sim.at(createAt, Phase.Timer, () => {
      this.pendingCreates -= names.length;
      this.recreate(names);
    });
  }

  private recreate(names: string[]): void {
    for (const n of names) {
      this.down.delete(n);
      const pool = this.poolOf(n);
      const template = pool?.templates.find((t) => t.metadata.name === n);
      if (!pool || !template || this.node(n)) continue; // the pool was removed meanwhile
      this.ctx.store.create<Node>(clonePlain(template));
      this.kubelet.nodeUp(n);
      this.ctx.log.emit('NodeRecovered', { node: n, replaced: true });
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Pods

  /** The Eviction API (or the taint manager, PodGC, preemption): the condition, then a graceful deletion. */
  evict(pod: Pod, reason: string, condition = 'DisruptionTarget'): void {
    setPodCondition(pod, {
      type: condition,
      status: 'True',
      reason,
      message: DISRUPTION_MESSAGES[reason] ?? reason,
      lastTransitionTime: this.ctx.sim.now / 1e6,
    });
    this.ctx.store.updateStatus(pod);
    this.ctx.store.delete(pod);
  }

  /** An application error: the main container exits with `exitCode` (the kubelet restarts it or fails the pod). */
  failContainer(pod: Pod, exitCode: number, cause: string): boolean {
    // Set first: watchers see the failure while failContainer runs.
    this.podCause.set(pod.metadata.uid, cause);
    if (this.kubelet.failContainer(pod, exitCode)) return true;
    this.podCause.delete(pod.metadata.uid);
    return false;
  }

  /** A disruption of one pod (Script failPod with a condition): in place for the kubelet, else evicted. */
  disruptPod(pod: Pod, condition: string, reason: string, cause: string): void {
    this.podCause.set(pod.metadata.uid, cause);
    if (reason === 'TerminationByKubelet') {
      this.kubelet.disrupt(pod, condition, reason, DISRUPTION_MESSAGES[reason]!);
      return;
    }
    this.evict(pod, reason, condition);
  }

  /** What ended a pod: the fault or application failure that hit it, else its DisruptionTarget reason. */
  causeOf(pod: Pod): string | undefined {
    const own = this.podCause.get(pod.metadata.uid);
    if (own) return own;
    const node = pod.spec.nodeName;
    const onNode = node ? this.down.get(node) : undefined;
    if (onNode) return onNode;
    return pod.status.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True')?.reason;
  }

  forgetPod(uid: string): void {
    this.podCause.delete(uid);
  }

  // ------------------------------------------------------------------------------------------------------------

  private record(kind: FaultKind, info: FaultInfo, nodes: string[], extra: Record<string, unknown> = {}): void {
    const s = this.stats;
    s.total++;
    s.byKind[kind] = (s.byKind[kind] ?? 0) + 1;
    s.byCause[info.cause] = (s.byCause[info.cause] ?? 0) + 1;
    const cat = info.category ?? info.cause;
    s.byCategory[cat] = (s.byCategory[cat] ?? 0) + 1;
    const pools = [...new Set(nodes.map((n) => this.poolOf(n)?.name ?? ''))];
    this.ctx.log.emit('Fault', {
      fault: kind,
      cause: info.cause,
      source: info.source,
      nodePools: pools,
      nodes,
      ...extra,
    });
  }

  private node(name: string): Node | undefined {
    return this.ctx.store.get<Node>('Node', undefined, name);
  }

  private liveNodes(names: readonly string[]): Node[] {
    const out: Node[] = [];
    for (const n of names) {
      const node = this.node(n);
      if (node) out.push(node);
    }
    return out;
  }

  private upNodes(names: readonly string[]): Node[] {
    return this.liveNodes(names).filter((n) => !this.down.has(n.metadata.name));
  }

  poolOf(node: string): PoolInfo | undefined {
    const n = this.node(node);
    const label = n?.metadata.labels?.[NODEPOOL_LABEL];
    if (label) return this.pools.get(label);
    const i = node.lastIndexOf('-node-');
    return i > 0 ? this.pools.get(node.slice(0, i)) : undefined;
  }

  /** Nodes of multi-host slices extend to every node of their slice. */
  private withSlices(names: readonly string[]): string[] {
    const out = new Set<string>();
    for (const n of names) {
      const pool = this.poolOf(n);
      if (pool?.multiHost) for (const t of pool.templates) out.add(t.metadata.name ?? '');
      else out.add(n);
    }
    return [...out];
  }

  private isSlice(names: readonly string[]): boolean {
    return names.some((n) => this.poolOf(n)?.multiHost);
  }
}

function addTaint(node: Node, t: Taint): void {
  const taints = (node.spec.taints ??= []);
  if (!taints.some((x) => x.key === t.key && x.effect === t.effect)) taints.push(t);
}

function poolInfo(p: ExpandedPool): PoolInfo {
  const alloc = p.nodes[0]?.status.allocatable ?? {};
  let devices = 0;
  for (const r of DEVICE_RESOURCES) if (alloc[r] !== undefined) devices += Number(alloc[r]);
  return {
    name: p.name,
    poolDoc: p.poolDoc,
    multiHost: p.multiHost,
    // The expanded nodes themselves: addNodePool gives the store clones of them.
    templates: p.nodes,
    devices,
  };
}
