// The FGD study's policies as scheduler plugins in the event engine (not the study's fast replay): the openb replay
// (scenarios/openb-replay.yaml, GPU sharing on) once per policy with the same seed, printing the CPU time of each run
// (process.cpuUsage, user + system: the machine is shared, wall time is noise) and what the placements did.
// Run: npx tsx bench/gpu-share-policies.ts [limit=2000]
import { simulate } from '../src/simulate.js';

const limit = Number(process.argv[2] ?? 2000);
const policies = ['default', 'random', 'dot-product', 'gpu-clustering', 'gpu-packing', 'best-fit', 'fgd'];
console.log(`command: npx tsx bench/gpu-share-policies.ts ${limit}`);
console.log('');
console.log('| policy | pods | CPU s | CPU ms/pod | gpu-milli alloc | queue wait p95 (s) | preemptions |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const policy of policies) {
  const t0 = process.cpuUsage();
  const { result } = simulate('scenarios/openb-replay.yaml', {
    sets: [`scheduler.policy=${policy}`, `TraceReplay/openb:spec.limit=${limit}`],
    retainEvents: false,
  });
  const t = process.cpuUsage(t0);
  const cpu = (t.user + t.system) / 1e6;
  const m = result.metrics;
  const wait = m.queueWait as { p95?: number | null };
  console.log(
    `| ${policy} | ${m.jobsets.submitted} | ${cpu.toFixed(2)} | ${((cpu * 1000) / m.jobsets.submitted).toFixed(2)} | ` +
      `${(100 * (m.utilization['alibabacloud.com/gpu-milli'] ?? 0)).toFixed(3)}% | ${wait.p95 ?? '–'} | ${m.preemptions} |`,
  );
}
