// Kueue object validation against kueue ff69552e: the webhook unit tables (pkg/webhooks/clusterqueue_webhook_test.go
// TestValidateClusterQueue, TestValidateTotalFlavors, TestValidateTotalCoveredResources,
// TestValidateFlavorResourceCombinations; cohort_webhook_test.go TestValidateCohort; resourceflavor_webhook_test.go
// TestValidateResourceFlavor), and the envtest tables that run both gates (test/integration/singlecluster/webhook/
// core/clusterqueue_test.go and cohort_test.go "Validate ... on creation", tas/tas_test.go "Topology validations").
// In the envtest tables, BeInvalidError is the apiserver (schema or CEL) and BeForbiddenError the webhook.
import { describe, expect, it } from 'vitest';
import type {
  ClusterQueue,
  ClusterQueueSpec,
  Cohort,
  CohortSpec,
  FlavorQuotas,
  ResourceFlavor,
  ResourceGroup,
  Topology,
  Workload,
} from '../../../src/kueue/api.js';
import {
  CEL_BORROWING_LIMIT_MSG,
  CEL_FLAVOR_RESOURCES_MSG,
  CEL_MIN_COUNT_MSG,
  CEL_PREFERENCE_MSG,
  CEL_PRIORITY_MSG,
  CEL_SKIPPED_MSG,
  CEL_TOPOLOGY_HOSTNAME_MSG,
  CEL_TOPOLOGY_MUTABLE_MSG,
  CEL_TOPOLOGY_NODE_LABELS_MSG,
  CEL_TOPOLOGY_UNIQUE_MSG,
  type FieldError,
  validateClusterQueue,
  validateClusterQueueSchema,
  validateClusterQueueWebhook,
  validateCohort,
  validateCohortWebhook,
  validateLocalQueueUpdate,
  validateResourceFlavor,
  validateResourceFlavorWebhook,
  validateTopology,
  validateTopologyUpdate,
  validateWorkload,
  validateWorkloadPriorityClass,
  validateWorkloadWebhook,
} from '../../../src/kueue/validation.js';

const LABEL_NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const RG0 = 'spec.resourceGroups[0]';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

/** MakeFlavorQuotas(name).Resource(r, nominal?, borrowingLimit?, lendingLimit?); nominal defaults to "0". */
type Res = [name: string, nominal?: string, borrowingLimit?: string, lendingLimit?: string];

function fq(name: string, ...resources: Res[]): FlavorQuotas {
  return {
    name,
    resources: resources.map(([r, n, bl, ll]) => ({
      name: r,
      nominalQuota: n || '0',
      ...(bl ? { borrowingLimit: bl } : {}),
      ...(ll ? { lendingLimit: ll } : {}),
    })),
  };
}

/** MakeFlavorQuotas(name).Obj() with no Resource call: `resources` omitted (omitempty). */
function bareFlavor(name: string): FlavorQuotas {
  return { name } as FlavorQuotas;
}

/** utiltestingapi.ResourceGroup: coveredResources from the first flavor; both omitted when there is none. */
function rg(...flavors: FlavorQuotas[]): ResourceGroup {
  if (flavors.length === 0) return {} as ResourceGroup;
  const covered = (flavors[0]!.resources ?? []).map((r) => r.name);
  return (covered.length ? { coveredResources: covered, flavors } : { flavors }) as ResourceGroup;
}

const cq = (spec: ClusterQueueSpec = {}): Pick<ClusterQueue, 'spec'> => ({ spec });
const co = (spec: CohortSpec = {}): Pick<Cohort, 'spec'> => ({ spec });

/** The (path, message) pairs upstream's tables assert; `source` is checked where the gate matters. */
const pm = (errs: FieldError[]) => errs.map((e) => ({ path: e.path, message: e.message }));

// ---------------------------------------------------------------------------------------------------------------

