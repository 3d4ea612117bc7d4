// The TAS topology ungater (spec/kueue.md §4.5), after kueue ff69552e pkg/controller/tas/topology_ungater.go:
// pods of an admitted TAS workload are created with the scheduling gate `kueue.x-k8s.io/topology`; the ungater maps
// each gated pod to a domain of its podset's topology assignment and removes the gate while adding the domain's
// level labels to the pod's nodeSelector, so that kube-scheduler places it inside that domain.
//
// Mapping by rank (readRanksForLabels): rank = job-index × pods-per-job + completion-index (podIndexLabel /
// subGroupIndexLabel of the topology request), minus the podset's offset in a podset group (the leader, the smaller
// podset, takes ranks 0..n−1); ranks are laid over the assignment's domains in order, so consecutive ranks share a
// domain. Without usable ranks (a label missing, a conflict, a rank out of range, or an ungated pod whose
// nodeSelector disagrees with its rank's domain) the pods are assigned greedily: each domain takes gated pods until
// it holds its count (assignGatedPodsToDomainsGreedy).
import { mergeMaps } from '../../api/clone.js';
import type { Pod } from '../../api/core.js';
import { podIsTerminal } from '../../api/core.js';
import { type PodSetAssignment, TOPOLOGY_SCHEDULING_GATE, type Workload } from '../api.js';
import { topologyDomains } from '../topology-assignment.js';

interface PodWithDomain {
  pod: Pod;
  values: string[];
}

function hasGate(p: Pod): boolean {
  return (p.spec.schedulingGates ?? []).some((g) => g.name === TOPOLOGY_SCHEDULING_GATE);
}

/** utilpod.ReadUIntFromLabelBelowBound. */
function readIndex(p: Pod, label: string, bound: number): number | undefined {
  const v = p.metadata.labels?.[label];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < bound ? n : undefined;
}

function domainIdOf(levels: readonly string[], selector: Readonly<Record<string, string>> | undefined): string {
  return levels.map((l) => selector?.[l] ?? '').join(',');
}

/**
 * The pods to ungate for one podset assignment, with the level values of their domain. `pods` are the podset's
 * non-terminal pods; `offset` and `maxRank` come from the podset group.
 */
export function assignGatedPodsToDomains(
  psa: PodSetAssignment,
  pods: readonly Pod[],
  tr: { podIndexLabel?: string; subGroupIndexLabel?: string; subGroupCount?: number } | undefined,
  offset: number,
  maxRank: number,
): PodWithDomain[] {
  const ta = psa.topologyAssignment!;
  const domains = topologyDomains(ta);
  const rankToValues: string[][] = [];
  for (const d of domains) for (let i = 0; i < d.count; i++) rankToValues.push(d.values);
  const byRank = readRanks(psa, pods, tr, offset, maxRank, rankToValues, ta.levels);
  if (byRank) {
    const out: PodWithDomain[] = [];
    for (const [rank, pod] of byRank) if (hasGate(pod)) out.push({ pod, values: rankToValues[rank]! });
    return out;
  }
  // Greedy.
  const gated: Pod[] = [];
  const ungatedIn = new Map<string, number>();
  for (const p of pods) {
    if (hasGate(p)) gated.push(p);
    else {
      const id = domainIdOf(ta.levels, p.spec.nodeSelector);
      ungatedIn.set(id, (ungatedIn.get(id) ?? 0) + 1);
    }
  }
  const out: PodWithDomain[] = [];
  for (const d of domains) {
    const remaining = Math.max(d.count - (ungatedIn.get(d.values.join(',')) ?? 0), 0);
    const n = Math.min(remaining, Math.max(gated.length - out.length, 0));
    for (const pod of gated.slice(out.length, out.length + n)) out.push({ pod, values: d.values });
  }
  return out;
}

