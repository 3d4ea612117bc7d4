// Topology domains of the cluster (zone → block → sub-block → node pool), with how many nodes each domain
// has and how many of them run something. Placement policies read it to keep gangs together and to pack;
// the placement metrics read the count of partially used domains. Updated on every bind and release, O(levels).
import type { NodeInfo } from './node-info.js';

export interface TopologyLevel {
  /** The metric key (`partialDomains.<name>`). */
  readonly name: string;
  /** The node label whose value names the domain. */
  readonly key: string;
}

/** The levels a GKE cluster labels, coarsest first (CONTRACT.md §NodePool `topology`). */
export const TOPOLOGY_LEVELS: readonly TopologyLevel[] = [
  { name: 'zone', key: 'topology.kubernetes.io/zone' },
  { name: 'block', key: 'cloud.google.com/gce-topology-block' },
  { name: 'subblock', key: 'cloud.google.com/gce-topology-subblock' },
  { name: 'nodepool', key: 'cloud.google.com/gke-nodepool' },
];

interface Domain {
  nodes: number;
  used: number;
}

export class DomainIndex {
  private readonly domains: Map<string, Domain>[] = TOPOLOGY_LEVELS.map(() => new Map());
  /** node id → whether it counted as used at the last update */
  private readonly usedNodes = new Set<number>();
  /** Per level: domains with 0 < used < nodes. */
  readonly partial: number[] = TOPOLOGY_LEVELS.map(() => 0);
  /** Called before a partial count changes, so time integrals can close the previous interval. */
  onBeforeChange: () => void = () => {};

  addNode(info: NodeInfo): void {
    this.forEachDomain(info, (d) => {
      const was = isPartial(d);
      d.nodes++;
      return was;
    });
    this.update(info);
  }

  removeNode(info: NodeInfo): void {
    const used = this.usedNodes.delete(info.id);
    this.forEachDomain(info, (d) => {
      const was = isPartial(d);
      d.nodes--;
      if (used) d.used--;
      return was;
    });
  }

  /** Re-read whether the node runs anything. */
  update(info: NodeInfo): void {
    const used = info.pods.size > 0;
    if (used === this.usedNodes.has(info.id)) return;
    if (used) this.usedNodes.add(info.id);
    else this.usedNodes.delete(info.id);
    this.forEachDomain(info, (d) => {
      const was = isPartial(d);
      d.used += used ? 1 : -1;
      return was;
    });
  }

  /** The domain's value of `level` for the node (undefined when the node lacks the label). */
  static valueOf(info: NodeInfo, level: number): string | undefined {
    return info.node.metadata.labels?.[TOPOLOGY_LEVELS[level]!.key];
  }

  /** Nodes in the domain, and how many run something. */
  get(level: number, value: string): Readonly<Domain> | undefined {
    return this.domains[level]!.get(value);
  }

  /** `mutate` returns whether the domain was partial before it changed; the partial counts follow. */
  private forEachDomain(info: NodeInfo, mutate: (d: Domain) => boolean): void {
    for (let l = 0; l < TOPOLOGY_LEVELS.length; l++) {
      const v = DomainIndex.valueOf(info, l);
      if (v === undefined) continue;
      const m = this.domains[l]!;
      let d = m.get(v);
      if (!d) {
        d = { nodes: 0, used: 0 };
        m.set(v, d);
      }
      this.onBeforeChange();
      const was = mutate(d);
      const now = isPartial(d);
      if (was !== now) this.partial[l]! += now ? 1 : -1;
      if (d.nodes === 0) m.delete(v);
    }
  }
}

function isPartial(d: Domain): boolean {
  return d.used > 0 && d.used < d.nodes;
}
