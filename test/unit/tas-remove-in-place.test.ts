// TasFlavorSnapshot.remove takes nodes that left a flavor out of its tree in place (TasCache calls it before
// update(), instead of a rebuild) when the tree a rebuild would make is the old one less their domains, and
// update() ranks only the domains its appended nodes made. Both must read as a tree built afresh from the cached
// nodes: every domain's id, values, parent, children, capacity, nodes, rank and index, every level's order, and the
// search's answers, over any sequence of node events (failures, recoveries, moves, shared hostnames).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Node } from '../../src/api/core.js';
import { parseResourceList } from '../../src/api/quantity.js';
import type { ResourceFlavor, Topology } from '../../src/kueue/api.js';
import { TasCache } from '../../src/kueue/tas/cache.js';
import { nodeSchedulableAndReady, TasFlavorSnapshot, type TasNode } from '../../src/kueue/tas/snapshot.js';
import { searchProbe } from '../support/tas-search-probe.js';

const BLOCK = 'cloud.google.com/gce-topology-block';
const RACK = 'cloud.google.com/gce-topology-subblock';
const HOST = 'kubernetes.io/hostname';

function topology(levels: string[]): Topology {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta1',
    kind: 'Topology',
    metadata: { name: 't' },
    spec: { levels: levels.map((nodeLabel) => ({ nodeLabel })) },
  } as unknown as Topology;
}
const FLAVORS = [
  {
    apiVersion: 'kueue.x-k8s.io/v1beta1',
    kind: 'ResourceFlavor',
    metadata: { name: 'f' },
    spec: { topologyName: 't' },
  } as unknown as ResourceFlavor,
];

const opArb = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'delete', 'read', 'read'),
  node: fc.integer({ min: 0, max: 9 }),
  // Mostly its own hostname, sometimes another node's (a two-node leaf).
  host: fc.constantFrom(-1, -1, -1, -1, 0, 1),
  // Mostly the node's own place; now and then another (a move: the tree is rebuilt).
  move: fc.constantFrom(false, false, false, false, false, true),
  block: fc.integer({ min: 0, max: 2 }),
  rack: fc.integer({ min: 0, max: 1 }),
  ready: fc.constantFrom(true, true, false),
  cpu: fc.integer({ min: 1, max: 4 }),
  tainted: fc.constantFrom(false, false, false, true),
});
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function k8sNode(op: Op): Node {
  const block = op.move ? op.block : op.node % 3;
  const rack = op.move ? op.rack : (op.node >> 2) % 2;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `n${op.node}`,
      labels: { [BLOCK]: `b${block}`, [RACK]: `r${block}-${rack}`, [HOST]: `h${op.host < 0 ? op.node : op.host}` },
    },
    spec: op.tainted ? { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] } : {},
    status: {
      allocatable: { cpu: String(op.cpu), pods: '110' },
      conditions: [{ type: 'Ready', status: op.ready ? 'True' : 'False' }],
    },
  } as unknown as Node;
}

/** Everything a search or a rebuild could read of the tree, in the snapshot's own orders. */
function view(s: TasFlavorSnapshot) {
  const d = (x: (typeof s.allDomains)[number]) => ({
    id: x.id,
    values: [...x.levelValues],
    level: x.level,
    parent: x.parent?.id,
    children: x.children.map((c) => c.id),
    capacity: x.capacity ? [...x.capacity] : undefined,
    nodes: x.nodes?.map((n) => n.name),
    rank: x.rank,
    index: x.index,
  });
  return {
    all: s.allDomains.map(d),
    levels: s.domainsPerLevel.map((m) => [...m.keys()]),
    arrays: s.levelDomains.map((level) => level.map((x) => x.id)),
    roots: s.roots.map((x) => x.id),
    leaves: [...s.leaves.keys()],
    nodeToDomain: [...s.nodeToDomain].sort(),
    found: searchProbe(s, BLOCK, [1, 2, 5, 9]),
  };
}

describe('TasFlavorSnapshot.remove and update through TasCache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const levels of [[BLOCK, RACK, HOST], [BLOCK, HOST], [HOST]]) {
    it(`reads as a tree built afresh from the cached nodes (levels ${levels.length})`, () => {
      const remove = vi.spyOn(TasFlavorSnapshot.prototype, 'remove');
      let inPlace = 0;
      let fellBack = 0;
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 20, maxLength: 60 }), (ops) => {
          const cache = new TasCache(FLAVORS, [topology(levels)]);
          const mirror = new Map<string, Node>();
          const fresh = () => {
            const nodes: TasNode[] = [...mirror.values()].map((n) => ({
              name: n.metadata.name,
              labels: { ...n.metadata.labels },
              ...(n.spec?.taints ? { taints: n.spec.taints } : {}),
              allocatable: parseResourceList(n.status?.allocatable),
            }));
            return new TasFlavorSnapshot({ topologyName: 't', levels, nodes });
          };
          for (const op of ops) {
            if (op.kind === 'read') {
              expect(view(cache.snapshot('f')!)).toEqual(view(fresh()));
              continue;
            }
            const n = k8sNode(op);
            if (op.kind === 'delete') {
              cache.onNode('DELETED', n);
              mirror.delete(n.metadata.name);
              continue;
            }
            cache.onNode(mirror.has(n.metadata.name) ? 'MODIFIED' : 'ADDED', n);
            if (nodeSchedulableAndReady(n)) mirror.set(n.metadata.name, n);
            else mirror.delete(n.metadata.name);
          }
          expect(view(cache.snapshot('f')!)).toEqual(view(fresh()));
        }),
        { numRuns: 150, seed: 23 },
      );
      for (const r of remove.mock.results) if (r.type === 'return') r.value ? inPlace++ : fellBack++;
      // Both ways were taken: the property covers removals in place and the fallback to a rebuild.
      expect(inPlace).toBeGreaterThan(100);
      if (levels.length > 1) expect(fellBack).toBeGreaterThan(20);
    });
  }
});
