// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), held as integer milli-units.
//
// parseQuantity follows resource.ParseQuantity followed by Quantity.MilliValue():
//   - the accepted grammar is the upstream scanner's (parseQuantityString) and suffix table, including its
//     quirks: "1." and ".5" parse, and so do a lone sign or dot ("+", "-", ".", "-." are 0);
//   - the value is rounded away from zero to a whole milli-unit ("0.1m" -> 1, "-0.1m" -> -1), as MilliValue
//     does for every value parsed into its int64 form;
//   - the value is exact: digits, decimal exponents and binary suffixes are combined with integer arithmetic,
//     never through a float.
// The simulator's one limit: a value whose milli-value is beyond Number.MAX_SAFE_INTEGER (9007199254740991 milli,
// i.e. about 9.007e12 units: 9.007e12 cores, or about 8.19 TiB of memory/storage counted in bytes) is rejected with a
// QuantityError of kind 'range' instead of being rounded. Upstream caps binary-suffixed values at 2^63-1 and lets
// MilliValue overflow int64 silently; neither behaviour is useful here.
import type { ResourceList } from './core.js';

/** The regular expression upstream quotes in ErrFormatWrong. */
export const QUANTITY_REGEXP = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** resource.ErrFormatWrong. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_REGEXP}'`;
/** resource.ErrSuffix: the text scanned as a suffix is not a known suffix nor a valid decimal exponent. */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/**
 * 'format': upstream ErrFormatWrong. 'suffix': upstream ErrSuffix. 'range': the value does not fit the
 * simulator's integer milli-units (|milli-value| > Number.MAX_SAFE_INTEGER); upstream has no such error.
 */
export type QuantityErrorKind = 'format' | 'suffix' | 'range';

export class QuantityError extends Error {
  override name = 'QuantityError';
  constructor(
    readonly kind: QuantityErrorKind,
    /** The text that failed to parse (a JS number is shown as String(n)). */
    readonly input: string,
    /** Set by parseResourceList: the resource whose quantity failed. */
    readonly resourceName?: string,
  ) {
    super(quantityErrorMessage(kind, input, resourceName));
  }
}

function quantityErrorMessage(kind: QuantityErrorKind, input: string, resourceName: string | undefined): string {
  let msg: string;
  if (kind === 'format') msg = QUANTITY_FORMAT_ERROR;
  else if (kind === 'suffix') msg = QUANTITY_SUFFIX_ERROR;
  else
    msg =
      `quantity ${JSON.stringify(input)} is too large in magnitude for the simulator: its value in milli-units ` +
      `exceeds Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER})`;
  return resourceName === undefined
    ? msg
    : `resources[${resourceName}]: Invalid value: ${JSON.stringify(input)}: ${msg}`;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Characters the upstream scanner accepts in the letter part of a suffix. */
function isSuffixChar(c: number): boolean {
  // e E i n u m k K M G T P
  return (
    c === 101 ||
    c === 69 ||
    c === 105 ||
    c === 110 ||
    c === 117 ||
    c === 109 ||
    c === 107 ||
    c === 75 ||
    c === 77 ||
    c === 71 ||
    c === 84 ||
    c === 80
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface Scanned {
  positive: boolean;
  /** Integer part without leading zeros ('0' when there is none). */
  num: string;
  /** Fraction digits after '.', possibly ''. */
  denom: string;
  suffix: string;
}

/** Mirrors parseQuantityString: undefined is ErrFormatWrong. */
function scan(str: string): Scanned | undefined {
  const end = str.length;
  let positive = true;
  let pos = 0;
  const first = str.charCodeAt(0);
  if (first === 45 /* - */) {
    positive = false;
    pos++;
  } else if (first === 43 /* + */) {
    pos++;
  }
  while (pos < end && str.charCodeAt(pos) === 48) pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str.charCodeAt(i))) i++;
  const num = i > pos ? str.slice(pos, i) : '0';
  if (i >= end) return { positive, num, denom: '', suffix: '' };
  pos = i;

  let denom = '';
  if (str.charCodeAt(pos) === 46 /* . */) {
    pos++;
    let j = pos;
    while (j < end && isDigit(str.charCodeAt(j))) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, num, denom, suffix: '' };
    pos = j;
  }

  const suffixStart = pos;
  while (pos < end && isSuffixChar(str.charCodeAt(pos))) pos++;
  if (pos < end) {
    const c = str.charCodeAt(pos);
    if (c === 45 || c === 43) pos++;
  }
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos < end) return undefined; // a character that cannot belong to a suffix
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
}

