// TAS requests from pod template annotations (spec/kueue.md §4.2), after kueue ff69552e
// pkg/controller/jobframework/tas.go (podSetTopologyRequestBuilder.Build) and pkg/util/tas IsTAS.
import type { Pod } from '../../api/core.js';
import { type PodSetTopologyRequest, type PodsetSliceRequiredTopologyConstraint, TAS_ANNOTATIONS } from '../api.js';

export interface TopologyRequestIndexes {
  podIndexLabel?: string;
  subGroupIndexLabel?: string;
  subGroupCount?: number;
}

/** strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * podSetTopologyRequestBuilder.Build: required, else preferred, else unconstrained; the slice layer (the
 * multi-layer JSON list, else slice-required-topology + slice-size); the index labels; podset-group-name only with
 * required/preferred. Undefined when nothing asks for TAS and no index labels are given; an error text (upstream's
 * parse error) when an annotation does not parse.
 */
export function topologyRequestFromAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  indexes: TopologyRequestIndexes = {},
): { request?: PodSetTopologyRequest; error?: string } {
  const a = annotations ?? {};
  const tr: PodSetTopologyRequest = {};
  const required = a[TAS_ANNOTATIONS.required];
  const preferred = a[TAS_ANNOTATIONS.preferred];
  const unconstrained = a[TAS_ANNOTATIONS.unconstrained];
  const sliceTopology = a[TAS_ANNOTATIONS.sliceRequired];
  const sliceSize = a[TAS_ANNOTATIONS.sliceSize];
  const constraintsJSON = a[TAS_ANNOTATIONS.sliceRequiredConstraints];
  if (required !== undefined) tr.required = required;
  else if (preferred !== undefined) tr.preferred = preferred;
  else if (unconstrained !== undefined) {
    const b = parseBool(unconstrained);
    if (b === undefined)
      return { error: `strconv.ParseBool: parsing ${JSON.stringify(unconstrained)}: invalid syntax` };
    tr.unconstrained = b;
  } else {
    const hasSliceLayer = (sliceTopology !== undefined && sliceSize !== undefined) || constraintsJSON !== undefined;
    if (!hasSliceLayer && indexes.podIndexLabel === undefined && indexes.subGroupIndexLabel === undefined) return {};
  }
  if (constraintsJSON !== undefined) {
    let constraints: PodsetSliceRequiredTopologyConstraint[];
    try {
      constraints = JSON.parse(constraintsJSON) as PodsetSliceRequiredTopologyConstraint[];
    } catch (e) {
      return { error: `failed to parse multi-layer topology constraints annotation: ${(e as Error).message}` };
    }
    if (!Array.isArray(constraints) || constraints.length === 0 || constraints.length > 3) {
      const n = Array.isArray(constraints) ? constraints.length : 0;
      return { error: `topology constraints must contain between 1 and 3 entries: got ${n}` };
    }
    tr.podsetSliceRequiredTopologyConstraints = constraints;
  } else if (sliceTopology !== undefined && sliceSize !== undefined) {
    const size = /^[+-]?\d+$/.test(sliceSize) ? Number(sliceSize) : Number.NaN;
    if (!Number.isInteger(size) || size > 2147483647 || size < -2147483648)
      return { error: `strconv.ParseInt: parsing ${JSON.stringify(sliceSize)}: invalid syntax` };
    tr.podSetSliceRequiredTopology = sliceTopology;
    tr.podSetSliceSize = size;
  }
  if (indexes.podIndexLabel !== undefined) tr.podIndexLabel = indexes.podIndexLabel;
  if (indexes.subGroupCount !== undefined) tr.subGroupCount = indexes.subGroupCount;
  if (indexes.subGroupIndexLabel !== undefined) tr.subGroupIndexLabel = indexes.subGroupIndexLabel;
  const group = a[TAS_ANNOTATIONS.podSetGroupName];
  if (group !== undefined && (required !== undefined || preferred !== undefined)) tr.podSetGroupName = group;
  return { request: tr };
}

/** utiltas.IsTAS: the pod carries a TAS annotation (explicit, or the unconstrained one Kueue injects when implied). */
export function isTASPod(pod: Pick<Pod, 'metadata'>): boolean {
  const a = pod.metadata.annotations;
  if (!a) return false;
  return (
    a[TAS_ANNOTATIONS.required] !== undefined ||
    a[TAS_ANNOTATIONS.preferred] !== undefined ||
    a[TAS_ANNOTATIONS.unconstrained] !== undefined ||
    a[TAS_ANNOTATIONS.sliceRequired] !== undefined ||
    a[TAS_ANNOTATIONS.sliceRequiredConstraints] !== undefined
  );
}
