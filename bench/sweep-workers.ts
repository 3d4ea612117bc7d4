/**
 * Sweep worker-pool speed-up: a 200-run sweep (scenarios/jax-multislice.yaml, 4 arms × 50 seeds) with 1 worker and
 * with 2 workers, repeated alternately; prints the median wall time of each and the speed-up (issue 7's target:
 * ≥ 1.7× on 2 cores). Run compiled, as real sweeps run (workers load dist/src/sweep/worker.js):
 *
 *   npm run build && node dist/bench/sweep-workers.js [RUNS] [REPEATS] [WORKLOAD]      (default 200 3 multislice)
 *
 * WORKLOAD `multislice`: runs of ≈40 ms, where each worker thread's own JIT warm-up dominates (the worst case);
 * `capacity-plan`: scenarios/capacity-plan.yaml (a generated day of 24 JobSets on Kueue, ≈0.5 s a run) over
 * 4 slice counts × RUNS/4 seeds, the size of run a planner's sweep is made of.
 *
 * Wall time is what parallelism buys, so it is the measure; the process CPU time (all threads, process.cpuUsage) is
 * printed beside it with the load average, so a reading taken on a busy machine can be told apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../src/sweep/run-sweep.js';
import { readSweepFile } from '../src/sweep/spec.js';

const RUNS = Number(process.argv[2] ?? 200);
const REPEATS = Number(process.argv[3] ?? 3);
const ARMS = 4;
const WORKLOAD = process.argv[4] ?? 'multislice';
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

async function once(workers: number, i: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now(); // wall-clock: the measure of a parallel speed-up
  const s = await runSweep(spec, { out: join(work, `w${workers}-${i}`), workers });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  if (s.runs.finished !== s.runs.planned || s.runs.failed > 0)
    throw new Error(`bench sweep incomplete: ${JSON.stringify(s.runs)}`);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results: Record<number, { wall: number; cpu: number }[]> = { 1: [], 2: [] };
console.log(
  `sweep-workers: ${WORKLOAD}, ${spec.seeds.length * ARMS} runs, ${REPEATS} repeats, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (let i = 0; i < REPEATS; i++) {
  for (const w of [1, 2]) {
    const r = await once(w, i);
    results[w]!.push(r);
    console.log(`  ${w} worker${w > 1 ? 's' : ''}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU`);
  }
}
const m1 = median(results[1]!.map((r) => r.wall));
const m2 = median(results[2]!.map((r) => r.wall));
console.log(
  `median wall: 1 worker ${m1.toFixed(1)} s, 2 workers ${m2.toFixed(1)} s; speed-up ${(m1 / m2).toFixed(2)}×`,
);
console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
rmSync(work, { recursive: true, force: true });
