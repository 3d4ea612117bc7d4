// Scheduling throughput, scheduler_perf style: N nodes (32 cpu, 128 Gi, 110 pods), P plain pods (500m, 1 Gi)
// created at t=0, and the kube-scheduler model (queue, filters, scores, assume, bind) with the realistic
// latency profile; no Job controller or kubelet in the loop. Prints placed pods per wall second, per mode, for
// creation + scheduling (the pods' creation through the store, as scheduler_perf creates them through the
// apiserver) and for the scheduling phase alone.
// Run: npx tsx bench/scheduler.bench.ts [nodes] [pods] [runs] [policy] [modes, default speed,fidelity]
import type { Node, Pod } from '../src/api/core.js';
import { EventLog } from '../src/engine/event-log.js';
import { resolveLatencies } from '../src/engine/latencies.js';
import { RandomStreams } from '../src/engine/random.js';
import { Phase, Simulator } from '../src/engine/simulator.js';
import { Store } from '../src/engine/store.js';
import type { SimulationSettings } from '../src/scenario/model.js';
import { Scheduler } from '../src/scheduler/scheduler.js';

const nodes = Number(process.argv[2] ?? 10_000);
const pods = Number(process.argv[3] ?? 100_000);
const runs = Number(process.argv[4] ?? 3);
const policy = process.argv[5] ?? 'default';
const modes = (process.argv[6] ?? 'speed,fidelity').split(',') as ('speed' | 'fidelity')[];

function once(mode: 'speed' | 'fidelity'): {
  ms: number;
  runMs: number;
  cpuMs: number;
  scheduled: number;
  placementHash: number;
} {
  const sim = new Simulator();
  const random = new RandomStreams(42);
  const names = random.stream('names');
  const uids = random.stream('uids');
  const lat = resolveLatencies('realistic', {});
  const store = new Store({
    now: () => sim.now,
    after: (d, fn) => sim.after(d, Phase.Controller, fn),
    suffix: () => names.k8sSuffix(),
    uid: () => uids.uuid(),
    gcLatency: () => lat.garbageCollector,
    touched: () => sim.touched(),
  });
  const settings: SimulationSettings = {
    name: 'bench',
    seed: 42,
    scheduler: { policy, percentageOfNodesToScore: 0, gang: 'none', gangTimeout: 60e6, mode },
    featureGates: {},
    defaults: { podDuration: 3600e6 },
    latencyProfile: 'realistic',
    latencies: {},
  };
  const log = new EventLog(() => sim.now / 1e6, false);
  const scheduler = new Scheduler({ sim, store, log, lat, random, settings }, { onNeverSchedulable: () => {} });
  for (let i = 0; i < nodes; i++) {
    store.create<Node>({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${i}`,
        labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
      },
      spec: {},
      status: {
        allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
        capacity: { cpu: '32', memory: '128Gi', pods: '110' },
      },
    } as never);
  }
  sim.run(0);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < pods; i++) {
    store.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
      status: { phase: 'Pending' },
    } as never);
  }
  const t1 = performance.now();
  sim.run(3600e6);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const runMs = performance.now() - t1;
  let hash = 0;
  for (const p of store.list<Pod>('Pod')) hash = (hash * 31 + Number(p.spec.nodeName?.slice(5) ?? -1)) | 0;
  return { ms, runMs, cpuMs, scheduled: scheduler.stats.scheduled, placementHash: hash };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`command: npx tsx bench/scheduler.bench.ts ${process.argv.slice(2).join(' ')}`);
const out: Record<string, { ms: number; rate: number; hash: number }> = {};
const rate = (ms: number) => Math.round(pods / (ms / 1000)).toLocaleString('en-US');
for (const mode of modes) {
  const ms: number[] = [];
  const runMs: number[] = [];
  const cpuMs: number[] = [];
  let r = { ms: 0, runMs: 0, cpuMs: 0, scheduled: 0, placementHash: 0 };
  for (let i = 0; i < runs; i++) {
    r = once(mode);
    if (r.scheduled !== pods) throw new Error(`${mode}: scheduled ${r.scheduled} of ${pods}`);
    ms.push(r.ms);
    runMs.push(r.runMs);
    cpuMs.push(r.cpuMs);
  }
  const m = median(ms);
  const mr = median(runMs);
  const mc = median(cpuMs);
  out[mode] = { ms: m, rate: pods / (m / 1000), hash: r.placementHash };
  console.log(
    `${mode.padEnd(8)} ${nodes} nodes ${pods} pods: median ${m.toFixed(0)} ms = ${rate(m)} pods/s, ${((m * 1000) / pods).toFixed(1)} µs/pod ` +
      `(creation + scheduling; runs ${ms.map((x) => x.toFixed(0)).join(', ')}); scheduling phase alone ${mr.toFixed(0)} ms = ${rate(mr)} pods/s; placement hash ${r.placementHash}`,
  );
  console.log(
    `${''.padEnd(8)} CPU time (process.cpuUsage, creation + scheduling): median ${mc.toFixed(0)} ms = ${rate(mc)} pods/s, ` +
      `${((mc * 1000) / pods).toFixed(1)} µs/pod (runs ${cpuMs.map((x) => x.toFixed(0)).join(', ')})`,
  );
}
if (out.speed && out.fidelity)
  console.log(
    `speed / fidelity: ${(out.speed.rate / out.fidelity.rate).toFixed(2)}×; same placements: ${out.speed.hash === out.fidelity.hash}`,
  );
