// Preemption target selection (spec §3.1–§3.3, §3.6) against kueue ff69552e pkg/scheduler/preemption tests:
// - preemption_test.go TestPreemption (every case), TestCandidatesOrdering, TestPreemptionMessage;
// - preemption_hierarchical_test.go TestHierarchicalPreemptions (every case);
// - preemption_fair_test.go TestFairPreemptions (every case) and TestFairPreemptionSkipsUnsatisfiableTournament
//   (its outcome; the test's log counting has no counterpart);
// - common/preemption_policy_test.go TestSatisfiesPreemptionPolicy.
// The TestPreemption / TestHierarchicalPreemptions tables list, per case, the victims with the Preempted reason
// and the preemptee path of the condition message upstream expects (preemptor UID "wl-in", JobUID "job-in");
// TestFairPreemptions lists victims with reasons (upstream compares "key:reason" sets). The tables were
// transcribed mechanically from the upstream builders: quantities are the upstream strings, `creation` and
// `reservedAt` are seconds relative to the test clock, an absent creation is Go's zero time.
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src/api/quantity.js';
import type {
  ClusterQueuePreemption,
  PreemptedReason,
  ResourceGroup,
  WithinClusterQueuePolicy,
} from '../../../src/kueue/api.js';
import { fairWeightsFromSpecs } from '../../../src/kueue/fair-sharing.js';
import {
  type AdmittedWorkload,
  candidatesOrdering,
  clusterQueuePath,
  type FairSharingStrategy,
  getTargets,
  type PreemptorWorkload,
  preemptionMessage,
  satisfiesPreemptionPolicy,
  simulatePreemption,
  targetMessage,
  usageByClusterQueue,
} from '../../../src/kueue/preemption.js';
import { type FlavorResource, QuotaTree } from '../../../src/kueue/quota.js';
import { fq, rg } from '../../support/kueue-builders.js';

// ---------------------------------------------------------------------------------------------------------------
// Builders shaped like upstream's utiltestingapi wrappers.

/** The test clock (upstream `now`); Go's zero time is 0. */
const NOW = 1_000_000_000;

interface CQ {
  metadata: { name: string };
  spec: {
    cohortName?: string;
    resourceGroups: ResourceGroup[];
    preemption?: ClusterQueuePreemption;
    fairSharing?: { weight: string };
  };
}

