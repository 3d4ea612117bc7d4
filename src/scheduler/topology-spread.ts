// The PodTopologySpread Filter (pkg/scheduler/framework/plugins/podtopologyspread/{common,filtering}.go), for
// the incoming pod's DoNotSchedule constraints, over plain data (spec §2). ScheduleAnyway constraints are
// scoring-only and never filter; system default constraints (all ScheduleAnyway) therefore never filter either.
//
// PreFilter (computeSpreadState): for each constraint, the eligible domains and their matching-pod counts.
//   - A node contributes only if it carries the topologyKey of EVERY DoNotSchedule constraint, and, per
//     constraint, passes the inclusion policies: nodeAffinityPolicy Honor (the default) requires the pod's
//     nodeSelector and required node affinity to match the node; nodeTaintsPolicy Honor (default Ignore)
//     requires every NoSchedule/NoExecute taint on the node to be tolerated.
//   - A contributing node adds its domain (even with a count of 0) and the number of its pods that are in the
//     incoming pod's namespace, are not terminating, and match the selector.
//   - The selector is labelSelector with matchLabelKeys merged in: for each key the incoming pod carries, the
//     requirement key = <pod's value> is ANDed on (mergeLabelSetWithSelector).
// Filter (filterNode), for each constraint in order:
//   - the node lacks the topologyKey → UnschedulableAndUnresolvable, "... (missing required label)";
//   - globalMin = the minimum count over the eligible domains, or 0 when there are fewer eligible domains than
//     minDomains (default 1);
//   - skew = count(node's domain) + (1 if the pod matches the selector itself) − globalMin;
//     skew > maxSkew → Unschedulable, "node(s) didn't match pod topology spread constraints".
//   - With no eligible domain at all the minimum is MaxInt32 (upstream's empty critical paths), so the skew
//     check passes unless minDomains forces the minimum to 0.
import type { Affinity, LabelSelector, Taint, Toleration } from '../api/core.js';
import { compileLabelSelector, compileRequiredNodeAffinity, type Labels } from '../api/selectors.js';
import { findUntoleratedTaint } from '../api/taints.js';

/** ErrReasonConstraintsNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const MAX_INT32 = 2147483647;

export type NodeInclusionPolicy = 'Honor' | 'Ignore';
export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';

/** v1.TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: UnsatisfiableConstraintAction;
  labelSelector?: LabelSelector;
  /** Default 1. */
  minDomains?: number;
  /** Default Honor. */
  nodeAffinityPolicy?: NodeInclusionPolicy;
  /** Default Ignore. */
  nodeTaintsPolicy?: NodeInclusionPolicy;
  matchLabelKeys?: string[];
}

/** The incoming pod: what the plugin reads from it. */
export interface SpreadPod {
  namespace: string;
  labels?: Labels;
  nodeSelector?: Readonly<Record<string, string>>;
  affinity?: Affinity;
  tolerations?: readonly Toleration[];
  topologySpreadConstraints?: readonly TopologySpreadConstraint[];
}

/** A pod already on a node (assigned or assumed). */
export interface SpreadExistingPod {
  namespace: string;
  labels?: Labels;
  /** deletionTimestamp is set: such pods are not counted. */
  terminating?: boolean;
}

export interface SpreadNode {
  name: string;
  labels?: Labels;
  taints?: readonly Taint[];
  pods: readonly SpreadExistingPod[];
}

/** A framework status code, as the plugin returns it. */
export type SpreadStatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface SpreadFilterResult {
  node: string;
  code: SpreadStatusCode;
  /** The failure reason; absent on Success. */
  reason?: string;
}

/** A parsed DoNotSchedule constraint (topologySpreadConstraint). */
export interface ParsedSpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
  /** The selector with matchLabelKeys merged in. */
  readonly matches: (labels: Labels | undefined) => boolean;
}

/** The PreFilter state. */
export interface SpreadState {
  readonly constraints: readonly ParsedSpreadConstraint[];
  /** Per constraint: eligible domain value → matching pod count. */
  readonly domainCounts: readonly Map<string, number>[];
}

function hasLabel(labels: Labels | undefined, key: string): boolean {
  return labels !== undefined && labels !== null && Object.hasOwn(labels, key);
}

/**
 * The constraint's selector: metav1.LabelSelectorAsSelector(labelSelector), then mergeLabelSetWithSelector with
 * the pod's values for matchLabelKeys. As upstream, the merged selector is SelectorFromSet(set) plus the
 * original selector's requirements; a nil labelSelector (labels.Nothing) has no requirements, so with a
 * non-empty set the merged selector is just the set. A labelSelector that does not parse matches nothing here
 * (upstream fails PreFilter with an error).
 */
