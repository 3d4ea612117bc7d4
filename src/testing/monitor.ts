// Invariants checked live, after every event-log record, through simulate's `debug` hook: node capacity, exclusive
// placement and restart budgets. Incremental: each record touches only the pod, node or JobSet it names.
import type { Node, Pod } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { parseResourceList, podRequests } from '../api/quantity.js';
import type { LogRecord } from '../engine/event-log.js';
import type { RunView } from '../simulate.js';
import type { Violation } from './violations.js';

const EXCLUSIVE = 'alpha.jobset.sigs.k8s.io/exclusive-topology';

interface Bound {
  node: string;
  requests: Map<string, number>;
  /** Child Job `namespace/name` (JobSet pods only). */
  job: string | null;
  priority: number;
  /** The topology key of its JobSet's exclusive placement, if any. */
  exclusiveKey: string | undefined;
  /** `key=value` domains it occupies, one per exclusive key the run uses. */
  domains: string[];
}

interface DomainJob {
  pods: number;
  priority: number;
  exclusive: boolean;
}

function split(ref: string): [string, string] {
  const i = ref.indexOf('/');
  return [ref.slice(0, i), ref.slice(i + 1)];
}

export class InvariantMonitor {
  readonly violations: Violation[] = [];
  private readonly bound = new Map<string, Bound>();
  private readonly used = new Map<string, { requests: Map<string, number>; pods: number }>();
  /** `key=value` → child Job → its live pods there. */
  private readonly domains = new Map<string, Map<string, DomainJob>>();
  /** Exclusive topology keys seen so far (each pod is indexed under every one). */
  private readonly keys = new Set<string>();
  private lastT = 0;

  /** Give this to `simulate(…, { debug })`. */
  readonly hook = (r: LogRecord, view: RunView): void => this.onRecord(r, view);

  private violate(t: number, object: string, rule: Violation['rule'], message: string): void {
    this.violations.push({ t, object, rule, message });
  }

  onRecord(r: LogRecord, view: RunView): void {
    if (r.t < this.lastT) this.violate(r.t, r.type, 'event-order', `record at ${r.t}s after one at ${this.lastT}s`);
    this.lastT = r.t;
    switch (r.type) {
      case 'PodScheduled':
        this.scheduled(r, view);
        return;
      case 'PodSucceeded':
      case 'PodFailed':
      case 'PodDeleted':
        this.release(r.pod as string);
        return;
      case 'JobSetRestarted':
        this.restarted(r, view);
        return;
    }
  }

  private scheduled(r: LogRecord, view: RunView): void {
    const ref = r.pod as string;
    const [ns, name] = split(ref);
    const pod = view.get<Pod>('Pod', ns, name);
    const nodeName = r.node as string;
    const node = view.get<Node>('Node', undefined, nodeName);
    if (!pod || !node) return;
    if (this.bound.has(ref)) this.violate(r.t, ref, 'node-overcommit', `bound again (to ${nodeName}) while bound`);
    const requests = podRequests(pod.spec);
    const key = pod.metadata.annotations?.[EXCLUSIVE];
    if (key !== undefined && !this.keys.has(key)) this.addKey(key, view);
    const b: Bound = {
      node: nodeName,
      requests,
      job: (r.job as string | null) ?? null,
      priority: pod.spec.priority ?? 0,
      exclusiveKey: key,
      domains: [],
    };
    this.capacity(r.t, ref, b, node);
    if (b.job !== null && r.jobSet) {
      for (const k of this.keys) {
        const v = node.metadata.labels?.[k];
        if (v === undefined) continue;
        const d = `${k}=${v}`;
        b.domains.push(d);
        this.enterDomain(r.t, ref, b, d, k);
      }
    }
    this.bound.set(ref, b);
  }

  private capacity(t: number, ref: string, b: Bound, node: Node): void {
    let u = this.used.get(b.node);
    if (!u) this.used.set(b.node, (u = { requests: new Map(), pods: 0 }));
    u.pods++;
    for (const [res, v] of b.requests) u.requests.set(res, (u.requests.get(res) ?? 0) + v);
    const alloc = parseResourceList(node.status.allocatable);
    for (const [res, v] of b.requests) {
      if (v === 0) continue;
      const have = alloc.get(res) ?? 0;
      const total = u.requests.get(res)!;
      if (total > have) {
        this.violate(
          t,
          b.node,
          'node-overcommit',
          `${res} requested by bound pods ${total / 1000} > allocatable ${have / 1000} after binding ${ref}`,
        );
      }
    }
    const pods = alloc.get('pods');
    if (pods !== undefined && u.pods * 1000 > pods) {
      this.violate(t, b.node, 'node-overcommit', `${u.pods} pods bound > allocatable pods ${pods / 1000}`);
    }
  }

  private enterDomain(t: number, ref: string, b: Bound, d: string, key: string): void {
    let jobs = this.domains.get(d);
    if (!jobs) this.domains.set(d, (jobs = new Map()));
    const exclusive = b.exclusiveKey === key;
    for (const [other, o] of jobs) {
      if (other === b.job || o.priority !== b.priority) continue;
      if (exclusive || o.exclusive) {
        const holder = o.exclusive ? other : b.job;
        this.violate(
          t,
          ref,
          'exclusive-placement',
          `${b.job} and ${other} both have pods in ${d} (priority ${b.priority}); ${holder} asked for it exclusively`,
        );
      }
    }
    const mine = jobs.get(b.job!);
    if (mine) {
      mine.pods++;
      mine.exclusive ||= exclusive;
    } else jobs.set(b.job!, { pods: 1, priority: b.priority, exclusive });
  }

  /** A key first seen: index the pods already bound under it. */
  private addKey(key: string, view: RunView): void {
    this.keys.add(key);
    for (const [ref, b] of this.bound) {
      if (b.job === null) continue;
      const v = view.get<Node>('Node', undefined, b.node)?.metadata.labels?.[key];
      if (v === undefined) continue;
      const d = `${key}=${v}`;
      b.domains.push(d);
      this.enterDomain(this.lastT, ref, b, d, key);
    }
  }

  private release(ref: string): void {
    const b = this.bound.get(ref);
    if (!b) return;
    this.bound.delete(ref);
    const u = this.used.get(b.node)!;
    u.pods--;
    for (const [res, v] of b.requests) u.requests.set(res, u.requests.get(res)! - v);
    for (const d of b.domains) {
      const jobs = this.domains.get(d)!;
      const mine = jobs.get(b.job!)!;
      if (--mine.pods === 0) jobs.delete(b.job!);
    }
  }

  private restarted(r: LogRecord, view: RunView): void {
    const ref = r.jobSet as string;
    const [ns, name] = split(ref);
    const js = view.get<JobSet>('JobSet', ns, name);
    if (!js) return;
    const max = js.spec.failurePolicy?.maxRestarts ?? 0;
    const restarts = js.status.restarts ?? 0;
    // omitempty upstream: absent is 0.
    const counted = js.status.restartsCountTowardsMax ?? 0;
    if (counted > max) {
      this.violate(r.t, ref, 'max-restarts', `restartsCountTowardsMax ${counted} > failurePolicy.maxRestarts ${max}`);
    }
    const ignores = js.spec.failurePolicy?.rules?.some((x) => x.action === 'RestartJobSetAndIgnoreMaxRestarts');
    if (!ignores && restarts > max) {
      this.violate(
        r.t,
        ref,
        'max-restarts',
        `restarts ${restarts} > failurePolicy.maxRestarts ${max} with no RestartJobSetAndIgnoreMaxRestarts rule`,
      );
    }
  }
}
