// `--set PATH=VALUE` (CONTRACT.md §1) on raw parsed documents, before validation.
//
//   EXPR   := TARGET? PATH '=' VALUE        split at the first '=' outside [...] and quotes
//   TARGET := Kind '/' name ':'  |  Kind '/' namespace '/' name ':'
//             (absent: PATH is relative to the Simulation's spec; a Simulation is created if none exists)
//   PATH   := SEG ( '.' key | '[' SEL ']' )*        SEG := key | '[' SEL ']'
//   SEL    := index | field '=' value | "quoted key" | 'quoted key'
//   VALUE  := YAML (`6` is a number, `binpack` a string, `{a: 1}` a mapping, empty = null)
//
// `[name=v5p]` selects the list item whose `name` equals the value (which may contain dots and slashes:
// `resources[name=google.com/tpu]`); `["jobset-sim.dev/duration"]` is a map key containing dots.
// Missing intermediate map keys are created; a missing list item or document is an error.
import { parseDocument } from 'yaml';

export class SetError extends Error {
  readonly expr: string;
  readonly detail: string;

  constructor(expr: string, detail: string) {
    super(`--set ${expr}: ${detail}`);
    this.name = 'SetError';
    this.expr = expr;
    this.detail = detail;
  }
}

/** A parsed YAML document that is a mapping, with where it came from. */
export interface RawDoc {
  file: string;
  /** 1-based index in its file; undefined for a document created by `--set`. */
  document?: number;
  /** 0-based index in the document's `items` (a kubectl List); undefined for a plain document. */
  item?: number;
  object: Record<string, unknown>;
}

export type PathSegment =
  | { type: 'key'; key: string }
  | { type: 'index'; index: number }
  | { type: 'select'; field: string; value: string };

export interface SetTarget {
  kind: string;
  namespace?: string;
  name: string;
}

export interface SetExpression {
  /** Undefined: the Simulation's spec. */
  target?: SetTarget;
  path: PathSegment[];
  value: unknown;
}

export const SIM_API_VERSION = 'jobset-sim.dev/v1alpha1';
/** The `file` of a Simulation document created by `--set` when the scenario has none. */
export const SET_FILE = '--set';

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `the ${typeof v} ${String(v)}`;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Writes segments back as a path: `spec.flavors[name=v5p].resources[0]`, `annotations["a.b/c"]`. */
export function formatSetPath(segs: readonly PathSegment[]): string {
  let out = '';
  for (const s of segs) {
    if (s.type === 'index') out += `[${s.index}]`;
    else if (s.type === 'select') out += `[${s.field}=${s.value}]`;
    else if (PLAIN_KEY.test(s.key)) out += out === '' ? s.key : `.${s.key}`;
    else out += `[${JSON.stringify(s.key)}]`;
  }
  return out;
}

/** Reads a quoted string starting at s[i] (a quote); returns the text and the index after the closing quote. */
function readQuoted(s: string, i: number, path: string): [string, number] {
  const q = s[i];
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '\\' && j + 1 < s.length) {
      out += s[j + 1];
      j += 2;
      continue;
    }
    if (c === q) return [out, j + 1];
    out += c;
    j++;
  }
  throw new SetError(path, `unclosed quote in path "${path}"`);
}

/** Parses a path such as `spec.resourceGroups[0].flavors[name=v5p].nominalQuota`. Throws SetError (expr = the path). */
export function parseSetPath(path: string): PathSegment[] {
  const s = path.trim();
  if (s === '') throw new SetError(path, 'empty path');
  const segs: PathSegment[] = [];
  let i = 0;
  let expectKey = true; // at the start or after '.'
  while (i < s.length) {
    const c = s[i];
    if (c === '[') {
      const start = i;
      i++;
      let seg: PathSegment;
      if (s[i] === '"' || s[i] === "'") {
        const [key, next] = readQuoted(s, i, path);
        seg = { type: 'key', key };
        i = next;
      } else {
        let body = '';
        let value: string | undefined;
        while (i < s.length && s[i] !== ']' && s[i] !== '=') body += s[i++];
        if (s[i] === '=') {
          i++;
          if (s[i] === '"' || s[i] === "'") {
            const [v, next] = readQuoted(s, i, path);
            value = v;
            i = next;
          } else {
            value = '';
            while (i < s.length && s[i] !== ']') value += s[i++];
          }
        }
        const field = body.trim();
        if (value !== undefined) {
          if (field === '') throw new SetError(path, `missing field name before "=" in "${s.slice(start, i + 1)}"`);
          seg = { type: 'select', field, value };
        } else if (/^\d+$/.test(field)) {
          seg = { type: 'index', index: Number(field) };
        } else {
          throw new SetError(
            path,
            `invalid "${s.slice(start, i + 1)}" in path: expected [INDEX], [FIELD=VALUE] or ["KEY"]`,
          );
        }
      }
      if (s[i] !== ']') throw new SetError(path, `missing "]" in path "${path}"`);
      i++;
      segs.push(seg);
      expectKey = false;
      if (i < s.length && s[i] !== '.' && s[i] !== '[') {
        throw new SetError(path, `expected "." or "[" after "]" in path "${path}"`);
      }
      if (s[i] === '.') {
        i++;
        expectKey = true;
        if (i >= s.length) throw new SetError(path, `path "${path}" ends with "."`);
      }
      continue;
    }
    if (!expectKey) throw new SetError(path, `invalid path "${path}"`);
    let key = '';
    while (i < s.length && s[i] !== '.' && s[i] !== '[') {
      if (s[i] === ']') throw new SetError(path, `unexpected "]" in path "${path}"`);
      key += s[i++];
    }
    if (key === '') throw new SetError(path, `empty field name in path "${path}"`);
    segs.push({ type: 'key', key });
    expectKey = false;
    if (s[i] === '.') {
      i++;
      expectKey = true;
      if (i >= s.length) throw new SetError(path, `path "${path}" ends with "."`);
    }
  }
  return segs;
}

