// Fair Sharing preemption (kueue ff69552e pkg/scheduler/preemption/preemption.go fairPreemptions,
// runFirstFsStrategy, runSecondFsStrategy, findCandidates; fairsharing/ordering.go, target.go, strategy.go,
// least_common_ancestor.go): the target ClusterQueue ordering by dominant resource share and the two strategies.

import type { ReclaimWithinCohortPolicy, WithinClusterQueuePolicy } from './api.js';
import { compareDRS, type DRS, dominantResourceShare, type FairWeights, negativeDRS } from './fair-sharing.js';
import { candidatesOrdering, satisfiesPreemptionPolicy } from './preemption-policy.js';
import {
  type Ctx,
  fillBackWorkloads,
  removeWorkload,
  restoreSnapshot,
  type Target,
  workloadFits,
  workloadUsesResources,
} from './preemption-simulation.js';
import type { AdmittedWorkload, FairSharingPreemptionConfig, FairSharingStrategy } from './preemption-types.js';
import type { ClusterQueueNode, CohortNode, QuotaNode, QuotaTree } from './quota.js';

/** LessThanOrEqualToFinalShare (rule S2-a): preemptor's new share ≤ the target's share after the removal. */
export function lessThanOrEqualToFinalShare(
  preemptorNewShare: DRS,
  _targetOldShare: DRS,
  targetNewShare: DRS,
): boolean {
  return compareDRS(preemptorNewShare, targetNewShare) <= 0;
}

/** LessThanInitialShare (rule S2-b): preemptor's new share < the target's share before the removal. */
export function lessThanInitialShare(preemptorNewShare: DRS, targetOldShare: DRS, _targetNewShare?: DRS): boolean {
  return compareDRS(preemptorNewShare, targetOldShare) < 0;
}

const STRATEGIES: Record<FairSharingStrategy, (p: DRS, o: DRS, n: DRS) => boolean> = {
  LessThanOrEqualToFinalShare: lessThanOrEqualToFinalShare,
  LessThanInitialShare: lessThanInitialShare,
};

export interface FsCtx extends Ctx {
  readonly weights?: FairWeights;
}

function drsOf(ctx: FsCtx, node: QuotaNode): DRS {
  return dominantResourceShare(ctx.tree, node, ctx.weights);
}

/** TargetClusterQueueOrdering: which ClusterQueue to take the next candidate from. */
class TargetClusterQueueOrdering {
  private readonly preemptorAncestors: Set<CohortNode>;
  readonly clusterQueueToTarget = new Map<string, AdmittedWorkload[]>();
  private readonly prunedClusterQueues = new Set<ClusterQueueNode>();
  private readonly prunedCohorts = new Set<CohortNode>();

  constructor(
    private readonly ctx: FsCtx,
    candidates: readonly AdmittedWorkload[],
  ) {
    this.preemptorAncestors = new Set(ctx.tree.ancestors(ctx.cq));
    for (const c of candidates) {
      const l = this.clusterQueueToTarget.get(c.clusterQueue);
      if (l) l.push(c);
      else this.clusterQueueToTarget.set(c.clusterQueue, [c]);
    }
  }

  *iter(): Generator<TargetClusterQueue> {
    const preemptorCq = this.ctx.cq;
    if (!preemptorCq.parent) {
      const t = new TargetClusterQueue(this, preemptorCq);
      while (!this.prunedClusterQueues.has(preemptorCq) && t.hasWorkload()) yield t;
      return;
    }
    const root = this.ctx.tree.root(preemptorCq) as CohortNode;
    while (!this.prunedCohorts.has(root)) {
      const t = this.nextTarget(root);
      if (t) yield t;
    }
  }

  dropQueue(t: TargetClusterQueue): void {
    this.prunedClusterQueues.add(t.targetCq);
  }

  onPathFromRootToPreemptorCQ(cohort: CohortNode): boolean {
    return this.preemptorAncestors.has(cohort);
  }

  hasWorkload(cq: ClusterQueueNode): boolean {
    return (this.clusterQueueToTarget.get(cq.name)?.length ?? 0) > 0;
  }

  get preemptorCq(): ClusterQueueNode {
    return this.ctx.cq;
  }

  get fsCtx(): FsCtx {
    return this.ctx;
  }

