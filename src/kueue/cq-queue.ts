// A ClusterQueue's queue of pending workloads (BestEffortFIFO and StrictFIFO): the active heap, split by scheduling
// equivalence hash, and the inadmissible workloads. A NoFit of a head sends every heap workload of its hash to
// inadmissible (cluster_queue.go requeueIfNotPresent with SchedulingEquivalenceHashing) and freed quota sends them
// all back (QueueInadmissibleWorkloads): both happen in every cycle of a busy queue, so each hash's workloads move
// as one heap (one pointer), not one by one, and the QuotaReserved condition those moves write is tracked per heap
// (which members may differ from the heap's common condition), so that only those are rewritten.
import type { ClusterQueue } from './api.js';

/** What the queue reads of a workload: its heap order, its hash, and its QuotaReserved condition as last written. */
export interface QueueItem {
  priority: number;
  queueTs: number;
  seq: number;
  hash: string;
  qrStatus?: string | undefined;
  qrReason?: string | undefined;
  qrMessage?: string | undefined;
  /** The heap holding it (undefined: in no heap of a queue). */
  part?: HeapPart<QueueItem> | undefined;
}

/** Heap order of a ClusterQueue's active queue: priority, then queue-order timestamp, then arrival. */
export function before(a: QueueItem, b: QueueItem): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.queueTs !== b.queueTs) return a.queueTs < b.queueTs;
  return a.seq < b.seq;
}

/** One hash's workloads (a binary heap) and the QuotaReserved condition all of them but `odd` have. */
export class HeapPart<T extends QueueItem> {
  heap: T[] = [];
  status: string | undefined;
  reason: string | undefined;
  message: string | undefined;
  /** Members whose condition may differ from the part's (pushed with another one, or rewritten since). */
  readonly odd = new Set<T>();

  differs(x: QueueItem): boolean {
    return x.qrStatus !== this.status || x.qrReason !== this.reason || x.qrMessage !== this.message;
  }
}

/** A member's QuotaReserved condition was rewritten: its heap stops assuming it has the common one. */
export function conditionChanged(x: QueueItem): void {
  const p = x.part;
  if (p?.differs(x)) p.odd.add(x);
}

class HashGroup<T extends QueueItem> {
  /** The pending workloads of this hash. */
  active = new HeapPart<T>();
  /** Moved to inadmissible by a NoFit of this hash, until the next requeue (undefined: none). */
  parked: HeapPart<T> | undefined;
  /** Index in the queue's heap of groups (-1: its active heap is empty). */
  pos = -1;
  constructor(readonly hash: string) {}
}

export class CqQueue<T extends QueueItem> {
  private readonly groups = new Map<string, HashGroup<T>>();
  /** The groups with pending workloads, a heap by their heads: tops[0]'s head is the queue's head. */
  private readonly tops: HashGroup<T>[] = [];
  /** Groups with a `parked` heap. */
  private readonly parkedGroups = new Set<HashGroup<T>>();
  /** Inadmissible one by one (a head that did not fit, or enqueued while its hash was inadmissible). */
  readonly inadmissible = new Set<T>();
  /** Preemptors waiting for their victims' quota (upstream: sticky at the head), back at once when quota frees. */
  readonly preempting = new Set<T>();
  /** Heads that did not fit because of pending preemptions (upstream: retried at the head), back when quota frees. */
  readonly waiting = new Set<T>();
  /** SchedulingEquivalenceHashing: hashes found NoFit/NoCandidates since the last inadmissible requeue. */
  readonly bulkHashes = new Set<string>();
  /**
   * The ClusterQueue's preemptor workload (cluster_queue.go `pw`): the last workload requeued with reason
   * PendingPreemption, until it is deleted. Read only with the PrioritizePreemptorWorkloads gate (Head.IsPreemptor).
   */
  preemptor: T | undefined;
  /** StrictFIFO: the head that did not fit blocks the queue until quota is freed. */
  private blockedFlag = false;
  constructor(
    readonly cq: ClusterQueue,
    /** Position in name order (the order heads are taken in). */
    readonly index: number,
    readonly root: string,
    /** The queues with a head to offer: not blocked, heap not empty. */
    private readonly active: Set<CqQueue<T>>,
    /** Admission Fair Sharing: the LocalQueue usage ordering the heap first (lower first), when the CQ uses it. */
    private readonly afsUsage?: (t: T) => number,
  ) {}

