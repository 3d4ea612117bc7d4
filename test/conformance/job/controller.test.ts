// The batch/v1 Job controller's sync as table tests translated from kubernetes/kubernetes
// pkg/controller/job/job_controller_test.go: one syncJob call on a Job and its pods, with a fake PodControl
// (upstream's controller.FakePodControl), checking the pods created and deleted and the status written.
//
// Translation notes. Upstream runs each table with feature gates on or off; the simulator models
// Kubernetes ≥ 1.31 with JobPodReplacementPolicy, JobManagedBy, JobSuccessPolicy and JobBackoffLimitPerIndex
// on, so where upstream has gate variants the "enabled" expectation is used: the interim FailureTarget /
// SuccessCriteriaMet condition comes first and Failed / Complete only once no pod is terminating, and
// status.terminating is always set. Normal completion carries reason CompletionsReached (K8s ≥ 1.33).
// "Has the job-tracking finalizer" is "not in the counted set"; upstream's testFinishedAt (year 1) is
// 1 s into the run, long before NOW, so no pod-failure backoff applies unless a case sets one.
import { describe, expect, it } from 'vitest';
import type { Job, JobCondition, JobSpec, JobStatus, PodFailurePolicyRule } from '../../../src/api/batch.js';
import type { ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '../../../src/api/core.js';
import type { NewObject } from '../../../src/api/meta.js';
import type { BackoffRecord } from '../../../src/controllers/job/backoff.js';
import { ensureJobConditionStatus, type SyncResult, syncJob } from '../../../src/controllers/job/sync.js';

const NOW_S = 1000;
const NOW = NOW_S * 1e6;
const FINISHED_AT = 1; // upstream testFinishedAt: long before NOW
const MAX_INT32 = 2147483647;
const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';

// ---------------------------------------------------------------------------------------------------------
// Fixtures

function newJob(parallelism: number, completions: number, backoffLimit: number, indexed = false): Job {
  const spec: JobSpec = {
    backoffLimit,
    template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'c', image: 'foo/bar' }] } },
  };
  // -1 leaves the field unset, as upstream's newJob does.
  if (parallelism >= 0) spec.parallelism = parallelism;
  if (completions >= 0) spec.completions = completions;
  if (indexed) spec.completionMode = 'Indexed';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'foobar', namespace: 'default', uid: 'job-uid', resourceVersion: '1', creationTimestamp: 0 },
    spec,
    status: {},
  };
}

let podSeq = 0;

/** upstream's podBuilder: buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod */
class PodBuilder {
  readonly Pod: Pod;
  constructor() {
    const n = `pod-${podSeq++}`;
    this.Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: n,
        namespace: 'default',
        uid: n,
        resourceVersion: '1',
        creationTimestamp: 0,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: 'job-uid', controller: true }],
      },
      spec: { containers: [{ name: 'c' }] },
      status: { phase: 'Pending' },
    };
  }
  name(n: string): this {
    this.Pod.metadata.name = n;
    return this;
  }
  uid(u: string): this {
    this.Pod.metadata.uid = u;
    return this;
  }
  index(i: string): this {
    (this.Pod.metadata.annotations ??= {})[COMPLETION_INDEX] = i;
    return this;
  }
  indexFailureCount(v: string): this {
    (this.Pod.metadata.annotations ??= {})[FAILURE_COUNT] = v;
    return this;
  }
  phase(p: PodPhase): this {
    this.Pod.status.phase = p;
    if (p === 'Failed' || p === 'Succeeded') {
      this.Pod.status.containerStatuses ??= [
        {
          name: 'c',
          restartCount: 0,
          state: { terminated: { exitCode: p === 'Failed' ? 1 : 0, finishedAt: FINISHED_AT } },
        },
      ] as unknown as ContainerStatus[];
    }
    return this;
  }
  status(s: PodStatus & { initContainerStatuses?: ContainerStatus[] }): this {
    this.Pod.status = s;
    return this;
  }
  ready(): this {
    (this.Pod.status.conditions ??= []).push({ type: 'Ready', status: 'True' });
    return this;
  }
  deletionTimestamp(t = NOW_S): this {
    this.Pod.metadata.deletionTimestamp = t;
    return this;
  }
}

const buildPod = () => new PodBuilder();

/** setPodsStatuses upstream: pods by phase, named pod-N, the ready ones among the running. */
function podsByCount(c: {
  pending?: number;
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
}): Pod[] {
  const out: Pod[] = [];
  for (let i = 0; i < (c.pending ?? 0); i++) out.push(buildPod().phase('Pending').Pod);
  for (let i = 0; i < (c.active ?? 0); i++) {
    const b = buildPod().phase('Running');
    if (i < (c.ready ?? 0)) b.ready();
    out.push(b.Pod);
  }
  for (let i = 0; i < (c.succeeded ?? 0); i++) out.push(buildPod().phase('Succeeded').Pod);
  for (let i = 0; i < (c.failed ?? 0); i++) out.push(buildPod().phase('Failed').Pod);
  for (let i = 0; i < (c.terminating ?? 0); i++) out.push(buildPod().phase('Running').deletionTimestamp().Pod);
  return out;
}

const NO_INDEX = '-';

/** setPodsStatusesWithIndexes upstream. */
function podsWithIndexes(list: [string, PodPhase][]): Pod[] {
  return list.map(([ix, phase]) => {
    const b = buildPod().phase(phase);
    if (ix !== NO_INDEX) b.index(ix);
    return b.Pod;
  });
}

interface Run {
  r: SyncResult;
  created: NewObject<Pod>[];
  deleted: Pod[];
  createCalls: number;
}

/** One syncJob with upstream's FakePodControl (Err fails every create; CreateLimit fails the calls after it). */
function run(
  job: Job,
  pods: Pod[],
  opts: { counted?: string[]; now?: number; backoff?: BackoffRecord; err?: string; createLimit?: number } = {},
): Run {
  const now = opts.now ?? NOW;
  const created: NewObject<Pod>[] = [];
  const deleted: Pod[] = [];
  let calls = 0;
  const r = syncJob(job, {
    now,
    pods,
    counted: new Set(opts.counted ?? []),
    backoff: opts.backoff,
    podControl: {
      createPod: (p) => {
        calls++;
        if (opts.createLimit && calls > opts.createLimit) return `not creating pod, limit ${opts.createLimit} reached`;
        created.push(p);
        return opts.err;
      },
      deletePod: (p) => {
        deleted.push(p);
        // As the store does for a bound pod: a graceful deletion marks it.
        p.metadata.deletionTimestamp ??= now / 1e6;
      },
    },
  });
  return { r, created, deleted, createCalls: calls };
}

type Cond = Pick<JobCondition, 'type' | 'status' | 'reason' | 'message'>;

function conds(status: JobStatus): Cond[] | undefined {
  return status.conditions?.map(({ type, status: s, reason, message }) => ({ type, status: s, reason, message }));
}

const FT = 'FailureTarget';
const cond = (type: string, reason: string, message: string, status: 'True' | 'False' = 'True'): Cond => ({
  type,
  status,
  reason,
  message,
});
const BLE = 'BackoffLimitExceeded';
const BLE_MSG = 'Job has reached the specified backoff limit';
const DEADLINE = 'DeadlineExceeded';
const DEADLINE_MSG = 'Job was active longer than specified deadline';
const PFP = 'PodFailurePolicy';
const SP = 'SuccessPolicy';
const COMPLETIONS = 'CompletionsReached';
const COMPLETIONS_MSG = 'Reached expected number of succeeded pods';
const completed: Cond[] = [
  cond('SuccessCriteriaMet', COMPLETIONS, COMPLETIONS_MSG),
  cond('Complete', COMPLETIONS, COMPLETIONS_MSG),
];
const failedBy = (reason: string, message: string): Cond[] => [
  cond(FT, reason, message),
  cond('Failed', reason, message),
];
const createdIndexes = (created: NewObject<Pod>[]) =>
  created.map((p) => Number(p.metadata.annotations?.[COMPLETION_INDEX])).sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------------------

