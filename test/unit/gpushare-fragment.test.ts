// The fragmentation measure (spec/fgd.md §3.1) and the target workload (§2) on hand-computed nodes; the
// arithmetic is written beside each expectation.
import { describe, expect, it } from 'vitest';
import {
  classFragment,
  fgdDeviceChoice,
  fgdScoreOfFrag,
  fragmentAfterSub,
  makePod,
  nodeFragment,
  targetWorkload,
  workloadOf,
} from '../../src/gpushare/index.js';

// M: A = (4 cores, 500 milli × 1) p 0.5; B = (8 cores, 1 whole GPU) p 0.25; C = CPU-only 2 cores, p 0.25.
const M = workloadOf([
  { cpu: 4000, gpuMilli: 500, numGpu: 1, gpuSpec: '', p: 0.5 },
  { cpu: 8000, gpuMilli: 1000, numGpu: 1, gpuSpec: '', p: 0.25 },
  { cpu: 2000, gpuMilli: 0, numGpu: 0, gpuSpec: '', p: 0.25 },
]);
const A = M.classes[0]!;
const B = M.classes[1]!;
const C = M.classes[2]!;

describe('F_n(m) per class', () => {
  // node: 6 cores free, devices free (300, 1000, 700, 0): U = 2000
  const f = Int32Array.from([300, 1000, 700, 0]);
  it('a class that fits counts only the leftovers below its q (q3)', () => {
    // A: devices with free ≥ 500 are 1000 and 700 (2 ≥ k=1), 6000 ≥ 4000 cpu: fragment = 300 + 0 = 300
    expect(classFragment(6000, '', f, A)).toEqual({ category: 'q3', fragment: 300 });
  });
  it('enough GPU but too little CPU makes all idle GPU fragment (q4)', () => {
    // B: one device of 1000 ≥ 1000, but 6000 < 8000 cpu: fragment = U = 2000
    expect(classFragment(6000, '', f, B)).toEqual({ category: 'q4', fragment: 2000 });
  });
  it('too few devices: q2 with the CPU, q1 without', () => {
    // a 2-GPU whole class needs two devices of 1000: only one, so U = 2000 either way
    const twoWhole = { cpu: 1000, gpuMilli: 1000, numGpu: 2, gpuSpec: '' };
    expect(classFragment(6000, '', f, twoWhole)).toEqual({ category: 'q2', fragment: 2000 });
    expect(classFragment(500, '', f, twoWhole)).toEqual({ category: 'q1', fragment: 2000 });
  });
  it('a CPU-only class counts all idle GPU, whether or not its CPU fits (xl, xr)', () => {
    expect(classFragment(6000, '', f, C)).toEqual({ category: 'xl', fragment: 2000 });
    expect(classFragment(1000, '', f, C)).toEqual({ category: 'xr', fragment: 2000 });
  });
  it('a class whose models exclude the node counts all idle GPU (no_access)', () => {
    const v100 = { cpu: 1000, gpuMilli: 500, numGpu: 1, gpuSpec: 'V100M16|V100M32' };
    expect(classFragment(6000, 'P100', f, v100)).toEqual({ category: 'no_access', fragment: 2000 });
    expect(classFragment(6000, 'V100M32', f, v100)).toEqual({ category: 'q3', fragment: 300 });
    expect(classFragment(6000, '', f, v100)).toEqual({ category: 'no_access', fragment: 2000 });
  });
});

