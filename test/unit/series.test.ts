import { describe, expect, it } from 'vitest';
import { SeriesRecorder, StepSeries } from '../../src/metrics/series.js';

const S = 1e6; // µs per second

describe('StepSeries', () => {
  it('keeps exact change points, with a point at 0, dropping repeats and same-instant overwrites', () => {
    const s = new StepSeries();
    s.set(2 * S, 1);
    s.set(2 * S, 3); // same instant: replaces
    s.set(5 * S, 3); // no change: dropped
    s.add(7 * S, -3);
    expect(s.steps(10 * S)).toEqual({ t: [0, 2, 7], v: [0, 3, 0] });
  });

  it('a change undone at the same instant vanishes', () => {
    const s = new StepSeries();
    s.set(1 * S, 2);
    s.set(4 * S, 5);
    s.set(4 * S, 2);
    s.set(6 * S, 1);
    s.set(6 * S, 0); // not the previous value: kept as 0
    expect(s.steps(10 * S)).toEqual({ t: [0, 1, 6], v: [0, 2, 0] });
    const z = new StepSeries();
    z.set(0, 4);
    z.set(0, 0);
    expect(z.size).toBe(0);
    expect(z.steps(3 * S)).toEqual({ t: [0], v: [0] });
  });

  it('a change at 0 sets the first point; points after end are left out', () => {
    const s = new StepSeries();
    s.set(0, 4);
    s.set(3 * S, 1);
    s.set(20 * S, 9);
    expect(s.steps(10 * S)).toEqual({ t: [0, 3], v: [4, 1] });
  });

  it('buckets: time-weighted mean and max per bucket (hand-computed)', () => {
    // 0..10 s: value 0 on [0,1), 4 on [1,3), 2 on [3,6), 0 on [6,7), 5 on [7,10]; 5 buckets of 2 s.
    const s = new StepSeries();
    s.set(1 * S, 4);
    s.set(3 * S, 2);
    s.set(6 * S, 0);
    s.set(7 * S, 5);
    const b = s.buckets(10 * S, 5);
    expect(b.bucket).toBe(2);
    // [0,2): 0·1 + 4·1 = 4 → 2; [2,4): 4·1 + 2·1 → 3; [4,6): 2; [6,8): 0·1 + 5·1 → 2.5; [8,10): 5
    expect(b.mean).toEqual([2, 3, 2, 2.5, 5]);
    expect(b.max).toEqual([4, 4, 2, 5, 5]);
  });

  it('buckets: the last bucket may be shorter; its mean is over its own length', () => {
    // end 7 s, 3 buckets → width ceil(7/3 s) = 2.333334 s; value 3 from 6 s.
    const s = new StepSeries();
    s.set(6 * S, 3);
    const b = s.buckets(7 * S, 3);
    expect(b.bucket).toBe(2.333334);
    expect(b.mean.length).toBe(3);
    // last bucket [4.666668, 7): 0 for 1.333332 s, 3 for 1 s → 3/2.333332
    expect(b.mean[2]).toBeCloseTo(3 / 2.333332, 5);
    expect(b.max).toEqual([0, 0, 3]);
  });

  it('output: exact steps while few, buckets beyond maxPoints', () => {
    const s = new StepSeries();
    for (let i = 1; i <= 9; i++) s.set(i * S, i % 2);
    expect('t' in s.output(10 * S, 10)).toBe(true); // 10 points with the start
    const b = s.output(10 * S, 5);
    expect(b).toEqual({ bucket: 2, mean: [0.5, 0.5, 0.5, 0.5, 0.5], max: [1, 1, 1, 1, 1] });
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
  });
});
