// The Job controller end to end, in virtual time.
// 1. Through the library door, `simulate({ texts })`: standalone batch/v1 Jobs on a small CPU pool with the
//    real kubelet and scheduler, checking when the Job completes or fails (times computed by hand below).
// 2. Failures, which scenarios cannot inject yet: a Store, the JobController and a fake kubelet whose pods run
//    until the test fails, restarts or succeeds them at given times.
import { describe, expect, it } from 'vitest';
import type { Job, JobCondition, JobSpec } from '../../../src/api/batch.js';
import type { ContainerStatus, Pod, PodCondition } from '../../../src/api/core.js';
import type { NewObject } from '../../../src/api/meta.js';
import type { ControllerContext } from '../../../src/controllers/context.js';
import { JobController } from '../../../src/controllers/job/controller.js';
import { EventLog, type LogRecord } from '../../../src/engine/event-log.js';
import { resolveLatencies } from '../../../src/engine/latencies.js';
import { RandomStreams } from '../../../src/engine/random.js';
import { Phase, Simulator } from '../../../src/engine/simulator.js';
import { Store } from '../../../src/engine/store.js';
import type { SimulationSettings } from '../../../src/scenario/model.js';
import { simulate } from '../../../src/simulate.js';

// ---------------------------------------------------------------------------------------------------------
// 1. simulate({ texts })

const POOL = `apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {resources: {cpu: "8"}, nodes: 2}
`;

function scenario(latencies: string, jobs: string): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: job-e2e}
spec: {seed: 1${latencies}}
---
${POOL}${jobs}`;
}

const INDEXED_JOB = `---
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
  annotations: {jobset-sim.dev/duration: 60s}
spec:
  completionMode: Indexed
  completions: 4
  parallelism: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox, resources: {requests: {cpu: "2"}}}]
`;

const DEADLINE_JOB = `---
apiVersion: batch/v1
kind: Job
metadata:
  name: deadline
  annotations: {jobset-sim.dev/duration: 1h}
