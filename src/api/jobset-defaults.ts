// JobSet defaulting: the CRD defaults and the mutating webhook (pkg/webhooks/jobset_webhook.go Default),
// applied on create.
import type { JobSet } from './jobset.js';

export function defaultJobSet(js: JobSet): void {
  const s = js.spec;
  s.successPolicy ??= { operator: 'All', targetReplicatedJobs: [] };
  s.successPolicy.targetReplicatedJobs ??= [];
  s.startupPolicy ??= { startupPolicyOrder: 'AnyOrder' };
  s.network ??= {};
  s.network.enableDNSHostnames ??= true;
  s.network.publishNotReadyAddresses ??= true;
  if (s.failurePolicy) {
    s.failurePolicy.restartStrategy ??= 'Recreate';
    s.failurePolicy.maxRestarts ??= 0;
    (s.failurePolicy.rules ?? []).forEach((r, i) => {
      if (!r.name) r.name = `failurePolicyRule${i}`;
    });
  }
  for (const rj of s.replicatedJobs) {
    rj.groupName ??= 'default';
    rj.replicas ??= 1;
    const job = rj.template.spec;
    job.completionMode ??= 'Indexed';
    job.template.spec.restartPolicy ??= 'OnFailure';
  }
  js.status ??= { restarts: 0 };
  js.status.restarts ??= 0;
}
