// random-feasible: any node that passes the filters, uniformly; every node is examined. A lower bound. It is also
// the openb study's Random (random_score.go: one feasible node drawn uniformly, `-gpusel random`): a GPU-share pod
// takes a uniformly drawn device among those that fit.
import { reserveDevices } from '../gpu-node-view.js';
import type { PlacementPolicy } from './types.js';

export const randomPolicy: PlacementPolicy = {
  name: 'random',
  summary: 'a uniformly random feasible node (every node examined)',
  walk: 'all',
  fit: 'LeastAllocated',
  select: (_pod, feasible, ctx) => (feasible.length === 1 ? feasible[0]! : feasible[ctx.rng.int(feasible.length)]!),
  devices: (pod, req, info, ctx) => reserveDevices(pod, req, info, 'random', { rng: { intn: (n) => ctx.rng.int(n) } }),
};
