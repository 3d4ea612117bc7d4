// Spec §2 / §5 cases 8–27: the JobSet reconcile as a pure function, driven step by step like the upstream
// integration tests (envtest has no Job controller, so the tests set Job status by hand; so do we).
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/api/batch.js';
import type { FailurePolicyRule, JobSet, JobSetSpec, ReplicatedJob } from '../../../src/api/jobset.js';
import type { Condition, NewObject } from '../../../src/api/meta.js';
import {
  type QueuedEvent,
  updateCondition,
  updateExistingCondition,
} from '../../../src/controllers/jobset/conditions.js';
import { constructJob } from '../../../src/controllers/jobset/construct.js';
import { type ReconcileResult, reconcile } from '../../../src/controllers/jobset/reconcile.js';

const RESTART_ATTEMPT = 'jobset.sigs.k8s.io/restart-attempt';
const RJOB_NAME = 'jobset.sigs.k8s.io/replicatedjob-name';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

function rjob(name: string, replicas: number, parallelism = 1): ReplicatedJob {
  return {
    name,
    replicas,
    groupName: 'default',
    template: {
      spec: {
        parallelism,
        completions: parallelism,
        completionMode: 'Indexed',
        backoffLimit: 0,
        template: { spec: { containers: [{ name: 'c' }], restartPolicy: 'Never' } },
      },
    },
  };
}

function jobSet(name: string, rjobs: ReplicatedJob[], spec: Partial<JobSetSpec> = {}): JobSet {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, resourceVersion: '', creationTimestamp: 0 },
    spec: {
      replicatedJobs: rjobs,
      network: { enableDNSHostnames: true },
      successPolicy: { operator: 'All' },
      ...spec,
    },
    status: { restarts: 0 },
  };
}

/** The upstream integration fixture: test-js, replicated-job-a ×1, replicated-job-b ×3 (Indexed), DNS on, All. */
function testJobSet(spec: Partial<JobSetSpec> = {}): JobSet {
  return jobSet('test-js', [rjob('replicated-job-a', 1), rjob('replicated-job-b', 3, 2)], spec);
}

function materialize(nj: NewObject<Job>): Job {
  const name = nj.metadata.name!;
  return {
    ...nj,
    metadata: { ...nj.metadata, name, uid: `${name}-uid`, resourceVersion: '1', creationTimestamp: 0 },
  };
}

/** A child Job of the JobSet's current attempt (or of `attempt`), built by constructJob. */
function childJob(js: JobSet, rjobName: string, idx: number, attempt?: number): Job {
  const r = js.spec.replicatedJobs.find((x) => x.name === rjobName)!;
  const j = materialize(constructJob(js, r, idx));
  if (attempt !== undefined) {
    j.metadata.labels![RESTART_ATTEMPT] = String(attempt);
    j.metadata.annotations![RESTART_ATTEMPT] = String(attempt);
  }
  return j;
}

function allChildJobs(js: JobSet): Job[] {
  return js.spec.replicatedJobs.flatMap((r) =>
    Array.from({ length: r.replicas ?? 1 }, (_, i) => childJob(js, r.name, i)),
  );
}

function failJob(
  j: Job,
  at: number,
  reason = 'BackoffLimitExceeded',
  message = 'Job has reached the specified backoff limit',
): Job {
  j.status.conditions = [
    { type: 'FailureTarget', status: 'True', reason, message, lastTransitionTime: at },
    { type: 'Failed', status: 'True', reason, message, lastTransitionTime: at },
  ];
  j.status.active = 0;
  j.status.ready = 0;
  return j;
}

function completeJob(j: Job, at = 50): Job {
  j.status.conditions = [
    {
      type: 'Complete',
      status: 'True',
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
      lastTransitionTime: at,
    },
  ];
  j.status.succeeded = j.spec.completions ?? 1;
  j.status.active = 0;
  j.status.ready = 0;
  return j;
}

/** All pods running and ready: ready + succeeded ≥ min(parallelism, completions). */
function readyJob(j: Job): Job {
  const n = Math.min(j.spec.parallelism ?? 1, j.spec.completions ?? Number.POSITIVE_INFINITY);
  j.status.active = n;
  j.status.ready = n;
  return j;
}

function cond(r: { status: JobSet['status'] } | ReconcileResult, type: string): Condition | undefined {
  return r.status.conditions?.find((c) => c.type === type);
}

function rjStatus(r: { status: JobSet['status'] }, name: string) {
  return r.status.replicatedJobsStatus?.find((s) => s.name === name);
}

function names(jobs: { metadata: { name?: string } }[]): string[] {
  return jobs.map((j) => j.metadata.name!).sort();
}

function ev(eventType: QueuedEvent['eventType'], reason: string, message: string): QueuedEvent {
  return { eventType, reason, message };
}

/**
 * A tiny apiserver for the pure reconcile: applies its result the way the controller does. Deleted Jobs get a
 * deletionTimestamp and stay (foreground deletion) until `removeDeleting()`. Each step advances the clock 1 s.
 */
class World {
  jobs: Job[] = [];
  serviceExists = false;
  now = 100;

  constructor(public js: JobSet) {}

  step(): ReconcileResult {
    const r = reconcile({ js: this.js, jobs: this.jobs, serviceExists: this.serviceExists, now: this.now });
    if (r.statusDirty) this.js = { ...this.js, status: structuredClone(r.status) };
    for (const d of r.deleteJobs) d.metadata.deletionTimestamp = this.now;
    if (r.createService) this.serviceExists = true;
    for (const c of r.createJobs) {
      if (this.jobs.some((j) => j.metadata.name === c.metadata.name))
        throw new Error(`AlreadyExists ${c.metadata.name}`);
      this.jobs.push(materialize(c));
    }
    for (const p of r.patchJobs) {
      p.job.spec.suspend = p.suspend;
      if (p.resume) {
        const pod = p.job.spec.template;
        pod.metadata = { ...(pod.metadata ?? {}), labels: p.resume.labels, annotations: p.resume.annotations };
        pod.spec.nodeSelector = p.resume.nodeSelector;
        pod.spec.tolerations = p.resume.tolerations;
        pod.spec.schedulingGates = p.resume.schedulingGates;
      }
    }
    this.now += 1;
    return r;
  }

  job(name: string): Job {
    const j = this.jobs.find((x) => x.metadata.name === `test-js-${name}`);
    if (!j) throw new Error(`no job ${name}`);
    return j;
  }

  /** The Jobs being deleted are gone (all their pods terminated). */
  removeDeleting(only?: string[]): void {
    this.jobs = this.jobs.filter(
      (j) => j.metadata.deletionTimestamp === undefined || (only !== undefined && !only.includes(j.metadata.name)),
    );
  }

  setSpec(spec: Partial<JobSetSpec>): void {
    this.js = { ...this.js, spec: { ...this.js.spec, ...spec } };
  }
}

/** One reconcile of testJobSet-shaped `js` with all its Jobs present and `fail` applied. */
function failedRound(js: JobSet, fail: (jobs: Map<string, Job>) => void): ReconcileResult {
  const jobs = allChildJobs(js);
  fail(new Map(jobs.map((j) => [j.metadata.name.replace(`${js.metadata.name}-`, ''), j])));
  return reconcile({ js, jobs, serviceExists: true, now: 100 });
}

function rule(
  name: string,
  action: FailurePolicyRule['action'],
  extra: Partial<FailurePolicyRule> = {},
): FailurePolicyRule {
  return { name, action, ...extra };
}

// ---------------------------------------------------------------------------------------------------------------

