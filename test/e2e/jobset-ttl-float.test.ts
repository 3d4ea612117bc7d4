// Regression: a JobSet whose TTL expiry, computed in float seconds, lands a sub-µs hair after the clock
// (6254.923737 + 3600 = 9854.923737000001 > 9854.923737) was requeued with a 0 µs delay at the same instant
// forever (the hang of the 256-node fleet scenario behind scenarios/snapshot, at 2h44m14.923737s).
// Upstream (kubernetes-sigs/jobset pkg/controllers/ttl_after_finished.go, timeLeft / checkIfTTLExpired) works in
// integer time.Duration, where `remaining <= 0` deletes; the simulator now decides at whole µs.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const scenario = (submitAt: string) => `
apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: { name: ttl-float }
spec: { seed: 1, latencyProfile: zero }
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: cpu }
spec:
  nodes: 1
  resources: { cpu: "4", memory: 16Gi }
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: short
  annotations: { jobset-sim.dev/submit-at: ${submitAt}, jobset-sim.dev/duration: 1h }
spec:
  ttlSecondsAfterFinished: 3600
  replicatedJobs:
    - name: w
      replicas: 1
      template:
        spec:
          parallelism: 1
          completions: 1
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: c
                  image: busybox
                  resources: { requests: { cpu: "1", memory: 1Gi } }
`;

describe('JobSet ttlSecondsAfterFinished at a float-unfriendly finish time', () => {
  it('completes at submit + 1 h and is deleted exactly ttlSecondsAfterFinished later, then the run ends', () => {
    // Finishes at 6254.923737 s: the instant the fleet scenario looped at (minus the TTL).
    const run = simulate({ texts: [{ file: 'ttl-float.yaml', text: scenario('2654.923737s') }] }, { until: '4h' });
    expect(run.stoppedBy).toBe('until');
    const js = run.result.jobsets.find((j) => j.name === 'short');
    expect(js?.terminalState).toBe('Completed');
    const t = (type: string) => run.events.filter((e) => e.type === type).map((e) => e.t);
    expect(t('JobSetCompleted')).toEqual([6254.923737]);
    expect(t('JobSetDeleted')).toEqual([9854.923737]);
    // A handful of events, not a same-instant requeue storm.
    expect(run.engineEvents).toBeLessThan(200);
  });
});
