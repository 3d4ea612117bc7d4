// The scheduler's PostFilter: DefaultPreemption's dry run (preemption.ts) over the scheduler's nodes after a cycle
// found no feasible node: the candidate nodes, the victims on each, the chosen node nominated and its victims deleted.
import type { Pod } from '../api/core.js';
import { namespacedName } from '../api/meta.js';
import type { ControllerContext } from '../controllers/context.js';
import type { Rng } from '../engine/random.js';
import { type FilterPlugin, nodeUnschedulable, requestAboveAllocatable } from './filters.js';
import { allocateGpuId, GPU_INDEX, gpuShareRequestOf, modelAccessible, parseGpuIndex } from './gpu-share.js';
import { type NodeInfo, requestListOf, requestsOf } from './node-info.js';
import {
  calculateNumCandidates,
  isUnresolvable,
  nominatedNodeHasTerminatingVictim,
  type PreemptionCandidate,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  podPriority,
  selectVictimsOnNode,
} from './preemption.js';
import type { RejectedNodes } from './rejected-nodes.js';

/** One per scheduler: it reads the scheduler's nodes and placed priorities, which the scheduler keeps up to date. */
export class PostFilterPreemption {
  constructor(
    private readonly ctx: ControllerContext,
    /** The scheduler's stream: the candidate offset is drawn from it, in cycle order. */
    private readonly rng: Rng,
    private readonly stats: { preemptions: number },
    private readonly nodes: ReadonlyMap<string, NodeInfo>,
    /** Placed pods by priority (count per priority). */
    private readonly placedPriorities: ReadonlyMap<number, number>,
    private readonly filters: readonly FilterPlugin[],
    /** The number of nodes in the walk order (read only when there are candidate nodes). */
    private readonly nodeCount: () => number,
  ) {}

  /**
   * PostFilter, DefaultPreemption: among the nodes whose rejection is resolvable (from a random offset, at most
   * max(10% of nodes, 100)), find the victims of lower priority whose removal lets the pod fit, pick the node by
   * upstream's tie-break chain, nominate it and delete the victims gracefully with DisruptionTarget. The dry run
   * checks the static filters, cordon and resources (not inter-pod affinity or spread), and nominated pods are not
   * reserved for their preemptor: named simplifications of this model.
   */
  preempt(pod: Pod, rejected: RejectedNodes): void {
    const nominated = pod.status.nominatedNodeName;
    const nominatedInfo = nominated ? this.nodes.get(nominated) : undefined;
    const terminating = nominatedInfo ? nominatedNodeHasTerminatingVictim(pod, [...nominatedInfo.pods]) : false;
    if (!podEligibleToPreemptOthers(pod, terminating)) return;
    // The cycle's rejected nodes in visit order (each once), read only by an eligible preemptor.
    const candidates: NodeInfo[] = [];
    for (let i = 0; i < rejected.length; i++) {
      const reason = rejected.reasonAt(i);
      const info = rejected.nodeAt(i);
      // fitsAllocatable decides only an Insufficient reason (isUnresolvable): asked only for one.
      const aboveAllocatable = reason.startsWith('Insufficient ') && requestAboveAllocatable(pod, info);
      if (!isUnresolvable(reason, aboveAllocatable)) candidates.push(info);
    }
    if (candidates.length === 0) return;
    const limit = calculateNumCandidates(this.nodeCount());
    const offset = this.rng.int(candidates.length);
    // SelectVictimsOnNode finds no potential victim on any node when no placed pod has a lower priority: the dry run
    // would only copy each candidate's pods to come back empty (after the same offset draw).
    if (!this.anyPlacedBelow(podPriority(pod))) return;
    const found: (PreemptionCandidate & { info: NodeInfo })[] = [];
    for (let k = 0; k < candidates.length && found.length < limit; k++) {
      const info = candidates[(offset + k) % candidates.length]!;
      const pods: Pod[] = [];
      for (const p of info.pods) if (p.metadata.deletionTimestamp === undefined) pods.push(p);
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

  private anyPlacedBelow(priority: number): boolean {
    for (const p of this.placedPriorities.keys()) if (p < priority) return true;
    return false;
  }

  /** The preemption dry run's fit: static filters, cordon, pod count and resources with only `rest` on the node. */
  private fitsWith(pod: Pod, info: NodeInfo, rest: readonly Pod[]): boolean {
    if (nodeUnschedulable.filter(pod, info, {})) return false;
    for (const f of this.filters) if (f.static && f.filter(pod, info, {})) return false;
    const podsCap = info.allocatable.get('pods');
    if (podsCap !== undefined && (rest.length + 1) * 1000 > podsCap) return false;
    const { keys, values } = requestListOf(pod);
    for (let i = 0; i < keys.length; i++) {
      const want = values[i]!;
      if (want === 0) continue;
      const r = keys[i]!;
      let used = 0;
      for (const p of rest) used += requestsOf(p).get(r) ?? 0;
      if ((info.allocatable.get(r) ?? 0) - used < want) return false;
    }
    const share = gpuShareRequestOf(pod);
    if (share) {
      const g = info.gpu;
      if (!g || !modelAccessible(g.model, share.model)) return false;
      const free = new Int32Array(g.free.length).fill(1000);
      for (const p of rest) {
        const q = gpuShareRequestOf(p)?.milli ?? 0;
        for (const d of g.assigned.get(p) ?? []) free[d]! -= q;
      }
      if (!allocateGpuId(free, share, parseGpuIndex(pod.metadata.annotations?.[GPU_INDEX]))) return false;
    }
    return true;
  }
}
