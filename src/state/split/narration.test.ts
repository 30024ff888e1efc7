// Lab 2's words: the caption's decision and the `Last outcome` line, from its worker's updates.
import { describe, expect, it } from 'vitest';
import type { ConnectionEnd } from '../../sim/types';
import type { WorkerUpdate } from '../../worker/protocol';
import type { UpdateListener } from '../lab/labRuntime';
import { createNarration } from './narration';
import { emptyHopBatch } from '../../worker/hopBatch';

function narrated() {
  let listener: UpdateListener = () => undefined;
  const narration = createNarration((l) => {
    listener = l;
    return () => undefined;
  });
  const send = (update: Partial<WorkerUpdate> & { type: WorkerUpdate['type'] }) =>
    listener(update as WorkerUpdate);
  send({
    type: 'loaded',
    topology: { nodes: [{ id: 'A1', name: 'Host 1' }], links: [] } as never,
  } as never);
  return { narration, send, state: () => narration.useNarration.getState() };
}

const end = (t: number): ConnectionEnd => ({
  connId: 4,
  t,
  client: 'A1',
  how: 'served',
  server: 'A1',
  viaLoopback: true,
  syns: 1,
  dataRetransmissions: 0,
});

const tick = (ended: ConnectionEnd[], extra: object = {}) =>
  ({ type: 'tick', now: 20, running: false, hops: emptyHopBatch(), decisions: [], ended, ...extra }) as never;

describe('Lab 2’s narration', () => {
  it('says how the last connection ended, and keeps it when Lab 2 is brought on to Lab 1’s moment', () => {
    const { send, state } = narrated();
    send(tick([end(10)]));
    expect(state().outcomeText).toBe('Connection 4 from Host 1: served by Host 1 through loopback.');
    send({ type: 'seeked', now: 12, hops: emptyHopBatch(), decisions: [] } as never);
    expect(state().outcomeText).toMatch(/^Connection 4/);
    // A moment before it ended has not seen it.
    send({ type: 'seeked', now: 5, hops: emptyHopBatch(), decisions: [] } as never);
    expect(state().outcomeText).toBe('');
  });

  it('says a batch was counted, not narrated', () => {
    const { send, state } = narrated();
    send(tick([], { bulkRun: { connections: 300 } }));
    expect(state().bulkRan).toBe(300);
    expect(state().caption).toBeNull();
  });
});
