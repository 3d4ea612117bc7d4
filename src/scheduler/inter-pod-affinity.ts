// InterPodAffinity's PreFilter state, evaluated lazily per topology domain instead of by upstream's scan of every
// existing pod per cycle. Verdicts are the same: "some existing pod matching the terms is in this node's domain" is
// answered by looking only at the pods in that domain (placed pods indexed by topology key and value), memoised for
// the cycle; "does any pod anywhere match" narrows the candidates through a label index first. The simulated
// scheduler time still charges upstream's per-existing-pod cost (spec/scheduler.md §7.4).
import type { Pod, PodAffinityTerm } from '../api/core.js';
import { AntiAffinityCounters } from './anti-affinity-counters.js';
import { termMatches } from './filters.js';
import type { NodeInfo } from './node-info.js';

type PodSet = Set<Pod>;

function add(m: Map<string, PodSet>, k: string, p: Pod): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(p);
}

function remove(m: Map<string, PodSet>, k: string, p: Pod): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(p);
  if (s.size === 0) m.delete(k);
}

/** Preferred podAffinity or podAntiAffinity terms. */
export function hasPreferredTerms(p: Pod): boolean {
  const a = p.spec.affinity;
  return !!(
    a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ||
    a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length
  );
}

function requiredAnti(p: Pod): PodAffinityTerm[] | undefined {
  const t = p.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return t?.length ? t : undefined;
}

/**
 * The placed (assumed or bound, not yet released) pods, indexed by the node label value of each topology key some
 * term has asked about, by their own labels once a term needed that, and, for pods with required anti-affinity,
 * by the domains their terms forbid. Keys are registered lazily, with one scan of the placed pods.
 */
export class PlacedPodIndex {
  private readonly nodeOf = new Map<Pod, NodeInfo>();
  /** topologyKey → domain value → placed pods on nodes of that domain */
  private readonly byDomain = new Map<string, Map<string, PodSet>>();
  /** label key → label value → placed pods carrying it */
  private readonly byLabel = new Map<string, Map<string, PodSet>>();
  /** topologyKey → value → placed pods whose required anti-affinity term with that key covers the domain */
  private readonly antiByDomain = new Map<string, Map<string, PodSet>>();
  readonly antiTopologyKeys = new Map<string, number>();
  /** Placed pods with preferred (anti-)affinity terms: InterPodAffinity scores them against every incoming pod. */
  readonly withPreferred = new Set<Pod>();
  /** Counters of placed pods' required anti-affinity terms per domain (speed mode's DomainAffinityFilter). */
  readonly antiCounters = new AntiAffinityCounters();

  get size(): number {
    return this.nodeOf.size;
  }

  add(pod: Pod, info: NodeInfo): void {
    if (this.nodeOf.has(pod)) return;
    this.nodeOf.set(pod, info);
    if (hasPreferredTerms(pod)) this.withPreferred.add(pod);
    const labels = info.node.metadata.labels ?? {};
    for (const [tk, m] of this.byDomain) {
      const v = labels[tk];
      if (v !== undefined) add(m, v, pod);
    }
    for (const [k, m] of this.byLabel) {
      const v = pod.metadata.labels?.[k];
      if (v !== undefined) add(m, v, pod);
    }
    const anti = requiredAnti(pod);
    if (anti) this.antiCounters.add(pod, anti, labels);
    for (const t of anti ?? []) {
      const v = labels[t.topologyKey];
      if (v === undefined) continue;
      let m = this.antiByDomain.get(t.topologyKey);
      if (!m) {
        m = new Map();
        this.antiByDomain.set(t.topologyKey, m);
      }
      add(m, v, pod);
      this.antiTopologyKeys.set(t.topologyKey, (this.antiTopologyKeys.get(t.topologyKey) ?? 0) + 1);
    }
  }

