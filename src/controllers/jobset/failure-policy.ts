// Failure policy (§2.8, failure_policy.go upstream): rule matching, actions and the restart budget.
import { type Job, jobCondition } from '../../api/batch.js';
import { type FailurePolicyRule, type JobSet, JS } from '../../api/jobset.js';
import { type StatusUpdate, updateCondition, updateExistingCondition } from './conditions.js';
import { jobRestartsOf } from './construct.js';
import type { ChildJobs } from './status.js';
import { failedAt } from './status.js';

export function messageWithFirstFailedJob(msg: string, jobName: string): string {
  return `${msg} (first failed job: ${jobName})`;
}

/** The failed Job whose Failed condition has the earliest lastTransitionTime (first in list order on ties). */
export function findFirstFailedJob(failed: Job[]): Job | undefined {
  let first: Job | undefined;
  for (const j of failed) if (!first || failedAt(j) < failedAt(first)) first = j;
  return first;
}

function anyMatchFound(patterns: string[], message: string): boolean {
  for (const p of patterns) {
    let re: RegExp;
    try {
      re = new RegExp(p);
    } catch {
      continue; // upstream logs an invalid pattern and skips it
    }
    if (re.test(message)) return true;
  }
  return false;
}

export function ruleIsApplicable(rule: FailurePolicyRule, job: Job, reason: string, message: string): boolean {
  const reasons = rule.onJobFailureReasons ?? [];
  if (reasons.length > 0 && !reasons.includes(reason)) return false;
  const patterns = rule.onJobFailureMessagePatterns ?? [];
  if (patterns.length > 0 && !anyMatchFound(patterns, message)) return false;
  const parent = job.metadata.labels?.[JS.replicatedJobName];
  if (parent === undefined) return false;
  const targets = rule.targetReplicatedJobs ?? [];
  return targets.length === 0 || targets.includes(parent);
}

/** Rules in order; the first that applies to any failed Job wins, on the earliest-failed Job it applies to. */
export function findFirstFailedPolicyRuleAndJob(
  rules: FailurePolicyRule[],
  failed: Job[],
): { rule: FailurePolicyRule; job: Job } | undefined {
  for (const rule of rules) {
    let matched: Job | undefined;
    for (const j of failed) {
      const c = jobCondition(j, 'Failed');
      if (c?.status !== 'True') continue;
      const earlier = matched === undefined || failedAt(j) < failedAt(matched);
      if (earlier && ruleIsApplicable(rule, j, c.reason ?? '', c.message ?? '')) matched = j;
    }
    if (matched) return { rule, job: matched };
  }
  return undefined;
}

function failReachedMaxRestarts(js: JobSet, job: Job, now: number, upd: StatusUpdate): void {
  const message = messageWithFirstFailedJob('jobset failed due to reaching max number of restarts', job.metadata.name);
  setJobSetFailedCondition(js, 'ReachedMaxRestarts', message, now, upd);
}

export function setJobSetFailedCondition(js: JobSet, reason: string, message: string, now: number, upd: StatusUpdate) {
  const conds = (js.status.conditions ??= []);
  updateCondition(conds, { type: 'Failed', status: 'True', reason, message, eventType: 'Warning' }, now, upd);
  updateExistingCondition(
    conds,
    { type: 'RestartingJobSet', status: 'False', reason: 'JobSetFailed', message: 'jobset failed' },
    now,
    upd,
  );
  js.status.terminalState = 'Failed';
  upd.dirty = true;
}

function recreateAll(
  js: JobSet,
  job: Job,
  rule: FailurePolicyRule | undefined,
  countTowardsMax: boolean,
  eventReason: string,
  baseMessage: string,
  now: number,
  upd: StatusUpdate,
): void {
  js.status.restarts = (js.status.restarts ?? 0) + 1;
  if (countTowardsMax) js.status.restartsCountTowardsMax = (js.status.restartsCountTowardsMax ?? 0) + 1;
  upd.dirty = true;
  const message = messageWithFirstFailedJob(baseMessage, job.metadata.name);
  const reason = rule ? `FailurePolicy_${rule.name}` : 'DefaultFailurePolicy';
  updateCondition(
    (js.status.conditions ??= []),
    { type: 'RestartingJobSet', status: 'True', reason, message, eventType: 'Warning' },
    now,
    upd,
  );
  upd.events.push({ eventType: 'Warning', reason: eventReason, message });
}

