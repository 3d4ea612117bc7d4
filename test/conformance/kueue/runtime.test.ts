// The Kueue runtime (src/kueue/manager.ts) on whole scheduling cycles, against upstream's TestSchedule cases
// (kueue ff69552e pkg/scheduler/scheduler_test.go) that the pure modules cannot show: capacity reservation for a
// preemptor without candidates, and the preemption oracle the flavor assigner asks (preemption_oracle.go).
// Each workload is a one-pod JobSet (or a batch Job) submitted so that the cycle sees the same heads as the upstream
// case; the already-admitted workloads are submitted first and admitted before the pending ones arrive.
import { describe, expect, it } from 'vitest';
import { eventsOf, runKueue } from '../../support/kueue-sim.js';

const HEADER = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: kueue-runtime}
spec: {seed: 1}
`;

function ns(...names: string[]): string {
  return names.map((n) => `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join('');
}

function lq(namespace: string, name: string, cq: string): string {
  return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: ${name}, namespace: ${namespace}}
spec: {clusterQueue: ${cq}}
`;
}

interface Wl {
  name: string;
  namespace: string;
  queue?: string;
  requests: Record<string, string>;
  at: string;
  duration?: string;
  priorityClass?: string;
}

/** One workload: a JobSet with one replicatedJob `main` of one pod. */
function jobSet(w: Wl): string {
  const req = Object.entries(w.requests)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ');
  const labels = [`kueue.x-k8s.io/queue-name: ${w.queue ?? 'lq'}`];
  if (w.priorityClass) labels.push(`kueue.x-k8s.io/priority-class: ${w.priorityClass}`);
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${w.name}
  namespace: ${w.namespace}
  labels: {${labels.join(', ')}}
  annotations: {jobset-sim.dev/submit-at: ${w.at}, jobset-sim.dev/duration: ${w.duration ?? '10m'}}
spec:
  replicatedJobs:
  - name: main
    template:
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {${req}}}}]
`;
}

/** scheduler_test.go's "capacity … reclaim" setup: ClusterQueueA (gpu 2) and ClusterQueueB (gpu 0) in cohort root. */
function capacityCase(reclaim: string, strategy = 'BestEffortFIFO'): string {
  return `${HEADER}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: gpu}
spec: {nodes: 2, resources: {cpu: "8", memory: 32Gi, gpu: "2"}}
${ns('eng-alpha', 'eng-beta')}---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cluster-queue-a}
spec:
  cohortName: root
  namespaceSelector: {}
  queueingStrategy: ${strategy}
  preemption: {reclaimWithinCohort: ${reclaim}}
  resourceGroups:
  - coveredResources: [gpu]
    flavors: [{name: on-demand, resources: [{name: gpu, nominalQuota: 2}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cluster-queue-b}
spec:
  cohortName: root
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: [gpu]
    flavors: [{name: on-demand, resources: [{name: gpu, nominalQuota: 0}]}]
${lq('eng-alpha', 'lq', 'cluster-queue-a')}${lq('eng-beta', 'lq', 'cluster-queue-b')}${jobSet({
  name: 'a1-admitted',
  namespace: 'eng-alpha',
  requests: { gpu: '1' },
  at: '0s',
})}${jobSet({ name: 'a2-pending', namespace: 'eng-alpha', requests: { gpu: '2' }, at: '1s' })}${jobSet({
  name: 'b1-pending',
  namespace: 'eng-beta',
  requests: { gpu: '1' },
  at: '1s',
})}`;
}

const NO_LONGER_FITS = 'Workload no longer fits after processing another workload';
const A2_MESSAGE =
  "couldn't assign flavors to pod set main: insufficient unused quota for gpu in flavor on-demand, 1 more needed";