describe('§5 cases 8–9: TestCalculateReplicatedJobStatuses', () => {
  it('★8 TestCalculateReplicatedJobStatuses "partial jobs are ready, no succeeded jobs": rjob1 ready 1, rjob2 ready 3', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job-1', 1), rjob('replicated-job-2', 3)]);
    const shape = (j: Job, parallelism: number, completions: number | undefined, ready: number, succeeded: number) => {
      j.spec.parallelism = parallelism;
      j.spec.completions = completions;
      j.status.ready = ready;
      j.status.succeeded = succeeded;
      return j;
    };
    const jobs = [
      shape(childJob(js, 'replicated-job-1', 0), 1, 2, 1, 1),
      shape(childJob(js, 'replicated-job-2', 0), 5, undefined, 2, 3),
      shape(childJob(js, 'replicated-job-2', 1), 3, 2, 1, 1),
      shape(childJob(js, 'replicated-job-2', 2), 2, 3, 2, 1),
      shape(childJob(js, 'replicated-job-2', 3), 4, 5, 2, 1),
    ];
    const r = reconcile({ js, jobs, serviceExists: true, now: 100 });
    expect(r.statusDirty).toBe(true);
    expect(rjStatus(r, 'replicated-job-1')).toEqual({
      name: 'replicated-job-1',
      ready: 1,
      succeeded: 0,
      failed: 0,
      active: 0,
      suspended: 0,
    });
    expect(rjStatus(r, 'replicated-job-2')).toEqual({
      name: 'replicated-job-2',
      ready: 3,
      succeeded: 0,
      failed: 0,
      active: 0,
      suspended: 0,
    });
  });

  it.each<[number, number | undefined, number, number, number]>([
    [1, 2, 1, 1, 1],
    [5, undefined, 2, 3, 1],
    [3, 2, 1, 1, 1],
    [2, 3, 2, 1, 1],
    [4, 5, 2, 1, 0],
    [4, 5, 0, 0, 0],
    [2, 2, 2, 0, 1],
  ])(
    '★8 ready = succeeded + ready ≥ min(parallelism, completions): (p=%s, c=%s, ready=%s, succeeded=%s) → %s',
    (p, c, ready, succeeded, want) => {
      const js = jobSet('test-jobset', [rjob('rjob', 1)]);
      const j = childJob(js, 'rjob', 0);
      j.spec.parallelism = p;
      j.spec.completions = c;
      j.status.ready = ready;
      j.status.succeeded = succeeded;
      const r = reconcile({ js, jobs: [j], serviceExists: true, now: 100 });
      expect(rjStatus(r, 'rjob')?.ready).toBe(want);
    },
  );

  it('★8 TestCalculateReplicatedJobStatuses "no jobs created": every spec rjob gets a zero entry', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job-1', 1), rjob('replicated-job-2', 3)]);
    const r = reconcile({ js, jobs: [], serviceExists: true, now: 100 });
    expect(r.status.replicatedJobsStatus).toEqual([
      { name: 'replicated-job-1', ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 },
      { name: 'replicated-job-2', ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 },
    ]);
    // Unchanged statuses (in any order) do not dirty the status.
    const again = reconcile({
      js: { ...js, status: { restarts: 0, replicatedJobsStatus: [...r.status.replicatedJobsStatus!].reverse() } },
      jobs: [],
      serviceExists: true,
      now: 101,
    });
    expect(again.statusDirty).toBe(false);
  });

  it('9 TestCalculateReplicatedJobStatuses "active jobs" / "suspended jobs": status.active > 0 counts as active, spec.suspend as suspended; previous Jobs do not count', () => {
    const js = jobSet('test-jobset', [rjob('a', 4)]);
    js.status.restarts = 1;
    const running = childJob(js, 'a', 0);
    running.status.active = 1;
    const idle = childJob(js, 'a', 1);
    idle.status.active = 0;
    const suspended = childJob(js, 'a', 2);
    suspended.spec.suspend = true;
    const old = childJob(js, 'a', 3, 0);
    old.status.active = 5;
    old.status.ready = 5;
    const r = reconcile({ js, jobs: [running, idle, suspended, old], serviceExists: true, now: 100 });
    expect(rjStatus(r, 'a')).toEqual({ name: 'a', ready: 0, succeeded: 0, failed: 0, active: 1, suspended: 1 });
    expect(names(r.deleteJobs)).toEqual(['test-jobset-a-3']);
  });

  it('9 TestCalculateReplicatedJobStatuses "no ready jobs, only succeeded jobs" / "only failed jobs": the buckets are counted', () => {
    const js = jobSet('test-jobset', [rjob('a', 2), rjob('b', 2)], { failurePolicy: { maxRestarts: 5 } });
    const r = reconcile({
      js,
      jobs: [completeJob(childJob(js, 'a', 0)), completeJob(childJob(js, 'a', 1)), failJob(childJob(js, 'b', 0), 10)],
      serviceExists: true,
      now: 100,
    });
    expect(rjStatus(r, 'a')).toEqual({ name: 'a', ready: 0, succeeded: 2, failed: 0, active: 0, suspended: 0 });
    expect(rjStatus(r, 'b')).toEqual({ name: 'b', ready: 0, succeeded: 0, failed: 1, active: 0, suspended: 0 });
  });

  it('§2.2 a non-integer restart-attempt label ends the reconcile with an error and no actions', () => {
    const js = testJobSet();
    const bad = childJob(js, 'replicated-job-a', 0);
    bad.metadata.labels![RESTART_ATTEMPT] = 'abc';
    const r = reconcile({ js, jobs: [bad], serviceExists: false, now: 100 });
    expect(r.error).toBe('invalid jobset.sigs.k8s.io/restart-attempt label on job test-js-replicated-job-a-0: abc');
    expect(r.createJobs).toEqual([]);
    expect(r.createService).toBeUndefined();
    expect(r.statusDirty).toBe(false);
  });
});

