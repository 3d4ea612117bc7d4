// The plain-data inputs and outputs of the preemption target search (preemption.ts): what it reads of the
// preemptor and of the admitted workloads, its options and the targets it answers.

import type { AdmittedIndex } from './admitted-index.js';
import type { ClusterQueuePreemption, PreemptedReason } from './api.js';
import type { FairWeights } from './fair-sharing.js';
import type { FlavorResource, FlavorResourceAmounts, QuotaTree } from './quota.js';

/** What preemption reads of a workload (workload.Info). */
export interface PreemptionWorkload {
  /** workload.Key (namespace/name); also the last tie-break of CandidatesOrdering. */
  readonly key: string;
  /** metadata.uid; CandidatesOrdering's documented tie-break (before `key`). */
  readonly uid?: string;
  /** Effective priority (priority + boost). */
  readonly priority: number;
  /** Ordering.GetQueueOrderTimestamp, for LowerOrNewerEqualPriority. */
  readonly queueOrderTimestamp: number;
  /**
   * Quota usage per FlavorResource. For an admitted workload, the admission's resourceUsage by assigned flavor; a
   * FlavorResource listed with 0 still counts as "using" it (WorkloadUsesResources reads the flavor map).
   */
  readonly usage: FlavorResourceAmounts;
}

export interface AdmittedWorkload extends PreemptionWorkload {
  /** status.admission.clusterQueue. */
  readonly clusterQueue: string;
  /** LastTransitionTime of QuotaReserved=True; absent = not reserved yet (counts as `now`). */
  readonly quotaReservedAt?: number;
  /** Evicted=True (already being preempted or evicted). */
  readonly evicted?: boolean;
  /** spec.queueName and the LocalQueue's Admission Fair Sharing usage (only read with `admissionFairSharing`). */
  readonly localQueue?: string;
  readonly localQueueUsage?: number;
}

export interface PreemptorWorkload extends PreemptionWorkload {
  /** The ClusterQueue the workload is being scheduled in. */
  readonly clusterQueue: string;
}

export type FairSharingStrategy = 'LessThanOrEqualToFinalShare' | 'LessThanInitialShare';

export interface FairSharingPreemptionConfig {
  /** config fairSharing.preemptionStrategies; empty/absent = both, in this order. */
  strategies?: readonly FairSharingStrategy[];
  weights?: FairWeights;
  /** FairSharingPreemptWithinNominal (default on). */
  preemptWithinNominal?: boolean;
}

export interface PreemptionInput {
  /** The snapshot: quotas and usage including every admitted workload. Restored before returning. */
  tree: QuotaTree;
  preemptor: PreemptorWorkload;
  /** The preemptor ClusterQueue's spec.preemption (defaults: Never/Never/Never). */
  preemption?: ClusterQueuePreemption;
  /** FlavorResources whose assignment mode is Preempt (flavorResourcesNeedPreemption). */
  frsNeedPreemption: Iterable<FlavorResource>;
  /** Every workload holding a quota reservation in the tree's ClusterQueues (may be left out with `index`). */
  admitted?: readonly AdmittedWorkload[];
  /**
   * The same workloads indexed by ClusterQueue (admitted-index.ts), kept by the caller across calls; when given,
   * `admitted` is not read, except with `admissionFairSharing` (whose LocalQueue usages the caller sets per call).
   */
  index?: AdmittedIndex;
  /** The clock, for candidates without a QuotaReserved time. */
  now: number;
  /** Present = Fair Sharing enabled (fairPreemptions); absent = classicalPreemptions. */
  fairSharing?: FairSharingPreemptionConfig;
  /** AdmissionFairSharing ordering of same-ClusterQueue candidates by LocalQueue usage. */
  admissionFairSharing?: boolean;
  /**
   * An extra fit check run after the quota check (upstream: the TAS placement of the preemptor, on a TAS snapshot
   * from which the candidates removed so far are taken out). Called with the tree in its simulated state and the
   * admitted workloads currently simulated as removed.
   */
  fits?: (tree: QuotaTree, preemptor: PreemptorWorkload, removed: ReadonlySet<AdmittedWorkload>) => boolean;
}

export interface PreemptionTarget<W extends AdmittedWorkload = AdmittedWorkload> {
  readonly workload: W;
  readonly reason: PreemptedReason;
}
