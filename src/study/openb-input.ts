// The study's inputs from the openb CSVs (spec/fgd.md §1.1–1.2): the GPU node list and the pod list as the
// authors' pod_csv_to_yaml.py turns rows into pods. Times and pod phases are not used (no pod gets a timestamp).
import { MILLI } from '../gpushare/model.js';
import { CsvError, readCsv } from '../workload/csv-table.js';

export interface StudyNode {
  /** `sn`, e.g. openb-node-0260. */
  name: string;
  cpu: number;
  memMiB: number;
  gpus: number;
  model: string;
}

export interface StudyPod {
  name: string;
  cpu: number;
  memMiB: number;
  /** k (num_gpu). */
  numGpu: number;
  /** q: gpu_milli clamped to 0..1000, 0 when num_gpu is 0 (the annotation is only set for GPU pods). */
  gpuMilli: number;
  /** gpu_spec, '' when empty. */
  gpuSpec: string;
}

const NODE_COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;
const POD_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec'] as const;
const MAX_CELL_PROBLEMS = 5;

/** Reads `columns` from a CSV: rows as records of strings, or problems (`FILE line N, column C: …`). */
function readTable<C extends string>(
  text: string,
  file: string,
  columns: readonly C[],
): { rows: { line: number; get: (c: C) => string }[]; problems: string[] } {
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { rows: [], problems: [`${file} is not valid CSV: ${e.message}`] };
  }
  const at = new Map(table.header.map((h, i) => [h, i]));
  const missing = columns.filter((c) => !at.has(c));
  if (missing.length > 0) {
    const have = table.header.join(', ');
    return {
      rows: [],
      problems: missing.map((m) => `${file} has no column "${m}", which the FGD study requires (columns: ${have})`),
    };
  }
  return {
    rows: table.rows.map(({ line, cells }) => ({ line, get: (c: C) => cells[at.get(c)!] ?? '' })),
    problems: [],
  };
}

function intCell(
  raw: string,
  line: number,
  col: string,
  file: string,
  bad: { n: number; problems: string[] },
  allowNegative = false,
): number | undefined {
  const v = raw === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(v) || (!allowNegative && v < 0)) {
    bad.n++;
    if (bad.n <= MAX_CELL_PROBLEMS)
      bad.problems.push(
        `${file} line ${line}, column ${col}: expected a${allowNegative ? 'n' : ' non-negative'} integer, got ${JSON.stringify(raw)}`,
      );
    return undefined;
  }
  return v;
}

function finish(bad: { n: number; problems: string[] }, file: string): string[] {
  if (bad.n > MAX_CELL_PROBLEMS)
    bad.problems.push(`${file}: ${bad.n - MAX_CELL_PROBLEMS} more bad cells not listed (${bad.n} in all)`);
  return bad.problems;
}

/** The GPU node list (`sn, cpu_milli, memory_mib, gpu, model`). */
export function readStudyNodes(text: string, file: string): { nodes: StudyNode[]; problems: string[] } {
  const t = readTable(text, file, NODE_COLUMNS);
  if (t.problems.length > 0) return { nodes: [], problems: t.problems };
  const bad = { n: 0, problems: [] as string[] };
  const nodes: StudyNode[] = [];
  const seen = new Set<string>();
  for (const { line, get } of t.rows) {
    const name = get('sn');
    const cpu = intCell(get('cpu_milli'), line, 'cpu_milli', file, bad);
    const mem = intCell(get('memory_mib'), line, 'memory_mib', file, bad);
    const gpus = intCell(get('gpu'), line, 'gpu', file, bad);
    if (name === '' || seen.has(name)) {
      bad.n++;
      if (bad.n <= MAX_CELL_PROBLEMS)
        bad.problems.push(
          `${file} line ${line}, column sn: ${name === '' ? 'empty node name' : `duplicate node ${name}`}`,
        );
      continue;
    }
    seen.add(name);
    if (cpu === undefined || mem === undefined || gpus === undefined) continue;
    const model = get('model');
    nodes.push({ name, cpu, memMiB: mem, gpus, model: model === 'nan' ? '' : model });
  }
  return { nodes, problems: finish(bad, file) };
}

/** The pod list (`name, cpu_milli, memory_mib, num_gpu, gpu_milli, gpu_spec`, other columns ignored). */
export function readStudyPods(text: string, file: string): { pods: StudyPod[]; problems: string[] } {
  const t = readTable(text, file, POD_COLUMNS);
  if (t.problems.length > 0) return { pods: [], problems: t.problems };
  const bad = { n: 0, problems: [] as string[] };
  const pods: StudyPod[] = [];
  const seen = new Set<string>();
  for (const { line, get } of t.rows) {
    const name = get('name');
    const cpu = intCell(get('cpu_milli'), line, 'cpu_milli', file, bad);
    const mem = intCell(get('memory_mib'), line, 'memory_mib', file, bad);
    const k = intCell(get('num_gpu'), line, 'num_gpu', file, bad);
    const milli = intCell(get('gpu_milli'), line, 'gpu_milli', file, bad, true);
    if (name === '' || seen.has(name)) {
      bad.n++;
      if (bad.n <= MAX_CELL_PROBLEMS)
        bad.problems.push(
          `${file} line ${line}, column name: ${name === '' ? 'empty pod name' : `duplicate pod ${name}`}`,
        );
      continue;
    }
    seen.add(name);
    if (cpu === undefined || mem === undefined || k === undefined || milli === undefined) continue;
    const spec = get('gpu_spec');
    pods.push({
      name,
      // the scheduler reads a CPU request of 0 as 100m (GetNonzeroRequests)
      cpu: cpu > 0 ? cpu : 100,
      memMiB: mem,
      numGpu: k,
      gpuMilli: k > 0 ? Math.min(MILLI, Math.max(0, milli)) : 0,
      gpuSpec: spec === 'nan' ? '' : spec,
    });
  }
  return { pods, problems: finish(bad, file) };
}
