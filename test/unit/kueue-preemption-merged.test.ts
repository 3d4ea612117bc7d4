// The classical target search has two readers of the candidates: the merged one (per-ClusterQueue ordered lists of
// an AdmittedIndex, read lazily; used without Admission Fair Sharing) and the full sort of every candidate class
// (CandidateIterator, used with it). Without LocalQueue usages the two orders are the same, so on random cohort
// trees, admitted workloads, preemptors and policies both must answer the same targets, in the same order, with the
// same reasons, and leave the tree as they found it. The merged reader's shortcuts (priority classes not collected
// when only a borrowing attempt can run, a class stopped at the first priority its policy rejects, a ClusterQueue's
// list left unread once one of its candidates is invalid in an attempt) are what this checks.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { AdmittedIndex } from '../../src/kueue/admitted-index.js';
import type { ClusterQueuePreemption } from '../../src/kueue/api.js';
import {
  type AdmittedWorkload,
  getTargets,
  simulatePreemptionWithTargets,
  usageByClusterQueue,
} from '../../src/kueue/preemption.js';
import { QuotaTree } from '../../src/kueue/quota.js';
import { fq, rg } from '../support/kueue-builders.js';

const FR = 'f/cpu';
const NOW = 1_000;

const genQueue = fc.record({
  nominal: fc.nat({ max: 8 }),
  borrowingLimit: fc.option(fc.nat({ max: 8 }), { nil: undefined }),
  lendingLimit: fc.option(fc.nat({ max: 8 }), { nil: undefined }),
  /** 0: the root cohort, 1: the child cohort. */
  parent: fc.nat({ max: 1 }),
});

const genWorkload = fc.record({
  cq: fc.nat(),
  priority: fc.nat({ max: 3 }),
  cpu: fc.integer({ min: 1, max: 4 }),
  reservedAt: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
  evicted: fc.boolean(),
  queueTs: fc.nat({ max: 5 }),
});

const genPolicy = fc.record({
  withinClusterQueue: fc.constantFrom('Never', 'LowerPriority', 'LowerOrNewerEqualPriority') as fc.Arbitrary<
    NonNullable<ClusterQueuePreemption['withinClusterQueue']>
  >,
  reclaimWithinCohort: fc.constantFrom('Never', 'LowerPriority', 'LowerOrNewerEqualPriority', 'Any') as fc.Arbitrary<
    NonNullable<ClusterQueuePreemption['reclaimWithinCohort']>
  >,
  borrow: fc.constantFrom('none', 'any', 'threshold'),
});

const genCase = fc.record({
  queues: fc.array(genQueue, { minLength: 2, maxLength: 6 }),
  workloads: fc.array(genWorkload, { maxLength: 30 }),
  preemptor: fc.record({
    cq: fc.nat(),
    priority: fc.nat({ max: 3 }),
    cpu: fc.integer({ min: 1, max: 10 }),
    queueTs: fc.nat({ max: 5 }),
  }),
  policy: genPolicy,
});

type Case = typeof genCase extends fc.Arbitrary<infer T> ? T : never;

function setUp(c: Case) {
  const names = c.queues.map((_, i) => `cq-${i}`);
  const admitted: AdmittedWorkload[] = c.workloads.map((w, i) => ({
    key: `ns/wl-${i}`,
    uid: `uid-${String(i).padStart(3, '0')}`,
    priority: w.priority,
    queueOrderTimestamp: w.queueTs,
    usage: new Map([[FR, w.cpu * 1000]]),
    clusterQueue: names[w.cq % names.length]!,
    ...(w.reservedAt === undefined ? {} : { quotaReservedAt: w.reservedAt }),
    evicted: w.evicted,
  }));
  const tree = QuotaTree.build({
    clusterQueues: c.queues.map((q, i) => ({
      metadata: { name: names[i]! },
      spec: {
        cohortName: q.parent === 0 ? 'root' : 'child',
        resourceGroups: [
          rg(
            fq('f', [
              'cpu',
              String(q.nominal),
              q.borrowingLimit === undefined ? '' : String(q.borrowingLimit),
              q.lendingLimit === undefined ? '' : String(q.lendingLimit),
            ]),
          ),
        ],
      },
    })),
    cohorts: [{ metadata: { name: 'child' }, spec: { parentName: 'root' } }],
    usage: usageByClusterQueue(admitted),
  });
  const p = c.policy;
  const preemption: ClusterQueuePreemption = {
    withinClusterQueue: p.withinClusterQueue,
    reclaimWithinCohort: p.reclaimWithinCohort,
    ...(p.borrow === 'any' ? { borrowWithinCohort: { policy: 'LowerPriority' } } : {}),
    ...(p.borrow === 'threshold' ? { borrowWithinCohort: { policy: 'LowerPriority', maxPriorityThreshold: 1 } } : {}),
  };
  const preemptor = {
    key: 'ns/preemptor',
    uid: 'uid-preemptor',
    priority: c.preemptor.priority,
    queueOrderTimestamp: c.preemptor.queueTs,
    clusterQueue: names[c.preemptor.cq % names.length]!,
  };
  return { tree, admitted, preemption, preemptor, quantity: c.preemptor.cpu * 1000 };
}

function usageOf(tree: QuotaTree): string {
  return JSON.stringify([...tree.clusterQueueUsage()].map(([n, u]) => [n, [...u]]));
}

const show = (ts: readonly { workload: { key: string }; reason: string }[]) =>
  ts.map((t) => `${t.workload.key}:${t.reason}`);

describe('classical preemption: the merged candidate reader answers as the full sort', () => {
  test.prop([genCase], { numRuns: 400 })('getTargets', (c) => {
    const { tree, admitted, preemption, preemptor, quantity } = setUp(c);
    const before = usageOf(tree);
    const input = {
      tree,
      preemptor: { ...preemptor, usage: new Map([[FR, quantity]]) },
      preemption,
      frsNeedPreemption: [FR],
      now: NOW,
    };
    const merged = getTargets({ ...input, index: AdmittedIndex.of(admitted) });
    expect(usageOf(tree)).toBe(before);
    const sorted = getTargets({ ...input, admitted, admissionFairSharing: true });
    expect(usageOf(tree)).toBe(before);
    expect(show(merged)).toEqual(show(sorted));
  });

  test.prop([genCase], { numRuns: 400 })('simulatePreemptionWithTargets (the oracle)', (c) => {
    const { tree, admitted, preemption, preemptor, quantity } = setUp(c);
    const input = { tree, preemptor: { ...preemptor, usage: new Map() }, preemption, now: NOW };
    const merged = simulatePreemptionWithTargets({ ...input, index: AdmittedIndex.of(admitted) }, FR, quantity);
    const sorted = simulatePreemptionWithTargets({ ...input, admitted, admissionFairSharing: true }, FR, quantity);
    expect({ ...merged, targets: show(merged.targets) }).toEqual({ ...sorted, targets: show(sorted.targets) });
  });
});
