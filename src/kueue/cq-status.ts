// Kueue's ClusterQueue status (for a snapshot), the result's series.kueue and metrics.kueue.
import type { SeriesRecorder } from '../metrics/series.js';
import { clusterQueueInactiveMessage } from './api.js';
import { formatAmount } from './flavor-assigner.js';
import type { KueueState } from './kueue-state.js';
import { splitFlavorResource } from './quota.js';
import { KueueSeries } from './series.js';
import type { KueueStats } from './stats.js';

/**
 * A ClusterQueue's status as Kueue's cache writes it (pendingWorkloads, reservingWorkloads, admittedWorkloads,
 * flavorsReservation, flavorsUsage, the Active condition), for a snapshot.
 */
export function clusterQueueStatus(k: KueueState, name: string, nowSeconds: number): Record<string, unknown> {
  let pending = 0;
  let reserving = 0;
  let admitted = 0;
  for (const t of k.byKey.values()) {
    if (t.cq !== name) continue;
    if (t.phase === 'pending' || t.phase === 'inadmissible') pending++;
    else if (t.phase === 'admitted' || t.phase === 'evicting') {
      reserving++;
      if (t.phase === 'admitted' && !t.awaitingChecks) admitted++;
    }
  }
  const byFlavor = new Map<string, { name: string; total: string; borrowed: string }[]>();
  const node = k.tree.clusterQueue(name);
  for (const fr of node ? node.quotas.keys() : []) {
    const { flavor, resource } = splitFlavorResource(fr);
    const used = k.tree.usage(name, fr);
    const borrowed = Math.max(0, used - k.tree.quota(name, fr).nominal);
    const list = byFlavor.get(flavor) ?? [];
    list.push({ name: resource, total: formatAmount(resource, used), borrowed: formatAmount(resource, borrowed) });
    byFlavor.set(flavor, list);
  }
  const flavors = [...byFlavor].map(([f, resources]) => ({ name: f, resources }));
  const active = !k.inactive.has(name);
  return {
    conditions: [
      {
        type: 'Active',
        status: active ? 'True' : 'False',
        reason: active ? 'Ready' : 'AdmissionCheckNotFound',
        message: active ? 'Can admit new workloads' : clusterQueueInactiveMessage(name),
        lastTransitionTime: Math.min(0, nowSeconds),
      },
    ],
    pendingWorkloads: pending,
    reservingWorkloads: reserving,
    admittedWorkloads: admitted,
    flavorsReservation: flavors,
    flavorsUsage: flavors,
  };
}

/** Records the result's `series.kueue` from now on (src/kueue/series.ts). */
export function recordSeries(k: KueueState, rec: SeriesRecorder): void {
  const series = new KueueSeries(rec, k.objs.config.fairSharing ? { weights: k.weights } : undefined);
  series.init(k.tree, [...k.queues.keys()]);
  k.stats.series = series;
  if (k.afs) {
    k.afs.onUsage = (cq, lq, usage) => series.localQueueUsage(cq, lq, usage);
    k.afs.reportAll();
  }
}

/** The result's metrics.kueue. */
export function summary(k: KueueState, endUs: number): ReturnType<KueueStats['summary']> {
  return k.stats.summary(endUs, k.tree);
}
