// Standalone batch Jobs under Kueue (kueue ff69552e pkg/controller/jobs/job) and partial admission at run time
// (spec/kueue.md §2.5): a Job with a queue is created suspended, becomes one Workload with podSet `main`, is resumed
// with its flavor's node labels (and parallelism = the admitted count under partial admission), is suspended and
// requeued when preempted, and its Workload is Finished when it completes.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';
import { eventsOf, runKueue } from '../support/kueue-sim.js';

const CLUSTER = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: jobs}
spec: {seed: 1}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 8, resources: {cpu: "8", memory: 64Gi}, labels: {pool: cpu}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: other}
spec: {nodes: 8, resources: {cpu: "8", memory: 64Gi}, labels: {pool: other}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: default}
spec: {nodeLabels: {pool: cpu}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: sales}
spec:
  namespaceSelector: {}
  preemption: {withinClusterQueue: LowerPriority}
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: default, resources: [{name: cpu, nominalQuota: 50}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: main, namespace: default}
spec: {clusterQueue: sales}
`;

interface JobOpts {
  name: string;
  parallelism: number;
  cpu: number;
  at?: string;
  duration?: string;
  minParallelism?: number;
  priorityClass?: string;
  queue?: string | null;
}

function job(j: JobOpts): string {
  const labels: string[] = [];
  if (j.queue !== null) labels.push(`kueue.x-k8s.io/queue-name: ${j.queue ?? 'main'}`);
  if (j.priorityClass) labels.push(`kueue.x-k8s.io/priority-class: ${j.priorityClass}`);
  const ann = [`jobset-sim.dev/submit-at: ${j.at ?? '0s'}`, `jobset-sim.dev/duration: ${j.duration ?? '10m'}`];
  if (j.minParallelism !== undefined) ann.push(`kueue.x-k8s.io/job-min-parallelism: "${j.minParallelism}"`);
  return `---
apiVersion: batch/v1
kind: Job
metadata:
  name: ${j.name}
  labels: {${labels.join(', ')}}
  annotations: {${ann.join(', ')}}
spec:
  parallelism: ${j.parallelism}
  completions: ${j.parallelism}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "${j.cpu}"}}}]
