// Preemption target selection (spec §3.1–§3.3, §3.6), mirroring kueue ff69552e pkg/scheduler/preemption:
// preemption.go (getTargets, classicalPreemptions, fillBackWorkloads, fairPreemptions, runFirstFsStrategy,
// runSecondFsStrategy, findCandidates, workloadFits, preemptionMessage, buildCQPath), preemption_oracle.go,
// common/ordering.go (CandidatesOrdering), common/preemption_policy.go (SatisfiesPreemptionPolicy),
// classical/candidate_generator.go and classical/hierarchical_preemption.go (candidate classes and iterator),
// fairsharing/ordering.go, target.go, strategy.go, least_common_ancestor.go (target ClusterQueue ordering).
//
// Inputs are plain data: a QuotaTree snapshot whose usage already includes every admitted workload, the admitted
// workloads with the fields preemption reads, and the preemptor with the usage of its assignment. The tree is
// modified while candidates are simulated and restored before returning, as upstream does with its snapshot.
// TAS placement is not modelled here: `fits` lets a caller add that check.

import { AdmittedIndex, classOrder } from './admitted-index.js';
import {
  type ClusterQueuePreemption,
  type PreemptedReason,
  preemptedMessage,
  type ReclaimWithinCohortPolicy,
  type WithinClusterQueuePolicy,
} from './api.js';
import { compareDRS, type DRS, dominantResourceShare, type FairWeights, negativeDRS } from './fair-sharing.js';
import { LazySorted } from './lazy-sorted.js';
import type {
  ClusterQueueNode,
  CohortNode,
  FlavorResource,
  FlavorResourceAmounts,
  NodeRef,
  QuotaNode,
  QuotaTree,
} from './quota.js';

// ---------------------------------------------------------------------------------------------------------------
// Inputs and outputs.

/** What preemption reads of a workload (workload.Info). */
export interface PreemptionWorkload {
  /** workload.Key (namespace/name); also the last tie-break of CandidatesOrdering. */
  readonly key: string;
  /** metadata.uid; CandidatesOrdering's documented tie-break (before `key`). */
  readonly uid?: string;
  /** Effective priority (priority + boost). */
  readonly priority: number;
  /** Ordering.GetQueueOrderTimestamp, for LowerOrNewerEqualPriority. */
  readonly queueOrderTimestamp: number;
  /**
   * Quota usage per FlavorResource. For an admitted workload, the admission's resourceUsage by assigned flavor; a
   * FlavorResource listed with 0 still counts as "using" it (WorkloadUsesResources reads the flavor map).
   */
  readonly usage: FlavorResourceAmounts;
}

export interface AdmittedWorkload extends PreemptionWorkload {
  /** status.admission.clusterQueue. */
  readonly clusterQueue: string;
  /** LastTransitionTime of QuotaReserved=True; absent = not reserved yet (counts as `now`). */
  readonly quotaReservedAt?: number;
  /** Evicted=True (already being preempted or evicted). */
  readonly evicted?: boolean;
  /** spec.queueName and the LocalQueue's Admission Fair Sharing usage (only read with `admissionFairSharing`). */
  readonly localQueue?: string;
  readonly localQueueUsage?: number;
}

export interface PreemptorWorkload extends PreemptionWorkload {
  /** The ClusterQueue the workload is being scheduled in. */
  readonly clusterQueue: string;
}

export type FairSharingStrategy = 'LessThanOrEqualToFinalShare' | 'LessThanInitialShare';

export interface FairSharingPreemptionConfig {
  /** config fairSharing.preemptionStrategies; empty/absent = both, in this order. */
  strategies?: readonly FairSharingStrategy[];
  weights?: FairWeights;
  /** FairSharingPreemptWithinNominal (default on). */
  preemptWithinNominal?: boolean;
}

export interface PreemptionInput {
  /** The snapshot: quotas and usage including every admitted workload. Restored before returning. */
  tree: QuotaTree;
  preemptor: PreemptorWorkload;
  /** The preemptor ClusterQueue's spec.preemption (defaults: Never/Never/Never). */
  preemption?: ClusterQueuePreemption;
  /** FlavorResources whose assignment mode is Preempt (flavorResourcesNeedPreemption). */
  frsNeedPreemption: Iterable<FlavorResource>;
  /** Every workload holding a quota reservation in the tree's ClusterQueues (may be left out with `index`). */
  admitted?: readonly AdmittedWorkload[];
  /**
   * The same workloads indexed by ClusterQueue (admitted-index.ts), kept by the caller across calls; when given,
   * `admitted` is not read, except with `admissionFairSharing` (whose LocalQueue usages the caller sets per call).
   */
  index?: AdmittedIndex;
  /** The clock, for candidates without a QuotaReserved time. */
  now: number;
  /** Present = Fair Sharing enabled (fairPreemptions); absent = classicalPreemptions. */
  fairSharing?: FairSharingPreemptionConfig;
  /** AdmissionFairSharing ordering of same-ClusterQueue candidates by LocalQueue usage. */
  admissionFairSharing?: boolean;
  /**
   * An extra fit check run after the quota check (upstream: the TAS placement of the preemptor, on a TAS snapshot
   * from which the candidates removed so far are taken out). Called with the tree in its simulated state and the
   * admitted workloads currently simulated as removed.
   */
  fits?: (tree: QuotaTree, preemptor: PreemptorWorkload, removed: ReadonlySet<AdmittedWorkload>) => boolean;
}

