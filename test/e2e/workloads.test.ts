// Workload sources end to end: the openb pods and nodes replayed through the CLI (scenarios/openb-replay.yaml), and
// a Tiresias-format trace under Kueue StrictFIFO (scenarios/tiresias-kueue.yaml).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import type { Result } from '../../src/metrics/result.js';
import { simulate } from '../../src/simulate.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const openbRows = readFileSync(`${repoRoot}/scenarios/traces/alibaba-openb-2023/openb_pod_list_default.csv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1, 401)
  .map((l) => l.split(','));
/** Trace row by pod name: num_gpu (column 3) and gpu_milli (column 4). */
const rowOf = new Map(openbRows.map((c) => [c[0]!, { gpus: Number(c[3]), milli: Math.min(1000, Number(c[4])) }]));

function runOpenb(...extra: string[]): { res: Result; events: LogRecord[] } {
  const dir = mkdtempSync(join(tmpdir(), 'openb-replay-'));
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'run',
      'scenarios/openb-replay.yaml',
      '--output',
      'json',
      '--quiet',
      '--events',
      join(dir, 'events.jsonl'),
      ...extra,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogRecord);
  rmSync(dir, { recursive: true, force: true });
  return { res: JSON.parse(r.stdout) as Result, events };
}

/**
 * Replays the GPU pods' device assignments (PodScheduled gpuIndex, until PodSucceeded) and returns the most milli
 * ever held on one device, the most pods ever sharing one device, and the milli-GPU-seconds held over the run.
 */
function replayDevices(events: LogRecord[]) {
  const on = new Map<string, { pods: Set<string>; milli: number }>();
  const held = new Map<string, { keys: string[]; milli: number; since: number }>();
  let maxMilli = 0;
  let maxPods = 0;
  let milliSeconds = 0;
  for (const e of events) {
    if (e.type === 'PodScheduled' && e.gpuIndex !== undefined) {
      const row = rowOf.get(String(e.jobSet).slice('default/openb-'.length))!;
      const devs = String(e.gpuIndex).split('-');
      expect(devs.length).toBe(row.gpus);
      const keys = devs.map((d) => `${e.node}/${d}`);
      held.set(String(e.pod), { keys, milli: row.milli, since: e.t });
      for (const k of keys) {
        const d = on.get(k) ?? { pods: new Set(), milli: 0 };
        d.pods.add(String(e.pod));
        d.milli += row.milli;
        on.set(k, d);
        maxMilli = Math.max(maxMilli, d.milli);
        maxPods = Math.max(maxPods, d.pods.size);
      }
    } else if ((e.type === 'PodSucceeded' || e.type === 'PodDeleted') && held.has(String(e.pod))) {
      const h = held.get(String(e.pod))!;
      held.delete(String(e.pod));
      milliSeconds += h.milli * h.keys.length * (e.t - h.since);
      for (const k of h.keys) {
        const d = on.get(k)!;
        d.pods.delete(String(e.pod));
        d.milli -= h.milli;
      }
    }
  }
  return { maxMilli, maxPods, milliSeconds, open: held.size };
}

describe('scenarios/openb-replay.yaml through the CLI (GPU sharing, Open-GPU-Share)', () => {
  const { res, events } = runOpenb();
  const scheduled = events.filter((e) => e.type === 'PodScheduled');

  it('runs to the end: the first 400 pods, each created at its creation_time, all complete, no rounding up', () => {
    expect(res.metrics.jobsets).toEqual({ submitted: 400, completed: 400, failed: 0, unfinished: 0 });
    expect(res.jobsets.map((j) => [j.name, j.submittedAt])).toEqual(
      openbRows.map((c) => [`openb-${c[0]}`, Number(c[8])]),
    );
    // 132 of the 400 ask a share of one GPU (num_gpu 1, gpu_milli < 1000): no GpuShareRoundedUp any more
    expect(openbRows.filter((c) => c[3] === '1' && Number(c[4]) < 1000).length).toBe(132);
    expect(res.warnings).toEqual([]);
  });

  it('every GPU pod is bound with num_gpu devices recorded (gpu-index); CPU-only pods get none', () => {
    const gpuPods = openbRows.filter((c) => Number(c[3]) > 0).length;
    expect(scheduled.filter((e) => e.gpuIndex !== undefined).length).toBe(gpuPods);
    expect(scheduled.length).toBe(400);
    for (const e of scheduled) {
      const row = rowOf.get(String(e.jobSet).slice('default/openb-'.length))!;
      expect(e.gpuIndex !== undefined).toBe(row.gpus > 0);
    }
  });

  it('no device ever holds more than 1000 milli; utilisation counts milli-GPUs', () => {
    const d = replayDevices(events);
    expect(d.maxMilli).toBeLessThanOrEqual(1000);
    expect(d.open).toBe(0);
    // 1213 nodes with 6212 GPUs; the metric is Σ milli-seconds ÷ (6,212,000 milli × end)
    const expected = d.milliSeconds / (6212 * 1000 * res.end);
    expect(res.metrics.utilization['alibabacloud.com/gpu-milli']).toBeCloseTo(expected, 5);
    expect(res.metrics.utilization['alibabacloud.com/gpu-count']).toBeUndefined();
  });

  it('with a packing policy, shares of one device are stacked (several pods on one GPU at once)', () => {
    const packed = runOpenb('--set', 'scheduler.policy=binpack');
    expect(packed.res.metrics.jobsets.completed).toBe(400);
    const d = replayDevices(packed.events);
    expect(d.maxMilli).toBeLessThanOrEqual(1000);
    expect(d.maxPods).toBeGreaterThanOrEqual(2);
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
