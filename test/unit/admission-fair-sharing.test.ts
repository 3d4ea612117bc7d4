// Admission Fair Sharing arithmetic and ledger (src/kueue/admission-fair-sharing.ts), mirroring kueue ff69552e
// pkg/util/admissionfairsharing/admission_fair_sharing_test.go and pkg/cache/queue/afs/entry_penalties_test.go.
import { describe, expect, it } from 'vitest';
import {
  AfsLedger,
  alphaRate,
  calculateUsage,
  decayedConsumed,
  entryPenalty,
  flattenUsage,
} from '../../src/kueue/admission-fair-sharing.js';
import { parseFairWeight } from '../../src/kueue/fair-sharing.js';

const m = (o: Record<string, number>) => new Map(Object.entries(o));
const longHalfLife = 168 * 3600; // admission_fair_sharing_test.go longHalfLifeTime
const samplingElapsed = 5 * 60; // samplingElapsed

describe('admission_fair_sharing_test.go TestCalculateUsageWithDRA', () => {
  const cases: [string, Record<string, number>, Record<string, number>, number, Record<string, number>, number][] = [
    ['DRA resource with default weight', { 'gpu-logical': 2 }, {}, 1, {}, 2],
    ['DRA resource with explicit weight', { 'gpu-logical': 2 }, {}, 1, { 'gpu-logical': 3 }, 6],
    ['mixed CPU and DRA resources', { cpu: 4, 'gpu-logical': 2 }, {}, 1, { cpu: 1, 'gpu-logical': 5 }, 14],
    ['DRA resource with weight zero contributes nothing', { 'gpu-logical': 10 }, {}, 1, { 'gpu-logical': 0 }, 0],
    ['DRA resource in penalty only', {}, { 'gpu-logical': 3 }, 1, {}, 3],
    [
      'DRA resource in both consumed and penalty',
      { 'gpu-logical': 2 },
      { 'gpu-logical': 1 },
      2,
      { 'gpu-logical': 4 },
      6,
    ],
  ];
  for (const [name, consumed, penalty, lqWeight, resWeights, want] of cases) {
    it(name, () => expect(calculateUsage(m(consumed), m(penalty), lqWeight, resWeights)).toBe(want));
  }
});

describe('admission_fair_sharing_test.go TestCalculateUsageWithNonPositiveWeight', () => {
  const cases: [string, Record<string, number>, number][] = [
    ['zero weight, idle queue (no usage)', {}, 0],
    ['zero weight, active queue', { cpu: 4 }, 0],
    ['negative weight', { cpu: 4 }, -1],
  ];
  for (const [name, consumed, w] of cases) {
    it(name, () => expect(calculateUsage(m(consumed), new Map(), w, {})).toBe(Number.POSITIVE_INFINITY));
  }
});

