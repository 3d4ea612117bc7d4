// Placement policies and PodTopologySpread through the scheduling cycle (spec/scheduler.md §3, §7.5).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

function scenario(policy: string, extra = ''): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: policies}
spec: {seed: 3, scheduler: {policy: ${policy}}, defaults: {podDuration: 1h}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: zone-a}
spec: {nodes: 2, resources: {cpu: "8", memory: 32Gi}, topology: {zone: zone-a}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: zone-b}
spec: {nodes: 2, resources: {cpu: "8", memory: 32Gi}, topology: {zone: zone-b}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: fill}
spec:
  parallelism: 4
  completions: 4
  template:
    metadata: {labels: {app: fill}}
    spec:
      restartPolicy: Never
${extra}      containers: [{name: c, image: x, resources: {requests: {cpu: "2", memory: 1Gi}}}]
`;
}

function nodesUsed(policy: string, extra = ''): string[] {
  const { events } = simulate({ texts: [{ file: 'p.yaml', text: scenario(policy, extra) }] });
  return events.filter((e) => e.type === 'PodScheduled').map((e) => String(e.node));
}

describe('placement policies (Simulation.spec.scheduler.policy)', () => {
  it('default spreads (LeastAllocated + BalancedAllocation): four 2-cpu pods on four nodes', () => {
    expect(new Set(nodesUsed('default')).size).toBe(4);
  });

  it('binpack packs (MostAllocated): four 2-cpu pods on one 8-cpu node', () => {
    expect(new Set(nodesUsed('binpack')).size).toBe(1);
  });

  it('first-fit takes the first feasible node in node order', () => {
    expect(nodesUsed('first-fit')).toEqual(['zone-a-node-0', 'zone-a-node-0', 'zone-a-node-0', 'zone-a-node-0']);
  });

  it('random is reproducible for a seed', () => {
    expect(nodesUsed('random')).toEqual(nodesUsed('random'));
  });

  it('an unknown policy is an input error naming the valid ones', () => {
    expect(() => simulate({ texts: [{ file: 'p.yaml', text: scenario('spready') }] })).toThrow(
      /spec\.scheduler\.policy: unknown policy "spready".*default, binpack, random, first-fit/,
    );
  });
});

describe('PodTopologySpread (DoNotSchedule) in the filter chain', () => {
  const spread = `      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: fill}}}
`;

  it('binpack would put all four pods in one zone; maxSkew 1 across zones splits them 2/2', () => {
    const zone = (n: string) => n.replace(/-node-\d+$/, '');
    const without = nodesUsed('binpack').map(zone);
    expect(new Set(without).size).toBe(1);
    const withSpread = nodesUsed('binpack', spread).map(zone);
    expect(withSpread.filter((z) => z === 'zone-a')).toHaveLength(2);
    expect(withSpread.filter((z) => z === 'zone-b')).toHaveLength(2);
  });
});
