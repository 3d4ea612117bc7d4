// Property tests through the library door (`simulate({ texts })`): small generated TPU scenarios (v5e 2x4 / 4x4
// slice pools, 1–3 JobSets, exclusive placement on or off) must be deterministic, respect node capacity and
// exclusive placement, complete when they fit, and, with the zero latency profile, take exactly their duration.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';

type Topology = '2x4' | '4x4';

/**
 * GKE v5e multi-host slices use the default ct5lp-hightpu-4t machine: 4 chips per host, so a 2x4 slice (8 chips)
 * is a pool of 2 nodes and a 4x4 slice (16 chips) a pool of 4 nodes (cloud.google.com/tpu/docs/v5e).
 */
const NODES_PER_SLICE: Record<Topology, number> = { '2x4': 2, '4x4': 4 };
const CHIPS_PER_NODE = 4;
const EXCLUSIVE = 'alpha.jobset.sigs.k8s.io/exclusive-topology';

interface JobSetGen {
  topology: Topology;
  /** child Jobs; never more than the pools of its topology, so each Job can have a pool of its own */
  replicas: number;
  exclusive: boolean;
  chipsPerPod: 1 | 2 | 4;
  durationMin: number;
  submitMin: number;
}

interface ScenarioGen {
  pools: Record<Topology, number>;
  jobSets: JobSetGen[];
  seed: number;
  zero: boolean;
  /** Simulation.spec.scheduler.policy. */
  policy: 'default' | 'binpack' | 'random' | 'first-fit';
  /**
   * Zero profile without the jobApiBackoff override. The generated scenarios set `latencies: {jobApiBackoff: 1s}`
   * with the zero profile for fewer rejected-create events; a zero API backoff once crashed the run (a NaN delay
   * after 1,024 retries), now covered by the regression test at the end of this file.
   */
  pureZero?: boolean;
}

const poolsArb: fc.Arbitrary<Record<Topology, number>> = fc
  .integer({ min: 1, max: 4 })
  .chain((total) => fc.integer({ min: 0, max: total }).map((small) => ({ '2x4': small, '4x4': total - small })));

function jobSetArb(pools: Record<Topology, number>): fc.Arbitrary<JobSetGen> {
  const topologies = (Object.keys(pools) as Topology[]).filter((t) => pools[t] > 0);
  return fc.constantFrom(...topologies).chain((topology) =>
    fc.record({
      topology: fc.constant(topology),
      replicas: fc.integer({ min: 1, max: pools[topology] }),
      exclusive: fc.boolean(),
      chipsPerPod: fc.constantFrom<1 | 2 | 4>(4, 4, 2, 1),
      durationMin: fc.integer({ min: 1, max: 120 }),
      submitMin: fc.integer({ min: 0, max: 30 }),
    }),
  );
}

function scenarioArb(zero?: boolean): fc.Arbitrary<ScenarioGen> {
  return poolsArb.chain((pools) =>
    fc.record({
      pools: fc.constant(pools),
      jobSets: fc.array(jobSetArb(pools), { minLength: 1, maxLength: 3 }),
      seed: fc.integer({ min: 1, max: 1000 }),
      zero: zero === undefined ? fc.boolean() : fc.constant(zero),
      policy: fc.constantFrom<ScenarioGen['policy']>('default', 'binpack', 'random', 'first-fit'),
    }),
  );
}

function podsPerJob(js: JobSetGen): number {
  return (NODES_PER_SLICE[js.topology] * CHIPS_PER_NODE) / js.chipsPerPod;
}

