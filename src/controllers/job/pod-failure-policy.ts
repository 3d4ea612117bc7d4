// Matching a failed pod against a Job's podFailurePolicy (pkg/controller/job/pod_failure_policy.go).
// Rules are tried in order and the first match applies; a rule with an unknown action or operator never
// matches. The caller makes sure the pod is failed: this function looks only at the statuses.
import type { PodFailurePolicyRule } from '../../api/batch.js';
import type { ContainerStatus, Pod, PodCondition } from '../../api/core.js';
import type { PodStatusExt } from './pods.js';

export type PodFailurePolicyAction = PodFailurePolicyRule['action'];

export interface PodFailurePolicyMatch {
  /** The Job failure message when a FailJob rule matched. */
  message?: string;
  /** Whether the failure counts towards backoffLimit (and backoffLimitPerIndex): false for Ignore. */
  countFailed: boolean;
  /** The action of the matching rule; undefined when no rule matched (the default, Count-like handling). */
  action?: PodFailurePolicyAction;
}

export function matchPodFailurePolicy(
  policy: { rules: PodFailurePolicyRule[] } | undefined,
  pod: Pod,
): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name;
  for (const [index, rule] of policy.rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod.status, rule.onExitCodes);
      if (!cs) continue;
      const code = cs.state?.terminated?.exitCode;
      failJobMessage = `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${code} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(pod.status, rule.onPodConditions);
      if (!cond) continue;
      failJobMessage = `Pod ${ns}/${name} has condition ${cond.type} matching FailJob rule at index ${index}`;
    } else {
      continue;
    }
    const outcome = actionOutcome(rule.action, failJobMessage);
    if (outcome) return outcome;
  }
  return { countFailed: true };
}

/** What a matching rule's action means; undefined for an unknown action (the rule then never matches). */
function actionOutcome(action: string, failJobMessage: string): PodFailurePolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action: 'Ignore' };
    case 'FailIndex':
      return { countFailed: true, action: 'FailIndex' };
    case 'Count':
      return { countFailed: true, action: 'Count' };
    case 'FailJob':
      return { message: failJobMessage, countFailed: true, action: 'FailJob' };
    default:
      return undefined;
  }
}

type ExitCodesRequirement = NonNullable<PodFailurePolicyRule['onExitCodes']>;

/** The first terminated container (app containers before init containers) whose non-zero exit code matches. */
export function matchOnExitCodes(status: PodStatusExt, req: ExitCodesRequirement): ContainerStatus | undefined {
  return matchingContainer(status.containerStatuses, req) ?? matchingContainer(status.initContainerStatuses, req);
}

function matchingContainer(
  list: ContainerStatus[] | undefined,
  req: ExitCodesRequirement,
): ContainerStatus | undefined {
  for (const cs of list ?? []) {
    const t = cs.state?.terminated;
    if (!t) continue; // still running or terminating: no exit code to match
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && exitCodeMatches(t.exitCode, req)) return cs;
  }
  return undefined;
}

function exitCodeMatches(code: number, req: ExitCodesRequirement): boolean {
  switch (req.operator) {
    case 'In':
      return req.values.includes(code);
    case 'NotIn':
      return !req.values.includes(code);
    default:
      return false;
  }
}

/** The first pod condition (in the pod's order) equal in type and status to one of the patterns. */
export function matchOnPodConditions(
  status: PodStatusExt,
  patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>,
): PodCondition | undefined {
  for (const c of status.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === (p.status ?? 'True')) return c;
  }
  return undefined;
}
