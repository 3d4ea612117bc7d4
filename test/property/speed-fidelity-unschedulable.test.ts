// Unschedulable pods in speed mode against fidelity mode, on random clusters whose nodes change mid-run: a retry of a
// pod no node passes statically reuses its last attempt's counts while neither the nodes nor the pod changed
// (QueuedPod.noPassTotals), and the never-schedulable verdict counts the nodes outside a pinned pod's candidates by
// class (staticInfeasibility with StaticClasses) under the shape key. The FailedScheduling messages, the verdicts,
// the scheduler's counters and the placements must be fidelity mode's (every filter on every node, every attempt).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint } from '../../src/api/core.js';
import { harness } from '../support/scheduler-harness.js';

interface NodeSpec {
  cpu: number;
  gpu: number;
  /** 0: none; 1: a NoSchedule taint pods may tolerate; 2: a node.kubernetes.io one (not persistent). */
  taint: number;
  cordon: boolean;
  pool: number;
}
interface PodSpec {
  cpu: number;
  gpu: number;
  /** Pinned by hostname (possibly to a host that does not exist), else by pool, else anywhere. */
  pinHost: number | null;
  pool: number | null;
  tolerate: boolean;
  arriveAt: number;
  job: number;
}
/**
 * A change mid-run: cordon, taint, untaint or delete node `node` (modulo the node count), or delete pod `node`
 * (modulo the pod count): a pod event requeues the unschedulable pods with no node event between their attempts.
 */
interface Change {
  at: number;
  node: number;
  kind: 'cordon' | 'taint' | 'untaint' | 'delete' | 'deletePod';
}

const nodeArb = fc.record({
  cpu: fc.constantFrom(2, 8, 16),
  gpu: fc.constantFrom(0, 0, 4),
  taint: fc.constantFrom(0, 0, 1, 2),
  cordon: fc.constantFrom(false, false, false, true),
  pool: fc.integer({ min: 0, max: 3 }),
});
const podArb = fc.record({
  cpu: fc.constantFrom(500, 4000, 32000),
  gpu: fc.constantFrom(0, 0, 4, 8),
  pinHost: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 3 }),
  pool: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 2 }),
  tolerate: fc.boolean(),
  arriveAt: fc.integer({ min: 0, max: 3 }),
  job: fc.integer({ min: 0, max: 5 }),
});
const changeArb = fc.record({
  at: fc.integer({ min: 1, max: 400 }),
  node: fc.nat(),
  kind: fc.constantFrom(
    'cordon' as const,
    'taint' as const,
    'untaint' as const,
    'delete' as const,
    'deletePod' as const,
    'deletePod' as const,
  ),
});