function cq(
  name: string,
  cohortName: string | undefined,
  opts: { preemption?: ClusterQueuePreemption; weight?: string },
  ...resourceGroups: ResourceGroup[]
): CQ {
  return {
    metadata: { name },
    spec: {
      ...(cohortName ? { cohortName } : {}),
      resourceGroups,
      ...(opts.preemption ? { preemption: opts.preemption } : {}),
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

/** Usage per FlavorResource: a quantity, or [quantity, count] for count pods of that request. */
type Usage = Record<FlavorResource, string | [string, number]>;

function usage(u: Usage): Map<FlavorResource, number> {
  const out = new Map<FlavorResource, number>();
  for (const [fr, v] of Object.entries(u)) {
    out.set(fr, typeof v === 'string' ? parseQuantity(v) : parseQuantity(v[0]) * v[1]);
  }
  return out;
}

interface WlOpts {
  priority?: number;
  /** Seconds from NOW; absent: Go's zero time. */
  creation?: number;
  /** QuotaReserved time, seconds from NOW (default 0 = NOW); null: not reserved. */
  reservedAt?: number | null;
  evicted?: boolean;
  uid?: string;
}

interface Wl {
  name: string;
  cq: string;
  usage: Usage;
  opts: WlOpts;
}

/** An admitted workload: ReserveQuotaAt(MakeAdmission(cq).PodSets(...Assignment(r, flavor, q)), now). */
function wl(name: string, clusterQueue: string, u: Usage, opts: WlOpts = {}): Wl {
  return { name, cq: clusterQueue, usage: u, opts };
}

function admittedWorkload(w: Wl, uidIsName: boolean): AdmittedWorkload {
  return {
    key: `/${w.name}`,
    uid: uidIsName ? w.name : w.opts.uid,
    priority: w.opts.priority ?? 0,
    queueOrderTimestamp: w.opts.creation === undefined ? 0 : NOW + w.opts.creation,
    usage: usage(w.usage),
    clusterQueue: w.cq,
    ...(w.opts.reservedAt === null ? {} : { quotaReservedAt: NOW + (w.opts.reservedAt ?? 0) }),
    evicted: w.opts.evicted ?? false,
  };
}

interface Incoming {
  usage: Usage;
  /** The FlavorResources whose assignment mode is Preempt. */
  preempt: FlavorResource[];
  priority?: number;
  creation?: number;
}

interface PreemptionCase {
  clusterQueues: CQ[];
  cohorts?: Co[];
  strategies?: FairSharingStrategy[];
  admitted: Wl[];
  incoming: Incoming;
  targetCQ: string;
  /** Victims: [name, reason] or [name, reason, preemptee path]. */
  want: ([string, PreemptedReason] | [string, PreemptedReason, string])[];
  preemptorPath?: string;
  /** Upstream's wantPreempted (IssuePreemptions' count, including targets that were already evicted). */
  wantPreempted?: number;
}

function snapshotUsage(tree: QuotaTree): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const name of tree.clusterQueueNames()) {
    out[`cq/${name}`] = Object.fromEntries([...tree.clusterQueue(name)!.usage].filter(([, v]) => v !== 0));
  }
  for (const name of tree.cohortNames()) {
    out[`cohort/${name}`] = Object.fromEntries([...tree.cohort(name)!.usage].filter(([, v]) => v !== 0));
  }
  return out;
}

function runCase(c: PreemptionCase, mode: 'classic' | 'fair') {
  const admitted = c.admitted.map((w) => admittedWorkload(w, mode === 'fair'));
  const tree = QuotaTree.build({
    clusterQueues: c.clusterQueues,
    cohorts: c.cohorts ?? [],
    usage: usageByClusterQueue(admitted),
  });
  const before = snapshotUsage(tree);
  const target = c.clusterQueues.find((x) => x.metadata.name === c.targetCQ);
  const preemptor: PreemptorWorkload & { jobUID?: string } = {
    key: '/in',
    uid: mode === 'classic' ? 'wl-in' : undefined,
    jobUID: mode === 'classic' ? 'job-in' : undefined,
    priority: c.incoming.priority ?? 0,
    queueOrderTimestamp: c.incoming.creation === undefined ? 0 : NOW + c.incoming.creation,
    usage: usage(c.incoming.usage),
    clusterQueue: c.targetCQ,
  };
  const targets = getTargets({
    tree,
    preemptor,
    preemption: target?.spec.preemption,
    frsNeedPreemption: c.incoming.preempt,
    admitted,
    now: NOW,
    ...(mode === 'fair'
      ? {
          fairSharing: {
            strategies: c.strategies,
            weights: fairWeightsFromSpecs(c.clusterQueues, c.cohorts ?? []),
          },
        }
      : {}),
  });
  // The snapshot is restored.
  expect(snapshotUsage(tree)).toEqual(before);
  return { tree, preemptor, targets };
}

function checkCase(c: PreemptionCase, mode: 'classic' | 'fair') {
  const { tree, preemptor, targets } = runCase(c, mode);
  const got = targets.map((t) => [t.workload.key.slice(1), t.reason]).sort();
  expect(got).toEqual(c.want.map(([n, r]) => [n, r]).sort());
  if (c.wantPreempted !== undefined) expect(targets.length).toBe(c.wantPreempted);
  if (mode === 'classic') {
    for (const t of targets) {
      const w = c.want.find(([n]) => n === t.workload.key.slice(1))!;
      const msg = targetMessage(tree, preemptor, t);
      expect(msg).toBe(
        preemptionMessage({
          preemptorUID: 'wl-in',
          preemptorJobUID: 'job-in',
          reason: t.reason,
          preemptorPath: c.preemptorPath,
          preempteePath: w[2],
        }),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// preemption_test.go TestPreemption

/** TestPreemption's defaultClusterQueues. */
const DEFAULT_CLUSTER_QUEUES: CQ[] = [
  cq(
    'standalone',
    undefined,
    { preemption: { withinClusterQueue: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6'])),
    rg(fq('alpha', ['memory', '3Gi']), fq('beta', ['memory', '3Gi'])),
  ),
  cq(
    'c1',
    'cohort',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6', '6'], ['memory', '3Gi', '3Gi'])),
  ),
  cq(
    'c2',
    'cohort',
    { preemption: { withinClusterQueue: 'Never', reclaimWithinCohort: 'Any' } },
    rg(fq('default', ['cpu', '6', '6'], ['memory', '3Gi', '3Gi'])),
  ),
  cq(
    'd1',
    'cohort-no-limits',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6'], ['memory', '3Gi'])),
  ),
  cq(
    'd2',
    'cohort-no-limits',
    { preemption: { withinClusterQueue: 'Never', reclaimWithinCohort: 'Any' } },
    rg(fq('default', ['cpu', '6'], ['memory', '3Gi'])),
  ),
  cq(
    'l1',
    'legion',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6', '12'], ['memory', '3Gi', '6Gi'])),
  ),
  cq(
    'preventStarvation',
    undefined,
    { preemption: { withinClusterQueue: 'LowerOrNewerEqualPriority' } },
    rg(fq('default', ['cpu', '6'])),
  ),
  cq(
    'a_standard',
    'with_shared_cq',
    {
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'b_standard',
    'with_shared_cq',
    {
      preemption: {
        withinClusterQueue: 'LowerPriority',
        reclaimWithinCohort: 'Any',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'a_best_effort',
    'with_shared_cq',
    {
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
      },
    },
    rg(fq('default', ['cpu', '1', '12'])),
  ),
  cq(
    'b_best_effort',
    'with_shared_cq',
    {
      preemption: {
        withinClusterQueue: 'Never',
        reclaimWithinCohort: 'LowerPriority',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
      },
    },
    rg(fq('default', ['cpu', '0', '13'])),
  ),
  cq('shared', 'with_shared_cq', {}, rg(fq('default', ['cpu', '10']))),
  cq(
    'lend1',
    'cohort-lend',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6', '', '4'])),
  ),
  cq(
    'lend2',
    'cohort-lend',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'LowerPriority' } },
    rg(fq('default', ['cpu', '6', '', '2'])),
  ),
  cq(
    'a',
    'cohort-three',
    { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
    rg(fq('default', ['cpu', '2'], ['memory', '2'])),
  ),
  cq('b', 'cohort-three', {}, rg(fq('default', ['cpu', '2'], ['memory', '2']))),
  cq('c', 'cohort-three', {}, rg(fq('default', ['cpu', '2'], ['memory', '2']))),
];

const TEST_PREEMPTION: Record<string, PreemptionCase> = {
  'preempt lowest priority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '2000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '2000m' }),
      wl('high', 'standalone', { 'default/cpu': '2000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [['low', 'InClusterQueue', '/standalone']],
    wantPreempted: 1,
  },
  'preempt multiple': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '2000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '2000m' }),
      wl('high', 'standalone', { 'default/cpu': '2000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [
      ['low', 'InClusterQueue', '/standalone'],
      ['mid', 'InClusterQueue', '/standalone'],
    ],
    wantPreempted: 2,
  },
  'no preemption for low priority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '3000m' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: -1 },
    targetCQ: 'standalone',
    want: [],
    wantPreempted: 0,
  },
  'not enough low priority workloads': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '3000m' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'standalone',
    want: [],
    wantPreempted: 0,
  },
  'some free quota, preempt low priority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '1000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '1000m' }),
      wl('high', 'standalone', { 'default/cpu': '3000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [['low', 'InClusterQueue', '/standalone']],
    wantPreempted: 1,
  },
  'minimal set excludes low priority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'default/cpu': '1000m' }, { priority: -1 }),
      wl('mid', 'standalone', { 'default/cpu': '2000m' }),
      wl('high', 'standalone', { 'default/cpu': '3000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [['mid', 'InClusterQueue', '/standalone']],
    wantPreempted: 1,
  },
  'only preempt workloads using the chosen flavor': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low', 'standalone', { 'alpha/memory': '2Gi' }, { priority: -1 }),
      wl('mid', 'standalone', { 'beta/memory': '1Gi' }),
      wl('high', 'standalone', { 'beta/memory': '1Gi' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '1', 'beta/memory': '2Gi' }, preempt: ['beta/memory'], priority: 1 },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [['mid', 'InClusterQueue', '/standalone']],
    wantPreempted: 1,
  },
  'reclaim quota from borrower': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-low', 'c1', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('c2-mid', 'c2', { 'default/cpu': '3000m' }),
      wl('c2-high', 'c2', { 'default/cpu': '6000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [['c2-mid', 'InCohortReclamation', '/cohort/c2']],
    wantPreempted: 1,
  },
  'reclaim quota if workload requests 0 resources for a resource at nominal quota': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-low', 'c1', { 'default/cpu': '3', 'default/memory': '3Gi' }, { priority: -1 }),
      wl('c2-mid', 'c2', { 'default/cpu': '3' }),
      wl('c2-high', 'c2', { 'default/cpu': '6' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [['c2-mid', 'InCohortReclamation', '/cohort/c2']],
    wantPreempted: 1,
  },
  'no workloads borrowing': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-high', 'c1', { 'default/cpu': '4000m' }, { priority: 1 }),
      wl('c2-low-1', 'c2', { 'default/cpu': '4000m' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c1',
    want: [],
    wantPreempted: 0,
  },
  'not enough workloads borrowing': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-high', 'c1', { 'default/cpu': '4000m' }, { priority: 1 }),
      wl('c2-low-1', 'c2', { 'default/cpu': '4000m' }, { priority: -1 }),
      wl('c2-low-2', 'c2', { 'default/cpu': '4000m' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c1',
    want: [],
    wantPreempted: 0,
  },
  'preempting locally and borrowing other resources in cohort, without cohort candidates': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-low', 'c1', { 'default/cpu': '4000m' }, { priority: -1 }),
      wl('c2-low-1', 'c2', { 'default/cpu': '4000m' }, { priority: -1 }),
      wl('c2-high-2', 'c2', { 'default/cpu': '4000m' }, { priority: 1 }),
    ],
    incoming: {
      usage: { 'default/cpu': '4', 'default/memory': '5Gi' },
      preempt: ['default/cpu', 'default/memory'],
      priority: 1,
    },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [['c1-low', 'InClusterQueue', '/cohort/c1']],
    wantPreempted: 1,
  },
  'preempting locally and borrowing same resource in cohort': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-med', 'c1', { 'default/cpu': '4000m' }, { priority: 0 }),
      wl('c1-low', 'c1', { 'default/cpu': '4000m' }, { priority: -1 }),
      wl('c2-low-1', 'c2', { 'default/cpu': '4000m' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [['c1-low', 'InClusterQueue', '/cohort/c1']],
    wantPreempted: 1,
  },
  'preempting locally and borrowing same resource in cohort; no borrowing limit in the cohort': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('d1-med', 'd1', { 'default/cpu': '4' }, { priority: 0 }),
      wl('d1-low', 'd1', { 'default/cpu': '4' }, { priority: -1 }),
      wl('d2-low-1', 'd2', { 'default/cpu': '4' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'd1',
    preemptorPath: '/cohort-no-limits/d1',
    want: [['d1-low', 'InClusterQueue', '/cohort-no-limits/d1']],
    wantPreempted: 1,
  },
  'preempting locally and borrowing other resources in cohort, with cohort candidates': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-med', 'c1', { 'default/cpu': '4000m' }, { priority: 0 }),
      wl('c2-low-1', 'c2', { 'default/cpu': '5000m' }, { priority: -1 }),
      wl('c2-low-2', 'c2', { 'default/cpu': '1000m' }, { priority: -1 }),
      wl('c2-low-3', 'c2', { 'default/cpu': '1000m' }, { priority: -1 }),
    ],
    incoming: {
      usage: { 'default/cpu': '2', 'default/memory': '5Gi' },
      preempt: ['default/cpu', 'default/memory'],
      priority: 1,
    },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [['c1-med', 'InClusterQueue', '/cohort/c1']],
    wantPreempted: 1,
  },
  'preempting locally and not borrowing same resource in 1-queue cohort': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('l1-med', 'l1', { 'default/cpu': '4000m' }, { priority: 0 }),
      wl('l1-low', 'l1', { 'default/cpu': '2000m' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'l1',
    preemptorPath: '/legion/l1',
    want: [['l1-med', 'InClusterQueue', '/legion/l1']],
    wantPreempted: 1,
  },
  'do not reclaim borrowed quota from same priority for withinCohort=ReclaimFromLowerPriority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1', 'c1', { 'default/cpu': '2000m' }),
      wl('c2-1', 'c2', { 'default/cpu': '4000m' }),
      wl('c2-2', 'c2', { 'default/cpu': '4000m' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'c1',
    want: [],
    wantPreempted: 0,
  },
  'reclaim borrowed quota from same priority for withinCohort=ReclaimFromAny': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-1', 'c1', { 'default/cpu': '4000m' }),
      wl('c1-2', 'c1', { 'default/cpu': '4000m' }, { priority: 1 }),
      wl('c2', 'c2', { 'default/cpu': '2000m' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'c2',
    preemptorPath: '/cohort/c2',
    want: [['c1-1', 'InCohortReclamation', '/cohort/c1']],
    wantPreempted: 1,
  },
  'preempt from all ClusterQueues in cohort': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('c1-low', 'c1', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('c1-mid', 'c1', { 'default/cpu': '2000m' }),
      wl('c2-low', 'c2', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('c2-mid', 'c2', { 'default/cpu': '4000m' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'c1',
    preemptorPath: '/cohort/c1',
    want: [
      ['c1-low', 'InClusterQueue', '/cohort/c1'],
      ['c2-low', 'InCohortReclamation', '/cohort/c2'],
    ],
    wantPreempted: 2,
  },
  "can't preempt workloads in ClusterQueue for withinClusterQueue=Never": {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [wl('c2-low', 'c2', { 'default/cpu': '3000m' }, { priority: -1 })],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'c2',
    want: [],
    wantPreempted: 0,
  },
  'each podset preempts a different flavor': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('low-alpha', 'standalone', { 'alpha/memory': '2Gi' }, { priority: -1 }),
      wl('low-beta', 'standalone', { 'beta/memory': '2Gi' }, { priority: -1 }),
    ],
    incoming: { usage: { 'alpha/memory': '2Gi', 'beta/memory': ['1Gi', 2] }, preempt: ['alpha/memory', 'beta/memory'] },
    targetCQ: 'standalone',
    preemptorPath: '/standalone',
    want: [
      ['low-alpha', 'InClusterQueue', '/standalone'],
      ['low-beta', 'InClusterQueue', '/standalone'],
    ],
    wantPreempted: 2,
  },
  'preempt newer workloads with the same priority': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('wl1', 'preventStarvation', { 'default/cpu': '2' }, { priority: 2 }),
      wl('wl2', 'preventStarvation', { 'default/cpu': '2' }, { priority: 1, creation: 0, reservedAt: 1 }),
      wl('wl3', 'preventStarvation', { 'default/cpu': '2' }, { priority: 1, creation: 0 }),
    ],
    incoming: { usage: { 'default/cpu': ['2', 0] }, preempt: ['default/cpu'], priority: 1, creation: -15 },
    targetCQ: 'preventStarvation',
    preemptorPath: '/preventStarvation',
    want: [['wl2', 'InClusterQueue', '/preventStarvation']],
    wantPreempted: 1,
  },
  'use BorrowWithinCohort; allow preempting a lower-priority workload from another ClusterQueue while borrowing': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a_best_effort_low', 'a_best_effort', { 'default/cpu': '10' }, { priority: -1 }),
      wl('b_best_effort_low', 'b_best_effort', { 'default/cpu': '1' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '10' }, preempt: ['default/cpu'] },
    targetCQ: 'a_standard',
    preemptorPath: '/with_shared_cq/a_standard',
    want: [['a_best_effort_low', 'InCohortReclaimWhileBorrowing', '/with_shared_cq/a_best_effort']],
    wantPreempted: 1,
  },
  "use BorrowWithinCohort; don't allow preempting a lower-priority workload with priority above MaxPriorityThreshold, if borrowing is required even after the preemption":
    {
      clusterQueues: DEFAULT_CLUSTER_QUEUES,
      admitted: [wl('b_standard', 'b_standard', { 'default/cpu': '10000m' }, { priority: 1 })],
      incoming: { usage: { 'default/cpu': '10' }, preempt: ['default/cpu'], priority: 2 },
      targetCQ: 'a_standard',
      want: [],
      wantPreempted: 0,
    },
  'use BorrowWithinCohort; allow preempting a lower-priority workload with priority above MaxPriorityThreshold, if borrowing is not required after the preemption':
    {
      clusterQueues: DEFAULT_CLUSTER_QUEUES,
      admitted: [wl('b_standard', 'b_standard', { 'default/cpu': '13000m' }, { priority: 1 })],
      incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 2 },
      targetCQ: 'a_standard',
      preemptorPath: '/with_shared_cq/a_standard',
      want: [['b_standard', 'InCohortReclamation', '/with_shared_cq/b_standard']],
      wantPreempted: 1,
    },
  "use BorrowWithinCohort; don't allow for preemption of lower-priority workload from the same ClusterQueue": {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [wl('a_standard', 'a_standard', { 'default/cpu': '13000m' }, { priority: 1 })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 2 },
    targetCQ: 'a_standard',
    want: [],
    wantPreempted: 0,
  },
  'use BorrowWithinCohort; only preempt from CQ if no workloads below threshold and already above nominal': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a_standard_1', 'a_standard', { 'default/cpu': '10' }, { priority: 1 }),
      wl('a_standard_2', 'a_standard', { 'default/cpu': '1' }, { priority: 1 }),
      wl('b_standard_1', 'b_standard', { 'default/cpu': '1' }, { priority: 1 }),
      wl('b_standard_2', 'b_standard', { 'default/cpu': '1' }, { priority: 2 }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 3 },
    targetCQ: 'b_standard',
    preemptorPath: '/with_shared_cq/b_standard',
    want: [['b_standard_1', 'InClusterQueue', '/with_shared_cq/b_standard']],
    wantPreempted: 1,
  },
  'use BorrowWithinCohort; preempt from CQ and from other CQs with workloads below threshold': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('b_standard_high', 'b_standard', { 'default/cpu': '10' }, { priority: 2 }),
      wl('b_standard_mid', 'b_standard', { 'default/cpu': '1' }, { priority: 1 }),
      wl('a_best_effort_low', 'a_best_effort', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a_best_effort_lower', 'a_best_effort', { 'default/cpu': '1' }, { priority: -2 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 2 },
    targetCQ: 'b_standard',
    preemptorPath: '/with_shared_cq/b_standard',
    want: [
      ['a_best_effort_lower', 'InCohortReclaimWhileBorrowing', '/with_shared_cq/a_best_effort'],
      ['b_standard_mid', 'InClusterQueue', '/with_shared_cq/b_standard'],
    ],
    wantPreempted: 2,
  },
  'reclaim quota from lender': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('lend1-low', 'lend1', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('lend2-mid', 'lend2', { 'default/cpu': '3000m' }),
      wl('lend2-high', 'lend2', { 'default/cpu': '4000m' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'lend1',
    preemptorPath: '/cohort-lend/lend1',
    want: [['lend2-mid', 'InCohortReclamation', '/cohort-lend/lend2']],
    wantPreempted: 1,
  },
  'preempt from all ClusterQueues in cohort-lend': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('lend1-low', 'lend1', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('lend1-mid', 'lend1', { 'default/cpu': '2000m' }),
      wl('lend2-low', 'lend2', { 'default/cpu': '3000m' }, { priority: -1 }),
      wl('lend2-mid', 'lend2', { 'default/cpu': '4000m' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'lend1',
    preemptorPath: '/cohort-lend/lend1',
    want: [
      ['lend1-low', 'InClusterQueue', '/cohort-lend/lend1'],
      ['lend2-low', 'InCohortReclamation', '/cohort-lend/lend2'],
    ],
    wantPreempted: 2,
  },
  'cannot preempt from other ClusterQueues if exceeds requestable quota including lending limit': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [wl('lend2-low', 'lend2', { 'default/cpu': '10' }, { priority: -1 })],
    incoming: { usage: { 'default/cpu': '9' }, preempt: ['default/cpu'] },
    targetCQ: 'lend1',
    want: [],
    wantPreempted: 0,
  },
  'preemptions from cq when target queue is exhausted for the single requested resource': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }, { priority: -2 }),
      wl('a2', 'a', { 'default/cpu': '1' }, { priority: -2 }),
      wl('a3', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b2', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b3', 'b', { 'default/cpu': '1' }, { priority: 0 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'a',
    preemptorPath: '/cohort-three/a',
    want: [
      ['a1', 'InClusterQueue', '/cohort-three/a'],
      ['a2', 'InClusterQueue', '/cohort-three/a'],
    ],
    wantPreempted: 2,
  },
  'preemptions from cq when target queue is exhausted for two requested resources': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1', 'default/memory': '1' }, { priority: -2 }),
      wl('a2', 'a', { 'default/cpu': '1', 'default/memory': '1' }, { priority: -2 }),
      wl('a3', 'a', { 'default/cpu': '1', 'default/memory': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '1', 'default/memory': '1' }, { priority: 0 }),
      wl('b2', 'b', { 'default/cpu': '1', 'default/memory': '1' }, { priority: 0 }),
      wl('b3', 'b', { 'default/cpu': '1', 'default/memory': '1' }, { priority: 0 }),
    ],
    incoming: {
      usage: { 'default/cpu': '2', 'default/memory': '2' },
      preempt: ['default/cpu', 'default/memory'],
      priority: 0,
    },
    targetCQ: 'a',
    preemptorPath: '/cohort-three/a',
    want: [
      ['a1', 'InClusterQueue', '/cohort-three/a'],
      ['a2', 'InClusterQueue', '/cohort-three/a'],
    ],
    wantPreempted: 2,
  },
  'preemptions from cq when target queue is exhausted for one requested resource, but not the other': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }, { priority: -2 }),
      wl('a2', 'a', { 'default/cpu': '1' }, { priority: -2 }),
      wl('a3', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b2', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b3', 'b', { 'default/cpu': '1' }, { priority: 0 }),
    ],
    incoming: {
      usage: { 'default/cpu': '2', 'default/memory': '2' },
      preempt: ['default/cpu', 'default/memory'],
      priority: 0,
    },
    targetCQ: 'a',
    preemptorPath: '/cohort-three/a',
    want: [
      ['a1', 'InClusterQueue', '/cohort-three/a'],
      ['a2', 'InClusterQueue', '/cohort-three/a'],
    ],
    wantPreempted: 2,
  },
  'allow preemption from other cluster queues if target cq is not exhausted for the requested resource': {
    clusterQueues: DEFAULT_CLUSTER_QUEUES,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b2', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b3', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b4', 'b', { 'default/cpu': '1' }, { priority: 0 }),
      wl('b5', 'b', { 'default/cpu': '1' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    preemptorPath: '/cohort-three/a',
    want: [
      ['a1', 'InClusterQueue', '/cohort-three/a'],
      ['b5', 'InCohortReclamation', '/cohort-three/b'],
    ],
    wantPreempted: 2,
  },
  'long range preemption': {
    clusterQueues: [
      cq('cq-left', 'cohort-left', { preemption: { reclaimWithinCohort: 'Any' } }, rg(fq('default', ['cpu', '10']))),
      cq('cq-right', 'cohort-right', {}, rg(fq('default', ['cpu', '0']))),
    ],
    cohorts: [cohort('cohort-left', 'root', {}), cohort('cohort-right', 'root', {})],
    admitted: [wl('to-be-preempted', 'cq-right', { 'default/cpu': '5' })],
    incoming: { usage: { 'default/cpu': '8' }, preempt: ['default/cpu'] },
    targetCQ: 'cq-left',
    preemptorPath: '/root/cohort-left/cq-left',
    want: [['to-be-preempted', 'InCohortReclamation', '/root/cohort-right/cq-right']],
    wantPreempted: 1,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// preemption_hierarchical_test.go TestHierarchicalPreemptions

const TEST_HIERARCHICAL_PREEMPTIONS: Record<string, PreemptionCase> = {
  'preempt with hierarchical advantage': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [wl('admitted2', 'q_borrowing', { 'default/cpu': '2' }, { priority: 0 })],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted2', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'avoid queues within nominal quota': {
    clusterQueues: [
      cq(
        'q_nominal',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '2'])),
      ),
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted1', 'q_nominal', { 'default/cpu': '2' }, { priority: -10 }),
      wl('admitted2', 'q_borrowing', { 'default/cpu': '2' }, { priority: 0 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted2', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'preempt multiple with hierarchical advantage': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted1', 'q_borrowing', { 'default/cpu': '1' }, { priority: 1 }),
      wl('admitted2', 'q_borrowing', { 'default/cpu': '1' }, { priority: 2 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [
      ['admitted1', 'InCohortReclamation', '/r/q_borrowing'],
      ['admitted2', 'InCohortReclamation', '/r/q_borrowing'],
    ],
    wantPreempted: 2,
  },
  'preempt in cohort and own CQ': {
    clusterQueues: [
      cq(
        'q',
        'c',
        {
          preemption: {
            withinClusterQueue: 'LowerPriority',
            reclaimWithinCohort: 'Any',
            borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
          },
        },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '3'])))],
    admitted: [
      wl('admitted_not_preemptible', 'q_same_cohort', { 'default/cpu': '1' }, { priority: 1 }),
      wl('admitted_preemptible', 'q_same_cohort', { 'default/cpu': '2' }, { priority: 0 }),
      wl('admitted_own_queue', 'q', { 'default/cpu': '1' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 1 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [
      ['admitted_own_queue', 'InClusterQueue', '/r/c/q'],
      ['admitted_preemptible', 'InCohortReclaimWhileBorrowing', '/r/c/q_same_cohort'],
    ],
    wantPreempted: 2,
  },
  'prefer to preempt hierarchical candidate': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '1' }, { priority: 1 }),
      wl('admitted_same_queue', 'q', { 'default/cpu': '1' }, { priority: -2 }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'forced to preempt priority candidate': {
    clusterQueues: [
      cq(
        'q',
        'c',
        {
          preemption: {
            withinClusterQueue: 'LowerPriority',
            reclaimWithinCohort: 'Any',
            borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
          },
        },
        rg(fq('default')),
      ),
      cq(
        'q_nominal',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '2'])),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted_nominal', 'q_nominal', { 'default/cpu': '2' }, { priority: -10 }),
      wl('admitted_same_cohort', 'q_same_cohort', { 'default/cpu': '2' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted_same_cohort', 'InCohortReclaimWhileBorrowing', '/r/c/q_same_cohort']],
    wantPreempted: 1,
  },
  'incoming workload fits in CQ nominal quota': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '4'])),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '3' }, { priority: 10 }),
      wl('admitted_same_cohort', 'q_same_cohort', { 'default/cpu': '3' }, { priority: 10 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [
      ['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing'],
      ['admitted_same_cohort', 'InCohortReclamation', '/r/c/q_same_cohort'],
    ],
    wantPreempted: 2,
  },
  'preempt hierarchical and priority candidates': {
    clusterQueues: [
      cq(
        'q',
        'c',
        {
          preemption: {
            withinClusterQueue: 'LowerPriority',
            reclaimWithinCohort: 'LowerPriority',
            borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
          },
        },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [
      cohort('r', undefined, {}, rg(fq('default', ['cpu', '1']))),
      cohort('c', 'r', {}, rg(fq('default', ['cpu', '4']))),
    ],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '2' }, { priority: -1 }),
      wl('admitted_same_cohort_preemptible', 'q_same_cohort', { 'default/cpu': '1' }, { priority: -1 }),
      wl('admitted_borrowing_not_preemptible', 'q_borrowing', { 'default/cpu': '2' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [
      ['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing'],
      ['admitted_same_cohort_preemptible', 'InCohortReclaimWhileBorrowing', '/r/c/q_same_cohort'],
    ],
    wantPreempted: 2,
  },
  'preempt hierarchical candidates and inside CQ': {
    clusterQueues: [
      cq(
        'q',
        'c',
        {
          preemption: {
            withinClusterQueue: 'LowerPriority',
            reclaimWithinCohort: 'LowerPriority',
            borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
          },
        },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [
      cohort('r', undefined, {}, rg(fq('default', ['cpu', '1']))),
      cohort('c', 'r', {}, rg(fq('default', ['cpu', '4']))),
    ],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '2' }, { priority: -1 }),
      wl('admitted_same_queue_preemptible', 'q', { 'default/cpu': '1' }, { priority: -1 }),
      wl('admitted_borrowing_not_preemptible', 'q_borrowing', { 'default/cpu': '2' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [
      ['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing'],
      ['admitted_same_queue_preemptible', 'InClusterQueue', '/r/c/q'],
    ],
    wantPreempted: 2,
  },
  'reclaim nominal quota from lowest priority workload, excluding non-borrowing': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_nominal',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '2'])),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '3'])))],
    admitted: [
      wl('admitted_borrowing_prio_8', 'q_borrowing', { 'default/cpu': '1' }, { priority: 8 }),
      wl('admitted_borrowing_prio_9', 'q_borrowing', { 'default/cpu': '1' }, { priority: 9 }),
      wl('admitted_borrowing_prio_10', 'q_borrowing', { 'default/cpu': '1' }, { priority: 9 }),
      wl('admitted_nominal', 'q_nominal', { 'default/cpu': '2' }, { priority: -2 }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted_borrowing_prio_8', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'infeasible preemption all available workloads in pruned subtrees': {
    clusterQueues: [
      cq(
        'q_other',
        'c_other',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [
      cohort('r', undefined, {}),
      cohort('c', 'r', {}, rg(fq('default', ['cpu', '2']))),
      cohort('c_other', 'r', {}, rg(fq('default', ['cpu', '2']))),
    ],
    admitted: [
      wl('admitted_other_1', 'q_other', { 'default/cpu': '1' }, { priority: -10 }),
      wl('admitted_other_2', 'q_other', { 'default/cpu': '1' }, { priority: -10 }),
      wl('admitted_same_cohort', 'q_same_cohort', { 'default/cpu': '2' }, { priority: 0 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    want: [],
    wantPreempted: 0,
  },
  'hiearchical preemption with multiple resources': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [
      cohort('r', undefined, {}, rg(fq('default', ['cpu', '3']))),
      cohort('c', 'r', {}, rg(fq('default', ['cpu', '4'], ['memory', '4Gi']))),
    ],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '3', 'default/memory': '1Gi' }, { priority: 0 }),
      wl('admitted_same_cohort', 'q_same_cohort', { 'default/cpu': '1', 'default/memory': '3Gi' }, { priority: -2 }),
    ],
    incoming: {
      usage: { 'default/cpu': '2', 'default/memory': '1Gi' },
      preempt: ['default/cpu', 'default/memory'],
      priority: -2,
    },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'prefer to preempt evicted workloads': {
    clusterQueues: [
      cq(
        'q',
        'c',
        {
          preemption: {
            withinClusterQueue: 'LowerPriority',
            reclaimWithinCohort: 'Any',
            borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 0 },
          },
        },
        rg(fq('default')),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
      cq(
        'q_same_cohort',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [
      wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '1' }, { priority: -10 }),
      wl('evicted_same_cohort', 'q_same_cohort', { 'default/cpu': '1' }, { priority: -1, evicted: true }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 0 },
    targetCQ: 'q',
    // Upstream only counts this target (wantPreempted 1): it is already evicted, so no condition is written.
    // Its reason follows from the candidate class: a priority candidate under borrowWithinCohort threshold 0.
    preemptorPath: '/r/c/q',
    want: [['evicted_same_cohort', 'InCohortReclaimWhileBorrowing', '/r/c/q_same_cohort']],
    wantPreempted: 1,
  },
  'respect lending limits': {
    clusterQueues: [
      cq(
        'q',
        'c',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3', '', '2'])),
      ),
      cq(
        'q_borrowing',
        'r',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default')),
      ),
    ],
    cohorts: [cohort('r', undefined, {}), cohort('c', 'r', {}, rg(fq('default', ['cpu', '2'])))],
    admitted: [wl('admitted_borrowing', 'q_borrowing', { 'default/cpu': '4' }, { priority: 0 })],
    incoming: { usage: { 'default/cpu': '5' }, preempt: ['default/cpu'], priority: -2 },
    targetCQ: 'q',
    preemptorPath: '/r/c/q',
    want: [['admitted_borrowing', 'InCohortReclamation', '/r/q_borrowing']],
    wantPreempted: 1,
  },
  'reclaim in complex hierarchy': {
    clusterQueues: [
      cq('q1', 'c12', { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } }),
      cq('q2', 'c23', { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } }),
      cq('q3', 'c22', { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } }),
      cq('q4', 'c32', { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } }),
      cq('q5', 'c31', { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } }),
    ],
    cohorts: [
      cohort('r', undefined, {}),
      cohort('c11', 'r', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c12', 'r', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c21', 'c11', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c22', 'c11', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c23', 'c11', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c31', 'c21', {}, rg(fq('default', ['cpu', '4']))),
      cohort('c32', 'c21', {}, rg(fq('default', ['cpu', '4']))),
    ],
    admitted: [
      wl('admitted_borrowing_1', 'q1', { 'default/cpu': '4' }, { priority: -6 }),
      wl('admitted_borrowing_2', 'q1', { 'default/cpu': '4' }, { priority: -5 }),
      wl('admitted_borrowing_3', 'q2', { 'default/cpu': '4' }, { priority: -9 }),
      wl('admitted_borrowing_4', 'q2', { 'default/cpu': '4' }, { priority: -10 }),
      wl('admitted_borrowing_5', 'q3', { 'default/cpu': '4' }, { priority: -4 }),
      wl('admitted_borrowing_6', 'q3', { 'default/cpu': '3' }, { priority: -3 }),
      wl('admitted_borrowing_7', 'q4', { 'default/cpu': '2' }, { priority: 4 }),
      wl('admitted_borrowing_8', 'q4', { 'default/cpu': '3' }, { priority: 2 }),
    ],
    incoming: { usage: { 'default/cpu': '7' }, preempt: ['default/cpu'], priority: -2 },
    targetCQ: 'q5',
    preemptorPath: '/r/c11/c21/c31/q5',
    want: [
      ['admitted_borrowing_1', 'InCohortReclamation', '/r/c12/q1'],
      ['admitted_borrowing_4', 'InCohortReclamation', '/r/c11/c23/q2'],
    ],
    wantPreempted: 2,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// preemption_fair_test.go TestFairPreemptions (admitted UIDs are their names, as the upstream loop sets them)

/** TestFairPreemptions' baseCQs. */
const BASE_CQS: CQ[] = [
  cq(
    'a',
    'all',
    {
      preemption: {
        withinClusterQueue: 'LowerPriority',
        reclaimWithinCohort: 'Any',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: -3 },
      },
    },
    rg(fq('default', ['cpu', '3'])),
  ),
  cq(
    'b',
    'all',
    {
      preemption: {
        withinClusterQueue: 'LowerPriority',
        reclaimWithinCohort: 'Any',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: -3 },
      },
    },
    rg(fq('default', ['cpu', '3'])),
  ),
  cq(
    'c',
    'all',
    {
      preemption: {
        withinClusterQueue: 'LowerPriority',
        reclaimWithinCohort: 'Any',
        borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: -3 },
      },
    },
    rg(fq('default', ['cpu', '3'])),
  ),
  cq('preemptible', 'all', {}, rg(fq('default', ['cpu', '0']))),
];

const TEST_FAIR_PREEMPTIONS: Record<string, PreemptionCase> = {
  'reclaim nominal from user using the most': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
      wl('c1', 'c', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'c',
    want: [['b1', 'InCohortReclamation']],
  },
  "can reclaim from queue using less, if taking the latest workload from user using the most isn't enough": {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '3' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '2' }),
      wl('b2', 'b', { 'default/cpu': '3' }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'] },
    targetCQ: 'c',
    want: [['a1', 'InCohortReclamation']],
  },
  'reclaim borrowable quota from user using the most': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
      wl('c1', 'c', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortFairSharing']],
  },
  'preempt one from each CQ borrowing': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '0.5' }),
      wl('a2', 'a', { 'default/cpu': '0.5' }),
      wl('a3', 'a', { 'default/cpu': '3' }),
      wl('b1', 'b', { 'default/cpu': '0.5' }),
      wl('b2', 'b', { 'default/cpu': '0.5' }),
      wl('b3', 'b', { 'default/cpu': '3' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'c',
    want: [
      ['a1', 'InCohortReclamation'],
      ['b1', 'InCohortReclamation'],
    ],
  },
  "can't preempt when everyone under nominal": {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('c1', 'c', { 'default/cpu': '1' }),
      wl('c2', 'c', { 'default/cpu': '1' }),
      wl('c3', 'c', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'c',
    want: [],
  },
  "can't preempt when it would switch the imbalance": {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  'can preempt lower priority workloads from same CQ': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1_low', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a2_low', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('a4', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['a1_low', 'InClusterQueue'],
      ['a2_low', 'InClusterQueue'],
    ],
  },
  'can preempt a combination of same CQ and highest user': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a_low', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
      wl('b6', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['a_low', 'InClusterQueue'],
      ['b1', 'InCohortFairSharing'],
    ],
  },
  'preempt huge workload if there is no other option, as long as the target CQ gets a lower share': {
    clusterQueues: BASE_CQS,
    admitted: [wl('b1', 'b', { 'default/cpu': '9' })],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortReclamation']],
  },
  "can't preempt huge workload if the incoming is also huge": {
    clusterQueues: BASE_CQS,
    admitted: [wl('a1', 'a', { 'default/cpu': '2' }), wl('b1', 'b', { 'default/cpu': '7' })],
    incoming: { usage: { 'default/cpu': '5' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  "can't preempt 2 smaller workloads if the incoming is huge": {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('b1', 'b', { 'default/cpu': '2' }),
      wl('b2', 'b', { 'default/cpu': '2' }),
      wl('b3', 'b', { 'default/cpu': '3' }),
    ],
    incoming: { usage: { 'default/cpu': '6' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  'preempt from target and others even if over nominal': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1_low', 'a', { 'default/cpu': '2' }, { priority: -1 }),
      wl('a2_low', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '3' }),
      wl('b2', 'b', { 'default/cpu': '3' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['a1_low', 'InClusterQueue'],
      ['b1', 'InCohortFairSharing'],
    ],
  },
  "prefer to preempt workloads that don't make the target CQ have the biggest share": {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('b1', 'b', { 'default/cpu': '2' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '2' }),
      wl('c1', 'c', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '3.5' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b2', 'InCohortFairSharing']],
  },
  'preempt from different cluster queues if the end result has a smaller max share': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('b1', 'b', { 'default/cpu': '2' }),
      wl('b2', 'b', { 'default/cpu': '2.5' }),
      wl('c1', 'c', { 'default/cpu': '2' }),
      wl('c2', 'c', { 'default/cpu': '2.5' }),
    ],
    incoming: { usage: { 'default/cpu': '3.5' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['b1', 'InCohortFairSharing'],
      ['c1', 'InCohortFairSharing'],
    ],
  },
  'scenario above does not flap': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '3.5' }),
      wl('b2', 'b', { 'default/cpu': '2.5' }),
      wl('c2', 'c', { 'default/cpu': '2.5' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'b',
    want: [],
  },
  'cannot preempt if it would make the candidate CQ go under nominal after preempting one element': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('b1', 'b', { 'default/cpu': '3' }),
      wl('b2', 'b', { 'default/cpu': '3' }),
      wl('c1', 'c', { 'default/cpu': '3' }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  'workloads under priority threshold not capriciously preempted': {
    clusterQueues: BASE_CQS,
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('preemptible1', 'preemptible', { 'default/cpu': '1' }, { priority: -3 }),
      wl('preemptible2', 'preemptible', { 'default/cpu': '1' }, { priority: -3 }),
      wl('preemptible3', 'preemptible', { 'default/cpu': '1' }, { priority: -3 }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  'preempt lower priority first, even if big': {
    clusterQueues: BASE_CQS,
    strategies: ['LessThanInitialShare'],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '3' }),
      wl('b_low', 'b', { 'default/cpu': '5' }, { priority: 0 }),
      wl('b_high', 'b', { 'default/cpu': '1' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b_low', 'InCohortFairSharing']],
  },
  "preempt workload that doesn't transfer the imbalance, even if high priority": {
    clusterQueues: BASE_CQS,
    strategies: ['LessThanOrEqualToFinalShare'],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '3' }),
      wl('b_low', 'b', { 'default/cpu': '5' }, { priority: 0 }),
      wl('b_high', 'b', { 'default/cpu': '1' }, { priority: 1 }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b_high', 'InCohortFairSharing']],
  },
  'CQ with higher weight can preempt more': {
    clusterQueues: [
      cq(
        'a',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' }, weight: '2' },
        rg(fq('default', ['cpu', '3'])),
      ),
      cq(
        'b',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3'])),
      ),
      cq(
        'c',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3'])),
      ),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
      wl('b6', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['b1', 'InCohortFairSharing'],
      ['b2', 'InCohortFairSharing'],
    ],
  },
  'can preempt anything borrowing from CQ with 0 weight': {
    clusterQueues: [
      cq(
        'a',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3'])),
      ),
      cq(
        'b',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' }, weight: '0' },
        rg(fq('default', ['cpu', '3'])),
      ),
      cq(
        'c',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3'])),
      ),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
      wl('b4', 'b', { 'default/cpu': '1' }),
      wl('b5', 'b', { 'default/cpu': '1' }),
      wl('b6', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '3' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['b1', 'InCohortFairSharing'],
      ['b2', 'InCohortFairSharing'],
      ['b3', 'InCohortFairSharing'],
    ],
  },
  "can't preempt nominal from CQ with 0 weight": {
    clusterQueues: [
      cq(
        'a',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' } },
        rg(fq('default', ['cpu', '3'])),
      ),
      cq(
        'b',
        'all',
        { preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Any' }, weight: '0' },
        rg(fq('default', ['cpu', '3'])),
      ),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('a2', 'a', { 'default/cpu': '1' }),
      wl('a3', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  "can't preempt nominal from Cohort with 0 weight": {
    clusterQueues: [
      cq('left-cq', 'root', { preemption: { reclaimWithinCohort: 'Any' } }, rg(fq('default', ['cpu', '0']))),
      cq(
        'right-cq',
        'right-cohort',
        { preemption: { reclaimWithinCohort: 'Any' }, weight: '0' },
        rg(fq('default', ['cpu', '0'])),
      ),
    ],
    cohorts: [cohort('right-cohort', 'root', { weight: '0' }, rg(fq('default', ['cpu', '1'])))],
    admitted: [wl('right-1', 'right-cq', { 'default/cpu': '1' })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'left-cq',
    want: [],
  },
  'can preempt within cluster queue when no cohort': {
    clusterQueues: [
      cq('a', undefined, { preemption: { withinClusterQueue: 'LowerPriority' } }, rg(fq('default', ['cpu', '1']))),
    ],
    admitted: [wl('a1', 'a', { 'default/cpu': '1' })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'], priority: 1000 },
    targetCQ: 'a',
    want: [['a1', 'InClusterQueue']],
  },
  'hierarchical preemption': {
    clusterQueues: [
      cq('a', 'LEFT', { preemption: { reclaimWithinCohort: 'Any' }, weight: '2' }, rg(fq('default', ['cpu', '1']))),
      cq('b', 'LEFT', {}, rg(fq('default', ['cpu', '1']))),
      cq('c', 'ROOT', {}, rg(fq('default', ['cpu', '1']))),
      cq('d', 'RIGHT', {}, rg(fq('default', ['cpu', '1']))),
      cq('e', 'RIGHT', { weight: '0.99' }, rg(fq('default', ['cpu', '1']))),
    ],
    cohorts: [
      cohort('ROOT', undefined, {}, rg(fq('default', ['cpu', '5']))),
      cohort('LEFT', 'ROOT', { weight: '2' }, rg(fq('default', ['cpu', '5']))),
      cohort('RIGHT', 'ROOT', {}, rg(fq('default', ['cpu', '5']))),
    ],
    admitted: [
      wl('b1', 'b', { 'default/cpu': '1' }, { priority: 1 }),
      wl('b2', 'b', { 'default/cpu': '1' }, { priority: 2 }),
      wl('b3', 'b', { 'default/cpu': '1' }, { priority: 3 }),
      wl('b4', 'b', { 'default/cpu': '1' }, { priority: 4 }),
      wl('b5', 'b', { 'default/cpu': '1' }, { priority: 5 }),
      wl('c1', 'c', { 'default/cpu': '1' }, { priority: 1 }),
      wl('c2', 'c', { 'default/cpu': '1' }, { priority: 2 }),
      wl('c3', 'c', { 'default/cpu': '1' }, { priority: 3 }),
      wl('c4', 'c', { 'default/cpu': '1' }, { priority: 4 }),
      wl('c5', 'c', { 'default/cpu': '1' }, { priority: 5 }),
      wl('d1', 'd', { 'default/cpu': '1' }, { priority: 1 }),
      wl('d2', 'd', { 'default/cpu': '1' }, { priority: 2 }),
      wl('d3', 'd', { 'default/cpu': '1' }, { priority: 3 }),
      wl('d4', 'd', { 'default/cpu': '1' }, { priority: 4 }),
      wl('d5', 'd', { 'default/cpu': '1' }, { priority: 5 }),
      wl('e1', 'e', { 'default/cpu': '1' }, { priority: 1 }),
      wl('e2', 'e', { 'default/cpu': '1' }, { priority: 2 }),
      wl('e3', 'e', { 'default/cpu': '1' }, { priority: 3 }),
      wl('e4', 'e', { 'default/cpu': '1' }, { priority: 4 }),
      wl('e5', 'e', { 'default/cpu': '1' }, { priority: 5 }),
    ],
    incoming: { usage: { 'default/cpu': '5' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['b1', 'InCohortFairSharing'],
      ['b2', 'InCohortFairSharing'],
      ['c1', 'InCohortFairSharing'],
      ['c2', 'InCohortFairSharing'],
      ['e1', 'InCohortFairSharing'],
    ],
  },
  'borrowing cq in non-borrowing cohort is protected': {
    clusterQueues: [
      cq(
        'a',
        'ROOT',
        { preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' }, weight: '10' },
        rg(fq('default', ['cpu', '5'])),
      ),
      cq('b', 'RIGHT', { weight: '0.1' }),
    ],
    cohorts: [
      cohort('ROOT', undefined, {}),
      cohort('RIGHT', 'ROOT', { weight: '0.1' }, rg(fq('default', ['cpu', '1']))),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a2', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a3', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '1' }, { priority: -1 }),
    ],
    incoming: { usage: { 'default/cpu': '5' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['a1', 'InClusterQueue'],
      ['a2', 'InClusterQueue'],
      ['a3', 'InClusterQueue'],
    ],
  },
  'forced to preempt within clusterqueue because borrowing workload too important': {
    clusterQueues: [
      cq(
        'a',
        'ROOT',
        { preemption: { reclaimWithinCohort: 'LowerPriority', withinClusterQueue: 'LowerPriority' }, weight: '10' },
        rg(fq('default', ['cpu', '5'])),
      ),
      cq('b', 'RIGHT', { weight: '0.1' }),
    ],
    cohorts: [
      cohort('ROOT', undefined, {}),
      cohort('RIGHT', 'ROOT', { weight: '0.1' }, rg(fq('default', ['cpu', '3']))),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a2', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('a3', 'a', { 'default/cpu': '1' }, { priority: -1 }),
      wl('b1', 'b', { 'default/cpu': '4' }, { priority: 100 }),
    ],
    incoming: { usage: { 'default/cpu': '4' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [
      ['a1', 'InClusterQueue'],
      ['a2', 'InClusterQueue'],
      ['a3', 'InClusterQueue'],
    ],
  },
  'deep preemption': {
    clusterQueues: [
      cq('a', 'AAA', { preemption: { reclaimWithinCohort: 'Any' } }, rg(fq('default', ['cpu', '0']))),
      cq('b', 'BBB', {}, rg(fq('default', ['cpu', '0']))),
    ],
    cohorts: [
      cohort('ROOT', undefined, {}),
      cohort('A', 'ROOT', { weight: '1.01' }),
      cohort('AA', 'A', {}),
      cohort('AAA', 'AA', {}),
      cohort('B', 'ROOT', { weight: '0.99' }),
      cohort('BB', 'B', {}),
      cohort('BBB', 'BB', {}),
      cohort('C', 'ROOT', {}),
      cohort('CC', 'C', {}),
      cohort('CCC', 'CC', {}),
      cohort('CCCC', 'CCC', {}, rg(fq('default', ['cpu', '1']))),
    ],
    admitted: [wl('b1', 'b', { 'default/cpu': '1' })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortFairSharing']],
  },
  'cq with zero weight can reclaim nominal quota': {
    clusterQueues: [
      cq('a', 'ROOT', { preemption: { reclaimWithinCohort: 'Any' }, weight: '0.0' }, rg(fq('default', ['cpu', '1']))),
      cq('b', 'ROOT', { weight: '1.0' }, rg(fq('default', ['cpu', '0']))),
    ],
    admitted: [wl('b1', 'b', { 'default/cpu': '1' })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortReclamation']],
  },
  'cohort with zero weight can reclaim nominal quota': {
    clusterQueues: [
      cq('a', 'A', { preemption: { reclaimWithinCohort: 'Any' }, weight: '0.0' }, rg(fq('default', ['cpu', '0']))),
      cq('b', 'ROOT', { weight: '1.0' }, rg(fq('default', ['cpu', '0']))),
    ],
    cohorts: [cohort('A', 'ROOT', { weight: '0.0' }, rg(fq('default', ['cpu', '1'])))],
    admitted: [wl('b1', 'b', { 'default/cpu': '1' })],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortFairSharing']],
  },
  'nominal first: workload fitting within nominal can preempt despite high aggregate DRS': {
    clusterQueues: [
      cq(
        'a',
        'all',
        { preemption: { reclaimWithinCohort: 'Any' } },
        rg(fq('premium', ['cpu', '3']), fq('cheap', ['cpu', '0'])),
      ),
      cq('b', 'all', {}, rg(fq('premium', ['cpu', '0']), fq('cheap', ['cpu', '6']))),
    ],
    admitted: [
      wl('a_prem1', 'a', { 'premium/cpu': '1' }),
      wl('a_prem2', 'a', { 'premium/cpu': '1' }),
      wl('a_cheap1', 'a', { 'cheap/cpu': '1' }),
      wl('a_cheap2', 'a', { 'cheap/cpu': '1' }),
      wl('a_cheap3', 'a', { 'cheap/cpu': '1' }),
      wl('a_cheap4', 'a', { 'cheap/cpu': '1' }),
      wl('a_cheap5', 'a', { 'cheap/cpu': '1' }),
      wl('b_prem1', 'b', { 'premium/cpu': '1' }),
    ],
    incoming: { usage: { 'premium/cpu': '1' }, preempt: ['premium/cpu'] },
    targetCQ: 'a',
    want: [['b_prem1', 'InCohortReclamation']],
  },
  'zero weight borrowing preemptor cannot preempt from a borrowing CQ with a non-zero weight': {
    clusterQueues: [
      cq('a', 'all', { preemption: { reclaimWithinCohort: 'Any' }, weight: '0' }, rg(fq('default', ['cpu', '1']))),
      cq('b', 'all', { weight: '1' }, rg(fq('default', ['cpu', '1']))),
    ],
    admitted: [
      wl('a1', 'a', { 'default/cpu': '1' }),
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [],
  },
  'zero weight borrowing preemptor can preempt from a borrowing CQ which also has zero weight': {
    clusterQueues: [
      cq('a', 'all', { preemption: { reclaimWithinCohort: 'Any' }, weight: '0' }, rg(fq('default', ['cpu', '1']))),
      cq('b', 'all', { weight: '0' }, rg(fq('default', ['cpu', '0']))),
    ],
    cohorts: [cohort('all', undefined, {}, rg(fq('default', ['cpu', '3'])))],
    admitted: [
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortFairSharing']],
  },
  'non-zero weight borrowing preemptor preempts from a borrowing CQ': {
    clusterQueues: [
      cq('a', 'all', { preemption: { reclaimWithinCohort: 'Any' }, weight: '1' }, rg(fq('default', ['cpu', '1']))),
      cq('b', 'all', { weight: '1' }, rg(fq('default', ['cpu', '0']))),
    ],
    cohorts: [cohort('all', undefined, {}, rg(fq('default', ['cpu', '3'])))],
    admitted: [
      wl('b1', 'b', { 'default/cpu': '1' }),
      wl('b2', 'b', { 'default/cpu': '1' }),
      wl('b3', 'b', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '2' }, preempt: ['default/cpu'] },
    targetCQ: 'a',
    want: [['b1', 'InCohortFairSharing']],
  },
  'candidates skipped by the first strategy are still available to the second strategy': {
    clusterQueues: [
      cq('p', 'A', { preemption: { reclaimWithinCohort: 'Any' }, weight: '1' }, rg(fq('default', ['cpu', '2']))),
      cq('y', 'A', { weight: '1' }, rg(fq('default', ['cpu', '2']))),
      cq('x', 'ROOT', { weight: '1' }, rg(fq('default', ['cpu', '1']))),
    ],
    cohorts: [cohort('A', 'ROOT', { weight: '0' }, rg(fq('default', ['cpu', '1'])))],
    admitted: [
      wl('p1', 'p', { 'default/cpu': '2' }),
      wl('y1', 'y', { 'default/cpu': '2' }),
      wl('y2', 'y', { 'default/cpu': '2' }),
      wl('x1', 'x', { 'default/cpu': '1' }),
      wl('x2', 'x', { 'default/cpu': '1' }),
    ],
    incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
    targetCQ: 'p',
    want: [
      ['y1', 'InCohortFairSharing'],
      ['x1', 'InCohortFairSharing'],
    ],
  },
};

describe('preemption_test.go TestPreemption', () => {
  it.each(Object.entries(TEST_PREEMPTION))('%s', (_name, c) => checkCase(c, 'classic'));
});

describe('preemption_hierarchical_test.go TestHierarchicalPreemptions', () => {
  it.each(Object.entries(TEST_HIERARCHICAL_PREEMPTIONS))('%s', (_name, c) => checkCase(c, 'classic'));
});

describe('preemption_fair_test.go TestFairPreemptions', () => {
  it.each(Object.entries(TEST_FAIR_PREEMPTIONS))('%s', (_name, c) => checkCase(c, 'fair'));
});

// ---------------------------------------------------------------------------------------------------------------
// preemption_test.go TestCandidatesOrdering (priorities are effective priorities: the PriorityBoost cases are
// given priority + boost, an invalid or missing boost counting 0).

describe('preemption_test.go TestCandidatesOrdering', () => {
  const preemptorCq = 'preemptor';
  const cand = (
    name: string,
    clusterQueue: string,
    priority: number,
    extra: Partial<AdmittedWorkload> = {},
  ): AdmittedWorkload => ({
    key: name,
    uid: '',
    priority,
    queueOrderTimestamp: 0,
    usage: new Map(),
    clusterQueue,
    quotaReservedAt: NOW,
    ...extra,
  });
  const lowUsageLq = cand('low_lq_usage', preemptorCq, 1, { localQueue: 'low_usage_lq', localQueueUsage: 0.1 });
  const midUsageLq = cand('mid_lq_usage', preemptorCq, 10, { localQueue: 'mid_usage_lq', localQueueUsage: 0.5 });
  const highUsageLqDifCq = cand('high_lq_usage_different_cq', 'different_cq', 1, {
    localQueue: 'high_usage_lq_different_cq',
    localQueueUsage: 1.0,
  });
  const cases: Record<string, { candidates: AdmittedWorkload[]; want: string[]; afs?: boolean }> = {
    'workloads sorted by priority': {
      candidates: [cand('high', preemptorCq, 10), cand('low', preemptorCq, -10)],
      want: ['low', 'high'],
    },
    'workloads sorted by effective priority with boost': {
      candidates: [cand('high-boost', preemptorCq, 10 + 100), cand('low-boost', preemptorCq, 10 + 5)],
      want: ['low-boost', 'high-boost'],
    },
    'workload missing priority boost defaults to zero': {
      candidates: [cand('missing-boost', preemptorCq, 10), cand('has-boost', preemptorCq, 10 + 5)],
      want: ['missing-boost', 'has-boost'],
    },
    'invalid priority boost defaults to zero': {
      candidates: [cand('invalid-boost', preemptorCq, 10), cand('valid-boost', preemptorCq, 10 + 5)],
      want: ['invalid-boost', 'valid-boost'],
    },
    'evicted workload first': {
      candidates: [
        cand('other', preemptorCq, 10),
        // No admission: ClusterQueue "" and no QuotaReserved time (counts as now).
        cand('evicted', '', 0, { evicted: true, quotaReservedAt: undefined }),
      ],
      want: ['evicted', 'other'],
    },
    'workload from different CQ first': {
      candidates: [cand('preemptorCq', preemptorCq, 10), cand('other', 'other', 10)],
      want: ['other', 'preemptorCq'],
    },
    'old workloads last': {
      candidates: [
        cand('older', preemptorCq, 0, { quotaReservedAt: NOW - 1 }),
        cand('younger', preemptorCq, 0, { quotaReservedAt: NOW + 1 }),
        cand('current', preemptorCq, 0, { quotaReservedAt: NOW }),
      ],
      want: ['younger', 'current', 'older'],
    },
    'workloads with higher LQ usage first': {
      candidates: [lowUsageLq, midUsageLq],
      want: ['mid_lq_usage', 'low_lq_usage'],
      afs: true,
    },
    'workloads from different CQ are sorted based on priority and timestamp': {
      candidates: [midUsageLq, highUsageLqDifCq],
      want: ['high_lq_usage_different_cq', 'mid_lq_usage'],
      afs: true,
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const sorted = [...c.candidates].sort((a, b) => candidatesOrdering(a, b, preemptorCq, NOW, c.afs ?? false));
    expect(sorted.map((w) => w.key)).toEqual(c.want);
  });

  it('without AdmissionFairSharing LocalQueue usage is ignored', () => {
    const sorted = [lowUsageLq, midUsageLq].sort((a, b) => candidatesOrdering(a, b, preemptorCq, NOW, false));
    expect(sorted.map((w) => w.key)).toEqual(['low_lq_usage', 'mid_lq_usage']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// preemption_test.go TestPreemptionMessage

describe('preemption_test.go TestPreemptionMessage', () => {
  const cases: [Parameters<typeof preemptionMessage>[0], string][] = [
    [
      { reason: '' },
      'Preempted to accommodate a workload (UID: UNKNOWN, JobUID: UNKNOWN) due to UNKNOWN; preemptor path: UNKNOWN; preemptee path: UNKNOWN',
    ],
    [
      { preemptorUID: 'uid', reason: '' },
      'Preempted to accommodate a workload (UID: uid, JobUID: UNKNOWN) due to UNKNOWN; preemptor path: UNKNOWN; preemptee path: UNKNOWN',
    ],
    [
      { preemptorUID: 'uid', preemptorJobUID: 'juid', reason: '' },
      'Preempted to accommodate a workload (UID: uid, JobUID: juid) due to UNKNOWN; preemptor path: UNKNOWN; preemptee path: UNKNOWN',
    ],
    [
      {
        preemptorUID: 'uid',
        preemptorJobUID: 'juid',
        reason: 'InClusterQueue',
        preemptorPath: '/a',
        preempteePath: '/b',
      },
      'Preempted to accommodate a workload (UID: uid, JobUID: juid) due to prioritization in the ClusterQueue; preemptor path: /a; preemptee path: /b',
    ],
  ];
  it.each(cases)('%j', (p, want) => {
    expect(preemptionMessage(p)).toBe(want);
  });

  it('buildCQPath: root first, the ClusterQueue last', () => {
    const tree = QuotaTree.build({
      clusterQueues: [cq('cq-left', 'cohort-left', {}), cq('standalone', undefined, {})],
      cohorts: [cohort('cohort-left', 'root', {})],
    });
    expect(clusterQueuePath(tree, 'cq-left')).toBe('/root/cohort-left/cq-left');
    expect(clusterQueuePath(tree, 'standalone')).toBe('/standalone');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// common/preemption_policy_test.go TestSatisfiesPreemptionPolicy (effective priorities: priority + boost)

describe('preemption_policy_test.go TestSatisfiesPreemptionPolicy', () => {
  type P = { priority: number; queueOrderTimestamp: number };
  const at = (priority: number, creation = 0): P => ({ priority, queueOrderTimestamp: NOW + creation });
  const cases: Record<string, { preemptor: P; candidate: P; policy: WithinClusterQueuePolicy | 'Any'; want: boolean }> =
    {
      'LowerPriority: preemptor has higher priority': {
        preemptor: at(10),
        candidate: at(5),
        policy: 'LowerPriority',
        want: true,
      },
      'LowerPriority: preemptor has same priority': {
        preemptor: at(10),
        candidate: at(10),
        policy: 'LowerPriority',
        want: false,
      },
      'LowerOrNewerEqualPriority: preemptor has same priority, same timestamp': {
        preemptor: at(10),
        candidate: at(10),
        policy: 'LowerOrNewerEqualPriority',
        want: false,
      },
      'LowerOrNewerEqualPriority: preemptor has same priority, newer timestamp (within 5min buffer)': {
        preemptor: at(10, 60),
        candidate: at(10),
        policy: 'LowerOrNewerEqualPriority',
        want: false,
      },
      'LowerOrNewerEqualPriority: preemptor has same priority, older timestamp (within 5min buffer)': {
        preemptor: at(10),
        candidate: at(10, 60),
        policy: 'LowerOrNewerEqualPriority',
        want: true,
      },
      PreemptionPolicyAny: { preemptor: at(10), candidate: at(10, 360), policy: 'Any', want: true },
      PreemptionPolicyNever: { preemptor: at(10), candidate: at(10, 360), policy: 'Never', want: false },
      'LowerPriority: boost makes low-priority immune to medium-priority preemption': {
        preemptor: at(200),
        candidate: at(100 + 150),
        policy: 'LowerPriority',
        want: false,
      },
      'LowerPriority: boost on preemptor enables preemption of higher raw priority': {
        preemptor: at(100 + 200),
        candidate: at(200),
        policy: 'LowerPriority',
        want: true,
      },
      'LowerOrNewerEqualPriority: boost equalizes priorities, older preemptor can preempt newer candidate': {
        preemptor: at(100 + 100),
        candidate: at(200, 1),
        policy: 'LowerOrNewerEqualPriority',
        want: true,
      },
      'LowerOrNewerEqualPriority: equal effective priority, newer preemptor cannot preempt older candidate': {
        preemptor: at(100 + 100, 1),
        candidate: at(200),
        policy: 'LowerOrNewerEqualPriority',
        want: false,
      },
      'Any: always satisfies regardless of priority or boost': {
        preemptor: at(50),
        candidate: at(100 + 200),
        policy: 'Any',
        want: true,
      },
    };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    expect(satisfiesPreemptionPolicy(c.preemptor, c.candidate, c.policy)).toBe(c.want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// preemption_fair_test.go TestFairPreemptionSkipsUnsatisfiableTournament: both weights lead to no target (the
// upstream test also counts log lines of the skipped evaluation, which has no counterpart here).

describe('preemption_fair_test.go TestFairPreemptionSkipsUnsatisfiableTournament', () => {
  it.each([
    ['zero weight preemptor: share is +Inf and the tournament is skipped', '0'],
    ['non-zero weight preemptor: share is finite so the tournament runs', '1'],
  ])('%s', (_name, weight) => {
    checkCase(
      {
        clusterQueues: [
          cq('a', 'all', { weight, preemption: { reclaimWithinCohort: 'Any' } }, rg(fq('default', ['cpu', '1']))),
          cq('b', 'all', { weight: '1' }, rg(fq('default', ['cpu', '1']))),
        ],
        admitted: [
          wl('a1', 'a', { 'default/cpu': '1' }),
          wl('b1', 'b', { 'default/cpu': '1' }),
          wl('b2', 'b', { 'default/cpu': '1' }),
        ],
        incoming: { usage: { 'default/cpu': '1' }, preempt: ['default/cpu'] },
        targetCQ: 'a',
        want: [],
      },
      'fair',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// preemption_oracle.go SimulatePreemption (the flavor assigner's dry run). Scenarios of TestPreemption.

describe('preemption_oracle.go SimulatePreemption', () => {
  function oracle(c: PreemptionCase, fr: FlavorResource, quantity: string) {
    const admitted = c.admitted.map((w) => admittedWorkload(w, false));
    const tree = QuotaTree.build({ clusterQueues: c.clusterQueues, usage: usageByClusterQueue(admitted) });
    const before = snapshotUsage(tree);
    const target = c.clusterQueues.find((x) => x.metadata.name === c.targetCQ)!;
    const res = simulatePreemption(
      {
        tree,
        preemptor: {
          key: '/in',
          priority: c.incoming.priority ?? 0,
          queueOrderTimestamp: 0,
          usage: new Map(),
          clusterQueue: c.targetCQ,
        },
        preemption: target.spec.preemption,
        admitted,
        now: NOW,
      },
      fr,
      parseQuantity(quantity),
    );
    expect(snapshotUsage(tree)).toEqual(before);
    return res;
  }

  it('Preempt: the only targets are in the preemptor ClusterQueue', () => {
    expect(oracle(TEST_PREEMPTION['preempt lowest priority']!, 'default/cpu', '2')).toEqual({
      possibility: 'Preempt',
      borrow: 0,
    });
  });

  it('Reclaim: every target is in another ClusterQueue', () => {
    expect(oracle(TEST_PREEMPTION['reclaim quota from borrower']!, 'default/cpu', '3')).toEqual({
      possibility: 'Reclaim',
      borrow: 0,
    });
  });

  it('NoCandidates: borrowing height without removals', () => {
    expect(oracle(TEST_PREEMPTION['no preemption for low priority']!, 'default/cpu', '1')).toEqual({
      possibility: 'NoCandidates',
      borrow: 0,
    });
    // c1 (4 of its 6 cpu used) asking 7 more: no subtree covers it, so the height of the whole tree (1) is reported.
    expect(oracle(TEST_PREEMPTION['no workloads borrowing']!, 'default/cpu', '7')).toEqual({
      possibility: 'NoCandidates',
      borrow: 1,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The extra fit check (upstream: TAS placement after the removals), here a stand-in that needs "mid" gone.

describe('extra fit check (TAS placement hook)', () => {
  it('is consulted after the quota check, with the removed candidates, including during the fill-back', () => {
    const c = TEST_PREEMPTION['preempt lowest priority']!;
    const admitted = c.admitted.map((w) => admittedWorkload(w, false));
    const tree = QuotaTree.build({ clusterQueues: c.clusterQueues, usage: usageByClusterQueue(admitted) });
    const seen: string[][] = [];
    const targets = getTargets({
      tree,
      preemptor: {
        key: '/in',
        priority: 1,
        queueOrderTimestamp: 0,
        usage: usage(c.incoming.usage),
        clusterQueue: 'standalone',
      },
      preemption: { withinClusterQueue: 'LowerPriority' },
      frsNeedPreemption: ['default/cpu'],
      admitted,
      now: NOW,
      fits: (_t, _p, removed) => {
        const names = [...removed].map((w) => w.key.slice(1)).sort();
        seen.push(names);
        return names.includes('mid');
      },
    });
    // low is removed first (quota fits, placement does not), then mid; the fill-back puts low back.
    expect(targets.map((t) => [t.workload.key.slice(1), t.reason])).toEqual([['mid', 'InClusterQueue']]);
    expect(seen).toEqual([['low'], ['low', 'mid'], ['mid']]);
  });
});
