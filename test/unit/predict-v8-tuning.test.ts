import { describe, expect, it } from 'vitest';
import { PREDICT_V8_FLAGS, predictFlagsToSet } from '../../src/cli/v8-tuning.js';

describe('predict V8 tuning', () => {
  it('sets both inlining budgets when node was started without them', () => {
    expect(predictFlagsToSet(['--enable-source-maps'])).toEqual(PREDICT_V8_FLAGS);
  });

  it('leaves a budget given on the command line alone, in either spelling', () => {
    expect(predictFlagsToSet(['--max-inlined-bytecode-size=460'])).toEqual([
      '--max-inlined-bytecode-size-cumulative=300',
    ]);
    expect(predictFlagsToSet(['--max_inlined_bytecode_size_cumulative=920'])).toEqual([
      '--max-inlined-bytecode-size=150',
    ]);
  });
});
