// Invariants checked over a finished run: its result, event log, series and scenario. With a run from
// `simulateChecked`, the live checks (monitor.ts) are included.
import { parseQuantity } from '../api/quantity.js';
import type { ClusterQueueSpec } from '../kueue/api.js';
import type { BucketsOutput, SeriesOutput } from '../metrics/series.js';
import type { SimulationRun } from '../simulate.js';
import type { Violation } from './violations.js';

/** A run with the violations its live monitor found (simulateChecked). */
export type CheckedRun = SimulationRun & { liveViolations?: Violation[] };

const TERMINAL = new Set(['JobSetCompleted', 'JobSetFailed']);

/** Every broken invariant of a run, in time order (live ones first as found), an empty list when none. */
export function checkInvariants(run: CheckedRun): Violation[] {
  const out: Violation[] = [...(run.liveViolations ?? [])];
  terminalStates(run, out);
  eventOrder(run, out);
  kueueQuotas(run, out);
  return out;
}

/** Every JobSet ends in exactly one terminal state (result, status, log agree), or is unfinished with a reason. */
function terminalStates(run: SimulationRun, out: Violation[]): void {
  const terminalRecords = new Map<string, string[]>();
  for (const r of run.events) {
    if (!TERMINAL.has(r.type)) continue;
    const js = r.jobSet as string;
    const list = terminalRecords.get(js) ?? [];
    list.push(`${r.type}@${r.t}s`);
    terminalRecords.set(js, list);
  }
  for (const js of run.result.jobsets) {
    const ref = `${js.namespace}/${js.name}`;
    const v = (message: string) => out.push({ t: null, object: ref, rule: 'terminal-state', message });
    if (js.terminalState === null && js.unfinishedReason === null)
      v('neither a terminal state nor an unfinishedReason');
    if (js.terminalState !== null && js.unfinishedReason !== null)
      v(`terminalState ${js.terminalState} and unfinishedReason ${js.unfinishedReason} both set`);
    if (js.terminalState !== null && js.finishedAt === null) v(`terminalState ${js.terminalState} without finishedAt`);
    const conds = (js.status?.conditions ?? []).filter(
      (c) => (c.type === 'Completed' || c.type === 'Failed') && c.status === 'True',
    );
    if (conds.length > 1) v(`conditions ${conds.map((c) => c.type).join(' and ')} are both True`);
    if (js.terminalState !== null && (conds.length !== 1 || conds[0]!.type !== js.terminalState))
      v(`terminalState ${js.terminalState} but True terminal conditions [${conds.map((c) => c.type).join(', ')}]`);
    const recs = terminalRecords.get(ref) ?? [];
    if (recs.length > 1) v(`${recs.length} terminal records in the event log: ${recs.join(', ')}`);
    if (js.terminalState !== null && recs.length === 0) v(`terminalState ${js.terminalState} but no terminal record`);
    if (js.terminalState === null && recs.length > 0 && js.unfinishedReason !== 'Deleted')
      v(`unfinished (${js.unfinishedReason}) after ${recs.join(', ')}`);
  }
}

function eventOrder(run: SimulationRun, out: Violation[]): void {
  let last = 0;
  for (const r of run.events) {
    if (!(r.t >= last) || r.t > run.result.end + 1e-6) {
      out.push({
        t: r.t,
        object: r.type,
        rule: 'event-order',
        message: `record at ${r.t}s (previous ${last}s, end ${run.result.end}s)`,
      });
    }
    last = r.t;
  }
}

function q(v: string | number | undefined): number | undefined {
  return v === undefined ? undefined : parseQuantity(v) / 1000;
}

/** The largest value a series reached, and when (the start of its bucket when downsampled). */
function seriesMax(s: SeriesOutput): { max: number; t: number } {
  let max = 0;
  let t = 0;
  if ('bucket' in s) {
    const b = s as BucketsOutput;
    b.max.forEach((m, i) => {
      if (m > max) [max, t] = [m, i * b.bucket];
    });
  } else
    s.v.forEach((v, i) => {
      if (v > max) [max, t] = [v, s.t[i]!];
    });
  return { max, t };
}

