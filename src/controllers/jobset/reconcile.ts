// The JobSet reconcile in the upstream order (§2.4): a pure function of the JobSet and its child Jobs
// that returns the actions to take, so upstream table tests translate into plain table tests.
import type { Job } from '../../api/batch.js';
import { mergeMaps } from '../../api/clone.js';
import type { Service, Toleration } from '../../api/core.js';
import { JOBSET_CONTROLLER_NAME, type JobSet, type JobSetStatus, type ReplicatedJobStatus } from '../../api/jobset.js';
import type { NewObject } from '../../api/meta.js';
import {
  type ConditionChange,
  conditionTrue,
  newStatusUpdate,
  type QueuedEvent,
  type StatusUpdate,
  updateCondition,
  updateExistingCondition,
} from './conditions.js';
import { constructJob, placementJobName } from './construct.js';
import { executeFailurePolicy } from './failure-policy.js';
import { type FactsOf, jobFacts } from './job-facts.js';
import { headlessService } from './service.js';
import { allReplicasStarted, COMPLETED, dependencyReachedStatus, IN_PROGRESS, inOrder } from './startup-policy.js';
import { type Children, ClassifyError, eagerChildren, sameStatuses } from './status.js';
import { applySuccessPolicy } from './success-policy.js';

export interface ResumePatch {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  schedulingGates: { name: string }[];
}

export interface JobPatch {
  job: Job;
  suspend: boolean;
  /** On resume: the JobSet's pod template merged into the Job's (the JobSet wins on key clashes). */
  resume?: ResumePatch;
}

export interface ReconcileInput {
  js: JobSet;
  /** Jobs controller-owned by the JobSet (by UID). */
  jobs: Job[];
  serviceExists: boolean;
  /** Simulated seconds. */
  now: number;
  gates?: Record<string, boolean>;
  /** How to read each Job's labels and state; the controller passes a cache (job-facts.ts). */
  facts?: FactsOf;
  /** The same Jobs, already classified and tallied (the controller's child-index.ts); `jobs` is then unused. */
  children?: () => Children;
}

export interface ReconcileResult {
  status: JobSetStatus;
  statusDirty: boolean;
  events: QueuedEvent[];
  /** Foreground deletions (Jobs already being deleted are skipped). */
  deleteJobs: Job[];
  createJobs: NewObject<Job>[];
  createService?: NewObject<Service>;
  patchJobs: JobPatch[];
  deleteJobSet: boolean;
  /** Seconds. */
  requeueAfter?: number;
  error?: string;
}

export function jobSetFinished(js: { status: JobSetStatus }): boolean {
  return conditionTrue(js.status.conditions, 'Completed') || conditionTrue(js.status.conditions, 'Failed');
}

