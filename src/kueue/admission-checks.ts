// Admission checks (spec/kueue.md §2.4; kueue ff69552e pkg/workload/admissionchecks.go, pkg/workload/workload.go
// AdmissionChecksForWorkload, pkg/workload/evict/evict.go resetChecksOnEviction, pkg/controller/core/
// workload_controller.go reconcileCheckBasedEviction) and the simulated check controller.
//
// The check controller is not Kueue's: ProvisioningRequest, MultiKueue or a user's own decide a check's state.
// The simulator plays one per AdmissionCheck, a named model: `delay` after the quota reservation it sets the state
// the outcome script says for this attempt (Ready, Retry or Rejected; default Ready), and on Retry it asks for a
// requeue after min(base·2^(n−1), max) seconds (n = the check's retry count + 1), as ProvisioningRequest's
// retryStrategy does with its defaults (backoffBaseSeconds 60, backoffMaxSeconds 1800;
// UpdateAdmissionCheckRequeueState, without the 0.0001 jitter).
import type { AdmissionCheckState, CheckState, ClusterQueue } from './api.js';

export interface AdmissionCheck {
  apiVersion: string;
  kind: 'AdmissionCheck';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    controllerName: string;
    parameters?: { apiGroup?: string; kind?: string; name?: string };
  };
}

/** On the AdmissionCheck: the time from quota reservation to the controller's decision (a duration). */
export const CHECK_DELAY_ANNOTATION = 'jobset-sim.dev/admission-check-delay';
/** On the AdmissionCheck: the outcome script for every workload, e.g. `Retry,Ready` (one per attempt, the last repeats). */
export const CHECK_OUTCOMES_ANNOTATION = 'jobset-sim.dev/admission-check-outcomes';
/** On a JobSet or Job: its own outcome script for check <name> (overrides the AdmissionCheck's). */
export const WORKLOAD_OUTCOMES_PREFIX = 'jobset-sim.dev/admission-check.';

/** ProvisioningRequestRetryStrategy defaults (provisioningrequestconfig_types.go). */
export const RETRY_BACKOFF_BASE_SECONDS = 60;
export const RETRY_BACKOFF_MAX_SECONDS = 1800;

export type Outcome = Exclude<CheckState, 'Pending'>;
export const OUTCOMES: readonly Outcome[] = ['Ready', 'Retry', 'Rejected'];

/** Parses an outcome script (`Ready`, `Retry,Ready`, …); undefined when empty; throws a readable error. */
export function parseOutcomes(v: string): Outcome[] {
  const out = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const o of out) {
    if (!OUTCOMES.includes(o as Outcome)) {
      throw new Error(`"${o}" is not an outcome: expected a comma-separated list of Ready, Retry, Rejected`);
    }
  }
  return out as Outcome[];
}

/** The outcome of attempt `attempt` (0-based): the script's entry, the last one beyond its end; default Ready. */
export function outcomeFor(
  check: AdmissionCheck,
  ownerAnnotations: Record<string, string> | undefined,
  attempt: number,
): Outcome {
  const script =
    ownerAnnotations?.[`${WORKLOAD_OUTCOMES_PREFIX}${check.metadata.name}`] ??
    check.metadata.annotations?.[CHECK_OUTCOMES_ANNOTATION];
  let list: Outcome[] = [];
  try {
    list = script ? parseOutcomes(script) : [];
  } catch {
    list = []; // the loader reports it
  }
  if (list.length === 0) return 'Ready';
  return list[Math.min(attempt, list.length - 1)]!;
}

/** UpdateAdmissionCheckRequeueState: requeueAfterSeconds for retry number `retryCount + 1`. */
export function retryBackoffSeconds(retryCount: number): number {
  return Math.min(RETRY_BACKOFF_BASE_SECONDS * 2 ** retryCount, RETRY_BACKOFF_MAX_SECONDS);
}

/**
 * AdmissionChecksForWorkload with an admission: the ClusterQueue's checks whose flavors (onFlavors, or every
 * flavor of the ClusterQueue when empty) include a flavor of the admission; sorted by name, as the workload
 * controller keeps status.admissionChecks.
 */
export function admissionChecksForAdmission(cq: ClusterQueue, assignedFlavors: Iterable<string>): string[] {
  const rules = cq.spec?.admissionChecksStrategy?.admissionChecks ?? [];
  if (rules.length === 0) return [];
  const all = new Set<string>();
  for (const rg of cq.spec?.resourceGroups ?? []) for (const f of rg.flavors) all.add(f.name);
  const assigned = new Set(assignedFlavors);
  const out = new Set<string>();
  for (const r of rules) {
    const on = r.onFlavors && r.onFlavors.length > 0 ? r.onFlavors : [...all];
    if (on.some((f) => assigned.has(f))) out.add(r.name);
  }
  return [...out].sort();
}

