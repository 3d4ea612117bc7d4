// Classic preemption's candidates in upstream's order (kueue ff69552e pkg/scheduler/preemption/classical:
// candidate_generator.go, hierarchical_preemption.go): each admitted workload classified by variant, grouped in
// candidate classes, and read class by class with CandidateIterator's validity check.

import { classOrder } from './admitted-index.js';
import type { ReclaimWithinCohortPolicy, WithinClusterQueuePolicy } from './api.js';
import { LazySorted } from './lazy-sorted.js';
import { candidatesOrdering, satisfiesPreemptionPolicy } from './preemption-policy.js';
import { type Ctx, isWithinNominal, workloadUsesResources } from './preemption-simulation.js';
import type { AdmittedWorkload } from './preemption-types.js';
import type { CohortNode } from './quota.js';

export type Variant =
  | 'Never'
  | 'WithinCQ'
  | 'HierarchicalReclaim'
  | 'ReclaimWithoutBorrowing'
  | 'ReclaimWhileBorrowing';

interface CandidateElem {
  wl: AdmittedWorkload;
  /** The subtree root the candidate was found under (upstream: lca). */
  lca: CohortNode | undefined;
  variant: Variant;
}

function classifyPreemptionVariant(ctx: Ctx, wl: AdmittedWorkload, hierarchicalAdvantage: boolean): Variant {
  if (!workloadUsesResources(wl, ctx.frs)) return 'Never';
  const sameCq = wl.clusterQueue === ctx.cq.name;
  const policy = sameCq ? ctx.preemption.withinClusterQueue : ctx.preemption.reclaimWithinCohort;
  if (!satisfiesPreemptionPolicy(ctx.preemptor, wl, policy)) return 'Never';
  if (sameCq) return 'WithinCQ';
  if (hierarchicalAdvantage) return 'HierarchicalReclaim';
  if (ctx.borrowForbidden) return 'ReclaimWithoutBorrowing';
  if (isAboveBorrowingThreshold(wl.priority, ctx.preemptor.priority, ctx.borrowThreshold))
    return 'ReclaimWithoutBorrowing';
  return 'ReclaimWhileBorrowing';
}

function isAboveBorrowingThreshold(candidate: number, incoming: number, threshold: number | undefined): boolean {
  if (candidate >= incoming) return true;
  if (threshold === undefined) return false;
  return candidate > threshold;
}

function getCandidatesFromCQ(
  ctx: Ctx,
  cq: string,
  lca: CohortNode | undefined,
  hierarchicalAdvantage: boolean,
  out: CandidateElem[] = [],
): CandidateElem[] {
  for (const wl of ctx.index.workloads(cq)) {
    const variant = classifyPreemptionVariant(ctx, wl, hierarchicalAdvantage);
    if (variant !== 'Never') out.push({ wl, lca, variant });
  }
  return out;
}

/**
 * collectCandidatesForHierarchicalReclaim (preemption.go): the walk up from the preemptor's ClusterQueue is
 * hierarchicalReclaimSources'; each source ClusterQueue's workloads are then its candidates, in the walk's order.
 */
function collectCandidatesForHierarchicalReclaim(ctx: Ctx): { hierarchy: CandidateElem[]; priority: CandidateElem[] } {
  const sources = hierarchicalReclaimSources(ctx);
  const read = (list: CandidateSource[]) => {
    const out: CandidateElem[] = [];
    for (const s of list) getCandidatesFromCQ(ctx, s.cq, s.lca, s.advantage, out);
    return out;
  };
  return { hierarchy: read(sources.hierarchy), priority: read(sources.priority) };
}

/** A candidate class read in order, item by item (lazy-sorted.ts, or a sorted array). */
interface Ordered {
  at(i: number): CandidateElem | undefined;
}

/**
 * One candidate class. Without Admission Fair Sharing, CandidatesOrdering is a total order, so the class is kept as
 * two lazily sorted streams: the ReclaimWithoutBorrowing candidates, which an attempt that allows borrowing always
 * skips, and the rest. That attempt reads only the rest; the other reads both merged, which is the full order.
 */
class CandidateClass {
  private readonly rest: Ordered;
  private readonly rwb: Ordered | undefined;
  private iRest = 0;
  private iRwb = 0;

