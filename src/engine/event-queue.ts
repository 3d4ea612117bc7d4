/**
 * EventQueue<T> — the simulator's pending-event set: a binary min-heap on typed arrays.
 *
 * Entries are ordered by (time, phase, seq) ascending: `time` is an integer number of microseconds (any safe
 * integer, up to 2^53), `phase` an integer 0..255, and `seq` a per-queue insertion counter, so entries that tie on
 * (time, phase) pop in FIFO order. The order is total and deterministic.
 *
 * Layout: every entry owns a slot. Per-slot data lives in typed arrays (tie-break key phase * 2^45 + seq: Float64Array;
 * generation: Uint32Array; live/dead state: Uint8Array) and payloads in a plain array indexed by slot. The heap is an
 * Int32Array of slot ids (1-based) with the entries' times kept alongside in a Float64Array by heap position, so the
 * common comparison (different times) touches only the two heap arrays; the per-slot tie-break key is read only when
 * two times are equal. Pops use Floyd's bottom-up deletion (about one comparison per level). Freed slots are recycled
 * through an Int32Array stack. All arrays grow by doubling, so a push allocates nothing once the queue has reached its
 * working size.
 *
 * Handles: `push` returns `generation * 2^26 + slot`. A slot's generation is bumped whenever the slot is freed, so a
 * stale handle never matches a recycled slot. A slot whose generation reaches 2^27 - 1 is retired (never reused), so
 * every handle a queue returns is unique for its whole lifetime.
 *
 * Complexity (n = entries physically in the heap, i.e. live entries plus cancelled ones not yet discarded):
 *   push                   O(log n); amortised O(1) extra for doubling
 *   pop                    O(log n) amortised (a cancelled entry is discarded once, at O(log n), when it surfaces)
 *   peekTime / peekPhase   O(1) amortised (they discard cancelled entries sitting at the top)
 *   cancel                 O(1): lazy, marks the slot dead; when dead entries outnumber live ones the heap is
 *                          compacted and re-heapified in O(n), so cancellations cost amortised O(1) and the heap
 *                          never holds more than max(2 * live, live + 64) entries
 *   size                   O(1)
 *   clear                  O(n)
 */

const SLOT_BITS = 26;
/** Maximum number of slots (entries held at once): 67,108,864. */
const SLOT_SPACE = 2 ** SLOT_BITS;
/** Generations per slot before it is retired: handles fit in 53 bits. */
const MAX_GEN = 2 ** (53 - SLOT_BITS) - 1;
/** The secondary key is phase * SEQ_SPACE + seq; phase < 256 = 2^8, so it stays below 2^53. */
const SEQ_SPACE = 2 ** 45;

const FREE = 0;
const LIVE = 1;
const DEAD = 2;
const RETIRED = 3;

/** Compaction is not attempted while fewer than this many cancelled entries are in the heap. */
const COMPACT_MIN_DEAD = 64;

export class EventQueue<T> {
  private cap: number;
  /** Heap by 1-based position: event time (µs). Positions 1 .. heapLen are valid. */
  private times: Float64Array;
  /** Heap by 1-based position: slot id. */
  private heap: Int32Array;
  private heapLen = 0;
  /** Per slot: phase * SEQ_SPACE + seq, the tie-break key (unique per entry); read only when two times are equal. */
  private ords: Float64Array;
  /** Per slot: generation encoded into handles. */
  private gens: Uint32Array;
  /** Per slot: FREE / LIVE / DEAD / RETIRED. */
  private states: Uint8Array;
  /** Per slot: payload (undefined when the slot is not live). */
  private payloads: (T | undefined)[];
  /** Stack of free slot ids; freeStack[0 .. freeTop) is valid. */
  private freeStack: Int32Array;
  private freeTop = 0;
  /** Slots [0, nextSlot) have been handed out at least once. */
  private nextSlot = 0;
  private seq = 0;
  private live = 0;
  private dead = 0;
  private lastTime = 0;

