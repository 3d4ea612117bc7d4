// Checks the application-failure and training-progress annotations of a JobSet (src/faults/annotations.ts).
import { FAULT_ANNOTATIONS as A } from '../faults/annotations.js';
import { type Checker, got, key, type Obj } from './checker.js';

export function checkFaultAnnotations(c: Checker, ann: Obj, base: string): void {
  const p = (k: string) => key(base, k);
  for (const [k, sign, ex] of [
    [A.totalWork, 'positive', '720h'],
    [A.checkpointInterval, 'positive', '30m'],
    [A.checkpointCost, 'nonNegative', '30s'],
    [A.restartOverhead, 'nonNegative', '5m'],
  ] as const) {
    if (ann[k] !== undefined) c.duration(ann[k], p(k), sign, false, ex);
  }
  const num = (k: string, ok: (x: number) => boolean, what: string): void => {
    const v = ann[k];
    if (v === undefined) return;
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (!Number.isFinite(x) || !ok(x)) c.err(p(k), `expected ${what}, got ${got(v)}`);
  };
  num(A.failureRate, (x) => x >= 0, 'a non-negative number of failures per hour of running, such as "0.05"');
  num(A.failureProbability, (x) => x >= 0 && x <= 1, 'a probability from 0 to 1, such as "0.1"');
  num(A.failureExitCode, (x) => Number.isInteger(x) && x >= 1 && x <= 255, 'an exit code from 1 to 255');
  if (ann[A.totalWork] === undefined) {
    for (const k of [A.checkpointInterval, A.checkpointCost, A.restartOverhead]) {
      if (ann[k] !== undefined) c.err(p(k), `only allowed with ${A.totalWork}`);
    }
  }
}
