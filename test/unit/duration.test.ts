import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from '../../src/scenario/duration.js';

const S = 1_000_000;

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * S],
    ['30m', 30 * 60 * S],
    ['6h', 6 * 3600 * S],
    ['1h30m', 5400 * S],
    ['1.5h', 5400 * S],
    ['500ms', 500_000],
    ['250us', 250],
    ['250µs', 250],
    ['250μs', 250],
    ['10ns', 0],
    ['1500ns', 2],
    ['1499ns', 1],
    ['0', 0],
    ['0s', 0],
    ['2d', 2 * 86400 * S],
    ['1d12h', 36 * 3600 * S],
    ['1h0.5s', 3600 * S + 500_000],
    ['.5s', 500_000],
    ['+5m', 300 * S],
    ['-5m', -300 * S],
    [' 10m ', 600 * S],
    [0, 0],
  ] as const)('%j -> %d µs', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it('rejects an unknown unit with the accepted forms', () => {
    expect(() => parseDuration('5x')).toThrow(DurationError);
    expect(() => parseDuration('5x')).toThrow(
      'invalid duration "5x": expected a Go-style duration such as 90s, 30m, 6h, 1h30m or 2d',
    );
  });

  it.each(['', 's', '.s', '1h 30m', 'abc', '-', '1..5s', '5constructor'])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
  });

  it('asks for a unit on a bare number other than 0', () => {
    expect(() => parseDuration(90)).toThrow('invalid duration 90: missing unit; write e.g. 90s, 90m or 90h');
    expect(() => parseDuration('90')).toThrow('invalid duration "90": missing unit; write e.g. 90s, 90m or 90h');
    expect(() => parseDuration('1.5')).toThrow('missing unit');
  });

  it('rejects durations too large for integer microseconds', () => {
    expect(() => parseDuration('100000000d')).toThrow('invalid duration "100000000d": too large');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250µs'],
    [1500, '1.5ms'],
    [500_000, '500ms'],
    [90 * S, '1m30s'],
    [5400 * S, '1h30m'],
    [86400 * S, '1d'],
    [36 * 3600 * S, '1d12h'],
    [1.25 * S, '1.25s'],
    [-300 * S, '-5m'],
  ])('%d µs -> %s', (us, text) => {
    expect(formatDuration(us)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const us of [1, 999, 1000, 1001, 999_999, 1_000_001, 61 * S + 7, 86_400 * S + 1, 400 * 86_400 * S]) {
      expect(parseDuration(formatDuration(us))).toBe(us);
    }
  });
});