describe('TestControllerSyncJob (job_controller_test.go)', () => {
  interface Case {
    parallelism: number;
    completions: number;
    backoffLimit?: number;
    deleting?: boolean;
    podLimit?: number;
    indexed?: boolean;
    wasSuspended?: boolean;
    suspend?: boolean;
    podReplacementPolicy?: JobSpec['podReplacementPolicy'];
    podFailurePolicy?: JobSpec['podFailurePolicy'];
    initialStatus?: { active?: number; succeeded?: number; failed?: number; conditions?: JobCondition[] };
    backoffRecord?: BackoffRecord;
    pendingPods?: number;
    activePods?: number;
    readyPods?: number;
    succeededPods?: number;
    failedPods?: number;
    terminatingPods?: number;
    podsWithIndexes?: [string, PodPhase][];
    expectedCreations?: number;
    expectedDeletions?: number;
    expectedActive?: number;
    expectedReady?: number;
    expectedSucceeded?: number;
    expectedCompletedIdxs?: string;
    expectedFailed?: number;
    expectedTerminating?: number;
    expectedConditions?: Cond[];
    expectedCreatedIndexes?: number[];
    expectedBackoffRequeue?: number;
  }
  const cases: Record<string, Case> = {
    'job start': { parallelism: 2, completions: 5, backoffLimit: 6, expectedCreations: 2, expectedActive: 2 },
    'WQ job start': { parallelism: 2, completions: -1, backoffLimit: 6, expectedCreations: 2, expectedActive: 2 },
    'pending pods': { parallelism: 2, completions: 5, backoffLimit: 6, pendingPods: 2, expectedActive: 2 },
    'correct # of pods': {
      parallelism: 3,
      completions: 5,
      backoffLimit: 6,
      activePods: 3,
      readyPods: 2,
      expectedActive: 3,
      expectedReady: 2,
    },
    'WQ job: correct # of pods': {
      parallelism: 2,
      completions: -1,
      backoffLimit: 6,
      activePods: 2,
      expectedActive: 2,
    },
    'too few active pods': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 1,
      succeededPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedSucceeded: 1,
    },
    'WQ job: recreate pods when failed': {
      parallelism: 1,
      completions: -1,
      backoffLimit: 6,
      activePods: 1,
      failedPods: 1,
      podReplacementPolicy: 'Failed',
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedFailed: 1,
      expectedActive: 1,
    },
    'WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      activePods: 1,
      failedPods: 1,
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedActive: 1,
      expectedFailed: 2,
    },
    'WQ job: recreate pods when terminating or failed': {
      parallelism: 1,
      completions: -1,
      backoffLimit: 6,
      activePods: 1,
      failedPods: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedActive: 1,
      expectedFailed: 2,
    },
    'more terminating pods than parallelism': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      activePods: 2,
      terminatingPods: 4,
      podReplacementPolicy: 'Failed',
      expectedTerminating: 5,
      expectedActive: 1,
      expectedDeletions: 1,
    },
    'more terminating pods than parallelism; PodFailurePolicy used': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      activePods: 2,
      terminatingPods: 4,
      podFailurePolicy: { rules: [] },
      expectedTerminating: 5, // upstream: nil with the gates off
      expectedActive: 1,
      expectedDeletions: 1,
    },
    'too few active pods and active back-off': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      backoffRecord: { failuresAfterLastSuccess: 1, lastFailureTime: NOW },
      initialStatus: {},
      expectedCreations: 0,
      expectedActive: 0,
      expectedBackoffRequeue: 10e6,
    },
    'too few active pods and no back-offs': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      backoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: NOW },
      expectedCreations: 1,
      expectedActive: 1,
    },
    'too few active pods with a dynamic job': {
      parallelism: 2,
      completions: -1,
      backoffLimit: 6,
      activePods: 1,
      expectedCreations: 1,
      expectedActive: 2,
    },
    'too many active pods': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 3,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedTerminating: 1,
    },
    'count ready pods when too many active pods': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 3,
      readyPods: 3,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedReady: 2,
      expectedTerminating: 1,
    },
    'failed + succeed pods: reset backoff delay': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 1,
      succeededPods: 1,
      failedPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedFailed: 1,
    },
    'new failed pod': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 1,
      failedPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedFailed: 1,
    },
    'no new pod; possible finalizer update of failed pod': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      initialStatus: { active: 1, succeeded: 0, failed: 1 },
      activePods: 1,
      expectedActive: 1,
      expectedFailed: 1,
    },
    'job finish': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      succeededPods: 5,
      expectedSucceeded: 5,
      expectedConditions: completed,
    },
    'WQ job finishing': {
      parallelism: 2,
      completions: -1,
      backoffLimit: 6,
      activePods: 1,
      succeededPods: 1,
      expectedActive: 1,
      expectedSucceeded: 1,
    },
    'WQ job all finished': {
      parallelism: 2,
      completions: -1,
      backoffLimit: 6,
      succeededPods: 2,
      expectedSucceeded: 2,
      expectedConditions: completed,
    },
    'WQ job all finished despite one failure': {
      parallelism: 2,
      completions: -1,
      backoffLimit: 6,
      succeededPods: 1,
      failedPods: 1,
      expectedSucceeded: 1,
      expectedFailed: 1,
      expectedConditions: completed,
    },
    'more active pods than parallelism': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 10,
      expectedDeletions: 8,
      expectedActive: 2,
      expectedTerminating: 8,
    },
    'more active pods than remaining completions': {
      parallelism: 3,
      completions: 4,
      backoffLimit: 6,
      activePods: 3,
      succeededPods: 2,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedSucceeded: 2,
      expectedTerminating: 1,
    },
    'status change': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      activePods: 2,
      succeededPods: 2,
      expectedActive: 2,
      expectedSucceeded: 2,
    },
    'deleting job': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      deleting: true,
      pendingPods: 1,
      activePods: 1,
      succeededPods: 1,
      expectedActive: 2,
      expectedSucceeded: 1,
    },
    'limited pods': {
      parallelism: 100,
      completions: 200,
      backoffLimit: 6,
      podLimit: 10,
      expectedCreations: 10,
      expectedActive: 10,
    },
    'too many job failures': {
      parallelism: 2,
      completions: 5,
      deleting: true,
      failedPods: 1,
      expectedFailed: 1,
      expectedConditions: failedBy(BLE, BLE_MSG),
    },
    'indexed job start': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      expectedCreations: 2,
      expectedActive: 2,
      expectedCreatedIndexes: [0, 1],
    },
    'indexed job with some pods deleted, podReplacementPolicy Failed': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      podReplacementPolicy: 'Failed',
      terminatingPods: 1,
      expectedCreations: 1,
      expectedActive: 1,
      expectedCreatedIndexes: [0],
      expectedTerminating: 1,
    },
    'indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      podReplacementPolicy: 'TerminatingOrFailed',
      terminatingPods: 1,
      expectedCreations: 2,
      expectedActive: 2,
      expectedCreatedIndexes: [0, 1],
      expectedTerminating: 1,
    },
    'indexed job completed': {
      parallelism: 2,
      completions: 3,
      backoffLimit: 6,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['1', 'Succeeded'],
        ['2', 'Succeeded'],
      ],
      expectedSucceeded: 3,
      expectedFailed: 1,
      expectedCompletedIdxs: '0-2',
      expectedConditions: completed,
    },
    'indexed job failed': {
      parallelism: 2,
      completions: 3,
      backoffLimit: 0,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['2', 'Running'],
      ],
      expectedSucceeded: 1,
      expectedFailed: 2,
      expectedCompletedIdxs: '0',
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
      expectedDeletions: 1,
      expectedTerminating: 1,
    },
    'count ready pods when job fails': {
      parallelism: 2,
      completions: 3,
      backoffLimit: 0,
      activePods: 2,
      readyPods: 2,
      failedPods: 1,
      expectedFailed: 3,
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
      expectedDeletions: 2,
      expectedTerminating: 2,
    },
    'indexed job repeated completed index': {
      parallelism: 2,
      completions: 3,
      backoffLimit: 6,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Succeeded'],
        ['1', 'Succeeded'],
      ],
      expectedCreations: 1,
      expectedActive: 1,
      expectedSucceeded: 2,
      expectedCompletedIdxs: '0,1',
      expectedCreatedIndexes: [2],
    },
    'indexed job some running and completed pods': {
      parallelism: 8,
      completions: 20,
      backoffLimit: 6,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Running'],
        ['2', 'Succeeded'],
        ['3', 'Pending'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
        ['9', 'Succeeded'],
      ],
      expectedCreations: 6,
      expectedActive: 8,
      expectedSucceeded: 6,
      expectedCompletedIdxs: '2,4,5,7-9',
      expectedCreatedIndexes: [1, 6, 10, 11, 12, 13],
    },
    'indexed job some failed pods': {
      parallelism: 3,
      completions: 4,
      backoffLimit: 6,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Failed'],
        ['1', 'Pending'],
        ['2', 'Failed'],
      ],
      expectedCreations: 2,
      expectedActive: 3,
      expectedFailed: 2,
      expectedCreatedIndexes: [0, 2],
    },
    'indexed job some pods without index': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      activePods: 1,
      succeededPods: 1,
      failedPods: 1,
      podsWithIndexes: [
        ['invalid', 'Running'],
        ['invalid', 'Succeeded'],
        ['invalid', 'Failed'],
        ['invalid', 'Pending'],
        ['0', 'Succeeded'],
        ['1', 'Running'],
        ['2', 'Running'],
      ],
      expectedDeletions: 3,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedFailed: 0,
      expectedCompletedIdxs: '0',
      expectedTerminating: 3,
    },
    'indexed job repeated indexes': {
      parallelism: 5,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      succeededPods: 1,
      failedPods: 1,
      podsWithIndexes: [
        ['invalid', 'Running'],
        ['0', 'Succeeded'],
        ['1', 'Running'],
        ['2', 'Running'],
        ['2', 'Pending'],
      ],
      expectedCreations: 0,
      expectedDeletions: 2,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedCompletedIdxs: '0',
      expectedTerminating: 2,
    },
    'indexed job with indexes outside of range': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 6,
      indexed: true,
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['5', 'Running'],
        ['6', 'Succeeded'],
        ['7', 'Pending'],
        ['8', 'Failed'],
      ],
      expectedCreations: 0, // only one of creations and deletions can happen in a sync
      expectedSucceeded: 1,
      expectedDeletions: 2,
      expectedCompletedIdxs: '0',
      expectedActive: 0,
      expectedFailed: 0,
      expectedTerminating: 2,
    },
    'suspending a job with satisfied expectations': {
      suspend: true,
      parallelism: 2,
      activePods: 2,
      completions: 4,
      backoffLimit: 6,
      expectedDeletions: 2,
      expectedActive: 0,
      expectedConditions: [cond('Suspended', 'JobSuspended', 'Job suspended')],
      expectedTerminating: 2,
    },
    'count ready pods when suspending a job with satisfied expectations': {
      suspend: true,
      parallelism: 2,
      activePods: 2,
      readyPods: 2,
      completions: 4,
      backoffLimit: 6,
      expectedDeletions: 2,
      expectedActive: 0,
      expectedReady: 0,
      expectedConditions: [cond('Suspended', 'JobSuspended', 'Job suspended')],
      expectedTerminating: 2,
    },
    'resuming a suspended job': {
      wasSuspended: true,
      suspend: false,
      parallelism: 2,
      completions: 4,
      backoffLimit: 6,
      expectedCreations: 2,
      expectedActive: 2,
      expectedConditions: [cond('Suspended', 'JobResumed', 'Job resumed', 'False')],
    },
    'suspending a deleted job': {
      suspend: true,
      deleting: true,
      parallelism: 2,
      activePods: 2,
      completions: 4,
      backoffLimit: 6,
      expectedDeletions: 0,
      expectedActive: 2,
    },
    'FailureTarget=False condition added manually is ignored': {
      parallelism: 1,
      completions: 1,
      activePods: 1,
      readyPods: 1,
      initialStatus: {
        active: 1,
        conditions: [{ type: FT, status: 'False', reason: 'ConditionAddedManually', message: 'Testing' }],
      },
      expectedActive: 1,
      expectedReady: 1,
      expectedConditions: [cond(FT, 'ConditionAddedManually', 'Testing', 'False')],
    },
    'SuccessCriteriaMet=False condition added manually is ignored': {
      parallelism: 1,
      completions: 1,
      activePods: 1,
      readyPods: 1,
      initialStatus: {
        active: 1,
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'False', reason: 'ConditionAddedManually', message: 'Testing' },
        ],
      },
      expectedActive: 1,
      expectedReady: 1,
      expectedConditions: [cond('SuccessCriteriaMet', 'ConditionAddedManually', 'Testing', 'False')],
    },
  };

  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.parallelism, tc.completions, tc.backoffLimit ?? 0, tc.indexed);
      job.spec.suspend = tc.suspend ?? false;
      if (tc.podReplacementPolicy) job.spec.podReplacementPolicy = tc.podReplacementPolicy;
      if (tc.podFailurePolicy) job.spec.podFailurePolicy = tc.podFailurePolicy;
      if (tc.initialStatus) {
        job.status.startTime = NOW_S;
        job.status.active = tc.initialStatus.active ?? 0;
        job.status.succeeded = tc.initialStatus.succeeded ?? 0;
        job.status.failed = tc.initialStatus.failed ?? 0;
        if (tc.initialStatus.conditions) job.status.conditions = structuredClone(tc.initialStatus.conditions);
      }
      if (tc.wasSuspended) {
        (job.status.conditions ??= []).push({ type: 'Suspended', status: 'True', reason: 'JobSuspended' });
      }
      if (tc.deleting) job.metadata.deletionTimestamp = NOW_S;
      const pods = [
        ...podsByCount({
          pending: tc.pendingPods,
          active: tc.activePods,
          ready: tc.readyPods,
          succeeded: tc.succeededPods,
          failed: tc.failedPods,
          terminating: tc.terminatingPods,
        }),
        ...podsWithIndexes(tc.podsWithIndexes ?? []),
      ];
      const { r, created, deleted } = run(job, pods, { backoff: tc.backoffRecord, createLimit: tc.podLimit });
      const s = r.status;
      expect(created).toHaveLength(tc.expectedCreations ?? 0);
      expect(deleted).toHaveLength(tc.expectedDeletions ?? 0);
      expect(s.active).toBe(tc.expectedActive ?? 0);
      expect(s.ready).toBe(tc.expectedReady ?? 0);
      expect(s.succeeded).toBe(tc.expectedSucceeded ?? 0);
      expect(s.completedIndexes).toBe(tc.expectedCompletedIdxs);
      expect(s.failed).toBe(tc.expectedFailed ?? 0);
      expect(s.terminating).toBe(tc.expectedTerminating ?? 0);
      expect(conds(s)).toEqual(tc.expectedConditions);
      // startTime is set unless the Job is suspended (and never started).
      expect(s.startTime === undefined).toBe(tc.suspend === true);
      for (const p of created) {
        expect(p.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: 'foobar',
            uid: 'job-uid',
            controller: true,
          }),
        ]);
      }
      if (tc.indexed) {
        expect(createdIndexes(created)).toEqual(tc.expectedCreatedIndexes ?? []);
        for (const p of created) {
          const ix = p.metadata.annotations?.[COMPLETION_INDEX];
          expect(p.metadata.labels?.[COMPLETION_INDEX]).toBe(ix);
          expect(p.spec.hostname).toBe(`foobar-${ix}`);
          expect(p.metadata.generateName).toBe(`foobar-${ix}-`);
          expect(p.spec.containers[0]?.env).toEqual([
            {
              name: 'JOB_COMPLETION_INDEX',
              valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } },
            },
          ]);
        }
      } else {
        for (const p of created) expect(p.spec.hostname).toBeUndefined();
      }
      expect(r.backoffRequeueAfter).toBe(tc.expectedBackoffRequeue);
    });
  }

  it('limited pods: slow start stops at the failing batch (1, 2, 4, 8 = at most 15 create calls)', () => {
    const { createCalls, r } = run(newJob(100, 200, 6), [], { createLimit: 10 });
    expect(createCalls).toBe(15);
    expect(r.error).toMatch(/limit 10 reached/);
  });

  it('a rejected create: the batch is still attempted, the rest skipped, active excludes them, error reported', () => {
    const { created, createCalls, r } = run(newJob(5, 5, 6, true), [], { err: 'admission webhook denied' });
    // Batch 1 fails → stop: upstream counts the attempted create in Templates; nothing is active.
    expect(createCalls).toBe(1);
    expect(created).toHaveLength(1);
    expect(r.status.active).toBe(0);
    expect(r.error).toBe('admission webhook denied');
  });

  it('at most 500 pods are created in one sync', () => {
    const { created, r } = run(newJob(1000, 1000, 6), []);
    expect(created).toHaveLength(500);
    expect(r.status.active).toBe(500);
  });
});

