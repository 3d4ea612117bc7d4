// Validation of Workload (workload_webhook.go and its CRD schema).
import { labelKeyErrors } from '../../api/selectors.js';
import { type PodSetTopologyRequest, type Quantity, WORKLOAD_CONDITION, type Workload } from '../api.js';
import { quotaAmount } from '../quota.js';
import {
  bothGates,
  CEL_MIN_COUNT_MSG,
  CEL_PRIORITY_MSG,
  DNS_SUBDOMAIN_PATTERN,
  Errors,
  type FieldError,
  IS_NEGATIVE_MSG,
  isNegative,
  POD_SET_NAME_PATTERN,
  validateAnnotations,
  validateLabels,
  withCel,
} from './field-errors.js';

// ---------------------------------------------------------------------------------------------------------------
// Workload.

function schemaTopologyRequest(e: Errors, tr: PodSetTopologyRequest | undefined, p: string): void {
  if (!tr) return;
  e.string(`${p}.required`, tr.required, { maxLength: 63 });
  e.string(`${p}.preferred`, tr.preferred, { maxLength: 63 });
  e.string(`${p}.podIndexLabel`, tr.podIndexLabel, { maxLength: 317 });
  e.string(`${p}.subGroupIndexLabel`, tr.subGroupIndexLabel, { maxLength: 317 });
  e.minimum(`${p}.subGroupCount`, tr.subGroupCount, 0);
  e.string(`${p}.podSetGroupName`, tr.podSetGroupName, { maxLength: 256 });
  e.string(`${p}.podSetSliceRequiredTopology`, tr.podSetSliceRequiredTopology, { maxLength: 63 });
  e.minimum(`${p}.podSetSliceSize`, tr.podSetSliceSize, 1);
  const cs = tr.podsetSliceRequiredTopologyConstraints;
  e.items(`${p}.podsetSliceRequiredTopologyConstraints`, cs, 0, 3);
  (cs ?? []).forEach((c, i) => {
    const cp = `${p}.podsetSliceRequiredTopologyConstraints[${i}]`;
    e.string(`${cp}.topology`, c.topology, { minLength: 1, maxLength: 63 });
    e.minimum(`${cp}.size`, c.size, 1);
  });
}

export function validateWorkloadSchema(wl: Pick<Workload, 'spec' | 'status'>): FieldError[] {
  const e = new Errors('schema');
  const s = wl.spec ?? ({} as Partial<Workload['spec']>);
  e.minimum('spec.maximumExecutionTimeSeconds', s.maximumExecutionTimeSeconds, 1);
  const podSets = s.podSets;
  e.items('spec.podSets', podSets, 1, 18);
  (podSets ?? []).forEach((ps, i) => {
    const p = `spec.podSets[${i}]`;
    e.minimum(`${p}.count`, ps.count, 0);
    e.minimum(`${p}.minCount`, ps.minCount, 1);
    e.string(`${p}.name`, ps.name, { maxLength: 63, pattern: POD_SET_NAME_PATTERN });
    schemaTopologyRequest(e, ps.topologyRequest, `${p}.topologyRequest`);
  });
  e.mapKeys(
    'spec.podSets',
    (podSets ?? []).map((ps) => ({ name: ps.name ?? 'main' })),
  );
  e.items('spec.preemptionGates', s.preemptionGates, 0, 8);
  (s.preemptionGates ?? []).forEach((g, i) => {
    e.string(`spec.preemptionGates[${i}].name`, g.name, { minLength: 1, maxLength: 63 });
  });
  const ref = s.priorityClassRef;
  if (ref) {
    e.enumOf('spec.priorityClassRef.group', ref.group, ['kueue.x-k8s.io', 'scheduling.k8s.io']);
    e.enumOf('spec.priorityClassRef.kind', ref.kind, ['WorkloadPriorityClass', 'PriorityClass']);
    e.string('spec.priorityClassRef.name', ref.name, { minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
  }
  return withCel(e.list, () => {
    const c = new Errors('cel');
    const reserved = (wl.status?.conditions ?? []).some(
      (x) => x.type === WORKLOAD_CONDITION.QuotaReserved && x.status === 'True',
    );
    if (reserved && wl.status?.admission && (s.podSets ?? []).length !== wl.status.admission.podSetAssignments.length) {
      c.invalid('', 'podSetAssignments must have the same number of podSets as the spec');
    }
    if (s.priorityClassRef && s.priority === undefined) c.invalid('spec', CEL_PRIORITY_MSG);
    if (ref?.group === 'scheduling.k8s.io' && ref.kind !== 'PriorityClass') {
      c.invalid('spec.priorityClassRef', 'only the PriorityClass kind is allowed for the scheduling.k8s.io group');
    }
    if (ref?.group === 'kueue.x-k8s.io' && ref.kind !== 'WorkloadPriorityClass') {
      c.invalid('spec.priorityClassRef', 'only the WorkloadPriorityClass kind is allowed for the kueue.x-k8s.io group');
    }
    (s.podSets ?? []).forEach((ps, i) => {
      if (ps.minCount !== undefined && ps.minCount > (ps.count ?? 1))
        c.invalid(`spec.podSets[${i}]`, CEL_MIN_COUNT_MSG);
    });
    return c.list;
  });
}

/** validateResourceList: the reserved `pods` key and (WorkloadValidateResourcesAreNonNegative, on) negatives. */
function webhookResourceList(e: Errors, list: Record<string, Quantity> | undefined, path: string): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name === 'pods') e.invalid(`${path}[${name}]`, 'the key is reserved for internal kueue use');
    if (isNegative(q)) e.invalid(`${path}[${name}]`, IS_NEGATIVE_MSG);
  }
}

