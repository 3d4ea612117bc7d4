// Speed mode (per-shape caches of verdicts and scores) against fidelity mode (every plugin on every node): on random
// clusters and pod streams, every policy must bind every pod to the same node in both modes. This is stronger than
// the statistically-equal distributions spec/scheduler.md §7.3 asks of `default`: the caches return the plugins'
// own results, so even the sampling window and the random tie draws coincide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod, Taint, Toleration } from '../../src/api/core.js';
import { PLACEMENT_POLICIES } from '../../src/scheduler/policies/index.js';
import { harness } from '../support/scheduler-harness.js';

interface NodeSpec {
  cpu: number;
  gpu: number;
  zone: number;
  pool: number;
  taint: boolean;
  cordon: boolean;
}
interface PodSpec {
  cpu: number;
  gpu: number;
  selectPool: number | null;
  /** A `kubernetes.io/hostname` pin as Kueue's TAS ungater writes it (a compact shape entry: few candidates). */
  pinHost: number | null;
  tolerate: boolean;
  prefer: number | null;
  arriveAt: number;
  job: number;
}

const nodeArb = fc.record({
  cpu: fc.constantFrom(4, 8, 16),
  gpu: fc.constantFrom(0, 0, 4, 8),
  zone: fc.integer({ min: 0, max: 2 }),
  pool: fc.integer({ min: 0, max: 5 }),
  taint: fc.boolean(),
  cordon: fc.constantFrom(false, false, false, true),
});
const podArb = fc.record({
  cpu: fc.constantFrom(0, 250, 500, 1000, 2000),
  gpu: fc.constantFrom(0, 0, 1, 2, 4, 8),
  selectPool: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 4 }),
  pinHost: fc.option(fc.integer({ min: 0, max: 140 }), { freq: 3 }),
  tolerate: fc.boolean(),
  prefer: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 2 }),
  arriveAt: fc.integer({ min: 0, max: 3 }),
  job: fc.integer({ min: 0, max: 3 }),
});

function run(policy: string, mode: 'speed' | 'fidelity', nodes: NodeSpec[], pods: PodSpec[], seed: number) {
  const h = harness({ policy, mode, percentageOfNodesToScore: 0 }, seed);
  nodes.forEach((n, i) => {
    const taints: Taint[] = n.taint ? [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }] : [];
    const alloc: Record<string, string> = { cpu: String(n.cpu), memory: '64Gi', pods: '110' };
    if (n.gpu) alloc['nvidia.com/gpu'] = String(n.gpu);
    h.node(`n${i}`, alloc, {
      taints,
      unschedulable: n.cordon || undefined,
      labels: { 'topology.kubernetes.io/zone': `z${n.zone}`, 'cloud.google.com/gke-nodepool': `p${n.pool}` },
    });
  });
  h.sim.run(0);
  pods.forEach((p, i) => {
    h.sim.at(p.arriveAt * 1e6, 0, () => {
      const tolerations: Toleration[] = p.tolerate ? [{ key: 'soft', operator: 'Exists' }] : [];
      const requests: Record<string, string> = {};
      if (p.cpu) requests.cpu = `${p.cpu}m`;
      if (p.gpu) requests['nvidia.com/gpu'] = String(p.gpu);
      const spec: Partial<Pod['spec']> = {
        containers: [
          {
            name: 'c',
            image: 'x',
            resources: { requests, limits: p.gpu ? { 'nvidia.com/gpu': String(p.gpu) } : undefined },
          },
        ],
        tolerations,
      };
      if (p.selectPool !== null) spec.nodeSelector = { 'cloud.google.com/gke-nodepool': `p${p.selectPool}` };
      if (p.pinHost !== null) spec.nodeSelector = { ...spec.nodeSelector, 'kubernetes.io/hostname': `n${p.pinHost}` };
      if (p.prefer !== null) {
        spec.affinity = {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                preference: {
                  matchExpressions: [
                    { key: 'cloud.google.com/gke-nodepool', operator: 'In', values: [`p${p.prefer}`] },
                  ],
                },
              },
            ],
          },
        };
      }
      h.pod(`pod-${i}`, spec, { job: `j${p.job}` });
    });
  });
  h.sim.run(60e6);
  return { placements: h.placements(), stats: { ...h.scheduler.stats, busyUs: 0 } };
}

describe('speed mode places exactly as fidelity mode', () => {
  for (const policy of PLACEMENT_POLICIES.map((p) => p.name)) {
    it(`${policy}: same node for every pod, same rejection counts`, () => {
      fc.assert(
        fc.property(
          fc.array(nodeArb, { minLength: 1, maxLength: 130 }),
          fc.array(podArb, { minLength: 1, maxLength: 150 }),
          fc.integer({ min: 1, max: 1000 }),
          (nodes, pods, seed) => {
            const speed = run(policy, 'speed', nodes, pods, seed);
            const fidelity = run(policy, 'fidelity', nodes, pods, seed);
            expect(speed.placements).toEqual(fidelity.placements);
            expect(speed.stats).toEqual(fidelity.stats);
          },
        ),
        { numRuns: 25, seed: 4242 },
      );
    });
  }

  it('default on 600 nodes: the walk over whole blocks (summaries, tie runs) places as fidelity mode', () => {
    // Above 64 static-pass nodes the speed walk skips or draws through whole blocks of the node order from their
    // summaries (ShapeEntry.walkSelect); cordoned nodes leave gaps in the pass list, full nodes make blocks infeasible.
    const nodes: NodeSpec[] = Array.from({ length: 600 }, (_, i) => ({
      cpu: i % 13 === 5 ? 4 : 8,
      gpu: 0,
      zone: i % 3,
      pool: 0,
      taint: false,
      cordon: i % 50 === 7,
    }));
    const pods: PodSpec[] = Array.from({ length: 900 }, (_, i) => ({
      cpu: i % 5 === 0 ? 3000 : 500,
      gpu: 0,
      selectPool: null,
      pinHost: null,
      tolerate: false,
      prefer: null,
      arriveAt: i % 4,
      job: 0,
    }));
    const speed = run('default', 'speed', nodes, pods, 7);
    const fidelity = run('default', 'fidelity', nodes, pods, 7);
    expect(speed.placements).toEqual(fidelity.placements);
    expect(speed.stats).toEqual(fidelity.stats);
    expect(Object.values(speed.placements).filter(Boolean).length).toBe(900);
  });

  it('the comparison can fail: another seed changes default placements on a tied cluster', () => {
    const nodes: NodeSpec[] = Array.from({ length: 20 }, () => ({
      cpu: 8,
      gpu: 0,
      zone: 0,
      pool: 0,
      taint: false,
      cordon: false,
    }));
    const pods: PodSpec[] = Array.from({ length: 10 }, () => ({
      cpu: 500,
      gpu: 0,
      selectPool: null,
      pinHost: null,
      tolerate: false,
      prefer: null,
      arriveAt: 0,
      job: 0,
    }));
    expect(run('default', 'speed', nodes, pods, 1).placements).not.toEqual(
      run('default', 'speed', nodes, pods, 2).placements,
    );
  });
});
