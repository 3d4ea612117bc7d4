// What the runtime's scheduling cycle asks of preemption besides the targets (kueue ff69552e pkg/scheduler):
// the flavor assigner's preemption oracle, run as upstream's (preemption_oracle.go SimulatePreemption: the real
// target search for one FlavorResource, so priorities, policies and Fair Sharing shares count), and the capacity a
// Preempt entry without candidates holds for the rest of the cycle (scheduler.go reserveCapacityForUnreclaimablePreempt,
// quotaResourcesToReserve; preemption/policy.go CanAlwaysReclaim).
import type { AdmittedIndex } from './admitted-index.js';
import type { ClusterQueuePreemption } from './api.js';
import type { Assignment, PreemptionOracle } from './flavor-assigner.js';
import { simulatePreemptionWithTargets } from './preemption.js';
import type {
  AdmittedWorkload,
  FairSharingPreemptionConfig,
  PreemptionInput,
  PreemptionTarget,
  PreemptorWorkload,
} from './preemption-types.js';
import type { FlavorResource, QuotaTree } from './quota.js';

/** CanAlwaysReclaim: only reclaimWithinCohort Any guarantees the ClusterQueue gets lent capacity back. */
export function canAlwaysReclaim(p: ClusterQueuePreemption | undefined): boolean {
  return p?.reclaimWithinCohort === 'Any';
}

/**
 * quotaResourcesToReserve for a Preempt assignment: a borrowing assignment reserves its usage up to
 * nominal + borrowingLimit − the ClusterQueue's usage (all of it without a borrowingLimit), a non-borrowing one up
 * to nominal − usage (never below 0).
 */
export function quotaResourcesToReserve(
  a: Pick<Assignment, 'usage' | 'borrowing'>,
  tree: QuotaTree,
  cq: string,
): Map<FlavorResource, number> {
  const out = new Map<FlavorResource, number>();
  for (const [fr, v] of a.usage) {
    const q = tree.quota(cq, fr);
    const used = tree.usage(cq, fr);
    if (a.borrowing > 0)
      out.set(fr, q.borrowingLimit === undefined ? v : Math.min(v, q.nominal + q.borrowingLimit - used));
    else out.set(fr, Math.max(0, Math.min(v, q.nominal - used)));
  }
  return out;
}

export interface OracleInput {
  /** The workloads holding quota in the preemptor's cohort tree (admitted or being evicted); see `index`. */
  admitted?: readonly AdmittedWorkload[];
  /** The same, indexed (PreemptionInput.index). */
  index?: AdmittedIndex;
  /** The preemptor: its usage is ignored (the simulation asks for one FlavorResource and amount). */
  preemptor: Omit<PreemptorWorkload, 'usage'>;
  preemption: ClusterQueuePreemption | undefined;
  fairSharing?: FairSharingPreemptionConfig;
  /** Admission Fair Sharing orders same-ClusterQueue candidates by LocalQueue usage. */
  admissionFairSharing?: boolean;
  now: number;
  /** Told every search's targets, with the tree's usage version once the search has restored it. */
  searched?: (s: {
    tree: QuotaTree;
    flavorResource: FlavorResource;
    quantity: number;
    version: number;
    targets: PreemptionTarget[];
  }) => void;
}

/**
 * PreemptionOracle.SimulatePreemption for the flavor assigner: getTargets for `quantity` of one FlavorResource on
 * the tree the assigner reads. Two answers need no search, as no candidate can exist: more than the potential
 * availability (no removal makes it fit), or neither withinClusterQueue nor (with a cohort) reclaimWithinCohort
 * allows any candidate.
 */
export function simulationOracle(input: OracleInput): PreemptionOracle {
  // The search's input, built on the first search only (most nominations need none) and shared by the later ones.
  let search: Omit<PreemptionInput, 'frsNeedPreemption'> | undefined;
  return (s) => {
    const { tree, clusterQueue: cq, flavorResource: fr, quantity } = s;
    const within = input.preemption?.withinClusterQueue ?? 'Never';
    const reclaim = input.preemption?.reclaimWithinCohort ?? 'Never';
    const noCandidates =
      quantity > tree.potentialAvailable(cq, fr) ||
      (within === 'Never' && (reclaim === 'Never' || tree.ancestors(cq).length === 0));
    if (noCandidates) {
      return {
        possibility: 'NoCandidates',
        borrowAfterPreemption: tree.lowestSubtreeThatFits(cq, fr, quantity).height,
      };
    }
    if (search === undefined || search.tree !== tree) {
      search = {
        tree,
        preemptor: { ...input.preemptor, usage: new Map() },
        preemption: input.preemption,
        now: input.now,
        admissionFairSharing: input.admissionFairSharing ?? false,
      };
      if (input.admitted) search.admitted = input.admitted;
      if (input.index) search.index = input.index;
      if (input.fairSharing) search.fairSharing = input.fairSharing;
    }
    const r = simulatePreemptionWithTargets(search, fr, quantity);
    input.searched?.({ tree, flavorResource: fr, quantity, version: tree.version, targets: r.targets });
    return { possibility: r.possibility, borrowAfterPreemption: r.borrow };
  };
}
