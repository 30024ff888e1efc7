// Checks a message from the simulation worker against the protocol before the page uses it: the
// discriminant and every required field's kind (numbers finite, lists lists). A message that does
// not fit is reported in words instead of reaching the store as a TypeError. Small and hand-written
// on purpose: it runs on every update and is part of the page's first download.
import { isHopBatch } from './hopBatch';
import type { WorkerUpdate } from './protocol';

/** What a field must hold. */
type Kind =
  | 'number'
  | 'string'
  | 'boolean'
  | 'list'
  | 'object'
  | 'bytes'
  | 'hops'
  | 'stats'
  | 'work'
  | 'workProgress'
  | 'comparisonState'
  | 'comparisonSetup'
  | 'comparisonRows'
  | 'strings'
  | 'number?'
  | 'optional number'
  | 'string?'
  | 'object?'
  | 'optional object';

type Fields<U> = { [F in Exclude<keyof U, 'type'>]-?: Kind };

/** Every update's fields (the compiler insists each field of the protocol is listed here). */
const FIELDS: { [T in WorkerUpdate['type']]: Fields<Extract<WorkerUpdate, { type: T }>> } = {
  loaded: { version: 'number', topology: 'object', stats: 'stats', capturePoints: 'list' },
  tick: {
    now: 'number',
    running: 'boolean',
    hops: 'hops',
    decisions: 'list',
    decisionsNotSent: 'number',
    ended: 'list',
    endsNotSent: 'number',
    stats: 'stats',
    samples: 'list',
    markers: 'list',
    endTime: 'number',
    bulkRun: 'optional object',
    stepFrom: 'optional number',
  },
  seeked: {
    now: 'number',
    hops: 'hops',
    decisions: 'list',
    stats: 'stats',
    samples: 'list',
    markers: 'list',
    endTime: 'number',
  },
  capture: { pointId: 'string', fileName: 'string', bytes: 'bytes', frames: 'number', truncated: 'boolean' },
  captureFailed: { pointId: 'string', message: 'string' },
  inspection: { frameId: 'number', detail: 'object?' },
  hostCommandOutput: { host: 'string', command: 'string', now: 'number', text: 'string?' },
  runLog: {
    revision: 'number',
    start: 'object',
    log: 'list',
    config: 'object',
    undo: 'string?',
    redo: 'string?',
    notices: 'strings',
  },
  progress: { progress: 'workProgress' },
  workEnded: { kind: 'work', cancelled: 'boolean', now: 'number', done: 'number', total: 'number' },
  nextEvent: {
    marker: 'object?',
    cancelled: 'boolean',
    from: 'number',
    now: 'number',
    limitMs: 'number',
  },
  comparison: {
    id: 'number',
    state: 'comparisonState',
    setup: 'comparisonSetup',
    basis: 'string',
    rows: 'comparisonRows',
    total: 'number',
  },
  pong: { id: 'number' },
  error: { message: 'string' },
};

const WORK_KINDS = new Set(['fastForward', 'seek', 'bulk', 'nextEvent', 'compare']);
const COMPARISON_STATES = new Set(['running', 'done', 'stopped']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'number':
      return isNumber(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    case 'bytes':
      return v instanceof ArrayBuffer;
    case 'hops':
      return isHopBatch(v);
    case 'strings':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
    case 'work':
      return typeof v === 'string' && WORK_KINDS.has(v);
    case 'number?':
      return v === null || isNumber(v);
    case 'optional number':
      return v === undefined || isNumber(v);
    case 'string?':
      return v === null || typeof v === 'string';
    case 'object?':
      return v === null || isObject(v);
    case 'optional object':
      return v === undefined || isObject(v);
    case 'stats':
      return (
        isObject(v) &&
        isNumber(v.now) &&
        Array.isArray(v.hosts) &&
        Array.isArray(v.clusters) &&
        typeof v.clusterState === 'string'
      );
    case 'workProgress':
      return (
        isObject(v) &&
        fits('work', v.kind) &&
        isNumber(v.done) &&
        isNumber(v.total) &&
        isNumber(v.from) &&
        fits('number?', v.remainingWallMs) &&
        typeof v.awaitingConfirmation === 'boolean'
      );
    case 'comparisonState':
      return typeof v === 'string' && COMPARISON_STATES.has(v);
    case 'comparisonSetup':
      return (
        isObject(v) &&
        typeof v.cluster === 'string' &&
        isNumber(v.hostIndex) &&
        typeof v.hostName === 'string' &&
        isNumber(v.connections) &&
        isNumber(v.backends)
      );
    case 'comparisonRows':
      return (
        Array.isArray(v) &&
        v.every(
          (row) =>
            isObject(row) &&
            isObject(row.balancer) &&
            typeof row.name === 'string' &&
            typeof row.mechanism === 'string' &&
            typeof row.mechanismName === 'string' &&
            typeof row.source === 'string' &&
            fits('string?', row.illustrative) &&
            typeof row.expectation === 'string' &&
            [
              'connections',
              'servedBySelf',
              'servedByOther',
              'failed',
              'framesOnWire',
              'expectedFailShare',
            ].every((field) => isNumber(row[field])),
        )
      );
  }
}

export type CheckedUpdate = { ok: true; update: WorkerUpdate } | { ok: false; problem: string };

/** The message as a WorkerUpdate, or what is wrong with it (in words, for the alert). */
export function checkUpdate(data: unknown): CheckedUpdate {
  if (!isObject(data) || typeof data.type !== 'string')
    return { ok: false, problem: 'a message without a type' };
  if (!Object.hasOwn(FIELDS, data.type))
    return { ok: false, problem: `an unknown message "${data.type.slice(0, 40)}"` };
  const fields = FIELDS[data.type as WorkerUpdate['type']] as Record<string, Kind>;
  for (const [field, kind] of Object.entries(fields)) {
    if (!fits(kind, data[field]))
      return { ok: false, problem: `a "${data.type}" message whose ${field} is missing or wrong` };
  }
  return { ok: true, update: data as unknown as WorkerUpdate };
}
