// Kueue's objects in a scenario: v1beta1 spellings converted to v1beta2, then the apiserver's and Kueue's
// webhooks' validation (src/kueue/validation.ts) with each problem at its field; and Kueue's Configuration.

import {
  type AdmissionCheck,
  CHECK_DELAY_ANNOTATION,
  CHECK_OUTCOMES_ANNOTATION,
  missingAdmissionChecks,
  parseOutcomes,
} from '../kueue/admission-checks.js';
import type {
  ClusterQueue,
  Cohort,
  LocalQueue,
  ResourceFlavor,
  Topology,
  WorkloadPriorityClass,
} from '../kueue/api.js';
import { convertV1beta1 } from '../kueue/api.js';
import { DEFAULT_WAIT_FOR_PODS_READY, type KueueConfig } from '../kueue/config.js';
import {
  type FieldError,
  validateAdmissionCheck,
  validateClusterQueue,
  validateCohort,
  validateLocalQueue,
  validateResourceFlavor,
  validateTopology,
  validateWorkloadPriorityClass,
} from '../kueue/validation.js';
import type { Entry } from './entry.js';
import type { KueueObjects } from './model.js';
import { readAdmissionFairSharing } from './read-admission-fair-sharing.js';

export function emptyKueue(): KueueObjects {
  return {
    resourceFlavors: [],
    clusterQueues: [],
    cohorts: [],
    localQueues: [],
    workloadPriorityClasses: [],
    topologies: [],
    admissionChecks: [],
    config: {
      manageJobsWithoutQueueName: false,
      waitForPodsReady: { ...DEFAULT_WAIT_FOR_PODS_READY },
    },
    configured: false,
  };
}

function report(e: Entry, errors: FieldError[]): boolean {
  for (const f of errors) e.c.err(f.path || undefined, f.message);
  return errors.length === 0;
}

/** One Kueue object (ResourceFlavor, ClusterQueue, Cohort, LocalQueue, WorkloadPriorityClass, Topology). */
export function readKueueObject(e: Entry, into: KueueObjects): void {
  const obj = convertV1beta1(structuredClone(e.raw.object) as { apiVersion: string; kind: string }) as Record<
    string,
    unknown
  >;
  obj.apiVersion = 'kueue.x-k8s.io/v1beta2';
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  obj.spec = spec;
  switch (e.kind) {
    case 'ResourceFlavor':
      if (report(e, validateResourceFlavor(obj as unknown as ResourceFlavor)))
        into.resourceFlavors.push(obj as unknown as ResourceFlavor);
      break;
    case 'ClusterQueue':
      if (report(e, validateClusterQueue(obj as unknown as ClusterQueue)))
        into.clusterQueues.push(obj as unknown as ClusterQueue);
      break;
    case 'Cohort':
      if (report(e, validateCohort(obj as unknown as Cohort))) into.cohorts.push(obj as unknown as Cohort);
      break;
    case 'LocalQueue':
      if (report(e, validateLocalQueue(obj as unknown as LocalQueue)))
        into.localQueues.push(obj as unknown as LocalQueue);
      break;
    case 'WorkloadPriorityClass':
      if (report(e, validateWorkloadPriorityClass(obj as unknown as WorkloadPriorityClass)))
        into.workloadPriorityClasses.push(obj as unknown as WorkloadPriorityClass);
      break;
    case 'Topology':
      if (report(e, validateTopology(obj as unknown as Topology))) into.topologies.push(obj as unknown as Topology);
      break;
    case 'AdmissionCheck':
      if (report(e, validateAdmissionCheck(obj as unknown as AdmissionCheck)) && readCheckModel(e))
        into.admissionChecks.push(obj as unknown as AdmissionCheck);
      break;
  }
}

/** The simulated check controller's annotations on an AdmissionCheck (src/kueue/admission-checks.ts). */
function readCheckModel(e: Entry): boolean {
  const { c } = e;
  const meta = e.raw.object.metadata as { annotations?: Record<string, unknown> } | undefined;
  const ann = meta?.annotations ?? {};
  const base = 'metadata.annotations';
  if (ann[CHECK_DELAY_ANNOTATION] !== undefined) {
    c.duration(ann[CHECK_DELAY_ANNOTATION], `${base}[${CHECK_DELAY_ANNOTATION}]`, 'nonNegative', false, '5m');
  }
  const outcomes = ann[CHECK_OUTCOMES_ANNOTATION];
  if (outcomes !== undefined) {
    try {
      parseOutcomes(String(outcomes));
    } catch (err) {
      c.err(`${base}[${CHECK_OUTCOMES_ANNOTATION}]`, (err as Error).message);
    }
  }
  return c.errors === 0;
}