describe('TestSyncJobPastDeadline (job_controller_test.go)', () => {
  interface Case {
    parallelism: number;
    completions: number;
    activeDeadlineSeconds: number;
    /** seconds before now */
    startTime: number;
    backoffLimit: number;
    suspend?: boolean;
    activePods?: number;
    succeededPods?: number;
    failedPods?: number;
    expectedDeletions?: number;
    expectedSucceeded?: number;
    expectedFailed?: number;
    expectedConditions: Cond[];
  }
  const cases: Record<string, Case> = {
    // upstream "activeDeadlineSeconds exceeded; JobPodReplacementPolicy enabled" shape: the pod still terminates
    'activeDeadlineSeconds less than single pod execution': {
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      activePods: 1,
      expectedDeletions: 1,
      expectedFailed: 1,
      expectedConditions: [cond(FT, DEADLINE, DEADLINE_MSG)],
    },
    'activeDeadlineSeconds bigger than single pod execution': {
      parallelism: 1,
      completions: 2,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      activePods: 1,
      succeededPods: 1,
      expectedDeletions: 1,
      expectedSucceeded: 1,
      expectedFailed: 1,
      expectedConditions: [cond(FT, DEADLINE, DEADLINE_MSG)],
    },
    'activeDeadlineSeconds times-out before any pod starts': {
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 10,
      startTime: 10,
      backoffLimit: 6,
      expectedConditions: failedBy(DEADLINE, DEADLINE_MSG),
    },
    'activeDeadlineSeconds with backofflimit reach': {
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 1,
      startTime: 10,
      backoffLimit: 0,
      failedPods: 1,
      expectedFailed: 1,
      expectedConditions: failedBy(BLE, BLE_MSG),
    },
    'activeDeadlineSeconds is not triggered when Job is suspended': {
      suspend: true,
      parallelism: 1,
      completions: 2,
      activeDeadlineSeconds: 10,
      startTime: 15,
      backoffLimit: 6,
      expectedConditions: [cond('Suspended', 'JobSuspended', 'Job suspended')],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.parallelism, tc.completions, tc.backoffLimit);
      job.spec.activeDeadlineSeconds = tc.activeDeadlineSeconds;
      job.spec.suspend = tc.suspend ?? false;
      job.status.startTime = NOW_S - tc.startTime;
      const pods = podsByCount({ active: tc.activePods, succeeded: tc.succeededPods, failed: tc.failedPods });
      const { r, created, deleted } = run(job, pods);
      expect(created).toHaveLength(0);
      expect(deleted).toHaveLength(tc.expectedDeletions ?? 0);
      expect(r.status.active).toBe(0);
      expect(r.status.succeeded).toBe(tc.expectedSucceeded ?? 0);
      expect(r.status.failed).toBe(tc.expectedFailed ?? 0);
      expect(r.status.startTime).toBeDefined();
      expect(conds(r.status)).toEqual(tc.expectedConditions);
    });
  }

  it('before the deadline: a timer requeue at the deadline, nothing else', () => {
    const job = newJob(1, 1, 6);
    job.spec.activeDeadlineSeconds = 10;
    job.status.startTime = NOW_S - 4;
    const { r } = run(job, podsByCount({ active: 1 }));
    expect(r.requeueAfter).toBe(6e6);
    expect(r.status.conditions).toBeUndefined();
  });

  it('exactly at the deadline it is exceeded (now − startTime ≥ activeDeadlineSeconds)', () => {
    const job = newJob(1, 1, 6);
    job.spec.activeDeadlineSeconds = 10;
    job.status.startTime = NOW_S - 10;
    expect(conds(run(job, []).r.status)).toEqual(failedBy(DEADLINE, DEADLINE_MSG));
  });

  it('suspended: no timer (the deadline clock stops)', () => {
    const job = newJob(1, 1, 6);
    job.spec.activeDeadlineSeconds = 10;
    job.spec.suspend = true;
    job.status.startTime = NOW_S - 4;
    expect(run(job, []).r.requeueAfter).toBeUndefined();
  });

  it('resume resets startTime, so the deadline counts from the resume', () => {
    const job = newJob(1, 1, 6);
    job.spec.activeDeadlineSeconds = 10;
    job.status.startTime = NOW_S - 100;
    job.status.conditions = [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }];
    const { r } = run(job, []);
    // The deadline is judged on the old startTime before the resume in this sync (upstream order) ...
    expect(conds(r.status)).toEqual([
      cond('Suspended', 'JobSuspended', 'Job suspended'),
      ...failedBy(DEADLINE, DEADLINE_MSG),
    ]);
    // ... so a Job resumed after its deadline fails at once; within it, the clock restarts:
    const fresh = newJob(1, 1, 6);
    fresh.spec.activeDeadlineSeconds = 10;
    fresh.status.startTime = NOW_S - 4;
    fresh.status.conditions = [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }];
    const r2 = run(fresh, []).r;
    expect(r2.status.startTime).toBe(NOW_S);
    expect(conds(r2.status)).toEqual([cond('Suspended', 'JobResumed', 'Job resumed', 'False')]);
    expect(r2.events).toEqual([{ eventType: 'Normal', reason: 'Resumed', message: 'Job resumed' }]);
  });
});

