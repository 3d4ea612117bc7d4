// Whether a pod could ever run on any node, whatever else runs (static filters and requests against
// allocatable), and the FailedScheduling texts that report it.
import type { Pod } from '../api/core.js';
import { formatQuantity } from '../api/quantity.js';
import { type FilterPlugin, fitsAllocatable, NODE_AFFINITY_REASON, untoleratedPersistentTaint } from './filters.js';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL } from './gpu-share.js';
import { type NodeInfo, requestsOf } from './node-info.js';
import { countByClass, type StaticClasses } from './static-classes.js';

/** kube-scheduler's FailedScheduling text: `0/16 nodes are available: 16 Insufficient google.com/tpu.` */
export function failedSchedulingMessage(total: number, reasons: Map<string, number>): string {
  const parts = [...reasons.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([r, n]) => `${n} ${r}`);
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

export function describeRequests(pod: Pod): string {
  const req = requestsOf(pod);
  const parts = [...req.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}: ${formatQuantity(v, k)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Why no node could ever run this pod (static filters and requests against allocatable), or undefined if
 * some node could. Cached by pod shape.
 */
export function staticInfeasibility(
  pod: Pod,
  nodes: NodeInfo[],
  filters: FilterPlugin[],
  cache?: Map<string, string | undefined>,
  /** Nodes carrying the pod's nodeSelector labels: any of them passing settles it without the walk over all. */
  candidates?: readonly NodeInfo[],
  /**
   * The cache key, when the caller has one at least as fine as the JSON below (the scheduler's shape key: the same
   * key means the same requests, GPU-share annotations, nodeSelector, node affinity, tolerations and nodeName):
   * an unschedulable pod's every retry asked, and the JSON was most of the answer's cost.
   */
  key?: string,
  /** Every node by cordon and taints (the scheduler's): with `candidates`, the other nodes are counted by class. */
  classes?: StaticClasses,
): string | undefined {
  const shape =
    key ??
    JSON.stringify([
      [...requestsOf(pod).entries()],
      pod.spec.nodeSelector,
      pod.spec.affinity?.nodeAffinity,
      pod.spec.tolerations,
      pod.spec.nodeName,
      [GPU_MILLI, GPU_COUNT, GPU_MODEL].map((k) => pod.metadata.annotations?.[k]),
    ]);
  if (cache?.has(shape)) return cache.get(shape);
  const rejection = (info: NodeInfo): string | undefined => {
    for (const f of filters) {
      if (!f.static) continue;
      const r = f.name === 'TaintToleration' ? untoleratedPersistentTaint(pod, info) : f.filter(pod, info, {});
      if (r) return r;
    }
    return fitsAllocatable(pod, info);
  };
  if (candidates?.some((info) => rejection(info) === undefined)) {
    cache?.set(shape, undefined);
    return undefined;
  }
  const reasons = new Map<string, number>();
  let maxAlloc: Map<string, number> | undefined;
  let ok = false;
  if (candidates && classes && byClass(pod, nodes, filters, classes)) {
    // Every candidate was rejected above; the rest fail NodeAffinity unless TaintToleration, which reads only what
    // their class holds, rejects first. The candidates go in node order: the order in which "Insufficient" reasons
    // (only a candidate can have one) first appear orders the "Largest allocatable" list.
    const taints = hasTaintFilter(filters);
    countByClass(
      classes,
      [...candidates].sort((a, b) => a.position - b.position),
      rejection,
      (info) => (taints ? untoleratedPersistentTaint(pod, info) : undefined) ?? NODE_AFFINITY_REASON,
      reasons,
    );
  } else {
    maxAlloc = new Map();
    for (const info of nodes) {
      const rejected = rejection(info);
      if (!rejected) {
        ok = true;
        break;
      }
      reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
      for (const [r] of requestsOf(pod)) maxAlloc.set(r, Math.max(maxAlloc.get(r) ?? 0, info.allocatable.get(r) ?? 0));
    }
  }
  let verdict: string | undefined;
  if (!ok) {
    const insufficient = [...reasons.keys()].filter((r) => r.startsWith('Insufficient '));
    // Every node was rejected: the walk's maxima are those over all nodes.
    if (insufficient.length > 0 && maxAlloc === undefined) maxAlloc = maxAllocatable(pod, nodes);
    const largest = insufficient
      .map((r) => r.slice('Insufficient '.length))
      .map((r) => `${r} ${formatQuantity(maxAlloc!.get(r) ?? 0, r)}`);
    verdict =
      `pod shape ${describeRequests(pod)} fits no node, whatever else runs: ` +
      failedSchedulingMessage(nodes.length, reasons) +
      (largest.length ? ` Largest allocatable on any node: ${largest.join(', ')}.` : '');
  }
  cache?.set(shape, verdict);
  return verdict;
}

/** The static filters byClass knows how a node without the pod's selector labels answers. */
const CLASS_FILTERS = new Set(['NodeName', 'TaintToleration', 'NodeAffinity']);

/**
 * Whether the nodes outside the candidates can be counted by class: every node is in a class, the pod names no node
 * (NodeName would read the node's name), and the static filters are among NodeName, TaintToleration (persistent
 * taints: a function of the class) and NodeAffinity, which rejects every non-candidate.
 */
function byClass(pod: Pod, nodes: readonly NodeInfo[], filters: readonly FilterPlugin[], classes: StaticClasses) {
  if (classes.size !== nodes.length || pod.spec.nodeName !== undefined) return false;
  let affinity = false;
  for (const f of filters) {
    if (!f.static) continue;
    if (!CLASS_FILTERS.has(f.name)) return false;
    if (f.name === 'NodeAffinity') affinity = true;
  }
  return affinity;
}

/** Whether TaintToleration runs ahead of NodeAffinity (it does in the default order). */
function hasTaintFilter(filters: readonly FilterPlugin[]): boolean {
  for (const f of filters) {
    if (f.name === 'NodeAffinity') return false;
    if (f.static && f.name === 'TaintToleration') return true;
  }
  return false;
}

/** The largest allocatable of each of the pod's requested resources over `nodes` (0 when none has it). */
function maxAllocatable(pod: Pod, nodes: readonly NodeInfo[]): Map<string, number> {
  const maxAlloc = new Map<string, number>();
  const req = [...requestsOf(pod).keys()];
  for (const r of req) maxAlloc.set(r, 0);
  for (const info of nodes) {
    for (const r of req) {
      const a = info.allocatable.get(r) ?? 0;
      if (a > maxAlloc.get(r)!) maxAlloc.set(r, a);
    }
  }
  return maxAlloc;
}
