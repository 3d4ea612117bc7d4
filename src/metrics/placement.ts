// Placement quality over time: stranded accelerators and partially used topology domains, time-averaged over
// the run. Fed by the scheduler on every assume/release, node change and queue change; each update costs
// O(distinct free amounts + distinct pending requests), never a walk over nodes or pods.
import type { Pod } from '../api/core.js';
import { type DomainIndex, TOPOLOGY_LEVELS } from '../scheduler/domains.js';
import { type NodeInfo, requestListOf } from '../scheduler/node-info.js';
import { Integral } from './integral.js';
import { windowSpan } from './window.js';

/** An accelerator resource: an extended resource named for a GPU or TPU (nvidia.com/gpu, google.com/tpu, ...). */
export function isAccelerator(resource: string): boolean {
  let v = acceleratorNames.get(resource);
  if (v === undefined) {
    v = resource.includes('/') && /gpu|tpu/i.test(resource);
    acceleratorNames.set(resource, v);
  }
  return v;
}

const acceleratorNames = new Map<string, boolean>();

/** Free-capacity buckets of one accelerator resource, the pending requests for it, and its stranded integral. */
class AcceleratorState {
  /** free amount (milli) → number of nodes with exactly that much free */
  readonly buckets = new Map<number, number>();
  /** node id → its free amount as bucketed */
  readonly freeOf = new Map<number, number>();
  /** request (milli) → pending pods wanting exactly that much */
  readonly pending = new Map<number, number>();
  readonly stranded = new Integral();
  private dirty = false;

  /** Close the interval up to `now` at the current value, then mark the value stale. */
  beforeChange(now: number): void {
    if (this.dirty) this.recompute();
    this.stranded.advance(now);
    this.dirty = true;
  }

  private recompute(): void {
    this.dirty = false;
    let min = Number.POSITIVE_INFINITY;
    // Keys then get: an entries walk would allocate an array per entry, on every queue or node change.
    for (const req of this.pending.keys()) if (req < min && this.pending.get(req)! > 0) min = req;
    let v = 0;
    if (min !== Number.POSITIVE_INFINITY)
      for (const free of this.buckets.keys()) if (free > 0 && free < min) v += free * this.buckets.get(free)!;
    this.stranded.value = v;
  }

  finish(now: number): number {
    if (this.dirty) this.recompute();
    this.stranded.advance(now);
    return this.stranded.area;
  }
}

export interface PlacementSummary {
  /** per accelerator resource: time-averaged free units that no pending pod could use (see README) */
  stranded: Record<string, number>;
  /** per topology level: time-averaged number of domains with some but not all nodes running pods */
  partialDomains: Record<string, number>;
}

export class PlacementMetrics {
  private readonly accel = new Map<string, AcceleratorState>();
  private readonly partial: Integral[] = TOPOLOGY_LEVELS.map(() => new Integral());

  constructor(
    private readonly now: () => number,
    private readonly domains: DomainIndex,
  ) {
    domains.onBeforeChange = () => this.advancePartial();
  }

  /** The partial counts are constant between changes: close the interval at the count that held during it. */
  private advancePartial(t = this.now()): void {
    for (let l = 0; l < this.partial.length; l++) {
      const i = this.partial[l]!;
      i.value = this.domains.partial[l]!;
      i.advance(t);
    }
  }

  private state(resource: string): AcceleratorState {
    let s = this.accel.get(resource);
    if (!s) {
      s = new AcceleratorState();
      this.accel.set(resource, s);
    }
    return s;
  }

  /** Re-bucket a node after its pods or allocatable changed (or it appeared). */
  nodeChanged(info: NodeInfo): void {
    const allocatable = info.allocatable;
    for (const r of allocatable.keys()) {
      if (allocatable.get(r)! <= 0 || !isAccelerator(r)) continue;
      this.move(this.state(r), info.id, info.free(r));
    }
  }

  nodeRemoved(info: NodeInfo): void {
    for (const s of this.accel.values()) if (s.freeOf.has(info.id)) this.move(s, info.id, undefined);
  }

  private move(s: AcceleratorState, id: number, free: number | undefined): void {
    const old = s.freeOf.get(id);
    if (old === free) return;
    s.beforeChange(this.now());
    if (old !== undefined) {
      const n = (s.buckets.get(old) ?? 0) - 1;
      if (n > 0) s.buckets.set(old, n);
      else s.buckets.delete(old);
    }
    if (free === undefined) s.freeOf.delete(id);
    else {
      s.freeOf.set(id, free);
      s.buckets.set(free, (s.buckets.get(free) ?? 0) + 1);
    }
  }

  /** A pod entered (+1) or left (−1) the scheduling queue. */
  pending(pod: Pod, sign: 1 | -1): void {
    const { keys, values } = requestListOf(pod);
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!;
      const r = keys[i]!;
      if (v <= 0 || !isAccelerator(r)) continue;
      const s = this.state(r);
      s.beforeChange(this.now());
      const n = (s.pending.get(v) ?? 0) + sign;
      if (n > 0) s.pending.set(v, n);
      else s.pending.delete(v);
    }
  }

  summary(endUs: number): PlacementSummary {
    const span = windowSpan(endUs); // the measurement window cut at the end (endUs without one)
    const stranded: Record<string, number> = {};
    for (const r of [...this.accel.keys()].sort()) {
      stranded[r] = round3(this.accel.get(r)!.finish(endUs) / 1000 / span);
    }
    this.advancePartial(endUs);
    const partialDomains: Record<string, number> = {};
    TOPOLOGY_LEVELS.forEach((l, i) => {
      partialDomains[l.name] = round3(this.partial[i]!.area / span);
    });
    return { stranded, partialDomains };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