export function spreadSelector(
  c: TopologySpreadConstraint,
  podLabels: Labels | undefined,
): (labels: Labels | undefined) => boolean {
  const base = compileLabelSelector(c.labelSelector);
  const set: [string, string][] = [];
  for (const key of c.matchLabelKeys ?? []) {
    if (hasLabel(podLabels, key)) set.push([key, podLabels![key]!]);
  }
  if (set.length === 0) return (labels) => base.matches(labels);
  const setMatches = (labels: Labels | undefined): boolean => {
    for (const [k, v] of set) if (!hasLabel(labels, k) || labels![k] !== v) return false;
    return true;
  };
  if (c.labelSelector === undefined || c.labelSelector === null) return setMatches;
  return (labels) => setMatches(labels) && base.matches(labels);
}

/** filterTopologySpreadConstraints(pod.spec.topologySpreadConstraints, pod.labels, DoNotSchedule). */
export function parseDoNotScheduleConstraints(pod: SpreadPod): ParsedSpreadConstraint[] {
  const out: ParsedSpreadConstraint[] = [];
  for (const c of pod.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      matches: spreadSelector(c, pod.labels),
    });
  }
  return out;
}

/** countPodsMatchSelector: same namespace, not terminating, selector matches. */
function countMatching(pods: readonly SpreadExistingPod[], c: ParsedSpreadConstraint, namespace: string): number {
  let n = 0;
  for (const p of pods) if (!p.terminating && p.namespace === namespace && c.matches(p.labels)) n++;
  return n;
}

/** PreFilter (calPreFilterState) over all nodes of the snapshot. */
export function computeSpreadState(pod: SpreadPod, allNodes: readonly SpreadNode[]): SpreadState {
  const constraints = parseDoNotScheduleConstraints(pod);
  const domainCounts = constraints.map(() => new Map<string, number>());
  if (constraints.length === 0) return { constraints, domainCounts };
  const affinity = compileRequiredNodeAffinity(pod);
  for (const node of allNodes) {
    if (!constraints.every((c) => hasLabel(node.labels, c.topologyKey))) continue;
    let affinityMatch: boolean | undefined;
    let taintsTolerated: boolean | undefined;
    constraints.forEach((c, i) => {
      if (c.nodeAffinityPolicy === 'Honor') {
        affinityMatch ??= affinity.matches(node.labels, node.name);
        if (!affinityMatch) return;
      }
      if (c.nodeTaintsPolicy === 'Honor') {
        taintsTolerated ??= findUntoleratedTaint(node.taints, pod.tolerations) === undefined;
        if (!taintsTolerated) return;
      }
      const value = node.labels![c.topologyKey]!;
      const counts = domainCounts[i]!;
      counts.set(value, (counts.get(value) ?? 0) + countMatching(node.pods, c, pod.namespace));
    });
  }
  return { constraints, domainCounts };
}

/** preFilterState.minMatchNum: the global minimum, 0 when fewer eligible domains than minDomains. */
export function globalMinimum(state: SpreadState, constraintIndex: number): number {
  const counts = state.domainCounts[constraintIndex]!;
  if (counts.size < state.constraints[constraintIndex]!.minDomains) return 0;
  let min = MAX_INT32;
  for (const n of counts.values()) if (n < min) min = n;
  return min;
}

/** Filter for one node, given the PreFilter state. */
export function filterNode(state: SpreadState, pod: SpreadPod, node: SpreadNode): SpreadFilterResult {
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i]!;
    if (!hasLabel(node.labels, c.topologyKey)) {
      return { node: node.name, code: 'UnschedulableAndUnresolvable', reason: ERR_REASON_NODE_LABEL_NOT_MATCH };
    }
    const value = node.labels![c.topologyKey]!;
    const selfMatch = c.matches(pod.labels) ? 1 : 0;
    const skew = (state.domainCounts[i]!.get(value) ?? 0) + selfMatch - globalMinimum(state, i);
    if (skew > c.maxSkew) {
      return { node: node.name, code: 'Unschedulable', reason: ERR_REASON_CONSTRAINTS_NOT_MATCH };
    }
  }
  return { node: node.name, code: 'Success' };
}

/**
 * PreFilter over `nodes` (the whole snapshot) then Filter on each of them, in input order. With no DoNotSchedule
 * constraint (PreFilter returns Skip) every node passes.
 */
export function podTopologySpreadFilter(pod: SpreadPod, nodes: readonly SpreadNode[]): SpreadFilterResult[] {
  const state = computeSpreadState(pod, nodes);
  return nodes.map((n) => filterNode(state, pod, n));
}
