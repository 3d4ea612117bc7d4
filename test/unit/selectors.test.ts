import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type {
  LabelSelector,
  LabelSelectorRequirement,
  NodeSelector,
  NodeSelectorRequirement,
} from '../../src/api/core.js';
import {
  compileLabelSelector,
  compileNodeSelector,
  compileRequiredNodeAffinity,
  isLabelKey,
  isLabelValue,
  labelSelectorMatches,
  labelSelectorParses,
  nodeSelectorMapMatches,
  nodeSelectorTermMatches,
  nodeSelectorTermParses,
  nodeSelectorTermsMatch,
  podMatchesNodeSelectorAndAffinityTerms,
  validateLabelSelector,
  validateLabelSelectorRequirement,
  validateNodeFieldSelectorRequirement,
  validateNodeSelector,
  validateNodeSelectorRequirement,
} from '../../src/api/selectors.js';

type Op = NodeSelectorRequirement['operator'];
type LabelOp = LabelSelectorRequirement['operator'];

function req(key: string, operator: Op, values?: string[]): NodeSelectorRequirement {
  return values === undefined ? { key, operator } : { key, operator, values };
}
function lreq(key: string, operator: LabelOp, values?: string[]): LabelSelectorRequirement {
  return values === undefined ? { key, operator } : { key, operator, values };
}
/** A node selector with one term of matchExpressions. */
function nodeSel(...exprs: NodeSelectorRequirement[]): NodeSelector {
  return { nodeSelectorTerms: [{ matchExpressions: exprs }] };
}
/** An operator outside the typed union, as a hand-written manifest may carry. */
function badOp<T>(op: string): T {
  return op as unknown as T;
}

describe('apimachinery pkg/labels/selector_test.go TestRequirementSelectorMatching', () => {
  it.each([
    [{ x: 'foo', y: 'baz' }, [lreq('x', 'In', ['foo']), lreq('y', 'NotIn', ['alpha'])], true],
    [{ x: 'foo', y: 'baz' }, [lreq('x', 'In', ['foo']), lreq('y', 'In', ['alpha'])], false],
    [{ y: '' }, [lreq('x', 'NotIn', ['']), lreq('y', 'Exists')], true],
    [{ y: '' }, [lreq('x', 'DoesNotExist'), lreq('y', 'Exists')], true],
    [{ y: '' }, [lreq('x', 'NotIn', ['']), lreq('y', 'DoesNotExist')], false],
    [{ y: 'baz' }, [lreq('x', 'In', [''])], false],
  ] as const)('%j with %j -> %s', (labels, exprs, want) => {
    expect(labelSelectorMatches({ matchExpressions: [...exprs] }, labels)).toBe(want);
    // The same requirements as a node selector term give the same answer.
    expect(nodeSelectorTermsMatch(nodeSel(...exprs), labels)).toBe(want);
  });

  it.each([
    [{ z: '2' }, true],
    [{ z: 'v2' }, false],
  ])('Gt: %j with z>1 -> %s', (labels, want) => {
    expect(nodeSelectorTermsMatch(nodeSel(req('z', 'Gt', ['1'])), labels)).toBe(want);
  });

  it('the zero Requirement (no key, no operator) matches nothing', () => {
    expect(labelSelectorMatches({ matchExpressions: [lreq('', badOp<LabelOp>(''))] }, { x: 'foo', y: 'baz' })).toBe(
      false,
    );
  });
});

