// The sweep's pure parts: the Sweep kind's validation, the plan (arms × seeds, common random numbers), metric
// picking, statistics (Student t against published table values), runs.jsonl torn lines, --shard, capacity search
// and the emitted JobSet (validated by the simulator's own JobSet webhook).
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { loaderOptions } from '../../src/simulate.js';
import { emitJobSet } from '../../src/sweep/emit-jobset.js';
import { pickMetrics } from '../../src/sweep/metrics.js';
import { planSweep, runsOf, setsFor } from '../../src/sweep/plan.js';
import type { RunRecord } from '../../src/sweep/record.js';
import { parseShard } from '../../src/sweep/run-sweep.js';
import { parseRuns, RunsWriter, readRuns } from '../../src/sweep/runs-file.js';
import { capacitySearch } from '../../src/sweep/search.js';
import { DEFAULT_METRICS, parseSweep, type SweepSpec } from '../../src/sweep/spec.js';
import { meanBound, summarize, tQuantile } from '../../src/sweep/stats.js';

const head = 'apiVersion: jobset-sim.dev/v1alpha1\nkind: Sweep\nmetadata: {name: s}\n';

function problems(text: string): string[] {
  try {
    parseSweep('dir/s.sweep.yaml', text);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected the sweep to be invalid');
}

describe('Sweep kind', () => {
  it('reads a grid sweep, resolving scenario files against the sweep file and defaulting the metrics', () => {
    const s = parseSweep(
      'dir/s.sweep.yaml',
      `${head}spec:\n  scenario: [base.yaml]\n  seeds: 3\n  parameters:\n    grid:\n      scheduler.policy: [default, binpack]\n      NodePool/v5p:spec.replicas: [2, 4]\n`,
    );
    expect(s.scenario).toEqual(['dir/base.yaml']);
    expect(s.seeds).toEqual([1, 2, 3]);
    expect(s.metrics).toEqual(DEFAULT_METRICS);
    expect(s.parameters).toEqual({
      type: 'grid',
      axes: [
        { path: 'scheduler.policy', values: ['default', 'binpack'] },
        { path: 'NodePool/v5p:spec.replicas', values: [2, 4] },
      ],
    });
  });

  it('names file, document, object and field for every problem at once', () => {
    const msgs = problems(
      `${head}spec:\n  scenario: [base.yaml]\n  seed: 3\n  seeds: [1, 1]\n  metrics: ['queueWait[']\n  parameters:\n    grid:\n      'NodePool/v5p:spec.replicas]': [1]\n      scheduler.policy: default\n`,
    );
    expect(msgs).toEqual([
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.seed: unknown field; did you mean "seeds"?',
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.seeds[1]: duplicate seed 1',
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.metrics[0]: invalid "[" in path: expected [INDEX], [FIELD=VALUE] or ["KEY"]',
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.parameters.grid["NodePool/v5p:spec.replicas]"]: unexpected "]" in path "spec.replicas]"',
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.parameters.grid["scheduler.policy"]: expected a non-empty list, got "default"',
    ]);
  });

  it('rejects a capacity search with parameters or a single seed, and a random range upside down', () => {
    expect(
      problems(
        `${head}spec:\n  scenario: b.yaml\n  search: {parameter: 'NodePool/v5p:spec.replicas', min: 1, max: 8, metric: queueWait.p95, atMost: 3600}\n  parameters: {list: [{a: 1}]}\n`,
      ),
    ).toEqual([
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.search: a capacity search takes no spec.parameters (it varies its own)',
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.seeds: a capacity search needs at least 2 seeds for a confidence bound',
    ]);
    expect(
      problems(`${head}spec:\n  scenario: b.yaml\n  parameters: {random: {samples: 2, fields: {a: {int: [5, 1]}}}}\n`),
    ).toEqual([
      'dir/s.sweep.yaml: document 1 (Sweep s): spec.parameters.random.fields.a.int: expected [LOW, HIGH] with LOW ≤ HIGH (integers), got [5,1]',
    ]);
    expect(problems('apiVersion: v1\nkind: ConfigMap\n')).toEqual([
      'dir/s.sweep.yaml: document 1: expected a Sweep (apiVersion: jobset-sim.dev/v1alpha1, kind: Sweep), got kind "ConfigMap"',
    ]);
  });
});

function spec(over: Partial<SweepSpec>): SweepSpec {
  return {
    name: 's',
    file: 's.yaml',
    scenario: ['b.yaml'],
    set: [],
    seeds: [7, 8],
    metrics: ['makespan'],
    parameters: { type: 'none' },
    ...over,
  };
}

describe('plan', () => {
  it('crosses grid axes in file order and gives run i of every arm the same seed (common random numbers)', () => {
    const plan = planSweep(
      spec({
        set: ['latencyProfile=zero'],
        parameters: {
          type: 'grid',
          axes: [
            { path: 'a', values: [1, 2] },
            { path: 'b', values: ['x', 'y'] },
          ],
        },
      }),
    );
    expect(plan.arms.map((a) => a.params)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    const runs = runsOf(plan, plan.arms);
    expect(runs.map((r) => [r.run, r.arm, r.seed])).toEqual([
      [0, 0, 7],
      [1, 0, 8],
      [2, 1, 7],
      [3, 1, 8],
      [4, 2, 7],
      [5, 2, 8],
      [6, 3, 7],
      [7, 3, 8],
    ]);
    expect(setsFor(plan, plan.arms[1]!.params)).toEqual(['latencyProfile=zero', 'a=1', 'b="y"']);
  });

  it('draws random arms from their own seeded stream: the same sweep gives the same arms, within range', () => {
    const s = spec({
      parameters: {
        type: 'random',
        samples: 20,
        seed: 3,
        fields: [
          { path: 'n', dist: { type: 'int', low: 2, high: 5 } },
          { path: 'x', dist: { type: 'logUniform', low: 1, high: 100 } },
          { path: 'p', dist: { type: 'choice', values: ['default', 'binpack'] } },
        ],
      },
    });
    const a = planSweep(s).arms;
    expect(planSweep(s).arms).toEqual(a);
    expect(planSweep({ ...s, seeds: [1, 2, 3] }).arms).toEqual(a); // the run seeds do not move the arms
    for (const arm of a) {
      expect([2, 3, 4, 5]).toContain(arm.params.n);
      expect(arm.params.x as number).toBeGreaterThanOrEqual(1);
      expect(arm.params.x as number).toBeLessThan(100);
      expect(['default', 'binpack']).toContain(arm.params.p);
    }
    expect(new Set(a.map((x) => x.params.n)).size).toBeGreaterThan(1);
  });
});

describe('metrics and statistics', () => {
  it('keeps numbers, flattens mappings under their own keys, and keeps null for a path that names nothing', () => {
    const m = { jobsets: { submitted: 3, completed: 2 }, utilization: { 'google.com/tpu': 0.5 }, makespan: null };
    expect(pickMetrics(m, ['jobsets', 'utilization["google.com/tpu"]', 'makespan', 'queueWait.p95'])).toEqual({
      'jobsets.submitted': 3,
      'jobsets.completed': 2,
      'utilization["google.com/tpu"]': 0.5,
      makespan: null,
      'queueWait.p95': null,
    });
  });

  it('Student t quantiles match the published table (NIST/SEMATECH e-Handbook 1.3.6.7.2)', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.132, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
  });

  it('summarizes mean, sample sd, the 95% interval and percentiles; one value has no spread', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(1.290994, 6);
    // 2.5 ± t(0.975, 3) · sd / 2, t(0.975, 3) = 3.182446
    expect(s.ci95![0]).toBeCloseTo(2.5 - (3.182446 * 1.290994) / 2, 5);
    expect(s.ci95![1]).toBeCloseTo(2.5 + (3.182446 * 1.290994) / 2, 5);
    expect([s.min, s.p50, s.max]).toEqual([1, 2.5, 4]);
    expect(summarize([5])).toMatchObject({ n: 1, mean: 5, sd: null, ci95: null });
    expect(summarize([])).toMatchObject({ n: 0, mean: null });
    // one-sided 95% upper bound: mean + t(0.95, 3) · sd / 2, t(0.95, 3) = 2.353363
    expect(meanBound([4, 1, 3, 2], 0.95, 'upper')!).toBeCloseTo(2.5 + (2.353363 * 1.290994) / 2, 5);
  });
});

