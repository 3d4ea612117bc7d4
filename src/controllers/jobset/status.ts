// Classifying child Jobs (§2.2) and counting replicatedJob status (§2.3).
import { type Job, jobCondition } from '../../api/batch.js';
import { type JobSet, JS, type ReplicatedJobStatus } from '../../api/jobset.js';
import { jobRestartsOf } from './construct.js';
import { type FactsOf, jobFacts } from './job-facts.js';

export interface ChildJobs {
  active: Job[];
  successful: Job[];
  failed: Job[];
  /** Jobs of an earlier restart attempt, to be deleted. */
  previous: Job[];
}

export class ClassifyError extends Error {}

/** Splits the owned Jobs by restart attempt, then by their Complete/Failed conditions. */
export function classifyJobs(
  js: JobSet,
  jobs: Job[],
  gates: Record<string, boolean> = {},
  factsOf: FactsOf = jobFacts,
): ChildJobs {
  const out: ChildJobs = { active: [], successful: [], failed: [], previous: [] };
  const restarts = js.status.restarts ?? 0;
  for (const j of jobs) {
    const f = factsOf(j);
    // strconv.Atoi: an optional sign and decimal digits, nothing else.
    const attempt = f.attempt;
    if (!Number.isSafeInteger(attempt)) {
      throw new ClassifyError(`invalid ${JS.restartAttempt} label on job ${j.metadata.name}: ${f.attemptRaw}`);
    }
    if (attempt < restarts) {
      out.previous.push(j);
      continue;
    }
    // RestartJob gate: a Job whose own restart attempt is behind its index's target is previous too.
    if (gates.RestartJob && isPreviousJobAttempt(js, j)) {
      out.previous.push(j);
      continue;
    }
    if (f.finished === 'Complete') out.successful.push(j);
    else if (f.finished === 'Failed') out.failed.push(j);
    else out.active.push(j);
  }
  return out;
}

function isPreviousJobAttempt(js: JobSet, j: Job): boolean {
  const l = j.metadata.labels ?? {};
  const rjob = l[JS.replicatedJobName];
  if (rjob === undefined) throw new ClassifyError(`missing label ${JS.replicatedJobName}`);
  const idxRaw = l[JS.jobIndex];
  if (idxRaw === undefined) throw new ClassifyError(`missing label ${JS.jobIndex}`);
  if (!/^[+-]?\d+$/.test(idxRaw)) throw new ClassifyError(`invalid ${JS.jobIndex} label: ${idxRaw}`);
  const raw = l[JS.jobRestartAttempt];
  if (raw === undefined) return false; // upstream only logs: older Jobs carry no such label
  if (!/^[+-]?\d+$/.test(raw)) throw new ClassifyError(`invalid ${JS.jobRestartAttempt} label: ${raw}`);
  const targets = jobRestartsOf(js, rjob);
  const idx = Number(idxRaw);
  if (idx >= targets.length) throw new ClassifyError(`job index ${idx} is out of bounds for replicated job ${rjob}`);
  return Number(raw) < targets[idx]!;
}

/** One entry per spec replicatedJob; previous Jobs are not counted. */
export function replicatedJobStatuses(
  js: JobSet,
  jobs: ChildJobs,
  gates: Record<string, boolean> = {},
  factsOf: FactsOf = jobFacts,
): ReplicatedJobStatus[] {
  const byName = new Map<string, ReplicatedJobStatus>();
  for (const r of js.spec.replicatedJobs) {
    byName.set(r.name, { name: r.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 });
  }
  const rj = (j: Job) => byName.get(factsOf(j).rjob ?? '');
  for (const j of jobs.active) {
    const s = rj(j);
    if (!s) continue;
    const f = factsOf(j);
    if (f.ready) s.ready++;
    if (f.active) s.active++;
    if (f.suspended) s.suspended++;
  }
  for (const j of jobs.successful) {
    const s = rj(j);
    if (s) s.succeeded++;
  }
  for (const j of jobs.failed) {
    const s = rj(j);
    if (s) s.failed++;
  }
  if (gates.RestartJob) {
    // The per-index restart arrays live only in the status: carry them over (the failure policy may change them).
    for (const s of byName.values()) {
      const prev = js.status.replicatedJobsStatus?.find((x) => x.name === s.name);
      if (prev?.jobRestarts) s.jobRestarts = [...prev.jobRestarts];
      if (prev?.jobRestartsCountTowardsMax) s.jobRestartsCountTowardsMax = [...prev.jobRestartsCountTowardsMax];
    }
  }
  return [...byName.values()];
}

