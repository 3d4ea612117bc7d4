// Flavor assignment (spec §1.1, §2.3, §2.5), mirroring kueue ff69552e pkg/scheduler/flavorassigner:
// flavorassigner.go (Assign, assignFlavors, findFlavorForPodSets, checkFlavorForPodSets, flavorSelector,
// fitsResourceQuota, isPreferred, shouldTryNextFlavor, resolveNoFitReason, Assignment/Status helpers),
// flavor_assigner_attempts.go (FlavorAssignmentAttempts bookkeeping), podset_reducer.go (PodSetReducer),
// tas_flavorassigner.go checkPodSetAndFlavorMatchForTAS (flavor compatibility only), and the pieces of
// pkg/workload (TotalRequests, ScaledTo, AssignmentClusterQueueState, CanBePartiallyAdmitted) and
// pkg/scheduler/scheduler.go (lastAssignmentOutdated, getInitialAssignments' partial-admission search) it relies on.
//
// Pure: nothing passed in is mutated. The QuotaTree is read only (the default preemption oracle reads a clone).
//
// Left out, on purpose:
// - Topology Aware Scheduling placement itself lives in ./tas/ (TasPlacement: WorkloadsTopologyRequests,
//   FindTopologyAssignmentsForWorkload, ComputeTASNetUsage); with the `tas` option, assign() runs upstream's TAS step
//   (Fit → Preempt when placement fails, Preempt → NoFit when it fails even on an empty cluster).
// - Second-pass (already admitted) workloads: their prior flavors are not re-seeded.
// - ConcurrentAdmission (flavor allow-list annotation) and ElasticJobsViaWorkloadSlices: both gates are off.
// - Resource transformations / excluded resource prefixes / DRA of the Kueue config.
//
// Units: amounts are the simulator's milli-units for every resource (see quota.ts); upstream counts non-CPU
// resources in whole units, so the message texts agree except for fractional non-CPU quantities (upstream rounds
// each podset's request up to a whole unit, here it stays exact, e.g. "500m").
//
// The parts: ./assignment.ts (the Assignment result, modes, statuses, workload requests), ./flavor-selector.ts (flavor
// compatibility), ./partial-admission.ts (getInitialAssignments' search), ./tas/flavor-assignment.ts (TAS's part).
import { podRequests } from '../api/quantity.js';
import { findUntoleratedTaint } from '../api/taints.js';
import type { ClusterQueuePreemption, ClusterQueueSpec, PodSet, ResourceFlavorSpec, ResourceGroup } from './api.js';
import { DEFAULT_POD_SET_NAME, QUOTA_RESERVED_REASON } from './api.js';
import {
  Assignment,
  type AssignmentClusterQueueState,
  type AssignmentStatus,
  bestGranularMode,
  compareStrings,
  type FlavorAssignment,
  type FlavorAssignmentAttempt,
  flavorAssignmentModeOf,
  formatAmount,
  fromPossibility,
  type GranularMode,
  isPreferred,
  mostSevereReason,
  newStatus,
  nextFlavorToTry,
  PM_RANK,
  POSSIBILITY_RANK,
  type PodSetAssignmentResult,
  type PodSetResources,
  type PreemptionMode,
  type PreemptionPossibility,
  podSetRepresentativeMode,
  possibilityOf,
  type QuotaCheckStrategy,
  type ResolvedFungibility,
  reasonSeverity,
  resolveFungibility,
  saturatingMul,
  scalePodSetResources,
  shouldTryNextFlavor,
  statusIsFit,
  type WorkloadLike,
  workloadTotalRequests,
  worseMode,
  worstGranularMode,
} from './assignment.js';
import { flavorSelectorMatches, taintString } from './flavor-selector.js';
import { addAmount, type FlavorResource, flavorResource, type QuotaTree, subAmount } from './quota.js';
import { isExplicitlyRequestingTAS, placeTAS, topologyHasLevel } from './tas/flavor-assignment.js';
import type { TasPlacement } from './tas/placement.js';

