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
 * Applies one condition change with the upstream rules (§2.10): new status → replace with a new
 * transition time; same status, new reason/message → update them only; identical → no-op; absent → append
 * only if True. Returns whether anything changed.
 */
export function updateCondition(conds: Condition[], c: ConditionChange, now: number, upd: StatusUpdate): boolean {
  const i = conds.findIndex((x) => x.type === c.type);
  const existing = i >= 0 ? conds[i] : undefined;
  let changed = false;
  if (!existing) {
    if (c.status !== 'True') return false;
    conds.push({ type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: now });
    changed = true;
  } else if (existing.status !== c.status) {
    conds[i] = { type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: now };
    changed = true;
  } else if (existing.reason !== c.reason || existing.message !== c.message) {
    existing.reason = c.reason;
    existing.message = c.message;
    changed = true;
  }
  if (!changed) return false;
  const other = EXCLUSIVE[c.type];
  if (other && c.status === 'True') {
    const j = conds.findIndex((x) => x.type === other);
    const o = j >= 0 ? conds[j] : undefined;
    if (o && o.status === 'True') conds[j] = { ...o, status: 'False', lastTransitionTime: now };
  }
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
