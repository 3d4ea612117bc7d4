// The batch Job integration's pure parts against kueue ff69552e pkg/controller/jobs/job: job_controller_test.go
// (TestPodSets, TestPodSetsInfo) and job_webhook_test.go (TestValidateCreate, the partial-admission annotation).
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/api/batch.js';
import type { Toleration } from '../../../src/api/core.js';
import {
  JOB_MIN_PARALLELISM_ANNOTATION,
  jobPodSetInfo,
  jobPodSets,
  managesJob,
  runJobWithPodSetInfo,
  stopJob,
  validateJobForKueue,
} from '../../../src/kueue/job-integration.js';
import { emptyKueue } from '../../../src/scenario/read-kueue.js';

/** utiltestingjob.MakeJob("job", "ns") with the given parallelism, completions and annotations. */
function makeJob(o: { parallelism?: number; completions?: number; annotations?: Record<string, string> } = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'job', namespace: 'ns', uid: 'u1', annotations: o.annotations },
    spec: {
      parallelism: o.parallelism,
      completions: o.completions,
      suspend: true,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'pause' }] } },
    },
    status: {},
  } as unknown as Job;
}

const tol = (k: string, v: string): Toleration => ({ key: k, operator: 'Equal', value: v, effect: 'NoSchedule' });

describe('TestPodSets (job_controller_test.go)', () => {
  it('"no partial admission": one podset main, count = parallelism, no minCount', () => {
    expect(jobPodSets(makeJob({ parallelism: 3 })).map((p) => [p.name, p.count, p.minCount])).toEqual([
      ['main', 3, undefined],
    ]);
  });
  it('"partial admission": minCount from kueue.x-k8s.io/job-min-parallelism', () => {
    const job = makeJob({ parallelism: 3, annotations: { [JOB_MIN_PARALLELISM_ANNOTATION]: '2' } });
    expect(jobPodSets(job).map((p) => [p.name, p.count, p.minCount])).toEqual([['main', 3, 2]]);
  });
  it('count is completions when smaller than parallelism (podsCount)', () => {
    expect(jobPodSets(makeJob({ parallelism: 5, completions: 2 }))[0]!.count).toBe(2);
    expect(jobPodSets(makeJob({ parallelism: 5, completions: 8 }))[0]!.count).toBe(5);
  });
});

describe('TestPodSetsInfo (job_controller_test.go): RunWithPodSetsInfo, then RestorePodSetsInfo + Suspend give the original spec back', () => {
  it('"append": the flavor node selector and toleration are added to the original ones', () => {
    const job = makeJob({ parallelism: 1 });
    job.spec.template.spec.nodeSelector = { 'orig-key': 'orig-val' };
    job.spec.template.spec.tolerations = [tol('orig-t-key', 'orig-t-val')];
    const orig = structuredClone(job.spec);
    const original = jobPodSetInfo(job);
    runJobWithPodSetInfo(job, {
      name: 'main',
      count: 1,
      nodeSelector: { 'new-key': 'new-val' },
      tolerations: [tol('new-t-key', 'new-t-val')],
    });
    expect(job.spec.suspend).toBe(false);
    expect(job.spec.template.spec.nodeSelector).toEqual({ 'orig-key': 'orig-val', 'new-key': 'new-val' });
    expect(job.spec.template.spec.tolerations).toEqual([
      tol('orig-t-key', 'orig-t-val'),
      tol('new-t-key', 'new-t-val'),
    ]);
    stopJob(job, original);
    expect(job.spec).toEqual(orig);
  });

  it('"parallelism": with job-min-parallelism the admitted count becomes parallelism, restored to 5 on stop', () => {
    const job = makeJob({ parallelism: 5, annotations: { [JOB_MIN_PARALLELISM_ANNOTATION]: '2' } });
    const orig = structuredClone(job.spec);
    const original = jobPodSetInfo(job);
    runJobWithPodSetInfo(job, { name: 'main', count: 2, nodeSelector: {}, tolerations: [] });
    expect([job.spec.parallelism, job.spec.suspend]).toEqual([2, false]);
    stopJob(job, original);
    expect(job.spec).toEqual(orig);
  });

  it('without job-min-parallelism the count does not touch parallelism', () => {
    const job = makeJob({ parallelism: 5 });
    runJobWithPodSetInfo(job, { name: 'main', count: 2, nodeSelector: {}, tolerations: [] });
    expect(job.spec.parallelism).toBe(5);
  });
});

describe('job_webhook_test.go TestValidateCreate: the partial-admission annotation', () => {
  it('"invalid partial admission annotation (format)"', () => {
    const job = makeJob({ parallelism: 4, completions: 6, annotations: { [JOB_MIN_PARALLELISM_ANNOTATION]: 'NaN' } });
    expect(validateJobForKueue(job)).toEqual([
      {
        path: 'metadata.annotations[kueue.x-k8s.io/job-min-parallelism]',
        message: 'Invalid value: "NaN": strconv.Atoi: parsing "NaN": invalid syntax',
      },
    ]);
  });
  it('"invalid partial admission annotation (badValue)"', () => {
    const job = makeJob({ parallelism: 4, completions: 6, annotations: { [JOB_MIN_PARALLELISM_ANNOTATION]: '5' } });
    expect(validateJobForKueue(job)).toEqual([
      {
        path: 'metadata.annotations[kueue.x-k8s.io/job-min-parallelism]',
        message: 'Invalid value: 5: should be between 0 and 3',
      },
    ]);
  });
  it('a value within [1, podsCount − 1] is valid', () => {
    const job = makeJob({ parallelism: 4, completions: 6, annotations: { [JOB_MIN_PARALLELISM_ANNOTATION]: '3' } });
    expect(validateJobForKueue(job)).toEqual([]);
  });
});

describe('which Jobs Kueue manages', () => {
  const kueue = emptyKueue();
  kueue.localQueues.push({
    kind: 'LocalQueue',
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    metadata: { name: 'lq', namespace: 'ns' },
    spec: { clusterQueue: 'cq' },
  } as never);
  it('a Job naming a queue is managed; one owned by a JobSet (a child Job) is not', () => {
    const job = makeJob();
    job.metadata.labels = { 'kueue.x-k8s.io/queue-name': 'lq' };
    expect(managesJob(job, { kueue })).toBe(true);
    job.metadata.ownerReferences = [
      { apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'js', uid: 'x', controller: true },
    ];
    expect(managesJob(job, { kueue })).toBe(false);
  });
  it('a Job without a queue name is not managed unless manageJobsWithoutQueueName', () => {
    const job = makeJob();
    expect(managesJob(job, { kueue })).toBe(false);
    expect(
      managesJob(job, { kueue: { ...kueue, config: { ...kueue.config, manageJobsWithoutQueueName: true } } }),
    ).toBe(true);
  });
});
