// `jobset-sim predict` on small hand-built clusters whose answer is known: free quota (admitted in the Kueue
// latencies, running after podStartup), a full ClusterQueue freed at a known time (deterministic durations), a
// higher-priority submit preempting a named workload, a submit that can never run (scheduler preflight, and
// Kueue's ExceedsMaxQuota), the wait reasons' upstream texts, the fitted arrivals, the JSON schema, input errors in
// the loader's format, and the same report from the worker pool as in-process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawArrivals, fitArrivals } from '../../src/predict/arrivals.js';
import { formatReport } from '../../src/predict/format.js';
import { finishShortcut, runFuture } from '../../src/predict/future.js';
import { makePlan } from '../../src/predict/plan.js';
import { type PredictOptions, predict } from '../../src/predict/run-predict.js';
import type { PredictPlan } from '../../src/predict/types.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { loadFiles } from '../../src/simulate.js';

const work = mkdtempSync(join(tmpdir(), 'jobset-sim-predict-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
}

/** 4 hosts of 8 GPUs; one ClusterQueue `cq` with `quota` GPUs of flavor `gpu`, preempting lower priority. */
function cluster(quota: number, opts: { kueue?: boolean; latency?: 'zero' | 'realistic'; hosts?: number } = {}) {
  const kueue = opts.kueue ?? true;
  let text = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: predict-test}
spec: {seed: 1, latencyProfile: ${opts.latency ?? 'realistic'}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: h100}
spec: {nodes: ${opts.hosts ?? 4}, gpu: {type: h100-80gb, count: 8}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high-pods}
value: 1000
`;
  if (kueue) {
    text += `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: gpu}