/** ValidateWorkload (workload_webhook.go) on create, with the gates of this commit's defaults. */
export function validateWorkloadWebhook(wl: Pick<Workload, 'spec' | 'status'>): FieldError[] {
  const e = new Errors('webhook');
  const s = wl.spec;
  let variableCount = 0;
  (s.podSets ?? []).forEach((ps, i) => {
    const p = `spec.podSets[${i}]`;
    // WorkloadValidationForPodSetMetadata (on).
    validateLabels(e, ps.template?.metadata?.labels, `${p}.template.metadata.labels`);
    validateAnnotations(e, ps.template?.metadata?.annotations, `${p}.template.metadata.annotations`);
    const pod = ps.template?.spec;
    (pod?.initContainers ?? []).forEach((c, k) => {
      webhookResourceList(e, c.resources?.requests, `${p}.template.spec.initContainers[${k}].resources.requests`);
      webhookResourceList(e, c.resources?.limits, `${p}.template.spec.initContainers[${k}].resources.limits`);
    });
    (pod?.containers ?? []).forEach((c, k) => {
      webhookResourceList(e, c.resources?.requests, `${p}.template.spec.containers[${k}].resources.requests`);
      webhookResourceList(e, c.resources?.limits, `${p}.template.spec.containers[${k}].resources.limits`);
    });
    const podRes = pod?.resources as
      | { requests?: Record<string, Quantity>; limits?: Record<string, Quantity> }
      | undefined;
    if (podRes) {
      webhookResourceList(e, podRes.requests, `${p}.template.spec.resources.requests`);
      webhookResourceList(e, podRes.limits, `${p}.template.spec.resources.limits`);
    }
    // TASValidateWorkloadSliceSize (on).
    const tr = ps.topologyRequest;
    if (tr) {
      const tp = `${p}.topologyRequest`;
      if (tr.podSetSliceRequiredTopology !== undefined) {
        if (tr.podSetSliceSize === undefined) {
          e.required(`${tp}.podSetSliceSize`, 'must be set when podSetSliceRequiredTopology is specified');
        } else if (tr.podSetSliceSize <= 0) e.invalid(`${tp}.podSetSliceSize`, 'must be greater than 0');
      }
      if (tr.podSetSliceRequiredTopology === undefined && tr.podSetSliceSize !== undefined) {
        e.forbidden(`${tp}.podSetSliceSize`, 'may not be set when podSetSliceRequiredTopology is not specified');
      }
      (tr.podsetSliceRequiredTopologyConstraints ?? []).forEach((c, k) => {
        if (c.size <= 0) e.invalid(`${tp}.podsetSliceRequiredTopologyConstraints[${k}].size`, 'must be greater than 0');
      });
    }
    if (ps.minCount !== undefined) variableCount++;
  });
  if (variableCount > 1) e.invalid('spec.podSets', 'at most one podSet can use minCount');

  const st = wl.status ?? {};
  const reserved = (st.conditions ?? []).some(
    (c) => c.type === WORKLOAD_CONDITION.QuotaReserved && c.status === 'True',
  );
  if (reserved) {
    if (!st.admission) e.required('status.admission', 'must be set while the QuotaReserved condition is true');
    else {
      const names = new Set((s.podSets ?? []).map((ps) => ps.name ?? 'main'));
      st.admission.podSetAssignments.forEach((psa, i) => {
        const p = `status.admission.podSetAssignments[${i}]`;
        if (!names.has(psa.name)) e.notFound(`${p}.name`);
        const count = psa.count ?? 0;
        if (count > 0) {
          for (const [k, v] of Object.entries(psa.resourceUsage ?? {})) {
            // resources.ResourceValue: milli for cpu, whole units otherwise.
            let value: number;
            try {
              value = k === 'cpu' ? quotaAmount(v) : Math.ceil(quotaAmount(v) / 1000);
            } catch {
              continue;
            }
            // Upstream formats the *int32 pointer with %d (it prints an address); the count is what it means.
            if (value % count !== 0) e.invalid(`${p}.resourceUsage[${k}]`, `is not a multiple of ${count}`);
          }
        }
      });
    }
  }
  const podSetCount = new Map((s.podSets ?? []).map((ps) => [ps.name ?? 'main', ps.count ?? 1]));
  for (const rp of st.reclaimablePods ?? []) {
    const p = `status.reclaimablePods[${rp.name}]`;
    const count = podSetCount.get(rp.name);
    if (count === undefined) e.notSupported(`${p}.name`, [...podSetCount.keys()]);
    else if (rp.count > count) e.invalid(`${p}.count`, `should be less or equal to ${count}`);
  }
  (st.admissionChecks ?? []).forEach((ac, i) => {
    (ac.podSetUpdates ?? []).forEach((u, j) => {
      const p = `status.admissionChecks[${i}].podSetUpdates[${j}]`;
      if (!podSetCount.has(u.name)) e.notSupported(`${p}.name`, [...podSetCount.keys()].sort());
      (u.tolerations ?? []).forEach((t, k) => {
        if (t.key) for (const m of labelKeyErrors(t.key)) e.invalid(`${p}.tolerations[${k}].key`, m);
      });
      validateAnnotations(e, u.annotations, `${p}.annotations`);
      validateLabels(e, u.nodeSelector, `${p}.nodeSelector`);
      validateLabels(e, u.labels, `${p}.labels`);
    });
  });
  return e.list;
}

export function validateWorkload(wl: Pick<Workload, 'spec' | 'status'>): FieldError[] {
  return bothGates(validateWorkloadSchema(wl), () => validateWorkloadWebhook(wl));
}
