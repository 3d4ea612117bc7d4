// A workload waiting for preemptions keeps its ClusterQueue's head. Upstream (kubernetes-sigs/kueue ff69552e,
// pkg/cache/queue/cluster_queue.go RequeueIfNotPresent) requeues a preemptor (RequeueReasonPendingPreemption, sticky at
// a BestEffortFIFO head) and a head skipped after nomination (RequeueReasonFailedAfterNomination: "no longer fits",
// "overlapping preemption targets") straight back into the heap, and re-pops it every cycle; the workloads behind it
// are not nominated meanwhile. Upstream's unit test of those requeues: pkg/cache/queue/cluster_queue_test.go
// TestBestEffortFIFORequeueIfNotPresent, cases "pending preemption" (not inadmissible, sticky) and "failure after
// nomination" (not inadmissible). The simulator parks both until quota is freed in the cohort tree
// (CqQueue.offersHead); before that, a smaller workload behind them was nominated the next cycle, fitted in the quota
// left beside the pending preemption and was admitted first.
import { describe, expect, it } from 'vitest';
import { eventsOf, runKueue } from '../support/kueue-sim.js';

function queue(name: string, nominal: number, borrowing: string): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: { name: ${name} }
spec:
  cohortName: co
  namespaceSelector: {}
  preemption: { reclaimWithinCohort: Any, withinClusterQueue: LowerPriority }
  resourceGroups:
    - coveredResources: [cpu]
      flavors: [{ name: rf, resources: [{ name: cpu, nominalQuota: "${nominal}"${borrowing} }] }]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: { name: lq, namespace: ${name} }
spec: { clusterQueue: ${name} }
`;
}

function jobSet(name: string, ns: string, at: string, cpu: number, priority: string): string {
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: { kueue.x-k8s.io/queue-name: lq, kueue.x-k8s.io/priority-class: ${priority} }
  annotations: { jobset-sim.dev/submit-at: ${at}, jobset-sim.dev/duration: 10m }
spec:
  replicatedJobs:
    - name: w
      replicas: 1
      template:
        spec:
          parallelism: 1
          completions: 1
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{ name: c, image: x, resources: { requests: { cpu: "${cpu}" } } }]
`;
}

/**
 * ClusterQueue `a` (6 cpu) runs L (4 cpu, low); P (5 cpu, high) preempts L at 1m, and L's pod takes ~1 s to go
 * (podTermination). Meanwhile S (1 cpu, mid) arrives behind P in `a`, and `b` (no quota, borrows) gets B1 (2 cpu)
 * then B2 (1 cpu). Beside P's 5 cpu only 1 is left: B1 no longer fits, S and B2 would.
 */
function scenario(): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: { name: waiting-head }
spec: { seed: 1, until: 30m }
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: cpu }
spec: { nodes: 4, resources: { cpu: "8", memory: 32Gi } }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: { name: rf }
${['low 1', 'mid 50', 'high 100']
  .map((p) => p.split(' '))
  .map(
    ([n, v]) => `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: { name: ${n} }
value: ${v}
`,
  )
  .join('')}${queue('a', 6, '')}${queue('b', 0, ', borrowingLimit: "6"')}${jobSet('l', 'a', '0s', 4, 'low')}${jobSet(
  'p',
  'a',
  '1m',
  5,
  'high',
)}${jobSet('s', 'a', '60200ms', 1, 'mid')}${jobSet('b1', 'b', '60200ms', 2, 'mid')}${jobSet('b2', 'b', '60400ms', 1, 'mid')}`;
}

describe('Kueue: workloads waiting for a pending preemption keep their ClusterQueue head', () => {
  const run = runKueue(scenario());
  const admitted = eventsOf(run.events, 'WorkloadAdmitted');
  const at = (name: string) => admitted.filter(([, n]) => n === name).map(([t]) => t);
  const preempted = eventsOf(run.events, 'WorkloadPreempted');

  it('P preempts L once (InClusterQueue) and is admitted when L has released its quota', () => {
    expect(preempted.map(([, n]) => n)).toEqual(['l']);
    const reasons = run.events.filter((e) => e.type === 'WorkloadPreempted').map((e) => e.reason);
    expect(reasons).toEqual(['InClusterQueue']);
    expect(at('p')).toHaveLength(1);
    expect(at('p')[0]).toBeGreaterThan(preempted[0]![0]);
    expect(run.of('p', 'QuotaReserved')[0]).toMatchObject({
      status: 'False',
      reason: 'WaitingForPreemptedWorkloads',
    });
  });

  it('"pending preemption": S, behind the sticky preemptor P in a, is not admitted before P', () => {
    expect(at('s')).toHaveLength(1);
    expect(at('s')[0]).toBeGreaterThan(at('p')[0]!);
  });

  it('"failure after nomination": B1 no longer fits beside P; B2 behind it in b is not admitted before P', () => {
    const b1 = run.of('b1', 'QuotaReserved').filter((c) => c.t < at('p')[0]!);
    expect(b1).toContainEqual(
      expect.objectContaining({
        status: 'False',
        reason: 'WaitingForQuota',
        message: 'Workload no longer fits after processing another workload',
      }),
    );
    expect(at('b2')).toHaveLength(1);
    expect(at('b2')[0]).toBeGreaterThan(at('p')[0]!);
    // B2 was not even nominated while it waited behind B1: no QuotaReserved verdict of its own before P's admission.
    expect(run.of('b2', 'QuotaReserved').filter((c) => c.t < at('p')[0]! && c.reason !== 'Pending')).toEqual([]);
  });
});
