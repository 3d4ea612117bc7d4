// jobset.x-k8s.io/v1alpha2 JobSet (api/jobset/v1alpha2/jobset_types.go upstream).
import type { JobTemplateSpec } from './batch.js';
import type { Condition, KubeObject } from './meta.js';

export const JOBSET_API_VERSION = 'jobset.x-k8s.io/v1alpha2';
export const JOBSET_CONTROLLER_NAME = 'jobset.sigs.k8s.io/jobset-controller';

export interface ReplicatedJob {
  name: string;
  groupName?: string;
  template: JobTemplateSpec;
  replicas?: number;
  dependsOn?: { name: string; status: 'Ready' | 'Complete' }[];
}

export type FailurePolicyAction =
  | 'FailJobSet'
  | 'RestartJobSet'
  | 'RestartJobSetAndIgnoreMaxRestarts'
  | 'RestartJob'
  | 'RestartJobAndIgnoreMaxRestarts';

export interface FailurePolicyRule {
  name: string;
  action: FailurePolicyAction;
  onJobFailureReasons?: string[];
  onJobFailureMessagePatterns?: string[];
  targetReplicatedJobs?: string[];
}

export interface JobSetSpec {
  replicatedJobs: ReplicatedJob[];
  network?: { enableDNSHostnames?: boolean; subdomain?: string; publishNotReadyAddresses?: boolean };
  successPolicy?: { operator: 'All' | 'Any'; targetReplicatedJobs?: string[] };
  failurePolicy?: {
    maxRestarts?: number;
    restartStrategy?: 'Recreate' | 'BlockingRecreate' | 'InPlaceRestart';
    rules?: FailurePolicyRule[];
  };
  startupPolicy?: { startupPolicyOrder: 'AnyOrder' | 'InOrder' };
  suspend?: boolean;
  coordinator?: { replicatedJob: string; jobIndex?: number; podIndex?: number };
  managedBy?: string;
  ttlSecondsAfterFinished?: number;
}

export interface ReplicatedJobStatus {
  name: string;
  ready: number;
  succeeded: number;
  failed: number;
  active: number;
  suspended: number;
  /** Per job index; only with the RestartJob gate. */
  jobRestarts?: number[];
  /** Per job index; only with the RestartJob gate. */
  jobRestartsCountTowardsMax?: number[];
}

export interface JobSetStatus {
  conditions?: Condition[];
  restarts: number;
  restartsCountTowardsMax?: number;
  terminalState?: '' | 'Completed' | 'Failed';
  replicatedJobsStatus?: ReplicatedJobStatus[];
}

export interface JobSet extends KubeObject {
  kind: 'JobSet';
  spec: JobSetSpec;
  status: JobSetStatus;
}

/** Label and annotation keys (pkg/constants upstream). */
export const JS = {
  jobSetName: 'jobset.sigs.k8s.io/jobset-name',
  jobSetUid: 'jobset.sigs.k8s.io/jobset-uid',
  replicatedJobName: 'jobset.sigs.k8s.io/replicatedjob-name',
  restartAttempt: 'jobset.sigs.k8s.io/restart-attempt',
  jobRestartAttempt: 'jobset.sigs.k8s.io/job-restart-attempt',
  replicatedJobReplicas: 'jobset.sigs.k8s.io/replicatedjob-replicas',
  globalReplicas: 'jobset.sigs.k8s.io/global-replicas',
  jobIndex: 'jobset.sigs.k8s.io/job-index',
  jobGlobalIndex: 'jobset.sigs.k8s.io/job-global-index',
  jobKey: 'jobset.sigs.k8s.io/job-key',
  groupName: 'jobset.sigs.k8s.io/group-name',
  groupReplicas: 'jobset.sigs.k8s.io/group-replicas',
  jobGroupIndex: 'jobset.sigs.k8s.io/job-group-index',
  coordinator: 'jobset.sigs.k8s.io/coordinator',
  priority: 'jobset.sigs.k8s.io/priority',
  exclusiveKey: 'alpha.jobset.sigs.k8s.io/exclusive-topology',
  nodeSelectorStrategy: 'alpha.jobset.sigs.k8s.io/node-selector',
  namespacedJob: 'alpha.jobset.sigs.k8s.io/namespaced-job',
  noScheduleTaint: 'alpha.jobset.sigs.k8s.io/no-schedule',
} as const;

/** The simulator's own annotations (CONTRACT.md §2). */
export const SIM = {
  submitAt: 'jobset-sim.dev/submit-at',
  duration: 'jobset-sim.dev/duration',
} as const;

export const BATCH = {
  jobName: 'batch.kubernetes.io/job-name',
  controllerUid: 'batch.kubernetes.io/controller-uid',
  legacyJobName: 'job-name',
  legacyControllerUid: 'controller-uid',
  completionIndex: 'batch.kubernetes.io/job-completion-index',
  trackingFinalizer: 'batch.kubernetes.io/job-tracking',
} as const;