  remove(pod: Pod): void {
    const info = this.nodeOf.get(pod);
    if (!info) return;
    this.nodeOf.delete(pod);
    this.withPreferred.delete(pod);
    this.antiCounters.remove(pod);
    const labels = info.node.metadata.labels ?? {};
    for (const [tk, m] of this.byDomain) {
      const v = labels[tk];
      if (v !== undefined) remove(m, v, pod);
    }
    for (const [k, m] of this.byLabel) {
      const v = pod.metadata.labels?.[k];
      if (v !== undefined) remove(m, v, pod);
    }
    for (const t of requiredAnti(pod) ?? []) {
      const v = labels[t.topologyKey];
      if (v === undefined) continue;
      const m = this.antiByDomain.get(t.topologyKey);
      if (m) remove(m, v, pod);
      const n = (this.antiTopologyKeys.get(t.topologyKey) ?? 1) - 1;
      if (n > 0) this.antiTopologyKeys.set(t.topologyKey, n);
      else this.antiTopologyKeys.delete(t.topologyKey);
    }
  }

  all(): Iterable<Pod> {
    return this.nodeOf.keys();
  }

  nodeOfPod(pod: Pod): NodeInfo | undefined {
    return this.nodeOf.get(pod);
  }

  /** Placed pods on nodes whose `topologyKey` label is `value`. */
  inDomain(topologyKey: string, value: string): ReadonlySet<Pod> | undefined {
    let m = this.byDomain.get(topologyKey);
    if (!m) {
      m = new Map();
      for (const [p, info] of this.nodeOf) {
        const v = info.node.metadata.labels?.[topologyKey];
        if (v !== undefined) add(m, v, p);
      }
      this.byDomain.set(topologyKey, m);
    }
    return m.get(value);
  }

  /** Placed pods labelled key=value. */
  withLabel(key: string, value: string): ReadonlySet<Pod> | undefined {
    let m = this.byLabel.get(key);
    if (!m) {
      m = new Map();
      for (const p of this.nodeOf.keys()) {
        const v = p.metadata.labels?.[key];
        if (v !== undefined) add(m, v, p);
      }
      this.byLabel.set(key, m);
    }
    return m.get(value);
  }

  /** Placed pods with a required anti-affinity term over `topologyKey` whose domain is `value`. */
  antiIn(topologyKey: string, value: string): ReadonlySet<Pod> | undefined {
    return this.antiByDomain.get(topologyKey)?.get(value);
  }
}

/**
 * The pods a term can select are among those carrying one of the values of a matchLabels entry or an In
 * requirement; the smallest such set (undefined when the term has no such requirement).
 */
function candidates(index: PlacedPodIndex, term: PodAffinityTerm): Iterable<Pod> | undefined {
  let best: Pod[] | ReadonlySet<Pod> | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  const consider = (key: string, values: readonly string[]) => {
    if (values.length === 1) {
      const s = index.withLabel(key, values[0]!);
      const n = s?.size ?? 0;
      if (n < bestSize) {
        best = s ?? [];
        bestSize = n;
      }
      return;
    }
    const union: Pod[] = [];
    for (const v of values) for (const p of index.withLabel(key, v) ?? []) union.push(p);
    if (union.length < bestSize) {
      best = union;
      bestSize = union.length;
    }
  };
  const sel = term.labelSelector;
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) consider(k, [v]);
  for (const r of sel?.matchExpressions ?? []) if (r.operator === 'In') consider(r.key, r.values ?? []);
  return best;
}

/** The cycle's view for the InterPodAffinity filter (filters.ts). */
export class AffinityState {
  readonly selfMatch: boolean;
  /**
   * Whether any existing pod matching all affinity terms sits on a node with at least one of the terms' topology
   * labels (upstream: the affinity counts are non-empty), for the first-pod rule.
   */
  readonly anyAffinityMatch: boolean;
  /** Per-cycle answers by topology key (or term index) and domain value. */
  private readonly affinityMemo = new Map<string, Map<string, boolean>>();
  private readonly antiMemo: Map<string, boolean>[] = [];
  private readonly existingMemo = new Map<string, Map<string, boolean>>();
  private antiKeys: string[] | undefined;

