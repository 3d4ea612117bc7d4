// DefaultPreemption (PostFilter) as pure functions over plain data, after kubernetes/kubernetes
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (SelectVictimsOnNode,
// PodEligibleToPreemptOthers, calculateNumCandidates, filterPodsWithPDBViolation) and
// pkg/scheduler/framework/preemption/preemption.go (pickOneNodeForPreemption, DryRunPreemption).
// No store and no clock: the caller supplies the filters (`fits`) and the PDB verdicts.
import type { LabelSelector, Pod } from '../api/core.js';
import { labelSelectorMatches } from '../api/selectors.js';

/** Upstream DefaultPreemptionArgs defaults (kube-scheduler config v1). */
export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

/**
 * util.GetPodStartTime: status.startTime, or "now" for a pod that has not started. Without a clock, "now" is
 * later than every recorded start, so an unstarted pod is +Infinity.
 */
export function podStartTime(pod: Pod): number {
  return pod.status.startTime ?? Number.POSITIVE_INFINITY;
}

/**
 * util.MoreImportantPod: higher priority first; on equal priority the pod that started earlier is more
 * important. Negative when `a` is more important than `b` (a comparator for Array.prototype.sort).
 */
export function compareImportance(a: Pod, b: Pod): number {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pb - pa;
  const sa = podStartTime(a);
  const sb = podStartTime(b);
  if (sa < sb) return -1;
  if (sa > sb) return 1;
  return 0;
}

/** Victim may be preempted by preemptor: strictly lower priority (the default IsEligiblePod adds nothing). */
export function isPreemptionAllowed(victim: Pod, preemptor: Pod): boolean {
  return podPriority(victim) < podPriority(preemptor);
}

/** podTerminatingByPreemption: deleting, with DisruptionTarget=True and reason PreemptionByScheduler. */
export function podTerminatingByPreemption(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp === undefined) return false;
  const c = pod.status.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/**
 * PodEligibleToPreemptOthers.
 * - `preemptionPolicy: Never` → not eligible.
 * - The pod is nominated to a node that still holds a lower-priority pod terminating by preemption
 *   (`nominatedNodeTerminatingLowerPriority`) → not eligible, unless the nominated node itself now fails
 *   with UnschedulableAndUnresolvable (`nominatedNodeUnresolvable`), in which case it may preempt again.
 * Use {@link nominatedNodeHasTerminatingVictim} to compute the flag from the nominated node's pods.
 */
export function podEligibleToPreemptOthers(
  pod: Pod,
  nominatedNodeTerminatingLowerPriority: boolean,
  nominatedNodeUnresolvable = false,
): boolean {
  if (pod.spec.preemptionPolicy === 'Never') return false;
  if (!pod.status.nominatedNodeName) return true;
  if (nominatedNodeUnresolvable) return true;
  return !nominatedNodeTerminatingLowerPriority;
}

/** Does the preemptor's nominated node hold a lower-priority pod that is terminating because of preemption? */
export function nominatedNodeHasTerminatingVictim(preemptor: Pod, podsOnNominatedNode: readonly Pod[]): boolean {
  return podsOnNominatedNode.some((p) => isPreemptionAllowed(p, preemptor) && podTerminatingByPreemption(p));
}

/**
 * calculateNumCandidates: n = numNodes·pct/100 (integer division), at least `minAbsolute`, at most numNodes.
 * Upstream defaults give max(10% of nodes, 100) capped at the node count.
 */
export function calculateNumCandidates(
  numNodes: number,
  minPercentage = DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE,
  minAbsolute = DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE,
): number {
  let n = Math.trunc((numNodes * minPercentage) / 100);
  if (n < minAbsolute) n = minAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

export interface NodeVictims {
  /** Victims in descending importance (the highest-priority victim first), as upstream returns them. */
  victims: Pod[];
  /** Victims whose eviction violates a PDB. */
  numPDBViolations: number;
}

/**
 * SelectVictimsOnNode.
 * 1. Potential victims = the node's pods of lower priority than the preemptor. None → undefined.
 * 2. Remove them all; if the preemptor still does not fit (`fits(remaining)` false) → undefined.
 * 3. Sort them by importance (priority desc, then earlier start first), split them stably into PDB-violating
 *    and non-violating (`pdbViolating` is called once per potential victim, in that order), then reprieve the
 *    violating ones and then the others, each time adding the pod back and keeping it when the preemptor still
 *    fits; otherwise it becomes a victim (and counts as a PDB violation if it came from the violating group).
 * 4. When both groups were non-empty the victims are re-sorted by importance.
 *
 * `fits` receives the pods left on the node (those not removed) and must run the caller's filters, counting
 * nominated pods of priority ≥ the preemptor's.
 */
export function selectVictimsOnNode(
  preemptor: Pod,
  node: { pods: readonly Pod[] },
  fits: (podsRemaining: readonly Pod[]) => boolean,
  pdbViolating: (pod: Pod) => boolean,
): NodeVictims | undefined {
  const potential: Pod[] = [];
  const remaining: Pod[] = [];
  for (const p of node.pods) {
    if (isPreemptionAllowed(p, preemptor)) potential.push(p);
    else remaining.push(p);
  }
  if (potential.length === 0) return undefined;
  if (!fits(remaining)) return undefined;

  potential.sort(compareImportance);
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const p of potential) (pdbViolating(p) ? violating : nonViolating).push(p);

  const victims: Pod[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: Pod): boolean => {
    remaining.push(p);
    if (fits(remaining)) return true;
    remaining.pop();
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length !== 0 && nonViolating.length !== 0) victims.sort(compareImportance);
  return { victims, numPDBViolations };
}

/** The parts of a policy/v1 PodDisruptionBudget that preemption reads. */
export interface PdbLike {
  namespace?: string;
  selector?: LabelSelector;
  disruptionsAllowed: number;
  /** Pod names whose eviction the API server has already processed. */
  disruptedPods?: readonly string[];
}

/**
 * filterPodsWithPDBViolation as a stateful predicate for {@link selectVictimsOnNode}: each call with a pod
 * that matches a PDB (same namespace, non-empty selector matching its labels, not in disruptedPods) uses one
 * of that PDB's allowed disruptions; the pod violates when any matching PDB goes below zero. Make one per node
 * dry run, since upstream starts from the budgets afresh for each node.
 */
export function pdbViolationChecker(pdbs: readonly PdbLike[]): (pod: Pod) => boolean {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  return (pod) => {
    const labels = pod.metadata.labels;
    if (!labels || Object.keys(labels).length === 0) return false;
    const ns = pod.metadata.namespace ?? 'default';
    let violated = false;
    pdbs.forEach((pdb, i) => {
      if ((pdb.namespace ?? 'default') !== ns) return;
      const sel = pdb.selector;
      const empty =
        !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
      if (empty || !labelSelectorMatches(sel, labels)) return;
      if (pdb.disruptedPods?.includes(pod.metadata.name)) return;
      const left = (allowed[i] ?? 0) - 1;
      allowed[i] = left;
      if (left < 0) violated = true;
    });
    return violated;
  };
}

export interface PreemptionCandidate extends NodeVictims {
  name: string;
}

const INT32_OFFSET = 2 ** 31; // upstream adds MaxInt32+1 so every priority in the sum is ≥ 0

/**
 * util.GetEarliestPodStartTime: the earliest start among the victims that share the highest priority.
 */
export function earliestStartOfTopPriorityVictims(victims: readonly Pod[]): number {
  const first = victims[0];
  if (!first) return Number.NEGATIVE_INFINITY;
  let maxPriority = podPriority(first);
  let earliest = podStartTime(first);
  for (const p of victims) {
    const pr = podPriority(p);
    if (pr === maxPriority) {
      earliest = Math.min(earliest, podStartTime(p));
    } else if (pr > maxPriority) {
      maxPriority = pr;
      earliest = podStartTime(p);
    }
  }
  return earliest;
}

/**
 * pickOneNodeForPreemption: keep the candidates with the best score for each key in turn, stopping as soon as
 * one remains:
 *  1. fewest PDB violations;
 *  2. lowest highest-victim priority (victims[0], as upstream assumes descending order);
 *  3. lowest sum of (priority + 2^31) over victims;
 *  4. fewest victims;
 *  5. latest earliest-start-time among the highest-priority victims;
 *  6. the first remaining candidate (upstream iterates a Go map, so "first" there is arbitrary; here it is
 *     input order).
 * A candidate with no victims is returned at once (the older upstream shortcut; DryRunPreemption never
 * produces such candidates). Returns undefined for an empty list.
 */
export function pickOneNodeForPreemption<C extends PreemptionCandidate>(candidates: readonly C[]): C | undefined {
  if (candidates.length === 0) return undefined;
  const empty = candidates.find((c) => c.victims.length === 0);
  if (empty) return empty;
  const scoreFuncs: ((c: C) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -podPriority(c.victims[0] as Pod),
    (c) => -c.victims.reduce((s, p) => s + podPriority(p) + INT32_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfTopPriorityVictims(c.victims),
  ];
  let remaining: readonly C[] = candidates;
  for (const f of scoreFuncs) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: C[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [];
      }
      if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    // All scores -Infinity (cannot happen with finite data) would leave `selected` empty; keep `remaining`.
    if (selected.length > 0) remaining = selected;
  }
  return remaining[0];
}

/**
 * Filter failures that removing pods cannot fix (the plugins return UnschedulableAndUnresolvable), so
 * preemption skips the node. Matched as reason prefixes.
 */
export const UNRESOLVABLE_REASONS: readonly string[] = [
  "node(s) didn't match Pod's node affinity/selector", // NodeAffinity (nodeSelector and required affinity)
  "node(s) didn't match the requested node name", // NodeName
  'node(s) had untolerated taint', // TaintToleration
  'node(s) were unschedulable', // NodeUnschedulable
  "node(s) didn't match pod topology spread constraints (missing required label)", // PodTopologySpread
  "node(s) didn't match pod affinity rules", // InterPodAffinity, required affinity
  "node(s) didn't match Pod's GPU model", // Open-Gpu-Share (gpu-share.ts)
  'node(s) had no GPU devices', // Open-Gpu-Share
];

/**
 * isUnresolvable: true for the reasons in {@link UNRESOLVABLE_REASONS}, and for a NodeResourcesFit
 * "Insufficient <resource>" when the request exceeds the node's total allocatable (`requestAboveAllocatable`;
 * see `fitsAllocatable` in filters.ts). "Too many pods", anti-affinity and plain insufficiency stay resolvable.
 */
export function isUnresolvable(reason: string, requestAboveAllocatable = false): boolean {
  if (reason.startsWith('Insufficient ')) return requestAboveAllocatable;
  return UNRESOLVABLE_REASONS.some((r) => reason.startsWith(r));
}
