// Watches one future's event log for the submitted JobSet: its Workload's conditions (why it waits), its admission,
// the workloads and pods preempted for it, and its end (the future stops there). Every check is a map lookup or a
// field read on the live objects (the store mutates them in place), so it costs little per record.
import type { Pod } from '../api/core.js';
import { JS } from '../api/jobset.js';
import type { LogRecord } from '../engine/event-log.js';
import type { Workload } from '../kueue/api.js';
import type { RunView } from '../simulate.js';
import { kueueWait, schedulerWait, waitKey } from './classify.js';
import type { WaitReason } from './types.js';

const PREEMPTED_BY_POD = /^Preempted by pod (\S+) on node/;

export class Observer {
  readonly key: string;
  submittedAt: number | undefined;
  firstAdmittedAt: number | undefined;
  firstBoundAt: number | undefined;
  clusterQueue: string | undefined;
  flavors: Record<string, Record<string, string>> | undefined;
  readonly victims = new Set<string>();
  /** The wait state's changes: (time, key of the wait, or '' when not waiting). */
  readonly segments: { t: number; key: string }[] = [];
  /** A Kueue wait nothing can end (ExceedsMaxQuota, NoMatchingFlavor, an inactive ClusterQueue). */
  terminalWait: WaitReason | undefined;
  private readonly prefix: string;
  private wl: Workload | undefined;
  private readonly podUids = new Set<string>();
  /** Its pods the scheduler could not place, with the latest FailedScheduling message. */
  private readonly unschedulable = new Map<string, string>();
  private current = '';
  private done = false;

  constructor(
    private readonly ns: string,
    private readonly name: string,
    /** The Workload's name (Kueue names it from the JobSet's name and uid), found once the JobSet exists. */
    private readonly workloadName: ((uid: string) => string) | undefined,
    private readonly fairShare: boolean,
  ) {
    this.key = `${ns}/${name}`;
    this.prefix = `${ns}/${name}-`;
  }

  /** The future has its answer: the JobSet finished, or waits for something that cannot come. */
  get finished(): boolean {
    return this.done;
  }

  /** One event-log record; true when the future has its answer (the JobSet finished, or can never be admitted). */
  onRecord(r: LogRecord, view: RunView): boolean {
    if (this.done) return true;
    switch (r.type) {
      case 'JobSetCreated':
        if (r.jobSet === this.key) this.submittedAt ??= r.t;
        break;
      case 'PodCreated':
        if (r.jobSet === this.key) {
          const pod = view.get<Pod>('Pod', this.ns, String(r.pod).slice(this.ns.length + 1));
          if (pod) this.podUids.add(pod.metadata.uid);
        }
        break;
      case 'PodScheduled':
        if (r.jobSet === this.key) {
          this.firstBoundAt ??= r.t;
          this.unschedulable.delete(String(r.pod));
        }
        break;
      case 'PodDeleted':
        if (r.jobSet === this.key) this.unschedulable.delete(String(r.pod));
        break;
      case 'WorkloadAdmitted':
        if (r.jobSet === this.key && this.firstAdmittedAt === undefined) {
          this.firstAdmittedAt = r.t;
          this.clusterQueue = String(r.clusterQueue);
          this.flavors = r.flavors as Record<string, Record<string, string>>;
        }
        break;
      case 'WorkloadPreempted':
        this.kueueVictim(r, view);
        break;
      case 'Event':
        this.event(r, view);
        break;
      case 'JobSetCompleted':
      case 'JobSetFailed':
        if (r.jobSet === this.key) this.done = true;
        break;
    }
    if (this.submittedAt !== undefined) this.track(r.t, view);
    return this.done;
  }

  private event(r: LogRecord, view: RunView): void {
    if (r.kind !== 'Pod') return;
    const object = String(r.object);
    if (r.reason === 'FailedScheduling' && object.startsWith(this.prefix)) {
      const pod = view.get<Pod>('Pod', this.ns, object.slice(this.ns.length + 1));
      if (pod?.metadata.labels?.[JS.jobSetName] === this.name) this.unschedulable.set(object, String(r.message));
    } else if (r.reason === 'Preempted') {
      const m = PREEMPTED_BY_POD.exec(String(r.message));
      if (!m || !this.podUids.has(m[1]!)) return;
      const slash = object.indexOf('/');
      const victim = view.get<Pod>('Pod', object.slice(0, slash), object.slice(slash + 1));
      const owner =
        victim?.metadata.labels?.[JS.jobSetName] ?? victim?.metadata.labels?.['batch.kubernetes.io/job-name'];
      this.victims.add(owner ? `${object.slice(0, slash)}/${owner}` : object);
    }
  }

  /** A Kueue preemption whose Preempted condition names our Workload's UID as the preemptor (`(UID: u, JobUID: j)`). */
  private kueueVictim(r: LogRecord, view: RunView): void {
    if (!this.wl || r.jobSet === this.key) return;
    const ref = String(r.workload);
    const slash = ref.indexOf('/');
    const victim = view.get<Workload>('Workload', ref.slice(0, slash), ref.slice(slash + 1));
    const c = victim?.status?.conditions?.find((x) => x.type === 'Preempted' && x.status === 'True');
    if (c?.message?.includes(`(UID: ${this.wl.metadata.uid},`)) this.victims.add(String(r.jobSet ?? r.job ?? ref));
  }

  /** The wait state after this record; a change starts a new segment. */
  private track(t: number, view: RunView): void {
    let w: WaitReason | undefined;
    if (this.workloadName) {
      if (!this.wl) {
        const js = view.get<{ metadata: { uid: string } }>('JobSet', this.ns, this.name);
        if (js) this.wl = view.get<Workload>('Workload', this.ns, this.workloadName(js.metadata.uid));
      }
      if (this.wl) {
        const k = kueueWait(this.wl.status?.conditions, this.fairShare);
        if (k?.terminal) {
          this.terminalWait = { category: k.category, reason: k.reason, message: k.message };
          this.done = true;
        }
        w = k;
      }
    }
    if (!w && this.unschedulable.size > 0) {
      let last = '';
      for (const m of this.unschedulable.values()) last = m;
      w = schedulerWait(last);
    }
    const key = w ? waitKey({ category: w.category, reason: w.reason, message: w.message }) : '';
    if (key !== this.current) {
      this.current = key;
      this.segments.push({ t, key });
    }
  }

  /** Seconds per wait key over [from, to). */
  waited(from: number, to: number): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i]!;
      if (!s.key) continue;
      const a = Math.max(s.t, from);
      const b = Math.min(this.segments[i + 1]?.t ?? to, to);
      if (b > a) out.set(s.key, (out.get(s.key) ?? 0) + (b - a));
    }
    return out;
  }
}
