import { describe, expect, it } from 'vitest';
import { applySet, parseSetExpression, parseSetPath, type RawDoc, SetError } from '../../src/scenario/set.js';

function docs(): RawDoc[] {
  return [
    {
      file: 'a.yaml',
      document: 1,
      object: {
        apiVersion: 'jobset-sim.dev/v1alpha1',
        kind: 'Simulation',
        metadata: { name: 'sim' },
        spec: { scheduler: { policy: 'default' } },
      },
    },
    {
      file: 'a.yaml',
      document: 2,
      object: { kind: 'NodePool', metadata: { name: 'v5p' }, spec: { replicas: 2, tpu: { type: 'v5p' } } },
    },
    { file: 'a.yaml', document: 3, object: { kind: 'NodePool', metadata: { name: 'v5e' }, spec: { replicas: 1 } } },
    {
      file: 'b.yaml',
      document: 1,
      object: {
        kind: 'ClusterQueue',
        metadata: { name: 'team-a' },
        spec: {
          resourceGroups: [
            {
              flavors: [
                { name: 'v5e', resources: [{ name: 'google.com/tpu', nominalQuota: 8 }] },
                {
                  name: 'v5p',
                  resources: [
                    { name: 'cpu', nominalQuota: 100 },
                    { name: 'google.com/tpu', nominalQuota: 16 },
                  ],
                },
              ],
            },
          ],
        },
      },
    },
    {
      file: 'b.yaml',
      document: 2,
      object: { kind: 'JobSet', metadata: { name: 'train', namespace: 'a' }, spec: { suspend: false } },
    },
    { file: 'b.yaml', document: 3, object: { kind: 'JobSet', metadata: { name: 'train', namespace: 'b' }, spec: {} } },
    { file: 'b.yaml', document: 4, object: { kind: 'JobSet', metadata: { name: 'solo' }, spec: {} } },
  ];
}

