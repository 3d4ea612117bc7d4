#!/usr/bin/env node
// The `jobset-sim` command (CONTRACT.md §1). Exit codes: 0 finished, 1 invalid input, 2 internal error.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ScenarioError } from '../scenario/problems.js';
import { neverSchedulableWarnings } from '../scheduler/preflight.js';
import { loadFiles, simulate } from '../simulate.js';
import { SweepError } from '../sweep/run-sweep.js';
import { AtomicLineWriter, jsonLines, writeAtomic } from './files.js';
import { registerPredictCommand } from './predict.js';
import { snapshotText } from './snapshot-file.js';
import { summary } from './summary.js';
import { registerSweepCommands } from './sweep-commands.js';

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jobset-sim') return pkg.version ?? '0.0.0';
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer, e.g. --seed 42');
  return n;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

class UserError extends Error {}

interface RunFlags {
  seed?: number;
  until?: string;
  set: string[];
  output: 'summary' | 'json';
  out?: string;
  events?: string;
  quiet?: boolean;
  debug?: boolean;
  snapshotAt?: string;
  snapshot?: string;
  now?: string;
}

// The renderers (viz/: linkedom, d3, the chart code) load only in the commands that draw: a third of the CLI's
// start-up otherwise, paid by every run and predict.
async function runCommand(files: string[], flags: RunFlags): Promise<void> {
  const snapshotFile = flags.snapshot ?? (flags.out ? join(flags.out, 'snapshot.yaml') : undefined);
  if (flags.snapshotAt !== undefined && snapshotFile === undefined)
    throw new UserError('--snapshot-at needs --snapshot FILE (or --out DIR, which gets DIR/snapshot.yaml)');
  if (flags.snapshot !== undefined && flags.snapshotAt === undefined)
    throw new UserError('--snapshot FILE needs --snapshot-at TIME (e.g. --snapshot-at 6h)');
  // The event log stays in memory only when the reports of `--out` need it; `--events` alone streams it to disk.
  const retain = flags.out !== undefined;
  const stream = flags.events && !retain ? new AtomicLineWriter(flags.events) : undefined;
  let records = 0;
  const t0 = performance.now(); // wall-clock: timing goes to stderr only
  let run: ReturnType<typeof simulate>;
  try {
    run = simulate(files, {
      seed: flags.seed,
      until: flags.until,
      sets: flags.set,
      retainEvents: retain,
      ...(flags.snapshotAt !== undefined ? { snapshotAt: flags.snapshotAt } : {}),
      ...(flags.now !== undefined ? { now: flags.now } : {}),
      onEvent: (r) => {
        records++;
        stream?.write(r);
      },
    });
  } catch (e) {
    stream?.abort();
    throw e;
  }
  stream?.close();
  const wallMs = performance.now() - t0; // wall-clock
  const resultJson = `${JSON.stringify(run.result, null, 2)}\n`;
  if (flags.out) {
    writeAtomic(join(flags.out, 'result.json'), resultJson);
    writeAtomic(join(flags.out, 'events.jsonl'), jsonLines(run.events));
    writeAtomic(
      join(flags.out, 'timing.json'),
      `${JSON.stringify({ wallMs: Math.round(wallMs), engineEvents: run.engineEvents, stoppedBy: run.stoppedBy }, null, 2)}\n`,
    );
    const { writeRunReports } = await import('./report.js');
    writeRunReports(flags.out, run.events, run.result);
  }
  if (flags.events && retain) writeAtomic(flags.events, jsonLines(run.events));
  if (flags.snapshotAt !== undefined && snapshotFile !== undefined) {
    if (!run.snapshot)
      throw new UserError(`--snapshot-at ${flags.snapshotAt}: the run ended (at ${run.result.end}s) before that time`);
    writeAtomic(snapshotFile, snapshotText(run.snapshot, snapshotFile));
  }
  process.stdout.write(flags.output === 'json' ? resultJson : summary(run.result));
  if (!flags.quiet) {
    process.stderr.write(
      `jobset-sim: ${run.engineEvents} engine events, ${records} log records in ${wallMs.toFixed(0)} ms (stopped: ${run.stoppedBy})\n`,
    );
  }
}

function validateCommand(files: string[], flags: { strict?: boolean }): number {
  const scenario = loadFiles(files);
  const warnings = [...scenario.warnings, ...neverSchedulableWarnings(scenario)];
  for (const w of warnings) process.stderr.write(`warning: ${w.code} ${w.object}: ${w.message}\n`);
  if (flags.strict && warnings.length) {
    process.stderr.write(`${files.join(' ')}: invalid under --strict (${warnings.length} warning(s))\n`);
    return 1;
  }
  process.stdout.write(
    `${files.join(' ')}: valid (${scenario.jobSets.length} JobSet(s), ${scenario.jobs.length} Job(s), ${scenario.nodePools.length} NodePool(s), ${warnings.length} warning(s))\n`,
  );
  return 0;
}