/**
 * Kueue: at every instant, each ClusterQueue's usage of a flavor/resource ≤ nominal + borrowingLimit (and, in a
 * cohort, ≤ the cohort's nominal total), and the usage summed over all ClusterQueues ≤ the sum of every quota.
 * Read from the result's `series` (exact change points, or per-bucket maxima: both give the true maximum).
 */
function kueueQuotas(run: SimulationRun, out: Violation[]): void {
  const series = run.result.series?.kueue as
    | {
        clusterQueues?: Record<string, { usage?: Record<string, SeriesOutput> }>;
        flavors?: Record<string, SeriesOutput>;
      }
    | undefined;
  if (!series) return;
  const nominal = new Map<string, number>(); // cq \0 fr
  const borrow = new Map<string, number>();
  const cohortOf = new Map<string, string>();
  const cohortTotal = new Map<string, number>(); // cohort \0 fr
  const total = new Map<string, number>(); // fr
  const k = run.scenario.kueue;
  const add = (m: Map<string, number>, key: string, v: number) => m.set(key, (m.get(key) ?? 0) + v);
  for (const cq of k.clusterQueues) {
    const name = cq.metadata.name;
    const cohort = cq.spec?.cohortName;
    if (cohort) cohortOf.set(name, cohort);
    for (const g of cq.spec?.resourceGroups ?? [])
      for (const f of g.flavors)
        for (const r of f.resources) {
          const fr = `${f.name}/${r.name}`;
          const n = q(r.nominalQuota) ?? 0;
          nominal.set(`${name}\u0000${fr}`, n);
          const b = q(r.borrowingLimit);
          if (b !== undefined) borrow.set(`${name}\u0000${fr}`, b);
          add(total, fr, n);
          if (cohort) add(cohortTotal, `${cohort}\u0000${fr}`, n);
        }
  }
  // Cohort objects may hold quota of their own, which their members can borrow.
  for (const c of k.cohorts) {
    const spec = (c as unknown as { spec?: ClusterQueueSpec }).spec;
    for (const g of spec?.resourceGroups ?? [])
      for (const f of g.flavors) for (const r of f.resources) add(total, `${f.name}/${r.name}`, q(r.nominalQuota) ?? 0);
  }
  const hierarchical = k.cohorts.length > 0;
  for (const [cq, s] of Object.entries(series.clusterQueues ?? {})) {
    for (const [fr, steps] of Object.entries(s.usage ?? {})) {
      const key = `${cq}\u0000${fr}`;
      const n = nominal.get(key) ?? 0;
      const cohort = cohortOf.get(cq);
      let cap = cohort ? n + (borrow.get(key) ?? Number.POSITIVE_INFINITY) : n;
      if (cohort && !hierarchical) cap = Math.min(cap, cohortTotal.get(`${cohort}\u0000${fr}`) ?? n);
      const { max, t } = seriesMax(steps);
      if (max > cap + 1e-6) {
        out.push({
          t,
          object: `ClusterQueue/${cq}`,
          rule: 'kueue-quota',
          message: `${fr} usage ${max} > ${cohort ? `nominal ${n} + borrowing limit (cohort ${cohort}) = ${cap}` : `nominal ${n}`}`,
        });
      }
    }
  }
  for (const [fr, steps] of Object.entries(series.flavors ?? {})) {
    const { max, t } = seriesMax(steps);
    const cap = total.get(fr) ?? 0;
    if (max > cap + 1e-6)
      out.push({
        t,
        object: `flavor ${fr}`,
        rule: 'kueue-quota',
        message: `usage over all ClusterQueues ${max} > every quota ${cap}`,
      });
  }
}
