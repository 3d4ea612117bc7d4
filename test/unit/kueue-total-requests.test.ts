// The nomination's flavor assignment starts from the Workload's total requests kept per Workload
// (src/kueue/total-requests.ts) instead of parsing its pod templates again. On random workloads (podsets with counts,
// minCounts, requests, reclaimable pods) and random ClusterQueue quotas, the kept value must equal a fresh
// workloadTotalRequests, and assignments built from it (full counts, then the partial-admission search, which scales
// it) must equal those of an assigner that computes its own, also when the same kept value serves several
// assignments in a row (it is shared: nothing may change it). A new reclaimablePods list is a new entry.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { PodSet } from '../../src/kueue/api.js';
import {
  type Assignment,
  assignWithPartialAdmission,
  FlavorAssigner,
  type WorkloadLike,
  workloadTotalRequests,
} from '../../src/kueue/flavor-assigner.js';
import { QuotaTree } from '../../src/kueue/quota.js';
import { totalRequestsOf } from '../../src/kueue/total-requests.js';
import { fq, rg } from '../support/kueue-builders.js';

const RESOURCES = ['cpu', 'memory', 'nvidia.com/gpu'] as const;

const genPodSet = fc.record({
  count: fc.integer({ min: 1, max: 6 }),
  minCount: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  cpu: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
  memory: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  gpu: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  reclaimable: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
});

const genCase = fc.record({
  podSets: fc.array(genPodSet, { minLength: 1, maxLength: 3 }),
  quotas: fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 32 }), fc.nat({ max: 8 })),
  usage: fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 32 }), fc.nat({ max: 8 })),
});

type Case = typeof genCase extends fc.Arbitrary<infer C> ? C : never;

function workloadOf(c: Case): WorkloadLike {
  const podSets: PodSet[] = c.podSets.map((p, i) => {
    const requests: Record<string, string> = {};
    if (p.cpu !== undefined) requests.cpu = `${p.cpu}m`;
    if (p.memory !== undefined) requests.memory = `${p.memory}Gi`;
    if (p.gpu !== undefined) requests['nvidia.com/gpu'] = String(p.gpu);
    return {
      name: `ps${i}`,
      count: p.count,
      ...(p.minCount !== undefined ? { minCount: Math.min(p.minCount, p.count) } : {}),
      template: { spec: { containers: [{ name: 'c', image: 'x', resources: { requests } }] } },
    } as PodSet;
  });
  const reclaimablePods = c.podSets.flatMap((p, i) =>
    p.reclaimable === undefined ? [] : [{ name: `ps${i}`, count: p.reclaimable }],
  );
  return { spec: { podSets }, ...(reclaimablePods.length > 0 ? { status: { reclaimablePods } } : {}) };
}

function treeOf(c: Case): { tree: QuotaTree; cq: Parameters<typeof QuotaTree.build>[0]['clusterQueues'][number] } {
  const [cpu, mem, gpu] = c.quotas;
  const cq = {
    metadata: { name: 'cq' },
    spec: {
      resourceGroups: [
        rg(fq('f', ['cpu', String(cpu)], ['memory', `${mem}Gi`])),
        rg(fq('g', ['nvidia.com/gpu', String(gpu)])),
      ],
    },
  };
  const tree = QuotaTree.build({ clusterQueues: [cq] });
  const [uc, um, ug] = c.usage;
  tree.addUsage(
    'cq',
    new Map([
      ['f/cpu', uc * 1000],
      ['f/memory', um * 1024 ** 3 * 1000],
      ['g/nvidia.com/gpu', ug * 1000],
    ]),
  );
  return { tree, cq };
}

/** What an assignment answers: mode, usage, borrowing, message, counts and flavors per podset. */
function summary(a: Assignment) {
  return {
    mode: a.representativeMode(),
    usage: [...a.usage],
    borrowing: a.borrowing,
    message: a.message(),
    noFitReason: a.noFitReason,
    podSets: a.podSets.map((ps) => ({
      name: ps.name,
      count: ps.count,
      requests: [...ps.requests],
      flavors: [...ps.flavors].map(([r, f]) => [r, f.name, f.mode, f.borrow]),
      attempts: ps.flavorAssignmentAttempts,
    })),
  };
}

function assign(c: Case, wl: WorkloadLike, kept: boolean) {
  const { tree, cq } = treeOf(c);
  const assigner = new FlavorAssigner({
    workload: wl,
    clusterQueue: cq,
    quota: tree,
    resourceFlavors: new Map([
      ['f', { metadata: { name: 'f' } }],
      ['g', { metadata: { name: 'g' } }],
    ]),
    ...(kept ? { totalRequests: totalRequestsOf(wl) } : {}),
  });
  const r = assignWithPartialAdmission(assigner, wl.spec.podSets as PodSet[], { partialAdmission: true });
  return { ...summary(r.assignment), partial: r.partial };
}

describe('totalRequestsOf: the kept total requests of a Workload', () => {
  test.prop([genCase], { numRuns: 300 })('equal a fresh workloadTotalRequests and give the same assignments', (c) => {
    const wl = workloadOf(c);
    const fresh = workloadTotalRequests(wl);
    expect(totalRequestsOf(wl)).toEqual(fresh);
    expect(totalRequestsOf(wl)).toBe(totalRequestsOf(wl));
    const want = assign(c, wl, false);
    // Twice from the same kept value: an assignment that changed it would change the second.
    expect(assign(c, wl, true)).toEqual(want);
    expect(assign(c, wl, true)).toEqual(want);
    expect(totalRequestsOf(wl)).toEqual(fresh);
  });

  test.prop([genCase])('follow a new reclaimablePods list', (c) => {
    const wl = workloadOf(c);
    totalRequestsOf(wl);
    const status = { reclaimablePods: wl.spec.podSets.map((ps) => ({ name: ps.name ?? 'main', count: 1 })) };
    const changed: WorkloadLike = Object.assign(wl, { status });
    expect(totalRequestsOf(changed)).toEqual(workloadTotalRequests(changed));
  });

  for (const r of RESOURCES) {
    test(`a podset requesting only ${r}`, () => {
      const wl = workloadOf({
        podSets: [
          {
            count: 2,
            minCount: undefined,
            cpu: r === 'cpu' ? 500 : undefined,
            memory: r === 'memory' ? 1 : undefined,
            gpu: r === 'nvidia.com/gpu' ? 1 : undefined,
            reclaimable: undefined,
          },
        ],
        quotas: [1, 1, 1],
        usage: [0, 0, 0],
      });
      expect(totalRequestsOf(wl)).toEqual(workloadTotalRequests(wl));
      expect(totalRequestsOf(wl)[0]!.requests.size).toBe(1);
    });
  }
});
