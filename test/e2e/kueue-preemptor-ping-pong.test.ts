// The cross-cycle preemption ping-pong of bench/RESULTS.md §13 ("Not fixed: a cross-cycle ping-pong remains"), in a
// small hand-built cohort tree: fleet → training (weight 2) {team-a}, research {team-b, team-c}. team-c borrows all
// of training's GPUs, so research's dominant resource share (1000, on nvidia.com/gpu) is far above training's with
// the preemptor P (166, on google.com/tpu): P (team-a, 4 TPU slices) may preempt V (team-b, 4 slices, borrowing
// team-c's TPU quota inside research) by Fair Sharing (pkg/scheduler/preemption/preemption.go runFirstFsStrategy;
// fairsharing/ordering.go nextTarget keeps research because DRS.IsBorrowing() looks at any resource). Once V's pods
// are gone both are heads and both fit; the tournament (pkg/scheduler/fair_sharing_iterator.go entryComparer.less,
// FairSharingPrioritizeNonBorrowing, on by default) puts V first at the fleet level because research with V is not
// borrowing on the flavors V requests (tpu-v5e) while training with P is, so V is readmitted, P no longer fits and
// preempts V again a cycle later: upstream's own behaviour at ff69552e with default gates. Upstream's knob against
// it is the alpha gate PrioritizePreemptorWorkloads ("prevent quota stealing and thrashing during desynchronized
// evictions", pkg/features/kube_features.go): entryComparer.less orders the waiting preemptor (Head.IsPreemptor,
// pkg/cache/queue/cluster_queue.go IsPreemptor) first, P is admitted and V waits. Upstream's integration test of
// the gate (a flat cohort, two victims): test/integration/singlecluster/scheduler/fairsharing/fair_sharing_test.go,
// "Should prevent other workloads from stealing quota when preemptor is waiting for multiple evictions".
import { describe, expect, it } from 'vitest';
import { FLEET_DAYS, fleetScenario } from '../../bench/fleet/generate.js';
import { simulate } from '../../src/simulate.js';
import { eventsOf, runKueue } from '../support/kueue-sim.js';

function queue(name: string, cohort: string, tpu: number, gpu: number): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: { name: ${name} }
spec:
  cohortName: ${cohort}
  namespaceSelector: {}
  preemption: { reclaimWithinCohort: Any, withinClusterQueue: LowerPriority }
  resourceGroups:
    - coveredResources: [google.com/tpu]
      flavors: [{ name: tpu-v5e, resources: [{ name: google.com/tpu, nominalQuota: ${tpu} }] }]
    - coveredResources: [nvidia.com/gpu]
      flavors: [{ name: h100, resources: [{ name: nvidia.com/gpu, nominalQuota: ${gpu} }] }]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: { name: lq, namespace: ${name} }
spec: { clusterQueue: ${name} }
`;
}

function jobSet(name: string, ns: string, at: string, tpu: boolean, replicas: number): string {
  const pod = tpu
    ? `nodeSelector: { cloud.google.com/gke-tpu-topology: 4x4 }
              containers: [{ name: c, image: jax, resources: { limits: { google.com/tpu: 4 } } }]`
    : 'containers: [{ name: c, image: torch, resources: { limits: { nvidia.com/gpu: 8 } } }]';
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: { kueue.x-k8s.io/queue-name: lq }
  annotations:
    jobset-sim.dev/submit-at: ${at}
    jobset-sim.dev/duration: 10h${tpu ? '\n    alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool' : ''}
spec:
  replicatedJobs:
    - name: ${tpu ? 'slice' : 'workers'}
      replicas: ${replicas}
      template:
        spec:
          parallelism: ${tpu ? 4 : 1}
          completions: ${tpu ? 4 : 1}
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              ${pod}
`;
}

/** 6 TPU v5e 4x4 slices (96 chips) and 2 H100 hosts (16 GPUs); 32 chips of TPU quota per ClusterQueue. */
function scenario(gates: string): string {
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: { name: ping-pong }
spec:
  seed: 1
  until: 2m
  ${gates}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: v5e }
