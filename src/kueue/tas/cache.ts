// The TAS cache of the simulated Kueue (kueue ff69552e pkg/cache/scheduler tas_cache.go, tas_nodes_cache.go,
// tas_non_tas_pod_cache.go): one TasFlavorSnapshot per TAS ResourceFlavor whose Topology exists, the nodes that are
// schedulable and Ready, and the usage of non-TAS pods per node.
//
// Cost grows with change: node events bump a generation and each flavor rebuilds its domain tree lazily, at its next
// use, from the nodes (upstream caches the tree per node generation the same way, TASCacheTopologyTree); pod events
// update the non-TAS usage of one node; TAS usage is added and removed per admitted workload. The generation is per
// flavor, moved only by nodes the flavor had or has, and each flavor keeps its own nodes in the cache's node order:
// a GPU node's failure does not rebuild the TPU flavors' trees, and no rebuild scans every node of the cluster.
// Usage changes on a tree waiting for its rebuild wait with it (updateUsage): only reads rebuild. Nodes that keep
// their place (a maintenance notice's labels, taints, allocatable) or come at the end of the order (a node back from
// NotReady) change the tree in place (TasFlavorSnapshot.update), and so do most removals (TasFlavorSnapshot.remove:
// a node whose domains keep their order without it); only moves and the other removals rebuild it.
import type { Node, Pod } from '../../api/core.js';
import { podIsTerminal } from '../../api/core.js';
import { parseResourceList, podRequests } from '../../api/quantity.js';
import type { ResourceFlavor, Topology } from '../api.js';
import { isTASPod } from './requests.js';
import {
  type DomainRequests,
  nodeMatchesFlavor,
  nodeSchedulableAndReady,
  TasFlavorSnapshot,
  type TasNode,
} from './snapshot.js';

interface FlavorEntry {
  rf: ResourceFlavor;
  snap: TasFlavorSnapshot;
  /** Moved by every change to a node of this flavor (before or after the change). */
  generation: number;
  /**
   * The flavor's nodes, in the order of `TasCache.nodes` (what a filter of it gives); undefined when a node already
   * in the cache came to match the flavor, whose place only a rescan knows.
   */
  nodes: Map<string, TasNode> | undefined;
  /**
   * Since the tree was built, while `moved` is false: nodes changed in place (still in the flavor, the same level
   * values) and nodes new to the flavor's map (at its end), which TasFlavorSnapshot.update applies to the tree; any
   * other change sets `moved` and the tree is rebuilt.
   */
  modified: Set<string> | undefined;
  appended: Set<string> | undefined;
  /** Nodes of the tree that left the flavor since it was built (TasFlavorSnapshot.remove, before the update). */
  removed: Set<string> | undefined;
  moved: boolean;
}

export class TasCache {
  private readonly flavors = new Map<string, FlavorEntry>();
  private readonly nodes = new Map<string, TasNode>();
  private readonly signatures = new Map<string, string>();
  /** Non-TAS pods' usage per node (requests + 1 pod), and what each pod added. */
  private readonly nonTas = new Map<string, Map<string, number>>();
  private readonly podUsage = new Map<string, { node: string; usage: Map<string, number> }>();

  constructor(flavors: readonly ResourceFlavor[], topologies: readonly Topology[]) {
    const levels = new Map(topologies.map((t) => [t.metadata.name, t.spec.levels.map((l) => l.nodeLabel)]));
    for (const rf of flavors) {
      const topo = rf.spec?.topologyName;
      const lv = topo === undefined ? undefined : levels.get(topo);
      if (!lv || lv.length === 0) continue;
      this.flavors.set(rf.metadata.name, {
        rf,
        snap: new TasFlavorSnapshot({
          topologyName: topo!,
          levels: lv,
          tolerations: rf.spec?.tolerations ?? [],
          nonTasUsage: this.nonTas,
        }),
        generation: 0,
        nodes: new Map(),
        modified: undefined,
        appended: undefined,
        removed: undefined,
        moved: false,
      });
    }
  }

  /** Whether any ResourceFlavor is a TAS flavor (has a topologyName whose Topology exists). */
  hasFlavors(): boolean {
    return this.flavors.size > 0;
  }

  isTASFlavor(name: string): boolean {
    return this.flavors.has(name);
  }

  /** The flavor's snapshot with its tree current. */
  snapshot(flavor: string): TasFlavorSnapshot | undefined {
    const f = this.flavors.get(flavor);
    if (!f) return undefined;
    if (f.snap.generation !== f.generation) {
      if (!f.moved && f.nodes && (f.removed === undefined || f.snap.remove(f.removed))) {
        const nodes = f.nodes;
        const objects = (names: Set<string> | undefined) => (names ? [...names].map((name) => nodes.get(name)!) : []);
        f.snap.update(objects(f.modified), objects(f.appended), f.generation);
      } else {
        if (!f.nodes) {
          f.nodes = new Map();
          for (const n of this.nodes.values()) if (this.matches(f, n)) f.nodes.set(n.name, n);
        }
        f.snap.rebuild(f.nodes.values(), f.generation);
      }
      f.modified = undefined;
      f.appended = undefined;
      f.removed = undefined;
      f.moved = false;
    }
    return f.snap;
  }

