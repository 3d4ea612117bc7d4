// Kueue's metrics over a run (documented in the README, `metrics.kueue`): per ClusterQueue the admissions and
// time to admission, pending workloads over time, quota usage and borrowing per flavor and resource over time,
// and evictions and preemptions by reason.
import { Integral } from '../metrics/integral.js';
import { type Distribution, distribution } from '../metrics/stats.js';
import { windowSpan } from '../metrics/window.js';
import type { FlavorResource, QuotaTree } from './quota.js';
import type { KueueSeries } from './series.js';

interface CqStats {
  admissions: number;
  timeToAdmission: number[];
  pending: Integral;
  maxPending: number;
  usage: Map<FlavorResource, Integral>;
  borrowed: Map<FlavorResource, Integral>;
  evictions: Record<string, number>;
  preemptions: Record<string, number>;
}

export interface ClusterQueueSummary {
  admissions: number;
  timeToAdmission: Distribution;
  pendingWorkloads: { mean: number; max: number };
  /** per `flavor/resource`: time-averaged usage ÷ nominal quota (0 when the nominal is 0) */
  usage: Record<string, number>;
  /** per `flavor/resource`: time-averaged amount above the nominal quota, in the resource's units */
  borrowed: Record<string, number>;
  evictions: Record<string, number>;
  preemptions: Record<string, number>;
}

export class KueueStats {
  private readonly cqs = new Map<string, CqStats>();
  /** The result's `series.kueue`, when recorded (attached by the run). */
  series: KueueSeries | undefined;

  constructor(
    private readonly now: () => number,
    names: readonly string[],
  ) {
    for (const n of names) {
      this.cqs.set(n, {
        admissions: 0,
        timeToAdmission: [],
        pending: new Integral(),
        maxPending: 0,
        usage: new Map(),
        borrowed: new Map(),
        evictions: {},
        preemptions: {},
      });
    }
  }

  pending(cq: string, delta: number): void {
    const s = this.cqs.get(cq);
    if (!s) return;
    s.pending.advance(this.now());
    s.pending.value += delta;
    s.maxPending = Math.max(s.maxPending, s.pending.value);
    this.series?.pending(cq, s.pending.value);
  }

  /** An admission and its wait; the usage is read with usageChanged once the tree holds admitted usage only. */
  admitted(cq: string, waitSeconds: number): void {
    const s = this.cqs.get(cq);
    if (!s) return;
    s.admissions++;
    s.timeToAdmission.push(waitSeconds);
    this.series?.admitted(cq, 1);
  }

  /** Its quota was released (finished, or evicted and its pods gone). */
  released(cq: string): void {
    this.series?.admitted(cq, -1);
  }

  /** Re-read the ClusterQueue's usage per FlavorResource from the tree. */
  usageChanged(cq: string, tree: QuotaTree): void {
    const s = this.cqs.get(cq);
    const node = tree.clusterQueue(cq);
    if (!s || !node) return;
    const t = this.now();
    for (const [fr, q] of node.quotas) {
      const used = tree.usage(cq, fr);
      let u = s.usage.get(fr);
      if (!u) {
        u = new Integral();
        s.usage.set(fr, u);
      }
      u.advance(t);
      u.value = used;
      let b = s.borrowed.get(fr);
      if (!b) {
        b = new Integral();
        s.borrowed.set(fr, b);
      }
      b.advance(t);
      b.value = Math.max(0, used - q.nominal);
    }
    this.series?.usage(cq, tree);
  }

  evicted(cq: string, reason: string, preempted?: string): void {
    const s = this.cqs.get(cq);
    if (!s) return;
    s.evictions[reason] = (s.evictions[reason] ?? 0) + 1;
    if (preempted) s.preemptions[preempted] = (s.preemptions[preempted] ?? 0) + 1;
    this.series?.evicted(cq, reason, preempted);
  }

  /** Evictions over all ClusterQueues by reason (the contract's `metrics.evictions`). */
  evictionsByReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.cqs.values()) for (const [r, n] of Object.entries(s.evictions)) out[r] = (out[r] ?? 0) + n;
    return out;
  }

  summary(endUs: number, tree: QuotaTree): { clusterQueues: Record<string, ClusterQueueSummary> } {
    const span = windowSpan(endUs); // the measurement window cut at the end (endUs without one)
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const out: Record<string, ClusterQueueSummary> = {};
    for (const [name, s] of this.cqs) {
      s.pending.advance(endUs);
      const node = tree.clusterQueue(name);
      const usage: Record<string, number> = {};
      const borrowed: Record<string, number> = {};
      for (const [fr, u] of s.usage) {
        u.advance(endUs);
        const nominal = node?.quotas.get(fr)?.nominal ?? 0;
        usage[fr] = nominal > 0 ? r3(u.area / span / nominal) : 0;
        const b = s.borrowed.get(fr)!;
        b.advance(endUs);
        borrowed[fr] = r3(b.area / span / 1000);
      }
      out[name] = {
        admissions: s.admissions,
        timeToAdmission: distribution(s.timeToAdmission),
        pendingWorkloads: { mean: r3(s.pending.area / span), max: s.maxPending },
        usage,
        borrowed,
        evictions: s.evictions,
        preemptions: s.preemptions,
      };
    }
    return { clusterQueues: out };
  }
}
