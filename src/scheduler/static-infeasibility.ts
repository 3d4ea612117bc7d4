// Whether a pod could ever run on any node, whatever else runs (static filters and requests against
// allocatable), and the FailedScheduling texts that report it.
import type { Pod } from '../api/core.js';
import { formatQuantity } from '../api/quantity.js';
import { type FilterPlugin, fitsAllocatable, untoleratedPersistentTaint } from './filters.js';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL } from './gpu-share.js';
import { type NodeInfo, requestsOf } from './node-info.js';

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
): string | undefined {
  const shape = JSON.stringify([
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
  const maxAlloc = new Map<string, number>();
  let ok = false;
  for (const info of nodes) {
    const rejected = rejection(info);
    if (!rejected) {
      ok = true;
      break;
    }
    reasons.set(rejected, (reasons.get(rejected) ?? 0) + 1);
    for (const [r] of requestsOf(pod)) maxAlloc.set(r, Math.max(maxAlloc.get(r) ?? 0, info.allocatable.get(r) ?? 0));
  }
  let verdict: string | undefined;
  if (!ok) {
    const largest = [...reasons.keys()]
      .filter((r) => r.startsWith('Insufficient '))
      .map((r) => r.slice('Insufficient '.length))
      .map((r) => `${r} ${formatQuantity(maxAlloc.get(r) ?? 0, r)}`);
    verdict =
      `pod shape ${describeRequests(pod)} fits no node, whatever else runs: ` +
      failedSchedulingMessage(nodes.length, reasons) +
      (largest.length ? ` Largest allocatable on any node: ${largest.join(', ')}.` : '');
  }
  cache?.set(shape, verdict);
  return verdict;
}
