// The scheduler side of TAS for one workload in one ClusterQueue (kueue ff69552e pkg/scheduler/flavorassigner
// tas_flavorassigner.go WorkloadsTopologyRequests / podSetTopologyRequest / onlyTASFlavor / isTASImplied,
// flavorassigner.go UpdateForTASResult / ComputeTASNetUsage, pkg/cache/scheduler clusterqueue_snapshot.go
// FindTopologyAssignmentsForWorkload and Fits).
import { podRequests } from '../../api/quantity.js';
import type { PodSet } from '../api.js';
import type { TasCache } from './cache.js';
import {
  findTopologyAssignmentsForFlavor,
  type InternalTopologyAssignment,
  type TasPodSetRequests,
} from './find-assignment.js';
import type { DomainRequests } from './snapshot.js';

/** Per TAS flavor, the (domain, pods) usage of a workload: what it holds in the TAS cache once admitted. */
export type TasUsage = Map<string, DomainRequests[]>;

/** What placement reads of a flavor-assigner podset result. */
export interface PlacedPodSet {
  name: string;
  count: number;
  flavors: ReadonlyMap<string, { name: string }>;
  status: { error?: string };
  topologyAssignment?: InternalTopologyAssignment;
}

export interface TasResult {
  topologyAssignment?: InternalTopologyAssignment;
  failureReason: string;
  flavor: string;
}

/** workload.IsExplicitlyRequestingTAS for one podset. */
export function explicitlyRequestsTAS(ps: Pick<PodSet, 'topologyRequest'>): boolean {
  const tr = ps.topologyRequest;
  return (
    tr !== undefined &&
    (tr.unconstrained !== undefined ||
      tr.required !== undefined ||
      tr.preferred !== undefined ||
      tr.podSetSliceRequiredTopology !== undefined ||
      tr.podSetSliceSize !== undefined ||
      (tr.podsetSliceRequiredTopologyConstraints?.length ?? 0) > 0)
  );
}

/** What placement reads of a podset, kept per podset object (a Workload's podsets do not change). */
interface PodSetShape {
  /** The pod template's requests (not the quota ones), shared read-only by every request and usage built from it. */
  singlePodRequests: ReadonlyMap<string, number>;
  /** TasPodSetRequests.shapeKey. */
  key: string;
  /** TasPodSetRequests.shapeId: one small number per distinct `key` (the memo keys are built from it per call). */
  id: number;
  explicit: boolean;
  /** The request's `podSet` part, built once (under the assignment's podset name, which is the podset's own). */
  podSet: TasPodSetRequests['podSet'] | undefined;
}

const shapes = new WeakMap<PodSet, PodSetShape>();
/** Shape text → id, for the run (a handful of distinct shapes). */
const shapeIds = new Map<string, number>();

function shapeOf(ps: PodSet): PodSetShape {
  let shape = shapes.get(ps);
  if (!shape) {
    const spec = ps.template.spec;
    const single = podRequests(spec);
    const key = JSON.stringify([
      ps.topologyRequest ?? null,
      spec.tolerations ?? null,
      spec.nodeSelector ?? null,
      spec.affinity ?? null,
      [...single],
    ]);
    let id = shapeIds.get(key);
    if (id === undefined) shapeIds.set(key, (id = shapeIds.size + 1));
    shape = { singlePodRequests: single, key, id, explicit: explicitlyRequestsTAS(ps), podSet: undefined };
    shapes.set(ps, shape);
  }
  return shape;
}

export class TasPlacement {
  /** shapeOf per podset, looked up on first use (requests and usage run several times per nomination). */
  private readonly shapes: (PodSetShape | undefined)[] = [];

  constructor(
    private readonly cache: TasCache,
    private readonly podSets: readonly PodSet[],
    /** Every flavor of the ClusterQueue is a TAS flavor (ClusterQueueSnapshot.IsTASOnly). */
    private readonly tasOnly: boolean,
  ) {}

  private shape(i: number): PodSetShape {
    let s = this.shapes[i];
    if (s === undefined) this.shapes[i] = s = shapeOf(this.podSets[i]!);
    return s;
  }

  /** isTASRequested: explicitly, or implied by a TAS-only ClusterQueue. */
  requested(ps: PodSet): boolean {
    return explicitlyRequestsTAS(ps) || this.tasOnly;
  }

  /** Whether any podset asks for TAS (updateAssignmentForTAS's precondition). */
  any(): boolean {
    if (this.tasOnly) return this.podSets.length > 0;
    for (let i = 0; i < this.podSets.length; i++) if (this.shape(i).explicit) return true;
    return false;
  }

