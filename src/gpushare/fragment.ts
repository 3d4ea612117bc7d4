// Fragmentation of a node against the target workload (spec/fgd.md §3.1; upstream utils/frag.go
// NodeGpuShareFragAmount, GetNodePodFrag, GetGpuFragMilliByNodeResAndPodRes, FragAmountSumExceptQ3).
//
// F_n(m): a CPU-only class counts all idle GPU milli U ("xl"/"xr"); a class whose models exclude the node counts U
// ("no_access"); a class that fits (enough devices with free ≥ q and enough CPU, "q3") counts only the devices'
// leftovers below q; one that does not fit counts U ("q1", "q2", "q4"). F_n(M) = Σ p_m F_n(m).
//
// The float sum is done exactly as upstream does it (seven category buckets filled in M's order, then summed in
// bucket order leaving out q3), because the FGD score truncates a sigmoid of a difference of two such sums: a
// difference that upstream computes as exactly 0 must be exactly 0 here too (score 50, not 49).
import { modelAllowed } from './model.js';
import { classAccess, type TargetWorkload } from './workload.js';

/** Upstream's fragment categories, in its bucket order (FragRatioDataMap). */
export const FRAG_CATEGORIES = ['q1', 'q2', 'q3', 'q4', 'xl', 'xr', 'no_access'] as const;
export type FragCategory = (typeof FRAG_CATEGORIES)[number];

/** F_n(M) in milli-GPU for a node with `cpuFree` milli CPU, GPU model `model` and per-device free milli `gpuFree`. */
export function nodeFragment(cpuFree: number, model: string, gpuFree: ArrayLike<number>, w: TargetWorkload): number {
  const qs = w.qs;
  const A = w.scratchA;
  const left = w.scratchLeft;
  let u = 0;
  const g = gpuFree.length;
  for (let d = 0; d < g; d++) u += gpuFree[d]!;
  for (let j = 0; j < qs.length; j++) {
    const q = qs[j]!;
    let a = 0;
    let l = 0;
    for (let d = 0; d < g; d++) {
      const f = gpuFree[d]!;
      if (f >= q) a++;
      else l += f;
    }
    A[j] = a;
    left[j] = l;
  }
  const access = classAccess(w, model);
  const n = w.p.length;
  const cpu = w.cpu;
  const k = w.k;
  const p = w.p;
  const qIndex = w.qIndex;
  // buckets q1, q2, q4, xl, xr, no_access (q3 is never summed)
  let b0 = 0;
  let b1 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  for (let m = 0; m < n; m++) {
    const pm = p[m]!;
    const j = qIndex[m]!;
    const cpuOk = cpuFree >= cpu[m]!;
    if (j < 0) {
      if (cpuOk) b4 += pm * u;
      else b5 += pm * u;
    } else if (access[m] === 0) {
      b6 += pm * u;
    } else if (A[j]! >= k[m]! && A[j]! > 0) {
      if (cpuOk) b1 += pm * left[j]!;
      else b3 += pm * u;
    } else if (cpuOk) b1 += pm * u;
    else b0 += pm * u;
  }
  return b0 + b1 + b3 + b4 + b5 + b6;
}

/**
 * The category and fragment (milli) of one class on one node, F_n(m), for inspection and tests; `gpuSpec` and the
 * other fields are the class's.
 */
export function classFragment(
  cpuFree: number,
  model: string,
  gpuFree: ArrayLike<number>,
  m: { cpu: number; gpuMilli: number; numGpu: number; gpuSpec: string },
): { category: FragCategory; fragment: number } {
  let u = 0;
  for (let d = 0; d < gpuFree.length; d++) u += gpuFree[d]!;
  const cpuOk = cpuFree >= m.cpu;
  if (m.gpuMilli <= 0) return { category: cpuOk ? 'xl' : 'xr', fragment: u };
  if (!modelAllowed(m.gpuSpec, model)) return { category: 'no_access', fragment: u };
  let a = 0;
  let l = 0;
  for (let d = 0; d < gpuFree.length; d++) {
    if (gpuFree[d]! >= m.gpuMilli) a++;
    else l += gpuFree[d]!;
  }
  if (a >= m.numGpu && a > 0) return cpuOk ? { category: 'q3', fragment: l } : { category: 'q4', fragment: u };
  return { category: cpuOk ? 'q2' : 'q1', fragment: u };
}
