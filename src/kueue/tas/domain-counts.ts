// Phase 1 of findTopologyAssignment (kueue ff69552e tas_flavor_snapshot.go fillInCounts, fillLeafCounts,
// fillInCountsHelper) over flat per-domain arrays, kept per request shape and brought up to date from the leaves
// touched since (the snapshot's touch log): an admission changes a handful of leaves, and only those and their
// ancestors are counted again instead of the whole tree. find-assignment.ts copies the counts into the scratch
// fields of the domains phase 2 visits (it reads and changes them), level by level as it descends.
import type { Amounts, Domain, LeafCounts, TasFlavorSnapshot } from './snapshot.js';

/** Fields per domain in DomainCounts.vals. */
const FIELDS = 5;
const POD = 0;
const SLICE = 1;
const POD_LEADER = 2;
const SLICE_LEADER = 3;
const LEADER = 4;
const MAX_INT32 = 2147483647;
/** Shapes kept per flavor; the oldest is dropped beyond this (each holds five numbers per domain). */
const MAX_ENTRIES = 32;

/** What phase 1's answers depend on besides the leaves' remaining capacity. */
export interface CountsShape {
  /** Every resource the workers or the leader request, in name order, with their requests (NaN = not requested). */
  names: readonly string[];
  requestVector: readonly number[];
  leaderVector?: readonly number[];
  /** A scratch vector as long as `names`. */
  scratch: number[];
  /** The leaf-level shape (Domain.counts' key). */
  countsKey: string;
  simulateEmpty: boolean;
  /** Usage already placed by earlier podsets of the same workload, per leaf id (no caching when non-empty). */
  assumedUsage: ReadonlyMap<string, Amounts>;
  sliceSize: number;
  sliceLevelIdx: number;
  sliceSizeAtLevel: ReadonlyMap<number, number>;
  leaderRequired: boolean;
}

/** The leaves a pod shape may use (getMatchingLeaves), with a flag per domain index filled on first use. */
export interface MatchedLeaves {
  leaves: readonly Domain[];
  flags?: Uint8Array;
}

/** Phase 1's counts of every domain for one shape, current at snapshot stamp `at`. */
export class DomainCounts {
  at = -1;
  /** podCount, sliceCount, podCountWithLeader, sliceCountWithLeader, leaderCount per domain index. */
  readonly vals: Float64Array;
  /** Per leaf index: the limiting resource of a leaf that fits no pod ('' otherwise). */
  readonly limiting: string[];
  /** Leaves that fit no pod, by limiting resource (the exclusion stats' `resource` rows). */
  readonly resources = new Map<string, number>();

  constructor(n: number) {
    this.vals = new Float64Array(n * FIELDS);
    this.limiting = new Array<string>(n).fill('');
  }
}

/**
 * The counts of `shape` on the snapshot's current state: the kept entry for `key` brought up to date, or computed
 * in full (and kept, unless the shape carries assumed usage). `key` must name the shape and the matched leaves.
 */
export function domainCounts(
  s: TasFlavorSnapshot,
  shape: CountsShape,
  matched: MatchedLeaves,
  key: string,
): DomainCounts {
  const cacheable = shape.assumedUsage.size === 0;
  let c = cacheable ? s.countsCache.get(key) : undefined;
  if (c && c.at === s.stamp) return c;
  const flags = matchedFlags(s, matched);
  if (c && c.at >= s.touchedBase) update(s, c, shape, flags);
  else {
    c = new DomainCounts(s.allDomains.length);
    full(s, c, shape, matched);
    if (cacheable) {
      if (s.countsCache.size >= MAX_ENTRIES) s.countsCache.delete(s.countsCache.keys().next().value!);
      s.countsCache.set(key, c);
    }
  }
  c.at = s.stamp;
  return c;
}

/**
 * Copies the counts of every domain down to `maxLevel` into the domains' scratch fields (what phase 2 reads and
 * changes); deeper domains are copied as phase 2 descends into them (copyCounts).
 */
export function applyCounts(s: TasFlavorSnapshot, c: DomainCounts, maxLevel: number): void {
  for (let level = 0; level <= maxLevel && level < s.domainsPerLevel.length; level++)
    for (const d of s.domainsPerLevel[level]!.values()) copy(c.vals, d);
}

