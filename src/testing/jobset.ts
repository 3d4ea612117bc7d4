// Arbitraries for JobSets valid by construction: one or two replicatedJobs sized for a pool shape, exclusive
// placement, startupPolicy, failure and success policies, durations and submit times.
import fc from 'fast-check';
import type { PoolShape } from './cluster.js';
import { API, type Doc } from './docs.js';

export const EXCLUSIVE_TOPOLOGY = 'alpha.jobset.sigs.k8s.io/exclusive-topology';
export const QUEUE_NAME = 'kueue.x-k8s.io/queue-name';

/** The choices behind one generated JobSet (kept so properties can state what they expect). */
export interface JobSetGen {
  name: string;
  /** The NodePool document its pods select. */
  pool: string;
  replicatedJobs: { name: string; replicas: number; pods: number; perPod: number }[];
  exclusive: boolean;
  startupPolicy: 'AnyOrder' | 'InOrder' | null;
  maxRestarts: number | null;
  /** failurePolicy.rules actions, in order (all match any Job failure reason). */
  rules: ('FailJobSet' | 'RestartJobSet' | 'RestartJobSetAndIgnoreMaxRestarts')[];
  successPolicy: { operator: 'All' | 'Any'; targetReplicatedJobs: string[] } | null;
  durationMin: number;
  submitMin: number;
  queueName: string | null;
}

export interface JobSetOptions {
  name: string;
  /** Makes it a Kueue workload of this LocalQueue. */
  queueName?: string;
  /** At most this many child Jobs per replicatedJob (default: the shape's pool count, so each Job can have a pool). */
  maxReplicas?: number;
  maxDurationMin?: number;
  maxSubmitMin?: number;
}

/** How many accelerators (or CPUs) one pod asks for: a divisor of what a node offers. */
function perPodArb(shape: PoolShape): fc.Arbitrary<number> {
  const divisors = [1, 2, 4, 8, 16, 32].filter((d) => d <= shape.perNode && shape.perNode % d === 0);
  return fc.constantFrom(...divisors);
}

/** A JobSet generator whose every Job fits in one pool of `shape` (one node for GPU and plain pools). */
export function jobSetGenArb(shape: PoolShape, opts: JobSetOptions): fc.Arbitrary<JobSetGen> {
  // TPU slices: a Job fills one slice (all its hosts); GPU and plain pools: a Job fits on one node.
  const nodesPerJob = shape.kind === 'tpu' ? shape.nodesPerPool : 1;
  const maxReplicas = Math.max(1, Math.min(opts.maxReplicas ?? shape.pools, shape.kind === 'tpu' ? shape.pools : 3));
  const rjob = (name: string) =>
    fc.record({
      name: fc.constant(name),
      replicas: fc.integer({ min: 1, max: maxReplicas }),
      perPod: perPodArb(shape),
    });
  return fc
    .record({
      rjobs: fc.oneof(fc.tuple(rjob('workers')), fc.tuple(rjob('driver'), rjob('workers'))),
      exclusive: fc.boolean(),
      startupPolicy: fc.constantFrom<JobSetGen['startupPolicy']>(null, 'AnyOrder', 'InOrder'),
      maxRestarts: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      rules: fc.array(
        fc.constantFrom<JobSetGen['rules'][number]>('FailJobSet', 'RestartJobSet', 'RestartJobSetAndIgnoreMaxRestarts'),
        {
          maxLength: 2,
        },
      ),
      success: fc.constantFrom<'none' | 'All' | 'Any'>('none', 'All', 'Any'),
      durationMin: fc.integer({ min: 1, max: opts.maxDurationMin ?? 120 }),
      submitMin: fc.integer({ min: 0, max: opts.maxSubmitMin ?? 30 }),
    })
    .map((g) => {
      const replicatedJobs = g.rjobs.map((r) => ({
        ...r,
        pods: Math.max(1, (nodesPerJob * shape.perNode) / r.perPod) | 0,
      }));
      const last = replicatedJobs[replicatedJobs.length - 1]!.name;
      return {
        name: opts.name,
        pool: shape.name,
        replicatedJobs,
        exclusive: g.exclusive,
        startupPolicy: g.startupPolicy,
        maxRestarts: g.maxRestarts,
        rules: g.rules,
        successPolicy:
          g.success === 'none'
            ? null
            : { operator: g.success, targetReplicatedJobs: g.success === 'Any' ? [last] : [] },
        durationMin: g.durationMin,
        submitMin: g.submitMin,
        queueName: opts.queueName ?? null,
      };
    });
}

/** The JobSet document of a generator (a `batch/v1` pod template per replicatedJob; limits only, as users write). */
export function jobSetDoc(g: JobSetGen, shape: PoolShape): Doc {
  const annotations: Record<string, string> = {
    'jobset-sim.dev/duration': `${g.durationMin}m`,
    'jobset-sim.dev/submit-at': `${g.submitMin}m`,
  };
  if (g.exclusive) annotations[EXCLUSIVE_TOPOLOGY] = shape.domainKey;
  const metadata: Record<string, unknown> = { name: g.name, namespace: 'default', annotations };
  if (g.queueName) metadata.labels = { [QUEUE_NAME]: g.queueName };
  const spec: Record<string, unknown> = {
    replicatedJobs: g.replicatedJobs.map((r) => ({
      name: r.name,
      replicas: r.replicas,
      template: {
        spec: {
          parallelism: r.pods,
          completions: r.pods,
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              nodeSelector: { ...shape.selector },
              containers: [
                {
                  name: 'main',
                  image: 'busybox',
                  resources: { limits: { [shape.resource]: shape.resource === 'cpu' ? String(r.perPod) : r.perPod } },
                },
              ],
            },
          },
        },
      },
    })),
  };
  if (g.startupPolicy) spec.startupPolicy = { startupPolicyOrder: g.startupPolicy };
  if (g.maxRestarts !== null || g.rules.length > 0) {
    const fp: Record<string, unknown> = {};
    if (g.maxRestarts !== null) fp.maxRestarts = g.maxRestarts;
    if (g.rules.length > 0) fp.rules = g.rules.map((action, i) => ({ name: `rule${i}`, action }));
    spec.failurePolicy = fp;
  }
  if (g.successPolicy) spec.successPolicy = { ...g.successPolicy };
  return { apiVersion: API.jobSet, kind: 'JobSet', metadata, spec };
}

/** JobSet documents for a cluster: 1..max of them, each sized for one of the shapes. */
export function jobSetsArb(
  shapes: readonly PoolShape[],
  opts: { max?: number; queueName?: (shape: PoolShape) => string | undefined } & Partial<
    Omit<JobSetOptions, 'queueName' | 'name'>
  > = {},
): fc.Arbitrary<{ gens: JobSetGen[]; documents: Doc[] }> {
  return fc
    .array(fc.nat({ max: shapes.length - 1 }), { minLength: 1, maxLength: opts.max ?? 3 })
    .chain((picks) =>
      fc.tuple(
        ...picks.map((s, i) =>
          jobSetGenArb(shapes[s]!, { ...opts, name: `js-${i}`, queueName: opts.queueName?.(shapes[s]!) }),
        ),
      ),
    )
    .map((gens) => ({
      gens,
      documents: gens.map((g) => jobSetDoc(g, shapes.find((s) => s.name === g.pool)!)),
    }));
}
