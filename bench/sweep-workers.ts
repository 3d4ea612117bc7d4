/**
 * Sweep worker-pool speed-up: a 200-run sweep (scenarios/jax-multislice.yaml, 4 arms × 50 seeds) with 1 worker and
 * with 2 workers, repeated alternately; prints the median wall time of each and the speed-up (issue 7's target:
 * ≥ 1.7× on 2 cores). Run compiled, as real sweeps run (workers load dist/src/sweep/worker.js):
 *
 *   npm run build && node dist/bench/sweep-workers.js [RUNS] [REPEATS] [WORKLOAD] [YOUNG_MB]  (default 200 3 multislice)
 *
 * WORKLOAD `multislice`: runs of ≈40 ms, where each worker thread's own JIT warm-up dominates (the worst case);
 * `capacity-plan`: scenarios/capacity-plan.yaml (a generated day of 24 JobSets on Kueue, ≈0.5 s a run) over
 * 4 slice counts × RUNS/4 seeds, the size of run a planner's sweep is made of; `failures-what-if`:
 * scenarios/failures-what-if.yaml (14 days of a 1,024-chip multislice job under chip failures, 0.3–0.7 s a run) over
 * its four arms (spare slice 1 or 0 × checkpoint every 1 h or 4 h), a realistic sweep whose runs outlast the warm-up.
 * YOUNG_MB sets the workers' young generation (resourceLimits.maxYoungGenerationSizeMb; 0 = V8's own 48 MB) in place
 * of the pool's default (SIM_YOUNG_GENERATION_MB), to compare the two.
 *
 * Wall time is what parallelism buys, so it is the measure; the process CPU time (all threads, process.cpuUsage) is
 * printed beside it with the load average, so a reading taken on a busy machine can be told apart.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIM_POOL_OPTIONS, type WorkerPoolOptions } from '../src/sweep/pool.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { readSweepFile } from '../src/sweep/spec.js';

const RUNS = Number(process.argv[2] ?? 200);
const REPEATS = Number(process.argv[3] ?? 3);
const ARMS = 4;
const WORKLOAD = process.argv[4] ?? 'multislice';
const YOUNG = process.argv[5];
const POOL: WorkerPoolOptions =
  YOUNG === undefined
    ? SIM_POOL_OPTIONS
    : Number(YOUNG) > 0
      ? { resourceLimits: { maxYoungGenerationSizeMb: Number(YOUNG) } }
      : {};
const SWEEPS: Record<string, (root: string, seeds: number) => string> = {
  multislice: (root, seeds) => `  scenario: [${join(root, 'scenarios/jax-multislice.yaml')}]
  seeds: ${seeds}
  parameters:
    grid:
      NodePool/v5e-slice:spec.replicas: [4, 3]
      latencyProfile: [realistic, zero]
`,
  'capacity-plan': (root, seeds) => `  scenario: [${join(root, 'scenarios/capacity-plan.yaml')}]
  seeds: ${seeds}
  parameters:
    grid:
      NodePool/v5p:spec.replicas: [8, 9, 10, 12]
`,
  'failures-what-if': (root, seeds) => `  scenario: [${join(root, 'scenarios/failures-what-if.yaml')}]
  seeds: ${seeds}
  parameters:
    grid:
      FaultModel/tpu-faults:spec.spares.count: [1, 0]
      JobSet/llm-pretrain:metadata.annotations["jobset-sim.dev/checkpoint-interval"]: [1h, 4h]
`,
};
if (!SWEEPS[WORKLOAD]) throw new Error(`WORKLOAD must be one of ${Object.keys(SWEEPS).join(', ')}, not ${WORKLOAD}`);

function findRoot(): string {
  // dist/bench/x.js or bench/x.ts: the repository root holds scenarios/
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.includes(`${join('dist', 'bench')}`) ? join(here, '..', '..') : join(here, '..');
}

const work = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
const file = join(work, 'bench.sweep.yaml');
writeFileSync(
  file,
  `apiVersion: jobset-sim.dev/v1alpha1
kind: Sweep
metadata: {name: bench}
spec:
${SWEEPS[WORKLOAD](findRoot(), Math.ceil(RUNS / ARMS))}`,
);
const spec = readSweepFile(file);

/**
 * CPU seconds (user + system) of each live thread of this process, from /proc/self/task/<tid>/stat (Linux; empty
 * elsewhere). Worker threads have exited by the time a sweep returns, so the bench splits the process's CPU as: the
 * main thread, the threads that outlive the sweep (V8's platform threads: concurrent compilation and GC helpers, and
 * libuv's), and the rest, the pool's worker threads.
 */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync('/proc/self/task')) return out;
  const tick = 100; // USER_HZ, 100 on Linux
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / tick); // fields 14 and 15 (utime, stime) of stat
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

interface Reading {
  wall: number;
  cpu: number;
  main: number;
  background: number;
  workers: number;
}

async function once(workers: number, i: number): Promise<Reading> {
  const threads0 = threadCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now(); // wall-clock: the measure of a parallel speed-up
  const s = await runSweep(spec, { out: join(work, `w${workers}-${i}`), workers, pool: POOL });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const threads1 = threadCpu();
  if (s.runs.finished !== s.runs.planned || s.runs.failed > 0)
    throw new Error(`bench sweep incomplete: ${JSON.stringify(s.runs)}`);
  const cpu = (c.user + c.system) / 1e6;
  const self = String(process.pid);
  const main = (threads1.get(self) ?? 0) - (threads0.get(self) ?? 0);
  let background = 0;
  for (const [tid, t] of threads1) if (tid !== self) background += t - (threads0.get(tid) ?? 0);
  return { wall, cpu, main, background, workers: Math.max(0, cpu - main - background) };
}

/** The middle value; with an even count, the mean of the two middle ones (the upper one alone flattered 2 repeats). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

const results: Record<number, Reading[]> = { 1: [], 2: [] };
console.log(
  `sweep-workers: ${WORKLOAD}, ${spec.seeds.length * ARMS} runs, ${REPEATS} repeats, young generation ${POOL.resourceLimits?.maxYoungGenerationSizeMb ?? 'V8 default'} MB, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (let i = 0; i < REPEATS; i++) {
  for (const w of [1, 2]) {
    const r = await once(w, i);
    results[w]!.push(r);
    console.log(
      `  ${w} worker${w > 1 ? 's' : ''}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU (worker threads ${r.workers.toFixed(1)}, V8/libuv background threads ${r.background.toFixed(1)}, main ${r.main.toFixed(1)})`,
    );
  }
}
const m1 = median(results[1]!.map((r) => r.wall));
const m2 = median(results[2]!.map((r) => r.wall));
// Each repeat's 1-worker and 2-worker sweeps run back to back, so their ratio cancels the machine's drift.
const pairs = results[1]!.map((r, i) => r.wall / results[2]![i]!.wall);
console.log(
  `median wall: 1 worker ${m1.toFixed(1)} s, 2 workers ${m2.toFixed(1)} s; speed-up ${(m1 / m2).toFixed(2)}×; ` +
    `pairs ${pairs.map((x) => `${x.toFixed(2)}×`).join(' ')}, median pair ${median(pairs).toFixed(2)}×`,
);
console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
rmSync(work, { recursive: true, force: true });
