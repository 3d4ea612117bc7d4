// The TAS snapshot keeps phase 1's counts per request shape and brings them up to date from the leaves touched since
// (src/kueue/tas/domain-counts.ts), keeps empty-cluster answers across admissions, and places a podset the first
// domain holds without sorting. Whatever the order of admissions and releases, a kept snapshot must answer every
// request as a snapshot built fresh with the same usage does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodSetTopologyRequest } from '../../src/kueue/api.js';
import { findTopologyAssignmentsForFlavor, type TasPodSetRequests } from '../../src/kueue/tas/find-assignment.js';
import { type DomainRequests, TasFlavorSnapshot, type TasNode } from '../../src/kueue/tas/snapshot.js';

const BLOCK = 'b';
const RACK = 'r';
const HOST = 'kubernetes.io/hostname';

function nodes(racks: number, perRack: number, cpus: readonly number[]): TasNode[] {
  const out: TasNode[] = [];
  for (let r = 0; r < racks; r++)
    for (let i = 0; i < perRack; i++) {
      const name = `n${r}-${i}`;
      out.push({
        name,
        labels: { [BLOCK]: `b${r % 2}`, [RACK]: `r${r}`, [HOST]: name },
        allocatable: new Map([
          ['cpu', cpus[(r * perRack + i) % cpus.length]! * 1000],
          ['pods', 8000],
        ]),
      });
    }
  return out;
}

const TOPOLOGY_REQUESTS: PodSetTopologyRequest[] = [
  { required: RACK },
  { preferred: RACK },
  { required: BLOCK },
  { unconstrained: true },
  { podSetSliceRequiredTopology: RACK, podSetSliceSize: 2 },
  {
    required: BLOCK,
    podsetSliceRequiredTopologyConstraints: [
      { topology: RACK, size: 4 },
      { topology: HOST, size: 2 },
    ],
  },
];

function request(shape: number, cpu: number, count: number): TasPodSetRequests[] {
  return [
    {
      podSet: { name: 'main', topologyRequest: TOPOLOGY_REQUESTS[shape]!, template: { spec: {} } },
      singlePodRequests: new Map([['cpu', cpu]]),
      count,
    },
  ];
}

const step = fc.record({
  shape: fc.integer({ min: 0, max: TOPOLOGY_REQUESTS.length - 1 }),
  cpu: fc.constantFrom(500, 1000, 2000),
  count: fc.integer({ min: 1, max: 12 }),
  empty: fc.boolean(),
  admit: fc.boolean(),
  release: fc.boolean(),
});

describe('TAS kept counts', () => {
  it('answer as a fresh snapshot with the same usage does, through any admissions and releases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        (racks, perRack, cpus, steps) => {
          const levels = [BLOCK, RACK, HOST];
          const kept = new TasFlavorSnapshot({ topologyName: 't', levels, nodes: nodes(racks, perRack, cpus) });
          const held: DomainRequests[][] = [];
          for (const s of steps) {
            const req = request(s.shape, s.cpu, s.count);
            const opts = { simulateEmpty: s.empty };
            const fresh = new TasFlavorSnapshot({ topologyName: 't', levels, nodes: nodes(racks, perRack, cpus) });
            for (const u of held) fresh.updateUsage(u, 1);
            const got = findTopologyAssignmentsForFlavor(kept, req, opts);
            expect(got).toEqual(findTopologyAssignmentsForFlavor(fresh, req, opts));
            const ta = got.get('main')?.topologyAssignment;
            if (s.admit && ta && !s.empty) {
              const usage = ta.domains.map((d) => ({
                values: d.values,
                singlePodRequests: new Map([['cpu', s.cpu]]),
                count: d.count,
              }));
              kept.updateUsage(usage, 1);
              held.push(usage);
            }
            if (s.release && held.length > 0) kept.updateUsage(held.shift()!, -1);
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
