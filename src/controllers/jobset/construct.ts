// Child Jobs from the replicatedJob templates: names, labels and annotations (§2.1, constructJob upstream).
import { createHash } from 'node:crypto';
import type { Job, JobTemplateSpec } from '../../api/batch.js';
import { clonePlain, mergeMaps } from '../../api/clone.js';
import type { Toleration } from '../../api/core.js';
import { JOBSET_API_VERSION, type JobSet, JS, type ReplicatedJob } from '../../api/jobset.js';
import { controllerRef, type NewObject } from '../../api/meta.js';

/** Hex SHA-1 of `<namespace>/<jobName>` (upstream comments say SHA256; the code uses SHA-1). */
export function jobHashKey(namespace: string, jobName: string): string {
  const input = `${namespace}/${jobName}`;
  let h = hashKeys.get(input);
  if (h === undefined) {
    h = createHash('sha1').update(input).digest('hex');
    if (hashKeys.size >= HASH_KEYS_MAX) hashKeys.clear();
    hashKeys.set(input, h);
  }
  return h;
}

/**
 * Hashes already computed: a restarted JobSet recreates Jobs of the same names, and predict's futures the same
 * JobSets, and a digest costs more than the rest of constructJob. Bounded; cleared when full.
 */
const hashKeys = new Map<string, string>();
const HASH_KEYS_MAX = 1 << 16;

/** status.replicatedJobsStatus[rjob].jobRestarts, or zeros (one per replica) when absent (getJobRestarts upstream). */
export function jobRestartsOf(
  js: JobSet,
  rjob: string,
  field: 'jobRestarts' | 'jobRestartsCountTowardsMax' = 'jobRestarts',
): number[] {
  const st = js.status.replicatedJobsStatus?.find((s) => s.name === rjob);
  const arr = st?.[field];
  if (arr && arr.length > 0) return [...arr];
  const replicas = js.spec.replicatedJobs.find((r) => r.name === rjob)?.replicas ?? 0;
  return new Array(replicas).fill(0);
}

export function placementJobName(js: JobSet, rjob: string, jobIdx: number): string {
  return `${js.metadata.name}-${rjob}-${jobIdx}`;
}

export function globalReplicas(js: JobSet): number {
  let n = 0;
  for (const r of js.spec.replicatedJobs) n += r.replicas ?? 1;
  return n;
}

/** Σ replicas of earlier replicatedJobs + jobIdx; "" for an unknown replicatedJob. */
export function globalJobIndex(js: JobSet, rjobName: string, jobIdx: number): string {
  let before = 0;
  for (const r of js.spec.replicatedJobs) {
    if (r.name === rjobName) return String(before + jobIdx);
    before += r.replicas ?? 1;
  }
  return '';
}

function groupOf(r: ReplicatedJob): string {
  return r.groupName ?? 'default';
}

export function groupReplicas(js: JobSet, group: string): number {
  let n = 0;
  for (const r of js.spec.replicatedJobs) if (groupOf(r) === group) n += r.replicas ?? 1;
  return n;
}

/** Index of the Job within its group: Σ replicas of earlier rjobs of the same group + jobIdx. */
export function groupJobIndex(js: JobSet, group: string, rjobName: string, jobIdx: number): string {
  let before = 0;
  for (const r of js.spec.replicatedJobs) {
    if (groupOf(r) !== group) continue;
    if (r.name === rjobName) return String(before + jobIdx);
    before += r.replicas ?? 1;
  }
  return '';
}

export function subdomainOf(js: JobSet): string {
  return js.spec.network?.subdomain || js.metadata.name;
}

export function coordinatorEndpoint(js: JobSet): string | undefined {
  const c = js.spec.coordinator;
  if (!c) return undefined;
  return `${js.metadata.name}-${c.replicatedJob}-${c.jobIndex ?? 0}-${c.podIndex ?? 0}.${subdomainOf(js)}`;
}

/**
 * The placement annotations (labelAndAnnotateObject upstream): exclusive-topology from the JobSet, then from the
 * replicatedJob's Job template (which wins); node-selector only from the level that set exclusive-topology.
 */
function placementAnnotations(js: JobSet, rjob: ReplicatedJob): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of [js.metadata.annotations, rjob.template.metadata?.annotations]) {
    const excl = a?.[JS.exclusiveKey];
    if (excl === undefined) continue;
    out[JS.exclusiveKey] = excl;
    const ns = a?.[JS.nodeSelectorStrategy];
    if (ns !== undefined) out[JS.nodeSelectorStrategy] = ns;
  }
  return out;
}

function clone<T>(x: T): T {
  return clonePlain(x);
}

/** constructJob: one child Job for (rjob, jobIdx), in the JobSet's namespace, controller-owned by it. */
export function constructJob(
  js: JobSet,
  rjob: ReplicatedJob,
  jobIdx: number,
  gates: Record<string, boolean> = {},
): NewObject<Job> {
  const ns = js.metadata.namespace ?? 'default';
  const name = placementJobName(js, rjob.name, jobIdx);
  const tpl: JobTemplateSpec = clone(rjob.template);
  const keys: Record<string, string> = {
    [JS.jobSetName]: js.metadata.name,
    [JS.jobSetUid]: js.metadata.uid,
    [JS.replicatedJobName]: rjob.name,
    [JS.restartAttempt]: String(js.status.restarts ?? 0),
    ...(gates.RestartJob ? { [JS.jobRestartAttempt]: String(jobRestartsOf(js, rjob.name)[jobIdx] ?? 0) } : {}),
    [JS.replicatedJobReplicas]: String(rjob.replicas ?? 1),
    [JS.globalReplicas]: String(globalReplicas(js)),
    [JS.jobIndex]: String(jobIdx),
    [JS.jobGlobalIndex]: globalJobIndex(js, rjob.name, jobIdx),
    [JS.jobKey]: jobHashKey(ns, name),
    [JS.groupName]: groupOf(rjob),
    [JS.groupReplicas]: String(groupReplicas(js, groupOf(rjob))),
    [JS.jobGroupIndex]: groupJobIndex(js, groupOf(rjob), rjob.name, jobIdx),
  };
  const coord = coordinatorEndpoint(js);
  if (coord) keys[JS.coordinator] = coord;

  const placement = placementAnnotations(js, rjob);
  const labels = mergeMaps(tpl.metadata?.labels, keys);
  const annotations = mergeMaps(tpl.metadata?.annotations, keys, placement);

  const spec = tpl.spec;
  const pod = spec.template;
  pod.metadata = {
    ...(pod.metadata ?? {}),
    labels: mergeMaps(pod.metadata?.labels, keys),
    annotations: mergeMaps(pod.metadata?.annotations, keys, placement),
  };
  // The node-selector strategy is decided on the Job's final annotations (constructJob upstream).
  if (annotations[JS.exclusiveKey] !== undefined && annotations[JS.nodeSelectorStrategy] !== undefined) {
    pod.spec.nodeSelector = { ...(pod.spec.nodeSelector ?? {}), [JS.namespacedJob]: `${ns}_${name}` };
    const tol: Toleration = { key: JS.noScheduleTaint, operator: 'Exists', effect: 'NoSchedule' };
    pod.spec.tolerations = [...(pod.spec.tolerations ?? []), tol];
  }
  if (js.spec.network?.enableDNSHostnames) pod.spec.subdomain = subdomainOf(js);
  spec.suspend = js.spec.suspend ?? false;

  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ns,
      labels,
      annotations,
      ownerReferences: [controllerRef(JOBSET_API_VERSION, 'JobSet', js)],
    },
    spec,
    status: {},
  };
}
