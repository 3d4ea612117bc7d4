// The measurement window of one run (Simulation.spec.metrics.window). Time-averaged metrics integrate only over
// it: every Integral made while a run is being simulated takes the run's window (a dynamic scope, set around the
// whole synchronous run by simulate()), so the collectors that make them need no extra wiring.

export interface WindowUs {
  start: number;
  /** Infinity = the end of the run */
  end: number;
}

const FULL: WindowUs = { start: 0, end: Number.POSITIVE_INFINITY };
let active: WindowUs = FULL;

/** Runs `fn` with `w` as the window of every Integral it makes (runs are synchronous, so this cannot leak). */
export function withMetricWindow<T>(w: WindowUs | undefined, fn: () => T): T {
  const prev = active;
  active = w ?? FULL;
  try {
    return fn();
  } finally {
    active = prev;
  }
}

export function currentWindow(): WindowUs {
  return active;
}

/** The length (µs) a time average divides by: the window cut at the run's end (at least 1 µs). */
export function windowSpan(endUs: number, w: WindowUs = active): number {
  const span = Math.min(w.end, endUs) - w.start;
  return span > 0 ? span : 1;
}
