import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CancellableQueue, EventQueue } from '../../src/engine/event-queue.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** Times drawn mostly from a tiny range (lots of ties), sometimes from the whole safe-integer range. */
const timeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: -MAX, max: MAX }) },
  { weight: 1, arbitrary: fc.constantFrom(0, MAX, MAX - 1, -MAX, 2 ** 52, 2 ** 52 + 1) },
);
const phaseArb = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }));

interface RefEntry {
  time: number;
  phase: number;
  seq: number;
  id: number;
  live: boolean;
}

function refMin(entries: RefEntry[]): RefEntry | undefined {
  let best: RefEntry | undefined;
  for (const e of entries) {
    if (!e.live) continue;
    if (
      best === undefined ||
      e.time < best.time ||
      (e.time === best.time && (e.phase < best.phase || (e.phase === best.phase && e.seq < best.seq)))
    ) {
      best = e;
    }
  }
  return best;
}

function drain<T>(q: CancellableQueue<T>): T[] {
  const out: T[] = [];
  for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
  return out;
}

describe('CancellableQueue ordering', () => {
  test.prop([fc.array(fc.tuple(timeArb, phaseArb), { maxLength: 300 }), fc.integer({ min: 1, max: 8 })])(
    'pushes then pops come out in stable-sort order of (time, phase, insertion)',
    (items, initialCapacity) => {
      const q = new CancellableQueue<number>(initialCapacity);
      for (const [i, [t, p]] of items.entries()) q.push(t, p, i);
      expect(q.size).toBe(items.length);
      const expected = items
        .map(([time, phase], id) => ({ time, phase, id }))
        .sort((a, b) => (a.time !== b.time ? a.time - b.time : a.phase - b.phase)) // Array#sort is stable
        .map((e) => e.id);
      expect(drain(q)).toEqual(expected);
      expect(q.size).toBe(0);
    },
  );

  type Cmd =
    | { kind: 'push'; time: number; phase: number }
    | { kind: 'pop' }
    | { kind: 'cancel'; pick: number }
    | { kind: 'peek' };
  const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), time: timeArb, phase: phaseArb }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'pop' as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
  );

  test.prop([fc.array(cmdArb, { maxLength: 400 }), fc.integer({ min: 1, max: 4 })])(
    'interleaved push/pop/cancel/peek matches a reference model',
    (cmds, initialCapacity) => {
      const q = new CancellableQueue<number>(initialCapacity);
      const ref: RefEntry[] = [];
      const handles: number[] = [];
      let lastPopped = 0;
      for (const cmd of cmds) {
        if (cmd.kind === 'push') {
          const id = ref.length;
          const h = q.push(cmd.time, cmd.phase, id);
          expect(handles).not.toContain(h); // handles are never reused, even when slots are
          handles.push(h);
          ref.push({ time: cmd.time, phase: cmd.phase, seq: id, id, live: true });
        } else if (cmd.kind === 'pop') {
          const m = refMin(ref);
          const got = q.pop();
          if (m === undefined) {
            expect(got).toBeUndefined();
          } else {
            expect(got).toBe(m.id);
            m.live = false;
            lastPopped = m.time;
          }
        } else if (cmd.kind === 'cancel') {
          if (handles.length === 0) {
            expect(q.cancel(cmd.pick)).toBe(false);
            continue;
          }
          // Any handle ever issued, including popped and cancelled ones whose slots have been recycled.
          const k = cmd.pick % handles.length;
          const e = ref[k]!;
          expect(q.cancel(handles[k]!)).toBe(e.live);
          e.live = false;
        }
        const m = refMin(ref);
        expect(q.size).toBe(ref.filter((e) => e.live).length);
        expect(q.peekTime()).toBe(m === undefined ? Number.POSITIVE_INFINITY : m.time);
        expect(q.peekPhase()).toBe(m === undefined ? -1 : m.phase);
        expect(q.lastPoppedTime).toBe(lastPopped);
      }
      // Whatever is left drains in model order; cancelled entries never appear.
      const rest: number[] = [];
      for (let m = refMin(ref); m !== undefined; m = refMin(ref)) {
        rest.push(m.id);
        m.live = false;
      }
      expect(drain(q)).toEqual(rest);
    },
  );

  test.prop([
    fc.array(fc.tuple(timeArb, phaseArb), { minLength: 1, maxLength: 300 }),
    fc.array(fc.boolean(), { maxLength: 300 }),
  ])('cancelled handles never pop (including bulk cancellation and compaction)', (items, cancelMask) => {
    const q = new CancellableQueue<number>(2);
    const handles = items.map(([t, p], i) => q.push(t, p, i));
    const cancelled = new Set<number>();
    handles.forEach((h, i) => {
      if (cancelMask[i % Math.max(1, cancelMask.length)] === true) {
        expect(q.cancel(h)).toBe(true);
        expect(q.cancel(h)).toBe(false);
        cancelled.add(i);
      }
    });
    expect(q.size).toBe(items.length - cancelled.size);
    const expected = items
      .map(([time, phase], id) => ({ time, phase, id }))
      .filter((e) => !cancelled.has(e.id))
      .sort((a, b) => (a.time !== b.time ? a.time - b.time : a.phase - b.phase))
      .map((e) => e.id);
    expect(drain(q)).toEqual(expected);
    for (const h of handles) expect(q.cancel(h)).toBe(false);
  });
});

