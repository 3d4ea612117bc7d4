// Pure policy matchers, translated from kubernetes/kubernetes pkg/controller/job:
// TestMatchPodFailurePolicy (pod_failure_policy_test.go) and TestMatchSuccessPolicy (success_policy_test.go).
// Upstream cases that only exercise a disabled feature gate are kept with the gate on (the simulator models
// JobBackoffLimitPerIndex and JobSuccessPolicy as GA).
import { describe, expect, it } from 'vitest';
import type { PodFailurePolicyRule } from '../../../src/api/batch.js';
import type { ContainerStatus, Pod, PodCondition } from '../../../src/api/core.js';
import type { Interval } from '../../../src/controllers/job/indexed.js';
import {
  matchPodFailurePolicy,
  type PodFailurePolicyAction,
  type PodFailurePolicyMatch,
} from '../../../src/controllers/job/pod-failure-policy.js';
import { matchSucceededIndexesRule, matchSuccessPolicy } from '../../../src/controllers/job/success-policy.js';

function failedPod(
  o: { containers?: ContainerStatus[]; init?: ContainerStatus[]; conditions?: PodCondition[] } = {},
): Pod {
  const status: Pod['status'] & { initContainerStatuses?: ContainerStatus[] } = { phase: 'Failed' };
  if (o.containers) status.containerStatuses = o.containers;
  if (o.init) status.initContainerStatuses = o.init;
  if (o.conditions) status.conditions = o.conditions;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mypod', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: 0 },
    spec: { containers: [] },
    status,
  };
}

const term = (name: string, exitCode: number): ContainerStatus => ({
  name,
  restartCount: 0,
  state: { terminated: { exitCode } },
});
const disruption = (status: 'True' | 'False' | 'Unknown'): PodCondition => ({ type: 'DisruptionTarget', status });
const onCodes = (action: string, operator: string, values: number[], containerName?: string): PodFailurePolicyRule =>
  ({
    action,
    onExitCodes: { operator, values, ...(containerName ? { containerName } : {}) },
  }) as PodFailurePolicyRule;
const onConds = (action: string, type: string, status: 'True' | 'False' | 'Unknown' = 'True'): PodFailurePolicyRule =>
  ({ action, onPodConditions: [{ type, status }] }) as PodFailurePolicyRule;

