// Spec §2.1 / §5 cases 1–7: child Job names, labels and annotations (TestConstructJobsFromTemplate and friends).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/api/batch.js';
import type { JobSet, JobSetSpec, ReplicatedJob } from '../../../src/api/jobset.js';
import type { NewObject } from '../../../src/api/meta.js';
import { constructJob, globalJobIndex, jobHashKey } from '../../../src/controllers/jobset/construct.js';
import { type ReconcileResult, reconcile } from '../../../src/controllers/jobset/reconcile.js';

const EXCLUSIVE = 'alpha.jobset.sigs.k8s.io/exclusive-topology';
const NODE_SELECTOR_STRATEGY = 'alpha.jobset.sigs.k8s.io/node-selector';
const NAMESPACED_JOB = 'alpha.jobset.sigs.k8s.io/namespaced-job';
const NO_SCHEDULE = 'alpha.jobset.sigs.k8s.io/no-schedule';
const COORDINATOR = 'jobset.sigs.k8s.io/coordinator';
const RESTART_ATTEMPT = 'jobset.sigs.k8s.io/restart-attempt';
const TOPOLOGY = 'test-topology-domain';

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

function rjob(
  name: string,
  replicas: number,
  tpl: {
    jobLabels?: Record<string, string>;
    jobAnnotations?: Record<string, string>;
    podLabels?: Record<string, string>;
    podAnnotations?: Record<string, string>;
    groupName?: string;
  } = {},
): ReplicatedJob {
  const r: ReplicatedJob = {
    name,
    replicas,
    template: {
      spec: {
        parallelism: 1,
        completions: 1,
        completionMode: 'Indexed',
        template: { spec: { containers: [{ name: 'test-container' }], restartPolicy: 'OnFailure' } },
      },
    },
  };
  if (tpl.groupName) r.groupName = tpl.groupName;
  if (tpl.jobLabels || tpl.jobAnnotations) {
    r.template.metadata = {};
    if (tpl.jobLabels) r.template.metadata.labels = tpl.jobLabels;
    if (tpl.jobAnnotations) r.template.metadata.annotations = tpl.jobAnnotations;
  }
  if (tpl.podLabels || tpl.podAnnotations) {
    r.template.spec.template.metadata = {};
    if (tpl.podLabels) r.template.spec.template.metadata.labels = tpl.podLabels;
    if (tpl.podAnnotations) r.template.spec.template.metadata.annotations = tpl.podAnnotations;
  }
  return r;
}

function jobSet(
  name: string,
  rjobs: ReplicatedJob[],
  spec: Partial<JobSetSpec> = {},
  annotations?: Record<string, string>,
): JobSet {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      resourceVersion: '',
      creationTimestamp: 0,
      ...(annotations ? { annotations } : {}),
    },
    spec: { replicatedJobs: rjobs, successPolicy: { operator: 'All' }, ...spec },
    status: { restarts: 0 },
  };
}

/** A child Job as the apiserver would hold it, built with constructJob. */
function existing(js: JobSet, rjobName: string, idx: number, restartAttempt?: number): Job {
  const r = js.spec.replicatedJobs.find((x) => x.name === rjobName)!;
  const nj = constructJob(js, r, idx);
  const job: Job = {
    ...nj,
    metadata: {
      ...nj.metadata,
      name: nj.metadata.name!,
      uid: `${nj.metadata.name}-uid`,
      resourceVersion: '1',
      creationTimestamp: 0,
    },
  };
  if (restartAttempt !== undefined) {
    job.metadata.labels![RESTART_ATTEMPT] = String(restartAttempt);
    job.metadata.annotations![RESTART_ATTEMPT] = String(restartAttempt);
  }
  return job;
}

function run(js: JobSet, jobs: Job[] = []): ReconcileResult {
  return reconcile({ js, jobs, serviceExists: true, now: 100 });
}

function names(jobs: NewObject<Job>[]): string[] {
  return jobs.map((j) => j.metadata.name!);
}

function podMeta(j: NewObject<Job>) {
  return j.spec.template.metadata!;
}

/** Every §2.1 key for `test-jobset` / `replicated-job` ×2, job index idx, spelled out. */
function expectedKeys(idx: number): Record<string, string> {
  return {
    'jobset.sigs.k8s.io/jobset-name': 'test-jobset',
    'jobset.sigs.k8s.io/jobset-uid': 'test-jobset-uid',
    'jobset.sigs.k8s.io/replicatedjob-name': 'replicated-job',
    'jobset.sigs.k8s.io/restart-attempt': '0',
    'jobset.sigs.k8s.io/replicatedjob-replicas': '2',
    'jobset.sigs.k8s.io/global-replicas': '2',
    'jobset.sigs.k8s.io/job-index': String(idx),
    'jobset.sigs.k8s.io/job-global-index': String(idx),
    'jobset.sigs.k8s.io/job-key': sha1(`default/test-jobset-replicated-job-${idx}`),
    'jobset.sigs.k8s.io/group-name': 'default',
    'jobset.sigs.k8s.io/group-replicas': '2',
    'jobset.sigs.k8s.io/job-group-index': String(idx),
  };
}

