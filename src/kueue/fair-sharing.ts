// Fair Sharing (spec §3.4, §3.5), mirroring kueue ff69552e:
// - pkg/cache/scheduler/fair_sharing.go: DRS, dominantResourceShare, calculateLendable, CompareDRS,
//   roundedWeightedShare, parseFairWeight;
// - pkg/scheduler/fair_sharing_iterator.go: the tournament that orders the heads of a cohort tree.
//
// Units: the quota tree counts every resource in milli-units (./quota.ts); a share is a ratio of two amounts of
// the same resource, so it is the same number upstream computes from its own units.
import type { FairSharing, Quantity } from './api.js';
import {
  addAmount,
  type FlavorResource,
  type FlavorResourceAmounts,
  type QuotaNode,
  type QuotaTree,
  splitFlavorResource,
  subAmount,
  UNLIMITED,
} from './quota.js';

export const DEFAULT_FAIR_WEIGHT = 1;

/** math.MaxInt64 as a double (2^63): the weighted share of a zero-weight node that borrows. */
export const MAX_WEIGHTED_SHARE = 2 ** 63;

/** resources.Amount.Int64() of Unlimited, as a double. */
const UNLIMITED_AS_INT64 = 2 ** 63;

// ---------------------------------------------------------------------------------------------------------------
// Weights.

/**
 * parseFairWeight: `fairSharing.weight` as a float (Quantity.AsFloat64Slow), 1 when unset. The text is read with
 * the Quantity grammar (decimal and binary suffixes, decimal exponents); it is not validated here.
 */
export function parseFairWeight(fs: FairSharing | undefined): number {
  const w = fs?.weight;
  if (w === undefined || w === null) return DEFAULT_FAIR_WEIGHT;
  return quantityAsFloat(w);
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Quantity.AsFloat64Slow for a valid quantity; NaN for text that is not one. */
export function quantityAsFloat(q: Quantity): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9]*\.?[0-9]*)([a-zA-Z]*|[eE][+-]?[0-9]+)$/.exec(q.trim());
  if (!m) return Number.NaN;
  const [, num = '', suffix = ''] = m;
  const mantissa = num === '' || num === '+' || num === '-' || num === '.' ? 0 : Number(num);
  if (suffix in DECIMAL_SUFFIX) return mantissa * 10 ** DECIMAL_SUFFIX[suffix]!;
  if (suffix in BINARY_SUFFIX) return mantissa * 2 ** BINARY_SUFFIX[suffix]!;
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) return mantissa * 10 ** Number(suffix.slice(1));
  return Number.NaN;
}

/**
 * The fair weight of every node (ClusterQueueSnapshot.FairWeight / CohortSnapshot.FairWeight). A node missing
 * from the maps weighs 1 (an implicit cohort, or no `fairSharing` in the spec).
 */
