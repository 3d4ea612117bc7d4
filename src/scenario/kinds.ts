// The kinds a scenario may hold (apiVersions, scope, which reader takes them), and what the loader needs to judge a
// kind it does not model: API groups it knows whole, and which unmodelled kinds are cluster-scoped.
import { SIM_API_VERSION } from './set.js';

export type Handler =
  | 'simulation'
  | 'nodePool'
  | 'script'
  | 'faultModel'
  | 'jobSet'
  | 'job'
  | 'priorityClass'
  | 'namespace'
  | 'kueue'
  | 'kueueConfig'
  | 'bareWorkload'
  | 'traceReplay'
  | 'nodeList'
  | 'workloadGenerator'
  | 'fgdStudy'
  | 'pending';

export interface KindDef {
  apiVersions: readonly string[];
  namespaced: boolean;
  handler: Handler;
  /** metadata.name may be absent (Simulation, Kueue's Configuration). */
  nameOptional?: boolean;
}

const KUEUE = ['kueue.x-k8s.io/v1beta1', 'kueue.x-k8s.io/v1beta2'];
const KUEUE_CONFIG = ['config.kueue.x-k8s.io/v1beta1', 'config.kueue.x-k8s.io/v1beta2'];

export const KINDS = new Map<string, KindDef>([
  ['JobSet', { apiVersions: ['jobset.x-k8s.io/v1alpha2'], namespaced: true, handler: 'jobSet' }],
  ['Job', { apiVersions: ['batch/v1'], namespaced: true, handler: 'job' }],
  ['PriorityClass', { apiVersions: ['scheduling.k8s.io/v1'], namespaced: false, handler: 'priorityClass' }],
  ['Namespace', { apiVersions: ['v1'], namespaced: false, handler: 'namespace' }],
  ['Simulation', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'simulation', nameOptional: true }],
  ['NodePool', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'nodePool' }],
  ['Script', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'script' }],
  ['FaultModel', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'faultModel' }],
  ['TraceReplay', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'traceReplay' }],
  ['NodeList', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'nodeList' }],
  ['WorkloadGenerator', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'workloadGenerator' }],
  ['FgdStudy', { apiVersions: [SIM_API_VERSION], namespaced: false, handler: 'fgdStudy' }],
  ['ResourceFlavor', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['ClusterQueue', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['LocalQueue', { apiVersions: KUEUE, namespaced: true, handler: 'kueue' }],
  ['Cohort', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['WorkloadPriorityClass', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['Topology', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['AdmissionCheck', { apiVersions: KUEUE, namespaced: false, handler: 'kueue' }],
  ['Workload', { apiVersions: KUEUE, namespaced: true, handler: 'bareWorkload' }],
  ['Configuration', { apiVersions: KUEUE_CONFIG, namespaced: false, handler: 'kueueConfig', nameOptional: true }],
]);

/** API groups whose every kind the simulator knows: another kind there is a typo, hence an error. */
export const CLOSED_GROUPS = new Set(['jobset-sim.dev', 'jobset.x-k8s.io']);

/** Cluster-scoped kinds among those the simulator does not model (the others are shown as namespace/name). */
export const CLUSTER_SCOPED = new Set([
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'RuntimeClass',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PodSecurityPolicy',
  'MultiKueueCluster',
  'MultiKueueConfig',
  'ProvisioningRequestConfig',
  'DeviceClass',
]);

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
