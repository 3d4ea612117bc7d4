// The worker pool: piscina worker threads, each running one simulation per task. Compiled runs load
// dist/src/<layer>/worker.js; from the sources (tests, tsx) a small .mjs shim beside it loads worker.ts through tsx.
// Sweeps use RunPool; `predict` uses WorkerPool with its own worker and the plan as workerData (sent once per thread).
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunRecord, RunTask } from './record.js';

/** The worker beside a module: `worker-tsx.mjs` when that module runs from its .ts source, else `worker.js`. */
export function workerFileBeside(moduleUrl: string): string {
  const here = fileURLToPath(moduleUrl);
  return join(dirname(here), here.endsWith('.ts') ? 'worker-tsx.mjs' : 'worker.js');
}

export function workerFile(): string {
  return workerFileBeside(import.meta.url);
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Each worker thread's V8 heap limits (node:worker_threads ResourceLimits). V8 flags proper cannot be given per
 * thread: a Worker's execArgv refuses them, and v8.setFlagsFromString on a running process is unsafe (turning on
 * --single-threaded-gc that way aborts V8 in its next major GC on Node 20).
 */
export interface WorkerPoolOptions {
  resourceLimits?: ResourceLimits;
}

/**
 * A simulation worker's young generation (maxYoungGenerationSizeMb; V8's default on 64-bit is 48 MB, three 16 MB
 * semi-spaces). A run allocates hundreds of MB whose objects live for much of the run (the cluster's state), so with
 * the default most scavenges copy survivors and promote them, to be marked again by the concurrent major GC on V8's
 * background threads, which compete with a second worker for the cores. 192 MB: half the scavenges and a third less
 * scavenge time on scenarios/failures-what-if.yaml (bench/sweep-workers.ts), for ≈150 MB more memory a thread.
 */
export const SIM_YOUNG_GENERATION_MB = 192;

/** A fixed-size piscina pool over one worker file; `workerData` reaches every thread once, at its start. */
export class WorkerPool<T, R> {
  private readonly pool: Piscina<T, R>;

  constructor(filename: string, workers: number, workerData?: unknown, options: WorkerPoolOptions = {}) {
    const n = Math.max(1, Math.floor(workers));
    this.pool = new Piscina({
      filename,
      minThreads: n,
      maxThreads: n,
      idleTimeout: 60_000,
      workerData,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
  }

  run(task: T): Promise<R> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The sweep pool's default options. */
export const SIM_POOL_OPTIONS: WorkerPoolOptions = {
  resourceLimits: { maxYoungGenerationSizeMb: SIM_YOUNG_GENERATION_MB },
};

export class RunPool {
  private readonly pool: WorkerPool<RunTask, RunRecord>;

  constructor(workers: number, options: WorkerPoolOptions = SIM_POOL_OPTIONS) {
    this.pool = new WorkerPool(workerFile(), workers, undefined, options);
  }

  /** Runs one task; a worker that dies (out of memory, a crash) yields the run's internal error, not a rejection. */
  async run(task: RunTask): Promise<RunRecord> {
    try {
      return await this.pool.run(task);
    } catch (e) {
      const message = `the worker running this simulation failed: ${e instanceof Error ? e.message : String(e)}`;
      return {
        run: task.run,
        arm: task.arm,
        params: task.params,
        seed: task.seed,
        error: { type: 'internal', message },
      };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