describe('§5 cases 10–18: failure policy', () => {
  it('★10 integration "[failure policy] jobset with no failure policy should fail if any jobs fail" + "active jobs are deleted after jobset fails"', () => {
    const w = new World(testJobSet());
    const r1 = w.step();
    expect(names(r1.createJobs)).toEqual([
      'test-js-replicated-job-a-0',
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    failJob(w.job('replicated-job-b-1'), 10);
    const r2 = w.step();
    const msg = 'jobset failed due to one or more job failures (first failed job: test-js-replicated-job-b-1)';
    expect(cond(r2, 'Failed')).toEqual({
      type: 'Failed',
      status: 'True',
      reason: 'FailedJobs',
      message: msg,
      lastTransitionTime: 101,
    });
    expect(r2.status.terminalState).toBe('Failed');
    expect(r2.status.restarts).toBe(0);
    expect(cond(r2, 'RestartingJobSet')).toBeUndefined();
    expect(r2.events).toEqual([ev('Warning', 'FailedJobs', msg)]);
    expect(r2.createJobs).toEqual([]);
    expect(r2.deleteJobs).toEqual([]);
    expect(r2.statusDirty).toBe(true);

    // Next round: the JobSet is finished, so the other (active) Jobs are deleted; the failed one is kept.
    const r3 = w.step();
    expect(names(r3.deleteJobs)).toEqual([
      'test-js-replicated-job-a-0',
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-2',
    ]);
    expect(r3.createJobs).toEqual([]);
    expect(r3.statusDirty).toBe(false);
    expect(r3.events).toEqual([]);
    // Jobs already being deleted are not deleted again.
    expect(w.step().deleteJobs).toEqual([]);
  });

  it('★10 TestFindFirstFailedJob "Multiple failed jobs, earliest first": the message names the earliest Failed lastTransitionTime', () => {
    const r = failedRound(testJobSet(), (j) => {
      failJob(j.get('replicated-job-b-2')!, 30);
      failJob(j.get('replicated-job-a-0')!, 20);
      failJob(j.get('replicated-job-b-0')!, 25);
    });
    expect(cond(r, 'Failed')?.message).toBe(
      'jobset failed due to one or more job failures (first failed job: test-js-replicated-job-a-0)',
    );
    expect(rjStatus(r, 'replicated-job-b')?.failed).toBe(2);
  });

  it('★11 integration "jobset fails after reaching max restarts": maxRestarts 1 restarts once, recreates at attempt 1, then fails', () => {
    const w = new World(testJobSet({ failurePolicy: { maxRestarts: 1 } }));
    w.step();
    expect(w.jobs).toHaveLength(4);
    failJob(w.job('replicated-job-a-0'), 10);

    const r2 = w.step();
    const msg = 'applying RestartJobSet failure policy action (first failed job: test-js-replicated-job-a-0)';
    expect(r2.status.restarts).toBe(1);
    expect(r2.status.restartsCountTowardsMax).toBe(1);
    expect(cond(r2, 'RestartingJobSet')).toEqual({
      type: 'RestartingJobSet',
      status: 'True',
      reason: 'DefaultFailurePolicy',
      message: msg,
      lastTransitionTime: 101,
    });
    expect(cond(r2, 'Failed')).toBeUndefined();
    expect(r2.status.terminalState).toBeUndefined();
    expect(r2.events).toEqual([
      ev('Warning', 'DefaultFailurePolicy', msg),
      ev('Warning', 'RestartJobSetFailurePolicyAction', msg),
    ]);
    // The restart only bumps counters: nothing is deleted or created in this round.
    expect(r2.deleteJobs).toEqual([]);
    expect(r2.createJobs).toEqual([]);

    // Next round: the old Jobs are previous → foreground-deleted; their names still block re-creation.
    const r3 = w.step();
    expect(names(r3.deleteJobs)).toEqual(names(w.jobs));
    expect(r3.deleteJobs).toHaveLength(4);
    expect(r3.createJobs).toEqual([]);
    expect(r3.status.replicatedJobsStatus?.every((s) => s.ready + s.active + s.failed + s.succeeded === 0)).toBe(true);
    // While they terminate nothing more happens.
    const r4 = w.step();
    expect(r4.deleteJobs).toEqual([]);
    expect(r4.createJobs).toEqual([]);

    // Once the old objects are gone, all 4 are recreated with restart-attempt "1".
    w.removeDeleting();
    const r5 = w.step();
    expect(names(r5.createJobs)).toEqual([
      'test-js-replicated-job-a-0',
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    for (const j of r5.createJobs) {
      expect(j.metadata.labels?.[RESTART_ATTEMPT]).toBe('1');
      expect(j.metadata.annotations?.[RESTART_ATTEMPT]).toBe('1');
      expect(j.spec.template.metadata?.labels?.[RESTART_ATTEMPT]).toBe('1');
    }

    // Second failure: the budget is spent.
    failJob(w.job('replicated-job-b-2'), 200);
    const r6 = w.step();
    const failMsg =
      'jobset failed due to reaching max number of restarts (first failed job: test-js-replicated-job-b-2)';
    expect(cond(r6, 'Failed')).toMatchObject({ status: 'True', reason: 'ReachedMaxRestarts', message: failMsg });
    expect(cond(r6, 'RestartingJobSet')).toEqual({
      type: 'RestartingJobSet',
      status: 'False',
      reason: 'JobSetFailed',
      message: 'jobset failed',
      lastTransitionTime: w.now - 1,
    });
    expect(r6.status.terminalState).toBe('Failed');
    expect(r6.status.restarts).toBe(1);
    expect(r6.status.restartsCountTowardsMax).toBe(1);
    expect(r6.events).toEqual([
      ev('Warning', 'ReachedMaxRestarts', failMsg),
      ev('Normal', 'JobSetFailed', 'jobset failed'),
    ]);
  });

  it('★11 maxRestarts 0 (the default): the first failure is Failed/ReachedMaxRestarts', () => {
    const r = failedRound(testJobSet({ failurePolicy: {} }), (j) => failJob(j.get('replicated-job-b-0')!, 10));
    expect(cond(r, 'Failed')).toMatchObject({
      reason: 'ReachedMaxRestarts',
      message: 'jobset failed due to reaching max number of restarts (first failed job: test-js-replicated-job-b-0)',
    });
    expect(r.status.restarts).toBe(0);
  });

  it.each<['Recreate' | 'BlockingRecreate', string[]]>([
    ['Recreate', ['test-js-replicated-job-b-0', 'test-js-replicated-job-b-1', 'test-js-replicated-job-b-2']],
    ['BlockingRecreate', []],
  ])(
    '★11 integration "[failure policy] jobs are recreated … with %s strategy": 3 of 4 old Jobs gone',
    (strategy, want) => {
      const w = new World(testJobSet({ failurePolicy: { maxRestarts: 1, restartStrategy: strategy } }));
      w.step();
      failJob(w.job('replicated-job-a-0'), 10);
      w.step();
      expect(w.step().deleteJobs).toHaveLength(4);
      w.removeDeleting(['test-js-replicated-job-b-0', 'test-js-replicated-job-b-1', 'test-js-replicated-job-b-2']);
      const r = w.step();
      expect(names(r.createJobs)).toEqual(want);
      const attempts = w.jobs.map((j) => j.metadata.labels?.[RESTART_ATTEMPT]);
      expect(attempts.filter((a) => a === '0')).toHaveLength(1);
      expect(attempts.filter((a) => a === '1')).toHaveLength(want.length);
    },
  );

  it('★12 integration "[failure policy] jobset fails immediately with FailJobSet failure policy action.": reasons [] match PodFailurePolicy → Failed, restarts 0', () => {
    const js = testJobSet({
      failurePolicy: { maxRestarts: 1, rules: [rule('failurePolicyRule0', 'FailJobSet', { onJobFailureReasons: [] })] },
    });
    const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10, 'PodFailurePolicy', 'x'));
    const msg = 'applying FailJobSet failure policy action (first failed job: test-js-replicated-job-a-0)';
    expect(cond(r, 'Failed')).toMatchObject({ status: 'True', reason: 'FailJobSetFailurePolicyAction', message: msg });
    expect(r.status.terminalState).toBe('Failed');
    expect(r.status.restarts).toBe(0);
    expect(r.status.restartsCountTowardsMax ?? 0).toBe(0);
    expect(r.events).toEqual([ev('Warning', 'FailJobSetFailurePolicyAction', msg)]);
  });

  it('★12 integration "… does not fail immediately … as the failure reason is not matched.": reasons [BackoffLimitExceeded] vs PodFailurePolicy → default restart', () => {
    const js = testJobSet({
      failurePolicy: {
        maxRestarts: 1,
        rules: [rule('failurePolicyRule0', 'FailJobSet', { onJobFailureReasons: ['BackoffLimitExceeded'] })],
      },
    });
    const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10, 'PodFailurePolicy', 'x'));
    expect(cond(r, 'Failed')).toBeUndefined();
    expect(r.status.restarts).toBe(1);
    expect(r.status.restartsCountTowardsMax).toBe(1);
    expect(cond(r, 'RestartingJobSet')).toMatchObject({ status: 'True', reason: 'DefaultFailurePolicy' });
  });

  it.each<[string, string[], boolean]>([
    ['some critical error with a message', [], false],
    ['this is some message with critical error', [], true],
    ['some message', ['PodFailurePolicy'], true],
    ['some critical error with a message', ['PodFailurePolicy'], false],
    ['some message', ['BackoffLimitExceeded'], false],
  ])(
    '13 integration "[failure policy] … failure message …": pattern "some message" vs %j (reasons %j) → FailJobSet %s',
    (message, reasons, fails) => {
      const js = testJobSet({
        failurePolicy: {
          maxRestarts: 1,
          rules: [
            rule('failurePolicyRule0', 'FailJobSet', {
              onJobFailureReasons: [...reasons],
              onJobFailureMessagePatterns: ['some message'],
            }),
          ],
        },
      });
      const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10, 'PodFailurePolicy', message));
      if (fails) {
        expect(cond(r, 'Failed')?.reason).toBe('FailJobSetFailurePolicyAction');
        expect(r.status.restarts).toBe(0);
      } else {
        expect(cond(r, 'Failed')).toBeUndefined();
        expect(r.status.restarts).toBe(1);
        expect(cond(r, 'RestartingJobSet')?.reason).toBe('DefaultFailurePolicy');
      }
    },
  );

  it('13 TestFailurePolicyRuleIsApplicable: patterns are regular expressions matched anywhere; an invalid one is skipped', () => {
    const js = testJobSet({
      failurePolicy: {
        maxRestarts: 1,
        rules: [rule('r', 'FailJobSet', { onJobFailureMessagePatterns: ['(', 'exit code [0-9]+'] })],
      },
    });
    const r = failedRound(js, (j) =>
      failJob(j.get('replicated-job-b-1')!, 10, 'PodFailurePolicy', 'Container c failed with exit code 42'),
    );
    expect(cond(r, 'Failed')?.reason).toBe('FailJobSetFailurePolicyAction');
    expect(r.error).toBeUndefined();
  });

  it('★14 integration "[failure policy] failure policy rules order verification test 1": FailJobSet before RestartJobSet → Failed', () => {
    const target = { onJobFailureReasons: ['MaxFailedIndexesExceeded'], targetReplicatedJobs: ['replicated-job-a'] };
    const js = testJobSet({
      failurePolicy: {
        maxRestarts: 1,
        rules: [rule('failurePolicyRule0', 'FailJobSet', target), rule('failurePolicyRule1', 'RestartJobSet', target)],
      },
    });
    const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10, 'MaxFailedIndexesExceeded', 'x'));
    expect(cond(r, 'Failed')?.reason).toBe('FailJobSetFailurePolicyAction');
    expect(r.status.restarts).toBe(0);
    expect(r.status.restartsCountTowardsMax ?? 0).toBe(0);
  });

  it('★14 integration "[failure policy] failure policy rules order verification test 2": RestartJobSet before FailJobSet → restart named after the rule', () => {
    const target = { onJobFailureReasons: ['MaxFailedIndexesExceeded'], targetReplicatedJobs: ['replicated-job-a'] };
    const js = testJobSet({
      failurePolicy: {
        maxRestarts: 1,
        rules: [rule('failurePolicyRule0', 'RestartJobSet', target), rule('failurePolicyRule1', 'FailJobSet', target)],
      },
    });
    const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10, 'MaxFailedIndexesExceeded', 'x'));
    expect(cond(r, 'Failed')).toBeUndefined();
    expect(r.status.restarts).toBe(1);
    expect(r.status.restartsCountTowardsMax).toBe(1);
    expect(cond(r, 'RestartingJobSet')).toMatchObject({
      status: 'True',
      reason: 'FailurePolicy_failurePolicyRule0',
      message: 'applying RestartJobSet failure policy action (first failed job: test-js-replicated-job-a-0)',
    });
  });

  it.each<[string, string, string, boolean]>([
    ['replicated-job-b', 'FailedIndexes', 'replicated-job-b-0', true],
    ['replicated-job-a', 'BackoffLimitExceeded', 'replicated-job-b-0', false],
  ])(
    '★14 integration "[failure policy] job fails and the parent replicated job is (not) contained in TargetReplicatedJobs": target %s',
    (target, reason, failing, fails) => {
      const js = testJobSet({
        failurePolicy: {
          maxRestarts: 1,
          rules: [rule('r', 'FailJobSet', { onJobFailureReasons: [reason], targetReplicatedJobs: [target] })],
        },
      });
      const r = failedRound(js, (j) => failJob(j.get(failing)!, 10, reason, 'x'));
      expect(cond(r, 'Failed') !== undefined).toBe(fails);
      expect(r.status.restarts).toBe(fails ? 0 : 1);
    },
  );

  it('15 integration "[failure policy] failure policy rules order verification test 3": 3 ignored restarts of a, then b fails the JobSet', () => {
    const w = new World(
      testJobSet({
        failurePolicy: {
          maxRestarts: 1,
          rules: [
            rule('ignoreA', 'RestartJobSetAndIgnoreMaxRestarts', {
              onJobFailureReasons: ['MaxFailedIndexesExceeded'],
              targetReplicatedJobs: ['replicated-job-a'],
            }),
            rule('failAll', 'FailJobSet', { onJobFailureReasons: [], targetReplicatedJobs: [] }),
          ],
        },
      }),
    );
    w.step();
    for (let attempt = 1; attempt <= 3; attempt++) {
      failJob(w.job('replicated-job-a-0'), w.now, 'MaxFailedIndexesExceeded', 'x');
      const r = w.step();
      const msg =
        'applying RestartJobSetAndIgnoreMaxRestarts failure policy action (first failed job: test-js-replicated-job-a-0)';
      expect(r.status.restarts).toBe(attempt);
      expect(r.status.restartsCountTowardsMax ?? 0).toBe(0);
      expect(cond(r, 'Failed')).toBeUndefined();
      expect(cond(r, 'RestartingJobSet')).toMatchObject({
        status: 'True',
        reason: 'FailurePolicy_ignoreA',
        message: msg,
      });
      expect(r.events).toContainEqual(ev('Warning', 'RestartJobSetAndIgnoreMaxRestartsFailurePolicyAction', msg));
      expect(w.step().deleteJobs).toHaveLength(4);
      w.removeDeleting();
      const created = w.step().createJobs;
      expect(created).toHaveLength(4);
      expect(created.every((j) => j.metadata.labels?.[RESTART_ATTEMPT] === String(attempt))).toBe(true);
    }
    failJob(w.job('replicated-job-b-0'), w.now);
    const last = w.step();
    expect(cond(last, 'Failed')).toMatchObject({
      reason: 'FailJobSetFailurePolicyAction',
      message: 'applying FailJobSet failure policy action (first failed job: test-js-replicated-job-b-0)',
    });
    expect(last.status.restarts).toBe(3);
    expect(last.status.restartsCountTowardsMax ?? 0).toBe(0);
    expect(cond(last, 'RestartingJobSet')).toMatchObject({ status: 'False', reason: 'JobSetFailed' });
  });

  it('16 integration "jobset restarting condition transitions": FailurePolicy_Rule1, then RestartingJobSet=False/JobsReady once all Jobs are ready', () => {
    const w = new World(
      testJobSet({
        failurePolicy: {
          maxRestarts: 1,
          rules: [rule('Rule1', 'RestartJobSet', { onJobFailureReasons: ['PodFailurePolicy'] })],
        },
      }),
    );
    w.step();
    failJob(w.job('replicated-job-a-0'), 100, 'PodFailurePolicy', 'x');
    const r = w.step();
    expect(cond(r, 'RestartingJobSet')).toMatchObject({
      status: 'True',
      reason: 'FailurePolicy_Rule1',
      lastTransitionTime: 101,
    });
    w.step();
    w.removeDeleting();
    expect(w.step().createJobs).toHaveLength(4);

    // 3 of 4 ready: still restarting.
    for (const n of ['replicated-job-a-0', 'replicated-job-b-0', 'replicated-job-b-1']) readyJob(w.job(n));
    const partial = w.step();
    expect(cond(w.js, 'RestartingJobSet')?.status).toBe('True');
    expect(partial.events).toEqual([]);

    readyJob(w.job('replicated-job-b-2'));
    const ready = w.step();
    expect(cond(ready, 'RestartingJobSet')).toEqual({
      type: 'RestartingJobSet',
      status: 'False',
      reason: 'JobsReady',
      message: 'all jobs are ready',
      lastTransitionTime: w.now - 1,
    });
    expect(ready.events).toEqual([ev('Normal', 'JobsReady', 'all jobs are ready')]);
    expect(ready.status.restarts).toBe(1);
  });

  it('16 RestartingJobSet=False/JobsReady is only an update: a JobSet that never restarted gets no such condition', () => {
    const w = new World(testJobSet());
    w.step();
    for (const j of w.jobs) readyJob(j);
    const r = w.step();
    expect(cond(r, 'RestartingJobSet')).toBeUndefined();
    expect(r.events).toEqual([]);
  });

  describe('★17 TestFindFirstFailedPolicyRuleAndJob', () => {
    const twoA = (rules: FailurePolicyRule[]) =>
      jobSet('test-js', [rjob('replicated-job-a', 2), rjob('replicated-job-b', 1)], {
        failurePolicy: { maxRestarts: 3, rules },
      });

    it('★17 "There are 2 failed jobs, the second job failed before the first job, there is 1 failure policy rule, and the failure policy rule matches both jobs, therefore the second job …"', () => {
      const r = failedRound(twoA([rule('R0', 'FailJobSet')]), (j) => {
        failJob(j.get('replicated-job-a-0')!, 20);
        failJob(j.get('replicated-job-a-1')!, 10);
      });
      expect(cond(r, 'Failed')?.message).toBe(
        'applying FailJobSet failure policy action (first failed job: test-js-replicated-job-a-1)',
      );
    });

    it('★17 "… the first failure policy does not match any of the jobs, and the second failure policy rule matches both jobs, therefore the second job and the second failure policy rule …"', () => {
      const r = failedRound(
        twoA([rule('R0', 'FailJobSet', { onJobFailureReasons: ['DeadlineExceeded'] }), rule('R1', 'RestartJobSet')]),
        (j) => {
          failJob(j.get('replicated-job-a-0')!, 20);
          failJob(j.get('replicated-job-a-1')!, 10);
        },
      );
      const msg = 'applying RestartJobSet failure policy action (first failed job: test-js-replicated-job-a-1)';
      expect(cond(r, 'Failed')).toBeUndefined();
      expect(cond(r, 'RestartingJobSet')).toMatchObject({ status: 'True', reason: 'FailurePolicy_R1', message: msg });
      expect(r.events).toEqual([
        ev('Warning', 'FailurePolicy_R1', msg),
        ev('Warning', 'RestartJobSetFailurePolicyAction', msg),
      ]);
    });

    it('★17 rule order beats failure time: the first rule acts on the Job it matches even if another failed earlier', () => {
      const r = failedRound(
        twoA([rule('R0', 'FailJobSet', { targetReplicatedJobs: ['replicated-job-b'] }), rule('R1', 'RestartJobSet')]),
        (j) => {
          failJob(j.get('replicated-job-a-0')!, 10);
          failJob(j.get('replicated-job-b-0')!, 30);
        },
      );
      expect(cond(r, 'Failed')).toMatchObject({
        reason: 'FailJobSetFailurePolicyAction',
        message: 'applying FailJobSet failure policy action (first failed job: test-js-replicated-job-b-0)',
      });
      expect(r.status.restarts).toBe(0);
    });

    it('★17 "… the failure policy rule does not match any of the jobs, therefore nil …": the default restart names the earliest failure overall', () => {
      const r = failedRound(twoA([rule('R0', 'FailJobSet', { onJobFailureReasons: ['DeadlineExceeded'] })]), (j) => {
        failJob(j.get('replicated-job-a-0')!, 20);
        failJob(j.get('replicated-job-b-0')!, 5);
      });
      expect(cond(r, 'RestartingJobSet')).toMatchObject({
        reason: 'DefaultFailurePolicy',
        message: 'applying RestartJobSet failure policy action (first failed job: test-js-replicated-job-b-0)',
      });
    });
  });

  it('18 RestartJob with its feature gate off: a reconcile error every round and no restart', () => {
    const js = testJobSet({ failurePolicy: { maxRestarts: 5, rules: [rule('r', 'RestartJob')] } });
    const r = failedRound(js, (j) => failJob(j.get('replicated-job-a-0')!, 10));
    expect(r.error).toContain('RestartJob');
    expect(r.status.restarts).toBe(0);
    expect(cond(r, 'Failed')).toBeUndefined();
    expect(cond(r, 'RestartingJobSet')).toBeUndefined();
    expect(r.createJobs).toEqual([]);
  });
});

