// Feasibility (spec/fgd.md §1.3): the Kubernetes NodeResourcesFit checks (cpu, memory, pod count) and the
// Open-Gpu-Share filter (open_gpu_share.go Filter, gpunodeinfo.go AllocateGpuId), with the model constraint.
import { type GpuNode, type GpuPod, modelAllowed } from './model.js';

/**
 * Whether some allocation of the pod's GPUs exists on these devices (AllocateGpuId without a preset device id):
 * k = 1 needs one device with free ≥ q; k > 1 scans devices in index order and greedily takes a device while its
 * remaining free is ≥ q (upstream may put several of a pod's containers on one device; with q = 1000 this is
 * "at least k fully free GPUs").
 */
export function gpuFits(pod: GpuPod, gpuFree: ArrayLike<number>): boolean {
  const q = pod.gpuMilli;
  const k = pod.numGpu;
  if (q <= 0) return true;
  if (k <= 0 || gpuFree.length === 0) return false;
  if (k === 1) {
    for (let i = 0; i < gpuFree.length; i++) if (gpuFree[i]! >= q) return true;
    return false;
  }
  let taken = 0;
  for (let i = 0; i < gpuFree.length && taken < k; i++) {
    // floor(free / q) containers fit on device i under the two-pointer greedy
    taken += Math.floor(gpuFree[i]! / q);
  }
  return taken >= k;
}

/** Every filter of the study's scheduler (§1.3): fit (cpu, memory, pods), then GPU count, model and devices. */
export function feasible(pod: GpuPod, node: GpuNode): boolean {
  if (node.cpuFree < pod.cpu || node.memFree < pod.mem || node.podsFree < 1) return false;
  if (pod.gpuMilli <= 0) return true;
  if (node.gpuFree.length === 0) return false;
  if (!modelAllowed(pod.gpuSpec, node.model)) return false;
  return gpuFits(pod, node.gpuFree);
}
