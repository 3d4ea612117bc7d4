// domain-packing (spec/scheduler.md §7.5, FGD at domain level for whole-host TPU and GPU shapes): a free host is
// stranded when its node pool has fewer free hosts than the smallest other gang waiting in the queue. Place the pod
// where the fewest hosts become stranded: on an already used host if possible, else in the pool with the fewest
// free hosts whose leftover is not stranded. The gang stays next to its placed members first.
import { DomainIndex } from '../domains.js';
import type { NodeInfo } from '../node-info.js';
import { FINEST_LEVEL, nearGang } from './topology.js';
import type { PlacementPolicy } from './types.js';

export const domainPackingPolicy: PlacementPolicy = {
  name: 'domain-packing',
  summary: 'strand the fewest free hosts in node pools too small for the gangs waiting in the queue',
  walk: 'all',
  fit: 'MostAllocated',
  select(_pod, all, ctx) {
    if (all.length === 1) return all[0]!;
    const feasible = nearGang(all, ctx.gang());
    const needs = ctx.pendingGangSizes();
    const minNeed = needs.length ? Math.min(...needs) : 1;
    const stranded = (free: number) => (free > 0 && free < minNeed ? free : 0);
    const freeHosts = (info: NodeInfo) => {
      const v = DomainIndex.valueOf(info, FINEST_LEVEL);
      const d = v === undefined ? undefined : ctx.domains.get(FINEST_LEVEL, v);
      return d ? d.nodes - d.used : info.pods.size === 0 ? 1 : 0;
    };
    let best = feasible[0]!;
    let bestKey: number[] | undefined;
    for (const f of feasible) {
      const free = freeHosts(f);
      const empty = f.pods.size === 0;
      const after = empty ? free - 1 : free;
      // Lexicographic: stranded growth, then an empty host last, then the pool with the fewest free hosts,
      // then the node the pod fills most; the walk order breaks what is left.
      const key = [stranded(after) - stranded(free), empty ? 1 : 0, free, -ctx.scorer.fit(f)];
      if (!bestKey || lexLess(key, bestKey)) {
        best = f;
        bestKey = key;
      }
    }
    return best;
  },
};

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
