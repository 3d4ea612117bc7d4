// The Preempted condition's message of a preemption target (kueue ff69552e pkg/scheduler/preemption/preemption.go
// preemptionMessage, buildCQPath).

import { preemptedMessage } from './api.js';
import type { PreemptionTarget, PreemptorWorkload } from './preemption-types.js';
import type { QuotaTree } from './quota.js';

/** buildCQPath: "/root/…/parent/cq". */
export function clusterQueuePath(tree: QuotaTree, clusterQueue: string): string {
  if (!tree.hasClusterQueue(clusterQueue)) return `/${clusterQueue}`;
  const parts = [clusterQueue, ...tree.ancestors(clusterQueue).map((a) => a.name)];
  return `/${parts.reverse().join('/')}`;
}

/**
 * preemptionMessage: "Preempted to accommodate a workload (UID: u, JobUID: j) due to <reason>; preemptor path:
 * /…; preemptee path: /…", every missing part reading UNKNOWN. The same text goes into the Evicted and Preempted
 * conditions of the target.
 */
export function preemptionMessage(p: Parameters<typeof preemptedMessage>[0]): string {
  return preemptedMessage(p);
}

/** The message for one target, with both paths built from the tree (IssuePreemptions). */
export function targetMessage(
  tree: QuotaTree,
  preemptor: Pick<PreemptorWorkload, 'uid' | 'clusterQueue'> & { jobUID?: string },
  target: PreemptionTarget,
): string {
  return preemptionMessage({
    preemptorUID: preemptor.uid,
    preemptorJobUID: preemptor.jobUID,
    reason: target.reason,
    preemptorPath: clusterQueuePath(tree, preemptor.clusterQueue),
    preempteePath: clusterQueuePath(tree, target.workload.clusterQueue),
  });
}
