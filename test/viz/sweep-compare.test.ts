// `jobset-sim compare SWEEP_A SWEEP_B`: Welch's t-test against textbook values, arm matching by parameter values,
// the significance flag, "n/a" below 2 runs, the terminal and HTML output, and the run-vs-sweep error.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarize } from '../../src/sweep/stats.js';
import { compareSweeps, welchTest } from '../../viz/sweep-compare.js';
import { readSweepFolder } from '../../viz/sweep-data.js';
import { cli } from '../support/cli-capture.js';
import { gridSweep, writeSweepFolder } from './sweep-fixture.js';

const work = mkdtempSync(join(tmpdir(), 'jobset-sim-sweep-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("Welch's t-test", () => {
  it('Wikipedia "Welch\'s t-test", example 1 (15 vs 15 values)', () => {
    // Independently: scipy.stats.ttest_ind(a, b, equal_var=False) gives t = -2.455356398, df = 24.98852929,
    // p = 0.021378001 (Wikipedia's table: t = -2.46, ν = 25.0, p = 0.021). Here B − A, so t is positive.
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const w = welchTest(summarize(a), summarize(b))!;
    expect(w.t).toBeCloseTo(2.455356, 4);
    expect(w.df).toBeCloseTo(24.988529, 3);
    expect(w.p).toBeCloseTo(0.021378, 5);
  });

  it('example 2 (10 vs 20 values, unequal variances): not significant', () => {
    // scipy: t = -1.565433524, df = 9.904741249, p = 0.148841697 (Wikipedia: t = -1.57, ν = 9.9, p = 0.149).
    const a = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b = [
      21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5,
      21.8,
    ];
    const w = welchTest(summarize(a), summarize(b))!;
    expect(w.df).toBeCloseTo(9.904741, 3);
    expect(w.p).toBeCloseTo(0.148842, 5);
  });

  it('no p below 2 values on a side; without spread, equal means have none and different means p 0', () => {
    expect(welchTest(summarize([1]), summarize([1, 2, 3]))).toBeNull();
    expect(welchTest(summarize([5, 5]), summarize([5, 5, 5]))).toBeNull();
    expect(welchTest(summarize([5, 5]), summarize([6, 6]))!.p).toBe(0);
  });
});

// A: the 2 × 2 grid. B: the same grid's arms in another order (replicas slowest), policy default's waits 1000 s
// longer and binpack's 50 s longer, plus an arm A does not have; B's arm (binpack, 6) ran one seed only.
const a = gridSweep(join(work, 'a'));
const bArms = [
  { 'NodePool/v5p:spec.replicas': 4, 'scheduler.policy': 'default' },
  { 'NodePool/v5p:spec.replicas': 4, 'scheduler.policy': 'binpack' },
  { 'NodePool/v5p:spec.replicas': 6, 'scheduler.policy': 'default' },
  { 'NodePool/v5p:spec.replicas': 6, 'scheduler.policy': 'binpack' },
  { 'NodePool/v5p:spec.replicas': 8, 'scheduler.policy': 'default' },
];
const aIndex = [0, 2, 1, 3, 4]; // B arm -> the A arm with its parameters (4: none)
const b = writeSweepFolder(join(work, 'b'), {
  name: 'grid-b',
  arms: bArms,
  seeds: [1, 2, 3],
  value: (arm, i) => {
    if (arm === 3 && i > 0) return 'out of quota';
    const aa = aIndex[arm]!;
    const shift = bArms[arm]!['scheduler.policy'] === 'default' ? 1000 : 50;
    return { 'queueWait.p95': 1000 * (4 - aa) + 100 * i + shift, makespan: 5000 + 10 * aa + [3, 1, 2][i]! };
  },
});

describe('compare two sweeps', () => {
  const c = compareSweeps(readSweepFolder(a).summary, readSweepFolder(b).summary);
  const row = (policy: string, replicas: number, metric: string) =>
    c.rows.find(
      (r) => r.metric === metric && r.params.includes(`"${policy}"`) && r.params.includes(`replicas=${replicas}`),
    )!;

  it('matches arms by parameter values, whatever their order and arm numbers', () => {
    expect(c.rows).toHaveLength(4 * 2);
    expect(row('binpack', 4, 'makespan')).toMatchObject({ armA: 2, armB: 1, a: 5022, b: 5022, delta: 0 });
    expect(row('default', 6, 'makespan')).toMatchObject({ armA: 1, armB: 2 });
    expect(c.onlyA).toEqual([]);
    expect(c.onlyB).toEqual(['NodePool/v5p:spec.replicas=8, scheduler.policy="default"']);
  });

  it('flags a significant change and a not significant one, with the p-value', () => {
    // default, 4: A {4000, 4100, 4200}, B {5000, 5100, 5200}: sd 100 both, t = 1000/√(2·100²/3) = 12.247, df 4,
    // two-sided p = 2.55e-4 (scipy.stats.ttest_ind(..., equal_var=False).pvalue = 0.000255217).
    const big = row('default', 4, 'queueWait.p95');
    expect(big).toMatchObject({ a: 4100, b: 5100, delta: 1000, nA: 3, nB: 3, significant: true });
    expect(big.p).toBeCloseTo(0.000255217, 8);
    // binpack, 4: +50 s on sd 100: t = 0.612, df 4, p = 0.5734 (scipy: 0.573392).
    const small = row('binpack', 4, 'queueWait.p95');
    expect(small).toMatchObject({ delta: 50, significant: false });
    expect(small.p).toBeCloseTo(0.573392, 5);
  });

  it('n/a with fewer than 2 runs on a side', () => {
    expect(row('binpack', 6, 'queueWait.p95')).toMatchObject({ nA: 2, nB: 1, p: null, significant: null });
  });

  it('terminal table and --html', async () => {
    const html = join(work, 'cmp.html');
    const r = await cli('compare', a, b, '--html', html);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('arm scheduler.policy="default", NodePool/v5p:spec.replicas=4'));
    expect(lines[at]).toContain('(A arm 0, B arm 0)');
    expect(lines[at + 2]!.trim().split(/\s+/)).toEqual([
      'queueWait.p95',
      '4100',
      '5100',
      '+1000',
      '+24.4%',
      '3/3',
      '2.6e-4',
      'yes',
    ]);
    expect(r.out).toContain('n/a (< 2 runs)');
    expect(r.out).toContain('arms only in B: NodePool/v5p:spec.replicas=8, scheduler.policy="default"');
    expect(readFileSync(html, 'utf8')).toContain(
      '<td>queueWait.p95</td><td>4100</td><td>5100</td><td>+1000</td><td>+24.4%</td><td>3/3</td><td>2.6e-4</td><td>yes</td>',
    );
  });

  it('a run folder against a sweep folder is refused, naming both', async () => {
    const run = join(work, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'result.json'), '{}');
    const r = await cli('compare', run, a);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `jobset-sim: compare: ${run} is a run's --out folder (result.json) but ${a} is a sweep's --out folder (summary.json); compare two runs or two sweeps\n`,
    );
  });
});
