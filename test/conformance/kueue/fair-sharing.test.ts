// Fair Sharing (spec §3.4, §3.5) against kueue ff69552e:
// - pkg/cache/scheduler/fair_sharing_test.go TestDominantResourceShare (every case), TestIsBorrowingOn,
//   TestPreciseWeightedShareSerialized;
// - pkg/scheduler/scheduler_fs_test.go TestScheduleForFairSharing: the cases decided by the admission order of
//   fair_sharing_iterator.go (no preemption involved). The scheduler's cycle is reduced to what those cases
//   exercise: one head per ClusterQueue with the usage of the flavor it is nominated with (the flavor upstream
//   assigns; given here), popped in Fair Sharing order, admitted when it still fits (tree.fits), left otherwise
//   ("Workload no longer fits after processing another workload").
//
// Units: upstream counts CPU in milli-units and other resources in whole units; amounts here are quantity
// strings parsed into the simulator's milli-units, so every ratio is the same.
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src/api/quantity.js';
import type { ClusterQueuePreemption, ResourceGroup } from '../../../src/kueue/api.js';
import {
  compareDRS,
  type DRS,
  dominantResourceShare,
  type FairSharingEntry,
  fairSharingOrder,
  fairWeightsFromSpecs,
  formatFloatF,
  isBorrowingOn,
  MAX_WEIGHTED_SHARE,
  parseFairWeight,
  preciseWeightedShareSerialized,
  quantityAsFloat,
  roundedWeightedShare,
} from '../../../src/kueue/fair-sharing.js';
import { type FlavorResource, QuotaTree } from '../../../src/kueue/quota.js';
import { fq, type Res, rg } from '../../support/kueue-builders.js';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

interface CQ {
  metadata: { name: string };
  spec: {
    cohortName?: string;
    resourceGroups: ResourceGroup[];
    preemption?: ClusterQueuePreemption;
    fairSharing?: { weight: string };
  };
}

function cq(name: string, cohortName: string | undefined, opts: { weight?: string }, ...groups: ResourceGroup[]): CQ {
  return {
    metadata: { name },
    spec: {
      ...(cohortName ? { cohortName } : {}),
      resourceGroups: groups,
      ...(opts.weight !== undefined ? { fairSharing: { weight: opts.weight } } : {}),
    },
  };
}

interface Co {
  metadata: { name: string };
  spec: { parentName?: string; resourceGroups: ResourceGroup[]; fairSharing?: { weight: string } };
}

function cohort(
  name: string,
  parentName: string | undefined,
  opts: { weight?: string },
  ...groups: ResourceGroup[]
): Co {
  return {
    metadata: { name },
    spec: {
      ...(parentName ? { parentName } : {}),
      resourceGroups: groups,
      ...(opts.weight !== undefined ? { fairSharing: { weight: opts.weight } } : {}),
    },
  };
}

function amounts(u: Record<FlavorResource, string>): Map<FlavorResource, number> {
  return new Map(Object.entries(u).map(([fr, q]) => [fr, parseQuantity(q)]));
}

// ---------------------------------------------------------------------------------------------------------------
// fair_sharing_test.go TestDominantResourceShare

interface DrsResult {
  name: string;
  kind: 'ClusterQueue' | 'Cohort';
  value: number;
  resource: string;
  borrowing: boolean;
}

interface DrsCase {
  /** Usage of ClusterQueue "cq" (one admitted workload per FlavorResource). */
  usage: Record<FlavorResource, string>;
  clusterQueue: CQ;
  lendingClusterQueue?: CQ;
  cohorts?: Co[];
  /** flvResQ: the simulated workload added to every node's share. */
  wlReq?: Record<FlavorResource, string>;
  want: DrsResult[];
}

const GPU = 'example.com/gpu';
const cqR = (name: string, value = 0, resource = '', borrowing = false): DrsResult => ({
  name,
  kind: 'ClusterQueue',
  value,
  resource,
  borrowing,
});
const coR = (name: string, value = 0, resource = '', borrowing = false): DrsResult => ({
  name,
  kind: 'Cohort',
  value,
  resource,
  borrowing,
});

/** The two-ClusterQueue layout most cases use: cq and lending-cq in test-cohort. */
function pair(
  cqWeight: string,
  cqResources: Res[],
  lendingWeight: string,
  lendingResources: Res[],
  flavor = 'default',
): Pick<DrsCase, 'clusterQueue' | 'lendingClusterQueue'> {
  return {
    clusterQueue: cq('cq', 'test-cohort', { weight: cqWeight }, rg(fq(flavor, ...cqResources))),
    lendingClusterQueue: cq(
      'lending-cq',
      'test-cohort',
      { weight: lendingWeight },
      rg(fq('default', ...lendingResources)),
    ),
  };
}

