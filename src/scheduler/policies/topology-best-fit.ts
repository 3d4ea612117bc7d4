// topology-best-fit (gang level; spec/scheduler.md §7.5, Kueue-TAS-like): keep the gang next to its placed
// members; otherwise take the smallest domain whose feasible capacity still holds the whole remaining gang,
// trying node pools first, then sub-blocks, blocks and zones; ties go to the domain whose parent is tighter.
// When nothing holds it, the node pool with the most room. Within the domain, the node the pod fills most.

import type { Pod } from '../../api/core.js';
import { DomainIndex } from '../domains.js';
import type { NodeInfo } from '../node-info.js';
import { domainSlots, FINEST_LEVEL, nearGang, tightest } from './topology.js';
import type { PlacementPolicy } from './types.js';

/** No domain holds the whole gang: start it in the node pool with the most room, so most of it stays together. */
function largestPool(pod: Pod, feasible: readonly NodeInfo[]): readonly NodeInfo[] {
  const counts = domainSlots(pod, feasible, FINEST_LEVEL);
  let best: string | undefined;
  let most = 0;
  for (const f of feasible) {
    const v = DomainIndex.valueOf(f, FINEST_LEVEL);
    const s = v === undefined ? 0 : counts.get(v)!;
    if (s > most) {
      best = v;
      most = s;
    }
  }
  return best === undefined ? feasible : feasible.filter((f) => DomainIndex.valueOf(f, FINEST_LEVEL) === best);
}

export const topologyBestFitPolicy: PlacementPolicy = {
  name: 'topology-best-fit',
  summary: 'the smallest topology domain that fits the remaining gang, tie-broken by the tighter parent',
  walk: 'all',
  fit: 'MostAllocated',
  select(pod, all, ctx) {
    if (all.length === 1) return all[0]!;
    const gang = ctx.gang();
    let feasible = nearGang(all, gang);
    if (feasible === all) {
      const need = gang?.remaining ?? 1;
      for (let l = FINEST_LEVEL; l >= 0; l--) {
        const counts = domainSlots(pod, feasible, l);
        const parents = l > 0 ? domainSlots(pod, feasible, l - 1) : undefined;
        const parentOf = (info: NodeInfo) => {
          const v = l > 0 ? DomainIndex.valueOf(info, l - 1) : undefined;
          return v === undefined ? Number.POSITIVE_INFINITY : (parents?.get(v) ?? Number.POSITIVE_INFINITY);
        };
        let best: string | undefined;
        let bestSlots = Number.POSITIVE_INFINITY;
        let bestParent = Number.POSITIVE_INFINITY;
        for (const f of feasible) {
          const v = DomainIndex.valueOf(f, l);
          if (v === undefined || v === best) continue;
          const s = counts.get(v)!;
          if (s < need) continue;
          const p = parentOf(f);
          if (s < bestSlots || (s === bestSlots && p < bestParent)) {
            best = v;
            bestSlots = s;
            bestParent = p;
          }
        }
        if (best !== undefined) {
          const chosen = best;
          feasible = feasible.filter((f) => DomainIndex.valueOf(f, l) === chosen);
          break;
        }
        if (l === 0) feasible = largestPool(pod, feasible);
      }
    }
    return tightest(feasible, ctx.scorer);
  },
};
