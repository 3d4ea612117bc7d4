// CPU cost and size of the run report and trace for a synthetic large event log (N pods, each a child Job of its
// own, on 1000 nodes in 250 pools), against the kueue-fair-sharing example: `npx tsx bench/report-cost.ts [N]`.
// CPU time (process.cpuUsage), not wall time: the CI machine is shared.
import type { LogRecord } from '../src/engine/event-log.js';
import type { Result } from '../src/metrics/result.js';
import { simulate } from '../src/simulate.js';
import { reportAndTrace } from '../viz/report.js';

function cpuMs<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}

const n = Number(process.argv[2] ?? 20000);
const example = simulate(['scenarios/kueue-fair-sharing.yaml']);
const records: LogRecord[] = [];
for (let i = 0; i < n; i++) {
  const node = `pool${i % 250}-node-${i % 4}`;
  const base = { pod: `default/p${i}`, job: `default/j${i}`, jobSet: `default/js${i % 500}`, node };
  records.push({ t: i * 0.5, type: 'PodScheduled', ...base });
  records.push({ t: i * 0.5 + 600, type: 'PodSucceeded', ...base });
}
records.sort((a, b) => a.t - b.t);
const end = n * 0.5 + 600;
const result: Result = { ...example.result, end, series: example.result.series };
reportAndTrace(example.events, example.result); // warm-up (d3 bundle read, JIT)
const [small, smallMs] = cpuMs(() => reportAndTrace(example.events, example.result));
const [big, bigMs] = cpuMs(() => reportAndTrace(records, result));
const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;
process.stdout.write(
  `kueue-fair-sharing (${example.events.length} records): ${smallMs.toFixed(0)} ms CPU, report ${kb(small.report.html)}, trace ${kb(small.trace)}\n` +
    `synthetic ${n} pods (${records.length} records): ${bigMs.toFixed(0)} ms CPU, report ${kb(big.report.html)} (${big.report.data.bars.length} bars drawn, ${big.report.data.barsDropped} not), trace ${kb(big.trace)}\n`,
);
