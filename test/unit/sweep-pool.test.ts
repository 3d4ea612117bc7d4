// The worker pool's options reach its threads: a sweep's workers get the larger young generation
// (SIM_YOUNG_GENERATION_MB, src/sweep/pool.ts), a WorkerPool without options keeps V8's own limits, and a caller's
// resourceLimits (predict's pool may pass its own) are the ones a thread sees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIM_POOL_OPTIONS, SIM_YOUNG_GENERATION_MB, WorkerPool } from '../../src/sweep/pool.js';

const dir = mkdtempSync(join(tmpdir(), 'sweep-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A worker that answers with its own thread's heap limits and the task it was given.
const worker = join(dir, 'limits.mjs');
writeFileSync(
  worker,
  "import { resourceLimits } from 'node:worker_threads';\nexport default (task) => ({ task, young: resourceLimits.maxYoungGenerationSizeMb });\n",
);

async function youngOf(options?: ConstructorParameters<typeof WorkerPool>[3]): Promise<number[]> {
  const pool = new WorkerPool<number, { task: number; young: number }>(worker, 2, undefined, options);
  try {
    const out = await Promise.all([1, 2, 3, 4].map((t) => pool.run(t)));
    expect(out.map((o) => o.task)).toEqual([1, 2, 3, 4]);
    return out.map((o) => o.young);
  } finally {
    await pool.close();
  }
}

describe('WorkerPool options', () => {
  it("gives every thread of a sweep's pool the simulation's young generation", async () => {
    expect(SIM_POOL_OPTIONS.resourceLimits?.maxYoungGenerationSizeMb).toBe(SIM_YOUNG_GENERATION_MB);
    expect(await youngOf(SIM_POOL_OPTIONS)).toEqual([192, 192, 192, 192]);
  });

  it("keeps V8's own limits without options, and takes a caller's resourceLimits", async () => {
    const own = await youngOf(); // V8's default for the machine (48 MB on 64-bit), not the sweep's
    expect(new Set(own).size).toBe(1);
    expect(own[0]).toBeGreaterThan(0);
    expect(own[0]).not.toBe(SIM_YOUNG_GENERATION_MB);
    expect(await youngOf({ resourceLimits: { maxYoungGenerationSizeMb: 64 } })).toEqual([64, 64, 64, 64]);
  });
});
