// CPU time to import the example snapshot (scenarios/snapshot/snapshot.yaml): load (parse, read, validate) and
// restore (a run to 1 s). process.cpuUsage, so the figures hold on a loaded machine. `npx tsx bench/snapshot-import.ts`
import { loadFiles, simulate } from '../src/simulate.js';

const file = 'scenarios/snapshot/snapshot.yaml';
for (let i = 0; i < 3; i++) {
  const c0 = process.cpuUsage();
  const scenario = loadFiles([file]);
  const c1 = process.cpuUsage(c0);
  const c2 = process.cpuUsage();
  simulate(scenario, { until: '1s', retainEvents: false, seriesMaxPoints: 0 });
  const c3 = process.cpuUsage(c2);
  const ms = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000).toFixed(0);
  console.log(`run ${i + 1}: load ${ms(c1)} ms CPU, restore + start ${ms(c3)} ms CPU`);
}
