// The README's `jobset-sim/testing` example is test/e2e/testing-example.test.ts, verbatim.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README shows test/e2e/testing-example.test.ts exactly', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./testing-example.test.ts', import.meta.url), 'utf8');
  const block = /<!-- testing-example -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(example);
});
