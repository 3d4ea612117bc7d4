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

export function runFuture(plan: PredictPlan, seed: number): FutureOutcome {
  // The loader may default the documents in place: each future gets its own copy.
  const inputs = structuredClone(plan.inputs);
  const scenario = loadScenarioFromTexts(inputs, loaderOptions({ seed, sets: plan.sets })).scenario;
  scenario.simulation.until = undefined; // --horizon replaces it; a quiet cluster still ends the future
  if (plan.arrivals) scenario.jobSets.push(...drawArrivals(plan.arrivals, seed, plan.at + plan.horizon));
  const { namespace, name } = plan.submitted;
  const obs = new Observer(namespace, name, plan.kueue ? workloadName(namespace, name) : undefined, plan.fairShare);
  const run = simulate(scenario, {
    retainEvents: false,
    seriesMaxPoints: 0,
    stop: { when: (r, view) => obs.onRecord(r, view), at: plan.at + plan.horizon },
  });
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
