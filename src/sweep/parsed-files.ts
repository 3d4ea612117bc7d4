// A worker's scenario files, parsed once. Every run of a sweep loads the same files, and parsing their YAML cost
// about 10 % of a run's CPU on scenarios/jax-multislice.yaml and 30 % on scenarios/placement-policies.yaml (49 KB),
// besides the JIT compilation of the YAML parser that each worker thread pays for (bench/RESULTS.md §9). Each run
// still reads its files and reuses the parse only while the text is the same, and the loader gets its own deep copy
// (it defaults documents in place; structuredClone keeps YAML aliases shared, as the parser gives them).
import { readFileSync } from 'node:fs';
import { parseYamlValues, type ScenarioInput } from '../scenario/load.js';

interface Parsed {
  text: string;
  /** undefined: the text has a YAML problem; the loader parses it again and reports it with its line and column. */
  documents: unknown[] | undefined;
}

const cache = new Map<string, Parsed>();

/** The loader's own parse of the text (a fresh copy per run is taken below), or undefined on any problem. */
function parse(text: string): unknown[] | undefined {
  const values = parseYamlValues(text);
  if (values === undefined) return undefined;
  try {
    return structuredClone(values); // a value structuredClone cannot copy (none is expected) keeps the text path
  } catch {
    return undefined;
  }
}

/**
 * The loader's inputs for these files: parsed documents (a fresh copy) where the file's text is unchanged since it
 * was parsed, else the text. undefined when a file cannot be read: the caller loads the paths, which says why.
 */
export function scenarioInputs(files: string[]): ScenarioInput[] | undefined {
  const inputs: ScenarioInput[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    let p = cache.get(file);
    if (p?.text !== text) {
      p = { text, documents: parse(text) };
      cache.set(file, p);
    }
    inputs.push(p.documents ? { file, documents: structuredClone(p.documents) } : { file, text });
  }
  return inputs;
}
