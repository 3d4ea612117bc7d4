// Bare Workloads (`kind: Workload` in a scenario, src/kueue/bare-workload.ts): queued, admitted, preempted and
// placed by Kueue with no job behind them, finished by the runner of kueue's scheduler performance test
// (ff69552e test/performance/scheduler/runner/controller/controller.go: Finished "ByTest"/"By test runner" its
// running time after Admitted; an eviction ended by UnsetQuotaReservationWithCondition(wl, "Pending",
// "Evicted by the test runner")).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Workload } from '../../src/kueue/api.js';
import { runnerUnsetQuotaReservation } from '../../src/kueue/bare-workload.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { loaderOptions, simulate } from '../../src/simulate.js';
import { simulateChecked } from '../../src/testing/run.js';
import { runs, timeoutFor } from '../support/property-runs.js';
import { problemsOf } from '../support/scenario-problems.js';

const head = (profile = 'zero', quota = '2') => `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: bare}
spec: {seed: 1, latencyProfile: ${profile}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: rf}

${queues(quota, '{withinClusterQueue: LowerPriority}')}`;

/** ClusterQueue cq (flavor rf, cpu) and LocalQueue default/lq. */
function queues(quota: string, preemption = '{}'): string {
  return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq}
spec:
  namespaceSelector: {}
  preemption: ${preemption}
  resourceGroups:
  - coveredResources: [cpu]
    flavors:
    - name: rf
      resources: [{name: cpu, nominalQuota: "${quota}"}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq, namespace: default}
spec: {clusterQueue: cq}
`;
}

function workload(
  name: string,
  o: { count?: number; cpu?: string; at?: string; duration?: string; priority?: number; topology?: string } = {},
): string {
  const ann = [
    ...(o.duration ? [`jobset-sim.dev/duration: ${o.duration}`] : []),
    ...(o.at ? [`jobset-sim.dev/submit-at: ${o.at}`] : []),
  ];
  return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Workload
metadata:
  name: ${name}
  annotations: {${ann.join(', ')}}
spec:
  queueName: lq
${o.priority !== undefined ? `  priority: ${o.priority}\n` : ''}  podSets:
  - count: ${o.count ?? 1}
${o.topology ? `    topologyRequest: ${o.topology}\n` : ''}    template: {spec: {containers: [{name: c, image: x, resources: {requests: {cpu: "${o.cpu ?? '1'}"}}}]}}
`;
}

const load = (text: string) => loadScenarioFromTexts([{ file: 'bare.yaml', text }], loaderOptions()).scenario;
const problems = (text: string): string[] => problemsOf(() => load(text));
const conditions = (wl: Workload | undefined) =>
  Object.fromEntries((wl?.status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));

