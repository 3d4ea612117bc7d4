// scenarios/fgd-openb.yaml end to end: the FgdStudy kind runs the study's replay through the same door as any
// scenario (simulate, the run summary), and its problems are reported in the loader's format.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summary } from '../../src/cli/summary.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { simulate } from '../../src/simulate.js';
import type { StudyMetrics } from '../../src/study/result.js';

const FILE = 'scenarios/fgd-openb.yaml';
const studyOf = (sets: string[], seed = 42) => {
  const run = simulate(FILE, { seed, sets });
  return { run, study: run.result.metrics.study as StudyMetrics };
};

describe('scenarios/fgd-openb.yaml', () => {
  const fgd = studyOf([]);
  const bestFit = studyOf(['FgdStudy/openb:spec.policy=best-fit']);
  it('carries the allocation curve for arrived 0..130% and its value at 130%', () => {
    const c = fgd.study.allocationCurve;
    expect(c.map(([x]) => x)).toEqual(Array.from({ length: 131 }, (_, i) => i));
    expect(fgd.study.allocationAt130).toBe(c[130]![1]);
    expect(fgd.study.curve['130']).toBe(c[130]![1]);
    expect(fgd.study.pods).toMatchObject({ submitted: 10866, tunedClones: 2714 });
    expect(fgd.study.arrivedGpuMilli).toBe(8075080);
    expect(fgd.run.result.jobsets).toEqual([]);
  });
  it('tracks the ideal line early and stays below capacity', () => {
    const c = new Map(fgd.study.allocationCurve);
    expect(Math.abs(c.get(50)! - 50)).toBeLessThan(0.5);
    for (const [, y] of fgd.study.allocationCurve) expect(y).toBeLessThanOrEqual(100);
  });
  it('FGD allocates more than BestFit at 130% (seed 42), as the paper orders them', () => {
    expect(bestFit.study.policy).toBe('best-fit');
    expect(fgd.study.allocationAt130!).toBeGreaterThan(bestFit.study.allocationAt130!);
  });
  it('is deterministic for a seed and differs between seeds', () => {
    expect(studyOf([]).study.allocationCurve).toEqual(fgd.study.allocationCurve);
    expect(studyOf([], 43).study.allocationCurve).not.toEqual(fgd.study.allocationCurve);
  });
  it('prints a study summary', () => {
    const text = summary(fgd.run.result);
    expect(text).toContain('FGD study fgd-openb (policy fgd, seed 42)');
    expect(text).toContain('10866 submitted (2714 tuned clones)');
    expect(text).toContain(`${fgd.study.allocationAt130!.toFixed(2)}% at 130%`);
  });
});

describe('FgdStudy validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgd-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  write('nodes.csv', 'sn,cpu_milli,memory_mib,gpu,model\nn0,8000,1024,2,T4\nn1,8000,1024,x,T4\n');
  write('pods.csv', 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\np0,1000,10,1,500,\n');
  const problems = (spec: string, extra = '') => {
    const f = write(
      's.yaml',
      `apiVersion: jobset-sim.dev/v1alpha1\nkind: FgdStudy\nmetadata: {name: s}\nspec: ${spec}\n${extra}`,
    );
    try {
      simulate(f);
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path ?? ''}: ${p.message}`);
      throw e;
    }
    return [];
  };
  it('names the field and suggests the policy', () => {
    expect(problems('{nodes: nodes.csv, pods: pods.csv, policy: bestfit}')).toContain(
      'spec.policy: expected random, dot-product, gpu-clustering, gpu-packing, best-fit or fgd, got "bestfit"; did you mean "best-fit"?',
    );
  });
  it('reports a missing file and a bad cell at their fields', () => {
    const p = problems('{nodes: nodes.csv, pods: nope.csv}');
    expect(p.some((m) => m.startsWith('spec.pods: cannot read "nope.csv"') && m.includes('no such file'))).toBe(true);
    expect(problems('{nodes: nodes.csv, pods: pods.csv}')).toEqual([
      'spec.nodes: nodes.csv line 3, column gpu: expected a non-negative integer, got "x"',
    ]);
  });
  it('refuses other workloads beside the study', () => {
    write('nodes-ok.csv', 'sn,cpu_milli,memory_mib,gpu,model\nn0,8000,1024,2,T4\n');
    const p = problems(
      '{nodes: nodes-ok.csv, pods: pods.csv}',
      '---\napiVersion: jobset-sim.dev/v1alpha1\nkind: NodePool\nmetadata: {name: extra}\nspec: {nodes: 1, resources: {cpu: "8"}}\n',
    );
    expect(p.some((m) => m.includes('an FgdStudy scenario replays only its own node and pod lists'))).toBe(true);
  });
  it('runs a hand-built cluster: the share lands, the ratio caps the clones', () => {
    const f = write(
      'ok.yaml',
      'apiVersion: jobset-sim.dev/v1alpha1\nkind: FgdStudy\nmetadata: {name: s}\nspec: {nodes: nodes-ok.csv, pods: pods.csv, tuneRatio: 1}\n',
    );
    const s = simulate(f, { seed: 7 }).result.metrics.study as StudyMetrics;
    // 2 GPUs = 2000 milli; 500-milli clones are added while the total stays ≤ 2000: 4 pods in all
    expect(s.pods).toEqual({ submitted: 4, placed: 4, failed: 0, tunedClones: 3 });
    expect(s.allocatedGpuMilli).toBe(2000);
  });
});