describe('apimachinery pkg/labels/selector_test.go TestSelectorMatches / TestSetMatches', () => {
  // labels.Parse strings translated to the structured form a LabelSelector / NodeSelector carries.
  it.each([
    ['x=y', { matchLabels: { x: 'y' } }, { x: 'y' }, true],
    ['x=y,z=w', { matchLabels: { x: 'y', z: 'w' } }, { x: 'y', z: 'w' }, true],
    [
      'x!=y,z!=w',
      { matchExpressions: [lreq('x', 'NotIn', ['y']), lreq('z', 'NotIn', ['w'])] },
      { x: 'z', z: 'a' },
      true,
    ],
    ['notin=in', { matchLabels: { notin: 'in' } }, { notin: 'in' }, true],
    ['x', { matchExpressions: [lreq('x', 'Exists')] }, { x: 'z' }, true],
    ['!x', { matchExpressions: [lreq('x', 'DoesNotExist')] }, { y: 'z' }, true],
    ['x=z', { matchLabels: { x: 'z' } }, {}, false],
    ['x=y', { matchLabels: { x: 'y' } }, { x: 'z' }, false],
    ['x=y,z=w', { matchLabels: { x: 'y', z: 'w' } }, { x: 'w', z: 'w' }, false],
    [
      'x!=y,z!=w',
      { matchExpressions: [lreq('x', 'NotIn', ['y']), lreq('z', 'NotIn', ['w'])] },
      { x: 'z', z: 'w' },
      false,
    ],
    ['x', { matchExpressions: [lreq('x', 'Exists')] }, { y: 'z' }, false],
    ['!x', { matchExpressions: [lreq('x', 'DoesNotExist')] }, { x: 'z' }, false],
    [
      'foo=bar,foobar=bar,baz=blah',
      { matchLabels: { foo: 'bar', foobar: 'bar', baz: 'blah' } },
      { foo: 'bar', baz: 'blah' },
      false,
    ],
  ] as const)('%s on %j', (_text, sel, labels, want) => {
    expect(labelSelectorMatches(sel as LabelSelector, labels)).toBe(want);
  });

  it.each([
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
  ] as const)('%s on %j (node selector Gt/Lt)', (text, labels, want) => {
    const op: Op = text.includes('>') ? 'Gt' : 'Lt';
    expect(nodeSelectorTermsMatch(nodeSel(req('x', op, ['1'])), labels)).toBe(want);
  });

  it('TestSetMatches: a set selector matches the superset labels (nodeSelectorMapMatches)', () => {
    const labels = { foo: 'bar', baz: 'blah' };
    expect(nodeSelectorMapMatches({}, labels)).toBe(true);
    expect(nodeSelectorMapMatches({ foo: 'bar' }, labels)).toBe(true);
    expect(nodeSelectorMapMatches({ baz: 'blah' }, labels)).toBe(true);
    expect(nodeSelectorMapMatches({ foo: 'bar', baz: 'blah' }, labels)).toBe(true);
    expect(nodeSelectorMapMatches({ foo: 'bar', baz: 'other' }, labels)).toBe(false);
    expect(nodeSelectorMapMatches(undefined, undefined)).toBe(true);
    expect(nodeSelectorMapMatches({ foo: 'bar' }, undefined)).toBe(false);
  });
});

describe('apimachinery pkg/labels/selector_test.go TestRequirementConstructor (parse validity)', () => {
  it.each([
    ['x', 'In', undefined, false],
    ['x', 'NotIn', [], false],
    ['x', 'In', ['foo'], true],
    ['x', 'NotIn', ['foo'], true],
    ['x', 'Exists', undefined, true],
    ['x', 'DoesNotExist', undefined, true],
    ['1foo', 'In', ['bar'], true],
    ['1234', 'In', ['bar'], true],
    ['y', 'Gt', ['1'], true],
    ['z', 'Lt', ['6'], true],
    ['foo', 'Gt', ['bar'], false],
    ['barz', 'Lt', ['blah'], false],
    ['a'.repeat(254), 'Exists', undefined, false], // breaks DNS rule that len(key) <= 253
  ] as const)('key %j %s %j -> %s', (key, op, values, ok) => {
    const r = req(key, op, values === undefined ? undefined : [...values]);
    expect(nodeSelectorTermParses({ matchExpressions: [r] })).toBe(ok);
  });

  it('a LabelSelector cannot use Gt/Lt (LabelSelectorAsSelector: not a valid label selector operator)', () => {
    const sel = { matchExpressions: [lreq('y', badOp<LabelOp>('Gt'), ['1'])] };
    expect(labelSelectorParses(sel)).toBe(false);
    expect(labelSelectorMatches(sel, { y: '5' })).toBe(false);
  });
});

