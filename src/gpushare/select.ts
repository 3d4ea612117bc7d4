// Node selection (spec/fgd.md §3.3): filter, score every feasible node, take the max; ties go to the
// lexicographically smallest node name (the study's patched selectHost), not to a random pick.
import type { IntSource } from './devices.js';
import { feasible } from './filter.js';
import type { GpuNode, GpuPod } from './model.js';
import { normalizeScores, type Policy, score } from './policies.js';
import type { TargetWorkload } from './workload.js';

export interface SelectContext {
  workload?: TargetWorkload;
  /** Random's pre-score draw `Intn(#feasible)` (and nothing else here). */
  rng?: IntSource;
  /** F_n(M) per node, parallel to `nodes`, when the caller caches it (`fgd`). */
  fragments?: ArrayLike<number>;
}

/**
 * The node the policy places the pod on, as an index into `nodes`, or −1 when no node is feasible. Random draws
 * `Intn(#feasible)` over the feasible nodes in the given order (none when only one node is feasible, as the
 * scheduler then skips scoring); every other policy takes the highest score, ties to the smallest name.
 */
export function selectNode(policy: Policy, pod: GpuPod, nodes: readonly GpuNode[], ctx: SelectContext = {}): number {
  const cand: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (feasible(pod, nodes[i]!)) cand.push(i);
  if (cand.length <= 1) return cand.length === 1 ? cand[0]! : -1;
  if (policy === 'random') {
    if (!ctx.rng) throw new Error('selectNode: policy "random" needs ctx.rng');
    return cand[ctx.rng.intn(cand.length)]!;
  }
  const scores = cand.map((i) =>
    score(policy, pod, nodes[i]!, { workload: ctx.workload, fragNow: ctx.fragments?.[i] }),
  );
  if (policy === 'best-fit') normalizeScores(scores);
  let best = -1;
  for (let j = 0; j < cand.length; j++) {
    if (
      best === -1 ||
      scores[j]! > scores[best]! ||
      (scores[j] === scores[best] && nodes[cand[j]!]!.name < nodes[cand[best]!]!.name)
    )
      best = j;
  }
  return cand[best]!;
}
