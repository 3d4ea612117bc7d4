// A deep copy of plain API data (objects, arrays, strings, numbers, booleans, null, undefined), several times faster
// than structuredClone on the small objects controllers copy on every reconcile. Shared sub-objects (YAML aliases)
// become separate copies, as kubectl's YAML-to-JSON conversion makes them; anything else, and data nested deeper
// than any API object (a cycle), goes to structuredClone.

const MAX_DEPTH = 64;

export function clonePlain<T>(v: T): T {
  try {
    return copy(v, 0) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return structuredClone(v);
  }
}

const NOT_PLAIN = Symbol('not plain data');

function copy(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw NOT_PLAIN;
    return v;
  }
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const c = copy((v as Record<string, unknown>)[k], depth + 1);
    // An own "__proto__" key (JSON.parse and YAML make one) would set the copy's prototype if assigned.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

/**
 * `{...a, ...b, …}` for string maps (labels, annotations, node selectors): the same keys in the same order, built
 * with Object.assign, which V8 (node 20) runs over ten times faster than an object spread of a map of a dozen keys or
 * more (the JobSet labels every child Job and pod carries). An own "__proto__" key, which Object.assign would not
 * copy as a key, takes the spread.
 */
export function mergeMaps<V>(...maps: (Readonly<Record<string, V>> | null | undefined)[]): Record<string, V> {
  const out: Record<string, V> = {};
  for (const m of maps) {
    if (m === undefined || m === null) continue;
    if (Object.hasOwn(m, '__proto__')) return spreadAll(maps);
    Object.assign(out, m);
  }
  return out;
}

function spreadAll<V>(maps: (Readonly<Record<string, V>> | null | undefined)[]): Record<string, V> {
  let out: Record<string, V> = {};
  for (const m of maps) out = { ...out, ...m };
  return out;
}
