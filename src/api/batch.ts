// batch/v1 Job.
import type { PodTemplateSpec } from './core.js';
import type { KubeObject } from './meta.js';

export interface PodFailurePolicyRule {
  action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: { type: string; status?: 'True' | 'False' | 'Unknown' }[];
}

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  successPolicy?: { rules: { succeededIndexes?: string; succeededCount?: number }[] };
  managedBy?: string;
  selector?: unknown;
  template: PodTemplateSpec;
}

export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: number;
}

export interface JobStatus {
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  startTime?: number;
  completionTime?: number;
  conditions?: JobCondition[];
}

export interface Job extends KubeObject {
  kind: 'Job';
  spec: JobSpec;
  status: JobStatus;
}

export interface JobTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec: JobSpec;
}

export function jobCondition(j: Job, type: string): JobCondition | undefined {
  return j.status.conditions?.find((c) => c.type === type);
}

/** Complete=True or Failed=True: the Job is finished. */
export function jobFinished(j: Job): 'Complete' | 'Failed' | undefined {
  for (const c of j.status.conditions ?? []) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete' || c.type === 'Failed') return c.type;
  }
  return undefined;
}
