// The virtual clock and the event loop (SimPy-sized: a heap of (time, phase, seq) and run(until)).
// Time is integer microseconds. Ties run in phase order, then in the order they were scheduled.
import { CancellableQueue } from './event-queue.js';

/** Tie-break order of events that fall on the same microsecond. */
export const Phase = {
  /** workload arrivals and scripted actions */
  Arrival: 0,
  /** kubelet: pod status changes */
  Kubelet: 1,
  /** controllers and the garbage collector */
  Controller: 2,
  /** kube-scheduler cycles and binds */
  Scheduler: 3,
  /** periodic timers */
  Timer: 4,
} as const;

export interface Clock {
  readonly now: number;
  at(time: number, phase: number, fn: () => void): number;
  cancel(handle: number): boolean;
}

export const MAX_HORIZON_US = 365 * 24 * 3600 * 1e6;

export type StopReason = 'until' | 'quiet' | 'stalled' | 'horizon' | 'stopped';

export class Simulator implements Clock {
  now = 0;
  /** Time of the last event that changed an object. */
  lastChange = 0;
  private readonly queue = new CancellableQueue<() => void>();
  /** Keys of workloads that keep a run without `until` alive (pending, admitted or running). */
  private readonly live = new Set<string>();
  private pendingArrivals = 0;
  private stopRequested = false;
  events = 0;

  at(time: number, phase: number, fn: () => void): number {
    if (time < this.now) time = this.now;
    return this.queue.push(time, phase, fn);
  }

  after(delay: number, phase: number, fn: () => void): number {
    return this.at(this.now + delay, phase, fn);
  }

  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** An arrival or scripted action: keeps the run alive until it has happened. */
  arrival(time: number, fn: () => void): void {
    this.pendingArrivals++;
    this.at(time, Phase.Arrival, () => {
      this.pendingArrivals--;
      fn();
    });
  }

  setLive(key: string, live: boolean): void {
    if (live) this.live.add(key);
    else this.live.delete(key);
  }

  /** Ends run() after the current event (a caller that has its answer, e.g. `simulate`'s `stop.when`). */
  stop(): void {
    this.stopRequested = true;
  }

  touched(): void {
    this.lastChange = this.now;
  }

  get pending(): number {
    return this.queue.size;
  }

  /**
   * Runs to `until` (µs), or, without it, until quiet: no live workload and no arrival to come
   * (CONTRACT.md §2). Returns the end time and why the run stopped.
   */
  run(until?: number): { end: number; reason: StopReason } {
    const horizon = Math.min(until ?? MAX_HORIZON_US, MAX_HORIZON_US);
    for (;;) {
      if (until === undefined && this.live.size === 0 && this.pendingArrivals === 0) {
        return { end: this.lastChange, reason: 'quiet' };
      }
      const t = this.queue.peekTime();
      if (t === Number.POSITIVE_INFINITY) {
        if (until !== undefined) {
          this.now = horizon;
          return { end: horizon, reason: 'until' };
        }
        return { end: this.lastChange, reason: 'stalled' };
      }
      if (t > horizon) {
        this.now = horizon;
        return { end: horizon, reason: until !== undefined && until <= MAX_HORIZON_US ? 'until' : 'horizon' };
      }
      const fn = this.queue.pop()!;
      this.now = t;
      this.events++;
      fn();
      if (this.stopRequested) return { end: this.now, reason: 'stopped' };
    }
  }
}