describe('TestMatchPodFailurePolicy (pod_failure_policy_test.go)', () => {
  const want = (countFailed: boolean, action?: PodFailurePolicyAction, message?: string): PodFailurePolicyMatch => ({
    countFailed,
    ...(action ? { action } : {}),
    ...(message ? { message } : {}),
  });
  const cases: Record<string, { rules?: PodFailurePolicyRule[]; pod: Pod; want: PodFailurePolicyMatch }> = {
    'unknown action for rule matching by exit codes - skip rule with unknown action': {
      rules: [onCodes('UnknownAction', 'In', [1, 2]), onCodes('FailJob', 'In', [2, 3])],
      pod: failedPod({ containers: [term('main-container', 2)] }),
      want: want(
        true,
        'FailJob',
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
      ),
    },
    'unknown action for rule matching by pod conditions - skip rule with unknown action': {
      rules: [onConds('UnkonwnAction', 'DisruptionTarget'), onConds('Ignore', 'DisruptionTarget')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(false, 'Ignore'),
    },
    'unknown operator - rule with unknown action is skipped for onExitCodes': {
      rules: [onCodes('Ignore', 'UnknownOperator', [1, 2]), onCodes('FailJob', 'In', [2, 3])],
      pod: failedPod({ containers: [term('main-container', 2)] }),
      want: want(
        true,
        'FailJob',
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
      ),
    },
    'no policy rules': {
      rules: undefined,
      pod: failedPod({ containers: [term('', 2)] }),
      want: want(true),
    },
    'ignore rule matched for exit codes': {
      rules: [onCodes('Ignore', 'In', [1, 2, 3])],
      pod: failedPod({ containers: [term('', 2)] }),
      want: want(false, 'Ignore'),
    },
    'FailJob rule matched for exit codes': {
      rules: [onCodes('FailJob', 'In', [1, 2, 3])],
      pod: failedPod({ containers: [term('main-container', 2)] }),
      want: want(
        true,
        'FailJob',
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0',
      ),
    },
    'successful containers are skipped by the rules': {
      rules: [onCodes('FailJob', 'NotIn', [111])],
      pod: failedPod({
        init: [term('init-container', 0)],
        containers: [term('main-container', 111), term('suppport-container', 0)],
      }),
      want: want(true),
    },
    'FailIndex rule matched for exit codes; JobBackoffLimitPerIndex enabled': {
      rules: [onCodes('FailIndex', 'In', [1, 2, 3])],
      pod: failedPod({ containers: [term('', 2)] }),
      want: want(true, 'FailIndex'),
    },
    'pod failure policy with NotIn operator and value 0': {
      rules: [onCodes('FailJob', 'NotIn', [0])],
      pod: failedPod({ containers: [term('main-container', 1), term('suppport-container', 0)] }),
      want: want(
        true,
        'FailJob',
        'Container main-container for pod default/mypod failed with exit code 1 matching FailJob rule at index 0',
      ),
    },
    'second jobfail rule matched for exit codes': {
      rules: [onCodes('Count', 'In', [1, 2, 3]), onCodes('FailJob', 'In', [4, 5, 6])],
      pod: failedPod({ containers: [term('main-container', 6)] }),
      want: want(
        true,
        'FailJob',
        'Container main-container for pod default/mypod failed with exit code 6 matching FailJob rule at index 1',
      ),
    },
    'count rule matched for exit codes': {
      rules: [onCodes('Count', 'In', [1, 2, 3])],
      pod: failedPod({ containers: [{ name: 'foo', restartCount: 0 }, term('bar', 2)] }),
      want: want(true, 'Count'),
    },
    'FailIndex rule matched for pod conditions; JobBackoffLimitPerIndex enabled': {
      rules: [onConds('FailIndex', 'DisruptionTarget')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(true, 'FailIndex'),
    },
    'ignore rule matched for pod conditions': {
      rules: [onConds('Ignore', 'DisruptionTarget')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(false, 'Ignore'),
    },
    'ignore rule matches by the status=False': {
      rules: [onConds('Ignore', 'DisruptionTarget', 'False')],
      pod: failedPod({ conditions: [disruption('False')] }),
      want: want(false, 'Ignore'),
    },
    'ignore rule matches by the status=Unknown': {
      rules: [onConds('Ignore', 'DisruptionTarget', 'Unknown')],
      pod: failedPod({ conditions: [disruption('Unknown')] }),
      want: want(false, 'Ignore'),
    },
    'ignore rule does not match when status for pattern is False, but actual True': {
      rules: [onConds('Ignore', 'DisruptionTarget', 'False')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(true),
    },
    'ignore rule does not match when status for pattern is True, but actual False': {
      rules: [onConds('Ignore', 'DisruptionTarget', 'True')],
      pod: failedPod({ conditions: [disruption('False')] }),
      want: want(true),
    },
    'default - do not match condition with status=False': {
      rules: [onConds('Ignore', 'DisruptionTarget', 'True')],
      pod: failedPod({ conditions: [disruption('False')] }),
      want: want(true),
    },
    'job fail rule matched for pod conditions': {
      rules: [onConds('FailJob', 'DisruptionTarget')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(true, 'FailJob', 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0'),
    },
    'count rule matched for pod conditions': {
      rules: [onConds('Count', 'DisruptionTarget')],
      pod: failedPod({ conditions: [disruption('True')] }),
      want: want(true, 'Count'),
    },
    'no rule matched': {
      rules: [
        onCodes('Count', 'NotIn', [8]),
        onCodes('Ignore', 'In', [1, 2, 3]),
        onCodes('FailJob', 'NotIn', [5, 6, 7]),
        onConds('Count', 'ResourceLimitExceeded'),
        onConds('Ignore', 'DisruptionTarget'),
      ],
      pod: failedPod({ containers: [term('', 32)] }),
      want: want(true, 'Count'),
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      expect(matchPodFailurePolicy(tc.rules ? { rules: tc.rules } : undefined, tc.pod)).toEqual(tc.want);
    });
  }

  // Beyond the upstream table: the details of onExitCodes the spec names.
  it('a containerName restriction: only that container is considered', () => {
    const pod = failedPod({ containers: [term('sidecar', 5), term('main', 42)] });
    expect(matchPodFailurePolicy({ rules: [onCodes('FailJob', 'In', [5], 'main')] }, pod)).toEqual(want(true));
    expect(matchPodFailurePolicy({ rules: [onCodes('FailJob', 'In', [42], 'main')] }, pod).action).toBe('FailJob');
  });

  it('app containers are tried before init containers', () => {
    const pod = failedPod({ init: [term('init', 3)], containers: [term('main', 4)] });
    const m = matchPodFailurePolicy({ rules: [onCodes('FailJob', 'In', [3, 4])] }, pod);
    expect(m.message).toContain('Container main for pod default/mypod failed with exit code 4');
  });

  it('a running (not terminated) container has no exit code to match', () => {
    const pod = failedPod({ containers: [{ name: 'main', restartCount: 0, state: { running: { startedAt: 0 } } }] });
    expect(matchPodFailurePolicy({ rules: [onCodes('FailJob', 'NotIn', [0])] }, pod)).toEqual(want(true));
  });

  it('an onPodConditions pattern without status means True (API default)', () => {
    const rule = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] } as PodFailurePolicyRule;
    expect(matchPodFailurePolicy({ rules: [rule] }, failedPod({ conditions: [disruption('True')] }))).toEqual(
      want(false, 'Ignore'),
    );
    expect(matchPodFailurePolicy({ rules: [rule] }, failedPod({ conditions: [disruption('False')] }))).toEqual(
      want(true),
    );
  });
});

describe('TestMatchSuccessPolicy (success_policy_test.go)', () => {
  const iv = (...pairs: [number, number][]): Interval[] => pairs.map(([first, last]) => ({ first, last }));
  interface Case {
    rules?: { succeededIndexes?: string; succeededCount?: number }[];
    completions: number;
    succeeded: Interval[];
    message?: string;
  }
  const M0 = 'Matched rules at index 0';
  const cases: Record<string, Case> = {
    'successPolicy is null': { completions: 10, succeeded: iv([0, 0]) },
    'any rules are nothing': { rules: [], completions: 10, succeeded: iv([0, 0]) },
    'rules.succeededIndexes is invalid format': {
      rules: [{ succeededIndexes: 'invalid-form' }],
      completions: 10,
      succeeded: iv([0, 0]),
    },
    'rules.succeededIndexes is specified; succeededIndexes matched rules': {
      rules: [{ succeededIndexes: '0-2' }],
      completions: 10,
      succeeded: iv([0, 2], [4, 7]),
      message: M0,
    },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules": {
      rules: [{ succeededIndexes: '3' }],
      completions: 10,
      succeeded: iv([0, 2]),
    },
    'rules.succeededCount is specified; succeededIndexes matched rules': {
      rules: [{ succeededCount: 2 }],
      completions: 10,
      succeeded: iv([0, 2]),
      message: M0,
    },
    "rules.succeededCount is specified; succeededIndexes didn't match rules": {
      rules: [{ succeededCount: 4 }],
      completions: 10,
      succeeded: iv([0, 2]),
    },
    'multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules': {
      rules: [{ succeededIndexes: '9' }, { succeededIndexes: '4,6' }],
      completions: 10,
      succeeded: iv([0, 2], [4, 7]),
      message: 'Matched rules at index 1',
    },
    'multiple rules; rules.succeededIndexes is specified; succeededIndexes met all rules': {
      rules: [{ succeededIndexes: '0,1' }, { succeededIndexes: '5' }],
      completions: 10,
      succeeded: iv([0, 2], [4, 7]),
      message: M0,
    },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes met all rules': {
      rules: [{ succeededIndexes: '3-6', succeededCount: 2 }],
      completions: 10,
      succeeded: iv([0, 2], [4, 7]),
      message: M0,
    },
    "rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes didn't match rules": {
      rules: [{ succeededIndexes: '3-6', succeededCount: 2 }],
      completions: 10,
      succeeded: iv([0, 2], [6, 7]),
    },
    'rules.succeededIndexes is specified; succeededIndexes are nothing': {
      rules: [{ succeededCount: 4 }],
      completions: 10,
      succeeded: [],
    },
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules is proper subset of succeededIndexes': {
      rules: [{ succeededIndexes: '2-4,6-8' }],
      completions: 10,
      succeeded: iv([1, 5], [6, 9]),
      message: M0,
    },
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules equals succeededIndexes': {
      rules: [{ succeededIndexes: '2-4,6-9' }],
      completions: 10,
      succeeded: iv([2, 4], [6, 9]),
      message: M0,
    },
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules is subset of succeededIndexes': {
      rules: [{ succeededIndexes: '2-4,8-12' }],
      completions: 10,
      succeeded: iv([2, 5], [7, 15]),
      message: M0,
    },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules is an empty set": {
      rules: [{ succeededIndexes: '' }],
      completions: 10,
      succeeded: iv([1, 3]),
    },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; succeededIndexes is an empty set": {
      rules: [{ succeededIndexes: '' }],
      completions: 10,
      succeeded: [],
    },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; all elements of rules.succeededIndexes aren't included in succeededIndexes":
      {
        rules: [{ succeededIndexes: '10-12,14-16' }],
        completions: 10,
        succeeded: iv([1, 3], [5, 7]),
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at first":
      {
        rules: [{ succeededIndexes: '1-3,5-7' }],
        completions: 10,
        succeeded: iv([2, 4], [6, 8]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at first':
      {
        rules: [{ succeededIndexes: '1-3,5-7', succeededCount: 4 }],
        completions: 10,
        succeeded: iv([2, 4], [6, 8]),
        message: M0,
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at last":
      {
        rules: [{ succeededIndexes: '2-4,6-9' }],
        completions: 10,
        succeeded: iv([1, 3], [5, 7]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at last':
      {
        rules: [{ succeededIndexes: '2-4,6-9', succeededCount: 4 }],
        completions: 10,
        succeeded: iv([1, 3], [5, 7]),
        message: M0,
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules completely overlaps succeededIndexes":
      {
        rules: [{ succeededIndexes: '0-4,6-9' }],
        completions: 10,
        succeeded: iv([1, 3], [7, 8]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules completely overlaps succeededIndexes':
      {
        rules: [{ succeededIndexes: '0-4,6-9', succeededCount: 5 }],
        completions: 10,
        succeeded: iv([1, 3], [7, 8]),
        message: M0,
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps multiple succeededIndexes at last":
      {
        rules: [{ succeededIndexes: '0-6,8-9' }],
        completions: 10,
        succeeded: iv([1, 3], [5, 9]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps multiple succeededIndexes at last':
      {
        rules: [{ succeededIndexes: '0-6,8-9', succeededCount: 7 }],
        completions: 10,
        succeeded: iv([1, 3], [5, 9]),
        message: M0,
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last":
      {
        rules: [{ succeededIndexes: '0-5,7-9' }],
        completions: 10,
        succeeded: iv([1, 5], [7, 10]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last':
      {
        rules: [{ succeededIndexes: '0-5,7-9', succeededCount: 8 }],
        completions: 10,
        succeeded: iv([1, 5], [7, 10]),
        message: M0,
      },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; the first rules overlaps succeededIndexes at first":
      {
        rules: [{ succeededIndexes: '0-3,6-9' }],
        completions: 10,
        succeeded: iv([1, 10]),
      },
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; the first rules overlaps succeededIndexes at first':
      {
        rules: [{ succeededIndexes: '0-3,6-9', succeededCount: 7 }],
        completions: 10,
        succeeded: iv([1, 10]),
        message: M0,
      },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const got = matchSuccessPolicy(tc.rules ? { rules: tc.rules } : undefined, tc.completions, tc.succeeded);
      expect(got).toEqual({ met: tc.message !== undefined, message: tc.message ?? '' });
    });
  }

  it('succeededIndexes beyond completions are cut: "8-12" with completions 10 needs 8 and 9 only', () => {
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '8-12' }] }, 10, iv([8, 9])).met).toBe(true);
  });

  it('matchSucceededIndexesRule counts the overlap', () => {
    expect(matchSucceededIndexesRule(iv([0, 4]), iv([1, 2], [4, 6]), 3)).toBe(true);
    expect(matchSucceededIndexesRule(iv([0, 4]), iv([1, 2], [4, 6]), 4)).toBe(false);
    expect(matchSucceededIndexesRule(iv([0, 4]), iv([0, 6]), undefined)).toBe(true);
  });
});
