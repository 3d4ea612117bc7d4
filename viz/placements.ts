// Pod and child-Job placements from the event log, streamed: a pod occupies its node from PodScheduled to its first
// terminal record (PodSucceeded, PodFailed or PodDeleted); a child Job holds a node pool while it has at least one
// bound pod there, so each maximal such interval is one "placement" (a bar of the report's pool timeline).
import type { LogRecord } from '../src/engine/event-log.js';

/** Nodes are named `<pool>-node-<index>` (CONTRACT.md §2); any other name is its own pool. */
export function poolOf(node: string): string {
  const m = /^(.*)-node-\d+$/.exec(node);
  return m ? m[1]! : node;
}

export interface PodPlacement {
  pod: string;
  job: string;
  jobSet: string;
  node: string;
  pool: string;
  start: number;
  end: number;
  /** How it ended: Succeeded, Failed, Deleted, or Running at the end of the run. */
  outcome: string;
}

export interface JobPlacement {
  job: string;
  jobSet: string;
  pool: string;
  start: number;
  end: number;
  pods: number;
}

interface Open {
  pod: string;
  job: string;
  jobSet: string;
  node: string;
  start: number;
}

const POD_END: Record<string, string> = { PodSucceeded: 'Succeeded', PodFailed: 'Failed', PodDeleted: 'Deleted' };

export class PlacementTracker {
  private readonly open = new Map<string, Open>();
  /** Open job placements by `job\u0000pool`: live pod count, start, pods seen. */
  private readonly jobs = new Map<string, { live: number; start: number; pods: number }>();
  /** Pools each JobSet holds now (pool -> live pods), to place markers such as evictions. */
  private readonly held = new Map<string, Map<string, number>>();
  readonly pools = new Set<string>();
  /** Pools each Job and JobSet has held, at any time (markers for records that come after the pods are gone). */
  private readonly everHeld = new Map<string, Set<string>>();

  constructor(
    private readonly onPod: (p: PodPlacement) => void,
    private readonly onJob: (p: JobPlacement) => void,
  ) {}

  /** Pools the JobSet has bound pods in at this moment. */
  poolsOf(jobSet: string): string[] {
    return [...(this.held.get(jobSet)?.keys() ?? [])];
  }

  /** Pools a Job or JobSet has ever held a pod in. */
  poolsEverHeld(jobOrJobSet: string): string[] {
    return [...(this.everHeld.get(jobOrJobSet) ?? [])];
  }

  private remember(key: string, pool: string): void {
    let s = this.everHeld.get(key);
    if (!s) this.everHeld.set(key, (s = new Set()));
    s.add(pool);
  }

  add(r: LogRecord): void {
    if (r.type === 'PodScheduled') {
      const node = String(r.node);
      const o: Open = {
        pod: String(r.pod),
        job: String(r.job ?? ''),
        jobSet: String(r.jobSet ?? ''),
        node,
        start: r.t,
      };
      this.open.set(o.pod, o);
      const pool = poolOf(node);
      this.pools.add(pool);
      this.remember(o.job, pool);
      this.remember(o.jobSet, pool);
      const key = `${o.job}\u0000${pool}`;
      const j = this.jobs.get(key);
      if (j) {
        j.live++;
        j.pods++;
      } else this.jobs.set(key, { live: 1, start: r.t, pods: 1 });
      let h = this.held.get(o.jobSet);
      if (!h) this.held.set(o.jobSet, (h = new Map()));
      h.set(pool, (h.get(pool) ?? 0) + 1);
      return;
    }
    const outcome = POD_END[r.type];
    if (outcome === undefined) {
      if (typeof r.node === 'string' && r.type.startsWith('Node')) this.pools.add(poolOf(r.node));
      return;
    }
    const o = this.open.get(String(r.pod));
    if (o) this.close(o, r.t, outcome);
  }

  /** Closes everything still open at the end of the run. */
  finish(end: number): void {
    for (const o of [...this.open.values()]) this.close(o, end, 'Running');
  }

  private close(o: Open, t: number, outcome: string): void {
    this.open.delete(o.pod);
    const pool = poolOf(o.node);
    this.onPod({ ...o, pool, end: t, outcome });
    const key = `${o.job}\u0000${pool}`;
    const j = this.jobs.get(key);
    if (j && --j.live === 0) {
      this.jobs.delete(key);
      this.onJob({ job: o.job, jobSet: o.jobSet, pool, start: j.start, end: t, pods: j.pods });
    }
    const h = this.held.get(o.jobSet);
    if (h) {
      const n = (h.get(pool) ?? 1) - 1;
      if (n <= 0) h.delete(pool);
      else h.set(pool, n);
    }
  }
}
