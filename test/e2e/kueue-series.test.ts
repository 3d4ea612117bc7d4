// The result's `series` (src/metrics/series.ts, src/kueue/series.ts) on scenarios/kueue-fair-sharing.yaml: the step
// functions change exactly when the event log says the workloads were admitted, preempted and released.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import type { BucketsOutput, SeriesOutput, StepsOutput } from '../../src/metrics/series.js';
import { simulate } from '../../src/simulate.js';

type Tree = { [k: string]: Tree | SeriesOutput };
const at = (s: Tree, ...path: string[]): SeriesOutput =>
  path.reduce((n: Tree, k) => n[k] as Tree, s) as unknown as SeriesOutput;
const steps = (s: SeriesOutput) => s as StepsOutput;
/** The step function's value at time t (seconds). */
const valueAt = (s: StepsOutput, t: number) => {
  let v = 0;
  for (let i = 0; i < s.t.length && s.t[i]! <= t; i++) v = s.v[i]!;
  return v;
};
const first = (events: LogRecord[], type: string, jobSet: string, after = -1) =>
  events.find((e) => e.type === type && e.jobSet === jobSet && e.t > after)!.t;

describe('series on scenarios/kueue-fair-sharing.yaml', () => {
  const { result, events } = simulate('scenarios/kueue-fair-sharing.yaml');
  const series = result.series as Tree;
  const tpu = 'tpu-v5e/google.com/tpu';

  it("team-a's borrowed TPU chips: 32 from a-train-big's admission until its pods are gone after the reclamation", () => {
    const admitted = first(events, 'WorkloadAdmitted', 'team-a/a-train-big');
    const preempted = first(events, 'WorkloadPreempted', 'team-a/a-train-big');
    // The quota is released when the last of its pods has terminated (podTermination after the suspension).
    const released = events
      .filter((e) => e.type === 'PodDeleted' && e.jobSet === 'team-a/a-train-big' && e.t > preempted)
      .reduce((m, e) => Math.max(m, e.t), 0);
    const readmitted = first(events, 'WorkloadAdmitted', 'team-a/a-train-big', preempted);
    const b = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'borrowed', tpu));
    expect(b.t.slice(0, 4)).toEqual([0, admitted, released, readmitted]);
    expect(b.v.slice(0, 4)).toEqual([0, 32, 0, 32]);
    expect(valueAt(b, preempted)).toBe(32); // still held while its pods terminate
    expect(b.v.at(-1)).toBe(0);
    // team-b never borrows; it uses its own 32 chips from its admission until it finishes.
    expect(steps(at(series, 'kueue', 'clusterQueues', 'team-b', 'borrowed', tpu)).v).toEqual([0]);
    const bu = steps(at(series, 'kueue', 'clusterQueues', 'team-b', 'usage', tpu));
    expect(bu.t.slice(0, 2)).toEqual([0, first(events, 'WorkloadAdmitted', 'team-b/b-train')]);
    expect(bu.v).toEqual([0, 32, 0]);
  });

  it('pending and admitted workloads per ClusterQueue follow the Workload lifecycle', () => {
    const p = steps(at(series, 'kueue', 'clusterQueues', 'team-b', 'pending'));
    // b-train's Workload is created (kueueJobReconcile after the JobSet) and waits until its admission.
    expect(p.v).toEqual([0, 1, 0]);
    expect(p.t[2]).toBe(first(events, 'WorkloadAdmitted', 'team-b/b-train'));
    const a = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'admitted'));
    expect(Math.max(...a.v)).toBe(2);
    expect(a.v.at(-1)).toBe(0);
    // The time-averaged pending count of metrics.kueue is the integral of this series.
    const pa = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'pending'));
    let area = 0;
    for (let i = 0; i < pa.t.length; i++) area += pa.v[i]! * ((pa.t[i + 1] ?? result.end) - pa.t[i]!);
    const k = result.metrics.kueue as { clusterQueues: Record<string, { pendingWorkloads: { mean: number } }> };
    expect(area / result.end).toBeCloseTo(k.clusterQueues['team-a']!.pendingWorkloads.mean, 3);
  });

  it('preemptions and evictions by reason are cumulative counts stepping at the event times', () => {
    const r = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'preemptions', 'InCohortReclamation'));
    expect(r).toEqual({ t: [0, first(events, 'WorkloadPreempted', 'team-a/a-train-big')], v: [0, 1] });
    const ev = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'evictions', 'Preempted'));
    expect(ev.v).toEqual([0, 1, 2]);
    expect(ev.t[2]).toBe(first(events, 'WorkloadPreempted', 'team-a/a-eval'));
  });

  it("allocated TPU chips: the integral matches metrics.utilization (64 chips' worth of capacity)", () => {
    const s = steps(at(series, 'allocated', 'google.com/tpu'));
    expect(Math.max(...s.v)).toBe(64);
    let area = 0;
    for (let i = 0; i < s.t.length; i++) area += s.v[i]! * ((s.t[i + 1] ?? result.end) - s.t[i]!);
    expect(area / result.end / 64).toBeCloseTo(result.metrics.utilization['google.com/tpu']!, 4);
  });

  it('usage per flavor/resource summed over the ClusterQueues: 64 chips while a-train-big runs, the GPU hosts', () => {
    const total = steps(at(series, 'kueue', 'flavors', tpu));
    const a = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'usage', tpu));
    const b = steps(at(series, 'kueue', 'clusterQueues', 'team-b', 'usage', tpu));
    expect(Math.max(...total.v)).toBe(64);
    for (const t of [...total.t, ...a.t, ...b.t]) expect(valueAt(total, t)).toBe(valueAt(a, t) + valueAt(b, t));
    expect(steps(at(series, 'kueue', 'flavors', 'h100/nvidia.com/gpu')).v).toEqual([0, 16, 0]);
  });

  it('no drs series without Fair Sharing', () => {
    expect(((series.kueue as Tree).clusterQueues as Tree)['team-a']).not.toHaveProperty('drs');
  });

  it('bounded: with seriesMaxPoints 10 every series has at most 10 points, buckets keeping the mean', () => {
    const small = simulate('scenarios/kueue-fair-sharing.yaml', { seriesMaxPoints: 10 }).result;
    const walk = (n: Tree | SeriesOutput): SeriesOutput[] =>
      'v' in n || 'mean' in n ? [n as SeriesOutput] : Object.values(n as Tree).flatMap(walk);
    const all = walk(small.series as Tree);
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) expect('t' in s ? s.t.length : s.mean.length).toBeLessThanOrEqual(10);
    const b = at(small.series as Tree, 'allocated', 'google.com/tpu') as BucketsOutput;
    // The smallest power-of-two width (µs) giving at most 10 buckets over [0, end]: 2^31 µs, 7 buckets.
    expect(b.bucket).toBe(2 ** 31 / 1e6);
    expect(b.mean.length).toBe(Math.ceil(small.end / b.bucket));
    expect(Math.ceil(small.end / (b.bucket / 2))).toBeGreaterThan(10);
    expect(Math.max(...b.max)).toBe(64);
    // Mean of the bucket means (weighted by length) = utilization × 64.
    let area = 0;
    b.mean.forEach((m, i) => {
      area += m * (Math.min((i + 1) * b.bucket, small.end) - i * b.bucket);
    });
    expect(area / small.end / 64).toBeCloseTo(small.metrics.utilization['google.com/tpu']!, 3);
    expect(simulate('scenarios/kueue-fair-sharing.yaml', { seriesMaxPoints: 0 }).result.series).toBeUndefined();
  });

  it('deterministic: the same run gives the same series, byte for byte', () => {
    const again = simulate('scenarios/kueue-fair-sharing.yaml').result;
    expect(JSON.stringify(again.series)).toBe(JSON.stringify(result.series));
  });
});

describe('series with Fair Sharing on', () => {
  const text = `${readFileSync('scenarios/kueue-fair-sharing.yaml', 'utf8')}
---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
fairSharing: {}
`;
  const { result, events } = simulate({ texts: [{ file: 'fs.yaml', text }] });
  const series = result.series as Tree;

  it("team-a's dominant resource share: 32 of the cohort's 64 chips borrowed = 500 while a-train-big holds them", () => {
    const admitted = first(events, 'WorkloadAdmitted', 'team-a/a-train-big');
    const drs = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'drs'));
    expect(drs.t[1]).toBe(admitted);
    expect(drs.v[1]).toBe(500); // ceil(32·1000 / 64), status.fairSharing.weightedShare
    const b = steps(at(series, 'kueue', 'clusterQueues', 'team-a', 'borrowed', 'tpu-v5e/google.com/tpu'));
    // The share is positive exactly while team-a borrows.
    for (const t of [...drs.t, ...b.t]) expect(valueAt(drs, t) > 0).toBe(valueAt(b, t) > 0);
    expect(steps(at(series, 'kueue', 'clusterQueues', 'team-b', 'drs')).v).toEqual([0]);
  });
});
