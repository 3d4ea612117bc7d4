import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { LATENCY_NAMES } from '../../src/engine/latencies.js';
import { type LoadOptions, loadScenario, loadScenarioFromTexts, type ScenarioInput } from '../../src/scenario/load.js';
import { formatProblem, ScenarioError } from '../../src/scenario/problems.js';

const SIM = 'apiVersion: jobset-sim.dev/v1alpha1';

const SIMULATION = `${SIM}
kind: Simulation
metadata: {name: multislice-what-if}
spec:
  seed: 3
  until: 72h
  scheduler: {policy: binpack, percentageOfNodesToScore: 50}
  featureGates: {TopologyAwareScheduling: true}
  defaults: {podDuration: 30m}
  latencyProfile: zero
  latencies: {podStartup: 2s, bind: 0}
`;

const POOLS = `${SIM}
kind: NodePool
metadata: {name: v5e-slice}
spec:
  replicas: 4
  tpu: {type: v5e, topology: 4x4}
  topology: {zone: us-central2-b, block: b1}
---
${SIM}
kind: NodePool
metadata: {name: h100}
spec:
  gpu: {type: h100-80gb, count: 8}
  nodes: 16
  labels: {team: research}
  taints: [{key: dedicated, value: research, effect: NoSchedule}]
---
${SIM}
kind: NodePool
metadata: {name: cpu}
spec:
  nodes: 10
  resources: {cpu: "96", memory: 512Gi}
`;

function jobSet(name: string, extra = '', ns = ''): string {
  return `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}${extra}
spec:
  replicatedJobs:
  - name: workers
    replicas: 2
    template:
      spec:
        parallelism: 4
        completions: 4
        template:
          spec:
            containers:
            - name: main
              image: jax
`;
}

const SCRIPT = `${SIM}
kind: Script
metadata: {name: chaos}
spec:
  actions:
  - at: 2h
    failNode: {node: v5e-slice-2-node-3}
  - at: 10m
    failPod: {jobSet: train, replicatedJob: workers, jobIndex: 1, podIndex: 0, exitCode: 1}
  - at: 1h
    failPod: {jobSet: train, replicatedJob: workers, jobIndex: 0, podIndex: 0,
              condition: DisruptionTarget, reason: TerminationByKubelet}
  - at: 2h
    recoverNode: {nodePool: v5e-slice-2}
  - at: 0s
    suspend: {jobSet: train, namespace: team}
`;

function load(inputs: ScenarioInput[] | string, opts?: LoadOptions) {
  const list = typeof inputs === 'string' ? [{ file: 'a.yaml', text: inputs }] : inputs;
  return loadScenarioFromTexts(list, opts).scenario;
}

/** The formatted problems of a load that must fail. */
function problems(inputs: ScenarioInput[] | string, opts?: LoadOptions): string[] {
  try {
    load(inputs, opts);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.message).toBe(e.problems.map(formatProblem).join('\n'));
    return e.message.split('\n');
  }
  throw new Error('expected a ScenarioError');
}

