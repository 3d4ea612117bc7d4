// `jobset-sim compare A B` and `report DIR` on hand-made run folders, through the CLI's main() in process.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/metrics/result.js';
import { compareResults } from '../../viz/compare.js';
import { cli } from '../support/cli-capture.js';

const work = mkdtempSync(join(tmpdir(), 'jobset-sim-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const dist = (mean: number, p90: number, n: number) => ({ mean, p50: mean, p90, p95: p90, p99: p90, max: p90, n });

function result(over: { end: number; waitMean: number; util: number; evictions: Record<string, number> }): Result {
  return {
    schema: 'jobset-sim/result/v1',
    scenario: { name: 'hand-made', seed: 1, files: ['x.yaml'] },
    end: over.end,
    jobsets: [],
    metrics: {
      jobsets: { submitted: 4, completed: 4, failed: 0, unfinished: 0 },
      queueWait: dist(over.waitMean, over.waitMean * 2, 4),
      startup: dist(6, 6, 4),
      completionTime: dist(3600, 3700, 4),
      makespan: over.end,
      utilization: { 'google.com/tpu': over.util },
      restarts: 0,
      evictions: over.evictions,
      preemptions: 0,
    },
    warnings: [],
  };
}

function folder(name: string, r: Result): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(r));
  return dir;
}

const a = folder('a', result({ end: 4000, waitMean: 100, util: 0.5, evictions: {} }));
const b = folder('b', result({ end: 3000, waitMean: 150, util: 0.75, evictions: { Preempted: 2 } }));

describe('compare', () => {
  it('computes deltas of every numeric metric, metrics only in B included', () => {
    const rows = compareResults(
      JSON.parse(readFileSync(join(a, 'result.json'), 'utf8')),
      JSON.parse(readFileSync(join(b, 'result.json'), 'utf8')),
    );
    const row = (m: string) => rows.find((r) => r.metric === m)!;
    expect(row('end')).toEqual({ metric: 'end', a: 4000, b: 3000, delta: -1000, relative: -0.25 });
    expect(row('queueWait.mean')).toEqual({ metric: 'queueWait.mean', a: 100, b: 150, delta: 50, relative: 0.5 });
    expect(row('utilization.google.com/tpu')).toMatchObject({ a: 0.5, b: 0.75, delta: 0.25, relative: 0.5 });
    expect(row('evictions.Preempted')).toEqual({
      metric: 'evictions.Preempted',
      a: null,
      b: 2,
      delta: null,
      relative: null,
    });
    expect(row('startup.mean').delta).toBe(0);
  });

  it('prints the changed metrics with signed deltas and writes --html', async () => {
    const html = join(work, 'cmp.html');
    const r = await cli('compare', a, b, '--html', html);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const line = (m: string) => lines.find((l) => l.startsWith(`${m} `))?.split(/\s+/);
    expect(line('end')).toEqual(['end', '4000', '3000', '-1000', '-25.0%']);
    expect(line('queueWait.mean')).toEqual(['queueWait.mean', '100', '150', '+50', '+50.0%']);
    expect(line('utilization.google.com/tpu')).toEqual([
      'utilization.google.com/tpu',
      '0.5',
      '0.75',
      '+0.25',
      '+50.0%',
    ]);
    expect(line('evictions.Preempted')).toEqual(['evictions.Preempted', '–', '2', '–']);
    expect(line('startup.mean')).toBeUndefined();
    expect(r.out).toContain('metric(s) unchanged; --all shows them');
    expect(readFileSync(html, 'utf8')).toContain(
      '<td>queueWait.mean</td><td>100</td><td>150</td><td>+50</td><td>+50.0%</td>',
    );
  });

  it('names the folder when it is not a run folder (exit 1)', async () => {
    const r = await cli('compare', a, join(work, 'missing'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(work, 'missing')}: no result.json (expected the --out folder of a run)`);
  });
});

describe('report command', () => {
  it('renders a folder without an event log from the result alone, with a PNG', async () => {
    const png = join(work, 'a.png');
    const r = await cli('report', a, '--png', png);
    expect(r.code).toBe(0);
    expect(existsSync(join(a, 'report.html'))).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
