// Classifying child Jobs (§2.2) and counting replicatedJob status (§2.3).
import { type Job, jobCondition, jobFinished } from '../../api/batch.js';
import { type JobSet, JS, type ReplicatedJobStatus } from '../../api/jobset.js';

export interface ChildJobs {
  active: Job[];
  successful: Job[];
  failed: Job[];
  /** Jobs of an earlier restart attempt, to be deleted. */
  previous: Job[];
}

export class ClassifyError extends Error {}

/** Splits the owned Jobs by restart attempt, then by their Complete/Failed conditions. */
export function classifyJobs(js: JobSet, jobs: Job[]): ChildJobs {
  const out: ChildJobs = { active: [], successful: [], failed: [], previous: [] };
  const restarts = js.status.restarts ?? 0;
  for (const j of jobs) {
    const raw = j.metadata.labels?.[JS.restartAttempt];
    // strconv.Atoi: an optional sign and decimal digits, nothing else.
    const attempt = raw !== undefined && /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(attempt)) {
      throw new ClassifyError(`invalid ${JS.restartAttempt} label on job ${j.metadata.name}: ${raw}`);
    }
    if (attempt < restarts) out.previous.push(j);
    else if (jobFinished(j) === 'Complete') out.successful.push(j);
    else if (jobFinished(j) === 'Failed') out.failed.push(j);
    else out.active.push(j);
  }
  return out;
}

function jobReady(j: Job): boolean {
  const parallelism = j.spec.parallelism ?? 1;
  const completions = j.spec.completions ?? Number.POSITIVE_INFINITY;
  return (j.status.succeeded ?? 0) + (j.status.ready ?? 0) >= Math.min(parallelism, completions);
}

/** One entry per spec replicatedJob; previous Jobs are not counted. */
export function replicatedJobStatuses(js: JobSet, jobs: ChildJobs): ReplicatedJobStatus[] {
  const byName = new Map<string, ReplicatedJobStatus>();
  for (const r of js.spec.replicatedJobs) {
    byName.set(r.name, { name: r.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 });
  }
  const rj = (j: Job) => byName.get(j.metadata.labels?.[JS.replicatedJobName] ?? '');
  for (const j of jobs.active) {
    const s = rj(j);
    if (!s) continue;
    if (jobReady(j)) s.ready++;
    if ((j.status.active ?? 0) > 0) s.active++;
    if (j.spec.suspend) s.suspended++;
  }
  for (const j of jobs.successful) {
    const s = rj(j);
    if (s) s.succeeded++;
  }
  for (const j of jobs.failed) {
    const s = rj(j);
    if (s) s.failed++;
  }
  return [...byName.values()];
}

export function sameStatuses(a: ReplicatedJobStatus[] | undefined, b: ReplicatedJobStatus[]): boolean {
  if (!a || a.length !== b.length) return false;
  const sa = [...a].sort((x, y) => x.name.localeCompare(y.name));
  const sb = [...b].sort((x, y) => x.name.localeCompare(y.name));
  return sa.every((x, i) => {
    const y = sb[i]!;
    return (
      x.name === y.name &&
      x.ready === y.ready &&
      x.succeeded === y.succeeded &&
      x.failed === y.failed &&
      x.active === y.active &&
      x.suspended === y.suspended
    );
  });
}

/** lastTransitionTime of the Job's Failed condition (for "first failed job"). */
export function failedAt(j: Job): number {
  return jobCondition(j, 'Failed')?.lastTransitionTime ?? Number.POSITIVE_INFINITY;
}
