// GPU sharing as Alibaba's Open-GPU-Share exposes it (the openb study's simulator,
// hkust-adsl/kubernetes-scheduler-simulator pkg/type/open-gpu-share): a node's GPUs are devices of 1000 milli each;
// a pod asks, in annotations, a per-device share (`gpu-milli`) of `gpu-count` devices, optionally of given models;
// the scheduler's Reserve picks the devices and records them on the pod (`gpu-index`, e.g. "0" or "2-3").
import type { Node, Pod } from '../api/core.js';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL } from '../api/open-gpu-share.js';
import { parseQuantity } from '../api/quantity.js';
import { affinityTag, type GpuPod, modelAllowed, NO_GPU_TAG } from '../gpushare/index.js';

export { GPU_COUNT, GPU_INDEX, GPU_MILLI, GPU_MODEL } from '../api/open-gpu-share.js';

/**
 * The study's filter rejects with "Node:<name>"; this model gives one reason per cause instead, so that
 * FailedScheduling messages aggregate over nodes (README "GPU sharing"). No free device share: resolvable by
 * preemption unless the node has too few devices; no GPU or another model: never.
 */
export const GPU_SHARE_REASON = `Insufficient ${GPU_MILLI}`;
export const GPU_MODEL_REASON = "node(s) didn't match Pod's GPU model (alibabacloud.com/gpu-card-model)";
export const GPU_NONE_REASON = 'node(s) had no GPU devices (alibabacloud.com/gpu-count)';

export const MILLI = 1000;

/** A pod's GPU-share request: q milli on each of k devices, model list ('' = any). */
export interface GpuShareRequest {
  /** Per-device milli (q). */
  readonly milli: number;
  /** Devices (k). */
  readonly count: number;
  /** The annotation as written ('' when absent). */
  readonly model: string;
}

const requestCache = new WeakMap<Pod, GpuShareRequest | null>();

/**
 * The pod's request (GetGpuMilliFromPodAnnotation / GetGpuCountFromPodAnnotation), or undefined when it asks no GPU
 * share (gpu-milli absent or ≤ 0: the Open-Gpu-Share filter passes it). Memoised per pod object.
 */
export function gpuShareRequestOf(pod: Pod): GpuShareRequest | undefined {
  // Most pods ask no GPU share: answered without a memo entry (the scheduler asks several times per pod).
  if (pod.metadata.annotations?.[GPU_MILLI] === undefined) return undefined;
  const c = requestCache.get(pod);
  if (c !== undefined) return c ?? undefined;
  const a = pod.metadata.annotations;
  let r: GpuShareRequest | null = null;
  const rawMilli = a?.[GPU_MILLI];
  if (rawMilli !== undefined) {
    let milli = 0;
    try {
      milli = Math.ceil(parseQuantity(rawMilli) / 1000); // Quantity.Value(): rounded up
    } catch {
      milli = 0;
    }
    // strconv.Atoi; a missing or negative count is 0, which no node can allocate.
    const rawCount = a?.[GPU_COUNT];
    const n = rawCount !== undefined && /^[+-]?\d+$/.test(rawCount.trim()) ? Number(rawCount) : 0;
    if (milli > 0) r = { milli, count: Math.max(n, 0), model: a?.[GPU_MODEL] ?? '' };
  }
  requestCache.set(pod, r);
  return r ?? undefined;
}

/** A GPU-share pod's total as the extended resource `alibabacloud.com/gpu-milli`, in milli-units (count × milli). */
export function gpuShareTotal(req: GpuShareRequest): number {
  return req.count * req.milli * 1000;
}

/** The node's device count (GetGpuCountOfNode reads capacity; allocatable when no capacity is given). */
export function nodeGpuCount(node: Node): number {
  const raw = node.status.capacity?.[GPU_COUNT] ?? node.status.allocatable?.[GPU_COUNT];
  if (raw === undefined) return 0;
  try {
    return Math.max(0, Math.floor(parseQuantity(String(raw)) / 1000));
  } catch {
    return 0;
  }
}

