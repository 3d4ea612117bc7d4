/**
 * Hold-model benchmark of the simulator's event queue.
 *
 *   npx tsx bench/heap.bench.ts [MEAN_INCREMENT_US]     (default 1000)
 *
 * Prefill N = 100,000 pending events with random times (drawn like the increments, as in the classic hold model),
 * then repeat HOLD = 2,000,000 times: pop the minimum and push it back at (popped time + increment). Increments
 * (exponential, mean MEAN_INCREMENT_US, integer) are pre-generated from a fixed seed so the RNG is not measured. One hold =
 * 1 pop + 1 push = 1 event. With integer µs times and 100k pending, many entries tie on time, so the phase/seq
 * tie-break is exercised constantly. With the default 1 ms mean, 100k pending events crowd a few
 * milliseconds (about 30 per microsecond), so nearly every comparison is a tie: a worst case. The simulator's pending
 * events span milliseconds (control-plane latencies) to hours (pod durations); `1000000` (a 1 s mean) is closer to
 * that regime. bench/RESULTS.md reports both. Each run starts from the same prefilled state; 7 measured runs follow one warm-up
 * run. A plain array-of-objects binary heap runs the same model for comparison, and all must pop the same sequence
 * (checked through a checksum). Throughput is wall-clock; the extra per-CPU-second column shows how much of a low
 * reading is due to other processes competing for the cores.
 *
 * `EventQueue` is the bare heap (integer ids, no handles): the figure the issue's target is about. The simulator uses
 * it through `CancellableQueue` (payload table, handles, lazy cancellation), which is measured on the same model in a
 * second row so that the cost of the bookkeeping moved out of the heap stays visible. Payloads are the same small
 * integers in every row.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CancellableQueue, EventQueue } from '../src/engine/event-queue.js';
import { Rng } from '../src/engine/random.js';

const MEAN_ARG = process.argv[2];
const COMMAND = `npx tsx bench/heap.bench.ts${MEAN_ARG ? ` ${MEAN_ARG}` : ''}`;
const PENDING = 100_000;
const HOLDS = 2_000_000;
const RUNS = 7;
const MEAN_INCREMENT_US = MEAN_ARG ? Number(MEAN_ARG) : 1_000;
const PHASES = 4;

// ---- pre-generated inputs ------------------------------------------------------------------------------------------

const rng = new Rng('heap-bench/seed-1');
const prefillTimes = new Float64Array(PENDING);
const prefillPhases = new Uint8Array(PENDING);
for (let i = 0; i < PENDING; i++) {
  prefillTimes[i] = Math.floor(rng.exponential(MEAN_INCREMENT_US));
  prefillPhases[i] = rng.int(PHASES);
}
const increments = new Float64Array(HOLDS);
for (let i = 0; i < HOLDS; i++) increments[i] = Math.floor(rng.exponential(MEAN_INCREMENT_US));

// ---- baseline: array-of-objects binary heap ------------------------------------------------------------------------

interface Entry<T> {
  time: number;
  phase: number;
  seq: number;
  payload: T;
}

class ObjectHeap<T> {
  private items: Entry<T>[] = [];
  private seq = 0;
  lastPoppedTime = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, phase: number, payload: T): void {
    const items = this.items;
    const e: Entry<T> = { time, phase, seq: this.seq++, payload };
    items.push(e);
    let i = items.length - 1;
    while (i > 0) {
      const pi = (i - 1) >> 1;
      const p = items[pi]!;
      if (!less(e, p)) break;
      items[i] = p;
      i = pi;
    }
    items[i] = e;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(items[r]!, items[l]!) ? r : l;
        const ce = items[c]!;
        if (!less(ce, last)) break;
        items[i] = ce;
        i = c;
      }
      items[i] = last;
    }
    this.lastPoppedTime = top.time;
    return top.payload;
  }
}

function less<T>(a: Entry<T>, b: Entry<T>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.phase !== b.phase) return a.phase < b.phase;
  return a.seq < b.seq;
}

// ---- hold model ----------------------------------------------------------------------------------------------------

interface HoldQueue {
  push(time: number, phase: number, payload: number): unknown;
  readonly lastPoppedTime: number;
}

interface RunResult {
  eventsPerSec: number;
  /** Events per second of this process's CPU time: less sensitive to other processes competing for the cores. */
  eventsPerCpuSec: number;
  checksum: number;
}

function prefill(q: HoldQueue): void {
  for (let i = 0; i < PENDING; i++) q.push(prefillTimes[i]!, prefillPhases[i]!, i);
}

