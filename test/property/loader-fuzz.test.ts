// The loader under attack: random and mutated YAML (wrong types, huge numbers, deep nesting, alias bombs, unknown
// fields, cyclic dependsOn, a 10 MB file). Every input either loads or is refused with a ScenarioError whose
// problems each name the file (and, past YAML parsing, the document): never another exception, never a hang.
import { describe, expect, it } from 'vitest';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { loaderOptions } from '../../src/simulate.js';
import { type Doc, fc, scenarioArb, toYaml } from '../../src/testing/index.js';
import { runs, timeoutFor } from '../support/property-runs.js';

const FILE = 'fuzz.yaml';

/** 'ok', or the problems; any other throw fails the test with the input attached. */
function load(text: string): 'ok' | ScenarioError {
  try {
    loadScenarioFromTexts([{ file: FILE, text }], loaderOptions());
    return 'ok';
  } catch (e) {
    if (e instanceof ScenarioError) {
      expect(e.problems.length).toBeGreaterThan(0);
      for (const p of e.problems) {
        expect(p.file).toBe(FILE);
        expect(p.message.length).toBeGreaterThan(0);
        // No stack trace or engine internals in a message meant for people.
        expect(p.message).not.toMatch(/\n\s+at |TypeError|RangeError|undefined is not|Cannot read prop/);
      }
      return e;
    }
    throw new Error(`the loader crashed (${(e as Error)?.name}: ${(e as Error)?.message}) on:\n${text.slice(0, 2000)}`);
  }
}

