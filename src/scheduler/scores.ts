// kube-scheduler Score plugins as pure functions, with upstream's integer arithmetic (int64, truncating division).
//
// Sources (kubernetes/kubernetes, pkg/scheduler/framework/plugins):
//   - noderesources/resource_allocation.go: which requested/allocatable pair each resource contributes;
//   - noderesources/{least_allocated,most_allocated,requested_to_capacity_ratio,balanced_allocation}.go;
//   - helper/shape_score.go (BuildBrokenLinearFunction), helper/normalize_score.go (DefaultNormalizeScore);
//   - tainttoleration (Score + NormalizeScore), nodeaffinity (Score + NormalizeScore).
//
// Units follow upstream: cpu in milli-cores (MilliValue), every other resource in whole units (Value(), which
// rounds a fractional quantity up). NodeInfo and requestsOf hold milli-units; scoringUnits converts.
import type { Node, NodeSelectorTerm, Pod, Taint, Toleration } from '../api/core.js';
import { nodeSelectorTermMatches } from '../api/selectors.js';
import { toleratesTaint } from '../api/taints.js';
import { type NodeInfo, podScoringRequest, scoringUnits } from './node-info.js';

export {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  nonZeroPodRequests,
  podScoringRequest,
  scoringUnits,
} from './node-info.js';

/** fwk.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;
/** config.MaxCustomPriorityScore: the top of a RequestedToCapacityRatio shape's score axis. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** RequestedToCapacityRatio's maxUtilization. */
export const MAX_UTILIZATION = 100;

/** config.ResourceSpec: a resource scored by NodeResourcesFit / BalancedAllocation and its weight (1..100). */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** The default scoringStrategy.resources (and BalancedAllocation's resources): cpu 1, memory 1. */
export const DEFAULT_SCORE_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** config.UtilizationShapePoint: utilization 0..100, score 0..MAX_CUSTOM_PRIORITY_SCORE. */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/** helper.FunctionShapePoint (scores already on the 0..MAX_NODE_SCORE scale). */
export interface FunctionShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/**
 * Default Score plugins and weights of the v1 default profile (apis/config/v1 default_plugins.go getDefaultPlugins):
 * TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1,
 * NodeResourcesBalancedAllocation 1, ImageLocality 1. Total maximum = 12 × 100 = 1200.
 */
export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
});

// ---------------------------------------------------------------------------------------------------------------
// Integer helpers

