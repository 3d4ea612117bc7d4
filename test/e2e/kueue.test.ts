// Kueue in the simulated cluster (spec/kueue.md §1.8, §2, §3): the JobSet integration, queueing strategies,
// borrowing and reclamation in a cohort, priority preemption within a ClusterQueue, waitForPodsReady.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';

const kinds = (events: LogRecord[], ...types: string[]) => events.filter((e) => types.includes(e.type));

describe('scenarios/kueue-fair-sharing.yaml', () => {
  const { result, events } = simulate('scenarios/kueue-fair-sharing.yaml');
  const wl = kinds(events, 'WorkloadAdmitted', 'WorkloadPreempted').map((e) => [
    e.t,
    e.type,
    String(e.jobSet).split('/')[1],
    e.reason ?? '',
  ]);

  it('team-a borrows, team-b reclaims, a high-priority job preempts within team-a: the event log, in order', () => {
    expect(wl).toEqual([
      [0.02, 'WorkloadAdmitted', 'a-train-big', ''], // 64 chips: 32 own + 32 borrowed from idle team-b
      [0.03, 'WorkloadAdmitted', 'a-gpu-sweep', ''],
      [1200.02, 'WorkloadPreempted', 'a-train-big', 'InCohortReclamation'], // b-train wants team-b's nominal back
      [1201.06, 'WorkloadAdmitted', 'b-train', ''], // once a-train-big's pods are gone (podTermination 1 s)
      [1500.02, 'WorkloadAdmitted', 'a-eval', ''], // team-a's own 32 chips
      [2400.02, 'WorkloadPreempted', 'a-eval', 'InClusterQueue'], // a-urgent (priority 1000) over a-eval (100)
      [2401.06, 'WorkloadAdmitted', 'a-urgent', ''],
      [4209.123055, 'WorkloadAdmitted', 'a-eval', ''], // a-urgent finished: team-a has 32 chips again
      [7817.1761, 'WorkloadAdmitted', 'a-train-big', ''], // a-eval finished and team-b idle: 64 chips again
    ]);
  });

  it('the preempted workloads carry upstream condition reasons and messages', () => {
    const pre = kinds(events, 'Event').length; // kube events are recorded separately; conditions are on the Workload
    expect(pre).toBeGreaterThan(0);
    const a = result.jobsets.find((j) => j.name === 'a-train-big')!;
    expect(a.queue).toEqual({
      localQueue: 'lq',
      clusterQueue: 'team-a',
      admissions: 2,
      evictions: 1,
      flavors: { slice: { 'google.com/tpu': 'tpu-v5e' } },
    });
    expect(a.admittedAt).toBeCloseTo(7817.1761, 4);
    expect(a.runningAt).toBeGreaterThan(a.admittedAt!); // running again only after the readmission
  });

  it('every JobSet completes; metrics count the evictions and preemptions by reason', () => {
    expect(result.metrics.jobsets).toEqual({ submitted: 5, completed: 5, failed: 0, unfinished: 0 });
    expect(result.metrics.evictions).toEqual({ Preempted: 2 });
    const k = result.metrics.kueue as {
      clusterQueues: Record<string, { preemptions: Record<string, number>; admissions: number }>;
    };
    expect(k.clusterQueues['team-a']!.preemptions).toEqual({ InCohortReclamation: 1, InClusterQueue: 1 });
    expect(k.clusterQueues['team-a']!.admissions).toBe(6);
    expect(k.clusterQueues['team-b']!.admissions).toBe(1);
    expect((result.metrics.startup as { max: number }).max).toBeLessThan(10);
  });
});

function cluster(extra: string, cq = ''): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: k}
spec: {seed: 1}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 4, resources: {cpu: "8", memory: 32Gi}, labels: {pool: cpu}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: cpu-flavor}
spec: {nodeLabels: {pool: cpu}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq}
spec:
  namespaceSelector: {}
${cq}
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: cpu-flavor, resources: [{name: cpu, nominalQuota: 8}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq}
spec: {clusterQueue: cq}
${extra}`;
}

function jobset(name: string, cpu: number, pods: number, at = '0s', labels = 'kueue.x-k8s.io/queue-name: lq'): string {
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  labels: {${labels}}
  annotations: {jobset-sim.dev/submit-at: ${at}, jobset-sim.dev/duration: 10m}
spec:
  replicatedJobs:
  - name: w
    replicas: 1
    template:
      spec:
        parallelism: ${pods}
        completions: ${pods}
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "${cpu}"}}}]
`;
}

const run = (text: string) => simulate({ texts: [{ file: 'k.yaml', text }] });

