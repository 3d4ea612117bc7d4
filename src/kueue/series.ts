// Kueue's series over time in the result (`series.kueue`, README "Outputs"), fed by KueueStats at the moments the
// values change: per ClusterQueue the pending and admitted workloads, usage and borrowing per flavor/resource, the
// weighted dominant resource share (with Fair Sharing), evictions and preemptions by reason (cumulative counts), and
// per LocalQueue the Admission Fair Sharing usage.
import type { SeriesRecorder } from '../metrics/series.js';
import { dominantResourceShare, type FairWeights, roundedWeightedShare } from './fair-sharing.js';
import type { QuotaTree } from './quota.js';

export class KueueSeries {
  constructor(
    private readonly rec: SeriesRecorder,
    /** Present = Fair Sharing is on: `drs` is recorded with these weights. */
    private readonly fairSharing: { weights: FairWeights } | undefined,
  ) {}

  /** Every ClusterQueue's series exist from the start (value 0), so a queue that stays idle still has them. */
  init(tree: QuotaTree, clusterQueues: readonly string[]): void {
    for (const cq of clusterQueues) {
      this.rec.get(['kueue', cq, 'pending']);
      this.rec.get(['kueue', cq, 'admitted']);
      const node = tree.clusterQueue(cq);
      if (!node) continue;
      for (const fr of node.quotas.keys()) {
        this.rec.get(['kueue', cq, 'usage', fr]);
        this.rec.get(['kueue', cq, 'borrowed', fr]);
      }
      if (this.fairSharing) this.rec.get(['kueue', cq, 'drs']);
    }
  }

  pending(cq: string, count: number): void {
    this.rec.set(['kueue', cq, 'pending'], count);
  }

  /** +1 on admission, −1 when the quota is released (finished, or evicted and its pods gone). */
  admitted(cq: string, delta: number): void {
    this.rec.add(['kueue', cq, 'admitted'], delta);
  }

  /** Usage and borrowing in the resource's units (the tree holds milli-units); the share with Fair Sharing. */
  usage(cq: string, tree: QuotaTree): void {
    const node = tree.clusterQueue(cq);
    if (!node) return;
    for (const [fr, q] of node.quotas) {
      const used = tree.usage(cq, fr);
      this.rec.set(['kueue', cq, 'usage', fr], used / 1000);
      this.rec.set(['kueue', cq, 'borrowed', fr], Math.max(0, used - q.nominal) / 1000);
    }
    if (this.fairSharing) {
      // status.fairSharing.weightedShare: a ClusterQueue's share depends on its own usage only (its parent's
      // lendable capacity is fixed), so it changes exactly when its usage does.
      const drs = dominantResourceShare(tree, node, this.fairSharing.weights);
      this.rec.set(['kueue', cq, 'drs'], roundedWeightedShare(drs).weightedShare);
    }
  }

  /** Cumulative counts: `evictions.<reason>` and, for a preemption, `preemptions.<reason>`. */
  evicted(cq: string, reason: string, preempted?: string): void {
    this.rec.add(['kueue', cq, 'evictions', reason], 1);
    if (preempted) this.rec.add(['kueue', cq, 'preemptions', preempted], 1);
  }

  /** A LocalQueue's Admission Fair Sharing usage (CalculateUsage: weighted consumed + pending penalty ÷ weight). */
  localQueueUsage(cq: string, localQueue: string, usage: number): void {
    this.rec.set(['kueue', cq, 'localQueues', localQueue, 'afsUsage'], Number.isFinite(usage) ? usage : -1);
  }
}
