// scenarios/maintenance-wave.yaml: a JobSet with jobset's host-maintenance-event-model failure policy
// (examples/failure-policy/host-maintenance-event-model.yaml: podFailurePolicy FailJob on DisruptionTarget, then
// RestartJobSetAndIgnoreMaxRestarts on PodFailurePolicy) survives a wave of GKE host maintenance that fails a
// JobSet without that rule (maxRestarts 1).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

describe('maintenance wave vs failure policy', () => {
  const { result, events } = simulate('scenarios/maintenance-wave.yaml');
  const js = (name: string) => result.jobsets.find((j) => j.name === name)!;

  it('every maintenance drains its pool with DisruptionTarget/TerminationByKubelet after a 1 h notice', () => {
    const faults = events.filter((e) => e.type === 'Fault');
    expect(faults.map((e) => e.t)).toEqual([3600, 5400, 7200, 9000, 10800, 12600]);
    expect(faults.every((e) => e.fault === 'maintenance')).toBe(true);
    // The pods the maintenance stopped failed at its start (graceful node shutdown).
    const failedAtFault = events.filter((e) => e.type === 'PodFailed' && faults.some((f) => f.t === e.t));
    expect(failedAtFault.length).toBeGreaterThanOrEqual(6);
  });

  it('the JobSet with the rule restarts without spending its budget and completes', () => {
    const t = js('tolerant');
    expect(t.terminalState).toBe('Completed');
    expect(t.status?.restarts).toBeGreaterThanOrEqual(2);
    expect(t.status?.restartsCountTowardsMax ?? 0).toBe(0);
    const reasons = events
      .filter((e) => e.type === 'Event' && e.object === 'default/tolerant' && e.eventType === 'Warning')
      .map((e) => e.reason);
    expect(reasons).toContain('RestartJobSetAndIgnoreMaxRestartsFailurePolicyAction');
    expect(t.progress?.interruptions.maintenance).toBe(t.status?.restarts);
  });

  it('the JobSet without it fails once the wave hits it twice (ReachedMaxRestarts)', () => {
    const p = js('plain');
    expect(p.terminalState).toBe('Failed');
    expect(p.status?.restarts).toBe(1);
    expect(p.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('ReachedMaxRestarts');
    expect(p.progress?.interruptions.maintenance).toBe(2);
  });
});
