// The scheduling queue: activeQ ordered by priority then queue timestamp (PrioritySort), per-pod backoff
// (1 s doubling to 10 s), and the unschedulable pool, re-queued on cluster events and flushed after 5 min.
import type { Pod } from '../api/core.js';

export const INITIAL_BACKOFF_US = 1_000_000;
export const MAX_BACKOFF_US = 10_000_000;
export const UNSCHEDULABLE_FLUSH_US = 300_000_000;

export interface QueuedPod {
  pod: Pod;
  /** When it entered activeQ (µs); resets on every re-add, so retried pods lose their place. */
  timestamp: number;
  seq: number;
  attempts: number;
  lastAttempt: number;
  /** Plugin name → nodes it rejected, from the last failed attempt. */
  reasons?: Map<string, number>;
  /** The pod's shape key in speed mode and the resourceVersion it was computed at (ShapeCache.entryFor). */
  shapeKey?: string;
  shapeRv?: string;
  /**
   * Set when the pod's last speed-mode attempt found no node passing the static filters: the scheduler's node epoch
   * and the pod's resourceVersion then, and that attempt's static rejection counts (read only). While both are
   * unchanged, every retry finds the same (Scheduler.cycle).
   */
  noPassEpoch?: number;
  noPassRv?: string;
  noPassTotals?: ReadonlyMap<string, number>;
  /** spec.priority (immutable once admitted), copied by ActiveQueue.push so the heap compares without the pod. */
  priority?: number;
}

export function backoffOf(q: QueuedPod): number {
  if (q.attempts === 0) return 0;
  return Math.min(INITIAL_BACKOFF_US * 2 ** (q.attempts - 1), MAX_BACKOFF_US);
}

function before(a: QueuedPod, b: QueuedPod): boolean {
  const pa = a.priority!;
  const pb = b.priority!;
  if (pa !== pb) return pa > pb;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

/**
 * Queued pods in PrioritySort order: a binary heap, plus a run of pods pushed in order. Pods created one after
 * another at one priority arrive in that order (later timestamp or sequence), so they wait in the run and pop in
 * O(1) instead of sifting through a heap of every pending pod; a pod that would come before the run's last one
 * goes to the heap. The order is total (seq is unique), so pops come out exactly as from one heap.
 */
export class ActiveQueue {
  private readonly heap: QueuedPod[] = [];
  /** The in-order run, from `head` on. */
  private run: QueuedPod[] = [];
  private head = 0;

  get size(): number {
    return this.heap.length + this.run.length - this.head;
  }

  push(q: QueuedPod): void {
    q.priority = q.pod.spec.priority ?? 0;
    const run = this.run;
    if (run.length === this.head || !before(q, run[run.length - 1]!)) {
      run.push(q);
      return;
    }
    const h = this.heap;
    h.push(q);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(q, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = q;
  }

  pop(): QueuedPod | undefined {
    const run = this.run;
    if (this.head < run.length && (this.heap.length === 0 || before(run[this.head]!, this.heap[0]!))) {
      const q = run[this.head]!;
      run[this.head++] = undefined as unknown as QueuedPod;
      if (this.head === run.length) {
        run.length = 0;
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= run.length) {
        this.run = run.slice(this.head);
        this.head = 0;
      }
      return q;
    }
    return this.popHeap();
  }

  private popHeap(): QueuedPod | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      // Sift `last` down from the root, moving the better child up instead of swapping.
      const len = h.length;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = l;
        if (l >= len) break;
        if (r < len && before(h[r]!, h[l]!)) m = r;
        if (!before(h[m]!, last)) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
