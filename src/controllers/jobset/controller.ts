// Wires the JobSet reconcile to the store: watches, the work queue, and applying the returned actions.
import type { Job } from '../../api/batch.js';
import type { Service } from '../../api/core.js';
import type { JobSet } from '../../api/jobset.js';
import { controllerOf, namespacedName } from '../../api/meta.js';
import { AdmissionError } from '../../engine/store.js';
import { WorkQueue } from '../../engine/workqueue.js';
import { type ControllerContext, seconds } from '../context.js';
import { ChildIndex } from './child-index.js';
import { subdomainOf } from './construct.js';
import { JobFactsCache } from './job-facts.js';
import { type JobPatch, reconcile } from './reconcile.js';

export class JobSetController {
  readonly queue: WorkQueue;
  private readonly facts = new JobFactsCache();
  /** JobSet uid → its controller-owned Jobs (child-index.ts). */
  private readonly children = new Map<string, ChildIndex>();
  /**
   * JobSet uid → its work-queue key and its Service's store key, built once: the same strings (hashes cached) for
   * every event and reconcile instead of a new string to hash each time.
   */
  private readonly keys = new Map<string, JobSetKeys>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      ctx.sim,
      (key) => this.reconcileKey(key),
      () => ctx.lat.jobsetReconcile,
      { base: () => Math.max(ctx.lat.jobsetReconcile, 5000), maxFactor: 200_000 },
      'jobset-controller',
    );
    ctx.store.watch<JobSet>('JobSet', (t, js) => {
      const uid = js.metadata.uid;
      let k = this.keys.get(uid);
      if (k === undefined) {
        k = { key: namespacedName(js) };
        if (t !== 'DELETED') this.keys.set(uid, k);
      }
      if (t === 'DELETED') {
        this.children.delete(uid);
        this.keys.delete(uid);
      }
      this.queue.add(k.key);
    });
    ctx.store.watch<Job>('Job', (t, job) => {
      const ref = controllerOf(job);
      if (ref === undefined) return;
      const index = this.indexJob(t, job, ref.uid);
      if (ref.kind !== 'JobSet') return;
      // The owner's key as the child names it (its namespace, the reference's name), kept on the owner's index.
      const ns = job.metadata.namespace;
      if (index !== undefined && index.ownerKey !== undefined && index.ownerNs === ns && index.ownerName === ref.name) {
        this.queue.add(index.ownerKey);
        return;
      }
      const key = `${ns}/${ref.name}`;
      if (index !== undefined) {
        index.ownerNs = ns;
        index.ownerName = ref.name;
        index.ownerKey = key;
      }
      this.queue.add(key);
    });
    ctx.store.onArchive<JobSet>('JobSet', (js) => {
      this.children.delete(js.metadata.uid);
      this.keys.delete(js.metadata.uid);
    });
    ctx.store.watch<Service>('Service', (_t, o) => {
      const ref = controllerOf(o);
      if (ref?.kind === 'JobSet') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
    });
  }

  /** Keeps the child index of the Job's controller owner (any kind, as the reconcile's uid check); returns it. */
  private indexJob(type: string, job: Job, owner: string): ChildIndex | undefined {
    let index = this.children.get(owner);
    if (type === 'ADDED') {
      if (!index) {
        index = new ChildIndex(this.facts.of);
        this.children.set(owner, index);
      }
      index.add(job);
    } else if (type === 'MODIFIED') index?.changed(job);
    else index?.remove(job);
    return index;
  }

  private reconcileKey(key: string): void {
    const { store, log } = this.ctx;
    // The key is `namespace/name`, the store's own key for the JobSet.
    const slash = key.indexOf('/');
    const js = slash < 0 ? undefined : store.getByKey<JobSet>('JobSet', key);
    if (!js) return;
    const uid = js.metadata.uid;
    const index = this.children.get(uid) ?? new ChildIndex(this.facts.of);
    const serviceName = subdomainOf(js);
    const k = this.keys.get(uid);
    let serviceKey: string;
    if (k !== undefined && k.serviceName === serviceName && k.serviceKey !== undefined) serviceKey = k.serviceKey;
    else {
      const ns = key.slice(0, slash);
      serviceKey = ns ? `${ns}/${serviceName}` : serviceName;
      if (k !== undefined) {
        k.serviceName = serviceName;
        k.serviceKey = serviceKey;
      }
    }
    const serviceExists = store.getByKey<Service>('Service', serviceKey) !== undefined;
    const now = seconds(this.ctx.sim.now);
    const gates = this.ctx.settings.featureGates;
    const r = reconcile({
      js,
      jobs: [],
      serviceExists,
      now,
      gates,
      facts: this.facts.of,
      children: () => index.children(js, gates),
    });

    let error = r.error;
    for (const j of r.deleteJobs) store.delete(j, 'Foreground');
    if (r.createService) {
      try {
        store.create(r.createService);
      } catch (e) {
        log.kubeEvent(key, 'JobSet', 'Warning', 'HeadlessServiceCreationFailed', errorText(e));
        error ??= errorText(e);
      }
    }
    const failures: string[] = [];
    for (const j of r.createJobs) {
      try {
        store.create(j);
      } catch (e) {
        failures.push(`job "${j.metadata.name}" creation failed with error: ${errorText(e)}`);
      }
    }
    if (failures.length) {
      log.kubeEvent(key, 'JobSet', 'Warning', 'JobCreationFailed', failures.join('\n'));
      error ??= failures.join('\n');
    }
    for (const p of r.patchJobs) this.applyPatch(p);

    if (r.statusDirty) {
      const before = js.status;
      js.status = r.status;
      store.updateStatus(js);
      for (const ev of r.events) log.kubeEvent(key, 'JobSet', ev.eventType, ev.reason, ev.message);
      this.emitTransitions(key, before, js);
    }
    if (r.deleteJobSet) store.delete(js, 'Foreground');
    if (error) this.queue.addRateLimited(key);
    else this.queue.forget(key);
    if (r.requeueAfter !== undefined) this.queue.addAfter(key, Math.round(r.requeueAfter * 1e6));
  }

  private applyPatch(p: JobPatch): void {
    const j = p.job;
    j.spec.suspend = p.suspend;
    if (p.resume) {
      if (j.status.startTime !== undefined) j.status.startTime = undefined;
      const pod = j.spec.template;
      pod.metadata = { ...(pod.metadata ?? {}), labels: p.resume.labels, annotations: p.resume.annotations };
      pod.spec.nodeSelector = p.resume.nodeSelector;
      pod.spec.tolerations = p.resume.tolerations;
      pod.spec.schedulingGates = p.resume.schedulingGates;
    }
    this.ctx.store.update(j);
  }

  /** The simulator's own lifecycle records (CONTRACT.md §5). */
  private emitTransitions(key: string, before: JobSet['status'], js: JobSet): void {
    const log = this.ctx.log;
    if (!log.recording) return;
    const restarts = js.status.restarts ?? 0;
    if (restarts > (before.restarts ?? 0)) log.emit('JobSetRestarted', { jobSet: key, restarts });
    if (js.status.terminalState && js.status.terminalState !== before.terminalState) {
      log.emit(js.status.terminalState === 'Completed' ? 'JobSetCompleted' : 'JobSetFailed', { jobSet: key, restarts });
    }
    const was = before.conditions?.find((c) => c.type === 'Suspended')?.status;
    const is = js.status.conditions?.find((c) => c.type === 'Suspended')?.status;
    if (is === 'True' && was !== 'True') log.emit('JobSetSuspended', { jobSet: key, restarts });
    if (is === 'False' && was === 'True') log.emit('JobSetResumed', { jobSet: key, restarts });
  }
}

interface JobSetKeys {
  key: string;
  serviceName?: string;
  serviceKey?: string;
}

function errorText(e: unknown): string {
  return e instanceof AdmissionError || e instanceof Error ? e.message : String(e);
}