const SUFFIXES: ReadonlyMap<string, Suffix> = new Map<string, Suffix>([
  ['', { base: 10, exponent: 0 }],
  ['n', { base: 10, exponent: -9 }],
  ['u', { base: 10, exponent: -6 }],
  ['m', { base: 10, exponent: -3 }],
  ['k', { base: 10, exponent: 3 }],
  ['M', { base: 10, exponent: 6 }],
  ['G', { base: 10, exponent: 9 }],
  ['T', { base: 10, exponent: 12 }],
  ['P', { base: 10, exponent: 15 }],
  ['E', { base: 10, exponent: 18 }],
  ['Ki', { base: 2, exponent: 10 }],
  ['Mi', { base: 2, exponent: 20 }],
  ['Gi', { base: 2, exponent: 30 }],
  ['Ti', { base: 2, exponent: 40 }],
  ['Pi', { base: 2, exponent: 50 }],
  ['Ei', { base: 2, exponent: 60 }],
]);

const INT64_MAX_DIGITS = '9223372036854775807';

/** Mirrors suffixer.interpret: undefined is ErrSuffix. */
function interpretSuffix(s: string): Suffix | undefined {
  const known = SUFFIXES.get(s);
  if (known !== undefined) return known;
  const c = s.charCodeAt(0);
  if (s.length < 2 || (c !== 101 && c !== 69)) return undefined;
  // "e<n>" / "E<n>": n must satisfy strconv.ParseInt(n, 10, 64).
  let i = 1;
  let negative = false;
  const sign = s.charCodeAt(1);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i = 2;
  }
  if (i >= s.length) return undefined;
  for (let j = i; j < s.length; j++) if (!isDigit(s.charCodeAt(j))) return undefined;
  let digits = s.slice(i).replace(/^0+/, '');
  if (digits === '') digits = '0';
  if (digits.length <= 9) return { base: 10, exponent: negative ? -Number(digits) : Number(digits) };
  const limit = negative ? '9223372036854775808' : INT64_MAX_DIGITS;
  if (digits.length > 19 || (digits.length === 19 && digits > limit)) return undefined;
  // Upstream keeps only int32(parsed): a huge exponent wraps.
  return { base: 10, exponent: Number(BigInt.asIntN(32, BigInt(negative ? `-${digits}` : digits))) };
}

/** 10^k for 0 <= k <= 22 is exact in a double. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * ceil(sig * 10^e10 * 2^b2) for the digit string sig (no leading or trailing zeros), or -1 when the result is
 * beyond Number.MAX_SAFE_INTEGER.
 */
function ceilMagnitude(sig: string, e10: number, b2: number): number {
  const len = sig.length;
  const log10Pow2 = b2 * Math.LOG10E * Math.LN2; // log10(2^b2)
  // The value lies in [10^(len-1+e10), 10^(len+e10)) * 2^b2.
  if (len - 1 + e10 + log10Pow2 > 17) return -1;
  if (len + e10 + log10Pow2 < -1) return 1; // below 0.1 milli-units, and not zero
  if (len <= 15) {
    const n = Number(sig);
    if (e10 >= 0) {
      // Exact whenever the true product is <= 2^53; above that it is > MAX_SAFE_INTEGER either way.
      const v = n * POW10[e10]! * 2 ** b2;
      return v > Number.MAX_SAFE_INTEGER ? -1 : v;
    }
    const m = n * 2 ** b2;
    if (m <= Number.MAX_SAFE_INTEGER && -e10 <= 22) {
      const p = POW10[-e10]!;
      const r = m % p;
      const q = (m - r) / p;
      return r === 0 ? q : q + 1;
    }
  }
  const scaled = BigInt(sig) << BigInt(b2);
  let v: bigint;
  if (e10 >= 0) {
    v = scaled * 10n ** BigInt(e10);
  } else {
    const d = 10n ** BigInt(-e10);
    v = scaled / d;
    if (scaled % d !== 0n) v += 1n;
  }
  return v > MAX_SAFE_BIG ? -1 : Number(v);
}

