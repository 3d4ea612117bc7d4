// Validation of the Kueue objects without a webhook: LocalQueue, WorkloadPriorityClass, Topology, AdmissionCheck
// (CRD schema and CEL rules only).
import { HOSTNAME_LABEL, type LocalQueue, type Topology, type WorkloadPriorityClass } from '../api.js';
import { STOP_POLICIES } from './cluster-queue.js';
import {
  CEL_TOPOLOGY_HOSTNAME_MSG,
  CEL_TOPOLOGY_MUTABLE_MSG,
  CEL_TOPOLOGY_UNIQUE_MSG,
  DNS_SUBDOMAIN_PATTERN,
  Errors,
  type FieldError,
  NODE_LABEL_PATTERN,
  POD_SET_NAME_PATTERN,
  withCel,
} from './field-errors.js';

// ---------------------------------------------------------------------------------------------------------------
// LocalQueue, WorkloadPriorityClass, Topology (no webhook).

export function validateLocalQueue(lq: Pick<LocalQueue, 'spec'>): FieldError[] {
  const e = new Errors('schema');
  const s = lq.spec ?? ({} as Partial<LocalQueue['spec']>);
  e.string('spec.clusterQueue', s.clusterQueue, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
  e.quantity('spec.fairSharing.weight', s.fairSharing?.weight);
  e.enumOf('spec.stopPolicy', s.stopPolicy, STOP_POLICIES);
  return withCel(e.list, () => []);
}

/** The CEL `self == oldSelf` on spec.clusterQueue. */
export function validateLocalQueueUpdate(oldLq: Pick<LocalQueue, 'spec'>, lq: Pick<LocalQueue, 'spec'>): FieldError[] {
  const errs = validateLocalQueue(lq);
  if (errs.length === 0 && oldLq.spec?.clusterQueue !== undefined && lq.spec?.clusterQueue !== undefined) {
    if (oldLq.spec.clusterQueue !== lq.spec.clusterQueue) {
      errs.push({ path: 'spec.clusterQueue', message: 'field is immutable', type: 'Invalid', source: 'cel' });
    }
  }
  return errs;
}

export function validateWorkloadPriorityClass(wpc: Pick<WorkloadPriorityClass, 'value' | 'description'>): FieldError[] {
  const e = new Errors('schema');
  if (wpc.value === undefined) e.required('value');
  e.string('description', wpc.description, { maxLength: 2048 });
  return withCel(e.list, () => []);
}

export function validateTopology(t: Pick<Topology, 'spec'>): FieldError[] {
  const e = new Errors('schema');
  const levels = t.spec?.levels;
  if (t.spec !== undefined && levels === undefined) e.required('spec.levels');
  e.items('spec.levels', levels, 1, 16);
  (levels ?? []).forEach((l, i) => {
    if (l.nodeLabel === undefined) e.required(`spec.levels[${i}].nodeLabel`);
    e.string(`spec.levels[${i}].nodeLabel`, l.nodeLabel, { minLength: 1, maxLength: 316, pattern: NODE_LABEL_PATTERN });
  });
  return withCel(e.list, () => {
    const c = new Errors('cel');
    const labels = (levels ?? []).map((l) => l.nodeLabel);
    if (labels.some((x, i) => labels.indexOf(x) !== i)) c.invalid('spec.levels', CEL_TOPOLOGY_UNIQUE_MSG);
    if (labels.includes(HOSTNAME_LABEL) && labels[labels.length - 1] !== HOSTNAME_LABEL) {
      c.invalid('spec.levels', CEL_TOPOLOGY_HOSTNAME_MSG);
    }
    return c.list;
  });
}

/** Create rules plus the levels transition rule (`self == oldSelf || hostname is last before and after`). */
export function validateTopologyUpdate(oldT: Pick<Topology, 'spec'>, t: Pick<Topology, 'spec'>): FieldError[] {
  const errs = validateTopology(t);
  if (errs.some((x) => x.source === 'schema')) return errs;
  const a = (oldT.spec?.levels ?? []).map((l) => l.nodeLabel);
  const b = (t.spec?.levels ?? []).map((l) => l.nodeLabel);
  const same = a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same && !(a[a.length - 1] === HOSTNAME_LABEL && b[b.length - 1] === HOSTNAME_LABEL)) {
    errs.push({ path: 'spec.levels', message: CEL_TOPOLOGY_MUTABLE_MSG, type: 'Invalid', source: 'cel' });
  }
  return errs;
}

/**
 * AdmissionCheck (admissioncheck_types.go; no webhook): spec.controllerName required, 1..253 chars;
 * spec.parameters' apiGroup (DNS subdomain, ≤253), kind (≤63, `^(?i)[a-z]([-a-z0-9]*[a-z0-9])?$`) and name
 * (DNS label, ≤63), each required with minLength 1 when parameters is given.
 */
export function validateAdmissionCheck(ac: {
  spec?: { controllerName?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}): FieldError[] {
  const e = new Errors('schema');
  if (ac.spec?.controllerName === undefined) e.required('spec.controllerName');
  e.string('spec.controllerName', ac.spec?.controllerName, { minLength: 1, maxLength: 253 });
  const p = ac.spec?.parameters;
  if (p) {
    const base = 'spec.parameters';
    for (const f of ['apiGroup', 'kind', 'name'] as const) if (p[f] === undefined) e.required(`${base}.${f}`);
    e.string(`${base}.apiGroup`, p.apiGroup, { minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
    e.string(`${base}.kind`, p.kind, { minLength: 1, maxLength: 63 });
    // Go's (?i) flag is not JavaScript's: the test is case-insensitive, the message quotes the CRD's pattern.
    if (p.kind !== undefined && p.kind !== '' && !/^[a-z]([-a-z0-9]*[a-z0-9])?$/i.test(p.kind)) {
      e.invalid(`${base}.kind`, `${base}.kind in body should match '^(?i)[a-z]([-a-z0-9]*[a-z0-9])?$'`);
    }
    e.string(`${base}.name`, p.name, { minLength: 1, maxLength: 63, pattern: POD_SET_NAME_PATTERN });
  }
  return withCel(e.list, () => []);
}
