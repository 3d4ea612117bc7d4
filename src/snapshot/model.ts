// What a snapshot (kubectl's `get ... -o yaml` output) carries into a run: the live objects, with their times
// converted to simulated seconds relative to the snapshot's time 0, and how time 0 was chosen.
import type { Job } from '../api/batch.js';
import type { Node, Pod } from '../api/core.js';
import type { JobSet } from '../api/jobset.js';
import type { Workload } from '../kueue/api.js';

/** Annotation on the List: the simulated instant the snapshot was taken (RFC 3339); time 0 of an import. */
export const SNAPSHOT_TIME_ANNOTATION = 'jobset-sim.dev/snapshot-time';
/** Annotation on a running pod: how long its containers still run at the snapshot time (a Go duration). */
export const REMAINING_ANNOTATION = 'jobset-sim.dev/remaining';
/** The Job controller's pod finalizer: present until the Job has counted the pod (upstream job-tracking). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export interface SnapshotState {
  /** Wall time of simulated t = 0, µs since the Unix epoch. */
  nowUs: number;
  /** How t = 0 was chosen: `--now`, the List's snapshot-time annotation, or the newest timestamp. */
  nowSource: 'flag' | 'annotation' | 'newest' | 'none';
  /** The List's snapshot-time annotation (µs since the Unix epoch), when it has one. */
  takenUs?: number;
  /** The files the live objects came from. */
  files: string[];
  nodes: Node[];
  jobSets: JobSet[];
  jobs: Job[];
  pods: Pod[];
  workloads: Workload[];
}
