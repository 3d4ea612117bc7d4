// Reads TraceReplay and NodeList documents: their fields, the `jobs:` block, and the trace file itself (relative to
// the folder of the YAML file). Problems of the file (missing, not CSV, a missing column, bad cells) are reported
// at `spec.file` (or `spec.columns.<field>` for a csv column mapping).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Toleration } from '../api/core.js';
import { parseQuantity, QuantityError } from '../api/quantity.js';
import { DEFAULT_JOBS, type JobsBlock } from '../workload/jobset-builder.js';
import { buildNodePools, type NodeListSpec } from '../workload/node-list.js';
import { CSV_FIELDS, type CsvField, TRACE_FORMATS } from '../workload/trace-formats.js';
import {
  GPU_SHARING_MODES,
  type GpuSharing,
  type ReplayOutcome,
  replayTrace,
  type TraceReplaySpec,
} from '../workload/trace-replay.js';
import { type Checker, got, idx, key, type Obj } from './checker.js';
import type { Entry } from './entry.js';
import type { NodePoolDoc } from './model.js';
import { readTaints } from './read-nodepool.js';
import { SET_FILE } from './set.js';

const TRACE_FIELDS = ['file', 'format', 'columns', 'limit', 'jobs', 'gpuSharing'] as const;
const JOBS_FIELDS = ['namespace', 'queueName', 'gpuResource', 'gpusPerPod', 'podRequests', 'tolerations'] as const;
const TOLERATION_FIELDS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] as const;

/** The trace path as the loader opens it: relative to the folder of the YAML file that names it. */
export function resolveTracePath(yamlFile: string, file: string): string {
  if (isAbsolute(file) || yamlFile === SET_FILE) return file;
  return join(dirname(yamlFile), file);
}

/** Reads a trace file; a problem at `spec.file` when it cannot be read. */
export function readTraceText(c: Checker, yamlFile: string, file: string): string | undefined {
  const path = resolveTracePath(yamlFile, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? e);
    const shown = path === file ? '' : ` (resolved to ${path})`;
    c.err('spec.file', `cannot read ${JSON.stringify(file)}${shown}: ${why}`);
    return undefined;
  }
}

