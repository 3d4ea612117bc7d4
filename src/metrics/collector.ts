// Per-JobSet lifecycle records and time-weighted allocation, fed by the store's watch stream.
import type { Node, Pod } from '../api/core.js';
import { podIsTerminal } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import { GPU_COUNT } from '../api/open-gpu-share.js';
import { parseResourceList } from '../api/quantity.js';
import type { Store } from '../engine/store.js';
import { requestListOf } from '../scheduler/node-info.js';
import { Integral } from './integral.js';
import type { SeriesRecorder, SeriesWriter } from './series.js';

export interface JobSetRecord {
  namespace: string;
  name: string;
  submittedAt: number;
  admittedAt: number | null;
  runningAt: number | null;
  finishedAt: number | null;
  neverSchedulable?: string;
  deleted: boolean;
  /**
   * The last JobSet seen (kept after deletion); once archived (src/archive-finished.ts), only the fields the result
   * reads.
   */
  last?: Pick<JobSet, 'status'> & { spec: Pick<JobSet['spec'], 'suspend'> };
  expectedPods: number;
  running: Set<string>;
  /** Kueue holds it suspended, waiting for (re)admission. */
  waitingForKueue?: boolean;
  /** Kueue's view, for a JobSet Kueue manages. */
  queue?: {
    localQueue: string;
    clusterQueue: string;
    admissions: number;
    evictions: number;
    flavors: Record<string, Record<string, string>>;
  };
}

/** Integrates a piecewise-constant value over simulated time (µs). */
export class Collector {
  readonly jobsets = new Map<string, JobSetRecord>();
  /**
   * The same records by namespace (as the key writes it) then name: a pod event looks its JobSet up without building
   * the `namespace/name` string to hash.
   */
  private readonly byNamespace = new Map<string, Map<string, JobSetRecord>>();
  private readonly allocated = new Map<string, Integral>();
  private readonly allocatable = new Map<string, Integral>();
  private readonly counted = new Set<string>();
  /** The result's `series.allocated`, when recorded: requests of bound, non-terminal pods per resource. */
  series: SeriesRecorder | undefined;
  /** `series.allocated` writers by resource, made once (no path array and join per bind); of `writersOf`. */
  private readonly writers = new Map<string, SeriesWriter>();
  private writersOf: SeriesRecorder | undefined;

  constructor(
    store: Store,
    private readonly now: () => number,
    /** Whether Kueue holds this JobSet until it admits it (then admittedAt waits for the admission). */
    private readonly queuedByKueue: (js: JobSet) => boolean = () => false,
  ) {
    store.watch<JobSet>('JobSet', (type, js) => this.onJobSet(type, js));
    store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
    store.watch<Node>('Node', (type, node) => this.onNode(type, node));
    store.onArchive<JobSet>('JobSet', (js) => {
      const r = this.jobsets.get(`${js.metadata.namespace}/${js.metadata.name}`);
      if (r?.last === js) r.last = { spec: { suspend: js.spec.suspend }, status: js.status };
    });
  }

  private seconds(): number {
    return this.now() / 1e6;
  }

  private onJobSet(type: string, js: JobSet): void {
    const key = `${js.metadata.namespace}/${js.metadata.name}`;
    let r = this.jobsets.get(key);
    if (type === 'ADDED' || !r) {
      let expected = 0;
      for (const rj of js.spec.replicatedJobs) {
        const p = rj.template.spec.parallelism ?? 1;
        const c = rj.template.spec.completions ?? p;
        expected += (rj.replicas ?? 1) * Math.min(p, c);
      }
      r = {
        namespace: js.metadata.namespace ?? 'default',
        name: js.metadata.name,
        submittedAt: this.seconds(),
        admittedAt: this.queuedByKueue(js) ? null : this.seconds(),
        waitingForKueue: this.queuedByKueue(js),
        runningAt: null,
        finishedAt: null,
        deleted: false,
        expectedPods: expected,
        running: new Set(),
      };
      this.jobsets.set(key, r);
      const ns = String(js.metadata.namespace);
      let names = this.byNamespace.get(ns);
      if (names === undefined) {
        names = new Map();
        this.byNamespace.set(ns, names);
      }
      names.set(String(js.metadata.name), r);
    }
    r.last = js;
    if (type === 'DELETED') r.deleted = true;
    if (js.status.terminalState && r.finishedAt === null) r.finishedAt = this.seconds();
  }

  /**
   * A JobSet restored from a snapshot: submitted at its creationTimestamp (before t = 0) and, when Kueue had
   * admitted it, admitted when its Workload's quota was reserved.
   */
  restored(
    js: JobSet,
    admission?: {
      at: number;
      info: { localQueue: string; clusterQueue: string; flavors: Record<string, Record<string, string>> };
    },
  ): void {
    const r = this.jobsets.get(`${js.metadata.namespace}/${js.metadata.name}`);
    if (!r) return;
    r.submittedAt = js.metadata.creationTimestamp;
    if (admission) {
      r.admittedAt = admission.at;
      r.waitingForKueue = false;
      r.queue = { ...admission.info, admissions: 1, evictions: 0 };
    } else if (!r.waitingForKueue) r.admittedAt = r.submittedAt;
    if (js.status.terminalState) {
      const c = js.status.conditions?.find((x) => x.type === js.status.terminalState && x.status === 'True');
      r.finishedAt = c?.lastTransitionTime ?? r.finishedAt;
    }
  }

