// The workloads holding quota in one cohort tree, kept per ClusterQueue and in preemption's candidate order, so
// that a target search reads only the ClusterQueues it may take from, and only as far as it needs (instead of
// grouping and classifying every admitted workload of the tree on each call). Maintained incrementally by the
// runtime on admission, eviction and release; built in one go from a list for the pure entry points.
//
// The order is CandidatesOrdering (kueue ff69552e pkg/scheduler/preemption/common/ordering.go) within one
// candidate class: every class holds only evicted or only live workloads, and either only the preemptor's
// ClusterQueue or only other ones, so what is left is priority ascending, most recent quota reservation first,
// then UID, then key (upstream's sort is unstable on equal UIDs; here the key decides). Without Admission Fair
// Sharing this is a total order, so a merge of the per-ClusterQueue lists reads the class in its sorted order.
import type { AdmittedWorkload } from './preemption-types.js';

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** CandidatesOrdering within a class (see the header); `now` stands for a missing quota reservation time. */
export function classOrder(a: AdmittedWorkload, b: AdmittedWorkload, now: number): number {
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  const at = a.quotaReservedAt ?? now;
  const bt = b.quotaReservedAt ?? now;
  if (at !== bt) return at > bt ? -1 : 1;
  return cmp(a.uid ?? '', b.uid ?? '') || cmp(a.key, b.key);
}

/** One ClusterQueue's workloads: as added (the order of the admitted list), and ordered, evicted apart. */
interface CqLists<W> {
  readonly all: W[];
  readonly evicted: W[];
  readonly live: W[];
  /** Workloads without a quota reservation time: their place depends on `now`. */
  unreserved: number;
  /** `evicted`/`live` need a sort (appended to unsorted); with `unreserved` > 0 they are sorted for `sortedFor`. */
  dirty: boolean;
  sortedFor: number;
}

const EMPTY: readonly never[] = [];

export class AdmittedIndex<W extends AdmittedWorkload = AdmittedWorkload> {
  private readonly lists = new Map<string, CqLists<W>>();

  /** An index of a list of admitted workloads (each ClusterQueue's ordered lists are sorted on first read). */
  static of<W extends AdmittedWorkload>(admitted: readonly W[]): AdmittedIndex<W> {
    const index = new AdmittedIndex<W>();
    for (const w of admitted) {
      const l = index.listsOf(w.clusterQueue);
      l.all.push(w);
      (w.evicted ? l.evicted : l.live).push(w);
      if (w.quotaReservedAt === undefined) l.unreserved++;
      l.dirty = true;
    }
    return index;
  }

  private listsOf(cq: string): CqLists<W> {
    let l = this.lists.get(cq);
    if (!l) {
      l = { all: [], evicted: [], live: [], unreserved: 0, dirty: false, sortedFor: Number.NaN };
      this.lists.set(cq, l);
    }
    return l;
  }

  add(w: W): void {
    const l = this.listsOf(w.clusterQueue);
    l.all.push(w);
    insertOrdered(l, w);
  }

  remove(w: W): void {
    const l = this.lists.get(w.clusterQueue);
    const i = l ? l.all.indexOf(w) : -1;
    if (!l || i < 0) return;
    l.all.splice(i, 1);
    removeOrdered(l, w);
  }

  /** `next` takes `prev`'s place (e.g. the same workload, now evicted). */
  replace(prev: W, next: W): void {
    const l = this.lists.get(prev.clusterQueue);
    const i = l ? l.all.indexOf(prev) : -1;
    if (!l || i < 0 || next.clusterQueue !== prev.clusterQueue) {
      this.remove(prev);
      this.add(next);
      return;
    }
    l.all[i] = next;
    removeOrdered(l, prev);
    insertOrdered(l, next);
  }

  /** A ClusterQueue's workloads in the order they were added (the admitted list filtered by ClusterQueue). */
  workloads(cq: string): readonly W[] {
    return this.lists.get(cq)?.all ?? EMPTY;
  }

  /** Every ClusterQueue's workloads in the order they were added. */
  *byClusterQueue(): Iterable<[string, readonly W[]]> {
    for (const [cq, l] of this.lists) if (l.all.length > 0) yield [cq, l.all];
  }

  /** A ClusterQueue's evicted and live workloads, each in the class order (classOrder) for `now`. */
  ordered(cq: string, now: number): { readonly evicted: readonly W[]; readonly live: readonly W[] } {
    const l = this.lists.get(cq);
    if (!l) return { evicted: EMPTY, live: EMPTY };
    if (l.dirty || (l.unreserved > 0 && l.sortedFor !== now)) {
      l.evicted.sort((a, b) => classOrder(a, b, now));
      l.live.sort((a, b) => classOrder(a, b, now));
      l.sortedFor = now;
      l.dirty = false;
    }
    return l;
  }
}

/** Into its ordered list: by binary search while the list is sorted for good, else appended for a later sort. */
function insertOrdered<W extends AdmittedWorkload>(l: CqLists<W>, w: W): void {
  const list = w.evicted ? l.evicted : l.live;
  if (w.quotaReservedAt === undefined) l.unreserved++;
  if (l.unreserved > 0 || l.dirty) {
    list.push(w);
    l.dirty = true;
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (classOrder(list[mid]!, w, 0) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, w);
}

/** Out of its ordered list; what remains keeps its order (without unreserved ones, that order needs no `now`). */
function removeOrdered<W extends AdmittedWorkload>(l: CqLists<W>, w: W): void {
  const list = w.evicted ? l.evicted : l.live;
  const i = list.indexOf(w);
  if (i >= 0) list.splice(i, 1);
  if (w.quotaReservedAt === undefined) l.unreserved--;
}
