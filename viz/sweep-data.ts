// A sweep's --out folder as the sweep report and `compare` read it: summary.json (per-arm aggregates, the capacity
// search), plan.json and runs.jsonl (only for a sweep still running: its summary is then built from the runs so far).
// The report's data is the summary's numbers, never the runs themselves.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Arm } from '../src/sweep/plan.js';
import type { RunRecord } from '../src/sweep/record.js';
import type { PlanFile } from '../src/sweep/run-sweep.js';
import { readRuns } from '../src/sweep/runs-file.js';
import type { SearchResult } from '../src/sweep/search.js';
import type { MetricSummary } from '../src/sweep/stats.js';
import { type ArmSummary, buildSummary, type SweepSummary } from '../src/sweep/summary.js';

export type { ArmSummary, MetricSummary, SearchResult, SweepSummary };

/** Caps that keep a sweep with many arms readable (README "Reports"). */
export const SWEEP_REPORT_LIMITS = { tableArms: 40, failures: 20, legendGroups: 10 };

export class SweepFolderError extends Error {}

/** What an --out folder holds: a sweep (summary.json or runs.jsonl), a run (result.json), or neither. */
export function folderKind(dir: string): 'sweep' | 'run' | null {
  if (existsSync(join(dir, 'summary.json')) || existsSync(join(dir, 'runs.jsonl'))) return 'sweep';
  if (existsSync(join(dir, 'result.json'))) return 'run';
  return null;
}

/** The points of an FgdStudy curve kept by a sweep (viz/sweep-allocation-section.ts draws them). */
const CURVE_POINT = /^study\.curve\["\d+"\]$/;

export interface SweepFolder {
  dir: string;
  summary: SweepSummary;
  /** The runs of runs.jsonl (for extra charts that need per-run values; not embedded in the report). */
  records: () => RunRecord[];
  /** True when there was no summary.json yet and it was built from the runs so far. */
  partial: boolean;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new SweepFolderError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}

/** The summary of a sweep's --out folder, with a message naming the folder and file when it is not one. */
export function readSweepFolder(dir: string): SweepFolder {
  const summaryFile = join(dir, 'summary.json');
  const runsFile = join(dir, 'runs.jsonl');
  let cached: RunRecord[] | undefined;
  const records = () => {
    cached ??= readRuns(runsFile).records;
    return cached;
  };
  if (existsSync(summaryFile)) {
    const summary = readJson<SweepSummary>(summaryFile);
    if (typeof summary?.schema !== 'string' || !summary.schema.startsWith('jobset-sim/sweep-summary/')) {
      throw new SweepFolderError(`${summaryFile}: schema: expected "jobset-sim/sweep-summary/v1"`);
    }
    if (!Array.isArray(summary.arms)) throw new SweepFolderError(`${summaryFile}: arms: expected a list`);
    return { dir, summary, records, partial: false };
  }
  const planFile = join(dir, 'plan.json');
  if (!existsSync(runsFile) || !existsSync(planFile)) {
    throw new SweepFolderError(
      `${dir}: no summary.json, and no runs.jsonl with its plan.json (expected the --out folder of a sweep)`,
    );
  }
  // A sweep still running (or stopped): summarise the runs so far. A search's arms exist only in its runs.
  const { plan } = readJson<PlanFile>(planFile);
  let arms: Arm[] = plan.arms;
  if (plan.search) {
    const seen = new Map<number, Arm>();
    for (const r of records()) if (!seen.has(r.arm)) seen.set(r.arm, { arm: r.arm, params: r.params });
    arms = [...seen.values()].sort((a, b) => a.arm - b.arm);
  }
  return { dir, summary: buildSummary(plan, arms, records()), records, partial: true };
}

/** How an arm's parameters read in one line: `path=value, …`. */
export function paramsLabel(params: Record<string, unknown>, only?: readonly string[]): string {
  const keys = only ?? Object.keys(params);
  if (keys.length === 0) return '(base scenario)';
  return keys.map((k) => `${k}=${JSON.stringify(params[k])}`).join(', ');
}

export interface SweepParameter {
  path: string;
  kind: 'numeric' | 'categorical';
  /** Distinct values in arm order (numeric ones sorted). */
  values: unknown[];
}

export interface SweepReportData {
  title: string;
  file: string;
  seeds: number[];
  runs: SweepSummary['runs'];
  partial: boolean;
  /** Parameters that vary between arms, each an x axis of the metric charts. */
  parameters: SweepParameter[];
  /** Parameters with one value over all arms, and those that follow the searched one. */
  fixed: { path: string; value: unknown }[];
  linked: { path: string; times: number }[];
  metrics: string[];
  arms: ArmSummary[];
  failed: SweepSummary['failed'];
  failedTotal: number;
  search: SearchResult | null;
}

function key(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v);
}

export function buildSweepReportData(folder: SweepFolder): SweepReportData {
  const s = folder.summary;
  const arms = s.arms;
  const paths: string[] = [];
  for (const a of arms) for (const k of Object.keys(a.params)) if (!paths.includes(k)) paths.push(k);
  const linkedPaths = new Map<string, number>();
  if (s.search) {
    // The searched value decides the linked fields (value × times): they are not separate axes.
    for (const a of arms) {
      const v = a.params[s.search.parameter];
      for (const p of paths) {
        const w = a.params[p];
        if (p !== s.search.parameter && typeof v === 'number' && v !== 0 && typeof w === 'number')
          linkedPaths.set(p, w / v);
      }
    }
  }
  const parameters: SweepParameter[] = [];
  const fixed: SweepReportData['fixed'] = [];
  for (const p of paths) {
    if (linkedPaths.has(p)) continue;
    const seen = new Map<string, unknown>();
    for (const a of arms) if (!seen.has(key(a.params[p]))) seen.set(key(a.params[p]), a.params[p]);
    const values = [...seen.values()];
    if (values.length < 2) {
      fixed.push({ path: p, value: values[0] });
      continue;
    }
    const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v));
    parameters.push({
      path: p,
      kind: numeric ? 'numeric' : 'categorical',
      values: numeric ? [...(values as number[])].sort((a, b) => a - b) : values,
    });
  }
  const metrics: string[] = [];
  // A study curve's points (`study.curve["X"]`, 131 per run) are drawn as curves by the allocation section, not as
  // 131 metric panels.
  for (const a of arms)
    for (const m of Object.keys(a.metrics)) if (!CURVE_POINT.test(m) && !metrics.includes(m)) metrics.push(m);
  return {
    title: s.sweep.name,
    file: s.sweep.file,
    seeds: s.seeds,
    runs: s.runs,
    partial: folder.partial,
    parameters,
    fixed,
    linked: [...linkedPaths].map(([path, times]) => ({ path, times })),
    metrics,
    arms,
    failed: s.failed.slice(0, SWEEP_REPORT_LIMITS.failures),
    failedTotal: s.failed.length,
    search: s.search ?? null,
  };
}
