// Why the submitted JobSet waits, from what Kueue and kube-scheduler write: the Workload's QuotaReserved /
// Admitted conditions (reasons and messages as upstream's scheduler writes them, src/kueue/api.ts) and the
// scheduler's FailedScheduling events. Each state maps to one category; the message is kept verbatim.
import { ADMITTED_REASON, QUOTA_RESERVED_REASON } from '../kueue/api.js';
import type { WaitCategory, WaitReason } from './types.js';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** A Kueue wait that no future event can end (the loader's objects never change): the future stops there. */
export interface KueueWait extends WaitReason {
  terminal: boolean;
}

/**
 * The Workload's state as a wait, or undefined once it is admitted (quota reserved and every check Ready).
 * `fairShare`: its ClusterQueue is under Fair Sharing or Admission Fair Sharing, so a quota wait is a fair-share
 * decision (upstream writes the same quota texts in both cases).
 */
export function kueueWait(conditions: readonly Condition[] | undefined, fairShare: boolean): KueueWait | undefined {
  const qr = conditions?.find((c) => c.type === 'QuotaReserved');
  const adm = conditions?.find((c) => c.type === 'Admitted');
  if (qr?.status === 'True') {
    if (adm?.status === 'True') return undefined;
    const reason = adm?.reason ?? ADMITTED_REASON.UnsatisfiedAdmissionChecks;
    return { category: 'admissionCheck', reason, message: adm?.message ?? '', terminal: false };
  }
  if (!qr) {
    // Not evaluated yet: behind other heads of its ClusterQueue (StrictFIFO, or its turn has not come).
    return {
      category: fairShare ? 'fairShare' : 'queue',
      reason: '',
      message: 'not yet evaluated by the Kueue scheduler (other workloads of its ClusterQueue go first)',
      terminal: false,
    };
  }
  const reason = qr.reason ?? '';
  const message = qr.message ?? '';
  const w = (category: WaitCategory, terminal = false): KueueWait => ({ category, reason, message, terminal });
  switch (reason) {
    case QUOTA_RESERVED_REASON.TopologyPlacementFailed:
      return w('topology');
    case QUOTA_RESERVED_REASON.WaitingForPreemptedWorkloads:
      return w('preemption');
    case QUOTA_RESERVED_REASON.ExceedsMaxQuota:
      return w('quota', true);
    case QUOTA_RESERVED_REASON.NoMatchingFlavor:
      return w('neverSchedulable', true);
    case QUOTA_RESERVED_REASON.Suspended:
    case QUOTA_RESERVED_REASON.Misconfigured:
      return w('inactive', true);
    case QUOTA_RESERVED_REASON.PendingEvaluation:
      return w('queue');
  }
  if (/doesn't exist/.test(message)) return w('inactive', true);
  if (/\btopology\b/.test(message)) return w('topology');
  return w(fairShare ? 'fairShare' : 'quota');
}

/** A FailedScheduling message: topology when affinity or spread rules rejected nodes, else capacity. */
export function schedulerWait(message: string): WaitReason {
  const topo = /pod affinity|anti-affinity|topology spread|pod topology/.test(message);
  return { category: topo ? 'topology' : 'capacity', reason: 'FailedScheduling', message };
}

/** The key a wait is accumulated under. */
export function waitKey(w: WaitReason): string {
  return `${w.category}\u0000${w.reason}\u0000${w.message}`;
}

export function fromKey(k: string): WaitReason {
  const [category, reason, message] = k.split('\u0000') as [WaitCategory, string, string];
  return { category, reason, message };
}
