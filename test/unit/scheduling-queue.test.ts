// The scheduler's activeQ heap (src/scheduler/queue.ts): whatever the interleaving of pushes and pops, it pops in
// PrioritySort order (higher spec.priority first, then earlier queue timestamp, then arrival sequence), the order
// upstream's queuesort plugin defines; the priority is read from the pod once, at push.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import { ActiveQueue, type QueuedPod } from '../../src/scheduler/queue.js';

const entry = (priority: number | undefined, timestamp: number, seq: number): QueuedPod => ({
  pod: { spec: { priority } } as unknown as Pod,
  timestamp,
  seq,
  attempts: 0,
  lastAttempt: 0,
});

const order = (a: QueuedPod, b: QueuedPod) =>
  (b.pod.spec.priority ?? 0) - (a.pod.spec.priority ?? 0) || a.timestamp - b.timestamp || a.seq - b.seq;

describe('ActiveQueue', () => {
  test.prop([
    fc.array(
      fc.oneof(
        fc.record({ push: fc.constant(true), priority: fc.option(fc.integer({ min: -3, max: 3 })), t: fc.nat(5) }),
        fc.record({ push: fc.constant(false) }),
      ),
      { maxLength: 300 },
    ),
  ])('pops in PrioritySort order under any push/pop interleaving', (ops) => {
    const q = new ActiveQueue();
    const ref: QueuedPod[] = [];
    let seq = 0;
    for (const op of ops) {
      if ('priority' in op) {
        const e = entry(op.priority ?? undefined, op.t, seq++);
        q.push(e);
        ref.push(e);
      } else {
        ref.sort(order);
        expect(q.pop()).toBe(ref.shift());
      }
      expect(q.size).toBe(ref.length);
    }
    ref.sort(order);
    for (const e of ref) expect(q.pop()).toBe(e);
    expect(q.pop()).toBeUndefined();
  });

  it('keeps PrioritySort order through a long in-order run with earlier pods pushed in between', () => {
    // Pods pushed in order wait in the queue's run (compacted as it is consumed); an out-of-order push goes to the
    // heap, and pops take whichever comes first.
    const q = new ActiveQueue();
    const ref: QueuedPod[] = [];
    let seq = 0;
    for (let i = 0; i < 5000; i++) {
      const e = i % 7 === 3 ? entry(i % 2, i - 50, seq++) : entry(0, i, seq++);
      q.push(e);
      ref.push(e);
      if (i % 3 === 0) {
        ref.sort(order);
        expect(q.pop()).toBe(ref.shift());
      }
    }
    ref.sort(order);
    for (const e of ref) expect(q.pop()).toBe(e);
    expect(q.size).toBe(0);
  });

  it('orders by priority, then timestamp, then sequence', () => {
    const q = new ActiveQueue();
    const low = entry(0, 0, 0);
    const late = entry(10, 5, 1);
    const early = entry(10, 1, 3);
    const tie = entry(10, 1, 2);
    for (const e of [low, late, early, tie]) q.push(e);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([tie, early, late, low]);
  });
});
