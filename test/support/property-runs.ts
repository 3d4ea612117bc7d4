// Property budgets: small in `npm test`, scaled up by PROPERTY_RUNS (`npm run test:properties:long`).
const env = Number(process.env.PROPERTY_RUNS);

/** `base` runs normally; with PROPERTY_RUNS=N, N runs (and no per-test timeout worth speaking of). */
export function runs(base: number): number {
  return Number.isFinite(env) && env > 0 ? env : base;
}

/** A vitest timeout for a property of `base` runs: generous normally, scaled with PROPERTY_RUNS. */
export function timeoutFor(base: number, perRunMs = 400): number {
  return Math.max(60_000, runs(base) * perRunMs);
}
