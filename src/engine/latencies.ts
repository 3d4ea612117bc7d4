// Every modelled control-plane, scheduling and pod start-up delay, by name. `realistic` is the default
// profile; `zero` sets every one to 0 (CONTRACT.md §2). Values are integer microseconds.
// The README's latency table is generated from this list (see docs/latencies.md); keep `source` honest.

export interface LatencyDef {
  realistic: number;
  what: string;
  source: string;
}

const MS = 1000;
const S = 1_000_000;

export const LATENCY_DEFS = {
  jobsetReconcile: {
    realistic: 10 * MS,
    what: 'JobSet controller: from a watched change to the end of one reconcile (informer delivery + API writes)',
    source: 'estimate for a healthy control plane; controller-runtime reconciles without batching',
  },
  jobReconcile: {
    realistic: 10 * MS,
    what: 'Job controller: from a Job object change to the end of one sync (immediate enqueue)',
    source: 'estimate; kubernetes pkg/controller/job enqueues Job changes immediately',
  },
  jobSyncBatchPeriod: {
    realistic: 1 * S,
    what: 'Job controller: pod events are batched and the Job synced this long after the first one',
    source: 'kubernetes pkg/controller/job/job_controller.go syncJobBatchPeriod = 1s',
  },
  jobApiBackoff: {
    realistic: 1 * S,
    what: 'Job controller: first requeue delay after a failed sync (e.g. a pod create rejected by a webhook); doubles per failure up to 60x',
    source: 'kubernetes pkg/controller/job DefaultJobApiBackOff = 1s, MaxJobApiBackOff = 1m',
  },
  garbageCollector: {
    realistic: 20 * MS,
    what: 'garbage collector: from an owner deletion to its dependents being deleted (and a foreground owner released)',
    source: 'estimate; kube-controller-manager garbagecollector graph-builder + attemptToDelete workers',
  },
  schedulerCycle: {
    realistic: 1 * MS,
    what: 'kube-scheduler: fixed cost of one scheduling cycle',
    source: 'spec/scheduler.md §7.4 (scheduler_perf anchors)',
  },
  schedulerPer1kNodes: {
    realistic: 260,
    what: 'kube-scheduler: added cost per 1,000 nodes examined in one cycle',
    source: 'spec/scheduler.md §7.4: plain pods ≈ 1.3 ms at 5k nodes',
  },
  schedulerPerAffinityPod: {
    realistic: 5,
    what: 'kube-scheduler: added cost per existing pod when the pod has required inter-pod (anti-)affinity',
    source: 'spec/scheduler.md §7.4: ≈ 5 µs per pod (~28 ms at 5k pods)',
  },
  bind: {
    realistic: 2 * MS,
    what: 'kube-scheduler: asynchronous binding (the Bind API call) after a pod is assumed',
    source: 'spec/scheduler.md §7.2: a fixed bind latency; value is an estimate',
  },
  podStartup: {
    realistic: 5 * S,
    what: 'kubelet: from binding to Running and Ready (sandbox, image present, container start, readiness)',
    source: 'Kubernetes SIG Scalability pod start-up SLO: p99 ≤ 5 s for stateless pods, image pull excluded',
  },
  podTermination: {
    realistic: 1 * S,
    what: 'kubelet: from a pod deletion to the pod being terminated and removed (capped by terminationGracePeriodSeconds)',
    source: 'estimate for a process that exits on SIGTERM; the default grace period of 30 s is the cap',
  },
  nodeMonitorGracePeriod: {
    realistic: 40 * S,
    what: 'node lifecycle controller: from a node losing its kubelet to Ready=Unknown and the unreachable taints',
    source: 'kube-controller-manager --node-monitor-grace-period (40 s; spec/hardware-and-failures.md §6)',
  },
  podGC: {
    realistic: 20 * S,
    what: 'PodGC: from a node deletion to the removal of the pods bound to it',
    source: 'kube-controller-manager pod garbage collector check period (gcCheckPeriod = 20 s)',
  },
  kueueJobReconcile: {
    realistic: 10 * MS,
    what: "Kueue job reconciler: from a JobSet's creation, admission or eviction to its Workload being created, or the JobSet resumed or suspended",
    source: 'estimate for a healthy control plane (controller-runtime, no batching)',
  },
  kueueCycle: {
    realistic: 10 * MS,
    what: 'Kueue scheduler: one scheduling cycle (snapshot, flavor assignment, admission of one head per ClusterQueue)',
    source: 'estimate; spec/kueue.md §6 performance anchors',
  },
  kueueRequeueBatch: {
    realistic: 1 * S,
    what: 'Kueue queue manager: inadmissible workloads are requeued this long after quota is freed (batched)',
    source: 'kueue pkg/cache/queue requeueBatchPeriod = 1s (spec/kueue.md §2.1)',
  },
  kueueAdmissionCheck: {
    realistic: 1 * S,
    what: "a simulated admission check controller: from a Workload's quota reservation to its decision on each check (an AdmissionCheck's jobset-sim.dev/admission-check-delay overrides it)",
    source: 'estimate for a controller that answers at once; a ProvisioningRequest takes as long as node provisioning',
  },
  kueueNonTasRequeueBatch: {
    realistic: 10 * S,
    what: 'Kueue TAS pod usage controller: nodes freed by non-TAS pods requeue the inadmissible workloads at most this often (batched)',
    source: 'kueue pkg/controller/tas/pod_usage_controller.go defaultRequeueBatchInterval = 10s',
  },
  kueueTopologyUngate: {
    realistic: 10 * MS,
    what: "Kueue TAS topology ungater: from a gated pod's creation to its scheduling gate removed and its domain's nodeSelector added",
    source: 'estimate for a healthy control plane (controller-runtime reconcile of the workload, one pod patch)',
  },
} satisfies Record<string, LatencyDef>;

export type LatencyName = keyof typeof LATENCY_DEFS;
export type Latencies = Record<LatencyName, number>;

export const LATENCY_NAMES = Object.keys(LATENCY_DEFS) as LatencyName[];

export function resolveLatencies(profile: 'realistic' | 'zero', overrides: Record<string, number>): Latencies {
  const out = {} as Latencies;
  for (const name of LATENCY_NAMES) {
    out[name] = profile === 'zero' ? 0 : LATENCY_DEFS[name].realistic;
    const o = overrides[name];
    if (o !== undefined) out[name] = o;
  }
  return out;
}
