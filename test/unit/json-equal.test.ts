import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/api/json-equal.js';

/** The comparison jsonEqual replaces: JSON with sorted keys. */
function canonical(v: unknown): string | undefined {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

describe('jsonEqual', () => {
  it('ignores key order and undefined members', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
  });

  it('writes non-finite numbers and undefined array items as null, as JSON.stringify does', () => {
    expect(jsonEqual([Number.NaN, undefined], [null, null])).toBe(true);
    expect(jsonEqual({ t: Number.POSITIVE_INFINITY }, { t: null })).toBe(true);
    expect(jsonEqual([0], [null])).toBe(false);
  });

  it('tells apart values of different JSON types', () => {
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: [1] }, { a: [1, 1] })).toBe(false);
  });

  // Values shaped like API statuses: small objects of numbers, strings, booleans, lists, undefined and NaN.
  const leaf = fc.oneof(
    fc.integer({ min: -2, max: 2 }),
    fc.constantFrom('a', 'b', ''),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(Number.NaN),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), tie('o')),
    o: fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('v'), { maxKeys: 3 }),
  })).v;

  test.prop([value, value])('agrees with comparing sorted-key JSON', (a, b) => {
    expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
  });

  const reversed = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reversed)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reversed(x)]),
          )
        : v;

  test.prop([value])('equals a copy with every key order reversed', (a) => {
    expect(jsonEqual(a, reversed(a))).toBe(true);
  });
});