// Moved to their own files; re-exported here for the modules and tests that import them from the flavor assigner.
export {
  Assignment,
  type AssignmentClusterQueueState,
  type AssignmentStatus,
  type FlavorAssignment,
  type FlavorAssignmentAttempt,
  type FlavorAssignmentMode,
  formatAmount,
  type GranularMode,
  isPreferred,
  lastAssignmentOutdated,
  mostSevereReason,
  nextFlavorToTry,
  type PodSetAssignmentResult,
  type PodSetResources,
  type PreemptionMode,
  type PreemptionPossibility,
  pendingFlavors,
  podSetRepresentativeMode,
  type QuotaCheckStrategy,
  scalePodSetResources,
  statusIsFit,
  statusMessage,
  type WorkloadLike,
  workloadTotalRequests,
  worseMode,
} from './assignment.js';
export { flavorSelectorMatches, taintString } from './flavor-selector.js';
export {
  assignWithPartialAdmission,
  canBePartiallyAdmitted,
  type InitialAssignment,
  PodSetReducer,
} from './partial-admission.js';
export { isExplicitlyRequestingTAS, topologyHasLevel, updateForTASResult } from './tas/flavor-assignment.js';

// ---------------------------------------------------------------------------------------------------------------
// Preemption oracle.

export interface PreemptionSimulation {
  tree: QuotaTree;
  clusterQueue: string;
  flavorResource: FlavorResource;
  flavor: string;
  resource: string;
  /** The amount the workload would use of this FlavorResource (earlier podsets' + this podset's), milli-units. */
  quantity: number;
  preemption: ClusterQueuePreemption | undefined;
  fairSharing: boolean;
  workload: WorkloadLike;
}

export interface PreemptionSimulationResult {
  possibility: PreemptionPossibility;
  /** Borrowing level once the targets are gone (FindHeightOfLowestSubtreeThatFits after their removal). */
  borrowAfterPreemption: number;
}

/**
 * preemptionOracle.SimulatePreemption: could preempting other workloads make `quantity` of this FlavorResource fit,
 * and would the targets all be outside the ClusterQueue (Reclaim) or include its own workloads (Preempt)?
 */
export type PreemptionOracle = (s: PreemptionSimulation) => PreemptionSimulationResult;

/**
 * The default oracle, an approximation of upstream's (which runs the preemption target search for this single
 * FlavorResource against the snapshot's admitted workloads, which this module does not see):
 * - NoCandidates when quantity > potentialAvailable, or when neither withinClusterQueue (with own usage on the
 *   FlavorResource to take from) nor reclaimWithinCohort (with a cohort) is other than Never;
 * - Preempt when withinClusterQueue ≠ Never and the ClusterQueue has usage on the FlavorResource, else Reclaim;
 * - borrow level: FindHeightOfLowestSubtreeThatFits after removing the missing amount from the ClusterQueue's own
 *   usage (Preempt), or on the unchanged tree (Reclaim, NoCandidates).
 * Priorities, candidate ordering, borrowWithinCohort thresholds and Fair Sharing shares are not considered.
 */
export const defaultPreemptionOracle: PreemptionOracle = (s) => {
  const { tree, clusterQueue: cq, flavorResource: fr, quantity } = s;
  const borrowNow = () => tree.lowestSubtreeThatFits(cq, fr, quantity).height;
  if (quantity > tree.potentialAvailable(cq, fr))
    return { possibility: 'NoCandidates', borrowAfterPreemption: borrowNow() };
  const within = s.preemption?.withinClusterQueue ?? 'Never';
  const reclaim = s.preemption?.reclaimWithinCohort ?? 'Never';
  const ownUsage = tree.usage(cq, fr);
  const inClusterQueue = within !== 'Never' && ownUsage > 0;
  const inCohort = reclaim !== 'Never' && tree.ancestors(cq).length > 0;
  if (!inClusterQueue && !inCohort) return { possibility: 'NoCandidates', borrowAfterPreemption: borrowNow() };
  if (!inClusterQueue) return { possibility: 'Reclaim', borrowAfterPreemption: borrowNow() };
  const missing = Math.max(0, subAmount(quantity, tree.available(cq, fr)));
  const after = tree.clone();
  after.removeUsage(cq, new Map([[fr, Math.min(ownUsage, missing)]]));
  return { possibility: 'Preempt', borrowAfterPreemption: after.lowestSubtreeThatFits(cq, fr, quantity).height };
};

// ---------------------------------------------------------------------------------------------------------------
// The assigner.

/** What the assigner reads of a ResourceFlavor. */
export interface ResourceFlavorLike {
  metadata: { name: string };
  spec?: ResourceFlavorSpec;
}

