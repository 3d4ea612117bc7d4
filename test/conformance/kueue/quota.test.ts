// Quota arithmetic (spec §1.9) against kueue ff69552e pkg/cache/scheduler tests: resource_test.go TestAvailable,
// snapshot_test.go TestSnapshotAddRemoveWorkload(+WithLendingLimit), cache_test.go TestCohortCycles and
// TestDeleteCohortUpdatesAncestorSubtreeQuota, resource_node_test.go TestCohortLendable, fair_sharing_test.go
// TestIsBorrowingOn; plus fast-check properties of the usage roll-up.
//
// Units: upstream counts CPU in milli-units and other resources in whole units; the simulator counts everything in
// milli-units, so upstream's non-CPU amounts appear ×1000 here (see `up`).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { ResourceGroup } from '../../../src/kueue/api.js';
import {
  type ClusterQueueQuotaSpec,
  type CohortQuotaSpec,
  type FlavorResource,
  flavorResource,
  QuotaTree,
  UNLIMITED,
} from '../../../src/kueue/quota.js';
import { fq, type Res, rg } from '../../support/kueue-builders.js';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

function cq(name: string, cohort: string | undefined, ...groups: ResourceGroup[]): ClusterQueueQuotaSpec {
  return { metadata: { name }, spec: { ...(cohort ? { cohortName: cohort } : {}), resourceGroups: groups } };
}

function cohort(name: string, parent: string | undefined, ...groups: ResourceGroup[]): CohortQuotaSpec {
  return { metadata: { name }, spec: { ...(parent ? { parentName: parent } : {}), resourceGroups: groups } };
}

const RED_CPU = flavorResource('red', 'cpu');
const BLUE_CPU = flavorResource('blue', 'cpu');
const GI = 1024 ** 3;

/** An upstream resources.Amount in simulator milli-units. */
function up(resource: string, amount: number): number {
  return resource === 'cpu' ? amount : amount * 1000;
}

type FrAmounts = Record<FlavorResource, number>;

