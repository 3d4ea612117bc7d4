// Spec §1.1, §1.3, §1.4 and §5 case 28: the JobSet admission webhook (defaulting and validation).
// Tables mirror upstream pkg/webhooks/jobset_webhook_test.go (TestJobSetDefaulting, TestValidateCreate,
// TestValidateUpdate, TestGetJobSetNameForValidation); each row is named after its upstream case. Upstream asserts
// that each expected text is contained in the error; these rows assert the exact list (path and message), so every
// extra error the webhook reports for the same input is spelled out too.
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../../src/api/batch.js';
import type { PodTemplateSpec } from '../../../src/api/core.js';
import { MAX_INT32 } from '../../../src/api/job-defaults.js';
import { JOBSET_CONTROLLER_NAME, type JobSet, type JobSetSpec, type ReplicatedJob } from '../../../src/api/jobset.js';
import { defaultJobSet } from '../../../src/api/jobset-defaults.js';
import {
  type FieldError,
  type JobSetGates,
  jobSetCreateStatus,
  jobSetNameForValidation,
  jobSetUpdateStatus,
  validateJobSetCreate,
  validateJobSetCreateWebhook,
  validateJobSetSchema,
  validateJobSetUpdate,
  validateJobSetUpdateWebhook,
} from '../../../src/api/jobset-validation.js';
import type { ObjectMeta } from '../../../src/api/meta.js';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures.

const a = (n: number): string => 'a'.repeat(n);

function jobSet(metadata: Partial<ObjectMeta>, spec: Partial<JobSetSpec>): JobSet {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name: '', uid: 'uid', resourceVersion: '1', creationTimestamp: 0, ...metadata },
    spec: { replicatedJobs: [], ...spec },
    status: { restarts: 0 },
  };
}

/** upstream validObjectMeta */
const JS = { name: 'js' };
/** upstream validPodTemplateSpec */
const VALID_POD: PodTemplateSpec = { spec: { containers: [{ name: 'test', image: 'bash:latest' }] } };

function rjob(
  name: string,
  opts: {
    replicas?: number;
    groupName?: string;
    job?: Partial<JobSpec>;
    dependsOn?: ReplicatedJob['dependsOn'];
  } = {},
): ReplicatedJob {
  const r: ReplicatedJob = {
    name,
    groupName: opts.groupName ?? 'default',
    replicas: opts.replicas ?? 1,
    template: { spec: { template: structuredClone(VALID_POD), ...opts.job } },
  };
  if (opts.dependsOn) r.dependsOn = opts.dependsOn;
  return r;
}

/** Indexed, completions and parallelism n: the Job template most upstream rows use. */
const indexed = (n: number): Partial<JobSpec> => ({ completionMode: 'Indexed', completions: n, parallelism: n });

// Upstream's create fixtures use `SuccessPolicy: &jobset.SuccessPolicy{}` (operator ""), and rules without an
// action: fine for the webhook unit test, but the CRD enums would reject them before the webhook. The rows use
// operator All and action FailJobSet, which the webhook never reads.
const SUCCESS_ALL = { operator: 'All' } as const;

/** A JobSet as the apiserver holds it after defaulting. */
function defaulted(js: JobSet): JobSet {
  const c = structuredClone(js);
  defaultJobSet(c);
  return c;
}

const err = (path: string, message: string): FieldError => ({ path, message });

const JOB_NAME_TOO_LONG = 'JobSet name is too long, job names generated for this JobSet will exceed 63 characters';
const POD_NAME_TOO_LONG = 'JobSet name is too long, pod names generated for this JobSet will exceed 63 characters';
const SUBDOMAIN_TOO_LONG = '.spec.network.subdomain is too long, must be less than 63 characters';
const GROUP_NAME_TOO_LONG = '.spec.replicatedJob[].groupName is too long, must be less than 63 characters';
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const RULE_NAME_LENGTH = (n: number): string =>
  `invalid failure policy rule name of length ${n}, the rule name must be at least 1 characters long and at most 128 characters long`;
const RULE_NAME_REGEX = (n: string): string =>
  `invalid failure policy rule name '${n}', a failure policy rule name must start with an alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'`;
const RESTART_JOB_GATE =
  'RestartJob and RestartJobAndIgnoreMaxRestarts failure policy actions are not allowed when RestartJob feature gate is disabled';
const RESTART_JOB_REPLICAS =
  'JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024';
const CEL_SKIPPED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
const IN_PLACE_GATE = 'InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled';
const IN_PLACE_EQUAL =
  'replicatedJob job-1: completions and parallelism must be set and equal to each other when in-place restart is enabled';

// ---------------------------------------------------------------------------------------------------------------
// TestJobSetDefaulting.

/** upstream TestPodTemplate */
const TEST_POD: PodTemplateSpec = {
  spec: { restartPolicy: 'Never', containers: [{ name: 'test-container', image: 'busybox:latest' }] },
};
const DEFAULT_SUCCESS = { operator: 'All' } as const;
const DEFAULT_STARTUP = { startupPolicyOrder: 'AnyOrder' } as const;
const DEFAULT_NETWORK = { enableDNSHostnames: true, publishNotReadyAddresses: true };

/** An upstream defaulting input rjob: name and template only. */
const inRjob = (job: Partial<JobSpec>, pod: PodTemplateSpec = TEST_POD): ReplicatedJob => ({
  name: 'rj',
  template: { spec: { template: structuredClone(pod), ...job } },
});
/** The same after defaulting: upstream's expectation plus the CRD defaults (groupName, replicas), which upstream's
 * unit test does not see because they are applied by the apiserver, not by Default(). */
const outRjob = (job: Partial<JobSpec>, pod: PodTemplateSpec = TEST_POD): ReplicatedJob => ({
  ...inRjob(job, pod),
  groupName: 'default',
  replicas: 1,
});

interface DefaultingCase {
  name: string;
  spec: Partial<JobSetSpec> & Record<string, unknown>;
  want: Partial<JobSetSpec> & Record<string, unknown>;
}

const podWith = (restartPolicy?: 'Always' | 'OnFailure' | 'Never'): PodTemplateSpec => ({
  spec: { containers: [], ...(restartPolicy ? { restartPolicy } : {}) },
});

