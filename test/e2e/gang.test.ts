// Gang scheduling (Simulation.spec.scheduler.gang), coscheduling-style: a gang's pods wait at Permit, keeping
// their reservations, until all are placed; a gang that cannot assemble releases them after gangTimeout.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

function scenario(gang: string, nodes: number, until = ''): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: gang}
spec: {seed: 1, scheduler: {gang: ${gang}, gangTimeout: 60s}, defaults: {podDuration: 10m}${until}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: ${nodes}, resources: {cpu: "2", memory: 8Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: train}
spec:
  parallelism: 4
  completions: 4
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
`;
}

describe('gang scheduling (scheduler.gang)', () => {
  it('gang: job binds all four pods together, after the last one is placed', () => {
    const { events } = simulate({ texts: [{ file: 'g.yaml', text: scenario('job', 4) }] });
    const bound = events.filter((e) => e.type === 'PodScheduled').map((e) => e.t);
    expect(bound).toHaveLength(4);
    expect(new Set(bound).size).toBe(1);
    const solo = simulate({ texts: [{ file: 'g.yaml', text: scenario('none', 4) }] }).events;
    const soloBound = solo.filter((e) => e.type === 'PodScheduled').map((e) => e.t);
    expect(new Set(soloBound).size).toBe(4); // one scheduling cycle each without a gang
    expect(Math.max(...bound)).toBeGreaterThanOrEqual(Math.max(...soloBound) - 1e-6);
  });

  it('a gang that cannot fit never binds part of itself: members are released after gangTimeout and retried', () => {
    const { events, result } = simulate({
      texts: [{ file: 'g.yaml', text: scenario('job', 2, ', until: 10m') }],
    });
    expect(events.filter((e) => e.type === 'PodScheduled')).toEqual([]);
    const sched = result.metrics.scheduler as { gangTimeouts: number };
    expect(sched.gangTimeouts).toBeGreaterThanOrEqual(2);
    expect(result.jobsets).toEqual([]);
  });

  it('released reservations are really freed: a single pod arriving later still gets a node', () => {
    const single = `---
apiVersion: batch/v1
kind: Job
metadata:
  name: single
  annotations: {jobset-sim.dev/submit-at: 5m}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
`;
    const { events } = simulate({
      texts: [{ file: 'g.yaml', text: scenario('job', 2, ', until: 20m') + single }],
    });
    const bound = events.filter((e) => e.type === 'PodScheduled');
    expect(bound.map((e) => e.job)).toEqual(['default/single']);
    // It waits at most one gangTimeout (60 s) for the gang's reservations to be released.
    expect(bound[0]!.t).toBeGreaterThan(300);
    expect(bound[0]!.t).toBeLessThan(300 + 61);
  });

  it('rejects an unknown gang mode, naming the field and the valid values', () => {
    expect(() => simulate({ texts: [{ file: 'g.yaml', text: scenario('team', 4) }] })).toThrow(
      /spec\.scheduler\.gang: expected none, job or jobset, got "team"/,
    );
  });
});