describe('a valid multi-document scenario', () => {
  const text = [SIMULATION, POOLS, jobSet('train', '\n  annotations: {jobset-sim.dev/submit-at: 5m}'), SCRIPT].join(
    '---\n',
  );
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: solo, namespace: team}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c}]
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
preemptionPolicy: Never
---
apiVersion: v1
kind: Namespace
metadata: {name: team}
`;
  const s = load([
    { file: 'scenarios/main.yaml', text },
    { file: 'scenarios/extra.yaml', text: job },
  ]);

  it('reads the Simulation', () => {
    expect(s.files).toEqual(['scenarios/main.yaml', 'scenarios/extra.yaml']);
    expect(s.simulation).toEqual({
      name: 'multislice-what-if',
      seed: 3,
      until: 72 * 3600 * 1e6,
      scheduler: { policy: 'binpack', percentageOfNodesToScore: 50, gang: 'none', gangTimeout: 60e6, mode: 'speed' },
      featureGates: { TopologyAwareScheduling: true },
      defaults: { podDuration: 30 * 60 * 1e6 },
      latencyProfile: 'zero',
      latencies: { podStartup: 2e6, bind: 0 },
    });
  });

  it('reads the NodePools with their defaults', () => {
    expect(s.nodePools.map((p) => p.name)).toEqual(['v5e-slice', 'h100', 'cpu']);
    expect(s.nodePools[0]).toEqual({
      name: 'v5e-slice',
      spec: {
        replicas: 4,
        tpu: { type: 'v5e', topology: '4x4' },
        labels: {},
        topology: { zone: 'us-central2-b', block: 'b1' },
      },
      source: { file: 'scenarios/main.yaml', document: 2, kind: 'NodePool', name: 'v5e-slice' },
    });
    expect(s.nodePools[1]!.spec).toEqual({
      replicas: 1,
      gpu: { type: 'h100-80gb', count: 8 },
      nodes: 16,
      labels: { team: 'research' },
      taints: [{ key: 'dedicated', value: 'research', effect: 'NoSchedule' }],
    });
    expect(s.nodePools[2]!.spec).toMatchObject({ nodes: 10, resources: { cpu: '96', memory: '512Gi' } });
    expect(s.nodePools[2]!.spec.taints).toBeUndefined();
  });

  it('keeps the JobSet as written, with its namespace defaulted and its submit time read', () => {
    expect(s.jobSets).toHaveLength(1);
    const js = s.jobSets[0]!;
    expect(js.submitAt).toBe(300e6);
    expect(js.source).toEqual({
      file: 'scenarios/main.yaml',
      document: 5,
      kind: 'JobSet',
      namespace: 'default',
      name: 'train',
    });
    expect(js.object.metadata.namespace).toBe('default');
    expect(js.object.metadata.annotations).toEqual({ 'jobset-sim.dev/submit-at': '5m' });
    expect(js.object.spec.replicatedJobs[0]!.template.spec.parallelism).toBe(4);
    expect(js.object.status).toEqual({ restarts: 0 });
  });

  it('reads Jobs, PriorityClasses and Namespaces', () => {
    expect(s.jobs.map((j) => [j.object.metadata.namespace, j.object.metadata.name, j.submitAt])).toEqual([
      ['team', 'solo', 0],
    ]);
    expect(s.priorityClasses).toEqual([{ name: 'high', value: 1000, globalDefault: false, preemptionPolicy: 'Never' }]);
    expect(s.namespaces).toEqual(['team']);
    expect(s.warnings).toEqual([]);
    expect(s.pending).toEqual([]);
  });

  it('sorts script actions by time, stably', () => {
    expect(s.actions.map((a) => [a.at / 1e6, a.action.kind])).toEqual([
      [0, 'suspend'],
      [600, 'failPod'],
      [3600, 'failPod'],
      [7200, 'failNode'],
      [7200, 'recoverNode'],
    ]);
    expect(s.actions[0]!.action).toEqual({ kind: 'suspend', namespace: 'team', jobSet: 'train' });
    expect(s.actions[1]!.action).toEqual({
      kind: 'failPod',
      target: { namespace: 'default', jobSet: 'train', replicatedJob: 'workers', jobIndex: 1, podIndex: 0 },
      exitCode: 1,
    });
    expect(s.actions[2]!.action).toMatchObject({ condition: 'DisruptionTarget', reason: 'TerminationByKubelet' });
    expect(s.actions[3]!.action).toEqual({ kind: 'failNode', node: 'v5e-slice-2-node-3' });
    expect(s.actions[4]!.action).toEqual({ kind: 'recoverNode', nodePool: 'v5e-slice-2' });
    expect(s.actions[4]!.source).toMatchObject({ kind: 'Script', name: 'chaos', document: 6 });
  });
});

describe('defaults', () => {
  it('gives every Simulation field a default and names the run after the first file', () => {
    const s = load([{ file: 'dir/my-run.yaml', text: POOLS }]);
    expect(s.simulation).toEqual({
      name: 'my-run',
      seed: 1,
      scheduler: { policy: 'default', percentageOfNodesToScore: 0, gang: 'none', gangTimeout: 60e6, mode: 'speed' },
      featureGates: {},
      defaults: { podDuration: 3600e6 },
      latencyProfile: 'realistic',
      latencies: {},
    });
    expect(s.simulation.until).toBeUndefined();
  });

  it('skips empty documents but counts them', () => {
    const lines = problems(`---\n# nothing\n---\n${SIM}\nkind: NodePool\nmetadata: {name: p}\nspec: {}\n`);
    expect(lines).toEqual(['a.yaml: document 2 (NodePool p): spec: one of tpu, gpu or resources is required']);
  });
});

