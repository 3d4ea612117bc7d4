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

/** Creation time in seconds: metadata.creationTimestamp when every JobSet has one (a snapshot), else submit-at. */
function creationTimes(entries: readonly WorkloadEntry<JobSet>[]): { t: number[]; from: ArrivalFit['times'] } {
  const stamps = entries.map((e) => Date.parse(String(e.object.metadata.creationTimestamp ?? '')));
  if (entries.length > 0 && stamps.every((s) => Number.isFinite(s))) {
    const newest = Math.max(...stamps);
    return { t: stamps.map((s) => (s - newest) / 1000), from: 'creationTimestamp' };
  }
  return { t: entries.map((e) => e.submitAt / 1e6), from: 'submit-at' };
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
  const entries = scenario.jobSets.filter(
    (e) => `${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name}` !== exclude,
  );
  if (entries.length < 2) {
    return {
      fit: null,
      note: `no arrival process: the input has ${entries.length} JobSet(s), 2 are needed to fit one`,
    };
  }
  const { t, from } = creationTimes(entries);
  const first = Math.min(...t);
  const last = Math.max(...t);
  const span = last - first;
  if (!(span > 0)) {
    return { fit: null, note: `no arrival process: the input's ${entries.length} JobSets were all created at once` };
  }
  const names = new Set(entries.map((e) => e.object.metadata.name));
  let prefix = 'arrival';
  while ([...names].some((n) => n?.startsWith(`${prefix}-`))) prefix = `p${prefix}`;
  return {
    fit: {
      perHour: ((entries.length - 1) / span) * 3600,
      start: Math.max(at, from === 'submit-at' ? last : 0),
      fittedFrom: entries.length,
      span,
      times: from,
      templates: entries.map((e) => template(e.object)),
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
