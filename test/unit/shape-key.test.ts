// The speed-mode shape key (src/scheduler/shape-cache.ts shapeKey): a pod whose selection fields serialise like the
// previous pod's reuses its key without the JSON. Whatever the run of pods, every key must be exactly the one the
// JSON gives (requests key, then nodeSelector, node affinity, tolerations, nodeName and gpu-index as JSON).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import { GPU_INDEX } from '../../src/scheduler/gpu-share.js';
import { requestsKeyOf } from '../../src/scheduler/node-info.js';
import { shapeKey } from '../../src/scheduler/shape-cache.js';

const pod = (spec: Partial<Pod['spec']>, annotations?: Record<string, string>): Pod =>
  ({
    metadata: { name: 'p', namespace: 'default', annotations },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }], ...spec },
  }) as unknown as Pod;

const jsonKey = (p: Pod) =>
  `${requestsKeyOf(p)}|${JSON.stringify([
    p.spec.nodeSelector,
    p.spec.affinity?.nodeAffinity,
    p.spec.tolerations,
    p.spec.nodeName,
    p.metadata.annotations?.[GPU_INDEX],
  ])}`;

const affinity = (values: unknown[]) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values }] }],
    },
  },
});

describe('shapeKey', () => {
  it('is the JSON key for every pod of a run, alike or not', () => {
    const pods = [
      pod({ nodeSelector: { a: '1', b: '2' }, tolerations: [{ key: 't', operator: 'Exists' }] }),
      pod({ nodeSelector: { a: '1', b: '2' }, tolerations: [{ key: 't', operator: 'Exists' }] }),
      // The same members in another order serialise differently.
      pod({ nodeSelector: { b: '2', a: '1' }, tolerations: [{ key: 't', operator: 'Exists' }] }),
      pod({ nodeSelector: { b: '2', a: '1' }, tolerations: [{ operator: 'Exists', key: 't' }] }),
      // Dates have no keys of their own but serialise by value.
      pod({ affinity: affinity([new Date(0)]) as Pod['spec']['affinity'] }),
      pod({ affinity: affinity([new Date(1000)]) as Pod['spec']['affinity'] }),
      pod({ affinity: affinity(['x', null]) as Pod['spec']['affinity'] }),
      pod({ affinity: affinity(['x', undefined]) as Pod['spec']['affinity'] }),
      pod({ nodeSelector: { a: '1' }, nodeName: 'n1' }),
      pod({ nodeSelector: { a: '1' }, nodeName: 'n2' }),
      pod({ nodeSelector: { a: '1' } }, { [GPU_INDEX]: '0' }),
      pod({ nodeSelector: { a: '1' } }, { [GPU_INDEX]: '1' }),
    ];
    const keys = pods.map((p) => shapeKey(p));
    expect(keys).toEqual(pods.map(jsonKey));
    expect(keys[1]).toBe(keys[0]);
    expect(new Set(keys).size).toBe(keys.length - 2); // the repeat, and ['x', null] vs ['x', undefined]
  });

  it('is the JSON key when only some fields repeat the last pod (TAS pins each pod by a selector of its own)', () => {
    const tol = () => [{ key: 'google.com/tpu', operator: 'Exists' as const }];
    const pods = [
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n1' }, tolerations: tol() }),
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n2' }, tolerations: tol() }),
      pod({
        nodeSelector: { 'kubernetes.io/hostname': 'n2' },
        tolerations: [{ key: 'other', operator: 'Exists' as const }],
      }),
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n2' }, tolerations: tol(), nodeName: 'n2' }),
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n2' }, tolerations: tol() }, { [GPU_INDEX]: '0' }),
      pod({ tolerations: tol() }, { [GPU_INDEX]: '0' }),
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n2' }, tolerations: tol() }),
      pod({ nodeSelector: { 'kubernetes.io/hostname': 'n2' }, tolerations: tol() }),
    ];
    const keys = pods.map((p) => shapeKey(p));
    expect(keys).toEqual(pods.map(jsonKey));
    expect(new Set(keys).size).toBe(keys.length - 2); // the second pod's shape twice more, at the end
  });
});