export interface FlavorAssignerGates {
  /** FlavorFungibility (default on): policy-driven scan, scan bookmarks. */
  flavorFungibility?: boolean;
  /** ReclaimablePods (default on): reclaimable pods do not count. */
  reclaimablePods?: boolean;
  /** TopologyAwareScheduling (default on): the TAS flavor compatibility rule (placement is not modelled). */
  topologyAwareScheduling?: boolean;
}

export interface FlavorAssignerOptions {
  workload: WorkloadLike;
  clusterQueue: { metadata: { name: string }; spec?: ClusterQueueSpec };
  /** The snapshot: the ClusterQueue must be in it, with usage of admitted workloads already added. */
  quota: QuotaTree;
  resourceFlavors: ReadonlyMap<string, ResourceFlavorLike> | Readonly<Record<string, ResourceFlavorLike>>;
  /** Fair Sharing enabled in the Kueue config. */
  fairSharing?: boolean;
  oracle?: PreemptionOracle;
  quotaCheckStrategy?: QuotaCheckStrategy;
  /** Precomputed workload.TotalRequests; default workloadTotalRequests(workload). */
  totalRequests?: readonly PodSetResources[];
  /** The previous attempt's scan progress (already cleared by the caller if lastAssignmentOutdated). */
  lastAssignment?: AssignmentClusterQueueState;
  /** Pins the flavors during an in-cycle recomputation: podset name → resource → flavor. */
  nominationMapping?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Recorded in the result's lastState. */
  clusterQueueGeneration?: number;
  schedulingCycle?: number;
  schedulingHash?: string;
  gates?: FlavorAssignerGates;
  /**
   * Levels of a Topology, for the TAS level check; undefined = the Topology is unknown (the flavor then is not a
   * TAS flavor of the CQ). Without this lookup every flavor with a topologyName counts as a TAS flavor with all
   * levels.
   */
  topologyLevels?: (topologyName: string) => readonly string[] | undefined;
  /** TAS placement for this workload and ClusterQueue; absent = placement not modelled (compatibility rule only). */
  tas?: TasPlacement;
}

interface FindResult {
  flavors: Map<string, FlavorAssignment> | undefined;
  status: AssignmentStatus | undefined;
  considered: FlavorAssignmentAttempt[];
}

interface QuotaFit {
  mode: PreemptionMode;
  borrow: number;
  status: AssignmentStatus | undefined;
}

export class FlavorAssigner {
  private readonly wl: WorkloadLike;
  private readonly cqName: string;
  private readonly resourceGroups: readonly ResourceGroup[];
  private readonly ff: ResolvedFungibility;
  private readonly preemption: ClusterQueuePreemption | undefined;
  private readonly tree: QuotaTree;
  private readonly flavors: ReadonlyMap<string, ResourceFlavorLike>;
  private readonly fairSharing: boolean;
  private readonly oracle: PreemptionOracle;
  private readonly quotaCheckStrategy: QuotaCheckStrategy;
  private readonly totalRequests: readonly PodSetResources[];
  private readonly lastAssignment: AssignmentClusterQueueState | undefined;
  private readonly nominationMapping: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
  private readonly opts: FlavorAssignerOptions;
  private readonly gateFungibility: boolean;
  private readonly gateTAS: boolean;

  constructor(opts: FlavorAssignerOptions) {
    this.opts = opts;
    this.wl = opts.workload;
    this.cqName = opts.clusterQueue.metadata.name;
    this.resourceGroups = opts.clusterQueue.spec?.resourceGroups ?? [];
    this.ff = resolveFungibility(opts.clusterQueue.spec?.flavorFungibility);
    this.preemption = opts.clusterQueue.spec?.preemption;
    this.tree = opts.quota;
    this.flavors =
      opts.resourceFlavors instanceof Map
        ? opts.resourceFlavors
        : new Map(Object.entries(opts.resourceFlavors as Record<string, ResourceFlavorLike>));
    this.fairSharing = opts.fairSharing ?? false;
    this.oracle = opts.oracle ?? defaultPreemptionOracle;
    this.quotaCheckStrategy = opts.quotaCheckStrategy ?? 'BlockUndeclared';
    this.totalRequests =
      opts.totalRequests ?? workloadTotalRequests(opts.workload, { reclaimablePods: opts.gates?.reclaimablePods });
    this.lastAssignment = opts.lastAssignment;
    this.nominationMapping = opts.nominationMapping;
    this.gateFungibility = opts.gates?.flavorFungibility ?? true;
    this.gateTAS = opts.gates?.topologyAwareScheduling ?? true;
  }

