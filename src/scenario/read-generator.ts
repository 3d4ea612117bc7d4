// Reads a WorkloadGenerator document (README "WorkloadGenerator") and generates its JobSets with the scenario's
// seed. Field problems are reported at their field; a JobSet template is checked as a JobSet document would be.
import type { JobSet } from '../api/jobset.js';
import type { Burst } from '../workload/arrivals.js';
import { type LognormalSpec, lognormalFromMedianMean } from '../workload/distributions.js';
import { type GeneratorSpec, generate, type Shape, type Tenant, TooManyJobs } from '../workload/generator.js';
import { DEFAULT_JOBS } from '../workload/jobset-builder.js';
import { DEFAULT_DIURNAL, PRESETS, type TracePreset } from '../workload/presets.js';
import { Checker, got, idx, isMap, type Obj } from './checker.js';
import type { Entry } from './entry.js';
import type { Problem } from './problems.js';
import { readJobsFields } from './read-trace-replay.js';
import { readJobSet } from './read-workloads.js';

/** A JobSet made by a TraceReplay or a WorkloadGenerator; `origin` says where, for messages. */
export interface GeneratedJobSet {
  object: JobSet;
  submitAt: number;
  origin: string;
}

const FIELDS = ['preset', 'count', 'until', 'start', 'arrivals', 'durations', 'shapes', 'tenants', 'jobs'] as const;
const ARRIVAL_FIELDS = ['perHour', 'diurnal', 'startHour', 'bursts'] as const;
const DURATION_FIELDS = ['mu', 'sigma', 'median', 'mean', 'min', 'max'] as const;
const SHAPE_FIELDS = ['name', 'weight', 'gpus', 'slices', 'replicatedJob', 'template', 'durations'] as const;
const TENANT_FIELDS = [
  'name',
  'weight',
  'namespace',
  'queueName',
  'priorityClassName',
  'workloadPriorityClass',
] as const;
const JOBS_FIELDS = ['gpuResource', 'gpusPerPod', 'podRequests', 'tolerations'] as const;
const S = 1_000_000;
const PRESET_NAMES = [...PRESETS.keys()];

function positiveNumber(c: Checker, v: unknown, path: string, required = false): number | undefined {
  if (v === undefined || v === null) {
    if (required) c.missing(v, path, 'a positive number');
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    c.err(path, `expected a positive number, got ${got(v)}`);
    return undefined;
  }
  return v;
}

/** `{value: weight}` or a single value; values are positive integers. */
function sizeWeights(c: Checker, v: unknown, path: string, what: string): Map<number, number> | undefined {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 1) {
      c.err(path, `expected a positive integer or a mapping of ${what} to weights, got ${got(v)}`);
      return undefined;
    }
    return new Map([[v, 1]]);
  }
  if (!isMap(v)) {
    c.err(path, `expected a positive integer or a mapping of ${what} to weights, got ${got(v)}`);
    return undefined;
  }
  const out = new Map<number, number>();
  for (const [k, w] of Object.entries(v)) {
    const n = Number(k);
    if (!Number.isSafeInteger(n) || n < 1) {
      c.err(`${path}.${k}`, `expected a positive integer number of ${what} as the key`);
      continue;
    }
    const weight = positiveNumber(c, w, `${path}["${k}"]`, true);
    if (weight !== undefined) out.set(n, weight);
  }
  if (out.size === 0) {
    if (Object.keys(v).length === 0) c.err(path, `expected at least one size, got an empty mapping`);
    return undefined;
  }
  return out;
}

function readDurations(c: Checker, v: unknown, path: string, preset?: TracePreset): LognormalSpec | undefined {
  const m = c.map(v, path);
  if (!m) {
    return preset ? { mu: preset.mu, sigma: preset.sigma, min: 1, max: preset.max } : undefined; // seconds
  }
  c.unknownFields(m, path, DURATION_FIELDS);
  const before = c.errors;
  const hasMu = m.mu !== undefined || m.sigma !== undefined;
  const hasMedian = m.median !== undefined || m.mean !== undefined;
  let mu: number | undefined;
  let sigma: number | undefined;
  if (hasMu && hasMedian) c.err(path, 'set either mu and sigma, or median and mean, not both');
  else if (hasMu) {
    if (typeof m.mu !== 'number' || !Number.isFinite(m.mu))
      c.err(`${path}.mu`, `expected a number (log of seconds), got ${got(m.mu)}`);
    else mu = m.mu;
    sigma = positiveNumber(c, m.sigma, `${path}.sigma`, true);
  } else if (hasMedian) {
    const median = c.duration(m.median, `${path}.median`, 'positive', true, '15m');
    const mean = c.duration(m.mean, `${path}.mean`, 'positive', true, '2h');
    if (median !== undefined && mean !== undefined) {
      if (mean < median)
        c.err(`${path}.mean`, `must be at least the median for a lognormal, got ${got(m.mean)} < ${got(m.median)}`);
      else ({ mu, sigma } = lognormalFromMedianMean(median / S, mean / S));
    }
  } else if (preset) {
    mu = preset.mu;
    sigma = preset.sigma;
  } else c.err(path, 'one of mu and sigma, or median and mean, is required (or set spec.preset)');
  const min = c.duration(m.min, `${path}.min`, 'positive', false, '10s') ?? S;
  const max =
    c.duration(m.max, `${path}.max`, 'positive', false, '30d') ?? (preset ? preset.max * S : 365 * 86_400 * S);
  if (min > max) c.err(`${path}.max`, `must be at least min, got ${got(m.max)}`);
  if (c.errors !== before || mu === undefined || sigma === undefined) return undefined;
  // durations are sampled in seconds; min and max given as durations
  return { mu, sigma: sigma === 0 ? 0 : sigma, min: min / S, max: max / S };
}

