// Pod-match counters for existing pods' required anti-affinity (spec/scheduler.md §7.3), kept on bind and delete:
// "does a placed pod's anti-affinity term select the incoming pod and cover this domain" becomes a few counter reads
// per domain instead of a match per placed pod.
//
// Terms are grouped by their content with the values of their first NotIn requirement left out (the "hole"): the
// leaders of an exclusive JobSet all carry `job-key Exists, job-key NotIn [own key], priority In [p]`, so they form
// one group per priority. A group matches the incoming pod X when its shared part does (evaluated once per cycle);
// its terms that then select X are those whose hole does not list X's value: per domain, the group's count minus the
// count of terms listing that value. Upstream semantics are unchanged (NotIn: the key absent or its value unlisted).
import type { LabelSelector, Pod, PodAffinityTerm } from '../api/core.js';
import { labelSelectorParses } from '../api/selectors.js';
import type { DomainTable } from './affinity-domains.js';
import { compileTerm } from './filters.js';

/** Terms sharing everything but their hole's values. */
export interface AntiGroup {
  /** The shared part: namespaces and every requirement but the hole. */
  readonly matches: (target: Pod) => boolean;
  /** The hole's label key, when the terms have a NotIn requirement. */
  readonly holeKey: string | undefined;
  /** hole value → domain value → terms of the group in that domain listing it */
  readonly listing: Map<string, Map<string, number>>;
  /** The cycle stamp of `matched`. */
  stamp: number;
  matched: boolean;
  /** Registered terms; the group is dropped at 0. */
  terms: number;
  readonly key: string;
}

/** One placed pod's registered term: what remove() must undo. */
interface Registered {
  readonly group: AntiGroup;
  readonly topologyKey: string;
  readonly domain: string;
  readonly holeValues: readonly string[];
}

