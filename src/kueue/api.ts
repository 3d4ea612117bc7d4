// kueue.x-k8s.io/v1beta2 objects as users write them in YAML (kueue ff69552e, apis/kueue/v1beta2/*_types.go), and
// the condition types, reasons and message texts the spec (§1.7) names. Field names follow the v1beta2 JSON tags;
// v1beta1 spellings are mapped by convertV1beta1 (./convert.ts). Quantities stay as written (string or number) and
// are parsed where they are used (src/api/quantity.ts, milli-units). Times inside objects are simulated seconds.
import type { LabelSelector, PodTemplateSpec, ResourceList, Taint, Toleration } from '../api/core.js';
import type { Condition, KubeObject } from '../api/meta.js';

export { convertV1beta1 } from './convert.js';

export const KUEUE_GROUP = 'kueue.x-k8s.io';
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';
export const KUEUE_API_VERSION_V1BETA1 = 'kueue.x-k8s.io/v1beta1';

/** A resource.Quantity as written: `"10"`, `"1Gi"`, `500m`, or a YAML number. */
export type Quantity = string | number;

// ---------------------------------------------------------------------------------------------------------------
// ResourceFlavor (resourceflavor_types.go)

export interface ResourceFlavorSpec {
  /** ≤8 entries. */
  nodeLabels?: Record<string, string>;
  /** ≤8 entries; only NoSchedule/NoExecute matter for flavor compatibility. */
  nodeTaints?: Taint[];
  /** ≤8 entries; added to admitted pods, and tolerate this flavor's own nodeTaints. */
  tolerations?: Toleration[];
  /** Makes the flavor a TAS flavor. */
  topologyName?: string;
}

export interface ResourceFlavor extends KubeObject {
  kind: 'ResourceFlavor';
  spec?: ResourceFlavorSpec;
}

// ---------------------------------------------------------------------------------------------------------------
// ClusterQueue and Cohort (clusterqueue_types.go, cohort_types.go, fairsharing_types.go)

export interface ResourceQuota {
  name: string;
  nominalQuota: Quantity;
  /** Absent: unlimited. Only allowed when the ClusterQueue has a cohort (the Cohort, a parent). */
  borrowingLimit?: Quantity;
  /** Absent: unlimited. Only allowed when the ClusterQueue has a cohort (the Cohort, a parent). */
  lendingLimit?: Quantity;
}

export interface FlavorQuotas {
  /** A ResourceFlavor name. */
  name: string;
  /** One entry per coveredResources item, in the same order. */
  resources: ResourceQuota[];
}

export interface ResourceGroup {
  /** 1..64 resource names. */
  coveredResources: string[];
  /** 1..64 flavors, in preference order. */
  flavors: FlavorQuotas[];
}

export type QueueingStrategy = 'BestEffortFIFO' | 'StrictFIFO';
export type StopPolicy = 'None' | 'Hold' | 'HoldAndDrain';
export type PreemptionPolicy = 'Never' | 'LowerPriority' | 'LowerOrNewerEqualPriority' | 'Any';
export type WithinClusterQueuePolicy = 'Never' | 'LowerPriority' | 'LowerOrNewerEqualPriority';
export type ReclaimWithinCohortPolicy = 'Never' | 'LowerPriority' | 'Any';
export type BorrowWithinCohortPolicy = 'Never' | 'LowerPriority';
export type FlavorFungibilityPolicy = 'MayStopSearch' | 'TryNextFlavor';
export type FlavorFungibilityPreference = 'BorrowingOverPreemption' | 'PreemptionOverBorrowing';
export type AdmissionMode = 'UsageBasedAdmissionFairSharing' | 'NoAdmissionFairSharing';

export interface BorrowWithinCohort {
  policy?: BorrowWithinCohortPolicy;
  maxPriorityThreshold?: number;
}

export interface ClusterQueuePreemption {
  withinClusterQueue?: WithinClusterQueuePolicy;
  reclaimWithinCohort?: ReclaimWithinCohortPolicy;
  borrowWithinCohort?: BorrowWithinCohort;
}