/**
 * Parses a quantity and returns its value in milli-units, rounded away from zero (ceil for positive values),
 * as upstream `resource.MustParse(v).MilliValue()`.
 *
 * Strings must satisfy resource.ParseQuantity (no surrounding whitespace). JS numbers, as YAML gives for
 * `cpu: 2`, are converted with String(v) first, which yields their exact shortest decimal form.
 * @throws QuantityError
 */
export function parseQuantity(v: string | number): number {
  if (typeof v === 'string') {
    const hit = parsed.get(v);
    if (hit !== undefined) return hit;
    const n = parseQuantityUncached(v);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(v, n);
    return n;
  }
  return parseQuantityUncached(v);
}

/** Manifests repeat a handful of quantity strings thousands of times: parse each once (bounded). */
const parsed = new Map<string, number>();
const PARSED_MAX = 4096;

function parseQuantityUncached(v: string | number): number {
  const str = typeof v === 'number' ? String(v) : v;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new QuantityError('format', str);
  if (str.length === 0) throw new QuantityError('format', str);
  if (str === '0') return 0;
  const s = scan(str);
  if (s === undefined) throw new QuantityError('format', str);
  const suffix = interpretSuffix(s.suffix);
  if (suffix === undefined) throw new QuantityError('suffix', str);

  const digits = s.num === '0' ? s.denom : s.num + s.denom;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  let stop = digits.length;
  while (stop > start && digits.charCodeAt(stop - 1) === 48) stop--;
  if (start === stop) return 0;
  const e10 = (suffix.base === 10 ? suffix.exponent : 0) + 3 - s.denom.length + (digits.length - stop);
  const b2 = suffix.base === 2 ? suffix.exponent : 0;
  const magnitude = ceilMagnitude(digits.slice(start, stop), e10, b2);
  if (magnitude < 0) throw new QuantityError('range', str);
  return s.positive ? magnitude : -magnitude;
}

/** Resources whose quantities are conventionally written with binary suffixes. */
export function isMemoryLikeResource(resourceName: string): boolean {
  return (
    resourceName === 'memory' ||
    resourceName === 'ephemeral-storage' ||
    resourceName === 'storage' ||
    resourceName.startsWith('hugepages-')
  );
}

