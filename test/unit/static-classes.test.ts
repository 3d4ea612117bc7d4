// The static rejection counts of a pod pinned to a few nodes (ShapeEntry.staticTotals with StaticClasses): the nodes
// outside the nodeSelector's candidates are counted per class of cordon and taints, not visited. The
// FailedScheduling messages must be exactly fidelity mode's (every filter on every node), whatever the classes, and
// stay right as nodes are cordoned, tainted and deleted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Taint } from '../../src/api/core.js';
import { harness } from '../support/scheduler-harness.js';

const failures = (h: ReturnType<typeof harness>) =>
  h.log.records.filter((e) => e.reason === 'FailedScheduling').map((e) => `${e.object}: ${e.message as string}`);

function run(mode: 'speed' | 'fidelity') {
  const h = harness({ mode });
  for (let i = 0; i < 40; i++) {
    h.node(
      `n${i}`,
      { cpu: i % 5 === 0 ? '1' : '8', memory: '16Gi', pods: '110' },
      {
        unschedulable: i % 7 === 3 || undefined,
        taints:
          i % 4 === 1
            ? [{ key: 'dedicated', value: i % 8 === 1 ? 'a' : 'b', effect: 'NoSchedule' }]
            : i % 9 === 2
              ? [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }]
              : undefined,
        labels: { pool: `p${i % 3}` },
      },
    );
  }
  h.sim.run(0);
  const pin = (name: string, sel: Record<string, string>, cpu: string, tolerate?: string) =>
    h.pod(name, {
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }],
      nodeSelector: sel,
      tolerations: tolerate ? [{ key: 'dedicated', operator: 'Equal', value: tolerate, effect: 'NoSchedule' }] : [],
    });
  // Pinned to a node too small, to a cordoned one, to a tainted one, to a missing host; a pool with no room.
  pin('small', { 'kubernetes.io/hostname': 'n5' }, '2');
  pin('cordoned', { 'kubernetes.io/hostname': 'n3' }, '1');
  pin('tainted', { 'kubernetes.io/hostname': 'n1' }, '1');
  pin('tolerates-a', { 'kubernetes.io/hostname': 'n1' }, '100', 'a');
  pin('missing', { 'kubernetes.io/hostname': 'n99' }, '1');
  pin('pool', { pool: 'p1' }, '64', 'b');
  h.sim.run(1e6);
  // The classes change: a cordon, a new taint, a deletion; the same pods retry after their backoff.
  const n6 = h.store.get<Node>('Node', undefined, 'n6')!;
  n6.spec.unschedulable = true;
  h.store.update(n6);
  const n8 = h.store.get<Node>('Node', undefined, 'n8')!;
  n8.spec.taints = [{ key: 'dedicated', value: 'a', effect: 'NoExecute' }];
  h.store.update(n8);
  h.store.delete(h.store.get<Node>('Node', undefined, 'n10')!);
  h.sim.run(30e6);
  return {
    failures: failures(h),
    never: h.never,
    stats: { ...h.scheduler.stats, busyUs: 0 },
    placements: h.placements(),
  };
}

describe('static rejection counts of pinned pods by node class', () => {
  it('gives fidelity mode’s FailedScheduling messages, before and after the classes change', () => {
    const speed = run('speed');
    const fidelity = run('fidelity');
    expect(speed.failures).toEqual(fidelity.failures);
    expect(speed.stats).toEqual(fidelity.stats);
    expect(speed.placements).toEqual(fidelity.placements);
    // The counts themselves, for the pod pinned to a missing host: 40 nodes, 6 cordoned (NodeUnschedulable first),
    // 9 more with an untolerated NoSchedule taint, the other 25 rejected by NodeAffinity.
    expect(speed.failures).toContain(
      "default/missing: 0/40 nodes are available: 25 node(s) didn't match Pod's node affinity/selector, " +
        '4 node(s) had untolerated taint {dedicated: a}, 5 node(s) had untolerated taint {dedicated: b}, ' +
        '6 node(s) were unschedulable.',
    );
    expect(speed.failures.length).toBeGreaterThan(6);
  });

  it('gives fidelity mode’s never-schedulable verdicts (the walk over every node), classes or not', () => {
    const speed = run('speed');
    const fidelity = run('fidelity');
    expect(speed.never).toEqual(fidelity.never);
    // The pod pinned to a missing host has no candidate node: every count comes from the classes.
    expect(speed.never).toContain(
      'missing: pod shape {cpu: 1} fits no node, whatever else runs: 0/40 nodes are available: ' +
        "30 node(s) didn't match Pod's node affinity/selector, 5 node(s) had untolerated taint {dedicated: a}, " +
        '5 node(s) had untolerated taint {dedicated: b}.',
    );
    // Rejected for its resources on its only candidate: the walk names the largest allocatable on any node.
    expect(speed.never.find((m) => m.startsWith('pool: '))).toMatch(/Largest allocatable on any node: cpu 8\.$/);
  });
});

// Random clusters (labels, cordons, taints the never-schedulable check ignores or not) and pods pinned to a host, a
// missing host or a pool: the verdicts with node classes equal the walk over every node.
describe('never-schedulable verdicts by node class (property)', () => {
  const taint = fc.constantFrom<Taint | undefined>(
    undefined,
    { key: 'dedicated', value: 'a', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'b', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  );
  const node = fc.record({ cpu: fc.constantFrom('1', '4', '8'), cordon: fc.boolean(), taint, pool: fc.nat(2) });
  const pod = fc.record({
    host: fc.nat(12),
    byPool: fc.boolean(),
    cpu: fc.constantFrom('1', '6', '16'),
    tolerate: fc.constantFrom(undefined, 'a', 'b'),
  });
  type NodeCase = { cpu: string; cordon: boolean; taint: Taint | undefined; pool: number };
  type PodCase = { host: number; byPool: boolean; cpu: string; tolerate: string | undefined };
  function verdicts(mode: 'speed' | 'fidelity', nodes: NodeCase[], pods: PodCase[]) {
    const h = harness({ mode });
    for (const [i, n] of nodes.entries()) {
      h.node(
        `n${i}`,
        { cpu: n.cpu, memory: '16Gi', pods: '110' },
        {
          unschedulable: n.cordon || undefined,
          taints: n.taint ? [n.taint] : undefined,
          labels: { pool: `p${n.pool}` },
        },
      );
    }
    h.sim.run(0);
    for (const [i, p] of pods.entries()) {
      h.pod(`p${i}`, {
        containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: p.cpu } } }],
        nodeSelector: p.byPool ? { pool: `p${p.host % 3}` } : { 'kubernetes.io/hostname': `n${p.host}` },
        tolerations: p.tolerate ? [{ key: 'dedicated', operator: 'Equal', value: p.tolerate }] : [],
      });
    }
    h.sim.run(5e6);
    return h.never;
  }
  it('equal the walk over every node', () => {
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 1, maxLength: 10 }),
        fc.array(pod, { minLength: 1, maxLength: 6 }),
        (ns, ps) => {
          expect(verdicts('speed', ns, ps)).toEqual(verdicts('fidelity', ns, ps));
        },
      ),
      { numRuns: 60 },
    );
  });
});
