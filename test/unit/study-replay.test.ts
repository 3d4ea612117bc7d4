// The study's replay against the verification anchors of spec/fgd.md §7 (the authors' build, default trace, FGD,
// tune seed 42) and the allocation curve's rounding (§5.4).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocationCurve, round2, roundHalfEven } from '../../src/study/curve.js';
import { readStudyNodes, readStudyPods } from '../../src/study/openb-input.js';
import { runStudy, studyOrder } from '../../src/study/replay.js';

const DIR = 'scenarios/traces/alibaba-openb-2023/';
const nodes = readStudyNodes(readFileSync(`${DIR}openb_node_list_gpu_node.csv`, 'utf8'), 'nodes.csv').nodes;
const pods = readStudyPods(readFileSync(`${DIR}openb_pod_list_default.csv`, 'utf8'), 'pods.csv').pods;
const nodeIndex = (name: string) => nodes.findIndex((n) => n.name === name);

describe('inputs (§1.1, §1.2)', () => {
  it('reads 1213 nodes with 6212 GPUs and 8152 pods requesting 6,086,800 GPU milli', () => {
    expect(nodes).toHaveLength(1213);
    expect(nodes.reduce((s, n) => s + n.gpus, 0)).toBe(6212);
    expect(pods).toHaveLength(8152);
    expect(pods.reduce((s, p) => s + p.numGpu * p.gpuMilli, 0)).toBe(6086800);
    expect(pods.filter((p) => p.numGpu === 0)).toHaveLength(1088);
  });
});

describe('order, tuning and node ranks (§5.2, anchors of §7)', () => {
  const o = studyOrder(nodes, pods, 42);
  it('tunes up to 10,866 pods (2,714 clones) and 8,075,080 requested milli', () => {
    expect(o.order).toHaveLength(10866);
    expect(o.tunedClones).toBe(2714);
    expect(o.requested).toBe(8075080);
    expect(o.order[8152]!.name).toMatch(/^openb-pod-\d{4}-tuned-0$/);
  });
  it('shuffles openb-pod-0255, 1685, 6784 to the front', () => {
    expect(o.order.slice(0, 3).map((p) => p.name)).toEqual(['openb-pod-0255', 'openb-pod-1685', 'openb-pod-6784']);
  });
  it('ranks openb-node-0260 first (0000) and openb-node-1080 at 0037', () => {
    expect(o.rank[nodeIndex('openb-node-0260')]).toBe(0);
    expect(o.rank[nodeIndex('openb-node-1080')]).toBe(37);
  });
  it('without the 10 informer draws the ranks differ (the anchor needs them)', () => {
    const bare = studyOrder(nodes, pods, 42, 1.3, 0);
    expect(bare.rank[nodeIndex('openb-node-0260')]).not.toBe(0);
  });
});

describe('FGD replay, seed 42', () => {
  const run = runStudy(nodes, pods, { policy: 'fgd', seed: 42 });
  it('builds M from 91 shapes, keeping the top 35 (95.26%)', () => {
    expect(run.workload.distinctShapes).toBe(91);
    expect(run.workload.classes).toHaveLength(35);
    expect(run.workload.coverage).toBeCloseTo(0.9526, 4);
    // the most popular shape: 3152 milli CPU with 810 milli of one GPU, 12.84% of the pods
    expect(run.workload.classes[0]).toMatchObject({ cpu: 3152, gpuMilli: 810, numGpu: 1 });
  });
  it('places pod 0255 (CPU-only) on node-0260 (rank 0) and pod 1685 on node-1080', () => {
    expect(nodes[run.placement[0]!]!.name).toBe('openb-node-0260');
    expect(nodes[run.placement[1]!]!.name).toBe('openb-node-1080');
  });
  it('counts failed pods as arrived; allocation never exceeds arrival', () => {
    expect(run.arrived[run.arrived.length - 1]).toBe(8075080);
    expect(run.placed + run.failed).toBe(10866);
    for (let i = 0; i < run.used.length; i++) expect(run.used[i]).toBeLessThanOrEqual(run.arrived[i]!);
  });
});

describe('allocation curve (§5.4)', () => {
  it('rounds as Python does', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.51].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3]);
    // 0.125 and 0.375 are exact binary ties: half to even; 0.115 is below its decimal tie in binary
    expect([0.125, 0.375, 0.115, 1.005, 2.675].map(round2)).toEqual([0.12, 0.38, 0.12, 1, 2.67]);
  });
  it('buckets events by arrived percent and falls back to the neighbours', () => {
    // T = 1 GPU: arrived 100 milli = 10% (allocated 10%), 110 = 11% (5%), 300 = 30% (10%); X = 9 and 12 have no
    // event of their own and take the events at X ± 1; X = 11 has one event; X = 13..28 have none nearby
    const pts = allocationCurve([100, 110, 300], [100, 50, 100], 1, 31);
    expect(pts).toEqual([
      [9, 10],
      [10, 10],
      [11, 5],
      [12, 5],
      [29, 10],
      [30, 10],
      [31, 10],
    ]);
  });
});
