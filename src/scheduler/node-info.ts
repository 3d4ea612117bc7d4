// Per-node scheduling state: allocatable and requested resources (milli-units) and the pods counted on it.
import type { Node, Pod } from '../api/core.js';
import { parseResourceList, podRequests } from '../api/quantity.js';

export class NodeInfo {
  allocatable: Map<string, number>;
  readonly requested = new Map<string, number>();
  readonly pods = new Set<Pod>();

  constructor(public node: Node) {
    this.allocatable = parseResourceList(node.status.allocatable);
  }

  get name(): string {
    return this.node.metadata.name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = parseResourceList(node.status.allocatable);
  }

  add(pod: Pod, req: Map<string, number>): void {
    if (this.pods.has(pod)) return;
    this.pods.add(pod);
    for (const [k, v] of req) this.requested.set(k, (this.requested.get(k) ?? 0) + v);
  }

  remove(pod: Pod, req: Map<string, number>): void {
    if (!this.pods.delete(pod)) return;
    for (const [k, v] of req) this.requested.set(k, (this.requested.get(k) ?? 0) - v);
  }

  free(resource: string): number {
    return (this.allocatable.get(resource) ?? 0) - (this.requested.get(resource) ?? 0);
  }
}

const cache = new WeakMap<Pod, Map<string, number>>();

/** A pod's requests in milli-units, memoised per pod object. */
export function requestsOf(pod: Pod): Map<string, number> {
  let r = cache.get(pod);
  if (!r) {
    r = podRequests(pod.spec);
    cache.set(pod, r);
  }
  return r;
}
