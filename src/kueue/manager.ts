// Kueue in the simulated cluster (spec/kueue.md §1.8, §2, §3): the JobSet and batch Job integrations (suspend at
// creation, one Workload per job, resume with the flavors' node labels and tolerations on admission, suspend on
// eviction; src/kueue/job-integration.ts for Jobs), the per-ClusterQueue queues (BestEffortFIFO with inadmissible
// parking and the batched requeue, StrictFIFO), the scheduling cycle (one head per ClusterQueue, flavor assignment
// with the real preemption oracle and partial admission, classic or Fair Sharing order, preemption, capacity
// reservation; src/kueue/reservation.ts), admission checks (src/kueue/admission-checks.ts) and waitForPodsReady.
// Quota, flavors, preemption targets and shares come from the pure modules beside this one.
//
// Named simplifications: a preemptor waiting for its victims is parked and requeued when quota is freed in its
// cohort tree (upstream keeps it at the head of its queue and retries every cycle; the admission time is the same);
// while it is parked, each cycle counts its usage as taken and its victims' as gone, as upstream's retry does every
// cycle (see `applyPendingPreemptions`), and a workload that then no longer fits waits for that quota to be freed
// (upstream retries it every cycle); both keep their queue's head meanwhile (CqQueue.offersHead): the workloads
// behind them are not nominated, one per cycle, as they would not be upstream; a StrictFIFO head that does not fit
// blocks its queue until quota is freed
// (upstream re-pops it every cycle), holding the capacity it reserved if it needed preemption without candidates.
// Topology Aware Scheduling (spec §4): placement after quota in the flavor assignment, the placement check in
// preemption, the TAS cache's usage per domain, the admission's topology assignments and the ungater (./tas/);
// standalone batch Jobs get no TAS placement (the ungater maps pods to podsets for JobSets only): their pods count
// as non-TAS pods. The preemption oracle of the flavor assignment checks quota only, as upstream's does
// (SimulatePreemption passes no TAS requests); the nomination's targets check TAS fit.
//
// Cost: the scheduling cycle visits only the ClusterQueues with a head; preemption reads the admitted workloads of
// the preemptor's cohort tree only (kept per tree); freed quota requeues the workloads of its cohort tree only, as
// upstream's QueueAssociatedInadmissibleWorkloadsAfter does.
//
// The parts: src/kueue/kueue-state.ts (shared state and Workload conditions), workload-lifecycle.ts (watch handlers,
// Workload creation, restore and finish), scheduling-cycle.ts and nomination.ts (the cycle), admission.ts,
// eviction.ts, requeue.ts (queueing, parking, batched requeues) and cq-status.ts; this class is their public face.
import type { Job } from '../api/batch.js';
import type { Node, Pod } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { namespacedName } from '../api/meta.js';
import type { ControllerContext } from '../controllers/context.js';
import type { SeriesRecorder } from '../metrics/series.js';
import type { Scenario } from '../scenario/model.js';
import type { Workload } from './api.js';
import { type BareWorkloadResult, bareWorkloadResults, submitBareWorkload } from './bare-workload.js';
import { clusterQueueStatus, recordSeries, summary } from './cq-status.js';
import { managesJob } from './job-integration.js';
import { KueueState } from './kueue-state.js';
import { requeueInadmissible } from './requeue.js';
import type { KueueStats } from './stats.js';
import { type KueueHooks, ownerIndex } from './tracked.js';
import { managedByKueue } from './workload.js';
import { onArchived, onJob, onJobSet, onPod, restoreWorkload } from './workload-lifecycle.js';