/** The scenario as the YAML a user would write: Simulation, one NodePool per topology, the JobSets. */
function toYaml(s: ScenarioGen): string {
  const docs: string[] = [
    [
      'apiVersion: jobset-sim.dev/v1alpha1',
      'kind: Simulation',
      'metadata: {name: prop}',
      'spec:',
      `  seed: ${s.seed}`,
      `  scheduler: {policy: ${s.policy}}`,
      `  latencyProfile: ${s.zero ? 'zero' : 'realistic'}`,
      ...(s.zero && !s.pureZero ? ['  latencies: {jobApiBackoff: 1s}'] : []),
    ].join('\n'),
  ];
  for (const t of Object.keys(s.pools) as Topology[]) {
    if (s.pools[t] === 0) continue;
    docs.push(
      [
        'apiVersion: jobset-sim.dev/v1alpha1',
        'kind: NodePool',
        `metadata: {name: v5e-${t}}`,
        'spec:',
        `  replicas: ${s.pools[t]}`,
        `  tpu: {type: v5e, topology: ${t}}`,
      ].join('\n'),
    );
  }
  s.jobSets.forEach((js, i) => {
    const pods = podsPerJob(js);
    docs.push(
      [
        'apiVersion: jobset.x-k8s.io/v1alpha2',
        'kind: JobSet',
        'metadata:',
        `  name: js-${i}`,
        '  annotations:',
        `    jobset-sim.dev/duration: ${js.durationMin}m`,
        `    jobset-sim.dev/submit-at: ${js.submitMin}m`,
        ...(js.exclusive ? [`    ${EXCLUSIVE}: cloud.google.com/gke-nodepool`] : []),
        'spec:',
        '  replicatedJobs:',
        '    - name: slice',
        `      replicas: ${js.replicas}`,
        '      template:',
        '        spec:',
        `          parallelism: ${pods}`,
        `          completions: ${pods}`,
        '          backoffLimit: 0',
        '          template:',
        '            spec:',
        '              nodeSelector:',
        '                cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice',
        `                cloud.google.com/gke-tpu-topology: ${js.topology}`,
        '              containers:',
        '                - name: main',
        '                  image: python:3.10',
        '                  resources:',
        `                    limits: {google.com/tpu: ${js.chipsPerPod}}`,
      ].join('\n'),
    );
  });
  return `${docs.join('\n---\n')}\n`;
}

function run(s: ScenarioGen) {
  return simulate({ texts: [{ file: 'prop.yaml', text: toYaml(s) }] });
}

/** `v5e-4x4-2-node-3` → `v5e-4x4-2`; a NodePool with replicas 1 keeps its name (`v5e-2x4-node-0` → `v5e-2x4`). */
function poolOf(node: string): string {
  const m = /^(.*)-node-\d+$/.exec(node);
  if (!m) throw new Error(`unexpected node name ${node}`);
  return m[1]!;
}

const jobSetIndex = (jobSet: string): number => Number(/^default\/js-(\d+)$/.exec(jobSet)![1]);

const PARAMS = { seed: 42, numRuns: 40 };

