// Startup ordering (§2.6): InOrder "all started" and dependsOn (startup_policy.go, depends_on.go upstream).
import type { JobSet, ReplicatedJob, ReplicatedJobStatus } from '../../api/jobset.js';

export function inOrder(js: JobSet): boolean {
  return js.spec.startupPolicy?.startupPolicyOrder === 'InOrder';
}

/** "Started" = every replica ready, succeeded or failed (not merely created). */
export function allReplicasStarted(replicas: number, s: ReplicatedJobStatus | undefined): boolean {
  if (!s) return false;
  return replicas === s.ready + s.succeeded + s.failed;
}

/** Every dependsOn entry reached: Complete = all succeeded; Ready = all ready, succeeded or failed. */
export function dependencyReachedStatus(
  rjob: ReplicatedJob,
  replicasSoFar: Map<string, number>,
  statuses: ReplicatedJobStatus[],
): boolean {
  for (const dep of rjob.dependsOn ?? []) {
    const replicas = replicasSoFar.get(dep.name);
    const s = statuses.find((x) => x.name === dep.name);
    if (replicas === undefined || !s) return false;
    if (dep.status === 'Complete' && replicas !== s.succeeded) return false;
    if (dep.status === 'Ready' && replicas !== s.ready + s.succeeded + s.failed) return false;
  }
  return true;
}

export const IN_PROGRESS = {
  type: 'StartupPolicyInProgress',
  status: 'True',
  reason: 'InOrderStartupPolicyInProgress',
  message: 'in order startup policy is in progress',
} as const;

export const COMPLETED = {
  type: 'StartupPolicyCompleted',
  status: 'True',
  reason: 'InOrderStartupPolicyCompleted',
  message: 'in order startup policy has completed',
} as const;