describe('§5 cases 19–20: success policy', () => {
  it('★19 integration "success policy \'any\' without replicated job specified": 1 of 4 complete → Completed; the other 3 are deleted next round', () => {
    const w = new World(testJobSet({ successPolicy: { operator: 'Any' } }));
    w.step();
    completeJob(w.job('replicated-job-b-1'));
    const r = w.step();
    expect(cond(r, 'Completed')).toEqual({
      type: 'Completed',
      status: 'True',
      reason: 'AllJobsCompleted',
      message: 'jobset completed successfully',
      lastTransitionTime: 101,
    });
    expect(r.status.terminalState).toBe('Completed');
    expect(r.events).toEqual([ev('Normal', 'AllJobsCompleted', 'jobset completed successfully')]);
    expect(r.deleteJobs).toEqual([]);
    const next = w.step();
    expect(names(next.deleteJobs)).toEqual([
      'test-js-replicated-job-a-0',
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-2',
    ]);
    expect(next.createJobs).toEqual([]);
  });

  it('★19 integration "success policy \'all\' with replicated jobs specified": All targeting [b] needs all 3 of b', () => {
    const w = new World(testJobSet({ successPolicy: { operator: 'All', targetReplicatedJobs: ['replicated-job-b'] } }));
    w.step();
    completeJob(w.job('replicated-job-b-0'));
    completeJob(w.job('replicated-job-b-1'));
    const partial = w.step();
    expect(cond(partial, 'Completed')).toBeUndefined();
    expect(partial.status.terminalState).toBeUndefined();
    expect(rjStatus(partial, 'replicated-job-b')?.succeeded).toBe(2);

    // A RestartingJobSet condition that exists is set False on completion.
    w.js.status.conditions = [
      { type: 'RestartingJobSet', status: 'True', reason: 'DefaultFailurePolicy', message: 'm', lastTransitionTime: 1 },
    ];
    completeJob(w.job('replicated-job-b-2'));
    const done = w.step();
    expect(cond(done, 'Completed')?.status).toBe('True');
    expect(cond(done, 'RestartingJobSet')).toMatchObject({
      status: 'False',
      reason: 'JobSetCompleted',
      message: 'jobset completed successfully',
    });
    expect(names(w.step().deleteJobs)).toEqual(['test-js-replicated-job-a-0']);
  });

  it('19 integration "success policy \'all\' with empty replicated jobs list": every Job must complete', () => {
    const w = new World(testJobSet());
    w.step();
    for (const n of ['replicated-job-a-0', 'replicated-job-b-0', 'replicated-job-b-1']) completeJob(w.job(n));
    expect(cond(w.step(), 'Completed')).toBeUndefined();
    completeJob(w.job('replicated-job-b-2'));
    expect(cond(w.step(), 'Completed')?.reason).toBe('AllJobsCompleted');
  });

  it('20 a round with a failed and a succeeded Job runs the failure policy, not the success policy', () => {
    const r = failedRound(testJobSet({ successPolicy: { operator: 'Any' } }), (j) => {
      completeJob(j.get('replicated-job-a-0')!);
      failJob(j.get('replicated-job-b-0')!, 10);
    });
    expect(cond(r, 'Completed')).toBeUndefined();
    expect(cond(r, 'Failed')?.reason).toBe('FailedJobs');
    expect(r.status.terminalState).toBe('Failed');
  });
});