describe('bare Workloads', () => {
  const preemption =
    head() +
    workload('w1', { count: 2, duration: '10s' }) +
    workload('w2', { at: '1s', duration: '10s' }) +
    workload('hi', { at: '2s', duration: '5s', priority: 100 });

  it('are admitted, preempted and finished as the perf runner does', () => {
    let evictedConds: Record<string, unknown> | undefined;
    const run = simulate(load(preemption), {
      debug: (r, view) => {
        if (r.type === 'WorkloadAdmitted' && r.workload === 'default/w2')
          evictedConds = conditions(view.get<Workload>('Workload', 'default', 'w1'));
      },
    });
    const rows = run.events
      .filter((r) => r.type.startsWith('Workload'))
      .map((r) => `${r.t} ${r.type} ${r.workload}${r.reason ? ` ${r.reason}` : ''}`);
    // hi (priority 100) preempts w1 (priority 0) at 2 s; w1's release lets w2 (pending since 1 s) in beside hi;
    // w1 needs both cpus again: readmitted when w2 finishes at 12 s, finished 10 s later.
    expect(rows).toEqual([
      '0 WorkloadAdmitted default/w1',
      '2 WorkloadPreempted default/w1 InClusterQueue',
      '2 WorkloadAdmitted default/hi',
      '2 WorkloadAdmitted default/w2',
      '12 WorkloadAdmitted default/w1',
    ]);
    expect(run.events.find((r) => r.type === 'WorkloadAdmitted')).not.toHaveProperty('jobSet');
    // The runner cleared the admission (Admitted False, NoReservation); the same cycle's nomination then wrote
    // QuotaReserved False with the reason it still does not fit (its runner-written Pending is checked below).
    expect(evictedConds).toEqual({
      QuotaReserved: [
        'False',
        'WaitingForQuota',
        "couldn't assign flavors to pod set main: insufficient unused quota for cpu in flavor rf, 1 more needed",
      ],
      Admitted: ['False', 'NoReservation', 'The workload has no reservation'],
      Evicted: [
        'True',
        'Preempted',
        expect.stringMatching(
          /^Preempted to accommodate a workload \(UID: [0-9a-f-]+, JobUID: UNKNOWN\) due to prioritization in the ClusterQueue; preemptor path: \/cq; preemptee path: \/cq$/,
        ),
      ],
      Preempted: ['True', 'InClusterQueue', expect.stringContaining('Preempted to accommodate a workload')],
    });
    const byName = Object.fromEntries((run.result.workloads ?? []).map((w) => [w.name, w]));
    expect(byName.w1).toMatchObject({ admittedAt: 12, finishedAt: 22, state: 'finished', admissions: 2, evictions: 1 });
    expect(byName.w2).toMatchObject({ submittedAt: 1, admittedAt: 2, finishedAt: 12, evictions: 0 });
    expect(byName.hi).toMatchObject({ priority: 100, admittedAt: 2, finishedAt: 7 });
    expect(run.result.end).toBe(22);
    expect(run.result.metrics.workloads).toMatchObject({ submitted: 3, finished: 3, admitted: 0, waiting: 0 });
    expect(run.result.jobsets).toEqual([]);
  });

  it('end Finished with the runner reason, their quota released', () => {
    let last: Record<string, unknown> | undefined;
    simulate(load(head() + workload('w', { duration: '1m' })), {
      debug: (_r, view) => {
        last = conditions(view.get<Workload>('Workload', 'default', 'w'));
      },
    });
    expect(last).toMatchObject({
      QuotaReserved: ['True', 'QuotaReserved', 'Quota reserved in ClusterQueue cq'],
      Admitted: ['True', 'Admitted', 'The workload is admitted'],
    });
    const run = simulate(load(head() + workload('w', { duration: '1m' }) + workload('v', { at: '2m' })), {
      debug: (r, view) => {
        if (r.type === 'WorkloadAdmitted' && r.workload === 'default/v')
          last = conditions(view.get<Workload>('Workload', 'default', 'w'));
      },
    });
    expect(last).toMatchObject({ Finished: ['True', 'ByTest', 'By test runner'] });
    expect(last).not.toHaveProperty('Evicted');
    expect(run.result.metrics.kueue).toMatchObject({ clusterQueues: { cq: { admissions: 2 } } });
  });

  it('without a duration keep their quota and do not keep the run alive', () => {
    // waitForPodsReady off: with it (the default) a Workload without pods is evicted at its PodsReady timeout.
    const noWait = `---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
waitForPodsReady: {enable: false}
`;
    const run = simulate(load(head() + noWait + workload('forever', { count: 2 }) + workload('behind', { at: '1s' })));
    expect(run.stoppedBy).toBe('stalled');
    const [forever, behind] = run.result.workloads!;
    expect(forever).toMatchObject({ state: 'admitted', admittedAt: 0, finishedAt: null });
    expect(behind).toMatchObject({ state: 'inadmissible', admittedAt: null });
    expect(run.result.metrics.workloads).toMatchObject({ admitted: 1, waiting: 1 });
  });

  it('get a TAS placement (no pods to ungate)', () => {
    const tas = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: bare-tas}
spec: {seed: 1, latencyProfile: zero}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: rack0}
spec: {nodes: 2, resources: {cpu: "4", memory: 16Gi}, labels: {rack: r0, tas: "1"}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: rack1}
spec: {nodes: 2, resources: {cpu: "4", memory: 16Gi}, labels: {rack: r1, tas: "1"}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Topology
metadata: {name: t}
spec: {levels: [{nodeLabel: rack}, {nodeLabel: kubernetes.io/hostname}]}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: rf}
spec: {nodeLabels: {tas: "1"}, topologyName: t}
${queues('100')}`;
    const run = simulate(load(tas + workload('a', { count: 6, duration: '1m', topology: '{required: rack}' })));
    const adm = run.events.find((r) => r.type === 'WorkloadAdmitted');
    // 6 one-cpu pods in one rack of 2 × 4 cpu: the rack's two nodes, 4 + 2 (BestFit).
    const domains = (adm!.topology as Record<string, { values: string[]; count: number }[]>).main!;
    // hostname is the lowest level: the assignment names the nodes, both in rack0 (the first rack, BestFit ties).
    expect(domains).toEqual([
      { values: ['rack0-node-0'], count: 4 },
      { values: ['rack0-node-1'], count: 2 },
    ]);
  });

  it('a Workload with server-set metadata is still read as a snapshot object', () => {
    const text =
      head() +
      workload('old', { duration: '1m' }).replace(
        '  name: old\n',
        '  name: old\n  creationTimestamp: "2025-01-01T00:00:00Z"\n',
      );
    const s = load(text);
    expect(s.workloads).toBeUndefined();
    expect(s.snapshot).toBeDefined();
  });

  it('with waitForPodsReady (the default) are evicted at the PodsReady timeout: they have no pods', () => {
    const run = simulate(load(head() + workload('w', { duration: '2h' })), { stop: { at: 2000 } });
    const rows = run.events.slice(0, 3).map((r) => `${r.t} ${r.type} ${r.reason ?? ''}`.trim());
    expect(rows).toEqual(['0 WorkloadAdmitted', '1800 WorkloadEvicted PodsReadyTimeout', '1860 WorkloadAdmitted']);
  });

  it('the runner ends an eviction with Pending, "Evicted by the test runner"', () => {
    const seen: string[][] = [];
    const fake = {
      setCondition: (_t: unknown, type: string, status: string, reason: string, message: string) =>
        seen.push([type, status, reason, message]),
      ctx: { store: { updateStatus: () => seen.push(['written']) } },
    };
    const wl = { status: { admission: { clusterQueue: 'cq' } } };
    runnerUnsetQuotaReservation(fake as never, { wl } as never);
    expect(seen).toEqual([
      ['QuotaReserved', 'False', 'Pending', 'Evicted by the test runner'],
      ['Admitted', 'False', 'NoReservation', 'The workload has no reservation'],
      ['written'],
    ]);
    expect(wl.status).toEqual({});
  });

  it('report their mistakes at the field', () => {
    expect(problems(head() + workload('w').replace('  queueName: lq\n', ''))).toEqual([
      'bare.yaml: document 5 (Workload default/w): spec.queueName: required: Kueue admits a Workload only through the LocalQueue it names',
    ]);
    expect(problems(head() + workload('w', { cpu: 'lots' }))).toEqual([
      expect.stringMatching(
        /^bare\.yaml: document 5 \(Workload default\/w\): spec\.podSets\[0\]\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: /,
      ),
    ]);
    expect(problems(head() + workload('w', { duration: '-1s' }))).toEqual([
      expect.stringContaining('metadata.annotations["jobset-sim.dev/duration"]: expected a positive duration'),
    ]);
    expect(problems(`${head() + workload('w')}status: {conditions: []}\n`)).toEqual([
      expect.stringContaining('status: a Workload the scenario creates has no status'),
    ]);
    expect(problems(head() + workload('w', { count: -1 }))).toEqual([expect.stringContaining('spec.podSets[0].count')]);
  });

  it(
    'property: quota is never exceeded, every Workload with a duration finishes once, same seed = same output',
    () => {
      const arb = fc.array(
        fc.record({
          count: fc.integer({ min: 1, max: 3 }),
          at: fc.integer({ min: 0, max: 30 }),
          duration: fc.integer({ min: 1, max: 20 }),
          priority: fc.constantFrom(0, 50, 100),
        }),
        { minLength: 1, maxLength: 12 },
      );
      fc.assert(
        fc.property(arb, fc.constantFrom('zero', 'realistic'), (ws, profile) => {
          const text =
            head(profile, '3') +
            ws
              .map((w, i) =>
                workload(`w${i}`, { count: w.count, at: `${w.at}s`, duration: `${w.duration}s`, priority: w.priority }),
              )
              .join('');
          const run = simulateChecked({ texts: [{ file: 'p.yaml', text }] });
          expect(run.violations).toEqual([]);
          // (simulateChecked's quota invariant: the ClusterQueue's usage within its nominal quota at every instant)
          for (const w of run.result.workloads!) {
            expect(w.finishedAt).not.toBeNull();
            expect(w.admissions).toBe(w.evictions + 1);
            const spec = ws[Number(w.name.slice(1))]!;
            expect(w.finishedAt! - w.admittedAt!).toBeCloseTo(spec.duration, 6);
          }
          expect(JSON.stringify(simulate(load(text)).result)).toBe(JSON.stringify(simulate(load(text)).result));
        }),
        { numRuns: runs(40), seed: 7 },
      );
    },
    timeoutFor(40),
  );
});
