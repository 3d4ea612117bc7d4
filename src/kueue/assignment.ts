// A flavor assignment's result (kueue ff69552e flavorassigner.go Assignment, modes, statuses, no-fit reasons and
// FlavorAssignmentAttempts, resources.ResourceFormatter) and the pkg/workload pieces it reads (TotalRequests, ScaledTo,
// AssignmentClusterQueueState, scheduler.go lastAssignmentOutdated). The assigner itself is ./flavor-assigner.ts.
import { formatQuantity, podRequests } from '../api/quantity.js';
import type { FlavorFungibility, PodSet, PodSetAssignment } from './api.js';
import { DEFAULT_POD_SET_NAME, QUOTA_RESERVED_REASON } from './api.js';
import { addAmount, type FlavorResource, flavorResource, UNLIMITED } from './quota.js';
import type { InternalTopologyAssignment } from './tas/find-assignment.js';
import type { TasUsage } from './tas/placement.js';
import { encodeTopologyAssignment } from './topology-assignment.js';

// ---------------------------------------------------------------------------------------------------------------
// Modes.

/** FlavorAssignmentMode, worst first: NoFit < Preempt < DeferredFit < Fit. */
export type FlavorAssignmentMode = 'NoFit' | 'Preempt' | 'DeferredFit' | 'Fit';

const MODE_RANK: Readonly<Record<FlavorAssignmentMode, number>> = { NoFit: 0, Preempt: 1, DeferredFit: 2, Fit: 3 };

/** The worse of two modes (RepresentativeMode folds with this). */
export function worseMode(a: FlavorAssignmentMode, b: FlavorAssignmentMode): FlavorAssignmentMode {
  return MODE_RANK[a] <= MODE_RANK[b] ? a : b;
}

/** preemptioncommon.PreemptionPossibility, in upstream's order NoCandidates < Preempt < Reclaim. */
export type PreemptionPossibility = 'NoCandidates' | 'Preempt' | 'Reclaim';

export const POSSIBILITY_RANK: Readonly<Record<PreemptionPossibility, number>> = {
  NoCandidates: 0,
  Preempt: 1,
  Reclaim: 2,
};

/** The assigner-internal preemptionMode, worst first. */
export type PreemptionMode = 'noFit' | 'noPreemptionCandidates' | 'preempt' | 'reclaim' | 'fit';

export const PM_RANK: Readonly<Record<PreemptionMode, number>> = {
  noFit: 0,
  noPreemptionCandidates: 1,
  preempt: 2,
  reclaim: 3,
  fit: 4,
};

/** granularMode: the preemption mode and the borrowing level (0 = within the ClusterQueue's nominal quota). */
export interface GranularMode {
  preemptionMode: PreemptionMode;
  borrowingLevel: number;
}

export function worstGranularMode(): GranularMode {
  return { preemptionMode: 'noFit', borrowingLevel: Number.MAX_SAFE_INTEGER };
}

export function bestGranularMode(): GranularMode {
  return { preemptionMode: 'fit', borrowingLevel: 0 };
}

function isPreemptMode(m: GranularMode): boolean {
  return m.preemptionMode === 'preempt' || m.preemptionMode === 'reclaim';
}

/**
 * isPreferred: whether mode a beats mode b under the ClusterQueue's flavorFungibility. noFit never wins, a mode
 * without preemption candidates loses to any viable mode; then BorrowingOverPreemption (default) compares the
 * preemption mode first and the borrowing level second, PreemptionOverBorrowing the other way round.
 */
export function isPreferred(a: GranularMode, b: GranularMode, ff: FlavorFungibility | undefined): boolean {
  if (a.preemptionMode === 'noFit') return false;
  if (b.preemptionMode === 'noFit') return true;
  const aNoCandidates = a.preemptionMode === 'noPreemptionCandidates';
  const bNoCandidates = b.preemptionMode === 'noPreemptionCandidates';
  if (aNoCandidates !== bNoCandidates) return !aNoCandidates;
  if (ff?.preference === 'PreemptionOverBorrowing') {
    if (a.borrowingLevel !== b.borrowingLevel) return a.borrowingLevel < b.borrowingLevel;
    return PM_RANK[a.preemptionMode] > PM_RANK[b.preemptionMode];
  }
  if (a.preemptionMode !== b.preemptionMode) return PM_RANK[a.preemptionMode] > PM_RANK[b.preemptionMode];
  return a.borrowingLevel < b.borrowingLevel;
}

