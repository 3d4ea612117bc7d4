// Each of the six policies' choice on small hand-built cases (spec/fgd.md §3.3, §4), the Reserve step's device
// choice (§1.4), and GPU model constraints (gpu_spec; empty in every openb row, so only hand-built cases test it).
import { describe, expect, it } from 'vitest';
import {
  assignDevices,
  bestFitRawScore,
  bindPod,
  dotProductScore,
  exclusiveDevices,
  feasible,
  type GpuNode,
  gpuClusteringScore,
  gpuPackingScore,
  makeNode,
  makePod,
  modelAllowed,
  randomDevice,
  selectNode,
  workloadOf,
} from '../../src/gpushare/index.js';

const seq = (...xs: number[]) => {
  let i = 0;
  const drawn: number[] = [];
  const intn = (n: number) => {
    drawn.push(n);
    return xs[i++]! % n;
  };
  return { intn, drawn };
};

describe('gpu-packing (upstream pkg/simulator/plugin/gpu_packing_score_test.go TestGpuPackingScorePlugin_Score)', () => {
  const node = (free: number[]) => makeNode('n', { cpu: 1000, gpuFree: free, model: '1080' });
  it('case-2: two fully free GPUs taken from (200, 1000, 1000, 500) score 50 − 2 = 48', () => {
    expect(gpuPackingScore(makePod({ cpu: 100, gpus: 2 }), node([200, 1000, 1000, 500]))).toBe(48);
  });
  it('case-3: an empty 4-GPU node scores max(33 − 4, 4) = 29, an empty 8-GPU node 25', () => {
    expect(gpuPackingScore(makePod({ cpu: 100, gpus: 2 }), node([1000, 1000, 1000, 1000]))).toBe(29);
    expect(gpuPackingScore(makePod({ cpu: 100, gpus: 2 }), node(Array(8).fill(1000)))).toBe(25);
  });
  it('case-1: 2 × 200 milli on the partly used 200 and 500: 100 − ⌊(20 + 50)/10⌋ = 93', () => {
    const n = node([200, 1000, 1000, 500]);
    expect(gpuPackingScore(makePod({ cpu: 100, gpus: 2, milli: 200 }), n)).toBe(93);
    expect([...n.gpuFree]).toEqual([200, 1000, 1000, 500]);
  });
  it('chooses the node whose used GPU the share fills best', () => {
    // q = 200: a (200, 1000) → 100 − 2 = 98; b empty → max(33 − 2, 2) = 31; c (500, 1000) → 100 − 5 = 95
    const nodes = [
      makeNode('b', { cpu: 8000, gpus: 2 }),
      makeNode('c', { cpu: 8000, gpuFree: [500, 1000] }),
      makeNode('a', { cpu: 8000, gpuFree: [200, 1000] }),
    ];
    const pod = makePod({ cpu: 1000, gpus: 1, milli: 200 });
    expect(nodes.map((n) => gpuPackingScore(pod, n))).toEqual([31, 95, 98]);
    expect(selectNode('gpu-packing', pod, nodes)).toBe(2);
  });
});

describe('dot-product', () => {
  it('prefers the node whose free capacity is least aligned with the demand', () => {
    // pod 4 cores + 1 GPU. big (64 cores, 8 GPUs): d = 0.5·(4/128) + 1·(1/8) = 0.140625 → trunc(100·(1 − d/2)) = 92
    // small (16 cores, 2 GPUs): d = 0.125·0.03125 + 0.25·0.125 = 0.03515625 → trunc(98.24) = 98
    const pod = makePod({ cpu: 4000, gpus: 1 });
    const nodes = [makeNode('big', { cpu: 64000, gpus: 8 }), makeNode('small', { cpu: 16000, gpus: 2 })];
    expect(nodes.map((n) => dotProductScore(pod, n))).toEqual([92, 98]);
    expect(selectNode('dot-product', pod, nodes)).toBe(1);
  });
});