export interface FlavorFungibility {
  whenCanBorrow?: FlavorFungibilityPolicy;
  whenCanPreempt?: FlavorFungibilityPolicy;
  /** Only allowed when both whenCanBorrow and whenCanPreempt are TryNextFlavor. */
  preference?: FlavorFungibilityPreference;
}

export interface FairSharing {
  /** Default 1; 0 = infinite share while borrowing; when not 0 it must be > 1e-9. */
  weight?: Quantity;
}

export interface AdmissionScope {
  admissionMode: AdmissionMode;
}

export interface AdmissionCheckStrategyRule {
  name: string;
  onFlavors?: string[];
}

export interface AdmissionChecksStrategy {
  admissionChecks: AdmissionCheckStrategyRule[];
}

export interface ClusterQueueSpec {
  /** ≤16 groups, ≤256 flavors in total. */
  resourceGroups?: ResourceGroup[];
  /** v1beta1: `cohort`. */
  cohortName?: string;
  queueingStrategy?: QueueingStrategy;
  /** Absent: no namespace may submit; `{}`: every namespace. */
  namespaceSelector?: LabelSelector;
  flavorFungibility?: FlavorFungibility;
  preemption?: ClusterQueuePreemption;
  admissionChecksStrategy?: AdmissionChecksStrategy;
  stopPolicy?: StopPolicy;
  fairSharing?: FairSharing;
  admissionScope?: AdmissionScope;
}

export interface ResourceUsage {
  name: string;
  total?: Quantity;
  borrowed?: Quantity;
}

export interface FlavorUsage {
  name: string;
  resources: ResourceUsage[];
}

export interface FairSharingStatus {
  weightedShare: number;
}

export interface ClusterQueueStatus {
  conditions?: Condition[];
  flavorsReservation?: FlavorUsage[];
  flavorsUsage?: FlavorUsage[];
  pendingWorkloads?: number;
  reservingWorkloads?: number;
  admittedWorkloads?: number;
  fairSharing?: FairSharingStatus;
}

export interface ClusterQueue extends KubeObject {
  kind: 'ClusterQueue';
  spec?: ClusterQueueSpec;
  status?: ClusterQueueStatus;
}

export interface CohortSpec {
  /** Unset: root. A name without a Cohort object: an implicit cohort (no quota, no limits). */
  parentName?: string;
  /** Additional shared quota on top of the children's; limits only allowed with a parent. */
  resourceGroups?: ResourceGroup[];
  fairSharing?: FairSharing;
}

export interface Cohort extends KubeObject {
  kind: 'Cohort';
  spec?: CohortSpec;
  status?: { fairSharing?: FairSharingStatus };
}

// ---------------------------------------------------------------------------------------------------------------
// LocalQueue, WorkloadPriorityClass, Topology

export interface LocalQueueFlavorUsage {
  name: string;
  resources?: { name: string; total?: Quantity }[];
}

export interface LocalQueueStatus {
  conditions?: Condition[];
  pendingWorkloads?: number;
  reservingWorkloads?: number;
  admittedWorkloads?: number;
  flavorsReservation?: LocalQueueFlavorUsage[];
  /** v1beta1: `flavorUsage`. */
  flavorsUsage?: LocalQueueFlavorUsage[];
  fairSharing?: {
    weightedShare: number;
    admissionFairSharingStatus?: { consumedResources: ResourceList; lastUpdate: number };
  };
}

export interface LocalQueue extends KubeObject {
  kind: 'LocalQueue';
  spec: {
    /** Immutable. */
    clusterQueue: string;
    stopPolicy?: StopPolicy;
    /** Admission Fair Sharing weight (default 1). */
    fairSharing?: FairSharing;
  };
  status?: LocalQueueStatus;
}

/** Not a spec/status object: `value` and `description` sit at the top level. */
export interface WorkloadPriorityClass extends KubeObject {
  kind: 'WorkloadPriorityClass';
  value: number;
  description?: string;
}

export interface TopologyLevel {
  nodeLabel: string;
}

export interface Topology extends KubeObject {
  kind: 'Topology';
  spec: {
    /** 1..16 levels, coarsest first, unique; kubernetes.io/hostname only as the last one. */
    levels: TopologyLevel[];
  };
}

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

// ---------------------------------------------------------------------------------------------------------------
// Workload (workload_types.go)

