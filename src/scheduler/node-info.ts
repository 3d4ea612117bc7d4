// Per-node scheduling state: allocatable and requested resources (milli-units) and the pods counted on it.
import type { Node, Pod, PodSpec } from '../api/core.js';
import { parseResourceList, podRequests } from '../api/quantity.js';
import { gpuPodOf } from './gpu-node-view.js';
import {
  GPU_COUNT,
  GPU_MILLI,
  GPU_MODEL,
  GpuDevices,
  gpuShareRequestOf,
  gpuShareTotal,
  nodeGpuCount,
  nodeGpuModel,
} from './gpu-share.js';

/**
 * The nodes' versions in one flat array indexed by node id, shared by a scheduler's NodeInfos: the speed-mode loops
 * over hundreds of nodes per cycle check verdict and score stamps against it without touching the NodeInfo objects
 * (each a likely cache miss).
 */
export class NodeVersions {
  a = new Int32Array(64);
  /**
   * Per block of BLOCK_NODES consecutive positions in the scheduler's node order, bumped with any of its nodes:
   * the walk's block summaries (ShapeEntry.walkSelect) stay valid while it is unchanged. Positions never exceed ids.
   */
  blocks = new Int32Array(2);

  ensure(id: number): void {
    if (id < this.a.length) return;
    let n = this.a.length;
    while (n <= id) n *= 2;
    const b = new Int32Array(n);
    b.set(this.a);
    this.a = b;
    const blocks = new Int32Array((n >> BLOCK_SHIFT) + 1);
    blocks.set(this.blocks);
    this.blocks = blocks;
  }
}