describe('TestJobBackoffForOnFailure (job_controller_test.go)', () => {
  const cases: Record<
    string,
    {
      parallelism: number;
      completions: number;
      backoffLimit: number;
      suspend?: boolean;
      restartCounts: number[];
      podPhase: PodPhase;
      expectedActive: number;
      expectedSucceeded: number;
      expectedFailed: number;
      expectedConditions?: Cond[];
    }
  > = {
    'backoffLimit 0 should have 1 pod active': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      restartCounts: [0],
      podPhase: 'Running',
      expectedActive: 1,
      expectedSucceeded: 0,
      expectedFailed: 0,
    },
    'backoffLimit 1 with restartCount 0 should have 1 pod active': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 1,
      restartCounts: [0],
      podPhase: 'Running',
      expectedActive: 1,
      expectedSucceeded: 0,
      expectedFailed: 0,
    },
    'backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 1,
      restartCounts: [1],
      podPhase: 'Running',
      expectedActive: 0,
      expectedSucceeded: 0,
      expectedFailed: 1,
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
    },
    'backoffLimit 1 with restartCount 1 and podPending should have 0 pod active': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 1,
      restartCounts: [1],
      podPhase: 'Pending',
      expectedActive: 0,
      expectedSucceeded: 0,
      expectedFailed: 1,
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
    },
    'too many job failures with podRunning - single pod': {
      parallelism: 1,
      completions: 5,
      backoffLimit: 2,
      restartCounts: [2],
      podPhase: 'Running',
      expectedActive: 0,
      expectedSucceeded: 0,
      expectedFailed: 1,
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
    },
    'too many job failures with podPending - multiple pods': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 2,
      restartCounts: [1, 1],
      podPhase: 'Pending',
      expectedActive: 0,
      expectedSucceeded: 0,
      expectedFailed: 2,
      expectedConditions: [cond(FT, BLE, BLE_MSG)],
    },
    'not enough failures': {
      parallelism: 2,
      completions: 5,
      backoffLimit: 3,
      restartCounts: [1, 1],
      podPhase: 'Running',
      expectedActive: 2,
      expectedSucceeded: 0,
      expectedFailed: 0,
    },
    'suspending a job': {
      parallelism: 2,
      completions: 4,
      backoffLimit: 6,
      suspend: true,
      restartCounts: [1, 1],
      podPhase: 'Running',
      expectedActive: 0,
      expectedSucceeded: 0,
      expectedFailed: 0,
      expectedConditions: [cond('Suspended', 'JobSuspended', 'Job suspended')],
    },
    'finished job': {
      parallelism: 2,
      completions: 4,
      backoffLimit: 6,
      suspend: true,
      restartCounts: [1, 1, 2, 0],
      podPhase: 'Succeeded',
      expectedActive: 0,
      expectedSucceeded: 4,
      expectedFailed: 0,
      expectedConditions: completed,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.parallelism, tc.completions, tc.backoffLimit);
      job.spec.template.spec.restartPolicy = 'OnFailure';
      job.spec.suspend = tc.suspend ?? false;
      const pods = tc.restartCounts.map((n) => {
        const b = buildPod().phase(tc.podPhase);
        b.Pod.status.containerStatuses = [{ name: 'c', restartCount: n }];
        return b.Pod;
      });
      const { r } = run(job, pods);
      expect(r.status.active).toBe(tc.expectedActive);
      expect(r.status.succeeded).toBe(tc.expectedSucceeded);
      expect(r.status.failed).toBe(tc.expectedFailed);
      expect(conds(r.status)).toEqual(tc.expectedConditions);
    });
  }
});

