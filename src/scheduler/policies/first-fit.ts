// first-fit: the first feasible node in node order, no scoring; the deterministic packing reference.
import type { PlacementPolicy } from './types.js';

export const firstFitPolicy: PlacementPolicy = {
  name: 'first-fit',
  summary: 'the first feasible node in node order (deterministic packing reference)',
  walk: 'first',
  fit: 'MostAllocated',
  select: (_pod, feasible) => feasible[0]!,
};