describe('documents given already parsed', () => {
  const text = [SIMULATION, POOLS, jobSet('train', '\n  annotations: {jobset-sim.dev/submit-at: 5m}')].join('---\n');
  const documents = () => parseAllDocuments(text).map((d) => d.toJS());

  it('loads the same scenario as the YAML text they parse from', () => {
    const fromText = load([{ file: 'gen.yaml', text }]);
    const fromObjects = load([{ file: 'gen.yaml', documents: documents() }]);
    expect(fromObjects).toEqual(fromText);
  });

  it('numbers documents from 1 in messages, skips empty ones, and rejects one that is not a mapping', () => {
    const docs = [null, ...documents().slice(0, 2), ['a', 'b'], { apiVersion: 'v1', kind: 'NodePool' }];
    expect(problems([{ file: 'gen.yaml', documents: docs }])).toEqual([
      'gen.yaml: document 4: not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, got a list',
      expect.stringMatching(/^gen\.yaml: document 5 \(NodePool\): /),
    ]);
  });
});

describe('YAML and document errors', () => {
  it('reports YAML syntax errors with line and column', () => {
    const text = `${SIM}\nkind: Simulation\n---\n${SIM}\nkind: NodePool\nmetadata: {name: p}\nspec:\n  tpu: [v5e, 4x4\n  replicas: 2\n`;
    // Lines count from the start of the file.
    expect(problems(text)).toEqual([
      'a.yaml: document 2: line 9, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports duplicate keys as YAML errors', () => {
    expect(problems('a: 1\na: 2\n')).toEqual(['a.yaml: document 1: line 2, column 1: Map keys must be unique']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual([
      'a.yaml: document 1: not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, got a list',
    ]);
    expect(problems('just text\n')).toEqual([
      'a.yaml: document 1: not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, got "just text"',
    ]);
  });

  it('names the missing apiVersion or kind', () => {
    expect(problems('kind: JobSet\nmetadata: {name: x}\n---\nfoo: bar\n')).toEqual([
      'a.yaml: document 1 (JobSet default/x): not a Kubernetes object: expected a mapping with apiVersion, kind and metadata; apiVersion is missing',
      'a.yaml: document 2: not a Kubernetes object: expected a mapping with apiVersion, kind and metadata; apiVersion and kind are missing',
    ]);
  });

  it('rejects a known kind with the wrong apiVersion', () => {
    expect(
      problems(
        'apiVersion: jobset.x-k8s.io/v1alpha1\nkind: JobSet\nmetadata: {name: x}\n---\napiVersion: kueue.x-k8s.io/v1alpha1\nkind: ClusterQueue\nmetadata: {name: cq}\n',
      ),
    ).toEqual([
      'a.yaml: document 1 (JobSet default/x): apiVersion: expected jobset.x-k8s.io/v1alpha2 for kind JobSet, got "jobset.x-k8s.io/v1alpha1"',
      'a.yaml: document 2 (ClusterQueue cq): apiVersion: expected kueue.x-k8s.io/v1beta1 or kueue.x-k8s.io/v1beta2 for kind ClusterQueue, got "kueue.x-k8s.io/v1alpha1"',
    ]);
  });

  it('rejects an unknown kind of the simulator with a suggestion', () => {
    expect(problems(`${SIM}\nkind: Nodepool\nmetadata: {name: p}\n`)).toEqual([
      'a.yaml: document 1 (Nodepool p): kind: unknown kind "Nodepool"; did you mean "NodePool"?',
    ]);
  });

  it('points a Sweep handed to run or validate to the sweep command', () => {
    expect(problems(`${SIM}\nkind: Sweep\nmetadata: {name: s}\nspec: {}\n`)).toEqual([
      'a.yaml: document 1 (Sweep s): kind: a Sweep is not a scenario document; run it with `jobset-sim sweep FILE`',
    ]);
  });
});

describe('warnings', () => {
  it('lists an unmodelled kind and ignores it', () => {
    const s = load(`${POOLS}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n`);
    expect(s.warnings).toEqual([
      {
        code: 'UnmodelledKind',
        object: 'default/settings',
        message: 'ConfigMap default/settings is not modelled by the simulator and is ignored',
      },
    ]);
    const s2 = load('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: admin}\n');
    expect(s2.warnings[0]!.message).toBe('ClusterRole admin is not modelled by the simulator and is ignored');
  });

  it('reads Kueue objects (v1beta1 converted to v1beta2) and the Configuration', () => {
    const kueue = `apiVersion: kueue.x-k8s.io/v1beta1
kind: ClusterQueue
metadata: {name: team-a}
spec:
  namespaceSelector: {}
  cohort: research
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: default, resources: [{name: cpu, nominalQuota: 8}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: team-b}
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: lq}
spec: {clusterQueue: team-a}
---
apiVersion: config.kueue.x-k8s.io/v1beta1
kind: Configuration
waitForPodsReady: {enable: true, timeout: 10m}
fairSharing: {enable: true}
`;
    const s = load(kueue);
    expect(s.pending).toEqual([]);
    expect(s.warnings).toEqual([]);
    expect(s.kueue.clusterQueues.map((c) => [c.metadata.name, c.spec?.cohortName])).toEqual([
      ['team-a', 'research'],
      ['team-b', undefined],
    ]);
    expect(s.kueue.localQueues[0]).toMatchObject({
      metadata: { name: 'lq', namespace: 'default' },
      spec: { clusterQueue: 'team-a' },
    });
    expect(s.kueue.config.waitForPodsReady?.timeoutUs).toBe(600e6);
    expect(s.kueue.config.fairSharing).toEqual({});
  });

  it("a Kueue object that Kueue would reject is an error at its field, with upstream's text", () => {
    const text = `apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: team-a}
spec:
  resourceGroups:
  - coveredResources: [cpu]
    flavors: [{name: default, resources: [{name: cpu, nominalQuota: 8, borrowingLimit: 2}]}]
`;
    expect(() => load(text)).toThrow(
      'a.yaml: document 1 (ClusterQueue team-a): spec: borrowingLimit must be nil when cohort is empty', // the CRD's CEL rule
    );
  });

  it('carries the warnings on a ScenarioError too', () => {
    try {
      load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n- x\n');
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).warnings.map((w) => w.code)).toEqual(['UnmodelledKind']);
    }
  });
});

describe('field errors', () => {
  it('rejects a JobSet without replicatedJobs', () => {
    const text = 'apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: train}\nspec: {}\n';
    expect(problems(text)).toEqual([
      'a.yaml: document 1 (JobSet default/train): spec.replicatedJobs: required; expected a non-empty list',
    ]);
  });

  it('checks the JobSet structure down to the containers', () => {
    const text = `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {namespace: ml}
spec:
  replicatedJobs:
  - replicas: two
    template:
      spec:
        template:
          spec: {containers: []}
  - name: b
    template: {spec: {template: {}}}
`;
    expect(problems(text)).toEqual([
      'a.yaml: document 1 (JobSet): metadata.name: required; expected a string (or set metadata.generateName)',
      'a.yaml: document 1 (JobSet): spec.replicatedJobs[0].name: required; expected a string',
      'a.yaml: document 1 (JobSet): spec.replicatedJobs[0].replicas: expected an integer, got "two"',
      'a.yaml: document 1 (JobSet): spec.replicatedJobs[0].template.spec.template.spec.containers: expected a non-empty list, got an empty list',
      'a.yaml: document 1 (JobSet): spec.replicatedJobs[1].template.spec.template.spec: required; expected a mapping',
    ]);
  });

  it('accepts generateName', () => {
    const s = load(jobSet('x').replace('name: x', 'generateName: train-'));
    expect(s.jobSets[0]!.object.metadata).toEqual({ generateName: 'train-', namespace: 'default' });
  });

  it('rejects a NodePool without tpu, gpu or resources', () => {
    expect(problems(`${SIM}\nkind: NodePool\nmetadata: {name: v5p}\nspec: {replicas: 2}\n`)).toEqual([
      'a.yaml: document 1 (NodePool v5p): spec: one of tpu, gpu or resources is required',
    ]);
  });

  it('checks NodePool fields', () => {
    const text = `${SIM}
kind: NodePool
metadata: {name: Big_Pool}
spec:
  replicas: four
  tpu: {type: v5, topology: 4by4}
  gpu: {type: h100-80gb}
  labels: {a: 1}
  taints: [{key: k, effect: NoEvict}]
`;
    expect(problems(text)).toEqual([
      'a.yaml: document 1 (NodePool Big_Pool): metadata.name: "Big_Pool" is not a valid NodePool name: expected a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      'a.yaml: document 1 (NodePool Big_Pool): spec.replicas: expected a positive integer, got "four"',
      'a.yaml: document 1 (NodePool Big_Pool): spec: only one of tpu, gpu or resources may be set, got tpu and gpu',
      'a.yaml: document 1 (NodePool Big_Pool): spec.tpu.type: expected v4, v5e, v5p, v6e or tpu7x, got "v5"',
      'a.yaml: document 1 (NodePool Big_Pool): spec.tpu.topology: expected a topology such as 2x4 or 4x4x4, got "4by4"',
      'a.yaml: document 1 (NodePool Big_Pool): spec.nodes: required with gpu; expected a positive integer',
      'a.yaml: document 1 (NodePool Big_Pool): spec.labels.a: expected a string, got 1 (quote it: "1")',
      'a.yaml: document 1 (NodePool Big_Pool): spec.taints[0].effect: expected NoSchedule, PreferNoSchedule or NoExecute, got "NoEvict"',
    ]);
  });

  it('suggests the field meant by an unknown field of our own kinds', () => {
    expect(problems(`${SIM}\nkind: Simulation\nmetadata: {name: s}\nspec:\n  schedular: {policy: binpack}\n`)).toEqual([
      'a.yaml: document 1 (Simulation s): spec.schedular: unknown field; did you mean "scheduler"?',
    ]);
    expect(problems(`${SIM}\nkind: Simulation\nspec:\n  colour: blue\n`)).toEqual([
      'a.yaml: document 1 (Simulation): spec.colour: unknown field (expected one of: seed, until, scheduler, featureGates, defaults, latencyProfile, latencies, metrics, startTime, terminatedPodGCThreshold)',
    ]);
  });

  it('checks every Simulation field', () => {
    const text = `${SIM}
kind: Simulation
metadata: {name: s}
spec:
  seed: -1
  until: 400d
  scheduler: {policy: bnpack, percentageOfNodesToScore: 150}
  featureGates: {A: "yes"}
  defaults: {podDuration: 90}
  latencyProfile: fast
  latencies: {podStartp: 1s, bind: -1s}
`;
    expect(problems(text, { policies: ['default', 'binpack', 'random'] })).toEqual([
      'a.yaml: document 1 (Simulation s): spec.seed: expected a non-negative integer, got -1',
      'a.yaml: document 1 (Simulation s): spec.until: must be at most 365d, got "400d"',
      'a.yaml: document 1 (Simulation s): spec.scheduler.policy: unknown policy "bnpack"; did you mean "binpack"? (policies: default, binpack, random)',
      'a.yaml: document 1 (Simulation s): spec.scheduler.percentageOfNodesToScore: expected an integer from 0 to 100, got 150',
      'a.yaml: document 1 (Simulation s): spec.featureGates.A: expected true or false, got "yes"',
      'a.yaml: document 1 (Simulation s): spec.defaults.podDuration: invalid duration 90: missing unit; write e.g. 90s, 90m or 90h',
      'a.yaml: document 1 (Simulation s): spec.latencyProfile: expected realistic or zero, got "fast"',
      `a.yaml: document 1 (Simulation s): spec.latencies.podStartp: unknown latency; did you mean "podStartup"? (latencies: ${LATENCY_NAMES.join(', ')})`,
      'a.yaml: document 1 (Simulation s): spec.latencies.bind: expected a duration of 0s or more, got "-1s"',
    ]);
  });

  it('allows at most one Simulation', () => {
    const two = `${SIM}\nkind: Simulation\nmetadata: {name: a}\n---\n${SIM}\nkind: Simulation\nmetadata: {name: b}\n`;
    expect(problems(two)).toEqual([
      'a.yaml: document 2 (Simulation b): only one Simulation is allowed per scenario; the first is a.yaml, document 1',
    ]);
  });

  it('checks the sim annotations of JobSets and their replicated jobs', () => {
    const text = jobSet('train', '\n  annotations: {jobset-sim.dev/duration: 0s, jobset-sim.dev/submit-at: "-5m"}')
      .replace(
        '    template:\n      spec:',
        '    template:\n      metadata:\n        annotations: {jobset-sim.dev/duration: 5x}\n      spec:',
      )
      .replace(
        '  - name: workers',
        '  - name: a\n    template: {spec: {template: {spec: {containers: [{name: c}]}}}}\n  - name: b\n    template: {spec: {template: {spec: {containers: [{name: c}]}}}}\n  - name: workers',
      );
    expect(problems(text)).toEqual([
      'a.yaml: document 1 (JobSet default/train): metadata.annotations["jobset-sim.dev/submit-at"]: expected a duration of 0s or more, got "-5m"',
      'a.yaml: document 1 (JobSet default/train): metadata.annotations["jobset-sim.dev/duration"]: expected a positive duration, got "0s"',
      'a.yaml: document 1 (JobSet default/train): spec.replicatedJobs[2].template.metadata.annotations["jobset-sim.dev/duration"]: invalid duration "5x": expected a Go-style duration such as 90s, 30m, 6h, 1h30m or 2d',
    ]);
  });

  it('rejects duplicate names in a namespace, not across namespaces', () => {
    const text = [jobSet('train'), jobSet('train', '', 'other'), jobSet('train', '', 'default')].join('---\n');
    expect(problems(text)).toEqual([
      'a.yaml: document 3 (JobSet default/train): metadata.name: duplicate: JobSet default/train is already defined in a.yaml, document 1',
    ]);
  });

  it('rejects pool names that collide after replicas expansion', () => {
    const text = `${SIM}\nkind: NodePool\nmetadata: {name: a}\nspec: {replicas: 2, tpu: {type: v5e, topology: 2x2}}\n---\n${SIM}\nkind: NodePool\nmetadata: {name: a-1}\nspec: {tpu: {type: v5e, topology: 2x2}}\n`;
    expect(problems(text)).toEqual([
      'a.yaml: document 2 (NodePool a-1): metadata.name: pool name "a-1" is also made by NodePool a (replicas: 2) in a.yaml, document 1',
    ]);
  });

  it('checks script actions', () => {
    const text = `${SIM}
kind: Script
metadata: {name: chaos}
spec:
  actions:
  - failNode: {node: n}
  - at: 1m
    failPod: {jobSet: t, replicatedJob: w, exitCode: 1, condition: DisruptionTarget}
  - at: 1m
  - at: 1m
    cordon: {node: n}
    uncordon: {node: n}
  - at: 1m
    failNod: {node: n}
  - at: 1m
    suspend: {}
`;
    expect(problems(text)).toEqual([
      'a.yaml: document 1 (Script chaos): spec.actions[0].at: required; expected a duration such as 10m',
      'a.yaml: document 1 (Script chaos): spec.actions[1].failPod: only one of exitCode or condition may be set',
      'a.yaml: document 1 (Script chaos): spec.actions[2]: expected one action: failPod, failNode, recoverNode, cordon, uncordon, deleteNode, maintenance, spotReclaim, addNodePool, removeNodePool, suspend, resume or delete',
      'a.yaml: document 1 (Script chaos): spec.actions[3]: expected one action per item, got cordon and uncordon',
      'a.yaml: document 1 (Script chaos): spec.actions[4].failNod: unknown field; did you mean "failNode"?',
      'a.yaml: document 1 (Script chaos): spec.actions[4]: expected one action: failPod, failNode, recoverNode, cordon, uncordon, deleteNode, maintenance, spotReclaim, addNodePool, removeNodePool, suspend, resume or delete',
      'a.yaml: document 1 (Script chaos): spec.actions[5].suspend.jobSet: required; expected a string',
    ]);
  });

  it('checks PriorityClasses', () => {
    const pc = (name: string, body: string) =>
      `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\n${body}\n`;
    const text = [
      pc('a', 'value: 10\nglobalDefault: true'),
      pc('b', 'value: 20\nglobalDefault: true'),
      pc('c', 'value: high'),
    ].join('---\n');
    expect(problems(text)).toEqual([
      'a.yaml: document 2 (PriorityClass b): globalDefault: only one PriorityClass may be the global default; a (a.yaml, document 1) already is',
      'a.yaml: document 3 (PriorityClass c): value: expected an integer from -2147483648 to 2147483647, got "high"',
    ]);
  });
});

describe('all problems of all files', () => {
  it('reports every problem of every file at once, in file and document order', () => {
    const a = `${SIM}\nkind: NodePool\nmetadata: {name: p}\nspec: {replicas: 0, tpu: {type: v5e, topology: 2x2}}\n---\n- x\n`;
    const b = 'apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: t}\nspec: {}\n---\nfoo: [\n';
    expect(
      problems(
        [
          { file: 'a.yaml', text: a },
          { file: 'b.yaml', text: b },
        ],
        { sets: ['NodePool/q:spec.replicas=1'], until: 'soon' },
      ),
    ).toEqual([
      'a.yaml: document 1 (NodePool p): spec.replicas: expected a positive integer, got 0',
      'a.yaml: document 2: not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, got a list',
      'b.yaml: document 1 (JobSet default/t): spec.replicatedJobs: required; expected a non-empty list',
      'b.yaml: document 2: line 7, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '--set NodePool/q:spec.replicas=1: no NodePool named "q" (NodePools: p)',
      '--until: invalid duration "soon": expected a Go-style duration such as 90s, 30m, 6h, 1h30m or 2d',
    ]);
  });

  it('reports unreadable files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loader-'));
    const good = join(dir, 'pools.yaml');
    writeFileSync(good, POOLS);
    const missing = join(dir, 'missing.yaml');
    await expect(loadScenario([good, missing])).rejects.toThrow(
      `${missing}: cannot read file: no such file or directory`,
    );
    const { scenario } = await loadScenario([good], { seed: 9 });
    expect(scenario.files).toEqual([good]);
    expect(scenario.simulation).toMatchObject({ name: 'pools', seed: 9 });
    expect(scenario.nodePools).toHaveLength(3);
  });
});

