// batch/v1 Job defaulting (pkg/apis/batch/v1/defaults.go upstream), applied on create.
import type { JobSpec } from './batch.js';

export const MAX_INT32 = 2147483647;

export function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.completionMode ??= 'NonIndexed';
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.suspend ??= false;
  for (const r of spec.podFailurePolicy?.rules ?? []) {
    for (const c of r.onPodConditions ?? []) c.status ??= 'True';
  }
  spec.template.spec.restartPolicy ??= 'Never';
}