/** Copies the counts of these domains into their scratch fields. */
export function copyCounts(c: DomainCounts, domains: readonly Domain[]): void {
  for (const d of domains) copy(c.vals, d);
}

function copy(v: Float64Array, d: Domain): void {
  const o = d.index * FIELDS;
  d.podCount = v[o + POD]!;
  d.sliceCount = v[o + SLICE]!;
  d.podCountWithLeader = v[o + POD_LEADER]!;
  d.sliceCountWithLeader = v[o + SLICE_LEADER]!;
  d.leaderCount = v[o + LEADER]!;
}

function matchedFlags(s: TasFlavorSnapshot, matched: MatchedLeaves): Uint8Array {
  if (matched.flags) return matched.flags;
  const flags = new Uint8Array(s.allDomains.length);
  for (const leaf of matched.leaves) flags[leaf.index] = 1;
  matched.flags = flags;
  return flags;
}

function full(s: TasFlavorSnapshot, c: DomainCounts, shape: CountsShape, matched: MatchedLeaves): void {
  const last = s.levels.length - 1;
  for (const leaf of matched.leaves) {
    setLeaf(s, c, leaf, shape);
    if (shape.sliceLevelIdx === last) setLeafSlices(c, leaf.index, shape);
  }
  for (let level = last - 1; level >= 0; level--)
    for (const d of s.domainsPerLevel[level]!.values()) aggregate(c, d, level, shape);
}

/** Counts again the leaves touched since `c.at`, then their ancestors, deepest level first. */
function update(s: TasFlavorSnapshot, c: DomainCounts, shape: CountsShape, flags: Uint8Array): void {
  const log = s.touched;
  const epoch = ++s.markEpoch;
  const marks = s.marks;
  const last = s.levels.length - 1;
  const byLevel: Domain[][] = [];
  for (let level = 0; level < last; level++) byLevel.push([]);
  for (let i = c.at - s.touchedBase; i < log.length; i++) {
    const leaf = s.allDomains[log[i]!]!;
    // A leaf the shape cannot use counts 0 whatever its usage.
    if (marks[leaf.index] === epoch || flags[leaf.index] !== 1) continue;
    marks[leaf.index] = epoch;
    setLeaf(s, c, leaf, shape);
    if (shape.sliceLevelIdx === last) setLeafSlices(c, leaf.index, shape);
    for (let d = leaf.parent; d && marks[d.index] !== epoch; d = d.parent) {
      marks[d.index] = epoch;
      byLevel[d.level]!.push(d);
    }
  }
  for (let level = last - 1; level >= 0; level--) for (const d of byLevel[level]!) aggregate(c, d, level, shape);
}

/** fillLeafCounts: the leaf's pod counts, and its `resource` exclusion row when it fits no pod. */
function setLeaf(s: TasFlavorSnapshot, c: DomainCounts, leaf: Domain, shape: CountsShape): void {
  const assumed = shape.assumedUsage.get(leaf.id);
  // The answers depend only on the shape and the leaf's remaining capacity: reused while the leaf's usage is unchanged.
  const hit = assumed ? undefined : leaf.counts?.get(shape.countsKey);
  const lc = hit && hit.stamp === leaf.stamp ? hit : leafCounts(s, leaf, shape, assumed);
  if (!assumed && lc !== hit) (leaf.counts ??= new Map()).set(shape.countsKey, lc);
  const o = leaf.index * FIELDS;
  c.vals[o + POD] = lc.podCount;
  c.vals[o + LEADER] = lc.leaderCount;
  c.vals[o + POD_LEADER] = lc.podCountWithLeader;
  const limiting = lc.podCount === 0 ? lc.limiting : '';
  const before = c.limiting[leaf.index]!;
  if (limiting === before) return;
  c.limiting[leaf.index] = limiting;
  if (before !== '') {
    const n = c.resources.get(before)! - 1;
    if (n === 0) c.resources.delete(before);
    else c.resources.set(before, n);
  }
  if (limiting !== '') c.resources.set(limiting, (c.resources.get(limiting) ?? 0) + 1);
}

