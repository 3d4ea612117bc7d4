/**
 * The FGD study's cost (issue 10: one curve, one policy and one seed, in under 2 seconds): one curve per policy at
 * seed 42 (the replay of src/study/replay.ts on the whole openb trace, inputs already parsed; median of REPEATS),
 * the parse of the two CSVs, and the 60-run sweep of scenarios/fgd-openb.sweep.yaml on 2 workers. Run compiled, as
 * sweeps run (workers load dist/src/sweep/worker.js):
 *
 *   npm run build && node dist/bench/fgd-curve.js [REPEATS] [--no-sweep]      (default 3)
 *
 * CPU time (process.cpuUsage: this thread for a curve, all threads for the sweep) is the measure on a shared
 * machine; wall time is printed beside it with the load average.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICIES } from '../src/gpushare/policies.js';
import { readStudyNodes, readStudyPods } from '../src/study/openb-input.js';
import { runStudy } from '../src/study/replay.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { readSweepFile } from '../src/sweep/spec.js';

const REPEATS = Number(process.argv[2] ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = here.includes(join('dist', 'bench')) ? join(here, '..', '..') : join(here, '..');
const trace = join(root, 'scenarios/traces/alibaba-openb-2023');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

console.log(`fgd-curve: load average ${load()}`);
const parse = timed(() => ({
  nodes: readStudyNodes(readFileSync(join(trace, 'openb_node_list_gpu_node.csv'), 'utf8'), 'nodes').nodes,
  pods: readStudyPods(readFileSync(join(trace, 'openb_pod_list_default.csv'), 'utf8'), 'pods').pods,
}));
const { nodes, pods } = parse.value;
console.log(
  `  parse CSVs (${nodes.length} nodes, ${pods.length} pods): ${parse.cpu.toFixed(3)} s CPU, ${parse.wall.toFixed(3)} s wall`,
);
for (const policy of POLICIES) {
  const runs = Array.from({ length: REPEATS }, () => timed(() => runStudy(nodes, pods, { policy, seed: 42 })));
  const r = runs[0]!.value;
  console.log(
    `  ${policy.padEnd(15)} one curve: ${median(runs.map((x) => x.cpu)).toFixed(3)} s CPU, ${median(runs.map((x) => x.wall)).toFixed(3)} s wall (median of ${REPEATS}); ${r.placed} placed, ${r.failed} failed`,
  );
}
if (!process.argv.includes('--no-sweep')) {
  const out = mkdtempSync(join(tmpdir(), 'fgd-sweep-'));
  const spec = readSweepFile(join(root, 'scenarios/fgd-openb.sweep.yaml'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await runSweep(spec, { out, workers: 2 });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(
    `  sweep ${s.runs.finished}/${s.runs.planned} runs (${s.runs.failed} failed) on 2 workers: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU (all threads), ${wall.toFixed(1)} s wall`,
  );
  rmSync(out, { recursive: true, force: true });
}
console.log(`  load average at the end: ${load()}`);