/** Go int64 a*b/c with truncation toward zero; exact beyond 2^53 through BigInt. c must be non-zero. */
function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return truncDiv(p, c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** Exact truncating division of safe integers. */
function truncDiv(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return Number(BigInt(Math.trunc(a)) / BigInt(b));
  const q = Math.trunc(a / b);
  // a / b is correctly rounded; correct a possible off-by-one at the boundary.
  const r = a - q * b;
  if (b > 0) {
    if (a >= 0 && r < 0) return q - 1;
    if (a >= 0 && r >= b) return q + 1;
    if (a < 0 && r > 0) return q + 1;
    if (a < 0 && r <= -b) return q - 1;
  } else {
    if (a >= 0 && r < 0) return q + 1;
    if (a >= 0 && r >= -b) return q - 1;
    if (a < 0 && r > 0) return q - 1;
    if (a < 0 && r <= b) return q + 1;
  }
  return q;
}

/** Go math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests as the scorers see them

/**
 * What the node already has requested of one resource, in scoring units: NodeInfo.NonZeroRequested for cpu and
 * memory when `useRequested` is false, NodeInfo.Requested otherwise and for every other resource. NodeInfo keeps
 * both running totals (summed per pod in scoring units on add/remove, as NodeInfo.update does).
 */
export function nodeScoringRequested(info: NodeInfo, resource: string, useRequested: boolean): number {
  const nonZero = !useRequested && (resource === 'cpu' || resource === 'memory');
  return (nonZero ? info.scoredNonZero : info.scoredRequested).get(resource) ?? 0;
}

/** The per-resource vectors one Score call hands to a scorer; a skipped resource has allocatable 0. */
export interface ResourceVectors {
  /** Node requests plus this pod's request. */
  readonly requested: number[];
  /** Node requests without this pod. */
  readonly allocated: number[];
  readonly allocatable: number[];
}

/**
 * resourceAllocationScorer.score / calculateResourceAllocatableRequest:
 *   - an extended (scalar) resource the pod does not request is skipped;
 *   - a resource the node does not have (allocatable 0 or absent) is skipped;
 *   - otherwise allocatable and node-requested (+ pod request) in scoring units.
 */
export function resourceVectors(
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[],
  useRequested: boolean,
): ResourceVectors {
  const n = resources.length;
  return fillVectors(
    {
      requested: new Array<number>(n).fill(0),
      allocated: new Array<number>(n).fill(0),
      allocatable: new Array<number>(n).fill(0),
    },
    pod,
    info,
    resources,
    useRequested,
  );
}

/** Writes every entry of `v` (vectors exactly `resources.length` long) for the pod on the node. */
function fillVectors(
  v: ResourceVectors,
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[],
  useRequested: boolean,
): ResourceVectors {
  const { requested, allocated, allocatable } = v;
  for (let i = 0; i < resources.length; i++) {
    requested[i] = 0;
    allocated[i] = 0;
    allocatable[i] = 0;
    const name = resources[i]!.name;
    const podReq = podScoringRequest(pod, name, useRequested);
    if (podReq === 0 && isScalarResourceName(name)) continue;
    const alloc = scoringUnits(name, info.allocatable.get(name) ?? 0);
    if (alloc === 0) continue;
    const nodeReq = nodeScoringRequested(info, name, useRequested);
    allocatable[i] = alloc;
    allocated[i] = nodeReq;
    requested[i] = nodeReq + podReq;
  }
  return v;
}

/** Per resource count, the three vectors scratchVectors fills (exactly that long: the scorers loop to `.length`). */
const scratch: ResourceVectors[] = [];

/**
 * resourceVectors into reused arrays, for the Score calls below: valid until the next call, never kept (the speed
 * walk scores a node per placed pod, and three fresh arrays per score were a fifth of the run's garbage).
 */
function scratchVectors(
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[],
  useRequested: boolean,
): ResourceVectors {
  const n = resources.length;
  let v = scratch[n];
  if (v === undefined) {
    v = {
      requested: new Array<number>(n).fill(0),
      allocated: new Array<number>(n).fill(0),
      allocatable: new Array<number>(n).fill(0),
    };
    scratch[n] = v;
  }
  return fillVectors(v, pod, info, resources, useRequested);
}

/**
 * schedutil.IsScalarResourceName: extended resources (a '/' and no 'requests.' prefix), prefixed native resources
 * (containing 'kubernetes.io/'), hugepages-* and attachable-volumes-*.
 */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (name.includes('kubernetes.io/')) return true;
  if (!name.includes('/')) return false;
  return !name.startsWith('requests.');
}

// ---------------------------------------------------------------------------------------------------------------
// Scorers over vectors

/** leastRequestedScore: (capacity − requested) × 100 / capacity; 0 when capacity is 0 or requested exceeds it. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return mulDiv(capacity - requested, MAX_NODE_SCORE, capacity);
}

/** mostRequestedScore: min(requested, capacity) × 100 / capacity; 0 when capacity is 0. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return mulDiv(Math.min(requested, capacity), MAX_NODE_SCORE, capacity);
}

function weightedIntegerMean(
  resources: readonly ResourceSpec[],
  requested: readonly number[],
  allocatable: readonly number[],
  perResource: (req: number, cap: number) => number,
): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i] ?? 0;
    if (cap === 0) continue;
    const w = resources[i]?.weight ?? 0;
    nodeScore += perResource(requested[i] ?? 0, cap) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : truncDiv(nodeScore, weightSum);
}

/** leastResourceScorer: weighted integer mean of leastRequestedScore over resources with allocatable > 0. */
export function leastResourceScorer(
  resources: readonly ResourceSpec[],
  requested: readonly number[],
  allocatable: readonly number[],
): number {
  return weightedIntegerMean(resources, requested, allocatable, leastRequestedScore);
}

/** mostResourceScorer: weighted integer mean of mostRequestedScore over resources with allocatable > 0. */
export function mostResourceScorer(
  resources: readonly ResourceSpec[],
  requested: readonly number[],
  allocatable: readonly number[],
): number {
  return weightedIntegerMean(resources, requested, allocatable, mostRequestedScore);
}

