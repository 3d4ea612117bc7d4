// Simulated time ↔ wall-clock time. Objects inside the simulator carry times as simulated seconds (numbers); a
// snapshot carries RFC 3339 strings, as kubectl prints them. The epoch (the wall time of simulated t = 0) is
// `Simulation.spec.startTime`, default DEFAULT_EPOCH.

/** The wall time of simulated t = 0 when the Simulation does not say (a fixed date: outputs stay reproducible). */
export const DEFAULT_EPOCH = '2025-01-01T00:00:00Z';

/** Object fields that hold a time (metav1.Time / MicroTime) in the kinds a snapshot carries. */
export const TIME_FIELDS = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'lastTransitionTime',
  'lastProbeTime',
  'lastHeartbeatTime',
  'lastUpdateTime',
  'startTime',
  'completionTime',
  'startedAt',
  'finishedAt',
  'requeueAt',
  'lastScheduleTime',
]);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the Unix epoch, or undefined when `s` is not RFC 3339. Fractions are kept to the µs. */
export function parseRfc3339Us(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const whole = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]!.toUpperCase()}`);
  if (Number.isNaN(whole)) return undefined;
  const frac = m[7] ? Math.round(Number(`0${m[7]}`) * 1e6) : 0;
  return whole * 1000 + frac;
}

/** RFC 3339 with microseconds when not whole seconds (metav1.MicroTime style), else whole seconds (metav1.Time). */
export function formatRfc3339(epochUs: number, simSeconds: number): string {
  const us = epochUs + Math.round(simSeconds * 1e6);
  const ms = Math.floor(us / 1000);
  const base = new Date(ms).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  const frac = us - Math.floor(us / 1e6) * 1e6;
  if (frac === 0) return `${base}Z`;
  return `${base}.${String(frac).padStart(6, '0').replace(/0+$/, '')}Z`;
}

/**
 * Rewrites every time field of a plain object tree in place: numbers (simulated seconds) to RFC 3339 strings
 * (`toWall`) or strings to simulated seconds (`toSim`). Values that do not convert are left as they are.
 */
export function convertTimes(v: unknown, convert: (x: unknown) => unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) convertTimes(x, convert);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  for (const [k, x] of Object.entries(o)) {
    if (TIME_FIELDS.has(k) && (typeof x === 'number' || typeof x === 'string')) o[k] = convert(x);
    else if (typeof x === 'object' && x !== null) convertTimes(x, convert);
  }
}

/** Every RFC 3339 time field of a tree, as µs since the Unix epoch (for the snapshot's newest timestamp). */
export function collectTimes(v: unknown, out: number[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collectTimes(x, out);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (TIME_FIELDS.has(k) && typeof x === 'string') {
      const us = parseRfc3339Us(x);
      if (us !== undefined) out.push(us);
    } else if (typeof x === 'object' && x !== null) collectTimes(x, out);
  }
}