describe('gpu-clustering', () => {
  // share: one sharing pod on it (500 of 8000 used); whole: one 1-GPU pod (1000 used); empty
  const build = () => {
    const share = makeNode('share', { cpu: 64000, gpus: 8 });
    bindPod(share, makePod({ cpu: 1000, gpus: 1, milli: 500 }), [0]);
    const whole = makeNode('whole', { cpu: 64000, gpus: 8 });
    bindPod(whole, makePod({ cpu: 1000, gpus: 1 }), [0]);
    return [makeNode('empty', { cpu: 64000, gpus: 8 }), share, whole];
  };
  it('sends a sharing pod to the node holding only sharing pods', () => {
    // share: ⌊25·500/8000⌋ + 75 = 76; empty: 0 + 25; whole: ⌊25·1000/8000⌋ + 0 = 3
    const nodes = build();
    const pod = makePod({ cpu: 1000, gpus: 1, milli: 300 });
    expect(nodes.map((n) => gpuClusteringScore(pod, n))).toEqual([25, 76, 3]);
    expect(selectNode('gpu-clustering', pod, nodes)).toBe(1);
  });
  it('sends a 1-GPU pod to the node of 1-GPU pods; mixed tags score +50; CPU-only pods score 0', () => {
    const nodes = build();
    const pod = makePod({ cpu: 1000, gpus: 1 });
    expect(nodes.map((n) => gpuClusteringScore(pod, n))).toEqual([25, 1, 78]);
    expect(selectNode('gpu-clustering', pod, nodes)).toBe(2);
    bindPod(nodes[2]!, makePod({ cpu: 1000, gpus: 1, milli: 500 }), [1]);
    // whole now holds 1-gpu and share-gpu, U = 6500: ⌊25·1500/8000⌋ + 50 = 54
    expect(gpuClusteringScore(pod, nodes[2]!)).toBe(54);
    expect(nodes.map((n) => gpuClusteringScore(makePod({ cpu: 1000 }), n))).toEqual([0, 0, 0]);
  });
});

describe('best-fit', () => {
  it('prefers the node left with the least free capacity, normalised min-max', () => {
    // pod 4 cores + 1 GPU. a (8 cores; 2 GPUs): 0.5·4000/128000 + 0.5·1000/8000 = 0.078125 → trunc(92.19) = 92
    // b (32 cores; 1 GPU): 0.5·28000/128000 + 0 = 0.109375 → trunc(89.06) = 89
    const pod = makePod({ cpu: 4000, gpus: 1 });
    const nodes = [makeNode('b', { cpu: 32000, gpus: 1 }), makeNode('a', { cpu: 8000, gpus: 2 })];
    expect(nodes.map((n) => bestFitRawScore(pod, n))).toEqual([89, 92]);
    expect(selectNode('best-fit', pod, nodes)).toBe(1);
  });
});

describe('fgd', () => {
  // M: one class, 1 core + 1 whole GPU
  const M = workloadOf([{ cpu: 1000, gpuMilli: 1000, numGpu: 1, gpuSpec: '', p: 1 }]);
  it('puts a share into an existing fragment instead of breaking a whole GPU', () => {
    // a (1000, 1000): F = 0; on device 0 → (500, 1000): leftover 500, Δ = 500 → trunc(100·σ(−0.5)) = 37
    // b (500, 1000): F = 500; on device 0 → (0, 1000): F' = 0, Δ = −500 → 62 (device 1 → (500, 500): A = 0, q2,
    // F' = 1000, Δ = 500 → 37), so b and its device 0
    const pod = makePod({ cpu: 1000, gpus: 1, milli: 500 });
    const nodes = [makeNode('a', { cpu: 8000, gpus: 2 }), makeNode('b', { cpu: 8000, gpuFree: [500, 1000] })];
    expect(selectNode('fgd', pod, nodes, { workload: M })).toBe(1);
    expect(assignDevices(pod, nodes[1]!, 'fgd', { workload: M })).toEqual([0]);
  });
  it('breaks score ties toward the smallest node name, whatever the order given', () => {
    const pod = makePod({ cpu: 1000, gpus: 1 });
    const nodes = [makeNode('0002-x', { cpu: 8000, gpus: 2 }), makeNode('0001-y', { cpu: 8000, gpus: 2 })];
    expect(selectNode('fgd', pod, nodes, { workload: M })).toBe(1);
  });
});

describe('random', () => {
  it('draws Intn(#feasible) over the feasible nodes in the given order', () => {
    const pod = makePod({ cpu: 1000, gpus: 1 });
    const nodes = [
      makeNode('a', { cpu: 8000, gpus: 1 }),
      makeNode('full', { cpu: 8000, gpuFree: [0] }),
      makeNode('b', { cpu: 8000, gpus: 1 }),
    ];
    const rng = seq(1);
    expect(selectNode('random', pod, nodes, { rng })).toBe(2);
    expect(rng.drawn).toEqual([2]);
  });
  it('makes no draw when one node is feasible, and returns −1 when none is', () => {
    const rng = seq();
    const nodes = [makeNode('a', { cpu: 8000, gpus: 1 }), makeNode('b', { cpu: 500, gpus: 1 })];
    expect(selectNode('random', makePod({ cpu: 1000, gpus: 1 }), nodes, { rng })).toBe(0);
    expect(selectNode('random', makePod({ cpu: 9000, gpus: 1 }), nodes, { rng })).toBe(-1);
    expect(rng.drawn).toEqual([]);
  });
  it('picks a sharing pod device by reservoir sampling, Intn(1), Intn(2), … over devices with room', () => {
    // devices with free ≥ 300: 0, 2, 3 → draws Intn(1) = 0 (take 0), Intn(2) = 0 (take 2), Intn(3) = 1 (keep 2)
    const rng = seq(0, 0, 1);
    expect(randomDevice(300, [1000, 200, 400, 1000], rng)).toBe(2);
    expect(rng.drawn).toEqual([1, 2, 3]);
  });
});

