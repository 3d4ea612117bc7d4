// Future arrivals: a homogeneous Poisson process whose rate is fitted from the creation times of the input's
// JobSets, each arrival a copy of one of them drawn uniformly (its shape, queue, priority and duration). The fit
// is the rate between the first and the last creation, (n − 1) / (t_last − t_first): the maximum-likelihood rate
// of the gaps between them. Arrivals start after the last input creation, so a scenario's own later JobSets are
// not counted twice. Draws come from the future's seed, streams `predict/arrivals` (gaps) and `predict/shapes`.
import { clonePlain } from '../api/clone.js';
import type { JobSet } from '../api/jobset.js';
import { RandomStreams } from '../engine/random.js';
import { ANNOTATION_SUBMIT_AT } from '../scenario/load.js';
import type { Scenario, WorkloadEntry } from '../scenario/model.js';
import type { ArrivalFit } from './types.js';

/** At most this many fitted arrivals per future (a guard against a burst-fitted rate over a long horizon). */
export const MAX_ARRIVALS = 100_000;

/** A JobSet the input already holds, with its creation time in simulated seconds (≤ 0 for a snapshot's). */
interface Seen {
  object: JobSet;
  t: number;
}

/**
 * The input's JobSets with their creation times: a scenario's at their submit-at; a snapshot's (the loader keeps
 * them in `scenario.snapshot`, times as simulated seconds, or RFC 3339 against its time 0) at creationTimestamp.
 */
function seenJobSets(scenario: Scenario, exclude: string): Seen[] {
  const key = (js: JobSet) => `${js.metadata.namespace ?? 'default'}/${js.metadata.name}`;
  const out: Seen[] = scenario.jobSets
    .filter((e) => key(e.object) !== exclude)
    .map((e) => ({ object: e.object, t: e.submitAt / 1e6 }));
  const snap = (scenario as { snapshot?: { nowUs?: number; jobSets?: JobSet[] } }).snapshot;
  for (const js of snap?.jobSets ?? []) {
    const c = js.metadata.creationTimestamp as unknown;
    const t =
      typeof c === 'number'
        ? c
        : typeof c === 'string'
          ? (Date.parse(c) * 1000 - (snap?.nowUs ?? 0)) / 1e6
          : Number.NaN;
    if (Number.isFinite(t) && key(js) !== exclude) out.push({ object: js, t });
  }
  return out;
}

/** A JobSet as a template for new arrivals: metadata and spec only (no status, uid, or Kueue's suspension). */
function template(js: JobSet): JobSet {
  const m = js.metadata;
  const annotations = { ...(m.annotations ?? {}) };
  delete annotations[ANNOTATION_SUBMIT_AT];
  const spec = clonePlain(js.spec);
  delete (spec as { suspend?: boolean }).suspend;
  return {
    apiVersion: js.apiVersion,
    kind: js.kind,
    metadata: {
      name: m.name,
      namespace: m.namespace ?? 'default',
      ...(m.labels ? { labels: { ...m.labels } } : {}),
      annotations,
    },
    spec,
  } as JobSet;
}

/** The fit, or a note saying why there is none. `exclude`: the submitted JobSet (namespace/name). */
export function fitArrivals(scenario: Scenario, exclude: string, at = 0): { fit: ArrivalFit | null; note: string } {
  const seen = seenJobSets(scenario, exclude);
  if (seen.length < 2) {
    return { fit: null, note: `no arrival process: the input has ${seen.length} JobSet(s), 2 are needed to fit one` };
  }
  const t = seen.map((s) => s.t);
  const first = Math.min(...t);
  const last = Math.max(...t);
  const span = last - first;
  if (!(span > 0)) {
    return { fit: null, note: `no arrival process: the input's ${seen.length} JobSets were all created at once` };
  }
  const names = new Set(seen.map((s) => s.object.metadata.name));
  let prefix = 'arrival';
  while ([...names].some((n) => n?.startsWith(`${prefix}-`))) prefix = `p${prefix}`;
  return {
    fit: {
      perHour: ((seen.length - 1) / span) * 3600,
      start: Math.max(at, last),
      fittedFrom: seen.length,
      span,
      templates: seen.map((s) => template(s.object)),
      prefix,
    },
    note: '',
  };
}

/** The arrivals of one future, in [fit.start, until) simulated seconds. */
export function drawArrivals(fit: ArrivalFit, seed: number, until: number): WorkloadEntry<JobSet>[] {
  const streams = new RandomStreams(seed);
  const gaps = streams.stream('predict/arrivals');
  const shapes = streams.stream('predict/shapes');
  const mean = 3600 / fit.perHour;
  const out: WorkloadEntry<JobSet>[] = [];
  let t = fit.start;
  for (let i = 0; i < MAX_ARRIVALS; i++) {
    t += gaps.exponential(mean);
    if (t >= until) break;
    const tpl = shapes.pick(fit.templates);
    const name = `${fit.prefix}-${i}`;
    const object = { ...tpl, metadata: { ...tpl.metadata, name } } as JobSet;
    out.push({
      object,
      submitAt: Math.round(t * 1e6),
      source: { file: '(predict arrivals)', document: 0, kind: 'JobSet', namespace: tpl.metadata.namespace, name },
    });
  }
  return out;
}
