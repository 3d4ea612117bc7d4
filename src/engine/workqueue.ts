// A controller's work queue: keys de-duplicated while waiting, processed after a reconcile latency,
// with requeue-after and the per-item exponential rate limiter client-go controllers use.
import type { Clock } from './simulator.js';

export class WorkQueue {
  /** key → time (µs) its pending reconcile runs */
  private readonly pending = new Map<string, { at: number; handle: number }>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly reconcile: (key: string) => void,
    private readonly latency: () => number,
    private readonly backoff: { base: () => number; maxFactor: number } = { base: () => 5000, maxFactor: 200000 },
  ) {}

  /** Enqueue now: the reconcile runs after the controller's latency. */
  add(key: string): void {
    this.addAfter(key, this.latency());
  }

  /** Requeue after a delay (µs); an earlier pending run is kept, a later one is brought forward. */
  addAfter(key: string, delay: number): void {
    const at = this.clock.now + delay;
    const p = this.pending.get(key);
    if (p) {
      if (p.at <= at) return;
      this.clock.cancel(p.handle);
    }
    const handle = this.clock.at(at, 2, () => {
      this.pending.delete(key);
      this.reconcile(key);
    });
    this.pending.set(key, { at, handle });
  }

  /** After a failed reconcile: base · 2^failures, capped at base · maxFactor. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const base = this.backoff.base();
    this.addAfter(key, Math.min(base * 2 ** n, base * this.backoff.maxFactor));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }
}
