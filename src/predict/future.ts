// One future: the scenario loaded from the plan's parsed documents with the future's seed (so everything the
// loader or the run draws — generators, snapshot durations, scheduler ties — follows it), the fitted arrivals
// added, run without an event log until the submitted JobSet ends, can never be admitted, or the horizon.
import { clonePlain } from '../api/clone.js';
import type { Pod } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { JS } from '../api/jobset.js';
import { workloadFor } from '../kueue/workload.js';
import { roundUs } from '../metrics/stats.js';
import { loadScenarioFromTexts } from '../scenario/load.js';
import type { Scenario } from '../scenario/model.js';
import { loaderOptions, type SimulationRun, simulate } from '../simulate.js';
import { drawArrivals } from './arrivals.js';
import { fromKey } from './classify.js';
import {
  arrivalsBound,
  type Finish,
  type FinishMemo,
  History,
  isolatedNow,
  MAX_REMEMBERED,
  makeFinishMemo,
} from './finish-memo.js';
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

/**
 * The plan's scenario as this thread first loaded it, for the futures of a seed-independent load, and whether it is
 * a tree (no object reachable twice, e.g. through a YAML alias): then clonePlain copies it exactly.
 */
const loaded = new WeakMap<PredictPlan, { scenario: Scenario; tree: boolean }>();

/** No object or array is reachable twice from `root`. */
export function isTree(root: unknown): boolean {
  const seen = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return true;
    if (seen.has(v)) return false;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (!walk(x)) return false;
    return true;
  };
  return walk(root);
}

function load(plan: PredictPlan, seed: number): Scenario {
  // The loader may default the documents in place: each load gets its own copy.
  return loadScenarioFromTexts(structuredClone(plan.inputs), loaderOptions({ seed, sets: plan.sets })).scenario;
}

/**
 * The future's scenario. Loading validates every object of the input again (a snapshot's thousands of fields), so
 * a thread loads the plan once and gives each future a copy with its seed: the scenario a load with that seed
 * gives, unless the loader itself draws from the seed (a WorkloadGenerator; `plan.seedDependent`), when each
 * future loads its own. The run takes the snapshot's objects into its store and mutates them, hence a deep copy
 * (structuredClone when the scenario shares an object, to keep it shared as the loader made it).
 */
function scenarioFor(plan: PredictPlan, seed: number): Scenario {
  // An invalid seed goes through the loader, which says so.
  if (plan.seedDependent || !Number.isSafeInteger(seed) || seed < 0) return load(plan, seed);
  let base = loaded.get(plan);
  if (!base) {
    const scenario = load(plan, seed);
    base = { scenario, tree: isTree(scenario) };
    loaded.set(plan, base);
  }
  // clonePlain is several times faster on the snapshot's thousands of small objects.
  const scenario = base.tree ? clonePlain(base.scenario) : structuredClone(base.scenario);
  scenario.simulation.seed = seed;
  return scenario;
}

/** The thread's finish shortcut for the plan (src/predict/finish-memo.ts), or undefined when it never applies. */
const memos = new WeakMap<PredictPlan, FinishMemo>();

function memoFor(plan: PredictPlan): FinishMemo | undefined {
  const base = loaded.get(plan);
  if (!base) return undefined;
  let m = memos.get(plan);
  if (!m) {
    m = makeFinishMemo(plan, base.scenario);
    memos.set(plan, m);
  }
  return m.blocked === undefined ? m : undefined;
}

/** The finish shortcut on this thread for the plan: why it never applies, histories remembered, futures taken. */
export function finishShortcut(plan: PredictPlan): { blocked?: string; remembered: number; taken: number } {
  const m = memos.get(plan);
  if (!m) return { blocked: 'no future of the plan has run on this thread', remembered: 0, taken: 0 };
  return { ...(m.blocked !== undefined ? { blocked: m.blocked } : {}), remembered: m.finishes.size, taken: m.taken };
}

interface Attempt {
  run: SimulationRun;
  obs: Observer;
  /** The JobSet finished (or can never be admitted): the outcome is final. */
  finished: boolean;
}

