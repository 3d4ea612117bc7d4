// A sweep worker parses each scenario file once (src/sweep/parsed-files.ts): the loader must get the documents the
// text would give, a fresh copy every run, a new parse when the file changes, and the text itself when the YAML has
// a problem (so the message keeps its line and column); a run gives the same record either way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { executeRun } from '../../src/sweep/execute.js';
import { pickMetrics } from '../../src/sweep/metrics.js';
import { scenarioInputs } from '../../src/sweep/parsed-files.js';

const dir = mkdtempSync(join(tmpdir(), 'parsed-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pool = (replicas: number) =>
  `apiVersion: jobset-sim.dev/v1alpha1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  replicas: ${replicas}\n  nodes: 2\n  gpu: {type: h100-80gb, count: 8}\n---\n# an empty document keeps its number\n---\nkind: X\na: &s {n: 1}\nb: *s\n`;

describe('scenario files parsed once per worker', () => {
  it('gives the documents of the text, a fresh copy each time, with YAML aliases still shared', () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, pool(2));
    const [first] = scenarioInputs([file])!;
    const [second] = scenarioInputs([file])!;
    if (!first || !('documents' in first) || !second || !('documents' in second)) throw new Error('expected documents');
    expect(first.file).toBe(file);
    expect(first.documents).toHaveLength(3);
    expect(first.documents[1]).toBeNull();
    const d0 = first.documents[0] as { spec: { replicas: number } };
    const d2 = first.documents[2] as { a: unknown; b: unknown };
    expect(d0.spec.replicas).toBe(2);
    expect(d2.b).toEqual({ n: 1 });
    expect(d2.b).toBe(d2.a); // the alias is the anchored object, as the YAML parser gives it
    d0.spec.replicas = 99; // the loader defaults in place: the next run must not see it
    expect((second.documents[0] as { spec: { replicas: number } }).spec.replicas).toBe(2);
    const [third] = scenarioInputs([file])!;
    expect(((third as { documents: unknown[] }).documents[0] as { spec: { replicas: number } }).spec.replicas).toBe(2);
  });

  it('parses again when the file changes, and passes the text on when the YAML has a problem', () => {
    const file = join(dir, 'b.yaml');
    writeFileSync(file, pool(2));
    scenarioInputs([file]);
    writeFileSync(file, pool(3));
    const [changed] = scenarioInputs([file])!;
    expect(((changed as { documents: unknown[] }).documents[0] as { spec: { replicas: number } }).spec.replicas).toBe(
      3,
    );
    const bad = 'kind: NodePool\nspec: {replicas: [1, 2}\n';
    writeFileSync(file, bad);
    expect(scenarioInputs([file])).toEqual([{ file, text: bad }]);
    const unresolved = `${pool(2)}---\nkind: Y\nc: *s\n`; // an alias of another document's anchor
    writeFileSync(file, unresolved);
    expect(scenarioInputs([file])).toEqual([{ file, text: unresolved }]);
    expect(scenarioInputs([join(dir, 'missing.yaml')])).toBeUndefined();
  });

  it('a run gives the record that loading the files does, and a YAML error keeps its line and column', () => {
    const file = join(dir, 'c.yaml');
    writeFileSync(
      file,
      `apiVersion: jobset-sim.dev/v1alpha1\nkind: Simulation\nmetadata: {name: c}\nspec: {seed: 1}\n---\n${pool(2).split('---')[0]}`,
    );
    const task = { run: 0, arm: 0, params: {}, seed: 5, files: [file], sets: [], metrics: ['makespan', 'nodes'] };
    const direct = simulate([file], { seed: 5, retainEvents: false });
    const rec = executeRun(task);
    expect(rec.error).toBeUndefined();
    expect(rec.metrics).toEqual(pickMetrics(direct.result.metrics, task.metrics));
    expect(executeRun({ ...task, seed: 6 }).metrics).toEqual(
      pickMetrics(simulate([file], { seed: 6, retainEvents: false }).result.metrics, task.metrics),
    );

    writeFileSync(file, 'kind: Simulation\nspec: {seed: [1}\n');
    const broken = executeRun(task);
    expect(broken.error?.type).toBe('invalid');
    expect(broken.error?.message.startsWith(`${file}: document 1: line 2, column 16: Flow sequence`)).toBe(true);
    let direct2 = '';
    try {
      simulate([file]);
    } catch (e) {
      direct2 = (e as Error).message;
    }
    expect(broken.error?.message).toBe(direct2);
  });
});