describe('command-line overrides', () => {
  it('--seed and --until win over the file', () => {
    const s = load([SIMULATION, POOLS].join('---\n'), { seed: 42, until: '1d12h' });
    expect(s.simulation.seed).toBe(42);
    expect(s.simulation.until).toBe(36 * 3600e6);
  });

  it('rejects bad --seed and --until values', () => {
    expect(problems(POOLS, { seed: -3, until: '0s' })).toEqual([
      '--seed: expected a non-negative integer, got -3',
      '--until: expected a positive duration, got "0s"',
    ]);
  });

  it('--set on a bare path changes the Simulation spec, and is validated', () => {
    const s = load([SIMULATION, POOLS].join('---\n'), { sets: ['scheduler.policy=random', 'until=2d'] });
    expect(s.simulation.scheduler.policy).toBe('random');
    expect(s.simulation.until).toBe(2 * 86400e6);
    expect(problems(POOLS, { sets: ['scheduler.policy=nope'], policies: ['default'] })).toEqual([
      '--set (Simulation): spec.scheduler.policy: unknown policy "nope" (policies: default)',
    ]);
  });

  it('--set creates a Simulation named after the first file when there is none', () => {
    const s = load([{ file: 'x/pools.yml', text: POOLS }], { sets: ['seed=5'] });
    expect(s.simulation).toMatchObject({ name: 'pools', seed: 5 });
  });

  it('--set reaches NodePools by name, and list items by name', () => {
    const s = load(POOLS, {
      sets: ['NodePool/v5e-slice:spec.replicas=6', 'NodePool/h100:spec.taints[key=dedicated].effect=NoExecute'],
    });
    expect(s.nodePools[0]!.spec.replicas).toBe(6);
    expect(s.nodePools[1]!.spec.taints).toEqual([{ key: 'dedicated', value: 'research', effect: 'NoExecute' }]);
  });

  it('--set reaches JobSet fields and annotations', () => {
    const s = load(jobSet('train'), {
      sets: [
        'JobSet/train:spec.replicatedJobs[name=workers].replicas=8',
        'JobSet/train:metadata.annotations["jobset-sim.dev/submit-at"]=1h',
      ],
    });
    expect(s.jobSets[0]!.object.spec.replicatedJobs[0]!.replicas).toBe(8);
    expect(s.jobSets[0]!.submitAt).toBe(3600e6);
  });

  it('--set errors name the expression and what exists', () => {
    expect(
      problems(POOLS, { sets: ['NodePool/v5q:spec.replicas=6', 'NodePool/h100:spec.taints[key=x].effect=NoExecute'] }),
    ).toEqual([
      '--set NodePool/v5q:spec.replicas=6: no NodePool named "v5q" (NodePools: v5e-slice, h100, cpu)',
      '--set NodePool/h100:spec.taints[key=x].effect=NoExecute: spec.taints[key=x]: no item with key "x" (key values: dedicated)',
    ]);
  });

  it('values set by --set are validated like the file', () => {
    expect(problems(POOLS, { sets: ['NodePool/cpu:spec.replicas=four'] })).toEqual([
      'a.yaml: document 3 (NodePool cpu): spec.replicas: expected a positive integer, got "four"',
    ]);
  });
});

