// Spec §4 (Defaults, Validation, Mutability) against upstream kubernetes/kubernetes:
// - TestValidateJob and TestValidateJobUpdate (pkg/apis/batch/validation/validation_test.go),
// - TestSetDefaultJob (pkg/apis/batch/v1/defaults_test.go).
// Rows carry the upstream case names. Upstream checks only the first error's field and text (create) or the field and
// type (update); these tables assert the complete list of { path, message } the apiserver would return for the spec
// (metadata and selector checks are not modelled, so upstream rows about them are left out).
import { describe, expect, it } from 'vitest';
import type { Job, JobSpec, PodFailurePolicyRule } from '../../../src/api/batch.js';
import type { PodSpec, PodTemplateSpec } from '../../../src/api/core.js';
import { defaultJob, defaultJobSpec, MAX_INT32 } from '../../../src/api/job-defaults.js';
import { type FieldIssue, validateJob, validateJobSpec, validateJobUpdate } from '../../../src/api/job-validation.js';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const QUALIFIED_NAME_ERR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** getValidPodTemplateSpecForGenerated: containers abc, init container def, restartPolicy OnFailure. */
function template(restartPolicy: PodSpec['restartPolicy'] = 'OnFailure'): PodTemplateSpec {
  return {
    metadata: { labels: { 'batch.kubernetes.io/job-name': 'myjob', 'job-name': 'myjob' } },
    spec: { restartPolicy, containers: [{ name: 'abc' }], initContainers: [{ name: 'def' }] },
  };
}

/** validPodTemplateSpecForGeneratedRestartPolicyNever. */
function templateNever(): PodTemplateSpec {
  return template('Never');
}

function issues(...pairs: [string, string][]): FieldIssue[] {
  return pairs.map(([path, message]) => ({ path, message }));
}

function failJobOnExitCodes(values: number[], operator: 'In' | 'NotIn' = 'In', containerName?: string) {
  const rule: PodFailurePolicyRule = { action: 'FailJob', onExitCodes: { operator, values } };
  if (containerName !== undefined && rule.onExitCodes) rule.onExitCodes.containerName = containerName;
  return rule;
}

const DISRUPTION: { type: string; status: 'True' } = { type: 'DisruptionTarget', status: 'True' };

// ---------------------------------------------------------------------------------------------------------------
// TestValidateJob

describe('TestValidateJob: success cases', () => {
  const cases: Record<string, JobSpec> = {
    'valid success policy': {
      completionMode: 'Indexed',
      completions: 10,
      template: templateNever(),
      successPolicy: { rules: [{ succeededCount: 1, succeededIndexes: '0,2,4' }, { succeededIndexes: '1,3,5-9' }] },
    },
    'valid pod failure policy': {
      template: templateNever(),
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [DISRUPTION] },
          { action: 'FailJob', onPodConditions: [{ type: 'CustomConditionType', status: 'False' }] },
          { action: 'Count', onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] } },
          { action: 'Ignore', onExitCodes: { containerName: 'def', operator: 'In', values: [4] } },
          { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5, 6, 7] } },
        ],
      },
    },
    'valid pod failure policy with FailIndex': {
      completionMode: 'Indexed',
      completions: 2,
      backoffLimitPerIndex: 1,
      template: templateNever(),
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [10] } }] },
    },
    'valid generated selector': { template: template() },
    'valid pod replacement': { template: template(), podReplacementPolicy: 'TerminatingOrFailed' },
    'valid pod replacement with failed': { template: template(), podReplacementPolicy: 'Failed' },
    'valid NonIndexed completion mode': { template: template(), completionMode: 'NonIndexed' },
    'valid Indexed completion mode': {
      template: template(),
      completionMode: 'Indexed',
      completions: 2,
      parallelism: 100000,
    },
    'valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex is used': {
      completions: 100_000,
      parallelism: 100_000,
      maxFailedIndexes: 100_000,
      backoffLimitPerIndex: 1,
      completionMode: 'Indexed',
      template: template(),
    },
    'valid parallelism and maxFailedIndexes for unlimited completions when backoffLimitPerIndex is used': {
      completions: 1_000_000_000,
      parallelism: 10_000,
      maxFailedIndexes: 10_000,
      backoffLimitPerIndex: 1,
      completionMode: 'Indexed',
      template: template(),
    },
    'valid managedBy field': { template: template(), managedBy: 'example.com/foo' },
  };
  for (const [name, spec] of Object.entries(cases)) {
    it(name, () => {
      expect(validateJobSpec(spec)).toEqual([]);
    });
  }
});