describe('apimachinery apis/meta/v1/helpers_test.go TestLabelSelectorAsSelector', () => {
  const matchLabels = { foo: 'bar' };
  const matchExpressions = [lreq('baz', 'In', ['qux', 'norf'])];

  it('nil selector: labels.Nothing()', () => {
    expect(labelSelectorMatches(undefined, { any: 'label' })).toBe(false);
    expect(labelSelectorMatches(null, {})).toBe(false);
  });

  it('empty selector: labels.Everything()', () => {
    expect(labelSelectorMatches({}, { any: 'label' })).toBe(true);
    expect(labelSelectorMatches({}, undefined)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  it('foo=bar', () => {
    expect(labelSelectorMatches({ matchLabels }, { foo: 'bar', other: 'x' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels }, { foo: 'baz' })).toBe(false);
  });

  it('baz in (norf,qux)', () => {
    expect(labelSelectorMatches({ matchExpressions }, { baz: 'norf' })).toBe(true);
    expect(labelSelectorMatches({ matchExpressions }, { baz: 'qux' })).toBe(true);
    expect(labelSelectorMatches({ matchExpressions }, { baz: 'other' })).toBe(false);
  });

  it('baz in (norf,qux),foo=bar: matchLabels ANDed with matchExpressions', () => {
    expect(labelSelectorMatches({ matchLabels, matchExpressions }, { foo: 'bar', baz: 'qux' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels, matchExpressions }, { foo: 'bar' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels, matchExpressions }, { baz: 'qux' })).toBe(false);
  });

  it('Exists with values is an error: the selector matches nothing', () => {
    const sel = { matchExpressions: [lreq('baz', 'Exists', ['qux', 'norf'])] };
    expect(labelSelectorParses(sel)).toBe(false);
    expect(labelSelectorMatches(sel, { baz: 'qux' })).toBe(false);
  });

  it('invalid label keys or values in matchLabels are errors too', () => {
    expect(labelSelectorMatches({ matchLabels: { 'bad key': 'v' } }, { 'bad key': 'v' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { k: 'bad value' } }, { k: 'bad value' })).toBe(false);
  });
});

describe('operator truth tables', () => {
  const present = { k: 'a' };
  const otherValue = { k: 'b' };
  const absent = { other: 'a' };
  // [operator, values, key present with listed value, key present with other value, key absent]
  const LABEL_TABLE: ReadonlyArray<readonly [LabelOp, string[] | undefined, boolean, boolean, boolean]> = [
    ['In', ['a'], true, false, false],
    ['NotIn', ['a'], false, true, true],
    ['Exists', undefined, true, true, false],
    ['DoesNotExist', undefined, false, false, true],
  ];
  it.each(LABEL_TABLE)('label selector %s %j', (op, values, onPresent, onOther, onAbsent) => {
    const sel = { matchExpressions: [lreq('k', op, values)] };
    expect(labelSelectorMatches(sel, present)).toBe(onPresent);
    expect(labelSelectorMatches(sel, otherValue)).toBe(onOther);
    expect(labelSelectorMatches(sel, absent)).toBe(onAbsent);
    expect(labelSelectorMatches(sel, undefined)).toBe(onAbsent);
  });
  it.each(LABEL_TABLE)('node selector %s %j', (op, values, onPresent, onOther, onAbsent) => {
    const sel = nodeSel(req('k', op, values));
    expect(nodeSelectorTermsMatch(sel, present)).toBe(onPresent);
    expect(nodeSelectorTermsMatch(sel, otherValue)).toBe(onOther);
    expect(nodeSelectorTermsMatch(sel, absent)).toBe(onAbsent);
  });

  // [operator, requirement value, node label value (undefined: absent), match]
  const NUMERIC: ReadonlyArray<readonly [Op, string, string | undefined, boolean]> = [
    ['Gt', '5', '6', true],
    ['Gt', '5', '5', false],
    ['Gt', '5', '4', false],
    ['Gt', '5', undefined, false],
    ['Lt', '5', '4', true],
    ['Lt', '5', '5', false],
    ['Lt', '5', '6', false],
    ['Lt', '5', undefined, false],
    // node label values are read with strconv.ParseInt: signs are accepted, anything else is not an integer
    ['Lt', '0', '-5', true],
    ['Gt', '5', '+7', true],
    ['Gt', '5', ' 7', false],
    ['Gt', '5', '7.0', false],
    ['Gt', '5', 'v7', false],
    ['Gt', '5', '', false],
    ['Gt', '5', '1e3', false],
    ['Gt', '5', '0x10', false],
    // requirement values must be integers and valid label values, so they cannot carry a sign
    ['Gt', 'abc', '7', false],
    ['Gt', '1.5', '7', false],
    ['Gt', '-1', '7', false],
    ['Lt', '+9', '7', false],
    // leading zeros parse (nodeaffinity_test.go "kernel-version" 0206 > 0204)
    ['Gt', '0204', '0206', true],
    // int64 range, compared exactly beyond 2^53
    ['Gt', '9223372036854775806', '9223372036854775807', true],
    ['Lt', '9223372036854775807', '9223372036854775806', true],
    ['Gt', '9007199254740992', '9007199254740993', true],
    ['Gt', '9223372036854775806', '9223372036854775808', false],
    ['Lt', '9223372036854775808', '1', false],
    ['Lt', '5', '-9223372036854775808', true],
    ['Lt', '5', '-9223372036854775809', false],
  ];
  it.each(NUMERIC)('%s %j against node label %j -> %s', (op, value, label, want) => {
    const labels: Record<string, string> = label === undefined ? {} : { k: label };
    expect(nodeSelectorTermsMatch(nodeSel(req('k', op, [value])), labels)).toBe(want);
  });

  it('Gt/Lt need exactly one value', () => {
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Gt', ['1', '2'])), { k: '7' })).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Gt', [])), { k: '7' })).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Lt')), { k: '0' })).toBe(false);
  });

  it('malformed requirements never match, even where the operator alone would', () => {
    // NotIn without values would match every node; Exists with values would match on key presence.
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'NotIn', [])), { k: 'a' })).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'DoesNotExist', ['x'])), {})).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Exists', ['x'])), { k: 'a' })).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('k', badOp<Op>('Equals'), ['a'])), { k: 'a' })).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'NotIn', [])] }, { k: 'a' })).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'DoesNotExist', ['x'])] }, {})).toBe(false);
  });

  it('labels inherited from Object.prototype are not labels', () => {
    expect(labelSelectorMatches({ matchExpressions: [lreq('constructor', 'Exists')] }, {})).toBe(false);
    expect(nodeSelectorTermsMatch(nodeSel(req('toString', 'DoesNotExist')), {})).toBe(true);
    expect(nodeSelectorMapMatches({ constructor: 'x' }, {})).toBe(false);
  });
});

