// Flavor assignment (spec §1.1, §2.3, §2.5) against kueue ff69552e pkg/scheduler/flavorassigner tests:
// flavorassigner_test.go TestAssignFlavors, TestReclaimBeforePriorityPreemption, TestDeletedFlavors,
// TestHierarchical, TestIsPreferred, TestIsNoFitDueToCapacityAndLimits, TestFlavorScanRecordsLastTriedFlavorIdx and
// TestRecomputeRecordsLastTriedFlavorIdx (quota side only), TestAssignment_TotalRequestsFor,
// TestAssignment_RequiresBorrowing; podset_reducer_test.go TestSearch; and the flavor-assignment side of
// scheduler_test.go TestSchedule "partial admission …". Each case carries the upstream test name.
//
// Units: upstream amounts are CPU milli-units and whole units (bytes for memory) otherwise; the simulator counts
// everything in milli-units, so expected non-CPU usage goes through `up`.
//
// Not ported: cases needing Topology Aware Scheduling placement (TAS is left out of the module), ConcurrentAdmission
// (flavor allow-list) and ElasticJobsViaWorkloadSlices (workload-slice replacement); both gates are off upstream.
import { describe, expect, it } from 'vitest';
import type { NodeSelectorRequirement, Toleration } from '../../../src/api/core.js';
import { formatQuantity } from '../../../src/api/quantity.js';
import type {
  ClusterQueuePreemption,
  ClusterQueueSpec,
  FlavorFungibility,
  FlavorQuotas,
  PodSet,
  PodSetTopologyRequest,
  ResourceFlavorSpec,
  ResourceGroup,
} from '../../../src/kueue/api.js';
import {
  Assignment,
  type AssignmentClusterQueueState,
  assignWithPartialAdmission,
  defaultPreemptionOracle,
  FlavorAssigner,
  type FlavorAssignerGates,
  type FlavorAssignmentAttempt,
  type FlavorAssignmentMode,
  formatFlavorAssignmentAttempts,
  type GranularMode,
  isPreferred,
  lastAssignmentOutdated,
  nextFlavorToTry,
  type PodSetAssignmentResult,
  PodSetReducer,
  type PreemptionOracle,
  type PreemptionPossibility,
  pendingFlavors,
  type ResourceFlavorLike,
  workloadTotalRequests,
} from '../../../src/kueue/flavor-assigner.js';
import { type FlavorResource, QuotaTree, splitFlavorResource } from '../../../src/kueue/quota.js';
import { fq, type Res, rg } from '../../support/kueue-builders.js';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

const GPU = 'example.com/gpu';
const MI = 1024 ** 2;
const GI = 1024 ** 3;

interface TestCQ {
  metadata: { name: string };
  spec: ClusterQueueSpec;
}

interface CqOpts {
  cohort?: string;
  ff?: FlavorFungibility;
  preemption?: ClusterQueuePreemption;
}

function cq(name: string, o: CqOpts, ...resourceGroups: ResourceGroup[]): TestCQ {
  return {
    metadata: { name },
    spec: {
      resourceGroups,
      ...(o.cohort ? { cohortName: o.cohort } : {}),
      ...(o.ff ? { flavorFungibility: o.ff } : {}),
      ...(o.preemption ? { preemption: o.preemption } : {}),
    },
  };
}

function rf(name: string, labels?: Record<string, string>, spec: ResourceFlavorSpec = {}): ResourceFlavorLike {
  return { metadata: { name }, spec: { ...(labels ? { nodeLabels: labels } : {}), ...spec } };
}

interface PsOpts {
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  /** RequiredDuringSchedulingIgnoredDuringExecution terms, each a list of matchExpressions. */
  terms?: NodeSelectorRequirement[][];
  minCount?: number;
  /** PodSetGroup(name). */
  group?: string;
  topology?: PodSetTopologyRequest;
}

/** MakePodSet(name, count).Request(...): one container "c" with the requests. */
function ps(name: string, count: number, requests: Record<string, string>, o: PsOpts = {}): PodSet {
  const topologyRequest =
    o.group !== undefined || o.topology !== undefined
      ? { ...(o.topology ?? {}), ...(o.group !== undefined ? { podSetGroupName: o.group } : {}) }
      : undefined;
  return {
    name,
    count,
    ...(o.minCount !== undefined ? { minCount: o.minCount } : {}),
    ...(topologyRequest ? { topologyRequest } : {}),
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'c', resources: { requests: { ...requests } } }],
        ...(o.tolerations ? { tolerations: o.tolerations } : {}),
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        ...(o.terms
          ? {
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: o.terms.map((matchExpressions) => ({ matchExpressions })),
                  },
                },
              },
            }
          : {}),
      },
    },
  };
}

const SPOT_TOLERATION: Toleration = { key: 'instance', operator: 'Equal', value: 'spot', effect: 'NoSchedule' };

/** An upstream resources.Amount in simulator milli-units. */
function up(resource: string, amount: number): number {
  return resource === 'cpu' ? amount : amount * 1000;
}

/** Upstream FlavorResourceQuantities ('flavor/resource' → amount) in simulator milli-units. */
function usage(u: Record<string, number> | undefined): Map<FlavorResource, number> {
  const m = new Map<FlavorResource, number>();
  for (const [fr, v] of Object.entries(u ?? {})) m.set(fr, up(splitFlavorResource(fr).resource, v));
  return m;
}

/** testOracle: the configured result per FlavorResource, else Preempt with borrow 0. */
function testOracle(sim: Record<string, [PreemptionPossibility, number]> = {}): PreemptionOracle {
  return (s) => {
    const r = sim[s.flavorResource];
    return r
      ? { possibility: r[0], borrowAfterPreemption: r[1] }
      : { possibility: 'Preempt', borrowAfterPreemption: 0 };
  };
}

function att(
  flavor: string,
  mode: FlavorAssignmentMode,
  o: { borrow?: number; possibility?: PreemptionPossibility; reasons?: string[]; noFitReason?: string } = {},
): FlavorAssignmentAttempt {
  return {
    flavor,
    mode,
    borrow: o.borrow ?? 0,
    ...(o.possibility ? { preemptionPossibility: o.possibility } : {}),
    reasons: o.reasons ?? [],
    noFitReason: o.noFitReason ?? '',
  };
}

// Messages.
const exceeds = (res: string, flavor: string, prev: string, req: string, max: string) =>
  `insufficient quota for ${res} in flavor ${flavor}, previously considered podsets requests (${prev}) + current podset request (${req}) > maximum capacity (${max})`;
const unused = (res: string, flavor: string, more: string) =>
  `insufficient unused quota for ${res} in flavor ${flavor}, ${more} more needed`;
const affinity = (flavor: string) => `flavor ${flavor} doesn't match node affinity`;
const SPOT_TAINT = 'untolerated taint {instance spot NoSchedule <nil>} in flavor tainted';

// ---------------------------------------------------------------------------------------------------------------
// Comparison of an Assignment with upstream's wantAssignment.

/** Resource → [flavor, mode, TriedFlavorIdx]. */
type WantFlavors = Record<string, [string, FlavorAssignmentMode, number]>;

interface WantPodSet {
  name: string;
  flavors?: WantFlavors;
  /** Total requests as upstream's Requests ResourceList prints them. */
  requests: Record<string, string>;
  status?: string[];
  count: number;
  attempts?: FlavorAssignmentAttempt[];
}

interface WantAssignment {
  podSets: WantPodSet[];
  borrowing?: number;
  usage: Record<string, number>;
  noFitReason?: string;
}

function fmt(res: string, v: number): string {
  return formatQuantity(v, res === 'memory' ? res : undefined);
}

function summarize(a: Assignment) {
  return {
    borrowing: a.borrowing,
    noFitReason: a.noFitReason,
    usage: a.usage,
    podSets: a.podSets.map((p) => ({
      name: p.name,
      flavors: Object.fromEntries([...p.flavors].map(([r, f]) => [r, [f.name, f.mode, f.triedFlavorIdx]])),
      requests: Object.fromEntries([...p.requests].map(([r, v]) => [r, fmt(r, v)])),
      status: [...p.status.reasons].sort(),
      count: p.count,
    })),
  };
}

function expected(w: WantAssignment) {
  return {
    borrowing: w.borrowing ?? 0,
    noFitReason: w.noFitReason ?? '',
    usage: usage(w.usage),
    podSets: w.podSets.map((p) => ({
      name: p.name,
      flavors: p.flavors ?? {},
      requests: p.requests,
      status: [...(p.status ?? [])].sort(),
      count: p.count,
    })),
  };
}

function isDoesNotProvideOnly(at: FlavorAssignmentAttempt): boolean {
  return (
    at.mode === 'NoFit' && at.reasons.length > 0 && at.reasons.every((r) => r.includes('does not provide resource'))
  );
}

/**
 * flexAssertConsidered: when the podset has a Fit attempt, every attempt made must be wanted (a wanted
 * "does not provide" NoFit may be Fit); otherwise every wanted attempt must have been made, equal.
 */
function flexAssertConsidered(want: WantAssignment, got: Assignment): void {
  for (const wps of want.podSets) {
    const gps = got.podSets.find((p) => p.name === wps.name);
    expect(gps, `podset ${wps.name}`).toBeDefined();
    if (!gps || !wps.attempts || wps.attempts.length === 0) continue;
    const wantBy = new Map(wps.attempts.map((a) => [a.flavor, a]));
    const gotBy = new Map(gps.flavorAssignmentAttempts.map((a) => [a.flavor, a]));
    if (gps.flavorAssignmentAttempts.some((a) => a.mode === 'Fit')) {
      for (const [flavor, ga] of gotBy) {
        const wa = wantBy.get(flavor);
        expect(wa, `podset ${wps.name}: unexpected attempt on ${flavor}`).toBeDefined();
        if (!wa || (ga.mode === 'Fit' && isDoesNotProvideOnly(wa))) continue;
        expect(ga, `podset ${wps.name}: attempt on ${flavor}`).toEqual(wa);
      }
      continue;
    }
    for (const [flavor, wa] of wantBy)
      expect(gotBy.get(flavor), `podset ${wps.name}: attempt on ${flavor}`).toEqual(wa);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// TestAssignFlavors.

const FLAVORS: Record<string, ResourceFlavorLike> = {
  default: rf('default'),
  one: rf('one', { type: 'one' }),
  two: rf('two', { type: 'two' }),
  b_one: rf('b_one', { b_type: 'one' }),
  b_two: rf('b_two', { b_type: 'two' }),
  tainted: rf('tainted', undefined, { nodeTaints: [{ key: 'instance', value: 'spot', effect: 'NoSchedule' }] }),
  taint_and_toleration: rf('taint_and_toleration', undefined, {
    nodeTaints: [{ key: 'instance', value: 'spot', effect: 'NoSchedule' }],
    tolerations: [SPOT_TOLERATION],
  }),
  'label-x-a': rf('label-x-a', { x: 'a' }),
  'label-xy-b': rf('label-xy-b', { x: 'b', y: 'k' }),
  'tas-a': rf('tas-a', undefined, { topologyName: 'tas-topo-a' }),
  'tas-b': rf('tas-b', undefined, { topologyName: 'tas-topo-b' }),
};

interface AssignCase {
  name: string;
  podSets: PodSet[];
  reclaimablePods?: { name: string; count: number }[];
  clusterQueue: TestCQ;
  clusterQueueUsage?: Record<string, number>;
  secondaryClusterQueue?: TestCQ;
  secondaryClusterQueueUsage?: Record<string, number>;
  fairSharing?: boolean;
  simulation?: Record<string, [PreemptionPossibility, number]>;
  gates?: FlavorAssignerGates;
  wantMode: FlavorAssignmentMode;
  want: WantAssignment;
}

const TEST_CQ = 'test-clusterqueue';
const SECONDARY_CQ = 'test-secondary-clusterqueue';
const COHORT = 'test-cohort';

const TRY_NEXT: FlavorFungibility = { whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'TryNextFlavor' };
const MAY_STOP: FlavorFungibility = { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'MayStopSearch' };
const BORROW_WITHIN_COHORT: ClusterQueuePreemption = {
  reclaimWithinCohort: 'LowerPriority',
  borrowWithinCohort: { policy: 'LowerPriority' },
};

/** The secondary ClusterQueue of the "borrow/lend try next flavor" cases: lends 1 cpu of flavor one. */
const SECONDARY_ONE_CPU_1 = cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '1'])));

