// Loads YAML files into a validated, defaulted Scenario (CONTRACT.md §2, §3). Every problem of every file is
// collected and thrown at once as a ScenarioError; nothing here throws a raw TypeError on user input.
// This file holds the public API and the order of work (parse, --set, identify, read); each kind's reader is in
// read-*.ts, the typed field checks in checker.ts.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { Job } from '../api/batch.js';
import type { JobSet } from '../api/jobset.js';
import { extractSnapshot } from '../snapshot/read.js';
import { andList, Checker, dns1123Message, got, isDns1123Label, isMap, key, orList, suggest } from './checker.js';
import { type Entry, where } from './entry.js';
import { CLOSED_GROUPS, CLUSTER_SCOPED, groupOf, KINDS } from './kinds.js';
import type { NodePoolSpec, Scenario, ScenarioWarning, SimulationSettings, SourceRef, TimedAction } from './model.js';
import {
  gpuShareWarning,
  notYetSimulatedWarning,
  type Problem,
  ScenarioError,
  unmodelledKindWarning,
} from './problems.js';
import { readBareWorkload } from './read-bare-workload.js';
import { readNamespace, readPriorityClass } from './read-cluster-objects.js';
import { checkFaultModelPools, readFaultModel } from './read-faultmodel.js';
import { readFgdStudy } from './read-fgd-study.js';
import { type GeneratedJobSet, readWorkloadGenerator } from './read-generator.js';
import { emptyKueue, missingCheckWarnings, readKueueConfig, readKueueObject } from './read-kueue.js';
import { checkPoolNames, nodePoolIssuePath, readNodePool } from './read-nodepool.js';
import { readScript } from './read-script.js';
import { readSimulation } from './read-simulation.js';
import { readNodeList, readTraceReplay } from './read-trace-replay.js';
import { readJob, readJobSet } from './read-workloads.js';
import { applySet, type RawDoc, SetError, SIM_API_VERSION } from './set.js';
import { parseYamlFast } from './yaml-fast-path.js';

export { DEFAULT_POD_DURATION_US, MAX_HORIZON_US } from './read-simulation.js';
export { ANNOTATION_DURATION, ANNOTATION_SUBMIT_AT } from './read-workloads.js';
export { SIM_API_VERSION, suggest };

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
  /** `--now`: the wall time (RFC 3339) a snapshot's state is taken as simulated t = 0 (default its newest timestamp). */
  now?: string;
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

/**
 * One scenario file: its YAML text, or its documents already parsed (plain objects, as YAML or JSON would give;
 * generators and benchmarks skip the YAML round trip this way). Documents are numbered from 1 in messages as a
 * file's are; the loader may default their fields in place, so pass objects it may keep.
 */
export type ScenarioInput = { file: string; text: string } | { file: string; documents: unknown[] };

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
// The loader

