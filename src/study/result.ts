// An FgdStudy scenario's run: the study's replay for the scenario's policy and seed, as a result JSON (CONTRACT.md
// §4 shape: no JobSets, empty workload statistics) whose `metrics.study` carries the allocation curve.
import type { Metrics, Result } from '../metrics/result.js';
import { RESULT_SCHEMA } from '../metrics/result.js';
import { distribution } from '../metrics/stats.js';
import type { FgdStudyDoc } from '../scenario/model.js';
import { allocationCurve } from './curve.js';
import { runStudy, type StudyRun } from './replay.js';

/** `metrics.study` of a study run (README "FGD study"). */
export interface StudyMetrics {
  policy: string;
  /** Allocated GPU, percent of capacity, at 130% and 100% of capacity arrived (the curve's values; null if none). */
  allocationAt130: number | null;
  allocationAt100: number | null;
  /** [arrived %, allocated %] for arrived 0..130 (spec/fgd.md §5.4). */
  allocationCurve: [number, number][];
  /** The same points keyed by arrived % ("0" … "130"), so that a sweep keeps each as a metric. */
  curve: Record<string, number>;
  capacityGpuMilli: number;
  arrivedGpuMilli: number;
  allocatedGpuMilli: number;
  pods: { submitted: number; placed: number; failed: number; tunedClones: number };
  targetWorkload: { distinctShapes: number; classes: number; coverage: number };
}

export function studyMetrics(run: StudyRun): StudyMetrics {
  const curve = allocationCurve(run.arrived, run.used, run.gpus);
  const at = (x: number) => curve.find(([X]) => X === x)?.[1] ?? null;
  const last = run.arrived.length - 1;
  return {
    policy: run.policy,
    allocationAt130: at(130),
    allocationAt100: at(100),
    allocationCurve: curve,
    curve: Object.fromEntries(curve.map(([x, y]) => [String(x), y])),
    capacityGpuMilli: run.capacityGpuMilli,
    arrivedGpuMilli: last >= 0 ? run.arrived[last]! : 0,
    allocatedGpuMilli: last >= 0 ? run.used[last]! : 0,
    pods: { submitted: run.order.length, placed: run.placed, failed: run.failed, tunedClones: run.tunedClones },
    targetWorkload: {
      distinctShapes: run.workload.distinctShapes,
      classes: run.workload.classes.length,
      coverage: run.workload.coverage,
    },
  };
}

/** Runs the study of an FgdStudy scenario and shapes its result. */
export function studyResult(
  doc: FgdStudyDoc,
  scenario: { name: string; seed: number; files: string[] },
  warnings: Result['warnings'],
): Result {
  const run = runStudy(doc.nodes, doc.pods, {
    policy: doc.policy,
    seed: scenario.seed,
    tuneRatio: doc.tuneRatio,
    popularityThreshold: doc.popularityThreshold,
    informerDraws: doc.informerDraws,
    podLimit: doc.podLimit,
  });
  const study = studyMetrics(run);
  const empty = distribution([]);
  const metrics: Metrics = {
    jobsets: { submitted: 0, completed: 0, failed: 0, unfinished: 0 },
    queueWait: empty,
    startup: empty,
    completionTime: empty,
    makespan: null,
    utilization: { 'gpu-milli': run.capacityGpuMilli > 0 ? study.allocatedGpuMilli / run.capacityGpuMilli : 0 },
    restarts: 0,
    evictions: {},
    preemptions: 0,
    study,
  };
  return { schema: RESULT_SCHEMA, scenario, end: 0, jobsets: [], metrics, warnings };
}
