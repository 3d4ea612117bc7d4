// The Go math/rand port against Go's own golden values: src/math/rand/regress_test.go, TestRegress (seed 0 via
// r.Seed(0); 20 draws per method, the argument cycling through the test's int32s / int64s / permSizes lists).
import { describe, expect, it } from 'vitest';
import { GoRand } from '../../src/study/go-rand.js';

const int32s = [1, 10, 32, 1 << 20, (1 << 20) + 1, 1000000000, 1 << 30, 2 ** 31 - 2, 2 ** 31 - 1];
const permSizes = [0, 1, 5, 8, 9, 10, 16];

describe('GoRand (regress_test.go TestRegress golden values)', () => {
  it('Int63()', () => {
    const r = new GoRand(0);
    const got = Array.from({ length: 5 }, () => r.int63Big());
    expect(got).toEqual([
      8717895732742165505n,
      2259404117704393152n,
      6050128673802995827n,
      501233450539197794n,
      3390393562759376202n,
    ]);
    for (let i = 5; i < 19; i++) r.int63Big();
    expect(r.int63Big()).toBe(7373105480197164748n);
  });
  it('Int31()', () => {
    const r = new GoRand(0);
    expect(Array.from({ length: 4 }, () => r.int31())).toEqual([2029793274, 526058514, 1408655353, 116702506]);
  });
  it('Uint32()', () => {
    const r = new GoRand(0);
    expect(Array.from({ length: 4 }, () => r.uint32())).toEqual([4059586549, 1052117029, 2817310706, 233405013]);
  });
  it('Int31n(n) and Intn(n) for n < 2^31', () => {
    const r = new GoRand(0);
    const got = Array.from({ length: 20 }, (_, i) => r.int31n(int32s[i % int32s.length]!));
    expect(got).toEqual([
      0, 4, 25, 310570, 857611, 621654496, 413258767, 1407315077, 1926657288, 0, 8, 27, 367019, 209005, 307989752,
      544722126, 1663557311, 37539650, 0, 4,
    ]);
    // Intn's first 9 draws take the Int31n path with the same arguments
    const s = new GoRand(0);
    const int64s = [...int32s, 1e18, 2 ** 60, 0, 0];
    expect(Array.from({ length: 9 }, (_, i) => s.intn(int64s[i]!))).toEqual([
      0, 4, 25, 310570, 857611, 621654496, 413258767, 1407315077, 1926657288,
    ]);
  });
  it('Float64()', () => {
    const r = new GoRand(0);
    expect(Array.from({ length: 5 }, () => r.float64())).toEqual([
      0.9451961492941164, 0.24496508529377975, 0.6559562651954052, 0.05434383959970039, 0.36758720663245853,
    ]);
  });
  it('Perm(n)', () => {
    const r = new GoRand(0);
    const got = Array.from({ length: 20 }, (_, i) => r.perm(permSizes[i % permSizes.length]!));
    expect(got.slice(0, 7)).toEqual([
      [],
      [0],
      [0, 4, 1, 3, 2],
      [3, 1, 0, 4, 7, 5, 2, 6],
      [5, 0, 3, 6, 7, 4, 2, 1, 8],
      [4, 5, 0, 2, 6, 9, 3, 1, 8, 7],
      [14, 2, 0, 8, 3, 5, 13, 12, 1, 4, 6, 7, 11, 9, 15, 10],
    ]);
    expect(got[19]).toEqual([1, 0, 2, 5, 7, 6, 9, 8, 3, 4]);
  });
  it('reseeding restarts the stream; seed 0 and 89482311 are the same source', () => {
    const a = new GoRand(0);
    const b = new GoRand(89482311);
    expect(a.int63Big()).toBe(b.int63Big());
    a.seed(0);
    expect(a.int63Big()).toBe(8717895732742165505n);
  });
  it('Shuffle uses Lemire multiply-shift draws (int31n): j within [0, i]', () => {
    const r = new GoRand(42);
    const xs = Array.from({ length: 100 }, (_, i) => i);
    r.shuffle(xs.length, (i, j) => {
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThanOrEqual(i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    });
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
