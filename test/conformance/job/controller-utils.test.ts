// Indexed-Job and backoff helpers, translated from kubernetes/kubernetes pkg/controller/job:
// indexed_job_utils_test.go (TestCalculateSucceededIndexes, TestIsIndexFailed, TestCalculateFailedIndexes,
// TestGetPodsWithDelayedDeletionPerIndex, TestGetNewIndexFailureCountValue, TestIntervalsHaveIndex,
// TestFirstPendingIndexes, TestAppendDuplicatedIndexPodsForRemoval, TestPodGenerateNameWithIndex,
// TestGetIndexFailureCount) and backoff_utils_test.go (TestNewBackoffRecord, TestGetFinishedTime,
// TestGetRemainingBackoffTime, TestGetRemainingBackoffTimePerIndex). Times: upstream's defaultTestTime is
// T = 1000 s; µs where the function takes µs.
import { describe, expect, it } from 'vitest';
import type { Job, JobSpec } from '../../../src/api/batch.js';
import type { ContainerStatus, Pod, PodCondition, PodPhase } from '../../../src/api/core.js';
import {
  type BackoffRecord,
  getFinishedTime,
  getRemainingTime,
  getRemainingTimePerIndex,
  newBackoffRecord,
} from '../../../src/controllers/job/backoff.js';
import {
  appendDuplicatedIndexPodsForRemoval,
  calculateFailedIndexes,
  calculateSucceededIndexes,
  firstPendingIndexes,
  formatIntervals,
  getIndexFailureCount,
  getNewIndexFailureCounts,
  getPodsWithDelayedDeletionPerIndex,
  has,
  type Interval,
  isIndexFailed,
  merge,
  parseIndexes,
  total,
} from '../../../src/controllers/job/indexed.js';
import { isActive, podGenerateNameWithIndex } from '../../../src/controllers/job/pods.js';

const T = 1000; // s
const US = 1e6;
const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const NO_INDEX = '-';

const iv = (...pairs: [number, number][]): Interval[] => pairs.map(([first, last]) => ({ first, last }));

function job(spec: Partial<JobSpec>, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'foobar', namespace: 'default', uid: 'job', resourceVersion: '1', creationTimestamp: 0 },
    spec: { completionMode: 'Indexed', template: { spec: { containers: [] } }, ...spec },
    status,
  };
}

class PodBuilder {
  readonly Pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'p', resourceVersion: '1', creationTimestamp: 0 },
    spec: { containers: [] },
    status: { phase: 'Pending' },
  };
  uid(u: string): this {
    this.Pod.metadata.uid = u;
    this.Pod.metadata.name = u;
    return this;
  }
  index(i: string): this {
    (this.Pod.metadata.annotations ??= {})[COMPLETION_INDEX] = i;
    return this;
  }
  indexFailureCount(v: string): this {
    (this.Pod.metadata.annotations ??= {})['batch.kubernetes.io/job-index-failure-count'] = v;
    return this;
  }
  indexIgnoredFailureCount(v: string): this {
    (this.Pod.metadata.annotations ??= {})['batch.kubernetes.io/job-index-ignored-failure-count'] = v;
    return this;
  }
  phase(p: PodPhase): this {
    this.Pod.status.phase = p;
    return this;
  }
  status(s: Pod['status']): this {
    this.Pod.status = s;
    return this;
  }
  deletionTimestamp(t: number): this {
    this.Pod.metadata.deletionTimestamp = t;
    return this;
  }
}
const buildPod = () => new PodBuilder();

/** hollowPodsWithIndexPhase upstream. */
function hollow(list: [string, PodPhase][]): Pod[] {
  return list.map(([ix, phase], k) => {
    const b = buildPod().uid(`h${k}`).phase(phase);
    if (ix !== NO_INDEX) b.index(ix);
    return b.Pod;
  });
}
const toIndexPhases = (pods: Pod[]) =>
  pods.map((p) => [p.metadata.annotations?.[COMPLETION_INDEX] ?? NO_INDEX, p.status.phase]);
const allTracked = () => true;