spec:
  activeDeadlineSeconds: 30
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox, resources: {requests: {cpu: "1"}}}]
`;

function run(text: string): LogRecord[] {
  return simulate({ texts: [{ file: 'job-e2e.yaml', text }] }).events;
}

const times = (events: LogRecord[], type: string, job?: string) =>
  events.filter((e) => e.type === type && (job === undefined || e.job === job)).map((e) => e.t);

describe('Job controller through simulate({ texts })', () => {
  // With the scheduler's own latencies at 0 the arithmetic is the Job controller's and the kubelet's only:
  //   0      the Job is created (an arrival) → ADDED → synced after jobReconcile 0.01 s
  //   0.01   the sync creates pods 0..3 (slow start 1, 2, 1) → bound at once
  //   5.01   Running (podStartup 5 s) …   65.01 Succeeded (duration 60 s)
  //   66.01  the pod updates are batched: one sync jobSyncBatchPeriod 1 s later counts the 4 successes and
  //          writes SuccessCriteriaMet and Complete together (no pod is terminating).
  it('an Indexed Job whose pods all succeed completes at jobReconcile + podStartup + duration + batch period', () => {
    const events = run(scenario(', latencies: {schedulerCycle: 0s, schedulerPer1kNodes: 0s, bind: 0s}', INDEXED_JOB));
    const job = 'default/indexed';
    expect(times(events, 'PodCreated', job)).toEqual([0.01, 0.01, 0.01, 0.01]);
    const names = events.filter((e) => e.type === 'PodCreated').map((e) => e.pod as string);
    expect(names.map((n) => n.replace(/-[a-z0-9]{5}$/, ''))).toEqual([0, 1, 2, 3].map((i) => `default/indexed-${i}`));
    expect(times(events, 'PodRunning', job)).toEqual([5.01, 5.01, 5.01, 5.01]);
    expect(times(events, 'PodSucceeded', job)).toEqual([65.01, 65.01, 65.01, 65.01]);
    expect(times(events, 'JobCompleted', job)).toEqual([66.01]);
    expect(events.find((e) => e.type === 'JobCompleted')?.reason).toBe('CompletionsReached');
    const jobEvents = events.filter((e) => e.type === 'Event' && e.object === job).map((e) => [e.t, e.reason]);
    expect(jobEvents).toEqual([
      [0.01, 'SuccessfulCreate'],
      [0.01, 'SuccessfulCreate'],
      [0.01, 'SuccessfulCreate'],
      [0.01, 'SuccessfulCreate'],
      [66.01, 'Completed'],
    ]);
  });

  // With the realistic scheduler the pods are bound one scheduling cycle apart; the Job still completes one
  // batch period after the first success (the batched sync sees all four, which finish within it).
  it('realistic latencies: complete = first bind + podStartup + duration + batch period', () => {
    const events = run(scenario('', INDEXED_JOB));
    const job = 'default/indexed';
    const binds = times(events, 'PodScheduled', job);
    expect(binds).toHaveLength(4);
    const [completed] = times(events, 'JobCompleted', job);
    expect(completed).toBeCloseTo(Math.min(...binds) + 5 + 60 + 1, 6);
    expect(Math.max(...binds) + 5 + 60).toBeLessThan(completed!);
  });

  //   0.01   first sync: startTime 0.01, the pod is created; a timer is set for the deadline
  //   30.01  startTime + activeDeadlineSeconds: FailureTarget DeadlineExceeded, the pod is deleted
  //   31.01  the kubelet has stopped it (podTermination 1 s) and the status-update batch syncs (1 s): no pod is
  //          terminating any more → Failed DeadlineExceeded.
  it('activeDeadlineSeconds: FailureTarget at the deadline, Failed once the pod has terminated', () => {
    const events = run(scenario('', DEADLINE_JOB));
    const job = 'default/deadline';
    const ev = (reason: string) => events.filter((e) => e.type === 'Event' && e.object === job && e.reason === reason);
    expect(ev('SuccessfulDelete').map((e) => e.t)).toEqual([30.01]);
    expect(times(events, 'PodFailed', job)).toEqual([31.01]);
    expect(times(events, 'JobFailed', job)).toEqual([31.01]);
    expect(events.find((e) => e.type === 'JobFailed')?.reason).toBe('DeadlineExceeded');
    expect(ev('DeadlineExceeded')).toEqual([
      expect.objectContaining({
        t: 31.01,
        eventType: 'Warning',
        message: 'Job was active longer than specified deadline',
      }),
    ]);
    expect(times(events, 'PodCreated', job)).toEqual([0.01]); // no replacement after the decision
  });
});

describe('Job controller through simulate({ texts }) with Script failPod (child Jobs of JobSets)', () => {
  const jobSet = (name: string, restartPolicy: string, spec: string) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: ${name}, annotations: {jobset-sim.dev/duration: 1h}}
spec:
  replicatedJobs:
  - name: w
    replicas: 1
    template:
      spec:
        completions: 2
        parallelism: 2
${spec}
        template:
          spec:
            restartPolicy: ${restartPolicy}
            containers: [{name: main, image: busybox, resources: {requests: {cpu: "1"}}}]
`;
  const text = `${scenario(
    ', latencies: {schedulerCycle: 0s, schedulerPer1kNodes: 0s, bind: 0s}',
    jobSet('never', 'Never', '        backoffLimit: 0') +
      jobSet('onfailure', 'OnFailure', '        backoffLimit: 1') +
      jobSet(
        'pfp',
        'Never',
        `        backoffLimit: 6
        podFailurePolicy:
          rules:
          - action: FailJob
            onExitCodes: {containerName: main, operator: In, values: [42]}`,
      ),
  )}---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: chaos}
spec:
  actions:
  - {at: 60s, failPod: {jobSet: never, replicatedJob: w, jobIndex: 0, podIndex: 1, exitCode: 1}}
  - {at: 60s, failPod: {jobSet: onfailure, replicatedJob: w, jobIndex: 0, podIndex: 1, exitCode: 1}}
  - {at: 60s, failPod: {jobSet: pfp, replicatedJob: w, jobIndex: 0, podIndex: 1, exitCode: 42}}
`;

  //   60  the container exits: under Never the pod is Failed; under OnFailure it restarts in place (restartCount 1)
  //   61  the batched sync: failed 1 > backoffLimit 0 / Σ restartCount 1 ≥ backoffLimit 1 / a FailJob rule →
  //       FailureTarget, and the Job's other (active) pods are deleted
  //   62  they have stopped (podTermination 1 s) and the status-update batch writes Failed (same reason)
  //   62.01 the JobSet reconciles and fails.
  it('backoffLimit (Never and OnFailure) and a FailJob rule fail the Job one batch after the pods have stopped', () => {
    const events = run(text);
    const failed = events.filter((e) => e.type === 'JobFailed').map((e) => [e.t, e.job, e.reason]);
    expect(failed).toEqual([
      [62, 'default/never-w-0', 'BackoffLimitExceeded'],
      [62, 'default/onfailure-w-0', 'BackoffLimitExceeded'],
      [62, 'default/pfp-w-0', 'PodFailurePolicy'],
    ]);
    const deletes = (job: string) =>
      events.filter((e) => e.type === 'Event' && e.object === job && e.reason === 'SuccessfulDelete').map((e) => e.t);
    expect(deletes('default/never-w-0')).toEqual([61]);
    expect(deletes('default/onfailure-w-0')).toEqual([61, 61]); // the restarting pod is still active
    expect(deletes('default/pfp-w-0')).toEqual([61]);
    const pfpEvent = events.find(
      (e) => e.type === 'Event' && e.object === 'default/pfp-w-0' && e.eventType === 'Warning',
    );
    expect(pfpEvent?.message).toMatch(
      /^Container main for pod default\/pfp-w-0-1-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/,
    );
    expect(times(events, 'JobSetFailed')).toEqual([62.01, 62.01, 62.01]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. Store + JobController + a fake kubelet

interface Harness {
  sim: Simulator;
  store: Store;
  log: EventLog;
  /** Runs fn at t seconds (arrival phase, before the controllers at the same instant). */
  at(t: number, fn: () => void): void;
  job(name: string): Job;
  pods(job: string): Pod[];
  fail(pod: Pod, exitCode: number, conditions?: PodCondition[]): void;
  succeed(pod: Pod): void;
  restart(pod: Pod): void;
  createJob(name: string, spec: Partial<JobSpec>, annotations?: Record<string, string>): void;
}

/** A kubelet that starts a bound pod after 5 s and stops a deleted one after `terminationS`. */
function harness(terminationS = 1): Harness {
  const sim = new Simulator();
  const rng = new RandomStreams(1);
  const names = rng.stream('names');
  const store = new Store({
    now: () => sim.now,
    after: (d, fn) => {
      sim.after(d, Phase.Controller, fn);
    },
    suffix: () => names.k8sSuffix(),
    uid: () => names.uuid(),
    gcLatency: () => 20_000,
    touched: () => sim.touched(),
  });
  const log = new EventLog(() => sim.now / 1e6);
  const ctx: ControllerContext = {
    sim,
    store,
    log,
    lat: resolveLatencies('realistic', {}),
    random: rng,
    settings: {} as SimulationSettings,
  };
  new JobController(ctx);
  const now = () => sim.now / 1e6;
  const terminated = (exitCode: number): ContainerStatus[] =>
    [
      { name: 'main', restartCount: 0, state: { terminated: { exitCode, finishedAt: now() } } },
    ] as unknown as ContainerStatus[];
  const stop = (pod: Pod, phase: 'Failed' | 'Succeeded', exitCode: number, extra: PodCondition[] = []) => {
    pod.status.phase = phase;
    pod.status.conditions = [{ type: 'Ready', status: 'False', lastTransitionTime: now() }, ...extra];
    pod.status.containerStatuses = terminated(exitCode);
    store.updateStatus(pod);
  };
  const stopping = new Set<string>();
  store.watch<Pod>('Pod', (type, pod) => {
    if (type === 'ADDED') {
      sim.after(0, Phase.Scheduler, () => {
        if (!store.getByUid(pod.metadata.uid) || pod.spec.nodeName) return;
        store.bind(pod, 'node-0');
        sim.after(5e6, Phase.Kubelet, () => {
          if (pod.status.phase !== 'Pending' || pod.metadata.deletionTimestamp !== undefined) return;
          pod.status.phase = 'Running';
          pod.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: now() }];
          pod.status.containerStatuses = [{ name: 'main', restartCount: 0, state: { running: { startedAt: now() } } }];
          store.updateStatus(pod);
        });
      });
    } else if (type === 'MODIFIED' && pod.metadata.deletionTimestamp !== undefined && !stopping.has(pod.metadata.uid)) {
      stopping.add(pod.metadata.uid);
      sim.after(terminationS * 1e6, Phase.Kubelet, () => {
        if (pod.status.phase !== 'Failed' && pod.status.phase !== 'Succeeded') stop(pod, 'Failed', 137);
        store.finishDeletion(pod);
      });
    }
  });
  return {
    sim,
    store,
    log,
    at: (t, fn) => {
      sim.at(t * 1e6, Phase.Arrival, fn);
    },
    job: (name) => store.get<Job>('Job', 'default', name)!,
    pods: (job) =>
      [...store.list<Pod>('Pod')].filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-name'] === job),
    fail: (pod, exitCode, conditions) => stop(pod, 'Failed', exitCode, conditions),
    succeed: (pod) => stop(pod, 'Succeeded', 0),
    restart: (pod) => {
      const cs = pod.status.containerStatuses?.[0];
      if (cs) cs.restartCount++;
      store.updateStatus(pod);
    },
    createJob: (name, spec, annotations) => {
      const job: NewObject<Job> = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
        spec: {
          parallelism: 1,
          completions: 1,
          backoffLimit: 6,
          completionMode: 'NonIndexed',
          podReplacementPolicy: spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed',
          suspend: false,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main' }] } },
          ...spec,
        },
        status: {},
      };
      store.create(job);
    },
  };
}

