import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { AdmittedIndex } from '../../src/kueue/admitted-index.js';
import { type AdmittedWorkload, candidatesOrdering } from '../../src/kueue/preemption.js';

const wl = (key: string, cq: string, priority: number, at?: number, evicted = false): AdmittedWorkload => ({
  key,
  uid: `uid-${key}`,
  priority,
  queueOrderTimestamp: 0,
  usage: new Map([['f/cpu', 1000]]),
  clusterQueue: cq,
  ...(at === undefined ? {} : { quotaReservedAt: at }),
  evicted,
});

/** The index's answers for one ClusterQueue against a list kept the simple way (the admitted list). */
function expectMatches(index: AdmittedIndex, list: readonly AdmittedWorkload[], cq: string, now: number): void {
  const mine = list.filter((w) => w.clusterQueue === cq);
  // Another ClusterQueue's name as the preemptor's: within one class CandidatesOrdering is then the class order.
  const sorted = [...mine].sort((a, b) => candidatesOrdering(a, b, 'preemptor', now));
  expect(index.workloads(cq)).toEqual(mine);
  const o = index.ordered(cq, now);
  expect(o.evicted).toEqual(sorted.filter((w) => w.evicted));
  expect(o.live).toEqual(sorted.filter((w) => !w.evicted));
}

describe('AdmittedIndex', () => {
  it('orders a ClusterQueue as CandidatesOrdering: lower priority, then the most recent reservation first', () => {
    const index = AdmittedIndex.of([
      wl('a', 'cq', 10, 5),
      wl('b', 'cq', 5, 1),
      wl('c', 'cq', 5, 3),
      wl('d', 'cq', 1, 2, true),
      wl('e', 'other', 0, 0),
    ]);
    expect(index.ordered('cq', 100).live.map((w) => w.key)).toEqual(['c', 'b', 'a']);
    expect(index.ordered('cq', 100).evicted.map((w) => w.key)).toEqual(['d']);
    expect(index.workloads('cq').map((w) => w.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(index.ordered('none', 100)).toEqual({ evicted: [], live: [] });
  });

  it('places a workload without a reservation time as reserved now', () => {
    const index = AdmittedIndex.of([wl('a', 'cq', 1, 5), wl('b', 'cq', 1)]);
    expect(index.ordered('cq', 4).live.map((w) => w.key)).toEqual(['a', 'b']);
    expect(index.ordered('cq', 6).live.map((w) => w.key)).toEqual(['b', 'a']);
  });

  const op = fc.record({
    kind: fc.constantFrom('add', 'evict', 'remove'),
    cq: fc.constantFrom('x', 'y'),
    priority: fc.integer({ min: 0, max: 3 }),
    at: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    pick: fc.nat(),
    now: fc.integer({ min: 0, max: 6 }),
  });
  test.prop([fc.array(op, { maxLength: 60 })])(
    'kept incrementally, it answers as the admitted list it mirrors, sorted',
    (ops) => {
      const index = new AdmittedIndex();
      let list: AdmittedWorkload[] = [];
      let n = 0;
      for (const o of ops) {
        if (o.kind === 'add' || list.length === 0) {
          const w = wl(`w${n++}`, o.cq, o.priority, o.at);
          list.push(w);
          index.add(w);
        } else {
          const prev = list[o.pick % list.length]!;
          if (o.kind === 'remove') {
            list = list.filter((w) => w !== prev);
            index.remove(prev);
          } else {
            const next = { ...prev, evicted: true };
            list = list.map((w) => (w === prev ? next : w));
            index.replace(prev, next);
          }
        }
        expectMatches(index, list, o.cq, o.now);
      }
      for (const cq of ['x', 'y']) expectMatches(index, list, cq, 7);
    },
  );
});
