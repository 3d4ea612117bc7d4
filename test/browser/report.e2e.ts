// Browser test of the run reports (`npm run e2e`; not part of `npm test`): needs Debian's chromium
// (`apt-get install -y --no-install-recommends chromium`; path from JOBSET_SIM_CHROMIUM, default /usr/bin/chromium).
// For each example it writes the run's folder, opens report.html, checks that every chart has marks bound to the
// run's data, that hovering a bar shows its details, that the console has no errors, and saves a screenshot.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { writeRunReports } from '../../src/cli/report.js';
import { simulate } from '../../src/simulate.js';

const out = resolve(process.argv[2] ?? 'out/e2e');
const executablePath = process.env.JOBSET_SIM_CHROMIUM ?? '/usr/bin/chromium';
const scenarios = ['jax-multislice', 'kueue-fair-sharing', 'restarts'];

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
  for (const name of scenarios) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    const run = simulate([`scenarios/${name}.yaml`]);
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
        charts: Array.from(document.querySelectorAll('g.chart')).map((g) => g.querySelectorAll('[data-kind]').length),
      };
    })()`)) as { bars: number; dataBars: number; lanes: number; series: number; cdf: number; charts: number[] };
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
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    check(errors.length === 0, `${name}: no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
    await page.close();
  }
} finally {
  await context.close();
}
process.stdout.write(`e2e: screenshots in ${out}\n`);
