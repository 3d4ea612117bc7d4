// The text answer: one screen a platform user reads in ten seconds.
import { MIN_WAIT_SECONDS } from './aggregate.js';
import type { Distribution, PredictReport } from './types.js';

/** Compact seconds: 0.02s, 45.3s, 12m30s, 3h05m, 2d04h. */
export function human(s: number | null): string {
  if (s === null) return '–';
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
  const two = (big: number, unit: string, small: number, unit2: string) =>
    small === 0 ? `${big}${unit}` : `${big}${unit}${String(small).padStart(2, '0')}${unit2}`;
  if (s < 3600) return two(Math.floor(s / 60), 'm', Math.floor(s % 60), 's');
  if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function flavorText(f: Record<string, Record<string, string>> | null): string {
  if (!f) return '';
  return Object.entries(f)
    .map(([ps, res]) => `${ps}→${[...new Set(Object.values(res))].join('+')}`)
    .join(', ');
}

const CATEGORY_TEXT: Record<string, string> = {
  quota: 'quota',
  fairShare: 'fair share',
  topology: 'topology',
  neverSchedulable: 'never schedulable',
  preemption: 'preempted workloads to go',
  admissionCheck: 'admission checks',
  queue: 'its turn in the queue',
  capacity: 'free nodes',
  inactive: 'an inactive queue',
};

export function formatReport(r: PredictReport): string {
  const lines: string[] = [];
  const s = r.submitted;
  const arr = r.arrivals
    ? `arrivals ${r.arrivals.perHour.toFixed(2)}/h from ${human(r.arrivals.start)} (fitted from ${r.arrivals.fittedFrom} JobSets over ${human(r.arrivals.span)})`
    : r.arrivalsNote;
  const when = r.at > 0 ? `at ${human(r.at)}` : 'now';
  lines.push(
    `${s.namespace}/${s.name} submitted ${when}: ${r.futures} futures (seeds ${r.seeds.first}–${r.seeds.last}, horizon ${human(r.horizon)}); ${arr}`,
  );
  lines.push('');
  const rows: [string, Distribution][] = [
    [s.kueue ? 'admitted' : 'first pod bound', r.timeToAdmission],
    ['all pods running', r.timeToAllRunning],
    ['finished', r.timeToCompletion],
  ];
  const table = [['', 'p50', 'p90', 'min', 'max', `not within ${human(r.horizon)}`]];
  for (const [label, d] of rows)
    table.push([label, human(d.p50), human(d.p90), human(d.min), human(d.max), pct(d.never)]);
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    lines.push(
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  if (r.failed > 0) lines.push(`ends Failed in ${pct(r.failed)} of futures`);
  lines.push('');
  if (s.kueue) {
    const l = r.landing.map((x) => `ClusterQueue ${x.clusterQueue}, ${flavorText(x.flavors)} ${pct(x.share)}`);
    lines.push(`lands in   ${l.length ? l.join('; ') : 'nowhere within the horizon'}`);
  }
  const v = r.preemptions.victims.slice(0, 6).map((x) => `${x.name} ${pct(x.share)}`);
  if (r.preemptions.victims.length > 6) v.push(`${r.preemptions.victims.length - 6} more`);
  lines.push(
    `preempts   ${v.length ? `${v.join(', ')} (some preemption in ${pct(r.preemptions.futures)} of futures)` : 'nothing'}`,
  );
  if (r.waits.byCategory.length === 0) {
    lines.push(`waits for  nothing longer than ${MIN_WAIT_SECONDS}s (starts after the start-up latencies)`);
  }
  r.waits.byCategory.forEach((w, i) => {
    const head = i === 0 ? 'waits for  ' : '           ';
    const why = w.reason ? `${w.reason}: ${w.message}` : w.message;
    lines.push(
      `${head}${CATEGORY_TEXT[w.category] ?? w.category} in ${pct(w.share)} of futures (mean ${human(w.meanSeconds)}): ${why}`,
    );
  });
  for (const w of r.warnings) lines.push(`warning: ${w.code} ${w.object}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}
