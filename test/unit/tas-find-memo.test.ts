// The memo of findTopologyAssignmentsForFlavor (src/kueue/tas/find-assignment.ts): the same question on an unchanged
// tree gets the same answer (one object, shared: callers only read it); any change to a leaf's usage (TAS or
// non-TAS) or to the tree makes it compute again.
import { describe, expect, it } from 'vitest';
import { findTopologyAssignmentsForFlavor, type TasPodSetRequests } from '../../src/kueue/tas/find-assignment.js';
import { TasFlavorSnapshot, type TasNode } from '../../src/kueue/tas/snapshot.js';

const RACK = 'cloud.com/topology-rack';
const HOST = 'kubernetes.io/hostname';

function nodes(): TasNode[] {
  const out: TasNode[] = [];
  for (const rack of ['r1', 'r2'])
    for (const i of [1, 2])
      out.push({
        name: `${rack}-n${i}`,
        labels: { [RACK]: rack, [HOST]: `${rack}-n${i}` },
        allocatable: new Map([
          ['cpu', 4000],
          ['pods', 10_000],
        ]),
      });
  return out;
}

function request(count: number): TasPodSetRequests[] {
  return [
    {
      podSet: { name: 'main', topologyRequest: { required: RACK }, template: { spec: {} } },
      singlePodRequests: new Map([['cpu', 1000]]),
      count,
    },
  ];
}

function domainsOf(r: ReturnType<typeof findTopologyAssignmentsForFlavor>) {
  return r.get('main')?.topologyAssignment?.domains.map((d) => [d.values.join(','), d.count]);
}

describe('TAS find memo', () => {
  it('answers a repeated question with the same (shared, read-only) answer', () => {
    const nonTas = new Map<string, Map<string, number>>();
    const snap = new TasFlavorSnapshot({
      topologyName: 't',
      levels: [RACK, HOST],
      nodes: nodes(),
      nonTasUsage: nonTas,
    });
    const a = findTopologyAssignmentsForFlavor(snap, request(6));
    const b = findTopologyAssignmentsForFlavor(snap, request(6));
    expect(b).toBe(a);
    expect(domainsOf(a)).toEqual([
      ['r1-n1', 4],
      ['r1-n2', 2],
    ]);
  });

  it('computes again once a leaf’s TAS usage changed', () => {
    const snap = new TasFlavorSnapshot({ topologyName: 't', levels: [RACK, HOST], nodes: nodes() });
    expect(domainsOf(findTopologyAssignmentsForFlavor(snap, request(6)))?.[0]).toEqual(['r1-n1', 4]);
    snap.updateUsage([{ values: ['r1-n1'], singlePodRequests: new Map([['cpu', 1000]]), count: 3 }], 1);
    // r1 now holds 5 free cpus, r2 8: the fullest rack that fits is still r1, on both nodes.
    expect(domainsOf(findTopologyAssignmentsForFlavor(snap, request(5)))).toEqual([
      ['r1-n1', 1],
      ['r1-n2', 4],
    ]);
    expect(findTopologyAssignmentsForFlavor(snap, request(6)).get('main')?.topologyAssignment?.domains).toEqual([
      { values: ['r2-n1'], count: 4 },
      { values: ['r2-n2'], count: 2 },
    ]);
  });

  it('computes again once a node’s non-TAS usage changed', () => {
    const nonTas = new Map<string, Map<string, number>>();
    const snap = new TasFlavorSnapshot({
      topologyName: 't',
      levels: [RACK, HOST],
      nodes: nodes(),
      nonTasUsage: nonTas,
    });
    expect(findTopologyAssignmentsForFlavor(snap, request(8)).get('main')?.failureReason).toBe('');
    nonTas.set('r1-n1', new Map([['cpu', 1000]]));
    nonTas.set('r2-n1', new Map([['cpu', 1000]]));
    snap.nodeUsageChanged('r1-n1');
    snap.nodeUsageChanged('r2-n1');
    expect(findTopologyAssignmentsForFlavor(snap, request(8)).get('main')?.failureReason).not.toBe('');
  });

  it('is dropped with the tree', () => {
    const snap = new TasFlavorSnapshot({ topologyName: 't', levels: [RACK, HOST], nodes: nodes() });
    expect(findTopologyAssignmentsForFlavor(snap, request(8)).get('main')?.failureReason).toBe('');
    snap.rebuild(nodes().slice(0, 1), 1);
    expect(findTopologyAssignmentsForFlavor(snap, request(8)).get('main')?.failureReason).not.toBe('');
  });
});
