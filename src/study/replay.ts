// The FGD study's replay (spec/fgd.md §5): Go's global math/rand seeded with the tune seed drives the pod order
// (name sort, then Shuffle), the tune-up clones (sampled with replacement until the GPU request reaches
// `tuneRatio` × capacity), the informers' 10 jitter draws, the node ranks (Perm) and the per-cycle draws; then
// every pod gets one scheduling attempt, in order, with no departures, and after each attempt the cumulative
// arrived and the allocated GPU milli are recorded (§5.3).
//
// A fast path, not the event engine: a node's score for a pod shape changes only when that node changes, so the
// scores are cached per (node, shape) and stamped with the node's version; a placement bumps one node's version,
// and FGD's F_n(M) is cached per node and recomputed only for the node that changed.
import { assignDevices, bindPod, type DeviceSelection } from '../gpushare/devices.js';
import { feasible } from '../gpushare/filter.js';
import { nodeFragment } from '../gpushare/fragment.js';
import { type GpuNode, type GpuPod, MILLI } from '../gpushare/model.js';
import { DEVICE_SELECTION, type Policy, score } from '../gpushare/policies.js';
import { type TargetWorkload, targetWorkload } from '../gpushare/workload.js';
import { GoRand } from './go-rand.js';
import type { StudyNode, StudyPod } from './openb-input.js';

export interface StudyOptions {
  policy: Policy;
  /** The tune seed (the authors' 42..51); it drives all randomness. */
  seed: number;
  /** Target GPU request as a share of GPU capacity (1.3 in the study). */
  tuneRatio?: number;
  /** Popularity threshold of the target workload M, percent (95). */
  popularityThreshold?: number;
  /** Float64 draws consumed between tuning and node ranking by the scheduler's informers (10). */
  informerDraws?: number;
  /** Pods a node may hold (the node list's pod capacity, 1001). */
  podLimit?: number;
}

