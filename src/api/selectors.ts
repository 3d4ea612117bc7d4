// Label selectors (metav1.LabelSelectorAsSelector + labels.Requirement.Matches) and node selectors
// (k8s.io/component-helpers/scheduling/corev1/nodeaffinity), with the API-validation helpers that go with them.
//
// Matching is exact with respect to upstream, including its handling of malformed selectors: upstream parses a
// selector with labels.NewRequirement, and a selector (or a node selector term) that fails to parse matches
// nothing. Here that parse is replaced by a syntax check that only runs once a selector or term has otherwise
// matched (a mismatch and a parse error both give "no match", so the check is needed only to veto a match).
// The matchers build no arrays or maps per call. For per-node loops prefer the compiled forms
// (compileLabelSelector, compileNodeSelector, compileRequiredNodeAffinity): they parse once, as kube-scheduler's
// PreFilter does, and then match with no syntax check at all (roughly 2-3x faster per call).
import type {
  Affinity,
  LabelSelector,
  LabelSelectorRequirement,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
} from './core.js';

export type Labels = Readonly<Record<string, string>>;

/** The only field a node selector's matchFields can name (metav1.ObjectNameField). */
export const NODE_FIELD_NAME = 'metadata.name';

const NO_VALUES: readonly string[] = [];

