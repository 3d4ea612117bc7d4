// The engine's livelock guard (src/engine/simulator.ts, MAX_IDLE_EVENTS_PER_INSTANT): events that keep
// rescheduling each other at one instant without changing any object end the run with a LivelockError naming them.
import { describe, expect, it } from 'vitest';
import { LivelockError, MAX_IDLE_EVENTS_PER_INSTANT, Phase, Simulator } from '../../src/engine/simulator.js';
import { WorkQueue } from '../../src/engine/workqueue.js';

describe('Simulator livelock guard', () => {
  it('a work queue that requeues a key with 0 delay forever throws, naming the queue and key', () => {
    const sim = new Simulator();
    const q: WorkQueue = new WorkQueue(
      sim,
      (key) => q.addAfter(key, 0),
      () => 0,
      undefined,
      'test-controller',
    );
    sim.at(5_000_000, Phase.Controller, () => q.add('ns/looping'));
    let err: unknown;
    try {
      sim.run(10_000_000);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LivelockError);
    const l = err as LivelockError;
    expect(l.time).toBe(5_000_000);
    expect(l.kinds).toEqual([{ kind: 'test-controller reconcile ns/looping', count: 1000 }]);
    expect(l.message).toContain('livelock at t=5s');
    expect(l.message).toContain('test-controller reconcile ns/looping ×1000');
  });

  it('an untraced same-instant loop is named by its source', () => {
    const sim = new Simulator();
    const spin = (): void => {
      sim.at(sim.now, Phase.Timer, spin);
    };
    sim.at(0, Phase.Timer, spin);
    expect(() => sim.run(1_000_000)).toThrow(/livelock at t=0s: .*untraced .*spin/);
  });

  it('events at one instant that change objects are progress, not a livelock', () => {
    const sim = new Simulator();
    let n = 0;
    const work = (): void => {
      sim.touched();
      if (++n <= MAX_IDLE_EVENTS_PER_INSTANT + 10) sim.at(sim.now, Phase.Controller, work);
    };
    sim.at(7, Phase.Controller, work);
    expect(sim.run(100)).toEqual({ end: 100, reason: 'until' });
    expect(n).toBe(MAX_IDLE_EVENTS_PER_INSTANT + 11);
  });

  it('the idle count starts again at each new instant', () => {
    const sim = new Simulator();
    const half = MAX_IDLE_EVENTS_PER_INSTANT / 2 + 1;
    let n = 0;
    const tick = (): void => {
      n++;
      // 2 × (half) idle events, split over two instants: neither alone passes the limit.
      sim.at(n === half ? sim.now + 1 : sim.now, Phase.Controller, () => n < 2 * half && tick());
    };
    sim.at(0, Phase.Controller, tick);
    expect(sim.run(10).reason).toBe('until');
    expect(n).toBe(2 * half);
  });
});