describe('device choice (Reserve)', () => {
  const node = (free: number[]) => makeNode('n', { cpu: 64000, gpuFree: free });
  it('whole-GPU pods take the k lowest-index fully free GPUs', () => {
    expect(exclusiveDevices(makePod({ cpu: 1, gpus: 2 }), [1000, 500, 1000, 1000])).toEqual([0, 2]);
    expect(assignDevices(makePod({ cpu: 1, gpus: 2 }), node([500, 1000, 0, 1000]))).toEqual([1, 3]);
    expect(assignDevices(makePod({ cpu: 1, gpus: 3 }), node([500, 1000, 0, 1000]))).toBeNull();
  });
  it('best: the device with the smallest free ≥ q, ties to the lowest index', () => {
    expect(assignDevices(makePod({ cpu: 1, gpus: 1, milli: 300 }), node([1000, 400, 200, 400]))).toEqual([1]);
  });
  it('binding lowers cpu, memory, pod room and the chosen devices', () => {
    const n = makeNode('n', { cpu: 8000, mem: 1024, gpuFree: [1000, 700] });
    bindPod(n, makePod({ cpu: 3000, mem: 512, gpus: 1, milli: 600 }), [1]);
    expect([n.cpuFree, n.memFree, n.podsFree, [...n.gpuFree]]).toEqual([5000, 512, 1000, [1000, 100]]);
    expect([...n.tags]).toEqual([['share-gpu', 1]]);
  });
});

describe('feasibility and gpu_spec model constraints', () => {
  it('matches the node model exactly against the |-separated list', () => {
    expect(modelAllowed('', 'P100')).toBe(true);
    expect(modelAllowed('', '')).toBe(true);
    expect(modelAllowed('V100M16|V100M32', 'V100M32')).toBe(true);
    expect(modelAllowed('V100M16|V100M32', 'P100')).toBe(false);
    expect(modelAllowed('V100M16', 'V100M16X')).toBe(false);
    expect(modelAllowed('V100M16|V100M32', '')).toBe(false);
    // a spec made only of empty entries constrains nothing
    expect(modelAllowed('|', 'T4')).toBe(true);
  });
  it('filters the nodes of other models out, even when they score better', () => {
    // best-fit would prefer the tight P100 node; the pod may only run on V100M32
    const pod = makePod({ cpu: 1000, gpus: 1, spec: 'V100M16|V100M32' });
    const nodes: GpuNode[] = [
      makeNode('p100', { cpu: 1000, gpus: 1, model: 'P100' }),
      makeNode('v100', { cpu: 64000, gpus: 8, model: 'V100M32' }),
      makeNode('x-unlabelled', { cpu: 1000, gpus: 1 }),
    ];
    expect(nodes.map((n) => feasible(pod, n))).toEqual([false, true, false]);
    expect(selectNode('best-fit', pod, nodes)).toBe(1);
    // unconstrained, the two tight nodes tie (100 after normalisation) and the smaller name wins
    expect(selectNode('best-fit', makePod({ cpu: 1000, gpus: 1 }), nodes)).toBe(0);
  });
  it('checks cpu, memory, pod room and devices', () => {
    const n = makeNode('n', { cpu: 4000, mem: 1000, pods: 1, gpuFree: [600, 1000] });
    expect(feasible(makePod({ cpu: 4000, mem: 1000, gpus: 1, milli: 600 }), n)).toBe(true);
    expect(feasible(makePod({ cpu: 4001, gpus: 1, milli: 600 }), n)).toBe(false);
    expect(feasible(makePod({ cpu: 1000, mem: 1001 }), n)).toBe(false);
    expect(feasible(makePod({ cpu: 1000, gpus: 2 }), n)).toBe(false);
    expect(feasible(makePod({ cpu: 1000, gpus: 2, milli: 500 }), n)).toBe(true);
    expect(feasible(makePod({ cpu: 1000 }), makeNode('cpu-only', { cpu: 8000 }))).toBe(true);
    expect(feasible(makePod({ cpu: 1000, gpus: 1, milli: 100 }), makeNode('cpu-only', { cpu: 8000 }))).toBe(false);
    n.podsFree = 0;
    expect(feasible(makePod({ cpu: 1000 }), n)).toBe(false);
  });
});
