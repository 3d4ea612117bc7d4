// InterPodAffinity Filter through the scheduling cycle (spec/scheduler.md §2, §7.6), mirroring
// kubernetes pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode and
// TestRequiredAffinityMultipleNodes): the first-pod self-match rule, anti-affinity in both directions, and the
// topology key a node must carry. Every pod below is created after the ones before it are bound.
import { describe, expect, it } from 'vitest';
import type { Pod, PodAffinityTerm } from '../../../src/api/core.js';
import { harness } from '../../support/scheduler-harness.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

function term(app: string, topologyKey: string, operator: 'In' | 'NotIn' | 'Exists' = 'In'): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: [{ key: 'app', operator, values: operator === 'Exists' ? undefined : [app] }] },
    topologyKey,
  };
}

function cluster() {
  const h = harness({ policy: 'first-fit' });
  h.node('a1', { cpu: '4', memory: '8Gi', pods: '110' }, { labels: { [ZONE]: 'a' } });
  h.node('a2', { cpu: '4', memory: '8Gi', pods: '110' }, { labels: { [ZONE]: 'a' } });
  h.node('b1', { cpu: '4', memory: '8Gi', pods: '110' }, { labels: { [ZONE]: 'b' } });
  h.node('nozone', { cpu: '4', memory: '8Gi', pods: '110' });
  h.sim.run(0);
  const place = (name: string, app: string, affinity?: Pod['spec']['affinity'], nodeName?: string) => {
    h.pod(name, { affinity, nodeSelector: nodeName ? { [HOST]: nodeName } : undefined }, { app });
    h.sim.run(h.sim.now + 10e6);
    return h.placements()[name];
  };
  return { h, place };
}

describe('InterPodAffinity filter', () => {
  it('"pod with affinity to its own labels and no matching pod anywhere" schedules (the first-pod rule)', () => {
    const { place } = cluster();
    expect(
      place('first', 'web', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } }),
    ).toBe('a1');
  });

  it('the first-pod rule still needs the topology label on the node', () => {
    const { place, h } = cluster();
    const affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } };
    expect(place('first', 'web', affinity, 'nozone')).toBeUndefined();
    expect(h.scheduler.stats.reasons["node(s) didn't match pod affinity rules"]).toBe(1);
  });

  it('affinity to labels no pod has, and not its own, is unschedulable everywhere', () => {
    const { place, h } = cluster();
    expect(
      place('p', 'web', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } }),
    ).toBeUndefined();
    expect(h.scheduler.stats.reasons["node(s) didn't match pod affinity rules"]).toBe(4);
  });

  it('affinity follows the existing matching pod into its zone, and only there', () => {
    const { place } = cluster();
    expect(place('db', 'db', undefined, 'b1')).toBe('b1');
    expect(
      place('web', 'web', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } }),
    ).toBe('b1');
  });

  it('once a matching pod exists, the self-match no longer opens other zones', () => {
    const { place } = cluster();
    const affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } };
    expect(place('w0', 'web', affinity, 'b1')).toBe('b1');
    expect(place('w1', 'web', affinity)).toBe('b1');
  });

  it('anti-affinity keeps the pod out of the zone of a matching existing pod', () => {
    const { place } = cluster();
    expect(place('db', 'db', undefined, 'a2')).toBe('a2');
    const r = place('web', 'web', {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] },
    });
    expect(r).toBe('b1');
  });

  it("symmetry: an existing pod's anti-affinity keeps a pod it selects out of its domain", () => {
    const { place, h } = cluster();
    expect(
      place(
        'guard',
        'guard',
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', HOST)] } },
        'a1',
      ),
    ).toBe('a1');
    expect(place('web', 'web', undefined, 'a1')).toBeUndefined();
    expect(h.scheduler.stats.reasons["node(s) didn't satisfy existing pods anti-affinity rules"]).toBe(1);
    // first-fit walks the zone-interleaved order a1, b1, a2, nozone
    expect(place('web2', 'web')).toBe('b1');
  });

  it('symmetry does not apply to a pod the existing term does not select', () => {
    const { place } = cluster();
    place(
      'guard',
      'guard',
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', HOST)] } },
      'a1',
    );
    expect(place('db', 'db', undefined, 'a1')).toBe('a1');
  });

  it('an anti-affinity term over a key the node lacks does not reject it', () => {
    const { place } = cluster();
    place('db', 'db', undefined, 'nozone');
    expect(
      place(
        'web',
        'web',
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } },
        'nozone',
      ),
    ).toBe('nozone');
  });

  it('the anti-affinity is lifted when the matching pod finishes (capacity freed requeues the pod)', () => {
    const { place, h } = cluster();
    place('db', 'db', undefined, 'a1');
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } };
    expect(place('web', 'web', anti, 'a2')).toBeUndefined();
    const db = h.store.get<Pod>('Pod', 'default', 'db')!;
    db.status.phase = 'Succeeded';
    h.store.updateStatus(db);
    h.sim.run(h.sim.now + 400e6);
    expect(h.placements().web).toBe('a2');
  });
});