describe('TestJobBackoffOnRestartPolicyNever (job_controller_test.go)', () => {
  const cases: Record<
    string,
    {
      parallelism: number;
      completions: number;
      backoffLimit: number;
      activePods: number;
      failedPods: number;
      expectedActive: number;
      expectedFailed: number;
      expectedConditions?: Cond[];
    }
  > = {
    'not enough failures with backoffLimit 0 - single pod': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      activePods: 1,
      failedPods: 0,
      expectedActive: 1,
      expectedFailed: 0,
    },
    'not enough failures with backoffLimit 1 - single pod': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 1,
      activePods: 0,
      failedPods: 1,
      expectedActive: 1,
      expectedFailed: 1,
    },
    'too many failures with backoffLimit 1 - single pod': {
      parallelism: 1,
      completions: 1,
      backoffLimit: 1,
      activePods: 0,
      failedPods: 2,
      expectedActive: 0,
      expectedFailed: 2,
      expectedConditions: failedBy(BLE, BLE_MSG),
    },
    'not enough failures with backoffLimit 6 - multiple pods': {
      parallelism: 2,
      completions: 2,
      backoffLimit: 6,
      activePods: 1,
      failedPods: 6,
      expectedActive: 2,
      expectedFailed: 6,
    },
    'too many failures with backoffLimit 6 - multiple pods': {
      parallelism: 2,
      completions: 2,
      backoffLimit: 6,
      activePods: 0,
      failedPods: 7,
      expectedActive: 0,
      expectedFailed: 7,
      expectedConditions: failedBy(BLE, BLE_MSG),
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.parallelism, tc.completions, tc.backoffLimit);
      job.spec.template.spec.restartPolicy = 'Never';
      const { r } = run(job, podsByCount({ failed: tc.failedPods, active: tc.activePods }));
      expect(r.status.active).toBe(tc.expectedActive);
      expect(r.status.succeeded).toBe(0);
      expect(r.status.failed).toBe(tc.expectedFailed);
      expect(conds(r.status)).toEqual(tc.expectedConditions);
    });
  }
});

describe('TestSyncJobWithJobPodFailurePolicy (job_controller_test.go)', () => {
  const onExitCodeRules: PodFailurePolicyRule[] = [
    { action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 2, 3] } },
    { action: 'FailJob', onExitCodes: { operator: 'In', values: [5, 6, 7] } },
  ];
  const terminated = (name: string, exitCode: number, finishedAt?: number): ContainerStatus =>
    ({
      name,
      restartCount: 0,
      state: { terminated: { exitCode, ...(finishedAt !== undefined ? { finishedAt } : {}) } },
    }) as unknown as ContainerStatus;
  const disruption: PodCondition = { type: 'DisruptionTarget', status: 'True' };

  interface Case {
    parallelism?: number;
    completions?: number;
    backoffLimit: number;
    indexed?: boolean;
    rules: PodFailurePolicyRule[];
    pods: { status: PodStatus & { initContainerStatuses?: ContainerStatus[] }; deletionTimestamp?: number }[];
    conditions?: Cond[];
    active: number;
    failed: number;
    terminating?: number;
  }
  const failedPod = (containerStatuses: ContainerStatus[], conditions?: PodCondition[]) => ({
    status: { phase: 'Failed' as const, containerStatuses, ...(conditions ? { conditions } : {}) },
  });
  const msg0 = (c: string, code: number, rule: number) =>
    `Container ${c} for pod default/mypod-0 failed with exit code ${code} matching FailJob rule at index ${rule}`;
  const cases: Record<string, Case> = {
    'default handling for pod failure if the container matching the exit codes does not match the containerName restriction':
      {
        backoffLimit: 6,
        rules: [
          { action: 'Ignore', onExitCodes: { containerName: 'main-container', operator: 'In', values: [1, 2, 3] } },
          { action: 'FailJob', onExitCodes: { containerName: 'main-container', operator: 'In', values: [5, 6, 7] } },
        ],
        pods: [failedPod([terminated('monitoring-container', 5), terminated('main-container', 42, FINISHED_AT)])],
        active: 1,
        failed: 1,
      },
    'running pod should not result in job fail based on OnExitCodes': {
      backoffLimit: 6,
      rules: onExitCodeRules,
      pods: [{ status: { phase: 'Running', containerStatuses: [terminated('main-container', 5)] } }],
      active: 1,
      failed: 0,
    },
    'fail job based on OnExitCodes': {
      backoffLimit: 6,
      rules: onExitCodeRules,
      pods: [failedPod([terminated('main-container', 5)])],
      conditions: failedBy(PFP, msg0('main-container', 5, 1)),
      active: 0,
      failed: 1,
    },
    'fail job with multiple pods': {
      parallelism: 2,
      completions: 2,
      backoffLimit: 6,
      rules: onExitCodeRules,
      pods: [{ status: { phase: 'Running' } }, failedPod([terminated('main-container', 5)])],
      conditions: [
        cond(
          FT,
          PFP,
          'Container main-container for pod default/mypod-1 failed with exit code 5 matching FailJob rule at index 1',
        ),
      ],
      active: 0,
      failed: 2,
      terminating: 1, // the running pod is deleted: Failed waits for it
    },
    'fail indexed job based on OnExitCodes': {
      backoffLimit: 6,
      indexed: true,
      rules: onExitCodeRules,
      pods: [failedPod([terminated('main-container', 5)])],
      conditions: failedBy(PFP, msg0('main-container', 5, 1)),
      active: 0,
      failed: 1,
    },
    'fail job based on OnExitCodes with NotIn operator': {
      backoffLimit: 6,
      rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5, 6, 7] } }],
      pods: [failedPod([terminated('main-container', 42)])],
      conditions: failedBy(PFP, msg0('main-container', 42, 0)),
      active: 0,
      failed: 1,
    },
    'default handling job based on OnExitCodes with NotIn operator': {
      backoffLimit: 6,
      rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5, 6, 7] } }],
      pods: [failedPod([terminated('main-container', 5, FINISHED_AT)])],
      active: 1,
      failed: 1,
    },
    'fail job based on OnExitCodes for InitContainer': {
      backoffLimit: 6,
      rules: onExitCodeRules,
      pods: [
        {
          status: {
            phase: 'Failed',
            initContainerStatuses: [terminated('init-container', 5)],
            containerStatuses: [terminated('main-container', 143)],
          },
        },
      ],
      conditions: failedBy(PFP, msg0('init-container', 5, 1)),
      active: 0,
      failed: 1,
    },
    'ignore pod failure; both rules are matching, the first is executed only': {
      backoffLimit: 0,
      rules: onExitCodeRules,
      pods: [failedPod([terminated('container1', 2), terminated('container2', 6)])],
      active: 1,
      failed: 0,
    },
    'ignore pod failure based on OnExitCodes': {
      backoffLimit: 0,
      rules: onExitCodeRules,
      pods: [failedPod([terminated('', 1)])],
      active: 1,
      failed: 0,
    },
    'default job based on OnExitCodes': {
      backoffLimit: 0,
      rules: onExitCodeRules,
      pods: [failedPod([terminated('', 10)])],
      conditions: failedBy(BLE, BLE_MSG),
      active: 0,
      failed: 1,
    },
    'count pod failure based on OnExitCodes; both rules are matching, the first is executed only': {
      backoffLimit: 6,
      rules: [
        { action: 'Count', onExitCodes: { operator: 'In', values: [1, 2] } },
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [2, 3] } },
      ],
      pods: [failedPod([terminated('', 2, FINISHED_AT)])],
      active: 1,
      failed: 1,
    },
    'count pod failure based on OnPodConditions; both rules are matching, the first is executed only': {
      backoffLimit: 6,
      rules: [
        { action: 'Count', onPodConditions: [{ type: 'ResourceLimitExceeded', status: 'True' }] },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
      pods: [
        failedPod([terminated('', 0, FINISHED_AT)], [{ type: 'ResourceLimitExceeded', status: 'True' }, disruption]),
      ],
      active: 1,
      failed: 1,
    },
    'ignore pod failure based on OnPodConditions': {
      backoffLimit: 0,
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
      pods: [failedPod([], [disruption])],
      active: 1,
      failed: 0,
    },
    'ignore pod failure based on OnPodConditions, ignored failures delays pod recreation': {
      backoffLimit: 0,
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
      pods: [{ ...failedPod([], [disruption]), deletionTimestamp: NOW_S }],
      active: 0,
      failed: 0,
    },
    'fail job based on OnPodConditions': {
      backoffLimit: 6,
      rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
      pods: [failedPod([], [disruption])],
      conditions: failedBy(PFP, 'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'),
      active: 0,
      failed: 1,
    },
    'terminating Pod not considered failed when JobPodFailurePolicy is enabled and used': {
      completions: -1,
      backoffLimit: 0,
      rules: [{ action: 'Count', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
      pods: [{ status: { phase: 'Running' }, deletionTimestamp: NOW_S }],
      active: 0,
      failed: 0,
      terminating: 1, // upstream: nil with JobPodReplacementPolicy off
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.parallelism ?? 1, tc.completions ?? 1, tc.backoffLimit, tc.indexed);
      job.spec.podFailurePolicy = { rules: tc.rules };
      job.spec.podReplacementPolicy = 'Failed'; // the default with a podFailurePolicy
      const pods = tc.pods.map((p, i) => {
        const b = buildPod().name(`mypod-${i}`).status(structuredClone(p.status));
        if (tc.indexed) b.index(String(i));
        if (p.deletionTimestamp !== undefined) b.deletionTimestamp(p.deletionTimestamp);
        return b.Pod;
      });
      const { r } = run(job, pods);
      expect(conds(r.status)).toEqual(tc.conditions);
      expect(r.status.active).toBe(tc.active);
      expect(r.status.succeeded).toBe(0);
      expect(r.status.failed).toBe(tc.failed);
      expect(r.status.terminating).toBe(tc.terminating ?? 0);
    });
  }

  it('job marked already as failure target with failed pod: Failed copies its reason and message', () => {
    for (const podName of ['mypod-0', 'already-deleted-pod']) {
      const job = newJob(1, 1, 6);
      job.spec.podFailurePolicy = { rules: onExitCodeRules };
      job.spec.podReplacementPolicy = 'Failed';
      const message = `Container main-container for pod default/${podName} failed with exit code 5 matching FailJob rule at index 1`;
      job.status.conditions = [{ type: FT, status: 'True', reason: PFP, message }];
      const pod = buildPod()
        .name('mypod-0')
        .status({ phase: 'Failed', containerStatuses: [terminated('main-container', 5)] }).Pod;
      const { r } = run(job, [pod]);
      expect(conds(r.status)).toEqual(failedBy(PFP, message));
      expect(r.status.failed).toBe(1);
      expect(r.events).toEqual([{ eventType: 'Warning', reason: PFP, message }]);
    }
  });
});

