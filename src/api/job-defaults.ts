// batch/v1 Job defaulting, applied on create, as the apiserver does it for a Job (pkg/apis/batch/v1/defaults.go
// SetDefaults_Job and SetDefaults_PodFailurePolicyOnPodConditionsPattern, plus the core/v1 SetDefaults_PodSpec that
// the generated SetObjectDefaults_Job runs on the pod template).
import type { JobSpec } from './batch.js';
import { mergeMaps } from './clone.js';

export const MAX_INT32 = 2147483647;

export interface JobDefaultingOptions {
  /**
   * Simulation feature gates. `JobPodReplacementPolicy` (beta and on by default since 1.29, GA in 1.34) guards the
   * podReplacementPolicy default; it is on unless set to false here.
   */
  featureGates?: Record<string, boolean>;
}

/**
 * Defaults a JobSpec in place. What upstream does, field by field:
 * - completions and parallelism both unset → both 1; otherwise parallelism unset → 1 (completions stays unset: a
 *   work-queue Job);
 * - backoffLimit unset → MaxInt32 when backoffLimitPerIndex is set, else 6;
 * - completionMode → NonIndexed; suspend → false;
 * - podReplacementPolicy (gate JobPodReplacementPolicy) → Failed when a podFailurePolicy is set, else
 *   TerminatingOrFailed;
 * - every podFailurePolicy onPodConditions pattern without a status → status True;
 * - the pod template's restartPolicy → Always (core/v1 SetDefaults_PodSpec applies to every PodSpec, templates
 *   included). Always is not valid for a Job: validation then reports
 *   `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`, so a Job must set
 *   OnFailure or Never itself. Upstream never defaults it to Never.
 *
 * Not modelled: manualSelector → false (JobSpec has no manualSelector field), the selector and pod-template labels the
 * apiserver generates on create, and the rest of SetDefaults_PodSpec (dnsPolicy, schedulerName, securityContext,
 * terminationGracePeriodSeconds 30; the kubelet here reads an unset grace period as 30).
 */
export function defaultJobSpec(spec: JobSpec, opts: JobDefaultingOptions = {}): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  if (opts.featureGates?.JobPodReplacementPolicy !== false) {
    spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  }
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) {
      // The Go default applies to the empty string, which is how an unset status decodes.
      if (!pattern.status) pattern.status = 'True';
    }
  }
  // core/v1 SetDefaults_PodSpec on spec.template.spec.
  if (!spec.template.spec.restartPolicy) spec.template.spec.restartPolicy = 'Always';
}

/**
 * Defaults a whole Job: defaultJobSpec, plus SetDefaults_Job's metadata rule: a Job without labels takes the pod
 * template's labels (when the template has a labels map).
 */
export function defaultJob(
  job: { metadata: { labels?: Record<string, string> }; spec: JobSpec },
  opts: JobDefaultingOptions = {},
): void {
  const templateLabels = job.spec.template.metadata?.labels;
  if (templateLabels !== undefined && Object.keys(job.metadata.labels ?? {}).length === 0) {
    job.metadata.labels = mergeMaps(templateLabels);
  }
  defaultJobSpec(job.spec, opts);
}