interface Input {
  file: string;
  text?: string;
  documents?: unknown[];
  readError?: string;
}

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
    if (inp.documents !== undefined) takeDocuments(inp.file, inp.documents, raws, problems);
    else parseFile(inp.file, inp.text ?? '', raws, problems);
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

  // 3. kubectl output: live objects (Nodes, Pods, Workloads, existing JobSets and Jobs) into the snapshot state.
  const snap = extractSnapshot(raws, { now: opts.now }, problems, warnings);

  // 4. Identify each document.
  const entries: Entry[] = [];
  for (const raw of snap.raws) {
    const e = identify(raw, problems, warnings);
    if (e) entries.push(e);
  }

  // 5. Validate, the Simulation first (its settings are the validators' context).
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
    kueue: emptyKueue(),
    faultModels: [],
    ...(snap.snapshot ? { snapshot: snap.snapshot } : {}),
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
  let fgdEntry: Entry | undefined;

  // JobSets a TraceReplay or a WorkloadGenerator makes go through the same webhook as written ones; their
  // problems are reported at the source's field, a few per source.
  const jobSetNames = new Map<string, string>();
  const addGenerated = (e: Entry, made: GeneratedJobSet[] | undefined, field: string) => {
    let shown = 0;
    const report = (msg: string) => {
      if (++shown <= 5) e.c.err(field, msg);
    };
    for (const g of made ?? []) {
      const js = g.object;
      const ref = `${js.metadata.namespace ?? 'default'}/${js.metadata.name}`;
      const other = jobSetNames.get(ref);
      if (other !== undefined) {
        report(`${g.origin}: JobSet ${ref} is also defined in ${other}`);
        continue;
      }
      jobSetNames.set(ref, where(e.source));
      const issues = opts.validateJobSet?.(js, { source: e.source, simulation }) ?? [];
      for (const issue of issues)
        report(`${g.origin}: JobSet ${ref}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
      if (issues.length === 0) scenario.jobSets.push({ object: js, submitAt: g.submitAt, source: e.source });
    }
    if (shown > 5) e.c.err(field, `${shown - 5} more problems of generated JobSets not listed`);
  };
  const addReplay = (e: Entry, r: ReturnType<typeof readTraceReplay>) => {
    if (!r) return;
    addGenerated(
      e,
      r.jobSets.map((j) => ({ object: j.object, submitAt: j.submitAt, origin: `${r.spec.file} line ${j.line}` })),
      'spec.file',
    );
    if (r.gpuShareRoundedUp > 0) warnings.push(gpuShareWarning(e.name ?? '', r.gpuShareRoundedUp));
  };

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
        for (const a of readScript(e)) {
          if (a.action.kind === 'addNodePool') {
            const { pool, path } = a.action;
            const before = e.c.errors;
            for (const issue of opts.validateNodePool?.(pool.spec, { name: pool.name, source: e.source }) ?? []) {
              e.c.err(`${path}.${nodePoolIssuePath(issue.path) ?? 'spec'}`, issue.message);
            }
            if (e.c.errors !== before) continue;
          }
          actions.push(a);
        }
        break;
      case 'faultModel': {
        duplicate(e);
        const fm = readFaultModel(e);
        if (fm) scenario.faultModels.push(fm);
        break;
      }
      case 'jobSet': {
        const dup = duplicate(e);
        const entry = readJobSet(e);
        if (entry) {
          const o = entry.object.metadata;
          const ref = `${o.namespace ?? 'default'}/${o.name}`;
          const made = o.name ? jobSetNames.get(ref) : undefined;
          if (made !== undefined && !dup)
            e.c.err('metadata.name', `duplicate: JobSet ${ref} is already made by ${made}`);
          else if (o.name) jobSetNames.set(ref, where(e.source));
          const issues = guardedValidation(() => opts.validateJobSet?.(entry.object, { source: e.source, simulation }));
          for (const issue of issues) e.c.err(issue.path || undefined, issue.message);
          if (issues.length === 0) scenario.jobSets.push(entry);
        }
        break;
      }
      case 'job': {
        duplicate(e);
        const entry = readJob(e);
        if (entry) {
          const issues = guardedValidation(() => opts.validateJob?.(entry.object, { source: e.source, simulation }));
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
        const ns = readNamespace(e);
        if (ns !== undefined) scenario.namespaces.push(ns);
        break;
      }
      case 'kueue':
        if (!duplicate(e)) readKueueObject(e, scenario.kueue);
        break;
      case 'kueueConfig':
        readKueueConfig(e, scenario.kueue);
        break;
      case 'bareWorkload': {
        if (duplicate(e)) break;
        const w = readBareWorkload(e);
        if (w) (scenario.workloads ??= []).push(w);
        break;
      }
      case 'traceReplay':
        if (!duplicate(e)) addReplay(e, readTraceReplay(e));
        break;
      case 'nodeList':
        if (!duplicate(e)) for (const pool of readNodeList(e)) scenario.nodePools.push(pool);
        break;
      case 'workloadGenerator':
        scenario.seedDependent = true;
        if (!duplicate(e)) addGenerated(e, readWorkloadGenerator(e, simulation.seed), 'spec');
        break;
      case 'fgdStudy': {
        if (duplicate(e)) break;
        if (fgdEntry) {
          e.c.err(undefined, `only one FgdStudy is allowed per scenario; the first is ${where(fgdEntry.source)}`);
          break;
        }
        fgdEntry = e;
        const doc = readFgdStudy(e);
        if (doc) scenario.fgdStudy = doc;
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
  if (fgdEntry) {
    // the study replays its own node and pod lists; anything else would silently not run
    const others = scenario.jobSets.length + scenario.jobs.length + scenario.nodePools.length + actions.length;
    if (others > 0)
      fgdEntry.c.err(
        undefined,
        `an FgdStudy scenario replays only its own node and pod lists, but the scenario also has ${others} JobSets, Jobs, node pools or scripted actions; put them in another scenario`,
      );
  }
  checkPoolNames(entries, scenario.nodePools);
  checkFaultModelPools(entries, scenario, actions);
  for (const [kind, refs] of pendingByKind) warnings.push(notYetSimulatedWarning(kind, refs));
  warnings.push(...missingCheckWarnings(scenario.kueue));

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

/**
 * The webhook validators read fields the structural checks above do not type; a value of an unexpected type there
 * must still give a problem, never an exception (found by test/property/loader-fuzz.test.ts).
 */
function guardedValidation(run: () => ValidationIssue[] | undefined): ValidationIssue[] {
  try {
    return run() ?? [];
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return [{ path: '', message: `cannot be validated: a field has a value of an unexpected type (${why})` }];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and identifying documents

function stripPosition(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

/**
 * The values of a YAML text's documents, or undefined when it has any YAML problem (parseFile then reports it with
 * its position). js-yaml reads what it reads as `yaml` would (a kubectl snapshot); anything else goes to `yaml`.
 * Also the sweep worker's parser (src/sweep/parsed-files.ts), so a sweep's runs see what `run` sees.
 */
export function parseYamlValues(text: string): unknown[] | undefined {
  const fast = parseYamlFast(text);
  if (fast !== undefined) return fast;
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, { merge: true, prettyErrors: true })) {
    if (doc.errors.length > 0) return undefined;
    try {
      values.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch {
      return undefined;
    }
  }
  return values;
}

function parseFile(file: string, text: string, raws: RawDoc[], problems: Problem[]): void {
  const values = parseYamlValues(text);
  if (values !== undefined) {
    takeDocuments(file, values, raws, problems);
    return;
  }
  // A YAML problem: parse again for the messages, keeping the documents that have none.
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
    takeDocument(file, document, value, raws, problems);
  });
}

function takeDocuments(file: string, docs: unknown[], raws: RawDoc[], problems: Problem[]): void {
  for (let i = 0; i < docs.length; i++) takeDocument(file, i + 1, docs[i], raws, problems);
}

function takeDocument(file: string, document: number, value: unknown, raws: RawDoc[], problems: Problem[]): void {
  if (value === null || value === undefined) return; // an empty document
  if (!isMap(value)) {
    problems.push({ file, document, message: `${NOT_AN_OBJECT}, got ${got(value)}` });
    return;
  }
  raws.push({ file, document, object: value });
}

const NOT_AN_OBJECT = 'not a Kubernetes object: expected a mapping with apiVersion, kind and metadata';

function identify(raw: RawDoc, problems: Problem[], warnings: ScenarioWarning[]): Entry | undefined {
  const o = raw.object;
  const base = {
    file: raw.file,
    ...(raw.document !== undefined ? { document: raw.document } : {}),
    ...(raw.item !== undefined ? { item: raw.item } : {}),
  };
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
    if (k === 'Sweep' && av === 'jobset-sim.dev/v1alpha1') {
      // A sweep file handed to run/validate: say which command reads it.
      problems.push({
        ...label,
        path: 'kind',
        message: 'a Sweep is not a scenario document; run it with `jobset-sim sweep FILE`',
      });
      return undefined;
    }
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
