// scenarios/failures-what-if.yaml, shortened to 4 days of work: with the same seed (the same failure times, drawn
// from their own streams) a hot spare slice cuts the time spent in restarts and raises goodput, and a 4 h
// checkpoint interval loses more work per failure than a 1 h one. The full 14-day table over 5 seeds is
// bench/failures-what-if.ts (README "Failures and goodput").
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';

const SHORT = 'JobSet/llm-pretrain:metadata.annotations["jobset-sim.dev/total-work"]=4d';
const NO_SPARE = 'FaultModel/tpu-faults:spec.spares.count=0';
const CKPT_4H = 'JobSet/llm-pretrain:metadata.annotations["jobset-sim.dev/checkpoint-interval"]=4h';

function arm(...sets: string[]) {
  const { result, events } = simulate('scenarios/failures-what-if.yaml', { seed: 2, sets: [SHORT, ...sets] });
  return { p: result.jobsets[0]!.progress!, js: result.jobsets[0]!, faults: events.filter((e) => e.type === 'Fault') };
}

describe('failures what-if (multislice, realistic failure rate)', () => {
  const base = arm();
  const noSpare = arm(NO_SPARE);
  const rare = arm(CKPT_4H);

  it('every arm completes its work; the failure times are the same in every arm', () => {
    for (const a of [base, noSpare, rare]) {
      expect(a.js.terminalState).toBe('Completed');
      expect(a.p.effectiveTime).toBe(4 * 86400);
    }
    expect(base.faults.length).toBeGreaterThan(0);
    const first = (a: typeof base) => a.faults[0]!.t;
    expect(first(noSpare)).toBe(first(base));
    expect(first(rare)).toBe(first(base));
  });

  it('a spare slice shortens the restarts and raises goodput', () => {
    expect(noSpare.p.restartTime).toBeGreaterThan(base.p.restartTime);
    expect(noSpare.p.goodput!).toBeLessThan(base.p.goodput!);
  });

  it('a rarer checkpoint loses more work and checkpoints less', () => {
    expect(rare.p.lostWork).toBeGreaterThan(base.p.lostWork);
    expect(rare.p.checkpointTime).toBeLessThan(base.p.checkpointTime);
  });
});
