// Preemption target selection (spec §3.1–§3.3, §3.6), mirroring kueue ff69552e pkg/scheduler/preemption:
// preemption.go (getTargets), preemption_oracle.go (SimulatePreemption). The parts live in their own modules:
// preemption-types.ts (inputs and outputs), preemption-policy.ts (policy and candidate order),
// preemption-message.ts, preemption-simulation.ts (the shared simulation on the tree), preemption-candidates.ts and
// preemption-classical.ts (classic preemption), preemption-fair-sharing.ts (Fair Sharing); this module re-exports
// what callers import.
//
// Inputs are plain data: a QuotaTree snapshot whose usage already includes every admitted workload, the admitted
// workloads with the fields preemption reads, and the preemptor with the usage of its assignment. The tree is
// modified while candidates are simulated and restored before returning, as upstream does with its snapshot.
// TAS placement is not modelled here: `fits` lets a caller add that check.

import { AdmittedIndex } from './admitted-index.js';
import { borrowWithinCohortForbidden, classicalPreemptions } from './preemption-classical.js';
import { type FsCtx, fairPreemptions } from './preemption-fair-sharing.js';
import { entries, removeWorkload, restoreSnapshot, type Target } from './preemption-simulation.js';
import type { AdmittedWorkload, PreemptionInput, PreemptionTarget } from './preemption-types.js';
import type { FlavorResource, FlavorResourceAmounts, NodeRef } from './quota.js';

export { DEFAULT_STRATEGIES, lessThanInitialShare, lessThanOrEqualToFinalShare } from './preemption-fair-sharing.js';
export { clusterQueuePath, preemptionMessage, targetMessage } from './preemption-message.js';
export { candidatesOrdering, satisfiesPreemptionPolicy } from './preemption-policy.js';
export { workloadUsesResources } from './preemption-simulation.js';
export type {
  AdmittedWorkload,
  FairSharingPreemptionConfig,
  FairSharingStrategy,
  PreemptionInput,
  PreemptionTarget,
  PreemptionWorkload,
  PreemptorWorkload,
} from './preemption-types.js';

function buildCtx(
  input: Omit<PreemptionInput, 'frsNeedPreemption'>,
  requests: FlavorResourceAmounts,
  frs: Iterable<FlavorResource>,
): FsCtx {
  const cq = input.tree.clusterQueue(input.preemptor.clusterQueue);
  if (!cq) throw new Error(`unknown ClusterQueue "${input.preemptor.clusterQueue}"`);
  const preemption = input.preemption ?? {};
  const { forbidden, threshold } = borrowWithinCohortForbidden(preemption);
  const frSet = new Set(frs);
  return {
    tree: input.tree,
    preemptor: input.preemptor,
    cq,
    preemption,
    borrowForbidden: forbidden,
    borrowThreshold: threshold,
    requestList: entries(requests),
    frList: [...frSet],
    frs: frSet,
    requests,
    index: input.index && !input.admissionFairSharing ? input.index : AdmittedIndex.of(input.admitted ?? []),
    now: input.now,
    afs: input.admissionFairSharing ?? false,
    extraFits: input.fits,
    removed: new Set(),
    weights: input.fairSharing?.weights,
  };
}

function runTargets(ctx: FsCtx, input: Pick<PreemptionInput, 'fairSharing'>): Target[] {
  return input.fairSharing ? fairPreemptions(ctx, input.fairSharing) : classicalPreemptions(ctx);
}

/**
 * GetTargets: the workloads to evict so that the preemptor fits, with the Preempted reason of each; empty when no
 * set of allowed candidates makes it fit. Classic preemption without `fairSharing`, Fair Sharing strategies with it.
 */
export function getTargets<W extends AdmittedWorkload>(
  input: PreemptionInput & ({ admitted: readonly W[] } | { index: AdmittedIndex<W> }),
): PreemptionTarget<W>[] {
  const ctx = buildCtx(input, input.preemptor.usage, input.frsNeedPreemption);
  return runTargets(ctx, input) as PreemptionTarget<W>[];
}

export type PreemptionPossibility = 'NoCandidates' | 'Preempt' | 'Reclaim';

/**
 * PreemptionOracle.SimulatePreemption: the flavor assigner's dry run for one FlavorResource and amount.
 * NoCandidates, Preempt (some target in the preemptor's ClusterQueue) or Reclaim (all targets elsewhere), with the
 * borrowing height (FindHeightOfLowestSubtreeThatFits) after the removals (or without any when no candidates).
 */
export function simulatePreemption(
  input: Omit<PreemptionInput, 'frsNeedPreemption'>,
  fr: FlavorResource,
  quantity: number,
): { possibility: PreemptionPossibility; borrow: number } {
  const { possibility, borrow } = simulatePreemptionWithTargets(input, fr, quantity);
  return { possibility, borrow };
}

/** simulatePreemption, with the targets the search found (what getTargets answers for the same single request). */
export function simulatePreemptionWithTargets(
  input: Omit<PreemptionInput, 'frsNeedPreemption'>,
  fr: FlavorResource,
  quantity: number,
): { possibility: PreemptionPossibility; borrow: number; targets: PreemptionTarget[] } {
  const requests = new Map([[fr, quantity]]);
  const ctx = buildCtx(input, requests, [fr]);
  const targets = runTargets(ctx, input);
  const cq: NodeRef = ctx.cq;
  if (targets.length === 0) {
    return {
      possibility: 'NoCandidates',
      borrow: input.tree.lowestSubtreeThatFits(cq, fr, quantity).height,
      targets,
    };
  }
  for (const t of targets) removeWorkload(ctx, t.workload);
  let borrow: number;
  try {
    borrow = input.tree.lowestSubtreeThatFits(cq, fr, quantity).height;
  } finally {
    restoreSnapshot(ctx, targets);
  }
  const preempt = targets.some((t) => t.workload.clusterQueue === ctx.cq.name);
  return { possibility: preempt ? 'Preempt' : 'Reclaim', borrow, targets };
}

/** Σ usage of the admitted workloads per ClusterQueue: the `usage` input of QuotaTree.build. */
export function usageByClusterQueue(
  admitted: readonly Pick<AdmittedWorkload, 'clusterQueue' | 'usage'>[],
): Map<string, Map<FlavorResource, number>> {
  const out = new Map<string, Map<FlavorResource, number>>();
  for (const w of admitted) {
    let m = out.get(w.clusterQueue);
    if (!m) out.set(w.clusterQueue, (m = new Map()));
    for (const [fr, v] of entries(w.usage)) m.set(fr, (m.get(fr) ?? 0) + v);
  }
  return out;
}
