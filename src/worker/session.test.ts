// The worker's session in Node with a fake clock: commands in, batched updates out.
import { describe, expect, it } from 'vitest';
import { decisionText } from '../sim/decisionText';
import { TICK_WALL_MS } from './session';
import { sessionHarness } from './sessionHarness';
import { MAX_DECISIONS_PER_BATCH, type WorkerUpdate } from './protocol';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import { Simulation } from '../sim/simulation';

function harness() {
  const h = sessionHarness();
  const lastTick = () => h.last('tick')!;
  /** The newest update other than the run log's (which follows every change and seek). */
  const latest = () => [...h.updates].reverse().find((u) => u.type !== 'runLog')!;
  return { ...h, lastTick, latest };
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
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 30 }] });
    // The run reports its own 30 connections; the stats count connection 1 as well.
    expect(lastTick().bulkRun).toMatchObject({ connections: 30, completed: 30, failed: 0 });
    expect(Object.values(lastTick().bulkRun!.servedBy).reduce((a, b) => a + b, 0)).toBe(30);
    // The step opened connection 1 (the client's first); it finishes during the bulk run too.
    expect(lastTick().stats.openedConnections).toBe(31);
    expect(lastTick().stats.completedConnections).toBe(31);
  });

  it('at high speed sends the newest 400 decisions per batch and counts every one it did not send', () => {
    const scenario = defaultScenario();
    scenario.clusters = [makeCluster('A', 8)];
    scenario.client.connectionsPerSecond = 1000;
    const { session, updates, advanceWall, lastTick } = harness();
    session.handle({ type: 'load', scenario });
    session.handle({ type: 'setSpeed', speed: 100 });
    session.handle({ type: 'play' });
    advanceWall(300);
    session.handle({ type: 'pause' });
    const ticks = updates.filter((u): u is Extract<WorkerUpdate, { type: 'tick' }> => u.type === 'tick');
    const sent = ticks.reduce((n, t) => n + t.decisions.length, 0);
    const notSent = ticks.reduce((n, t) => n + t.decisionsNotSent, 0);
    for (const t of ticks) {
      expect(t.decisions.length).toBeLessThanOrEqual(MAX_DECISIONS_PER_BATCH);
      if (t.decisionsNotSent > 0) expect(t.decisions.length).toBe(MAX_DECISIONS_PER_BATCH);
    }
    expect(notSent).toBeGreaterThan(0);
    // Sent plus not sent is every decision the engine made: the same scenario, run alone, agrees.
    const alone = new Simulation(scenario);
    alone.advanceTo(lastTick().now);
    expect(sent + notSent).toBe(alone.take().decisions.length);
  });

  it('exports a capture of a chosen point as a pcap with its frame count', () => {
    const { session, updates, latest } = harness();
    const scenario = defaultScenario();
    scenario.client.connectionsPerSecond = 0;
    session.handle({ type: 'load', scenario });
    const loaded = updates[0]!;
    expect(loaded.type === 'loaded' && loaded.capturePoints.map((p) => p.label)).toContain('Host 2 loopback');
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 10 }] });
    session.handle({ type: 'capture', pointId: 'switch' });
    const capture = latest()!;
    expect(capture.type).toBe('capture');
    if (capture.type !== 'capture') return;
    expect(capture.fileName).toBe('vip-lab-whole-switch-every-port.pcap');
    // 10 connections x 5 client->cluster segments enter the switch from the router, plus ARP.
    expect(capture.frames).toBeGreaterThanOrEqual(10 * 5);
    expect(new DataView(capture.bytes).getUint32(0, true)).toBe(0xa1b2c3d4);
    // A point that is not there: that download is refused in words, and the run is not stopped.
    session.handle({ type: 'capture', pointId: 'nowhere' });
    expect(latest()).toMatchObject({ type: 'captureFailed', pointId: 'nowhere' });
    expect(updates.some((u) => u.type === 'error')).toBe(false);
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 5 }] });
    expect(latest()).toMatchObject({ type: 'tick', bulkRun: { connections: 5, completed: 5 } });
  });

  it('seeks back to a moment and shows exactly what was there, then forward again', () => {
    const { session, updates, advanceWall, lastTick, latest } = harness();
    const scenario = defaultScenario();
    scenario.client.connectionsPerSecond = 50;
    session.handle({ type: 'load', scenario });
    session.handle({ type: 'setSpeed', speed: 100 }); // real time: 1 wall ms = 1 simulated ms
    session.handle({ type: 'play' });
    advanceWall(2_000);
    session.handle({
      type: 'change',
      source: 'user',
      changes: [{ type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' }],
    });
    session.handle({ type: 'play' });
    advanceWall(10_000);
    session.handle({ type: 'pause' });
    const end = lastTick();
    expect(end.endTime).toBeGreaterThan(11_000);
    // The crash and the convergence after it are marked on the timeline.
    const markers = updates.flatMap((u) => (u.type === 'tick' ? u.markers : []));
    expect(markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['fault', 'convergence', 'converged']));

    // What was true at 1,500 ms: Host 3 up and converged, fewer connections.
    session.handle({ type: 'seek', t: 1_500 });
    const back = latest()!;
    expect(back.type).toBe('seeked');
    if (back.type !== 'seeked') return;
    expect(back.now).toBe(1_500);
    expect(back.stats.hosts[2]!.state).toBe('Converged');
    expect(back.stats.openedConnections).toBeLessThan(end.stats.openedConnections);
    // Packets in flight at that moment come with the picture.
    expect(back.hops.some((h) => h.t0 <= 1_500 && h.t1 >= 1_500)).toBe(true);
    expect(back.decisions.length).toBeGreaterThan(0);
    expect(back.samples.at(-1)!.t).toBe(end.endTime);

    // Forward again to the end: the same counts as before (the run is deterministic).
    session.handle({ type: 'seek', t: end.endTime });
    const forward = latest()!;
    expect(forward.type === 'seeked' && forward.stats).toEqual(end.stats);
  });

  it('a new action after seeking back replaces the recorded future', () => {
    const { session, advanceWall, lastTick } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'setSpeed', speed: 100 });
    session.handle({ type: 'play' });
    advanceWall(3_000);
    session.handle({ type: 'seek', t: 1_000 });
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 5 }] });
    expect(lastTick().endTime).toBeLessThan(1_100);
  });

  it('seeking to the moment of a bulk run shows the moment before it; a new action there replaces it', () => {
    const { session, latest } = harness();
    const scenario = defaultScenario();
    scenario.client.connectionsPerSecond = 0;
    session.handle({ type: 'load', scenario });
    session.handle({ type: 'seek', t: 500 });
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 30 }] });
    session.handle({ type: 'seek', t: 2_000 });
    const seekedAt = (t: number) => {
      session.handle({ type: 'seek', t });
      const u = latest()!;
      if (u.type !== 'seeked') throw new Error(`expected seeked, got ${u.type}`);
      return u;
    };
    expect(seekedAt(500).stats.completedConnections).toBe(0);
    expect(seekedAt(1_000).stats.completedConnections).toBe(30);
    // Back at 500 ms the run has not happened; a crash there replaces the recorded future.
    seekedAt(500);
    session.handle({
      type: 'change',
      source: 'user',
      changes: [{ type: 'hostAction', cluster: 'A', hostIndex: 0, action: 'crash' }],
    });
    const after = seekedAt(1_000);
    expect(after.stats.completedConnections).toBe(0);
    expect(after.stats.hosts[0]!.crashed).toBe(true);
  });

  it('fast-forwards when asked for a moment past the end, leaving samples on the timeline', () => {
    const { session, latest } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'seek', t: 30_000 });
    const u = latest()!;
    expect(u.type).toBe('seeked');
    if (u.type !== 'seeked') return;
    expect(u.now).toBe(30_000);
    expect(u.endTime).toBe(30_000);
    // 20 connections per simulated second for 30 s.
    expect(u.stats.openedConnections).toBe(600);
    expect(u.samples.length).toBeGreaterThan(100);
    // And back again is the same run.
    session.handle({ type: 'seek', t: 10_000 });
    const back = latest()!;
    expect(back.type === 'seeked' && back.stats.openedConnections).toBe(200);
  });

  it('inspects a frame: its layers, its bucket and the journey of its packet through every component', () => {
    const { session, updates, latest } = harness();
    const scenario = defaultScenario();
    scenario.client.connectionsPerSecond = 0;
    session.handle({ type: 'load', scenario });
    session.simulation!.openConnection();
    for (let i = 0; i < 40; i++) session.handle({ type: 'step' });
    const syn = updates
      .flatMap((u) => (u.type === 'tick' ? u.hops : []))
      .find((h) => h.kind === 'syn' && h.from === 'switch');
    expect(syn).toBeTruthy();
    if (!syn) return;
    session.handle({ type: 'inspect', frameId: syn.frameId });
    const answer = latest()!;
    expect(answer.type).toBe('inspection');
    if (answer.type !== 'inspection' || !answer.detail) throw new Error('no detail');
    const d = answer.detail;
    expect(d.layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP']);
    expect(d.layers[0]!.fields[0]).toMatchObject({ label: 'Destination', value: '02-BF-0A-00-00-64' });
    expect(d.bucket?.bucketCount).toBe(60);
    // The journey: sent by Client 1, routed, flooded, then one accept and two drops by NLB.
    const texts = d.journey.map((j) => decisionText(j));
    expect(texts.some((t) => t.startsWith('Client 1 sends SYN'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Switch:') && t.includes('flooded'))).toBe(true);
    expect(d.journey.filter((j) => j.action === 'accept' && decisionText(j).includes('NLB'))).toHaveLength(1);
    expect(d.journey.filter((j) => j.action === 'drop')).toHaveLength(2);
    expect(d.connection[0]!.action).toBe('open');
  });

  it('reports a failure as an error update instead of throwing', () => {
    const { session, latest } = harness();
    const broken = defaultScenario();
    broken.clusters[0]!.vip = 'not an address';
    session.handle({ type: 'load', scenario: broken });
    const last = latest()!;
    expect(last.type).toBe('error');
    expect(last.type === 'error' && last.message).toContain('not an address');
  });
});