const FLAT_REST = [cqR('lending-cq'), coR('test-cohort')];

const DRS_CASES: Record<string, DrsCase> = {
  'no cohort': {
    usage: { 'default/cpu': '1', [`default/${GPU}`]: '2' },
    clusterQueue: cq('cq', undefined, {}, rg(fq('default', ['cpu', '2000'], [GPU, '5']))),
    want: [cqR('cq')],
  },
  'usage below nominal': {
    usage: { 'default/cpu': '1', [`default/${GPU}`]: '2' },
    ...pair(
      '1',
      [
        ['cpu', '2'],
        [GPU, '5'],
      ],
      '1',
      [
        ['cpu', '8'],
        [GPU, '5'],
      ],
    ),
    want: [cqR('cq'), ...FLAT_REST],
  },
  'usage above nominal': {
    usage: { 'default/cpu': '3', [`default/${GPU}`]: '7' },
    ...pair(
      '1',
      [
        ['cpu', '2'],
        [GPU, '5'],
      ],
      '1',
      [
        ['cpu', '8'],
        [GPU, '5'],
      ],
    ),
    want: [cqR('cq', 200, GPU, true), ...FLAT_REST], // (7-5)*1000/10
  },
  'usage slightly above nominal in a cohort with large quotas': {
    usage: { [`default/${GPU}`]: '501' },
    ...pair('1', [[GPU, '500']], '300', [[GPU, '1000']]),
    want: [cqR('cq', 1, GPU, true), ...FLAT_REST],
  },
  'usage way above nominal in a cohort with large quotas and weights': {
    usage: { [`default/${GPU}`]: '800' },
    ...pair('300', [[GPU, '500']], '300', [[GPU, '1000']]),
    want: [cqR('cq', 1, GPU, true), ...FLAT_REST],
  },
  'one resource above nominal': {
    usage: { 'default/cpu': '3', [`default/${GPU}`]: '3' },
    ...pair(
      '1',
      [
        ['cpu', '2'],
        [GPU, '5'],
      ],
      '1',
      [
        ['cpu', '8'],
        [GPU, '5'],
      ],
    ),
    want: [cqR('cq', 100, 'cpu', true), ...FLAT_REST], // (3-2)*1000/10
  },
  'usage with workload above nominal': {
    usage: { 'default/cpu': '1', [`default/${GPU}`]: '2' },
    ...pair(
      '1',
      [
        ['cpu', '2'],
        [GPU, '5'],
      ],
      '1',
      [
        ['cpu', '8'],
        [GPU, '5'],
      ],
    ),
    wlReq: { 'default/cpu': '4', [`default/${GPU}`]: '4' },
    want: [cqR('cq', 300, 'cpu', true), ...FLAT_REST], // (1+4-2)*1000/10
  },
  'A resource with zero lendable': {
    usage: { 'default/cpu': '1', [`default/${GPU}`]: '1' },
    ...pair(
      '1',
      [
        ['cpu', '2'],
        [GPU, '2', '', '0'],
      ],
      '1',
      [
        ['cpu', '8'],
        [GPU, '64', '', '0'],
      ],
    ),
    wlReq: { 'default/cpu': '4', [`default/${GPU}`]: '4' },
    want: [cqR('cq', 300, 'cpu', true), ...FLAT_REST], // (1+4-2)*1000/10
  },
  'multiple flavors': {
    usage: { 'on-demand/cpu': '15', 'spot/cpu': '5' },
    clusterQueue: cq(
      'cq',
      'test-cohort',
      { weight: '1' },
      rg(fq('on-demand', ['cpu', '20']), fq('spot', ['cpu', '80'])),
    ),
    lendingClusterQueue: cq('lending-cq', 'test-cohort', { weight: '1' }, rg(fq('default', ['cpu', '100']))),
    wlReq: { 'on-demand/cpu': '10' },
    want: [cqR('cq', 25, 'cpu', true), ...FLAT_REST], // ((15+10-20)+0)*1000/200 (spot under nominal)
  },
  'above nominal with integer weight': {
    usage: { [`default/${GPU}`]: '7' },
    ...pair('2', [[GPU, '5']], '1', [[GPU, '5']]),
    want: [cqR('cq', 100, GPU, true), ...FLAT_REST], // ((7-5)*1000/10)/2
  },
  'above nominal with decimal weight': {
    usage: { [`default/${GPU}`]: '7' },
    ...pair('0.5', [[GPU, '5']], '1', [[GPU, '5']]),
    want: [cqR('cq', 400, GPU, true), ...FLAT_REST], // ((7-5)*1000/10)/(1/2)
  },
  'above nominal with zero weight': {
    usage: { [`default/${GPU}`]: '7' },
    ...pair('0', [[GPU, '5']], '1', [[GPU, '10']]),
    want: [cqR('cq', MAX_WEIGHTED_SHARE, GPU, true), ...FLAT_REST],
  },
  'cohort has resource share': {
    usage: { [`default/${GPU}`]: '10' },
    clusterQueue: cq('cq', 'child-cohort', { weight: '1' }, rg(fq('default', [GPU, '5']))),
    cohorts: [
      cohort('child-cohort', 'root', { weight: '2' }),
      cohort('root', undefined, {}, rg(fq('default', [GPU, '45']))),
    ],
    want: [
      cqR('cq', 100, GPU, true), // (5 / 50) * 1000
      coR('child-cohort', 50, GPU, true), // (5 / 50) * 1000 / 2
      coR('root'),
    ],
  },
  'resource share defined for resources only available at the root cohort': {
    usage: { [`default/${GPU}`]: '10' },
    clusterQueue: cq('cq', 'child-cohort', { weight: '1' }, rg(fq('default', [GPU, '0']))),
    cohorts: [
      cohort('child-cohort', 'root', { weight: '2' }),
      cohort('root', undefined, {}, rg(fq('default', [GPU, '50']))),
    ],
    want: [
      cqR('cq', 200, GPU, true), // (10 / 50) * 1000
      coR('child-cohort', 100, GPU, true), // (10 / 50) * 1000 / 2
      coR('root'),
    ],
  },
  'resource share affected by borrowing limit': {
    // Cohort resources from view of CQ are 10, while from view of child-cohort are 50.
    usage: { [`default/${GPU}`]: '10' },
    clusterQueue: cq('cq', 'child-cohort', {}, rg(fq('default', [GPU, '0']))),
    cohorts: [
      cohort('child-cohort', 'root', {}, rg(fq('default', [GPU, '0', '10']))),
      cohort('root', undefined, {}, rg(fq('default', [GPU, '50']))),
    ],
    want: [
      cqR('cq', 1000, GPU, true), // (10 / 10) * 1000
      coR('child-cohort', 200, GPU, true), // (10 / 50) * 1000
      coR('root'),
    ],
  },
  'borrowing against unlimited lendable capacity (exabyte-scale quota)': {
    // "1E" CPU overflows → Unlimited; the ratio 1000*1000/MaxInt64 ≈ 1.09e-13 rounds up to 1.
    usage: { 'default/cpu': '1' },
    ...pair('1', [['cpu', '0']], '1', [['cpu', '1E']]),
    want: [cqR('cq', 1, 'cpu', true), ...FLAT_REST],
  },
};

