// The scheduler's index of node labels, for the nodes that can pass a pod's nodeSelector (selectorCandidates):
// which nodes the speed-mode walk and the never-schedulable check need to look at.
import type { Pod } from '../api/core.js';
import type { NodeInfo } from './node-info.js';

const NO_NODES: readonly NodeInfo[] = [];

export class NodeLabelIndex {
  /**
   * label key → value → nodes, for nodeSelector candidates (in no particular order): built per key on first use,
   * then kept up to date node by node (a rescan of every node after each node event cost 7 % at 10,000 nodes).
   */
  private readonly nodesByLabel = new Map<string, Map<string, NodeInfo[]>>();
  /** The label values each node is indexed under in nodesByLabel, by key (its labels may change in place). */
  private readonly indexedLabels = new Map<NodeInfo, Map<string, string>>();

  /** `nodes`: the scheduler's nodes by name, read to index a label key on first use. */
  constructor(private readonly nodes: ReadonlyMap<string, NodeInfo>) {}

  /**
   * The only nodes that can pass the pod's nodeSelector: those carrying its rarest selector label (from an index
   * of node labels, built per key on first use and dropped on any node event); undefined without a nodeSelector.
   */
  selectorCandidates(pod: Pod): readonly NodeInfo[] | undefined {
    const sel = pod.spec.nodeSelector;
    if (!sel) return undefined;
    let best: readonly NodeInfo[] | undefined;
    for (const k in sel) {
      let byValue = this.nodesByLabel.get(k);
      if (!byValue) {
        byValue = new Map();
        this.nodesByLabel.set(k, byValue);
        for (const info of this.nodes.values()) this.indexLabel(info, k, byValue);
      }
      const list = byValue.get(sel[k]!) ?? NO_NODES;
      if (!best || list.length < best.length) best = list;
    }
    return best;
  }

  /** Adds the node to the index of every indexed label key. */
  indexLabels(info: NodeInfo): void {
    for (const [k, byValue] of this.nodesByLabel) this.indexLabel(info, k, byValue);
  }

  private indexLabel(info: NodeInfo, key: string, byValue: Map<string, NodeInfo[]>): void {
    const v = info.node.metadata.labels?.[key];
    if (v === undefined) return;
    let list = byValue.get(v);
    if (!list) {
      list = [];
      byValue.set(v, list);
    }
    list.push(info);
    let rec = this.indexedLabels.get(info);
    if (!rec) {
      rec = new Map();
      this.indexedLabels.set(info, rec);
    }
    rec.set(key, v);
  }

  /** Removes the node from the index under the values it was indexed with. */
  unindexLabels(info: NodeInfo): void {
    const rec = this.indexedLabels.get(info);
    if (!rec) return;
    this.indexedLabels.delete(info);
    for (const [k, v] of rec) {
      const byValue = this.nodesByLabel.get(k);
      const list = byValue?.get(v);
      if (!list) continue;
      const i = list.indexOf(info);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) byValue!.delete(v);
    }
  }
}