/**
 * helper.BuildBrokenLinearFunction: shape[0].score left of the first point, the last score right of the last
 * point, linear (integer, truncating) in between.
 */
export function brokenLinearFunction(shape: readonly FunctionShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i]!;
      if (p <= cur.utilization) {
        if (i === 0) return cur.score;
        const prev = shape[i - 1]!;
        return (
          prev.score + truncDiv((cur.score - prev.score) * (p - prev.utilization), cur.utilization - prev.utilization)
        );
      }
    }
    return shape[shape.length - 1]?.score ?? 0;
  };
}

/** scaledUtilization: requested × max / capacity, requested clamped to [0, capacity]. */
function scaledUtilization(requested: number, capacity: number, max: number): number {
  if (capacity <= 0 || requested <= 0) return 0;
  if (requested >= capacity) return max;
  return mulDiv(requested, max, capacity);
}

/**
 * requestedToCapacityRatioScorer: shape scores are scaled ×(MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) = ×10;
 * per resource f(utilization) (utilization 100 when requested > capacity); mean over resources whose score is
 * > 0, weighted, rounded half away from zero.
 */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): (requested: readonly number[], allocatable: readonly number[]) => number {
  const scale = truncDiv(MAX_NODE_SCORE, MAX_CUSTOM_PRIORITY_SCORE);
  const raw = brokenLinearFunction(shape.map((p) => ({ utilization: p.utilization, score: p.score * scale })));
  const perResource = (req: number, cap: number): number =>
    cap === 0 || req > cap ? raw(MAX_UTILIZATION) : raw(scaledUtilization(req, cap, MAX_UTILIZATION));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i] ?? 0;
      if (cap === 0) continue;
      const w = resources[i]?.weight ?? 0;
      const s = perResource(requested[i] ?? 0, cap);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : roundHalfAway(nodeScore / weightSum);
  };
}

