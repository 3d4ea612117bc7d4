import { checkDeterminism, fc, formatViolation, scenarioArb, simulateChecked, toYaml } from 'jobset-sim/testing';
import { expect, test } from 'vitest';

test('generated Kueue workloads with faults keep every invariant', () => {
  const arb = scenarioArb({ kueue: true, faults: true, policies: ['binpack'] });
  fc.assert(
    fc.property(arb, (s) => {
      const input = { texts: [{ file: 'generated.yaml', text: toYaml(s.documents) }] };
      expect(simulateChecked(input).violations.map(formatViolation)).toEqual([]);
      expect(checkDeterminism(input)).toEqual([]);
    }),
    { seed: 42, numRuns: 10 },
  );
});