  /**
   * WorkloadsTopologyRequests: per TAS flavor, the requests of every podset that wants TAS, has flavors, a count
   * above 0 and no topology assignment yet. The single-pod requests are the pod template's (not the quota ones).
   */
  requests(assigned: readonly PlacedPodSet[]): Map<string, TasPodSetRequests[]> {
    const out = new Map<string, TasPodSetRequests[]>();
    for (let i = 0; i < this.podSets.length; i++) {
      const shape = this.shape(i);
      if (!shape.explicit && !this.tasOnly) continue;
      const psa = assigned[i];
      if (!psa || psa.status.error !== undefined || psa.count === 0 || psa.topologyAssignment) continue;
      const flavor = this.onlyTASFlavor(psa);
      if (flavor === undefined) continue;
      const ps = this.podSets[i]!;
      let podSet = shape.podSet;
      if (podSet === undefined || podSet.name !== psa.name) {
        podSet = {
          name: psa.name,
          ...(ps.topologyRequest ? { topologyRequest: ps.topologyRequest } : {}),
          template: ps.template as TasPodSetRequests['podSet']['template'],
        };
        shape.podSet = podSet;
      }
      const group = ps.topologyRequest?.podSetGroupName;
      // One object shape for every request (the optional group name is undefined when absent).
      const req: TasPodSetRequests = {
        podSet,
        singlePodRequests: shape.singlePodRequests,
        shapeKey: shape.key,
        shapeId: shape.id,
        count: psa.count,
        implied: !shape.explicit && this.tasOnly,
        podSetGroupName: group,
      };
      let list = out.get(flavor);
      if (!list) out.set(flavor, (list = []));
      list.push(req);
    }
    return out;
  }

  /** onlyTASFlavor: the one TAS flavor among the podset's flavors (undefined when none, or several). */
  private onlyTASFlavor(psa: PlacedPodSet): string | undefined {
    let only: string | undefined;
    for (const fa of psa.flavors.values()) {
      if (!this.cache.isTASFlavor(fa.name) || fa.name === only) continue;
      if (only !== undefined) return undefined;
      only = fa.name;
    }
    return only;
  }

  /** FindTopologyAssignmentsForWorkload: the flavors in name order, each podset's result tagged with its flavor. */
  find(
    requests: ReadonlyMap<string, TasPodSetRequests[]>,
    opts: { simulateEmpty?: boolean } = {},
  ): Map<string, TasResult> {
    const result = new Map<string, TasResult>();
    const flavors = requests.size === 1 ? requests.keys() : [...requests.keys()].sort();
    for (const flavor of flavors) {
      const snap = this.cache.snapshot(flavor);
      if (!snap) continue;
      for (const [ps, r] of findTopologyAssignmentsForFlavor(snap, requests.get(flavor)!, opts)) {
        const ta = r.topologyAssignment;
        result.set(
          ps,
          ta
            ? { topologyAssignment: ta, failureReason: r.failureReason, flavor }
            : { failureReason: r.failureReason, flavor },
        );
      }
    }
    return result;
  }

  /** ComputeTASNetUsage (no previous admission): per flavor, each domain's pods with the template's requests. */
  usage(assigned: readonly PlacedPodSet[]): TasUsage {
    const out: TasUsage = new Map();
    for (const psa of assigned) {
      if (!psa.topologyAssignment) continue;
      const i = this.podSets.findIndex((p) => (p.name ?? 'main') === psa.name);
      const flavor = this.onlyTASFlavor(psa);
      if (i < 0 || flavor === undefined) continue;
      const single = this.shape(i).singlePodRequests;
      let list = out.get(flavor);
      if (!list) out.set(flavor, (list = []));
      for (const d of psa.topologyAssignment.domains)
        list.push({ values: d.values, singlePodRequests: single, count: d.count });
    }
    return out;
  }
}

/** TASResult.Failure: the first podset with a failure reason. */
export function tasFailure(result: ReadonlyMap<string, TasResult>): ({ podSet: string } & TasResult) | undefined {
  for (const [podSet, r] of result) if (r.failureReason) return { podSet, ...r };
  return undefined;
}

/** ClusterQueueSnapshot.Fits, the TAS half: every flavor's domains still hold the pods. */
export function tasFits(cache: TasCache, usage: TasUsage | undefined): boolean {
  for (const [flavor, domains] of usage ?? []) {
    const snap = cache.snapshot(flavor);
    if (!snap?.fits(domains)) return false;
  }
  return true;
}

/** Adds (1) or removes (−1) a workload's TAS usage in the cache. */
export function applyTasUsage(cache: TasCache, usage: TasUsage | undefined, sign: 1 | -1): void {
  for (const [flavor, domains] of usage ?? []) cache.updateUsage(flavor, domains, sign);
}