  /** Heap order: (AFS) lower LocalQueue usage, then `before`. */
  private less(a: T, b: T): boolean {
    if (this.afsUsage) {
      const ua = this.afsUsage(a);
      const ub = this.afsUsage(b);
      if (ua !== ub) return ua < ub;
    }
    return before(a, b);
  }

  get strict(): boolean {
    return this.cq.spec?.queueingStrategy === 'StrictFIFO';
  }

  get blocked(): boolean {
    return this.blockedFlag;
  }

  set blocked(b: boolean) {
    this.blockedFlag = b;
    if (!b && this.tops.length > 0) this.active.add(this);
    else this.active.delete(this);
  }

  private group(hash: string): HashGroup<T> {
    let g = this.groups.get(hash);
    if (!g) this.groups.set(hash, (g = new HashGroup(hash)));
    return g;
  }

  push(t: T): void {
    const g = this.group(t.hash);
    this.add(g.active, t);
    if (g.pos < 0) this.insertTop(g);
    else if (g.active.heap[0] === t) this.topUp(g.pos);
    if (!this.blockedFlag) this.active.add(this);
  }

  /** The workload `pop` would return. */
  peek(): T | undefined {
    return this.tops[0]?.active.heap[0];
  }

  /**
   * Whether this cycle may take the heap's head. Upstream requeues a skipped head (FailedAfterNomination) and a
   * preemptor (PendingPreemption, sticky at a BestEffortFIFO head) at once and retries them every cycle; here they
   * wait outside the heap (`waiting`, `preempting`) until quota is freed in their cohort tree, the answer being the
   * same until then. They still stand at the head: a workload behind them is not nominated meanwhile, only one
   * that orders before them (cluster_queue.go baseCompareFunc: a sticky preemptor yields only to a lower
   * LocalQueue usage under Admission Fair Sharing).
   */
  offersHead(): boolean {
    if (this.waiting.size === 0 && this.preempting.size === 0) return true;
    const top = this.peek();
    if (!top) return false;
    for (const p of this.preempting) if (!(this.strict ? this.less(top, p) : this.beforeSticky(top, p))) return false;
    for (const w of this.waiting) if (!this.less(top, w)) return false;
    return true;
  }

  /** Heap order against the sticky preemptor: only the AFS LocalQueue usage comes before it. */
  private beforeSticky(a: T, sticky: T): boolean {
    return this.afsUsage !== undefined && this.afsUsage(a) < this.afsUsage(sticky);
  }

  pop(): T | undefined {
    const g = this.tops[0];
    if (!g) return undefined;
    const part = g.active;
    const top = this.removeAt(part, 0);
    if (part.heap.length === 0) this.removeTop(g);
    else this.topDown(0);
    if (this.tops.length === 0) this.active.delete(this);
    this.forget(g);
    return top;
  }

  remove(t: T): void {
    this.inadmissible.delete(t);
    this.preempting.delete(t);
    this.waiting.delete(t);
    const part = t.part as HeapPart<T> | undefined;
    const g = this.groups.get(t.hash);
    if (!part || !g) return;
    const i = part.heap.indexOf(t);
    if (i < 0) return;
    this.removeAt(part, i);
    if (part === g.active) {
      if (part.heap.length === 0) this.removeTop(g);
      else {
        this.topUp(g.pos);
        this.topDown(g.pos);
      }
      if (this.tops.length === 0) this.active.delete(this);
    } else if (part.heap.length === 0) {
      g.parked = undefined;
      this.parkedGroups.delete(g);
    }
    this.forget(g);
  }

  /** Adds many at once. */
  pushAll(ts: readonly T[]): void {
    for (const t of ts) this.push(t);
  }

  /**
   * A NoFit of a head with this hash: every pending workload of the hash becomes inadmissible with the head's
   * condition (status, reason, message). Returns the ones whose condition that changes, in heap order, for the
   * caller to write; the others already have it.
   */
  moveToInadmissible(hash: string, status: string, reason: string, message: string): T[] {
    const g = this.groups.get(hash);
    if (!g || g.active.heap.length === 0) return [];
    const part = g.active;
    const same = part.status === status && part.reason === reason && part.message === message;
    const changed: T[] = [];
    for (const x of same ? part.odd : part.heap) {
      if (x.qrStatus !== status || x.qrReason !== reason || x.qrMessage !== message) changed.push(x);
    }
    changed.sort((a, b) => (this.less(a, b) ? -1 : 1));
    this.removeTop(g);
    g.active = new HeapPart<T>();
    if (g.parked) {
      // Moved again before a requeue (pushed back by another path meanwhile): one parked heap.
      for (const x of part.heap) this.add(g.parked, x, status, reason, message);
    } else {
      part.status = status;
      part.reason = reason;
      part.message = message;
      part.odd.clear();
      g.parked = part;
      this.parkedGroups.add(g);
    }
    if (this.tops.length === 0) this.active.delete(this);
    return changed;
  }

