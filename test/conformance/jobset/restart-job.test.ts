// The RestartJob feature gate (alpha, off by default): per-Job restarts. Mirrors upstream
// failure_policy_test.go TestApplyFailurePolicyRuleAction (RestartJob rows) and spec §5 case 18, then end to end.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/api/batch.js';
import { type JobSet, JS, type ReplicatedJob } from '../../../src/api/jobset.js';
import type { NewObject } from '../../../src/api/meta.js';
import { constructJob } from '../../../src/controllers/jobset/construct.js';
import { reconcile } from '../../../src/controllers/jobset/reconcile.js';
import { simulate } from '../../../src/simulate.js';

const GATE = { RestartJob: true };

function rjob(name: string, replicas: number): ReplicatedJob {
  return {
    name,
    replicas,
    groupName: 'default',
    template: {
      spec: {
        parallelism: 1,
        completions: 1,
        completionMode: 'Indexed',
        backoffLimit: 0,
        template: { spec: { containers: [{ name: 'c' }], restartPolicy: 'Never' } },
      },
    },
  };
}

function jobSet(maxRestarts: number, action: 'RestartJob' | 'RestartJobAndIgnoreMaxRestarts' = 'RestartJob'): JobSet {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name: 'js', namespace: 'default', uid: 'js-uid', resourceVersion: '', creationTimestamp: 0 },
    spec: {
      replicatedJobs: [rjob('a', 1)],
      failurePolicy: { maxRestarts, rules: [{ name: 'rule', action }] },
      successPolicy: { operator: 'All' },
    },
    status: {
      restarts: 0,
      replicatedJobsStatus: [{ name: 'a', ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 }],
    },
  };
}

function failedJob(js: JobSet, idx = 0, restartAttempt?: number): Job {
  const nj: NewObject<Job> = constructJob(js, js.spec.replicatedJobs[0]!, idx, GATE);
  const j = nj as unknown as Job;
  j.metadata = {
    ...nj.metadata,
    name: nj.metadata.name!,
    uid: `job-${idx}`,
    resourceVersion: '',
    creationTimestamp: 0,
  };
  if (restartAttempt !== undefined) j.metadata.labels![JS.jobRestartAttempt] = String(restartAttempt);
  j.status = {
    conditions: [
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'x', lastTransitionTime: 1 },
    ],
  };
  return j;
}

