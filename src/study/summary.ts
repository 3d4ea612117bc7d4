// The human summary of an FgdStudy run (`jobset-sim run`, default output).
import type { Result } from '../metrics/result.js';
import type { StudyMetrics } from './result.js';

const pct = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}%`);

export function studySummary(r: Result): string {
  const s = r.metrics.study as StudyMetrics;
  const pick = [75, 80, 85, 90, 95, 100, 110, 120, 130];
  const at = new Map(s.allocationCurve);
  return [
    `FGD study ${r.scenario.name} (policy ${s.policy}, seed ${r.scenario.seed})`,
    '',
    `pods        ${s.pods.submitted} submitted (${s.pods.tunedClones} tuned clones), ${s.pods.placed} placed, ${s.pods.failed} failed`,
    `GPU         ${s.arrivedGpuMilli / 1000} GPUs arrived, ${s.allocatedGpuMilli / 1000} allocated of ${s.capacityGpuMilli / 1000}`,
    `target M    ${s.targetWorkload.classes} of ${s.targetWorkload.distinctShapes} pod shapes (${(s.targetWorkload.coverage * 100).toFixed(2)}% of pods)`,
    `allocated   ${pct(s.allocationAt100)} of GPU capacity at 100% arrived, ${pct(s.allocationAt130)} at 130%`,
    '',
    `arrived %   ${pick.map((x) => String(x).padStart(6)).join('')}`,
    `allocated % ${pick.map((x) => (at.has(x) ? at.get(x)!.toFixed(2) : '-').padStart(6)).join('')}`,
    ...r.warnings.map((w) => `warning: ${w.code} ${w.object}: ${w.message}`),
    '',
  ].join('\n');
}
