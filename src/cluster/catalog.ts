// The accelerator catalog: TPU generations and GPU node shapes as GKE provisions them, as data,
// plus the lookups that turn a NodePool's `tpu:` / `gpu:` stanza into a node shape and the
// validation of a whole NodePool spec.
//
// Sources (see also shared/spec/hardware-and-failures.md §1–2):
// - Accelerator labels, machine types, topology lists: AI-Hypercomputer/xpk
//   src/xpk/core/system_characteristics.py; cloud.google.com/tpu/docs/{v4,v5e,v5p,v6e,tpu7x}.
// - vCPU and memory per machine type: `gcloud compute machine-types list` as exported in
//   Cyclenerd/google-cloud-pricing-cost-calculator tools/machinetypes.csv (2026-07), cross-checked
//   with the v5e page's VM-type table (ct5lp-*) and the v5p page (208 vCPU / 448 GB per 4-chip VM).
//   NOT verified: ct4p-hightpu-4t (v4) 240 vCPU / 407 GB. v4 lives only in us-central2, which that
//   export does not list; a third-party table says 240 / 408. The figure is kept as briefed.
// - GCE "GB" figures are binary (gcloud's MEMORY_GB is memoryMb / 1024), so memory is written in Gi.
// - `nvidia.com/gpu.product`: the GPU name as nvidia-smi prints it, spaces replaced by '-', as the
//   NVIDIA device plugin / GPU Feature Discovery label it. NVIDIA-H100-80GB-HBM3 is documented by GFD
//   (spec §2 [P]); NVIDIA-H200, NVIDIA-B200 and NVIDIA-GB200 are as seen in public manifests that
//   select on that label (not verified against NVIDIA documentation).
import type { GpuPoolShape, NodePoolSpec, TpuPoolShape } from '../scenario/model.js';

/** A problem with one field; `path` is relative to the NodePool document (`spec.tpu.topology`). */
export interface FieldError {
  path: string;
  message: string;
}

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export type TpuType = TpuPoolShape['type'];
export type GpuType = GpuPoolShape['type'];
export type NodeArch = 'amd64' | 'arm64';

export interface TpuMachine {
  machineType: string;
  chipsPerVm: number;
  /** vCPUs of the VM. */
  cpu: number;
  /** Memory of the VM in GiB. */
  memoryGi: number;
  /** Holds only a slice that fits on one VM (the -1t and -8t shapes); multi-host pools use the -4t machine. */
  singleHostOnly: boolean;
  /** False when the cpu/memory figures could not be confirmed from a primary source. */
  verified: boolean;
}

export interface TpuGeneration {
  type: TpuType;
  /** Value of `cloud.google.com/gke-tpu-accelerator`. */
  acceleratorLabel: string;
  /** 2 for AxB topologies (v5e, v6e), 3 for AxBxC (v4, v5p, tpu7x). */
  dims: 2 | 3;
  machines: TpuMachine[];
  /** The multi-host 4-chip machine: the default machine type. */
  defaultMachineType: string;
  /** 2D: the complete list of valid topologies. 3D: the sub-cube shapes valid besides the multiple-of-4 rule. */
  topologies: string[];
  /** 3D only: the largest slice in chips. */
  maxChips?: number;
  /** 3D only: examples of multiple-of-4 shapes, for messages. */
  examples?: string[];
}

const SUB_CUBE_3D = ['2x2x1', '2x2x2', '2x2x4', '2x4x4'];
const TOPOLOGIES_2D = ['1x1', '2x2', '2x4', '4x4', '4x8', '8x8', '8x16', '16x16'];