describe('CancellableQueue tie-breaks', () => {
  it('same time: lower phase first', () => {
    const q = new CancellableQueue<string>();
    q.push(10, 3, 'p3');
    q.push(10, 1, 'p1');
    q.push(10, 2, 'p2');
    q.push(10, 0, 'p0');
    q.push(9, 255, 'early');
    expect(drain(q)).toEqual(['early', 'p0', 'p1', 'p2', 'p3']);
  });

  it('same time and phase: FIFO', () => {
    const q = new CancellableQueue<string>();
    for (const s of ['a', 'b', 'c', 'd', 'e']) q.push(5, 1, s);
    q.push(5, 0, 'first');
    q.push(5, 2, 'last');
    expect(drain(q)).toEqual(['first', 'a', 'b', 'c', 'd', 'e', 'last']);
  });

  it('FIFO holds for entries pushed after pops', () => {
    const q = new CancellableQueue<string>();
    q.push(1, 0, 'a');
    q.push(1, 0, 'b');
    expect(q.pop()).toBe('a');
    q.push(1, 0, 'c');
    q.push(0, 0, 'z');
    expect(drain(q)).toEqual(['z', 'b', 'c']);
  });

  it('orders extreme times exactly', () => {
    const q = new CancellableQueue<string>();
    q.push(MAX, 0, 'max');
    q.push(MAX - 1, 255, 'max-1');
    q.push(-MAX, 255, '-max');
    q.push(2 ** 52 + 1, 0, '2^52+1');
    q.push(2 ** 52, 255, '2^52');
    q.push(MAX, 0, 'max-again');
    expect(drain(q)).toEqual(['-max', '2^52', '2^52+1', 'max-1', 'max', 'max-again']);
  });
});

