// Arbitraries for clusters: NodePool documents (TPU slices, GPU pools, plain CPU pools) as a user writes them, with
// the facts the other arbitraries need (node names, what a pod must select and may request).
import fc from 'fast-check';
import { API, type Doc } from './docs.js';

/** What one NodePool document offers a workload. */
export interface PoolShape {
  /** The NodePool document's name. */
  name: string;
  kind: 'tpu' | 'gpu' | 'plain';
  /** Pools the document makes (`spec.replicas`, TPU slices; 1 otherwise). */
  pools: number;
  nodesPerPool: number;
  /** The accelerator (or cpu) resource and how much of it one node offers. */
  resource: 'google.com/tpu' | 'nvidia.com/gpu' | 'cpu';
  perNode: number;
  /** Labels a pod selects to land on these nodes (every node of the document has them). */
  selector: Record<string, string>;
  /** Node names, pool by pool (CONTRACT.md §2: `<pool>-node-<index>`, `<name>-<i>` per replica when replicas > 1). */
  nodes: string[];
  /** The label whose value names one pool (exclusive placement domain). */
  domainKey: string;
}

export interface ClusterGen {
  shapes: PoolShape[];
  documents: Doc[];
}

/** GKE TPU slices on the default 4-chip hosts (cloud.google.com/tpu/docs/v5e, /v6e): 2x4 = 2 hosts, 4x4 = 4. */
const TPU = {
  v5e: 'tpu-v5-lite-podslice',
  v6e: 'tpu-v6e-slice',
} as const;
const TPU_HOSTS = { '2x4': 2, '4x4': 4 } as const;
const GPU = { 'h100-80gb': 'nvidia-h100-80gb', b200: 'nvidia-b200' } as const;

function nodeNames(name: string, pools: number, nodesPerPool: number): string[] {
  const out: string[] = [];
  for (let p = 0; p < pools; p++) {
    const pool = pools === 1 ? name : `${name}-${p}`;
    for (let i = 0; i < nodesPerPool; i++) out.push(`${pool}-node-${i}`);
  }
  return out;
}

export const tpuPoolArb = (name: string): fc.Arbitrary<{ shape: PoolShape; doc: Doc }> =>
  fc
    .record({
      type: fc.constantFrom<keyof typeof TPU>('v5e', 'v6e'),
      topology: fc.constantFrom<keyof typeof TPU_HOSTS>('2x4', '4x4'),
      replicas: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ type, topology, replicas }) => {
      const hosts = TPU_HOSTS[topology];
      return {
        shape: {
          name,
          kind: 'tpu',
          pools: replicas,
          nodesPerPool: hosts,
          resource: 'google.com/tpu',
          perNode: 4,
          selector: {
            'cloud.google.com/gke-tpu-accelerator': TPU[type],
            'cloud.google.com/gke-tpu-topology': topology,
          },
          nodes: nodeNames(name, replicas, hosts),
          domainKey: 'cloud.google.com/gke-nodepool',
        },
        doc: { apiVersion: API.sim, kind: 'NodePool', metadata: { name }, spec: { replicas, tpu: { type, topology } } },
      };
    });

export const gpuPoolArb = (name: string): fc.Arbitrary<{ shape: PoolShape; doc: Doc }> =>
  fc
    .record({ type: fc.constantFrom<keyof typeof GPU>('h100-80gb', 'b200'), nodes: fc.integer({ min: 1, max: 4 }) })
    .map(({ type, nodes }) => ({
      shape: {
        name,
        kind: 'gpu',
        pools: 1,
        nodesPerPool: nodes,
        resource: 'nvidia.com/gpu',
        perNode: 8,
        selector: { 'cloud.google.com/gke-accelerator': GPU[type] },
        nodes: nodeNames(name, 1, nodes),
        domainKey: 'kubernetes.io/hostname',
      },
      doc: { apiVersion: API.sim, kind: 'NodePool', metadata: { name }, spec: { nodes, gpu: { type, count: 8 } } },
    }));

export const plainPoolArb = (name: string): fc.Arbitrary<{ shape: PoolShape; doc: Doc }> =>
  fc.record({ nodes: fc.integer({ min: 1, max: 4 }), cpu: fc.constantFrom(8, 16, 32) }).map(({ nodes, cpu }) => ({
    shape: {
      name,
      kind: 'plain',
      pools: 1,
      nodesPerPool: nodes,
      resource: 'cpu',
      perNode: cpu,
      selector: { 'cloud.google.com/gke-nodepool': name },
      nodes: nodeNames(name, 1, nodes),
      domainKey: 'kubernetes.io/hostname',
    },
    doc: {
      apiVersion: API.sim,
      kind: 'NodePool',
      metadata: { name },
      spec: { nodes, resources: { cpu: String(cpu), memory: `${cpu * 4}Gi` } },
    },
  }));

export interface ClusterOptions {
  /** Which kinds of pool may appear (default all three). */
  kinds?: readonly PoolShape['kind'][];
  maxPools?: number;
}

/** 1..maxPools NodePool documents (default 3) of the kinds asked for, named `<kind>-<i>`. */
export function clusterArb(opts: ClusterOptions = {}): fc.Arbitrary<ClusterGen> {
  const kinds = opts.kinds ?? ['tpu', 'gpu', 'plain'];
  const make = { tpu: tpuPoolArb, gpu: gpuPoolArb, plain: plainPoolArb };
  return fc
    .array(fc.constantFrom(...kinds), { minLength: 1, maxLength: opts.maxPools ?? 3 })
    .chain((list) => fc.tuple(...list.map((k, i) => make[k](`${k}-${i}`))))
    .map((pools) => ({ shapes: pools.map((p) => p.shape), documents: pools.map((p) => p.doc) }));
}
