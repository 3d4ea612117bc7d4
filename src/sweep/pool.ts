// The worker pool: piscina worker threads, each running one simulation per task. Compiled runs load
// dist/src/<layer>/worker.js; from the sources (tests, tsx) a small .mjs shim beside it loads worker.ts through tsx.
// Sweeps use RunPool; `predict` uses WorkerPool with its own worker and the plan as workerData (sent once per thread).
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** A fixed-size piscina pool over one worker file; `workerData` reaches every thread once, at its start. */
export class WorkerPool<T, R> {
  private readonly pool: Piscina<T, R>;

  constructor(filename: string, workers: number, workerData?: unknown) {
    const n = Math.max(1, Math.floor(workers));
    this.pool = new Piscina({ filename, minThreads: n, maxThreads: n, idleTimeout: 60_000, workerData });
  }

  run(task: T): Promise<R> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

export class RunPool {
  private readonly pool: WorkerPool<RunTask, RunRecord>;

  constructor(workers: number) {
    this.pool = new WorkerPool(workerFile(), workers);
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