  private nextTarget(cohort: CohortNode): TargetClusterQueue | undefined {
    const ctx = this.ctx;
    let highestCq: ClusterQueueNode | undefined;
    let highestCqDrs = negativeDRS();
    for (const cq of cohort.childClusterQueues) {
      if (this.prunedClusterQueues.has(cq)) continue;
      const drs = drsOf(ctx, cq);
      if ((!drs.borrowing && cq !== ctx.cq) || !this.hasWorkload(cq)) {
        this.prunedClusterQueues.add(cq);
        continue;
      }
      const c = compareDRS(drs, highestCqDrs);
      if (c === 0) {
        const newCand = this.clusterQueueToTarget.get(cq.name)![0]!;
        const curCand = this.clusterQueueToTarget.get(highestCq!.name)![0]!;
        if (candidatesOrdering(newCand, curCand, ctx.cq.name, ctx.now, false) < 0) highestCq = cq;
      } else if (c === 1) {
        highestCqDrs = drs;
        highestCq = cq;
      }
    }

    let highestCohort: CohortNode | undefined;
    let highestCohortDrs = negativeDRS();
    for (const child of cohort.childCohorts) {
      if (this.prunedCohorts.has(child)) continue;
      const drs = drsOf(ctx, child);
      if (!drs.borrowing && !this.onPathFromRootToPreemptorCQ(child)) {
        this.prunedCohorts.add(child);
      } else if (compareDRS(drs, highestCohortDrs) >= 0) {
        highestCohortDrs = drs;
        highestCohort = child;
      }
    }

    if (!highestCohort && !highestCq) {
      this.prunedCohorts.add(cohort);
      return undefined;
    }
    if (compareDRS(highestCohortDrs, highestCqDrs) >= 0) return this.nextTarget(highestCohort!);
    return new TargetClusterQueue(this, highestCq!);
  }
}

class TargetClusterQueue {
  constructor(
    private readonly ordering: TargetClusterQueueOrdering,
    readonly targetCq: ClusterQueueNode,
  ) {}

  inClusterQueuePreemption(): boolean {
    return this.targetCq === this.ordering.preemptorCq;
  }

  popWorkload(): AdmittedWorkload {
    return this.ordering.clusterQueueToTarget.get(this.targetCq.name)!.shift()!;
  }

  hasWorkload(): boolean {
    return this.ordering.hasWorkload(this.targetCq);
  }

  /** The preemptor's and the target's almost-LCA shares (PreemptorNewShare, TargetOldShare). */
  computeShares(): { preemptorNewShare: DRS; targetOldShare: DRS } {
    const [p, t] = this.almostLCAs();
    const ctx = this.ordering.fsCtx;
    return { preemptorNewShare: drsOf(ctx, p), targetOldShare: drsOf(ctx, t) };
  }

  /** The target's almost-LCA share with `wl` removed (usage removal is simulated through the whole path). */
  computeTargetShareAfterRemoval(wl: AdmittedWorkload): DRS {
    const ctx = this.ordering.fsCtx;
    ctx.tree.removeUsage(this.targetCq, wl.usage);
    try {
      const [, t] = this.almostLCAs();
      return drsOf(ctx, t);
    } finally {
      ctx.tree.addUsage(this.targetCq, wl.usage);
    }
  }

  private almostLCAs(): [QuotaNode, QuotaNode] {
    const tree = this.ordering.fsCtx.tree;
    let lca: CohortNode | undefined;
    for (const a of tree.ancestors(this.targetCq)) {
      if (this.ordering.onPathFromRootToPreemptorCQ(a)) {
        lca = a;
        break;
      }
    }
    if (!lca) throw new Error('could not find LeastCommonAncestor');
    return [almostLCA(tree, this.ordering.preemptorCq, lca), almostLCA(tree, this.targetCq, lca)];
  }
}

function almostLCA(tree: QuotaTree, cq: ClusterQueueNode, lca: CohortNode): QuotaNode {
  let a: QuotaNode = cq;
  for (const ancestor of tree.ancestors(cq)) {
    if (ancestor === lca) return a;
    a = ancestor;
  }
  throw new Error('could not find AlmostLeastCommonAncestor');
}

function cqIsBorrowing(ctx: Ctx, cq: ClusterQueueNode): boolean {
  if (!cq.parent) return false;
  for (const fr of ctx.frs) if (ctx.tree.borrowing(cq, fr)) return true;
  return false;
}

function findCandidatesForPolicy(
  ctx: Ctx,
  workloads: readonly AdmittedWorkload[],
  policy: WithinClusterQueuePolicy | ReclaimWithinCohortPolicy | undefined,
): AdmittedWorkload[] {
  return workloads.filter(
    (w) => satisfiesPreemptionPolicy(ctx.preemptor, w, policy) && workloadUsesResources(w, ctx.frs),
  );
}

/** findCandidates: same-ClusterQueue ones by withinClusterQueue, plus borrowing ClusterQueues of the whole tree. */
function findCandidates(ctx: Ctx): AdmittedWorkload[] {
  const out: AdmittedWorkload[] = [];
  const within = ctx.preemption.withinClusterQueue ?? 'Never';
  if (within !== 'Never') out.push(...findCandidatesForPolicy(ctx, ctx.index.workloads(ctx.cq.name), within));
  const reclaim = ctx.preemption.reclaimWithinCohort ?? 'Never';
  if (ctx.cq.parent && reclaim !== 'Never') {
    const root = ctx.tree.root(ctx.cq) as CohortNode;
    for (const other of ctx.tree.subtreeClusterQueues(root)) {
      if (other === ctx.cq || !cqIsBorrowing(ctx, other)) continue;
      out.push(...findCandidatesForPolicy(ctx, ctx.index.workloads(other.name), reclaim));
    }
  }
  return out;
}

