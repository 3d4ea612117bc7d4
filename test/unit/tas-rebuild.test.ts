// The TAS tree (snapshot.ts) is rebuilt with each node's level values and domain ids kept across rebuilds and a
// one-node leaf's allocatable shared as its capacity; TasCache (cache.ts) changes the tree in place for nodes that
// keep their place or are appended (TasFlavorSnapshot.update), keeps leaves' counts across rebuilds, and does not
// rebuild for usage changes. All must read as the plain algorithm: the references below are newTopologyTree as the
// snapshot did it before (values and ids built per rebuild, capacities summed into new maps), and a tree built afresh
// from the cached nodes with every usage change replayed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/api/core.js';
import { parseResourceList } from '../../src/api/quantity.js';
import type { ResourceFlavor, Topology } from '../../src/kueue/api.js';
import { TasCache } from '../../src/kueue/tas/cache.js';
import {
  type DomainRequests,
  nodeSchedulableAndReady,
  TasFlavorSnapshot,
  type TasNode,
} from '../../src/kueue/tas/snapshot.js';
import { searchProbe } from '../support/tas-search-probe.js';

const BLOCK = 'cloud.google.com/gce-topology-block';
const RACK = 'cloud.google.com/gce-topology-subblock';
const HOST = 'kubernetes.io/hostname';

interface RefDomain {
  id: string;
  levelValues: string[];
  parent?: string;
  children: string[];
  capacity?: [string, number][];
  nodes?: string[];
  rank: number;
  index: number;
}

/** newTopologyTree the plain way: ids per level, domains in first-node order, capacities summed in node order. */
function referenceTree(levels: string[], nodes: TasNode[]): RefDomain[][] {
  const last = levels.length - 1;
  const hostLowest = levels[last] === HOST;
  const perLevel: Map<string, RefDomain>[] = levels.map(() => new Map());
  let index = 0;
  const ensure = (level: number, values: string[], id: string): RefDomain => {
    let d = perLevel[level]!.get(id);
    if (!d) {
      d = { id, levelValues: values, children: [], rank: 0, index: index++ };
      perLevel[level]!.set(id, d);
      if (level > 0) {
        const pv = values.slice(0, level);
        const parent = ensure(level - 1, pv, pv.join(','));
        d.parent = parent.id;
        parent.children.push(id);
      }
    }
    return d;
  };
  for (const n of nodes) {
    const values = levels.map((l) => n.labels[l]!);
    const id = hostLowest ? values[last]! : values.join(',');
    const fresh = !perLevel[last]!.has(id);
    // Leaves get their index before their ancestors, as the snapshot numbers them.
    const leaf = fresh ? { id, levelValues: values, children: [], rank: 0, index: index++ } : perLevel[last]!.get(id)!;
    if (fresh) {
      perLevel[last]!.set(id, leaf);
      leaf.capacity = [];
      leaf.nodes = [];
      if (last > 0) {
        const pv = values.slice(0, last);
        const parent = ensure(last - 1, pv, pv.join(','));
        leaf.parent = parent.id;
        parent.children.push(id);
      }
    }
    leaf.nodes!.push(n.name);
    const cap = new Map(leaf.capacity);
    for (const [r, v] of n.allocatable) cap.set(r, (cap.get(r) ?? 0) + v);
    leaf.capacity = [...cap];
  }
  const out = perLevel.map((m) => [...m.values()]);
  for (const level of out) {
    const sorted = [...level].sort((a, b) => {
      for (let i = 0; i < Math.min(a.levelValues.length, b.levelValues.length); i++) {
        if (a.levelValues[i]! !== b.levelValues[i]!) return a.levelValues[i]! < b.levelValues[i]! ? -1 : 1;
      }
      return a.levelValues.length - b.levelValues.length;
    });
    sorted.forEach((d, i) => {
      d.rank = i;
    });
  }
  return out;
}

function treeOf(s: TasFlavorSnapshot): RefDomain[][] {
  return s.levelDomains.map((level) =>
    level.map((d) => {
      const r: RefDomain = {
        id: d.id,
        levelValues: [...d.levelValues],
        children: d.children.map((c) => c.id),
        rank: d.rank,
        index: d.index,
      };
      if (d.parent) r.parent = d.parent.id;
      if (d.capacity) r.capacity = [...d.capacity];
      if (d.nodes) r.nodes = d.nodes.map((n) => n.name);
      return r;
    }),
  );
}