function managedByExternal(js: JobSet): boolean {
  const m = js.spec.managedBy;
  return m !== undefined && m !== JOBSET_CONTROLLER_NAME;
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { now } = input;
  // The JobSet with the status this reconcile works on (Object.assign: a spread builds it several times slower).
  const js: JobSet = Object.assign({}, input.js);
  js.status = copyStatus(input.js.status);
  const upd: StatusUpdate = newStatusUpdate();
  const out: ReconcileResult = {
    status: js.status,
    statusDirty: false,
    events: upd.events,
    deleteJobs: [],
    createJobs: [],
    patchJobs: [],
    deleteJobSet: false,
  };
  if (input.js.metadata.deletionTimestamp !== undefined) return out;
  if (managedByExternal(js)) return out;

  const factsOf = input.facts ?? jobFacts;
  let jobs: Children;
  try {
    jobs = input.children ? input.children() : eagerChildren(js, input.jobs, input.gates, factsOf);
  } catch (e) {
    out.error = e instanceof ClassifyError ? e.message : String(e);
    return out;
  }
  const statuses = jobs.statuses(js, input.gates);
  if (!sameStatuses(js.status.replicatedJobsStatus, statuses)) {
    js.status.replicatedJobsStatus = statuses;
    upd.dirty = true;
  }
  const conds = (js.status.conditions ??= []);

  // 3. Finished: clean up active Jobs; TTL.
  if (jobSetFinished(js)) {
    out.deleteJobs = jobs.nActive > 0 ? jobs.lists().active.filter(notDeleting) : [];
    const ttl = js.spec.ttlSecondsAfterFinished;
    if (ttl !== undefined) {
      const c = conds.find((x) => (x.type === 'Completed' || x.type === 'Failed') && x.status === 'True');
      const expireAt = (c?.lastTransitionTime ?? now) + ttl;
      // Upstream's remaining time is an integer time.Duration; ours is float seconds, so decide at the clock's
      // whole-µs resolution: a sub-µs remainder from float error (e.g. 6254.923737 + 3600 vs 9854.923737)
      // would otherwise requeue at the same instant forever.
      const remainingUs = Math.round((expireAt - now) * 1e6);
      if (remainingUs <= 0) out.deleteJobSet = true;
      else out.requeueAfter = remainingUs / 1e6;
    }
    return finish(out, upd);
  }

  // 4. Delete the Jobs of earlier attempts.
  out.deleteJobs = jobs.nPrevious > 0 ? jobs.lists().previous.filter(notDeleting) : [];

  // 5. All Jobs ready again after a restart.
  const suspended = js.spec.suspend === true;
  let total = 0;
  for (const r of js.spec.replicatedJobs) total += r.replicas ?? 1;
  let readyOrDone = 0;
  for (const s of statuses) readyOrDone += s.ready + s.succeeded;
  if (!suspended && readyOrDone === total) {
    updateExistingCondition(conds, JOBS_READY, now, upd);
  }

  // 6. Failure policy, then return.
  if (jobs.nFailed > 0) {
    ownReplicatedJobsStatus(js.status, input.js.status);
    const err = executeFailurePolicy(js, jobs.lists(), now, upd, input.gates);
    if (err) out.error = err;
    return finish(out, upd);
  }

  // 7. Success policy.
  if (jobs.nSuccessful > 0) {
    const targets = js.spec.successPolicy?.targetReplicatedJobs ?? [];
    const matching = targets.length === 0 ? jobs.nSuccessful : jobs.successfulIn(new Set(targets));
    if (applySuccessPolicy(js, matching, now, upd)) return finish(out, upd);
  }

  // 8. Headless Service.
  if (!input.serviceExists) out.createService = headlessService(js);

  // 10. Create missing Jobs, in startup order.
  createJobs(js, jobs, statuses, out, now, upd, input.gates ?? {});

  // 11. Suspend or resume.
  if (suspended) {
    if (jobs.nActiveSuspended < jobs.nActive) {
      for (const j of jobs.lists().active) if (!j.spec.suspend) out.patchJobs.push({ job: j, suspend: true });
    }
    updateCondition(conds, SUSPENDED, now, upd);
    updateExistingCondition(conds, RESTARTING_SUSPENDED, now, upd);
  } else {
    resumeJobsIfNecessary(js, jobs, statuses, out, now, upd, factsOf);
  }
  return finish(out, upd);
}

function finish(out: ReconcileResult, upd: StatusUpdate): ReconcileResult {
  out.statusDirty = upd.dirty;
  return out;
}

function notDeleting(j: Job): boolean {
  return j.metadata.deletionTimestamp === undefined;
}

// The condition changes the reconcile applies, made once (updateCondition reads them, never keeps them).
const JOBS_READY: ConditionChange = {
  type: 'RestartingJobSet',
  status: 'False',
  reason: 'JobsReady',
  message: 'all jobs are ready',
};
const SUSPENDED: ConditionChange = {
  type: 'Suspended',
  status: 'True',
  reason: 'SuspendedJobs',
  message: 'jobset is suspended',
};
const RESTARTING_SUSPENDED: ConditionChange = {
  type: 'RestartingJobSet',
  status: 'False',
  reason: 'JobSetSuspended',
  message: 'jobset is suspended',
};
const RESUMED: ConditionChange = {
  type: 'Suspended',
  status: 'False',
  reason: 'ResumeJobs',
  message: 'jobset is resumed',
};

/**
 * The status this reconcile works on, apart from the JobSet's: the reconcile replaces conditions (updateCondition
 * never changes one in place) and the replicatedJobsStatus list, and sets fields of the status, so that level is
 * copied and the conditions shared, instead of a deep copy of the whole status on every reconcile. The
 * replicatedJobsStatus entries, which only the failure policy writes (RestartJob's jobRestarts), are copied when it
 * runs (ownReplicatedJobsStatus): most reconciles replace the list or leave it as it was.
 */
function copyStatus(s: JobSetStatus): JobSetStatus {
  const out = { ...s };
  if (Array.isArray(s.conditions)) out.conditions = s.conditions.slice();
  return out;
}

/** Copies the replicatedJobsStatus entries before the failure policy writes them, unless the list is new already. */
function ownReplicatedJobsStatus(s: JobSetStatus, stored: JobSetStatus): void {
  const list = s.replicatedJobsStatus;
  if (Array.isArray(list) && list === stored.replicatedJobsStatus) s.replicatedJobsStatus = list.map((r) => ({ ...r }));
}

