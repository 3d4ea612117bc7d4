import { describe, expect, it } from 'vitest';
import { type BucketsOutput, SeriesRecorder, StepSeries, type StepsOutput } from '../../src/metrics/series.js';

const S = 1e6; // µs per second
const U = 2 ** 20; // µs: bucket widths are powers of two of µs, so hand-computed cases use multiples of 2^20 µs
const u = (k: number) => Math.round(k * U) / 1e6; // k·U µs in seconds, as written (to 1e-6)

describe('StepSeries: exact change points while few', () => {
  it('keeps exact change points, with a point at 0, dropping repeats and same-instant overwrites', () => {
    const s = new StepSeries(10);
    s.set(2 * S, 1);
    s.set(2 * S, 3); // same instant: replaces
    s.set(5 * S, 3); // no change: dropped
    s.add(7 * S, -3);
    expect(s.output(10 * S)).toEqual({ t: [0, 2, 7], v: [0, 3, 0] });
  });

  it('a change undone at the same instant vanishes', () => {
    const s = new StepSeries(10);
    s.set(1 * S, 2);
    s.set(4 * S, 5);
    s.set(4 * S, 2);
    s.set(6 * S, 1);
    s.set(6 * S, 0); // not the previous value: kept as 0
    expect(s.output(10 * S)).toEqual({ t: [0, 1, 6], v: [0, 2, 0] });
    const z = new StepSeries(10);
    z.set(0, 4);
    z.set(0, 0);
    expect(z.size).toBe(0);
    expect(z.output(3 * S)).toEqual({ t: [0], v: [0] });
  });

  it('a change at 0 sets the first point; points after end are left out', () => {
    const s = new StepSeries(10);
    s.set(0, 4);
    s.set(3 * S, 1);
    s.set(20 * S, 9);
    expect(s.output(10 * S)).toEqual({ t: [0, 3], v: [4, 1] });
  });
});

describe('StepSeries: buckets beyond maxPoints (hand-computed)', () => {
  it('time-weighted mean and max per bucket; the width is the smallest power of two giving ≤ maxPoints buckets', () => {
    // 0 on [0,1U), 4 on [1U,3U), 2 on [3U,6U), 0 on [6U,7U), 5 on [7U,8U]; maxPoints 4: the 4th change switches to
    // buckets; end 8U → width 2U (U would give 8 buckets).
    const s = new StepSeries(4);
    s.set(1 * U, 4);
    s.set(3 * U, 2);
    s.set(6 * U, 0);
    expect(s.size).toBe(3); // still exact
    s.set(7 * U, 5);
    expect(s.size).toBeLessThanOrEqual(4);
    const b = s.output(8 * U) as BucketsOutput;
    expect(b.bucket).toBe(u(2));
    // [0,2U): 0·1 + 4·1 → 2; [2U,4U): 4·1 + 2·1 → 3; [4U,6U): 2; [6U,8U): 0·1 + 5·1 → 2.5
    expect(b.mean).toEqual([2, 3, 2, 2.5]);
    expect(b.max).toEqual([4, 4, 2, 5]);
  });

  it('buckets widen (pairs merged exactly) as time goes on; the last bucket may be shorter', () => {
    // maxPoints 4; value i on [iU, (i+1)U) for i = 1..7, end 11U → width 4U (2U would give 6 buckets): 3 buckets.
    const s = new StepSeries(4);
    for (let i = 1; i <= 7; i++) s.set(i * U, i);
    const b = s.output(11 * U) as BucketsOutput;
    expect(b.bucket).toBe(u(4));
    // [0,4U): 0+1+2+3 → 1.5 (max 3); [4U,8U): 4+5+6+7 → 5.5 (max 7); [8U,11U): 7 for 3U → 7
    expect(b.mean).toEqual([1.5, 5.5, 7]);
    expect(b.max).toEqual([3, 7, 7]);
    // Writing the output does not disturb later recording: the open segment is closed on a copy.
    s.set(12 * U, 0);
    expect((s.output(16 * U) as BucketsOutput).mean).toEqual([1.5, 5.5, 7, 0]);
  });

  it('memory stays within maxPoints however many changes', () => {
    const s = new StepSeries(50);
    for (let i = 1; i <= 100_000; i++) s.set(i * 1000, i % 7);
    expect(s.size).toBeLessThanOrEqual(50);
    const b = s.output(100_001_000) as BucketsOutput;
    expect(b.mean.length).toBeLessThanOrEqual(50);
    // the mean over everything: the cycle 0..6 averages 3
    const w = b.bucket * 1e6;
    let area = 0;
    b.mean.forEach((m, i) => {
      area += m * (Math.min((i + 1) * w, 100_001_000) - i * w);
    });
    expect(area / 100_001_000).toBeCloseTo(3, 2);
    expect(Math.max(...b.max)).toBe(6);
  });
});

describe('SeriesRecorder', () => {
  it('nests paths, sorted, and reads the clock at each change', () => {
    let now = 0;
    const r = new SeriesRecorder(() => now);
    now = 5 * S;
    r.add(['kueue', 'team-b', 'pending'], 1);
    r.set(['allocated', 'google.com/tpu'], 16);
    now = 8 * S;
    r.add(['kueue', 'team-b', 'pending'], -1);
    r.add(['kueue', 'team-a', 'pending'], 2);
    const out = r.output(10 * S);
    expect(Object.keys(out)).toEqual(['allocated', 'kueue']);
    expect(Object.keys(out.kueue as object)).toEqual(['team-a', 'team-b']);
    expect(out).toEqual({
      allocated: { 'google.com/tpu': { t: [0, 5], v: [0, 16] } },
      kueue: { 'team-a': { pending: { t: [0, 8], v: [0, 2] } }, 'team-b': { pending: { t: [0, 5, 8], v: [0, 1, 0] } } },
    });
    const steps: StepsOutput = { t: [0], v: [0] };
    expect(new SeriesRecorder(() => 0).get(['x']).output(1)).toEqual(steps);
  });
});
