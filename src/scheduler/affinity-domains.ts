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
  /** domain value → id (the inverse of `values`) */
  readonly ids: ReadonlyMap<string, number>;
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
    const ids = new Map<string, number>();
    for (const info of nodes) {
      // The same lookup as the fidelity filter's `(labels ?? {})[key]`.
      const labels = info.node.metadata.labels ?? NO_LABELS;
      const v = labels[topologyKey];
      if (v === undefined) continue;
      let d = ids.get(v);
      if (d === undefined) {
        d = values.length;
        values.push(v);
        ids.set(v, d);
      }
      ofNode[info.id] = d;
    }
    const t = { ofNode, values, ids };
    this.tables.set(topologyKey, t);
    return t;
  }
}

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

/** A per-cycle answer per domain of one table (UNKNOWN until asked). */
class DomainMemo {
  memo: Uint8Array | undefined = undefined;
  constructor(
    readonly key: string,
    readonly table: DomainTable,
  ) {}

  /** The memo, allocated on first use (most cycles of a pod without terms never ask). */
  get answers(): Uint8Array {
    return (this.memo ??= new Uint8Array(this.table.values.length));
  }
}

/** A placed pods' anti-affinity topology key. */
class ExistingMemo extends DomainMemo {
  constructor(
    key: string,
    table: DomainTable,
    readonly domains: DomainCounts | undefined,
    /** Terms per domain id when every domain with terms forbids the pod (AntiAffinityCounters.uniform). */
    readonly occupied: Int32Array | undefined,
  ) {
    super(key, table);
  }
}

/** One of the pod's own required anti-affinity terms. */
class AntiMemo extends DomainMemo {
  constructor(
    key: string,
    table: DomainTable,
    readonly matches: (p: Pod) => boolean,
  ) {
    super(key, table);
  }
}

/** The cycle's InterPodAffinity filter in speed mode; same order of checks and reasons as interPodAffinity.filter. */
export class DomainAffinityFilter {
  /** Topology keys of placed pods' required anti-affinity terms (symmetry). */
  private readonly existing: ExistingMemo[] = [];
  /** The pod's own required anti-affinity terms, one memo each. */
  private readonly anti: AntiMemo[] = [];
  /** The pod's required affinity terms; terms with the same topology key share a memo, as AffinityState's. */
  private readonly affinity: DomainMemo[] = [];
  private readonly affinityMatchers: ((p: Pod) => boolean)[] = [];
  /** The first pod of a group with affinity to itself may go anywhere that has the topology labels. */
  private readonly firstPodOk: boolean;
  /** This cycle's stamp for the anti-affinity counters' per-group verdicts. */
  private readonly stamp: number;
  /** The distinct tables the filter reads, in first-use order (PassRuns' key). */
  readonly tables: DomainTable[] = [];

  constructor(
    private readonly pod: Pod,
    state: AffinityState,
    private readonly index: PlacedPodIndex,
    ids: TopologyDomainIds,
  ) {
    const ns = pod.metadata.namespace ?? 'default';
    const counters = index.antiCounters;
    this.stamp = counters.newCycle();
    if (index.antiTopologyKeys.size > 0) {
      // Every group selects the pod and none lists its hole value: a domain forbids it exactly where terms are.
      const uniform = counters.uniform(pod, this.stamp);
      for (const k of index.antiTopologyKeys.keys()) {
        const table = this.use(ids.table(k));
        this.existing.push(
          new ExistingMemo(k, table, counters.domainsOf(k), uniform ? counters.occupancy(k, table) : undefined),
        );
      }
    }
    for (const t of state.antiAffinityTerms) {
      this.anti.push(new AntiMemo(t.topologyKey, this.use(ids.table(t.topologyKey)), compileTerm(t, ns)));
    }
    let byKey: Map<string, DomainMemo> | undefined;
    for (const t of state.affinityTerms) {
      byKey ??= new Map();
      let m = byKey.get(t.topologyKey);
      if (!m) {
        m = new DomainMemo(t.topologyKey, this.use(ids.table(t.topologyKey)));
        byKey.set(t.topologyKey, m);
      }
      this.affinity.push(m);
      this.affinityMatchers.push(compileTerm(t, ns));
    }
    this.firstPodOk = !state.anyAffinityMatch && state.selfMatch;
  }

  private use(table: DomainTable): DomainTable {
    if (!this.tables.includes(table)) this.tables.push(table);
    return table;
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
      const occupied = e.occupied;
      if (occupied !== undefined) {
        if (occupied[d]! > 0) return true;
        continue;
      }
      const memo = e.answers;
      let r = memo[d]!;
      if (r === UNKNOWN) {
        r = this.index.antiCounters.forbidsIn(e.domains, e.table.values[d]!, this.pod, this.stamp) ? YES : NO;
        memo[d] = r;
      }
      if (r === YES) return true;
    }
    return false;
  }

  /** Placed pods carry anti-affinity terms, so existingRejects may skip nodes. */
  get checksExisting(): boolean {
    return this.existing.length > 0;
  }

  filter(info: NodeInfo): string | undefined {
    const id = info.id;
    if (this.existing.length > 0 && this.existingRejectsId(id)) return EXISTING_ANTI_AFFINITY_REASON;
    for (const a of this.anti) {
      const d = a.table.ofNode[id]!;
      if (d >= 0 && this.antiMatchIn(a, d)) return ANTI_AFFINITY_REASON;
    }
    if (this.affinity.length > 0) {
      let podsExist = true;
      for (const a of this.affinity) {
        const d = a.table.ofNode[id]!;
        if (d < 0) return AFFINITY_REASON;
        if (podsExist && !this.affinityMatchIn(a, d)) podsExist = false;
      }
      if (!podsExist && !this.firstPodOk) return AFFINITY_REASON;
    }
    return undefined;
  }

  /** Some placed pod in the domain matches this anti-affinity term (memoised per domain for the cycle). */
  private antiMatchIn(m: AntiMemo, d: number): boolean {
    const memo = m.answers;
    let r = memo[d]!;
    if (r === UNKNOWN) {
      r = NO;
      for (const other of this.index.inDomain(m.key, m.table.values[d]!) ?? []) {
        if (m.matches(other)) {
          r = YES;
          break;
        }
      }
      memo[d] = r;
    }
    return r === YES;
  }

  /** Some placed pod in the domain matches every affinity term (memoised per domain for the cycle). */
  private affinityMatchIn(m: DomainMemo, d: number): boolean {
    const memo = m.answers;
    let r = memo[d]!;
    if (r === UNKNOWN) {
      r = NO;
      const matchers = this.affinityMatchers;
      for (const other of this.index.inDomain(m.key, m.table.values[d]!) ?? []) {
        let all = true;
        for (let i = 0; i < matchers.length && all; i++) all = matchers[i]!(other);
        if (all) {
          r = YES;
          break;
        }
      }
      memo[d] = r;
    }
    return r === YES;
  }
}