// v4/v5p/tpu7x: besides the sub-cube shapes, AxBxC with A <= B <= C and every side a multiple of 4
// (cloud.google.com/tpu/docs/v4: "AxBxC with A<=B<=C ... multiples of 4"; xpk lists only such shapes
// above 2x4x4). Which of those are a torus rather than a mesh (2A=B=C or 2A=2B=C, twisted tori) is a
// performance question, not a validity one, and is not modelled here.
export const TPU_GENERATIONS: Readonly<Record<TpuType, TpuGeneration>> = {
  v4: {
    type: 'v4',
    acceleratorLabel: 'tpu-v4-podslice',
    dims: 3,
    machines: [
      {
        machineType: 'ct4p-hightpu-4t',
        chipsPerVm: 4,
        cpu: 240,
        memoryGi: 407,
        singleHostOnly: false,
        verified: false,
      },
    ],
    defaultMachineType: 'ct4p-hightpu-4t',
    topologies: SUB_CUBE_3D,
    // A v4 pod is 4096 chips (64 cubes of 4x4x4).
    maxChips: 4096,
    examples: ['4x4x4', '4x4x8', '4x8x8', '8x8x8', '8x16x16'],
  },
  v5e: {
    type: 'v5e',
    acceleratorLabel: 'tpu-v5-lite-podslice',
    dims: 2,
    machines: [
      { machineType: 'ct5lp-hightpu-1t', chipsPerVm: 1, cpu: 24, memoryGi: 48, singleHostOnly: true, verified: true },
      {
        machineType: 'ct5lp-hightpu-4t',
        chipsPerVm: 4,
        cpu: 112,
        memoryGi: 192,
        singleHostOnly: false,
        verified: true,
      },
      { machineType: 'ct5lp-hightpu-8t', chipsPerVm: 8, cpu: 224, memoryGi: 384, singleHostOnly: true, verified: true },
    ],
    defaultMachineType: 'ct5lp-hightpu-4t',
    topologies: TOPOLOGIES_2D,
  },
  v5p: {
    type: 'v5p',
    acceleratorLabel: 'tpu-v5p-slice',
    dims: 3,
    machines: [
      { machineType: 'ct5p-hightpu-4t', chipsPerVm: 4, cpu: 208, memoryGi: 448, singleHostOnly: false, verified: true },
    ],
    defaultMachineType: 'ct5p-hightpu-4t',
    topologies: SUB_CUBE_3D,
    // The largest v5p slice is 16x16x24 = 6144 chips (96 cubes).
    maxChips: 6144,
    examples: ['4x4x4', '4x4x8', '4x8x8', '8x8x16', '16x16x24'],
  },
  v6e: {
    type: 'v6e',
    acceleratorLabel: 'tpu-v6e-slice',
    dims: 2,
    machines: [
      { machineType: 'ct6e-standard-1t', chipsPerVm: 1, cpu: 44, memoryGi: 176, singleHostOnly: true, verified: true },
      {
        machineType: 'ct6e-standard-4t',
        chipsPerVm: 4,
        cpu: 180,
        memoryGi: 720,
        singleHostOnly: false,
        verified: true,
      },
      {
        machineType: 'ct6e-standard-8t',
        chipsPerVm: 8,
        cpu: 360,
        memoryGi: 1440,
        singleHostOnly: true,
        verified: true,
      },
    ],
    defaultMachineType: 'ct6e-standard-4t',
    topologies: TOPOLOGIES_2D,
  },
  tpu7x: {
    type: 'tpu7x',
    acceleratorLabel: 'tpu7x',
    dims: 3,
    machines: [
      { machineType: 'tpu7x-standard-1t', chipsPerVm: 1, cpu: 56, memoryGi: 240, singleHostOnly: true, verified: true },
      {
        machineType: 'tpu7x-standard-4t',
        chipsPerVm: 4,
        cpu: 224,
        memoryGi: 960,
        singleHostOnly: false,
        verified: true,
      },
    ],
    defaultMachineType: 'tpu7x-standard-4t',
    topologies: ['1x1x1', ...SUB_CUBE_3D],
    // An Ironwood superpod is 9216 chips (144 cubes of 64); xpk's largest listed slice is 16x16x32.
    maxChips: 9216,
    examples: ['4x4x4', '4x4x8', '8x8x8', '8x16x16', '16x16x32'],
  },
};

export interface GpuMachine {
  machineType: string;
  gpus: number;
  cpu: number;
  memoryGi: number;
}

export interface GpuShapeDef {
  type: GpuType;
  /** Value of `cloud.google.com/gke-accelerator`. */
  acceleratorLabel: string;
  /** Value of `nvidia.com/gpu.product`. */
  gpuProduct: string;
  arch: NodeArch;
  /** Machine types of the shape, the full (default) one last. */
  machines: GpuMachine[];
}

