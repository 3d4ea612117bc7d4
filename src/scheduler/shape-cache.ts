// Speed mode's equivalence classes (the idea of spec/scheduler.md §7.3, KEP-5598): pods with the same requests,
// node selection and tolerations get the same filter verdicts and scores on a node until that node changes. Each
// shape keeps, per node, the static verdict (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity: valid
// until any node event, which clears the cache), the NodeResourcesFit verdict and the resource scores (valid while
// the node's version is unchanged), and the raw TaintToleration / NodeAffinity scores. The verdicts and scores are
// the plugin functions' own results, so speed and fidelity modes place identically.
// A shape whose nodeSelector admits few nodes (Kueue TAS pins every pod to its host: one shape per pod) keeps its
// arrays per candidate node ("compact"), not per node id: a new shape then costs O(candidates), not O(nodes).
import type { Pod } from '../api/core.js';
import type { Rng } from '../engine/random.js';
import {
  type FilterPlugin,
  NODE_AFFINITY_REASON,
  nodeAffinity,
  nodeName,
  nodeResourcesFit,
  nodeUnschedulable,
  openGpuShare,
  taintToleration,
} from './filters.js';
import { GPU_INDEX } from './gpu-share.js';
import { BLOCK_SHIFT, type NodeInfo, NodeVersions, requestsKeyOf } from './node-info.js';

/** Nodes per block of walkSelect's summaries. */
const BLOCK_NODES = 1 << BLOCK_SHIFT;

import { countIntolerablePreferNoScheduleTaints, nodeAffinityRawScore } from './scores.js';
import { countByClass, type StaticClasses } from './static-classes.js';

/** The filters whose verdict depends only on the node object and the pod's shape, in upstream order. */
export const STATIC_FILTERS: readonly FilterPlugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity];

const PASS = 1;
const FAIL = 2;

/**
 * NodeResourcesFit, then Open-Gpu-Share (a no-op for pods without a GPU share): the verdicts that change with what
 * runs on the node, cached together by node version. (Upstream runs Open-Gpu-Share last, after PodTopologySpread and
 * InterPodAffinity: only the reported reason of a node failing both can differ.)
 */
export function resourceVerdict(pod: Pod, info: NodeInfo): string | undefined {
  return nodeResourcesFit.filter(pod, info, {}) ?? openGpuShare.filter(pod, info, {});
}

/** The pod fields every cached verdict and score depends on. */
export function shapeKey(pod: Pod): string {
  const s = pod.spec;
  const a = pod.metadata.annotations;
  // The containers' resources determine both the requests and the scoring requests (non-zero defaults): their key
  // (with the GPU-share annotations) is the one the pod's requests were memoised under, computed once per pod.
  const requests = requestsKeyOf(pod);
  const selector = s.nodeSelector;
  const affinity = s.affinity?.nodeAffinity;
  const tolerations = s.tolerations;
  const gpuIndex = a?.[GPU_INDEX];
  // A pod with none of the rest (most batch pods) skips the JSON.
  if (
    selector === undefined &&
    affinity === undefined &&
    tolerations === undefined &&
    s.nodeName === undefined &&
    gpuIndex === undefined
  )
    return requests;
  // Pods come in runs of one shape: a field that would serialise as the last pod's reuses its JSON. The key is the
  // JSON of the array of the five fields, written field by field (an absent field is `null` in an array), so a TAS
  // pod, pinned by a selector of its own, serialises only that selector and not its tolerations and affinity again.
  const last = lastShape;
  const sel = sameJson(selector, last.selector) ? last.selectorJson : json(selector);
  const aff = sameJson(affinity, last.affinity) ? last.affinityJson : json(affinity);
  const tol = sameJson(tolerations, last.tolerations) ? last.tolerationsJson : json(tolerations);
  const node = s.nodeName;
  const nodeJson = node === last.nodeName ? last.nodeNameJson : json(node);
  const gpuJson = gpuIndex === last.gpuIndex ? last.gpuIndexJson : json(gpuIndex);
  // The whole key again (the same string, its hash cached) when every part is the last pod's.
  if (
    requests === last.requests &&
    sel === last.selectorJson &&
    aff === last.affinityJson &&
    tol === last.tolerationsJson &&
    nodeJson === last.nodeNameJson &&
    gpuJson === last.gpuIndexJson
  )
    return last.key;
  const key = `${requests}|[${sel},${aff},${tol},${nodeJson},${gpuJson}]`;
  lastShape = {
    requests,
    key,
    selector,
    selectorJson: sel,
    affinity,
    affinityJson: aff,
    tolerations,
    tolerationsJson: tol,
    nodeName: node,
    nodeNameJson: nodeJson,
    gpuIndex,
    gpuIndexJson: gpuJson,
  };
  return key;
}