function drsTree(c: Pick<DrsCase, 'clusterQueue' | 'lendingClusterQueue' | 'cohorts' | 'usage'>) {
  const clusterQueues = [c.clusterQueue, ...(c.lendingClusterQueue ? [c.lendingClusterQueue] : [])];
  const cohorts = c.cohorts ?? [];
  const tree = QuotaTree.build({ clusterQueues, cohorts, usage: new Map([['cq', amounts(c.usage)]]) });
  return { tree, weights: fairWeightsFromSpecs(clusterQueues, cohorts) };
}

describe('fair_sharing_test.go TestDominantResourceShare', () => {
  it.each(Object.entries(DRS_CASES))('%s', (_name, c) => {
    const { tree, weights } = drsTree(c);
    const wlReq = c.wlReq ? amounts(c.wlReq) : undefined;
    const got: DrsResult[] = [];
    for (const name of tree.clusterQueueNames()) {
      const d = dominantResourceShare(tree, tree.clusterQueue(name)!, weights, wlReq);
      const { weightedShare, resource } = roundedWeightedShare(d);
      got.push({ name, kind: 'ClusterQueue', value: weightedShare, resource, borrowing: d.borrowing });
    }
    for (const name of tree.cohortNames()) {
      const d = dominantResourceShare(tree, tree.cohort(name)!, weights, wlReq);
      const { weightedShare, resource } = roundedWeightedShare(d);
      got.push({ name, kind: 'Cohort', value: weightedShare, resource, borrowing: d.borrowing });
    }
    const key = (r: DrsResult) => `${r.kind}/${r.name}`;
    expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...c.want].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('spec §3.4 example: nominal 5 GPU, usage 7, sibling nominal 5, weight 2 ⇒ 100', () => {
    const { tree, weights } = drsTree({
      usage: { [`default/${GPU}`]: '7' },
      ...pair('2', [[GPU, '5']], '1', [[GPU, '5']]),
    });
    expect(roundedWeightedShare(dominantResourceShare(tree, tree.clusterQueue('cq')!, weights)).weightedShare).toBe(
      100,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// fair_sharing_test.go TestIsBorrowingOn

describe('fair_sharing_test.go TestIsBorrowingOn', () => {
  const cpu = 'default/cpu';
  const gpu = `default/${GPU}`;
  const cases: Record<
    string,
    { usage: Record<string, string>; requested?: Record<string, string>; onRequested: boolean; borrowing: boolean }
  > = {
    'borrows on requested flavor': {
      usage: { [cpu]: '3' },
      requested: { [cpu]: '1' },
      onRequested: true,
      borrowing: true,
    },
    'borrows on unrequested flavor only': {
      usage: { [cpu]: '1', [gpu]: '7' },
      requested: { [cpu]: '1' },
      onRequested: false,
      borrowing: true,
    },
    'borrows on both, requests one': {
      usage: { [cpu]: '3', [gpu]: '7' },
      requested: { [gpu]: '1' },
      onRequested: true,
      borrowing: true,
    },
    'no borrowing': {
      usage: { [cpu]: '1', [gpu]: '2' },
      requested: { [cpu]: '1' },
      onRequested: false,
      borrowing: false,
    },
    'nil requestedFRs': { usage: { [cpu]: '3' }, onRequested: false, borrowing: true },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const { tree, weights } = drsTree({
      usage: c.usage,
      clusterQueue: cq('cq', 'cohort', { weight: '1' }, rg(fq('default', ['cpu', '2'], [GPU, '5']))),
      lendingClusterQueue: cq('lending-cq', 'cohort', {}, rg(fq('default', ['cpu', '8'], [GPU, '5']))),
    });
    const d = dominantResourceShare(tree, tree.clusterQueue('cq')!, weights);
    expect(d.borrowing).toBe(c.borrowing);
    expect(isBorrowingOn(d, c.requested ? amounts(c.requested) : undefined)).toBe(c.onRequested);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// fair_sharing_test.go TestPreciseWeightedShareSerialized, CompareDRS and weights

function drs(fairWeight: number, unweightedRatio: number): DRS {
  return { fairWeight, unweightedRatio, dominantResource: '', borrowing: unweightedRatio > 0, borrowedFRs: [] };
}

describe('fair_sharing_test.go TestPreciseWeightedShareSerialized', () => {
  it.each([
    ['zero weight returning Inf', drs(0, 100), '+Inf'],
    ['zero unweighted ratio returns 0', drs(1, 0), '0'],
    ['regular integer division', drs(2, 400), '200'],
    ['decimal division', drs(4, 10), '2.5'],
  ] as const)('%s', (_name, d, want) => {
    expect(preciseWeightedShareSerialized(d)).toBe(want);
  });
});

describe('CompareDRS and fair weights', () => {
  it('a zero-weight borrower ranks above any finite share; two of them compare by unweighted ratio', () => {
    expect(compareDRS(drs(0, 1), drs(1, 1e9))).toBe(1);
    expect(compareDRS(drs(1, 1e9), drs(0, 1))).toBe(-1);
    expect(compareDRS(drs(0, 2), drs(0, 1))).toBe(1);
    expect(compareDRS(drs(0, 1), drs(0, 1))).toBe(0);
    // A zero weight with a zero ratio (not borrowing, or nothing lendable) is just 0.
    expect(compareDRS(drs(0, 0), drs(1, 0))).toBe(0);
    expect(compareDRS(drs(2, 400), drs(1, 200))).toBe(0);
  });

  it('parseFairWeight: Quantity.AsFloat64Slow, 1 when unset', () => {
    expect(parseFairWeight(undefined)).toBe(1);
    expect(parseFairWeight({})).toBe(1);
    expect(parseFairWeight({ weight: '0' })).toBe(0);
    expect(parseFairWeight({ weight: '0.5' })).toBe(0.5);
    expect(parseFairWeight({ weight: '1.01' })).toBe(1.01);
    expect(parseFairWeight({ weight: '500m' })).toBe(0.5);
    expect(parseFairWeight({ weight: 2 })).toBe(2);
    expect(quantityAsFloat('1Ki')).toBe(1024);
    expect(quantityAsFloat('1e3')).toBe(1000);
    expect(quantityAsFloat('123456789')).toBe(123456789);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// scheduler_fs_test.go TestScheduleForFairSharing: cases decided by fair_sharing_iterator.go.

/** TestScheduleForFairSharing's clusterQueues (namespace selectors and queueing strategies left out). */
const SCHEDULER_CQS: CQ[] = [
  cq('sales', undefined, {}, rg(fq('default', ['cpu', '50', '0']))),
  cq('eng-alpha', 'eng', {}, rg(fq('on-demand', ['cpu', '50', '50']), fq('spot', ['cpu', '100', '0']))),
  cq(
    'eng-beta',
    'eng',
    {},
    rg(fq('on-demand', ['cpu', '50', '10']), fq('spot', ['cpu', '0', '100'])),
    rg(fq('model-a', [GPU, '20', '0'])),
  ),
  cq('flavor-nonexistent-cq', undefined, {}, rg(fq('nonexistent-flavor', ['cpu', '50']))),
  cq('lend-a', 'lend', {}, rg(fq('default', ['cpu', '3', '', '2']))),
  cq('lend-b', 'lend', {}, rg(fq('default', ['cpu', '2', '', '2']))),
];

interface Pending {
  /** namespace/name. */
  key: string;
  cq: string;
  /** The nominated assignment's usage. */
  usage: Record<FlavorResource, string>;
  priority?: number;
  /** Seconds relative to the test clock (absent: Go's zero time). */
  creation?: number;
}

interface OrderCase {
  clusterQueues: CQ[];
  cohorts?: Co[];
  /** Workloads holding quota: [cq, usage]. */
  admitted: [string, Record<FlavorResource, string>][];
  /** The heads of this cycle, one per ClusterQueue. */
  pending: Pending[];
  wantAdmitted: string[];
  wantLeft: string[];
}

const NOW = 1_000_000_000;
const od = (v: string) => ({ 'on-demand/cpu': v });
const zeroCq = (name: string, cohortName: string, weight?: string) =>
  cq(name, cohortName, weight === undefined ? {} : { weight }, rg(fq('on-demand', ['cpu', '0'])));

const ORDER_CASES: Record<string, OrderCase> = {
  'with fair sharing: schedule workload with lowest share first': {
    clusterQueues: [...SCHEDULER_CQS, cq('eng-shared', 'eng', {}, rg(fq('on-demand', ['cpu', '10', '0'])))],
    admitted: [
      ['eng-alpha', od('50')],
      ['eng-beta', od('55')],
    ],
    pending: [
      { key: 'eng-beta/older_new', cq: 'eng-beta', usage: od('1'), creation: -60 },
      { key: 'eng-alpha/new', cq: 'eng-alpha', usage: od('5'), creation: 0 },
    ],
    wantAdmitted: ['eng-alpha/new'],
    wantLeft: ['eng-beta/older_new'],
  },
  'with fair sharing: nominal-first ordering admits workload fitting within nominal despite higher CQ DRS': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      cq('fs-nom-a', 'fs-nom', {}, rg(fq('on-demand', ['cpu', '50', '0'])), rg(fq('spot', ['cpu', '50', '50']))),
      cq('fs-nom-b', 'fs-nom', {}, rg(fq('on-demand', ['cpu', '10', '50'])), rg(fq('spot', ['cpu', '50', '0']))),
    ],
    admitted: [
      ['fs-nom-a', { 'spot/cpu': '80' }],
      ['fs-nom-b', od('5')],
    ],
    pending: [
      { key: 'eng-beta/borrow-wl', cq: 'fs-nom-b', usage: od('15'), creation: -60 },
      { key: 'eng-alpha/nom-wl', cq: 'fs-nom-a', usage: od('45'), creation: 0 },
    ],
    wantAdmitted: ['eng-alpha/nom-wl'],
    wantLeft: ['eng-beta/borrow-wl'],
  },
  'with fair sharing: hierarchical nominal-first prefers non-borrowing subtree': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      zeroCq('cq-a', 'Cohort-A'),
      cq('cq-b', 'Cohort-B', {}, rg(fq('on-demand', ['cpu', '5']))),
      zeroCq('cq-c', 'Cohort-B'),
    ],
    cohorts: [
      cohort('root', undefined, {}),
      cohort('Cohort-A', 'root', {}, rg(fq('on-demand', ['cpu', '10']))),
      cohort('Cohort-B', 'root', {}),
    ],
    admitted: [['cq-c', od('10')]],
    pending: [
      { key: 'eng-alpha/wl-a', cq: 'cq-a', usage: od('5') },
      { key: 'eng-alpha/wl-b', cq: 'cq-b', usage: od('5') },
    ],
    wantAdmitted: ['eng-alpha/wl-a'],
    wantLeft: ['eng-alpha/wl-b'],
  },
  'with fair sharing: hierarchical nominal-first with deeper nesting': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      zeroCq('cq-a', 'SUB-A'),
      cq('cq-b', 'Cohort-B', {}, rg(fq('on-demand', ['cpu', '5']))),
      zeroCq('cq-c', 'Cohort-B'),
    ],
    cohorts: [
      cohort('root', undefined, {}),
      cohort('Cohort-A', 'root', {}),
      cohort('SUB-A', 'Cohort-A', {}, rg(fq('on-demand', ['cpu', '10']))),
      cohort('Cohort-B', 'root', {}),
    ],
    admitted: [['cq-c', od('10')]],
    pending: [
      { key: 'eng-alpha/wl-a', cq: 'cq-a', usage: od('5') },
      { key: 'eng-alpha/wl-b', cq: 'cq-b', usage: od('5') },
    ],
    wantAdmitted: ['eng-alpha/wl-a'],
    wantLeft: ['eng-alpha/wl-b'],
  },
  'with fair sharing: hierarchical nominal-first with mixed CQ and cohort quotas': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      cq('cq-a1', 'Cohort-A', {}, rg(fq('on-demand', ['cpu', '5']))),
      cq('cq-a2', 'Cohort-A', {}, rg(fq('on-demand', ['cpu', '3']))),
      cq('cq-b', 'Cohort-B', {}, rg(fq('on-demand', ['cpu', '5']))),
      zeroCq('cq-c', 'Cohort-B'),
    ],
    cohorts: [
      cohort('root', undefined, {}),
      cohort('Cohort-A', 'root', {}, rg(fq('on-demand', ['cpu', '10']))),
      cohort('Cohort-B', 'root', {}, rg(fq('on-demand', ['cpu', '10']))),
    ],
    admitted: [
      ['cq-a2', od('6')],
      ['cq-c', od('20')],
    ],
    pending: [
      { key: 'eng-alpha/wl-a1', cq: 'cq-a1', usage: od('7') },
      { key: 'eng-alpha/wl-b', cq: 'cq-b', usage: od('4') },
    ],
    wantAdmitted: ['eng-alpha/wl-a1'],
    wantLeft: ['eng-alpha/wl-b'],
  },
  'with fair sharing: hierarchical nominal-first per-flavor ignores cross-flavor borrowing': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      cq('cq-a', 'Cohort-A', {}, rg(fq('on-demand', ['cpu', '0']), fq('spot', ['cpu', '0']))),
      cq('cq-b', 'Cohort-B', {}, rg(fq('on-demand', ['cpu', '5']), fq('spot', ['cpu', '0']))),
    ],
    cohorts: [
      cohort('root', undefined, {}),
      cohort('Cohort-A', 'root', {}, rg(fq('on-demand', ['cpu', '10']))),
      cohort('Cohort-B', 'root', {}, rg(fq('spot', ['cpu', '10']))),
    ],
    admitted: [
      ['cq-a', { 'spot/cpu': '5' }],
      ['cq-b', od('8')],
    ],
    pending: [
      { key: 'eng-alpha/wl-a', cq: 'cq-a', usage: od('4') },
      { key: 'eng-alpha/wl-b', cq: 'cq-b', usage: od('4') },
    ],
    wantAdmitted: ['eng-alpha/wl-a'],
    wantLeft: ['eng-alpha/wl-b'],
  },
  'hierarchical fair sharing schedule workload which wins tournament': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('d', 'B'), zeroCq('e', 'B'), zeroCq('f', 'C'), zeroCq('g', 'C')],
    cohorts: [
      cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '200']))),
      cohort('B', 'A', {}),
      cohort('C', 'A', {}),
    ],
    admitted: [
      ['d', od('10')],
      ['e', od('20')],
      ['g', od('100')],
    ],
    pending: [
      { key: 'eng-alpha/d1', cq: 'd', usage: od('70') },
      { key: 'eng-alpha/e1', cq: 'e', usage: od('61') },
      { key: 'eng-alpha/f1', cq: 'f', usage: od('1') },
      { key: 'eng-alpha/g1', cq: 'g', usage: od('1') },
    ],
    wantAdmitted: ['eng-alpha/d1'],
    wantLeft: ['eng-alpha/e1', 'eng-alpha/f1', 'eng-alpha/g1'],
  },
  'fair sharing schedule workload with lowest drf after admission': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('b', 'A'), zeroCq('c', 'A')],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '100'])))],
    admitted: [['b', od('10')]],
    pending: [
      { key: 'eng-alpha/b1', cq: 'b', usage: od('50') },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('75') },
    ],
    wantAdmitted: ['eng-alpha/b1'],
    wantLeft: ['eng-alpha/c1'],
  },
  'fair sharing two queues with weight 0 schedules workload which borrows less': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('b', 'A', '0'), zeroCq('c', 'A', '0')],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '8'])))],
    admitted: [['b', od('4')]],
    pending: [
      { key: 'eng-alpha/b1', cq: 'b', usage: od('4'), priority: 9001 },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('4'), priority: 0 },
    ],
    wantAdmitted: ['eng-alpha/c1'],
    wantLeft: ['eng-alpha/b1'],
  },
  'fair sharing two queues with high weight schedules workload which borrows less': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('b', 'A', '123456789'), zeroCq('c', 'A', '123456789')],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '8'])))],
    admitted: [['b', od('4')]],
    pending: [
      { key: 'eng-alpha/b1', cq: 'b', usage: od('4'), priority: 9001 },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('4'), priority: 0 },
    ],
    wantAdmitted: ['eng-alpha/c1'],
    wantLeft: ['eng-alpha/b1'],
  },
  'fair sharing schedule singleton cqs and cq without cohort': {
    clusterQueues: [
      ...SCHEDULER_CQS,
      zeroCq('a', 'A'),
      cq('b', 'B', {}, rg(fq('on-demand', ['cpu', '10']))),
      cq('c', undefined, {}, rg(fq('on-demand', ['cpu', '10']))),
    ],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '10']))), cohort('B', undefined, {})],
    admitted: [],
    pending: [
      { key: 'eng-alpha/a1', cq: 'a', usage: od('10') },
      { key: 'eng-alpha/b1', cq: 'b', usage: od('10') },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('10') },
    ],
    wantAdmitted: ['eng-alpha/a1', 'eng-alpha/b1', 'eng-alpha/c1'],
    wantLeft: [],
  },
  'fair sharing schedule highest priority first': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('b', 'A'), zeroCq('c', 'A')],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '10']))), cohort('B', undefined, {})],
    admitted: [],
    pending: [
      { key: 'eng-alpha/b1', cq: 'b', usage: od('10'), priority: 99 },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('10'), priority: 101 },
    ],
    wantAdmitted: ['eng-alpha/c1'],
    wantLeft: ['eng-alpha/b1'],
  },
  'fair sharing schedule earliest timestamp first': {
    clusterQueues: [...SCHEDULER_CQS, zeroCq('b', 'A'), zeroCq('c', 'A')],
    cohorts: [cohort('A', undefined, {}, rg(fq('on-demand', ['cpu', '10']))), cohort('B', undefined, {})],
    admitted: [],
    pending: [
      { key: 'eng-alpha/b1', cq: 'b', usage: od('10'), priority: 101, creation: 1 },
      { key: 'eng-alpha/c1', cq: 'c', usage: od('10'), priority: 101, creation: 0 },
    ],
    wantAdmitted: ['eng-alpha/c1'],
    wantLeft: ['eng-alpha/b1'],
  },
};

