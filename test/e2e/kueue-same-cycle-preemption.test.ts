// Regression (bench/RESULTS.md §13, "A Kueue livelock found by the fleet"): with reclaimWithinCohort Any, Fair
// Sharing and TAS, a head whose nominated placement was taken by an earlier admission of the same cycle is
// recomputed (TASRecomputeAssignmentWithinSchedulingCycle), and its new preemption targets were searched on the live
// state, which already held that admission: the workload was admitted and preempted (InCohortFairSharing) in one
// cycle, again every cycle. Upstream (pkg/scheduler/scheduler.go schedule/processEntry) searches the snapshot taken
// at the cycle's start, where this cycle's admissions add usage but are no candidates, and skips a preemptor whose
// targets overlap another preemptor's ("Workload has overlapping preemption targets with another workload").
// The 100-node fleet reproduces it at t = 212,318 s (59 h is just past it).
import { describe, expect, it } from 'vitest';
import { fleetScenario } from '../../bench/fleet/generate.js';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';

describe('Kueue: no workload is preempted in the scheduling cycle that admitted it (fleet, 100 nodes, reclaim Any)', () => {
  const text = fleetScenario(100).replaceAll('reclaimWithinCohort: Never', 'reclaimWithinCohort: Any');
  const events: LogRecord[] = [];
  const run = simulate(
    { texts: [{ file: 'fleet-100-any.yaml', text }] },
    {
      until: '59h',
      retainEvents: false,
      onEvent: (r) => {
        if (r.type === 'WorkloadAdmitted' || r.type === 'WorkloadPreempted') events.push(r);
      },
    },
  );

  it('uses reclaimWithinCohort Any on every ClusterQueue', () => {
    expect(text).toContain('reclaimWithinCohort: Any');
    expect(text).not.toContain('reclaimWithinCohort: Never');
  });

  it('the run reaches its end, with cross-ClusterQueue preemptions (InCohortFairSharing) on the way', () => {
    expect(run.stoppedBy).toBe('until');
    expect(run.result.end).toBe(59 * 3600);
    const reasons = new Set(events.filter((e) => e.type === 'WorkloadPreempted').map((e) => e.reason));
    expect(reasons.has('InCohortFairSharing')).toBe(true);
  });

  it('no WorkloadPreempted at the instant of the same workload’s WorkloadAdmitted', () => {
    const admittedAt = new Map<string, number>();
    const sameCycle: string[] = [];
    for (const e of events) {
      const wl = String(e.workload);
      if (e.type === 'WorkloadAdmitted') admittedAt.set(wl, e.t);
      else if (admittedAt.get(wl) === e.t) sameCycle.push(`${e.t} ${wl}`);
    }
    expect(sameCycle).toEqual([]);
  });
});
