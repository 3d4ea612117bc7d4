// Speed mode's InterPodAffinity filter (per-domain ids and the anti-affinity counters: src/scheduler/affinity-domains.ts,
// anti-affinity-counters.ts) against fidelity mode's (AffinityState, every plugin on every node): random clusters with
// and without topology labels, pods in two namespaces with required affinity and anti-affinity terms (In, NotIn,
// Exists, matchLabels, the exclusive-placement leader's `Exists + NotIn own + In` shape, namespace lists and
// selectors), some deleted while others wait. Every pod must land on the same node in both modes, with the same
// rejection counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod, PodAffinityTerm } from '../../src/api/core.js';
import { harness } from '../support/scheduler-harness.js';

const KEYS = ['topology.kubernetes.io/zone', 'cloud.google.com/gke-nodepool', 'kubernetes.io/hostname'];

interface NodeSpec {
  zone: number | null;
  pool: number;
  cpu: number;
}
interface TermSpec {
  kind: 'matchLabels' | 'in' | 'notIn' | 'exists' | 'exclusive';
  app: number;
  key: number;
  ns: 'own' | 'list' | 'all';
}
interface PodSpec {
  app: number;
  team: number | null;
  ns: number;
  cpu: number;
  affinity: TermSpec | null;
  anti: TermSpec[];
  arriveAt: number;
  deleteAt: number | null;
}

const termArb: fc.Arbitrary<TermSpec> = fc.record({
  kind: fc.constantFrom('matchLabels', 'in', 'notIn', 'exists', 'exclusive'),
  app: fc.integer({ min: 0, max: 3 }),
  key: fc.integer({ min: 0, max: 2 }),
  ns: fc.constantFrom('own', 'own', 'list', 'all'),
});
const nodeArb: fc.Arbitrary<NodeSpec> = fc.record({
  zone: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 6 }),
  pool: fc.integer({ min: 0, max: 5 }),
  cpu: fc.constantFrom(2, 4, 8),
});
const podArb: fc.Arbitrary<PodSpec> = fc.record({
  app: fc.integer({ min: 0, max: 3 }),
  team: fc.option(fc.integer({ min: 0, max: 1 }), { freq: 3 }),
  ns: fc.integer({ min: 0, max: 1 }),
  cpu: fc.constantFrom(250, 1000, 2000),
  affinity: fc.option(termArb, { freq: 3 }),
  anti: fc.array(termArb, { maxLength: 2 }),
  arriveAt: fc.integer({ min: 0, max: 4 }),
  deleteAt: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 4 }),
});

function term(t: TermSpec, own: PodSpec): PodAffinityTerm {
  const app = `a${t.app}`;
  const labelSelector =
    t.kind === 'matchLabels'
      ? { matchLabels: { app } }
      : t.kind === 'in'
        ? { matchExpressions: [{ key: 'app', operator: 'In' as const, values: [app, `a${(t.app + 1) % 4}`] }] }
        : t.kind === 'notIn'
          ? { matchExpressions: [{ key: 'app', operator: 'NotIn' as const, values: [app] }] }
          : t.kind === 'exists'
            ? { matchExpressions: [{ key: 'team', operator: 'Exists' as const }] }
            : {
                // The JobSet leader's anti-affinity shape (pod_webhook.go): other groups of the same priority.
                matchExpressions: [
                  { key: 'app', operator: 'Exists' as const },
                  { key: 'app', operator: 'NotIn' as const, values: [`a${own.app}`] },
                  { key: 'team', operator: 'In' as const, values: [`t${own.team ?? 0}`] },
                ],
              };
  const out: PodAffinityTerm = { labelSelector, topologyKey: KEYS[t.key]! };
  if (t.ns === 'list') out.namespaces = ['ns0'];
  if (t.ns === 'all') out.namespaceSelector = {};
  return out;
}

function run(policy: string, mode: 'speed' | 'fidelity', nodes: NodeSpec[], pods: PodSpec[], seed: number) {
  const h = harness({ policy, mode, percentageOfNodesToScore: 0 }, seed);
  nodes.forEach((n, i) => {
    const labels: Record<string, string> = { 'cloud.google.com/gke-nodepool': `p${n.pool}` };
    if (n.zone !== null) labels['topology.kubernetes.io/zone'] = `z${n.zone}`;
    h.node(`n${i}`, { cpu: String(n.cpu), memory: '64Gi', pods: '110' }, { labels });
  });
  h.sim.run(0);
  pods.forEach((p, i) => {
    h.sim.at(p.arriveAt * 1e6, 0, () => {
      const labels: Record<string, string> = { app: `a${p.app}` };
      if (p.team !== null) labels.team = `t${p.team}`;
      const affinity: Pod['spec']['affinity'] = {};
      if (p.affinity) affinity.podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [term(p.affinity, p)] };
      if (p.anti.length > 0) {
        affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: p.anti.map((t) => term(t, p)) };
      }
      const pod = h.store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}`, namespace: `ns${p.ns}`, labels },
        spec: {
          containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: `${p.cpu}m` } } }],
          affinity,
        },
        status: { phase: 'Pending' },
      } as never);
      if (p.deleteAt !== null) h.sim.at((p.arriveAt + p.deleteAt) * 1e6, 0, () => h.store.delete(pod));
    });
  });
  h.sim.run(60e6);
  return { placements: h.placements(), stats: { ...h.scheduler.stats, busyUs: 0 } };
}

describe('speed mode InterPodAffinity places exactly as fidelity mode', () => {
  const seen: Record<string, number> = {};
  for (const policy of ['default', 'first-fit']) {
    it(`${policy}: same node for every pod, same rejection counts`, () => {
      fc.assert(
        fc.property(
          fc.array(nodeArb, { minLength: 1, maxLength: 40 }),
          fc.array(podArb, { minLength: 1, maxLength: 60 }),
          fc.integer({ min: 1, max: 1000 }),
          (nodes, pods, seed) => {
            const speed = run(policy, 'speed', nodes, pods, seed);
            const fidelity = run(policy, 'fidelity', nodes, pods, seed);
            expect(speed.placements).toEqual(fidelity.placements);
            expect(speed.stats).toEqual(fidelity.stats);
            for (const [r, n] of Object.entries(speed.stats.reasons)) seen[r] = (seen[r] ?? 0) + n;
          },
        ),
        { numRuns: 40, seed: 5151 },
      );
    });
  }

  it('the runs above exercised every InterPodAffinity rejection', () => {
    expect(seen["node(s) didn't satisfy existing pods anti-affinity rules"]).toBeGreaterThan(0);
    expect(seen["node(s) didn't match pod anti-affinity rules"]).toBeGreaterThan(0);
    expect(seen["node(s) didn't match pod affinity rules"]).toBeGreaterThan(0);
  });
});
