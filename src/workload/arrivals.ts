// Arrivals: a non-homogeneous Poisson process whose rate is piecewise constant — a base rate times the hour-of-day
// multiplier (normalised to mean 1, so `perHour` is the daily average) times every burst active at that time.
// Arrival times come by inversion of the integrated rate: one exponential draw per arrival, so a burst or a
// multiplier changes the times only where it applies, and the draws stay aligned (common random numbers).
import type { Rng } from '../engine/random.js';

export interface Burst {
  /** µs */
  at: number;
  /** µs */
  duration: number;
  multiplier: number;
}

export interface ArrivalSpec {
  perHour: number;
  /** 24 hourly multipliers (not yet normalised), or null for a constant rate */
  diurnal: readonly number[] | null;
  /** the hour of day at t = 0 */
  startHour: number;
  bursts: Burst[];
}

const HOUR_US = 3_600_000_000;

export class ArrivalProcess {
  private readonly base: number;
  private readonly hourly: number[];

  constructor(private readonly spec: ArrivalSpec) {
    this.base = spec.perHour / HOUR_US; // arrivals per µs
    const d = spec.diurnal;
    if (d) {
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      this.hourly = d.map((x) => x / mean);
    } else {
      this.hourly = new Array(24).fill(1);
    }
  }

  /** The rate (per µs) at time t and the end of the constant piece it lies in. */
  piece(t: number): { rate: number; end: number } {
    const shifted = t + this.spec.startHour * HOUR_US;
    const hour = Math.floor(shifted / HOUR_US) % 24;
    let end = (Math.floor(shifted / HOUR_US) + 1) * HOUR_US - this.spec.startHour * HOUR_US;
    let m = this.hourly[hour]!;
    for (const b of this.spec.bursts) {
      const bEnd = b.at + b.duration;
      if (t >= b.at && t < bEnd) {
        m *= b.multiplier;
        end = Math.min(end, bEnd);
      } else if (b.at > t) end = Math.min(end, b.at);
    }
    return { rate: this.base * m, end };
  }

  /** The next arrival after `t` (µs), from one exponential draw. */
  next(t: number, rng: Rng): number {
    let e = rng.exponential(1);
    let now = t;
    for (let guard = 0; guard < 10_000_000; guard++) {
      const { rate, end } = this.piece(now);
      const room = rate * (end - now);
      if (rate > 0 && room >= e) return now + e / rate;
      e -= room;
      now = end;
    }
    throw new RangeError('ArrivalProcess: no arrival within reach (all rates zero?)');
  }
}