const DECIMAL_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map([
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);
const BINARY_SUFFIXES: readonly string[] = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Formats a milli-value in upstream's canonical style: no fraction digits, the largest suffix that loses no
 * precision, decimal SI suffixes in steps of 1000 ('500m', '4', '2k', '1G'). When resourceName is memory-like
 * (memory, ephemeral-storage, storage, hugepages-*) and the value is a whole multiple of 1024, the binary form is
 * used instead ('100Gi', '1536Mi'), as upstream prints a BinarySI quantity.
 * parseQuantity(formatQuantity(x, name)) === x for every safe integer x.
 * @throws RangeError when milli is not a safe integer.
 */
export function formatQuantity(milli: number, resourceName?: string): string {
  if (!Number.isSafeInteger(milli))
    throw new RangeError(`formatQuantity: ${milli} is not a safe integer of milli-units`);
  if (milli === 0) return '0';
  const sign = milli < 0 ? '-' : '';
  let m = Math.abs(milli);
  if (resourceName !== undefined && isMemoryLikeResource(resourceName) && m % 1000 === 0) {
    let units = m / 1000;
    if (units >= 1024 && units % 1024 === 0) {
      let i = 0;
      while (units % 1024 === 0 && i < BINARY_SUFFIXES.length - 1) {
        units /= 1024;
        i++;
      }
      return `${sign}${units}${BINARY_SUFFIXES[i]}`;
    }
  }
  let exponent = -3;
  while (m % 10 === 0) {
    m /= 10;
    exponent++;
  }
  const extra = ((exponent % 3) + 3) % 3;
  if (extra !== 0) {
    m *= extra === 1 ? 10 : 100;
    exponent -= extra;
  }
  return `${sign}${m}${DECIMAL_SUFFIX_BY_EXPONENT.get(exponent) ?? `e${exponent}`}`;
}

/** Parses one quantity of a ResourceList entry; strings are trimmed first, as Quantity.UnmarshalJSON does. */
function parseListEntry(name: string, v: string | number): number {
  try {
    return parseQuantity(typeof v === 'string' ? v.trim() : v);
  } catch (e) {
    if (e instanceof QuantityError) throw new QuantityError(e.kind, e.input, name);
    throw e;
  }
}

/**
 * Parses every entry of a ResourceList into milli-units. Strings are trimmed first, because a manifest's
 * quantities reach the API through Quantity.UnmarshalJSON, which trims whitespace (apimachinery
 * quantity_test.go TestJSONWhitespace). Absent list: empty map.
 * @throws QuantityError naming the resource.
 */
export function parseResourceList(list: ResourceList | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (list === undefined || list === null) return out;
  for (const name of Object.keys(list)) {
    const v = list[name];
    if (v === undefined) continue;
    out.set(name, parseListEntry(name, v));
  }
  return out;
}

/** The resources a container declares (structurally compatible with core.ts Container). */
export interface ContainerResourcesLike {
  resources?: { requests?: ResourceList; limits?: ResourceList };
  /** 'Always' on an init container marks a restartable init container (a sidecar). */
  restartPolicy?: unknown;
}

export interface PodSpecResourcesLike {
  containers: readonly ContainerResourcesLike[];
  initContainers?: readonly ContainerResourcesLike[];
}

/**
 * A container's effective requests in milli-units: its requests, plus, for every resource that has a limit but
 * no request, the limit (SetDefaults_Pod: "If limits are specified, but requests are not, default requests to
 * limits"). This is what makes `nvidia.com/gpu: 8` under limits alone a request for 8 GPUs.
 */
export function containerRequests(c: ContainerResourcesLike): Map<string, number> {
  const out = parseResourceList(c.resources?.requests);
  const limits = c.resources?.limits;
  if (limits !== undefined && limits !== null) {
    for (const name of Object.keys(limits)) {
      const v = limits[name];
      if (v === undefined || out.has(name)) continue;
      out.set(name, parseListEntry(name, v));
    }
  }
  return out;
}

function addInto(target: Map<string, number>, src: ReadonlyMap<string, number>): void {
  for (const [name, v] of src) target.set(name, (target.get(name) ?? 0) + v);
}

function maxInto(target: Map<string, number>, src: ReadonlyMap<string, number>): void {
  for (const [name, v] of src) {
    const cur = target.get(name);
    if (cur === undefined || v > cur) target.set(name, v);
  }
}

/**
 * A pod's resource requests in milli-units, as kube-scheduler and kubelet admission compute them
 * (component-helpers resource.PodRequests / AggregateContainerRequests) after API defaulting:
 * per resource, max(sum over containers + sum over restartable init containers,
 * max over init containers i of (requests of i + restartable init containers declared before i)).
 * Without sidecars that is max(sum of containers, max of each init container). Limits count only where a
 * request is missing (containerRequests). Pod overhead and pod-level resources are not modelled.
 * Resources present with a zero quantity are kept (as zero).
 */
export function podRequests(
  spec: PodSpecResourcesLike,
  /** Adjusts each container's requests first (the scheduler's non-zero cpu/memory defaults for scoring). */
  perContainer: (reqs: Map<string, number>) => Map<string, number> = (r) => r,
): Map<string, number> {
  const total = new Map<string, number>();
  for (const c of spec.containers) addInto(total, perContainer(containerRequests(c)));
  const initContainers = spec.initContainers;
  if (initContainers !== undefined && initContainers.length > 0) {
    const sidecars = new Map<string, number>();
    const initMax = new Map<string, number>();
    for (const c of initContainers) {
      const reqs = perContainer(containerRequests(c));
      if (c.restartPolicy === 'Always') {
        addInto(total, reqs);
        addInto(sidecars, reqs);
        maxInto(initMax, sidecars);
      } else {
        addInto(reqs, sidecars);
        maxInto(initMax, reqs);
      }
    }
    maxInto(total, initMax);
  }
  return total;
}
