/**
 * The simulator's pending-event set, in two layers.
 *
 * `EventQueue` is the bare binary min-heap on typed arrays. Entries are ordered by (time, phase, seq) ascending:
 * `time` is an integer number of microseconds (any safe integer, up to 2^53), `phase` an integer 0..255, and `seq` a
 * per-queue insertion counter, so entries that tie on (time, phase) pop in FIFO order. The order is total and
 * deterministic. An entry carries a small integer id (0 .. 2^31 - 1) instead of an arbitrary payload, and the heap
 * has no handles and no cancellation: everything it needs lives in three arrays indexed by heap position (times:
 * Float64Array; tie-break key phase * 2^45 + seq: Float64Array; ids: Int32Array), so a pop touches nothing outside the
 * path it walks. Pops use Floyd's bottom-up deletion (about one comparison per level). The arrays grow by doubling,
 * so a push allocates nothing once the queue has reached its working size.
 *
 * `CancellableQueue<T>` is what the simulator uses: arbitrary payloads, handles and O(1) lazy cancellation, on top of
 * an `EventQueue` whose ids are slots of a payload table. Per-slot bookkeeping (payload, generation, live/dead state,
 * a free-slot stack) lives in the table, not in the heap. `push` returns `generation * 2^26 + slot`; a slot's
 * generation is bumped whenever it is freed, so a stale handle never matches a recycled slot, and a slot whose
 * generation reaches 2^27 - 1 is retired (never reused), so every handle a queue returns is unique for its lifetime.
 * Cancelling marks the slot dead; the heap entry is discarded when it surfaces, or earlier by compaction.
 *
 * Complexity (n = entries physically in the heap, i.e. live entries plus cancelled ones not yet discarded):
 *   push                   O(log n); amortised O(1) extra for doubling
 *   pop                    O(log n) amortised (a cancelled entry is discarded once, at O(log n), when it surfaces)
 *   peekTime / peekPhase   O(1) (amortised for CancellableQueue: it discards cancelled entries sitting at the top)
 *   cancel                 O(1): lazy, marks the slot dead; when dead entries outnumber live ones the heap is
 *                          compacted (EventQueue.filter) and re-heapified in O(n), so cancellations cost amortised
 *                          O(1) and the heap never holds more than max(2 * live, live + 64) entries
 *   size                   O(1)
 *   filter                 O(n)
 *   clear                  O(1) for EventQueue, O(n) for CancellableQueue (it frees every slot)
 *
 * Why two layers: on the hold model of bench/heap.bench.ts, which measures both, the per-slot bookkeeping that
 * handles need (payload table, generations, states, free-slot stack) costs about 40% of the throughput. Keeping it out
 * of the heap lets code that needs no handles run at the bare heap's speed.
 */

const SLOT_BITS = 26;
/** Maximum number of entries held at once (and of slots in a CancellableQueue): 67,108,864. */
const MAX_ENTRIES = 2 ** SLOT_BITS;
/** Generations per slot before it is retired: handles fit in 53 bits. */
const MAX_GEN = 2 ** (53 - SLOT_BITS) - 1;
/** The secondary key is phase * SEQ_SPACE + seq; phase < 256 = 2^8, so it stays below 2^53. */
const SEQ_SPACE = 2 ** 45;

function checkCapacity(initialCapacity: number): number {
  if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
    throw new RangeError(`EventQueue: initialCapacity must be a positive integer, got ${initialCapacity}`);
  }
  return Math.min(initialCapacity, MAX_ENTRIES);
}

/** Bare binary min-heap of integer ids keyed by (time, phase, insertion order). See the file comment. */
export class EventQueue {
  private cap: number;
  private n = 0;
  /** By 1-based heap position (1 .. n): event time (µs). */
  private times: Float64Array;
  /** By heap position: phase * SEQ_SPACE + seq, the tie-break key (unique per entry). */
  private ords: Float64Array;
  /** By heap position: the entry's id. */
  private ids: Int32Array;
  private seq = 0;
  private lastTime = 0;

  constructor(initialCapacity = 1024) {
    const cap = checkCapacity(initialCapacity);
    this.cap = cap;
    this.times = new Float64Array(cap + 1);
    this.ords = new Float64Array(cap + 1);
    this.ids = new Int32Array(cap + 1);
  }

