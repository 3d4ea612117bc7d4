// The PodTopologySpread Score plugin (PreScore + Score + NormalizeScore) for the incoming pod's ScheduleAnyway
// constraints, over the same plain data as the Filter (topology-spread.ts), as in kubernetes/kubernetes
// pkg/scheduler/framework/plugins/podtopologyspread/{scoring,common}.go. Pure: nothing here is wired in.
//
// PreScore (initPreScoreState + PreScore):
//   - Constraints: the pod's ScheduleAnyway constraints (filterTopologySpreadConstraints), with matchLabelKeys
//     merged into the selector (spreadSelector) and the inclusion policies defaulted (nodeAffinityPolicy Honor,
//     nodeTaintsPolicy Ignore). minDomains plays no part in scoring. None → Skip (the plugin adds nothing).
//     A pod with no constraints at all would get the system default constraints: see SYSTEM_DEFAULT_CONSTRAINTS.
//   - No node in the cluster → Skip.
//   - Over the CANDIDATE nodes: a candidate lacking the topologyKey of any constraint is ignored (scored 0 in the
//     end); for each constraint whose key is not kubernetes.io/hostname, every value the remaining candidates carry
//     gets a count starting at 0; the constraint's weight is log(number of those values + 2), and for a hostname
//     constraint log(candidates − ignored candidates + 2) (topologyNormalizingWeight).
//   - Over ALL nodes: a node carrying every constraint's key adds, per constraint whose inclusion policies it passes
//     (matchNodeInclusionPolicies: nodeAffinityPolicy Honor = the pod's nodeSelector and required node affinity
//     match the node; nodeTaintsPolicy Honor = every NoSchedule/NoExecute taint tolerated) and whose value already
//     has a count, the number of its pods that are in the incoming pod's namespace, not terminating, and match the
//     selector (countPodsMatchSelector). Hostname constraints are not counted here.
// Score (per candidate): 0 for an ignored node; otherwise Σ over constraints of
//   count × weight + (maxSkew − 1) in float64, where count is the node's own matching pods for a hostname constraint
//   (no inclusion policy applies there) and the PreScore count of the node's value otherwise; the sum is rounded
//   (int64(math.Round(score))).
// NormalizeScore: over the non-ignored candidates minScore (from MaxInt64) and maxScore (from 0); ignored → 0;
//   maxScore == 0 → MaxNodeScore for every other node; else MaxNodeScore × (maxScore + minScore − s) / maxScore in
//   int64 (truncating). Fewer matching pods → higher score.
import type { Pod } from '../api/core.js';
import {
  compileRequiredNodeAffinity,
  type Labels,
  labelSelectorParses,
  validateLabelSelector,
} from '../api/selectors.js';
import { findUntoleratedTaint } from '../api/taints.js';
import { MAX_NODE_SCORE } from './scores.js';
import {
  type ParsedSpreadConstraint,
  type SpreadExistingPod,
  type SpreadNode,
  type SpreadPod,
  spreadSelector,
  type TopologySpreadConstraint,
} from './topology-spread.js';

/** v1.LabelHostname: constraints on it are counted per node at Score, not per domain at PreScore. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** v1.LabelTopologyZone. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/**
 * podtopologyspread systemDefaultConstraints (plugin.go), used when PodTopologySpreadArgs.defaultingType is System
 * (the default) and the pod has no topologySpreadConstraints of its own: hostname maxSkew 3 and zone maxSkew 5,
 * both ScheduleAnyway.
 *
 * Out of scope here because their selector is not in the pod: buildDefaultConstraints replaces each constraint's
 * selector with helper.DefaultSelector(pod), the merged selectors of the Services, ReplicationControllers,
 * ReplicaSets and StatefulSets that select or own the pod (the plugin is skipped when that selector is empty), and
 * it scores with requireAllTopologies = false (nodes without a zone label still get hostname spreading; their
 * missing zone counts as the domain ""). Note for wiring: a JobSet with network.enableDNSHostnames gets a headless
 * Service selecting its pods (jobset.sigs.k8s.io/jobset-name), so upstream applies these defaults to JobSet pods
 * with that Service's selector; Job-owned pods get no owner selector (Job is not among the four kinds).
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  Object.freeze({ maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' as const }),
  Object.freeze({ maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' as const }),
]);

/** The framework status of PreScore: Skip means the plugin does not score this pod at all. */
export type SpreadScoreCode = 'Success' | 'Skip' | 'Error';

/** preScoreState. */
export interface SpreadScoreState {
  readonly constraints: readonly ParsedSpreadConstraint[];
  /** Candidate nodes missing some constraint's topologyKey. */
  readonly ignoredNodes: ReadonlySet<string>;
  /** Per constraint: topology value → matching pod count (empty for hostname constraints). */
  readonly topologyValueToPodCounts: readonly ReadonlyMap<string, number>[];
  /** Per constraint: log(number of values + 2). */
  readonly topologyNormalizingWeight: readonly number[];
}

export interface SpreadPreScoreResult {
  code: SpreadScoreCode;
  message?: string;
  /** Present for code Success. */
  state?: SpreadScoreState;
}

export interface SpreadScoreResult {
  code: SpreadScoreCode;
  message?: string;
  /** The normalised scores, aligned with the candidate nodes; all 0 unless code is Success. */
  scores: number[];
}

/** The incoming pod's view of a core Pod (namespace defaults to 'default'). */
export function spreadScorePod(pod: Pod): SpreadPod {
  return {
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels,
    nodeSelector: pod.spec.nodeSelector,
    affinity: pod.spec.affinity,
    tolerations: pod.spec.tolerations,
    topologySpreadConstraints: (pod.spec as { topologySpreadConstraints?: TopologySpreadConstraint[] })
      .topologySpreadConstraints,
  };
}