export function nodeGpuModel(node: Node): string {
  return node.metadata.labels?.[GPU_MODEL] ?? '';
}

/** IsNodeAccessibleToPodByType (src/gpushare modelAllowed), node model first. */
export function modelAccessible(nodeModel: string, podModel: string): boolean {
  return modelAllowed(podModel, nodeModel);
}

/** Per-device state of a GPU-sharing node, kept by the scheduler's NodeInfo. */
export class GpuDevices {
  /** Free milli per device, index = device id. */
  readonly free: Int32Array;
  /** Σ free. */
  freeTotal: number;
  /** Devices of each pod counted here (one entry per device share; a device may repeat). */
  readonly assigned = new Map<Pod, number[]>();
  /** GpuClustering's affinity tags of the GPU pods here, with counts (only counts > 0). */
  readonly tags = new Map<string, number>();

  constructor(
    count: number,
    readonly model: string,
  ) {
    this.free = new Int32Array(count).fill(MILLI);
    this.freeTotal = count * MILLI;
  }

  add(pod: Pod, shape: GpuPod, devices: readonly number[]): void {
    if (this.assigned.has(pod)) return;
    const milli = shape.gpuMilli;
    const tag = affinityTag(shape);
    if (tag !== NO_GPU_TAG) this.tags.set(tag, (this.tags.get(tag) ?? 0) + 1);
    const kept: number[] = [];
    for (const d of devices) {
      if (d < 0 || d >= this.free.length) continue; // upstream logs and skips an unknown device id
      this.free[d]! -= milli;
      this.freeTotal -= milli;
      kept.push(d);
    }
    this.assigned.set(pod, kept);
  }

  remove(pod: Pod, shape: GpuPod): void {
    const devs = this.assigned.get(pod);
    if (!devs) return;
    this.assigned.delete(pod);
    const milli = shape.gpuMilli;
    const tag = affinityTag(shape);
    const n = (this.tags.get(tag) ?? 0) - 1;
    if (n > 0) this.tags.set(tag, n);
    else if (tag !== NO_GPU_TAG) this.tags.delete(tag);
    for (const d of devs) {
      this.free[d]! += milli;
      this.freeTotal += milli;
    }
  }
}

/**
 * GpuNodeInfo.AllocateGpuId, the filter's check: the devices a pod could take, or undefined when none fit. A valid
 * pre-set `gpu-index` is honoured; k=1 takes the tightest device (lowest index on ties); k>1 walks the devices in
 * index order taking each as long as it still has q free (so q=1000 means k fully free devices).
 */
export function allocateGpuId(
  free: Int32Array,
  req: GpuShareRequest,
  preset?: readonly number[],
): number[] | undefined {
  if (req.milli <= 0 || req.count <= 0 || free.length === 0) return undefined;
  if (preset && preset.length > 0) {
    for (const d of preset) if (d < 0 || d >= free.length || free[d]! < req.milli) return undefined;
    return [...preset];
  }
  if (req.count === 1) {
    let best = -1;
    for (let d = 0; d < free.length; d++) {
      if (free[d]! >= req.milli && (best < 0 || free[d]! < free[best]!)) best = d;
    }
    return best < 0 ? undefined : [best];
  }
  const left = Int32Array.from(free);
  const out: number[] = [];
  let d = 0;
  while (d < left.length && out.length < req.count) {
    if (left[d]! >= req.milli) {
      out.push(d);
      left[d]! -= req.milli;
    } else d++;
  }
  return out.length === req.count ? out : undefined;
}

/** GpuIdStrToIntList: "2-3-4" → [2, 3, 4]; undefined when malformed or absent. */
export function parseGpuIndex(value: string | undefined): number[] | undefined {
  if (value === undefined || value.length === 0) return undefined;
  const out: number[] = [];
  for (const s of value.split('-')) {
    if (!/^\d+$/.test(s)) return undefined;
    out.push(Number(s));
  }
  return out;
}

export function formatGpuIndex(devices: readonly number[]): string {
  return devices.join('-');
}