  /** Number of entries. */
  get size(): number {
    return this.n;
  }

  /** Time of the entry most recently returned by `pop` (0 before the first pop and after `clear`). */
  get lastPoppedTime(): number {
    return this.lastTime;
  }

  /**
   * Schedules `id` at (`time`, `phase`). `time` must be a safe integer (µs), `phase` an integer in 0..255, `id` an
   * integer in 0 .. 2^31 - 1. Nothing is modified when it throws.
   */
  push(time: number, phase: number, id: number): void {
    if (!Number.isSafeInteger(time)) throw new RangeError(`EventQueue.push: time must be a safe integer, got ${time}`);
    if ((phase & 0xff) !== phase) {
      throw new RangeError(`EventQueue.push: phase must be an integer 0..255, got ${phase}`);
    }
    if ((id & 0x7fffffff) !== id) {
      throw new RangeError(`EventQueue.push: id must be an integer 0..2^31-1, got ${id}`);
    }
    const seq = this.seq;
    if (seq === SEQ_SPACE) throw new RangeError('EventQueue.push: sequence counter exhausted');
    if (this.n === this.cap) this.grow();
    this.seq = seq + 1;
    const ord = phase * SEQ_SPACE + seq;

    // Sift up. The new entry has the largest seq, so a parent that ties on (time, phase) stays above it.
    const times = this.times;
    const ords = this.ords;
    const ids = this.ids;
    let i = ++this.n;
    while (i > 1) {
      const p = i >> 1;
      const pt = times[p]!;
      if (pt < time) break;
      const po = ords[p]!;
      if (pt === time && po < ord) break;
      times[i] = pt;
      ords[i] = po;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = time;
    ords[i] = ord;
    ids[i] = id;
  }

  /**
   * Removes the smallest entry and returns its id, or -1 when the queue is empty. Floyd's bottom-up deletion: walks
   * the hole at the root down to a leaf along the smaller children, then sifts the former last entry up from there.
   * The last entry usually belongs near the bottom, so this needs about one comparison per level instead of two.
   */
  pop(): number {
    const n = this.n;
    if (n === 0) return -1;
    const times = this.times;
    const ords = this.ords;
    const ids = this.ids;
    const top = ids[1]!;
    this.lastTime = times[1]!;
    const m = n - 1;
    this.n = m;
    if (m === 0) return top;
    const lt = times[n]!;
    const lo = ords[n]!;
    const li = ids[n]!;
    // Position n has left the heap: an infinite time there makes a missing right child lose every comparison.
    times[n] = Number.POSITIVE_INFINITY;
    let i = 1;
    let c = 2;
    while (c <= m) {
      let ct = times[c]!;
      const rt = times[c + 1]!;
      if (rt < ct || (rt === ct && ords[c + 1]! < ords[c]!)) {
        c++;
        ct = rt;
      }
      times[i] = ct;
      ords[i] = ords[c]!;
      ids[i] = ids[c]!;
      i = c;
      c <<= 1;
    }
    while (i > 1) {
      const p = i >> 1;
      const pt = times[p]!;
      if (pt < lt) break;
      const po = ords[p]!;
      if (pt === lt && po < lo) break;
      times[i] = pt;
      ords[i] = po;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = lt;
    ords[i] = lo;
    ids[i] = li;
    return top;
  }

  /** Time of the smallest entry, or Infinity when the queue is empty. */
  peekTime(): number {
    return this.n === 0 ? Number.POSITIVE_INFINITY : this.times[1]!;
  }

  /** Phase of the smallest entry, or -1 when the queue is empty. */
  peekPhase(): number {
    return this.n === 0 ? -1 : Math.floor(this.ords[1]! / SEQ_SPACE);
  }

  /** Id of the smallest entry, or -1 when the queue is empty. */
  peekId(): number {
    return this.n === 0 ? -1 : this.ids[1]!;
  }

  /**
   * Keeps only the entries whose id satisfies `keep` (called once per entry, in no particular order; it must not
   * modify the queue) and restores the heap in O(n). The survivors keep their (time, phase, seq) keys, so their
   * relative order is unchanged. Returns the number of entries removed.
   */
  filter(keep: (id: number) => boolean): number {
    const times = this.times;
    const ords = this.ords;
    const ids = this.ids;
    const n = this.n;
    let w = 0;
    for (let r = 1; r <= n; r++) {
      const id = ids[r]!;
      if (!keep(id)) continue;
      w++;
      times[w] = times[r]!;
      ords[w] = ords[r]!;
      ids[w] = id;
    }
    this.n = w;
    for (let i = w >> 1; i >= 1; i--) this.siftDown(i);
    return n - w;
  }

  /** Removes every entry. */
  clear(): void {
    this.n = 0;
    this.lastTime = 0;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /** Sifts the entry at 1-based position `start` down within positions 1 .. n (filter's heapify). */
  private siftDown(start: number): void {
    const n = this.n;
    const times = this.times;
    const ords = this.ords;
    const ids = this.ids;
    const t = times[start]!;
    const o = ords[start]!;
    const id = ids[start]!;
    let i = start;
    let c = 2 * i;
    while (c <= n) {
      let ct = times[c]!;
      let co = ords[c]!;
      if (c < n) {
        const rt = times[c + 1]!;
        const ro = ords[c + 1]!;
        if (rt < ct || (rt === ct && ro < co)) {
          c++;
          ct = rt;
          co = ro;
        }
      }
      if (t < ct || (t === ct && o < co)) break;
      times[i] = ct;
      ords[i] = co;
      ids[i] = ids[c]!;
      i = c;
      c = 2 * c;
    }
    times[i] = t;
    ords[i] = o;
    ids[i] = id;
  }

  private grow(): void {
    if (this.cap >= MAX_ENTRIES) throw new RangeError(`EventQueue: more than ${MAX_ENTRIES} entries`);
    const cap = Math.min(this.cap * 2, MAX_ENTRIES);
    const times = new Float64Array(cap + 1);
    times.set(this.times);
    this.times = times;
    const ords = new Float64Array(cap + 1);
    ords.set(this.ords);
    this.ords = ords;
    const ids = new Int32Array(cap + 1);
    ids.set(this.ids);
    this.ids = ids;
    this.cap = cap;
  }
}

const FREE = 0;
const LIVE = 1;
const DEAD = 2;
const RETIRED = 3;

/** Compaction is not attempted while fewer than this many cancelled entries are in the heap. */
const COMPACT_MIN_DEAD = 64;

/**
 * Pending events with payloads, handles and lazy O(1) cancellation: an `EventQueue` of slot ids plus a slot table.
 * Same order as `EventQueue` (time, phase, insertion). See the file comment.
 */
export class CancellableQueue<T> {
  private readonly queue: EventQueue;
  private cap: number;
  /** Per slot: payload (undefined when the slot is not live). */
  private payloads: (T | undefined)[];
  /** Per slot: generation encoded into handles. */
  private gens: Uint32Array;
  /** Per slot: FREE / LIVE / DEAD / RETIRED. */
  private states: Uint8Array;
  /** Stack of free slot ids; freeStack[0 .. freeTop) is valid. */
  private freeStack: Int32Array;
  private freeTop = 0;
  /** Slots [0, nextSlot) have been handed out at least once. */
  private nextSlot = 0;
  private live = 0;
  private dead = 0;
  private lastTime = 0;
  /** `filter` callback of compaction: drops (and frees) dead slots. Bound once, so compaction allocates nothing. */
  private readonly keepLive = (slot: number): boolean => {
    if (this.states[slot] !== DEAD) return true;
    this.release(slot);
    return false;
  };
  /** `filter` callback of `clear`: frees every slot. */
  private readonly dropAll = (slot: number): boolean => {
    this.release(slot);
    return false;
  };

  constructor(initialCapacity = 1024) {
    const cap = checkCapacity(initialCapacity);
    this.queue = new EventQueue(cap);
    this.cap = cap;
    this.gens = new Uint32Array(cap);
    this.states = new Uint8Array(cap);
    this.freeStack = new Int32Array(cap);
    this.payloads = [];
    for (let i = 0; i < cap; i++) this.payloads.push(undefined);
  }

  /** Number of live (pushed, not yet popped, not cancelled) entries. */
  get size(): number {
    return this.live;
  }

  /** Time of the entry most recently returned by `pop` (0 before the first pop and after `clear`). */
  get lastPoppedTime(): number {
    return this.lastTime;
  }

  /**
   * Schedules `payload` at (`time`, `phase`). `time` must be a safe integer (µs), `phase` an integer in 0..255.
   * Returns a handle for `cancel`.
   */
  push(time: number, phase: number, payload: T): number {
    const fromStack = this.freeTop > 0;
    let slot: number;
    if (fromStack) {
      slot = this.freeStack[this.freeTop - 1]!;
    } else {
      if (this.nextSlot === this.cap) this.grow();
      slot = this.nextSlot;
    }
    this.queue.push(time, phase, slot); // validates; throws before anything is modified
    if (fromStack) this.freeTop--;
    else this.nextSlot++;
    this.states[slot] = LIVE;
    this.payloads[slot] = payload;
    this.live++;
    return this.gens[slot]! * MAX_ENTRIES + slot;
  }

  /** Removes and returns the payload of the smallest live entry, or undefined when the queue is empty. */
  pop(): T | undefined {
    if (this.dead > 0) this.skimDead();
    const slot = this.queue.pop();
    if (slot < 0) return undefined;
    this.lastTime = this.queue.lastPoppedTime;
    const payload = this.payloads[slot];
    this.release(slot);
    this.live--;
    return payload;
  }

  /** Time of the smallest live entry, or Infinity when the queue is empty. */
  peekTime(): number {
    if (this.dead > 0) this.skimDead();
    return this.queue.peekTime();
  }

  /** Phase of the smallest live entry, or -1 when the queue is empty. */
  peekPhase(): number {
    if (this.dead > 0) this.skimDead();
    return this.queue.peekPhase();
  }

  /**
   * Cancels the entry behind `handle`. Returns true if it was live; false if the handle is unknown, was already
   * popped or cancelled, or belongs to an earlier use of a recycled slot. O(1) amortised.
   */
  cancel(handle: number): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) return false;
    const slot = handle % MAX_ENTRIES;
    if (slot >= this.nextSlot) return false;
    if (this.states[slot] !== LIVE || this.gens[slot] !== (handle - slot) / MAX_ENTRIES) return false;
    this.states[slot] = DEAD;
    this.payloads[slot] = undefined;
    this.live--;
    this.dead++;
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.live) {
      // Drops every cancelled entry from the heap and frees its slot; O(n).
      this.queue.filter(this.keepLive);
      this.dead = 0;
    }
    return true;
  }

