// Kueue's scheduler performance configurations (kubernetes-sigs/kueue ff69552e test/performance/scheduler/configs,
// copied in bench/kueue-perf/) replayed in virtual time, checked against upstream's rangespec.yaml.
//
// Run (no npm script needed):
//   npx tsx bench/kueue-perf.ts [baseline|large-scale|tas|all|<dir>] [realistic|zero|all] [workload|jobset|all]
// e.g. `npx tsx bench/kueue-perf.ts baseline zero`; the defaults are `all all workload`. A <dir> (any argument with a `/`)
// holds a generator.yaml and a rangespec.yaml of the same shape, e.g. a scaled-down copy. Profile with
//   node --cpu-prof --import tsx bench/kueue-perf.ts large-scale zero
//
// How upstream's runner uses a generator.yaml (test/performance/scheduler/runner/generator/generator.go):
// - every cohort set makes `count` cohorts named `<className>-<i>`; each gets every queues set's `count` ClusterQueues
//   named `<className>-<queueSetIdx>-<i>-<cohort>`, one flavor, resource cpu with nominalQuota and borrowingLimit, the
//   given preemption policies; a Namespace and a LocalQueue of the same name per ClusterQueue. Cohorts are implicit
//   (only named by cohortName), as upstream.
// - generateWlSet: per ClusterQueue and per workloads set, one goroutine loops `count` times over the set's workload
//   templates, each time waiting creationIntervalMs and then creating one Workload: the n-th creation of a set (from 1)
//   is at n × creationIntervalMs. Workloads are named `<className>-<wlSetIdx>-<si>-<i>` with the priority given and
//   one pod set of podCount (default 1) pods requesting `request` cpu each.
// - the runner's controller (runner/controller/controller.go) marks a Workload Finished `runtimeMs` after it saw it
//   admitted, and ends an eviction by unsetting its quota reservation. There are no pods upstream. Mode `workload`
//   (the default) does the same: bare Workloads (src/kueue/bare-workload.ts plays the runner). Mode `jobset` runs
//   the pod model instead: each Workload is a JobSet of podCount pods whose containers run runtimeMs once Running,
//   so under `realistic` the quota is also held through the Job/JobSet reconciles, the pod start-up and the Job
//   controller's sync batch; `zero` holds it for exactly runtimeMs. Its NodePool is sized (2 × the sum of every
//   nominal quota) so that kube-scheduler never limits admitted pods.
// - the recorder (runner/recorder/recorder.go) and the checker (checker/checker_test.go) compute, per CQ class,
//   usage % = Σ CPUUsed / (Σ nominal × (last CQ event − first CQ event)) × 100, where CPUUsed integrates the CQ's
//   status.flavorsUsage (admitted usage, borrowing included) between its status events; and per workload class the
//   mean of (Admitted condition time − creation time) over all its workloads, the last admission counting after an
//   eviction. Here: ∫usage from metrics.kueue (usage ÷ nominal × run end × nominal), the first CQ event at 0 (the
//   ClusterQueues exist from the start) and the last at the CQ's last release (its last JobSet finishing); time to
//   admission from result.jobsets[].submittedAt (JobSet creation) to admittedAt (latest admission).
// - maxWallMs bounds upstream's minimalkueue process wall time, i.e. the run's duration in real time; here it is
//   compared with the simulated duration (last release), and the bench's own wall time with the 30 s target.
//   Upstream's durations and waits are set by its API client budget (minimalkueue/main.go: QPS 50, burst 100, so
//   ~43 admissions/s), which the simulator does not model: it admits as fast as quota allows.
// - tas: Topology Aware Scheduling runs for real (topology_generator.go): a Topology of the config's levels, one
//   NodePool per domain above the node level (block-0 × rack-0..9, 64 nodes of 96 cpu, 256Gi, 110 pods each,
//   labelled with the level values and tas-node-group=tas), a ResourceFlavor with nodeLabels tas-node-group=tas and
//   the topologyName; each workload is a JobSet of podCount pods × request cpu whose pod template carries the TAS
//   annotations of its tasConstraint (generator.go): required → podset-required-topology: tasLevel, preferred →
//   podset-preferred-topology: tasLevel, balanced → podset-slice-required-topology: tasLevel (+ podset-slice-size:
//   sliceSize when set), i.e. a slice-only request (TASBalancedPlacement is off upstream too). One deviation:
//   upstream's generator labels kubernetes.io/hostname with node-<i> per rack, so the 10 nodes of each index share a
//   hostname and upstream's TAS tree merges them into one leaf (under whichever rack its map iteration meets first);
//   here each node's hostname is its own name, the 10 × 64 topology the config describes. The quota (30 × 20 cpu
//   nominal) is 1% of the 61,440 cpu, so placement binds only through fragmentation within a rack.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadScenarioFromTexts } from '../src/scenario/load.js';
import { loaderOptions, simulate } from '../src/simulate.js';

