// One sync of a Job (syncJob, manageJob and trackJobStatusAndRemoveFinalizers in
// pkg/controller/job/job_controller.go) as a function of the Job, its pods, the time and the pod-failure
// backoff record, with the pod writes behind a PodControl so upstream's table tests translate directly.
//
// Modelled as Kubernetes ≥ 1.31 with JobPodReplacementPolicy, JobManagedBy, JobSuccessPolicy and
// JobBackoffLimitPerIndex on (all GA): the interim FailureTarget / SuccessCriteriaMet condition is written
// first, and the terminal Failed / Complete condition only once no pod is terminating.
//
// Simplification (named): the batch.kubernetes.io/job-tracking finalizer and status.uncountedTerminatedPods
// are replaced by the caller's set of counted pods (`counted`): a pod not in it still "has the finalizer";
// this sync returns the pods it "removed the finalizer" from. Pods deleted from the store before they were
// counted are passed in again by the caller (the finalizer would have kept them).
import type { Job, JobCondition, JobStatus } from '../../api/batch.js';
import { clonePlain } from '../../api/clone.js';
import type { Pod } from '../../api/core.js';
import { jsonEqual } from '../../api/json-equal.js';
import type { NewObject } from '../../api/meta.js';
import { type BackoffRecord, getRemainingTime, getRemainingTimePerIndex, newBackoffRecord, toUs } from './backoff.js';
import {
  appendDuplicatedIndexPodsForRemoval,
  blockingTerminatingPods,
  calculateFailedIndexes,
  calculateSucceededIndexes,
  firstPendingIndexes,
  formatIntervals,
  getNewIndexFailureCounts,
  getPodsWithDelayedDeletionPerIndex,
  has,
  hasBackoffLimitPerIndex,
  type OrderedIntervals,
  podsByIndex,
  total,
  withOrderedIndexes,
} from './indexed.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  isActive,
  isIndexed,
  isPodFailed,
  isPodReady,
  isTerminating,
  type NewPodOptions,
  newPodForJob,
  newPodMetadata,
  onlyReplaceFailedPods,
  podIndex,
  sortActivePods,
} from './pods.js';
import { matchSuccessPolicy } from './success-policy.js';

/** MaxPodCreateDeletePerSync upstream. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** MaxUncountedPods upstream: at most this many finished pods are counted in one sync. */
export const MAX_UNCOUNTED_PODS = 500;
export const DEFAULT_BACKOFF_LIMIT = 6;

export const REASON = {
  podFailurePolicy: 'PodFailurePolicy',
  backoffLimitExceeded: 'BackoffLimitExceeded',
  deadlineExceeded: 'DeadlineExceeded',
  maxFailedIndexesExceeded: 'MaxFailedIndexesExceeded',
  failedIndexes: 'FailedIndexes',
  successPolicy: 'SuccessPolicy',
  completionsReached: 'CompletionsReached',
} as const;

export const MESSAGE = {
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
  completionsReached: 'Reached expected number of succeeded pods',
  suspended: 'Job suspended',
  resumed: 'Job resumed',
} as const;

// Shared empty values a sync starts with, never written to (each is replaced before anything is added).
const NO_PODS: Pod[] = [];
const NO_INTERVALS: OrderedIntervals = [];
const NO_DELAYED: ReadonlyMap<number, Pod> = new Map();

/** The constant fields of a pod probe (PodControl.rejectBeforeBuild). */
const POD_PROBE = { apiVersion: 'v1', kind: 'Pod', status: { phase: 'Pending' } } as const;

/** The pod writes of one sync (controller.PodControlInterface upstream). */
export interface PodControl {
  /** Creates the pod; returns the error text when the apiserver or a webhook rejects it. */
  createPod(pod: NewObject<Pod>): string | undefined;
  /**
   * createPod's error, with the same records, for a pod admission certainly rejects, told from its metadata (the
   * template's spec stands in for its own) before the pod is built; undefined when it cannot tell: build and create.
   */
  rejectBeforeBuild?(probe: NewObject<Pod>): string | undefined;
  /** Deletes the pod (gracefully: it terminates first). */
  deletePod(pod: Pod): void;
}

