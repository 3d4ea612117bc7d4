// Kueue's series over time in the result (`series.kueue`, README "Outputs"), fed by KueueStats at the moments the
// values change: per ClusterQueue the pending and admitted workloads, usage and borrowing per flavor/resource, the
// weighted dominant resource share (with Fair Sharing), evictions and preemptions by reason (cumulative counts), and
// per LocalQueue the Admission Fair Sharing usage; and per flavor/resource the usage summed over ClusterQueues.
import type { SeriesRecorder, SeriesWriter } from '../metrics/series.js';
import { dominantResourceShare, type FairWeights, roundedWeightedShare } from './fair-sharing.js';
import type { QuotaTree } from './quota.js';

export class KueueSeries {
  /** The last usage written per ClusterQueue and FlavorResource (milli-units), for the per-flavor totals. */
  private readonly last = new Map<string, number>();
  private readonly totals = new Map<string, number>();
  /** Writers by series path joined with NUL, made on first write (the recorder creates the series then, as before). */
  private readonly writers = new Map<string, SeriesWriter>();

  constructor(
    private readonly rec: SeriesRecorder,
    /** Present = Fair Sharing is on: `drs` is recorded with these weights. */
    private readonly fairSharing: { weights: FairWeights } | undefined,
  ) {}

  /** Every ClusterQueue's series exist from the start (value 0), so a queue that stays idle still has them. */
  init(tree: QuotaTree, clusterQueues: readonly string[]): void {
    for (const cq of clusterQueues) {
      this.rec.get(['kueue', 'clusterQueues', cq, 'pending']);
      this.rec.get(['kueue', 'clusterQueues', cq, 'admitted']);
      const node = tree.clusterQueue(cq);
      if (!node) continue;
      for (const fr of node.quotas.keys()) {
        this.rec.get(['kueue', 'flavors', fr]);
        this.rec.get(['kueue', 'clusterQueues', cq, 'usage', fr]);
        this.rec.get(['kueue', 'clusterQueues', cq, 'borrowed', fr]);
      }
      if (this.fairSharing) this.rec.get(['kueue', 'clusterQueues', cq, 'drs']);
    }
  }

  /** The writer of `kueue.clusterQueues.<cq>.<what>[.<fr>]`, or of `kueue.flavors.<fr>` when `cq` is undefined. */
  private w(cq: string | undefined, what: string, fr?: string): SeriesWriter {
    const key =
      cq === undefined ? `\u0000${fr}` : fr === undefined ? `${cq}\u0000${what}` : `${cq}\u0000${what}\u0000${fr}`;
    let w = this.writers.get(key);
    if (!w) {
      const path = cq === undefined ? ['kueue', 'flavors', fr!] : ['kueue', 'clusterQueues', cq, what];
      if (cq !== undefined && fr !== undefined) path.push(fr);
      w = this.rec.writer(path);
      this.writers.set(key, w);
    }
    return w;
  }

  pending(cq: string, count: number): void {
    this.w(cq, 'pending').set(count);
  }

  /** +1 on admission, −1 when the quota is released (finished, or evicted and its pods gone). */
  admitted(cq: string, delta: number): void {
    this.w(cq, 'admitted').add(delta);
  }

  /** Usage and borrowing in the resource's units (the tree holds milli-units); the share with Fair Sharing. */
  usage(cq: string, tree: QuotaTree): void {
    const node = tree.clusterQueue(cq);
    if (!node) return;
    for (const [fr, q] of node.quotas) {
      const used = tree.usage(cq, fr);
      const key = `${cq}\u0000${fr}`;
      const delta = used - (this.last.get(key) ?? 0);
      if (delta !== 0) {
        this.last.set(key, used);
        const total = (this.totals.get(fr) ?? 0) + delta;
        this.totals.set(fr, total);
        this.w(undefined, 'flavors', fr).set(total / 1000);
      }
      this.w(cq, 'usage', fr).set(used / 1000);
      this.w(cq, 'borrowed', fr).set(Math.max(0, used - q.nominal) / 1000);
    }
    if (this.fairSharing) {
      // status.fairSharing.weightedShare: a ClusterQueue's share depends on its own usage only (its parent's
      // lendable capacity is fixed), so it changes exactly when its usage does.
      const drs = dominantResourceShare(tree, node, this.fairSharing.weights);
      this.w(cq, 'drs').set(roundedWeightedShare(drs).weightedShare);
    }
  }

  /** Cumulative counts: `evictions.<reason>` and, for a preemption, `preemptions.<reason>`. */
  evicted(cq: string, reason: string, preempted?: string): void {
    this.rec.add(['kueue', 'clusterQueues', cq, 'evictions', reason], 1);
    if (preempted) this.rec.add(['kueue', 'clusterQueues', cq, 'preemptions', preempted], 1);
  }

  /** A LocalQueue's Admission Fair Sharing usage (CalculateUsage: weighted consumed + pending penalty ÷ weight). */
  localQueueUsage(cq: string, localQueue: string, usage: number): void {
    this.rec.set(
      ['kueue', 'clusterQueues', cq, 'localQueues', localQueue, 'afsUsage'],
      Number.isFinite(usage) ? usage : -1,
    );
  }
}