  /** RGByResource: the first resource group covering the resource. */
  private rgIndexByResource(res: string): number {
    return this.resourceGroups.findIndex((rg) => rg.coveredResources.includes(res));
  }

  /**
   * Assign: a flavor for every requested resource of every podset. `counts` (partial admission) scales the
   * podsets' requests to those pod counts.
   */
  assign(counts?: readonly number[]): Assignment {
    // Read only below (each podset copies its requests): unscaled, the total requests are used as they are.
    const requests =
      counts !== undefined && counts.length > 0
        ? this.totalRequests.map((ps, i) => scalePodSetResources(ps, counts[i] ?? ps.count))
        : this.totalRequests;
    const assignment = new Assignment({
      quotaCheckStrategy: this.quotaCheckStrategy,
      lastState: {
        lastTriedFlavorIdx: [],
        clusterQueueGeneration: this.opts.clusterQueueGeneration ?? 0,
        schedulingCycle: this.opts.schedulingCycle ?? 0,
        ...(this.opts.schedulingHash !== undefined ? { schedulingHash: this.opts.schedulingHash } : {}),
      },
    });

    interface Indexed {
      index: number;
      requests: Map<string, number>;
      psa: PodSetAssignmentResult;
    }
    const groups = new Map<string, Indexed[]>();
    const coversPods = this.rgIndexByResource('pods') !== -1;
    requests.forEach((ps, i) => {
      const reqs = new Map(ps.requests);
      if (coversPods) reqs.set('pods', saturatingMul(ps.count, 1000));
      const psa: PodSetAssignmentResult = {
        name: ps.name,
        flavors: new Map(),
        status: newStatus(),
        requests: reqs,
        count: ps.count,
        flavorAssignmentAttempts: [],
      };
      const groupName = this.wl.spec.podSets[i]?.topologyRequest?.podSetGroupName;
      const key = groupName ?? String(i);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push({ index: i, requests: reqs, psa });
    });

    for (const podSets of groups.values()) {
      const groupReqs = new Map<string, number>();
      for (const ps of podSets) for (const [r, v] of ps.requests) groupReqs.set(r, addAmount(groupReqs.get(r) ?? 0, v));
      const psIDs = podSets.map((p) => p.index);
      const considered = new Map<string, FlavorAssignmentAttempt>();
      let groupFlavors: Map<string, FlavorAssignment> | undefined = new Map();
      let groupStatus: AssignmentStatus = newStatus();
      for (const [resName, quantity] of this.orderedResources(groupReqs)) {
        if (this.rgIndexByResource(resName) === -1) {
          if (quantity === 0) continue;
          if (this.quotaCheckStrategy === 'IgnoreUndeclared') continue;
        }
        if (groupFlavors.has(resName)) continue;
        const found = this.findFlavorForPodSets(psIDs, groupReqs, resName, assignment.usage);
        this.mergeFlavorAttemptsForResource(considered, found.considered, resName);
        const flavorsFound = found.flavors ?? new Map<string, FlavorAssignment>();
        if (found.status?.error !== undefined || (flavorsFound.size === 0 && groupReqs.size > 0)) {
          groupFlavors = undefined;
          groupStatus = found.status ?? newStatus();
          break;
        }
        for (const [r, fa] of flavorsFound) groupFlavors.set(r, fa);
        if (found.status) groupStatus.reasons.push(...found.status.reasons);
      }

      const finalConsidered = [...considered.values()].sort((a, b) => compareStrings(a.flavor, b.flavor));
      let failed = false;
      for (const ps of podSets) {
        ps.psa.flavors = this.resolvePodSetFlavors(ps.index, ps.requests, groupFlavors);
        ps.psa.status = {
          reasons: [...groupStatus.reasons],
          ...(groupStatus.error !== undefined ? { error: groupStatus.error } : {}),
        };
        ps.psa.flavorAssignmentAttempts = finalConsidered.map(cloneAttempt);
        assignment.append(ps.requests, ps.psa);
        if (ps.psa.status.error !== undefined || (ps.requests.size > 0 && ps.psa.flavors.size === 0)) failed = true;
      }
      if (failed) {
        this.resolveNoFitReason(assignment);
        return assignment;
      }
    }
    if (assignment.representativeMode() !== 'NoFit' && this.gateTAS && this.opts.tas)
      placeTAS(this.opts.tas, assignment);
    this.resolveNoFitReason(assignment);
    return assignment;
  }

