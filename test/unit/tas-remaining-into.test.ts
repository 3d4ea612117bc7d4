// TasFlavorSnapshot.remainingInto (phase 1's per-leaf read, domain-counts.ts) looks the leaf's usage maps up once
// per leaf: it must give remaining()'s numbers for every resource, with and without TAS usage, non-TAS pods,
// assumed usage and two-node leaves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TasFlavorSnapshot, type TasNode } from '../../src/kueue/tas/snapshot.js';

const BLOCK = 'cloud.google.com/gce-topology-block';
const HOST = 'kubernetes.io/hostname';
const RESOURCES = ['cpu', 'memory', 'nvidia.com/gpu', 'pods'];

const amounts = fc.dictionary(fc.constantFrom(...RESOURCES), fc.integer({ min: 0, max: 64_000 }));

describe('TasFlavorSnapshot.remainingInto', () => {
  it('equals remaining() per resource', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ host: fc.integer({ min: 0, max: 3 }), allocatable: amounts }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.record({ node: fc.integer({ min: 0, max: 5 }), usage: amounts })),
        fc.array(
          fc.record({ host: fc.integer({ min: 0, max: 3 }), usage: amounts, count: fc.integer({ min: 1, max: 3 }) }),
        ),
        fc.option(amounts, { nil: undefined }),
        fc.boolean(),
        fc.shuffledSubarray(RESOURCES),
        (specs, nonTasPods, tasUsage, assumed, simulateEmpty, names) => {
          const nodes: TasNode[] = specs.map((n, i) => ({
            name: `n${i}`,
            labels: { [BLOCK]: 'b0', [HOST]: `h${n.host}` },
            allocatable: new Map(Object.entries(n.allocatable)),
          }));
          const nonTasUsage = new Map<string, Map<string, number>>();
          for (const p of nonTasPods) {
            const u = nonTasUsage.get(`n${p.node}`) ?? new Map<string, number>();
            for (const [r, v] of Object.entries(p.usage)) u.set(r, (u.get(r) ?? 0) + v);
            nonTasUsage.set(`n${p.node}`, u);
          }
          const s = new TasFlavorSnapshot({ topologyName: 't', levels: [BLOCK, HOST], nodes, nonTasUsage });
          for (const u of tasUsage)
            s.updateUsage(
              [{ values: [`h${u.host}`], singlePodRequests: new Map(Object.entries(u.usage)), count: u.count }],
              1,
            );
          const assumedMap = assumed ? new Map(Object.entries(assumed)) : undefined;
          for (const leaf of s.leaves.values()) {
            const out: number[] = [];
            s.remainingInto(leaf, names, simulateEmpty, assumedMap, out);
            expect(out).toEqual(names.map((r) => s.remaining(leaf, r, simulateEmpty, assumedMap)));
          }
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
