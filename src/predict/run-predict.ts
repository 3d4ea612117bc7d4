// `predict`: the plan, then N futures (seeds S … S+N−1) on this thread and a pool of worker threads (or on this
// thread alone), then the report in seed order.
import { serialize } from 'node:v8';
import { Piscina } from 'piscina';
import { defaultWorkers, SIM_POOL_OPTIONS, workerFileBeside } from '../sweep/pool.js';
import { aggregate } from './aggregate.js';
import { runFuture } from './future.js';
import { makePlan, type PlanOptions } from './plan.js';
import type { FutureOutcome, PredictPlan, PredictReport } from './types.js';
import type { FutureTask } from './worker.js';

export interface PredictOptions extends PlanOptions {
  /** Futures; default 100. */
  runs?: number;
  /**
   * Threads that run futures, default the CPU count: this thread and workers − 1 worker threads; 0 or 1: this thread
   * alone. This thread has loaded and warmed the loader's code while reading the input, so it takes a share of the
   * futures instead of waiting: one isolate fewer loads the modules and compiles the simulator.
   */
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

/** Tells one predict's plan from another's in a worker thread (see worker.ts). */
let planIds = 0;

/**
 * Futures a worker thread holds (running and queued in its port): this thread runs a future at a time without
 * yielding, so a worker with only one would wait for this thread's future to end before its next task is posted.
 */
const TASKS_PER_WORKER = 2;

/** The plan, serialized once, in memory every worker thread can read. */
function sharedPlan(plan: PredictPlan): SharedArrayBuffer {
  const bytes = serialize(plan);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/** Lets the event loop deliver the workers' results and post their next tasks. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function predict(opts: PredictOptions): Promise<PredictRun> {
  const runs = opts.runs ?? 100;
  const threads = Math.min(opts.workers ?? defaultWorkers(), runs);
  // The worker threads start first: they load and compile their modules while this thread reads the input. The
  // sweep's young generation: a future allocates much that lives for most of its run (the restored cluster).
  const pool =
    threads > 1
      ? new Piscina<FutureTask, FutureOutcome>({
          filename: workerFileBeside(import.meta.url),
          minThreads: threads - 1,
          maxThreads: threads - 1,
          concurrentTasksPerWorker: TASKS_PER_WORKER,
          idleTimeout: 60_000,
          ...SIM_POOL_OPTIONS,
        })
      : undefined;
  try {
    return await predictWith(opts, runs, threads, pool);
  } finally {
    await pool?.destroy();
  }
}

async function predictWith(
  opts: PredictOptions,
  runs: number,
  threads: number,
  pool: Piscina<FutureTask, FutureOutcome> | undefined,
): Promise<PredictRun> {
  const cpu0 = cpuNow();
  const { plan, seed, neverSchedulable, warnings } = makePlan(opts);
  const cpu1 = cpuNow();
  let outcomes: FutureOutcome[];
  const extra = [...warnings];
  if (neverSchedulable !== undefined) {
    outcomes = Array.from({ length: runs }, (_, i) => neverOutcome(plan, seed + i, neverSchedulable));
    extra.push({
      code: 'NeverSchedulable',
      object: `${plan.submitted.namespace}/${plan.submitted.name}`,
      message: neverSchedulable,
    });
  } else {
    outcomes = await runFutures(plan, seed, runs, pool, Math.max(threads - 1, 0), opts.onProgress);
  }
  const cpu2 = cpuNow();
  return { report: aggregate(plan, seed, outcomes, extra), cpuMs: { plan: cpu1 - cpu0, futures: cpu2 - cpu1 } };
}

/**
 * Futures seed, seed + 1, …, in seed order. The workers and this thread take the next seed as they free up; each
 * outcome depends on its seed alone, so who runs which does not change the report.
 */
async function runFutures(
  plan: PredictPlan,
  seed: number,
  runs: number,
  pool: Piscina<FutureTask, FutureOutcome> | undefined,
  workers: number,
  onProgress: PredictOptions['onProgress'],
): Promise<FutureOutcome[]> {
  const outcomes: FutureOutcome[] = new Array(runs);
  let next = 0;
  let done = 0;
  const record = (i: number, o: FutureOutcome) => {
    outcomes[i] = o;
    onProgress?.(++done, runs);
  };
  const inWorkers: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  if (pool) {
    const shared = sharedPlan(plan);
    const planId = ++planIds;
    // One chain per task slot: each takes the next seed when its previous future is back. A failure (a worker
    // that died) stops every thread taking seeds and is raised once the others are back.
    const chain = async (): Promise<void> => {
      while (next < runs) {
        const i = next++;
        record(i, await pool.run({ seed: seed + i, planId, plan: shared }));
      }
    };
    for (let k = 0; k < workers * TASKS_PER_WORKER; k++) {
      inWorkers.push(
        chain().catch((e: unknown) => {
          failure ??= { error: e };
          next = runs;
        }),
      );
    }
  }
  while (next < runs) {
    const i = next++;
    record(i, runFuture(plan, seed + i));
    if (pool) await yieldToEventLoop();
  }
  await Promise.all(inWorkers);
  if (failure) throw failure.error;
  return outcomes;
}
