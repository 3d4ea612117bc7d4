// The TAS cluster the Kueue TAS end-to-end tests share: two blocks of two sub-blocks of H100 nodes, a Topology, a
// TAS flavor, one ClusterQueue (optionally behind an admission check) and JobSets with TAS pod-set annotations.
import type { LogRecord } from '../../src/engine/event-log.js';

export const kinds = (events: LogRecord[], ...types: string[]) => events.filter((e) => types.includes(e.type));

export const BLOCK = 'cloud.google.com/gce-topology-block';
export const SUBBLOCK = 'cloud.google.com/gce-topology-subblock';

// Two blocks of two sub-blocks, each sub-block one pool of 2 H100 nodes (8 GPUs each): 8 nodes, 64 GPUs.
export function pools(): string {
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

const ADMISSION_CHECK = `apiVersion: kueue.x-k8s.io/v1beta2
kind: AdmissionCheck
metadata:
  name: prov
  annotations: {jobset-sim.dev/admission-check-delay: 2m, jobset-sim.dev/admission-check-outcomes: "Retry,Ready"}
spec: {controllerName: kueue.x-k8s.io/provisioning-request}
---
`;

/** Topology, TAS flavor, ClusterQueue `cq` (64 GPUs) and LocalQueue `lq`; `check` puts the ClusterQueue behind
 * AdmissionCheck `prov`, whose simulated controller answers Retry, then Ready, 2 min after each request. */
export function kueue(check = false): string {
  return `---
${check ? ADMISSION_CHECK : ''}apiVersion: kueue.x-k8s.io/v1beta2
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
${check ? '  admissionChecksStrategy: {admissionChecks: [{name: prov}]}\n' : ''}  resourceGroups:
  - coveredResources: [nvidia.com/gpu]
    flavors: [{name: h100, resources: [{name: nvidia.com/gpu, nominalQuota: 64}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: lq}
spec: {clusterQueue: cq}
`;
}

/** A JobSet of `replicas` child Jobs of `podsPerJob` 8-GPU pods, all in one block, each Job in one sub-block. */
export function jobset(name: string, replicas: number, podsPerJob: number, at: string, duration = '1h'): string {
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

export const head = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: tas}
spec: {seed: 1}
`;
