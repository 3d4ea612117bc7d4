// End-to-end tests of the `jobset-sim` command (CONTRACT.md §1, §4, §5): the CLI runs as a child process from the
// sources, exactly as a user runs it. Each spawn costs a second or two, so every spawn is made once (memoised) and
// a test groups all the assertions it can make on one output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'jobset-sim-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const memo = new Map<string, CliResult>();

/**
 * `node --import tsx src/cli/main.ts ...args` in the repository root. spawnSync rather than execFileSync: it gives
 * status, stdout and stderr for a zero exit too (validate prints its warnings on stderr and exits 0).
 */
function cli(...args: string[]): CliResult {
  const key = JSON.stringify(args);
  const hit = memo.get(key);
  if (hit) return hit;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  const out = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  memo.set(key, out);
  return out;
}

interface LogLine {
  t: number;
  type: string;
  [k: string]: unknown;
}

function readEvents(file: string): LogLine[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);
}

/** Same length, and each value equal to 6 decimals (the result's resolution is 1 µs). */
function closeAll(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [k, v] of actual.entries()) expect(v).toBeCloseTo(expected[k]!, 6);
}

/** A JavaScript stack frame line; a user-facing error must not print one without --debug. */
const STACK_LINE = /^\s+at /m;

const poolOf = (node: string): string => node.replace(/-node-\d+$/, '');

// Every scenario shipped in scenarios/ (read from the folder, so new ones are covered without editing this file).
// Sweep files (*.sweep.yaml) are not scenarios: `jobset-sim sweep` runs them (test/e2e/sweep.test.ts).
const SCENARIOS = readdirSync(join(repoRoot, 'scenarios'))
  .filter((f) => /\.ya?ml$/.test(f) && !/\.sweep\.ya?ml$/.test(f))
  .sort()
  .map((f) => `scenarios/${f}`);
const outDir = (file: string): string => join(work, 'runs', file.replace(/[/.]/g, '_'));
/** `run FILE --output json --quiet --out DIR`: shared by the per-scenario tests and the jax-multislice ones. */
const runScenario = (file: string): CliResult => cli('run', file, '--output', 'json', '--quiet', '--out', outDir(file));

const MULTI = 'scenarios/jax-multislice.yaml';
const OVERSIZED = 'scenarios/jax-multislice-oversized.yaml';

describe('every scenario in scenarios/', () => {
  it('the folder holds the two reference scenarios', () => {
    expect(SCENARIOS).toEqual(expect.arrayContaining([MULTI, OVERSIZED]));
  });

  it.each(SCENARIOS)('%s: run exits 0 with a result JSON; validate exits 0', (file) => {
    const run = runScenario(file);
    expect(run.stderr).toBe(''); // --quiet
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.schema).toBe('jobset-sim/result/v1');
    expect(result.scenario.files).toEqual([file]); // paths recorded as given
    expect(typeof result.end).toBe('number');
    // --out holds the same result JSON byte for byte, and the event log.
    expect(readFileSync(join(outDir(file), 'result.json'), 'utf8')).toBe(run.stdout);
    expect(existsSync(join(outDir(file), 'events.jsonl'))).toBe(true);

    const validate = cli('validate', file);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain(`${file}: valid (`);
    expect(validate.stderr).not.toMatch(STACK_LINE);
  });
});