  /**
   * Adds (1) or removes (−1) a workload's TAS usage on the flavor. A tree waiting for a rebuild (its nodes changed)
   * is not rebuilt for it: the usage is kept by leaf id across rebuilds and the old tree's leaves are touched (their
   * stamps tell the rebuild which kept counts are stale), so the tree is rebuilt once, at its next read.
   */
  updateUsage(flavor: string, usage: readonly DomainRequests[], sign: 1 | -1): void {
    this.flavors.get(flavor)?.snap.updateUsage(usage, sign);
  }

  private matches(f: FlavorEntry, n: TasNode): boolean {
    return nodeMatchesFlavor(n.labels, f.rf.spec?.nodeLabels, f.snap.levels);
  }

  /** Moves the generation of every flavor `before` (the node as cached) or `after` (as it will be) belongs to. */
  private changed(name: string, before: TasNode | undefined, after: TasNode | undefined): void {
    for (const f of this.flavors.values()) {
      const was = before !== undefined && this.matches(f, before);
      const is = after !== undefined && this.matches(f, after);
      if (!was && !is) continue;
      f.generation++;
      if (!f.nodes) continue;
      // What the tree needs for this change (a node appended this time is read at its latest when applied).
      if (was && is) {
        if (f.appended?.has(name) !== true) {
          if (f.snap.samePlace(before!.labels, after!.labels)) (f.modified ??= new Set()).add(name);
          else f.moved = true;
        }
      } else if (is && before === undefined && !f.nodes.has(name)) (f.appended ??= new Set()).add(name);
      else if (was && !is && f.nodes.has(name)) {
        // A node appended since the build was never in the tree; one of the tree leaves it (in place if it can).
        if (f.appended?.delete(name) !== true) {
          f.modified?.delete(name);
          (f.removed ??= new Set()).add(name);
        }
      } else f.moved = true;
      if (!is) f.nodes.delete(name);
      else if (was || before === undefined) f.nodes.set(name, after!);
      // A cached node that comes to match keeps its place in the cache's order, which the flavor's map lacks.
      else f.nodes = undefined;
    }
  }

  /**
   * nodesCache.sync: a node that is not schedulable and Ready leaves the cache; the generation moves only when what
   * TAS reads of the node (labels, taints, allocatable, presence) changed. Returns whether it did.
   */
  onNode(type: string, node: Node): boolean {
    const name = node.metadata.name;
    if (type === 'DELETED' || !nodeSchedulableAndReady(node)) {
      const before = this.nodes.get(name);
      if (!before) return false;
      this.nodes.delete(name);
      this.signatures.delete(name);
      this.changed(name, before, undefined);
      return true;
    }
    const sig = JSON.stringify([node.metadata.labels ?? {}, node.spec?.taints ?? [], node.status?.allocatable ?? {}]);
    if (this.signatures.get(name) === sig) return false;
    this.signatures.set(name, sig);
    const after: TasNode = {
      name,
      labels: { ...(node.metadata.labels ?? {}) },
      ...(node.spec?.taints ? { taints: node.spec.taints.map((t) => ({ ...t })) } : {}),
      allocatable: parseResourceList(node.status?.allocatable),
      places: [],
    };
    this.changed(name, this.nodes.get(name), after);
    this.nodes.set(name, after);
    return true;
  }

  /**
   * nonTasUsageCache: bound, non-terminal pods without TAS annotations count on their node. Returns the node whose
   * non-TAS usage went down (PodUsageReconciler's freed node), or ''.
   */
  onPod(type: string, pod: Pod): string {
    const uid = pod.metadata.uid;
    const counted = this.podUsage.get(uid);
    const wants =
      type !== 'DELETED' && pod.spec.nodeName && !podIsTerminal(pod) && !isTASPod(pod) ? pod.spec.nodeName : '';
    if (counted && counted.node === wants) return '';
    let freed = '';
    if (counted) {
      this.add(counted.node, counted.usage, -1);
      this.podUsage.delete(uid);
      freed = counted.node;
    }
    if (!wants) return freed;
    const usage = podRequests(pod.spec);
    usage.set('pods', (usage.get('pods') ?? 0) + 1000);
    this.add(wants, usage, 1);
    this.podUsage.set(uid, { node: wants, usage });
    return freed;
  }

  private add(node: string, usage: ReadonlyMap<string, number>, sign: 1 | -1): void {
    let u = this.nonTas.get(node);
    if (!u) this.nonTas.set(node, (u = new Map()));
    for (const [r, v] of usage) u.set(r, (u.get(r) ?? 0) + sign * v);
    for (const f of this.flavors.values()) f.snap.nodeUsageChanged(node);
  }
}
