// The kube-scheduler model on its own (store, simulator, scheduler; no controllers or kubelet), for tests that
// create Nodes and Pods directly and read where the pods were bound.
import type { Node, Pod } from '../../src/api/core.js';
import { EventLog } from '../../src/engine/event-log.js';
import { resolveLatencies } from '../../src/engine/latencies.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Phase, Simulator } from '../../src/engine/simulator.js';
import { Store } from '../../src/engine/store.js';
import type { SchedulerSettings, SimulationSettings } from '../../src/scenario/model.js';
import type { WorkloadShape } from '../../src/scheduler/gpu-workload.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';

export interface Harness {
  sim: Simulator;
  store: Store;
  scheduler: Scheduler;
  /** The run's event log (records kept). */
  log: EventLog;
  /** The never-schedulable verdicts the scheduler reported, as `pod: message`. */
  never: string[];
  node(
    name: string,
    allocatable: Record<string, string>,
    extra?: Partial<Node['spec']> & { labels?: Record<string, string> },
  ): Node;
  pod(name: string, spec: Partial<Pod['spec']>, labels?: Record<string, string>): Pod;
  /** Pod name → node name (undefined while pending). */
  placements(): Record<string, string | undefined>;
}

export function harness(
  scheduler: Partial<SchedulerSettings> = {},
  seed = 1,
  /** The scenario's pod shapes (FGD's target workload). */
  workload: () => readonly WorkloadShape[] = () => [],
): Harness {
  const sim = new Simulator();
  const random = new RandomStreams(seed);
  const names = random.stream('names');
  const uids = random.stream('uids');
  const lat = resolveLatencies('zero', {});
  const store = new Store({
    now: () => sim.now,
    after: (d, fn) => sim.after(d, Phase.Controller, fn),
    suffix: () => names.k8sSuffix(),
    uid: () => uids.uuid(),
    gcLatency: () => lat.garbageCollector,
    touched: () => sim.touched(),
  });
  const settings: SimulationSettings = {
    name: 'harness',
    seed,
    scheduler: {
      policy: 'default',
      percentageOfNodesToScore: 0,
      gang: 'none',
      gangTimeout: 60e6,
      mode: 'speed',
      ...scheduler,
    },
    featureGates: {},
    defaults: { podDuration: 3600e6 },
    latencyProfile: 'zero',
    latencies: {},
  };
  const log = new EventLog(() => sim.now / 1e6);
  const never: string[] = [];
  const sched = new Scheduler(
    { sim, store, log, lat, random, settings },
    { onNeverSchedulable: (pod, message) => never.push(`${pod.metadata.name}: ${message}`) },
    workload,
  );
  return {
    sim,
    store,
    scheduler: sched,
    log,
    never,
    node(name, allocatable, extra = {}) {
      const { labels, ...spec } = extra;
      return store.create<Node>({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
        spec,
        status: { allocatable, capacity: allocatable },
      } as never);
    },
    pod(name, spec, labels) {
      return store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels },
        spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
        status: { phase: 'Pending' },
      } as never);
    },
    placements() {
      const out: Record<string, string | undefined> = {};
      for (const p of store.list<Pod>('Pod')) out[p.metadata.name] = p.spec.nodeName;
      return out;
    },
  };
}
