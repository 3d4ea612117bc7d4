// Writes the cluster's state at one instant as `kubectl get nodes,pods,jobs,jobsets,workloads,clusterqueues,
// localqueues,resourceflavors,cohorts,workloadpriorityclasses,topologies,priorityclasses -A -o yaml` prints it: a
// `v1 List` of the objects with their real apiVersions, server metadata and status, times in RFC 3339 (simulated
// time → wall clock by the epoch). Two things kubectl would not show carry what the simulator needs to continue
// exactly: a running pod's remaining run time (jobset-sim.dev/remaining) and the List's snapshot time
// (jobset-sim.dev/snapshot-time). The job-tracking finalizer is on the pods their Job has not counted yet, as upstream.
import type { Job } from '../api/batch.js';
import { clonePlain } from '../api/clone.js';
import type { Pod } from '../api/core.js';
import { controllerOf, type KubeObject } from '../api/meta.js';
import type { JobController } from '../controllers/job/controller.js';
import type { Kubelet } from '../controllers/kubelet/kubelet.js';
import type { Store } from '../engine/store.js';
import type { KueueManager } from '../kueue/manager.js';
import { formatDuration } from '../scenario/duration.js';
import type { Scenario } from '../scenario/model.js';
import { JOB_TRACKING_FINALIZER, REMAINING_ANNOTATION, SNAPSHOT_TIME_ANNOTATION } from './model.js';
import { convertTimes, DEFAULT_EPOCH, formatRfc3339, parseRfc3339Us } from './time.js';

const KUEUE_API = 'kueue.x-k8s.io/v1beta2';

export interface ExportEnv {
  store: Store;
  kubelet: Kubelet;
  jobs: JobController;
  kueue: KueueManager | undefined;
  scenario: Scenario;
  /** Simulated µs now. */
  now: number;
}

/** The wall time of simulated t = 0 (µs since the Unix epoch): a snapshot's time 0, else Simulation.spec.startTime. */
export function epochOf(scenario: Scenario): number {
  if (scenario.snapshot) return scenario.snapshot.nowUs;
  return parseRfc3339Us(scenario.simulation.startTime ?? DEFAULT_EPOCH) ?? 0;
}

export interface KubectlList {
  apiVersion: 'v1';
  kind: 'List';
  metadata: { resourceVersion: string; annotations: Record<string, string> };
  items: Record<string, unknown>[];
}

export function exportSnapshot(env: ExportEnv): KubectlList {
  const { store, scenario } = env;
  const epoch = epochOf(scenario);
  const nowS = env.now / 1e6;
  const items: Record<string, unknown>[] = [];
  const wall = (x: unknown) => (typeof x === 'number' ? formatRfc3339(epoch, x) : x);
  const live = (kind: string, apiVersion: string, edit?: (o: Record<string, unknown>, src: KubeObject) => void) => {
    for (const src of sorted(store.list<KubeObject>(kind))) {
      const o = clonePlain(src) as unknown as Record<string, unknown>;
      o.apiVersion = apiVersion;
      o.kind = kind;
      edit?.(o, src);
      convertTimes(o, wall);
      items.push(ordered(o));
    }
  };
  live('Node', 'v1');
  live('Pod', 'v1', (o, src) => podExtras(o, src as Pod, env));
  live('Job', 'batch/v1');
  live('JobSet', 'jobset.x-k8s.io/v1alpha2');
  live('Workload', KUEUE_API);
  const config = (
    kind: string,
    apiVersion: string,
    objs: readonly KubeObject[],
    status?: (name: string) => unknown,
  ) => {
    for (const src of sorted(objs)) {
      const o = clonePlain(src) as unknown as Record<string, unknown>;
      o.apiVersion = apiVersion;
      o.kind = kind;
      const m = o.metadata as Record<string, unknown>;
      const ns = typeof m.namespace === 'string' ? m.namespace : '';
      m.uid = stableUid(`${kind}/${ns}/${String(m.name)}`);
      m.resourceVersion = '1';
      m.generation = 1;
      m.creationTimestamp = Math.min(0, nowS);
      if (status) o.status = status(String(m.name));
      convertTimes(o, wall);
      items.push(ordered(o));
    }
  };
  const k = scenario.kueue;
  config('ClusterQueue', KUEUE_API, k.clusterQueues, (n) => env.kueue?.clusterQueueStatus(n, nowS));
  config('LocalQueue', KUEUE_API, k.localQueues);
  config('ResourceFlavor', KUEUE_API, k.resourceFlavors);
  config('Cohort', KUEUE_API, k.cohorts);
  config('WorkloadPriorityClass', KUEUE_API, k.workloadPriorityClasses);
  config('Topology', KUEUE_API, k.topologies);
  const pcs = scenario.priorityClasses.map(
    (p) =>
      ({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: p.name },
        value: p.value,
        ...(p.globalDefault ? { globalDefault: true } : {}),
        ...(p.preemptionPolicy ? { preemptionPolicy: p.preemptionPolicy } : {}),
      }) as unknown as KubeObject,
  );
  config('PriorityClass', 'scheduling.k8s.io/v1', pcs);
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '', annotations: { [SNAPSHOT_TIME_ANNOTATION]: formatRfc3339(epoch, nowS) } },
    items,
  };
}

/** The job-tracking finalizer until the Job counted the pod; the time to the kubelet's next step for the pod. */
function podExtras(o: Record<string, unknown>, pod: Pod, env: ExportEnv): void {
  const m = o.metadata as { finalizers?: string[]; annotations?: Record<string, string> };
  const ref = controllerOf(pod);
  const job = ref?.kind === 'Job' ? env.store.getByUid<Job>(ref.uid) : undefined;
  if (job && !env.jobs.hasCounted(job, pod.metadata.uid))
    m.finalizers = [...(m.finalizers ?? []), JOB_TRACKING_FINALIZER];
  const rest = env.kubelet.remainingOf(pod);
  if (rest !== undefined && Number.isFinite(rest))
    m.annotations = { ...(m.annotations ?? {}), [REMAINING_ANNOTATION]: formatDuration(Math.max(0, rest)) };
}

/** kubectl's order: by namespace, then name. */
function sorted<T extends KubeObject>(objs: Iterable<T>): T[] {
  const key = (o: T) => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
  return [...objs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
];

/** apiVersion, kind, metadata (fields in the apiserver's order), then the rest as it was. */
function ordered(o: Record<string, unknown>): Record<string, unknown> {
  const m = (o.metadata ?? {}) as Record<string, unknown>;
  const meta: Record<string, unknown> = {};
  for (const k of META_ORDER) if (m[k] !== undefined) meta[k] = m[k];
  for (const [k, v] of Object.entries(m)) if (!(k in meta) && v !== undefined) meta[k] = v;
  const out: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind, metadata: meta };
  for (const [k, v] of Object.entries(o)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/** A uid for an object the store does not hold (Kueue's configuration), stable across runs: FNV-1a as a UUID. */
function stableUid(s: string): string {
  let h = '';
  for (let seed = 0; seed < 4; seed++) {
    let x = 0x811c9dc5 ^ seed;
    for (let i = 0; i < s.length; i++) {
      x ^= s.charCodeAt(i);
      x = Math.imul(x, 0x01000193) >>> 0;
    }
    h += x.toString(16).padStart(8, '0');
  }
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
