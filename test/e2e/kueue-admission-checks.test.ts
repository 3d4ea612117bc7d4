// Admission checks at run time (spec/kueue.md §2.4): a ClusterQueue's checks (admissionChecksStrategy, per flavor)
// hold an admitted-quota workload until all are Ready; Retry evicts it (AdmissionCheck) and requeues it after the
// check's requeueAfterSeconds; Rejected deactivates it. The check controllers are the simulator's named model
// (src/kueue/admission-checks.ts): a delay, then an outcome script per attempt.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';
import { runKueue } from '../support/kueue-sim.js';

function scenario(o: { outcomes?: string; strategy?: string; jobs: string }): string {
  const ann = o.outcomes ? `, jobset-sim.dev/admission-check-outcomes: "${o.outcomes}"` : '';
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: ac}
spec: {seed: 1}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 2, resources: {cpu: "8", memory: 64Gi}, labels: {pool: cpu}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: spot}
spec: {nodes: 2, resources: {cpu: "8", memory: 64Gi}, labels: {pool: spot}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: default}
spec: {nodeLabels: {pool: cpu}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: spot}
spec: {nodeLabels: {pool: spot}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: AdmissionCheck
metadata:
  name: prov
  annotations: {jobset-sim.dev/admission-check-delay: 2m${ann}}
spec: {controllerName: kueue.x-k8s.io/provisioning-request}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq}
spec:
  namespaceSelector: {}
  admissionChecksStrategy: {admissionChecks: [${o.strategy ?? '{name: prov}'}]}
  resourceGroups:
  - coveredResources: [cpu]
    flavors:
    - {name: default, resources: [{name: cpu, nominalQuota: 8}]}
    - {name: spot, resources: [{name: cpu, nominalQuota: 8}]}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq, namespace: default}
spec: {clusterQueue: cq}
${o.jobs}`;
}

function job(name: string, cpu: number, annotations: Record<string, string> = {}): string {
  const ann = Object.entries({ 'jobset-sim.dev/duration': '10m', ...annotations })
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `---
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  labels: {kueue.x-k8s.io/queue-name: lq}
  annotations: {${ann}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x, resources: {requests: {cpu: "${cpu}"}}}]