  /**
   * Go ranges over a map here, so upstream's order is random. This port takes resources no resource group covers
   * first (so that a BlockUndeclared failure reports NoMatchingFlavor deterministically), then the covered ones
   * in resource-group order.
   */
  private orderedResources(reqs: ReadonlyMap<string, number>): [string, number][] {
    if (reqs.size === 1) return [...reqs]; // one resource: its order is itself
    const undeclared: [string, number][] = [];
    const declared: { e: [string, number]; rg: number; pos: number }[] = [];
    for (const e of reqs) {
      const rg = this.rgIndexByResource(e[0]);
      if (rg === -1) undeclared.push(e);
      else declared.push({ e, rg, pos: this.resourceGroups[rg]!.coveredResources.indexOf(e[0]) });
    }
    declared.sort((a, b) => a.rg - b.rg || a.pos - b.pos);
    return [...undeclared, ...declared.map((d) => d.e)];
  }

  /** resolvePodSetFlavors: the group's flavors restricted to the podset's resources (TAS leader fallback). */
  private resolvePodSetFlavors(
    index: number,
    reqs: ReadonlyMap<string, number>,
    groupFlavors: Map<string, FlavorAssignment> | undefined,
  ): Map<string, FlavorAssignment> {
    const out = new Map<string, FlavorAssignment>();
    if (reqs.size > 0) {
      for (const r of reqs.keys()) {
        const fa = groupFlavors?.get(r);
        if (fa) out.set(r, fa);
      }
      return out;
    }
    if (this.wl.spec.podSets[index]?.topologyRequest?.podSetGroupName !== undefined && groupFlavors) {
      for (const [r, fa] of groupFlavors) if (this.isTASFlavor(fa.name)) out.set(r, fa);
    }
    return out;
  }

  private findFlavorForPodSets(
    psIDs: readonly number[],
    groupReqs: ReadonlyMap<string, number>,
    resName: string,
    assignmentUsage: ReadonlyMap<FlavorResource, number>,
  ): FindResult {
    const rgIdx = this.rgIndexByResource(resName);
    if (rgIdx === -1)
      return {
        flavors: undefined,
        status: newStatus(`resource ${resName} unavailable in ClusterQueue`),
        considered: [],
      };
    const rg = this.resourceGroups[rgIdx]!;
    const status = newStatus();
    const reqs: [string, number][] = [];
    for (const r of rg.coveredResources) {
      const v = groupReqs.get(r);
      if (v !== undefined) reqs.push([r, v]);
    }

    let best: Map<string, FlavorAssignment> | undefined;
    let bestMode = worstGranularMode();
    const considered: FlavorAssignmentAttempt[] = [];
    const nFlavors = rg.flavors.length;
    let attemptedFlavorIdx = -1;
    for (
      let idx = nextFlavorToTry(this.lastAssignment, psIDs[0]!, resName, this.gateFungibility);
      idx < nFlavors;
      idx++
    ) {
      attemptedFlavorIdx = idx;
      const fName = rg.flavors[idx]!.name;
      if (this.shouldRespectNominationMapping() && this.skipByNominationMapping(fName, psIDs, resName)) {
        status.reasons.push(
          `skipping flavor ${fName} as it is not found in the nomination mapping for resource ${resName}`,
        );
        continue;
      }
      const flavorStatus = this.checkFlavorForPodSets(fName, psIDs, rg);
      if (!statusIsFit(flavorStatus)) {
        flavorStatus.noFitReason = QUOTA_RESERVED_REASON.NoMatchingFlavor;
        status.reasons.push(...flavorStatus.reasons);
        considered.push({
          flavor: fName,
          mode: 'NoFit',
          borrow: 0,
          reasons: [...flavorStatus.reasons],
          noFitReason: flavorStatus.noFitReason,
        });
        if (flavorStatus.error !== undefined) {
          status.error = flavorStatus.error;
          return { flavors: undefined, status, considered };
        }
        continue;
      }

      const assignments = new Map<string, FlavorAssignment>();
      let rep = bestGranularMode();
      let maxBorrow = 0;
      const flavorQuotaReasons: string[] = [];
      let flavorNoFitReason = '';
      for (const [rName, val] of reqs) {
        const fr = flavorResource(fName, rName);
        const nominal = this.tree.quota(this.cqName, fr).nominal;
        const q = this.fitsResourceQuota(fr, fName, rName, assignmentUsage.get(fr) ?? 0, val, nominal);
        if (q.status) {
          flavorQuotaReasons.push(...q.status.reasons);
          status.reasons.push(...q.status.reasons);
          flavorNoFitReason = mostSevereReason(flavorNoFitReason, q.status.noFitReason ?? '');
        }
        maxBorrow = Math.max(maxBorrow, q.borrow);
        const mode: GranularMode = { preemptionMode: q.mode, borrowingLevel: q.borrow };
        if (isPreferred(rep, mode, this.ff)) rep = mode;
        if (rep.preemptionMode === 'noFit') continue;
        assignments.set(rName, {
          name: fName,
          mode: flavorAssignmentModeOf(q.mode),
          triedFlavorIdx: 0,
          borrow: q.borrow,
        });
      }
      const possibility = possibilityOf(rep.preemptionMode);
      considered.push({
        flavor: fName,
        mode: flavorAssignmentModeOf(rep.preemptionMode),
        borrow: maxBorrow,
        ...(possibility !== undefined ? { preemptionPossibility: possibility } : {}),
        reasons: [...flavorQuotaReasons].sort(compareStrings),
        noFitReason: flavorNoFitReason,
      });

      if (this.gateFungibility) {
        if (!shouldTryNextFlavor(rep, this.ff)) {
          best = assignments;
          bestMode = rep;
          break;
        }
        if (isPreferred(rep, bestMode, this.ff)) {
          best = assignments;
          bestMode = rep;
        }
      } else if (PM_RANK[rep.preemptionMode] > PM_RANK[bestMode.preemptionMode]) {
        best = assignments;
        bestMode = rep;
        if (bestMode.preemptionMode === 'fit') return { flavors: best, status: undefined, considered };
      }
    }

    if (this.gateFungibility) {
      for (const fa of best?.values() ?? []) {
        fa.triedFlavorIdx = attemptedFlavorIdx === nFlavors - 1 ? -1 : attemptedFlavorIdx;
      }
      if (bestMode.preemptionMode === 'fit') return { flavors: best, status: undefined, considered };
    }
    return { flavors: best, status, considered };
  }