export interface FairWeights {
  clusterQueues?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  cohorts?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

function lookup(m: FairWeights['clusterQueues'], name: string): number | undefined {
  if (!m) return undefined;
  if (m instanceof Map) return m.get(name);
  return Object.hasOwn(m, name) ? (m as Record<string, number>)[name] : undefined;
}

export function fairWeightOf(weights: FairWeights | undefined, node: QuotaNode): number {
  const w =
    node.kind === 'ClusterQueue' ? lookup(weights?.clusterQueues, node.name) : lookup(weights?.cohorts, node.name);
  return w ?? DEFAULT_FAIR_WEIGHT;
}

/** The weights of ClusterQueue and Cohort objects, by name, parsed from `spec.fairSharing.weight`. */
export function fairWeightsFromSpecs(
  clusterQueues: readonly { metadata: { name: string }; spec?: { fairSharing?: FairSharing } }[],
  cohorts: readonly { metadata: { name: string }; spec?: { fairSharing?: FairSharing } }[] = [],
): FairWeights {
  const cqs = new Map<string, number>();
  for (const cq of clusterQueues) cqs.set(cq.metadata.name, parseFairWeight(cq.spec?.fairSharing));
  const cos = new Map<string, number>();
  for (const c of cohorts) cos.set(c.metadata.name, parseFairWeight(c.spec?.fairSharing));
  return { clusterQueues: cqs, cohorts: cos };
}

// ---------------------------------------------------------------------------------------------------------------
// DRS.

/** The DominantResourceShare of a ClusterQueue or Cohort (fair_sharing.go DRS). */
export interface DRS {
  readonly fairWeight: number;
  /** max over resources of borrowed·1000/lendable; 0 when not borrowing (or nothing lendable). */
  readonly unweightedRatio: number;
  /** The resource giving unweightedRatio ('' when none). */
  readonly dominantResource: string;
  /** Usage exceeds the node's quota (SubtreeQuota) on some FlavorResource. */
  readonly borrowing: boolean;
  /** The FlavorResources the node borrows on. */
  readonly borrowedFRs: readonly FlavorResource[];
}

/** NegativeDRS: the starting point of "highest share" searches. */
export function negativeDRS(): DRS {
  return {
    fairWeight: DEFAULT_FAIR_WEIGHT,
    unweightedRatio: -1,
    dominantResource: '',
    borrowing: false,
    borrowedFRs: [],
  };
}

/** DRS.IsZero: the unweighted ratio is 0. */
export function isZeroDRS(d: DRS): boolean {
  return d.unweightedRatio === 0;
}

/** DRS.IsBorrowingOn: the node borrows on a FlavorResource the request asks a positive amount of. */
export function isBorrowingOn(d: DRS, requested: FlavorResourceAmounts | undefined): boolean {
  if (!requested) return false;
  for (const fr of d.borrowedFRs) if (amountOf(requested, fr) > 0) return true;
  return false;
}

function zeroWeightBorrows(d: DRS): boolean {
  return d.fairWeight === 0 && !isZeroDRS(d);
}

/** PreciseWeightedShare: ratio/weight; +∞ for a zero weight with a non-zero ratio; 0 for a zero ratio. */
export function preciseWeightedShare(d: DRS): number {
  if (isZeroDRS(d)) return 0;
  if (d.fairWeight === 0) return Number.POSITIVE_INFINITY;
  return d.unweightedRatio / d.fairWeight;
}

/** PreciseWeightedShareSerialized: strconv.FormatFloat(v, 'f', -1, 64) ("+Inf" for infinity). */
export function preciseWeightedShareSerialized(d: DRS): string {
  const v = preciseWeightedShare(d);
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  return formatFloatF(v);
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest round-trip digits, never in exponent form. */
export function formatFloatF(v: number): string {
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', lead = '', frac = '', expText = '0'] = m;
  const digits = lead + frac;
  const point = 1 + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * CompareDRS: −1/0/1. Lower = preferred for admission, higher = preferred as a preemption target. Two zero-weight
 * borrowers compare by unweighted ratio; a zero-weight borrower is above every other node.
 */
export function compareDRS(a: DRS, b: DRS): -1 | 0 | 1 {
  const az = zeroWeightBorrows(a);
  const bz = zeroWeightBorrows(b);
  if (az && bz) return cmpNumber(a.unweightedRatio, b.unweightedRatio);
  if (az) return 1;
  if (bz) return -1;
  return cmpNumber(preciseWeightedShare(a), preciseWeightedShare(b));
}

function cmpNumber(a: number, b: number): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * roundedWeightedShare: the `status.fairSharing.weightedShare` value, ceil(ratio/weight), or MaxInt64 for a
 * zero-weight node that borrows; with the dominant resource.
 */
export function roundedWeightedShare(d: DRS): { weightedShare: number; resource: string } {
  const weightedShare = zeroWeightBorrows(d) ? MAX_WEIGHTED_SHARE : Math.ceil(preciseWeightedShare(d));
  return { weightedShare, resource: d.dominantResource };
}

function amountOf(u: FlavorResourceAmounts, fr: FlavorResource): number {
  return (u instanceof Map ? u.get(fr) : (u as Record<FlavorResource, number>)[fr]) ?? 0;
}

function int64Float(v: number): number {
  return v === UNLIMITED ? UNLIMITED_AS_INT64 : v;
}

/**
 * dominantResourceShare(node, wlReq): for each FlavorResource of the node's SubtreeQuota, borrowed = wlReq + Usage −
 * SubtreeQuota when positive, summed per resource name; ratio = borrowed·1000/lendable(resource) where lendable is
 * calculateLendable(parent) (Σ potentialAvailable(parent, fr) over the root's FlavorResources of that resource).
 * A root (or cohort-less ClusterQueue) has share 0. `wlReq` simulates an additional workload.
 */
export function dominantResourceShare(
  tree: QuotaTree,
  node: QuotaNode,
  weights?: FairWeights,
  wlReq?: FlavorResourceAmounts,
): DRS {
  const fairWeight = fairWeightOf(weights, node);
  const parent = node.parent;
  if (!parent) return { fairWeight, unweightedRatio: 0, dominantResource: '', borrowing: false, borrowedFRs: [] };

  const borrowedFRs: FlavorResource[] = [];
  const borrowing = new Map<string, number>();
  for (const [fr, quota] of node.subtreeQuota) {
    const req = wlReq ? amountOf(wlReq, fr) : 0;
    const borrowed = subAmount(addAmount(req, node.usage.get(fr) ?? 0), quota);
    if (borrowed > 0) {
      const { resource } = splitFlavorResource(fr);
      borrowing.set(resource, addAmount(borrowing.get(resource) ?? 0, borrowed));
      borrowedFRs.push(fr);
    }
  }
  if (borrowing.size === 0) {
    return { fairWeight, unweightedRatio: 0, dominantResource: '', borrowing: false, borrowedFRs: [] };
  }
  const lendable = tree.lendable(parent);
  let unweightedRatio = 0;
  let dominantResource = '';
  for (const [rName, b] of borrowing) {
    const lr = lendable.get(rName) ?? 0;
    if (lr > 0) {
      const ratio = (int64Float(b) * 1000) / int64Float(lr);
      if (ratio > unweightedRatio || (ratio === unweightedRatio && rName < dominantResource)) {
        unweightedRatio = ratio;
        dominantResource = rName;
      }
    }
  }
  return { fairWeight, unweightedRatio, dominantResource, borrowing: true, borrowedFRs };
}

// ---------------------------------------------------------------------------------------------------------------
// Fair Sharing admission order (fair_sharing_iterator.go).

/** A head of a ClusterQueue in this scheduling cycle, with the usage of its nominated assignment. */
export interface FairSharingEntry {
  /** workload.Key (namespace/name): identifies the entry's DRS values. */
  readonly key: string;
  readonly clusterQueue: string;
  /** Effective priority. */
  readonly priority: number;
  /** Ordering.GetQueueOrderTimestamp (creation, or eviction time for some requeues). */
  readonly queueOrderTimestamp: number;
  /** The assignment's usage (entry.assignmentUsage: Quota.Assigned). */
  readonly usage: FlavorResourceAmounts;
  /** A workload waiting for its preemptions to complete (only with prioritizePreemptorWorkloads). */
  readonly isPreemptor?: boolean;
}

export interface FairSharingOrderOptions {
  weights?: FairWeights;
  /** FairSharingPrioritizeNonBorrowing (default on). */
  prioritizeNonBorrowing?: boolean;
  /** PrioritySortingWithinCohort (default on). */
  prioritySortingWithinCohort?: boolean;
  /** PrioritizePreemptorWorkloads (default off). */
  prioritizePreemptorWorkloads?: boolean;
}

/**
 * fairSharingIterator: pops one entry at a time. A cohort-less ClusterQueue's entry is returned as is; otherwise a
 * tournament over the entry's root cohort picks the winner, with DRS values recomputed from the tree on every pop,
 * so a caller that admits the popped entry (adds its usage to the tree) before the next pop sees the effect, as
 * the scheduler does.
 *
 * Upstream keeps one entry per ClusterQueue (a later entry of the same ClusterQueue replaces an earlier one) and
 * picks which ClusterQueue's tree to serve first by Go map iteration; here that choice is the first remaining
 * entry in input order, and children of a cohort are visited in the tree's order (upstream: set order).
 */
export class FairSharingIterator<E extends FairSharingEntry> {
  private readonly cqToEntry = new Map<string, E>();
  private readonly opts: Required<Omit<FairSharingOrderOptions, 'weights'>> & { weights?: FairWeights };
  private drsValues = new Map<string, DRS>();
  private requestedFRs = new Map<string, FlavorResourceAmounts>();

  constructor(
    private readonly tree: QuotaTree,
    entries: readonly E[],
    options: FairSharingOrderOptions = {},
  ) {
    for (const e of entries) {
      this.cqToEntry.delete(e.clusterQueue);
      this.cqToEntry.set(e.clusterQueue, e);
    }
    this.opts = {
      weights: options.weights,
      prioritizeNonBorrowing: options.prioritizeNonBorrowing ?? true,
      prioritySortingWithinCohort: options.prioritySortingWithinCohort ?? true,
      prioritizePreemptorWorkloads: options.prioritizePreemptorWorkloads ?? false,
    };
  }

  hasNext(): boolean {
    return this.cqToEntry.size > 0;
  }

  /** The DRS values of the last tournament, keyed `${parentCohort}\u0000${workloadKey}`. */
  lastDrsValues(): ReadonlyMap<string, DRS> {
    return this.drsValues;
  }

  pop(): E | undefined {
    const first = this.cqToEntry.entries().next();
    if (first.done) return undefined;
    const [cqName, firstEntry] = first.value;
    const cq = this.tree.clusterQueue(cqName);
    if (!cq?.parent) {
      this.cqToEntry.delete(cqName);
      return firstEntry;
    }
    const root = this.tree.root(cq) as QuotaNode;
    if (root.kind !== 'Cohort') throw new Error('unreachable: a ClusterQueue with a parent has a cohort root');
    this.computeDRS(root);
    const winner = this.runTournament(root);
    if (!winner) throw new Error('unreachable: the tournament of a non-empty tree has a winner');
    this.cqToEntry.delete(winner.clusterQueue);
    return winner;
  }

  private computeDRS(root: QuotaNode & { kind: 'Cohort' }): void {
    this.drsValues = new Map();
    this.requestedFRs = new Map();
    const w = this.opts.weights;
    for (const cq of this.tree.subtreeClusterQueues(root)) {
      const entry = this.cqToEntry.get(cq.name);
      if (!entry) continue;
      this.tree.addUsage(cq, entry.usage);
      try {
        if (this.opts.prioritizeNonBorrowing) this.requestedFRs.set(entry.key, entry.usage);
        let drs = dominantResourceShare(this.tree, cq, w);
        for (const ancestor of this.tree.ancestors(cq)) {
          this.drsValues.set(drsKey(ancestor.name, entry.key), drs);
          drs = dominantResourceShare(this.tree, ancestor, w);
        }
      } finally {
        this.tree.removeUsage(cq, entry.usage);
      }
    }
  }

  private runTournament(cohort: QuotaNode & { kind: 'Cohort' }): E | undefined {
    const candidates: E[] = [];
    for (const child of cohort.childCohorts) {
      const c = this.runTournament(child);
      if (c) candidates.push(c);
    }
    for (const childCq of cohort.childClusterQueues) {
      const c = this.cqToEntry.get(childCq.name);
      if (c) candidates.push(c);
    }
    let best = candidates[0];
    for (const current of candidates.slice(1)) {
      if (this.less(current, best!, cohort.name)) best = current;
    }
    return best;
  }

  private less(a: E, b: E, parentCohort: string): boolean {
    if (this.opts.prioritizePreemptorWorkloads && Boolean(a.isPreemptor) !== Boolean(b.isPreemptor)) {
      return Boolean(a.isPreemptor);
    }
    const aDrs = this.drsValues.get(drsKey(parentCohort, a.key)) ?? zeroDRS();
    const bDrs = this.drsValues.get(drsKey(parentCohort, b.key)) ?? zeroDRS();
    if (this.opts.prioritizeNonBorrowing) {
      const aBorrowing = isBorrowingOn(aDrs, this.requestedFRs.get(a.key));
      const bBorrowing = isBorrowingOn(bDrs, this.requestedFRs.get(b.key));
      if (aBorrowing !== bBorrowing) return !aBorrowing;
    }
    const c = compareDRS(aDrs, bDrs);
    if (c !== 0) return c === -1;
    if (this.opts.prioritySortingWithinCohort && a.priority !== b.priority) return a.priority > b.priority;
    return a.queueOrderTimestamp < b.queueOrderTimestamp;
  }
}

/** The Go zero value of DRS (a missing map entry). */
function zeroDRS(): DRS {
  return { fairWeight: 0, unweightedRatio: 0, dominantResource: '', borrowing: false, borrowedFRs: [] };
}

export function drsKey(parentCohort: string, workloadKey: string): string {
  return `${parentCohort}\u0000${workloadKey}`;
}

/**
 * The whole Fair Sharing order of a cycle's heads. `onPop` runs after each pop, before the next tournament: a
 * caller that admits the entry there (tree.addUsage) reproduces the scheduler's loop, where every admission
 * changes the shares the remaining entries compete with.
 */
export function fairSharingOrder<E extends FairSharingEntry>(
  tree: QuotaTree,
  entries: readonly E[],
  options: FairSharingOrderOptions & { onPop?: (entry: E, tree: QuotaTree) => void } = {},
): E[] {
  const it = new FairSharingIterator(tree, entries, options);
  const out: E[] = [];
  while (it.hasNext()) {
    const e = it.pop()!;
    out.push(e);
    options.onPop?.(e, tree);
  }
  return out;
}
