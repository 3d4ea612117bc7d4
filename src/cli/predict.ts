// The `predict` command: when would this JobSet run if submitted now, and what would it displace (src/predict/).
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { formatReport, human } from '../predict/format.js';
import { predict } from '../predict/run-predict.js';
import { tuneV8ForPredict } from './v8-tuning.js';

interface PredictFlags {
  submit: string;
  runs: number;
  seed?: number;
  horizon: string;
  at?: string;
  output: 'text' | 'json';
  workers?: number;
  arrivals: boolean;
  set: string[];
  quiet?: boolean;
  debug?: boolean;
}

function count(min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer, e.g. --seed 42');
  return n;
}

async function predictCommand(files: string[], flags: PredictFlags): Promise<number> {
  const t0 = performance.now(); // wall-clock: timing goes to stderr only
  tuneV8ForPredict();
  const bar =
    !flags.quiet && process.stderr.isTTY
      ? new SingleBar(
          { stream: process.stderr, format: 'predict {bar} {value}/{total} futures' },
          Presets.shades_classic,
        )
      : undefined;
  bar?.start(flags.runs, 0);
  try {
    const { report, cpuMs } = await predict({
      files,
      submit: flags.submit,
      runs: flags.runs,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      horizon: flags.horizon,
      ...(flags.at !== undefined ? { at: flags.at } : {}),
      arrivals: flags.arrivals,
      sets: flags.set,
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    process.stdout.write(flags.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    if (!flags.quiet) {
      const wall = performance.now() - t0; // wall-clock
      const each = cpuMs.futures / Math.max(report.futures, 1);
      process.stderr.write(
        `jobset-sim: ${report.futures} futures in ${human(wall / 1000)} wall; CPU (all threads): input ${human(cpuMs.plan / 1000)}, futures ${human(cpuMs.futures / 1000)} (${each.toFixed(1)} ms per future)\n`,
      );
    }
  } finally {
    bar?.stop();
  }
  return 0;
}

export function registerPredictCommand(
  program: Command,
  settle: (work: () => Promise<number>, debug: boolean) => void,
): void {
  program
    .command('predict')
    .description('when would this JobSet run if submitted now, and what would it preempt: N seeded futures')
    .argument('<files...>', 'the cluster: scenario YAML files or a kubectl snapshot')
    .requiredOption('--submit <file>', 'the JobSet to submit now (one document)')
    .option('--runs <n>', 'futures to simulate', count(1), 100)
    .option('--seed <n>', 'seed of the first future (default Simulation.spec.seed); future i uses seed + i', seedArg)
    .option('--horizon <duration>', 'how far each future looks (at most 365d)', '30d')
    .option('--at <duration>', 'submit at this simulated time of the input instead of now (0)')
    .option('--no-arrivals', 'no fitted future arrivals (only what the input holds)')
    .option(
      '--set <path=value>',
      'overrides one field of the input; may repeat',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .addOption(new Option('--output <format>', 'what goes to stdout').choices(['text', 'json']).default('text'))
    .option(
      '--workers <n>',
      'threads running futures: this one and n − 1 worker threads (default: the number of CPU cores; 0 or 1 = this thread alone)',
      count(0),
    )
    .option('--quiet', 'no progress or timing on stderr')
    .option('--debug', 'stack traces for internal errors')
    .action((files: string[], flags: PredictFlags) => settle(() => predictCommand(files, flags), flags.debug === true));
}