describe('runs.jsonl and --shard', () => {
  it('ignores a torn last line and says how many bytes are whole', () => {
    const a = '{"run":0,"arm":0,"params":{},"seed":1,"metrics":{}}\n';
    const r = parseRuns(`${a}{"run":1,"ar`);
    expect(r.records.map((x) => x.run)).toEqual([0]);
    expect(r.goodBytes).toBe(a.length);
    expect(r.torn).toBe(true);
    expect(parseRuns(a).torn).toBe(false);
  });

  it('appends whole lines; resuming cuts a torn tail off first, and starts a file that does not exist yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runs-file-'));
    try {
      const path = join(dir, 'runs.jsonl');
      const rec = (run: number): RunRecord => ({ run, arm: 0, params: {}, seed: 1, metrics: { makespan: run } });
      // --resume in an empty --out (an Indexed Job's first attempt): nothing to keep
      const fresh = new RunsWriter(path, readRuns(path).goodBytes);
      fresh.append(rec(0));
      fresh.close();
      appendFileSync(path, '{"run":1,"arm":0,"par');
      const read = readRuns(path);
      expect(read.torn).toBe(true);
      const resumed = new RunsWriter(path, read.goodBytes);
      resumed.append(rec(1));
      resumed.close();
      expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(rec(0))}\n${JSON.stringify(rec(1))}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads I/N, or /N with I from JOB_COMPLETION_INDEX', () => {
    expect(parseShard('1/4', {})).toEqual({ index: 1, count: 4 });
    expect(parseShard('/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('/4', {})).toThrow(
      '--shard /4: no shard index given and JOB_COMPLETION_INDEX is not set; write --shard I/4',
    );
    expect(() => parseShard('4/4', {})).toThrow('the index 4 must be below N (4); I counts from 0');
    expect(() => parseShard('a/b', {})).toThrow('expected I/N');
  });
});

