// Helpers of the topology-aware policies: keep a gang near its placed members, count how many copies of a pod
// each domain can still take, and pick the tightest node.
import type { Pod } from '../../api/core.js';
import { DomainIndex, TOPOLOGY_LEVELS } from '../domains.js';
import { type NodeInfo, requestsOf } from '../node-info.js';
import type { GangView, PodScorer } from './types.js';

export const FINEST_LEVEL = TOPOLOGY_LEVELS.length - 1;

/**
 * The feasible nodes sharing the finest possible domain with the gang's placed members (node pool, then
 * sub-block, block, zone); all of them when no member is placed or none shares any domain.
 */
export function nearGang(feasible: readonly NodeInfo[], gang: GangView | undefined): readonly NodeInfo[] {
  if (!gang || gang.nodes.length === 0) return feasible;
  for (let l = FINEST_LEVEL; l >= 0; l--) {
    const values = new Set<string>();
    for (const m of gang.nodes) {
      const v = DomainIndex.valueOf(m, l);
      if (v !== undefined) values.add(v);
    }
    if (values.size === 0) continue;
    const near = feasible.filter((f) => {
      const v = DomainIndex.valueOf(f, l);
      return v !== undefined && values.has(v);
    });
    if (near.length > 0) return near;
  }
  return feasible;
}

/** How many more copies of the pod the node takes by its requests and pod count. */
export function slots(pod: Pod, info: NodeInfo): number {
  let n = Number.POSITIVE_INFINITY;
  const podsCap = info.allocatable.get('pods');
  if (podsCap !== undefined) n = Math.floor((podsCap - info.pods.size * 1000) / 1000);
  for (const [r, want] of requestsOf(pod)) {
    if (want > 0) n = Math.min(n, Math.floor(info.free(r) / want));
  }
  return n === Number.POSITIVE_INFINITY ? 1 : Math.max(0, n);
}

/** Per domain value at `level`: the summed slots of its feasible nodes. Nodes without the label are left out. */
export function domainSlots(pod: Pod, feasible: readonly NodeInfo[], level: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of feasible) {
    const v = DomainIndex.valueOf(f, level);
    if (v !== undefined) m.set(v, (m.get(v) ?? 0) + slots(pod, f));
  }
  return m;
}

/** The node the pod fills most (highest MostAllocated-style fit score), the first in walk order on ties. */
export function tightest(feasible: readonly NodeInfo[], scorer: PodScorer): NodeInfo {
  let best = feasible[0]!;
  let bestScore = scorer.fit(best);
  for (let i = 1; i < feasible.length; i++) {
    const s = scorer.fit(feasible[i]!);
    if (s > bestScore) {
      best = feasible[i]!;
      bestScore = s;
    }
  }
  return best;
}
