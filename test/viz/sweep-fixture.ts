// Hand-made sweep --out folders for the sweep report and compare tests: plan.json, runs.jsonl and the summary.json
// the sweep itself would write from them (buildSummary), so the tests check the report against the project's numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Arm, Plan } from '../../src/sweep/plan.js';
import type { RunRecord } from '../../src/sweep/record.js';
import type { SearchResult } from '../../src/sweep/search.js';
import { buildSummary, summaryText } from '../../src/sweep/summary.js';

export function writeSweepFolder(
  dir: string,
  opts: {
    name: string;
    arms: Record<string, unknown>[];
    seeds: number[];
    /** Metric values of arm a, seed index i (or an error message: that run failed). */
    value: (arm: number, i: number) => Record<string, number | null> | string;
    search?: SearchResult;
  },
): string {
  mkdirSync(dir, { recursive: true });
  const arms: Arm[] = opts.arms.map((params, arm) => ({ arm, params }));
  const plan: Plan = {
    schema: 'jobset-sim/sweep-plan/v1',
    sweep: { name: opts.name, file: `${opts.name}.sweep.yaml` },
    scenario: ['x.yaml'],
    set: [],
    seeds: opts.seeds,
    metrics: [],
    arms: opts.search ? [] : arms,
  };
  const records: RunRecord[] = [];
  for (const a of arms) {
    opts.seeds.forEach((seed, i) => {
      const v = opts.value(a.arm, i);
      const base = { run: a.arm * opts.seeds.length + i, arm: a.arm, params: a.params, seed };
      records.push(
        typeof v === 'string' ? { ...base, error: { type: 'invalid', message: v } } : { ...base, metrics: v },
      );
    });
  }
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify({ plan, shard: null }, null, 2)}\n`);
  writeFileSync(join(dir, 'runs.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(dir, 'summary.json'), summaryText(buildSummary(plan, arms, records, { search: opts.search })));
  return dir;
}

/** A 2 × 2 grid (policy × replicas), 3 seeds, run 11 (arm 3, seed 3) failed. */
export function gridSweep(dir: string, shift = 0): string {
  return writeSweepFolder(dir, {
    name: 'grid',
    arms: [
      { 'scheduler.policy': 'default', 'NodePool/v5p:spec.replicas': 4 },
      { 'scheduler.policy': 'default', 'NodePool/v5p:spec.replicas': 6 },
      { 'scheduler.policy': 'binpack', 'NodePool/v5p:spec.replicas': 4 },
      { 'scheduler.policy': 'binpack', 'NodePool/v5p:spec.replicas': 6 },
    ],
    seeds: [1, 2, 3],
    value: (arm, i) =>
      arm === 3 && i === 2
        ? 'x.yaml: document 2 (NodePool v5p): spec.replicas: expected at most 5'
        : { 'queueWait.p95': 1000 * (4 - arm) + 100 * i + shift, makespan: 5000 + 10 * arm + [3, 1, 2][i]! },
  });
}