describe('TestValidateJob: error cases', () => {
  const longIndexes = '1'.repeat(64 * 1024 + 1);
  const cases: Record<string, { spec: JobSpec; want: FieldIssue[] }> = {
    'spec.managedBy: Too long: may not be longer than 63': {
      spec: { template: template(), managedBy: `example.com/${'x'.repeat(60)}` },
      want: issues(['spec.managedBy', 'Too long: may not be longer than 63']),
    },
    'spec.managedBy: Invalid value: "invalid custom controller name": must be a domain-prefixed path (such as "acme.io/foo")':
      {
        spec: { template: template(), managedBy: 'invalid custom controller name' },
        want: issues([
          'spec.managedBy',
          'Invalid value: "invalid custom controller name": must be a domain-prefixed path (such as "acme.io/foo")',
        ]),
      },
    'spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{}}: requires indexed completion mode':
      {
        spec: { template: templateNever(), successPolicy: { rules: [] } },
        want: issues([
          'spec.successPolicy',
          'Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{}}: requires indexed completion mode',
        ]),
      },
    'spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified':
      {
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          template: templateNever(),
          successPolicy: {} as JobSpec['successPolicy'],
        },
        want: issues([
          'spec.successPolicy.rules',
          'Required value: at least one rules must be specified when the successPolicy is specified',
        ]),
      },
    'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified':
      {
        spec: { completionMode: 'Indexed', completions: 5, template: templateNever(), successPolicy: { rules: [{}] } },
        want: issues([
          'spec.successPolicy.rules[0]',
          'Required value: at least one of succeededCount or succeededIndexes must be specified',
        ]),
      },
    'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error parsing succeededIndexes: cannot convert string to integer for index: "invalid"':
      {
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          template: templateNever(),
          successPolicy: { rules: [{ succeededIndexes: 'invalid-format' }] },
        },
        want: issues([
          'spec.successPolicy.rules[0].succeededIndexes',
          'Invalid value: "invalid-format": error parsing succeededIndexes: cannot convert string to integer for index: "invalid"',
        ]),
      },
    'spec.successPolicy.rules[0].succeededIndexes: Too long: must have at most 65536 bytes': {
      spec: {
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: [{ succeededIndexes: longIndexes }] },
      },
      // The 65537-digit index also overflows strconv.Atoi.
      want: issues(
        ['spec.successPolicy.rules[0].succeededIndexes', 'Too long: must have at most 65536 bytes'],
        [
          'spec.successPolicy.rules[0].succeededIndexes',
          `Invalid value: "${longIndexes}": error parsing succeededIndexes: cannot convert string to integer for index: "${longIndexes}"`,
        ],
      ),
    },
    'spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0': {
      spec: {
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: [{ succeededCount: -1 }] },
      },
      want: issues([
        'spec.successPolicy.rules[0].succeededCount',
        'Invalid value: -1: must be greater than or equal to 0',
      ]),
    },
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)':
      {
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          template: templateNever(),
          successPolicy: { rules: [{ succeededCount: 6 }] },
        },
        want: issues([
          'spec.successPolicy.rules[0].succeededCount',
          'Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
        ]),
      },
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)':
      {
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          template: templateNever(),
          successPolicy: { rules: [{ succeededCount: 4, succeededIndexes: '0-2' }] },
        },
        want: issues([
          'spec.successPolicy.rules[0].succeededCount',
          'Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)',
        ]),
      },
    'spec.successPolicy.rules: Too many: 21: must have at most 20 items': {
      spec: {
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: Array.from({ length: 21 }, () => ({ succeededCount: 5 })) },
      },
      want: issues(['spec.successPolicy.rules', 'Too many: 21: must have at most 20 items']),
    },
    'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required': {
      spec: { template: templateNever(), podFailurePolicy: { rules: [{ action: 'FailJob' }] } },
      want: issues([
        'spec.podFailurePolicy.rules[0]',
        'Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      ]),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11': {
      spec: { template: templateNever(), podFailurePolicy: { rules: [failJobOnExitCodes([11, 11])] } },
      want: issues(['spec.podFailurePolicy.rules[0].onExitCodes.values[1]', 'Duplicate value: 11']),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items': {
      spec: {
        template: templateNever(),
        podFailurePolicy: { rules: [failJobOnExitCodes(Array.from({ length: 256 }, (_, i) => i))] },
      },
      // The values start at 0, which the In operator also rejects.
      want: issues(
        ['spec.podFailurePolicy.rules[0].onExitCodes.values', 'Too many: 256: must have at most 255 items'],
        ['spec.podFailurePolicy.rules[0].onExitCodes.values[0]', 'Invalid value: 0: must not be 0 for the In operator'],
      ),
    },
    'spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items': {
      spec: {
        template: templateNever(),
        podFailurePolicy: { rules: Array.from({ length: 21 }, (_, i) => failJobOnExitCodes([i + 1])) },
      },
      want: issues(['spec.podFailurePolicy.rules', 'Too many: 21: must have at most 20 items']),
    },
    'spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items': {
      spec: {
        template: templateNever(),
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onPodConditions: Array.from({ length: 21 }, (_, i) => ({ type: `CustomType_${i}`, status: 'True' })),
            },
          ],
        },
      },
      want: issues(['spec.podFailurePolicy.rules[0].onPodConditions', 'Too many: 21: must have at most 20 items']),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13': {
      spec: { template: templateNever(), podFailurePolicy: { rules: [failJobOnExitCodes([12, 13, 13, 13])] } },
      want: issues(
        ['spec.podFailurePolicy.rules[0].onExitCodes.values[2]', 'Duplicate value: 13'],
        ['spec.podFailurePolicy.rules[0].onExitCodes.values[3]', 'Duplicate value: 13'],
      ),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must be ordered': {
      spec: { template: templateNever(), podFailurePolicy: { rules: [failJobOnExitCodes([19, 11])] } },
      want: issues([
        'spec.podFailurePolicy.rules[0].onExitCodes.values',
        'Invalid value: []int32{19, 11}: must be ordered',
      ]),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required': {
      spec: { template: templateNever(), podFailurePolicy: { rules: [failJobOnExitCodes([])] } },
      want: issues([
        'spec.podFailurePolicy.rules[0].onExitCodes.values',
        'Invalid value: []int32{}: at least one value is required',
      ]),
    },
    'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]': {
      spec: {
        template: templateNever(),
        podFailurePolicy: {
          rules: [{ action: '' as PodFailurePolicyRule['action'], onExitCodes: { operator: 'In', values: [1, 2, 3] } }],
        },
      },
      want: issues([
        'spec.podFailurePolicy.rules[0].action',
        'Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
      ]),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]': {
      spec: {
        template: templateNever(),
        podFailurePolicy: { rules: [failJobOnExitCodes([1, 2, 3], '' as 'In')] },
      },
      want: issues([
        'spec.podFailurePolicy.rules[0].onExitCodes.operator',
        'Required value: valid values: ["In" "NotIn"]',
      ]),
    },
    'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported': {
      spec: {
        template: templateNever(),
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] },
              onPodConditions: [DISRUPTION],
            },
          ],
        },
      },
      want: issues([
        'spec.podFailurePolicy.rules[0]',
        'Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      ]),
    },
    'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator': {
      spec: {
        template: templateNever(),
        podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 0, 2] } }] },
      },
      want: issues(
        ['spec.podFailurePolicy.rules[0].onExitCodes.values[1]', 'Invalid value: 0: must not be 0 for the In operator'],
        ['spec.podFailurePolicy.rules[0].onExitCodes.values', 'Invalid value: []int32{1, 0, 2}: must be ordered'],
      ),
    },
    'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template':
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: {
            rules: [
              { action: 'Ignore', onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] } },
              failJobOnExitCodes([5, 6, 7], 'In', 'xyz'),
            ],
          },
        },
        want: issues([
          'spec.podFailurePolicy.rules[1].onExitCodes.containerName',
          'Invalid value: "xyz": must be one of the container or initContainer names in the pod template',
        ]),
      },
    'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"':
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: {
            rules: [
              {
                action: 'UnknownAction' as PodFailurePolicyRule['action'],
                onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] },
              },
            ],
          },
        },
        want: issues([
          'spec.podFailurePolicy.rules[0].action',
          'Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
        ]),
      },
    'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator": supported values: "In", "NotIn"':
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: {
            rules: [{ action: 'Ignore', onExitCodes: { operator: 'UnknownOperator' as 'In', values: [1, 2, 3] } }],
          },
        },
        want: issues([
          'spec.podFailurePolicy.rules[0].onExitCodes.operator',
          'Unsupported value: "UnknownOperator": supported values: "In", "NotIn"',
        ]),
      },
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value: valid values: ["False" "True" "Unknown"]':
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        },
        want: issues([
          'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
          'Required value: valid values: ["False" "True" "Unknown"]',
        ]),
      },
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus": supported values: "False", "True", "Unknown"':
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: {
            rules: [
              { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'UnknownStatus' as 'True' }] },
            ],
          },
        },
        want: issues([
          'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
          'Unsupported value: "UnknownStatus": supported values: "False", "True", "Unknown"',
        ]),
      },
    'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": name part must be non-empty': {
      spec: {
        template: templateNever(),
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: '', status: 'True' }] }] },
      },
      // IsQualifiedName also reports the empty name against the name regex.
      want: issues(
        ['spec.podFailurePolicy.rules[0].onPodConditions[0].type', 'Invalid value: "": name part must be non-empty'],
        ['spec.podFailurePolicy.rules[0].onPodConditions[0].type', `Invalid value: "": ${QUALIFIED_NAME_ERR}`],
      ),
    },
    [`spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid Condition Type": ${QUALIFIED_NAME_ERR}`]:
      {
        spec: {
          template: templateNever(),
          podFailurePolicy: {
            rules: [{ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type', status: 'True' }] }],
          },
        },
        want: issues([
          'spec.podFailurePolicy.rules[0].onPodConditions[0].type',
          `Invalid value: "Invalid Condition Type": ${QUALIFIED_NAME_ERR}`,
        ]),
      },
    'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"': {
      spec: {
        template: templateNever(),
        podReplacementPolicy: 'TerminatingOrFailed',
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [DISRUPTION] }] },
      },
      want: issues([
        'spec.podReplacementPolicy',
        'Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
      ]),
    },
    'spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed", "TerminatingOrFailed"': {
      spec: { template: templateNever(), podReplacementPolicy: '' as 'Failed' },
      want: issues([
        'spec.podReplacementPolicy',
        'Unsupported value: "": supported values: "Failed", "TerminatingOrFailed"',
      ]),
    },
    'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified':
      {
        spec: {
          template: { metadata: {}, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'abc' }] } },
          podFailurePolicy: { rules: [] },
        },
        want: issues([
          'spec.template.spec.restartPolicy',
          'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
        ]),
      },
    'spec.parallelism:must be greater than or equal to 0': {
      spec: { parallelism: -1, template: template() },
      want: issues(['spec.parallelism', 'Invalid value: -1: must be greater than or equal to 0']),
    },
    'spec.backoffLimit:must be greater than or equal to 0': {
      spec: { backoffLimit: -1, template: template() },
      want: issues(['spec.backoffLimit', 'Invalid value: -1: must be greater than or equal to 0']),
    },
    'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode': {
      spec: { backoffLimitPerIndex: 1, template: template() },
      want: issues(['spec.backoffLimitPerIndex', 'Invalid value: 1: requires indexed completion mode']),
    },
    'spec.backoffLimitPerIndex:must be greater than or equal to 0': {
      spec: { backoffLimitPerIndex: -1, completionMode: 'Indexed', template: template() },
      want: issues(
        ['spec.backoffLimitPerIndex', 'Invalid value: -1: must be greater than or equal to 0'],
        ['spec.completions', 'Required value: when completion mode is Indexed'],
      ),
    },
    'spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions': {
      spec: {
        completions: 10,
        maxFailedIndexes: 11,
        backoffLimitPerIndex: 1,
        completionMode: 'Indexed',
        template: template(),
      },
      want: issues(['spec.maxFailedIndexes', 'Invalid value: 11: must be less than or equal to completions']),
    },
    'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000': {
      spec: { completions: 100_001, backoffLimitPerIndex: 1, completionMode: 'Indexed', template: template() },
      want: issues(['spec.maxFailedIndexes', 'Required value: must be specified when completions is above 100000']),
    },
    'spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index':
      {
        spec: {
          completions: 100_001,
          parallelism: 50_000,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 1,
          completionMode: 'Indexed',
          template: template(),
        },
        want: issues([
          'spec.parallelism',
          'Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
        ]),
      },
    'spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000': {
      spec: {
        completions: 100_001,
        backoffLimitPerIndex: 1,
        maxFailedIndexes: 100_001,
        completionMode: 'Indexed',
        template: template(),
      },
      want: issues(
        ['spec.maxFailedIndexes', 'Invalid value: 100001: must be less than or equal to 100000'],
        [
          'spec.maxFailedIndexes',
          'Invalid value: 100001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
        ],
      ),
    },
    'spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index':
      {
        spec: {
          completions: 100_001,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 50_000,
          completionMode: 'Indexed',
          template: template(),
        },
        want: issues([
          'spec.maxFailedIndexes',
          'Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
        ]),
      },
    'spec.maxFailedIndexes:must be greater than or equal to 0': {
      spec: { backoffLimitPerIndex: 1, maxFailedIndexes: -1, completionMode: 'Indexed', template: template() },
      want: issues(
        ['spec.maxFailedIndexes', 'Invalid value: -1: must be greater than or equal to 0'],
        ['spec.completions', 'Required value: when completion mode is Indexed'],
      ),
    },
    'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified': {
      spec: { maxFailedIndexes: 1, completionMode: 'Indexed', template: template() },
      want: issues(
        ['spec.backoffLimitPerIndex', 'Required value: when maxFailedIndexes is specified'],
        ['spec.completions', 'Required value: when completion mode is Indexed'],
      ),
    },
    'spec.completions:must be greater than or equal to 0': {
      spec: { completions: -1, template: template() },
      want: issues(['spec.completions', 'Invalid value: -1: must be greater than or equal to 0']),
    },
    'spec.activeDeadlineSeconds:must be greater than or equal to 0': {
      spec: { activeDeadlineSeconds: -1, template: template() },
      want: issues(['spec.activeDeadlineSeconds', 'Invalid value: -1: must be greater than or equal to 0']),
    },
    'spec.template.spec.restartPolicy: Required value': {
      spec: { template: template('Always') },
      want: issues(['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"']),
    },
    'spec.template.spec.restartPolicy: Unsupported value': {
      spec: { template: template('Invalid' as 'Never') },
      // The core pod template validation first, then the Job's own check.
      want: issues(
        [
          'spec.template.spec.restartPolicy',
          'Unsupported value: "Invalid": supported values: "Always", "OnFailure", "Never"',
        ],
        ['spec.template.spec.restartPolicy', 'Unsupported value: "Invalid": supported values: "OnFailure", "Never"'],
      ),
    },
    'spec.ttlSecondsAfterFinished: must be greater than or equal to 0': {
      spec: { ttlSecondsAfterFinished: -1, template: template() },
      want: issues(['spec.ttlSecondsAfterFinished', 'Invalid value: -1: must be greater than or equal to 0']),
    },
    'spec.completions: Required value: when completion mode is Indexed': {
      spec: { completionMode: 'Indexed', template: template() },
      want: issues(['spec.completions', 'Required value: when completion mode is Indexed']),
    },
    'spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed': {
      spec: { completionMode: 'Indexed', completions: 2, parallelism: 100001, template: template() },
      want: issues([
        'spec.parallelism',
        'Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed',
      ]),
    },
  };
  for (const [name, { spec, want }] of Object.entries(cases)) {
    it(name, () => {
      const got = validateJobSpec(spec);
      expect(got).toEqual(want);
      // The upstream row name is the first error: `<path>: <text>` (or `<path>:<text>`).
      const first = got[0];
      expect(first).toBeDefined();
      const [path, text] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1).trim()];
      expect(first?.path).toBe(path);
      expect(`${first?.message}`).toContain(text);
    });
  }
});

