// The jax-multislice scenario scaled to 64 v5e 4x4 slices (256 nodes, one JobSet of 64 child Jobs ×
// 4 pods): wall time and engine events per second, medians over repeated runs with a fixed seed.
// Run: npx tsx bench/multislice.bench.ts [slices] [runs]
import { simulate } from '../src/simulate.js';

const slices = Number(process.argv[2] ?? 64);
const runs = Number(process.argv[3] ?? 7);

function scenario(n: number): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: multislice-${n}}
spec: {seed: 42}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: v5e-slice}
spec: {replicas: ${n}, tpu: {type: v5e, topology: 4x4}}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: multislice-job
  annotations: {alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool}
spec:
  failurePolicy: {maxRestarts: 3}
  replicatedJobs:
  - name: slice
    replicas: ${n}
    template:
      spec:
        parallelism: 4
        completions: 4
        backoffLimit: 0
        template:
          spec:
            nodeSelector:
              cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice
              cloud.google.com/gke-tpu-topology: 4x4
            containers:
            - name: jax-tpu
              image: python:3.10
              resources: {limits: {google.com/tpu: 4}}
`;
}

const texts = [{ file: `multislice-${slices}.yaml`, text: scenario(slices) }];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`command: npx tsx bench/multislice.bench.ts ${slices} ${runs}`);
simulate({ texts }); // warm-up
const walls: number[] = [];
let events = 0;
let records = 0;
let state = '';
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = simulate({ texts });
  walls.push(performance.now() - t0);
  events = r.engineEvents;
  records = r.events.length;
  state = `${r.result.jobsets[0]?.terminalState} at ${r.result.end}s, all running at ${r.result.jobsets[0]?.runningAt}s`;
}
const m = median(walls);
console.log(`slices ${slices} (nodes ${slices * 4}, pods ${slices * 4}); JobSet ${state}`);
console.log(`engine events per run: ${events}; event-log records: ${records}`);
console.log(
  `wall ms: median ${m.toFixed(1)}  min ${Math.min(...walls).toFixed(1)}  max ${Math.max(...walls).toFixed(1)}  (runs ${runs})`,
);
console.log(
  `multislice-${slices}: median ${Math.round((events / m) * 1000)} engine events/s, ${Math.round((records / m) * 1000)} log records/s`,
);