describe('component-helpers nodeaffinity_test.go TestNodeSelectorMatch', () => {
  it('invalid field selector and label selector: the invalid terms never match', () => {
    const sel: NodeSelector = {
      nodeSelectorTerms: [
        { matchFields: [req('metadata.name', 'In', ['host_1', 'host_2'])] },
        {
          matchExpressions: [req('label_1', 'In', ['label_1_val'])],
          matchFields: [req('metadata.name', 'In', ['host_1'])],
        },
        { matchExpressions: [req('invalid key', 'In', ['label_value'])] },
      ],
    };
    expect(nodeSelectorTermsMatch(sel, { 'invalid key': 'label_value' }, { 'metadata.name': 'host_1' })).toBe(false);
    expect(nodeSelectorTermsMatch(sel, { label_1: 'label_1_val' }, { 'metadata.name': 'host_1' })).toBe(true);
    const errs = validateNodeSelector(sel);
    // the two parse errors upstream's NewNodeSelector reports, in core-validation wording
    expect(errs).toContain(
      "nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
    );
    expect(errs).toContain(
      'nodeSelectorTerms[2].matchExpressions[0].key: Invalid value: "invalid key": name part must consist of ' +
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
    // and API validation also rejects "host_1"/"host_2" as node names (no '_' in an RFC 1123 subdomain)
    expect(errs.filter((e) => e.includes('a lowercase RFC 1123 subdomain'))).toHaveLength(3);
    expect(errs).toHaveLength(5);
  });

  const term = {
    matchExpressions: [req('label_1', 'In', ['label_1_val'])],
    matchFields: [req('metadata.name', 'In', ['host_1'])],
  };

  it('node matches field selector, but not labels', () => {
    expect(nodeSelectorTermsMatch({ nodeSelectorTerms: [term] }, {}, { 'metadata.name': 'host_1' })).toBe(false);
  });

  it('node matches field selector and label selector', () => {
    const labels = { label_1: 'label_1_val' };
    expect(nodeSelectorTermsMatch({ nodeSelectorTerms: [term] }, labels, { 'metadata.name': 'host_1' })).toBe(true);
  });

  it('second term matches', () => {
    const sel = {
      nodeSelectorTerms: [
        { matchExpressions: [req('label_1', 'In', ['label_1_val'])] },
        { matchFields: [req('metadata.name', 'In', ['host_1'])] },
      ],
    };
    expect(nodeSelectorTermsMatch(sel, undefined, { 'metadata.name': 'host_1' })).toBe(true);
  });
});

describe('component-helpers nodeaffinity_test.go TestNodeSelectorRequirementsAsSelector', () => {
  it('no requirements: labels.Nothing()', () => {
    expect(nodeSelectorTermMatches({ matchExpressions: [] }, { foo: 'bar' })).toBe(false);
    expect(nodeSelectorTermMatches({}, { foo: 'bar' })).toBe(false);
  });
  it('foo in (baz,bar)', () => {
    expect(nodeSelectorTermMatches({ matchExpressions: [req('foo', 'In', ['bar', 'baz'])] }, { foo: 'baz' })).toBe(
      true,
    );
  });
  it('Exists with values: values set must be empty for exists and does not exist', () => {
    const t = { matchExpressions: [req('foo', 'Exists', ['bar', 'baz'])] };
    expect(nodeSelectorTermParses(t)).toBe(false);
    expect(nodeSelectorTermMatches(t, { foo: 'bar' })).toBe(false);
  });
  it('foo>1 and bar<7 parse', () => {
    expect(nodeSelectorTermParses({ matchExpressions: [req('foo', 'Gt', ['1'])] })).toBe(true);
    expect(nodeSelectorTermParses({ matchExpressions: [req('bar', 'Lt', ['7'])] })).toBe(true);
  });
});

describe('component-helpers nodeaffinity_test.go TestPreferredSchedulingTermsScore', () => {
  it('first and third term match: 5 + 11 = 16', () => {
    const terms = [
      { weight: 5, preference: { matchFields: [req('metadata.name', 'In', ['host_1'])] } },
      { weight: 7, preference: { matchExpressions: [req('unknown_label', 'In', ['unknown_label_val'])] } },
      { weight: 11, preference: { matchExpressions: [req('label_1', 'In', ['label_1_val'])] } },
    ];
    const labels = { label_1: 'label_1_val' };
    let score = 0;
    for (const t of terms) if (nodeSelectorTermMatches(t.preference, labels, 'host_1')) score += t.weight;
    expect(score).toBe(16);
  });
});

describe('component-helpers nodeaffinity_test.go TestPodMatchesNodeSelectorAndAffinityTerms', () => {
  const affinity = (...terms: NodeSelector['nodeSelectorTerms']) => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  });
  const cases: ReadonlyArray<{
    name: string;
    spec: Parameters<typeof podMatchesNodeSelectorAndAffinityTerms>[0];
    labels?: Record<string, string>;
    nodeName?: string;
    want: boolean;
  }> = [
    { name: 'no selector', spec: {}, want: true },
    { name: 'missing labels', spec: { nodeSelector: { foo: 'bar' } }, want: false },
    { name: 'same labels', spec: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar' }, want: true },
    {
      name: 'node labels are superset',
      spec: { nodeSelector: { foo: 'bar' } },
      labels: { foo: 'bar', baz: 'blah' },
      want: true,
    },
    {
      name: 'node labels are subset',
      spec: { nodeSelector: { foo: 'bar', baz: 'blah' } },
      labels: { foo: 'bar' },
      want: false,
    },
    {
      name: 'Pod with matchExpressions using In operator that matches the existing node',
      spec: { affinity: affinity({ matchExpressions: [req('foo', 'In', ['bar', 'value2'])] }) },
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with matchExpressions using Gt operator that matches the existing node',
      spec: { affinity: affinity({ matchExpressions: [req('kernel-version', 'Gt', ['0204'])] }) },
      labels: { 'kernel-version': '0206' },
      want: true,
    },
    {
      name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
      spec: { affinity: affinity({ matchExpressions: [req('mem-type', 'NotIn', ['DDR', 'DDR2'])] }) },
      labels: { 'mem-type': 'DDR3' },
      want: true,
    },
    {
      name: 'Pod with matchExpressions using Exists operator that matches the existing node',
      spec: { affinity: affinity({ matchExpressions: [req('GPU', 'Exists')] }) },
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: true,
    },
    {
      name: "Pod with affinity that don't match node's labels won't schedule onto the node",
      spec: { affinity: affinity({ matchExpressions: [req('foo', 'In', ['value1', 'value2'])] }) },
      labels: { foo: 'bar' },
      want: false,
    },
    {
      name: "Pod with an empty []NodeSelectorTerm in affinity, can't match the node",
      spec: { affinity: affinity() },
      labels: { foo: 'bar' },
      want: false,
    },
    {
      name: 'Pod with empty MatchExpressions is not a valid value will match no objects',
      spec: { affinity: affinity({ matchExpressions: [] }) },
      labels: { foo: 'bar' },
      want: false,
    },
    { name: 'Pod with no Affinity will schedule onto a node', spec: {}, labels: { foo: 'bar' }, want: true },
    {
      name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
      spec: { affinity: { nodeAffinity: {} } },
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
      spec: { affinity: affinity({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'NotIn', ['AMD', 'INTER'])] }) },
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: true,
    },
    {
      name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      spec: { affinity: affinity({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'In', ['AMD', 'INTER'])] }) },
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: false,
    },
    {
      name: 'Pod with multiple NodeSelectorTerms ORed in affinity, matches the node',
      spec: {
        affinity: affinity(
          { matchExpressions: [req('foo', 'In', ['bar', 'value2'])] },
          { matchExpressions: [req('diffkey', 'In', ['wrong', 'value2'])] },
        ),
      },
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with an Affinity and a PodSpec.NodeSelector both satisfied',
      spec: { nodeSelector: { foo: 'bar' }, affinity: affinity({ matchExpressions: [req('foo', 'Exists')] }) },
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with an Affinity matches node labels but the PodSpec.NodeSelector is not satisfied',
      spec: { nodeSelector: { foo: 'bar' }, affinity: affinity({ matchExpressions: [req('foo', 'Exists')] }) },
      labels: { foo: 'barrrrrr' },
      want: false,
    },
    {
      name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      spec: { affinity: affinity({ matchExpressions: [req('foo', 'NotIn', ['invalid value: ___@#$%^'])] }) },
      labels: { foo: 'bar' },
      want: false,
    },
    {
      name: 'Pod with matchFields using In operator that matches the existing node',
      spec: { affinity: affinity({ matchFields: [req('metadata.name', 'In', ['node_1'])] }) },
      nodeName: 'node_1',
      want: true,
    },
    {
      name: 'Pod with matchFields using In operator that does not match the existing node',
      spec: { affinity: affinity({ matchFields: [req('metadata.name', 'In', ['node_1'])] }) },
      nodeName: 'node_2',
      want: false,
    },
    {
      name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
      spec: {
        affinity: affinity(
          { matchFields: [req('metadata.name', 'In', ['node_1'])] },
          { matchExpressions: [req('foo', 'In', ['bar'])] },
        ),
      },
      nodeName: 'node_2',
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
      spec: {
        affinity: affinity({
          matchFields: [req('metadata.name', 'In', ['node_1'])],
          matchExpressions: [req('foo', 'In', ['bar'])],
        }),
      },
      nodeName: 'node_2',
      labels: { foo: 'bar' },
      want: false,
    },
    {
      name: 'Pod with one term: both matchFields and matchExpressions match',
      spec: {
        affinity: affinity({
          matchFields: [req('metadata.name', 'In', ['node_1'])],
          matchExpressions: [req('foo', 'In', ['bar'])],
        }),
      },
      nodeName: 'node_1',
      labels: { foo: 'bar' },
      want: true,
    },
    {
      name: 'Pod with two terms: both matchFields and matchExpressions do not match',
      spec: {
        affinity: affinity(
          { matchFields: [req('metadata.name', 'In', ['node_1'])] },
          { matchExpressions: [req('foo', 'In', ['not-match-to-bar'])] },
        ),
      },
      nodeName: 'node_2',
      labels: { foo: 'bar' },
      want: false,
    },
  ];
  it.each(cases)('$name', ({ spec, labels, nodeName, want }) => {
    expect(podMatchesNodeSelectorAndAffinityTerms(spec, labels, nodeName)).toBe(want);
    expect(compileRequiredNodeAffinity(spec).matches(labels, nodeName)).toBe(want);
  });
});