function labelOf(labels: Labels | undefined, key: string): string | undefined {
  return labels !== undefined && labels !== null && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax (content.IsLabelKey / IsLabelValue / IsDNS1123Subdomain), as allocation-free predicates.

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` over s[from, to), non-empty, at most 63 characters. */
function isLabelName(s: string, from: number, to: number): boolean {
  const n = to - from;
  if (n === 0 || n > 63) return false;
  if (!isAlnum(s.charCodeAt(from)) || !isAlnum(s.charCodeAt(to - 1))) return false;
  for (let i = from + 1; i < to - 1; i++) {
    const c = s.charCodeAt(i);
    if (!isAlnum(c) && c !== 45 && c !== 95 && c !== 46) return false;
  }
  return true;
}

function isLowerAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/** RFC 1123 subdomain over s[from, to): at most 253 characters of dot-separated `[a-z0-9]([-a-z0-9]*[a-z0-9])?`. */
function isDNS1123SubdomainRange(s: string, from: number, to: number): boolean {
  if (to - from === 0 || to - from > 253) return false;
  let segStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || s.charCodeAt(i) === 46) {
      if (i === segStart) return false;
      if (!isLowerAlnum(s.charCodeAt(segStart)) || !isLowerAlnum(s.charCodeAt(i - 1))) return false;
      for (let j = segStart + 1; j < i - 1; j++) {
        const c = s.charCodeAt(j);
        if (!isLowerAlnum(c) && c !== 45) return false;
      }
      segStart = i + 1;
    }
  }
  return true;
}

/** content.IsDNS1123Subdomain(s) is empty. */
export function isDNS1123Subdomain(s: string): boolean {
  return isDNS1123SubdomainRange(s, 0, s.length);
}

/** content.IsLabelKey (validation.IsQualifiedName) is empty: `[prefix/]name`. */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return isLabelName(key, 0, key.length);
  if (key.indexOf('/', slash + 1) >= 0) return false;
  return isDNS1123SubdomainRange(key, 0, slash) && isLabelName(key, slash + 1, key.length);
}

/** content.IsLabelValue is empty: empty, or a label name. */
export function isLabelValue(value: string): boolean {
  return value.length === 0 || isLabelName(value, 0, value.length);
}

// The matchers re-check syntax on every successful match, and selectors repeat the same few keys and values, so
// verdicts are memoised by string content (strings are immutable, so a verdict cannot go stale). The memo is
// cleared when it grows past MEMO_LIMIT entries, bounding memory for simulations with many distinct values.
const MEMO_LIMIT = 8192;
const keyMemo = new Map<string, boolean>();
const valueMemo = new Map<string, boolean>();

function validKey(key: string): boolean {
  let ok = keyMemo.get(key);
  if (ok === undefined) {
    ok = isLabelKey(key);
    if (keyMemo.size >= MEMO_LIMIT) keyMemo.clear();
    keyMemo.set(key, ok);
  }
  return ok;
}

function validValue(value: string): boolean {
  if (value.length === 0) return true;
  let ok = valueMemo.get(value);
  if (ok === undefined) {
    ok = isLabelValue(value);
    if (valueMemo.size >= MEMO_LIMIT) valueMemo.clear();
    valueMemo.set(value, ok);
  }
  return ok;
}

/**
 * strconv.ParseInt(s, 10, 64): optional sign (when allowSign), at least one digit, within int64. The result is a
 * number when exact as one and a bigint otherwise; `<` and `>` compare the two kinds exactly.
 */
function parseInt64(s: string, allowSign: boolean): number | bigint | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  if (allowSign && n > 0) {
    const c = s.charCodeAt(0);
    if (c === 43 || c === 45) {
      negative = c === 45;
      i = 1;
    }
  }
  if (i >= n) return undefined;
  let firstSignificant = -1;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
    if (firstSignificant < 0 && c !== 48) firstSignificant = j;
  }
  if (firstSignificant < 0) return 0;
  const digits = n - firstSignificant;
  if (digits <= 15) {
    let v = 0;
    for (let j = firstSignificant; j < n; j++) v = v * 10 + (s.charCodeAt(j) - 48);
    return negative ? -v : v;
  }
  if (digits > 19) return undefined;
  const big = BigInt(s);
  return big > 9223372036854775807n || big < -9223372036854775808n ? undefined : big;
}

/** The integer labels.NewRequirement accepts as a Gt/Lt value: ParseInt-valid and a valid label value. */
function parseRequirementInt(s: string): number | bigint | undefined {
  return validValue(s) ? parseInt64(s, false) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Requirement semantics (labels.Requirement.Matches).

type Operator = NodeSelectorRequirement['operator'];

function includes(values: readonly string[], v: string): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === v) return true;
  return false;
}

/** labels.Requirement.Matches, for a requirement that parsed. */
function requirementMatches(op: Operator, key: string, values: readonly string[], labels: Labels | undefined): boolean {
  const v = labelOf(labels, key);
  switch (op) {
    case 'In':
      return v !== undefined && includes(values, v);
    case 'NotIn':
      return v === undefined || !includes(values, v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined || values.length !== 1) return false;
      const lv = parseInt64(v, true);
      const rv = parseRequirementInt(values[0]!);
      if (lv === undefined || rv === undefined) return false;
      return op === 'Gt' ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

/** Whether labels.NewRequirement(key, op, values) succeeds (Gt/Lt only where allowed by the selector type). */
function requirementParses(op: string, key: string, values: readonly string[], allowGtLt: boolean): boolean {
  if (!validKey(key)) return false;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return false;
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return false;
      break;
    case 'Gt':
    case 'Lt':
      if (!allowGtLt || values.length !== 1 || parseInt64(values[0]!, true) === undefined) return false;
      break;
    default:
      return false;
  }
  for (let i = 0; i < values.length; i++) if (!validValue(values[i]!)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Label selectors.

function isEmptyMap(m: Readonly<Record<string, string>> | undefined): boolean {
  if (m === undefined || m === null) return true;
  for (const k in m) if (Object.hasOwn(m, k)) return false;
  return true;
}

/**
 * metav1.LabelSelectorAsSelector(sel).Matches(labels): a nil selector matches nothing, an empty one ({}) matches
 * everything, otherwise every matchLabels entry and every matchExpressions requirement must hold (In: key present
 * with a listed value; NotIn: key absent or value not listed; Exists; DoesNotExist).
 * A selector that LabelSelectorAsSelector rejects (unknown operator, In/NotIn without values, Exists/DoesNotExist
 * with values, an invalid label key or value) matches nothing; use validateLabelSelector to report why.
 */
export function labelSelectorMatches(sel: LabelSelector | undefined | null, labels: Labels | undefined): boolean {
  if (sel === undefined || sel === null) return false;
  if (isEmptyMap(sel.matchLabels) && (sel.matchExpressions ?? NO_REQUIREMENTS).length === 0) return true;
  return labelSelectorHolds(sel, labels) && labelSelectorParses(sel);
}

const NO_REQUIREMENTS: readonly never[] = [];

/** The requirements of a non-empty selector, without the parse check. */
function labelSelectorHolds(sel: LabelSelector, labels: Labels | undefined): boolean {
  const ml = sel.matchLabels;
  if (ml !== undefined && ml !== null) {
    for (const k in ml) {
      if (!Object.hasOwn(ml, k)) continue;
      const v = labelOf(labels, k);
      if (v === undefined || v !== ml[k]) return false;
    }
  }
  const me = sel.matchExpressions;
  if (me !== undefined && me !== null) {
    for (let i = 0; i < me.length; i++) {
      const r = me[i]!;
      if (!requirementMatches(r.operator, r.key, r.values ?? NO_VALUES, labels)) return false;
    }
  }
  return true;
}

/** Whether metav1.LabelSelectorAsSelector(sel) returns no error. */
export function labelSelectorParses(sel: LabelSelector): boolean {
  const ml = sel.matchLabels;
  if (ml !== undefined && ml !== null) {
    for (const k in ml) {
      if (!Object.hasOwn(ml, k)) continue;
      if (!validKey(k) || !validValue(ml[k]!)) return false;
    }
  }
  const me = sel.matchExpressions;
  if (me !== undefined && me !== null) {
    for (let i = 0; i < me.length; i++) {
      const r = me[i]!;
      if (!requirementParses(r.operator, r.key, r.values ?? NO_VALUES, false)) return false;
    }
  }
  return true;
}

/**
 * pod.spec.nodeSelector (labels.SelectorFromSet): every key present on the node with an equal value. An absent
 * or empty map matches every node. Like SelectorFromSet, no syntax check is made.
 */
export function nodeSelectorMapMatches(
  nodeSelector: Readonly<Record<string, string>> | undefined,
  labels: Labels | undefined,
): boolean {
  if (nodeSelector === undefined || nodeSelector === null) return true;
  for (const k in nodeSelector) {
    if (!Object.hasOwn(nodeSelector, k)) continue;
    const v = labelOf(labels, k);
    if (v === undefined || v !== nodeSelector[k]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Node selectors.

/**
 * fields.OneTermEqualSelector / OneTermNotEqualSelector over the node's fields.Set, which holds only
 * metadata.name: any other key reads as ''. In/NotIn need exactly one value (else the term fails to parse).
 */
function fieldRequirementMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  const values = r.values ?? NO_VALUES;
  if (values.length !== 1) return false;
  const actual = r.key === NODE_FIELD_NAME ? nodeName : '';
  if (r.operator === 'In') return actual === values[0];
  if (r.operator === 'NotIn') return actual !== values[0];
  return false;
}

function fieldRequirementParses(r: NodeSelectorRequirement): boolean {
  return (r.operator === 'In' || r.operator === 'NotIn') && (r.values ?? NO_VALUES).length === 1;
}

/** Whether the nodeaffinity package parses the term without error (newNodeSelectorTerm). */
export function nodeSelectorTermParses(term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    for (let i = 0; i < exprs.length; i++) {
      const r = exprs[i]!;
      if (!requirementParses(r.operator, r.key, r.values ?? NO_VALUES, true)) return false;
    }
  }
  const fields = term.matchFields;
  if (fields !== undefined && fields !== null) {
    for (let i = 0; i < fields.length; i++) if (!fieldRequirementParses(fields[i]!)) return false;
  }
  return true;
}

/**
 * One node selector term (also a preferred term's preference): requirements ANDed; a term with neither
 * matchExpressions nor matchFields matches nothing; a term that does not parse matches nothing.
 * As upstream (nodeSelectorTerm.match), matchFields are skipped when the node has no name.
 */
export function nodeSelectorTermMatches(
  term: NodeSelectorTerm,
  labels: Labels | undefined,
  nodeName?: string,
): boolean {
  return termHolds(term, labels, nodeName) && nodeSelectorTermParses(term);
}

function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? NO_REQUIREMENTS).length === 0 && (term.matchFields ?? NO_REQUIREMENTS).length === 0;
}

/** A term's requirements, without the parse check; an empty term does not hold. */
function termHolds(term: NodeSelectorTerm, labels: Labels | undefined, nodeName: string | undefined): boolean {
  if (isEmptyTerm(term)) return false;
  const exprs = term.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    for (let i = 0; i < exprs.length; i++) {
      const r = exprs[i]!;
      if (!requirementMatches(r.operator, r.key, r.values ?? NO_VALUES, labels)) return false;
    }
  }
  const fields = term.matchFields;
  if (fields !== undefined && fields !== null && nodeName !== undefined && nodeName !== '') {
    for (let i = 0; i < fields.length; i++) if (!fieldRequirementMatches(fields[i]!, nodeName)) return false;
  }
  return true;
}

function termsMatch(
  terms: readonly NodeSelectorTerm[] | undefined,
  labels: Labels | undefined,
  nodeName?: string,
): boolean {
  if (terms === undefined || terms === null) return false;
  for (let i = 0; i < terms.length; i++) if (nodeSelectorTermMatches(terms[i]!, labels, nodeName)) return true;
  return false;
}

/**
 * nodeaffinity.NodeSelector.Match: the terms are ORed; an empty or absent term list matches nothing. Operators
 * In, NotIn (true when the key is absent), Exists, DoesNotExist, Gt and Lt (exactly one value, an integer; a node
 * label that is not an integer does not match); matchFields support metadata.name with In/NotIn and one value.
 */
export function nodeSelectorTermsMatch(
  sel: NodeSelector,
  labels: Labels | undefined,
  fields?: { readonly 'metadata.name': string },
): boolean {
  return termsMatch(sel.nodeSelectorTerms, labels, fields?.[NODE_FIELD_NAME]);
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): pod.spec.nodeSelector and the required node affinity
 * must both hold; either may be absent.
 */
export function podMatchesNodeSelectorAndAffinityTerms(
  spec: { readonly nodeSelector?: Readonly<Record<string, string>>; readonly affinity?: Affinity },
  labels: Labels | undefined,
  nodeName?: string,
): boolean {
  if (!nodeSelectorMapMatches(spec.nodeSelector, labels)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined || required === null) return true;
  return termsMatch(required.nodeSelectorTerms, labels, nodeName);
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled selectors: parse once, match many times, as kube-scheduler does (PreFilter parses a pod's selectors,
// Filter matches them against every node). A compiled selector is a snapshot of the selector it was made from.

/** A label selector parsed once (metav1.LabelSelectorAsSelector), for matching against many label sets. */
export interface LabelSelectorMatcher {
  /** 'nothing': nil or unparsable selector; 'everything': empty selector; 'requirements': the rest. */
  readonly kind: 'nothing' | 'everything' | 'requirements';
  matches(labels: Labels | undefined): boolean;
}

const MATCH_NOTHING: LabelSelectorMatcher = { kind: 'nothing', matches: () => false };
const MATCH_EVERYTHING: LabelSelectorMatcher = { kind: 'everything', matches: () => true };

/** labelSelectorMatches with the parse done once: compileLabelSelector(s).matches(l) === labelSelectorMatches(s, l). */
export function compileLabelSelector(sel: LabelSelector | undefined | null): LabelSelectorMatcher {
  if (sel === undefined || sel === null) return MATCH_NOTHING;
  if (isEmptyMap(sel.matchLabels) && (sel.matchExpressions ?? NO_REQUIREMENTS).length === 0) return MATCH_EVERYTHING;
  if (!labelSelectorParses(sel)) return MATCH_NOTHING;
  // matchLabels k: v is the requirement k In (v).
  const reqs: LabelSelectorRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({
    key,
    operator: 'In',
    values: [v],
  }));
  for (const r of sel.matchExpressions ?? [])
    reqs.push({ key: r.key, operator: r.operator, values: [...(r.values ?? [])] });
  return {
    kind: 'requirements',
    matches(labels) {
      for (let i = 0; i < reqs.length; i++) {
        const r = reqs[i]!;
        if (!requirementMatches(r.operator, r.key, r.values!, labels)) return false;
      }
      return true;
    },
  };
}

/** Required node affinity parsed once (nodeaffinity.GetRequiredNodeAffinity), for matching against many nodes. */
export interface NodeAffinityMatcher {
  /** nodeaffinity RequiredNodeAffinity.Match: pod.spec.nodeSelector and the required node affinity terms. */
  matches(labels: Labels | undefined, nodeName?: string): boolean;
}

function snapshotTerm(t: NodeSelectorTerm): NodeSelectorTerm {
  const copy = (rs: NodeSelectorRequirement[] | undefined) =>
    (rs ?? []).map((r) => ({ ...r, values: [...(r.values ?? [])] }));
  return { matchExpressions: copy(t.matchExpressions), matchFields: copy(t.matchFields) };
}

/**
 * compileNodeSelector(s).matches(l, n) === nodeSelectorTermsMatch(s, l, {'metadata.name': n}): terms that are
 * empty or do not parse are dropped up front (upstream's LazyErrorNodeSelector skips them the same way).
 */
export function compileNodeSelector(sel: NodeSelector | undefined | null): NodeAffinityMatcher {
  const terms = (sel?.nodeSelectorTerms ?? [])
    .filter((t) => !isEmptyTerm(t) && nodeSelectorTermParses(t))
    .map(snapshotTerm);
  return {
    matches(labels, nodeName) {
      for (let i = 0; i < terms.length; i++) if (termHolds(terms[i]!, labels, nodeName)) return true;
      return false;
    },
  };
}

/** podMatchesNodeSelectorAndAffinityTerms with the parse done once per pod. */
export function compileRequiredNodeAffinity(spec: {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: Affinity;
}): NodeAffinityMatcher {
  const nodeSelector =
    spec.nodeSelector === undefined || spec.nodeSelector === null ? undefined : { ...spec.nodeSelector };
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const affinity = required === undefined || required === null ? undefined : compileNodeSelector(required);
  return {
    matches(labels, nodeName) {
      if (!nodeSelectorMapMatches(nodeSelector, labels)) return false;
      return affinity === undefined || affinity.matches(labels, nodeName);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation, as field.Error strings ("<path>: <type>: <detail>").

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

const quote = (v: string): string => JSON.stringify(v);

const LABEL_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  `(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${LABEL_NAME_FMT}')`;
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
  `and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start " +
  `and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(${LABEL_NAME_FMT})?')`;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const LABEL_NAME_RE = new RegExp(`^${LABEL_NAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^(${LABEL_NAME_FMT})?$`);

/** content.IsDNS1123Subdomain messages. */
function dns1123SubdomainErrors(s: string): string[] {
  const errs: string[] = [];
  if (utf8Length(s) > 253) errs.push('must be no more than 253 bytes');
  if (!DNS1123_SUBDOMAIN_RE.test(s)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** content.IsLabelKey messages. */
export function labelKeyErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = key;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${m}`);
  } else {
    errs.push(
      `a valid label key ${LABEL_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    return errs;
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errs.push('name part must be no more than 63 bytes');
  if (!LABEL_NAME_RE.test(name)) errs.push(`name part ${LABEL_NAME_MSG}`);
  return errs;
}

/** content.IsLabelValue messages. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push('must be no more than 63 bytes');
  if (!LABEL_VALUE_RE.test(value)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

function keyErrors(key: string, path: string): string[] {
  return labelKeyErrors(key).map((m) => `${child(path, 'key')}: Invalid value: ${quote(key)}: ${m}`);
}

function valueErrors(values: readonly string[], path: string): string[] {
  const errs: string[] = [];
  values.forEach((v, i) => {
    for (const m of labelValueErrors(v)) errs.push(`${child(path, 'values')}[${i}]: Invalid value: ${quote(v)}: ${m}`);
  });
  return errs;
}

const IN_NOTIN_REQUIRED = "must be specified when `operator` is 'In' or 'NotIn'";
const EXISTS_FORBIDDEN = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";

/**
 * metav1validation.ValidateLabelSelectorRequirement (with label-value validation): In/NotIn need at least one
 * value, Exists/DoesNotExist none, other operators are invalid, the key must be a qualified name and every value a
 * valid label value. Returns field.Error strings; empty when valid.
 */
export function validateLabelSelectorRequirement(r: LabelSelectorRequirement, path = ''): string[] {
  const errs: string[] = [];
  const values = r.values ?? NO_VALUES;
  const op: string = r.operator;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(`${child(path, 'values')}: Required value: ${IN_NOTIN_REQUIRED}`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(`${child(path, 'values')}: Forbidden: ${EXISTS_FORBIDDEN}`);
      break;
    default:
      errs.push(`${child(path, 'operator')}: Invalid value: ${quote(op ?? '')}: not a valid selector operator`);
  }
  errs.push(...keyErrors(r.key ?? '', path), ...valueErrors(values, path));
  return errs;
}

/** metav1validation.ValidateLabelSelector: matchLabels keys and values, then each requirement. */
export function validateLabelSelector(sel: LabelSelector | undefined | null, path = ''): string[] {
  if (sel === undefined || sel === null) return [];
  const errs: string[] = [];
  const ml = sel.matchLabels ?? {};
  for (const k of Object.keys(ml)) {
    const p = child(path, 'matchLabels');
    for (const m of labelKeyErrors(k)) errs.push(`${p}: Invalid value: ${quote(k)}: ${m}`);
    for (const m of labelValueErrors(ml[k] ?? '')) errs.push(`${p}: Invalid value: ${quote(ml[k] ?? '')}: ${m}`);
  }
  (sel.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateLabelSelectorRequirement(r, `${child(path, 'matchExpressions')}[${i}]`));
  });
  return errs;
}

/**
 * core validation.ValidateNodeSelectorRequirement, plus what the scheduler's parse (labels.NewRequirement)
 * rejects beyond it, since such a term never matches: Gt/Lt values that are not integers, and values that are
 * not valid label values (a Gt/Lt value therefore cannot carry a sign).
 */
export function validateNodeSelectorRequirement(r: NodeSelectorRequirement, path = ''): string[] {
  const errs: string[] = [];
  const values = r.values ?? NO_VALUES;
  const op: string = r.operator;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(`${child(path, 'values')}: Required value: ${IN_NOTIN_REQUIRED}`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(`${child(path, 'values')}: Forbidden: ${EXISTS_FORBIDDEN}`);
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(
          `${child(path, 'values')}: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
        );
      }
      values.forEach((v, i) => {
        if (parseInt64(v, true) === undefined) {
          errs.push(
            `${child(path, 'values')}[${i}]: Invalid value: ${quote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        }
      });
      break;
    default:
      errs.push(`${child(path, 'operator')}: Invalid value: ${quote(op ?? '')}: not a valid selector operator`);
  }
  errs.push(...keyErrors(r.key ?? '', path), ...valueErrors(values, path));
  return errs;
}

/** core validation.ValidateNodeFieldSelectorRequirement: In/NotIn with exactly one value, key metadata.name. */
export function validateNodeFieldSelectorRequirement(r: NodeSelectorRequirement, path = ''): string[] {
  const errs: string[] = [];
  const values = r.values ?? NO_VALUES;
  const op: string = r.operator;
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        `${child(path, 'values')}: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
      );
    }
  } else {
    errs.push(`${child(path, 'operator')}: Invalid value: ${quote(op ?? '')}: not a valid selector operator`);
  }
  if (r.key !== NODE_FIELD_NAME) {
    errs.push(`${child(path, 'key')}: Invalid value: ${quote(r.key ?? '')}: not a valid field selector key`);
  } else {
    values.forEach((v, i) => {
      for (const m of dns1123SubdomainErrors(v))
        errs.push(`${child(path, 'values')}[${i}]: Invalid value: ${quote(v)}: ${m}`);
    });
  }
  return errs;
}

/** core validation.ValidateNodeSelectorTerm. */
export function validateNodeSelectorTerm(term: NodeSelectorTerm, path = ''): string[] {
  const errs: string[] = [];
  (term.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateNodeSelectorRequirement(r, `${child(path, 'matchExpressions')}[${i}]`));
  });
  (term.matchFields ?? []).forEach((r, i) => {
    errs.push(...validateNodeFieldSelectorRequirement(r, `${child(path, 'matchFields')}[${i}]`));
  });
  return errs;
}

/** core validation.ValidateNodeSelector: at least one term, each term valid. */
export function validateNodeSelector(sel: NodeSelector, path = ''): string[] {
  const termsPath = child(path, 'nodeSelectorTerms');
  const terms = sel.nodeSelectorTerms ?? [];
  if (terms.length === 0) return [`${termsPath}: Required value: must have at least one node selector term`];
  const errs: string[] = [];
  terms.forEach((t, i) => {
    errs.push(...validateNodeSelectorTerm(t, `${termsPath}[${i}]`));
  });
  return errs;
}
