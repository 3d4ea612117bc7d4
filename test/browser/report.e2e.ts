// Browser test of the run reports (`npm run e2e`; not part of `npm test`): needs Debian's chromium
// (`apt-get install -y --no-install-recommends chromium`; path from JOBSET_SIM_CHROMIUM, default /usr/bin/chromium).
// For each example it writes the run's folder, opens report.html, checks that every chart has marks bound to the
// run's data, that hovering a bar shows its details, that the console has no errors, and saves a screenshot.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { writeRunReports, writeSweepReport } from '../../src/cli/report.js';
import { simulate } from '../../src/simulate.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { readSweepFile } from '../../src/sweep/spec.js';
import type { SweepSummary } from '../../src/sweep/summary.js';
import { gridSweep } from '../viz/sweep-fixture.js';

const out = resolve(process.argv[2] ?? 'out/e2e');
const executablePath = process.env.JOBSET_SIM_CHROMIUM ?? '/usr/bin/chromium';
/** Name -> scenario files; kueue-fair-sharing-fs runs with Fair Sharing on (the DRS chart). */
const scenarios: Record<string, string[]> = {
  'jax-multislice': ['scenarios/jax-multislice.yaml'],
  'kueue-fair-sharing': ['scenarios/kueue-fair-sharing.yaml'],
  'kueue-fair-sharing-fs': ['scenarios/kueue-fair-sharing.yaml', 'scenarios/overlays/fair-sharing-on.yaml'],
  restarts: ['scenarios/restarts.yaml'],
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`e2e: ${what}`);
  process.stdout.write(`ok   ${what}\n`);
}

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'jobset-sim-chromium-')), {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
});
try {
  for (const [name, files] of Object.entries(scenarios)) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    const run = simulate(files);
    writeRunReports(dir, run.events, run.result);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    // A string, not a function: tsx's transform adds __name() helpers that do not exist in the page.
    const counts = (await page.evaluate(`(() => {
      const data = JSON.parse(document.getElementById('report-data').textContent);
      const bound = (sel) => Array.from(document.querySelectorAll(sel)).filter((e) => e.__data__ !== undefined).length;
      return {
        bars: bound('rect.bar'),
        dataBars: data.bars.length,
        lanes: bound('rect.lane'),
        series: bound('path.series'),
        cdf: bound('circle.cdf-point'),
        drs: bound('path.series[data-key^="weightedShare|"]'),
        charts: Array.from(document.querySelectorAll('g.chart')).map((g) => g.querySelectorAll('[data-kind]').length),
      };
    })()`)) as {
      bars: number;
      dataBars: number;
      lanes: number;
      series: number;
      cdf: number;
      drs: number;
      charts: number[];
    };
    const jobsCreated = run.events.filter((r) => r.type === 'JobCreated').length;
    check(counts.bars === counts.dataBars && counts.bars > 0, `${name}: ${counts.bars} timeline bars bound to data`);
    if (name === 'jax-multislice')
      check(counts.bars === jobsCreated, `${name}: one bar per child Job placement (${jobsCreated})`);
    check(counts.lanes > 0 && counts.series > 0 && counts.cdf > 0, `${name}: swimlanes, series and CDF marks bound`);
    check(
      counts.charts.every((n) => n > 0),
      `${name}: every chart has bound marks (${counts.charts.join(', ')})`,
    );
    // Move the mouse to the centre of the widest bar, then expect the tooltip of the mark under the pointer.
    const box = (await page.evaluate(`(() => {
      const r = Array.from(document.querySelectorAll('rect.bar')).map((e) => e.getBoundingClientRect())
        .sort((a, b) => b.width - a.width)[0];
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`)) as { x: number; y: number };
    await page.mouse.move(box.x, box.y);
    const hovered = (await page.evaluate(`document.elementFromPoint(${box.x}, ${box.y}).__data__.job`)) as string;
    const tip = (await page.evaluate(
      `({ display: getComputedStyle(document.getElementById('tip')).display, text: document.getElementById('tip').textContent })`,
    )) as { display: string; text: string | null };
    check(
      tip.display === 'block' && (tip.text ?? '').includes(hovered),
      `${name}: hovering a bar shows its details (${tip.text})`,
    );
    if (name === 'kueue-fair-sharing-fs') check(counts.drs === 2, `${name}: a DRS line per ClusterQueue, bound`);
    // Zoom: the wheel over the timeline rescales its x axis: the hovered bar widens, the axis gets new ticks.
    const before = (await page.evaluate(`(() => {
      const b = document.elementFromPoint(${box.x}, ${box.y});
      return { i: b.getAttribute('data-i'), w: b.getBoundingClientRect().width, ticks: Array.from(document.querySelectorAll('g.timeline-axis .tick text')).map((t) => t.textContent).join(' ') };
    })()`)) as { i: string; w: number; ticks: string };
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    const after = (await page.evaluate(`(() => {
      const b = document.querySelector('rect.bar[data-i="' + ${JSON.stringify(before.i)} + '"]');
      return { w: b.getBoundingClientRect().width, ticks: Array.from(document.querySelectorAll('g.timeline-axis .tick text')).map((t) => t.textContent).join(' ') };
    })()`)) as { w: number; ticks: string };
    check(
      after.w > before.w * 1.5 && after.ticks !== before.ticks,
      `${name}: wheel zooms the timeline (bar ${before.w.toFixed(0)} -> ${after.w.toFixed(0)} px; axis ${after.ticks})`,
    );
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    check(errors.length === 0, `${name}: no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
    await page.close();
  }

  // Sweep reports: the capacity-plan search (2 seeds, to stay quick) and a hand-made 2 × 2 grid with a failed run.
  const cp = join(out, 'sweep-capacity-plan');
  const spec = readSweepFile('scenarios/capacity-plan.sweep.yaml');
  await runSweep({ ...spec, seeds: [1, 2] }, { out: cp, workers: 1 });
  writeSweepReport(cp);
  const grid = gridSweep(join(out, 'sweep-grid'));
  writeSweepReport(grid);
  for (const dir of [cp, grid]) {
    const name = dir.split('/').pop()!;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SweepSummary;
    // Every point's datum is its arm's summary for its metric: compare with summary.json.
    const points =
      (await page.evaluate(`(() => Array.from(document.querySelectorAll('circle.sweep-point')).map((e) => ({
      arm: e.__data__ && e.__data__.arm.arm, metric: e.__data__ && e.__data__.metric, mean: e.__data__ && e.__data__.s.mean,
      attrArm: +e.getAttribute('data-arm'),
    })))()`)) as { arm: number; metric: string; mean: number; attrArm: number }[];
    const metrics = new Set(summary.arms.flatMap((a) => Object.keys(a.metrics)));
    const params = (await page.evaluate(
      `JSON.parse(document.getElementById('report-data').textContent).parameters.length`,
    )) as number;
    check(
      points.length === summary.arms.length * metrics.size * Math.max(1, params) &&
        points.every((p) => p.arm === p.attrArm && p.mean === summary.arms[p.arm]!.metrics[p.metric]!.mean),
      `${name}: ${points.length} points bound to their arm's mean in summary.json`,
    );
    const probes = (await page.evaluate(
      `Array.from(document.querySelectorAll('circle.probe')).filter((e) => e.__data__ !== undefined).length`,
    )) as number;
    check(probes === (summary.search?.steps.length ?? 0), `${name}: ${probes} capacity-search probes bound`);
    const box = (await page.evaluate(`(() => {
      const r = document.querySelector('circle.sweep-point').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`)) as { x: number; y: number };
    await page.mouse.move(box.x, box.y);
    const want = (await page.evaluate(
      `(() => { const d = document.elementFromPoint(${box.x}, ${box.y}).__data__; return d.metric + ': mean ' + (+d.s.mean.toPrecision(6)); })()`,
    )) as string;
    const tip = (await page.evaluate(
      `({ display: getComputedStyle(document.getElementById('tip')).display, text: document.getElementById('tip').textContent })`,
    )) as { display: string; text: string | null };
    check(
      tip.display === 'block' && (tip.text ?? '').includes(want),
      `${name}: hovering a point shows its arm (${tip.text})`,
    );
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    check(errors.length === 0, `${name}: no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
    await page.close();
  }
} finally {
  await context.close();
}
process.stdout.write(`e2e: screenshots in ${out}\n`);