const CONFIGS = ['baseline', 'large-scale', 'tas'] as const;
const PROFILES = ['realistic', 'zero'] as const;
/** `workload`: bare Workloads finished by the runner, as upstream's test; `jobset`: each a JobSet through the pod model. */
const MODES = ['workload', 'jobset'] as const;
type Mode = (typeof MODES)[number];
/** One of CONFIGS, or a directory holding a generator.yaml and a rangespec.yaml (e.g. a scaled-down copy). */
type ConfigName = string;
type Profile = (typeof PROFILES)[number];

const WALL_TARGET_MS = 30_000;
const FLAVOR = 'rf'; // generator.go defaultResourceFlavorName
const NODE_CPU = 96;

interface WorkloadTemplate {
  className: string;
  runtimeMs: number;
  priority: number;
  request: string | number;
  podCount?: number;
  tasConstraint?: string;
  tasLevel?: string;
  sliceSize?: number;
}
interface WorkloadsSet {
  count: number;
  creationIntervalMs: number;
  workloads: WorkloadTemplate[];
}
interface QueuesSet {
  className: string;
  count: number;
  nominalQuota: string | number;
  borrowingLimit?: string | number;
  reclaimWithinCohort?: string;
  withinClusterQueue?: string;
  workloadsSets: WorkloadsSet[];
}
interface CohortSet {
  className: string;
  count: number;
  queuesSets: QueuesSet[];
}
interface TopologyLevelConfig {
  name: string;
  count: number;
  nodeLabel: string;
  capacity?: { cpu?: string; memory?: string };
}
export interface GeneratorConfig {
  topology?: { name: string; levels: TopologyLevelConfig[] };
  resourceFlavor?: { name?: string; nodeLabel?: string; topologyName?: string };
  cohorts: CohortSet[];
}

/** The pod template annotations of a workload template's tasConstraint (generator.go). */
function tasAnnotations(wt: WorkloadTemplate): Record<string, string> {
  if (!wt.tasLevel) return {};
  switch (wt.tasConstraint) {
    case 'required':
      return { 'kueue.x-k8s.io/podset-required-topology': wt.tasLevel };
    case 'preferred':
      return { 'kueue.x-k8s.io/podset-preferred-topology': wt.tasLevel };
    case 'balanced':
      return {
        'kueue.x-k8s.io/podset-slice-required-topology': wt.tasLevel,
        ...(wt.sliceSize ? { 'kueue.x-k8s.io/podset-slice-size': String(wt.sliceSize) } : {}),
      };
    default:
      return {};
  }
}

/** generator.go's podset topology request of a workload template (RequiredTopologyRequest etc.). */
function topologyRequest(wt: WorkloadTemplate): Record<string, unknown> | undefined {
  if (!wt.tasLevel) return undefined;
  switch (wt.tasConstraint) {
    case 'required':
      return { required: wt.tasLevel };
    case 'preferred':
      return { preferred: wt.tasLevel };
    case 'balanced':
      return { podSetSliceRequiredTopology: wt.tasLevel, ...(wt.sliceSize ? { podSetSliceSize: wt.sliceSize } : {}) };
    default:
      return undefined;
  }
}

/**
 * generateWlSet's Workload, as upstream creates it (utiltestingapi.MakeWorkload(...).Queue(lq).Priority(p) with one
 * podset `main` of podCount pods requesting `request` cpu, its TAS request when tasLevel is set), the running-time
 * and class labels kept; `submit-at` is its creation time and `duration` its runtimeMs (the runner finishes it).
 */
function bareWorkload(wt: WorkloadTemplate, name: string, cq: string, atMs: number): object {
  const tr = topologyRequest(wt);
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: {
      name,
      namespace: cq,
      labels: {
        'kueue.x-k8s.io/performance-scheduler-running-ms': String(wt.runtimeMs),
        'kueue.x-k8s.io/performance-scheduler-class': wt.className,
      },
      annotations: { 'jobset-sim.dev/submit-at': `${atMs}ms`, 'jobset-sim.dev/duration': `${wt.runtimeMs}ms` },
    },
    spec: {
      queueName: cq,
      priority: wt.priority,
      podSets: [
        {
          name: 'main',
          count: wt.podCount ?? 1,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: String(wt.request) } } }],
            },
          },
          ...(tr ? { topologyRequest: tr } : {}),
        },
      ],
    },
  };
}

