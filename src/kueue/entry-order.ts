// The classical (no Fair Sharing) order of a scheduling cycle's heads: pkg/scheduler/scheduler.go
// makeClassicalIterator. Second-pass heads (already holding quota) are not modelled here: the cycle has none.

export interface ClassicalEntryKey {
  /** Head.IsPreemptor: the ClusterQueue's workload waiting for its preemptions (cluster_queue.go IsPreemptor). */
  readonly isPreemptor: boolean;
  /** assignment.Borrows(): the borrowing level (0 = within nominal). */
  readonly borrowing: number;
  /** Effective priority. */
  readonly priority: number;
  /** Ordering.GetQueueOrderTimestamp. */
  readonly queueTs: number;
  /** Arrival order: a deterministic last tie-break (upstream's sort leaves equal entries in input order). */
  readonly seq: number;
}

/**
 * makeClassicalIterator's comparison: (PrioritizePreemptorWorkloads) preemptors first, then the lower borrowing
 * level, the higher priority (PrioritySortingWithinCohort, on), the earlier queue-order timestamp.
 */
export function compareClassicalEntries(
  a: ClassicalEntryKey,
  b: ClassicalEntryKey,
  prioritizePreemptorWorkloads: boolean,
): number {
  if (prioritizePreemptorWorkloads && a.isPreemptor !== b.isPreemptor) return a.isPreemptor ? -1 : 1;
  return a.borrowing - b.borrowing || b.priority - a.priority || a.queueTs - b.queueTs || a.seq - b.seq;
}
