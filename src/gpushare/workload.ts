// The target workload M (spec/fgd.md §2; upstream utils/frag.go GetTypicalPods): the pod shapes of the original
// trace, most popular first, cut at the shortest prefix covering the popularity threshold, renormalised.
import { type GpuPod, modelAllowed } from './model.js';

/** One pod-shape class m of M: (cpu, per-GPU milli q, GPU count k, model string) and its weight p_m. */
export interface ShapeClass {
  cpu: number;
  gpuMilli: number;
  numGpu: number;
  gpuSpec: string;
  /** Pods of this shape in the input. */
  count: number;
  /** Weight p_m (the kept classes' weights sum to 1). */
  p: number;
}

/** M with column arrays for the fragmentation hot loop. */
export interface TargetWorkload {
  classes: ShapeClass[];
  /** Distinct shapes in the input, and the share of pods the kept classes cover. */
  distinctShapes: number;
  coverage: number;
  cpu: Float64Array;
  q: Int32Array;
  k: Int32Array;
  p: Float64Array;
  /** Index into `qs` of each class's q, −1 for q = 0. */
  qIndex: Int32Array;
  /** Distinct q > 0 values. */
  qs: Int32Array;
  /** Per node model: 1 when class m may use that model (computed on first use). */
  access: Map<string, Uint8Array>;
  /** Scratch for the fragment computation: per distinct q, devices with free ≥ q and Σ free below q. */
  scratchA: Int32Array;
  scratchLeft: Float64Array;
}

/** Upstream's PodResource.Less: cpu, then q, then k, then the model string. */
function shapeLess(a: ShapeClass, b: ShapeClass): boolean {
  if (a.cpu !== b.cpu) return a.cpu < b.cpu;
  if (a.gpuMilli !== b.gpuMilli) return a.gpuMilli < b.gpuMilli;
  if (a.numGpu !== b.numGpu) return a.numGpu < b.numGpu;
  return a.gpuSpec < b.gpuSpec;
}

/**
 * Builds M from the original trace pods (before tuning; CPU-only pods included, each pod counting 1 as with
 * gpuResWeight 0). Classes are sorted by count, descending, ties to the larger shape; the shortest prefix whose
 * cumulative count reaches `thresholdPercent`% of the pods is kept (growing `step` classes at a time) and its
 * weights are renormalised as upstream does: p_m = (count/total) / (cum/total).
 */
export function targetWorkload(pods: readonly GpuPod[], thresholdPercent = 95, step = 1): TargetWorkload {
  const byKey = new Map<string, ShapeClass>();
  for (const pod of pods) {
    const key = `${pod.cpu}/${pod.gpuMilli}/${pod.numGpu}/${pod.gpuSpec}`;
    const c = byKey.get(key);
    if (c) c.count++;
    else
      byKey.set(key, {
        cpu: pod.cpu,
        gpuMilli: pod.gpuMilli,
        numGpu: pod.numGpu,
        gpuSpec: pod.gpuSpec,
        count: 1,
        p: 0,
      });
  }
  const total = pods.length;
  const list = [...byKey.values()].sort((a, b) => {
    if (a.count !== b.count) return b.count - a.count;
    return shapeLess(a, b) ? 1 : shapeLess(b, a) ? -1 : 0;
  });
  const expected = (thresholdPercent * total) / 100;
  let i = 0;
  let kept = 0;
  let cum = 0;
  while (cum < expected && i < list.length) {
    kept += step;
    for (; i < kept && i < list.length; i++) {
      cum += list[i]!.count;
      list[i]!.p = list[i]!.count / total;
    }
  }
  let classes = list;
  if (i < list.length) {
    classes = list.slice(0, i);
    for (const c of classes) c.p /= cum / total;
  }
  return buildWorkload(classes, list.length, total > 0 ? cum / total : 0);
}

/** M from explicit classes (weights as given), e.g. hand-built cases in tests. */
export function workloadOf(
  classes: readonly Omit<ShapeClass, 'count'>[],
  distinctShapes = classes.length,
  coverage = 1,
): TargetWorkload {
  return buildWorkload(
    classes.map((c) => ({ ...c, count: 0 })),
    distinctShapes,
    coverage,
  );
}

function buildWorkload(classes: ShapeClass[], distinctShapes: number, coverage: number): TargetWorkload {
  const n = classes.length;
  const qs: number[] = [];
  const qIndex = new Int32Array(n);
  classes.forEach((c, m) => {
    if (c.gpuMilli <= 0) {
      qIndex[m] = -1;
      return;
    }
    let at = qs.indexOf(c.gpuMilli);
    if (at < 0) at = qs.push(c.gpuMilli) - 1;
    qIndex[m] = at;
  });
  return {
    classes,
    distinctShapes,
    coverage,
    cpu: Float64Array.from(classes, (c) => c.cpu),
    q: Int32Array.from(classes, (c) => c.gpuMilli),
    k: Int32Array.from(classes, (c) => c.numGpu),
    p: Float64Array.from(classes, (c) => c.p),
    qIndex,
    qs: Int32Array.from(qs),
    access: new Map(),
    scratchA: new Int32Array(qs.length),
    scratchLeft: new Float64Array(qs.length),
  };
}

/** Which classes may use GPUs of this model (cached per model). */
export function classAccess(w: TargetWorkload, model: string): Uint8Array {
  let a = w.access.get(model);
  if (!a) {
    a = Uint8Array.from(w.classes, (c) => (modelAllowed(c.gpuSpec, model) ? 1 : 0));
    w.access.set(model, a);
  }
  return a;
}
