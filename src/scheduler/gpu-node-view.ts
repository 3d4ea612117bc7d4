// The scheduler's pods and NodeInfos as the FGD study's pure model sees them (src/gpushare GpuPod, GpuNode), so the
// placement policies call the study's scores, device choice and node selection on the event engine's state.
import type { Pod } from '../api/core.js';
import { assignDevices, type DeviceSelection, type GpuNode, type GpuPod, MILLI } from '../gpushare/index.js';
import type { TargetWorkload } from '../gpushare/workload.js';
import { allocateGpuId, type GpuShareRequest, gpuShareRequestOf } from './gpu-share.js';
import { type NodeInfo, requestsOf } from './node-info.js';

const podCache = new WeakMap<Pod, GpuPod>();

/**
 * The pod's shape (upstream GetPodResource): cpu request in milli (0 read as 100), GPU count and per-device milli
 * from the Open-GPU-Share annotations (none: a CPU-only shape), model list. Memory is left at 0: the event engine's
 * own NodeResourcesFit has checked it.
 */
export function gpuPodOf(pod: Pod): GpuPod {
  let g = podCache.get(pod);
  if (!g) {
    const share = gpuShareRequestOf(pod);
    const cpu = requestsOf(pod).get('cpu') ?? 0;
    g = {
      cpu: cpu > 0 ? Math.ceil(cpu) : 100,
      mem: 0,
      numGpu: share ? share.count : 0,
      gpuMilli: share ? Math.min(MILLI, share.milli) : 0,
      gpuSpec: share?.model ?? '',
    };
    podCache.set(pod, g);
  }
  return g;
}

const EMPTY = new Int32Array(0);
const NO_TAGS: ReadonlyMap<string, number> = new Map();
const nodeCache = new WeakMap<NodeInfo, GpuNode>();

/**
 * The node as the study's policies see it: free cpu milli, model, the live per-device free milli and clustering
 * tags of its GpuDevices (not copies: the FGD score lowers a device and restores it). Memory and pod room are not
 * modelled here (the scheduler's filters decided feasibility), so they never reject.
 */
export function gpuNodeOf(info: NodeInfo): GpuNode {
  let v = nodeCache.get(info);
  const g = info.gpu;
  if (!v || v.gpuFree !== (g?.free ?? EMPTY)) {
    v = {
      name: info.name,
      cpuFree: 0,
      memFree: Number.POSITIVE_INFINITY,
      podsFree: Number.POSITIVE_INFINITY,
      model: g?.model ?? '',
      gpuFree: g?.free ?? EMPTY,
      tags: (g?.tags ?? NO_TAGS) as Map<string, number>,
    };
    nodeCache.set(info, v);
  }
  v.cpuFree = info.free('cpu');
  return v;
}

/**
 * Open-Gpu-Share's Reserve on `info`: the devices by the policy's selection (src/gpushare assignDevices); when that
 * cannot express the request (k > 1 shares below 1000 milli, which the study never has), AllocateGpuId's own choice.
 */
export function reserveDevices(
  pod: Pod,
  share: GpuShareRequest,
  info: NodeInfo,
  selection: DeviceSelection,
  ctx: { workload?: TargetWorkload; rng?: { intn(n: number): number } } = {},
): number[] | undefined {
  const free = info.gpu?.free;
  if (!free) return undefined;
  const d = assignDevices(gpuPodOf(pod), gpuNodeOf(info), selection, ctx);
  if (d && d.length === share.count) return d;
  return allocateGpuId(free, share);
}
