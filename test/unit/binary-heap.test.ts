import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryHeap } from '../../src/engine/binary-heap.js';

describe('BinaryHeap', () => {
  it('pops pushed items in the order of `before`, ties in any order, interleaved with pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(null)), { maxLength: 200 }),
        (ops) => {
          const heap = new BinaryHeap<number>((a, b) => a < b);
          const model: number[] = [];
          for (const op of ops) {
            if (op === null) {
              model.sort((a, b) => a - b);
              expect(heap.pop()).toBe(model.shift());
            } else {
              heap.push(op);
              model.push(op);
            }
            expect(heap.size).toBe(model.length);
            expect(heap.peek()).toBe(model.length ? Math.min(...model) : undefined);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is empty after clear', () => {
    const heap = new BinaryHeap<string>((a, b) => a < b);
    for (const s of ['c', 'a', 'b']) heap.push(s);
    expect(heap.pop()).toBe('a');
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
