// CPU cost and size of the sweep report for a synthetic sweep summary (A arms of a random 2-parameter sweep, 10
// metrics, 10 seeds), in memory: `npx tsx bench/sweep-report-cost.ts [A] [DIR]`. CPU time (process.cpuUsage), not wall
// time: the machine is shared. With a sweep's --out folder as second argument, that sweep's report too.
import { type MetricSummary, summarize } from '../src/sweep/stats.js';
import type { SweepSummary } from '../src/sweep/summary.js';
import { renderSweepReport, sweepReportFromFolder } from '../viz/sweep-report.js';

function cpuMs<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
}

function summaryOf(arms: number): SweepSummary {
  // A fixed LCG (no Math.random): the numbers only need to vary.
  let x = 1;
  const next = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const metricNames = Array.from({ length: 10 }, (_, i) => `metric${i}`);
  return {
    schema: 'jobset-sim/sweep-summary/v1',
    sweep: { name: `synthetic-${arms}`, file: 'synthetic.sweep.yaml' },
    seeds: Array.from({ length: 10 }, (_, i) => i + 1),
    runs: { planned: arms * 10, finished: arms * 10, failed: 0, missing: 0 },
    failed: [],
    arms: Array.from({ length: arms }, (_, arm) => {
      const metrics: Record<string, MetricSummary> = {};
      for (const m of metricNames) metrics[m] = summarize(Array.from({ length: 10 }, () => 1000 * next()));
      return {
        arm,
        params: { 'a.rate': Math.round(next() * 1000) / 10, 'b.policy': ['x', 'y', 'z'][arm % 3] },
        runs: 10,
        failed: 0,
        metrics,
      };
    }),
  };
}

const n = Number(process.argv[2] ?? 500);
const folder = (arms: number) => {
  const summary = summaryOf(arms);
  return { dir: '', summary, records: () => [], partial: false };
};
renderSweepReport(folder(4)); // warm-up (d3 bundle read, JIT)
for (const arms of [10, n]) {
  const f = folder(arms);
  const [r, ms] = cpuMs(() => renderSweepReport(f));
  process.stdout.write(
    `${arms} arms × 10 metrics × 2 parameters: ${ms.toFixed(0)} ms CPU, report ${(Buffer.byteLength(r.html) / 1024).toFixed(0)} KB\n`,
  );
}
const dir = process.argv[3];
if (dir) {
  const [r, ms] = cpuMs(() => sweepReportFromFolder(dir));
  process.stdout.write(
    `${dir} (${r.data.arms.length} arms, ${r.data.metrics.length} metrics): ${ms.toFixed(0)} ms CPU, report ${(Buffer.byteLength(r.html) / 1024).toFixed(0)} KB\n`,
  );
}
