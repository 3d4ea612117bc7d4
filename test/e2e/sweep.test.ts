// Sweeps end to end: the same sweep with 1 worker, 2 workers and 2 merged shards gives byte-identical
// summary.json; a sweep killed with SIGKILL half-way and resumed ends with every run exactly once; a failing run is
// recorded and does not stop the sweep.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles, simulate } from '../../src/simulate.js';
import { mergeSweeps } from '../../src/sweep/merge.js';
import type { RunRecord } from '../../src/sweep/record.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { readSweepFile } from '../../src/sweep/spec.js';
import { meanBound } from '../../src/sweep/stats.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'jobset-sim-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 3 arms × 3 seeds over the multislice scenario; the third arm's override is invalid (replicas must be ≥ 1), so
// its runs fail and are recorded.
const sweepFile = join(work, 'multislice.sweep.yaml');
writeFileSync(
  sweepFile,
  `apiVersion: jobset-sim.dev/v1alpha1
kind: Sweep
metadata: {name: multislice}
spec:
  scenario: [${join(repoRoot, 'scenarios/jax-multislice.yaml')}]
  seeds: 3
  metrics: [jobsets, makespan, startup.p95, 'utilization["google.com/tpu"]']
  parameters:
    list:
    - {NodePool/v5e-slice:spec.replicas: 4}
    - {NodePool/v5e-slice:spec.replicas: 3, latencyProfile: zero}
    - {NodePool/v5e-slice:spec.replicas: 0}
`,
);

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

function runIds(dir: string): number[] {
  const text = read(dir, 'runs.jsonl');
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as RunRecord).run);
}

