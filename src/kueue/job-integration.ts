// A standalone batch Job as Kueue's job integration sees it (kueue ff69552e pkg/controller/jobs/job/job_controller.go
// and job_webhook.go): one podSet `main` (count = min(parallelism, completions), minCount from the
// kueue.x-k8s.io/job-min-parallelism annotation), RunWithPodSetsInfo (resume with the flavors' node labels and
// tolerations, parallelism = the admitted count under partial admission) and Stop's RestorePodSetsInfo.
import type { Job } from '../api/batch.js';
import type { Toleration } from '../api/core.js';
import { controllerRef } from '../api/meta.js';
import type { Scenario } from '../scenario/model.js';
import { DEFAULT_POD_SET_NAME, type PodSet, type ResourceFlavor, type Workload } from './api.js';
import { managedByKueue, priorityFrom, shortHash } from './workload.js';

export const JOB_MIN_PARALLELISM_ANNOTATION = 'kueue.x-k8s.io/job-min-parallelism';
export const JOB_COMPLETIONS_EQUAL_PARALLELISM_ANNOTATION = 'kueue.x-k8s.io/job-completions-equal-parallelism';

/** podset.PodSetInfo: what RunWithPodSetsInfo writes into a podset's template, and what Stop restores. */
export interface PodSetInfo {
  name: string;
  count: number;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

/** Kueue manages the Job: it names a queue (or is defaulted to one) and is not a child of another workload. */
export function managesJob(job: Job, scenario: Pick<Scenario, 'kueue'>): boolean {
  if (job.metadata.ownerReferences?.some((o) => o.controller)) return false;
  return managedByKueue(job, scenario);
}

/** podsCount: parallelism (defaulted to 1), or completions when smaller. */
export function jobPodsCount(job: Job): number {
  const p = job.spec.parallelism ?? 1;
  const c = job.spec.completions;
  return c !== undefined && c < p ? c : p;
}

/** minPodsCount: the job-min-parallelism annotation when it is an integer, else none (no partial admission). */
export function jobMinPodsCount(job: Job): number | undefined {
  const v = job.metadata.annotations?.[JOB_MIN_PARALLELISM_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return undefined;
  return Number.parseInt(v, 10);
}

function syncCompletionWithParallelism(job: Job): boolean {
  return job.metadata.annotations?.[JOB_COMPLETIONS_EQUAL_PARALLELISM_ANNOTATION] === 'true';
}

/**
 * The Job webhook's partial-admission check (validatePartialAdmissionCreate): the annotation must parse and lie in
 * [1, podsCount − 1]. Field errors as field.Invalid writes them.
 */
export function validateJobForKueue(job: Job): { path: string; message: string }[] {
  const v = job.metadata.annotations?.[JOB_MIN_PARALLELISM_ANNOTATION];
  if (v === undefined) return [];
  const path = `metadata.annotations[${JOB_MIN_PARALLELISM_ANNOTATION}]`;
  if (!/^[+-]?\d+$/.test(v)) {
    return [{ path, message: `Invalid value: "${v}": strconv.Atoi: parsing "${v}": invalid syntax` }];
  }
  const n = Number.parseInt(v, 10);
  const count = jobPodsCount(job);
  if (n >= count || n <= 0) return [{ path, message: `Invalid value: ${n}: should be between 0 and ${count - 1}` }];
  return [];
}

export function jobPodSets(job: Job): PodSet[] {
  const min = jobMinPodsCount(job);
  return [
    {
      name: DEFAULT_POD_SET_NAME,
      template: structuredClone(job.spec.template),
      count: jobPodsCount(job),
      ...(min !== undefined ? { minCount: min } : {}),
    },
  ] as PodSet[];
}

/** The Workload Kueue creates for the Job (`job-<name>-<hash>`, owned by it). */
export function jobWorkloadFor(
  job: Job,
  queueName: string,
  scenario: Pick<Scenario, 'kueue' | 'priorityClasses'>,
): { workload: Workload; priority: number } {
  const priority = priorityFrom(job, [job.spec.template.spec.priorityClassName], scenario);
  const workload = {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: {
      name: `job-${job.metadata.name}-${shortHash(`${job.metadata.name}/${job.metadata.uid}`)}`.slice(0, 253),
      namespace: job.metadata.namespace ?? 'default',
      labels: { 'kueue.x-k8s.io/job-uid': job.metadata.uid },
      ownerReferences: [controllerRef('batch/v1', 'Job', job)],
    },
    spec: {
      podSets: jobPodSets(job),
      queueName,
      priority: priority.priority,
      ...(priority.ref ? { priorityClassRef: priority.ref } : {}),
      active: true,
    },
    status: { conditions: [] },
  } as unknown as Workload;
  return { workload, priority: priority.priority };
}

/** The podset infos of an admission: the assigned flavors' nodeLabels and tolerations, and the admitted count. */
export function podSetInfosFor(
  podSets: readonly { name: string; count: number; flavors: readonly string[] }[],
  resourceFlavors: ReadonlyMap<string, ResourceFlavor>,
): PodSetInfo[] {
  return podSets.map((ps) => {
    const info: PodSetInfo = { name: ps.name, count: ps.count, nodeSelector: {}, tolerations: [] };
    for (const name of new Set(ps.flavors)) {
      const f = resourceFlavors.get(name);
      Object.assign(info.nodeSelector, f?.spec?.nodeLabels ?? {});
      for (const t of f?.spec?.tolerations ?? []) info.tolerations.push(t);
    }
    return info;
  });
}

/** The Job's own podset info, saved before the first admission so that Stop can restore it. */
export function jobPodSetInfo(job: Job): PodSetInfo {
  const spec = job.spec.template.spec;
  return {
    name: DEFAULT_POD_SET_NAME,
    count: job.spec.parallelism ?? 1,
    nodeSelector: { ...(spec.nodeSelector ?? {}) },
    tolerations: structuredClone(spec.tolerations ?? []),
  };
}

/** RunWithPodSetsInfo: unsuspend; parallelism = the admitted count when partial admission is allowed; merge. */
export function runJobWithPodSetInfo(job: Job, info: PodSetInfo): void {
  job.spec.suspend = false;
  if (jobMinPodsCount(job) !== undefined) {
    job.spec.parallelism = info.count;
    if (syncCompletionWithParallelism(job)) job.spec.completions = info.count;
  }
  const spec = job.spec.template.spec;
  if (Object.keys(info.nodeSelector).length > 0)
    spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...info.nodeSelector };
  for (const t of info.tolerations) {
    spec.tolerations ??= [];
    if (!spec.tolerations.some((x) => JSON.stringify(x) === JSON.stringify(t))) spec.tolerations.push(t);
  }
}

/** Stop: suspend, then RestorePodSetsInfo (parallelism under partial admission, nodeSelector, tolerations). */
export function stopJob(job: Job, original: PodSetInfo): void {
  job.spec.suspend = true;
  delete job.status.startTime; // reset so that the scheduling directives may change
  if (jobMinPodsCount(job) !== undefined && (job.spec.parallelism ?? 0) !== original.count) {
    job.spec.parallelism = original.count;
    if (syncCompletionWithParallelism(job)) job.spec.completions = original.count;
  }
  const spec = job.spec.template.spec;
  if (Object.keys(original.nodeSelector).length > 0) spec.nodeSelector = { ...original.nodeSelector };
  else delete spec.nodeSelector;
  if (original.tolerations.length > 0) spec.tolerations = structuredClone(original.tolerations);
  else delete spec.tolerations;
}

/** Finished: Complete or Failed True, with the condition's message. */
export function jobFinishedInfo(job: Job): { success: boolean; message: string } | undefined {
  for (const c of job.status.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      return { success: c.type === 'Complete', message: c.message ?? '' };
    }
  }
  return undefined;
}
