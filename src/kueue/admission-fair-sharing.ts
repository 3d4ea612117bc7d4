// Admission Fair Sharing (spec/kueue.md §3.8; kueue ff69552e pkg/util/admissionfairsharing, pkg/cache/queue/afs,
// the LocalQueue reconciler's sampling, the workload reconciler's settlement, the scheduler's entry penalty): within a
// ClusterQueue with `admissionScope.admissionMode: UsageBasedAdmissionFairSharing`, workloads of the LocalQueue that
// has consumed less (decayed history plus entry penalties, weighted per resource, over the LocalQueue's weight) go
// first, and preemption within the ClusterQueue takes from the LocalQueue that has consumed more first.
//
// The sampling is lazy: upstream decays each LocalQueue's consumed usage towards its current admitted usage every
// `usageSamplingInterval` after its last update. Admitted usage is constant between admissions and releases, and k
// samples of constant usage are one decay over k intervals (α(kΔ) = 1 − 0.5^(kΔ/h)), so the samples due are applied
// when the usage is next read or changed; nothing runs while nothing changes, and idle runs still end.
// Named simplification: the workload reconciler's settlement of the entry penalty (upstream: when it sees the
// Admitted condition, a few ms after the scheduler's assume) happens at the admission itself.
// Quantities are floats in the resource's units (cpu 1 = one core), where upstream keeps decimal Quantities.
import type { KueueConfig } from './config.js';
import { type FlavorResource, splitFlavorResource } from './quota.js';

export type ResourceAmounts = Map<string, number>;

/** calculateAlphaRate: 1 − 0.5^(sampling/halfLife); 0 for a zero half-life. */
export function alphaRate(samplingSeconds: number, halfLifeSeconds: number): number {
  if (halfLifeSeconds === 0) return 0;
  return 1 - 0.5 ** (samplingSeconds / halfLifeSeconds);
}

/** CalculateEntryPenalty: the workload's total requests × α(usageSamplingInterval, usageHalfLifeTime). */
export function entryPenalty(
  totalRequests: ResourceAmounts,
  cfg: Pick<AdmissionFairSharingConfig, 'usageSamplingIntervalUs' | 'usageHalfLifeTimeUs'>,
): ResourceAmounts {
  const alpha = alphaRate(cfg.usageSamplingIntervalUs / 1e6, cfg.usageHalfLifeTimeUs / 1e6);
  const out: ResourceAmounts = new Map();
  for (const [r, v] of totalRequests) out.set(r, v * alpha);
  return out;
}

/** CalculateDecayedConsumed: old·(1−α) + new·α with α = α(elapsed, halfLife), over the union of resources. */
export function decayedConsumed(
  oldUsage: ResourceAmounts,
  newUsage: ResourceAmounts,
  elapsedSeconds: number,
  halfLifeSeconds: number,
): ResourceAmounts {
  const alpha = alphaRate(elapsedSeconds, halfLifeSeconds);
  const out: ResourceAmounts = new Map();
  for (const [r, v] of oldUsage) out.set(r, v * (1 - alpha));
  for (const [r, v] of newUsage) out.set(r, (out.get(r) ?? 0) + v * alpha);
  return out;
}

/**
 * CalculateUsage: Σ over resources (sorted) of weight_r · (consumed_r + penalty_r), weight 1 when not listed,
 * divided by the LocalQueue's weight; +∞ for a weight ≤ 0 (sorted last, never NaN).
 */
export function calculateUsage(
  consumed: ResourceAmounts,
  penalty: ResourceAmounts,
  localQueueWeight: number,
  resourceWeights: Readonly<Record<string, number>>,
): number {
  const all = new Map(consumed);
  for (const [r, v] of penalty) all.set(r, (all.get(r) ?? 0) + v);
  let usage = 0;
  for (const r of [...all.keys()].sort()) usage += (resourceWeights[r] ?? 1) * all.get(r)!;
  if (localQueueWeight <= 0) return Number.POSITIVE_INFINITY;
  return usage / localQueueWeight;
}

/** Configuration `admissionFairSharing` (config.kueue.x-k8s.io), defaulted. */
export interface AdmissionFairSharingConfig {
  /** usageHalfLifeTime (no default: absent = 0, which resets the usage at every sample). */
  usageHalfLifeTimeUs: number;
  /** usageSamplingInterval, default 5m. */
  usageSamplingIntervalUs: number;
  /** resourceWeights, default 1 per resource. */
  resourceWeights: Record<string, number>;
}

export const DEFAULT_USAGE_SAMPLING_INTERVAL_US = 5 * 60 * 1e6;

/** Enabled: the config section is present and the AdmissionFairSharing feature gate (beta, default on) is not off. */
export function admissionFairSharingEnabled(
  config: Pick<KueueConfig, 'admissionFairSharing'>,
  featureGates: Readonly<Record<string, boolean>>,
): config is { admissionFairSharing: AdmissionFairSharingConfig } {
  return config.admissionFairSharing !== undefined && featureGates.AdmissionFairSharing !== false;
}

interface LedgerEntry {
  /** The decayed consumed history (UsageLedgerEntry.Resources). */
  consumed: ResourceAmounts;
  /** Entry penalties not yet settled, per workload (penaltyRecords). */
  penalties: Map<string, ResourceAmounts>;
  /** When `consumed` was last decayed (µs): samples fall at lastUpdate + k·interval. */
  lastUpdate: number;
  /** Usage of the LocalQueue's admitted workloads now (cache LocalQueue.GetAdmittedUsage). */
  admitted: ResourceAmounts;
}