describe('§5 cases 1–3: TestConstructJobsFromTemplate (which Jobs, which keys)', () => {
  it('★1 TestConstructJobsFromTemplate "all jobs created": two replicas → test-jobset-replicated-job-0 and -1 with every §2.1 key', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 2)]);
    const r = run(js);
    expect(r.error).toBeUndefined();
    expect(names(r.createJobs)).toEqual(['test-jobset-replicated-job-0', 'test-jobset-replicated-job-1']);
    r.createJobs.forEach((j, idx) => {
      const keys = expectedKeys(idx);
      expect(j.metadata.namespace).toBe('default');
      expect(j.metadata.labels).toEqual(keys);
      expect(j.metadata.annotations).toEqual(keys);
      expect(podMeta(j).labels).toEqual(keys);
      expect(podMeta(j).annotations).toEqual(keys);
      expect(j.spec.suspend).toBe(false);
      expect(j.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'jobset.x-k8s.io/v1alpha2',
          kind: 'JobSet',
          name: 'test-jobset',
          uid: 'test-jobset-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      // No placement keys and no coordinator without their annotations / spec.
      expect(j.metadata.annotations?.[EXCLUSIVE]).toBeUndefined();
      expect(j.metadata.labels?.[COORDINATOR]).toBeUndefined();
      expect(j.spec.template.spec.nodeSelector).toBeUndefined();
    });
  });

  it('★1 job-key is the hex SHA-1 of "default/test-jobset-replicated-job-0" (not SHA-256)', () => {
    const key = sha1('default/test-jobset-replicated-job-0');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(jobHashKey('default', 'test-jobset-replicated-job-0')).toBe(key);
    const js = jobSet('test-jobset', [rjob('replicated-job', 2)]);
    const j = constructJob(js, js.spec.replicatedJobs[0]!, 0);
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/job-key']).toBe(key);
    expect(podMeta(j).labels?.['jobset.sigs.k8s.io/job-key']).toBe(key);
  });

  it('★1 TestConstructJobsFromTemplate "all jobs/pods created with labels and annotations": template keys are kept beside the JobSet keys', () => {
    const js = jobSet('test-jobset', [
      rjob('replicated-job', 2, {
        jobLabels: { 'job-label-key': 'job-label-value' },
        jobAnnotations: { 'job-annotation-key': 'job-annotation-value' },
        podLabels: { 'pod-label-key': 'pod-label-value' },
        podAnnotations: { 'pod-annotation-key': 'pod-annotation-value' },
      }),
    ]);
    const [j0, j1] = run(js).createJobs;
    for (const [j, idx] of [
      [j0!, 0],
      [j1!, 1],
    ] as const) {
      expect(j.metadata.labels).toEqual({ 'job-label-key': 'job-label-value', ...expectedKeys(idx) });
      expect(j.metadata.annotations).toEqual({ 'job-annotation-key': 'job-annotation-value', ...expectedKeys(idx) });
      expect(podMeta(j).labels).toEqual({ 'pod-label-key': 'pod-label-value', ...expectedKeys(idx) });
      expect(podMeta(j).annotations).toEqual({ 'pod-annotation-key': 'pod-annotation-value', ...expectedKeys(idx) });
    }
    // The replicatedJob template itself is not modified.
    expect(js.spec.replicatedJobs[0]!.template.spec.template.metadata).toEqual({
      labels: { 'pod-label-key': 'pod-label-value' },
      annotations: { 'pod-annotation-key': 'pod-annotation-value' },
    });
  });

  it('★1 TestConstructJobsFromTemplate "pod dns hostnames enabled": the pod subdomain is network.subdomain, else the JobSet name', () => {
    const plain = jobSet('test-jobset', [rjob('replicated-job', 1)]);
    expect(run(plain).createJobs[0]!.spec.template.spec.subdomain).toBeUndefined();
    const dns = jobSet('test-jobset', [rjob('replicated-job', 1)], { network: { enableDNSHostnames: true } });
    expect(run(dns).createJobs[0]!.spec.template.spec.subdomain).toBe('test-jobset');
    const custom = jobSet('test-jobset', [rjob('replicated-job', 1)], {
      network: { enableDNSHostnames: true, subdomain: 'my-subdomain' },
    });
    expect(run(custom).createJobs[0]!.spec.template.spec.subdomain).toBe('my-subdomain');
  });

  it('★1 TestConstructJobsFromTemplate "suspend job set": a suspended JobSet creates its Jobs suspended', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 2)], { suspend: true });
    const r = run(js);
    expect(names(r.createJobs)).toEqual(['test-jobset-replicated-job-0', 'test-jobset-replicated-job-1']);
    expect(r.createJobs.map((j) => j.spec.suspend)).toEqual([true, true]);
  });

  it.each<[string, (j: Job) => Job]>([
    ['active', (j) => j],
    [
      'succeeded',
      (j) => {
        j.status.conditions = [
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: 5 },
        ];
        return j;
      },
    ],
  ])(
    '★2 TestConstructJobsFromTemplate "one job created, one job not created (already %s)": only -1 is created',
    (_label, mutate) => {
      const js = jobSet('test-jobset', [rjob('replicated-job', 2)]);
      const r = run(js, [mutate(existing(js, 'replicated-job', 0))]);
      expect(r.error).toBeUndefined();
      expect(names(r.createJobs)).toEqual(['test-jobset-replicated-job-1']);
      expect(r.createJobs[0]!.metadata.labels?.['jobset.sigs.k8s.io/job-index']).toBe('1');
      expect(r.deleteJobs).toEqual([]);
    },
  );

  it('★2 TestConstructJobsFromTemplate "one job created, one job not created (marked for deletion)": a previous -0 blocks only its own name', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 2)]);
    const old = existing(js, 'replicated-job', 0);
    js.status.restarts = 1;
    const r = run(js, [old]);
    expect(r.deleteJobs).toEqual([old]);
    expect(names(r.createJobs)).toEqual(['test-jobset-replicated-job-1']);
    expect(r.createJobs[0]!.metadata.labels?.[RESTART_ATTEMPT]).toBe('1');
  });

  it('★2 TestConstructJobsFromTemplate "(already failed)": a failed -0 is never re-created; the failure policy runs first and nothing is created', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 2)], {
      failurePolicy: { maxRestarts: 3, restartStrategy: 'Recreate' },
    });
    const failed = existing(js, 'replicated-job', 0);
    failed.status.conditions = [
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'x', lastTransitionTime: 10 },
    ];
    const r = run(js, [failed]);
    expect(r.createJobs).toEqual([]);
    expect(r.status.restarts).toBe(1);
    expect(r.status.replicatedJobsStatus).toEqual([
      { name: 'replicated-job', ready: 0, succeeded: 0, failed: 1, active: 0, suspended: 0 },
    ]);
  });

  it('★2 TestConstructJobsFromTemplate "no jobs created": every index already exists', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 1)]);
    expect(run(js, [existing(js, 'replicated-job', 0)]).createJobs).toEqual([]);
  });

  it('★2 TestConstructJobsFromTemplate "multiple replicated jobs": A-0 and B-1 are created when B-0 exists', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job-A', 1), rjob('replicated-job-B', 2)]);
    const r = run(js, [existing(js, 'replicated-job-B', 0)]);
    expect(names(r.createJobs)).toEqual(['test-jobset-replicated-job-A-0', 'test-jobset-replicated-job-B-1']);
    expect(r.createJobs.map((j) => j.metadata.labels?.['jobset.sigs.k8s.io/job-global-index'])).toEqual(['0', '2']);
    expect(r.createJobs.map((j) => j.metadata.labels?.['jobset.sigs.k8s.io/global-replicas'])).toEqual(['3', '3']);
  });

  it('★3 TestConstructJobsFromTemplate "job creation blocked until all previous jobs no longer exist": BlockingRecreate + a previous Job → nothing for any rjob', () => {
    const js = jobSet('test-jobset', [rjob('replicated-job', 2), rjob('other', 2)], {
      failurePolicy: { maxRestarts: 1, restartStrategy: 'BlockingRecreate' },
    });
    const old = existing(js, 'replicated-job', 0);
    js.status.restarts = 1;
    js.status.restartsCountTowardsMax = 1;
    const r = run(js, [old]);
    expect(r.createJobs).toEqual([]);
    expect(r.deleteJobs).toEqual([old]);

    // Recreate with the same state creates every free name at the new attempt.
    const recreate = {
      ...js,
      spec: { ...js.spec, failurePolicy: { maxRestarts: 1, restartStrategy: 'Recreate' as const } },
    };
    const r2 = run(recreate, [old]);
    expect(names(r2.createJobs)).toEqual([
      'test-jobset-replicated-job-1',
      'test-jobset-other-0',
      'test-jobset-other-1',
    ]);
    expect(r2.createJobs.every((j) => j.metadata.labels?.[RESTART_ATTEMPT] === '1')).toBe(true);

    // Once the previous Job is gone, BlockingRecreate creates all four.
    expect(names(run(js, []).createJobs)).toHaveLength(4);
  });
});