function createJobs(
  js: JobSet,
  jobs: Children,
  statuses: ReplicatedJobStatus[],
  out: ReconcileResult,
  now: number,
  upd: StatusUpdate,
  gates: Record<string, boolean>,
): void {
  const suspended = js.spec.suspend === true;
  const ordered = inOrder(js);
  const blocking = js.spec.failurePolicy?.restartStrategy === 'BlockingRecreate' && jobs.nPrevious > 0;
  let existing: Set<string> | undefined; // child Job names, built only when a replicatedJob is incomplete
  const conds = js.status.conditions!;
  const rjobs = js.spec.replicatedJobs;
  for (let i = 0; i < rjobs.length; i++) {
    const rjob = rjobs[i]!;
    const replicas = rjob.replicas ?? 1;
    if (!dependsOnReached(js, i, statuses)) continue;
    const status = statusNamed(statuses, rjob.name);
    if (!suspended && ordered && allReplicasStarted(replicas, status)) continue;
    // Every index 0..replicas-1 has a Job: nothing to create, and no names to build.
    const complete = jobs.indexesCovered(rjob.name, replicas) >= replicas;
    if (!blocking && !complete) {
      if (!existing) {
        existing = new Set();
        const l = jobs.lists();
        for (const list of [l.active, l.successful, l.failed, l.previous])
          for (const j of list) existing.add(j.metadata.name);
      }
      for (let i = 0; i < replicas; i++) {
        if (!existing.has(placementJobName(js, rjob.name, i))) out.createJobs.push(constructJob(js, rjob, i, gates));
      }
    }
    if (!suspended && ordered) {
      updateCondition(conds, IN_PROGRESS, now, upd);
      return;
    }
  }
  if (!suspended && ordered) updateCondition(conds, COMPLETED, now, upd);
}

function resumeJobsIfNecessary(
  js: JobSet,
  jobs: Children,
  statuses: ReplicatedJobStatus[],
  out: ReconcileResult,
  now: number,
  upd: StatusUpdate,
  factsOf: FactsOf,
): void {
  const conds = js.status.conditions!;
  const ordered = inOrder(js);
  const rjobs = js.spec.replicatedJobs;
  for (let i = 0; i < rjobs.length; i++) {
    const rjob = rjobs[i]!;
    const replicas = rjob.replicas ?? 1;
    if (!dependsOnReached(js, i, statuses)) continue;
    const status = statusNamed(statuses, rjob.name);
    if (ordered && allReplicasStarted(replicas, status)) continue;
    const tpl = rjob.template.spec.template;
    // Only suspended active Jobs of this replicatedJob are patched; the tally says whether there are any.
    const suspendedHere = status?.suspended ?? 0;
    for (const j of suspendedHere > 0 ? jobs.lists().active : []) {
      const f = factsOf(j);
      if (f.rjob !== rjob.name || !f.suspended) continue;
      const pod = j.spec.template;
      out.patchJobs.push({
        job: j,
        suspend: false,
        resume: {
          labels: mergeMaps(pod.metadata?.labels, tpl.metadata?.labels),
          annotations: mergeMaps(pod.metadata?.annotations, tpl.metadata?.annotations),
          nodeSelector: mergeMaps(pod.spec.nodeSelector, tpl.spec.nodeSelector),
          tolerations: unionBy(pod.spec.tolerations ?? [], tpl.spec.tolerations ?? []),
          schedulingGates: unionBy(pod.spec.schedulingGates ?? [], tpl.spec.schedulingGates ?? []),
        },
      });
    }
    if (ordered) {
      updateCondition(conds, IN_PROGRESS, now, upd);
      return;
    }
  }
  updateCondition(conds, RESUMED, now, upd);
}

/** statuses.find by name, without a closure per call. */
function statusNamed(statuses: readonly ReplicatedJobStatus[], name: string): ReplicatedJobStatus | undefined {
  for (const s of statuses) if (s.name === name) return s;
  return undefined;
}

/**
 * dependencyReachedStatus for the i-th replicatedJob, with the replicas of the replicatedJobs up to it ("so far", as
 * upstream's map filled in spec order); the map is built only for a replicatedJob that has dependsOn.
 */
function dependsOnReached(js: JobSet, i: number, statuses: ReplicatedJobStatus[]): boolean {
  const rjobs = js.spec.replicatedJobs;
  const deps = rjobs[i]!.dependsOn;
  if (deps === undefined || deps.length === 0) return true;
  const replicasSoFar = new Map<string, number>();
  for (let k = 0; k <= i; k++) replicasSoFar.set(rjobs[k]!.name, rjobs[k]!.replicas ?? 1);
  return dependencyReachedStatus(rjobs[i]!, replicasSoFar, statuses);
}

/** Union keeping the first of identical entries (compared as JSON). */
function unionBy<T>(a: T[], b: T[]): T[] {
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  const out = [...a];
  for (const x of b) {
    const k = JSON.stringify(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}