spec: {nodeLabels: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: low}
value: 100
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq}
spec:
  namespaceSelector: {}
  preemption: {withinClusterQueue: LowerPriority}
  resourceGroups:
  - coveredResources: [nvidia.com/gpu]
    flavors: [{name: gpu, resources: [{name: nvidia.com/gpu, nominalQuota: ${quota}}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq, namespace: default}
spec: {clusterQueue: cq}
`;
  }
  return text;
}

interface JobSetOpts {
  pods: number;
  gpus?: number;
  duration?: string;
  at?: string;
  priority?: 'low' | 'high';
  queue?: boolean;
  podPriorityClass?: string;
}

function jobSet(name: string, o: JobSetOpts): string {
  const labels: string[] = [];
  if (o.queue !== false) labels.push('kueue.x-k8s.io/queue-name: lq');
  if (o.priority) labels.push(`kueue.x-k8s.io/priority-class: ${o.priority}`);
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  labels: {${labels.join(', ')}}
  annotations: {jobset-sim.dev/duration: ${o.duration ?? '1h'}${o.at ? `, jobset-sim.dev/submit-at: ${o.at}` : ''}}
spec:
  replicatedJobs:
  - name: workers
    template:
      spec:
        parallelism: ${o.pods}
        completions: ${o.pods}
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never${o.podPriorityClass ? `\n            priorityClassName: ${o.podPriorityClass}` : ''}
            containers:
            - name: train
              image: train:latest
              resources: {limits: {nvidia.com/gpu: ${o.gpus ?? 8}}}
`;
}

const run = (o: PredictOptions) => predict({ workers: 0, runs: 3, ...o });

describe('predict: the answer on clusters with a known one', () => {
  it('free quota: admitted after the Kueue latencies, every pod running after podStartup, done after its duration', async () => {
    const files = [file('free.yaml', cluster(32))];
    const submit = file('free-submit.yaml', jobSet('train', { pods: 2 }));
    const { report } = await run({ files, submit });
    // kueueJobReconcile (10 ms: the Workload) + kueueCycle (10 ms: the admission).
    expect(report.timeToAdmission).toEqual({ n: 3, never: 0, min: 0.02, p50: 0.02, p90: 0.02, max: 0.02 });
    // Then the JobSet resumed (kueueJobReconcile), its Job and pods created, bound, Running after podStartup (5 s).
    expect(report.timeToAllRunning.p50).toBeGreaterThan(5.02);
    expect(report.timeToAllRunning.p50).toBeLessThan(5.1);
    expect(report.timeToCompletion.p50).toBeGreaterThan(3605);
    expect(report.timeToCompletion.p50).toBeLessThan(3610);
    expect(report.neverStarted).toBe(0);
    expect(report.completed).toBe(1);
    expect(report.landing).toEqual([
      { clusterQueue: 'cq', flavors: { workers: { 'nvidia.com/gpu': 'gpu' } }, share: 1 },
    ]);
    expect(report.preemptions).toEqual({ futures: 0, victims: [] });
    expect(report.waits).toEqual({ futures: 0, byCategory: [] });
  });

  it('full ClusterQueue: admitted when the running JobSet ends (deterministic durations, zero latencies)', async () => {
    const files = [
      file('full.yaml', cluster(16, { latency: 'zero' }) + jobSet('running', { pods: 2, duration: '2h' })),
    ];
    const submit = file('full-submit.yaml', jobSet('next', { pods: 2, duration: '30m' }));
    const { report } = await run({ files, submit });
    expect(report.timeToAdmission).toEqual({ n: 3, never: 0, min: 7200, p50: 7200, p90: 7200, max: 7200 });
    expect(report.timeToAllRunning.p50).toBe(7200);
    expect(report.timeToCompletion.p50).toBe(9000);
    // Kueue's QuotaReserved message for the whole wait (kueue pkg/scheduler/flavorassigner).
    expect(report.waits.futures).toBe(1);
    expect(report.waits.byCategory).toEqual([
      {
        category: 'quota',
        share: 1,
        meanSeconds: 7200,
        reason: 'WaitingForQuota',
        message:
          "couldn't assign flavors to pod set workers: insufficient unused quota for nvidia.com/gpu in flavor gpu, 16 more needed",
      },
    ]);
    // The same cluster asked one hour in (--at): the wait is an hour shorter.
    const later = await run({ files, submit, at: '1h' });
    expect(later.report.timeToAdmission.p50).toBe(3600);
    expect(later.report.at).toBe(3600);
    expect(formatReport(later.report)).toContain('default/next submitted at 1h');
  });

  it('preemption: a higher-priority submit preempts the named running workload', async () => {
    const files = [
      file(
        'preempt.yaml',
        cluster(32) +
          jobSet('victim', { pods: 4, priority: 'low', duration: '4h' }) +
          jobSet('bystander', {
            pods: 1,
            queue: false,
            duration: '4h',
          }),
      ),
    ];
    const submit = file('preempt-submit.yaml', jobSet('urgent', { pods: 2, priority: 'high', duration: '30m' }));
    const { report } = await run({ files, submit, at: '10m' });
    expect(report.preemptions).toEqual({ futures: 1, victims: [{ name: 'default/victim', share: 1 }] });
    expect(report.neverStarted).toBe(0);
    // Admitted once the victim's pods are gone (podTermination 1 s) and its quota released.
    expect(report.timeToAdmission.p50).toBeGreaterThan(1);
    expect(report.timeToAdmission.p50).toBeLessThan(3);
    expect(report.waits.byCategory[0]).toMatchObject({
      category: 'preemption',
      reason: 'WaitingForPreemptedWorkloads',
    });
    expect(report.waits.byCategory[0]?.message).toMatch(/Pending the preemption of 1 workload\(s\)$/);
    expect(formatReport(report)).toContain('preempts   default/victim 100%');
  });

  it('without Kueue: the wait is the scheduler (FailedScheduling), the victim of pod preemption is named', async () => {
    const files = [
      file('plain.yaml', cluster(0, { kueue: false, hosts: 1 }) + jobSet('busy', { pods: 1, queue: false })),
    ];
    const waiting = file('plain-submit.yaml', jobSet('later', { pods: 1, queue: false, duration: '10m' }));
    const { report } = await run({ files, submit: waiting });
    expect(report.submitted.kueue).toBe(false);
    expect(report.landing).toEqual([]);
    expect(report.timeToAdmission.p50).toBeGreaterThan(3600); // first pod bound once `busy` is done
    expect(report.waits.byCategory[0]).toMatchObject({
      category: 'capacity',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.',
    });
    const urgent = file(
      'plain-urgent.yaml',
      jobSet('urgent', { pods: 1, queue: false, podPriorityClass: 'high-pods' }),
    );
    const pre = await run({ files, submit: urgent, at: '1m' });
    expect(pre.report.preemptions.victims).toEqual([{ name: 'default/busy', share: 1 }]);
  });

  it('never schedulable: the preflight answers without running futures', async () => {
    const files = [file('never.yaml', cluster(64))];
    const submit = file('never-submit.yaml', jobSet('huge', { pods: 1, gpus: 16 }));
    const { report } = await run({ files, submit });
    expect(report.neverStarted).toBe(1);
    expect(report.timeToAdmission).toMatchObject({ n: 0, never: 1, p50: null });
    expect(report.waits.byCategory).toEqual([
      {
        category: 'neverSchedulable',
        share: 1,
        meanSeconds: 30 * 86400,
        reason: 'NeverSchedulable',
        message: expect.stringContaining('pod shape {nvidia.com/gpu: 16} fits no node, whatever else runs'),
      },
    ]);
    expect(report.runs.every((r) => r.stoppedBy === 'preflight')).toBe(true);
  });

  it('more than the ClusterQueue can ever hold: Kueue ExceedsMaxQuota ends each future at once', async () => {
    const files = [file('exceeds.yaml', cluster(16))];
    const submit = file('exceeds-submit.yaml', jobSet('big', { pods: 3 }));
    const { report } = await run({ files, submit, horizon: '2d' });
    expect(report.neverStarted).toBe(1);
    expect(report.runs.every((r) => r.stoppedBy === 'stopped' && r.end < 1)).toBe(true);
    expect(report.waits.byCategory).toEqual([
      {
        category: 'quota',
        share: 1,
        meanSeconds: 2 * 86400,
        reason: 'ExceedsMaxQuota',
        message:
          "couldn't assign flavors to pod set workers: insufficient quota for nvidia.com/gpu in flavor gpu, previously considered podsets requests (0) + current podset request (24) > maximum capacity (16)",
      },
    ]);
  });
});

describe('predict: arrivals, output, errors, workers', () => {
  const many =
    cluster(32, { latency: 'zero' }) +
    ['0s', '1h', '2h', '3h'].map((at, i) => jobSet(`j${i}`, { pods: 1, at, duration: '30m' })).join('');

  it('fits the arrival rate from the creation times and starts after the last one', () => {
    const scenario = loadFiles([file('many.yaml', many)]);
    const { fit } = fitArrivals(scenario, 'default/none');
    expect(fit).toMatchObject({ perHour: 1, start: 3 * 3600, fittedFrom: 4, span: 3 * 3600 });
    const a = drawArrivals(fit!, 7, 3 * 3600 + 100 * 3600);
    const b = drawArrivals(fit!, 7, 3 * 3600 + 100 * 3600);
    expect(a.map((e) => [e.object.metadata.name, e.submitAt])).toEqual(
      b.map((e) => [e.object.metadata.name, e.submitAt]),
    );
    expect(a.every((e) => e.submitAt >= 3 * 3600 * 1e6)).toBe(true);
    // 100 hours at 1/h: a Poisson count, far from 0 and from 300.
    expect(a.length).toBeGreaterThan(60);
    expect(a.length).toBeLessThan(140);
    expect(drawArrivals(fit!, 8, 3 * 3600 + 100 * 3600).map((e) => e.submitAt)).not.toEqual(a.map((e) => e.submitAt));
    expect(fitArrivals(loadFiles([file('one.yaml', cluster(8) + jobSet('solo', { pods: 1 }))]), 'x/y').note).toMatch(
      /2 are needed/,
    );
  });

  it('a future that outlives the first arrivals window gives what one run with every arrival gives', () => {
    // The submitted JobSet needs the whole quota: it waits for the input's and the fitted arrivals' JobSets.
    const files = [file('window.yaml', many)];
    const submit = file('window-submit.yaml', jobSet('wide', { pods: 4, duration: '1h' }));
    const { plan } = makePlan({ files, submit, horizon: '5d' });
    for (const seed of [1, 2]) {
      const windowed = runFuture(plan, seed, 600); // 10 minutes, then the rerun with all arrivals
      expect(windowed.end).toBeGreaterThan(600);
      expect(windowed).toEqual(runFuture(plan, seed, 5 * 86400));
    }
  });

  it("a future from the thread's loaded copy of the plan is the future a load with its seed gives", () => {
    const files = [file('cached.yaml', many)];
    const submit = file('cached-submit.yaml', jobSet('mine', { pods: 2, duration: '1h' }));
    const { plan } = makePlan({ files, submit, horizon: '3d' });
    expect(plan.seedDependent).toBe(false);
    for (const seed of [3, 4, 3]) {
      // A new plan object with seedDependent set loads its inputs for every future.
      expect(runFuture(plan, seed)).toEqual(runFuture({ ...plan, seedDependent: true }, seed));
    }
    // A WorkloadGenerator draws its JobSets from the seed at load time: each future loads its own.
    const generated = makePlan({ files: ['scenarios/generated-helios.yaml'], submit });
    expect(generated.plan.seedDependent).toBe(true);
  });

  it('the JSON report has the documented fields; the worker pool gives the same bytes as one thread', async () => {
    const files = [file('many2.yaml', many)];
    const submit = file('many-submit.yaml', jobSet('mine', { pods: 2, duration: '1h' }));
    const opts = { files, submit, runs: 4, seed: 11, horizon: '3d' };
    const one = await predict({ ...opts, workers: 0 });
    const pooled = await predict({ ...opts, workers: 2 });
    expect(JSON.stringify(pooled.report)).toBe(JSON.stringify(one.report));
    // This thread and two workers, each holding two futures at a time, over five seeds.
    const three = await predict({ ...opts, runs: 5, workers: 3 });
    expect(JSON.stringify(three.report.runs.slice(0, 4))).toBe(JSON.stringify(one.report.runs));
    expect(three.report.runs.map((r) => r.seed)).toEqual([11, 12, 13, 14, 15]);
    const r = one.report;
    expect(Object.keys(r)).toEqual([
      'schema',
      'submitted',
      'files',
      'futures',
      'seeds',
      'horizon',
      'at',
      'arrivals',
      'arrivalsNote',
      'timeToAdmission',
      'timeToAllRunning',
      'timeToCompletion',
      'neverStarted',
      'completed',
      'failed',
      'landing',
      'preemptions',
      'waits',
      'runs',
      'warnings',
    ]);
    expect(r.schema).toBe('jobset-sim/predict/v1');
    expect(r.seeds).toEqual({ first: 11, last: 14 });
    expect(r.horizon).toBe(3 * 86400);
    expect(Object.keys(r.timeToAdmission)).toEqual(['n', 'never', 'min', 'p50', 'p90', 'max']);
    expect(r.arrivals).toMatchObject({ perHour: 1, fittedFrom: 4, prefix: 'arrival' });
    expect(r.runs.map((x) => x.seed)).toEqual([11, 12, 13, 14]);
    expect(Object.keys(r.runs[0]!)).toEqual([
      'seed',
      'admission',
      'allRunning',
      'completion',
      'terminalState',
      'clusterQueue',
      'flavors',
      'preempted',
      'evictions',
      'waits',
      'end',
      'stoppedBy',
    ]);
    // Each future stops once the submitted JobSet is done.
    expect(r.runs.every((x) => x.stoppedBy === 'stopped' && x.end === x.completion)).toBe(true);
    expect(one.cpuMs.futures).toBeGreaterThan(0);
  }, 60_000);

  it('reports input problems in the loader format, the submit file included', async () => {
    const files = [file('ok.yaml', cluster(8))];
    const two = file('two.yaml', jobSet('a', { pods: 1 }) + jobSet('b', { pods: 1 }));
    await expect(run({ files, submit: two })).rejects.toThrow(
      `${two}: --submit takes exactly one JobSet; the file has 2`,
    );
    const other = file(
      'other.yaml',
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n${jobSet('a', { pods: 1 })}`,
    );
    await expect(run({ files, submit: other })).rejects.toThrow(
      `${other}: document 1 (Namespace): --submit takes one JobSet; this document is a Namespace`,
    );
    const bad = file('bad.yaml', jobSet('bad', { pods: 1 }).replace('parallelism: 1', 'parallelism: two'));
    const err = await run({ files, submit: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toBe(
      `${bad}: document 1 (JobSet default/bad): spec.replicatedJobs[0].template.spec.parallelism: expected an integer, got "two"`,
    );
    await expect(run({ files, submit: bad.replace('bad', 'missing') })).rejects.toThrow(/cannot read file/);
    const yaml = file('syntax.yaml', 'a: [\n');
    await expect(run({ files: [yaml], submit: bad })).rejects.toThrow(`${yaml}: document 1: line 2, column 1:`);
    const fine = file('fine.yaml', jobSet('fine', { pods: 1 }));
    await expect(run({ files, submit: fine, horizon: '0s' })).rejects.toThrow(
      '--horizon: expected a duration in (0, 365d], got 0s',
    );
  });
});

describe('predict: the finish shortcut (src/predict/finish-memo.ts)', () => {
  /** A full run of the same future: a plan object marked seed-dependent loads its inputs and never takes it. */
  const full = (plan: PredictPlan, seed: number) => runFuture({ ...plan, seedDependent: true }, seed);
  /** No ClusterQueue preemption, no PriorityClass above the default: nothing can preempt a running JobSet. */
  const noPreemption = (text: string) =>
    text
      .replace('  preemption: {withinClusterQueue: LowerPriority}\n', '')
      .replace(
        '---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high-pods}\nvalue: 1000\n',
        '',
      );

  it('the example snapshot: later futures stop at all-running with the first one’s finish, the outcome unchanged', () => {
    const { plan } = makePlan({
      files: ['scenarios/snapshot/snapshot.yaml'],
      submit: 'scenarios/snapshot/submit.yaml',
    });
    const seeds = [1, 2, 3, 4];
    const outcomes = seeds.map((s) => runFuture(plan, s));
    expect(finishShortcut(plan)).toEqual({ remembered: 1, taken: 3 });
    for (const [i, s] of seeds.entries()) expect(outcomes[i]).toEqual(full(plan, s));
    expect(outcomes[3]).toMatchObject({ terminalState: 'Completed', completion: 14407.053467, stoppedBy: 'stopped' });
  }, 120_000);

  it('a JobSet that waits for quota behind fitted arrivals: the same outcomes as full runs', () => {
    const input =
      noPreemption(cluster(16)) +
      ['0s', '20m', '40m'].map((at, i) => jobSet(`j${i}`, { pods: 2, at, duration: '45m' })).join('');
    const files = [file('shortcut.yaml', input)];
    const submit = file('shortcut-submit.yaml', jobSet('mine', { pods: 2, duration: '1h' }));
    const { plan } = makePlan({ files, submit, horizon: '3d' });
    const seeds = [1, 2, 3, 4, 5, 6];
    const outcomes = seeds.map((s) => runFuture(plan, s));
    const used = finishShortcut(plan);
    expect(used.blocked).toBeUndefined();
    expect(used.remembered + used.taken).toBe(seeds.length);
    expect(used.taken).toBeGreaterThan(0);
    expect(Math.max(...outcomes.map((o) => o.admission ?? 0))).toBeGreaterThan(60); // it waited for quota
    for (const [i, s] of seeds.entries()) expect(outcomes[i]).toEqual(full(plan, s));
  }, 60_000);

  it('a pod that may outrank its pods (kube-scheduler preemption): never taken, the victim still counted', () => {
    const files = [
      file(
        'outranked.yaml',
        cluster(0, { kueue: false, hosts: 1 }) +
          jobSet('urgent', { pods: 1, queue: false, at: '10m', podPriorityClass: 'high-pods' }),
      ),
    ];
    const submit = file('outranked-submit.yaml', jobSet('mine', { pods: 1, queue: false, duration: '1h' }));
    const { plan } = makePlan({ files, submit, arrivals: false });
    const outcomes = [1, 2, 3].map((s) => runFuture(plan, s));
    expect(finishShortcut(plan)).toEqual({ remembered: 0, taken: 0 });
    expect(outcomes[2]).toEqual(full(plan, 3));
    expect(outcomes[2]!.terminalState).toBe('Failed'); // its one pod preempted at 10 m, backoffLimit 0
  });

  it('a ClusterQueue that preempts: the shortcut never applies to the plan', () => {
    const files = [file('preempts.yaml', cluster(16) + jobSet('j0', { pods: 1 }))];
    const submit = file('preempts-submit.yaml', jobSet('mine', { pods: 1 }));
    const { plan } = makePlan({ files, submit, arrivals: false });
    runFuture(plan, 1);
    expect(finishShortcut(plan)).toEqual({ blocked: 'ClusterQueue cq preempts', remembered: 0, taken: 0 });
  });
});
