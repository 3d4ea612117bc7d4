// The fleet scenario (issue 9): a month of a mixed TPU/GPU fleet under Kueue, as one YAML text per size.
//
//   npx tsx bench/fleet/generate.ts [NODES...]        writes bench/fleet/out/fleet-<NODES>.yaml (default 10000)
//
// Everything is a function of NODES (the same load per node at every size): TPU slices of three generations and
// H100/B200 node pools (NodePool documents), 2 JobSets per node over 30 simulated days from one WorkloadGenerator
// (about 25 pods a JobSet: ~500,000 pods at 10,000 nodes), Kueue with 10 ClusterQueues in a two-level cohort tree,
// Fair Sharing on, every flavor a TAS flavor (two Topology objects), and FaultModels with failures and maintenance.
// The seed is fixed (Simulation.spec.seed 9); the text is the same byte for byte for the same NODES.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLEET_SEED = 9;
export const FLEET_DAYS = 30;
/** JobSets per node over the 30 days. */
export const JOBSETS_PER_NODE = 2;
export const CLUSTER_QUEUES = 10;

const BLOCK = 'cloud.google.com/gce-topology-block';
const SUBBLOCK = 'cloud.google.com/gce-topology-subblock';
const NODEPOOL = 'cloud.google.com/gke-nodepool';
const HOST = 'kubernetes.io/hostname';

/** One accelerator family of the fleet: its share of the nodes and how its pools and jobs are shaped. */
interface TpuFamily {
  kind: 'tpu';
  flavor: string;
  share: number;
  type: 'v5e' | 'v5p' | 'v6e';
  topology: string;
  accelerator: string;
  nodesPerSlice: number;
  /** JobSet size in slices: weights. */
  slices: Record<string, number>;
}
interface GpuFamily {
  kind: 'gpu';
  flavor: string;
  share: number;
  type: 'h100-80gb' | 'b200';
  accelerator: string;
  /** Nodes per sub-block (one NodePool document); 4 sub-blocks make a block. */
  subblockNodes: number;
  /** JobSet size in groups of 8 nodes (one child Job each): weights. */
  groups: Record<string, number>;
}
type Family = TpuFamily | GpuFamily;

export const FAMILIES: Family[] = [
  {
    kind: 'tpu',
    flavor: 'tpu-v5e',
    share: 0.2,
    type: 'v5e',
    topology: '4x4',
    accelerator: 'tpu-v5-lite-podslice',
    nodesPerSlice: 4,
    slices: { '1': 0.2, '2': 0.3, '4': 0.3, '8': 0.2 },
  },
  {
    kind: 'tpu',
    flavor: 'tpu-v5p',
    share: 0.2,
    type: 'v5p',
    topology: '2x4x4',
    accelerator: 'tpu-v5p-slice',
    nodesPerSlice: 8,
    slices: { '1': 0.3, '2': 0.3, '4': 0.3, '8': 0.1 },
  },
  {
    kind: 'tpu',
    flavor: 'tpu-v6e',
    share: 0.2,
    type: 'v6e',
    topology: '8x8',
    accelerator: 'tpu-v6e-slice',
    nodesPerSlice: 16,
    slices: { '1': 0.4, '2': 0.3, '4': 0.2, '8': 0.1 },
  },
  {
    kind: 'gpu',
    flavor: 'h100',
    share: 0.25,
    type: 'h100-80gb',
    accelerator: 'nvidia-h100-80gb',
    subblockNodes: 32,
    groups: { '1': 0.3, '2': 0.3, '4': 0.2, '8': 0.15, '16': 0.05 },
  },
  {
    kind: 'gpu',
    flavor: 'b200',
    share: 0.15,
    type: 'b200',
    accelerator: 'nvidia-b200',
    subblockNodes: 32,
    groups: { '1': 0.3, '2': 0.3, '4': 0.2, '8': 0.15, '16': 0.05 },
  },
];

