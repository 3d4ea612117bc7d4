// The index of spec/kueue.md §5 "Upstream tables usable as a conformance suite" (kueue ff69552e): one `it` per
// numbered case 1–28, the starred (★) cases first, each named after the spec case and the upstream table entry it
// comes from, and asserting the outcome the spec states (flavor, mode, borrow level and message; victims and
// reasons; DRS; admitted count; admitted and left workloads). The larger upstream tables are ported case by case in
// the other files of this directory; this file is the spec's own list, set up from the upstream entries.
//
// Cases 1–23 and 26 call the pure modules (FlavorAssigner, getTargets, assignWithPartialAdmission) with the upstream
// setup. Cases 24, 27 and 28 play the cluster through simulate(): one JobSet with one pod per workload, requesting
// the workload's cpu, the already-admitted workloads submitted at 0s and the pending ones at 1s, priorities from
// WorkloadPriorityClasses. Cases 25 (capacity reservation) and 26 (partial admission) are asserted on the pure
// modules here; their runtime runs are in runtime.test.ts and partial-admission.test.ts.
//
// §5.29–§5.33 (Topology Aware Scheduling: tas_cache_test.go TestFindTopologyAssignments, scheduler_tas_test.go
// TestScheduleForTASPreemption) are in ./tas.test.ts, with further rows of those upstream tables.
//
// Units: the simulator counts every resource in milli-units, so quantities go through parseQuantity.
import { describe, expect, it, vi } from 'vitest';
import { parseQuantity } from '../../../src/api/quantity.js';
import type { LogRecord } from '../../../src/engine/event-log.js';
import type {
  ClusterQueuePreemption,
  ClusterQueueSpec,
  FlavorFungibility,
  PodSet,
  PreemptedReason,
  ResourceGroup,
} from '../../../src/kueue/api.js';
import { dominantResourceShare, fairWeightsFromSpecs } from '../../../src/kueue/fair-sharing.js';
import {
  type Assignment,
  assignWithPartialAdmission,
  defaultPreemptionOracle,
  FlavorAssigner,
  type PreemptionOracle,
  type PreemptionPossibility,
  type ResourceFlavorLike,
} from '../../../src/kueue/flavor-assigner.js';
import { KueueManager } from '../../../src/kueue/manager.js';
import {
  type AdmittedWorkload,
  type FairSharingStrategy,
  getTargets,
  type PreemptorWorkload,
  simulatePreemption,
  targetMessage,
  usageByClusterQueue,
} from '../../../src/kueue/preemption.js';
import { type FlavorResource, QuotaTree } from '../../../src/kueue/quota.js';
import { simulate } from '../../../src/simulate.js';
import { fq, rg } from '../../support/kueue-builders.js';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

interface CQ {
  metadata: { name: string };
  spec: ClusterQueueSpec & { resourceGroups: ResourceGroup[] };
}

interface CqOpts {
  cohort?: string;
  preemption?: ClusterQueuePreemption;
  ff?: FlavorFungibility;
  weight?: string;
}

function cq(name: string, o: CqOpts, ...resourceGroups: ResourceGroup[]): CQ {
  return {
    metadata: { name },
    spec: {
      resourceGroups,
      ...(o.cohort ? { cohortName: o.cohort } : {}),
      ...(o.preemption ? { preemption: o.preemption } : {}),
      ...(o.ff ? { flavorFungibility: o.ff } : {}),
      ...(o.weight !== undefined ? { fairSharing: { weight: o.weight } } : {}),
    },
  };
}

interface Co {
  metadata: { name: string };
  spec: { parentName?: string; resourceGroups: ResourceGroup[]; fairSharing?: { weight: string } };
}

function cohort(name: string, parentName: string | undefined, ...resourceGroups: ResourceGroup[]): Co {
  return { metadata: { name }, spec: { ...(parentName ? { parentName } : {}), resourceGroups } };
}

function rf(name: string, nodeLabels?: Record<string, string>): ResourceFlavorLike {
  return { metadata: { name }, spec: nodeLabels ? { nodeLabels } : {} };
}

/** MakePodSet(name, count).Request(...).SetMinimumCount(minCount). */
function ps(name: string, count: number, requests: Record<string, string>, minCount?: number): PodSet {
  return {
    name,
    count,
    ...(minCount !== undefined ? { minCount } : {}),
    template: {
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', resources: { requests: { ...requests } } }] },
    },
  };
}

/** Usage per FlavorResource: a quantity, or [quantity, count] for count pods of that request. */
type Usage = Record<FlavorResource, string | [string, number]>;

