// V2 (spec/hardware-and-failures.md §4): job mean time to failure against its GPU count, for independent node
// failures at r_f = 6.50e-3 per node-day (Meta RSC-1): MTTF(N) = 8/(r_f·N) days, i.e. 153.8 d at 8 GPUs, 28.8 h at
// 1,024, 1.80 h at 16,384 and 0.225 h at 131,072. Lightweight job model: a synchronous job spanning a node pool is
// interrupted by every failure of one of its nodes, so the job's MTTF is measured as the pools' exposure time
// divided by the failures the FaultModel injects into them (the faults go through the full cluster path; the pods
// are not simulated). Several identical pools stand for independent jobs where one would see too few failures.
// Samples: ≈4,000 failures per size (relative standard error 1.6%; the 5% band is 3 standard errors).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const RF = 6.5e-3;

function fleet(gpus: number, jobs: number, days: number): string {
  const nodes = gpus / 8;
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: mttf-${gpus}}
spec: {seed: 1, until: ${days}d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: job}
spec: {replicas: ${jobs}, nodes: ${nodes}, gpu: {type: h100-80gb}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: rsc1}
spec:
  failures:
  - {cause: hardware, per: node, ratePerDay: ${RF}, recovery: 1s}
`;
}

describe('V2: job MTTF against GPU count (r_f = 6.5e-3 per node-day)', () => {
  it.each([
    // [GPUs, jobs (pools), days simulated]
    [8, 2048, 300],
    [1024, 16, 300],
    [16384, 1, 300],
    [131072, 1, 38],
  ])('%i GPUs (%i jobs, %i days): within five per cent of 8/(r_f·N) days', (gpus, jobs, days) => {
    const r = simulate({ texts: [{ file: 'v2.yaml', text: fleet(gpus, jobs, days) }] }, { retainEvents: false });
    const failures = (r.result.metrics.faults as { total: number }).total;
    expect(failures).toBeGreaterThan(3500);
    const mttfHours = (jobs * days * 24) / failures;
    const analytic = (8 / (RF * gpus)) * 24;
    expect(Math.abs(mttfHours / analytic - 1)).toBeLessThan(0.05);
  });
});
