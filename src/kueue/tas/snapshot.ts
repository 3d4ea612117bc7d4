// The TAS view of one ResourceFlavor (spec/kueue.md §4.1), after kueue ff69552e pkg/cache/scheduler
// tas_topology_tree.go (the domain tree built from the flavor's nodes), tas_flavor.go (TAS usage per domain, kept
// across rebuilds) and tas_flavor_snapshot.go (leaf capacity = allocatable − non-TAS pods − TAS usage, Fits).
//
// One object lives for the whole run instead of a snapshot per cycle: the tree is rebuilt only when the node set
// changed (`TasCache` bumps a generation), usage is updated in place on admission and release, and the scheduling
// cycle's reservations and preemption's simulated removals are applied and undone as operations, as the quota tree's
// are. The assignment algorithm's per-domain scratch fields live on the domains (find-assignment.ts).
import type { Node, Taint } from '../../api/core.js';
import { HOSTNAME_LABEL } from '../api.js';
import type { DomainCounts } from './domain-counts.js';

/** Amounts by resource name, in the simulator's milli-units (see quota.ts). */
export type Amounts = Map<string, number>;

/** What the snapshot keeps of a node (upstream's stripped node: labels, taints, allocatable). */
export interface TasNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  taints?: readonly Taint[];
  allocatable: ReadonlyMap<string, number>;
  /**
   * The node's places (placeOf) per topology levels, by the snapshot's `placeSlot`: kept on the node, which outlives
   * many rebuilds, so that a rebuild reads them by index (a WeakMap lookup per node cost as much as the walk).
   */
  places?: (NodePlace | undefined)[];
}

export interface Domain {
  /** utiltas.DomainID: the level values joined by ","; for a hostname-lowest topology a leaf's id is the hostname. */
  id: string;
  /** Position in TasFlavorSnapshot.allDomains (the index of its counts in domain-counts.ts). */
  index: number;
  /** Place among the domains of its level in levelValues order (the algorithm's last sort key). */
  rank: number;
  levelValues: string[];
  level: number;
  parent: Domain | undefined;
  children: Domain[];
  /** Leaves only: summed allocatable of its nodes (read only: a one-node leaf's is the node's), and the nodes. */
  capacity?: ReadonlyMap<string, number>;
  nodes?: TasNode[];
  /** Leaves only: changes whenever the leaf's TAS or non-TAS usage does (TasFlavorSnapshot.touch). */
  stamp: number;
  /** Leaves only: fillLeafCounts' answers per request shape, valid while `stamp` is unchanged (find-assignment.ts). */
  counts?: Map<string, LeafCounts>;
  // Scratch state of one findTopologyAssignment run (domainState upstream).
  podCount: number;
  sliceCount: number;
  podCountWithLeader: number;
  sliceCountWithLeader: number;
  leaderCount: number;
}

/** What fillLeafCounts computed for a leaf and one request shape, at a leaf stamp. */
export interface LeafCounts {
  stamp: number;
  podCount: number;
  leaderCount: number;
  podCountWithLeader: number;
  limiting: string;
}

/** One (level values, pods) entry of an assignment, with the pods' single-pod requests (TopologyDomainRequests). */
export interface DomainRequests {
  values: readonly string[];
  singlePodRequests: ReadonlyMap<string, number>;
  count: number;
}

function newDomain(
  id: string,
  index: number,
  levelValues: string[],
  level: number,
  parent: Domain | undefined,
): Domain {
  // Every field set here, so that leaves and inner domains share one object shape (the sorts read them often).
  return {
    id,
    index,
    rank: 0,
    levelValues,
    level,
    parent,
    children: [],
    capacity: undefined,
    nodes: undefined,
    stamp: 0,
    counts: undefined,
    podCount: 0,
    sliceCount: 0,
    podCountWithLeader: 0,
    sliceCountWithLeader: 0,
    leaderCount: 0,
  };
}

/** utiltas.NodeMatchesFlavor: the flavor's nodeLabels and a value for every level. */
export function nodeMatchesFlavor(
  labels: Readonly<Record<string, string>> | undefined,
  nodeLabels: Readonly<Record<string, string>> | undefined,
  levels: readonly string[],
): boolean {
  for (const [k, v] of Object.entries(nodeLabels ?? {})) if (labels?.[k] !== v) return false;
  return levels.every((l) => labels?.[l] !== undefined);
}

