// The formatted problems of loading one scenario text (none when it loads): for tests of the loader's messages.
import { formatProblem, ScenarioError } from '../../src/scenario/problems.js';

export function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}
