// Quota arithmetic of ClusterQueues and Cohorts (spec §1.9), mirroring kueue ff69552e
// pkg/cache/scheduler/resource_node.go (SubtreeQuota, localQuota, LocalAvailable, available, potentialAvailable,
// addUsage, removeUsage, accumulateFromChild, QuantitiesFitInQuota, IsWithinNominalInResources),
// clusterqueue_snapshot.go (Available, PotentialAvailable, Borrowing(With), Fits), cohort_snapshot.go,
// pkg/cache/hierarchy (implicit cohorts, HasCycle), fair_sharing.go calculateLendable and
// preemption/classical/hierarchical_preemption.go (getNodeHeight, FindHeightOfLowestSubtreeThatFits).
//
// Units: amounts are the simulator's integer milli-units (parseQuantity). Upstream counts CPU in milli-units and
// every other resource in whole units rounded up (Quantity.Value()); here all resources are milli-units, so a
// non-CPU amount is 1000× upstream's and fractional non-CPU quantities are not rounded up.
// Unlimited: upstream's resources.Amount saturates at MaxInt64, which is its Unlimited sentinel; here Unlimited is
// Infinity and finite results beyond ±Number.MAX_SAFE_INTEGER saturate to ±Infinity. Unlimited − Unlimited = 0,
// Unlimited + anything = Unlimited, bounded − Unlimited = −Infinity (upstream: MinInt64), as in amount.go.
import { parseQuantity, QuantityError } from '../api/quantity.js';
import type { ClusterQueue, Cohort, ResourceGroup } from './api.js';

/** `${flavor}/${resource}`. Flavor names are DNS subdomains (no '/'), so the first '/' separates the two. */
export type FlavorResource = string;

export function flavorResource(flavor: string, resource: string): FlavorResource {
  return `${flavor}/${resource}`;
}

export function splitFlavorResource(fr: FlavorResource): { flavor: string; resource: string } {
  const i = fr.indexOf('/');
  return { flavor: fr.slice(0, i), resource: fr.slice(i + 1) };
}

export const UNLIMITED = Number.POSITIVE_INFINITY;

// ---------------------------------------------------------------------------------------------------------------
// resources.Amount arithmetic (pkg/resources/amount.go).

function saturate(v: number): number {
  if (v > Number.MAX_SAFE_INTEGER) return UNLIMITED;
  if (v < -Number.MAX_SAFE_INTEGER) return Number.NEGATIVE_INFINITY;
  return v;
}

/** Amount.Add: Unlimited absorbs everything. */
export function addAmount(a: number, b: number): number {
  if (a === UNLIMITED || b === UNLIMITED) return UNLIMITED;
  return saturate(a + b);
}

/** Amount.Sub: Unlimited − Unlimited = 0; Unlimited − x = Unlimited; x − Unlimited = −Infinity. */
export function subAmount(a: number, b: number): number {
  if (a === b) return 0;
  if (a === UNLIMITED) return UNLIMITED;
  if (b === UNLIMITED) return Number.NEGATIVE_INFINITY;
  return saturate(a - b);
}

/**
 * AmountFromQuantity: a quota quantity in milli-units; one too large for the simulator's integers is Unlimited
 * (upstream: a quantity whose int64 value would overflow), a too large negative one −Infinity.
 */
