// CPU cost of turning workload sources into validated JobSets (loader only, no simulation): the whole openb pod list
// (8,152 rows) and its node list, the Tiresias-format syn_480 trace, and a 10,000-job WorkloadGenerator.
// CPU time (process.cpuUsage), median of 5 loads after one warm-up.   npx tsx bench/workload-load.ts
import { loadFiles } from '../src/simulate.js';

const cases: [string, string[], string[]][] = [
  ['openb pods (8,152) + nodes', ['scenarios/openb-replay.yaml'], ['TraceReplay/openb:spec.limit=0']],
  ['tiresias syn_480 (480 rows)', ['scenarios/tiresias-kueue.yaml'], ['TraceReplay/syn:spec.limit=0']],
];
for (const [name, files, sets] of cases) {
  loadFiles(files, { sets });
  const ms: number[] = [];
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    n = loadFiles(files, { sets }).jobSets.length;
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  const med = ms[2]!;
  console.log(`${name}: ${n} JobSets, ${med.toFixed(0)} ms CPU, ${((med * 1000) / n).toFixed(1)} µs per JobSet`);
}