export const GPU_SHAPES: Readonly<Record<GpuType, GpuShapeDef>> = {
  'h100-80gb': {
    type: 'h100-80gb',
    acceleratorLabel: 'nvidia-h100-80gb',
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
    arch: 'amd64',
    machines: [
      { machineType: 'a3-highgpu-1g', gpus: 1, cpu: 26, memoryGi: 234 },
      { machineType: 'a3-highgpu-2g', gpus: 2, cpu: 52, memoryGi: 468 },
      { machineType: 'a3-highgpu-4g', gpus: 4, cpu: 104, memoryGi: 936 },
      { machineType: 'a3-highgpu-8g', gpus: 8, cpu: 208, memoryGi: 1872 },
    ],
  },
  'h100-mega-80gb': {
    type: 'h100-mega-80gb',
    acceleratorLabel: 'nvidia-h100-mega-80gb',
    // Same SXM H100 part as A3 High; GFD does not distinguish the VM's network.
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
    arch: 'amd64',
    machines: [{ machineType: 'a3-megagpu-8g', gpus: 8, cpu: 208, memoryGi: 1872 }],
  },
  'h200-141gb': {
    type: 'h200-141gb',
    acceleratorLabel: 'nvidia-h200-141gb',
    gpuProduct: 'NVIDIA-H200',
    arch: 'amd64',
    machines: [{ machineType: 'a3-ultragpu-8g', gpus: 8, cpu: 224, memoryGi: 2952 }],
  },
  b200: {
    type: 'b200',
    acceleratorLabel: 'nvidia-b200',
    gpuProduct: 'NVIDIA-B200',
    arch: 'amd64',
    machines: [{ machineType: 'a4-highgpu-8g', gpus: 8, cpu: 224, memoryGi: 3968 }],
  },
  gb200: {
    type: 'gb200',
    acceleratorLabel: 'nvidia-gb200',
    gpuProduct: 'NVIDIA-GB200',
    // A4X hosts are NVIDIA Grace (Arm) CPUs; GKE labels those nodes kubernetes.io/arch=arm64.
    arch: 'arm64',
    machines: [{ machineType: 'a4x-highgpu-4g', gpus: 4, cpu: 140, memoryGi: 884 }],
  },
};

export interface TpuSliceShape {
  /** Value of `cloud.google.com/gke-tpu-accelerator`. */
  acceleratorLabel: string;
  /** The topology as written (valid, so canonical). */
  topology: string;
  machineType: string;
  chipsPerVm: number;
  /** Chips in the slice: the product of the topology's dimensions. */
  chips: number;
  /** Nodes (VMs) in the slice: chips / chipsPerVm. */
  nodes: number;
  multiHost: boolean;
  /** vCPUs per node, as a Kubernetes quantity. */
  cpu: string;
  /** Memory per node, as a Kubernetes quantity. */
  memory: string;
  arch: NodeArch;
}

export interface GpuNodeShape {
  /** Value of `cloud.google.com/gke-accelerator`. */
  acceleratorLabel: string;
  machineType: string;
  /** GPUs per node (`nvidia.com/gpu`). */
  gpus: number;
  /** Value of `nvidia.com/gpu.product`. */
  gpuProduct: string;
  cpu: string;
  memory: string;
  arch: NodeArch;
}

const TPU_PATH = 'spec.tpu';
const GPU_PATH = 'spec.gpu';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function tpuTypes(): string {
  return Object.keys(TPU_GENERATIONS).join(', ');
}

function gpuTypes(): string {
  return Object.keys(GPU_SHAPES).join(', ');
}

/** What a generation accepts, for messages. */
export function describeTpuTopologies(gen: TpuGeneration): string {
  if (gen.dims === 2) return `valid ${gen.type} topologies are ${gen.topologies.join(', ')}`;
  return (
    `valid ${gen.type} topologies are ${gen.topologies.join(', ')}, or AxBxC with A <= B <= C, every side a ` +
    `multiple of 4 and at most ${gen.maxChips} chips (e.g. ${(gen.examples ?? []).join(', ')})`
  );
}

type TopologyCheck = { ok: true; dims: number[]; chips: number } | { ok: false; message: string };

