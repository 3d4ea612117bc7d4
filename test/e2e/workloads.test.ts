// Workload sources end to end: the openb pods and nodes replayed through the CLI (scenarios/openb-replay.yaml), and
// a Tiresias-format trace under Kueue StrictFIFO (scenarios/tiresias-kueue.yaml).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import type { Result } from '../../src/metrics/result.js';
import { simulate } from '../../src/simulate.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('scenarios/openb-replay.yaml through the CLI', () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', 'scenarios/openb-replay.yaml', '--output', 'json', '--quiet'],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
  );
  it('runs to the end: the first 400 pods, each created at its creation_time, all complete', () => {
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.metrics.jobsets).toEqual({ submitted: 400, completed: 400, failed: 0, unfinished: 0 });
    const rows = readFileSync(`${repoRoot}/scenarios/traces/alibaba-openb-2023/openb_pod_list_default.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1, 401)
      .map((l) => l.split(','));
    expect(res.jobsets.map((j) => [j.name, j.submittedAt])).toEqual(rows.map((c) => [`openb-${c[0]}`, Number(c[8])]));
    // 132 of the 400 ask a share of one GPU (num_gpu 1, gpu_milli < 1000)
    expect(rows.filter((c) => c[3] === '1' && Number(c[4]) < 1000).length).toBe(132);
    expect(res.warnings).toEqual([
      {
        code: 'GpuShareRoundedUp',
        object: 'TraceReplay/openb',
        message:
          '132 pods asking a fraction of a GPU (gpu_milli below 1000) were given one whole GPU each: GPU sharing is not modelled',
      },
    ]);
    expect(res.metrics.utilization['nvidia.com/gpu']).toBeGreaterThan(0);
  });
});

describe('scenarios/tiresias-kueue.yaml: a Tiresias trace under Kueue StrictFIFO', () => {
  const strictRun = simulate('scenarios/tiresias-kueue.yaml');
  const strict = strictRun.result;
  const bestEffortRun = simulate('scenarios/tiresias-kueue.yaml', {
    sets: ['ClusterQueue/gpu-cq:spec.queueingStrategy=BestEffortFIFO'],
  });
  const bestEffort = bestEffortRun.result;
  // The order of first admissions (a workload evicted by waitForPodsReady is readmitted later, out of order).
  const admissionOrder = (events: LogRecord[]) => [
    ...new Set(events.filter((e) => e.type === 'WorkloadAdmitted').map((e) => String(e.jobSet).split('/')[1])),
  ];
  const submissionOrder = (r: Result) =>
    [...r.jobsets].sort((a, b) => a.submittedAt - b.submittedAt).map((j) => j.name);

  it('every job of the trace goes through the queue and completes', () => {
    expect(strict.metrics.jobsets).toEqual({ submitted: 120, completed: 120, failed: 0, unfinished: 0 });
    for (const j of strict.jobsets) expect(j.queue?.clusterQueue).toBe('gpu-cq');
  });

  it('quota is not placement: jobs admitted on free quota whose 4-GPU pods find no whole free node are evicted by waitForPodsReady', () => {
    expect(strict.metrics.evictions).toEqual({ PodsReadyTimeout: 11 });
  });

  it('StrictFIFO admits in submission order; BestEffortFIFO lets smaller jobs pass a blocked head', () => {
    expect(admissionOrder(strictRun.events)).toEqual(submissionOrder(strict));
    expect(admissionOrder(bestEffortRun.events)).not.toEqual(submissionOrder(bestEffort));
    expect(strict.metrics.queueWait.mean!).toBeGreaterThan(bestEffort.metrics.queueWait.mean!);
  });
});

describe('scenarios/generated-helios.yaml: a generated day measured in a window', () => {
  const r = simulate('scenarios/generated-helios.yaml').result;
  it('counts the JobSets submitted in [4h, 20h) and lists them all', () => {
    expect(r.metrics.window).toEqual({ start: 14_400, end: 72_000 });
    const inWindow = r.jobsets.filter((j) => j.submittedAt >= 14_400 && j.submittedAt < 72_000);
    expect(r.jobsets.length).toBeGreaterThan(inWindow.length);
    expect(r.metrics.jobsets.submitted).toBe(inWindow.length);
    expect(r.metrics.queueWait.n).toBe(inWindow.filter((j) => j.admittedAt !== null).length);
    expect(r.jobsets.every((j) => j.submittedAt < 86_400 && j.queue?.clusterQueue === 'research')).toBe(true);
  });
});
