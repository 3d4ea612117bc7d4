// The JobSet controller's per-JobSet index of its child Jobs (the informer cache's role upstream): Jobs in creation
// order, and the counts the reconcile reads (status.ts Children), kept by adding and removing each Job's share as the
// Job changes. A child Job status change then costs one Job's update instead of a pass over every child, which made
// the reconcile O(Jobs) per event. Jobs are re-read at the next reconcile (marked dirty by the watch), so the counts
// are of the Jobs as the reconcile sees them, as a list-based reconcile would.
import type { Job } from '../../api/batch.js';
import type { JobSet, ReplicatedJobStatus } from '../../api/jobset.js';
import type { FactsOf, JobFacts } from './job-facts.js';
import { type ChildJobs, type Children, eagerChildren } from './status.js';

interface Tally {
  ready: number;
  active: number;
  suspended: number;
  succeeded: number;
  failed: number;
}

type Bucket = 'invalid' | 'previous' | 'active' | 'successful' | 'failed';

interface Coverage {
  /** job-index label → how many child Jobs carry it. */
  count: Map<number, number>;
  /** The replicas `inRange` is counted for. */
  replicas: number;
  /** Distinct indexes in 0..replicas-1. */
  inRange: number;
}

export class ChildIndex {
  /** uid → Job, in creation order (the order the store lists an owner's dependents in). */
  private readonly jobs = new Map<string, Job>();
  private readonly dirty = new Set<Job>();
  /** The facts each Job is counted with, and the bucket they put it in. */
  private readonly counted = new Map<Job, { f: JobFacts; bucket: Bucket }>();
  /** The restart attempt the buckets are for (a Job of an earlier attempt is previous). */
  private restarts = 0;
  private readonly n: Record<Bucket, number> = { invalid: 0, previous: 0, active: 0, successful: 0, failed: 0 };
  private nActiveSuspended = 0;
  /** Per replicatedJob label (missing label: ''), over the non-previous Jobs. */
  private readonly tally = new Map<string, Tally>();
  /** Per replicatedJob label, the job-index labels of every counted Job. */
  private readonly coverage = new Map<string, Coverage>();
  /** The owner's work-queue key as its child Jobs name it (controller.ts), built once. */
  ownerKey?: string;
  ownerNs?: string;
  ownerName?: string;

  constructor(private readonly factsOf: FactsOf) {}

  add(job: Job): void {
    this.jobs.set(job.metadata.uid, job);
    this.dirty.add(job);
  }

  changed(job: Job): void {
    if (this.jobs.has(job.metadata.uid)) this.dirty.add(job);
  }

  remove(job: Job): void {
    if (!this.jobs.delete(job.metadata.uid)) return;
    this.dirty.delete(job);
    this.uncount(job);
  }

  get size(): number {
    return this.jobs.size;
  }

  /** The child Jobs in creation order. */
  list(): Job[] {
    return [...this.jobs.values()];
  }

  /**
   * The Children view for a reconcile of this JobSet. With the RestartJob gate (classification reads per-index
   * restart arrays) or an invalid restart-attempt label (the reconcile fails with its message), the list is
   * classified in full, as before.
   */
  children(js: JobSet, gates: Record<string, boolean> = {}): Children {
    if (gates.RestartJob) return eagerChildren(js, this.list(), gates, this.factsOf);
    const restarts = js.status.restarts ?? 0;
    if (restarts !== this.restarts) {
      this.restarts = restarts;
      for (const j of this.jobs.values()) this.dirty.add(j);
    }
    for (const j of this.dirty) {
      this.uncount(j);
      this.count(j);
    }
    this.dirty.clear();
    if (this.n.invalid > 0) return eagerChildren(js, this.list(), gates, this.factsOf);
    // One view per index, refreshed: a reconcile reads it only while it runs (nothing keeps it), so a new object and
    // four closures per reconcile are not needed.
    const v = (this.view ??= new ChildView(this));
    v.nActive = this.n.active;
    v.nSuccessful = this.n.successful;
    v.nFailed = this.n.failed;
    v.nPrevious = this.n.previous;
    v.nActiveSuspended = this.nActiveSuspended;
    v.cachedLists = undefined;
    return v;
  }

