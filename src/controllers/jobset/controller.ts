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

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      ctx.sim,
      (key) => this.reconcileKey(key),
      () => ctx.lat.jobsetReconcile,
      { base: () => Math.max(ctx.lat.jobsetReconcile, 5000), maxFactor: 200_000 },
      'jobset-controller',
    );
    ctx.store.watch<JobSet>('JobSet', (t, js) => {
      if (t === 'DELETED') this.children.delete(js.metadata.uid);
      this.queue.add(namespacedName(js));
    });
    const enqueueOwner = (_t: string, o: Job | Service) => {
      const ref = controllerOf(o);
      if (ref?.kind === 'JobSet') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
    };
    ctx.store.watch<Job>('Job', (t, job) => {
      this.indexJob(t, job);
      enqueueOwner(t, job);
    });
    ctx.store.watch<Service>('Service', enqueueOwner);
  }

  /** Keeps the child index of the Job's controller owner (any kind, as the reconcile's uid check). */
  private indexJob(type: string, job: Job): void {
    const owner = controllerOf(job)?.uid;
    if (owner === undefined) return;
    let index = this.children.get(owner);
    if (type === 'ADDED') {
      if (!index) {
        index = new ChildIndex(this.facts.of);
        this.children.set(owner, index);
      }
      index.add(job);
    } else if (type === 'MODIFIED') index?.changed(job);
    else index?.remove(job);
  }

  private reconcileKey(key: string): void {
    const { store, log } = this.ctx;
    const [ns, name] = key.split('/') as [string, string];
    const js = store.get<JobSet>('JobSet', ns, name);
    if (!js) return;
    const index = this.children.get(js.metadata.uid) ?? new ChildIndex(this.facts.of);
    const serviceName = subdomainOf(js);
    const serviceExists = store.get<Service>('Service', ns, serviceName) !== undefined;
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

function errorText(e: unknown): string {
  return e instanceof AdmissionError || e instanceof Error ? e.message : String(e);
}
