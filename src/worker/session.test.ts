// The worker's session in Node with a fake clock: commands in, batched updates out.
import { describe, expect, it } from 'vitest';
import { SimulationSession, TICK_WALL_MS } from './session';
import type { WorkerUpdate } from './protocol';
import { defaultScenario } from '../scenario/defaults';

function harness() {
  const updates: WorkerUpdate[] = [];
  let wall = 0;
  const timers: { fn: () => void; at: number }[] = [];
  const session = new SimulationSession((u) => updates.push(u), {
    now: () => wall,
    setTimer: (fn, ms) => {
      const t = { fn, at: wall + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const advanceWall = (ms: number) => {
    const end = wall + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      wall = next.at;
      next.fn();
    }
    wall = end;
  };
  const lastTick = () =>
    [...updates].reverse().find((u) => u.type === 'tick') as Extract<WorkerUpdate, { type: 'tick' }>;
  return { session, updates, advanceWall, lastTick };
}

describe('SimulationSession', () => {
  it('posts the topology on load, then advances simulated time at speed x 1/100 of wall time', () => {
    const { session, updates, advanceWall, lastTick } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    expect(updates[0]?.type).toBe('loaded');
    session.handle({ type: 'play' });
    advanceWall(1000);
    // 1000 wall ms at 1x = 10 simulated ms (give or take one tick).
    expect(lastTick().now).toBeGreaterThan(10 - (TICK_WALL_MS * 0.01 + 0.001));
    expect(lastTick().now).toBeLessThanOrEqual(10);
    expect(lastTick().running).toBe(true);
    session.handle({ type: 'pause' });
    const pausedAt = lastTick().now;
    advanceWall(1000);
    expect(lastTick().now).toBe(pausedAt);
    expect(lastTick().running).toBe(false);
  });

  it('steps to the next decision and runs bulk connections', () => {
    const { session, lastTick } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'step' });
    expect(lastTick().decisions.length).toBeGreaterThan(0);
    session.handle({ type: 'runConnections', count: 30 });
    expect(lastTick().bulkRunCompleted).toBe(30);
    // The step opened connection 1 (the client's first); it finishes during the bulk run too.
    expect(lastTick().stats.openedConnections).toBe(31);
    expect(lastTick().stats.completedConnections).toBe(31);
  });

  it('exports a capture of a chosen point as a pcap with its frame count', () => {
    const { session, updates } = harness();
    const scenario = defaultScenario();
    scenario.client.connectionsPerSecond = 0;
    session.handle({ type: 'load', scenario });
    const loaded = updates[0]!;
    expect(loaded.type === 'loaded' && loaded.capturePoints.map((p) => p.label)).toContain('Host 2 loopback');
    session.handle({ type: 'runConnections', count: 10 });
    session.handle({ type: 'capture', pointId: 'switch' });
    const capture = updates.at(-1)!;
    expect(capture.type).toBe('capture');
    if (capture.type !== 'capture') return;
    expect(capture.fileName).toBe('vip-lab-whole-switch-every-port.pcap');
    // 10 connections x 5 client->cluster segments enter the switch from the router, plus ARP.
    expect(capture.frames).toBeGreaterThanOrEqual(10 * 5);
    expect(new DataView(capture.bytes).getUint32(0, true)).toBe(0xa1b2c3d4);
    session.handle({ type: 'capture', pointId: 'nowhere' });
    expect(updates.at(-1)!.type).toBe('error');
  });

  it('reports a failure as an error update instead of throwing', () => {
    const { session, updates } = harness();
    const broken = defaultScenario();
    broken.clusters[0]!.vip = 'not an address';
    session.handle({ type: 'load', scenario: broken });
    const last = updates.at(-1)!;
    expect(last.type).toBe('error');
    expect(last.type === 'error' && last.message).toContain('not an address');
  });
});
