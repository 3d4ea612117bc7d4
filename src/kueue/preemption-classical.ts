// Classic preemption (kueue ff69552e pkg/scheduler/preemption/preemption.go classicalPreemptions): take candidates
// in order until the preemptor fits, first allowing borrowing or not as upstream decides, then fill back.

import type { ClusterQueuePreemption, PreemptedReason } from './api.js';
import { CandidateIterator, type Candidates, MergedCandidates, type Variant } from './preemption-candidates.js';
import {
  type Ctx,
  fillBackWorkloads,
  removeWorkload,
  restoreSnapshot,
  type Target,
  workloadFits,
} from './preemption-simulation.js';

function variantReason(v: Variant): PreemptedReason {
  switch (v) {
    case 'WithinCQ':
      return 'InClusterQueue';
    case 'ReclaimWhileBorrowing':
      return 'InCohortReclaimWhileBorrowing';
    default:
      return 'InCohortReclamation';
  }
}

export function borrowWithinCohortForbidden(p: ClusterQueuePreemption): { forbidden: boolean; threshold?: number } {
  const b = p.borrowWithinCohort;
  if (!b || b.policy === undefined || b.policy === 'Never') return { forbidden: true };
  return { forbidden: false, threshold: b.maxPriorityThreshold };
}

/** queueUnderNominalInResourcesNeedingPreemption: usage < nominal on every FlavorResource needing preemption. */
function queueUnderNominal(ctx: Ctx): boolean {
  for (const fr of ctx.frs) {
    if (ctx.tree.quota(ctx.cq, fr).nominal <= ctx.tree.usage(ctx.cq, fr)) return false;
  }
  return true;
}

export function classicalPreemptions(ctx: Ctx): Target[] {
  const forbidden = ctx.borrowForbidden;
  // Borrowing forbidden and the queue at or over nominal: one attempt that allows borrowing, whatever the
  // candidates, and it skips every ReclaimWithoutBorrowing one, which is what each priority candidate is then
  // (another ClusterQueue's, without the hierarchical advantage, borrowWithinCohort Never): those are not collected.
  const borrowOnly = forbidden && !queueUnderNominal(ctx);
  const candidates: Candidates = ctx.afs ? new CandidateIterator(ctx) : new MergedCandidates(ctx, !borrowOnly);
  let attempts: boolean[];
  if (borrowOnly || candidates.noCandidateFromOtherQueues) attempts = [true];
  else if (forbidden && candidates.noCandidateForHierarchicalReclaim) attempts = [false, true];
  else attempts = [true, false];

  for (const allowBorrowing of attempts) {
    let targets: Target[] = [];
    candidates.reset();
    for (let c = candidates.next(allowBorrowing); c; c = candidates.next(allowBorrowing)) {
      removeWorkload(ctx, c.wl);
      targets.push({ workload: c.wl, reason: variantReason(c.variant) });
      if (workloadFits(ctx, allowBorrowing)) {
        targets = fillBackWorkloads(ctx, targets, allowBorrowing);
        restoreSnapshot(ctx, targets);
        return targets;
      }
    }
    restoreSnapshot(ctx, targets);
  }
  return [];
}
