// Faults through the one FaultInjector path: slice failure and replacement, maintenance with notice, Spot
// reclaim, node pools added and drained, application failures, and the training-progress model's accounting
// (spec/hardware-and-failures.md §1.2, §6).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const SIM = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: faults}
spec: {seed: 1, latencyProfile: zero}
`;

const SLICES = `---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: slice}
spec: {replicas: 2, tpu: {type: v5e, topology: 4x4}}
`;

function train(annotations: Record<string, string>, extra = ''): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: train
  annotations:
    alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool
${ann}
spec:
  failurePolicy: {maxRestarts: 5${extra}}
  replicatedJobs:
  - name: slice
    replicas: 1
    template:
      spec:
        backoffLimit: 0
        parallelism: 4
        completions: 4
        template:
          spec:
            containers: [{name: c, image: x, resources: {requests: {google.com/tpu: "4"}}}]
`;
}

function script(actions: string): string {
  return `---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: s}
spec:
  actions:
${actions}
`;
}

const run = (text: string) => simulate({ texts: [{ file: 'f.yaml', text }] });
const PROGRESS = {
  'jobset-sim.dev/total-work': '2h',
  'jobset-sim.dev/checkpoint-interval': '30m',
  'jobset-sim.dev/checkpoint-cost': '1m',
  'jobset-sim.dev/restart-overhead': '5m',
};

describe('training-progress model', () => {
  it('without faults: total work plus the blocking checkpoints (3 of 1 min within 2 h)', () => {
    const { result } = run(SIM + SLICES + train(PROGRESS));
    const js = result.jobsets[0]!;
    expect(js.terminalState).toBe('Completed');
    expect(js.finishedAt).toBe(7380);
    expect(js.progress).toMatchObject({ totalWork: 7200, effectiveTime: 7200, wallTime: 7380, checkpoints: 3 });
    expect(js.progress?.goodput).toBeCloseTo(7200 / 7380, 6);
    expect(js.progress?.lostWork).toBe(0);
  });

  it('a host failure in a multi-host slice takes the whole slice; work since the checkpoint is lost', () => {
    // The JobSet lands on slice-1 (seed 1). At 45 min: 1800 s of work saved at 1860 s, 840 s since then.
    const { result, events } = run(
      SIM + SLICES + train(PROGRESS) + script('  - {at: 45m, failNode: {node: slice-1-node-1, recovery: 2h}}'),
    );
    const fault = events.find((e) => e.type === 'Fault');
    expect(fault?.nodes).toEqual(['slice-1-node-0', 'slice-1-node-1', 'slice-1-node-2', 'slice-1-node-3']);
    // GKE auto-repair gives up on the NotReady slice after 10 min and deletes it (recreated after 2 h).
    expect(events.filter((e) => e.type === 'NodeDeleted').map((e) => e.t)).toEqual([3300, 3300, 3300, 3300]);
    expect(events.find((e) => e.type === 'TrainingInterrupted')).toMatchObject({ t: 2700, lostWork: 840 });
    const p = result.jobsets[0]!.progress!;
    // Restarted on slice-0 at 3300, 5 min restart overhead, then 5400 s of work and 2 more checkpoints.
    expect(p).toMatchObject({ lostWork: 840, restartTime: 900, checkpoints: 3, interruptions: { 'node-failure': 1 } });
    expect(result.jobsets[0]!.finishedAt).toBe(9120);
    expect(result.metrics.goodput).toMatchObject({ jobsets: 1, effectiveTime: 7200, wallTime: 9120 });
  });

  it('a replaced slice comes back as new nodes after its recovery time', () => {
    const { events } = run(
      `${SIM.replace('latencyProfile: zero', 'latencyProfile: zero, until: 3h')}${SLICES}${script('  - {at: 10m, failNode: {nodePool: slice-0, recovery: 1h}}')}`,
    );
    const back = events.filter((e) => e.type === 'NodeRecovered');
    expect(back.map((e) => [e.t, e.replaced])).toEqual(Array(4).fill([4200, true]));
  });
});

