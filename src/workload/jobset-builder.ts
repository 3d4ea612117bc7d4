// Builds the JobSet a trace row or a generated GPU job becomes (CONTRACT.md §2 TraceReplay): one replicatedJob
// `workers` (1 replica, parallelism = completions = its pod count), the GPUs split over ceil(N/gpusPerPod) pods as
// evenly as possible, created at the submit time, each pod running for the duration.
import type { Toleration } from '../api/core.js';
import type { JobSet, ReplicatedJob } from '../api/jobset.js';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL } from '../api/open-gpu-share.js';
import { formatQuantity, parseQuantity } from '../api/quantity.js';

export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
export const WORKLOAD_PRIORITY_LABEL = 'kueue.x-k8s.io/priority-class';
/** Node label of the GPU model, as the openb traces' own simulator writes it (hkust-adsl/kubernetes-scheduler-simulator). */
export const GPU_MODEL_LABEL = GPU_MODEL;

/** The `jobs:` block of a TraceReplay (also used by WorkloadGenerator GPU shapes). */
export interface JobsBlock {
  namespace: string;
  queueName?: string;
  gpuResource: string;
  gpusPerPod: number;
  podRequests: Record<string, string>;
  tolerations: Toleration[];
  /** Kubernetes PriorityClass of the pods. */
  priorityClassName?: string;
  /** Kueue WorkloadPriorityClass (label kueue.x-k8s.io/priority-class). */
  workloadPriorityClass?: string;
}

export const DEFAULT_JOBS: JobsBlock = {
  namespace: 'default',
  gpuResource: 'nvidia.com/gpu',
  gpusPerPod: 8,
  podRequests: {},
  tolerations: [],
};

export interface JobShape {
  name: string;
  /** Seconds. */
  submitTime: number;
  /** Seconds. */
  duration: number;
  gpus: number;
  /** Per job (split over its pods like the GPUs); openb rows give them. */
  cpuMilli?: number;
  memoryMiB?: number;
  gpuModels?: string[];
  /**
   * An Open-GPU-Share request (openb `gpuSharing: share`): one pod asking `milli` on each of `count` devices, of
   * one of the `|`-separated models ('' = any); replaces `gpus`, `gpuModels` and `jobs.gpuResource`.
   */
  gpuShare?: { milli: number; count: number; model: string };
}

/** `N` units over `k` pods as evenly as possible: the first `N mod k` pods get one more. */
export function splitEvenly(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  const rem = n % k;
  return Array.from({ length: k }, (_, i) => base + (i < rem ? 1 : 0));
}

/** A Go duration for a number of seconds, to the microsecond. */
export function secondsToDuration(s: number): string {
  return `${Math.round(s * 1e6) / 1e6}s`;
}

/** Adds `milli` of a resource to a request list (podRequests given in the YAML may hold the same name). */
function addQuantity(requests: Record<string, string>, name: string, milli: number): void {
  const extra = requests[name];
  requests[name] = formatQuantity(milli + (extra === undefined ? 0 : parseQuantity(extra)), name);
}

/** The JobSet of one job shape. */
export function buildJobSet(shape: JobShape, jobs: JobsBlock): JobSet {
  const share = shape.gpuShare;
  const pods = share ? 1 : Math.max(1, Math.ceil(shape.gpus / jobs.gpusPerPod));
  const gpuSplit = splitEvenly(shape.gpus, pods);
  const cpuSplit = shape.cpuMilli !== undefined ? splitEvenly(Math.ceil(shape.cpuMilli), pods) : undefined;
  const memSplit = shape.memoryMiB !== undefined ? splitEvenly(Math.ceil(shape.memoryMiB), pods) : undefined;
  // Pods of equal requests share one replicatedJob; an uneven split needs a second one (`workers-rest`).
  const groups: { name: string; count: number; i: number }[] = [];
  const key = (i: number) => `${gpuSplit[i]}/${cpuSplit?.[i]}/${memSplit?.[i]}`;
  for (let i = 0; i < pods; i++) {
    const last = groups[groups.length - 1];
    if (last && key(last.i) === key(i)) last.count++;
    else groups.push({ name: groups.length === 0 ? 'workers' : 'workers-rest', count: 1, i });
  }
  const replicatedJobs: ReplicatedJob[] = groups.map((g) => {
    const requests: Record<string, string> = { ...jobs.podRequests };
    const limits: Record<string, string> = {};
    if (cpuSplit) addQuantity(requests, 'cpu', cpuSplit[g.i]!);
    if (memSplit) addQuantity(requests, 'memory', memSplit[g.i]! * 1024 ** 2 * 1000);
    const gpus = share ? 0 : gpuSplit[g.i]!;
    let annotations: Record<string, string> | undefined;
    if (share) {
      // As pod_csv_to_yaml.py writes it, plus the total as the extended resource (requests = limits).
      annotations = { [GPU_MILLI]: String(share.milli), [GPU_COUNT]: String(share.count) };
      if (share.model !== '') annotations[GPU_MODEL] = share.model;
      const total = String(share.milli * share.count);
      requests[GPU_MILLI] = total;
      limits[GPU_MILLI] = total;
    }
    if (gpus > 0) {
      // extended resources: requests must equal limits
      requests[jobs.gpuResource] = String(gpus);
      limits[jobs.gpuResource] = String(gpus);
    }
    const podSpec: Record<string, unknown> = {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'worker',
          image: 'jobset-sim/worker',
          resources: Object.keys(limits).length > 0 ? { requests, limits } : { requests },
        },
      ],
    };
    if (jobs.tolerations.length > 0) podSpec.tolerations = structuredClone(jobs.tolerations);
    if (jobs.priorityClassName) podSpec.priorityClassName = jobs.priorityClassName;
    if (shape.gpuModels && shape.gpuModels.length > 0 && gpus > 0) {
      podSpec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: GPU_MODEL_LABEL, operator: 'In', values: [...shape.gpuModels] }] },
            ],
          },
        },
      };
    }
    return {
      name: g.name,
      replicas: 1,
      template: {
        spec: {
          parallelism: g.count,
          completions: g.count,
          backoffLimit: 0,
          template: annotations ? { metadata: { annotations }, spec: podSpec } : { spec: podSpec },
        },
      },
    } as unknown as ReplicatedJob;
  });
  const labels: Record<string, string> = {};
  if (jobs.queueName) labels[QUEUE_NAME_LABEL] = jobs.queueName;
  if (jobs.workloadPriorityClass) labels[WORKLOAD_PRIORITY_LABEL] = jobs.workloadPriorityClass;
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: {
      name: shape.name,
      namespace: jobs.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations: {
        'jobset-sim.dev/submit-at': secondsToDuration(shape.submitTime),
        'jobset-sim.dev/duration': secondsToDuration(shape.duration),
      },
    },
    spec: { replicatedJobs },
    status: { restarts: 0 },
  } as unknown as JobSet;
}
