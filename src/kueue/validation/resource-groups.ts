// Validation shared by ClusterQueue and Cohort: resource groups (schema, CEL, webhook limits) and fair sharing.
import { labelKeyErrors } from '../../api/selectors.js';
import type { FairSharing, Quantity, ResourceGroup } from '../api.js';
import { quotaAmount } from '../quota.js';
import {
  CEL_FLAVOR_RESOURCES_MSG,
  DNS_SUBDOMAIN_PATTERN,
  type Errors,
  IS_NEGATIVE_MSG,
  isNegative,
  LENDING_LIMIT_MSG,
  LIMIT_NIL_WITHOUT_COHORT_MSG,
  LIMIT_NIL_WITHOUT_PARENT_MSG,
  MATCH_COVERED_RESOURCES_MSG,
  QUANTITY_PATTERN,
  WEIGHT_TOO_SMALL_MSG,
} from './field-errors.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared: resource groups and fair sharing.

export function schemaResourceGroups(e: Errors, groups: readonly ResourceGroup[] | undefined, path: string): void {
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
export function celResourceGroups(e: Errors, groups: readonly ResourceGroup[] | undefined, path: string): void {
  (groups ?? []).forEach((rg, i) => {
    const n = (rg.coveredResources ?? []).length;
    if (!(rg.flavors ?? []).every((f) => (f.resources ?? []).length === n))
      e.invalid(`${path}[${i}]`, CEL_FLAVOR_RESOURCES_MSG);
  });
}

export interface LimitConfig {
  hasParent: boolean;
  enforceNominalGreaterThanLending: boolean;
  isCohort: boolean;
}

/** clusterqueue_webhook.go validateResourceGroups / validateFlavorQuotas / validateLimit / validateLendingLimit. */
export function webhookResourceGroups(
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

export function exceeds(a: Quantity, b: Quantity): boolean {
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
export function webhookFairSharing(e: Errors, fs: FairSharing | undefined, path: string): void {
  if (fs?.weight === undefined) return;
  if (isNegative(fs.weight)) e.invalid(path, IS_NEGATIVE_MSG);
  if (positiveAtMostNano(fs.weight)) e.invalid(path, WEIGHT_TOO_SMALL_MSG);
}