const defaultingCases: DefaultingCase[] = [
  {
    name: 'job completion mode is unset',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({})],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'job completion mode is set to non-indexed',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'enableDNSHostnames is unset',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'enableDNSHostnames is false',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { enableDNSHostnames: false },
      replicatedJobs: [inRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { enableDNSHostnames: false, publishNotReadyAddresses: true },
      replicatedJobs: [outRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'PublishNotReadyNetworkAddresess is false',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { publishNotReadyAddresses: false },
      replicatedJobs: [inRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { enableDNSHostnames: true, publishNotReadyAddresses: false },
      replicatedJobs: [outRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'PublishNotReadyNetworkAddresess is true',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { enableDNSHostnames: false, publishNotReadyAddresses: true },
      replicatedJobs: [inRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: { enableDNSHostnames: false, publishNotReadyAddresses: true },
      replicatedJobs: [outRjob({ completionMode: 'NonIndexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'pod restart policy unset',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' }, podWith())],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' }, podWith('OnFailure'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'pod restart policy set',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'success policy unset',
    spec: {
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      startupPolicy: DEFAULT_STARTUP,
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'success policy operator set, replicatedJobNames unset',
    spec: {
      successPolicy: { operator: 'Any' },
      network: DEFAULT_NETWORK,
      startupPolicy: DEFAULT_STARTUP,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: { operator: 'Any' },
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'startup policy order InOrder set',
    spec: {
      successPolicy: { operator: 'Any' },
      network: DEFAULT_NETWORK,
      startupPolicy: { startupPolicyOrder: 'InOrder' },
      replicatedJobs: [inRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: { operator: 'Any' },
      startupPolicy: { startupPolicyOrder: 'InOrder' },
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' }, podWith('Always'))],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  {
    name: 'managedBy field is left nil',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
    },
  },
  {
    name: 'when provided, managedBy field is preserved',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
      managedBy: 'other-controller',
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      managedBy: 'other-controller',
    },
  },
  {
    name: 'failure policy rule name is defaulted when: there is one rule and it does not have a name',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
      failurePolicy: { rules: [{ name: '', action: 'FailJobSet' }] },
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      // restartStrategy: the CRD default.
      failurePolicy: { restartStrategy: 'Recreate', rules: [{ name: 'failurePolicyRule0', action: 'FailJobSet' }] },
    },
  },
  {
    name: 'failure policy rule name is defaulted when: there are two rules, the first rule has a name, the second rule does not have a name',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      network: DEFAULT_NETWORK,
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
      failurePolicy: {
        rules: [
          { name: 'ruleWithAName', action: 'FailJobSet' },
          { name: '', action: 'FailJobSet' },
        ],
      },
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      failurePolicy: {
        restartStrategy: 'Recreate',
        rules: [
          { name: 'ruleWithAName', action: 'FailJobSet' },
          { name: 'failurePolicyRule1', action: 'FailJobSet' },
        ],
      },
    },
  },
  {
    name: 'volumeClaimPolicy retentionPolicy is defaulted to Delete when nil',
    spec: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      volumeClaimPolicies: [{ templates: [{ metadata: { name: 'test-volume' } }] }],
      replicatedJobs: [inRjob({ completionMode: 'Indexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      volumeClaimPolicies: [
        { templates: [{ metadata: { name: 'test-volume' } }], retentionPolicy: { whenDeleted: 'Delete' } },
      ],
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      managedBy: JOBSET_CONTROLLER_NAME,
    },
  },
  // Beyond upstream's unit table: the CRD defaults and the integration suite's defaulting entries.
  {
    name: 'FailurePolicy defaults are applied when empty',
    spec: { replicatedJobs: [inRjob({ completionMode: 'Indexed' })], failurePolicy: {} },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ completionMode: 'Indexed' })],
      failurePolicy: { restartStrategy: 'Recreate' },
    },
  },
  {
    name: 'CRD defaults fill only absent fields: replicas 0, groupName and restartStrategy kept',
    spec: {
      replicatedJobs: [{ ...inRjob({}), replicas: 0, groupName: 'workers' }],
      failurePolicy: { restartStrategy: 'BlockingRecreate', maxRestarts: 3 },
    },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [{ ...inRjob({ completionMode: 'Indexed' }), replicas: 0, groupName: 'workers' }],
      failurePolicy: { restartStrategy: 'BlockingRecreate', maxRestarts: 3 },
    },
  },
  {
    name: 'Default leaves podReplacementPolicy, backoffLimit, parallelism and completions to the Job defaults',
    spec: { replicatedJobs: [inRjob({ parallelism: 2 }, podWith())] },
    want: {
      successPolicy: DEFAULT_SUCCESS,
      startupPolicy: DEFAULT_STARTUP,
      network: DEFAULT_NETWORK,
      replicatedJobs: [outRjob({ parallelism: 2, completionMode: 'Indexed' }, podWith('OnFailure'))],
    },
  },
];

