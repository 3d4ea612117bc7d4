// The worker pool: piscina worker threads, each running one simulation per task. Compiled runs load
// dist/src/sweep/worker.js; from the sources (tests, tsx) a small .mjs shim loads worker.ts through tsx.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RunRecord, RunTask } from './record.js';

export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), here.endsWith('.ts') ? 'worker-tsx.mjs' : 'worker.js');
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export class RunPool {
  private readonly pool: Piscina<RunTask, RunRecord>;

  constructor(workers: number) {
    const n = Math.max(1, Math.floor(workers));
    this.pool = new Piscina({ filename: workerFile(), minThreads: n, maxThreads: n, idleTimeout: 60_000 });
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
    await this.pool.destroy();
  }
}
