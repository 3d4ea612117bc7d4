// Filter plugins in kube-scheduler's default order, each returning the upstream rejection reason or
// undefined when the node passes. Static checks (never depend on what runs) are marked so the
// never-schedulable diagnosis can reuse them.
import type { Node, Pod, PodAffinityTerm } from '../api/core.js';
import {
  compileLabelSelector,
  labelSelectorMatches,
  nodeSelectorMapMatches,
  nodeSelectorTermsMatch,
} from '../api/selectors.js';
import { findUntoleratedTaint } from '../api/taints.js';
import {
  allocateGpuId,
  GPU_INDEX,
  GPU_MODEL_REASON,
  GPU_NONE_REASON,
  GPU_SHARE_REASON,
  gpuShareRequestOf,
  modelAccessible,
  parseGpuIndex,
} from './gpu-share.js';
import type { AffinityState } from './inter-pod-affinity.js';
import { type NodeInfo, requestListOf, requestsOf } from './node-info.js';
import { filterNode, type SpreadNode, type SpreadPod, type SpreadState } from './topology-spread.js';

export interface FilterPlugin {
  name: string;
  /** True when the verdict cannot change while the node's labels, taints and allocatable stay the same. */
  static: boolean;
  filter(pod: Pod, info: NodeInfo, state: CycleState): string | undefined;
}

/** Per-cycle precomputation (PreFilter). */
export interface CycleState {
  affinity?: AffinityState;
  spread?: { state: SpreadState; pod: SpreadPod; nodes: Map<string, SpreadNode> };
}

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  static: false,
  filter(pod, info) {
    if (!info.node.spec.unschedulable) return undefined;
    const tolerated = (pod.spec.tolerations ?? []).some(
      (t) =>
        (t.key === 'node.kubernetes.io/unschedulable' || (!t.key && t.operator === 'Exists')) &&
        (!t.effect || t.effect === 'NoSchedule'),
    );
    return tolerated ? undefined : 'node(s) were unschedulable';
  },
};

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  static: true,
  filter(pod, info) {
    const want = pod.spec.nodeName;
    return want && want !== info.name ? "node(s) didn't match the requested node name" : undefined;
  },
};

export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  static: true,
  filter(pod, info) {
    const t = findUntoleratedTaint(info.node.spec.taints ?? [], pod.spec.tolerations ?? []);
    if (!t) return undefined;
    return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  },
};

/** NodeAffinity's rejection (nodeaffinity.ErrReasonPod). */
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  static: true,
  filter(pod, info) {
    const labels = info.node.metadata.labels ?? {};
    if (!nodeSelectorMapMatches(pod.spec.nodeSelector, labels)) return NODE_AFFINITY_REASON;
    const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (req && !nodeSelectorTermsMatch(req, labels, { 'metadata.name': info.name })) {
      return NODE_AFFINITY_REASON;
    }
    return undefined;
  },
};

export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  static: false,
  filter(pod, info) {
    const podsCap = info.allocatable.get('pods');
    if (podsCap !== undefined && (info.pods.size + 1) * 1000 > podsCap) return 'Too many pods';
    const { keys, values } = requestListOf(pod);
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!;
      if (v === 0) continue;
      const r = keys[i]!;
      if (v > info.free(r)) return `Insufficient ${r}`;
    }
    return undefined;
  },
};

/**
 * Open-Gpu-Share's Filter (the openb study's plugin, appended after the default filters): a pod asking a GPU share
 * needs a node with GPU devices, of an accepted model, where GpuNodeInfo.AllocateGpuId finds devices for it.
 */
export const openGpuShare: FilterPlugin = {
  name: 'Open-Gpu-Share',
  static: false,
  filter(pod, info) {
    const req = gpuShareRequestOf(pod);
    if (!req) return undefined;
    const g = info.gpu;
    if (!g) return GPU_NONE_REASON;
    if (!modelAccessible(g.model, req.model)) return GPU_MODEL_REASON;
    return allocateGpuId(g.free, req, parseGpuIndex(pod.metadata.annotations?.[GPU_INDEX]))
      ? undefined
      : GPU_SHARE_REASON;
  },
};

/** Open-Gpu-Share against the node's devices alone (nothing running), for the never-schedulable diagnosis. */
export function gpuShareFitsEmpty(pod: Pod, info: NodeInfo): string | undefined {
  const req = gpuShareRequestOf(pod);
  if (!req) return undefined;
  const g = info.gpu;
  if (!g) return GPU_NONE_REASON;
  if (!modelAccessible(g.model, req.model)) return GPU_MODEL_REASON;
  const empty = new Int32Array(g.free.length).fill(1000);
  return allocateGpuId(empty, req) ? undefined : GPU_SHARE_REASON;
}

/**
 * TaintToleration for the never-schedulable diagnosis: the node-condition taints (`node.kubernetes.io/...`:
 * not-ready, unreachable, unschedulable, pressure) come and go, so only the others count.
 */