/** JSON.stringify of an array element: undefined (and whatever else serialises to nothing) is written `null`. */
function json(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

/** The five fields of the last pod shapeKey serialised, each with its JSON. */
interface LastShape {
  requests: string;
  key: string;
  selector: unknown;
  selectorJson: string;
  affinity: unknown;
  affinityJson: string;
  tolerations: unknown;
  tolerationsJson: string;
  nodeName: string | undefined;
  nodeNameJson: string;
  gpuIndex: string | undefined;
  gpuIndexJson: string;
}

let lastShape: LastShape = {
  requests: '\0', // no pod's requests key

  key: '',
  selector: undefined,
  selectorJson: 'null',
  affinity: undefined,
  affinityJson: 'null',
  tolerations: undefined,
  tolerationsJson: 'null',
  nodeName: undefined,
  nodeNameJson: 'null',
  gpuIndex: undefined,
  gpuIndexJson: 'null',
};

/**
 * True only when JSON.stringify would write `a` and `b` alike, keys in the same order (plain data: strings,
 * finite numbers, booleans, null, arrays, objects); anything else answers false, and the caller serialises.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  // Plain objects only: a Date (or anything with toJSON) has no keys of its own but serialises by value.
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i]) return false;
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (!sameJson(x, y)) return false;
  }
  return true;
}

/**
 * A shape goes compact when its nodeSelector candidates are at most this share of the nodes: below it, the
 * id → slot lookups cost less than zeroing 13 arrays indexed by node id.
 */
export const COMPACT_SHARE = 1 / 4;

// Zero-length arrays every new entry starts with, shared: nothing is ever written to them (ensure() and the pass and
// block set-ups replace them before any write), and a TAS-pinned pod makes one entry per pod, so 22 fresh empty
// typed arrays each (about 3 KB, most of it promoted by the LRU before it dies) were most of an entry's cost.
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

export class ShapeEntry {
  constructor(private readonly versions: NodeVersions = new NodeVersions()) {}

  /** Compact entries: node id → slot of the per-node arrays (the candidates, in their order); else slot = id. */
  private slots: Map<number, number> | undefined;
  private cap = 0;
  private staticState: Uint8Array = EMPTY_U8;
  private staticCode: Int32Array = EMPTY_I32;
  private fitVersion: Int32Array = EMPTY_I32;
  /** NodeResourcesFit's rejection per node as an index into `reasonText` (0: fits): a plain array indexed by node
   * id would be written out of order and fall back to slow dictionary elements. */
  private fitCode: Int32Array = EMPTY_I32;
  /** The distinct rejection reasons, few per entry: looked up by indexOf rather than a Map per entry. */
  private readonly reasonText: (string | undefined)[] = [undefined];
  private scoreVersion: Int32Array = EMPTY_I32;
  private fitScore: Float64Array = EMPTY_F64;
  private balVersion: Int32Array = EMPTY_I32;
  private balScore: Float64Array = EMPTY_F64;
  private resVersion: Int32Array = EMPTY_I32;
  private resTotal: Float64Array = EMPTY_F64;
  private rawState: Uint8Array = EMPTY_U8;
  private taint: Int32Array = EMPTY_I32;
  private affinity: Int32Array = EMPTY_I32;

  /** The slot of node `id` in the per-node arrays (grown to hold it), or -1 when a compact entry does not keep it. */
  private slotOf(id: number): number {
    if (this.slots !== undefined) return this.slots.get(id) ?? -1;
    if (id >= this.cap) this.ensure(id + 1);
    return id;
  }

  /** Grows the per-node arrays to hold at least `size` slots. */
  private ensure(size: number): void {
    if (size <= this.cap) return;
    let cap = Math.max(64, this.cap);
    while (cap < size) cap *= 2;
    if (this.slots !== undefined) cap = size;
    this.staticState = grownU8(this.staticState, cap);
    this.staticCode = grownI32(this.staticCode, cap);
    this.fitVersion = grownI32(this.fitVersion, cap);
    this.fitCode = grownI32(this.fitCode, cap);
    this.scoreVersion = grownI32(this.scoreVersion, cap);
    this.fitScore = grownF64(this.fitScore, cap);
    this.balVersion = grownI32(this.balVersion, cap);
    this.balScore = grownF64(this.balScore, cap);
    this.resVersion = grownI32(this.resVersion, cap);
    this.resTotal = grownF64(this.resTotal, cap);
    this.rawState = grownU8(this.rawState, cap);
    this.taint = grownI32(this.taint, cap);
    this.affinity = grownI32(this.affinity, cap);
    this.cap = cap;
  }

  /** The first rejection among the static filters and NodeResourcesFit, or undefined when the node fits. */
  verdict(pod: Pod, info: NodeInfo): string | undefined {
    const r = this.staticVerdict(pod, info);
    return r ?? this.fitVerdict(pod, info);
  }

  /** The first rejection among the static filters (cached until the next node event). */
  staticVerdict(pod: Pod, info: NodeInfo): string | undefined {
    const s = this.slotOf(info.id);
    if (s < 0) return staticFilters(pod, info);
    const st = this.staticState[s]!;
    if (st === PASS) return undefined;
    if (st === FAIL) return this.reasonText[this.staticCode[s]!];
    const r = staticFilters(pod, info);
    this.staticState[s] = r ? FAIL : PASS;
    this.staticCode[s] = this.codeOf(r);
    return r;
  }

  private pass: Int32Array | undefined;
  /** The node ids of `pass`, aligned with it. */
  private passIds: Int32Array = EMPTY_I32;
  /** The node id of each static-pass node, aligned with passPositions (valid until the next passPositions). */
  get passIdList(): Int32Array {
    return this.passIds;
  }
  /** Their slots in the per-node arrays (passIds itself unless compact). */
  private passSlots: Int32Array = EMPTY_I32;
  private totals: Map<string, number> | undefined;
  /** Pass-list indices of the feasible nodes of the last walkFit (`walkLen` of them), in walk order. */
  private walkIdx: Int32Array = EMPTY_I32;
  /** The array that walk filled, if any: kubeSelectUniform selects through the indices while it is unchanged. */
  private walkFeasible: readonly NodeInfo[] | undefined;
  /** Feasible nodes found by the last walkFit. */
  walkLen = 0;

  /**
   * Positions in `nodes` (the scheduler's node order) of the nodes that pass the static filters, ascending.
   * `candidates`, when given, are the only nodes that can pass (those carrying the pod's nodeSelector labels).
   */
  passPositions(pod: Pod, nodes: readonly NodeInfo[], candidates?: readonly NodeInfo[]): Int32Array {
    if (this.pass) return this.pass;
    if (candidates && this.cap === 0 && candidates.length <= nodes.length * COMPACT_SHARE) {
      // The candidates are the only nodes this entry keeps state for (they stay the same until the next node
      // event clears the cache).
      const slots = new Map<number, number>();
      for (const info of candidates) slots.set(info.id, slots.size);
      this.slots = slots;
      this.ensure(slots.size);
    }
    const out: number[] = [];
    for (const info of candidates ?? nodes) if (this.staticVerdict(pod, info) === undefined) out.push(info.position);
    if (candidates) out.sort((a, b) => a - b);
    // Filled by plain loops: Int32Array.from goes through the iterator protocol (a new shape entry per TAS pod).
    const n = out.length;
    const pass = new Int32Array(n);
    const ids = new Int32Array(n);
    let maxId = -1;
    for (let i = 0; i < n; i++) {
      const pos = out[i]!;
      const id = nodes[pos]!.id;
      pass[i] = pos;
      ids[i] = id;
      if (id > maxId) maxId = id;
    }
    this.pass = pass;
    this.passIds = ids;
    const slots = this.slots;
    if (slots) {
      const passSlots = new Int32Array(n);
      for (let i = 0; i < n; i++) passSlots[i] = slots.get(ids[i]!)!;
      this.passSlots = passSlots;
    } else this.passSlots = ids;
    if (!slots && n > 0) this.ensure(maxId + 1);
    this.walkIdx = new Int32Array(n);
    return this.pass;
  }

  /**
   * The filter walk of a cycle without PodTopologySpread or InterPodAffinity state: from index `i0` of the pass list
   * (wrapping), NodeResourcesFit's cached verdicts, until `want` nodes are feasible; rejected nodes go to `reject`,
   * feasible ones to `out` when given (and always to the walk's indices, `walkLen` of them). Returns the position of
   * the node that completed `want`, or -1 when every pass node was visited. The loop of Scheduler.cycle, on typed
   * arrays (passPositions sized them): node versions come from the shared NodeVersions, not the NodeInfos.
   */
  walkFit(
    pod: Pod,
    nodes: readonly NodeInfo[],
    i0: number,
    want: number,
    reject: (info: NodeInfo, reason: string) => void,
    out?: NodeInfo[],
  ): number {
    const pass = this.pass!;
    const m = pass.length;
    const walkIdx = this.walkIdx;
    this.walkFeasible = out;
    let found = 0;
    let i = i0;
    let last = -1;
    for (let j = 0; j < m; j++, i++) {
      if (i === m) i = 0;
      const code = this.fitCodeAt(pod, nodes, i);
      if (code === 0) {
        walkIdx[found++] = i;
        if (out) out.push(nodes[pass[i]!]!);
        if (found === want) {
          last = pass[i]!;
          break;
        }
      } else reject(nodes[pass[i]!]!, this.reasonText[code]!);
    }
    this.walkLen = found;
    return last;
  }

  /** NodeResourcesFit's verdict code (0 = fits) for the pass node at position i, cached by node version. */
  private fitCodeAt(pod: Pod, nodes: readonly NodeInfo[], i: number): number {
    const s = this.passSlots[i]!;
    const v = this.versions.a[this.passIds[i]!]! + 1;
    if (this.fitVersion[s] === v) return this.fitCode[s]!;
    const code = this.codeOf(resourceVerdict(pod, nodes[this.pass![i]!]!));
    this.fitVersion[s] = v;
    this.fitCode[s] = code;
    return code;
  }

  /** True when every static-pass node's raw TaintToleration and NodeAffinity scores are known and zero. */
  rawUniform(): boolean {
    return this.nonZeroRaw === 0 && this.pass !== undefined && this.rawKnown === this.pass.length;
  }

  /**
   * walkFit and selectWalked in one pass, for when rawUniform() holds: each feasible node is scored and compared
   * as it is found, in walk order, so the comparisons and tie draws are selectWalked's over the same nodes (the walk
   * stops at the `want`-th feasible node before any later draw). `selectedNode` is the choice.
   * A non-compact entry walks whole blocks of the node order (NodeVersions.blocks) from a summary when they are all
   * feasible and cannot hold the `want`-th node: a block whose best score is below the walk's best so far changes
   * nothing and draws nothing; one whose best equals it draws once per node of that score (Rng.tieRun), and only a
   * block holding a better node is walked node by node. Same draws, same choice, a tenth of the node visits.
   */
  walkSelect(
    pod: Pod,
    nodes: readonly NodeInfo[],
    i0: number,
    want: number,
    reject: (info: NodeInfo, reason: string) => void,
    rng: Rng,
    wFit: number,
    wBal: number,
    fitFn: (pod: Pod, info: NodeInfo) => number,
    balFn: (pod: Pod, info: NodeInfo) => number,
  ): number {
    const pass = this.pass!;
    const ids = this.passIds;
    const slots = this.passSlots;
    const m = pass.length;
    const versions = this.versions.a;
    const resVersion = this.resVersion;
    const resTotal = this.resTotal;
    const fitVersion = this.fitVersion;
    const fitCode = this.fitCode;
    this.walkFeasible = undefined;
    const blocked = this.slots === undefined && m >= 2 * BLOCK_NODES;
    if (blocked && this.bFirst.length === 0) this.initBlocks(nodes.length);
    const bFirst = this.bFirst;
    const bEnd = this.bEnd;
    const bStamp = this.bStamp;
    const bMax = this.bMax;
    const blockStamps = this.versions.blocks;
    let found = 0;
    let i = i0;
    let last = -1;
    let best = -1;
    /** The chosen pass index; -2: the `hitOrd`-th node of score `best` from pass index `hitFrom` (resolved below). */
    let chosen = -1;
    let hitFrom = 0;
    let hitOrd = 0;
    let ties = 0;
    for (let j = 0; j < m; ) {
      if (i === m) i = 0;
      if (blocked) {
        const b = pass[i]! >> BLOCK_SHIFT;
        if (bFirst[b] === i) {
          const end = bEnd[b]!;
          const len = end - i;
          if (found + len < want) {
            const stamp = blockStamps[b]! + 1;
            if (bStamp[b] !== stamp) this.summarise(pod, nodes, b, stamp, wFit, wBal, fitFn, balFn);
            const mx = bMax[b]!;
            if (this.bFeasible[b] === len && mx <= best) {
              if (mx === best) {
                const count = this.bCount[b]!;
                const k = rng.tieRun(ties + 1, count);
                ties += count;
                if (k >= 0) {
                  chosen = -2;
                  hitFrom = i;
                  hitOrd = k;
                }
              }
              found += len;
              j += len;
              i = end;
              continue;
            }
          }
        }
      }
      const s = slots[i]!;
      const v = versions[ids[i]!]! + 1;
      // fitCodeAt written out with the slot and version already in hand (two loads fewer per node walked).
      let code: number;
      if (fitVersion[s] === v) code = fitCode[s]!;
      else {
        code = this.codeOf(resourceVerdict(pod, nodes[pass[i]!]!));
        fitVersion[s] = v;
        fitCode[s] = code;
      }
      if (code !== 0) {
        reject(nodes[pass[i]!]!, this.reasonText[code]!);
        j++;
        i++;
        continue;
      }
      let score: number;
      if (resVersion[s] === v) score = resTotal[s]!;
      else {
        const info = nodes[pass[i]!]!;
        score = wFit * this.fit(pod, info, fitFn) + wBal * this.balanced(pod, info, balFn);
        resVersion[s] = v;
        resTotal[s] = score;
      }
      if (score > best) {
        best = score;
        chosen = i;
        ties = 1;
      } else if (score === best) {
        ties++;
        if (rng.tie(ties)) chosen = i;
      } else if (chosen === -1) chosen = i;
      if (++found === want) {
        last = pass[i]!;
        break;
      }
      j++;
      i++;
    }
    if (chosen === -2) {
      // The block's scores are still those of its summary: nothing changed during the walk.
      for (let k = hitFrom; ; k++) {
        if (resTotal[slots[k]!] === best && hitOrd-- === 0) {
          chosen = k;
          break;
        }
      }
    }
    this.walkLen = found;
    this.chosenPass = chosen;
    return last;
  }

  /** The pass index walkSelect chose. */
  private chosenPass = -1;

  /** The node walkSelect chose. */
  selectedNode(nodes: readonly NodeInfo[]): NodeInfo {
    return nodes[this.pass![this.chosenPass]!]!;
  }

  // walkSelect's block summaries, by block of the node order: the block's first and past-the-last pass index
  // (-1: no pass node in it), the NodeVersions.blocks stamp (+1) they were taken at, the best score of its
  // feasible nodes, how many have it, and how many are feasible.
  private bFirst: Int32Array = EMPTY_I32;
  private bEnd: Int32Array = EMPTY_I32;
  private bStamp: Int32Array = EMPTY_I32;
  private bMax: Float64Array = EMPTY_F64;
  private bCount: Int32Array = EMPTY_I32;
  private bFeasible: Int32Array = EMPTY_I32;

  private initBlocks(n: number): void {
    const nb = (n >> BLOCK_SHIFT) + 1;
    this.bFirst = new Int32Array(nb).fill(-1);
    this.bEnd = new Int32Array(nb);
    this.bStamp = new Int32Array(nb);
    this.bMax = new Float64Array(nb);
    this.bCount = new Int32Array(nb);
    this.bFeasible = new Int32Array(nb);
    const pass = this.pass!;
    for (let i = 0; i < pass.length; i++) {
      const b = pass[i]! >> BLOCK_SHIFT;
      if (this.bFirst[b] === -1) this.bFirst[b] = i;
      this.bEnd[b] = i + 1;
    }
  }

  /** Block b's summary, with its nodes' fit verdicts and scores cached as the walk would cache them. */
  private summarise(
    pod: Pod,
    nodes: readonly NodeInfo[],
    b: number,
    stamp: number,
    wFit: number,
    wBal: number,
    fitFn: (pod: Pod, info: NodeInfo) => number,
    balFn: (pod: Pod, info: NodeInfo) => number,
  ): void {
    const pass = this.pass!;
    const ids = this.passIds;
    const slots = this.passSlots;
    const versions = this.versions.a;
    let mx = -1;
    let count = 0;
    let feasible = 0;
    for (let i = this.bFirst[b]!, end = this.bEnd[b]!; i < end; i++) {
      const s = slots[i]!;
      const v = versions[ids[i]!]! + 1;
      if (this.fitVersion[s] !== v) {
        this.fitCode[s] = this.codeOf(resourceVerdict(pod, nodes[pass[i]!]!));
        this.fitVersion[s] = v;
      }
      if (this.fitCode[s] !== 0) continue;
      let score: number;
      if (this.resVersion[s] === v) score = this.resTotal[s]!;
      else {
        const info = nodes[pass[i]!]!;
        score = wFit * this.fit(pod, info, fitFn) + wBal * this.balanced(pod, info, balFn);
        this.resVersion[s] = v;
        this.resTotal[s] = score;
      }
      feasible++;
      if (score > mx) {
        mx = score;
        count = 1;
      } else if (score === mx) count++;
    }
    this.bStamp[b] = stamp;
    this.bMax[b] = mx;
    this.bCount[b] = count;
    this.bFeasible[b] = feasible;
  }

  /** Drops the last walk's array: a cycle that fills `feasible` another way must not select through the walk. */
  forgetWalk(): void {
    this.walkFeasible = undefined;
  }

  /** The k-th feasible node of the last walk. */
  walked(nodes: readonly NodeInfo[], k: number): NodeInfo {
    return nodes[this.pass![this.walkIdx[k]!]!]!;
  }

  /**
   * Static rejections over all nodes by reason: what a walk over every node counts before NodeResourcesFit.
   * `candidates` (the only nodes carrying the pod's nodeSelector labels) and `classes` (every node, by cordon and
   * taints) count the other nodes per class: NodeAffinity rejects them all, unless NodeUnschedulable or
   * TaintToleration, which run before it and read only what the class holds, rejects first.
   */
  staticTotals(
    pod: Pod,
    nodes: readonly NodeInfo[],
    candidates?: readonly NodeInfo[],
    classes?: StaticClasses,
  ): Map<string, number> {
    if (this.totals) return this.totals;
    const m = new Map<string, number>();
    if (candidates && classes && classes.size === nodes.length && pod.spec.nodeName === undefined) {
      countByClass(
        classes,
        candidates,
        (info) => this.staticVerdict(pod, info),
        (info) =>
          nodeUnschedulable.filter(pod, info, {}) ?? taintToleration.filter(pod, info, {}) ?? NODE_AFFINITY_REASON,
        m,
      );
    } else {
      for (const info of nodes) {
        const r = this.staticVerdict(pod, info);
        if (r) m.set(r, (m.get(r) ?? 0) + 1);
      }
    }
    this.totals = m;
    return m;
  }

  /** NodeResourcesFit's verdict, recomputed only when the node changed. */
  fitVerdict(pod: Pod, info: NodeInfo): string | undefined {
    const s = this.slotOf(info.id);
    if (s < 0) return resourceVerdict(pod, info);
    // Versions are stored +1 so that 0 means "never computed".
    const v = info.version + 1;
    if (this.fitVersion[s] !== v) {
      this.fitVersion[s] = v;
      this.fitCode[s] = this.codeOf(resourceVerdict(pod, info));
    }
    return this.reasonText[this.fitCode[s]!];
  }

  private codeOf(reason: string | undefined): number {
    if (reason === undefined) return 0;
    const c = this.reasonText.indexOf(reason, 1);
    if (c > 0) return c;
    this.reasonText.push(reason);
    return this.reasonText.length - 1;
  }

  /** The policy's NodeResourcesFit score, recomputed only when the node changed. */
  fit(pod: Pod, info: NodeInfo, score: (pod: Pod, info: NodeInfo) => number): number {
    const s = this.slotOf(info.id);
    if (s < 0) return score(pod, info);
    const v = info.version + 1;
    if (this.scoreVersion[s] !== v) {
      this.scoreVersion[s] = v;
      this.fitScore[s] = score(pod, info);
    }
    return this.fitScore[s]!;
  }

  balanced(pod: Pod, info: NodeInfo, score: (pod: Pod, info: NodeInfo) => number): number {
    const s = this.slotOf(info.id);
    if (s < 0) return score(pod, info);
    const v = info.version + 1;
    if (this.balVersion[s] !== v) {
      this.balVersion[s] = v;
      this.balScore[s] = score(pod, info);
    }
    return this.balScore[s]!;
  }

  /** How many nodes have a non-zero raw TaintToleration or NodeAffinity score for this shape. */
  private nonZeroRaw = 0;
  /** How many static-pass nodes have their raw scores computed. */
  private rawKnown = 0;

  /** The node's slot with its raw scores computed, or -1 when a compact entry does not keep the node. */
  private raw(pod: Pod, info: NodeInfo): number {
    const s = this.slotOf(info.id);
    if (s < 0) return s;
    if (this.rawState[s] === 0) {
      this.rawState[s] = 1;
      if (this.staticState[s] === PASS) this.rawKnown++;
      this.taint[s] = countIntolerablePreferNoScheduleTaints(info.node.spec.taints, pod.spec.tolerations);
      this.affinity[s] = nodeAffinityRawScore(pod, info.node);
      if (this.taint[s] !== 0 || this.affinity[s] !== 0) this.nonZeroRaw++;
    }
    return s;
  }

  /**
   * kubeSchedulerSelect's loop for the common case where no feasible node has a PreferNoSchedule taint the pod
   * does not tolerate and the pod has no matching preferred node affinity: both normalised scores are then
   * constant (TaintToleration 100, NodeAffinity 0), so the totals differ only by the cached resource scores
   * `wFit × fit + wBal × balanced`. Same order, same comparisons and the same tie draws as the general loop
   * (`rng.tie(k)` is `rng.int(k) === 0`). Returns undefined when that case does not hold.
   */
  kubeSelectUniform(
    pod: Pod,
    feasible: readonly NodeInfo[],
    rng: Rng,
    wFit: number,
    wBal: number,
    fitFn: (pod: Pod, info: NodeInfo) => number,
    balFn: (pod: Pod, info: NodeInfo) => number,
  ): NodeInfo | undefined {
    const n = feasible.length;
    if (feasible === this.walkFeasible && n === this.walkLen) {
      const k = this.selectWalked(pod, feasible, rng, wFit, wBal, fitFn, balFn);
      return k < 0 ? undefined : feasible[k];
    }
    // Once every static-pass node has its raw scores and none is non-zero, no feasible set needs a look.
    // A compact entry checks every node: one it does not keep (never a feasible one in the scheduler) goes to the
    // general loop, before any draw.
    if (this.slots || this.nonZeroRaw > 0 || this.pass === undefined || this.rawKnown < this.pass.length) {
      for (let i = 0; i < n; i++) if (this.raw(pod, feasible[i]!) < 0) return undefined;
      if (this.nonZeroRaw > 0) {
        for (let i = 0; i < n; i++) {
          const s = this.slotOf(feasible[i]!.id);
          if (this.taint[s] !== 0 || this.affinity[s] !== 0) return undefined;
        }
      }
    }
    let best = -1;
    let chosen = feasible[0]!;
    let ties = 0;
    const resVersion = this.resVersion;
    const resTotal = this.resTotal;
    for (let i = 0; i < n; i++) {
      const info = feasible[i]!;
      const s = this.slotOf(info.id);
      const v = info.version + 1;
      let score: number;
      if (resVersion[s] === v) score = resTotal[s]!;
      else {
        score = wFit * this.fit(pod, info, fitFn) + wBal * this.balanced(pod, info, balFn);
        resVersion[s] = v;
        resTotal[s] = score;
      }
      if (score > best) {
        best = score;
        chosen = info;
        ties = 1;
      } else if (score === best) {
        ties++;
        if (rng.tie(ties)) chosen = info;
      }
    }
    return chosen;
  }

  /**
   * kubeSelectUniform over the last walk's feasible nodes, by index (`nodes`: the scheduler's node order, or the
   * walk's `out` array): the walk index of the chosen node, or -1 when the raw scores are not uniform. Only nodes
   * whose scores must be (re)computed are touched.
   */
  selectWalked(
    pod: Pod,
    nodes: readonly NodeInfo[],
    rng: Rng,
    wFit: number,
    wBal: number,
    fitFn: (pod: Pod, info: NodeInfo) => number,
    balFn: (pod: Pod, info: NodeInfo) => number,
  ): number {
    const n = this.walkLen;
    const byWalk = nodes === this.walkFeasible;
    const node = (k: number) => (byWalk ? nodes[k]! : this.walked(nodes, k));
    const idx = this.walkIdx;
    const ids = this.passIds;
    const slots = this.passSlots;
    if (this.nonZeroRaw > 0 || this.rawKnown < this.pass!.length) {
      for (let k = 0; k < n; k++) this.raw(pod, node(k));
      if (this.nonZeroRaw > 0) {
        for (let k = 0; k < n; k++) {
          const s = slots[idx[k]!]!;
          if (this.taint[s] !== 0 || this.affinity[s] !== 0) return -1;
        }
      }
    }
    const versions = this.versions.a;
    const resVersion = this.resVersion;
    const resTotal = this.resTotal;
    let best = -1;
    let chosen = 0;
    let ties = 0;
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      const s = slots[i]!;
      const v = versions[ids[i]!]! + 1;
      let score: number;
      if (resVersion[s] === v) score = resTotal[s]!;
      else {
        const info = node(k);
        score = wFit * this.fit(pod, info, fitFn) + wBal * this.balanced(pod, info, balFn);
        resVersion[s] = v;
        resTotal[s] = score;
      }
      if (score > best) {
        best = score;
        chosen = k;
        ties = 1;
      } else if (score === best) {
        ties++;
        if (rng.tie(ties)) chosen = k;
      }
    }
    return chosen;
  }

  taintRaw(pod: Pod, info: NodeInfo): number {
    const s = this.raw(pod, info);
    return s < 0 ? countIntolerablePreferNoScheduleTaints(info.node.spec.taints, pod.spec.tolerations) : this.taint[s]!;
  }

  affinityRaw(pod: Pod, info: NodeInfo): number {
    const s = this.raw(pod, info);
    return s < 0 ? nodeAffinityRawScore(pod, info.node) : this.affinity[s]!;
  }
}

