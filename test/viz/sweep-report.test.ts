// The sweep report on hand-made sweep folders (summary.json written by the sweep's own buildSummary): one mark per
// arm × metric × parameter at the summary's mean, CI whiskers and bands at its ci95, the capacity-search probes, the
// failed runs, PNG text, and the `report` command on a sweep folder.
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RunRecord } from '../../src/sweep/record.js';
import { capacitySearch } from '../../src/sweep/search.js';
import type { SweepSummary } from '../../src/sweep/summary.js';
import { svgToPixels } from '../../viz/png.js';
import { readSweepFolder } from '../../viz/sweep-data.js';
import { sweepReportFromFolder } from '../../viz/sweep-report.js';
import { cli } from '../support/cli-capture.js';
import { gridSweep, writeSweepFolder } from './sweep-fixture.js';

const work = mkdtempSync(join(tmpdir(), 'jobset-sim-sweep-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function rendered(dir: string) {
  const r = sweepReportFromFolder(dir);
  const { document } = parseHTML(`<!doctype html><html><body>${r.svg}</body></html>`);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SweepSummary;
  return { r, document, summary };
}

/** The value a y pixel stands for in a panel (its data-y-domain and data-y-range attributes). */
function valueAt(panel: Element, py: number): number {
  const [d0, d1] = panel.getAttribute('data-y-domain')!.split(',').map(Number) as [number, number];
  const [r0, r1] = panel.getAttribute('data-y-range')!.split(',').map(Number) as [number, number];
  return d0 + ((py - r0) / (r1 - r0)) * (d1 - d0);
}

const grid = rendered(gridSweep(join(work, 'grid')));

describe('sweep report: metric against parameter', () => {
  const metrics = ['queueWait.p95', 'makespan'];
  const params = ['scheduler.policy', 'NodePool/v5p:spec.replicas'];

  it('has the parameters (categorical policy, numeric replicas) and metrics of the summary', () => {
    const d = grid.r.data;
    expect(d.parameters.map((p) => [p.path, p.kind, p.values])).toEqual([
      ['scheduler.policy', 'categorical', ['default', 'binpack']],
      ['NodePool/v5p:spec.replicas', 'numeric', [4, 6]],
    ]);
    expect(d.metrics).toEqual(metrics);
  });

  it('one point per arm × metric in every parameter panel, at the arm mean of summary.json', () => {
    for (const metric of metrics) {
      for (const param of params) {
        const panel = Array.from(grid.document.querySelectorAll('g.sweep-panel')).find(
          (g) => g.getAttribute('data-metric') === metric && g.getAttribute('data-param') === param,
        ) as Element;
        const points = Array.from(panel.querySelectorAll('circle.sweep-point')) as Element[];
        expect(points.map((p) => Number(p.getAttribute('data-arm'))).sort()).toEqual([0, 1, 2, 3]);
        for (const p of points) {
          const arm = grid.summary.arms[Number(p.getAttribute('data-arm'))]!;
          expect(p.getAttribute('data-metric')).toBe(metric);
          expect(valueAt(panel, Number(p.getAttribute('cy')))).toBeCloseTo(arm.metrics[metric]!.mean!, 6);
        }
      }
    }
    expect(grid.document.querySelectorAll('circle.sweep-point')).toHaveLength(4 * 2 * 2);
    // Hand-made numbers: arm 3 lost its third run, so its queueWait.p95 mean is over 2 runs (1000 and 1100).
    expect(grid.summary.arms[3]!.metrics['queueWait.p95']).toMatchObject({ n: 2, mean: 1050 });
  });

  it('categorical panels: CI whiskers from ci95, the arms side by side within each category', () => {
    const panel = Array.from(grid.document.querySelectorAll('g.sweep-panel')).find(
      (g) => g.getAttribute('data-metric') === 'queueWait.p95' && g.getAttribute('data-param') === 'scheduler.policy',
    ) as Element;
    const whiskers = Array.from(panel.querySelectorAll('line.ci')) as Element[];
    expect(whiskers).toHaveLength(4);
    for (const w of whiskers) {
      const ci = grid.summary.arms[Number(w.getAttribute('data-arm'))]!.metrics['queueWait.p95']!.ci95!;
      expect(valueAt(panel, Number(w.getAttribute('y1')))).toBeCloseTo(ci[0], 6);
      expect(valueAt(panel, Number(w.getAttribute('y2')))).toBeCloseTo(ci[1], 6);
    }
    // Arms 0 and 1 (policy default, replicas 4 and 6) share the first category, side by side, left of binpack's.
    const x = (arm: number) =>
      Number(whiskers.find((w) => w.getAttribute('data-arm') === String(arm))!.getAttribute('x1'));
    expect(x(0)).toBeLessThan(x(1));
    expect(x(1)).toBeLessThan(x(2));
    expect(x(2)).toBeLessThan(x(3));
  });

  it('numeric panels: one CI band per series, its edges at the arms ci95 (upper forward, lower back)', () => {
    const panel = Array.from(grid.document.querySelectorAll('g.sweep-panel')).find(
      (g) => g.getAttribute('data-metric') === 'makespan' && g.getAttribute('data-param') === params[1],
    ) as Element;
    const bands = Array.from(panel.querySelectorAll('path.band')) as Element[];
    expect(bands.map((b) => b.getAttribute('data-arms'))).toEqual(['0,1', '2,3']);
    for (const b of bands) {
      const arms = b.getAttribute('data-arms')!.split(',').map(Number);
      const ys = [...b.getAttribute('d')!.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) =>
        valueAt(panel, Number(m[2])),
      );
      const ci = arms.map((a) => grid.summary.arms[a]!.metrics.makespan!.ci95!);
      // d3 writes path coordinates to 1e-3 px (here ~0.4 units a pixel), hence 2 decimals.
      expect(ys).toHaveLength(4);
      expect(ys[0]).toBeCloseTo(ci[0]![1], 2);
      expect(ys[1]).toBeCloseTo(ci[1]![1], 2);
      expect(ys[2]).toBeCloseTo(ci[1]![0], 2);
      expect(ys[3]).toBeCloseTo(ci[0]![0], 2);
    }
  });

  it('per-arm table rows and the failed run with its error', () => {
    expect(grid.document.querySelectorAll('g.arm-row')).toHaveLength(4);
    const row3 = grid.document.querySelector('g.arm-row[data-arm="3"]')!.textContent;
    expect(row3).toContain('1050'); // queueWait.p95 mean
    expect(row3).toContain('[414.69, 1685.31]'); // its ci95: 1050 ± t(0.975, 1)·70.7107/√2 = 1050 ± 635.31
    const failed = Array.from(grid.document.querySelectorAll('text.failed-run')).map((t) => t.textContent);
    expect(failed).toEqual([
      'run 11 (arm 3, seed 3) invalid: x.yaml: document 2 (NodePool v5p): spec.replicas: expected at most 5',
    ]);
  });

  it('standalone HTML: d3 inlined, the summary numbers as JSON', () => {
    const html = grid.r.html;
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('d3js.org');
    const json = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(json.arms).toEqual(grid.summary.arms);
  });

  it('PNG has text: the title area has ink with the shipped fonts and none without', () => {
    const ink = (fonts: boolean) => {
      const { width, pixels } = svgToPixels(grid.r.svg, 1200, fonts);
      let dark = 0;
      for (let y = 8; y < 40; y++) for (let x = 0; x < width; x++) if (pixels[(y * width + x) * 4]! < 128) dark++;
      return dark;
    };
    expect(ink(true)).toBeGreaterThan(1000);
    expect(ink(false)).toBe(0);
  });
});