describe('admission_fair_sharing_test.go decay and penalty', () => {
  it('TestCalculateDecayedConsumedConvergesToUsage: 1 − 0.5^n of the way to usage after n half-lives', () => {
    let consumed = new Map<string, number>();
    const want: Record<number, number> = { 1: 1, 2: 1.5, 3: 1.75 };
    for (let halfLives = 1; halfLives <= 3; halfLives++) {
      for (let i = 0; i < 2016; i++) consumed = decayedConsumed(consumed, m({ cpu: 2 }), samplingElapsed, longHalfLife);
      const got = consumed.get('cpu')!;
      expect(Math.abs(got - want[halfLives]!)).toBeLessThanOrEqual(0.001); // upstream allows 1m
      expect(got).toBeLessThanOrEqual(2);
    }
  });

  it('TestCalculateDecayedConsumedAccumulatesSubMilli: grows at every sample', () => {
    let consumed = new Map<string, number>();
    let prev = { cpu: 0, gpu: 0 };
    for (let sample = 1; sample <= 3; sample++) {
      consumed = decayedConsumed(consumed, m({ cpu: 2, 'nvidia.com/gpu': 1 }), samplingElapsed, longHalfLife);
      expect(consumed.get('cpu')!).toBeGreaterThan(prev.cpu);
      expect(consumed.get('nvidia.com/gpu')!).toBeGreaterThan(prev.gpu);
      prev = { cpu: consumed.get('cpu')!, gpu: consumed.get('nvidia.com/gpu')! };
    }
  });

  it('TestCalculateDecayedConsumedKeepsLargeQuantitiesPositive', () => {
    for (const bytes of [16 * 2 ** 30, 2 ** 40, 64 * 2 ** 40]) {
      expect(
        decayedConsumed(new Map(), m({ memory: bytes }), samplingElapsed, longHalfLife).get('memory')!,
      ).toBeGreaterThan(0);
    }
  });

  it('TestCalculateEntryPenaltyWithLongHalfLife and …WithDRAResources: every requested resource gets a positive penalty', () => {
    const cfg = { usageSamplingIntervalUs: 5 * 60e6, usageHalfLifeTimeUs: 168 * 3600e6 };
    const p = entryPenalty(m({ cpu: 2, 'nvidia.com/gpu': 1 }), cfg);
    expect(p.get('cpu')!).toBeGreaterThan(0);
    expect(p.get('nvidia.com/gpu')!).toBeGreaterThan(0);
    const dra = entryPenalty(m({ cpu: 4, 'gpu-logical': 2 }), {
      usageSamplingIntervalUs: 5 * 60e6,
      usageHalfLifeTimeUs: 10 * 60e6,
    });
    expect([...dra.keys()]).toEqual(['cpu', 'gpu-logical']);
    // α(5m, 10m) = 1 − 0.5^0.5
    expect(dra.get('cpu')).toBeCloseTo(4 * (1 - Math.SQRT1_2), 12);
  });

  it('calculateAlphaRate: 0 for a zero half-life (usage never accumulates), ½ at one half-life', () => {
    expect(alphaRate(300, 0)).toBe(0);
    expect(alphaRate(3600, 3600)).toBe(0.5);
  });

  it('TestResolveLQWeight: a configured weight, or 1', () => {
    expect(parseFairWeight({ weight: '2' })).toBe(2);
    expect(parseFairWeight(undefined)).toBe(1);
  });
});

describe('entry_penalties_test.go TestPenaltyBookkeepingIsIdempotentAndExact', () => {
  type Op = [wl: string, push?: Record<string, number>];
  const cases: [string, Op[], boolean, Record<string, number>][] = [
    [
      'pushes for distinct workloads accumulate',
      [
        ['ns/wl1', { cpu: 2 }],
        ['ns/wl2', { cpu: 3 }],
      ],
      true,
      { cpu: 5 },
    ],
    [
      're-pushing the same workload replaces instead of stacking',
      [
        ['ns/wl1', { cpu: 2 }],
        ['ns/wl1', { cpu: 2 }],
      ],
      true,
      { cpu: 2 },
    ],
    [
      're-pushing with a different amount keeps the latest',
      [
        ['ns/wl1', { cpu: 2 }],
        ['ns/wl1', { cpu: 3 }],
      ],
      true,
      { cpu: 3 },
    ],
    [
      'rollback after replacement subtracts the replacement amount',
      [['ns/wl1', { cpu: 2 }], ['ns/wl1', { cpu: 3 }], ['ns/wl1']],
      false,
      {},
    ],
    [
      'subtracting a workload removes exactly its record',
      [['ns/wl1', { cpu: 2 }], ['ns/wl2', { cpu: 3 }], ['ns/wl1']],
      true,
      { cpu: 3 },
    ],
    ['subtracting the only workload leaves nothing pending', [['ns/wl1', { cpu: 2 }], ['ns/wl1']], false, {}],
    [
      'subtracting twice is a no-op the second time',
      [['ns/wl1', { cpu: 2 }], ['ns/wl2', { cpu: 3 }], ['ns/wl1'], ['ns/wl1']],
      true,
      { cpu: 3 },
    ],
    ['subtracting a workload that never pushed leaves no negative residue', [['ns/wl1']], false, {}],
    [
      "a workload's subtraction cannot drain another workload's resources",
      [['ns/wl1', { cpu: 2 }], ['ns/wl2', { memory: 4 * 2 ** 30 }], ['ns/wl1']],
      true,
      { cpu: 0, memory: 4 * 2 ** 30 },
    ],
  ];
  for (const [name, ops, wantHas, want] of cases) {
    it(name, () => {
      const ledger = new AfsLedger({ usageHalfLifeTimeUs: 10e6, usageSamplingIntervalUs: 1e6, resourceWeights: {} });
      ledger.init('ns/lq', new Map(), 0);
      for (const [wl, push] of ops) {
        if (push) ledger.pushPenalty('ns/lq', wl, m(push), 0);
        else ledger.subPenalty('ns/lq', wl);
      }
      expect(ledger.hasPendingPenalty('ns/lq')).toBe(wantHas);
      const peek = ledger.pendingPenalty('ns/lq');
      for (const [r, v] of Object.entries(want)) expect(peek.get(r) ?? 0).toBe(v);
    });
  }

  it('TestSubPenaltyDoesNotCreateEntry', () => {
    const ledger = new AfsLedger({ usageHalfLifeTimeUs: 10e6, usageSamplingIntervalUs: 1e6, resourceWeights: {} });
    ledger.subPenalty('ns/lq', 'ns/wl1');
    expect(ledger.has('ns/lq')).toBe(false);
  });
});