/** The measured loop, written once per queue type so each call site stays monomorphic. */
function holdEventQueue(q: EventQueue): number {
  let checksum = 0;
  for (let i = 0; i < HOLDS; i++) {
    const id = q.pop();
    const t = q.lastPoppedTime;
    checksum += t + id * (i & 15);
    q.push(t + increments[i]!, id & 3, id);
  }
  return checksum;
}

function holdCancellableQueue(q: CancellableQueue<number>): number {
  let checksum = 0;
  for (let i = 0; i < HOLDS; i++) {
    const id = q.pop()!;
    const t = q.lastPoppedTime;
    checksum += t + id * (i & 15);
    q.push(t + increments[i]!, id & 3, id);
  }
  return checksum;
}

function holdObjectHeap(q: ObjectHeap<number>): number {
  let checksum = 0;
  for (let i = 0; i < HOLDS; i++) {
    const id = q.pop()!;
    const t = q.lastPoppedTime;
    checksum += t + id * (i & 15);
    q.push(t + increments[i]!, id & 3, id);
  }
  return checksum;
}

/** Prefills a fresh queue, then times its hold loop (wall clock and this process's CPU time). */
function timed<Q extends { size: number }>(name: string, make: () => Q, fill: (q: Q) => void, hold: (q: Q) => number) {
  return (): RunResult => {
    const q = make();
    fill(q);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const checksum = hold(q);
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    if (q.size !== PENDING) throw new Error(`${name} lost entries`);
    return { eventsPerSec: (HOLDS / ms) * 1000, eventsPerCpuSec: HOLDS / ((cpu.user + cpu.system) / 1e6), checksum };
  };
}

const runEventQueue = timed('EventQueue', () => new EventQueue(), prefill, holdEventQueue);
const runCancellableQueue = timed(
  'CancellableQueue',
  () => new CancellableQueue<number>(),
  prefill,
  holdCancellableQueue,
);
const runObjectHeap = timed('ObjectHeap', () => new ObjectHeap<number>(), prefill, holdObjectHeap);

interface Stats {
  median: number;
  min: number;
  max: number;
  medianPerCpuSec: number;
  checksum: number;
}

function measure(run: () => RunResult): Stats {
  const first = run(); // warm-up
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const res = run();
    if (res.checksum !== first.checksum) throw new Error('non-deterministic checksum');
    rates.push(res.eventsPerSec);
    cpuRates.push(res.eventsPerCpuSec);
  }
  rates.sort((a, b) => a - b);
  cpuRates.sort((a, b) => a - b);
  return {
    median: rates[RUNS >> 1]!,
    min: rates[0]!,
    max: rates[RUNS - 1]!,
    medianPerCpuSec: cpuRates[RUNS >> 1]!,
    checksum: first.checksum,
  };
}

// ---- main ----------------------------------------------------------------------------------------------------------

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

console.log(`$ ${COMMAND}`);
console.log(
  `hold model: ${PENDING.toLocaleString('en-US')} pending, ${HOLDS.toLocaleString('en-US')} holds/run ` +
    `(1 pop + 1 push), exp increments mean ${MEAN_INCREMENT_US} µs, ${RUNS} runs after 1 warm-up`,
);
console.log(
  `node ${process.version}, ${cpus().length} CPUs, load average at start ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

const typed = measure(runEventQueue);
const handles = measure(runCancellableQueue);
const objects = measure(runObjectHeap);
if (typed.checksum !== objects.checksum) throw new Error('EventQueue and ObjectHeap popped different sequences');
if (handles.checksum !== objects.checksum) {
  throw new Error('CancellableQueue and ObjectHeap popped different sequences');
}

const rows: [string, Stats][] = [
  ['EventQueue (typed arrays)', typed],
  ['CancellableQueue (handles)', handles],
  ['array-of-objects heap', objects],
];
const w = [26, 14, 14, 14, 18];
const line = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
console.log();
console.log(line(['implementation', 'median ev/s', 'min ev/s', 'max ev/s', 'median ev/CPU-s']));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const [name, s] of rows) {
  console.log(line([name, fmt(s.median), fmt(s.min), fmt(s.max), fmt(s.medianPerCpuSec)]));
}
console.log();
console.log(`ratio (median): EventQueue / array-of-objects = ${(typed.median / objects.median).toFixed(2)}x`);
console.log(`ratio (median): CancellableQueue / array-of-objects = ${(handles.median / objects.median).toFixed(2)}x`);
console.log(`checksum: ${typed.checksum} (identical pop sequence in all three)`);
console.log(`heap-hold: median ${fmt(typed.median)} events/s (100k pending)`);