describe('§5 cases 4–7: placement annotations, coordinator, indexes', () => {
  it('4 TestConstructJobsFromTemplate "exclusive placement for a ReplicatedJob": only A’s Job and pods carry the annotation, never as a label', () => {
    const js = jobSet('test-jobset', [
      rjob('replicated-job-A', 1, { jobAnnotations: { [EXCLUSIVE]: TOPOLOGY } }),
      rjob('replicated-job-B', 1),
    ]);
    const [a, b] = run(js).createJobs;
    expect(a!.metadata.name).toBe('test-jobset-replicated-job-A-0');
    expect(a!.metadata.annotations?.[EXCLUSIVE]).toBe(TOPOLOGY);
    expect(podMeta(a!).annotations?.[EXCLUSIVE]).toBe(TOPOLOGY);
    expect(a!.metadata.labels?.[EXCLUSIVE]).toBeUndefined();
    expect(podMeta(a!).labels?.[EXCLUSIVE]).toBeUndefined();
    expect(b!.metadata.name).toBe('test-jobset-replicated-job-B-0');
    expect(b!.metadata.annotations?.[EXCLUSIVE]).toBeUndefined();
    expect(podMeta(b!).annotations?.[EXCLUSIVE]).toBeUndefined();
    // Webhook-based exclusivity: no nodeSelector or toleration is injected.
    expect(a!.spec.template.spec.nodeSelector).toBeUndefined();
    expect(a!.spec.template.spec.tolerations).toBeUndefined();
  });

  it('4 TestConstructJobsFromTemplate "exclusive placement for entire JobSet": every Job and pod carries it; an rjob value wins', () => {
    const js = jobSet(
      'test-jobset',
      [rjob('replicated-job-A', 1), rjob('replicated-job-B', 1, { jobAnnotations: { [EXCLUSIVE]: 'rjob-domain' } })],
      {},
      { [EXCLUSIVE]: TOPOLOGY },
    );
    const [a, b] = run(js).createJobs;
    expect(a!.metadata.annotations?.[EXCLUSIVE]).toBe(TOPOLOGY);
    expect(podMeta(a!).annotations?.[EXCLUSIVE]).toBe(TOPOLOGY);
    expect(b!.metadata.annotations?.[EXCLUSIVE]).toBe('rjob-domain');
    expect(podMeta(b!).annotations?.[EXCLUSIVE]).toBe('rjob-domain');
  });

  it('5 TestConstructJobsFromTemplate "exclusive placement using nodeSelectorStrategy for a ReplicatedJob": namespaced-job nodeSelector and the no-schedule toleration on A only', () => {
    const js = jobSet('test-jobset', [
      rjob('replicated-job-A', 1, { jobAnnotations: { [EXCLUSIVE]: TOPOLOGY, [NODE_SELECTOR_STRATEGY]: 'true' } }),
      rjob('replicated-job-B', 1),
    ]);
    const [a, b] = run(js).createJobs;
    expect(a!.spec.template.spec.nodeSelector).toEqual({ [NAMESPACED_JOB]: 'default_test-jobset-replicated-job-A-0' });
    expect(a!.spec.template.spec.tolerations).toEqual([{ key: NO_SCHEDULE, operator: 'Exists', effect: 'NoSchedule' }]);
    expect(a!.metadata.annotations?.[NODE_SELECTOR_STRATEGY]).toBe('true');
    expect(podMeta(a!).annotations?.[NODE_SELECTOR_STRATEGY]).toBe('true');
    expect(b!.spec.template.spec.nodeSelector).toBeUndefined();
    expect(b!.spec.template.spec.tolerations).toBeUndefined();
    expect(b!.metadata.annotations?.[NODE_SELECTOR_STRATEGY]).toBeUndefined();
  });

  it('5 TestConstructJobsFromTemplate "exclusive placement using nodeSelectorStrategy for entire JobSet": every Job gets its own namespaced-job selector, added to the template’s', () => {
    const withSelector = rjob('replicated-job-B', 2);
    withSelector.template.spec.template.spec.nodeSelector = { pool: 'tpu' };
    withSelector.template.spec.template.spec.tolerations = [{ key: 'user', operator: 'Exists' }];
    const js = jobSet(
      'test-jobset',
      [rjob('replicated-job-A', 1), withSelector],
      {},
      {
        [EXCLUSIVE]: TOPOLOGY,
        [NODE_SELECTOR_STRATEGY]: 'true',
      },
    );
    const jobs = run(js).createJobs;
    expect(jobs.map((j) => j.spec.template.spec.nodeSelector)).toEqual([
      { [NAMESPACED_JOB]: 'default_test-jobset-replicated-job-A-0' },
      { pool: 'tpu', [NAMESPACED_JOB]: 'default_test-jobset-replicated-job-B-0' },
      { pool: 'tpu', [NAMESPACED_JOB]: 'default_test-jobset-replicated-job-B-1' },
    ]);
    expect(jobs[2]!.spec.template.spec.tolerations).toEqual([
      { key: 'user', operator: 'Exists' },
      { key: NO_SCHEDULE, operator: 'Exists', effect: 'NoSchedule' },
    ]);
    // The template is untouched.
    expect(withSelector.template.spec.template.spec.nodeSelector).toEqual({ pool: 'tpu' });
  });

  it('6 TestConstructJobsFromTemplate "coordinator": {replicated-job-a, 0, 0} on test-js → test-js-replicated-job-a-0-0.test-js on every Job and pod', () => {
    const js = jobSet('test-js', [rjob('replicated-job-a', 1), rjob('replicated-job-b', 3)], {
      coordinator: { replicatedJob: 'replicated-job-a', jobIndex: 0, podIndex: 0 },
      network: { enableDNSHostnames: true },
    });
    const jobs = run(js).createJobs;
    expect(jobs).toHaveLength(4);
    for (const j of jobs) {
      expect(j.metadata.labels?.[COORDINATOR]).toBe('test-js-replicated-job-a-0-0.test-js');
      expect(j.metadata.annotations?.[COORDINATOR]).toBe('test-js-replicated-job-a-0-0.test-js');
      expect(podMeta(j).labels?.[COORDINATOR]).toBe('test-js-replicated-job-a-0-0.test-js');
      expect(podMeta(j).annotations?.[COORDINATOR]).toBe('test-js-replicated-job-a-0-0.test-js');
    }
    const sub = jobSet('test-js', [rjob('replicated-job-a', 1), rjob('replicated-job-b', 3)], {
      coordinator: { replicatedJob: 'replicated-job-b', jobIndex: 2, podIndex: 1 },
      network: { enableDNSHostnames: true, subdomain: 'svc' },
    });
    expect(constructJob(sub, sub.spec.replicatedJobs[0]!, 0).metadata.labels?.[COORDINATOR]).toBe(
      'test-js-replicated-job-b-2-1.svc',
    );
  });

  it('7 TestGlobalJobIndex: replicas [2, 4, 1] → (rjob2, 3) = "5"; an unknown rjob = ""', () => {
    const js = jobSet('test-jobset', [rjob('rjob1', 2), rjob('rjob2', 4), rjob('rjob3', 1)]);
    expect(globalJobIndex(js, 'rjob2', 3)).toBe('5');
    expect(globalJobIndex(js, 'rjob1', 0)).toBe('0');
    expect(globalJobIndex(js, 'rjob1', 1)).toBe('1');
    expect(globalJobIndex(js, 'rjob3', 0)).toBe('6');
    expect(globalJobIndex(js, 'unknown', 0)).toBe('');
    const j = constructJob(js, js.spec.replicatedJobs[1]!, 3);
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/job-global-index']).toBe('5');
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/global-replicas']).toBe('7');
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/replicatedjob-replicas']).toBe('4');
  });

  it('7 TestGroupJobIndex / TestGroupReplicas: group keys count only the rjobs of the same group', () => {
    const js = jobSet('test-jobset', [
      rjob('rjob1', 2, { groupName: 'g1' }),
      rjob('rjob2', 4, { groupName: 'g2' }),
      rjob('rjob3', 1, { groupName: 'g1' }),
    ]);
    const j = constructJob(js, js.spec.replicatedJobs[2]!, 0);
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/group-name']).toBe('g1');
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/group-replicas']).toBe('3');
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/job-group-index']).toBe('2');
    expect(j.metadata.labels?.['jobset.sigs.k8s.io/job-global-index']).toBe('6');
    const k = constructJob(js, js.spec.replicatedJobs[1]!, 3);
    expect(k.metadata.labels?.['jobset.sigs.k8s.io/group-replicas']).toBe('4');
    expect(k.metadata.labels?.['jobset.sigs.k8s.io/job-group-index']).toBe('3');
  });
});
