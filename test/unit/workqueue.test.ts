import { describe, expect, it } from 'vitest';
import { MAX_HORIZON_US, Phase, Simulator } from '../../src/engine/simulator.js';
import { WorkQueue } from '../../src/engine/workqueue.js';

const LATENCY = 1_000;

function setup(backoff?: { base: () => number; maxFactor: number }) {
  const sim = new Simulator();
  const runs: { key: string; at: number }[] = [];
  let onRun: (key: string) => void = () => {};
  const q = new WorkQueue(
    sim,
    (key) => {
      runs.push({ key, at: sim.now });
      onRun(key);
    },
    () => LATENCY,
    backoff,
  );
  const at = (t: number, fn: () => void) => sim.at(t, Phase.Arrival, fn);
  return {
    sim,
    q,
    runs,
    at,
    setOnRun: (f: (key: string) => void) => {
      onRun = f;
    },
  };
}

describe('WorkQueue', () => {
  it('add runs the reconcile once the latency has passed', () => {
    const { sim, q, runs, at } = setup();
    at(5_000, () => q.add('default/js'));
    sim.run(5_000 + LATENCY - 1);
    expect(runs).toEqual([]);
    expect(q.isPending('default/js')).toBe(true);
    sim.run(1_000_000);
    expect(runs).toEqual([{ key: 'default/js', at: 5_000 + LATENCY }]);
    expect(q.isPending('default/js')).toBe(false);
  });

  it('de-duplicates: two adds of a key before it runs give one reconcile at the first time', () => {
    const { sim, q, runs, at } = setup();
    at(0, () => q.add('k'));
    at(500, () => q.add('k'));
    at(600, () => q.add('other'));
    sim.run(1_000_000);
    expect(runs).toEqual([
      { key: 'k', at: LATENCY },
      { key: 'other', at: 600 + LATENCY },
    ]);
  });

  it('a key added again after its reconcile ran is queued again', () => {
    const { sim, q, runs, at } = setup();
    at(0, () => q.add('k'));
    at(5_000, () => q.add('k'));
    sim.run(1_000_000);
    expect(runs.map((r) => r.at)).toEqual([LATENCY, 5_000 + LATENCY]);
  });

  it('addAfter with an earlier time brings the pending run forward', () => {
    const { sim, q, runs, at } = setup();
    at(0, () => q.addAfter('k', 10_000));
    at(1_000, () => q.addAfter('k', 2_000));
    sim.run(1_000_000);
    expect(runs).toEqual([{ key: 'k', at: 3_000 }]);
  });

  it('addAfter with a later time is ignored while an earlier run is pending', () => {
    const { sim, q, runs, at } = setup();
    at(0, () => q.addAfter('k', 2_000));
    at(1_000, () => q.addAfter('k', 10_000));
    at(1_500, () => q.add('k'));
    sim.run(1_000_000);
    expect(runs).toEqual([{ key: 'k', at: 2_000 }]);
  });

  it('addRateLimited delays base·2^n, capped at base·maxFactor; forget resets the count', () => {
    const { sim, q, runs, at, setOnRun } = setup({ base: () => 5_000, maxFactor: 8 });
    let failures = 6;
    setOnRun((key) => {
      if (failures-- > 0) q.addRateLimited(key);
    });
    at(0, () => q.add('k'));
    sim.run(10_000_000);
    const gaps = runs.slice(1).map((r, i) => r.at - runs[i]!.at);
    expect(runs[0]!.at).toBe(LATENCY);
    expect(gaps).toEqual([5_000, 10_000, 20_000, 40_000, 40_000, 40_000]);

    const t = sim.now;
    q.forget('k');
    q.addRateLimited('k');
    sim.run(t + 1_000_000);
    expect(runs.at(-1)!.at - t).toBe(5_000);
  });

  it('addRateLimited waits at least 1 µs, so a retry with zero latencies never runs in the same instant', () => {
    const { sim, q, runs, at } = setup({ base: () => 0, maxFactor: 8 });
    at(7_000, () => q.addRateLimited('k'));
    sim.run(1_000_000);
    expect(runs).toEqual([{ key: 'k', at: 7_001 }]);
  });

  it('keeps a failure count per key', () => {
    const { sim, q, runs } = setup({ base: () => 5_000, maxFactor: 1_000 });
    q.addRateLimited('a');
    q.addRateLimited('a');
    q.addRateLimited('b');
    sim.run(1_000_000);
    // 'a' was pending at 5 ms when the second call asked for 10 ms, so it ran once at 5 ms; 'b' is on its own count.
    expect(runs).toEqual([
      { key: 'a', at: 5_000 },
      { key: 'b', at: 5_000 },
    ]);
    q.addRateLimited('a');
    q.addRateLimited('b');
    sim.run(2_000_000);
    expect(runs.slice(2)).toEqual([
      { key: 'b', at: 1_000_000 + 10_000 },
      { key: 'a', at: 1_000_000 + 20_000 },
    ]);
  });

  it('the default rate limiter is client-go’s: 5 ms doubling, capped at 1000 s', () => {
    const { sim, q, runs, setOnRun } = setup();
    let failures = 20;
    setOnRun((key) => {
      if (failures-- > 0) q.addRateLimited(key);
    });
    q.addRateLimited('k');
    sim.run(MAX_HORIZON_US);
    const times = [0, ...runs.map((r) => r.at)];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 3)).toEqual([5_000, 10_000, 20_000]);
    expect(gaps[17]).toBe(5_000 * 2 ** 17);
    expect(gaps.slice(18)).toEqual([1_000_000_000, 1_000_000_000, 1_000_000_000]);
  });
});

