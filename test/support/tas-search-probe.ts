// What a TAS search answers on a flavor snapshot, for tests that compare a tree kept up to date with one built
// afresh: one pod set of 1-cpu pods preferring a block, at each count, as (failure reason, domains and counts).
import { findTopologyAssignmentsForFlavor, type TasPodSetRequests } from '../../src/kueue/tas/find-assignment.js';
import type { TasFlavorSnapshot } from '../../src/kueue/tas/snapshot.js';

export function searchProbe(s: TasFlavorSnapshot, level: string, counts: readonly number[]): unknown[] {
  return counts.map((count) => {
    const r = findTopologyAssignmentsForFlavor(s, [
      {
        podSet: { name: 'main', topologyRequest: { preferred: level }, template: { spec: {} } },
        singlePodRequests: new Map([['cpu', 1000]]),
        count,
      } as TasPodSetRequests,
    ]).get('main');
    return [r?.failureReason, r?.topologyAssignment?.domains.map((d) => [d.values.join(','), d.count])];
  });
}
