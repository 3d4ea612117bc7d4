// What the FGD study's policies (dot-product, gpu-clustering, gpu-packing, best-fit, fgd) share as placement
// plugins: the node choice of the study's scheduler (src/gpushare selectNode: the policy's 0..100 score on every
// feasible node, BestFit's min-max normalisation, the max with ties to the smallest node name), its device
// selection at Reserve, and FGD's target workload M built from the scenario's pods.
import type { Pod } from '../../api/core.js';
import { DEVICE_SELECTION, type GpuPod, MILLI, nodeFragment, type Policy, selectNode } from '../../gpushare/index.js';
import { type TargetWorkload, targetWorkload } from '../../gpushare/workload.js';
import { gpuNodeOf, gpuPodOf, reserveDevices } from '../gpu-node-view.js';
import type { GpuShareRequest } from '../gpu-share.js';
import type { WorkloadShape } from '../gpu-workload.js';
import type { NodeInfo } from '../node-info.js';
import type { PlacementPolicy, PolicyContext } from './types.js';

const workloads = new WeakMap<readonly WorkloadShape[], TargetWorkload>();

/**
 * M from the scenario's pod shapes (every pod its JobSets will create, CPU-only ones included): GetTypicalPods'
 * 95% popularity prefix, renormalised (src/gpushare targetWorkload). Built once per run.
 */
export function targetWorkloadOf(ctx: PolicyContext): TargetWorkload {
  const shapes = ctx.gpuWorkload();
  let w = workloads.get(shapes);
  if (!w) {
    const pods: GpuPod[] = [];
    for (const s of shapes) {
      const p: GpuPod = {
        cpu: s.cpuMilli,
        mem: 0,
        numGpu: s.gpuCount,
        gpuMilli: Math.min(MILLI, s.gpuMilli),
        gpuSpec: s.model,
      };
      for (let i = 0; i < s.count; i++) pods.push(p);
    }
    w = targetWorkload(pods);
    workloads.set(shapes, w);
  }
  return w;
}

/** F_n(M) per node, kept while the node's version (what runs there) and M are unchanged. */
const fragments = new WeakMap<NodeInfo, { version: number; w: TargetWorkload; frag: number }>();

function fragmentOf(info: NodeInfo, w: TargetWorkload): number {
  const c = fragments.get(info);
  if (c && c.version === info.version && c.w === w) return c.frag;
  const v = gpuNodeOf(info);
  const frag = nodeFragment(v.cpuFree, v.model, v.gpuFree, w);
  fragments.set(info, { version: info.version, w, frag });
  return frag;
}

const rngOf = (ctx: PolicyContext) => ({ intn: (n: number) => ctx.rng.int(n) });

/** The study's node choice among the scheduler's feasible nodes for `policy`. */
export function studySelect(policy: Policy, pod: Pod, feasible: readonly NodeInfo[], ctx: PolicyContext): NodeInfo {
  if (feasible.length === 1) return feasible[0]!;
  const w = policy === 'fgd' ? targetWorkloadOf(ctx) : undefined;
  const i = selectNode(policy, gpuPodOf(pod), feasible.map(gpuNodeOf), {
    workload: w,
    rng: rngOf(ctx),
    fragments: w ? feasible.map((f) => fragmentOf(f, w)) : undefined,
  });
  // selectNode re-checks cpu and GPU fit, which the scheduler's filters already passed; -1 cannot happen unless a
  // pod without a cpu request (read as 100m by the study) meets nodes with less than 100m free.
  return feasible[Math.max(i, 0)]!;
}

/** The study's device selection (`-gpusel`) of `policy` at Reserve. */
export function studyDevices(
  policy: Policy,
  pod: Pod,
  req: GpuShareRequest,
  info: NodeInfo,
  ctx: PolicyContext,
): number[] | undefined {
  const sel = DEVICE_SELECTION[policy];
  return reserveDevices(pod, req, info, sel, {
    workload: sel === 'fgd' ? targetWorkloadOf(ctx) : undefined,
    rng: rngOf(ctx),
  });
}

/** A PlacementPolicy for one of the study's policies: every node examined (percentageOfNodesToScore 100). */
export function studyPolicy(name: Exclude<Policy, 'random'>, summary: string): PlacementPolicy {
  return {
    name,
    summary,
    walk: 'all',
    fit: 'LeastAllocated',
    select: (pod, feasible, ctx) => studySelect(name, pod, feasible, ctx),
    devices: (pod, req, info, ctx) => studyDevices(name, pod, req, info, ctx),
  };
}