  /** QueueInadmissibleWorkloads, the hash-moved part: every parked heap pending again. */
  restoreInadmissible(): void {
    for (const g of this.parkedGroups) {
      let part = g.parked!;
      g.parked = undefined;
      if (this.afsUsage) this.heapifyPart(part);
      const had = g.active.heap.length > 0;
      if (had) {
        // Merge the smaller heap into the larger.
        let from = g.active;
        if (part.heap.length < from.heap.length) [part, from] = [from, part];
        for (const x of from.heap) this.add(part, x);
      }
      g.active = part;
      if (had) {
        this.topUp(g.pos);
        this.topDown(g.pos);
      } else this.insertTop(g);
    }
    this.parkedGroups.clear();
    if (!this.blockedFlag && this.tops.length > 0) this.active.add(this);
  }

  /** Re-orders every heap (AFS: the LocalQueue usages changed). */
  heapify(): void {
    for (const g of this.groups.values()) this.heapifyPart(g.active);
    const tops = this.tops;
    for (let i = (tops.length >> 1) - 1; i >= 0; i--) this.topDown(i);
  }

  /**
   * Into a heap, with the condition it will have (`status`…, default: its own); the part's common condition is
   * kept, so a member with another one is noted odd.
   */
  private add(part: HeapPart<T>, t: T, status = t.qrStatus, reason = t.qrReason, message = t.qrMessage): void {
    const h = part.heap;
    if (h.length === 0 && part.odd.size === 0) {
      part.status = status;
      part.reason = reason;
      part.message = message;
    } else if (status !== part.status || reason !== part.reason || message !== part.message) part.odd.add(t);
    t.part = part as HeapPart<QueueItem>;
    h.push(t);
    this.up(h, h.length - 1);
  }

  private removeAt(part: HeapPart<T>, i: number): T {
    const h = part.heap;
    const t = h[i]!;
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.down(h, i);
      this.up(h, i);
    }
    part.odd.delete(t);
    t.part = undefined;
    return t;
  }

  /** Drops a group with nothing left (a fleet has many distinct hashes). */
  private forget(g: HashGroup<T>): void {
    if (g.pos < 0 && !g.parked && g.active.heap.length === 0) this.groups.delete(g.hash);
  }

  private heapifyPart(part: HeapPart<T>): void {
    const h = part.heap;
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.down(h, i);
  }

  private up(h: T[], i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(h: T[], i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  // The heap of groups, ordered by their heads (heads are distinct workloads: a total order).

  private lessTop(a: HashGroup<T>, b: HashGroup<T>): boolean {
    return this.less(a.active.heap[0]!, b.active.heap[0]!);
  }

  private setTop(i: number, g: HashGroup<T>): void {
    this.tops[i] = g;
    g.pos = i;
  }

  private insertTop(g: HashGroup<T>): void {
    this.tops.push(g);
    g.pos = this.tops.length - 1;
    this.topUp(g.pos);
  }

  private removeTop(g: HashGroup<T>): void {
    const i = g.pos;
    if (i < 0) return;
    g.pos = -1;
    const tops = this.tops;
    const last = tops.pop()!;
    if (i < tops.length) {
      this.setTop(i, last);
      this.topDown(i);
      this.topUp(last.pos);
    }
  }

  private topUp(i: number): void {
    const tops = this.tops;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.lessTop(tops[i]!, tops[p]!)) break;
      const a = tops[i]!;
      this.setTop(i, tops[p]!);
      this.setTop(p, a);
      i = p;
    }
  }

  private topDown(i: number): void {
    const tops = this.tops;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < tops.length && this.lessTop(tops[l]!, tops[m]!)) m = l;
      if (r < tops.length && this.lessTop(tops[r]!, tops[m]!)) m = r;
      if (m === i) break;
      const a = tops[i]!;
      this.setTop(i, tops[m]!);
      this.setTop(m, a);
      i = m;
    }
  }
}