function whenBorrowingWhilePreemptionIsNeeded(name: string, oneCpu: Res, ff: FlavorFungibility): AssignCase {
  return {
    name,
    podSets: [ps('main', 1, { cpu: '12' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, preemption: BORROW_WITHIN_COHORT, ff },
      rg(fq('one', oneCpu), fq('two', ['cpu', '12'])),
    ),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '12']))),
    secondaryClusterQueueUsage: { 'one/cpu': 10_000 },
    simulation: { 'one/cpu': ['Preempt', 1] },
    wantMode: 'Preempt',
    want: {
      borrowing: 1,
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', 0] },
          status: [unused('cpu', 'one', '10')],
          requests: { cpu: '12' },
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('cpu', 'one', '10')] }),
          ],
        },
      ],
      usage: { 'one/cpu': 12_000 },
    },
  };
}

function whenBorrowingTryNextFlavor(name: string): AssignCase {
  return {
    name,
    podSets: [ps('main', 1, { cpu: '12' })],
    clusterQueue: cq(
      TEST_CQ,
      {
        cohort: COHORT,
        preemption: BORROW_WITHIN_COHORT,
        ff: { whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'MayStopSearch' },
      },
      rg(fq('one', ['cpu', '0', '12']), fq('two', ['cpu', '12'])),
    ),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '12']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '12' },
          count: 1,
          attempts: [att('one', 'Fit', { borrow: 1 }), att('two', 'Fit')],
        },
      ],
      usage: { 'two/cpu': 12_000 },
    },
  };
}

function cannotPreemptInCohort(name: string): AssignCase {
  return {
    name,
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, ff: MAY_STOP, preemption: BORROW_WITHIN_COHORT },
      rg(fq('one', ['cpu', '0', '2']), fq('two', ['cpu', '0', '2'])),
    ),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '2']), fq('two', ['cpu', '2']))),
    secondaryClusterQueueUsage: { 'one/cpu': 2_000 },
    simulation: { 'one/cpu': ['NoCandidates', 0] },
    wantMode: 'Fit',
    want: {
      borrowing: 1,
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '2' },
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'NoCandidates', reasons: [unused('cpu', 'one', '2')] }),
            att('two', 'Fit', { borrow: 1 }),
          ],
        },
      ],
      usage: { 'two/cpu': 2_000 },
    },
  };
}

function fairSharingReclaim(name: string, reclaim: 'Any' | 'Never'): AssignCase {
  const base = {
    name,
    fairSharing: true,
    podSets: [ps('main', 1, { cpu: '12' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, preemption: { reclaimWithinCohort: reclaim }, ff: MAY_STOP },
      rg(fq('one', ['cpu', '0']), fq('two', ['cpu', '12'])),
    ),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '12']))),
    secondaryClusterQueueUsage: { 'one/cpu': 10_000 },
  };
  if (reclaim === 'Any') {
    return {
      ...base,
      simulation: { 'one/cpu': ['Preempt', 1] },
      wantMode: 'Preempt',
      want: {
        borrowing: 1,
        podSets: [
          {
            name: 'main',
            flavors: { cpu: ['one', 'Preempt', 0] },
            status: [unused('cpu', 'one', '10')],
            requests: { cpu: '12' },
            count: 1,
            attempts: [
              att('one', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('cpu', 'one', '10')] }),
            ],
          },
        ],
        usage: { 'one/cpu': 12_000 },
      },
    };
  }
  return {
    ...base,
    simulation: { 'one/cpu': ['NoCandidates', 0] },
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '12' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { borrow: 1, reasons: [unused('cpu', 'one', '10')], noFitReason: 'WaitingForQuota' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 12_000 },
    },
  };
}

function preemptBeforeTryNextFlavor(name: string): AssignCase {
  return {
    name,
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { ff: MAY_STOP },
      rg(fq('one', ['pods', '10'], ['cpu', '10']), fq('two', ['pods', '10'], ['cpu', '10'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', 0], pods: ['one', 'Fit', 0] },
          requests: { cpu: '9', pods: '1' },
          status: [unused('cpu', 'one', '1')],
          count: 1,
          attempts: [att('one', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'one', '1')] })],
        },
      ],
      usage: { 'one/cpu': 9_000, 'one/pods': 1 },
    },
  };
}