/**
 * filterTopologySpreadConstraints(..., ScheduleAnyway): the parsed constraints, or the labelSelector parse error
 * (upstream fails PreScore with it).
 */
export function parseScheduleAnywayConstraints(pod: SpreadPod): ParsedSpreadConstraint[] | string {
  const out: ParsedSpreadConstraint[] = [];
  for (const c of pod.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== 'ScheduleAnyway') continue;
    if (c.labelSelector !== undefined && c.labelSelector !== null && !labelSelectorParses(c.labelSelector)) {
      const errs = validateLabelSelector(c.labelSelector, 'labelSelector');
      return errs.length > 0 ? errs.join('; ') : 'labelSelector: invalid label selector';
    }
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

function hasLabel(labels: Labels | undefined, key: string): boolean {
  return labels !== undefined && labels !== null && Object.hasOwn(labels, key);
}

/** nodeLabelsMatchSpreadConstraints: the node carries every constraint's topologyKey. */
function hasAllKeys(labels: Labels | undefined, constraints: readonly ParsedSpreadConstraint[]): boolean {
  for (const c of constraints) if (!hasLabel(labels, c.topologyKey)) return false;
  return true;
}

/** countPodsMatchSelector: same namespace, not terminating, selector matches. */
function countMatching(pods: readonly SpreadExistingPod[], c: ParsedSpreadConstraint, namespace: string): number {
  let n = 0;
  for (const p of pods) if (!p.terminating && p.namespace === namespace && c.matches(p.labels)) n++;
  return n;
}

/** topologyNormalizingWeight. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoreForCount: count × weight + (maxSkew − 1). */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * PreScore. `candidates` are the nodes that passed the filters (each should also be in `allNodes`); `allNodes` is
 * every node of the snapshot with its pods.
 */
export function podTopologySpreadPreScore(
  pod: SpreadPod,
  candidates: readonly SpreadNode[],
  allNodes: readonly SpreadNode[],
): SpreadPreScoreResult {
  if (allNodes.length === 0) return { code: 'Skip' };
  const constraints = parseScheduleAnywayConstraints(pod);
  if (typeof constraints === 'string') {
    return {
      code: 'Error',
      message: `calculating preScoreState: obtaining pod's soft topology spread constraints: ${constraints}`,
    };
  }
  if (constraints.length === 0) return { code: 'Skip' };

  const ignoredNodes = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of candidates) {
    if (!hasAllKeys(node.labels, constraints)) {
      ignoredNodes.add(node.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = node.labels![c.topologyKey]!;
      if (!counts[i]!.has(value)) counts[i]!.set(value, 0);
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(
      c.topologyKey === LABEL_HOSTNAME ? candidates.length - ignoredNodes.size : counts[i]!.size,
    ),
  );

  const affinity = compileRequiredNodeAffinity(pod);
  for (const node of allNodes) {
    if (!hasAllKeys(node.labels, constraints)) continue;
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
      const current = counts[i]!.get(value);
      if (current === undefined) return;
      counts[i]!.set(value, current + countMatching(node.pods, c, pod.namespace));
    });
  }
  return {
    code: 'Success',
    state: { constraints, ignoredNodes, topologyValueToPodCounts: counts, topologyNormalizingWeight: weights },
  };
}

/** Score for one candidate node: the rounded weighted count sum, 0 for an ignored node. */
export function podTopologySpreadRawScore(state: SpreadScoreState, pod: SpreadPod, node: SpreadNode): number {
  if (state.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  state.constraints.forEach((c, i) => {
    if (!hasLabel(node.labels, c.topologyKey)) return;
    const count =
      c.topologyKey === LABEL_HOSTNAME
        ? countMatching(node.pods, c, pod.namespace)
        : (state.topologyValueToPodCounts[i]!.get(node.labels![c.topologyKey]!) ?? 0);
    score += scoreForCount(count, c.maxSkew, state.topologyNormalizingWeight[i]!);
  });
  // math.Round: half away from zero; the score is never negative.
  return Math.round(score);
}

/** NormalizeScore over the candidates' raw scores (aligned with `nodeNames`). Returns a new array. */
export function podTopologySpreadNormalizeScore(
  state: SpreadScoreState,
  nodeNames: readonly string[],
  scores: readonly number[],
): number[] {
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  scores.forEach((s, i) => {
    if (state.ignoredNodes.has(nodeNames[i]!)) return;
    if (s < minScore) minScore = s;
    if (s > maxScore) maxScore = s;
  });
  return scores.map((s, i) => {
    if (state.ignoredNodes.has(nodeNames[i]!)) return 0;
    if (maxScore === 0) return MAX_NODE_SCORE;
    return Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - s)) / maxScore);
  });
}

/**
 * PreScore, Score on each candidate, NormalizeScore. For Skip and Error every candidate gets 0 (a skipped plugin
 * adds nothing to the total; an Error aborts the scheduling cycle upstream, which is the caller's to do).
 */
export function podTopologySpreadScores(
  pod: SpreadPod,
  candidates: readonly SpreadNode[],
  allNodes: readonly SpreadNode[],
): SpreadScoreResult {
  const pre = podTopologySpreadPreScore(pod, candidates, allNodes);
  if (pre.code !== 'Success' || pre.state === undefined) {
    return {
      code: pre.code,
      ...(pre.message !== undefined ? { message: pre.message } : {}),
      scores: candidates.map(() => 0),
    };
  }
  const state = pre.state;
  const raw = candidates.map((n) => podTopologySpreadRawScore(state, pod, n));
  return {
    code: 'Success',
    scores: podTopologySpreadNormalizeScore(
      state,
      candidates.map((n) => n.name),
      raw,
    ),
  };
}
