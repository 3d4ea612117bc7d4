// Taints and tolerations: k8s.io/api/core/v1 Toleration.ToleratesTaint, and the untolerated-taint search that
// kube-scheduler's TaintToleration filter runs (v1helper.FindMatchingUntoleratedTaint).
import type { Taint, TaintEffect, Toleration } from './core.js';

/**
 * Toleration.ToleratesTaint:
 *   1. an empty (or absent) toleration effect matches every taint effect, otherwise the effects must be equal;
 *   2. an empty (or absent) toleration key matches every taint key, otherwise the keys must be equal;
 *   3. operator Exists matches any value; operator Equal, or no operator, compares values, an absent value
 *      being ''; any other operator tolerates nothing.
 * Rule 2 holds for Equal too: upstream does not check that an empty key comes with Exists (API validation
 * does), so {operator: 'Equal', value: 'v'} tolerates every taint whose value is 'v'.
 * The alpha Gt/Lt toleration operators (TaintTolerationComparisonOperators) are not in core.ts's Toleration
 * type and are treated as unknown operators.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op: string | undefined = t.operator;
  if (op === undefined || op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return op === 'Exists';
}

/** v1helper.TolerationsTolerateTaint: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (tolerations === undefined || tolerations === null) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/** The effects kube-scheduler's TaintToleration filter considers (DoNotScheduleTaintsFilterFunc). */
export const DO_NOT_SCHEDULE_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/**
 * v1helper.FindMatchingUntoleratedTaint: the first taint, in node order, whose effect is listed in `effects` and
 * that no toleration tolerates; undefined when there is none. With the default effects this is the
 * TaintToleration Filter: PreferNoSchedule taints never make a node infeasible.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  effects: readonly TaintEffect[] = DO_NOT_SCHEDULE_EFFECTS,
): Taint | undefined {
  if (taints === undefined || taints === null) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (effects.includes(taint.effect) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