/** A value of the wrong type, out of range, or exotic, for a mutated field. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    1.5,
    '',
    'x',
    '1e400',
    '99999999999999999999Gi',
    '-5m',
    true,
    [],
    {},
    [null],
    { a: { b: { c: 1 } } },
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => void paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown, mode: 'set' | 'delete' | 'unknown-field'): void {
  if (path.length === 0) return;
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mode === 'delete' && !Array.isArray(o)) delete o[last];
  else if (mode === 'unknown-field' && o[last] !== null && typeof o[last] === 'object' && !Array.isArray(o[last]))
    (o[last] as Record<string, unknown>).someUnknownField = value;
  else o[last] = value;
}

/** A generated valid scenario with 1..4 fields replaced, deleted or given unknown siblings. */
const mutatedArb = scenarioArb({ faults: true }).chain((s) => {
  const docs = structuredClone(s.documents) as Doc[];
  const all = paths(docs).filter((p) => p.length > 1);
  return fc
    .array(
      fc.tuple(
        fc.constantFrom(...all),
        nasty,
        fc.constantFrom('set', 'delete', 'unknown-field') as fc.Arbitrary<'set' | 'delete' | 'unknown-field'>,
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((muts) => {
      const d = structuredClone(docs);
      for (const [p, v, m] of muts) {
        try {
          setAt(d, p, v, m);
        } catch {
          // the path no longer exists after an earlier mutation
        }
      }
      return toYaml(d);
    });
});

describe('the loader under attack', () => {
  it('random text never crashes it', { timeout: timeoutFor(150, 50) }, () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...'{}[]:-&*!|>\'"#%@`,? \n\tab1'.split('')), maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => void load(t)),
      { seed: 1, numRuns: runs(150) },
    );
  });

  it('random objects with Kubernetes kinds never crash it', { timeout: timeoutFor(150, 50) }, () => {
    const doc = fc.record({
      apiVersion: fc.constantFrom(
        'jobset.x-k8s.io/v1alpha2',
        'jobset-sim.dev/v1alpha1',
        'kueue.x-k8s.io/v1beta2',
        'batch/v1',
        'v1',
      ),
      kind: fc.constantFrom(
        'JobSet',
        'NodePool',
        'Simulation',
        'Script',
        'ClusterQueue',
        'LocalQueue',
        'ResourceFlavor',
        'Job',
        'FaultModel',
        'Namespace',
      ),
      metadata: fc.oneof(fc.record({ name: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()) }), nasty),
      spec: fc.oneof(fc.jsonValue({ maxDepth: 4 }), nasty),
    });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), (ds) => void load(toYaml(ds as Doc[]))),
      {
        seed: 2,
        numRuns: runs(150),
      },
    );
  });

  it('mutated valid scenarios never crash it', { timeout: timeoutFor(150, 100) }, () => {
    fc.assert(
      fc.property(mutatedArb, (t) => void load(t)),
      { seed: 3, numRuns: runs(150) },
    );
  });

  it('huge numbers are refused with the field named', () => {
    const text = toYaml([
      {
        apiVersion: 'jobset-sim.dev/v1alpha1',
        kind: 'NodePool',
        metadata: { name: 'p' },
        spec: { nodes: 1e308, resources: { cpu: '8' } },
      },
    ] as Doc[]);
    const e = load(text);
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as ScenarioError).problems[0]!.path).toBe('spec.nodes');
  });

  it('deep nesting is refused or loaded, without a stack overflow', () => {
    const depth = 20_000;
    for (const text of [
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: deep}\nspec: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`,
      Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    ]) {
      expect(load(text)).toBeInstanceOf(ScenarioError);
    }
  });

  it('an alias bomb (billion laughs) is refused, naming the document', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    const e = load(text) as ScenarioError;
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e.message).toMatch(/^fuzz\.yaml: document 1: .*alias/i);
  });

  it('cyclic dependsOn is refused with the field named', () => {
    const rj = (name: string, dep: string) => ({
      name,
      dependsOn: [{ name: dep, status: 'Ready' }],
      template: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    });
    const text = toYaml([
      {
        apiVersion: 'jobset.x-k8s.io/v1alpha2',
        kind: 'JobSet',
        metadata: { name: 'cyc' },
        spec: { replicatedJobs: [rj('a', 'b'), rj('b', 'a')] },
      },
    ] as Doc[]);
    const e = load(text) as ScenarioError;
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e.problems.map((p) => p.path)).toContain('spec.replicatedJobs[0].dependsOn');
    expect(e.message).toMatch(/^fuzz\.yaml: document 1 \(JobSet default\/cyc\): spec\.replicatedJobs/m);
  });

  // Regression: a failure-policy rule name of the wrong type reached the JobSet webhook's byteLength (TypeError).
  it('a wrong-typed failurePolicy rule name is a problem at that field', () => {
    const text = toYaml([
      {
        apiVersion: 'jobset.x-k8s.io/v1alpha2',
        kind: 'JobSet',
        metadata: { name: 'js' },
        spec: {
          failurePolicy: { rules: [{ name: [], action: 'FailJobSet' }] },
          replicatedJobs: [
            { name: 'w', template: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } },
          ],
        },
      },
    ] as Doc[]);
    const e = load(text) as ScenarioError;
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e.problems.map((p) => p.path)).toEqual(['spec.failurePolicy.rules[0].name']);
    expect(e.message).toMatch(
      /^fuzz\.yaml: document 1 \(JobSet default\/js\): spec\.failurePolicy\.rules\[0\]\.name: /,
    );
  });

  it('a 10 MB file loads or is refused (no hang, no crash)', { timeout: 120_000 }, () => {
    const junk = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(10 * 1024 * 1024)}"\n---\n`;
    expect(
      load(
        `${junk}apiVersion: jobset-sim.dev/v1alpha1\nkind: NodePool\nmetadata: {name: p}\nspec: {nodes: 1, resources: {cpu: "8"}}\n`,
      ),
    ).toBe('ok');
    const many = Array.from({ length: 48_000 }, (_, i) => `- {name: n${i}, value: "${'y'.repeat(200)}"}`).join('\n');
    expect(many.length).toBeGreaterThan(9 * 1024 * 1024);
    expect(
      load(
        `apiVersion: jobset-sim.dev/v1alpha1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  labels:\n${many.replace(/^/gm, '    ')}\n`,
      ),
    ).toBeInstanceOf(ScenarioError);
  });
});
