// Topology assignment (spec/kueue.md §4.3), a port of kueue ff69552e pkg/cache/scheduler/tas_flavor_snapshot.go
// FindTopologyAssignmentsForFlavor / findTopologyAssignment with their helpers (fillInCounts, fillLeafCounts,
// fillInCountsHelper, findLevelWithFitDomains, updateCountsToMinimumGeneric, consumeWithLeadersGeneric,
// prioritizeLeaderDomain, sortedDomains(WithLeader), findBestFitDomainBy, buildAssignment, notFitMessage,
// multiLayerNotFitMessage, buildSliceSizeAtLevel) and the node feasibility check of
// scheduling_simulator_default.go (taints, nodeSelector, required node affinity; hostname-lowest topologies only).
//
// Gates as at that commit: TASProfileMixed on (LeastFreeCapacity for unconstrained / implied / slice-only requests),
// TASMultiLayerTopology on; TASBalancedPlacement and TASRespectNodeAffinityPreferred off (not modelled), and the
// second-pass paths (failed-node replacement, elastic workload slices) are not modelled.
import type { Affinity, Toleration } from '../../api/core.js';
import { nodeSelectorMapMatches, nodeSelectorTermsMatch } from '../../api/selectors.js';
import { findUntoleratedTaint } from '../../api/taints.js';
import type { PodSetTopologyRequest, PodsetSliceRequiredTopologyConstraint } from '../api.js';
import type { TopologyDomainAssignment } from '../topology-assignment.js';
import { applyCounts, type CountsShape, copyCounts, type DomainCounts, domainCounts } from './domain-counts.js';
import { formatReasons, hasExclusions, newStats, type Stats, taintString } from './exclusion-stats.js';
import type { Amounts, Domain, TasFlavorSnapshot } from './snapshot.js';

/** TASPodSetRequests: one podset's placement request in one flavor. */
export interface TasPodSetRequests {
  podSet: {
    name: string;
    topologyRequest?: PodSetTopologyRequest;
    template: {
      spec: {
        tolerations?: readonly Toleration[];
        nodeSelector?: Readonly<Record<string, string>>;
        affinity?: Affinity;
      };
    };
  };
  /** Requests of one pod (milli-units), without `pods`. */
  singlePodRequests: ReadonlyMap<string, number>;
  count: number;
  /** TAS implied by a TAS-only ClusterQueue (no annotation): unconstrained at the lowest level. */
  implied?: boolean;
  podSetGroupName?: string;
  /**
   * The podset's topologyRequest, tolerations, nodeSelector, affinity and singlePodRequests as one text, when the
   * caller keeps one per podset (the memo's key then needs no JSON text per call).
   */
  shapeKey?: string;
  /** A small number naming `shapeKey` (the same key, the same number): the memo keys then need no long text. */
  shapeId?: number;
}

/** utiltas.TopologyAssignment: levels and (values, count) domains. */
export interface InternalTopologyAssignment {
  levels: string[];
  domains: TopologyDomainAssignment[];
}

export interface PodSetAssignmentResult {
  topologyAssignment?: InternalTopologyAssignment;
  failureReason: string;
}

export interface FindOptions {
  /** WithSimulateEmpty: ignore the usage of every admitted TAS workload. */
  simulateEmpty?: boolean;
}

const ONE_POD = 1000;
/** No usage placed by earlier podsets (a prepared search's assumedUsage between searches). */
const NO_USAGE: ReadonlyMap<string, Amounts> = new Map();

// ---------------------------------------------------------------------------------------------------------------
// Request helpers (isRequired, isUnconstrained, levelKey, slice constraints).

/** utiltas.PodSetSliceRequiredTopologyConstraints: the multi-layer list, or the single two-field layer. */
export function sliceConstraintsOf(tr: PodSetTopologyRequest | undefined): PodsetSliceRequiredTopologyConstraint[] {
  if (!tr) return [];
  if ((tr.podsetSliceRequiredTopologyConstraints?.length ?? 0) > 0) return tr.podsetSliceRequiredTopologyConstraints!;
  if (tr.podSetSliceRequiredTopology === undefined) return [];
  return [{ topology: tr.podSetSliceRequiredTopology, size: tr.podSetSliceSize ?? 0 }];
}

function isSliceTopologyOnlyRequest(tr: PodSetTopologyRequest | undefined): boolean {
  if (!tr || tr.required !== undefined || tr.preferred !== undefined) return false;
  return sliceConstraintsOf(tr).length > 0;
}

