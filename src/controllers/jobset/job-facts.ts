// What the JobSet reconcile reads from each child Job (labels parsed, finished state, readiness), and a cache of it
// keyed by the Job's resourceVersion. A 1,000-Job JobSet reconciles on every child status change; re-parsing every
// Job's labels and conditions each time made the reconcile the simulator's largest cost. The decisions stay in
// status.ts and reconcile.ts, computed from these facts whether cached or not.
import { type Job, jobFinished } from '../../api/batch.js';
import { JS } from '../../api/jobset.js';

export interface JobFacts {
  /** The restart-attempt label as written (undefined when missing). */
  attemptRaw: string | undefined;
  /** strconv.Atoi of it; NaN when missing or not an optional sign and decimal digits. */
  attempt: number;
  rjob: string | undefined;
  /** Number() of the job-index label (NaN when missing); createJobs uses it only when an integer. */
  index: number;
  finished: 'Complete' | 'Failed' | undefined;
  /** succeeded + ready ≥ min(parallelism, completions). */
  ready: boolean;
  /** status.active > 0. */
  active: boolean;
  suspended: boolean;
}

export type FactsOf = (j: Job) => JobFacts;

const ATOI = /^[+-]?\d+$/;

export const jobFacts: FactsOf = (j) => {
  const l = j.metadata.labels;
  const attemptRaw = l?.[JS.restartAttempt];
  const idx = l?.[JS.jobIndex];
  const parallelism = j.spec.parallelism ?? 1;
  const completions = j.spec.completions ?? Number.POSITIVE_INFINITY;
  return {
    attemptRaw,
    attempt: attemptRaw !== undefined && ATOI.test(attemptRaw) ? Number(attemptRaw) : Number.NaN,
    rjob: l?.[JS.replicatedJobName],
    index: idx === undefined ? Number.NaN : Number(idx),
    finished: jobFinished(j),
    ready: (j.status.succeeded ?? 0) + (j.status.ready ?? 0) >= Math.min(parallelism, completions),
    active: (j.status.active ?? 0) > 0,
    suspended: j.spec.suspend === true,
  };
};

/**
 * Facts per Job object, recomputed when its resourceVersion changes. Sound because every write goes through the
 * store, which bumps resourceVersion (store.ts: objects are changed in place, then updated); Jobs without a
 * resourceVersion (built by hand in tests) are never cached.
 */
export class JobFactsCache {
  private readonly cache = new WeakMap<Job, { rv: string; facts: JobFacts }>();

  readonly of: FactsOf = (j) => {
    const rv = j.metadata.resourceVersion;
    if (!rv) return jobFacts(j);
    const hit = this.cache.get(j);
    if (hit?.rv === rv) return hit.facts;
    const facts = jobFacts(j);
    this.cache.set(j, { rv, facts });
    return facts;
  };
}
