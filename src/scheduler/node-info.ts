// Per-node scheduling state: allocatable and requested resources (milli-units) and the pods counted on it.
import type { Node, Pod, PodSpec } from '../api/core.js';
import { parseResourceList, podRequests } from '../api/quantity.js';
import { gpuPodOf } from './gpu-node-view.js';
import { GPU_MILLI, GpuDevices, gpuShareRequestOf, gpuShareTotal, nodeGpuCount, nodeGpuModel } from './gpu-share.js';

/**
 * The nodes' versions in one flat array indexed by node id, shared by a scheduler's NodeInfos: the speed-mode loops
 * over hundreds of nodes per cycle check verdict and score stamps against it without touching the NodeInfo objects
 * (each a likely cache miss).
 */
export class NodeVersions {
  a = new Int32Array(64);

  ensure(id: number): void {
    if (id < this.a.length) return;
    let n = this.a.length;
    while (n <= id) n *= 2;
    const b = new Int32Array(n);
    b.set(this.a);
    this.a = b;
  }
}

export class NodeInfo {
  /** Index in the scheduler's current node order (set when the order is rebuilt). */
  position = -1;
  allocatable: Map<string, number>;
  readonly requested = new Map<string, number>();
  readonly pods = new Set<Pod>();
  /** Σ over its pods of each resource request in scoring units (upstream NodeInfo.Requested). */
  readonly scoredRequested = new Map<string, number>();
  /** The same for cpu and memory with the non-zero defaults (upstream NodeInfo.NonZeroRequested). */
  readonly scoredNonZero = new Map<string, number>();
  /** Per-device GPU state when the node shares GPUs (Open-GPU-Share: `alibabacloud.com/gpu-count` > 0). */
  gpu: GpuDevices | undefined;

  /** `id`: a small integer unique within one scheduler, indexing the per-node arrays of the shape caches. */
  constructor(
    public node: Node,
    readonly id = 0,
    private readonly versions = new NodeVersions(),
  ) {
    versions.ensure(id);
    this.allocatable = parseResourceList(node.status.allocatable);
    this.gpu = gpuDevicesOf(node);
  }

  /** Bumped whenever what the filters or scores see changes (pods, allocatable, labels, taints, cordon). */
  get version(): number {
    return this.versions.a[this.id]!;
  }

  private bump(): void {
    this.versions.a[this.id]!++;
  }

  get name(): string {
    return this.node.metadata.name;
  }

  setNode(node: Node): void {
    this.bump();
    this.node = node;
    this.allocatable = parseResourceList(node.status.allocatable);
    const old = this.gpu;
    const count = nodeGpuCount(node);
    const model = nodeGpuModel(node);
    if (old && old.free.length === count && old.model === model) return;
    // The devices changed: rebuild them and count the pods again on the devices that still exist.
    this.gpu = gpuDevicesOf(node);
    if (old && this.gpu) {
      for (const [p, devs] of old.assigned) this.gpu.add(p, gpuPodOf(p), devs);
    }
  }

  /** `devices`: for a GPU-share pod on a GPU-sharing node, the devices Reserve gave it. */
  add(pod: Pod, req: Map<string, number>, devices?: readonly number[]): void {
    if (this.pods.has(pod)) return;
    this.bump();
    this.pods.add(pod);
    for (const [k, v] of req) this.requested.set(k, (this.requested.get(k) ?? 0) + v);
    this.addScored(pod, 1);
    if (this.gpu && devices && gpuShareRequestOf(pod)) this.gpu.add(pod, gpuPodOf(pod), devices);
  }

  remove(pod: Pod, req: Map<string, number>): void {
    if (!this.pods.delete(pod)) return;
    this.bump();
    for (const [k, v] of req) this.requested.set(k, (this.requested.get(k) ?? 0) - v);
    this.addScored(pod, -1);
    if (this.gpu && gpuShareRequestOf(pod)) this.gpu.remove(pod, gpuPodOf(pod));
  }

