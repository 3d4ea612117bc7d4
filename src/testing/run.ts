// Running a scenario with every invariant checked: live after each event-log record, then over the result; and the
// determinism check (the same inputs and seed give byte-identical outputs).

import { loadScenarioFromTexts } from '../scenario/load.js';
import type { Scenario } from '../scenario/model.js';
import { loaderOptions, loadFiles, type SimulateInput, type SimulateOptions, simulate } from '../simulate.js';
import { type CheckedRun, checkInvariants } from './invariants.js';
import { InvariantMonitor } from './monitor.js';
import type { Violation } from './violations.js';

function load(input: SimulateInput, opts: SimulateOptions): Scenario {
  if (typeof input === 'string') return loadFiles([input], opts);
  if (Array.isArray(input)) return loadFiles(input, opts);
  if ('texts' in input) return loadScenarioFromTexts(input.texts, loaderOptions(opts)).scenario;
  return input;
}

/** One run in debug mode: the live monitor sees every record; the result carries what it found. */
export function simulateChecked(
  input: SimulateInput,
  opts: SimulateOptions = {},
): CheckedRun & { violations: Violation[] } {
  const monitor = new InvariantMonitor();
  const user = opts.debug;
  const run: CheckedRun = simulate(load(input, opts), {
    ...opts,
    debug: user
      ? (r, view) => {
          monitor.hook(r, view);
          user(r, view);
        }
      : monitor.hook,
  });
  run.liveViolations = monitor.violations;
  return Object.assign(run, { violations: checkInvariants(run) });
}

/** Runs the input twice with the same seed: any difference in the result or the event log is a violation. */
export function checkDeterminism(input: SimulateInput, opts: SimulateOptions = {}): Violation[] {
  const a = simulate(input, opts);
  const b = simulate(input, opts);
  const out: Violation[] = [];
  const ra = JSON.stringify(a.result);
  const rb = JSON.stringify(b.result);
  if (ra !== rb)
    out.push({
      t: null,
      object: a.result.scenario.name,
      rule: 'determinism',
      message: `result differs at character ${firstDiff(ra, rb)}`,
    });
  const n = Math.max(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) {
    const ea = JSON.stringify(a.events[i]);
    const eb = JSON.stringify(b.events[i]);
    if (ea !== eb) {
      out.push({
        t: a.events[i]?.t ?? null,
        object: a.result.scenario.name,
        rule: 'determinism',
        message: `event ${i} differs: ${ea} vs ${eb}`,
      });
      break;
    }
  }
  return out;
}

function firstDiff(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