describe('TestSyncJobWithJobSuccessPolicy (job_controller_test.go)', () => {
  const successPolicy = { rules: [{ succeededIndexes: '0,1', succeededCount: 1 }] };
  const disruptionFailJob: JobSpec['podFailurePolicy'] = {
    rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
  };
  const disrupted = (uid: string, ix: string) =>
    buildPod()
      .uid(uid)
      .index(ix)
      .status({ phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] }).Pod;
  const scm = cond('SuccessCriteriaMet', SP, 'Matched rules at index 0');
  const complete = cond('Complete', SP, 'Matched rules at index 0');

  interface Case {
    n: number;
    backoffLimit?: number;
    backoffLimitPerIndex?: number;
    successPolicy?: JobSpec['successPolicy'];
    podFailurePolicy?: JobSpec['podFailurePolicy'];
    status?: JobStatus;
    pods: () => Pod[];
    counted?: string[];
    want: { failed: number; succeeded: number; terminating: number; completedIndexes?: string; failedIndexes?: string };
    conditions: Cond[];
  }
  const cases: Record<string, Case> = {
    'job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail': {
      n: 3,
      pods: () => [
        buildPod().uid('a1').index('0').phase('Failed').Pod,
        buildPod().uid('a2').index('0').phase('Running').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').Pod,
        buildPod().uid('c').index('2').phase('Running').Pod,
      ],
      want: { failed: 1, succeeded: 1, terminating: 2, completedIndexes: '1' },
      conditions: [scm],
    },
    "job with podFailurePolicy and successPolicy: SuccessCriteriaMet if job meets successPolicy and doesn't meet podFailurePolicy":
      {
        n: 2,
        podFailurePolicy: disruptionFailJob,
        pods: () => [
          buildPod().uid('a1').index('0').phase('Failed').Pod,
          buildPod().uid('a2').index('0').phase('Running').Pod,
          buildPod().uid('b').index('1').phase('Succeeded').Pod,
        ],
        want: { failed: 1, succeeded: 1, terminating: 1, completedIndexes: '1' },
        conditions: [scm],
      },
    "job with backoffLimitPerIndex and successPolicy: SuccessCriteriaMet if job meets successPolicy and doesn't meet backoffLimitPerIndex":
      {
        n: 2,
        backoffLimitPerIndex: 2,
        pods: () => [
          buildPod().uid('a1').index('0').phase('Failed').Pod,
          buildPod().uid('a2').index('0').phase('Running').Pod,
          buildPod().uid('b').index('1').phase('Succeeded').Pod,
        ],
        want: { failed: 1, succeeded: 1, terminating: 1, completedIndexes: '1', failedIndexes: '' },
        conditions: [scm],
      },
    'job has both Complete and SuccessCriteriaMet condition when job meets to successPolicy and all pods have been already removed':
      {
        n: 2,
        backoffLimitPerIndex: 2,
        status: { conditions: [{ ...scm }] },
        pods: () => [
          buildPod().uid('a').index('0').phase('Failed').Pod,
          buildPod().uid('b').index('1').phase('Succeeded').Pod,
        ],
        want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '' },
        conditions: [scm, complete],
      },
    'job has SuccessCriteriaMet condition when job meets to successPolicy and some pods still are running (#123775)': {
      n: 3,
      backoffLimitPerIndex: 3,
      status: { conditions: [{ ...scm }] },
      pods: () => [
        buildPod().uid('a1').index('0').phase('Failed').Pod,
        buildPod().uid('a2').index('1').phase('Running').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').Pod,
        buildPod().uid('c').index('2').phase('Running').Pod,
      ],
      want: { failed: 1, succeeded: 1, terminating: 2, completedIndexes: '1', failedIndexes: '' },
      conditions: [scm],
    },
    'job has a failed condition when job meets to both successPolicy and podFailurePolicy': {
      n: 2,
      podFailurePolicy: disruptionFailJob,
      pods: () => [
        disrupted('a1', '0'),
        buildPod().uid('a2').index('0').phase('Running').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').Pod,
      ],
      want: { failed: 2, succeeded: 1, terminating: 1, completedIndexes: '1' },
      conditions: [
        cond(FT, PFP, 'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'),
      ],
    },
    'job has a failed condition when job meets to both successPolicy and backoffLimitPerIndex': {
      n: 2,
      backoffLimitPerIndex: 1,
      pods: () => [
        buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').Pod,
      ],
      want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '0' },
      conditions: failedBy('FailedIndexes', 'Job has failed indexes'),
    },
    'job has a failed condition when job meets to both successPolicy and backoffLimit': {
      n: 2,
      backoffLimit: 1,
      pods: () => [
        buildPod().uid('a1').index('0').phase('Failed').Pod,
        buildPod().uid('a2').index('0').phase('Failed').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').Pod,
      ],
      want: { failed: 2, succeeded: 1, terminating: 0, completedIndexes: '1' },
      conditions: failedBy(BLE, BLE_MSG),
    },
    'job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets podFailurePolicy':
      {
        n: 2,
        successPolicy: { rules: [{ succeededCount: 1 }] },
        podFailurePolicy: disruptionFailJob,
        status: { failed: 0, succeeded: 1, terminating: 0, completedIndexes: '1', conditions: [{ ...scm }] },
        pods: () => [disrupted('a', '0'), buildPod().uid('b').index('1').phase('Succeeded').Pod],
        want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
        conditions: [scm, complete],
      },
    'job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meet backoffLimitPerIndex':
      {
        n: 2,
        backoffLimitPerIndex: 1,
        successPolicy: { rules: [{ succeededIndexes: '1' }] },
        status: { failed: 0, succeeded: 1, terminating: 0, completedIndexes: '1', conditions: [{ ...scm }] },
        pods: () => [
          buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod,
          buildPod().uid('b').index('1').phase('Succeeded').Pod,
        ],
        want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '0' },
        conditions: [scm, complete],
      },
    'job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets backoffLimit':
      {
        n: 2,
        backoffLimit: 1,
        status: { failed: 0, succeeded: 1, terminating: 0, completedIndexes: '1', conditions: [{ ...scm }] },
        pods: () => [
          buildPod().uid('a').index('0').phase('Failed').Pod,
          buildPod().uid('b').index('1').phase('Succeeded').Pod,
        ],
        want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
        conditions: [scm, complete],
      },
    'job with FailureTarget has never been transitioned to SuccessCriteriaMet even if job meets successPolicy': {
      n: 2,
      podFailurePolicy: disruptionFailJob,
      status: {
        failed: 1,
        succeeded: 0,
        terminating: 0,
        completedIndexes: '1',
        conditions: [
          cond(FT, PFP, 'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'),
        ],
      },
      pods: () => [disrupted('a', '0'), buildPod().uid('b').index('1').phase('Succeeded').Pod],
      counted: ['a'], // no tracking finalizer
      want: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
      conditions: failedBy(PFP, 'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'),
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.n, tc.n, tc.backoffLimit ?? MAX_INT32, true);
      job.spec.successPolicy = tc.successPolicy ?? successPolicy;
      if (tc.backoffLimitPerIndex !== undefined) job.spec.backoffLimitPerIndex = tc.backoffLimitPerIndex;
      if (tc.podFailurePolicy) {
        job.spec.podFailurePolicy = tc.podFailurePolicy;
        job.spec.podReplacementPolicy = 'Failed';
      }
      if (tc.status) job.status = structuredClone(tc.status);
      const pods = tc.pods().map((p, i) => {
        p.metadata.name = `mypod-${i}`;
        return p;
      });
      const { r } = run(job, pods, { counted: tc.counted });
      const s = r.status;
      expect({
        failed: s.failed,
        succeeded: s.succeeded,
        terminating: s.terminating,
        completedIndexes: s.completedIndexes,
        failedIndexes: s.failedIndexes,
      }).toEqual(tc.want);
      expect(s.active).toBe(0);
      expect(conds(s)).toEqual(tc.conditions);
    });
  }
});

