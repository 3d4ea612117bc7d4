// numFeasibleNodesToFind and the rotating start index, mirroring kube-scheduler's schedule_one_test.go
// (TestNumFeasibleNodesToFind, TestFairEvaluationForNodes) and spec §3.4 / §7.6.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  MIN_FEASIBLE_NODES_TO_FIND,
  nextStartIndex,
  numFeasibleNodesToFind,
  sampleFeasibleNodes,
} from '../../../src/scheduler/sampling.js';

describe('TestNumFeasibleNodesToFind (upstream cases)', () => {
  const cases: { name: string; global?: number; profile?: number; n: number; want: number }[] = [
    { name: 'not set percentageOfNodesToScore and nodes number not more than 50', n: 10, want: 10 },
    { name: 'set percentageOfNodesToScore and nodes number not more than 50', global: 40, n: 10, want: 10 },
    { name: 'not set percentageOfNodesToScore and nodes number more than 50', n: 1000, want: 420 },
    { name: 'set percentageOfNodesToScore and nodes number more than 50', global: 40, n: 1000, want: 400 },
    { name: 'not set percentageOfNodesToScore and nodes number more than 50*125', n: 6000, want: 300 },
    { name: 'set percentageOfNodesToScore and nodes number more than 50*125', global: 40, n: 6000, want: 2400 },
    {
      name: 'set profile percentageOfNodesToScore and nodes number more than 50*125',
      profile: 40,
      n: 6000,
      want: 2400,
    },
    {
      name: 'set global and profile percentageOfNodesToScore and nodes number more than 50*125',
      global: 100,
      profile: 40,
      n: 6000,
      want: 2400,
    },
  ];
  it.each(cases)('$name', ({ global, profile, n, want }) => {
    expect(numFeasibleNodesToFind(n, global, profile)).toBe(want);
  });
});

describe('spec §7.6: adaptive K for N = 50, 500, 5k, 10k, 65k, and the §3.4 table', () => {
  const cases: [number, number][] = [
    [50, 50],
    [99, 99],
    [100, 100], // p = 50 → 50, raised to the 100-node floor
    [500, 230],
    [1000, 420],
    [5000, 500],
    [5625, 281], // p hits the 5% floor; K dips below the 5k value
    [10_000, 500],
    [15_000, 750],
    [65_000, 3250],
    [100_000, 5000],
  ];
  it.each(cases)('N = %i → K = %i', (n, want) => {
    expect(numFeasibleNodesToFind(n)).toBe(want);
    expect(numFeasibleNodesToFind(n, 0)).toBe(want);
  });

  it('explicit percentages: 100 scores every node, small ones hit the 100-node floor', () => {
    expect(numFeasibleNodesToFind(65_000, 100)).toBe(65_000);
    expect(numFeasibleNodesToFind(500, 1)).toBe(100);
    expect(numFeasibleNodesToFind(5000, 10)).toBe(500);
    expect(numFeasibleNodesToFind(10_000, 50)).toBe(5000);
    expect(numFeasibleNodesToFind(499, 30)).toBe(149);
  });

  it('a profile percentage of 0 means adaptive even when the global one is set', () => {
    expect(numFeasibleNodesToFind(6000, 40, 0)).toBe(300);
  });
});

describe('rotating start index', () => {
  it('nextStartIndex wraps modulo the node count', () => {
    expect(nextStartIndex(0, 150, 500)).toBe(150);
    expect(nextStartIndex(450, 150, 500)).toBe(100);
    expect(nextStartIndex(499, 1, 500)).toBe(0);
    expect(nextStartIndex(7, 3, 0)).toBe(0);
  });

  it('TestFairEvaluationForNodes: 500 nodes at 30% advance by K = 150 per cycle', () => {
    const numAllNodes = 500;
    const k = numFeasibleNodesToFind(numAllNodes, 30);
    expect(k).toBe(150);
    let start = 0;
    for (let i = 0; i < 2 * (Math.trunc(numAllNodes / k) + 1); i++) {
      const r = sampleFeasibleNodes(numAllNodes, start, () => true, 30);
      expect(r.feasible).toHaveLength(k);
      expect(r.feasible[0]).toBe(start);
      expect(r.nextStart).toBe(((i + 1) * k) % numAllNodes);
      start = r.nextStart;
    }
  });

  it('infeasible nodes count as processed', () => {
    // 200 nodes, K = 100 (adaptive 49% = 98 → floor 100); odd indices infeasible, so the 100th feasible node is
    // the 199th examined.
    const r = sampleFeasibleNodes(200, 10, (i) => i % 2 === 0);
    expect(r.feasible).toHaveLength(100);
    expect(r.processed).toBe(199);
    expect(r.nextStart).toBe(9);
    const none = sampleFeasibleNodes(200, 10, () => false);
    expect(none).toEqual({ feasible: [], processed: 200, nextStart: 10 });
  });
});

describe('properties', () => {
  test.prop([fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 100 })])(
    'K is min(N, max(100, …)) and never exceeds N',
    (n, p) => {
      const k = numFeasibleNodesToFind(n, p);
      expect(k).toBeLessThanOrEqual(n);
      if (n < MIN_FEASIBLE_NODES_TO_FIND) expect(k).toBe(n);
      else expect(k).toBeGreaterThanOrEqual(MIN_FEASIBLE_NODES_TO_FIND);
    },
  );
});
