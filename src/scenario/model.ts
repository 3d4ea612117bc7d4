// The validated, defaulted scenario the loader hands to the engine. Times are integer microseconds.
import type { Job } from '../api/batch.js';
import type { Taint } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import type { DurationDist, FaultModelSpec, RecoveryAction } from '../faults/spec.js';
import type { AdmissionCheck } from '../kueue/admission-checks.js';
import type {
  ClusterQueue,
  Cohort,
  LocalQueue,
  ResourceFlavor,
  Topology,
  Workload,
  WorkloadPriorityClass,
} from '../kueue/api.js';
import type { KueueConfig } from '../kueue/config.js';
import type { SnapshotState } from '../snapshot/model.js';
import type { StudyNode, StudyPod } from '../study/openb-input.js';

/** Where a document came from, for messages: `FILE: document N (Kind namespace/name)`. */
export interface SourceRef {
  file: string;
  /** 1-based index of the document in its file. */
  document: number;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ScenarioWarning {
  code: string;
  object: string;
  message: string;
}

export interface SchedulerSettings {
  policy: string;
  percentageOfNodesToScore: number;
  /** Gang scheduling: a Job's or a JobSet's pods held at Permit until all are placed (coscheduling-style). */
  gang: 'none' | 'job' | 'jobset';
  /** How long a gang may wait at Permit before its reservations are released (µs). */
  gangTimeout: number;
  /** `speed` caches filter verdicts and scores per pod shape; `fidelity` runs every plugin on every node. */
  mode: 'speed' | 'fidelity';
  /** NodeResourcesFit's scored resources and weights; undefined = the policy's own (default cpu 1, memory 1). */
  resources?: { name: string; weight: number }[];
}

export interface SimulationSettings {
  name: string;
  seed: number;
  /** Horizon in µs; undefined = run until quiet (capped at 365 days). */
  until?: number;
  scheduler: SchedulerSettings;
  featureGates: Record<string, boolean>;
  defaults: { podDuration: number };
  latencyProfile: 'realistic' | 'zero';
  /** Overrides by latency name, in µs. */
  latencies: Record<string, number>;
  /** `spec.metrics.window` (µs): statistics count JobSets submitted in [start, end) and integrate over it. */
  metricsWindow?: MetricsWindow;
  /** `spec.startTime`: the wall time (RFC 3339) of t = 0 in snapshots; default src/snapshot/time.ts DEFAULT_EPOCH. */
  startTime?: string;
  /** kube-controller-manager's `--terminated-pod-gc-threshold` (undefined = 12,500; 0 disables). */
  terminatedPodGCThreshold?: number;
}

/** The measurement window: warm-up before `start` and drain after `end` are left out of the statistics. */
export interface MetricsWindow {
  start: number;
  /** undefined = the end of the run */
  end?: number;
}

export interface TpuPoolShape {
  type: 'v4' | 'v5e' | 'v5p' | 'v6e' | 'tpu7x';
  topology: string;
  machineType?: string;
}

export interface GpuPoolShape {
  type: 'h100-80gb' | 'h100-mega-80gb' | 'h200-141gb' | 'b200' | 'gb200';
  count?: number;
}

export interface NodePoolSpec {
  replicas: number;
  tpu?: TpuPoolShape;
  gpu?: GpuPoolShape;
  nodes?: number;
  resources?: Record<string, string | number>;
  labels: Record<string, string>;
  /** undefined = the accelerator's default GKE taints. */
  taints?: Taint[];
  topology?: { zone?: string; block?: string; subblock?: string };
}

export interface NodePoolDoc {
  name: string;
  spec: NodePoolSpec;
  source: SourceRef;
}

export interface PodTarget {
  namespace: string;
  jobSet: string;
  replicatedJob: string;
  jobIndex: number;
  podIndex: number;
}

export type ScriptAction =
  | { kind: 'failPod'; target: PodTarget; exitCode?: number; condition?: string; reason?: string }
  | {
      kind: 'failNode';
      node?: string;
      nodePool?: string;
      cause?: string;
      /** Repaired (or replaced) this long after the failure; absent: down until recoverNode. */
      recovery?: DurationDist;
      action?: RecoveryAction;
    }
  | { kind: 'recoverNode' | 'cordon' | 'uncordon' | 'deleteNode'; node?: string; nodePool?: string }
  | { kind: 'maintenance'; node?: string; nodePool?: string; cause?: string; notice: number; duration: DurationDist }
  | { kind: 'spotReclaim'; node?: string; nodePool?: string; cause?: string; notice: number; recovery?: DurationDist }
  | { kind: 'addNodePool'; pool: NodePoolDoc; path: string }
  | { kind: 'removeNodePool'; nodePool: string; drain: boolean }
  | { kind: 'suspend' | 'resume' | 'delete'; namespace: string; jobSet: string };

export interface TimedAction {
  at: number;
  action: ScriptAction;
  source: SourceRef;
}

export interface WorkloadEntry<T> {
  object: T;
  /** Creation time in µs (the jobset-sim.dev/submit-at annotation). */
  submitAt: number;
  source: SourceRef;
}

/** A bare Workload of the scenario (src/scenario/read-bare-workload.ts), Kueue's v1beta2 after conversion. */
export interface BareWorkloadEntry extends WorkloadEntry<Workload> {
  /** Its jobset-sim.dev/duration (µs): how long after admission the runner finishes it; none: nothing does. */
  runtime?: number;
}

/** An object of a kind the loader recognises but the engine does not simulate yet (TraceReplay). */
export interface PendingObject {
  kind: string;
  /** As written (a namespaced kind gets `metadata.namespace` defaulted to `default`). */
  object: Record<string, unknown>;
  source: SourceRef;
}

/** Kueue's objects as written (v1beta1 converted to v1beta2), validated, and its Configuration. */
export interface KueueObjects {
  resourceFlavors: ResourceFlavor[];
  clusterQueues: ClusterQueue[];
  cohorts: Cohort[];
  localQueues: LocalQueue[];
  workloadPriorityClasses: WorkloadPriorityClass[];
  topologies: Topology[];
  admissionChecks: AdmissionCheck[];
  config: KueueConfig;
  /** A Configuration document was given. */
  configured: boolean;
}

export interface Scenario {
  files: string[];
  simulation: SimulationSettings;
  nodePools: NodePoolDoc[];
  jobSets: WorkloadEntry<JobSet>[];
  jobs: WorkloadEntry<Job>[];
  /** Bare Workloads (`kind: Workload` without server-set metadata): absent when there are none. */
  workloads?: BareWorkloadEntry[];
  actions: TimedAction[];
  priorityClasses: { name: string; value: number; globalDefault: boolean; preemptionPolicy?: string }[];
  namespaces: string[];
  warnings: ScenarioWarning[];
  /** Recognised but not simulated yet, in document order (each kind also gets a NotYetSimulated warning). */
  pending: PendingObject[];
  kueue: KueueObjects;
  /** FaultModel documents, in document order. */
  faultModels: FaultModelSpec[];
  /** An FgdStudy document: the run is the FGD study's replay (src/study/), not the event engine. */
  fgdStudy?: FgdStudyDoc;
  /** The live state of a kubectl snapshot among the inputs (src/snapshot/): the run starts from it. */
  snapshot?: SnapshotState;
  /**
   * The loader drew from the seed (a WorkloadGenerator's JobSets): another seed loads another scenario. Without it
   * the scenario differs between seeds by `simulation.seed` only (`predict` loads it once per thread).
   */
  seedDependent?: boolean;
}

/** The FGD placement study (README "FGD study"): its inputs read and checked, its parameters defaulted. */
export interface FgdStudyDoc {
  name: string;
  source: SourceRef;
  policy: FgdPolicy;
  nodesFile: string;
  podsFile: string;
  nodes: StudyNode[];
  pods: StudyPod[];
  tuneRatio: number;
  popularityThreshold: number;
  informerDraws: number;
  podLimit: number;
}

export type FgdPolicy = 'random' | 'dot-product' | 'gpu-clustering' | 'gpu-packing' | 'best-fit' | 'fgd';
