// Aggregates over the seeds of one arm: mean, sample standard deviation, the 95% confidence interval of the mean
// (Student t, two-sided) and percentiles. Values are taken in run-id order and rounded to 1e-6, so the same runs
// give the same bytes whatever order they finished in.
import { deviation, mean, quantileSorted } from 'd3-array';
import jstat from 'jstat';
import { roundUs } from '../metrics/stats.js';

export interface MetricSummary {
  /** Runs with a value (failed runs and null values are left out). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null below 2 values. */
  sd: number | null;
  /** mean ± t(0.975, n−1)·sd/√n; null below 2 values. */
  ci95: [number, number] | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
}

/** The p-quantile of Student's t distribution with `dof` degrees of freedom. */
export function tQuantile(p: number, dof: number): number {
  return jstat.jStat.studentt.inv(p, dof);
}

/** Half-width of the two-sided `level` confidence interval of the mean, or null below 2 values. */
export function halfWidth(sd: number, n: number, level: number): number {
  return tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
}

export function summarize(values: readonly number[]): MetricSummary {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci95: null, min: null, p50: null, p90: null, p95: null, max: null };
  const m = mean(values)!;
  const sd = n >= 2 ? deviation(values)! : null;
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => roundUs(quantileSorted(sorted, p)!);
  let ci95: [number, number] | null = null;
  if (sd !== null) {
    const h = halfWidth(sd, n, 0.95);
    ci95 = [roundUs(m - h), roundUs(m + h)];
  }
  return {
    n,
    mean: roundUs(m),
    sd: sd === null ? null : roundUs(sd),
    ci95,
    min: roundUs(sorted[0]!),
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    max: roundUs(sorted[n - 1]!),
  };
}

/**
 * The one-sided `confidence` bound on the mean: upper = mean + t(confidence, n−1)·sd/√n (lower with −). With one
 * value the bound is that value (no spread can be estimated; a capacity search asks for 2 seeds or more).
 */
export function meanBound(values: readonly number[], confidence: number, side: 'upper' | 'lower'): number | null {
  const n = values.length;
  if (n === 0) return null;
  const m = mean(values)!;
  if (n === 1) return roundUs(m);
  const h = tQuantile(confidence, n - 1) * (deviation(values)! / Math.sqrt(n));
  return roundUs(side === 'upper' ? m + h : m - h);
}
