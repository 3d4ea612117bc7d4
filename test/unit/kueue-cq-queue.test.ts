import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { ClusterQueue } from '../../src/kueue/api.js';
import { CqQueue, conditionChanged, type QueueItem, before as queueBefore } from '../../src/kueue/cq-queue.js';

const cq = { metadata: { name: 'cq' }, spec: {} } as unknown as ClusterQueue;

function item(seq: number, hash: string, priority = 0, queueTs = 0): QueueItem {
  return { seq, hash, priority, queueTs };
}

/** What the manager does with moveToInadmissible's answer: writes the condition (and tells the heap). */
function write(x: QueueItem, reason: string, message: string): void {
  x.qrStatus = 'False';
  x.qrReason = reason;
  x.qrMessage = message;
  conditionChanged(x);
}

describe('CqQueue', () => {
  it('pops in priority, then queue-order timestamp, then arrival order across hashes', () => {
    const active = new Set<CqQueue<QueueItem>>();
    const q = new CqQueue<QueueItem>(cq, 0, 'cq', active);
    const xs = [item(0, 'a', 1, 5), item(1, 'b', 2, 9), item(2, 'a', 2, 3), item(3, 'c', 1, 5)];
    for (const x of xs) q.push(x);
    expect(active.has(q)).toBe(true);
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((x) => x?.seq)).toEqual([2, 1, 0, 3]);
    expect(q.pop()).toBeUndefined();
    expect(active.has(q)).toBe(false);
  });

  it('moves a hash whole to inadmissible and back, rewriting only the conditions that differ', () => {
    const active = new Set<CqQueue<QueueItem>>();
    const q = new CqQueue<QueueItem>(cq, 0, 'cq', active);
    const a = [item(0, 'a'), item(1, 'a'), item(2, 'a')];
    const b = item(3, 'b');
    for (const x of [...a, b]) q.push(x);
    const head = q.pop()!;
    expect(head).toBe(a[0]);
    const first = q.moveToInadmissible('a', 'False', 'Pending', 'no fit');
    expect(first).toEqual([a[1], a[2]]);
    for (const x of first) write(x, 'Pending', 'no fit');
    expect(q.pop()).toBe(b);
    expect(q.pop()).toBeUndefined();
    q.restoreInadmissible();
    expect(active.has(q)).toBe(true);
    // Same condition again: nothing to rewrite; a newcomer of the hash is the one that differs.
    const c = item(4, 'a');
    q.push(c);
    expect(q.pop()).toBe(a[1]);
    expect(q.moveToInadmissible('a', 'False', 'Pending', 'no fit')).toEqual([c]);
    write(c, 'Pending', 'no fit');
    q.restoreInadmissible();
    expect(q.moveToInadmissible('a', 'False', 'Pending', 'other')).toEqual([a[2], c]);
  });

  test.prop([
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('push' as const), hash: fc.integer({ min: 0, max: 3 }), prio: fc.nat(2) }),
        fc.record({ op: fc.constant('pop' as const) }),
        fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('move' as const), hash: fc.integer({ min: 0, max: 3 }), msg: fc.nat(1) }),
        fc.record({ op: fc.constant('restore' as const) }),
      ),
      { maxLength: 200 },
    ),
  ])('behaves as a sorted list with per-hash parking', (ops) => {
    const active = new Set<CqQueue<QueueItem>>();
    const q = new CqQueue<QueueItem>(cq, 0, 'cq', active);
    let pending: QueueItem[] = [];
    let parked: QueueItem[] = [];
    let seq = 0;
    for (const o of ops) {
      if (o.op === 'push') {
        const x = item(seq++, `h${o.hash}`, o.prio, seq % 3);
        q.push(x);
        pending.push(x);
      } else if (o.op === 'pop') {
        pending.sort((x, y) => (queueBefore(x, y) ? -1 : 1));
        expect(q.pop()).toBe(pending.shift());
      } else if (o.op === 'remove') {
        const all = [...pending, ...parked];
        if (all.length === 0) continue;
        const x = all[o.pick % all.length]!;
        q.remove(x);
        pending = pending.filter((y) => y !== x);
        parked = parked.filter((y) => y !== x);
      } else if (o.op === 'move') {
        const hash = `h${o.hash}`;
        const message = `m${o.msg}`;
        const moved = pending.filter((x) => x.hash === hash);
        const expected = moved
          .filter((x) => x.qrStatus !== 'False' || x.qrReason !== 'R' || x.qrMessage !== message)
          .sort((x, y) => (queueBefore(x, y) ? -1 : 1));
        const changed = q.moveToInadmissible(hash, 'False', 'R', message);
        expect(changed).toEqual(expected);
        for (const x of changed) write(x, 'R', message);
        pending = pending.filter((x) => x.hash !== hash);
        parked.push(...moved);
      } else {
        q.restoreInadmissible();
        pending.push(...parked);
        parked = [];
      }
      expect(active.has(q)).toBe(pending.length > 0);
    }
  });
  // pkg/cache/queue/cluster_queue_test.go TestBestEffortFIFORequeueIfNotPresent: "failure after nomination" and
  // "pending preemption" go straight back to the heap (the latter sticky at its head), so they stay the head.
  it('offers no head while a waiting or preempting workload would still be the head', () => {
    const active = new Set<CqQueue<QueueItem>>();
    const q = new CqQueue<QueueItem>(cq, 0, 'cq', active);
    const [skipped, behind, higher] = [item(0, 'a', 5, 1), item(1, 'b', 5, 2), item(2, 'c', 9, 3)];
    q.push(behind);
    expect(q.offersHead()).toBe(true);
    q.waiting.add(skipped); // "failure after nomination": it still orders before `behind`
    expect(q.peek()).toBe(behind);
    expect(q.offersHead()).toBe(false);
    q.push(higher); // a higher priority orders before it: that one is nominated
    expect(q.offersHead()).toBe(true);
    expect(q.pop()).toBe(higher);
    expect(q.offersHead()).toBe(false);
    q.waiting.delete(skipped);
    const preemptor = item(3, 'd', 0, 9); // "pending preemption": sticky, even before a higher priority
    q.preempting.add(preemptor);
    q.push(item(4, 'e', 9, 0));
    expect(q.offersHead()).toBe(false);
    q.preempting.delete(preemptor);
    expect(q.offersHead()).toBe(true);
  });
});
