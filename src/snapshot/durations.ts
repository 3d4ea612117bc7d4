// Remaining run times of a snapshot's running pods. In order: the pod's jobset-sim.dev/remaining annotation (exact,
// what an export writes); the workload's jobset-sim.dev/duration (pod, Job or JobSet) minus the time already run;
// a lognormal fitted to the snapshot's own completed Jobs (startTime → completionTime), conditioned on the time
// already run; `defaults.podDuration` minus the time already run. Draws come from the seeded stream
// `snapshot/remaining`, one per workload (a JobSet, or a standalone Job), so its pods finish together and a new
// seed gives a new future.
import jstat from 'jstat';
import type { Job } from '../api/batch.js';
import type { Pod } from '../api/core.js';
import { JS } from '../api/jobset.js';
import type { Rng } from '../engine/random.js';
import { parseDuration } from '../scenario/duration.js';
import { REMAINING_ANNOTATION, type SnapshotState } from './model.js';

/** Fewest completed Jobs for a fit; with fewer, the default applies. */
export const MIN_FIT_SAMPLES = 5;

export interface LognormalFit {
  mu: number;
  sigma: number;
  n: number;
}

/** Maximum-likelihood lognormal over the completed Jobs' run times (seconds; non-positive ones left out). */
export function fitCompletedJobs(jobs: readonly Job[]): LognormalFit | undefined {
  const logs: number[] = [];
  for (const j of jobs) {
    const done = j.status.conditions?.find((c) => c.type === 'Complete' && c.status === 'True');
    const start = j.status.startTime;
    const end = j.status.completionTime ?? done?.lastTransitionTime;
    if (!done || start === undefined || end === undefined || !(end > start)) continue;
    logs.push(Math.log(end - start));
  }
  if (logs.length < MIN_FIT_SAMPLES) return undefined;
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / logs.length);
  return { mu, sigma, n: logs.length };
}

export type RemainingSource = 'annotation' | 'duration' | 'fit' | 'default';

export interface RemainingPlan {
  /** pod uid → remaining µs (Infinity: the training-progress model ends it). */
  remaining: Map<string, number>;
  counts: Record<RemainingSource, number>;
  fit?: LognormalFit;
}

export interface RemainingContext {
  snapshot: SnapshotState;
  /** The pod's own duration annotation, else its Job's, else its JobSet's (the kubelet's durationOf). */
  durationAnnotation(pod: Pod): string | undefined;
  /** The JobSet runs under the training-progress model (its pods run until the work is done). */
  progressModel(pod: Pod): boolean;
  defaultDuration: number;
  rng: Rng;
  /** µs between the List's snapshot-time and t = 0 (with --now later than it), taken off exact remainders. */
  skew: number;
}

/**
 * Remaining time of every Running pod of the snapshot, in pod order; for a bound Pending or a deleted pod, the
 * annotation's time to its start or the end of its termination when it has one.
 */
export function planRemaining(ctx: RemainingContext): RemainingPlan {
  const fit = fitCompletedJobs(ctx.snapshot.jobs);
  const counts: Record<RemainingSource, number> = { annotation: 0, duration: 0, fit: 0, default: 0 };
  const remaining = new Map<string, number>();
  const drawn = new Map<string, number>();
  for (const pod of ctx.snapshot.pods) {
    if (!pod.spec.nodeName || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    const uid = pod.metadata.uid;
    const ann = pod.metadata.annotations?.[REMAINING_ANNOTATION];
    const exact = ann !== undefined ? safeDuration(ann) : undefined;
    if (exact !== undefined) {
      // The kubelet's next step (start, exit, end of termination), as the export measured it.
      remaining.set(uid, Math.max(0, exact - ctx.skew));
      if (pod.status.phase === 'Running' && pod.metadata.deletionTimestamp === undefined) counts.annotation++;
      continue;
    }
    if (pod.status.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined) continue;
    if (ctx.progressModel(pod)) {
      remaining.set(uid, Number.POSITIVE_INFINITY);
      continue;
    }
    const ran = Math.max(0, -runningSince(pod) * 1e6);
    const d = ctx.durationAnnotation(pod);
    const total = d !== undefined ? safeDuration(d) : undefined;
    if (total !== undefined) {
      remaining.set(uid, Math.max(0, total - ran));
      counts.duration++;
      continue;
    }
    if (fit) {
      const owner = ownerKey(pod);
      let at = drawn.get(owner);
      if (at === undefined) {
        at = Math.round(conditionalLognormal(fit, ran / 1e6, ctx.rng) * 1e6) - ran;
        drawn.set(owner, at);
      }
      remaining.set(uid, Math.max(0, at));
      counts.fit++;
      continue;
    }
    remaining.set(uid, Math.max(0, ctx.defaultDuration - ran));
    counts.default++;
  }
  return { remaining, counts, ...(fit ? { fit } : {}) };
}

/** When the pod's (first) container started, in simulated seconds (≤ 0); the pod's startTime without one. */
function runningSince(pod: Pod): number {
  return pod.status.containerStatuses?.[0]?.state?.running?.startedAt ?? pod.status.startTime ?? 0;
}

/** The workload a pod belongs to: its JobSet, else its Job, else itself. */
function ownerKey(pod: Pod): string {
  const ns = pod.metadata.namespace ?? 'default';
  const l = pod.metadata.labels ?? {};
  return `${ns}/${l[JS.jobSetName] ?? l['batch.kubernetes.io/job-name'] ?? pod.metadata.name}`;
}

/** A total run time from the fit, given that it has already run `ran` seconds (inverse CDF on [F(ran), 1)). */
function conditionalLognormal(fit: LognormalFit, ran: number, rng: Rng): number {
  if (fit.sigma === 0) return Math.max(Math.exp(fit.mu), ran);
  const normal = jstat.jStat.normal;
  const lo = ran > 0 ? normal.cdf(Math.log(ran), fit.mu, fit.sigma) : 0;
  const u = lo + (1 - lo) * rng.next();
  if (u >= 1 - 1e-12) return ran;
  return Math.max(ran, Math.exp(normal.inv(u, fit.mu, fit.sigma)));
}

function safeDuration(s: string): number | undefined {
  try {
    return parseDuration(s);
  } catch {
    return undefined;
  }
}
