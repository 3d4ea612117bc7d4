// Kueue TAS together with the runtime's admission checks (spec/kueue.md §2.4, §4): a TAS workload behind a check
// gets its topology assignment with the quota reservation, keeps it while the check runs, gives its TAS usage back
// when a Retry evicts it, and is ungated onto the assigned hosts only once Admitted.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';

const kinds = (events: LogRecord[], ...types: string[]) => events.filter((e) => types.includes(e.type));

const BLOCK = 'cloud.google.com/gce-topology-block';
const SUBBLOCK = 'cloud.google.com/gce-topology-subblock';

// Two blocks of two sub-blocks, each sub-block one pool of 2 H100 nodes (8 GPUs each): 8 nodes, 64 GPUs.
function pools(): string {
  let out = '';
  for (const [block, subs] of [
    ['b1', ['s1', 's2']],
    ['b2', ['s3', 's4']],
  ] as const) {
    for (const sb of subs) {
      out += `---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: h100-${sb}}
spec: {gpu: {type: h100-80gb, count: 8}, nodes: 2, topology: {zone: z1, block: ${block}, subblock: ${sb}}}
`;
    }
  }
  return out;
}

const kueue = `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: AdmissionCheck
metadata:
  name: prov
  annotations: {jobset-sim.dev/admission-check-delay: 2m, jobset-sim.dev/admission-check-outcomes: "Retry,Ready"}
spec: {controllerName: kueue.x-k8s.io/provisioning-request}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Topology
metadata: {name: gke}
spec:
  levels:
  - nodeLabel: ${BLOCK}
  - nodeLabel: ${SUBBLOCK}
  - nodeLabel: kubernetes.io/hostname
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: h100}
spec:
  nodeLabels: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}
  topologyName: gke
  # TAS checks node taints against the template's and the flavor's tolerations (the ExtendedResourceToleration
  # admission acts on pods only), so the flavor tolerates the GPU taint, as GKE's TAS examples do.
  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq}
spec:
  namespaceSelector: {}
  admissionChecksStrategy: {admissionChecks: [{name: prov}]}
  resourceGroups:
  - coveredResources: [nvidia.com/gpu]
    flavors: [{name: h100, resources: [{name: nvidia.com/gpu, nominalQuota: 64}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq}
spec: {clusterQueue: cq}
`;

/** A JobSet of `replicas` child Jobs of `podsPerJob` 8-GPU pods, all in one block, each Job in one sub-block. */
function jobset(name: string, replicas: number, podsPerJob: number, at: string, duration = '1h'): string {
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  labels: {kueue.x-k8s.io/queue-name: lq}
  annotations: {jobset-sim.dev/submit-at: ${at}, jobset-sim.dev/duration: ${duration}}
spec:
  replicatedJobs:
  - name: workers
    replicas: ${replicas}
    template:
      spec:
        parallelism: ${podsPerJob}
        completions: ${podsPerJob}
        template:
          metadata:
            annotations:
              kueue.x-k8s.io/podset-required-topology: ${BLOCK}
              kueue.x-k8s.io/podset-slice-required-topology: ${SUBBLOCK}
              kueue.x-k8s.io/podset-slice-size: "${podsPerJob}"
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {limits: {nvidia.com/gpu: "8"}}}]
`;
}

const head = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: tas}
spec: {seed: 1}
`;

describe('Kueue TAS behind an admission check (Retry, then Ready)', () => {
  const text =
    head.replace('spec: {seed: 1}', 'spec: {seed: 1, until: 2h}') + pools() + kueue + jobset('one', 2, 2, '0s');
  const { result, events } = simulate({ texts: [{ file: 'tas.yaml', text }] });

  it('the Retry evicts it once (AdmissionCheck), it is admitted after the backoff and the second check, and completes', () => {
    expect(result.metrics.evictions).toEqual({ AdmissionCheck: 1 });
    const admitted = kinds(events, 'WorkloadAdmitted');
    expect(admitted).toHaveLength(1);
    // 2 min check, Retry, 60 s backoff, 2 min check again
    expect(admitted[0]!.t).toBeGreaterThan(300);
    expect(result.metrics.jobsets).toMatchObject({ submitted: 1, completed: 1 });
  });

  it('the admission keeps its topology assignment through the check; pods run on the hosts of their rank, after Admitted', () => {
    const admitted = kinds(events, 'WorkloadAdmitted')[0]!;
    const domains = (admitted.topology as Record<string, { values: string[]; count: number }[]>).workers!;
    expect(domains.reduce((a, d) => a + d.count, 0)).toBe(4);
    const rankToHost: string[] = [];
    for (const d of domains) for (let i = 0; i < d.count; i++) rankToHost.push(d.values[0]!);
    const pods = kinds(events, 'PodScheduled');
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      expect(p.t).toBeGreaterThan(admitted.t);
      const m = /^one-workers-(\d+)-(\d+)-/.exec(String(p.pod).split('/')[1]!)!;
      expect(p.node).toBe(rankToHost[Number(m[1]) * 2 + Number(m[2])]);
    }
  });
});
