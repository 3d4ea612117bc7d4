// A JobSet as Kueue's jobframework sees it (pkg/controller/jobs/jobset): whether Kueue manages it, its queue, its
// priority, and the Workload it becomes (one podSet per replicatedJob, count = replicas × min(parallelism,
// completions)).
import { clonePlain } from '../api/clone.js';
import { BATCH, type JobSet, JS } from '../api/jobset.js';
import { controllerRef } from '../api/meta.js';
import type { Scenario } from '../scenario/model.js';
import {
  DEFAULT_LOCAL_QUEUE_NAME,
  DEFAULT_PRIORITY_CLASS_NAME,
  type PodSet,
  PRIORITY_CLASS_LABEL,
  type PriorityClassRef,
  QUEUE_NAME_LABEL,
  type Workload,
} from './api.js';
import { topologyRequestFromAnnotations } from './tas/requests.js';

/** What the jobframework reads of any job's metadata. */
export interface JobMeta {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

/** The LocalQueue a job goes to: its queue-name label, else the namespace's `default` LocalQueue if there is one. */
export function queueNameOf(js: JobMeta, scenario: Pick<Scenario, 'kueue'>): string | undefined {
  const label = js.metadata.labels?.[QUEUE_NAME_LABEL];
  if (label) return label;
  const ns = js.metadata.namespace ?? 'default';
  const hasDefault = scenario.kueue.localQueues.some(
    (lq) => lq.metadata.name === DEFAULT_LOCAL_QUEUE_NAME && (lq.metadata.namespace ?? 'default') === ns,
  );
  return hasDefault ? DEFAULT_LOCAL_QUEUE_NAME : undefined;
}

/** Kueue suspends it at creation: it names a queue, or manageJobsWithoutQueueName is set. */
export function managedByKueue(js: JobMeta, scenario: Pick<Scenario, 'kueue'>): boolean {
  if (scenario.kueue.clusterQueues.length === 0 && scenario.kueue.localQueues.length === 0) return false;
  return queueNameOf(js, scenario) !== undefined || scenario.kueue.config.manageJobsWithoutQueueName;
}

/**
 * spec/kueue.md §1.5: the kueue.x-k8s.io/priority-class label's WorkloadPriorityClass, else a WorkloadPriorityClass
 * named `default`, else the first podset template's priorityClassName, else the global default PriorityClass, else 0.
 */
export function priorityOf(
  js: JobSet,
  scenario: Pick<Scenario, 'kueue' | 'priorityClasses'>,
): { priority: number; ref?: PriorityClassRef } {
  return priorityFrom(
    js,
    js.spec.replicatedJobs.map((rj) => rj.template.spec.template.spec.priorityClassName),
    scenario,
  );
}

/** priorityOf for any job: its labels, and its podset templates' priorityClassNames in order. */
export function priorityFrom(
  js: JobMeta,
  priorityClassNames: readonly (string | undefined)[],
  scenario: Pick<Scenario, 'kueue' | 'priorityClasses'>,
): { priority: number; ref?: PriorityClassRef } {
  const wpcs = scenario.kueue.workloadPriorityClasses;
  const label = js.metadata.labels?.[PRIORITY_CLASS_LABEL];
  const wpc = label
    ? wpcs.find((w) => w.metadata.name === label)
    : wpcs.find((w) => w.metadata.name === DEFAULT_PRIORITY_CLASS_NAME);
  if (wpc) {
    return {
      priority: wpc.value,
      ref: { group: 'kueue.x-k8s.io', kind: 'WorkloadPriorityClass', name: wpc.metadata.name },
    };
  }
  const pcName = priorityClassNames.find((n) => n);
  const pc = pcName
    ? scenario.priorityClasses.find((p) => p.name === pcName)
    : scenario.priorityClasses.find((p) => p.globalDefault);
  if (pc) return { priority: pc.value, ref: { group: 'scheduling.k8s.io', kind: 'PriorityClass', name: pc.name } };
  return { priority: 0 };
}

/** FNV-1a, 5 hex digits: the suffix Kueue's GetWorkloadNameForOwnerWithGVK derives from the owner (a sha1 there). */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 5);
}

/**
 * JobSet.PodSets: one podset per replicatedJob; with TopologyAwareScheduling (default on) its topologyRequest from the
 * pod template's annotations, indexed by the completion index and the job index (subGroupCount = replicas).
 * A TAS annotation that does not parse leaves the request out (upstream fails to build the Workload).
 */
export function podSetsOf(js: JobSet, tas = true): PodSet[] {
  return js.spec.replicatedJobs.map((rj) => {
    const t = rj.template.spec;
    const p = t.parallelism ?? 1;
    const c = t.completions ?? p;
    const ps: PodSet = {
      name: rj.name,
      // clonePlain: the template is plain API data, and structuredClone costs several times more per Workload.
      template: clonePlain(t.template),
      count: (rj.replicas ?? 1) * Math.min(p, c),
    };
    if (tas) {
      const { request } = topologyRequestFromAnnotations(t.template.metadata?.annotations, {
        podIndexLabel: BATCH.completionIndex,
        subGroupIndexLabel: JS.jobIndex,
        subGroupCount: rj.replicas ?? 1,
      });
      if (request) ps.topologyRequest = request;
    }
    return ps;
  });
}

/** The Workload object Kueue creates for the JobSet (owned by it, so it goes with it). */
export function workloadFor(
  js: JobSet,
  queueName: string,
  priority: ReturnType<typeof priorityOf>,
  tas = true,
): Workload {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: {
      name: `jobset-${js.metadata.name}-${shortHash(`${js.metadata.name}/${js.metadata.uid}`)}`.slice(0, 253),
      namespace: js.metadata.namespace ?? 'default',
      labels: { 'kueue.x-k8s.io/job-uid': js.metadata.uid },
      ownerReferences: [controllerRef(js.apiVersion, 'JobSet', js)],
    },
    spec: {
      podSets: podSetsOf(js, tas),
      queueName,
      priority: priority.priority,
      ...(priority.ref ? { priorityClassRef: priority.ref } : {}),
      active: true,
    },
    status: { conditions: [] },
  } as unknown as Workload;
}
