// The allocation curve (spec/fgd.md §5.4; the authors' experiments/analysis/merge_alloc_discrete.py): per event
// x = round(arrived/T/10) (percent of GPU capacity, T GPUs) and y = round(used/T/10, 2); for X = 0..130 the mean of
// y over the events with x = X (else with x in [X−1, X+1]; else no point), rounded to 2 decimals. Python's round is
// round-half-even on the exact binary value, reproduced here.

/** Python round(v) for a float: to the nearest integer, exact halves to even. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Python round(v, 2): the nearest 2-decimal value to the exact binary v; an exact tie goes to the even digit. */
export function round2(v: number): number {
  // exact ties at 2 decimals are the dyadic values m + j/8 with j odd
  const e = v * 8;
  if (Number.isInteger(e) && !Number.isInteger(v * 4)) {
    const h = v * 100; // k + 0.5 exactly
    const k = Math.floor(h);
    return (k % 2 === 0 ? k : k + 1) / 100;
  }
  return Number(v.toFixed(2));
}

/** The curve's points [X, value] for X = 0..maxX where a value exists. */
export function allocationCurve(
  arrived: ArrayLike<number>,
  used: ArrayLike<number>,
  gpus: number,
  maxX = 130,
): [number, number][] {
  const n = arrived.length;
  const xs = new Int32Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = roundHalfEven(arrived[i]! / gpus / 10);
    ys[i] = round2(used[i]! / gpus / 10);
  }
  // event counts per x, to know which X have events of their own or in [X−1, X+1]
  const top = Math.max(maxX + 1, ...(n > 0 ? [xs.reduce((a, b) => Math.max(a, b), 0)] : [0])) + 2;
  const cnt = new Int32Array(top + 1);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (x < 0 || x > top) continue;
    cnt[x]!++;
  }
  const out: [number, number][] = [];
  for (let X = 0; X <= maxX; X++) {
    if (cnt[X]! > 0) {
      out.push([X, round2(meanOf(xs, ys, X, X))]);
      continue;
    }
    const c = (X > 0 ? cnt[X - 1]! : 0) + cnt[X + 1]!;
    if (c > 0) out.push([X, round2(meanOf(xs, ys, X - 1, X + 1))]);
  }
  return out;
}

/** The mean of y over the events with lo ≤ x ≤ hi, summed in event order (as pandas filters then means). */
function meanOf(xs: Int32Array, ys: Float64Array, lo: number, hi: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x >= lo && x <= hi) {
      s += ys[i]!;
      c++;
    }
  }
  return s / c;
}