/** shouldTryNextFlavor: noFit / noCandidates always go on; preemption and borrowing go on when the policy says so. */
export function shouldTryNextFlavor(rep: GranularMode, ff: ResolvedFungibility): boolean {
  if (rep.preemptionMode === 'noFit' || rep.preemptionMode === 'noPreemptionCandidates') return true;
  if (isPreemptMode(rep) && ff.whenCanPreempt === 'TryNextFlavor') return true;
  if (rep.borrowingLevel !== 0 && ff.whenCanBorrow === 'TryNextFlavor') return true;
  return false;
}

export function flavorAssignmentModeOf(pm: PreemptionMode): FlavorAssignmentMode {
  switch (pm) {
    case 'noFit':
      return 'NoFit';
    case 'fit':
      return 'Fit';
    default:
      return 'Preempt';
  }
}

export function possibilityOf(pm: PreemptionMode): PreemptionPossibility | undefined {
  switch (pm) {
    case 'noPreemptionCandidates':
      return 'NoCandidates';
    case 'preempt':
      return 'Preempt';
    case 'reclaim':
      return 'Reclaim';
    default:
      return undefined;
  }
}

export function fromPossibility(p: PreemptionPossibility): PreemptionMode {
  switch (p) {
    case 'NoCandidates':
      return 'noPreemptionCandidates';
    case 'Preempt':
      return 'preempt';
    case 'Reclaim':
      return 'reclaim';
  }
}

/** The cache's defaulting (clusterqueue.go defaultFlavorFungibility): MayStopSearch / TryNextFlavor. */
export interface ResolvedFungibility extends FlavorFungibility {
  whenCanBorrow: 'MayStopSearch' | 'TryNextFlavor';
  whenCanPreempt: 'MayStopSearch' | 'TryNextFlavor';
}