describe('validator hooks', () => {
  it('reports the problems of validateNodePool, validateJobSet and validateJob with their paths', () => {
    const job =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{name: c}]}}}\n';
    const seen: string[] = [];
    const lines = problems([POOLS, jobSet('train'), job].join('---\n'), {
      validateNodePool: (spec, ctx) => {
        seen.push(`pool ${ctx.name}`);
        return spec.tpu ? [{ path: 'tpu.topology', message: 'not a valid v5e topology' }] : [];
      },
      validateJobSet: (js, ctx) => {
        seen.push(
          `jobset ${js.metadata.namespace}/${js.metadata.name} gates=${Object.keys(ctx.simulation.featureGates)}`,
        );
        return [{ path: 'spec.replicatedJobs[0].name', message: 'Invalid value: "workers": too long' }];
      },
      validateJob: () => [{ path: '', message: 'spec.template.spec.restartPolicy: Required value' }],
    });
    expect(seen).toEqual(['pool v5e-slice', 'pool h100', 'pool cpu', 'jobset default/train gates=']);
    expect(lines).toEqual([
      'a.yaml: document 1 (NodePool v5e-slice): spec.tpu.topology: not a valid v5e topology',
      'a.yaml: document 4 (JobSet default/train): spec.replicatedJobs[0].name: Invalid value: "workers": too long',
      'a.yaml: document 5 (Job default/j): spec.template.spec.restartPolicy: Required value',
    ]);
  });

  it('does not call the webhooks on structurally invalid objects', () => {
    let calls = 0;
    problems('apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: t}\nspec: {replicatedJobs: 3}\n', {
      validateJobSet: () => {
        calls++;
        return [];
      },
    });
    expect(calls).toBe(0);
  });
});

