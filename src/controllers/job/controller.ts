// The batch/v1 Job controller's wiring (pkg/controller/job/job_controller.go): watches, the work queue and
// its timing, the per-Job bookkeeping, and the pod writes. The decisions are in sync.ts and the modules it
// uses (pod-failure-policy.ts, success-policy.ts, indexed.ts, backoff.ts, pods.ts).
//
// Timing, as upstream: a new Job or a spec change (a new generation) syncs after `jobReconcile`; pod events
// and status-only Job updates sync `jobSyncBatchPeriod` after the first one; the activeDeadlineSeconds timer
// and the pod-failure backoff requeue the Job (the backoff never sooner than the batch period); a rejected pod
// create retries with the API backoff (`jobApiBackoff` doubling, capped at 60×).
//
// Simplification (named): the batch.kubernetes.io/job-tracking finalizer is not put on pods. This controller
// remembers which pods it has counted instead, and keeps the last state of a pod removed from the store
// before it was counted (a removed pod that was not terminal is taken as Failed, as PodGC would mark it).
import { type Job, jobFinished } from '../../api/batch.js';
import type { Pod } from '../../api/core.js';
import { controllerOf, type NewObject, namespacedName } from '../../api/meta.js';
import { AdmissionError } from '../../engine/store.js';
import { WorkQueue } from '../../engine/workqueue.js';
import type { ControllerContext } from '../context.js';
import type { BackoffRecord } from './backoff.js';
import { isTerminal, JOB_CONTROLLER_NAME } from './pods.js';
import { type PodControl, syncJob } from './sync.js';

interface JobState {
  /** The work-queue key, built once: the same string (its hash cached) for every event of the Job. */
  key: string;
  /** The pod writes for this Job's syncs, made once. */
  podControl?: PodControl;
  generation: number;
  activeDeadlineSeconds?: number;
  /** uids of pods already counted (their tracking finalizer would be removed). */
  counted: Set<string>;
  /** Pods removed from the store before they were counted, as last seen. */
  tombstones: Map<string, Pod>;
  backoff?: BackoffRecord;
}