/**
 * The balance of one set of fractions (the pre-1.36 balancedResourceScorer): fraction = min(1, req / alloc) over
 * resources with alloc > 0; std = |f1 − f2| / 2 for two, the population standard deviation for more, 0 for
 * fewer; score = int64((1 − std) × 100).
 */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  // Two passes over the vectors instead of a list of fractions (the same divisions, so the same doubles).
  let count = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i] ?? 0;
    if (cap === 0) continue;
    const f = fraction(requested[i] ?? 0, cap);
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    total += f;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i] ?? 0;
      if (cap === 0) continue;
      const f = fraction(requested[i] ?? 0, cap);
      sum = sum + (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** min(1, requested / allocatable), for allocatable > 0. */
function fraction(requested: number, cap: number): number {
  const f = requested / cap;
  return Math.min(f, 1);
}

/**
 * The current balancedResourceScorer (kubernetes#135573, merged Dec 2025): scores the change in balance that
 * placing the pod causes, 50 + (50 + withPod − withoutPod) / 2, so 75 means "no change", 100 "from perfectly
 * unbalanced to perfectly balanced", 50 the reverse.
 */
export function balancedResourceScorer(
  requested: readonly number[],
  allocated: readonly number[],
  allocatable: readonly number[],
): number {
  const withPod = balancedResourceScore(requested, allocatable);
  const withoutPod = balancedResourceScore(allocated, allocatable);
  const half = truncDiv(MAX_NODE_SCORE, 2);
  return half + truncDiv(half + withPod - withoutPod, 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Pod × NodeInfo scores (NodeResourcesFit strategies and BalancedAllocation); none of them normalises.

/** NodeResourcesFit, LeastAllocated strategy (the default). */
export function leastAllocatedScore(
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[] = DEFAULT_SCORE_RESOURCES,
): number {
  const v = scratchVectors(pod, info, resources, false);
  return leastResourceScorer(resources, v.requested, v.allocatable);
}

/** NodeResourcesFit, MostAllocated strategy. */
export function mostAllocatedScore(
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[] = DEFAULT_SCORE_RESOURCES,
): number {
  const v = scratchVectors(pod, info, resources, false);
  return mostResourceScorer(resources, v.requested, v.allocatable);
}

/** NodeResourcesFit, RequestedToCapacityRatio strategy with the given shape (score axis 0..10). */
export function requestedToCapacityRatioScore(
  shape: readonly UtilizationShapePoint[],
  resources: readonly ResourceSpec[] = DEFAULT_SCORE_RESOURCES,
): (pod: Pod, info: NodeInfo) => number {
  const scorer = requestedToCapacityRatioScorer(resources, shape);
  return (pod, info) => {
    const v = scratchVectors(pod, info, resources, false);
    return scorer(v.requested, v.allocatable);
  };
}

export interface BalancedAllocationOptions {
  /** Score the balance after placement only (upstream before kubernetes#135573) instead of its change. */
  readonly legacy?: boolean;
}

/**
 * NodeResourcesBalancedAllocation: actual requests (no non-zero defaults). A best-effort pod (no request for any
 * of the resources) is skipped at PreScore, which this returns as 0.
 */
export function balancedAllocationScore(
  pod: Pod,
  info: NodeInfo,
  resources: readonly ResourceSpec[] = DEFAULT_SCORE_RESOURCES,
  options: BalancedAllocationOptions = {},
): number {
  let requests = false;
  for (const r of resources) if (podScoringRequest(pod, r.name, true) !== 0) requests = true;
  if (!requests) return 0;
  const v = scratchVectors(pod, info, resources, true);
  return options.legacy
    ? balancedResourceScore(v.requested, v.allocatable)
    : balancedResourceScorer(v.requested, v.allocated, v.allocatable);
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation, TaintToleration, NodeAffinity

/**
 * helper.DefaultNormalizeScore: scales [0, max(scores)] to [0, maxPriority] (truncating), then, if reverse,
 * maxPriority − score. All zero: unchanged, or all maxPriority when reversed. Returns a new array.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: readonly number[]): number[] {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) return reverse ? scores.map(() => maxPriority) : scores.slice();
  return scores.map((s) => {
    const v = mulDiv(maxPriority, s, maxCount);
    return reverse ? maxPriority - v : v;
  });
}

/**
 * TaintToleration Score: the number of PreferNoSchedule taints on the node that none of the pod's tolerations with
 * an empty or PreferNoSchedule effect tolerates (getAllTolerationPreferNoSchedule +
 * countIntolerableTaintsPreferNoSchedule).
 */
export function countIntolerablePreferNoScheduleTaints(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
): number {
  if (taints === undefined || taints === null) return 0;
  const relevant = (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!relevant.some((t) => toleratesTaint(t, taint))) n++;
  }
  return n;
}

/** TaintToleration Score + NormalizeScore (reverse) over the scored nodes, in order. */
export function taintTolerationScores(pod: Pod, nodes: readonly Node[]): number[] {
  const raw = nodes.map((n) => countIntolerablePreferNoScheduleTaints(n.spec.taints, pod.spec.tolerations));
  return defaultNormalizeScore(MAX_NODE_SCORE, true, raw);
}

/**
 * NodeAffinity Score: the sum of the weights of the pod's preferred terms whose preference matches the node.
 * Terms with weight 0 or an empty preference are ignored (nodeaffinity.NewPreferredSchedulingTerms).
 */
export function nodeAffinityRawScore(pod: Pod, node: Node): number {
  const terms = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (terms === undefined || terms === null) return 0;
  let count = 0;
  for (const t of terms) {
    if (t.weight === 0 || isEmptyTerm(t.preference)) continue;
    if (nodeSelectorTermMatches(t.preference, node.metadata.labels, node.metadata.name)) count += t.weight;
  }
  return count;
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;
}

/** NodeAffinity Score + NormalizeScore (not reversed) over the scored nodes, in order. */
export function nodeAffinityScores(pod: Pod, nodes: readonly Node[]): number[] {
  return defaultNormalizeScore(
    MAX_NODE_SCORE,
    false,
    nodes.map((n) => nodeAffinityRawScore(pod, n)),
  );
}

/** Σ weight × score over plugins, as the framework totals a node; unknown plugins weigh 0. */
export function weightedTotal(
  scores: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>> = DEFAULT_SCORE_WEIGHTS,
): number {
  let total = 0;
  for (const [name, s] of Object.entries(scores)) total += (weights[name] ?? 0) * s;
  return total;
}