describe('capacity reservation for a preemptor without candidates (scheduler.go reserveCapacityForUnreclaimablePreempt)', () => {
  it.each([{ reclaim: 'LowerPriority' }, { reclaim: 'Never' }])(
    'reclaimWithinCohort $reclaim: a2 reserves its request in the cycle, b1 no longer fits in it (upstream: scheduler_test.go TestSchedule "capacity blocked when lending clusterqueue not guaranteed to reclaim (ReclaimWithinCohort=$reclaim)")',
    ({ reclaim }) => {
      const run = runKueue(capacityCase(reclaim));
      const a2 = run.of('a2-pending', 'QuotaReserved');
      const b1 = run.of('b1-pending', 'QuotaReserved');
      // The one cycle both are heads in: a2 first (earlier in queue order), then b1.
      expect(a2[0]).toMatchObject({ status: 'False', reason: 'WaitingForQuota', message: A2_MESSAGE });
      expect(b1[0]).toMatchObject({ status: 'False', reason: 'WaitingForQuota', message: NO_LONGER_FITS });
      expect(b1[0]!.t).toBe(a2[0]!.t);
      // BestEffortFIFO: a2 went to the inadmissible list, b1 stayed in the heap (wantLeft / wantInadmissibleLeft),
      // so the next cycle admits b1 with the capacity a2 no longer reserves.
      const admitted = eventsOf(run.events, 'WorkloadAdmitted');
      const b1At = admitted.find(([, n]) => n === 'b1-pending')![0];
      expect(b1At).toBeGreaterThan(b1[0]!.t);
      expect(b1At).toBeLessThan(2);
      expect(admitted.map(([, n]) => n)).toEqual(['a1-admitted', 'b1-pending', 'a2-pending']);
    },
  );

  it('reclaimWithinCohort Any: no reservation, b1 is admitted in the same cycle as a2 is found without candidates (upstream: scheduler_test.go TestSchedule "capacity not blocked when lending clusterqueue can reclaim (ReclaimWithinCohort=Any)")', () => {
    const run = runKueue(capacityCase('Any'));
    const a2 = run.of('a2-pending', 'QuotaReserved');
    expect(a2[0]).toMatchObject({ status: 'False', reason: 'WaitingForQuota', message: A2_MESSAGE });
    expect(run.of('b1-pending', 'QuotaReserved').filter((c) => c.status === 'False')).toEqual([]);
    const b1 = eventsOf(run.events, 'WorkloadAdmitted').find(([, n]) => n === 'b1-pending')!;
    expect(b1[0]).toBe(a2[0]!.t);
  });

  it('StrictFIFO keeps a2 at the head, so it reserves every cycle: b1 waits until a1 finishes and a2 is admitted (upstream issue #4809; scheduler.go re-pops a StrictFIFO head each cycle)', () => {
    const run = runKueue(capacityCase('LowerPriority', 'StrictFIFO'));
    const admitted = eventsOf(run.events, 'WorkloadAdmitted');
    expect(admitted.map(([, n]) => n)).toEqual(['a1-admitted', 'a2-pending', 'b1-pending']);
    const a1Done = run.result.jobsets.find((j) => j.name === 'a1-admitted')!.finishedAt!;
    const [a2At, b1At] = [admitted[1]![0], admitted[2]![0]];
    expect(a2At).toBeGreaterThan(a1Done);
    // b1 borrows what a2 leaves only after a2 finishes: a2 takes the whole nominal quota (2 of 2).
    expect(b1At).toBeGreaterThan(run.result.jobsets.find((j) => j.name === 'a2-pending')!.finishedAt!);
  });
});

describe('the flavor assigner asks the real preemption simulation (preemption_oracle.go SimulatePreemption)', () => {
  it('a same-priority workload is no candidate: the first flavor has none, the second is used (upstream: scheduler_test.go TestSchedule "use second flavor when the first has no preemption candidates; WhenCanPreempt: MayStopSearch")', () => {
    const text = `${HEADER}---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: on-demand}
spec: {nodes: 2, resources: {cpu: "64", memory: 256Gi}, labels: {pool: on-demand}}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: spot}
spec: {nodes: 2, resources: {cpu: "64", memory: 256Gi}, labels: {pool: spot}}
${ns('eng-alpha')}---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
spec: {nodeLabels: {pool: on-demand}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: spot}
spec: {nodeLabels: {pool: spot}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: other-alpha}
spec:
  namespaceSelector: {}
  preemption: {withinClusterQueue: LowerPriority}
  flavorFungibility: {whenCanPreempt: MayStopSearch}
  resourceGroups:
  - coveredResources: [cpu]
    flavors:
    - {name: on-demand, resources: [{name: cpu, nominalQuota: 50}]}
    - {name: spot, resources: [{name: cpu, nominalQuota: 100}]}
${lq('eng-alpha', 'other', 'other-alpha')}${jobSet({
  name: 'admitted',
  namespace: 'eng-alpha',
  queue: 'other',
  requests: { cpu: '50' },
  at: '0s',
})}${jobSet({ name: 'new', namespace: 'eng-alpha', queue: 'other', requests: { cpu: '20' }, at: '1s' })}`;
    const run = runKueue(text);
    const adm = run.events.filter((e) => e.type === 'WorkloadAdmitted');
    expect(adm.map((e) => [String(e.jobSet), e.flavors])).toEqual([
      ['eng-alpha/admitted', { main: { cpu: 'on-demand' } }],
      ['eng-alpha/new', { main: { cpu: 'spot' } }],
    ]);
    expect(adm[1]!.t).toBeLessThan(2); // admitted at once, not after `admitted` finishes
    expect(run.events.filter((e) => e.type === 'WorkloadPreempted')).toEqual([]);
    expect(run.of('new', 'QuotaReserved').at(-1)).toMatchObject({
      status: 'True',
      reason: 'QuotaReserved',
      message: 'Quota reserved in ClusterQueue other-alpha',
    });
  });
});