describe('ordered intervals (indexed_job_utils.go orderedIntervals)', () => {
  it('String: singletons, pairs as "a,b", runs as "a-b"', () => {
    expect(formatIntervals(iv([0, 0], [2, 3], [5, 9]))).toBe('0,2,3,5-9');
    expect(formatIntervals([])).toBe('');
  });
  it('merge joins adjacent and overlapping intervals', () => {
    expect(merge(iv([0, 2], [8, 9]), iv([3, 4], [6, 6], [9, 12]))).toEqual(iv([0, 4], [6, 6], [8, 12]));
  });
  it('total counts indexes', () => {
    expect(total(iv([0, 2], [5, 5]))).toBe(4);
  });
  it('parseIndexes stops at the first interval beyond completions and cuts the last one', () => {
    expect(parseIndexes('0-2,4,7-20,30', 10)).toEqual(iv([0, 2], [4, 4], [7, 9]));
    expect(parseIndexes('0,1,2,5', 10)).toEqual(iv([0, 2], [5, 5]));
  });
});

describe('TestCalculateSucceededIndexes (indexed_job_utils_test.go)', () => {
  const cases: Record<
    string,
    {
      prevSucceeded?: string;
      pods?: [string, PodPhase][];
      completions: number;
      wantStatus: Interval[];
      want: Interval[];
    }
  > = {
    'one index': { pods: [['1', 'Succeeded']], completions: 2, wantStatus: [], want: iv([1, 1]) },
    'two separate': {
      pods: [
        ['2', 'Failed'],
        ['5', 'Succeeded'],
        ['5', 'Succeeded'],
        ['10', 'Failed'],
        ['10', 'Succeeded'],
      ],
      completions: 11,
      wantStatus: [],
      want: iv([5, 5], [10, 10]),
    },
    'two intervals': {
      pods: [
        ['0', 'Running'],
        ['1', 'Pending'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['6', 'Succeeded'],
        ['7', 'Succeeded'],
      ],
      completions: 8,
      wantStatus: [],
      want: iv([2, 3], [5, 7]),
    },
    'one index and one interval': {
      pods: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [NO_INDEX, 'Succeeded'],
        ['-2', 'Succeeded'],
      ],
      completions: 6,
      wantStatus: [],
      want: iv([0, 0], [2, 5]),
    },
    'out of range': {
      pods: [
        ['0', 'Succeeded'],
        ['1', 'Succeeded'],
        ['2', 'Succeeded'],
        ['3', 'Failed'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [NO_INDEX, 'Succeeded'],
        ['-2', 'Succeeded'],
      ],
      completions: 5,
      wantStatus: [],
      want: iv([0, 2], [4, 4]),
    },
    'prev interval out of range': {
      prevSucceeded: '0-5,8-10',
      completions: 8,
      wantStatus: iv([0, 5]),
      want: iv([0, 5]),
    },
    'prev interval partially out of range': {
      prevSucceeded: '0-5,8-10',
      completions: 10,
      wantStatus: iv([0, 5], [8, 9]),
      want: iv([0, 5], [8, 9]),
    },
    'prev and new separate': {
      prevSucceeded: '0,4,5,10-12',
      pods: [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
      ],
      completions: 13,
      wantStatus: iv([0, 0], [4, 5], [10, 12]),
      want: iv([0, 0], [2, 2], [4, 5], [7, 8], [10, 12]),
    },
    'prev between new': {
      prevSucceeded: '3,4,6',
      pods: [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
      ],
      completions: 9,
      wantStatus: iv([3, 4], [6, 6]),
      want: iv([2, 4], [6, 8]),
    },
    'new between prev': {
      prevSucceeded: '2,7,8',
      pods: [
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['6', 'Succeeded'],
      ],
      completions: 9,
      wantStatus: iv([2, 2], [7, 8]),
      want: iv([2, 4], [6, 8]),
    },
    'new within prev': {
      prevSucceeded: '2-7',
      pods: [
        ['0', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['9', 'Succeeded'],
      ],
      completions: 10,
      wantStatus: iv([2, 7]),
      want: iv([0, 0], [2, 7], [9, 9]),
    },
    'corrupted interval': {
      prevSucceeded: '0,1-foo,bar',
      pods: [['3', 'Succeeded']],
      completions: 4,
      wantStatus: iv([0, 0]),
      want: iv([0, 0], [3, 3]),
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const j = job({ completions: tc.completions }, { completedIndexes: tc.prevSucceeded });
      const { prev, all } = calculateSucceededIndexes(j, hollow(tc.pods ?? []), allTracked);
      expect(prev).toEqual(tc.wantStatus);
      expect(all).toEqual(tc.want);
    });
  }
});

describe('TestIsIndexFailed (indexed_job_utils_test.go)', () => {
  const exit3: Pod['status'] = {
    phase: 'Failed',
    containerStatuses: [{ name: '', restartCount: 0, state: { terminated: { exitCode: 3 } } }],
  };
  const cases: Record<string, { spec: Partial<JobSpec>; pod: Pod; want: boolean }> = {
    'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=0': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      pod: buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
      want: true,
    },
    'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=1': {
      spec: { completions: 2, backoffLimitPerIndex: 1 },
      pod: buildPod().indexFailureCount('1').phase('Failed').index('1').Pod,
      want: true,
    },
    'matching FailIndex pod failure policy': {
      spec: {
        completions: 2,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] },
      },
      pod: buildPod().indexFailureCount('0').status(exit3).index('0').Pod,
      want: true,
    },
    // Beyond the upstream table:
    'failed pod below backoffLimitPerIndex': {
      spec: { completions: 2, backoffLimitPerIndex: 1 },
      pod: buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
      want: false,
    },
    'ignored failure never fails the index': {
      spec: {
        completions: 2,
        backoffLimitPerIndex: 0,
        podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] },
      },
      pod: buildPod().indexFailureCount('5').status(exit3).index('0').Pod,
      want: false,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(isIndexFailed(job(tc.spec), tc.pod)).toBe(tc.want));
  }
});

