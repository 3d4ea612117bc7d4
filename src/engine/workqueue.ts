// A controller's work queue: keys de-duplicated while waiting, processed after a reconcile latency,
// with requeue-after and the per-item exponential rate limiter client-go controllers use.
import type { Clock } from './simulator.js';

/** The retry cap when the configured backoff base is 0. */
export const ZERO_BASE_CAP_US = 60_000_000;

export class WorkQueue {
  /** key → time (µs) its pending reconcile runs */
  private readonly pending = new Map<string, { at: number; handle: number }>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly reconcile: (key: string) => void,
    private readonly latency: () => number,
    private readonly backoff: { base: () => number; maxFactor: number } = { base: () => 5000, maxFactor: 200000 },
    /** Names this queue's reconciles in a livelock report (engine/simulator.ts). */
    private readonly name = 'workqueue',
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
      if (this.clock.tracing) this.clock.trace?.(`${this.name} reconcile ${key}`);
      this.reconcile(key);
    });
    this.pending.set(key, { at, handle });
  }

  /**
   * After a failed reconcile: base · 2^failures, capped at base · maxFactor (client-go's per-item exponential
   * limiter). With a zero base (the zero latency profile) retries still back off, 1 µs doubling to 60 s, so a
   * retry never runs in the same instant as the failure and a long wait costs a bounded number of retries.
   */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const e = Math.min(n, 40);
    const base = this.backoff.base();
    const delay =
      base > 0 ? Math.min(base * 2 ** e, base * this.backoff.maxFactor) : Math.min(2 ** e, ZERO_BASE_CAP_US);
    this.addAfter(key, Math.max(1, Math.round(delay)));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }
}