const nodeArb = fc.record({
  name: fc.integer({ min: 0, max: 9 }),
  // A hostname label shared by two node names makes a two-node leaf under a hostname-lowest topology.
  host: fc.integer({ min: 0, max: 7 }),
  block: fc.integer({ min: 0, max: 2 }),
  rack: fc.integer({ min: 0, max: 2 }),
  cpu: fc.integer({ min: 0, max: 16 }),
  gpu: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
});
type NodeSpec = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;

function tasNode(n: NodeSpec): TasNode {
  const allocatable = new Map<string, number>([['cpu', n.cpu * 1000]]);
  if (n.gpu !== undefined) allocatable.set('nvidia.com/gpu', n.gpu * 1000);
  allocatable.set('pods', 110_000);
  return {
    name: `n${n.name}`,
    labels: { [BLOCK]: `b${n.block}`, [RACK]: `r${n.block}-${n.rack}`, [HOST]: `h${n.host}` },
    allocatable,
  };
}

describe('TasFlavorSnapshot.rebuild', () => {
  for (const levels of [[BLOCK, RACK, HOST], [BLOCK, RACK], [HOST], [BLOCK, HOST]]) {
    it(`equals the plain tree over any sequence of rebuilds (levels ${levels.length}, ${levels.at(-1)})`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(nodeArb, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), (rounds) => {
          const snap = new TasFlavorSnapshot({ topologyName: 't', levels });
          // The same TasNode objects come back across rebuilds (as the cache keeps them), some with new ones.
          const known = new Map<string, { node: TasNode; key: string }>();
          for (const round of rounds) {
            const nodes: TasNode[] = [];
            const seen = new Set<string>();
            for (const spec of round) {
              const fresh = tasNode(spec);
              if (seen.has(fresh.name)) continue;
              seen.add(fresh.name);
              const key = JSON.stringify([fresh.labels, [...fresh.allocatable]]);
              const old = known.get(fresh.name);
              const n = old !== undefined && old.key === key ? old.node : fresh;
              known.set(n.name, { node: n, key });
              nodes.push(n);
            }
            snap.rebuild(nodes, 1);
            expect(treeOf(snap)).toEqual(referenceTree(levels, nodes));
            expect(snap.allDomains.map((d) => d.index)).toEqual(snap.allDomains.map((_, i) => i));
            // A shared allocatable is never written: every node keeps its own amounts.
            for (const n of nodes) expect(JSON.stringify([n.labels, [...n.allocatable]])).toBe(known.get(n.name)!.key);
          }
        }),
        { numRuns: 300, seed: 7 },
      );
    });
  }
});

