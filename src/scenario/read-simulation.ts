// Reads the Simulation document into SimulationSettings, defaults filled in, then applies the --seed and --until
// overrides, which win over the file.
import { LATENCY_NAMES } from '../engine/latencies.js';
import { parseRfc3339Us } from '../snapshot/time.js';
import { got, key, suggest } from './checker.js';
import { DurationError, parseDuration } from './duration.js';
import type { Entry } from './entry.js';
import type { SimulationSettings } from './model.js';
import type { Problem } from './problems.js';

/** The longest run: `until` may not exceed it. */
export const MAX_HORIZON_US = 365 * 86_400 * 1_000_000;
export const DEFAULT_POD_DURATION_US = 3_600 * 1_000_000;

/** What readSimulation takes from LoadOptions: the command-line overrides and the known scheduler policies. */
export interface SimulationOptions {
  seed?: number;
  until?: string;
  policies?: string[];
}

const SIMULATION_FIELDS = [
  'seed',
  'until',
  'scheduler',
  'featureGates',
  'defaults',
  'latencyProfile',
  'latencies',
  'metrics',
  'startTime',
  'terminatedPodGCThreshold',
] as const;

export function readSimulation(
  e: Entry | undefined,
  opts: SimulationOptions,
  fallbackName: string,
  problems: Problem[],
): SimulationSettings {
  const settings: SimulationSettings = {
    name: e?.name ?? fallbackName,
    seed: 1,
    scheduler: { policy: 'default', percentageOfNodesToScore: 0, gang: 'none', gangTimeout: 60_000_000, mode: 'speed' },
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
      c.unknownFields(sched, 'spec.scheduler', [
        'policy',
        'percentageOfNodesToScore',
        'gang',
        'gangTimeout',
        'mode',
        'resources',
      ]);
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
      settings.scheduler.gang = c.oneOf(sched.gang, 'spec.scheduler.gang', ['none', 'job', 'jobset']) ?? 'none';
      const timeout = c.duration(sched.gangTimeout, 'spec.scheduler.gangTimeout', 'positive', false, '60s');
      if (timeout !== undefined) settings.scheduler.gangTimeout = timeout;
      settings.scheduler.mode = c.oneOf(sched.mode, 'spec.scheduler.mode', ['speed', 'fidelity']) ?? 'speed';
      const resources = c.list(sched.resources, 'spec.scheduler.resources', { nonEmpty: true });
      if (resources) {
        const out: { name: string; weight: number }[] = [];
        resources.forEach((r, i) => {
          const path = `spec.scheduler.resources[${i}]`;
          const m = c.map(r, path);
          if (!m) return;
          c.unknownFields(m, path, ['name', 'weight']);
          const name = c.string(m.name, `${path}.name`, true);
          // kube-scheduler config validation keeps each resource weight within 1..100
          const weight = c.int(m.weight, `${path}.weight`, { min: 1, max: 100 }) ?? 1;
          if (name !== undefined) {
            if (out.some((o) => o.name === name)) c.err(`${path}.name`, `duplicate resource ${got(name)}`);
            else out.push({ name, weight });
          }
        });
        settings.scheduler.resources = out;
      }
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
    const gcThreshold = c.int(spec.terminatedPodGCThreshold, 'spec.terminatedPodGCThreshold', { min: 0 });
    if (gcThreshold !== undefined) settings.terminatedPodGCThreshold = gcThreshold;
    if (spec.startTime !== undefined) {
      // The wall time of t = 0, for snapshots (src/snapshot/time.ts).
      if (typeof spec.startTime !== 'string' || parseRfc3339Us(spec.startTime) === undefined)
        c.err('spec.startTime', `expected an RFC 3339 time such as 2025-01-01T00:00:00Z, got ${got(spec.startTime)}`);
      else settings.startTime = spec.startTime;
    }
    const metrics = c.map(spec.metrics, 'spec.metrics');
    if (metrics) {
      c.unknownFields(metrics, 'spec.metrics', ['window']);
      const w = c.map(metrics.window, 'spec.metrics.window');
      if (w) {
        c.unknownFields(w, 'spec.metrics.window', ['start', 'end']);
        const start = c.duration(w.start, 'spec.metrics.window.start', 'nonNegative', false, '2h') ?? 0;
        const end = c.duration(w.end, 'spec.metrics.window.end', 'positive', false, '70h');
        if (end !== undefined && end <= start) {
          c.err('spec.metrics.window.end', `must be after start (${got(w.start ?? '0s')}), got ${got(w.end)}`);
        } else settings.metricsWindow = end !== undefined ? { start, end } : { start };
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