export interface PreemptionTarget<W extends AdmittedWorkload = AdmittedWorkload> {
  readonly workload: W;
  readonly reason: PreemptedReason;
}

// ---------------------------------------------------------------------------------------------------------------
// Policy and ordering.

/**
 * SatisfiesPreemptionPolicy: LowerPriority ⇒ candidate priority below the preemptor's; LowerOrNewerEqualPriority ⇒
 * that, or equal priority and the preemptor's queue-order timestamp strictly earlier; Any ⇒ always; Never ⇒ never.
 */
export function satisfiesPreemptionPolicy(
  preemptor: Pick<PreemptionWorkload, 'priority' | 'queueOrderTimestamp'>,
  candidate: Pick<PreemptionWorkload, 'priority' | 'queueOrderTimestamp'>,
  policy: WithinClusterQueuePolicy | ReclaimWithinCohortPolicy | undefined,
): boolean {
  const lowerPriority = preemptor.priority > candidate.priority;
  if (policy === 'LowerPriority') return lowerPriority;
  if (policy === 'LowerOrNewerEqualPriority') {
    const newerEqual =
      preemptor.priority === candidate.priority && preemptor.queueOrderTimestamp < candidate.queueOrderTimestamp;
    return lowerPriority || newerEqual;
  }
  return policy === 'Any';
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * CandidatesOrdering: evicted first; other ClusterQueues before the preemptor's; (AFS, same ClusterQueue, different
 * LocalQueues, both usages known) higher LocalQueue usage first; lower priority first; most recent quota reservation
 * first; then UID. Ties of UID (e.g. both unset) fall back to `key` here, where upstream's sort is unstable.
 */
export function candidatesOrdering(
  a: AdmittedWorkload,
  b: AdmittedWorkload,
  preemptorClusterQueue: string,
  now: number,
  admissionFairSharing = false,
): number {
  const ae = Boolean(a.evicted);
  const be = Boolean(b.evicted);
  if (ae !== be) return ae ? -1 : 1;
  const aOwn = a.clusterQueue === preemptorClusterQueue;
  const bOwn = b.clusterQueue === preemptorClusterQueue;
  if (aOwn !== bOwn) return aOwn ? 1 : -1;
  if (
    admissionFairSharing &&
    a.clusterQueue === b.clusterQueue &&
    a.localQueue !== b.localQueue &&
    a.localQueueUsage !== undefined &&
    b.localQueueUsage !== undefined &&
    a.localQueueUsage !== b.localQueueUsage
  ) {
    return cmp(b.localQueueUsage, a.localQueueUsage);
  }
  if (a.priority !== b.priority) return cmp(a.priority, b.priority);
  const at = a.quotaReservedAt ?? now;
  const bt = b.quotaReservedAt ?? now;
  if (at !== bt) return cmp(bt, at);
  return cmp(a.uid ?? '', b.uid ?? '') || cmp(a.key, b.key);
}

// ---------------------------------------------------------------------------------------------------------------
// Messages.

/** buildCQPath: "/root/…/parent/cq". */
export function clusterQueuePath(tree: QuotaTree, clusterQueue: string): string {
  if (!tree.hasClusterQueue(clusterQueue)) return `/${clusterQueue}`;
  const parts = [clusterQueue, ...tree.ancestors(clusterQueue).map((a) => a.name)];
  return `/${parts.reverse().join('/')}`;
}

/**
 * preemptionMessage: "Preempted to accommodate a workload (UID: u, JobUID: j) due to <reason>; preemptor path:
 * /…; preemptee path: /…", every missing part reading UNKNOWN. The same text goes into the Evicted and Preempted
 * conditions of the target.
 */
export function preemptionMessage(p: {
  preemptorUID?: string;
  preemptorJobUID?: string;
  reason: PreemptedReason | '';
  preemptorPath?: string;
  preempteePath?: string;
}): string {
  return preemptedMessage(p);
}

