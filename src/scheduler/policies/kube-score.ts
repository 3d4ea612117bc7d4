// kube-scheduler's host selection: the weighted sum of the default Score plugins (NodeResourcesFit,
// BalancedAllocation, TaintToleration, NodeAffinity at upstream weights and normalisation), highest total
// wins, ties broken uniformly by reservoir sampling as selectHost does upstream.
import type { NodeInfo } from '../node-info.js';
import { DEFAULT_SCORE_WEIGHTS, defaultNormalizeScore, MAX_NODE_SCORE } from '../scores.js';
import type { PolicyContext } from './types.js';

export function kubeSchedulerSelect(feasible: readonly NodeInfo[], ctx: PolicyContext): NodeInfo {
  if (feasible.length === 1) return feasible[0]!;
  const { scorer, rng } = ctx;
  const w = DEFAULT_SCORE_WEIGHTS;
  const extra = ctx.podScores(feasible);
  const fast = extra
    ? undefined
    : scorer.kubeSelectUniform?.(feasible, rng, w.NodeResourcesFit!, w.NodeResourcesBalancedAllocation!);
  if (fast) return fast;
  const n = feasible.length;
  const taintRaw = new Array<number>(n);
  const affRaw = new Array<number>(n);
  let maxTaint = 0;
  let maxAff = 0;
  for (let i = 0; i < n; i++) {
    const t = scorer.taintRaw(feasible[i]!);
    const a = scorer.affinityRaw(feasible[i]!);
    taintRaw[i] = t;
    affRaw[i] = a;
    if (t > maxTaint) maxTaint = t;
    if (a > maxAff) maxAff = a;
  }
  // DefaultNormalizeScore leaves all-zero scores as they are (reversed: all MaxNodeScore).
  const taint = maxTaint === 0 ? undefined : defaultNormalizeScore(MAX_NODE_SCORE, true, taintRaw);
  const aff = maxAff === 0 ? undefined : defaultNormalizeScore(MAX_NODE_SCORE, false, affRaw);
  const wFit = w.NodeResourcesFit!;
  const wBal = w.NodeResourcesBalancedAllocation!;
  const wTaint = w.TaintToleration!;
  const wAff = w.NodeAffinity!;
  let best = -1;
  let chosen = feasible[0]!;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const info = feasible[i]!;
    const score =
      wFit * scorer.fit(info) +
      wBal * scorer.balanced(info) +
      wTaint * (taint ? taint[i]! : MAX_NODE_SCORE) +
      wAff * (aff ? aff[i]! : 0) +
      (extra ? extra[i]! : 0);
    if (score > best) {
      best = score;
      chosen = info;
      ties = 1;
    } else if (score === best) {
      ties++;
      if (rng.tie(ties)) chosen = info;
    }
  }
  return chosen;
}
