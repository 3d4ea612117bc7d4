// Reads Script documents into timed actions: each item is `at` plus exactly one pod, node, fault, capacity or
// JobSet action.
import type { RecoveryAction } from '../faults/spec.js';
import { andList, type Checker, idx, orList, Checker as SubChecker } from './checker.js';
import type { Entry } from './entry.js';
import type { ScriptAction, SourceRef, TimedAction } from './model.js';
import type { Problem } from './problems.js';
import { DEFAULT_MAINTENANCE_NOTICE_US, DEFAULT_SPOT_NOTICE_US, readDist } from './read-faultmodel.js';
import { readNodePool } from './read-nodepool.js';

const POD_ACTIONS = ['failPod'] as const;
const NODE_ACTIONS = ['failNode', 'recoverNode', 'cordon', 'uncordon', 'deleteNode'] as const;
const FAULT_ACTIONS = ['maintenance', 'spotReclaim'] as const;
const POOL_ACTIONS = ['addNodePool', 'removeNodePool'] as const;
const JOBSET_ACTIONS = ['suspend', 'resume', 'delete'] as const;
const ACTIONS: readonly string[] = [
  ...POD_ACTIONS,
  ...NODE_ACTIONS,
  ...FAULT_ACTIONS,
  ...POOL_ACTIONS,
  ...JOBSET_ACTIONS,
];

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
    const action = readAction(c, kind, m[kind], `${p}.${kind}`, e.source);
    if (action && at !== undefined) out.push({ at, action, source: e.source });
  });
  return out;
}

function readAction(c: Checker, kind: string, v: unknown, p: string, source: SourceRef): ScriptAction | undefined {
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
  if (kind === 'addNodePool') {
    c.unknownFields(m, p, ['name', 'spec']);
    const name = c.string(m.name, `${p}.name`, true);
    // The NodePool reader, its problems moved under this action's path.
    const problems: Problem[] = [];
    const sub = new SubChecker(problems, { file: '' });
    const fake = { raw: { file: '', object: { spec: m.spec } }, c: sub } as unknown as Entry;
    const spec = readNodePool(fake);
    for (const pr of problems) c.err(pr.path ? `${p}.${pr.path}` : p, pr.message);
    if (c.errors !== before || name === undefined || !spec) return undefined;
    return { kind: 'addNodePool', pool: { name, spec, source: { ...source, kind: 'NodePool', name } }, path: p };
  }
  if (kind === 'removeNodePool') {
    c.unknownFields(m, p, ['nodePool', 'drain']);
    const nodePool = c.string(m.nodePool, `${p}.nodePool`, true);
    const drain = c.bool(m.drain, `${p}.drain`) ?? true;
    if (c.errors !== before || nodePool === undefined) return undefined;
    return { kind: 'removeNodePool', nodePool, drain };
  }
  if ((NODE_ACTIONS as readonly string[]).includes(kind) || (FAULT_ACTIONS as readonly string[]).includes(kind)) {
    const extra =
      kind === 'failNode'
        ? ['cause', 'recovery', 'action']
        : kind === 'maintenance'
          ? ['cause', 'notice', 'duration']
          : kind === 'spotReclaim'
            ? ['cause', 'notice', 'recovery']
            : [];
    c.unknownFields(m, p, ['node', 'nodePool', ...extra]);
    const node = c.string(m.node, `${p}.node`);
    const nodePool = c.string(m.nodePool, `${p}.nodePool`);
    const has = (x: unknown) => x !== undefined && x !== null;
    if (!has(m.node) && !has(m.nodePool)) c.err(p, 'one of node or nodePool is required');
    if (has(m.node) && has(m.nodePool)) c.err(p, 'only one of node or nodePool may be set');
    const target = { ...(node !== undefined ? { node } : {}), ...(nodePool !== undefined ? { nodePool } : {}) };
    const cause = extra.includes('cause') ? c.string(m.cause, `${p}.cause`) : undefined;
    const withCause = cause !== undefined ? { cause } : {};
    if (kind === 'failNode') {
      const recovery = readDist(c, m.recovery, `${p}.recovery`);
      const action = c.oneOf<RecoveryAction>(m.action, `${p}.action`, ['repair', 'replace']);
      if (c.errors !== before) return undefined;
      return {
        kind,
        ...target,
        ...withCause,
        ...(recovery ? { recovery } : {}),
        ...(action ? { action } : {}),
      };
    }
    if (kind === 'maintenance') {
      const notice = c.duration(m.notice, `${p}.notice`, 'nonNegative', false, '1h') ?? DEFAULT_MAINTENANCE_NOTICE_US;
      const duration = readDist(c, m.duration, `${p}.duration`, true);
      if (c.errors !== before || !duration) return undefined;
      return { kind, ...target, ...withCause, notice, duration };
    }
    if (kind === 'spotReclaim') {
      const notice = c.duration(m.notice, `${p}.notice`, 'nonNegative', false, '30s') ?? DEFAULT_SPOT_NOTICE_US;
      const recovery = readDist(c, m.recovery, `${p}.recovery`);
      if (c.errors !== before) return undefined;
      return { kind, ...target, ...withCause, notice, ...(recovery ? { recovery } : {}) };
    }
    if (c.errors !== before) return undefined;
    return { kind: kind as 'recoverNode' | 'cordon' | 'uncordon' | 'deleteNode', ...target };
  }
  c.unknownFields(m, p, ['namespace', 'jobSet']);
  const namespace = c.string(m.namespace, `${p}.namespace`) ?? 'default';
  const jobSet = c.string(m.jobSet, `${p}.jobSet`, true);
  if (c.errors !== before || jobSet === undefined) return undefined;
  return { kind: kind as (typeof JOBSET_ACTIONS)[number], namespace, jobSet };
}