/** The message for one target, with both paths built from the tree (IssuePreemptions). */
export function targetMessage(
  tree: QuotaTree,
  preemptor: Pick<PreemptorWorkload, 'uid' | 'clusterQueue'> & { jobUID?: string },
  target: PreemptionTarget,
): string {
  return preemptionMessage({
    preemptorUID: preemptor.uid,
    preemptorJobUID: preemptor.jobUID,
    reason: target.reason,
    preemptorPath: clusterQueuePath(tree, preemptor.clusterQueue),
    preempteePath: clusterQueuePath(tree, target.workload.clusterQueue),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers.

function entries(u: FlavorResourceAmounts): [FlavorResource, number][] {
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

interface Ctx {
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

function removeWorkload(ctx: Ctx, w: AdmittedWorkload): void {
  ctx.tree.removeUsage(w.clusterQueue, w.usage);
  if (ctx.extraFits) ctx.removed.add(w);
}

function addWorkload(ctx: Ctx, w: AdmittedWorkload): void {
  ctx.tree.addUsage(w.clusterQueue, w.usage);
  if (ctx.extraFits) ctx.removed.delete(w);
}

/** workloadFits: every requested amount ≤ Available and, without borrowing, within nominal; then `fits`. */
function workloadFits(ctx: Ctx, allowBorrowing: boolean): boolean {
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

interface Target {
  workload: AdmittedWorkload;
  reason: PreemptedReason;
}

/** fillBackWorkloads: in reverse order (all but the last), keep admitted whatever the preemptor still fits with. */
function fillBackWorkloads(ctx: Ctx, targets: Target[], allowBorrowing: boolean): Target[] {
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

function restoreSnapshot(ctx: Ctx, targets: readonly Target[]): void {
  for (const t of targets) addWorkload(ctx, t.workload);
}

function isWithinNominal(ctx: Ctx, node: QuotaNode): boolean {
  return ctx.tree.isWithinNominal(node, ctx.frList);
}

// ---------------------------------------------------------------------------------------------------------------
// Classic preemption.

type Variant = 'Never' | 'WithinCQ' | 'HierarchicalReclaim' | 'ReclaimWithoutBorrowing' | 'ReclaimWhileBorrowing';

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

interface CandidateElem {
  wl: AdmittedWorkload;
  /** The subtree root the candidate was found under (upstream: lca). */
  lca: CohortNode | undefined;
  variant: Variant;
}

function borrowWithinCohortForbidden(p: ClusterQueuePreemption): { forbidden: boolean; threshold?: number } {
  const b = p.borrowWithinCohort;
  if (!b || b.policy === undefined || b.policy === 'Never') return { forbidden: true };
  return { forbidden: false, threshold: b.maxPriorityThreshold };
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

function collectCandidatesInSubtree(
  ctx: Ctx,
  current: CohortNode,
  subtreeRoot: CohortNode,
  skip: CohortNode | undefined,
  hierarchicalAdvantage: boolean,
  result: CandidateElem[],
): void {
  for (const child of current.childCohorts) {
    if (child === skip) continue;
    if (isWithinNominal(ctx, child)) continue;
    collectCandidatesInSubtree(ctx, child, subtreeRoot, skip, hierarchicalAdvantage, result);
  }
  for (const childCq of current.childClusterQueues) {
    if (childCq === ctx.cq) continue;
    if (!isWithinNominal(ctx, childCq)) {
      getCandidatesFromCQ(ctx, childCq.name, subtreeRoot, hierarchicalAdvantage, result);
    }
  }
}

function collectCandidatesForHierarchicalReclaim(ctx: Ctx): { hierarchy: CandidateElem[]; priority: CandidateElem[] } {
  const hierarchy: CandidateElem[] = [];
  const priority: CandidateElem[] = [];
  if (!ctx.cq.parent || (ctx.preemption.reclaimWithinCohort ?? 'Never') === 'Never') return { hierarchy, priority };
  let previous: CohortNode | undefined;
  let { fits: advantage, remaining } = ctx.tree.quantitiesFitInQuota(ctx.cq, ctx.requests);
  for (const current of ctx.tree.ancestors(ctx.cq)) {
    collectCandidatesInSubtree(ctx, current, current, previous, advantage, advantage ? hierarchy : priority);
    const r = ctx.tree.quantitiesFitInQuota(current, remaining);
    remaining = r.remaining;
    advantage = advantage || r.fits;
    previous = current;
  }
  return { hierarchy, priority };
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
interface Candidates {
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
class CandidateIterator implements Candidates {
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
 * collectCandidatesForHierarchicalReclaim without reading any workload: the ClusterQueues whose workloads are the
 * hierarchy and the priority candidates (same walk, same within-nominal checks, on the tree before any removal).
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

class MergedCandidates implements Candidates {
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

/** queueUnderNominalInResourcesNeedingPreemption: usage < nominal on every FlavorResource needing preemption. */
function queueUnderNominal(ctx: Ctx): boolean {
  for (const fr of ctx.frs) {
    if (ctx.tree.quota(ctx.cq, fr).nominal <= ctx.tree.usage(ctx.cq, fr)) return false;
  }
  return true;
}

function classicalPreemptions(ctx: Ctx): Target[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Fair Sharing preemption.

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

interface FsCtx extends Ctx {
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

function fairPreemptions(ctx: FsCtx, cfg: FairSharingPreemptionConfig): Target[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Entry points.

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