/** workloadFitsForFairSharing: the preemptor's simulated usage is taken out for the fit check. */
function workloadFitsForFairSharing(ctx: Ctx): boolean {
  ctx.tree.removeUsage(ctx.cq, ctx.requests);
  try {
    return workloadFits(ctx, true);
  } finally {
    ctx.tree.addUsage(ctx.cq, ctx.requests);
  }
}

/** queueWithinNominalInResourcesNeedingPreemption: not borrowing on any FlavorResource needing preemption. */
function queueWithinNominal(ctx: Ctx): boolean {
  for (const fr of ctx.frs) if (ctx.tree.borrowing(ctx.cq, fr)) return false;
  return true;
}

/** fsStrategyUnsatisfiable: an infinite preemptor share cannot pass against a finite target share. */
function fsStrategyUnsatisfiable(preemptorNewShare: DRS, targetOldShare: DRS): boolean {
  const inf = (d: DRS) => d.fairWeight === 0 && d.unweightedRatio !== 0;
  return inf(preemptorNewShare) && !inf(targetOldShare);
}

function runFirstFsStrategy(
  ctx: FsCtx,
  candidates: readonly AdmittedWorkload[],
  strategy: (p: DRS, o: DRS, n: DRS) => boolean,
  preemptWithinNominal: boolean,
): { fits: boolean; targets: Target[]; retry: AdmittedWorkload[] } {
  const ordering = new TargetClusterQueueOrdering(ctx, candidates);
  const targets: Target[] = [];
  const retry: AdmittedWorkload[] = [];
  const preemptorWithinNominal = preemptWithinNominal && queueWithinNominal(ctx);
  for (const candCQ of ordering.iter()) {
    if (candCQ.inClusterQueuePreemption()) {
      const wl = candCQ.popWorkload();
      removeWorkload(ctx, wl);
      targets.push({ workload: wl, reason: 'InClusterQueue' });
      if (workloadFitsForFairSharing(ctx)) return { fits: true, targets, retry: [] };
      continue;
    }
    if (preemptorWithinNominal) {
      const wl = candCQ.popWorkload();
      removeWorkload(ctx, wl);
      targets.push({ workload: wl, reason: 'InCohortReclamation' });
      if (workloadFitsForFairSharing(ctx)) return { fits: true, targets, retry: [] };
      continue;
    }
    const { preemptorNewShare, targetOldShare } = candCQ.computeShares();
    if (fsStrategyUnsatisfiable(preemptorNewShare, targetOldShare)) {
      while (candCQ.hasWorkload()) retry.push(candCQ.popWorkload());
      continue;
    }
    while (candCQ.hasWorkload()) {
      const wl = candCQ.popWorkload();
      const targetNewShare = candCQ.computeTargetShareAfterRemoval(wl);
      if (strategy(preemptorNewShare, targetOldShare, targetNewShare)) {
        removeWorkload(ctx, wl);
        targets.push({ workload: wl, reason: 'InCohortFairSharing' });
        if (workloadFitsForFairSharing(ctx)) return { fits: true, targets, retry: [] };
        break;
      }
      retry.push(wl);
    }
  }
  return { fits: false, targets, retry };
}

function runSecondFsStrategy(
  ctx: FsCtx,
  retry: readonly AdmittedWorkload[],
  targets: Target[],
): { fits: boolean; targets: Target[] } {
  const ordering = new TargetClusterQueueOrdering(ctx, retry);
  for (const candCQ of ordering.iter()) {
    const { preemptorNewShare, targetOldShare } = candCQ.computeShares();
    const passed = lessThanInitialShare(preemptorNewShare, targetOldShare);
    const wl = candCQ.popWorkload();
    if (passed) {
      removeWorkload(ctx, wl);
      targets.push({ workload: wl, reason: 'InCohortFairSharing' });
      if (workloadFitsForFairSharing(ctx)) return { fits: true, targets };
    }
    ordering.dropQueue(candCQ);
  }
  return { fits: false, targets };
}

export function fairPreemptions(ctx: FsCtx, cfg: FairSharingPreemptionConfig): Target[] {
  const candidates = findCandidates(ctx);
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => candidatesOrdering(a, b, ctx.cq.name, ctx.now, ctx.afs));
  const names = cfg.strategies && cfg.strategies.length > 0 ? cfg.strategies : DEFAULT_STRATEGIES;
  const strategies = names.map((s) => STRATEGIES[s]);

  ctx.tree.addUsage(ctx.cq, ctx.requests);
  let result: { fits: boolean; targets: Target[] };
  try {
    const first = runFirstFsStrategy(ctx, candidates, strategies[0]!, cfg.preemptWithinNominal ?? true);
    result = first;
    if (!first.fits && strategies.length > 1) result = runSecondFsStrategy(ctx, first.retry, first.targets);
  } finally {
    ctx.tree.removeUsage(ctx.cq, ctx.requests);
  }
  if (!result.fits) {
    restoreSnapshot(ctx, result.targets);
    return [];
  }
  const targets = fillBackWorkloads(ctx, result.targets, true);
  restoreSnapshot(ctx, targets);
  return targets;
}

export const DEFAULT_STRATEGIES: readonly FairSharingStrategy[] = [
  'LessThanOrEqualToFinalShare',
  'LessThanInitialShare',
];
