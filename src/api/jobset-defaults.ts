// JobSet defaulting on create, in the apiserver's order:
//  1. the CRD's OpenAPI defaults (config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml), applied while the
//     request is decoded: replicatedJobs[].groupName "default", replicatedJobs[].replicas 1,
//     failurePolicy.restartStrategy Recreate, volumeClaimPolicies[].retentionPolicy.whenDeleted Delete;
//  2. the mutating webhook (pkg/webhooks/jobset_webhook.go Default), on CREATE only.
//
// The webhook's Default() does exactly this and nothing more: successPolicy {All} (targetReplicatedJobs stays
// unset), startupPolicy AnyOrder, Job completionMode Indexed, pod restartPolicy OnFailure (also when it is the empty
// string), network.enableDNSHostnames and network.publishNotReadyAddresses true, empty failure policy rule names
// `failurePolicyRule<i>`, and volumeClaimPolicies[].retentionPolicy {whenDeleted: Delete}. It leaves managedBy,
// failurePolicy.maxRestarts, podReplacementPolicy, backoffLimit, parallelism and completions alone (the Job
// defaults, src/api/job-defaults.ts, apply later to each child Job).
//
// A CRD default fills only an absent field: an explicit `replicas: 0` or `groupName: ''` is kept (and the
// empty group name is then rejected by validation). Go clients cannot send `replicas: 0`, since the field is
// `omitempty`: the server turns it into 1.
import type { JobSet, JobSetSpec } from './jobset.js';

/** spec.volumeClaimPolicies[] (not modelled in JobSetSpec; defaulted when a scenario carries it). */
interface VolumeClaimPolicy {
  templates?: unknown[];
  retentionPolicy?: { whenDeleted?: 'Delete' | 'Retain' };
}

export function defaultJobSet(js: JobSet): void {
  const s = js.spec as JobSetSpec & { volumeClaimPolicies?: VolumeClaimPolicy[] };
  const rjobs = s.replicatedJobs ?? [];

  // 1. CRD defaults.
  for (const rj of rjobs) {
    rj.groupName ??= 'default';
    rj.replicas ??= 1;
  }
  if (s.failurePolicy) s.failurePolicy.restartStrategy ??= 'Recreate';
  for (const p of s.volumeClaimPolicies ?? []) {
    if (p.retentionPolicy) p.retentionPolicy.whenDeleted ??= 'Delete';
  }

  // 2. The mutating webhook.
  s.successPolicy ??= { operator: 'All' };
  s.startupPolicy ??= { startupPolicyOrder: 'AnyOrder' };
  for (const rj of rjobs) {
    const job = rj.template.spec;
    job.completionMode ??= 'Indexed';
    if (!job.template.spec.restartPolicy) job.template.spec.restartPolicy = 'OnFailure';
  }
  s.network ??= {};
  s.network.enableDNSHostnames ??= true;
  s.network.publishNotReadyAddresses ??= true;
  (s.failurePolicy?.rules ?? []).forEach((r, i) => {
    if (!r.name) r.name = `failurePolicyRule${i}`;
  });
  for (const p of s.volumeClaimPolicies ?? []) p.retentionPolicy ??= { whenDeleted: 'Delete' };

  // Not a default: status.restarts is always serialized (`json:"restarts"`), so a new object reads 0.
  js.status ??= { restarts: 0 };
  js.status.restarts ??= 0;
}