export interface PodsetSliceRequiredTopologyConstraint {
  topology: string;
  size: number;
}

export interface PodSetTopologyRequest {
  required?: string;
  preferred?: string;
  unconstrained?: boolean;
  podIndexLabel?: string;
  subGroupIndexLabel?: string;
  subGroupCount?: number;
  podSetGroupName?: string;
  podSetSliceRequiredTopology?: string;
  podSetSliceSize?: number;
  /** ≤3 layers, coarse to fine. */
  podsetSliceRequiredTopologyConstraints?: PodsetSliceRequiredTopologyConstraint[];
}

export interface PodSet {
  /** Default `main`. */
  name?: string;
  template: PodTemplateSpec;
  /** Default 1, ≥0. */
  count?: number;
  minCount?: number;
  topologyRequest?: PodSetTopologyRequest;
}

export type PriorityClassGroup = 'kueue.x-k8s.io' | 'scheduling.k8s.io';
export type PriorityClassKind = 'WorkloadPriorityClass' | 'PriorityClass';

export interface PriorityClassRef {
  group: PriorityClassGroup;
  kind: PriorityClassKind;
  name: string;
}

export interface WorkloadSpec {
  /** 1..18 podSets, names unique. */
  podSets: PodSet[];
  queueName?: string;
  priorityClassRef?: PriorityClassRef;
  /** Required when priorityClassRef is set; absent counts as 0. */
  priority?: number;
  /** Default true; false evicts and never admits. */
  active?: boolean;
  maximumExecutionTimeSeconds?: number;
  preemptionGates?: { name: string }[];
}

/** One value per domain of a slice: the same everywhere, or prefix + roots[i] + suffix. */
export interface TopologyAssignmentSliceLevelValues {
  universal?: string;
  individual?: { prefix?: string; suffix?: string; roots: string[] };
}

export interface TopologyAssignmentSlice {
  domainCount: number;
  /** One entry per level of the assignment. */
  valuesPerLevel: TopologyAssignmentSliceLevelValues[];
  /** Exactly one of the two. */
  podCounts: { universal?: number; individual?: number[] };
}

/** The v1beta2 compressed encoding; v1beta1 listed `domains[]{values, count}` (see ./topology-assignment.ts). */
export interface TopologyAssignment {
  levels: string[];
  slices: TopologyAssignmentSlice[];
}

export interface PodSetAssignment {
  name: string;
  /** Resource name → flavor name. */
  flavors?: Record<string, string>;
  resourceUsage?: ResourceList;
  count?: number;
  topologyAssignment?: TopologyAssignment;
  delayedTopologyRequest?: 'Pending' | 'Ready';
}

export interface Admission {
  clusterQueue: string;
  podSetAssignments: PodSetAssignment[];
}

export type CheckState = 'Pending' | 'Ready' | 'Retry' | 'Rejected';

export interface AdmissionCheckState {
  name: string;
  state: CheckState;
  lastTransitionTime?: number;
  message?: string;
  requeueAfterSeconds?: number;
  retryCount?: number;
  podSetUpdates?: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
  }[];
}

export interface WorkloadStatus {
  conditions?: Condition[];
  admission?: Admission;
  requeueState?: { count?: number; requeueAt?: number };
  reclaimablePods?: { name: string; count: number }[];
  admissionChecks?: AdmissionCheckState[];
  resourceRequests?: { name: string; resources?: ResourceList }[];
  /** v1beta1: `accumulatedPastExexcutionTimeSeconds` (sic). */
  accumulatedPastExecutionTimeSeconds?: number;
}

export interface Workload extends KubeObject {
  kind: 'Workload';
  spec: WorkloadSpec;
  status?: WorkloadStatus;
}

export const DEFAULT_POD_SET_NAME = 'main';

// ---------------------------------------------------------------------------------------------------------------
// Labels and annotations the spec names.

export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
export const PRIORITY_CLASS_LABEL = 'kueue.x-k8s.io/priority-class';
export const PRIORITY_BOOST_ANNOTATION = 'kueue.x-k8s.io/priority-boost';
export const JOB_UID_LABEL = 'kueue.x-k8s.io/job-uid';
export const DEFAULT_LOCAL_QUEUE_NAME = 'default';
export const DEFAULT_PRIORITY_CLASS_NAME = 'default';
export const RESOURCE_IN_USE_FINALIZER = 'kueue.x-k8s.io/resource-in-use';
export const TOPOLOGY_SCHEDULING_GATE = 'kueue.x-k8s.io/topology';