describe('AfsLedger: sampling and settlement', () => {
  const cfg = { usageHalfLifeTimeUs: 3600e6, usageSamplingIntervalUs: 300e6, resourceWeights: {} };

  it('samples fall every interval after the last update; due samples of a constant usage are one decay', () => {
    const a = new AfsLedger(cfg);
    a.init('ns/lq', new Map(), 0);
    a.admittedChanged('ns/lq', m({ cpu: 8 }), 1, 0);
    expect(a.usage('ns/lq', 1, 299e6)).toBe(0); // before the first sample
    // 12 samples of 5 min = one half-life: halfway to 8.
    expect(a.usage('ns/lq', 1, 3600e6 + 1)).toBeCloseTo(4, 9);
    expect(a.lastUpdate('ns/lq')).toBe(3600e6);
    // Step by step gives the same value.
    const b = new AfsLedger(cfg);
    b.init('ns/lq', new Map(), 0);
    b.admittedChanged('ns/lq', m({ cpu: 8 }), 1, 0);
    for (let k = 1; k <= 12; k++) b.catchUp('ns/lq', k * 300e6);
    expect(b.consumed('ns/lq').get('cpu')).toBeCloseTo(4, 9);
  });

  it('settlement: the history decays towards the admitted usage over the time since the last update, plus the penalty', () => {
    const a = new AfsLedger(cfg);
    a.init('ns/lq', m({ cpu: 2 }), 0);
    a.pushPenalty('ns/lq', 'ns/wl', entryPenalty(m({ cpu: 4 }), cfg), 100e6);
    a.admittedChanged('ns/lq', m({ cpu: 4 }), 1, 100e6);
    expect(a.hasPendingPenalty('ns/lq')).toBe(true);
    a.settle('ns/lq', 'ns/wl', 100e6);
    const alpha100 = 1 - 0.5 ** (100 / 3600);
    const penalty = 4 * (1 - 0.5 ** (300 / 3600));
    expect(a.consumed('ns/lq').get('cpu')).toBeCloseTo(2 * (1 - alpha100) + 4 * alpha100 + penalty, 12);
    expect(a.hasPendingPenalty('ns/lq')).toBe(false);
    expect(a.lastUpdate('ns/lq')).toBe(100e6); // the next sample is due at 400 s
  });

  it('a zero half-life resets the history at every sample', () => {
    const a = new AfsLedger({ ...cfg, usageHalfLifeTimeUs: 0 });
    a.init('ns/lq', m({ cpu: 5 }), 0);
    expect(a.usage('ns/lq', 1, 0)).toBe(5);
    expect(a.usage('ns/lq', 1, 300e6)).toBe(0);
  });

  it('flattenUsage: flavors summed per resource, milli-units to units; `pods` left out of the penalty', () => {
    const u = new Map([
      ['a/cpu', 1500],
      ['b/cpu', 500],
      ['a/pods', 3000],
    ]);
    expect(flattenUsage(u)).toEqual(m({ cpu: 2, pods: 3 }));
    expect(flattenUsage(u, true)).toEqual(m({ cpu: 2 }));
  });
});
