// random-feasible: any node that passes the filters, uniformly; every node is examined. A lower bound.
import type { PlacementPolicy } from './types.js';

export const randomPolicy: PlacementPolicy = {
  name: 'random',
  summary: 'a uniformly random feasible node (every node examined)',
  walk: 'all',
  fit: 'LeastAllocated',
  select: (_pod, feasible, ctx) => (feasible.length === 1 ? feasible[0]! : feasible[ctx.rng.int(feasible.length)]!),
};