function ownLabel(labels: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return labels !== undefined && labels !== null && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function bump<K>(m: Map<K, number>, k: K, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}

/** Beyond this many groups, uniform() answers false without matching them. */
const UNIFORM_MAX_GROUPS = 8;

/** domain value → group → terms of the group in that domain */
export type DomainCounts = ReadonlyMap<string, ReadonlyMap<AntiGroup, number>>;

export class AntiAffinityCounters {
  private readonly groups = new Map<string, AntiGroup>();
  /** topologyKey → domain value → group → terms of the group in that domain */
  private readonly byDomain = new Map<string, Map<string, Map<AntiGroup, number>>>();
  private readonly registered = new Map<Pod, Registered[]>();
  /** topologyKey → terms per domain id of the table occupancy() was last asked with, kept up to date */
  private readonly views = new Map<string, { readonly table: DomainTable; readonly counts: Int32Array }>();
  private stamp = 0;

  /** Registers a placed pod's required anti-affinity terms, given its node's labels. */
  add(pod: Pod, terms: readonly PodAffinityTerm[], nodeLabels: Readonly<Record<string, string>>): void {
    const ns = pod.metadata.namespace ?? 'default';
    const out: Registered[] = [];
    for (const t of terms) {
      const domain = nodeLabels[t.topologyKey];
      if (domain === undefined) continue;
      // A selector that does not parse, or a nil one, selects nothing: such a term never forbids.
      if (!t.labelSelector || !labelSelectorParses(t.labelSelector)) continue;
      const { group, holeValues } = this.groupOf(t, ns);
      let byValue = this.byDomain.get(t.topologyKey);
      if (!byValue) {
        byValue = new Map();
        this.byDomain.set(t.topologyKey, byValue);
      }
      let counts = byValue.get(domain);
      if (!counts) {
        counts = new Map();
        byValue.set(domain, counts);
      }
      bump(counts, group, 1);
      this.count(t.topologyKey, domain, 1);
      group.terms++;
      for (const v of holeValues) {
        let perDomain = group.listing.get(v);
        if (!perDomain) {
          perDomain = new Map();
          group.listing.set(v, perDomain);
        }
        bump(perDomain, domain, 1);
      }
      out.push({ group, topologyKey: t.topologyKey, domain, holeValues });
    }
    if (out.length > 0) this.registered.set(pod, out);
  }

  remove(pod: Pod): void {
    const regs = this.registered.get(pod);
    if (!regs) return;
    this.registered.delete(pod);
    for (const r of regs) {
      const byValue = this.byDomain.get(r.topologyKey)!;
      const counts = byValue.get(r.domain)!;
      bump(counts, r.group, -1);
      this.count(r.topologyKey, r.domain, -1);
      if (counts.size === 0) byValue.delete(r.domain);
      if (byValue.size === 0) this.byDomain.delete(r.topologyKey);
      for (const v of r.holeValues) {
        const perDomain = r.group.listing.get(v)!;
        bump(perDomain, r.domain, -1);
        if (perDomain.size === 0) r.group.listing.delete(v);
      }
      if (--r.group.terms === 0) this.groups.delete(r.group.key);
    }
  }

  /**
   * Registered terms over `topologyKey` per domain id of `table`: where uniform() holds, the domains a pod may not
   * join are those with a count. Built from the counters on first use with a table (tables are replaced after node
   * events), then kept by add and remove, so a cycle reads it instead of asking per domain.
   */
  occupancy(topologyKey: string, table: DomainTable): Int32Array {
    const view = this.views.get(topologyKey);
    if (view !== undefined && view.table === table) return view.counts;
    const counts = new Int32Array(table.values.length);
    for (const [value, groups] of this.byDomain.get(topologyKey) ?? []) {
      const d = table.ids.get(value);
      if (d === undefined) continue; // no node of the table is in that domain
      let n = 0;
      for (const c of groups.values()) n += c;
      counts[d] = n;
    }
    this.views.set(topologyKey, { table, counts });
    return counts;
  }

  private count(topologyKey: string, domain: string, by: number): void {
    const view = this.views.get(topologyKey);
    if (view === undefined) return;
    const d = view.table.ids.get(domain);
    if (d !== undefined) view.counts[d]! += by;
  }

  /** Starts a cycle: group verdicts memoised for the previous pod are dropped. */
  newCycle(): number {
    return ++this.stamp;
  }

  /**
   * Every registered group selects `pod` and none has a term listing the pod's value of its hole key: forbidsIn is
   * then true exactly where a domain has counts (entries are deleted at zero). A leader of an exclusive JobSet meets
   * it against the other leaders of its priority, so a cycle's verdicts are plain lookups. False beyond a few groups,
   * where matching them all up front could cost more than the domains a cycle visits.
   */
  uniform(pod: Pod, stamp: number): boolean {
    if (this.groups.size === 0 || this.groups.size > UNIFORM_MAX_GROUPS) return false;
    for (const g of this.groups.values()) {
      if (g.stamp !== stamp) {
        g.stamp = stamp;
        g.matched = g.matches(pod);
      }
      if (!g.matched) return false;
      if (g.holeKey === undefined) continue;
      const v = ownLabel(pod.metadata.labels, g.holeKey);
      if (v !== undefined && g.listing.has(v)) return false;
    }
    return true;
  }

  /** A placed pod's anti-affinity term over `topologyKey` selects `pod` and covers the domain `value`. */
  forbids(topologyKey: string, value: string, pod: Pod, stamp: number): boolean {
    return this.forbidsIn(this.byDomain.get(topologyKey), value, pod, stamp);
  }

  /** One topology key's counters (domain value → group → terms), for a cycle asking forbidsIn per domain. */
  domainsOf(topologyKey: string): DomainCounts | undefined {
    return this.byDomain.get(topologyKey);
  }

  /** forbids() over `domainsOf(topologyKey)`, looked up once per cycle instead of once per domain. */
  forbidsIn(domains: DomainCounts | undefined, value: string, pod: Pod, stamp: number): boolean {
    const counts = domains?.get(value);
    if (!counts) return false;
    for (const [g, n] of counts) {
      if (g.stamp !== stamp) {
        g.stamp = stamp;
        g.matched = g.matches(pod);
      }
      if (!g.matched) continue;
      if (g.holeKey === undefined) return true;
      const v = ownLabel(pod.metadata.labels, g.holeKey);
      const listing = v === undefined ? 0 : (g.listing.get(v)?.get(value) ?? 0);
      if (n > listing) return true;
    }
    return false;
  }

  private groupOf(t: PodAffinityTerm, ns: string): { group: AntiGroup; holeValues: readonly string[] } {
    const sel = t.labelSelector as LabelSelector;
    const exprs = sel.matchExpressions ?? [];
    const h = exprs.findIndex((r) => r.operator === 'NotIn');
    const hole = h >= 0 ? exprs[h] : undefined;
    const shared: PodAffinityTerm =
      hole === undefined ? t : { ...t, labelSelector: { ...sel, matchExpressions: exprs.filter((_, i) => i !== h) } };
    const key = JSON.stringify([ns, hole?.key, shared.labelSelector, shared.namespaces, shared.namespaceSelector]);
    let group = this.groups.get(key);
    if (!group) {
      group = {
        matches: compileTerm(shared, ns),
        holeKey: hole?.key,
        listing: new Map(),
        stamp: 0,
        matched: false,
        terms: 0,
        key,
      };
      this.groups.set(key, group);
    }
    return { group, holeValues: hole ? [...new Set(hole.values ?? [])] : [] };
  }
}