  private addScored(pod: Pod, sign: 1 | -1): void {
    for (const k of requestsOf(pod).keys()) {
      this.scoredRequested.set(k, (this.scoredRequested.get(k) ?? 0) + sign * podScoringRequest(pod, k, true));
    }
    for (const k of NON_ZERO_RESOURCES) {
      this.scoredNonZero.set(k, (this.scoredNonZero.get(k) ?? 0) + sign * podScoringRequest(pod, k, false));
    }
  }

  free(resource: string): number {
    return (this.allocatable.get(resource) ?? 0) - (this.requested.get(resource) ?? 0);
  }
}

function gpuDevicesOf(node: Node): GpuDevices | undefined {
  const n = nodeGpuCount(node);
  return n > 0 ? new GpuDevices(n, nodeGpuModel(node)) : undefined;
}

const cache = new WeakMap<Pod, Map<string, number>>();

/**
 * A pod's requests in milli-units, memoised per pod object. A GPU-share pod (annotations, gpu-share.ts) whose
 * containers do not list `alibabacloud.com/gpu-milli` is charged gpu-count × gpu-milli of it, so that
 * NodeResourcesFit, the allocation metrics and utilisation count its milli-GPUs.
 */
export function requestsOf(pod: Pod): Map<string, number> {
  let r = cache.get(pod);
  if (!r) {
    r = podRequests(pod.spec);
    const share = gpuShareRequestOf(pod);
    if (share && !r.has(GPU_MILLI)) r.set(GPU_MILLI, gpuShareTotal(share));
    cache.set(pod, r);
  }
  return r;
}

// ---- requests as the score plugins see them ---------------------------------------------------------------------

/** schedutil.DefaultMilliCPURequest: 0.1 core, charged for scoring to a container that does not request cpu. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB (in bytes), charged to a container that does not request memory. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const NON_ZERO_RESOURCES = ['cpu', 'memory'] as const;

const DEFAULT_NON_MISSING: ReadonlyMap<string, number> = new Map([
  ['cpu', DEFAULT_MILLI_CPU_REQUEST],
  ['memory', DEFAULT_MEMORY_REQUEST * 1000],
]);

/** resourcehelper applyNonMissing: a container that does not list cpu/memory is charged the defaults. */
function withNonMissing(reqs: Map<string, number>): Map<string, number> {
  for (const [k, v] of DEFAULT_NON_MISSING) if (!reqs.has(k)) reqs.set(k, v);
  return reqs;
}

/**
 * resourcehelper.PodRequests with NonMissingContainerRequests {cpu: 100m, memory: 200Mi}, in milli-units: each
 * container (and init container) that does not list cpu or memory is charged the default; an explicit zero stays
 * zero, and a pod with no containers requests nothing. Sidecars (restartPolicy Always) as upstream.
 */
export function nonZeroPodRequests(spec: Pick<PodSpec, 'containers' | 'initContainers'>): Map<string, number> {
  return podRequests(spec, withNonMissing);
}

const nonZeroCache = new WeakMap<Pod, Map<string, number>>();

/** Milli-units to upstream scoring units: cpu stays milli (MilliValue); others become Value() (rounded up). */
export function scoringUnits(resource: string, milli: number): number {
  if (resource === 'cpu') return milli;
  const q = Math.floor(milli / 1000);
  return q * 1000 < milli ? q + 1 : q;
}

/**
 * calculatePodResourceRequest: a pod's request of one resource in scoring units. `useRequested` false (the
 * NodeResourcesFit strategies) applies the cpu/memory non-zero defaults; true (BalancedAllocation) does not.
 */
export function podScoringRequest(pod: Pod, resource: string, useRequested: boolean): number {
  let reqs: Map<string, number>;
  if (useRequested) reqs = requestsOf(pod);
  else {
    const c = nonZeroCache.get(pod);
    reqs = c ?? nonZeroPodRequests(pod.spec);
    if (!c) nonZeroCache.set(pod, reqs);
  }
  return scoringUnits(resource, reqs.get(resource) ?? 0);
}