describe('TestValidateJob: rules the upstream table does not name', () => {
  const cases: Record<string, { spec: JobSpec; want: FieldIssue[] }> = {
    'FailIndex without backoffLimitPerIndex': {
      spec: {
        completionMode: 'Indexed',
        completions: 2,
        template: templateNever(),
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [10] } }] },
      },
      want: issues([
        'spec.podFailurePolicy.rules[0].action',
        'Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      ]),
    },
    'maxFailedIndexes on a NonIndexed Job': {
      spec: { backoffLimitPerIndex: 1, maxFailedIndexes: 1, template: template() },
      want: issues(
        ['spec.backoffLimitPerIndex', 'Invalid value: 1: requires indexed completion mode'],
        ['spec.maxFailedIndexes', 'Invalid value: 1: requires indexed completion mode'],
      ),
    },
    'unknown completionMode': {
      spec: { completionMode: 'Sequential' as 'Indexed', template: template() },
      want: issues([
        'spec.completionMode',
        'Unsupported value: "Sequential": supported values: "NonIndexed", "Indexed"',
      ]),
    },
    'restartPolicy unset (before defaulting) is reported like Always': {
      spec: { template: { spec: { containers: [{ name: 'abc' }] } } },
      want: issues(['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"']),
    },
    'activeDeadlineSeconds 0 is accepted (validation is non-negative, not positive)': {
      spec: { activeDeadlineSeconds: 0, ttlSecondsAfterFinished: 0, template: template() },
      want: [],
    },
    'succeededIndexes beyond completions': {
      spec: {
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: [{ succeededIndexes: '0,3-5' }] },
      },
      want: issues([
        'spec.successPolicy.rules[0].succeededIndexes',
        'Invalid value: "0,3-5": error parsing succeededIndexes: too large index: "5"',
      ]),
    },
    'succeededIndexes out of order': {
      spec: {
        completionMode: 'Indexed',
        completions: 9,
        template: templateNever(),
        successPolicy: { rules: [{ succeededIndexes: '2-4,3' }, { succeededIndexes: '5-5' }] },
      },
      want: issues(
        [
          'spec.successPolicy.rules[0].succeededIndexes',
          'Invalid value: "2-4,3": error parsing succeededIndexes: non-increasing order, previous: 4, current: 3',
        ],
        [
          'spec.successPolicy.rules[1].succeededIndexes',
          'Invalid value: "5-5": error parsing succeededIndexes: non-increasing order, previous: 5, current: 5',
        ],
      ),
    },
    'podFailurePolicy with restartPolicy Never and podReplacementPolicy Failed is valid': {
      spec: {
        template: templateNever(),
        podReplacementPolicy: 'Failed',
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [DISRUPTION] }] },
      },
      want: [],
    },
  };
  for (const [name, { spec, want }] of Object.entries(cases)) {
    it(name, () => {
      expect(validateJobSpec(spec)).toEqual(want);
    });
  }

  it('a JobSet template is validated under its own path', () => {
    const spec: JobSpec = { completionMode: 'Indexed', parallelism: -1, template: template('Always') };
    expect(validateJobSpec(spec, { path: 'spec.replicatedJobs[0].template.spec' })).toEqual(
      issues(
        ['spec.replicatedJobs[0].template.spec.parallelism', 'Invalid value: -1: must be greater than or equal to 0'],
        ['spec.replicatedJobs[0].template.spec.completions', 'Required value: when completion mode is Indexed'],
        [
          'spec.replicatedJobs[0].template.spec.template.spec.restartPolicy',
          'Required value: valid values: "OnFailure", "Never"',
        ],
      ),
    );
  });

  it('validateJob adds the Indexed hostname check on metadata.name after the spec errors', () => {
    const name = `j${'x'.repeat(60)}`;
    const job = {
      metadata: { name, namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: 0 },
      spec: { completionMode: 'Indexed', completions: 100, backoffLimit: -1, template: template() },
    } satisfies Pick<Job, 'metadata' | 'spec'>;
    expect(validateJob(job)).toEqual(
      issues(
        ['spec.backoffLimit', 'Invalid value: -1: must be greater than or equal to 0'],
        ['metadata.name', `Invalid value: "${name}": will not able to create pod with invalid DNS label: ${name}-99`],
      ),
    );
    expect(validateJob({ ...job, metadata: { ...job.metadata, name: 'myjob' } })).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestValidateJobUpdate

type JobLike = Pick<Job, 'spec' | 'status'>;

function job(spec: Partial<JobSpec>, status: Job['status'] = {}): JobLike {
  return { spec: { template: template(), ...spec }, status };
}

const NODE_AFFINITY = (values: string[]) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values }] }],
    },
  },
});