describe('clusterqueue_webhook_test.go TestValidateClusterQueue', () => {
  const cases: [string, Pick<ClusterQueue, 'spec'>, { path: string; message: string }[]][] = [
    ['built-in resources with qualified names', cq({ resourceGroups: [rg(fq('default', ['cpu']))] }), []],
    [
      'invalid resource name',
      cq({ resourceGroups: [rg(fq('default', ['@cpu']))] }),
      [{ path: `${RG0}.coveredResources[0]`, message: LABEL_NAME_PART_MSG }],
    ],
    ['admissionChecks defined', cq({ admissionChecksStrategy: { admissionChecks: [{ name: 'ac1' }] } }), []],
    [
      'admissionCheckStrategy defined with a valid flavor',
      cq({
        resourceGroups: [rg(bareFlavor('flavor1'))],
        admissionChecksStrategy: { admissionChecks: [{ name: 'ac1', onFlavors: ['flavor1'] }] },
      }),
      [],
    ],
    [
      'admissionCheckStrategy refers to a flavor that is not in quota',
      cq({ admissionChecksStrategy: { admissionChecks: [{ name: 'ac1', onFlavors: ['flavor1'] }] } }),
      [{ path: 'spec.admissionChecksStrategy.admissionChecks[0].onFlavors[0]', message: 'Unsupported value' }],
    ],
    ['in cohort', cq({ cohortName: 'prod' }), []],
    ['extended resources with qualified names', cq({ resourceGroups: [rg(fq('default', ['example.com/gpu']))] }), []],
    ['flavor with qualified names', cq({ resourceGroups: [rg(bareFlavor('x86'))] }), []],
    [
      'flavor quota with negative value',
      cq({ resourceGroups: [rg(fq('x86', ['cpu', '-1']))] }),
      [{ path: `${RG0}.flavors[0].resources[0].nominalQuota`, message: 'must be greater than or equal to 0' }],
    ],
    ['flavor quota with zero value', cq({ resourceGroups: [rg(fq('x86', ['cpu', '0']))] }), []],
    [
      'flavor quota with borrowingLimit 0',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '0']))] }),
      [],
    ],
    [
      'flavor quota with negative borrowingLimit',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '-1']))] }),
      [{ path: `${RG0}.flavors[0].resources[0].borrowingLimit`, message: 'must be greater than or equal to 0' }],
    ],
    [
      'flavor quota with lendingLimit 0',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '', '0']))] }),
      [],
    ],
    [
      'flavor quota with negative lendingLimit',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '', '-1']))] }),
      [{ path: `${RG0}.flavors[0].resources[0].lendingLimit`, message: 'must be greater than or equal to 0' }],
    ],
    [
      'flavor quota with lendingLimit and empty cohort',
      cq({ resourceGroups: [rg(fq('x86', ['cpu', '1', '', '1']))] }),
      [{ path: `${RG0}.flavors[0].resources[0].lendingLimit`, message: 'must be nil when cohort is empty' }],
    ],
    [
      'flavor quota with lendingLimit greater than nominalQuota',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '', '2']))] }),
      [
        {
          path: `${RG0}.flavors[0].resources[0].lendingLimit`,
          message: 'must be less than or equal to the nominalQuota',
        },
      ],
    ],
    // QueueingStrategy("") is omitted by the Go client (omitempty).
    ['empty queueing strategy is supported', cq({}), []],
    [
      'namespaceSelector with invalid labels',
      cq({ namespaceSelector: { matchLabels: { 'nospecialchars^=@': 'bar' } } }),
      [{ path: 'spec.namespaceSelector.matchLabels', message: LABEL_NAME_PART_MSG }],
    ],
    [
      'namespaceSelector with invalid expressions',
      cq({ namespaceSelector: { matchExpressions: [{ key: 'key', operator: 'In' }] } }),
      [
        {
          path: 'spec.namespaceSelector.matchExpressions[0].values',
          message: "must be specified when `operator` is 'In' or 'NotIn'",
        },
      ],
    ],
    [
      'multiple resource groups',
      cq({
        resourceGroups: [
          rg(fq('alpha', ['cpu', '0'], ['memory', '0']), fq('beta', ['cpu', '0'], ['memory', '0'])),
          rg(fq('gamma', ['example.com/gpu', '0']), fq('omega', ['example.com/gpu', '0'])),
        ],
      }),
      [],
    ],
    [
      'resources in a flavor in different order',
      cq({
        resourceGroups: [
          {
            coveredResources: ['cpu', 'memory'],
            flavors: [fq('alpha', ['cpu', '0'], ['memory', '0']), fq('beta', ['memory', '0'], ['cpu', '0'])],
          },
        ],
      }),
      [
        { path: `${RG0}.flavors[1].resources[0].name`, message: 'must match the name in coveredResources' },
        { path: `${RG0}.flavors[1].resources[1].name`, message: 'must match the name in coveredResources' },
      ],
    ],
    [
      'resource in more than one resource group',
      cq({ resourceGroups: [rg(fq('alpha', ['cpu', '0'], ['memory', '0'])), rg(fq('beta', ['memory', '0']))] }),
      [{ path: 'spec.resourceGroups[1].coveredResources[0]', message: 'Duplicate value' }],
    ],
    [
      'flavor in more than one resource group',
      cq({ resourceGroups: [rg(fq('alpha', ['cpu']), fq('beta', ['cpu'])), rg(fq('beta', ['memory']))] }),
      [{ path: 'spec.resourceGroups[1].flavors[0].name', message: 'Duplicate value' }],
    ],
    [
      'valid preemption with borrowWithinCohort',
      cq({
        preemption: {
          reclaimWithinCohort: 'LowerPriority',
          borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 10 },
        },
      }),
      [],
    ],
    [
      'existing cluster queue created with older Kueue version that has a nil borrowWithinCohort field',
      cq({ preemption: { reclaimWithinCohort: 'Never' } }),
      [],
    ],
    [
      'flavorFungibility preference set but whenCanPreempt != TryNextFlavor',
      cq({
        flavorFungibility: {
          whenCanBorrow: 'TryNextFlavor',
          whenCanPreempt: 'MayStopSearch',
          preference: 'BorrowingOverPreemption',
        },
      }),
      [
        {
          path: 'spec.flavorFungibility.preference',
          message:
            'preference "BorrowingOverPreemption" requires both whenCanBorrow and whenCanPreempt to be TryNextFlavor',
        },
      ],
    ],
    [
      'flavorFungibility preference set but whenCanBorrow != TryNextFlavor',
      cq({
        flavorFungibility: {
          whenCanBorrow: 'MayStopSearch',
          whenCanPreempt: 'MayStopSearch',
          preference: 'BorrowingOverPreemption',
        },
      }),
      [
        {
          path: 'spec.flavorFungibility.preference',
          message:
            'preference "BorrowingOverPreemption" requires both whenCanBorrow and whenCanPreempt to be TryNextFlavor',
        },
      ],
    ],
    [
      'flavorFungibility preference BorrowingOverPreemption with both TryNextFlavor is valid',
      cq({
        flavorFungibility: {
          whenCanBorrow: 'TryNextFlavor',
          whenCanPreempt: 'TryNextFlavor',
          preference: 'BorrowingOverPreemption',
        },
      }),
      [],
    ],
    [
      'flavorFungibility preference PreemptionOverBorrowing with both TryNextFlavor is valid',
      cq({
        flavorFungibility: {
          whenCanBorrow: 'TryNextFlavor',
          whenCanPreempt: 'TryNextFlavor',
          preference: 'PreemptionOverBorrowing',
        },
      }),
      [],
    ],
    [
      'flavorFungibility preference PreemptionOverBorrowing but whenCanBorrow != TryNextFlavor',
      cq({
        flavorFungibility: {
          whenCanBorrow: 'MayStopSearch',
          whenCanPreempt: 'TryNextFlavor',
          preference: 'PreemptionOverBorrowing',
        },
      }),
      [
        {
          path: 'spec.flavorFungibility.preference',
          message:
            'preference "PreemptionOverBorrowing" requires both whenCanBorrow and whenCanPreempt to be TryNextFlavor',
        },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => {
    expect(pm(validateClusterQueueWebhook(obj))).toEqual(want);
  });
});

