// Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completed and failed index sets as ordered
// intervals ("0-3,7"), the lowest pending indexes, duplicate-index removal, and backoffLimitPerIndex
// (failure counts carried from a failed pod to its replacement in annotations).
//
// `tracked(pod)` stands for "the pod still has the job-tracking finalizer": it has not been counted yet.
import type { Job } from '../../api/batch.js';
import type { Pod } from '../../api/core.js';
import { getFinishedTime } from './backoff.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  getIndexAbsoluteFailureCount,
  getIndexFailureCount,
  getIndexIgnoredFailureCount,
  isIndexed,
  isPodFailed,
  isTerminating,
  onlyReplaceFailedPods,
  podIndex,
  sortActivePods,
} from './pods.js';

export { getIndexAbsoluteFailureCount, getIndexFailureCount, isIndexed };

export interface Interval {
  first: number;
  last: number;
}

/** Disjoint intervals in increasing order. */
export type OrderedIntervals = Interval[];

export type Tracked = (p: Pod) => boolean;

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec.backoffLimitPerIndex !== undefined;
}

export function total(oi: readonly Interval[]): number {
  let n = 0;
  for (const iv of oi) n += iv.last - iv.first + 1;
  return n;
}

export function has(oi: readonly Interval[], ix: number): boolean {
  let lo = 0;
  let hi = oi.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (oi[mid]!.last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && oi[hi]!.first <= ix;
}

/** The union of two ordered interval lists, adjacent intervals merged. */
export function merge(a: readonly Interval[], b: readonly Interval[]): OrderedIntervals {
  const out: OrderedIntervals = [];
  const push = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ first: iv.first, last: iv.last });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.first < b[j]!.first) push(a[i++]!);
    else push(b[j++]!);
  }
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return out;
}

/** The intervals plus indexes given in increasing order. */
export function withOrderedIndexes(oi: readonly Interval[], indexes: readonly number[]): OrderedIntervals {
  // Nothing to add to a list merge would copy unchanged: the list itself (no caller writes to a returned list).
  if (indexes.length === 0 && isCanonical(oi)) return oi as OrderedIntervals;
  return merge(
    oi,
    indexes.map((i) => ({ first: i, last: i })),
  );
}

/** Each interval starts past the previous one's end and a gap: what merge() gives, so merge(oi, []) equals it. */
function isCanonical(oi: readonly Interval[]): boolean {
  for (let i = 1; i < oi.length; i++) if (oi[i]!.first <= oi[i - 1]!.last + 1) return false;
  return true;
}

/** The distinct valid indexes of the pods in increasing order (pods usually come in index order: no sort then). */
function indexesOf(pods: readonly Pod[]): number[] {
  const out: number[] = [];
  let ascending = true;
  for (const p of pods) {
    const ix = podIndex(p);
    if (ix === undefined) continue;
    if (out.length > 0 && ix <= out[out.length - 1]!) ascending = false;
    out.push(ix);
  }
  return ascending ? out : [...new Set(out)].sort((a, b) => a - b);
}

/** "0-3,7"; two adjacent indexes are written "4,5" as upstream does. */
export function formatIntervals(oi: readonly Interval[]): string {
  let out = '';
  for (let i = 0; i < oi.length; i++) {
    const v = oi[i]!;
    if (i > 0) out += ',';
    if (v.last === v.first) out += String(v.first);
    else if (v.last === v.first + 1) out += `${v.first},${v.last}`;
    else out += `${v.first}-${v.last}`;
  }
  return out;
}

/**
 * parseIndexesFromString: corrupted intervals are skipped, parsing stops at the first interval starting at
 * or beyond `completions`, and a last index beyond it is cut to completions − 1.
 */