describe('preferred terms and soft spread are scored in the cycle (InterPodAffinity and PodTopologySpread Score)', () => {
  const preferred = (app: string, key: string, weight = 100) => [{ weight, podAffinityTerm: term(app, key) }];

  const LAYOUT: readonly (readonly [string, string])[] = [
    ['a1', 'a'],
    ['a2', 'a'],
    ['b1', 'b'],
    ['b2', 'b'],
  ];

  function zones(seed = 1, layout = LAYOUT) {
    const h = harness({ policy: 'default' }, seed);
    for (const [n, z] of layout) {
      h.node(n, { cpu: '8', memory: '32Gi', pods: '110' }, { labels: { [ZONE]: z } });
    }
    h.sim.run(0);
    const place = (name: string, app: string, spec: Partial<Pod['spec']> = {}) => {
      h.pod(
        name,
        { ...spec, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
        { app },
      );
      h.sim.run(h.sim.now + 10e6);
      return h.placements()[name];
    };
    return { h, place };
  }

  it('preferred affinity draws the pod into the zone of the matching pod, every time', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { place } = zones(seed);
      place('db', 'db', { nodeSelector: { [HOST]: 'b2' } });
      const at = place('web', 'web', {
        affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred('db', ZONE) } },
      });
      expect(['b1', 'b2']).toContain(at);
    }
  });

  it('preferred anti-affinity keeps it out of that zone, every time', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { place } = zones(seed);
      place('db', 'db', { nodeSelector: { [HOST]: 'b2' } });
      const at = place('web', 'web', {
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred('db', ZONE) } },
      });
      expect(['a1', 'a2']).toContain(at);
    }
  });

  it("symmetry: an existing pod's preferred anti-affinity pushes a matching newcomer away", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { place } = zones(seed);
      place('loner', 'loner', {
        nodeSelector: { [HOST]: 'a1' },
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred('web', ZONE) } },
      });
      expect(['b1', 'b2']).toContain(place('web', 'web'));
    }
  });

  it('ScheduleAnyway spread over zones evens out the zones, where node spreading alone would not', () => {
    // 3 nodes in zone a, 1 in b: LeastAllocated alone puts 3 of 4 pods in a; the soft zone spread puts 2 and 2.
    const { place } = zones(1, [
      ['a1', 'a'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b1', 'b'],
    ]);
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { app: 'web' } },
        },
      ],
    } as unknown as Partial<Pod['spec']>;
    const zonesOf = [0, 1, 2, 3].map((i) => place(`w${i}`, 'web', spread)![0]);
    expect(zonesOf.filter((z) => z === 'a')).toHaveLength(2);
    expect(zonesOf.filter((z) => z === 'b')).toHaveLength(2);
  });
});
