// Runs scenarios/placement-policies.yaml once per placement policy with the same seed (the library's `sets`, as
// `--set scheduler.policy=<name>` on the command line) and prints a Markdown table for the README.
// Run: npx tsx bench/placement-policies.ts [scenario] [--set PATH=VALUE ...]
import type { Distribution } from '../src/metrics/stats.js';
import { POLICIES, simulate } from '../src/simulate.js';

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('--') ? args[0] : 'scenarios/placement-policies.yaml';
const extra: string[] = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--set' && args[i + 1]) extra.push(args[++i]!);

const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '–');
const num = (x: unknown, d = 2) => (typeof x === 'number' ? x.toFixed(d) : '–');
const min = (s: number | null | undefined) => (typeof s === 'number' ? `${(s / 60).toFixed(1)}` : '–');

console.log(`command: npx tsx bench/placement-policies.ts ${args.join(' ')}`.trim());
console.log('');
console.log(
  '| policy | GPU alloc | TPU alloc | stranded GPUs | stranded TPU chips | partial pools | to all-running p50 / p95 (min) | never all running | makespan (h) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
// The FGD study's policies score GPU-share pods (Open-GPU-Share annotations); this scenario has none, so they are
// measured on the openb replay instead (bench/gpu-share-policies.ts).
const STUDY = new Set(['dot-product', 'gpu-clustering', 'gpu-packing', 'best-fit', 'fgd']);
for (const policy of POLICIES.filter((p) => !STUDY.has(p))) {
  const { result } = simulate(file, { sets: [`scheduler.policy=${policy}`, ...extra], retainEvents: false });
  const m = result.metrics;
  const stranded = (m.stranded ?? {}) as Record<string, number>;
  const partial = (m.partialDomains ?? {}) as Record<string, number>;
  const ttr = m.timeToAllRunning as Distribution;
  const never = result.jobsets.filter((j) => j.runningAt === null).length;
  console.log(
    `| ${policy} | ${pct(m.utilization['nvidia.com/gpu'])} | ${pct(m.utilization['google.com/tpu'])} | ${num(stranded['nvidia.com/gpu'])} | ${num(stranded['google.com/tpu'])} | ${num(partial.nodepool)} | ${min(ttr.p50)} / ${min(ttr.p95)} | ${never} | ${num((m.makespan ?? 0) / 3600)} |`,
  );
}
