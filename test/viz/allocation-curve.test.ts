// The FGD study's figure: curves and seed bands from a sweep's runs.jsonl, the 130% table, and the SVG marks.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { at130Markdown, at130Table, band, curvesFromRuns, renderAllocationSvg } from '../../viz/allocation-curve.js';
import { svgToPng } from '../../viz/png.js';

const P = 'FgdStudy/openb:spec.policy';
const run = (policy: string, seed: number, ys: Record<number, number>) =>
  JSON.stringify({
    run: 0,
    arm: 0,
    params: { [P]: policy },
    seed,
    metrics: {
      'study.allocationAt130': ys[130] ?? null,
      ...Object.fromEntries(Object.entries(ys).map(([x, y]) => [`study.curve["${x}"]`, y])),
    },
  });
const lines = [
  run('random', 1, { 100: 80, 130: 85 }),
  run('fgd', 2, { 100: 96, 130: 97 }),
  run('fgd', 1, { 100: 94, 130: 95 }),
  run('fgd', 3, { 100: 95, 130: 93 }),
  JSON.stringify({ run: 9, arm: 1, params: { [P]: 'best-fit' }, seed: 1, error: { type: 'internal', message: 'x' } }),
].join('\n');

describe('allocation-curve figure', () => {
  const curves = curvesFromRuns(lines);
  it('groups runs by policy in the paper order, skipping failed runs', () => {
    expect(curves.map((c) => c.policy)).toEqual(['fgd', 'random']);
    expect(curves[0]!.seeds.map((s) => s.seed)).toEqual([1, 2, 3]);
  });
  it('bands: the median and min–max over seeds at each X', () => {
    expect(band(curves[0]!)).toEqual([
      { x: 100, median: 95, min: 94, max: 96 },
      { x: 130, median: 95, min: 93, max: 97 },
    ]);
  });
  it('the 130% table: mean, sample sd, min, max and both ranks', () => {
    const t = at130Table(curves);
    expect(t[0]).toMatchObject({ policy: 'fgd', n: 3, mean: 95, min: 93, max: 97 });
    expect(t[0]!.sd).toBeCloseTo(2, 12);
    expect(at130Markdown(curves)).toContain('| fgd | 95.00% ± 2.00 | 93.00–97.00% | 3 | 1 | 1 |');
    expect(at130Markdown(curves)).toContain('| random | 85.00% ± 0.00 | 85.00–85.00% | 1 | 2 | 6 |');
  });
  it('draws one band and one median line per policy, and the ideal line; rasterises', () => {
    const svg = renderAllocationSvg(curves);
    const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    const groups = Array.from(document.querySelectorAll('g.policy')) as Element[];
    expect(groups.map((g) => g.getAttribute('data-policy'))).toEqual(['fgd', 'random']);
    for (const g of groups) {
      expect(g.querySelector('path.band')!.getAttribute('d')).toMatch(/^M/);
      expect(g.querySelector('path.median')!.getAttribute('d')).toMatch(/^M/);
    }
    expect(document.querySelector('path.ideal')).not.toBeNull();
    expect(document.querySelector('g.legend')!.textContent).toContain('fgd 95.00% (n=3)');
    expect(svgToPng(svg, 600).subarray(1, 4).toString()).toBe('PNG');
  });
});