function handle(e: unknown, debug: boolean): number {
  if (e instanceof ScenarioError) {
    for (const w of e.warnings) process.stderr.write(`warning: ${w.code} ${w.object}: ${w.message}\n`);
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (e instanceof UserError || e instanceof SweepError) {
    process.stderr.write(`jobset-sim: ${e.message}\n`);
    return 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(
    `jobset-sim: internal error: ${msg}\nThis is a bug in jobset-sim; please report it with your scenario files and the command line${
      debug ? '' : ' (rerun with --debug for the stack trace)'
    }.\n`,
  );
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return 2;
}

/** The exit code; a promise of it for the commands that run asynchronously (run, report, compare, sweep, merge, predict). */
export function main(argv: string[]): number | Promise<number> {
  let code = 0;
  let pending: Promise<number> | undefined;
  const program = new Command();
  program
    .name('jobset-sim')
    .description('Discrete-event simulator of Kubernetes JobSet, Job, kube-scheduler and Kueue on TPU/GPU clusters')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('run')
    .description('simulate one scenario made of one or more YAML files')
    .argument('<files...>', 'scenario YAML files (multi-document)')
    .option('--seed <n>', 'overrides Simulation.spec.seed', parseSeed)
    .option('--until <duration>', 'overrides Simulation.spec.until (e.g. 72h)')
    .option('--set <path=value>', 'overrides one field; may repeat', collect, [])
    .addOption(new Option('--output <format>', 'what goes to stdout').choices(['summary', 'json']).default('summary'))
    .option('--out <dir>', 'write result.json, events.jsonl, timing.json, trace.json and report.html there')
    .option('--events <file>', 'write the event log as JSON lines')
    .option('--snapshot-at <duration>', "export the cluster's state at this simulated time (kubectl List)")
    .option('--snapshot <file>', 'where --snapshot-at writes it (.yaml or .json; default DIR/snapshot.yaml with --out)')
    .option(
      '--now <time>',
      "a snapshot's t = 0 as an RFC 3339 time (default: its snapshot-time, else newest timestamp)",
    )
    .option('--quiet', 'no progress output on stderr')
    .option('--debug', 'stack traces for internal errors')
    .action((files: string[], flags: RunFlags) => {
      pending = runCommand(files, flags).then(
        () => 0,
        (e: unknown) => handle(e, flags.debug === true),
      );
    });

  program
    .command('validate')
    .description('load and validate only; exit 0 when valid, 1 with every problem listed')
    .argument('<files...>', 'scenario YAML files')
    .option('--strict', 'also fail on warnings')
    .option('--debug', 'stack traces for internal errors')
    .action((files: string[], flags: { strict?: boolean; debug?: boolean }) => {
      try {
        code = validateCommand(files, flags);
      } catch (e) {
        code = handle(e, flags.debug === true);
      }
    });

  program
    .command('report')
    .description("render a run's or a sweep's --out folder: report.html (and a PNG)")
    .argument('<dir>', "a run's or a sweep's --out folder")
    .option('--out <file>', 'the HTML file (default DIR/report.html)')
    .option('--png <file>', 'also write the report as a PNG')
    .option('--debug', 'stack traces for internal errors')
    .action((dir: string, flags: { out?: string; png?: string; debug?: boolean }) => {
      pending = import('./report.js')
        .then(({ reportCommand }) => reportCommand(dir, flags))
        .catch((e: unknown) => handle(e, flags.debug === true));
    });

  program
    .command('compare')
    .description('what changed between two runs (or two sweeps): metrics with deltas')
    .argument('<dirA>', "a run's (or a sweep's) --out folder")
    .argument('<dirB>', "another run's (or sweep's) --out folder")
    .option('--html <file>', 'also write the comparison as HTML')
    .option('--all', 'list unchanged metrics too')
    .option('--debug', 'stack traces for internal errors')
    .action((a: string, b: string, flags: { html?: string; all?: boolean; debug?: boolean }) => {
      pending = import('./compare.js')
        .then(({ compareCommand }) => compareCommand(a, b, flags))
        .catch((e: unknown) => handle(e, flags.debug === true));
    });
  registerSweepCommands(program, (work, debug) => {
    pending = work().catch((e: unknown) => handle(e, debug));
  });
  registerPredictCommand(program, (work, debug) => {
    pending = work().catch((e: unknown) => handle(e, debug));
  });

  try {
    program.parse(argv);
  } catch (e) {
    const err = e as { exitCode?: number; code?: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code === 'commander.help') return 0;
    return typeof err.exitCode === 'number' ? Math.max(err.exitCode, 1) : 1;
  }
  return pending ?? code;
}

const invoked = process.argv[1]
  ? fileURLToPath(import.meta.url) === process.argv[1] || process.argv[1].endsWith('jobset-sim')
  : false;
if (invoked) {
  const code = main(process.argv);
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
