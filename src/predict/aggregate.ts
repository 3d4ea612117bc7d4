// The report over all futures, in seed order (so the same plan and seeds give the same bytes with any number of
// workers): distributions of the three times (d3 quantiles, as sweeps), where it lands, whom it preempts, why it waits.
import { roundUs } from '../metrics/stats.js';
import { summarize } from '../sweep/stats.js';
import type { Distribution, FutureOutcome, PredictPlan, PredictReport, WaitCategory } from './types.js';

/** Waits shorter than this are the modelled control-plane latencies (reconciles, Kueue cycles), not waiting. */
export const MIN_WAIT_SECONDS = 1;

const share = (k: number, n: number) => (n > 0 ? roundUs(k / n) : 0);

function distribution(values: (number | null)[]): Distribution {
  const got = values.filter((v): v is number => v !== null);
  const s = summarize(got);
  return {
    n: got.length,
    never: share(values.length - got.length, values.length),
    min: s.min,
    p50: s.p50,
    p90: s.p90,
    max: s.max,
  };
}

export function aggregate(
  plan: PredictPlan,
  seed: number,
  outcomes: FutureOutcome[],
  warnings: PredictReport['warnings'],
): PredictReport {
  const runs = [...outcomes].sort((a, b) => a.seed - b.seed);
  const n = runs.length;

  const landings = new Map<string, { clusterQueue: string | null; flavors: FutureOutcome['flavors']; k: number }>();
  for (const r of runs) {
    if (r.admission === null || !plan.kueue) continue;
    const key = JSON.stringify([r.clusterQueue, r.flavors]);
    const l = landings.get(key) ?? { clusterQueue: r.clusterQueue, flavors: r.flavors, k: 0 };
    l.k++;
    landings.set(key, l);
  }

  const victims = new Map<string, number>();
  for (const r of runs) for (const v of r.preempted) victims.set(v, (victims.get(v) ?? 0) + 1);

  // Waits: per category, the futures in which it was the longest reason, its mean length over those, and its most
  // common (longest-summed) upstream message.
  const byCat = new Map<WaitCategory, { k: number; seconds: number; messages: Map<string, number> }>();
  let waited = 0;
  for (const r of runs) {
    const top = r.waits[0];
    if (!top || top.seconds < MIN_WAIT_SECONDS) continue;
    waited++;
    const c = byCat.get(top.category) ?? { k: 0, seconds: 0, messages: new Map() };
    c.k++;
    c.seconds += top.seconds;
    const mk = JSON.stringify([top.reason, top.message]);
    c.messages.set(mk, (c.messages.get(mk) ?? 0) + top.seconds);
    byCat.set(top.category, c);
  }
  const byCategory = [...byCat.entries()]
    .map(([category, c]) => {
      const [msg] = [...c.messages.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const [reason, message] = JSON.parse(msg![0]) as [string, string];
      return { category, share: share(c.k, n), meanSeconds: roundUs(c.seconds / c.k), reason, message };
    })
    .sort((a, b) => b.share - a.share || (a.category < b.category ? -1 : 1));

  const { templates: _t, ...arrivals } = plan.arrivals ?? { templates: [] };
  return {
    schema: 'jobset-sim/predict/v1',
    submitted: { ...plan.submitted, kueue: plan.kueue },
    files: plan.inputs.slice(0, -1).map((i) => i.file),
    futures: n,
    seeds: { first: seed, last: seed + n - 1 },
    horizon: plan.horizon,
    at: plan.at,
    arrivals: plan.arrivals ? (arrivals as PredictReport['arrivals']) : null,
    arrivalsNote: plan.arrivalsNote,
    timeToAdmission: distribution(runs.map((r) => r.admission)),
    timeToAllRunning: distribution(runs.map((r) => r.allRunning)),
    timeToCompletion: distribution(runs.map((r) => r.completion)),
    neverStarted: share(runs.filter((r) => r.admission === null).length, n),
    completed: share(runs.filter((r) => r.terminalState === 'Completed').length, n),
    failed: share(runs.filter((r) => r.terminalState === 'Failed').length, n),
    landing: [...landings.values()]
      .map((l) => ({ clusterQueue: l.clusterQueue, flavors: l.flavors, share: share(l.k, n) }))
      .sort((a, b) => b.share - a.share),
    preemptions: {
      futures: share(runs.filter((r) => r.preempted.length > 0).length, n),
      victims: [...victims.entries()]
        .map(([name, k]) => ({ name, share: share(k, n) }))
        .sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1)),
    },
    waits: { futures: share(waited, n), byCategory },
    runs,
    warnings,
  };
}
