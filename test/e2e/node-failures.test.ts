// Node failure, recovery and deletion through Script actions: the node lifecycle controller, taint-based
// eviction (DefaultTolerationSeconds 300 s), PodGC, and what the Job sees (spec/hardware-and-failures.md §6).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

function scenario(actions: string, restartPolicy = 'Never'): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: nodes}
spec: {seed: 1, defaults: {podDuration: 1h}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: pool}
spec: {nodes: 1, resources: {cpu: "4", memory: 16Gi}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: spare}
spec: {nodes: 1, resources: {cpu: "4", memory: 16Gi}, labels: {spare: "true"}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: train}
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: ${restartPolicy}
      nodeSelector: {cloud.google.com/gke-nodepool: pool}
      containers: [{name: c, image: x, resources: {requests: {cpu: "4"}}}]
---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: s}
spec:
  actions:
${actions}
`;
}

describe('failNode / recoverNode / deleteNode (node lifecycle controller, taint manager, PodGC)', () => {
  it('a failed node is NotReady after 40 s; its pod is evicted 300 s later and stays terminating until recovery', () => {
    const { events } = simulate({
      texts: [
        {
          file: 'n.yaml',
          text: scenario(
            '  - {at: 10m, failNode: {node: pool-node-0}}\n  - {at: 20m, recoverNode: {node: pool-node-0}}',
          ),
        },
      ],
    });
    const at = (type: string) => events.filter((e) => e.type === type).map((e) => e.t);
    expect(at('NodeFailed')).toEqual([600]);
    expect(at('NodeRecovered')).toEqual([1200]);
    // Unreachable at 640 (nodeMonitorGracePeriod 40 s), evicted at 940 (+300 s toleration): the eviction only
    // marks and deletes the pod; with the kubelet down the deletion cannot finish. Under TerminatingOrFailed
    // the Job replaces it at once, after the pod-failure backoff (10 s from the deletion) → 950, but the
    // replacement cannot be scheduled: the only matching node is tainted unreachable. After recovery at 1200
    // the kubelet terminates the old pod (podTermination 1 s) and the replacement is scheduled.
    const evicted = events.find((e) => e.type === 'PodCreated');
    expect(evicted?.t).toBeCloseTo(0.01, 6);
    expect(events.filter((e) => e.type === 'PodFailed').map((e) => e.t)).toEqual([1201]);
    const created = events.filter((e) => e.type === 'PodCreated').map((e) => e.t);
    expect(created).toEqual([0.01, 950]);
    const scheduled = events.filter((e) => e.type === 'PodScheduled').map((e) => e.t);
    expect(scheduled[1]!).toBeGreaterThan(1201);
    expect(events.find((e) => e.type === 'JobCompleted')?.t).toBeCloseTo(scheduled[1]! + 5 + 3600 + 1, 6);
  });

  it('a deleted node has its pods failed and removed by PodGC (DeletionByPodGC); the Job replaces them elsewhere', () => {
    const { events, result } = simulate({
      texts: [
        {
          file: 'n.yaml',
          text: scenario(
            '  - {at: 0s, cordon: {node: spare-node-0}}\n  - {at: 5m, uncordon: {node: spare-node-0}}\n  - {at: 10m, deleteNode: {node: pool-node-0}}',
          ).replace('nodeSelector: {cloud.google.com/gke-nodepool: pool}', 'nodeSelector: {}'),
        },
      ],
    });
    expect(events.filter((e) => e.type === 'NodeDeleted').map((e) => e.t)).toEqual([600]);
    // PodGC runs 20 s after the deletion: the pod is Failed and removed at 620.
    const podFailed = events.find((e) => e.type === 'PodFailed');
    expect(podFailed?.t).toBe(620);
    const second = events.filter((e) => e.type === 'PodScheduled')[1];
    expect(second?.node).toBe('spare-node-0');
    expect(result.metrics.jobsets).toBeDefined();
    expect(events.some((e) => e.type === 'JobCompleted')).toBe(true);
  });

  it('under OnFailure a node that comes back restarts the lost container in place (CrashLoopBackOff 10 s)', () => {
    const { events } = simulate({
      texts: [
        {
          file: 'n.yaml',
          text: scenario(
            '  - {at: 10m, failNode: {node: pool-node-0}}\n  - {at: 11m, recoverNode: {node: pool-node-0}}',
            'OnFailure',
          ),
        },
      ],
    });
    // Recovered before the eviction: the pod keeps its node; its container restarts after 10 s and runs the
    // whole hour again: it succeeds at 660 + 10 + 3600.
    expect(events.filter((e) => e.type === 'PodCreated')).toHaveLength(1);
    expect(events.find((e) => e.type === 'PodSucceeded')?.t).toBe(4270);
  });
});
