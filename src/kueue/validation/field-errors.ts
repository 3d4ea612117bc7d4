// Kueue validation's building blocks: field.Error types, upstream's message texts, the CRD schema's patterns, the
// error builder in go-openapi's and apimachinery's wording, and the gate combinators.
import type { LabelSelector, Toleration } from '../../api/core.js';
import { labelKeyErrors, labelValueErrors } from '../../api/selectors.js';
import type { Quantity } from '../api.js';
import { quotaAmount } from '../quota.js';

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

export const TAINT_EFFECTS_MSG = "supported taint effect values: 'NoSchedule', 'PreferNoSchedule', 'NoExecute'";
export const TOLERATION_CEL: readonly [string, (t: Toleration) => boolean][] = [
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
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
export const POD_SET_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const NODE_LABEL_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const BLOCKING: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'NotSupported',
  'Required',
  'TooLong',
  'TooMany',
]);

// ---------------------------------------------------------------------------------------------------------------
// field.Error builders.

export class Errors {
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
export function bothGates(apiserver: FieldError[], webhook: () => FieldError[]): FieldError[] {
  return apiserver.length > 0 ? apiserver : webhook();
}

export function withCel(schema: FieldError[], cel: () => FieldError[]): FieldError[] {
  if (schema.some((e) => BLOCKING.has(e.type))) {
    return [...schema, { path: '', message: CEL_SKIPPED_MSG, type: 'Invalid', source: 'cel' }];
  }
  return [...schema, ...cel()];
}

export function isNegative(q: Quantity): boolean {
  try {
    return quotaAmount(q) < 0;
  } catch {
    return false; // the schema's pattern reports it
  }
}

/** metav1 validation.ValidateLabels: each key as a qualified name, each value as a label value, at `path`. */
export function validateLabels(e: Errors, labels: Record<string, string> | undefined, path: string): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of labelKeyErrors(k)) e.invalid(path, m);
    for (const m of labelValueErrors(v)) e.invalid(path, m);
  }
}

/** metav1 validation.ValidateLabelSelector (label values in expressions validated). */
export function validateLabelSelector(e: Errors, sel: LabelSelector | undefined, path: string): void {
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
export function validateAnnotations(e: Errors, annotations: Record<string, string> | undefined, path: string): void {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of labelKeyErrors(k.toLowerCase())) e.invalid(path, m);
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (total > 256 * 1024) e.tooLong(path, 256 * 1024);
}
