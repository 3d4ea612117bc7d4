// The shapes predict passes around: the plan (what every future shares; sent once to each worker thread), one
// future's outcome, and the report (`--output json`, schema jobset-sim/predict/v1).
import type { JobSet } from '../api/jobset.js';

/** A scenario file as parsed documents (the loader's `{file, documents}` input). */
export interface PlanInput {
  file: string;
  documents: unknown[];
}

/** The arrival process fitted from the input's JobSets (src/predict/arrivals.ts). */
export interface ArrivalFit {
  /** Poisson rate, arrivals per hour. */
  perHour: number;
  /** Simulated seconds at which fitted arrivals start (after the input's own last arrival). */
  start: number;
  /** JobSets the rate was fitted from, and the span of their creation times (s). */
  fittedFrom: number;
  span: number;
  /** Shapes resampled uniformly: the input's JobSets, stripped to metadata and spec. */
  templates: JobSet[];
  /** Name prefix of the arrivals (`<prefix>-<i>`). */
  prefix: string;
}

export interface PredictPlan {
  /** The scenario files, then the --submit file (its one JobSet last). */
  inputs: PlanInput[];
  sets: string[];
  /** The loader draws from the seed (Scenario.seedDependent): each future loads the inputs with its own. */
  seedDependent: boolean;
  submitted: { namespace: string; name: string; file: string };
  /** The ClusterQueue the submitted JobSet's LocalQueue points to; undefined without Kueue. */
  clusterQueue?: string;
  /** Kueue manages the submitted JobSet. */
  kueue: boolean;
  /** Its ClusterQueue orders or preempts by fair share (Fair Sharing in a cohort, or Admission Fair Sharing). */
  fairShare: boolean;
  /** Seconds: how far each future looks, from the submission. */
  horizon: number;
  /** When the JobSet is submitted, simulated seconds (0: now, the start of the input). */
  at: number;
  arrivals: ArrivalFit | null;
  /** Why no arrival process was fitted (when `arrivals` is null). */
  arrivalsNote: string;
}

export type WaitCategory =
  | 'quota'
  | 'fairShare'
  | 'topology'
  | 'neverSchedulable'
  | 'preemption'
  | 'admissionCheck'
  | 'queue'
  | 'capacity'
  | 'inactive';

export interface WaitReason {
  category: WaitCategory;
  /** The Workload condition's reason (QuotaReserved, Admitted), or the scheduler's `FailedScheduling`. */
  reason: string;
  /** The upstream message text, as Kueue or kube-scheduler writes it. */
  message: string;
}

export interface FutureOutcome {
  seed: number;
  /** Seconds from submission; null when it did not happen before the future ended. */
  admission: number | null;
  allRunning: number | null;
  completion: number | null;
  terminalState: 'Completed' | 'Failed' | null;
  clusterQueue: string | null;
  /** podset → resource → flavor of its first admission. */
  flavors: Record<string, Record<string, string>> | null;
  /** JobSets (or Jobs) whose workloads or pods were preempted for it, `namespace/name`, sorted. */
  preempted: string[];
  evictions: number;
  /** Seconds waited per reason, from submission to all pods running (or the end), longest first. */
  waits: (WaitReason & { seconds: number })[];
  /** Simulated seconds at which the future stopped, and why. */
  end: number;
  stoppedBy: string;
}

export interface Distribution {
  /** Futures in which it happened. */
  n: number;
  /** Fraction of futures in which it did not happen within the horizon. */
  never: number;
  min: number | null;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface PredictReport {
  schema: 'jobset-sim/predict/v1';
  submitted: { namespace: string; name: string; file: string; kueue: boolean };
  files: string[];
  futures: number;
  seeds: { first: number; last: number };
  horizon: number;
  at: number;
  arrivals: Omit<ArrivalFit, 'templates'> | null;
  arrivalsNote: string;
  timeToAdmission: Distribution;
  timeToAllRunning: Distribution;
  timeToCompletion: Distribution;
  /** Fraction of futures in which it was never admitted (without Kueue: no pod bound) within the horizon. */
  neverStarted: number;
  completed: number;
  failed: number;
  landing: { clusterQueue: string | null; flavors: Record<string, Record<string, string>> | null; share: number }[];
  preemptions: { futures: number; victims: { name: string; share: number }[] };
  waits: {
    /** Fraction of futures that waited at all (some reason held for > 0 s). */
    futures: number;
    byCategory: { category: WaitCategory; share: number; meanSeconds: number; reason: string; message: string }[];
  };
  runs: FutureOutcome[];
  warnings: { code: string; object: string; message: string }[];
}
