// The GPU-sharing resource model of the FGD study (spec/fgd.md §1): a node's GPUs as devices of 1000 milli each,
// a pod asking whole GPUs or a share of one, and GPU model constraints. Plain data, so the study's replay and the
// event engine's scheduler can both hold node state their own way and call the same pure functions.

/** Capacity of one GPU device in milli (open-gpu-share utils.MILLI). */
export const MILLI = 1000;
/** "Max spec" normalisers of the baselines (open-gpu-share utils/const.go MaxSpecCpu, MaxSpecGpu). */
export const MAX_SPEC_CPU = 128000;
export const MAX_SPEC_GPU = 8000;

/** A node as the policies see it (upstream NodeResource plus what the Kubernetes fit filter checks). */
export interface GpuNode {
  /** Node name; ties between equal scores go to the lexicographically smallest (spec §3.3). */
  name: string;
  /** Free CPU milli: allocatable minus the sum of the pods' CPU requests. */
  cpuFree: number;
  /** Free memory (MiB); only the fit filter reads it. */
  memFree: number;
  /** Pods the node may still take (allocatable pods minus bound pods). */
  podsFree: number;
  /** GPU model (label alibabacloud.com/gpu-card-model), '' for none. */
  model: string;
  /** Free milli per GPU device, index = device index (0..G−1). */
  gpuFree: Int32Array;
  /** GpuClustering's affinity tags of the GPU pods bound here, with counts; only entries with count > 0. */
  tags: Map<string, number>;
}

/** A pod's shape (upstream PodResource, plus memory for the fit filter). */
export interface GpuPod {
  /** CPU request in milli (a request of 0 counts as 100, the scheduler's non-zero default). */
  cpu: number;
  /** Memory request in MiB. */
  mem: number;
  /** GPU count k (annotation gpu-count); 0 for a CPU-only pod. */
  numGpu: number;
  /** Per-GPU milli q (annotation gpu-milli, clamped to 0..1000); 0 for a CPU-only pod. */
  gpuMilli: number;
  /** Allowed GPU models as upstream writes them, `|`-separated (`V100M16|V100M32`); '' = any. */
  gpuSpec: string;
}

/** Upstream's tag for GpuClustering (open-gpu-share GetGpuAffinityFromPodAnnotation). */
export const NO_GPU_TAG = 'no-gpu';
export const SHARE_GPU_TAG = 'share-gpu';

/** The pod's GpuClustering affinity tag: `no-gpu`, `share-gpu` (k = 1, q < 1000) or `<k>-gpu` (q = 1000). */
export function affinityTag(pod: GpuPod): string {
  if (pod.numGpu === 0) return NO_GPU_TAG;
  if (pod.numGpu === 1 && pod.gpuMilli < MILLI) return SHARE_GPU_TAG;
  // upstream panics on k > 1 with q < 1000; no trace pod has that shape, so it is tagged as whole GPUs here
  return `${pod.numGpu}-gpu`;
}

/** A GPU-sharing pod: one GPU, less than all of it. */
export function isSharing(pod: GpuPod): boolean {
  return pod.numGpu === 1 && pod.gpuMilli < MILLI;
}

/** Total GPU milli the pod asks for, k·q (what "arrived" and "allocated" count). */
export function totalGpuMilli(pod: GpuPod): number {
  return pod.numGpu * pod.gpuMilli;
}

/**
 * Whether a node of model `nodeModel` may host a pod constrained to `gpuSpec` (utils.IsNodeAccessibleToPodByType):
 * an empty spec (or one made only of empty entries) is accepted anywhere; otherwise the node's model must equal
 * one of the `|`-separated entries exactly, and a node with no model accepts no constrained pod.
 */
export function modelAllowed(gpuSpec: string, nodeModel: string): boolean {
  if (gpuSpec.length === 0) return true;
  if (nodeModel.length === 0) return false;
  let entries = 0;
  for (const t of gpuSpec.split('|')) {
    if (t.length === 0) continue;
    entries++;
    if (t === nodeModel) return true;
  }
  return entries === 0;
}

/** Σ free milli over the node's GPUs (U). */
export function gpuFreeTotal(gpuFree: ArrayLike<number>): number {
  let u = 0;
  for (let i = 0; i < gpuFree.length; i++) u += gpuFree[i]!;
  return u;
}

/** Number of fully free GPUs. */
export function fullyFreeCount(gpuFree: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < gpuFree.length; i++) if (gpuFree[i] === MILLI) n++;
  return n;
}

/** A node with every device free, for tests and loaders. */
export function makeNode(
  name: string,
  o: { cpu: number; mem?: number; pods?: number; model?: string; gpus?: number; gpuFree?: number[] },
): GpuNode {
  const gpuFree = o.gpuFree ? Int32Array.from(o.gpuFree) : new Int32Array(o.gpus ?? 0).fill(MILLI);
  return {
    name,
    cpuFree: o.cpu,
    memFree: o.mem ?? Number.MAX_SAFE_INTEGER,
    podsFree: o.pods ?? 1001,
    model: o.model ?? '',
    gpuFree,
    tags: new Map(),
  };
}

/** A pod shape, for tests and loaders; `gpuMilli` defaults to 1000 for GPU pods and is clamped to 0..1000. */
export function makePod(o: { cpu: number; mem?: number; gpus?: number; milli?: number; spec?: string }): GpuPod {
  const k = o.gpus ?? 0;
  const q = k > 0 ? Math.min(MILLI, Math.max(0, o.milli ?? MILLI)) : 0;
  return { cpu: o.cpu > 0 ? o.cpu : 100, mem: o.mem ?? 0, numGpu: k, gpuMilli: q, gpuSpec: o.spec ?? '' };
}
