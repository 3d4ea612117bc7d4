// scenarios/snapshot/snapshot.yaml, the example snapshot written by the simulator from scenarios/snapshot/source.yaml
// at 6h (README, Snapshots): it loads through the normal loader and the run continues from it.
import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/simulate.js';

describe('example snapshot', () => {
  const run = simulate(['scenarios/snapshot/snapshot.yaml'], { until: '10m' });

  test('loads as a snapshot: t = 0 is its snapshot time, every object restored, nothing skipped', () => {
    const w = run.result.warnings;
    expect(w.find((x) => x.code === 'SnapshotImported')?.message).toMatch(
      /^t = 0 is 2025-06-02T14:00:00Z \(the List annotation jobset-sim\.dev\/snapshot-time\); restored 256 nodes \(0 not Ready, kept down\), 47 JobSets, 51 Jobs, 47 Workloads, 165 pods/,
    );
    expect(w.filter((x) => x.code === 'SnapshotObjectSkipped' || x.code === 'UnknownApiVersion')).toEqual([]);
  });

  test('the run continues: pods run on from their restored state, no JobSet is created again', () => {
    expect(run.stoppedBy).toBe('until');
    expect(
      run.result.jobsets.filter((j) => j.queue && j.admittedAt !== null && j.admittedAt <= 0).length,
    ).toBeGreaterThan(0);
    expect(run.events.filter((e) => e.type === 'JobSetCreated')).toEqual([]);
    expect(run.result.jobsets.every((j) => j.submittedAt < 0)).toBe(true);
  });
});
