// The FaultModel kind and the fault Script actions: what the loader accepts, its errors (file, document, object,
// field), and the Young/Daly helper (spec/hardware-and-failures.md §3.8).
import { describe, expect, it } from 'vitest';
import { youngDalyInterval } from '../../src/index.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { loaderOptions, simulate } from '../../src/simulate.js';

const load = (text: string) => loadScenarioFromTexts([{ file: 'f.yaml', text }], loaderOptions()).scenario;
function problems(text: string): string[] {
  try {
    load(text);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('FaultModel loader', () => {
  it('reads rates, MTBF, Weibull, distributions, maintenance, spot and spares (times in µs)', () => {
    const s = load(`apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: gpu}
spec: {nodes: 2, gpu: {type: h100-80gb}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: m}
spec:
  nodePools: [gpu]
  failures:
  - {cause: gpu, category: GPU, per: device, ratePerDay: 0.001, recovery: 2h}
  - {cause: host, mtbf: 100d, blastRadius: subblock, action: replace, recovery: {exponential: 1h}}
  - {cause: hbm, weibull: {shape: 0.7, scale: 300d}, recovery: {lognormal: {median: 2h, sigma: 0.5}}}
  maintenance:
  - {per: pool, ratePerDay: 0.03, notice: 1h, duration: {fixed: 30m}}
  spot:
  - {ratePerDay: 0.5, recovery: 10m}
  spares: {count: 2, swapTime: 10m}
`);
    const m = s.faultModels[0]!;
    const DAY = 86_400e6;
    expect(m.nodePools).toEqual(['gpu']);
    expect(m.failures[0]).toMatchObject({ cause: 'gpu', category: 'GPU', per: 'device', blastRadius: 'node' });
    expect(m.failures[0]!.timing).toEqual({ kind: 'exponential', rate: 0.001 / DAY });
    expect(m.failures[0]!.recovery).toEqual({ kind: 'fixed', value: 7200e6 });
    expect(m.failures[1]).toMatchObject({ category: 'host', blastRadius: 'subblock', action: 'replace' });
    expect(m.failures[1]!.timing).toEqual({ kind: 'exponential', rate: 1 / (100 * DAY) });
    expect(m.failures[2]!.timing).toEqual({ kind: 'weibull', shape: 0.7, scale: 300 * DAY });
    expect(m.failures[2]!.recovery).toEqual({ kind: 'lognormal', median: 7200e6, sigma: 0.5 });
    expect(m.maintenance[0]).toMatchObject({ cause: 'maintenance', per: 'pool', notice: 3600e6 });
    expect(m.spot[0]).toMatchObject({ cause: 'spot-reclaim', notice: 30e6, recovery: { kind: 'fixed', value: 600e6 } });
    expect(m.spares).toEqual({ count: 2, swapTime: { kind: 'fixed', value: 600e6 } });
    expect(m.autoRepairDelay).toBe(600e6);
  });

  it('reports each bad field with file, document, object and path', () => {
    expect(
      problems(`apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: bad}
spec:
  failures:
  - {cause: a, ratePerDay: 0.1, mtbf: 10d, recovery: 1h}
  - {cause: b, ratePerDay: -1, recovery: {gamma: 1h}}
  - {ratePerDay: 0.1, per: rack, blastRadius: zon, recovery: 1h}
  - {cause: d, weibull: {shape: 0}}
  spares: {swapTime: 10m}
`),
    ).toEqual([
      'f.yaml: document 1 (FaultModel bad): spec.failures[0]: only one of ratePerDay, mtbf or weibull may be set, got ratePerDay and mtbf',
      'f.yaml: document 1 (FaultModel bad): spec.failures[1].ratePerDay: expected a positive number such as 0.0038, got -1',
      'f.yaml: document 1 (FaultModel bad): spec.failures[1].recovery.gamma: unknown field (expected one of: fixed, exponential, lognormal)',
      'f.yaml: document 1 (FaultModel bad): spec.failures[2].cause: required; expected a string',
      'f.yaml: document 1 (FaultModel bad): spec.failures[2].per: expected node, device or pool, got "rack"',
      'f.yaml: document 1 (FaultModel bad): spec.failures[2].blastRadius: expected node, pool, subblock, block or zone, got "zon"; did you mean "zone"?',
      'f.yaml: document 1 (FaultModel bad): spec.failures[3].weibull.shape: expected a positive number such as 0.7, got 0',
      'f.yaml: document 1 (FaultModel bad): spec.failures[3].weibull.scale: required; expected a duration such as 300d',
      'f.yaml: document 1 (FaultModel bad): spec.failures[3].recovery: required; expected a duration such as 30m or a distribution such as {exponential: 2h}',
      'f.yaml: document 1 (FaultModel bad): spec.spares.count: required; expected a non-negative integer',
    ]);
  });

  it('an empty model is an error; fault annotations and Script fault actions are checked at their fields', () => {
    const out = problems(`apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: empty}
spec: {}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: s}
spec:
  actions:
  - {at: 1h, maintenance: {nodePool: p}}
  - {at: 1h, addNodePool: {name: extra, spec: {tpu: {type: v5e, topology: 3x3}}}}
  - {at: 1h, removeNodePool: {drain: yes}}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: j
  annotations: {jobset-sim.dev/failure-probability: "1.5", jobset-sim.dev/checkpoint-interval: 1h}
spec:
  replicatedJobs:
  - name: w
    template: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: x}]}}}}
`);
    expect(out[0]).toBe(
      'f.yaml: document 1 (FaultModel empty): spec: expected at least one process in failures, maintenance or spot',
    );
    expect(out).toContain(
      'f.yaml: document 2 (Script s): spec.actions[0].maintenance.duration: required; expected a duration such as 30m or a distribution such as {exponential: 2h}',
    );
    expect(
      out.some((l) => l.startsWith('f.yaml: document 2 (Script s): spec.actions[1].addNodePool.spec.tpu.topology:')),
    ).toBe(true);
    expect(out).toContain(
      'f.yaml: document 2 (Script s): spec.actions[2].removeNodePool.nodePool: required; expected a string',
    );
    expect(out).toContain(
      'f.yaml: document 3 (JobSet default/j): metadata.annotations["jobset-sim.dev/failure-probability"]: expected a probability from 0 to 1, such as "0.1", got "1.5"',
    );
    expect(out).toContain(
      'f.yaml: document 3 (JobSet default/j): metadata.annotations["jobset-sim.dev/checkpoint-interval"]: only allowed with jobset-sim.dev/total-work',
    );
  });
});

describe('stochastic faults and spares', () => {
  const text = (spares: number) => `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: s}
spec: {seed: 3, until: 30d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: slice}
spec: {replicas: 4, tpu: {type: v5e, topology: 4x4}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: m}
spec:
  failures:
  - {cause: host, per: node, ratePerDay: 0.05, recovery: 6h}
  spares: {count: ${spares}, swapTime: 10m}
`;

  it('a host fault takes its whole slice; the same failure times with or without spares (own streams)', () => {
    const without = simulate({ texts: [{ file: 'a.yaml', text: text(0) }] });
    const withSpare = simulate({ texts: [{ file: 'b.yaml', text: text(1) }] });
    const faults = (r: typeof without) => r.events.filter((e) => e.type === 'Fault');
    expect(faults(without).length).toBeGreaterThan(5);
    expect(faults(without).every((e) => (e.nodes as string[]).length === 4)).toBe(true);
    // Slices come back after the 6 h recovery without a spare; after 10 min (plus PodGC) with one in stock.
    const firstBack = (r: typeof without) => r.events.find((e) => e.type === 'NodeRecovered')!.t;
    const t0 = faults(without)[0]!.t;
    expect(faults(withSpare)[0]!.t).toBe(t0);
    expect(firstBack(without) - t0).toBeCloseTo(6 * 3600, 3);
    expect(firstBack(withSpare) - t0).toBeCloseTo(600 + 20, 3);
  });
});

describe('youngDalyInterval', () => {
  it('τ* = √(2Mδ) and Daly T_c = δ + √(2(M+R)δ + δ²) (spec §3.8, §4 V1/V3 figures)', () => {
    // V1's check: M = 167 min, δ = 25 s → τ* ≈ 12 min.
    expect(youngDalyInterval(167 * 60, 25) / 60).toBeCloseTo(11.8, 1);
    // V3's table: M = 7.9 h, δ = 36 s → 23.9 min; M = 1.8 h → 11.4 min.
    expect(Math.abs(youngDalyInterval(7.9 * 3600, 36) / 60 - 23.9)).toBeLessThan(0.1);
    expect(youngDalyInterval(1.8 * 3600, 36) / 60).toBeCloseTo(11.4, 1);
    expect(youngDalyInterval(100, 2, 10)).toBeCloseTo(2 + Math.sqrt(2 * 110 * 2 + 4), 9);
    expect(() => youngDalyInterval(0, 1)).toThrow(RangeError);
  });
});

describe('process shapes and blast radius', () => {
  it('a Weibull renewal process fails each unit about every scale·Γ(1 + 1/shape)', () => {
    // 100 nodes, shape 2, scale 10 d: mean interval 8.862 d; over 365 d about 4,100 renewals (renewal-theory
    // standard deviation ≈ √(n·CV²) with CV² = 0.273 → ±34); 3 % covers the early-time bias and 3 SD.
    const { result } = simulate({
      texts: [
        {
          file: 'w.yaml',
          text: `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: w}
spec: {seed: 1, until: 365d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: p}
spec: {nodes: 100, resources: {cpu: "1"}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: w}
spec:
  failures:
  - {cause: wear, weibull: {shape: 2, scale: 10d}, recovery: 1s}
`,
        },
      ],
    });
    const n = (result.metrics.faults as { total: number }).total;
    const expected = (100 * 365) / (10 * 0.886227);
    expect(Math.abs(n / expected - 1)).toBeLessThan(0.03);
  });

  it('blastRadius subblock takes every node of the hit node’s sub-block, across pools', () => {
    const { events } = simulate({
      texts: [
        {
          file: 'b.yaml',
          text: `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: b}
spec: {seed: 1, until: 5d}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: a}
spec: {nodes: 2, gpu: {type: b200}, topology: {block: b1, subblock: s1}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: b}
spec: {nodes: 2, gpu: {type: b200}, topology: {block: b1, subblock: s1}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: c}
spec: {nodes: 2, gpu: {type: b200}, topology: {block: b1, subblock: s2}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: rack}
spec:
  nodePools: [a]
  failures:
  - {cause: nvlink-switch, per: pool, ratePerDay: 1, blastRadius: subblock, recovery: 1h}
`,
        },
      ],
    });
    const faults = events.filter((e) => e.type === 'Fault');
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) {
      expect(f.nodes).toEqual(['a-node-0', 'a-node-1', 'b-node-0', 'b-node-1']);
      expect(f.nodePools).toEqual(['a', 'b']);
    }
  });
});

describe('the README example', () => {
  it('the FaultModel YAML of README "Failures, maintenance and goodput" loads', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    const block = readme
      .split('```yaml\n')
      .find((b) => b.startsWith('apiVersion: jobset-sim.dev/v1alpha1\nkind: FaultModel'));
    expect(block).toBeDefined();
    const pool =
      'apiVersion: jobset-sim.dev/v1alpha1\nkind: NodePool\nmetadata: {name: v5e-slice}\nspec: {tpu: {type: v5e, topology: 4x4}}\n---\n';
    const s = load(pool + block!.split('```')[0]!);
    expect(s.faultModels[0]).toMatchObject({ name: 'tpu-faults', nodePools: ['v5e-slice'], spares: { count: 1 } });
    expect(s.faultModels[0]!.failures[0]).toMatchObject({ cause: 'chip-or-host', per: 'device', action: 'replace' });
  });
});

describe('FaultModel nodePools', () => {
  it('names pools, NodePool documents or pools a Script adds; anything else is an error with a suggestion', () => {
    const text = (pools: string) => `apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: slice}
spec: {replicas: 2, tpu: {type: v5e, topology: 4x4}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: Script
metadata: {name: s}
spec:
  actions:
  - {at: 1h, addNodePool: {name: later, spec: {nodes: 1, resources: {cpu: "1"}}}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: {name: m}
spec:
  nodePools: ${pools}
  failures: [{cause: x, ratePerDay: 1, recovery: 1h}]
`;
    expect(problems(text('[slice, slice-1, later]'))).toEqual([]);
    expect(problems(text('[slices]'))).toEqual([
      'f.yaml: document 3 (FaultModel m): spec.nodePools[0]: no NodePool or node pool named "slices"; did you mean "slice"?',
    ]);
  });
});