function amounts(u: Usage): Map<FlavorResource, number> {
  return new Map(
    Object.entries(u).map(([fr, v]) => [fr, typeof v === 'string' ? parseQuantity(v) : parseQuantity(v[0]) * v[1]]),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Flavor assignment (flavorassigner_test.go TestAssignFlavors).

const TEST_CQ = 'test-clusterqueue';
const SECONDARY_CQ = 'test-secondary-clusterqueue';
const COHORT = 'test-cohort';
const ONE_TWO = { one: rf('one', { type: 'one' }), two: rf('two', { type: 'two' }) };
const TRY_NEXT: FlavorFungibility = { whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'TryNextFlavor' };
const MAY_STOP: FlavorFungibility = { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'MayStopSearch' };

/** TestAssignFlavors' testOracle: the configured result per FlavorResource, else Preempt with borrow 0. */
function testOracle(sim: Record<FlavorResource, [PreemptionPossibility, number]> = {}): PreemptionOracle {
  return (s) => {
    const r = sim[s.flavorResource];
    return r
      ? { possibility: r[0], borrowAfterPreemption: r[1] }
      : { possibility: 'Preempt', borrowAfterPreemption: 0 };
  };
}

interface AssignInput {
  clusterQueue: CQ;
  usage?: Usage;
  secondary?: CQ;
  secondaryUsage?: Usage;
  podSets: PodSet[];
  oracle: PreemptionOracle;
}

function assign(i: AssignInput): Assignment {
  const usage = new Map<string, Map<FlavorResource, number>>();
  if (i.usage) usage.set(i.clusterQueue.metadata.name, amounts(i.usage));
  if (i.secondary && i.secondaryUsage) usage.set(i.secondary.metadata.name, amounts(i.secondaryUsage));
  const tree = QuotaTree.build({ clusterQueues: [i.clusterQueue, ...(i.secondary ? [i.secondary] : [])], usage });
  return new FlavorAssigner({
    workload: { spec: { podSets: i.podSets } },
    clusterQueue: i.clusterQueue,
    quota: tree,
    resourceFlavors: ONE_TWO,
    oracle: i.oracle,
  }).assign();
}

/** The first podset's flavors: resource → [flavor, mode, TriedFlavorIdx]. */
function flavorsOf(a: Assignment): Record<string, [string, string, number]> {
  return Object.fromEntries([...a.podSets[0]!.flavors].map(([r, f]) => [r, [f.name, f.mode, f.triedFlavorIdx]]));
}

/** The first podset's FlavorAssignmentAttempts: [flavor, mode, borrow, preemption possibility]. */
function attemptsOf(a: Assignment): [string, string, number, string][] {
  return a.podSets[0]!.flavorAssignmentAttempts.map((t) => [t.flavor, t.mode, t.borrow, t.preemptionPossibility ?? '']);
}

const unused = (res: string, flavor: string, more: string) =>
  `insufficient unused quota for ${res} in flavor ${flavor}, ${more} more needed`;

// ---------------------------------------------------------------------------------------------------------------
// Preemption (preemption_test.go, preemption_hierarchical_test.go, preemption_fair_test.go).

/** The test clock (upstream `now`); Go's zero time is 0. */
const NOW = 1_000_000_000;

interface Admitted {
  name: string;
  cq: string;
  usage: Usage;
  priority?: number;
  /** Creation, seconds from NOW; absent: Go's zero time. */
  creation?: number;
  /** QuotaReserved time, seconds from NOW (default NOW). */
  reservedAt?: number;
}

function adm(name: string, clusterQueue: string, usage: Usage, o: Omit<Admitted, 'name' | 'cq' | 'usage'> = {}) {
  return { name, cq: clusterQueue, usage, ...o };
}

interface PreemptionCase {
  clusterQueues: CQ[];
  cohorts?: Co[];
  admitted: Admitted[];
  incoming: { cq: string; usage: Usage; preempt: FlavorResource[]; priority?: number; creation?: number };
  /** Present: Fair Sharing (fairPreemptions) with these strategies (absent = the default pair). */
  fair?: { strategies?: FairSharingStrategy[] };
}

/**
 * GetTargets for the incoming workload: [victim, reason, Evicted/Preempted condition message], by victim name.
 * Classic tables give the preemptor UID wl-in and JobUID job-in; the Fair Sharing table names admitted UIDs after
 * the workloads, as its upstream loop does.
 */
function targets(c: PreemptionCase): [string, PreemptedReason, string][] {
  const fair = c.fair !== undefined;
  const admitted: AdmittedWorkload[] = c.admitted.map((w) => ({
    key: `/${w.name}`,
    ...(fair ? { uid: w.name } : {}),
    priority: w.priority ?? 0,
    queueOrderTimestamp: w.creation === undefined ? 0 : NOW + w.creation * 1e6,
    usage: amounts(w.usage),
    clusterQueue: w.cq,
    quotaReservedAt: NOW + (w.reservedAt ?? 0) * 1e6,
    evicted: false,
  }));
  const tree = QuotaTree.build({
    clusterQueues: c.clusterQueues,
    cohorts: c.cohorts ?? [],
    usage: usageByClusterQueue(admitted),
  });
  const preemptor: PreemptorWorkload & { jobUID?: string } = {
    key: '/in',
    ...(fair ? {} : { uid: 'wl-in', jobUID: 'job-in' }),
    priority: c.incoming.priority ?? 0,
    queueOrderTimestamp: c.incoming.creation === undefined ? 0 : NOW + c.incoming.creation * 1e6,
    usage: amounts(c.incoming.usage),
    clusterQueue: c.incoming.cq,
  };
  const got = getTargets({
    tree,
    preemptor,
    preemption: c.clusterQueues.find((x) => x.metadata.name === c.incoming.cq)?.spec.preemption,
    frsNeedPreemption: c.incoming.preempt,
    admitted,
    now: NOW,
    ...(fair
      ? {
          fairSharing: {
            ...(c.fair?.strategies ? { strategies: c.fair.strategies } : {}),
            weights: fairWeightsFromSpecs(c.clusterQueues, c.cohorts ?? []),
          },
        }
      : {}),
  });
  return got
    .map((t): [string, PreemptedReason, string] => [
      t.workload.key.slice(1),
      t.reason,
      targetMessage(tree, preemptor, t),
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Victims and reasons only (upstream TestFairPreemptions compares "key:reason"). */
function victims(c: PreemptionCase): [string, PreemptedReason][] {
  return targets(c).map(([n, r]) => [n, r]);
}

const DUE_TO: Record<PreemptedReason, string> = {
  InClusterQueue: 'prioritization in the ClusterQueue',
  InCohortReclamation: 'reclamation within the cohort',
  InCohortFairSharing: 'Fair Sharing within the cohort',
  InCohortReclaimWhileBorrowing: 'reclamation within the cohort while borrowing',
};

/** Upstream's expected condition message for a target of the preemptor wl-in / job-in. */
function preempted(
  reason: PreemptedReason,
  preemptorPath: string,
  preempteePath: string,
  uid = 'wl-in',
  jobUID = 'job-in',
) {
  return `Preempted to accommodate a workload (UID: ${uid}, JobUID: ${jobUID}) due to ${DUE_TO[reason]}; preemptor path: ${preemptorPath}; preemptee path: ${preempteePath}`;
}

/** TestPreemption's defaultClusterQueues, the ones of the cohort (or standalone queue) a case uses. */
const STANDALONE = cq(
  'standalone',
  { preemption: { withinClusterQueue: 'LowerPriority' } },
  rg(fq('default', ['cpu', '6'])),
  rg(fq('alpha', ['memory', '3Gi']), fq('beta', ['memory', '3Gi'])),
);
const COHORT_C1_C2 = [
  cq(
    'c1',
    { cohort: 'cohort', preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6', '6'], ['memory', '3Gi', '3Gi'])),
  ),
  cq(
    'c2',
    { cohort: 'cohort', preemption: { withinClusterQueue: 'Never', reclaimWithinCohort: 'Any' } },
    rg(fq('default', ['cpu', '6', '6'], ['memory', '3Gi', '3Gi'])),
  ),
];
const PREVENT_STARVATION = cq(
  'preventStarvation',
  { preemption: { withinClusterQueue: 'LowerOrNewerEqualPriority' } },
  rg(fq('default', ['cpu', '6'])),
);
const BORROW_THRESHOLD_0 = { policy: 'LowerPriority', maxPriorityThreshold: 0 } as const;
const WITH_SHARED_CQ = [
  cq(
    'a_standard',
    {
      cohort: 'with_shared_cq',
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: BORROW_THRESHOLD_0,
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'b_standard',
    {
      cohort: 'with_shared_cq',
      preemption: {
        withinClusterQueue: 'LowerPriority',
        reclaimWithinCohort: 'Any',
        borrowWithinCohort: BORROW_THRESHOLD_0,
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'a_best_effort',
    {
      cohort: 'with_shared_cq',
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: BORROW_THRESHOLD_0,
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'b_best_effort',
    {
      cohort: 'with_shared_cq',
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: BORROW_THRESHOLD_0,
      },
    },
    rg(fq('default', ['cpu', '0', '13'])),
  ),
  cq('shared', { cohort: 'with_shared_cq' }, rg(fq('default', ['cpu', '10']))),
];

/** TestHierarchicalPreemptions: root r, child cohort c with cpu 2. */
const R_C = [cohort('r', undefined), cohort('c', 'r', rg(fq('default', ['cpu', '2'])))];
const ANY_LOWER: ClusterQueuePreemption = { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' };

/** TestFairPreemptions' baseCQs: a, b, c with 3 cpu each and preemptible with 0, in cohort `all`. */
const FAIR_PREEMPTION: ClusterQueuePreemption = {
  withinClusterQueue: 'LowerPriority',
  reclaimWithinCohort: 'Any',
  borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: -3 },
};
const BASE_CQS = [
  ...['a', 'b', 'c'].map((n) => cq(n, { cohort: 'all', preemption: FAIR_PREEMPTION }, rg(fq('default', ['cpu', '3'])))),
  cq('preemptible', { cohort: 'all' }, rg(fq('default', ['cpu', '0']))),
];
const ONE_CPU = { 'default/cpu': '1' };

/** n one-cpu workloads named <prefix>1..<prefix>n in ClusterQueue cq. */
function units(clusterQueue: string, n: number, prefix = clusterQueue): Admitted[] {
  return Array.from({ length: n }, (_, i) => adm(`${prefix}${i + 1}`, clusterQueue, ONE_CPU));
}

const fairIncoming = (clusterQueue: string, cpu = '1') => ({
  cq: clusterQueue,
  usage: { 'default/cpu': cpu },
  preempt: ['default/cpu'],
});

// ---------------------------------------------------------------------------------------------------------------
// The simulation (scheduler-level cases).

/** A Workload condition written by the runtime, with the simulated time it was written at. */
interface ConditionWrite {
  t: number;
  jobSet: string;
  uid: string;
  jobUID: string;
  type: string;
  status: string;
  reason: string;
  message: string;
}

interface TrackedLike {
  jobSet: string;
  wl: { metadata: { uid: string; labels?: Record<string, string> } };
}

type SetCondition = (
  t: TrackedLike,
  type: string,
  status: string,
  reason: string,
  message: string,
  write?: boolean,
) => void;

/**
 * simulate() with the runtime's Workload condition writes recorded: the run's output has the event log and the
 * result, but not the Workload objects, so the QuotaReserved/Evicted/Preempted messages are read by wrapping
 * KueueManager's (private) setCondition.
 */
function run(text: string): { events: LogRecord[]; conditions: ConditionWrite[] } {
  const proto = KueueManager.prototype as unknown as { setCondition: SetCondition };
  const original = proto.setCondition;
  const conditions: ConditionWrite[] = [];
  const spy = vi.spyOn(proto, 'setCondition').mockImplementation(function (
    this: { ctx: { sim: { now: number } } },
    t,
    type,
    status,
    reason,
    message,
    write,
  ) {
    conditions.push({
      t: this.ctx.sim.now / 1e6,
      jobSet: t.jobSet,
      uid: t.wl.metadata.uid,
      jobUID: t.wl.metadata.labels?.['kueue.x-k8s.io/job-uid'] ?? '',
      type,
      status,
      reason,
      message,
    });
    original.call(this, t, type, status, reason, message, write);
  });
  try {
    const { events } = simulate({ texts: [{ file: 'spec-case.yaml', text }] });
    return { events, conditions };
  } finally {
    spy.mockRestore();
  }
}

const SIM_HEADER = (name: string) => `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: ${name}}
spec: {seed: 1}
`;

interface SimJobSet {
  name: string;
  namespace?: string;
  queue: string;
  cpu: number;
  at: string;
  priorityClass?: string;
  nodeSelector?: Record<string, string>;
}

/** One JobSet = one workload: a replicatedJob `main` of one pod requesting `cpu`, running 10 minutes. */
function jobSet(j: SimJobSet): string {
  const labels = [`kueue.x-k8s.io/queue-name: ${j.queue}`];
  if (j.priorityClass) labels.push(`kueue.x-k8s.io/priority-class: ${j.priorityClass}`);
  const selector = j.nodeSelector
    ? `            nodeSelector: {${Object.entries(j.nodeSelector)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}\n`
    : '';
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${j.name}
  namespace: ${j.namespace ?? 'default'}
  labels: {${labels.join(', ')}}
  annotations: {jobset-sim.dev/submit-at: ${j.at}, jobset-sim.dev/duration: 10m}
spec:
  replicatedJobs:
  - name: main
    replicas: 1
    template:
      spec:
        template:
          spec:
            restartPolicy: Never
${selector}            containers: [{name: c, image: x, resources: {requests: {cpu: "${j.cpu}"}}}]
`;
}

/** A ClusterQueue in cohort `cohortName` with one flavor of cpu at `nominal`. */
function simCq(name: string, cohortName: string, flavor: string, nominal: number): string {
  return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: ${name}}
spec:
  cohortName: ${cohortName}
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: ${flavor}, resources: [{name: cpu, nominalQuota: ${nominal}}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq-${name}}
spec: {clusterQueue: ${name}}
`;
}

const kinds = (events: LogRecord[], type: string) => events.filter((e) => e.type === type);
/** [t, jobSet name] of every WorkloadAdmitted at or after `from` and before `to` (seconds). */
const admittedBetween = (events: LogRecord[], from: number, to: number) =>
  kinds(events, 'WorkloadAdmitted')
    .filter((e) => e.t >= from && e.t < to)
    .map((e) => String(e.jobSet).split('/')[1]);
const firstAdmission = (events: LogRecord[], name: string) =>
  kinds(events, 'WorkloadAdmitted').find((e) => String(e.jobSet).endsWith(`/${name}`));

// ---------------------------------------------------------------------------------------------------------------

describe('spec/kueue.md §5 conformance cases', () => {
  // ★ cases.

  it('§5.1 ★ default fungibility: `one` needs preemption, `two` fits ⇒ Fit on `two` (upstream: flavorassigner_test.go TestAssignFlavors "preempt try next flavor")', () => {
    const a = assign({
      clusterQueue: cq(
        TEST_CQ,
        {},
        rg(fq('one', ['pods', '10'], ['cpu', '10']), fq('two', ['pods', '10'], ['cpu', '10'])),
      ),
      usage: { 'one/cpu': '2' },
      podSets: [ps('main', 1, { cpu: '9' })],
      oracle: testOracle(),
    });
    expect(a.representativeMode()).toBe('Fit');
    expect(flavorsOf(a)).toEqual({ cpu: ['two', 'Fit', -1], pods: ['two', 'Fit', -1] });
    expect(a.borrowing).toBe(0);
    expect(a.message()).toBe('');
    expect(attemptsOf(a)).toEqual([
      ['one', 'Preempt', 0, 'Preempt'],
      ['two', 'Fit', 0, ''],
    ]);
    expect(a.podSets[0]!.flavorAssignmentAttempts[0]!.reasons).toEqual([unused('cpu', 'one', '1')]);
  });

  it('§5.3 ★ both TryNextFlavor: `one` would borrow ⇒ Fit on `two` without borrowing (upstream: flavorassigner_test.go TestAssignFlavors "borrow try next flavor, found the second flavor")', () => {
    const a = assign({
      clusterQueue: cq(
        TEST_CQ,
        { cohort: COHORT, ff: TRY_NEXT },
        rg(fq('one', ['pods', '10'], ['cpu', '10', '1']), fq('two', ['pods', '10'], ['cpu', '10'])),
      ),
      usage: { 'one/cpu': '2' },
      secondary: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '1']))),
      podSets: [ps('main', 1, { cpu: '9' })],
      oracle: testOracle(),
    });
    expect(a.representativeMode()).toBe('Fit');
    expect(flavorsOf(a)).toEqual({ cpu: ['two', 'Fit', -1], pods: ['two', 'Fit', -1] });
    expect(a.borrowing).toBe(0);
    expect(attemptsOf(a)).toEqual([
      ['one', 'Fit', 1, ''],
      ['two', 'Fit', 0, ''],
    ]);
  });

  it('§5.5 ★ reclamation in `spot` is preferred over priority preemption in `on-demand`; b1 preempted InCohortReclamation (upstream: scheduler_test.go TestSchedule "prefer reclamation over cq priority based preemption")', () => {
    const preemption: ClusterQueuePreemption = {
      withinClusterQueue: 'LowerPriority',
      reclaimWithinCohort: 'LowerPriority',
    };
    const alpha = cq(
      'other-alpha',
      { cohort: 'other', preemption },
      rg(fq('on-demand', ['gpu', '10']), fq('spot', ['gpu', '10'])),
    );
    const beta = cq(
      'other-beta',
      { cohort: 'other', preemption },
      rg(fq('on-demand', ['gpu', '0']), fq('spot', ['gpu', '0'])),
    );
    const admitted: AdmittedWorkload[] = [
      {
        key: 'eng-alpha/a1',
        priority: 50,
        queueOrderTimestamp: NOW,
        usage: amounts({ 'on-demand/gpu': '5' }),
        clusterQueue: 'other-alpha',
        quotaReservedAt: NOW,
      },
      {
        key: 'eng-beta/b1',
        priority: 50,
        queueOrderTimestamp: NOW,
        usage: amounts({ 'spot/gpu': '5' }),
        clusterQueue: 'other-beta',
        quotaReservedAt: NOW,
      },
    ];
    const tree = QuotaTree.build({ clusterQueues: [alpha, beta], usage: usageByClusterQueue(admitted) });
    const preemptor = {
      key: 'eng-alpha/preemptor',
      uid: 'wl-preemptor',
      jobUID: 'job-preemptor',
      priority: 100,
      queueOrderTimestamp: NOW,
      usage: new Map<FlavorResource, number>(),
      clusterQueue: 'other-alpha',
    };
    // The scheduler's oracle: the preemption target search for the one FlavorResource (preemption_oracle.go).
    const oracle: PreemptionOracle = (s) => {
      const r = simulatePreemption(
        { tree: s.tree, preemptor, preemption, admitted, now: NOW },
        s.flavorResource,
        s.quantity,
      );
      return { possibility: r.possibility, borrowAfterPreemption: r.borrow };
    };
    const nominate = (o: PreemptionOracle) =>
      new FlavorAssigner({
        workload: { spec: { podSets: [ps('main', 1, { gpu: '6' })] } },
        clusterQueue: alpha,
        quota: tree,
        resourceFlavors: { 'on-demand': rf('on-demand'), spot: rf('spot') },
        oracle: o,
      }).assign();
    const a = nominate(oracle);
    expect(a.representativeMode()).toBe('Preempt');
    expect(flavorsOf(a)).toEqual({ gpu: ['spot', 'Preempt', -1] });
    expect(attemptsOf(a)).toEqual([
      ['on-demand', 'Preempt', 0, 'Preempt'],
      ['spot', 'Preempt', 0, 'Reclaim'],
    ]);
    expect(a.message()).toBe(
      `couldn't assign flavors to pod set main: ${unused('gpu', 'on-demand', '1')}, ${unused('gpu', 'spot', '1')}`,
    );
    // The runtime nominates with defaultPreemptionOracle (manager.ts): the same flavor.
    expect(flavorsOf(nominate(defaultPreemptionOracle))).toEqual({ gpu: ['spot', 'Preempt', -1] });

    const got = getTargets({
      tree,
      preemptor: { ...preemptor, usage: a.usage },
      preemption,
      frsNeedPreemption: ['spot/gpu'],
      admitted,
      now: NOW,
    });
    expect(got.map((t) => [t.workload.key, t.reason, targetMessage(tree, preemptor, t)])).toEqual([
      [
        'eng-beta/b1',
        'InCohortReclamation',
        preempted('InCohortReclamation', '/other/other-alpha', '/other/other-beta', 'wl-preemptor', 'job-preemptor'),
      ],
    ]);
  });

  it('§5.6 ★ standalone CQ: incoming p1 2 cpu preempts `low` InClusterQueue (upstream: preemption_test.go TestPreemption "preempt lowest priority")', () => {
    expect(
      targets({
        clusterQueues: [STANDALONE],
        admitted: [
          adm('low', 'standalone', { 'default/cpu': '2000m' }, { priority: -1 }),
          adm('mid', 'standalone', { 'default/cpu': '2000m' }),
          adm('high', 'standalone', { 'default/cpu': '2000m' }, { priority: 1 }),
        ],
        incoming: { cq: 'standalone', usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
      }),
    ).toEqual([['low', 'InClusterQueue', preempted('InClusterQueue', '/standalone', '/standalone')]]);
  });

  it('§5.7 ★ minimal set: low(1) and mid(2) removed, fill-back keeps low ⇒ only mid preempted (upstream: preemption_test.go TestPreemption "minimal set excludes low priority")', () => {
    expect(
      targets({
        clusterQueues: [STANDALONE],
        admitted: [
          adm('low', 'standalone', { 'default/cpu': '1000m' }, { priority: -1 }),
          adm('mid', 'standalone', { 'default/cpu': '2000m' }),
          adm('high', 'standalone', { 'default/cpu': '3000m' }, { priority: 1 }),
        ],
        incoming: { cq: 'standalone', usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
      }),
    ).toEqual([['mid', 'InClusterQueue', preempted('InClusterQueue', '/standalone', '/standalone')]]);
  });

  it('§5.8 ★ reclaim from the borrowing c2 (c2-mid InCohortReclamation), not own-CQ c1-low (upstream: preemption_test.go TestPreemption "reclaim quota from borrower")', () => {
    expect(
      targets({
        clusterQueues: COHORT_C1_C2,
        admitted: [
          adm('c1-low', 'c1', { 'default/cpu': '3000m' }, { priority: -1 }),
          adm('c2-mid', 'c2', { 'default/cpu': '3000m' }),
          adm('c2-high', 'c2', { 'default/cpu': '6000m' }, { priority: 1 }),
        ],
        incoming: { cq: 'c1', usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 1 },
      }),
    ).toEqual([['c2-mid', 'InCohortReclamation', preempted('InCohortReclamation', '/cohort/c1', '/cohort/c2')]]);
  });

  it('§5.10 ★ borrowWithinCohort threshold 0: a_best_effort_low preempted InCohortReclaimWhileBorrowing (upstream: preemption_test.go TestPreemption "use BorrowWithinCohort; allow preempting a lower-priority workload from another ClusterQueue while borrowing")', () => {
    expect(
      targets({
        clusterQueues: WITH_SHARED_CQ,
        admitted: [
          adm('a_best_effort_low', 'a_best_effort', { 'default/cpu': '10' }, { priority: -1 }),
          adm('b_best_effort_low', 'b_best_effort', { 'default/cpu': '1' }, { priority: -1 }),
        ],
        incoming: { cq: 'a_standard', usage: { 'default/cpu': '10' }, preempt: ['default/cpu'] },
      }),
    ).toEqual([
      [
        'a_best_effort_low',
        'InCohortReclaimWhileBorrowing',
        preempted('InCohortReclaimWhileBorrowing', '/with_shared_cq/a_standard', '/with_shared_cq/a_best_effort'),
      ],
    ]);
  });

  it('§5.11 ★ candidate above the threshold: nothing while the preemptor would still borrow; preempted InCohortReclamation when it would not (upstream: preemption_test.go TestPreemption "use BorrowWithinCohort; don\'t allow preempting a lower-priority workload with priority above MaxPriorityThreshold, if borrowing is required even after the preemption" + "use BorrowWithinCohort; allow preempting a lower-priority workload with priority above MaxPriorityThreshold, if borrowing is not required after the preemption")', () => {
    expect(
      targets({
        clusterQueues: WITH_SHARED_CQ,
        admitted: [adm('b_standard', 'b_standard', { 'default/cpu': '10000m' }, { priority: 1 })],
        incoming: { cq: 'a_standard', usage: { 'default/cpu': '10' }, preempt: ['default/cpu'], priority: 2 },
      }),
    ).toEqual([]);
    expect(
      targets({
        clusterQueues: WITH_SHARED_CQ,
        admitted: [adm('b_standard', 'b_standard', { 'default/cpu': '13000m' }, { priority: 1 })],
        incoming: { cq: 'a_standard', usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 2 },
      }),
    ).toEqual([
      [
        'b_standard',
        'InCohortReclamation',
        preempted('InCohortReclamation', '/with_shared_cq/a_standard', '/with_shared_cq/b_standard'),
      ],
    ]);
  });

  it('§5.13 ★ hierarchical advantage: q (under c, 0 quota) reclaims c\'s 2 cpu from q_borrowing (upstream: preemption_hierarchical_test.go TestHierarchicalPreemptions "preempt with hierarchical advantage")', () => {
    expect(
      targets({
        clusterQueues: [
          cq('q', { cohort: 'c', preemption: ANY_LOWER }, rg(fq('default'))),
          cq('q_borrowing', { cohort: 'r', preemption: ANY_LOWER }, rg(fq('default'))),
        ],
        cohorts: R_C,
        admitted: [adm('admitted2', 'q_borrowing', { 'default/cpu': '2' })],
        incoming: { cq: 'q', usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
      }),
    ).toEqual([['admitted2', 'InCohortReclamation', preempted('InCohortReclamation', '/r/c/q', '/r/q_borrowing')]]);
  });

  it('§5.16 ★ c stays within nominal: b1 preempted InCohortReclamation (upstream: preemption_fair_test.go TestFairPreemptions "reclaim nominal from user using the most")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [...units('a', 3), ...units('b', 5), ...units('c', 1)],
        incoming: fairIncoming('c'),
        fair: {},
      }),
    ).toEqual([['b1', 'InCohortReclamation']]);
  });

  it('§5.17 ★ a would borrow: b1 preempted InCohortFairSharing (upstream: preemption_fair_test.go TestFairPreemptions "reclaim borrowable quota from user using the most")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [...units('a', 3), ...units('b', 5), ...units('c', 1)],
        incoming: fairIncoming('a'),
        fair: {},
      }),
    ).toEqual([['b1', 'InCohortFairSharing']]);
  });

  it('§5.19 ★ a:3, b:5, incoming 2 in a ⇒ nothing (it would flip the imbalance) (upstream: preemption_fair_test.go TestFairPreemptions "can\'t preempt when it would switch the imbalance")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [...units('a', 3), ...units('b', 5)],
        incoming: fairIncoming('a', '2'),
        fair: {},
      }),
    ).toEqual([]);
  });

  it('§5.21 ★ weight 2 on a ⇒ b1, b2; weight 0 on b ⇒ b1, b2, b3, all InCohortFairSharing (upstream: preemption_fair_test.go TestFairPreemptions "CQ with higher weight can preempt more" + "can preempt anything borrowing from CQ with 0 weight")', () => {
    const fsCqs = (aWeight?: string, bWeight?: string) => [
      cq('a', { cohort: 'all', preemption: ANY_LOWER, weight: aWeight }, rg(fq('default', ['cpu', '3']))),
      cq('b', { cohort: 'all', preemption: ANY_LOWER, weight: bWeight }, rg(fq('default', ['cpu', '3']))),
      cq('c', { cohort: 'all', preemption: ANY_LOWER }, rg(fq('default', ['cpu', '3']))),
    ];
    const admitted = [...units('a', 3), ...units('b', 6)];
    expect(victims({ clusterQueues: fsCqs('2'), admitted, incoming: fairIncoming('a', '2'), fair: {} })).toEqual([
      ['b1', 'InCohortFairSharing'],
      ['b2', 'InCohortFairSharing'],
    ]);
    expect(
      victims({ clusterQueues: fsCqs(undefined, '0'), admitted, incoming: fairIncoming('a', '3'), fair: {} }),
    ).toEqual([
      ['b1', 'InCohortFairSharing'],
      ['b2', 'InCohortFairSharing'],
      ['b3', 'InCohortFairSharing'],
    ]);
  });

  it('§5.22 ★ LessThanInitialShare ⇒ b_low; LessThanOrEqualToFinalShare ⇒ b_high (upstream: preemption_fair_test.go TestFairPreemptions "preempt lower priority first, even if big" + "preempt workload that doesn\'t transfer the imbalance, even if high priority")', () => {
    const c = (strategies: FairSharingStrategy[]): PreemptionCase => ({
      clusterQueues: BASE_CQS,
      admitted: [
        adm('a1', 'a', { 'default/cpu': '3' }),
        adm('b_low', 'b', { 'default/cpu': '5' }, { priority: 0 }),
        adm('b_high', 'b', { 'default/cpu': '1' }, { priority: 1 }),
      ],
      incoming: fairIncoming('a'),
      fair: { strategies },
    });
    expect(victims(c(['LessThanInitialShare']))).toEqual([['b_low', 'InCohortFairSharing']]);
    expect(victims(c(['LessThanOrEqualToFinalShare']))).toEqual([['b_high', 'InCohortFairSharing']]);
  });

  it('§5.24 ★ simulation: preemptor in eng-beta preempts borrower (InCohortReclamation) and low-2 (InClusterQueue), waits for them, then is admitted on on-demand (upstream: scheduler_test.go TestSchedule "preempt workloads in ClusterQueue and cohort")', () => {
    // The flavors carry pool labels so that the already-admitted workloads can be pinned to the flavor upstream
    // admitted them on (a nodeSelector restricted to the flavor's label keys); the preemptor has none and sees both.
    const text = `${SIM_HEADER('spec-5-24')}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: on-demand}
spec: {nodes: 4, resources: {cpu: "100", memory: 512Gi}, labels: {pool: on-demand}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: spot}
spec: {nodes: 2, resources: {cpu: "128", memory: 512Gi}, labels: {pool: spot}}
---
apiVersion: v1
kind: Namespace
metadata: {name: eng-alpha}
---
apiVersion: v1
kind: Namespace
metadata: {name: eng-beta}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
spec: {nodeLabels: {pool: on-demand}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: spot}
spec: {nodeLabels: {pool: spot}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: model-a}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: eng-alpha}
spec:
  cohortName: eng
  namespaceSelector: {}
  queueingStrategy: StrictFIFO
  resourceGroups:
  - coveredResources: [cpu]
    flavors:
    - {name: on-demand, resources: [{name: cpu, nominalQuota: 50, borrowingLimit: 50}]}
    - {name: spot, resources: [{name: cpu, nominalQuota: 100, borrowingLimit: 0}]}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: eng-beta}
spec:
  cohortName: eng
  namespaceSelector: {}
  queueingStrategy: StrictFIFO
  preemption: {reclaimWithinCohort: Any, withinClusterQueue: LowerPriority}
  resourceGroups:
  - coveredResources: [cpu]
    flavors:
    - {name: on-demand, resources: [{name: cpu, nominalQuota: 50, borrowingLimit: 10}]}
    - {name: spot, resources: [{name: cpu, nominalQuota: 0, borrowingLimit: 100}]}
  - coveredResources: [example.com/gpu]
    flavors:
    - {name: model-a, resources: [{name: example.com/gpu, nominalQuota: 20, borrowingLimit: 0}]}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: main, namespace: eng-alpha}
spec: {clusterQueue: eng-alpha}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: main, namespace: eng-beta}
spec: {clusterQueue: eng-beta}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: p-minus-1}
value: -1
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: p-minus-2}
value: -2
${[
  { name: 'use-all-spot', namespace: 'eng-alpha', cpu: 100, nodeSelector: { pool: 'spot' } },
  { name: 'borrower', namespace: 'eng-alpha', cpu: 60, nodeSelector: { pool: 'on-demand' } },
  { name: 'low-1', namespace: 'eng-beta', cpu: 30, priorityClass: 'p-minus-1', nodeSelector: { pool: 'on-demand' } },
  { name: 'low-2', namespace: 'eng-beta', cpu: 10, priorityClass: 'p-minus-2', nodeSelector: { pool: 'on-demand' } },
]
  .map((j) => jobSet({ ...j, queue: 'main', at: '0s' }))
  .join('')}${jobSet({ name: 'preemptor', namespace: 'eng-beta', queue: 'main', cpu: 20, at: '1s' })}`;
    const { events, conditions } = run(text);

    // The starting state, admitted before the preemptor arrives.
    expect(
      kinds(events, 'WorkloadAdmitted')
        .filter((e) => e.t < 1)
        .map((e) => [e.jobSet, (e.flavors as Record<string, Record<string, string>>).main!.cpu])
        .sort(),
    ).toEqual([
      ['eng-alpha/borrower', 'on-demand'],
      ['eng-alpha/use-all-spot', 'spot'],
      ['eng-beta/low-1', 'on-demand'],
      ['eng-beta/low-2', 'on-demand'],
    ]);

    // One cycle: the preemptor waits for the preemption of two workloads...
    const waiting = conditions.filter((c) => c.jobSet === 'eng-beta/preemptor' && c.type === 'QuotaReserved');
    expect(waiting[0]).toMatchObject({
      status: 'False',
      reason: 'WaitingForPreemptedWorkloads',
      message: `couldn't assign flavors to pod set main: ${unused('cpu', 'on-demand', '20')}, ${unused('cpu', 'spot', '20')}. Pending the preemption of 2 workload(s)`,
    });
    const cycle = waiting[0]!.t;
    const { uid, jobUID } = waiting[0]!;
    // ...issued in that cycle, with upstream's reasons and messages (and no other preemption in the run).
    expect(kinds(events, 'WorkloadPreempted').map((e) => [e.t, e.jobSet, e.reason])).toEqual([
      [cycle, 'eng-alpha/borrower', 'InCohortReclamation'],
      [cycle, 'eng-beta/low-2', 'InClusterQueue'],
    ]);
    const preemptedCondition = (jobSet: string) =>
      conditions.filter((c) => c.jobSet === jobSet && (c.type === 'Evicted' || c.type === 'Preempted'));
    expect(preemptedCondition('eng-alpha/borrower').map((c) => [c.type, c.reason, c.message])).toEqual([
      ['Evicted', 'Preempted', preempted('InCohortReclamation', '/eng/eng-beta', '/eng/eng-alpha', uid, jobUID)],
      [
        'Preempted',
        'InCohortReclamation',
        preempted('InCohortReclamation', '/eng/eng-beta', '/eng/eng-alpha', uid, jobUID),
      ],
    ]);
    expect(preemptedCondition('eng-beta/low-2').map((c) => [c.type, c.reason, c.message])).toEqual([
      ['Evicted', 'Preempted', preempted('InClusterQueue', '/eng/eng-beta', '/eng/eng-beta', uid, jobUID)],
      ['Preempted', 'InClusterQueue', preempted('InClusterQueue', '/eng/eng-beta', '/eng/eng-beta', uid, jobUID)],
    ]);
    expect(conditions.some((c) => c.jobSet === 'eng-alpha/use-all-spot' && c.type === 'Evicted')).toBe(false);
    expect(conditions.some((c) => c.jobSet === 'eng-beta/low-1' && c.type === 'Evicted')).toBe(false);
    // Upstream keeps the preemptor (not admitted in this cycle) at the head of eng-beta's queue; the runtime parks
    // it until quota is freed (manager.ts, named simplification). Either way it is admitted once the victims'
    // quota is released, on the flavor it preempted in.
    const admitted = firstAdmission(events, 'preemptor')!;
    expect(admitted.t).toBeGreaterThan(cycle);
    expect(admitted.flavors).toEqual({ main: { cpu: 'on-demand' } });
  });

  it('§5.27 ★ simulation, Fair Sharing: b1 (DRS after admission 600) is admitted before c1 (750), c1 no longer fits and waits (upstream: scheduler_fs_test.go TestScheduleForFairSharing "fair sharing schedule workload with lowest drf after admission")', () => {
    // The shares at stake, on the quota tree: cohort A's 100 cpu lendable, b already uses 10.
    const tree = QuotaTree.build({
      clusterQueues: [
        cq('b', { cohort: 'A' }, rg(fq('on-demand', ['cpu', '0']))),
        cq('c', { cohort: 'A' }, rg(fq('on-demand', ['cpu', '0']))),
      ],
      cohorts: [cohort('A', undefined, rg(fq('on-demand', ['cpu', '100'])))],
      usage: new Map([['b', amounts({ 'on-demand/cpu': '10' })]]),
    });
    const drs = (name: string, cpu: string) =>
      dominantResourceShare(tree, tree.clusterQueue(name)!, undefined, amounts({ 'on-demand/cpu': cpu }))
        .unweightedRatio;
    expect([drs('b', '50'), drs('c', '75')]).toEqual([600, 750]);

    // The cluster (Kubernetes names are lowercase: cohort A is `a`). c1 is submitted before b1, so input order
    // does not decide.
    const text = `${SIM_HEADER('spec-5-27')}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 4, resources: {cpu: "128", memory: 512Gi}}
---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
fairSharing: {}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: {name: a}
spec:
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: on-demand, resources: [{name: cpu, nominalQuota: 100}]}]
${simCq('b', 'a', 'on-demand', 0)}${simCq('c', 'a', 'on-demand', 0)}${jobSet({ name: 'b0', queue: 'lq-b', cpu: 10, at: '0s' })}${jobSet({ name: 'c1', queue: 'lq-c', cpu: 75, at: '1s' })}${jobSet({ name: 'b1', queue: 'lq-b', cpu: 50, at: '1s' })}`;
    const { events, conditions } = run(text);
    expect(admittedBetween(events, 0, 1)).toEqual(['b0']);
    const cycle = firstAdmission(events, 'b1')!.t;
    expect(cycle).toBeLessThan(2);
    expect(admittedBetween(events, 1, 2)).toEqual(['b1']);
    expect(
      conditions.find((c) => c.jobSet === 'default/c1' && c.t === cycle && c.type === 'QuotaReserved')?.message,
    ).toBe('Workload no longer fits after processing another workload');
    // c1 (75) fits only once b1 (50) is gone.
    const b1Finished = kinds(events, 'JobSetCompleted').find((e) => e.jobSet === 'default/b1')?.t ?? Number.NaN;
    expect(firstAdmission(events, 'c1')!.t).toBeGreaterThan(b1Finished);
  });

  it('§5.28 ★ simulation, hierarchical Fair Sharing: only d1 is admitted (B-side DRS 100/200 < C-side 101/200), then the cohort is full (upstream: scheduler_fs_test.go TestScheduleForFairSharing "hierarchical fair sharing schedule workload which wins tournament")', () => {
    const zero = (name: string, co: string) => cq(name, { cohort: co }, rg(fq('on-demand', ['cpu', '0'])));
    const tree = QuotaTree.build({
      clusterQueues: [zero('d', 'B'), zero('e', 'B'), zero('f', 'C'), zero('g', 'C')],
      cohorts: [cohort('A', undefined, rg(fq('on-demand', ['cpu', '200']))), cohort('B', 'A'), cohort('C', 'A')],
      usage: new Map([
        ['d', amounts({ 'on-demand/cpu': '10' })],
        ['e', amounts({ 'on-demand/cpu': '20' })],
        ['g', amounts({ 'on-demand/cpu': '100' })],
      ]),
    });
    const drs = (co: string, cpu: string) =>
      dominantResourceShare(tree, tree.cohort(co)!, undefined, amounts({ 'on-demand/cpu': cpu })).unweightedRatio;
    // At A: B with d1 (10+20+70 of 200) against C with f1 or g1 (100+1 of 200).
    expect([drs('B', '70'), drs('C', '1')]).toEqual([500, 505]);

    const text = `${SIM_HEADER('spec-5-28')}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 8, resources: {cpu: "128", memory: 512Gi}}
---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
fairSharing: {}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: {name: a}
spec:
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: on-demand, resources: [{name: cpu, nominalQuota: 200}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: {name: b}
spec: {parentName: a}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: {name: c}
spec: {parentName: a}
${simCq('d', 'b', 'on-demand', 0)}${simCq('e', 'b', 'on-demand', 0)}${simCq('f', 'c', 'on-demand', 0)}${simCq('g', 'c', 'on-demand', 0)}${[
  ['d0', 'd', 10, '0s'],
  ['e0', 'e', 20, '0s'],
  ['g0', 'g', 100, '0s'],
  ['g1', 'g', 1, '1s'],
  ['f1', 'f', 1, '1s'],
  ['e1', 'e', 61, '1s'],
  ['d1', 'd', 70, '1s'],
]
  .map(([name, q, cpu, at]) => jobSet({ name: String(name), queue: `lq-${q}`, cpu: Number(cpu), at: String(at) }))
  .join('')}`;
    const { events, conditions } = run(text);
    expect(admittedBetween(events, 0, 1).sort()).toEqual(['d0', 'e0', 'g0']);
    const cycle = firstAdmission(events, 'd1')!.t;
    expect(cycle).toBeLessThan(2);
    expect(admittedBetween(events, 1, 2)).toEqual(['d1']);
    for (const left of ['e1', 'f1', 'g1']) {
      expect(
        conditions.find((c) => c.jobSet === `default/${left}` && c.t === cycle && c.type === 'QuotaReserved')?.message,
        left,
      ).toBe('Workload no longer fits after processing another workload');
    }
  });

  // Unstarred cases.

  it('§5.2 both MayStopSearch ⇒ Preempt on `one` (upstream: flavorassigner_test.go TestAssignFlavors "preempt before try next flavor")', () => {
    const a = assign({
      clusterQueue: cq(
        TEST_CQ,
        { ff: MAY_STOP },
        rg(fq('one', ['pods', '10'], ['cpu', '10']), fq('two', ['pods', '10'], ['cpu', '10'])),
      ),
      usage: { 'one/cpu': '2' },
      podSets: [ps('main', 1, { cpu: '9' })],
      oracle: testOracle(),
    });
    expect(a.representativeMode()).toBe('Preempt');
    expect(flavorsOf(a)).toEqual({ cpu: ['one', 'Preempt', 0], pods: ['one', 'Fit', 0] });
    expect(a.borrowing).toBe(0);
    expect(a.message()).toBe(`couldn't assign flavors to pod set main: ${unused('cpu', 'one', '1')}`);
    expect(attemptsOf(a)).toEqual([['one', 'Preempt', 0, 'Preempt']]);
  });

  it('§5.4 whenCanBorrow TryNextFlavor ⇒ Fit `two`; both MayStopSearch with the sibling using 10 of 12 ⇒ Preempt `one`, borrow level 1 (upstream: flavorassigner_test.go TestAssignFlavors "when borrowing while preemption is needed for flavor one; WhenCanBorrow=TryNextFlavor" + "when borrowing while preemption is needed for flavor one; WhenCanBorrow=MayStopSearch,WhenCanPreempt=MayStopSearch")', () => {
    const setup = (ff: FlavorFungibility, secondaryUsage?: Usage, sim = {}): Assignment =>
      assign({
        clusterQueue: cq(
          TEST_CQ,
          {
            cohort: COHORT,
            preemption: { reclaimWithinCohort: 'LowerPriority', borrowWithinCohort: { policy: 'LowerPriority' } },
            ff,
          },
          rg(fq('one', ['cpu', '0', '12']), fq('two', ['cpu', '12'])),
        ),
        secondary: cq(SECONDARY_CQ, { cohort: COHORT }, rg(fq('one', ['cpu', '12']))),
        ...(secondaryUsage ? { secondaryUsage } : {}),
        podSets: [ps('main', 1, { cpu: '12' })],
        oracle: testOracle(sim),
      });
    const tryNext = setup({ whenCanBorrow: 'TryNextFlavor', whenCanPreempt: 'MayStopSearch' });
    expect(tryNext.representativeMode()).toBe('Fit');
    expect(flavorsOf(tryNext)).toEqual({ cpu: ['two', 'Fit', -1] });
    expect(tryNext.borrowing).toBe(0);
    expect(attemptsOf(tryNext)).toEqual([
      ['one', 'Fit', 1, ''],
      ['two', 'Fit', 0, ''],
    ]);

    const mayStop = setup(MAY_STOP, { 'one/cpu': '10' }, { 'one/cpu': ['Preempt', 1] });
    expect(mayStop.representativeMode()).toBe('Preempt');
    expect(flavorsOf(mayStop)).toEqual({ cpu: ['one', 'Preempt', 0] });
    expect(mayStop.borrowing).toBe(1);
    expect(mayStop.message()).toBe(`couldn't assign flavors to pod set main: ${unused('cpu', 'one', '10')}`);
    expect(attemptsOf(mayStop)).toEqual([['one', 'Preempt', 1, 'Preempt']]);
  });

  it('§5.9 LowerOrNewerEqualPriority: the older incoming p1 preempts only wl2, the equal-priority workload reserved last (upstream: preemption_test.go TestPreemption "preempt newer workloads with the same priority")', () => {
    const c = (incomingUsage: Usage): PreemptionCase => ({
      clusterQueues: [PREVENT_STARVATION],
      admitted: [
        adm('wl1', 'preventStarvation', { 'default/cpu': '2' }, { priority: 2 }),
        adm('wl2', 'preventStarvation', { 'default/cpu': '2' }, { priority: 1, creation: 0, reservedAt: 1 }),
        adm('wl3', 'preventStarvation', { 'default/cpu': '2' }, { priority: 1, creation: 0 }),
      ],
      incoming: { cq: 'preventStarvation', usage: incomingUsage, preempt: ['default/cpu'], priority: 1, creation: -15 },
    });
    const want = [['wl2', 'InClusterQueue', preempted('InClusterQueue', '/preventStarvation', '/preventStarvation')]];
    // Upstream's assignment for the `launcher` podset has no Count, so TotalRequestsFor scales it to 0 pods...
    expect(targets(c({ 'default/cpu': ['2', 0] }))).toEqual(want);
    // ...and the case as the spec reads it (the 2-cpu launcher counted) gives the same victim.
    expect(targets(c({ 'default/cpu': '2' }))).toEqual(want);
  });

  it('§5.12 b_standard preempts a_best_effort_lower (InCohortReclaimWhileBorrowing) and b_standard_mid (InClusterQueue) (upstream: preemption_test.go TestPreemption "use BorrowWithinCohort; preempt from CQ and from other CQs with workloads below threshold")', () => {
    expect(
      targets({
        clusterQueues: WITH_SHARED_CQ,
        admitted: [
          adm('b_standard_high', 'b_standard', { 'default/cpu': '10' }, { priority: 2 }),
          adm('b_standard_mid', 'b_standard', { 'default/cpu': '1' }, { priority: 1 }),
          adm('a_best_effort_low', 'a_best_effort', { 'default/cpu': '1' }, { priority: -1 }),
          adm('a_best_effort_lower', 'a_best_effort', { 'default/cpu': '1' }, { priority: -2 }),
        ],
        incoming: { cq: 'b_standard', usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 2 },
      }),
    ).toEqual([
      [
        'a_best_effort_lower',
        'InCohortReclaimWhileBorrowing',
        preempted('InCohortReclaimWhileBorrowing', '/with_shared_cq/b_standard', '/with_shared_cq/a_best_effort'),
      ],
      [
        'b_standard_mid',
        'InClusterQueue',
        preempted('InClusterQueue', '/with_shared_cq/b_standard', '/with_shared_cq/b_standard'),
      ],
    ]);
  });

  it('§5.14 the higher-priority hierarchical borrower is preempted, not the lower-priority same-CQ workload (upstream: preemption_hierarchical_test.go TestHierarchicalPreemptions "prefer to preempt hierarchical candidate")', () => {
    expect(
      targets({
        clusterQueues: [
          cq('q', { cohort: 'c', preemption: ANY_LOWER }, rg(fq('default'))),
          cq('q_borrowing', { cohort: 'r', preemption: ANY_LOWER }, rg(fq('default'))),
        ],
        cohorts: R_C,
        admitted: [
          adm('admitted_borrowing', 'q_borrowing', { 'default/cpu': '1' }, { priority: 1 }),
          adm('admitted_same_queue', 'q', { 'default/cpu': '1' }, { priority: -2 }),
        ],
        incoming: { cq: 'q', usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
      }),
    ).toEqual([
      ['admitted_borrowing', 'InCohortReclamation', preempted('InCohortReclamation', '/r/c/q', '/r/q_borrowing')],
    ]);
  });

  it('§5.15 q with borrowWithinCohort threshold 0 preempts q_same_cohort\'s workload (InCohortReclaimWhileBorrowing), not q_nominal\'s (upstream: preemption_hierarchical_test.go TestHierarchicalPreemptions "forced to preempt priority candidate")', () => {
    expect(
      targets({
        clusterQueues: [
          cq(
            'q',
            { cohort: 'c', preemption: { ...ANY_LOWER, borrowWithinCohort: BORROW_THRESHOLD_0 } },
            rg(fq('default')),
          ),
          cq('q_nominal', { cohort: 'r', preemption: ANY_LOWER }, rg(fq('default', ['cpu', '2']))),
          cq('q_same_cohort', { cohort: 'c', preemption: ANY_LOWER }, rg(fq('default'))),
        ],
        cohorts: R_C,
        admitted: [
          adm('admitted_nominal', 'q_nominal', { 'default/cpu': '2' }, { priority: -10 }),
          adm('admitted_same_cohort', 'q_same_cohort', { 'default/cpu': '2' }, { priority: -1 }),
        ],
        incoming: { cq: 'q', usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
      }),
    ).toEqual([
      [
        'admitted_same_cohort',
        'InCohortReclaimWhileBorrowing',
        preempted('InCohortReclaimWhileBorrowing', '/r/c/q', '/r/c/q_same_cohort'),
      ],
    ]);
  });

  it('§5.18 everyone at nominal ⇒ incoming in c preempts nothing (upstream: preemption_fair_test.go TestFairPreemptions "can\'t preempt when everyone under nominal")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [...units('a', 3), ...units('b', 3), ...units('c', 3)],
        incoming: fairIncoming('c'),
        fair: {},
      }),
    ).toEqual([]);
  });

  it('§5.20 a1_low and a2_low preempted InClusterQueue (upstream: preemption_fair_test.go TestFairPreemptions "can preempt lower priority workloads from same CQ")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [
          adm('a1_low', 'a', ONE_CPU, { priority: -1 }),
          adm('a2_low', 'a', ONE_CPU, { priority: -1 }),
          adm('a3', 'a', ONE_CPU),
          adm('a4', 'a', ONE_CPU),
          ...units('b', 5),
        ],
        incoming: fairIncoming('a', '2'),
        fair: {},
      }),
    ).toEqual([
      ['a1_low', 'InClusterQueue'],
      ['a2_low', 'InClusterQueue'],
    ]);
  });

  it('§5.23 b:9 alone ⇒ b1 preempted (InCohortReclamation); a1(2), b1(7), incoming 5 ⇒ nothing (upstream: preemption_fair_test.go TestFairPreemptions "preempt huge workload if there is no other option, as long as the target CQ gets a lower share" + "can\'t preempt huge workload if the incoming is also huge")', () => {
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [adm('b1', 'b', { 'default/cpu': '9' })],
        incoming: fairIncoming('a', '2'),
        fair: {},
      }),
    ).toEqual([['b1', 'InCohortReclamation']]);
    expect(
      victims({
        clusterQueues: BASE_CQS,
        admitted: [adm('a1', 'a', { 'default/cpu': '2' }), adm('b1', 'b', { 'default/cpu': '7' })],
        incoming: fairIncoming('a', '5'),
        fair: {},
      }),
    ).toEqual([]);
  });

  it('§5.25 pure modules (the runtime run: runtime.test.ts): a2 needs preemption without candidates; under reclaimWithinCohort LowerPriority its request is reserved in the snapshot and b1 no longer fits, under Any b1 is admitted (upstream: scheduler_test.go TestSchedule "capacity blocked when lending clusterqueue not guaranteed to reclaim (ReclaimWithinCohort=LowerPriority)" + "capacity not blocked when lending clusterqueue can reclaim (ReclaimWithinCohort=Any)")', () => {
    // One scheduling cycle of the two heads a2 (ClusterQueueA) and b1 (ClusterQueueB), with the scheduler's steps
    // written out: nominate both on the snapshot (FlavorAssigner with the preemption oracle, getTargets), process
    // in classic order (borrowing level, priority, queue-order timestamp), and for a Preempt entry without targets
    // apply reserveCapacityForUnreclaimablePreempt (scheduler.go: unless CanAlwaysReclaim, i.e. reclaimWithinCohort
    // Any, add quotaResourcesToReserve to the snapshot), as manager.ts does (src/kueue/reservation.ts).
    const cycle = (reclaim: 'LowerPriority' | 'Any') => {
      const preemption: ClusterQueuePreemption = { reclaimWithinCohort: reclaim };
      const qa = cq('ClusterQueueA', { cohort: 'root', preemption }, rg(fq('on-demand', ['gpu', '2'])));
      const qb = cq('ClusterQueueB', { cohort: 'root' }, rg(fq('on-demand', ['gpu', '0'])));
      const admitted: AdmittedWorkload[] = [
        {
          key: 'eng-alpha/a1-admitted',
          priority: 0,
          queueOrderTimestamp: 0,
          usage: amounts({ 'on-demand/gpu': '1' }),
          clusterQueue: 'ClusterQueueA',
          quotaReservedAt: NOW,
        },
      ];
      const tree = QuotaTree.build({ clusterQueues: [qa, qb], usage: usageByClusterQueue(admitted) });
      const nominate = (clusterQueue: CQ, key: string, gpu: string) => {
        const wl = { key, priority: 0, queueOrderTimestamp: NOW, clusterQueue: clusterQueue.metadata.name };
        const p = clusterQueue.spec.preemption;
        const assignment = new FlavorAssigner({
          workload: { spec: { podSets: [ps('main', 1, { gpu })] } },
          clusterQueue,
          quota: tree,
          resourceFlavors: { 'on-demand': rf('on-demand') },
          oracle: (s) => {
            const r = simulatePreemption(
              { tree: s.tree, preemptor: { ...wl, usage: new Map() }, preemption: p, admitted, now: NOW },
              s.flavorResource,
              s.quantity,
            );
            return { possibility: r.possibility, borrowAfterPreemption: r.borrow };
          },
        }).assign();
        const frs = assignment.podSets.flatMap((x) =>
          [...x.flavors].filter(([, f]) => f.mode === 'Preempt').map(([res, f]) => `${f.name}/${res}`),
        );
        const found =
          assignment.representativeMode() === 'Preempt'
            ? getTargets({
                tree,
                preemptor: { ...wl, usage: assignment.usage },
                preemption: p,
                frsNeedPreemption: frs,
                admitted,
                now: NOW,
              })
            : [];
        return { assignment, targets: found };
      };
      const a2 = nominate(qa, 'eng-alpha/a2-pending', '2');
      const b1 = nominate(qb, 'eng-beta/b1-pending', '1');
      // Both borrow at level 1 (a2's NoCandidates oracle result: 2 more gpu fit no subtree, so the whole tree's
      // height) and have priority 0; a2 is processed first by its earlier queue-order timestamp (upstream gives it
      // none, Go's zero time; b1 has Creation(now)).
      expect([a2.assignment.borrowing, b1.assignment.borrowing]).toEqual([1, 1]);
      expect(a2.assignment.representativeMode()).toBe('Preempt');
      expect(attemptsOf(a2.assignment)).toEqual([['on-demand', 'Preempt', 1, 'NoCandidates']]);
      expect(a2.targets).toEqual([]);
      expect(a2.assignment.message()).toBe(
        `couldn't assign flavors to pod set main: ${unused('gpu', 'on-demand', '1')}`,
      );
      if (reclaim !== 'Any') {
        // quotaResourcesToReserve: a borrowing assignment reserves its usage up to nominal + borrowingLimit − usage
        // (all of it without a borrowingLimit), a non-borrowing one up to nominal − usage.
        const reserve = new Map<FlavorResource, number>();
        for (const [fr, v] of a2.assignment.usage) {
          const q = tree.quota('ClusterQueueA', fr);
          const used = tree.usage('ClusterQueueA', fr);
          if (a2.assignment.borrowing > 0) {
            reserve.set(fr, q.borrowingLimit === undefined ? v : Math.min(v, q.nominal + q.borrowingLimit - used));
          } else reserve.set(fr, Math.max(0, Math.min(v, q.nominal - used)));
        }
        expect(Object.fromEntries(reserve)).toEqual({ 'on-demand/gpu': parseQuantity('2') });
        tree.addUsage('ClusterQueueA', reserve);
      }
      expect(b1.assignment.representativeMode()).toBe('Fit');
      expect(flavorsOf(b1.assignment)).toEqual({ gpu: ['on-demand', 'Fit', -1] });
      return tree.fits('ClusterQueueB', b1.assignment.usage).fits
        ? 'admitted'
        : 'Workload no longer fits after processing another workload';
    };
    expect(cycle('LowerPriority')).toBe('Workload no longer fits after processing another workload');
    expect(cycle('Any')).toBe('admitted');
  });

  it('§5.26 pure modules (the runtime run, with a batch Job: partial-admission.test.ts; JobSets set no minCount): 50 pods × 2 cpu, minCount 20, 50 cpu ⇒ admitted count 25 (upstream: scheduler_test.go TestSchedule "partial admission single variable pod set")', () => {
    const sales = cq('sales', {}, rg(fq('default', ['cpu', '50', '0'])));
    const podSets = [ps('one', 50, { cpu: '2' }, 20)];
    const r = assignWithPartialAdmission(
      new FlavorAssigner({
        workload: { spec: { podSets } },
        clusterQueue: sales,
        quota: QuotaTree.build({ clusterQueues: [sales] }),
        resourceFlavors: { default: rf('default') },
      }),
      podSets,
    );
    expect(r.partial).toBe(true);
    expect(r.assignment.representativeMode()).toBe('Fit');
    expect(r.assignment.toAPI()).toEqual([
      { name: 'one', flavors: { cpu: 'default' }, resourceUsage: { cpu: '50' }, count: 25 },
    ]);
  });
});