function checkTopology(gen: TpuGeneration, topology: string): TopologyCheck {
  const invalid = (why: string): TopologyCheck => ({
    ok: false,
    message: `topology "${topology}" is not a valid ${gen.type} slice${why}; ${describeTpuTopologies(gen)}`,
  });
  if (typeof topology !== 'string' || !/^[0-9]+(x[0-9]+)*$/.test(topology)) {
    const form = gen.dims === 2 ? 'AxB' : 'AxBxC';
    return invalid(` (write it as ${form}, whole numbers separated by "x")`);
  }
  const dims = topology.split('x').map((d) => Number.parseInt(d, 10));
  if (dims.length !== gen.dims) {
    return invalid(` (${gen.type} slices have ${gen.dims} dimensions, this has ${dims.length})`);
  }
  if (dims.some((d) => d < 1)) return invalid(' (every side must be at least 1)');
  const canonical = dims.join('x');
  const chips = dims.reduce((a, b) => a * b, 1);
  if (canonical !== topology) return invalid(` (write it as "${canonical}")`);
  if (gen.topologies.includes(topology)) return { ok: true, dims, chips };
  if (gen.dims === 2) {
    const swapped = [...dims].reverse().join('x');
    return invalid(gen.topologies.includes(swapped) ? ` (did you mean "${swapped}"?)` : '');
  }
  const sorted = [...dims].sort((a, b) => a - b);
  const sortedForm = sorted.join('x');
  if (gen.topologies.includes(sortedForm) || sorted.every((d) => d % 4 === 0)) {
    if (sortedForm !== topology) return invalid(` (write the sides in ascending order: "${sortedForm}")`);
  }
  const small = gen.topologies.filter((t) => !t.startsWith('1x'));
  if (chips < 64) return invalid(` (a slice smaller than a 4x4x4 cube must be one of ${small.join(', ')})`);
  const notMultiple = [...new Set(dims.filter((d) => d % 4 !== 0))];
  if (notMultiple.length > 0) {
    const verb = notMultiple.length === 1 ? 'is' : 'are';
    return invalid(
      ` (a slice of a cube or more needs every side a multiple of 4; ${notMultiple.join(', ')} ${verb} not)`,
    );
  }
  if (gen.maxChips !== undefined && chips > gen.maxChips) {
    return invalid(` (${chips} chips; the largest ${gen.type} slice has ${gen.maxChips})`);
  }
  return { ok: true, dims, chips };
}

/** Machine types of a generation that can hold a slice of this many chips. */
function machinesFor(gen: TpuGeneration, chips: number): TpuMachine[] {
  return gen.machines.filter(
    (m) => chips % m.chipsPerVm === 0 && (!m.singleHostOnly || chips === m.chipsPerVm) && chips >= m.chipsPerVm,
  );
}

function describeMachine(m: TpuMachine, chips: number): string {
  return `${m.machineType} (${plural(chips / m.chipsPerVm, 'node')} of ${plural(m.chipsPerVm, 'chip')})`;
}

/**
 * The machine GKE would use when none is named: the multi-host 4-chip machine, or, for a slice
 * smaller than that VM, the machine that holds exactly its chips (v5e 1x1 -> ct5lp-hightpu-1t).
 */
function defaultMachine(gen: TpuGeneration, chips: number): TpuMachine | undefined {
  const multiHost = gen.machines.find((m) => m.machineType === gen.defaultMachineType);
  if (multiHost && chips >= multiHost.chipsPerVm) return multiHost;
  return gen.machines.find((m) => m.chipsPerVm === chips);
}

/**
 * The slice a `tpu:` stanza describes: its accelerator label, machine type, chips and nodes.
 * Error paths are relative to the NodePool document (`spec.tpu.topology`).
 */