describe('TestCalculateFailedIndexes (indexed_job_utils_test.go)', () => {
  const cases: Record<
    string,
    { spec: Partial<JobSpec>; failedIndexes?: string; pods: Pod[]; untracked?: boolean; want: Interval[] }
  > = {
    'one new index failed': {
      spec: { completions: 2, backoffLimitPerIndex: 1 },
      pods: [
        buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().indexFailureCount('1').phase('Failed').index('1').Pod,
      ],
      want: iv([1, 1]),
    },
    'pod without finalizer is ignored': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      pods: [buildPod().indexFailureCount('0').phase('Failed').index('0').Pod],
      untracked: true,
      want: [],
    },
    'pod outside completions is ignored': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      pods: [buildPod().indexFailureCount('0').phase('Failed').index('3').Pod],
      want: [],
    },
    'extend the failed indexes': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      failedIndexes: '0',
      pods: [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      want: iv([0, 1]),
    },
    'prev failed indexes empty': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      failedIndexes: '',
      pods: [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      want: iv([1, 1]),
    },
    'prev failed indexes outside the completions': {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      failedIndexes: '9',
      pods: [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      want: iv([1, 1]),
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const j = job(tc.spec, tc.failedIndexes !== undefined ? { failedIndexes: tc.failedIndexes } : {});
      expect(calculateFailedIndexes(j, tc.pods, () => !tc.untracked)).toEqual(tc.want);
    });
  }
});

