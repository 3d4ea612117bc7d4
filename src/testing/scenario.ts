// Whole scenarios: a Simulation, a cluster, JobSets for it, and optionally Kueue objects (GPU pools) and a fault
// Script. Plain documents: `toYaml(s.documents)` is a file `jobset-sim run` accepts.
import fc from 'fast-check';
import { type ClusterGen, clusterArb, type PoolShape } from './cluster.js';
import { API, type Doc } from './docs.js';
import { faultScriptArb } from './faults.js';
import { type JobSetGen, jobSetsArb } from './jobset.js';
import { type KueueGen, kueueArb } from './kueue.js';

export interface ScenarioGen {
  seed: number;
  cluster: ClusterGen;
  jobSets: JobSetGen[];
  kueue: KueueGen | null;
  /** The Script document, when faults were asked for. */
  script: Doc | null;
  /** Every document, Simulation first. */
  documents: Doc[];
}

export interface ScenarioOptions {
  /** Kueue objects over GPU pools (the cluster is then GPU pools only). */
  kueue?: boolean;
  /** A fault Script. */
  faults?: boolean;
  maxJobSets?: number;
  policies?: readonly string[];
  latencyProfile?: 'realistic' | 'zero' | 'either';
  /** Simulation.spec.until (default: none, or `24h` with faults, since a node may stay down). */
  until?: string;
}

export function simulationDoc(o: { seed: number; policy: string; profile: 'realistic' | 'zero'; until?: string }): Doc {
  const spec: Record<string, unknown> = { seed: o.seed, scheduler: { policy: o.policy }, latencyProfile: o.profile };
  // The zero profile with a 1s Job API backoff: fewer rejected-create retries at one instant.
  if (o.profile === 'zero') spec.latencies = { jobApiBackoff: '1s' };
  if (o.until) spec.until = o.until;
  return { apiVersion: API.sim, kind: 'Simulation', metadata: { name: 'generated' }, spec };
}

export function scenarioArb(opts: ScenarioOptions = {}): fc.Arbitrary<ScenarioGen> {
  const cluster = clusterArb(opts.kueue ? { kinds: ['gpu'], maxPools: 2 } : {});
  const profile =
    opts.latencyProfile === 'either' || opts.latencyProfile === undefined
      ? fc.constantFrom<'realistic' | 'zero'>('realistic', 'zero')
      : fc.constant(opts.latencyProfile);
  return cluster.chain((c) => {
    const kueue = opts.kueue ? kueueArb(c.shapes).map((k) => k as KueueGen | null) : fc.constant(null);
    return kueue.chain((k) => {
      const queueName = k
        ? (_: PoolShape) => Object.values(k.localQueues)[0]
        : (_: PoolShape) => undefined as string | undefined;
      const lqs = k ? Object.values(k.localQueues) : [];
      return fc
        .record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          policy: fc.constantFrom(...(opts.policies ?? ['default', 'binpack', 'first-fit'])),
          profile,
          lqPicks: fc.array(fc.nat({ max: Math.max(0, lqs.length - 1) }), { minLength: 8, maxLength: 8 }),
          js: jobSetsArb(c.shapes, { max: opts.maxJobSets ?? 3, queueName }),
        })
        .chain((r) => {
          // Spread the JobSets over the LocalQueues.
          const gens = r.js.gens.map((g, i) => (k ? { ...g, queueName: lqs[r.lqPicks[i % 8]!]! } : g));
          const docs = r.js.documents.map((d, i) =>
            k ? { ...d, metadata: { ...d.metadata, labels: { 'kueue.x-k8s.io/queue-name': gens[i]!.queueName } } } : d,
          );
          const script = opts.faults ? faultScriptArb(c.shapes, gens) : fc.constant(null);
          return script.map((s): ScenarioGen => {
            const until = opts.until ?? (opts.faults ? '24h' : undefined);
            const documents = [
              simulationDoc({ seed: r.seed, policy: r.policy, profile: r.profile, until }),
              ...c.documents,
              ...(k?.documents ?? []),
              ...docs,
              ...(s ? [s] : []),
            ];
            return { seed: r.seed, cluster: c, jobSets: gens, kueue: k, script: s, documents };
          });
        });
    });
  });
}
