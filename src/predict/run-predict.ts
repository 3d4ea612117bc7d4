// `predict`: the plan, then N futures (seeds S … S+N−1) on the worker pool (or in this thread with workers 0),
// then the report in seed order.
import { defaultWorkers, WorkerPool, workerFileBeside } from '../sweep/pool.js';
import { aggregate } from './aggregate.js';
import { runFuture } from './future.js';
import { makePlan, type PlanOptions } from './plan.js';
import type { FutureOutcome, PredictPlan, PredictReport } from './types.js';

export interface PredictOptions extends PlanOptions {
  /** Futures; default 100. */
  runs?: number;
  /** Worker threads; default the CPU count; 0 runs the futures in this thread. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PredictRun {
  report: PredictReport;
  /**
   * CPU time (ms) of the whole process while the futures ran, worker threads included (process.cpuUsage), and of
   * the plan before them: for stderr and benchmarks, never in the report.
   */
  cpuMs: { plan: number; futures: number };
}

/** Every future of a JobSet no node can ever hold, without running them: the preflight's verdict is the answer. */
function neverOutcome(plan: PredictPlan, seed: number, message: string): FutureOutcome {
  return {
    seed,
    admission: null,
    allRunning: null,
    completion: null,
    terminalState: null,
    clusterQueue: null,
    flavors: null,
    preempted: [],
    evictions: 0,
    waits: [{ category: 'neverSchedulable', reason: 'NeverSchedulable', message, seconds: plan.horizon }],
    end: 0,
    stoppedBy: 'preflight',
  };
}

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export async function predict(opts: PredictOptions): Promise<PredictRun> {
  const cpu0 = cpuNow();
  const { plan, seed, neverSchedulable, warnings } = makePlan(opts);
  const cpu1 = cpuNow();
  const runs = opts.runs ?? 100;
  const seeds = Array.from({ length: runs }, (_, i) => seed + i);
  let outcomes: FutureOutcome[];
  const extra = [...warnings];
  if (neverSchedulable !== undefined) {
    outcomes = seeds.map((s) => neverOutcome(plan, s, neverSchedulable));
    extra.push({
      code: 'NeverSchedulable',
      object: `${plan.submitted.namespace}/${plan.submitted.name}`,
      message: neverSchedulable,
    });
  } else {
    const workers = opts.workers ?? defaultWorkers();
    let done = 0;
    const tick = (o: FutureOutcome) => {
      opts.onProgress?.(++done, runs);
      return o;
    };
    if (workers === 0) {
      outcomes = seeds.map((s) => tick(runFuture(plan, s)));
    } else {
      const pool = new WorkerPool<number, FutureOutcome>(
        workerFileBeside(import.meta.url),
        Math.min(workers, runs),
        plan,
      );
      try {
        outcomes = await Promise.all(seeds.map(async (s) => tick(await pool.run(s))));
      } finally {
        await pool.close();
      }
    }
  }
  const cpu2 = cpuNow();
  return { report: aggregate(plan, seed, outcomes, extra), cpuMs: { plan: cpu1 - cpu0, futures: cpu2 - cpu1 } };
}
