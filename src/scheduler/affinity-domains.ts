// Speed mode's InterPodAffinity filter: AffinityState's verdicts (the fidelity path, inter-pod-affinity.ts), asked per
// topology domain by a small integer id instead of per node by label string. A leader of an exclusive JobSet walks
// thousands of nodes in hundreds of domains per cycle; each domain is now evaluated once per cycle with terms parsed
// once (compileTerm), and each node costs a few typed-array reads. The node → domain tables are rebuilt after any node
// event (labels may have changed), as the shape cache is.
import type { Pod } from '../api/core.js';
import type { DomainCounts } from './anti-affinity-counters.js';
import { AFFINITY_REASON, ANTI_AFFINITY_REASON, compileTerm, EXISTING_ANTI_AFFINITY_REASON } from './filters.js';
import type { AffinityState, PlacedPodIndex } from './inter-pod-affinity.js';
import type { NodeInfo } from './node-info.js';

/** One topology key's domains: node id → domain id (-1: the node lacks the label), and each domain's value. */
export interface DomainTable {
  readonly ofNode: Int32Array;
  readonly values: readonly string[];
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/** The node → domain tables by topology key, built on first use; clear() on every node event. */
export class TopologyDomainIds {
  private readonly tables = new Map<string, DomainTable>();

  constructor(private readonly nodes: () => readonly NodeInfo[]) {}

  clear(): void {
    this.tables.clear();
  }

  table(topologyKey: string): DomainTable {
    const cached = this.tables.get(topologyKey);
    if (cached) return cached;
    const nodes = this.nodes();
    let maxId = -1;
    for (const info of nodes) if (info.id > maxId) maxId = info.id;
    const ofNode = new Int32Array(maxId + 1).fill(-1);
    const values: string[] = [];
    const byValue = new Map<string, number>();
    for (const info of nodes) {
      // The same lookup as the fidelity filter's `(labels ?? {})[key]`.
      const labels = info.node.metadata.labels ?? NO_LABELS;
      const v = labels[topologyKey];
      if (v === undefined) continue;
      let d = byValue.get(v);
      if (d === undefined) {
        d = values.length;
        values.push(v);
        byValue.set(v, d);
      }
      ofNode[info.id] = d;
    }
    const t = { ofNode, values };
    this.tables.set(topologyKey, t);
    return t;
  }
}

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

/** A per-cycle answer per domain of one table (UNKNOWN until asked). */
interface DomainMemo {
  readonly key: string;
  readonly table: DomainTable;
  memo: Uint8Array | undefined;
}

function memoOf(key: string, table: DomainTable): DomainMemo {
  return { key, table, memo: undefined };
}

/** The cycle's InterPodAffinity filter in speed mode; same order of checks and reasons as interPodAffinity.filter. */
export class DomainAffinityFilter {
  /** Topology keys of placed pods' required anti-affinity terms (symmetry). */
  private readonly existing: (DomainMemo & { domains: DomainCounts | undefined })[];
  /** The pod's own required anti-affinity terms, one memo each. */
  private readonly anti: (DomainMemo & { matches: (p: Pod) => boolean })[];
  /** The pod's required affinity terms; terms with the same topology key share a memo, as AffinityState's. */
  private readonly affinity: DomainMemo[];
  private readonly affinityMatchers: ((p: Pod) => boolean)[];
  /** The first pod of a group with affinity to itself may go anywhere that has the topology labels. */
  private readonly firstPodOk: boolean;
  /** This cycle's stamp for the anti-affinity counters' per-group verdicts. */
  private readonly stamp: number;