spec: { replicas: 6, tpu: { type: v5e, topology: 4x4 } }
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: { name: h100 }
spec: { nodes: 2, gpu: { type: h100-80gb, count: 8 } }
---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
fairSharing: { preemptionStrategies: [LessThanOrEqualToFinalShare, LessThanInitialShare] }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: { name: tpu-v5e }
spec: { nodeLabels: { cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice } }
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: { name: h100 }
spec: { nodeLabels: { cloud.google.com/gke-accelerator: nvidia-h100-80gb } }
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
${queue('team-a', 'training', 32, 16)}${queue('team-b', 'research', 32, 0)}${queue('team-c', 'research', 32, 0)}${jobSet(
  'g',
  'team-c',
  '0s',
  false,
  2,
)}${jobSet('v', 'team-b', '10s', true, 4)}${jobSet('p', 'team-a', '1m', true, 4)}`;
}

describe('Kueue Fair Sharing: a preempted workload retaking the quota from its preemptor (hierarchical cohorts)', () => {
  describe('default gates (upstream at ff69552e): the ping-pong is upstream behaviour', () => {
    const run = runKueue(scenario(''));
    const preempted = eventsOf(run.events, 'WorkloadPreempted');
    const admitted = eventsOf(run.events, 'WorkloadAdmitted');

    it('P preempts V (InCohortFairSharing) again and again; V is readmitted each time, P never', () => {
      expect(admitted.slice(0, 2).map(([, n]) => n)).toEqual(['g', 'v']);
      expect(new Set(preempted.map(([, n]) => n))).toEqual(new Set(['v']));
      // Round after round for the minute after P's submission (the run ends at 2m).
      expect(preempted.length).toBeGreaterThan(100);
      expect(preempted[0]![0]).toBeGreaterThanOrEqual(60);
      const vAdmissions = admitted.filter(([, n]) => n === 'v').length;
      expect(vAdmissions - preempted.length).toBeGreaterThanOrEqual(0); // readmitted after each preemption
      expect(vAdmissions - preempted.length).toBeLessThanOrEqual(1); // (the last one may be cut by the run's end)
      expect(admitted.some(([, n]) => n === 'p')).toBe(false);
      const reasons = run.events.filter((e) => e.type === 'WorkloadPreempted').map((e) => e.reason);
      expect(new Set(reasons)).toEqual(new Set(['InCohortFairSharing']));
    });

    it('in the cycle V is readmitted, P is left with "no longer fits", then preempts V again', () => {
      const vBack = admitted.filter(([, n]) => n === 'v')[1]![0];
      const p = run.of('p', 'QuotaReserved').filter((c) => c.t >= vBack);
      expect(p[0]).toMatchObject({
        t: vBack,
        status: 'False',
        reason: 'WaitingForQuota',
        message: 'Workload no longer fits after processing another workload',
      });
      expect(p[1]).toMatchObject({ reason: 'WaitingForPreemptedWorkloads' });
      expect(p[1]!.message).toMatch(/\. Pending the preemption of 1 workload\(s\)$/);
      expect(p[1]!.t).toBe(preempted[1]![0]);
    });

    it("V's Preempted condition names the fair-sharing reason and both paths", () => {
      expect(run.of('v', 'Preempted')[0]).toMatchObject({ status: 'True', reason: 'InCohortFairSharing' });
      expect(run.of('v', 'Evicted')[0]!.message).toMatch(
        /^Preempted to accommodate a workload \(UID: [0-9a-f-]+, JobUID: [0-9a-f-]+\) due to Fair Sharing within the cohort; preemptor path: \/fleet\/training\/team-a; preemptee path: \/fleet\/research\/team-b$/,
      );
    });
  });

  describe('PrioritizePreemptorWorkloads on: the waiting preemptor is ordered first, one preemption', () => {
    const run = runKueue(scenario('featureGates: { PrioritizePreemptorWorkloads: true }'));
    const preempted = eventsOf(run.events, 'WorkloadPreempted');
    const admitted = eventsOf(run.events, 'WorkloadAdmitted');

    it('V is preempted once; P is admitted once its pods are gone and keeps the quota', () => {
      expect(preempted.map(([, n]) => n)).toEqual(['v']);
      expect(admitted.map(([, n]) => n)).toEqual(['g', 'v', 'p']);
      expect(admitted[2]![0]).toBeGreaterThan(preempted[0]![0]);
    });

    it('V loses the cycle to P ("no longer fits"), then waits: Fair Sharing finds it no target', () => {
      const pAdmittedAt = admitted[2]![0];
      const v = run.of('v', 'QuotaReserved').filter((c) => c.t >= pAdmittedAt);
      expect(v[0]).toMatchObject({
        t: pAdmittedAt,
        status: 'False',
        reason: 'WaitingForQuota',
        message: 'Workload no longer fits after processing another workload',
      });
      expect(v.at(-1)).toMatchObject({
        status: 'False',
        reason: 'WaitingForQuota',
        message:
          "couldn't assign flavors to pod set slice: insufficient unused quota for google.com/tpu in flavor tpu-v5e, 32 more needed",
      });
      expect(run.of('p', 'QuotaReserved')[0]).toMatchObject({
        reason: 'WaitingForPreemptedWorkloads',
        message:
          "couldn't assign flavors to pod set slice: insufficient unused quota for google.com/tpu in flavor tpu-v5e, 32 more needed. Pending the preemption of 1 workload(s)",
      });
      expect(run.result.jobsets.find((j) => j.name === 'p')!.runningAt).toBeDefined();
      expect(run.result.jobsets.find((j) => j.name === 'v')!.queue?.evictions).toBe(1);
    });
  });
});

// The fleet where the ping-pong was found (bench/RESULTS.md §13): 100 nodes, reclaimWithinCohort Any, 3 days. With
// default gates team-8/jobset-fleet-14 is preempted 4,538 times from t = 212,317 s (one round every 2 s); with
// PrioritizePreemptorWorkloads each preemption lets its preemptor in.
describe('Kueue: the 100-node fleet with reclaim Any over 3 days, PrioritizePreemptorWorkloads on', () => {
  const text = fleetScenario(100, FLEET_DAYS, { reclaim: 'Any', prioritizePreemptors: true });
  const preempted = new Map<string, number>();
  let preemptions = 0;
  const run = simulate(
    { texts: [{ file: 'fleet-100-any-prioritize-preemptors.yaml', text }] },
    {
      until: '72h',
      retainEvents: false,
      onEvent: (r) => {
        if (r.type !== 'WorkloadPreempted') return;
        preemptions++;
        preempted.set(String(r.workload), (preempted.get(String(r.workload)) ?? 0) + 1);
      },
    },
  );

  it('runs the 3 days with a handful of preemptions, no workload preempted twice', () => {
    expect(text).toContain('featureGates: { PrioritizePreemptorWorkloads: true }');
    expect(text).toContain('reclaimWithinCohort: Any');
    expect(text).not.toContain('reclaimWithinCohort: Never');
    expect(run.stoppedBy).toBe('until');
    expect(run.result.end).toBe(3 * 24 * 3600);
    expect(preemptions).toBeGreaterThan(0);
    expect(preemptions).toBeLessThan(20);
    expect(Math.max(...preempted.values())).toBe(1);
  });
});
