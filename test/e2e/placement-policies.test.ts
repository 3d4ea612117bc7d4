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

describe('DefaultPreemption (PostFilter) with PriorityClasses', () => {
  const text = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: preemption}
spec: {seed: 1, defaults: {podDuration: 1h}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 1, resources: {cpu: "4", memory: 16Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch-low}
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      priorityClassName: low
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: urgent
  annotations: {jobset-sim.dev/submit-at: 10m}
spec:
  template:
    spec:
      priorityClassName: high
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "4"}}}]
`;

  it('the high-priority pod preempts both low-priority pods, is nominated, and runs once they are gone', () => {
    const { events, result } = simulate({ texts: [{ file: 'pre.yaml', text }] });
    const preempted = events.filter((e) => e.type === 'Event' && e.reason === 'Preempted');
    expect(preempted).toHaveLength(2);
    for (const e of preempted) expect(String(e.object)).toMatch(/^default\/batch-low-/);
    expect(result.metrics.preemptions).toBe(2);
    const sched = result.metrics.scheduler as { unschedulableReasons: Record<string, number>; attemptsPerPod: number };
    expect(sched.unschedulableReasons['Insufficient cpu']).toBeGreaterThanOrEqual(1);
    expect(sched.attemptsPerPod).toBeGreaterThan(1);
    const failed = events.filter((e) => e.type === 'PodFailed' && String(e.job) === 'default/batch-low');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    // The urgent pod is created at 600.01, preempts in its first cycle, and is bound after the victims have
    // terminated (podTermination 1 s).
    const urgentBound = events.find((e) => e.type === 'PodScheduled' && String(e.job) === 'default/urgent');
    expect(urgentBound!.t).toBeGreaterThan(601);
    expect(urgentBound!.t).toBeLessThan(615);
    expect(events.find((e) => e.type === 'JobCompleted' && e.job === 'default/urgent')).toBeDefined();
  });
});

describe('scenarios/placement-policies.yaml: the policies differ in the direction the literature reports', () => {
  const run = (policy: string) =>
    simulate('scenarios/placement-policies.yaml', { sets: [`scheduler.policy=${policy}`], retainEvents: false }).result;
  const results = Object.fromEntries(['default', 'binpack', 'topology-best-fit'].map((p) => [p, run(p)]));
  const stranded = (p: string) => (results[p]!.metrics.stranded as Record<string, number>)['nvidia.com/gpu']!;
  const partialPools = (p: string) => (results[p]!.metrics.partialDomains as Record<string, number>).nodepool!;

  it('every JobSet completes under every policy', () => {
    for (const r of Object.values(results)) expect(r.metrics.jobsets).toMatchObject({ submitted: 60, completed: 60 });
  });

  it('bin-packing and topology-aware placement strand fewer GPUs than default spreading (Weng et al. ATC 23)', () => {
    expect(stranded('default')).toBeGreaterThan(1);
    expect(stranded('binpack')).toBeLessThan(stranded('default') / 2);
    expect(stranded('topology-best-fit')).toBeLessThan(stranded('default') / 2);
  });

  it('topology-best-fit leaves fewer node pools partially used than default spreading', () => {
    expect(partialPools('topology-best-fit')).toBeLessThan(partialPools('default'));
  });
});
