// Admission validation of the Kueue objects of spec §1, as a client of the apiserver sees it (kueue ff69552e).
//
// A create passes two gates, and the first that finds problems answers alone:
//  1. the apiserver: the CRD's OpenAPI schema (config/components/crd/bases/*.yaml, generated from the
//     +kubebuilder markers in apis/kueue/v1beta2/*_types.go: required, enum, minItems/maxItems, maxLength, pattern,
//     minimum, list-map keys), then its CEL rules (x-kubernetes-validations). CEL is skipped, with a fieldless note,
//     when the schema found a Required, Unsupported, Too long or Too many error (as src/api/jobset-validation.ts).
//  2. the validating webhook (pkg/webhooks/{clusterqueue,cohort,resourceflavor,workload}_webhook.go, common.go).
//     LocalQueue, WorkloadPriorityClass and Topology have no webhook.
// validateX runs both gates; validateXSchema (schema + CEL) and validateXWebhook (what upstream's unit tests call)
// run one each. Inputs are validated as given, reading CRD defaults (queueingStrategy, preemption policies,
// flavorFungibility, podSet name/count) where a field is absent, since the apiserver applies them first.
//
// Messages: `message` is the upstream field.Error detail, or, for an error without one, its type text
// ("Duplicate value", "Required value"), never the "Invalid value: <v>: " prefix; `path` is upstream's field path
// (`spec.resourceGroups[0].flavors[1].resources[0].nominalQuota`, map keys as `[key]`). OpenAPI texts are
// go-openapi's ("<path> in body should have at least 1 items"), CEL texts the rule's message. Errors come in
// upstream's order within each gate (schema errors in field order, as upstream's order is unspecified).
// Not modelled: object metadata, ClusterQueue concurrentAdmissionPolicy (gate ConcurrentAdmission off),
// Workload status.conditions (metav1 ValidateConditions), the elastic-workload and AdmissionGatedBy rules, and
// update rules other than Topology levels'.
import type { LabelSelector, Taint, Toleration } from '../api/core.js';
import { labelKeyErrors, labelValueErrors } from '../api/selectors.js';
import {
  type ClusterQueue,
  type Cohort,
  type FairSharing,
  HOSTNAME_LABEL,
  type LocalQueue,
  type PodSetTopologyRequest,
  type Quantity,
  type ResourceFlavor,
  type ResourceGroup,
  type Topology,
  WORKLOAD_CONDITION,
  type Workload,
  type WorkloadPriorityClass,
} from './api.js';
import { quotaAmount } from './quota.js';

export type FieldErrorType =
  | 'Invalid'
  | 'Required'
  | 'Duplicate'
  | 'NotSupported'
  | 'NotFound'
  | 'TooLong'
  | 'TooMany'
  | 'Forbidden';

/** Which gate found the problem. */
export type ValidationSource = 'schema' | 'cel' | 'webhook';

export interface FieldError {
  path: string;
  message: string;
  type: FieldErrorType;
  source: ValidationSource;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  NotFound: 'Not found',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Forbidden: 'Forbidden',
};

// Upstream texts.
/** apimachinery api/validation IsNegativeErrorMsg. */
export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';
/** clusterqueue_webhook.go limitIsEmptyErrorMsgTemplate / lendingLimitErrorMsg. */
export const LIMIT_NIL_WITHOUT_COHORT_MSG = 'must be nil when cohort is empty';
export const LIMIT_NIL_WITHOUT_PARENT_MSG = 'must be nil when parent is empty';
export const LENDING_LIMIT_MSG = 'must be less than or equal to the nominalQuota';
export const MATCH_COVERED_RESOURCES_MSG = 'must match the name in coveredResources';
/** clusterqueue_webhook.go validatePreemption; the CEL rule on ClusterQueuePreemption has the same message. */
export const RECLAIM_NEVER_BORROW_MSG = 'reclaimWithinCohort=Never and borrowWithinCohort.Policy!=Never';
/** common.go validateFairSharing. */
export const WEIGHT_TOO_SMALL_MSG = 'When not 0, weight must be > 10e-9';
/** resourceflavor_webhook.go validateNodeTaints. */
export const DUPLICATE_TAINT_MSG = 'taints must be unique by key and effect pair';
// CEL messages (x-kubernetes-validations).
export const CEL_BORROWING_LIMIT_MSG = 'borrowingLimit must be nil when cohort is empty';
export const CEL_FLAVOR_RESOURCES_MSG = 'flavors must have the same number of resources as the coveredResources';
export const CEL_PREFERENCE_MSG =
  'preference can only be set when both whenCanBorrow and whenCanPreempt are TryNextFlavor';
