// TasCache keeps each TAS flavor's nodes and generation apart: a node event rebuilds only the flavors the node
// belonged to before or after it, and a rebuilt tree is the one a scan of every cached node in the cache's order
// would give (kueue ff69552e tas_cache.go builds the tree from the nodes matching the flavor, in the nodes cache's
// order). The reference below mirrors that scan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/api/core.js';
import type { ResourceFlavor, Topology } from '../../src/kueue/api.js';
import { TasCache } from '../../src/kueue/tas/cache.js';
import { nodeMatchesFlavor, nodeSchedulableAndReady, TasFlavorSnapshot } from '../../src/kueue/tas/snapshot.js';

const ACC = 'cloud.google.com/gke-accelerator';
const BLOCK = 'cloud.google.com/gce-topology-block';
const HOST = 'kubernetes.io/hostname';
const topology: Topology = {
  apiVersion: 'kueue.x-k8s.io/v1beta1',
  kind: 'Topology',
  metadata: { name: 't' },
  spec: { levels: [{ nodeLabel: BLOCK }, { nodeLabel: HOST }] },
} as unknown as Topology;
const flavor = (name: string, acc: string): ResourceFlavor =>
  ({
    apiVersion: 'kueue.x-k8s.io/v1beta1',
    kind: 'ResourceFlavor',
    metadata: { name },
    spec: { nodeLabels: { [ACC]: acc }, topologyName: 't' },
  }) as unknown as ResourceFlavor;
const FLAVORS = [flavor('fa', 'a'), flavor('fb', 'b')];

function node(i: number, acc: string, block: number, ready: boolean): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `n${i}`, labels: { [ACC]: acc, [BLOCK]: `b${block}`, [HOST]: `n${i}` } },
    spec: {},
    status: {
      allocatable: { cpu: '8' },
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  } as unknown as Node;
}

/** The tree as ids per level and the leaves' node names, in order. */
function shape(s: TasFlavorSnapshot) {
  return {
    levels: s.domainsPerLevel.map((m) => [...m.keys()]),
    roots: s.roots.map((d) => d.id),
    children: s.allDomains.map((d) => [d.id, d.children.map((c) => c.id)]),
    nodes: [...s.leaves.values()].map((l) => l.nodes!.map((n) => n.name)),
  };
}

const opArb = fc.record({
  node: fc.integer({ min: 0, max: 7 }),
  kind: fc.constantFrom('set', 'set', 'set', 'delete'),
  acc: fc.constantFrom('a', 'b', 'c'),
  block: fc.integer({ min: 0, max: 2 }),
  ready: fc.constantFrom(true, true, false),
});

describe('TasCache: per-flavor node maps and generations', () => {
  it('every rebuilt tree equals a scan of the cache in its order, after any node events', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const cache = new TasCache(FLAVORS, [topology]);
        // The nodes cache as upstream keeps it: name → node, schedulable and Ready only, in insertion order.
        const mirror = new Map<string, Node>();
        for (const op of ops) {
          const n = node(op.node, op.acc, op.block, op.ready);
          const type = op.kind === 'delete' ? 'DELETED' : mirror.has(n.metadata.name) ? 'MODIFIED' : 'ADDED';
          cache.onNode(type, n);
          if (type === 'DELETED' || !nodeSchedulableAndReady(n)) mirror.delete(n.metadata.name);
          else mirror.set(n.metadata.name, n);
          for (const f of FLAVORS) {
            const ref = new TasFlavorSnapshot({ topologyName: 't', levels: [BLOCK, HOST] });
            const matching = [...mirror.values()].filter((m) =>
              nodeMatchesFlavor(m.metadata.labels, f.spec!.nodeLabels, [BLOCK, HOST]),
            );
            ref.rebuild(
              matching.map((m) => ({ name: m.metadata.name, labels: m.metadata.labels!, allocatable: new Map() })),
              0,
            );
            expect(shape(cache.snapshot(f.metadata.name)!)).toEqual(shape(ref));
          }
        }
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it("a node of one flavor changing does not rebuild the other flavor's tree", () => {
    const cache = new TasCache(FLAVORS, [topology]);
    cache.onNode('ADDED', node(0, 'a', 0, true));
    cache.onNode('ADDED', node(1, 'b', 0, true));
    const fa = cache.snapshot('fa')!;
    const fb = cache.snapshot('fb')!;
    const leafA = fa.leaves.get('n0');
    const leafB = fb.leaves.get('n1');
    expect(leafA).toBeDefined();
    cache.onNode('MODIFIED', node(1, 'b', 1, true)); // n1 moves to block b1
    expect(cache.snapshot('fa')!.leaves.get('n0')).toBe(leafA); // not rebuilt
    expect(cache.snapshot('fb')!.leaves.get('n1')).not.toBe(leafB); // rebuilt
    expect(cache.snapshot('fb')!.leaves.get('n1')!.levelValues).toEqual(['b1', 'n1']);
    // A node leaving fb for fa rebuilds both.
    cache.onNode('MODIFIED', node(1, 'a', 1, true));
    expect(cache.snapshot('fa')!.leaves.get('n0')).not.toBe(leafA);
    expect([...cache.snapshot('fa')!.leaves.keys()]).toEqual(['n0', 'n1']);
    expect(cache.snapshot('fb')!.leaves.size).toBe(0);
  });
});
