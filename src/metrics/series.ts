// Time series of step functions for the result's `series` (README "Outputs"): a recorder fed at change points only
// (O(1) per change, nothing scans the cluster), then, at the end of the run, each series written either exactly (its
// change points, when there are few) or downsampled to at most `maxPoints` equal time buckets over [0, end], each with
// the time-weighted mean and the maximum of the step function over the bucket. Both forms are functions of the
// change points and `end` alone, so the output is deterministic.

/** The default bound on points per series in the result (`SimulateOptions.seriesMaxPoints`). */
export const SERIES_MAX_POINTS = 500;

/** A step function's exact change points: `v[i]` holds from `t[i]` (seconds) until `t[i+1]`, the last until `end`. */
export interface StepsOutput {
  t: number[];
  v: number[];
}

/**
 * Equal buckets of `bucket` seconds: bucket i covers [i·bucket, min((i+1)·bucket, end)); `mean` is the
 * time-weighted mean of the step function over it and `max` its largest value there.
 */
export interface BucketsOutput {
  bucket: number;
  mean: number[];
  max: number[];
}

export type SeriesOutput = StepsOutput | BucketsOutput;

/** Values are written to 1e-6 (counts and resource units), so floating-point noise does not reach the file. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** One step function over simulated time (µs), starting at 0 with value 0. */
export class StepSeries {
  private t: number[] = [];
  private v: number[] = [];
  private current = 0;

  get value(): number {
    return this.current;
  }

  /** Number of stored change points. */
  get size(): number {
    return this.t.length;
  }

  /** The value from `timeUs` on; a change at the same instant replaces the previous one, an equal value is dropped. */
  set(timeUs: number, value: number): void {
    const n = this.t.length;
    if (n > 0 && this.t[n - 1] === timeUs) {
      this.v[n - 1] = value;
      // Set back to the value before this instant: the change vanishes.
      if (n > 1 && this.v[n - 2] === value) {
        this.t.pop();
        this.v.pop();
      } else if (n === 1 && value === 0) {
        this.t.pop();
        this.v.pop();
      }
    } else if (value !== this.current) {
      this.t.push(timeUs);
      this.v.push(value);
    }
    this.current = value;
  }

  add(timeUs: number, delta: number): void {
    this.set(timeUs, this.current + delta);
  }

  /** The exact change points up to `endUs` (a point at 0 first, so a reader needs no implicit start). */
  steps(endUs: number): StepsOutput {
    const t: number[] = [0];
    const v: number[] = [0];
    for (let i = 0; i < this.t.length; i++) {
      const ti = this.t[i]!;
      if (ti > endUs) break;
      if (ti === 0) v[0] = this.v[i]!;
      else {
        t.push(round6(ti / 1e6));
        v.push(round6(this.v[i]!));
      }
    }
    return { t, v };
  }

  /** Change points up to `endUs`, counting the implicit start at 0. */
  pointsUntil(endUs: number): number {
    let n = 1;
    for (let i = 0; i < this.t.length; i++) {
      const ti = this.t[i]!;
      if (ti > endUs) break;
      if (ti > 0) n++;
    }
    return n;
  }

  /**
   * Downsampled to `buckets` equal buckets of ceil(endUs / buckets) µs over [0, endUs] (the last one may be
   * shorter); one pass over the change points.
   */
  buckets(endUs: number, buckets: number): BucketsOutput {
    const width = Math.max(1, Math.ceil(endUs / buckets));
    const n = Math.max(1, Math.ceil(endUs / width));
    const area = new Array<number>(n).fill(0);
    const max = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
    // Segments [from, to) of constant value; the first starts at 0 with value 0 unless a change is at 0.
    let from = 0;
    let value = 0;
    const emit = (to: number) => {
      if (to <= from) return;
      let b = Math.floor(from / width);
      let s = from;
      while (s < to && b < n) {
        const bEnd = Math.min((b + 1) * width, endUs);
        const e = Math.min(to, bEnd);
        if (e > s) {
          area[b]! += value * (e - s);
          if (value > max[b]!) max[b] = value;
        }
        s = e;
        if (s >= bEnd) b++;
      }
    };
    for (let i = 0; i < this.t.length; i++) {
      const ti = this.t[i]!;
      if (ti >= endUs) break;
      emit(ti);
      from = ti;
      value = this.v[i]!;
    }
    emit(endUs);
    const mean: number[] = [];
    const maxOut: number[] = [];
    for (let b = 0; b < n; b++) {
      const len = Math.min((b + 1) * width, endUs) - b * width;
      mean.push(round6(len > 0 ? area[b]! / len : 0));
      maxOut.push(round6(max[b] === Number.NEGATIVE_INFINITY ? value : max[b]!));
    }
    return { bucket: round6(width / 1e6), mean, max: maxOut };
  }

  /** Exact steps when at most `maxPoints` change points, else `maxPoints` buckets. */
  output(endUs: number, maxPoints: number): SeriesOutput {
    if (endUs <= 0 || this.pointsUntil(endUs) <= maxPoints) return this.steps(endUs);
    return this.buckets(endUs, maxPoints);
  }
}

/** Named series, each a path of names (`['kueue', 'team-a', 'usage', 'tpu/google.com/tpu']`), written nested. */
export class SeriesRecorder {
  private readonly series = new Map<string, { path: readonly string[]; s: StepSeries }>();

  constructor(private readonly now: () => number) {}

  get(path: readonly string[]): StepSeries {
    const key = path.join('\u0000');
    let e = this.series.get(key);
    if (!e) {
      e = { path: [...path], s: new StepSeries() };
      this.series.set(key, e);
    }
    return e.s;
  }

  set(path: readonly string[], value: number): void {
    this.get(path).set(this.now(), value);
  }

  add(path: readonly string[], delta: number): void {
    this.get(path).add(this.now(), delta);
  }

  /** The nested `series` object, keys sorted at every level; every series of the run, even one that stayed 0. */
  output(endUs: number, maxPoints: number = SERIES_MAX_POINTS): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    const entries = [...this.series.values()].sort((a, b) => cmpPath(a.path, b.path));
    for (const { path, s } of entries) {
      let node = root;
      for (let i = 0; i < path.length - 1; i++) {
        const k = path[i]!;
        let next = node[k] as Record<string, unknown> | undefined;
        if (!next) node[k] = next = {};
        node = next;
      }
      node[path[path.length - 1]!] = s.output(endUs, maxPoints);
    }
    return root;
  }
}

function cmpPath(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
