// Whether two values serialise to the same JSON up to key order (undefined members dropped, non-finite numbers
// as null), without building the strings: controllers compare a status before and after a sync on every sync.
// Plain data only (no toJSON methods, no BigInt), as the API objects are.

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = jsonKind(a);
  if (ta !== jsonKind(b)) return false;
  switch (ta) {
    case 'null': // null, NaN and ±Infinity all write as null
    case 'omitted':
      return true;
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!jsonEqual(inArray(x[i]), inArray(y[i]))) return false;
      return true;
    }
    case 'object': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      let n = 0;
      for (const k in x) {
        if (!Object.hasOwn(x, k) || omitted(x[k])) continue;
        n++;
        if (!Object.hasOwn(y, k) || omitted(y[k]) || !jsonEqual(x[k], y[k])) return false;
      }
      for (const k in y) if (Object.hasOwn(y, k) && !omitted(y[k])) n--;
      return n === 0;
    }
    default:
      return false; // distinct strings or booleans
  }
}

type JsonKind = 'null' | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'omitted';

function jsonKind(v: unknown): JsonKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? 'number' : 'null';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      return Array.isArray(v) ? 'array' : 'object';
    default:
      return 'omitted'; // undefined, functions, symbols
  }
}

/** JSON.stringify leaves these members out of an object. */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** ...and writes them as null inside an array. */
function inArray(v: unknown): unknown {
  return omitted(v) ? null : v;
}
