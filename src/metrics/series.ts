// Time series of step functions for the result's `series` (README "Outputs"): a recorder fed at change points only
// (amortised O(1) per change, nothing scans the cluster), each series held in at most `maxPoints` numbers, and
// written either exactly (its change points, when there are few) or as at most `maxPoints` equal time buckets over
// [0, end], each with the time-weighted mean and the maximum of the step function over the bucket. Both forms are
// functions of the change points and `end` alone, so the output is deterministic.

/** The default bound on points per series in the result (`SimulateOptions.seriesMaxPoints`). */
export const SERIES_MAX_POINTS = 500;

/** A step function's exact change points: `v[i]` holds from `t[i]` (seconds) until `t[i+1]`, the last until `end`. */
export interface StepsOutput {
  t: number[];
  v: number[];
}

/**
 * Equal buckets of `bucket` seconds (a power of two of µs): bucket i covers [i·bucket, min((i+1)·bucket, end));
 * `mean` is the time-weighted mean of the step function over it and `max` its largest value there.
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

/**
 * One step function over simulated time (µs), starting at 0 with value 0, in at most `maxPoints` numbers of memory:
 * its exact change points while there are fewer than `maxPoints`, then buckets of a power-of-two width W µs (the
 * smallest with ⌈t/W⌉ ≤ maxPoints for the latest time t), each holding the integral and the maximum of the function
 * over it; W doubles (neighbouring buckets merged, exactly) as time goes on. The output's width is the smallest such
 * W for `end`, whatever the order of events, so it is a function of the change points and `end` alone.
 */
export class StepSeries {
  private t: number[] = [];
  private v: number[] = [];
  private current = 0;
  /** Bucket mode: width (µs), ∫value per bucket, max per bucket (−∞ = not reached yet), open segment start. */
  private width = 0;
  private area: number[] = [];
  private max: number[] = [];
  private from = 0;

  constructor(private readonly maxPoints: number = SERIES_MAX_POINTS) {}

  get value(): number {
    return this.current;
  }

  /** Numbers held: stored change points, or buckets. */
  get size(): number {
    return this.width > 0 ? this.area.length : this.t.length;
  }

  /** The value from `timeUs` on; a change at the same instant replaces the previous one, an equal value is dropped. */
  set(timeUs: number, value: number): void {
    if (this.width > 0) {
      this.accumulate(timeUs);
      this.current = value;
      return;
    }
    const n = this.t.length;
    if (n > 0 && this.t[n - 1] === timeUs) {
      this.v[n - 1] = value;
      // Set back to the value before this instant: the change vanishes.
      if ((n > 1 && this.v[n - 2] === value) || (n === 1 && value === 0)) {
        this.t.pop();
        this.v.pop();
      }
    } else if (value !== this.current) {
      this.t.push(timeUs);
      this.v.push(value);
    }
    this.current = value;
    if (this.t.length >= this.maxPoints) this.toBuckets(timeUs);
  }

  add(timeUs: number, delta: number): void {
    this.set(timeUs, this.current + delta);
  }

  /** The smallest power-of-two width (µs) giving at most maxPoints buckets over [0, timeUs]. */
  private widthFor(timeUs: number): number {
    let w = 1;
    while (Math.ceil(timeUs / w) > this.maxPoints) w *= 2;
    return w;
  }

  /** From exact points to buckets (the open segment is the last value, from the last change). */
  private toBuckets(nowUs: number): void {
    const t = this.t;
    const v = this.v;
    this.width = this.widthFor(nowUs);
    this.from = 0;
    let value = 0;
    for (let i = 0; i < t.length; i++) {
      this.current = value;
      this.accumulate(t[i]!);
      value = v[i]!;
    }
    this.current = value;
    this.t = [];
    this.v = [];
  }