describe('jax-multislice', () => {
  const dir = outDir(MULTI);

  it('completes at the times the realistic latencies give (hand computation)', () => {
    expect(runScenario(MULTI).status).toBe(0);
    expect(existsSync(join(dir, 'result.json'))).toBe(true);
    expect(existsSync(join(dir, 'events.jsonl'))).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.jobsets).toHaveLength(1);
    const js = result.jobsets[0];
    expect(`${js.namespace}/${js.name}`).toBe('default/multislice-job');
    expect(js.terminalState).toBe('Completed');
    expect(js.unfinishedReason).toBeNull();
    expect(js.status.terminalState).toBe('Completed');
    expect(js.status.restarts).toBe(0);
    expect(js.submittedAt).toBe(0);
    expect(js.admittedAt).toBe(0); // no Kueue: admitted when submitted
    expect(js.queue).toBeNull();
    expect(result.warnings).toEqual([]);

    // Hand computation, realistic profile (src/engine/latencies.ts), 4 pools x 4 hosts x 4 chips, 16 pods of 4 chips:
    //   0.01   jobsetReconcile (10 ms): the JobSet controller creates the 4 child Jobs.
    //   0.02   + jobReconcile (10 ms): each Job's first sync creates its leader (completion index 0, slow-start batch
    //          of 1). The next batch (2 followers) is rejected by the JobSet pod webhook (vpod.kb.io: the follower
    //          has no gke-nodepool selector yet, because its leader is not scheduled), so the sync fails and the Job
    //          is requeued after jobApiBackoff (1 s).
    //   A scheduling cycle costs schedulerCycle (1 ms) + 16 nodes x schedulerPer1kNodes (260 µs / 1000 nodes)
    //   = 1.004 ms (4.16 µs rounds to 4 µs), + schedulerPerAffinityPod (5 µs) per placed pod for a pod with required
    //   pod affinity (the leaders: exclusive placement); the bind lands bind (2 ms) after the cycle ends; cycles
    //   run back to back.
    //   Leaders, created at 0.02, cycles back to back: bound at 0.02 + 1.004 ms + 2 ms = 0.023004, then 0.024013
    //          (+1.009 ms: 1 placed pod scanned), 0.025027 (+1.014 ms), 0.026046 (+1.019 ms).
    //   1.02   = 0.02 + jobApiBackoff (1 s): the 12 followers are created (the leaders are bound, so the mutating
    //          webhook pins them to their leader's pool and they are admitted).
    //   Followers (node selector, no pod affinity): 12 cycles of 1.004 ms; the last is bound at
    //          1.02 + 12 x 1.004 ms + 2 ms = 1.034048.
    //   runningAt = last follower bound + podStartup (5 s) = 6.034048.
    //   finishedAt: the first leader (slice-0, bound 0.023004) is Running at 5.023004 and Succeeded at +3600 s
    //          (defaults.podDuration 1h) = 3605.023004. The Job controller batches pod events: it syncs
    //          jobSyncBatchPeriod (1 s) later, at 3606.023004, folds in that success and writes the Job status; that
    //          status update queues another batched sync 1 s later, 3607.023004, when its followers (Succeeded by
    //          3606.025012) are all done: Job slice-0 Complete. Jobs 1..3 complete likewise at their leader's bind
    //          + 3607 s (3607.024013, 3607.025027, 3607.026046). The JobSet controller reconciles jobsetReconcile
    //          (10 ms) after the first Job completion, 3607.033004, and by then all 4 Jobs are Complete.
    //   finishedAt = 0.023004 + 5 + 3600 + 1 + 1 + 0.01 = 3607.033004.
    // (Not "last pod success + jobSyncBatchPeriod + jobsetReconcile" = 3606.034048 + 1.01 = 3607.044048: a pending
    // batched sync keeps its earlier time, as client-go's AddAfter does, and the JobSet reconcile also coalesces.)
    expect(js.runningAt).toBeCloseTo(1.02 + 12 * 0.001004 + 0.002 + 5, 6);
    expect(js.runningAt).toBeCloseTo(6.034048, 6);
    expect(js.finishedAt).toBeCloseTo(0.023004 + 5 + 3600 + 1 + 1 + 0.01, 6);
    expect(js.finishedAt).toBeCloseTo(3607.033004, 6);
    expect(js.status.conditions).toEqual([
      expect.objectContaining({ type: 'Completed', status: 'True', lastTransitionTime: js.finishedAt }),
    ]);
    expect(result.end).toBe(js.finishedAt); // quiet: the last change
    expect(result.metrics.jobsets).toEqual({ submitted: 1, completed: 1, failed: 0, unfinished: 0 });
    expect(result.metrics.startup.max).toBe(js.runningAt);
    expect(result.metrics.makespan).toBe(js.finishedAt);

    // The intermediate times of the computation, as the event log shows them.
    const events = readEvents(join(dir, 'events.jsonl'));
    const at = (type: string, pred: (e: LogLine) => boolean = () => true) =>
      events.filter((e) => e.type === type && pred(e)).map((e) => e.t);
    expect(at('JobCreated')).toEqual([0.01, 0.01, 0.01, 0.01]);
    const created = at('PodCreated');
    expect(created.slice(0, 4)).toEqual([0.02, 0.02, 0.02, 0.02]); // leaders
    expect(created.slice(4)).toEqual(Array(12).fill(1.02)); // followers
    const leaders = (e: LogLine) => /-0-[a-z0-9]{5}$/.test(e.pod as string);
    const leaderBinds = [0.023004, 0.024013, 0.025027, 0.026046];
    closeAll(at('PodScheduled', leaders), leaderBinds);
    closeAll(
      at('PodScheduled', (e) => !leaders(e)),
      [...Array(12).keys()].map((k) => 1.02 + (k + 1) * 0.001004 + 0.002),
    );
    closeAll(
      at('JobCompleted'),
      leaderBinds.map((t) => t + 3607),
    );
    expect(at('JobSetCompleted')).toEqual([js.finishedAt]);
  });

  it('event log: one pool per child Job, four different pools, ordered JSON lines, webhook rejections', () => {
    expect(runScenario(MULTI).status).toBe(0);
    const events = readEvents(join(dir, 'events.jsonl'));
    let last = 0;
    for (const e of events) {
      expect(typeof e.t).toBe('number');
      expect(e.t).toBeGreaterThanOrEqual(last);
      last = e.t;
    }

    const poolsByJob = new Map<string, Set<string>>();
    const podsByJob = new Map<string, number>();
    for (const e of events.filter((x) => x.type === 'PodScheduled')) {
      expect(e.node).toMatch(/^v5e-slice-[0-3]-node-[0-3]$/);
      expect(e.jobSet).toBe('default/multislice-job');
      const job = e.job as string;
      const set = poolsByJob.get(job) ?? new Set();
      set.add(poolOf(e.node as string));
      poolsByJob.set(job, set);
      podsByJob.set(job, (podsByJob.get(job) ?? 0) + 1);
    }
    expect([...poolsByJob.keys()].sort()).toEqual([0, 1, 2, 3].map((k) => `default/multislice-job-slice-${k}`));
    for (const [job, pools] of poolsByJob) {
      expect(pools.size, job).toBe(1);
      expect(podsByJob.get(job), job).toBe(4);
    }
    const pools = [...poolsByJob.values()].map((s) => [...s][0]);
    expect(new Set(pools).size).toBe(4);

    // The followers of the first sync are rejected: 2 per Job (slow start: the batch of 2 after the leader fails
    // and the sync stops), all at 0.02, and no more once the leaders are bound.
    const failed = events.filter((e) => e.type === 'Event' && e.reason === 'FailedCreate');
    expect(failed).toHaveLength(8);
    for (const e of failed) {
      expect(e.eventType).toBe('Warning');
      expect(e.kind).toBe('Job');
      expect(e.t).toBe(0.02);
      expect(e.message).toMatch(/leader pod not yet scheduled|follower pod node selector/);
      expect(e.message).toContain('admission webhook "vpod.kb.io" denied the request');
    }
    expect(new Set(failed.map((e) => e.object)).size).toBe(4);
  });

  it('the same seed gives byte-identical files; another seed other pod names, same timings', () => {
    expect(runScenario(MULTI).status).toBe(0);
    const again = join(work, 'again');
    const seeded = join(work, 'seed2');
    const r2 = cli('run', MULTI, '--quiet', '--out', again); // summary on stdout this time: files are the same
    expect(r2.status).toBe(0);
    expect(r2.stdout).not.toBe('');
    for (const f of ['result.json', 'events.jsonl', 'trace.json', 'report.html']) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }

    const r3 = cli('run', MULTI, '--quiet', '--seed', '2', '--out', seeded);
    expect(r3.status).toBe(0);
    const podNames = (d: string) =>
      readEvents(join(d, 'events.jsonl'))
        .filter((e) => e.type === 'PodCreated')
        .map((e) => e.pod as string);
    const one = podNames(dir);
    const two = podNames(seeded);
    expect(two).toHaveLength(16);
    expect(two).not.toEqual(one);
    // Only the generateName suffixes differ.
    const prefix = (p: string) => p.replace(/-[a-z0-9]{5}$/, '');
    expect(two.map(prefix)).toEqual(one.map(prefix));
    const result1 = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const result2 = JSON.parse(readFileSync(join(seeded, 'result.json'), 'utf8'));
    expect(result2.scenario.seed).toBe(2);
    expect(result2.jobsets[0].finishedAt).toBe(result1.jobsets[0].finishedAt);
  });

  it('--set defaults.podDuration=30m finishes exactly 1800 s earlier', () => {
    const base = JSON.parse(runScenario(MULTI).stdout).jobsets[0];
    const r = cli('run', MULTI, '--set', 'defaults.podDuration=30m', '--output', 'json', '--quiet');
    expect(r.status).toBe(0);
    const js = JSON.parse(r.stdout).jobsets[0];
    expect(js.terminalState).toBe('Completed');
    expect(js.runningAt).toBe(base.runningAt);
    expect(js.finishedAt).toBeCloseTo(base.finishedAt - 1800, 6);
    expect(js.finishedAt).toBeCloseTo(1807.033004, 6);
  });

  it('--set NodePool/v5e-slice:spec.replicas=3: the fourth slice waits for a free pool', () => {
    const events = join(work, 'three-pools.jsonl');
    const r = cli(
      'run',
      MULTI,
      '--set',
      'NodePool/v5e-slice:spec.replicas=3',
      '--until',
      '2h',
      '--output',
      'json',
      '--quiet',
      '--events',
      events,
    );
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.end).toBe(7200);
    const js = result.jobsets[0];
    // Three slices ran their hour on the three pools; the fourth started on a pool freed at ~3607 s and is still
    // running at the 2 h horizon: unfinished, Running, and never were all four Jobs running at once.
    expect(js.terminalState).toBeNull();
    expect(js.finishedAt).toBeNull();
    expect(js.unfinishedReason).toBe('Running');
    expect(js.runningAt).toBeNull();
    expect(js.status.replicatedJobsStatus).toEqual([
      expect.objectContaining({ name: 'slice', succeeded: 3, active: 1, failed: 0 }),
    ]);
    expect(result.metrics.jobsets).toEqual({ submitted: 1, completed: 0, failed: 0, unfinished: 1 });
    expect(result.warnings).toEqual([]); // it can run (later), so it is not NeverSchedulable

    const log = readEvents(events);
    const poolOfJob = new Map<string, string>();
    const firstBind = new Map<string, number>();
    for (const e of log.filter((x) => x.type === 'PodScheduled')) {
      const pool = poolOf(e.node as string);
      expect(pool).toMatch(/^v5e-slice-[0-2]$/);
      const job = e.job as string;
      expect(poolOfJob.get(job) ?? pool, job).toBe(pool); // each Job stays in one pool
      poolOfJob.set(job, pool);
      if (!firstBind.has(job)) firstBind.set(job, e.t);
    }
    expect(poolOfJob.size).toBe(4);
    expect(new Set(poolOfJob.values()).size).toBe(3);
    const jobs = [0, 1, 2, 3].map((k) => `default/multislice-job-slice-${k}`);
    const completed = new Map(log.filter((e) => e.type === 'JobCompleted').map((e) => [e.job as string, e.t]));
    expect([...completed.keys()].sort()).toEqual(jobs.slice(0, 3));
    // Slice 3's leader was unschedulable while the pools were busy ...
    const unschedulable = log.filter(
      (e) => e.reason === 'FailedScheduling' && (e.object as string).startsWith('default/multislice-job-slice-3-0-'),
    );
    expect(unschedulable.length).toBeGreaterThan(0);
    expect(unschedulable[0]!.message).toContain('0/12 nodes are available');
    // ... and was bound only after the Job that had its pool completed.
    const holder = jobs.slice(0, 3).find((j) => poolOfJob.get(j) === poolOfJob.get(jobs[3]!))!;
    expect(firstBind.get(jobs[3]!)!).toBeGreaterThan(completed.get(holder)!);
    for (const j of jobs.slice(0, 3)) expect(firstBind.get(j)!).toBeLessThan(1.1);
  });
});

