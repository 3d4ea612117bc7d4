// The report's data: a bounded digest of a run (result + one pass over the event log). The report embeds this
// digest, never the event log: pool bars and markers are capped, series come bounded from the result, CDFs are
// thinned to at most CDF_POINTS points.
import type { LogRecord } from '../src/engine/event-log.js';
import type { Result } from '../src/metrics/result.js';
import type { SeriesOutput } from '../src/metrics/series.js';
import { type JobPlacement, PlacementTracker, poolOf } from './placements.js';

/** Caps that keep a large run's report small and fast (README "report"). */
export const REPORT_LIMITS = { bars: 5000, markers: 2000, swimlanes: 80, cdfPoints: 200 };

export interface Marker {
  t: number;
  pool: string;
  kind: 'failure' | 'eviction' | 'restart' | 'node';
  label: string;
}

export interface Lifecycle {
  name: string;
  submittedAt: number;
  admittedAt: number | null;
  runningAt: number | null;
  finishedAt: number | null;
  state: string;
  restarts: number;
  marks: { t: number; kind: 'eviction' | 'restart' | 'failure' }[];
}

export interface ReportData {
  title: string;
  seed: number;
  end: number;
  pools: string[];
  bars: JobPlacement[];
  barsDropped: number;
  markers: Marker[];
  markersDropped: number;
  allocated: Record<string, SeriesOutput>;
  queues: Record<string, { pending?: SeriesOutput; admitted?: SeriesOutput }>;
  /** Per ClusterQueue, `series.kueue.clusterQueues.<cq>.drs` (weightedShare); only with Fair Sharing on. */
  drs: Record<string, SeriesOutput>;
  lifecycles: Lifecycle[];
  lifecyclesTotal: number;
  cdfs: { queueWait: [number, number][]; completionTime: [number, number][] };
  headline: [string, string][];
}

/** Empirical CDF of `xs` as at most `max` (x, F(x)) points (evenly spaced ranks, the last one kept). */
export function cdfPoints(xs: number[], max: number): [number, number][] {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return [];
  const out: [number, number][] = [];
  const step = Math.max(1, Math.ceil(n / max));
  for (let i = step - 1; i < n; i += step) out.push([s[i]!, (i + 1) / n]);
  if (out[out.length - 1]![1] !== 1) out.push([s[n - 1]!, 1]);
  return out;
}

/** A duration in seconds for people: 3607.03 -> "1h0m7s". */
export function fmtDuration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h > 0 ? `${h}h${m}m${sec}s` : `${m}m${sec}s`;
}

function isSeries(x: unknown): x is SeriesOutput {
  return typeof x === 'object' && x !== null && (('t' in x && 'v' in x) || ('bucket' in x && 'mean' in x));
}

export class ReportDigest {
  private readonly tracker: PlacementTracker;
  private readonly bars: JobPlacement[] = [];
  private barsDropped = 0;
  private readonly markers: Marker[] = [];
  private markersDropped = 0;
  private readonly marks = new Map<string, { t: number; kind: 'eviction' | 'restart' | 'failure' }[]>();

  constructor() {
    this.tracker = new PlacementTracker(
      () => {},
      (j) => {
        if (this.bars.length < REPORT_LIMITS.bars) this.bars.push(j);
        else this.barsDropped++;
      },
    );
  }

  private mark(m: Marker): void {
    if (this.markers.length < REPORT_LIMITS.markers) this.markers.push(m);
    else this.markersDropped++;
  }

  private jobSetMark(js: string, t: number, kind: 'eviction' | 'restart' | 'failure'): void {
    let l = this.marks.get(js);
    if (!l) this.marks.set(js, (l = []));
    if (l.length < 50) l.push({ t, kind });
  }

  /** Pools the JobSet holds now, or (its pods already gone) every pool it has held. */
  private heldOrEver(js: string): string[] {
    const now = this.tracker.poolsOf(js);
    return now.length ? now : this.tracker.poolsEverHeld(js);
  }