  /** Adds the open segment [from, toUs) at the current value to the buckets, widening them as needed. */
  private accumulate(toUs: number): void {
    if (toUs <= this.from) return;
    while (Math.ceil(toUs / this.width) > this.maxPoints) this.double();
    const w = this.width;
    let s = this.from;
    let b = Math.floor(s / w);
    while (s < toUs) {
      const e = Math.min(toUs, (b + 1) * w);
      while (this.area.length <= b) {
        this.area.push(0);
        this.max.push(Number.NEGATIVE_INFINITY);
      }
      this.area[b]! += this.current * (e - s);
      if (this.current > this.max[b]!) this.max[b] = this.current;
      s = e;
      b++;
    }
    this.from = toUs;
  }

  private double(): void {
    const area: number[] = [];
    const max: number[] = [];
    for (let i = 0; i < this.area.length; i += 2) {
      area.push(this.area[i]! + (this.area[i + 1] ?? 0));
      max.push(Math.max(this.max[i]!, this.max[i + 1] ?? Number.NEGATIVE_INFINITY));
    }
    this.area = area;
    this.max = max;
    this.width *= 2;
  }

  /** The exact change points up to `endUs` (a point at 0 first, so a reader needs no implicit start). */
  private steps(endUs: number): StepsOutput {
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

  /** The buckets over [0, endUs] (the open segment closed at endUs; a copy: recording may go on). */
  private buckets(endUs: number): BucketsOutput {
    const copy = new StepSeries(this.maxPoints);
    Object.assign(copy, { width: this.width, area: [...this.area], max: [...this.max], from: this.from });
    copy.current = this.current;
    copy.accumulate(endUs);
    while (Math.ceil(endUs / copy.width) > this.maxPoints) copy.double();
    const w = copy.width;
    const n = Math.max(1, Math.ceil(endUs / w));
    const mean: number[] = [];
    const max: number[] = [];
    for (let b = 0; b < n; b++) {
      const len = Math.min((b + 1) * w, endUs) - b * w;
      mean.push(round6(len > 0 ? (copy.area[b] ?? 0) / len : 0));
      const m = copy.max[b] ?? Number.NEGATIVE_INFINITY;
      max.push(round6(m === Number.NEGATIVE_INFINITY ? copy.current : m));
    }
    return { bucket: round6(w / 1e6), mean, max };
  }

  /** Exact steps while there are fewer than `maxPoints` change points, else buckets. */
  output(endUs: number): SeriesOutput {
    if (this.width === 0 || endUs <= 0) return this.steps(Math.max(0, endUs));
    return this.buckets(endUs);
  }
}

/** Writes one series at the recorder's current time. */
export interface SeriesWriter {
  set(value: number): void;
  add(delta: number): void;
}

/** Named series, each a path of names (`['kueue', 'team-a', 'usage', 'tpu/google.com/tpu']`), written nested. */
export class SeriesRecorder {
  private readonly series = new Map<string, { path: readonly string[]; s: StepSeries }>();

  constructor(
    private readonly now: () => number,
    private readonly maxPoints: number = SERIES_MAX_POINTS,
  ) {}

  get(path: readonly string[]): StepSeries {
    const key = path.join('\u0000');
    let e = this.series.get(key);
    if (!e) {
      e = { path: [...path], s: new StepSeries(this.maxPoints) };
      this.series.set(key, e);
    }
    return e.s;
  }

  set(path: readonly string[], value: number): void {
    this.get(path).set(this.now(), value);
  }

  /** A writer of one series, for callers that write it often (no path join per write); creates it as `get` does. */
  writer(path: readonly string[]): SeriesWriter {
    const s = this.get(path);
    const now = this.now;
    return { set: (value) => s.set(now(), value), add: (delta) => s.add(now(), delta) };
  }

  add(path: readonly string[], delta: number): void {
    this.get(path).add(this.now(), delta);
  }

  /** The nested `series` object, keys sorted at every level; every series of the run, even one that stayed 0. */
  output(endUs: number): Record<string, unknown> {
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
      node[path[path.length - 1]!] = s.output(endUs);
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