describe('the JobSet integration', () => {
  it('a JobSet with the queue-name label is suspended, becomes one Workload and runs on the flavor nodes once admitted', () => {
    const { result, events } = run(cluster(jobset('a', 2, 3)));
    const a = result.jobsets[0]!;
    expect(a.terminalState).toBe('Completed');
    expect(a.admittedAt).toBeCloseTo(0.02, 6); // kueueJobReconcile 10 ms + kueueCycle 10 ms
    expect(kinds(events, 'JobSetSuspended')[0]).toMatchObject({ t: 0.01, jobSet: 'default/a' });
    const admitted = kinds(events, 'WorkloadAdmitted')[0]!;
    expect(admitted).toMatchObject({ clusterQueue: 'cq', flavors: { w: { cpu: 'cpu-flavor' } } });
    expect(String(admitted.workload)).toMatch(/^default\/jobset-a-[0-9a-f]{5}$/);
    // every pod ran after the admission (the nodeSelector pool: cpu came from the flavor's nodeLabels)
    for (const p of kinds(events, 'PodScheduled')) expect(p.t).toBeGreaterThan(0.02);
  });

  it('a JobSet without the label is not managed (no Workload, admitted at creation)', () => {
    const { result, events } = run(cluster(jobset('free', 2, 1, '0s', 'team: x')));
    expect(kinds(events, 'WorkloadAdmitted')).toEqual([]);
    expect(result.jobsets[0]!.admittedAt).toBe(0);
    expect(result.jobsets[0]!.queue).toBeNull();
  });

  it('a JobSet naming a LocalQueue that does not exist waits: the run ends Stalled with it Queued', () => {
    const { result } = run(cluster(jobset('lost', 1, 1, '0s', 'kueue.x-k8s.io/queue-name: nope')));
    expect(result.jobsets[0]!.unfinishedReason).toBe('Queued');
    expect(result.warnings.map((w) => w.code)).toContain('Stalled');
  });

  it('quota: 8 cpu admits two 3-pod × 1-cpu JobSets together, the third waits for one to finish', () => {
    const { result } = run(cluster(jobset('j1', 1, 3) + jobset('j2', 1, 3) + jobset('j3', 1, 3)));
    const at = Object.fromEntries(result.jobsets.map((j) => [j.name, j.admittedAt]));
    expect(at.j1).toBeLessThan(1);
    expect(at.j2).toBeLessThan(1);
    expect(at.j3).toBeGreaterThan(600); // after j1 or j2 finished (10 min) and the 1 s requeue batch
  });
});

describe('queueing strategies (spec/kueue.md §2.1)', () => {
  // A 6-cpu head that does not fit (4 in use) and a 2-cpu JobSet behind it.
  const scenario = (strategy: string) =>
    cluster(
      jobset('first', 4, 1) + jobset('big', 6, 1, '1s') + jobset('small', 2, 1, '2s'),
      `  queueingStrategy: ${strategy}`,
    );

  it('BestEffortFIFO: the head that does not fit is parked and the smaller JobSet behind it is admitted', () => {
    const { result } = run(scenario('BestEffortFIFO'));
    const at = Object.fromEntries(result.jobsets.map((j) => [j.name, j.admittedAt]));
    expect(at.small).toBeLessThan(3);
    expect(at.big).toBeGreaterThan(600);
  });

  it('StrictFIFO: the head blocks the queue; the smaller JobSet waits behind it', () => {
    const { result } = run(scenario('StrictFIFO'));
    const at = Object.fromEntries(result.jobsets.map((j) => [j.name, j.admittedAt]));
    expect(at.big).toBeGreaterThan(600);
    expect(at.small!).toBeGreaterThanOrEqual(at.big!);
  });
});

describe('waitForPodsReady (spec/kueue.md §2.4)', () => {
  it('an admitted JobSet whose pods cannot all run is evicted with PodsReadyTimeout and requeued with backoff', () => {
    // The quota admits it, but its pod selects nodes that do not exist, so it never becomes ready.
    const text = cluster(
      `---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
waitForPodsReady: {enable: true, timeout: 5m, requeuingStrategy: {backoffBaseSeconds: 60, backoffLimitCount: 1}}
${jobset('stuck', 1, 1).replace('containers:', 'nodeSelector: {zone: nowhere}\n            containers:')}`,
    ).replace('spec: {seed: 1}', 'spec: {seed: 1, until: 30m}');
    const { result, events } = run(text);
    const evicted = kinds(events, 'WorkloadEvicted').map((e) => [e.t, e.reason]);
    expect(evicted[0]).toEqual([300.02, 'PodsReadyTimeout']);
    // requeued after 60 s of backoff, admitted again, timed out again, then deactivated (limit 1)
    expect(evicted.map((e) => e[1])).toEqual(['PodsReadyTimeout', 'Deactivated']);
    // the second admission waited out the 60 s backoff, then ran into the 5 min timeout again
    const readmitted = kinds(events, 'WorkloadAdmitted')[1]!.t;
    expect(readmitted).toBeGreaterThanOrEqual(360);
    expect(evicted[1]![0]).toBeCloseTo(readmitted + 300, 3);
    expect(result.jobsets[0]!.unfinishedReason).toBe('NeverSchedulable'); // the scheduler's diagnosis wins
    expect(result.jobsets[0]!.queue?.evictions).toBe(2);
  });
});
