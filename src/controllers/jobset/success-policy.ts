// Success policy (§2.7, success_policy.go upstream).
import type { Job } from '../../api/batch.js';
import { type JobSet, JS } from '../../api/jobset.js';
import { type StatusUpdate, updateCondition, updateExistingCondition } from './conditions.js';

export function numJobsExpectedToSucceed(js: JobSet): number {
  const sp = js.spec.successPolicy ?? { operator: 'All' };
  if (sp.operator === 'Any') return 1;
  const targets = sp.targetReplicatedJobs ?? [];
  let n = 0;
  for (const r of js.spec.replicatedJobs) {
    if (targets.length === 0 || targets.includes(r.name)) n += r.replicas ?? 1;
  }
  return n;
}

export function numJobsMatchingSuccessPolicy(js: JobSet, successful: Job[]): number {
  const targets = js.spec.successPolicy?.targetReplicatedJobs ?? [];
  if (targets.length === 0) return successful.length;
  let n = 0;
  for (const j of successful) if (targets.includes(j.metadata.labels?.[JS.replicatedJobName] ?? '')) n++;
  return n;
}

/** Marks the JobSet Completed when enough targeted Jobs succeeded; returns whether it did. */
export function executeSuccessPolicy(js: JobSet, successful: Job[], now: number, upd: StatusUpdate): boolean {
  return applySuccessPolicy(js, numJobsMatchingSuccessPolicy(js, successful), now, upd);
}

/** executeSuccessPolicy given the number of successful Jobs the policy targets. */
export function applySuccessPolicy(js: JobSet, matching: number, now: number, upd: StatusUpdate): boolean {
  if (matching < numJobsExpectedToSucceed(js)) return false;
  const conds = (js.status.conditions ??= []);
  updateCondition(
    conds,
    { type: 'Completed', status: 'True', reason: 'AllJobsCompleted', message: 'jobset completed successfully' },
    now,
    upd,
  );
  updateExistingCondition(
    conds,
    { type: 'RestartingJobSet', status: 'False', reason: 'JobSetCompleted', message: 'jobset completed successfully' },
    now,
    upd,
  );
  js.status.terminalState = 'Completed';
  upd.dirty = true;
  return true;
}
