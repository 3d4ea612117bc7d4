// What a placement policy is: how the scheduler walks the nodes for it, and how it picks one of the feasible
// nodes. Filters (feasibility) are the kube-scheduler's and are shared by every policy.
import type { Pod } from '../../api/core.js';
import type { Rng } from '../../engine/random.js';
import type { DomainIndex } from '../domains.js';
import type { GpuShareRequest } from '../gpu-share.js';
import type { WorkloadShape } from '../gpu-workload.js';
import type { NodeInfo } from '../node-info.js';
import type { ResourceSpec } from '../scores.js';

/** The pod's scores on one node, as the upstream Score plugins compute them (cached per shape in speed mode). */
export interface PodScorer {
  /** NodeResourcesFit with the policy's strategy and resources. */
  fit(info: NodeInfo): number;
  /** NodeResourcesBalancedAllocation. */
  balanced(info: NodeInfo): number;
  /** TaintToleration before normalisation: intolerable PreferNoSchedule taints. */
  taintRaw(info: NodeInfo): number;
  /** NodeAffinity before normalisation: the weights of the matching preferred terms. */
  affinityRaw(info: NodeInfo): number;
  /**
   * Speed mode only: kube-scheduler's selection when both normalised TaintToleration and NodeAffinity scores are
   * constant over the feasible nodes, from the shape's cached resource scores; undefined when they are not.
   */
  kubeSelectUniform?(feasible: readonly NodeInfo[], rng: Rng, wFit: number, wBal: number): NodeInfo | undefined;
}

/** The pod's gang: its Job, or its JobSet under `scheduler.gang: jobset`. */
export interface GangView {
  readonly key: string;
  /** Pods of the gang not yet assumed or bound, this one included. */
  readonly remaining: number;
  /** Nodes of the gang's members already assumed or bound. */
  readonly nodes: readonly NodeInfo[];
}

export interface PolicyContext {
  readonly rng: Rng;
  readonly scorer: PodScorer;
  readonly domains: DomainIndex;
  gang(): GangView | undefined;
  /**
   * The weighted InterPodAffinity (preferred terms) and PodTopologySpread (ScheduleAnyway) scores of the feasible
   * nodes, aligned with them, or undefined when both plugins skip (no such terms anywhere).
   */
  podScores(feasible: readonly NodeInfo[]): number[] | undefined;
  /** `remaining` of every other gang with pods in the scheduling queue. */
  pendingGangSizes(): number[];
  /** The scenario's pod shapes with their counts (FGD's target workload; gpu-workload.ts). */
  gpuWorkload(): readonly WorkloadShape[];
}

export interface PlacementPolicy {
  readonly name: string;
  /** One line for the README and `--help`. */
  readonly summary: string;
  /**
   * How the filter phase walks the nodes: `sample` = kube-scheduler's percentageOfNodesToScore window from a
   * rotating start; `all` = every node; `first` = from the first node until one fits.
   */
  readonly walk: 'sample' | 'all' | 'first';
  /** NodeResourcesFit scoring strategy behind `scorer.fit`. */
  readonly fit: 'LeastAllocated' | 'MostAllocated';
  /** Scored resources and weights unless `spec.scheduler.resources` overrides them; default cpu 1, memory 1. */
  readonly resources?: readonly ResourceSpec[];
  select(pod: Pod, feasible: readonly NodeInfo[], ctx: PolicyContext): NodeInfo;
  /**
   * True when `select` is exactly kubeSchedulerSelect (kube-score.ts): speed mode may then pick the node straight
   * from the pod shape's cache without building the feasible list, with the same result and tie draws.
   */
  readonly kubeScore?: boolean;
  /**
   * Open-Gpu-Share's device selection at Reserve (`-gpusel`) for a GPU-share pod on the chosen GPU node; absent =
   * `best` (the tightest device; gpu-node-view.ts reserveDevices).
   */
  devices?(pod: Pod, req: GpuShareRequest, info: NodeInfo, ctx: PolicyContext): number[] | undefined;
}
