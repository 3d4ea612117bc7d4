/**
 * `jobset-sim predict` cost: 100 futures of a busy cluster of a few hundred nodes (issue 11: under 10 s wall on 2
 * cores). Run compiled, as the command runs (workers load dist/src/predict/worker.js):
 *
 *   npm run build && node dist/bench/predict.bench.js [RUNS] [WORKERS] [FILES... --submit FILE [--at T]]
 *
 * Without files it writes the generated cluster below: 16 TPU v5e 4x4 slices (64 hosts) and 192 H100 hosts (256
 * nodes), three ClusterQueues in a cohort, 60 JobSets submitted over 6 hours (1–4 slices with exclusive placement,
 * or 1–8 GPU hosts, 30 min–4 h), and a high-priority 2-slice JobSet submitted at 6 h (`--at 6h`): each future
 * replays those 6 hours before the answer (a snapshot would start there), with fitted arrivals after.
 * Prints the process CPU time (all threads, process.cpuUsage) of the input and of the futures, per future, and the
 * wall time with the load average: on a shared machine the CPU figures are the comparable ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/engine/random.js';
import { predict } from '../src/predict/run-predict.js';

const RUNS = Number(process.argv[2] ?? 100);
const WORKERS = Number(process.argv[3] ?? 2);
const rest = process.argv.slice(4);

function cluster(): string {
  const docs: string[] = [
    `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: predict-bench}
spec: {seed: 1}`,
    `apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: v5e}
spec: {replicas: 16, tpu: {type: v5e, topology: 4x4}}`,
    `apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: h100}
spec: {nodes: 192, gpu: {type: h100-80gb, count: 8}}`,
    `apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: tpu-v5e}
spec: {nodeLabels: {cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice}}`,
    `apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: h100}
spec: {nodeLabels: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}}`,
    `apiVersion: kueue.x-k8s.io/v1beta2
kind: Cohort
metadata: {name: org}`,
    `apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: low}
value: 100`,
    `apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: high}
value: 1000`,
  ];
  const quotas = { 'team-a': [96, 512], 'team-b': [96, 512], 'team-c': [64, 512] } as const;
  for (const [team, [tpu, gpu]] of Object.entries(quotas)) {
    docs.push(`apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: ${team}}
spec:
  cohortName: org
  namespaceSelector: {}
  preemption: {reclaimWithinCohort: Any, withinClusterQueue: LowerPriority}
  resourceGroups:
  - coveredResources: [google.com/tpu]
    flavors: [{name: tpu-v5e, resources: [{name: google.com/tpu, nominalQuota: ${tpu}}]}]
  - coveredResources: [nvidia.com/gpu]
    flavors: [{name: h100, resources: [{name: nvidia.com/gpu, nominalQuota: ${gpu}}]}]`);
    docs.push(`apiVersion: v1
kind: Namespace
metadata: {name: ${team}}`);
    docs.push(`apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq, namespace: ${team}}
spec: {clusterQueue: ${team}}`);
  }
  const rng = new Rng('predict-bench');
  const teams = Object.keys(quotas);
  for (let i = 0; i < 60; i++) {
    const team = rng.pick(teams);
    const at = i * 6;
    const duration = `${30 + rng.int(211)}m`;
    const prio = rng.bernoulli(0.2) ? 'high' : 'low';
    docs.push(
      rng.bernoulli(0.4)
        ? tpuJobSet(`js-${i}`, team, 1 + rng.int(4), at, duration, prio)
        : gpuJobSet(`js-${i}`, team, 1 + rng.int(8), at, duration, prio),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

function tpuJobSet(name: string, ns: string, slices: number, atMin: number, duration: string, prio: string): string {
  return `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {kueue.x-k8s.io/queue-name: lq, kueue.x-k8s.io/priority-class: ${prio}}
  annotations: {jobset-sim.dev/submit-at: ${atMin}m, jobset-sim.dev/duration: ${duration}, alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool}
spec:
  replicatedJobs:
  - name: slice
    replicas: ${slices}
    template:
      spec:
        parallelism: 4
        completions: 4
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            nodeSelector: {cloud.google.com/gke-tpu-topology: 4x4}
            containers: [{name: jax, image: jax, resources: {limits: {google.com/tpu: 4}}}]`;
}

function gpuJobSet(name: string, ns: string, hosts: number, atMin: number, duration: string, prio: string): string {
  return `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {kueue.x-k8s.io/queue-name: lq, kueue.x-k8s.io/priority-class: ${prio}}
  annotations: {jobset-sim.dev/submit-at: ${atMin}m, jobset-sim.dev/duration: ${duration}}
spec:
  replicatedJobs:
  - name: workers
    template:
      spec:
        parallelism: ${hosts}
        completions: ${hosts}
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            containers: [{name: torch, image: torch, resources: {limits: {nvidia.com/gpu: 8}}}]`;
}

async function main(): Promise<void> {
  let files: string[];
  let submit: string;
  let at: string | undefined;
  let work: string | undefined;
  if (rest.length > 0) {
    const i = rest.indexOf('--submit');
    const j = rest.indexOf('--at');
    submit = rest[i + 1]!;
    at = j >= 0 ? rest[j + 1] : undefined;
    files = rest.filter((_, k) => k !== i && k !== i + 1 && k !== j && k !== j + 1);
  } else {
    work = mkdtempSync(join(tmpdir(), 'predict-bench-'));
    files = [join(work, 'cluster.yaml')];
    writeFileSync(files[0]!, cluster());
    submit = join(work, 'submit.yaml');
    writeFileSync(submit, tpuJobSet('mine', 'team-a', 2, 0, '2h', 'high'));
    at = '6h';
  }
  const t0 = performance.now();
  const arrivals = !process.env.NO_ARRIVALS;
  const { report, cpuMs } = await predict({
    files,
    submit,
    runs: RUNS,
    workers: WORKERS,
    arrivals,
    ...(at ? { at } : {}),
  });
  const wall = performance.now() - t0;
  const d = report.timeToAdmission;
  console.log(
    `predict ${RUNS} futures, ${WORKERS} workers: wall ${(wall / 1000).toFixed(2)} s (load average ${loadavg()[0]!.toFixed(2)}); ` +
      `CPU all threads: input ${(cpuMs.plan / 1000).toFixed(2)} s, futures ${(cpuMs.futures / 1000).toFixed(2)} s = ${(cpuMs.futures / RUNS).toFixed(1)} ms per future`,
  );
  console.log(
    `answer: admitted p50 ${d.p50} s p90 ${d.p90} s (never ${d.never}); waits ${report.waits.byCategory.map((w) => `${w.category} ${w.share}`).join(', ')}; preempts ${report.preemptions.victims.length} workload(s)`,
  );
  if (work && !process.env.KEEP) rmSync(work, { recursive: true, force: true });
  if (work && process.env.KEEP) console.log(work);
}

await main();
