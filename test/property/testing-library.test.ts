// jobset-sim/testing against the simulator: generated scenarios (plain clusters, Kueue, fault Scripts) run in debug
// mode with no invariant broken; the same seed gives the same outputs; deliberately invalid JobSets are refused with
// the broken field named; and each check does fire on a run that breaks its rule.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/api/core.js';
import type { LogRecord } from '../../src/engine/event-log.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import type { RunView } from '../../src/simulate.js';
import { loaderOptions } from '../../src/simulate.js';
import {
  API,
  checkDeterminism,
  checkInvariants,
  clusterArb,
  type Doc,
  fc,
  formatViolation,
  InvariantMonitor,
  invalidJobSetArb,
  jobSetDoc,
  jobSetGenArb,
  type ScenarioGen,
  scenarioArb,
  simulateChecked,
  simulationDoc,
  toYaml,
} from '../../src/testing/index.js';
import { runs, timeoutFor } from '../support/property-runs.js';

const texts = (docs: readonly Doc[]) => ({ texts: [{ file: 'generated.yaml', text: toYaml(docs) }] });

function assertClean(s: ScenarioGen): void {
  const run = simulateChecked(texts(s.documents));
  expect(run.violations.map(formatViolation)).toEqual([]);
  // Every generated JobSet is submitted, and ends terminal or unfinished with a reason.
  expect(run.result.jobsets).toHaveLength(s.jobSets.length);
}

describe('generated scenarios keep every invariant (debug mode: checked after every event-log record)', () => {
  const cases: [string, Parameters<typeof scenarioArb>[0], number][] = [
    ['TPU, GPU and plain pools', {}, 30],
    ['Kueue: ClusterQueues in a cohort over GPU pools', { kueue: true }, 30],
    ['fault Scripts', { faults: true }, 25],
    ['Kueue with fault Scripts', { kueue: true, faults: true }, 20],
  ];
  for (const [name, opts, n] of cases) {
    it(name, { timeout: timeoutFor(n) }, () => {
      fc.assert(fc.property(scenarioArb(opts), assertClean), { seed: 9, numRuns: runs(n) });
    });
  }

  it('a JobSet that fits a free cluster completes, no sooner than its duration', { timeout: timeoutFor(30) }, () => {
    const arb = clusterArb().chain((c) =>
      jobSetGenArb(c.shapes[0]!, { name: 'solo' }).map((g) => ({ c, g: { ...g, rules: [], successPolicy: null } })),
    );
    fc.assert(
      fc.property(arb, ({ c, g }) => {
        const docs = [
          simulationDoc({ seed: 1, policy: 'default', profile: 'zero' }),
          ...c.documents,
          jobSetDoc(g, c.shapes[0]!),
        ];
        const run = simulateChecked(texts(docs));
        expect(run.violations.map(formatViolation)).toEqual([]);
        const js = run.result.jobsets[0]!;
        expect(js.terminalState).toBe('Completed');
        expect(js.finishedAt! - js.submittedAt).toBeGreaterThanOrEqual(g.durationMin * 60);
      }),
      { seed: 10, numRuns: runs(30) },
    );
  });
});

describe('determinism', () => {
  it('identical seeds give identical results and event logs', { timeout: timeoutFor(15, 800) }, () => {
    fc.assert(
      fc.property(scenarioArb({ faults: true }), (s) => {
        expect(checkDeterminism(texts(s.documents))).toEqual([]);
      }),
      { seed: 11, numRuns: runs(15) },
    );
  });
});

describe('invalid JobSets', () => {
  it('are refused with the broken field named', () => {
    const valid = clusterArb().chain((c) =>
      jobSetGenArb(c.shapes[0]!, { name: 'broken' }).map((g) => ({ c, doc: jobSetDoc(g, c.shapes[0]!) })),
    );
    const arb = valid.chain(({ c, doc }) => invalidJobSetArb(fc.constant(doc)).map((bad) => ({ c, bad })));
    fc.assert(
      fc.property(arb, ({ c, bad }) => {
        const docs = [simulationDoc({ seed: 1, policy: 'default', profile: 'zero' }), ...c.documents, bad.document];
        let err: unknown;
        try {
          loadScenarioFromTexts(texts(docs).texts, loaderOptions());
        } catch (e) {
          err = e;
        }
        expect(err, bad.mutation).toBeInstanceOf(ScenarioError);
        const problems = (err as ScenarioError).problems;
        expect(
          problems.some((p) => p.kind === 'JobSet' && p.path?.startsWith(bad.field)),
          `${bad.mutation}: ${(err as Error).message}`,
        ).toBe(true);
      }),
      { seed: 12, numRuns: runs(80) },
    );
  });
});

/** A view over hand-made objects, for feeding the monitor records a correct simulator never writes. */
function fakeView(nodes: Node[], pods: Pod[]): RunView {
  return {
    now: () => 0,
    get: <T>(kind: string, ns: string | undefined, name: string) =>
      (kind === 'Node'
        ? nodes.find((n) => n.metadata.name === name)
        : pods.find((p) => p.metadata.name === name && p.metadata.namespace === ns)) as T | undefined,
    list: <T>(kind: string) => (kind === 'Node' ? nodes : pods) as Iterable<T>,
  };
}