export class JobController {
  readonly queue: WorkQueue;
  private readonly state = new Map<string, JobState>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      ctx.sim,
      (key) => this.sync(key),
      () => ctx.lat.jobReconcile,
      { base: () => ctx.lat.jobApiBackoff, maxFactor: 60 },
      'job-controller',
    );
    ctx.store.watch<Job>('Job', (type, job) => this.onJob(type, job));
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
    ctx.store.onArchive<Job>('Job', (job) => this.state.delete(job.metadata.uid));
  }

  private jobState(job: Job): JobState {
    let s = this.state.get(job.metadata.uid);
    if (!s) {
      s = {
        key: namespacedName(job),
        generation: job.metadata.generation ?? 1,
        activeDeadlineSeconds: job.spec.activeDeadlineSeconds,
        counted: new Set(),
        tombstones: new Map(),
      };
      this.state.set(job.metadata.uid, s);
    }
    return s;
  }

  /** Whether the Job has counted this pod in its status (upstream: the pod's job-tracking finalizer is gone). */
  hasCounted(job: Job, podUid: string): boolean {
    return this.state.get(job.metadata.uid)?.counted.has(podUid) ?? false;
  }

  /** A snapshot's terminal pod without the job-tracking finalizer: its Job counted it before t = 0. */
  markCounted(job: Job, podUid: string): void {
    this.jobState(job).counted.add(podUid);
  }

  private onJob(type: string, job: Job): void {
    if (type === 'DELETED') {
      this.state.delete(job.metadata.uid);
      return;
    }
    const s = this.jobState(job);
    const key = s.key;
    if (type === 'ADDED') {
      this.queue.add(key);
      return;
    }
    const gen = job.metadata.generation ?? 1;
    if (s.generation !== gen) {
      // A spec change syncs at once; a status-only update is batched.
      s.generation = gen;
      this.queue.add(key);
    } else {
      this.queue.addAfter(key, this.ctx.lat.jobSyncBatchPeriod);
    }
    const ads = job.spec.activeDeadlineSeconds;
    if (ads !== s.activeDeadlineSeconds) {
      s.activeDeadlineSeconds = ads;
      const start = job.status.startTime;
      if (ads !== undefined && start !== undefined) {
        this.queue.addAfter(key, Math.max(0, Math.round((start + ads) * 1e6) - this.ctx.sim.now));
      }
    }
  }

  private onPod(type: string, pod: Pod): void {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'Job') return;
    const job = this.ctx.store.getByUid<Job>(ref.uid);
    if (!job) return;
    const s = this.jobState(job);
    const finished = jobFinished(job) !== undefined;
    if (type === 'DELETED') {
      const uid = pod.metadata.uid;
      if (!s.counted.delete(uid) && !finished) {
        s.tombstones.set(uid, isTerminal(pod) ? pod : { ...pod, status: { ...pod.status, phase: 'Failed' } });
      }
    }
    // A finished Job is never synced again (upstream skips it too).
    if (!finished) this.queue.addAfter(s.key, this.ctx.lat.jobSyncBatchPeriod);
  }

  private sync(key: string): void {
    const { store, sim, log, lat } = this.ctx;
    const job = store.getByKey<Job>('Job', key);
    if (!job) return;
    const managedBy = job.spec.managedBy;
    if (managedBy !== undefined && managedBy !== JOB_CONTROLLER_NAME) return;
    const s = this.jobState(job);
    if (jobFinished(job)) {
      s.backoff = undefined;
      s.tombstones.clear();
      return;
    }
    job.status ??= {};
    const uid = job.metadata.uid;
    // The controlled pods in one pass (dependentsOf then filter built two lists a sync).
    const pods: Pod[] = [];
    for (const o of store.dependentSet(uid)) if (o.kind === 'Pod' && controllerOf(o)?.uid === uid) pods.push(o as Pod);
    for (const t of s.tombstones.values()) pods.push(t);

    const r = syncJob(job, {
      now: sim.now,
      pods,
      counted: s.counted,
      backoff: s.backoff,
      podControl: (s.podControl ??= this.podControl(key)),
    });

    for (const u of r.counted) {
      if (s.tombstones.delete(u)) continue; // gone from the store: nothing left to remember
      if (store.getByUid(u)) s.counted.add(u);
    }
    s.backoff = r.backoff;
    if (r.changed) {
      job.status = r.status;
      store.updateStatus(job);
    }
    for (const ev of r.events) log.kubeEvent(key, 'Job', ev.eventType, ev.reason, ev.message);
    if (r.requeueAfter !== undefined) this.queue.addAfter(key, Math.max(0, r.requeueAfter));
    if (r.backoffRequeueAfter !== undefined) {
      this.queue.addAfter(key, Math.max(r.backoffRequeueAfter, lat.jobSyncBatchPeriod));
    }
    if (r.error !== undefined) this.queue.addRateLimited(key);
    else this.queue.forget(key);
  }

  /** Pod writes with the events upstream's RealPodControl records on the Job. */
  private podControl(key: string): PodControl {
    const { store, log } = this.ctx;
    return {
      createPod: (pod: NewObject<Pod>) => {
        try {
          const created = store.create<Pod>(pod);
          if (log.recording)
            log.kubeEvent(key, 'Job', 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
          return undefined;
        } catch (e) {
          const text = e instanceof AdmissionError ? e.apiMessage : e instanceof Error ? e.message : String(e);
          log.kubeEvent(key, 'Job', 'Warning', 'FailedCreate', `Error creating: ${text}`);
          return text;
        }
      },
      rejectBeforeBuild: (probe: NewObject<Pod>) => {
        const e = store.precheck<Pod>('Pod', probe);
        if (e === undefined) return undefined;
        log.kubeEvent(key, 'Job', 'Warning', 'FailedCreate', `Error creating: ${e.apiMessage}`);
        return e.apiMessage;
      },
      deletePod: (pod: Pod) => {
        store.delete(pod);
        if (log.recording) log.kubeEvent(key, 'Job', 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      },
    };
  }
}
