// A broken invariant: when, which object, which rule, and a sentence saying what was seen.

export type Rule =
  | 'node-overcommit'
  | 'exclusive-placement'
  | 'kueue-quota'
  | 'max-restarts'
  | 'terminal-state'
  | 'event-order'
  | 'determinism';

export interface Violation {
  /** Simulated seconds (null: about the run as a whole). */
  t: number | null;
  /** `namespace/name`, a node name, `ClusterQueue/name`. */
  object: string;
  rule: Rule;
  message: string;
}

export function formatViolation(v: Violation): string {
  return `${v.t === null ? 'end' : `t=${v.t}s`}: ${v.object}: ${v.rule}: ${v.message}`;
}
