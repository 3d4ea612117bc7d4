// The `sweep` and `merge` commands (CONTRACT.md §1), with a progress bar on stderr (TTY only, not with --quiet).
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { emitJobSet } from '../sweep/emit-jobset.js';
import { mergeSweeps } from '../sweep/merge.js';
import { defaultWorkers } from '../sweep/pool.js';
import { parseShard, runSweep } from '../sweep/run-sweep.js';
import { readSweepFile } from '../sweep/spec.js';
import type { SweepSummary } from '../sweep/summary.js';

interface SweepFlags {
  workers?: number;
  out?: string;
  shard?: string;
  resume?: boolean;
  quiet?: boolean;
  debug?: boolean;
  emitJobset?: number;
  image: string;
  claim: string;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function report(s: SweepSummary, out: string): string {
  const r = s.runs;
  let text = `sweep ${s.sweep.name}${s.shard ? ` shard ${s.shard.index}/${s.shard.count}` : ''}: ${r.finished} of ${r.planned} runs finished, ${r.failed} failed${r.missing ? `, ${r.missing} missing` : ''}; ${join(out, 'summary.json')}\n`;
  for (const f of s.failed.slice(0, 5)) {
    text += `  run ${f.run} (arm ${f.arm}, seed ${f.seed}) failed: ${f.error?.message.split('\n')[0]}\n`;
  }
  if (s.failed.length > 5) text += `  ... and ${s.failed.length - 5} more in runs.jsonl\n`;
  if (s.search) text += `${s.search.message}\n`;
  return text;
}

async function sweepCommand(file: string, flags: SweepFlags): Promise<number> {
  const spec = readSweepFile(file);
  if (flags.emitJobset !== undefined) {
    process.stdout.write(
      emitJobSet({
        sweepFile: file,
        sweepName: spec.name,
        shards: flags.emitJobset,
        image: flags.image,
        claim: flags.claim,
        workers: flags.workers ?? 2,
      }),
    );
    return 0;
  }
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const out = flags.out ?? join('out', spec.name + (shard ? `-shard-${shard.index}` : ''));
  const bar =
    !flags.quiet && process.stderr.isTTY
      ? new SingleBar(
          { stream: process.stderr, format: 'sweep {bar} {value}/{total} runs | ETA {eta_formatted}', etaBuffer: 20 },
          Presets.shades_classic,
        )
      : undefined;
  let started = false;
  try {
    const summary = await runSweep(spec, {
      out,
      workers: flags.workers ?? defaultWorkers(),
      shard,
      resume: flags.resume,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
    });
    bar?.stop();
    process.stdout.write(report(summary, out));
    const { writeSweepReport } = await import('./report.js'); // the renderers load only here
    process.stdout.write(`wrote ${writeSweepReport(out)}\n`);
  } finally {
    if (started) bar?.stop();
  }
  return 0;
}

export function registerSweepCommands(
  program: Command,
  settle: (work: () => Promise<number>, debug: boolean) => void,
): void {
  program
    .command('sweep')
    .description('run a parameter sweep (kind: Sweep) on a worker pool')
    .argument('<sweep>', 'the Sweep YAML file')
    .option('--workers <n>', 'worker threads (default: the number of CPU cores)', positiveInt)
    .option('--out <dir>', 'where runs.jsonl and summary.json go (default: out/<sweep name>)')
    .option('--shard <I/N>', 'run shard I of N (I from 0); "/N" takes I from JOB_COMPLETION_INDEX')
    .option('--resume', 'keep the runs already in --out and run the rest')
    .option(
      '--emit-jobset <shards>',
      'print a JobSet manifest running the sweep in that many shards, then exit',
      positiveInt,
    )
    .option('--image <image>', 'the container image for --emit-jobset', 'jobset-sim:latest')
    .option('--claim <pvc>', 'the ReadWriteMany PersistentVolumeClaim for --emit-jobset results', 'jobset-sim-results')
    .option('--quiet', 'no progress bar on stderr')
    .option('--debug', 'stack traces for internal errors')
    .action((file: string, flags: SweepFlags) => settle(() => sweepCommand(file, flags), flags.debug === true));

  program
    .command('merge')
    .description("merge the --out folders of a sweep's shards")
    .argument('<dirs...>', "the shards' --out folders")
    .requiredOption('--out <dir>', 'where the merged runs.jsonl and summary.json go')
    .option('--debug', 'stack traces for internal errors')
    .action((dirs: string[], flags: { out: string; debug?: boolean }) =>
      settle(async () => {
        process.stdout.write(report(mergeSweeps(dirs, flags.out), flags.out));
        return 0;
      }, flags.debug === true),
    );
}
