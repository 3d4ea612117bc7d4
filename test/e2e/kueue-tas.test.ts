// Kueue Topology Aware Scheduling end to end (spec/kueue.md §4): JobSets whose pod templates carry the TAS
// annotations are admitted with a topology assignment, their pods are created gated by kueue.x-k8s.io/topology, the
// ungater gives each pod its domain's nodeSelector by rank, and kube-scheduler places it there.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { head, jobset, kinds, kueue, pools } from '../support/tas-fixture.js';

describe('Kueue TAS with JobSets (required block, slice = one child Job per sub-block)', () => {
  // `first` (1 Job × 2 pods) takes one sub-block; `second` (2 Jobs × 2 pods) needs a whole block: only b2 is free.
  const text = head + pools() + kueue() + jobset('first', 1, 2, '0s') + jobset('second', 2, 2, '1s');
  const { result, events } = simulate({ texts: [{ file: 'tas.yaml', text }] });

  const scheduled = (js: string) =>
    kinds(events, 'PodScheduled')
      .filter((e) => e.jobSet === `default/${js}`)
      .map((e) => ({ job: String(e.job), node: String(e.node) }));

  it('both JobSets are admitted at once and complete', () => {
    expect(result.metrics.jobsets).toEqual({ submitted: 2, completed: 2, failed: 0, unfinished: 0 });
    const at = Object.fromEntries(result.jobsets.map((j) => [j.name, j.admittedAt]));
    expect(at.first).toBeLessThan(1);
    expect(at.second).toBeLessThan(2);
  });

  it('each child Job lands in one sub-block, the whole JobSet in one block, on the free block b2 for `second`', () => {
    const first = scheduled('first');
    expect(first).toHaveLength(2);
    expect(new Set(first.map((p) => p.node.replace(/-node-\d+$/, ''))).size).toBe(1); // one pool = one sub-block
    const second = scheduled('second');
    expect(second).toHaveLength(4);
    const poolsByJob = new Map<string, Set<string>>();
    for (const p of second) {
      const s = poolsByJob.get(p.job) ?? new Set();
      s.add(p.node.replace(/-node-\d+$/, ''));
      poolsByJob.set(p.job, s);
    }
    expect(poolsByJob.size).toBe(2);
    for (const s of poolsByJob.values()) expect(s.size).toBe(1); // each Job in one sub-block
    const usedPools = [...poolsByJob.values()].map((s) => [...s][0]).sort();
    expect(usedPools).toEqual(['h100-s3', 'h100-s4']); // block b2: b1 has one sub-block left only
  });

  it('pods were scheduled only after the ungater gave them their domain (no pod scheduled while gated)', () => {
    const admitted = kinds(events, 'WorkloadAdmitted').find((e) => e.jobSet === 'default/second')!;
    for (const p of kinds(events, 'PodScheduled').filter((e) => e.jobSet === 'default/second'))
      expect(p.t).toBeGreaterThan(admitted.t);
  });
});

describe('Kueue TAS: pods are mapped to the assigned domains by rank (spec/kueue.md §4.5)', () => {
  it('the WorkloadAdmitted topology lists hosts; pod (job j, completion index i) runs on the host of rank j × 2 + i', () => {
    const text =
      head.replace('spec: {seed: 1}', 'spec: {seed: 1, until: 30m}') + pools() + kueue() + jobset('one', 2, 2, '0s');
    const { events } = simulate({ texts: [{ file: 'tas.yaml', text }] });
    const admitted = kinds(events, 'WorkloadAdmitted')[0]!;
    const domains = (admitted.topology as Record<string, { values: string[]; count: number }[]>).workers!;
    expect(domains.reduce((a, d) => a + d.count, 0)).toBe(4);
    const rankToHost: string[] = [];
    for (const d of domains) for (let i = 0; i < d.count; i++) rankToHost.push(d.values[0]!);
    const pods = kinds(events, 'PodScheduled');
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      const m = /^one-workers-(\d+)-(\d+)-/.exec(String(p.pod).split('/')[1]!)!;
      const rank = Number(m[1]) * 2 + Number(m[2]);
      expect(p.node).toBe(rankToHost[rank]);
    }
    // 2 Jobs × 2 pods of 8 GPUs: a whole block, each Job (2 consecutive ranks) in one sub-block
    const subblockOf = (host: string) => host.replace(/-node-\d+$/, '');
    for (let j = 0; j < 2; j++) expect(subblockOf(rankToHost[2 * j]!)).toBe(subblockOf(rankToHost[2 * j + 1]!));
    expect(subblockOf(rankToHost[0]!)).not.toBe(subblockOf(rankToHost[2]!));
  });
});
