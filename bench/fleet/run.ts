// The fleet benchmark (issue 9): the fleet scenario at several sizes, the same load per node, each run in its own
// process (bench/fleet/measure.ts: `run --output json` without `--out`), and a table of wall time, CPU time, events
// per second, pod placements per second, simulated accelerator-hours per wall second, peak RSS and per-event cost,
// with the largest size's per-event cost over the smallest's.
//
//   npm run build && node dist/bench/fleet/run.js [--days D] [NODES...]      (default 1000 3000 10000 30000, 30 days)
//
// CPU time (process.cpuUsage of the child) is the primary figure on a shared machine; wall time is for a quiet one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLEET_DAYS, writeFleet } from './generate.js';
import type { FleetMeasure } from './measure.js';

const args = process.argv.slice(2);
let days = FLEET_DAYS;
const sizes: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--days') days = Number(args[++i]);
  else sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(1000, 3000, 10_000, 30_000);

const here = fileURLToPath(new URL('.', import.meta.url));
const measureScript = join(here, fileURLToPath(import.meta.url).endsWith('.ts') ? 'measure.ts' : 'measure.js');
const execArgs = measureScript.endsWith('.ts') ? ['--import', 'tsx'] : [];

const rows: FleetMeasure[] = [];
for (const n of sizes) {
  const file = writeFleet(n, days);
  const p = spawnSync(process.execPath, [...execArgs, '--max-old-space-size=4096', measureScript, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (p.status !== 0) {
    process.stderr.write(p.stderr);
    throw new Error(`${file}: exit ${p.status}`);
  }
  const m = JSON.parse(p.stdout.trim().split('\n').pop()!) as FleetMeasure;
  rows.push(m);
  console.log(JSON.stringify(m));
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  `\n| nodes | JobSets / pods | days | engine events | placements | CPU s | wall s | events/CPU-s | placements/CPU-s | accel-h / CPU-s | accel-h / wall s | peak RSS MB | µs/event (CPU, run only) |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const m of rows) {
  const cpuS = m.cpuMs / 1000;
  const wallS = m.wallMs / 1000;
  console.log(
    `| ${fmt(m.nodes)} | ${fmt(m.jobSets)} / ${fmt(m.pods)} | ${days} | ${fmt(m.engineEvents)} | ${fmt(m.placements)} | ${fmt(cpuS, 1)} | ${fmt(wallS, 1)} | ${fmt(m.engineEvents / cpuS)} | ${fmt(m.placements / cpuS)} | ${fmt(m.acceleratorHours / cpuS)} | ${fmt(m.acceleratorHours / wallS)} | ${fmt(m.maxRssMb)} | ${fmt(((m.cpuMs - m.loadCpuMs) * 1000) / m.engineEvents, 1)} |`,
  );
}
if (rows.length > 1) {
  const per = (m: FleetMeasure) => (m.cpuMs - m.loadCpuMs) / m.engineEvents;
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  console.log(
    `\nper-event CPU cost (run, without loading) ${fmt(last.nodes)} ÷ ${fmt(first.nodes)} nodes: ${(per(last) / per(first)).toFixed(2)}×`,
  );
}