/** makeFlavors(n): flavors f000.. each with cpu 1. */
function makeFlavors(n: number): FlavorQuotas[] {
  return Array.from({ length: n }, (_, i) => fq(`f${String(i).padStart(3, '0')}`, ['cpu', '1']));
}

/** makeFlavorResourceCombinations(numFlavors, numResources): one group, res000.. in every flavor. */
function makeCombinations(numFlavors: number, numResources: number): ResourceGroup[] {
  const resources = Array.from({ length: numResources }, (_, j) => `res${String(j).padStart(3, '0')}`);
  return [
    {
      coveredResources: resources,
      flavors: Array.from({ length: numFlavors }, (_, i) =>
        fq(`f${String(i).padStart(3, '0')}`, ...resources.map((r): Res => [r, '1'])),
      ),
    },
  ];
}

describe('clusterqueue_webhook_test.go totals', () => {
  it.each<[string, number, string[]]>([
    ['within limit (10 flavors)', 10, []],
    ['At limit (256 flavors)', 256, []],
    ['over limit (257 flavors)', 257, ['total number of flavors across all resourceGroups must be ≤ 256, got 257']],
  ])('TestValidateTotalFlavors %s', (_n, count, want) => {
    const errs = validateClusterQueueWebhook(cq({ resourceGroups: [rg(...makeFlavors(count))] }));
    expect(errs.map((e) => e.message)).toEqual(want);
    expect(errs.every((e) => e.path === 'spec.resourceGroups')).toBe(true);
  });

  it.each<[string, number, string[]]>([
    ['within limit (10 covered resources)', 10, []],
    ['At limit (256 covered resources)', 256, []],
    [
      'over limit (257 covered resources)',
      257,
      ['total number of covered resources across all resourceGroups must be ≤ 256, got 257'],
    ],
  ])('TestValidateTotalCoveredResources %s', (_n, count, want) => {
    const errs = validateClusterQueueWebhook(cq({ resourceGroups: makeCombinations(1, count) }));
    expect(errs.map((e) => e.message)).toEqual(want);
  });

  it.each<[string, number, number, string[]]>([
    ['within limit (1 flavor × 10 resources = 10)', 1, 10, []],
    ['at limit (8 flavors × 64 resources = 512)', 8, 64, []],
    [
      'over limit (9 flavors × 64 resources = 576)',
      9,
      64,
      ['number of flavor-resource combinations in a resourceGroup must be ≤ 512, got 576'],
    ],
  ])('TestValidateFlavorResourceCombinations %s', (_n, flavors, resources, want) => {
    const errs = validateClusterQueueWebhook(cq({ resourceGroups: makeCombinations(flavors, resources) }));
    expect(pm(errs)).toEqual(want.map((message) => ({ path: RG0, message })));
  });
});

describe('cohort_webhook_test.go TestValidateCohort', () => {
  it('flavor quota with lendingLimit and empty parent', () => {
    expect(pm(validateCohortWebhook(co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '', '1']))] })))).toEqual([
      { path: `${RG0}.flavors[0].resources[0].lendingLimit`, message: 'must be nil when parent is empty' },
    ]);
  });
});

