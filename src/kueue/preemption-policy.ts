// Which workloads a preemptor may take and in which order it considers them: kueue ff69552e
// pkg/scheduler/preemption/common/preemption_policy.go (SatisfiesPreemptionPolicy) and common/ordering.go
// (CandidatesOrdering).

import type { ReclaimWithinCohortPolicy, WithinClusterQueuePolicy } from './api.js';
import type { AdmittedWorkload, PreemptionWorkload } from './preemption-types.js';

/**
 * SatisfiesPreemptionPolicy: LowerPriority ⇒ candidate priority below the preemptor's; LowerOrNewerEqualPriority ⇒
 * that, or equal priority and the preemptor's queue-order timestamp strictly earlier; Any ⇒ always; Never ⇒ never.
 */
export function satisfiesPreemptionPolicy(
  preemptor: Pick<PreemptionWorkload, 'priority' | 'queueOrderTimestamp'>,
  candidate: Pick<PreemptionWorkload, 'priority' | 'queueOrderTimestamp'>,
  policy: WithinClusterQueuePolicy | ReclaimWithinCohortPolicy | undefined,
): boolean {
  const lowerPriority = preemptor.priority > candidate.priority;
  if (policy === 'LowerPriority') return lowerPriority;
  if (policy === 'LowerOrNewerEqualPriority') {
    const newerEqual =
      preemptor.priority === candidate.priority && preemptor.queueOrderTimestamp < candidate.queueOrderTimestamp;
    return lowerPriority || newerEqual;
  }
  return policy === 'Any';
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * CandidatesOrdering: evicted first; other ClusterQueues before the preemptor's; (AFS, same ClusterQueue, different
 * LocalQueues, both usages known) higher LocalQueue usage first; lower priority first; most recent quota reservation
 * first; then UID. Ties of UID (e.g. both unset) fall back to `key` here, where upstream's sort is unstable.
 */
export function candidatesOrdering(
  a: AdmittedWorkload,
  b: AdmittedWorkload,
  preemptorClusterQueue: string,
  now: number,
  admissionFairSharing = false,
): number {
  const ae = Boolean(a.evicted);
  const be = Boolean(b.evicted);
  if (ae !== be) return ae ? -1 : 1;
  const aOwn = a.clusterQueue === preemptorClusterQueue;
  const bOwn = b.clusterQueue === preemptorClusterQueue;
  if (aOwn !== bOwn) return aOwn ? 1 : -1;
  if (
    admissionFairSharing &&
    a.clusterQueue === b.clusterQueue &&
    a.localQueue !== b.localQueue &&
    a.localQueueUsage !== undefined &&
    b.localQueueUsage !== undefined &&
    a.localQueueUsage !== b.localQueueUsage
  ) {
    return cmp(b.localQueueUsage, a.localQueueUsage);
  }
  if (a.priority !== b.priority) return cmp(a.priority, b.priority);
  const at = a.quotaReservedAt ?? now;
  const bt = b.quotaReservedAt ?? now;
  if (at !== bt) return cmp(bt, at);
  return cmp(a.uid ?? '', b.uid ?? '') || cmp(a.key, b.key);
}