describe('jax-multislice-oversized', () => {
  it('run: NeverSchedulable, not an error', () => {
    const r = runScenario(OVERSIZED);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    const js = result.jobsets[0];
    expect(js.name).toBe('multislice-oversized');
    expect(js.terminalState).toBeNull();
    expect(js.unfinishedReason).toBe('NeverSchedulable');
    expect(js.runningAt).toBeNull();
    expect(js.finishedAt).toBeNull();
    // The run ends as soon as the first leader's scheduling attempt shows it fits no node: 0.01 + 0.01 s.
    expect(result.end).toBeCloseTo(0.02, 6);
    expect(result.warnings).toHaveLength(1);
    const w = result.warnings[0];
    expect(w.code).toBe('NeverSchedulable');
    expect(w.object).toBe('default/multislice-oversized');
    expect(w.message).toContain('google.com/tpu: 16');
    expect(result.metrics.jobsets).toEqual({ submitted: 1, completed: 0, failed: 0, unfinished: 1 });
  });

  it('validate prints the same warning and exits 0; --strict exits 1', () => {
    const run = JSON.parse(runScenario(OVERSIZED).stdout);
    const w = run.warnings[0];
    const v = cli('validate', OVERSIZED);
    expect(v.status).toBe(0);
    expect(v.stderr).toContain(`warning: NeverSchedulable default/multislice-oversized: ${w.message}`);
    expect(v.stderr).toContain('google.com/tpu: 16');
    expect(v.stdout).toContain('1 warning(s)');

    const strict = cli('validate', '--strict', OVERSIZED);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('NeverSchedulable');
    expect(strict.stderr).toContain('invalid under --strict');
    expect(strict.stderr).not.toMatch(STACK_LINE);
  });
});