describe('resourceflavor_webhook_test.go TestValidateResourceFlavor', () => {
  const rf = (spec: ResourceFlavor['spec']): Pick<ResourceFlavor, 'spec'> => ({ spec });
  it.each<[string, Pick<ResourceFlavor, 'spec'>, { path: string; message: string }[]]>([
    ['empty', rf({}), []],
    [
      'valid',
      rf({ nodeLabels: { foo: 'bar' }, nodeTaints: [{ key: 'spot', value: 'true', effect: 'NoSchedule' }] }),
      [],
    ],
    [
      'invalid label name',
      rf({ nodeLabels: { '@abc': 'foo' } }),
      [{ path: 'spec.nodeLabels', message: LABEL_NAME_PART_MSG }],
    ],
    [
      'invalid label value',
      rf({ nodeLabels: { foo: '@abc' } }),
      [{ path: 'spec.nodeLabels', message: LABEL_VALUE_MSG }],
    ],
  ])('%s', (_name, obj, want) => {
    expect(pm(validateResourceFlavorWebhook(obj))).toEqual(want);
  });

  it('validateNodeTaints: duplicate key/effect pairs (extracted from k8s core validation)', () => {
    const errs = validateResourceFlavorWebhook(
      rf({
        nodeTaints: [
          { key: 'spot', value: 'true', effect: 'NoSchedule' },
          { key: 'spot', value: 'false', effect: 'NoSchedule' },
          { key: 'spot', effect: 'NoExecute' },
        ],
      }),
    );
    expect(errs).toEqual([
      {
        path: 'spec.nodeTaints[1]',
        message: 'taints must be unique by key and effect pair',
        type: 'Duplicate',
        source: 'webhook',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Both gates (envtest tables).

type Outcome = 'ok' | 'invalid' | 'forbidden';

function outcome(errs: FieldError[]): Outcome {
  if (errs.length === 0) return 'ok';
  return errs.every((e) => e.source === 'webhook') ? 'forbidden' : 'invalid';
}

describe('integration clusterqueue_test.go "Validate ClusterQueue on creation"', () => {
  const resources65 = fq('flavor', ...Array.from({ length: 65 }, (_, i): Res => [`r${i}`]));
  const flavors65 = Array.from({ length: 65 }, (_, i) => fq(`f${i}`, ['cpu']));
  const cases: [string, Pick<ClusterQueue, 'spec'>, Outcome][] = [
    [
      'Should have non-negative borrowing limit',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '2', '-1']))] }),
      'forbidden',
    ],
    ['Should have non-negative quota value', cq({ resourceGroups: [rg(fq('x86', ['cpu', '-1']))] }), 'forbidden'],
    ['Should have at least one flavor', cq({ resourceGroups: [rg()] }), 'invalid'],
    ['Should have at least one resource', cq({ resourceGroups: [rg(bareFlavor('foo'))] }), 'invalid'],
    ['Should have qualified flavor name', cq({ resourceGroups: [rg(fq('invalid_name', ['cpu', '5']))] }), 'invalid'],
    ['Should have qualified resource name', cq({ resourceGroups: [rg(fq('x86', ['@cpu', '5']))] }), 'forbidden'],
    ['Should have valid resources quantity', cq({ resourceGroups: [rg(resources65)] }), 'invalid'],
    ['Should have valid flavors quantity', cq({ resourceGroups: [rg(...flavors65)] }), 'invalid'],
    [
      'Should forbid clusterQueue creation with unqualified labelSelector',
      cq({ namespaceSelector: { matchLabels: { 'nospecialchars^=@': 'bar' } } }),
      'forbidden',
    ],
    [
      'Should forbid to create clusterQueue with unknown clusterQueueingStrategy',
      cq({ queueingStrategy: 'unknown' as never }),
      'invalid',
    ],
    ['Should allow to create clusterQueue with empty clusterQueueingStrategy', cq({}), 'ok'],
    ['Should allow to create clusterQueue with empty preemption', cq({ preemption: {} }), 'ok'],
    [
      'Should allow to create clusterQueue with preemption policies',
      cq({
        preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
        flavorFungibility: { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' },
      }),
      'ok',
    ],
    [
      'Should forbid to create clusterQueue with unknown preemption.withinCohort',
      cq({ preemption: { reclaimWithinCohort: 'unknown' as never } }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue with unknown preemption.withinClusterQueue',
      cq({ preemption: { withinClusterQueue: 'unknown' as never } }),
      'invalid',
    ],
    [
      'Should allow to create clusterQueue with built-in resources with qualified names',
      cq({ resourceGroups: [rg(fq('default', ['cpu']))] }),
      'ok',
    ],
    [
      'Should forbid to create clusterQueue with invalid resource name',
      cq({ resourceGroups: [rg(fq('default', ['@cpu']))] }),
      'forbidden',
    ],
    ['Should allow to create clusterQueue with valid cohort', cq({ cohortName: 'prod' }), 'ok'],
    ['Should forbid to create clusterQueue with invalid cohort', cq({ cohortName: '@prod' }), 'invalid'],
    [
      'Should allow to create clusterQueue with extended resources with qualified names',
      cq({ resourceGroups: [rg(fq('default', ['example.com/gpu']))] }),
      'ok',
    ],
    [
      'Should allow to create clusterQueue with flavor with qualified names',
      cq({ resourceGroups: [rg(fq('x86', ['cpu']))] }),
      'ok',
    ],
    [
      'Should forbid to create clusterQueue with flavor with unqualified names',
      cq({ resourceGroups: [rg(bareFlavor('invalid_name'))] }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue with flavor quota with negative value',
      cq({ resourceGroups: [rg(fq('x86', ['cpu', '-1']))] }),
      'forbidden',
    ],
    [
      'Should allow to create clusterQueue with flavor quota with zero values',
      cq({ resourceGroups: [rg(fq('x86', ['cpu', '0']))] }),
      'ok',
    ],
    [
      'Should allow to create clusterQueue with flavor quota with borrowingLimit 0',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '0']))] }),
      'ok',
    ],
    [
      'Should forbid to create clusterQueue with flavor quota with negative borrowingLimit',
      cq({ cohortName: 'cohort', resourceGroups: [rg(fq('x86', ['cpu', '1', '-1']))] }),
      'forbidden',
    ],
    [
      'Should forbid to create clusterQueue with flavor quota with borrowingLimit and empty cohort',
      cq({ resourceGroups: [rg(fq('x86', ['cpu', '1', '1']))] }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue with namespaceSelector with invalid expressions',
      cq({ namespaceSelector: { matchExpressions: [{ key: 'key', operator: 'In' }] } }),
      'forbidden',
    ],
    [
      'Should allow to create clusterQueue with multiple resource groups',
      cq({
        resourceGroups: [
          rg(fq('alpha', ['cpu', '0'], ['memory', '0']), fq('beta', ['cpu', '0'], ['memory', '0'])),
          rg(fq('gamma', ['example.com/gpu', '0']), fq('omega', ['example.com/gpu', '0'])),
        ],
      }),
      'ok',
    ],
    [
      'Should forbid to create clusterQueue with resources in a flavor in different order',
      cq({
        resourceGroups: [
          {
            coveredResources: ['cpu', 'memory'],
            flavors: [fq('alpha', ['cpu', '0'], ['memory', '0']), fq('beta', ['memory', '0'], ['cpu', '0'])],
          },
        ],
      }),
      'forbidden',
    ],
    [
      'Should forbid to create clusterQueue missing resources in a flavor',
      cq({ resourceGroups: [{ coveredResources: ['cpu', 'memory'], flavors: [fq('alpha', ['cpu', '0'])] }] }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue missing resources in a flavor (extra resource)',
      cq({ resourceGroups: [{ coveredResources: ['cpu'], flavors: [fq('alpha', ['cpu', '0'], ['memory', '0'])] }] }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue missing resources in a flavor and mismatch',
      cq({ resourceGroups: [{ coveredResources: ['blah'], flavors: [fq('alpha', ['cpu', '0'], ['memory', '0'])] }] }),
      'invalid',
    ],
    [
      'Should forbid to create clusterQueue with resource in more than one resource group',
      cq({ resourceGroups: [rg(fq('alpha', ['cpu', '0'], ['memory', '0'])), rg(fq('beta', ['memory', '0']))] }),
      'forbidden',
    ],
    [
      'Should forbid to create clusterQueue with flavor in more than one resource group',
      cq({ resourceGroups: [rg(fq('alpha', ['cpu']), fq('beta', ['cpu'])), rg(fq('beta', ['memory']))] }),
      'forbidden',
    ],
    [
      'Should forbid to create clusterQueue missing with invalid preemption due to reclaimWithinCohort=Never, while borrowWithinCohort!=nil',
      cq({ preemption: { reclaimWithinCohort: 'Never', borrowWithinCohort: { policy: 'LowerPriority' } } }),
      'invalid',
    ],
    [
      'Should allow to create clusterQueue with valid preemption with borrowWithinCohort',
      cq({
        preemption: {
          reclaimWithinCohort: 'LowerPriority',
          borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 10 },
        },
      }),
      'ok',
    ],
    [
      'Should allow to create clusterQueue with existing cluster queue created with older Kueue version that has a nil borrowWithinCohort field',
      cq({ preemption: { reclaimWithinCohort: 'Never' } }),
      'ok',
    ],
    ['Should allow zero FairSharing weight', cq({ fairSharing: { weight: '0' } }), 'ok'],
    ['Should allow fractional FairSharing weight', cq({ fairSharing: { weight: '0.1' } }), 'ok'],
    ['Should allow small FairSharing weight', cq({ fairSharing: { weight: '1m' } }), 'ok'],
    ['Should allow even smaller FairSharing weight', cq({ fairSharing: { weight: '1u' } }), 'ok'],
    ['Should allow smallest FairSharing weight', cq({ fairSharing: { weight: '2n' } }), 'ok'],
    ['Should forbid threshold FairSharing weight', cq({ fairSharing: { weight: '1n' } }), 'forbidden'],
    ['Should forbid collapsed FairSharing weight', cq({ fairSharing: { weight: '0.0000000001' } }), 'forbidden'],
    ['Should forbid negative FairSharing weight', cq({ fairSharing: { weight: '-1' } }), 'forbidden'],
  ];
  it.each(cases)('%s', (_name, obj, want) => {
    expect(outcome(validateClusterQueue(obj))).toBe(want);
  });

  it('reports the apiserver texts: minItems, pattern, enum, CEL', () => {
    expect(pm(validateClusterQueue(cq({ resourceGroups: [rg()] })))).toEqual([
      { path: `${RG0}.coveredResources`, message: 'Required value' },
      { path: `${RG0}.flavors`, message: 'Required value' },
      { path: '', message: CEL_SKIPPED_MSG },
    ]);
    expect(
      pm(validateClusterQueue(cq({ resourceGroups: [{ coveredResources: [], flavors: [fq('x', ['cpu'])] }] }))),
    ).toEqual([
      { path: `${RG0}.coveredResources`, message: `${RG0}.coveredResources in body should have at least 1 items` },
      { path: RG0, message: CEL_FLAVOR_RESOURCES_MSG },
    ]);
    expect(pm(validateClusterQueue(cq({ cohortName: '@prod' })))).toEqual([
      { path: 'spec.cohortName', message: `spec.cohortName in body should match '${DNS_PATTERN}'` },
    ]);
    expect(pm(validateClusterQueue(cq({ queueingStrategy: 'unknown' as never })))).toEqual([
      { path: 'spec.queueingStrategy', message: 'supported values: "StrictFIFO", "BestEffortFIFO"' },
      { path: '', message: CEL_SKIPPED_MSG },
    ]);
    expect(pm(validateClusterQueue(cq({ resourceGroups: [rg(...flavors65)] })))).toEqual([
      { path: `${RG0}.flavors`, message: 'must have at most 64 items' },
      { path: '', message: CEL_SKIPPED_MSG },
    ]);
    expect(pm(validateClusterQueue(cq({ resourceGroups: [rg(fq('x86', ['cpu', '1', '1']))] })))).toEqual([
      { path: 'spec', message: CEL_BORROWING_LIMIT_MSG },
    ]);
    expect(
      pm(
        validateClusterQueue(
          cq({ preemption: { reclaimWithinCohort: 'Never', borrowWithinCohort: { policy: 'LowerPriority' } } }),
        ),
      ),
    ).toEqual([{ path: 'spec.preemption', message: 'reclaimWithinCohort=Never and borrowWithinCohort.Policy!=Never' }]);
    // The CEL rule of FlavorFungibility answers before the webhook's rule on the same condition.
    expect(validateClusterQueue(cq({ flavorFungibility: { preference: 'PreemptionOverBorrowing' } }))).toEqual([
      { path: 'spec.flavorFungibility', message: CEL_PREFERENCE_MSG, type: 'Invalid', source: 'cel' },
    ]);
    expect(pm(validateClusterQueue(cq({ resourceGroups: [rg(fq('x86', ['cpu', 'abc']))] })))).toEqual([
      {
        path: `${RG0}.flavors[0].resources[0].nominalQuota`,
        message:
          `${RG0}.flavors[0].resources[0].nominalQuota in body should match ` +
          "'^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'",
      },
    ]);
  });

  it('the webhook reports fair-sharing weights at spec.fairSharing', () => {
    expect(validateClusterQueue(cq({ fairSharing: { weight: '1n' } }))).toEqual([
      { path: 'spec.fairSharing', message: 'When not 0, weight must be > 10e-9', type: 'Invalid', source: 'webhook' },
    ]);
    expect(pm(validateClusterQueue(cq({ fairSharing: { weight: '-1' } })))).toEqual([
      { path: 'spec.fairSharing', message: 'must be greater than or equal to 0' },
    ]);
    expect(validateClusterQueueSchema(cq({ fairSharing: { weight: '0.000000002' } }))).toEqual([]);
    expect(validateClusterQueue(cq({ fairSharing: { weight: '1e-9' } })).map((e) => e.message)).toEqual([
      'When not 0, weight must be > 10e-9',
    ]);
  });
});