`;
}

const byType = (events: LogRecord[], type: string) => events.filter((e) => e.type === type);

describe('a standalone Job under Kueue', () => {
  const run = runKueue(`${CLUSTER}${job({ name: 'solo', parallelism: 4, cpu: 2 })}`);

  it('is created suspended, admitted as Workload job-solo-<hash> with podSet main, resumed onto its flavor', () => {
    const adm = byType(run.events, 'WorkloadAdmitted');
    expect(adm.map((e) => [e.job, e.clusterQueue, e.flavors])).toEqual([
      ['default/solo', 'sales', { main: { cpu: 'default' } }],
    ]);
    expect(String(adm[0]!.workload)).toMatch(/^default\/job-solo-[0-9a-f]{5}$/);
    const suspended = run.events.find(
      (e) => e.type === 'Event' && e.object === 'default/solo' && e.reason === 'Suspended',
    );
    expect(suspended!.t).toBeLessThan(adm[0]!.t);
    // The flavor's nodeLabels {pool: cpu} were merged into the pod template: every pod on a `cpu` node.
    const nodes = byType(run.events, 'PodScheduled').map((e) => String(e.node));
    expect(nodes).toHaveLength(4);
    for (const n of nodes) expect(n).toMatch(/^cpu-node-/);
  });

  it('its Workload is Finished (Succeeded) when the Job completes, and the run ends', () => {
    const fin = run.of('solo', 'Finished');
    expect(fin).toHaveLength(1);
    expect(fin[0]).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(fin[0]!.t).toBe(byType(run.events, 'JobCompleted')[0]!.t);
    expect(run.of('solo', 'PodsReady')[0]).toMatchObject({
      status: 'True',
      reason: 'PodsReady',
      message: 'All pods reached readiness and the workload is running',
    });
    expect(
      (run.result.metrics.kueue as { clusterQueues: Record<string, { admissions: number }> }).clusterQueues.sales!
        .admissions,
    ).toBe(1);
  });

  it('a Job without a queue name is not managed (runs at once, no Workload); one owned by a JobSet never is', () => {
    const r = runKueue(`${CLUSTER}${job({ name: 'free', parallelism: 2, cpu: 2, queue: null })}`);
    expect(byType(r.events, 'WorkloadAdmitted')).toEqual([]);
    expect(byType(r.events, 'JobCompleted')).toHaveLength(1);
  });
});

describe('preemption of a standalone Job (jobframework Stop: suspend + RestorePodSetsInfo)', () => {
  const run = runKueue(
    `${CLUSTER}${job({ name: 'low', parallelism: 20, cpu: 2, duration: '1h' })}${job({
      name: 'urgent',
      parallelism: 10,
      cpu: 2,
      at: '10m',
      priorityClass: 'high',
    })}`,
  );

  it('the high-priority Job preempts the low one (InClusterQueue), which is suspended, requeued and readmitted', () => {
    expect(eventsOf(run.events, 'WorkloadPreempted')).toEqual([[600.02, 'low']]);
    expect(byType(run.events, 'WorkloadPreempted')[0]).toMatchObject({ job: 'default/low', reason: 'InClusterQueue' });
    const adm = eventsOf(run.events, 'WorkloadAdmitted').map(([, n]) => n);
    expect(adm).toEqual(['low', 'urgent', 'low']);
    const ev = run.of('low', 'Evicted')[0]!;
    expect(ev).toMatchObject({ status: 'True', reason: 'Preempted' });
    expect(run.of('low', 'Requeued')[0]).toMatchObject({ status: 'True', reason: 'Preempted', message: ev.message });
    expect(ev.message).toMatch(
      /^Preempted to accommodate a workload \(UID: [0-9a-f-]+, JobUID: [0-9a-f-]+\) due to prioritization in the ClusterQueue; preemptor path: \/sales; preemptee path: \/sales$/,
    );
    // The low Job's pods are deleted on suspension; its quota is released once they are gone, then `urgent` runs.
    const urgentAt = eventsOf(run.events, 'WorkloadAdmitted')[1]![0];
    const lowDeleted = byType(run.events, 'PodDeleted').filter((e) => String(e.job) === 'default/low');
    expect(lowDeleted.length).toBe(20);
    for (const d of lowDeleted) expect(d.t).toBeLessThan(urgentAt);
  });

  it('both Jobs complete; the low one runs again from the start after the readmission', () => {
    expect(byType(run.events, 'JobCompleted').map((e) => e.job)).toEqual(['default/urgent', 'default/low']);
    expect(run.of('low', 'Finished')[0]).toMatchObject({ status: 'True', reason: 'Succeeded' });
  });
});

describe('partial admission at run time (spec/kueue.md §2.5)', () => {
  it('50 pods × 2 cpu, job-min-parallelism 20, 50 cpu of quota ⇒ admitted with count 25: parallelism 25, two waves (upstream: scheduler_test.go TestSchedule "partial admission single variable pod set"; job_controller_test.go TestReconciler "suspended job with partial admission and admitted workload is unsuspended")', () => {
    const run = runKueue(`${CLUSTER}${job({ name: 'big', parallelism: 50, cpu: 2, minParallelism: 20 })}`);
    expect(run.of('big', 'QuotaReserved').at(-1)).toMatchObject({
      status: 'True',
      reason: 'QuotaReserved',
      message: 'Quota reserved in ClusterQueue sales',
    });
    // The Job runs 25 pods at a time (parallelism = the admitted count) until its 50 completions.
    const firstDone = byType(run.events, 'PodSucceeded')[0]!.t;
    const runningBefore = byType(run.events, 'PodRunning').filter((e) => e.t < firstDone);
    expect(runningBefore).toHaveLength(25);
    expect(byType(run.events, 'PodSucceeded')).toHaveLength(50);
    // PodsReady counts the admitted 25 pods, not the podset's 50.
    expect(run.of('big', 'PodsReady')[0]!.t).toBeLessThan(firstDone);
  });

  it('with the PartialAdmission feature gate off the Job waits (it never fits 100 cpu of 50)', () => {
    const run = runKueue(`${CLUSTER}${job({ name: 'big', parallelism: 50, cpu: 2, minParallelism: 20 })}`, [
      'featureGates.PartialAdmission=false',
    ]);
    expect(byType(run.events, 'WorkloadAdmitted')).toEqual([]);
    expect(run.of('big', 'QuotaReserved').at(-1)).toMatchObject({ status: 'False', reason: 'ExceedsMaxQuota' });
  });

  it('an invalid job-min-parallelism is rejected at load time with the webhook text', () => {
    expect(() =>
      simulate({
        texts: [
          { file: 'bad.yaml', text: `${CLUSTER}${job({ name: 'bad', parallelism: 4, cpu: 1, minParallelism: 5 })}` },
        ],
      }),
    ).toThrow(
      /metadata\.annotations\[kueue\.x-k8s\.io\/job-min-parallelism\]: Invalid value: 5: should be between 0 and 3/,
    );
  });
});
