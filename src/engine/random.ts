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

/** One reproducible random stream. All methods consume a fixed, documented number of draws. */
export class Rng {
  private readonly prng: seedrandom.PRNG;

  /** `seed` is the full seed string; prefer `RandomStreams.stream(name)`. */
  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  next(): number {
    return this.prng.double();
  }

  /** Uniform integer in [0, n) for an integer n ≥ 1; unbiased (rejection sampling on 32-bit draws) for n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Rng.int: n must be a positive safe integer, got ${n}`);
    if (n > TWO_POW_32) return Math.floor(this.prng.double() * n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.prng.int32() >>> 0;
    while (x >= limit) x = this.prng.int32() >>> 0;
    return x % n;
  }

  /**
   * `int(n) === 0` for an integer 1 ≤ n ≤ 2^32, consuming exactly the same draws: the reservoir tie-break of the
   * scheduler's host selection draws once per tied node, so it skips the argument checks and computes the rejection
   * limit only for the rare draw that may need it (x ≥ 2^32 − n).
   */
  tie(n: number): boolean {
    let x = this.prng.int32() >>> 0;
    if (x >= TWO_POW_32 - n) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      while (x >= limit) x = this.prng.int32() >>> 0;
    }
    return x % n === 0;
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