describe('CancellableQueue API', () => {
  it('empty queue', () => {
    const q = new CancellableQueue<number>();
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.peekPhase()).toBe(-1);
    expect(q.lastPoppedTime).toBe(0);
  });

  it('peeks and lastPoppedTime', () => {
    const q = new CancellableQueue<string>();
    q.push(30, 2, 'x');
    q.push(20, 7, 'y');
    expect(q.peekTime()).toBe(20);
    expect(q.peekPhase()).toBe(7);
    expect(q.pop()).toBe('y');
    expect(q.lastPoppedTime).toBe(20);
    expect(q.peekTime()).toBe(30);
    expect(q.peekPhase()).toBe(2);
  });

  it("a recycled slot's old handle cannot cancel the new entry (popped slot)", () => {
    const q = new CancellableQueue<string>(1);
    const h1 = q.push(5, 0, 'a');
    expect(q.pop()).toBe('a');
    const h2 = q.push(7, 0, 'b'); // reuses the only slot
    expect(h2).not.toBe(h1);
    expect(q.cancel(h1)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.pop()).toBe('b');
  });

  it("a recycled slot's old handle cannot cancel the new entry (cancelled slot)", () => {
    const q = new CancellableQueue<string>(1);
    const h1 = q.push(5, 0, 'a');
    expect(q.cancel(h1)).toBe(true);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY); // discards the dead entry, freeing its slot
    const h2 = q.push(6, 0, 'b');
    expect(q.cancel(h1)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.cancel(h2)).toBe(true);
    expect(q.pop()).toBeUndefined();
  });

  it('handles stay unique across many reuses of one slot', () => {
    const q = new CancellableQueue<number>(1);
    const seen = new Set<number>();
    const popped: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      seen.add(q.push(i, 0, i));
      popped.push(q.pop()!);
    }
    expect(seen.size).toBe(10_000);
    expect(popped).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('rejects invalid handles', () => {
    const q = new CancellableQueue<number>();
    q.push(1, 0, 1);
    for (const h of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 12345]) expect(q.cancel(h)).toBe(false);
    expect(q.size).toBe(1);
  });

  it('rejects invalid times and phases', () => {
    const q = new CancellableQueue<number>();
    for (const t of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => q.push(t, 0, 0)).toThrow(RangeError);
    for (const p of [-1, 256, 1.5, Number.NaN]) expect(() => q.push(0, p, 0)).toThrow(RangeError);
    expect(() => new CancellableQueue(0)).toThrow(RangeError);
    expect(q.size).toBe(0);
  });

  it('grows well past its initial capacity', () => {
    const q = new CancellableQueue<number>(1);
    const n = 5000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % 1000, i % 3, i);
    expect(q.size).toBe(n);
    const out = drain(q);
    expect(out.length).toBe(n);
    const key = (i: number) => ((i * 7919) % 1000) * 4 + (i % 3);
    for (let k = 1; k < n; k++) {
      const a = out[k - 1]!;
      const b = out[k]!;
      expect(key(a) < key(b) || (key(a) === key(b) && a < b)).toBe(true);
    }
  });

  it('compacts after mass cancellation and keeps order', () => {
    const q = new CancellableQueue<number>();
    const handles: number[] = [];
    for (let i = 0; i < 2000; i++) handles.push(q.push(2000 - i, 0, i));
    for (let i = 0; i < 2000; i++) if (i % 10 !== 0) expect(q.cancel(handles[i]!)).toBe(true);
    expect(q.size).toBe(200);
    // New entries reuse freed slots; the cancelled handles must stay dead.
    for (let i = 0; i < 100; i++) q.push(5000 + i, 0, 10_000 + i);
    for (const [i, h] of handles.entries()) if (i % 10 !== 0) expect(q.cancel(h)).toBe(false);
    const expected = [
      ...Array.from({ length: 200 }, (_, k) => 1990 - 10 * k),
      ...Array.from({ length: 100 }, (_, k) => 10_000 + k),
    ];
    expect(drain(q)).toEqual(expected);
  });

  it('compaction keeps the (time, phase, FIFO) order of tied entries', () => {
    const q = new CancellableQueue<number>();
    const handles: number[] = [];
    for (let i = 0; i < 1000; i++) handles.push(q.push(i % 5, (i * 7) % 3, i));
    for (let i = 0; i < 1000; i++) if (i % 5 !== 0 || i % 3 === 0) q.cancel(handles[i]!);
    const kept = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 5 === 0 && i % 3 !== 0);
    expect(q.size).toBe(kept.length);
    for (let i = 0; i < 50; i++) q.push(0, 1, 5000 + i); // all time 0, phase 1: after the kept phase-0 entries
    const phase = (i: number) => (i >= 5000 ? 1 : (i * 7) % 3);
    const expected = [...kept, ...Array.from({ length: 50 }, (_, i) => 5000 + i)].sort(
      (a, b) => phase(a) - phase(b) || a - b,
    );
    expect(drain(q)).toEqual(expected);
  });

  it('clear empties the queue and invalidates old handles', () => {
    const q = new CancellableQueue<number>(2);
    const old = [q.push(3, 0, 1), q.push(1, 0, 2), q.push(2, 0, 3)];
    q.pop();
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.lastPoppedTime).toBe(0);
    q.push(9, 0, 9);
    q.push(8, 0, 8);
    for (const h of old) expect(q.cancel(h)).toBe(false);
    expect(drain(q)).toEqual([8, 9]);
  });
});

