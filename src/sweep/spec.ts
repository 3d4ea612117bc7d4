// The `Sweep` kind (jobset-sim.dev/v1alpha1): read and validate a sweep file into a SweepSpec. Every problem is
// reported at once as a ScenarioError, in the loader's format (`FILE: document N (Sweep name): field: message`).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Checker, got, isMap, key, type Obj } from '../scenario/checker.js';
import { type Problem, ScenarioError } from '../scenario/problems.js';
import { parseSetExpression, parseSetPath, SetError, SIM_API_VERSION } from '../scenario/set.js';

/** How one randomly sampled parameter is drawn. */
export type Distribution =
  | { type: 'uniform'; low: number; high: number }
  | { type: 'logUniform'; low: number; high: number }
  | { type: 'int'; low: number; high: number }
  | { type: 'choice'; values: unknown[] };

export type Parameters =
  | { type: 'none' }
  | { type: 'grid'; axes: { path: string; values: unknown[] }[] }
  | { type: 'list'; arms: Record<string, unknown>[] }
  | { type: 'random'; samples: number; seed: number; fields: { path: string; dist: Distribution }[] };

export interface SearchSpec {
  /** The integer parameter searched, in the `--set` grammar. */
  parameter: string;
  min: number;
  max: number;
  /** A metric key (a dotted path into result.metrics). */
  metric: string;
  /** `atMost`: the upper confidence bound must be ≤ target; `atLeast`: the lower bound must be ≥ target. */
  direction: 'atMost' | 'atLeast';
  target: number;
  /** One-sided confidence level, default 0.95. */
  confidence: number;
  /** Fields set from the same value times a factor (a quota that follows the node count). */
  linked: { path: string; times: number }[];
}

export interface SweepSpec {
  name: string;
  /** The sweep file as given. */
  file: string;
  /** Base scenario files, resolved against the sweep file's folder (as paths usable from the current directory). */
  scenario: string[];
  /** `--set` expressions applied to every run, before the arm's parameters. */
  set: string[];
  seeds: number[];
  /** Metric paths into result.metrics (the `--set` path grammar). */
  metrics: string[];
  parameters: Parameters;
  search?: SearchSpec;
}

/** The metrics kept when the sweep names none. */
export const DEFAULT_METRICS = [
  'jobsets',
  'queueWait.mean',
  'queueWait.p95',
  'startup.p95',
  'completionTime.mean',
  'completionTime.p95',
  'makespan',
  'utilization',
  'restarts',
  'preemptions',
];

const SPEC_FIELDS = ['scenario', 'set', 'seeds', 'parameters', 'metrics', 'search'];
const PARAMETER_KINDS = ['grid', 'list', 'random'];
const SEARCH_FIELDS = ['parameter', 'min', 'max', 'metric', 'atMost', 'atLeast', 'confidence', 'linked'];

/** Reads a sweep file. Throws ScenarioError listing every problem. */
export function readSweepFile(file: string): SweepSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new ScenarioError([{ file, message: `cannot read file: ${why}` }]);
  }
  return parseSweep(file, text);
}

