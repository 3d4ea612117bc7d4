// The six placement policies of the FGD study as node scores (spec/fgd.md §3.2, §4; upstream plugin/*_score.go).
// Each returns the plugin's int score in 0..100 for a feasible node; BestFit's min-max normalisation across the
// feasible nodes and Random's pre-score draw are node-set steps, done by selectNode (select.ts).
import type { DeviceSelection } from './devices.js';
import { fgdDeviceChoice } from './fgd.js';
import {
  affinityTag,
  type GpuNode,
  type GpuPod,
  gpuFreeTotal,
  MAX_SPEC_CPU,
  MAX_SPEC_GPU,
  MILLI,
  NO_GPU_TAG,
} from './model.js';
import type { TargetWorkload } from './workload.js';

export const POLICIES = ['random', 'dot-product', 'gpu-clustering', 'gpu-packing', 'best-fit', 'fgd'] as const;
export type Policy = (typeof POLICIES)[number];

/** How each policy picks a sharing pod's device (the study's `-gpusel` flags, §5.1). */
export const DEVICE_SELECTION: Record<Policy, DeviceSelection> = {
  random: 'random',
  'dot-product': 'best',
  'gpu-clustering': 'best',
  'gpu-packing': 'best',
  'best-fit': 'best',
  fgd: 'fgd',
};

export interface ScoreContext {
  /** The target workload M (needed by `fgd`). */
  workload?: TargetWorkload;
  /** F_n(M) of this node if the caller caches it (`fgd`). */
  fragNow?: number;
}

/**
 * DotProd with `-dimext merge -norm max`: d = (c/128000)(cpu/128000) + (U/8000)(kq/8000); score
 * trunc(100·(1 − d/2)): the smallest dot product of free capacity and demand wins.
 */
export function dotProductScore(pod: GpuPod, node: GpuNode): number {
  if (node.cpuFree < pod.cpu) return 0;
  const u = gpuFreeTotal(node.gpuFree);
  let d = 0;
  d += (node.cpuFree / MAX_SPEC_CPU) * (pod.cpu / MAX_SPEC_CPU);
  d += (u / MAX_SPEC_GPU) * ((pod.gpuMilli * pod.numGpu) / MAX_SPEC_GPU);
  return Math.trunc(100 * (1 - d / 2));
}

/**
 * GpuClustering: 0 for a CPU-only pod; base ⌊25·(8000 − U)/8000⌋ plus 75 if the node holds only the pod's tag,
 * 50 if it holds it among others, 25 if it holds no GPU pod, 0 if only other tags.
 */
export function gpuClusteringScore(pod: GpuPod, node: GpuNode): number {
  const tag = affinityTag(pod);
  if (tag === NO_GPU_TAG) return 0;
  const base = Math.trunc((25 * (MAX_SPEC_GPU - gpuFreeTotal(node.gpuFree))) / MAX_SPEC_GPU);
  if ((node.tags.get(tag) ?? 0) > 0) return base + (node.tags.size === 1 ? 75 : 50);
  return base + (node.tags.size === 0 ? 25 : 0);
}

/**
 * GpuPacking (gpu_packing_score.go getPackingScore): 0 for a CPU-only pod; an all-free node scores max(33 − G, G);
 * otherwise the first k devices with free ≥ q in ascending free order: max(50 − #fully free taken, 33) if any is
 * fully free, else max(100 − ⌊Σ⌊free·100/1000⌋/10⌋, 50).
 */
export function gpuPackingScore(pod: GpuPod, node: GpuNode): number {
  if (pod.gpuMilli <= 0) return 0;
  const f = node.gpuFree;
  const g = f.length;
  let fully = 0;
  for (let d = 0; d < g; d++) if (f[d] === MILLI) fully++;
  if (fully === g) return Math.max(33 - fully, fully);
  const idx = Array.from({ length: g }, (_, i) => i).sort((a, b) => f[a]! - f[b]! || a - b);
  let need = pod.numGpu;
  let fullyTaken = 0;
  let ratio = 0;
  for (const d of idx) {
    if (need === 0) break;
    if (pod.gpuMilli <= f[d]!) {
      need--;
      if (f[d] === MILLI) fullyTaken++;
      ratio += Math.trunc((f[d]! * 100) / MILLI);
    }
  }
  if (need !== 0) return 0;
  if (fullyTaken > 0) return Math.max(50 - fullyTaken, 33);
  return Math.max(100 - Math.trunc(ratio / 10), 50);
}

/** BestFit's raw score: trunc(100·(1 − [0.5·(c − cpu)/128000 + 0.5·(U − kq)/8000])), before normalisation. */
export function bestFitRawScore(pod: GpuPod, node: GpuNode): number {
  const u = gpuFreeTotal(node.gpuFree);
  const req = pod.gpuMilli * pod.numGpu;
  if (node.cpuFree < pod.cpu || u < req) return -1;
  let s = 0;
  s += ((node.cpuFree - pod.cpu) / MAX_SPEC_CPU) * 0.5;
  s += ((u - req) / MAX_SPEC_GPU) * 0.5;
  return Math.trunc((1 - s) * 100);
}

/** FGD: trunc(100·σ(−Δ/1000)), Δ = F_{n'}(M) − F_n(M) (for a sharing pod the best device's). */
export function fgdScore(pod: GpuPod, node: GpuNode, ctx: ScoreContext): number {
  if (!ctx.workload) throw new Error('fgd score: ctx.workload (the target workload M) is required');
  return fgdDeviceChoice(pod, node.cpuFree, node.model, node.gpuFree, ctx.workload, ctx.fragNow).score;
}

/**
 * The policy's score of a feasible node, 0..100 (BestFit: its raw score, before normalisation; Random: 0, since
 * its choice is a draw among the feasible nodes, made by selectNode).
 */
export function score(policy: Policy, pod: GpuPod, node: GpuNode, ctx: ScoreContext = {}): number {
  switch (policy) {
    case 'random':
      return 0;
    case 'dot-product':
      return dotProductScore(pod, node);
    case 'gpu-clustering':
      return gpuClusteringScore(pod, node);
    case 'gpu-packing':
      return gpuPackingScore(pod, node);
    case 'best-fit':
      return bestFitRawScore(pod, node);
    case 'fgd':
      return fgdScore(pod, node, ctx);
  }
}

/** BestFit's NormalizeScore: ⌊(raw − lo)·100/(hi − lo)⌋, or 0 everywhere when hi = lo. */
export function normalizeScores(scores: number[]): void {
  let hi = Number.NEGATIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  for (const s of scores) {
    if (s > hi) hi = s;
    if (s < lo) lo = s;
  }
  const range = hi - lo;
  for (let i = 0; i < scores.length; i++) scores[i] = range === 0 ? 0 : Math.trunc(((scores[i]! - lo) * 100) / range);
}
