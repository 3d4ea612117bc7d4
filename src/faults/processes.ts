// The FaultModel's stochastic processes: for each process and each node pool it selects, failure times drawn
// from the stream `faults/<model>/<cause>/<pool>` (so adding a pool or a process reshuffles nothing else), each
// fault handed to the FaultInjector like a scripted one. Exponential processes are superposed over the pool's
// units (one timer per pool, the unit picked uniformly); Weibull processes renew per unit. A fault that lands on a
// unit already out of service is dropped (the hazard applies to units in service). Processes are timers, not
// arrivals: they never keep a run alive (CONTRACT §2).
import type { ControllerContext } from '../controllers/context.js';
import type { RandomStreams, Rng } from '../engine/random.js';
import { Phase } from '../engine/simulator.js';
import { drawDuration, drawInterval } from './distributions.js';
import type { FaultInfo, FaultInjector, PoolInfo } from './injector.js';
import type { BlastRadius, FailureProcess, FaultModelSpec, MaintenanceProcess, SpotProcess } from './spec.js';

type AnyProcess =
  | { kind: 'failure'; p: FailureProcess }
  | { kind: 'maintenance'; p: MaintenanceProcess }
  | { kind: 'spot'; p: SpotProcess };

const DOMAIN_LABEL: Record<Exclude<BlastRadius, 'node' | 'pool'>, string> = {
  subblock: 'cloud.google.com/gce-topology-subblock',
  block: 'cloud.google.com/gce-topology-block',
  zone: 'topology.kubernetes.io/zone',
};

/** A process's recovery and spare-swap streams, `<base>/recovery` and `<base>/spares`, taken on first use. */
interface FaultStreams {
  random: RandomStreams;
  base: string;
  rec?: Rng;
  swap?: Rng;
}

/** Hot spares of one model: a stock of failure domains held outside the cluster. */
class SpareStock {
  constructor(public available: number) {}
}