describe('generated TPU scenarios', () => {
  test.prop([scenarioArb()], PARAMS)('(a) the same inputs and seed give the same result and event log', (s) => {
    const a = run(s);
    const b = run(s);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(b.engineEvents).toBe(a.engineEvents);
    expect(a.result.scenario.seed).toBe(s.seed);
  });

  test.prop([scenarioArb()], PARAMS)('(b) event-log invariants: capacity, exclusivity, completion', (s) => {
    const { result, events } = run(s);
    expect(result.warnings).toEqual([]);

    const podNode = new Map<string, string>(); // pod → node, while bound and not terminal
    const nodePods = new Map<string, Set<string>>(); // node → its bound, non-terminal pods
    const podJob = new Map<string, string>();
    const jobPools = new Map<string, Set<string>>(); // child Job → pools its pods were bound in
    const scheduled = new Map<string, number>(); // child Job → pods bound
    let lastT = 0;

    const release = (e: LogRecord) => {
      const pod = e.pod as string;
      const node = podNode.get(pod);
      if (node === undefined) return; // never bound (deleted while pending)
      podNode.delete(pod);
      nodePods.get(node)!.delete(pod);
    };

    for (const e of events) {
      expect(typeof e.t).toBe('number');
      expect(e.t).toBeGreaterThanOrEqual(lastT);
      lastT = e.t;
      if (e.type === 'PodScheduled') {
        const pod = e.pod as string;
        const node = e.node as string;
        const job = e.job as string;
        const gen = s.jobSets[jobSetIndex(e.jobSet as string)]!;
        expect(podNode.has(pod), `${pod} bound twice`).toBe(false);
        const pool = poolOf(node);
        const nodeIndex = Number(/-node-(\d+)$/.exec(node)![1]);
        // The pod's nodeSelector asks for its slice topology: the pool must be of that topology and exist.
        expect(pool.startsWith(`v5e-${gen.topology}`)).toBe(true);
        expect(nodeIndex).toBeLessThan(NODES_PER_SLICE[gen.topology]);
        // Exclusive placement: when a pod of an exclusive Job is bound, no other Job has a pod in that pool
        // (its leader's anti-affinity keeps everyone else out; followers are pinned to the leader's pool).
        if (gen.exclusive) {
          for (const other of jobsInPool(nodePods, pool, podJob)) {
            expect(other, `${job} bound in ${pool} while ${other} runs there`).toBe(job);
          }
        }
        podNode.set(pod, node);
        podJob.set(pod, job);
        let set = nodePods.get(node);
        if (!set) nodePods.set(node, (set = new Set()));
        set.add(pod);
        // Capacity: the chips of the pods bound to a node never exceed its 4 chips.
        let chips = 0;
        for (const p of set) chips += s.jobSets[jobSetIndex(jobSetOfPod(p))]!.chipsPerPod;
        expect(chips, `node ${node} over-committed`).toBeLessThanOrEqual(CHIPS_PER_NODE);
        let pools = jobPools.get(job);
        if (!pools) jobPools.set(job, (pools = new Set()));
        pools.add(pool);
        scheduled.set(job, (scheduled.get(job) ?? 0) + 1);
      } else if (e.type === 'PodSucceeded' || e.type === 'PodFailed' || e.type === 'PodDeleted') {
        release(e);
      }
    }

    // Every pod is bound once (nothing fails), and each Job of an exclusive JobSet lives in a single pool. (Two Jobs of
    // one exclusive JobSet may use the same pool one after the other when other work holds the rest; that they never
    // overlap there is the exclusivity check above.)
    s.jobSets.forEach((gen, i) => {
      for (let k = 0; k < gen.replicas; k++) {
        const job = `default/js-${i}-slice-${k}`;
        expect(scheduled.get(job), job).toBe(podsPerJob(gen));
        if (gen.exclusive) expect(jobPools.get(job)?.size, job).toBe(1);
      }
    });

    // Every JobSet fits (replicas ≤ pools of its topology), so every one completes, and no sooner than its duration.
    expect(result.jobsets).toHaveLength(s.jobSets.length);
    for (const js of result.jobsets) {
      const gen = s.jobSets[jobSetIndex(`${js.namespace}/${js.name}`)]!;
      expect(js.terminalState, js.name).toBe('Completed');
      expect(js.unfinishedReason).toBeNull();
      expect(js.submittedAt).toBe(gen.submitMin * 60);
      expect(js.finishedAt!).toBeGreaterThanOrEqual(js.submittedAt + gen.durationMin * 60);
      // runningAt stays null when the Jobs never all ran at once (they took turns on busy pools).
      if (js.runningAt !== null) {
        expect(js.runningAt).toBeGreaterThanOrEqual(js.submittedAt);
        expect(js.finishedAt!).toBeGreaterThanOrEqual(js.runningAt + gen.durationMin * 60);
      }
    }
    expect(result.metrics.jobsets).toEqual({
      submitted: s.jobSets.length,
      completed: s.jobSets.length,
      failed: 0,
      unfinished: 0,
    });
  });

  test.prop([scenarioArb(true).map((s) => ({ ...s, jobSets: s.jobSets.slice(0, 1), pureZero: true }))], PARAMS)(
    '(c) with latencyProfile zero a single JobSet that fits runs at once and takes exactly its duration',
    (s) => {
      const { result, events } = run(s);
      const gen = s.jobSets[0]!;
      const start = gen.submitMin * 60;
      const js = result.jobsets[0]!;
      expect(js.terminalState).toBe('Completed');
      expect(js.submittedAt).toBe(start);
      expect(js.runningAt).toBe(start);
      expect(js.finishedAt).toBe(start + gen.durationMin * 60);
      expect(result.end).toBe(start + gen.durationMin * 60);
      // Every pod is bound and Running at the submit time: no control-plane, scheduling or start-up delay is left.
      const bound = events.filter((e) => e.type === 'PodScheduled' || e.type === 'PodRunning');
      expect(bound).toHaveLength(2 * gen.replicas * podsPerJob(gen));
      for (const e of bound) expect(e.t).toBe(start);
    },
  );
});

