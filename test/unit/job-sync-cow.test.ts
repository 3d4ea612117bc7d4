// syncJob's copy-on-write status (src/controllers/job/sync.ts statusCopy): the sync never writes the stored Job's
// status (deep-frozen here, so any in-place write throws), and a sequence of syncs, each status fed back as the
// controller stores it (sharing what did not change with the one before), gives the same statuses, flags, pod
// writes and events as the always-copy computation (every sync on a deep copy of the Job, nothing shared).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job, JobCondition, JobStatus } from '../../src/api/batch.js';
import type { Pod, PodPhase } from '../../src/api/core.js';
import { BATCH } from '../../src/api/jobset.js';
import { type SyncResult, syncJob } from '../../src/controllers/job/sync.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

const CONDITION_TYPES = ['Suspended', 'SuccessCriteriaMet', 'FailureTarget', 'Complete', 'Failed'];

const arbCondition: fc.Arbitrary<JobCondition> = fc.record({
  type: fc.constantFrom(...CONDITION_TYPES),
  status: fc.constantFrom('True' as const, 'False' as const),
  reason: fc.constantFrom('JobSuspended', 'JobResumed', 'BackoffLimitExceeded', 'X'),
  message: fc.constantFrom('Job suspended', 'Job resumed', 'm'),
  lastTransitionTime: fc.integer({ min: 0, max: 100 }),
});

const arbStatus: fc.Arbitrary<JobStatus> = fc.record(
  {
    startTime: fc.integer({ min: 0, max: 50 }),
    active: fc.integer({ min: 0, max: 4 }),
    succeeded: fc.integer({ min: 0, max: 3 }),
    failed: fc.integer({ min: 0, max: 3 }),
    ready: fc.integer({ min: 0, max: 2 }),
    completedIndexes: fc.constantFrom('0', '0-1', '2'),
    conditions: fc.array(arbCondition, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

interface PodSpecArb {
  index: number | undefined;
  phase: PodPhase;
  deleting: boolean;
  ready: boolean;
}

const arbPod: fc.Arbitrary<PodSpecArb> = fc.record({
  index: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  phase: fc.constantFrom<PodPhase>('Pending', 'Running', 'Succeeded', 'Failed'),
  deleting: fc.boolean(),
  ready: fc.boolean(),
});

const arbJob = fc.record({
  parallelism: fc.integer({ min: 0, max: 4 }),
  completions: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  indexed: fc.boolean(),
  perIndex: fc.boolean(),
  backoffLimit: fc.integer({ min: 0, max: 3 }),
  suspend: fc.boolean(),
  deadline: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  replaceFailed: fc.boolean(),
  status: arbStatus,
});

function makeJob(j: typeof arbJob extends fc.Arbitrary<infer T> ? T : never): Job {
  const indexed = j.indexed && j.completions !== undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default', uid: 'job-uid', resourceVersion: '1', creationTimestamp: 0 },
    spec: {
      parallelism: j.parallelism,
      ...(j.completions !== undefined ? { completions: j.completions } : {}),
      ...(indexed ? { completionMode: 'Indexed' as const } : {}),
      ...(indexed && j.perIndex ? { backoffLimitPerIndex: 1 } : {}),
      backoffLimit: j.backoffLimit,
      suspend: j.suspend,
      ...(j.deadline !== undefined ? { activeDeadlineSeconds: j.deadline } : {}),
      ...(j.replaceFailed ? { podReplacementPolicy: 'Failed' as const } : {}),
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } },
    },
    status: j.status,
  } as Job;
}

function makePod(p: PodSpecArb, n: number): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `p-${n}`,
      namespace: 'default',
      uid: `u-${n}`,
      resourceVersion: '1',
      creationTimestamp: n,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid', controller: true }],
      ...(p.index !== undefined ? { annotations: { [BATCH.completionIndex]: String(p.index) } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(p.phase !== 'Pending' ? { nodeName: 'n' } : {}) },
    status: { phase: p.phase },
  } as Pod;
  if (p.deleting) pod.metadata.deletionTimestamp = n + 1;
  if (p.ready && p.phase === 'Running') pod.status.conditions = [{ type: 'Ready', status: 'True' }];
  return pod;
}

interface Outcome {
  r: SyncResult;
  writes: string[];
}

function sync(job: Job, pods: Pod[], counted: Set<string>, now: number): Outcome {
  const writes: string[] = [];
  const r = syncJob(job, {
    now,
    pods,
    counted,
    podControl: {
      createPod: (p) => {
        writes.push(`create ${p.metadata.generateName}`);
        return undefined;
      },
      deletePod: (p) => {
        writes.push(`delete ${p.metadata.name}`);
      },
    },
  });
  return { r, writes };
}

describe('syncJob copy-on-write status', () => {
  it('never writes the stored status, and a sequence of syncs equals the always-copy computation', () => {
    fc.assert(
      fc.property(
        arbJob,
        fc.array(fc.array(arbPod, { maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (spec, rounds) => {
          // The copy-on-write run: the status stored as the controller stores it, frozen as a stored object.
          const cow = makeJob(spec);
          deepFreeze(cow.status);
          // The always-copy run: its own deep copy of everything before every sync.
          let ref = structuredClone(makeJob(spec));
          const countedCow = new Set<string>();
          const countedRef = new Set<string>();
          let n = 0;
          for (const [round, list] of rounds.entries()) {
            const now = (100 + round * 40) * 1e6;
            const base = n;
            n += list.length;
            const before = JSON.stringify(cow.status);
            const a = sync(
              cow,
              list.map((p, i) => makePod(p, base + i)),
              countedCow,
              now,
            );
            expect(JSON.stringify(cow.status)).toBe(before);
            const b = sync(
              structuredClone(ref),
              list.map((p, i) => makePod(p, base + i)),
              countedRef,
              now,
            );
            expect(a.r.changed).toBe(b.r.changed);
            expect(JSON.stringify(a.r.status)).toBe(JSON.stringify(b.r.status));
            expect(a.r.events).toEqual(b.r.events);
            expect(a.r.counted).toEqual(b.r.counted);
            expect(a.writes).toEqual(b.writes);
            for (const u of a.r.counted) countedCow.add(u);
            for (const u of b.r.counted) countedRef.add(u);
            if (a.r.changed) cow.status = deepFreeze(a.r.status);
            if (b.r.changed) ref = { ...ref, status: b.r.status };
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('replaces a changed condition by a new one in a new list, keeping the old keys first', () => {
    const job = makeJob({
      parallelism: 1,
      completions: 1,
      indexed: false,
      perIndex: false,
      backoffLimit: 1,
      suspend: true,
      deadline: undefined,
      replaceFailed: false,
      status: {
        conditions: [
          { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: 1 },
        ],
      },
    });
    (job.status.conditions![0] as unknown as Record<string, unknown>).lastProbeTime = 0;
    deepFreeze(job.status);
    const { r } = sync(job, [], new Set(), 10e6);
    expect(r.changed).toBe(true);
    expect(r.status.conditions).not.toBe(job.status.conditions);
    expect(Object.keys(r.status.conditions![0]!)).toEqual([
      'type',
      'status',
      'reason',
      'message',
      'lastTransitionTime',
      'lastProbeTime',
    ]);
    expect(r.status.conditions![0]).toMatchObject({ status: 'True', reason: 'JobSuspended', lastTransitionTime: 10 });
    expect(job.status.conditions![0]!.status).toBe('False');
  });
});
