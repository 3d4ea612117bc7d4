// Picks the metrics a sweep keeps out of one run's result.metrics. A path naming a number keeps it; one naming a
// mapping (`jobsets`, `utilization`) keeps each numeric leaf under its own key (`utilization["google.com/tpu"]`);
// one naming nothing keeps null, so a typo shows in runs.jsonl instead of vanishing.
import { formatSetPath, type PathSegment, parseSetPath } from '../scenario/set.js';

export type MetricValues = Record<string, number | null>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function step(v: unknown, seg: PathSegment): unknown {
  if (seg.type === 'key') return isMap(v) ? v[seg.key] : undefined;
  if (!Array.isArray(v)) return undefined;
  if (seg.type === 'index') return v[seg.index];
  return v.find((x) => isMap(x) && String(x[seg.field]) === seg.value);
}

function flatten(v: unknown, segs: PathSegment[], out: MetricValues): void {
  if (typeof v === 'number') out[formatSetPath(segs)] = v;
  else if (isMap(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, [...segs, { type: 'key', key: k }], out);
  }
}

export function pickMetrics(metrics: Record<string, unknown>, paths: readonly string[]): MetricValues {
  const out: MetricValues = {};
  for (const path of paths) {
    const segs = parseSetPath(path);
    let v: unknown = metrics;
    for (const s of segs) v = step(v, s);
    if (isMap(v)) flatten(v, segs, out);
    else out[formatSetPath(segs)] = typeof v === 'number' ? v : null;
  }
  return out;
}