/** A ClusterQueue naming an AdmissionCheck the scenario lacks is inactive (AdmissionCheckNotFound), as upstream. */
export function missingCheckWarnings(k: KueueObjects): { code: string; object: string; message: string }[] {
  const checks = new Map(k.admissionChecks.map((a) => [a.metadata.name, a]));
  return k.clusterQueues.flatMap((cq) => {
    const missing = missingAdmissionChecks(cq, checks);
    if (missing.length === 0) return [];
    return [
      {
        code: 'AdmissionCheckNotFound',
        object: cq.metadata.name,
        message: `ClusterQueue ${cq.metadata.name} is inactive: AdmissionCheck ${missing.join(', ')} not found; its workloads wait`,
      },
    ];
  });
}

/** Kueue's Configuration: the fields the simulator plays; the others are accepted and have no effect. */
export function readKueueConfig(e: Entry, into: KueueObjects): void {
  const { c } = e;
  const o = e.raw.object;
  if (into.configured) {
    c.err(undefined, 'only one Kueue Configuration may be given');
    return;
  }
  into.configured = true;
  const cfg: KueueConfig = into.config;
  cfg.manageJobsWithoutQueueName = c.bool(o.manageJobsWithoutQueueName, 'manageJobsWithoutQueueName') ?? false;
  const fs = c.map(o.fairSharing, 'fairSharing');
  if (fs) {
    const enable = c.bool(fs.enable, 'fairSharing.enable') ?? true;
    const strategies = c.list(fs.preemptionStrategies, 'fairSharing.preemptionStrategies');
    const list: ('LessThanOrEqualToFinalShare' | 'LessThanInitialShare')[] = [];
    strategies?.forEach((s, i) => {
      const v = c.oneOf(s, `fairSharing.preemptionStrategies[${i}]`, [
        'LessThanOrEqualToFinalShare',
        'LessThanInitialShare',
      ] as const);
      if (v) list.push(v);
    });
    if (enable) cfg.fairSharing = list.length ? { preemptionStrategies: list } : {};
  }
  const afs = readAdmissionFairSharing(c, o.admissionFairSharing);
  if (afs) cfg.admissionFairSharing = afs;
  const w = c.map(o.waitForPodsReady, 'waitForPodsReady');
  if (w) {
    const enable = c.bool(w.enable, 'waitForPodsReady.enable') ?? true;
    if (!enable) cfg.waitForPodsReady = undefined;
    else {
      const timeout = c.duration(w.timeout, 'waitForPodsReady.timeout', 'positive', false, '30m');
      const rs = c.map(w.requeuingStrategy, 'waitForPodsReady.requeuingStrategy');
      cfg.waitForPodsReady = {
        timeoutUs: timeout ?? DEFAULT_WAIT_FOR_PODS_READY.timeoutUs,
        blockAdmission: c.bool(w.blockAdmission, 'waitForPodsReady.blockAdmission') ?? false,
        backoffBaseSeconds:
          c.int(rs?.backoffBaseSeconds, 'waitForPodsReady.requeuingStrategy.backoffBaseSeconds', { min: 0 }) ??
          DEFAULT_WAIT_FOR_PODS_READY.backoffBaseSeconds,
        backoffMaxSeconds:
          c.int(rs?.backoffMaxSeconds, 'waitForPodsReady.requeuingStrategy.backoffMaxSeconds', { min: 0 }) ??
          DEFAULT_WAIT_FOR_PODS_READY.backoffMaxSeconds,
      };
      const limit = c.int(rs?.backoffLimitCount, 'waitForPodsReady.requeuingStrategy.backoffLimitCount', { min: 0 });
      if (limit !== undefined) cfg.waitForPodsReady.backoffLimitCount = limit;
    }
  }
}