/** Parses the text of a sweep file (one Sweep document). Throws ScenarioError listing every problem. */
export function parseSweep(file: string, text: string): SweepSpec {
  const problems: Problem[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const sweeps: { document: number; object: Obj }[] = [];
  docs.forEach((doc, i) => {
    const document = i + 1;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        const message = err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
        problems.push({ file, document, ...(pos ? { line: pos.line, column: pos.col } : {}), message });
      }
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (!isMap(value) || value.kind !== 'Sweep') {
      problems.push({
        file,
        document,
        message: `expected a Sweep (apiVersion: ${SIM_API_VERSION}, kind: Sweep), got ${isMap(value) ? `kind ${got(value.kind)}` : got(value)}`,
      });
      return;
    }
    sweeps.push({ document, object: value });
  });
  if (problems.length === 0 && sweeps.length !== 1) {
    problems.push({
      file,
      message:
        sweeps.length === 0 ? 'no Sweep document in the file' : `expected one Sweep per file, found ${sweeps.length}`,
    });
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  const { document, object } = sweeps[0]!;
  const meta = isMap(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : undefined;
  const c = new Checker(problems, { file, document, kind: 'Sweep', ...(name ? { name } : {}) });
  if (object.apiVersion !== SIM_API_VERSION) {
    c.err('apiVersion', `expected ${SIM_API_VERSION}, got ${got(object.apiVersion)}`);
  }
  if (name === undefined) c.missing(meta.name, 'metadata.name', 'a name');
  const spec = readSpec(c, object.spec, file, name ?? 'sweep');
  if (problems.length > 0 || !spec) throw new ScenarioError(problems);
  return spec;
}

function readSpec(c: Checker, v: unknown, file: string, name: string): SweepSpec | undefined {
  const spec = c.map(v, 'spec', true);
  if (!spec) return undefined;
  c.unknownFields(spec, 'spec', SPEC_FIELDS);
  const base = dirname(file);
  const rawFiles = typeof spec.scenario === 'string' ? [spec.scenario] : spec.scenario;
  const files = c.list(rawFiles, 'spec.scenario', { required: true, nonEmpty: true }) ?? [];
  const scenario: string[] = [];
  files.forEach((f, i) => {
    const s = c.string(f, `spec.scenario[${i}]`, true);
    if (s !== undefined) scenario.push(isAbsolute(s) ? s : join(base, s));
  });
  const set: string[] = [];
  (c.list(spec.set, 'spec.set') ?? []).forEach((x, i) => {
    const s = c.string(x, `spec.set[${i}]`, true);
    if (s === undefined) return;
    try {
      parseSetExpression(s);
      set.push(s);
    } catch (e) {
      if (!(e instanceof SetError)) throw e;
      c.err(`spec.set[${i}]`, e.detail);
    }
  });
  const seeds = readSeeds(c, spec.seeds);
  const metrics: string[] = [];
  const m = c.list(spec.metrics, 'spec.metrics', { nonEmpty: true });
  if (m) {
    m.forEach((x, i) => {
      const s = c.string(x, `spec.metrics[${i}]`, true);
      if (s !== undefined && checkPath(c, s, `spec.metrics[${i}]`)) metrics.push(s);
    });
  } else metrics.push(...DEFAULT_METRICS);
  const parameters = readParameters(c, spec.parameters);
  let search: SearchSpec | undefined;
  if (spec.search !== undefined) {
    search = readSearch(c, spec.search);
    if (parameters.type !== 'none')
      c.err('spec.search', 'a capacity search takes no spec.parameters (it varies its own)');
    if (seeds.length < 2) c.err('spec.seeds', 'a capacity search needs at least 2 seeds for a confidence bound');
    if (search && !metrics.includes(search.metric)) metrics.push(search.metric);
  }
  return { name, file, scenario, set, seeds, metrics, parameters, ...(search ? { search } : {}) };
}

function readSeeds(c: Checker, v: unknown): number[] {
  if (v === undefined || v === null) return [1];
  if (typeof v === 'number') {
    const n = c.int(v, 'spec.seeds', { min: 1, max: 100_000 });
    return n === undefined ? [1] : Array.from({ length: n }, (_, i) => i + 1);
  }
  const list = c.list(v, 'spec.seeds', { nonEmpty: true });
  if (!list) return [1];
  const out: number[] = [];
  list.forEach((s, i) => {
    const n = c.int(s, `spec.seeds[${i}]`);
    if (n === undefined) return;
    if (out.includes(n)) c.err(`spec.seeds[${i}]`, `duplicate seed ${n}`);
    else out.push(n);
  });
  return out;
}

/** A parameter or metric path must follow the `--set` grammar. */
function checkPath(c: Checker, path: string, field: string, withTarget = false): boolean {
  try {
    if (withTarget) parseSetExpression(`${path}=0`);
    else parseSetPath(path);
    return true;
  } catch (e) {
    if (!(e instanceof SetError)) throw e;
    c.err(field, e.detail);
    return false;
  }
}

function readParameters(c: Checker, v: unknown): Parameters {
  const p = c.map(v, 'spec.parameters');
  if (!p) return { type: 'none' };
  c.unknownFields(p, 'spec.parameters', PARAMETER_KINDS);
  const given = PARAMETER_KINDS.filter((k) => p[k] !== undefined);
  if (given.length !== 1) {
    c.err(
      'spec.parameters',
      `expected exactly one of grid, list or random, got ${given.length === 0 ? 'none' : given.join(' and ')}`,
    );
    return { type: 'none' };
  }
  if (p.grid !== undefined) {
    const g = c.map(p.grid, 'spec.parameters.grid', true);
    if (!g) return { type: 'none' };
    const axes: { path: string; values: unknown[] }[] = [];
    for (const [path, values] of Object.entries(g)) {
      const field = key('spec.parameters.grid', path);
      const ok = checkPath(c, path, field, true);
      const list = c.list(values, field, { required: true, nonEmpty: true });
      if (ok && list) axes.push({ path, values: list });
    }
    if (axes.length === 0 && c.errors === 0) c.err('spec.parameters.grid', 'expected at least one parameter');
    return { type: 'grid', axes };
  }
  if (p.list !== undefined) {
    const list = c.list(p.list, 'spec.parameters.list', { required: true, nonEmpty: true }) ?? [];
    const arms: Record<string, unknown>[] = [];
    list.forEach((item, i) => {
      const field = `spec.parameters.list[${i}]`;
      const m = c.map(item, field, true);
      if (!m) return;
      let ok = true;
      for (const path of Object.keys(m)) ok = checkPath(c, path, key(field, path), true) && ok;
      if (ok) arms.push(m);
    });
    return { type: 'list', arms };
  }
  const r = c.map(p.random, 'spec.parameters.random', true);
  if (!r) return { type: 'none' };
  c.unknownFields(r, 'spec.parameters.random', ['samples', 'seed', 'fields']);
  const samples = c.int(r.samples, 'spec.parameters.random.samples', { min: 1, max: 100_000, required: true }) ?? 1;
  const seed = c.int(r.seed ?? 1, 'spec.parameters.random.seed') ?? 1;
  const f = c.map(r.fields, 'spec.parameters.random.fields', true) ?? {};
  const fields: { path: string; dist: Distribution }[] = [];
  for (const [path, d] of Object.entries(f)) {
    const field = key('spec.parameters.random.fields', path);
    const ok = checkPath(c, path, field, true);
    const dist = readDistribution(c, d, field);
    if (ok && dist) fields.push({ path, dist });
  }
  return { type: 'random', samples, seed, fields };
}

const DISTRIBUTIONS = ['uniform', 'logUniform', 'int', 'choice'];

function readDistribution(c: Checker, v: unknown, field: string): Distribution | undefined {
  const m = c.map(v, field, true);
  if (!m) return undefined;
  const keys = Object.keys(m);
  if (keys.length !== 1 || !DISTRIBUTIONS.includes(keys[0]!)) {
    c.err(
      field,
      `expected one of {uniform: [LOW, HIGH]}, {logUniform: [LOW, HIGH]}, {int: [LOW, HIGH]} or {choice: [VALUES...]}, got ${keys.length === 0 ? 'an empty mapping' : `{${keys.join(', ')}}`}`,
    );
    return undefined;
  }
  const type = keys[0]!;
  const sub = key(field, type);
  const list = c.list(m[type], sub, { required: true, nonEmpty: true });
  if (!list) return undefined;
  if (type === 'choice') return { type: 'choice', values: list };
  const [low, high] = list;
  const numeric = type === 'int' ? Number.isSafeInteger : Number.isFinite;
  if (list.length !== 2 || !numeric(low) || !numeric(high) || (low as number) > (high as number)) {
    c.err(
      sub,
      `expected [LOW, HIGH] with LOW ≤ HIGH${type === 'int' ? ' (integers)' : ''}, got ${JSON.stringify(list)}`,
    );
    return undefined;
  }
  if (type === 'logUniform' && (low as number) <= 0) {
    c.err(sub, `expected LOW > 0 for a log-uniform range, got ${JSON.stringify(list)}`);
    return undefined;
  }
  return { type, low, high } as Distribution;
}

function readSearch(c: Checker, v: unknown): SearchSpec | undefined {
  const s = c.map(v, 'spec.search', true);
  if (!s) return undefined;
  c.unknownFields(s, 'spec.search', SEARCH_FIELDS);
  const parameter = c.string(s.parameter, 'spec.search.parameter', true);
  const okParam = parameter !== undefined && checkPath(c, parameter, 'spec.search.parameter', true);
  const min = c.int(s.min, 'spec.search.min', { required: true });
  const max = c.int(s.max, 'spec.search.max', { required: true });
  if (min !== undefined && max !== undefined && min > max) {
    c.err('spec.search.max', `expected at least spec.search.min (${min}), got ${max}`);
  }
  const metric = c.string(s.metric, 'spec.search.metric', true);
  const okMetric = metric !== undefined && checkPath(c, metric, 'spec.search.metric');
  const bounds = (['atMost', 'atLeast'] as const).filter((k) => s[k] !== undefined);
  if (bounds.length !== 1) {
    c.err(
      'spec.search',
      `expected exactly one of atMost or atLeast (the target on the metric), got ${bounds.length === 0 ? 'none' : 'both'}`,
    );
  }
  const direction = bounds[0] ?? 'atMost';
  const t = s[direction];
  if (bounds.length === 1 && (typeof t !== 'number' || !Number.isFinite(t))) {
    c.err(`spec.search.${direction}`, `expected a number, got ${got(t)}`);
  }
  let confidence = 0.95;
  if (s.confidence !== undefined) {
    if (typeof s.confidence !== 'number' || !(s.confidence >= 0.5 && s.confidence < 1)) {
      c.err('spec.search.confidence', `expected a number from 0.5 to below 1 (e.g. 0.95), got ${got(s.confidence)}`);
    } else confidence = s.confidence;
  }
  const linked: { path: string; times: number }[] = [];
  (c.list(s.linked, 'spec.search.linked') ?? []).forEach((l, i) => {
    const field = `spec.search.linked[${i}]`;
    const m = c.map(l, field, true);
    if (!m) return;
    c.unknownFields(m, field, ['path', 'times']);
    const path = c.string(m.path, `${field}.path`, true);
    const times = c.int(m.times ?? 1, `${field}.times`, { min: 1 });
    if (path !== undefined && checkPath(c, path, `${field}.path`, true) && times !== undefined) {
      linked.push({ path, times });
    }
  });
  if (!okParam || !okMetric || min === undefined || max === undefined || typeof t !== 'number') return undefined;
  return { parameter: parameter!, min, max, metric: metric!, direction, target: t, confidence, linked };
}
