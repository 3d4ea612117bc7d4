// Running a Kueue scenario through simulate() with the Workload condition writes recorded (the run's output has the
// event log and the result, not the Workload objects): KueueManager's private setCondition is wrapped.
import { vi } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { KueueManager } from '../../src/kueue/manager.js';
import { type SimulationRun, simulate } from '../../src/simulate.js';

export interface ConditionWrite {
  t: number;
  /** The owner's namespace/name (JobSet or Job). */
  owner: string;
  workload: string;
  type: string;
  status: string;
  reason: string;
  message: string;
}

type SetCondition = (
  t: { jobSet: string; key: string },
  type: string,
  status: string,
  reason: string,
  message: string,
  write?: boolean,
) => void;

export interface KueueRun {
  events: LogRecord[];
  conditions: ConditionWrite[];
  result: SimulationRun['result'];
  /** The condition writes for one owner (by name), optionally of one type. */
  of(name: string, type?: string): ConditionWrite[];
}

export function runKueue(text: string, sets: string[] = []): KueueRun {
  const proto = KueueManager.prototype as unknown as { setCondition: SetCondition };
  const original = proto.setCondition;
  const conditions: ConditionWrite[] = [];
  const spy = vi.spyOn(proto, 'setCondition').mockImplementation(function (
    this: { ctx: { sim: { now: number } } },
    t,
    type,
    status,
    reason,
    message,
    write,
  ) {
    conditions.push({ t: this.ctx.sim.now / 1e6, owner: t.jobSet, workload: t.key, type, status, reason, message });
    original.call(this, t, type, status, reason, message, write);
  });
  try {
    const { events, result } = simulate({ texts: [{ file: 'kueue-case.yaml', text }] }, { sets });
    return {
      events,
      conditions,
      result,
      of: (name, type) => conditions.filter((c) => c.owner.endsWith(`/${name}`) && (!type || c.type === type)),
    };
  } finally {
    spy.mockRestore();
  }
}

/** [t, owner name] of each event of this type (WorkloadAdmitted, WorkloadEvicted, ...). */
export function eventsOf(events: LogRecord[], type: string): [number, string][] {
  return events
    .filter((e) => e.type === type)
    .map((e) => [e.t, String(e.jobSet ?? e.job).split('/')[1] ?? ''] as [number, string]);
}