export function tpuSliceShape(shape: TpuPoolShape): ShapeResult<TpuSliceShape> {
  const errors: FieldError[] = [];
  const gen = Object.hasOwn(TPU_GENERATIONS, shape.type) ? TPU_GENERATIONS[shape.type] : undefined;
  if (!gen) {
    return {
      ok: false,
      errors: [
        {
          path: `${TPU_PATH}.type`,
          message: `"${String(shape.type)}" is not a supported TPU type; valid types are ${tpuTypes()}`,
        },
      ],
    };
  }
  let named: TpuMachine | undefined;
  if (shape.machineType !== undefined) {
    named = gen.machines.find((m) => m.machineType === shape.machineType);
    if (!named) {
      const valid = gen.machines.map((m) => `${m.machineType} (${plural(m.chipsPerVm, 'chip')})`).join(', ');
      errors.push({
        path: `${TPU_PATH}.machineType`,
        message: `"${String(shape.machineType)}" is not a ${gen.type} machine type; valid ${gen.type} machine types are ${valid}`,
      });
    }
  }
  const topo = checkTopology(gen, shape.topology);
  if (!topo.ok) {
    errors.push({ path: `${TPU_PATH}.topology`, message: topo.message });
    return { ok: false, errors };
  }
  if (errors.length > 0) return { ok: false, errors };

  const chips = topo.chips;
  const fitting = machinesFor(gen, chips);
  const machine = named ?? defaultMachine(gen, chips);
  if (!machine || !fitting.includes(machine)) {
    const options = fitting.map((m) => describeMachine(m, chips)).join(' or ');
    let why: string;
    if (!machine) why = `no ${gen.type} machine type holds it`;
    else if (chips % machine.chipsPerVm !== 0 || chips < machine.chipsPerVm)
      why = `${plural(chips, 'chip')} ${chips === 1 ? 'does' : 'do'} not fill whole ${machine.machineType} VMs of ${plural(machine.chipsPerVm, 'chip')}`;
    else
      why = `${machine.machineType} holds only a single-host ${gen.type} slice of ${plural(machine.chipsPerVm, 'chip')}`;
    errors.push({
      path: named ? `${TPU_PATH}.machineType` : `${TPU_PATH}.topology`,
      message: `a ${shape.topology} ${gen.type} slice has ${plural(chips, 'chip')} and ${why}; ${
        options ? `use ${options}` : describeTpuTopologies(gen)
      }`,
    });
    return { ok: false, errors };
  }
  const nodes = chips / machine.chipsPerVm;
  return {
    ok: true,
    value: {
      acceleratorLabel: gen.acceleratorLabel,
      topology: shape.topology,
      machineType: machine.machineType,
      chipsPerVm: machine.chipsPerVm,
      chips,
      nodes,
      multiHost: nodes > 1,
      cpu: String(machine.cpu),
      memory: `${machine.memoryGi}Gi`,
      // Every TPU VM type here is x86 (xpk builds linux/amd64 images for all of them).
      arch: 'amd64',
    },
  };
}

/**
 * The node a `gpu:` stanza describes. `count` defaults to the shape's GPUs; a smaller count uses the
 * machine type with exactly that many GPUs when GCE has one (a3-highgpu-1g/2g/4g), and otherwise
 * keeps the full machine (its cpu and memory) exposing only `count` GPUs.
 */
export function gpuNodeShape(shape: GpuPoolShape): ShapeResult<GpuNodeShape> {
  const def = Object.hasOwn(GPU_SHAPES, shape.type) ? GPU_SHAPES[shape.type] : undefined;
  if (!def) {
    return {
      ok: false,
      errors: [
        {
          path: `${GPU_PATH}.type`,
          message: `"${String(shape.type)}" is not a supported GPU type; valid types are ${gpuTypes()}`,
        },
      ],
    };
  }
  const full = def.machines[def.machines.length - 1]!;
  const count = shape.count ?? full.gpus;
  if (!Number.isInteger(count) || count < 1 || count > full.gpus) {
    const exact = def.machines.map((m) => `${m.gpus} (${m.machineType})`).join(', ');
    return {
      ok: false,
      errors: [
        {
          path: `${GPU_PATH}.count`,
          message: `count ${String(count)} is not valid for ${def.type}: ${full.machineType} nodes have ${plural(full.gpus, 'GPU')}, so count must be a whole number from 1 to ${full.gpus} (GCE machine types: ${exact}); leave it out for ${full.gpus}`,
        },
      ],
    };
  }
  const machine = def.machines.find((m) => m.gpus === count) ?? full;
  return {
    ok: true,
    value: {
      acceleratorLabel: def.acceleratorLabel,
      machineType: machine.machineType,
      gpus: count,
      gpuProduct: def.gpuProduct,
      cpu: String(machine.cpu),
      memory: `${machine.memoryGi}Gi`,
      arch: def.arch,
    },
  };
}

// --- Kubernetes syntax checks used by validateNodePoolSpec ---

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** Why `key` is not a valid label key / qualified name, or undefined when it is. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the prefix "${prefix}" must be a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`;
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `the name "${name}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return 'a label value must be a string';
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return "a label value must be empty or at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Whether `q` is a valid, non-negative Kubernetes quantity (`96`, `512Gi`, `1.5`, `500m`). */
export function isQuantity(q: string | number): boolean {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0;
  return typeof q === 'string' && QUANTITY.test(q) && !q.startsWith('-');
}

