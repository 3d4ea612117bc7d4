// Admission Fair Sharing in the running Kueue model: which ClusterQueues use it, each LocalQueue's ledger, and the
// usage values the ClusterQueue heaps and preemption read (spec/kueue.md §3.8). The heaps compare cached values,
// refreshed at the start of each scheduling cycle and after each admission; a queue whose values changed is
// re-heapified (upstream: RebuildActiveHeap after a LocalQueue sample or with pending penalties).
import { parseResourceList } from '../api/quantity.js';
import {
  type AdmissionFairSharingConfig,
  AfsLedger,
  entryPenalty,
  flattenUsage,
  type ResourceAmounts,
} from './admission-fair-sharing.js';
import type { ClusterQueue, LocalQueue } from './api.js';
import { parseFairWeight } from './fair-sharing.js';
import type { FlavorResource } from './quota.js';

export const USAGE_BASED_ADMISSION_FAIR_SHARING = 'UsageBasedAdmissionFairSharing';

export class AfsManager {
  readonly ledger: AfsLedger;
  /** ClusterQueues in UsageBasedAdmissionFairSharing mode → their LocalQueues (namespace/name), in name order. */
  private readonly localQueuesOf = new Map<string, string[]>();
  private readonly weights = new Map<string, number>();
  /** The usage each LocalQueue had at its last refresh: what the heaps are ordered by. */
  private readonly cached = new Map<string, number>();
  /** Called with every refreshed value (the result's series). */
  onUsage: ((clusterQueue: string, localQueue: string, usage: number) => void) | undefined;

  constructor(
    private readonly cfg: AdmissionFairSharingConfig,
    clusterQueues: readonly ClusterQueue[],
    localQueues: readonly LocalQueue[],
    private readonly now: () => number,
  ) {
    this.ledger = new AfsLedger(cfg);
    for (const cq of clusterQueues) {
      if (cq.spec?.admissionScope?.admissionMode === USAGE_BASED_ADMISSION_FAIR_SHARING) {
        this.localQueuesOf.set(cq.metadata.name, []);
      }
    }
    for (const lq of localQueues) {
      const list = this.localQueuesOf.get(lq.spec.clusterQueue);
      if (!list) continue;
      const key = `${lq.metadata.namespace ?? 'default'}/${lq.metadata.name}`;
      list.push(key);
      this.weights.set(key, parseFairWeight(lq.spec.fairSharing));
      // initializeAfsIfNeeded: the persisted status seeds the history.
      const seed: ResourceAmounts = new Map();
      const consumed = lq.status?.fairSharing?.admissionFairSharingStatus?.consumedResources;
      for (const [r, v] of parseResourceList(consumed)) seed.set(r, v / 1000);
      this.ledger.init(key, seed, now());
      this.cached.set(key, this.ledger.usage(key, this.weights.get(key)!, now()));
    }
    for (const list of this.localQueuesOf.values()) list.sort();
  }

  appliesTo(clusterQueue: string | undefined): boolean {
    return clusterQueue !== undefined && this.localQueuesOf.has(clusterQueue);
  }

  /** The value the heap compares (LocalQueue usage at the last refresh); 0 for a LocalQueue it does not know. */
  usageOf(localQueue: string): number {
    return this.cached.get(localQueue) ?? 0;
  }

  /** Reports every LocalQueue's current value (the start of the result's series). */
  reportAll(): void {
    for (const [cq, lqs] of this.localQueuesOf) for (const lq of lqs) this.onUsage?.(cq, lq, this.usageOf(lq));
  }

  /** Re-reads the usage of the ClusterQueue's LocalQueues; true when one changed (the heap must be rebuilt). */
  refresh(clusterQueue: string): boolean {
    const lqs = this.localQueuesOf.get(clusterQueue);
    if (!lqs) return false;
    let changed = false;
    const now = this.now();
    for (const lq of lqs) {
      const u = this.ledger.usage(lq, this.weights.get(lq) ?? 1, now);
      if (u !== this.cached.get(lq)) {
        this.cached.set(lq, u);
        changed = true;
        this.onUsage?.(clusterQueue, lq, u);
      }
    }
    return changed;
  }

  /**
   * An admission in an AFS ClusterQueue: the entry penalty (its requests, `pods` excluded) is pushed, the
   * LocalQueue's admitted usage grows, and the workload reconciler's settlement folds the penalty into the history.
   */
  admitted(
    clusterQueue: string,
    localQueue: string,
    workload: string,
    usage: ReadonlyMap<FlavorResource, number>,
  ): void {
    if (!this.appliesTo(clusterQueue)) return;
    const now = this.now();
    this.ledger.pushPenalty(localQueue, workload, entryPenalty(flattenUsage(usage, true), this.cfg), now);
    this.ledger.admittedChanged(localQueue, flattenUsage(usage), 1, now);
    this.ledger.settle(localQueue, workload, now);
  }

  /** Its quota was released: the LocalQueue's admitted usage shrinks (the history decays towards it from now on). */
  released(clusterQueue: string, localQueue: string, usage: ReadonlyMap<FlavorResource, number>): void {
    if (!this.appliesTo(clusterQueue)) return;
    this.ledger.admittedChanged(localQueue, flattenUsage(usage), -1, this.now());
  }
}
