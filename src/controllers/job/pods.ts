// Pods of a Job: what counts as active, terminating or failed, the order surplus pods are deleted in
// (controller.ActivePods upstream), and new pods from the Job's template (job_controller.go manageJob,
// indexed_job_utils.go podGenerateNameWithIndex and the completion-index env var).
import type { Job } from '../../api/batch.js';
import { clonePlain, mergeMaps } from '../../api/clone.js';
import type { Container, ContainerStatus, Pod, PodStatus } from '../../api/core.js';
import { BATCH } from '../../api/jobset.js';
import { controllerRef, type NewObject } from '../../api/meta.js';

/** Fields of a pod status the simulator's core types do not model yet; read when present. */
export type PodStatusExt = PodStatus & { initContainerStatuses?: ContainerStatus[] };

export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** apiserver names.MaxGeneratedNameLength: a generateName is cut to this before the 5-character suffix. */
export const MAX_GENERATED_NAME_LENGTH = 58;
export const JOB_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export function isIndexed(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

/** The completion index of a pod (its annotation), or undefined when missing or not a non-negative integer. */
export function podIndex(p: Pod): number | undefined {
  const i = parseGoInt(p.metadata.annotations?.[BATCH.completionIndex]);
  return i !== undefined && i >= 0 ? i : undefined;
}

/** strconv.Atoi: an optional sign and decimal digits, nothing else. */
export function parseGoInt(v: string | undefined): number | undefined {
  if (v === undefined || !isGoIntText(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** /^[+-]?\d+$/ without the regular expression (a completion index is parsed several times a sync). */
function isGoIntText(v: string): boolean {
  const n = v.length;
  let i = 0;
  if (n > 0) {
    const c = v.charCodeAt(0);
    if (c === 43 || c === 45) i = 1; // + -
  }
  if (i === n) return false;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function isTerminal(p: Pod): boolean {
  return p.status.phase === 'Succeeded' || p.status.phase === 'Failed';
}

/** controller.FilterActivePods: neither terminal nor being deleted. */
export function isActive(p: Pod): boolean {
  return !isTerminal(p) && p.metadata.deletionTimestamp === undefined;
}

/** controller.FilterTerminatingPods: being deleted and not yet terminal. */
export function isTerminating(p: Pod): boolean {
  return p.metadata.deletionTimestamp !== undefined && !isTerminal(p);
}

export function isPodReady(p: Pod): boolean {
  return p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** podReplacementPolicy Failed (or a podFailurePolicy): a pod is replaced only once it is Failed. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined;
}

/**
 * isPodFailed upstream: phase Failed, or (unless only failed pods are replaced) being deleted before it
 * succeeded, so orphans that never reach Failed still count.
 */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return p.metadata.deletionTimestamp !== undefined && p.status.phase !== 'Succeeded';
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(p: Pod): number | undefined {
  const c = p.status.conditions?.find((x) => x.type === 'Ready');
  return c?.status === 'True' ? c.lastTransitionTime : undefined;
}

function maxRestarts(p: Pod): number {
  let m = 0;
  for (const c of p.status.containerStatuses ?? []) m = Math.max(m, c.restartCount);
  return m;
}

/** afterOrZero upstream: a missing time sorts first, else the later time first. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/**
 * controller.ActivePods ordering, the pods to delete first: unassigned < assigned, Pending < Unknown < Running,
 * not ready < ready, ready more recently < longer, more restarts < fewer, newer < older.
 */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.status.phase] ?? 3;
  const pb = PHASE_ORDINAL[b.status.phase] ?? 3;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const ca = maxRestarts(a);
  const cb = maxRestarts(b);
  if (ca !== cb) return ca > cb;
  if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) {
    return afterOrZero(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
  }
  return false;
}

/** A stable sort by activePodsLess. */
export function sortActivePods(pods: Pod[]): Pod[] {
  return pods.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
}

/** `<job>-<index>-`, the job name cut so that the whole stays within 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix;
}

export interface NewPodOptions {
  index?: number;
  /** batch.kubernetes.io/job-index-failure-count and -ignored-failure-count (backoffLimitPerIndex). */
  failureCounts?: [number, number];
}

/** A new pod from the Job's template, owned by the Job; `metadata` as newPodMetadata gives it (built here if not). */
export function newPodForJob(
  job: Job,
  opts: NewPodOptions = {},
  metadata: NewObject<Pod>['metadata'] = newPodMetadata(job, opts),
): NewObject<Pod> {
  // Only the template's spec is deep-copied (the metadata's maps are new ones already).
  const tpl = { spec: clonePlain(job.spec.template.spec) };
  const { index } = opts;
  if (index !== undefined) {
    const init = tpl.spec.initContainers;
    if (init !== undefined) for (const c of init) addCompletionIndexEnv(c);
    for (const c of tpl.spec.containers) addCompletionIndexEnv(c);
    tpl.spec.hostname = `${job.metadata.name}-${index}`;
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: tpl.spec, status: { phase: 'Pending' } };
}

/**
 * What newPodForJob's metadata will be, without the pod: the template's labels and annotations copied into new maps,
 * then the Job's keys written, the same keys in the same order as `{...labels, [k]: v, …}` (mergeMaps).
 */
export function newPodMetadata(job: Job, opts: NewPodOptions = {}): NewObject<Pod>['metadata'] {
  const tplMeta = job.spec.template.metadata;
  const labels: Record<string, string> = mergeMaps(tplMeta?.labels);
  labels[BATCH.controllerUid] = job.metadata.uid;
  labels[BATCH.jobName] = job.metadata.name;
  labels[BATCH.legacyControllerUid] = job.metadata.uid;
  labels[BATCH.legacyJobName] = job.metadata.name;
  const annotations: Record<string, string> = mergeMaps(tplMeta?.annotations);
  let generateName = `${job.metadata.name}-`;
  const { index } = opts;
  if (index !== undefined) {
    annotations[BATCH.completionIndex] = String(index);
    labels[BATCH.completionIndex] = String(index);
    generateName = podGenerateNameWithIndex(job.metadata.name, index);
    if (opts.failureCounts) {
      const [failures, ignored] = opts.failureCounts;
      annotations[JOB_INDEX_FAILURE_COUNT] = String(failures);
      if (ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = String(ignored);
    }
  } else if (generateName.length > MAX_GENERATED_NAME_LENGTH) {
    generateName = generateName.slice(0, MAX_GENERATED_NAME_LENGTH);
  }
  return {
    generateName,
    namespace: job.metadata.namespace ?? 'default',
    labels,
    annotations,
    ownerReferences: [controllerRef('batch/v1', 'Job', job)],
  };
}

interface EnvVar {
  name: string;
  valueFrom?: { fieldRef: { fieldPath: string } };
}

/** JOB_COMPLETION_INDEX from the pod's completion-index label (the downward API), unless already set. */
function addCompletionIndexEnv(c: Container): void {
  const env = (Array.isArray(c.env) ? c.env : []) as EnvVar[];
  if (env.some((e) => e.name === COMPLETION_INDEX_ENV)) return;
  c.env = [
    ...env,
    {
      name: COMPLETION_INDEX_ENV,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${BATCH.completionIndex}']` } },
    },
  ];
}

/** parseInt32 upstream: an invalid, negative or larger-than-int32 value reads as 0. */
function parseInt32(v: string | undefined): number {
  const n = parseGoInt(v);
  return n === undefined || n < 0 || n > 2147483647 ? 0 : n;
}

/** batch.kubernetes.io/job-index-failure-count of a pod (0 when missing or invalid). */
export function getIndexFailureCount(p: Pod): number {
  return parseInt32(p.metadata.annotations?.[JOB_INDEX_FAILURE_COUNT]);
}

/** batch.kubernetes.io/job-index-ignored-failure-count of a pod (0 when missing or invalid). */
export function getIndexIgnoredFailureCount(p: Pod): number {
  return parseInt32(p.metadata.annotations?.[JOB_INDEX_IGNORED_FAILURE_COUNT]);
}

/** Counted plus ignored failures of the pod's index before this pod. */
export function getIndexAbsoluteFailureCount(p: Pod): number {
  return getIndexFailureCount(p) + getIndexIgnoredFailureCount(p);
}