const node = (name: string, gpus: number, pool: string): Node =>
  ({
    kind: 'Node',
    metadata: { name, labels: { 'cloud.google.com/gke-nodepool': pool } },
    spec: {},
    status: { allocatable: { 'nvidia.com/gpu': String(gpus), pods: '110' }, capacity: {}, conditions: [] },
  }) as unknown as Node;

const pod = (name: string, gpus: number, exclusive?: string): Pod =>
  ({
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      annotations: exclusive ? { 'alpha.jobset.sigs.k8s.io/exclusive-topology': exclusive } : {},
    },
    spec: { containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } }] },
    status: { phase: 'Pending' },
  }) as unknown as Pod;

const bind = (t: number, p: string, n: string, job: string): LogRecord => ({
  t,
  type: 'PodScheduled',
  pod: `default/${p}`,
  node: n,
  job: `default/${job}`,
  jobSet: 'default/js',
});

describe('the checks fire', () => {
  it('node over-commit: a third 4-GPU pod on an 8-GPU node, and not after one has finished', () => {
    const m = new InvariantMonitor();
    const view = fakeView([node('n0', 8, 'p0')], [pod('a', 4), pod('b', 4), pod('c', 4)]);
    m.onRecord(bind(1, 'a', 'n0', 'j'), view);
    m.onRecord(bind(2, 'b', 'n0', 'j'), view);
    m.onRecord({ t: 3, type: 'PodSucceeded', pod: 'default/a' }, view);
    m.onRecord(bind(4, 'c', 'n0', 'j'), view);
    expect(m.violations).toEqual([]);
    m.onRecord(bind(5, 'a', 'n0', 'j'), view);
    expect(m.violations.map(formatViolation)).toEqual([
      't=5s: n0: node-overcommit: nvidia.com/gpu requested by bound pods 12 > allocatable 8 after binding default/a',
    ]);
  });

  it('exclusive placement: another Job of the same priority in an exclusive pool', () => {
    const m = new InvariantMonitor();
    const key = 'cloud.google.com/gke-nodepool';
    const view = fakeView(
      [node('n0', 8, 'p0'), node('n1', 8, 'p0'), node('n2', 8, 'p1')],
      [pod('a', 1, key), pod('b', 1, key), pod('c', 1)],
    );
    m.onRecord(bind(1, 'a', 'n0', 'job-a'), view);
    m.onRecord(bind(2, 'c', 'n2', 'job-c'), view); // another pool: fine
    expect(m.violations).toEqual([]);
    m.onRecord(bind(3, 'b', 'n1', 'job-b'), view);
    expect(m.violations.map((v) => [v.t, v.rule])).toEqual([[3, 'exclusive-placement']]);
    expect(m.violations[0]!.message).toContain('cloud.google.com/gke-nodepool=p0');
  });

  it('terminal state over a tampered run', () => {
    const docs = [
      simulationDoc({ seed: 1, policy: 'default', profile: 'zero' }),
      {
        apiVersion: API.sim,
        kind: 'NodePool',
        metadata: { name: 'gpu' },
        spec: { nodes: 1, gpu: { type: 'h100-80gb', count: 8 } },
      },
    ] as Doc[];
    const g = fc.sample(
      clusterArb({ kinds: ['gpu'], maxPools: 1 }).chain((c) => jobSetGenArb(c.shapes[0]!, { name: 'x' })),
      { seed: 1, numRuns: 1 },
    )[0]!;
    const shape = fc.sample(clusterArb({ kinds: ['gpu'], maxPools: 1 }), { seed: 1, numRuns: 1 })[0]!.shapes[0]!;
    const run = simulateChecked(
      texts([...docs, jobSetDoc({ ...g, rules: [], successPolicy: null }, { ...shape, name: 'gpu' })]),
    );
    expect(run.violations).toEqual([]);
    const js = run.result.jobsets[0]!;
    js.unfinishedReason = 'Running';
    expect(checkInvariants(run).map((v) => v.rule)).toContain('terminal-state');
    js.unfinishedReason = null;
    run.events.push({ t: run.result.end, type: 'JobSetFailed', jobSet: `default/${js.name}`, restarts: 0 });
    expect(checkInvariants(run).map((v) => v.message)).toEqual([expect.stringMatching(/^2 terminal records/)]);
  });

  it('Kueue quota: a ClusterQueue series raised above nominal + borrowing limit', () => {
    const s = fc.sample(scenarioArb({ kueue: true }), { seed: 5, numRuns: 1 })[0]!;
    const run = simulateChecked(texts(s.documents));
    expect(run.violations).toEqual([]);
    const cqs = (run.result.series!.kueue as { clusterQueues: Record<string, { usage: Record<string, unknown> }> })
      .clusterQueues;
    const [cq, q] = Object.entries(cqs)[0]!;
    const fr = Object.keys(q.usage)[0]!;
    q.usage[fr] = { t: [0, 60], v: [0, 100_000] };
    const found = checkInvariants(run).filter((v) => v.rule === 'kueue-quota');
    expect(found.map((v) => [v.t, v.object])).toContainEqual([60, `ClusterQueue/${cq}`]);
    expect(found[0]!.message).toMatch(new RegExp(`^${fr.replace('/', '\\/')} usage 100000 > `));
  });
});