describe('integration cohort_test.go "Validate Cohort on creation"', () => {
  const cases: [string, Pick<Cohort, 'spec'>, Outcome][] = [
    ['Should allow default Cohort', co(), 'ok'],
    ['Should allow valid parent name', co({ parentName: 'prod' }), 'ok'],
    ['Should reject invalid parent name', co({ parentName: '@prod' }), 'invalid'],
    ['ResourceGroup should have at least one flavor', co({ resourceGroups: [rg()] }), 'invalid'],
    ['FlavorQuota should have at least one resource', co({ resourceGroups: [rg(bareFlavor('foo'))] }), 'invalid'],
    ['Should reject invalid flavor name', co({ resourceGroups: [rg(fq('@x86', ['cpu', '5']))] }), 'invalid'],
    ['Should allow valid resource name', co({ resourceGroups: [rg(fq('x86', ['@cpu', '5']))] }), 'forbidden'],
    [
      'Should reject too many flavors in resource group',
      co({ resourceGroups: [rg(...Array.from({ length: 65 }, (_, i) => fq(`f${i}`, ['cpu'])))] }),
      'invalid',
    ],
    [
      'Should reject too many resources in resource group',
      co({ resourceGroups: [rg(fq('flavor', ...Array.from({ length: 65 }, (_, i): Res => [`cpu${i}`])))] }),
      'invalid',
    ],
    ['Should allow resource with valid name', co({ resourceGroups: [rg(fq('default', ['cpu']))] }), 'ok'],
    ['Should reject resource with invalid name', co({ resourceGroups: [rg(fq('default', ['@cpu']))] }), 'forbidden'],
    [
      'Should allow extended resources with valid name',
      co({ resourceGroups: [rg(fq('default', ['example.com/gpu']))] }),
      'ok',
    ],
    ['Should allow flavor with valid name', co({ resourceGroups: [rg(fq('x86', ['cpu']))] }), 'ok'],
    ['Should reject flavor with invalid name', co({ resourceGroups: [rg(fq('x_86', ['cpu']))] }), 'invalid'],
    ['Should reject negative nominal quota', co({ resourceGroups: [rg(fq('x86', ['cpu', '-1']))] }), 'forbidden'],
    [
      'Should reject negative borrowing limit',
      co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '-1']))] }),
      'forbidden',
    ],
    [
      'Should reject negative lending limit',
      co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '', '-1']))] }),
      'forbidden',
    ],
    [
      'Should reject borrowingLimit when no parent',
      co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '1']))] }),
      'forbidden',
    ],
    [
      'Should allow borrowingLimit 0 when parent exists',
      co({ parentName: 'parent', resourceGroups: [rg(fq('x86', ['cpu', '1', '0']))] }),
      'ok',
    ],
    [
      'Should allow borrowingLimit when parent exists',
      co({ parentName: 'parent', resourceGroups: [rg(fq('x86', ['cpu', '1', '1']))] }),
      'ok',
    ],
    [
      'Should reject lendingLimit when no parent',
      co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '', '1']))] }),
      'forbidden',
    ],
    [
      'Should allow lendingLimit when parent exists',
      co({ parentName: 'parent', resourceGroups: [rg(fq('x86', ['cpu', '1', '', '1']))] }),
      'ok',
    ],
    [
      'Should allow lendingLimit 0 when parent exists',
      co({ parentName: 'parent', resourceGroups: [rg(fq('x86', ['cpu', '0', '', '0']))] }),
      'ok',
    ],
    [
      'Should allow lending limit to exceed nominal quota',
      co({ parentName: 'parent', resourceGroups: [rg(fq('x86', ['cpu', '3', '', '5']))] }),
      'ok',
    ],
    [
      'Should reject resources in a flavor in different order',
      co({
        resourceGroups: [
          {
            coveredResources: ['cpu', 'memory'],
            flavors: [fq('alpha', ['cpu', '0'], ['memory', '0']), fq('beta', ['memory', '0'], ['cpu', '0'])],
          },
        ],
      }),
      'forbidden',
    ],
    [
      'Should reject missing resources in a flavor',
      co({ resourceGroups: [{ coveredResources: ['cpu', 'memory'], flavors: [fq('alpha', ['cpu', '0'])] }] }),
      'invalid',
    ],
    [
      'Should reject resource not defined in resource group',
      co({ resourceGroups: [{ coveredResources: ['cpu'], flavors: [fq('alpha', ['cpu', '0'], ['memory', '0'])] }] }),
      'invalid',
    ],
    [
      'Should reject resource in more than one resource group',
      co({ resourceGroups: [rg(fq('alpha', ['cpu', '0'], ['memory', '0'])), rg(fq('beta', ['memory', '0']))] }),
      'forbidden',
    ],
    [
      'Should reject flavor in more than one resource group',
      co({ resourceGroups: [rg(fq('alpha', ['cpu']), fq('beta', ['cpu'])), rg(fq('beta', ['memory']))] }),
      'forbidden',
    ],
    ['Should allow FairSharing weight', co({ fairSharing: { weight: '1' } }), 'ok'],
    ['Should allow zero FairSharing weight', co({ fairSharing: { weight: '0' } }), 'ok'],
    ['Should forbid negative FairSharing weight', co({ fairSharing: { weight: '-1' } }), 'forbidden'],
    ['Should allow fractional FairSharing weight', co({ fairSharing: { weight: '0.5' } }), 'ok'],
    ['Should allow small FairSharing weight', co({ fairSharing: { weight: '1m' } }), 'ok'],
    ['Should allow even smaller FairSharing weight', co({ fairSharing: { weight: '1u' } }), 'ok'],
    ['Should allow smallest FairSharing weight', co({ fairSharing: { weight: '2n' } }), 'ok'],
    ['Should forbid threshold FairSharing weight', co({ fairSharing: { weight: '1n' } }), 'forbidden'],
    ['Should forbid collapsed FairSharing weight', co({ fairSharing: { weight: '0.0000000001' } }), 'forbidden'],
  ];
  it.each(cases)('%s', (_name, obj, want) => {
    expect(outcome(validateCohort(obj))).toBe(want);
  });

  it('limits without a parent say "parent"', () => {
    expect(pm(validateCohort(co({ resourceGroups: [rg(fq('x86', ['cpu', '1', '1']))] })))).toEqual([
      { path: `${RG0}.flavors[0].resources[0].borrowingLimit`, message: 'must be nil when parent is empty' },
    ]);
  });
});

