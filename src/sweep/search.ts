// Capacity search: the smallest value of one integer parameter whose runs meet a target on a metric with the
// requested confidence, by bisection over [min, max]. Each value tried is an arm run over every seed; it meets the
// target when the one-sided confidence bound on the metric's mean over seeds does (upper bound ≤ atMost, lower
// bound ≥ atLeast). Bisection assumes the metric improves monotonically with the parameter (more capacity, less
// wait), which the README states as the search's premise.
import { formatSetPath, parseSetPath } from '../scenario/set.js';
import type { RunRecord } from './record.js';
import type { SearchSpec } from './spec.js';
import { meanBound, summarize } from './stats.js';

export interface SearchStep {
  value: number;
  arm: number;
  n: number;
  failed: number;
  mean: number | null;
  sd: number | null;
  bound: number | null;
  meets: boolean;
}

export interface SearchResult {
  parameter: string;
  metric: string;
  direction: 'atMost' | 'atLeast';
  target: number;
  confidence: number;
  /** Which one-sided bound on the mean is compared with the target. */
  bound: 'upper' | 'lower';
  min: number;
  max: number;
  /** In the order tried. */
  steps: SearchStep[];
  /** The smallest value meeting the target, or null when even `max` does not. */
  answer: number | null;
  message: string;
}

/** Runs one arm with the parameter set to `value` (all seeds) and returns its records. */
export type Evaluate = (value: number) => Promise<{ arm: number; records: RunRecord[] }>;

export function metricKey(metric: string): string {
  return formatSetPath(parseSetPath(metric));
}

export async function capacitySearch(spec: SearchSpec, evaluate: Evaluate): Promise<SearchResult> {
  const side = spec.direction === 'atMost' ? 'upper' : 'lower';
  const mkey = metricKey(spec.metric);
  const steps: SearchStep[] = [];
  const tried = new Map<number, SearchStep>();
  const judge = async (value: number): Promise<SearchStep> => {
    const known = tried.get(value);
    if (known) return known;
    const { arm, records } = await evaluate(value);
    const ok = records.filter((r) => r.metrics !== undefined);
    const values = ok.map((r) => r.metrics![mkey]).filter((v): v is number => typeof v === 'number');
    // A failed run or a missing value cannot vouch for the target.
    const complete = ok.length === records.length && values.length === records.length;
    const bound = meanBound(values, spec.confidence, side);
    const s = summarize(values);
    const meets =
      complete && bound !== null && (spec.direction === 'atMost' ? bound <= spec.target : bound >= spec.target);
    const step = {
      value,
      arm,
      n: values.length,
      failed: records.length - ok.length,
      mean: s.mean,
      sd: s.sd,
      bound,
      meets,
    };
    steps.push(step);
    tried.set(value, step);
    return step;
  };

  let answer: number | null = null;
  const top = await judge(spec.max);
  if (top.meets) {
    let lo = spec.min;
    let hi = spec.max;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await judge(mid)).meets) hi = mid;
      else lo = mid + 1;
    }
    answer = hi;
  }
  return {
    parameter: spec.parameter,
    metric: mkey,
    direction: spec.direction,
    target: spec.target,
    confidence: spec.confidence,
    bound: side,
    min: spec.min,
    max: spec.max,
    steps,
    answer,
    message: describe(spec, mkey, side, answer, tried),
  };
}

function describe(
  spec: SearchSpec,
  mkey: string,
  side: string,
  answer: number | null,
  tried: Map<number, SearchStep>,
): string {
  const op = spec.direction === 'atMost' ? '<=' : '>=';
  const pct = `${Math.round(spec.confidence * 1000) / 10}%`;
  const goal = `${mkey} ${op} ${spec.target} at ${pct} confidence`;
  const say = (s: SearchStep) =>
    s.failed > 0
      ? `${s.failed} of its runs failed`
      : `${side} bound ${s.bound ?? 'none'} (mean ${s.mean ?? 'none'}, n ${s.n})`;
  if (answer === null) {
    const top = tried.get(spec.max)!;
    return `${spec.parameter} = ${spec.max} (the top of the range) does not meet ${goal}: ${say(top)}; widen spec.search.max`;
  }
  const at = tried.get(answer)!;
  const below = tried.get(answer - 1);
  const why = below
    ? `; ${answer - 1} does not: ${say(below)}`
    : answer === spec.min
      ? ' (the bottom of the range)'
      : '';
  return `${spec.parameter} = ${answer} is the smallest value meeting ${goal}: ${say(at)}${why}`;
}
