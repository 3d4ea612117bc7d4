// k8s-default: kube-scheduler's default profile (LeastAllocated + BalancedAllocation + TaintToleration +
// NodeAffinity) over the percentageOfNodesToScore sample, random ties. It spreads, and so fragments.
import { kubeSchedulerSelect } from './kube-score.js';
import type { PlacementPolicy } from './types.js';

export const defaultPolicy: PlacementPolicy = {
  name: 'default',
  summary: "kube-scheduler's default profile: LeastAllocated + BalancedAllocation, sampled nodes, random ties",
  walk: 'sample',
  fit: 'LeastAllocated',
  select: (_pod, feasible, ctx) => kubeSchedulerSelect(feasible, ctx),
  kubeScore: true,
};
