// TAS's part of flavor assignment (kueue ff69552e pkg/workload IsExplicitlyRequestingTAS, TASFlavorSnapshot.HasLevel,
// flavorassigner.go's TAS step of Assign and UpdateForTASResult): the placement itself is TasPlacement (./placement.ts).
import type { PodSetTopologyRequest } from '../api.js';
import { QUOTA_RESERVED_REASON } from '../api.js';
import type { Assignment } from '../flavor-assigner.js';
import type { InternalTopologyAssignment } from './find-assignment.js';
import { explicitlyRequestsTAS, type TasPlacement, tasFailure } from './placement.js';

/** workload.IsExplicitlyRequestingTAS for one podset (one definition, in ./placement.ts). */
export const isExplicitlyRequestingTAS = explicitlyRequestsTAS;

function sliceConstraints(tr: PodSetTopologyRequest | undefined): { topology: string; size: number }[] {
  if (tr === undefined) return [];
  if ((tr.podsetSliceRequiredTopologyConstraints?.length ?? 0) > 0) return tr.podsetSliceRequiredTopologyConstraints!;
  if (tr.podSetSliceRequiredTopology === undefined) return [];
  return [{ topology: tr.podSetSliceRequiredTopology, size: tr.podSetSliceSize ?? 0 }];
}

/** TASFlavorSnapshot.HasLevel: the requested level (and slice levels) exist in the flavor's topology. */
export function topologyHasLevel(tr: PodSetTopologyRequest | undefined, levels: readonly string[]): boolean {
  if (tr === undefined || levels.length === 0) return false;
  const constraints = sliceConstraints(tr);
  let mainKey: string | undefined;
  if (tr.required !== undefined) mainKey = tr.required;
  else if (tr.preferred !== undefined) mainKey = tr.preferred;
  else if (constraints.length > 0) mainKey = levels[0];
  else if (tr.unconstrained) mainKey = levels[levels.length - 1];
  if (mainKey === undefined) return false;
  const sliceKey = constraints[0]?.topology ?? levels[levels.length - 1]!;
  if (!levels.includes(mainKey) || !levels.includes(sliceKey)) return false;
  return constraints.every((c) => levels.includes(c.topology));
}

/**
 * The TAS step of Assign: with quota Fit, place every TAS podset on the current usage; a failure adds its reason
 * to the podset and turns it into Preempt. In Preempt mode, place on an empty cluster (simulateEmpty): a failure
 * marks the flavor attempt TopologyPlacementFailed and makes the podset NoFit; success makes every TAS podset
 * Preempt (fragmented capacity may need preemption even when quota fits). The placement found in Preempt mode is
 * not kept: the caller places again once it knows the preemption targets (updateAssignmentForTAS).
 */
export function placeTAS(tas: TasPlacement, assignment: Assignment): void {
  const requests = tas.requests(assignment.podSets);
  if (assignment.representativeMode() === 'Fit') {
    const result = tas.find(requests);
    const failure = tasFailure(result);
    if (failure) {
      assignment.podSets.find((p) => p.name === failure.podSet)?.status.reasons.push(failure.failureReason);
      assignment.updateMode(failure.podSet, 'Preempt');
    } else updateForTASResult(assignment, tas, result);
  }
  if (assignment.representativeMode() === 'Preempt') {
    const result = tas.find(requests, { simulateEmpty: true });
    const failure = tasFailure(result);
    if (failure) {
      const ps = assignment.podSets.find((p) => p.name === failure.podSet);
      const att = ps?.flavorAssignmentAttempts.find((a) => a.flavor === failure.flavor);
      if (att) {
        att.mode = 'NoFit';
        att.noFitReason = QUOTA_RESERVED_REASON.TopologyPlacementFailed;
      }
      assignment.updateMode(failure.podSet, 'NoFit');
    } else {
      const names: string[] = [];
      for (const list of requests.values()) for (const r of list) names.push(r.podSet.name);
      assignment.updateModeForPodSets(names, 'Preempt');
    }
  }
}

/** UpdateForTASResult: the podsets' topology assignments, then Usage.TAS recomputed. */
export function updateForTASResult(
  assignment: Assignment,
  tas: TasPlacement,
  result: ReadonlyMap<string, { topologyAssignment?: InternalTopologyAssignment }>,
): void {
  for (const [name, r] of result) {
    const ps = assignment.podSets.find((p) => p.name === name);
    if (!ps) continue;
    if (r.topologyAssignment) ps.topologyAssignment = r.topologyAssignment;
    else delete ps.topologyAssignment;
  }
  assignment.tasUsage = tas.usage(assignment.podSets);
}