describe('TestJobSetDefaulting (spec §1.1)', () => {
  it.each(defaultingCases)('$name', ({ spec, want }) => {
    const js = jobSet(JS, structuredClone(spec));
    defaultJobSet(js);
    expect(js.spec).toEqual(want);
    expect(js.status).toEqual({ restarts: 0 });
  });

  it('successPolicy.targetReplicatedJobs and failurePolicy.maxRestarts stay unset (upstream leaves them nil)', () => {
    const js = jobSet(JS, { replicatedJobs: [inRjob({})], failurePolicy: {} });
    defaultJobSet(js);
    expect(Object.keys(js.spec.successPolicy!)).toEqual(['operator']);
    expect(Object.keys(js.spec.failurePolicy!)).toEqual(['restartStrategy']);
  });

  it('an empty restartPolicy string is defaulted like an absent one (upstream tests == "")', () => {
    const pod = podWith();
    pod.spec.restartPolicy = '' as 'Never';
    const js = jobSet(JS, { replicatedJobs: [inRjob({}, pod)] });
    defaultJobSet(js);
    expect(js.spec.replicatedJobs[0]!.template.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('defaulting is idempotent', () => {
    const once = defaulted(jobSet(JS, { replicatedJobs: [inRjob({})], failurePolicy: { rules: [] } }));
    expect(defaulted(once)).toEqual(once);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestValidateCreate (the webhook alone, as upstream's unit test calls it).

interface CreateCase {
  name: string;
  js: JobSet;
  gates?: JobSetGates;
  want: FieldError[];
}

const single = (spec: Partial<JobSetSpec>, meta: Partial<ObjectMeta> = JS): JobSet =>
  jobSet(meta, { successPolicy: SUCCESS_ALL, ...spec });

const coordinatorRjobs = (aJob: Partial<JobSpec> = indexed(2)): ReplicatedJob[] => [
  rjob('replicatedjob-a', { replicas: 2, job: aJob }),
  rjob('replicatedjob-b', { replicas: 2, job: indexed(2) }),
];

const inPlaceJs = (job: Partial<JobSpec>): JobSet =>
  single({ failurePolicy: { restartStrategy: 'InPlaceRestart' }, replicatedJobs: [rjob('job-1', { job })] });
const IN_PLACE_OK: Partial<JobSpec> = {
  parallelism: 1,
  completions: 1,
  backoffLimit: MAX_INT32,
  podReplacementPolicy: 'Failed',
};

const createCases: CreateCase[] = [
  // uncategorizedTests
  {
    name: 'generateName that produces overlong child job names is rejected',
    js: single({ replicatedJobs: [rjob('worker')] }, { name: '', generateName: `${a(49)}-` }),
    want: [err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG)],
  },
  {
    name: 'number of pods exceeds the limit',
    js: single({
      replicatedJobs: [
        rjob('test-jobset-replicated-job-0', { replicas: MAX_INT32, job: { parallelism: MAX_INT32 } }),
        rjob('test-jobset-replicated-job-1', { replicas: -2147483648, job: { parallelism: -2147483648 } }),
      ],
    }),
    want: [
      err(
        'spec.replicatedJobs[0].replicas',
        "the product of replicas and parallelism must not exceed 2147483647 for replicatedJob 'test-jobset-replicated-job-0'",
      ),
      err(
        'spec.replicatedJobs[1].replicas',
        "the product of replicas and parallelism must not exceed 2147483647 for replicatedJob 'test-jobset-replicated-job-1'",
      ),
    ],
  },
  {
    name: 'number of pods within the limit',
    js: single({ replicatedJobs: [rjob('test-jobset-replicated-job-0')] }),
    want: [],
  },
  {
    name: 'success policy has non matching replicated job',
    js: single({
      replicatedJobs: [rjob('test-jobset-replicated-job-0')],
      successPolicy: { operator: 'All', targetReplicatedJobs: ['does not exist'] },
    }),
    want: [
      err(
        'spec.successPolicy.targetReplicatedJobs[0]',
        "invalid replicatedJob name 'does not exist' does not appear in .spec.ReplicatedJobs",
      ),
    ],
  },
  {
    name: 'network has invalid dns name',
    js: single({
      network: { enableDNSHostnames: true, subdomain: a(64) },
      replicatedJobs: [rjob('test-jobset-replicated-job-0')],
    }),
    want: [err('spec.network.subdomain', SUBDOMAIN_TOO_LONG)],
  },
  {
    name: 'jobset name with invalid character',
    js: single({ replicatedJobs: [rjob('username.llama65b')] }),
    want: [err('spec.replicatedJobs[0].name', DNS1035)],
  },
  {
    name: 'group name is not DNS 1035 compliant',
    js: single({ replicatedJobs: [rjob('rj', { groupName: a(64) })] }),
    want: [err('spec.replicatedJobs[0].groupName', GROUP_NAME_TOO_LONG)],
  },
  {
    name: 'jobset name will result in job name being too long',
    js: single({ replicatedJobs: [rjob('rj', { replicas: 101 })] }, { name: a(62) }),
    want: [err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG)],
  },
  {
    name: 'jobset name will result in a pod name being too long',
    js: single({ replicatedJobs: [rjob('rj', { job: indexed(1) })] }, { name: a(56) }),
    want: [err('spec.replicatedJobs[0].name', POD_NAME_TOO_LONG)],
  },
  // jobsetControllerNameTests
  {
    name: 'jobset controller name is not a domain-prefixed path',
    js: single({
      managedBy: 'notDomainPrefixedPathControllerName',
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
    }),
    want: [err('spec.managedBy', 'must be a domain-prefixed path (such as "acme.io/foo")')],
  },
  {
    name: 'jobset controller name is too long',
    js: single({ managedBy: `foo.bar/${a(63)}`, replicatedJobs: [rjob('rj', { job: indexed(1) })] }),
    want: [err('spec.managedBy', 'may not be more than 63 bytes')],
  },
  {
    name: 'jobset controller name is set and valid',
    js: single({ managedBy: JOBSET_CONTROLLER_NAME, replicatedJobs: [rjob('rj', { job: indexed(1) })] }),
    want: [],
  },
  {
    name: 'jobset controller name is unset',
    js: single({ replicatedJobs: [rjob('rj', { job: indexed(1) })] }),
    want: [],
  },
  // failurePolicyTests
  {
    name: 'failure policy rule name is valid',
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ name: 'superAwesomeFailurePolicyRule', action: 'FailJobSet' }] },
    }),
    want: [],
  },
  {
    // The rule has no name (upstream's unit test skips the defaulting), so both name checks fire as well.
    name: 'jobset failure policy has an invalid on job failure reason',
    js: single({
      failurePolicy: {
        maxRestarts: 1,
        rules: [{ name: '', action: 'FailJobSet', onJobFailureReasons: ['fakeReason'] }],
      },
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
    }),
    want: [
      err('spec.failurePolicy.rules[0].name', RULE_NAME_LENGTH(0)),
      err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX('')),
      err(
        'spec.failurePolicy.rules[0].onJobFailureReasons[0]',
        "invalid job failure reason 'fakeReason' in failure policy is not a recognized job failure reason",
      ),
    ],
  },
  {
    name: 'jobset failure policy has an invalid replicated job',
    js: single({
      failurePolicy: {
        maxRestarts: 1,
        rules: [{ name: '', action: 'FailJobSet', targetReplicatedJobs: ['fakeReplicatedJob'] }],
      },
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
    }),
    want: [
      err('spec.failurePolicy.rules[0].name', RULE_NAME_LENGTH(0)),
      err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX('')),
      err(
        'spec.failurePolicy.rules[0].targetReplicatedJobs[0]',
        "invalid replicatedJob name 'fakeReplicatedJob' in failure policy does not appear in .spec.ReplicatedJobs",
      ),
    ],
  },
  {
    name: 'jobset failure policy rule name is 0 characters long a.k.a unset',
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ name: '', action: 'FailJobSet' }] },
    }),
    want: [
      err('spec.failurePolicy.rules[0].name', RULE_NAME_LENGTH(0)),
      err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX('')),
    ],
  },
  {
    name: 'jobset failure policy rule name is greater than 128 characters long',
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ name: a(129), action: 'FailJobSet' }] },
    }),
    want: [err('spec.failurePolicy.rules[0].name', RULE_NAME_LENGTH(129))],
  },
  {
    name: 'there are two failure policy rules with the same name',
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: {
        rules: [
          { name: 'repeatedRuleName', action: 'FailJobSet' },
          { name: 'repeatedRuleName', action: 'FailJobSet' },
        ],
      },
    }),
    want: [
      err(
        'spec.failurePolicy.rules[1].name',
        "rule names are not unique, rules with indices [0 1] all have the same name 'repeatedRuleName'",
      ),
    ],
  },
  {
    name: 'failure policy rule name does not start with an alphabetic character',
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ name: '1ruleToRuleThemAll', action: 'FailJobSet' }] },
    }),
    want: [err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX('1ruleToRuleThemAll'))],
  },
  {
    name: "failure policy rule name does not end with an alphanumeric nor '_'",
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ name: 'ruleToRuleThemAll,', action: 'FailJobSet' }] },
    }),
    want: [err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX('ruleToRuleThemAll,'))],
  },
  {
    name: 'coordinator replicated job does not exist',
    js: single({
      coordinator: { replicatedJob: 'fake-rjob', jobIndex: 0, podIndex: 0 },
      replicatedJobs: coordinatorRjobs(),
    }),
    want: [err('spec.coordinator.replicatedJob', 'coordinator replicatedJob fake-rjob does not exist')],
  },
  {
    name: 'coordinator replicated job missing completions',
    js: single({
      coordinator: { replicatedJob: 'replicatedjob-a', jobIndex: 0, podIndex: 0 },
      replicatedJobs: coordinatorRjobs({ completionMode: 'Indexed', parallelism: 2 }),
    }),
    want: [
      err(
        'spec.coordinator.replicatedJob',
        'job for coordinator pod must be indexed completion mode, and completions number must be set',
      ),
    ],
  },
  {
    name: 'coordinator job index invalid',
    js: single({
      coordinator: { replicatedJob: 'replicatedjob-a', jobIndex: 2, podIndex: 0 },
      replicatedJobs: coordinatorRjobs(),
    }),
    want: [err('spec.coordinator.jobIndex', 'coordinator job index 2 is invalid for replicatedJob replicatedjob-a')],
  },
  {
    name: 'coordinator pod index invalid',
    js: single({
      coordinator: { replicatedJob: 'replicatedjob-a', jobIndex: 0, podIndex: 2 },
      replicatedJobs: coordinatorRjobs(),
    }),
    want: [
      err(
        'spec.coordinator.podIndex',
        'coordinator pod index 2 is invalid for replicatedJob replicatedjob-a job index 0',
      ),
    ],
  },
  {
    name: 'coordinator label value is too long due to long JobSet name',
    js: single(
      {
        coordinator: { replicatedJob: 'replicatedjob-a', jobIndex: 0, podIndex: 0 },
        replicatedJobs: [rjob('replicatedjob-a', { job: indexed(1) })],
      },
      { name: a(60) },
    ),
    want: [
      err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG),
      err('spec.replicatedJobs[0].name', POD_NAME_TOO_LONG),
      err(
        'spec.coordinator',
        `spec will lead to invalid label value "${a(60)}-replicatedjob-a-0-0.${a(60)}" for coordinator label "jobset.sigs.k8s.io/coordinator" (long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes`,
      ),
    ],
  },
  {
    name: 'coordinator label value is too long due to long ReplicatedJob name',
    js: single(
      {
        coordinator: { replicatedJob: a(60), jobIndex: 0, podIndex: 0 },
        replicatedJobs: [rjob(a(60), { job: indexed(1) })],
      },
      { name: 'jobset' },
    ),
    want: [
      err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG),
      err('spec.replicatedJobs[0].name', POD_NAME_TOO_LONG),
      err(
        'spec.coordinator',
        `spec will lead to invalid label value "jobset-${a(60)}-0-0.jobset" for coordinator label "jobset.sigs.k8s.io/coordinator" (long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes`,
      ),
    ],
  },
  {
    name: 'coordinator label value is too long due to long SubDomain',
    js: single(
      {
        network: { subdomain: a(60) },
        coordinator: { replicatedJob: 'replicatedjob-a', jobIndex: 0, podIndex: 0 },
        replicatedJobs: [rjob('replicatedjob-a', { job: indexed(1) })],
      },
      { name: 'jobset' },
    ),
    want: [
      err(
        'spec.coordinator',
        `spec will lead to invalid label value "jobset-replicatedjob-a-0-0.${a(60)}" for coordinator label "jobset.sigs.k8s.io/coordinator" (long JobSet / ReplicatedJob / SubDomain name?): must be no more than 63 bytes`,
      ),
    ],
  },
  {
    name: 'jobset failure policy rule has RestartJob action and a replicated job with replicas > 1024',
    gates: { RestartJob: true },
    js: single({
      replicatedJobs: [rjob('rj', { replicas: 1025, job: indexed(1) })],
      failurePolicy: { rules: [{ action: 'RestartJob', name: 'restartJobRule' }] },
    }),
    want: [err('spec.replicatedJobs[0].replicas', RESTART_JOB_REPLICAS)],
  },
  {
    name: 'jobset failure policy rule has RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > 1024',
    gates: { RestartJob: true },
    js: single({
      replicatedJobs: [rjob('rj', { replicas: 1025, job: indexed(1) })],
      failurePolicy: {
        rules: [{ action: 'RestartJobAndIgnoreMaxRestarts', name: 'restartJobAndIgnoreMaxRestartsRule' }],
      },
    }),
    want: [err('spec.replicatedJobs[0].replicas', RESTART_JOB_REPLICAS)],
  },
  {
    name: 'jobset failure policy rule has RestartJob action and RestartJob feature gate is disabled',
    gates: { RestartJob: false },
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: { rules: [{ action: 'RestartJob', name: 'restartJobRule' }] },
    }),
    want: [err('spec.failurePolicy.rules[0].action', RESTART_JOB_GATE)],
  },
  {
    name: 'jobset failure policy rule has RestartJobAndIgnoreMaxRestarts action and RestartJob feature gate is disabled',
    gates: {},
    js: single({
      replicatedJobs: [rjob('rj', { job: indexed(1) })],
      failurePolicy: {
        rules: [{ action: 'RestartJobAndIgnoreMaxRestarts', name: 'restartJobAndIgnoreMaxRestartsRule' }],
      },
    }),
    want: [err('spec.failurePolicy.rules[0].action', RESTART_JOB_GATE)],
  },
  {
    // Not an upstream row: the gate error ends validateFailurePolicy, hiding the other rule errors.
    name: 'RestartJob gate disabled: checking stops, bad names and reasons go unreported',
    js: single({
      replicatedJobs: [rjob('rj', { replicas: 2000, job: indexed(1) })],
      failurePolicy: {
        rules: [
          { action: 'FailJobSet', name: '1bad', onJobFailureReasons: ['nope'] },
          { action: 'RestartJob', name: '1bad' },
        ],
      },
    }),
    want: [err('spec.failurePolicy.rules[1].action', RESTART_JOB_GATE)],
  },
  // dependsOnTests
  {
    name: 'DependsOn is valid since job-2 depends on job-1 and job-3 depends on job-1',
    js: single({
      replicatedJobs: [
        rjob('job-1'),
        rjob('job-2', { dependsOn: [{ name: 'job-1', status: 'Complete' }] }),
        rjob('job-3', { dependsOn: [{ name: 'job-1', status: 'Complete' }] }),
      ],
    }),
    want: [],
  },
  {
    name: 'DependsOn is valid since job-2 depends on job-1 and job-3 depends on job-2',
    js: single({
      replicatedJobs: [
        rjob('job-1'),
        rjob('job-2', { dependsOn: [{ name: 'job-1', status: 'Complete' }] }),
        rjob('job-3', { dependsOn: [{ name: 'job-2', status: 'Complete' }] }),
      ],
    }),
    want: [],
  },
  {
    name: 'DependsOn is valid since job-3 depends on job-1 and job-2',
    js: single({
      replicatedJobs: [
        rjob('job-1'),
        rjob('job-2'),
        rjob('job-3', {
          dependsOn: [
            { name: 'job-1', status: 'Complete' },
            { name: 'job-2', status: 'Complete' },
          ],
        }),
      ],
    }),
    want: [],
  },
  {
    name: 'DependsOn is invalid since job-2 depends on job-3',
    js: single({
      replicatedJobs: [
        rjob('job-1'),
        rjob('job-2', { dependsOn: [{ name: 'job-3', status: 'Complete' }] }),
        rjob('job-3', { dependsOn: [{ name: 'job-1', status: 'Complete' }] }),
      ],
    }),
    want: [
      err('spec.replicatedJobs[1].dependsOn[0].name', 'replicatedJob: job-2 cannot depend on replicatedJob: job-3'),
    ],
  },
  {
    name: 'DependsOn is invalid since job-2 depends on job-3 and job-1',
    js: single({
      replicatedJobs: [
        rjob('job-1'),
        rjob('job-2', {
          dependsOn: [
            { name: 'job-1', status: 'Complete' },
            { name: 'job-3', status: 'Complete' },
          ],
        }),
        rjob('job-3', { dependsOn: [{ name: 'job-1', status: 'Complete' }] }),
      ],
    }),
    want: [
      err('spec.replicatedJobs[1].dependsOn[1].name', 'replicatedJob: job-2 cannot depend on replicatedJob: job-3'),
    ],
  },
  {
    name: 'job-2 depends on invalid ReplicatedJob',
    js: single({
      replicatedJobs: [rjob('job-1'), rjob('job-2', { dependsOn: [{ name: 'invalid', status: 'Complete' }] })],
    }),
    want: [
      err('spec.replicatedJobs[1].dependsOn[0].name', 'replicatedJob: job-2 cannot depend on replicatedJob: invalid'),
    ],
  },
  {
    name: 'dependsOn should not fail if there are no replicated jobs',
    js: single({ replicatedJobs: [] }),
    want: [],
  },
  {
    name: 'dependsOn cannot be set for first replicated job',
    js: single({ replicatedJobs: [rjob('job-1', { dependsOn: [{ name: 'invalid', status: 'Complete' }] })] }),
    want: [
      err('spec.replicatedJobs[0].dependsOn', "DependsOn can't be set for the first ReplicatedJob"),
      err('spec.replicatedJobs[0].dependsOn[0].name', 'replicatedJob: job-1 cannot depend on replicatedJob: invalid'),
    ],
  },
  {
    // Not an upstream row: the name set is filled before the check, so a self-reference passes it.
    name: 'a replicatedJob may depend on itself',
    js: single({
      replicatedJobs: [rjob('job-1'), rjob('job-2', { dependsOn: [{ name: 'job-2', status: 'Ready' }] })],
    }),
    want: [],
  },
  {
    // Not an upstream row: an empty dependsOn list is "set" (it decodes to a non-nil slice).
    name: 'an empty dependsOn on the first replicatedJob is still rejected',
    js: single({ replicatedJobs: [rjob('job-1', { dependsOn: [] })] }),
    want: [err('spec.replicatedJobs[0].dependsOn', "DependsOn can't be set for the first ReplicatedJob")],
  },
  // inPlaceRestartTests
  {
    name: 'InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled',
    gates: { InPlaceRestart: false },
    js: inPlaceJs({}),
    want: [err('spec.failurePolicy.restartStrategy', IN_PLACE_GATE)],
  },
  {
    name: 'InPlaceRestart restart strategy can be set when InPlaceRestart feature gate is enabled',
    gates: { InPlaceRestart: true },
    js: inPlaceJs(IN_PLACE_OK),
    want: [],
  },
  {
    name: 'InPlaceRestart enabled: backoffLimit is not MaxInt32',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({ ...IN_PLACE_OK, backoffLimit: 0 }),
    want: [
      err(
        'spec.replicatedJobs[0].template.spec.backoffLimit',
        'replicatedJob job-1: must be set to 2147483647 (MaxInt32) when in-place restart is enabled',
      ),
    ],
  },
  {
    name: 'InPlaceRestart enabled: podReplacementPolicy is not Failed',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({ ...IN_PLACE_OK, podReplacementPolicy: 'TerminatingOrFailed' }),
    want: [
      err(
        'spec.replicatedJobs[0].template.spec.podReplacementPolicy',
        'replicatedJob job-1: must be set to Failed when in-place restart is enabled',
      ),
    ],
  },
  {
    name: 'InPlaceRestart enabled: completions != parallelism',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({ ...IN_PLACE_OK, completions: 2 }),
    want: [err('spec.replicatedJobs[0].template.spec.completions', IN_PLACE_EQUAL)],
  },
  {
    name: 'InPlaceRestart enabled: completions is nil',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({ parallelism: 1, backoffLimit: MAX_INT32, podReplacementPolicy: 'Failed' }),
    want: [err('spec.replicatedJobs[0].template.spec.completions', IN_PLACE_EQUAL)],
  },
  {
    name: 'InPlaceRestart enabled: parallelism is nil',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({ completions: 1, backoffLimit: MAX_INT32, podReplacementPolicy: 'Failed' }),
    want: [err('spec.replicatedJobs[0].template.spec.completions', IN_PLACE_EQUAL)],
  },
  {
    // Not an upstream row: with the gate on, each rjob is checked on its own and every failing check reports.
    name: 'InPlaceRestart enabled: all three checks fail for an rjob left at the defaults',
    gates: { InPlaceRestart: true },
    js: inPlaceJs({}),
    want: [
      err(
        'spec.replicatedJobs[0].template.spec.backoffLimit',
        'replicatedJob job-1: must be set to 2147483647 (MaxInt32) when in-place restart is enabled',
      ),
      err(
        'spec.replicatedJobs[0].template.spec.podReplacementPolicy',
        'replicatedJob job-1: must be set to Failed when in-place restart is enabled',
      ),
      err('spec.replicatedJobs[0].template.spec.completions', IN_PLACE_EQUAL),
    ],
  },
  // Beyond upstream's table: the remaining webhook texts.
  {
    name: 'subdomain that is neither a DNS-1123 subdomain nor a DNS-1035 label',
    js: single({ network: { subdomain: 'Bad_Sub' }, replicatedJobs: [rjob('rj')] }),
    want: [err('spec.network.subdomain', DNS1123), err('spec.network.subdomain', DNS1035)],
  },
  {
    name: 'subdomain with dots is a valid subdomain but not a DNS-1035 label',
    js: single({ network: { subdomain: 'a.b' }, replicatedJobs: [rjob('rj')] }),
    want: [err('spec.network.subdomain', DNS1035)],
  },
  {
    name: 'managedBy with an invalid host and path',
    js: single({ managedBy: 'Acme.io/a b', replicatedJobs: [rjob('rj')] }),
    want: [
      err('spec.managedBy', DNS1123),
      err('spec.managedBy', String.raw`Invalid path (regex used for validation is '[A-Za-z0-9/\-._~%!$&'()*+,;=:]+')`),
    ],
  },
  {
    name: 'empty managedBy is required to be non-empty',
    js: single({ managedBy: '', replicatedJobs: [rjob('rj')] }),
    want: [err('spec.managedBy', 'Required value')],
  },
  {
    name: 'groupName that is not a DNS-1035 label',
    js: single({ replicatedJobs: [rjob('rj', { groupName: '1group' })] }),
    want: [err('spec.replicatedJobs[0].groupName', DNS1035)],
  },
  {
    name: 'failure policy reasons: every recognised reason passes',
    js: single({
      replicatedJobs: [rjob('rj')],
      failurePolicy: {
        rules: [
          {
            name: 'r',
            action: 'FailJobSet',
            onJobFailureReasons: [
              'BackoffLimitExceeded',
              'DeadlineExceeded',
              'FailedIndexes',
              'MaxFailedIndexesExceeded',
              'PodFailurePolicy',
            ],
          },
        ],
      },
    }),
    want: [],
  },
];

