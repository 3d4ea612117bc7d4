// Expands a NodePool document into the node pools and Nodes a GKE cluster would have.
//
// Simplifications, on purpose:
// - allocatable = capacity. GKE reserves part of each node's cpu and memory (and ephemeral storage)
//   for the kubelet and system daemons, and its system pods use some more; none of that is modelled.
// - Nodes of accelerator pools get `ephemeral-storage: 100Gi`, GKE's default boot disk size; local SSD
//   and custom boot disks are not modelled. `resources:` pools get exactly what they list.
// - `cloud.google.com/gce-topology-host` is the node's own name: on the GKE machine types that carry
//   these labels (A3 Ultra, A4, A4X) each VM is alone on its physical host, so the label's value is
//   unique per node there as well; GKE's real value is an opaque host id.
import type { Node, ResourceList, Taint } from '../api/core.js';
import type { NewObject } from '../api/meta.js';
import type { NodePoolDoc, NodePoolSpec } from '../scenario/model.js';
import { gpuNodeShape, type NodeArch, tpuSliceShape, validateNodePoolSpec } from './catalog.js';

export interface ExpandedPool {
  /** The pool's name (the `cloud.google.com/gke-nodepool` label): `<doc>` or `<doc>-<i>` with replicas > 1. */
  name: string;
  /** The name of the NodePool document it came from. */
  poolDoc: string;
  /** A multi-host TPU slice: fails, and is recreated, as a whole. */
  multiHost: boolean;
  nodes: NewObject<Node>[];
}

/** Pods per node: the kubelet's default `maxPods`, which GKE Standard also uses. */
export const DEFAULT_MAX_PODS = '110';
/** GKE's default boot disk size. */
export const DEFAULT_EPHEMERAL_STORAGE = '100Gi';

export const TPU_DEFAULT_TAINT: Readonly<Taint> = { key: 'google.com/tpu', value: 'present', effect: 'NoSchedule' };
export const GPU_DEFAULT_TAINT: Readonly<Taint> = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

/** What every node of one pool shares, before names are given. */
interface NodeTemplate {
  nodes: number;
  multiHost: boolean;
  labels: Record<string, string>;
  capacity: ResourceList;
  defaultTaints: Taint[];
}

function baseLabels(arch: NodeArch, machineType: string | undefined): Record<string, string> {
  const labels: Record<string, string> = { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch };
  if (machineType !== undefined) labels['node.kubernetes.io/instance-type'] = machineType;
  return labels;
}

function templateFor(doc: NodePoolDoc): NodeTemplate {
  const spec = doc.spec;
  const problems = validateNodePoolSpec(spec);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new Error(`NodePool ${doc.name} is invalid (validate it before expanding): ${list}`);
  }
  if (spec.tpu !== undefined) {
    const shape = tpuSliceShape(spec.tpu);
    if (!shape.ok) throw new Error(`NodePool ${doc.name}: ${shape.errors[0]?.message}`);
    const s = shape.value;
    return {
      nodes: s.nodes,
      multiHost: s.multiHost,
      labels: {
        ...baseLabels(s.arch, s.machineType),
        'cloud.google.com/gke-tpu-accelerator': s.acceleratorLabel,
        'cloud.google.com/gke-tpu-topology': s.topology,
      },
      capacity: {
        cpu: s.cpu,
        memory: s.memory,
        'ephemeral-storage': DEFAULT_EPHEMERAL_STORAGE,
        pods: DEFAULT_MAX_PODS,
        'google.com/tpu': String(s.chipsPerVm),
      },
      defaultTaints: [{ ...TPU_DEFAULT_TAINT }],
    };
  }
  if (spec.gpu !== undefined) {
    const shape = gpuNodeShape(spec.gpu);
    if (!shape.ok) throw new Error(`NodePool ${doc.name}: ${shape.errors[0]?.message}`);
    const s = shape.value;
    return {
      nodes: spec.nodes ?? 0,
      multiHost: false,
      labels: {
        ...baseLabels(s.arch, s.machineType),
        'cloud.google.com/gke-accelerator': s.acceleratorLabel,
        'nvidia.com/gpu.product': s.gpuProduct,
        'nvidia.com/gpu.count': String(s.gpus),
      },
      capacity: {
        cpu: s.cpu,
        memory: s.memory,
        'ephemeral-storage': DEFAULT_EPHEMERAL_STORAGE,
        pods: DEFAULT_MAX_PODS,
        'nvidia.com/gpu': String(s.gpus),
      },
      defaultTaints: [{ ...GPU_DEFAULT_TAINT }],
    };
  }
  const capacity: ResourceList = {};
  for (const [name, value] of Object.entries(spec.resources ?? {})) capacity[name] = String(value);
  if (capacity.pods === undefined) capacity.pods = DEFAULT_MAX_PODS;
  return {
    nodes: spec.nodes ?? 0,
    multiHost: false,
    labels: baseLabels('amd64', undefined),
    capacity,
    defaultTaints: [],
  };
}

function topologyLabels(spec: NodePoolSpec, nodeName: string): Record<string, string> {
  const t = spec.topology;
  if (t === undefined) return {};
  const labels: Record<string, string> = {};
  if (t.zone !== undefined) labels['topology.kubernetes.io/zone'] = t.zone;
  if (t.block !== undefined) labels['cloud.google.com/gce-topology-block'] = t.block;
  if (t.subblock !== undefined) labels['cloud.google.com/gce-topology-subblock'] = t.subblock;
  labels['cloud.google.com/gce-topology-host'] = nodeName;
  return labels;
}

/** The names of the pools a NodePool document makes: `v5e-slice-0` .. `v5e-slice-3`, or the name as is. */
export function poolNames(doc: Pick<NodePoolDoc, 'name' | 'spec'>): string[] {
  const n = doc.spec.replicas;
  if (n === 1) return [doc.name];
  return Array.from({ length: n }, (_, i) => `${doc.name}-${i}`);
}

/**
 * The pools and Nodes of one NodePool document. Nodes are named `<pool>-node-<index>` and carry the
 * labels GKE gives them; the user's `labels` are added to every node and win over a GKE-managed label
 * of the same key. `taints` left out gives accelerator pools GKE's default taint; a list given, even
 * empty, replaces it. Throws if the spec is invalid (run validateNodePoolSpec first).
 */
export function expandNodePool(doc: NodePoolDoc): ExpandedPool[] {
  const template = templateFor(doc);
  const taints = doc.spec.taints ?? template.defaultTaints;
  return poolNames(doc).map((pool) => ({
    name: pool,
    poolDoc: doc.name,
    multiHost: template.multiHost,
    nodes: Array.from({ length: template.nodes }, (_, i) => {
      const name = `${pool}-node-${i}`;
      const node: NewObject<Node> = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            'kubernetes.io/hostname': name,
            'cloud.google.com/gke-nodepool': pool,
            ...template.labels,
            ...topologyLabels(doc.spec, name),
            ...doc.spec.labels,
          },
        },
        spec: taints.length > 0 ? { taints: taints.map((t) => ({ ...t })) } : {},
        status: {
          capacity: { ...template.capacity },
          allocatable: { ...template.capacity },
          conditions: [
            { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
          ],
        },
      };
      return node;
    }),
  }));
}
