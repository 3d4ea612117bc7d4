// A fast reader for the plain block YAML that kubectl and `jobset-sim run --snapshot-at` write (a 1.4 MB snapshot
// takes the `yaml` package ≈ 2 s, this ≈ 0.1 s). It takes block mappings and sequences, one-line plain, single- and
// double-quoted scalars, `{}` and `[]`, comments and `---` between documents, resolved with the YAML 1.2 core schema
// as the `yaml` package resolves them (its schema/core tests and resolvers). Anything else — anchors, aliases, tags,
// merge keys, block or multi-line scalars, flow collections with content, quoted keys, duplicate keys, tabs, a
// malformed line — returns undefined, and the caller parses the text with the `yaml` package, which also reports the
// errors: the fast path only ever gives what `yaml` would (test/unit/fast-yaml.test.ts checks it against `yaml`).

/** Thrown inside: the text leaves the subset. */
const FALLBACK = Symbol('fast-yaml fallback');

/** The documents' values as `parseAllDocuments(text).map((d) => d.toJS())` gives them, or undefined. */
export function parseYamlFast(text: string): unknown[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF')) return undefined;
  try {
    return new Reader(text.split('\n')).documents();
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  }
}

function fallback(): never {
  throw FALLBACK;
}

/** A blank line, or a comment line. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) continue;
    return c === 35; // '#'
  }
  return true;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

/** Characters that start something other than a plain scalar (YAML 1.2 c-indicator), or a quoted scalar. */
const INDICATORS = new Set([
  '-',
  '?',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);

class Reader {
  private i = 0;
  /** Where the current line's content starts when a `- ` item holds a mapping on its own line; else -1. */
  private col = -1;
  private end = 0;

  constructor(private readonly lines: string[]) {}

  documents(): unknown[] {
    const lines = this.lines;
    const docs: unknown[] = [];
    let start = 0;
    let first = true;
    for (;;) {
      let end = start;
      while (end < lines.length && !isMarker(lines[end]!)) end++;
      let content = false;
      for (let k = start; k < end && !content; k++) content = !isBlank(lines[k]!);
      if (content) {
        this.i = start;
        this.end = end;
        this.skipBlank();
        const value = this.block(indentOf(lines[this.i]!));
        this.skipBlank();
        if (this.i < end) fallback(); // content left over: something the subset does not read
        docs.push(value);
      } else if (!(first && end < lines.length)) fallback(); // an empty document: `yaml` decides what it is
      if (end >= lines.length) return docs;
      first = false;
      start = end + 1;
    }
  }

  private skipBlank(): void {
    while (this.i < this.end && isBlank(this.lines[this.i]!)) this.i++;
  }

  /** The current line's indentation (its content column under a `- `). */
  private indent(): number {
    return this.col >= 0 ? this.col : indentOf(this.lines[this.i]!);
  }

  private next(): void {
    this.i++;
    this.col = -1;
    this.skipBlank();
  }

  /** The node starting at the current line, at indentation `ind`. */
  private block(ind: number): unknown {
    const line = this.lines[this.i]!;
    if (isDash(line, ind)) return this.seq(ind);
    if (keyColon(line, ind) >= 0) return this.map(ind);
    return fallback(); // a scalar on a line of its own (a multi-line value)
  }

  private map(ind: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.end) {
      const at = this.indent();
      if (at < ind) break;
      if (at > ind) fallback();
      const line = this.lines[this.i]!;
      const colon = keyColon(line, ind);
      if (colon < 0) fallback(); // not a `key:` line where the mapping's keys are
      const key = plainKey(line.slice(ind, colon));
      if (Object.hasOwn(out, key)) fallback();
      out[key] = this.value(line, colon + 1, ind, true);
    }
    return out;
  }

  private seq(ind: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.end) {
      const at = this.indent();
      if (at < ind) break;
      if (at > ind) fallback();
      const line = this.lines[this.i]!;
      if (!isDash(line, ind)) break;
      let c = ind + 1;
      while (line.charCodeAt(c) === 32) c++;
      if (c >= line.length || line.charCodeAt(c) === 35) {
        out.push(this.value(line, ind + 1, ind, false));
      } else if (isDash(line, c)) {
        fallback(); // a compact nested sequence
      } else if (keyColon(line, c) >= 0) {
        this.col = c; // a mapping starting on the `- ` line
        out.push(this.map(c));
      } else {
        out.push(this.value(line, ind + 1, ind, false));
      }
    }
    return out;
  }

  /** The value from column `from` of the current line on (after `key:` or `- `); `ind` is its parent's. */
  private value(line: string, from: number, ind: number, ofKey: boolean): unknown {
    let s = from;
    while (line.charCodeAt(s) === 32) s++;
    if (s >= line.length || line.charCodeAt(s) === 35) {
      if (s > from || s >= line.length) {
        // The value is on the following lines, or null.
        this.next();
        if (this.i >= this.end) return null;
        const at = indentOf(this.lines[this.i]!);
        if (at > ind) return this.block(at);
        if (ofKey && at === ind && isDash(this.lines[this.i]!, ind)) return this.seq(ind);
        return null;
      }
      fallback(); // `key:#`
    }
    if (s === from && from < line.length) fallback(); // `key:value` is not a pair
    const v = scalar(line, s);
    this.next();
    // A deeper line after a one-line value: a multi-line scalar, or an error `yaml` reports.
    if (this.i < this.end && indentOf(this.lines[this.i]!) > ind) fallback();
    return v;
  }
}

