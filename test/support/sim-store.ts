// A Store on a Simulator with seeded names, as the unit tests of the store and its users build it.
import { RandomStreams } from '../../src/engine/random.js';
import { Phase, Simulator } from '../../src/engine/simulator.js';
import { Store } from '../../src/engine/store.js';

export function simStore(opts: { seed?: number; gcLatencyUs?: number; touched?: () => void } = {}) {
  const sim = new Simulator();
  const rng = new RandomStreams(opts.seed ?? 1).stream('names');
  const gc = opts.gcLatencyUs ?? 0;
  const store = new Store({
    now: () => sim.now,
    after: (d, fn) => {
      sim.after(d, Phase.Controller, fn);
    },
    suffix: () => rng.k8sSuffix(),
    uid: () => rng.uuid(),
    gcLatency: () => gc,
    touched: opts.touched ?? (() => sim.touched()),
  });
  return { sim, store };
}
