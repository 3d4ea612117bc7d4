// The js-yaml fast path gives what the `yaml` package gives (parseAllDocuments, then toJS), or nothing: checked on
// every YAML file of the repository, on generated values `yaml` writes, and on single plain scalars of every kind.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseYamlFast } from '../../src/scenario/yaml-fast-path.js';

/** `yaml`'s documents as the loader reads them, or 'error' when it reports one. */
function slow(text: string): unknown[] | 'error' {
  const docs = parseAllDocuments(text, { merge: true, logLevel: 'error' });
  if (docs.some((d) => d.errors.length > 0)) return 'error';
  try {
    return docs.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown);
  } catch {
    return 'error';
  }
}

/** Equal values with the same key order (object key order is what the loader and its messages see). */
function same(a: unknown, b: unknown): boolean {
  const keys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(keys)
      : v !== null && typeof v === 'object'
        ? Object.entries(v).map(([k, x]) => [k, keys(x)])
        : v;
  return isDeepStrictEqual(keys(a), keys(b));
}

/** The fast reader agrees with `yaml` on `text`; returns whether it took the text. */
function agrees(text: string): boolean {
  const fast = parseYamlFast(text);
  const ref = slow(text);
  if (fast === undefined) return false;
  expect(ref, `js-yaml read text yaml rejects:\n${text}`).not.toBe('error');
  expect(
    same(fast, ref),
    `js-yaml differs from yaml on:\n${text}\nfast: ${JSON.stringify(fast)}\nyaml: ${JSON.stringify(ref)}`,
  ).toBe(true);
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('parseYamlFast', () => {
  it('agrees with yaml on every YAML file of the repository, and takes the example snapshot', () => {
    const files = ['scenarios', 'test', 'bench'].flatMap((d) => yamlFiles(d));
    expect(files.length).toBeGreaterThan(20);
    let taken = 0;
    for (const f of files) if (agrees(readFileSync(f, 'utf8'))) taken++;
    expect(taken).toBeGreaterThan(0);
    expect(parseYamlFast(readFileSync('scenarios/snapshot/snapshot.yaml', 'utf8'))).toBeDefined();
  });

  it('reads block mappings and sequences, compact mappings in sequences, comments and documents', () => {
    const text = [
      '# a comment before the first document',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- name: a   # trailing comment',
      '  values: [ ]',
      '  empty: {}',
      '  nothing:',
      '  quoted: "x: \\"y\\" \\u00e9"',
      "  single: 'it''s'",
      '  list:',
      '    - 1',
      '    - -2.5e3',
      '    - .inf',
      '    - ~',
      '    -',
      '    - True',
      '    - 0o17',
      '    - 0x1F',
      '    - 012',
      '    - "012"',
      '  url: http://x.io/a#b, c[0] {d}',
      '---',
      'a:',
      '  b:',
      '    c: d',
      '',
    ].join('\n');
    expect(agrees(text)).toBe(true);
    expect(parseYamlFast(text)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            name: 'a',
            values: [],
            empty: {},
            nothing: null,
            quoted: 'x: "y" é',
            single: "it's",
            list: [1, -2500, Number.POSITIVE_INFINITY, null, null, true, 15, 31, 12, '012'],
            url: 'http://x.io/a#b, c[0] {d}',
          },
        ],
      },
      { a: { b: { c: 'd' } } },
    ]);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: { x: 1 }\nb:\n  <<: { y: 2 }\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab as indentation', 'a:\n\t- 1\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a mapping value on the key line', 'a: b: c\n'],
    ['a complex key', '? [a, b]\n: x\n'],
    ['a flow key', '[a, b]: x\n'],
    ['a null key', '~: x\n'],
    ['a null word key', '- null: x\n'],
    ['an exponent too large for a double', 'a: 1e400\n'],
    ['an integer too large for a double', `a: ${'9'.repeat(400)}\n`],
    ['a hex integer too large for a double', `a: 0x${'f'.repeat(300)}\n`],
    // `yaml` names such a key 'Infinity' (found by the plain-scalar property below, seed 595743760).
    ['a key too large for a double', '3e612: v\n'],
    ['an item key too large for a double', '- 3e612: v\n  w: 1\n'],
    ['a flow key too large for a double', '{3e612: v}\n'],
  ])('leaves %s to yaml', (_name, text) => {
    expect(parseYamlFast(text)).toBeUndefined();
  });

  it.each([
    ['a block scalar', 'a: |\n  x\n'],
    ['a folded block scalar', 'a: >-\n  x\n  y\n\n  z\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a multi-line quoted scalar', 'a: "x\n  y"\n'],
    ['a multi-line single-quoted scalar', "a: 'x\n\n  y'\n"],
    ['a flow mapping with content', 'a: { b: 1, c: [x, "y"], d: }\n'],
    ['a flow sequence with a trailing comma', 'a: [1, 2,]\n'],
    ['a quoted key', '"a": 1\n'],
    ['a quoted null key', '"null": 1\n'],
    ['non-string keys', '1: x\n1.0e1: y\ntrue: z\n.inf: w\n0x1F: v\n'],
    ['a tab after a colon', 'a:\t1\n'],
    ['an empty document', 'a: 1\n---\n'],
    ['a value after ---', '--- a\n'],
    ['a scalar document', 'just text\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['CRLF line ends', 'a: b\r\nc: d\r\n'],
    ['a byte order mark', '\uFEFFa: 1\n'],
    ['escapes', 'a: "\\x41\\u00e9\\t"\n'],
    [
      'core-schema numbers and words',
      'a: [0o17, 0x1F, .inf, -.Inf, .NaN, ~, yes, 1e3, +1, 1_000, 012, -0, 1., on, 2001-12-14]\n',
    ],
  ])('reads %s as yaml does', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it('reads the empty text as no documents, as yaml does', () => {
    expect(parseYamlFast('')).toEqual([]);
    expect(slow('')).toEqual([]);
  });

  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.constantFrom('true', 'null', '1', '-0.5', '.inf', '0x1f', '0o7', '1e3', '~', '', ' x', 'a: b', 'a #b', '- x'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('v'), { maxKeys: 4 }),
    ),
  })).v;

  test.prop([fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 5 }), fc.boolean()], {
    numRuns: 300,
  })('agrees with yaml on what yaml writes', (doc, wide) => {
    const text = stringify(doc, wide ? { lineWidth: 0, aliasDuplicateObjects: false } : {});
    agrees(text);
    agrees(`${text}---\n${text}`);
  });

  const plain = fc.string({
    unit: fc.constantFrom(...'aeNnTtFfxo0123456789.+-_~:#,[]{}"\' /&*!|>%@`?e'.split('')),
    minLength: 1,
    maxLength: 10,
  });
  test.prop([plain], { numRuns: 1000 })('resolves a plain scalar, as a value and an item, as yaml does', (s) => {
    agrees(`k: ${s}\n`);
    agrees(`- ${s}\n`);
    agrees(`${s}: v\n`);
    agrees(`- ${s}: v\n  w: 1\n`);
  });
});
