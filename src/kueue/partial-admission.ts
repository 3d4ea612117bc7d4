// Partial admission (kueue ff69552e podset_reducer.go, scheduler.go getInitialAssignments, pkg/workload
// CanBePartiallyAdmitted): the largest reduced podset counts whose flavor assignment fits, or preempts with targets.
import type { PodSet } from './api.js';
import type { Assignment, FlavorAssigner } from './flavor-assigner.js';

/** workload.CanBePartiallyAdmitted: some podset's count exceeds its minCount. */
export function canBePartiallyAdmitted(podSets: readonly Pick<PodSet, 'count' | 'minCount'>[]): boolean {
  return podSets.some((ps) => (ps.count ?? 1) > (ps.minCount ?? ps.count ?? 1));
}

/**
 * PodSetReducer: binary search (Go sort.Search) over t ∈ [0, Σ(count − minCount)] with counts
 * count_i − ⌊delta_i·t/total⌋, for the smallest reduction `fits` accepts. found is false when no podset can be
 * reduced or nothing fits.
 */
export class PodSetReducer<R> {
  private readonly fullCounts: number[];
  private readonly deltas: number[];
  private readonly totalDelta: number;

  constructor(
    podSets: readonly Pick<PodSet, 'count' | 'minCount'>[],
    private readonly fits: (counts: number[]) => { result: R; fits: boolean },
  ) {
    this.fullCounts = podSets.map((ps) => ps.count ?? 1);
    this.deltas = podSets.map((ps) => (ps.count ?? 1) - (ps.minCount ?? ps.count ?? 1));
    this.totalDelta = this.deltas.reduce((s, d) => s + d, 0);
  }

  /** The counts at search index i. */
  countsAt(i: number): number[] {
    const up = BigInt(i);
    const down = BigInt(this.totalDelta);
    return this.deltas.map((d, k) => this.fullCounts[k]! - Number((BigInt(d) * up) / down));
  }

  search(): { result: R | undefined; found: boolean } {
    if (this.totalDelta === 0) return { result: undefined, found: false };
    let lastGoodIdx = 0;
    let lastR: R | undefined;
    let lo = 0;
    let hi = this.totalDelta + 1;
    while (lo < hi) {
      const h = Math.floor((lo + hi) / 2);
      const r = this.fits(this.countsAt(h));
      if (r.fits) {
        lastGoodIdx = h;
        lastR = r.result;
        hi = h;
      } else {
        lo = h + 1;
      }
    }
    return lo === lastGoodIdx ? { result: lastR, found: true } : { result: lastR, found: false };
  }
}

export interface InitialAssignment<T> {
  assignment: Assignment;
  /** Preemption targets from `preemptionTargets` for a Preempt assignment; empty otherwise. */
  targets: T[];
  /** Whether the assignment is for reduced counts. */
  partial: boolean;
}

/**
 * getInitialAssignments without workload slices: the full assignment if it is Fit, or Preempt with targets;
 * otherwise, when PartialAdmission is on and some podset has minCount < count, the largest reduced counts whose
 * assignment is Fit, or Preempt with targets; otherwise the full assignment without targets.
 * `preemptionTargets` stands for Preemptor.GetTargets; without it a Preempt assignment counts as having none.
 */
export function assignWithPartialAdmission<T>(
  assigner: FlavorAssigner,
  podSets: readonly Pick<PodSet, 'count' | 'minCount'>[],
  opts: { partialAdmission?: boolean; preemptionTargets?: (a: Assignment) => T[] } = {},
): InitialAssignment<T> {
  const targetsOf = opts.preemptionTargets ?? (() => []);
  const full = assigner.assign();
  const mode = full.representativeMode();
  if (mode === 'Fit') return { assignment: full, targets: [], partial: false };
  if (mode === 'Preempt') {
    const targets = targetsOf(full);
    if (targets.length > 0) return { assignment: full, targets, partial: false };
  }
  if ((opts.partialAdmission ?? true) && canBePartiallyAdmitted(podSets)) {
    const reducer = new PodSetReducer<{ assignment: Assignment; targets: T[] } | undefined>(podSets, (counts) => {
      const a = assigner.assign(counts);
      const m = a.representativeMode();
      if (m === 'Fit') return { result: { assignment: a, targets: [] }, fits: true };
      if (m === 'Preempt') {
        const targets = targetsOf(a);
        if (targets.length > 0) return { result: { assignment: a, targets }, fits: true };
      }
      return { result: undefined, fits: false };
    });
    const { result, found } = reducer.search();
    if (found && result) return { assignment: result.assignment, targets: result.targets, partial: true };
  }
  return { assignment: full, targets: [], partial: false };
}
