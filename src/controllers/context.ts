// What every controller gets: the clock, the object store, the event log, latencies and random streams.

import type { EventLog } from '../engine/event-log.js';
import type { Latencies } from '../engine/latencies.js';
import type { RandomStreams } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { Store } from '../engine/store.js';
import type { SimulationSettings } from '../scenario/model.js';

export interface ControllerContext {
  sim: Simulator;
  store: Store;
  log: EventLog;
  lat: Latencies;
  random: RandomStreams;
  settings: SimulationSettings;
}

export function seconds(us: number): number {
  return us / 1e6;
}
