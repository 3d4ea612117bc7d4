// NodeList: the openb node CSV (`sn, cpu_milli, memory_mib, gpu, model`) as NodePools, one per distinct node
// shape (cpu, memory, GPUs, model) in order of first appearance, named `<NodeList name>-<model>-<k>`, with the
// GPU model as the node label the openb traces' own simulator uses (alibabacloud.com/gpu-card-model). GPUs are
// Open-GPU-Share devices (alibabacloud.com/gpu-count and gpu-milli, as data/node_yaml/openb_node_list_gpu_node.yaml
// writes them) unless `gpuSharing: roundUp` (then whole `gpuResource` GPUs).
import type { Taint } from '../api/core.js';
import { GPU_COUNT, GPU_MILLI } from '../api/open-gpu-share.js';
import type { NodePoolSpec } from '../scenario/model.js';
import { CsvError, readCsv } from './csv-table.js';
import { GPU_MODEL_LABEL } from './jobset-builder.js';

export interface NodeListSpec {
  name: string;
  file: string;
  limit: number;
  gpuResource: string;
  labels: Record<string, string>;
  taints: Taint[];
  gpuSharing: 'share' | 'roundUp';
}

const COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;

export function buildNodePools(
  spec: NodeListSpec,
  text: string,
): { pools: { name: string; spec: NodePoolSpec }[]; problems: string[] } {
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text, spec.limit);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { pools: [], problems: [`${spec.file} is not valid CSV: ${e.message}`] };
  }
  const at = new Map(table.header.map((h, i) => [h, i]));
  const missing = COLUMNS.filter((c) => !at.has(c));
  if (missing.length > 0) {
    return {
      pools: [],
      problems: missing.map(
        (m) => `${spec.file} has no column "${m}", which format openb requires (columns: ${table.header.join(', ')})`,
      ),
    };
  }
  const problems: string[] = [];
  const shapes = new Map<string, { name: string; spec: NodePoolSpec }>();
  const perModel = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const get = (c: (typeof COLUMNS)[number]) => cells[at.get(c)!] ?? '';
    const nums = (['cpu_milli', 'memory_mib', 'gpu'] as const).map((c) => {
      const raw = get(c);
      const v = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isInteger(v) || v < 0) {
        if (problems.length < 5)
          problems.push(
            `${spec.file} line ${line}, column ${c}: expected a non-negative integer, got ${JSON.stringify(raw)}`,
          );
        return undefined;
      }
      return v;
    });
    if (nums.some((n) => n === undefined)) continue;
    const [cpu, mem, gpu] = nums as [number, number, number];
    const rawModel = get('model');
    const model = rawModel === '' || rawModel === 'nan' ? '' : rawModel;
    const shapeKey = `${cpu}/${mem}/${gpu}/${model}`;
    let pool = shapes.get(shapeKey);
    if (!pool) {
      const tag = model === '' ? (gpu > 0 ? 'gpu' : 'cpu') : model.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      const k = perModel.get(tag) ?? 0;
      perModel.set(tag, k + 1);
      const resources: Record<string, string> = { cpu: `${cpu}m`, memory: `${mem}Mi` };
      if (gpu > 0 && spec.gpuSharing === 'roundUp') resources[spec.gpuResource] = String(gpu);
      else if (gpu > 0) {
        resources[GPU_COUNT] = String(gpu);
        resources[GPU_MILLI] = String(gpu * 1000);
      }
      const labels = { ...spec.labels, ...(model !== '' ? { [GPU_MODEL_LABEL]: model } : {}) };
      pool = {
        name: `${spec.name}-${tag}-${k}`,
        spec: { replicas: 1, nodes: 0, resources, labels, taints: spec.taints.map((t) => ({ ...t })) },
      };
      shapes.set(shapeKey, pool);
    }
    pool.spec.nodes = (pool.spec.nodes ?? 0) + 1;
  }
  return { pools: [...shapes.values()], problems };
}