`;
}

const at = (events: LogRecord[], type: string, name?: string) =>
  events.filter((e) => e.type === type && (!name || String(e.job).endsWith(`/${name}`))).map((e) => e.t);

describe('a check that becomes Ready', () => {
  const run = runKueue(scenario({ jobs: job('j', 1) }));
  it('quota is reserved at once, Admitted waits for the check (UnsatisfiedAdmissionChecks), then admitted 2 min later', () => {
    expect(run.of('j', 'QuotaReserved').at(-1)).toMatchObject({ t: 0.02, status: 'True', reason: 'QuotaReserved' });
    expect(run.of('j', 'Admitted').map((c) => [c.t, c.status, c.reason, c.message])).toEqual([
      [0.02, 'False', 'UnsatisfiedAdmissionChecks', 'The workload has not all checks ready'],
      [120.02, 'True', 'Admitted', 'The workload is admitted'],
    ]);
    expect(at(run.events, 'WorkloadAdmitted')).toEqual([120.02]);
    // The Job stays suspended until then: its pods start after the admission.
    expect(Math.min(...at(run.events, 'PodCreated'))).toBeGreaterThan(120.02);
    expect(at(run.events, 'JobCompleted')).toHaveLength(1);
  });
});

describe('Retry, then Ready', () => {
  const run = runKueue(scenario({ outcomes: 'Retry,Ready', jobs: job('j', 1) }));
  it('Retry evicts with reason AdmissionCheck and upstream message; requeued after the 60 s backoff; Ready on the second reservation', () => {
    const ev = run.events.filter((e) => e.type === 'WorkloadEvicted');
    expect(ev.map((e) => [e.t, e.reason])).toEqual([[120.02, 'AdmissionCheck']]);
    expect(run.of('j', 'Evicted')[0]).toMatchObject({
      status: 'True',
      reason: 'AdmissionCheck',
      message: 'Evicted due to AdmissionCheck in Retry state: "prov"',
    });
    const reserved = run
      .of('j', 'QuotaReserved')
      .filter((c) => c.status === 'True')
      .map((c) => c.t);
    expect(reserved).toHaveLength(2);
    expect(reserved[1]! - 120.02).toBeGreaterThanOrEqual(60);
    expect(reserved[1]! - 120.02).toBeLessThan(61);
    expect(at(run.events, 'WorkloadAdmitted')).toEqual([reserved[1]! + 120]);
    expect(run.result.metrics.evictions).toEqual({ AdmissionCheck: 1 });
  });

  it('once released: QuotaReserved False (PendingEvaluation, the eviction message), Requeued False during the backoff, then True BackoffFinished (jobframework reconciler.go step 6; workload_controller.go)', () => {
    const msg = 'Evicted due to AdmissionCheck in Retry state: "prov"';
    expect(run.of('j', 'QuotaReserved').find((c) => c.status === 'False' && c.t > 120)).toMatchObject({
      t: 120.03,
      reason: 'PendingEvaluation',
      message: msg,
    });
    expect(run.of('j', 'Requeued').map((c) => [c.t, c.status, c.reason, c.message])).toEqual([
      [120.03, 'False', 'AdmissionCheck', msg],
      [180.02, 'True', 'BackoffFinished', 'The workload backoff was finished'],
    ]);
  });
});

describe('Rejected', () => {
  const run = runKueue(scenario({ jobs: job('r', 1, { 'jobset-sim.dev/admission-check.prov': 'Rejected' }) }));
  it('deactivates the workload (Evicted DeactivatedDueToAdmissionCheck), warns AdmissionCheckRejected, and the run ends', () => {
    expect(run.of('r', 'Evicted')[0]).toMatchObject({
      t: 120.02,
      reason: 'DeactivatedDueToAdmissionCheck',
      message: 'The workload is deactivated due to AdmissionCheck in Rejected state: "prov"',
    });
    const warn = run.events.find((e) => e.type === 'Event' && e.reason === 'AdmissionCheckRejected');
    expect(warn).toMatchObject({
      eventType: 'Warning',
      message: 'Deactivated due to AdmissionCheck in Rejected state: "prov"',
    });
    expect(at(run.events, 'WorkloadAdmitted')).toEqual([]);
    expect(at(run.events, 'PodCreated')).toEqual([]);
    expect(run.result.end).toBeLessThan(200); // nothing waits for a deactivated workload
    expect(run.of('r', 'Requeued').map((c) => [c.status, c.reason])).toEqual([
      ['False', 'DeactivatedDueToAdmissionCheck'],
    ]);
  });
});

describe('admissionChecksStrategy onFlavors', () => {
  it('the check runs only for workloads assigned the flavors it lists (upstream: workload_test.go TestAdmissionChecksForWorkload)', () => {
    // 8 cpu on `default` then on `spot`: a (6 cpu) gets default with no check, b (6 cpu) spot with the check.
    const run = runKueue(
      scenario({ strategy: '{name: prov, onFlavors: [spot]}', jobs: `${job('a', 6)}${job('b', 6)}` }),
    );
    const adm = run.events.filter((e) => e.type === 'WorkloadAdmitted').map((e) => [e.t, e.job, e.flavors]);
    expect(adm).toEqual([
      [0.02, 'default/a', { main: { cpu: 'default' } }],
      [120.03, 'default/b', { main: { cpu: 'spot' } }],
    ]);
  });
});

describe('a ClusterQueue naming a missing AdmissionCheck', () => {
  it('is inactive: a warning at load, its workloads wait with "ClusterQueue cq is inactive" (reason Suspended)', () => {
    const text = scenario({ strategy: '{name: nope}', jobs: job('j', 1) });
    const run = runKueue(text, ['until=1h']);
    expect(run.result.warnings).toContainEqual({
      code: 'AdmissionCheckNotFound',
      object: 'cq',
      message: 'ClusterQueue cq is inactive: AdmissionCheck nope not found; its workloads wait',
    });
    expect(run.of('j', 'QuotaReserved')[0]).toMatchObject({
      status: 'False',
      reason: 'Suspended',
      message: 'ClusterQueue cq is inactive',
    });
    expect(at(run.events, 'WorkloadAdmitted')).toEqual([]);
  });

  it('an invalid outcome script is a load error naming the field', () => {
    expect(() =>
      simulate({ texts: [{ file: 'ac.yaml', text: scenario({ outcomes: 'Ready,Later', jobs: job('j', 1) }) }] }),
    ).toThrow(
      /AdmissionCheck prov\): metadata\.annotations\[jobset-sim\.dev\/admission-check-outcomes\]: "Later" is not an outcome/,
    );
  });
});

describe('scenarios/kueue-provisioning.yaml', () => {
  const { result, events } = simulate('scenarios/kueue-provisioning.yaml');
  const wl = events
    .filter((e) => e.type === 'WorkloadAdmitted' || e.type === 'WorkloadEvicted')
    .map((e) => [e.t, e.type, String(e.jobSet ?? e.job).split('/')[1], e.reason ?? '']);

  it('finetune spills onto the checked flavor: one Retry (5 min), 60 s backoff, Ready 5 min later; the sweep takes 8 of its 16 pods', () => {
    expect(wl).toEqual([
      [0.02, 'WorkloadAdmitted', 'train', ''], // `reserved`, no check
      [360.02, 'WorkloadEvicted', 'finetune', 'AdmissionCheck'], // reserved on `dws` at 60 s, Retry at 360 s
      [420.02, 'WorkloadAdmitted', 'sweep', ''], // reserved at 120 s with count 8 (24 − 16 GPUs left), Ready at 420 s
      [720.03, 'WorkloadAdmitted', 'finetune', ''], // requeued at 420 s (backoff 60 s), Ready at 720 s
      [2520.03, 'WorkloadEvicted', 'finetune', 'PodsReadyTimeout'], // see below
      [2880.04, 'WorkloadAdmitted', 'finetune', ''],
    ]);
    const sweepRunning = events.filter((e) => e.type === 'PodRunning' && String(e.job) === 'default/sweep');
    const firstDone = events.find((e) => e.type === 'PodSucceeded' && String(e.job) === 'default/sweep')!.t;
    expect(sweepRunning.filter((e) => e.t < firstDone)).toHaveLength(8);
  });

  it("quota is not placement: the sweep's 1-GPU pods spread over the 3 dws hosts, no host keeps 8 GPUs free, finetune's pods wait until the sweep ends", () => {
    const hosts = new Set(
      events
        .filter((e) => e.type === 'PodScheduled' && String(e.job) === 'default/sweep' && e.t < 1000)
        .map((e) => e.node),
    );
    expect(hosts.size).toBe(3);
    const sweepDone = events.find((e) => e.type === 'JobCompleted' && e.job === 'default/sweep')!.t;
    const ft = result.jobsets.find((j) => j.name === 'finetune')!;
    expect(ft.terminalState).toBe('Completed');
    expect(ft.runningAt).toBeGreaterThan(sweepDone); // 8 GPUs free on one host only once the sweep is done
    expect(ft.queue).toMatchObject({
      clusterQueue: 'gpu',
      admissions: 2,
      evictions: 1,
      flavors: { workers: { 'nvidia.com/gpu': 'dws' } },
    });
    expect(result.metrics.evictions).toEqual({ AdmissionCheck: 1, PodsReadyTimeout: 1 });
  });
});