describe('TestSyncJobWithJobBackoffLimitPerIndex (job_controller_test.go)', () => {
  const failJobOn3: JobSpec['podFailurePolicy'] = {
    rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }],
  };
  const exit3 = (uid: string, ix: string) =>
    buildPod()
      .uid(uid)
      .index(ix)
      .status({
        phase: 'Failed',
        containerStatuses: [{ name: 'x', restartCount: 0, state: { terminated: { exitCode: 3 } } }],
      })
      .indexFailureCount('0').Pod;

  interface Case {
    n: number;
    backoffLimit?: number;
    maxFailedIndexes?: number;
    podFailurePolicy?: JobSpec['podFailurePolicy'];
    pods: () => Pod[];
    want: JobStatus;
    conditions?: Cond[];
    createdIndexes?: number[];
    createdFailureCounts?: string[];
  }
  const cases: Record<string, Case> = {
    'successful job after a single failure within index': {
      n: 2,
      pods: () => [
        buildPod().uid('a1').index('0').phase('Failed').indexFailureCount('0').Pod,
        buildPod().uid('a2').index('0').phase('Succeeded').indexFailureCount('1').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').indexFailureCount('0').Pod,
      ],
      want: { active: 0, failed: 1, succeeded: 2, terminating: 0, completedIndexes: '0,1', failedIndexes: '' },
      conditions: completed,
    },
    'single failed pod, not counted as the replacement pod creation is delayed': {
      n: 2,
      pods: () => [buildPod().uid('a').index('0').phase('Failed').indexFailureCount('0').Pod],
      want: { active: 2, failed: 0, succeeded: 0, terminating: 0, failedIndexes: '' },
      createdIndexes: [0, 1],
      createdFailureCounts: ['1', '0'],
    },
    'single failed pod replaced already': {
      n: 2,
      pods: () => [
        buildPod().uid('a').index('0').phase('Failed').indexFailureCount('0').Pod,
        buildPod().uid('b').index('0').phase('Pending').indexFailureCount('1').Pod,
      ],
      want: { active: 2, failed: 1, succeeded: 0, terminating: 0, failedIndexes: '' },
      createdIndexes: [1],
      createdFailureCounts: ['0'],
    },
    'single failed index due to exceeding the backoff limit per index, the job continues': {
      n: 2,
      pods: () => [buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod],
      want: { active: 1, failed: 1, succeeded: 0, terminating: 0, failedIndexes: '0' },
      createdIndexes: [1],
    },
    'single failed index due to FailIndex action, the job continues': {
      n: 2,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] },
      pods: () => [exit3('a', '0')],
      want: { active: 1, failed: 1, succeeded: 0, terminating: 0, failedIndexes: '0' },
      createdIndexes: [1],
    },
    'job failed index due to FailJob action': {
      n: 2,
      backoffLimit: 6,
      podFailurePolicy: failJobOn3,
      pods: () => [exit3('a', '0')],
      want: { active: 0, failed: 1, succeeded: 0, terminating: 0, failedIndexes: '' },
      conditions: failedBy(
        PFP,
        'Container x for pod default/mypod-0 failed with exit code 3 matching FailJob rule at index 0',
      ),
    },
    'job pod failure ignored due to matching Ignore action': {
      n: 2,
      backoffLimit: 6,
      podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] },
      pods: () => [exit3('a', '0')],
      want: { active: 2, failed: 0, succeeded: 0, terminating: 0, failedIndexes: '' },
      createdIndexes: [0, 1],
    },
    'job failed due to exceeding backoffLimit before backoffLimitPerIndex': {
      n: 2,
      backoffLimit: 1,
      pods: () => [
        buildPod().uid('a').index('0').phase('Failed').indexFailureCount('0').Pod,
        buildPod().uid('b').index('1').phase('Failed').indexFailureCount('0').Pod,
      ],
      want: { active: 0, failed: 2, succeeded: 0, terminating: 0, failedIndexes: '' },
      conditions: failedBy(BLE, BLE_MSG),
    },
    'job failed due to failed indexes': {
      n: 2,
      pods: () => [
        buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').indexFailureCount('0').Pod,
      ],
      want: { active: 0, failed: 1, succeeded: 1, terminating: 0, failedIndexes: '0', completedIndexes: '1' },
      conditions: failedBy('FailedIndexes', 'Job has failed indexes'),
    },
    'job failed due to exceeding max failed indexes': {
      n: 4,
      maxFailedIndexes: 1,
      pods: () => [
        buildPod().uid('a').index('0').phase('Failed').indexFailureCount('1').Pod,
        buildPod().uid('b').index('1').phase('Succeeded').indexFailureCount('0').Pod,
        buildPod().uid('c').index('2').phase('Failed').indexFailureCount('1').Pod,
        buildPod().uid('d').index('3').phase('Running').indexFailureCount('0').Pod,
      ],
      want: { active: 0, failed: 3, succeeded: 1, terminating: 1, failedIndexes: '0,2', completedIndexes: '1' },
      conditions: [
        cond(FT, 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'),
      ],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const job = newJob(tc.n, tc.n, tc.backoffLimit ?? MAX_INT32, true);
      job.spec.backoffLimitPerIndex = 1;
      if (tc.maxFailedIndexes !== undefined) job.spec.maxFailedIndexes = tc.maxFailedIndexes;
      if (tc.podFailurePolicy) {
        job.spec.podFailurePolicy = tc.podFailurePolicy;
        job.spec.podReplacementPolicy = 'Failed';
      }
      const pods = tc.pods().map((p, i) => {
        p.metadata.name = `mypod-${i}`;
        return p;
      });
      const { r, created } = run(job, pods);
      const s = r.status;
      expect({
        active: s.active,
        failed: s.failed,
        succeeded: s.succeeded,
        terminating: s.terminating,
        completedIndexes: s.completedIndexes,
        failedIndexes: s.failedIndexes,
      }).toEqual({ completedIndexes: undefined, ...tc.want });
      expect(conds(s)).toEqual(tc.conditions);
      expect(createdIndexes(created)).toEqual(tc.createdIndexes ?? []);
      if (tc.createdFailureCounts) {
        const byIndex = [...created].sort(
          (a, b) =>
            Number(a.metadata.annotations?.[COMPLETION_INDEX]) - Number(b.metadata.annotations?.[COMPLETION_INDEX]),
        );
        expect(byIndex.map((p) => p.metadata.annotations?.[FAILURE_COUNT])).toEqual(tc.createdFailureCounts);
      }
    });
  }

  it('a failed pod of a pending index stays uncounted until its replacement exists, then is counted', () => {
    const job = newJob(1, 1, MAX_INT32, true);
    job.spec.backoffLimitPerIndex = 2;
    const failed = buildPod().uid('a').name('mypod-0').index('0').phase('Failed').indexFailureCount('0').Pod;
    // The failure was 3 s ago: the index waits 10 s (its first failure) → requeue after 7 s, nothing created.
    failed.status.containerStatuses = [
      { name: 'c', restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: NOW_S - 3 } } },
    ] as unknown as ContainerStatus[];
    const first = run(job, [failed]);
    expect(first.created).toHaveLength(0);
    expect(first.r.backoffRequeueAfter).toBe(7e6);
    expect(first.r.status.active).toBe(0);
    expect(first.r.counted).toEqual([]);
    expect(first.r.status.failed).toBe(0);
    // 7 s later the replacement is created with the index's failure count ...
    const second = run(job, [failed], { now: NOW + 7e6 });
    expect(createdIndexes(second.created)).toEqual([0]);
    expect(second.created[0]?.metadata.annotations?.[FAILURE_COUNT]).toBe('1');
    expect(second.r.status.failed).toBe(0);
    // ... and once it is seen active, the failed pod is counted.
    const replacement = buildPod().uid('b').index('0').phase('Running').indexFailureCount('1').Pod;
    const third = run(job, [failed, replacement], { now: NOW + 8e6 });
    expect(third.r.counted).toEqual(['a']);
    expect(third.r.status.failed).toBe(1);
    expect(third.r.status.failedIndexes).toBe('');
  });
});