function run(mode: 'speed' | 'fidelity', nodes: NodeSpec[], pods: PodSpec[], changes: Change[]) {
  const h = harness({ mode });
  nodes.forEach((n, i) => {
    const taints: Taint[] =
      n.taint === 1
        ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]
        : n.taint === 2
          ? [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]
          : [];
    const alloc: Record<string, string> = { cpu: String(n.cpu), memory: '64Gi', pods: '110' };
    if (n.gpu) alloc['nvidia.com/gpu'] = String(n.gpu);
    h.node(`n${i}`, alloc, { taints, unschedulable: n.cordon || undefined, labels: { pool: `p${n.pool}` } });
  });
  h.sim.run(0);
  pods.forEach((p, i) => {
    h.sim.at(p.arriveAt * 1e6, 0, () => {
      const requests: Record<string, string> = { cpu: `${p.cpu}m` };
      if (p.gpu) requests['nvidia.com/gpu'] = String(p.gpu);
      const spec: Partial<Pod['spec']> = {
        containers: [{ name: 'c', image: 'x', resources: { requests } }],
        tolerations: p.tolerate ? [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] : [],
      };
      if (p.pool !== null) spec.nodeSelector = { pool: `p${p.pool}` };
      if (p.pinHost !== null) spec.nodeSelector = { ...spec.nodeSelector, 'kubernetes.io/hostname': `n${p.pinHost}` };
      const pod = h.pod(`pod-${i}`, spec, { job: `j${p.job}` });
      // Pods of one job share an owner: the verdict is reported once per owner.
      pod.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: `j${p.job}`, uid: `j${p.job}` }];
    });
  });
  for (const c of changes) {
    h.sim.at(c.at * 1e6, 0, () => {
      if (c.kind === 'deletePod') {
        const pod = h.store.get<Pod>('Pod', 'default', `pod-${c.node % pods.length}`);
        if (pod) h.store.delete(pod);
        return;
      }
      const node = h.store.get<Node>('Node', undefined, `n${c.node % nodes.length}`);
      if (!node) return;
      if (c.kind === 'delete') {
        h.store.delete(node);
        return;
      }
      if (c.kind === 'cordon') node.spec.unschedulable = !node.spec.unschedulable;
      if (c.kind === 'taint') node.spec.taints = [{ key: 'dedicated', value: 'y', effect: 'NoExecute' }];
      if (c.kind === 'untaint') node.spec.taints = [];
      h.store.update(node);
    });
  }
  // Past two flushes of the unschedulable pods (every 5 min): retries with no event at all.
  h.sim.run(700e6);
  const failures = h.log.records
    .filter((e) => e.reason === 'FailedScheduling')
    .map((e) => `${e.object}: ${e.message as string}`);
  return { failures, never: h.never, stats: { ...h.scheduler.stats, busyUs: 0 }, placements: h.placements() };
}

describe('unschedulable pods: speed mode reports as fidelity mode', () => {
  it('same FailedScheduling messages, never-schedulable verdicts, counters and placements as nodes change', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 40 }),
        fc.array(podArb, { minLength: 1, maxLength: 60 }),
        fc.array(changeArb, { maxLength: 8 }),
        (nodes, pods, changes) => {
          const speed = run('speed', nodes, pods, changes);
          const fidelity = run('fidelity', nodes, pods, changes);
          expect(speed.failures).toEqual(fidelity.failures);
          expect(speed.never).toEqual(fidelity.never);
          expect(speed.stats).toEqual(fidelity.stats);
          expect(speed.placements).toEqual(fidelity.placements);
        },
      ),
      { numRuns: 60, seed: 9090 },
    );
  });

  it('a pinned pod whose host is missing or too small: the verdict counts every node, by class', () => {
    const nodes: NodeSpec[] = Array.from({ length: 30 }, (_, i) => ({
      cpu: 8,
      gpu: 0,
      taint: i % 5 === 1 ? 1 : 0,
      cordon: i % 7 === 3,
      pool: i % 2,
    }));
    const pod = (pinHost: number, cpu: number, job: number): PodSpec => ({
      cpu,
      gpu: 0,
      pinHost,
      pool: null,
      tolerate: false,
      arriveAt: 0,
      job,
    });
    const pods = [pod(99, 500, 0), pod(2, 64000, 1), pod(3, 500, 2)];
    const speed = run('speed', nodes, pods, []);
    expect(speed.never).toEqual(run('fidelity', nodes, pods, []).never);
    // No node has n99's label: NodeAffinity rejects all but the 6 with the untolerated taint (cordons pass the
    // never-schedulable check: a cordon may be lifted).
    expect(speed.never).toContain(
      "pod-0: pod shape {cpu: 500m} fits no node, whatever else runs: 0/30 nodes are available: 24 node(s) didn't match Pod's node affinity/selector, 6 node(s) had untolerated taint {dedicated: x}.",
    );
    expect(speed.never.find((m) => m.startsWith('pod-1:'))).toContain('Largest allocatable on any node: cpu 8.');
    // n3 is only cordoned: pod-2 is unschedulable, not never-schedulable.
    expect(speed.never.some((m) => m.startsWith('pod-2:'))).toBe(false);
    // Each is retried at the flushes (no node event between): the same counts each time.
    const pod0 = speed.failures.filter((m) => m.startsWith('default/pod-0:'));
    expect(pod0.length).toBe(3);
    expect(new Set(pod0).size).toBe(1);
  });
});