/** topology_generator.go: one NodePool per domain of the level above the nodes, with every level's value. */
function topologyPools(gen: GeneratorConfig): { docs: object[]; nodes: number; nodeCpu: number } {
  const levels = gen.topology!.levels;
  const nodeLevel = levels[levels.length - 1]!;
  const cpu = nodeLevel.capacity?.cpu ?? '96';
  const memory = nodeLevel.capacity?.memory ?? '256Gi';
  const groupLabel = gen.resourceFlavor?.nodeLabel ?? 'tas-node-group';
  const docs: object[] = [];
  let nodes = 0;
  const walk = (i: number, values: string[]) => {
    if (i === levels.length - 1) {
      const labels: Record<string, string> = { [groupLabel]: 'tas' };
      levels.slice(0, -1).forEach((l, k) => {
        labels[l.nodeLabel] = values[k]!;
      });
      docs.push({
        apiVersion: 'jobset-sim.dev/v1alpha1',
        kind: 'NodePool',
        metadata: { name: values.map((v) => v.replace('-', '')).join('-') },
        spec: { nodes: nodeLevel.count, resources: { cpu, memory, pods: '110' }, labels },
      });
      nodes += nodeLevel.count;
      return;
    }
    for (let v = 0; v < levels[i]!.count; v++) walk(i + 1, [...values, `${levels[i]!.name}-${v}`]);
  };
  walk(0, []);
  return { docs, nodes, nodeCpu: cores(cpu) };
}
interface RangeSpec {
  cmd: { maxWallMs: number };
  clusterQueueClassesMinUsage: Record<string, number>;
  wlClassesMaxAvgTimeToAdmissionMs: Record<string, number>;
}

const here = dirname(fileURLToPath(import.meta.url));
// The configs live beside the sources (bench/kueue-perf/); the compiled copy runs from dist/bench/.
const sourceDir = here.endsWith(join('dist', 'bench')) ? join(here, '..', '..', 'bench') : here;
const configDir = (name: ConfigName) => (name.includes('/') ? name : join(sourceDir, 'kueue-perf', name));