describe('nodeaffinity nodeSelectorTerm.match: matchFields details', () => {
  const byName = { matchFields: [req('metadata.name', 'In', ['node_1'])] };
  it('a node without a name skips matchFields (len(nodeFields) == 0)', () => {
    expect(nodeSelectorTermMatches(byName, {}, undefined)).toBe(true);
    expect(nodeSelectorTermMatches(byName, {}, '')).toBe(true);
    expect(nodeSelectorTermsMatch({ nodeSelectorTerms: [byName] }, {})).toBe(true);
  });
  it('but a malformed matchFields still fails the term', () => {
    expect(nodeSelectorTermMatches({ matchFields: [req('metadata.name', 'In', ['a', 'b'])] }, {}, undefined)).toBe(
      false,
    );
    expect(nodeSelectorTermMatches({ matchFields: [req('metadata.name', 'Exists')] }, {}, undefined)).toBe(false);
  });
  it('NotIn by name', () => {
    const t = { matchFields: [req('metadata.name', 'NotIn', ['node_1'])] };
    expect(nodeSelectorTermMatches(t, {}, 'node_1')).toBe(false);
    expect(nodeSelectorTermMatches(t, {}, 'node_2')).toBe(true);
  });
  it('a field other than metadata.name reads as the empty string (fields.Set.Get)', () => {
    expect(nodeSelectorTermMatches({ matchFields: [req('spec.nodeName', 'In', ['node_1'])] }, {}, 'node_1')).toBe(
      false,
    );
    expect(nodeSelectorTermMatches({ matchFields: [req('spec.nodeName', 'NotIn', ['node_1'])] }, {}, 'node_1')).toBe(
      true,
    );
    expect(nodeSelectorTermMatches({ matchFields: [req('spec.nodeName', 'In', [''])] }, {}, 'node_1')).toBe(true);
  });
});

