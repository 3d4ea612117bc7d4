// The run as a Chrome trace (trace.json; opens in ui.perfetto.dev), built from the event log records in one pass:
// each node pool is a process, each node's device slots are its threads (a pod takes the lowest free slot of its
// node, so pods that overlap on a node sit on different threads and never form broken slices), and JobSet and
// Workload lifecycles are async tracks of two further processes. Timestamps are µs of simulated time.
import type { LogRecord } from '../src/engine/event-log.js';
import { PlacementTracker, type PodPlacement, poolOf } from './placements.js';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  s?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

const JOBSETS_PID = 1;
const WORKLOADS_PID = 2;

function us(t: number): number {
  return Math.round(t * 1e6);
}

interface Pending {
  pool: string;
  ev: TraceEvent;
  node: string;
  slot: number;
}

export class TraceBuilder {
  private readonly tracker: PlacementTracker;
  /** Per node: slot -> busy. */
  private readonly slots = new Map<string, boolean[]>();
  private readonly podSlot = new Map<string, number>();
  private readonly poolEvents: Pending[] = [];
  private readonly events: TraceEvent[] = [];
  /** Open async spans: JobSet lifecycles, suspensions, Workload admissions (by JobSet). */
  private readonly openJobSets = new Set<string>();
  private readonly suspended = new Set<string>();
  private readonly admitted = new Map<string, { workload: string; cq: string }>();

  constructor(private readonly meta: Record<string, unknown> = {}) {
    this.tracker = new PlacementTracker(
      (p) => this.podClosed(p),
      () => {},
    );
  }

  add(r: LogRecord): void {
    const ts = us(r.t);
    if (r.type === 'PodScheduled') {
      const node = String(r.node);
      let lanes = this.slots.get(node);
      if (!lanes) this.slots.set(node, (lanes = []));
      let slot = lanes.indexOf(false);
      if (slot < 0) slot = lanes.length;
      lanes[slot] = true;
      this.podSlot.set(String(r.pod), slot);
    }
    this.tracker.add(r);
    const js = typeof r.jobSet === 'string' ? r.jobSet : '';
    switch (r.type) {
      case 'JobSetCreated':
        this.openJobSets.add(js);
        this.async('b', js, 'jobset', js, ts, JOBSETS_PID);
        break;
      case 'JobSetSuspended':
        if (!this.suspended.has(js)) {
          this.suspended.add(js);
          this.async('b', 'suspended', 'jobset', js, ts, JOBSETS_PID);
        }
        break;
      case 'JobSetResumed':
        this.endSuspended(js, ts);
        break;
      case 'JobSetRestarted':
        this.events.push({
          name: `restart ${js}`,
          ph: 'i',
          s: 'p',
          pid: JOBSETS_PID,
          tid: 0,
          ts,
          args: { restarts: r.restarts },
        });
        break;
      case 'JobSetCompleted':
      case 'JobSetFailed':
      case 'JobSetDeleted':
        this.endWorkload(js, ts, r.type.slice('JobSet'.length));
        this.endSuspended(js, ts);
        if (this.openJobSets.delete(js)) this.async('e', js, 'jobset', js, ts, JOBSETS_PID, { end: r.type });
        break;
      case 'WorkloadAdmitted': {
        this.endWorkload(js, ts, 'Readmitted');
        const w = { workload: String(r.workload), cq: String(r.clusterQueue) };
        this.admitted.set(js, w);
        this.async('b', `admitted ${w.workload}`, 'workload', w.workload, ts, WORKLOADS_PID, {
          clusterQueue: w.cq,
          flavors: r.flavors,
        });
        break;
      }
      case 'WorkloadEvicted':
      case 'WorkloadPreempted':
        this.endWorkload(js, ts, `${r.type.slice('Workload'.length)}: ${String(r.reason ?? '')}`);
        break;
      case 'NodeFailed':
      case 'NodeRecovered':
      case 'NodeCordoned':
      case 'NodeUncordoned':
      case 'NodeDeleted': {
        const node = String(r.node);
        this.poolEvents.push({
          pool: poolOf(node),
          node,
          slot: 0,
          ev: { name: `${r.type} ${node}`, ph: 'i', s: 'p', pid: 0, ts },
        });
        break;
      }
    }
  }

