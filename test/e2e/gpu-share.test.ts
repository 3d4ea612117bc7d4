// GPU sharing end to end with written manifests (README "GPU sharing"): a NodePool with Open-GPU-Share devices, Jobs
// whose pod templates carry the annotations, device reuse after a pod ends, a model no node has, and utilisation.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const job = (name: string, pods: number, annotations: string) => `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  parallelism: ${pods}
  completions: ${pods}
  template:
    metadata: {annotations: {${annotations}}}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
`;

const scenario = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: share}
spec: {seed: 1, latencyProfile: zero, defaults: {podDuration: 10m}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: t4}
spec:
  nodes: 1
  labels: {alibabacloud.com/gpu-card-model: T4}
  resources: {cpu: "16", memory: 64Gi, alibabacloud.com/gpu-count: "2", alibabacloud.com/gpu-milli: "2000"}
${job('share', 3, 'alibabacloud.com/gpu-milli: "600", alibabacloud.com/gpu-count: "1"')}${job(
  'a100',
  1,
  'alibabacloud.com/gpu-milli: "500", alibabacloud.com/gpu-count: "1", alibabacloud.com/gpu-card-model: A100',
)}`;

describe('GPU sharing with written manifests', () => {
  const run = simulate({ texts: [{ file: 'share.yaml', text: scenario }] }, { until: '1h' });
  const scheduled = run.events.filter((e) => e.type === 'PodScheduled' && String(e.job) === 'default/share');

  it('two 600-milli pods take one device each; the third waits for a device and then reuses it', () => {
    expect(scheduled.map((e) => [e.t, e.gpuIndex])).toEqual([
      [0, '0'],
      [0, '1'],
      [600, '0'],
    ]);
  });

  it('a pod asking a GPU model no node has is reported as never schedulable', () => {
    const w = run.result.warnings.filter((x) => x.code === 'NeverSchedulable');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain("node(s) didn't match Pod's GPU model (alibabacloud.com/gpu-card-model)");
  });

  it('utilisation counts milli-GPUs: 1200 of 2000 milli for 600 s, then 600 for 600 s', () => {
    const end = run.result.end;
    expect(end).toBe(3600);
    expect(run.result.metrics.utilization['alibabacloud.com/gpu-milli']).toBeCloseTo(
      (1200 * 600 + 600 * 600) / (2000 * end),
      5,
    );
  });
});