describe('§5 cases 21–24: startup order, dependsOn, suspend and resume', () => {
  it('★21 integration "startupPolicy InOrder; replicated-job-a not ready then replicated-job-b should not run"', () => {
    const w = new World(testJobSet({ startupPolicy: { startupPolicyOrder: 'InOrder' } }));
    const r1 = w.step();
    expect(names(r1.createJobs)).toEqual(['test-js-replicated-job-a-0']);
    expect(cond(r1, 'StartupPolicyInProgress')).toEqual({
      type: 'StartupPolicyInProgress',
      status: 'True',
      reason: 'InOrderStartupPolicyInProgress',
      message: 'in order startup policy is in progress',
      lastTransitionTime: 100,
    });
    expect(r1.events).toEqual([
      ev('Normal', 'InOrderStartupPolicyInProgress', 'in order startup policy is in progress'),
    ]);
    // a active but not ready: b still waits.
    w.job('replicated-job-a-0').status.active = 1;
    expect(w.step().createJobs).toEqual([]);

    readyJob(w.job('replicated-job-a-0'));
    const r3 = w.step();
    expect(names(r3.createJobs)).toEqual([
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    expect(cond(r3, 'StartupPolicyCompleted')).toBeUndefined();

    // b active but not ready: still in progress.
    for (const n of ['replicated-job-b-0', 'replicated-job-b-1', 'replicated-job-b-2']) w.job(n).status.active = 2;
    const r4 = w.step();
    expect(r4.createJobs).toEqual([]);
    expect(cond(r4, 'StartupPolicyInProgress')?.status).toBe('True');
    expect(cond(r4, 'StartupPolicyCompleted')).toBeUndefined();

    for (const n of ['replicated-job-b-0', 'replicated-job-b-1', 'replicated-job-b-2']) readyJob(w.job(n));
    const r5 = w.step();
    expect(cond(r5, 'StartupPolicyCompleted')).toEqual({
      type: 'StartupPolicyCompleted',
      status: 'True',
      reason: 'InOrderStartupPolicyCompleted',
      message: 'in order startup policy has completed',
      lastTransitionTime: 104,
    });
    expect(cond(r5, 'StartupPolicyInProgress')?.status).toBe('False');
    expect(r5.events).toEqual([ev('Normal', 'InOrderStartupPolicyCompleted', 'in order startup policy has completed')]);
  });

  it('★22 integration "startupPolicy with InOrder; resume suspended JobSet": 4 suspended Jobs, then a resumes first, b once a is ready', () => {
    const w = new World(testJobSet({ startupPolicy: { startupPolicyOrder: 'InOrder' }, suspend: true }));
    const r1 = w.step();
    expect(r1.createJobs).toHaveLength(4);
    expect(r1.createJobs.every((j) => j.spec.suspend === true)).toBe(true);
    expect(cond(r1, 'Suspended')).toMatchObject({
      status: 'True',
      reason: 'SuspendedJobs',
      message: 'jobset is suspended',
    });
    expect(cond(r1, 'StartupPolicyInProgress')).toBeUndefined();
    const r2 = w.step();
    expect(rjStatus(r2, 'replicated-job-a')?.suspended).toBe(1);
    expect(rjStatus(r2, 'replicated-job-b')?.suspended).toBe(3);

    w.setSpec({ suspend: false });
    const r3 = w.step();
    expect(r3.patchJobs.map((p) => [p.job.metadata.name, p.suspend])).toEqual([['test-js-replicated-job-a-0', false]]);
    expect(cond(r3, 'StartupPolicyInProgress')?.status).toBe('True');
    expect(cond(r3, 'Suspended')?.status).toBe('True');
    expect(w.job('replicated-job-b-0').spec.suspend).toBe(true);

    readyJob(w.job('replicated-job-a-0'));
    const r4 = w.step();
    expect(names(r4.patchJobs.map((p) => p.job))).toEqual([
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    expect(r4.patchJobs.every((p) => !p.suspend)).toBe(true);
    expect(cond(r4, 'Suspended')?.status).toBe('True');

    for (const n of ['replicated-job-b-0', 'replicated-job-b-1', 'replicated-job-b-2']) readyJob(w.job(n));
    const r5 = w.step();
    expect(r5.patchJobs).toEqual([]);
    expect(cond(r5, 'Suspended')).toMatchObject({
      status: 'False',
      reason: 'ResumeJobs',
      message: 'jobset is resumed',
    });
    expect(cond(r5, 'StartupPolicyCompleted')?.status).toBe('True');
  });

  it('★23 integration "DependsOn: rjob-b depends on ready status of rjob-a": 1 Job, then 4 once a is ready', () => {
    const js = testJobSet();
    js.spec.replicatedJobs[1]!.dependsOn = [{ name: 'replicated-job-a', status: 'Ready' }];
    const w = new World(js);
    expect(names(w.step().createJobs)).toEqual(['test-js-replicated-job-a-0']);
    w.job('replicated-job-a-0').status.active = 1;
    expect(w.step().createJobs).toEqual([]);
    readyJob(w.job('replicated-job-a-0'));
    expect(names(w.step().createJobs)).toEqual([
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    expect(w.jobs).toHaveLength(4);
  });

  it('★23 integration "DependsOn: rjob-b depends on complete status of rjob-a, and rjob-c depends on ready status of rjob-b"', () => {
    const b = rjob('replicated-job-b', 3, 2);
    b.dependsOn = [{ name: 'replicated-job-a', status: 'Complete' }];
    const c = rjob('replicated-job-c', 1);
    c.dependsOn = [{ name: 'replicated-job-b', status: 'Ready' }];
    const w = new World(jobSet('test-js', [rjob('replicated-job-a', 1), b, c]));
    expect(names(w.step().createJobs)).toEqual(['test-js-replicated-job-a-0']);
    readyJob(w.job('replicated-job-a-0'));
    expect(w.step().createJobs).toEqual([]);
    completeJob(w.job('replicated-job-a-0'));
    const r3 = w.step();
    expect(cond(r3, 'Completed')).toBeUndefined();
    expect(names(r3.createJobs)).toEqual([
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    readyJob(w.job('replicated-job-b-0'));
    readyJob(w.job('replicated-job-b-1'));
    expect(w.step().createJobs).toEqual([]);
    readyJob(w.job('replicated-job-b-2'));
    expect(names(w.step().createJobs)).toEqual(['test-js-replicated-job-c-0']);
  });

  it('★23 integration "DependsOn: resume suspended JobSet when rjob-b depends on ready status of rjob-a"', () => {
    const js = testJobSet({ suspend: true });
    js.spec.replicatedJobs[1]!.dependsOn = [{ name: 'replicated-job-a', status: 'Ready' }];
    const w = new World(js);
    const r1 = w.step();
    expect(names(r1.createJobs)).toEqual(['test-js-replicated-job-a-0']);
    expect(r1.createJobs[0]!.spec.suspend).toBe(true);
    expect(cond(r1, 'Suspended')?.status).toBe('True');
    expect(w.step().createJobs).toEqual([]);

    w.setSpec({ suspend: false });
    const r3 = w.step();
    expect(r3.createJobs).toEqual([]);
    expect(r3.patchJobs.map((p) => [p.job.metadata.name, p.suspend])).toEqual([['test-js-replicated-job-a-0', false]]);
    expect(cond(r3, 'Suspended')).toMatchObject({ status: 'False', reason: 'ResumeJobs' });

    readyJob(w.job('replicated-job-a-0'));
    const r4 = w.step();
    expect(names(r4.createJobs)).toEqual([
      'test-js-replicated-job-b-0',
      'test-js-replicated-job-b-1',
      'test-js-replicated-job-b-2',
    ]);
    expect(r4.createJobs.every((j) => j.spec.suspend === false)).toBe(true);
  });

  it('24 integration "suspend a running jobset": every Job is patched to suspend=true and Suspended=True', () => {
    const w = new World(testJobSet());
    w.step();
    for (const j of w.jobs) readyJob(j);
    w.js.status.conditions = [
      {
        type: 'RestartingJobSet',
        status: 'False',
        reason: 'JobsReady',
        message: 'all jobs are ready',
        lastTransitionTime: 1,
      },
    ];
    w.setSpec({ suspend: true });
    const r = w.step();
    expect(names(r.patchJobs.map((p) => p.job))).toEqual(names(w.jobs));
    expect(r.patchJobs.every((p) => p.suspend && p.resume === undefined)).toBe(true);
    expect(cond(r, 'Suspended')).toEqual({
      type: 'Suspended',
      status: 'True',
      reason: 'SuspendedJobs',
      message: 'jobset is suspended',
      lastTransitionTime: 101,
    });
    expect(cond(r, 'RestartingJobSet')).toMatchObject({ status: 'False', reason: 'JobSetSuspended' });
    expect(r.events).toEqual([
      ev('Normal', 'SuspendedJobs', 'jobset is suspended'),
      ev('Normal', 'JobSetSuspended', 'jobset is suspended'),
    ]);
    // Already suspended Jobs are not patched again.
    const again = w.step();
    expect(again.patchJobs).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it('24 integration "resume a suspended jobset": after template edits the Jobs carry the new nodeSelector, labels, annotations, tolerations and gates', () => {
    const js = testJobSet({ suspend: true });
    for (const r of js.spec.replicatedJobs) {
      r.template.spec.template.metadata = { labels: { team: 'old' } };
      r.template.spec.template.spec.tolerations = [{ key: 'existing', operator: 'Exists' }];
      r.template.spec.template.spec.nodeSelector = { 'cloud.google.com/gke-nodepool': 'default-pool', keep: 'x' };
    }
    const w = new World(js);
    w.step();
    // Kueue admits: pod-template edits while suspended, then unsuspend.
    for (const r of w.js.spec.replicatedJobs) {
      const pod = r.template.spec.template;
      pod.metadata = {
        labels: { team: 'new', 'kueue.x-k8s.io/queue-name': 'q' },
        annotations: { 'new-annotation': 'v' },
      };
      pod.spec.nodeSelector = { 'cloud.google.com/gke-nodepool': 'pool-1' };
      pod.spec.tolerations = [
        { key: 'existing', operator: 'Exists' },
        { key: 'added', operator: 'Exists' },
      ];
      pod.spec.schedulingGates = [{ name: 'kueue.x-k8s.io/topology' }];
    }
    w.setSpec({ suspend: false });
    const r = w.step();
    expect(r.patchJobs).toHaveLength(4);
    for (const p of r.patchJobs) {
      expect(p.suspend).toBe(false);
      const resume = p.resume!;
      expect(resume.labels.team).toBe('new');
      expect(resume.labels['kueue.x-k8s.io/queue-name']).toBe('q');
      expect(resume.labels[RJOB_NAME]).toBe(p.job.metadata.labels?.[RJOB_NAME]);
      expect(resume.labels['jobset.sigs.k8s.io/job-key']).toBe(p.job.metadata.labels?.['jobset.sigs.k8s.io/job-key']);
      expect(resume.annotations['new-annotation']).toBe('v');
      expect(resume.annotations['jobset.sigs.k8s.io/jobset-name']).toBe('test-js');
      // The Job's own entries are kept; the JobSet wins on a key clash.
      expect(resume.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'pool-1', keep: 'x' });
      expect(resume.tolerations).toEqual([
        { key: 'existing', operator: 'Exists' },
        { key: 'added', operator: 'Exists' },
      ]);
      expect(resume.schedulingGates).toEqual([{ name: 'kueue.x-k8s.io/topology' }]);
    }
    expect(cond(r, 'Suspended')).toEqual({
      type: 'Suspended',
      status: 'False',
      reason: 'ResumeJobs',
      message: 'jobset is resumed',
      lastTransitionTime: 101,
    });
    expect(r.events).toEqual([ev('Normal', 'ResumeJobs', 'jobset is resumed')]);
    expect(w.jobs.every((j) => j.spec.suspend === false)).toBe(true);
  });
});

describe('§5 cases 25–27: Service, TTL, managedBy', () => {
  it('25 TestCreateHeadlessSvcIfNecessary: created when missing (also while suspended), named after the subdomain', () => {
    const js = testJobSet({ suspend: true });
    const r = reconcile({ js, jobs: [], serviceExists: false, now: 100 });
    expect(r.createService).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'test-js',
        namespace: 'default',
        ownerReferences: [
          {
            apiVersion: 'jobset.x-k8s.io/v1alpha2',
            kind: 'JobSet',
            name: 'test-js',
            uid: 'test-js-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        clusterIP: 'None',
        selector: { 'jobset.sigs.k8s.io/jobset-name': 'test-js' },
        publishNotReadyAddresses: true,
      },
    });
    expect(reconcile({ js, jobs: [], serviceExists: true, now: 100 }).createService).toBeUndefined();
    const sub = testJobSet({
      network: { enableDNSHostnames: true, subdomain: 'svc', publishNotReadyAddresses: false },
    });
    const s = reconcile({ js: sub, jobs: [], serviceExists: false, now: 100 }).createService!;
    expect(s.metadata.name).toBe('svc');
    expect(s.spec.publishNotReadyAddresses).toBe(false);
    const noDns = testJobSet({ network: { enableDNSHostnames: false } });
    expect(reconcile({ js: noDns, jobs: [], serviceExists: false, now: 100 }).createService).toBeUndefined();
  });

  it('26 TestExecuteTTLAfterFinishedPolicy: TTL 2 s on a Failed JobSet → requeue for the rest, then delete; no TTL → never', () => {
    const failedAt100 = (ttl?: number): JobSet => {
      const js = testJobSet(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl });
      js.status = {
        restarts: 0,
        terminalState: 'Failed',
        conditions: [{ type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'm', lastTransitionTime: 100 }],
      };
      return js;
    };
    const at = (js: JobSet, now: number) => reconcile({ js, jobs: [], serviceExists: true, now });
    const r1 = at(failedAt100(2), 100.5);
    expect(r1.deleteJobSet).toBe(false);
    expect(r1.requeueAfter).toBeCloseTo(1.5, 9);
    expect(r1.createJobs).toEqual([]);
    const r2 = at(failedAt100(2), 102);
    expect(r2.deleteJobSet).toBe(true);
    expect(r2.requeueAfter).toBeUndefined();
    const r3 = at(failedAt100(undefined), 1_000_000);
    expect(r3.deleteJobSet).toBe(false);
    expect(r3.requeueAfter).toBeUndefined();
    expect(at(failedAt100(0), 100).deleteJobSet).toBe(true);
  });

  it('26 TTL expiry is decided at whole µs: a float-error remainder below 1 µs deletes, 1 µs requeues for 1 µs', () => {
    const failedAt = (t: number): JobSet => {
      const js = testJobSet({ ttlSecondsAfterFinished: 3600 });
      js.status = {
        restarts: 0,
        terminalState: 'Failed',
        conditions: [{ type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'm', lastTransitionTime: t }],
      };
      return js;
    };
    const at = (js: JobSet, now: number) => reconcile({ js, jobs: [], serviceExists: true, now });
    // 6254.923737 + 3600 = 9854.923737000001 in float; the clock reads 9854923737 µs = 9854.923737 s.
    const expired = at(failedAt(6254.923737), 9854923737 / 1e6);
    expect(expired.deleteJobSet).toBe(true);
    expect(expired.requeueAfter).toBeUndefined();
    const oneUsLeft = at(failedAt(6254.923737), 9854923736 / 1e6);
    expect(oneUsLeft.deleteJobSet).toBe(false);
    expect(oneUsLeft.requeueAfter).toBe(1e-6);
  });

  it('26 a finished JobSet deletes only its active Jobs and creates nothing', () => {
    const js = testJobSet({ ttlSecondsAfterFinished: 60 });
    const done = completeJob(childJob(js, 'replicated-job-a', 0));
    const failed = failJob(childJob(js, 'replicated-job-b', 0), 5);
    const active = childJob(js, 'replicated-job-b', 1);
    js.status = {
      restarts: 0,
      terminalState: 'Completed',
      conditions: [
        { type: 'Completed', status: 'True', reason: 'AllJobsCompleted', message: 'm', lastTransitionTime: 90 },
      ],
    };
    const r = reconcile({ js, jobs: [done, failed, active], serviceExists: false, now: 100 });
    expect(r.deleteJobs).toEqual([active]);
    expect(r.createJobs).toEqual([]);
    expect(r.createService).toBeUndefined();
    expect(r.requeueAfter).toBe(50);
    expect(cond(r, 'Failed')).toBeUndefined();
  });

  it('27 integration managedBy: "other-controller" → no Jobs even after unsuspend, and the hand-written status is kept', () => {
    const status: JobSet['status'] = {
      restarts: 7,
      conditions: [
        { type: 'Suspended', status: 'True', reason: 'Custom', message: 'set by hand', lastTransitionTime: 3 },
      ],
      replicatedJobsStatus: [{ name: 'replicated-job-a', ready: 9, succeeded: 0, failed: 0, active: 9, suspended: 0 }],
    };
    for (const suspend of [true, false]) {
      const js = testJobSet({ managedBy: 'example.com/other-controller', suspend });
      js.status = structuredClone(status);
      const failed = failJob(childJob(js, 'replicated-job-a', 0), 10);
      const r = reconcile({ js, jobs: [failed], serviceExists: false, now: 100 });
      expect(r.createJobs).toEqual([]);
      expect(r.createService).toBeUndefined();
      expect(r.deleteJobs).toEqual([]);
      expect(r.patchJobs).toEqual([]);
      expect(r.events).toEqual([]);
      expect(r.statusDirty).toBe(false);
      expect(r.status).toEqual(status);
    }
    const builtIn = testJobSet({ managedBy: 'jobset.sigs.k8s.io/jobset-controller' });
    expect(reconcile({ js: builtIn, jobs: [], serviceExists: true, now: 100 }).createJobs).toHaveLength(4);
  });

  it('§2.4 step 0: a JobSet being deleted is not reconciled', () => {
    const js = testJobSet();
    js.metadata.deletionTimestamp = 50;
    const r = reconcile({ js, jobs: [], serviceExists: false, now: 100 });
    expect(r.createJobs).toEqual([]);
    expect(r.createService).toBeUndefined();
    expect(r.statusDirty).toBe(false);
  });
});

describe('§2.10 TestUpdateConditions: condition update rules', () => {
  const base = (): Condition[] => [
    {
      type: 'Suspended',
      status: 'True',
      reason: 'SuspendedJobs',
      message: 'jobset is suspended',
      lastTransitionTime: 10,
    },
  ];
  it.each<[string, 'True' | 'False', string, string, { changed: boolean; cond?: Condition }]>([
    [
      'same type, new status → replaced with a new lastTransitionTime',
      'False',
      'ResumeJobs',
      'jobset is resumed',
      {
        changed: true,
        cond: {
          type: 'Suspended',
          status: 'False',
          reason: 'ResumeJobs',
          message: 'jobset is resumed',
          lastTransitionTime: 50,
        },
      },
    ],
    [
      'same type and status, new reason → reason and message updated, time kept',
      'True',
      'NewReason',
      'new message',
      {
        changed: true,
        cond: {
          type: 'Suspended',
          status: 'True',
          reason: 'NewReason',
          message: 'new message',
          lastTransitionTime: 10,
        },
      },
    ],
    [
      'identical → no-op',
      'True',
      'SuspendedJobs',
      'jobset is suspended',
      {
        changed: false,
        cond: {
          type: 'Suspended',
          status: 'True',
          reason: 'SuspendedJobs',
          message: 'jobset is suspended',
          lastTransitionTime: 10,
        },
      },
    ],
  ])('%s', (_name, status, reason, message, want) => {
    const conds = base();
    const upd = { dirty: false, events: [] as QueuedEvent[] };
    const changed = updateCondition(conds, { type: 'Suspended', status, reason, message }, 50, upd);
    expect(changed).toBe(want.changed);
    expect(upd.dirty).toBe(want.changed);
    expect(conds).toEqual([want.cond]);
    expect(upd.events).toEqual(want.changed ? [ev('Normal', reason, message)] : []);
  });

  it('absent + True → appended with lastTransitionTime now; absent + False → not appended', () => {
    const conds: Condition[] = [];
    const upd = { dirty: false, events: [] as QueuedEvent[] };
    expect(
      updateCondition(conds, { type: 'Suspended', status: 'False', reason: 'ResumeJobs', message: 'm' }, 5, upd),
    ).toBe(false);
    expect(conds).toEqual([]);
    expect(upd).toEqual({ dirty: false, events: [] });
    expect(
      updateCondition(
        conds,
        { type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'm', eventType: 'Warning' },
        6,
        upd,
      ),
    ).toBe(true);
    expect(conds).toEqual([
      { type: 'Failed', status: 'True', reason: 'FailedJobs', message: 'm', lastTransitionTime: 6 },
    ]);
    expect(upd).toEqual({ dirty: true, events: [ev('Warning', 'FailedJobs', 'm')] });
  });

  it('updateExistingCondition changes only a condition that exists', () => {
    const conds: Condition[] = [];
    const upd = { dirty: false, events: [] as QueuedEvent[] };
    const c = {
      type: 'RestartingJobSet',
      status: 'False',
      reason: 'JobsReady',
      message: 'all jobs are ready',
    } as const;
    expect(updateExistingCondition(conds, c, 5, upd)).toBe(false);
    expect(conds).toEqual([]);
    conds.push({
      type: 'RestartingJobSet',
      status: 'True',
      reason: 'DefaultFailurePolicy',
      message: 'x',
      lastTransitionTime: 1,
    });
    expect(updateExistingCondition(conds, c, 5, upd)).toBe(true);
    expect(conds).toEqual([{ ...c, lastTransitionTime: 5 }]);
  });

  it('StartupPolicyInProgress and StartupPolicyCompleted exclude each other', () => {
    const conds: Condition[] = [];
    const upd = { dirty: false, events: [] as QueuedEvent[] };
    const inProgress = {
      type: 'StartupPolicyInProgress',
      status: 'True',
      reason: 'InOrderStartupPolicyInProgress',
      message: 'in order startup policy is in progress',
    } as const;
    const completed = {
      type: 'StartupPolicyCompleted',
      status: 'True',
      reason: 'InOrderStartupPolicyCompleted',
      message: 'in order startup policy has completed',
    } as const;
    updateCondition(conds, inProgress, 1, upd);
    updateCondition(conds, completed, 2, upd);
    expect(conds.map((c) => [c.type, c.status])).toEqual([
      ['StartupPolicyInProgress', 'False'],
      ['StartupPolicyCompleted', 'True'],
    ]);
    updateCondition(conds, inProgress, 3, upd);
    expect(conds.map((c) => [c.type, c.status])).toEqual([
      ['StartupPolicyInProgress', 'True'],
      ['StartupPolicyCompleted', 'False'],
    ]);
    expect(conds[0]!.lastTransitionTime).toBe(3);
  });
});