  private shouldRespectNominationMapping(): boolean {
    return this.nominationMapping !== undefined && Object.keys(this.nominationMapping).length > 0;
  }

  private skipByNominationMapping(fName: string, psIDs: readonly number[], resName: string): boolean {
    for (const id of psIDs) {
      const psName = this.totalRequests[id]?.name ?? DEFAULT_POD_SET_NAME;
      if (this.nominationMapping?.[psName]?.[resName] === fName) return false;
    }
    return true;
  }

  /** A flavor the CQ snapshot would list in TASFlavors: it has a topologyName whose Topology is known. */
  private isTASFlavor(fName: string): boolean {
    const topo = this.flavors.get(fName)?.spec?.topologyName;
    if (topo === undefined) return false;
    return this.opts.topologyLevels === undefined || this.opts.topologyLevels(topo) !== undefined;
  }

  private isTASOnly(): boolean {
    return this.resourceGroups.every((rg) => rg.flavors.every((f) => this.isTASFlavor(f.name)));
  }

  /** checkPodSetAndFlavorMatchForTAS: the TAS compatibility rule, undefined when compatible. */
  private checkTAS(ps: PodSet, name: string, flavor: ResourceFlavorLike, rg: ResourceGroup): string | undefined {
    const explicit = isExplicitlyRequestingTAS(ps);
    if (explicit || this.isTASOnly()) {
      if (!explicit) return undefined; // TAS implied by a TAS-only ClusterQueue
      if (flavor.spec?.topologyName === undefined) {
        const perPod = podRequests(ps.template.spec);
        if (![...perPod.keys()].some((r) => rg.coveredResources.includes(r))) return undefined;
        return `Flavor ${JSON.stringify(name)} does not support TopologyAwareScheduling`;
      }
      if (!this.isTASFlavor(name)) return `Flavor ${JSON.stringify(name)} information missing in TAS cache`;
      const levels = this.opts.topologyLevels?.(flavor.spec.topologyName);
      if (levels !== undefined && !topologyHasLevel(ps.topologyRequest, levels)) {
        return `Flavor ${JSON.stringify(name)} does not contain the requested level`;
      }
      return undefined;
    }
    if (flavor.spec?.topologyName !== undefined) {
      return `Flavor ${JSON.stringify(name)} supports only TopologyAwareScheduling`;
    }
    return undefined;
  }

