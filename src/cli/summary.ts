// The human summary of a run (`jobset-sim run`, default output).
import type { BareWorkloadMetrics } from '../metrics/bare-workloads.js';
import type { Result } from '../metrics/result.js';
import type { Distribution } from '../metrics/stats.js';
import { studySummary } from '../study/summary.js';

export function fmtSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s < 60) return `${+s.toFixed(3)}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = +(s % 60).toFixed(3);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function dist(d: Distribution): string {
  if (d.n === 0) return '-';
  return `p50 ${fmtSeconds(d.p50)}  p95 ${fmtSeconds(d.p95)}  max ${fmtSeconds(d.max)}  (n=${d.n})`;
}

export function summary(r: Result): string {
  if (r.metrics.study) return studySummary(r);
  const m = r.metrics;
  const lines: string[] = [];
  lines.push(`scenario ${r.scenario.name} (seed ${r.scenario.seed}) ended at ${fmtSeconds(r.end)} simulated`);
  lines.push('');
  const rows = [['JOBSET', 'STATE', 'SUBMITTED', 'ADMITTED', 'ALL RUNNING', 'FINISHED', 'RESTARTS']];
  for (const j of r.jobsets) {
    rows.push([
      `${j.namespace}/${j.name}`,
      j.terminalState ?? `unfinished (${j.unfinishedReason})`,
      fmtSeconds(j.submittedAt),
      fmtSeconds(j.admittedAt),
      fmtSeconds(j.runningAt),
      fmtSeconds(j.finishedAt),
      String(j.status?.restarts ?? 0),
    ]);
  }
  const bare = r.workloads;
  if (r.jobsets.length > 0 || !bare) {
    lines.push(table(rows));
    lines.push('');
  }
  if (bare) {
    const wrows = [['WORKLOAD', 'CLUSTERQUEUE', 'STATE', 'SUBMITTED', 'ADMITTED', 'FINISHED', 'EVICTIONS']];
    for (const w of bare) {
      wrows.push([
        `${w.namespace}/${w.name}`,
        w.clusterQueue ?? '-',
        w.state,
        fmtSeconds(w.submittedAt),
        fmtSeconds(w.admittedAt),
        fmtSeconds(w.finishedAt),
        String(w.evictions),
      ]);
    }
    lines.push(table(wrows));
    lines.push('');
  }
  const c = m.jobsets;
  lines.push(
    `jobsets      ${c.submitted} submitted, ${c.completed} completed, ${c.failed} failed, ${c.unfinished} unfinished`,
  );
  const wm = m.workloads as BareWorkloadMetrics | undefined;
  if (wm) {
    lines.push(
      `workloads    ${wm.submitted} submitted, ${wm.finished} finished, ${wm.admitted} admitted, ${wm.waiting} waiting; queue wait ${dist(wm.queueWait)}`,
    );
  }
  lines.push(`queue wait   ${dist(m.queueWait)}`);
  lines.push(`startup      ${dist(m.startup)}`);
  lines.push(`completion   ${dist(m.completionTime)}`);
  const util = Object.entries(m.utilization)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
    .join(', ');
  lines.push(`utilization  ${util || '-'}`);
  lines.push(`restarts     ${m.restarts}`);
  if (r.warnings.length) {
    lines.push('');
    lines.push(`warnings (${r.warnings.length}):`);
    for (const w of r.warnings) lines.push(`  ${w.code} ${w.object}: ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}
