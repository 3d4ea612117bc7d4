// The `archiveFinished` memory policy (src/archive-finished.ts, README "Memory"): archiving finished JobSets changes
// no output. PodGC's threshold is lowered to 1 so finished pods go early and the JobSets become archivable.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/api/batch.js';
import type { JobSet } from '../../src/api/jobset.js';
import type { LogRecord } from '../../src/engine/event-log.js';
import type { Workload } from '../../src/kueue/api.js';
import { simulate } from '../../src/simulate.js';

const SETS = ['terminatedPodGCThreshold=1'];

describe('archiveFinished', () => {
  for (const file of [
    'scenarios/kueue-fair-sharing.yaml',
    'scenarios/tiresias-kueue.yaml',
    'scenarios/kueue-admission-fair-sharing.yaml',
  ]) {
    it(`${file}: the result and the event log are those of the run without archiving`, () => {
      const off = simulate(file, { sets: SETS, archiveFinished: false });
      const on = simulate(file, { sets: SETS, archiveFinished: true });
      expect(off.archivedJobSets).toBe(0);
      expect(on.archivedJobSets).toBeGreaterThan(0);
      expect(JSON.stringify(on.result)).toBe(JSON.stringify(off.result));
      expect(on.events).toEqual(off.events);
      expect(on.engineEvents).toBe(off.engineEvents);
    });
  }

  it('removes the archived JobSets and their Jobs from the store, keeping their results', () => {
    let last: { jobSets: JobSet[]; jobs: Job[]; workloads: Workload[] } | undefined;
    const debug = (_r: LogRecord, view: { list<T>(kind: string): Iterable<T> }) => {
      last = {
        jobSets: [...view.list<JobSet>('JobSet')],
        jobs: [...view.list<Job>('Job')],
        workloads: [...view.list<Workload>('Workload')],
      };
    };
    const off = simulate('scenarios/kueue-fair-sharing.yaml', { sets: SETS, archiveFinished: false, debug });
    const before = last!;
    const on = simulate('scenarios/kueue-fair-sharing.yaml', { sets: SETS, archiveFinished: true, debug });
    const after = last!;
    expect(before.jobSets.length).toBe(off.result.jobsets.length);
    expect(after.jobSets.length).toBe(off.result.jobsets.length - on.archivedJobSets);
    const kept = new Set(after.jobSets.map((j) => j.metadata.name));
    // Every Job still in the store belongs to a JobSet still there; every archived JobSet finished.
    for (const job of after.jobs)
      expect(kept.has(job.metadata.labels?.['jobset.sigs.k8s.io/jobset-name'] ?? '')).toBe(true);
    expect(after.jobs.length).toBeLessThan(before.jobs.length);
    // Kueue drops a finished Workload with its archived JobSet (onArchive in src/kueue/manager.ts).
    expect(after.workloads.length).toBe(before.workloads.length - on.archivedJobSets);
    for (const wl of after.workloads) {
      expect(kept.has(wl.metadata.ownerReferences?.[0]?.name ?? '')).toBe(true);
    }
    for (const js of on.result.jobsets) if (!kept.has(js.name)) expect(js.terminalState).not.toBeNull();
    expect(on.result.jobsets).toEqual(off.result.jobsets);
  });

  it('is off by default when a Script action names a JobSet or a snapshot is taken', () => {
    expect(simulate('scenarios/restarts.yaml', { sets: SETS }).archivedJobSets).toBe(0);
    expect(simulate('scenarios/kueue-fair-sharing.yaml', { sets: SETS, snapshotAt: '1h' }).archivedJobSets).toBe(0);
    expect(simulate('scenarios/kueue-fair-sharing.yaml', { sets: SETS }).archivedJobSets).toBeGreaterThan(0);
  });
});
