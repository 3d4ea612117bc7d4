// The placement policies beyond kube-scheduler's own (topology-best-fit, domain-packing), the zone-interleaved
// node order, and the placement metrics (stranded accelerators, partially used domains).
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/api/batch.js';
import type { Pod } from '../../src/api/core.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import type { ScenarioError } from '../../src/scenario/problems.js';
import { POLICIES } from '../../src/simulate.js';
import { type Harness, harness } from '../support/scheduler-harness.js';

const POOL = 'cloud.google.com/gke-nodepool';

/** `pools`: node count per pool p0, p1, ...; each node one 8-GPU host. */
function gpuCluster(h: Harness, pools: number[]): void {
  pools.forEach((count, p) => {
    for (let i = 0; i < count; i++) {
      h.node(
        `p${p}-n${i}`,
        { cpu: '96', memory: '512Gi', pods: '110', 'nvidia.com/gpu': '8' },
        { labels: { [POOL]: `p${p}` } },
      );
    }
  });
  h.sim.run(0);
}

/** A Job object (no Job controller runs in the harness) and its `size` whole-host pods, created now. */
function job(h: Harness, name: string, size: number): Pod[] {
  const j = h.store.create<Job>({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { parallelism: size, completions: size, template: { spec: { containers: [] } } },
    status: {},
  } as never);
  return Array.from({ length: size }, (_, i) =>
    h.store.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-${i}`,
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: j.metadata.uid, controller: true }],
      },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'x',
            resources: { requests: { 'nvidia.com/gpu': '8' }, limits: { 'nvidia.com/gpu': '8' } },
          },
        ],
      },
      status: { phase: 'Pending' },
    } as never),
  );
}

const poolOf = (h: Harness, pod: string) => h.placements()[pod]?.split('-')[0];

describe('policy registry', () => {
  it('lists every policy, and the loader accepts exactly those names', () => {
    expect(POLICIES).toEqual([
      'default',
      'binpack',
      'random',
      'first-fit',
      'topology-best-fit',
      'domain-packing',
      // the FGD study's policies (test/unit/gpu-policies.test.ts)
      'dot-product',
      'gpu-clustering',
      'gpu-packing',
      'best-fit',
      'fgd',
    ]);
    const text = (p: string) =>
      `apiVersion: jobset-sim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec: {scheduler: {policy: ${p}}}\n`;
    expect(() =>
      loadScenarioFromTexts([{ file: 's.yaml', text: text('domain-packing') }], { policies: POLICIES }),
    ).not.toThrow();
    try {
      loadScenarioFromTexts([{ file: 's.yaml', text: text('topology-bestfit') }], { policies: POLICIES });
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).message).toContain(
        'unknown policy "topology-bestfit"; did you mean "topology-best-fit"?',
      );
    }
  });

  it('spec.scheduler.mode and resources are validated with the field named', () => {
    const text = `apiVersion: jobset-sim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n  scheduler:\n    mode: fast\n    resources: [{name: cpu, weight: 0}, {name: cpu}]\n`;
    try {
      loadScenarioFromTexts([{ file: 's.yaml', text }], { policies: POLICIES });
      expect.unreachable();
    } catch (e) {
      const m = (e as ScenarioError).message;
      expect(m).toContain('spec.scheduler.mode');
      expect(m).toContain('spec.scheduler.resources[0].weight');
      expect(m).toContain('spec.scheduler.resources[1].name: duplicate resource "cpu"');
    }
  });
});

describe('zone-interleaved node order (kube-scheduler nodeTree.list)', () => {
  // pkg/scheduler/backend/cache/node_tree.go list(): one node from each zone in turn, zones in order of first
  // appearance, nodes in each zone in order of arrival.
  it('first-fit walks a1, b1, a2, a3: the zones alternate', () => {
    const h = harness({ policy: 'first-fit' });
    for (const [n, z] of [
      ['a1', 'A'],
      ['a2', 'A'],
      ['a3', 'A'],
      ['b1', 'B'],
    ] as const) {
      h.node(n, { cpu: '1', memory: '1Gi', pods: '110' }, { labels: { 'topology.kubernetes.io/zone': z } });
    }
    h.sim.run(0);
    for (let i = 0; i < 4; i++)
      h.pod(`p${i}`, { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }] });
    h.sim.run(10e6);
    expect(h.placements()).toEqual({ p0: 'a1', p1: 'b1', p2: 'a2', p3: 'a3' });
  });
});

describe('topology-best-fit', () => {
  it('puts a 2-host gang in the smallest pool that holds it, all of it in one pool', () => {
    const h = harness({ policy: 'topology-best-fit' });
    gpuCluster(h, [4, 2, 8]);
    job(h, 'train', 2);
    h.sim.run(10e6);
    expect([poolOf(h, 'train-0'), poolOf(h, 'train-1')]).toEqual(['p1', 'p1']);
  });

  it('a gang larger than any pool falls back to a coarser level and still keeps together where it can', () => {
    const h = harness({ policy: 'topology-best-fit' });
    gpuCluster(h, [2, 3]);
    job(h, 'big', 4);
    h.sim.run(10e6);
    const pools = [0, 1, 2, 3].map((i) => poolOf(h, `big-${i}`));
    expect(pools.every((p) => p !== undefined)).toBe(true);
    // no pool holds 4: the gang starts in the roomiest pool (3 hosts) and only the last member spills over
    expect(pools.filter((p) => p === 'p1')).toHaveLength(3);
  });

  it('default spreading scatters the same gang across pools (the contrast the policy exists for)', () => {
    const spread = new Set<string>();
    for (let seed = 1; seed <= 5; seed++) {
      const h = harness({ policy: 'default' }, seed);
      gpuCluster(h, [4, 2, 8]);
      job(h, 'train', 2);
      h.sim.run(10e6);
      spread.add(`${poolOf(h, 'train-0')}${poolOf(h, 'train-1')}`);
    }
    expect([...spread].some((s) => s[0] !== undefined && s.slice(0, 2) !== s.slice(2))).toBe(true);
  });
});

describe('domain-packing', () => {
  it('keeps a pool whole for the 2-host gang waiting behind a 1-host job', () => {
    const h = harness({ policy: 'domain-packing' });
    gpuCluster(h, [3, 2]);
    job(h, 'small', 1);
    job(h, 'pair', 2);
    h.sim.run(10e6);
    // small in p1 would strand p1's other host (1 < 2); in p0 it leaves 2 free, enough for a pair.
    expect(poolOf(h, 'small-0')).toBe('p0');
    expect(new Set([poolOf(h, 'pair-0'), poolOf(h, 'pair-1')]).size).toBe(1);
  });

  it('topology-best-fit takes the smallest fitting pool for the same small job instead', () => {
    const h = harness({ policy: 'topology-best-fit' });
    gpuCluster(h, [3, 2]);
    job(h, 'small', 1);
    job(h, 'pair', 2);
    h.sim.run(10e6);
    expect(poolOf(h, 'small-0')).toBe('p1');
  });
});

describe('placement metrics', () => {
  it('stranded GPUs: free units no pending pod can use, time-averaged; partially used pools', () => {
    const h = harness({ policy: 'first-fit' });
    gpuCluster(h, [3]);
    const gpuPod = (name: string, n: number) =>
      h.pod(name, {
        containers: [
          {
            name: 'c',
            image: 'x',
            resources: { requests: { 'nvidia.com/gpu': String(n) }, limits: { 'nvidia.com/gpu': String(n) } },
          },
        ],
      });
    gpuPod('a', 6);
    gpuPod('b', 6);
    h.sim.run(50e6);
    // a and b leave 2 GPUs free on two hosts; c fills the third at t = 50 s, then a 4-GPU pod waits.
    gpuPod('c', 8);
    h.sim.run(50e6);
    gpuPod('d', 4);
    h.sim.run(100e6);
    expect(h.placements().d).toBeUndefined();
    const s = h.scheduler.placementSummary(100e6);
    // stranded 2 + 2 = 4 GPUs over [50 s, 100 s] of a 100 s run: 2 on average.
    expect(s.stranded['nvidia.com/gpu']).toBeCloseTo(2, 3);
    // the pool had 2 of its 3 hosts used during [0, 50 s], all 3 afterwards: partial half of the time.
    expect(s.partialDomains.nodepool).toBeCloseTo(0.5, 3);
  });

  it('nothing is stranded while nothing waits', () => {
    const h = harness({ policy: 'first-fit' });
    gpuCluster(h, [2]);
    h.pod('a', {
      containers: [
        {
          name: 'c',
          image: 'x',
          resources: { requests: { 'nvidia.com/gpu': '3' }, limits: { 'nvidia.com/gpu': '3' } },
        },
      ],
    });
    h.sim.run(10e6);
    expect(h.scheduler.placementSummary(10e6).stranded['nvidia.com/gpu']).toBe(0);
  });
});