  constructor(
    private readonly pod: Pod,
    state: AffinityState,
    private readonly index: PlacedPodIndex,
    ids: TopologyDomainIds,
  ) {
    const ns = pod.metadata.namespace ?? 'default';
    this.stamp = index.antiCounters.newCycle();
    this.existing = [...index.antiTopologyKeys.keys()].map((k) => ({
      ...memoOf(k, ids.table(k)),
      domains: index.antiCounters.domainsOf(k),
    }));
    this.anti = state.antiAffinityTerms.map((t) => ({
      ...memoOf(t.topologyKey, ids.table(t.topologyKey)),
      matches: compileTerm(t, ns),
    }));
    const byKey = new Map<string, DomainMemo>();
    this.affinity = state.affinityTerms.map((t) => {
      let m = byKey.get(t.topologyKey);
      if (!m) {
        m = memoOf(t.topologyKey, ids.table(t.topologyKey));
        byKey.set(t.topologyKey, m);
      }
      return m;
    });
    this.affinityMatchers = state.affinityTerms.map((t) => compileTerm(t, ns));
    this.firstPodOk = !state.anyAffinityMatch && state.selfMatch;
  }

  /**
   * The filter's first check alone: a placed pod's anti-affinity forbids the node. The cycle's walk skips such nodes
   * (an exclusive JobSet's leader would otherwise visit every node of every occupied pool); it counts their rejections
   * only when no node is feasible, the one case where reasons and rejectedBy are read.
   */
  existingRejects(info: NodeInfo): boolean {
    return this.existingRejectsId(info.id);
  }

  /**
   * existingRejects by node id: the walk passes the id from the shape entry's typed array, so a skipped node's
   * NodeInfo (a likely cache miss each) is never touched, and the per-domain verdict is read inline.
   */
  existingRejectsId(id: number): boolean {
    const existing = this.existing;
    for (let i = 0; i < existing.length; i++) {
      const e = existing[i]!;
      const d = e.table.ofNode[id]!;
      if (d < 0) continue;
      const memo = e.memo;
      const r = memo === undefined ? UNKNOWN : memo[d]!;
      if (r === YES || (r === UNKNOWN && this.ask(e, d, this.existingForbids) === YES)) return true;
    }
    return false;
  }

  /** Placed pods carry anti-affinity terms, so existingRejects may skip nodes. */
  get checksExisting(): boolean {
    return this.existing.length > 0;
  }

  filter(info: NodeInfo): string | undefined {
    const id = info.id;
    if (this.existing.length > 0 && this.existingRejects(info)) return EXISTING_ANTI_AFFINITY_REASON;
    for (const a of this.anti) {
      const d = a.table.ofNode[id]!;
      if (d >= 0 && this.ask(a, d, this.antiMatchIn) === YES) return ANTI_AFFINITY_REASON;
    }
    if (this.affinity.length > 0) {
      let podsExist = true;
      for (const a of this.affinity) {
        const d = a.table.ofNode[id]!;
        if (d < 0) return AFFINITY_REASON;
        if (podsExist && this.ask(a, d, this.affinityMatchIn) === NO) podsExist = false;
      }
      if (!podsExist && !this.firstPodOk) return AFFINITY_REASON;
    }
    return undefined;
  }

  private ask<M extends DomainMemo>(m: M, d: number, evaluate: (m: M, value: string) => boolean): number {
    const memo = (m.memo ??= new Uint8Array(m.table.values.length));
    let r = memo[d]!;
    if (r === UNKNOWN) {
      r = evaluate.call(this, m, m.table.values[d]!) ? YES : NO;
      memo[d] = r;
    }
    return r;
  }

  /** A placed pod's required anti-affinity term over this key selects the pod and covers the domain. */
  private existingForbids(m: DomainMemo & { domains: DomainCounts | undefined }, value: string): boolean {
    return this.index.antiCounters.forbidsIn(m.domains, value, this.pod, this.stamp);
  }

  /** Some placed pod in the domain matches this anti-affinity term. */
  private antiMatchIn(m: DomainMemo & { matches: (p: Pod) => boolean }, value: string): boolean {
    for (const other of this.index.inDomain(m.key, value) ?? []) if (m.matches(other)) return true;
    return false;
  }

  /** Some placed pod in the domain matches every affinity term. */
  private affinityMatchIn(m: DomainMemo, value: string): boolean {
    const matchers = this.affinityMatchers;
    for (const other of this.index.inDomain(m.key, value) ?? []) {
      let all = true;
      for (let i = 0; i < matchers.length && all; i++) all = matchers[i]!(other);
      if (all) return true;
    }
    return false;
  }
}
