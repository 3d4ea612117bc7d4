// bench/kueue-perf.ts's scenario builder: upstream's generator config (kueue ff69552e
// test/performance/scheduler/runner/generator) as bare Workloads (the default, as upstream's runner creates them) or
// as JobSets through the pod model. Under zero latencies both modes must take the same Kueue decisions.
import { describe, expect, it } from 'vitest';
import { build, type GeneratorConfig } from '../../bench/kueue-perf.js';
import type { Workload } from '../../src/kueue/api.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { loaderOptions, simulate } from '../../src/simulate.js';

// A scaled-down large-scale config: 2 cohorts × 3 ClusterQueues, the three workload classes.
const GEN: GeneratorConfig = {
  cohorts: [
    {
      className: 'cohort',
      count: 2,
      queuesSets: [
        {
          className: 'cq',
          count: 3,
          nominalQuota: 20,
          borrowingLimit: 100,
          reclaimWithinCohort: 'Any',
          withinClusterQueue: 'LowerPriority',
          workloadsSets: [
            {
              count: 12,
              creationIntervalMs: 60,
              workloads: [{ className: 'small', runtimeMs: 150, priority: 50, request: 1 }],
            },
            {
              count: 4,
              creationIntervalMs: 300,
              workloads: [{ className: 'medium', runtimeMs: 350, priority: 100, request: 5 }],
            },
            {
              count: 2,
              creationIntervalMs: 700,
              workloads: [{ className: 'large', runtimeMs: 700, priority: 200, request: 20 }],
            },
          ],
        },
      ],
    },
  ],
};

function run(mode: 'workload' | 'jobset') {
  const b = build('small-large-scale', GEN, 'zero', mode);
  const scenario = loadScenarioFromTexts([{ file: 'perf.yaml', documents: b.documents }], loaderOptions()).scenario;
  return { b, scenario, run: simulate(scenario, { retainEvents: true, seriesMaxPoints: 0 }) };
}

describe('kueue-perf scenario builder', () => {
  it('builds upstream generateWlSet Workloads: names, labels, priority, one podset main', () => {
    const { b, scenario } = run('workload');
    expect(b.workloads).toBe(6 * 18);
    expect(b.nodes).toBe(0);
    // names repeat per ClusterQueue (each its own namespace), as upstream's
    const w = scenario.workloads!.find(
      (x) => x.object.metadata.name === 'medium-1-2-0' && x.object.metadata.namespace === 'cq-0-1-cohort-0',
    )!;
    expect(w.submitAt).toBe(3 * 300_000); // the 3rd creation of its set, every creationIntervalMs
    const wl: Workload = w.object;
    expect(wl.metadata.labels).toEqual({
      'kueue.x-k8s.io/performance-scheduler-running-ms': '350',
      'kueue.x-k8s.io/performance-scheduler-class': 'medium',
    });
    expect(wl.spec).toMatchObject({ queueName: 'cq-0-1-cohort-0', priority: 100 });
    expect(wl.spec.podSets).toHaveLength(1);
    expect(wl.spec.podSets[0]).toMatchObject({ name: 'main', count: 1 });
    expect(wl.spec.podSets[0]!.template.spec.containers[0]!.resources?.requests).toEqual({ cpu: '5' });
  });

  it('bare Workloads and JobSets take the same admissions under zero latencies', () => {
    const bare = run('workload').run;
    const js = run('jobset').run;
    const bareTimes = bare.result
      .workloads!.map((w) => `${w.namespace}/${w.name} ${w.submittedAt} ${w.admittedAt} ${w.finishedAt}`)
      .sort();
    const jsTimes = js.result.jobsets
      .map((j) => `${j.namespace}/${j.name} ${j.submittedAt} ${j.admittedAt} ${j.finishedAt}`)
      .sort();
    expect(bareTimes).toEqual(jsTimes);
    expect(bare.result.metrics.workloads).toMatchObject({ submitted: 108, finished: 108 });
    // large workloads (priority 200, a whole nominal quota) preempt: the same evictions in both modes
    const evictions = (r: typeof bare) =>
      r.events
        .filter((e) => e.type === 'WorkloadPreempted')
        .map((e) => `${e.t} ${e.clusterQueue} ${e.reason}`)
        .sort();
    expect(evictions(bare).length).toBeGreaterThan(0);
    expect(evictions(bare)).toEqual(evictions(js));
  });
});