export function resolveFungibility(ff: FlavorFungibility | undefined): ResolvedFungibility {
  return {
    ...ff,
    whenCanBorrow: ff?.whenCanBorrow || 'MayStopSearch',
    whenCanPreempt: ff?.whenCanPreempt || 'TryNextFlavor',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// No-fit reasons (QuotaReserved=False reasons), most severe last.

const REASON_SEVERITY: Readonly<Record<string, number>> = {
  [QUOTA_RESERVED_REASON.TopologyPlacementFailed]: 1,
  [QUOTA_RESERVED_REASON.WaitingForQuota]: 2,
  [QUOTA_RESERVED_REASON.ExceedsMaxQuota]: 3,
  [QUOTA_RESERVED_REASON.NoMatchingFlavor]: 4,
};

export function reasonSeverity(reason: string): number {
  return REASON_SEVERITY[reason] ?? 0;
}

/** mostSevereReason: NoMatchingFlavor > ExceedsMaxQuota > WaitingForQuota > TopologyPlacementFailed > ''. */
export function mostSevereReason(a: string, b: string): string {
  return reasonSeverity(a) >= reasonSeverity(b) ? a : b;
}

// ---------------------------------------------------------------------------------------------------------------
// Status.

/** Why a podset could not be assigned immediately; no reasons and no error means Fit. */
export interface AssignmentStatus {
  reasons: string[];
  /** A hard failure (upstream Status.err), e.g. an unparsable node affinity. */
  error?: string;
  /** Internal: the QuotaReserved reason this status stands for. */
  noFitReason?: string;
}

export function newStatus(...reasons: string[]): AssignmentStatus {
  return { reasons: [...reasons] };
}

export function statusIsFit(s: AssignmentStatus | undefined): boolean {
  return s === undefined || (s.error === undefined && s.reasons.length === 0);
}

/** Status.Message: the error, or the reasons sorted and joined with ", ". */
export function statusMessage(s: AssignmentStatus | undefined): string {
  if (s === undefined) return '';
  if (s.error !== undefined) return s.error;
  return [...s.reasons].sort(compareStrings).join(', ');
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Results.

export interface FlavorAssignment {
  name: string;
  mode: FlavorAssignmentMode;
  /** The flavor index the scan stopped at, −1 when it reached the last flavor (start over next time). */
  triedFlavorIdx: number;
  /** Borrowing level of this resource (0 = within nominal quota). */
  borrow: number;
}

/** FlavorAssignmentAttempt: one flavor the scan looked at and its worst outcome over the requested resources. */
export interface FlavorAssignmentAttempt {
  flavor: string;
  mode: FlavorAssignmentMode;
  borrow: number;
  preemptionPossibility?: PreemptionPossibility;
  reasons: string[];
  /** '' or a QuotaReserved reason (NoMatchingFlavor, ExceedsMaxQuota, WaitingForQuota, TopologyPlacementFailed). */
  noFitReason: string;
}

export interface PodSetAssignmentResult {
  name: string;
  /** Resource → assigned flavor. Empty for a podset that could not be assigned. */
  flavors: Map<string, FlavorAssignment>;
  status: AssignmentStatus;
  /** Total requests of the podset (count × per-pod), milli-units; includes `pods` when the CQ covers it. */
  requests: Map<string, number>;
  count: number;
  flavorAssignmentAttempts: FlavorAssignmentAttempt[];
  /** The TAS placement (UpdateForTASResult), when the podset uses TAS and one was found. */
  topologyAssignment?: InternalTopologyAssignment;
}

/** PodSetAssignment.RepresentativeMode: Fit when the status is fit, NoFit on error / no flavors, else the worst. */
export function podSetRepresentativeMode(ps: PodSetAssignmentResult): FlavorAssignmentMode {
  if (statusIsFit(ps.status)) return 'Fit';
  if (ps.status.error !== undefined) return 'NoFit';
  if (ps.flavors.size === 0) return 'NoFit';
  let mode: FlavorAssignmentMode = 'Fit';
  for (const fa of ps.flavors.values()) mode = worseMode(mode, fa.mode);
  return mode;
}

/** workload.AssignmentClusterQueueState: where the flavor scan stopped, per podset index and resource. */
export interface AssignmentClusterQueueState {
  lastTriedFlavorIdx: Record<string, number>[];
  clusterQueueGeneration: number;
  schedulingCycle: number;
  /** SchedulingEquivalenceHashing hash of the workload's shape; undefined = unknown. */
  schedulingHash?: string;
}

export type QuotaCheckStrategy = 'BlockUndeclared' | 'IgnoreUndeclared';

export class Assignment {
  podSets: PodSetAssignmentResult[] = [];
  /** Height of the smallest cohort subtree that covers the additional usage; 0 when nothing is borrowed. */
  borrowing = 0;
  lastState: AssignmentClusterQueueState;
  /** Usage accumulated as podsets got flavors (only podsets with assigned flavors count). */
  usage = new Map<FlavorResource, number>();
  /** Why the assignment is NoFit (UnadmittedWorkloadsObservability): '' or a QuotaReserved reason. */
  noFitReason = '';
  /** Usage.TAS: per TAS flavor the domains and pods of the podsets' topology assignments. */
  tasUsage: TasUsage = new Map();
  readonly quotaCheckStrategy: QuotaCheckStrategy;
  private modeOverride: FlavorAssignmentMode | undefined;

  constructor(init: { lastState?: AssignmentClusterQueueState; quotaCheckStrategy?: QuotaCheckStrategy } = {}) {
    this.lastState = init.lastState ?? { lastTriedFlavorIdx: [], clusterQueueGeneration: 0, schedulingCycle: 0 };
    this.quotaCheckStrategy = init.quotaCheckStrategy ?? 'BlockUndeclared';
  }

  /** RepresentativeMode: the worst podset mode; NoFit when no podset was assigned. */
  representativeMode(): FlavorAssignmentMode {
    if (this.podSets.length === 0) return 'NoFit';
    if (this.modeOverride !== undefined) return this.modeOverride;
    let mode: FlavorAssignmentMode = 'Fit';
    for (const ps of this.podSets) mode = worseMode(mode, podSetRepresentativeMode(ps));
    return mode;
  }

  /** SetRepresentativeMode: pins the mode (e.g. DeferredFit) and rewrites every flavor's mode. */
  setRepresentativeMode(mode: FlavorAssignmentMode): void {
    this.modeOverride = mode;
    for (const ps of this.podSets) for (const fa of ps.flavors.values()) fa.mode = mode;
  }

  /** updateMode: rewrites one podset's flavor modes (the TAS downgrade) and pins the representative mode. */
  updateMode(podSetName: string, mode: FlavorAssignmentMode): void {
    const ps = this.podSets.find((p) => p.name === podSetName);
    if (!ps) return;
    for (const fa of ps.flavors.values()) fa.mode = mode;
    this.modeOverride = mode;
  }

  borrows(): number {
    return this.borrowing;
  }

  requiresBorrowing(): boolean {
    return this.borrowing > 0;
  }

  /**
   * Message: "couldn't assign flavors to pod set <name>: <reasons>" for every non-fit podset, joined by "; ", or
   * "failed to assign flavors to pod set <name>: <error>" for the first podset with an error.
   */
  message(): string {
    const parts: string[] = [];
    for (const ps of this.podSets) {
      if (statusIsFit(ps.status)) continue;
      if (ps.status.error !== undefined) return `failed to assign flavors to pod set ${ps.name}: ${ps.status.error}`;
      parts.push(`couldn't assign flavors to pod set ${ps.name}: ${statusMessage(ps.status)}`);
    }
    return parts.join('; ');
  }

  /** ToAPI: status.admission.podSetAssignments, the topology assignment in the v1beta2 encoding. */
  toAPI(): PodSetAssignment[] {
    return this.podSets.map((ps) => {
      const flavors: Record<string, string> = {};
      const resourceUsage: Record<string, string> = {};
      for (const [res, fa] of ps.flavors) {
        flavors[res] = fa.name;
        resourceUsage[res] = formatAmount(res, ps.requests.get(res) ?? 0);
      }
      const out: PodSetAssignment = { name: ps.name, flavors, resourceUsage, count: ps.count };
      if (ps.topologyAssignment)
        out.topologyAssignment = encodeTopologyAssignment(ps.topologyAssignment.levels, ps.topologyAssignment.domains);
      return out;
    });
  }

  /** updateModeForTASRequests: every podset with a TAS request gets `mode`. */
  updateModeForPodSets(names: Iterable<string>, mode: FlavorAssignmentMode): void {
    for (const n of names) this.updateMode(n, mode);
  }

  /**
   * TotalRequestsFor: the quota the workload needs at the assigned counts, by FlavorResource. Zero requests are
   * skipped, and so are undeclared resources under IgnoreUndeclared.
   */
  totalRequestsFor(totalRequests: readonly PodSetResources[]): Map<FlavorResource, number> {
    const usage = new Map<FlavorResource, number>();
    totalRequests.forEach((ps, i) => {
      const psa = this.podSets[i];
      if (!psa) return;
      const scaled = scalePodSetResources(ps, psa.count);
      for (const [res, q] of scaled.requests) {
        if (q === 0) continue;
        const fa = psa.flavors.get(res);
        if (fa === undefined) {
          if (this.quotaCheckStrategy === 'IgnoreUndeclared') continue;
          throw new Error(`totalRequestsFor: pod set ${ps.name} has no flavor for ${res}`);
        }
        const fr = flavorResource(fa.name, res);
        usage.set(fr, addAmount(usage.get(fr) ?? 0, q));
      }
    });
    return usage;
  }

  /** Assignment.append: records a podset, its usage, borrowing and scan bookmarks. */
  append(requests: ReadonlyMap<string, number>, ps: PodSetAssignmentResult): void {
    const flavorIdx: Record<string, number> = {};
    this.podSets.push(ps);
    for (const [res, fa] of ps.flavors) {
      if (fa.borrow > this.borrowing) this.borrowing = fa.borrow;
      const fr = flavorResource(fa.name, res);
      this.usage.set(fr, addAmount(this.usage.get(fr) ?? 0, requests.get(res) ?? 0));
      flavorIdx[res] = fa.triedFlavorIdx;
    }
    this.lastState.lastTriedFlavorIdx.push(flavorIdx);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Workload requests (pkg/workload TotalRequests, ScaledTo).

/** workload.PodSetResources: a podset's total requests (milli-units) at `count` pods. */
export interface PodSetResources {
  name: string;
  count: number;
  requests: ReadonlyMap<string, number>;
}

export interface WorkloadLike {
  spec: { podSets: readonly PodSet[] };
  status?: { reclaimablePods?: readonly { name: string; count: number }[] };
}

/**
 * totalRequestsFromPodSets: per podset, count = count − reclaimable pods (ReclaimablePods gate), requests = the
 * pod's effective requests (floored at 0) × count. Pod overhead is not modelled (podRequests).
 */
export function workloadTotalRequests(wl: WorkloadLike, opts: { reclaimablePods?: boolean } = {}): PodSetResources[] {
  const reclaim = new Map<string, number>();
  if (opts.reclaimablePods ?? true) for (const r of wl.status?.reclaimablePods ?? []) reclaim.set(r.name, r.count);
  return wl.spec.podSets.map((ps) => {
    const name = ps.name ?? DEFAULT_POD_SET_NAME;
    const full = ps.count ?? 1;
    const count = full - Math.min(reclaim.get(name) ?? 0, full);
    const requests = new Map<string, number>();
    for (const [res, v] of podRequests(ps.template.spec)) requests.set(res, saturatingMul(Math.max(0, v), count));
    return { name, count, requests };
  });
}

/** PodSetResources.ScaledTo: requests / count × newCount (integer division per resource). */
export function scalePodSetResources(ps: PodSetResources, newCount: number): PodSetResources {
  if (ps.count === 0 || ps.count === newCount)
    return { name: ps.name, count: ps.count, requests: new Map(ps.requests) };
  const requests = new Map<string, number>();
  for (const [res, v] of ps.requests) requests.set(res, saturatingMul(Math.trunc(v / ps.count), newCount));
  return { name: ps.name, count: newCount, requests };
}

export function saturatingMul(v: number, f: number): number {
  const p = v * f;
  return p > Number.MAX_SAFE_INTEGER ? UNLIMITED : p;
}

// ---------------------------------------------------------------------------------------------------------------
// Scan progress (pkg/workload AssignmentClusterQueueState, scheduler.go lastAssignmentOutdated).

/** NextFlavorToTryForPodSetResource: the recorded index + 1, 0 without a record or with FlavorFungibility off. */
export function nextFlavorToTry(
  s: AssignmentClusterQueueState | undefined,
  podSetIndex: number,
  resource: string,
  flavorFungibilityGate = true,
): number {
  if (!flavorFungibilityGate || s === undefined || podSetIndex >= s.lastTriedFlavorIdx.length) return 0;
  const idx = s.lastTriedFlavorIdx[podSetIndex]?.[resource];
  return idx === undefined ? 0 : idx + 1;
}

/** PendingFlavors: some podset/resource stopped before the last flavor (the queue requeues such a workload). */
export function pendingFlavors(s: AssignmentClusterQueueState | undefined): boolean {
  if (s === undefined) return false;
  return s.lastTriedFlavorIdx.some((m) => Object.values(m).some((idx) => idx !== -1));
}

/**
 * lastAssignmentOutdated: whether the recorded scan progress must be dropped before assigning again. With
 * FlavorFungibilityPreserveScanProgress (default on): a changed workload shape always outdates it, an assignment
 * from this or the previous cycle never does; otherwise (and without the gate) it is outdated once the CQ's
 * allocatable generation moved on (a workload left, quotas changed).
 */
export function lastAssignmentOutdated(
  last: AssignmentClusterQueueState,
  currentClusterQueueGeneration: number,
  currentSchedulingCycle: number,
  currentSchedulingHash: string | undefined,
  preserveScanProgress = true,
): boolean {
  if (preserveScanProgress) {
    const shapeMatches =
      last.schedulingHash === undefined ||
      currentSchedulingHash === undefined ||
      last.schedulingHash === currentSchedulingHash;
    if (!shapeMatches) return true;
    if (currentSchedulingCycle - last.schedulingCycle <= 1) return false;
  }
  return currentClusterQueueGeneration > last.clusterQueueGeneration;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting (resources.ResourceFormatter).

/**
 * AmountQuantityString: cpu as a milli quantity, memory / ephemeral-storage / hugepages-* in binary form when
 * exact, everything else decimal; the Unlimited sentinel prints "<unlimited>".
 */
export function formatAmount(resource: string, v: number): string {
  if (v === UNLIMITED) return '<unlimited>';
  if (!Number.isSafeInteger(v)) return String(v);
  const binary = resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-');
  return formatQuantity(v, binary ? resource : undefined);
}