function attempt(plan: PredictPlan, seed: number, until: number, shortcuts = true): Attempt {
  const scenario = scenarioFor(plan, seed);
  scenario.simulation.until = undefined; // --horizon replaces it; a quiet cluster still ends the future
  if (plan.arrivals) scenario.jobSets.push(...drawArrivals(plan.arrivals, seed, until));
  const { namespace, name } = plan.submitted;
  const obs = new Observer(namespace, name, plan.kueue ? workloadName(namespace, name) : undefined, plan.fairShare);
  const memo = memoFor(plan);
  const key = `${namespace}/${name}`;
  const submitted = scenario.jobSets.find(
    (e) => (e.object.metadata.namespace ?? 'default') === namespace && e.object.metadata.name === name,
  )?.object;
  const hist = memo && submitted ? new History(key, submitted) : undefined;
  const untilUs = Math.round(until * 1e6);
  const own = (pod: Pod) => pod.metadata.namespace === namespace && pod.metadata.labels?.[JS.jobSetName] === name;
  /** Taken from the memo: the future stops at all-running. */
  let taken: Finish | undefined;
  /** This future may be remembered: its key, all-running time and PodGC bound there, victims then. */
  let remember: { key: string; atUs: number; pods: number; victims: number } | undefined;
  const run = simulate(scenario, {
    retainEvents: false,
    seriesMaxPoints: 0,
    stop: {
      when: (r, view) => {
        const done = obs.onRecord(r, view);
        if (!hist?.add(r) || done) return done;
        const atUs = hist.allRunningUs!;
        const iso = isolatedNow(memo!, view, own);
        if (iso.why !== undefined) return false;
        const k = hist.keyNow();
        const f = shortcuts ? memo!.finishes.get(k) : undefined;
        const podGcQuiet = (endUs: number) =>
          memo!.threshold <= 0 || iso.pods + arrivalsBound(scenario, atUs, endUs) <= memo!.threshold;
        if (f && atUs + f.endUs < untilUs && podGcQuiet(atUs + f.endUs)) {
          taken = f;
          return true;
        }
        if (!f) remember = { key: k, atUs, pods: iso.pods, victims: obs.victims.size };
        return false;
      },
      at: until,
    },
  });
  const js = run.result.jobsets.find((j) => j.namespace === namespace && j.name === name);
  const atRunning = (atUs: number) => js?.runningAt != null && Math.round(js.runningAt * 1e6) === atUs;
  if (taken) {
    // The collector must agree on the all-running moment; else run this future in full.
    if (!js || !atRunning(hist!.allRunningUs!) || obs.terminalWait !== undefined) {
      return attempt(plan, seed, until, false);
    }
    const atUs = hist!.allRunningUs!;
    js.finishedAt = (atUs + taken.finishedUs) / 1e6;
    js.terminalState = taken.terminalState as typeof js.terminalState;
    run.result.end = roundUs((atUs + taken.endUs) / 1e6);
    memo!.taken++;
    return { run, obs, finished: true };
  }
  if (
    remember &&
    memo &&
    js &&
    memo.finishes.size < MAX_REMEMBERED &&
    obs.finished &&
    !hist!.spoiled &&
    run.stoppedBy === 'stopped'
  ) {
    const endUs = Math.round(run.result.end * 1e6);
    const quiet =
      memo.threshold <= 0 || remember.pods + arrivalsBound(scenario, remember.atUs, endUs) <= memo.threshold;
    if (
      quiet &&
      atRunning(remember.atUs) &&
      js.terminalState !== null &&
      js.finishedAt !== null &&
      obs.terminalWait === undefined &&
      obs.victims.size === remember.victims
    ) {
      memo.finishes.set(remember.key, {
        endUs: endUs - remember.atUs,
        finishedUs: Math.round(js.finishedAt * 1e6) - remember.atUs,
        terminalState: js.terminalState,
      });
    }
  }
  return { run, obs, finished: obs.finished };
}

export function runFuture(plan: PredictPlan, seed: number, windowSeconds = ARRIVALS_WINDOW_SECONDS): FutureOutcome {
  const { namespace, name } = plan.submitted;
  const full = plan.at + plan.horizon;
  const window = plan.arrivals ? Math.min(full, plan.at + windowSeconds) : full;
  let { run, obs, finished } = attempt(plan, seed, window);
  if (!finished && window < full) ({ run, obs } = attempt(plan, seed, full));
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