export const CEL_TOPOLOGY_NODE_LABELS_MSG = 'at least one nodeLabel is required when topology is set';
export const CEL_TOPOLOGY_UNIQUE_MSG = 'must be unique';
export const CEL_TOPOLOGY_HOSTNAME_MSG =
  'the kubernetes.io/hostname label can only be used at the lowest level of topology';
export const CEL_TOPOLOGY_MUTABLE_MSG =
  'levels are mutable only when kubernetes.io/hostname is the lowest level both before and after the change';
export const CEL_MIN_COUNT_MSG = 'minCount should be positive and less or equal to count';
export const CEL_PRIORITY_MSG = 'priority should not be nil when priorityClassRef is set';
export const CEL_SKIPPED_MSG =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const TAINT_EFFECTS_MSG = "supported taint effect values: 'NoSchedule', 'PreferNoSchedule', 'NoExecute'";
const TOLERATION_CEL: readonly [string, (t: Toleration) => boolean][] = [
  [
    "operator must be Exists when 'key' is empty, which means 'match all values and all keys'",
    (t) => t.key !== undefined || t.operator === 'Exists',
  ],
  [
    "effect must be 'NoExecute' when 'tolerationSeconds' is set",
    (t) => t.tolerationSeconds === undefined || t.effect === 'NoExecute',
  ],
  [
    "supported toleration values: 'Equal'(default), 'Exists'",
    (t) => t.operator === undefined || ['Equal', 'Exists'].includes(t.operator),
  ],
  ["a value must be empty when 'operator' is 'Exists'", (t) => t.operator !== 'Exists' || t.value === undefined],
  [
    TAINT_EFFECTS_MSG,
    (t) => t.effect === undefined || ['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect),
  ],
];

// Patterns of the CRD schema.
const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const POD_SET_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const NODE_LABEL_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const BLOCKING: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'NotSupported',
  'Required',
  'TooLong',
  'TooMany',
]);

// ---------------------------------------------------------------------------------------------------------------
// field.Error builders.