function jobSetOfPod(pod: string): string {
  // Pods are named `<jobset>-<rjob>-<jobIndex>-<podIndex>-<suffix>`; the generated JobSets are `js-<n>`.
  return `default/${/^default\/(js-\d+)-/.exec(pod)![1]}`;
}

/** The child Jobs with a pod bound in `pool` right now. */
function jobsInPool(nodePods: Map<string, Set<string>>, pool: string, podJob: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [node, pods] of nodePods) {
    if (poolOf(node) !== pool) continue;
    for (const p of pods) out.add(podJob.get(p)!);
  }
  return out;
}

describe('zero latency profile with a busy pool', () => {
  // One 4x4 pool. `first` (not exclusive) holds all 4 hosts from 0 to 60 s; `second` (exclusive placement) arrives at
  // 55 s: its leader cannot be scheduled until 60 s, and meanwhile every sync of its Job has the follower creates
  // rejected by the JobSet pod webhook. When `first` ends, the leader is bound at 60 s, the bind event makes the Job
  // sync at once, the followers are created, and `second` runs 60 s → 120 s.
  const scenario = (latencies: string) => `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: zero-busy-pool}
spec: {latencyProfile: zero${latencies}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: v5e}
spec: {tpu: {type: v5e, topology: 4x4}}
${['first', 'second']
  .map(
    (name) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  annotations:
    jobset-sim.dev/duration: 1m
${name === 'second' ? `    jobset-sim.dev/submit-at: 55s\n    ${EXCLUSIVE}: cloud.google.com/gke-nodepool\n` : ''}spec:
  replicatedJobs:
  - name: slice
    template:
      spec:
        parallelism: 4
        completions: 4
        template:
          spec:
            nodeSelector: {cloud.google.com/gke-tpu-topology: 4x4}
            containers: [{name: main, image: python:3.10, resources: {limits: {google.com/tpu: 4}}}]
`,
  )
  .join('')}`;

  const check = (latencies: string) => {
    const { result, events } = simulate({ texts: [{ file: 'zero-busy-pool.yaml', text: scenario(latencies) }] });
    const byName = new Map(result.jobsets.map((j) => [j.name, j]));
    expect(byName.get('first')).toMatchObject({ terminalState: 'Completed', runningAt: 0, finishedAt: 60 });
    expect(byName.get('second')).toMatchObject({ terminalState: 'Completed', runningAt: 60, finishedAt: 120 });
    // A handful of rejected follower creates while the leader waits, not one per simulated microsecond.
    const rejected = events.filter((e) => e.type === 'Event' && e.reason === 'FailedCreate');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length).toBeLessThan(100);
  };

  it('with jobApiBackoff 1s (the workaround the generated scenarios use), second runs 60 s → 120 s', () => {
    check(', latencies: {jobApiBackoff: 1s}');
  });

  // Regression: with jobApiBackoff 0 the retry delay used to be 0 · 2^n, so the Job retried every microsecond
  // while its leader waited, and at n = 1024 the delay became NaN and the run crashed. Retries now back off
  // 1 µs doubling to 60 s when the base is 0.
  it('pure zero profile: a leader waiting for a busy pool costs a bounded number of retries', () => {
    check('');
  });
});