/** The `jobs:` block (TraceReplay) and the same fields of a WorkloadGenerator. */
export function readJobsFields(c: Checker, m: Obj, path: string, base: JobsBlock = DEFAULT_JOBS): JobsBlock {
  const out: JobsBlock = { ...base, podRequests: { ...base.podRequests }, tolerations: [...base.tolerations] };
  const ns = c.string(m.namespace, `${path}.namespace`);
  if (ns !== undefined) out.namespace = ns;
  const q = c.string(m.queueName, `${path}.queueName`);
  if (q !== undefined) out.queueName = q;
  const r = c.string(m.gpuResource, `${path}.gpuResource`);
  if (r !== undefined) out.gpuResource = r;
  const g = c.int(m.gpusPerPod, `${path}.gpusPerPod`, { min: 1 });
  if (g !== undefined) out.gpusPerPod = g;
  const reqs = c.map(m.podRequests, `${path}.podRequests`);
  if (reqs) {
    for (const [name, v] of Object.entries(reqs)) {
      const p = key(`${path}.podRequests`, name);
      if (typeof v !== 'string' && typeof v !== 'number') {
        c.err(p, `expected a quantity such as "1", 500m or 4Gi, got ${got(v)}`);
        continue;
      }
      try {
        parseQuantity(v);
        out.podRequests[name] = String(v);
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        c.err(p, `expected a quantity such as "1", 500m or 4Gi, got ${got(v)}`);
      }
    }
  }
  const tols = c.list(m.tolerations, `${path}.tolerations`);
  tols?.forEach((t, i) => {
    const p = idx(`${path}.tolerations`, i);
    const tm = c.map(t, p, true);
    if (!tm) return;
    c.unknownFields(tm, p, TOLERATION_FIELDS);
    const tol: Toleration = {};
    const k = c.string(tm.key, `${p}.key`);
    if (k !== undefined) tol.key = k;
    const op = c.oneOf(tm.operator, `${p}.operator`, ['Exists', 'Equal'] as const);
    if (op !== undefined) tol.operator = op;
    const v = c.string(tm.value, `${p}.value`);
    if (v !== undefined) tol.value = v;
    const eff = c.oneOf(tm.effect, `${p}.effect`, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    if (eff !== undefined) tol.effect = eff;
    const s = c.int(tm.tolerationSeconds, `${p}.tolerationSeconds`);
    if (s !== undefined) tol.tolerationSeconds = s;
    out.tolerations.push(tol);
  });
  return out;
}

export interface ReadReplay extends ReplayOutcome {
  spec: TraceReplaySpec;
}

export function readTraceReplay(e: Entry): ReadReplay | undefined {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return undefined;
  c.unknownFields(spec, 'spec', TRACE_FIELDS);
  const file = c.string(spec.file, 'spec.file', true);
  const format = c.oneOf(spec.format, 'spec.format', TRACE_FORMATS, true);
  const limit = c.int(spec.limit, 'spec.limit', { min: 0 }) ?? 0;
  const columns: Partial<Record<CsvField, string>> = {};
  const cols = c.map(spec.columns, 'spec.columns');
  if (format === 'csv' && spec.columns === undefined) {
    c.err(
      'spec.columns',
      `required with format csv; expected a mapping of ${Object.keys(CSV_FIELDS).join(', ')} to column names`,
    );
  } else if (cols && format !== undefined && format !== 'csv') {
    c.err('spec.columns', `only allowed with format csv (format ${format} has fixed columns)`);
  } else if (cols) {
    c.unknownFields(cols, 'spec.columns', Object.keys(CSV_FIELDS));
    for (const f of Object.keys(CSV_FIELDS) as CsvField[]) {
      const col = c.string(cols[f], `spec.columns.${f}`, CSV_FIELDS[f]);
      if (col !== undefined) columns[f] = col;
    }
    if (cols.duration === undefined && cols.endTime === undefined) {
      c.err('spec.columns', 'one of duration or endTime is required');
    } else if (cols.duration !== undefined && cols.endTime !== undefined) {
      c.err('spec.columns', 'only one of duration or endTime may be set');
    }
  }
  const jobsMap = c.map(spec.jobs, 'spec.jobs') ?? {};
  c.unknownFields(jobsMap, 'spec.jobs', JOBS_FIELDS);
  const jobs = readJobsFields(c, jobsMap, 'spec.jobs');
  const gpuSharing = readGpuSharing(c, spec.gpuSharing, format);
  if (c.errors !== before || file === undefined || format === undefined || e.name === undefined) return undefined;
  const text = readTraceText(c, e.source.file, file);
  if (text === undefined) return undefined;
  const rs: TraceReplaySpec = { name: e.name, file, format, columns, limit, jobs, gpuSharing };
  const out = replayTrace(rs, text);
  for (const p of out.problems) c.err(p.field ? `spec.columns.${p.field}` : 'spec.file', p.message);
  return { ...out, spec: rs };
}

/** `spec.gpuSharing` (openb only): `share` (default) or `roundUp`. */
function readGpuSharing(c: Checker, v: unknown, format: string | undefined): GpuSharing {
  const mode = c.oneOf(v, 'spec.gpuSharing', GPU_SHARING_MODES);
  if (mode !== undefined && format !== undefined && format !== 'openb') {
    c.err('spec.gpuSharing', `only allowed with format openb (format ${format} has whole GPUs only)`);
  }
  return mode ?? 'share';
}

const NODE_LIST_FIELDS = ['file', 'format', 'limit', 'gpuResource', 'labels', 'taints', 'gpuSharing'] as const;

/** NodeList: an openb node CSV as NodePools, one per distinct node shape. */
export function readNodeList(e: Entry): NodePoolDoc[] {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return [];
  c.unknownFields(spec, 'spec', NODE_LIST_FIELDS);
  const file = c.string(spec.file, 'spec.file', true);
  const format = c.oneOf(spec.format, 'spec.format', ['openb'] as const, true);
  const gpuSharing = readGpuSharing(c, spec.gpuSharing, format);
  const limit = c.int(spec.limit, 'spec.limit', { min: 0 }) ?? 0;
  const gpuResource = c.string(spec.gpuResource, 'spec.gpuResource') ?? 'nvidia.com/gpu';
  const labels = c.stringMap(spec.labels, 'spec.labels') ?? {};
  const taints = readTaints(c, spec.taints, 'spec.taints') ?? [];
  if (c.errors !== before || file === undefined || e.name === undefined) return [];
  const text = readTraceText(c, e.source.file, file);
  if (text === undefined) return [];
  const nl: NodeListSpec = { name: e.name, file, limit, gpuResource, labels, taints, gpuSharing };
  const out = buildNodePools(nl, text);
  for (const p of out.problems) c.err('spec.file', p);
  return c.errors === before ? out.pools.map((p) => ({ name: p.name, spec: p.spec, source: e.source })) : [];
}
