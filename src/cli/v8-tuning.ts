// V8 settings for `predict`: each worker thread JIT-compiles the simulator for its share of the futures, and V8's
// background threads (mostly TurboFan's concurrent compilation, ≈1,000 functions over two workers) took ≈40 % of
// the command's CPU. A smaller inlining budget makes each compilation cheaper, and the compiled code is not measurably
// slower: on the example snapshot (100 futures, 2 workers) the process's CPU fell ≈8 % (median of 10 alternating
// pairs on the loaded 2-core machine), the report unchanged. V8 flags are per process: set before the threads start.
import { setFlagsFromString } from 'node:v8';

/** V8's defaults (node 20) are 460 and 920 bytes of bytecode. */
export const PREDICT_V8_FLAGS = ['--max-inlined-bytecode-size=150', '--max-inlined-bytecode-size-cumulative=300'];

/** The flags still to set: one given on node's own command line (`--flag=…` or `--flag_name=…`) wins. */
export function predictFlagsToSet(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map((a) => a.split('=')[0]!.replaceAll('_', '-')));
  return PREDICT_V8_FLAGS.filter((f) => !given.has(f.split('=')[0]!));
}

export function tuneV8ForPredict(execArgv: readonly string[] = process.execArgv): void {
  for (const flag of predictFlagsToSet(execArgv)) setFlagsFromString(flag);
}