/** One scheduling cycle reduced to the Fair Sharing order and the "still fits" check. */
function runCycle(
  c: OrderCase,
  options: { prioritizeNonBorrowing?: boolean; prioritizePreemptorWorkloads?: boolean; preemptors?: string[] } = {},
) {
  const { preemptors = [], ...orderOptions } = options;
  const usage = new Map<string, Map<FlavorResource, number>>();
  for (const [name, u] of c.admitted) {
    const m = usage.get(name) ?? new Map<FlavorResource, number>();
    for (const [fr, v] of amounts(u)) m.set(fr, (m.get(fr) ?? 0) + v);
    usage.set(name, m);
  }
  const cohorts = c.cohorts ?? [];
  const tree = QuotaTree.build({ clusterQueues: c.clusterQueues, cohorts, usage });
  const entries: FairSharingEntry[] = c.pending.map((p) => ({
    key: p.key,
    clusterQueue: p.cq,
    priority: p.priority ?? 0,
    queueOrderTimestamp: p.creation === undefined ? 0 : NOW + p.creation,
    usage: amounts(p.usage),
    isPreemptor: preemptors.includes(p.key),
  }));
  const admitted: string[] = [];
  const left: string[] = [];
  const order = fairSharingOrder(tree, entries, {
    weights: fairWeightsFromSpecs(c.clusterQueues, cohorts),
    ...orderOptions,
    onPop: (e, t) => {
      if (t.fits(e.clusterQueue, e.usage).fits) {
        t.addUsage(e.clusterQueue, e.usage);
        admitted.push(e.key);
      } else {
        left.push(e.key);
      }
    },
  });
  return { order: order.map((e) => e.key), admitted, left };
}