/** A Kubernetes Event on the Job. */
export interface JobEvent {
  eventType: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface SyncInput {
  /** Virtual time, µs. */
  now: number;
  /** The Job's pods, including pods gone from the store that are not counted yet. */
  pods: readonly Pod[];
  /** uids of pods already counted (their tracking finalizer is removed). */
  counted: ReadonlySet<string>;
  /** The pod-failure backoff record of the previous sync. */
  backoff?: BackoffRecord;
  podControl: PodControl;
}

export interface SyncResult {
  /** The status after this sync (a copy); `changed` tells whether it must be written. */
  status: JobStatus;
  changed: boolean;
  /** Pods counted by this sync (tracking finalizer removed). */
  counted: string[];
  backoff: BackoffRecord;
  /** Sync again after this many µs (the activeDeadlineSeconds timer). */
  requeueAfter?: number;
  /** Sync again after this many µs, but not sooner than the batch period (the pod-failure backoff). */
  backoffRequeueAfter?: number;
  /** A pod create was rejected: retry with the API backoff. */
  error?: string;
  events: JobEvent[];
}

export function newCondition(
  type: string,
  status: JobCondition['status'],
  reason: string,
  message: string,
  now: number,
): JobCondition {
  return { type, status, reason, message, lastTransitionTime: now / 1e6 };
}

function findTrue(conds: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conds?.find((c) => c.type === type && c.status === 'True');
}

/**
 * ensureJobConditionStatus: updates the condition of that type (a new transition time when anything changes), or
 * appends it unless its status is False. Returns whether the list changed. Copy-on-write, as syncJob's status needs:
 * the list and its conditions may be the stored Job's, so a changed condition is a new object (the old one's keys
 * first, then the new values: the keys and order of upstream's in-place update) in a new list.
 */
export function ensureJobConditionStatus(
  status: JobStatus,
  type: string,
  s: JobCondition['status'],
  reason: string,
  message: string,
  now: number,
): boolean {
  const conds = status.conditions;
  const i = conds === undefined ? -1 : conds.findIndex((x) => x.type === type);
  if (i >= 0) {
    const c = conds![i]!;
    if (c.status === s && (c.reason ?? '') === reason && (c.message ?? '') === message) return false;
    const copy = conds!.slice();
    copy[i] = Object.assign(Object.assign({}, c), newCondition(type, s, reason, message, now));
    status.conditions = copy;
    return true;
  }
  if (s === 'False') return false;
  pushCondition(status, newCondition(type, s, reason, message, now));
  return true;
}

/** Appends to the status's conditions in a new list (the list may be the stored Job's). */
function pushCondition(status: JobStatus, c: JobCondition): void {
  const conds = status.conditions;
  status.conditions = conds === undefined ? [c] : [...conds, c];
}

/**
 * The status a sync works on: a shallow copy of the stored one. Copy-on-write: the sync sets top-level fields of the
 * copy only, and replaces the conditions list (ensureJobConditionStatus, pushCondition) instead of changing it or a
 * condition in place, so the stored Job's status is never written (a deep copy per sync cost more than the sync's
 * decisions when nothing changes, as in most syncs). Object.assign keeps the keys and their order, as the deep copy
 * did; an own "__proto__" key (plain data from a parser), which it would not copy as a key, takes the deep copy.
 */
function statusCopy(s: JobStatus): JobStatus {
  return Object.hasOwn(s, '__proto__') ? clonePlain(s) : Object.assign({}, s);
}

/** Under restartPolicy OnFailure: container restarts of running and pending pods reach backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status.phase !== 'Running' && p.status.phase !== 'Pending') continue;
    const init = (p.status as { initContainerStatuses?: { restartCount: number }[] }).initContainerStatuses;
    for (const c of init ?? []) restarts += c.restartCount;
    for (const c of p.status.containerStatuses ?? []) restarts += c.restartCount;
  }
  const limit = job.spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** now − startTime ≥ activeDeadlineSeconds; never while suspended. */
export function pastActiveDeadline(job: Job, startTime: number | undefined, now: number): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads === undefined || startTime === undefined || job.spec.suspend === true) return false;
  return now - toUs(startTime) >= ads * 1e6;
}