export const TAS_ANNOTATIONS = {
  required: 'kueue.x-k8s.io/podset-required-topology',
  preferred: 'kueue.x-k8s.io/podset-preferred-topology',
  unconstrained: 'kueue.x-k8s.io/podset-unconstrained-topology',
  sliceRequired: 'kueue.x-k8s.io/podset-slice-required-topology',
  sliceSize: 'kueue.x-k8s.io/podset-slice-size',
  sliceRequiredConstraints: 'kueue.x-k8s.io/podset-slice-required-topology-constraints',
  podSetGroupName: 'kueue.x-k8s.io/podset-group-name',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Defaults the CRD applies (the +kubebuilder:default markers).

export const CLUSTER_QUEUE_DEFAULTS = {
  queueingStrategy: 'BestEffortFIFO',
  stopPolicy: 'None',
  withinClusterQueue: 'Never',
  reclaimWithinCohort: 'Never',
  borrowWithinCohortPolicy: 'Never',
  whenCanBorrow: 'MayStopSearch',
  whenCanPreempt: 'TryNextFlavor',
  fairSharingWeight: '1',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Conditions (workload_types.go, clusterqueue_types.go, localqueue_types.go).

export const WORKLOAD_CONDITION = {
  QuotaReserved: 'QuotaReserved',
  Admitted: 'Admitted',
  PodsReady: 'PodsReady',
  Finished: 'Finished',
  Evicted: 'Evicted',
  Preempted: 'Preempted',
  Requeued: 'Requeued',
  DeactivationTarget: 'DeactivationTarget',
} as const;

/** QuotaReserved reasons; `Pending` is the legacy fallback without UnadmittedWorkloadsObservability. */
export const QUOTA_RESERVED_REASON = {
  QuotaReserved: 'QuotaReserved',
  NoMatchingFlavor: 'NoMatchingFlavor',
  ExceedsMaxQuota: 'ExceedsMaxQuota',
  WaitingForQuota: 'WaitingForQuota',
  TopologyPlacementFailed: 'TopologyPlacementFailed',
  WaitingForPreemptedWorkloads: 'WaitingForPreemptedWorkloads',
  Misconfigured: 'Misconfigured',
  Suspended: 'Suspended',
  PendingEvaluation: 'PendingEvaluation',
  WaitingForPodsReady: 'WaitingForPodsReady',
  Pending: 'Pending',
} as const;

export const ADMITTED_REASON = {
  Admitted: 'Admitted',
  NoReservation: 'NoReservation',
  UnsatisfiedAdmissionChecks: 'UnsatisfiedAdmissionChecks',
  PendingDelayedTopologyRequests: 'PendingDelayedTopologyRequests',
} as const;

export const FINISHED_REASON = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  OutOfSync: 'OutOfSync',
  OwnerNotFound: 'OwnerNotFound',
} as const;

/** Evicted reasons; Deactivated carries causes such as RequeuingLimitExceeded in its message. */
export const EVICTED_REASON = {
  Preempted: 'Preempted',
  PodsReadyTimeout: 'PodsReadyTimeout',
  AdmissionCheck: 'AdmissionCheck',
  ClusterQueueStopped: 'ClusterQueueStopped',
  LocalQueueStopped: 'LocalQueueStopped',
  Deactivated: 'Deactivated',
  NodeFailures: 'NodeFailures',
  FlavorMigration: 'FlavorMigration',
} as const;

export const DEACTIVATION_CAUSE = {
  RequeuingLimitExceeded: 'RequeuingLimitExceeded',
  MaximumExecutionTimeExceeded: 'MaximumExecutionTimeExceeded',
} as const;

export const PREEMPTED_REASON = {
  InClusterQueue: 'InClusterQueue',
  InCohortReclamation: 'InCohortReclamation',
  InCohortFairSharing: 'InCohortFairSharing',
  InCohortReclaimWhileBorrowing: 'InCohortReclaimWhileBorrowing',
} as const;
export type PreemptedReason = (typeof PREEMPTED_REASON)[keyof typeof PREEMPTED_REASON];

export const REQUEUED_REASON = {
  BackoffFinished: 'BackoffFinished',
  Reactivated: 'Reactivated',
  ClusterQueueRestarted: 'ClusterQueueRestarted',
  LocalQueueRestarted: 'LocalQueueRestarted',
} as const;

export const CLUSTER_QUEUE_ACTIVE_CONDITION = 'Active';
export const CLUSTER_QUEUE_ACTIVE_REASON = {
  Ready: 'Ready',
  Stopped: 'Stopped',
  Terminating: 'Terminating',
  FlavorNotFound: 'FlavorNotFound',
  TopologyNotFound: 'TopologyNotFound',
  AdmissionCheckNotFound: 'AdmissionCheckNotFound',
  AdmissionCheckInactive: 'AdmissionCheckInactive',
  Unknown: 'Unknown',
} as const;

// Message texts (pkg/workload/workload.go SetQuotaReservation, pkg/workload/admissionchecks.go,
// pkg/scheduler/scheduler.go, pkg/scheduler/preemption/preemption.go, pkg/controller/core/workload_controller.go).

/** SetQuotaReservation: "Quota reserved in ClusterQueue %s". */
export function quotaReservedMessage(clusterQueue: string): string {
  return `Quota reserved in ClusterQueue ${clusterQueue}`;
}

export const ADMITTED_MESSAGE = 'The workload is admitted';
export const NO_RESERVATION_MESSAGE = 'The workload has no reservation';
export const UNSATISFIED_CHECKS_MESSAGE = 'The workload has not all checks ready';
export const PENDING_DELAYED_TOPOLOGY_MESSAGE = 'There are pending delayed topology requests';
export const DEACTIVATED_MESSAGE = 'The workload is deactivated';
export const FAILED_ADMISSION_CHECKS_MESSAGE = 'The workload has failed admission checks';
export const OVERLAPPING_TARGETS_MESSAGE = 'Workload has overlapping preemption targets with another workload';
export const NO_LONGER_FITS_MESSAGE = 'Workload no longer fits after processing another workload';

/** scheduler.go: "ClusterQueue %s is inactive" (reason Suspended). */
export function clusterQueueInactiveMessage(clusterQueue: string): string {
  return `ClusterQueue ${clusterQueue} is inactive`;
}

/** workload_controller.go: "LocalQueue %s is inactive" (reason Suspended). */
export function localQueueInactiveMessage(localQueue: string): string {
  return `LocalQueue ${localQueue} is inactive`;
}

/** scheduler.go: the suffix appended to the inadmissible message of a preemptor. */
export function pendingPreemptionSuffix(count: number): string {
  return `. Pending the preemption of ${count} workload(s)`;
}

/** preemption.go HumanReadablePreemptionReasons. */
export const HUMAN_READABLE_PREEMPTION_REASONS: Readonly<Record<PreemptedReason | '', string>> = {
  InClusterQueue: 'prioritization in the ClusterQueue',
  InCohortReclamation: 'reclamation within the cohort',
  InCohortFairSharing: 'Fair Sharing within the cohort',
  InCohortReclaimWhileBorrowing: 'reclamation within the cohort while borrowing',
  '': 'UNKNOWN',
};

/**
 * preemption.go preemptionMessage: every empty part reads UNKNOWN (cmp.Or). Paths are "/root/…/cq" as built by
 * the preemption code.
 */
export function preemptedMessage(p: {
  preemptorUID?: string;
  preemptorJobUID?: string;
  reason: PreemptedReason | '';
  preemptorPath?: string;
  preempteePath?: string;
}): string {
  const or = (s: string | undefined) => (s ? s : 'UNKNOWN');
  return (
    `Preempted to accommodate a workload (UID: ${or(p.preemptorUID)}, JobUID: ${or(p.preemptorJobUID)}) ` +
    `due to ${HUMAN_READABLE_PREEMPTION_REASONS[p.reason]}; preemptor path: ${or(p.preemptorPath)}; ` +
    `preemptee path: ${or(p.preempteePath)}`
  );
}
