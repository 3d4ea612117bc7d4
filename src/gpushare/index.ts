/**
 * GPU sharing and the FGD study's placement policies (spec/fgd.md §1–4), as pure functions over plain node and pod
 * state, shared by the study's fast replay (src/study/) and the event engine's scheduler.
 *
 * - model.ts: `GpuNode` (cpu/memory/pod room, GPU model, per-device free milli as an Int32Array, GpuClustering
 *   tags), `GpuPod` (cpu, mem, k = numGpu, q = gpuMilli, gpuSpec), `modelAllowed`, `affinityTag`, `makeNode`,
 *   `makePod`.
 * - filter.ts: `feasible(pod, node)` (fit + Open-Gpu-Share + model), `gpuFits`.
 * - devices.ts: `assignDevices(pod, node, selection, ctx)` (the Reserve step: whole GPUs = k lowest-index fully free;
 *   sharing by `best` | `random` | `fgd`), `bindPod` / `unbindPod` (apply to the node state).
 * - workload.ts: `targetWorkload(pods)` = M (95% popularity prefix, renormalised), `workloadOf(classes)`.
 * - fragment.ts: `nodeFragment(cpuFree, model, gpuFree, M)` = F_n(M), `classFragment` = F_n(m) with its category.
 * - fgd.ts: `fgdDeviceChoice` (FGD score and device), `fgdScoreOfFrag`, `fragmentAfterSub`.
 * - policies.ts: `score(policy, pod, node, ctx)` for `random` | `dot-product` | `gpu-clustering` | `gpu-packing` |
 *   `best-fit` | `fgd`, one function per policy, `DEVICE_SELECTION`, `normalizeScores` (BestFit).
 * - select.ts: `selectNode(policy, pod, nodes, ctx)`: filter, score, BestFit normalisation, Random's draw, max with
 *   ties to the smallest node name.
 */
export * from './devices.js';
export * from './fgd.js';
export * from './filter.js';
export * from './fragment.js';
export * from './model.js';
export * from './policies.js';
export * from './select.js';
export * from './workload.js';
