import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { clonePlain } from '../../src/api/clone.js';

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