  /** checkFlavorForPodSets: TAS rule, taints vs tolerations, node selector / affinity on the flavor's own keys. */
  private checkFlavorForPodSets(fName: string, psIDs: readonly number[], rg: ResourceGroup): AssignmentStatus {
    const status = newStatus();
    const flavor = this.flavors.get(fName);
    if (flavor === undefined) {
      status.reasons.push(`flavor ${fName} not found`);
      return status;
    }
    for (const id of psIDs) {
      const ps = this.wl.spec.podSets[id]!;
      if (this.gateTAS) {
        const msg = this.checkTAS(ps, fName, flavor, rg);
        if (msg !== undefined) {
          status.reasons.push(msg);
          return status;
        }
      }
      const spec = ps.template.spec;
      const taint = findUntoleratedTaint(flavor.spec?.nodeTaints, [
        ...(spec.tolerations ?? []),
        ...(flavor.spec?.tolerations ?? []),
      ]);
      if (taint !== undefined) {
        status.reasons.push(`untolerated taint ${taintString(taint)} in flavor ${fName}`);
        return status;
      }
      const m = flavorSelectorMatches(spec, flavor.spec?.nodeLabels);
      if (m.error !== undefined) {
        status.error = m.error;
        return status;
      }
      if (!m.match) {
        status.reasons.push(`flavor ${fName} doesn't match node affinity`);
        return status;
      }
    }
    return status;
  }

  private canPreemptWhileBorrowing(): boolean {
    const bwc = this.preemption?.borrowWithinCohort?.policy ?? 'Never';
    const reclaim = this.preemption?.reclaimWithinCohort ?? 'Never';
    return bwc !== 'Never' || (this.fairSharing && reclaim !== 'Never');
  }

  /** fitsResourceQuota: fit / preemption mode / noFit of one FlavorResource, with the borrowing level. */
  private fitsResourceQuota(
    fr: FlavorResource,
    flavor: string,
    resource: string,
    assumedUsage: number,
    requestUsage: number,
    nominal: number,
  ): QuotaFit {
    const available = this.tree.available(this.cqName, fr);
    const maxCapacity = this.tree.potentialAvailable(this.cqName, fr);
    const val = addAmount(assumedUsage, requestUsage);
    if (val > maxCapacity) {
      const status: AssignmentStatus = { reasons: [], noFitReason: QUOTA_RESERVED_REASON.WaitingForQuota };
      status.reasons.push(
        `insufficient quota for ${resource} in flavor ${flavor}, previously considered podsets requests ` +
          `(${formatAmount(resource, assumedUsage)}) + current podset request (${formatAmount(resource, requestUsage)}) ` +
          `> maximum capacity (${formatAmount(resource, maxCapacity)})`,
      );
      status.noFitReason = QUOTA_RESERVED_REASON.ExceedsMaxQuota;
      return { mode: 'noFit', borrow: 0, status };
    }
    const { height: borrow, belowRoot: mayReclaimInHierarchy } = this.tree.lowestSubtreeThatFits(this.cqName, fr, val);
    if (val <= available) return { mode: 'fit', borrow, status: undefined };
    // Built only here and above: most calls fit.
    const status: AssignmentStatus = { reasons: [], noFitReason: QUOTA_RESERVED_REASON.WaitingForQuota };
    status.reasons.push(
      `insufficient unused quota for ${resource} in flavor ${flavor}, ${formatAmount(resource, subAmount(val, available))} more needed`,
    );
    if (nominal >= val || mayReclaimInHierarchy || this.canPreemptWhileBorrowing()) {
      const sim = this.oracle({
        tree: this.tree,
        clusterQueue: this.cqName,
        flavorResource: fr,
        flavor,
        resource,
        quantity: val,
        preemption: this.preemption,
        fairSharing: this.fairSharing,
        workload: this.wl,
      });
      status.noFitReason = '';
      return { mode: fromPossibility(sim.possibility), borrow: sim.borrowAfterPreemption, status };
    }
    return { mode: 'noFit', borrow, status };
  }

