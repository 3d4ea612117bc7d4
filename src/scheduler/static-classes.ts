// The nodes grouped by what the static filters ahead of NodeAffinity read (cordon and taints): a pod whose
// nodeSelector admits few candidate nodes (Kueue TAS pins each pod to its host) gets the same verdict on every
// other node of a class, so the rejection counts over all nodes cost O(candidates + classes), not O(nodes).
import type { Node } from '../api/core.js';
import type { NodeInfo } from './node-info.js';

export interface StaticClass {
  /** The class's nodes (any of them stands for all: the filters read only what the key holds). */
  readonly members: Set<NodeInfo>;
}

/** The class key: NodeUnschedulable reads `spec.unschedulable`, TaintToleration the taints, in order. */
function classKey(node: Node): string {
  const taints = node.spec.taints;
  return `${node.spec.unschedulable ? 1 : 0}${taints === undefined || taints.length === 0 ? '' : JSON.stringify(taints)}`;
}

export class StaticClasses {
  private readonly byKey = new Map<string, StaticClass>();
  private readonly classOf = new Map<NodeInfo, { key: string; c: StaticClass }>();

  /** How many nodes the classes hold. */
  get size(): number {
    return this.classOf.size;
  }

  classes(): IterableIterator<StaticClass> {
    return this.byKey.values();
  }

  of(info: NodeInfo): StaticClass | undefined {
    return this.classOf.get(info)?.c;
  }

  /** Adds the node under its current spec (remove it first when the spec changed). */
  add(info: NodeInfo): void {
    const key = classKey(info.node);
    let c = this.byKey.get(key);
    if (c === undefined) {
      c = { members: new Set() };
      this.byKey.set(key, c);
    }
    c.members.add(info);
    this.classOf.set(info, { key, c });
  }

  remove(info: NodeInfo): void {
    const e = this.classOf.get(info);
    if (e === undefined) return;
    this.classOf.delete(info);
    e.c.members.delete(info);
    if (e.c.members.size === 0) this.byKey.delete(e.key);
  }
}

/**
 * Adds to `counts` the static rejections of every node without visiting the nodes outside `candidates`: each
 * candidate by `candidateReason` (undefined: it passes, not counted), the other members of each class by
 * `restReason` of any one member (what the filters ahead of NodeAffinity say, read from the class, else NodeAffinity's
 * rejection). Candidates first, in the order given, then the classes.
 */
export function countByClass(
  classes: StaticClasses,
  candidates: Iterable<NodeInfo>,
  candidateReason: (info: NodeInfo) => string | undefined,
  restReason: (info: NodeInfo) => string,
  counts: Map<string, number>,
): void {
  const inClass = new Map<StaticClass, number>();
  for (const info of candidates) {
    const r = candidateReason(info);
    if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
    const c = classes.of(info)!;
    inClass.set(c, (inClass.get(c) ?? 0) + 1);
  }
  for (const c of classes.classes()) {
    const rest = c.members.size - (inClass.get(c) ?? 0);
    if (rest === 0) continue;
    const r = restReason(c.members.values().next().value!);
    counts.set(r, (counts.get(r) ?? 0) + rest);
  }
}
