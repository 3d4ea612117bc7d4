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
  /** True only while a livelock is being diagnosed: event sources then name themselves with `trace`. */
  readonly tracing?: boolean;
  trace?(kind: string): void;
}

export const MAX_HORIZON_US = 365 * 24 * 3600 * 1e6;

/**
 * Events the loop may run at one instant without any API object changing before it calls the run a livelock
 * (README, Engine limits): far above any real burst (each such event is a whole reconcile or scheduling cycle),
 * and a same-instant requeue loop reaches it in about a second instead of hanging forever.
 */
export const MAX_IDLE_EVENTS_PER_INSTANT = 1_000_000;
/** Events sampled after the limit trips, to name the looping kinds in the error. */
const LIVELOCK_SAMPLE = 1000;

/** A run that made no progress: the same instant's events keep rescheduling each other. */
export class LivelockError extends Error {
  constructor(
    readonly time: number,
    readonly kinds: { kind: string; count: number }[],
  ) {
    super(
      `livelock at t=${time / 1e6}s: ${MAX_IDLE_EVENTS_PER_INSTANT} events ran at this instant ` +
        `without changing any object (MAX_IDLE_EVENTS_PER_INSTANT); the looping events, of the next ` +
        `${LIVELOCK_SAMPLE}: ${kinds.map((k) => `${k.kind} ×${k.count}`).join(', ')}`,
    );
    this.name = 'LivelockError';
  }
}

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
  /** Events run at `now` since the last object change (the livelock guard). */
  private idleEvents = 0;
  tracing = false;
  private traced: string | undefined;

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
    this.idleEvents = 0;
  }

  trace(kind: string): void {
    this.traced = kind;
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
      if (t !== this.now) this.idleEvents = 0;
      this.now = t;
      this.events++;
      if (++this.idleEvents > MAX_IDLE_EVENTS_PER_INSTANT) this.diagnoseLivelock(fn);
      fn();
      if (this.stopRequested) return { end: this.now, reason: 'stopped' };
    }
  }

  /** Runs the next events with tracing on and throws a LivelockError naming the kinds that repeat. */
  private diagnoseLivelock(first: () => void): never {
    const counts = new Map<string, number>();
    const t = this.now;
    this.tracing = true;
    let fn: (() => void) | undefined = first;
    for (let i = 0; i < LIVELOCK_SAMPLE && fn; i++) {
      this.traced = undefined;
      fn();
      const kind = this.traced ?? `untraced ${fn.toString().replace(/\s+/g, ' ').slice(0, 80)}`;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      fn = this.queue.peekTime() === t ? this.queue.pop() : undefined;
    }
    this.tracing = false;
    const kinds = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
    throw new LivelockError(t, kinds.slice(0, 5));
  }
}