/** Stands for `Invalid value: <the new template>: field is immutable` in the expectations. */
const TEMPLATE_IMMUTABLE = '<template is immutable>';

const SUCCESS_RULE_1_3 = 'batch.SuccessPolicyRule{SucceededIndexes:(*string)("1-3"), SucceededCount:(*int32)(nil)}';
const PFP_IGNORE_DISRUPTION =
  'batch.PodFailurePolicyRule{Action:"Ignore", OnExitCodes:(*batch.PodFailurePolicyOnExitCodesRequirement)(nil), ' +
  'OnPodConditions:[]batch.PodFailurePolicyOnPodConditionsPattern{batch.PodFailurePolicyOnPodConditionsPattern{Type:"DisruptionTarget", Status:"True"}}}';

describe('TestValidateJobUpdate', () => {
  const suspended = (spec: Partial<JobSpec> = {}) => job({ suspend: true, ...spec });
  const cases: Record<
    string,
    { old: JobLike; update: (j: JobLike) => void; gates?: Record<string, boolean>; want: FieldIssue[] }
  > = {
    'mutable fields': {
      old: job({ parallelism: 5, activeDeadlineSeconds: 2, ttlSecondsAfterFinished: 1 }),
      update: (j) => {
        j.spec.parallelism = 2;
        j.spec.activeDeadlineSeconds = 3;
        j.spec.ttlSecondsAfterFinished = 2;
        j.spec.backoffLimit = 9;
        j.spec.suspend = true;
      },
      want: [],
    },
    'invalid attempt to set managedBy field': {
      old: job({}),
      update: (j) => {
        j.spec.managedBy = 'example.com/custom-controller';
      },
      want: issues(['spec.managedBy', 'Invalid value: "example.com/custom-controller": field is immutable']),
    },
    'invalid update of the managedBy field': {
      old: job({ managedBy: 'example.com/custom-controller1' }),
      update: (j) => {
        j.spec.managedBy = 'example.com/custom-controller2';
      },
      want: issues(['spec.managedBy', 'Invalid value: "example.com/custom-controller2": field is immutable']),
    },
    'immutable completions for non-indexed jobs': {
      old: job({}),
      update: (j) => {
        j.spec.completions = 1;
      },
      want: issues(['spec.completions', 'Invalid value: 1: field is immutable']),
    },
    'immutable completions for indexed job when AllowElasticIndexedJobs is false': {
      old: job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }),
      update: (j) => {
        j.spec.completions = 1;
        j.spec.parallelism = 1;
      },
      gates: { ElasticIndexedJob: false },
      want: issues(['spec.completions', 'Invalid value: 1: field is immutable']),
    },
    'add success policy': {
      old: job({ completionMode: 'Indexed', completions: 5, template: templateNever() }),
      update: (j) => {
        j.spec.successPolicy = { rules: [{ succeededCount: 2 }] };
      },
      want: issues([
        'spec.successPolicy',
        'Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(2)}}}: field is immutable',
      ]),
    },
    'update success policy': {
      old: job({
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: [{ succeededIndexes: '1-3' }] },
      }),
      update: (j) => {
        j.spec.successPolicy?.rules.push({ succeededCount: 3 });
      },
      want: issues([
        'spec.successPolicy',
        `Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{${SUCCESS_RULE_1_3}, batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(3)}}}: field is immutable`,
      ]),
    },
    'remove success policy': {
      old: job({
        completionMode: 'Indexed',
        completions: 5,
        template: templateNever(),
        successPolicy: { rules: [{ succeededIndexes: '1-3' }] },
      }),
      update: (j) => {
        delete j.spec.successPolicy;
      },
      want: issues(['spec.successPolicy', 'Invalid value: "null": field is immutable']),
    },
    'add pod failure policy': {
      old: job({ template: templateNever() }),
      update: (j) => {
        j.spec.podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [DISRUPTION] }] };
      },
      want: issues([
        'spec.podFailurePolicy',
        `Invalid value: batch.PodFailurePolicy{Rules:[]batch.PodFailurePolicyRule{${PFP_IGNORE_DISRUPTION}}}: field is immutable`,
      ]),
    },
    'update pod failure policy': {
      old: job({
        template: templateNever(),
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [DISRUPTION] }] },
      }),
      update: (j) => {
        j.spec.podFailurePolicy?.rules.push({ action: 'Count', onExitCodes: { operator: 'In', values: [1] } });
      },
      want: issues([
        'spec.podFailurePolicy',
        `Invalid value: batch.PodFailurePolicy{Rules:[]batch.PodFailurePolicyRule{${PFP_IGNORE_DISRUPTION}, ` +
          'batch.PodFailurePolicyRule{Action:"Count", OnExitCodes:(*batch.PodFailurePolicyOnExitCodesRequirement)(' +
          'batch.PodFailurePolicyOnExitCodesRequirement{ContainerName:(*string)(nil), Operator:"In", Values:[]int32{1}}), ' +
          'OnPodConditions:[]batch.PodFailurePolicyOnPodConditionsPattern(nil)}}}: field is immutable',
      ]),
    },
    'remove pod failure policy': {
      old: job({
        template: templateNever(),
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [DISRUPTION] }] },
      }),
      update: (j) => {
        delete j.spec.podFailurePolicy;
      },
      want: issues(['spec.podFailurePolicy', 'Invalid value: "null": field is immutable']),
    },
    'set backoff limit per index': {
      old: job({ template: templateNever(), completions: 3, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.backoffLimitPerIndex = 1;
      },
      want: issues(['spec.backoffLimitPerIndex', 'Invalid value: 1: field is immutable']),
    },
    'unset backoff limit per index': {
      old: job({ template: templateNever(), completions: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1 }),
      update: (j) => {
        delete j.spec.backoffLimitPerIndex;
      },
      want: issues(['spec.backoffLimitPerIndex', 'Invalid value: "null": field is immutable']),
    },
    'update backoff limit per index': {
      old: job({ template: templateNever(), completions: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1 }),
      update: (j) => {
        j.spec.backoffLimitPerIndex = 2;
      },
      want: issues(['spec.backoffLimitPerIndex', 'Invalid value: 2: field is immutable']),
    },
    'set max failed indexes': {
      old: job({ template: templateNever(), completions: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1 }),
      update: (j) => {
        j.spec.maxFailedIndexes = 1;
      },
      want: [],
    },
    'unset max failed indexes': {
      old: job({
        template: templateNever(),
        completions: 3,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
        maxFailedIndexes: 1,
      }),
      update: (j) => {
        delete j.spec.maxFailedIndexes;
      },
      want: [],
    },
    'update max failed indexes': {
      old: job({
        template: templateNever(),
        completions: 3,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
        maxFailedIndexes: 1,
      }),
      update: (j) => {
        j.spec.maxFailedIndexes = 2;
      },
      want: [],
    },
    'immutable pod template': {
      old: job({ completions: 3, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.template.spec.dnsPolicy = 'ClusterFirstWithHostNet';
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'immutable completion mode': {
      old: job({ completionMode: 'Indexed', completions: 2 }),
      update: (j) => {
        j.spec.completionMode = 'NonIndexed';
      },
      want: issues(['spec.completionMode', 'Invalid value: "NonIndexed": field is immutable']),
    },
    'immutable completions for non-indexed job when AllowElasticIndexedJobs is true': {
      old: job({ completionMode: 'NonIndexed', completions: 2 }),
      update: (j) => {
        j.spec.completions = 4;
      },
      want: issues(['spec.completions', 'Invalid value: 4: field is immutable']),
    },
    'immutable node affinity': {
      old: job({}),
      update: (j) => {
        j.spec.template.spec.affinity = NODE_AFFINITY(['bar', 'value2']);
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'add node affinity': {
      old: suspended(),
      update: (j) => {
        j.spec.template.spec.affinity = NODE_AFFINITY(['bar', 'value2']);
      },
      want: [],
    },
    'update node affinity': {
      old: suspended({ template: { ...template(), spec: { ...template().spec, affinity: NODE_AFFINITY(['bar']) } } }),
      update: (j) => {
        j.spec.template.spec.affinity = NODE_AFFINITY(['bar', 'value2']);
      },
      want: [],
    },
    'remove node affinity': {
      old: suspended({ template: { ...template(), spec: { ...template().spec, affinity: NODE_AFFINITY(['bar']) } } }),
      update: (j) => {
        if (j.spec.template.spec.affinity) delete j.spec.template.spec.affinity.nodeAffinity;
      },
      want: [],
    },
    'remove affinity': {
      old: suspended({ template: { ...template(), spec: { ...template().spec, affinity: NODE_AFFINITY(['bar']) } } }),
      update: (j) => {
        delete j.spec.template.spec.affinity;
      },
      want: [],
    },
    'immutable tolerations': {
      old: job({}),
      update: (j) => {
        j.spec.template.spec.tolerations = [
          { key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' },
        ];
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'mutable tolerations': {
      old: suspended(),
      update: (j) => {
        j.spec.template.spec.tolerations = [
          { key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' },
        ];
      },
      want: [],
    },
    'immutable node selector': {
      old: job({}),
      update: (j) => {
        j.spec.template.spec.nodeSelector = { foo: 'bar' };
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'mutable node selector': {
      old: suspended(),
      update: (j) => {
        j.spec.template.spec.nodeSelector = { foo: 'bar' };
      },
      want: [],
    },
    'immutable annotations': {
      old: job({}),
      update: (j) => {
        j.spec.template.metadata = { ...j.spec.template.metadata, annotations: { foo: 'baz' } };
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'mutable annotations': {
      old: suspended(),
      update: (j) => {
        j.spec.template.metadata = { ...j.spec.template.metadata, annotations: { foo: 'baz' } };
      },
      want: [],
    },
    'immutable labels': {
      old: job({}),
      update: (j) => {
        j.spec.template.metadata = { labels: { ...j.spec.template.metadata?.labels, bar: 'baz' } };
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'mutable labels': {
      old: suspended(),
      update: (j) => {
        j.spec.template.metadata = { labels: { ...j.spec.template.metadata?.labels, bar: 'baz' } };
      },
      want: [],
    },
    'immutable schedulingGates': {
      old: job({}),
      update: (j) => {
        j.spec.template.spec.schedulingGates = [{ name: 'gate' }];
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'mutable schedulingGates': {
      old: suspended(),
      update: (j) => {
        j.spec.template.spec.schedulingGates = [{ name: 'gate' }];
      },
      want: [],
    },
    'update completions and parallelism to same value is valid': {
      old: job({ completions: 1, parallelism: 1, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.completions = 2;
        j.spec.parallelism = 2;
      },
      want: [],
    },
    'previous parallelism != previous completions, new parallelism == new completions': {
      old: job({ completions: 1, parallelism: 2, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.completions = 3;
        j.spec.parallelism = 3;
      },
      want: [],
    },
    'indexed job updating completions and parallelism to different values is invalid': {
      old: job({ completions: 1, parallelism: 1, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.completions = 2;
        j.spec.parallelism = 3;
      },
      want: issues(['spec.completions', 'Invalid value: 2: can only be modified in tandem with spec.parallelism']),
    },
    'indexed job with completions set updated to nil does not panic': {
      old: job({ completions: 1, parallelism: 1, completionMode: 'Indexed' }),
      update: (j) => {
        delete j.spec.completions;
        j.spec.parallelism = 3;
      },
      want: issues(['spec.completions', 'Required value: when completion mode is Indexed']),
    },
    'indexed job with completions unchanged, parallelism reduced to less than completions': {
      old: job({ completions: 2, parallelism: 2, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.parallelism = 1;
      },
      want: [],
    },
    'indexed job with completions unchanged, parallelism increased higher than completions': {
      old: job({ completions: 2, parallelism: 2, completionMode: 'Indexed' }),
      update: (j) => {
        j.spec.parallelism = 3;
      },
      want: [],
    },
    // The registry strategy allows mutable scheduling directives only for a suspended Job that never started.
    'node selector of a suspended Job that has started is immutable': {
      old: job({ suspend: true }, { startTime: 10 }),
      update: (j) => {
        j.spec.template.spec.nodeSelector = { foo: 'bar' };
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'pod affinity stays immutable while suspended': {
      old: suspended(),
      update: (j) => {
        j.spec.template.spec.affinity = {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone' }] },
        };
      },
      want: issues(['spec.template', TEMPLATE_IMMUTABLE]),
    },
    'an update still gets the create validation of the new spec': {
      old: job({}),
      update: (j) => {
        j.spec.parallelism = -1;
        j.spec.template.spec.restartPolicy = 'Always';
      },
      want: issues(
        ['spec.parallelism', 'Invalid value: -1: must be greater than or equal to 0'],
        ['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"'],
        ['spec.template', TEMPLATE_IMMUTABLE],
      ),
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const next = structuredClone(c.old);
      c.update(next);
      // The template's bad value is the whole new template (JSON here; Go prints the struct with %#v).
      const immutableTemplate = `Invalid value: ${JSON.stringify(next.spec.template)}: field is immutable`;
      const want = c.want.map((w) => (w.message === TEMPLATE_IMMUTABLE ? { ...w, message: immutableTemplate } : w));
      expect(validateJobUpdate(c.old, next, { featureGates: c.gates })).toEqual(want);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// TestSetDefaultJob (the apiserver round trip also runs core/v1 SetDefaults_PodSpec on the template)

const DEFAULT_LABELS = { default: 'default' };

function defaultsTemplate(): PodTemplateSpec {
  return { metadata: { labels: { ...DEFAULT_LABELS } }, spec: { containers: [{ name: 'abc' }] } };
}

/** The template after defaulting: core/v1 sets restartPolicy Always. */
function defaultedTemplate(): PodTemplateSpec {
  return {
    metadata: { labels: { ...DEFAULT_LABELS } },
    spec: { containers: [{ name: 'abc' }], restartPolicy: 'Always' },
  };
}

describe('TestSetDefaultJob', () => {
  const cases: Record<
    string,
    {
      labels?: Record<string, string>;
      original: Omit<JobSpec, 'template'>;
      expected: Omit<JobSpec, 'template'>;
      expectLabels: boolean;
      enablePodReplacementPolicy?: boolean;
    }
  > = {
    'Pod failure policy with some field values unspecified -> set default values': {
      original: {
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onPodConditions: [
                { type: 'DisruptionTarget', status: 'True' },
                { type: 'MemoryLimitExceeded', status: 'False' },
                { type: 'DiskLimitExceeded' },
              ],
            },
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } },
            { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] },
          ],
        },
      },
      expected: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onPodConditions: [
                { type: 'DisruptionTarget', status: 'True' },
                { type: 'MemoryLimitExceeded', status: 'False' },
                { type: 'DiskLimitExceeded', status: 'True' },
              ],
            },
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } },
            { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
      },
      expectLabels: true,
    },
    'Pod failure policy and defaulting for pod replacement policy': {
      original: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] } },
      expected: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'Failed',
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] },
      },
      expectLabels: true,
      enablePodReplacementPolicy: true,
    },
    'All unspecified and podReplacementPolicyEnabled -> sets all to default values': {
      original: {},
      expected: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
      },
      expectLabels: true,
      enablePodReplacementPolicy: true,
    },
    'All unspecified -> sets all to default values': {
      original: {},
      expected: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'All unspecified, suspend job enabled -> sets all to default values': {
      original: {},
      expected: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'suspend set, everything else is defaulted': {
      original: { suspend: true },
      expected: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: true },
      expectLabels: true,
    },
    'All unspecified -> all pointers are defaulted and no default labels': {
      labels: { mylabel: 'myvalue' },
      original: {},
      expected: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: false,
    },
    'WQ: Parallelism explicitly 0 and completions unset -> BackoffLimit is defaulted': {
      original: { parallelism: 0 },
      expected: { parallelism: 0, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'WQ: Parallelism explicitly 2 and completions unset -> BackoffLimit is defaulted': {
      original: { parallelism: 2 },
      expected: { parallelism: 2, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'Completions explicitly 2 and others unset -> parallelism and BackoffLimit are defaulted': {
      original: { completions: 2 },
      expected: { completions: 2, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'BackoffLimit explicitly 5 and others unset -> parallelism and completions are defaulted': {
      original: { backoffLimit: 5 },
      expected: { completions: 1, parallelism: 1, backoffLimit: 5, completionMode: 'NonIndexed', suspend: false },
      expectLabels: true,
    },
    'All set -> no change': {
      original: {
        completions: 8,
        parallelism: 9,
        backoffLimit: 10,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
      },
      expected: {
        completions: 8,
        parallelism: 9,
        backoffLimit: 10,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
      },
      expectLabels: true,
    },
    'All set, flipped -> no change': {
      original: {
        completions: 11,
        parallelism: 10,
        backoffLimit: 9,
        completionMode: 'Indexed',
        suspend: true,
        podReplacementPolicy: 'Failed',
      },
      expected: {
        completions: 11,
        parallelism: 10,
        backoffLimit: 9,
        completionMode: 'Indexed',
        suspend: true,
        podReplacementPolicy: 'Failed',
      },
      expectLabels: true,
    },
    'BackoffLimitPerIndex specified, but no BackoffLimit -> default BackoffLimit to max int32': {
      original: { completions: 11, parallelism: 10, backoffLimitPerIndex: 1, completionMode: 'Indexed', suspend: true },
      expected: {
        completions: 11,
        parallelism: 10,
        backoffLimit: MAX_INT32,
        backoffLimitPerIndex: 1,
        completionMode: 'Indexed',
        suspend: true,
      },
      expectLabels: true,
    },
    'BackoffLimitPerIndex and BackoffLimit specified -> no change': {
      original: {
        completions: 11,
        parallelism: 10,
        backoffLimit: 3,
        backoffLimitPerIndex: 1,
        completionMode: 'Indexed',
        suspend: true,
      },
      expected: {
        completions: 11,
        parallelism: 10,
        backoffLimit: 3,
        backoffLimitPerIndex: 1,
        completionMode: 'Indexed',
        suspend: true,
      },
      expectLabels: true,
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const j = {
        metadata: c.labels ? { labels: { ...c.labels } } : {},
        spec: { ...structuredClone(c.original), template: defaultsTemplate() } as JobSpec,
      };
      defaultJob(j, { featureGates: { JobPodReplacementPolicy: c.enablePodReplacementPolicy ?? false } });
      expect(j.spec).toEqual({ ...c.expected, template: defaultedTemplate() });
      expect(j.metadata.labels).toEqual(c.expectLabels ? DEFAULT_LABELS : c.labels);
    });
  }
});

describe('Job defaulting beyond TestSetDefaultJob', () => {
  it('MAX_INT32 is math.MaxInt32', () => {
    expect(MAX_INT32).toBe(2 ** 31 - 1);
  });

  it('podReplacementPolicy is defaulted when the gate is left unset (on by default)', () => {
    const spec: JobSpec = { template: defaultsTemplate() };
    defaultJobSpec(spec);
    expect(spec.podReplacementPolicy).toBe('TerminatingOrFailed');
  });

  it('an explicit template restartPolicy is kept', () => {
    const spec: JobSpec = { template: { spec: { containers: [{ name: 'abc' }], restartPolicy: 'OnFailure' } } };
    defaultJobSpec(spec);
    expect(spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('an unset restartPolicy becomes Always, which Job validation then rejects (upstream never defaults Never)', () => {
    const spec: JobSpec = { template: { spec: { containers: [{ name: 'abc' }] } } };
    defaultJobSpec(spec);
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(validateJobSpec(spec)).toEqual(
      issues(['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"']),
    );
  });

  it('a Job without a template labels map keeps no labels', () => {
    const j = { metadata: {} as { labels?: Record<string, string> }, spec: { template: { spec: { containers: [] } } } };
    defaultJob(j);
    expect(j.metadata.labels).toBeUndefined();
  });

  it('a defaulted valid Job passes validation', () => {
    const spec: JobSpec = {
      completionMode: 'Indexed',
      completions: 4,
      backoffLimitPerIndex: 0,
      template: templateNever(),
      podFailurePolicy: { rules: [{ action: 'FailIndex', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
    };
    defaultJobSpec(spec);
    expect(spec.backoffLimit).toBe(MAX_INT32);
    expect(spec.podReplacementPolicy).toBe('Failed');
    expect(validateJobSpec(spec)).toEqual([]);
  });
});
