// The pod-failure backoff before replacement pods are created (pkg/controller/job/backoff_utils.go):
// 10 s · 2^(n−1), capped at 10 min, counted from the last failure, where n is the number of failures since
// the last success (per Job), or the index's failure count (per index, with backoffLimitPerIndex).
// Times are integer microseconds; pod timestamps (seconds) are converted.
import type { Pod } from '../../api/core.js';
import { getIndexAbsoluteFailureCount, type PodStatusExt } from './pods.js';

export const DEFAULT_POD_FAILURE_BACKOFF_US = 10_000_000;
export const MAX_POD_FAILURE_BACKOFF_US = 600_000_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** µs; undefined when there was no failure since the last success. */
  lastFailureTime?: number;
}

export function toUs(seconds: number): number {
  return Math.round(seconds * 1e6);
}

/**
 * The record after this sync's newly finished pods: failures add up; a success resets the count to the
 * failures that finished after the last success.
 */
export function newBackoffRecord(
  old: BackoffRecord | undefined,
  newSucceeded: readonly Pod[],
  newFailed: readonly Pod[],
): BackoffRecord {
  // Most syncs: no pod finished, and the record stays (records are never changed once made: no copy).
  if (newSucceeded.length === 0 && newFailed.length === 0) return old ?? { failuresAfterLastSuccess: 0 };
  const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0 };
  if (old?.lastFailureTime !== undefined) rec.lastFailureTime = old.lastFailureTime;
  const succeeded = newSucceeded.map(getFinishedTime).sort((a, b) => a - b);
  const failed = newFailed.map(getFinishedTime).sort((a, b) => a - b);
  if (succeeded.length === 0) {
    if (failed.length === 0) return rec;
    return {
      failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failed.length,
      lastFailureTime: failed[failed.length - 1],
    };
  }
  const out: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const lastSuccess = succeeded[succeeded.length - 1]!;
  for (let i = failed.length - 1; i >= 0; i--) {
    const t = failed[i]!;
    if (t <= lastSuccess) break;
    out.lastFailureTime ??= t;
    out.failuresAfterLastSuccess++;
  }
  return out;
}

/**
 * When the pod finished (µs): the latest container finish when every container finished, else the time
 * Ready turned False, else the deletion timestamp less the grace period, else the creation time.
 */
export function getFinishedTime(p: Pod): number {
  return (
    finishTimeFromContainers(p) ??
    finishTimeFromReadyFalse(p) ??
    (p.metadata.deletionTimestamp !== undefined
      ? toUs(p.metadata.deletionTimestamp - deletionGracePeriod(p))
      : toUs(p.metadata.creationTimestamp))
  );
}

function deletionGracePeriod(p: Pod): number {
  const g = (p.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds;
  return g ?? 0;
}

type TerminatedState = { exitCode: number; finishedAt?: number };

function finishTimeFromContainers(p: Pod): number | undefined {
  const status = p.status as PodStatusExt;
  const finish = latestFinishTime(undefined, status.containerStatuses ?? [], () => true);
  // No init container status (most pods): the pass below would return `finish` as it is; no sidecar Set to build.
  const init = status.initContainerStatuses;
  if (init === undefined || init.length === 0) return finish;
  // Sidecars (restartable init containers) finish after the regular containers.
  const sidecars = new Set(
    (p.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  return latestFinishTime(finish, init, (name) => sidecars.has(name));
}

/** undefined as soon as one checked container has not finished (or has no finish time). */
function latestFinishTime(
  prev: number | undefined,
  list: readonly { name: string; state?: { terminated?: TerminatedState } }[],
  check: (name: string) => boolean,
): number | undefined {
  let finish = prev;
  for (const cs of list) {
    if (!check(cs.name)) continue;
    const at = cs.state?.terminated?.finishedAt;
    if (at === undefined) return undefined;
    const us = toUs(at);
    if (finish === undefined || finish < us) finish = us;
  }
  return finish;
}

function finishTimeFromReadyFalse(p: Pod): number | undefined {
  const c = p.status.conditions?.find((x) => x.type === 'Ready');
  return c?.status === 'False' && c.lastTransitionTime !== undefined ? toUs(c.lastTransitionTime) : undefined;
}

/** µs left before replacement pods may be created, 0 when they may be created now. */
export function getRemainingTime(
  rec: BackoffRecord,
  now: number,
  defaultBackoff = DEFAULT_POD_FAILURE_BACKOFF_US,
  maxBackoff = MAX_POD_FAILURE_BACKOFF_US,
): number {
  return remainingForFailures(now, defaultBackoff, maxBackoff, rec.failuresAfterLastSuccess, rec.lastFailureTime);
}

/**
 * Per index (backoffLimitPerIndex): the failures are the index's failure count in the last failed pod's
 * annotations plus that pod itself, counted from the pod's finish time.
 */
export function getRemainingTimePerIndex(
  lastFailedPod: Pod | undefined,
  now: number,
  defaultBackoff = DEFAULT_POD_FAILURE_BACKOFF_US,
  maxBackoff = MAX_POD_FAILURE_BACKOFF_US,
): number {
  if (!lastFailedPod) return 0;
  const failures = getIndexAbsoluteFailureCount(lastFailedPod) + 1;
  return remainingForFailures(now, defaultBackoff, maxBackoff, failures, getFinishedTime(lastFailedPod));
}

function remainingForFailures(
  now: number,
  defaultBackoff: number,
  maxBackoff: number,
  failures: number,
  lastFailureTime: number | undefined,
): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let backoff = defaultBackoff;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxBackoff) {
      backoff = maxBackoff;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