function setError(ds: RawDoc[], expr: string): string {
  try {
    applySet(ds, expr);
  } catch (e) {
    expect(e).toBeInstanceOf(SetError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${expr}`);
}

// biome-ignore lint/suspicious/noExplicitAny: reaching into test data
const at = (ds: RawDoc[], i: number) => ds[i]!.object as Record<string, any>;

describe('parseSetPath', () => {
  it('parses keys, indexes, selectors and quoted keys', () => {
    expect(
      parseSetPath('spec.resourceGroups[0].flavors[name=v5p].resources[name=google.com/tpu].nominalQuota'),
    ).toEqual([
      { type: 'key', key: 'spec' },
      { type: 'key', key: 'resourceGroups' },
      { type: 'index', index: 0 },
      { type: 'key', key: 'flavors' },
      { type: 'select', field: 'name', value: 'v5p' },
      { type: 'key', key: 'resources' },
      { type: 'select', field: 'name', value: 'google.com/tpu' },
      { type: 'key', key: 'nominalQuota' },
    ]);
    expect(parseSetPath('metadata.annotations["jobset-sim.dev/duration"]')).toEqual([
      { type: 'key', key: 'metadata' },
      { type: 'key', key: 'annotations' },
      { type: 'key', key: 'jobset-sim.dev/duration' },
    ]);
    expect(parseSetPath("labels['a.b']")).toEqual([
      { type: 'key', key: 'labels' },
      { type: 'key', key: 'a.b' },
    ]);
    expect(parseSetPath('items[key="x]y"]')).toEqual([
      { type: 'key', key: 'items' },
      { type: 'select', field: 'key', value: 'x]y' },
    ]);
  });

  it.each([
    ['', 'empty path'],
    ['a..b', 'empty field name in path "a..b"'],
    ['a.', 'path "a." ends with "."'],
    ['a[x]', 'invalid "[x]" in path: expected [INDEX], [FIELD=VALUE] or ["KEY"]'],
    ['a[0', 'missing "]" in path "a[0"'],
    ['a[0]b', 'expected "." or "[" after "]" in path "a[0]b"'],
    ['a["b', 'unclosed quote in path "a["b"'],
  ])('rejects %j', (path, detail) => {
    expect(() => parseSetPath(path)).toThrow(detail);
  });
});

describe('parseSetExpression', () => {
  it('splits at the first "=" outside brackets and parses VALUE as YAML', () => {
    expect(parseSetExpression('scheduler.policy=binpack')).toEqual({
      path: [
        { type: 'key', key: 'scheduler' },
        { type: 'key', key: 'policy' },
      ],
      value: 'binpack',
    });
    expect(parseSetExpression('NodePool/v5p:spec.replicas=6')).toMatchObject({
      target: { kind: 'NodePool', name: 'v5p' },
      value: 6,
    });
    expect(parseSetExpression('JobSet/team/train:spec.x={a: 1, b: [x]}')).toMatchObject({
      target: { kind: 'JobSet', namespace: 'team', name: 'train' },
      value: { a: 1, b: ['x'] },
    });
    expect(parseSetExpression('a[name=x]=y=z').value).toBe('y=z');
    expect(parseSetExpression('until=').value).toBeNull();
  });

  it('reports a missing "=" and invalid YAML values', () => {
    expect(() => parseSetExpression('scheduler.policy')).toThrow('--set scheduler.policy: expected PATH=VALUE');
    expect(() => parseSetExpression('a=[1')).toThrow('--set a=[1: VALUE is not valid YAML:');
  });
});

describe('applySet', () => {
  it('sets a bare path relative to the Simulation spec', () => {
    const ds = docs();
    applySet(ds, 'scheduler.policy=binpack');
    applySet(ds, 'seed=7');
    applySet(ds, 'defaults.podDuration=30m');
    expect(at(ds, 0).spec).toEqual({ scheduler: { policy: 'binpack' }, seed: 7, defaults: { podDuration: '30m' } });
  });

  it('creates a Simulation document when there is none', () => {
    const ds = docs().slice(1);
    applySet(ds, 'featureGates.TopologyAwareScheduling=true');
    const sim = ds[ds.length - 1]!;
    expect(sim.file).toBe('--set');
    expect(sim.document).toBeUndefined();
    expect(sim.object).toEqual({
      apiVersion: 'jobset-sim.dev/v1alpha1',
      kind: 'Simulation',
      metadata: {},
      spec: { featureGates: { TopologyAwareScheduling: true } },
    });
  });

  it('reaches another document by Kind/name', () => {
    const ds = docs();
    applySet(ds, 'NodePool/v5p:spec.replicas=6');
    expect(at(ds, 1).spec.replicas).toBe(6);
    expect(at(ds, 2).spec.replicas).toBe(1);
  });

  it('selects list items by index and by name (values may hold dots and slashes)', () => {
    const ds = docs();
    applySet(
      ds,
      'ClusterQueue/team-a:spec.resourceGroups[0].flavors[name=v5p].resources[name=google.com/tpu].nominalQuota=64',
    );
    const flavors = at(ds, 3).spec.resourceGroups[0].flavors;
    expect(flavors[1].resources[1].nominalQuota).toBe(64);
    expect(flavors[0].resources[0].nominalQuota).toBe(8);
    applySet(ds, 'ClusterQueue/team-a:spec.resourceGroups[0].flavors[0]={name: v6e}');
    expect(flavors[0]).toEqual({ name: 'v6e' });
  });

  it('creates missing map keys, including quoted keys with dots', () => {
    const ds = docs();
    applySet(ds, 'JobSet/solo:metadata.annotations["jobset-sim.dev/duration"]=2h');
    expect(at(ds, 6).metadata.annotations).toEqual({ 'jobset-sim.dev/duration': '2h' });
  });

  it('needs Kind/namespace/name when a name is in several namespaces', () => {
    const ds = docs();
    expect(setError(ds, 'JobSet/train:spec.suspend=true')).toBe(
      '--set JobSet/train:spec.suspend=true: 2 JobSets are named "train" (in namespaces a, b); write JobSet/NAMESPACE/train:PATH',
    );
    applySet(ds, 'JobSet/b/train:spec.suspend=true');
    expect(at(ds, 5).spec.suspend).toBe(true);
    expect(at(ds, 4).spec.suspend).toBe(false);
    applySet(ds, 'JobSet/default/solo:spec.suspend=true');
    expect(at(ds, 6).spec.suspend).toBe(true);
  });

  it('names the expression and what exists when the target is unknown', () => {
    const ds = docs();
    expect(setError(ds, 'NodePool/v5q:spec.replicas=6')).toBe(
      '--set NodePool/v5q:spec.replicas=6: no NodePool named "v5q" (NodePools: v5p, v5e)',
    );
    expect(setError(ds, 'Nodepool/v5p:spec.replicas=6')).toBe(
      '--set Nodepool/v5p:spec.replicas=6: no Nodepool named "v5p" (the scenario has no Nodepool; did you mean NodePool?)',
    );
    expect(setError(ds, 'JobSet/c/train:spec.suspend=true')).toBe(
      '--set JobSet/c/train:spec.suspend=true: no JobSet named "train" in namespace "c" (JobSets: a/train, b/train, solo)',
    );
  });

  it('reports missing list items', () => {
    const ds = docs();
    expect(
      setError(ds, 'ClusterQueue/team-a:spec.resourceGroups[0].flavors[name=v4].resources[0].nominalQuota=1'),
    ).toBe(
      '--set ClusterQueue/team-a:spec.resourceGroups[0].flavors[name=v4].resources[0].nominalQuota=1: ' +
        'spec.resourceGroups[0].flavors[name=v4]: no item with name "v4" (names: v5e, v5p)',
    );
    expect(setError(ds, 'ClusterQueue/team-a:spec.resourceGroups[3].x=1')).toBe(
      '--set ClusterQueue/team-a:spec.resourceGroups[3].x=1: spec.resourceGroups[3]: index out of range (the list has 1 item)',
    );
    expect(setError(ds, 'NodePool/v5p:spec.taints[0].key=x')).toBe(
      '--set NodePool/v5p:spec.taints[0].key=x: spec.taints: no such list',
    );
  });

  it('reports paths that go through a scalar or a list', () => {
    const ds = docs();
    expect(setError(ds, 'NodePool/v5p:spec.replicas.x=1')).toBe(
      '--set NodePool/v5p:spec.replicas.x=1: spec.replicas is the number 2, not a mapping, so it has no field "x"',
    );
    expect(setError(ds, 'scheduler.policy[0]=1')).toBe(
      '--set scheduler.policy[0]=1: spec.scheduler.policy is the string "default", not a list',
    );
  });

  it('leaves the documents unchanged when it fails', () => {
    const ds = docs().slice(1);
    const before = structuredClone(ds);
    setError(ds, 'a.b[0]=1');
    expect(ds).toEqual(before);
    const ds2 = docs();
    setError(ds2, 'NodePool/v5p:spec.x.y[0]=1');
    expect(ds2).toEqual(docs());
  });
});

describe('applySet: fields a plain object inherits', () => {
  it('writes "__proto__" as an own field, so the loader reports it, and never reaches Object.prototype', () => {
    const ds = docs();
    applySet(ds, '__proto__.polluted=1');
    applySet(ds, 'scheduler.__proto__.policy=random');
    const spec = at(ds, 0).spec;
    expect(Object.keys(spec)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(spec, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(spec.scheduler.policy).toBe('default');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).policy).toBeUndefined();
  });

  it('does not walk into inherited fields such as constructor', () => {
    const ds = docs();
    applySet(ds, 'constructor.prototype.x=1');
    const spec = at(ds, 0).spec;
    expect(Object.getOwnPropertyDescriptor(spec, 'constructor')?.value).toEqual({ prototype: { x: 1 } });
    expect((Object.prototype as unknown as Record<string, unknown>).x).toBeUndefined();
  });

  it('selects list items by own fields only', () => {
    const ds = docs();
    expect(() => applySet(ds, 'ClusterQueue/team-a:spec.resourceGroups[0].flavors[constructor=Object].x=1')).toThrow(
      'no item with constructor "Object" (no item has one)',
    );
  });
});