describe('maintenance, Spot reclaim and capacity', () => {
  it('maintenance: GKE labels at the notice, then TerminationByKubelet, the slice down for its duration', () => {
    const { result, events } = run(
      SIM +
        SLICES +
        train({ 'jobset-sim.dev/total-work': '2h' }) +
        script('  - {at: 30m, maintenance: {nodePool: slice-1, notice: 1h, duration: 20m, cause: host-maintenance}}'),
    );
    const sched = events.find((e) => e.type === 'MaintenanceScheduled');
    expect(sched).toMatchObject({ t: 1800, startsAt: 5400 });
    const fault = events.find((e) => e.type === 'Fault');
    expect(fault).toMatchObject({ t: 5400, fault: 'maintenance', cause: 'host-maintenance' });
    const failed = events.filter((e) => e.type === 'PodFailed');
    expect(failed.length).toBe(4);
    expect(failed.every((e) => e.t === 5400)).toBe(true);
    expect(events.filter((e) => e.type === 'NodeRecovered').every((e) => e.t === 6600)).toBe(true);
    const p = result.jobsets[0]!.progress!;
    // No checkpoints: everything done before the maintenance is lost.
    expect(p.lostWork).toBe(5400);
    expect(p.interruptions).toEqual({ 'host-maintenance': 1 });
    expect(result.jobsets[0]!.terminalState).toBe('Completed');
  });

  it('Spot reclaim: TerminationByKubelet at the notice, the node deleted 30 s later and recreated', () => {
    const text = `${SIM.replace('latencyProfile: zero', 'latencyProfile: zero, until: 2h')}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: spot}
spec: {nodes: 1, gpu: {type: h100-80gb}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {nvidia.com/gpu: "8"}}}]
${script('  - {at: 10m, spotReclaim: {node: spot-node-0, recovery: 5m}}')}`;
    const { events } = run(text);
    expect(events.find((e) => e.type === 'PodFailed')?.t).toBe(600);
    expect(events.find((e) => e.type === 'NodeDeleted')?.t).toBe(630);
    expect(events.find((e) => e.type === 'NodeRecovered')).toMatchObject({ t: 930, node: 'spot-node-0' });
    expect(events.find((e) => e.type === 'JobFailed')?.reason).toBe('BackoffLimitExceeded');
  });

  it('removeNodePool drains through the Eviction API; addNodePool brings capacity that the JobSet then uses', () => {
    const { result, events } = run(
      `${SIM}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: old}
spec: {tpu: {type: v5e, topology: 4x4}}
${train(PROGRESS)}${script(`  - {at: 20m, removeNodePool: {nodePool: old}}
  - at: 1h
    addNodePool: {name: new, spec: {tpu: {type: v5e, topology: 4x4}}}`)}`,
    );
    expect(events.find((e) => e.type === 'NodePoolRemoved')).toMatchObject({ t: 1200, drain: true });
    expect(result.jobsets[0]!.progress?.interruptions).toEqual({ removeNodePool: 1 });
    const later = events.filter((e) => e.type === 'PodScheduled' && e.t >= 3600);
    expect(later.length).toBe(4);
    expect(later.every((e) => String(e.node).startsWith('new-node-'))).toBe(true);
    expect(result.jobsets[0]!.terminalState).toBe('Completed');
  });
});

describe('application failures', () => {
  it('failure-probability 1 fails one pod with the annotated exit code; FailJobSet on that code ends it', () => {
    const text =
      SIM +
      SLICES +
      train(
        {
          'jobset-sim.dev/duration': '1h',
          'jobset-sim.dev/failure-probability': '1',
          'jobset-sim.dev/failure-exit-code': '42',
        },
        ', rules: [{action: FailJobSet, onJobFailureReasons: [PodFailurePolicy]}]',
      )
        .replace(
          'backoffLimit: 0',
          'backoffLimit: 0\n        podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]}',
        )
        .replace('containers:', 'restartPolicy: Never\n            containers:');
    const { result, events } = run(text);
    const js = result.jobsets[0]!;
    expect(js.terminalState).toBe('Failed');
    expect(js.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('FailJobSetFailurePolicyAction');
    const failed = events.find((e) => e.type === 'PodFailed');
    expect(failed!.t).toBeGreaterThan(0);
    expect(failed!.t).toBeLessThan(3600);
    expect(js.progress?.interruptions).toEqual({ application: 1 });
  });

  it('failure-rate per hour of running: the count over a long run is near rate × running hours', () => {
    const text =
      SIM +
      SLICES +
      train(
        {
          'jobset-sim.dev/total-work': '100h',
          'jobset-sim.dev/checkpoint-interval': '1h',
          'jobset-sim.dev/failure-rate': '0.1',
        },
        '',
      ).replace('maxRestarts: 5', 'maxRestarts: 1000');
    const { result } = run(text);
    const js = result.jobsets[0]!;
    expect(js.terminalState).toBe('Completed');
    // Running hours: the work kept plus the work lost (checkpoints cost nothing here).
    const n = js.progress!.interruptions.application ?? 0;
    const hours = (js.progress!.lostWork + 100 * 3600) / 3600;
    expect(n).toBeGreaterThan(0);
    // Poisson: n within 4 standard deviations of rate × hours.
    expect(Math.abs(n - 0.1 * hours)).toBeLessThan(4 * Math.sqrt(0.1 * hours) + 1);
    expect(js.status?.restarts).toBe(n);
  });
});

describe('one path for scripted and stochastic faults', () => {
  it('a Script made from a FaultModel run’s Fault records replays the same incident', () => {
    const model = `---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: m}
spec:
  failures:
  - {cause: host, per: node, ratePerDay: 0.3, recovery: {exponential: 2h}}
`;
    const base =
      SIM +
      SLICES +
      train({ ...PROGRESS, 'jobset-sim.dev/total-work': '3d' }).replace('maxRestarts: 5', 'maxRestarts: 100');
    const stochastic = run(base + model);
    const faults = stochastic.events.filter((e) => e.type === 'Fault');
    expect(faults.length).toBeGreaterThan(2);
    const actions = faults
      .map(
        (f) =>
          `  - {at: ${f.t}s, failNode: {nodePool: ${(f.nodePools as string[])[0]}, cause: ${f.cause}, recovery: ${f.recovery}s, action: ${f.action}}}`,
      )
      .join('\n');
    const replay = run(base + script(actions));
    const strip = (e: Record<string, unknown>) => ({ ...e, source: undefined });
    expect(replay.events.filter((e) => e.type === 'Fault').map(strip)).toEqual(faults.map(strip));
    expect(replay.result.jobsets[0]!.progress).toEqual(stochastic.result.jobsets[0]!.progress);
    expect(replay.result.jobsets[0]!.finishedAt).toBe(stochastic.result.jobsets[0]!.finishedAt);
  });
});
