// The FaultModel kind and the fault settings of Script actions, as the loader hands them to src/faults.
// Times are integer microseconds; rates are per unit per microsecond.

/** A duration drawn from a distribution (recovery, maintenance length, spare swap time). */
export type DurationDist =
  | { kind: 'fixed'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'lognormal'; median: number; sigma: number };

/** When a unit fails: a Poisson process (rate per unit) or a Weibull renewal process per unit. */
export type Timing = { kind: 'exponential'; rate: number } | { kind: 'weibull'; shape: number; scale: number };

/** What one process counts as a unit: each node, each device (GPU/chip) of a node, or each whole node pool. */
export type FaultUnit = 'node' | 'device' | 'pool';

/** Which nodes one fault takes down with the unit it hits (a multi-host TPU slice is always the whole pool). */
export type BlastRadius = 'node' | 'pool' | 'subblock' | 'block' | 'zone';

/** repair: the nodes come back as they were; replace: they are deleted and recreated (new, empty nodes). */
export type RecoveryAction = 'repair' | 'replace';

export interface FailureProcess {
  cause: string;
  /** A grouping for the cause mix (GPU, network, host, software...); defaults to the cause. */
  category: string;
  per: FaultUnit;
  timing: Timing;
  blastRadius: BlastRadius;
  recovery: DurationDist;
  /** undefined: replace for multi-host TPU slices, repair otherwise. */
  action?: RecoveryAction;
}

export interface MaintenanceProcess {
  cause: string;
  category: string;
  per: FaultUnit;
  timing: Timing;
  /** From the scheduled-maintenance labels to the start of the maintenance. */
  notice: number;
  /** How long the node is down for maintenance. */
  duration: DurationDist;
}

export interface SpotProcess {
  cause: string;
  category: string;
  per: FaultUnit;
  timing: Timing;
  /** From the preemption notice (graceful shutdown starts) to the VM being gone. */
  notice: number;
  /** From the VM being gone to its replacement node being created. */
  recovery: DurationDist;
}

export interface Spares {
  /** Spare failure domains (nodes, or whole pools when the domain is a pool) held outside the cluster. */
  count: number;
  swapTime: DurationDist;
}

export interface FaultModelSpec {
  name: string;
  /** Pool names (`cloud.google.com/gke-nodepool`) or NodePool document names; undefined = every pool. */
  nodePools?: string[];
  failures: FailureProcess[];
  maintenance: MaintenanceProcess[];
  spot: SpotProcess[];
  spares?: Spares;
  /** GKE auto-repair: a node NotReady this long is recreated (when the action is replace). */
  autoRepairDelay: number;
}
