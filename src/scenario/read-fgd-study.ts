// Reads an FgdStudy document (README "FGD study"): the openb node and pod lists (relative to the YAML file's
// folder, read and checked here so that a bad cell is reported at its field), the policy and the study's
// parameters with the authors' defaults (spec/fgd.md §5.1).
import { readFileSync } from 'node:fs';
import { readStudyNodes, readStudyPods } from '../study/openb-input.js';
import type { Entry } from './entry.js';
import type { FgdPolicy, FgdStudyDoc } from './model.js';
import { resolveTracePath } from './read-trace-replay.js';

export const FGD_POLICIES: readonly FgdPolicy[] = [
  'random',
  'dot-product',
  'gpu-clustering',
  'gpu-packing',
  'best-fit',
  'fgd',
];
const FIELDS = ['nodes', 'pods', 'policy', 'tuneRatio', 'popularityThreshold', 'informerDraws', 'podLimit'] as const;

export function readFgdStudy(e: Entry): FgdStudyDoc | undefined {
  const { c } = e;
  const before = c.errors;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return undefined;
  c.unknownFields(spec, 'spec', FIELDS);
  const nodesFile = c.string(spec.nodes, 'spec.nodes', true);
  const podsFile = c.string(spec.pods, 'spec.pods', true);
  const policy = c.oneOf(spec.policy, 'spec.policy', FGD_POLICIES) ?? 'fgd';
  const num = (path: string, v: unknown, dflt: number, ok: (x: number) => boolean, what: string) => {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !ok(v)) {
      c.err(path, `expected ${what}, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return v;
  };
  const tuneRatio = num(
    'spec.tuneRatio',
    spec.tuneRatio,
    1.3,
    (x) => x > 0 && x <= 100,
    'a number above 0 (1.3 = 130%)',
  );
  const popularityThreshold = num(
    'spec.popularityThreshold',
    spec.popularityThreshold,
    95,
    (x) => Number.isInteger(x) && x >= 1 && x <= 100,
    'an integer from 1 to 100 (percent)',
  );
  const informerDraws = c.int(spec.informerDraws, 'spec.informerDraws', { min: 0 }) ?? 10;
  const podLimit = c.int(spec.podLimit, 'spec.podLimit', { min: 1 }) ?? 1001;
  if (c.errors !== before || nodesFile === undefined || podsFile === undefined || e.name === undefined)
    return undefined;

  const read = (field: 'spec.nodes' | 'spec.pods', file: string): string | undefined => {
    const path = resolveTracePath(e.source.file, file);
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'it is a directory' : String(code ?? err);
      c.err(field, `cannot read ${JSON.stringify(file)}${path === file ? '' : ` (resolved to ${path})`}: ${why}`);
      return undefined;
    }
  };
  const nodesText = read('spec.nodes', nodesFile);
  const podsText = read('spec.pods', podsFile);
  if (nodesText === undefined || podsText === undefined) return undefined;
  const nodes = readStudyNodes(nodesText, nodesFile);
  for (const p of nodes.problems) c.err('spec.nodes', p);
  const pods = readStudyPods(podsText, podsFile);
  for (const p of pods.problems) c.err('spec.pods', p);
  if (c.errors === before) {
    if (nodes.nodes.length === 0) c.err('spec.nodes', `${nodesFile} lists no node`);
    if (pods.pods.length === 0) c.err('spec.pods', `${podsFile} lists no pod`);
    if (!nodes.nodes.some((n) => n.gpus > 0)) c.err('spec.nodes', `${nodesFile} lists no GPU`);
  }
  if (c.errors !== before) return undefined;
  return {
    name: e.name,
    source: e.source,
    policy,
    nodesFile,
    podsFile,
    nodes: nodes.nodes,
    pods: pods.pods,
    tuneRatio,
    popularityThreshold,
    informerDraws,
    podLimit,
  };
}
