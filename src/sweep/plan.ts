// A sweep's plan: its arms (one parameter assignment each) × its seeds, numbered as runs. Run r belongs to arm
// floor(r / seeds) and uses seeds[r mod seeds], so run i of every arm uses the same seed (common random numbers).
import { Rng } from '../engine/random.js';
import { roundUs } from '../metrics/stats.js';
import type { Distribution, SearchSpec, SweepSpec } from './spec.js';

export const PLAN_SCHEMA = 'jobset-sim/sweep-plan/v1';

export interface Arm {
  arm: number;
  /** Parameter path (the `--set` grammar) -> value, in the order the sweep file gives them. */
  params: Record<string, unknown>;
}

export interface PlannedRun {
  run: number;
  arm: number;
  seed: number;
}

/** Everything that decides a sweep's runs and its summary; equal plans mean shards of the same sweep. */
export interface Plan {
  schema: string;
  sweep: { name: string; file: string };
  scenario: string[];
  set: string[];
  seeds: number[];
  metrics: string[];
  /** Empty for a capacity search: its arms are created as the bisection goes. */
  arms: Arm[];
  search?: SearchSpec;
}

/** `--shard I/N`: this process runs the runs whose id ≡ I (mod N), so every shard gets a share of every arm. */
export interface Shard {
  index: number;
  count: number;
}

export function planSweep(spec: SweepSpec): Plan {
  return {
    schema: PLAN_SCHEMA,
    sweep: { name: spec.name, file: spec.file },
    scenario: spec.scenario,
    set: spec.set,
    seeds: spec.seeds,
    metrics: spec.metrics,
    arms: spec.search ? [] : armsOf(spec).map((params, arm) => ({ arm, params })),
    ...(spec.search ? { search: spec.search } : {}),
  };
}

function armsOf(spec: SweepSpec): Record<string, unknown>[] {
  const p = spec.parameters;
  switch (p.type) {
    case 'none':
      return [{}];
    case 'list':
      return p.arms;
    case 'grid': {
      // The first axis varies slowest, as a nested loop written in file order.
      let arms: Record<string, unknown>[] = [{}];
      for (const axis of p.axes) {
        arms = arms.flatMap((a) => axis.values.map((v) => ({ ...a, [axis.path]: v })));
      }
      return arms;
    }
    case 'random': {
      // Its own stream, so the arms do not depend on the run seeds.
      const rng = new Rng(`jobset-sim/sweep/${p.seed}/parameters`);
      return Array.from({ length: p.samples }, () => {
        const arm: Record<string, unknown> = {};
        for (const f of p.fields) arm[f.path] = draw(rng, f.dist);
        return arm;
      });
    }
  }
}

function draw(rng: Rng, d: Distribution): unknown {
  switch (d.type) {
    case 'uniform':
      return roundUs(rng.uniform(d.low, d.high));
    case 'logUniform':
      return roundUs(Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high))));
    case 'int':
      return d.low + rng.int(d.high - d.low + 1);
    case 'choice':
      return rng.pick(d.values);
  }
}

/** The runs of the given arms, in run-id order. */
export function runsOf(plan: Plan, arms: readonly Arm[]): PlannedRun[] {
  const n = plan.seeds.length;
  return arms.flatMap((a) => plan.seeds.map((seed, i) => ({ run: a.arm * n + i, arm: a.arm, seed })));
}

export function inShard(run: number, shard: Shard | undefined): boolean {
  return shard === undefined || run % shard.count === shard.index;
}

/** The `--set` expressions of one run: the sweep's fixed ones, then the arm's parameters. */
export function setsFor(plan: Plan, params: Record<string, unknown>): string[] {
  return [...plan.set, ...Object.entries(params).map(([path, v]) => `${path}=${JSON.stringify(v)}`)];
}