describe('TestGetPodsWithDelayedDeletionPerIndex (indexed_job_utils_test.go)', () => {
  const cases: Record<
    string,
    { spec: Partial<JobSpec>; pods: Pod[]; expectedRmFinalizers?: string[]; want: string[] }
  > = {
    'failed pods are kept corresponding to non-failed indexes are kept': {
      spec: { completions: 3, backoffLimitPerIndex: 1 },
      pods: [
        buildPod().uid('a').indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().uid('b').indexFailureCount('1').phase('Failed').index('1').Pod,
        buildPod().uid('c').indexFailureCount('0').phase('Failed').index('2').Pod,
      ],
      want: ['a', 'c'],
    },
    "failed pod with expected finalizer removal; the pod's deletion is not delayed as it already started": {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      pods: [buildPod().uid('a').indexFailureCount('0').phase('Failed').index('0').Pod],
      expectedRmFinalizers: ['a'],
      want: [],
    },
    "failed pod with index outside of completions; the pod's deletion is not delayed": {
      spec: { completions: 2, backoffLimitPerIndex: 0 },
      pods: [buildPod().uid('a').indexFailureCount('0').phase('Failed').index('4').Pod],
      want: [],
    },
    "failed pod for active index; the pod's deletion is not delayed as it is already replaced": {
      spec: { completions: 2, backoffLimitPerIndex: 1 },
      pods: [
        buildPod().uid('a1').indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().uid('a2').indexFailureCount('1').phase('Running').index('0').Pod,
      ],
      want: [],
    },
    "failed pod for succeeded index; the pod's deletion is not delayed as it is already replaced": {
      spec: { completions: 2, backoffLimitPerIndex: 1 },
      pods: [
        buildPod().uid('a1').indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().uid('a2').indexFailureCount('1').phase('Succeeded').index('0').Pod,
      ],
      want: [],
    },
    'multiple failed pods for index with different failure count; only the pod with highest failure count is kept': {
      spec: { completions: 2, backoffLimitPerIndex: 4 },
      pods: [
        buildPod().uid('a1').indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().uid('a3').indexFailureCount('2').phase('Failed').index('0').Pod,
        buildPod().uid('a2').indexFailureCount('1').phase('Failed').index('0').Pod,
      ],
      want: ['a3'],
    },
    'multiple failed pods for index with different finish times; only the last failed pod is kept': {
      spec: { completions: 2, backoffLimitPerIndex: 4 },
      pods: [
        buildPod()
          .uid('a1')
          .indexFailureCount('1')
          .phase('Failed')
          .index('0')
          .deletionTimestamp(T - 1).Pod,
        buildPod().uid('a3').indexFailureCount('1').phase('Failed').index('0').deletionTimestamp(T).Pod,
        buildPod()
          .uid('a2')
          .indexFailureCount('1')
          .phase('Failed')
          .index('0')
          .deletionTimestamp(T - 2).Pod,
      ],
      want: ['a3'],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const j = job(tc.spec);
      const rm = new Set(tc.expectedRmFinalizers ?? []);
      const tracked = (p: Pod) => !rm.has(p.metadata.uid);
      const failedIndexes = calculateFailedIndexes(j, tc.pods, tracked);
      const { all } = calculateSucceededIndexes(j, tc.pods, tracked);
      const got = getPodsWithDelayedDeletionPerIndex(j, tc.pods, tracked, {
        activePods: tc.pods.filter(isActive),
        succeededIndexes: all,
        failedIndexes,
      });
      expect([...got.values()].map((p) => p.metadata.uid).sort()).toEqual(tc.want);
    });
  }
});

describe('TestGetNewIndexFailureCountValue (indexed_job_utils_test.go)', () => {
  const ignoreDisruption: JobSpec['podFailurePolicy'] = {
    rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
  };
  const cases: Record<string, { spec?: Partial<JobSpec>; pod?: Pod; want: [number, number] }> = {
    'first pod created': { want: [0, 0] },
    'failed pod being replaced with 0 index failure count': {
      pod: buildPod().uid('a').indexFailureCount('0').phase('Failed').index('0').Pod,
      want: [1, 0],
    },
    'failed pod being replaced with >0 index failure count': {
      pod: buildPod().uid('a').indexFailureCount('3').phase('Failed').index('0').Pod,
      want: [4, 0],
    },
    'failed pod being replaced, matching the ignore rule': {
      spec: { podFailurePolicy: ignoreDisruption },
      pod: buildPod()
        .uid('a')
        .indexFailureCount('3')
        .status({ phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] })
        .index('3').Pod,
      want: [3, 1],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(getNewIndexFailureCounts(job(tc.spec ?? {}), tc.pod)).toEqual(tc.want));
  }
});

describe('TestIntervalsHaveIndex (indexed_job_utils_test.go)', () => {
  const cases: Record<string, { intervals: Interval[]; index: number; want: boolean }> = {
    empty: { intervals: [], index: 4, want: false },
    'before all': { intervals: iv([2, 4], [5, 7]), index: 1, want: false },
    'after all': { intervals: iv([2, 4], [6, 8]), index: 9, want: false },
    'in between': { intervals: iv([2, 4], [6, 8]), index: 5, want: false },
    'in first': { intervals: iv([2, 4], [6, 8]), index: 2, want: true },
    'in second': { intervals: iv([2, 4], [6, 8]), index: 8, want: true },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(has(tc.intervals, tc.index)).toBe(tc.want));
  }
});

