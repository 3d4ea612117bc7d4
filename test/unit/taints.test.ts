import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Taint, TaintEffect, Toleration } from '../../src/api/core.js';
import {
  DO_NOT_SCHEDULE_EFFECTS,
  findUntoleratedTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
} from '../../src/api/taints.js';

const EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

describe('k8s.io/api/core/v1 toleration_test.go TestTolerationToleratesTaint', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    [
      'same key and effect, operator Exists, taint has no value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, operator Exists, taint has some value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same effect, empty key and operator Exists: matches all taints',
      { key: '', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key, effect and value, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, different values, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
      { key: 'foo', value: 'value2', effect: 'NoSchedule' },
      false,
    ],
    [
      'same key and value, different effects, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoExecute' },
      false,
    ],
  ])('%s -> %s', (_name, toleration, taint, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });

  // The upstream table's remaining cases use the alpha Gt/Lt operators (TaintTolerationComparisonOperators),
  // which core.ts's Toleration does not admit: such a toleration is an unknown operator and tolerates nothing,
  // even where upstream with the gate on would tolerate (taint 950 > 750).
  it('Gt/Lt operators are not modelled: an unknown operator tolerates nothing', () => {
    const gt = {
      key: 'node.kubernetes.io/sla',
      operator: 'Gt',
      value: '750',
      effect: 'NoSchedule',
    } as unknown as Toleration;
    expect(toleratesTaint(gt, { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' })).toBe(false);
    const weird = { key: 'k', operator: 'equal' } as unknown as Toleration;
    expect(toleratesTaint(weird, { key: 'k', effect: 'NoSchedule' })).toBe(false);
  });
});

describe('ToleratesTaint edge cases', () => {
  it('an empty key with operator Exists matches every key and value', () => {
    const t: Toleration = { operator: 'Exists' };
    for (const effect of EFFECTS) {
      expect(toleratesTaint(t, { key: 'a', value: 'x', effect })).toBe(true);
      expect(toleratesTaint(t, { key: 'node.kubernetes.io/unreachable', effect })).toBe(true);
      expect(toleratesTaint({ key: '', operator: 'Exists', effect: '' }, { key: 'b', effect })).toBe(true);
    }
  });

  it('an empty or absent effect matches every effect; a set effect only itself', () => {
    for (const effect of EFFECTS) {
      expect(toleratesTaint({ key: 'k', operator: 'Exists' }, { key: 'k', effect })).toBe(true);
      expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: '' }, { key: 'k', effect })).toBe(true);
      for (const other of EFFECTS) {
        expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: other }, { key: 'k', effect })).toBe(
          other === effect,
        );
      }
    }
  });

  it('operator defaults to Equal', () => {
    expect(toleratesTaint({ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoSchedule' })).toBe(true);
    expect(toleratesTaint({ key: 'k', value: 'v' }, { key: 'k', value: 'w', effect: 'NoSchedule' })).toBe(false);
    expect(toleratesTaint({ key: 'k' }, { key: 'k', value: 'w', effect: 'NoSchedule' })).toBe(false);
  });

  it('Equal with an empty or absent value matches a taint with an empty or absent value only', () => {
    const taintNoValue: Taint = { key: 'k', effect: 'NoSchedule' };
    const taintEmpty: Taint = { key: 'k', value: '', effect: 'NoSchedule' };
    const taintValue: Taint = { key: 'k', value: 'x', effect: 'NoSchedule' };
    for (const t of [
      { key: 'k', operator: 'Equal' },
      { key: 'k', operator: 'Equal', value: '' },
    ] as Toleration[]) {
      expect(toleratesTaint(t, taintNoValue)).toBe(true);
      expect(toleratesTaint(t, taintEmpty)).toBe(true);
      expect(toleratesTaint(t, taintValue)).toBe(false);
    }
  });

  it('Exists ignores the toleration value', () => {
    const t: Toleration = { key: 'k', operator: 'Exists', value: 'ignored' };
    expect(toleratesTaint(t, { key: 'k', value: 'other', effect: 'NoExecute' })).toBe(true);
    expect(toleratesTaint(t, { key: 'k', effect: 'NoExecute' })).toBe(true);
  });

  it('different keys never match when the toleration key is set', () => {
    expect(toleratesTaint({ key: 'a', operator: 'Exists' }, { key: 'b', effect: 'NoSchedule' })).toBe(false);
    expect(toleratesTaint({ key: 'a', value: 'v' }, { key: 'b', value: 'v', effect: 'NoSchedule' })).toBe(false);
  });

  it('an empty key with Equal compares only values (validation forbids it; ToleratesTaint does not check)', () => {
    expect(toleratesTaint({ operator: 'Equal', value: 'v' }, { key: 'any', value: 'v', effect: 'NoSchedule' })).toBe(
      true,
    );
    expect(toleratesTaint({ operator: 'Equal', value: 'v' }, { key: 'any', value: 'w', effect: 'NoSchedule' })).toBe(
      false,
    );
    expect(toleratesTaint({}, { key: 'any', effect: 'NoExecute' })).toBe(true);
  });

  // key: same / other / empty-on-toleration; operator: absent / Equal / Exists; value: same / other
  it.each<[string, Toleration, boolean]>([
    ['same key, no operator, same value', { key: 'k', value: 'v' }, true],
    ['same key, no operator, other value', { key: 'k', value: 'w' }, false],
    ['same key, Equal, same value', { key: 'k', operator: 'Equal', value: 'v' }, true],
    ['same key, Equal, other value', { key: 'k', operator: 'Equal', value: 'w' }, false],
    ['same key, Exists, same value', { key: 'k', operator: 'Exists', value: 'v' }, true],
    ['same key, Exists, other value', { key: 'k', operator: 'Exists', value: 'w' }, true],
    ['other key, no operator, same value', { key: 'x', value: 'v' }, false],
    ['other key, Equal, same value', { key: 'x', operator: 'Equal', value: 'v' }, false],
    ['other key, Exists', { key: 'x', operator: 'Exists' }, false],
    ['empty key, no operator, same value', { key: '', value: 'v' }, true],
    ['empty key, Equal, other value', { key: '', operator: 'Equal', value: 'w' }, false],
    ['empty key, Exists, other value', { key: '', operator: 'Exists', value: 'w' }, true],
  ])('truth table: %s -> %s', (_name, t, want) => {
    expect(toleratesTaint(t, { key: 'k', value: 'v', effect: 'NoSchedule' })).toBe(want);
  });
});

describe('kube-scheduler tainttoleration/taint_toleration_test.go TestTaintTolerationFilter (findUntoleratedTaint)', () => {
  it.each<[string, Toleration[], Taint[], Taint | undefined]>([
    [
      "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      [],
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      { key: 'dedicated', value: 'user1', effect: 'NoSchedule' },
    ],
    [
      'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      undefined,
    ],
    [
      "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      { key: 'dedicated', value: 'user1', effect: 'NoSchedule' },
    ],
    [
      'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
      [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      undefined,
    ],
    [
      'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated',
      [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ],
      [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ],
      undefined,
    ],
    [
      "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match",
      [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
    ],
    [
      'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty',
      [{ key: 'foo', operator: 'Equal', value: 'bar' }],
      [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      undefined,
    ],
    [
      "The pod has a toleration that key and value don't match the taint, but the taint's effect is PreferNoSchedule",
      [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
      undefined,
    ],
    [
      'The pod has no toleration, but the effect of taint on node is PreferNoSchedule',
      [],
      [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
      undefined,
    ],
  ])('%s', (_name, tolerations, taints, want) => {
    const got = findUntoleratedTaint(taints, tolerations);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toEqual(want);
  });

  it('returns the first untolerated taint in node order, NoExecute included', () => {
    const taints: Taint[] = [
      { key: 'a', effect: 'PreferNoSchedule' },
      { key: 'b', effect: 'NoSchedule' },
      { key: 'c', effect: 'NoExecute' },
      { key: 'd', effect: 'NoExecute' },
    ];
    expect(findUntoleratedTaint(taints, [])).toBe(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }])).toBe(taints[2]);
    expect(
      findUntoleratedTaint(taints, [
        { key: 'b', operator: 'Exists' },
        { key: 'c', operator: 'Exists' },
      ]),
    ).toBe(taints[3]);
    expect(findUntoleratedTaint(taints, [{ operator: 'Exists' }])).toBeUndefined();
  });

  it('the effects filter is a parameter (e.g. only NoExecute, as the taint eviction controller uses)', () => {
    const taints: Taint[] = [
      { key: 'b', effect: 'NoSchedule' },
      { key: 'c', effect: 'NoExecute' },
    ];
    expect(findUntoleratedTaint(taints, [], ['NoExecute'])).toBe(taints[1]);
    expect(findUntoleratedTaint(taints, [], ['PreferNoSchedule'])).toBeUndefined();
    expect(findUntoleratedTaint([{ key: 'a', effect: 'PreferNoSchedule' }], [], ['PreferNoSchedule'])).toEqual({
      key: 'a',
      effect: 'PreferNoSchedule',
    });
    expect(DO_NOT_SCHEDULE_EFFECTS).toEqual(['NoSchedule', 'NoExecute']);
  });

  it('absent taints or tolerations', () => {
    expect(findUntoleratedTaint(undefined, undefined)).toBeUndefined();
    expect(findUntoleratedTaint([{ key: 'x', effect: 'NoSchedule' }], undefined)).toEqual({
      key: 'x',
      effect: 'NoSchedule',
    });
    expect(tolerationsTolerateTaint(undefined, { key: 'x', effect: 'NoSchedule' })).toBe(false);
    expect(tolerationsTolerateTaint([], { key: 'x', effect: 'NoSchedule' })).toBe(false);
  });
});

describe('properties', () => {
  const key = fc.constantFrom('', 'a', 'b', 'example.com/c');
  const value = fc.option(fc.constantFrom('', 'x', 'y'), { nil: undefined });
  const effect = fc.constantFrom<TaintEffect>(...EFFECTS);
  const tolEffect = fc.option(fc.constantFrom<TaintEffect | ''>('', ...EFFECTS), { nil: undefined });
  const operator = fc.option(fc.constantFrom<'Equal' | 'Exists'>('Equal', 'Exists'), { nil: undefined });
  const taint = fc.record({ key: key.filter((k) => k !== ''), value, effect }, { requiredKeys: ['key', 'effect'] });
  const toleration = fc.record({ key, operator, value, effect: tolEffect }, { requiredKeys: [] });

  test.prop([toleration, taint])('Equal (or no operator) tolerating implies Exists tolerating', (t, tn) => {
    if (t.operator !== 'Exists' && toleratesTaint(t, tn)) {
      expect(toleratesTaint({ ...t, operator: 'Exists' }, tn)).toBe(true);
    }
    // and Exists tolerates exactly when key and effect admit the taint
    const admits = (!t.key || t.key === tn.key) && (!t.effect || t.effect === tn.effect);
    expect(toleratesTaint({ ...t, operator: 'Exists' }, tn)).toBe(admits);
  });

  test.prop([fc.array(toleration, { maxLength: 4 }), fc.array(taint, { maxLength: 6 })])(
    'findUntoleratedTaint returns a NoSchedule/NoExecute taint no toleration tolerates, or proves there is none',
    (tols, taints) => {
      const got = findUntoleratedTaint(taints, tols);
      const blocking = taints.filter(
        (tn) => tn.effect !== 'PreferNoSchedule' && !tols.some((t) => toleratesTaint(t, tn)),
      );
      expect(got).toBe(blocking[0]);
    },
  );

  test.prop([taint])('the universal toleration tolerates every taint', (tn) => {
    expect(toleratesTaint({ operator: 'Exists' }, tn)).toBe(true);
    expect(findUntoleratedTaint([tn], [{ operator: 'Exists' }])).toBeUndefined();
  });
});