  constructor(
    items: CandidateElem[],
    private readonly order: (a: CandidateElem, b: CandidateElem) => number,
    total: boolean,
  ) {
    if (!total) {
      // The LocalQueue-usage rule need not be transitive: sort the whole class once, as upstream does.
      items.sort(order);
      this.rest = { at: (i) => items[i] };
      return;
    }
    this.rest = new LazySorted(
      items.filter((c) => c.variant !== 'ReclaimWithoutBorrowing'),
      order,
    );
    this.rwb = new LazySorted(
      items.filter((c) => c.variant === 'ReclaimWithoutBorrowing'),
      order,
    );
  }

  reset(): void {
    this.iRest = 0;
    this.iRwb = 0;
  }

  /** The next candidate in order; with `borrow`, ReclaimWithoutBorrowing ones may be left out. */
  next(borrow: boolean): CandidateElem | undefined {
    const r = this.rest.at(this.iRest);
    if (borrow || !this.rwb) {
      if (r !== undefined) this.iRest++;
      return r;
    }
    const w = this.rwb.at(this.iRwb);
    if (r !== undefined && (w === undefined || this.order(r, w) < 0)) {
      this.iRest++;
      return r;
    }
    if (w !== undefined) this.iRwb++;
    return w;
  }
}

/** The candidate search's view of the candidates, in upstream's order (CandidateIterator). */
export interface Candidates {
  readonly noCandidateFromOtherQueues: boolean;
  readonly noCandidateForHierarchicalReclaim: boolean;
  reset(): void;
  next(borrow: boolean): CandidateElem | undefined;
}

/** The candidate classes in upstream's order: evicted then live; hierarchy, priority, same queue. */
function nextOfClasses(
  ctx: Ctx,
  groups: readonly {
    next(borrow: boolean): CandidateElem | undefined;
    invalid?(c: CandidateElem): void;
  }[],
  at: { group: number },
  borrow: boolean,
): CandidateElem | undefined {
  while (at.group < groups.length) {
    const g = groups[at.group]!;
    const c = g.next(borrow);
    if (c === undefined) at.group++;
    else if (isValidCandidate(ctx, c, borrow)) return c;
    else g.invalid?.(c);
  }
  return undefined;
}

/** CandidateIterator's validity check, on the tree as the search has changed it so far. */
function isValidCandidate(ctx: Ctx, c: CandidateElem, borrow: boolean): boolean {
  if (c.wl.clusterQueue === ctx.cq.name) return true;
  if (borrow && c.variant === 'ReclaimWithoutBorrowing') return false;
  const cq = ctx.tree.clusterQueue(c.wl.clusterQueue);
  if (!cq) return false;
  if (isWithinNominal(ctx, cq)) return false;
  for (let node = cq.parent; node; node = node.parent) {
    if (node === c.lca) break;
    if (isWithinNominal(ctx, node)) return false;
  }
  return true;
}

/** With Admission Fair Sharing: every candidate classified up front, each class sorted in full. */
export class CandidateIterator implements Candidates {
  private readonly groups: CandidateClass[];
  readonly noCandidateFromOtherQueues: boolean;
  readonly noCandidateForHierarchicalReclaim: boolean;
  private readonly at = { group: 0 };

  constructor(private readonly ctx: Ctx) {
    const sameQueue =
      (ctx.preemption.withinClusterQueue ?? 'Never') === 'Never'
        ? []
        : getCandidatesFromCQ(ctx, ctx.cq.name, undefined, false);
    const { hierarchy, priority } = collectCandidatesForHierarchicalReclaim(ctx);
    const order = (a: CandidateElem, b: CandidateElem) => candidatesOrdering(a.wl, b.wl, ctx.cq.name, ctx.now, ctx.afs);
    const evicted = (l: CandidateElem[]) => l.filter((c) => c.wl.evicted);
    const live = (l: CandidateElem[]) => l.filter((c) => !c.wl.evicted);
    this.groups = [
      evicted(hierarchy),
      evicted(priority),
      evicted(sameQueue),
      live(hierarchy),
      live(priority),
      live(sameQueue),
    ].map((l) => new CandidateClass(l, order, !ctx.afs));
    this.noCandidateFromOtherQueues = hierarchy.length === 0 && priority.length === 0;
    this.noCandidateForHierarchicalReclaim = hierarchy.length === 0;
  }

  reset(): void {
    this.at.group = 0;
    for (const g of this.groups) g.reset();
  }

  next(borrow: boolean): CandidateElem | undefined {
    return nextOfClasses(this.ctx, this.groups, this.at, borrow);
  }
}

