// V3 (spec/hardware-and-failures.md §4): the training-progress model against the checkpoint/restart arithmetic.
// (a) BLOOM: a 3 h checkpoint interval loses on average 1.5 h of work per crash (interval/2; exactly
//     1/λ − τ·e^(−λτ)/(1 − e^(−λτ)) = 1.49 h for failures at λ = 0.02/h while running).
// (b) The worked ETTR check: M = 7.9 h, δ = 36 s, R = 18 min at τ* = √(2Mδ) = 23.9 min gives
//     ETTR ≈ 1/(1 + √(2δ/M) + R/M) = 0.919 to first order.
// Failures are application failures (jobset-sim.dev/failure-rate, Poisson while every pod runs) of 1-pod JobSets
// under the zero latency profile, so each failure costs exactly the lost work plus the restart overhead.
// Samples: (a) 5 JobSets × 200 days ≈ 480 failures; (b) 150 days ≈ 450 failures.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

function scenario(days: number, jobsets: number, ann: Record<string, string>): string {
  const a = Object.entries(ann)
    .map(([k, v]) => `    jobset-sim.dev/${k}: "${v}"`)
    .join('\n');
  const js = Array.from(
    { length: jobsets },
    (_, i) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: train-${i}
  annotations:
${a}
spec:
  failurePolicy: {maxRestarts: 100000}
  replicatedJobs:
  - name: w
    template:
      spec:
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "4"}}}]
`,
  ).join('');
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: v3}
spec: {seed: 1, latencyProfile: zero, until: ${days}d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: ${jobsets}, resources: {cpu: "4"}}
${js}`;
}

describe('V3: checkpoint interval, lost work and ETTR', () => {
  it('BLOOM: a 3 h checkpoint interval loses ≈1.5 h per crash', () => {
    const text = scenario(200, 5, { 'total-work': '400d', 'checkpoint-interval': '3h', 'failure-rate': '0.02' });
    const { result } = simulate({ texts: [{ file: 'v3a.yaml', text }] }, { retainEvents: false });
    const g = result.metrics.goodput as { lostWork: number; interruptions: Record<string, number> };
    const n = g.interruptions.application ?? 0;
    expect(n).toBeGreaterThan(400);
    const lam = 0.02;
    const tau = 3;
    const exact = 1 / lam - (tau * Math.exp(-lam * tau)) / (1 - Math.exp(-lam * tau));
    // Lost work per crash is spread over [0, 3 h] (standard deviation ≈ 0.87 h): 3 standard errors of the mean.
    expect(Math.abs(g.lostWork / 3600 / n - exact)).toBeLessThan((3 * 0.87) / Math.sqrt(n));
  });

  it('ETTR at the Young/Daly interval lands within 1.2 points of 1/(1 + √(2δ/M) + R/M) = 0.919', () => {
    const text = scenario(150, 1, {
      'total-work': '400d',
      'checkpoint-interval': '1434s',
      'checkpoint-cost': '36s',
      'restart-overhead': '18m',
      'failure-rate': String(1 / 7.9),
    });
    const { result } = simulate({ texts: [{ file: 'v3b.yaml', text }] }, { retainEvents: false });
    const p = result.jobsets[0]!.progress!;
    const M = 7.9 * 3600;
    const formula = 1 / (1 + Math.sqrt((2 * 36) / M) + (18 * 60) / M);
    // ≈450 failures each costing R + τ/2 ≈ 30 min: ±0.3 points of sampling noise, plus the formula's first-order
    // error (it ignores failures during checkpoints and restarts).
    expect(Math.abs(p.goodput! - formula)).toBeLessThan(0.012);
  });
});
