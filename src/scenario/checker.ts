// Checker reads typed values out of one raw document and records a Problem for each wrong one; the helpers below
// word its messages (field paths, "got ...", did-you-mean suggestions, lists, DNS-1123 names).
import { DurationError, parseDuration } from './duration.js';
import type { Problem } from './problems.js';

export type Obj = Record<string, unknown>;

export function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a wrong value is shown after `got`. */
export function got(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function key(base: string, k: string): string {
  if (PLAIN_KEY.test(k)) return base === '' ? k : `${base}.${k}`;
  return `${base}[${JSON.stringify(k)}]`;
}

export function idx(base: string, i: number): string {
  return `${base}[${i}]`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The closest candidate within a small edit distance (case differences are free), if any; ties go to the longest
 * common prefix (`failNod` -> `failNode`, not `failPod`), and a remaining tie suggests nothing.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  let bestP = -1;
  let tie = false;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = lc === w ? 0 : editDistance(w, lc);
    const p = commonPrefix(w, lc);
    if (d < bestD || (d === bestD && p > bestP)) {
      bestD = d;
      bestP = p;
      best = c;
      tie = false;
    } else if (d === bestD && p === bestP) {
      tie = true;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestD <= limit && !tie ? best : undefined;
}

export function orList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

export function andList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function dns1123Message(name: string, kind: string): string {
  return (
    `${got(name)} is not a valid ${kind} name: expected a DNS-1123 label ` +
    '(lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)'
  );
}

/** Reports the problems of one document and reads typed values out of it. */
export class Checker {
  errors = 0;

  constructor(
    private readonly out: Problem[],
    private readonly base: Omit<Problem, 'message' | 'path'>,
  ) {}

  err(path: string | undefined, message: string): void {
    this.errors++;
    this.out.push(path ? { ...this.base, path, message } : { ...this.base, message });
  }

  /** A required value is absent (`required; expected X`) or null (`expected X, got null`). */
  missing(v: unknown, path: string, what: string): void {
    this.err(path, v === null ? `expected ${what}, got null` : `required; expected ${what}`);
  }

  unknownFields(obj: Obj, path: string, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const s = suggest(k, known);
      this.err(
        key(path, k),
        s ? `unknown field; did you mean "${s}"?` : `unknown field (expected one of: ${known.join(', ')})`,
      );
    }
  }

  /** A mapping, or undefined when absent/null (an error when `required`). */
  map(v: unknown, path: string, required = false): Obj | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, 'a mapping');
      return undefined;
    }
    if (!isMap(v)) {
      this.err(path, `expected a mapping, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  list(v: unknown, path: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): unknown[] | undefined {
    const what = opts.nonEmpty ? 'a non-empty list' : 'a list';
    if (v === undefined || v === null) {
      if (opts.required) this.missing(v, path, what);
      return undefined;
    }
    if (!Array.isArray(v) || (opts.nonEmpty && v.length === 0)) {
      this.err(path, `expected ${what}, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  string(v: unknown, path: string, required = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, 'a string');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.err(path, `expected a string, got ${got(v)}${quoteHint(v)}`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[], required = false): T | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, orList(values));
      return undefined;
    }
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    const s = typeof v === 'string' ? suggest(v, values) : undefined;
    this.err(path, `expected ${orList(values)}, got ${got(v)}${s ? `; did you mean "${s}"?` : ''}`);
    return undefined;
  }

  bool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.err(path, `expected true or false, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  int(v: unknown, path: string, opts: { min?: number; max?: number; required?: boolean } = {}): number | undefined {
    const { min, max } = opts;
    const what =
      min !== undefined && max !== undefined
        ? `an integer from ${min} to ${max}`
        : min === 1
          ? 'a positive integer'
          : min === 0
            ? 'a non-negative integer'
            : min !== undefined
              ? `an integer of at least ${min}`
              : 'an integer';
    if (v === undefined || v === null) {
      if (opts.required) this.missing(v, path, what);
      return undefined;
    }
    if (
      typeof v !== 'number' ||
      !Number.isSafeInteger(v) ||
      (min !== undefined && v < min) ||
      (max !== undefined && v > max)
    ) {
      this.err(path, `expected ${what}, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  /** A map of strings (labels, annotations, node selectors). */
  stringMap(v: unknown, path: string): Record<string, string> | undefined {
    const m = this.map(v, path);
    if (!m) return undefined;
    let ok = true;
    for (const [k, val] of Object.entries(m)) {
      if (typeof val !== 'string') {
        this.err(key(path, k), `expected a string, got ${got(val)}${quoteHint(val)}`);
        ok = false;
      }
    }
    return ok ? (m as Record<string, string>) : undefined;
  }

  /** A duration in µs; `sign` says which values are allowed. */
  duration(
    v: unknown,
    path: string,
    sign: 'positive' | 'nonNegative',
    required = false,
    example = '10m',
  ): number | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, `a duration such as ${example}`);
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.err(path, `expected a duration such as ${example}, got ${got(v)}`);
      return undefined;
    }
    let us: number;
    try {
      us = parseDuration(v);
    } catch (e) {
      if (e instanceof DurationError) {
        this.err(path, e.message);
        return undefined;
      }
      throw e;
    }
    if (sign === 'positive' && us <= 0) {
      this.err(path, `expected a positive duration, got ${got(v)}`);
      return undefined;
    }
    if (sign === 'nonNegative' && us < 0) {
      this.err(path, `expected a duration of 0s or more, got ${got(v)}`);
      return undefined;
    }
    return us;
  }
}

function quoteHint(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${String(v)}")` : '';
}
