// One future: the scenario loaded from the plan's parsed documents with the future's seed (so everything the
// loader or the run draws — generators, snapshot durations, scheduler ties — follows it), the fitted arrivals
// added, run without an event log until the submitted JobSet ends, can never be admitted, or the horizon.
import type { JobSet } from '../api/jobset.js';
import { workloadFor } from '../kueue/workload.js';
import { loadScenarioFromTexts } from '../scenario/load.js';
import { loaderOptions, simulate } from '../simulate.js';
import { drawArrivals } from './arrivals.js';
import { fromKey } from './classify.js';
import { Observer } from './observer.js';
import type { FutureOutcome, PredictPlan } from './types.js';

/** Seconds rounded to the microsecond (the engine's resolution). */
const us = (s: number) => Math.round(s * 1e6) / 1e6;

/** Kueue's Workload name for the JobSet (jobset-<name>-<hash of name/uid>), as its integration writes it. */
function workloadName(namespace: string, name: string): (uid: string) => string {
  return (uid) =>
    workloadFor({ metadata: { name, namespace, uid }, spec: { replicatedJobs: [] } } as unknown as JobSet, '', {
      priority: 0,
    }).metadata.name;
}

/**
 * Fitted arrivals are first drawn for this long after the submission only (most futures end well before the
 * horizon); a future not over by then runs again with all of them. The first list is a prefix of the second (one
 * stream, drawn in order) and every arrival is scheduled before the run starts, so up to the window both runs are
 * the same event for event: the outcome is the one the full list gives.
 */
export const ARRIVALS_WINDOW_SECONDS = 86_400;

function attempt(plan: PredictPlan, seed: number, until: number) {
  // The loader may default the documents in place: each future gets its own copy.
  const inputs = structuredClone(plan.inputs);
  const scenario = loadScenarioFromTexts(inputs, loaderOptions({ seed, sets: plan.sets })).scenario;
  scenario.simulation.until = undefined; // --horizon replaces it; a quiet cluster still ends the future
  if (plan.arrivals) scenario.jobSets.push(...drawArrivals(plan.arrivals, seed, until));
  const { namespace, name } = plan.submitted;
  const obs = new Observer(namespace, name, plan.kueue ? workloadName(namespace, name) : undefined, plan.fairShare);
  const run = simulate(scenario, {
    retainEvents: false,
    seriesMaxPoints: 0,
    stop: { when: (r, view) => obs.onRecord(r, view), at: until },
  });
  return { run, obs };
}

export function runFuture(plan: PredictPlan, seed: number, windowSeconds = ARRIVALS_WINDOW_SECONDS): FutureOutcome {
  const { namespace, name } = plan.submitted;
  const full = plan.at + plan.horizon;
  const window = plan.arrivals ? Math.min(full, plan.at + windowSeconds) : full;
  let { run, obs } = attempt(plan, seed, window);
  if (!obs.finished && window < full) ({ run, obs } = attempt(plan, seed, full));
  const end = run.result.end;
  const js = run.result.jobsets.find((j) => j.namespace === namespace && j.name === name);
  const submitted = js?.submittedAt ?? obs.submittedAt ?? plan.at;
  const since = (t: number | null | undefined) => (t === null || t === undefined ? null : us(t - submitted));
  const started = plan.kueue ? obs.firstAdmittedAt : obs.firstBoundAt;
  const waitEnd = js?.runningAt ?? end;
  const waits = [...obs.waited(submitted, waitEnd)]
    .map(([k, s]) => ({ ...fromKey(k), seconds: us(s) }))
    .sort((a, b) => b.seconds - a.seconds || (a.message < b.message ? -1 : 1));
  const never = run.result.warnings.find((w) => w.code === 'NeverSchedulable' && w.object === `${namespace}/${name}`);
  // A wait nothing ends (the scheduler's never-schedulable verdict, or a Kueue NoFit no release can change) lasts
  // to the horizon: it is counted so, ahead of the waits that led to it.
  const final = never
    ? { category: 'neverSchedulable' as const, reason: 'NeverSchedulable', message: never.message }
    : obs.terminalWait;
  if (final && (js?.runningAt ?? null) === null) {
    const at = waits.findIndex((w) => w.category === final.category && w.message === final.message);
    if (at >= 0) waits.splice(at, 1);
    waits.unshift({ ...final, seconds: us(Math.max(plan.at + plan.horizon - (started ?? submitted), 0)) });
  }
  return {
    seed,
    admission: since(started),
    allRunning: since(js?.runningAt),
    completion: since(js?.finishedAt),
    terminalState: (js?.terminalState as FutureOutcome['terminalState']) ?? null,
    clusterQueue: obs.clusterQueue ?? null,
    flavors: obs.flavors ?? null,
    preempted: [...obs.victims].sort(),
    evictions: js?.queue?.evictions ?? 0,
    waits,
    end: us(end),
    stoppedBy: run.stoppedBy,
  };
}