  constructor(
    private readonly pod: Pod,
    readonly affinityTerms: readonly PodAffinityTerm[],
    readonly antiAffinityTerms: readonly PodAffinityTerm[],
    private readonly index: PlacedPodIndex,
  ) {
    const ns = pod.metadata.namespace ?? 'default';
    this.selfMatch = affinityTerms.length > 0 && affinityTerms.every((t) => termMatches(t, ns, pod));
    this.anyAffinityMatch = affinityTerms.length > 0 && this.findAnyAffinityMatch();
  }

  private get ns(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  private matchesAllAffinity(other: Pod): boolean {
    const ns = this.ns;
    for (const t of this.affinityTerms) if (!termMatches(t, ns, other)) return false;
    return true;
  }

  private findAnyAffinityMatch(): boolean {
    let pool: Iterable<Pod> | undefined;
    let size = Number.POSITIVE_INFINITY;
    for (const t of this.affinityTerms) {
      const c = candidates(this.index, t);
      const n = c === undefined ? Number.POSITIVE_INFINITY : Array.isArray(c) ? c.length : (c as Set<Pod>).size;
      if (c !== undefined && n < size) {
        pool = c;
        size = n;
      }
    }
    for (const other of pool ?? this.index.all()) {
      if (!this.matchesAllAffinity(other)) continue;
      const labels = this.index.nodeOfPod(other)?.node.metadata.labels ?? {};
      if (this.affinityTerms.some((t) => labels[t.topologyKey] !== undefined)) return true;
    }
    return false;
  }

  /** Some existing pod matching all affinity terms is in the domain topologyKey=value. */
  affinityPodsIn(topologyKey: string, value: string): boolean {
    let memo = this.affinityMemo.get(topologyKey);
    if (!memo) {
      memo = new Map();
      this.affinityMemo.set(topologyKey, memo);
    }
    let r = memo.get(value);
    if (r === undefined) {
      r = false;
      for (const other of this.index.inDomain(topologyKey, value) ?? []) {
        if (this.matchesAllAffinity(other)) {
          r = true;
          break;
        }
      }
      memo.set(value, r);
    }
    return r;
  }

  /** Some existing pod matching anti-affinity term `i` is in the domain topologyKey=value. */
  antiAffinityPodsIn(i: number, value: string): boolean {
    const t = this.antiAffinityTerms[i]!;
    const memo = (this.antiMemo[i] ??= new Map());
    let r = memo.get(value);
    if (r === undefined) {
      r = false;
      const ns = this.ns;
      for (const other of this.index.inDomain(t.topologyKey, value) ?? []) {
        if (termMatches(t, ns, other)) {
          r = true;
          break;
        }
      }
      memo.set(value, r);
    }
    return r;
  }

  /** An existing pod's required anti-affinity term selects this pod and covers the node's domain. */
  existingAntiForbids(info: NodeInfo): boolean {
    const labels = info.node.metadata.labels ?? {};
    this.antiKeys ??= [...this.index.antiTopologyKeys.keys()];
    for (const tk of this.antiKeys) {
      const v = labels[tk];
      if (v === undefined) continue;
      let memo = this.existingMemo.get(tk);
      if (!memo) {
        memo = new Map();
        this.existingMemo.set(tk, memo);
      }
      let r = memo.get(v);
      if (r === undefined) {
        r = false;
        for (const other of this.index.antiIn(tk, v) ?? []) {
          const ons = other.metadata.namespace ?? 'default';
          for (const t of requiredAnti(other) ?? []) {
            if (t.topologyKey === tk && termMatches(t, ons, this.pod)) {
              r = true;
              break;
            }
          }
          if (r) break;
        }
        memo.set(v, r);
      }
      if (r) return true;
    }
    return false;
  }
}