describe('TestValidateCreate (the webhook, spec §1.3)', () => {
  it.each(createCases)('$name', ({ js, gates, want }) => {
    expect(validateJobSetCreateWebhook(js, gates ?? {})).toEqual(want);
  });

  it('covers at least 40 cases', () => {
    expect(createCases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('TestGetJobSetNameForValidation', () => {
  it('name is used directly', () => {
    expect(jobSetNameForValidation(jobSet({ name: 'jobset-name' }, {}))).toBe('jobset-name');
  });

  it('generateName uses apiserver truncation rules', () => {
    const got = jobSetNameForValidation(jobSet({ name: '', generateName: a(60) }, {}));
    expect(got).toHaveLength(63);
    expect(got.startsWith(a(58))).toBe(true);
    expect(got.slice(58)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('empty metadata returns empty name', () => {
    expect(jobSetNameForValidation(jobSet({ name: '' }, {}))).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestValidateUpdate (the webhook alone).

interface UpdateCase {
  name: string;
  oldJs: JobSet;
  js: JobSet;
  gates?: JobSetGates;
  want: FieldError[];
}

/** upstream's update rjobs carry no pod template, groupName or defaults: only what each case sets. */
const urj = (name: string, job: Partial<JobSpec>, replicas?: number, pod?: PodTemplateSpec): ReplicatedJob => {
  const r: ReplicatedJob = { name, template: { spec: { template: pod ?? { spec: { containers: [] } }, ...job } } };
  if (replicas !== undefined) r.replicas = replicas;
  return r;
};
const VALID_REPLICATED_JOBS = (): ReplicatedJob[] => [
  urj('test-jobset-replicated-job-0', { parallelism: 1 }, 1),
  urj('test-jobset-replicated-job-1', { parallelism: 1 }, 1),
];
const upd = (spec: Partial<JobSetSpec>, meta: Partial<ObjectMeta> = JS, completed?: 'Completed' | 'Failed'): JobSet => {
  const js = jobSet(meta, spec);
  if (completed) {
    js.status.conditions = [{ type: completed, status: 'True', reason: '', message: '', lastTransitionTime: 0 }];
  }
  return js;
};
const annotated: PodTemplateSpec = { metadata: { annotations: { key: 'value' } }, spec: { containers: [] } };
const gated: PodTemplateSpec = { spec: { containers: [], schedulingGates: [{ name: 'example.com/gate' }] } };
const IMMUTABLE = err('spec.replicatedJobs', 'field is immutable');
const ELASTIC = { ElasticJobSet: true };
const TERMINAL_MSG =
  'Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)';

const updateCases: UpdateCase[] = [
  {
    name: 'update suspend',
    js: upd({ replicatedJobs: VALID_REPLICATED_JOBS() }),
    oldJs: upd({ suspend: true, replicatedJobs: VALID_REPLICATED_JOBS() }),
    want: [],
  },
  {
    name: 'update labels',
    js: upd({ replicatedJobs: VALID_REPLICATED_JOBS() }, { name: 'js', labels: { hello: 'world' } }),
    oldJs: upd({ suspend: true, replicatedJobs: VALID_REPLICATED_JOBS() }),
    want: [],
  },
  {
    name: 'managedBy is immutable',
    js: upd({ managedBy: 'example.com/new', replicatedJobs: VALID_REPLICATED_JOBS() }),
    oldJs: upd({ managedBy: 'example.com/old', replicatedJobs: VALID_REPLICATED_JOBS() }),
    want: [err('spec.managedBy', 'field is immutable')],
  },
  {
    name: 'replicated job pod template can be updated for suspended jobset',
    js: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2, annotated)] }),
    oldJs: upd({ suspend: true, replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [],
  },
  {
    name: 'replicated job pod template can be updated for jobset getting suspended',
    js: upd({ suspend: true, replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2, annotated)] }),
    oldJs: upd({ suspend: false, replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [],
  },
  {
    name: 'replicated job pod template cannot be updated for running jobset',
    js: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2, annotated)] }),
    oldJs: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [IMMUTABLE],
  },
  {
    name: 'schedulingGates for pod template can be updated for suspended JobSet',
    js: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2, gated)] }),
    oldJs: upd({ suspend: true, replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [],
  },
  {
    name: 'schedulingGates for pod template cannot be updated for unsuspended JobSet',
    js: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2, gated)] }),
    oldJs: upd({ replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [IMMUTABLE],
  },
  {
    name: 'replicated job name cannot be updated',
    js: upd({ replicatedJobs: [urj('new-replicated-job-name', { parallelism: 2 }, 2)] }),
    oldJs: upd({ suspend: true, replicatedJobs: [urj('test-jobset-replicated-job-0', { parallelism: 2 }, 2)] }),
    want: [IMMUTABLE],
  },
  {
    name: 'valid scaling of parallelism and completions',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2, completions: 2 }, 2)] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 8, completions: 8 }, 2)] }),
    gates: ELASTIC,
    want: [],
  },
  {
    name: 'invalid scaling of parallelism to < 1',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2 })] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 0 })] }),
    gates: ELASTIC,
    want: [err('spec.replicatedJobs[0].template.spec.parallelism', 'parallelism must be >= 1')],
  },
  {
    name: 'invalid scaling of completions to < 1',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', completions: 2 })] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', completions: 0 })] }),
    gates: ELASTIC,
    want: [err('spec.replicatedJobs[0].template.spec.completions', 'completions must be >= 1')],
  },
  {
    name: 'cannot scale parallelism if JobSet is Completed',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2 })] }, JS, 'Completed'),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 4 })] }),
    gates: ELASTIC,
    want: [err('spec.replicatedJobs[0].template.spec', TERMINAL_MSG)],
  },
  {
    name: 'cannot scale completions if JobSet is Failed',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', completions: 2 })] }, JS, 'Failed'),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', completions: 4 })] }),
    gates: ELASTIC,
    want: [err('spec.replicatedJobs[0].template.spec', TERMINAL_MSG)],
  },
  {
    name: 'immutability still enforced for other fields during valid scale',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2 }, 1)] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 4 }, 2)] }),
    gates: ELASTIC,
    want: [IMMUTABLE],
  },
  {
    name: 'invalid scaling of parallelism and completions when feature gate is disabled',
    oldJs: upd({ replicatedJobs: [urj('rj', { parallelism: 2, completions: 2 }, 2)] }),
    js: upd({ replicatedJobs: [urj('rj', { parallelism: 8, completions: 8 }, 2)] }),
    gates: { ElasticJobSet: false },
    want: [IMMUTABLE],
  },
  {
    name: 'invalid scaling: parallelism and completions must be equal',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2, completions: 2 }, 2)] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 4, completions: 5 }, 2)] }),
    gates: ELASTIC,
    want: [
      err(
        'spec.replicatedJobs[0].template.spec.completions',
        'completions must be equal to parallelism for Elastic Indexed Jobs',
      ),
    ],
  },
  {
    name: 'adding a new ReplicatedJob while suspended does not panic and is rejected',
    oldJs: upd({ suspend: true, replicatedJobs: [urj('job-a', { parallelism: 2 })] }),
    js: upd({ suspend: true, replicatedJobs: [urj('job-a', { parallelism: 2 }), urj('job-b', { parallelism: 2 })] }),
    want: [IMMUTABLE],
  },
  {
    name: 'reordering ReplicatedJobs evaluates ElasticJobSet scaling correctly by name',
    oldJs: upd({
      replicatedJobs: [
        urj('job-a', { parallelism: 2, completions: 2 }),
        urj('job-b', { parallelism: 2, completions: 2 }),
      ],
    }),
    js: upd({
      replicatedJobs: [
        urj('job-b', { parallelism: 2, completions: 2 }),
        urj('job-a', { parallelism: 4, completions: 4 }),
      ],
    }),
    gates: ELASTIC,
    want: [IMMUTABLE],
  },
  {
    name: 'invalid scaling: immutability enforced for NonIndexed jobs even when ElasticJobSet is enabled',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'NonIndexed', parallelism: 2, completions: 2 }, 1)] }),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'NonIndexed', parallelism: 4, completions: 4 }, 1)] }),
    gates: ELASTIC,
    want: [IMMUTABLE],
  },
  // Beyond upstream's table.
  {
    name: 'suspended JobSet: labels, nodeSelector and tolerations may change, the container image may not',
    oldJs: upd({ suspend: true, replicatedJobs: [urj('rj', {}, 1)] }),
    js: upd({
      suspend: true,
      replicatedJobs: [
        urj('rj', {}, 1, {
          metadata: { labels: { kueue: 'x' } },
          spec: {
            containers: [{ name: 'c', image: 'other' }],
            nodeSelector: { pool: 'a' },
            tolerations: [{ key: 'k', operator: 'Exists' }],
          },
        }),
      ],
    }),
    want: [IMMUTABLE],
  },
  {
    name: 'suspended JobSet: labels, nodeSelector and tolerations alone are accepted',
    oldJs: upd({ suspend: true, replicatedJobs: [urj('rj', {}, 1)] }),
    js: upd({
      suspend: false,
      replicatedJobs: [
        urj('rj', {}, 1, {
          metadata: { labels: { kueue: 'x' } },
          spec: { containers: [], nodeSelector: { pool: 'a' }, tolerations: [{ key: 'k', operator: 'Exists' }] },
        }),
      ],
    }),
    want: [],
  },
  {
    name: 'ElasticJobSet: a terminal JobSet whose parallelism is unchanged is not forbidden',
    oldJs: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2 })] }, JS, 'Completed'),
    js: upd({ replicatedJobs: [urj('rj', { completionMode: 'Indexed', parallelism: 2 })] }),
    gates: ELASTIC,
    want: [],
  },
  {
    name: 'managedBy cannot be added after creation',
    oldJs: upd({ replicatedJobs: VALID_REPLICATED_JOBS() }),
    js: upd({ managedBy: 'example.com/new', replicatedJobs: VALID_REPLICATED_JOBS() }),
    want: [err('spec.managedBy', 'field is immutable')],
  },
  {
    name: 'an empty pod-template map equals an absent one (semantic equality)',
    oldJs: upd({ replicatedJobs: [urj('rj', {}, 1)] }),
    js: upd({
      replicatedJobs: [urj('rj', {}, 1, { metadata: { labels: {} }, spec: { containers: [], tolerations: [] } })],
    }),
    want: [],
  },
];

