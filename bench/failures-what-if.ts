// Runs scenarios/failures-what-if.yaml in four arms (spare slice 1 or 0 × checkpoint interval 1 h or 4 h) over
// seeds 1..N (the same seeds in every arm: common random numbers, since failure times come from their own streams)
// and prints the README's goodput table: mean goodput, lost work, time in restarts, interruptions, wall days.
// Usage: npx tsx bench/failures-what-if.ts [seeds=5]
import { simulate } from '../src/simulate.js';

const seeds = Number(process.argv[2] ?? 5);
const FILE = 'scenarios/failures-what-if.yaml';
const arms: [string, string[]][] = [
  ['spare 1, checkpoint 1h', []],
  ['spare 1, checkpoint 4h', ['JobSet/llm-pretrain:metadata.annotations["jobset-sim.dev/checkpoint-interval"]=4h']],
  ['spare 0, checkpoint 1h', ['FaultModel/tpu-faults:spec.spares.count=0']],
  [
    'spare 0, checkpoint 4h',
    [
      'FaultModel/tpu-faults:spec.spares.count=0',
      'JobSet/llm-pretrain:metadata.annotations["jobset-sim.dev/checkpoint-interval"]=4h',
    ],
  ],
];

const cpu0 = process.cpuUsage();
console.log('| arm | goodput | lost work (h) | in restarts (h) | checkpointing (h) | interruptions | wall (days) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, sets] of arms) {
  const acc = { goodput: 0, lost: 0, restart: 0, ckpt: 0, n: 0, wall: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const { result } = simulate(FILE, { seed, sets, retainEvents: false });
    const p = result.jobsets[0]!.progress!;
    acc.goodput += p.goodput ?? 0;
    acc.lost += p.lostWork / 3600;
    acc.restart += p.restartTime / 3600;
    acc.ckpt += p.checkpointTime / 3600;
    acc.n += Object.values(p.interruptions).reduce((a, b) => a + b, 0);
    acc.wall += p.wallTime / 86400;
  }
  const f = (x: number, d = 1) => (x / seeds).toFixed(d);
  console.log(
    `| ${name} | ${f(acc.goodput * 100)}% | ${f(acc.lost)} | ${f(acc.restart)} | ${f(acc.ckpt)} | ${f(acc.n)} | ${f(acc.wall, 2)} |`,
  );
}
const c = process.cpuUsage(cpu0);
console.log(`\n${seeds} seeds per arm; CPU ${((c.user + c.system) / 1e6).toFixed(1)} s`);
