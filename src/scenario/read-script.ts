// Reads Script documents into timed actions: each item is `at` plus exactly one pod, node or JobSet action.
import { andList, type Checker, idx, orList } from './checker.js';
import type { Entry } from './entry.js';
import type { ScriptAction, TimedAction } from './model.js';

const POD_ACTIONS = ['failPod'] as const;
const NODE_ACTIONS = ['failNode', 'recoverNode', 'cordon', 'uncordon', 'deleteNode'] as const;
const JOBSET_ACTIONS = ['suspend', 'resume', 'delete'] as const;
const ACTIONS: readonly string[] = [...POD_ACTIONS, ...NODE_ACTIONS, ...JOBSET_ACTIONS];

export function readScript(e: Entry): TimedAction[] {
  const { c } = e;
  const spec = c.map(e.raw.object.spec, 'spec', true);
  if (!spec) return [];
  c.unknownFields(spec, 'spec', ['actions']);
  const actions = c.list(spec.actions, 'spec.actions', { required: true });
  if (!actions) return [];
  const out: TimedAction[] = [];
  actions.forEach((a, i) => {
    const p = idx('spec.actions', i);
    const m = c.map(a, p, true);
    if (!m) return;
    const at = c.duration(m.at, `${p}.at`, 'nonNegative', true, '10m');
    const kinds = Object.keys(m).filter((k) => ACTIONS.includes(k));
    c.unknownFields(m, p, ['at', ...ACTIONS]);
    if (kinds.length === 0) {
      c.err(p, `expected one action: ${orList(ACTIONS)}`);
      return;
    }
    if (kinds.length > 1) {
      c.err(p, `expected one action per item, got ${andList(kinds)}`);
      return;
    }
    const kind = kinds[0]!;
    const action = readAction(c, kind, m[kind], `${p}.${kind}`);
    if (action && at !== undefined) out.push({ at, action, source: e.source });
  });
  return out;
}

function readAction(c: Checker, kind: string, v: unknown, p: string): ScriptAction | undefined {
  const before = c.errors;
  const m = c.map(v, p, true);
  if (!m) return undefined;
  if (kind === 'failPod') {
    c.unknownFields(m, p, [
      'namespace',
      'jobSet',
      'replicatedJob',
      'jobIndex',
      'podIndex',
      'exitCode',
      'condition',
      'reason',
    ]);
    const namespace = c.string(m.namespace, `${p}.namespace`) ?? 'default';
    const jobSet = c.string(m.jobSet, `${p}.jobSet`, true);
    const replicatedJob = c.string(m.replicatedJob, `${p}.replicatedJob`, true);
    const jobIndex = c.int(m.jobIndex, `${p}.jobIndex`, { min: 0 }) ?? 0;
    const podIndex = c.int(m.podIndex, `${p}.podIndex`, { min: 0 }) ?? 0;
    const exitCode = c.int(m.exitCode, `${p}.exitCode`, { min: 1, max: 255 });
    const condition = c.string(m.condition, `${p}.condition`);
    const reason = c.string(m.reason, `${p}.reason`);
    const hasExit = m.exitCode !== undefined && m.exitCode !== null;
    const hasCond = m.condition !== undefined && m.condition !== null;
    if (!hasExit && !hasCond) c.err(p, 'one of exitCode or condition is required');
    if (hasExit && hasCond) c.err(p, 'only one of exitCode or condition may be set');
    if (m.reason !== undefined && m.reason !== null && !hasCond) c.err(`${p}.reason`, 'only allowed with condition');
    if (c.errors !== before || jobSet === undefined || replicatedJob === undefined) return undefined;
    return {
      kind: 'failPod',
      target: { namespace, jobSet, replicatedJob, jobIndex, podIndex },
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(condition !== undefined ? { condition } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }
  if ((NODE_ACTIONS as readonly string[]).includes(kind)) {
    c.unknownFields(m, p, ['node', 'nodePool']);
    const node = c.string(m.node, `${p}.node`);
    const nodePool = c.string(m.nodePool, `${p}.nodePool`);
    const has = (x: unknown) => x !== undefined && x !== null;
    if (!has(m.node) && !has(m.nodePool)) c.err(p, 'one of node or nodePool is required');
    if (has(m.node) && has(m.nodePool)) c.err(p, 'only one of node or nodePool may be set');
    if (c.errors !== before) return undefined;
    return {
      kind: kind as (typeof NODE_ACTIONS)[number],
      ...(node !== undefined ? { node } : {}),
      ...(nodePool !== undefined ? { nodePool } : {}),
    };
  }
  c.unknownFields(m, p, ['namespace', 'jobSet']);
  const namespace = c.string(m.namespace, `${p}.namespace`) ?? 'default';
  const jobSet = c.string(m.jobSet, `${p}.jobSet`, true);
  if (c.errors !== before || jobSet === undefined) return undefined;
  return { kind: kind as (typeof JOBSET_ACTIONS)[number], namespace, jobSet };
}
