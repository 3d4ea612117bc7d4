// Built-in apiserver admission for pods that real clusters run before any webhook:
// Priority (spec.priority from the PriorityClass) and ExtendedResourceToleration (GKE enables it).
import type { Pod } from './core.js';
import { podRequests } from './quantity.js';

export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy?: string;
}

export class PriorityAdmission {
  private readonly byName = new Map<string, PriorityClassInfo>();
  private globalDefault?: PriorityClassInfo;

  constructor(classes: PriorityClassInfo[]) {
    for (const c of classes) {
      this.byName.set(c.name, c);
      if (c.globalDefault) this.globalDefault = c;
    }
  }

  /** Throws a message like the apiserver's when the class does not exist. */
  admit(pod: Pod): void {
    const name = pod.spec.priorityClassName;
    if (name) {
      const c = this.byName.get(name);
      if (!c) throw new Error(`no PriorityClass with name ${name} was found`);
      pod.spec.priority = c.value;
      pod.spec.preemptionPolicy ??= (c.preemptionPolicy as Pod['spec']['preemptionPolicy']) ?? 'PreemptLowerPriority';
    } else {
      pod.spec.priority = this.globalDefault?.value ?? 0;
      if (this.globalDefault) pod.spec.priorityClassName = this.globalDefault.name;
      pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
    }
  }
}

/** Extended resources are the domain-prefixed names outside *kubernetes.io/ (e.g. nvidia.com/gpu). */
export function isExtendedResource(name: string): boolean {
  if (!name.includes('/')) return false;
  const domain = name.slice(0, name.indexOf('/'));
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io') && !name.startsWith('requests.');
}

/** ExtendedResourceToleration: a pod requesting an extended resource tolerates the taint of that name. */
export function extendedResourceToleration(pod: Pod): void {
  const tols = (pod.spec.tolerations ??= []);
  const names = [...podRequests(pod.spec).keys()].filter(isExtendedResource).sort();
  for (const name of names) {
    if (tols.some((t) => t.key === name && t.operator === 'Exists' && t.effect === 'NoSchedule')) continue;
    tols.push({ key: name, operator: 'Exists', effect: 'NoSchedule' });
  }
}

/** DefaultTolerationSeconds: every pod tolerates not-ready and unreachable NoExecute taints for 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;

export function defaultTolerationSeconds(pod: Pod): void {
  const tols = (pod.spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tols.some(
      (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
    );
    if (!has)
      tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
}
