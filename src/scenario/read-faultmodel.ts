// Reads FaultModel documents (and the fault fields Script actions share with them): processes per node, device or
// pool; per cause a Poisson rate (ratePerDay or mtbf) or a Weibull (shape, scale); blast radius; recovery,
// maintenance and swap-time distributions (fixed, exponential, lognormal); Spot reclaim; hot spares.
import type {
  BlastRadius,
  DurationDist,
  FailureProcess,
  FaultModelSpec,
  FaultUnit,
  MaintenanceProcess,
  RecoveryAction,
  SpotProcess,
  Timing,
} from '../faults/spec.js';
import { type Checker, got, idx, suggest } from './checker.js';
import type { Entry } from './entry.js';
import type { Scenario, TimedAction } from './model.js';

const DAY_US = 86_400e6;
const UNITS: readonly FaultUnit[] = ['node', 'device', 'pool'];
const RADII: readonly BlastRadius[] = ['node', 'pool', 'subblock', 'block', 'zone'];
const ACTIONS: readonly RecoveryAction[] = ['repair', 'replace'];
const DISTS = ['fixed', 'exponential', 'lognormal'] as const;
const TIMINGS = ['ratePerDay', 'mtbf', 'weibull'] as const;

/**
 * Default GKE auto-repair delay: a node NotReady "on consecutive checks over ... approximately 10 minutes" is drained
 * and re-created, keeping its name (cloud.google.com/kubernetes-engine/docs/how-to/node-auto-repair).
 */
export const DEFAULT_AUTO_REPAIR_DELAY_US = 600e6;
/** GCE Spot/preemptible notice (spec §6). */
export const DEFAULT_SPOT_NOTICE_US = 30e6;
/** GCE scheduled host maintenance notice for GPU/TPU VMs (spec §6: 7 days). */
export const DEFAULT_MAINTENANCE_NOTICE_US = 7 * DAY_US;

