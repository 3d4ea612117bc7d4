// The simulation both target searches (classic and Fair Sharing) run on the quota tree: a search's context,
// taking candidates' usage out and putting it back, the preemptor's fit check and fillBackWorkloads (kueue ff69552e
// pkg/scheduler/preemption/preemption.go). Its own module so that both searches import it without a cycle.

import type { AdmittedIndex } from './admitted-index.js';
import type { ClusterQueuePreemption, PreemptedReason } from './api.js';
import type { AdmittedWorkload, PreemptionInput, PreemptionWorkload, PreemptorWorkload } from './preemption-types.js';
import type { ClusterQueueNode, FlavorResource, FlavorResourceAmounts, QuotaNode, QuotaTree } from './quota.js';

export function entries(u: FlavorResourceAmounts): [FlavorResource, number][] {
  return u instanceof Map ? [...u.entries()] : Object.entries(u as Record<FlavorResource, number>);
}

/** WorkloadUsesResources: the workload has an assignment (any amount) to one of the FlavorResources. */
export function workloadUsesResources(w: PreemptionWorkload, frs: ReadonlySet<FlavorResource>): boolean {
  const u = w.usage;
  if (u instanceof Map) {
    for (const fr of u.keys()) if (frs.has(fr)) return true;
    return false;
  }
  for (const fr in u) if (Object.hasOwn(u, fr) && frs.has(fr as FlavorResource)) return true;
  return false;
}

export interface Ctx {
  readonly tree: QuotaTree;
  readonly preemptor: PreemptorWorkload;
  readonly cq: ClusterQueueNode;
  readonly preemption: ClusterQueuePreemption;
  readonly frs: ReadonlySet<FlavorResource>;
  readonly requests: FlavorResourceAmounts;
  readonly index: AdmittedIndex;
  readonly now: number;
  readonly afs: boolean;
  readonly extraFits?: PreemptionInput['fits'];
  /** The admitted workloads whose usage is currently taken out of the tree (kept only for `extraFits`). */
  readonly removed: Set<AdmittedWorkload>;
  /** borrowWithinCohortForbidden of `preemption`, read once per search (it is asked for every candidate). */
  readonly borrowForbidden: boolean;
  readonly borrowThreshold: number | undefined;
  /** `frs` as a list (read for every candidate: no Set iterator). */
  readonly frList: readonly FlavorResource[];
  /** `requests` as a list, read after every removal. */
  readonly requestList: readonly (readonly [FlavorResource, number])[];
}

export function removeWorkload(ctx: Ctx, w: AdmittedWorkload): void {
  ctx.tree.removeUsage(w.clusterQueue, w.usage);
  if (ctx.extraFits) ctx.removed.add(w);
}

function addWorkload(ctx: Ctx, w: AdmittedWorkload): void {
  ctx.tree.addUsage(w.clusterQueue, w.usage);
  if (ctx.extraFits) ctx.removed.delete(w);
}

/** workloadFits: every requested amount ≤ Available and, without borrowing, within nominal; then `fits`. */
export function workloadFits(ctx: Ctx, allowBorrowing: boolean): boolean {
  // This runs after every candidate removed: a plain loop, nothing allocated.
  const tree = ctx.tree;
  const list = ctx.requestList;
  for (let i = 0; i < list.length; i++) {
    const [fr, v] = list[i]!;
    if (!allowBorrowing && tree.borrowingWith(ctx.cq, fr, v)) return false;
    if (v > tree.available(ctx.cq, fr)) return false;
  }
  return ctx.extraFits ? ctx.extraFits(tree, ctx.preemptor, ctx.removed) : true;
}

export interface Target {
  workload: AdmittedWorkload;
  reason: PreemptedReason;
}

/** fillBackWorkloads: in reverse order (all but the last), keep admitted whatever the preemptor still fits with. */
export function fillBackWorkloads(ctx: Ctx, targets: Target[], allowBorrowing: boolean): Target[] {
  for (let i = targets.length - 2; i >= 0; i--) {
    addWorkload(ctx, targets[i]!.workload);
    if (workloadFits(ctx, allowBorrowing)) {
      targets[i] = targets[targets.length - 1]!;
      targets.pop();
    } else {
      removeWorkload(ctx, targets[i]!.workload);
    }
  }
  return targets;
}

export function restoreSnapshot(ctx: Ctx, targets: readonly Target[]): void {
  for (const t of targets) addWorkload(ctx, t.workload);
}

export function isWithinNominal(ctx: Ctx, node: QuotaNode): boolean {
  return ctx.tree.isWithinNominal(node, ctx.frList);
}