function isMarker(line: string): boolean {
  if (line.startsWith('...') || line.startsWith('%')) fallback(); // document end, directives
  if (!line.startsWith('---')) return false;
  if (line.length === 3 || line.trimEnd() === '---') return true;
  return fallback(); // `--- value`, `--- # comment`
}

/** `- ` (or a lone `-`) at column `ind`. */
function isDash(line: string, ind: number): boolean {
  if (line.charCodeAt(ind) !== 45) return false;
  const n = line.charCodeAt(ind + 1);
  return Number.isNaN(n) || n === 32;
}

/**
 * The column of the `:` that ends a plain key starting at `ind`, or −1 when the line holds no key there. A line that
 * starts with a quote or another indicator is not read as a key (a quoted key falls back through `scalar`).
 */
function keyColon(line: string, ind: number): number {
  const c = line[ind];
  if (c === undefined || c === '"' || c === "'" || c === '{' || c === '[') {
    if (c !== undefined && (c === '"' || c === "'") && quotedThenColon(line, ind)) fallback();
    return -1;
  }
  for (let k = ind; k < line.length; k++) {
    const ch = line.charCodeAt(k);
    if (ch === 35 && k > ind && line.charCodeAt(k - 1) === 32) return -1; // a comment starts
    if (ch === 58) {
      const n = line.charCodeAt(k + 1);
      if (Number.isNaN(n) || n === 32) return k;
    }
  }
  return -1;
}

/** A quoted scalar followed by `:` (a quoted key). */
function quotedThenColon(line: string, s: number): boolean {
  const q = line[s];
  let k = s + 1;
  while (k < line.length) {
    const ch = line[k];
    if (q === '"' && ch === '\\') k += 2;
    else if (ch === q) {
      if (q === "'" && line[k + 1] === "'") k += 2;
      else break;
    } else k++;
  }
  k++;
  while (line[k] === ' ') k++;
  return line[k] === ':';
}

function plainKey(raw: string): string {
  const key = raw.trimEnd();
  if (key === '' || INDICATORS.has(key[0]!) || key.includes(' #') || key === '<<' || key === '__proto__') fallback();
  if (typeof resolvePlain(key) !== 'string') fallback(); // `1:`, `true:`, `null:`: `yaml` would stringify them
  return key;
}

/** A one-line scalar from column `s` to the end of the line (a comment may follow). */
function scalar(line: string, s: number): unknown {
  const c = line[s]!;
  if (c === '"') return doubleQuoted(line, s);
  if (c === "'") return singleQuoted(line, s);
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    let k = s + 1;
    while (line[k] === ' ') k++;
    if (line[k] !== close) fallback();
    rest(line, k + 1);
    return c === '{' ? {} : [];
  }
  if (INDICATORS.has(c)) {
    const n = line[s + 1];
    // `-`, `?`, `:` start a plain scalar when a non-space follows (`-1`, `:x`); the others never do.
    if (!(c === '-' || c === '?' || c === ':') || n === undefined || n === ' ') fallback();
  }
  let e = line.indexOf(' #', s);
  if (e < 0) e = line.length;
  const text = line.slice(s, e).trimEnd();
  if (text.includes(': ') || text.endsWith(':')) fallback();
  return resolvePlain(text);
}

/** Only spaces, or spaces and a comment, from column k on. */
function rest(line: string, k: number): void {
  let j = k;
  while (line[j] === ' ') j++;
  if (j < line.length && !(line[j] === '#' && j > k)) fallback();
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

function doubleQuoted(line: string, s: number): string {
  let out = '';
  let k = s + 1;
  for (;;) {
    const q = line.indexOf('"', k);
    const b = line.indexOf('\\', k);
    if (q < 0) fallback(); // a multi-line string
    if (b >= 0 && b < q) {
      out += line.slice(k, b);
      const e = line[b + 1]!;
      if (e in ESCAPES) {
        out += ESCAPES[e];
        k = b + 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(b + 2, b + 6))) {
        out += String.fromCharCode(Number.parseInt(line.slice(b + 2, b + 6), 16));
        k = b + 6;
      } else fallback();
      continue;
    }
    out += line.slice(k, q);
    rest(line, q + 1);
    return out;
  }
}

function singleQuoted(line: string, s: number): string {
  let out = '';
  let k = s + 1;
  for (;;) {
    const q = line.indexOf("'", k);
    if (q < 0) fallback();
    out += line.slice(k, q);
    if (line[q + 1] === "'") {
      out += "'";
      k = q + 2;
      continue;
    }
    rest(line, q + 1);
    return out;
  }
}

// The YAML 1.2 core schema, in the `yaml` package's order (schema/core/schema.js) with its tests and resolvers.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** A plain scalar none of the patterns can match starts with none of these. */
const MAYBE_NOT_STRING = /^[-+.~0-9nNtTfF]/;

export function resolvePlain(s: string): unknown {
  if (s === '') return null;
  if (!MAYBE_NOT_STRING.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return Number.parseInt(s.substring(2), 8);
  if (INT.test(s)) return Number.parseInt(s, 10);
  if (INT_HEX.test(s)) return Number.parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s))
    return s.slice(-3).toLowerCase() === 'nan'
      ? Number.NaN
      : s[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return Number.parseFloat(s);
  return s;
}