const ASSIGN_CASES: AssignCase[] = [
  {
    name: 'single flavor, fits',
    podSets: [ps('main', 1, { cpu: '1', memory: '1Mi' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['cpu', '1'], ['memory', '2Mi']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1], memory: ['default', 'Fit', -1] },
          requests: { cpu: '1', memory: '1Mi' },
          count: 1,
          attempts: [att('default', 'Fit')],
        },
      ],
      usage: { 'default/cpu': 1_000, 'default/memory': MI },
    },
  },
  {
    name: 'single flavor, fits tainted flavor',
    podSets: [ps('main', 1, { cpu: '1' }, { tolerations: [SPOT_TOLERATION] })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('tainted', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['tainted', 'Fit', -1] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [att('tainted', 'Fit')],
        },
      ],
      usage: { 'tainted/cpu': 1_000 },
    },
  },
  {
    name: 'single flavor, fits tainted flavor with toleration',
    podSets: [ps('main', 1, { cpu: '1' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('taint_and_toleration', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['taint_and_toleration', 'Fit', -1] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [att('taint_and_toleration', 'Fit')],
        },
      ],
      usage: { 'taint_and_toleration/cpu': 1_000 },
    },
  },
  {
    name: "single flavor, used resources, doesn't fit",
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4']))),
    clusterQueueUsage: { 'default/cpu': 3_000 },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [unused('cpu', 'default', '1')],
          count: 1,
          attempts: [att('default', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'default', '1')] })],
        },
      ],
      usage: { 'default/cpu': 2_000 },
    },
  },
  {
    name: 'multiple resource groups, fits',
    podSets: [ps('main', 1, { cpu: '3', memory: '10Mi' })],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['cpu', '2']), fq('two', ['cpu', '4'])),
      rg(fq('b_one', ['memory', '1Gi']), fq('b_two', ['memory', '5Gi'])),
    ),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['b_one', 'Fit', 0] },
          requests: { cpu: '3', memory: '10Mi' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '3', '2')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Fit'),
            att('b_one', 'Fit'),
            att('b_two', 'NoFit', {
              reasons: ['flavor b_two does not provide resource memory'],
              noFitReason: 'NoMatchingFlavor',
            }),
          ],
        },
      ],
      usage: { 'two/cpu': 3_000, 'b_one/memory': 10 * MI },
    },
  },
  {
    name: 'multiple flavors, leader worker set, leader and workers request the same resources fits',
    podSets: [ps('worker', 4, { cpu: '2' }, { group: 'group1' }), ps('leader', 1, { cpu: '1' }, { group: 'group1' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '9']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'worker',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '8' },
          count: 4,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '9', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Fit'),
          ],
        },
        {
          name: 'leader',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '9', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 9_000 },
    },
  },
  {
    name: 'multiple flavors, leader worker set, workers request GPU, leader does not request GPU, fits',
    podSets: [
      ps('worker', 4, { cpu: '1', memory: '1', [GPU]: '1' }, { group: 'group1' }),
      ps('leader', 1, { cpu: '1', memory: '1' }, { group: 'group1' }),
    ],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['cpu', '10'], ['memory', '10'])),
      rg(fq('two', ['cpu', '5'], ['memory', '5'], [GPU, '4'])),
    ),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'worker',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['two', 'Fit', -1], [GPU]: ['two', 'Fit', -1] },
          requests: { cpu: '4', memory: '4', [GPU]: '4' },
          count: 4,
          attempts: [
            att('one', 'NoFit', { reasons: ['flavor one does not provide resource example.com/gpu'] }),
            att('two', 'Fit'),
          ],
        },
        {
          name: 'leader',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['two', 'Fit', -1] },
          requests: { cpu: '1', memory: '1' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: ['flavor one does not provide resource example.com/gpu'] }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 5_000, 'two/memory': 5, [`two/${GPU}`]: 4 },
    },
  },
  {
    name: 'multiple flavors, leader worker set, workers request GPU, leader does not request GPU, does not fit, without group it would fit',
    podSets: [
      ps('worker', 4, { cpu: '1', [GPU]: '1' }, { group: 'group1' }),
      ps('leader', 1, { cpu: '1' }, { group: 'group1' }),
    ],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4'], [GPU, '4']), fq('two', ['cpu', '5'], [GPU, '0']))),
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'worker',
          requests: { cpu: '4', [GPU]: '4' },
          status: [exceeds('cpu', 'one', '0', '5', '4'), exceeds(GPU, 'two', '0', '4', '0')],
          count: 4,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '5', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'NoFit', { reasons: [exceeds(GPU, 'two', '0', '4', '0')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
        {
          name: 'leader',
          requests: { cpu: '1' },
          status: [exceeds('cpu', 'one', '0', '5', '4'), exceeds(GPU, 'two', '0', '4', '0')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '5', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'NoFit', { reasons: [exceeds(GPU, 'two', '0', '4', '0')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: "multiple resource groups, one could fit with preemption, other doesn't fit",
    podSets: [ps('main', 1, { cpu: '3', memory: '10Mi' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '3'])), rg(fq('b_one', ['memory', '1Mi']))),
    clusterQueueUsage: { 'one/cpu': 1_000 },
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '3', memory: '10Mi' },
          status: [exceeds('memory', 'b_one', '0', '10Mi', '1Mi')],
          count: 1,
          attempts: [
            att('b_one', 'NoFit', {
              reasons: [exceeds('memory', 'b_one', '0', '10Mi', '1Mi')],
              noFitReason: 'ExceedsMaxQuota',
            }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: 'multiple resource groups with multiple resources, fits',
    podSets: [ps('main', 1, { cpu: '3', memory: '10Mi', [GPU]: '3' })],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['cpu', '2'], ['memory', '1Gi']), fq('two', ['cpu', '4'], ['memory', '15Mi'])),
      rg(fq('b_one', [GPU, '4']), fq('b_two', [GPU, '2'])),
    ),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['two', 'Fit', -1], [GPU]: ['b_one', 'Fit', 0] },
          requests: { cpu: '3', memory: '10Mi', [GPU]: '3' },
          count: 1,
          attempts: [
            att('b_one', 'Fit'),
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '3', '2')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 3_000, 'two/memory': 10 * MI, [`b_one/${GPU}`]: 3 },
    },
  },
  {
    name: 'multiple resource groups with multiple resources, fits with different modes',
    podSets: [ps('main', 1, { cpu: '3', memory: '10Mi', [GPU]: '3' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT },
      rg(fq('one', ['cpu', '2'], ['memory', '1Gi']), fq('two', ['cpu', '4'], ['memory', '15Mi'])),
      rg(fq('b_one', [GPU, '4'])),
    ),
    clusterQueueUsage: { 'two/memory': 10 * MI },
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('b_one', [GPU, '0']))),
    secondaryClusterQueueUsage: { [`b_one/${GPU}`]: 2 },
    simulation: { 'two/memory': ['Preempt', 1] },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['two', 'Preempt', -1], [GPU]: ['b_one', 'Preempt', -1] },
          requests: { cpu: '3', memory: '10Mi', [GPU]: '3' },
          status: [exceeds('cpu', 'one', '0', '3', '2'), unused('memory', 'two', '5Mi'), unused(GPU, 'b_one', '1')],
          count: 1,
          attempts: [
            att('b_one', 'Preempt', { possibility: 'Preempt', reasons: [unused(GPU, 'b_one', '1')] }),
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '3', '2')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('memory', 'two', '5Mi')] }),
          ],
        },
      ],
      borrowing: 1,
      usage: { 'two/cpu': 3_000, 'two/memory': 10 * MI, [`b_one/${GPU}`]: 3 },
    },
  },
  {
    name: "multiple resources in a group, doesn't fit",
    podSets: [ps('main', 1, { cpu: '3', memory: '10Mi' })],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['cpu', '2'], ['memory', '1Gi']), fq('two', ['cpu', '4'], ['memory', '5Mi'])),
    ),
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '3', memory: '10Mi' },
          status: [exceeds('cpu', 'one', '0', '3', '2'), exceeds('memory', 'two', '0', '10Mi', '5Mi')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '3', '2')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'NoFit', {
              reasons: [exceeds('memory', 'two', '0', '10Mi', '5Mi')],
              noFitReason: 'ExceedsMaxQuota',
            }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: 'multiple flavors, fits while skipping tainted flavor',
    podSets: [ps('main', 1, { cpu: '3' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('tainted', ['cpu', '4']), fq('two', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '3' },
          count: 1,
          attempts: [
            att('tainted', 'NoFit', { reasons: [SPOT_TAINT], noFitReason: 'NoMatchingFlavor' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 3_000 },
    },
  },
  {
    name: 'multiple flavors, fits a node selector',
    podSets: [
      ps(
        'main',
        1,
        { cpu: '1' },
        {
          nodeSelector: { type: 'two', ignored1: 'foo' },
          terms: [[{ key: 'ignored2', operator: 'In', values: ['bar'] }]],
        },
      ),
    ],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [affinity('one')], noFitReason: 'NoMatchingFlavor' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 1_000 },
    },
  },
  {
    name: 'multiple flavors, fits with node affinity',
    podSets: [
      ps(
        'main',
        1,
        { cpu: '1', memory: '1Mi' },
        { nodeSelector: { ignored1: 'foo' }, terms: [[{ key: 'type', operator: 'In', values: ['two'] }]] },
      ),
    ],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['cpu', '4'], ['memory', '1Gi']), fq('two', ['cpu', '4'], ['memory', '1Gi'])),
    ),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], memory: ['two', 'Fit', -1] },
          requests: { cpu: '1', memory: '1Mi' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [affinity('one')], noFitReason: 'NoMatchingFlavor' }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 1_000, 'two/memory': MI },
    },
  },
  {
    name: 'multiple flavors, node affinity fits any flavor',
    podSets: [
      ps(
        'main',
        1,
        { cpu: '1' },
        {
          terms: [
            [{ key: 'ignored2', operator: 'In', values: ['bar'] }],
            [{ key: 'cpuType', operator: 'In', values: ['two'] }],
          ],
        },
      ),
    ],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Fit', 0] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [att('one', 'Fit')],
        },
      ],
      usage: { 'one/cpu': 1_000 },
    },
  },
  {
    name: "multiple flavors with different label keys, selector only uses flavor's own keys",
    podSets: [ps('main', 1, { cpu: '1' }, { nodeSelector: { x: 'a', y: 'g' } })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('label-x-a', ['cpu', '4']), fq('label-xy-b', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [{ name: 'main', flavors: { cpu: ['label-x-a', 'Fit', 0] }, requests: { cpu: '1' }, count: 1 }],
      usage: { 'label-x-a/cpu': 1_000 },
    },
  },
  {
    name: 'labelless flavor in group with labeled flavor, workload uses labeled selector',
    podSets: [ps('main', 1, { cpu: '1' }, { nodeSelector: { type: 'two' } })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4']), fq('two', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [{ name: 'main', flavors: { cpu: ['default', 'Fit', 0] }, requests: { cpu: '1' }, count: 1 }],
      usage: { 'default/cpu': 1_000 },
    },
  },
  {
    name: "multiple flavors, doesn't fit node affinity",
    podSets: [ps('main', 1, { cpu: '1' }, { terms: [[{ key: 'type', operator: 'In', values: ['three'] }]] })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '4']))),
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '1' },
          status: [affinity('one'), affinity('two')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [affinity('one')], noFitReason: 'NoMatchingFlavor' }),
            att('two', 'NoFit', { reasons: [affinity('two')], noFitReason: 'NoMatchingFlavor' }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'NoMatchingFlavor',
    },
  },
  {
    name: 'multiple specs, fit different flavors',
    podSets: [ps('driver', 1, { cpu: '5' }), ps('worker', 1, { cpu: '3' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '10']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'driver',
          flavors: { cpu: ['two', 'Fit', -1] },
          requests: { cpu: '5' },
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '5', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'Fit'),
          ],
        },
        {
          name: 'worker',
          flavors: { cpu: ['one', 'Fit', 0] },
          requests: { cpu: '3' },
          count: 1,
          attempts: [att('one', 'Fit')],
        },
      ],
      usage: { 'one/cpu': 3_000, 'two/cpu': 5_000 },
    },
  },
  {
    name: 'multiple specs, fits borrowing',
    podSets: [ps('driver', 1, { cpu: '4', memory: '1Gi' }), ps('worker', 1, { cpu: '6', memory: '4Gi' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT }, rg(fq('default', ['cpu', '2', '98'], ['memory', '2Gi']))),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('default', ['cpu', '198'], ['memory', '198Gi']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'driver',
          flavors: { cpu: ['default', 'Fit', -1], memory: ['default', 'Fit', -1] },
          requests: { cpu: '4', memory: '1Gi' },
          count: 1,
          attempts: [att('default', 'Fit', { borrow: 1 })],
        },
        {
          name: 'worker',
          flavors: { cpu: ['default', 'Fit', -1], memory: ['default', 'Fit', -1] },
          requests: { cpu: '6', memory: '4Gi' },
          count: 1,
          attempts: [att('default', 'Fit', { borrow: 1 })],
        },
      ],
      borrowing: 1,
      usage: { 'default/cpu': 10_000, 'default/memory': 5 * GI },
    },
  },
  {
    name: 'not enough space to borrow',
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '1']))),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '10', '', '0']))),
    secondaryClusterQueueUsage: { 'one/cpu': 9_000 },
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '2' },
          status: [exceeds('cpu', 'one', '0', '2', '1')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '2', '1')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: 'past max, but can preempt in ClusterQueue',
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '2', '8']))),
    clusterQueueUsage: { 'one/cpu': 9_000 },
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '98']))),
    secondaryClusterQueueUsage: { 'one/cpu': 9_000 },
    simulation: { 'one/cpu': ['Preempt', 1] },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [unused('cpu', 'one', '1')],
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('cpu', 'one', '1')] }),
          ],
        },
      ],
      borrowing: 1,
      usage: { 'one/cpu': 2_000 },
    },
  },
  {
    name: 'past min, but can preempt in ClusterQueue',
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '2']))),
    clusterQueueUsage: { 'one/cpu': 1_000 },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [unused('cpu', 'one', '1')],
          count: 1,
          attempts: [att('one', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'one', '1')] })],
        },
      ],
      usage: { 'one/cpu': 2_000 },
    },
  },
  {
    name: 'past min, but can preempt in cohort and ClusterQueue',
    podSets: [ps('main', 1, { cpu: '2' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '3']))),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '7']))),
    secondaryClusterQueueUsage: { 'one/cpu': 8_000 },
    simulation: { 'one/cpu': ['Preempt', 1] },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [unused('cpu', 'one', '2')],
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('cpu', 'one', '2')] }),
          ],
        },
      ],
      borrowing: 1,
      usage: { 'one/cpu': 2_000 },
    },
  },
  {
    name: 'can only preempt flavors that match affinity',
    podSets: [ps('main', 1, { cpu: '2' }, { nodeSelector: { type: 'two' } })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('two', ['cpu', '4']))),
    clusterQueueUsage: { 'one/cpu': 3_000, 'two/cpu': 3_000 },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [affinity('one'), unused('cpu', 'two', '1')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [affinity('one')], noFitReason: 'NoMatchingFlavor' }),
            att('two', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'two', '1')] }),
          ],
        },
      ],
      usage: { 'two/cpu': 2_000 },
    },
  },
  {
    name: 'each podset requires preemption on a different flavor',
    podSets: [ps('launcher', 1, { cpu: '2' }), ps('workers', 10, { cpu: '1' }, { tolerations: [SPOT_TOLERATION] })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']), fq('tainted', ['cpu', '10']))),
    clusterQueueUsage: { 'one/cpu': 3_000, 'tainted/cpu': 3_000 },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'launcher',
          flavors: { cpu: ['one', 'Preempt', -1] },
          requests: { cpu: '2' },
          status: [unused('cpu', 'one', '1'), SPOT_TAINT],
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'one', '1')] }),
            att('tainted', 'NoFit', { reasons: [SPOT_TAINT], noFitReason: 'NoMatchingFlavor' }),
          ],
        },
        {
          name: 'workers',
          flavors: { cpu: ['tainted', 'Preempt', -1] },
          requests: { cpu: '10' },
          status: [exceeds('cpu', 'one', '2', '10', '4'), unused('cpu', 'tainted', '3')],
          count: 10,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '2', '10', '4')], noFitReason: 'ExceedsMaxQuota' }),
            att('tainted', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'tainted', '3')] }),
          ],
        },
      ],
      usage: { 'one/cpu': 2_000, 'tainted/cpu': 10_000 },
    },
  },
  {
    name: 'resource not listed in clusterQueue',
    podSets: [ps('main', 1, { [GPU]: '2' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '4']))),
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { [GPU]: '2' },
          status: ['resource example.com/gpu unavailable in ClusterQueue'],
          count: 1,
        },
      ],
      usage: {},
      noFitReason: 'NoMatchingFlavor',
    },
  },
  {
    name: 'zero resource request not in clusterQueue should succeed',
    podSets: [ps('main', 1, { cpu: '1', [GPU]: '0' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1] },
          requests: { cpu: '1', [GPU]: '0' },
          count: 1,
          attempts: [att('default', 'Fit')],
        },
      ],
      usage: { 'default/cpu': 1_000 },
    },
  },
  {
    name: 'zero resource request defined in clusterQueue should get flavor assigned',
    podSets: [ps('main', 1, { cpu: '1', [GPU]: '0' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4'], [GPU, '4']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1], [GPU]: ['default', 'Fit', -1] },
          requests: { cpu: '1', [GPU]: '0' },
          count: 1,
          attempts: [att('default', 'Fit')],
        },
      ],
      usage: { 'default/cpu': 1_000, [`default/${GPU}`]: 0 },
    },
  },
  {
    name: 'num pods fit',
    podSets: [ps('main', 3, { cpu: '1' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['pods', '3'], ['cpu', '10']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1], pods: ['default', 'Fit', -1] },
          requests: { cpu: '3', pods: '3' },
          count: 3,
          attempts: [att('default', 'Fit')],
        },
      ],
      usage: { 'default/pods': 3, 'default/cpu': 3_000 },
    },
  },
  {
    name: "num pods don't fit",
    podSets: [ps('main', 3, { cpu: '1' })],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['pods', '2'], ['cpu', '10']))),
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '3', pods: '3' },
          status: [exceeds('pods', 'default', '0', '3', '2')],
          count: 3,
          attempts: [
            att('default', 'NoFit', {
              reasons: [exceeds('pods', 'default', '0', '3', '2')],
              noFitReason: 'ExceedsMaxQuota',
            }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: 'with reclaimable pods; reclaimablePods on',
    podSets: [ps('main', 5, { cpu: '1' })],
    reclaimablePods: [{ name: 'main', count: 2 }],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['pods', '3'], ['cpu', '10']))),
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1], pods: ['default', 'Fit', -1] },
          requests: { cpu: '3', pods: '3' },
          count: 3,
          attempts: [att('default', 'Fit')],
        },
      ],
      usage: { 'default/pods': 3, 'default/cpu': 3_000 },
    },
  },
  {
    name: 'with reclaimable pods; reclaimablePods off',
    podSets: [ps('main', 5, { cpu: '1' })],
    reclaimablePods: [{ name: 'main', count: 2 }],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('default', ['pods', '5'], ['cpu', '10']))),
    gates: { reclaimablePods: false },
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['default', 'Fit', -1], pods: ['default', 'Fit', -1] },
          requests: { cpu: '5', pods: '5' },
          count: 5,
        },
      ],
      usage: { 'default/pods': 5, 'default/cpu': 5_000 },
    },
  },
  // Spec §5 flavor example 2.
  preemptBeforeTryNextFlavor('preempt before try next flavor'),
  preemptBeforeTryNextFlavor(
    'preempt before try next flavor; using WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
  ),
  // Spec §5 flavor example 1.
  {
    name: 'preempt try next flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      {},
      rg(fq('one', ['pods', '10'], ['cpu', '10']), fq('two', ['pods', '10'], ['cpu', '10'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], pods: ['two', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', reasons: [unused('cpu', 'one', '1')] }),
            att('two', 'Fit'),
          ],
        },
      ],
      usage: { 'two/cpu': 9_000, 'two/pods': 1 },
    },
  },
  {
    name: 'borrow try next flavor, found the first flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, ff: TRY_NEXT },
      rg(fq('one', ['pods', '10'], ['cpu', '10', '1']), fq('two', ['pods', '10'], ['cpu', '1'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: SECONDARY_ONE_CPU_1,
    wantMode: 'Fit',
    want: {
      borrowing: 1,
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Fit', -1], pods: ['one', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [
            att('one', 'Fit', { borrow: 1 }),
            att('two', 'NoFit', { reasons: [exceeds('cpu', 'two', '0', '9', '1')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: { 'one/cpu': 9_000, 'one/pods': 1 },
    },
  },
  // Spec §5 flavor example 3.
  {
    name: 'borrow try next flavor, found the second flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, ff: TRY_NEXT },
      rg(fq('one', ['pods', '10'], ['cpu', '10', '1']), fq('two', ['pods', '10'], ['cpu', '10'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: SECONDARY_ONE_CPU_1,
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], pods: ['two', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [att('one', 'Fit', { borrow: 1 }), att('two', 'Fit')],
        },
      ],
      usage: { 'two/cpu': 9_000, 'two/pods': 1 },
    },
  },
  {
    name: 'borrow before try next flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT },
      rg(fq('one', ['pods', '10'], ['cpu', '10', '1']), fq('two', ['pods', '10'], ['cpu', '10'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: SECONDARY_ONE_CPU_1,
    wantMode: 'Fit',
    want: {
      borrowing: 1,
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Fit', 0], pods: ['one', 'Fit', 0] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [att('one', 'Fit', { borrow: 1 })],
        },
      ],
      usage: { 'one/cpu': 9_000, 'one/pods': 1 },
    },
  },
  // Spec §5 flavor example 4 (second half).
  whenBorrowingWhilePreemptionIsNeeded(
    'when borrowing while preemption is needed for flavor one; WhenCanBorrow=MayStopSearch',
    ['cpu', '0', '12'],
    MAY_STOP,
  ),
  whenBorrowingWhilePreemptionIsNeeded(
    'when borrowing while preemption is needed for flavor one; WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
    ['cpu', '0', '12'],
    MAY_STOP,
  ),
  whenBorrowingWhilePreemptionIsNeeded(
    'when borrowing while preemption is needed for flavor one, no borrowingLimit; WhenCanBorrow=MayStopSearch',
    ['cpu', '0'],
    MAY_STOP,
  ),
  whenBorrowingWhilePreemptionIsNeeded(
    'when borrowing while preemption is needed for flavor one, no borrowingLimit; WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
    ['cpu', '0'],
    MAY_STOP,
  ),
  // Spec §5 flavor example 4 (first half).
  whenBorrowingTryNextFlavor('when borrowing while preemption is needed for flavor one; WhenCanBorrow=TryNextFlavor'),
  whenBorrowingTryNextFlavor(
    'when borrowing while preemption is needed for flavor one; WhenCanBorrow=TryNextFlavor,WhenCanPreempt=MayStopSearch',
  ),
  {
    name: 'when borrowing while preemption is needed, but borrowingLimit exceeds the quota available in the cohort',
    podSets: [ps('main', 1, { cpu: '12' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT, preemption: BORROW_WITHIN_COHORT }, rg(fq('one', ['cpu', '0', '12']))),
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '11']))),
    secondaryClusterQueueUsage: { 'one/cpu': 10_000 },
    wantMode: 'NoFit',
    want: {
      podSets: [
        {
          name: 'main',
          requests: { cpu: '12' },
          status: [exceeds('cpu', 'one', '0', '12', '11')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '0', '12', '11')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: {},
      noFitReason: 'ExceedsMaxQuota',
    },
  },
  {
    name: 'lend try next flavor, found the second flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, ff: TRY_NEXT },
      rg(fq('one', ['pods', '10'], ['cpu', '10', '', '1']), fq('two', ['pods', '10'], ['cpu', '10', '', '0'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: SECONDARY_ONE_CPU_1,
    wantMode: 'Fit',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['two', 'Fit', -1], pods: ['two', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [att('one', 'Fit', { borrow: 1 }), att('two', 'Fit')],
        },
      ],
      usage: { 'two/cpu': 9_000, 'two/pods': 1 },
    },
  },
  {
    name: 'lend try next flavor, found the first flavor',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(
      TEST_CQ,
      { cohort: COHORT, ff: TRY_NEXT },
      rg(fq('one', ['pods', '10'], ['cpu', '10', '', '1']), fq('two', ['pods', '10'], ['cpu', '1', '', '0'])),
    ),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: SECONDARY_ONE_CPU_1,
    wantMode: 'Fit',
    want: {
      borrowing: 1,
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Fit', -1], pods: ['one', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          count: 1,
          attempts: [
            att('one', 'Fit', { borrow: 1 }),
            att('two', 'NoFit', { reasons: [exceeds('cpu', 'two', '0', '9', '1')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: { 'one/cpu': 9_000, 'one/pods': 1 },
    },
  },
  cannotPreemptInCohort(
    'cannot preempt in cohort (oracle returns None) for the first flavor, tries the second flavor (which fits)',
  ),
  cannotPreemptInCohort(
    'cannot preempt in cohort (oracle returns None) for the first flavor, tries the second flavor (which fits); using deprecated WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
  ),
  {
    name: 'quota exhausted, but can preempt in cohort and ClusterQueue',
    podSets: [ps('main', 1, { cpu: '9' })],
    clusterQueue: cq(TEST_CQ, { cohort: COHORT }, rg(fq('one', ['pods', '10'], ['cpu', '10', '', '0']))),
    clusterQueueUsage: { 'one/cpu': 2_000 },
    secondaryClusterQueue: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['pods', '0'], ['cpu', '0']))),
    simulation: { 'one/cpu': ['Preempt', 1] },
    wantMode: 'Preempt',
    want: {
      podSets: [
        {
          name: 'main',
          flavors: { cpu: ['one', 'Preempt', -1], pods: ['one', 'Fit', -1] },
          requests: { cpu: '9', pods: '1' },
          status: [unused('cpu', 'one', '1')],
          count: 1,
          attempts: [
            att('one', 'Preempt', { possibility: 'Preempt', borrow: 1, reasons: [unused('cpu', 'one', '1')] }),
          ],
        },
      ],
      borrowing: 1,
      usage: { 'one/cpu': 9_000, 'one/pods': 1 },
    },
  },
  fairSharingReclaim(
    'when borrowing while preemption is needed for flavor one, fair sharing enabled, reclaimWithinCohort=Any',
    'Any',
  ),
  fairSharingReclaim(
    'when borrowing while preemption is needed for flavor one, fair sharing enabled, reclaimWithinCohort=Any; using deprecated WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
    'Any',
  ),
  fairSharingReclaim(
    'when borrowing while preemption is needed for flavor one, fair sharing enabled, reclaimWithinCohort=Never',
    'Never',
  ),
  fairSharingReclaim(
    'when borrowing while preemption is needed for flavor one, fair sharing enabled, reclaimWithinCohort=Never; using deprecated WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch',
    'Never',
  ),
  {
    name: 'multi-podset, one fits and another fails, fitting podset attempts skipped in resolveNoFitReason',
    podSets: [
      ps('fitting-podset', 1, { cpu: '1' }, { nodeSelector: { type: 'one' } }),
      ps('blocking-podset', 1, { cpu: '5' }),
    ],
    clusterQueue: cq(TEST_CQ, {}, rg(fq('one', ['cpu', '2']), fq('two', ['cpu', '2']))),
    wantMode: 'NoFit',
    want: {
      noFitReason: 'ExceedsMaxQuota',
      podSets: [
        {
          name: 'fitting-podset',
          flavors: { cpu: ['one', 'Fit', 0] },
          requests: { cpu: '1' },
          count: 1,
          attempts: [att('one', 'Fit'), att('two', 'NoFit', { noFitReason: 'NoMatchingFlavor' })],
        },
        {
          name: 'blocking-podset',
          requests: { cpu: '5' },
          status: [exceeds('cpu', 'one', '1', '5', '2'), exceeds('cpu', 'two', '0', '5', '2')],
          count: 1,
          attempts: [
            att('one', 'NoFit', { reasons: [exceeds('cpu', 'one', '1', '5', '2')], noFitReason: 'ExceedsMaxQuota' }),
            att('two', 'NoFit', { reasons: [exceeds('cpu', 'two', '0', '5', '2')], noFitReason: 'ExceedsMaxQuota' }),
          ],
        },
      ],
      usage: { 'one/cpu': 1_000 },
    },
  },
];

function runAssignCase(tc: AssignCase): Assignment {
  const tree = QuotaTree.build({
    clusterQueues: [tc.clusterQueue, ...(tc.secondaryClusterQueue ? [tc.secondaryClusterQueue] : [])],
  });
  if (tc.clusterQueueUsage) tree.addUsage(TEST_CQ, usage(tc.clusterQueueUsage));
  if (tc.secondaryClusterQueue) tree.addUsage(SECONDARY_CQ, usage(tc.secondaryClusterQueueUsage));
  const assigner = new FlavorAssigner({
    workload: {
      spec: { podSets: tc.podSets },
      ...(tc.reclaimablePods ? { status: { reclaimablePods: tc.reclaimablePods } } : {}),
    },
    clusterQueue: tc.clusterQueue,
    quota: tree,
    resourceFlavors: FLAVORS,
    fairSharing: tc.fairSharing ?? false,
    oracle: testOracle(tc.simulation),
    ...(tc.gates ? { gates: tc.gates } : {}),
  });
  return assigner.assign();
}

describe('TestAssignFlavors', () => {
  it.each(ASSIGN_CASES)('$name', (tc) => {
    const got = runAssignCase(tc);
    expect(got.representativeMode()).toBe(tc.wantMode);
    expect(summarize(got)).toEqual(expected(tc.want));
    flexAssertConsidered(tc.want, got);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestReclaimBeforePriorityPreemption: flavors uno, due, tre with 10 compute and 10 gpu each, all provided by
// test-clusterqueue and lent to the cohort.

interface SelectCase {
  name: string;
  requests: Record<string, string>;
  testUsage?: Record<string, number>;
  otherUsage?: Record<string, number>;
  ff?: FlavorFungibility;
  simulation?: Record<string, [PreemptionPossibility, number]>;
  wantMode: FlavorAssignmentMode;
  want: Record<string, string>;
}

function selected(a: Assignment): Record<string, string> {
  return Object.fromEntries([...a.podSets[0]!.flavors].map(([r, f]) => [r, f.name]));
}

const RECLAIM_CASES: SelectCase[] = [
  {
    name: 'Select first flavor which fits',
    requests: { gpu: '10' },
    testUsage: { 'uno/gpu': 1 },
    otherUsage: { 'due/gpu': 1 },
    wantMode: 'Fit',
    want: { gpu: 'tre' },
  },
  {
    name: 'Select first flavor where gpu reclamation is possible',
    requests: { gpu: '10' },
    testUsage: { 'uno/gpu': 1 },
    otherUsage: { 'due/gpu': 1, 'tre/gpu': 1 },
    simulation: { 'uno/gpu': ['Preempt', 0], 'due/gpu': ['Reclaim', 0] },
    wantMode: 'Preempt',
    want: { gpu: 'due' },
  },
  {
    name: 'Select first flavor when flavor fungibility is disabled',
    requests: { gpu: '10' },
    testUsage: { 'uno/gpu': 1 },
    otherUsage: { 'due/gpu': 1, 'tre/gpu': 1 },
    ff: { whenCanPreempt: 'MayStopSearch' },
    wantMode: 'Preempt',
    want: { gpu: 'uno' },
  },
  {
    name: 'Select first flavor when flavor fungibility is disabled; using deprecated WhenCanPreempt=MayStopSearch',
    requests: { gpu: '10' },
    testUsage: { 'uno/gpu': 1 },
    otherUsage: { 'due/gpu': 1, 'tre/gpu': 1 },
    ff: { whenCanPreempt: 'MayStopSearch' },
    wantMode: 'Preempt',
    want: { gpu: 'uno' },
  },
  {
    name: 'Select first flavor where priority based preemption is possible',
    requests: { gpu: '10' },
    testUsage: { 'uno/gpu': 1, 'due/gpu': 1, 'tre/gpu': 1 },
    wantMode: 'Preempt',
    want: { gpu: 'uno' },
  },
  {
    name: 'Select second flavor where gpu reclamation is possible, as compute Fits',
    requests: { gpu: '10', compute: '10' },
    testUsage: { 'uno/gpu': 1, 'uno/compute': 1, 'due/compute': 1 },
    otherUsage: { 'due/gpu': 1, 'tre/gpu': 1 },
    simulation: { 'uno/gpu': ['Preempt', 0], 'due/gpu': ['Reclaim', 0], 'tre/gpu': ['Reclaim', 0] },
    wantMode: 'Preempt',
    want: { gpu: 'tre', compute: 'tre' },
  },
];

describe('TestReclaimBeforePriorityPreemption', () => {
  it.each(RECLAIM_CASES)('$name', (tc) => {
    const flavors = ['uno', 'due', 'tre'];
    const testCq = cq(
      'test-clusterqueue',
      {
        cohort: 'cohort',
        preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' },
        ff: tc.ff ?? { whenCanPreempt: 'TryNextFlavor' },
      },
      rg(...flavors.map((f) => fq(f, ['compute', '10'], ['gpu', '10']))),
    );
    const otherCq = cq(
      'other-clusterqueue',
      { cohort: 'cohort' },
      rg(...flavors.map((f) => fq(f, ['compute', '0'], ['gpu', '0']))),
    );
    const tree = QuotaTree.build({ clusterQueues: [testCq, otherCq] });
    tree.addUsage('other-clusterqueue', usage(tc.otherUsage));
    tree.addUsage('test-clusterqueue', usage(tc.testUsage));
    const got = new FlavorAssigner({
      workload: { spec: { podSets: [ps('main', 1, tc.requests)] } },
      clusterQueue: testCq,
      quota: tree,
      resourceFlavors: Object.fromEntries(flavors.map((f) => [f, rf(f)])),
      oracle: testOracle(tc.simulation),
    }).assign();
    expect(got.representativeMode()).toBe(tc.wantMode);
    expect(selected(got)).toEqual(tc.want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestDeletedFlavors: the ClusterQueue lists a flavor the cache no longer has.

describe('TestDeletedFlavors', () => {
  const flavors = { flavor: rf('flavor') };
  const run = (podSet: PodSet, clusterQueue: TestCQ) =>
    new FlavorAssigner({
      workload: { spec: { podSets: [podSet] } },
      clusterQueue,
      quota: QuotaTree.build({ clusterQueues: [clusterQueue] }),
      resourceFlavors: flavors,
      oracle: testOracle(),
    }).assign();

  it('multiple flavors, skip missing ResourceFlavor', () => {
    const got = run(
      ps('main', 1, { cpu: '3' }),
      cq(TEST_CQ, {}, rg(fq('deleted-flavor', ['cpu', '4']), fq('flavor', ['cpu', '4']))),
    );
    expect(got.representativeMode()).toBe('Fit');
    expect(summarize(got)).toEqual(
      expected({
        podSets: [{ name: 'main', flavors: { cpu: ['flavor', 'Fit', -1] }, requests: { cpu: '3' }, count: 1 }],
        usage: { 'flavor/cpu': 3_000 },
      }),
    );
    expect(got.podSets[0]!.flavorAssignmentAttempts).toEqual([
      att('deleted-flavor', 'NoFit', { reasons: ['flavor deleted-flavor not found'], noFitReason: 'NoMatchingFlavor' }),
      att('flavor', 'Fit'),
    ]);
  });

  it('flavor not found', () => {
    const got = run(ps('main', 1, { cpu: '1' }), cq(TEST_CQ, {}, rg(fq('deleted-flavor', ['cpu', '4']))));
    expect(got.representativeMode()).toBe('NoFit');
    expect(summarize(got)).toEqual(
      expected({
        podSets: [{ name: 'main', requests: { cpu: '1' }, status: ['flavor deleted-flavor not found'], count: 1 }],
        usage: {},
        noFitReason: 'NoMatchingFlavor',
      }),
    );
    expect(got.podSets[0]!.flavorAssignmentAttempts).toEqual([
      att('deleted-flavor', 'NoFit', { reasons: ['flavor deleted-flavor not found'], noFitReason: 'NoMatchingFlavor' }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestHierarchical: flavors one, two, three and cohorts three (root) ← two ← one, each cohort holding 4 cpu of
// its own flavor; test-clusterqueue sits in cohort one, other-clusterqueue in cohort two.

interface HierarchicalCase {
  name: string;
  testFlavors?: FlavorQuotas[];
  testUsage?: Record<string, number>;
  otherUsage?: Record<string, number>;
  ff?: FlavorFungibility;
  simulation?: Record<string, [PreemptionPossibility, number]>;
  wantMode: FlavorAssignmentMode;
  want: Record<string, string>;
}

const HIERARCHICAL_CASES: HierarchicalCase[] = [
  {
    name: 'Select the top flavor',
    testUsage: { 'one/cpu': 4_000 },
    otherUsage: { 'two/cpu': 4_000 },
    wantMode: 'Fit',
    want: { cpu: 'three' },
  },
  {
    name: 'Select the first flavor which fits',
    testUsage: { 'one/cpu': 4_000 },
    wantMode: 'Fit',
    want: { cpu: 'two' },
  },
  {
    name: 'Select deeper-borrowing flavor that fits when shallower-borrowing flavor has no preemption candidates',
    testFlavors: [fq('one', ['cpu', '4', '0']), fq('two', ['cpu', '0']), fq('three', ['cpu', '0'])],
    testUsage: { 'one/cpu': 4_000 },
    ff: { whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'TryNextFlavor', preference: 'PreemptionOverBorrowing' },
    simulation: { 'one/cpu': ['NoCandidates', 1] },
    wantMode: 'Fit',
    want: { cpu: 'two' },
  },
];

describe('TestHierarchical', () => {
  it.each(HIERARCHICAL_CASES)('$name', (tc) => {
    const zero = () => [fq('one', ['cpu', '0']), fq('two', ['cpu', '0']), fq('three', ['cpu', '0'])];
    const testCq = cq(
      'test-clusterqueue',
      {
        cohort: 'one',
        preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' },
        ff: tc.ff ?? { whenCanPreempt: 'TryNextFlavor' },
      },
      rg(...(tc.testFlavors ?? zero())),
    );
    const otherCq = cq('other-clusterqueue', { cohort: 'two' }, rg(...zero()));
    const tree = QuotaTree.build({
      clusterQueues: [testCq, otherCq],
      cohorts: [
        { metadata: { name: 'three' }, spec: { resourceGroups: [rg(fq('three', ['cpu', '4']))] } },
        { metadata: { name: 'two' }, spec: { parentName: 'three', resourceGroups: [rg(fq('two', ['cpu', '4']))] } },
        { metadata: { name: 'one' }, spec: { parentName: 'two', resourceGroups: [rg(fq('one', ['cpu', '4']))] } },
      ],
    });
    tree.addUsage('other-clusterqueue', usage(tc.otherUsage));
    tree.addUsage('test-clusterqueue', usage(tc.testUsage));
    const got = new FlavorAssigner({
      workload: { spec: { podSets: [ps('main', 1, { cpu: '4' })] } },
      clusterQueue: testCq,
      quota: tree,
      resourceFlavors: { one: rf('one'), two: rf('two'), three: rf('three') },
      oracle: testOracle(tc.simulation),
    }).assign();
    expect(got.representativeMode()).toBe(tc.wantMode);
    expect(selected(got)).toEqual(tc.want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestIsPreferred.

const gm = (preemptionMode: GranularMode['preemptionMode'], borrowingLevel: number): GranularMode => ({
  preemptionMode,
  borrowingLevel,
});

describe('TestIsPreferred', () => {
  const both: FlavorFungibility = { whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'TryNextFlavor' };
  it.each<[string, GranularMode, GranularMode, FlavorFungibility | undefined, boolean]>([
    ['feature gate disabled prioritises preemption', gm('fit', 0), gm('preempt', 0), both, true],
    [
      'explicit BorrowingOverPreemption prioritises borrowing distance',
      gm('preempt', 1),
      gm('fit', 2),
      { ...both, preference: 'BorrowingOverPreemption' },
      false,
    ],
    [
      'explicit PreemptionOverBorrowing prioritises lower preemption',
      gm('preempt', 1),
      gm('fit', 2),
      { ...both, preference: 'PreemptionOverBorrowing' },
      true,
    ],
    [
      'explicit PreemptionOverBorrowing breaks borrowing ties with preemption',
      gm('preempt', 1),
      gm('fit', 1),
      { ...both, preference: 'PreemptionOverBorrowing' },
      false,
    ],
    [
      'explicit PreemptionOverBorrowing rejects no-candidate flavor before borrowing comparison',
      gm('noPreemptionCandidates', 1),
      gm('fit', 2),
      { ...both, preference: 'PreemptionOverBorrowing' },
      false,
    ],
    [
      'explicit PreemptionOverBorrowing prefers fit over shallower-borrowing no-candidate flavor',
      gm('fit', 2),
      gm('noPreemptionCandidates', 1),
      { ...both, preference: 'PreemptionOverBorrowing' },
      true,
    ],
    [
      'no-candidate flavor remains preferable to no-fit flavor',
      gm('noPreemptionCandidates', 1),
      gm('noFit', 0),
      undefined,
      true,
    ],
    [
      'no-fit flavor remains worse than no-candidate flavor',
      gm('noFit', 0),
      gm('noPreemptionCandidates', 1),
      undefined,
      false,
    ],
    [
      'no-candidate flavors retain borrowing preference',
      gm('noPreemptionCandidates', 1),
      gm('noPreemptionCandidates', 2),
      { preference: 'PreemptionOverBorrowing' },
      true,
    ],
    [
      'no-candidate flavors retain borrowing preference in reverse',
      gm('noPreemptionCandidates', 2),
      gm('noPreemptionCandidates', 1),
      { preference: 'PreemptionOverBorrowing' },
      false,
    ],
  ])('%s', (_name, a, b, config, want) => {
    expect(isPreferred(a, b, config)).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestIsNoFitDueToCapacityAndLimits: Assignment.NoFitReason and each attempt's NoFitReason.

describe('TestIsNoFitDueToCapacityAndLimits', () => {
  const flavorsAB: Record<string, ResourceFlavorLike> = {
    'flavor-a': rf('flavor-a', { type: 'a' }),
    'flavor-b': rf('flavor-b', undefined, { nodeTaints: [{ key: 'key', value: 'val', effect: 'NoSchedule' }] }),
    'flavor-tas': rf('flavor-tas', undefined, { topologyName: 'topology-tas' }),
  };
  const defaultCq = cq('cq', {}, rg(fq('flavor-a', ['cpu', '2', '4']), fq('flavor-b', ['cpu', '2', '4'])));
  const tasCq = cq(
    'cq-tas',
    {},
    rg(fq('flavor-a', ['cpu', '2', '2']), fq('flavor-b', ['cpu', '2', '2']), fq('flavor-tas', ['cpu', '2', '2'])),
  );
  const cohortCq = (bl: string) =>
    cq('cq', { cohort: 'cohort' }, rg(fq('flavor-a', ['cpu', '2', bl]), fq('flavor-b', ['cpu', '2', bl])));
  const sibling = (nominal: string, bl: string) =>
    cq('sibling', { cohort: 'cohort' }, rg(fq('flavor-a', ['cpu', nominal, bl]), fq('flavor-b', ['cpu', nominal, bl])));
  const sharedCq = cq(
    'shared-cq',
    { cohort: 'cohort' },
    rg(fq('flavor-shared', ['cpu', '2', '4']), fq('flavor-a', ['cpu', '2', '4'])),
    rg(fq('flavor-shared', ['memory', '2Gi', '4Gi'])),
  );
  const sharedSibling = cq(
    'sibling',
    { cohort: 'cohort' },
    rg(fq('flavor-shared', ['cpu', '2', '2']), fq('flavor-a', ['cpu', '2', '2'])),
    rg(fq('flavor-shared', ['memory', '2Gi', '2Gi'])),
  );
  const rack = { 'topology-tas': ['rack'] } as Record<string, string[]>;

  interface NoFitCase {
    name: string;
    podSet: PodSet;
    cq?: TestCQ;
    siblings?: TestCQ[];
    flavors?: Record<string, ResourceFlavorLike>;
    siblingUsage?: Record<string, Record<string, number>>;
    topologies?: Record<string, string[]>;
    simulation?: Record<string, [PreemptionPossibility, number]>;
    wantNoFitReason: string;
    wantFlavorAttempts: Record<string, string>;
  }
  const cases: NoFitCase[] = [
    {
      name: 'succeeds to schedule on flavor-a',
      podSet: ps('main', 1, { cpu: '1' }),
      wantNoFitReason: '',
      wantFlavorAttempts: { 'flavor-a': '', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'insufficient quota',
      podSet: ps('main', 1, { cpu: '3' }),
      wantNoFitReason: 'ExceedsMaxQuota',
      wantFlavorAttempts: { 'flavor-a': 'ExceedsMaxQuota', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'exceeds max capacity limits',
      podSet: ps('main', 1, { cpu: '5' }),
      wantNoFitReason: 'ExceedsMaxQuota',
      wantFlavorAttempts: { 'flavor-a': 'ExceedsMaxQuota', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'taints mismatch',
      podSet: ps('main', 1, { cpu: '1' }, { nodeSelector: { type: 'wrong' } }),
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: { 'flavor-a': 'NoMatchingFlavor', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'succeeds to schedule on flavor-b with a tolerated taint',
      podSet: ps(
        'main',
        1,
        { cpu: '1' },
        {
          nodeSelector: { type: 'non-existent' },
          tolerations: [{ key: 'key', operator: 'Equal', value: 'val', effect: 'NoSchedule' }],
        },
      ),
      wantNoFitReason: '',
      wantFlavorAttempts: { 'flavor-a': 'NoMatchingFlavor' },
    },
    {
      name: 'node affinity mismatch when both flavors declare same key',
      podSet: ps('main', 1, { cpu: '1' }, { nodeSelector: { type: 'non-existent' } }),
      flavors: { 'flavor-a': rf('flavor-a', { type: 'a' }), 'flavor-b': rf('flavor-b', { type: 'b' }) },
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: { 'flavor-a': 'NoMatchingFlavor', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'prioritization of structural mismatch over capacity mismatch',
      podSet: ps('main', 1, { cpu: '3', memory: '20Gi' }, { nodeSelector: { type: 'wrong' } }),
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: { 'flavor-a': 'NoMatchingFlavor', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'TAS not supported',
      podSet: ps('main', 1, { cpu: '1' }, { topology: { required: 'rack' } }),
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: { 'flavor-a': 'NoMatchingFlavor' },
    },
    {
      name: 'TAS level not supported',
      podSet: ps('main', 1, { cpu: '1' }, { topology: { required: 'block' } }),
      cq: tasCq,
      topologies: rack,
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: {
        'flavor-a': 'NoMatchingFlavor',
        'flavor-b': 'NoMatchingFlavor',
        'flavor-tas': 'NoMatchingFlavor',
      },
    },
    {
      name: 'TAS only flavor mismatch',
      podSet: ps('main', 1, { cpu: '1' }, { nodeSelector: { type: 'wrong' } }),
      cq: tasCq,
      topologies: rack,
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: {
        'flavor-a': 'NoMatchingFlavor',
        'flavor-b': 'NoMatchingFlavor',
        'flavor-tas': 'NoMatchingFlavor',
      },
    },
    {
      name: 'tas placement fails, cohort has no capacity',
      podSet: ps('main', 1, { cpu: '3' }, { topology: { required: 'rack' } }),
      cq: tasCq,
      topologies: rack,
      wantNoFitReason: 'ExceedsMaxQuota',
      wantFlavorAttempts: {
        'flavor-a': 'NoMatchingFlavor',
        'flavor-b': 'NoMatchingFlavor',
        'flavor-tas': 'ExceedsMaxQuota',
      },
    },
    {
      name: 'insufficient capacity, cohort has available capacity (waiting for quota)',
      podSet: ps('main', 1, { cpu: '3' }),
      cq: cohortCq('2'),
      siblings: [sibling('2', '2')],
      siblingUsage: { sibling: { 'flavor-a/cpu': 2_000, 'flavor-b/cpu': 2_000 } },
      wantNoFitReason: 'WaitingForQuota',
      wantFlavorAttempts: { 'flavor-a': 'WaitingForQuota', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'exceeds cohort max capacity limits',
      podSet: ps('main', 1, { cpu: '5' }),
      cq: cohortCq('2'),
      siblings: [sibling('2', '2')],
      wantNoFitReason: 'ExceedsMaxQuota',
      wantFlavorAttempts: { 'flavor-a': 'ExceedsMaxQuota', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'exceeds borrowing limit but cohort has capacity',
      podSet: ps('main', 1, { cpu: '4' }),
      cq: cohortCq('1'),
      siblings: [sibling('5', '5')],
      wantNoFitReason: 'ExceedsMaxQuota',
      wantFlavorAttempts: { 'flavor-a': 'ExceedsMaxQuota', 'flavor-b': 'NoMatchingFlavor' },
    },
    {
      name: 'flavor spanning multiple resource groups',
      podSet: ps('main', 1, { cpu: '3', memory: '3Gi' }, { nodeSelector: { type: 'a' } }),
      cq: sharedCq,
      siblings: [sharedSibling],
      siblingUsage: {
        sibling: { 'flavor-shared/cpu': 2_000, 'flavor-shared/memory': 2 * GI, 'flavor-a/cpu': 2_000 },
      },
      simulation: {
        'flavor-shared/cpu': ['NoCandidates', 0],
        'flavor-shared/memory': ['NoCandidates', 0],
        'flavor-a/cpu': ['NoCandidates', 0],
      },
      flavors: { 'flavor-shared': rf('flavor-shared', { type: 'shared' }), 'flavor-a': rf('flavor-a', { type: 'a' }) },
      wantNoFitReason: 'NoMatchingFlavor',
      wantFlavorAttempts: { 'flavor-shared': 'NoMatchingFlavor', 'flavor-a': 'WaitingForQuota' },
    },
  ];

  it.each(cases)('$name', (tc) => {
    const clusterQueue = tc.cq ?? defaultCq;
    const tree = QuotaTree.build({ clusterQueues: [clusterQueue, ...(tc.siblings ?? [])] });
    for (const [name, u] of Object.entries(tc.siblingUsage ?? {})) tree.addUsage(name, usage(u));
    const topologies = tc.topologies ?? {};
    const got = new FlavorAssigner({
      workload: { spec: { podSets: [tc.podSet] } },
      clusterQueue,
      quota: tree,
      resourceFlavors: tc.flavors ?? flavorsAB,
      oracle: testOracle(tc.simulation),
      topologyLevels: (name) => topologies[name],
    }).assign();
    expect(got.noFitReason).toBe(tc.wantNoFitReason);
    for (const p of got.podSets) {
      for (const a of p.flavorAssignmentAttempts) {
        const want = tc.wantFlavorAttempts[a.flavor];
        if (want !== undefined) expect(a.noFitReason, `attempt for flavor ${a.flavor}`).toBe(want);
      }
    }
  });

  it('TAS rule messages (checkPodSetAndFlavorMatchForTAS)', () => {
    const run = (podSet: PodSet) =>
      new FlavorAssigner({
        workload: { spec: { podSets: [podSet] } },
        clusterQueue: tasCq,
        quota: QuotaTree.build({ clusterQueues: [tasCq] }),
        resourceFlavors: flavorsAB,
        topologyLevels: (name) => rack[name],
      }).assign();
    expect(run(ps('main', 1, { cpu: '1' }, { topology: { required: 'block' } })).podSets[0]!.status.reasons).toEqual([
      'Flavor "flavor-a" does not support TopologyAwareScheduling',
      'Flavor "flavor-b" does not support TopologyAwareScheduling',
      'Flavor "flavor-tas" does not contain the requested level',
    ]);
    expect(run(ps('main', 1, { cpu: '1' }, { nodeSelector: { type: 'wrong' } })).podSets[0]!.status.reasons).toEqual([
      affinity('flavor-a'),
      'untolerated taint {key val NoSchedule <nil>} in flavor flavor-b',
      'Flavor "flavor-tas" supports only TopologyAwareScheduling',
    ]);
    // A TAS request at a level the topology has: the TAS flavor is compatible (placement itself is not modelled).
    const fits = run(ps('main', 1, { cpu: '1' }, { topology: { required: 'rack' } }));
    expect(fits.representativeMode()).toBe('Fit');
    expect(selected(fits)).toEqual({ cpu: 'flavor-tas' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestFlavorScanRecordsLastTriedFlavorIdx / TestRecomputeRecordsLastTriedFlavorIdx, quota side only: upstream runs
// them with TAS flavors on a hostname topology; here the flavors carry no topology (placement is not modelled), so
// the two cases whose outcome comes from the placement search ("pod is larger than any node", "topology is
// fragmented") are not ported.

function bookmarkSetup(nominal: string, spare: string, ff: FlavorFungibility) {
  const clusterQueue = cq(
    'cq',
    { cohort: 'cohort', ff },
    rg(fq('flavor-1', ['cpu', nominal]), fq('flavor-2', ['cpu', nominal])),
  );
  const sibling = cq(
    'sibling',
    { cohort: 'cohort' },
    rg(fq('flavor-1', ['cpu', spare]), fq('flavor-2', ['cpu', spare])),
  );
  const tree = QuotaTree.build({ clusterQueues: [clusterQueue, sibling] });
  const flavors = { 'flavor-1': rf('flavor-1', { flavor: 'one' }), 'flavor-2': rf('flavor-2', { flavor: 'two' }) };
  return { clusterQueue, tree, flavors };
}

const POB: FlavorFungibility = {
  whenCanBorrow: 'TryNextFlavor',
  whenCanPreempt: 'TryNextFlavor',
  preference: 'PreemptionOverBorrowing',
};

describe('TestFlavorScanRecordsLastTriedFlavorIdx (quota side)', () => {
  interface BookmarkCase {
    name: string;
    nominal: string;
    spare: string;
    request: string;
    usage?: Record<string, number>;
    simulation?: Record<string, [PreemptionPossibility, number]>;
    ff: FlavorFungibility;
    wantMode: FlavorAssignmentMode;
    wantIdx: number;
  }
  const cases: BookmarkCase[] = [
    {
      name: 'quota and topology both fit on the first flavor: bookmark names it',
      nominal: '10',
      spare: '0',
      request: '2',
      ff: POB,
      wantMode: 'Fit',
      wantIdx: 0,
    },
    {
      name: 'fits only by borrowing: bookmark says start over',
      nominal: '1',
      spare: '20',
      request: '2',
      ff: POB,
      wantMode: 'Fit',
      wantIdx: -1,
    },
    {
      name: 'fits only by borrowing, but WhenCanBorrow is MayStopSearch: bookmark names the first flavor',
      nominal: '1',
      spare: '20',
      request: '2',
      ff: { ...POB, whenCanBorrow: 'MayStopSearch' },
      wantMode: 'Fit',
      wantIdx: 0,
    },
    {
      name: 'needs preemption and candidates exist: bookmark names the first flavor',
      nominal: '2',
      spare: '0',
      request: '2',
      usage: { 'flavor-1/cpu': 2_000, 'flavor-2/cpu': 2_000 },
      simulation: { 'flavor-1/cpu': ['Preempt', 0], 'flavor-2/cpu': ['Preempt', 0] },
      ff: { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'MayStopSearch', preference: 'PreemptionOverBorrowing' },
      wantMode: 'Preempt',
      wantIdx: 0,
    },
    {
      name: 'needs preemption but no candidates: bookmark says start over whatever the policy',
      nominal: '2',
      spare: '0',
      request: '2',
      usage: { 'flavor-1/cpu': 2_000, 'flavor-2/cpu': 2_000 },
      simulation: { 'flavor-1/cpu': ['NoCandidates', 0], 'flavor-2/cpu': ['NoCandidates', 0] },
      ff: { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'MayStopSearch', preference: 'PreemptionOverBorrowing' },
      wantMode: 'Preempt',
      wantIdx: -1,
    },
  ];
  it.each(cases)('$name', (tc) => {
    const { clusterQueue, tree, flavors } = bookmarkSetup(tc.nominal, tc.spare, tc.ff);
    if (tc.usage) tree.addUsage('cq', usage(tc.usage));
    const got = new FlavorAssigner({
      workload: { spec: { podSets: [ps('main', 1, { cpu: tc.request })] } },
      clusterQueue,
      quota: tree,
      resourceFlavors: flavors,
      oracle: testOracle(tc.simulation),
      schedulingCycle: 7,
    }).assign();
    expect(got.representativeMode()).toBe(tc.wantMode);
    expect(got.lastState.lastTriedFlavorIdx[0]?.cpu).toBe(tc.wantIdx);
    expect(got.lastState.schedulingCycle).toBe(7);
  });
});

describe('TestRecomputeRecordsLastTriedFlavorIdx (quota side)', () => {
  it.each<[string, Record<string, number> | undefined, Record<string, [PreemptionPossibility, number]>, number]>([
    ['quota still accepts the nominated flavor: bookmark keeps naming it', undefined, {}, 0],
    [
      'quota tightened as well: bookmark says start over',
      { 'flavor-1/cpu': 10_000, 'flavor-2/cpu': 10_000 },
      { 'flavor-1/cpu': ['NoCandidates', 0], 'flavor-2/cpu': ['NoCandidates', 0] },
      -1,
    ],
  ])('%s', (_name, quotaUsageAtRecompute, simulation, wantRecomputedIdx) => {
    const { clusterQueue, tree, flavors } = bookmarkSetup('10', '0', POB);
    const workload = { spec: { podSets: [ps('main', 1, { cpu: '3' })] } };
    const nominated = new FlavorAssigner({
      workload,
      clusterQueue,
      quota: tree,
      resourceFlavors: flavors,
      oracle: testOracle(),
    }).assign();
    expect(nominated.representativeMode()).toBe('Fit');
    expect(nominated.lastState.lastTriedFlavorIdx[0]?.cpu).toBe(0);

    if (quotaUsageAtRecompute) tree.addUsage('cq', usage(quotaUsageAtRecompute));
    const mapping = Object.fromEntries(
      nominated.podSets.map((p) => [p.name, Object.fromEntries([...p.flavors].map(([r, f]) => [r, f.name]))]),
    );
    const recomputed = new FlavorAssigner({
      workload,
      clusterQueue,
      quota: tree,
      resourceFlavors: flavors,
      oracle: testOracle(simulation),
      nominationMapping: mapping,
    }).assign();
    expect(recomputed.lastState.lastTriedFlavorIdx[0]?.cpu).toBe(wantRecomputedIdx);
    // Upstream reports Preempt in both cases; in the first it comes from the TAS placement, which is not modelled.
    expect(recomputed.representativeMode()).toBe(quotaUsageAtRecompute ? 'Preempt' : 'Fit');
    if (quotaUsageAtRecompute) {
      expect(recomputed.podSets[0]!.status.reasons).toContain(
        'skipping flavor flavor-2 as it is not found in the nomination mapping for resource cpu',
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// podset_reducer_test.go TestSearch.

describe('TestSearch (PodSetReducer)', () => {
  const p = (count: number, minCount?: number) => ({ count, ...(minCount !== undefined ? { minCount } : {}) });
  it.each<[string, { count: number; minCount?: number }[], number, number, boolean]>([
    ['empty', [], 10, 0, false],
    ['partial not available', [p(1), p(2, 2)], 2, 0, false],
    ['partial available', [p(5, 3), p(5, 4), p(5, 1), p(5, 2)], 15, 15, true],
    ['one partial available', [p(5, 3), p(5), p(5), p(5)], 19, 19, true],
    ['to min', [p(5, 3), p(5, 4), p(5, 1), p(5, 2)], 10, 10, true],
    ['to max', [p(5, 3), p(5, 4), p(5, 1), p(5, 2)], 20, 20, true],
    ['no overflow', Array.from({ length: 8 }, () => p(150_000, 1)), 150_000, 150_000, true],
    ['max pods on 1.27', [p(150_000, 1), ...Array.from({ length: 7 }, () => p(1))], 150_000, 150_000, true],
    ['podset with replica count 0', [p(0, 0)], 0, 0, false],
  ])('%s', (_name, podSets, countLimit, wantCount, wantFound) => {
    const red = new PodSetReducer<number>(podSets, (counts) => {
      const total = counts.reduce((s, v) => s + v, 0);
      return { result: total, fits: total <= countLimit };
    });
    const { result, found } = red.search();
    expect(result ?? 0).toBe(wantCount);
    expect(found).toBe(wantFound);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Partial admission: scheduler_test.go TestSchedule, the flavor-assignment side (the `sales` ClusterQueue:
// flavor default, cpu nominal 50).

describe('TestSchedule partial admission (flavor assignment side)', () => {
  const sales = cq('sales', {}, rg(fq('default', ['cpu', '50', '0'])));
  const run = (podSets: PodSet[], partialAdmission = true) => {
    const assigner = new FlavorAssigner({
      workload: { spec: { podSets } },
      clusterQueue: sales,
      quota: QuotaTree.build({ clusterQueues: [sales] }),
      resourceFlavors: { default: rf('default') },
    });
    return assignWithPartialAdmission(assigner, podSets, { partialAdmission });
  };

  it('partial admission single variable pod set', () => {
    // Spec §5 example 26 / §2.5: 50 pods × 2 CPU, minCount 20, 50 CPU ⇒ count 25.
    const r = run([ps('one', 50, { cpu: '2' }, { minCount: 20 })]);
    expect(r.partial).toBe(true);
    expect(r.assignment.representativeMode()).toBe('Fit');
    expect(r.assignment.toAPI()).toEqual([
      { name: 'one', flavors: { cpu: 'default' }, resourceUsage: { cpu: '50' }, count: 25 },
    ]);
  });

  it('partial admission multiple variable pod sets', () => {
    const r = run([
      ps('one', 20, { cpu: '1' }),
      ps('two', 30, { cpu: '1' }, { minCount: 10 }),
      ps('three', 15, { cpu: '1' }, { minCount: 5 }),
    ]);
    expect(r.assignment.toAPI()).toEqual([
      { name: 'one', flavors: { cpu: 'default' }, resourceUsage: { cpu: '20' }, count: 20 },
      { name: 'two', flavors: { cpu: 'default' }, resourceUsage: { cpu: '20' }, count: 20 },
      { name: 'three', flavors: { cpu: 'default' }, resourceUsage: { cpu: '10' }, count: 10 },
    ]);
  });

  it('partial admission disabled, multiple variable pod sets', () => {
    const r = run(
      [
        ps('one', 20, { cpu: '1' }),
        ps('two', 30, { cpu: '1' }, { minCount: 10 }),
        ps('three', 15, { cpu: '1' }, { minCount: 5 }),
      ],
      false,
    );
    expect(r.partial).toBe(false);
    expect(r.assignment.representativeMode()).toBe('NoFit');
    expect(r.assignment.noFitReason).toBe('ExceedsMaxQuota');
    expect(r.assignment.message()).toBe(
      "couldn't assign flavors to pod set three: insufficient quota for cpu in flavor default, previously considered podsets requests (50) + current podset request (15) > maximum capacity (50)",
    );
  });

  it('Preempt counts only with preemption targets', () => {
    const clusterQueue = cq(
      'cq',
      { preemption: { withinClusterQueue: 'LowerPriority' } },
      rg(fq('default', ['cpu', '10'])),
    );
    const tree = QuotaTree.build({ clusterQueues: [clusterQueue] });
    tree.addUsage('cq', new Map([['default/cpu', 6_000]]));
    const podSets = [ps('main', 8, { cpu: '1' }, { minCount: 2 })];
    const assigner = new FlavorAssigner({
      workload: { spec: { podSets } },
      clusterQueue,
      quota: tree,
      resourceFlavors: { default: rf('default') },
    });
    // Without targets the Preempt full assignment is passed over: the largest Fit reduction is 4 pods.
    expect(assignWithPartialAdmission(assigner, podSets).assignment.podSets[0]!.count).toBe(4);
    // With targets the full assignment is taken.
    const withTargets = assignWithPartialAdmission(assigner, podSets, { preemptionTargets: () => ['victim'] });
    expect(withTargets.partial).toBe(false);
    expect(withTargets.targets).toEqual(['victim']);
    expect(withTargets.assignment.podSets[0]!.count).toBe(8);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// TestAssignment_TotalRequestsFor, TestAssignment_RequiresBorrowing.

describe('TestAssignment_TotalRequestsFor', () => {
  const psa = (count: number): PodSetAssignmentResult => ({
    name: 'main',
    flavors: new Map([
      ['cpu', { name: 'default', mode: 'Fit', triedFlavorIdx: -1, borrow: 0 }],
      ['memory', { name: 'default', mode: 'Fit', triedFlavorIdx: -1, borrow: 0 }],
    ]),
    status: { reasons: [] },
    requests: new Map(),
    count,
    flavorAssignmentAttempts: [],
  });
  it.each<[string, number, Record<string, string>, Record<string, number>]>([
    ['RegularWorkload', 2, { cpu: '1', memory: '1Mi' }, { 'default/cpu': 2_000, 'default/memory': 2 * MI }],
    ['WorkloadWithPartialAdmission', 1, { cpu: '1', memory: '1Mi' }, { 'default/cpu': 1_000, 'default/memory': MI }],
    [
      'WorkloadWithZeroQuantityResourceNotInClusterQueueSkipsResourceWithoutFlavor',
      2,
      { cpu: '1', memory: '1Mi', [GPU]: '0' },
      { 'default/cpu': 2_000, 'default/memory': 2 * MI },
    ],
  ])('%s', (_name, assignedCount, requests, want) => {
    const a = new Assignment();
    a.podSets.push(psa(assignedCount));
    const total = workloadTotalRequests({ spec: { podSets: [ps('main', 2, requests)] } });
    expect(a.totalRequestsFor(total)).toEqual(usage(want));
  });
});

describe('TestAssignment_RequiresBorrowing', () => {
  it.each([
    ['no borrowing', 0, false],
    ['borrows at level 1', 1, true],
    ['borrows at level 2', 2, true],
  ])('%s', (_name, borrowing, want) => {
    const a = new Assignment();
    a.borrowing = borrowing;
    expect(a.requiresBorrowing()).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Beyond the upstream tables: scan resumption, outdated progress, messages, the default oracle, strategies.

describe('scan progress (LastTriedFlavorIdx)', () => {
  const clusterQueue = cq(
    TEST_CQ,
    {},
    rg(fq('one', ['pods', '10'], ['cpu', '10']), fq('two', ['pods', '10'], ['cpu', '10'])),
  );
  const podSets = [ps('main', 1, { cpu: '9' })];

  it('a scan that stopped on flavor one resumes at flavor two; one that reached the end starts over', () => {
    const tree = QuotaTree.build({ clusterQueues: [clusterQueue] });
    tree.addUsage(TEST_CQ, new Map([['two/cpu', 2_000]]));
    const make = (lastAssignment?: AssignmentClusterQueueState) =>
      new FlavorAssigner({
        workload: { spec: { podSets } },
        clusterQueue,
        quota: tree,
        resourceFlavors: FLAVORS,
        oracle: testOracle(),
        ...(lastAssignment ? { lastAssignment } : {}),
      }).assign();
    const first = make();
    expect(selected(first)).toEqual({ cpu: 'one', pods: 'one' });
    expect(first.lastState.lastTriedFlavorIdx).toEqual([{ cpu: 0, pods: 0 }]);
    expect(pendingFlavors(first.lastState)).toBe(true);
    const resumed = make(first.lastState);
    // Flavor two needs preemption (2 cpu used); the resumed scan never looks at one again.
    expect(resumed.representativeMode()).toBe('Preempt');
    expect(selected(resumed)).toEqual({ cpu: 'two', pods: 'two' });
    expect(resumed.podSets[0]!.flavorAssignmentAttempts.map((a) => a.flavor)).toEqual(['two']);
    expect(resumed.lastState.lastTriedFlavorIdx).toEqual([{ cpu: -1, pods: -1 }]);
    expect(pendingFlavors(resumed.lastState)).toBe(false);
    expect(nextFlavorToTry(resumed.lastState, 0, 'cpu')).toBe(0);
    expect(nextFlavorToTry(first.lastState, 0, 'cpu')).toBe(1);
    expect(nextFlavorToTry(first.lastState, 0, 'cpu', false)).toBe(0);
  });

  it('lastAssignmentOutdated (scheduler.go) with and without FlavorFungibilityPreserveScanProgress', () => {
    const last: AssignmentClusterQueueState = {
      lastTriedFlavorIdx: [{ cpu: 0 }],
      clusterQueueGeneration: 3,
      schedulingCycle: 10,
      schedulingHash: 'h1',
    };
    expect(lastAssignmentOutdated(last, 4, 11, 'h1')).toBe(false); // previous cycle: kept despite generation
    expect(lastAssignmentOutdated(last, 4, 12, 'h1')).toBe(true);
    expect(lastAssignmentOutdated(last, 3, 12, 'h1')).toBe(false);
    expect(lastAssignmentOutdated(last, 3, 11, 'h2')).toBe(true); // shape changed
    expect(lastAssignmentOutdated(last, 4, 11, 'h1', false)).toBe(true);
    expect(lastAssignmentOutdated(last, 3, 11, 'h2', false)).toBe(false);
  });
});

describe('messages and strategies', () => {
  it('24 > 20 over maximum capacity, in the ff69552e wording (pre-#7232 read "request > maximum capacity (24 > 20)")', () => {
    const clusterQueue = cq(TEST_CQ, {}, rg(fq('default', ['cpu', '20'])));
    const got = new FlavorAssigner({
      workload: { spec: { podSets: [ps('main', 3, { cpu: '8' })] } },
      clusterQueue,
      quota: QuotaTree.build({ clusterQueues: [clusterQueue] }),
      resourceFlavors: FLAVORS,
    }).assign();
    expect(got.message()).toBe(
      "couldn't assign flavors to pod set main: insufficient quota for cpu in flavor default, previously considered podsets requests (0) + current podset request (24) > maximum capacity (20)",
    );
    expect(got.noFitReason).toBe('ExceedsMaxQuota');
    expect(formatFlavorAssignmentAttempts(got)).toBe(
      `main: default(NoFit;${exceeds('cpu', 'default', '0', '24', '20')})`,
    );
  });

  it('QuotaCheckStrategy: BlockUndeclared rejects, IgnoreUndeclared skips an undeclared resource', () => {
    const clusterQueue = cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4'])));
    const run = (quotaCheckStrategy: 'BlockUndeclared' | 'IgnoreUndeclared') =>
      new FlavorAssigner({
        workload: { spec: { podSets: [ps('main', 1, { cpu: '1', 'nvidia.com/gpu': '1' })] } },
        clusterQueue,
        quota: QuotaTree.build({ clusterQueues: [clusterQueue] }),
        resourceFlavors: FLAVORS,
        quotaCheckStrategy,
      }).assign();
    const blocked = run('BlockUndeclared');
    expect(blocked.representativeMode()).toBe('NoFit');
    expect(blocked.message()).toBe(
      "couldn't assign flavors to pod set main: resource nvidia.com/gpu unavailable in ClusterQueue",
    );
    expect(blocked.noFitReason).toBe('NoMatchingFlavor');
    const ignored = run('IgnoreUndeclared');
    expect(ignored.representativeMode()).toBe('Fit');
    expect(selected(ignored)).toEqual({ cpu: 'default' });
    expect(
      ignored.totalRequestsFor(
        workloadTotalRequests({ spec: { podSets: [ps('main', 1, { cpu: '1', 'nvidia.com/gpu': '1' })] } }),
      ),
    ).toEqual(new Map([['default/cpu', 1_000]]));
  });

  it('Assignment.message joins non-fit podsets and setRepresentativeMode pins the mode', () => {
    const got = runAssignCase(
      ASSIGN_CASES.find((c) => c.name === 'each podset requires preemption on a different flavor')!,
    );
    expect(got.message()).toBe(
      `couldn't assign flavors to pod set launcher: ${unused('cpu', 'one', '1')}, ${SPOT_TAINT}; ` +
        `couldn't assign flavors to pod set workers: ${exceeds('cpu', 'one', '2', '10', '4')}, ${unused('cpu', 'tainted', '3')}`,
    );
    got.setRepresentativeMode('DeferredFit');
    expect(got.representativeMode()).toBe('DeferredFit');
    expect([...got.podSets[1]!.flavors.values()].map((f) => f.mode)).toEqual(['DeferredFit']);
  });

  it('does not mutate the quota tree or the workload', () => {
    const tc = ASSIGN_CASES.find((c) => c.name === 'multiple specs, fits borrowing')!;
    const before = JSON.stringify(tc.podSets);
    const tree = QuotaTree.build({ clusterQueues: [tc.clusterQueue, tc.secondaryClusterQueue!] });
    new FlavorAssigner({
      workload: { spec: { podSets: tc.podSets } },
      clusterQueue: tc.clusterQueue,
      quota: tree,
      resourceFlavors: FLAVORS,
    }).assign();
    expect(tree.usage(TEST_CQ, 'default/cpu')).toBe(0);
    expect(JSON.stringify(tc.podSets)).toBe(before);
  });
});

describe('default preemption oracle (approximation)', () => {
  const assign = (clusterQueue: TestCQ, others: TestCQ[], u: Record<string, Record<string, number>>, cpu: string) => {
    const tree = QuotaTree.build({ clusterQueues: [clusterQueue, ...others] });
    for (const [name, v] of Object.entries(u)) tree.addUsage(name, usage(v));
    return new FlavorAssigner({
      workload: { spec: { podSets: [ps('main', 1, { cpu })] } },
      clusterQueue,
      quota: tree,
      resourceFlavors: FLAVORS,
      oracle: defaultPreemptionOracle,
    }).assign();
  };

  it('withinClusterQueue Never and no cohort: no candidates', () => {
    const c = cq(TEST_CQ, {}, rg(fq('default', ['cpu', '4'])));
    const got = assign(c, [], { [TEST_CQ]: { 'default/cpu': 3_000 } }, '2');
    expect(got.representativeMode()).toBe('Preempt');
    expect(got.podSets[0]!.flavorAssignmentAttempts[0]!.preemptionPossibility).toBe('NoCandidates');
  });

  it('withinClusterQueue LowerPriority with own usage: Preempt, borrow level after preemption', () => {
    const c = cq(TEST_CQ, { preemption: { withinClusterQueue: 'LowerPriority' } }, rg(fq('default', ['cpu', '4'])));
    const got = assign(c, [], { [TEST_CQ]: { 'default/cpu': 3_000 } }, '2');
    expect(got.podSets[0]!.flavorAssignmentAttempts[0]).toMatchObject({ preemptionPossibility: 'Preempt', borrow: 0 });
  });

  it('reclaimWithinCohort Any, nothing of its own to preempt: Reclaim', () => {
    const c = cq(
      TEST_CQ,
      { cohort: COHORT, preemption: { reclaimWithinCohort: 'Any' } },
      rg(fq('default', ['cpu', '4'])),
    );
    const other = cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('default', ['cpu', '0'])));
    const got = assign(c, [other], { [SECONDARY_CQ]: { 'default/cpu': 3_000 } }, '2');
    expect(got.representativeMode()).toBe('Preempt');
    expect(got.podSets[0]!.flavorAssignmentAttempts[0]!.preemptionPossibility).toBe('Reclaim');
  });
});