/** log2 of the nodes per block of NodeVersions.blocks. */
export const BLOCK_SHIFT = 5;

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
    // A node not yet in the order (position -1) has no block: building the order clears the shape caches.
    if (this.position >= 0) this.versions.blocks[this.position >> BLOCK_SHIFT]!++;
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
    // One Set operation instead of has + add (the node's Set is likely out of cache).
    const n = this.pods.size;
    this.pods.add(pod);
    if (this.pods.size === n) return;
    this.bump();
    this.addRequested(pod, req, 1);
    this.addScored(pod, 1);
    if (this.gpu && devices && gpuShareRequestOf(pod)) this.gpu.add(pod, gpuPodOf(pod), devices);
  }

  remove(pod: Pod, req: Map<string, number>): void {
    if (!this.pods.delete(pod)) return;
    this.bump();
    this.addRequested(pod, req, -1);
    this.addScored(pod, -1);
    if (this.gpu && gpuShareRequestOf(pod)) this.gpu.remove(pod, gpuPodOf(pod));
  }

  private addRequested(pod: Pod, req: Map<string, number>, sign: 1 | -1): void {
    const requested = this.requested;
    if (req === requestsOf(pod)) {
      // The pod's own requests (every caller): their arrays, without a Map iterator.
      const s = scoredOf(pod);
      for (let i = 0; i < s.keys.length; i++) {
        const k = s.keys[i]!;
        requested.set(k, (requested.get(k) ?? 0) + sign * s.values[i]!);
      }
    } else for (const [k, v] of req) requested.set(k, (requested.get(k) ?? 0) + sign * v);
  }

  private addScored(pod: Pod, sign: 1 | -1): void {
    const s = scoredOf(pod);
    const requested = this.scoredRequested;
    for (let i = 0; i < s.keys.length; i++) {
      const k = s.keys[i]!;
      requested.set(k, (requested.get(k) ?? 0) + sign * s.requested[i]!);
    }
    const nonZero = this.scoredNonZero;
    for (let i = 0; i < NON_ZERO_RESOURCES.length; i++) {
      const k = NON_ZERO_RESOURCES[i]!;
      nonZero.set(k, (nonZero.get(k) ?? 0) + sign * s.nonZero[i]!);
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

/**
 * The requests of one pod shape: the containers' resources (and the GPU-share annotations) as `podRequests` and the
 * scoring defaults read them. Shared by every pod of that shape, so read-only: a pod's requests are parsed once per
 * shape rather than once per pod, and 100,000 pods of one shape hold two maps, not 200,000.
 */
interface PodRequests {
  readonly requests: Map<string, number>;
  /** The shape key the requests were found under (see computeRequests). */
  readonly key: string;
  /** nonZeroPodRequests, computed on first use. */
  nonZero: Map<string, number> | undefined;
  /** What NodeInfo.addScored adds, computed on first use. */
  scored: ScoredRequests | undefined;
}

/** A pod's contribution to NodeInfo.scoredRequested (per key of its requests) and scoredNonZero (cpu, memory). */
interface ScoredRequests {
  /** The requests' keys and values in milli-units, as arrays (NodeInfo.add walks them for every placed pod). */
  readonly keys: readonly string[];
  readonly values: readonly number[];
  readonly requested: readonly number[];
  readonly nonZero: readonly number[];
}

/**
 * A pod's requests as two arrays in the map's order (keys, milli-values): shared by its shape, read only. A walk over
 * them allocates nothing, where `for (const [r, v] of requestsOf(pod))` makes an entry array per resource.
 */
export function requestListOf(pod: Pod): { readonly keys: readonly string[]; readonly values: readonly number[] } {
  return scoredOf(pod);
}

function scoredOf(pod: Pod): ScoredRequests {
  const r = podRequestsOf(pod);
  if (r.scored === undefined) {
    const keys = [...r.requests.keys()];
    r.scored = {
      keys,
      values: keys.map((k) => r.requests.get(k)!),
      requested: keys.map((k) => podScoringRequest(pod, k, true)),
      nonZero: NON_ZERO_RESOURCES.map((k) => podScoringRequest(pod, k, false)),
    };
  }
  return r.scored;
}

/** Pod → its shape's requests; one entry per pod (each costs every garbage collection a little). */
const byPod = new WeakMap<Pod, PodRequests>();
/** Shape key → requests, emptied past MAX_REQUEST_SHAPES (a trace replay may have thousands of shapes). */
const byShape = new Map<string, PodRequests>();
const MAX_REQUEST_SHAPES = 4096;

/** The last pod asked about and its requests: a scheduling cycle asks about one pod a dozen times in a row. */
let lastPod: Pod | undefined;
let lastRequests: PodRequests | undefined;

function podRequestsOf(pod: Pod): PodRequests {
  if (pod === lastPod) return lastRequests!;
  let r = byPod.get(pod);
  if (r === undefined) r = computeRequests(pod);
  lastPod = pod;
  lastRequests = r;
  return r;
}

function computeRequests(pod: Pod): PodRequests {
  // Pods come in runs of one shape (a Job's pods): the same fields as the last pod computed give its requests
  // without building the key (a string per pod, and its hashing).
  if (lastShape !== undefined && signature(pod, false)) {
    byPod.set(pod, lastShape);
    return lastShape;
  }
  let r: PodRequests | undefined;
  const s = pod.spec;
  const a = pod.metadata.annotations;
  // Everything the requests depend on: the containers' resources, the init containers' resources and restart
  // policies (sidecars), and the GPU-share annotations (the charged gpu-milli).
  let key = '';
  for (const c of s.containers) key = listKey(listKey(`${key}c`, c.resources?.requests), c.resources?.limits);
  const init = s.initContainers;
  if (init !== undefined)
    // podRequests asks only whether an init container is a sidecar (restartPolicy Always).
    for (const c of init)
      key = listKey(
        listKey(`${key}${c.restartPolicy === 'Always' ? 's' : 'i'}`, c.resources?.requests),
        c.resources?.limits,
      );
  if (a !== undefined) key += `|${JSON.stringify([a[GPU_MILLI], a[GPU_COUNT], a[GPU_MODEL]])}`;
  r = byShape.get(key);
  if (r === undefined) {
    const requests = podRequests(s);
    const share = gpuShareRequestOf(pod);
    if (share && !requests.has(GPU_MILLI)) requests.set(GPU_MILLI, gpuShareTotal(share));
    r = { requests, key, nonZero: undefined, scored: undefined };
    if (byShape.size >= MAX_REQUEST_SHAPES) byShape.clear();
    byShape.set(key, r);
  }
  byPod.set(pod, r);
  signature(pod, true);
  lastShape = r;
  return r;
}

/** The requests of the last pod computeRequests built a key for, and that pod's key fields (`sig`, `sigLength`). */
let lastShape: PodRequests | undefined;
const sig: unknown[] = [];
let sigLength = 0;
let sigAt = 0;
let sigWrite = false;
// Structure tokens no name or value can equal, so that equal token sequences parse alike.
const CONTAINER = Symbol('container');
const SIDECAR = Symbol('sidecar');
const INIT = Symbol('init');
const OPEN = Symbol('{');
const CLOSE = Symbol('}');
const NONE = Symbol('none');
const GPU = Symbol('gpu');

/** One token of the signature: recorded (writing), or compared with the recorded one. */
function token(v: unknown): boolean {
  if (sigWrite) {
    sig[sigAt++] = v;
    return true;
  }
  return sigAt < sigLength && sig[sigAt++] === v;
}

function listTokens(list: Record<string, unknown> | undefined | null): boolean {
  if (list === undefined || list === null) return token(NONE);
  if (!token(OPEN)) return false;
  for (const name in list) if (!token(name) || !token(list[name])) return false;
  return token(CLOSE);
}

/**
 * Writes (`write`) or matches the pod's signature: the fields its requests key is built from, in the key's order,
 * as raw values. Every token equal (===) means the same key, since the key is a function of the tokens; a match
 * may be missed (NaN, distinct objects of one text) and then the key is built as usual.
 */
function signature(pod: Pod, write: boolean): boolean {
  sigWrite = write;
  sigAt = 0;
  const s = pod.spec;
  for (const c of s.containers) {
    if (!token(CONTAINER) || !listTokens(c.resources?.requests) || !listTokens(c.resources?.limits)) return false;
  }
  const init = s.initContainers;
  if (init !== undefined)
    for (const c of init) {
      if (!token(c.restartPolicy === 'Always' ? SIDECAR : INIT)) return false;
      if (!listTokens(c.resources?.requests) || !listTokens(c.resources?.limits)) return false;
    }
  const a = pod.metadata.annotations;
  if (a !== undefined && (!token(GPU) || !token(a[GPU_MILLI]) || !token(a[GPU_COUNT]) || !token(a[GPU_MODEL])))
    return false;
  if (write) sigLength = sigAt;
  return sigAt === sigLength;
}

/**
 * Appends one resource list to a shape key: `-` for none, else `{…}` with each entry as `<length>:name` then
 * `<length>:value` (a string) or `<length>#value` (any other value, as String()), in the list's own order. The
 * lengths make the encoding injective whatever the names and values contain, so distinct lists never share a key.
 * Several times cheaper than JSON.stringify of the containers' resources, which every new pod paid.
 */
function listKey(key: string, list: Record<string, unknown> | undefined | null): string {
  if (list === undefined || list === null) return `${key}-`;
  key += '{';
  for (const name in list) {
    const v = list[name];
    const text = typeof v === 'string' ? v : String(v);
    key += `${name.length}:${name}${text.length}${typeof v === 'string' ? ':' : '#'}${text}`;
  }
  return `${key}}`;
}

/**
 * A key that is the same for two pods exactly when their containers' resources, init containers' resources and
 * sidecar flags and GPU-share annotations are: the part of the scheduler's shape key (shape-cache.ts) that the
 * requests depend on, computed once per pod with its requests.
 */
export function requestsKeyOf(pod: Pod): string {
  return podRequestsOf(pod).key;
}

/**
 * A pod's requests in milli-units, memoised per pod object and shared by the pods of one shape (do not modify the
 * map). A GPU-share pod (annotations, gpu-share.ts) whose containers do not list `alibabacloud.com/gpu-milli` is
 * charged gpu-count × gpu-milli of it, so that NodeResourcesFit, the allocation metrics and utilisation count its
 * milli-GPUs.
 */
export function requestsOf(pod: Pod): Map<string, number> {
  return podRequestsOf(pod).requests;
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
    const r = podRequestsOf(pod);
    reqs = r.nonZero ??= nonZeroPodRequests(pod.spec);
  }
  return scoringUnits(resource, reqs.get(resource) ?? 0);
}