export class KueueManager extends KueueState {
  constructor(ctx: ControllerContext, scenario: Scenario, hooks: KueueHooks) {
    super(ctx, scenario, hooks);
    if (this.tas.hasFlavors()) {
      for (const n of ctx.store.list<Node>('Node')) this.tas.onNode('ADDED', n);
      for (const p of ctx.store.list<Pod>('Pod')) this.tas.onPod('ADDED', p);
      ctx.store.watch<Node>('Node', (type, node) => {
        if (this.tas.onNode(type, node)) for (const root of this.queuesByRoot.keys()) requeueInadmissible(this, root);
      });
    }
    ctx.store.watch<JobSet>('JobSet', (type, js) => onJobSet(this, type, js));
    // The archiveFinished memory policy (src/archive-finished.ts): a finished JobSet's Workload leaves with it.
    ctx.store.onArchive<JobSet>('JobSet', (js) => onArchived(this, namespacedName(js)));
    ctx.store.watch<Job>('Job', (type, job) => onJob(this, type, job));
    ctx.store.watch<Pod>('Pod', (type, pod) => onPod(this, type, pod));
  }

  /** Mutating admission for JobSets: a JobSet Kueue manages is created suspended (jobframework's webhook). */
  mutateJobSet(js: JobSet): void {
    if (managedByKueue(js, this.scenario)) js.spec.suspend = true;
  }

  /** Kueue will manage this new JobSet (the collector asks at creation, before the Workload exists). */
  managesNew(js: JobSet): boolean {
    return managedByKueue(js, this.scenario);
  }

  /** A JobSet Kueue keeps suspended until it admits it (again): pending work that keeps a run alive. */
  waitsForAdmission(js: JobSet): boolean {
    const t = this.byJobSet.get(namespacedName(js));
    if (!t) return managedByKueue(js, this.scenario);
    return t.phase === 'pending' || t.phase === 'inadmissible' || t.phase === 'evicting' || t.phase === 'admitted';
  }

  /** A bare Workload of the scenario is created now (src/kueue/bare-workload.ts). */
  submitWorkload(wl: Workload, runtimeUs: number | undefined): void {
    submitBareWorkload(this, wl, runtimeUs);
  }

  /** The result's `workloads`: the bare Workloads, in creation order. */
  bareWorkloads(): BareWorkloadResult[] {
    return bareWorkloadResults(this);
  }

  /** The job webhook for batch Jobs: a standalone Job Kueue manages is created suspended. */
  mutateJob(job: Job): void {
    if (managesJob(job, this.scenario)) job.spec.suspend = true;
  }

  /** A Job Kueue keeps suspended until it admits it (again): pending work that keeps a run alive. */
  waitsForAdmissionJob(job: Job): boolean {
    const t = this.byJobSet.get(ownerIndex('Job', namespacedName(job)));
    if (!t) return managesJob(job, this.scenario);
    return t.phase === 'pending' || t.phase === 'inadmissible' || t.phase === 'evicting' || t.phase === 'admitted';
  }

  /**
   * A Workload from a snapshot (src/snapshot/restore.ts), restored before its owner: tracked as its conditions say.
   * QuotaReserved True: its quota (status.admission's resourceUsage) is charged to its ClusterQueue and it may be
   * preempted, Evicted True as well: its quota goes once its pods are gone; Finished: kept, so that its owner gets
   * no new Workload; otherwise pending in its queue, in creation order. Returns why it was not restored, if so.
   * Named simplifications: TAS usage and admission-check progress are not restored (an admitted workload counts as
   * Admitted); AFS usage history starts at zero.
   */
  restoreWorkload(wl: Workload): string | undefined {
    return restoreWorkload(this, wl);
  }

  /**
   * A ClusterQueue's status as Kueue's cache writes it (pendingWorkloads, reservingWorkloads, admittedWorkloads,
   * flavorsReservation, flavorsUsage, the Active condition), for a snapshot.
   */
  clusterQueueStatus(name: string, nowSeconds: number): Record<string, unknown> {
    return clusterQueueStatus(this, name, nowSeconds);
  }

  /** Records the result's `series.kueue` from now on (src/kueue/series.ts). */
  recordSeries(rec: SeriesRecorder): void {
    recordSeries(this, rec);
  }

  /** The result's metrics.kueue. */
  summary(endUs: number): ReturnType<KueueStats['summary']> {
    return summary(this, endUs);
  }
}
