import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LazySorted } from '../../src/kueue/lazy-sorted.js';

describe('LazySorted', () => {
  it('reads nothing from an empty list', () => {
    const l = new LazySorted<number>([], (a, b) => a - b);
    expect(l.length).toBe(0);
    expect(l.at(0)).toBeUndefined();
  });

  test.prop([fc.uniqueArray(fc.integer()), fc.nat(40)])('reads as a full sort, whatever is read first', (xs, first) => {
    const l = new LazySorted(xs, (a, b) => a - b);
    const sorted = [...xs].sort((a, b) => a - b);
    expect(l.at(first)).toBe(sorted[first]);
    expect(Array.from({ length: xs.length + 1 }, (_, i) => l.at(i))).toEqual([...sorted, undefined]);
    expect(l.length).toBe(xs.length);
  });
});