/** Pool counts of one size: slices per TPU family, sub-blocks per GPU family. */
export function fleetLayout(nodes: number): { family: Family; units: number; nodes: number; chips: number }[] {
  return FAMILIES.map((f) => {
    const per = f.kind === 'tpu' ? f.nodesPerSlice : f.subblockNodes;
    const units = Math.max(1, Math.round((nodes * f.share) / per));
    const n = units * per;
    return { family: f, units, nodes: n, chips: n * (f.kind === 'tpu' ? 4 : 8) };
  });
}

function meanOf(w: Record<string, number>): number {
  let s = 0;
  let m = 0;
  for (const [k, v] of Object.entries(w)) {
    s += v;
    m += Number(k) * v;
  }
  return m / s;
}

/** Pods of one JobSet of the family, on average. */
function meanPods(f: Family): number {
  return f.kind === 'tpu' ? meanOf(f.slices) * f.nodesPerSlice : meanOf(f.groups) * 8;
}

const yamlMap = (o: Record<string, string | number>) =>
  `{ ${Object.entries(o)
    .map(([k, v]) => `"${k}": ${typeof v === 'number' ? v : JSON.stringify(v)}`)
    .join(', ')} }`;

function nodePools(nodes: number): string {
  let out = '';
  for (const { family: f, units } of fleetLayout(nodes)) {
    if (f.kind === 'tpu') {
      out += `---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: ${f.type} }
spec: { replicas: ${units}, tpu: { type: ${f.type}, topology: ${f.topology} } }
`;
      continue;
    }
    for (let i = 0; i < units; i++) {
      out += `---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: ${f.flavor}-sb${i} }
spec:
  nodes: ${f.subblockNodes}
  gpu: { type: ${f.type}, count: 8 }
  topology: { zone: z${Math.floor(i / 16)}, block: ${f.flavor}-b${Math.floor(i / 4)}, subblock: ${f.flavor}-sb${i} }
`;
    }
  }
  return out;
}

function kueue(nodes: number, reclaim: string): string {
  const layout = fleetLayout(nodes);
  let out = `---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
fairSharing: { preemptionStrategies: [LessThanOrEqualToFinalShare, LessThanInitialShare] }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Topology
metadata: { name: tpu-slices }
spec: { levels: [{ nodeLabel: ${NODEPOOL} }, { nodeLabel: ${HOST} }] }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Topology
metadata: { name: gpu-fabric }
spec: { levels: [{ nodeLabel: ${BLOCK} }, { nodeLabel: ${SUBBLOCK} }, { nodeLabel: ${HOST} }] }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: { name: prod }
value: 1000
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: { name: batch }
value: 100
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: { name: fleet }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: { name: training }
spec: { parentName: fleet, fairSharing: { weight: "2" } }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: { name: research }
spec: { parentName: fleet }
`;
  for (const { family: f } of layout) {
    const key = f.kind === 'tpu' ? 'cloud.google.com/gke-tpu-accelerator' : 'cloud.google.com/gke-accelerator';
    const res = f.kind === 'tpu' ? 'google.com/tpu' : 'nvidia.com/gpu';
    out += `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: { name: ${f.flavor} }
spec:
  nodeLabels: { ${key}: ${f.accelerator} }
  topologyName: ${f.kind === 'tpu' ? 'tpu-slices' : 'gpu-fabric'}
  tolerations: [{ key: ${res}, operator: Exists, effect: NoSchedule }]
`;
  }
  // Each ClusterQueue's nominal quota is a tenth of each family's chips (rounded down); the rest is in no queue.
  const quota = (res: 'tpu' | 'gpu') =>
    layout
      .filter((l) => l.family.kind === res)
      .map(
        (l) =>
          `        - name: ${l.family.flavor}\n          resources: [{ name: ${res === 'tpu' ? 'google.com/tpu' : 'nvidia.com/gpu'}, nominalQuota: ${Math.floor(l.chips / CLUSTER_QUEUES)} }]`,
      )
      .join('\n');
  for (let i = 0; i < CLUSTER_QUEUES; i++) {
    const cohort = i < 6 ? 'training' : 'research';
    out += `---
apiVersion: v1
kind: Namespace
metadata: { name: team-${i} }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: { name: team-${i} }
spec:
  cohortName: ${cohort}
  namespaceSelector: {}
  fairSharing: { weight: "${i % 3 === 0 ? 2 : 1}" }
  preemption: { reclaimWithinCohort: ${reclaim}, withinClusterQueue: LowerPriority }
  resourceGroups:
    - coveredResources: [google.com/tpu]
      flavors:
${quota('tpu')}
    - coveredResources: [nvidia.com/gpu]
      flavors:
${quota('gpu')}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: { name: lq, namespace: team-${i} }
spec: { clusterQueue: team-${i} }
`;
  }
  return out;
}