/** A copy of `a` with `cap` elements (the rest zero). */
function grownU8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  if (a.length > 0) b.set(a);
  return b;
}

function grownI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  if (a.length > 0) b.set(a);
  return b;
}

function grownF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  if (a.length > 0) b.set(a);
  return b;
}

/** The first rejection among the static filters, uncached. */
function staticFilters(pod: Pod, info: NodeInfo): string | undefined {
  for (const f of STATIC_FILTERS) {
    const r = f.filter(pod, info, {});
    if (r) return r;
  }
  return undefined;
}

/** Shape → entry, the least recently used dropped beyond `max` shapes. Cleared on every node event. */
export class ShapeCache {
  private readonly entries = new Map<string, ShapeEntry>();
  /** The key per pod object, valid for one resourceVersion (a gated pod's selector may still change). */
  /** The most recently used key: a run of pods of one shape skips the LRU reordering. */
  private lastKey: string | undefined;

  constructor(
    private readonly versions = new NodeVersions(),
    private readonly max = 256,
  ) {}

  clear(): void {
    this.entries.clear();
    this.lastKey = undefined;
  }

  /**
   * The pod's entry. `memo` (the pod's queue entry) keeps its key for one resourceVersion, as a gated pod's
   * selector may still change; kept there rather than in a WeakMap, whose ephemerons cost every GC.
   */
  entryFor(pod: Pod, memo: ShapeKeyMemo): ShapeEntry {
    const rv = pod.metadata.resourceVersion;
    if (memo.shapeKey === undefined || memo.shapeRv !== rv) {
      memo.shapeKey = shapeKey(pod);
      memo.shapeRv = rv;
    }
    const key = memo.shapeKey;
    let e = this.entries.get(key);
    if (e && key === this.lastKey) return e;
    if (e) {
      this.entries.delete(key);
    } else {
      e = new ShapeEntry(this.versions);
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, e);
    this.lastKey = key;
    return e;
  }
}

/** Where entryFor keeps a pod's shape key. */
export interface ShapeKeyMemo {
  shapeKey?: string;
  shapeRv?: string;
}
