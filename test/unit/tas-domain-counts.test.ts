// The TAS snapshot keeps phase 1's counts per request shape and brings them up to date from the leaves touched since
// (src/kueue/tas/domain-counts.ts), keeps empty-cluster answers across admissions, places a podset the first domain
// holds without sorting, and keeps what a search derives from a request shape per shape id (find-assignment.ts
// Prepared). Whatever the order of admissions and releases, a kept snapshot must answer every request as a snapshot
// built fresh with the same usage does (to requests without shape ids).
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

/** Shape ids as TasPlacement gives them: one per distinct (topology request, single-pod requests). */
const shapeIds = new Map<string, number>();
function shapeId(shape: number, cpu: number): number {
  const key = `${shape}|${cpu}`;
  let id = shapeIds.get(key);
  if (id === undefined) shapeIds.set(key, (id = shapeIds.size + 1));
  return id;
}

/**
 * One podset, or with `leader` a podset group (a 1-pod leader of 1 cpu beside the workers). With `ids` the requests
 * carry shape ids (the searches then use the per-shape cache and the short memo keys), as TasPlacement's do.
 */
function request(shape: number, cpu: number, count: number, leader = false, ids = false): TasPodSetRequests[] {
  const topologyRequest = TOPOLOGY_REQUESTS[shape]!;
  const group = leader ? { podSetGroupName: 'g' } : {};
  const out: TasPodSetRequests[] = [
    {
      podSet: { name: 'main', topologyRequest, template: { spec: {} } },
      singlePodRequests: new Map([['cpu', cpu]]),
      count,
      ...group,
      ...(ids ? { shapeId: shapeId(shape, cpu) } : {}),
    },
  ];
  if (leader)
    out.push({
      podSet: { name: 'leader', topologyRequest, template: { spec: {} } },
      singlePodRequests: new Map([['cpu', 1000]]),
      count: 1,
      ...group,
      ...(ids ? { shapeId: shapeId(shape, 1000) } : {}),
    });
  return out;
}

const step = fc.record({
  shape: fc.integer({ min: 0, max: TOPOLOGY_REQUESTS.length - 1 }),
  cpu: fc.constantFrom(500, 1000, 2000),
  count: fc.integer({ min: 1, max: 12 }),
  empty: fc.boolean(),
  admit: fc.boolean(),
  release: fc.boolean(),
  leader: fc.boolean(),
});

function keptAnswersAsFresh(ids: boolean) {
  return fc.property(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 5 }),
    fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
    fc.array(step, { minLength: 1, maxLength: 40 }),
    (racks, perRack, cpus, steps) => {
      const levels = [BLOCK, RACK, HOST];
      const kept = new TasFlavorSnapshot({ topologyName: 't', levels, nodes: nodes(racks, perRack, cpus) });
      const held: DomainRequests[][] = [];
      for (const s of steps) {
        const leader = ids && s.leader;
        const opts = { simulateEmpty: s.empty };
        const fresh = new TasFlavorSnapshot({ topologyName: 't', levels, nodes: nodes(racks, perRack, cpus) });
        for (const u of held) fresh.updateUsage(u, 1);
        const got = findTopologyAssignmentsForFlavor(kept, request(s.shape, s.cpu, s.count, leader, ids), opts);
        expect(got).toEqual(
          findTopologyAssignmentsForFlavor(fresh, request(s.shape, s.cpu, s.count, leader, false), opts),
        );
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
        for (const u of held) expect(kept.fits(u)).toBe(fitsByCountIn(kept, u));
      }
    },
  );
}

/** TASFlavorSnapshot.Fits as CountInWithLimitingResource counts: every domain holds its pods once more. */
function fitsByCountIn(snap: TasFlavorSnapshot, usage: readonly DomainRequests[]): boolean {
  return usage.every((d) => {
    const leaf = snap.leaves.get(d.values.join(','));
    if (!leaf) return false;
    const reqs = new Map(d.singlePodRequests);
    reqs.set('pods', (reqs.get('pods') ?? 0) + 1000);
    let count: number | undefined;
    for (const [r, v] of reqs) {
      const c = v === 0 ? 2147483647 : Math.max(0, Math.floor(snap.remaining(leaf, r, false) / v));
      count = count === undefined ? c : Math.min(count, c);
    }
    return (count ?? 0) >= d.count;
  });
}

describe('TAS kept counts', () => {
  it('answer as a fresh snapshot with the same usage does, through any admissions and releases', () => {
    fc.assert(keptAnswersAsFresh(false), { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) });
  });

  it('answer the same through the per-shape cache and short memo keys of requests with shape ids (and groups)', () => {
    fc.assert(keptAnswersAsFresh(true), { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) });
  });
});