export class FaultProcesses {
  /** Running pool processes, by pool name: set to false to stop them. */
  private readonly active = new Map<string, { running: boolean }>();
  private readonly spares = new Map<string, SpareStock>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly injector: FaultInjector,
    private readonly models: readonly FaultModelSpec[],
  ) {
    for (const m of models) if (m.spares) this.spares.set(m.name, new SpareStock(m.spares.count));
    injector.listen({
      poolAdded: (pool) => this.start(pool),
      poolRemoved: (pool) => {
        const a = this.active.get(pool.name);
        if (a) a.running = false;
        this.active.delete(pool.name);
      },
    });
  }

  /** Spare domains available now, by model (for tests and metrics). */
  sparesAvailable(model: string): number | undefined {
    return this.spares.get(model)?.available;
  }

  private start(pool: PoolInfo): void {
    const flag = { running: true };
    this.active.set(pool.name, flag);
    for (const m of this.models) {
      if (m.nodePools && !m.nodePools.includes(pool.name) && !m.nodePools.includes(pool.poolDoc)) continue;
      const all: AnyProcess[] = [
        ...m.failures.map((p) => ({ kind: 'failure' as const, p })),
        ...m.maintenance.map((p) => ({ kind: 'maintenance' as const, p })),
        ...m.spot.map((p) => ({ kind: 'spot' as const, p })),
      ];
      for (const proc of all) this.startProcess(m, proc, pool, flag);
    }
  }

  private startProcess(m: FaultModelSpec, proc: AnyProcess, pool: PoolInfo, flag: { running: boolean }): void {
    const { p } = proc;
    const base = `faults/${m.name}/${p.cause}/${pool.name}`;
    const rng = this.ctx.random.stream(base);
    // The recovery and spare-swap streams are taken at the first fault: a stream is a function of its name alone,
    // and most of a large fleet's pool processes never fire in a run (two of three stream set-ups per process).
    const streams: FaultStreams = { random: this.ctx.random, base };
    const nodes = pool.templates.length;
    // Units: nodes, devices (each node's devices), or the pool as one unit.
    const perNode = p.per === 'device' ? pool.devices : 1;
    const units = p.per === 'pool' ? 1 : nodes * perNode;
    if (units === 0 || nodes === 0) return;
    const sim = this.ctx.sim;
    const fire = (unit: number) => {
      const nodeIndex = p.per === 'pool' ? 0 : Math.floor(unit / perNode);
      this.inject(m, proc, pool, nodeIndex, streams);
    };
    if (p.timing.kind === 'exponential') {
      const tick = () => {
        if (!flag.running) return;
        fire(units === 1 ? 0 : rng.int(units));
        sim.after(drawInterval(p.timing, units, rng), Phase.Arrival, tick);
      };
      sim.after(drawInterval(p.timing, units, rng), Phase.Arrival, tick);
      return;
    }
    for (let u = 0; u < units; u++) {
      const tick = () => {
        if (!flag.running) return;
        fire(u);
        sim.after(drawInterval(p.timing, 1, rng), Phase.Arrival, tick);
      };
      sim.after(drawInterval(p.timing, 1, rng), Phase.Arrival, tick);
    }
  }

  private inject(m: FaultModelSpec, proc: AnyProcess, pool: PoolInfo, nodeIndex: number, streams: FaultStreams): void {
    const { p } = proc;
    const rec = (streams.rec ??= streams.random.stream(`${streams.base}/recovery`));
    const node = pool.templates[nodeIndex]?.metadata.name ?? '';
    // A pool unit fails at least as a whole pool; a wider blast radius (sub-block, block, zone) still applies.
    const declared: BlastRadius = proc.kind === 'failure' ? proc.p.blastRadius : 'node';
    const radius: BlastRadius = p.per === 'pool' && declared === 'node' ? 'pool' : declared;
    const targets = this.blast(pool, node, radius);
    if (this.injector.anyDown(targets)) return;
    const info: FaultInfo = { cause: p.cause, category: p.category, source: `FaultModel/${m.name}` };
    if (proc.kind === 'maintenance') {
      this.injector.maintenance(targets, info, proc.p.notice, () => drawDuration(proc.p.duration, rec));
      return;
    }
    if (proc.kind === 'spot') {
      this.injector.spotReclaim(targets, info, proc.p.notice, drawDuration(proc.p.recovery, rec));
      return;
    }
    const recoverAfter = drawDuration(proc.p.recovery, rec);
    const stock = this.spares.get(m.name);
    let replaceAfter: number | undefined;
    if (stock && stock.available > 0 && m.spares) {
      streams.swap ??= streams.random.stream(`${streams.base}/spares`);
      replaceAfter = drawDuration(m.spares.swapTime, streams.swap);
      if (replaceAfter >= recoverAfter) replaceAfter = undefined;
    }
    const failed = this.injector.fail(targets, info, {
      ...(proc.p.action ? { action: proc.p.action } : {}),
      recoverAfter,
      autoRepairDelay: m.autoRepairDelay,
      ...(replaceAfter !== undefined ? { replaceAfter } : {}),
    });
    if (failed.length > 0 && replaceAfter !== undefined && stock) {
      // The spare takes the failed domain's place; the failed hardware joins the stock once repaired.
      stock.available--;
      this.ctx.sim.after(recoverAfter, Phase.Arrival, () => stock.available++);
    }
  }

  /** The nodes one fault takes down. */
  private blast(pool: PoolInfo, node: string, radius: BlastRadius): string[] {
    if (radius === 'node') return [node];
    if (radius === 'pool') return pool.templates.map((t) => t.metadata.name ?? '');
    const label = DOMAIN_LABEL[radius];
    const value = pool.templates.find((t) => t.metadata.name === node)?.metadata.labels?.[label];
    if (value === undefined) return [node];
    const out: string[] = [];
    for (const p of this.injector.pools.values()) {
      for (const t of p.templates) if (t.metadata.labels?.[label] === value) out.push(t.metadata.name ?? '');
    }
    return out;
  }
}
