// Condition updates and the events they queue (upstream updateCondition / jobset_controller.go):
// changes are collected during a reconcile and written once at its end.
import type { Condition } from '../../api/meta.js';

export interface QueuedEvent {
  eventType: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The options object a reconcile fills in: a dirty flag and the events to emit on a successful write. */
export interface StatusUpdate {
  dirty: boolean;
  events: QueuedEvent[];
}

export function newStatusUpdate(): StatusUpdate {
  return { dirty: false, events: [] };
}

export interface ConditionChange {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  /** Warning events: Failed, and RestartingJobSet=True. */
  eventType?: 'Normal' | 'Warning';
}

/** Mutually exclusive condition pairs: setting one True sets the other False. */
const EXCLUSIVE: Record<string, string> = {
  StartupPolicyInProgress: 'StartupPolicyCompleted',
  StartupPolicyCompleted: 'StartupPolicyInProgress',
};

/**
 * Applies one condition change with the upstream rules (§2.10, updateCondition): new status → replace with a
 * new transition time; same status, new reason/message → update them, keeping the time; identical → no-op;
 * absent → append only if True. A True condition also turns a True mutually exclusive one False (status only,
 * its time kept), even when the condition itself did not change. Returns whether anything changed; a change
 * queues an event with the condition's reason and message.
 */
export function updateCondition(conds: Condition[], c: ConditionChange, now: number, upd: StatusUpdate): boolean {
  let changed = false;
  let found = false;
  for (let i = 0; i < conds.length; i++) {
    const cur = conds[i]!;
    if (cur.type === c.type) {
      found = true;
      if (cur.status !== c.status) {
        conds[i] = { type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: now };
        changed = true;
      } else if (cur.reason !== c.reason || cur.message !== c.message) {
        conds[i] = { ...cur, reason: c.reason, message: c.message };
        changed = true;
      }
    } else if (EXCLUSIVE[c.type] === cur.type && cur.status === 'True' && c.status === 'True') {
      conds[i] = { ...cur, status: 'False' };
      changed = true;
    }
  }
  if (!found && c.status === 'True') {
    conds.push({ type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: now });
    changed = true;
  }
  if (!changed) return false;
  upd.dirty = true;
  upd.events.push({ eventType: c.eventType ?? 'Normal', reason: c.reason, message: c.message });
  return true;
}

/** Updates a condition only if it already exists (e.g. RestartingJobSet=False on completion). */
export function updateExistingCondition(
  conds: Condition[],
  c: ConditionChange,
  now: number,
  upd: StatusUpdate,
): boolean {
  if (!conds.some((x) => x.type === c.type)) return false;
  return updateCondition(conds, c, now, upd);
}

export function conditionTrue(conds: Condition[] | undefined, type: string): boolean {
  return conds?.some((c) => c.type === type && c.status === 'True') ?? false;
}
