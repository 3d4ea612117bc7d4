// Summary statistics for distributions (CONTRACT.md §4.1): {mean, p50, p90, p95, p99, max, n}.
import { max, mean, quantileSorted } from 'd3-array';

export interface Distribution {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  n: number;
}

/** Rounds to the microsecond so outputs do not carry floating-point noise. */
export function roundUs(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { mean: null, p50: null, p90: null, p95: null, p99: null, max: null, n: 0 };
  const xs = [...values].sort((a, b) => a - b);
  const q = (p: number) => roundUs(quantileSorted(xs, p) ?? 0);
  return {
    mean: roundUs(mean(xs) ?? 0),
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    max: roundUs(max(xs) ?? 0),
    n: xs.length,
  };
}
