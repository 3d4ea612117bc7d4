// The two PodScorer implementations the policies see: through the pod shape's cache (speed mode) or straight from
// the plugin functions (fidelity mode). One instance per scheduler, pointed at the pod of the current cycle, so a
// cycle allocates nothing for scoring.
import type { Pod } from '../api/core.js';
import type { Rng } from '../engine/random.js';
import type { NodeInfo } from './node-info.js';
import type { PodScorer } from './policies/types.js';
import {
  balancedAllocationScore,
  countIntolerablePreferNoScheduleTaints,
  DEFAULT_SCORE_WEIGHTS,
  leastAllocatedScore,
  mostAllocatedScore,
  nodeAffinityRawScore,
  type ResourceSpec,
} from './scores.js';
import type { ShapeEntry } from './shape-cache.js';

type Score = (pod: Pod, info: NodeInfo) => number;

/** NodeResourcesFit's score function for a strategy and scored resources. */
export function fitScore(strategy: 'LeastAllocated' | 'MostAllocated', resources: readonly ResourceSpec[]): Score {
  return strategy === 'MostAllocated'
    ? (p, i) => mostAllocatedScore(p, i, resources)
    : (p, i) => leastAllocatedScore(p, i, resources);
}

export const balancedScore: Score = (p, i) => balancedAllocationScore(p, i);

export class DirectScorer implements PodScorer {
  pod!: Pod;
  constructor(private readonly fitFn: Score) {}
  fit(info: NodeInfo): number {
    return this.fitFn(this.pod, info);
  }
  balanced(info: NodeInfo): number {
    return balancedScore(this.pod, info);
  }
  taintRaw(info: NodeInfo): number {
    return countIntolerablePreferNoScheduleTaints(info.node.spec.taints, this.pod.spec.tolerations);
  }
  affinityRaw(info: NodeInfo): number {
    return nodeAffinityRawScore(this.pod, info.node);
  }
}

export class CachedScorer implements PodScorer {
  pod!: Pod;
  entry!: ShapeEntry;
  constructor(private readonly fitFn: Score) {}
  fit(info: NodeInfo): number {
    return this.entry.fit(this.pod, info, this.fitFn);
  }
  balanced(info: NodeInfo): number {
    return this.entry.balanced(this.pod, info, balancedScore);
  }
  taintRaw(info: NodeInfo): number {
    return this.entry.taintRaw(this.pod, info);
  }
  affinityRaw(info: NodeInfo): number {
    return this.entry.affinityRaw(this.pod, info);
  }
  kubeSelectUniform(feasible: readonly NodeInfo[], rng: Rng, wFit: number, wBal: number): NodeInfo | undefined {
    return this.entry.kubeSelectUniform(this.pod, feasible, rng, wFit, wBal, this.fitFn, balancedScore);
  }
  /** ShapeEntry.walkSelect with this scorer's functions and the default weights. */
  walkSelect(
    nodes: readonly NodeInfo[],
    i0: number,
    want: number,
    reject: (info: NodeInfo, reason: string) => void,
    rng: Rng,
  ): number {
    const w = DEFAULT_SCORE_WEIGHTS;
    return this.entry.walkSelect(
      this.pod,
      nodes,
      i0,
      want,
      reject,
      rng,
      w.NodeResourcesFit!,
      w.NodeResourcesBalancedAllocation!,
      this.fitFn,
      balancedScore,
    );
  }
  /** The same over the entry's last walk (`nodes`: the scheduler's node order): a walk index, or -1. */
  selectWalked(nodes: readonly NodeInfo[], rng: Rng, wFit: number, wBal: number): number {
    return this.entry.selectWalked(this.pod, nodes, rng, wFit, wBal, this.fitFn, balancedScore);
  }
}