describe('F_n(M) and the FGD score', () => {
  it('weights the classes by popularity', () => {
    // 0.5·300 (A, q3) + 0.25·2000 (B, q4) + 0.25·2000 (C, xl) = 150 + 500 + 500 = 1150
    expect(nodeFragment(6000, '', Int32Array.from([300, 1000, 700, 0]), M)).toBe(1150);
    // an empty 2-GPU node with 16 cores: A fits, leftover 0; B fits, 0; C counts U = 2000: 0.25·2000 = 500
    expect(nodeFragment(16000, '', Int32Array.from([1000, 1000]), M)).toBe(500);
    // a node with no GPU left has no fragment
    expect(nodeFragment(16000, '', Int32Array.from([0, 0]), M)).toBe(0);
  });

  it('a sharing pod takes the device whose placement grows fragmentation least', () => {
    // pod (1 core, 500 milli) on (6 cores; 300, 1000, 700, 0), F = 1150:
    //   device 1 → (300, 500, 700, 0), 5 cores, U 1500: A q3 0.5·300; B no device of 1000 → q1 0.25·1500;
    //     C 0.25·1500: F' = 150 + 375 + 375 = 900, Δ = −250, 100·σ(0.25) = 56.2 → 56
    //   device 2 → (300, 1000, 200, 0): A q3 0.5·(300 + 200) = 250; B q4 375; C 375: F' = 1000, Δ = −150 → 53
    const pod = makePod({ cpu: 1000, gpus: 1, milli: 500 });
    const r = fgdDeviceChoice(pod, 6000, '', Int32Array.from([300, 1000, 700, 0]), M);
    expect(r).toEqual({ score: 56, device: 1 });
    expect(fgdScoreOfFrag(1150, 1000)).toBe(53);
  });

  it('Δ = 0 scores exactly 50', () => {
    // a CPU-only pod of 1 core on 16 cores changes no class's category: F' = F
    const pod = makePod({ cpu: 1000 });
    const f = Int32Array.from([1000, 500]);
    expect(fragmentAfterSub(pod, 16000, '', f, M)).toBe(nodeFragment(16000, '', f, M));
    expect(fgdDeviceChoice(pod, 16000, '', f, M).score).toBe(50);
  });

  it('a CPU-only pod grows fragmentation through classes it leaves without CPU (q3 → q4)', () => {
    // (9 cores; 1000, 1000): A q3 0, B q3 0, C xl 0.25·2000 = 500. A 2-core pod leaves 7 cores < 8 (B):
    // B becomes q4 0.25·2000 = 500: F' = 1000, Δ = 500, 100·σ(−0.5) = 37.75 → 37
    const pod = makePod({ cpu: 2000 });
    const f = Int32Array.from([1000, 1000]);
    expect(fragmentAfterSub(pod, 9000, '', f, M)).toBe(1000);
    expect(fgdDeviceChoice(pod, 9000, '', f, M).score).toBe(37);
  });

  it('a whole-GPU pod is subtracted from the lowest-index fully free devices', () => {
    // (16 cores; 1000, 400, 1000): a 1-GPU pod of 8 cores takes device 0 → (0, 400, 1000), 8 cores, U 1400:
    // A: device ≥ 500 is 1000 only, q3 leftover 0 + 400 → 0.5·400 = 200; B q3 (1 device, 8000 ≥ 8000) leftover
    // 400 → 0.25·400 = 100; C 0.25·1400 = 350: F' = 650
    const pod = makePod({ cpu: 8000, gpus: 1 });
    expect(fragmentAfterSub(pod, 16000, '', Int32Array.from([1000, 400, 1000]), M)).toBe(650);
  });
});

describe('target workload M', () => {
  const shape = (cpu: number, gpus = 0, milli = 1000) => makePod({ cpu, gpus, milli });
  // 10 pods: X = (1 core, 500 m) ×5, Y = (2 cores, 1 GPU) ×3, Z = CPU-only 3 cores ×1, W = CPU-only 4 cores ×1
  const pods = [
    ...Array.from({ length: 5 }, () => shape(1000, 1, 500)),
    ...Array.from({ length: 3 }, () => shape(2000, 1)),
    shape(3000),
    shape(4000),
  ];
  it('keeps the shortest popular prefix reaching the threshold and renormalises it', () => {
    // 80% of 10 = 8: X (5) + Y (3) = 8 ≥ 8; p = (5/10)/(8/10) = 0.625, (3/10)/(8/10) = 0.375
    const w = targetWorkload(pods, 80);
    expect(w.classes.map((c) => [c.cpu, c.count])).toEqual([
      [1000, 5],
      [2000, 3],
    ]);
    expect(w.classes[0]!.p).toBeCloseTo(0.625, 12);
    expect(w.classes[1]!.p).toBeCloseTo(0.375, 12);
    expect(w.distinctShapes).toBe(4);
    expect(w.coverage).toBe(0.8);
  });
  it('breaks count ties toward the larger shape', () => {
    // 90%: 9 pods needed, so one of Z, W (1 each) joins: the larger shape (cpu 4000) first
    const w = targetWorkload(pods, 90);
    expect(w.classes.map((c) => c.cpu)).toEqual([1000, 2000, 4000]);
    expect(w.classes.reduce((s, c) => s + c.p, 0)).toBeCloseTo(1, 12);
  });
  it('keeps every class, unnormalised, when the threshold needs them all', () => {
    const w = targetWorkload(pods, 100);
    expect(w.classes).toHaveLength(4);
    expect(w.classes.map((c) => c.p)).toEqual([0.5, 0.3, 0.1, 0.1]);
  });
});
