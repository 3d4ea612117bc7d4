// The v1beta2 TopologyAssignment encoding (pkg/util/tas/tas_assignment.go, kueue ff69552e): a list of
// (level values, pod count) domains is stored as slices whose per-level values are either one `universal` string or
// `prefix + roots[i] + suffix`, and whose pod counts are one `universal` number or an `individual` list.
// Upstream chooses among encodings (TASAssignmentsEncodingByHostnamePrefix); the choice "is an implementation
// detail" (V1Beta2From), so encoding here always uses upstream's single compact slice (singleCompactTopologyAssignment-
// Encoding), and decoding accepts any valid encoding.
import type { TopologyAssignment, TopologyAssignmentSlice, TopologyAssignmentSliceLevelValues } from './api.js';

/** One domain of an assignment: a value per level, coarsest first, and its pod count (tas.TopologyDomainAssignment). */
export interface TopologyDomainAssignment {
  values: string[];
  count: number;
}

function valueAt(values: TopologyAssignmentSliceLevelValues, i: number): string {
  if (values.universal !== undefined) return values.universal;
  const ind = values.individual!;
  return (ind.prefix ?? '') + ind.roots[i]! + (ind.suffix ?? '');
}

function countAt(slice: TopologyAssignmentSlice, i: number): number {
  return slice.podCounts.universal ?? slice.podCounts.individual![i]!;
}

/** tas.InternalSeqFrom: the domains in slice order. */
export function topologyDomains(ta: TopologyAssignment | undefined): TopologyDomainAssignment[] {
  const out: TopologyDomainAssignment[] = [];
  if (!ta) return out;
  for (const slice of ta.slices) {
    for (let i = 0; i < slice.domainCount; i++) {
      out.push({ values: ta.levels.map((_, l) => valueAt(slice.valuesPerLevel[l]!, i)), count: countAt(slice, i) });
    }
  }
  return out;
}

/** fillSingleCompactSliceValues: the longest common prefix and suffix, or one universal value. */
function compactValues(strings: readonly string[]): TopologyAssignmentSliceLevelValues {
  let prefix = strings[0]!;
  let suffix = strings[0]!;
  let maxLen = prefix.length;
  let minLen = prefix.length;
  for (const s of strings.slice(1)) {
    minLen = Math.min(minLen, s.length);
    maxLen = Math.max(maxLen, s.length);
    if (s.length < prefix.length) prefix = prefix.slice(0, s.length);
    if (s.length < suffix.length) suffix = suffix.slice(suffix.length - s.length);
    for (let i = 0; i < prefix.length; i++) {
      if (s[i] !== prefix[i]) {
        prefix = prefix.slice(0, i);
        break;
      }
    }
    for (let i = 0; i < suffix.length; i++) {
      if (s[s.length - 1 - i] !== suffix[suffix.length - 1 - i]) {
        suffix = suffix.slice(suffix.length - i);
        break;
      }
    }
  }
  if (prefix.length === maxLen) return { universal: prefix };
  // Common prefix and suffix must not overlap (upstream's example: {"ababa", "aba"}).
  if (prefix.length + suffix.length > minLen) prefix = prefix.slice(0, minLen - suffix.length);
  const individual: { prefix?: string; suffix?: string; roots: string[] } = {
    roots: strings.map((s) => s.slice(prefix.length, s.length - suffix.length)),
  };
  if (prefix.length > 0) individual.prefix = prefix;
  if (suffix.length > 0) individual.suffix = suffix;
  return { individual };
}

/** singleCompactTopologyAssignmentEncoding: no slice for no domains, otherwise one maximally compacted slice. */
export function encodeTopologyAssignment(
  levels: readonly string[],
  domains: readonly TopologyDomainAssignment[],
): TopologyAssignment {
  const out: TopologyAssignment = { levels: [...levels], slices: [] };
  if (domains.length === 0) return out;
  const first = domains[0]!.count;
  const same = domains.every((d) => d.count === first);
  out.slices.push({
    domainCount: domains.length,
    valuesPerLevel: levels.map((_, l) => compactValues(domains.map((d) => d.values[l]!))),
    podCounts: same ? { universal: first } : { individual: domains.map((d) => d.count) },
  });
  return out;
}
