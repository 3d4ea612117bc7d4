// PodGC's terminated-pod threshold (src/controllers/node/terminated-pod-gc.ts), after kubernetes
// pkg/controller/podgc/gc_controller.go gcTerminated and byEvictionAndCreationTimestamp: above the threshold the
// surplus is force-deleted on the next check (every 20 s), evicted pods first, then the oldest, names breaking ties.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import type { ControllerContext } from '../../src/controllers/context.js';
import { TerminatedPodGC } from '../../src/controllers/node/terminated-pod-gc.js';
import { Phase } from '../../src/engine/simulator.js';
import { simulate } from '../../src/simulate.js';
import { simStore } from '../support/sim-store.js';

const S = 1_000_000;

function setup(threshold: number) {
  const { sim, store } = simStore();
  const ctx = { sim, store, lat: { podGC: 20 * S } } as unknown as ControllerContext;
  new TerminatedPodGC(ctx, threshold);
  const deleted: { name: string; at: number }[] = [];
  store.watch<Pod>('Pod', (type, pod) => {
    if (type === 'DELETED') deleted.push({ name: pod.metadata.name, at: sim.now / S });
  });
  /** A pod created at `created` s and finished at `finished` s with `phase` (and status reason). */
  const pod = (name: string, created: number, finished: number, phase: 'Succeeded' | 'Failed', reason?: string) => {
    sim.at(created * S, Phase.Arrival, () =>
      store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'x' }], nodeName: 'n0' },
        status: { phase: 'Running' },
      }),
    );
    sim.at(finished * S, Phase.Kubelet, () => {
      const p = store.get<Pod>('Pod', 'default', name)!;
      p.status.phase = phase;
      if (reason) p.status.reason = reason;
      store.updateStatus(p);
    });
  };
  return { sim, store, deleted, pod };
}

describe('PodGC terminated-pod threshold', () => {
  it('deletes the surplus on the next 20 s check: evicted first, then oldest creationTimestamp', () => {
    const { sim, store, deleted, pod } = setup(2);
    pod('a', 1, 30, 'Succeeded');
    pod('b', 2, 31, 'Failed');
    pod('c', 3, 32, 'Succeeded');
    pod('d', 4, 33, 'Succeeded');
    pod('e', 5, 34, 'Failed', 'Evicted');
    sim.run(100 * S);
    // At 40 s, five terminated pods against a threshold of 2: three go, the evicted `e` before the oldest two.
    expect(deleted).toEqual([
      { name: 'e', at: 40 },
      { name: 'a', at: 40 },
      { name: 'b', at: 40 },
    ]);
    expect([...store.list<Pod>('Pod')].map((p) => p.metadata.name)).toEqual(['c', 'd']);
  });

  it('breaks creationTimestamp ties by name, and counts only terminated pods', () => {
    const { sim, store, deleted, pod } = setup(1);
    pod('z', 1, 10, 'Succeeded');
    pod('y', 1, 11, 'Succeeded');
    pod('x', 1, 12, 'Succeeded');
    // Still running: never counted, never deleted.
    sim.at(0, Phase.Arrival, () =>
      store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'running', namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'x' }], nodeName: 'n0' },
        status: { phase: 'Running' },
      }),
    );
    sim.run(100 * S);
    expect(deleted).toEqual([
      { name: 'x', at: 20 },
      { name: 'y', at: 20 },
    ]);
    expect([...store.list<Pod>('Pod')].map((p) => p.metadata.name).sort()).toEqual(['running', 'z']);
  });

  it('at or below the threshold nothing is scheduled; threshold 0 disables the check', () => {
    for (const threshold of [3, 0]) {
      const { sim, store, deleted, pod } = setup(threshold);
      pod('a', 1, 10, 'Succeeded');
      pod('b', 2, 11, 'Succeeded');
      pod('c', 3, 12, 'Failed');
      sim.run(100 * S);
      expect(deleted).toEqual([]);
      expect(store.count('Pod')).toBe(3);
    }
  });

  it('Simulation.spec.terminatedPodGCThreshold: a Job of 4 pods one after another', () => {
    const text = (threshold: string) => `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: podgc}
spec: {seed: 1, defaults: {podDuration: 10m}${threshold}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 1, resources: {cpu: "2", memory: 8Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: seq}
spec:
  parallelism: 1
  completions: 4
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
`;
    const gc = simulate({ texts: [{ file: 'p.yaml', text: text(', terminatedPodGCThreshold: 1') }] });
    const deletedPods = gc.events.filter((e) => e.type === 'PodDeleted');
    // Pods 0 and 1 are deleted at the 20 s check after the next one has finished; the run ends (quiet) when the Job
    // completes, before the check that would delete pod 2.
    expect(deletedPods).toHaveLength(2);
    for (const e of deletedPods) expect(e.t % 20).toBe(0);
    const created = gc.events.filter((e) => e.type === 'PodCreated').map((e) => e.pod);
    expect(deletedPods.map((e) => e.pod)).toEqual(created.slice(0, 2));
    expect(gc.events.some((e) => e.type === 'JobCompleted')).toBe(true);
    const plain = simulate({ texts: [{ file: 'p.yaml', text: text('') }] });
    expect(plain.events.filter((e) => e.type === 'PodDeleted')).toHaveLength(0);
    // The Job's own outcome does not depend on its finished pods being kept.
    expect(gc.result.metrics.scheduler).toEqual(plain.result.metrics.scheduler);
  });

  it('rejects a negative threshold, naming the field', () => {
    expect(() =>
      simulate({
        texts: [
          {
            file: 'bad.yaml',
            text: 'apiVersion: jobset-sim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec: {terminatedPodGCThreshold: -1}\n',
          },
        ],
      }),
    ).toThrow(/spec\.terminatedPodGCThreshold/);
  });
});
