// k8s-binpack: the default profile with NodeResourcesFit's MostAllocated strategy, accelerators weighted 5
// against cpu and memory 1 (an extended resource the pod does not request is not scored, as upstream).
import { kubeSchedulerSelect } from './kube-score.js';
import type { PlacementPolicy } from './types.js';

export const binpackPolicy: PlacementPolicy = {
  name: 'binpack',
  summary: 'MostAllocated (cpu 1, memory 1, nvidia.com/gpu 5, google.com/tpu 5, amd.com/gpu 5), sampled nodes',
  walk: 'sample',
  fit: 'MostAllocated',
  resources: [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
    { name: 'nvidia.com/gpu', weight: 5 },
    { name: 'google.com/tpu', weight: 5 },
    { name: 'amd.com/gpu', weight: 5 },
  ],
  select: (_pod, feasible, ctx) => kubeSchedulerSelect(feasible, ctx),
  kubeScore: true,
};
