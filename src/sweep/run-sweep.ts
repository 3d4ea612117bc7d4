// Runs a sweep into an --out folder (CONTRACT.md §1): plan.json (what the sweep is), runs.jsonl appended as runs
// finish, summary.json written atomically at the end. --resume keeps the runs already in runs.jsonl and redoes the
// rest; --shard I/N runs only the run ids ≡ I (mod N).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../cli/files.js';
import { loadFiles } from '../simulate.js';
import { type Arm, inShard, type Plan, planSweep, runsOf, type Shard, setsFor } from './plan.js';
import { RunPool, SIM_POOL_OPTIONS, type WorkerPoolOptions } from './pool.js';
import type { RunRecord, RunTask } from './record.js';
import { RunsWriter, readRuns } from './runs-file.js';
import { capacitySearch, type SearchResult } from './search.js';
import type { SweepSpec } from './spec.js';
import { buildSummary, type SweepSummary, summaryText } from './summary.js';

/** A sweep that cannot start as asked (exit 1): the message says what to do instead. */
export class SweepError extends Error {
  override name = 'SweepError';
}

export interface SweepOptions {
  out: string;
  workers: number;
  shard?: Shard;
  resume?: boolean;
  /** The worker threads' options (heap limits); SIM_POOL_OPTIONS unless given (bench/sweep-workers.ts compares). */
  pool?: WorkerPoolOptions;
  /** Called after each finished run (including those kept by --resume, reported once at the start). */
  onProgress?: (done: number, total: number) => void;
}

export interface PlanFile {
  plan: Plan;
  shard: Shard | null;
}

export const PLAN_FILE = 'plan.json';
export const RUNS_FILE = 'runs.jsonl';
export const SUMMARY_FILE = 'summary.json';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function runSweep(spec: SweepSpec, opts: SweepOptions): Promise<SweepSummary> {
  const plan = planSweep(spec);
  const shard = opts.shard;
  if (plan.search && shard) {
    throw new SweepError(
      `${spec.file}: a capacity search (spec.search) bisects one value at a time and cannot be sharded; run it without --shard`,
    );
  }
  // The base scenario with the fixed overrides must load: if it does not, every run would fail the same way.
  loadFiles(plan.scenario, { sets: plan.set });

  mkdirSync(opts.out, { recursive: true });
  const planPath = join(opts.out, PLAN_FILE);
  const runsPath = join(opts.out, RUNS_FILE);
  const planFile: PlanFile = { plan, shard: shard ?? null };
  let kept: RunRecord[] = [];
  let keepBytes: number | undefined;
  if (opts.resume) {
    if (existsSync(planPath)) {
      const before = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
      if (!same(before, planFile)) {
        throw new SweepError(
          `${opts.out} holds another sweep (or another shard): its ${PLAN_FILE} differs from ${spec.file}${shard ? ` --shard ${shard.index}/${shard.count}` : ''}; resume with the same sweep file and flags, or use another --out`,
        );
      }
    }
    const read = readRuns(runsPath);
    kept = read.records;
    keepBytes = read.goodBytes;
  } else if (existsSync(runsPath) && statSync(runsPath).size > 0) {
    throw new SweepError(
      `${runsPath} already holds runs; pass --resume to continue that sweep, or choose another --out`,
    );
  }
  writeAtomic(planPath, `${JSON.stringify(planFile, null, 2)}\n`);

  const writer = new RunsWriter(runsPath, keepBytes);
  const pool = new RunPool(opts.workers, opts.pool ?? SIM_POOL_OPTIONS);
  const done = new Map<number, RunRecord>();
  for (const r of kept) if (!done.has(r.run)) done.set(r.run, r);
  try {
    const taskOf = (arm: Arm, run: number, seed: number): RunTask => ({
      run,
      arm: arm.arm,
      params: arm.params,
      seed,
      files: plan.scenario,
      sets: setsFor(plan, arm.params),
      metrics: plan.metrics,
    });
    let finished = 0;
    let total = 0;
    const execute = async (arms: Arm[]): Promise<RunRecord[]> => {
      const runs = runsOf(plan, arms).filter((r) => inShard(r.run, shard));
      const out: Promise<RunRecord>[] = [];
      for (const r of runs) {
        const prior = done.get(r.run);
        const arm = arms.find((a) => a.arm === r.arm)!;
        if (prior && prior.seed === r.seed && same(prior.params, arm.params)) {
          out.push(Promise.resolve(prior));
          continue;
        }
        if (prior) {
          throw new SweepError(
            `${runsPath}: run ${r.run} was recorded with other parameters or seed; use another --out`,
          );
        }
        out.push(
          pool.run(taskOf(arm, r.run, r.seed)).then((rec) => {
            writer.append(rec);
            done.set(rec.run, rec);
            opts.onProgress?.(++finished, total);
            return rec;
          }),
        );
      }
      return Promise.all(out);
    };

    let arms: Arm[] = plan.arms;
    let search: SearchResult | undefined;
    if (plan.search) {
      const s = plan.search;
      const steps = Math.ceil(Math.log2(s.max - s.min + 1)) + 1;
      total = steps * plan.seeds.length;
      const tried: Arm[] = [];
      finished = 0;
      search = await capacitySearch(s, async (value) => {
        const params: Record<string, unknown> = { [s.parameter]: value };
        for (const l of s.linked) params[l.path] = value * l.times;
        const arm: Arm = { arm: tried.length, params };
        tried.push(arm);
        const records = await execute([arm]);
        return { arm: arm.arm, records };
      });
      arms = tried;
    } else {
      const runs = runsOf(plan, arms).filter((r) => inShard(r.run, shard));
      total = runs.length;
      finished = runs.filter((r) => done.has(r.run)).length;
      opts.onProgress?.(finished, total);
      await execute(arms);
    }
    const summary = buildSummary(plan, arms, [...done.values()], { shard, search });
    writeAtomic(join(opts.out, SUMMARY_FILE), summaryText(summary));
    return summary;
  } finally {
    writer.close();
    await pool.close();
  }
}

/** Parses `--shard I/N` (I from 0) or `--shard /N` (I from JOB_COMPLETION_INDEX, as an Indexed Job's pod has it). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^\s*(\d*)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m)
    throw new SweepError(`--shard ${text}: expected I/N (e.g. 0/4, I from 0) or /N (I from JOB_COMPLETION_INDEX)`);
  const count = Number(m[2]);
  let indexText = m[1]!;
  if (indexText === '') {
    const fromEnv = env.JOB_COMPLETION_INDEX;
    if (fromEnv === undefined || !/^\d+$/.test(fromEnv)) {
      throw new SweepError(
        `--shard ${text}: no shard index given and JOB_COMPLETION_INDEX is ${fromEnv === undefined ? 'not set' : `"${fromEnv}", not a number`}; write --shard I/${count}`,
      );
    }
    indexText = fromEnv;
  }
  const index = Number(indexText);
  if (count < 1) throw new SweepError(`--shard ${text}: N must be at least 1`);
  if (index >= count)
    throw new SweepError(`--shard ${text}: the index ${index} must be below N (${count}); I counts from 0`);
  return { index, count };
}
