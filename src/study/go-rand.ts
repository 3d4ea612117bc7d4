// A bit-exact port of Go's math/rand (Go 1.19–1.20; spec/fgd.md §5.2): the additive lagged-Fibonacci source
// (lags 607 and 273, seeded through seedrand and XORed with rngCooked) and the Rand methods the FGD study's
// simulator draws from: Int, Int63, Int31, Uint32, Int31n, Intn, the unexported int31n of Shuffle, Shuffle, Perm,
// Float64. Each 63-bit state word is held as two 32-bit halves so that drawing needs no BigInt.
import { RNG_COOKED } from './go-rand-cooked.js';

const LEN = 607;
const TAP = 273;
const M = 2147483647; // 2^31 − 1
const A = 48271;
const Q = 44488;
const R = 3399;
const TWO32 = 4294967296;
const TWO63 = 2 ** 63;
const MASK63 = (1n << 63n) - 1n;

/** x[n+1] = 48271·x[n] mod (2^31 − 1), Schrage's method as Go writes it. */
function seedrand(x: number): number {
  const hi = Math.trunc(x / Q);
  const lo = x % Q;
  let y = A * lo - R * hi;
  if (y < 0) y += M;
  return y;
}

export class GoRand {
  /** High 31 bits and low 32 bits of each state word. */
  private readonly hi = new Uint32Array(LEN);
  private readonly lo = new Uint32Array(LEN);
  private tap = 0;
  private feed = LEN - TAP;
  /** The last Int63's halves. */
  private outHi = 0;
  private outLo = 0;

  constructor(seed: number | bigint = 1) {
    this.seed(seed);
  }

  /** rngSource.Seed: seed mod (2^31 − 1) (0 → 89482311), then 20 warm-up steps of seedrand and 607 words. */
  seed(seed: number | bigint): void {
    this.tap = 0;
    this.feed = LEN - TAP;
    let s = BigInt(seed) % BigInt(M);
    if (s < 0n) s += BigInt(M);
    if (s === 0n) s = 89482311n;
    let x = Number(s);
    for (let i = -20; i < LEN; i++) {
      x = seedrand(x);
      if (i >= 0) {
        let u = BigInt(x) << 40n;
        x = seedrand(x);
        u ^= BigInt(x) << 20n;
        x = seedrand(x);
        u ^= BigInt(x);
        u ^= RNG_COOKED[i]!;
        u &= MASK63;
        this.hi[i] = Number(u >> 32n);
        this.lo[i] = Number(u & 0xffffffffn);
      }
    }
  }

  /** One step of the source; the result is in outHi/outLo. */
  private step(): void {
    if (--this.tap < 0) this.tap += LEN;
    if (--this.feed < 0) this.feed += LEN;
    const f = this.feed;
    const t = this.tap;
    const lo = this.lo[f]! + this.lo[t]!;
    const carry = lo >= TWO32 ? 1 : 0;
    const hi = (this.hi[f]! + this.hi[t]! + carry) & 0x7fffffff;
    this.hi[f] = hi;
    this.lo[f] = lo >>> 0;
    this.outHi = hi;
    this.outLo = lo >>> 0;
  }

  /** Int63 as a BigInt (for tests; the study uses the narrower draws). */
  int63Big(): bigint {
    this.step();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /** Int() on a 64-bit machine: the Int63 value. Returned as a double (rounded); the study discards it. */
  int(): number {
    this.step();
    return this.outHi * TWO32 + this.outLo;
  }

  /** Int31: Int63 >> 32. */
  int31(): number {
    this.step();
    return this.outHi;
  }

  /** Uint32: uint32(Int63 >> 31). */
  uint32(): number {
    this.step();
    return ((this.outHi << 1) | (this.outLo >>> 31)) >>> 0;
  }

  /** Int31n(n), 0 < n < 2^31: a mask for powers of two, else rejection above the largest multiple of n. */
  int31n(n: number): number {
    if (n <= 0 || n > M || !Number.isInteger(n)) throw new RangeError(`GoRand.int31n: invalid argument ${n}`);
    if ((n & (n - 1)) === 0) return this.int31() & (n - 1);
    const max = M - ((M + 1) % n);
    let v = this.int31();
    while (v > max) v = this.int31();
    return v % n;
  }

  /** Intn(n) for 0 < n < 2^31 (Int31n; larger n would take Int63n, which the study never needs). */
  intn(n: number): number {
    return this.int31n(n);
  }

  /** The unexported int31n of Shuffle: Lemire's multiply-shift on a Uint32, with its rejection step. */
  int31nLemire(n: number): number {
    let v = this.uint32();
    let [high, low] = mul32(v, n);
    if (low < n) {
      const thresh = (TWO32 - n) % n;
      while (low < thresh) {
        v = this.uint32();
        [high, low] = mul32(v, n);
      }
    }
    return high;
  }

  /** Shuffle(n, swap): Fisher–Yates from i = n − 1 down to 1 with j = int31n(i + 1). */
  shuffle(n: number, swap: (i: number, j: number) => void): void {
    if (n >= M) throw new RangeError('GoRand.shuffle: n ≥ 2^31 is not supported');
    for (let i = n - 1; i > 0; i--) swap(i, this.int31nLemire(i + 1));
  }

  /** Perm(n): for i = 0..n−1 (i = 0 draws Intn(1) too, as Go keeps it for compatibility), j = Intn(i+1). */
  perm(n: number): number[] {
    const m = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const j = this.intn(i + 1);
      m[i] = m[j]!;
      m[j] = i;
    }
    return m;
  }

  /** Float64: float64(Int63) / 2^63, drawn again in the (never seen) case it rounds to 1. */
  float64(): number {
    for (;;) {
      this.step();
      const f = (this.outHi * TWO32 + this.outLo) / TWO63;
      if (f !== 1) return f;
    }
  }
}

/** The 64-bit product v·n of two 32-bit values as [high 32 bits, low 32 bits], exactly. */
function mul32(v: number, n: number): [number, number] {
  const low = Math.imul(v, n) >>> 0;
  const vh = v >>> 16;
  const vl = v & 0xffff;
  const a = vh * n; // < 2^47
  const b = vl * n; // < 2^47
  const high = Math.floor(a / 65536) + Math.floor(((a % 65536) * 65536 + b) / TWO32);
  return [high, low];
}