describe('capacity search', () => {
  const search = {
    parameter: 'NodePool/v5p:spec.replicas',
    min: 1,
    max: 16,
    metric: 'queueWait.p95',
    direction: 'atMost' as const,
    target: 100,
    confidence: 0.95,
    linked: [],
  };
  // wait(v) = 1000/v ± 10 over three seeds: sd 10, upper bound 1000/v + t(0.95, 2)·10/√3 = 1000/v + 16.86,
  // which is ≤ 100 from v = 13 (v = 12: 100.19)
  const evaluate = async (value: number) => {
    const records: RunRecord[] = [-10, 0, 10].map((d, i) => ({
      run: i,
      arm: value,
      params: {},
      seed: i + 1,
      metrics: { 'queueWait.p95': 1000 / value + d },
    }));
    return { arm: value, records };
  };

  it('finds the smallest value whose one-sided upper bound meets the target, by bisection', async () => {
    const r = await capacitySearch(search, evaluate);
    expect(r.answer).toBe(13);
    expect(r.steps.map((s) => [s.value, s.meets])).toEqual([
      [16, true],
      [8, false],
      [12, false],
      [14, true],
      [13, true],
    ]);
    expect(r.message).toMatch(
      /^NodePool\/v5p:spec.replicas = 13 is the smallest value meeting queueWait.p95 <= 100 at 95% confidence: upper bound 93\.78\d+ \(mean 76\.923077, n 3\); 12 does not: upper bound 100\.19/,
    );
  });

  it('says so when the top of the range does not meet the target, and a failed run never vouches', async () => {
    const none = await capacitySearch({ ...search, target: 10 }, evaluate);
    expect(none.answer).toBeNull();
    expect(none.message).toMatch(/= 16 \(the top of the range\) does not meet .*; widen spec.search.max$/);
    const failing = await capacitySearch(search, async (v) => {
      const r = await evaluate(v);
      r.records[0] = { ...r.records[0]!, metrics: undefined, error: { type: 'internal', message: 'boom' } };
      return r;
    });
    expect(failing.answer).toBeNull();
    expect(failing.steps[0]).toMatchObject({ value: 16, failed: 1, meets: false });
  });
});

describe('--emit-jobset', () => {
  it('prints a JobSet that the JobSet webhook accepts: an Indexed shard Job, then a merge that depends on it', () => {
    const text = emitJobSet({
      sweepFile: 'scenarios/capacity-plan.sweep.yaml',
      sweepName: 'Capacity_Plan',
      shards: 4,
      image: 'example/jobset-sim:0.1.0',
      claim: 'results',
      workers: 2,
    });
    const { scenario } = loadScenarioFromTexts([{ file: 'emitted.yaml', text }], loaderOptions());
    const js = scenario.jobSets[0]!.object;
    expect(js.metadata.name).toBe('sweep-capacity-plan');
    const [shards, merge] = js.spec.replicatedJobs;
    expect(shards!.template.spec.completionMode).toBe('Indexed');
    expect(shards!.template.spec.completions).toBe(4);
    expect(shards!.template.spec.template.spec.containers[0]!.args).toEqual([
      'sweep',
      'scenarios/capacity-plan.sweep.yaml',
      '--shard',
      '/4',
      '--resume',
      '--quiet',
      '--workers',
      '2',
      '--out',
      '/results/shard-$(JOB_COMPLETION_INDEX)',
    ]);
    expect(merge!.dependsOn).toEqual([{ name: 'shards', status: 'Complete' }]);
    expect(merge!.template.spec.template.spec.containers[0]!.args).toEqual([
      'merge',
      '/results/shard-0',
      '/results/shard-1',
      '/results/shard-2',
      '/results/shard-3',
      '--out',
      '/results/merged',
    ]);
  });
});