  add(r: LogRecord): void {
    const js = typeof r.jobSet === 'string' ? r.jobSet : '';
    // Markers go on the pools the JobSet holds just before the record takes effect.
    switch (r.type) {
      case 'WorkloadPreempted':
      case 'WorkloadEvicted':
        for (const pool of this.tracker.poolsOf(js))
          this.mark({ t: r.t, pool, kind: 'eviction', label: `${js} ${r.type.slice(8)} (${String(r.reason ?? '')})` });
        this.jobSetMark(js, r.t, 'eviction');
        break;
      case 'JobSetRestarted':
        for (const pool of this.heldOrEver(js))
          this.mark({ t: r.t, pool, kind: 'restart', label: `${js} restarted (${String(r.restarts ?? '')})` });
        this.jobSetMark(js, r.t, 'restart');
        break;
      case 'JobFailed':
        for (const pool of this.tracker.poolsEverHeld(String(r.job)))
          this.mark({ t: r.t, pool, kind: 'failure', label: `${String(r.job)} failed: ${String(r.reason ?? '')}` });
        break;
      case 'JobSetFailed':
        for (const pool of this.heldOrEver(js)) this.mark({ t: r.t, pool, kind: 'failure', label: `${js} failed` });
        this.jobSetMark(js, r.t, 'failure');
        break;
      case 'NodeFailed':
      case 'NodeDeleted':
        this.mark({ t: r.t, pool: poolOf(String(r.node)), kind: 'node', label: `${r.type} ${String(r.node)}` });
        break;
    }
    this.tracker.add(r);
  }

  output(result: Result): ReportData {
    this.tracker.finish(result.end);
    const m = result.metrics;
    const series = (result.series ?? {}) as Record<string, unknown>;
    const allocated: Record<string, SeriesOutput> = {};
    for (const [k, v] of Object.entries((series.allocated ?? {}) as Record<string, unknown>)) {
      if (isSeries(v)) allocated[k] = v;
    }
    const queues: ReportData['queues'] = {};
    const drs: ReportData['drs'] = {};
    const cqs = ((series.kueue as Record<string, unknown> | undefined)?.clusterQueues ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    for (const [cq, s] of Object.entries(cqs)) {
      queues[cq] = {
        ...(isSeries(s.pending) ? { pending: s.pending } : {}),
        ...(isSeries(s.admitted) ? { admitted: s.admitted } : {}),
      };
      if (isSeries(s.drs)) drs[cq] = s.drs;
    }
    const lifecycles: Lifecycle[] = result.jobsets.slice(0, REPORT_LIMITS.swimlanes).map((j) => {
      const name = `${j.namespace}/${j.name}`;
      return {
        name,
        submittedAt: j.submittedAt,
        admittedAt: j.admittedAt,
        runningAt: j.runningAt,
        finishedAt: j.finishedAt,
        state: j.terminalState ?? `unfinished (${j.unfinishedReason ?? ''})`,
        restarts: j.status?.restarts ?? 0,
        marks: this.marks.get(name) ?? [],
      };
    });
    const qw: number[] = [];
    const ct: number[] = [];
    for (const j of result.jobsets) {
      if (j.admittedAt !== null) qw.push(j.admittedAt - j.submittedAt);
      if (j.finishedAt !== null) ct.push(j.finishedAt - j.submittedAt);
    }
    const util = Object.entries(m.utilization ?? {})
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
      .join(', ');
    const ev = Object.entries(m.evictions ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const headline: [string, string][] = [
      [
        'JobSets',
        `${m.jobsets.submitted} submitted, ${m.jobsets.completed} completed, ${m.jobsets.failed} failed, ${m.jobsets.unfinished} unfinished`,
      ],
      ['run ended at', fmtDuration(result.end)],
      ['makespan', fmtDuration(m.makespan)],
      [
        'queue wait p50 / p90 / max',
        `${fmtDuration(m.queueWait?.p50)} / ${fmtDuration(m.queueWait?.p90)} / ${fmtDuration(m.queueWait?.max)}`,
      ],
      [
        'completion p50 / p90 / max',
        `${fmtDuration(m.completionTime?.p50)} / ${fmtDuration(m.completionTime?.p90)} / ${fmtDuration(m.completionTime?.max)}`,
      ],
      ['utilization', util || '–'],
      ['restarts / evictions / preemptions', `${m.restarts} / ${ev || '0'} / ${m.preemptions}`],
    ];
    const pools = [...this.tracker.pools].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return {
      title: result.scenario.name,
      seed: result.scenario.seed,
      end: result.end,
      pools,
      bars: this.bars.sort((a, b) => a.start - b.start),
      barsDropped: this.barsDropped,
      markers: this.markers,
      markersDropped: this.markersDropped,
      allocated,
      queues,
      drs,
      lifecycles,
      lifecyclesTotal: result.jobsets.length,
      cdfs: {
        queueWait: cdfPoints(qw, REPORT_LIMITS.cdfPoints),
        completionTime: cdfPoints(ct, REPORT_LIMITS.cdfPoints),
      },
      headline,
    };
  }
}

export function buildReportData(records: Iterable<LogRecord>, result: Result): ReportData {
  const d = new ReportDigest();
  for (const r of records) d.add(r);
  return d.output(result);
}