function shapeTemplate(f: Family): string {
  const tpu = f.kind === 'tpu';
  const podsPerJob = tpu ? f.nodesPerSlice : 8;
  const selector = tpu
    ? `{ cloud.google.com/gke-tpu-accelerator: ${f.accelerator}, cloud.google.com/gke-tpu-topology: "${f.topology}" }`
    : `{ cloud.google.com/gke-accelerator: ${f.accelerator} }`;
  const annotations = tpu
    ? `{ kueue.x-k8s.io/podset-slice-required-topology: ${NODEPOOL}, kueue.x-k8s.io/podset-slice-size: "${podsPerJob}" }`
    : `{ kueue.x-k8s.io/podset-preferred-topology: ${BLOCK}, kueue.x-k8s.io/podset-slice-required-topology: ${SUBBLOCK}, kueue.x-k8s.io/podset-slice-size: "8" }`;
  const limits = tpu ? '{ google.com/tpu: 4 }' : '{ nvidia.com/gpu: 8 }';
  return `      template:
        spec:
          failurePolicy: { maxRestarts: 3 }
          replicatedJobs:
            - name: ${tpu ? 'slice' : 'workers'}
              template:
                spec:
                  parallelism: ${podsPerJob}
                  completions: ${podsPerJob}
                  backoffLimit: 0
                  template:
                    metadata: { annotations: ${annotations} }
                    spec:
                      restartPolicy: Never
                      nodeSelector: ${selector}
                      containers: [{ name: main, image: trainer, resources: { limits: ${limits} } }]`;
}

function workload(nodes: number): string {
  const layout = fleetLayout(nodes);
  const total = layout.reduce((s, l) => s + l.nodes, 0);
  const count = JOBSETS_PER_NODE * total;
  // Shape weights give each family pod demand in proportion to its nodes (weight ∝ nodes ÷ mean pods per JobSet).
  const shapes = layout
    .map(({ family: f, nodes: n }) => {
      const w = n / total / meanPods(f);
      return `    - name: ${f.flavor}
      weight: ${w.toFixed(6)}
      slices: ${yamlMap(f.kind === 'tpu' ? f.slices : f.groups)}
${shapeTemplate(f)}`;
    })
    .join('\n');
  const tenants: string[] = [];
  for (let i = 0; i < CLUSTER_QUEUES; i++) {
    tenants.push(
      `    - { name: team-${i}-prod, weight: 1, namespace: team-${i}, queueName: lq, workloadPriorityClass: prod }`,
    );
    tenants.push(
      `    - { name: team-${i}-batch, weight: 4, namespace: team-${i}, queueName: lq, workloadPriorityClass: batch }`,
    );
  }
  return `---
apiVersion: jobset-sim.dev/v1alpha1
kind: WorkloadGenerator
metadata: { name: fleet }
spec:
  count: ${count}
  until: ${FLEET_DAYS * 24}h
  arrivals: { perHour: ${(count / (FLEET_DAYS * 24)).toFixed(4)}, diurnal: default }
  durations: { median: 3h, mean: 10h, min: 5m, max: 7d }
  shapes:
${shapes}
  tenants:
${tenants.join('\n')}
`;
}

function faults(): string {
  const tpuPools = FAMILIES.filter((f) => f.kind === 'tpu').map((f) => (f as TpuFamily).type);
  return `---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: { name: tpu-faults }
spec:
  nodePools: [${tpuPools.join(', ')}]
  failures:
    - { cause: chip-or-host, category: hardware, per: device, ratePerDay: 4.74e-4, recovery: { lognormal: { median: 3h, sigma: 0.5 } } }
  maintenance:
    - { cause: host-maintenance, per: pool, mtbf: 90d, notice: 7d, duration: { fixed: 1h } }
`;
}

