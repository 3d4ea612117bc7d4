// JobSet admission validation, as a client of the apiserver sees it (jobset HEAD 08dfbdfd,
// pkg/webhooks/jobset_webhook.go; api/jobset/v1alpha2/jobset_types.go for the CRD schema and CEL rules;
// apimachinery v0.36 for the message texts).
//
// A create or update passes two gates, in this order, and the first that finds errors answers alone:
//  1. the apiserver: object metadata, the CRD's OpenAPI schema (required fields, enums, minimum, maxItems),
//     list-map key uniqueness, then the CEL rules. CEL is skipped, with a fieldless note, when the schema found a
//     Required, Unsupported (enum), Too long or Too many error. On update, schema and CEL errors whose value did not
//     change are ratcheted away, and the `self == oldSelf` transition rules (network, successPolicy,
//     failurePolicy, startupPolicy, replicatedJobs[].dependsOn) only run when the field exists in both objects:
//     adding or removing one of them passes.
//  2. the validating webhook vjobset.kb.io (ValidateCreate / ValidateUpdate).
// validateJobSetCreate/Update model both gates; validateJobSetSchema and validateJobSetCreateWebhook /
// validateJobSetUpdateWebhook model one each (the webhook pair is what upstream's unit tests call).
//
// Inputs are validated as given: run defaultJobSet first, as the apiserver does on create. A field with a CRD
// default (replicas, groupName) is read with that default when absent, since the apiserver has always applied it
// before any validation runs.
//
// Messages. Upstream's webhook mixes field errors with plain Go errors; the plain ones are wrapped as
// field.InternalError(nil, err), so their StatusCause is {field: "<nil>", message: "Internal error: <text>"} and the
// status message reads `JobSet.jobset.x-k8s.io "<name>" is invalid: <nil>: Internal error: <text>`. Upstream's tests
// assert only on <text> (TestValidateCreate: substring of err.Error(); TestValidateUpdate: the last ": "-separated
// part of each cause), and <text> is the only part written for the reader. So FieldError.message is that text: the
// field error's detail, or, for an error without one, its type ("Duplicate value", "Required value"); never the
// "Internal error: " / "Invalid value: <v>: " prefix. FieldError.path is the upstream field path; for a plain error,
// which upstream reports at "<nil>", it is the field the check is about (documented at each check).
// jobSetCreateStatus / jobSetUpdateStatus compose the full 422 status (message and causes) exactly as the client
// receives it; structured bad values (the replicatedJobs list of "field is immutable") are rendered with
// JSON.stringify, which only approximates Go's encoding/json of the same struct.
import type { JobSpec } from './batch.js';
import { MAX_INT32 } from './job-defaults.js';
import type { FailurePolicyAction, JobSet, JobSetSpec, ReplicatedJob } from './jobset.js';
import type { Condition } from './meta.js';
import { labelValueErrors } from './selectors.js';

/** One validation error: `path` relative to the object, `message` the upstream text a user reads. */
export interface FieldError {
  path: string;
  message: string;
}

/** Feature gates by name: InPlaceRestart, RestartJob, ElasticJobSet (all alpha, off unless true). */
export type JobSetGates = Record<string, boolean>;

/** metav1.StatusCause. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** The 422 Invalid status a client receives. */
export interface InvalidStatus {
  code: 422;
  reason: 'Invalid';
  /** The status message; a webhook rejection is further prefixed by the apiserver (see `webhook`). */
  message: string;
  /** The webhook that denied the request (`admission webhook "<webhook>" denied the request: <message>`). */
  webhook?: string;
  causes: StatusCause[];
}

export const JOBSET_VALIDATING_WEBHOOK = 'vjobset.kb.io';
const JOBSET_GROUP_KIND = 'JobSet.jobset.x-k8s.io';

// ---------------------------------------------------------------------------------------------------------------
// field.Error, internally.

type ErrorType =
  | 'Invalid'
  | 'Required'
  | 'Duplicate'
  | 'NotSupported'
  | 'TooLong'
  | 'TooMany'
  | 'Forbidden'
  | 'Internal';

const TYPE_TEXT: Record<ErrorType, string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Forbidden: 'Forbidden',
  Internal: 'Internal error',
};

const TYPE_REASON: Record<ErrorType, string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Forbidden: 'FieldValueForbidden',
  Internal: 'InternalError',
};

interface Issue {
  type: ErrorType;
  /** The path reported in FieldError. */
  path: string;
  /** The field upstream reports ("<nil>" for a wrapped plain error). */
  field: string;
  /** The bad value, for the types whose body shows one. */
  value?: unknown;
  detail: string;
}

