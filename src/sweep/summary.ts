// summary.json: per-arm aggregates computed from the records in run-id order, so the file is byte-identical
// whatever the number of workers, the order runs finished in, or how shards were merged.
import { type Arm, inShard, type Plan, runsOf, type Shard } from './plan.js';
import type { RunRecord } from './record.js';
import type { SearchResult } from './search.js';
import { type MetricSummary, summarize } from './stats.js';

export const SUMMARY_SCHEMA = 'jobset-sim/sweep-summary/v1';

export interface ArmSummary {
  arm: number;
  params: Record<string, unknown>;
  runs: number;
  failed: number;
  metrics: Record<string, MetricSummary>;
}

export interface SweepSummary {
  schema: string;
  sweep: { name: string; file: string };
  /** Present for one shard's own summary; a merged or unsharded sweep has none. */
  shard?: Shard;
  seeds: number[];
  runs: { planned: number; finished: number; failed: number; missing: number };
  failed: { run: number; arm: number; seed: number; error: RunRecord['error'] }[];
  arms: ArmSummary[];
  search?: SearchResult;
}

/** One record per run id (the first seen), in run-id order. */
export function byRunId(records: readonly RunRecord[]): RunRecord[] {
  const seen = new Map<number, RunRecord>();
  for (const r of records) if (!seen.has(r.run)) seen.set(r.run, r);
  return [...seen.values()].sort((a, b) => a.run - b.run);
}

export function buildSummary(
  plan: Plan,
  arms: readonly Arm[],
  records: readonly RunRecord[],
  opts: { shard?: Shard; search?: SearchResult } = {},
): SweepSummary {
  const planned = runsOf(plan, arms).filter((r) => inShard(r.run, opts.shard));
  const plannedIds = new Set(planned.map((r) => r.run));
  const done = byRunId(records).filter((r) => plannedIds.has(r.run));
  const failed = done.filter((r) => r.error !== undefined);
  const armSummaries: ArmSummary[] = arms.map((a) => {
    const mine = done.filter((r) => r.arm === a.arm);
    const ok = mine.filter((r) => r.metrics !== undefined);
    const keys: string[] = [];
    for (const r of ok) for (const k of Object.keys(r.metrics!)) if (!keys.includes(k)) keys.push(k);
    const metrics: Record<string, MetricSummary> = {};
    for (const k of keys) {
      const values = ok.map((r) => r.metrics![k]).filter((v): v is number => typeof v === 'number');
      metrics[k] = summarize(values);
    }
    return { arm: a.arm, params: a.params, runs: mine.length, failed: mine.length - ok.length, metrics };
  });
  return {
    schema: SUMMARY_SCHEMA,
    sweep: plan.sweep,
    ...(opts.shard ? { shard: opts.shard } : {}),
    seeds: plan.seeds,
    runs: {
      planned: planned.length,
      finished: done.length,
      failed: failed.length,
      missing: planned.length - done.length,
    },
    failed: failed.map((r) => ({ run: r.run, arm: r.arm, seed: r.seed, error: r.error })),
    arms: armSummaries,
    ...(opts.search ? { search: opts.search } : {}),
  };
}

export function summaryText(s: SweepSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