  private async(ph: 'b' | 'e', name: string, cat: string, id: string, ts: number, pid: number, args?: object): void {
    const ev: TraceEvent = { name, ph, cat, id, pid, tid: 0, ts };
    if (args) ev.args = { ...args };
    this.events.push(ev);
  }

  private endSuspended(js: string, ts: number): void {
    if (this.suspended.delete(js)) this.async('e', 'suspended', 'jobset', js, ts, JOBSETS_PID);
  }

  private endWorkload(js: string, ts: number, why: string): void {
    const w = this.admitted.get(js);
    if (!w) return;
    this.admitted.delete(js);
    this.async('e', `admitted ${w.workload}`, 'workload', w.workload, ts, WORKLOADS_PID, { end: why });
  }

  private podClosed(p: PodPlacement): void {
    const slot = this.podSlot.get(p.pod) ?? 0;
    this.podSlot.delete(p.pod);
    const lanes = this.slots.get(p.node);
    if (lanes) lanes[slot] = false;
    this.poolEvents.push({
      pool: p.pool,
      node: p.node,
      slot,
      ev: {
        name: p.pod,
        ph: 'X',
        cat: 'pod',
        pid: 0,
        ts: us(p.start),
        dur: us(p.end) - us(p.start),
        args: { job: p.job, jobSet: p.jobSet, node: p.node, outcome: p.outcome },
      },
    });
  }

  /** The trace, with everything still open closed at `end` (seconds). */
  output(end: number): ChromeTrace {
    this.tracker.finish(end);
    const endTs = us(end);
    for (const js of [...this.admitted.keys()]) this.endWorkload(js, endTs, 'end of run');
    for (const js of [...this.suspended]) this.endSuspended(js, endTs);
    for (const js of [...this.openJobSets])
      this.async('e', js, 'jobset', js, endTs, JOBSETS_PID, { end: 'end of run' });
    const meta: TraceEvent[] = [
      { name: 'process_name', ph: 'M', pid: JOBSETS_PID, args: { name: 'JobSets' } },
      { name: 'process_sort_index', ph: 'M', pid: JOBSETS_PID, args: { sort_index: JOBSETS_PID } },
      { name: 'process_name', ph: 'M', pid: WORKLOADS_PID, args: { name: 'Workloads' } },
      { name: 'process_sort_index', ph: 'M', pid: WORKLOADS_PID, args: { sort_index: WORKLOADS_PID } },
    ];
    const pools = [...this.tracker.pools].sort();
    const pid = new Map(pools.map((p, i) => [p, i + 3]));
    for (const [pool, id] of pid) {
      meta.push({ name: 'process_name', ph: 'M', pid: id, args: { name: `pool ${pool}` } });
      meta.push({ name: 'process_sort_index', ph: 'M', pid: id, args: { sort_index: id } });
    }
    // Threads: one per (node, slot) actually used, numbered in node then slot order within each pool.
    const threads = [...new Set(this.poolEvents.map((e) => `${e.node}\u0000${e.slot}`))].sort((a, b) =>
      a.localeCompare(b, 'en', { numeric: true }),
    );
    const tid = new Map(threads.map((k, i) => [k, i + 1]));
    for (const k of threads) {
      const [node, slot] = k.split('\u0000') as [string, string];
      const p = pid.get(poolOf(node))!;
      meta.push({ name: 'thread_name', ph: 'M', pid: p, tid: tid.get(k)!, args: { name: `${node} slot ${slot}` } });
      meta.push({ name: 'thread_sort_index', ph: 'M', pid: p, tid: tid.get(k)!, args: { sort_index: tid.get(k)! } });
    }
    const body: TraceEvent[] = [...this.events];
    for (const e of this.poolEvents) {
      body.push({ ...e.ev, pid: pid.get(e.pool)!, tid: tid.get(`${e.node}\u0000${e.slot}`)! });
    }
    // Stable by time: async begin/end pairs keep their order at equal timestamps.
    body.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
    return { traceEvents: [...meta, ...body], displayTimeUnit: 'ms', otherData: { ...this.meta, end } };
  }
}

/** The trace of a run from its records (an array or any iterable). */
export function buildTrace(records: Iterable<LogRecord>, end: number, meta: Record<string, unknown> = {}): ChromeTrace {
  const b = new TraceBuilder(meta);
  for (const r of records) b.add(r);
  return b.output(end);
}