export function sameStatuses(a: ReplicatedJobStatus[] | undefined, b: ReplicatedJobStatus[]): boolean {
  if (!a || a.length !== b.length) return false;
  // Both lists are in spec order on every reconcile but the first: equal entry by entry, no sorted copies.
  let inOrder = true;
  for (let i = 0; i < a.length; i++) {
    if (!sameStatus(a[i]!, b[i]!)) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) return true;
  const sa = [...a].sort((x, y) => x.name.localeCompare(y.name));
  const sb = [...b].sort((x, y) => x.name.localeCompare(y.name));
  return sa.every((x, i) => sameStatus(x, sb[i]!));
}

function sameStatus(x: ReplicatedJobStatus, y: ReplicatedJobStatus): boolean {
  return (
    x.name === y.name &&
    x.ready === y.ready &&
    x.succeeded === y.succeeded &&
    x.failed === y.failed &&
    x.active === y.active &&
    x.suspended === y.suspended &&
    sameArray(x.jobRestarts, y.jobRestarts) &&
    sameArray(x.jobRestartsCountTowardsMax, y.jobRestartsCountTowardsMax)
  );
}

function sameArray(a: number[] | undefined, b: number[] | undefined): boolean {
  if (!a?.length || !b?.length) return !a?.length && !b?.length;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** lastTransitionTime of the Job's Failed condition (for "first failed job"). */
export function failedAt(j: Job): number {
  return jobCondition(j, 'Failed')?.lastTransitionTime ?? Number.POSITIVE_INFINITY;
}

/**
 * What the reconcile reads about the child Jobs: the classified lists (§2.2, in the owner's creation order), their
 * counts and the per-replicatedJob tallies. `eagerChildren` computes it from a list of Jobs; the controller keeps it
 * up to date from watch events instead (child-index.ts), so a reconcile costs what changed, not what exists.
 * The lists are built only on the paths that need every Job (failure policy, clean-up, resume, missing Jobs).
 */
export interface Children {
  readonly nActive: number;
  readonly nSuccessful: number;
  readonly nFailed: number;
  readonly nPrevious: number;
  /** Active Jobs with spec.suspend. */
  readonly nActiveSuspended: number;
  lists(): ChildJobs;
  /** One entry per spec replicatedJob (replicatedJobStatuses). */
  statuses(js: JobSet, gates?: Record<string, boolean>): ReplicatedJobStatus[];
  /** Successful Jobs whose replicatedJob label is one of these. */
  successfulIn(rjobs: ReadonlySet<string>): number;
  /** How many of the job-index labels 0..replicas-1 some child Job of this replicatedJob label carries. */
  indexesCovered(rjob: string, replicas: number): number;
}

/** Children from a list of owned Jobs; throws ClassifyError as classifyJobs does. */
export function eagerChildren(
  js: JobSet,
  jobs: Job[],
  gates: Record<string, boolean> = {},
  factsOf: FactsOf = jobFacts,
): Children {
  const lists = classifyJobs(js, jobs, gates, factsOf);
  let nActiveSuspended = 0;
  for (const j of lists.active) if (factsOf(j).suspended) nActiveSuspended++;
  return {
    nActive: lists.active.length,
    nSuccessful: lists.successful.length,
    nFailed: lists.failed.length,
    nPrevious: lists.previous.length,
    nActiveSuspended,
    lists: () => lists,
    statuses: (s, g) => replicatedJobStatuses(s, lists, g, factsOf),
    successfulIn: (rjobs) => {
      let n = 0;
      for (const j of lists.successful) if (rjobs.has(factsOf(j).rjob ?? '')) n++;
      return n;
    },
    indexesCovered: (rjob, replicas) => {
      const have = new Uint8Array(replicas);
      let n = 0;
      for (const list of [lists.active, lists.successful, lists.failed, lists.previous]) {
        for (const j of list) {
          const f = factsOf(j);
          if (f.rjob !== rjob || !Number.isInteger(f.index) || f.index < 0 || f.index >= replicas) continue;
          if (have[f.index] === 0) {
            have[f.index] = 1;
            n++;
          }
        }
      }
      return n;
    },
  };
}
