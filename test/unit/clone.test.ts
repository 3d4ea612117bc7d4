import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { clonePlain, mergeMaps } from '../../src/api/clone.js';
import { parseGoInt } from '../../src/controllers/job/pods.js';

describe('clonePlain', () => {
  it('copies deeply, keeping key order and undefined members', () => {
    const a = { z: 1, a: { list: [1, { x: undefined }], s: 'x' }, n: null };
    const c = clonePlain(a);
    expect(c).toStrictEqual(a);
    expect(Object.keys(c)).toEqual(['z', 'a', 'n']);
    expect(c.a).not.toBe(a.a);
    expect(c.a.list[1]).not.toBe(a.a.list[1]);
  });

  it('gives shared sub-objects separate copies, as YAML-to-JSON conversion does', () => {
    const shared = { k: 'v' };
    const c = clonePlain({ a: shared, b: shared });
    c.a.k = 'changed';
    expect(c.b.k).toBe('v');
  });

  it('hands cycles and non-plain values to structuredClone', () => {
    const cyc: { self?: unknown; d: Date } = { d: new Date(0) };
    cyc.self = cyc;
    const c = clonePlain(cyc);
    expect(c.self).toBe(c);
    expect(c.d).toBeInstanceOf(Date);
    expect(() => clonePlain({ f: () => 1 })).toThrow();
  });

  const json = fc.jsonValue();
  test.prop([json])('equals structuredClone on JSON data', (v) => {
    expect(clonePlain(v)).toStrictEqual(structuredClone(v));
  });
});

describe('clonePlain on an own "__proto__" key (JSON.parse and YAML make one)', () => {
  it('copies it as an own property and leaves the prototype alone (fast-check counterexample [{"__proto__": false}])', () => {
    const v = JSON.parse('{"__proto__": false, "a": {"__proto__": {"x": 1}}}');
    const c = clonePlain(v);
    expect(c).toStrictEqual(structuredClone(v));
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.hasOwn(c, '__proto__')).toBe(true);
    expect(Object.hasOwn(c.a, '__proto__')).toBe(true);
    expect((c.a as { x?: number }).x).toBeUndefined();
  });
});

describe('mergeMaps', () => {
  const map = fc.dictionary(fc.constantFrom('a', 'b', 'job-name', '__proto__', 'x/y', '0', '10'), fc.string());
  test.prop([fc.array(fc.option(map, { nil: undefined }), { maxLength: 4 })])(
    'equals the object spread {...a, ...b, …}: same keys, order and values',
    (maps) => {
      let want: Record<string, string> = {};
      for (const m of maps) want = { ...want, ...m };
      const got = mergeMaps(...maps);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(got).toStrictEqual(want);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    },
  );

  it('copies: writing to the result leaves the inputs alone', () => {
    const a = { k: 'v' };
    const m = mergeMaps(a);
    m.k = 'w';
    expect(a.k).toBe('v');
  });
});

describe('parseGoInt (strconv.Atoi)', () => {
  test.prop([fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('+1', '-0', '+', '-', '', '1e3', ' 1'))])(
    'accepts exactly /^[+-]?\\d+$/',
    (v) => {
      const want = /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined;
      expect(parseGoInt(v)).toBe(want);
    },
  );
});
