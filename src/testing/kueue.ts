// Arbitraries for Kueue configurations over GPU pools: one ResourceFlavor per GPU pool (its accelerator label), 1..3
// ClusterQueues in one cohort, each with a nominal quota per flavor and maybe a borrowing limit, a LocalQueue each.
import fc from 'fast-check';
import type { PoolShape } from './cluster.js';
import { API, type Doc } from './docs.js';

export interface KueueGen {
  /** ClusterQueue name → LocalQueue name (namespace `default`). */
  localQueues: Record<string, string>;
  /** ClusterQueue name → flavor → { nominal, borrowingLimit } in GPUs. */
  quotas: Record<string, Record<string, { nominal: number; borrowingLimit: number | null }>>;
  cohort: string;
  documents: Doc[];
}

/** Kueue objects for the GPU shapes of a cluster (there must be at least one). */
export function kueueArb(
  shapes: readonly PoolShape[],
  opts: { maxClusterQueues?: number } = {},
): fc.Arbitrary<KueueGen> {
  const gpus = shapes.filter((s) => s.resource === 'nvidia.com/gpu');
  if (gpus.length === 0) throw new Error('kueueArb: the cluster has no GPU pool');
  const total = (s: PoolShape) => s.pools * s.nodesPerPool * s.perNode;
  const cqArb = fc.tuple(
    ...gpus.map((s) =>
      fc.record({
        nominal: fc.integer({ min: 0, max: total(s) }),
        borrowingLimit: fc.option(fc.integer({ min: 0, max: total(s) }), { nil: null }),
      }),
    ),
  );
  return fc.array(cqArb, { minLength: 1, maxLength: opts.maxClusterQueues ?? 3 }).map((cqs) => {
    const cohort = 'all';
    const documents: Doc[] = gpus.map((s) => ({
      apiVersion: API.kueue,
      kind: 'ResourceFlavor',
      metadata: { name: s.name },
      spec: { nodeLabels: { ...s.selector } },
    }));
    const quotas: KueueGen['quotas'] = {};
    const localQueues: KueueGen['localQueues'] = {};
    cqs.forEach((flavors, i) => {
      const cq = `cq-${i}`;
      quotas[cq] = {};
      documents.push({
        apiVersion: API.kueue,
        kind: 'ClusterQueue',
        metadata: { name: cq },
        spec: {
          cohortName: cohort,
          namespaceSelector: {},
          resourceGroups: [
            {
              coveredResources: ['nvidia.com/gpu'],
              flavors: gpus.map((s, k) => {
                const q = flavors[k]!;
                quotas[cq]![s.name] = q;
                const r: Record<string, unknown> = { name: 'nvidia.com/gpu', nominalQuota: q.nominal };
                if (q.borrowingLimit !== null) r.borrowingLimit = q.borrowingLimit;
                return { name: s.name, resources: [r] };
              }),
            },
          ],
        },
      });
      localQueues[cq] = `lq-${i}`;
      documents.push({
        apiVersion: API.kueue,
        kind: 'LocalQueue',
        metadata: { name: `lq-${i}`, namespace: 'default' },
        spec: { clusterQueue: cq },
      });
    });
    return { localQueues, quotas, cohort, documents };
  });
}
