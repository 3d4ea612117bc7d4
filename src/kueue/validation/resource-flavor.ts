// Validation of ResourceFlavor (resourceflavor_webhook.go and its CRD schema).
import type { Taint } from '../../api/core.js';
import { labelKeyErrors, labelValueErrors } from '../../api/selectors.js';
import type { ResourceFlavor } from '../api.js';
import {
  bothGates,
  CEL_TOPOLOGY_NODE_LABELS_MSG,
  DNS_SUBDOMAIN_PATTERN,
  DUPLICATE_TAINT_MSG,
  Errors,
  type FieldError,
  TAINT_EFFECTS_MSG,
  TOLERATION_CEL,
  validateLabels,
  withCel,
} from './field-errors.js';

// ---------------------------------------------------------------------------------------------------------------
// ResourceFlavor.

export function validateResourceFlavorSchema(rf: Pick<ResourceFlavor, 'spec'>): FieldError[] {
  const e = new Errors('schema');
  const s = rf.spec ?? {};
  if (s.nodeLabels && Object.keys(s.nodeLabels).length > 8) e.tooMany('spec.nodeLabels', 8);
  e.items('spec.nodeTaints', s.nodeTaints, 0, 8);
  (s.nodeTaints ?? []).forEach((t: Partial<Taint>, i) => {
    if (t.effect === undefined) e.required(`spec.nodeTaints[${i}].effect`);
    if (t.key === undefined) e.required(`spec.nodeTaints[${i}].key`);
  });
  e.items('spec.tolerations', s.tolerations, 0, 8);
  e.string('spec.topologyName', s.topologyName, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
  return withCel(e.list, () => {
    const c = new Errors('cel');
    if (!(s.nodeTaints ?? []).every((t) => ['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))) {
      c.invalid('spec.nodeTaints', TAINT_EFFECTS_MSG);
    }
    for (const [msg, ok] of TOLERATION_CEL) if (!(s.tolerations ?? []).every(ok)) c.invalid('spec.tolerations', msg);
    // `!has(self.topologyName) || self.nodeLabels.size() >= 1`.
    if (s.topologyName !== undefined && Object.keys(s.nodeLabels ?? {}).length < 1)
      c.invalid('spec', CEL_TOPOLOGY_NODE_LABELS_MSG);
    return c.list;
  });
}

/** ValidateResourceFlavor (resourceflavor_webhook.go). */
export function validateResourceFlavorWebhook(rf: Pick<ResourceFlavor, 'spec'>): FieldError[] {
  const e = new Errors('webhook');
  const s = rf.spec ?? {};
  validateLabels(e, s.nodeLabels, 'spec.nodeLabels');
  const unique = new Map<string, Set<string>>();
  (s.nodeTaints ?? []).forEach((t, i) => {
    const p = `spec.nodeTaints[${i}]`;
    for (const m of labelKeyErrors(t.key ?? '')) e.invalid(`${p}.key`, m);
    const valueErrs = labelValueErrors(t.value ?? '');
    if (valueErrs.length) e.invalid(`${p}.value`, valueErrs.join(';'));
    const keys = unique.get(t.effect) ?? new Set<string>();
    if (keys.has(t.key)) {
      e.duplicate(p, DUPLICATE_TAINT_MSG);
      return;
    }
    keys.add(t.key);
    unique.set(t.effect, keys);
  });
  (s.tolerations ?? []).forEach((t, i) => {
    if (t.key) for (const m of labelKeyErrors(t.key)) e.invalid(`spec.tolerations[${i}].key`, m);
  });
  return e.list;
}

export function validateResourceFlavor(rf: Pick<ResourceFlavor, 'spec'>): FieldError[] {
  return bothGates(validateResourceFlavorSchema(rf), () => validateResourceFlavorWebhook(rf));
}
