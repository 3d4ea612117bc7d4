// Kueue TAS together with the runtime's admission checks (spec/kueue.md §2.4, §4): a TAS workload behind a check
// gets its topology assignment with the quota reservation, keeps it while the check runs, gives its TAS usage back
// when a Retry evicts it, and is ungated onto the assigned hosts only once Admitted.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { head, jobset, kinds, kueue, pools } from '../support/tas-fixture.js';

describe('Kueue TAS behind an admission check (Retry, then Ready)', () => {
  const text =
    head.replace('spec: {seed: 1}', 'spec: {seed: 1, until: 2h}') + pools() + kueue(true) + jobset('one', 2, 2, '0s');
  const { result, events } = simulate({ texts: [{ file: 'tas.yaml', text }] });

  it('the Retry evicts it once (AdmissionCheck), it is admitted after the backoff and the second check, and completes', () => {
    expect(result.metrics.evictions).toEqual({ AdmissionCheck: 1 });
    const admitted = kinds(events, 'WorkloadAdmitted');
    expect(admitted).toHaveLength(1);
    // 2 min check, Retry, 60 s backoff, 2 min check again
    expect(admitted[0]!.t).toBeGreaterThan(300);
    expect(result.metrics.jobsets).toMatchObject({ submitted: 1, completed: 1 });
  });

  it('the admission keeps its topology assignment through the check; pods run on the hosts of their rank, after Admitted', () => {
    const admitted = kinds(events, 'WorkloadAdmitted')[0]!;
    const domains = (admitted.topology as Record<string, { values: string[]; count: number }[]>).workers!;
    expect(domains.reduce((a, d) => a + d.count, 0)).toBe(4);
    const rankToHost: string[] = [];
    for (const d of domains) for (let i = 0; i < d.count; i++) rankToHost.push(d.values[0]!);
    const pods = kinds(events, 'PodScheduled');
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      expect(p.t).toBeGreaterThan(admitted.t);
      const m = /^one-workers-(\d+)-(\d+)-/.exec(String(p.pod).split('/')[1]!)!;
      expect(p.node).toBe(rankToHost[Number(m[1]) * 2 + Number(m[2])]);
    }
  });
});