describe('Simulator', () => {
  it('runs events with equal time in phase order, then in the order they were scheduled', () => {
    const sim = new Simulator();
    const order: string[] = [];
    sim.at(100, Phase.Scheduler, () => order.push('scheduler'));
    sim.at(100, Phase.Kubelet, () => order.push('kubelet-1'));
    sim.at(100, Phase.Controller, () => order.push('controller'));
    sim.at(100, Phase.Kubelet, () => order.push('kubelet-2'));
    sim.at(100, Phase.Arrival, () => order.push('arrival'));
    sim.at(50, Phase.Timer, () => order.push('timer@50'));
    sim.run(1_000);
    expect(order).toEqual(['timer@50', 'arrival', 'kubelet-1', 'kubelet-2', 'controller', 'scheduler']);
    expect(sim.events).toBe(6);
  });

  it('an event scheduled for now in an earlier phase runs next, before later phases; a past time is clamped to now', () => {
    const sim = new Simulator();
    const order: string[] = [];
    sim.at(10, Phase.Controller, () => {
      order.push('controller');
      sim.at(10, Phase.Arrival, () => order.push('late arrival'));
      sim.at(5, Phase.Arrival, () => order.push('past event clamped to now'));
    });
    sim.at(10, Phase.Scheduler, () => order.push('scheduler'));
    sim.run(100);
    expect(order).toEqual(['controller', 'late arrival', 'past event clamped to now', 'scheduler']);
  });

  it('run(until) stops at until: later events stay queued and run on the next call', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [10, 20, 30]) sim.at(t, Phase.Timer, () => seen.push(sim.now));
    expect(sim.run(20)).toEqual({ end: 20, reason: 'until' });
    expect(seen).toEqual([10, 20]);
    expect(sim.now).toBe(20);
    expect(sim.pending).toBe(1);
    expect(sim.run(25)).toEqual({ end: 25, reason: 'until' });
    expect(sim.now).toBe(25);
    expect(sim.run(100)).toEqual({ end: 100, reason: 'until' });
    expect(seen).toEqual([10, 20, 30]);
    expect(sim.now).toBe(100);
  });

  it('after(delay) schedules relative to now, and a cancelled event never runs', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.at(1_000, Phase.Arrival, () => {
      sim.after(500, Phase.Controller, () => seen.push(`after@${sim.now}`));
      const h = sim.after(200, Phase.Controller, () => seen.push('cancelled'));
      expect(sim.cancel(h)).toBe(true);
      expect(sim.cancel(h)).toBe(false);
    });
    sim.run(10_000);
    expect(seen).toEqual(['after@1500']);
  });

  it('a run without until ends quiet once no live key and no arrival remain, with end = lastChange', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.arrival(1_000, () => {
      seen.push('submit');
      sim.setLive('default/js', true);
      sim.touched();
    });
    sim.at(4_000, Phase.Controller, () => {
      seen.push('finish');
      sim.touched();
      sim.setLive('default/js', false);
    });
    sim.at(6_000, Phase.Controller, () => seen.push('no-op after finish'));
    sim.at(60_000_000, Phase.Timer, () => seen.push('periodic timer'));
    const r = sim.run();
    expect(r).toEqual({ end: 4_000, reason: 'quiet' });
    expect(seen).toEqual(['submit', 'finish']);
    expect(sim.lastChange).toBe(4_000);
    expect(sim.pending).toBe(2);
  });

  it('a pending arrival keeps a run alive even with no live key', () => {
    const sim = new Simulator();
    sim.at(500, Phase.Controller, () => sim.touched());
    sim.arrival(2_000, () => {});
    expect(sim.run()).toEqual({ end: 500, reason: 'quiet' });
    expect(sim.now).toBe(2_000);
  });

  it('with nothing live and no arrival the run is quiet at once', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.at(10, Phase.Timer, () => seen.push(10));
    expect(sim.run()).toEqual({ end: 0, reason: 'quiet' });
    expect(seen).toEqual([]);
  });

  it('a live key with nothing left to happen stalls', () => {
    const sim = new Simulator();
    sim.arrival(700, () => {
      sim.setLive('default/stuck', true);
      sim.touched();
    });
    expect(sim.run()).toEqual({ end: 700, reason: 'stalled' });
  });
});
