// Go-style durations (time.ParseDuration) in integer microseconds, plus `d` for days (CONTRACT.md §2).
// Accepted: `90s`, `30m`, `6h`, `1h30m`, `1.5h`, `500ms`, `250us` / `250µs`, `10ns` (rounded to µs), `2d`,
// `1d12h`, `0`, `0s`, an optional leading sign. A bare number other than 0 is rejected, as Go does.

export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const DAY = 24n * HOUR;

/** Unit suffix -> nanoseconds. */
const UNITS = new Map<string, bigint>([
  ['ns', NS],
  ['us', US],
  ['µs', US], // U+00B5 micro sign
  ['μs', US], // U+03BC Greek mu
  ['ms', MS],
  ['s', SEC],
  ['m', MIN],
  ['h', HOUR],
  ['d', DAY],
]);

const EXAMPLES = 'expected a Go-style duration such as 90s, 30m, 6h, 1h30m or 2d';

function shown(v: string | number): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** Parses a Go-style duration (or the number 0) into integer microseconds; ns are rounded to the nearest µs. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') {
    if (v === 0) return 0;
    if (!Number.isFinite(v)) throw new DurationError(`invalid duration ${shown(v)}: ${EXAMPLES}`);
    throw new DurationError(`invalid duration ${shown(v)}: missing unit; write e.g. ${v}s, ${v}m or ${v}h`);
  }
  if (typeof v !== 'string') throw new DurationError(`invalid duration: ${EXAMPLES}`);
  const s = v.trim();
  if (s === '0' || s === '+0' || s === '-0') return 0;
  let i = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) throw new DurationError(`invalid duration ${shown(v)}: ${EXAMPLES}`);
  let totalNs = 0n;
  while (i < s.length) {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s.slice(i));
    const intDigits = m?.[1] ?? '';
    const fracDigits = m?.[2];
    if (intDigits === '' && (fracDigits === undefined || fracDigits === '')) {
      throw new DurationError(`invalid duration ${shown(v)}: ${EXAMPLES}`);
    }
    i += m?.[0].length ?? 0;
    const u = /^[^\d.]*/.exec(s.slice(i))?.[0] ?? '';
    if (u === '') {
      if (/^[\d.]+$/.test(s.slice(i - (m?.[0].length ?? 0)))) {
        throw new DurationError(`invalid duration ${shown(v)}: missing unit; write e.g. ${s}s, ${s}m or ${s}h`);
      }
      throw new DurationError(`invalid duration ${shown(v)}: ${EXAMPLES}`);
    }
    const unit = UNITS.get(u);
    if (unit === undefined) {
      throw new DurationError(`invalid duration ${shown(v)}: ${EXAMPLES}`);
    }
    i += u.length;
    let part = BigInt(intDigits === '' ? '0' : intDigits) * unit;
    if (fracDigits !== undefined && fracDigits !== '') {
      const scale = 10n ** BigInt(fracDigits.length);
      part += (BigInt(fracDigits) * unit) / scale; // truncates below 1 ns, as Go does
    }
    totalNs += part;
  }
  // Round to the nearest microsecond, halves away from zero.
  const us = (totalNs + US / 2n) / US;
  if (us > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DurationError(`invalid duration ${shown(v)}: too large`);
  }
  const n = Number(us);
  return negative && n !== 0 ? -n : n;
}

/** Formats integer microseconds compactly so that parseDuration(formatDuration(x)) === x: `1d12h`, `1h30m`, `1.5s`, `500ms`, `250µs`, `0s`. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  const v = Math.round(us);
  if (v === 0) return '0s';
  if (v < 0) return `-${formatDuration(-v)}`;
  if (v < 1000) return `${v}µs`;
  if (v < 1_000_000) return `${trimDecimal(v, 1000)}ms`;
  let rest = v;
  let out = '';
  const parts: [number, string][] = [
    [86_400_000_000, 'd'],
    [3_600_000_000, 'h'],
    [60_000_000, 'm'],
  ];
  for (const [size, unit] of parts) {
    const q = Math.floor(rest / size);
    if (q > 0) {
      out += `${q}${unit}`;
      rest -= q * size;
    }
  }
  if (rest > 0) out += `${trimDecimal(rest, 1_000_000)}s`;
  return out;
}

/** `n / div` written in decimal without trailing zeros (div is a power of ten). */
function trimDecimal(n: number, div: number): string {
  const whole = Math.floor(n / div);
  const frac = n % div;
  if (frac === 0) return String(whole);
  const digits = String(div).length - 1;
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}
