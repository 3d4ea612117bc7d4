// The parts of Kueue's Configuration (config.kueue.x-k8s.io) the simulator plays, with upstream's defaults.
import type { AdmissionFairSharingConfig } from './admission-fair-sharing.js';

export interface KueueConfig {
  /** `manageJobsWithoutQueueName` (default false): a job without the queue-name label is still managed. */
  manageJobsWithoutQueueName: boolean;
  /** `fairSharing` present and enabled: admission order and preemption by dominant resource share. */
  fairSharing?: { preemptionStrategies?: ('LessThanOrEqualToFinalShare' | 'LessThanInitialShare')[] };
  /** `admissionFairSharing` present: LocalQueue usage orders the ClusterQueues in UsageBasedAdmissionFairSharing mode. */
  admissionFairSharing?: AdmissionFairSharingConfig;
  /**
   * `waitForPodsReady`: on by default in v1beta2 (timeout 30m, blockAdmission false, requeuing backoff 60 s base,
   * 3600 s max, no limit); `enable: false` turns it off.
   */
  waitForPodsReady?: {
    timeoutUs: number;
    blockAdmission: boolean;
    backoffBaseSeconds: number;
    backoffMaxSeconds: number;
    backoffLimitCount?: number;
  };
}

export const DEFAULT_WAIT_FOR_PODS_READY = {
  timeoutUs: 30 * 60 * 1e6,
  blockAdmission: false,
  backoffBaseSeconds: 60,
  backoffMaxSeconds: 3600,
} as const;

export function defaultKueueConfig(): KueueConfig {
  return { manageJobsWithoutQueueName: false, waitForPodsReady: { ...DEFAULT_WAIT_FOR_PODS_READY } };
}