describe('validation (metav1validation / core validation wording)', () => {
  it('LabelSelectorRequirement: In/NotIn need values, Exists/DoesNotExist forbid them, unknown operators', () => {
    expect(validateLabelSelectorRequirement(lreq('k', 'In'), 'spec.selector.matchExpressions[0]')).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(validateLabelSelectorRequirement(lreq('k', 'NotIn', []))).toEqual([
      "values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(validateLabelSelectorRequirement(lreq('k', 'Exists', ['v']))).toEqual([
      "values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    expect(validateLabelSelectorRequirement(lreq('k', badOp<LabelOp>('Gt'), ['1']))).toEqual([
      'operator: Invalid value: "Gt": not a valid selector operator',
    ]);
    expect(validateLabelSelectorRequirement(lreq('k', 'In', ['a']))).toEqual([]);
  });

  it('LabelSelector: keys and values of matchLabels, and each requirement with its path', () => {
    expect(validateLabelSelector({ matchLabels: { a: 'b' }, matchExpressions: [lreq('c', 'Exists')] })).toEqual([]);
    expect(validateLabelSelector(undefined)).toEqual([]);
    const errs = validateLabelSelector(
      { matchLabels: { 'x/y/z': 'ok' }, matchExpressions: [lreq('c', 'DoesNotExist', ['v'])] },
      'spec.selector',
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^spec\.selector\.matchLabels: Invalid value: "x\/y\/z": a valid label key must consist/);
    expect(errs[1]).toBe(
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    );
  });

  it('NodeSelectorRequirement: Gt/Lt need exactly one integer value', () => {
    expect(validateNodeSelectorRequirement(req('k', 'Gt', ['1', '2']))).toEqual([
      "values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
    ]);
    expect(validateNodeSelectorRequirement(req('k', 'Lt'))).toEqual([
      "values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
    ]);
    expect(validateNodeSelectorRequirement(req('k', 'Gt', ['abc']))).toEqual([
      "values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer",
    ]);
    expect(validateNodeSelectorRequirement(req('k', 'Gt', ['-1']))).toHaveLength(1);
    expect(validateNodeSelectorRequirement(req('k', 'Gt', ['-1']))[0]).toMatch(
      /^values\[0\]: Invalid value: "-1": a valid label/,
    );
    expect(validateNodeSelectorRequirement(req('k', 'Lt', ['10']))).toEqual([]);
  });

  it('NodeSelectorRequirement: the In/NotIn and Exists/DoesNotExist rules, and unknown operators', () => {
    expect(validateNodeSelectorRequirement(req('k', 'In', []))).toEqual([
      "values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(validateNodeSelectorRequirement(req('k', 'DoesNotExist', ['x']))).toEqual([
      "values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    expect(validateNodeSelectorRequirement(req('k', badOp<Op>('')))).toEqual([
      'operator: Invalid value: "": not a valid selector operator',
    ]);
  });

  it('node field selector requirements', () => {
    expect(validateNodeFieldSelectorRequirement(req('metadata.name', 'In', ['n1']))).toEqual([]);
    expect(validateNodeFieldSelectorRequirement(req('spec.nodeName', 'In', ['n1']))).toEqual([
      'key: Invalid value: "spec.nodeName": not a valid field selector key',
    ]);
    expect(validateNodeFieldSelectorRequirement(req('metadata.name', 'Exists'))).toEqual([
      'operator: Invalid value: "Exists": not a valid selector operator',
    ]);
    expect(validateNodeFieldSelectorRequirement(req('metadata.name', 'NotIn', ['Bad_Name']))[0]).toMatch(
      /^values\[0\]: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('a node selector needs at least one term', () => {
    expect(validateNodeSelector({ nodeSelectorTerms: [] }, 'spec.affinity.nodeAffinity.required')).toEqual([
      'spec.affinity.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term',
    ]);
  });

  it('label key and value syntax (content.IsLabelKey / IsLabelValue)', () => {
    for (const k of [
      'a',
      'A1',
      'a.b-c_d',
      'example.com/x',
      'kubernetes.io/hostname',
      'cloud.google.com/gke-tpu-topology',
    ]) {
      expect(isLabelKey(k)).toBe(true);
    }
    for (const k of ['', '/a', 'a/', 'a/b/c', '-a', 'a-', 'Example.com/x', `${'a'.repeat(64)}`, 'a b', 'é']) {
      expect(isLabelKey(k)).toBe(false);
    }
    for (const v of ['', 'a', '2x2x4', 'v5litepod-16', 'a.b_c-d']) expect(isLabelValue(v)).toBe(true);
    for (const v of ['-a', 'a-', 'a b', 'a/b', 'x'.repeat(64)]) expect(isLabelValue(v)).toBe(false);
  });
});

describe('compiled selectors (parse once per pod, as kube-scheduler PreFilter)', () => {
  it('compileLabelSelector kinds: nil and unparsable are nothing, {} is everything', () => {
    expect(compileLabelSelector(undefined).kind).toBe('nothing');
    expect(compileLabelSelector({ matchExpressions: [lreq('k', 'In', [])] }).kind).toBe('nothing');
    expect(compileLabelSelector({}).kind).toBe('everything');
    expect(compileLabelSelector({}).matches(undefined)).toBe(true);
    const m = compileLabelSelector({ matchLabels: { a: 'b' }, matchExpressions: [lreq('c', 'NotIn', ['d'])] });
    expect(m.kind).toBe('requirements');
    expect(m.matches({ a: 'b' })).toBe(true);
    expect(m.matches({ a: 'b', c: 'd' })).toBe(false);
    expect(m.matches({ c: 'e' })).toBe(false);
  });

  it('a compiled selector is a snapshot: later edits to the selector do not change it', () => {
    const values = ['a'];
    const sel: NodeSelector = { nodeSelectorTerms: [{ matchExpressions: [req('k', 'In', values)] }] };
    const m = compileNodeSelector(sel);
    const lsel = { matchLabels: { k: 'a' } as Record<string, string> };
    const lm = compileLabelSelector(lsel);
    values[0] = 'b';
    lsel.matchLabels.k = 'b';
    expect(m.matches({ k: 'a' })).toBe(true);
    expect(m.matches({ k: 'b' })).toBe(false);
    expect(lm.matches({ k: 'a' })).toBe(true);
    expect(nodeSelectorTermsMatch(sel, { k: 'b' })).toBe(true);
  });

  it('terms that do not parse are dropped, the others still match', () => {
    const m = compileNodeSelector({
      nodeSelectorTerms: [
        { matchExpressions: [req('bad key', 'Exists')] },
        { matchExpressions: [req('k', 'Exists')] },
        {},
      ],
    });
    expect(m.matches({ k: 'x', 'bad key': 'y' })).toBe(true);
    expect(m.matches({ 'bad key': 'y' })).toBe(false);
    expect(compileNodeSelector(undefined).matches({})).toBe(false);
  });
});

describe('properties', () => {
  const value = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,6}[a-z0-9])?$/);
  const values = fc.uniqueArray(value, { minLength: 1, maxLength: 4 });

  test.prop([values, value])('NotIn == !In when the key is present', (vals, v) => {
    const labels = { k: v };
    const inSel = { matchExpressions: [lreq('k', 'In', vals)] };
    const notInSel = { matchExpressions: [lreq('k', 'NotIn', vals)] };
    expect(labelSelectorMatches(notInSel, labels)).toBe(!labelSelectorMatches(inSel, labels));
    expect(labelSelectorMatches(inSel, labels)).toBe(vals.includes(v));
    expect(nodeSelectorTermsMatch(nodeSel(req('k', 'NotIn', vals)), labels)).toBe(
      !nodeSelectorTermsMatch(nodeSel(req('k', 'In', vals)), labels),
    );
  });

  test.prop([values, fc.dictionary(value, value, { maxKeys: 4 })])(
    'with the key absent, NotIn and DoesNotExist match while In and Exists do not',
    (vals, rawLabels) => {
      const labels: Record<string, string> = { ...rawLabels };
      delete labels.k;
      expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'NotIn', vals)] }, labels)).toBe(true);
      expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'DoesNotExist')] }, labels)).toBe(true);
      expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'In', vals)] }, labels)).toBe(false);
      expect(labelSelectorMatches({ matchExpressions: [lreq('k', 'Exists')] }, labels)).toBe(false);
    },
  );

  test.prop([fc.dictionary(value, value, { maxKeys: 5 }), fc.dictionary(value, value, { maxKeys: 5 })])(
    'matchLabels equals the nodeSelector map and the equivalent In requirements',
    (selector, labels) => {
      const asExprs = Object.entries(selector).map(([k, v]) => lreq(k, 'In', [v]));
      const viaMap = nodeSelectorMapMatches(selector, labels);
      const want = Object.entries(selector).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
      expect(viaMap).toBe(want);
      // a non-empty selector: a LabelSelector agrees (the empty one is Everything, as is the empty map)
      expect(labelSelectorMatches({ matchLabels: selector }, labels)).toBe(want);
      if (asExprs.length > 0) expect(labelSelectorMatches({ matchExpressions: asExprs }, labels)).toBe(want);
    },
  );

  const anyKey = fc.constantFrom('k', 'j', 'example.com/k', 'bad key', '');
  const anyValue = fc.constantFrom('a', 'b', '', '5', '-5', 'bad value', '0007');
  const anyOp = fc.constantFrom<Op>('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', badOp<Op>('Equals'));
  const anyReq = fc.record({
    key: anyKey,
    operator: anyOp,
    values: fc.option(fc.array(anyValue, { maxLength: 3 }), { nil: undefined }),
  });
  const anyTerm = fc.record(
    { matchExpressions: fc.array(anyReq, { maxLength: 3 }), matchFields: fc.array(anyReq, { maxLength: 2 }) },
    { requiredKeys: [] },
  );
  const anyLabels = fc.dictionary(anyKey, anyValue, { maxKeys: 4 });
  const anyName = fc.option(fc.constantFrom('', 'a', 'b'), { nil: undefined });

  test.prop([fc.array(anyTerm, { maxLength: 3 }), anyLabels, anyName])(
    'compileNodeSelector agrees with nodeSelectorTermsMatch, malformed terms included',
    (terms, labels, nodeName) => {
      const sel = { nodeSelectorTerms: terms as NodeSelector['nodeSelectorTerms'] };
      const fields = nodeName === undefined ? undefined : { 'metadata.name': nodeName };
      expect(compileNodeSelector(sel).matches(labels, nodeName)).toBe(nodeSelectorTermsMatch(sel, labels, fields));
    },
  );

  test.prop([
    fc.option(fc.dictionary(anyKey, anyValue, { maxKeys: 3 }), { nil: undefined }),
    fc.option(fc.array(anyReq, { maxLength: 3 }), { nil: undefined }),
    anyLabels,
  ])('compileLabelSelector agrees with labelSelectorMatches, malformed selectors included', (ml, me, labels) => {
    const sel = { matchLabels: ml, matchExpressions: me } as LabelSelector;
    expect(compileLabelSelector(sel).matches(labels)).toBe(labelSelectorMatches(sel, labels));
  });

  test.prop([fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n })])(
    'Gt/Lt compare int64 values exactly',
    (labelValue, threshold) => {
      const labels = { k: labelValue.toString() };
      expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Gt', [threshold.toString()])), labels)).toBe(
        labelValue > threshold,
      );
      expect(nodeSelectorTermsMatch(nodeSel(req('k', 'Lt', [threshold.toString()])), labels)).toBe(
        labelValue < threshold,
      );
    },
  );
});