export interface StudyRun {
  policy: Policy;
  seed: number;
  /** Σ GPUs × 1000 of the cluster. */
  capacityGpuMilli: number;
  gpus: number;
  /** The submission order after shuffling and tuning. */
  order: StudyPod[];
  /** Clones appended by the tune-up (or, negative, pods removed by a tune-down). */
  tunedClones: number;
  /** Σ k·q over the submitted pods. */
  requestedGpuMilli: number;
  /** Rank of each node (index into the given node list), the `%04d-` prefix upstream adds to its name. */
  rank: Int32Array;
  /** Per submitted pod (order index): the node it was placed on (index into the given node list) or −1. */
  placement: Int32Array;
  /** Per submitted pod, after its attempt: cumulative arrived and current allocated GPU milli. */
  arrived: Float64Array;
  used: Float64Array;
  placed: number;
  failed: number;
  workload: TargetWorkload;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function toGpuPod(p: StudyPod): GpuPod {
  return { cpu: p.cpu, mem: p.memMiB, numGpu: p.numGpu, gpuMilli: p.gpuMilli, gpuSpec: p.gpuSpec };
}

/** Steps 1–5 of §5.2: the submission order, the clones, and the node ranks, from Go's global source. */
export function studyOrder(
  nodes: readonly StudyNode[],
  pods: readonly StudyPod[],
  seed: number,
  tuneRatio = 1.3,
  informerDraws = 10,
): { rng: GoRand; order: StudyPod[]; tunedClones: number; requested: number; rank: Int32Array } {
  const rng = new GoRand(seed);
  rng.int(); // a debug-log argument in core.go Simulate
  const sorted = [...pods].sort(byName);
  const order = [...sorted];
  rng.shuffle(order.length, (i, j) => {
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  });
  const capacity = nodes.reduce((s, n) => s + n.gpus * MILLI, 0);
  let total = pods.reduce((s, p) => s + p.numGpu * p.gpuMilli, 0);
  const target = tuneRatio * capacity;
  let tunedClones = 0;
  if (tuneRatio > 0 && total < target && sorted.length > 0) {
    // tuneUpPods: draw, clone, and stop (without adding) once the clone's per-GPU milli would pass the target
    for (let i = 0; ; i++) {
      const p = sorted[rng.intn(sorted.length)]!;
      if (total + p.gpuMilli > target) break;
      total += p.numGpu * p.gpuMilli;
      order.push({ ...p, name: `${p.name}-tuned-${i}` });
      tunedClones++;
    }
  } else if (tuneRatio > 0 && total > target) {
    // tuneDownPods: remove random pods of the shuffled list until the request is within the target
    while (total > target && order.length > 0) {
      const [p] = order.splice(rng.intn(order.length), 1);
      total -= p!.numGpu * p!.gpuMilli;
      tunedClones--;
    }
  }
  for (let i = 0; i < informerDraws; i++) rng.float64();
  const byNameIdx = nodes.map((n, i) => ({ name: n.name, i })).sort(byName);
  const perm = rng.perm(nodes.length);
  const rank = new Int32Array(nodes.length);
  byNameIdx.forEach((n, i) => {
    rank[n.i] = perm[i]!;
  });
  return { rng, order, tunedClones, requested: total, rank };
}

/** One curve: the whole replay of §5 for one policy and one seed. */
export function runStudy(nodes: readonly StudyNode[], pods: readonly StudyPod[], o: StudyOptions): StudyRun {
  const policy = o.policy;
  const workload = targetWorkload(pods.map(toGpuPod), o.popularityThreshold ?? 95);
  const { rng, order, tunedClones, requested, rank } = studyOrder(
    nodes,
    pods,
    o.seed,
    o.tuneRatio ?? 1.3,
    o.informerDraws ?? 10,
  );
  const N = nodes.length;
  // nodes in rank order: ties go to the smallest name, and upstream names start with the rank
  const byRank = new Int32Array(N);
  for (let i = 0; i < N; i++) byRank[rank[i]!] = i;
  const state: GpuNode[] = Array.from(byRank, (i) => {
    const n = nodes[i]!;
    return {
      name: n.name,
      cpuFree: n.cpu,
      memFree: n.memMiB,
      podsFree: o.podLimit ?? 1001,
      model: n.model,
      gpuFree: new Int32Array(n.gpus).fill(MILLI),
      tags: new Map(),
    };
  });
  const capacity = nodes.reduce((s, n) => s + n.gpus * MILLI, 0);

  // pod shapes (everything a score or the filter reads) → cache column
  const shapeOf = new Map<string, number>();
  const gpuPods = order.map(toGpuPod);
  const shape = Int32Array.from(gpuPods, (p) => {
    const key = `${p.cpu}/${p.mem}/${p.numGpu}/${p.gpuMilli}/${p.gpuSpec}`;
    let s = shapeOf.get(key);
    if (s === undefined) {
      s = shapeOf.size;
      shapeOf.set(key, s);
    }
    return s;
  });
  const S = shapeOf.size;
  const cache = new Int16Array(N * S);
  const stamp = new Int32Array(N * S).fill(-1);
  const version = new Int32Array(N);
  const frag = new Float64Array(N);
  const isFgd = policy === 'fgd';
  if (isFgd)
    for (let r = 0; r < N; r++) frag[r] = nodeFragment(state[r]!.cpuFree, state[r]!.model, state[r]!.gpuFree, workload);
  const selection: DeviceSelection = DEVICE_SELECTION[policy];
  const ctx = { workload, fragNow: 0 };

  const P = order.length;
  const placement = new Int32Array(P).fill(-1);
  const arrivedArr = new Float64Array(P);
  const usedArr = new Float64Array(P);
  let arrived = 0;
  let used = 0;
  let placed = 0;
  const feasibleRanks = new Int32Array(N);

  for (let i = 0; i < P; i++) {
    const pod = gpuPods[i]!;
    const s = shape[i]!;
    arrived += pod.numGpu * pod.gpuMilli;
    rng.intn(100); // plugin-metrics sampling at the start of every scheduling cycle
    // filter (and score) every node, in rank order
    let nFeasible = 0;
    let best = -1;
    let bestScore = -1;
    let lo = 101;
    let hi = -2;
    for (let r = 0; r < N; r++) {
      const at = r * S + s;
      if (stamp[at] !== version[r]) {
        const node = state[r]!;
        let v = -1;
        if (feasible(pod, node)) {
          if (policy === 'random') v = 0;
          else {
            ctx.fragNow = frag[r]!;
            v = score(policy, pod, node, ctx);
          }
        }
        cache[at] = v;
        stamp[at] = version[r]!;
      }
      const v = cache[at]!;
      if (v < 0) continue;
      feasibleRanks[nFeasible++] = r;
      if (v > bestScore) {
        bestScore = v;
        best = r;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    let chosen = -1;
    if (nFeasible === 0) {
      rng.int31n(N); // DefaultPreemption's candidate offset; nothing is evicted (all priorities are 0)
    } else if (nFeasible === 1) {
      chosen = feasibleRanks[0]!;
    } else if (policy === 'random') {
      chosen = feasibleRanks[rng.intn(nFeasible)]!;
    } else if (policy === 'best-fit' && hi > lo) {
      // NormalizeScore: ⌊(raw − lo)·100/(hi − lo)⌋; the max, ties to the lowest rank
      let bestNorm = -1;
      for (let j = 0; j < nFeasible; j++) {
        const r = feasibleRanks[j]!;
        const nv = Math.trunc(((cache[r * S + s]! - lo) * 100) / (hi - lo));
        if (nv > bestNorm) {
          bestNorm = nv;
          chosen = r;
        }
      }
    } else if (policy === 'best-fit') {
      chosen = feasibleRanks[0]!; // all normalise to 0: the lowest rank
    } else {
      chosen = best;
    }
    if (chosen >= 0) {
      const node = state[chosen]!;
      const devices = assignDevices(pod, node, selection, { workload, rng });
      if (devices === null) throw new Error(`study: no device for ${order[i]!.name} on ${node.name} after the filter`);
      bindPod(node, pod, devices);
      version[chosen]!++;
      if (isFgd) frag[chosen] = nodeFragment(node.cpuFree, node.model, node.gpuFree, workload);
      used += pod.numGpu * pod.gpuMilli;
      placement[i] = byRank[chosen]!;
      placed++;
    }
    arrivedArr[i] = arrived;
    usedArr[i] = used;
  }
  return {
    policy,
    seed: o.seed,
    capacityGpuMilli: capacity,
    gpus: capacity / MILLI,
    order,
    tunedClones,
    requestedGpuMilli: requested,
    rank,
    placement,
    arrived: arrivedArr,
    used: usedArr,
    placed,
    failed: P - placed,
    workload,
  };
}