function gpuFaults(nodes: number): string {
  const names: string[] = [];
  for (const { family: f, units } of fleetLayout(nodes)) {
    if (f.kind === 'gpu') for (let i = 0; i < units; i++) names.push(`${f.flavor}-sb${i}`);
  }
  return `---
apiVersion: jobset-sim.dev/v1alpha1
kind: FaultModel
metadata: { name: gpu-faults }
spec:
  nodePools: [${names.join(', ')}]
  failures:
    - { cause: gpu-or-host, category: hardware, per: device, ratePerDay: 4.74e-4, recovery: { lognormal: { median: 3h, sigma: 0.5 } } }
  maintenance:
    - { cause: host-maintenance, per: node, mtbf: 180d, notice: 7d, duration: { fixed: 1h } }
`;
}

/**
 * `reclaimWithinCohort` of every ClusterQueue. `Never` by default: with `Any` and default feature gates, a preemptor
 * and its victim trade the quota back and forth (4,538 preemptions of one workload in 3 days at 100 nodes), as
 * upstream Kueue would: its Fair Sharing preemption and admission order disagree (bench/RESULTS.md §13). Upstream's
 * alpha gate PrioritizePreemptorWorkloads stops it: `FLEET_PRIORITIZE_PREEMPTORS=1` turns it on.
 */
export const FLEET_RECLAIM = process.env.FLEET_RECLAIM ?? 'Never';
/** `Simulation.spec.featureGates.PrioritizePreemptorWorkloads` (off unless `FLEET_PRIORITIZE_PREEMPTORS=1`). */
export const FLEET_PRIORITIZE_PREEMPTORS = process.env.FLEET_PRIORITIZE_PREEMPTORS === '1';

/** The whole scenario for a fleet of about `nodes` nodes. */
export function fleetScenario(
  nodes: number,
  days = FLEET_DAYS,
  opts: { reclaim?: string; prioritizePreemptors?: boolean } = {},
): string {
  const reclaim = opts.reclaim ?? FLEET_RECLAIM;
  const gates =
    (opts.prioritizePreemptors ?? FLEET_PRIORITIZE_PREEMPTORS)
      ? '  featureGates: { PrioritizePreemptorWorkloads: true }\n'
      : '';
  const head = `# Generated by bench/fleet/generate.ts for ${nodes} nodes; do not edit.
apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: { name: fleet-${nodes} }
spec:
${gates}  seed: ${FLEET_SEED}
  until: ${days * 24}h
`;
  return head + nodePools(nodes) + kueue(nodes, reclaim) + workload(nodes) + faults() + gpuFaults(nodes);
}

/** Summary figures of one size, for the bench table. */
export function fleetFigures(nodes: number): { nodes: number; jobSets: number; chips: Record<string, number> } {
  const layout = fleetLayout(nodes);
  const total = layout.reduce((s, l) => s + l.nodes, 0);
  return {
    nodes: total,
    jobSets: JOBSETS_PER_NODE * total,
    chips: Object.fromEntries(layout.map((l) => [l.family.flavor, l.chips])),
  };
}

/** bench/fleet/out in the source tree, also when run from the compiled dist/bench/fleet. */
export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)).replace(/([/\\])dist([/\\]bench)/, '$1$2'), 'out');

export function writeFleet(nodes: number, days = FLEET_DAYS): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, days === FLEET_DAYS ? `fleet-${nodes}.yaml` : `fleet-${nodes}-${days}d.yaml`);
  writeFileSync(file, fleetScenario(nodes, days));
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv.slice(2).map(Number);
  for (const n of sizes.length ? sizes : [10_000]) {
    const file = writeFleet(n);
    const f = fleetFigures(n);
    console.log(`${file}: ${f.nodes} nodes, ${f.jobSets} JobSets`);
  }
}
