// Samplers for synthetic workloads: clipped lognormal durations and categorical choices. Each sample consumes a
// fixed number of draws from its stream, so a change of one parameter never shifts later draws of that stream.
import type { Rng } from '../engine/random.js';

/** A lognormal of seconds, clipped to [min, max]. */
export interface LognormalSpec {
  mu: number;
  sigma: number;
  min: number;
  max: number;
}

/** μ and σ from a median and a mean (moment matching: median = e^μ, mean = e^(μ + σ²/2)); mean ≥ median. */
export function lognormalFromMedianMean(median: number, mean: number): { mu: number; sigma: number } {
  return { mu: Math.log(median), sigma: Math.sqrt(2 * Math.log(mean / median)) };
}

/** Two draws (Box–Muller). */
export function sampleDuration(rng: Rng, d: LognormalSpec): number {
  const x = rng.lognormal(d.mu, d.sigma);
  return Math.min(d.max, Math.max(d.min, x));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** The mean of a lognormal clipped to [min, max] (what the generator's durations average to). */
export function clippedLognormalMean(d: LognormalSpec): number {
  const { mu, sigma, min, max } = d;
  const a = (Math.log(min) - mu) / sigma;
  const b = (Math.log(max) - mu) / sigma;
  const body = Math.exp(mu + (sigma * sigma) / 2) * (normalCdf(b - sigma) - normalCdf(a - sigma));
  return min * normalCdf(a) + body + max * (1 - normalCdf(b));
}

/** A categorical distribution over values, by weight (weights need not sum to 1). */
export class Categorical<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(entries: Iterable<[T, number]>) {
    this.values = [];
    this.cumulative = [];
    let total = 0;
    for (const [v, w] of entries) {
      if (!(w > 0)) continue;
      total += w;
      this.values.push(v);
      this.cumulative.push(total);
    }
    if (this.values.length === 0) throw new RangeError('Categorical: no positive weight');
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= total;
  }

  /** One draw. */
  sample(rng: Rng): T {
    const u = rng.next();
    for (let i = 0; i < this.cumulative.length; i++) if (u < this.cumulative[i]!) return this.values[i]!;
    return this.values[this.values.length - 1]!;
  }

  /** Probability of each value (for tests and documentation). */
  probabilities(): Map<T, number> {
    const out = new Map<T, number>();
    let prev = 0;
    this.values.forEach((v, i) => {
      out.set(v, this.cumulative[i]! - prev);
      prev = this.cumulative[i]!;
    });
    return out;
  }
}