describe('RestartJob gate (spec §5 case 18, TestApplyFailurePolicyRuleAction)', () => {
  it('★18 maxRestarts 5, zeroed status: jobRestarts [1], jobRestartsCountTowardsMax [1], restarts 0, no Restarting condition', () => {
    const js = jobSet(5);
    const r = reconcile({ js, jobs: [failedJob(js)], serviceExists: true, now: 10, gates: GATE });
    expect(r.error).toBeUndefined();
    const st = r.status.replicatedJobsStatus?.find((s) => s.name === 'a');
    expect(st?.jobRestarts).toEqual([1]);
    expect(st?.jobRestartsCountTowardsMax).toEqual([1]);
    expect(r.status.restarts).toBe(0);
    expect(r.status.conditions?.some((c) => c.type === 'RestartingJobSet')).toBe(false);
    expect(r.events).toEqual([
      {
        eventType: 'Warning',
        reason: 'RestartJobFailurePolicyAction',
        message: 'applying RestartJob failure policy action (first failed job: js-a-0)',
      },
    ]);
  });

  it('★18 status {restartsCountTowardsMax 1, jobRestartsCountTowardsMax [1]}, maxRestarts 2 → Failed/ReachedMaxRestarts', () => {
    const js = jobSet(2);
    js.status.restartsCountTowardsMax = 1;
    js.status.replicatedJobsStatus![0]!.jobRestarts = [1];
    js.status.replicatedJobsStatus![0]!.jobRestartsCountTowardsMax = [1];
    const r = reconcile({ js, jobs: [failedJob(js, 0, 1)], serviceExists: true, now: 10, gates: GATE });
    expect(r.status.terminalState).toBe('Failed');
    expect(r.status.conditions?.find((c) => c.type === 'Failed')).toMatchObject({
      reason: 'ReachedMaxRestarts',
      message: 'jobset failed due to reaching max number of restarts (first failed job: js-a-0)',
    });
  });

  it('RestartJobAndIgnoreMaxRestarts bumps only jobRestarts', () => {
    const js = jobSet(0, 'RestartJobAndIgnoreMaxRestarts');
    const r = reconcile({ js, jobs: [failedJob(js)], serviceExists: true, now: 10, gates: GATE });
    const st = r.status.replicatedJobsStatus?.find((s) => s.name === 'a');
    expect(st?.jobRestarts).toEqual([1]);
    expect(st?.jobRestartsCountTowardsMax ?? [0]).toEqual([0]);
    expect(r.events[0]?.reason).toBe('RestartJobAndIgnoreMaxRestartsFailurePolicyAction');
  });

  it('a Job whose job-restart-attempt is behind its index target is previous: deleted, then recreated with the new attempt', () => {
    const js = jobSet(5);
    js.status.replicatedJobsStatus![0]!.jobRestarts = [1];
    const old = failedJob(js, 0, 0);
    const r1 = reconcile({ js, jobs: [old], serviceExists: true, now: 11, gates: GATE });
    expect(r1.deleteJobs.map((j) => j.metadata.name)).toEqual(['js-a-0']);
    expect(r1.createJobs).toEqual([]); // the name is still taken until the old object is gone
    const r2 = reconcile({ js, jobs: [], serviceExists: true, now: 12, gates: GATE });
    expect(r2.createJobs.map((j) => j.metadata.labels?.[JS.jobRestartAttempt])).toEqual(['1']);
  });

  it('with the gate off the same rule is a reconcile error naming the gate', () => {
    const js = jobSet(5);
    const r = reconcile({ js, jobs: [failedJob(js)], serviceExists: true, now: 10, gates: {} });
    expect(r.error).toBe(
      'RestartJob failure policy action cannot be used when the feature gate RestartJob is disabled',
    );
  });
});

describe('RestartJob end to end: only the failed Job is recreated', () => {
  const text = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: restart-job}
spec: {seed: 1, featureGates: {RestartJob: true}, defaults: {podDuration: 30m}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 4, resources: {cpu: "8", memory: 32Gi}}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: rj}
spec:
  failurePolicy:
    maxRestarts: 2
    rules: [{name: perJob, action: RestartJob}]
  replicatedJobs:
  - name: w
    replicas: 3
    template:
      spec:
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: s}
spec:
  actions:
  - {at: 10m, failPod: {jobSet: rj, replicatedJob: w, jobIndex: 1, podIndex: 0, exitCode: 1}}
`;

  it('w-1 fails, is deleted and recreated with job-restart-attempt 1; w-0 and w-2 keep running; the JobSet completes', () => {
    const { result, events } = simulate({ texts: [{ file: 'rj.yaml', text }] });
    const js = result.jobsets[0]!;
    expect(js.terminalState).toBe('Completed');
    expect(js.status?.restarts).toBe(0);
    const st = js.status?.replicatedJobsStatus?.find((s) => s.name === 'w');
    expect(st?.jobRestarts).toEqual([0, 1, 0]);
    expect(st?.jobRestartsCountTowardsMax).toEqual([0, 1, 0]);
    const created = events.filter((e) => e.type === 'JobCreated').map((e) => e.job);
    expect(created).toEqual(['default/rj-w-0', 'default/rj-w-1', 'default/rj-w-2', 'default/rj-w-1']);
    expect(events.filter((e) => e.type === 'JobDeleted').map((e) => e.job)).toEqual(['default/rj-w-1']);
    // The untouched Jobs finish after 30 min; the recreated one 30 min after its recreation (≈10 min later).
    const completed = events.filter((e) => e.type === 'JobCompleted');
    expect(completed.map((e) => e.job)).toEqual(['default/rj-w-0', 'default/rj-w-2', 'default/rj-w-1']);
    expect(completed[2]!.t - completed[0]!.t).toBeGreaterThan(590);
  });
});
