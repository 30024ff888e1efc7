// The page's check of the worker's messages: real updates pass, malformed ones are named in words.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import { checkUpdate } from './protocolCheck';
import { sessionHarness } from './sessionHarness';
import { encodeHops } from './hopBatch';

describe('checkUpdate', () => {
  it('passes every update a session posts through a load, a run, a seek and a capture', () => {
    const { session, updates } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 20 }] });
    session.handle({ type: 'seek', t: 5_000 });
    session.handle({ type: 'step', shown: null });
    session.handle({
      type: 'change',
      source: 'user',
      changes: [{ type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' }],
    });
    session.handle({ type: 'nextEvent' });
    session.handle({ type: 'capture', pointId: 'switch' });
    session.handle({ type: 'ping', id: 3 });
    const types = new Set(updates.map((u) => u.type));
    expect([...types].sort()).toEqual(['capture', 'loaded', 'nextEvent', 'pong', 'runLog', 'seeked', 'tick']);
    expect(updates.some((u) => u.type === 'tick' && u.stepFrom === 5_000)).toBe(true);
    for (const u of updates) expect(checkUpdate(u)).toEqual({ ok: true, update: u });
  });

  it('passes progress and the end of long work', () => {
    const { session, updates, advanceWall } = sessionHarness({ wallMsPerRead: 5 });
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'seek', t: 20_000 });
    advanceWall(300);
    session.handle({ type: 'cancel' });
    const work = updates.filter((u) => u.type === 'progress' || u.type === 'workEnded');
    expect(work.length).toBeGreaterThanOrEqual(2);
    for (const u of work) expect(checkUpdate(u).ok).toBe(true);
  });

  it('passes a comparison as it starts, streams and ends, and its progress', () => {
    const { session, updates, advanceWall } = sessionHarness({ wallMsPerRead: 5 });
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'compare', connections: 600 });
    advanceWall(5_000);
    const comparison = updates.filter((u) => u.type === 'comparison');
    expect(comparison.map((u) => u.state)).toContain('running');
    expect(comparison.at(-1)).toMatchObject({ state: 'done' });
    expect(updates.some((u) => u.type === 'progress' && u.progress.kind === 'compare')).toBe(true);
    expect(updates.some((u) => u.type === 'workEnded' && u.kind === 'compare')).toBe(true);
    for (const u of updates) expect(checkUpdate(u)).toEqual({ ok: true, update: u });
  });

  it('names a comparison whose rows or setup do not fit', () => {
    const { session, last } = sessionHarness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'compare', connections: 30 });
    const good = last('comparison')!;
    expect(checkUpdate(good).ok).toBe(true);
    expect(checkUpdate({ ...good, state: 'finished' })).toEqual({
      ok: false,
      problem: 'a "comparison" message whose state is missing or wrong',
    });
    expect(checkUpdate({ ...good, setup: { ...good.setup, connections: '30' } })).toEqual({
      ok: false,
      problem: 'a "comparison" message whose setup is missing or wrong',
    });
    expect(checkUpdate({ ...good, rows: [{ ...good.rows[0], failed: null }] })).toEqual({
      ok: false,
      problem: 'a "comparison" message whose rows is missing or wrong',
    });
  });

  it('names what is wrong with a malformed message instead of throwing', () => {
    expect(checkUpdate(null)).toEqual({ ok: false, problem: 'a message without a type' });
    expect(checkUpdate({ type: 'explode' })).toEqual({ ok: false, problem: 'an unknown message "explode"' });
    expect(checkUpdate({ type: 'tick', now: 'soon' })).toEqual({
      ok: false,
      problem: 'a "tick" message whose now is missing or wrong',
    });
    expect(checkUpdate({ type: 'pong', id: Number.NaN })).toEqual({
      ok: false,
      problem: 'a "pong" message whose id is missing or wrong',
    });
    expect(
      checkUpdate({ type: 'nextEvent', marker: 'crash', cancelled: false, from: 0, now: 1, limitMs: 1 }),
    ).toEqual({ ok: false, problem: 'a "nextEvent" message whose marker is missing or wrong' });
    const tick = {
      type: 'tick',
      now: 1,
      running: false,
      hops: encodeHops([
        { frameId: 1, connId: 0, from: 'switch', to: 'A1', t0: 0, t1: 1, kind: 'arp', loopback: false },
      ]),
      decisions: [],
      decisionsNotSent: 0,
      ended: [],
      endsNotSent: 0,
      stats: { now: 1, hosts: [], clusters: [], clusterState: 'Converged as DEFAULT' },
      samples: [],
      markers: [],
      endTime: 1,
    };
    expect(checkUpdate(tick).ok).toBe(true);
    // Hops come as columns: a list of objects, or columns shorter than their count, do not fit.
    expect(checkUpdate({ ...tick, hops: [] })).toEqual({
      ok: false,
      problem: 'a "tick" message whose hops is missing or wrong',
    });
    expect(checkUpdate({ ...tick, hops: { ...tick.hops, count: 2 } }).ok).toBe(false);
    expect(checkUpdate({ ...tick, stepFrom: 0.5 }).ok).toBe(true);
    expect(checkUpdate({ ...tick, stepFrom: 'before' })).toEqual({
      ok: false,
      problem: 'a "tick" message whose stepFrom is missing or wrong',
    });
    expect(checkUpdate({ type: 'error', message: 'x' })).toEqual({
      ok: true,
      update: { type: 'error', message: 'x' },
    });
    expect(
      checkUpdate({
        type: 'progress',
        progress: {
          kind: 'sideways',
          done: 1,
          total: 2,
          from: 0,
          remainingWallMs: null,
          awaitingConfirmation: false,
        },
      }).ok,
    ).toBe(false);
  });
});