export function parseIndexes(s: string | undefined, completions: number): OrderedIntervals {
  const out: OrderedIntervals = [];
  if (!s) return out;
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = atoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = atoi(limits[1]);
      if (l === undefined) continue;
      last = Math.min(l, completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

function atoi(v: string | undefined): number | undefined {
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

function validIndex(job: Job, p: Pod): number | undefined {
  const ix = podIndex(p);
  return ix !== undefined && ix < (job.spec.completions ?? 0) ? ix : undefined;
}

/** The completed indexes in the status, and those plus the newly succeeded (still tracked) pods' indexes. */
export function calculateSucceededIndexes(
  job: Job,
  pods: readonly Pod[],
  tracked: Tracked,
): { prev: OrderedIntervals; all: OrderedIntervals } {
  const completions = job.spec.completions ?? 0;
  const prev = parseIndexes(job.status.completedIndexes, completions);
  let fresh: Set<number> | undefined;
  for (const p of pods) {
    if (p.status.phase !== 'Succeeded') continue;
    const ix = validIndex(job, p);
    if (ix !== undefined && tracked(p)) (fresh ??= new Set()).add(ix);
  }
  return {
    prev,
    all: withOrderedIndexes(prev, fresh === undefined ? [] : [...fresh].sort((a, b) => a - b)),
  };
}

/** The failed indexes in the status plus those of newly failed (still tracked) pods. */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[], tracked: Tracked): OrderedIntervals {
  const completions = job.spec.completions ?? 0;
  const prev = job.status.failedIndexes !== undefined ? parseIndexes(job.status.failedIndexes, completions) : [];
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = validIndex(job, p);
    if (ix !== undefined && tracked(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withOrderedIndexes(
    prev,
    [...fresh].sort((a, b) => a - b),
  );
}

/** The pod fails its index: a FailIndex rule matched, or a counted failure reached backoffLimitPerIndex. */
export function isIndexFailed(job: Job, p: Pod): boolean {
  let counted = false;
  if (isPodFailed(p, job)) {
    if (job.spec.podFailurePolicy) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else {
      counted = true;
    }
  }
  return counted && getIndexFailureCount(p) >= (job.spec.backoffLimitPerIndex ?? 0);
}

export interface PendingIndexInput {
  activePods: readonly Pod[];
  succeededIndexes: readonly Interval[];
  failedIndexes?: readonly Interval[];
  /** Pods being deleted: their indexes are not pending when only failed pods are replaced. */
  terminatingPods?: readonly Pod[];
}

/**
 * Up to `count` lowest indexes below `completions` not covered by an active pod, a succeeded or failed
 * index, or (podReplacementPolicy Failed) a terminating pod.
 */
export function firstPendingIndexes(input: PendingIndexInput, count: number, completions: number): number[] {
  if (count === 0) return [];
  let nonPending = withOrderedIndexes(input.succeededIndexes, indexesOf(input.activePods));
  if (input.terminatingPods) nonPending = withOrderedIndexes(nonPending, indexesOf(input.terminatingPods));
  if (input.failedIndexes) nonPending = merge(nonPending, input.failedIndexes);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * The pods in completion-index order (no index first), as the stable sort `[...pods].sort(by index)` gives them.
 * A Job's pods come in creation order, mostly index order already: then the list itself is returned, uncopied (a
 * stable sort of a list already in order leaves it as it is).
 */
export function podsByIndex(pods: readonly Pod[]): readonly Pod[] {
  let last = Number.NEGATIVE_INFINITY;
  for (const p of pods) {
    const ix = podIndex(p) ?? -1;
    if (ix < last) return [...pods].sort((a, b) => (podIndex(a) ?? -1) - (podIndex(b) ?? -1));
    last = ix;
  }
  return pods;
}

/** The terminating pods of a Job that block their index (only when failed pods alone are replaced). */
export function blockingTerminatingPods(job: Job, pods: readonly Pod[]): Pod[] | undefined {
  return onlyReplaceFailedPods(job) ? pods.filter(isTerminating) : undefined;
}

/**
 * Active pods to remove for their index: without a (valid) index or at/after `completions`, and all but
 * one of each repeated index (keeping the one that sorts last by controller.ActivePods). Sorts `pods` in place.
 */
export function appendDuplicatedIndexPodsForRemoval(
  rm: Pod[],
  left: Pod[],
  pods: Pod[],
  completions: number,
): { rm: Pod[]; left: Pod[] } {
  const ix = (p: Pod) => podIndex(p) ?? -1;
  pods.sort((a, b) => ix(a) - ix(b));
  let lastIndex = -1;
  let firstRepeat = 0;
  let looped = 0;
  for (let i = 0; i < pods.length; i++) {
    const cur = ix(pods[i]!);
    if (cur >= completions) {
      rm.push(...pods.slice(i));
      break;
    }
    if (cur !== lastIndex) {
      sameIndex(rm, left, pods.slice(firstRepeat, i), lastIndex);
      firstRepeat = i;
      lastIndex = cur;
    }
    looped++;
  }
  sameIndex(rm, left, pods.slice(firstRepeat, looped), lastIndex);
  return { rm, left };
}

function sameIndex(rm: Pod[], left: Pod[], pods: Pod[], ix: number): void {
  if (ix === -1) {
    rm.push(...pods);
    return;
  }
  if (pods.length === 1) {
    left.push(pods[0]!);
    return;
  }
  sortActivePods(pods);
  rm.push(...pods.slice(0, -1));
  if (pods.length > 0) left.push(pods[pods.length - 1]!);
}

/**
 * backoffLimitPerIndex: per pending index, the last failed (still tracked) pod. It stays uncounted until its
 * replacement exists, so that the replacement can carry the index's failure count.
 */
export function getPodsWithDelayedDeletionPerIndex(
  job: Job,
  pods: readonly Pod[],
  tracked: Tracked,
  ctx: { activePods: readonly Pod[]; succeededIndexes: readonly Interval[]; failedIndexes: readonly Interval[] },
): Map<number, Pod> {
  const active = new Set(ctx.activePods.map(podIndex));
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!tracked(p) || !isPodFailed(p, job)) continue;
    const ix = validIndex(job, p);
    if (ix === undefined) continue;
    if (has(ctx.succeededIndexes, ix) || has(ctx.failedIndexes, ix) || active.has(ix)) continue;
    const last = out.get(ix);
    if (
      !last ||
      (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) &&
        getFinishedTime(p) >= getFinishedTime(last))
    ) {
      out.set(ix, p);
    }
  }
  return out;
}

/** The failure counts a replacement of `podBeingReplaced` carries: [counted, ignored]. */
export function getNewIndexFailureCounts(job: Job, podBeingReplaced: Pod | undefined): [number, number] {
  if (!podBeingReplaced) return [0, 0];
  let failures = getIndexFailureCount(podBeingReplaced);
  let ignored = getIndexIgnoredFailureCount(podBeingReplaced);
  if (job.spec.podFailurePolicy && !matchPodFailurePolicy(job.spec.podFailurePolicy, podBeingReplaced).countFailed) {
    ignored++;
  } else {
    failures++;
  }
  return [failures, ignored];
}
