// Reads NodePool documents into NodePoolSpecs (one shape of tpu, gpu or resources; taints; topology labels) and
// checks that pool names stay unique once replicas are expanded.
import type { Taint, TaintEffect } from '../api/core.js';
import { andList, type Checker, got, idx, key } from './checker.js';
import { type Entry, where } from './entry.js';
import type { GpuPoolShape, NodePoolDoc, NodePoolSpec, TpuPoolShape } from './model.js';

const NODEPOOL_FIELDS = ['replicas', 'tpu', 'gpu', 'nodes', 'resources', 'labels', 'taints', 'topology'] as const;
const TPU_TYPES = ['v4', 'v5e', 'v5p', 'v6e', 'tpu7x'] as const;
const GPU_TYPES = ['h100-80gb', 'h100-mega-80gb', 'h200-141gb', 'b200', 'gb200'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const TPU_TOPOLOGY = /^\d+x\d+(x\d+)?$/;

export function nodePoolIssuePath(path: string): string | undefined {
  if (path === '') return undefined;
  if (path === 'spec' || path === 'metadata' || /^(spec|metadata)[.[]/.test(path)) return path;
  return path.startsWith('[') ? `spec${path}` : `spec.${path}`;
}

export function readNodePool(e: Entry): NodePoolSpec | undefined {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return undefined;
  c.unknownFields(spec, 'spec', NODEPOOL_FIELDS);
  const out: NodePoolSpec = { replicas: c.int(spec.replicas, 'spec.replicas', { min: 1 }) ?? 1, labels: {} };

  const shapes = (['tpu', 'gpu', 'resources'] as const).filter((k) => spec[k] !== undefined && spec[k] !== null);
  if (shapes.length === 0) c.err('spec', 'one of tpu, gpu or resources is required');
  if (shapes.length > 1) c.err('spec', `only one of tpu, gpu or resources may be set, got ${andList(shapes)}`);

  const tpu = c.map(spec.tpu, 'spec.tpu');
  if (tpu) {
    c.unknownFields(tpu, 'spec.tpu', ['type', 'topology', 'machineType']);
    const type = c.oneOf(tpu.type, 'spec.tpu.type', TPU_TYPES, true);
    const topology = c.string(tpu.topology, 'spec.tpu.topology', true);
    if (topology !== undefined && !TPU_TOPOLOGY.test(topology)) {
      c.err('spec.tpu.topology', `expected a topology such as 2x4 or 4x4x4, got ${got(topology)}`);
    }
    const machineType = c.string(tpu.machineType, 'spec.tpu.machineType');
    if (type && topology) {
      const shape: TpuPoolShape = { type, topology };
      if (machineType !== undefined) shape.machineType = machineType;
      out.tpu = shape;
    }
  }
  const gpu = c.map(spec.gpu, 'spec.gpu');
  if (gpu) {
    c.unknownFields(gpu, 'spec.gpu', ['type', 'count']);
    const type = c.oneOf(gpu.type, 'spec.gpu.type', GPU_TYPES, true);
    const count = c.int(gpu.count, 'spec.gpu.count', { min: 1 });
    if (type) {
      const shape: GpuPoolShape = { type };
      if (count !== undefined) shape.count = count;
      out.gpu = shape;
    }
  }
  const res = c.map(spec.resources, 'spec.resources');
  if (res) {
    if (Object.keys(res).length === 0) c.err('spec.resources', 'expected at least one resource, got an empty mapping');
    const resources: Record<string, string | number> = {};
    for (const [r, q] of Object.entries(res)) {
      if ((typeof q === 'string' && QUANTITY.test(q)) || (typeof q === 'number' && Number.isFinite(q) && q >= 0)) {
        resources[r] = q;
      } else {
        c.err(key('spec.resources', r), `expected a quantity such as "8", "96" or 512Gi, got ${got(q)}`);
      }
    }
    out.resources = resources;
  }
  const nodes = c.int(spec.nodes, 'spec.nodes', { min: 1 });
  if (nodes !== undefined) out.nodes = nodes;
  if (spec.nodes === undefined || spec.nodes === null) {
    for (const s of shapes) {
      if (s !== 'tpu') c.err('spec.nodes', `required with ${s}; expected a positive integer`);
    }
  } else if (shapes.length === 1 && shapes[0] === 'tpu') {
    c.err('spec.nodes', 'not allowed with tpu: the topology decides the number of nodes');
  }
  out.labels = c.stringMap(spec.labels, 'spec.labels') ?? {};
  const taints = readTaints(c, spec.taints, 'spec.taints');
  if (taints) out.taints = taints;
  const topo = c.map(spec.topology, 'spec.topology');
  if (topo) {
    c.unknownFields(topo, 'spec.topology', ['zone', 'block', 'subblock']);
    const t: NonNullable<NodePoolSpec['topology']> = {};
    for (const f of ['zone', 'block', 'subblock'] as const) {
      const v = c.string(topo[f], `spec.topology.${f}`);
      if (v !== undefined) t[f] = v;
    }
    out.topology = t;
  }
  return c.errors === before ? out : undefined;
}

/** A list of taints as in a Node spec (NodePool, NodeList). */
export function readTaints(c: Checker, v: unknown, path: string): Taint[] | undefined {
  const taints = c.list(v, path);
  if (!taints) return undefined;
  const list: Taint[] = [];
  taints.forEach((t, i) => {
    const p = idx(path, i);
    const m = c.map(t, p, true);
    if (!m) return;
    c.unknownFields(m, p, ['key', 'value', 'effect', 'timeAdded']);
    const k = c.string(m.key, `${p}.key`, true);
    const value = c.string(m.value, `${p}.value`);
    const effect = c.oneOf<TaintEffect>(m.effect, `${p}.effect`, TAINT_EFFECTS, true);
    if (k !== undefined && effect !== undefined)
      list.push(value !== undefined ? { key: k, value, effect } : { key: k, effect });
  });
  return list;
}

/** Pool names, after `replicas` expansion (`a` x2 -> a-0, a-1), are unique. */
export function checkPoolNames(entries: Entry[], pools: NodePoolDoc[]): void {
  const byName = new Map<string, NodePoolDoc>();
  for (const pool of pools) {
    const names =
      pool.spec.replicas === 1
        ? [pool.name]
        : Array.from({ length: pool.spec.replicas }, (_, i) => `${pool.name}-${i}`);
    const e = entries.find((x) => x.source === pool.source);
    for (const n of names) {
      const other = byName.get(n);
      if (other && other !== pool) {
        e?.c.err(
          'metadata.name',
          `pool name "${n}" is also made by NodePool ${other.name}` +
            `${other.spec.replicas > 1 ? ` (replicas: ${other.spec.replicas})` : ''} in ${where(other.source)}`,
        );
        break;
      }
      byName.set(n, pool);
    }
  }
}