/** The per-LocalQueue ledger (AfsUsageLedger) with the sampling and settlement that update it. */
export class AfsLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  constructor(private readonly cfg: AdmissionFairSharingConfig) {}

  /** initializeAfsIfNeeded: the entry, seeded from the LocalQueue's persisted status, its clock started at `now`. */
  init(localQueue: string, seed: ResourceAmounts, now: number): void {
    if (this.entries.has(localQueue)) return;
    this.entries.set(localQueue, {
      consumed: new Map(seed),
      penalties: new Map(),
      lastUpdate: now,
      admitted: new Map(),
    });
  }

  private entry(localQueue: string, now: number): LedgerEntry {
    let e = this.entries.get(localQueue);
    if (!e) {
      e = { consumed: new Map(), penalties: new Map(), lastUpdate: now, admitted: new Map() };
      this.entries.set(localQueue, e);
    }
    return e;
  }

  /**
   * The LocalQueue reconciler's samples due by `now` (reconcileConsumedUsage every usageSamplingInterval after the
   * last update), applied at once: the admitted usage did not change in between.
   */
  catchUp(localQueue: string, now: number): void {
    const e = this.entry(localQueue, now);
    const interval = this.cfg.usageSamplingIntervalUs;
    const k = Math.floor((now - e.lastUpdate) / interval);
    if (k <= 0) return;
    if (this.cfg.usageHalfLifeTimeUs === 0) e.consumed = new Map();
    else e.consumed = decayedConsumed(e.consumed, e.admitted, (k * interval) / 1e6, this.cfg.usageHalfLifeTimeUs / 1e6);
    e.lastUpdate += k * interval;
  }

  /** PushPenalty: the workload's entry penalty, replacing any it had (idempotent per workload). */
  pushPenalty(localQueue: string, workload: string, penalty: ResourceAmounts, now: number): void {
    this.entry(localQueue, now).penalties.set(workload, new Map(penalty));
  }

  /** PeekPenalty: the sum of the LocalQueue's unsettled penalties. */
  pendingPenalty(localQueue: string): ResourceAmounts {
    const pending: ResourceAmounts = new Map();
    for (const p of this.entries.get(localQueue)?.penalties.values() ?? []) {
      for (const [r, v] of p) pending.set(r, (pending.get(r) ?? 0) + v);
    }
    return pending;
  }

  /** HasPendingPenalty: some unsettled penalty is not zero. */
  hasPendingPenalty(localQueue: string): boolean {
    for (const v of this.pendingPenalty(localQueue).values()) if (v !== 0) return true;
    return false;
  }

  /**
   * The workload reconciler on an admission (updateAfsConsumedUsage): consumed decays towards the admitted usage
   * (this workload's included) over the time since the last update, and the workload's penalty is folded in.
   */
  settle(localQueue: string, workload: string, now: number): void {
    const e = this.entry(localQueue, now);
    const elapsed = Math.max(0, now - e.lastUpdate) / 1e6;
    const consumed = decayedConsumed(e.consumed, e.admitted, elapsed, this.cfg.usageHalfLifeTimeUs / 1e6);
    const penalty = e.penalties.get(workload);
    if (penalty) {
      for (const [r, v] of penalty) consumed.set(r, (consumed.get(r) ?? 0) + v);
      e.penalties.delete(workload);
    }
    e.consumed = consumed;
    e.lastUpdate = now;
  }

  /** SubPenalty: a penalty that will never settle (a failed admission, or deleted first); never creates an entry. */
  subPenalty(localQueue: string, workload: string): void {
    this.entries.get(localQueue)?.penalties.delete(workload);
  }

  /** The LocalQueue's admitted usage changes by `sign`·usage (samples due before now applied first). */
  admittedChanged(localQueue: string, usage: ResourceAmounts, sign: 1 | -1, now: number): void {
    this.catchUp(localQueue, now);
    const e = this.entry(localQueue, now);
    for (const [r, v] of usage) {
      const next = (e.admitted.get(r) ?? 0) + sign * v;
      if (Math.abs(next) < 1e-9) e.admitted.delete(r);
      else e.admitted.set(r, next);
    }
  }

  /** ComputeLocalQueueFSUsage, samples due by `now` applied first. */
  usage(localQueue: string, weight: number, now: number): number {
    this.catchUp(localQueue, now);
    const e = this.entry(localQueue, now);
    return calculateUsage(e.consumed, this.pendingPenalty(localQueue), weight, this.cfg.resourceWeights);
  }

  /** The consumed history (for tests and the status): resource → amount. */
  consumed(localQueue: string): ResourceAmounts {
    return new Map(this.entries.get(localQueue)?.consumed ?? []);
  }

  has(localQueue: string): boolean {
    return this.entries.has(localQueue);
  }

  /** When the history was last decayed (µs). */
  lastUpdate(localQueue: string): number | undefined {
    return this.entries.get(localQueue)?.lastUpdate;
  }
}

/**
 * Quota usage (milli-units per flavor/resource) as resource-name totals in the resource's units (FlattenFlavors);
 * `withoutPods` drops the `pods` count Kueue adds for a ClusterQueue covering it (not a request: not penalised).
 */
export function flattenUsage(usage: ReadonlyMap<FlavorResource, number>, withoutPods = false): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [fr, v] of usage) {
    const r = splitFlavorResource(fr).resource;
    if (withoutPods && r === 'pods') continue;
    out.set(r, (out.get(r) ?? 0) + v / 1000);
  }
  return out;
}
