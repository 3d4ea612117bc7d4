// The FGD score (spec/fgd.md §3.2; upstream plugin/fgd_score.go calculateGpuShareFragExtendScore): how much a
// placement grows the node's fragmentation against the target workload, as trunc(100·σ(−Δ/1000)).
import { nodeFragment } from './fragment.js';
import { type GpuPod, isSharing } from './model.js';
import type { TargetWorkload } from './workload.js';

/** trunc(100 · σ((F_n − F_n')/1000)), σ(x) = 1/(1+e^−x): an integer in 0..100, higher = less fragmentation growth. */
export function fgdScoreOfFrag(fragBefore: number, fragAfter: number): number {
  return Math.trunc((1 / (1 + Math.exp(-((fragBefore - fragAfter) / 1000)))) * 100);
}

let scratch = new Int32Array(8);
let order = new Int32Array(8);

/**
 * F_{n'}(M) after a non-sharing pod (NodeResource.Sub): CPU lowered by the pod's; for k ≥ 1 the devices are
 * visited in ascending free order (stable by index) and the first k with free ≥ q lose q.
 */
export function fragmentAfterSub(
  pod: GpuPod,
  cpuFree: number,
  model: string,
  gpuFree: ArrayLike<number>,
  w: TargetWorkload,
): number {
  const g = gpuFree.length;
  if (scratch.length < g) {
    scratch = new Int32Array(g);
    order = new Int32Array(g);
  }
  const f = scratch.subarray(0, g);
  for (let d = 0; d < g; d++) f[d] = gpuFree[d]!;
  if (pod.numGpu > 0) {
    // stable insertion sort of device indices by free milli, ascending
    for (let i = 0; i < g; i++) {
      let j = i;
      while (j > 0 && f[order[j - 1]!]! > f[i]!) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    let need = pod.numGpu;
    for (let i = 0; i < g && need > 0; i++) {
      const d = order[i]!;
      if (pod.gpuMilli <= f[d]!) {
        f[d]! -= pod.gpuMilli;
        need--;
      }
    }
  }
  return nodeFragment(cpuFree - pod.cpu, model, f, w);
}

/**
 * A sharing pod's FGD choice on one node: for each device with free ≥ q (index order) the score of placing it
 * there; the node's score is the max and the device the first index reaching it (strict ">" update). Devices with
 * the same free milli give the same node state, so only the first of them is evaluated. `fragNow` is F_n(M) if the
 * caller caches it. For a non-sharing pod the device is −1 and the score that of fragmentAfterSub.
 */
export function fgdDeviceChoice(
  pod: GpuPod,
  cpuFree: number,
  model: string,
  gpuFree: Int32Array,
  w: TargetWorkload,
  fragNow: number = nodeFragment(cpuFree, model, gpuFree, w),
): { score: number; device: number } {
  if (!isSharing(pod)) {
    return { score: fgdScoreOfFrag(fragNow, fragmentAfterSub(pod, cpuFree, model, gpuFree, w)), device: -1 };
  }
  const q = pod.gpuMilli;
  const c = cpuFree - pod.cpu;
  let best = 0;
  let device = -1;
  outer: for (let d = 0; d < gpuFree.length; d++) {
    const f = gpuFree[d]!;
    if (f < q) continue;
    for (let e = 0; e < d; e++) if (gpuFree[e] === f) continue outer;
    gpuFree[d] = f - q;
    const s = fgdScoreOfFrag(fragNow, nodeFragment(c, model, gpuFree, w));
    gpuFree[d] = f;
    if (device === -1 || s > best) {
      best = s;
      device = d;
    }
  }
  return { score: best, device };
}
