// A Job's successPolicy (pkg/controller/job/success_policy.go), Indexed Jobs only: rules are tried in
// order; a rule {succeededIndexes?, succeededCount?} matches when all its indexes succeeded, or at least
// succeededCount of them (or of all indexes, without succeededIndexes). A rule whose succeededIndexes does
// not parse to any index is skipped.
import type { JobSpec } from '../../api/batch.js';
import { type Interval, parseIndexes, total } from './indexed.js';

export const SUCCESS_POLICY_MESSAGE_PREFIX = 'Matched rules at index';

export interface SuccessPolicyMatch {
  met: boolean;
  /** `Matched rules at index <k>`, or '' when no rule matched. */
  message: string;
}

export function matchSuccessPolicy(
  policy: JobSpec['successPolicy'],
  completions: number,
  succeededIndexes: readonly Interval[],
): SuccessPolicyMatch {
  if (!policy || succeededIndexes.length === 0) return NOT_MET;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeededIndexes, rule.succeededCount)) {
        return { met: true, message: `${SUCCESS_POLICY_MESSAGE_PREFIX} ${index}` };
      }
    } else if (rule.succeededCount !== undefined && total(succeededIndexes) >= rule.succeededCount) {
      return { met: true, message: `${SUCCESS_POLICY_MESSAGE_PREFIX} ${index}` };
    }
  }
  return NOT_MET;
}

/** No rule matched (shared: read only). */
const NOT_MET: SuccessPolicyMatch = Object.freeze({ met: false, message: '' });

/** How many of the rule's indexes succeeded, walking both ordered lists once. */
export function matchSucceededIndexesRule(
  rule: readonly Interval[],
  succeeded: readonly Interval[],
  succeededCount: number | undefined,
): boolean {
  let contains = 0;
  let r = 0;
  let s = 0;
  while (r < rule.length && s < succeeded.length) {
    const ri = rule[r]!;
    const si = succeeded[s]!;
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === total(rule) || (succeededCount !== undefined && contains >= succeededCount);
}