  /** Removes every entry. Handles issued before `clear` stay invalid afterwards. */
  clear(): void {
    this.queue.filter(this.dropAll);
    this.queue.clear();
    this.live = 0;
    this.dead = 0;
    this.lastTime = 0;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /** Discards cancelled entries sitting at the top of the heap. */
  private skimDead(): void {
    const queue = this.queue;
    const states = this.states;
    for (let slot = queue.peekId(); slot >= 0 && states[slot] === DEAD; slot = queue.peekId()) {
      queue.pop();
      this.release(slot);
      this.dead--;
    }
  }

  /** Returns a slot to the free stack with a new generation (or retires it when its generations are used up). */
  private release(slot: number): void {
    this.payloads[slot] = undefined;
    const gen = this.gens[slot]!;
    if (gen >= MAX_GEN) {
      this.states[slot] = RETIRED;
      return;
    }
    this.gens[slot] = gen + 1;
    this.states[slot] = FREE;
    this.freeStack[this.freeTop++] = slot;
  }

  private grow(): void {
    if (this.cap >= MAX_ENTRIES) throw new RangeError(`EventQueue: more than ${MAX_ENTRIES} entries`);
    const cap = Math.min(this.cap * 2, MAX_ENTRIES);
    const gens = new Uint32Array(cap);
    gens.set(this.gens);
    this.gens = gens;
    const states = new Uint8Array(cap);
    states.set(this.states);
    this.states = states;
    const freeStack = new Int32Array(cap);
    freeStack.set(this.freeStack);
    this.freeStack = freeStack;
    for (let i = this.cap; i < cap; i++) this.payloads.push(undefined);
    this.cap = cap;
  }
}
