// The placement policies by name. Adding one: write a file exporting a PlacementPolicy (see types.ts and
// README "Adding a placement policy") and list it here; `spec.scheduler.policy` accepts its name at once.
import { bestFitPolicy } from './best-fit.js';
import { binpackPolicy } from './binpack.js';
import { defaultPolicy } from './default.js';
import { domainPackingPolicy } from './domain-packing.js';
import { dotProductPolicy } from './dot-product.js';
import { fgdPolicy } from './fgd.js';
import { firstFitPolicy } from './first-fit.js';
import { gpuClusteringPolicy } from './gpu-clustering.js';
import { gpuPackingPolicy } from './gpu-packing.js';
import { randomPolicy } from './random.js';
import { topologyBestFitPolicy } from './topology-best-fit.js';
import type { PlacementPolicy } from './types.js';

export const PLACEMENT_POLICIES: readonly PlacementPolicy[] = [
  defaultPolicy,
  binpackPolicy,
  randomPolicy,
  firstFitPolicy,
  topologyBestFitPolicy,
  domainPackingPolicy,
  dotProductPolicy,
  gpuClusteringPolicy,
  gpuPackingPolicy,
  bestFitPolicy,
  fgdPolicy,
];

export function policyNamed(name: string): PlacementPolicy {
  const p = PLACEMENT_POLICIES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown placement policy "${name}"`);
  return p;
}

export type { GangView, PlacementPolicy, PodScorer, PolicyContext } from './types.js';