  private view: ChildView | undefined;

  /** Successful Jobs whose replicatedJob label is one of these. */
  successfulIn(rjobs: ReadonlySet<string>): number {
    let n = 0;
    for (const r of rjobs) n += this.tally.get(r)?.succeeded ?? 0;
    return n;
  }

  lists(): ChildJobs {
    const out: ChildJobs = { active: [], successful: [], failed: [], previous: [] };
    for (const j of this.jobs.values()) {
      const b = this.counted.get(j)!.bucket;
      if (b !== 'invalid') out[b].push(j);
    }
    return out;
  }

  statuses(js: JobSet): ReplicatedJobStatus[] {
    return js.spec.replicatedJobs.map((r) => {
      const t = this.tally.get(r.name);
      return t
        ? {
            name: r.name,
            ready: t.ready,
            succeeded: t.succeeded,
            failed: t.failed,
            active: t.active,
            suspended: t.suspended,
          }
        : { name: r.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 };
    });
  }

  indexesCovered(rjob: string, replicas: number): number {
    const c = this.coverage.get(rjob);
    if (!c) return 0;
    if (c.replicas !== replicas) {
      c.replicas = replicas;
      c.inRange = 0;
      for (const i of c.count.keys()) if (i >= 0 && i < replicas) c.inRange++;
    }
    return c.inRange;
  }

  private count(j: Job): void {
    const f = this.factsOf(j);
    const bucket: Bucket = !Number.isSafeInteger(f.attempt)
      ? 'invalid'
      : f.attempt < this.restarts
        ? 'previous'
        : f.finished === 'Complete'
          ? 'successful'
          : f.finished === 'Failed'
            ? 'failed'
            : 'active';
    this.counted.set(j, { f, bucket });
    this.apply(f, bucket, 1);
  }

  private uncount(j: Job): void {
    const c = this.counted.get(j);
    if (!c) return;
    this.counted.delete(j);
    this.apply(c.f, c.bucket, -1);
  }

  private apply(f: JobFacts, bucket: Bucket, d: 1 | -1): void {
    this.n[bucket] += d;
    if (bucket === 'invalid') return;
    if (f.rjob !== undefined && Number.isInteger(f.index)) this.cover(f.rjob, f.index, d);
    if (bucket === 'previous') return;
    const label = f.rjob ?? '';
    let t = this.tally.get(label);
    if (!t) {
      t = { ready: 0, active: 0, suspended: 0, succeeded: 0, failed: 0 };
      this.tally.set(label, t);
    }
    if (bucket === 'successful') t.succeeded += d;
    else if (bucket === 'failed') t.failed += d;
    else {
      if (f.ready) t.ready += d;
      if (f.active) t.active += d;
      if (f.suspended) {
        t.suspended += d;
        this.nActiveSuspended += d;
      }
    }
  }

  private cover(rjob: string, index: number, d: 1 | -1): void {
    let c = this.coverage.get(rjob);
    if (!c) {
      c = { count: new Map(), replicas: -1, inRange: 0 };
      this.coverage.set(rjob, c);
    }
    const before = c.count.get(index) ?? 0;
    const after = before + d;
    if (after === 0) c.count.delete(index);
    else c.count.set(index, after);
    if ((before === 0 || after === 0) && index >= 0 && index < c.replicas) c.inRange += d;
  }
}

/** ChildIndex's Children view for the reconcile under way (ChildIndex.children refreshes it). */
class ChildView implements Children {
  nActive = 0;
  nSuccessful = 0;
  nFailed = 0;
  nPrevious = 0;
  nActiveSuspended = 0;
  /** The lists, built at the first lists() of a reconcile. */
  cachedLists: ChildJobs | undefined;

  constructor(private readonly index: ChildIndex) {}

  lists(): ChildJobs {
    return (this.cachedLists ??= this.index.lists());
  }

  statuses(js: JobSet): ReplicatedJobStatus[] {
    return this.index.statuses(js);
  }

  successfulIn(rjobs: ReadonlySet<string>): number {
    return this.index.successfulIn(rjobs);
  }

  indexesCovered(rjob: string, replicas: number): number {
    return this.index.indexesCovered(rjob, replicas);
  }
}