/** buildAdmissionChecksMessage: `AdmissionCheck in Retry state: "a"`, plural `AdmissionChecks`, sorted by name. */
export function admissionChecksMessage(
  checks: readonly { name: string; message?: string }[],
  state: CheckState,
): string {
  const sorted = [...checks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = sorted.map((c) => (c.message ? `"${c.name}" (${c.message})` : `"${c.name}"`));
  const noun = sorted.length > 1 ? 'AdmissionChecks' : 'AdmissionCheck';
  return `${noun} in ${state} state: ${parts.join('; ')}`;
}

/** The ClusterQueue's checks that are not in the scenario (the ClusterQueue is inactive: AdmissionCheckNotFound). */
export function missingAdmissionChecks(cq: ClusterQueue, checks: ReadonlyMap<string, AdmissionCheck>): string[] {
  return (cq.spec?.admissionChecksStrategy?.admissionChecks ?? []).map((r) => r.name).filter((n) => !checks.has(n));
}

/** What the simulated check controllers need of the manager: time, and the consequences of their decisions. */
export interface CheckHost<T> {
  now(): number;
  /** Runs fn after delay µs (Phase.Controller). */
  after(delayUs: number, fn: () => void): void;
  workload(t: T): { status?: { admissionChecks?: AdmissionCheckState[] } };
  ownerAnnotations(t: T): Record<string, string> | undefined;
  /** Still waiting for these checks (the same reservation): a decision for an older one is dropped. */
  current(t: T, epoch: number): boolean;
  /** The workload's check states changed (write the status). */
  written(t: T): void;
  allReady(t: T): void;
  /** reconcileCheckBasedEviction: evict (Retry, with the longest requeueAfterSeconds) or deactivate (Rejected). */
  retry(t: T, message: string, requeueAfterSeconds: number): void;
  rejected(t: T, message: string): void;
}

/**
 * The simulated controllers of the AdmissionChecks: for a workload whose quota was just reserved, sets its
 * status.admissionChecks (Pending, keeping the retry counts of an earlier reservation), then decides each check
 * after its delay and applies the workload controller's rules once a decision changes the picture: any Rejected
 * deactivates, else any Retry evicts, else all Ready admits.
 */
export class CheckControllers<T> {
  /** Decisions made so far per workload and check: the index into the outcome script. */
  private readonly attempts = new WeakMap<object, Map<string, number>>();

  constructor(
    private readonly checks: ReadonlyMap<string, AdmissionCheck>,
    private readonly defaultDelayUs: number,
    private readonly delayOf: (check: AdmissionCheck) => number | undefined,
    private readonly host: CheckHost<T>,
  ) {}

  start(t: T & object, names: readonly string[], epoch: number): void {
    const wl = this.host.workload(t);
    wl.status ??= {};
    const prev = new Map((wl.status.admissionChecks ?? []).map((c) => [c.name, c]));
    const now = this.host.now() / 1e6;
    wl.status.admissionChecks = names.map((name) => {
      const p = prev.get(name);
      return p && p.state === 'Pending' ? p : { name, state: 'Pending', lastTransitionTime: now, message: '' };
    });
    this.host.written(t);
    for (const name of names) {
      const check = this.checks.get(name)!;
      this.host.after(this.delayOf(check) ?? this.defaultDelayUs, () => this.decide(t, check, epoch));
    }
  }

  private decide(t: T & object, check: AdmissionCheck, epoch: number): void {
    if (!this.host.current(t, epoch)) return;
    let byCheck = this.attempts.get(t);
    if (!byCheck) this.attempts.set(t, (byCheck = new Map()));
    const attempt = byCheck.get(check.metadata.name) ?? 0;
    byCheck.set(check.metadata.name, attempt + 1);
    const outcome = outcomeFor(check, this.host.ownerAnnotations(t), attempt);
    const states = this.host.workload(t).status!.admissionChecks!;
    const st = states.find((s) => s.name === check.metadata.name)!;
    st.state = outcome;
    st.lastTransitionTime = this.host.now() / 1e6;
    st.message = '';
    if (outcome === 'Retry') st.requeueAfterSeconds = retryBackoffSeconds(st.retryCount ?? 0);
    this.host.written(t);
    const rejected = states.filter((s) => s.state === 'Rejected');
    if (rejected.length > 0) {
      this.host.rejected(t, admissionChecksMessage(rejected, 'Rejected'));
      return;
    }
    const retry = states.filter((s) => s.state === 'Retry');
    if (retry.length > 0) {
      const after = Math.max(...retry.map((s) => s.requeueAfterSeconds ?? 0));
      this.host.retry(t, `Evicted due to ${admissionChecksMessage(retry, 'Retry')}`, after);
      return;
    }
    if (states.every((s) => s.state === 'Ready')) this.host.allReady(t);
  }
}

/** resetChecksOnEviction: every check back to Pending; a Retry one counts a retry. */
export function resetChecksOnEviction(
  wl: { status?: { admissionChecks?: AdmissionCheckState[] } },
  nowSeconds: number,
): void {
  const checks = wl.status?.admissionChecks;
  if (!checks) return;
  checks.forEach((c, i) => {
    if (c.state === 'Pending') return;
    checks[i] = {
      name: c.name,
      state: 'Pending',
      message: `Reset to Pending after eviction. Previously: ${c.state}`,
      lastTransitionTime: nowSeconds,
      ...(c.requeueAfterSeconds !== undefined ? { requeueAfterSeconds: c.requeueAfterSeconds } : {}),
      ...(c.state === 'Retry' ? { retryCount: (c.retryCount ?? 0) + 1 } : {}),
    };
  });
}