/** Runs the failure policy; returns an error message for a reconcile error (e.g. a gated action with its gate off). */
export function executeFailurePolicy(
  js: JobSet,
  jobs: ChildJobs,
  now: number,
  upd: StatusUpdate,
  gates: { RestartJob?: boolean } = {},
): string | undefined {
  const fp = js.spec.failurePolicy;
  if (!fp) {
    const first = findFirstFailedJob(jobs.failed)!;
    const msg = messageWithFirstFailedJob('jobset failed due to one or more job failures', first.metadata.name);
    setJobSetFailedCondition(js, 'FailedJobs', msg, now, upd);
    return undefined;
  }
  const match = findFirstFailedPolicyRuleAndJob(fp.rules ?? [], jobs.failed);
  const action = match?.rule.action ?? 'RestartJobSet';
  const job = match?.job ?? findFirstFailedJob(jobs.failed)!;
  const rule = match?.rule;
  switch (action) {
    case 'FailJobSet':
      setJobSetFailedCondition(
        js,
        'FailJobSetFailurePolicyAction',
        messageWithFirstFailedJob('applying FailJobSet failure policy action', job.metadata.name),
        now,
        upd,
      );
      return undefined;
    case 'RestartJobSet':
      if (
        (gates.RestartJob && totalRestartsCountTowardsMax(js) >= (fp.maxRestarts ?? 0)) ||
        (js.status.restartsCountTowardsMax ?? 0) >= (fp.maxRestarts ?? 0)
      ) {
        failReachedMaxRestarts(js, job, now, upd);
        return undefined;
      }
      recreateAll(
        js,
        job,
        rule,
        true,
        'RestartJobSetFailurePolicyAction',
        'applying RestartJobSet failure policy action',
        now,
        upd,
      );
      return undefined;
    case 'RestartJobSetAndIgnoreMaxRestarts':
      recreateAll(
        js,
        job,
        rule,
        false,
        'RestartJobSetAndIgnoreMaxRestartsFailurePolicyAction',
        'applying RestartJobSetAndIgnoreMaxRestarts failure policy action',
        now,
        upd,
      );
      return undefined;
    case 'RestartJob':
    case 'RestartJobAndIgnoreMaxRestarts': {
      if (!gates.RestartJob)
        return `${action} failure policy action cannot be used when the feature gate RestartJob is disabled`;
      const counts = action === 'RestartJob';
      if (counts && totalRestartsCountTowardsMax(js) >= (fp.maxRestarts ?? 0)) {
        failReachedMaxRestarts(js, job, now, upd);
        return undefined;
      }
      return recreateJob(js, job, counts, upd);
    }
    default:
      return `failed to find a corresponding action for the FailurePolicyRuleAction ${action}`;
  }
}

/** restartsCountTowardsMax plus every per-Job count (the RestartJob gate's combined budget). */
export function totalRestartsCountTowardsMax(js: JobSet): number {
  let total = js.status.restartsCountTowardsMax ?? 0;
  for (const s of js.status.replicatedJobsStatus ?? []) for (const n of s.jobRestartsCountTowardsMax ?? []) total += n;
  return total;
}

/**
 * RestartJob(AndIgnoreMaxRestarts): bump the failed Job's own restart attempt (failurePolicyRecreateJob upstream);
 * the next reconcile sees it as previous, deletes it and recreates that Job alone. No Restarting condition.
 */
function recreateJob(js: JobSet, job: Job, countTowardsMax: boolean, upd: StatusUpdate): string | undefined {
  const rjob = job.metadata.labels?.[JS.replicatedJobName];
  if (rjob === undefined) return `failed job ${job.metadata.name} missing ${JS.replicatedJobName} label`;
  const idxRaw = job.metadata.labels?.[JS.jobIndex];
  if (idxRaw === undefined) return `failed job ${job.metadata.name} missing ${JS.jobIndex} label`;
  const idx = Number(idxRaw);
  const restarts = jobRestartsOf(js, rjob);
  if (!Number.isInteger(idx) || idx >= restarts.length) {
    return `failed job ${job.metadata.name} has index ${idxRaw} out of bounds for replicated job ${rjob} (replicas: ${restarts.length})`;
  }
  const st = js.status.replicatedJobsStatus?.find((s) => s.name === rjob);
  if (!st) return undefined; // upstream's setters silently do nothing without a status entry
  restarts[idx]! += 1;
  st.jobRestarts = restarts;
  if (countTowardsMax) {
    const c = jobRestartsOf(js, rjob, 'jobRestartsCountTowardsMax');
    c[idx]! += 1;
    st.jobRestartsCountTowardsMax = c;
  }
  upd.dirty = true;
  const message = messageWithFirstFailedJob(
    countTowardsMax
      ? 'applying RestartJob failure policy action'
      : 'applying RestartJobAndIgnoreMaxRestarts failure policy action',
    job.metadata.name,
  );
  upd.events.push({
    eventType: 'Warning',
    reason: countTowardsMax ? 'RestartJobFailurePolicyAction' : 'RestartJobAndIgnoreMaxRestartsFailurePolicyAction',
    message,
  });
  return undefined;
}
