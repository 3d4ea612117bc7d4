// What the result's `series` costs: result.json size and CPU time with series (default 500 points) vs without
// (seriesMaxPoints 0), same scenario and seed, runs interleaved. CPU time from process.cpuUsage (user + system).
// npx tsx bench/series-cost.ts [repeats] [kueue-perf]   (kueue-perf: also the Kueue baseline config, zero latencies,
// one run per arm: 15,000 workloads in 30 ClusterQueues)
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadScenarioFromTexts } from '../src/scenario/load.js';
import { loaderOptions, simulate } from '../src/simulate.js';
import { build, type GeneratorConfig } from './kueue-perf.js';

const repeats = Number(process.argv[2] ?? 5);
const scenarios = ['scenarios/kueue-fair-sharing.yaml', 'scenarios/jax-multislice.yaml'];

function cpuMs(fn: () => void): number {
  const a = process.cpuUsage();
  fn();
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
}

for (const file of scenarios) {
  const sizes: Record<string, number> = {};
  const times: Record<string, number[]> = { off: [], on: [] };
  for (const [arm, points] of [
    ['off', 0],
    ['on', 500],
  ] as const) {
    sizes[arm] = JSON.stringify(simulate(file, { seriesMaxPoints: points }).result, null, 2).length; // warm-up too
  }
  for (let i = 0; i < repeats; i++) {
    for (const [arm, points] of [
      ['off', 0],
      ['on', 500],
    ] as const) {
      times[arm]!.push(cpuMs(() => simulate(file, { seriesMaxPoints: points, retainEvents: false })));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const off = median(times.off!);
  const on = median(times.on!);
  console.log(
    `${file}: result.json ${sizes.off} -> ${sizes.on} bytes (+${(((sizes.on! - sizes.off!) / sizes.off!) * 100).toFixed(1)}%); ` +
      `CPU median of ${repeats}: ${off.toFixed(1)} ms -> ${on.toFixed(1)} ms (ratio ${(on / off).toFixed(3)})`,
  );
}

if (process.argv[3] === 'kueue-perf') {
  const gen = parse(readFileSync('bench/kueue-perf/baseline/generator.yaml', 'utf8')) as GeneratorConfig;
  for (const points of [0, 500]) {
    // Built afresh per arm: the loader may default the handed-over documents in place.
    const { documents } = build('baseline', gen, 'zero');
    const scenario = loadScenarioFromTexts([{ file: 'baseline.yaml', documents }], loaderOptions()).scenario;
    let size = 0;
    const ms = cpuMs(() => {
      const { result } = simulate(scenario, { seriesMaxPoints: points, retainEvents: false });
      size = JSON.stringify(result, null, 2).length;
    });
    console.log(
      `kueue-perf baseline zero, seriesMaxPoints ${points}: result.json ${size} bytes, CPU ${(ms / 1000).toFixed(1)} s`,
    );
  }
}