function readRanks(
  psa: PodSetAssignment,
  pods: readonly Pod[],
  tr: { podIndexLabel?: string; subGroupIndexLabel?: string; subGroupCount?: number } | undefined,
  offset: number,
  maxRank: number,
  rankToValues: readonly string[][],
  levels: readonly string[],
): Map<number, Pod> | undefined {
  if (!tr?.podIndexLabel) return undefined;
  const size = psa.count ?? 1;
  let singleJobSize = size;
  if (tr.subGroupIndexLabel !== undefined) {
    if (!tr.subGroupCount || tr.subGroupCount <= 0) return undefined;
    singleJobSize = Math.trunc(size / tr.subGroupCount);
  }
  const result = new Map<number, Pod>();
  for (const pod of pods) {
    const podIndex = readIndex(pod, tr.podIndexLabel, maxRank);
    if (podIndex === undefined) return undefined;
    let rank = podIndex - offset;
    if (tr.subGroupIndexLabel !== undefined) {
      const jobIndex = readIndex(pod, tr.subGroupIndexLabel, tr.subGroupCount!);
      if (jobIndex === undefined || podIndex >= singleJobSize) return undefined;
      rank = podIndex + jobIndex * singleJobSize - offset;
    }
    if (rank >= size || rank < 0 || result.has(rank)) return undefined;
    result.set(rank, pod);
  }
  for (const [rank, pod] of result) {
    if (rank >= rankToValues.length) return undefined;
    if (hasGate(pod)) continue;
    if (rankToValues[rank]!.join(',') !== domainIdOf(levels, pod.spec.nodeSelector)) return undefined;
  }
  return result;
}

/**
 * Reconcile for one workload: every gated pod of every podset with a topology assignment, as (pod, nodeSelector
 * labels). `podsOf(podSetName)` lists the podset's pods.
 */
export function podsToUngate(
  wl: Workload,
  podsOf: (podSet: string) => readonly Pod[],
): { pod: Pod; nodeLabels: Record<string, string> }[] {
  const admission = wl.status?.admission;
  if (!admission) return [];
  const trOf = new Map(wl.spec.podSets.map((ps) => [ps.name ?? 'main', ps.topologyRequest]));
  const groups = new Map<string, PodSetAssignment[]>();
  admission.podSetAssignments.forEach((psa, i) => {
    const key = trOf.get(psa.name)?.podSetGroupName ?? String(i);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(psa);
  });
  const offsets = new Map<string, number>();
  const maxRank = new Map<string, number>();
  for (const psas of groups.values()) {
    if (psas.length > 1) {
      let [smaller, larger] = [psas[0]!, psas[1]!];
      if ((smaller.count ?? 1) > (larger.count ?? 1)) [smaller, larger] = [larger, smaller];
      offsets.set(smaller.name, 0);
      offsets.set(larger.name, smaller.count ?? 1);
      maxRank.set(smaller.name, smaller.count ?? 1);
      maxRank.set(larger.name, (larger.count ?? 1) + (smaller.count ?? 1));
    } else {
      offsets.set(psas[0]!.name, 0);
      maxRank.set(psas[0]!.name, psas[0]!.count ?? 1);
    }
  }
  const out: { pod: Pod; nodeLabels: Record<string, string> }[] = [];
  for (const psa of admission.podSetAssignments) {
    if (!psa.topologyAssignment) continue;
    const pods = podsOf(psa.name).filter((p) => !podIsTerminal(p));
    const levels = psa.topologyAssignment.levels;
    for (const { pod, values } of assignGatedPodsToDomains(
      psa,
      pods,
      trOf.get(psa.name),
      offsets.get(psa.name) ?? 0,
      maxRank.get(psa.name) ?? 0,
    )) {
      const nodeLabels: Record<string, string> = {};
      levels.forEach((l, i) => {
        nodeLabels[l] = values[i]!;
      });
      out.push({ pod, nodeLabels });
    }
  }
  return out;
}

/** utilpod.Ungate plus the nodeSelector: whether the pod changed. */
export function ungate(pod: Pod, nodeLabels: Readonly<Record<string, string>>): boolean {
  const gates = pod.spec.schedulingGates ?? [];
  const i = gates.findIndex((g) => g.name === TOPOLOGY_SCHEDULING_GATE);
  if (i < 0) return false;
  gates.splice(i, 1);
  if (gates.length === 0) delete pod.spec.schedulingGates;
  // mergeMaps: the spread's keys in its order, without the spread's cost on a selector of a dozen labels.
  pod.spec.nodeSelector = mergeMaps(pod.spec.nodeSelector, nodeLabels);
  return true;
}