describe('sweep report: capacity search', async () => {
  // replicas v gives queueWait.p95 = 8000 / v + 100·i over seeds i = 0..2: mean 8000/v + 100, sd 100.
  const seeds = [1, 2, 3];
  const waitOf = (v: number, i: number) => 8000 / v + 100 * i;
  const spec = {
    parameter: 'NodePool/v5p:spec.replicas',
    min: 1,
    max: 16,
    metric: 'queueWait.p95',
    direction: 'atMost' as const,
    target: 1000,
    confidence: 0.95,
    linked: [{ path: 'ClusterQueue/vision:spec.quota', times: 16 }],
  };
  const tried: number[] = [];
  const search = await capacitySearch(spec, async (value) => {
    tried.push(value);
    const arm = tried.length - 1;
    const params = { [spec.parameter]: value, 'ClusterQueue/vision:spec.quota': value * 16 };
    const records: RunRecord[] = seeds.map((seed, i) => ({
      run: arm * 3 + i,
      arm,
      params,
      seed,
      metrics: { 'queueWait.p95': waitOf(value, i) },
    }));
    return { arm, records };
  });
  const dir = writeSweepFolder(join(work, 'search'), {
    name: 'search',
    arms: tried.map(
      (v) => ({ [spec.parameter]: v, 'ClusterQueue/vision:spec.quota': v * 16 }) as Record<string, unknown>,
    ),
    seeds,
    value: (arm, i) => ({ 'queueWait.p95': waitOf(tried[arm]!, i) }),
    search,
  });
  const s = rendered(dir);

  it('lists every probe in the order tried, the answer and the criterion', () => {
    // Upper bound = 8000/v + 100 + t(0.95, 2)·100/√3 = 8000/v + 100 + 2.919986·57.735 = 8000/v + 268.58;
    // ≤ 1000 when v ≥ 10.94: 11 meets it, 10 does not (8000/10 + 268.58 = 1068.58).
    expect(search.answer).toBe(11);
    const probes = Array.from(s.document.querySelectorAll('circle.probe')) as Element[];
    expect(probes).toHaveLength(search.steps.length);
    expect(probes.map((p) => s.r.data.search!.steps[Number(p.getAttribute('data-i'))]!.value)).toEqual(tried);
    const steps = Array.from(s.document.querySelectorAll('g.search-step')).map((g) =>
      Array.from(g.querySelectorAll('text')).map((t) => t.textContent),
    );
    expect(steps.map((r) => [r[1], r[7]])).toEqual(search.steps.map((p) => [String(p.value), p.meets ? 'yes' : 'no']));
    expect(s.document.querySelector('text.search-answer')!.textContent).toBe('Answer: replicas = 11');
    const text = s.document.querySelector('g.sweep-search')!.textContent;
    expect(text).toContain('queueWait.p95 upper one-sided 95% confidence bound on the mean ≤ 1000');
    expect(s.document.querySelector('text.search-message')!.textContent).toContain(
      'NodePool/v5p:spec.replicas = 11 is the smallest value meeting',
    );
  });

  it('the linked field is not an axis of its own', () => {
    expect(s.r.data.parameters.map((p) => p.path)).toEqual([spec.parameter]);
    expect(s.r.data.linked).toEqual([{ path: 'ClusterQueue/vision:spec.quota', times: 16 }]);
    expect(s.document.querySelectorAll('circle.sweep-point')).toHaveLength(tried.length);
  });
});

