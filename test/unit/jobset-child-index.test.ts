// The JobSet controller's incremental child index must read exactly as classifying the list of Jobs does.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Job } from '../../src/api/batch.js';
import { type JobSet, JS } from '../../src/api/jobset.js';
import { ChildIndex } from '../../src/controllers/jobset/child-index.js';
import { JobFactsCache } from '../../src/controllers/jobset/job-facts.js';
import { type Children, eagerChildren } from '../../src/controllers/jobset/status.js';

const jobSet = (restarts: number): JobSet =>
  ({
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name: 'js', namespace: 'default', uid: 'js-uid', resourceVersion: '1', creationTimestamp: 0 },
    spec: {
      replicatedJobs: [
        { name: 'a', replicas: 3, template: { spec: { template: { spec: { containers: [] } } } } },
        { name: 'b', replicas: 2, template: { spec: { template: { spec: { containers: [] } } } } },
      ],
    },
    status: { restarts },
  }) as unknown as JobSet;

const label = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined });
const jobShape = fc.record({
  rjob: label,
  index: fc.option(fc.constantFrom('0', '1', '2', '3', '-1', 'x'), { nil: undefined }),
  attempt: fc.constantFrom('0', '1', '2', 'x'),
  finished: fc.constantFrom(undefined, 'Complete', 'Failed'),
  ready: fc.integer({ min: 0, max: 2 }),
  active: fc.integer({ min: 0, max: 2 }),
  suspend: fc.boolean(),
});
type Shape = typeof jobShape extends fc.Arbitrary<infer T> ? T : never;
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), shape: jobShape }),
  fc.record({ kind: fc.constant('change' as const), at: fc.nat(), shape: jobShape }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('restarts' as const), to: fc.integer({ min: 0, max: 2 }) }),
);

function apply(job: Job, s: Shape, rv: number): void {
  const labels: Record<string, string> = { [JS.restartAttempt]: s.attempt };
  if (s.rjob !== undefined) labels[JS.replicatedJobName] = s.rjob;
  if (s.index !== undefined) labels[JS.jobIndex] = s.index;
  job.metadata.labels = labels;
  job.metadata.resourceVersion = String(rv);
  job.spec.suspend = s.suspend;
  job.status = {
    ready: s.ready,
    active: s.active,
    conditions: s.finished ? [{ type: s.finished, status: 'True', lastTransitionTime: 0 } as never] : [],
  };
}

/** Everything the reconcile can read from a Children view, or the classification error. */
function read(js: JobSet, c: () => Children): unknown {
  let ch: Children;
  try {
    ch = c();
  } catch (e) {
    return { error: (e as Error).message };
  }
  const names = (l: Job[]) => l.map((j) => j.metadata.name);
  const l = ch.lists();
  return {
    counts: [ch.nActive, ch.nSuccessful, ch.nFailed, ch.nPrevious, ch.nActiveSuspended],
    lists: [names(l.active), names(l.successful), names(l.failed), names(l.previous)],
    statuses: ch.statuses(js),
    successfulIn: [ch.successfulIn(new Set(['a'])), ch.successfulIn(new Set(['a', 'b', 'c']))],
    covered: [ch.indexesCovered('a', 3), ch.indexesCovered('b', 2), ch.indexesCovered('a', 1)],
  };
}

describe('ChildIndex', () => {
  test.prop([fc.array(op, { maxLength: 40 })])(
    'reads as eagerChildren over the live Jobs after every change',
    (ops) => {
      const facts = new JobFactsCache();
      const index = new ChildIndex(facts.of);
      const live: Job[] = [];
      let restarts = 0;
      let rv = 1;
      let made = 0;
      for (const o of ops) {
        if (o.kind === 'add') {
          const job = { metadata: { name: `j${made}`, uid: `u${made++}` }, spec: {}, status: {} } as unknown as Job;
          apply(job, o.shape, ++rv);
          live.push(job);
          index.add(job);
        } else if (o.kind === 'change' && live.length > 0) {
          const job = live[o.at % live.length]!;
          apply(job, o.shape, ++rv);
          index.changed(job);
        } else if (o.kind === 'remove' && live.length > 0) {
          const [job] = live.splice(o.at % live.length, 1);
          index.remove(job!);
        } else if (o.kind === 'restarts') restarts = o.to;
        const js = jobSet(restarts);
        expect(read(js, () => index.children(js))).toEqual(read(js, () => eagerChildren(js, [...live])));
      }
    },
  );
});
