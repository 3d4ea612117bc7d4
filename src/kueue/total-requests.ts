// workload.TotalRequests kept per Workload: the flavor assignment of every nomination starts from it, and parsing the
// pod template's requests again each time was a fifth of a nomination's own cost (large-scale: 2.6 nominations per
// admission). A Workload's podSets never change once it exists; the reclaimable pods (status) are the only other
// input, so the entry is kept while the Workload's status holds the same reclaimablePods list.
import { type PodSetResources, type WorkloadLike, workloadTotalRequests } from './assignment.js';

interface Entry {
  /** The reclaimablePods list the value was computed with (by identity: the simulator replaces, never edits it). */
  reclaimable: readonly { name: string; count: number }[] | undefined;
  value: readonly PodSetResources[];
}

const cache = new WeakMap<WorkloadLike, Entry>();

/**
 * workloadTotalRequests(wl) (ReclaimablePods on), computed once per Workload and reclaimablePods list. The result is
 * shared: read only (FlavorAssigner copies what it changes).
 */
export function totalRequestsOf(wl: WorkloadLike): readonly PodSetResources[] {
  const reclaimable = wl.status?.reclaimablePods;
  const hit = cache.get(wl);
  if (hit !== undefined && hit.reclaimable === reclaimable) return hit.value;
  const value = workloadTotalRequests(wl);
  cache.set(wl, { reclaimable, value });
  return value;
}