  /** Kueue admitted the JobSet's Workload (again, after an eviction: admittedAt is the latest admission). */
  kueueAdmitted(
    key: string,
    info: { localQueue: string; clusterQueue: string; flavors: Record<string, Record<string, string>> },
  ): void {
    const r = this.jobsets.get(key);
    if (!r) return;
    r.admittedAt = this.seconds();
    r.waitingForKueue = false;
    // Readmitted after an eviction: the JobSet runs again, and runningAt is that of the new admission.
    if (r.queue && r.queue.admissions > 0) {
      r.runningAt = null;
      r.running.clear();
    }
    r.queue ??= {
      localQueue: info.localQueue,
      clusterQueue: info.clusterQueue,
      admissions: 0,
      evictions: 0,
      flavors: {},
    };
    r.queue.admissions++;
    r.queue.clusterQueue = info.clusterQueue;
    r.queue.flavors = info.flavors;
  }

  kueueEvicted(key: string, requeued: boolean): void {
    const r = this.jobsets.get(key);
    if (!r) return;
    r.waitingForKueue = requeued;
    if (r.queue) r.queue.evictions++;
  }

  private onPod(type: string, pod: Pod): void {
    const uid = pod.metadata.uid;
    const ns = pod.metadata.namespace;
    const jsName = pod.metadata.labels?.[JS.jobSetName];
    const rec = jsName ? this.byNamespace.get(String(ns))?.get(String(jsName)) : undefined;
    const gone = type === 'DELETED' || podIsTerminal(pod);
    // Allocation: from binding until the pod is terminal or gone.
    if (pod.spec.nodeName && !gone && !this.counted.has(uid)) {
      this.counted.add(uid);
      this.addAllocated(pod, 1);
    } else if (gone && this.counted.has(uid)) {
      this.counted.delete(uid);
      this.addAllocated(pod, -1);
    }
    if (!rec) return;
    const attempt = Number(pod.metadata.labels?.[JS.restartAttempt] ?? 0);
    const current = rec.last?.status.restarts ?? 0;
    if (pod.status.phase === 'Running' && !gone && attempt === current) {
      rec.running.add(uid);
      if (rec.runningAt === null && rec.running.size >= rec.expectedPods) rec.runningAt = this.seconds();
    } else {
      rec.running.delete(uid);
    }
  }

  private addAllocated(pod: Pod, sign: 1 | -1): void {
    const t = this.now();
    const { keys, values } = requestListOf(pod);
    for (let k = 0; k < keys.length; k++) {
      const r = keys[k]!;
      const v = values[k]!;
      let i = this.allocated.get(r);
      if (!i) {
        i = new Integral();
        this.allocated.set(r, i);
      }
      i.advance(t);
      i.value += sign * v;
      if (this.series && r !== 'pods' && r !== 'ephemeral-storage')
        this.allocatedWriter(this.series, r).set(i.value / 1000);
    }
  }

  /** The writer of `['allocated', r]` in `series` (what `series.set(['allocated', r], v)` writes). */
  private allocatedWriter(series: SeriesRecorder, r: string): SeriesWriter {
    if (this.writersOf !== series) {
      this.writers.clear();
      this.writersOf = series;
    }
    let w = this.writers.get(r);
    if (w === undefined) {
      w = series.writer(['allocated', r]);
      this.writers.set(r, w);
    }
    return w;
  }

  private onNode(type: string, node: Node): void {
    if (type === 'MODIFIED') return;
    const t = this.now();
    for (const [r, v] of parseResourceList(node.status.allocatable)) {
      let i = this.allocatable.get(r);
      if (!i) {
        i = new Integral();
        this.allocatable.set(r, i);
      }
      i.advance(t);
      i.value += type === 'ADDED' ? v : -v;
    }
  }

  /**
   * allocated ÷ allocatable, time-averaged over [0, end], per resource with any allocatable. Open-GPU-Share's
   * `alibabacloud.com/gpu-count` is a device count no pod requests: its GPUs are counted in milli by
   * `alibabacloud.com/gpu-milli`.
   */
  utilization(endUs: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [r, cap] of [...this.allocatable.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (r === 'pods' || r === 'ephemeral-storage' || r === GPU_COUNT) continue;
      cap.advance(endUs);
      const a = this.allocated.get(r);
      a?.advance(endUs);
      out[r] = cap.area > 0 ? Math.round(((a?.area ?? 0) / cap.area) * 1e6) / 1e6 : 0;
    }
    return out;
  }
}
