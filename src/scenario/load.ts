// Loads YAML files into a validated, defaulted Scenario (CONTRACT.md §2, §3). Every problem of every file is
// collected and thrown at once as a ScenarioError; nothing here throws a raw TypeError on user input.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { Job } from '../api/batch.js';
import type { Taint, TaintEffect } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import { LATENCY_NAMES } from '../engine/latencies.js';
import { DurationError, parseDuration } from './duration.js';
import type {
  GpuPoolShape,
  NodePoolDoc,
  NodePoolSpec,
  Scenario,
  ScenarioWarning,
  ScriptAction,
  SimulationSettings,
  SourceRef,
  TimedAction,
  TpuPoolShape,
  WorkloadEntry,
} from './model.js';
import { notYetSimulatedWarning, type Problem, ScenarioError, unmodelledKindWarning } from './problems.js';
import { applySet, type RawDoc, SET_FILE, SetError, SIM_API_VERSION } from './set.js';

export { SIM_API_VERSION };

// ---------------------------------------------------------------------------------------------------------------
// Public API

/** A problem a validator found, with the field path relative to the object (`spec.replicatedJobs[0].name`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ValidationContext {
  source: SourceRef;
  /** The scenario's Simulation settings (feature gates, defaults). */
  simulation: SimulationSettings;
}

export interface LoadOptions {
  /** `--set PATH=VALUE` expressions, applied in order to the raw documents before validation. */
  sets?: string[];
  /** `--seed`: overrides Simulation.spec.seed. */
  seed?: number;
  /** `--until`: overrides Simulation.spec.until. */
  until?: string;
  /** The scheduler policies that exist; when given, `spec.scheduler.policy` must be one of them. */
  policies?: string[];
  /** Extra NodePool checks (catalog shapes); paths relative to the document (`spec.tpu.topology`). */
  validateNodePool?: (spec: NodePoolSpec, ctx: { name: string; source: SourceRef }) => ValidationIssue[];
  /** The JobSet webhook (defaulting may happen in place); called only on structurally valid JobSets. */
  validateJobSet?: (js: JobSet, ctx: ValidationContext) => ValidationIssue[];
  /** The Job validation; called only on structurally valid Jobs. */
  validateJob?: (job: Job, ctx: ValidationContext) => ValidationIssue[];
}

export interface LoadResult {
  scenario: Scenario;
}

export interface ScenarioInput {
  file: string;
  text: string;
}

export const ANNOTATION_SUBMIT_AT = 'jobset-sim.dev/submit-at';
export const ANNOTATION_DURATION = 'jobset-sim.dev/duration';
/** The longest run: `until` may not exceed it. */
export const MAX_HORIZON_US = 365 * 86_400 * 1_000_000;
export const DEFAULT_POD_DURATION_US = 3_600 * 1_000_000;

/** Reads and loads scenario files. Throws ScenarioError listing every problem of every file. */
export async function loadScenario(files: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const inputs = await Promise.all(
    files.map(async (file): Promise<Input> => {
      try {
        return { file, text: await readFile(file, 'utf8') };
      } catch (e) {
        return { file, readError: readReason(e) };
      }
    }),
  );
  return load(inputs, opts);
}

/** Loads scenario texts (tests, the library). Throws ScenarioError listing every problem of every input. */
export function loadScenarioFromTexts(inputs: ScenarioInput[], opts: LoadOptions = {}): LoadResult {
  return load(inputs, opts);
}

// ---------------------------------------------------------------------------------------------------------------
// Kinds

type Handler = 'simulation' | 'nodePool' | 'script' | 'jobSet' | 'job' | 'priorityClass' | 'namespace' | 'pending';

interface KindDef {
  apiVersions: readonly string[];
  namespaced: boolean;
  handler: Handler;
  /** metadata.name may be absent (Simulation, Kueue's Configuration). */
  nameOptional?: boolean;
}

const KUEUE = ['kueue.x-k8s.io/v1beta1', 'kueue.x-k8s.io/v1beta2'];
const KUEUE_CONFIG = ['config.kueue.x-k8s.io/v1beta1', 'config.kueue.x-k8s.io/v1beta2'];

const KINDS = new Map<string, KindDef>([
  ['JobSet', { apiVersions: ['jobset.x-k8s.io/v1alpha2'], namespaced: true, handler: 'jobSet' }],
  ['Job', { apiVersions: ['batch/v1'], namespaced: true, handler: 'job' }],
  ['PriorityClass', { apiVersions: ['scheduling.k8s.io/v1'], namespaced: false, handler: 'priorityClass' }],
  ['Namespace', { apiVersions: ['v1'], namespaced: false, handler: 'namespace' }],
  ['Simulation', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'simulation', nameOptional: true }],
  ['NodePool', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'nodePool' }],
  ['Script', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'script' }],
  ['TraceReplay', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'pending' }],
  ['ResourceFlavor', { apiVersions: KUEUE, namespaced: false, handler: 'pending' }],
  ['ClusterQueue', { apiVersions: KUEUE, namespaced: false, handler: 'pending' }],
  ['LocalQueue', { apiVersions: KUEUE, namespaced: true, handler: 'pending' }],
  ['Cohort', { apiVersions: KUEUE, namespaced: false, handler: 'pending' }],
  ['WorkloadPriorityClass', { apiVersions: KUEUE, namespaced: false, handler: 'pending' }],
  ['Topology', { apiVersions: KUEUE, namespaced: false, handler: 'pending' }],
  ['Configuration', { apiVersions: KUEUE_CONFIG, namespaced: false, handler: 'pending', nameOptional: true }],
]);