/** fillInCountsHelper at a leaf of the slice level. */
function setLeafSlices(c: DomainCounts, index: number, shape: CountsShape): void {
  const o = index * FIELDS;
  c.vals[o + SLICE] = Math.trunc(c.vals[o + POD]! / shape.sliceSize);
  c.vals[o + SLICE_LEADER] = Math.trunc(c.vals[o + POD_LEADER]! / shape.sliceSize);
}

/** fillInCountsHelper at an inner domain, from its children's counts. */
function aggregate(c: DomainCounts, d: Domain, level: number, shape: CountsShape): void {
  const v = c.vals;
  let childrenCapacity = 0;
  let sliceCapacity = 0;
  let hasContributor = false;
  let minPodDiff = MAX_INT32;
  let minSliceDiff = MAX_INT32;
  let leaderCount = 0;
  const inner = shape.sliceSizeAtLevel.get(level + 1);
  for (const child of d.children) {
    const o = child.index * FIELDS;
    let childPods = v[o + POD]!;
    let childPodsWithLeader = v[o + POD_LEADER]!;
    if (inner !== undefined) {
      childPods = Math.trunc(childPods / inner) * inner;
      childPodsWithLeader = Math.trunc(childPodsWithLeader / inner) * inner;
    }
    childrenCapacity += childPods;
    const childSlices = v[o + SLICE]!;
    sliceCapacity += childSlices;
    const childLeaders = v[o + LEADER]!;
    if (!shape.leaderRequired || childLeaders > 0) {
      hasContributor = true;
      minPodDiff = Math.min(childPods - childPodsWithLeader, minPodDiff);
      minSliceDiff = Math.min(childSlices - v[o + SLICE_LEADER]!, minSliceDiff);
    }
    leaderCount = Math.max(childLeaders, leaderCount);
  }
  const o = d.index * FIELDS;
  const podCount = childrenCapacity;
  const podCountWithLeader = hasContributor ? childrenCapacity - minPodDiff : 0;
  let sliceCountWithLeader = hasContributor ? sliceCapacity - minSliceDiff : 0;
  if (level === shape.sliceLevelIdx) {
    sliceCapacity = Math.trunc(podCount / shape.sliceSize);
    sliceCountWithLeader = Math.trunc(podCountWithLeader / shape.sliceSize);
  }
  v[o + POD] = podCount;
  v[o + POD_LEADER] = podCountWithLeader;
  v[o + LEADER] = leaderCount;
  v[o + SLICE] = sliceCapacity;
  v[o + SLICE_LEADER] = sliceCountWithLeader;
}

/**
 * How many pods fit in the leaf's remaining capacity (CountInWithLimitingResource; resources in name order, so
 * that ties name the first), whether the leader fits, and how many pods fit next to it.
 */
function leafCounts(
  s: TasFlavorSnapshot,
  leaf: Domain,
  shape: CountsShape,
  assumed: ReadonlyMap<string, number> | undefined,
): LeafCounts {
  const names = shape.names;
  const free = shape.scratch;
  s.remainingInto(leaf, names, shape.simulateEmpty, assumed, free);
  const { count, limiting } = countInArrays(shape.requestVector, free, names);
  let leaderCount = 0;
  if (shape.leaderVector && countInArrays(shape.leaderVector, free, names).count > 0) {
    leaderCount = 1;
    for (let i = 0; i < names.length; i++) {
      const v = shape.leaderVector[i]!;
      if (!Number.isNaN(v)) free[i] = free[i]! - v;
    }
  }
  const podCountWithLeader = countInArrays(shape.requestVector, free, names).count;
  return { stamp: leaf.stamp, podCount: count, leaderCount, podCountWithLeader, limiting };
}

/** countIn over aligned vectors: requests (NaN = not requested) against free amounts, resources in name order. */
function countInArrays(
  requests: readonly number[],
  free: readonly number[],
  names: readonly string[],
): { count: number; limiting: string } {
  let result = -1;
  let limiting = '';
  for (let i = 0; i < requests.length; i++) {
    const v = requests[i]!;
    if (Number.isNaN(v)) continue;
    const count = v === 0 ? MAX_INT32 : Math.max(0, Math.min(Math.floor(free[i]! / v), MAX_INT32));
    if (result < 0 || count < result) {
      result = count;
      limiting = names[i]!;
    }
  }
  return { count: Math.max(result, 0), limiting };
}