/** cq.Available / potentialAvailable for every FlavorResource of every ClusterQueue's quotas. */
function perCq(tree: QuotaTree, f: (cq: string, fr: FlavorResource) => number): Record<string, FrAmounts> {
  const out: Record<string, FrAmounts> = {};
  for (const name of tree.clusterQueueNames()) {
    out[name] = {};
    for (const fr of tree.clusterQueue(name)!.quotas.keys()) out[name][fr] = f(name, fr);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

interface AvailableCase {
  cohorts?: CohortQuotaSpec[];
  clusterQueues: ClusterQueueQuotaSpec[];
  usage?: Record<string, FrAmounts>;
  wantAvailable: Record<string, FrAmounts>;
  wantPotentiallyAvailable: Record<string, FrAmounts>;
}

describe('resource_test.go TestAvailable', () => {
  const cases: Record<string, AvailableCase> = {
    'base cqs': {
      clusterQueues: [
        cq('cq1', undefined, rg(fq('red', ['cpu', '0']))),
        cq('cq2', undefined, rg(fq('red', ['cpu', '5']), fq('blue', ['cpu', '10']))),
      ],
      usage: { cq1: { [RED_CPU]: 1000 }, cq2: { [RED_CPU]: 2_500, [BLUE_CPU]: 1_000 } },
      wantAvailable: { cq1: { [RED_CPU]: 0 }, cq2: { [RED_CPU]: 2_500, [BLUE_CPU]: 9_000 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 0 }, cq2: { [RED_CPU]: 5_000, [BLUE_CPU]: 10_000 } },
    },
    'cqs with cohort': {
      clusterQueues: [
        cq('cq1', 'cohort', rg(fq('red', ['cpu', '10']))),
        cq('cq2', 'cohort', rg(fq('red', ['cpu', '10', '', '9']))),
      ],
      cohorts: [cohort('cohort', undefined, rg(fq('red', ['cpu', '10'])))],
      usage: { cq1: { [RED_CPU]: 1000 }, cq2: { [RED_CPU]: 500 } },
      wantAvailable: { cq1: { [RED_CPU]: 28_000 }, cq2: { [RED_CPU]: 28_500 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 29_000 }, cq2: { [RED_CPU]: 30_000 } },
    },
    'cq borrows from cohort': {
      clusterQueues: [cq('cq1', 'cohort', rg(fq('red', ['cpu', '10'])))],
      cohorts: [cohort('cohort', undefined, rg(fq('red', ['cpu', '10'])))],
      usage: { cq1: { [RED_CPU]: 11_000 } },
      wantAvailable: { cq1: { [RED_CPU]: 9_000 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 20_000 } },
    },
    'cq oversubscription spills into cohort': {
      clusterQueues: [
        cq('cq1', 'cohort', rg(fq('red', ['cpu', '10']))),
        cq('cq2', 'cohort', rg(fq('red', ['cpu', '10', '0', '0']))),
      ],
      cohorts: [cohort('cohort', undefined, rg(fq('red', ['cpu', '10'])))],
      usage: { cq1: { [RED_CPU]: 31_000 } },
      // Even though cq2 doesn't borrow/lend, cq1's overuse spills into its available (no overadmission).
      wantAvailable: { cq1: { [RED_CPU]: 0 }, cq2: { [RED_CPU]: 0 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 20_000 }, cq2: { [RED_CPU]: 10_000 } },
    },
    'lending and borrowing limits respected': {
      clusterQueues: [
        cq('cq1', 'cohort', rg(fq('red', ['cpu', '10']))),
        cq('cq2', 'cohort', rg(fq('red', ['cpu', '10', '2']))),
        cq('cq3', 'cohort', rg(fq('red', ['cpu', '10', '', '5']))),
      ],
      cohorts: [cohort('cohort', undefined, rg(fq('red', ['cpu', '10'])))],
      usage: { cq1: { [RED_CPU]: 20_000 }, cq2: { [RED_CPU]: 10_000 }, cq3: { [RED_CPU]: 6_000 } },
      wantAvailable: { cq1: { [RED_CPU]: 4_000 }, cq2: { [RED_CPU]: 2_000 }, cq3: { [RED_CPU]: 4_000 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 35_000 }, cq2: { [RED_CPU]: 12_000 }, cq3: { [RED_CPU]: 40_000 } },
    },
    'hierarchical cohort': {
      clusterQueues: [
        cq('cq1', 'left', rg(fq('red', ['cpu', '10']))),
        cq('cq2', 'right', rg(fq('red', ['cpu', '10', '', '0']))),
      ],
      cohorts: [
        cohort('root', undefined),
        cohort('left', 'root', rg(fq('red', ['cpu', '10']))),
        cohort('right', 'root', rg(fq('red', ['cpu', '10']))),
      ],
      usage: { cq1: { [RED_CPU]: 10_000 }, cq2: { [RED_CPU]: 5_000 } },
      wantAvailable: { cq1: { [RED_CPU]: 20_000 }, cq2: { [RED_CPU]: 25_000 } },
      wantPotentiallyAvailable: { cq1: { [RED_CPU]: 30_000 }, cq2: { [RED_CPU]: 40_000 } },
    },
    'hierarchical cohort respects borrowing limit': {
      clusterQueues: [
        cq('left-cq1', 'left', rg(fq('red', ['cpu', '10']))),
        cq('left-cq2', 'left', rg(fq('red', ['cpu', '10', '5']))),
        cq('right-cq', 'right', rg(fq('red', ['cpu', '10']))),
      ],
      cohorts: [
        cohort('root', undefined),
        cohort('left', 'root', rg(fq('red', ['cpu', '10', '5']))),
        cohort('right', 'root', rg(fq('red', ['cpu', '10']))),
      ],
      wantAvailable: {
        'left-cq1': { [RED_CPU]: 35_000 },
        'left-cq2': { [RED_CPU]: 15_000 },
        'right-cq': { [RED_CPU]: 50_000 },
      },
      wantPotentiallyAvailable: {
        'left-cq1': { [RED_CPU]: 35_000 },
        'left-cq2': { [RED_CPU]: 15_000 },
        'right-cq': { [RED_CPU]: 50_000 },
      },
    },
    'hierarchical cohort respects lending limit': {
      clusterQueues: [
        cq('left-cq1', 'left', rg(fq('red', ['cpu', '10', '', '5']))),
        cq('left-cq2', 'left', rg(fq('red', ['cpu', '10']))),
        cq('right-cq', 'right', rg(fq('red', ['cpu', '0']))),
        cq('root-cq', 'root', rg(fq('red', ['cpu', '0']))),
      ],
      cohorts: [
        cohort('root', undefined),
        cohort('left', 'root', rg(fq('red', ['cpu', '0', '', '5']))),
        cohort('right', 'root', rg(fq('red', ['cpu', '0']))),
      ],
      wantAvailable: {
        'left-cq1': { [RED_CPU]: 20_000 },
        'left-cq2': { [RED_CPU]: 15_000 },
        'right-cq': { [RED_CPU]: 5_000 },
        'root-cq': { [RED_CPU]: 5_000 },
      },
      wantPotentiallyAvailable: {
        'left-cq1': { [RED_CPU]: 20_000 },
        'left-cq2': { [RED_CPU]: 15_000 },
        'right-cq': { [RED_CPU]: 5_000 },
        'root-cq': { [RED_CPU]: 5_000 },
      },
    },
  };

  it.each(Object.entries(cases))('%s', (_name, tc) => {
    const tree = QuotaTree.build({ clusterQueues: tc.clusterQueues, cohorts: tc.cohorts ?? [] });
    const avail = () => perCq(tree, (c, fr) => tree.available(c, fr));
    const potential = () => perCq(tree, (c, fr) => tree.potentialAvailable(c, fr));
    // Before adding usage, available == potentiallyAvailable.
    expect(avail()).toEqual(tc.wantPotentiallyAvailable);
    expect(potential()).toEqual(tc.wantPotentiallyAvailable);
    for (const [name, u] of Object.entries(tc.usage ?? {})) tree.addUsage(name, u);
    expect(avail()).toEqual(tc.wantAvailable);
    expect(potential()).toEqual(tc.wantPotentiallyAvailable);
    for (const [name, u] of Object.entries(tc.usage ?? {})) tree.removeUsage(name, u);
    expect(avail()).toEqual(tc.wantPotentiallyAvailable);
    expect(potential()).toEqual(tc.wantPotentiallyAvailable);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('snapshot_test.go TestSnapshotAddRemoveWorkload', () => {
  const DEFAULT_CPU = flavorResource('default', 'cpu');
  const ALPHA_MEM = flavorResource('alpha', 'memory');
  const BETA_MEM = flavorResource('beta', 'memory');
  const clusterQueues = [
    cq(
      'c1',
      'cohort',
      rg(fq('default', ['cpu', '6'])),
      rg(fq('alpha', ['memory', '6Gi']), fq('beta', ['memory', '6Gi'])),
    ),
    cq('c2', 'cohort', rg(fq('default', ['cpu', '6']))),
  ];
  const workloads: Record<string, [string, FrAmounts]> = {
    'c1-cpu': ['c1', { [DEFAULT_CPU]: 1000 }],
    'c1-memory-alpha': ['c1', { [ALPHA_MEM]: up('memory', GI) }],
    'c1-memory-beta': ['c1', { [BETA_MEM]: up('memory', GI) }],
    'c2-cpu-1': ['c2', { [DEFAULT_CPU]: 1000 }],
    'c2-cpu-2': ['c2', { [DEFAULT_CPU]: 1000 }],
  };
  const initial = () => {
    const tree = QuotaTree.build({ clusterQueues });
    for (const [c, u] of Object.values(workloads)) tree.addUsage(c, u);
    return tree;
  };
  const state = (t: QuotaTree) => {
    const co = t.cohort('cohort')!;
    const frs = [DEFAULT_CPU, ALPHA_MEM, BETA_MEM];
    return {
      cohort: Object.fromEntries(frs.map((fr) => [fr, t.usage(co, fr)])),
      c1: Object.fromEntries(frs.map((fr) => [fr, t.usage('c1', fr)])),
      c2: t.usage('c2', DEFAULT_CPU),
      cohortSubtree: Object.fromEntries(frs.map((fr) => [fr, t.subtreeQuota(co, fr)])),
    };
  };
  const want = (cohortUsage: number[], c1: number[], c2: number) => ({
    cohort: { [DEFAULT_CPU]: cohortUsage[0], [ALPHA_MEM]: cohortUsage[1], [BETA_MEM]: cohortUsage[2] },
    c1: { [DEFAULT_CPU]: c1[0], [ALPHA_MEM]: c1[1], [BETA_MEM]: c1[2] },
    c2,
    // initialCohortResources: 6+6 CPU, 6Gi per memory flavor.
    cohortSubtree: { [DEFAULT_CPU]: 12_000, [ALPHA_MEM]: up('memory', 6 * GI), [BETA_MEM]: up('memory', 6 * GI) },
  });
  const mem = up('memory', GI);
  const cases: [string, string[], string[], ReturnType<typeof want>][] = [
    [
      'no-op remove add',
      ['c1-cpu', 'c2-cpu-1'],
      ['c1-cpu', 'c2-cpu-1'],
      want([3_000, mem, mem], [1_000, mem, mem], 2_000),
    ],
    ['remove all', Object.keys(workloads), [], want([0, 0, 0], [0, 0, 0], 0)],
    ['remove c1-cpu', ['c1-cpu'], [], want([2_000, mem, mem], [0, mem, mem], 2_000)],
    ['remove c1-memory-alpha', ['c1-memory-alpha'], [], want([3_000, 0, mem], [1_000, 0, mem], 2_000)],
  ];
  it.each(cases)('%s', (_name, remove, add, expected) => {
    const tree = initial();
    for (const w of remove) tree.removeUsage(...workloads[w]!);
    for (const w of add) tree.addUsage(...workloads[w]!);
    expect(state(tree)).toEqual(expected);
  });
});

describe('snapshot_test.go TestSnapshotAddRemoveWorkloadWithLendingLimit', () => {
  const CPU = flavorResource('default', 'cpu');
  const clusterQueues = [
    cq('lend-a', 'lend', rg(fq('default', ['cpu', '10', '', '4']))),
    cq('lend-b', 'lend', rg(fq('default', ['cpu', '10', '', '6']))),
  ];
  const workloads: Record<string, [string, FrAmounts]> = {
    'lend-a-1': ['lend-a', { [CPU]: 1_000 }],
    'lend-a-2': ['lend-a', { [CPU]: 9_000 }],
    'lend-a-3': ['lend-a', { [CPU]: 6_000 }],
    'lend-b-1': ['lend-b', { [CPU]: 4_000 }],
  };
  const all = Object.keys(workloads);
  // [remove, add, cohort usage, lend-a usage, lend-b usage]
  const cases: [string, string[], string[], number, number, number][] = [
    ['remove all then add all', all, all, 10_000, 16_000, 4_000],
    ['remove all', all, [], 0, 0, 0],
    ['remove workload, but still using quota over GuaranteedQuota', ['lend-a-2'], [], 1_000, 7_000, 4_000],
    ['remove wokload, using same quota as GuaranteedQuota', ['lend-a-1', 'lend-a-2'], [], 0, 6_000, 4_000],
    ['remove workload, using less quota than GuaranteedQuota', ['lend-a-2', 'lend-a-3'], [], 0, 1_000, 4_000],
    ['remove all then add workload, using less quota than GuaranteedQuota', all, ['lend-a-1'], 0, 1_000, 0],
    ['remove all then add workload, using same quota as GuaranteedQuota', all, ['lend-a-3'], 0, 6_000, 0],
    ['remove all then add workload, using quota over GuaranteedQuota', all, ['lend-a-2'], 3_000, 9_000, 0],
  ];
  it.each(cases)('%s', (_name, remove, add, cohortUsage, a, b) => {
    const tree = QuotaTree.build({ clusterQueues });
    for (const w of all) tree.addUsage(...workloads[w]!);
    for (const w of remove) tree.removeUsage(...workloads[w]!);
    for (const w of add) tree.addUsage(...workloads[w]!);
    const lend = tree.cohort('lend')!;
    expect([tree.usage(lend, CPU), tree.usage('lend-a', CPU), tree.usage('lend-b', CPU)]).toEqual([cohortUsage, a, b]);
    // initialCohortResources: (10 − localQuota 6) + (10 − localQuota 4).
    expect(tree.subtreeQuota(lend, CPU)).toBe(10_000);
    expect([tree.localQuota('lend-a', CPU), tree.localQuota('lend-b', CPU)]).toEqual([6_000, 4_000]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('cache_test.go TestCohortCycles', () => {
  const ARM_CPU = flavorResource('arm', 'cpu');

  it('self cycle', () => {
    const tree = QuotaTree.build({ clusterQueues: [], cohorts: [cohort('cohort', 'cohort')] });
    expect(tree.cycles).toEqual([['cohort']]);
    expect(tree.cohort('cohort')).toBeUndefined();
    expect(tree.excludedCohorts.get('cohort')).toBe('HasCycle');
  });

  it('simple cycle', () => {
    const a = cohort('cohort-a', 'cohort-b');
    const b = cohort('cohort-b', 'cohort-c');
    const c = cohort('cohort-c', 'cohort-a');
    // "Expected success as no cycle yet" for a, then a+b.
    expect(QuotaTree.build({ clusterQueues: [], cohorts: [a] }).cycles).toEqual([]);
    expect(QuotaTree.build({ clusterQueues: [], cohorts: [a, b] }).cycles).toEqual([]);
    expect(QuotaTree.build({ clusterQueues: [], cohorts: [a, b, c] }).cycles).toEqual([
      ['cohort-a', 'cohort-b', 'cohort-c'],
    ]);
  });

  it('clusterqueue add and update return error when cohort has cycle', () => {
    const cycle = [cohort('cohort-a', 'cohort-b'), cohort('cohort-b', 'cohort-c'), cohort('cohort-c', 'cohort-a')];
    let tree = QuotaTree.build({ clusterQueues: [cq('cq', 'cohort-a')], cohorts: cycle });
    expect(tree.excludedClusterQueues.get('cq')).toBe('HasCycle');
    expect(() => tree.available('cq', ARM_CPU)).toThrow('cycle');
    tree = QuotaTree.build({ clusterQueues: [cq('cq', 'cohort-b')], cohorts: cycle });
    expect(tree.hasClusterQueue('cq')).toBe(false);
    // Delete Cohort C, breaking the cycle: cohort-c stays as an implicit root (it still has a child).
    tree = QuotaTree.build({ clusterQueues: [cq('cq', 'cohort-b')], cohorts: cycle.slice(0, 2) });
    expect(tree.cycles).toEqual([]);
    expect(tree.hasClusterQueue('cq')).toBe(true);
    expect(tree.cohort('cohort-c')?.explicit).toBe(false);
    expect(tree.ancestors('cq').map((c) => c.name)).toEqual(['cohort-b', 'cohort-c']);
  });

  const cohortWithArm = cohort('cohort', undefined, rg(fq('arm', ['cpu', '10'])));
  const cqArm = (c: string) => cq('cq', c, rg(fq('arm', ['cpu', '5'])));

  it('clusterqueue leaving cohort with cycle successfully updates new cohort', () => {
    const cycleCohort = cohort('cycle', 'cycle');
    let tree = QuotaTree.build({ clusterQueues: [cqArm('cycle')], cohorts: [cycleCohort, cohortWithArm] });
    expect(tree.hasClusterQueue('cq')).toBe(false);
    tree = QuotaTree.build({ clusterQueues: [cqArm('cohort')], cohorts: [cycleCohort, cohortWithArm] });
    const co = tree.cohort('cohort')!;
    expect(tree.quota(co, ARM_CPU)).toEqual({ nominal: 10_000 });
    expect(tree.subtreeQuota(co, ARM_CPU)).toBe(15_000);
    expect(co.usage.size).toBe(0);
  });

  it('clusterqueue joining cohort with cycle successfully updates old cohort', () => {
    const cycleCohort = cohort('cycle', 'cycle');
    let tree = QuotaTree.build({ clusterQueues: [cqArm('cohort')], cohorts: [cycleCohort, cohortWithArm] });
    expect(tree.subtreeQuota(tree.cohort('cohort')!, ARM_CPU)).toBe(15_000);
    tree = QuotaTree.build({ clusterQueues: [cqArm('cycle')], cohorts: [cycleCohort, cohortWithArm] });
    expect(tree.subtreeQuota(tree.cohort('cohort')!, ARM_CPU)).toBe(10_000);
  });

  it('cohort switching cohorts updates both cohort trees', () => {
    const roots = [cohort('root1', undefined), cohort('root2', undefined)];
    const child = (parent: string) => cohort('cohort', parent, rg(fq('arm', ['cpu', '10'])));
    let tree = QuotaTree.build({ clusterQueues: [], cohorts: [...roots, child('root1')] });
    expect([...tree.cohort('root1')!.subtreeQuota]).toEqual([[ARM_CPU, 10_000]]);
    expect([...tree.cohort('root2')!.subtreeQuota]).toEqual([]);
    expect(tree.cohort('root1')!.quotas.size).toBe(0);
    tree = QuotaTree.build({ clusterQueues: [], cohorts: [...roots, child('root2')] });
    expect([...tree.cohort('root1')!.subtreeQuota]).toEqual([]);
    expect([...tree.cohort('root2')!.subtreeQuota]).toEqual([[ARM_CPU, 10_000]]);
  });

  it('cohort leaving cohort with cycle successfully updates new cohort', () => {
    const base = [cohort('cycle-root', 'cycle-root'), cohort('root', undefined)];
    let tree = QuotaTree.build({
      clusterQueues: [],
      cohorts: [...base, cohort('cohort', 'cycle-root', rg(fq('arm', ['cpu', '10'])))],
    });
    expect(tree.excludedCohorts.get('cohort')).toBe('HasCycle');
    expect(tree.cycles).toEqual([['cycle-root']]);
    tree = QuotaTree.build({
      clusterQueues: [],
      cohorts: [...base, cohort('cohort', 'root', rg(fq('arm', ['cpu', '10'])))],
    });
    expect([...tree.cohort('root')!.subtreeQuota]).toEqual([[ARM_CPU, 10_000]]);
  });

  it('cohort joining cohort with cycle successfully updates old cohort', () => {
    const base = [cohort('cycle-root', 'cycle-root'), cohort('root', undefined)];
    let tree = QuotaTree.build({
      clusterQueues: [],
      cohorts: [...base, cohort('cohort', 'root', rg(fq('arm', ['cpu', '10'])))],
    });
    expect([...tree.cohort('root')!.subtreeQuota]).toEqual([[ARM_CPU, 10_000]]);
    tree = QuotaTree.build({
      clusterQueues: [],
      cohorts: [...base, cohort('cohort', 'cycle-root', rg(fq('arm', ['cpu', '10'])))],
    });
    expect([...tree.cohort('root')!.subtreeQuota]).toEqual([]);
  });
});

describe('cache_test.go TestDeleteCohortUpdatesAncestorSubtreeQuota (deletion = rebuilding without the object)', () => {
  const CPU = flavorResource('default', 'cpu');
  const c = (name: string, parent: string | undefined, n: string) =>
    cohort(name, parent, rg(fq('default', ['cpu', n])));
  const cases: [
    string,
    CohortQuotaSpec[],
    ClusterQueueQuotaSpec[],
    string,
    Record<string, number>,
    Record<string, number>,
  ][] = [
    [
      'deleting child cohort updates parent SubtreeQuota',
      [c('root', undefined, '10'), c('child', 'root', '5')],
      [],
      'child',
      { root: 15_000 },
      { root: 10_000 },
    ],
    [
      'deleting grandchild cohort updates all ancestors SubtreeQuota',
      [c('root', undefined, '10'), c('mid', 'root', '5'), c('leaf', 'mid', '3')],
      [],
      'leaf',
      { mid: 8_000, root: 18_000 },
      { mid: 5_000, root: 15_000 },
    ],
    [
      // mid becomes an implicit root holding cq: root loses both mid's 5 and cq's 7.
      'deleting cohort with children updates parent SubtreeQuota',
      [c('root', undefined, '10'), c('mid', 'root', '5')],
      [cq('cq', 'mid', rg(fq('default', ['cpu', '7'])))],
      'mid',
      { root: 22_000 },
      { root: 10_000 },
    ],
  ];
  it.each(cases)('%s', (_name, cohorts, clusterQueues, del, before, after) => {
    const sq = (t: QuotaTree, names: string[]) =>
      Object.fromEntries(names.map((n) => [n, t.subtreeQuota(t.cohort(n)!, CPU)]));
    const t1 = QuotaTree.build({ clusterQueues, cohorts });
    expect(sq(t1, Object.keys(before))).toEqual(before);
    const t2 = QuotaTree.build({ clusterQueues, cohorts: cohorts.filter((x) => x.metadata.name !== del) });
    expect(sq(t2, Object.keys(after))).toEqual(after);
  });
});

describe('resource_node_test.go TestCohortLendable', () => {
  it('sums potentialAvailable per resource over the root FlavorResources', () => {
    const tree = QuotaTree.build({
      clusterQueues: [
        cq('cq1', 'test-cohort', rg(fq('default', ['cpu', '8', '', '8'], ['example.com/gpu', '3', '', '3']))),
        cq('cq2', 'test-cohort', rg(fq('default', ['cpu', '2', '', '2']))),
      ],
    });
    expect(tree.lendable(tree.cohort('test-cohort')!)).toEqual(
      new Map([
        ['cpu', 10_000],
        ['example.com/gpu', up('example.com/gpu', 3)],
      ]),
    );
  });
});

describe('fair_sharing_test.go TestIsBorrowingOn (borrowing per FlavorResource)', () => {
  const CPU = flavorResource('default', 'cpu');
  const GPU = flavorResource('default', 'example.com/gpu');
  const tree = () =>
    QuotaTree.build({
      clusterQueues: [
        cq('cq', 'cohort', rg(fq('default', ['cpu', '2'], ['example.com/gpu', '5']))),
        cq('lending-cq', 'cohort', rg(fq('default', ['cpu', '8'], ['example.com/gpu', '5']))),
      ],
    });
  const cases: [string, FrAmounts, FlavorResource[], boolean, boolean][] = [
    ['borrows on requested flavor', { [CPU]: 3_000 }, [CPU], true, true],
    ['borrows on unrequested flavor only', { [CPU]: 1_000, [GPU]: up('gpu', 7) }, [CPU], false, true],
    ['borrows on both, requests one', { [CPU]: 3_000, [GPU]: up('gpu', 7) }, [GPU], true, true],
    ['no borrowing', { [CPU]: 1_000, [GPU]: up('gpu', 2) }, [CPU], false, false],
    ['nil requestedFRs', { [CPU]: 3_000 }, [], false, true],
  ];
  it.each(cases)('%s', (_name, usage, requested, onRequested, any) => {
    const t = tree();
    t.addUsage('cq', usage);
    expect(requested.some((fr) => t.borrowing('cq', fr))).toBe(onRequested);
    expect([CPU, GPU].some((fr) => t.borrowing('cq', fr))).toBe(any);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Behaviour the spec (§1.9, §5) states that upstream tests only cover through whole scheduling cycles.

describe('spec §1.9 details', () => {
  it('implicit cohorts: a CQ naming a missing cohort gets an empty one; a missing parent becomes an empty root', () => {
    const tree = QuotaTree.build({
      clusterQueues: [cq('a', 'team', rg(fq('f', ['cpu', '4']))), cq('b', 'team', rg(fq('f', ['cpu', '6'])))],
      cohorts: [cohort('org', 'missing-parent', rg(fq('f', ['cpu', '1'])))],
    });
    const team = tree.cohort('team')!;
    expect(team.explicit).toBe(false);
    expect(tree.subtreeQuota(team, 'f/cpu')).toBe(10_000);
    expect(tree.cohort('missing-parent')!.explicit).toBe(false);
    expect(tree.subtreeQuota(tree.cohort('missing-parent')!, 'f/cpu')).toBe(1_000);
    expect(tree.available('a', 'f/cpu')).toBe(10_000);
  });

  it('fits reports the first FlavorResource that does not fit', () => {
    const tree = QuotaTree.build({ clusterQueues: [cq('a', undefined, rg(fq('f', ['cpu', '4'], ['memory', '1Gi'])))] });
    tree.addUsage('a', { 'f/cpu': 3_000 });
    expect(tree.fits('a', { 'f/memory': up('memory', GI), 'f/cpu': 1_000 })).toEqual({ fits: true });
    expect(tree.fits('a', { 'f/memory': 1, 'f/cpu': 2_000 })).toEqual({
      fits: false,
      flavorResource: 'f/cpu',
      requested: 2_000,
      available: 1_000,
    });
  });

  it('§5 case 3: nominal 10 with borrowingLimit 1 and a sibling lending 1 can reach 11', () => {
    const tree = QuotaTree.build({
      clusterQueues: [
        cq('cq', 'c', rg(fq('one', ['cpu', '10', '1']))),
        cq('sibling', 'c', rg(fq('one', ['cpu', '1']))),
      ],
    });
    expect(tree.potentialAvailable('cq', 'one/cpu')).toBe(11_000);
    tree.addUsage('cq', { 'one/cpu': 10_000 });
    expect(tree.borrowing('cq', 'one/cpu')).toBe(false);
    expect(tree.borrowingWith('cq', 'one/cpu', 1_000)).toBe(true);
    expect(tree.available('cq', 'one/cpu')).toBe(1_000);
  });

  it('unlimited quantities saturate: a huge nominal is Unlimited, Unlimited − Unlimited = 0', () => {
    const tree = QuotaTree.build({
      clusterQueues: [
        cq('big', 'c', rg(fq('f', ['cpu', '1E', '', '1E']))),
        cq('small', 'c', rg(fq('f', ['cpu', '1']))),
      ],
    });
    expect(tree.quota('big', 'f/cpu')).toEqual({ nominal: UNLIMITED, lendingLimit: UNLIMITED });
    // localQuota = max(0, Unlimited − Unlimited) = 0, so everything is lent to the cohort.
    expect(tree.localQuota('big', 'f/cpu')).toBe(0);
    expect(tree.subtreeQuota(tree.cohort('c')!, 'f/cpu')).toBe(UNLIMITED);
    expect(tree.available('small', 'f/cpu')).toBe(UNLIMITED);
    tree.addUsage('small', { 'f/cpu': 5_000 });
    expect(tree.available('big', 'f/cpu')).toBe(UNLIMITED);
  });

  it('lowestSubtreeThatFits: 0 within nominal, else the height of the lowest ancestor that covers the request', () => {
    // r → c (cpu 2) → q (0); q2 directly under r (cpu 3). Heights: c = 1, r = 2.
    const tree = QuotaTree.build({
      clusterQueues: [cq('q', 'c', rg(fq('f', ['cpu', '0']))), cq('q2', 'r', rg(fq('f', ['cpu', '3'])))],
      cohorts: [cohort('r', undefined), cohort('c', 'r', rg(fq('f', ['cpu', '2'])))],
    });
    expect(tree.lowestSubtreeThatFits('q2', 'f/cpu', 3_000)).toEqual({ height: 0, belowRoot: true });
    expect(tree.lowestSubtreeThatFits('q', 'f/cpu', 2_000)).toEqual({ height: 1, belowRoot: true });
    expect(tree.lowestSubtreeThatFits('q', 'f/cpu', 4_000)).toEqual({ height: 2, belowRoot: false });
    // Nothing covers 9: the whole tree's height.
    expect(tree.lowestSubtreeThatFits('q', 'f/cpu', 9_000)).toEqual({ height: 2, belowRoot: false });
    const alone = QuotaTree.build({ clusterQueues: [cq('solo', undefined, rg(fq('f', ['cpu', '1'])))] });
    expect(alone.lowestSubtreeThatFits('solo', 'f/cpu', 5_000)).toEqual({ height: 0, belowRoot: false });
  });

  it('clone keeps usage independent', () => {
    const tree = QuotaTree.build({
      clusterQueues: [cq('a', 'c', rg(fq('f', ['cpu', '1']))), cq('b', 'c', rg(fq('f', ['cpu', '1'])))],
    });
    const snap = tree.clone();
    snap.addUsage('a', { 'f/cpu': 2_000 });
    expect(snap.usage(snap.cohort('c')!, 'f/cpu')).toBe(2_000);
    expect(tree.usage(tree.cohort('c')!, 'f/cpu')).toBe(0);
    expect(tree.available('b', 'f/cpu')).toBe(2_000);
    expect(snap.available('b', 'f/cpu')).toBe(0);
  });

  it('quantitiesFitInQuota and isWithinNominal walk the lending limit', () => {
    const tree = QuotaTree.build({
      clusterQueues: [cq('a', 'c', rg(fq('f', ['cpu', '10', '', '4']))), cq('b', 'c', rg(fq('f', ['cpu', '2'])))],
    });
    tree.addUsage('a', { 'f/cpu': 5_000 });
    // localQuota(a) = 6, LocalAvailable = 1: of a request of 3, 2 spill to the cohort.
    expect(tree.quantitiesFitInQuota('a', { 'f/cpu': 3_000 })).toEqual({
      fits: true,
      remaining: new Map([['f/cpu', 2_000]]),
    });
    expect(tree.quantitiesFitInQuota('a', { 'f/cpu': 6_000 }).fits).toBe(false);
    expect(tree.isWithinNominal('a', ['f/cpu'])).toBe(true);
    tree.addUsage('a', { 'f/cpu': 6_000 });
    expect(tree.isWithinNominal('a', ['f/cpu'])).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties.

const FRS = ['x/cpu', 'y/cpu', 'x/gpu'] as const;

interface GenTree {
  cohorts: CohortQuotaSpec[];
  clusterQueues: ClusterQueueQuotaSpec[];
}

/** Random forests: cohorts only point at earlier cohorts (no cycles); limits only where a parent exists. */
const genTree: fc.Arbitrary<GenTree> = fc
  .record({
    cohortParents: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 0, maxLength: 4 }),
    cqCohorts: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 1, maxLength: 5 }),
    quotas: fc.array(
      fc.record({
        nominal: fc.nat({ max: 20 }),
        borrowing: fc.option(fc.nat({ max: 10 }), { nil: undefined }),
        lending: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
        listed: fc.subarray([...FRS], { minLength: 1 }),
      }),
      { minLength: 10, maxLength: 10 },
    ),
  })
  .map(({ cohortParents, cqCohorts, quotas }) => {
    let q = 0;
    const groups = (hasParent: boolean): ResourceGroup[] => {
      const spec = quotas[q++ % quotas.length]!;
      return spec.listed.map((fr, i) => {
        const [flavor, resource] = fr.split('/') as [string, string];
        const r = quotas[(q + i) % quotas.length]!;
        const res: Res = [
          resource,
          String(r.nominal),
          hasParent && r.borrowing !== undefined ? String(r.borrowing) : '',
          hasParent && r.lending !== undefined ? String(Math.min(r.lending, r.nominal)) : '',
        ];
        return rg(fq(flavor, res));
      });
    };
    const cohorts = cohortParents.map((p, i) => {
      const parent = p !== undefined && i > 0 ? `co${p % i}` : undefined;
      return cohort(`co${i}`, parent, ...groups(parent !== undefined));
    });
    const clusterQueues = cqCohorts.map((c, i) => {
      const co = c !== undefined && cohorts.length > 0 ? `co${c % cohorts.length}` : undefined;
      return cq(`cq${i}`, co, ...groups(co !== undefined));
    });
    return { cohorts, clusterQueues };
  });

const genOps = fc.array(
  fc.record({
    add: fc.boolean(),
    cq: fc.nat(),
    fr: fc.constantFrom(...FRS),
    amount: fc.nat({ max: 15 }),
    pick: fc.nat(),
  }),
  { maxLength: 40 },
);

function allNodes(tree: QuotaTree) {
  return [
    ...tree.clusterQueueNames().map((n) => tree.clusterQueue(n)!),
    ...tree.cohortNames().map((n) => tree.cohort(n)!),
  ];
}

describe('properties of the usage roll-up', () => {
  test.prop([genTree, genOps])(
    'roll-up matches a rebuild, available ≤ potential, removing everything gives 0',
    (g, ops) => {
      const tree = QuotaTree.build(g);
      const names = tree.clusterQueueNames();
      const admitted: [string, FrAmounts][] = [];
      for (const op of ops) {
        if (op.add || admitted.length === 0) {
          const w: [string, FrAmounts] = [names[op.cq % names.length]!, { [op.fr]: op.amount * 1000 }];
          tree.addUsage(...w);
          admitted.push(w);
        } else {
          const [w] = admitted.splice(op.pick % admitted.length, 1);
          tree.removeUsage(...w!);
        }
        // Cohort usage equals what updateCohortResourceNode recomputes from the ClusterQueues' usage.
        const rebuilt = QuotaTree.build({ ...g, usage: tree.clusterQueueUsage() });
        for (const name of tree.cohortNames()) {
          for (const fr of FRS)
            expect(tree.usage(tree.cohort(name)!, fr)).toBe(rebuilt.usage(rebuilt.cohort(name)!, fr));
        }
        for (const name of names) {
          for (const fr of FRS) {
            expect(tree.rawAvailable(name, fr)).toBeLessThanOrEqual(tree.potentialAvailable(name, fr));
            expect(tree.available(name, fr)).toBeLessThanOrEqual(tree.potentialAvailable(name, fr));
          }
        }
      }
      for (const w of admitted) tree.removeUsage(...w);
      for (const n of allNodes(tree)) for (const fr of FRS) expect(tree.usage(n, fr)).toBe(0);
    },
  );

  test.prop([genTree, genOps])(
    'admitting only what fits never exceeds nominal + borrowingLimit nor the root quota',
    (g, ops) => {
      const tree = QuotaTree.build(g);
      const names = tree.clusterQueueNames();
      const admitted: [string, FrAmounts][] = [];
      for (const op of ops) {
        if (op.add || admitted.length === 0) {
          const w: [string, FrAmounts] = [names[op.cq % names.length]!, { [op.fr]: op.amount * 1000 }];
          if (tree.fits(...w).fits) {
            tree.addUsage(...w);
            admitted.push(w);
          }
        } else {
          const [w] = admitted.splice(op.pick % admitted.length, 1);
          tree.removeUsage(...w!);
        }
        for (const n of allNodes(tree)) {
          for (const fr of FRS) {
            const bl = tree.quota(n, fr).borrowingLimit;
            if (bl !== undefined) expect(tree.usage(n, fr)).toBeLessThanOrEqual(tree.subtreeQuota(n, fr) + bl);
            if (!n.parent) expect(tree.usage(n, fr)).toBeLessThanOrEqual(tree.subtreeQuota(n, fr));
            expect(tree.usage(n, fr)).toBeGreaterThanOrEqual(0);
          }
        }
      }
    },
  );
});