describe('TestValidateUpdate (the webhook, spec §1.4)', () => {
  it.each(updateCases)('$name', ({ oldJs, js, gates, want }) => {
    expect(validateJobSetUpdateWebhook(oldJs, js, gates ?? {})).toEqual(want);
  });

  it('covers at least 15 cases', () => {
    expect(updateCases.length).toBeGreaterThanOrEqual(15);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The full create path: apiserver (schema, list-map keys, CEL) first, then the webhook. Spec §5 case 28.

const full = (meta: Partial<ObjectMeta>, spec: Partial<JobSetSpec>): JobSet => defaulted(jobSet(meta, spec));

describe('§5 case 28 and the CRD rules (validateJobSetCreate)', () => {
  it('★28 name a×62, rjob rj, replicas 101 → job names too long', () => {
    const js = full({ name: a(62) }, { replicatedJobs: [rjob('rj', { replicas: 101 })] });
    expect(validateJobSetCreate(js, {})).toEqual([err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG)]);
  });

  it('★28 name a×56, Indexed, completions 1 → pod names too long', () => {
    const js = full(
      { name: a(56) },
      { replicatedJobs: [rjob('rj', { job: { completionMode: 'Indexed', completions: 1 } })] },
    );
    expect(validateJobSetCreate(js, {})).toEqual([err('spec.replicatedJobs[0].name', POD_NAME_TOO_LONG)]);
  });

  it('★28 replicas −1 is rejected by the CRD minimum, before the webhook', () => {
    const js = full(JS, { replicatedJobs: [rjob('rj', { replicas: -1 })] });
    expect(validateJobSetCreate(js, {})).toEqual([
      err(
        'spec.replicatedJobs[0].replicas',
        'spec.replicatedJobs[0].replicas in body should be greater than or equal to 0',
      ),
    ]);
  });

  it('★28 replicas 0 is accepted', () => {
    const js = full(JS, { replicatedJobs: [rjob('rj', { replicas: 0, job: indexed(1) })] });
    expect(js.spec.replicatedJobs[0]!.replicas).toBe(0);
    expect(validateJobSetCreate(js, {})).toEqual([]);
  });

  it.each(['1rule', 'rule-'])('★28 rule name %s → the rule-name regex error', (ruleName) => {
    const js = full(JS, {
      replicatedJobs: [rjob('rj')],
      failurePolicy: { rules: [{ name: ruleName, action: 'FailJobSet' }] },
    });
    expect(validateJobSetCreate(js, {})).toEqual([err('spec.failurePolicy.rules[0].name', RULE_NAME_REGEX(ruleName))]);
  });

  it('a defaulted, well-formed JobSet is admitted', () => {
    const js = full(JS, {
      replicatedJobs: [rjob('leader', { job: indexed(1) }), rjob('workers', { replicas: 4, job: indexed(8) })],
      coordinator: { replicatedJob: 'leader' },
      failurePolicy: {
        maxRestarts: 3,
        rules: [{ name: '', action: 'RestartJobSet', targetReplicatedJobs: ['workers'] }],
      },
      successPolicy: { operator: 'Any', targetReplicatedJobs: ['leader'] },
      ttlSecondsAfterFinished: 0,
    });
    expect(validateJobSetCreate(js, {})).toEqual([]);
  });

  it('a generateName-only JobSet is validated with a generated name (integration: "generateName ... is rejected")', () => {
    const ok = full({ name: '', generateName: 'train-' }, { replicatedJobs: [rjob('worker')] });
    expect(validateJobSetCreate(ok, {})).toEqual([]);
    // 57 + 5 = 62 characters: the apiserver's name is valid, the child Job name is not.
    const long = full({ name: '', generateName: a(57) }, { replicatedJobs: [rjob('w')] });
    expect(validateJobSetCreate(long, {})).toEqual([err('spec.replicatedJobs[0].name', JOB_NAME_TOO_LONG)]);
  });

  it("DependsOn and StartupPolicy: InOrder can't be set together (CEL)", () => {
    const js = full(JS, {
      startupPolicy: { startupPolicyOrder: 'InOrder' },
      replicatedJobs: [rjob('rjob-1'), rjob('rjob-2', { dependsOn: [{ name: 'rjob-1', status: 'Ready' }] })],
    });
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec', 'StartupPolicy and DependsOn APIs are mutually exclusive'),
    ]);
  });

  it('DependsOn and StartupPolicy: AnyOrder can be set together', () => {
    const js = full(JS, {
      startupPolicy: { startupPolicyOrder: 'AnyOrder' },
      replicatedJobs: [rjob('rjob-1'), rjob('rjob-2', { dependsOn: [{ name: 'rjob-1', status: 'Ready' }] })],
    });
    expect(validateJobSetCreate(js, {})).toEqual([]);
  });

  it('DependsOn list must contain valid ReplicatedJob status (enum; CEL is then skipped)', () => {
    const js = full(JS, {
      replicatedJobs: [
        rjob('rjob-1'),
        rjob('rjob-2', { dependsOn: [{ name: 'rjob-1', status: 'Failed' as 'Ready' }] }),
      ],
    });
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.replicatedJobs[1].dependsOn[0].status', 'supported values: "Ready", "Complete"'),
      err('', CEL_SKIPPED),
    ]);
  });

  it('dependsOn holds at most 5 entries', () => {
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const js = full(JS, {
      replicatedJobs: [
        ...names.map((n) => rjob(n)),
        rjob('last', { dependsOn: names.map((n) => ({ name: n, status: 'Complete' as const })) }),
      ],
    });
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.replicatedJobs[6].dependsOn', 'must have at most 5 items'),
      err('', CEL_SKIPPED),
    ]);
  });

  it('replicatedJob names are unique (list-map key)', () => {
    const js = full(JS, { replicatedJobs: [rjob('rj'), rjob('other'), rjob('rj')] });
    expect(validateJobSetCreate(js, {})).toEqual([err('spec.replicatedJobs[2]', 'Duplicate value')]);
  });

  it('dependsOn names are unique (list-map key)', () => {
    const js = full(JS, {
      replicatedJobs: [
        rjob('a'),
        rjob('b', {
          dependsOn: [
            { name: 'a', status: 'Ready' },
            { name: 'a', status: 'Complete' },
          ],
        }),
      ],
    });
    expect(validateJobSetCreate(js, {})).toEqual([err('spec.replicatedJobs[1].dependsOn[1]', 'Duplicate value')]);
  });

  it('the embedded pod schema requires containers and container names', () => {
    const js = full(JS, { replicatedJobs: [rjob('rj')] });
    const pod = js.spec.replicatedJobs[0]!.template.spec.template.spec as { containers?: unknown[] };
    pod.containers = [{ image: 'x' }];
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.replicatedJobs[0].template.spec.template.spec.containers[0].name', 'Required value'),
      err('', CEL_SKIPPED),
    ]);
    delete pod.containers;
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.replicatedJobs[0].template.spec.template.spec.containers', 'Required value'),
      err('', CEL_SKIPPED),
    ]);
  });

  it('ttlSecondsAfterFinished ≥ 0', () => {
    const js = full(JS, { replicatedJobs: [rjob('rj')], ttlSecondsAfterFinished: -5 });
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.ttlSecondsAfterFinished', 'spec.ttlSecondsAfterFinished in body should be greater than or equal to 0'),
    ]);
  });

  it('unknown failure policy action and restart strategy are enum errors', () => {
    const js = full(JS, {
      replicatedJobs: [rjob('rj')],
      failurePolicy: {
        restartStrategy: 'Later' as 'Recreate',
        rules: [{ name: 'r', action: 'Panic' as 'FailJobSet' }],
      },
    });
    expect(validateJobSetCreate(js, {})).toEqual([
      err('spec.failurePolicy.restartStrategy', 'supported values: "Recreate", "BlockingRecreate", "InPlaceRestart"'),
      err(
        'spec.failurePolicy.rules[0].action',
        'supported values: "FailJobSet", "RestartJobSet", "RestartJobSetAndIgnoreMaxRestarts", "RestartJob", "RestartJobAndIgnoreMaxRestarts"',
      ),
      err('', CEL_SKIPPED),
    ]);
  });

  it('metadata: a name or generateName is required, and a name must be a DNS-1123 subdomain', () => {
    expect(validateJobSetCreate(full({ name: '' }, { replicatedJobs: [rjob('rj')] }), {})).toEqual([
      err('metadata.name', 'name or generateName is required'),
      err('', CEL_SKIPPED),
    ]);
    // The webhook never runs, so the job-name error for the same name is not reported.
    expect(validateJobSetCreate(full({ name: 'My.JobSet' }, { replicatedJobs: [rjob('rj')] }), {})).toEqual([
      err('metadata.name', DNS1123),
    ]);
  });

  it('schema errors come first: the webhook does not run', () => {
    const js = full(JS, {
      replicatedJobs: [rjob('rj', { replicas: -1, dependsOn: [{ name: 'x', status: 'Ready' }] })],
    });
    expect(validateJobSetSchema(js)).toEqual([
      err(
        'spec.replicatedJobs[0].replicas',
        'spec.replicatedJobs[0].replicas in body should be greater than or equal to 0',
      ),
    ]);
    expect(validateJobSetCreate(js, {})).toEqual(validateJobSetSchema(js));
    expect(validateJobSetCreateWebhook(js, {})).toEqual([
      err('spec.replicatedJobs[0].dependsOn', "DependsOn can't be set for the first ReplicatedJob"),
      err('spec.replicatedJobs[0].dependsOn[0].name', 'replicatedJob: rj cannot depend on replicatedJob: x'),
    ]);
  });
});