describe('EventQueue (bare heap of ids)', () => {
  function drainIds(q: EventQueue): number[] {
    const out: number[] = [];
    for (let id = q.pop(); id !== -1; id = q.pop()) out.push(id);
    return out;
  }

  test.prop([fc.array(fc.tuple(timeArb, phaseArb), { maxLength: 300 }), fc.integer({ min: 1, max: 8 })])(
    'pushes then pops come out in stable-sort order of (time, phase, insertion)',
    (items, initialCapacity) => {
      const q = new EventQueue(initialCapacity);
      for (const [i, [t, p]] of items.entries()) q.push(t, p, i);
      expect(q.size).toBe(items.length);
      const expected = items
        .map(([time, phase], id) => ({ time, phase, id }))
        .sort((a, b) => (a.time !== b.time ? a.time - b.time : a.phase - b.phase)) // Array#sort is stable
        .map((e) => e.id);
      expect(drainIds(q)).toEqual(expected);
      expect(q.size).toBe(0);
    },
  );

  type Cmd =
    | { kind: 'push'; time: number; phase: number; id: number }
    | { kind: 'pop' }
    | { kind: 'filter'; mod: number; rem: number }
    | { kind: 'clear' };
  const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('push' as const),
        time: timeArb,
        phase: phaseArb,
        id: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(2 ** 31 - 1)), // ids need not be unique
      }),
    },
    { weight: 4, arbitrary: fc.constant({ kind: 'pop' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('filter' as const),
        mod: fc.integer({ min: 1, max: 3 }),
        rem: fc.integer({ min: 0, max: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  );

  test.prop([fc.array(cmdArb, { maxLength: 400 }), fc.integer({ min: 1, max: 4 })])(
    'interleaved push/pop/filter/clear matches a reference model',
    (cmds, initialCapacity) => {
      const q = new EventQueue(initialCapacity);
      let ref: RefEntry[] = [];
      let seq = 0;
      let lastPopped = 0;
      for (const cmd of cmds) {
        if (cmd.kind === 'push') {
          q.push(cmd.time, cmd.phase, cmd.id);
          ref.push({ time: cmd.time, phase: cmd.phase, seq: seq++, id: cmd.id, live: true });
        } else if (cmd.kind === 'pop') {
          const m = refMin(ref);
          const got = q.pop();
          if (m === undefined) {
            expect(got).toBe(-1);
          } else {
            expect(got).toBe(m.id);
            m.live = false;
            lastPopped = m.time;
          }
        } else if (cmd.kind === 'filter') {
          const keep = (id: number) => id % cmd.mod !== cmd.rem;
          const before = ref.filter((e) => e.live).length;
          for (const e of ref) if (e.live && !keep(e.id)) e.live = false;
          expect(q.filter(keep)).toBe(before - ref.filter((e) => e.live).length);
        } else {
          q.clear();
          ref = [];
          lastPopped = 0;
        }
        const m = refMin(ref);
        expect(q.size).toBe(ref.filter((e) => e.live).length);
        expect(q.peekTime()).toBe(m === undefined ? Number.POSITIVE_INFINITY : m.time);
        expect(q.peekPhase()).toBe(m === undefined ? -1 : m.phase);
        expect(q.peekId()).toBe(m === undefined ? -1 : m.id);
        expect(q.lastPoppedTime).toBe(lastPopped);
      }
      const rest: number[] = [];
      for (let m = refMin(ref); m !== undefined; m = refMin(ref)) {
        rest.push(m.id);
        m.live = false;
      }
      expect(drainIds(q)).toEqual(rest);
    },
  );

  it('empty queue', () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(-1);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.peekPhase()).toBe(-1);
    expect(q.peekId()).toBe(-1);
    expect(q.lastPoppedTime).toBe(0);
    expect(q.filter(() => false)).toBe(0);
  });

  it('same time: phase order, then FIFO, also for entries pushed after pops', () => {
    const q = new EventQueue();
    q.push(5, 1, 10);
    q.push(5, 1, 11);
    q.push(5, 0, 1);
    q.push(4, 255, 0);
    expect(q.pop()).toBe(0);
    expect(q.lastPoppedTime).toBe(4);
    q.push(5, 1, 12);
    q.push(5, 2, 20);
    q.push(5, 0, 2);
    expect(drainIds(q)).toEqual([1, 2, 10, 11, 12, 20]);
    expect(q.lastPoppedTime).toBe(5);
  });

  it('orders extreme times exactly', () => {
    const q = new EventQueue(1);
    q.push(MAX, 0, 5);
    q.push(MAX - 1, 255, 4);
    q.push(-MAX, 255, 1);
    q.push(2 ** 52 + 1, 0, 3);
    q.push(2 ** 52, 255, 2);
    q.push(MAX, 0, 6);
    expect(drainIds(q)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('filter keeps the (time, phase, FIFO) order of the survivors', () => {
    const q = new EventQueue(2);
    for (let i = 0; i < 1000; i++) q.push(i % 5, (i * 7) % 3, i);
    expect(q.filter((id) => id % 5 === 0 && id % 3 !== 0)).toBe(1000 - 133);
    const kept = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 5 === 0 && i % 3 !== 0);
    for (let i = 0; i < 50; i++) q.push(0, 1, 5000 + i); // time 0, phase 1: after the kept time-0 phase-0 entries
    const phase = (i: number) => (i >= 5000 ? 1 : (i * 7) % 3);
    const expected = [...kept, ...Array.from({ length: 50 }, (_, i) => 5000 + i)].sort(
      (a, b) => phase(a) - phase(b) || a - b,
    );
    expect(drainIds(q)).toEqual(expected);
  });

  it('rejects invalid times, phases, ids and capacities without changing the queue', () => {
    const q = new EventQueue();
    q.push(3, 0, 7);
    for (const t of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => q.push(t, 0, 0)).toThrow(RangeError);
    for (const p of [-1, 256, 1.5, Number.NaN]) expect(() => q.push(0, p, 0)).toThrow(RangeError);
    for (const id of [-1, 0.5, 2 ** 31, Number.NaN]) expect(() => q.push(0, 0, id)).toThrow(RangeError);
    for (const c of [0, -1, 1.5]) expect(() => new EventQueue(c)).toThrow(RangeError);
    expect(q.size).toBe(1);
    expect(drainIds(q)).toEqual([7]);
  });

  it('grows well past its initial capacity', () => {
    const q = new EventQueue(1);
    const n = 5000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % 1000, i % 3, i);
    expect(q.size).toBe(n);
    const out = drainIds(q);
    expect(out.length).toBe(n);
    const key = (i: number) => ((i * 7919) % 1000) * 4 + (i % 3);
    for (let k = 1; k < n; k++) {
      const a = out[k - 1]!;
      const b = out[k]!;
      expect(key(a) < key(b) || (key(a) === key(b) && a < b)).toBe(true);
    }
  });
});

describe('CancellableQueue bookkeeping', () => {
  it('a push that throws consumes no slot and no handle', () => {
    const q = new CancellableQueue<string>(1);
    const h1 = q.push(1, 0, 'a');
    expect(() => q.push(Number.NaN, 0, 'bad')).toThrow(RangeError);
    expect(q.size).toBe(1);
    expect(q.pop()).toBe('a');
    expect(() => q.push(2, 300, 'bad')).toThrow(RangeError);
    const h2 = q.push(2, 0, 'b'); // reuses the freed slot with the next generation
    expect(h2).not.toBe(h1);
    expect(q.cancel(h1)).toBe(false);
    expect(q.cancel(h2)).toBe(true);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
  });

  it('clear frees cancelled entries too, and every old handle stays dead', () => {
    const q = new CancellableQueue<number>(1);
    const old = Array.from({ length: 10 }, (_, i) => q.push(i, 0, i));
    for (const h of old.slice(0, 5)) expect(q.cancel(h)).toBe(true);
    q.clear();
    expect(q.size).toBe(0);
    const fresh = Array.from({ length: 10 }, (_, i) => q.push(100 - i, 0, 100 - i)); // reuses all ten slots
    for (const h of old) expect(q.cancel(h)).toBe(false);
    expect(new Set([...old, ...fresh]).size).toBe(20);
    expect(drain(q)).toEqual(Array.from({ length: 10 }, (_, i) => 91 + i));
  });

  it('lastPoppedTime ignores cancelled entries discarded on the way', () => {
    const q = new CancellableQueue<string>();
    const h = q.push(1, 0, 'dead');
    q.push(2, 0, 'x');
    q.cancel(h);
    expect(q.peekTime()).toBe(2);
    expect(q.lastPoppedTime).toBe(0);
    expect(q.pop()).toBe('x');
    expect(q.lastPoppedTime).toBe(2);
  });
});