function readTemplate(e: Entry, v: unknown, path: string): Shape['size'] | undefined {
  const { c } = e;
  const t = c.map(v, path, true);
  if (!t) return undefined;
  // The structural JobSet checks, with paths under the template.
  const problems: Problem[] = [];
  const inner = new Checker(problems, { file: e.source.file });
  readJobSet({
    ...e,
    c: inner,
    raw: { ...e.raw, object: { metadata: t.metadata ?? {}, spec: structuredClone(t.spec) } },
  });
  for (const p of problems) c.err(`${path}${p.path ? `.${p.path}` : ''}`, p.message);
  if (problems.length > 0) return undefined;
  c.unknownFields(t, path, ['metadata', 'spec']);
  return { kind: 'template', slices: new Map(), replicatedJob: 0, template: t as { spec: Obj } };
}

function readShape(e: Entry, v: unknown, i: number, preset?: TracePreset): Shape | undefined {
  const { c } = e;
  const p = idx('spec.shapes', i);
  const m = c.map(v, p, true);
  if (!m) return undefined;
  const before = c.errors;
  c.unknownFields(m, p, SHAPE_FIELDS);
  const name = c.string(m.name, `${p}.name`) ?? `shape-${i}`;
  const weight = positiveNumber(c, m.weight, `${p}.weight`) ?? 1;
  const durations = m.durations !== undefined ? readDurations(c, m.durations, `${p}.durations`) : undefined;
  const hasGpus = m.gpus !== undefined && m.gpus !== null;
  const hasSlices = m.slices !== undefined && m.slices !== null;
  let size: Shape['size'] | undefined;
  if (hasGpus === hasSlices) {
    c.err(p, hasGpus ? 'only one of gpus or slices may be set' : 'one of gpus or slices is required');
  } else if (hasGpus) {
    if (m.template !== undefined)
      c.err(`${p}.template`, 'only allowed with slices (GPU jobs are built as TraceReplay builds them)');
    if (typeof m.gpus === 'string') {
      const pr = m.gpus === 'preset' ? preset : PRESETS.get(m.gpus);
      if (!pr) {
        c.err(
          `${p}.gpus`,
          m.gpus === 'preset'
            ? 'gpus: preset needs spec.preset'
            : `unknown preset ${got(m.gpus)} (presets: ${PRESET_NAMES.join(', ')}; or a number, or a mapping of GPU counts to weights)`,
        );
      } else size = { kind: 'gpus', gpus: pr.gpus };
    } else {
      const gpus = sizeWeights(c, m.gpus, `${p}.gpus`, 'GPUs');
      if (gpus) size = { kind: 'gpus', gpus };
    }
  } else {
    const slices = sizeWeights(c, m.slices, `${p}.slices`, 'slices');
    const tmpl = readTemplate(e, m.template, `${p}.template`);
    if (tmpl && tmpl.kind === 'template' && slices) {
      const rjs = (tmpl.template.spec as { replicatedJobs: { name: string }[] }).replicatedJobs;
      const rjName = c.string(m.replicatedJob, `${p}.replicatedJob`);
      let at = 0;
      if (rjName !== undefined) {
        at = rjs.findIndex((r) => r.name === rjName);
        if (at < 0)
          c.err(
            `${p}.replicatedJob`,
            `no replicatedJob ${got(rjName)} in the template (${rjs.map((r) => r.name).join(', ')})`,
          );
      }
      size = { ...tmpl, slices, replicatedJob: Math.max(0, at) };
    }
  }
  if (c.errors !== before || !size) return undefined;
  return { name, weight, size, ...(durations ? { durations } : {}) };
}