describe('robustness', () => {
  it('never throws anything but a ScenarioError on mutated input', () => {
    const base = parseAllDocuments([SIMULATION, POOLS, jobSet('train'), SCRIPT].join('---\n')).map((d) => d.toJS());
    const values: unknown[] = [null, 0, -1, 1.5, 'x', '', [], {}, [null], [{}], true, { a: 1 }, '5m'];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const paths = (o: unknown, pre: (string | number)[] = [], out: (string | number)[][] = []) => {
      if (pre.length > 0) out.push(pre);
      if (Array.isArray(o)) {
        for (const [i, v] of o.entries()) paths(v, [...pre, i], out);
      } else if (o && typeof o === 'object') {
        for (const [k, v] of Object.entries(o)) paths(v, [...pre, k], out);
      }
      return out;
    };
    for (let it = 0; it < 200; it++) {
      const docs = structuredClone(base);
      const ps = paths(docs);
      for (let m = 0; m < 2; m++) {
        const p = ps[rnd(ps.length)]!;
        let o: unknown = docs;
        for (const k of p.slice(0, -1)) o = (o as Record<string | number, unknown> | undefined)?.[k];
        if (o && typeof o === 'object') {
          (o as Record<string | number, unknown>)[p[p.length - 1]!] = structuredClone(values[rnd(values.length)]);
        }
      }
      const text = docs.map((d) => stringify(d)).join('---\n');
      try {
        load(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        for (const p of (e as ScenarioError).problems) expect(p.message).not.toMatch(/undefined|\[object|NaN/);
      }
    }
  });
});
