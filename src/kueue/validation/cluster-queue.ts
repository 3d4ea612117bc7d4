// Validation of ClusterQueue and Cohort (clusterqueue_webhook.go, cohort_webhook.go and their CRD schemas).
import type { ClusterQueue, Cohort } from '../api.js';
import {
  bothGates,
  CEL_BORROWING_LIMIT_MSG,
  CEL_PREFERENCE_MSG,
  DNS_SUBDOMAIN_PATTERN,
  Errors,
  type FieldError,
  RECLAIM_NEVER_BORROW_MSG,
  validateLabelSelector,
  withCel,
} from './field-errors.js';
import {
  celResourceGroups,
  schemaResourceGroups,
  webhookFairSharing,
  webhookResourceGroups,
} from './resource-groups.js';

// ---------------------------------------------------------------------------------------------------------------
// ClusterQueue.

const QUEUEING_STRATEGIES = ['StrictFIFO', 'BestEffortFIFO'];
export const STOP_POLICIES = ['None', 'Hold', 'HoldAndDrain'];
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