/** API groups whose every kind the simulator knows: another kind there is a typo, hence an error. */
const CLOSED_GROUPS = new Set(['jobset-sim.dev', 'jobset.x-k8s.io']);

/** Cluster-scoped kinds among those the simulator does not model (the others are shown as namespace/name). */
const CLUSTER_SCOPED = new Set([
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'RuntimeClass',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PodSecurityPolicy',
  'AdmissionCheck',
  'MultiKueueCluster',
  'MultiKueueConfig',
  'ProvisioningRequestConfig',
  'DeviceClass',
]);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

type Obj = Record<string, unknown>;

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a wrong value is shown after `got`. */
function got(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function key(base: string, k: string): string {
  if (PLAIN_KEY.test(k)) return base === '' ? k : `${base}.${k}`;
  return `${base}[${JSON.stringify(k)}]`;
}

function idx(base: string, i: number): string {
  return `${base}[${i}]`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The closest candidate within a small edit distance (case differences are free), if any; ties go to the longest
 * common prefix (`failNod` -> `failNode`, not `failPod`), and a remaining tie suggests nothing.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  let bestP = -1;
  let tie = false;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = lc === w ? 0 : editDistance(w, lc);
    const p = commonPrefix(w, lc);
    if (d < bestD || (d === bestD && p > bestP)) {
      bestD = d;
      bestP = p;
      best = c;
      tie = false;
    } else if (d === bestD && p === bestP) {
      tie = true;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestD <= limit && !tie ? best : undefined;
}

function orList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function andList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
}

function readReason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checker: reports problems of one document and reads typed values

class Checker {
  errors = 0;

  constructor(
    private readonly out: Problem[],
    private readonly base: Omit<Problem, 'message' | 'path'>,
  ) {}

  err(path: string | undefined, message: string): void {
    this.errors++;
    this.out.push(path ? { ...this.base, path, message } : { ...this.base, message });
  }

  /** A required value is absent (`required; expected X`) or null (`expected X, got null`). */
  missing(v: unknown, path: string, what: string): void {
    this.err(path, v === null ? `expected ${what}, got null` : `required; expected ${what}`);
  }

  unknownFields(obj: Obj, path: string, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const s = suggest(k, known);
      this.err(
        key(path, k),
        s ? `unknown field; did you mean "${s}"?` : `unknown field (expected one of: ${known.join(', ')})`,
      );
    }
  }

  /** A mapping, or undefined when absent/null (an error when `required`). */
  map(v: unknown, path: string, required = false): Obj | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, 'a mapping');
      return undefined;
    }
    if (!isMap(v)) {
      this.err(path, `expected a mapping, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  list(v: unknown, path: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): unknown[] | undefined {
    const what = opts.nonEmpty ? 'a non-empty list' : 'a list';
    if (v === undefined || v === null) {
      if (opts.required) this.missing(v, path, what);
      return undefined;
    }
    if (!Array.isArray(v) || (opts.nonEmpty && v.length === 0)) {
      this.err(path, `expected ${what}, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  string(v: unknown, path: string, required = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, 'a string');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.err(path, `expected a string, got ${got(v)}${quoteHint(v)}`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[], required = false): T | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, orList(values));
      return undefined;
    }
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    const s = typeof v === 'string' ? suggest(v, values) : undefined;
    this.err(path, `expected ${orList(values)}, got ${got(v)}${s ? `; did you mean "${s}"?` : ''}`);
    return undefined;
  }

  bool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.err(path, `expected true or false, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  int(v: unknown, path: string, opts: { min?: number; max?: number; required?: boolean } = {}): number | undefined {
    const { min, max } = opts;
    const what =
      min !== undefined && max !== undefined
        ? `an integer from ${min} to ${max}`
        : min === 1
          ? 'a positive integer'
          : min === 0
            ? 'a non-negative integer'
            : min !== undefined
              ? `an integer of at least ${min}`
              : 'an integer';
    if (v === undefined || v === null) {
      if (opts.required) this.missing(v, path, what);
      return undefined;
    }
    if (
      typeof v !== 'number' ||
      !Number.isSafeInteger(v) ||
      (min !== undefined && v < min) ||
      (max !== undefined && v > max)
    ) {
      this.err(path, `expected ${what}, got ${got(v)}`);
      return undefined;
    }
    return v;
  }

  /** A map of strings (labels, annotations, node selectors). */
  stringMap(v: unknown, path: string): Record<string, string> | undefined {
    const m = this.map(v, path);
    if (!m) return undefined;
    let ok = true;
    for (const [k, val] of Object.entries(m)) {
      if (typeof val !== 'string') {
        this.err(key(path, k), `expected a string, got ${got(val)}${quoteHint(val)}`);
        ok = false;
      }
    }
    return ok ? (m as Record<string, string>) : undefined;
  }

  /** A duration in µs; `sign` says which values are allowed. */
  duration(
    v: unknown,
    path: string,
    sign: 'positive' | 'nonNegative',
    required = false,
    example = '10m',
  ): number | undefined {
    if (v === undefined || v === null) {
      if (required) this.missing(v, path, `a duration such as ${example}`);
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.err(path, `expected a duration such as ${example}, got ${got(v)}`);
      return undefined;
    }
    let us: number;
    try {
      us = parseDuration(v);
    } catch (e) {
      if (e instanceof DurationError) {
        this.err(path, e.message);
        return undefined;
      }
      throw e;
    }
    if (sign === 'positive' && us <= 0) {
      this.err(path, `expected a positive duration, got ${got(v)}`);
      return undefined;
    }
    if (sign === 'nonNegative' && us < 0) {
      this.err(path, `expected a duration of 0s or more, got ${got(v)}`);
      return undefined;
    }
    return us;
  }
}

function quoteHint(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${String(v)}")` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// The loader

interface Input {
  file: string;
  text?: string;
  readError?: string;
}

interface Entry {
  raw: RawDoc;
  kind: string;
  apiVersion: string;
  def: KindDef;
  namespace?: string;
  name?: string;
  source: SourceRef;
  c: Checker;
}

const SIMULATION_FIELDS = [
  'seed',
  'until',
  'scheduler',
  'featureGates',
  'defaults',
  'latencyProfile',
  'latencies',
] as const;
const NODEPOOL_FIELDS = ['replicas', 'tpu', 'gpu', 'nodes', 'resources', 'labels', 'taints', 'topology'] as const;
const TPU_TYPES = ['v4', 'v5e', 'v5p', 'v6e', 'tpu7x'] as const;
const GPU_TYPES = ['h100-80gb', 'h100-mega-80gb', 'h200-141gb', 'b200', 'gb200'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const POD_ACTIONS = ['failPod'] as const;
const NODE_ACTIONS = ['failNode', 'recoverNode', 'cordon', 'uncordon', 'deleteNode'] as const;
const JOBSET_ACTIONS = ['suspend', 'resume', 'delete'] as const;
const ACTIONS: readonly string[] = [...POD_ACTIONS, ...NODE_ACTIONS, ...JOBSET_ACTIONS];
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const TPU_TOPOLOGY = /^\d+x\d+(x\d+)?$/;

function load(inputs: Input[], opts: LoadOptions): LoadResult {
  const rankOf = new Map<string, number>();
  inputs.forEach((inp, i) => {
    if (!rankOf.has(inp.file)) rankOf.set(inp.file, i);
  });
  const flagRank = inputs.length;
  const problems: Problem[] = [];
  const warnings: ScenarioWarning[] = [];

  // 1. Parse every file into raw documents.
  const raws: RawDoc[] = [];
  for (const inp of inputs) {
    if (inp.readError !== undefined) {
      problems.push({ file: inp.file, message: `cannot read file: ${inp.readError}` });
      continue;
    }
    parseFile(inp.file, inp.text ?? '', raws, problems);
  }

  // 2. --set overrides on the raw documents.
  for (const expr of opts.sets ?? []) {
    try {
      applySet(raws, expr);
    } catch (e) {
      if (!(e instanceof SetError)) throw e;
      problems.push({ file: `--set ${e.expr}`, message: e.detail });
    }
  }

  // 3. Identify each document.
  const entries: Entry[] = [];
  for (const raw of raws) {
    const e = identify(raw, problems, warnings);
    if (e) entries.push(e);
  }

  // 4. Validate, the Simulation first (its settings are the validators' context).
  const sims = entries.filter((e) => e.def.handler === 'simulation');
  const firstFile = inputs[0]?.file;
  const fallbackName = firstFile !== undefined ? baseName(firstFile) : 'scenario';
  const simulation = readSimulation(sims[0], opts, fallbackName, problems);
  for (const extra of sims.slice(1)) {
    const first = sims[0]!.source;
    extra.c.err(undefined, `only one Simulation is allowed per scenario; the first is ${where(first)}`);
  }

  const scenario: Scenario = {
    files: inputs.map((i) => i.file),
    simulation,
    nodePools: [],
    jobSets: [],
    jobs: [],
    actions: [],
    priorityClasses: [],
    namespaces: [],
    warnings,
    pending: [],
  };
  const seen = new Map<string, Entry>();
  const duplicate = (e: Entry): boolean => {
    if (e.name === undefined) return false;
    const id = `${e.kind}/${e.namespace ?? ''}/${e.name}`;
    const first = seen.get(id);
    if (first) {
      e.c.err(
        'metadata.name',
        `duplicate: ${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} is already defined in ${where(first.source)}`,
      );
      return true;
    }
    seen.set(id, e);
    return false;
  };
  const pendingByKind = new Map<string, string[]>();
  const actions: TimedAction[] = [];
  let globalDefault: Entry | undefined;

  for (const e of entries) {
    switch (e.def.handler) {
      case 'simulation':
        break;
      case 'nodePool': {
        const dup = duplicate(e);
        const spec = readNodePool(e);
        if (spec && e.name !== undefined) {
          const before = e.c.errors;
          for (const issue of opts.validateNodePool?.(spec, { name: e.name, source: e.source }) ?? []) {
            e.c.err(nodePoolIssuePath(issue.path), issue.message);
          }
          if (e.c.errors === before && !dup) scenario.nodePools.push({ name: e.name, spec, source: e.source });
        }
        break;
      }
      case 'script':
        duplicate(e);
        for (const a of readScript(e)) actions.push(a);
        break;
      case 'jobSet': {
        duplicate(e);
        const entry = readJobSet(e);
        if (entry) {
          const issues = opts.validateJobSet?.(entry.object, { source: e.source, simulation }) ?? [];
          for (const issue of issues) e.c.err(issue.path || undefined, issue.message);
          if (issues.length === 0) scenario.jobSets.push(entry);
        }
        break;
      }
      case 'job': {
        duplicate(e);
        const entry = readJob(e);
        if (entry) {
          const issues = opts.validateJob?.(entry.object, { source: e.source, simulation }) ?? [];
          for (const issue of issues) e.c.err(issue.path || undefined, issue.message);
          if (issues.length === 0) scenario.jobs.push(entry);
        }
        break;
      }
      case 'priorityClass': {
        duplicate(e);
        const pc = readPriorityClass(e);
        if (pc) {
          if (pc.globalDefault) {
            if (globalDefault) {
              e.c.err(
                'globalDefault',
                `only one PriorityClass may be the global default; ${globalDefault.name} (${where(globalDefault.source)}) already is`,
              );
            } else {
              globalDefault = e;
            }
          }
          scenario.priorityClasses.push(pc);
        }
        break;
      }
      case 'namespace': {
        if (duplicate(e)) break;
        if (e.name !== undefined) {
          if (!isDns1123Label(e.name)) e.c.err('metadata.name', dns1123Message(e.name, 'Namespace'));
          else scenario.namespaces.push(e.name);
        }
        break;
      }
      case 'pending': {
        duplicate(e);
        scenario.pending.push({ kind: e.kind, object: e.raw.object, source: e.source });
        const refs = pendingByKind.get(e.kind) ?? [];
        refs.push(e.name === undefined ? '' : e.namespace ? `${e.namespace}/${e.name}` : e.name);
        pendingByKind.set(e.kind, refs);
        break;
      }
    }
  }
  checkPoolNames(entries, scenario.nodePools);
  for (const [kind, refs] of pendingByKind) warnings.push(notYetSimulatedWarning(kind, refs));

  actions.sort((a, b) => a.at - b.at); // stable: file order, then action order, among equal times
  scenario.actions = actions;

  if (problems.length > 0) {
    // In file order, then document order; problems of the same document in the order found.
    const rank = (p: Problem) => rankOf.get(p.file) ?? flagRank;
    const order = problems.map((p, i) => ({ p, i }));
    order.sort((a, b) => rank(a.p) - rank(b.p) || (a.p.document ?? 0) - (b.p.document ?? 0) || a.i - b.i);
    throw new ScenarioError(
      order.map(({ p }) => p),
      warnings,
    );
  }
  return { scenario };
}

function where(s: SourceRef): string {
  return s.file === SET_FILE ? 'created by --set' : `${s.file}, document ${s.document}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

function stripPosition(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

function parseFile(file: string, text: string, raws: RawDoc[], problems: Problem[]): void {
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: true });
  docs.forEach((doc, i) => {
    const document = i + 1;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        problems.push({
          file,
          document,
          ...(pos ? { line: pos.line, column: pos.col } : {}),
          message: stripPosition(err.message),
        });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      problems.push({ file, document, message: stripPosition(e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (value === null || value === undefined) return; // an empty document
    if (!isMap(value)) {
      problems.push({ file, document, message: `${NOT_AN_OBJECT}, got ${got(value)}` });
      return;
    }
    raws.push({ file, document, object: value });
  });
}

const NOT_AN_OBJECT = 'not a Kubernetes object: expected a mapping with apiVersion, kind and metadata';

function identify(raw: RawDoc, problems: Problem[], warnings: ScenarioWarning[]): Entry | undefined {
  const o = raw.object;
  const base = { file: raw.file, ...(raw.document !== undefined ? { document: raw.document } : {}) };
  const kind = typeof o.kind === 'string' && o.kind !== '' ? o.kind : undefined;
  const apiVersion = typeof o.apiVersion === 'string' && o.apiVersion !== '' ? o.apiVersion : undefined;
  const meta = isMap(o.metadata) ? o.metadata : undefined;
  const name = typeof meta?.name === 'string' && meta.name !== '' ? meta.name : undefined;
  const def = kind !== undefined ? KINDS.get(kind) : undefined;
  const namespaced = def
    ? def.namespaced
    : kind !== undefined && !CLUSTER_SCOPED.has(kind) && groupOf(String(o.apiVersion)) !== 'jobset-sim.dev';
  let namespace: string | undefined;
  if (namespaced) namespace = typeof meta?.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  const label = {
    ...base,
    ...(kind ? { kind } : {}),
    ...(name !== undefined ? { name, ...(namespace ? { namespace } : {}) } : {}),
  };

  const missing = [apiVersion === undefined ? 'apiVersion' : '', kind === undefined ? 'kind' : ''].filter(Boolean);
  if (missing.length > 0) {
    problems.push({
      ...label,
      message: `${NOT_AN_OBJECT}; ${andList(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`,
    });
    return undefined;
  }
  const k = kind!;
  const av = apiVersion!;
  if (!def) {
    const group = groupOf(av);
    const known = [...KINDS.keys()];
    const near = suggest(k, known);
    if (CLOSED_GROUPS.has(group) || (near !== undefined && near.toLowerCase() === k.toLowerCase())) {
      const inGroup = [...KINDS.entries()].filter(([, d]) => d.apiVersions.includes(av)).map(([n]) => n);
      problems.push({
        ...label,
        path: 'kind',
        message:
          `unknown kind "${k}"` +
          (near ? `; did you mean "${near}"?` : inGroup.length > 0 ? ` (kinds of ${av}: ${inGroup.join(', ')})` : ''),
      });
      return undefined;
    }
    const generateName = typeof meta?.generateName === 'string' ? meta.generateName : undefined;
    if (name === undefined && generateName === undefined) {
      problems.push({ ...label, message: `${NOT_AN_OBJECT}; metadata.name is missing` });
      return undefined;
    }
    warnings.push(unmodelledKindWarning(k, namespace, name ?? `${generateName}*`));
    return undefined;
  }
  if (!def.apiVersions.includes(av)) {
    problems.push({
      ...label,
      path: 'apiVersion',
      message: `expected ${orList(def.apiVersions)} for kind ${k}, got ${got(av)}`,
    });
    return undefined;
  }
  const source: SourceRef = {
    file: raw.file,
    document: raw.document ?? 0,
    kind: k,
    ...(namespace !== undefined ? { namespace } : {}),
    name: name ?? '',
  };
  const c = new Checker(problems, label);
  const entry: Entry = {
    raw,
    kind: k,
    apiVersion: av,
    def,
    source,
    c,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };

  // Metadata common to every modelled kind.
  if (def.apiVersions.includes(SIM_API_VERSION)) {
    checkOwnMeta(entry);
  } else {
    const m = c.map(o.metadata, 'metadata', !def.nameOptional);
    if (m) {
      if (m.name !== undefined) c.string(m.name, 'metadata.name');
      if (m.namespace !== undefined) c.string(m.namespace, 'metadata.namespace');
      if (m.generateName !== undefined) c.string(m.generateName, 'metadata.generateName');
      c.stringMap(m.labels, 'metadata.labels');
      c.stringMap(m.annotations, 'metadata.annotations');
      const hasGenerate = typeof m.generateName === 'string' && m.generateName !== '';
      const generateAllowed = def.handler === 'jobSet' || def.handler === 'job';
      if (name === undefined && !def.nameOptional && !(generateAllowed && hasGenerate) && m.name === undefined) {
        c.err(
          'metadata.name',
          generateAllowed
            ? 'required; expected a string (or set metadata.generateName)'
            : 'required; expected a string',
        );
      } else if (m.name === '' && !(generateAllowed && hasGenerate)) {
        c.err('metadata.name', 'must not be empty');
      }
      if (namespace !== undefined) m.namespace = namespace;
    }
  }
  return entry;
}

/** metadata of the simulator's own kinds: name, labels, annotations. */
function checkOwnMeta(e: Entry): void {
  const { c, def } = e;
  const m = c.map(e.raw.object.metadata, 'metadata', !def.nameOptional);
  c.unknownFields(e.raw.object, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (!m) return;
  for (const k of Object.keys(m)) {
    if (k === 'namespace') c.err('metadata.namespace', `${e.kind} is cluster-scoped and takes no namespace`);
    else if (!['name', 'labels', 'annotations'].includes(k)) {
      const s = suggest(k, ['name', 'labels', 'annotations']);
      c.err(
        key('metadata', k),
        s ? `unknown field; did you mean "${s}"?` : 'unknown field (expected one of: name, labels, annotations)',
      );
    }
  }
  if (m.name === undefined || m.name === null) {
    if (!def.nameOptional) c.err('metadata.name', 'required; expected a string');
  } else if (c.string(m.name, 'metadata.name') !== undefined) {
    if (m.name === '') c.err('metadata.name', 'must not be empty');
    else if (e.kind === 'NodePool' && !isDns1123Label(m.name as string)) {
      c.err('metadata.name', dns1123Message(m.name as string, 'NodePool'));
    }
  }
  c.stringMap(m.labels, 'metadata.labels');
  c.stringMap(m.annotations, 'metadata.annotations');
}

function dns1123Message(name: string, kind: string): string {
  return (
    `${got(name)} is not a valid ${kind} name: expected a DNS-1123 label ` +
    '(lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Simulation

function readSimulation(
  e: Entry | undefined,
  opts: LoadOptions,
  fallbackName: string,
  problems: Problem[],
): SimulationSettings {
  const settings: SimulationSettings = {
    name: e?.name ?? fallbackName,
    seed: 1,
    scheduler: { policy: 'default', percentageOfNodesToScore: 0 },
    featureGates: {},
    defaults: { podDuration: DEFAULT_POD_DURATION_US },
    latencyProfile: 'realistic',
    latencies: {},
  };
  if (e) {
    const { c } = e;
    const spec = c.map(e.raw.object.spec, 'spec') ?? {};
    c.unknownFields(spec, 'spec', SIMULATION_FIELDS);
    settings.seed = c.int(spec.seed, 'spec.seed', { min: 0 }) ?? 1;
    const until = c.duration(spec.until, 'spec.until', 'positive', false, '72h');
    if (until !== undefined) {
      if (until > MAX_HORIZON_US) c.err('spec.until', `must be at most 365d, got ${got(spec.until)}`);
      else settings.until = until;
    }
    const sched = c.map(spec.scheduler, 'spec.scheduler');
    if (sched) {
      c.unknownFields(sched, 'spec.scheduler', ['policy', 'percentageOfNodesToScore']);
      const policy = c.string(sched.policy, 'spec.scheduler.policy');
      if (policy !== undefined) {
        if (opts.policies && !opts.policies.includes(policy)) {
          const s = suggest(policy, opts.policies);
          c.err(
            'spec.scheduler.policy',
            `unknown policy ${got(policy)}${s ? `; did you mean "${s}"?` : ''} (policies: ${opts.policies.join(', ')})`,
          );
        } else {
          settings.scheduler.policy = policy;
        }
      }
      settings.scheduler.percentageOfNodesToScore =
        c.int(sched.percentageOfNodesToScore, 'spec.scheduler.percentageOfNodesToScore', { min: 0, max: 100 }) ?? 0;
    }
    const gates = c.map(spec.featureGates, 'spec.featureGates');
    if (gates) {
      for (const [g, v] of Object.entries(gates)) {
        const b = c.bool(v, key('spec.featureGates', g));
        if (b !== undefined) settings.featureGates[g] = b;
        else if (v === null || v === undefined)
          c.err(key('spec.featureGates', g), `expected true or false, got ${got(v)}`);
      }
    }
    const defaults = c.map(spec.defaults, 'spec.defaults');
    if (defaults) {
      c.unknownFields(defaults, 'spec.defaults', ['podDuration']);
      settings.defaults.podDuration =
        c.duration(defaults.podDuration, 'spec.defaults.podDuration', 'positive', false, '1h') ??
        DEFAULT_POD_DURATION_US;
    }
    settings.latencyProfile = c.oneOf(spec.latencyProfile, 'spec.latencyProfile', ['realistic', 'zero']) ?? 'realistic';
    const lat = c.map(spec.latencies, 'spec.latencies');
    if (lat) {
      const names: readonly string[] = LATENCY_NAMES;
      for (const [n, v] of Object.entries(lat)) {
        const p = key('spec.latencies', n);
        if (!names.includes(n)) {
          const s = suggest(n, names);
          c.err(p, `unknown latency${s ? `; did you mean "${s}"?` : ''} (latencies: ${names.join(', ')})`);
          continue;
        }
        const us = c.duration(v, p, 'nonNegative', true, '10ms');
        if (us !== undefined) settings.latencies[n] = us;
      }
    }
  }
  // Command-line overrides win over the file.
  if (opts.seed !== undefined) {
    if (typeof opts.seed !== 'number' || !Number.isSafeInteger(opts.seed) || opts.seed < 0) {
      problems.push({ file: '--seed', message: `expected a non-negative integer, got ${got(opts.seed)}` });
    } else {
      settings.seed = opts.seed;
    }
  }
  if (opts.until !== undefined) {
    try {
      const us = parseDuration(opts.until);
      if (us <= 0) problems.push({ file: '--until', message: `expected a positive duration, got ${got(opts.until)}` });
      else if (us > MAX_HORIZON_US)
        problems.push({ file: '--until', message: `must be at most 365d, got ${got(opts.until)}` });
      else settings.until = us;
    } catch (err) {
      if (!(err instanceof DurationError)) throw err;
      problems.push({ file: '--until', message: err.message });
    }
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------------------------
// NodePool

function nodePoolIssuePath(path: string): string | undefined {
  if (path === '') return undefined;
  if (path === 'spec' || path === 'metadata' || /^(spec|metadata)[.[]/.test(path)) return path;
  return path.startsWith('[') ? `spec${path}` : `spec.${path}`;
}

function readNodePool(e: Entry): NodePoolSpec | undefined {
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
  const taints = c.list(spec.taints, 'spec.taints');
  if (taints) {
    const list: Taint[] = [];
    taints.forEach((t, i) => {
      const p = idx('spec.taints', i);
      const m = c.map(t, p, true);
      if (!m) return;
      c.unknownFields(m, p, ['key', 'value', 'effect', 'timeAdded']);
      const k = c.string(m.key, `${p}.key`, true);
      const value = c.string(m.value, `${p}.value`);
      const effect = c.oneOf<TaintEffect>(m.effect, `${p}.effect`, TAINT_EFFECTS, true);
      if (k !== undefined && effect !== undefined)
        list.push(value !== undefined ? { key: k, value, effect } : { key: k, effect });
    });
    out.taints = list;
  }
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

/** Pool names, after `replicas` expansion (`a` x2 -> a-0, a-1), are unique. */
function checkPoolNames(entries: Entry[], pools: NodePoolDoc[]): void {
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

// ---------------------------------------------------------------------------------------------------------------
// Script

function readScript(e: Entry): TimedAction[] {
  const { c } = e;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return [];
  c.unknownFields(spec, 'spec', ['actions']);
  const actions = c.list(spec.actions, 'spec.actions', { required: true });
  if (!actions) return [];
  const out: TimedAction[] = [];
  actions.forEach((a, i) => {
    const p = idx('spec.actions', i);
    const m = c.map(a, p, true);
    if (!m) return;
    const at = c.duration(m.at, `${p}.at`, 'nonNegative', true, '10m');
    const kinds = Object.keys(m).filter((k) => ACTIONS.includes(k));
    c.unknownFields(m, p, ['at', ...ACTIONS]);
    if (kinds.length === 0) {
      c.err(p, `expected one action: ${orList(ACTIONS)}`);
      return;
    }
    if (kinds.length > 1) {
      c.err(p, `expected one action per item, got ${andList(kinds)}`);
      return;
    }
    const kind = kinds[0]!;
    const action = readAction(c, kind, m[kind], `${p}.${kind}`);
    if (action && at !== undefined) out.push({ at, action, source: e.source });
  });
  return out;
}

function readAction(c: Checker, kind: string, v: unknown, p: string): ScriptAction | undefined {
  const before = c.errors;
  const m = c.map(v, p, true);
  if (!m) return undefined;
  if (kind === 'failPod') {
    c.unknownFields(m, p, [
      'namespace',
      'jobSet',
      'replicatedJob',
      'jobIndex',
      'podIndex',
      'exitCode',
      'condition',
      'reason',
    ]);
    const namespace = c.string(m.namespace, `${p}.namespace`) ?? 'default';
    const jobSet = c.string(m.jobSet, `${p}.jobSet`, true);
    const replicatedJob = c.string(m.replicatedJob, `${p}.replicatedJob`, true);
    const jobIndex = c.int(m.jobIndex, `${p}.jobIndex`, { min: 0 }) ?? 0;
    const podIndex = c.int(m.podIndex, `${p}.podIndex`, { min: 0 }) ?? 0;
    const exitCode = c.int(m.exitCode, `${p}.exitCode`, { min: 1, max: 255 });
    const condition = c.string(m.condition, `${p}.condition`);
    const reason = c.string(m.reason, `${p}.reason`);
    const hasExit = m.exitCode !== undefined && m.exitCode !== null;
    const hasCond = m.condition !== undefined && m.condition !== null;
    if (!hasExit && !hasCond) c.err(p, 'one of exitCode or condition is required');
    if (hasExit && hasCond) c.err(p, 'only one of exitCode or condition may be set');
    if (m.reason !== undefined && m.reason !== null && !hasCond) c.err(`${p}.reason`, 'only allowed with condition');
    if (c.errors !== before || jobSet === undefined || replicatedJob === undefined) return undefined;
    return {
      kind: 'failPod',
      target: { namespace, jobSet, replicatedJob, jobIndex, podIndex },
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(condition !== undefined ? { condition } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }
  if ((NODE_ACTIONS as readonly string[]).includes(kind)) {
    c.unknownFields(m, p, ['node', 'nodePool']);
    const node = c.string(m.node, `${p}.node`);
    const nodePool = c.string(m.nodePool, `${p}.nodePool`);
    const has = (x: unknown) => x !== undefined && x !== null;
    if (!has(m.node) && !has(m.nodePool)) c.err(p, 'one of node or nodePool is required');
    if (has(m.node) && has(m.nodePool)) c.err(p, 'only one of node or nodePool may be set');
    if (c.errors !== before) return undefined;
    return {
      kind: kind as (typeof NODE_ACTIONS)[number],
      ...(node !== undefined ? { node } : {}),
      ...(nodePool !== undefined ? { nodePool } : {}),
    };
  }
  c.unknownFields(m, p, ['namespace', 'jobSet']);
  const namespace = c.string(m.namespace, `${p}.namespace`) ?? 'default';
  const jobSet = c.string(m.jobSet, `${p}.jobSet`, true);
  if (c.errors !== before || jobSet === undefined) return undefined;
  return { kind: kind as (typeof JOBSET_ACTIONS)[number], namespace, jobSet };
}

// ---------------------------------------------------------------------------------------------------------------
// JobSet, Job

const JOB_SPEC_INTS = [
  'parallelism',
  'completions',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
] as const;

function checkTemplateMeta(c: Checker, v: unknown, path: string): Obj | undefined {
  const m = c.map(v, path);
  if (!m) return undefined;
  c.stringMap(m.labels, `${path}.labels`);
  c.stringMap(m.annotations, `${path}.annotations`);
  return m;
}

function checkPodTemplate(c: Checker, v: unknown, path: string): void {
  const t = c.map(v, path, true);
  if (!t) return;
  checkTemplateMeta(c, t.metadata, `${path}.metadata`);
  const spec = c.map(t.spec, `${path}.spec`, true);
  if (!spec) return;
  const containers = c.list(spec.containers, `${path}.spec.containers`, { required: true, nonEmpty: true });
  containers?.forEach((ct, i) => {
    if (!isMap(ct)) c.err(idx(`${path}.spec.containers`, i), `expected a container (a mapping), got ${got(ct)}`);
  });
}

function checkJobSpec(c: Checker, v: unknown, path: string): void {
  const spec = c.map(v, path, true);
  if (!spec) return;
  for (const f of JOB_SPEC_INTS) c.int(spec[f], `${path}.${f}`);
  c.bool(spec.suspend, `${path}.suspend`);
  checkPodTemplate(c, spec.template, `${path}.template`);
}

/** Reads the sim annotations of a metadata block; returns submitAt (µs). */
function simAnnotations(c: Checker, meta: unknown, path: string, readSubmitAt: boolean): number {
  if (!isMap(meta) || !isMap(meta.annotations)) return 0;
  const ann = meta.annotations;
  const base = `${path}.annotations`;
  let submitAt = 0;
  if (readSubmitAt && typeof ann[ANNOTATION_SUBMIT_AT] === 'string') {
    submitAt = c.duration(ann[ANNOTATION_SUBMIT_AT], key(base, ANNOTATION_SUBMIT_AT), 'nonNegative', false, '10m') ?? 0;
  }
  if (typeof ann[ANNOTATION_DURATION] === 'string') {
    c.duration(ann[ANNOTATION_DURATION], key(base, ANNOTATION_DURATION), 'positive', false, '1h');
  }
  return submitAt;
}

function readJobSet(e: Entry): WorkloadEntry<JobSet> | undefined {
  const { c } = e;
  const o = e.raw.object;
  const submitAt = simAnnotations(c, o.metadata, 'metadata', true);
  const spec = c.map(o.spec, 'spec', true);
  if (spec) {
    const rjs = c.list(spec.replicatedJobs, 'spec.replicatedJobs', { required: true, nonEmpty: true });
    rjs?.forEach((rj, i) => {
      const p = idx('spec.replicatedJobs', i);
      const m = c.map(rj, p, true);
      if (!m) return;
      c.string(m.name, `${p}.name`, true);
      c.int(m.replicas, `${p}.replicas`);
      const t = c.map(m.template, `${p}.template`, true);
      if (!t) return;
      checkTemplateMeta(c, t.metadata, `${p}.template.metadata`);
      simAnnotations(c, t.metadata, `${p}.template.metadata`, false);
      checkJobSpec(c, t.spec, `${p}.template.spec`);
    });
    const fp = c.map(spec.failurePolicy, 'spec.failurePolicy');
    if (fp) c.int(fp.maxRestarts, 'spec.failurePolicy.maxRestarts');
    c.int(spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished');
    c.bool(spec.suspend, 'spec.suspend');
  }
  if (c.errors !== 0) return undefined; // the webhooks see only structurally valid objects
  o.status = { restarts: 0 };
  return { object: o as unknown as JobSet, submitAt, source: e.source };
}

function readJob(e: Entry): WorkloadEntry<Job> | undefined {
  const { c } = e;
  const o = e.raw.object;
  const submitAt = simAnnotations(c, o.metadata, 'metadata', true);
  checkJobSpec(c, o.spec, 'spec');
  if (c.errors !== 0) return undefined; // the webhooks see only structurally valid objects
  o.status = {};
  return { object: o as unknown as Job, submitAt, source: e.source };
}

// ---------------------------------------------------------------------------------------------------------------
// PriorityClass

const MAX_USER_PRIORITY = 1_000_000_000;

function readPriorityClass(e: Entry): Scenario['priorityClasses'][number] | undefined {
  const { c } = e;
  const o = e.raw.object;
  const before = c.errors;
  const value = c.int(o.value, 'value', { min: -2_147_483_648, max: 2_147_483_647, required: true });
  if (value !== undefined && value > MAX_USER_PRIORITY && !(e.name ?? '').startsWith('system-')) {
    c.err('value', `must be at most ${MAX_USER_PRIORITY} for a user-defined PriorityClass, got ${value}`);
  }
  const globalDefault = c.bool(o.globalDefault, 'globalDefault') ?? false;
  const preemptionPolicy = c.oneOf(o.preemptionPolicy, 'preemptionPolicy', ['PreemptLowerPriority', 'Never']);
  c.string(o.description, 'description');
  if (c.errors !== before || value === undefined || e.name === undefined) return undefined;
  return { name: e.name, value, globalDefault, ...(preemptionPolicy !== undefined ? { preemptionPolicy } : {}) };
}