function isWholeNumber(n: unknown, min: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Every problem of a NodePool spec, each with a path relative to the NodePool document
 * (`spec.tpu.topology`, `spec.replicas`, `spec.labels["a/b"]`). Empty when valid.
 */
export function validateNodePoolSpec(spec: NodePoolSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!isWholeNumber(spec.replicas, 0)) {
    errors.push({
      path: 'spec.replicas',
      message: `replicas must be a whole number, 0 or more (the number of identical pools); got ${String(spec.replicas)}`,
    });
  }

  const given = (['tpu', 'gpu', 'resources'] as const).filter((k) => spec[k] !== undefined);
  if (given.length === 0) {
    errors.push({
      path: 'spec',
      message:
        'a NodePool needs exactly one of tpu (a TPU slice: {type, topology}), gpu ({type, count} with nodes) ' +
        'or resources (any resource map, with nodes)',
    });
  } else if (given.length > 1) {
    errors.push({
      path: 'spec',
      message: `a NodePool takes exactly one of tpu, gpu or resources; this one has ${given.join(' and ')}`,
    });
  }

  if (spec.tpu !== undefined) {
    const shape = tpuSliceShape(spec.tpu);
    if (!shape.ok) errors.push(...shape.errors);
    else if (spec.nodes !== undefined && spec.nodes !== shape.value.nodes) {
      errors.push({
        path: 'spec.nodes',
        message: `a TPU slice's node count comes from its topology: ${spec.tpu.topology} on ${shape.value.machineType} is ${plural(shape.value.nodes, 'node')}; remove nodes or set it to ${shape.value.nodes}`,
      });
    }
  }

  if (spec.gpu !== undefined) {
    const shape = gpuNodeShape(spec.gpu);
    if (!shape.ok) errors.push(...shape.errors);
    checkNodes(spec.nodes, 'a gpu pool', errors);
  }

  if (spec.resources !== undefined) {
    checkNodes(spec.nodes, 'a resources pool', errors);
    for (const [name, value] of Object.entries(spec.resources)) {
      const path = `spec.resources[${JSON.stringify(name)}]`;
      const keyProblem = qualifiedNameProblem(name);
      if (keyProblem) errors.push({ path, message: `"${name}" is not a valid resource name: ${keyProblem}` });
      if (!isQuantity(value)) {
        errors.push({
          path,
          message: `${JSON.stringify(value)} is not a valid quantity; write a non-negative number with an optional suffix, e.g. "96", "512Gi", "1500m"`,
        });
      }
    }
  }

  for (const [key, value] of Object.entries(spec.labels ?? {})) {
    const path = `spec.labels[${JSON.stringify(key)}]`;
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) errors.push({ path, message: `"${key}" is not a valid label key: ${keyProblem}` });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) errors.push({ path, message: `${JSON.stringify(value)}: ${valueProblem}` });
  }

  (spec.taints ?? []).forEach((taint, i) => {
    const path = `spec.taints[${i}]`;
    const keyProblem = typeof taint.key === 'string' ? qualifiedNameProblem(taint.key) : 'a taint needs a key';
    if (keyProblem)
      errors.push({ path: `${path}.key`, message: `"${String(taint.key)}" is not a valid taint key: ${keyProblem}` });
    if (taint.value !== undefined) {
      const valueProblem = labelValueProblem(taint.value);
      if (valueProblem)
        errors.push({ path: `${path}.value`, message: `${JSON.stringify(taint.value)}: ${valueProblem}` });
    }
    if (!TAINT_EFFECTS.includes(taint.effect)) {
      errors.push({
        path: `${path}.effect`,
        message: `"${String(taint.effect)}" is not a taint effect; valid effects are ${TAINT_EFFECTS.join(', ')}`,
      });
    }
  });

  if (spec.topology !== undefined) {
    for (const field of ['zone', 'block', 'subblock'] as const) {
      const value = spec.topology[field];
      if (value === undefined) continue;
      const problem = value === '' ? 'must not be empty' : labelValueProblem(value);
      if (problem) errors.push({ path: `spec.topology.${field}`, message: `${JSON.stringify(value)}: ${problem}` });
    }
  }
  return errors;
}

function checkNodes(nodes: unknown, what: string, errors: FieldError[]): void {
  if (nodes === undefined) {
    errors.push({ path: 'spec.nodes', message: `${what} needs nodes: how many identical nodes each pool has` });
  } else if (!isWholeNumber(nodes, 1)) {
    errors.push({
      path: 'spec.nodes',
      message: `nodes must be a whole number, 1 or more; got ${String(nodes)} (to have no pool at all, set replicas: 0)`,
    });
  }
}
