// Which device(s) a pod gets (spec/fgd.md §1.4, open_gpu_share.go allocateGpuId*) and how a placement changes the
// node. Whole-GPU pods always take the k lowest-index fully free GPUs; a sharing pod's device depends on the
// policy's selection method.
import { fgdDeviceChoice } from './fgd.js';
import { affinityTag, type GpuNode, type GpuPod, isSharing, MILLI, NO_GPU_TAG } from './model.js';
import type { TargetWorkload } from './workload.js';

/** Open-Gpu-Share's `gpuSelMethod`: `best` (tightest fit), `random` (reservoir), `fgd` (best FGD score). */
export type DeviceSelection = 'best' | 'random' | 'fgd';

/** Draws `Intn(n)` (Go math/rand semantics in the study; any uniform integer source elsewhere). */
export interface IntSource {
  intn(n: number): number;
}

/** The k lowest-index fully free GPUs (AllocateExclusiveGpuId); [] if there are fewer. */
export function exclusiveDevices(pod: GpuPod, gpuFree: ArrayLike<number>): number[] {
  const out: number[] = [];
  let need = pod.numGpu * pod.gpuMilli;
  for (let i = 0; i < gpuFree.length && need > 0; i++) {
    if (gpuFree[i] === MILLI) {
      out.push(i);
      need -= MILLI;
    }
  }
  return need > 0 ? [] : out;
}

/** `best`: the device with the smallest free ≥ q, ties to the lowest index (allocateGpuIdBasedOnBestFit). */
export function tightestDevice(q: number, gpuFree: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < gpuFree.length; i++) {
    const f = gpuFree[i]!;
    if (f >= q && (best === -1 || f < gpuFree[best]!)) best = i;
  }
  return best;
}

/** `random`: reservoir sampling over devices with free ≥ q, drawing `intn(cnt)` for cnt = 1, 2, … in index order. */
export function randomDevice(q: number, gpuFree: ArrayLike<number>, rng: IntSource): number {
  let chosen = -1;
  let cnt = 0;
  for (let i = 0; i < gpuFree.length; i++) {
    if (gpuFree[i]! >= q) {
      cnt++;
      if (rng.intn(cnt) === 0) chosen = i;
    }
  }
  return chosen;
}

/**
 * The devices the pod gets on this node (the Reserve step): [] for a CPU-only pod; the k lowest-index fully free
 * GPUs for a whole-GPU pod; one device for a sharing pod, by `selection`. `workload` is needed for `fgd`, `rng`
 * for `random`. Returns null when the pod's GPUs do not fit.
 */
export function assignDevices(
  pod: GpuPod,
  node: GpuNode,
  selection: DeviceSelection = 'best',
  ctx: { workload?: TargetWorkload; rng?: IntSource } = {},
): number[] | null {
  if (pod.gpuMilli <= 0 || pod.numGpu <= 0) return [];
  if (!isSharing(pod)) {
    const d = exclusiveDevices(pod, node.gpuFree);
    return d.length > 0 ? d : null;
  }
  let d: number;
  if (selection === 'random') {
    if (!ctx.rng) throw new Error('assignDevices: selection "random" needs ctx.rng');
    d = randomDevice(pod.gpuMilli, node.gpuFree, ctx.rng);
  } else if (selection === 'fgd') {
    if (!ctx.workload) throw new Error('assignDevices: selection "fgd" needs ctx.workload');
    d = fgdDeviceChoice(pod, node.cpuFree, node.model, node.gpuFree, ctx.workload).device;
  } else {
    d = tightestDevice(pod.gpuMilli, node.gpuFree);
  }
  return d < 0 ? null : [d];
}

/** Binds the pod to the node on `devices` (from assignDevices): lowers cpu, memory, pod room and device free milli. */
export function bindPod(node: GpuNode, pod: GpuPod, devices: readonly number[]): void {
  node.cpuFree -= pod.cpu;
  node.memFree -= pod.mem;
  node.podsFree -= 1;
  for (const d of devices) node.gpuFree[d]! -= pod.gpuMilli;
  const tag = affinityTag(pod);
  if (tag !== NO_GPU_TAG) node.tags.set(tag, (node.tags.get(tag) ?? 0) + 1);
}

/** Undoes bindPod (a pod leaving the node). */
export function unbindPod(node: GpuNode, pod: GpuPod, devices: readonly number[]): void {
  node.cpuFree += pod.cpu;
  node.memFree += pod.mem;
  node.podsFree += 1;
  for (const d of devices) node.gpuFree[d]! += pod.gpuMilli;
  const tag = affinityTag(pod);
  if (tag === NO_GPU_TAG) return;
  const n = (node.tags.get(tag) ?? 0) - 1;
  if (n > 0) node.tags.set(tag, n);
  else node.tags.delete(tag);
}
