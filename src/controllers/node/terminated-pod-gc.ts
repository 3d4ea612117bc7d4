// kube-controller-manager's PodGC, gcTerminated (pkg/controller/podgc/gc_controller.go): every gcCheckPeriod, when
// the cluster holds more terminated pods (phase Succeeded or Failed) than `--terminated-pod-gc-threshold` (default
// 12,500; 0 disables), the surplus is force-deleted, evicted pods first, then oldest creationTimestamp, then name
// (byEvictionAndCreationTimestamp). Besides fidelity this bounds the memory of a long run: without it every finished
// pod of a month-long fleet stays in the store.
//
// The pass is scheduled only while the count is above the threshold, on the next multiple of the check period (the
// `podGC` latency, 20 s): upstream's loop runs every period, and a pass below the threshold does nothing.
import { type Pod, podIsTerminal } from '../../api/core.js';
import { BinaryHeap } from '../../engine/binary-heap.js';
import { Phase } from '../../engine/simulator.js';
import type { ControllerContext } from '../context.js';

/** kube-controller-manager's `--terminated-pod-gc-threshold` default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

interface Entry {
  pod: Pod;
  evicted: boolean;
  created: number;
  name: string;
}

/** byEvictionAndCreationTimestamp: evicted first, then creationTimestamp, then name. */
function before(a: Entry, b: Entry): boolean {
  if (a.evicted !== b.evicted) return a.evicted;
  if (a.created !== b.created) return a.created < b.created;
  return a.name < b.name;
}

export class TerminatedPodGC {
  /** Terminated pods in the store, by uid. */
  private readonly terminated = new Map<string, Entry>();
  /** Binary heap of entries in deletion order; entries of pods gone from `terminated` are skipped when popped. */
  private readonly heap = new BinaryHeap<Entry>(before);
  private pending = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly threshold: number,
  ) {
    if (threshold <= 0) return;
    ctx.store.watch<Pod>('Pod', (type, pod) => {
      const uid = pod.metadata.uid;
      if (type === 'DELETED') {
        // The heap's entry stays until popped; rebuilt when mostly stale, so deleted pods are not retained.
        if (this.terminated.delete(uid) && this.heap.size > 2 * this.terminated.size + 1024) this.rebuild();
        return;
      }
      if (!podIsTerminal(pod) || this.terminated.has(uid)) return;
      const e: Entry = {
        pod,
        evicted: pod.status.phase === 'Failed' && pod.status.reason === 'Evicted',
        created: pod.metadata.creationTimestamp,
        name: pod.metadata.name,
      };
      this.terminated.set(uid, e);
      this.heap.push(e);
      if (this.terminated.size > this.threshold) this.schedule();
    });
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    const sim = this.ctx.sim;
    const period = this.ctx.lat.podGC;
    const at = period > 0 ? (Math.floor(sim.now / period) + 1) * period : sim.now;
    sim.at(at, Phase.Controller, () => this.gc());
  }

  private gc(): void {
    this.pending = false;
    const deleteCount = this.terminated.size - this.threshold;
    if (deleteCount <= 0) return;
    // Listed first, then deleted (upstream sorts the lister's snapshot, then deletes).
    const victims: Pod[] = [];
    while (victims.length < deleteCount && this.heap.size > 0) {
      const e = this.heap.pop()!;
      if (this.terminated.get(e.pod.metadata.uid) === e) victims.push(e.pod);
    }
    for (const pod of victims) {
      // Force deletion (grace 0); a pod already being deleted keeps its deletion (the store ignores it).
      this.ctx.store.delete(pod);
      this.ctx.store.finishDeletion(pod);
    }
  }

  private rebuild(): void {
    this.heap.clear();
    for (const e of this.terminated.values()) this.heap.push(e);
  }
}