/** nodesCache.sync: only nodes that are schedulable and Ready count. */
export function nodeSchedulableAndReady(node: Node): boolean {
  if (node.spec?.unschedulable) return false;
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

function sameNodes(a: readonly TasNode[], b: readonly TasNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compareDomains(a: Domain, b: Domain): number {
  return compareValues(a.levelValues, b.levelValues);
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A leaf's capacity: a one-node leaf's is its node's allocatable (shared, never written), else the sum. */
function capacityOf(nodes: readonly TasNode[]): ReadonlyMap<string, number> {
  const first = nodes[0]!.allocatable;
  if (nodes.length === 1) return first;
  const sum = new Map(first);
  for (let i = 1; i < nodes.length; i++) addInto(sum, nodes[i]!.allocatable, 1);
  return sum;
}

/** Two lists sorted by compareDomains, merged. */
function mergeSorted(a: readonly Domain[], b: readonly Domain[]): Domain[] {
  const out: Domain[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareDomains(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * A node's level values and domain ids per level (index = level; the last is its leaf's). Read only: the arrays are
 * the domains' `levelValues`, shared by every tree the node is in.
 */
export interface NodePlace {
  values: string[][];
  ids: string[];
}

/** Results of findTopologyAssignmentsForFlavor per request key, valid while the stamp they were made at holds. */
export interface FindMemo {
  readonly results: Map<string, unknown>;
  stamp: number;
}

/** placeOf's slot per topology levels (the same levels, the same places), for the run. */
const placeSlots = new Map<string, number>();

/** Leaf touches remembered for bringing kept counts up to date; beyond this the log starts again (full counts). */
const TOUCH_LOG_MAX = 4096;

function addInto(into: Amounts, from: ReadonlyMap<string, number>, sign: 1 | -1, times = 1): void {
  for (const [r, v] of from) into.set(r, (into.get(r) ?? 0) + sign * v * times);
}

export class TasFlavorSnapshot {
  readonly topologyName: string;
  readonly levels: readonly string[];
  readonly tolerations: readonly import('../../api/core.js').Toleration[];
  readonly isLowestLevelNode: boolean;
  /** Domains per level, by id (insertion order = node order; the algorithm sorts them). */
  domainsPerLevel: Map<string, Domain>[] = [];
  /** The same as arrays (the algorithm reads a level's domains on every search). */
  levelDomains: Domain[][] = [];
  roots: Domain[] = [];
  /** Leaves by id. */
  leaves = new Map<string, Domain>();
  /** Node name → its leaf's id (nodeToDomain). */
  nodeToDomain = new Map<string, string>();
  /** Every domain, for resetting the algorithm's scratch state. */
  allDomains: Domain[] = [];
  /**
   * TASCacheNodeMatchResults: the leaves a pod shape (tolerations, nodeSelector, required affinity) may use and the
   * nodes it excludes, per shape, dropped with the tree. The algorithm fills it (find-assignment.ts).
   */
  matchCache = new Map<string, { leaves: Domain[]; excluded: unknown; flags?: Uint8Array }>();
  /**
   * What a search derives from its request shape alone, per shape ids (find-assignment.ts `Prepared`); it reads
   * only the levels and the flavor's tolerations, which do not change, so it is kept across rebuilds.
   */
  readonly prepared = new Map<string, unknown>();
  /** Every leaf, as domain-counts.ts reads a match (topologies whose lowest level is not the hostname). */
  private everyLeaf: { leaves: Domain[]; flags?: Uint8Array } | undefined;
  /** Where this snapshot's levels keep their places on a TasNode (`TasNode.places`). */
  private readonly placeSlot: number;
  /** Each level's domains in levelValues order, as ranked last (ordered() merges the next tree's into them). */
  private rankOrder: Domain[][] = [];
  /** While update() appends nodes: the domains they make (ordered() ranks only these among the kept order). */
  private created: Domain[] | undefined;
  /** TAS usage per leaf id (including `pods`), kept across rebuilds (tas_flavor.go `usage`). */
  readonly tasUsage = new Map<string, Amounts>();
  /** Non-TAS pods' usage per node name, shared with the other flavors (nonTasUsageCache). */
  private nonTasUsage: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The node generation the tree was built at. */
  generation = -1;
  /** Source of leaf stamps. */
  private stamps = 0;
  /**
   * Whole-flavor results of findTopologyAssignmentsForFlavor per request key, valid at `findMemoStamp` (no leaf
   * touched since) and dropped with the tree (find-assignment.ts).
   */
  readonly findMemo: FindMemo = { results: new Map(), stamp: -1 };
  /** The same for requests on an empty cluster (simulateEmpty), valid at `emptyStamp`. */
  readonly emptyMemo: FindMemo = { results: new Map(), stamp: -1 };
  /** Moves whenever a leaf's capacity before TAS usage may have changed (non-TAS pods; a rebuilt tree). */
  emptyStamp = 0;
  /** Phase 1's counts per request shape (domain-counts.ts), dropped with the tree. */
  readonly countsCache = new Map<string, DomainCounts>();
  /**
   * The leaves touched since stamp `touchedBase`, by domain index: `touched[i]` moved the stamp to
   * `touchedBase + i + 1`. Kept counts older than `touchedBase` are computed again in full.
   */
  readonly touched: number[] = [];
  touchedBase = 0;
  /** Per domain index, the epoch of the last walk that visited it (domain-counts.ts dedupes with it). */
  marks = new Uint32Array(0);
  markEpoch = 0;

  constructor(init: {
    topologyName: string;
    levels: readonly string[];
    tolerations?: readonly import('../../api/core.js').Toleration[];
    nodes?: Iterable<TasNode>;
    nonTasUsage?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  }) {
    this.topologyName = init.topologyName;
    this.levels = [...init.levels];
    this.tolerations = init.tolerations ?? [];
    this.isLowestLevelNode = this.levels[this.levels.length - 1] === HOSTNAME_LABEL;
    const levelsKey = JSON.stringify(this.levels);
    let slot = placeSlots.get(levelsKey);
    if (slot === undefined) placeSlots.set(levelsKey, (slot = placeSlots.size));
    this.placeSlot = slot;
    this.nonTasUsage = init.nonTasUsage ?? new Map();
    this.rebuild(init.nodes ?? [], 0);
  }

  lowestLevel(): string {
    return this.levels[this.levels.length - 1]!;
  }

  highestLevel(): string {
    return this.levels[0]!;
  }

  /**
   * newTopologyTree: the leaves from the nodes (which already match the flavor), then their ancestors. A leaf of a
   * hostname-lowest topology is keyed by the hostname alone, so nodes sharing a hostname label share one leaf (its
   * capacity summed, its place in the tree that of the first such node), as upstream's addNode does.
   */
  rebuild(nodes: Iterable<TasNode>, generation: number): void {
    const oldLeaves = this.leaves;
    this.domainsPerLevel = this.levels.map(() => new Map());
    this.roots = [];
    this.leaves = new Map();
    this.nodeToDomain = new Map();
    this.allDomains = [];
    this.resetCaches(generation);
    const leafLevel = this.domainsPerLevel[this.levels.length - 1]!;
    for (const node of nodes) this.addNode(node);
    // A leaf of the same nodes (the same objects: the same capacity) as in the old tree keeps its kept counts and
    // its stamp, which every usage change of the leaf since moved (a tree waiting for its rebuild is still touched).
    for (const leaf of leafLevel.values()) {
      const prev = oldLeaves.get(leaf.id);
      if (prev !== undefined && sameNodes(prev.nodes!, leaf.nodes!)) {
        leaf.stamp = prev.stamp;
        leaf.counts = prev.counts;
      }
    }
    this.ordered();
  }

  /** newTopologyTree's step for one node: into its leaf (made, with its ancestors, on the leaf's first node). */
  private addNode(node: TasNode): Domain {
    const last = this.levels.length - 1;
    const place = this.placeOf(node);
    const id = place.ids[last]!;
    let leaf = this.leaves.get(id);
    if (!leaf) {
      leaf = newDomain(id, this.allDomains.length, place.values[last]!, last, undefined);
      this.allDomains.push(leaf);
      this.created?.push(leaf);
      // A one-node leaf's capacity is its node's allocatable, shared (never written); a second node copies it.
      leaf.capacity = node.allocatable;
      leaf.nodes = [node];
      this.leaves.set(id, leaf);
      this.domainsPerLevel[last]!.set(id, leaf);
      this.attach(leaf, place);
    } else {
      if (leaf.nodes!.length === 1) leaf.capacity = new Map(leaf.capacity);
      leaf.nodes!.push(node);
      addInto(leaf.capacity as Amounts, node.allocatable, 1);
    }
    this.nodeToDomain.set(node.name, id);
    return leaf;
  }

  /** The per-level arrays, the marks and the ranks of a tree whose domains are all made. */
  private ordered(): void {
    this.levelDomains = this.domainsPerLevel.map((level) => [...level.values()]);
    this.marks = new Uint32Array(this.allDomains.length);
    this.markEpoch = 0;
    // Within a level, levelValues order is the order of the last value among siblings (compareDomainLevelValues).
    // compareDomains is a strict order within a level (distinct ids, distinct values), so the sorted level is the
    // last tree's order of the domains it keeps (the same id and values) merged with the new ones, sorted: a node
    // change sorts a handful of domains instead of every level again.
    const prev = this.rankOrder;
    const created = this.created;
    this.rankOrder = this.levelDomains.map((level, l) => {
      const before = prev[l];
      if (before === undefined) return level.slice().sort(compareDomains);
      // update(): the kept order holds exactly the domains that were not made now.
      if (created !== undefined) {
        const added = created.filter((d) => d.level === l);
        return added.length === 0 ? before : mergeSorted(before, added.sort(compareDomains));
      }
      const byId = this.domainsPerLevel[l]!;
      // rank −1 marks a domain not (yet) placed; every rank is set again below.
      for (const d of level) d.rank = -1;
      const kept: Domain[] = [];
      for (const old of before) {
        const d = byId.get(old.id);
        if (d !== undefined && d.rank === -1 && (d === old || sameValues(d.levelValues, old.levelValues))) {
          kept.push(d);
          d.rank = 0;
        }
      }
      if (kept.length === level.length) return kept;
      const added = level.filter((d) => d.rank === -1).sort(compareDomains);
      return mergeSorted(kept, added);
    });
    for (const sorted of this.rankOrder) for (let i = 0; i < sorted.length; i++) sorted[i]!.rank = i;
  }

  /** What a rebuild and an in-place update both start afresh: the caches, memos and marks of the old tree. */
  private resetCaches(generation: number): void {
    this.generation = generation;
    this.matchCache = new Map();
    this.everyLeaf = undefined;
    this.findMemo.results.clear();
    this.emptyMemo.results.clear();
    this.emptyStamp++;
    this.countsCache.clear();
    this.touched.length = 0;
    this.touchedBase = this.stamps;
  }

  /**
   * A rebuild for node changes that keep the tree's node order a prefix of the new one: `modified` nodes keep their
   * place (still in the flavor, the same level values, in the same order: only their other labels, taints or
   * allocatable moved, as a maintenance notice's labels do) and `appended` nodes come after every other (a node back
   * in the cache goes to the end of its order). newTopologyTree is a walk of the nodes in order, so the tree it would
   * make is this one with the modified nodes' objects replaced (their leaves' capacities summed again) and the walk
   * continued over the appended nodes; everything else a rebuild starts afresh (caches, memos, marks, the domains'
   * scratch fields, the changed leaves' stamps and kept counts) is reset in place.
   */
  update(modified: readonly TasNode[], appended: readonly TasNode[], generation: number): void {
    this.resetCaches(generation);
    for (const d of this.allDomains) {
      d.podCount = 0;
      d.sliceCount = 0;
      d.podCountWithLeader = 0;
      d.sliceCountWithLeader = 0;
      d.leaderCount = 0;
    }
    // The leaves of changed nodes start their kept counts again (a fresh leaf's stamp and counts); the others keep
    // theirs, as a rebuild would (their nodes are the same objects).
    for (const node of modified) {
      const leaf = this.leaves.get(this.nodeToDomain.get(node.name)!)!;
      leaf.stamp = 0;
      leaf.counts = undefined;
      const nodes = leaf.nodes!;
      for (let i = 0; i < nodes.length; i++) if (nodes[i]!.name === node.name) nodes[i] = node;
      leaf.capacity = capacityOf(nodes);
    }
    if (appended.length > 0) {
      this.created = [];
      try {
        for (const node of appended) {
          const leaf = this.addNode(node);
          leaf.stamp = 0;
          leaf.counts = undefined;
        }
        this.ordered();
      } finally {
        this.created = undefined;
      }
    } else {
      this.marks.fill(0);
      this.markEpoch = 0;
    }
  }

  /**
   * Takes nodes out of the tree in place, before an update(), when the tree newTopologyTree would make without them
   * is this one less the domains they leave empty: when every domain that keeps a node keeps its first node (a
   * leaf its first node, an inner domain its first child). The domains' first-node order, and so every order and
   * index here, is then this tree's without the emptied domains. Returns false, having changed nothing, otherwise
   * (the caller rebuilds).
   */
  remove(names: Iterable<string>): boolean {
    // The leaves the nodes leave, with the nodes each keeps.
    const leaves = new Map<Domain, TasNode[]>();
    for (const name of names) {
      const id = this.nodeToDomain.get(name);
      if (id === undefined) continue;
      const leaf = this.leaves.get(id)!;
      const kept = (leaves.get(leaf) ?? leaf.nodes!).filter((n) => n.name !== name);
      leaves.set(leaf, kept);
    }
    if (leaves.size === 0) return true;
    // Emptied domains, deepest first: a leaf without nodes, an inner domain without children. `left` counts the
    // children an inner domain keeps.
    const left = new Map<Domain, number>();
    const dead = new Set<Domain>();
    for (const [leaf, kept] of leaves) {
      if (kept.length > 0) {
        if (kept[0] !== leaf.nodes![0]) return false;
        continue;
      }
      dead.add(leaf);
      for (let d = leaf; d.parent !== undefined; d = d.parent) {
        const n = (left.get(d.parent) ?? d.parent.children.length) - 1;
        left.set(d.parent, n);
        if (n > 0) break;
        dead.add(d.parent);
      }
    }
    for (const p of left.keys()) if (!dead.has(p) && dead.has(p.children[0]!)) return false;
    for (const [leaf, kept] of leaves) {
      if (kept.length === 0) continue;
      // A leaf of other nodes than before: a fresh leaf's stamp and kept counts, as a rebuild gives it.
      leaf.nodes = kept;
      leaf.capacity = capacityOf(kept);
      leaf.stamp = 0;
      leaf.counts = undefined;
    }
    for (const name of names) this.nodeToDomain.delete(name);
    if (dead.size === 0) return true;
    for (const d of dead) {
      this.domainsPerLevel[d.level]!.delete(d.id);
      if (d.level === this.levels.length - 1) this.leaves.delete(d.id);
    }
    const alive = (d: Domain) => !dead.has(d);
    for (const p of left.keys()) if (!dead.has(p)) p.children = p.children.filter(alive);
    this.roots = this.roots.filter(alive);
    this.allDomains = this.allDomains.filter(alive);
    for (let i = 0; i < this.allDomains.length; i++) this.allDomains[i]!.index = i;
    this.levelDomains = this.levelDomains.map((level) => level.filter(alive));
    this.rankOrder = this.rankOrder.map((level) => level.filter(alive));
    for (const sorted of this.rankOrder) for (let i = 0; i < sorted.length; i++) sorted[i]!.rank = i;
    return true;
  }

  /** Whether a node with these labels has the same place in the tree as one with `before` (its level values). */
  samePlace(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): boolean {
    for (const l of this.levels) if (before[l] !== after[l]) return false;
    return true;
  }

  /**
   * The node's level values and domain ids at every level, made once per TasNode (the cache makes a new one whenever
   * what TAS reads of the node changes) instead of on every rebuild: a rebuild is a walk of a few thousand nodes.
   */
  private placeOf(node: TasNode): NodePlace {
    let places = node.places;
    let place = places?.[this.placeSlot];
    if (place !== undefined) return place;
    const last = this.levels.length - 1;
    const full = this.levels.map((l) => node.labels[l]!);
    const values: string[][] = [];
    const ids: string[] = [];
    for (let level = 0; level < last; level++) {
      const v = full.slice(0, level + 1);
      values.push(v);
      ids.push(v.join(','));
    }
    values.push(full);
    ids.push(this.isLowestLevelNode ? full[last]! : full.join(','));
    place = { values, ids };
    if (places === undefined) node.places = places = [];
    while (places.length < this.placeSlot) places.push(undefined);
    places[this.placeSlot] = place;
    return place;
  }

  /** initializeHelper: link a domain to its parent, creating the ancestors on the way up. */
  private attach(d: Domain, place: NodePlace): void {
    if (d.level === 0) {
      this.roots.push(d);
      return;
    }
    const id = place.ids[d.level - 1]!;
    const level = this.domainsPerLevel[d.level - 1]!;
    let parent = level.get(id);
    if (!parent) {
      parent = newDomain(id, this.allDomains.length, place.values[d.level - 1]!, d.level - 1, undefined);
      this.allDomains.push(parent);
      this.created?.push(parent);
      level.set(id, parent);
      this.attach(parent, place);
    }
    d.parent = parent;
    parent.children.push(d);
  }

  /** Every leaf of the tree, in node order. */
  allLeaves(): { leaves: readonly Domain[]; flags?: Uint8Array } {
    this.everyLeaf ??= { leaves: [...this.leaves.values()] };
    return this.everyLeaf;
  }

  /** The leaf id an assignment's domain values name (hostname only for a hostname-lowest topology). */
  domainIdOf(values: readonly string[]): string {
    return values.length === 1 ? values[0]! : values.join(',');
  }

  /**
   * Remaining capacity of a leaf for resource r: allocatable − non-TAS pods − (unless simulateEmpty) TAS usage.
   * `assumed` is usage already placed by earlier podsets of the same workload.
   */
  remaining(leaf: Domain, r: string, simulateEmpty: boolean, assumed?: ReadonlyMap<string, number>): number {
    let v = leaf.capacity!.get(r) ?? 0;
    for (const n of leaf.nodes!) v -= this.nonTasUsage.get(n.name)?.get(r) ?? 0;
    if (!simulateEmpty) v -= this.tasUsage.get(leaf.id)?.get(r) ?? 0;
    if (assumed) v -= assumed.get(r) ?? 0;
    return v;
  }

  /**
   * remaining() for each of `names` into `out` (the same numbers, subtracted in the same order), with the leaf's
   * usage maps looked up once per leaf instead of once per resource and node.
   */
  remainingInto(
    leaf: Domain,
    names: readonly string[],
    simulateEmpty: boolean,
    assumed: ReadonlyMap<string, number> | undefined,
    out: number[],
  ): void {
    const nodes = leaf.nodes!;
    const capacity = leaf.capacity!;
    const tas = simulateEmpty ? undefined : this.tasUsage.get(leaf.id);
    if (nodes.length === 1) {
      const nonTas = this.nonTasUsage.get(nodes[0]!.name);
      for (let i = 0; i < names.length; i++) {
        const r = names[i]!;
        let v = capacity.get(r) ?? 0;
        v -= nonTas?.get(r) ?? 0;
        if (!simulateEmpty) v -= tas?.get(r) ?? 0;
        if (assumed) v -= assumed.get(r) ?? 0;
        out[i] = v;
      }
      return;
    }
    for (let i = 0; i < names.length; i++) out[i] = this.remaining(leaf, names[i]!, simulateEmpty, assumed);
  }

  /** Adds (sign 1) or removes (−1) a workload's usage: count pods of singlePodRequests, plus `pods`, per domain. */
  updateUsage(usage: readonly DomainRequests[], sign: 1 | -1): void {
    for (const d of usage) {
      const id = this.domainIdOf(d.values);
      let u = this.tasUsage.get(id);
      if (!u) this.tasUsage.set(id, (u = new Map()));
      addInto(u, d.singlePodRequests, sign, d.count);
      u.set('pods', (u.get('pods') ?? 0) + sign * 1000 * d.count);
      this.touch(this.leaves.get(id));
    }
  }

  /** The non-TAS usage of a node changed (TasCache.onPod): its leaf's remaining capacity did. */
  nodeUsageChanged(node: string): void {
    const id = this.nodeToDomain.get(node);
    if (id === undefined) return;
    this.touch(this.leaves.get(id));
    this.emptyStamp++;
  }

  private touch(leaf: Domain | undefined): void {
    if (!leaf) return;
    leaf.stamp = ++this.stamps;
    if (this.touched.length >= TOUCH_LOG_MAX) {
      this.touched.length = 0;
      this.touchedBase = this.stamps - 1;
    }
    this.touched.push(leaf.index);
  }

  /** Moves whenever any leaf's remaining capacity may have changed (every touch). */
  get stamp(): number {
    return this.stamps;
  }

  /** TASFlavorSnapshot.Fits: every domain is a known leaf and still holds its pods. */
  fits(usage: readonly DomainRequests[]): boolean {
    for (const d of usage) {
      const leaf = this.leaves.get(this.domainIdOf(d.values));
      if (!leaf) return false;
      // CountInWithLimitingResource's count of the single-pod requests plus one pod (its limiting resource unused).
      let pods = 1000;
      for (const [r, v] of d.singlePodRequests) {
        if (r === 'pods') {
          pods += v;
          continue;
        }
        if (v !== 0 && fitCount(this.remaining(leaf, r, false), v) < d.count) return false;
      }
      if (pods !== 0 && fitCount(this.remaining(leaf, 'pods', false), pods) < d.count) return false;
    }
    return true;
  }
}

/** How many times `request` (≠ 0) fits in `capacity` (resources.CountInWithLimitingResource for one resource). */
function fitCount(capacity: number, request: number): number {
  return Math.max(0, Math.min(Math.floor(capacity / request), 2147483647));
}