describe('TestEnsureJobConditions (job_controller_test.go)', () => {
  const sus = (status: 'True' | 'False', reason: string): JobCondition => ({
    type: 'Suspended',
    status,
    reason,
    message: '',
  });
  const cases: {
    name: string;
    have: JobCondition[];
    status: 'True' | 'False';
    reason: string;
    expect: Cond[];
    updated: boolean;
  }[] = [
    {
      name: 'append true condition',
      have: [],
      status: 'True',
      reason: 'foo',
      expect: [sus('True', 'foo')],
      updated: true,
    },
    { name: 'append false condition', have: [], status: 'False', reason: 'foo', expect: [], updated: false },
    {
      name: 'update true condition reason',
      have: [sus('True', 'foo')],
      status: 'True',
      reason: 'bar',
      expect: [sus('True', 'bar')],
      updated: true,
    },
    {
      name: 'update true condition status',
      have: [sus('True', 'foo')],
      status: 'False',
      reason: 'foo',
      expect: [sus('False', 'foo')],
      updated: true,
    },
    {
      name: 'update false condition status',
      have: [sus('False', 'foo')],
      status: 'True',
      reason: 'foo',
      expect: [sus('True', 'foo')],
      updated: true,
    },
    {
      name: 'condition already exists',
      have: [sus('True', 'foo')],
      status: 'True',
      reason: 'foo',
      expect: [sus('True', 'foo')],
      updated: false,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const status: JobStatus = { conditions: structuredClone(tc.have) };
      expect(ensureJobConditionStatus(status, 'Suspended', tc.status, tc.reason, '', NOW)).toBe(tc.updated);
      expect(conds(status)).toEqual(tc.expect);
      if (tc.updated) expect(status.conditions?.[0]?.lastTransitionTime).toBe(NOW_S);
    });
  }
});

describe('sync: events, counting cap and no-op syncs', () => {
  it('a normal completion: SuccessCriteriaMet and Complete in the same sync, completionTime, Completed event', () => {
    const job = newJob(2, 2, 6);
    job.status = { startTime: 5, active: 2, ready: 0, succeeded: 0, failed: 0, terminating: 0 };
    const { r } = run(job, podsByCount({ succeeded: 2 }));
    expect(conds(r.status)).toEqual(completed);
    expect(r.status.completionTime).toBe(NOW_S);
    expect(r.events).toEqual([{ eventType: 'Normal', reason: 'Completed', message: 'Job completed' }]);
    expect(r.changed).toBe(true);
  });

  it('Complete waits for terminating pods: SuccessCriteriaMet only, then Complete once they are gone', () => {
    const job = newJob(2, 2, 6, true);
    job.spec.successPolicy = { rules: [{ succeededCount: 1 }] };
    const running = buildPod().index('1').phase('Running').ready().Pod;
    const first = run(job, [buildPod().index('0').phase('Succeeded').Pod, running]);
    expect(conds(first.r.status)).toEqual([cond('SuccessCriteriaMet', SP, 'Matched rules at index 0')]);
    expect(first.deleted).toEqual([running]);
    expect(first.r.status.terminating).toBe(1);
    expect(first.r.status.failed).toBe(0); // a pod deleted on success is not a failure
    expect(first.r.status.completionTime).toBeUndefined();
    job.status = first.r.status;
    // The deleted pod ended Failed; it was counted (as nothing) when the decision was taken.
    running.status.phase = 'Failed';
    const second = run(job, [buildPod().index('0').phase('Succeeded').Pod, running], { counted: first.r.counted });
    expect(conds(second.r.status)).toEqual([
      cond('SuccessCriteriaMet', SP, 'Matched rules at index 0'),
      cond('Complete', SP, 'Matched rules at index 0'),
    ]);
    expect(second.r.status.failed).toBe(0);
  });

  it('suspend: a Suspended event once; pods deleted on suspend are never counted as failed', () => {
    const job = newJob(2, 2, 6);
    job.spec.suspend = true;
    job.status.startTime = 5;
    const pods = podsByCount({ active: 2 });
    const first = run(job, pods);
    expect(first.r.events).toEqual([{ eventType: 'Normal', reason: 'Suspended', message: 'Job suspended' }]);
    expect(first.r.counted.sort()).toEqual(pods.map((p) => p.metadata.uid).sort());
    job.status = first.r.status;
    for (const p of pods) p.status.phase = 'Failed';
    const second = run(job, pods, { counted: first.r.counted });
    expect(second.r.status.failed).toBe(0);
    expect(second.r.events).toEqual([]);
    expect(second.r.changed).toBe(true); // terminating 2 → 0
    job.status = second.r.status;
    const third = run(job, pods, { counted: first.r.counted });
    expect(third.r.changed).toBe(false);
  });

  it('at most 500 finished pods are counted per sync (MaxUncountedPods); the Job finishes a sync later', () => {
    const job = newJob(600, 600, 6);
    const pods = podsByCount({ succeeded: 600 });
    const first = run(job, pods);
    expect(first.r.status.succeeded).toBe(500);
    expect(first.r.status.conditions).toEqual([expect.objectContaining({ type: 'SuccessCriteriaMet' })]);
    job.status = first.r.status;
    const second = run(job, pods, { counted: first.r.counted });
    expect(second.r.status.succeeded).toBe(600);
    expect(conds(second.r.status)).toEqual(completed);
  });

  it('a finished Job is left alone', () => {
    const job = newJob(1, 1, 6);
    job.status.conditions = [{ type: 'Complete', status: 'True' }];
    const { r, created } = run(job, []);
    expect(created).toHaveLength(0);
    expect(r.changed).toBe(false);
  });

  it('pod-failure backoff: 10 s after the first failure, then 20 s, counted from the last failure', () => {
    const job = newJob(1, 1, 6);
    job.status.startTime = 5;
    const failed = buildPod().phase('Failed').Pod;
    failed.status.containerStatuses = [
      { name: 'c', restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: NOW_S - 1 } } },
    ] as unknown as ContainerStatus[];
    const first = run(job, [failed]);
    expect(first.r.backoff).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: NOW - 1e6 });
    expect(first.created).toHaveLength(0);
    expect(first.r.backoffRequeueAfter).toBe(9e6);
    job.status = first.r.status;
    const second = run(job, [failed], { counted: first.r.counted, backoff: first.r.backoff, now: NOW + 9e6 });
    expect(second.created).toHaveLength(1);
    // A second failure 2 s after: 20 s from it.
    const failed2 = buildPod().phase('Failed').Pod;
    failed2.status.containerStatuses = [
      { name: 'c', restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: NOW_S + 11 } } },
    ] as unknown as ContainerStatus[];
    const third = run(job, [failed, failed2], {
      counted: first.r.counted,
      backoff: second.r.backoff,
      now: NOW + 12e6,
    });
    expect(third.r.backoff.failuresAfterLastSuccess).toBe(2);
    expect(third.r.backoffRequeueAfter).toBe(19e6);
  });
});