describe('the 422 status a client receives (jobSetCreateStatus / jobSetUpdateStatus)', () => {
  it('a webhook plain error reads `<nil>: Internal error: <text>`, behind the webhook prefix', () => {
    const js = full(JS, { replicatedJobs: [rjob('rjob-1', { dependsOn: [{ name: 'rjob-1', status: 'Ready' }] })] });
    expect(jobSetCreateStatus(js, {})).toEqual({
      code: 422,
      reason: 'Invalid',
      webhook: 'vjobset.kb.io',
      message: `JobSet.jobset.x-k8s.io "js" is invalid: <nil>: Internal error: DependsOn can't be set for the first ReplicatedJob`,
      causes: [
        {
          reason: 'InternalError',
          message: "Internal error: DependsOn can't be set for the first ReplicatedJob",
          field: '<nil>',
        },
      ],
    });
  });

  it('several webhook errors aggregate as [a, b]', () => {
    const js = full(
      { name: a(62) },
      { network: { subdomain: a(64) }, replicatedJobs: [rjob('rj', { replicas: 101 })] },
    );
    expect(jobSetCreateStatus(js, {})?.message).toBe(
      `JobSet.jobset.x-k8s.io "${a(62)}" is invalid: [spec.network.subdomain: Invalid value: "${a(64)}": ${SUBDOMAIN_TOO_LONG}, ` +
        `spec.replicatedJobs[0].name: Invalid value: "${a(62)}-rj-100": ${JOB_NAME_TOO_LONG}]`,
    );
  });

  it('a schema error comes from the apiserver itself (no webhook) and shows the bad value', () => {
    const st = jobSetCreateStatus(full(JS, { replicatedJobs: [rjob('rj', { replicas: -1 })] }), {});
    expect(st?.webhook).toBeUndefined();
    expect(st?.message).toBe(
      'JobSet.jobset.x-k8s.io "js" is invalid: spec.replicatedJobs[0].replicas: Invalid value: -1: spec.replicatedJobs[0].replicas in body should be greater than or equal to 0',
    );
  });

  it('an enum error is followed by the fieldless CEL note', () => {
    const js = full(JS, {
      replicatedJobs: [rjob('a'), rjob('b', { dependsOn: [{ name: 'a', status: 'Failed' as 'Ready' }] })],
    });
    expect(jobSetCreateStatus(js, {})?.message).toBe(
      'JobSet.jobset.x-k8s.io "js" is invalid: [spec.replicatedJobs[1].dependsOn[0].status: Unsupported value: "Failed": supported values: "Ready", "Complete", ' +
        `<nil>: Invalid value: null: ${CEL_SKIPPED}]`,
    );
  });

  it('managedBy TooLong omits the value; admitted objects give no status', () => {
    const js = full(JS, { managedBy: `foo.bar/${a(63)}`, replicatedJobs: [rjob('rj')] });
    expect(jobSetCreateStatus(js, {})?.causes).toEqual([
      { reason: 'FieldValueTooLong', message: 'Too long: may not be more than 63 bytes', field: 'spec.managedBy' },
    ]);
    expect(jobSetCreateStatus(full(JS, { replicatedJobs: [rjob('rj')] }), {})).toBeUndefined();
  });

  it('an immutable managedBy reads `spec.managedBy: Invalid value: "<new>": field is immutable`', () => {
    const old = full(JS, { managedBy: 'example.com/old', replicatedJobs: [rjob('rj')] });
    const next = structuredClone(old);
    next.spec.managedBy = 'example.com/new';
    expect(jobSetUpdateStatus(old, next, {})?.message).toBe(
      'JobSet.jobset.x-k8s.io "js" is invalid: spec.managedBy: Invalid value: "example.com/new": field is immutable',
    );
    expect(jobSetUpdateStatus(old, next, {})?.webhook).toBe('vjobset.kb.io');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The full update path: CEL transition rules, then the webhook (spec §1.4; the integration suite's update entries).

describe('validateJobSetUpdate (CEL, then the webhook)', () => {
  const base = (spec: Partial<JobSetSpec> = {}): JobSet =>
    full(JS, {
      replicatedJobs: [rjob('rjob-1'), rjob('rjob-2', { dependsOn: [{ name: 'rjob-1', status: 'Ready' }] })],
      failurePolicy: { maxRestarts: 3 },
      ...spec,
    });
  const edit = (js: JobSet, f: (j: JobSet) => void): JobSet => {
    const c = structuredClone(js);
    f(c);
    return c;
  };

  it.each<[string, (j: JobSet) => void, FieldError[]]>([
    ['suspend jobset', (j) => (j.spec.suspend = true), []],
    ['ttlSecondsAfterFinished is mutable', (j) => (j.spec.ttlSecondsAfterFinished = 100), []],
    ['coordinator is mutable', (j) => (j.spec.coordinator = { replicatedJob: 'rjob-1' }), []],
    ['labels and annotations are mutable', (j) => (j.metadata.labels = { a: 'b' }), []],
    [
      'SuccessPolicy should be immutable',
      (j) => (j.spec.successPolicy = { operator: 'All', targetReplicatedJobs: ['test', 'test2'] }),
      [err('spec.successPolicy', 'Value is immutable')],
    ],
    [
      'FailurePolicy should be immutable',
      (j) => (j.spec.failurePolicy = { maxRestarts: 21, restartStrategy: 'Recreate' }),
      [err('spec.failurePolicy', 'Value is immutable')],
    ],
    ['network is immutable', (j) => (j.spec.network!.subdomain = 'svc'), [err('spec.network', 'Value is immutable')]],
    [
      'startupPolicy is immutable',
      (j) => (j.spec.startupPolicy = { startupPolicyOrder: 'InOrder' }),
      // The spec-wide rule fails too: InOrder with a dependsOn.
      [
        err('spec', 'StartupPolicy and DependsOn APIs are mutually exclusive'),
        err('spec.startupPolicy', 'Value is immutable'),
      ],
    ],
    [
      'DependsOn must be immutable',
      (j) => (j.spec.replicatedJobs[1]!.dependsOn![0] = { name: 'rjob-1', status: 'Complete' }),
      [err('spec.replicatedJobs[1].dependsOn', 'Value is immutable')],
    ],
    [
      'removing failurePolicy passes CEL (the transition rule needs both values)',
      (j) => delete j.spec.failurePolicy,
      [],
    ],
    [
      'ttlSecondsAfterFinished < 0 is rejected on update too',
      (j) => (j.spec.ttlSecondsAfterFinished = -1),
      [
        err(
          'spec.ttlSecondsAfterFinished',
          'spec.ttlSecondsAfterFinished in body should be greater than or equal to 0',
        ),
      ],
    ],
    [
      'validate jobSet should fail on NodeSelectors Update',
      (j) => (j.spec.replicatedJobs[0]!.template.spec.template.spec.nodeSelector = { pool: 'a' }),
      [IMMUTABLE],
    ],
    [
      'validate jobSet immutable for managedBy field',
      (j) => (j.spec.managedBy = 'new-manager'),
      [err('spec.managedBy', 'field is immutable')],
    ],
  ])('%s', (_name, change, want) => {
    const old = base();
    expect(validateJobSetUpdate(old, edit(old, change), {})).toEqual(want);
  });

  it('a failurePolicy can be added after creation (no transition rule without an old value)', () => {
    const old = base();
    delete old.spec.failurePolicy;
    const next = edit(old, (j) => (j.spec.failurePolicy = { maxRestarts: 5, restartStrategy: 'Recreate' }));
    expect(validateJobSetUpdate(old, next, {})).toEqual([]);
  });

  it('validate jobSet should not fail on NodeSelectors Update when jobset is suspended', () => {
    const old = base({ suspend: true });
    const next = edit(old, (j) => (j.spec.replicatedJobs[0]!.template.spec.template.spec.nodeSelector = { pool: 'a' }));
    expect(validateJobSetUpdate(old, next, {})).toEqual([]);
  });

  it('ratcheting: an invalid value the old object already had is tolerated when unchanged', () => {
    const old = base({ ttlSecondsAfterFinished: -1 });
    expect(
      validateJobSetUpdate(
        old,
        edit(old, (j) => (j.spec.suspend = true)),
        {},
      ),
    ).toEqual([]);
    expect(
      validateJobSetUpdate(
        old,
        edit(old, (j) => (j.spec.ttlSecondsAfterFinished = -2)),
        {},
      ),
    ).toEqual([
      err('spec.ttlSecondsAfterFinished', 'spec.ttlSecondsAfterFinished in body should be greater than or equal to 0'),
    ]);
  });

  it('validate updating parallelism and completions FAILS when values are not equal (ElasticJobSet)', () => {
    const old = full(JS, { replicatedJobs: [rjob('rj', { job: indexed(2) })] });
    const next = edit(old, (j) => {
      j.spec.replicatedJobs[0]!.template.spec.parallelism = 3;
      j.spec.replicatedJobs[0]!.template.spec.completions = 4;
    });
    expect(validateJobSetUpdate(old, next, ELASTIC)).toEqual([
      err(
        'spec.replicatedJobs[0].template.spec.completions',
        'completions must be equal to parallelism for Elastic Indexed Jobs',
      ),
    ]);
    expect(validateJobSetUpdate(old, next, {})).toEqual([IMMUTABLE]);
  });

  it('CEL errors come before the webhook: a dependsOn change does not also report `field is immutable`', () => {
    const old = base();
    const next = edit(old, (j) => {
      j.spec.replicatedJobs[1]!.dependsOn = [{ name: 'rjob-1', status: 'Complete' }];
      j.spec.replicatedJobs[0]!.replicas = 7;
    });
    expect(validateJobSetUpdate(old, next, {})).toEqual([
      err('spec.replicatedJobs[1].dependsOn', 'Value is immutable'),
    ]);
    expect(validateJobSetUpdateWebhook(old, next, {})).toEqual([IMMUTABLE]);
  });
});