describe('TestFirstPendingIndexes (indexed_job_utils_test.go)', () => {
  const cases: Record<
    string,
    {
      cnt: number;
      completions: number;
      activePods?: [string, PodPhase][];
      succeededIndexes?: Interval[];
      failedIndexes?: Interval[];
      terminating?: [string, PodPhase][];
      want: number[];
    }
  > = {
    'cnt greater than completions': { cnt: 5, completions: 3, want: [0, 1, 2] },
    'cnt less than completions': { cnt: 2, completions: 5, want: [0, 1] },
    'first pods active': {
      activePods: [
        ['0', 'Running'],
        ['1', 'Pending'],
      ],
      cnt: 3,
      completions: 10,
      want: [2, 3, 4],
    },
    'last pods active or succeeded': {
      activePods: [['6', 'Pending']],
      succeededIndexes: iv([4, 5]),
      cnt: 6,
      completions: 6,
      want: [0, 1, 2, 3],
    },
    mixed: {
      activePods: [
        ['3', 'Pending'],
        ['5', 'Running'],
        ['8', 'Pending'],
        [NO_INDEX, 'Running'],
        ['-3', 'Running'],
      ],
      succeededIndexes: iv([2, 4], [9, 9]),
      cnt: 5,
      completions: 20,
      want: [0, 1, 6, 7, 10],
    },
    'with failed indexes': {
      activePods: [
        ['3', 'Pending'],
        ['9', 'Pending'],
      ],
      succeededIndexes: iv([1, 1], [5, 5], [9, 9]),
      failedIndexes: iv([2, 2], [6, 7]),
      cnt: 5,
      completions: 20,
      want: [0, 4, 8, 10, 11],
    },
    // Beyond the upstream table: podReplacementPolicy Failed keeps a terminating pod's index.
    'terminating pods block their index (podReplacementPolicy Failed)': {
      activePods: [['1', 'Running']],
      terminating: [['0', 'Running']],
      cnt: 2,
      completions: 4,
      want: [2, 3],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const got = firstPendingIndexes(
        {
          activePods: hollow(tc.activePods ?? []),
          succeededIndexes: tc.succeededIndexes ?? [],
          failedIndexes: tc.failedIndexes,
          terminatingPods: tc.terminating ? hollow(tc.terminating) : undefined,
        },
        tc.cnt,
        tc.completions,
      );
      expect(got).toEqual(tc.want);
    });
  }
});

