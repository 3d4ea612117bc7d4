// Arbitraries for fault Scripts: failNode / recoverNode / cordon / uncordon on the cluster's nodes and pools,
// failPod on the JobSets' pods, suspend / resume of JobSets, at times within the first two hours.
import fc from 'fast-check';
import type { PoolShape } from './cluster.js';
import { API, type Doc } from './docs.js';
import type { JobSetGen } from './jobset.js';

export type ScriptActionDoc = { at: string } & Record<string, unknown>;

export function faultActionArb(
  shapes: readonly PoolShape[],
  jobSets: readonly JobSetGen[],
): fc.Arbitrary<ScriptActionDoc> {
  const nodes = shapes.flatMap((s) => s.nodes);
  const at = fc.integer({ min: 0, max: 120 }).map((m) => `${m}m`);
  const node = fc.constantFrom(...nodes);
  const options: fc.Arbitrary<ScriptActionDoc>[] = [
    fc.record({ at, failNode: fc.record({ node }) }),
    fc.record({ at, failNode: fc.record({ node, recovery: fc.constantFrom('5m', '30m') }) }),
    fc.record({ at, recoverNode: fc.record({ node }) }),
    fc.record({ at, cordon: fc.record({ node }) }),
    fc.record({ at, uncordon: fc.record({ node }) }),
  ];
  if (jobSets.length > 0) {
    const js = fc.constantFrom(...jobSets);
    options.push(
      js.chain((g) =>
        fc.constantFrom(...g.replicatedJobs).chain((r) =>
          fc.record({
            at,
            failPod: fc.record({
              jobSet: fc.constant(g.name),
              replicatedJob: fc.constant(r.name),
              jobIndex: fc.nat({ max: r.replicas - 1 }),
              podIndex: fc.nat({ max: r.pods - 1 }),
              exitCode: fc.constant(1),
            }),
          }),
        ),
      ),
      fc.record({ at, suspend: js.map((g) => ({ jobSet: g.name })) }),
      fc.record({ at, resume: js.map((g) => ({ jobSet: g.name })) }),
    );
  }
  return fc.oneof(...options);
}

/** One Script document with 1..maxActions actions. */
export function faultScriptArb(
  shapes: readonly PoolShape[],
  jobSets: readonly JobSetGen[],
  opts: { maxActions?: number; name?: string } = {},
): fc.Arbitrary<Doc> {
  return fc
    .array(faultActionArb(shapes, jobSets), { minLength: 1, maxLength: opts.maxActions ?? 4 })
    .map((actions) => ({
      apiVersion: API.sim,
      kind: 'Script',
      metadata: { name: opts.name ?? 'chaos' },
      spec: { actions },
    }));
}