describe('scheduler_fs_test.go TestScheduleForFairSharing (fair_sharing_iterator.go order)', () => {
  it.each(Object.entries(ORDER_CASES))('%s', (_name, c) => {
    const { admitted, left } = runCycle(c);
    expect(admitted.sort()).toEqual([...c.wantAdmitted].sort());
    expect(left.sort()).toEqual([...c.wantLeft].sort());
  });

  it('spec §5 #28: the B-side winner d1 is popped first (DRS 100/200 < 101/200), then the cohort is full', () => {
    const { order } = runCycle(ORDER_CASES['hierarchical fair sharing schedule workload which wins tournament']!);
    expect(order[0]).toBe('eng-alpha/d1');
  });

  it('without FairSharingPrioritizeNonBorrowing the lower DRS wins even when it borrows on the requested flavor', () => {
    // nominal-first: nom-wl fits fs-nom-a's nominal but fs-nom-a's DRS (spot borrowing) is the higher one.
    const c =
      ORDER_CASES[
        'with fair sharing: nominal-first ordering admits workload fitting within nominal despite higher CQ DRS'
      ]!;
    expect(runCycle(c).order[0]).toBe('eng-alpha/nom-wl');
    expect(runCycle(c, { prioritizeNonBorrowing: false }).order[0]).toBe('eng-beta/borrow-wl');
  });

  // entryComparer.less step 1 (fair_sharing_iterator.go): `if features.Enabled(features.PrioritizePreemptorWorkloads)
  // { if a.IsPreemptor != b.IsPreemptor { return a.IsPreemptor } }`, before the non-borrowing and DRS steps.
  // scheduler_test.go TestEntryComparerLess "a is preemptor, b not, feature enabled" (a borrowing preemptor before a
  // non-borrowing head) and "... feature disabled" (the non-borrowing head first), through the tournament.
  it('PrioritizePreemptorWorkloads: a waiting preemptor is popped first even when it borrows; gate off: ignored', () => {
    const c =
      ORDER_CASES[
        'with fair sharing: nominal-first ordering admits workload fitting within nominal despite higher CQ DRS'
      ]!;
    const preemptors = ['eng-beta/borrow-wl'];
    expect(runCycle(c, { preemptors }).order[0]).toBe('eng-alpha/nom-wl');
    expect(runCycle(c, { preemptors, prioritizePreemptorWorkloads: true }).order[0]).toBe('eng-beta/borrow-wl');
    expect(runCycle(c, { prioritizePreemptorWorkloads: true }).order[0]).toBe('eng-alpha/nom-wl');
  });

  it('the DRS values recorded for a tournament include the entry and are keyed by the parent cohort', () => {
    const c = ORDER_CASES['fair sharing schedule workload with lowest drf after admission']!;
    const tree = QuotaTree.build({
      clusterQueues: c.clusterQueues,
      cohorts: c.cohorts ?? [],
      usage: new Map([['b', amounts(od('10'))]]),
    });
    const entries = c.pending.map((p) => ({
      key: p.key,
      clusterQueue: p.cq,
      priority: 0,
      queueOrderTimestamp: 0,
      usage: amounts(p.usage),
    }));
    const got = fairSharingOrder(tree, entries);
    // b: (10+50)/100 → 600; c: 75/100 → 750.
    expect(got.map((e) => e.key)).toEqual(['eng-alpha/b1', 'eng-alpha/c1']);
    // The tree is left as it was (no admission in this run).
    expect(tree.usage('b', 'on-demand/cpu')).toBe(parseQuantity('10'));
    expect(tree.usage('c', 'on-demand/cpu')).toBe(0);
  });
});

describe('formatFloatF (strconv.FormatFloat with format f, precision -1)', () => {
  it.each([
    [0, '0'],
    [2.5, '2.5'],
    [1 / 3, '0.3333333333333333'],
    [1e-13, '0.0000000000001'],
    [1.0842021724855044e-13, '0.00000000000010842021724855044'],
    [1e21, '1000000000000000000000'],
    [2 ** 63, '9223372036854776000'], // Go pads the shortest digits with zeros (ftoa.go fmtF)
  ])('%s', (v, want) => {
    expect(formatFloatF(v)).toBe(want);
  });
});