  /** mergeFlavorAttemptsForResource: merge, then mark the group's flavors the scan did not reach for this resource. */
  private mergeFlavorAttemptsForResource(
    dst: Map<string, FlavorAssignmentAttempt>,
    src: readonly FlavorAssignmentAttempt[],
    resName: string,
  ): void {
    mergeFlavorAttempts(dst, src);
    if (src.length === 0) return;
    const rg = this.resourceGroups[this.rgIndexByResource(resName)];
    if (!rg) return;
    // Lists of a few flavors: searched in place rather than copied into Sets on every nomination.
    for (const [flv, at] of dst) {
      if (!rg.flavors.some((f) => f.name === flv) || src.some((c) => c.flavor === flv)) continue;
      dst.set(flv, {
        ...at,
        mode: 'NoFit',
        reasons: mergeUnique(at.reasons, [`flavor ${flv} does not provide resource ${resName}`]),
        noFitReason: QUOTA_RESERVED_REASON.NoMatchingFlavor,
      });
    }
  }

  /** resolveNoFitReason: per NoFit podset the least severe reason among a group's alternatives, most severe overall. */
  private resolveNoFitReason(a: Assignment): void {
    if (a.representativeMode() !== 'NoFit') return;
    let overall = '';
    for (const ps of a.podSets) {
      if (podSetRepresentativeMode(ps) !== 'NoFit') continue;
      if (ps.flavorAssignmentAttempts.length === 0) {
        overall = mostSevereReason(overall, QUOTA_RESERVED_REASON.NoMatchingFlavor);
        continue;
      }
      const rgMin = new Map<number, string>();
      ps.flavorAssignmentAttempts.forEach((att, i) => {
        if (att.mode !== 'NoFit') return;
        let rgs = this.resourceGroups.flatMap((rg, j) => (rg.flavors.some((f) => f.name === att.flavor) ? [j] : []));
        if (rgs.length === 0) rgs = [-1 - i];
        for (const j of rgs) {
          const existing = rgMin.get(j);
          if (existing === undefined || reasonSeverity(att.noFitReason) < reasonSeverity(existing))
            rgMin.set(j, att.noFitReason);
        }
      });
      let podSetReason = '';
      for (const r of rgMin.values()) podSetReason = mostSevereReason(podSetReason, r);
      overall = mostSevereReason(overall, podSetReason);
    }
    a.noFitReason = overall;
  }
}

function cloneAttempt(a: FlavorAssignmentAttempt): FlavorAssignmentAttempt {
  return { ...a, reasons: [...a.reasons] };
}

function mergeUnique(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(compareStrings);
}

/** mergeFlavorAttempts: per flavor the worst mode, the largest borrow, the lowest possibility, all reasons. */
function mergeFlavorAttempts(dst: Map<string, FlavorAssignmentAttempt>, src: readonly FlavorAssignmentAttempt[]): void {
  for (const at of src) {
    const existing = dst.get(at.flavor);
    if (existing === undefined) {
      dst.set(at.flavor, { ...at, reasons: mergeUnique([], at.reasons) });
      continue;
    }
    let possibility = existing.preemptionPossibility;
    if (
      at.preemptionPossibility !== undefined &&
      (possibility === undefined || POSSIBILITY_RANK[at.preemptionPossibility] < POSSIBILITY_RANK[possibility])
    ) {
      possibility = at.preemptionPossibility;
    }
    dst.set(at.flavor, {
      flavor: at.flavor,
      mode: worseMode(existing.mode, at.mode),
      borrow: Math.max(existing.borrow, at.borrow),
      ...(possibility !== undefined ? { preemptionPossibility: possibility } : {}),
      reasons: mergeUnique(existing.reasons, at.reasons),
      noFitReason: mostSevereReason(existing.noFitReason, at.noFitReason),
    });
  }
}

/**
 * FormatFlavorAssignmentAttemptsForEvents: "ps: f(NoFit;reason), g(preemptionMode=Reclaim;borrow=1) | ps2: …",
 * leaving out plain non-borrowing Fit attempts.
 */
export function formatFlavorAssignmentAttempts(a: Assignment): string {
  const parts: string[] = [];
  for (const ps of a.podSets) {
    const atts: string[] = [];
    for (const att of ps.flavorAssignmentAttempts) {
      if (att.mode === 'Fit' && att.borrow === 0) continue;
      let s = `${att.flavor}(`;
      s += att.preemptionPossibility === undefined ? att.mode : `preemptionMode=${att.preemptionPossibility}`;
      if (att.borrow > 0) s += `;borrow=${att.borrow}`;
      if (att.reasons.length > 0) s += `;${att.reasons.join(';')}`;
      atts.push(`${s})`);
    }
    if (atts.length > 0) parts.push(`${ps.name}: ${atts.join(', ')}`);
  }
  return parts.join(' | ');
}
