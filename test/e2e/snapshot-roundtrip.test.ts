// The snapshot round trip (issue 11): run a scenario to its end (A); run it to T, export the state as kubectl's
// List, import it and continue (B). Kueue, JobSet exclusive placement, deterministic durations, no stochastic
// faults, and JobSet `train` restarting at 25m (its pod fails at 1500 s; its Jobs fail at 1502 s and the JobSet
// restarts at 1502.01 s). T = 1502.005 s (the failure seen, the restart not yet), 1502.5 s (old pods terminating),
// 1505 s (new pods starting) and 3000 s (steady state).
//
// Tolerance 1 s: what no kubectl object carries starts fresh in B (README, Snapshots): the controllers' work queues
// and back-offs (the Job controller's 1 s batched sync and API back-off, the garbage collector's 20 ms pass) begin
// again at T, so a step in flight at T may come up to one jobSyncBatchPeriod (1 s) later. The kubelet's own timers
// (start-up, run, termination) are exact: the export writes them (jobset-sim.dev/remaining).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseDuration } from '../../src/scenario/duration.js';
import { type SimulationRun, simulate } from '../../src/simulate.js';

const FILE = 'test/e2e/fixtures/snapshot-roundtrip.yaml';
const TOLERANCE_S = 1;

function admissions(run: SimulationRun): string[] {
  return run.events.filter((e) => e.type === 'WorkloadAdmitted').map((e) => String(e.jobSet));
}

/** B: the snapshot at T, the Simulation, and the JobSets still to be submitted (submit-at shifted by T). */
function continueFrom(a: SimulationRun, T: number): SimulationRun {
  const docs = parseAllDocuments(readFileSync(FILE, 'utf8')).map((d) => d.toJS() as Record<string, any>);
  const at = (d: Record<string, any>) => parseDuration(d.metadata.annotations['jobset-sim.dev/submit-at']) / 1e6;
  const later = docs.filter((d) => d.kind === 'JobSet' && at(d) > T);
  for (const d of later) d.metadata.annotations['jobset-sim.dev/submit-at'] = `${at(d) - T}s`;
  const simulation = docs.find((d) => d.kind === 'Simulation');
  expect(a.snapshot).toBeDefined();
  const text = stringify(a.snapshot, { lineWidth: 0 });
  return simulate({
    texts: [
      { file: 'snapshot.yaml', text },
      { file: 'rest.yaml', documents: [simulation, ...later] },
    ],
  });
}

describe('snapshot round trip', () => {
  const full = simulate([FILE]);

  test('the scenario restarts train at 1502.01 s and completes every JobSet (A)', () => {
    const restart = full.events.find((e) => e.type === 'JobSetRestarted');
    expect(restart?.t).toBeCloseTo(1502.01, 6);
    expect(full.result.jobsets.map((j) => j.terminalState)).toEqual(Array(6).fill('Completed'));
    expect(admissions(full)).toEqual([
      'default/train',
      'default/eval',
      'default/sweep',
      'default/finetune',
      'default/report',
      'default/nightly',
    ]);
  });

  test.each([1502.005, 1502.5, 1505, 3000])('T = %s s: same terminal states, admission order and finish times', (T) => {
    const a = simulate([FILE], { snapshotAt: `${T}s` });
    const b = continueFrom(a, T);
    const imported = b.result.warnings.find((w) => w.code === 'SnapshotImported');
    expect(imported?.message).toContain('(the List annotation jobset-sim.dev/snapshot-time)');
    expect(b.result.warnings.filter((w) => w.code !== 'SnapshotImported')).toEqual([]);
    for (const ja of a.result.jobsets) {
      const jb = b.result.jobsets.find((j) => j.namespace === ja.namespace && j.name === ja.name);
      expect(jb, ja.name).toBeDefined();
      expect(jb!.terminalState, ja.name).toBe(ja.terminalState);
      expect(jb!.status?.restarts, ja.name).toBe(ja.status?.restarts);
      expect(Math.abs(jb!.finishedAt! + T - ja.finishedAt!), ja.name).toBeLessThanOrEqual(TOLERANCE_S);
      expect(Math.abs(jb!.admittedAt! + T - ja.admittedAt!), ja.name).toBeLessThanOrEqual(TOLERANCE_S);
    }
    // Admitted before T (restored, by admission time), then admitted in B: the order of A.
    const before = b.result.jobsets
      .filter((j) => j.admittedAt !== null && j.admittedAt <= 0 && j.queue)
      .sort((x, y) => x.admittedAt! - y.admittedAt!)
      .map((j) => `${j.namespace}/${j.name}`);
    expect([...before, ...admissions(b)]).toEqual(admissions(a));
  });

  test('at a steady instant the continuation is exact', () => {
    const a = simulate([FILE], { snapshotAt: '3000s' });
    const b = continueFrom(a, 3000);
    for (const ja of a.result.jobsets) {
      const jb = b.result.jobsets.find((j) => j.name === ja.name)!;
      expect(jb.finishedAt! + 3000).toBeCloseTo(ja.finishedAt!, 6);
    }
  });
});
