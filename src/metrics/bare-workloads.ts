// The result's metrics.workloads: counts and queue wait of the bare Workloads (src/kueue/bare-workload.ts).
import type { BareWorkloadResult } from '../kueue/bare-workload.js';
import { type Distribution, distribution } from './stats.js';

export interface BareWorkloadMetrics {
  submitted: number;
  finished: number;
  /** Holding quota at the end (admitted, or evicted and not yet released). */
  admitted: number;
  /** Waiting for admission at the end (pending, inadmissible) or deactivated. */
  waiting: number;
  /** admittedAt − submittedAt (the latest admission) over the Workloads ever admitted, seconds. */
  queueWait: Distribution;
}

export function bareWorkloadMetrics(ws: readonly BareWorkloadResult[]): BareWorkloadMetrics {
  let finished = 0;
  let admitted = 0;
  const waits: number[] = [];
  for (const w of ws) {
    if (w.state === 'finished') finished++;
    else if (w.state === 'admitted' || w.state === 'evicting') admitted++;
    if (w.admittedAt !== null) waits.push(w.admittedAt - w.submittedAt);
  }
  return {
    submitted: ws.length,
    finished,
    admitted,
    waiting: ws.length - finished - admitted,
    queueWait: distribution(waits),
  };
}
