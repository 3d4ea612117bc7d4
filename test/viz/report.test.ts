// The run report: marks bound to the run's data in the server-rendered SVG, the standalone HTML, PNG text.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { svgToPixels } from '../../viz/png.js';
import { renderReport } from '../../viz/report.js';
import { buildReportData, cdfPoints } from '../../viz/report-data.js';

function reportOf(file: string) {
  const run = simulate([file]);
  const rendered = renderReport(buildReportData(run.events, run.result));
  const { document } = parseHTML(`<!doctype html><html><body>${rendered.svg}</body></html>`);
  return { run, rendered, document };
}

const jax = reportOf('scenarios/jax-multislice.yaml');

describe('run report', () => {
  it('jax-multislice: one timeline bar per child Job placement, each in its own pool', () => {
    const jobs = jax.run.events.filter((r) => r.type === 'JobCreated').map((r) => r.job);
    const bars = Array.from(jax.document.querySelectorAll('rect.bar')) as Element[];
    expect(bars).toHaveLength(jobs.length);
    expect(bars).toHaveLength(4);
    const data = jax.rendered.data;
    const bound = bars.map((b) => data.bars[Number(b.getAttribute('data-i'))]!);
    expect(bound.map((b) => b.job).sort()).toEqual([...jobs].sort());
    expect(new Set(bound.map((b) => b.pool))).toEqual(
      new Set(['v5e-slice-0', 'v5e-slice-1', 'v5e-slice-2', 'v5e-slice-3']),
    );
    for (const b of bound) expect(b.pods).toBe(4);
    // Allocation from series.allocated, swimlane from the result, CDF points one per finished JobSet.
    expect(jax.document.querySelectorAll('path.series[data-key="google.com/tpu|allocated"]')).toHaveLength(1);
    expect(jax.document.querySelectorAll('rect.lane')).toHaveLength(3);
    expect(jax.document.querySelectorAll('circle.cdf-point[data-kind="cdf-completionTime"]')).toHaveLength(1);
    expect(data.cdfs.completionTime).toEqual([[jax.run.result.jobsets[0]!.finishedAt, 1]]);
    expect(jax.document.querySelectorAll('.marker')).toHaveLength(0);
  });

  it('standalone HTML: d3 inlined, data as JSON (no raw "<"), the SVG, no event log', () => {
    const html = jax.rendered.html;
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('d3js.org');
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    expect(JSON.parse(json).bars).toHaveLength(4);
    expect(html).toContain('class="bar"');
    expect(html).not.toContain('"type":"PodScheduled"');
  });

  it('kueue-fair-sharing: evictions marked on the pools the preempted JobSet held, queues drawn', () => {
    const kfs = reportOf('scenarios/kueue-fair-sharing.yaml');
    const d = kfs.rendered.data;
    const evictions = d.markers.filter((m) => m.kind === 'eviction');
    expect(
      evictions
        .filter((m) => m.t === 1200.02)
        .map((m) => m.pool)
        .sort(),
    ).toEqual(['v5e-slice-0', 'v5e-slice-1', 'v5e-slice-2', 'v5e-slice-3']);
    expect(evictions.filter((m) => m.t === 2400.02)).toHaveLength(2);
    expect(kfs.document.querySelectorAll('.marker')).toHaveLength(d.markers.length);
    expect(Object.keys(d.queues).sort()).toEqual(['team-a', 'team-b']);
    expect(kfs.document.querySelectorAll('path.series[data-key="team-a|pending"]')).toHaveLength(1);
    // Bars: one per (child Job, pool) occupancy; a-train-big ran twice on 4 pools (before the reclamation, after).
    expect(d.bars.filter((b) => b.jobSet === 'team-a/a-train-big')).toHaveLength(8);
  });

  it('kueue-fair-sharing with Fair Sharing on: a dominant-resource-share line per ClusterQueue, from series.drs', () => {
    const run = simulate(['scenarios/kueue-fair-sharing.yaml', 'scenarios/overlays/fair-sharing-on.yaml']);
    const r = renderReport(buildReportData(run.events, run.result));
    const cqs = (run.result.series as { kueue: { clusterQueues: Record<string, { drs: unknown }> } }).kueue
      .clusterQueues;
    expect(Object.keys(r.data.drs).sort()).toEqual(['team-a', 'team-b']);
    expect(r.data.drs['team-a']).toEqual(cqs['team-a']!.drs);
    // team-a borrows 32 of the cohort's 64 chips for a-train-big: weightedShare ceil(32·1000 / 64) = 500.
    expect(Math.max(...(r.data.drs['team-a'] as { v: number[] }).v)).toBe(500);
    const { document } = parseHTML(`<!doctype html><html><body>${r.svg}</body></html>`);
    for (const cq of ['team-a', 'team-b'])
      expect(document.querySelectorAll(`path.series[data-key="weightedShare|${cq}"]`)).toHaveLength(1);
    expect(r.svg).toContain('Kueue fair sharing: dominant resource share per ClusterQueue');
    // Without Fair Sharing there is no such series, and no chart.
    expect(jax.rendered.data.drs).toEqual({});
    expect(jax.rendered.svg).not.toContain('dominant resource share');
  });

  it('timeline zoom hooks: the x scale on the chart, the marks in a clipped group, static positions unchanged', () => {
    const tl = jax.document.querySelector('g.timeline')!;
    const x0 = Number(tl.getAttribute('data-x0'));
    const x1 = Number(tl.getAttribute('data-x1'));
    const end = Number(tl.getAttribute('data-end'));
    expect(end).toBe(jax.run.result.end);
    const marks = tl.querySelector('g.timeline-marks')!;
    expect(marks.getAttribute('clip-path')).toBe('url(#timeline-clip)');
    expect(tl.querySelector('clipPath#timeline-clip rect')).not.toBeNull();
    const bars = Array.from(marks.querySelectorAll('rect.bar')) as Element[];
    expect(bars).toHaveLength(4);
    for (const b of bars) {
      const d = jax.rendered.data.bars[Number(b.getAttribute('data-i'))]!;
      expect(Number(b.getAttribute('x'))).toBeCloseTo(x0 + (d.start / end) * (x1 - x0), 6);
    }
    expect(tl.querySelectorAll('g.timeline-axis .tick').length).toBeGreaterThan(2);
    expect(jax.rendered.html).toContain('d3.zoom()');
  });

  it('PNG has text: the title area has dark pixels with the shipped fonts and none without', () => {
    const inkInTitle = (fonts: boolean) => {
      const { width, pixels } = svgToPixels(jax.rendered.svg, 1200, fonts);
      let dark = 0;
      for (let y = 8; y < 40; y++) for (let x = 0; x < width; x++) if (pixels[(y * width + x) * 4]! < 128) dark++;
      return dark;
    };
    expect(inkInTitle(true)).toBeGreaterThan(1000);
    expect(inkInTitle(false)).toBe(0);
  });

  it('cdfPoints thins to at most max points and ends at 1', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const pts = cdfPoints(xs, 200);
    expect(pts.length).toBeLessThanOrEqual(201);
    expect(pts[pts.length - 1]).toEqual([1000, 1]);
    expect(pts[0]).toEqual([5, 0.005]);
  });
});
