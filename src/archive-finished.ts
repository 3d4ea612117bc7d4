// The `archiveFinished` memory policy (README, "Memory"): a finished JobSet that nothing will act on again — terminal,
// not being deleted, no TTL, every Job finished with no pod left (PodGC'd), its Workload finished — leaves the store
// with its Jobs and Service through Store.archive: no watch event, no record, no write. Upstream keeps such objects
// in the apiserver until something deletes them; the simulator drops them because no output reads them (the result
// keeps each JobSet's record, src/metrics/collector.ts) and a month-long fleet would otherwise hold every one.
import { type Job, jobFinished } from './api/batch.js';
import type { Pod } from './api/core.js';
import { type JobSet, JS } from './api/jobset.js';
import type { KubeObject } from './api/meta.js';
import type { Store } from './engine/store.js';

/**
 * How long after its last pod is gone a JobSet is checked (µs, simulated): long past any reconcile still queued for
 * it (milliseconds to seconds), so none finds it missing where it would have found it finished.
 */
export const ARCHIVE_SETTLE_US = 600e6;

/** Dependents the JobSet may still have when archived: its Workload, which Kueue archives from its onArchive hook. */
const KEEP = new Set(['Workload']);

export class FinishedArchive {
  /** JobSet key → when to check it; in insertion order, which is time order (a re-add moves a key to the end). */
  private readonly due = new Map<string, number>();
  /** JobSets archived so far. */
  archived = 0;

  constructor(
    private readonly store: Store,
    now: () => number,
  ) {
    store.watch<Pod>('Pod', (type, pod) => {
      if (type !== 'DELETED') return;
      const t = now();
      this.sweep(t);
      const js = pod.metadata.labels?.[JS.jobSetName];
      if (js === undefined) return;
      const key = `${pod.metadata.namespace ?? 'default'}/${js}`;
      this.due.delete(key);
      this.due.set(key, t + ARCHIVE_SETTLE_US);
    });
  }

  private sweep(t: number): void {
    for (const [key, at] of this.due) {
      if (at > t) return;
      this.due.delete(key);
      this.tryArchive(key);
    }
  }

  private tryArchive(key: string): void {
    const store = this.store;
    const slash = key.indexOf('/');
    const js = store.get<JobSet>('JobSet', key.slice(0, slash), key.slice(slash + 1));
    if (js === undefined || !js.status.terminalState || js.spec.ttlSecondsAfterFinished !== undefined) return;
    if (js.metadata.deletionTimestamp !== undefined || js.metadata.finalizers?.length) return;
    const children: KubeObject[] = [];
    for (const d of store.dependentsOf(js.metadata.uid)) {
      if (d.metadata.deletionTimestamp !== undefined || d.metadata.finalizers?.length) return;
      if (d.kind === 'Workload') {
        const conds = (d as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions;
        if (!conds?.some((c) => c.type === 'Finished' && c.status === 'True')) return;
      } else if (d.kind === 'Job') {
        if (!jobFinished(d as Job) || store.dependentsOf(d.metadata.uid).length > 0) return;
        children.push(d);
      } else if (d.kind === 'Service') {
        if (store.dependentsOf(d.metadata.uid).length > 0) return;
        children.push(d);
      } else return;
    }
    for (const c of children) store.archive(c);
    if (store.archive(js, KEEP)) this.archived++;
  }
}