type Cond = Pick<JobCondition, 'type' | 'status' | 'reason' | 'message' | 'lastTransitionTime'>;
const conds = (job: Job): Cond[] =>
  (job.status.conditions ?? []).map(({ type, status, reason, message, lastTransitionTime }) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime,
  }));
const podCreatedTimes = (h: Harness, job: string) =>
  h.log.records
    .filter((r) => r.type === 'Event' && r.object === `default/${job}` && r.reason === 'SuccessfulCreate')
    .map((r) => r.t);

describe('Job controller with a fake kubelet (pod failures)', () => {
  it('podFailurePolicy FailJob: FailureTarget one batch after the failure, Failed once the other pod has terminated', () => {
    const h = harness();
    h.createJob('pfp', {
      parallelism: 2,
      completions: 2,
      completionMode: 'Indexed',
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }],
      },
    });
    let failedName = '';
    h.at(10, () => {
      const pod = h
        .pods('pfp')
        .find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1')!;
      failedName = pod.metadata.name;
      h.fail(pod, 42);
    });
    h.sim.run(100e6);
    const message = `Container main for pod default/${failedName} failed with exit code 42 matching FailJob rule at index 0`;
    // 10 failure → 11 batched sync: FailureTarget, pod 0 deleted → 12 it has terminated → Failed.
    expect(conds(h.job('pfp'))).toEqual([
      { type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy', message, lastTransitionTime: 11 },
      { type: 'Failed', status: 'True', reason: 'PodFailurePolicy', message, lastTransitionTime: 12 },
    ]);
    expect(h.job('pfp').status).toMatchObject({ active: 0, failed: 2, succeeded: 0, terminating: 0, ready: 0 });
    expect(h.job('pfp').status.completionTime).toBeUndefined();
  });

  it('pod-failure backoff: replacements 10 s after the first failure, then 20 s after the second', () => {
    const h = harness();
    h.createJob('retry', {});
    h.at(10, () => h.fail(h.pods('retry')[0]!, 1));
    h.at(30, () => h.fail(h.pods('retry').find((p) => p.status.phase === 'Running')!, 1));
    h.sim.run(100e6);
    // Created at 0.01 (first sync); the failure at 10 is seen at 11 (batch) and the replacement waits until
    // 10 + 10 s = 20; the second failure at 30 makes it wait 20 s: 50.
    expect(podCreatedTimes(h, 'retry')).toEqual([0.01, 20, 50]);
    expect(h.job('retry').status).toMatchObject({ failed: 2, active: 1 });
  });

  it('podFailurePolicy Ignore: the failure is not counted but the replacement still waits for the backoff', () => {
    const h = harness();
    h.createJob('ignore', {
      backoffLimit: 0,
      podFailurePolicy: {
        rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
      },
    });
    h.at(10, () => h.fail(h.pods('ignore')[0]!, 137, [{ type: 'DisruptionTarget', status: 'True' }]));
    h.at(40, () => h.succeed(h.pods('ignore').find((p) => p.status.phase === 'Running')!));
    h.sim.run(100e6);
    expect(podCreatedTimes(h, 'ignore')).toEqual([0.01, 20]);
    expect(h.job('ignore').status).toMatchObject({ failed: 0, succeeded: 1 });
    expect(conds(h.job('ignore')).map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });

  it('podReplacementPolicy TerminatingOrFailed replaces a deleted pod while it terminates; Failed waits for it', () => {
    const timesFor = (policy: 'TerminatingOrFailed' | 'Failed') => {
      const h = harness(30); // pods take 30 s to stop
      h.createJob('rp', { podReplacementPolicy: policy });
      h.at(10, () => h.store.delete(h.pods('rp')[0]!));
      h.sim.run(100e6);
      return { created: podCreatedTimes(h, 'rp'), failed: h.job('rp').status.failed };
    };
    // Deleted at 10: TerminatingOrFailed counts it failed at the 11 s sync and replaces it 10 s after the
    // deletion (its finish time) → 20; Failed waits until it has stopped at 40, then the backoff: 50.
    expect(timesFor('TerminatingOrFailed')).toEqual({ created: [0.01, 20], failed: 1 });
    expect(timesFor('Failed')).toEqual({ created: [0.01, 50], failed: 1 });
  });

  it('restartPolicy OnFailure: container restarts reaching backoffLimit fail the Job (BackoffLimitExceeded)', () => {
    const h = harness();
    h.createJob('onfailure', {
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main' }] } },
    });
    h.at(10, () => h.restart(h.pods('onfailure')[0]!));
    h.at(20, () => h.restart(h.pods('onfailure')[0]!));
    h.sim.run(100e6);
    const msg = 'Job has reached the specified backoff limit';
    expect(conds(h.job('onfailure'))).toEqual([
      { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: msg, lastTransitionTime: 21 },
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: msg, lastTransitionTime: 22 },
    ]);
    expect(h.job('onfailure').status.failed).toBe(1);
  });

  it('suspend deletes the pods without counting them; resume recreates them and resets startTime', () => {
    const h = harness();
    h.createJob('sus', { parallelism: 2, completions: 2, activeDeadlineSeconds: 60 });
    const setSuspend = (v: boolean) => {
      const job = h.job('sus');
      job.spec.suspend = v;
      h.store.update(job); // a spec change: synced after jobReconcile, not batched
    };
    h.at(10, () => setSuspend(true));
    h.at(100, () => {
      // As the JobSet controller (and Kueue) do before resuming: clear startTime. Upstream's Job controller
      // judges activeDeadlineSeconds on the old startTime in the resuming sync (see controller.test.ts).
      const job = h.job('sus');
      job.status.startTime = undefined;
      h.store.updateStatus(job);
      setSuspend(false);
    });
    h.sim.run(130e6);
    const job = h.job('sus');
    expect(conds(job)).toEqual([
      { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: 100.01 },
    ]);
    expect(job.status).toMatchObject({ failed: 0, active: 2, startTime: 100.01 });
    expect(podCreatedTimes(h, 'sus')).toEqual([0.01, 0.01, 100.01, 100.01]);
    const reasons = h.log.records
      .filter((r) => r.type === 'Event' && r.object === 'default/sus')
      .map((r) => [r.t, r.reason]);
    expect(reasons).toContainEqual([10.01, 'Suspended']);
    expect(reasons).toContainEqual([100.01, 'Resumed']);
    // The deadline counts from the resume: 100.01 + 60 > 130, so still running (it would have failed at 60.01).
    expect(job.status.conditions?.some((c) => c.type === 'Failed')).toBe(false);
  });

  it('backoffLimitPerIndex: the replacement carries the failure count; a second failure fails the index, then the Job', () => {
    const h = harness();
    h.createJob('perindex', {
      parallelism: 2,
      completions: 2,
      completionMode: 'Indexed',
      backoffLimit: 2147483647,
      backoffLimitPerIndex: 1,
    });
    const ofIndex = (i: number) =>
      h
        .pods('perindex')
        .filter((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === String(i))
        .find((p) => p.status.phase === 'Running')!;
    let replacementCount: string | undefined;
    h.at(10, () => h.fail(ofIndex(1), 1));
    h.at(30, () => {
      const r = ofIndex(1);
      replacementCount = r.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'];
      h.fail(r, 1);
    });
    h.at(40, () => h.succeed(ofIndex(0)));
    h.sim.run(100e6);
    // Index 1 fails at 10; its replacement waits for the per-index backoff (10 s from the failure) → 20.
    expect(podCreatedTimes(h, 'perindex')).toEqual([0.01, 0.01, 20]);
    expect(replacementCount).toBe('1');
    const job = h.job('perindex');
    expect(job.status).toMatchObject({ failed: 2, succeeded: 1, failedIndexes: '1', completedIndexes: '0' });
    expect(conds(job).map((c) => [c.type, c.reason, c.lastTransitionTime])).toEqual([
      ['FailureTarget', 'FailedIndexes', 41],
      ['Failed', 'FailedIndexes', 41],
    ]);
  });
});