describe('sweep report: a list sweep', () => {
  it('a parameter absent from some arms is "(unset)"; an arm whose runs all failed has no points', () => {
    // As test/e2e/sweep.test.ts's sweep: latencyProfile set in one arm only, replicas 0 failing every run.
    const dir = writeSweepFolder(join(work, 'list'), {
      name: 'list',
      arms: [
        { 'NodePool/v5e-slice:spec.replicas': 4 },
        { 'NodePool/v5e-slice:spec.replicas': 3, latencyProfile: 'zero' },
        { 'NodePool/v5e-slice:spec.replicas': 0 },
      ],
      seeds: [1, 2],
      value: (arm, i) => (arm === 2 ? 'spec.replicas: must be at least 1' : { makespan: 3600 + arm * 10 + i }),
    });
    const s = rendered(dir);
    expect(s.r.data.parameters.map((p) => [p.path, p.kind, p.values])).toEqual([
      ['NodePool/v5e-slice:spec.replicas', 'numeric', [0, 3, 4]],
      ['latencyProfile', 'categorical', [undefined, 'zero']],
    ]);
    const ticks = Array.from(s.document.querySelectorAll('g.sweep-panel[data-param="latencyProfile"] .tick text'));
    expect(ticks.map((t) => t.textContent).slice(-2)).toEqual(['(unset)', 'zero']); // the x axis, after the y axis
    const arms = Array.from(s.document.querySelectorAll('circle.sweep-point')).map((c) => c.getAttribute('data-arm'));
    expect(arms.sort()).toEqual(['0', '0', '1', '1']);
    expect(s.document.querySelectorAll('text.failed-run')).toHaveLength(2);
  });
});

