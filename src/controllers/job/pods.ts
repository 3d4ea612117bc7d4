// Pods from a Job's template (the Job controller's podTemplate + indexed_job_utils upstream).
import type { Job } from '../../api/batch.js';
import type { Pod } from '../../api/core.js';
import { BATCH } from '../../api/jobset.js';
import type { NewObject } from '../../api/meta.js';

export function isIndexed(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

export function podIndex(p: Pod): number | undefined {
  const v = p.metadata.annotations?.[BATCH.completionIndex];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A new pod for the Job; `index` for Indexed Jobs. */
export function newPodForJob(job: Job, index: number | undefined): NewObject<Pod> {
  const tpl = structuredClone(job.spec.template);
  const ns = job.metadata.namespace ?? 'default';
  const labels: Record<string, string> = {
    ...(tpl.metadata?.labels ?? {}),
    [BATCH.controllerUid]: job.metadata.uid,
    [BATCH.jobName]: job.metadata.name,
    [BATCH.legacyControllerUid]: job.metadata.uid,
    [BATCH.legacyJobName]: job.metadata.name,
  };
  const annotations: Record<string, string> = { ...(tpl.metadata?.annotations ?? {}) };
  let generateName = `${job.metadata.name}-`;
  if (index !== undefined) {
    labels[BATCH.completionIndex] = String(index);
    annotations[BATCH.completionIndex] = String(index);
    generateName = `${job.metadata.name}-${index}-`;
    tpl.spec.hostname ??= `${job.metadata.name}-${index}`;
  }
  if (generateName.length > 58) generateName = generateName.slice(0, 58);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: ns,
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.metadata.name,
          uid: job.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: tpl.spec,
    status: { phase: 'Pending' },
  };
}