const plain = (path: string, text: string): Issue => ({ type: 'Internal', path, field: '<nil>', detail: text });
const invalid = (path: string, value: unknown, detail: string): Issue => ({
  type: 'Invalid',
  path,
  field: path,
  value,
  detail,
});
const required = (path: string, detail = ''): Issue => ({ type: 'Required', path, field: path, detail });
const notSupported = (path: string, value: unknown, allowed: readonly string[]): Issue => ({
  type: 'NotSupported',
  path,
  field: path,
  value,
  detail: `supported values: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
});

function toFieldError(i: Issue): FieldError {
  return { path: i.path, message: i.detail || TYPE_TEXT[i.type] };
}

/** Go's rendering of a bad value in field.Error.ErrorBody (%v for scalars, %q for strings, JSON otherwise). */
function renderValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null) return 'null';
  return JSON.stringify(v);
}

function errorBody(i: Issue): string {
  let s = TYPE_TEXT[i.type];
  if (i.type === 'Invalid' || i.type === 'NotSupported' || i.type === 'Duplicate' || i.type === 'TooMany') {
    s += `: ${renderValue(i.value)}`;
  }
  return i.detail ? `${s}: ${i.detail}` : s;
}

/** apierrors.NewInvalid: causes, and the message with field.ErrorList.ToAggregate's de-duplication. */
function invalidStatus(name: string, issues: Issue[], webhook?: string): InvalidStatus {
  const causes = issues.map((i) => ({ reason: TYPE_REASON[i.type], message: errorBody(i), field: i.field }));
  const msgs = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
  const agg = msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
  const status: InvalidStatus = {
    code: 422,
    reason: 'Invalid',
    message: `${JOBSET_GROUP_KIND} ${JSON.stringify(name)} is invalid: ${agg}`,
    causes,
  };
  if (webhook) status.webhook = webhook;
  return status;
}

// ---------------------------------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation texts (the "characters" wording, not api/validate/content's "bytes").

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const DNS1035_MAX_LEN_MSG = maxLenError(63);

const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_RE = new RegExp(`^${DNS1035_FMT}$`);
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
  `and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_FMT}')`;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and " +
  `end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`;

const HTTP_PATH_FMT = String.raw`[A-Za-z0-9/\-._~%!$&'()*+,;=:]+`;
const HTTP_PATH_RE = new RegExp(`^${HTTP_PATH_FMT}$`);

/** validation.IsDNS1035Label. */
export function dns1035LabelErrors(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push(DNS1035_MAX_LEN_MSG);
  if (!DNS1035_RE.test(v)) errs.push(DNS1035_MSG);
  return errs;
}

/** validation.IsDNS1123Subdomain. */
export function dns1123SubdomainErrors(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** validation.IsDomainPrefixedPath. */
function domainPrefixedPathIssues(path: string, v: string): Issue[] {
  if (v.length === 0) return [required(path)];
  const slash = v.indexOf('/');
  const host = slash < 0 ? '' : v.slice(0, slash);
  const rest = slash < 0 ? '' : v.slice(slash + 1);
  if (slash < 0 || host.length === 0 || rest.length === 0) {
    return [invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const out = dns1123SubdomainErrors(host).map((m) => invalid(path, host, m));
  if (!HTTP_PATH_RE.test(rest)) {
    out.push(invalid(path, rest, `Invalid path (regex used for validation is '${HTTP_PATH_FMT}')`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Names.

/** The suffix used for a generateName-only JobSet: five characters of the apiserver's alphabet, fixed. */
const GENERATED_SUFFIX = 'bcdfg';

/**
 * The name the webhook validates (getJobSetNameForValidation): metadata.name, or for a generateName-only JobSet a
 * generated name as names.SimpleNameGenerator makes it: the prefix cut to 58 characters plus 5 random ones. Every
 * character of that alphabet (bcdfghjklmnpqrstvwxz2456789) is a lower-case alphanumeric, so validity does not depend
 * on which five are drawn; a fixed suffix keeps validation deterministic.
 */
export function jobSetNameForValidation(js: Pick<JobSet, 'metadata'>): string {
  const m = js.metadata;
  if (m.name) return m.name;
  if (m.generateName) return m.generateName.slice(0, 58) + GENERATED_SUFFIX;
  return '';
}

const toInt32 = (n: number): number => n | 0;
const replicasOf = (rj: ReplicatedJob): number => rj.replicas ?? 1;
const isSet = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;
const gate = (gates: JobSetGates, name: string): boolean => gates[name] === true;

// ---------------------------------------------------------------------------------------------------------------
// The validating webhook: ValidateCreate.

const SUBDOMAIN_TOO_LONG = '.spec.network.subdomain is too long, must be less than 63 characters';
const GROUP_NAME_TOO_LONG = '.spec.replicatedJob[].groupName is too long, must be less than 63 characters';
const JOB_NAME_TOO_LONG = 'JobSet name is too long, job names generated for this JobSet will exceed 63 characters';
const POD_NAME_TOO_LONG = 'JobSet name is too long, pod names generated for this JobSet will exceed 63 characters';
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_RESTART_JOB_REPLICAS = 1024;
const RULE_NAME_RE = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const VALID_FAILURE_REASONS = [
  'BackoffLimitExceeded',
  'DeadlineExceeded',
  'FailedIndexes',
  'MaxFailedIndexesExceeded',
  'PodFailurePolicy',
];
const RESTART_JOB_ACTIONS: readonly FailurePolicyAction[] = ['RestartJob', 'RestartJobAndIgnoreMaxRestarts'];

/** DNS-1035 errors of a generated name, the length error replaced by `tooLong`. */
function dns1035With(path: string, value: unknown, name: string, tooLong: string): Issue[] {
  return dns1035LabelErrors(name).map((m) => invalid(path, value, m.includes(DNS1035_MAX_LEN_MSG) ? tooLong : m));
}

function webhookCreateIssues(js: JobSet, gates: JobSetGates): Issue[] {
  const out: Issue[] = [];
  const spec = js.spec;
  const rjobs = spec.replicatedJobs ?? [];
  const name = jobSetNameForValidation(js);
  const inPlace = spec.failurePolicy?.restartStrategy === 'InPlaceRestart';

  // Plain error, reported at the strategy.
  if (!gate(gates, 'InPlaceRestart') && inPlace) {
    out.push(
      plain(
        'spec.failurePolicy.restartStrategy',
        'InPlaceRestart restart strategy cannot be set when InPlaceRestart feature gate is disabled',
      ),
    );
  }
  // Plain error; any dependsOn that is present counts, an empty list included (it decodes to a non-nil slice).
  if (rjobs.length > 0 && isSet(rjobs[0]!.dependsOn)) {
    out.push(plain('spec.replicatedJobs[0].dependsOn', "DependsOn can't be set for the first ReplicatedJob"));
  }

  const subdomain = spec.network?.subdomain;
  if (subdomain) {
    const p = 'spec.network.subdomain';
    for (const m of dns1123SubdomainErrors(subdomain)) out.push(invalid(p, subdomain, m));
    out.push(...dns1035With(p, subdomain, subdomain, SUBDOMAIN_TOO_LONG));
  }

  if (isSet(spec.managedBy)) {
    const p = 'spec.managedBy';
    out.push(...domainPrefixedPathIssues(p, spec.managedBy));
    if (byteLength(spec.managedBy) > MAX_MANAGED_BY_LENGTH) {
      out.push({ type: 'TooLong', path: p, field: p, detail: `may not be more than ${MAX_MANAGED_BY_LENGTH} bytes` });
    }
  }

  const names = new Set<string>();
  rjobs.forEach((rj, i) => {
    const p = `spec.replicatedJobs[${i}]`;
    // Inserted before the dependsOn check: a replicatedJob may name itself.
    names.add(rj.name);
    const replicas = replicasOf(rj);
    const job: Partial<JobSpec> = rj.template?.spec ?? {};

    // Plain error, reported at replicas.
    if ((job.parallelism ?? 1) * replicas > MAX_INT32) {
      out.push(
        plain(
          `${p}.replicas`,
          `the product of replicas and parallelism must not exceed ${MAX_INT32} for replicatedJob '${rj.name}'`,
        ),
      );
    }
    const group = rj.groupName ?? 'default';
    out.push(...dns1035With(`${p}.groupName`, group, group, GROUP_NAME_TOO_LONG));

    const longestJobName = `${name}-${rj.name}-${toInt32(replicas - 1)}`;
    out.push(...dns1035With(`${p}.name`, longestJobName, longestJobName, JOB_NAME_TOO_LONG));
    if (job.completionMode === 'Indexed' && isSet(job.completions)) {
      const longestPodName = `${longestJobName}-${toInt32(job.completions - 1)}-abcde`;
      // Upstream reports the job name as the bad value here.
      out.push(...dns1035With(`${p}.name`, longestJobName, longestPodName, POD_NAME_TOO_LONG));
    }

    // Plain error, reported at the entry's name.
    (rj.dependsOn ?? []).forEach((d, k) => {
      if (!names.has(d.name)) {
        out.push(
          plain(`${p}.dependsOn[${k}].name`, `replicatedJob: ${rj.name} cannot depend on replicatedJob: ${d.name}`),
        );
      }
    });

    if (gate(gates, 'InPlaceRestart') && inPlace) {
      const t = `${p}.template.spec`;
      if (job.backoffLimit !== MAX_INT32) {
        out.push(
          invalid(
            `${t}.backoffLimit`,
            job.backoffLimit ?? null,
            `replicatedJob ${rj.name}: must be set to ${MAX_INT32} (MaxInt32) when in-place restart is enabled`,
          ),
        );
      }
      if (job.podReplacementPolicy !== 'Failed') {
        out.push(
          invalid(
            `${t}.podReplacementPolicy`,
            job.podReplacementPolicy ?? null,
            `replicatedJob ${rj.name}: must be set to Failed when in-place restart is enabled`,
          ),
        );
      }
      if (!isSet(job.completions) || !isSet(job.parallelism) || job.completions !== job.parallelism) {
        out.push(
          invalid(
            `${t}.completions`,
            job.completions ?? null,
            `replicatedJob ${rj.name}: completions and parallelism must be set and equal to each other when in-place restart is enabled`,
          ),
        );
      }
    }
  });

  // Plain error, reported at the target.
  (spec.successPolicy?.targetReplicatedJobs ?? []).forEach((t, k) => {
    if (!names.has(t)) {
      out.push(
        plain(
          `spec.successPolicy.targetReplicatedJobs[${k}]`,
          `invalid replicatedJob name '${t}' does not appear in .spec.ReplicatedJobs`,
        ),
      );
    }
  });

  if (spec.failurePolicy) out.push(...failurePolicyIssues(spec, names, gates));

  if (spec.coordinator) {
    const c = coordinatorIssue(spec);
    if (c) out.push(c);
    const l = coordinatorLabelIssue(spec, name);
    if (l) out.push(l);
  }
  return out;
}

/** validateFailurePolicy: every error is plain; the gate error ends the checks. */
function failurePolicyIssues(spec: JobSetSpec, names: ReadonlySet<string>, gates: JobSetGates): Issue[] {
  const out: Issue[] = [];
  const rules = spec.failurePolicy?.rules ?? [];
  const rp = 'spec.failurePolicy.rules';

  const firstRestartJob = rules.findIndex((r) => RESTART_JOB_ACTIONS.includes(r.action));
  if (firstRestartJob >= 0) {
    if (!gate(gates, 'RestartJob')) {
      // Reported at the first rule with such an action.
      return [
        plain(
          `${rp}[${firstRestartJob}].action`,
          'RestartJob and RestartJobAndIgnoreMaxRestarts failure policy actions are not allowed when RestartJob feature gate is disabled',
        ),
      ];
    }
    // Reported once, at the first replicatedJob over the limit.
    const big = (spec.replicatedJobs ?? []).findIndex((rj) => replicasOf(rj) > MAX_RESTART_JOB_REPLICAS);
    if (big >= 0) {
      out.push(
        plain(
          `spec.replicatedJobs[${big}].replicas`,
          `JobSet cannot have a failure policy rule with RestartJob or RestartJobAndIgnoreMaxRestarts action and a replicated job with replicas > ${MAX_RESTART_JOB_REPLICAS}`,
        ),
      );
    }
  }

  const byName = new Map<string, number[]>();
  rules.forEach((rule, k) => {
    const ruleName = rule.name ?? '';
    const len = byteLength(ruleName);
    if (len < 1 || len > 128) {
      out.push(
        plain(
          `${rp}[${k}].name`,
          `invalid failure policy rule name of length ${len}, the rule name must be at least 1 characters long and at most 128 characters long`,
        ),
      );
    }
    const same = byName.get(ruleName);
    if (same) same.push(k);
    else byName.set(ruleName, [k]);
    if (!RULE_NAME_RE.test(ruleName)) {
      out.push(
        plain(
          `${rp}[${k}].name`,
          `invalid failure policy rule name '${ruleName}', a failure policy rule name must start with an alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'`,
        ),
      );
    }
    (rule.targetReplicatedJobs ?? []).forEach((t, m) => {
      if (!names.has(t)) {
        out.push(
          plain(
            `${rp}[${k}].targetReplicatedJobs[${m}]`,
            `invalid replicatedJob name '${t}' in failure policy does not appear in .spec.ReplicatedJobs`,
          ),
        );
      }
    });
    (rule.onJobFailureReasons ?? []).forEach((r, m) => {
      if (!VALID_FAILURE_REASONS.includes(r)) {
        out.push(
          plain(
            `${rp}[${k}].onJobFailureReasons[${m}]`,
            `invalid job failure reason '${r}' in failure policy is not a recognized job failure reason`,
          ),
        );
      }
    });
  });
  // Upstream walks a Go map here (random order); this reports in order of first occurrence, at the second rule.
  for (const [ruleName, indices] of byName) {
    if (indices.length > 1) {
      out.push(
        plain(
          `${rp}[${indices[1]}].name`,
          `rule names are not unique, rules with indices [${indices.join(' ')}] all have the same name '${ruleName}'`,
        ),
      );
    }
  }
  return out;
}

/** validateCoordinator: the first failing check only; plain errors. */
function coordinatorIssue(spec: JobSetSpec): Issue | undefined {
  const c = spec.coordinator!;
  const rj = (spec.replicatedJobs ?? []).find((r) => r.name === c.replicatedJob);
  if (!rj) {
    return plain('spec.coordinator.replicatedJob', `coordinator replicatedJob ${c.replicatedJob} does not exist`);
  }
  const jobIndex = c.jobIndex ?? 0;
  if (jobIndex < 0 || jobIndex >= replicasOf(rj)) {
    return plain(
      'spec.coordinator.jobIndex',
      `coordinator job index ${jobIndex} is invalid for replicatedJob ${rj.name}`,
    );
  }
  const job: Partial<JobSpec> = rj.template?.spec ?? {};
  if (job.completionMode !== 'Indexed' || !isSet(job.completions)) {
    return plain(
      'spec.coordinator.replicatedJob',
      'job for coordinator pod must be indexed completion mode, and completions number must be set',
    );
  }
  const podIndex = c.podIndex ?? 0;
  if (podIndex < 0 || podIndex >= job.completions) {
    return plain(
      'spec.coordinator.podIndex',
      `coordinator pod index ${podIndex} is invalid for replicatedJob ${c.replicatedJob} job index ${jobIndex}`,
    );
  }
  return undefined;
}

/** validateCoordinatorLabelValue: the coordinator endpoint must be a label value. Plain error. */
function coordinatorLabelIssue(spec: JobSetSpec, name: string): Issue | undefined {
  const c = spec.coordinator!;
  const subdomain = spec.network?.subdomain || name;
  const value = `${name}-${c.replicatedJob}-${c.jobIndex ?? 0}-${c.podIndex ?? 0}.${subdomain}`;
  const errs = labelValueErrors(value);
  if (errs.length === 0) return undefined;
  return plain(
    'spec.coordinator',
    `spec will lead to invalid label value ${JSON.stringify(value)} for coordinator label "jobset.sigs.k8s.io/coordinator" (long JobSet / ReplicatedJob / SubDomain name?): ${errs.join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The validating webhook: ValidateUpdate.

function isTerminal(conditions: readonly Condition[] | undefined): boolean {
  return (conditions ?? []).some((c) => (c.type === 'Completed' || c.type === 'Failed') && c.status === 'True');
}

function webhookUpdateIssues(oldJs: JobSet, newJs: JobSet, gates: JobSetGates): Issue[] {
  const out: Issue[] = [];
  const oldRjobs = oldJs.spec.replicatedJobs ?? [];
  const newRjobs = newJs.spec.replicatedJobs ?? [];
  const oldByName = new Map<string, ReplicatedJob>();
  for (const rj of oldRjobs) oldByName.set(rj.name, rj);
  const munged: ReplicatedJob[] = structuredClone(newRjobs);

  if (gate(gates, 'ElasticJobSet')) {
    const terminal = isTerminal(oldJs.status?.conditions);
    newRjobs.forEach((nr, i) => {
      const or = oldByName.get(nr.name);
      if (!or) return;
      const n = nr.template.spec;
      const o = or.template.spec;
      if (n.completionMode !== 'Indexed') return;
      const p = `spec.replicatedJobs[${i}].template.spec`;
      const parallelismChanged = n.parallelism !== o.parallelism;
      const completionsChanged = n.completions !== o.completions;
      if (parallelismChanged || completionsChanged) {
        if (terminal) {
          out.push({
            type: 'Forbidden',
            path: p,
            field: p,
            detail: 'Cannot mutate parallelism or completions when JobSet is in a terminal state (Completed or Failed)',
          });
        } else {
          if (parallelismChanged && isSet(n.parallelism) && n.parallelism < 1) {
            out.push(invalid(`${p}.parallelism`, n.parallelism, 'parallelism must be >= 1'));
          }
          if (completionsChanged && isSet(n.completions) && n.completions < 1) {
            out.push(invalid(`${p}.completions`, n.completions, 'completions must be >= 1'));
          }
          if (isSet(n.parallelism) && isSet(n.completions) && n.parallelism !== n.completions) {
            out.push(
              invalid(
                `${p}.completions`,
                n.completions,
                'completions must be equal to parallelism for Elastic Indexed Jobs',
              ),
            );
          }
        }
      }
      // Masked either way, so that only the elastic checks judge these two fields.
      const m = munged[i]!.template.spec;
      m.parallelism = o.parallelism;
      m.completions = o.completions;
    });
  }

  // Kueue: a suspended JobSet, or one being suspended, may change these pod-template fields.
  if (oldJs.spec.suspend === true || newJs.spec.suspend === true) {
    newRjobs.forEach((nr, i) => {
      const or = oldByName.get(nr.name);
      if (!or) return;
      const ot = or.template.spec.template;
      const mt = munged[i]!.template.spec.template;
      mt.metadata = { ...mt.metadata, labels: ot.metadata?.labels, annotations: ot.metadata?.annotations };
      mt.spec = {
        ...mt.spec,
        nodeSelector: ot.spec.nodeSelector,
        tolerations: ot.spec.tolerations,
        schedulingGates: ot.spec.schedulingGates,
      };
    });
  }

  if (!semanticEqual(munged, oldRjobs)) out.push(invalid('spec.replicatedJobs', munged, 'field is immutable'));
  if (!semanticEqual(newJs.spec.managedBy, oldJs.spec.managedBy)) {
    out.push(invalid('spec.managedBy', newJs.spec.managedBy ?? null, 'field is immutable'));
  }
  return out;
}

/**
 * apiequality.Semantic.DeepEqual as far as a JSON-shaped object can tell: an absent field, null, an empty list, an
 * empty map and an object of only such values compare equal (Go's nil and empty slices and maps, and a zero struct
 * such as an empty ObjectMeta); lists are ordered. Scalars compare strictly: an absent string is not "" here.
 */
function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) return Object.values(v).every(isEmptyValue);
  return false;
}

/**
 * CEL `self == oldSelf` on JSON values: an absent key is not an empty value; lists are ordered unless they are
 * `x-kubernetes-list-type: map`, whose equality ignores order (`mapKey` names the key).
 */
function celEqual(a: unknown, b: unknown, mapKey?: string): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (mapKey !== undefined) {
      const byKey = new Map(b.map((x) => [isRecord(x) ? x[mapKey] : x, x]));
      return a.every((x) => {
        const k = isRecord(x) ? x[mapKey] : x;
        return byKey.has(k) && celEqual(x, byKey.get(k));
      });
    }
    return a.every((v, i) => celEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && celEqual(a[k], b[k]));
  }
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------------
// The apiserver: metadata, OpenAPI schema, list-map keys, CEL.

const RESTART_STRATEGIES = ['Recreate', 'BlockingRecreate', 'InPlaceRestart'];
const ACTIONS = [
  'FailJobSet',
  'RestartJobSet',
  'RestartJobSetAndIgnoreMaxRestarts',
  'RestartJob',
  'RestartJobAndIgnoreMaxRestarts',
];
const OPERATORS = ['All', 'Any'];
const STARTUP_ORDERS = ['AnyOrder', 'InOrder'];
const DEPENDS_ON_STATUSES = ['Ready', 'Complete'];
const MAX_DEPENDS_ON = 5;
const BLOCKING: ReadonlySet<ErrorType> = new Set<ErrorType>(['NotSupported', 'Required', 'TooLong', 'TooMany']);
const CEL_SKIPPED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const minimum0 = (path: string, v: number): Issue =>
  invalid(path, v, `${path} in body should be greater than or equal to 0`);

function enumIssue(path: string, v: string | undefined | null, allowed: readonly string[]): Issue | undefined {
  if (!isSet(v)) return required(path);
  return allowed.includes(v) ? undefined : notSupported(path, v, allowed);
}

/** OpenAPI schema and list-map errors (in field order; upstream's order is unspecified). */
function schemaIssues(js: JobSet, withMetadata: boolean): Issue[] {
  const out: Issue[] = [];
  const push = (i: Issue | undefined): void => {
    if (i) out.push(i);
  };
  if (withMetadata) {
    // The apiserver generates the name before it validates; a CR name must be a DNS-1123 subdomain.
    const name = jobSetNameForValidation(js);
    if (!name) out.push(required('metadata.name', 'name or generateName is required'));
    else for (const m of dns1123SubdomainErrors(name)) out.push(invalid('metadata.name', name, m));
  }
  const s = js.spec;
  if (s.coordinator && !isSet(s.coordinator.replicatedJob)) out.push(required('spec.coordinator.replicatedJob'));
  if (s.failurePolicy) {
    const rs = s.failurePolicy.restartStrategy;
    if (isSet(rs) && !RESTART_STRATEGIES.includes(rs)) {
      out.push(notSupported('spec.failurePolicy.restartStrategy', rs, RESTART_STRATEGIES));
    }
    (s.failurePolicy.rules ?? []).forEach((r, k) => {
      push(enumIssue(`spec.failurePolicy.rules[${k}].action`, r.action, ACTIONS));
    });
  }
  (s.replicatedJobs ?? []).forEach((rj, i) => {
    const p = `spec.replicatedJobs[${i}]`;
    if (!isSet(rj.name)) out.push(required(`${p}.name`));
    if (!isSet(rj.template)) out.push(required(`${p}.template`));
    // The embedded batch/v1 and core/v1 schemas: JobSpec.template, PodSpec.containers, Container.name.
    const job = rj.template?.spec;
    if (isSet(job) && !isSet(job.template)) out.push(required(`${p}.template.spec.template`));
    const pod = job?.template?.spec;
    if (isSet(pod)) {
      const cp = `${p}.template.spec.template.spec.containers`;
      if (!isSet(pod.containers)) out.push(required(cp));
      (pod.containers ?? []).forEach((c, k) => {
        if (!isSet(c.name)) out.push(required(`${cp}[${k}].name`));
      });
    }
    if (isSet(rj.replicas) && rj.replicas < 0) out.push(minimum0(`${p}.replicas`, rj.replicas));
    const deps = rj.dependsOn ?? [];
    if (deps.length > MAX_DEPENDS_ON) {
      out.push({
        type: 'TooMany',
        path: `${p}.dependsOn`,
        field: `${p}.dependsOn`,
        value: deps.length,
        detail: `must have at most ${MAX_DEPENDS_ON} items`,
      });
    }
    deps.forEach((d, k) => {
      if (!isSet(d.name)) out.push(required(`${p}.dependsOn[${k}].name`));
      push(enumIssue(`${p}.dependsOn[${k}].status`, d.status, DEPENDS_ON_STATUSES));
    });
  });
  if (s.startupPolicy)
    push(enumIssue('spec.startupPolicy.startupPolicyOrder', s.startupPolicy.startupPolicyOrder, STARTUP_ORDERS));
  if (s.successPolicy) push(enumIssue('spec.successPolicy.operator', s.successPolicy.operator, OPERATORS));
  if (isSet(s.ttlSecondsAfterFinished) && s.ttlSecondsAfterFinished < 0) {
    out.push(minimum0('spec.ttlSecondsAfterFinished', s.ttlSecondsAfterFinished));
  }
  // x-kubernetes-list-type: map, keyed by name: replicatedJobs and each dependsOn.
  out.push(...duplicateKeys('spec.replicatedJobs', s.replicatedJobs ?? []));
  (s.replicatedJobs ?? []).forEach((rj, i) => {
    out.push(...duplicateKeys(`spec.replicatedJobs[${i}].dependsOn`, rj.dependsOn ?? []));
  });
  return out;
}

function duplicateKeys(path: string, items: readonly { name: string }[]): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  items.forEach((it, i) => {
    if (!isSet(it.name)) return;
    if (seen.has(it.name)) {
      out.push({
        type: 'Duplicate',
        path: `${path}[${i}]`,
        field: `${path}[${i}]`,
        value: { name: it.name },
        detail: '',
      });
    }
    seen.add(it.name);
  });
  return out;
}

/** The CEL rule evaluated on every write (JobSetSpec). */
function celSpecIssues(js: JobSet): Issue[] {
  const s = js.spec;
  const inOrder = s.startupPolicy?.startupPolicyOrder === 'InOrder';
  if (inOrder && (s.replicatedJobs ?? []).some((rj) => isSet(rj.dependsOn))) {
    return [invalid('spec', 'object', 'StartupPolicy and DependsOn APIs are mutually exclusive')];
  }
  return [];
}

/** The `self == oldSelf` transition rules; each runs only when the field exists in both objects. */
function celTransitionIssues(oldJs: JobSet, newJs: JobSet): Issue[] {
  const out: Issue[] = [];
  const immutable = (path: string, type: string, a: unknown, b: unknown, mapKey?: string): void => {
    if (isSet(a) && isSet(b) && !celEqual(a, b, mapKey)) out.push(invalid(path, type, 'Value is immutable'));
  };
  const o = oldJs.spec;
  const n = newJs.spec;
  immutable('spec.failurePolicy', 'object', o.failurePolicy, n.failurePolicy);
  immutable('spec.network', 'object', o.network, n.network);
  // List-map items correlate by name.
  const oldByName = new Map((o.replicatedJobs ?? []).map((rj) => [rj.name, rj]));
  (n.replicatedJobs ?? []).forEach((rj, i) => {
    immutable(`spec.replicatedJobs[${i}].dependsOn`, 'array', oldByName.get(rj.name)?.dependsOn, rj.dependsOn, 'name');
  });
  immutable('spec.startupPolicy', 'object', o.startupPolicy, n.startupPolicy);
  immutable('spec.successPolicy', 'object', o.successPolicy, n.successPolicy);
  return out;
}

const issueKey = (i: Issue): string => `${i.type}\u0000${i.path}\u0000${i.detail}\u0000${JSON.stringify(i.value)}`;

function apiserverIssues(js: JobSet, oldJs?: JobSet): Issue[] {
  let issues = schemaIssues(js, oldJs === undefined);
  // Ratcheting: on update, an error that the old object already had, for the same value, is tolerated.
  const ratchet = (list: Issue[], old: Issue[]): Issue[] => {
    const had = new Set(old.map(issueKey));
    return list.filter((i) => !had.has(issueKey(i)));
  };
  if (oldJs) issues = ratchet(issues, schemaIssues(oldJs, false));
  if (issues.some((i) => BLOCKING.has(i.type))) {
    return [...issues, { type: 'Invalid', path: '', field: '<nil>', value: null, detail: CEL_SKIPPED }];
  }
  const cel = oldJs ? ratchet(celSpecIssues(js), celSpecIssues(oldJs)) : celSpecIssues(js);
  issues.push(...cel);
  if (oldJs) issues.push(...celTransitionIssues(oldJs, js));
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API.

/** The apiserver's own checks (metadata on create, OpenAPI schema, list-map keys, CEL); `oldJs` for an update. */
export function validateJobSetSchema(js: JobSet, oldJs?: JobSet): FieldError[] {
  return apiserverIssues(js, oldJs).map(toFieldError);
}

/** The validating webhook's ValidateCreate alone (what upstream's TestValidateCreate calls). */
export function validateJobSetCreateWebhook(js: JobSet, gates: JobSetGates): FieldError[] {
  return webhookCreateIssues(js, gates).map(toFieldError);
}

/** The validating webhook's ValidateUpdate alone (what upstream's TestValidateUpdate calls). */
export function validateJobSetUpdateWebhook(oldJs: JobSet, newJs: JobSet, gates: JobSetGates): FieldError[] {
  return webhookUpdateIssues(oldJs, newJs, gates).map(toFieldError);
}

/** A create as the client sees it: the apiserver's errors if any, otherwise the webhook's. Empty when admitted. */
export function validateJobSetCreate(js: JobSet, gates: JobSetGates): FieldError[] {
  return createIssues(js, gates).issues.map(toFieldError);
}

/** An update as the client sees it: the apiserver's errors if any, otherwise the webhook's. */
export function validateJobSetUpdate(oldJs: JobSet, newJs: JobSet, gates: JobSetGates): FieldError[] {
  return updateIssues(oldJs, newJs, gates).issues.map(toFieldError);
}

/** The 422 status a rejected create returns, or undefined when the create is admitted. */
export function jobSetCreateStatus(js: JobSet, gates: JobSetGates): InvalidStatus | undefined {
  const r = createIssues(js, gates);
  if (r.issues.length === 0) return undefined;
  // The apiserver names the object by its (generated) name; the webhook passes metadata.name as it received it.
  return r.webhook
    ? invalidStatus(js.metadata.name ?? '', r.issues, JOBSET_VALIDATING_WEBHOOK)
    : invalidStatus(jobSetNameForValidation(js), r.issues);
}

/** The 422 status a rejected update returns, or undefined when the update is admitted. */
export function jobSetUpdateStatus(oldJs: JobSet, newJs: JobSet, gates: JobSetGates): InvalidStatus | undefined {
  const r = updateIssues(oldJs, newJs, gates);
  if (r.issues.length === 0) return undefined;
  return invalidStatus(newJs.metadata.name ?? '', r.issues, r.webhook ? JOBSET_VALIDATING_WEBHOOK : undefined);
}

function createIssues(js: JobSet, gates: JobSetGates): { issues: Issue[]; webhook: boolean } {
  const api = apiserverIssues(js);
  if (api.length > 0) return { issues: api, webhook: false };
  return { issues: webhookCreateIssues(js, gates), webhook: true };
}

function updateIssues(oldJs: JobSet, newJs: JobSet, gates: JobSetGates): { issues: Issue[]; webhook: boolean } {
  const api = apiserverIssues(newJs, oldJs);
  if (api.length > 0) return { issues: api, webhook: false };
  return { issues: webhookUpdateIssues(oldJs, newJs, gates), webhook: true };
}