function levelKey(s: TasFlavorSnapshot, tr: PodSetTopologyRequest | undefined): string | undefined {
  if (!tr) return undefined;
  if (tr.required !== undefined) return tr.required;
  if (tr.preferred !== undefined) return tr.preferred;
  if (isSliceTopologyOnlyRequest(tr)) return s.highestLevel();
  if (tr.unconstrained) return s.lowestLevel();
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The algorithm.

/** One search: its shape's prepared levels and flags, and what the search itself finds. */
interface State
  extends Pick<
    Prepared,
    | 'sliceSize'
    | 'sliceLevelIdx'
    | 'requestedLevelIdx'
    | 'sliceSizeAtLevel'
    | 'required'
    | 'unconstrained'
    | 'multiLayerConstraints'
  > {
  count: number;
  leaderCount: number;
  /** What phase 1 excluded (the matched leaves' exclusions, the counts' resource rows): see `statsOf`. */
  excluded: Stats | undefined;
  counts: DomainCounts | undefined;
}

/** tasExclusionStats of one search, built only for a failure message (phase 1's exclusions and resource rows). */
function statsOf(st: State, totalLeaves: number): Stats {
  const stats = newStats();
  const ex = st.excluded;
  if (ex) {
    stats.totalNodes = ex.totalNodes;
    stats.nodeSelector = ex.nodeSelector;
    stats.affinity = ex.affinity;
    for (const [k, v] of ex.taints) stats.taints.set(k, v);
  } else stats.totalNodes = totalLeaves;
  for (const [k, v] of st.counts?.resources ?? []) stats.resources.set(k, v);
  return stats;
}

/**
 * What a search derives from its request shape alone (the workers' and leader's requests and pod shape, the
 * topology request, simulateEmpty): kept per shape on the snapshot (TasFlavorSnapshot.prepared), so that a search
 * builds no keys or vectors. `assumedUsage` is set by each search before use.
 */
interface Prepared {
  /** A failure the shape alone decides (bad levels or slice sizes), '' otherwise. */
  reason: string;
  req: Requirements;
  counts: CountsShape;
  /** domainCounts' key. */
  countsCacheKey: string;
  sliceSize: number;
  sliceLevelIdx: number;
  requestedLevelIdx: number;
  sliceSizeAtLevel: Map<number, number>;
  required: boolean;
  unconstrained: boolean;
  multiLayerConstraints: PodsetSliceRequiredTopologyConstraint[];
}

interface Requirements {
  requests: Amounts;
  leaderRequests?: Amounts;
  /** Every resource the workers or the leader request, in name order, with their requests as vectors (NaN = not requested). */
  names: string[];
  requestVector: number[];
  leaderVector?: number[];
  scratch: number[];
  /** The shape fillLeafCounts' answers depend on besides the leaf (Domain.counts' key). */
  countsKey: string;
  /** The pod shape the node match reads (tolerations, nodeSelector, required affinity): matchCache's key. */
  matchKey: string;
  assumedUsage: ReadonlyMap<string, Amounts>;
  simulateEmpty: boolean;
  tolerations: readonly Toleration[];
  nodeSelector?: Readonly<Record<string, string>>;
  affinity?: Affinity;
}

function useLeastFreeCapacity(unconstrained: boolean): boolean {
  return unconstrained; // TASProfileMixed (on)
}

const MAX_INT32 = 2147483647;

/** sortedDomains' order (a total order: the rank breaks every tie). */
function domainOrder(lfc: boolean): (a: Domain, b: Domain) => number {
  return lfc ? leastFreeCapacityOrder : bestFitOrder;
}

function bestFitOrder(a: Domain, b: Domain): number {
  if (a.sliceCount !== b.sliceCount) return b.sliceCount - a.sliceCount;
  if (a.podCount !== b.podCount) return a.podCount - b.podCount;
  return a.rank - b.rank;
}

function leastFreeCapacityOrder(a: Domain, b: Domain): number {
  if (a.sliceCount !== b.sliceCount) return a.sliceCount - b.sliceCount;
  if (a.podCount !== b.podCount) return a.podCount - b.podCount;
  return a.rank - b.rank;
}

class Finder {
  /** Phase 1's counts of the current podset; phase 2 copies them into the domains it descends into. */
  private counts: DomainCounts | undefined;

  constructor(private readonly s: TasFlavorSnapshot) {}

  /** The domains' children with their phase-1 counts in the scratch fields. */
  private childrenOf(d: Domain): Domain[] {
    copyCounts(this.counts!, d.children);
    return d.children;
  }

  /**
   * Level values order: the last value among siblings of a hostname-lowest topology, all values otherwise; within
   * one level both are the domains' precomputed rank (siblings share every value but the last).
   */
  private compareDomainLevelValues(a: Domain, b: Domain): number {
    return a.rank - b.rank;
  }

  private sortedDomainsWithLeader(domains: readonly Domain[], unconstrained: boolean): Domain[] {
    const lfc = useLeastFreeCapacity(unconstrained);
    return [...domains].sort((a, b) => {
      if (a.leaderCount !== b.leaderCount) return b.leaderCount - a.leaderCount;
      if (a.sliceCountWithLeader !== b.sliceCountWithLeader)
        return lfc ? a.sliceCountWithLeader - b.sliceCountWithLeader : b.sliceCountWithLeader - a.sliceCountWithLeader;
      if (a.podCountWithLeader !== b.podCountWithLeader) return a.podCountWithLeader - b.podCountWithLeader;
      return this.compareDomainLevelValues(a, b);
    });
  }

  /** BestFit: sliceCount desc, podCount asc, values; LeastFreeCapacity: sliceCount asc, podCount asc, values. */
  sortedDomains(domains: readonly Domain[], unconstrained: boolean): Domain[] {
    return [...domains].sort(domainOrder(useLeastFreeCapacity(unconstrained)));
  }

  /**
   * updateCountsToMinimum over sortedDomains(domains). Without leaders, when the first domain of that order holds
   * everything, the outcome is that domain (LeastFreeCapacity), or the first of the order among those with the
   * smallest count that holds everything (BestFit's findBestFitDomainBy): both found by one scan, without sorting.
   */
  private minimumOfSorted(
    domains: readonly Domain[],
    count: number,
    leaderCount: number,
    sliceSize: number,
    unconstrained: boolean,
    slices: boolean,
  ): Domain[] {
    if (leaderCount === 0 && domains.length > 0) {
      const lfc = useLeastFreeCapacity(unconstrained);
      const order = domainOrder(lfc);
      let top = domains[0]!;
      for (const d of domains) if (order(d, top) < 0) top = d;
      const needed = slices ? Math.trunc(count / sliceSize) : count;
      if ((slices ? top.sliceCount : top.podCount) >= needed) {
        let dom = top;
        if (!lfc) {
          let best: Domain | undefined;
          let bestCount = MAX_INT32;
          for (const d of domains) {
            const c = slices ? d.sliceCount : d.podCount;
            if (c < needed || c >= MAX_INT32) continue;
            if (best === undefined || c < bestCount || (c === bestCount && order(d, best) < 0)) {
              best = d;
              bestCount = c;
            }
          }
          if (best) dom = best;
        }
        dom.leaderCount = 0;
        if (slices) {
          dom.podCount = needed * sliceSize;
          dom.sliceCount = needed;
        } else dom.podCount = needed;
        return [dom];
      }
    }
    return this.updateCountsToMinimum(
      this.sortedDomains(domains, unconstrained),
      count,
      leaderCount,
      sliceSize,
      unconstrained,
      slices,
    );
  }

  /** findBestFitDomainBy: the first domain with the smallest count ≥ needed; else the first domain. */
  private bestFitBy(domains: readonly Domain[], needed: number, countOf: (d: Domain) => number, leaderCount: number) {
    let best = domains[0]!;
    let bestCount = 2147483647;
    let found = false;
    for (const d of domains) {
      if (d.leaderCount < leaderCount) continue;
      const c = countOf(d);
      if (c >= needed && c < bestCount) {
        best = d;
        bestCount = c;
        found = true;
      }
    }
    return found ? best : domains[0]!;
  }

  private bestFit(domains: readonly Domain[], count: number, leaderCount: number): Domain {
    return this.bestFitBy(
      domains,
      count,
      leaderCount > 0 ? (d) => d.podCountWithLeader : (d) => d.podCount,
      leaderCount,
    );
  }

  private bestFitForSlices(domains: readonly Domain[], sliceCount: number, leaderCount: number): Domain {
    return this.bestFitBy(
      domains,
      sliceCount,
      leaderCount > 0 ? (d) => d.sliceCountWithLeader : (d) => d.sliceCount,
      leaderCount,
    );
  }

  // Phase 1 -------------------------------------------------------------------------------------------------------

  fillInCounts(p: Prepared, st: State): void {
    let m: { leaves: readonly Domain[]; excluded?: Stats };
    if (this.s.isLowestLevelNode) {
      m = this.matchingLeaves(p.req);
      st.excluded = m.excluded;
    } else m = this.s.allLeaves();
    const c = domainCounts(this.s, p.counts, m, p.countsCacheKey);
    this.counts = c;
    st.counts = c;
    applyCounts(this.s, c, st.requestedLevelIdx);
  }

  /**
   * getMatchingLeaves / FindFeasibleNodes: the leaves whose node the pod shape tolerates and selects, with the
   * exclusions counted; cached per shape until the tree is rebuilt (upstream caches per workload and podset).
   */
  private matchingLeaves(req: Requirements): { leaves: Domain[]; excluded: Stats } {
    const key = req.matchKey;
    const hit = this.s.matchCache.get(key) as { leaves: Domain[]; excluded: Stats } | undefined;
    if (hit) return hit;
    const excluded = newStats();
    const leaves: Domain[] = [];
    const required = req.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    for (const leaf of this.s.leaves.values()) {
      excluded.totalNodes++;
      const node = leaf.nodes![0]!;
      const taint = findUntoleratedTaint(node.taints, req.tolerations);
      if (taint) {
        const k = taintString(taint);
        excluded.taints.set(k, (excluded.taints.get(k) ?? 0) + 1);
        continue;
      }
      if (!nodeSelectorMapMatches(req.nodeSelector, node.labels)) {
        excluded.nodeSelector++;
        continue;
      }
      if (required && !nodeSelectorTermsMatch(required, node.labels, { 'metadata.name': node.name })) {
        excluded.affinity++;
        continue;
      }
      leaves.push(leaf);
    }
    const entry = { leaves, excluded };
    this.s.matchCache.set(key, entry);
    return entry;
  }

  // Messages ------------------------------------------------------------------------------------------------------

  private notFitMessage(fit: number, total: number, sliceSize: number, stats: Stats): string {
    const unit = sliceSize === 1 ? 'pod' : 'slice';
    const name = JSON.stringify(this.s.topologyName);
    let msg =
      fit === 0
        ? `topology ${name} doesn't allow to fit any of ${total} ${unit}(s)`
        : `topology ${name} allows to fit only ${fit} out of ${total} ${unit}(s)`;
    if (hasExclusions(stats)) msg += `. Total nodes: ${stats.totalNodes}; excluded: ${formatReasons(stats)}`;
    return msg;
  }

  private countSlicesInSubtree(d: Domain, current: number, target: number, size: number): number {
    if (current === target) return Math.trunc(d.podCount / size);
    let total = 0;
    for (const c of this.childrenOf(d)) total += this.countSlicesInSubtree(c, current + 1, target, size);
    return total;
  }

  private multiLayerNotFitMessage(levelIdx: number, st: State): string {
    let msg = `topology ${JSON.stringify(this.s.topologyName)} doesn't allow to fit`;
    let best: Domain | undefined;
    for (const d of this.s.domainsPerLevel[levelIdx]!.values()) {
      if (!best || d.sliceCount > best.sliceCount || (d.sliceCount === best.sliceCount && d.id < best.id)) best = d;
    }
    if (!best) return msg;
    for (const c of st.multiLayerConstraints) {
      const target = this.s.levels.indexOf(c.topology);
      if (target < 0) continue;
      const needed = Math.trunc(st.count / c.size);
      const fit = this.countSlicesInSubtree(best, levelIdx, target, c.size);
      msg += `; ${fit}/${needed} slice(s) fit on level ${c.topology}`;
    }
    const stats = statsOf(st, this.s.leaves.size);
    if (hasExclusions(stats)) msg += `. Total nodes: ${stats.totalNodes}; excluded: ${formatReasons(stats)}`;
    return msg;
  }

  // Phase 2a ------------------------------------------------------------------------------------------------------

  findLevelWithFitDomains(levelIdx: number, st: State): { level: number; domains: Domain[]; reason: string } {
    const levelMap = this.s.domainsPerLevel[levelIdx]!;
    if (levelMap.size === 0)
      return { level: 0, domains: [], reason: `no topology domains at level: ${this.s.levels[levelIdx]}` };
    let sorted = this.sortedDomainsWithLeader(this.s.levelDomains[levelIdx]!, st.unconstrained);
    let top = sorted[0]!;
    const sliceCount = Math.trunc(st.count / st.sliceSize);
    const bestFitAlgo = !useLeastFreeCapacity(st.unconstrained);
    if (bestFitAlgo && top.sliceCountWithLeader >= sliceCount && top.leaderCount >= st.leaderCount) {
      top = this.bestFitForSlices(sorted, sliceCount, st.leaderCount);
    }
    const notFit = (fit: number, total: number) =>
      st.multiLayerConstraints.length > 0
        ? this.multiLayerNotFitMessage(levelIdx, st)
        : this.notFitMessage(fit, total, st.sliceSize, statsOf(st, this.s.leaves.size));

    if (useLeastFreeCapacity(st.unconstrained)) {
      for (const cand of sorted) {
        let capacity = cand.sliceCount;
        if (st.leaderCount > 0) {
          if (cand.leaderCount < st.leaderCount) continue;
          capacity = cand.sliceCountWithLeader;
        }
        if (capacity >= sliceCount) return { level: levelIdx, domains: [cand], reason: '' };
      }
      if (st.required) {
        return { level: 0, domains: [], reason: notFit(sorted[sorted.length - 1]!.podCount, sliceCount) };
      }
    }
    if (top.sliceCountWithLeader < sliceCount || top.leaderCount < st.leaderCount) {
      if (st.required) return { level: 0, domains: [], reason: notFit(top.sliceCount, sliceCount) };
      if (levelIdx > 0 && !st.unconstrained) return this.findLevelWithFitDomains(levelIdx - 1, st);
      const results: Domain[] = [];
      let remainingSlices = sliceCount;
      let remainingLeaders = st.leaderCount;
      sorted = this.prioritizeLeaderDomain(sorted, st.count, st.leaderCount, st.sliceSize, true);
      let idx = 0;
      for (; remainingLeaders > 0 && idx < sorted.length && sorted[idx]!.leaderCount > 0; idx++) {
        let d = sorted[idx]!;
        if (bestFitAlgo && sorted[idx]!.sliceCountWithLeader >= remainingSlices) {
          d = this.bestFitForSlices(sorted.slice(idx), remainingSlices, remainingLeaders);
        }
        results.push(d);
        remainingLeaders -= d.leaderCount;
        remainingSlices -= d.sliceCountWithLeader;
      }
      if (remainingLeaders > 0)
        return { level: 0, domains: [], reason: notFit(st.leaderCount - remainingLeaders, sliceCount) };
      sorted = this.sortedDomains(sorted.slice(idx), st.unconstrained);
      for (let i = 0; remainingSlices > 0 && i < sorted.length; i++) {
        let d = sorted[i]!;
        if (bestFitAlgo && sorted[i]!.sliceCount >= remainingSlices) {
          d = this.bestFitForSlices(sorted.slice(i), remainingSlices, 0);
        }
        results.push(d);
        remainingSlices -= d.sliceCount;
      }
      if (remainingSlices > 0)
        return { level: 0, domains: [], reason: notFit(sliceCount - remainingSlices, sliceCount) };
      return { level: levelIdx, domains: results, reason: '' };
    }
    return { level: levelIdx, domains: [top], reason: '' };
  }

  // Phase 2b ------------------------------------------------------------------------------------------------------

  private prioritizeLeaderDomain(
    domains: Domain[],
    count: number,
    leaderCount: number,
    sliceSize: number,
    slices: boolean,
  ): Domain[] {
    if (leaderCount === 0 || domains.length < 2) return domains;
    let required = count;
    let available = 0;
    if (slices) {
      required = Math.trunc(required / sliceSize);
      for (const d of domains) available += d.sliceCount;
    } else for (const d of domains) available += d.podCount;
    for (let i = 0; i < domains.length; i++) {
      const d = domains[i]!;
      if (d.leaderCount < leaderCount) continue;
      const penalty = slices ? d.sliceCount - d.sliceCountWithLeader : d.podCount - d.podCountWithLeader;
      if (available - penalty < required) continue;
      if (i === 0) return domains;
      const result = [...domains];
      result.splice(i, 1);
      result.unshift(d);
      return result;
    }
    return domains;
  }

  /** consumeWithLeadersGeneric, with the "primary" and "withLeader" counters chosen by `slices`. */
  private consumeWithLeaders(
    domain: Domain,
    remainingDomains: Domain[],
    rem: { primary: number; leaders: number },
    unconstrained: boolean,
    sliceSize: number,
    slices: boolean,
  ): { domain: Domain; completed: boolean } {
    const withLeaderOf = (d: Domain) => (slices ? d.sliceCountWithLeader : d.podCountWithLeader);
    if (
      !useLeastFreeCapacity(unconstrained) &&
      withLeaderOf(domain) >= rem.primary &&
      domain.leaderCount >= rem.leaders
    ) {
      domain = slices
        ? this.bestFitForSlices(remainingDomains, rem.primary, rem.leaders)
        : this.bestFit(remainingDomains, rem.primary, rem.leaders);
    }
    const setPrimary = (d: Domain, v: number) => {
      if (slices) d.sliceCount = v;
      else d.podCount = v;
    };
    const withLeader = withLeaderOf(domain);
    if (withLeader >= rem.primary && domain.leaderCount >= rem.leaders) {
      setPrimary(domain, rem.primary);
      domain.leaderCount = rem.leaders;
      domain.podCount = rem.primary * sliceSize;
      return { domain, completed: true };
    }
    let wl = withLeader;
    if (wl > rem.primary) {
      wl = rem.primary;
      if (slices) domain.sliceCountWithLeader = wl;
      else domain.podCountWithLeader = wl;
    }
    if (domain.leaderCount > rem.leaders) domain.leaderCount = rem.leaders;
    setPrimary(domain, wl);
    domain.podCount = wl * sliceSize;
    rem.leaders -= domain.leaderCount;
    rem.primary -= wl;
    return { domain, completed: false };
  }

  updateCountsToMinimum(
    domains: Domain[],
    count: number,
    leaderCount: number,
    sliceSize: number,
    unconstrained: boolean,
    slices: boolean,
  ): Domain[] {
    domains = this.prioritizeLeaderDomain(domains, count, leaderCount, sliceSize, slices);
    const result: Domain[] = [];
    const rem = { primary: slices ? Math.trunc(count / sliceSize) : count, leaders: leaderCount };
    const bestFitAlgo = !useLeastFreeCapacity(unconstrained);
    for (let i = 0; i < domains.length; i++) {
      let dom = domains[i]!;
      if (rem.leaders > 0) {
        const r = this.consumeWithLeaders(dom, domains.slice(i), rem, unconstrained, sliceSize, slices);
        result.push(r.domain);
        if (r.completed) return result;
        continue;
      }
      if (slices) {
        if (bestFitAlgo && dom.sliceCount >= rem.primary) dom = this.bestFitForSlices(domains.slice(i), rem.primary, 0);
        dom.leaderCount = 0;
        if (dom.sliceCount >= rem.primary) {
          dom.podCount = rem.primary * sliceSize;
          dom.sliceCount = rem.primary;
          result.push(dom);
          return result;
        }
        dom.podCount = dom.sliceCount * sliceSize;
        rem.primary -= dom.sliceCount;
        result.push(dom);
        continue;
      }
      if (bestFitAlgo && dom.podCount >= rem.primary) dom = this.bestFit(domains.slice(i), rem.primary, 0);
      dom.leaderCount = 0;
      if (dom.podCount >= rem.primary) {
        dom.podCount = rem.primary;
        result.push(dom);
        return result;
      }
      rem.primary -= dom.podCount;
      result.push(dom);
    }
    // Upstream logs errCodeAssumptionsViolated and returns nil here.
    return [];
  }

  buildAssignment(domains: Domain[]): InternalTopologyAssignment {
    domains.sort((a, b) => this.compareDomainLevelValues(a, b));
    const levelIdx = this.s.isLowestLevelNode ? this.s.levels.length - 1 : 0;
    const out: InternalTopologyAssignment = { levels: this.s.levels.slice(levelIdx), domains: [] };
    for (const d of domains) {
      if (d.podCount === 0) continue;
      out.domains.push({ values: d.levelValues.slice(levelIdx), count: d.podCount });
    }
    return out;
  }

  private buildSliceSizeAtLevel(
    tr: PodSetTopologyRequest | undefined,
    sliceSize: number,
    sliceLevelIdx: number,
  ): { map: Map<number, number>; reason: string } {
    const map = new Map<number, number>();
    if (!tr) return { map, reason: '' };
    let prevSize = sliceSize;
    let prevLevel = sliceLevelIdx;
    const layers = sliceConstraintsOf(tr);
    for (const layer of layers.length > 1 ? layers.slice(1) : []) {
      const inner = this.s.levels.indexOf(layer.topology);
      if (inner < 0)
        return { map, reason: `no requested topology level for additional slice layer: ${layer.topology}` };
      if (inner <= prevLevel)
        return {
          map,
          reason: `additional slice layer topology ${layer.topology} must be at a lower level than ${this.s.levels[prevLevel]}`,
        };
      if (prevSize % layer.size !== 0)
        return {
          map,
          reason: `additional slice layer size ${layer.size} must evenly divide parent layer size ${prevSize}`,
        };
      for (let l = prevLevel + 1; l <= inner; l++) map.set(l, layer.size);
      prevSize = layer.size;
      prevLevel = inner;
    }
    return { map, reason: '' };
  }

  /** The search's shape-derived part: kept per shape when the requests carry shape ids, else built for this search. */
  private prepared(
    workers: TasPodSetRequests,
    leader: TasPodSetRequests | undefined,
    simulateEmpty: boolean,
  ): Prepared {
    if (workers.shapeId === undefined || (leader !== undefined && leader.shapeId === undefined))
      return this.prepare(workers, leader, simulateEmpty);
    const key = `${workers.shapeId}|${leader?.shapeId ?? 0}|${workers.implied === true}|${simulateEmpty}`;
    let p = this.s.prepared.get(key) as Prepared | undefined;
    if (p === undefined) this.s.prepared.set(key, (p = this.prepare(workers, leader, simulateEmpty)));
    return p;
  }

  private prepare(workers: TasPodSetRequests, leader: TasPodSetRequests | undefined, simulateEmpty: boolean): Prepared {
    const tr = workers.podSet.topologyRequest;
    const requests = new Map(workers.singlePodRequests);
    requests.set('pods', (requests.get('pods') ?? 0) + ONE_POD);
    const spec = workers.podSet.template.spec;
    const names = [
      ...new Set([...requests.keys(), ...(leader ? [...leader.singlePodRequests.keys(), 'pods'] : [])]),
    ].sort();
    const req: Requirements = {
      requests,
      names,
      requestVector: names.map((r) => requests.get(r) ?? Number.NaN),
      scratch: names.map(() => 0),
      countsKey: '',
      matchKey: '',
      assumedUsage: NO_USAGE,
      simulateEmpty,
      tolerations: [...(spec.tolerations ?? []), ...this.s.tolerations],
      ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
      ...(spec.affinity ? { affinity: spec.affinity } : {}),
    };
    if (leader) {
      const lr = new Map(leader.singlePodRequests);
      lr.set('pods', (lr.get('pods') ?? 0) + ONE_POD);
      req.leaderRequests = lr;
      req.leaderVector = names.map((r) => lr.get(r) ?? Number.NaN);
    }
    if (this.s.isLowestLevelNode)
      req.matchKey = JSON.stringify([req.tolerations, req.nodeSelector ?? null, req.affinity?.nodeAffinity ?? null]);
    req.countsKey = `${simulateEmpty}|${names.join(',')}|${req.requestVector.join(',')}|${req.leaderVector?.join(',')}`;
    const p: Prepared = {
      reason: '',
      req,
      counts: undefined as unknown as CountsShape,
      countsCacheKey: '',
      sliceSize: 1,
      sliceLevelIdx: 0,
      requestedLevelIdx: 0,
      sliceSizeAtLevel: new Map(),
      required: tr?.required !== undefined,
      unconstrained: tr?.unconstrained === true || workers.implied === true || isSliceTopologyOnlyRequest(tr),
      multiLayerConstraints: [],
    };
    const fail = (reason: string) => {
      p.reason = reason;
      return p;
    };
    const constraints = sliceConstraintsOf(tr);
    let sliceSize = 1;
    if (constraints.length > 0) {
      sliceSize = constraints[0]!.size;
      if (!(sliceSize > 0)) return fail('slice topology requested, but slice size not provided');
    }
    const key = levelKey(this.s, tr) ?? (workers.implied ? this.s.lowestLevel() : undefined);
    if (key === undefined) return fail('topology level not specified');
    const requestedLevelIdx = this.s.levels.indexOf(key);
    if (requestedLevelIdx < 0) return fail(`no requested topology level: ${key}`);
    const sliceKey = constraints[0]?.topology ?? this.s.lowestLevel();
    const sliceLevelIdx = this.s.levels.indexOf(sliceKey);
    if (sliceLevelIdx < 0) return fail(`no requested topology level for slices: ${sliceKey}`);
    if (requestedLevelIdx > sliceLevelIdx)
      return fail(`podset slice topology ${sliceKey} is above the podset topology ${key}`);
    const sizes = this.buildSliceSizeAtLevel(tr, sliceSize, sliceLevelIdx);
    if (sizes.reason) return fail(sizes.reason);
    p.sliceSize = sliceSize;
    p.sliceLevelIdx = sliceLevelIdx;
    p.requestedLevelIdx = requestedLevelIdx;
    p.sliceSizeAtLevel = sizes.map;
    p.multiLayerConstraints = sizes.map.size > 0 ? constraints : [];
    p.counts = {
      names: req.names,
      requestVector: req.requestVector,
      ...(req.leaderVector ? { leaderVector: req.leaderVector } : {}),
      scratch: req.scratch,
      countsKey: req.countsKey,
      simulateEmpty,
      assumedUsage: NO_USAGE,
      sliceSize,
      sliceLevelIdx,
      sliceSizeAtLevel: sizes.map,
      leaderRequired: leader !== undefined,
    };
    const sizesKey = sizes.map.size === 0 ? '' : JSON.stringify([...sizes.map]);
    p.countsCacheKey = `${req.countsKey}|${req.matchKey}|${sliceSize}|${sliceLevelIdx}|${sizesKey}`;
    return p;
  }

  /** findTopologyAssignment: one podset (with an optional group leader). */
  find(
    workers: TasPodSetRequests,
    leader: TasPodSetRequests | undefined,
    assumedUsage: ReadonlyMap<string, Amounts>,
    simulateEmpty: boolean,
  ): { assignments: Map<string, InternalTopologyAssignment>; reason: string } {
    const p = this.prepared(workers, leader, simulateEmpty);
    if (p.reason) return { assignments: new Map(), reason: p.reason };
    p.req.assumedUsage = assumedUsage;
    p.counts.assumedUsage = assumedUsage;
    const st: State = {
      count: workers.count,
      leaderCount: leader ? 1 : 0,
      sliceSize: p.sliceSize,
      sliceLevelIdx: p.sliceLevelIdx,
      requestedLevelIdx: p.requestedLevelIdx,
      sliceSizeAtLevel: p.sliceSizeAtLevel,
      required: p.required,
      unconstrained: p.unconstrained,
      multiLayerConstraints: p.multiLayerConstraints,
      excluded: undefined,
      counts: undefined,
    };

    this.fillInCounts(p, st);
    p.req.assumedUsage = NO_USAGE;
    p.counts.assumedUsage = NO_USAGE;
    const found = this.findLevelWithFitDomains(st.requestedLevelIdx, st);
    if (found.reason) return { assignments: new Map(), reason: found.reason };
    let curr = this.updateCountsToMinimum(
      found.domains,
      st.count,
      st.leaderCount,
      st.sliceSize,
      st.unconstrained,
      true,
    );
    const nLevels = this.s.levels.length;
    let levelIdx = found.level;
    for (; levelIdx < Math.min(nLevels - 1, st.sliceLevelIdx); levelIdx++) {
      const lower: Domain[] = [];
      for (const d of curr) for (const c of this.childrenOf(d)) lower.push(c);
      curr = this.minimumOfSorted(lower, st.count, st.leaderCount, st.sliceSize, st.unconstrained, true);
    }
    for (; levelIdx < nLevels - 1; levelIdx++) {
      let sizeOnLevel = st.sliceSize;
      if (levelIdx >= st.sliceLevelIdx) sizeOnLevel = st.sliceSizeAtLevel.get(levelIdx + 1) ?? 1;
      const next: Domain[] = [];
      for (const d of curr) {
        if (sizeOnLevel <= 1) {
          next.push(
            ...this.minimumOfSorted(
              this.childrenOf(d),
              d.podCount,
              d.leaderCount,
              sizeOnLevel,
              st.unconstrained,
              false,
            ),
          );
          continue;
        }
        // Sorted on phase 1's slice counts, then counted in slices of this level (upstream's order of the two).
        const lower = this.sortedDomains(this.childrenOf(d), st.unconstrained);
        for (const c of lower) {
          c.sliceCount = Math.trunc(c.podCount / sizeOnLevel);
          c.sliceCountWithLeader = Math.trunc(c.podCountWithLeader / sizeOnLevel);
        }
        next.push(...this.updateCountsToMinimum(lower, d.podCount, d.leaderCount, sizeOnLevel, st.unconstrained, true));
      }
      curr = next;
    }
    const assignments = new Map<string, InternalTopologyAssignment>();
    if (leader) {
      const leaderDomains: Domain[] = [];
      const workerDomains: Domain[] = [];
      for (const d of curr) {
        if (d.leaderCount > 0) leaderDomains.push({ ...d, podCount: d.leaderCount });
        if (d.podCount > 0) workerDomains.push(d);
      }
      assignments.set(leader.podSet.name, this.buildAssignment(leaderDomains));
      curr = workerDomains;
    }
    assignments.set(workers.podSet.name, this.buildAssignment(curr));
    return { assignments, reason: '' };
  }
}

function findLeaderAndWorkers(trs: TasPodSetRequests[]): { leader?: TasPodSetRequests; workers: TasPodSetRequests } {
  let workers = trs[0]!;
  let leader: TasPodSetRequests | undefined;
  if (trs.length > 1) {
    leader = trs[1]!;
    if (leader.count > workers.count) {
      leader = trs[0]!;
      workers = trs[1]!;
    }
  }
  return leader ? { leader, workers } : { workers };
}

/** utiltas.ComputeUsagePerDomain added into `into`: count × single-pod requests, plus `pods`, per domain id. */
export function addAssumedUsage(
  into: Map<string, Amounts>,
  ta: InternalTopologyAssignment | undefined,
  singlePodRequests: ReadonlyMap<string, number>,
): void {
  for (const d of ta?.domains ?? []) {
    const id = d.values.join(',');
    let u = into.get(id);
    if (!u) into.set(id, (u = new Map()));
    for (const [r, v] of singlePodRequests) u.set(r, (u.get(r) ?? 0) + v * d.count);
    u.set('pods', (u.get('pods') ?? 0) + ONE_POD * d.count);
  }
}

/**
 * FindTopologyAssignmentsForFlavor: every TAS podset of a workload in this flavor, podset groups together (the
 * smaller-count podset as the leader), each later podset seeing the earlier ones' placement as assumed usage. Stops
 * at the first failure (the failing group's podsets carry the reason).
 */
export function findTopologyAssignmentsForFlavor(
  s: TasFlavorSnapshot,
  requests: readonly TasPodSetRequests[],
  opts: FindOptions = {},
): Map<string, PodSetAssignmentResult> {
  // The answer depends only on the requests and the leaves' remaining capacity: the workloads of one class, nominated
  // in one cycle or retried before anything moved, ask the same question of the same tree. On an empty cluster
  // (simulateEmpty) the capacity left is the nodes' minus the non-TAS pods', unmoved by admissions and releases.
  const empty = opts.simulateEmpty ?? false;
  const memo = empty ? s.emptyMemo : s.findMemo;
  const stamp = empty ? s.emptyStamp : s.stamp;
  if (memo.stamp !== stamp) {
    memo.results.clear();
    memo.stamp = stamp;
  }
  const key = memoKey(requests, empty);
  const known = memo.results.get(key) as Map<string, PodSetAssignmentResult> | undefined;
  if (known) return known;
  // Handed to every caller that asks the same question: callers only read an answer (it is placed, encoded into the
  // admission and turned into usage, never changed), so it is shared instead of copied per caller.
  const result = computeTopologyAssignmentsForFlavor(s, requests, opts);
  memo.results.set(key, result);
  return result;
}

function memoKey(requests: readonly TasPodSetRequests[], simulateEmpty: boolean): string {
  // Requests that carry their shape's id (TasPlacement): a short key. Podset names are DNS labels.
  if (requests.every((tr) => tr.shapeId !== undefined)) {
    let key = simulateEmpty ? 'e' : 'l';
    for (const tr of requests)
      key += `|${tr.podSet.name}|${tr.count}|${tr.implied === true ? 1 : 0}|${tr.podSetGroupName === undefined ? '-' : `=${tr.podSetGroupName}`}|${tr.shapeId}`;
    return key;
  }
  // Requests that carry their shape's key: no JSON text built per call.
  if (requests.every((tr) => tr.shapeKey !== undefined)) {
    let key = `${simulateEmpty}`;
    for (const tr of requests)
      key += `\n${tr.podSet.name}|${tr.count}|${tr.implied ?? false}|${JSON.stringify(tr.podSetGroupName ?? null)}|${tr.shapeKey}`;
    return key;
  }
  const parts: unknown[] = [simulateEmpty];
  for (const tr of requests) {
    const spec = tr.podSet.template.spec;
    parts.push([
      tr.podSet.name,
      tr.podSet.topologyRequest ?? null,
      spec.tolerations ?? null,
      spec.nodeSelector ?? null,
      spec.affinity ?? null,
      [...tr.singlePodRequests],
      tr.count,
      tr.implied ?? false,
      tr.podSetGroupName ?? null,
    ]);
  }
  return JSON.stringify(parts);
}

function computeTopologyAssignmentsForFlavor(
  s: TasFlavorSnapshot,
  requests: readonly TasPodSetRequests[],
  opts: FindOptions,
): Map<string, PodSetAssignmentResult> {
  const result = new Map<string, PodSetAssignmentResult>();
  const assumed = new Map<string, Amounts>();
  const groups = new Map<string, TasPodSetRequests[]>();
  requests.forEach((tr, i) => {
    const key = tr.podSetGroupName ?? String(i);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(tr);
  });
  const finder = new Finder(s);
  for (const trs of groups.values()) {
    const { leader, workers } = findLeaderAndWorkers(trs);
    const { assignments, reason } = finder.find(workers, leader, assumed, opts.simulateEmpty ?? false);
    for (const tr of trs) {
      const ta = assignments.get(tr.podSet.name);
      result.set(tr.podSet.name, { ...(ta ? { topologyAssignment: ta } : {}), failureReason: reason });
    }
    if (reason) return result;
    for (const tr of trs) addAssumedUsage(assumed, assignments.get(tr.podSet.name), tr.singlePodRequests);
  }
  return result;
}

/** TASAssignmentsResult.Failure: the first podset with a failure reason. */
export function firstFailure(
  result: ReadonlyMap<string, PodSetAssignmentResult>,
): { podSet: string; reason: string } | undefined {
  for (const [podSet, r] of result) if (r.failureReason) return { podSet, reason: r.failureReason };
  return undefined;
}
