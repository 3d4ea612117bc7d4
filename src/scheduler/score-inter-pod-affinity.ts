// The InterPodAffinity Score plugin (PreScore + Score + NormalizeScore) over plain data, as in
// kubernetes/kubernetes pkg/scheduler/framework/plugins/interpodaffinity/scoring.go. Pure: nothing here is wired
// into the scheduler; the caller hands in the incoming pod, the candidate nodes and every placed pod.
//
// PreScore (scoring.go PreScore + processExistingPod) builds topologyScore: topologyKey → topology value → int64.
//   - hasConstraints = the incoming pod has at least one PREFERRED pod affinity or anti-affinity term. With
//     ignorePreferredTermsOfExistingPods and no such term, PreScore returns Skip at once (nothing is counted, not
//     even existing pods' required terms).
//   - For every existing pod whose node has at least one label ("if len(existingPodNode.Labels) == 0 return"),
//     each term that matches adds to topologyScore[term.topologyKey][value of that key on the EXISTING pod's
//     node] (only when that node carries the key):
//       * the incoming pod's preferred affinity terms matching the existing pod: +weight;
//       * the incoming pod's preferred anti-affinity terms matching the existing pod: −weight;
//       * the existing pod's REQUIRED affinity terms matching the incoming pod: +hardPodAffinityWeight (only when
//         hardPodAffinityWeight > 0; default 1, v1.DefaultHardPodAffinitySymmetricWeight);
//       * the existing pod's preferred affinity terms matching the incoming pod: +weight;
//       * the existing pod's preferred anti-affinity terms matching the incoming pod: −weight.
//     Without hasConstraints upstream visits only pods with affinity (NodeInfo.PodsWithAffinity); a pod without
//     affinity has no terms, so skipping it changes nothing.
//   - If no term matched anywhere (topologyScore would be empty), PreScore returns Skip: the framework then runs
//     neither Score nor NormalizeScore for the plugin, and it adds nothing to any node's total (returned here as 0
//     for every node).
// Score: Σ over topologyScore's keys that the candidate node carries of topologyScore[key][node's value]
//   (positive for affinity, negative for anti-affinity).
// NormalizeScore: min and max over the scored nodes (starting from MaxInt64 / MinInt64, so all-positive or
//   all-negative lists are scaled too), then score = int64(float64(MaxNodeScore) × (float64(s − min) /
//   float64(max − min))), i.e. float64 arithmetic then truncation toward zero; all 0 when max == min.
//
// Term matching (framework.AffinityTerm.Matches): the pod's namespace is in the term's namespace set, or the term's
// namespaceSelector matches the namespace's labels; and the term's labelSelector matches the pod's labels.
//   - The namespace set is term.namespaces, or the term owner's own namespace when the term has neither namespaces
//     nor a namespaceSelector (getNamespacesFromPodAffinityTerm).
//   - A nil labelSelector or namespaceSelector matches nothing, an empty one ({}) everything
//     (metav1.LabelSelectorAsSelector).
//   - The incoming pod's terms have their namespaceSelector resolved against the namespace lister at PreScore
//     (mergeAffinityTermNamespacesIfNotEmpty): a non-empty selector then selects only namespaces that exist. The
//     existing pods' terms are matched against a snapshot of the incoming pod's namespace labels
//     (GetNamespaceLabelsSnapshot), an empty set when the namespace does not exist.
//   - Namespace labels come from options.namespaceLabels (undefined = the namespace does not exist). The default
//     treats every namespace as existing with only its automatic label kubernetes.io/metadata.name=<name>, as
//     filters.ts termMatches does.
//   - Parse errors: a term of the incoming pod whose labelSelector or namespaceSelector does not parse fails PreScore
//     with Error (upstream: framework.NewPodInfo fails). For an existing pod, upstream's PodInfo drops the whole
//     list (required affinity / preferred affinity / preferred anti-affinity) in which a term fails to parse, and so
//     does this module.
import type { Affinity, LabelSelector, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../api/core.js';
import {
  compileLabelSelector,
  type LabelSelectorMatcher,
  type Labels,
  labelSelectorParses,
  validateLabelSelector,
} from '../api/selectors.js';
import { MAX_NODE_SCORE } from './scores.js';

/** v1.DefaultHardPodAffinitySymmetricWeight: InterPodAffinityArgs.hardPodAffinityWeight's default. */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** The label every namespace carries (v1.LabelMetadataName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The incoming pod: what the plugin reads from it. */
export interface AffinityScorePod {
  namespace: string;
  labels?: Labels;
  affinity?: Affinity;
}

/** A placed (bound or assumed) pod and the labels of the node it is on. */
export interface AffinityExistingPod extends AffinityScorePod {
  nodeLabels?: Labels;
}

/** A candidate (feasible) node to score. */
export interface AffinityScoreNode {
  name: string;
  labels?: Labels;
}

/** InterPodAffinityArgs plus the namespace lister. */
export interface InterPodAffinityScoreOptions {
  /** Default 1 (DEFAULT_HARD_POD_AFFINITY_WEIGHT); 0 disables counting existing pods' required affinity terms. */
  hardPodAffinityWeight?: number;
  /** Default false. */
  ignorePreferredTermsOfExistingPods?: boolean;
  /**
   * The labels of a namespace, undefined when it does not exist. Default: every namespace exists with only
   * kubernetes.io/metadata.name=<name>.
   */
  namespaceLabels?: (namespace: string) => Labels | undefined;
}

/** The framework status of PreScore: Skip means the plugin does not score this pod at all. */
export type InterPodAffinityScoreCode = 'Success' | 'Skip' | 'Error';

/** preScoreState.topologyScore: topologyKey → topology value → summed weight. */
export interface InterPodAffinityScoreState {
  readonly topologyScore: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface InterPodAffinityPreScoreResult {
  code: InterPodAffinityScoreCode;
  /** The error, for code Error. */
  message?: string;
  /** Present for code Success. */
  state?: InterPodAffinityScoreState;
}

export interface InterPodAffinityScoreResult {
  code: InterPodAffinityScoreCode;
  message?: string;
  /** The normalised scores, aligned with the candidate nodes; all 0 unless code is Success. */
  scores: number[];
}

/** The incoming or existing pod's view of a core Pod (namespace defaults to 'default'). */
export function affinityScorePod(pod: Pod): AffinityScorePod {
  return {
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels,
    affinity: pod.spec.affinity,
  };
}

function defaultNamespaceLabels(namespace: string): Labels {
  return { [NAMESPACE_NAME_LABEL]: namespace };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsed terms (framework.AffinityTerm / WeightedAffinityTerm)

interface ParsedTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly nsSelector: LabelSelectorMatcher;
  readonly selector: LabelSelectorMatcher;
  readonly topologyKey: string;
  readonly weight: number;
}

function selectorError(sel: LabelSelector | undefined, path: string): string | undefined {
  if (sel === undefined || sel === null || labelSelectorParses(sel)) return undefined;
  const errs = validateLabelSelector(sel, path);
  return errs.length > 0 ? errs.join('; ') : `${path}: invalid label selector`;
}

/** newAffinityTerm: the parsed term, or the parse error. */
function parseTerm(ownerNamespace: string, term: PodAffinityTerm, weight: number): ParsedTerm | string {
  const err =
    selectorError(term.labelSelector, 'labelSelector') ?? selectorError(term.namespaceSelector, 'namespaceSelector');
  if (err !== undefined) return err;
  const listed = term.namespaces ?? [];
  const nsSelectorSet = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  const namespaces = new Set(listed.length === 0 && !nsSelectorSet ? [ownerNamespace] : listed);
  return {
    namespaces,
    nsSelector: compileLabelSelector(term.namespaceSelector),
    selector: compileLabelSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    weight,
  };
}

/** getAffinityTerms / getWeightedAffinityTerms: all terms, or the first parse error. */
function parseTerms(
  ownerNamespace: string,
  terms: readonly PodAffinityTerm[] | undefined,
  weight: number,
): ParsedTerm[] | string {
  const out: ParsedTerm[] = [];
  for (const t of terms ?? []) {
    const p = parseTerm(ownerNamespace, t, weight);
    if (typeof p === 'string') return p;
    out.push(p);
  }
  return out;
}

function parseWeightedTerms(
  ownerNamespace: string,
  terms: readonly WeightedPodAffinityTerm[] | undefined,
): ParsedTerm[] | string {
  const out: ParsedTerm[] = [];
  for (const t of terms ?? []) {
    const p = parseTerm(ownerNamespace, t.podAffinityTerm, t.weight);
    if (typeof p === 'string') return p;
    out.push(p);
  }
  return out;
}

/** An existing pod's terms as its PodInfo holds them; required terms carry weight 1 (the caller scales them). */
interface ExistingTerms {
  readonly required: readonly ParsedTerm[];
  readonly preferredAffinity: readonly ParsedTerm[];
  readonly preferredAntiAffinity: readonly ParsedTerm[];
}

const NO_TERMS: ExistingTerms = { required: [], preferredAffinity: [], preferredAntiAffinity: [] };

// Pod affinity is immutable once the pod exists, so an existing pod's parsed terms are cached per affinity object
// and namespace; the cache does not keep pods alive.
const existingTermsCache = new WeakMap<Affinity, Map<string, ExistingTerms>>();

function orEmpty(terms: ParsedTerm[] | string): readonly ParsedTerm[] {
  return typeof terms === 'string' ? [] : terms;
}

function existingTerms(pod: AffinityScorePod): ExistingTerms {
  const a = pod.affinity;
  if (a === undefined || a === null) return NO_TERMS;
  let byNs = existingTermsCache.get(a);
  if (byNs === undefined) {
    byNs = new Map();
    existingTermsCache.set(a, byNs);
  }
  let terms = byNs.get(pod.namespace);
  if (terms === undefined) {
    terms = {
      required: orEmpty(parseTerms(pod.namespace, a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, 1)),
      preferredAffinity: orEmpty(
        parseWeightedTerms(pod.namespace, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      ),
      preferredAntiAffinity: orEmpty(
        parseWeightedTerms(pod.namespace, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      ),
    };
    byNs.set(pod.namespace, terms);
  }
  return terms;
}

/**
 * AffinityTerm.Matches. `nsLabels` is the target namespace's labels, undefined when it does not exist;
 * `nsMissingMatchesAsEmpty` says whether a missing namespace is matched as an empty label set (existing pods' terms,
 * GetNamespaceLabelsSnapshot) or never selected (the incoming pod's terms, merged through the namespace lister).
 */
function termMatches(
  t: ParsedTerm,
  namespace: string,
  labels: Labels | undefined,
  nsLabels: Labels | undefined,
  nsMissingMatchesAsEmpty: boolean,
): boolean {
  let nsOk = t.namespaces.has(namespace);
  if (!nsOk) {
    if (t.nsSelector.kind === 'everything') nsOk = true;
    else if (t.nsSelector.kind === 'requirements' && (nsLabels !== undefined || nsMissingMatchesAsEmpty)) {
      nsOk = t.nsSelector.matches(nsLabels);
    }
  }
  return nsOk && t.selector.matches(labels);
}

function hasAnyLabel(labels: Labels | undefined): labels is Labels {
  if (labels === undefined || labels === null) return false;
  for (const k in labels) if (Object.hasOwn(labels, k)) return true;
  return false;
}

/** scoreMap.processTerm: adds weight × multiplier at the node's value of the term's key, if it has that key. */
function add(
  scores: Map<string, Map<string, number>>,
  t: ParsedTerm,
  weight: number,
  nodeLabels: Labels,
  multiplier: number,
): void {
  if (!Object.hasOwn(nodeLabels, t.topologyKey)) return;
  const value = nodeLabels[t.topologyKey]!;
  let byValue = scores.get(t.topologyKey);
  if (byValue === undefined) {
    byValue = new Map();
    scores.set(t.topologyKey, byValue);
  }
  byValue.set(value, (byValue.get(value) ?? 0) + weight * multiplier);
}

// ---------------------------------------------------------------------------------------------------------------
// PreScore, Score, NormalizeScore

/**
 * PreScore over every placed pod (upstream visits every node of the snapshot and its pods; here the pods come with
 * their node's labels). The order of `existingPods` does not matter.
 */
export function interPodAffinityPreScore(
  pod: AffinityScorePod,
  existingPods: readonly AffinityExistingPod[],
  options: InterPodAffinityScoreOptions = {},
): InterPodAffinityPreScoreResult {
  const hardWeight = options.hardPodAffinityWeight ?? DEFAULT_HARD_POD_AFFINITY_WEIGHT;
  const nsLabelsOf = options.namespaceLabels ?? defaultNamespaceLabels;
  const preferredAffinity = pod.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  const preferredAnti = pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  const hasConstraints = (preferredAffinity?.length ?? 0) > 0 || (preferredAnti?.length ?? 0) > 0;
  if (options.ignorePreferredTermsOfExistingPods && !hasConstraints) return { code: 'Skip' };

  // framework.NewPodInfo(pod): the incoming pod's own terms; any parse error fails PreScore.
  const own = parseWeightedTerms(pod.namespace, preferredAffinity);
  if (typeof own === 'string') return { code: 'Error', message: `failed to parse pod: ${own}` };
  const ownAnti = parseWeightedTerms(pod.namespace, preferredAnti);
  if (typeof ownAnti === 'string') return { code: 'Error', message: `failed to parse pod: ${ownAnti}` };
  const incomingNsLabels = nsLabelsOf(pod.namespace);

  const topologyScore = new Map<string, Map<string, number>>();
  for (const existing of existingPods) {
    const a = existing.affinity;
    const withAffinity =
      a !== undefined && a !== null && ((a.podAffinity ?? null) !== null || (a.podAntiAffinity ?? null) !== null);
    if (!hasConstraints && !withAffinity) continue;
    const nodeLabels = existing.nodeLabels;
    if (!hasAnyLabel(nodeLabels)) continue;

    if (own.length > 0 || ownAnti.length > 0) {
      const nsLabels = nsLabelsOf(existing.namespace);
      for (const t of own) {
        if (termMatches(t, existing.namespace, existing.labels, nsLabels, false))
          add(topologyScore, t, t.weight, nodeLabels, 1);
      }
      for (const t of ownAnti) {
        if (termMatches(t, existing.namespace, existing.labels, nsLabels, false))
          add(topologyScore, t, t.weight, nodeLabels, -1);
      }
    }
    if (!withAffinity) continue;

    const terms = existingTerms(existing);
    if (hardWeight > 0) {
      for (const t of terms.required) {
        if (termMatches(t, pod.namespace, pod.labels, incomingNsLabels, true))
          add(topologyScore, t, hardWeight, nodeLabels, 1);
      }
    }
    for (const t of terms.preferredAffinity) {
      if (termMatches(t, pod.namespace, pod.labels, incomingNsLabels, true))
        add(topologyScore, t, t.weight, nodeLabels, 1);
    }
    for (const t of terms.preferredAntiAffinity) {
      if (termMatches(t, pod.namespace, pod.labels, incomingNsLabels, true))
        add(topologyScore, t, t.weight, nodeLabels, -1);
    }
  }
  if (topologyScore.size === 0) return { code: 'Skip' };
  return { code: 'Success', state: { topologyScore } };
}

/** Score: the sum, over the topology keys the node carries, of topologyScore[key][node's value]. */
export function interPodAffinityRawScore(state: InterPodAffinityScoreState, nodeLabels: Labels | undefined): number {
  if (nodeLabels === undefined || nodeLabels === null) return 0;
  let score = 0;
  for (const [key, byValue] of state.topologyScore) {
    if (!Object.hasOwn(nodeLabels, key)) continue;
    score += byValue.get(nodeLabels[key]!) ?? 0;
  }
  return score;
}

/**
 * NormalizeScore: min–max scaling to 0..MAX_NODE_SCORE in float64, truncated toward zero; all 0 when every score
 * is the same. (Upstream returns the scores unchanged when topologyScore is empty, which cannot happen after a
 * Success PreScore.) Returns a new array.
 */
export function interPodAffinityNormalizeScore(scores: readonly number[]): number[] {
  let minCount = Number.POSITIVE_INFINITY;
  let maxCount = Number.NEGATIVE_INFINITY;
  for (const s of scores) {
    if (s > maxCount) maxCount = s;
    if (s < minCount) minCount = s;
  }
  const diff = maxCount - minCount;
  return scores.map((s) => (diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s - minCount) / diff)) : 0));
}

/**
 * PreScore, Score on each candidate node, NormalizeScore. For Skip and Error every node gets 0 (a skipped plugin
 * adds nothing to the total; an Error aborts the scheduling cycle upstream, which is the caller's to do).
 */
export function interPodAffinityScores(
  pod: AffinityScorePod,
  nodes: readonly AffinityScoreNode[],
  existingPods: readonly AffinityExistingPod[],
  options: InterPodAffinityScoreOptions = {},
): InterPodAffinityScoreResult {
  const pre = interPodAffinityPreScore(pod, existingPods, options);
  if (pre.code !== 'Success' || pre.state === undefined) {
    return {
      code: pre.code,
      ...(pre.message !== undefined ? { message: pre.message } : {}),
      scores: nodes.map(() => 0),
    };
  }
  const state = pre.state;
  const raw = nodes.map((n) => interPodAffinityRawScore(state, n.labels));
  return { code: 'Success', scores: interPodAffinityNormalizeScore(raw) };
}