describe('TasCache.updateUsage on a tree waiting for its rebuild', () => {
  const topology = {
    apiVersion: 'kueue.x-k8s.io/v1beta1',
    kind: 'Topology',
    metadata: { name: 't' },
    spec: { levels: [{ nodeLabel: BLOCK }, { nodeLabel: HOST }] },
  } as unknown as Topology;
  const flavors = [
    {
      apiVersion: 'kueue.x-k8s.io/v1beta1',
      kind: 'ResourceFlavor',
      metadata: { name: 'f' },
      spec: { topologyName: 't' },
    } as unknown as ResourceFlavor,
  ];
  const k8sNode = (
    i: number,
    host: number,
    block: number,
    ready: boolean,
    cpu: number,
    notice: boolean,
    tainted: boolean,
  ): Node =>
    ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `n${i}`,
        // A label no level reads (a maintenance notice): the node keeps its place in the tree.
        // Hostnames are shared now and then: two nodes of one hostname make one leaf.
        labels: { [BLOCK]: `b${block}`, [HOST]: `h${host}`, ...(notice ? { notice: 'soon' } : {}) },
      },
      spec: tainted ? { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] } : {},
      status: {
        allocatable: { cpu: String(cpu), pods: '110' },
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      },
    }) as unknown as Node;
  const opArb = fc.oneof(
    fc.record({
      kind: fc.constant('node' as const),
      node: fc.integer({ min: 0, max: 5 }),
      // Mostly its own hostname, sometimes another node's.
      shared: fc.constantFrom(false, false, false, true),
      block: fc.integer({ min: 0, max: 1 }),
      ready: fc.constantFrom(true, true, true, false),
      cpu: fc.integer({ min: 1, max: 8 }),
      notice: fc.boolean(),
      tainted: fc.constantFrom(false, false, true),
    }),
    fc.record({
      kind: fc.constant('usage' as const),
      node: fc.integer({ min: 0, max: 5 }),

      count: fc.integer({ min: 1, max: 3 }),
      sign: fc.constantFrom(1 as const, -1 as const),
    }),
    // A non-TAS pod on a node (its usage lowers the leaf's capacity): created, or deleted when it exists.
    fc.record({
      kind: fc.constant('pod' as const),
      pod: fc.integer({ min: 0, max: 5 }),
      node: fc.integer({ min: 0, max: 5 }),
      cpu: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({ kind: fc.constant('read' as const) }),
  );
  const pod = (i: number, node: number, cpu: number): Pod =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` },
      spec: { nodeName: `n${node}`, containers: [{ name: 'c', resources: { requests: { cpu: String(cpu) } } }] },
      status: { phase: 'Running' },
    }) as unknown as Pod;
  /** What a read sees: the tree, every leaf's remaining cpu and pods, and fits of one pod per leaf. */
  function view(s: TasFlavorSnapshot) {
    return {
      tree: treeOf(s),
      usage: [...s.tasUsage].map(([id, u]) => [id, [...u]]),
      remaining: [...s.leaves.values()].map((l) => [
        l.id,
        s.remaining(l, 'cpu', false),
        s.remaining(l, 'pods', false),
        s.fits([{ values: [l.id], singlePodRequests: new Map([['cpu', 1000]]), count: 1 }]),
      ]),
      // The search reads the kept counts and memos: a rebuild must have started them again.
      found: searchProbe(s, BLOCK, [1, 3, 6, 12, 25]),
    };
  }

  it('reads the same as a tree built afresh from the nodes, with every usage change replayed', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const cache = new TasCache(flavors, [topology]);
        // The nodes cache as upstream keeps it (schedulable and Ready only, in insertion order) and the usage log.
        const mirror = new Map<string, Node>();
        const usage: [DomainRequests[], 1 | -1][] = [];
        const pods = new Map<number, { node: number; cpu: number }>();
        const fresh = () => {
          const nonTasUsage = new Map<string, Map<string, number>>();
          for (const p of pods.values()) {
            const u = nonTasUsage.get(`n${p.node}`) ?? new Map<string, number>();
            u.set('cpu', (u.get('cpu') ?? 0) + p.cpu * 1000);
            u.set('pods', (u.get('pods') ?? 0) + 1000);
            nonTasUsage.set(`n${p.node}`, u);
          }
          const nodes: TasNode[] = [...mirror.values()].map((n) => ({
            name: n.metadata.name,
            labels: { ...n.metadata.labels },
            ...(n.spec?.taints ? { taints: n.spec.taints } : {}),
            allocatable: parseResourceList(n.status?.allocatable),
          }));
          const ref = new TasFlavorSnapshot({ topologyName: 't', levels: [BLOCK, HOST], nodes, nonTasUsage });
          for (const [d, sign] of usage) ref.updateUsage(d, sign);
          return ref;
        };
        for (const op of ops) {
          if (op.kind === 'node') {
            const n = k8sNode(op.node, op.shared ? 0 : op.node, op.block, op.ready, op.cpu, op.notice, op.tainted);
            cache.onNode(mirror.has(n.metadata.name) ? 'MODIFIED' : 'ADDED', n);
            if (nodeSchedulableAndReady(n)) mirror.set(n.metadata.name, n);
            else mirror.delete(n.metadata.name);
          } else if (op.kind === 'usage') {
            const d: DomainRequests[] = [
              // A hostname-lowest topology's assignment names the hostname alone.
              { values: [`h${op.node}`], singlePodRequests: new Map([['cpu', 1000]]), count: op.count },
            ];
            cache.updateUsage('f', d, op.sign);
            usage.push([d, op.sign]);
          } else if (op.kind === 'pod') {
            const had = pods.get(op.pod);
            if (had) {
              cache.onPod('DELETED', pod(op.pod, had.node, had.cpu));
              pods.delete(op.pod);
            } else {
              cache.onPod('ADDED', pod(op.pod, op.node, op.cpu));
              pods.set(op.pod, { node: op.node, cpu: op.cpu });
            }
          } else {
            expect(view(cache.snapshot('f')!)).toEqual(view(fresh()));
          }
        }
        expect(view(cache.snapshot('f')!)).toEqual(view(fresh()));
      }),
      { numRuns: 600, seed: 11 },
    );
  });
});