/** The FailJob message of the first failed pod that matches a FailJob rule. */
export function getFailJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).message;
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * Active pods to delete: for Indexed Jobs first those with a missing, out-of-range or repeated index, then,
 * up to `rmAtLeast`, by controller.ActivePods (unscheduled, pending, not ready, … first).
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  // Most syncs remove nothing: no surplus, and (Indexed) every index valid and held once. Pods come in creation
  // order, usually index order, so one pass finds that without the sort and the per-index lists.
  if (rmAtLeast <= 0 && (!isIndexed(job) || indexesAscendingValid(pods, job.spec.completions ?? 0))) return [];
  let rm: Pod[] = [];
  let left: Pod[] = [...pods];
  if (isIndexed(job)) ({ rm, left } = appendDuplicatedIndexPodsForRemoval([], [], left, job.spec.completions ?? 0));
  if (rm.length < rmAtLeast) {
    sortActivePods(left);
    rm.push(...left.slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

/** Every pod's completion index is valid (below `completions`) and greater than the previous pod's. */
function indexesAscendingValid(pods: readonly Pod[], completions: number): boolean {
  let last = -1;
  for (const p of pods) {
    const ix = podIndex(p);
    if (ix === undefined || ix >= completions || ix <= last) return false;
    last = ix;
  }
  return true;
}

interface Ctx {
  job: Job;
  input: SyncInput;
  activePods: Pod[];
  succeeded: number;
  ready: number;
  terminating: number;
  succeededIndexes: OrderedIntervals;
  failedIndexes?: OrderedIntervals;
  delayed: ReadonlyMap<number, Pod>;
  backoff: BackoffRecord;
  /** uids whose tracking finalizer this sync removed (made at the first). */
  processed: Set<string> | undefined;
  /** Active pods this sync deleted because the Job is decided: judged as before the deletion (made at the first). */
  deletedNow: Set<string> | undefined;
  backoffRequeueAfter?: number;
}

/** One sync of the Job. Does not mutate the Job; the pod writes go through `input.podControl`. */
export function syncJob(job: Job, input: SyncInput): SyncResult {
  const { now, pods, counted } = input;
  const spec = job.spec;
  const status: JobStatus = statusCopy(job.status);
  const events: JobEvent[] = [];
  const result: SyncResult = {
    status,
    changed: false,
    counted: [],
    backoff: input.backoff ?? { failuresAfterLastSuccess: 0 },
    events,
  };
  if (findTrue(status.conditions, 'Complete') || findTrue(status.conditions, 'Failed')) return result;

  const indexed = isIndexed(job);
  const completions = spec.completions;
  const perIndex = indexed && hasBackoffLimitPerIndex(job);
  const suspended = spec.suspend === true;
  const tracked = (p: Pod) => !counted.has(p.metadata.uid);

  // One pass over the pods for what three filters and two counts each walked them for; the lists of newly finished
  // pods are made only when there is one (most syncs have none).
  const activePods: Pod[] = [];
  let newSucceededPods: Pod[] = NO_PODS;
  let newFailedPods: Pod[] = NO_PODS;
  let ready = 0;
  let terminating = 0;
  for (const p of pods) {
    if (isActive(p)) {
      activePods.push(p);
      if (isPodReady(p)) ready++;
    } else if (isTerminating(p)) terminating++;
    // validForJob: still tracked and, for an Indexed Job, a valid index.
    if (counted.has(p.metadata.uid)) continue;
    if (indexed) {
      const ix = podIndex(p);
      if (ix === undefined || ix >= (completions ?? 0)) continue;
    }
    if (p.status.phase === 'Succeeded') {
      if (newSucceededPods === NO_PODS) newSucceededPods = [];
      newSucceededPods.push(p);
    } else if (isPodFailed(p, job)) {
      if (newFailedPods === NO_PODS) newFailedPods = [];
      newFailedPods.push(p);
    }
  }
  let ignored = 0;
  if (spec.podFailurePolicy)
    for (const p of newFailedPods) if (!matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed) ignored++;
  const failed = (status.failed ?? 0) + newFailedPods.length - ignored;
  const c: Ctx = {
    job,
    input,
    activePods,
    succeeded: (status.succeeded ?? 0) + newSucceededPods.length,
    ready,
    terminating,
    succeededIndexes: NO_INTERVALS,
    delayed: NO_DELAYED,
    backoff: newBackoffRecord(input.backoff, newSucceededPods, newFailedPods),
    processed: undefined,
    deletedNow: undefined,
  };
  if (status.startTime === undefined && !suspended) status.startTime = now / 1e6;

  // 1. The failure (or success-policy) decision; the first that applies wins.
  let finished: JobCondition | undefined = findTrue(status.conditions, 'SuccessCriteriaMet');
  if (finished) finished = { ...finished };
  if (!finished) {
    const target = findTrue(status.conditions, 'FailureTarget');
    if (target) {
      finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    } else {
      const msg = getFailJobMessage(job, pods);
      if (msg !== undefined) finished = newCondition('FailureTarget', 'True', REASON.podFailurePolicy, msg, now);
    }
  }
  if (!finished) {
    if (failed > (spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT) || pastBackoffLimitOnFailure(job, pods)) {
      finished = newCondition('FailureTarget', 'True', REASON.backoffLimitExceeded, MESSAGE.backoffLimitExceeded, now);
    } else if (pastActiveDeadline(job, status.startTime, now)) {
      finished = newCondition('FailureTarget', 'True', REASON.deadlineExceeded, MESSAGE.deadlineExceeded, now);
    } else if (spec.activeDeadlineSeconds !== undefined && !suspended && status.startTime !== undefined) {
      result.requeueAfter = spec.activeDeadlineSeconds * 1e6 - (now - toUs(status.startTime));
    }
  }
  let prevSucceededIndexes: OrderedIntervals = [];
  if (indexed) {
    const n = completions ?? 0;
    const s = calculateSucceededIndexes(job, pods, tracked);
    prevSucceededIndexes = s.prev;
    c.succeededIndexes = s.all;
    c.succeeded = total(s.all);
    if (perIndex) {
      const failedIndexes = calculateFailedIndexes(job, pods, tracked);
      c.failedIndexes = failedIndexes;
      if (!finished) {
        const nFailed = total(failedIndexes);
        if (spec.maxFailedIndexes !== undefined && nFailed > spec.maxFailedIndexes) {
          finished = newCondition(
            'FailureTarget',
            'True',
            REASON.maxFailedIndexesExceeded,
            MESSAGE.maxFailedIndexesExceeded,
            now,
          );
        } else if (nFailed > 0 && nFailed + total(c.succeededIndexes) >= n) {
          finished = newCondition('FailureTarget', 'True', REASON.failedIndexes, MESSAGE.failedIndexes, now);
        }
      }
      c.delayed = getPodsWithDelayedDeletionPerIndex(job, pods, tracked, {
        activePods,
        succeededIndexes: c.succeededIndexes,
        failedIndexes,
      });
    }
    if (!finished) {
      const m = matchSuccessPolicy(spec.successPolicy, n, c.succeededIndexes);
      if (m.met) finished = newCondition('SuccessCriteriaMet', 'True', REASON.successPolicy, m.message, now);
    }
  }

  // 2. Pods: delete them all once decided, else scale (and suspend / resume).
  let active = activePods.length;
  if (finished) {
    // deleteActivePods: the tracking finalizers stay, so the pods are counted below.
    for (const p of activePods) {
      (c.deletedNow ??= new Set()).add(p.metadata.uid);
      input.podControl.deletePod(p);
    }
    c.terminating += activePods.length;
    c.ready -= activePods.filter(isPodReady).length;
    active = 0;
  } else {
    let manageJobCalled = false;
    if (job.metadata.deletionTimestamp === undefined) {
      const m = manageJob(c);
      active = m.active;
      result.error = m.error;
      manageJobCalled = true;
    }
    const complete =
      completions === undefined ? c.succeeded > 0 && active === 0 : c.succeeded >= completions && active === 0;
    if (complete) {
      finished = newCondition('SuccessCriteriaMet', 'True', REASON.completionsReached, MESSAGE.completionsReached, now);
    } else if (manageJobCalled) {
      if (suspended) {
        if (ensureJobConditionStatus(status, 'Suspended', 'True', 'JobSuspended', MESSAGE.suspended, now)) {
          events.push({ eventType: 'Normal', reason: 'Suspended', message: MESSAGE.suspended });
        }
      } else if (ensureJobConditionStatus(status, 'Suspended', 'False', 'JobResumed', MESSAGE.resumed, now)) {
        events.push({ eventType: 'Normal', reason: 'Resumed', message: MESSAGE.resumed });
        // activeDeadlineSeconds counts the time the Job is continuously active.
        status.startTime = now / 1e6;
      }
    }
  }
  status.active = active;
  status.ready = c.ready;
  status.terminating = c.terminating;

  // 3. Count the finished pods (remove their tracking finalizers) and write the conditions.
  const reachedMax = trackStatus(c, status, finished, prevSucceededIndexes);
  if (finished?.type === 'FailureTarget') {
    pushCondition(status, finished);
    finished = newCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (!findTrue(status.conditions, 'SuccessCriteriaMet')) pushCondition(status, finished);
    finished = newCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  // enactJobFinished: the terminal condition only once every pod is counted and none is terminating.
  if (finished && !reachedMax && c.terminating === 0) {
    ensureJobConditionStatus(status, finished.type, 'True', finished.reason ?? '', finished.message ?? '', now);
    if (finished.type === 'Complete') {
      status.completionTime = now / 1e6;
      if (completions !== undefined && (status.succeeded ?? 0) > completions) {
        events.push({
          eventType: 'Warning',
          reason: 'TooManySucceededPods',
          message: 'Too many succeeded pods running after completion count reached',
        });
      }
      events.push({ eventType: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else {
      events.push({ eventType: 'Warning', reason: finished.reason ?? '', message: finished.message ?? '' });
    }
  }

  if (c.processed !== undefined) result.counted = [...c.processed];
  result.backoff = c.backoff;
  if (c.backoffRequeueAfter !== undefined) result.backoffRequeueAfter = c.backoffRequeueAfter;
  result.changed = !jsonEqual(status, job.status);
  return result;
}

/** manageJob upstream: suspend, surplus deletion, or creation of missing pods (with the backoff). */
function manageJob(c: Ctx): { active: number; error?: string } {
  const { job, input } = c;
  const spec = job.spec;
  let active = c.activePods.length;
  if (spec.suspend === true) {
    return { active: active - deleteJobPods(c, activePodsForRemoval(job, c.activePods, active)) };
  }
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions === undefined) {
    // Once a pod succeeded, whatever runs keeps running and nothing new starts.
    wantActive = c.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(spec.completions - c.succeeded, parallelism));
  }
  const surplus = activePodsForRemoval(job, c.activePods, Math.max(active - wantActive, 0)).slice(
    0,
    MAX_POD_CREATE_DELETE_PER_SYNC,
  );
  if (surplus.length > 0) {
    // Deletion and creation never happen in the same sync; deletion first.
    return { active: active - deleteJobPods(c, surplus) };
  }
  const blocked = onlyReplaceFailedPods(job) ? c.terminating : 0;
  let diff = wantActive - blocked - active;
  if (diff <= 0) return { active };

  const perIndex = isIndexed(job) && hasBackoffLimitPerIndex(job);
  if (!perIndex) {
    const remaining = getRemainingTime(c.backoff, input.now);
    if (remaining > 0) {
      c.backoffRequeueAfter = remaining;
      return { active: 0 }; // as upstream: status.active reads 0 while the backoff runs
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexed(job)) {
    indexes = firstPendingIndexes(
      {
        activePods: c.activePods,
        succeededIndexes: c.succeededIndexes,
        failedIndexes: c.failedIndexes,
        terminatingPods: blockingTerminatingPods(job, input.pods),
      },
      diff,
      spec.completions ?? 0,
    );
    if (perIndex) {
      const ready: number[] = [];
      let minRemaining: number | undefined;
      for (const ix of indexes) {
        const r = getRemainingTimePerIndex(c.delayed.get(ix), input.now);
        if (r === 0) ready.push(ix);
        else if (minRemaining === undefined || r < minRemaining) minRemaining = r;
      }
      if (ready.length === 0 && minRemaining !== undefined) {
        c.backoffRequeueAfter = minRemaining;
        return { active: 0 };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }

  // Slow start: batches of 1, 2, 4, …; a rejected create stops the batches (the rest is retried later).
  active += diff;
  const errors: string[] = [];
  let next = 0;
  const indexedJob = isIndexed(job);
  const control = input.podControl;
  // The options and the probe are read during each pod's calls only (nothing keeps them): one of each per sync.
  const opts: NewPodOptions = { index: undefined, failureCounts: undefined };
  const probe: NewObject<Pod> = {
    apiVersion: POD_PROBE.apiVersion,
    kind: POD_PROBE.kind,
    metadata: undefined as unknown as NewObject<Pod>['metadata'],
    spec: job.spec.template.spec,
    status: POD_PROBE.status,
  };
  for (let batch = Math.min(diff, 1); diff > 0; batch = Math.min(2 * batch, diff)) {
    const before = errors.length;
    for (let k = 0; k < batch; k++) {
      const index = indexedJob ? indexes[next++] : undefined;
      opts.index = index;
      opts.failureCounts =
        perIndex && index !== undefined ? getNewIndexFailureCounts(job, c.delayed.get(index)) : undefined;
      const metadata = newPodMetadata(job, opts);
      let err: string | undefined;
      if (control.rejectBeforeBuild !== undefined) {
        probe.metadata = metadata;
        err = control.rejectBeforeBuild(probe);
      }
      if (err === undefined) err = control.createPod(newPodForJob(job, opts, metadata));
      if (err !== undefined) {
        active--;
        errors.push(err);
      }
    }
    const skipped = diff - batch;
    if (errors.length > before && skipped > 0) {
      active -= skipped;
      break;
    }
    diff -= batch;
  }
  return errors.length > 0 ? { active, error: errors[0] } : { active };
}

/** deleteJobPods: remove the tracking finalizer (the pod is not counted), then delete. Returns the count. */
function deleteJobPods(c: Ctx, pods: readonly Pod[]): number {
  for (const p of pods) {
    (c.processed ??= new Set()).add(p.metadata.uid);
    c.input.podControl.deletePod(p);
    if (isPodReady(p)) c.ready--;
  }
  c.terminating += pods.length;
  return pods.length;
}

/** canRemoveFinalizer upstream. */
function canRemoveFinalizer(c: Ctx, finished: JobCondition | undefined, p: Pod, considerFailed: boolean): boolean {
  if (c.job.metadata.deletionTimestamp !== undefined || finished || p.status.phase === 'Succeeded') return true;
  if (!considerFailed) return false;
  const ix = podIndex(p);
  // backoffLimitPerIndex: the last failed pod of a pending index waits for its replacement.
  return !(ix !== undefined && c.delayed.get(ix)?.metadata.uid === p.metadata.uid);
}

/**
 * trackJobStatusAndRemoveFinalizers upstream: counts the newly finished pods into succeeded / failed
 * (completedIndexes, failedIndexes). Once the Job is decided, every unfinished pod counts as failed unless
 * the decision is a success. Returns whether the per-sync counting cap was reached.
 */
function trackStatus(
  c: Ctx,
  status: JobStatus,
  finished: JobCondition | undefined,
  prevSucceededIndexes: OrderedIntervals,
): boolean {
  const { job } = c;
  const indexed = isIndexed(job);
  const completions = job.spec.completions ?? 0;
  const policy = job.spec.podFailurePolicy;
  let pods = c.input.pods;
  // Most syncs have no pod left to count: skip the sorted copy (the loop below would skip every pod).
  let uncountedLeft = false;
  for (const p of pods) {
    const uid = p.metadata.uid;
    if (!c.input.counted.has(uid) && c.processed?.has(uid) !== true) {
      uncountedLeft = true;
      break;
    }
  }
  if (indexed && uncountedLeft) pods = podsByIndex(pods);
  const newIndexes: number[] = [];
  let succeeded = status.succeeded ?? 0;
  let failed = status.failed ?? 0;
  let uncounted = 0;
  let reachedMax = false;
  for (const p of uncountedLeft ? pods : []) {
    const uid = p.metadata.uid;
    if (c.input.counted.has(uid) || c.processed?.has(uid) === true) continue;
    // Upstream judges the pods it just deleted by its cached copy: still active, so not failed.
    const considerFailed = c.deletedNow?.has(uid) !== true && isPodFailed(p, job);
    if (!canRemoveFinalizer(c, finished, p, considerFailed)) continue;
    (c.processed ??= new Set()).add(uid);
    const ix = podIndex(p);
    const validIndex = ix !== undefined && ix < completions;
    if (p.status.phase === 'Succeeded') {
      if (indexed) {
        if (validIndex && !has(prevSucceededIndexes, ix)) {
          newIndexes.push(ix);
          uncounted++;
        }
      } else {
        succeeded++;
        uncounted++;
      }
    } else if (considerFailed || (finished && finished.type !== 'SuccessCriteriaMet')) {
      if ((!indexed || validIndex) && (!policy || matchPodFailurePolicy(policy, p).countFailed)) {
        failed++;
        uncounted++;
      }
    }
    if (uncounted >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    c.succeededIndexes = withOrderedIndexes(c.succeededIndexes, newIndexes);
    succeeded = total(c.succeededIndexes);
    const ci = formatIntervals(c.succeededIndexes);
    if (ci === '') delete status.completedIndexes;
    else status.completedIndexes = ci;
    if (c.failedIndexes) status.failedIndexes = formatIntervals(c.failedIndexes);
    else delete status.failedIndexes;
  }
  status.succeeded = succeeded;
  status.failed = failed;
  return reachedMax;
}