/** A ClusterQueue whose workloads belong to a candidate class: found under `lca`, with or without the advantage. */
interface CandidateSource {
  readonly cq: string;
  readonly lca: CohortNode | undefined;
  readonly advantage: boolean;
}

/**
 * The walk of collectCandidatesForHierarchicalReclaim without reading any workload: the ClusterQueues whose
 * workloads are the hierarchy and the priority candidates (the within-nominal checks on the tree before any removal).
 * Without `withPriority` the levels walked without the hierarchical advantage are skipped (no priority sources):
 * for a search that can never take a priority candidate (see classicalPreemptions).
 */
function hierarchicalReclaimSources(
  ctx: Ctx,
  withPriority = true,
): { hierarchy: CandidateSource[]; priority: CandidateSource[] } {
  const hierarchy: CandidateSource[] = [];
  const priority: CandidateSource[] = [];
  if (!ctx.cq.parent || (ctx.preemption.reclaimWithinCohort ?? 'Never') === 'Never') return { hierarchy, priority };
  const walk = (current: CohortNode, subtreeRoot: CohortNode, skip: CohortNode | undefined, advantage: boolean) => {
    if (!advantage && !withPriority) return;
    for (const child of current.childCohorts) {
      if (child === skip || isWithinNominal(ctx, child)) continue;
      walk(child, subtreeRoot, skip, advantage);
    }
    const out = advantage ? hierarchy : priority;
    for (const childCq of current.childClusterQueues) {
      if (childCq === ctx.cq || isWithinNominal(ctx, childCq)) continue;
      out.push({ cq: childCq.name, lca: subtreeRoot, advantage });
    }
  };
  let previous: CohortNode | undefined;
  let { fits: advantage, remaining } = ctx.tree.quantitiesFitInQuota(ctx.cq, ctx.requests);
  for (let current: CohortNode | undefined = ctx.cq.parent; current; current = current.parent) {
    walk(current, current, previous, advantage);
    const r = ctx.tree.quantitiesFitInQuota(current, remaining);
    remaining = r.remaining;
    advantage = advantage || r.fits;
    previous = current;
  }
  return { hierarchy, priority };
}

/** One ClusterQueue's ordered list being merged: the next item is `list[i]`. */
interface Head {
  readonly list: readonly AdmittedWorkload[];
  i: number;
  readonly source: CandidateSource;
}

/**
 * One candidate class, read lazily in order: the merge of its ClusterQueues' ordered lists (a heap of their
 * heads), each workload classified when the merge reaches it and left out when its variant is Never. The order
 * within a class is total (no Admission Fair Sharing), so this is the sequence a full sort of the class gives.
 */
class MergedClass {
  private readonly out: CandidateElem[] = [];
  private readonly heap: Head[] = [];
  private pos = 0;
  /**
   * The ClusterQueues whose candidates the current attempt found invalid: within nominal (or an ancestor below the
   * lca is), which only removals cause and which only grows with them, so every later candidate of that
   * ClusterQueue in this attempt is invalid too and the merge leaves the rest of its list unread. The next attempt
   * starts on the restored tree: the merge starts again.
   */
  private dead: Set<string> | undefined;
  /** SatisfiesPreemptionPolicy fails for every candidate of at least this priority (strictly above if `orEqual`). */
  private readonly stopAt: number;
  private readonly orEqual: boolean;

  /** `policy`: the one the class's candidates are classified by (withinClusterQueue or reclaimWithinCohort). */
  constructor(
    private readonly ctx: Ctx,
    private readonly sources: readonly CandidateSource[],
    private readonly evicted: boolean,
    policy: WithinClusterQueuePolicy | ReclaimWithinCohortPolicy | undefined,
  ) {
    // The class is read priority first, so once the policy rejects a priority it rejects all that follow.
    this.stopAt = policy === 'Any' ? Number.POSITIVE_INFINITY : ctx.preemptor.priority;
    this.orEqual = policy === 'LowerOrNewerEqualPriority';
    this.merge();
  }

