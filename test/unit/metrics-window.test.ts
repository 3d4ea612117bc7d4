// Simulation.spec.metrics.window (README "Outputs"): JobSets count by submission time inside [start, end), and
// time-averaged metrics integrate over the window only. A hand-checkable run: a pool of 2 one-GPU nodes, zero
// latencies, three one-GPU JobSets of 1 h submitted at 0, 2 h and 4 h; the run ends at 5 h.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const SIM = 'apiVersion: jobset-sim.dev/v1alpha1';
const jobset = (name: string, at: string) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: ${name}, annotations: {jobset-sim.dev/submit-at: ${at}, jobset-sim.dev/duration: 1h}}
spec:
  replicatedJobs:
  - name: w
    template: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, resources: {requests: {nvidia.com/gpu: "1"}, limits: {nvidia.com/gpu: "1"}}}]}}}}
`;
const scenario = (metrics: string) => `${SIM}
kind: Simulation
metadata: {name: window}
spec:
  latencyProfile: zero
${metrics}
---
${SIM}
kind: NodePool
metadata: {name: gpu}
spec: {nodes: 2, resources: {cpu: "4", nvidia.com/gpu: "1"}, taints: []}
${jobset('a', '0s')}${jobset('b', '2h')}${jobset('c', '4h')}`;
const run = (metrics = '') => simulate({ texts: [{ file: 'window.yaml', text: scenario(metrics) }] }).result;

describe('metrics.window', () => {
  it('without a window: every JobSet counts, averages over [0, end]', () => {
    const r = run();
    expect(r.end).toBe(18000);
    expect(r.metrics.jobsets).toEqual({ submitted: 3, completed: 3, failed: 0, unfinished: 0 });
    expect(r.metrics.utilization['nvidia.com/gpu']).toBe(0.3); // 3 GPU-hours of 10
    expect((r.metrics.partialDomains as Record<string, number>).nodepool).toBe(0.6); // 1 of 2 nodes busy 3 h of 5
    expect(r.metrics.window).toBeUndefined();
  });

  it('{start: 1h, end: 4h}: only b counts; GPU-hours and partial pools over those 3 h', () => {
    const r = run('  metrics: {window: {start: 1h, end: 4h}}');
    expect(r.end).toBe(18000);
    expect(r.jobsets.map((j) => j.name)).toEqual(['a', 'b', 'c']); // all listed
    expect(r.metrics.jobsets).toEqual({ submitted: 1, completed: 1, failed: 0, unfinished: 0 });
    expect(r.metrics.completionTime.n).toBe(1);
    expect(r.metrics.utilization['nvidia.com/gpu']).toBe(0.166667); // 1 GPU-hour of 6
    expect((r.metrics.partialDomains as Record<string, number>).nodepool).toBe(0.333); // 1 h of 3
    expect(r.metrics.window).toEqual({ start: 3600, end: 14400 });
  });

  it('{start: 1h}: the window ends with the run', () => {
    const r = run('  metrics: {window: {start: 1h}}');
    expect(r.metrics.jobsets.submitted).toBe(2);
    expect(r.metrics.utilization['nvidia.com/gpu']).toBe(0.25); // 2 GPU-hours of 8
    expect(r.metrics.window).toEqual({ start: 3600, end: 18000 });
  });

  it('errors at the field', () => {
    expect(() => run('  metrics: {window: {start: 4h, end: 1h}}')).toThrow(
      'window.yaml: document 1 (Simulation window): spec.metrics.window.end: must be after start ("4h"), got "1h"',
    );
    expect(() => run('  metrics: {windw: {}}')).toThrow(
      'window.yaml: document 1 (Simulation window): spec.metrics.windw: unknown field; did you mean "window"?',
    );
  });
});