/** Index of the first '=' outside brackets and quotes, or -1. */
function splitIndex(expr: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (depth > 0 && (c === '"' || c === "'")) quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

const TARGET = /^([A-Za-z][A-Za-z0-9]*)\/([^:/\s]+)(?:\/([^:/\s]+))?:(.*)$/s;

/** Parses `[Kind/[namespace/]name:]PATH=VALUE`. Throws SetError. */
export function parseSetExpression(expr: string): SetExpression {
  const eq = splitIndex(expr);
  if (eq < 0) throw new SetError(expr, 'expected PATH=VALUE');
  let lhs = expr.slice(0, eq).trim();
  const valueText = expr.slice(eq + 1);
  let target: SetTarget | undefined;
  const m = TARGET.exec(lhs);
  if (m) {
    const [, kind, first, second, rest] = m;
    target = second === undefined ? { kind: kind!, name: first! } : { kind: kind!, namespace: first!, name: second };
    lhs = rest!.trim();
  }
  let path: PathSegment[];
  try {
    path = parseSetPath(lhs);
  } catch (e) {
    if (e instanceof SetError) throw new SetError(expr, e.detail);
    throw e;
  }
  const doc = parseDocument(valueText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new SetError(expr, `VALUE is not valid YAML: ${first.message}`);
  }
  const value: unknown = doc.toJS();
  return target ? { target, path, value } : { path, value };
}

function plural(kind: string): string {
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

function metaOf(o: Record<string, unknown>): Record<string, unknown> {
  return isMap(o.metadata) ? o.metadata : {};
}

function docName(o: Record<string, unknown>): string | undefined {
  const n = metaOf(o).name;
  return typeof n === 'string' ? n : undefined;
}

function docNamespace(o: Record<string, unknown>): string | undefined {
  const n = metaOf(o).namespace;
  return typeof n === 'string' ? n : undefined;
}

function findTarget(docs: RawDoc[], t: SetTarget, expr: string): Record<string, unknown> {
  const ofKind = docs.filter((d) => d.object.kind === t.kind);
  if (ofKind.length === 0) {
    const kinds = [...new Set(docs.map((d) => String(d.object.kind)))];
    const hint = kinds.find((k) => k.toLowerCase() === t.kind.toLowerCase());
    throw new SetError(
      expr,
      `no ${t.kind} named "${t.name}" (the scenario has no ${t.kind}` +
        (hint ? `; did you mean ${hint}?` : kinds.length > 0 ? `; kinds: ${kinds.join(', ')}` : '') +
        ')',
    );
  }
  const byName = ofKind.filter((d) => docName(d.object) === t.name);
  const matches =
    t.namespace === undefined ? byName : byName.filter((d) => (docNamespace(d.object) ?? 'default') === t.namespace);
  if (matches.length === 0) {
    const names = ofKind.map((d) => {
      const ns = docNamespace(d.object);
      const n = docName(d.object) ?? '(unnamed)';
      return ns && ns !== 'default' ? `${ns}/${n}` : n;
    });
    const what = t.namespace === undefined ? `"${t.name}"` : `"${t.name}" in namespace "${t.namespace}"`;
    throw new SetError(expr, `no ${t.kind} named ${what} (${plural(t.kind)}: ${names.join(', ')})`);
  }
  if (t.namespace === undefined) {
    const namespaces = [...new Set(matches.map((d) => docNamespace(d.object) ?? 'default'))];
    if (namespaces.length > 1) {
      throw new SetError(
        expr,
        `${matches.length} ${plural(t.kind)} are named "${t.name}" (in namespaces ${namespaces.join(', ')}); ` +
          `write ${t.kind}/NAMESPACE/${t.name}:PATH`,
      );
    }
  }
  return matches[0]!.object;
}

function simulationSpec(
  docs: RawDoc[],
  expr: string,
  created: [Record<string, unknown>, string][],
): Record<string, unknown> {
  let sim = docs.find((d) => d.object.kind === 'Simulation');
  if (!sim) {
    sim = { file: SET_FILE, object: { apiVersion: SIM_API_VERSION, kind: 'Simulation', metadata: {}, spec: {} } };
    docs.push(sim);
  }
  const spec = sim.object.spec;
  if (spec === undefined || spec === null) {
    const spec: Record<string, unknown> = {};
    sim.object.spec = spec;
    created.push([sim.object, 'spec']);
    return spec;
  }
  if (!isMap(spec)) throw new SetError(expr, `the Simulation's spec is ${describe(spec)}, not a mapping`);
  return spec;
}

/**
 * A field's own value: a path names the document's fields, never what a plain object inherits (`constructor`,
 * `__proto__`, `toString`).
 */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Sets an own field; assigning `__proto__` would replace the object's prototype instead (and reach every object). */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Sets `value` at `path` inside `root`; `prefix` is how the path is shown in errors (e.g. `spec` for bare paths). */
function setAt(
  root: Record<string, unknown>,
  path: PathSegment[],
  value: unknown,
  expr: string,
  prefix: PathSegment[],
  created: [Record<string, unknown>, string][],
) {
  let container: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const here = formatSetPath([...prefix, ...path.slice(0, i)]);
    const shown = formatSetPath([...prefix, ...path.slice(0, i + 1)]);
    if (seg.type === 'key') {
      if (!isMap(container)) {
        throw new SetError(expr, `${here} is ${describe(container)}, not a mapping, so it has no field "${seg.key}"`);
      }
      if (last) {
        put(container, seg.key, value);
        return;
      }
      let next = own(container, seg.key);
      if (next === undefined || next === null) {
        if (path[i + 1]!.type !== 'key') {
          throw new SetError(expr, `${shown}: no such list`);
        }
        next = {};
        put(container, seg.key, next);
        created.push([container, seg.key]);
      }
      container = next;
      continue;
    }
    if (!Array.isArray(container)) {
      throw new SetError(expr, `${here} is ${describe(container)}, not a list`);
    }
    let idx: number;
    if (seg.type === 'index') {
      idx = seg.index;
      if (idx >= container.length) {
        const n = container.length;
        throw new SetError(
          expr,
          `${shown}: index out of range (the list has ${n === 0 ? 'no items' : n === 1 ? '1 item' : `${n} items`})`,
        );
      }
    } else {
      idx = container.findIndex(
        (item) => isMap(item) && own(item, seg.field) !== undefined && String(own(item, seg.field)) === seg.value,
      );
      if (idx < 0) {
        const values = container
          .filter((item): item is Record<string, unknown> => isMap(item) && own(item, seg.field) !== undefined)
          .map((item) => String(own(item, seg.field)));
        const listed =
          values.length === 0
            ? 'no item has one'
            : `${seg.field === 'name' ? 'names' : `${seg.field} values`}: ${values.join(', ')}`;
        throw new SetError(expr, `${shown}: no item with ${seg.field} "${seg.value}" (${listed})`);
      }
    }
    if (last) {
      container[idx] = value;
      return;
    }
    container = container[idx];
  }
}

/** Applies one `--set` expression to the raw documents (in place). Throws SetError and then leaves them unchanged. */
export function applySet(docs: RawDoc[], expr: string): void {
  const parsed = parseSetExpression(expr);
  const docCount = docs.length;
  const created: [Record<string, unknown>, string][] = [];
  try {
    if (parsed.target) {
      const obj = findTarget(docs, parsed.target, expr);
      setAt(obj, parsed.path, parsed.value, expr, [], created);
    } else {
      const spec = simulationSpec(docs, expr, created);
      setAt(spec, parsed.path, parsed.value, expr, [{ type: 'key', key: 'spec' }], created);
    }
  } catch (e) {
    for (const [obj, k] of created.reverse()) delete obj[k];
    docs.length = docCount; // drop a Simulation created for this expression
    throw e;
  }
}
