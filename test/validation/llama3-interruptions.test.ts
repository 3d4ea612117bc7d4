// V1 (spec/hardware-and-failures.md §4): a Llama-3-like fleet (2,048 nodes × 8 H100, 54 days) under the 18
// per-cause rates of §3.1 (each count / (16,384 GPUs × 54 days), per GPU, exponential) and planned maintenance at
// 47/54 per day. Lightweight job model: the training job is synchronous and spans every node, so every fault on a
// node in service is one interruption of the job; the job's pods are not simulated (2,048-pod restarts × 466 do
// not fit a test budget), the faults go through the full cluster path (FaultModel → FaultInjector → nodes).
// Samples: 10 seeds (10 independent 54-day fleets, ≈4,660 faults in all).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

/** Spec §3.1 counts over 54 days on 16,384 GPUs, with the paper's categories. */
const CAUSES: [string, string, number][] = [
  ['faulty-gpu', 'GPU', 148],
  ['gpu-hbm3', 'GPU', 72],
  ['software-bug', 'Dependency', 54],
  ['network-switch-cable', 'Network', 35],
  ['host-maintenance-unplanned', 'UnplannedMaintenance', 32],
  ['gpu-sram', 'GPU', 19],
  ['gpu-gsp', 'GPU', 17],
  ['nic', 'Host', 7],
  ['nccl-watchdog', 'Unknown', 7],
  ['silent-data-corruption', 'GPU', 6],
  ['gpu-thermal', 'GPU', 6],
  ['ssd', 'Host', 3],
  ['psu', 'Host', 3],
  ['chassis', 'Host', 2],
  ['io-expansion-board', 'Host', 2],
  ['dependency', 'Dependency', 2],
  ['cpu', 'Host', 2],
  ['system-memory', 'Host', 2],
];
const GPU_DAYS = 16384 * 54;

function llama3Fleet(seed: number): string {
  const failures = CAUSES.map(
    ([cause, category, n]) =>
      `  - {cause: ${cause}, category: ${category}, per: device, ratePerDay: ${n / GPU_DAYS}, recovery: {lognormal: {median: 2h, sigma: 1}}}`,
  ).join('\n');
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: llama3-fleet}
spec: {seed: ${seed}, until: 54d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: h100}
spec: {nodes: 2048, gpu: {type: h100-80gb}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: llama3}
spec:
  failures:
${failures}
  maintenance:
  - {cause: planned, category: Planned, per: node, ratePerDay: ${47 / 54 / 2048}, notice: 1h, duration: 30m}
`;
}

describe('V1: Llama 3 interruptions (54 days, 16,384 H100)', () => {
  it('unexpected interruptions within the Poisson 95% band 379–459, GPU share ≈ 64%, hardware ≈ 77%', () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    let unexpected = 0;
    let planned = 0;
    let gpu = 0;
    let hardware = 0;
    let inBand = 0;
    for (const seed of seeds) {
      const r = simulate({ texts: [{ file: 'v1.yaml', text: llama3Fleet(seed) }] }, { retainEvents: false });
      const f = r.result.metrics.faults as { byKind: Record<string, number>; byCategory: Record<string, number> };
      const u = f.byKind.failure ?? 0;
      if (u >= 379 && u <= 459) inBand++;
      unexpected += u;
      planned += f.byKind.maintenance ?? 0;
      gpu += f.byCategory.GPU ?? 0;
      hardware += (f.byCategory.GPU ?? 0) + (f.byCategory.Network ?? 0) + (f.byCategory.Host ?? 0);
    }
    const n = seeds.length;
    // Each seed lands in the band with probability 0.95: P(≥ 8 of 10) = 0.988.
    expect(inBand).toBeGreaterThanOrEqual(8);
    // The mean of 10 Poisson(419) counts: standard error √(419/10) = 6.5; 3 SE = 19.4.
    expect(Math.abs(unexpected / n - 419)).toBeLessThan(19.4);
    // Planned: Poisson(47) per fleet; mean of 10 within 3 SE (6.5).
    expect(Math.abs(planned / n - 47)).toBeLessThan(6.5);
    // Cause mix over ≈4,190 unexpected interruptions: binomial SE 0.0074 (GPU), 0.0065 (hardware); 3 SE bands.
    expect(Math.abs(gpu / unexpected - 268 / 419)).toBeLessThan(0.022);
    expect(Math.abs(hardware / unexpected - 324 / 419)).toBeLessThan(0.02);
  });
});