/** A positive finite number. */
function positive(c: Checker, v: unknown, path: string, required = false, example = '0.5'): number | undefined {
  if (v === undefined || v === null) {
    if (required) c.missing(v, path, `a positive number such as ${example}`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    c.err(path, `expected a positive number such as ${example}, got ${got(v)}`);
    return undefined;
  }
  return v;
}

/** `30m` (fixed), `{fixed: 30m}`, `{exponential: 2h}` (mean), `{lognormal: {median: 2h, sigma: 0.8}}`. */
export function readDist(c: Checker, v: unknown, path: string, required = false): DurationDist | undefined {
  if (v === undefined || v === null) {
    if (required) c.missing(v, path, 'a duration such as 30m or a distribution such as {exponential: 2h}');
    return undefined;
  }
  if (typeof v === 'string' || typeof v === 'number') {
    const value = c.duration(v, path, 'nonNegative', true, '30m');
    return value === undefined ? undefined : { kind: 'fixed', value };
  }
  const m = c.map(v, path);
  if (!m) return undefined;
  const keys = Object.keys(m);
  c.unknownFields(m, path, DISTS);
  const given = DISTS.filter((k) => keys.includes(k));
  if (given.length !== 1) {
    if (given.length === 0 && keys.every((k) => (DISTS as readonly string[]).includes(k))) {
      c.err(path, 'expected one of fixed, exponential or lognormal');
    } else if (given.length > 1)
      c.err(path, `expected one of fixed, exponential or lognormal, got ${given.join(' and ')}`);
    return undefined;
  }
  const k = given[0]!;
  const p = `${path}.${k}`;
  if (k === 'fixed') {
    const value = c.duration(m.fixed, p, 'nonNegative', true, '30m');
    return value === undefined ? undefined : { kind: 'fixed', value };
  }
  if (k === 'exponential') {
    const mean = c.duration(m.exponential, p, 'positive', true, '2h');
    return mean === undefined ? undefined : { kind: 'exponential', mean };
  }
  const ln = c.map(m.lognormal, p, true);
  if (!ln) return undefined;
  c.unknownFields(ln, p, ['median', 'sigma']);
  const median = c.duration(ln.median, `${p}.median`, 'positive', true, '2h');
  const sigma = positive(c, ln.sigma, `${p}.sigma`, true, '0.8');
  return median === undefined || sigma === undefined ? undefined : { kind: 'lognormal', median, sigma };
}

/** Exactly one of ratePerDay (per unit), mtbf (per unit) or weibull {shape, scale}. */
function readTiming(c: Checker, m: Record<string, unknown>, path: string): Timing | undefined {
  const given = TIMINGS.filter((k) => m[k] !== undefined && m[k] !== null);
  if (given.length === 0) {
    c.err(path, 'one of ratePerDay, mtbf or weibull is required');
    return undefined;
  }
  if (given.length > 1) {
    c.err(path, `only one of ratePerDay, mtbf or weibull may be set, got ${given.join(' and ')}`);
    return undefined;
  }
  if (given[0] === 'ratePerDay') {
    const r = positive(c, m.ratePerDay, `${path}.ratePerDay`, true, '0.0038');
    return r === undefined ? undefined : { kind: 'exponential', rate: r / DAY_US };
  }
  if (given[0] === 'mtbf') {
    const mtbf = c.duration(m.mtbf, `${path}.mtbf`, 'positive', true, '2112d');
    return mtbf === undefined ? undefined : { kind: 'exponential', rate: 1 / mtbf };
  }
  const w = c.map(m.weibull, `${path}.weibull`, true);
  if (!w) return undefined;
  c.unknownFields(w, `${path}.weibull`, ['shape', 'scale']);
  const shape = positive(c, w.shape, `${path}.weibull.shape`, true, '0.7');
  const scale = c.duration(w.scale, `${path}.weibull.scale`, 'positive', true, '300d');
  return shape === undefined || scale === undefined ? undefined : { kind: 'weibull', shape, scale };
}

interface Common {
  cause: string;
  category: string;
  per: FaultUnit;
  timing: Timing;
}

function readCommon(c: Checker, m: Record<string, unknown>, p: string, defaultCause?: string): Common | undefined {
  const cause = c.string(m.cause, `${p}.cause`, defaultCause === undefined) ?? defaultCause;
  const category = c.string(m.category, `${p}.category`);
  const per = c.oneOf(m.per, `${p}.per`, UNITS) ?? 'node';
  const timing = readTiming(c, m, p);
  if (cause === undefined || timing === undefined) return undefined;
  return { cause, category: category ?? cause, per, timing };
}

function items(c: Checker, v: unknown, path: string): [Record<string, unknown>, string][] {
  const list = c.list(v, path);
  const out: [Record<string, unknown>, string][] = [];
  list?.forEach((x, i) => {
    const p = idx(path, i);
    const m = c.map(x, p, true);
    if (m) out.push([m, p]);
  });
  return out;
}

export function readFaultModel(e: Entry): FaultModelSpec | undefined {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return undefined;
  c.unknownFields(spec, 'spec', ['nodePools', 'failures', 'maintenance', 'spot', 'spares', 'autoRepairDelay']);
  let nodePools: string[] | undefined;
  const pools = c.list(spec.nodePools, 'spec.nodePools');
  if (pools) {
    nodePools = [];
    pools.forEach((x, i) => {
      const s = c.string(x, idx('spec.nodePools', i), true);
      if (s !== undefined) nodePools!.push(s);
    });
  }
  const failures: FailureProcess[] = [];
  for (const [m, p] of items(c, spec.failures, 'spec.failures')) {
    c.unknownFields(m, p, ['cause', 'category', 'per', ...TIMINGS, 'blastRadius', 'recovery', 'action']);
    const common = readCommon(c, m, p);
    const blastRadius = c.oneOf(m.blastRadius, `${p}.blastRadius`, RADII) ?? 'node';
    const recovery = readDist(c, m.recovery, `${p}.recovery`, true);
    const action = c.oneOf(m.action, `${p}.action`, ACTIONS);
    if (common && recovery) failures.push({ ...common, blastRadius, recovery, ...(action ? { action } : {}) });
  }
  const maintenance: MaintenanceProcess[] = [];
  for (const [m, p] of items(c, spec.maintenance, 'spec.maintenance')) {
    c.unknownFields(m, p, ['cause', 'category', 'per', ...TIMINGS, 'notice', 'duration']);
    const common = readCommon(c, m, p, 'maintenance');
    const notice = c.duration(m.notice, `${p}.notice`, 'nonNegative', false, '7d') ?? DEFAULT_MAINTENANCE_NOTICE_US;
    const duration = readDist(c, m.duration, `${p}.duration`, true);
    if (common && duration) maintenance.push({ ...common, notice, duration });
  }
  const spot: SpotProcess[] = [];
  for (const [m, p] of items(c, spec.spot, 'spec.spot')) {
    c.unknownFields(m, p, ['cause', 'category', 'per', ...TIMINGS, 'notice', 'recovery']);
    const common = readCommon(c, m, p, 'spot-reclaim');
    const notice = c.duration(m.notice, `${p}.notice`, 'nonNegative', false, '30s') ?? DEFAULT_SPOT_NOTICE_US;
    const recovery = readDist(c, m.recovery, `${p}.recovery`, true);
    if (common && recovery) spot.push({ ...common, notice, recovery });
  }
  let spares: FaultModelSpec['spares'];
  const sp = c.map(spec.spares, 'spec.spares');
  if (sp) {
    c.unknownFields(sp, 'spec.spares', ['count', 'swapTime']);
    const count = c.int(sp.count, 'spec.spares.count', { min: 0, required: true });
    const swapTime = readDist(c, sp.swapTime, 'spec.spares.swapTime', true);
    if (count !== undefined && swapTime) spares = { count, swapTime };
  }
  const autoRepairDelay =
    c.duration(spec.autoRepairDelay, 'spec.autoRepairDelay', 'nonNegative', false, '10m') ??
    DEFAULT_AUTO_REPAIR_DELAY_US;
  if (failures.length + maintenance.length + spot.length === 0 && c.errors === before) {
    c.err('spec', 'expected at least one process in failures, maintenance or spot');
  }
  if (c.errors !== before || e.name === undefined) return undefined;
  return {
    name: e.name,
    ...(nodePools ? { nodePools } : {}),
    failures,
    maintenance,
    spot,
    ...(spares ? { spares } : {}),
    autoRepairDelay,
  };
}

/** A FaultModel's nodePools must name a pool or NodePool document of the scenario (or one a Script adds). */
export function checkFaultModelPools(entries: Entry[], scenario: Scenario, actions: TimedAction[]): void {
  const known = new Set<string>();
  const add = (name: string, replicas: number) => {
    known.add(name);
    if (replicas > 1) for (let i = 0; i < replicas; i++) known.add(`${name}-${i}`);
  };
  for (const p of scenario.nodePools) add(p.name, p.spec.replicas);
  for (const a of actions) if (a.action.kind === 'addNodePool') add(a.action.pool.name, a.action.pool.spec.replicas);
  for (const fm of scenario.faultModels) {
    const e = entries.find((x) => x.kind === 'FaultModel' && x.name === fm.name);
    fm.nodePools?.forEach((name, i) => {
      if (known.has(name)) return;
      const near = suggest(name, [...known]);
      e?.c.err(
        idx('spec.nodePools', i),
        `no NodePool or node pool named ${JSON.stringify(name)}${near ? `; did you mean "${near}"?` : ''}`,
      );
    });
  }
}