  private merge(): void {
    const ctx = this.ctx;
    for (const source of this.sources) {
      const o = ctx.index.ordered(source.cq, ctx.now);
      const list = this.evicted ? o.evicted : o.live;
      if (list.length > 0) this.heap.push({ list, i: 0, source });
    }
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The i-th candidate of the class (undefined past the end). */
  at(i: number): CandidateElem | undefined {
    const h = this.heap;
    while (this.out.length <= i && h.length > 0) {
      const top = h[0]!;
      if (this.dead?.has(top.source.cq)) {
        const last = h.pop()!;
        if (h.length > 0) {
          h[0] = last;
          this.down(0);
        }
        continue;
      }
      const wl = top.list[top.i]!;
      if (wl.priority > this.stopAt || (wl.priority === this.stopAt && !this.orEqual)) {
        h.length = 0;
        break;
      }
      top.i++;
      if (top.i === top.list.length) {
        const last = h.pop()!;
        if (h.length > 0) h[0] = last;
      }
      if (h.length > 1) this.down(0);
      const variant = classifyPreemptionVariant(this.ctx, wl, top.source.advantage);
      if (variant !== 'Never') this.out.push({ wl, lca: top.source.lca, variant });
    }
    return this.out[i];
  }

  reset(): void {
    this.pos = 0;
    if (this.dead === undefined) return;
    this.dead = undefined;
    this.out.length = 0;
    this.heap.length = 0;
    this.merge();
  }

  /** A candidate of this class failed isValidCandidate (never for borrowing: next() stops before those). */
  invalid(c: CandidateElem): void {
    (this.dead ??= new Set()).add(c.wl.clusterQueue);
  }

  /**
   * The next candidate in order; with `borrow`, ReclaimWithoutBorrowing ones are left out. Whether a candidate is
   * one depends only on its priority, and grows with it (isAboveBorrowingThreshold), so in this priority-first
   * order the first one ends what an attempt that allows borrowing can read.
   */
  next(borrow: boolean): CandidateElem | undefined {
    const c = this.at(this.pos);
    if (c === undefined || (borrow && c.variant === 'ReclaimWithoutBorrowing')) return undefined;
    this.pos++;
    return c;
  }

  private less(a: Head, b: Head): boolean {
    return classOrder(a.list[a.i]!, b.list[b.i]!, this.ctx.now) < 0;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1]!, h[c]!)) c++;
      if (!this.less(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}

/** Without Admission Fair Sharing: the classes merged from the index's ordered lists, read only as far as needed. */
/** A class with no ClusterQueue to read (most classes of most searches): one shared instance, it holds no state. */
const NO_CANDIDATES = {
  at: (_i: number): CandidateElem | undefined => undefined,
  next: (_borrow: boolean): CandidateElem | undefined => undefined,
  reset: (): void => {},
  invalid: (_c: CandidateElem): void => {},
};

export class MergedCandidates implements Candidates {
  private readonly groups: Pick<MergedClass, 'at' | 'next' | 'reset' | 'invalid'>[];
  private readonly at = { group: 0 };

  /** `withPriority` false: the priority classes are left empty (hierarchicalReclaimSources). */
  constructor(
    private readonly ctx: Ctx,
    withPriority = true,
  ) {
    const within = ctx.preemption.withinClusterQueue;
    const reclaim = ctx.preemption.reclaimWithinCohort;
    const sameQueue: CandidateSource[] =
      (within ?? 'Never') === 'Never' ? [] : [{ cq: ctx.cq.name, lca: undefined, advantage: false }];
    const { hierarchy, priority } = hierarchicalReclaimSources(ctx, withPriority);
    const merged = (sources: readonly CandidateSource[], evicted: boolean, policy: typeof within | typeof reclaim) =>
      sources.length === 0 ? NO_CANDIDATES : new MergedClass(ctx, sources, evicted, policy);
    this.groups = [
      merged(hierarchy, true, reclaim),
      merged(priority, true, reclaim),
      merged(sameQueue, true, within),
      merged(hierarchy, false, reclaim),
      merged(priority, false, reclaim),
      merged(sameQueue, false, within),
    ];
  }

  get noCandidateForHierarchicalReclaim(): boolean {
    return this.groups[0]!.at(0) === undefined && this.groups[3]!.at(0) === undefined;
  }

  get noCandidateFromOtherQueues(): boolean {
    return (
      this.noCandidateForHierarchicalReclaim &&
      this.groups[1]!.at(0) === undefined &&
      this.groups[4]!.at(0) === undefined
    );
  }

  reset(): void {
    this.at.group = 0;
    for (const g of this.groups) g.reset();
  }

  next(borrow: boolean): CandidateElem | undefined {
    return nextOfClasses(this.ctx, this.groups, this.at, borrow);
  }
}