export function readWorkloadGenerator(e: Entry, seed: number): GeneratedJobSet[] | undefined {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec || e.name === undefined) return undefined;
  c.unknownFields(spec, 'spec', FIELDS);
  let preset: TracePreset | undefined;
  if (spec.preset !== undefined) {
    const name = c.oneOf(spec.preset, 'spec.preset', PRESET_NAMES);
    if (name) preset = PRESETS.get(name);
  }
  const count = c.int(spec.count, 'spec.count', { min: 1 });
  const until = c.duration(spec.until, 'spec.until', 'positive', false, '72h');
  if (spec.count === undefined && spec.until === undefined) c.err('spec', 'one of count or until is required');
  const start = c.duration(spec.start, 'spec.start', 'nonNegative', false, '0s') ?? 0;

  const arr = c.map(spec.arrivals, 'spec.arrivals', true) ?? {};
  c.unknownFields(arr, 'spec.arrivals', ARRIVAL_FIELDS);
  const perHour = positiveNumber(c, arr.perHour, 'spec.arrivals.perHour', spec.arrivals !== undefined);
  let diurnal: readonly number[] | null = DEFAULT_DIURNAL;
  if (arr.diurnal === 'none') diurnal = null;
  else if (Array.isArray(arr.diurnal)) {
    if (arr.diurnal.length !== 24 || !arr.diurnal.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
      c.err(
        'spec.arrivals.diurnal',
        `expected 24 non-negative multipliers (hour 0 to 23), default or none, got ${got(arr.diurnal)}`,
      );
    } else if (!arr.diurnal.some((x) => x > 0))
      c.err('spec.arrivals.diurnal', 'at least one multiplier must be positive');
    else diurnal = arr.diurnal as number[];
  } else if (arr.diurnal !== undefined && arr.diurnal !== 'default') {
    c.err('spec.arrivals.diurnal', `expected default, none or a list of 24 multipliers, got ${got(arr.diurnal)}`);
  }
  const startHour = c.int(arr.startHour, 'spec.arrivals.startHour', { min: 0, max: 23 }) ?? 0;
  const bursts: Burst[] = [];
  c.list(arr.bursts, 'spec.arrivals.bursts')?.forEach((b, i) => {
    const p = idx('spec.arrivals.bursts', i);
    const m = c.map(b, p, true);
    if (!m) return;
    c.unknownFields(m, p, ['at', 'duration', 'multiplier']);
    const at = c.duration(m.at, `${p}.at`, 'nonNegative', true, '30h');
    const duration = c.duration(m.duration, `${p}.duration`, 'positive', true, '2h');
    let multiplier: number | undefined;
    if (typeof m.multiplier !== 'number' || !Number.isFinite(m.multiplier) || m.multiplier < 0) {
      c.err(`${p}.multiplier`, `expected a non-negative number, got ${got(m.multiplier)}`);
    } else multiplier = m.multiplier;
    if (at !== undefined && duration !== undefined && multiplier !== undefined)
      bursts.push({ at, duration, multiplier });
  });

  const durations = readDurations(c, spec.durations, 'spec.durations', preset);
  if (spec.durations === undefined && !preset) c.err('spec.durations', 'required unless spec.preset is set');

  const shapes: Shape[] = [];
  const shapeList = c.list(spec.shapes, 'spec.shapes', { nonEmpty: true });
  if (shapeList)
    shapeList.forEach((v, i) => {
      const sh = readShape(e, v, i, preset);
      if (sh) shapes.push(sh);
    });
  else if (spec.shapes === undefined) {
    if (preset) shapes.push({ name: 'gpu', weight: 1, size: { kind: 'gpus', gpus: preset.gpus } });
    else c.err('spec.shapes', 'required unless spec.preset is set (then: GPU jobs sized by the preset)');
  }

  const tenants: Tenant[] = [];
  c.list(spec.tenants, 'spec.tenants', { nonEmpty: true })?.forEach((v, i) => {
    const p = idx('spec.tenants', i);
    const m = c.map(v, p, true);
    if (!m) return;
    c.unknownFields(m, p, TENANT_FIELDS);
    const t: Tenant = {
      name: c.string(m.name, `${p}.name`) ?? `tenant-${i}`,
      weight: positiveNumber(c, m.weight, `${p}.weight`) ?? 1,
      namespace: c.string(m.namespace, `${p}.namespace`) ?? 'default',
    };
    for (const f of ['queueName', 'priorityClassName', 'workloadPriorityClass'] as const) {
      const s = c.string(m[f], `${p}.${f}`);
      if (s !== undefined) t[f] = s;
    }
    tenants.push(t);
  });
  if (tenants.length === 0) tenants.push({ name: 'default', weight: 1, namespace: 'default' });

  const jobsMap = c.map(spec.jobs, 'spec.jobs') ?? {};
  c.unknownFields(jobsMap, 'spec.jobs', JOBS_FIELDS);
  const jobs = readJobsFields(c, jobsMap, 'spec.jobs', DEFAULT_JOBS);

  if (c.errors !== before || perHour === undefined || !durations) return undefined;
  const gs: GeneratorSpec = {
    name: e.name,
    ...(count !== undefined ? { count } : {}),
    ...(until !== undefined ? { until } : {}),
    start,
    arrivals: { perHour, diurnal, startHour, bursts },
    durations,
    shapes,
    tenants,
    jobs,
  };
  try {
    return generate(gs, seed).map((g) => ({ object: g.object, submitAt: g.submitAt, origin: `job ${g.index}` }));
  } catch (err) {
    if (!(err instanceof TooManyJobs)) throw err;
    c.err('spec', `would make ${err.message}; lower spec.arrivals.perHour or spec.until, or set spec.count`);
    return undefined;
  }
}
