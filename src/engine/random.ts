/**
 * Named, seeded random streams.
 *
 * Every model component draws from its own stream (`streams.stream('scheduler')`, `streams.stream('faults')`, ...),
 * so adding, removing or changing the draws of one component never reshuffles the numbers another one sees. Each
 * stream is an independent seedrandom Alea generator seeded with the string `jobset-sim/${seed}/${name}`; all
 * sequences are reproducible across runs and platforms.
 */
import seedrandom from 'seedrandom';

/** Kubernetes' generateName alphabet (k8s.io/apimachinery/pkg/util/rand): no vowels, no 0/1/3, to avoid words. */
export const K8S_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const HEX = '0123456789abcdef';
const TWO_POW_32 = 2 ** 32;
const HEX_CODES = Array.from(HEX, (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const FOUR = '4'.charCodeAt(0);
/** uuid()'s scratch: 36 character codes. */
const UUID_CODES: number[] = new Array<number>(36).fill(0);

/** 2^-32: Alea's state words are multiples of it. */
const TWO_POW_M32 = 2.3283064365386963e-10;
/** 2^-53. */
const TWO_POW_M53 = 1.1102230246251565e-16;

/**
 * One reproducible random stream. All methods consume a fixed, documented number of draws.
 *
 * The generator is seedrandom's Alea, run here rather than through seedrandom's closures: the scheduler's reservoir
 * tie-break draws once per tied node (hundreds per cycle at 10,000 nodes) and the call chain cost three times the
 * arithmetic. seedrandom still derives the initial state from the seed (its Mash hash), and the step, `int32()` and
 * `double()` below are its formulas, so every stream yields exactly seedrandom's numbers (test/unit/random.test.ts
 * compares them draw for draw).
 */
export class Rng {
  // Declared, not initialised: a class field starts as `undefined`, and V8 would then keep these doubles as tagged
  // fields and allocate a heap number on every write (one per draw); assigned first in the constructor they stay
  // unboxed doubles written in place.
  declare private s0: number;
  declare private s1: number;
  declare private s2: number;
  declare private c: number;

  /** `seed` is the full seed string; prefer `RandomStreams.stream(name)`. */
  constructor(seed: string) {
    const st = seedrandom.alea(seed, { state: true }).state();
    this.s0 = st.s0;
    this.s1 = st.s1;
    this.s2 = st.s2;
    this.c = st.c;
  }

  /** Alea's step: the next state word in [0, 1), a multiple of 2^-32. */
  private step(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    const s = t - c;
    this.s2 = s;
    return s;
  }

  /** seedrandom's `int32() >>> 0`: the step's 32 bits as an integer in [0, 2^32). */
  private uint32(): number {
    return this.step() * TWO_POW_32;
  }

  /** Uniform in [0, 1) with 53 bits of resolution (seedrandom's `double()`: two steps). */
  next(): number {
    const hi = this.step();
    return hi + ((this.step() * 0x200000) | 0) * TWO_POW_M53;
  }

  /** Uniform integer in [0, n) for an integer n ≥ 1; unbiased (rejection sampling on 32-bit draws) for n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Rng.int: n must be a positive safe integer, got ${n}`);
    if (n > TWO_POW_32) return Math.floor(this.next() * n);
    // The step written out, as in tie(): uids draw 33 of these per object.
    const t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    const s = t - c;
    this.s2 = s;
    let x = s * TWO_POW_32;
    if (x >= TWO_POW_32 - n) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      while (x >= limit) x = this.uint32();
    }
    return x - Math.floor(x / n) * n;
  }

  /**
   * `int(n) === 0` for an integer 1 ≤ n ≤ 2^32, consuming exactly the same draws: the reservoir tie-break of the
   * scheduler's host selection draws once per tied node, so it skips the argument checks and computes the rejection
   * limit only for the rare draw that may need it (x ≥ 2^32 − n). `x − ⌊x / n⌋·n` is exact for x < 2^32 and
   * cheaper than `%` on a value outside the small-integer range.
   */
  tie(n: number): boolean {
    // Alea's step written out: a call that returned the draw would box it (a double) whenever V8 does not inline
    // it, which in the scheduler's walk it does not.
    const t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    const s = t - c;
    this.s2 = s;
    let x = s * TWO_POW_32;
    if (x >= TWO_POW_32 - n) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      while (x >= limit) x = this.uint32();
    }
    return x - Math.floor(x / n) * n === 0;
  }

  /**
   * `count` tie draws in a row, `tie(first)`, `tie(first + 1)`, …: the same draws, returning the offset of the last
   * one that came out true, or -1. The scheduler's walk draws for a run of nodes of equal score in one call, with
   * the state in locals.
   */
  tieRun(first: number, count: number): number {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let c = this.c;
    let hit = -1;
    for (let k = 0; k < count; k++) {
      const n = first + k;
      let t = 2091639 * s0 + c * TWO_POW_M32;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      let x = s2 * TWO_POW_32;
      if (x >= TWO_POW_32 - n) {
        const limit = TWO_POW_32 - (TWO_POW_32 % n);
        while (x >= limit) {
          t = 2091639 * s0 + c * TWO_POW_M32;
          s0 = s1;
          s1 = s2;
          c = t | 0;
          s2 = t - c;
          x = s2 * TWO_POW_32;
        }
      }
      if (x - Math.floor(x / n) * n === 0) hit = k;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = c;
    return hit;
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Exponential with the given mean (> 0). */
  exponential(mean: number): number {
    if (!(mean > 0)) throw new RangeError(`Rng.exponential: mean must be > 0, got ${mean}`);
    return -mean * Math.log1p(-this.next());
  }

  /** Normal(mu, sigma) by Box–Muller; always consumes exactly two draws and returns the cosine branch. */
  normal(mu: number, sigma: number): number {
    if (!(sigma >= 0)) throw new RangeError(`Rng.normal: sigma must be >= 0, got ${sigma}`);
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    return mu + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Lognormal: exp(Normal(mu, sigma)); median e^mu. Consumes two draws. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Weibull with shape k > 0 and scale λ > 0 (inverse CDF). */
  weibull(shape: number, scale: number): number {
    if (!(shape > 0) || !(scale > 0)) {
      throw new RangeError(`Rng.weibull: shape and scale must be > 0, got ${shape}, ${scale}`);
    }
    return scale * (-Math.log1p(-this.next())) ** (1 / shape);
  }

  /** True with probability p (one draw, even for p ≤ 0 or p ≥ 1). */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('Rng.pick: empty array');
    return xs[this.int(xs.length)]!;
  }

  /** Shuffles `xs` in place (Fisher–Yates) and returns it. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = xs[i]!;
      xs[i] = xs[j]!;
      xs[j] = tmp;
    }
    return xs;
  }

  /** `n` characters of Kubernetes' generateName alphabet, e.g. the `x7k2q` in `my-job-x7k2q`. */
  k8sSuffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += K8S_SUFFIX_ALPHABET[this.int(K8S_SUFFIX_ALPHABET.length)];
    return s;
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.int(16)];
    return s;
  }

  /**
   * A deterministic RFC 4122 version-4-shaped UUID, e.g. `3f2a6c1e-9b4d-4e7a-8c21-5d0f9a7b3e64`: 32 hex draws
   * (digits 12 and 16 are then replaced by the version `4` and the variant), then the variant draw. Built from
   * character codes in one string: every object gets one, and the hex-string slicing allocated ~2 KB per uid.
   */
  uuid(): string {
    const c = UUID_CODES;
    let k = 0;
    for (let i = 0; i < 32; i++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) c[k++] = DASH;
      c[k++] = HEX_CODES[this.int(16)]!;
    }
    c[14] = FOUR;
    c[19] = HEX_CODES[8 + this.int(4)]!;
    return String.fromCharCode.apply(null, c);
  }
}

/** A family of named streams derived from one run seed. */
export class RandomStreams {
  readonly seed: number;
  private readonly streams = new Map<string, Rng>();

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`RandomStreams: seed must be a finite number, got ${seed}`);
    this.seed = seed;
  }

  /** The stream called `name`; the same instance on every call. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new Rng(`jobset-sim/${this.seed}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
