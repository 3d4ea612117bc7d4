// `jobset-sim merge DIR... --out DIR`: the runs of a sweep's shards into one runs.jsonl (run-id order) and one
// summary.json, byte-identical to the summary of the same sweep run unsharded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../cli/files.js';
import type { RunRecord } from './record.js';
import { PLAN_FILE, type PlanFile, RUNS_FILE, SUMMARY_FILE, SweepError } from './run-sweep.js';
import { readRuns } from './runs-file.js';
import { buildSummary, byRunId, type SweepSummary, summaryText } from './summary.js';

export function mergeSweeps(dirs: readonly string[], out: string): SweepSummary {
  let first: { dir: string; file: PlanFile } | undefined;
  const records: RunRecord[] = [];
  for (const dir of dirs) {
    const planPath = join(dir, PLAN_FILE);
    if (!existsSync(planPath)) throw new SweepError(`${dir}: no ${PLAN_FILE}; is it a sweep's --out folder?`);
    const file = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
    if (file.plan.search) {
      throw new SweepError(`${dir}: a capacity search runs unsharded; its ${SUMMARY_FILE} is already complete`);
    }
    if (!first) first = { dir, file };
    else if (JSON.stringify(first.file.plan) !== JSON.stringify(file.plan)) {
      throw new SweepError(`${dir} holds another sweep than ${first.dir} (their ${PLAN_FILE} plans differ)`);
    }
    records.push(...readRuns(join(dir, RUNS_FILE)).records);
  }
  if (!first) throw new SweepError('merge: no folders given');
  const plan = first.file.plan;
  const runs = byRunId(records);
  writeAtomic(join(out, PLAN_FILE), `${JSON.stringify({ plan, shard: null } satisfies PlanFile, null, 2)}\n`);
  writeAtomic(join(out, RUNS_FILE), runs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const summary = buildSummary(plan, plan.arms, runs);
  writeAtomic(join(out, SUMMARY_FILE), summaryText(summary));
  return summary;
}
