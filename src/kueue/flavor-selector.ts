// Flavor compatibility (spec §1.1; kueue ff69552e flavorassigner.go flavorSelector, taints vs tolerations): whether a
// podset's node selector, affinity and tolerations accept a ResourceFlavor.
import type { NodeSelectorTerm } from '../api/core.js';
import { nodeSelectorMapMatches, nodeSelectorTermParses, nodeSelectorTermsMatch } from '../api/selectors.js';
import type { PodSet } from './api.js';

// ---------------------------------------------------------------------------------------------------------------
// Flavor compatibility (§1.1).

/** Go's %s of a corev1.Taint value: "{key value effect <nil>}" (timeAdded is not modelled). */
export function taintString(t: { key: string; value?: string; effect: string }): string {
  return `{${t.key} ${t.value ?? ''} ${t.effect} <nil>}`;
}

type PodSpecLike = PodSet['template']['spec'];

/**
 * flavorSelector(...).Match(fake node labelled with the flavor's nodeLabels): pod.spec.nodeSelector and the
 * required node affinity, each restricted to the flavor's own label keys. A term that loses all its expressions
 * makes the affinity match anything (terms are ORed); matchFields are dropped. `error` when nothing matched and a
 * kept term does not parse (upstream's LazyErrorNodeSelector error).
 */
export function flavorSelectorMatches(
  spec: PodSpecLike,
  nodeLabels: Readonly<Record<string, string>> | undefined,
): { match: boolean; error?: string } {
  const labels = nodeLabels ?? {};
  const allowed = (k: string) => Object.hasOwn(labels, k);
  let nodeSelector: Record<string, string> | undefined;
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) {
    nodeSelector = {};
    for (const [k, v] of Object.entries(spec.nodeSelector)) if (allowed(k)) nodeSelector[k] = v;
  }
  let terms: NodeSelectorTerm[] | undefined;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    terms = [];
    for (const t of required.nodeSelectorTerms ?? []) {
      const exps = (t.matchExpressions ?? []).filter((e) => allowed(e.key));
      if (exps.length === 0) {
        terms = undefined;
        break;
      }
      terms.push({ matchExpressions: exps });
    }
    if (terms !== undefined && terms.length === 0) terms = undefined;
  }
  if (!nodeSelectorMapMatches(nodeSelector, labels)) return { match: false };
  if (terms === undefined) return { match: true };
  if (nodeSelectorTermsMatch({ nodeSelectorTerms: terms }, labels)) return { match: true };
  if (terms.some((t) => !nodeSelectorTermParses(t))) {
    return { match: false, error: 'the required node affinity of the pod template does not parse' };
  }
  return { match: false };
}