describe('invalid input: exit 1, the file and the place named, no stack trace', () => {
  const bad = join(work, 'bad');
  mkdirSync(bad, { recursive: true });
  const file = (name: string, text: string): string => {
    const p = join(bad, name);
    writeFileSync(p, text);
    return p;
  };

  it('YAML syntax error: line and column', () => {
    // Line 5 starts with a tab: the YAML parser rejects it at line 5, column 1.
    const p = file('tab.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n\tlabels: {}\n');
    const r = cli('validate', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${p}: document 1: line 5, column 1:`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a document that is a list is not a Kubernetes object', () => {
    const p = file('list.yaml', '- a\n- b\n');
    const r = cli('run', p, '--quiet');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${p}: document 1: not a Kubernetes object`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a JobSet without spec.replicatedJobs', () => {
    const p = file(
      'no-rjobs.yaml',
      'apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata:\n  name: empty\nspec: {}\n',
    );
    const r = cli('validate', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${p}: document 1 (JobSet default/empty): spec.replicatedJobs:`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a ConfigMap is not modelled: a warning, still valid', () => {
    const p = file('configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n');
    const r = cli('validate', p);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: UnmodelledKind .*ConfigMap/m);
    expect(r.stdout).toContain('valid');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing file', () => {
    const p = join(bad, 'does-not-exist.yaml');
    const r = cli('run', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${p}: cannot read file`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

it('--version prints the package.json version', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const r = cli('--version');
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(pkg.version);
});
