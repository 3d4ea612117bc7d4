// Reads the cluster-scoped Kubernetes objects the simulator models: PriorityClasses and Namespaces.
import { dns1123Message, isDns1123Label } from './checker.js';
import type { Entry } from './entry.js';
import type { Scenario } from './model.js';

const MAX_USER_PRIORITY = 1_000_000_000;

export function readPriorityClass(e: Entry): Scenario['priorityClasses'][number] | undefined {
  const { c } = e;
  const o = e.raw.object;
  const before = c.errors;
  const value = c.int(o.value, 'value', { min: -2_147_483_648, max: 2_147_483_647, required: true });
  if (value !== undefined && value > MAX_USER_PRIORITY && !(e.name ?? '').startsWith('system-')) {
    c.err('value', `must be at most ${MAX_USER_PRIORITY} for a user-defined PriorityClass, got ${value}`);
  }
  const globalDefault = c.bool(o.globalDefault, 'globalDefault') ?? false;
  const preemptionPolicy = c.oneOf(o.preemptionPolicy, 'preemptionPolicy', ['PreemptLowerPriority', 'Never']);
  c.string(o.description, 'description');
  if (c.errors !== before || value === undefined || e.name === undefined) return undefined;
  return { name: e.name, value, globalDefault, ...(preemptionPolicy !== undefined ? { preemptionPolicy } : {}) };
}

/** The Namespace's name, if it is a valid one. */
export function readNamespace(e: Entry): string | undefined {
  if (e.name === undefined) return undefined;
  if (!isDns1123Label(e.name)) {
    e.c.err('metadata.name', dns1123Message(e.name, 'Namespace'));
    return undefined;
  }
  return e.name;
}