export function quotaAmount(q: string | number): number {
  try {
    return parseQuantity(q);
  } catch (e) {
    if (e instanceof QuantityError && e.kind === 'range') {
      return String(q).trim().startsWith('-') ? Number.NEGATIVE_INFINITY : UNLIMITED;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes.

/** ResourceQuota (resource.go); an absent limit is unlimited. */
export interface NodeQuota {
  nominal: number;
  borrowingLimit?: number;
  lendingLimit?: number;
}

const ZERO_QUOTA: NodeQuota = { nominal: 0 };

interface NodeBase {
  readonly name: string;
  /** Undefined for a root cohort and a cohort-less ClusterQueue. */
  readonly parent: CohortNode | undefined;
  /** The node's own quotas, by FlavorResource, in spec order. */
  readonly quotas: ReadonlyMap<FlavorResource, NodeQuota>;
  /** Own nominal (+ for a cohort, Σ children's SubtreeQuota − localQuota). */
  readonly subtreeQuota: ReadonlyMap<FlavorResource, number>;
  /** A ClusterQueue's usage; for a cohort, the children's usage beyond their localQuota. */
  readonly usage: ReadonlyMap<FlavorResource, number>;
}

export interface ClusterQueueNode extends NodeBase {
  readonly kind: 'ClusterQueue';
}

export interface CohortNode extends NodeBase {
  readonly kind: 'Cohort';
  /** False for a cohort only named by a ClusterQueue or a child Cohort. */
  readonly explicit: boolean;
  readonly childCohorts: readonly CohortNode[];
  readonly childClusterQueues: readonly ClusterQueueNode[];
}

export type QuotaNode = ClusterQueueNode | CohortNode;

/** The mutable shape behind the readonly views. */
interface MutNode {
  readonly kind: 'ClusterQueue' | 'Cohort';
  readonly name: string;
  parent: MutCohort | undefined;
  quotas: Map<FlavorResource, NodeQuota>;
  subtreeQuota: Map<FlavorResource, number>;
  usage: Map<FlavorResource, number>;
}

interface MutCohort extends MutNode {
  readonly kind: 'Cohort';
  explicit: boolean;
  childCohorts: MutCohort[];
  childClusterQueues: MutNode[];
}

/** A ClusterQueue, by name, or any node of the same tree (a node of another tree, e.g. a clone, is not checked). */
export type NodeRef = string | QuotaNode;

/** What the tree reads from a ClusterQueue or Cohort object. */
export interface ClusterQueueQuotaSpec {
  metadata: { name: string };
  spec?: Pick<NonNullable<ClusterQueue['spec']>, 'cohortName' | 'resourceGroups'>;
}
export interface CohortQuotaSpec {
  metadata: { name: string };
  spec?: Pick<NonNullable<Cohort['spec']>, 'parentName' | 'resourceGroups'>;
}

/** Usage to add or remove, by FlavorResource. */
export type FlavorResourceAmounts = ReadonlyMap<FlavorResource, number> | Readonly<Record<FlavorResource, number>>;

function entries(u: FlavorResourceAmounts): Iterable<[FlavorResource, number]> {
  return u instanceof Map ? u.entries() : Object.entries(u as Record<FlavorResource, number>);
}

/** createResourceQuotas: every flavor × listed resource, quantities as quota amounts. */
export function resourceQuotas(groups: readonly ResourceGroup[] | undefined): Map<FlavorResource, NodeQuota> {
  const out = new Map<FlavorResource, NodeQuota>();
  for (const rg of groups ?? []) {
    for (const f of rg.flavors ?? []) {
      for (const r of f.resources ?? []) {
        const q: NodeQuota = { nominal: quotaAmount(r.nominalQuota) };
        if (r.borrowingLimit !== undefined && r.borrowingLimit !== null)
          q.borrowingLimit = quotaAmount(r.borrowingLimit);
        if (r.lendingLimit !== undefined && r.lendingLimit !== null) q.lendingLimit = quotaAmount(r.lendingLimit);
        out.set(flavorResource(f.name, r.name), q);
      }
    }
  }
  return out;
}

/** Why a ClusterQueue is left out of the tree. */
export type ExcludedReason = 'HasCycle';

/** The answer of fits(): the first FlavorResource (in the usage's order) whose amount exceeds Available. */
export type FitResult =
  | { fits: true }
  | { fits: false; flavorResource: FlavorResource; requested: number; available: number };

export interface QuotaTreeInput {
  clusterQueues: readonly ClusterQueueQuotaSpec[];
  cohorts?: readonly CohortQuotaSpec[];
  /** Initial ClusterQueue usage (e.g. carried over from a previous tree); cohort usage is rolled up from it. */
  usage?: ReadonlyMap<string, FlavorResourceAmounts>;
}

/**
 * The ClusterQueue/Cohort forest with quotas and usage. ClusterQueues are leaves, Cohorts inner nodes. A Cohort
 * whose ancestry loops (hierarchy.HasCycle) is left out together with every ClusterQueue under it, as the
 * scheduler's snapshot does ("HasCycle" inactive ClusterQueues); `cycles` reports the loops.
 */
export class QuotaTree {
  private readonly cqs = new Map<string, MutNode>();
  private readonly cohortMap = new Map<string, MutCohort>();
  /** Each loop once, as the cohort names along parentName, starting at the smallest name. */
  readonly cycles: readonly (readonly string[])[];
  /** ClusterQueues (and Cohorts) left out, with the reason. */
  readonly excludedClusterQueues: ReadonlyMap<string, ExcludedReason>;
  readonly excludedCohorts: ReadonlyMap<string, ExcludedReason>;
  /** Counts usage changes: equal versions mean equal usage (callers cache what they read from the tree on it). */
  private usageVersion = 0;

  private constructor(
    cycles: string[][],
    excludedCqs: Map<string, ExcludedReason>,
    excludedCohorts: Map<string, ExcludedReason>,
  ) {
    this.cycles = cycles;
    this.excludedClusterQueues = excludedCqs;
    this.excludedCohorts = excludedCohorts;
  }

  static build(input: QuotaTreeInput): QuotaTree {
    // Parent edges first: explicit cohorts, then the implicit ones their parentName or a CQ's cohortName names.
    const explicitCohorts = new Map<string, CohortQuotaSpec>();
    for (const c of input.cohorts ?? []) explicitCohorts.set(c.metadata.name, c);
    const parentOf = new Map<string, string | undefined>();
    for (const [name, c] of explicitCohorts) parentOf.set(name, c.spec?.parentName || undefined);
    const ensureImplicit = (name: string) => {
      if (!parentOf.has(name)) parentOf.set(name, undefined);
    };
    for (const name of [...parentOf.keys()]) {
      const p = parentOf.get(name);
      if (p !== undefined) ensureImplicit(p);
    }
    for (const cq of input.clusterQueues) {
      const c = cq.spec?.cohortName;
      if (c) ensureImplicit(c);
    }

    const { cycles, inCycleTree } = findCycles(parentOf);
    const excludedCohorts = new Map<string, ExcludedReason>();
    for (const name of inCycleTree) excludedCohorts.set(name, 'HasCycle');
    const excludedCqs = new Map<string, ExcludedReason>();
    const tree = new QuotaTree(cycles, excludedCqs, excludedCohorts);

    for (const [name] of parentOf) {
      if (inCycleTree.has(name)) continue;
      const spec = explicitCohorts.get(name);
      tree.cohortMap.set(name, {
        kind: 'Cohort',
        name,
        parent: undefined,
        explicit: spec !== undefined,
        quotas: resourceQuotas(spec?.spec?.resourceGroups),
        subtreeQuota: new Map(),
        usage: new Map(),
        childCohorts: [],
        childClusterQueues: [],
      });
    }
    for (const [name, node] of tree.cohortMap) {
      const p = parentOf.get(name);
      if (p === undefined) continue;
      const parent = tree.cohortMap.get(p)!;
      node.parent = parent;
      parent.childCohorts.push(node);
    }
    for (const cq of input.clusterQueues) {
      const name = cq.metadata.name;
      const cohortName = cq.spec?.cohortName || undefined;
      if (cohortName !== undefined && inCycleTree.has(cohortName)) {
        excludedCqs.set(name, 'HasCycle');
        continue;
      }
      const parent = cohortName === undefined ? undefined : tree.cohortMap.get(cohortName)!;
      const usage = new Map<FlavorResource, number>();
      const given = input.usage?.get(name);
      if (given) for (const [fr, v] of entries(given)) usage.set(fr, v);
      const node: MutNode = {
        kind: 'ClusterQueue',
        name,
        parent,
        quotas: resourceQuotas(cq.spec?.resourceGroups),
        subtreeQuota: new Map(),
        usage,
      };
      tree.cqs.set(name, node);
      parent?.childClusterQueues.push(node);
    }
    for (const node of tree.cqs.values()) if (!node.parent) updateClusterQueueNode(node);
    for (const node of tree.cohortMap.values()) if (!node.parent) updateCohortNode(node);
    return tree;
  }

  /** A copy whose usage can change independently (snapshot.go: quotas are shared, usage maps are cloned). */
  clone(): QuotaTree {
    const t = new QuotaTree(
      this.cycles.map((c) => [...c]),
      new Map(this.excludedClusterQueues),
      new Map(this.excludedCohorts),
    );
    const copy = new Map<MutNode, MutNode>();
    const cloneNode = <N extends MutNode>(n: N): N => {
      const c = { ...n, usage: new Map(n.usage) } as N;
      copy.set(n, c);
      return c;
    };
    for (const [name, n] of this.cohortMap) {
      const c = cloneNode(n);
      c.childCohorts = [];
      c.childClusterQueues = [];
      t.cohortMap.set(name, c);
    }
    for (const [name, n] of this.cqs) t.cqs.set(name, cloneNode(n));
    for (const [orig, c] of copy) {
      c.parent = orig.parent ? (copy.get(orig.parent) as MutCohort) : undefined;
    }
    for (const n of this.cohortMap.values()) {
      const c = copy.get(n) as MutCohort;
      c.childCohorts = n.childCohorts.map((x) => copy.get(x) as MutCohort);
      c.childClusterQueues = n.childClusterQueues.map((x) => copy.get(x)!);
    }
    return t;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lookup and navigation.

  hasClusterQueue(name: string): boolean {
    return this.cqs.has(name);
  }

  clusterQueue(name: string): ClusterQueueNode | undefined {
    return this.cqs.get(name) as ClusterQueueNode | undefined;
  }

  cohort(name: string): CohortNode | undefined {
    return this.cohortMap.get(name) as CohortNode | undefined;
  }

  clusterQueueNames(): string[] {
    return [...this.cqs.keys()];
  }

  cohortNames(): string[] {
    return [...this.cohortMap.keys()];
  }

  /** The ClusterQueues' usage, for rebuilding the tree after a quota or hierarchy change. */
  clusterQueueUsage(): Map<string, Map<FlavorResource, number>> {
    const out = new Map<string, Map<FlavorResource, number>>();
    for (const [name, n] of this.cqs) out.set(name, new Map(n.usage));
    return out;
  }

  private node(ref: NodeRef): MutNode {
    if (typeof ref !== 'string') return ref as unknown as MutNode;
    const n = this.cqs.get(ref);
    if (n) return n;
    const why = this.excludedClusterQueues.get(ref);
    throw new Error(
      why
        ? `ClusterQueue "${ref}" is not in the quota tree: its cohort tree has a cycle`
        : `unknown ClusterQueue "${ref}"`,
    );
  }

  /** The root of the node's tree (the node itself when it has no parent). */
  root(ref: NodeRef): QuotaNode {
    let n = this.node(ref);
    while (n.parent) n = n.parent;
    return n as QuotaNode;
  }

  /** Ancestors from the parent up to the root (ClusterQueueSnapshot.PathParentToRoot). */
  ancestors(ref: NodeRef): CohortNode[] {
    const out: CohortNode[] = [];
    for (let a = this.node(ref).parent; a; a = a.parent) out.push(a as CohortNode);
    return out;
  }

  /** Every ClusterQueue under a cohort (CohortSnapshot.SubtreeClusterQueues: own CQs, then child cohorts'). */
  subtreeClusterQueues(cohort: CohortNode): ClusterQueueNode[] {
    const out: ClusterQueueNode[] = [...cohort.childClusterQueues];
    for (const c of cohort.childCohorts) out.push(...this.subtreeClusterQueues(c));
    return out;
  }

  /** getNodeHeight: 0 for an empty cohort, 1 with only ClusterQueues, 1 + the tallest child cohort otherwise. */
  height(cohort: CohortNode): number {
    let h = Math.min(cohort.childCohorts.length + cohort.childClusterQueues.length, 1);
    for (const c of cohort.childCohorts) h = Math.max(h, this.height(c) + 1);
    return h;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Per-node quantities (resource_node.go).

  quota(ref: NodeRef, fr: FlavorResource): NodeQuota {
    return this.node(ref).quotas.get(fr) ?? ZERO_QUOTA;
  }

  subtreeQuota(ref: NodeRef, fr: FlavorResource): number {
    return this.node(ref).subtreeQuota.get(fr) ?? 0;
  }

  usage(ref: NodeRef, fr: FlavorResource): number {
    return this.node(ref).usage.get(fr) ?? 0;
  }

  /** localQuota: capacity private to the subtree because of the lending limit. */
  localQuota(ref: NodeRef, fr: FlavorResource): number {
    return localQuota(this.node(ref), fr);
  }

  /** LocalAvailable: private capacity not yet used. */
  localAvailable(ref: NodeRef, fr: FlavorResource): number {
    return localAvailable(this.node(ref), fr);
  }

  /** available() unclamped: negative when the subtree is over-admitted. */
  rawAvailable(ref: NodeRef, fr: FlavorResource): number {
    return available(this.node(ref), fr);
  }

  /** ClusterQueueSnapshot.Available: what can be admitted now without preemption, never negative. */
  available(ref: NodeRef, fr: FlavorResource): number {
    return Math.max(0, available(this.node(ref), fr));
  }

  /** potentialAvailable: the most the node could ever get, ignoring usage but respecting borrowing limits. */
  potentialAvailable(ref: NodeRef, fr: FlavorResource): number {
    return potentialAvailable(this.node(ref), fr);
  }

  /** Borrowing: usage beyond the node's own quota (nominal for a CQ, SubtreeQuota for a cohort). */
  borrowing(ref: NodeRef, fr: FlavorResource): boolean {
    return this.borrowingWith(ref, fr, 0);
  }

  /** BorrowingWith: would usage + val exceed nominal (a CQ) / SubtreeQuota (a cohort). */
  borrowingWith(ref: NodeRef, fr: FlavorResource, val: number): boolean {
    const n = this.node(ref);
    const own = n.kind === 'ClusterQueue' ? (n.quotas.get(fr) ?? ZERO_QUOTA).nominal : (n.subtreeQuota.get(fr) ?? 0);
    return own < addAmount(n.usage.get(fr) ?? 0, val);
  }

  /** Fits (the quota part): every amount ≤ Available. */
  fits(ref: NodeRef, usage: FlavorResourceAmounts): FitResult {
    for (const [fr, q] of entries(usage)) {
      const avail = this.available(ref, fr);
      if (avail < q) return { fits: false, flavorResource: fr, requested: q, available: avail };
    }
    return { fits: true };
  }

  /**
   * QuantitiesFitInQuota: whether the requests fit in the node's SubtreeQuota given its usage, and what would
   * spill to the parent (requests beyond LocalAvailable).
   */
  quantitiesFitInQuota(
    ref: NodeRef,
    requests: FlavorResourceAmounts,
  ): { fits: boolean; remaining: Map<FlavorResource, number> } {
    const n = this.node(ref);
    let fits = true;
    const remaining = new Map<FlavorResource, number>();
    for (const [fr, v] of entries(requests)) {
      if ((n.subtreeQuota.get(fr) ?? 0) < addAmount(n.usage.get(fr) ?? 0, v)) fits = false;
      remaining.set(fr, Math.max(0, subAmount(v, localAvailable(n, fr))));
    }
    return { fits, remaining };
  }

  /** IsWithinNominalInResources: usage ≤ SubtreeQuota on every listed FlavorResource. */
  isWithinNominal(ref: NodeRef, frs: Iterable<FlavorResource>): boolean {
    const n = this.node(ref);
    if (Array.isArray(frs)) {
      // The target search asks this for every candidate: an array is read without an iterator.
      for (let i = 0; i < frs.length; i++) {
        const fr = frs[i] as FlavorResource;
        if ((n.subtreeQuota.get(fr) ?? 0) < (n.usage.get(fr) ?? 0)) return false;
      }
      return true;
    }
    for (const fr of frs) if ((n.subtreeQuota.get(fr) ?? 0) < (n.usage.get(fr) ?? 0)) return false;
    return true;
  }

  /**
   * FindHeightOfLowestSubtreeThatFits: the height of the lowest subtree (the CQ alone is 0) whose quota covers
   * usage + val, or the height of the whole tree if none does; `belowRoot` is true when that subtree is not the
   * whole tree (a cohort-less CQ answers 0, false).
   */
  lowestSubtreeThatFits(cq: NodeRef, fr: FlavorResource, val: number): { height: number; belowRoot: boolean } {
    const n = this.node(cq);
    if (!this.borrowingWith(n as QuotaNode, fr, val) || !n.parent)
      return { height: 0, belowRoot: n.parent !== undefined };
    let remaining = subAmount(val, localAvailable(n, fr));
    for (let a: MutCohort | undefined = n.parent; a; a = a.parent) {
      if (!this.borrowingWith(a as QuotaNode, fr, remaining)) {
        return { height: this.height(a as CohortNode), belowRoot: a.parent !== undefined };
      }
      remaining = subAmount(remaining, localAvailable(a, fr));
    }
    return { height: this.height(this.root(n.parent as CohortNode) as CohortNode), belowRoot: false };
  }

  /**
   * calculateLendable: per resource name, Σ over the root's FlavorResources of potentialAvailable(node) — the
   * denominator of the dominant resource share.
   */
  lendable(ref: NodeRef): Map<string, number> {
    const n = this.node(ref);
    const root = this.root(n as QuotaNode) as unknown as MutNode;
    const out = new Map<string, number>();
    for (const fr of root.subtreeQuota.keys()) {
      const { resource } = splitFlavorResource(fr);
      out.set(resource, addAmount(out.get(resource) ?? 0, potentialAvailable(n, fr)));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Usage.

  /** The usage version: it changes with every addUsage/removeUsage. */
  get version(): number {
    return this.usageVersion;
  }

  /** AddUsage: each amount is added to the CQ and the part beyond its LocalAvailable to the parent, recursively. */
  addUsage(cq: NodeRef, usage: FlavorResourceAmounts): void {
    const n = this.node(cq);
    this.usageVersion++;
    for (const [fr, v] of entries(usage)) addUsage(n, fr, v);
  }

  /** RemoveUsage: the mirror of addUsage; a parent gets back at most what the child stored in it. */
  removeUsage(cq: NodeRef, usage: FlavorResourceAmounts): void {
    const n = this.node(cq);
    this.usageVersion++;
    for (const [fr, v] of entries(usage)) removeUsage(n, fr, v);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// resource_node.go, on the mutable nodes.

function localQuota(n: MutNode, fr: FlavorResource): number {
  const ll = n.quotas.get(fr)?.lendingLimit;
  if (ll === undefined) return 0;
  return Math.max(0, subAmount(n.subtreeQuota.get(fr) ?? 0, ll));
}

function localAvailable(n: MutNode, fr: FlavorResource): number {
  return Math.max(0, subAmount(localQuota(n, fr), n.usage.get(fr) ?? 0));
}

function available(n: MutNode, fr: FlavorResource): number {
  const sq = n.subtreeQuota.get(fr) ?? 0;
  const u = n.usage.get(fr) ?? 0;
  if (!n.parent) return subAmount(sq, u);
  let parentAvailable = available(n.parent, fr);
  const bl = n.quotas.get(fr)?.borrowingLimit;
  if (bl !== undefined) {
    const lq = localQuota(n, fr);
    const storedInParent = subAmount(sq, lq);
    const usedInParent = Math.max(0, subAmount(u, lq));
    const withMaxFromParent = addAmount(subAmount(storedInParent, usedInParent), bl);
    parentAvailable = Math.min(withMaxFromParent, parentAvailable);
  }
  return addAmount(localAvailable(n, fr), parentAvailable);
}

function potentialAvailable(n: MutNode, fr: FlavorResource): number {
  const sq = n.subtreeQuota.get(fr) ?? 0;
  if (!n.parent) return sq;
  let avail = addAmount(localQuota(n, fr), potentialAvailable(n.parent, fr));
  const bl = n.quotas.get(fr)?.borrowingLimit;
  if (bl !== undefined) avail = Math.min(addAmount(sq, bl), avail);
  return avail;
}

function addUsage(n: MutNode, fr: FlavorResource, val: number): void {
  const u = n.usage.get(fr) ?? 0;
  const la = Math.max(0, subAmount(localQuota(n, fr), u)); // localAvailable, with the usage read once
  n.usage.set(fr, addAmount(u, val));
  if (n.parent && val > la) addUsage(n.parent, fr, subAmount(val, la));
}

function removeUsage(n: MutNode, fr: FlavorResource, val: number): void {
  const u = n.usage.get(fr) ?? 0;
  const storedInParent = subAmount(u, localQuota(n, fr));
  n.usage.set(fr, subAmount(u, val));
  if (storedInParent <= 0 || !n.parent) return;
  removeUsage(n.parent, fr, Math.min(val, storedInParent));
}

/** updateClusterQueueResourceNode: a CQ's SubtreeQuota is its nominal quota. */
function updateClusterQueueNode(n: MutNode): void {
  n.subtreeQuota = new Map();
  for (const [fr, q] of n.quotas) n.subtreeQuota.set(fr, q.nominal);
}

/** updateCohortResourceNode: own nominal plus what the children lend, and the children's usage beyond localQuota. */
function updateCohortNode(c: MutCohort): void {
  c.subtreeQuota = new Map();
  c.usage = new Map();
  for (const [fr, q] of c.quotas) c.subtreeQuota.set(fr, q.nominal);
  for (const child of c.childCohorts) {
    updateCohortNode(child);
    accumulateFromChild(c, child);
  }
  for (const child of c.childClusterQueues) {
    updateClusterQueueNode(child);
    accumulateFromChild(c, child);
  }
}

function accumulateFromChild(parent: MutCohort, child: MutNode): void {
  for (const [fr, sq] of child.subtreeQuota) {
    parent.subtreeQuota.set(fr, addAmount(parent.subtreeQuota.get(fr) ?? 0, subAmount(sq, localQuota(child, fr))));
  }
  for (const [fr, u] of child.usage) {
    const delta = Math.max(0, subAmount(u, localQuota(child, fr)));
    parent.usage.set(fr, addAmount(parent.usage.get(fr) ?? 0, delta));
  }
}

/**
 * hierarchy.HasCycle for every cohort: a cohort whose walk up the parentName chain revisits a cohort has a cycle
 * (this includes cohorts hanging below a loop). Returns the loops and every such cohort.
 */
function findCycles(parentOf: ReadonlyMap<string, string | undefined>): {
  cycles: string[][];
  inCycleTree: Set<string>;
} {
  const inCycleTree = new Set<string>();
  const loops = new Map<string, string[]>();
  for (const start of parentOf.keys()) {
    const path: string[] = [];
    const seen = new Set<string>();
    let cur: string | undefined = start;
    while (cur !== undefined && !seen.has(cur)) {
      seen.add(cur);
      path.push(cur);
      cur = parentOf.get(cur);
    }
    if (cur === undefined) continue;
    inCycleTree.add(start);
    const loop = path.slice(path.indexOf(cur));
    const min = [...loop].sort()[0]!;
    const i = loop.indexOf(min);
    const canonical = [...loop.slice(i), ...loop.slice(0, i)];
    loops.set(canonical.join('\u0000'), canonical);
  }
  return { cycles: [...loops.values()], inCycleTree };
}