  constructor(initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`EventQueue: initialCapacity must be a positive integer, got ${initialCapacity}`);
    }
    const cap = Math.min(initialCapacity, SLOT_SPACE);
    this.cap = cap;
    this.times = new Float64Array(cap + 1);
    this.heap = new Int32Array(cap + 1);
    this.ords = new Float64Array(cap);
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
    if (!Number.isSafeInteger(time)) throw new RangeError(`EventQueue.push: time must be a safe integer, got ${time}`);
    if ((phase & 0xff) !== phase) {
      throw new RangeError(`EventQueue.push: phase must be an integer 0..255, got ${phase}`);
    }
    const seq = this.seq;
    if (seq === SEQ_SPACE) throw new RangeError('EventQueue.push: sequence counter exhausted');
    this.seq = seq + 1;

    let slot: number;
    if (this.freeTop > 0) {
      slot = this.freeStack[--this.freeTop]!;
    } else {
      if (this.nextSlot === this.cap) this.grow();
      slot = this.nextSlot++;
    }
    const ord = phase * SEQ_SPACE + seq;
    const ords = this.ords;
    ords[slot] = ord;
    this.states[slot] = LIVE;
    this.payloads[slot] = payload;
    this.live++;

    // Sift up. The new entry has the largest seq, so a parent that ties on (time, phase) stays above it.
    const times = this.times;
    const heap = this.heap;
    let i = ++this.heapLen;
    while (i > 1) {
      const p = i >> 1;
      const pt = times[p]!;
      if (pt < time) break;
      const ps = heap[p]!;
      if (pt === time && ords[ps]! < ord) break;
      times[i] = pt;
      heap[i] = ps;
      i = p;
    }
    times[i] = time;
    heap[i] = slot;
    return this.gens[slot]! * SLOT_SPACE + slot;
  }

  /** Removes and returns the payload of the smallest live entry, or undefined when the queue is empty. */
  pop(): T | undefined {
    if (this.dead > 0) this.skimDead();
    if (this.heapLen === 0) return undefined;
    const slot = this.heap[1]!;
    const payload = this.payloads[slot];
    this.lastTime = this.times[1]!;
    this.removeTop();
    this.release(slot);
    this.live--;
    return payload;
  }

  /** Time of the smallest live entry, or Infinity when the queue is empty. */
  peekTime(): number {
    if (this.dead > 0) this.skimDead();
    return this.heapLen === 0 ? Number.POSITIVE_INFINITY : this.times[1]!;
  }

  /** Phase of the smallest live entry, or -1 when the queue is empty. */
  peekPhase(): number {
    if (this.dead > 0) this.skimDead();
    return this.heapLen === 0 ? -1 : Math.floor(this.ords[this.heap[1]!]! / SEQ_SPACE);
  }

  /**
   * Cancels the entry behind `handle`. Returns true if it was live; false if the handle is unknown, was already
   * popped or cancelled, or belongs to an earlier use of a recycled slot. O(1) amortised.
   */
  cancel(handle: number): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) return false;
    const slot = handle % SLOT_SPACE;
    if (slot >= this.nextSlot) return false;
    if (this.states[slot] !== LIVE || this.gens[slot] !== (handle - slot) / SLOT_SPACE) return false;
    this.states[slot] = DEAD;
    this.payloads[slot] = undefined;
    this.live--;
    this.dead++;
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.live) this.compact();
    return true;
  }

  /** Removes every entry. Handles issued before `clear` stay invalid afterwards. */
  clear(): void {
    const heap = this.heap;
    for (let i = 1; i <= this.heapLen; i++) this.release(heap[i]!);
    this.heapLen = 0;
    this.live = 0;
    this.dead = 0;
    this.lastTime = 0;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /**
   * Removes the root (bottom-up, Floyd): walks the hole at the root down to a leaf along the smaller children, then
   * sifts the former last entry up from there. The last entry usually belongs near the bottom, so this needs about
   * one comparison per level instead of two.
   */
  private removeTop(): void {
    const n = this.heapLen;
    const m = n - 1;
    this.heapLen = m;
    if (m === 0) return;
    const times = this.times;
    const heap = this.heap;
    const ords = this.ords;
    const lt = times[n]!;
    const ls = heap[n]!;
    // Position n has left the heap: an infinite time there makes a missing right child lose every comparison.
    times[n] = Number.POSITIVE_INFINITY;
    let i = 1;
    let c = 2;
    while (c <= m) {
      let ct = times[c]!;
      let cs = heap[c]!;
      const rt = times[c + 1]!;
      if (rt < ct) {
        c++;
        ct = rt;
        cs = heap[c]!;
      } else if (rt === ct) {
        const rs = heap[c + 1]!;
        if (ords[rs]! < ords[cs]!) {
          c++;
          cs = rs;
        }
      }
      times[i] = ct;
      heap[i] = cs;
      i = c;
      c = 2 * c;
    }
    const lo = ords[ls]!;
    while (i > 1) {
      const p = i >> 1;
      const pt = times[p]!;
      if (pt < lt) break;
      const ps = heap[p]!;
      if (pt === lt && ords[ps]! < lo) break;
      times[i] = pt;
      heap[i] = ps;
      i = p;
    }
    times[i] = lt;
    heap[i] = ls;
  }

  /** Sifts the entry at 1-based position `start` down within positions 1 .. heapLen (compaction's heapify). */
  private siftDown(start: number): void {
    const n = this.heapLen;
    const times = this.times;
    const heap = this.heap;
    const ords = this.ords;
    const t = times[start]!;
    const s = heap[start]!;
    const o = ords[s]!;
    let i = start;
    let c = 2 * i;
    while (c <= n) {
      let ct = times[c]!;
      let cs = heap[c]!;
      if (c < n) {
        const rt = times[c + 1]!;
        const rs = heap[c + 1]!;
        if (rt < ct || (rt === ct && ords[rs]! < ords[cs]!)) {
          c++;
          ct = rt;
          cs = rs;
        }
      }
      if (t < ct || (t === ct && o < ords[cs]!)) break;
      times[i] = ct;
      heap[i] = cs;
      i = c;
      c = 2 * c;
    }
    times[i] = t;
    heap[i] = s;
  }

  /** Discards cancelled entries sitting at the top of the heap. */
  private skimDead(): void {
    const heap = this.heap;
    const states = this.states;
    while (this.heapLen > 0) {
      const slot = heap[1]!;
      if (states[slot] !== DEAD) return;
      this.removeTop();
      this.release(slot);
      this.dead--;
    }
  }

  /** Drops every cancelled entry from the heap and restores the heap property (Floyd's heapify, O(n)). */
  private compact(): void {
    const times = this.times;
    const heap = this.heap;
    const states = this.states;
    let w = 0;
    for (let i = 1; i <= this.heapLen; i++) {
      const slot = heap[i]!;
      if (states[slot] === DEAD) {
        this.release(slot);
      } else {
        w++;
        heap[w] = slot;
        times[w] = times[i]!;
      }
    }
    this.heapLen = w;
    this.dead = 0;
    for (let i = w >> 1; i >= 1; i--) this.siftDown(i);
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
    if (this.cap >= SLOT_SPACE) throw new RangeError(`EventQueue: more than ${SLOT_SPACE} entries`);
    const cap = Math.min(this.cap * 2, SLOT_SPACE);
    const times = new Float64Array(cap + 1);
    times.set(this.times);
    this.times = times;
    const heap = new Int32Array(cap + 1);
    heap.set(this.heap);
    this.heap = heap;
    const ords = new Float64Array(cap);
    ords.set(this.ords);
    this.ords = ords;
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
