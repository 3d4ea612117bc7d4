// Draws from the fault model's distributions; every draw from the stream the caller names for its purpose.
import type { Rng } from '../engine/random.js';
import type { DurationDist, Timing } from './spec.js';

/** A duration in integer µs (at least 1 µs for a random draw, so an event never lands before its cause). */
export function drawDuration(d: DurationDist, rng: Rng): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'exponential':
      return Math.max(1, Math.round(rng.exponential(d.mean)));
    case 'lognormal':
      return Math.max(1, Math.round(rng.lognormal(Math.log(d.median), d.sigma)));
  }
}

/** Mean of a duration distribution (µs). */
export function meanDuration(d: DurationDist): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'exponential':
      return d.mean;
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
  }
}

/** Time to the next failure of `weight` units in µs (exponential: superposed rate; Weibull: one unit's renewal). */
export function drawInterval(t: Timing, weight: number, rng: Rng): number {
  if (t.kind === 'exponential') return Math.max(1, Math.round(rng.exponential(1 / (t.rate * weight))));
  return Math.max(1, Math.round(rng.weibull(t.shape, t.scale)));
}

/** Mean time between failures of one unit (µs). */
export function meanInterval(t: Timing): number {
  return t.kind === 'exponential' ? 1 / t.rate : t.scale * gamma(1 + 1 / t.shape);
}

/** Γ(x) by the Lanczos approximation (g = 7), enough for Weibull means. */
export function gamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = c[0]!;
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

/**
 * Young/Daly checkpoint interval (spec/hardware-and-failures.md §3.8): the lost-time-optimal interval
 * τ* = √(2·M·δ) for a mean time between failures M and a checkpoint cost δ (same units as the inputs).
 * With a restart time R, `availability` gives Daly's T_c = δ + √(2(M+R)δ + δ²).
 */
export function youngDalyInterval(mtbf: number, checkpointCost: number, restart?: number): number {
  if (!(mtbf > 0) || !(checkpointCost >= 0)) {
    throw new RangeError(`youngDalyInterval: mtbf must be > 0 and checkpointCost >= 0, got ${mtbf}, ${checkpointCost}`);
  }
  if (restart === undefined) return Math.sqrt(2 * mtbf * checkpointCost);
  return checkpointCost + Math.sqrt(2 * (mtbf + restart) * checkpointCost + checkpointCost * checkpointCost);
}