describe('TestAppendDuplicatedIndexPodsForRemoval (indexed_job_utils_test.go)', () => {
  const cases: Record<
    string,
    { pods: [string, PodPhase][]; wantRm: [string, PodPhase][]; wantLeft: [string, PodPhase][]; completions: number }
  > = {
    'all unique': {
      pods: [
        [NO_INDEX, 'Pending'],
        ['2', 'Pending'],
        ['5', 'Running'],
        ['6', 'Running'],
      ],
      wantRm: [
        [NO_INDEX, 'Pending'],
        ['6', 'Running'],
      ],
      wantLeft: [
        ['2', 'Pending'],
        ['5', 'Running'],
      ],
      completions: 6,
    },
    'all with index': {
      pods: [
        ['5', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['0', 'Running'],
        ['3', 'Running'],
        ['0', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending'],
      ],
      wantRm: [
        ['0', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending'],
      ],
      wantLeft: [
        ['0', 'Running'],
        ['3', 'Running'],
        ['5', 'Pending'],
      ],
      completions: 6,
    },
    mixed: {
      pods: [
        [NO_INDEX, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['0', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Running'],
      ],
      wantRm: [
        [NO_INDEX, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['1', 'Pending'],
        ['1', 'Pending'],
      ],
      wantLeft: [
        ['0', 'Pending'],
        ['1', 'Running'],
      ],
      completions: 6,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const { rm, left } = appendDuplicatedIndexPodsForRemoval([], [], hollow(tc.pods), tc.completions);
      expect(toIndexPhases(rm)).toEqual(tc.wantRm);
      expect(toIndexPhases(left)).toEqual(tc.wantLeft);
    });
  }
});

describe('TestPodGenerateNameWithIndex (indexed_job_utils_test.go)', () => {
  const cases: Record<string, { jobname: string; index: number; want: string }> = {
    'short job name': { jobname: 'indexed-job', index: 1, want: 'indexed-job-1-' },
    'job name exceeds MaxGeneneratedNameLength': {
      jobname: 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo',
      index: 1,
      want: 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-',
    },
    'job name with index suffix exceeds MaxGeneratedNameLength': {
      jobname: 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo',
      index: 1,
      want: 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-',
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(podGenerateNameWithIndex(tc.jobname, tc.index)).toBe(tc.want));
  }
});

describe('TestGetIndexFailureCount (indexed_job_utils_test.go)', () => {
  const cases: Record<string, { pod: Pod; want: number }> = {
    'no annotation': { pod: buildPod().Pod, want: 0 },
    'valid value': { pod: buildPod().indexFailureCount('2').Pod, want: 2 },
    'valid maxint32 value': { pod: buildPod().indexFailureCount('2147483647').Pod, want: 2147483647 },
    'too large value': { pod: buildPod().indexFailureCount('2147483648').Pod, want: 0 },
    'negative value': { pod: buildPod().indexFailureCount('-1').Pod, want: 0 },
    'invalid int value': { pod: buildPod().indexFailureCount('xyz').Pod, want: 0 },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(getIndexFailureCount(tc.pod)).toBe(tc.want));
  }
});

// ---------------------------------------------------------------------------------------------------------
// backoff_utils_test.go

function finishedPod(phase: PodPhase, finishedAt: number): Pod {
  return buildPod().status({
    phase,
    containerStatuses: [
      { name: '', restartCount: 0, state: { terminated: { exitCode: 0, finishedAt } } },
    ] as unknown as ContainerStatus[],
  }).Pod;
}

describe('TestNewBackoffRecord (backoff_utils_test.go)', () => {
  const ms = 1e-3;
  const cases: Record<string, { store?: BackoffRecord; succeeded: number[]; failed: number[]; want: BackoffRecord }> = {
    'Empty backoff store and one new failure': {
      succeeded: [],
      failed: [T],
      want: { failuresAfterLastSuccess: 1, lastFailureTime: T * US },
    },
    'Empty backoff store and two new failures': {
      succeeded: [],
      failed: [T, T - ms],
      want: { failuresAfterLastSuccess: 2, lastFailureTime: T * US },
    },
    'Empty backoff store, two failures followed by success': {
      succeeded: [T],
      failed: [T - 2 * ms, T - ms],
      want: { failuresAfterLastSuccess: 0 },
    },
    'Empty backoff store, two failures, one success and two more failures': {
      succeeded: [T - 2 * ms],
      failed: [T, T - 4 * ms, T - 3 * ms, T - ms],
      want: { failuresAfterLastSuccess: 2, lastFailureTime: T * US },
    },
    'Backoff store having failure count 2 and one new failure': {
      store: { failuresAfterLastSuccess: 2 },
      succeeded: [],
      failed: [T],
      want: { failuresAfterLastSuccess: 3, lastFailureTime: T * US },
    },
    'Empty backoff store with success and failure at same timestamp': {
      succeeded: [T],
      failed: [T],
      want: { failuresAfterLastSuccess: 0 },
    },
    'Empty backoff store with no success/failure': { succeeded: [], failed: [], want: { failuresAfterLastSuccess: 0 } },
    'Empty backoff store with one success': { succeeded: [T], failed: [], want: { failuresAfterLastSuccess: 0 } },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => {
      const got = newBackoffRecord(
        tc.store,
        tc.succeeded.map((t) => finishedPod('Succeeded', t)),
        tc.failed.map((t) => finishedPod('Failed', t)),
      );
      expect(got).toEqual(tc.want);
    });
  }
});

describe('TestGetFinishedTime (backoff_utils_test.go)', () => {
  const term = (finishedAt?: number): ContainerStatus =>
    ({
      name: '',
      restartCount: 0,
      state: { terminated: { exitCode: 0, ...(finishedAt !== undefined ? { finishedAt } : {}) } },
    }) as unknown as ContainerStatus;
  const running: ContainerStatus = { name: '', restartCount: 0, state: { running: { startedAt: 0 } } };
  const ready = (status: 'True' | 'False', at: number): PodCondition => ({
    type: 'Ready',
    status,
    lastTransitionTime: at,
  });
  const pod = (o: {
    containers?: ContainerStatus[];
    init?: ContainerStatus[];
    conditions?: PodCondition[];
    deletion?: number;
    grace?: number;
    creation?: number;
  }): Pod => {
    const p = buildPod().Pod;
    if (o.containers) p.status.containerStatuses = o.containers;
    if (o.init) (p.status as { initContainerStatuses?: ContainerStatus[] }).initContainerStatuses = o.init;
    if (o.conditions) p.status.conditions = o.conditions;
    if (o.deletion !== undefined) p.metadata.deletionTimestamp = o.deletion;
    if (o.grace !== undefined)
      (p.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds = o.grace;
    if (o.creation !== undefined) p.metadata.creationTimestamp = o.creation;
    return p;
  };
  const cases: Record<string, { pod: Pod; want: number }> = {
    'Pod with multiple containers and all containers terminated': {
      pod: pod({ containers: [term(T - 1), term(T), term(T - 2)] }),
      want: T,
    },
    'Pod with multiple containers; two containers in terminated state and one in running state; fallback to deletionTimestamp':
      { pod: pod({ containers: [term(T - 1), running, term(T - 2)], deletion: T }), want: T },
    'fallback to deletionTimestamp': { pod: pod({ containers: [running], deletion: T }), want: T },
    'fallback to deletionTimestamp, decremented by grace period': {
      pod: pod({ containers: [running], deletion: T, grace: 30 }),
      want: T - 30,
    },
    'fallback to PodReady.LastTransitionTime when status of the condition is False': {
      pod: pod({ containers: [term()], conditions: [ready('False', T)] }),
      want: T,
    },
    'skip fallback to PodReady.LastTransitionTime when status of the condition is True': {
      pod: pod({ containers: [term()], conditions: [ready('True', T - 30)], deletion: T }),
      want: T,
    },
    'fallback to creationTimestamp': { pod: pod({ containers: [term()], creation: T }), want: T },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(getFinishedTime(tc.pod)).toBe(tc.want * US));
  }

  it('Pod with init container and all containers terminated (a sidecar finishes last)', () => {
    const p = pod({ containers: [term(T - 1)], init: [{ ...term(T), name: 'sidecar' }] });
    p.spec.initContainers = [{ name: 'sidecar', restartPolicy: 'Always' }];
    expect(getFinishedTime(p)).toBe(T * US);
  });
});

describe('TestGetRemainingBackoffTime (backoff_utils_test.go)', () => {
  const cases: Record<string, { record: BackoffRecord; now: number; want: number }> = {
    'no failures': { record: { failuresAfterLastSuccess: 0 }, now: T, want: 0 },
    'one failure; current time and failure time are same': {
      record: { failuresAfterLastSuccess: 1, lastFailureTime: T * US },
      now: T,
      want: 5,
    },
    'one failure; current time == 1 second + failure time': {
      record: { failuresAfterLastSuccess: 1, lastFailureTime: T * US },
      now: T + 1,
      want: 4,
    },
    'one failure; current time == expected backoff time': {
      record: { failuresAfterLastSuccess: 1, lastFailureTime: T * US },
      now: T + 5,
      want: 0,
    },
    'one failure; current time == expected backoff time + 1 Second': {
      record: { failuresAfterLastSuccess: 1, lastFailureTime: T * US },
      now: T + 6,
      want: 0,
    },
    'three failures; current time and failure time are same': {
      record: { failuresAfterLastSuccess: 3, lastFailureTime: T * US },
      now: T,
      want: 20,
    },
    'eight failures; current time and failure time are same; backoff not exceeding maxBackoff': {
      record: { failuresAfterLastSuccess: 8, lastFailureTime: T * US },
      now: T,
      want: 640,
    },
    'nine failures; current time and failure time are same; backoff exceeding maxBackoff': {
      record: { failuresAfterLastSuccess: 9, lastFailureTime: T * US },
      now: T,
      want: 700,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(getRemainingTime(tc.record, tc.now * US, 5 * US, 700 * US)).toBe(tc.want * US));
  }

  it('the controller defaults: 10 s · 2^(n−1), capped at 10 min', () => {
    const at = (n: number) => getRemainingTime({ failuresAfterLastSuccess: n, lastFailureTime: 0 }, 0);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(at)).toEqual([10, 20, 40, 80, 160, 320, 600, 600].map((s) => s * US));
  });
});

describe('TestGetRemainingBackoffTimePerIndex (backoff_utils_test.go)', () => {
  const cases: Record<string, { lastFailedPod?: Pod; want: number }> = {
    'no failures': { want: 0 },
    'two prev failures; current time and failure time are same': {
      lastFailedPod: buildPod().phase('Failed').indexFailureCount('2').deletionTimestamp(T).Pod,
      want: 20,
    },
    'one prev failure counted and one ignored; current time and failure time are same': {
      lastFailedPod: buildPod()
        .phase('Failed')
        .indexFailureCount('1')
        .indexIgnoredFailureCount('1')
        .deletionTimestamp(T).Pod,
      want: 20,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    it(name, () => expect(getRemainingTimePerIndex(tc.lastFailedPod, T * US, 5 * US, 700 * US)).toBe(tc.want * US));
  }
});