describe('integration tas_test.go "Topology validations"', () => {
  const BLOCK = 'cloud.google.com/gce-topology-block';
  const RACK = 'cloud.google.com/gce-topology-subblock';
  const HOST = 'kubernetes.io/hostname';
  const topo = (...levels: string[] | [undefined]): Pick<Topology, 'spec'> =>
    ({
      spec: levels[0] === undefined ? {} : { levels: (levels as string[]).map((nodeLabel) => ({ nodeLabel })) },
    }) as Pick<Topology, 'spec'>;
  it.each<[string, Pick<Topology, 'spec'>, { path: string; message: string }[]]>([
    ['valid Topology', topo(HOST), []],
    [
      'no levels',
      topo(undefined),
      [
        { path: 'spec.levels', message: 'Required value' },
        { path: '', message: CEL_SKIPPED_MSG },
      ],
    ],
    [
      'invalid levels',
      topo('@invalid'),
      [
        {
          path: 'spec.levels[0].nodeLabel',
          message:
            "spec.levels[0].nodeLabel in body should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$'",
        },
      ],
    ],
    ['non-unique levels', topo(BLOCK, BLOCK), [{ path: 'spec.levels', message: CEL_TOPOLOGY_UNIQUE_MSG }]],
    [
      'kubernetes.io/hostname first',
      topo(HOST, BLOCK, RACK),
      [{ path: 'spec.levels', message: CEL_TOPOLOGY_HOSTNAME_MSG }],
    ],
    [
      'kubernetes.io/hostname middle',
      topo(BLOCK, HOST, RACK),
      [{ path: 'spec.levels', message: CEL_TOPOLOGY_HOSTNAME_MSG }],
    ],
    ['kubernetes.io/hostname last', topo(BLOCK, RACK, HOST), []],
    [
      '17 levels',
      topo(...Array.from({ length: 17 }, (_, i) => `l${i}`)),
      [
        { path: 'spec.levels', message: 'must have at most 16 items' },
        { path: '', message: CEL_SKIPPED_MSG },
      ],
    ],
  ])('on creation: %s', (_name, t, want) => {
    expect(pm(validateTopology(t))).toEqual(want);
  });

  it.each<[string, string[], string[], boolean]>([
    ['appending a level below hostname is prohibited', [HOST], [HOST, 'added'], false],
    ['reordering levels above hostname is allowed', [BLOCK, RACK, HOST], [RACK, BLOCK, HOST], true],
    ['moving hostname away from the lowest level is prohibited', [BLOCK, RACK, HOST], [BLOCK, HOST, RACK], false],
    ['updating levels of a topology without hostname is prohibited', [BLOCK, RACK], ['changed', RACK], false],
  ])('on update: %s', (_name, before, after, ok) => {
    const errs = validateTopologyUpdate(topo(...before), topo(...after));
    expect(errs.length === 0).toBe(ok);
    if (!ok) expect(errs.map((e) => e.message)).toContain(CEL_TOPOLOGY_MUTABLE_MSG);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Rules of the CRD markers and webhooks that upstream tests only through envtest without asserting texts.

describe('ResourceFlavor, LocalQueue, WorkloadPriorityClass (CRD markers)', () => {
  it('topologyName needs a nodeLabel; tolerations CEL rules; ≤8 taints', () => {
    expect(pm(validateResourceFlavor({ spec: { topologyName: 'default' } }))).toEqual([
      { path: 'spec', message: CEL_TOPOLOGY_NODE_LABELS_MSG },
    ]);
    expect(
      pm(
        validateResourceFlavor({
          spec: {
            tolerations: [
              { operator: 'Exists', value: 'x' },
              { tolerationSeconds: 5, key: 'k' },
            ],
          },
        }),
      ),
    ).toEqual([
      { path: 'spec.tolerations', message: "effect must be 'NoExecute' when 'tolerationSeconds' is set" },
      { path: 'spec.tolerations', message: "a value must be empty when 'operator' is 'Exists'" },
    ]);
    const taints = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, effect: 'NoSchedule' as const }));
    expect(pm(validateResourceFlavor({ spec: { nodeTaints: taints } }))[0]).toEqual({
      path: 'spec.nodeTaints',
      message: 'must have at most 8 items',
    });
  });

  it('LocalQueue clusterQueue is immutable', () => {
    const lq = (clusterQueue: string) => ({ spec: { clusterQueue } });
    expect(validateLocalQueueUpdate(lq('a'), lq('a'))).toEqual([]);
    expect(pm(validateLocalQueueUpdate(lq('a'), lq('b')))).toEqual([
      { path: 'spec.clusterQueue', message: 'field is immutable' },
    ]);
  });

  it('WorkloadPriorityClass: value required, description ≤2048 bytes', () => {
    expect(validateWorkloadPriorityClass({ value: 100 })).toEqual([]);
    expect(pm(validateWorkloadPriorityClass({ value: 1, description: 'x'.repeat(2049) }))).toEqual([
      { path: 'description', message: 'may not be more than 2048 bytes' },
      { path: '', message: CEL_SKIPPED_MSG },
    ]);
  });
});

describe('Workload (workload_types.go markers, workload_webhook.go ValidateWorkload)', () => {
  const pod = (requests: Record<string, string> = { cpu: '1' }) => ({
    spec: { containers: [{ name: 'c', resources: { requests } }] },
  });
  const wl = (spec: Partial<Workload['spec']>, status?: Workload['status']): Pick<Workload, 'spec' | 'status'> => ({
    spec: { podSets: [{ name: 'main', count: 1, template: pod() }], ...spec },
    ...(status ? { status } : {}),
  });

  it('schema and CEL', () => {
    expect(validateWorkload(wl({}))).toEqual([]);
    expect(pm(validateWorkload(wl({ podSets: [] })))).toEqual([
      { path: 'spec.podSets', message: 'spec.podSets in body should have at least 1 items' },
    ]);
    expect(pm(validateWorkload(wl({ podSets: [{ count: 2, minCount: 3, template: pod() }] })))).toEqual([
      { path: 'spec.podSets[0]', message: CEL_MIN_COUNT_MSG },
    ]);
    expect(
      pm(
        validateWorkload(
          wl({ priorityClassRef: { group: 'kueue.x-k8s.io', kind: 'WorkloadPriorityClass', name: 'high' } }),
        ),
      ),
    ).toEqual([{ path: 'spec', message: CEL_PRIORITY_MSG }]);
    expect(pm(validateWorkload(wl({ podSets: [{ template: pod() }, { name: 'main', template: pod() }] })))).toEqual([
      { path: 'spec.podSets[1]', message: 'Duplicate value' },
    ]);
  });

  it('webhook: minCount on one podSet only, reserved pods key, slice size, admission consistency', () => {
    expect(
      pm(
        validateWorkloadWebhook(
          wl({
            podSets: [
              { name: 'a', count: 4, minCount: 2, template: pod({ pods: '1' }) },
              { name: 'b', count: 4, minCount: 2, template: pod(), topologyRequest: { podSetSliceSize: 2 } },
            ],
          }),
        ),
      ),
    ).toEqual([
      {
        path: 'spec.podSets[0].template.spec.containers[0].resources.requests[pods]',
        message: 'the key is reserved for internal kueue use',
      },
      {
        path: 'spec.podSets[1].topologyRequest.podSetSliceSize',
        message: 'may not be set when podSetSliceRequiredTopology is not specified',
      },
      { path: 'spec.podSets', message: 'at most one podSet can use minCount' },
    ]);
    const reserved = {
      type: 'QuotaReserved',
      status: 'True' as const,
      reason: 'QuotaReserved',
      message: '',
      lastTransitionTime: 0,
    };
    expect(pm(validateWorkloadWebhook(wl({}, { conditions: [reserved] })))).toEqual([
      { path: 'status.admission', message: 'must be set while the QuotaReserved condition is true' },
    ]);
    const admission = {
      clusterQueue: 'cq',
      podSetAssignments: [{ name: 'other', count: 3, resourceUsage: { cpu: '4' }, flavors: { cpu: 'default' } }],
    };
    expect(
      pm(
        validateWorkloadWebhook(
          wl({}, { conditions: [reserved], admission, reclaimablePods: [{ name: 'main', count: 2 }] }),
        ),
      ),
    ).toEqual([
      { path: 'status.admission.podSetAssignments[0].name', message: 'Not found' },
      { path: 'status.admission.podSetAssignments[0].resourceUsage[cpu]', message: 'is not a multiple of 3' },
      { path: 'status.reclaimablePods[main].count', message: 'should be less or equal to 1' },
    ]);
  });
});