describe('report command on a sweep folder', () => {
  it('sweep --out writes report.html at its end, one point per arm and metric', async () => {
    const file = join(work, 'tiny.sweep.yaml');
    writeFileSync(
      file,
      `apiVersion: jobset-sim.dev/v1alpha1
kind: Sweep
metadata: {name: tiny}
spec:
  scenario: [${join(process.cwd(), 'scenarios/jax-multislice.yaml')}]
  seeds: 2
  metrics: [makespan]
  parameters: {grid: {NodePool/v5e-slice:spec.replicas: [4, 5]}}
`,
    );
    const out = join(work, 'tiny');
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'jobset-sim', 'sweep', file, '--out', out, '--workers', '1', '--quiet'])).toBe(0);
    } finally {
      o.mockRestore();
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/class="sweep-point"/g)).toHaveLength(2);
    expect(html).toContain('jobset-sim sweep report: tiny');
  });

  it('writes report.html, also from runs.jsonl alone while the sweep has no summary.json yet', async () => {
    const dir = gridSweep(join(work, 'partial'));
    unlinkSync(join(dir, 'summary.json'));
    const folder = readSweepFolder(dir);
    expect(folder.partial).toBe(true);
    expect(folder.summary.arms[3]!.metrics['queueWait.p95']!.mean).toBe(1050);
    const r = await cli('report', dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('no summary.json yet: summarised from runs.jsonl');
  });

  it('names the folder when it is not a sweep: a summary.json of another schema', async () => {
    const dir = gridSweep(join(work, 'bad'));
    const file = join(dir, 'summary.json');
    const text = readFileSync(file, 'utf8').replace('jobset-sim/sweep-summary/v1', 'other/v1');
    writeFileSync(file, text);
    const r = await cli('report', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}: schema: expected "jobset-sim/sweep-summary/v1"`);
  });
});

describe('an FgdStudy sweep: the allocation curves in the report', () => {
  it("draws one median line per policy from the runs' study.curve points, and no panel per curve point", () => {
    // Two policies × two seeds; each run's curve is y = x up to a policy's ceiling (fgd 95, random 88), so the
    // figure's legend carries the medians at 130% and the panels are only the scalar metrics.
    const ceiling = [95, 88];
    const dir = writeSweepFolder(join(work, 'fgd'), {
      name: 'fgd',
      arms: [{ 'FgdStudy/openb:spec.policy': 'fgd' }, { 'FgdStudy/openb:spec.policy': 'random' }],
      seeds: [42, 43],
      value: (arm, i) => {
        const m: Record<string, number | null> = { 'study.allocationAt130': ceiling[arm]! - i };
        for (let x = 0; x <= 130; x += 10) m[`study.curve["${x}"]`] = Math.min(x, ceiling[arm]! - i);
        return m;
      },
    });
    const { document } = rendered(dir);
    const fig = document.querySelector('g.allocation-curves');
    expect(fig).not.toBeNull();
    const legend = Array.from(fig!.querySelectorAll('text')).map((t) => t.textContent);
    expect(legend).toContain('fgd 94.50% (n=2)');
    expect(legend).toContain('random 87.50% (n=2)');
    const titles = Array.from(document.querySelectorAll('text')).map((t) => t.textContent ?? '');
    expect(titles.some((t) => t.startsWith('study.allocationAt130 vs'))).toBe(true);
    expect(titles.some((t) => t.includes('study.curve['))).toBe(false);
  });
});