describe('sweep', () => {
  const spec = readSweepFile(sweepFile);
  const one = join(work, 'one');

  it('records failing runs with their error and keeps going; the summary aggregates per arm in run-id order', async () => {
    const s = await runSweep(spec, { out: one, workers: 1 });
    expect(s.runs).toEqual({ planned: 9, finished: 9, failed: 3, missing: 0 });
    expect(s.failed.map((f) => [f.run, f.arm, f.seed, f.error?.type])).toEqual([
      [6, 2, 1, 'invalid'],
      [7, 2, 2, 'invalid'],
      [8, 2, 3, 'invalid'],
    ]);
    expect(s.failed[0]!.error!.message).toMatch(/NodePool v5e-slice\): spec.replicas: expected .*got 0/);
    const [a0, a1] = s.arms;
    expect(a0!.metrics.makespan).toMatchObject({ n: 3, mean: 3607.033004, sd: 0, ci95: [3607.033004, 3607.033004] });
    // 3 slices for 4 Jobs with zero latencies: one Job runs after another finishes, 2 h
    expect(a1!.metrics.makespan).toMatchObject({ n: 3, mean: 7200 });
    expect(a1!.metrics['utilization["google.com/tpu"]']!.n).toBe(3);
    expect(runIds(one).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('gives a byte-identical summary.json with 1 worker, 2 workers and 2 merged shards', async () => {
    const two = join(work, 'two');
    await runSweep(spec, { out: two, workers: 2 });
    const s0 = join(work, 'shard0');
    const s1 = join(work, 'shard1');
    const shard0 = await runSweep(spec, { out: s0, workers: 1, shard: { index: 0, count: 2 } });
    await runSweep(spec, { out: s1, workers: 1, shard: { index: 1, count: 2 } });
    expect(shard0.shard).toEqual({ index: 0, count: 2 });
    expect(runIds(s0).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8]);
    const merged = join(work, 'merged');
    mergeSweeps([s1, s0], merged);
    const reference = read(one, 'summary.json');
    expect(read(two, 'summary.json')).toBe(reference);
    expect(read(merged, 'summary.json')).toBe(reference);
    expect(runIds(merged)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses to overwrite earlier runs without --resume', async () => {
    await expect(runSweep(spec, { out: one, workers: 1 })).rejects.toThrow(
      /runs.jsonl already holds runs; pass --resume to continue that sweep, or choose another --out/,
    );
  });

  it('resumes a sweep killed with SIGKILL half-way: every run exactly once, and the same summary', async () => {
    const out = join(work, 'killed');
    const runs = join(out, 'runs.jsonl');
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'sweep', sweepFile, '--out', out, '--workers', '1', '--quiet'];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'ignore' });
    const lines = () => (existsSync(runs) ? read(out, 'runs.jsonl').split('\n').length - 1 : 0);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines() >= 3) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the sweep finished before it could be killed'));
      });
    });
    await new Promise((r) => child.once('exit', r));
    const before = lines();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(9);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    const written = runIds(out);
    // As if the kill had cut a line short: the torn line is ignored and its run redone.
    appendFileSync(runs, '{"run":8,"arm":2,"par');
    const r = spawnSync(process.execPath, [...args, '--resume'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^sweep multislice: 9 of 9 runs finished, 3 failed; /);
    const ids = runIds(out);
    expect(ids.slice(0, before)).toEqual(written); // kept as written, the rest appended
    expect([...ids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(read(out, 'summary.json')).toBe(read(one, 'summary.json'));
  });

  it('capacity search: the fewest slices for a multislice makespan within 1 h 5 m, with its steps in summary.json', async () => {
    const file = join(work, 'search.sweep.yaml');
    writeFileSync(
      file,
      `apiVersion: jobset-sim.dev/v1alpha1
kind: Sweep
metadata: {name: search}
spec:
  scenario: [${join(repoRoot, 'scenarios/jax-multislice.yaml')}]
  seeds: 2
  metrics: [makespan]
  search: {parameter: 'NodePool/v5e-slice:spec.replicas', min: 1, max: 5, metric: makespan, atMost: 3900}
`,
    );
    const out = join(work, 'search');
    const s = await runSweep(readSweepFile(file), { out, workers: 2 });
    // 4 Jobs need 4 slices to run at once; 3 or fewer run them in waves (2 h or more)
    expect(s.search!.answer).toBe(4);
    expect(s.search!.steps.map((x) => [x.value, x.meets])).toEqual([
      [5, true],
      [3, false],
      [4, true],
    ]);
    expect(s.arms.map((a) => a.params)).toEqual([
      { 'NodePool/v5e-slice:spec.replicas': 5 },
      { 'NodePool/v5e-slice:spec.replicas': 3 },
      { 'NodePool/v5e-slice:spec.replicas': 4 },
    ]);
    expect(s.runs).toEqual({ planned: 6, finished: 6, failed: 0, missing: 0 });
    expect(JSON.parse(read(out, 'summary.json')).search.answer).toBe(4);
  });

  it('capacity-plan: 9 v5p slices keep the p95 queue wait under 1 h with 95% confidence over 10 seeded days, 8 do not (the README answer)', () => {
    const quota =
      'ClusterQueue/vision:spec.resourceGroups[0].flavors[name=v5p].resources[name=google.com/tpu].nominalQuota';
    // The search's criterion (src/sweep/search.ts): the one-sided 95% upper bound on the mean of queueWait.p95 over
    // the sweep's seeds 1..10 is at most 3600 s.
    const bound = (slices: number) =>
      meanBound(
        Array.from(
          { length: 10 },
          (_, i) =>
            simulate(join(repoRoot, 'scenarios/capacity-plan.yaml'), {
              seed: i + 1,
              sets: [`NodePool/v5p:spec.replicas=${slices}`, `${quota}=${16 * slices}`],
              retainEvents: false,
            }).result.metrics.queueWait.p95!,
        ),
        0.95,
        'upper',
      )!;
    const b9 = bound(9);
    const b8 = bound(8);
    expect(b9).toBeLessThanOrEqual(3600);
    expect(b8).toBeGreaterThan(3600);
    // The seeds are different days (a WorkloadGenerator), so the interval is not degenerate.
    expect(b9).toBeGreaterThan(0);
  });

  it('the CLI exits 1 naming file, document, object and field of an invalid sweep', () => {
    const bad = join(work, 'bad.sweep.yaml');
    writeFileSync(
      bad,
      'apiVersion: jobset-sim.dev/v1alpha1\nkind: Sweep\nmetadata: {name: bad}\nspec:\n  scenario: [b.yaml]\n  seeds: 0\n',
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sweep', bad], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bad}: document 1 (Sweep bad): spec.seeds: expected an integer from 1 to 100000, got 0\n`);
  });

  it('every scenarios/*.sweep.yaml is a valid sweep whose base scenario loads', () => {
    const files = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.sweep.yaml'));
    expect(files).toContain('capacity-plan.sweep.yaml');
    for (const f of files) {
      const s = readSweepFile(join(repoRoot, 'scenarios', f));
      expect(() => loadFiles(s.scenario, { sets: s.set })).not.toThrow();
    }
  });
});