class Errors {
  readonly list: FieldError[] = [];
  constructor(private readonly source: ValidationSource) {}
  private add(type: FieldErrorType, path: string, detail: string): void {
    this.list.push({ path, message: detail || TYPE_TEXT[type], type, source: this.source });
  }
  invalid(path: string, detail: string): void {
    this.add('Invalid', path, detail);
  }
  required(path: string, detail = ''): void {
    this.add('Required', path, detail);
  }
  duplicate(path: string, detail = ''): void {
    this.add('Duplicate', path, detail);
  }
  forbidden(path: string, detail: string): void {
    this.add('Forbidden', path, detail);
  }
  notFound(path: string): void {
    this.add('NotFound', path, '');
  }
  notSupported(path: string, allowed: readonly string[]): void {
    this.add(
      'NotSupported',
      path,
      allowed.length ? `supported values: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : '',
    );
  }
  tooMany(path: string, max: number): void {
    this.add('TooMany', path, `must have at most ${max} items`);
  }
  tooLong(path: string, max: number): void {
    this.add('TooLong', path, `may not be more than ${max} bytes`);
  }

  // OpenAPI keywords, in go-openapi's wording.
  enumOf(path: string, v: string | undefined, allowed: readonly string[]): void {
    if (v !== undefined && !allowed.includes(v)) this.notSupported(path, allowed);
  }
  items(path: string, list: readonly unknown[] | undefined, min: number, max: number): void {
    if (list === undefined) return;
    if (list.length < min) this.invalid(path, `${path} in body should have at least ${min} items`);
    if (list.length > max) this.tooMany(path, max);
  }
  string(path: string, v: string | undefined, o: { minLength?: number; maxLength?: number; pattern?: string }): void {
    if (v === undefined) return;
    // kube-openapi counts runes (utf8.RuneCountInString); the TooLong text still says bytes.
    const runes = [...v].length;
    if (o.maxLength !== undefined && runes > o.maxLength) this.tooLong(path, o.maxLength);
    if (o.minLength !== undefined && runes < o.minLength) {
      this.invalid(path, `${path} in body should be at least ${o.minLength} chars long`);
    }
    if (o.pattern !== undefined && !new RegExp(o.pattern).test(v)) {
      this.invalid(path, `${path} in body should match '${o.pattern}'`);
    }
  }
  minimum(path: string, v: number | undefined, min: number): void {
    if (v !== undefined && v < min) this.invalid(path, `${path} in body should be greater than or equal to ${min}`);
  }
  quantity(path: string, v: Quantity | undefined): void {
    if (typeof v === 'string') this.string(path, v, { pattern: QUANTITY_PATTERN });
  }
  /** x-kubernetes-list-type: map keyed by name. */
  mapKeys(path: string, list: readonly { name?: string }[] | undefined): void {
    const seen = new Set<string>();
    (list ?? []).forEach((it, i) => {
      if (it.name === undefined) return;
      if (seen.has(it.name)) this.duplicate(`${path}[${i}]`);
      seen.add(it.name);
    });
  }
}

/** The apiserver answers alone when it finds anything; otherwise the webhook does. */
function bothGates(apiserver: FieldError[], webhook: () => FieldError[]): FieldError[] {
  return apiserver.length > 0 ? apiserver : webhook();
}

function withCel(schema: FieldError[], cel: () => FieldError[]): FieldError[] {
  if (schema.some((e) => BLOCKING.has(e.type))) {
    return [...schema, { path: '', message: CEL_SKIPPED_MSG, type: 'Invalid', source: 'cel' }];
  }
  return [...schema, ...cel()];
}

function isNegative(q: Quantity): boolean {
  try {
    return quotaAmount(q) < 0;
  } catch {
    return false; // the schema's pattern reports it
  }
}

/** metav1 validation.ValidateLabels: each key as a qualified name, each value as a label value, at `path`. */
function validateLabels(e: Errors, labels: Record<string, string> | undefined, path: string): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of labelKeyErrors(k)) e.invalid(path, m);
    for (const m of labelValueErrors(v)) e.invalid(path, m);
  }
}

/** metav1 validation.ValidateLabelSelector (label values in expressions validated). */
function validateLabelSelector(e: Errors, sel: LabelSelector | undefined, path: string): void {
  if (!sel) return;
  validateLabels(e, sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = r.values ?? [];
    const op: string = r.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) e.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        e.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      e.invalid(`${p}.operator`, 'not a valid selector operator');
    }
    for (const m of labelKeyErrors(r.key ?? '')) e.invalid(`${p}.key`, m);
    values.forEach((v, j) => {
      for (const m of labelValueErrors(v)) e.invalid(`${p}.values[${j}]`, m);
    });
  });
}

/** apimachinery api/validation ValidateAnnotations: qualified keys (lower-cased) and ≤256 KiB in total. */
function validateAnnotations(e: Errors, annotations: Record<string, string> | undefined, path: string): void {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of labelKeyErrors(k.toLowerCase())) e.invalid(path, m);
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (total > 256 * 1024) e.tooLong(path, 256 * 1024);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared: resource groups and fair sharing.

function schemaResourceGroups(e: Errors, groups: readonly ResourceGroup[] | undefined, path: string): void {
  if (groups === undefined) return;
  if (groups.length > 16) e.tooMany(path, 16);
  groups.forEach((rg, i) => {
    const p = `${path}[${i}]`;
    if (rg.coveredResources === undefined) e.required(`${p}.coveredResources`);
    e.items(`${p}.coveredResources`, rg.coveredResources, 1, 64);
    if (rg.flavors === undefined) e.required(`${p}.flavors`);
    e.items(`${p}.flavors`, rg.flavors, 1, 64);
    (rg.flavors ?? []).forEach((f, j) => {
      const fp = `${p}.flavors[${j}]`;
      if (f.name === undefined) e.required(`${fp}.name`);
      e.string(`${fp}.name`, f.name, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
      if (f.resources === undefined) e.required(`${fp}.resources`);
      e.items(`${fp}.resources`, f.resources, 1, 64);
      (f.resources ?? []).forEach((r, k) => {
        const rp = `${fp}.resources[${k}]`;
        if (r.name === undefined) e.required(`${rp}.name`);
        if (r.nominalQuota === undefined) e.required(`${rp}.nominalQuota`);
        e.quantity(`${rp}.nominalQuota`, r.nominalQuota);
        e.quantity(`${rp}.borrowingLimit`, r.borrowingLimit);
        e.quantity(`${rp}.lendingLimit`, r.lendingLimit);
      });
      e.mapKeys(`${fp}.resources`, f.resources);
    });
    e.mapKeys(`${p}.flavors`, rg.flavors);
  });
}

/** The CEL rule of ResourceGroup. */
function celResourceGroups(e: Errors, groups: readonly ResourceGroup[] | undefined, path: string): void {
  (groups ?? []).forEach((rg, i) => {
    const n = (rg.coveredResources ?? []).length;
    if (!(rg.flavors ?? []).every((f) => (f.resources ?? []).length === n))
      e.invalid(`${path}[${i}]`, CEL_FLAVOR_RESOURCES_MSG);
  });
}

interface LimitConfig {
  hasParent: boolean;
  enforceNominalGreaterThanLending: boolean;
  isCohort: boolean;
}

/** clusterqueue_webhook.go validateResourceGroups / validateFlavorQuotas / validateLimit / validateLendingLimit. */
function webhookResourceGroups(
  e: Errors,
  groups: readonly ResourceGroup[] | undefined,
  cfg: LimitConfig,
  path: string,
): void {
  const seenResources = new Set<string>();
  const seenFlavors = new Set<string>();
  const limitNil = cfg.isCohort ? LIMIT_NIL_WITHOUT_PARENT_MSG : LIMIT_NIL_WITHOUT_COHORT_MSG;
  (groups ?? []).forEach((rg, i) => {
    const p = `${path}[${i}]`;
    const covered = rg.coveredResources ?? [];
    covered.forEach((name, j) => {
      const cp = `${p}.coveredResources[${j}]`;
      for (const m of labelKeyErrors(name)) e.invalid(cp, m);
      if (seenResources.has(name)) e.duplicate(cp);
      else seenResources.add(name);
    });
    (rg.flavors ?? []).forEach((f, j) => {
      const fp = `${p}.flavors[${j}]`;
      (f.resources ?? []).forEach((rq, k) => {
        if (k >= covered.length) return;
        const rp = `${fp}.resources[${k}]`;
        if (rq.name !== covered[k]) e.invalid(`${rp}.name`, MATCH_COVERED_RESOURCES_MSG);
        if (isNegative(rq.nominalQuota)) e.invalid(`${rp}.nominalQuota`, IS_NEGATIVE_MSG);
        if (rq.borrowingLimit !== undefined) {
          if (!cfg.hasParent) e.invalid(`${rp}.borrowingLimit`, limitNil);
          if (isNegative(rq.borrowingLimit)) e.invalid(`${rp}.borrowingLimit`, IS_NEGATIVE_MSG);
        }
        if (rq.lendingLimit !== undefined) {
          if (isNegative(rq.lendingLimit)) e.invalid(`${rp}.lendingLimit`, IS_NEGATIVE_MSG);
          if (!cfg.hasParent) e.invalid(`${rp}.lendingLimit`, limitNil);
          if (cfg.enforceNominalGreaterThanLending && exceeds(rq.lendingLimit, rq.nominalQuota)) {
            e.invalid(`${rp}.lendingLimit`, LENDING_LIMIT_MSG);
          }
        }
      });
      if (seenFlavors.has(f.name)) e.duplicate(`${fp}.name`);
      else seenFlavors.add(f.name);
    });
  });
}

function exceeds(a: Quantity, b: Quantity): boolean {
  try {
    return quotaAmount(a) > quotaAmount(b);
  } catch {
    return false;
  }
}

/**
 * Exact test of 0 < q ≤ 1e-9 for a quantity string (the webhook compares resource.Quantity values; milli-units
 * are too coarse here). Undefined when q does not parse.
 */
function positiveAtMostNano(q: Quantity): boolean | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(String(q));
  if (!m || !new RegExp(QUANTITY_PATTERN).test(String(q))) return undefined;
  const [, sign, int = '', frac = '', suffix = ''] = m;
  let exp10 = 0;
  let exp2 = 0;
  const si: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  const bin: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  if (suffix in si) exp10 = si[suffix]!;
  else if (suffix in bin) exp2 = bin[suffix]!;
  else exp10 = Math.trunc(Number(suffix.slice(1)));
  const digits = BigInt(`${int}${frac}` || '0');
  if (digits === 0n || sign === '-') return false;
  // digits · 10^(exp10 − |frac| + 9) · 2^exp2 ≤ 1
  const k = exp10 - frac.length + 9;
  const lhs = digits * 2n ** BigInt(exp2) * (k >= 0 ? 10n ** BigInt(k) : 1n);
  const rhs = k >= 0 ? 1n : 10n ** BigInt(-k);
  return lhs <= rhs;
}

/** common.go validateFairSharing; errors are reported at the fairSharing path itself, not at .weight. */
function webhookFairSharing(e: Errors, fs: FairSharing | undefined, path: string): void {
  if (fs?.weight === undefined) return;
  if (isNegative(fs.weight)) e.invalid(path, IS_NEGATIVE_MSG);
  if (positiveAtMostNano(fs.weight)) e.invalid(path, WEIGHT_TOO_SMALL_MSG);
}

// ---------------------------------------------------------------------------------------------------------------
// ClusterQueue.

const QUEUEING_STRATEGIES = ['StrictFIFO', 'BestEffortFIFO'];
const STOP_POLICIES = ['None', 'Hold', 'HoldAndDrain'];
const WITHIN_CQ = ['Never', 'LowerPriority', 'LowerOrNewerEqualPriority'];
const RECLAIM = ['Never', 'LowerPriority', 'Any'];
const BORROW_WITHIN = ['Never', 'LowerPriority'];
const FUNGIBILITY = ['MayStopSearch', 'TryNextFlavor'];
const PREFERENCES = ['BorrowingOverPreemption', 'PreemptionOverBorrowing'];
const ADMISSION_MODES = ['UsageBasedAdmissionFairSharing', 'NoAdmissionFairSharing'];

export function validateClusterQueueSchema(cq: Pick<ClusterQueue, 'spec'>): FieldError[] {
  const e = new Errors('schema');
  const s = cq.spec ?? {};
  const acs = s.admissionChecksStrategy;
  if (acs) {
    const p = 'spec.admissionChecksStrategy.admissionChecks';
    if (acs.admissionChecks === undefined) e.required(p);
    e.items(p, acs.admissionChecks, 1, 64);
    (acs.admissionChecks ?? []).forEach((r, i) => {
      if (r.name === undefined) e.required(`${p}[${i}].name`);
      e.string(`${p}[${i}].name`, r.name, { maxLength: 316 });
      e.items(`${p}[${i}].onFlavors`, r.onFlavors, 0, 64);
      (r.onFlavors ?? []).forEach((f, j) => {
        e.string(`${p}[${i}].onFlavors[${j}]`, f, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
      });
    });
    e.mapKeys(p, acs.admissionChecks);
  }
  if (s.admissionScope) {
    if (s.admissionScope.admissionMode === undefined) e.required('spec.admissionScope.admissionMode');
    e.enumOf('spec.admissionScope.admissionMode', s.admissionScope.admissionMode, ADMISSION_MODES);
  }
  e.string('spec.cohortName', s.cohortName, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
  e.quantity('spec.fairSharing.weight', s.fairSharing?.weight);
  const ff = s.flavorFungibility;
  e.enumOf('spec.flavorFungibility.preference', ff?.preference, PREFERENCES);
  e.enumOf('spec.flavorFungibility.whenCanBorrow', ff?.whenCanBorrow, FUNGIBILITY);
  e.enumOf('spec.flavorFungibility.whenCanPreempt', ff?.whenCanPreempt, FUNGIBILITY);
  (s.namespaceSelector?.matchExpressions ?? []).forEach((r, i) => {
    const p = `spec.namespaceSelector.matchExpressions[${i}]`;
    if (r.key === undefined) e.required(`${p}.key`);
    if (r.operator === undefined) e.required(`${p}.operator`);
  });
  const pr = s.preemption;
  e.enumOf('spec.preemption.borrowWithinCohort.policy', pr?.borrowWithinCohort?.policy, BORROW_WITHIN);
  e.enumOf('spec.preemption.reclaimWithinCohort', pr?.reclaimWithinCohort, RECLAIM);
  e.enumOf('spec.preemption.withinClusterQueue', pr?.withinClusterQueue, WITHIN_CQ);
  e.enumOf('spec.queueingStrategy', s.queueingStrategy, QUEUEING_STRATEGIES);
  schemaResourceGroups(e, s.resourceGroups, 'spec.resourceGroups');
  e.enumOf('spec.stopPolicy', s.stopPolicy, STOP_POLICIES);
  return withCel(e.list, () => celClusterQueue(cq));
}

function celClusterQueue(cq: Pick<ClusterQueue, 'spec'>): FieldError[] {
  const e = new Errors('cel');
  const s = cq.spec ?? {};
  // ClusterQueueSpec: `!has(self.cohortName) && has(self.resourceGroups) ? ...all(!has(r.borrowingLimit)) : true`.
  if (s.cohortName === undefined && s.resourceGroups !== undefined) {
    const any = s.resourceGroups.some((rg) =>
      (rg.flavors ?? []).some((f) => (f.resources ?? []).some((r) => r.borrowingLimit !== undefined)),
    );
    if (any) e.invalid('spec', CEL_BORROWING_LIMIT_MSG);
  }
  // FlavorFungibility (defaults: whenCanBorrow MayStopSearch, whenCanPreempt TryNextFlavor).
  const ff = s.flavorFungibility;
  if (ff?.preference !== undefined) {
    const both =
      (ff.whenCanBorrow ?? 'MayStopSearch') === 'TryNextFlavor' &&
      (ff.whenCanPreempt ?? 'TryNextFlavor') === 'TryNextFlavor';
    if (!both) e.invalid('spec.flavorFungibility', CEL_PREFERENCE_MSG);
  }
  // ClusterQueuePreemption (defaults: reclaimWithinCohort Never, borrowWithinCohort {policy: Never}).
  const pr = s.preemption ?? {};
  if ((pr.reclaimWithinCohort ?? 'Never') === 'Never' && (pr.borrowWithinCohort?.policy ?? 'Never') !== 'Never') {
    e.invalid('spec.preemption', RECLAIM_NEVER_BORROW_MSG);
  }
  celResourceGroups(e, s.resourceGroups, 'spec.resourceGroups');
  return e.list;
}

/** ValidateClusterQueue (clusterqueue_webhook.go): validateClusterQueueSpec then validateAdmissionCheckOnFlavors. */
export function validateClusterQueueWebhook(cq: Pick<ClusterQueue, 'spec'>): FieldError[] {
  const e = new Errors('webhook');
  const s = cq.spec ?? {};
  const groups = s.resourceGroups ?? [];
  const cfg = { hasParent: (s.cohortName ?? '') !== '', enforceNominalGreaterThanLending: true, isCohort: false };
  webhookResourceGroups(e, groups, cfg, 'spec.resourceGroups');
  validateLabelSelector(e, s.namespaceSelector, 'spec.namespaceSelector');
  const pr = s.preemption;
  if (
    pr &&
    (pr.reclaimWithinCohort ?? 'Never') === 'Never' &&
    pr.borrowWithinCohort &&
    (pr.borrowWithinCohort.policy ?? 'Never') !== 'Never'
  ) {
    e.invalid('spec.preemption', RECLAIM_NEVER_BORROW_MSG);
  }
  const ff = s.flavorFungibility;
  if (ff?.preference !== undefined) {
    if (
      (ff.whenCanBorrow ?? 'MayStopSearch') !== 'TryNextFlavor' ||
      (ff.whenCanPreempt ?? 'TryNextFlavor') !== 'TryNextFlavor'
    ) {
      e.invalid(
        'spec.flavorFungibility.preference',
        `preference "${ff.preference}" requires both whenCanBorrow and whenCanPreempt to be TryNextFlavor`,
      );
    }
  }
  webhookFairSharing(e, s.fairSharing, 'spec.fairSharing');
  const totalFlavors = groups.reduce((n, rg) => n + (rg.flavors ?? []).length, 0);
  if (totalFlavors > 256) {
    e.invalid(
      'spec.resourceGroups',
      `total number of flavors across all resourceGroups must be ≤ 256, got ${totalFlavors}`,
    );
  }
  const totalCovered = groups.reduce((n, rg) => n + (rg.coveredResources ?? []).length, 0);
  if (totalCovered > 256) {
    e.invalid(
      'spec.resourceGroups',
      `total number of covered resources across all resourceGroups must be ≤ 256, got ${totalCovered}`,
    );
  }
  groups.forEach((rg, i) => {
    const combos = (rg.flavors ?? []).reduce((n, f) => n + (f.resources ?? []).length, 0);
    if (combos > 512) {
      e.invalid(
        `spec.resourceGroups[${i}]`,
        `number of flavor-resource combinations in a resourceGroup must be ≤ 512, got ${combos}`,
      );
    }
  });
  // validateAdmissionCheckOnFlavors: onFlavors must name flavors of the resource groups.
  const flavors = groups.flatMap((rg) => (rg.flavors ?? []).map((f) => f.name));
  (s.admissionChecksStrategy?.admissionChecks ?? []).forEach((check, i) => {
    (check.onFlavors ?? []).forEach((f, j) => {
      if (!flavors.includes(f))
        e.notSupported(`spec.admissionChecksStrategy.admissionChecks[${i}].onFlavors[${j}]`, flavors);
    });
  });
  return e.list;
}

export function validateClusterQueue(cq: Pick<ClusterQueue, 'spec'>): FieldError[] {
  return bothGates(validateClusterQueueSchema(cq), () => validateClusterQueueWebhook(cq));
}

// ---------------------------------------------------------------------------------------------------------------
// Cohort.

export function validateCohortSchema(co: Pick<Cohort, 'spec'>): FieldError[] {
  const e = new Errors('schema');
  const s = co.spec ?? {};
  e.quantity('spec.fairSharing.weight', s.fairSharing?.weight);
  e.string('spec.parentName', s.parentName, { maxLength: 253, pattern: DNS_SUBDOMAIN_PATTERN });
  schemaResourceGroups(e, s.resourceGroups, 'spec.resourceGroups');
  return withCel(e.list, () => {
    const c = new Errors('cel');
    celResourceGroups(c, s.resourceGroups, 'spec.resourceGroups');
    return c.list;
  });
}

/** validateCohort (cohort_webhook.go): limits need a parent; lendingLimit may exceed nominalQuota. */
export function validateCohortWebhook(co: Pick<Cohort, 'spec'>): FieldError[] {
  const e = new Errors('webhook');
  const s = co.spec ?? {};
  webhookFairSharing(e, s.fairSharing, 'spec.fairSharing');
  const cfg = { hasParent: (s.parentName ?? '') !== '', enforceNominalGreaterThanLending: false, isCohort: true };
  webhookResourceGroups(e, s.resourceGroups, cfg, 'spec.resourceGroups');
  return e.list;
}

export function validateCohort(co: Pick<Cohort, 'spec'>): FieldError[] {
  return bothGates(validateCohortSchema(co), () => validateCohortWebhook(co));
}

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
