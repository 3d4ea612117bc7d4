// The kubelet's remembered duration parses (src/controllers/kubelet/duration-memo.ts) against parseDuration itself:
// the same µs or the same error for any text, asked once or again, below and past the cap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationMemo } from '../../src/controllers/kubelet/duration-memo.js';
import { parseDuration } from '../../src/scenario/duration.js';

/** parseDuration's answer as a comparable value: the µs, or the error message. */
function answer(f: () => number): number | string {
  try {
    return f();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

// Valid durations (with units, fractions, signs, days) and near misses (no unit, bad unit, empty, stray text).
const durationText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.array(
        fc.tuple(
          fc.nat(500),
          fc.option(fc.nat(99), { nil: undefined }),
          fc.constantFrom('ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'd'),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([sign, parts]) => sign + parts.map(([n, f, u]) => `${n}${f === undefined ? '' : `.${f}`}${u}`).join('')),
  fc.constantFrom('0', '-0', '10', '5x', '', ' 1h ', 'h', '1.h', '.5s', '1d12h'),
  fc.string({ maxLength: 6 }),
);

describe('DurationMemo', () => {
  it('answers as parseDuration for random texts, first and repeated asks', () => {
    fc.assert(
      fc.property(fc.array(durationText, { maxLength: 30 }), fc.nat(8), (texts, cap) => {
        const memo = new DurationMemo(cap);
        for (const t of [...texts, ...texts])
          expect(answer(() => memo.parse(t))).toEqual(answer(() => parseDuration(t)));
        expect(memo.size).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 300 },
    );
  });

  it('remembers only texts that parse', () => {
    const memo = new DurationMemo();
    expect(memo.parse('90s')).toBe(90_000_000);
    expect(() => memo.parse('90')).toThrow();
    expect(() => memo.parse('90')).toThrow();
    expect(memo.size).toBe(1);
  });
});