/** Kubernetes cpu quantity → cores ("500m" → 0.5, "20" → 20). */
function cores(q: string | number): number {
  if (typeof q === 'number') return q;
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

/** The rangespec's numbers are YAML 1.1 (`425_000`, as sigs.k8s.io/yaml reads them). */
function readRangeSpec(name: ConfigName): RangeSpec {
  return parse(readFileSync(join(configDir(name), 'rangespec.yaml'), 'utf8'), { version: '1.1' }) as RangeSpec;
}

interface Built {
  /** The scenario's documents, handed to the loader as parsed objects (no YAML round trip). */
  documents: object[];
  /** ClusterQueue name → its class (the performance-scheduler-class label upstream). */
  cqClass: Map<string, string>;
  nominal: Map<string, number>;
  workloads: number;
  nodes: number;
  nodeCpu: number;
  flavor: string;
}

/**
 * The scenario documents for one generator config (in memory only), as the objects a YAML file of them would parse
 * to: there are tens of thousands, and writing then parsing them as text took about a fifth of a baseline run.
 */
export function build(name: ConfigName, gen: GeneratorConfig, profile: Profile, mode: Mode = 'workload'): Built {
  const flavor = flavorName(gen);
  const cqClass = new Map<string, string>();
  const nominal = new Map<string, number>();
  const priorities = new Set<number>();
  let workloads = 0;
  let totalNominal = 0;
  const body: object[] = [];
  for (const cs of gen.cohorts) {
    for (let ci = 0; ci < cs.count; ci++) {
      const cohort = `${cs.className}-${ci}`;
      cs.queuesSets.forEach((qs, qsi) => {
        for (let qi = 0; qi < qs.count; qi++) {
          const cq = `${qs.className}-${qsi}-${qi}-${cohort}`;
          cqClass.set(cq, qs.className);
          nominal.set(cq, cores(qs.nominalQuota));
          totalNominal += cores(qs.nominalQuota);
          body.push(
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cq } },
            {
              apiVersion: 'kueue.x-k8s.io/v1beta2',
              kind: 'ClusterQueue',
              metadata: { name: cq },
              spec: {
                cohortName: cohort,
                namespaceSelector: {},
                preemption: {
                  reclaimWithinCohort: qs.reclaimWithinCohort ?? 'Never',
                  withinClusterQueue: qs.withinClusterQueue ?? 'Never',
                },
                resourceGroups: [
                  {
                    coveredResources: ['cpu'],
                    flavors: [
                      {
                        name: flavor,
                        resources: [
                          {
                            name: 'cpu',
                            nominalQuota: String(qs.nominalQuota),
                            ...(qs.borrowingLimit === undefined ? {} : { borrowingLimit: String(qs.borrowingLimit) }),
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            },
            {
              apiVersion: 'kueue.x-k8s.io/v1beta2',
              kind: 'LocalQueue',
              metadata: { name: cq, namespace: cq },
              spec: { clusterQueue: cq },
            },
          );
          qs.workloadsSets.forEach((ws, wsi) => {
            let n = 0;
            for (let si = 0; si < ws.count; si++) {
              ws.workloads.forEach((wt, i) => {
                n++; // generateWlSet: wait creationIntervalMs, then create
                workloads++;
                priorities.add(wt.priority);
                const pods = wt.podCount ?? 1;
                if (mode === 'workload') {
                  body.push(bareWorkload(wt, `${wt.className}-${wsi}-${si}-${i}`, cq, n * ws.creationIntervalMs));
                  return;
                }
                body.push({
                  apiVersion: 'jobset.x-k8s.io/v1alpha2',
                  kind: 'JobSet',
                  metadata: {
                    name: `${wt.className}-${wsi}-${si}-${i}`,
                    namespace: cq,
                    labels: { 'kueue.x-k8s.io/queue-name': cq, 'kueue.x-k8s.io/priority-class': `p${wt.priority}` },
                    annotations: {
                      'jobset-sim.dev/submit-at': `${n * ws.creationIntervalMs}ms`,
                      'jobset-sim.dev/duration': `${wt.runtimeMs}ms`,
                    },
                  },
                  spec: {
                    replicatedJobs: [
                      {
                        name: 'w',
                        replicas: 1,
                        template: {
                          spec: {
                            parallelism: pods,
                            completions: pods,
                            backoffLimit: 0,
                            template: {
                              metadata: { annotations: tasAnnotations(wt) },
                              spec: {
                                restartPolicy: 'Never',
                                containers: [
                                  { name: 'c', image: 'x', resources: { requests: { cpu: String(wt.request) } } },
                                ],
                              },
                            },
                          },
                        },
                      },
                    ],
                  },
                });
              });
            }
          });
        }
      });
    }
  }
  // Admitted usage never exceeds the sum of the nominal quotas (cohorts lend only their members' quota); twice that
  // leaves room for pods still terminating while their successors start.
  // Bare Workloads have no pods: no nodes, as upstream's baseline and large-scale runs have none.
  let nodes = mode === 'workload' ? 0 : Math.ceil((2 * totalNominal) / NODE_CPU);
  let nodeCpu = NODE_CPU;
  let infra: object[] = [
    ...(nodes > 0
      ? [
          {
            apiVersion: 'jobset-sim.dev/v1alpha1',
            kind: 'NodePool',
            metadata: { name: 'cpu' },
            spec: { nodes, resources: { cpu: String(NODE_CPU), memory: '256Gi' } },
          },
        ]
      : []),
    { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ResourceFlavor', metadata: { name: flavor } },
  ];
  if (gen.topology) {
    const t = topologyPools(gen);
    nodes = t.nodes;
    nodeCpu = t.nodeCpu;
    infra = [
      ...t.docs,
      {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'Topology',
        metadata: { name: gen.topology.name },
        spec: { levels: gen.topology.levels.map((l) => ({ nodeLabel: l.nodeLabel })) },
      },
      {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ResourceFlavor',
        metadata: { name: flavor },
        spec: {
          nodeLabels: { [gen.resourceFlavor?.nodeLabel ?? 'tas-node-group']: 'tas' },
          topologyName: gen.resourceFlavor?.topologyName ?? gen.topology.name,
        },
      },
    ];
  }
  const head: object[] = [
    {
      apiVersion: 'jobset-sim.dev/v1alpha1',
      kind: 'Simulation',
      metadata: { name: `kueue-perf-${basename(name)}-${profile}${mode === 'jobset' ? '-jobset' : ''}` },
      spec: { seed: 1, latencyProfile: profile },
    },
    // minimalkueue passes an empty Configuration (main.go: &configapi.Configuration{}): no waitForPodsReady.
    { apiVersion: 'config.kueue.x-k8s.io/v1beta2', kind: 'Configuration', waitForPodsReady: { enable: false } },
    ...infra,
    ...[...(mode === 'jobset' ? priorities : [])]
      .sort((a, b) => a - b)
      .map((p) => ({
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'WorkloadPriorityClass',
        metadata: { name: `p${p}` },
        value: p,
      })),
  ];
  return { documents: [...head, ...body], cqClass, nominal, workloads, nodes, nodeCpu, flavor };
}

/** generator.go: the config's resourceFlavor name, else defaultResourceFlavorName. */
function flavorName(gen: GeneratorConfig): string {
  return gen.topology && gen.resourceFlavor?.name ? gen.resourceFlavor.name : FLAVOR;
}

interface ClusterQueueMetrics {
  usage: Record<string, number>;
  evictions: Record<string, number>;
  preemptions: Record<string, number>;
  admissions: number;
}

/** One workload's times (seconds) as the recorder sees them, from the result's jobsets or bare workloads. */
interface Seen {
  name: string;
  namespace: string;
  submittedAt: number;
  admittedAt: number | null;
  finishedAt: number | null;
}

function runOne(name: ConfigName, profile: Profile, mode: Mode): boolean {
  const gen = parse(readFileSync(join(configDir(name), 'generator.yaml'), 'utf8')) as GeneratorConfig;
  const range = readRangeSpec(name);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const b = build(name, gen, profile, mode);
  const t1 = performance.now();
  const scenario = loadScenarioFromTexts([{ file: `${name}.yaml`, documents: b.documents }], loaderOptions()).scenario;
  const t2 = performance.now();
  // The checker reads the ClusterQueues' usage integrals (metrics.kueue), not the series over time.
  const { result } = simulate(scenario, { retainEvents: false, seriesMaxPoints: 0 });
  const t3 = performance.now();
  const wallMs = t3 - t0;

  const cqs = (result.metrics.kueue as { clusterQueues: Record<string, ClusterQueueMetrics> }).clusterQueues;
  const endS = result.end;
  // Per ClusterQueue: its last status change is its last release (a JobSet finishing).
  const lastEvent = new Map<string, number>();
  const wl = new Map<string, { n: number; sumMs: number; unadmitted: number }>();
  let lastRelease = 0;
  const seen: Seen[] = mode === 'workload' ? (result.workloads ?? []) : result.jobsets;
  for (const j of seen) {
    const cls = j.name.replace(/-\d+-\d+-\d+$/, '');
    let w = wl.get(cls);
    if (!w) wl.set(cls, (w = { n: 0, sumMs: 0, unadmitted: 0 }));
    w.n++;
    if (j.admittedAt === null) w.unadmitted++;
    else w.sumMs += (j.admittedAt - j.submittedAt) * 1000;
    if (j.finishedAt !== null) {
      lastEvent.set(j.namespace, Math.max(lastEvent.get(j.namespace) ?? 0, j.finishedAt));
      lastRelease = Math.max(lastRelease, j.finishedAt);
    }
  }
  const cqGroups = new Map<string, { used: number; nominal: number; last: number }>();
  let evictions = 0;
  const preemptions: Record<string, number> = {};
  let admissions = 0;
  for (const [cq, cls] of b.cqClass) {
    const m = cqs[cq]!;
    const nom = b.nominal.get(cq)!;
    let g = cqGroups.get(cls);
    if (!g) cqGroups.set(cls, (g = { used: 0, nominal: 0, last: 0 }));
    g.used += (m.usage[`${b.flavor}/cpu`] ?? 0) * nom * endS; // cpu·s
    g.nominal += nom;
    g.last = Math.max(g.last, lastEvent.get(cq) ?? 0);
    admissions += m.admissions;
    for (const n of Object.values(m.evictions)) evictions += n;
    for (const [r, n] of Object.entries(m.preemptions)) preemptions[r] = (preemptions[r] ?? 0) + n;
  }

  const rows: [string, string, string, boolean][] = [];
  let ok = true;
  const row = (what: string, got: string, want: string, pass: boolean) => {
    rows.push([what, got, want, pass]);
    ok &&= pass;
  };
  row(
    'duration (simulated ms)',
    Math.round(lastRelease * 1000).toLocaleString('en-US'),
    `≤ ${range.cmd.maxWallMs.toLocaleString('en-US')} (maxWallMs)`,
    lastRelease * 1000 <= range.cmd.maxWallMs,
  );
  for (const [cls, g] of [...cqGroups].sort()) {
    const pct = g.last > 0 ? (g.used * 100) / (g.nominal * g.last) : 0;
    const min = range.clusterQueueClassesMinUsage[cls];
    row(
      `CQ usage % [${cls}]`,
      pct.toFixed(1),
      min === undefined ? '(no range)' : `≥ ${min}`,
      min === undefined ? false : pct >= min,
    );
  }
  for (const [cls, w] of [...wl].sort()) {
    // upstream: integer division of the total over every workload of the class (never admitted: 0 ms)
    const mean = Math.trunc(w.sumMs / w.n);
    const max = range.wlClassesMaxAvgTimeToAdmissionMs[cls];
    const note = w.unadmitted > 0 ? ` (${w.unadmitted} never admitted)` : '';
    row(
      `mean time to admission ms [${cls}]`,
      `${mean.toLocaleString('en-US')}${note}`,
      max === undefined ? '(no range)' : `≤ ${max.toLocaleString('en-US')}`,
      max === undefined ? false : mean <= max && w.unadmitted === 0,
    );
  }

  const nCq = b.cqClass.size;
  const cpu = process.cpuUsage(cpu0);
  console.log(`\n### ${name} · latencyProfile: ${profile} · ${mode === 'workload' ? 'bare Workloads' : 'JobSets'}`);
  if (gen.topology !== undefined) {
    console.log(
      `TAS: Topology ${gen.topology.name} (${gen.topology.levels.map((l) => `${l.count} ${l.name}`).join(' × ')}), ` +
        `flavor ${b.flavor}; workloads carry their tasConstraint's annotations (hostnames unique, see the header).`,
    );
  }
  console.log(
    `CPU time ${Math.round((cpu.user + cpu.system) / 1000).toLocaleString('en-US')} ms (process.cpuUsage, user+system)`,
  );
  console.log(
    `${nCq} ClusterQueues, ${b.workloads.toLocaleString('en-US')} ${mode === 'workload' ? 'Workloads' : 'JobSets'}, ` +
      `${b.nodes} nodes × ${b.nodeCpu} cpu; ` +
      `wall ${Math.round(wallMs).toLocaleString('en-US')} ms (build ${Math.round(t1 - t0)}, load ${Math.round(t2 - t1)}, ` +
      `simulate ${Math.round(t3 - t2)}) ${wallMs <= WALL_TARGET_MS ? 'PASS' : 'FAIL'} (target < ${WALL_TARGET_MS.toLocaleString('en-US')} ms)`,
  );
  const pre = Object.entries(preemptions)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  console.log(
    `admissions ${admissions.toLocaleString('en-US')}, evictions ${evictions.toLocaleString('en-US')}` +
      `${pre ? ` (${pre})` : ''}, completed ${seen.filter((j) => j.finishedAt !== null).length.toLocaleString('en-US')}` +
      `/${seen.length.toLocaleString('en-US')}, run end ${endS.toFixed(3)} s`,
  );
  console.log('');
  console.log('| range | simulated | rangespec | |');
  console.log('| --- | ---: | --- | --- |');
  for (const [what, got, want, pass] of rows) console.log(`| ${what} | ${got} | ${want} | ${pass ? 'PASS' : 'FAIL'} |`);
  return ok;
}

function pick<T extends string>(arg: string | undefined, all: readonly T[], what: string): T[] {
  if (arg === undefined || arg === 'all') return [...all];
  if ((all as readonly string[]).includes(arg)) return [arg as T];
  console.error(`unknown ${what} ${JSON.stringify(arg)} (expected one of ${all.join(', ')}, all)`);
  process.exit(2);
}

function main(args: string[]): void {
  const configs: ConfigName[] = args[0]?.includes('/') ? [args[0]] : pick(args[0], CONFIGS, 'config');
  const profiles = pick(args[1], PROFILES, 'latency profile');
  const modes = args[2] === undefined ? (['workload'] as Mode[]) : pick(args[2], MODES, 'mode');
  console.log(`command: npx tsx bench/kueue-perf.ts ${args.join(' ')}`.trim());
  let failed = 0;
  for (const m of modes) for (const c of configs) for (const p of profiles) if (!runOne(c, p, m)) failed++;
  console.log(`\n${failed === 0 ? 'all ranges PASS' : `${failed} run(s) with a range FAIL`}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
