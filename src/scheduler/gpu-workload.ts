// The scenario's workload as pod shapes, for FGD's target workload M (spec/fgd.md §2): every pod the scenario's
// JobSets will create (replicas × parallelism of each replicatedJob), grouped by (cpu milli, GPU milli per device,
// GPU count, model string). Pods without a GPU share are shapes with 0 GPUs (CPU-only classes count in M).
import type { JobSet } from '../api/jobset.js';
import { podRequests } from '../api/quantity.js';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL } from './gpu-share.js';
import { DEFAULT_MILLI_CPU_REQUEST } from './node-info.js';

export interface WorkloadShape {
  cpuMilli: number;
  /** Per-device milli (0: no GPU). */
  gpuMilli: number;
  gpuCount: number;
  model: string;
  /** Pods of this shape. */
  count: number;
}

/** Shapes in order of first appearance. */
export function workloadShapes(jobSets: readonly JobSet[]): WorkloadShape[] {
  const byKey = new Map<string, WorkloadShape>();
  for (const js of jobSets) {
    for (const rj of js.spec.replicatedJobs) {
      const t = rj.template.spec;
      const pods = (rj.replicas ?? 1) * Math.min(t.parallelism ?? 1, t.completions ?? t.parallelism ?? 1);
      if (pods <= 0) continue;
      const podSpec = t.template.spec;
      const a = t.template.metadata?.annotations ?? {};
      // GetPodResource reads a cpu request of 0 as the 100m default.
      const cpu = Math.ceil(podRequests(podSpec).get('cpu') ?? 0) || DEFAULT_MILLI_CPU_REQUEST;
      let gpuMilli = Number(a[GPU_MILLI] ?? 0);
      let gpuCount = Number(a[GPU_COUNT] ?? 0);
      if (!Number.isFinite(gpuMilli) || gpuMilli <= 0 || !Number.isFinite(gpuCount) || gpuCount <= 0) {
        gpuMilli = 0;
        gpuCount = 0;
      }
      const model = gpuCount > 0 ? (a[GPU_MODEL] ?? '') : '';
      const key = `${cpu}/${gpuMilli}/${gpuCount}/${model}`;
      const s = byKey.get(key);
      if (s) s.count += pods;
      else byKey.set(key, { cpuMilli: cpu, gpuMilli, gpuCount, model, count: pods });
    }
  }
  return [...byKey.values()];
}