export function untoleratedPersistentTaint(pod: Pod, info: NodeInfo): string | undefined {
  const taints = (info.node.spec.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/'));
  const t = findUntoleratedTaint(taints, pod.spec.tolerations ?? []);
  return t ? `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}` : undefined;
}

/** NodeResourcesFit against allocatable alone, for the never-schedulable diagnosis. */
/** fitsAllocatable(pod, node) !== undefined, without building the reason (preemption asks it of many nodes). */
export function requestAboveAllocatable(pod: Pod, node: NodeInfo): boolean {
  const { keys, values } = requestListOf(pod);
  for (let i = 0; i < keys.length; i++) {
    const v = values[i]!;
    if (v > 0 && v > (node.allocatable.get(keys[i]!) ?? 0)) return true;
  }
  return gpuShareFitsEmpty(pod, node) !== undefined;
}

export function fitsAllocatable(pod: Pod, node: NodeInfo): string | undefined {
  for (const [r, v] of requestsOf(pod)) {
    if (v > 0 && v > (node.allocatable.get(r) ?? 0)) return `Insufficient ${r}`;
  }
  return gpuShareFitsEmpty(pod, node);
}

/** InterPodAffinity's rejection reasons (interpodaffinity/filtering.go). */
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";

export const interPodAffinity: FilterPlugin = {
  name: 'InterPodAffinity',
  static: false,
  filter(_pod, info, state) {
    const a = state.affinity;
    if (!a) return undefined;
    const labels = info.node.metadata.labels ?? {};
    // Existing pods' anti-affinity against this pod (symmetry).
    if (a.existingAntiForbids(info)) return EXISTING_ANTI_AFFINITY_REASON;
    for (let i = 0; i < a.antiAffinityTerms.length; i++) {
      const v = labels[a.antiAffinityTerms[i]!.topologyKey];
      if (v !== undefined && a.antiAffinityPodsIn(i, v)) return ANTI_AFFINITY_REASON;
    }
    if (a.affinityTerms.length > 0) {
      let podsExist = true;
      for (const t of a.affinityTerms) {
        const v = labels[t.topologyKey];
        if (v === undefined) return AFFINITY_REASON;
        if (podsExist && !a.affinityPodsIn(t.topologyKey, v)) podsExist = false;
      }
      // The first pod of a group with affinity to itself may go anywhere that has the topology labels.
      if (!podsExist && !(!a.anyAffinityMatch && a.selfMatch)) return AFFINITY_REASON;
    }
    return undefined;
  },
};

/** PodTopologySpread (DoNotSchedule constraints), with the domain counts computed at PreFilter. */
export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  static: false,
  filter(_pod, info, state) {
    const s = state.spread;
    if (!s) return undefined;
    const node = s.nodes.get(info.name);
    if (!node) return undefined;
    const r = filterNode(s.state, s.pod, node);
    return r.code === 'Success' ? undefined : r.reason;
  },
};

/** kube-scheduler's default filter order (the plugins this model implements). */
export const DEFAULT_FILTERS: FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodeResourcesFit,
  podTopologySpread,
  interPodAffinity,
  openGpuShare,
];

/** Does `term`, written on a pod in `ownerNs`, select `target`? */
export function termMatches(term: PodAffinityTerm, ownerNs: string, target: Pod): boolean {
  const ns = target.metadata.namespace ?? 'default';
  const nsSel = term.namespaceSelector;
  const nsListed = term.namespaces ?? [];
  let nsOk: boolean;
  if (nsSel && !nsSel.matchLabels && !nsSel.matchExpressions) nsOk = true;
  else if (nsListed.length === 0 && !nsSel) nsOk = ns === ownerNs;
  else {
    nsOk =
      nsListed.includes(ns) || (nsSel ? labelSelectorMatches(nsSel, { 'kubernetes.io/metadata.name': ns }) : false);
  }
  return nsOk && labelSelectorMatches(term.labelSelector, target.metadata.labels);
}

/** termMatches with the term parsed once (compileLabelSelector), for a term checked against many pods. */
export function compileTerm(term: PodAffinityTerm, ownerNs: string): (target: Pod) => boolean {
  const nsSel = term.namespaceSelector;
  const nsListed = term.namespaces ?? [];
  const selector = compileLabelSelector(term.labelSelector);
  let nsOk: (ns: string) => boolean;
  if (nsSel && !nsSel.matchLabels && !nsSel.matchExpressions) nsOk = () => true;
  else if (nsListed.length === 0 && !nsSel) nsOk = (ns) => ns === ownerNs;
  else {
    const nsMatcher = nsSel ? compileLabelSelector(nsSel) : undefined;
    nsOk = (ns) => nsListed.includes(ns) || (nsMatcher?.matches({ 'kubernetes.io/metadata.name': ns }) ?? false);
  }
  return (target) => nsOk(target.metadata.namespace ?? 'default') && selector.matches(target.metadata.labels);
}

export function topologyValue(node: Node, key: string): string | undefined {
  return node.metadata.labels?.[key];
}
