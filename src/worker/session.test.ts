// The worker's session in Node with a fake clock: commands in, batched updates out.
import { describe, expect, it } from 'vitest';
import { decisionText } from '../sim/decisionText';
import { BULK_CHUNK, SimulationSession, SLICE_WALL_MS, TICK_WALL_MS } from './session';
import { sessionHarness } from './sessionHarness';
import {
  comparisonBasis,
  CONFIRM_ABOVE_WALL_MS,
  COMPARISON_DEFAULT,
  COMPARISON_MAX,
  COMPARISON_MIN,
  MAX_DECISIONS_PER_BATCH,
  type WorkerUpdate,
} from './protocol';
import { checkUpdate } from './protocolCheck';
import { COMPARED_BALANCERS, compareBalancers } from '../sim/comparison';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import { Simulation } from '../sim/simulation';
import { decodeHops } from './hopBatch';

function harness(options: Parameters<typeof sessionHarness>[0] = {}) {
  const h = sessionHarness(options);
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
    expect(decodeHops(back.hops).some((h) => h.t0 <= 1_500 && h.t1 >= 1_500)).toBe(true);
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
      .flatMap((u) => (u.type === 'tick' ? decodeHops(u.hops) : []))
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

  describe('long work in slices', () => {
    /** A session whose work takes wall time: every read of the clock is 5 wall ms later. */
    const slow = () => harness({ wallMsPerRead: 5 });

    it('fast-forwards in slices with progress, lets messages in between, and stops at a consistent moment', () => {
      const { session, updates, advanceWall, last } = slow();
      session.handle({ type: 'load', scenario: defaultScenario() });
      session.handle({ type: 'seek', t: 10_000 });
      // The first slice ran and said how far it got; the work goes on in later slices.
      expect(session.working).toBe(true);
      const first = last('progress')!.progress;
      expect(first).toMatchObject({
        kind: 'fastForward',
        from: 0,
        total: 10_000,
        awaitingConfirmation: false,
      });
      expect(first.done).toBeGreaterThan(0);
      expect(first.done).toBeLessThan(10_000);
      advanceWall(1_000);
      const later = last('progress')!.progress;
      expect(later.done).toBeGreaterThan(first.done);
      // After 200 wall ms of work the pace gives an estimate of what is left.
      expect(later.remainingWallMs).toBeGreaterThan(0);
      // Between slices the watchdog is answered at once; a Step waits for the work to end.
      session.handle({ type: 'ping', id: 7 });
      expect(updates.at(-1)).toEqual({ type: 'pong', id: 7 });
      const ticksBefore = updates.filter((u) => u.type === 'tick').length;
      session.handle({ type: 'step' });
      expect(updates.filter((u) => u.type === 'tick').length).toBe(ticksBefore);

      session.handle({ type: 'cancel' });
      expect(session.working).toBe(false);
      const ended = updates.findIndex((u) => u.type === 'workEnded');
      const stopped = updates[ended]!;
      const seeked = last('seeked')!;
      expect(stopped).toMatchObject({
        type: 'workEnded',
        kind: 'fastForward',
        cancelled: true,
        total: 10_000,
      });
      expect(stopped.type === 'workEnded' && stopped.now).toBe(seeked.now);
      expect(seeked.now).toBeGreaterThanOrEqual(later.done);
      expect(seeked.now).toBeLessThan(10_000);
      expect(seeked.endTime).toBe(seeked.now);
      // The waiting Step ran after the work ended.
      expect(updates.slice(ended).some((u) => u.type === 'tick')).toBe(true);

      // The moment reached is the run's own: the same scenario run there in one go agrees.
      const alone = new Simulation(defaultScenario());
      alone.advanceTo(seeked.now);
      expect(seeked.stats.openedConnections).toBe(alone.stats().openedConnections);
      expect(seeked.stats.eventsProcessed).toBe(alone.stats().eventsProcessed);
    });

    it('asks before work that would take more than two minutes, and waits for the answer', () => {
      const { session, advanceWall, last } = slow();
      session.handle({ type: 'load', scenario: defaultScenario() });
      session.handle({ type: 'seek', t: 86_400_000 });
      advanceWall(1_000);
      const asking = last('progress')!.progress;
      expect(asking.awaitingConfirmation).toBe(true);
      expect(asking.remainingWallMs).toBeGreaterThan(CONFIRM_ABOVE_WALL_MS);
      // Nothing moves while it waits.
      const at = session.simulation!.now;
      advanceWall(5_000);
      expect(session.simulation!.now).toBe(at);
      session.handle({ type: 'confirmWork' });
      advanceWall(500);
      expect(session.simulation!.now).toBeGreaterThan(at);
      expect(last('progress')!.progress.awaitingConfirmation).toBe(false);
      // Pause stops it too, at the moment reached.
      session.handle({ type: 'pause' });
      expect(session.working).toBe(false);
      expect(last('workEnded')).toMatchObject({ cancelled: true, now: session.simulation!.now });
    });

    it('runs a batch in chunks; stopped part-way, the log keeps the connections that ran', () => {
      // 20 wall ms per read: two chunks of a batch per slice.
      const { session, updates, advanceWall, last } = harness({ wallMsPerRead: 20 });
      expect(SLICE_WALL_MS).toBeLessThan(2 * 20);
      const scenario = defaultScenario();
      scenario.client.connectionsPerSecond = 0;
      session.handle({ type: 'load', scenario });
      session.handle({
        type: 'change',
        source: 'user',
        changes: [{ type: 'runConnections', count: 10 * BULK_CHUNK }],
      });
      expect(last('progress')!.progress).toMatchObject({
        kind: 'bulk',
        done: 2 * BULK_CHUNK,
        total: 10 * BULK_CHUNK,
      });
      // One more slice (two more chunks), then Cancel.
      advanceWall(1);
      expect(session.working).toBe(true);
      session.handle({ type: 'cancel' });
      // The outcome counts the 4 chunks that ran; the log says so, and a notice tells the user.
      const tick = last('tick')!;
      expect(tick.bulkRun).toMatchObject({
        connections: 4 * BULK_CHUNK,
        completed: 4 * BULK_CHUNK,
        failed: 0,
      });
      expect(tick.stats.completedConnections).toBe(4 * BULK_CHUNK);
      const log = last('runLog')!;
      expect(log.log.map((e) => e.change)).toEqual([{ type: 'runConnections', count: 4 * BULK_CHUNK }]);
      expect(log.notices.join(' ')).toContain('Stopped after 2,000 of 5,000 connections');
      expect(last('workEnded')).toMatchObject({
        kind: 'bulk',
        cancelled: true,
        done: 4 * BULK_CHUNK,
        total: 10 * BULK_CHUNK,
      });
      // Rebuilt from the log (back to 0 s and forward again), the run is the same.
      const end = tick.stats.now;
      session.handle({ type: 'seek', t: 0 });
      advanceWall(10_000);
      session.handle({ type: 'seek', t: end });
      advanceWall(10_000);
      expect(last('seeked')!.stats).toEqual(tick.stats);
      expect(updates.filter((u) => u.type === 'error')).toEqual([]);
    });

    it('a new scenario stops the work in progress and loads at once', () => {
      const { session, last } = slow();
      session.handle({ type: 'load', scenario: defaultScenario() });
      session.handle({ type: 'seek', t: 60_000 });
      expect(session.working).toBe(true);
      const other = defaultScenario();
      other.clusters = [makeCluster('A', 5)];
      session.handle({ type: 'load', scenario: other });
      expect(session.working).toBe(false);
      expect(last('loaded')!.topology.nodes.filter((n) => n.kind === 'host')).toHaveLength(5);
      expect(session.simulation!.now).toBe(0);
    });

    it('on a real clock, a heavy fast-forward hears Cancel and stops within one slice', async () => {
      // Two 32-host clusters, 100 ms heartbeats, 1,000 connections a second, to one day in.
      const scenario = defaultScenario();
      scenario.clusters = [makeCluster('A', 32), makeCluster('B', 32)];
      for (const c of scenario.clusters) c.aliveMsgPeriodMs = 100;
      scenario.client.connectionsPerSecond = 1000;
      const updates: WorkerUpdate[] = [];
      let endedAt = 0;
      /** The longest slice (wall ms): a Cancel posted during one waits for it to end. */
      let longestSlice = 0;
      const session = new SimulationSession(
        (u) => {
          updates.push(u);
          if (u.type === 'workEnded') endedAt = performance.now();
          // Go on past the question (this test measures Cancel, not the estimate).
          if (u.type === 'progress' && u.progress.awaitingConfirmation)
            setTimeout(() => session.handle({ type: 'confirmWork' }), 0);
        },
        {
          now: () => performance.now(),
          setTimer: (fn, ms) =>
            setTimeout(() => {
              const started = performance.now();
              fn();
              longestSlice = Math.max(longestSlice, performance.now() - started);
            }, ms),
          clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        },
      );
      session.handle({ type: 'load', scenario });
      session.handle({ type: 'seek', t: 86_400_000 });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(session.working).toBe(true);
      const cancelledAt = performance.now();
      session.handle({ type: 'cancel' });
      // A Cancel that arrives during a slice waits for it to end, then stops the work. A slice takes
      // about 40 wall ms here; one CI run at load average 6-7 on two cores stretched one to 305 ms.
      // Work that stopped yielding would take seconds (one simulated day), so 500 still tells.
      expect(longestSlice + (endedAt - cancelledAt)).toBeLessThan(500);
      expect(updates.filter((u) => u.type === 'progress').length).toBeGreaterThan(1);
      const ended = updates.find((u) => u.type === 'workEnded');
      expect(ended).toMatchObject({ cancelled: true });
    });

    it('playing into a logged batch runs it in slices, then plays on', () => {
      const { session, updates, advanceWall, last } = harness({ wallMsPerRead: 20 });
      const scenario = defaultScenario();
      scenario.client.connectionsPerSecond = 0;
      session.handle({ type: 'load', scenario });
      session.handle({
        type: 'change',
        source: 'user',
        changes: [{ type: 'runConnections', count: 3 * BULK_CHUNK }],
      });
      advanceWall(1_000);
      expect(session.working).toBe(false);
      const ran = last('tick')!.stats;
      // Back to 0 s, before the batch (logged at 0 s, it comes after that moment), and play.
      session.handle({ type: 'seek', t: 0 });
      advanceWall(1_000);
      expect(last('seeked')!.stats.completedConnections).toBe(0);
      const from = updates.length;
      session.handle({ type: 'setSpeed', speed: 100 });
      session.handle({ type: 'play' });
      advanceWall(TICK_WALL_MS + 1);
      expect(session.working).toBe(true);
      expect(updates.slice(from).find((u) => u.type === 'progress')).toMatchObject({
        progress: { kind: 'bulk', total: 3 * BULK_CHUNK },
      });
      advanceWall(1_000);
      const outcome = updates.slice(from).find((u) => u.type === 'tick' && u.bulkRun);
      expect(outcome).toMatchObject({ bulkRun: { connections: 3 * BULK_CHUNK, completed: 3 * BULK_CHUNK } });
      expect(outcome?.type === 'tick' && outcome.stats.completedConnections).toBe(ran.completedConnections);
      // Still playing: time goes on after the batch.
      const afterBatch = last('tick')!;
      expect(afterBatch.running).toBe(true);
      advanceWall(500);
      expect(last('tick')!.now).toBeGreaterThan(afterBatch.now);
    });
  });
});

describe('SimulationSession: comparing the load balancers', () => {
  type Comparison = Extract<WorkerUpdate, { type: 'comparison' }>;
  const comparisons = (updates: WorkerUpdate[]) =>
    updates.filter((u): u is Comparison => u.type === 'comparison');

  it('runs the batch through every balancer from the configuration in force, streaming rows, run untouched', () => {
    const { session, updates, last } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'change', source: 'user', changes: [{ type: 'runConnections', count: 20 }] });
    const before = last('tick')!.stats;
    const config = last('runLog')!.config;
    const from = updates.length;
    session.handle({ type: 'compare', connections: 90 });
    expect(session.working).toBe(false);
    const posted = comparisons(updates.slice(from));
    // At its start (no rows), after each row but the last, and at its end.
    expect(posted.map((c) => [c.state, c.rows.length])).toEqual([
      ...Array.from({ length: COMPARED_BALANCERS.length }, (_, i) => ['running', i]),
      ['done', COMPARED_BALANCERS.length],
    ]);
    const done = posted.at(-1)!;
    expect(done).toMatchObject({
      id: 1,
      total: COMPARED_BALANCERS.length,
      setup: { cluster: 'A', hostIndex: 0, hostName: 'Host 1', connections: 90, backends: 3 },
      basis: comparisonBasis(config),
    });
    // The rows are the engine's own (src/sim/comparison.ts), from the run's configuration.
    expect(done.rows).toEqual(compareBalancers(config, { cluster: 'A', hostIndex: 0, connections: 90 }));
    expect(done.rows[0]).toMatchObject({ name: 'Windows NLB', servedBySelf: 90, failed: 0, framesOnWire: 0 });
    // The run on screen is where it was; nothing else was posted about it.
    expect(session.simulation!.stats()).toEqual(before);
    expect(updates.slice(from).every((u) => u.type === 'comparison')).toBe(true);
    for (const u of updates.slice(from)) expect(checkUpdate(u).ok).toBe(true);
    // A second comparison has the next id.
    session.handle({ type: 'compare', connections: 30 });
    expect(last('comparison')).toMatchObject({ id: 2, state: 'done', setup: { connections: 30 } });
  });

  it('calls the VIP from the host the client runs on, with the hosts the configuration has now', () => {
    const { session, last } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'play' });
    session.handle({
      type: 'change',
      source: 'user',
      changes: [
        { type: 'hostCount', cluster: 'A', count: 5 },
        { type: 'clientLocation', location: { kind: 'host', cluster: 'A', hostIndex: 1 } },
      ],
    });
    session.handle({ type: 'compare', connections: 60 });
    const done = last('comparison')!;
    expect(done.setup).toEqual({
      cluster: 'A',
      hostIndex: 1,
      hostName: 'Host 2',
      connections: 60,
      backends: 5,
    });
    expect(done.rows.find((r) => r.name === 'Windows NLB')).toMatchObject({ servedBySelf: 60 });
    expect(done.rows.find((r) => r.name === 'Azure internal load balancer')!.expectedFailShare).toBeCloseTo(
      0.2,
    );
    expect(done.basis).toBe(comparisonBasis(last('runLog')!.config));
  });

  it("says what its outcome depends on: not the title, the run's rate or its own balancer, but the hosts", () => {
    const config = defaultScenario();
    const basis = comparisonBasis(config);
    const same = structuredClone(config);
    same.title = 'Another name';
    same.client.connectionsPerSecond = 500;
    same.timeline = [{ atMs: 1_000, cluster: 'A', hostIndex: 1, action: 'crash' }];
    same.clusters[0]!.balancer = { kind: 'awsNlb' };
    // The same keys in another order are the same configuration.
    const { tcp, ...rest } = same;
    expect(comparisonBasis({ tcp, ...rest })).toBe(basis);
    const moreHosts = structuredClone(config);
    moreHosts.clusters = [makeCluster('A', 4)];
    expect(comparisonBasis(moreHosts)).not.toBe(basis);
    const onHost2 = structuredClone(config);
    onHost2.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
    expect(comparisonBasis(onHost2)).not.toBe(basis);
    // Outside the cluster or on Host 1: the same backend calls its VIP.
    const onHost1 = structuredClone(config);
    onHost1.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
    expect(comparisonBasis(onHost1)).toBe(basis);
  });

  it('pauses a playing run before it compares', () => {
    const { session, advanceWall, last } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'play' });
    advanceWall(200);
    expect(last('tick')!.running).toBe(true);
    session.handle({ type: 'compare', connections: 30 });
    expect(last('tick')!.running).toBe(false);
    const at = session.simulation!.now;
    advanceWall(1_000);
    expect(session.simulation!.now).toBe(at);
  });

  it('brings the count into 30..30,000 (and a count that is no number to 3,000)', () => {
    const { session, last } = harness();
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'compare', connections: 2 });
    expect(last('comparison')!.setup.connections).toBe(COMPARISON_MIN);
    // Large counts are only started here: Pause stops the work at once.
    const slow = harness({ wallMsPerRead: 5 });
    slow.session.handle({ type: 'load', scenario: defaultScenario() });
    slow.session.handle({ type: 'compare', connections: 1e9 });
    expect(slow.last('comparison')!.setup.connections).toBe(COMPARISON_MAX);
    slow.session.handle({ type: 'cancel' });
    slow.session.handle({ type: 'compare', connections: Number.NaN });
    expect(slow.last('comparison')!.setup.connections).toBe(COMPARISON_DEFAULT);
    slow.session.handle({ type: 'pause' });
    expect(slow.session.working).toBe(false);
  });

  it('is long work in slices: progress in rows, pings answered, Cancel keeps the rows it finished', () => {
    const { session, updates, advanceWall, last } = harness({ wallMsPerRead: 5 });
    session.handle({ type: 'load', scenario: defaultScenario() });
    session.handle({ type: 'compare', connections: 3_000 });
    expect(session.working).toBe(true);
    expect(last('progress')!.progress).toMatchObject({
      kind: 'compare',
      from: 0,
      total: COMPARED_BALANCERS.length,
    });
    advanceWall(150);
    expect(session.working).toBe(true);
    const progress = last('progress')!.progress;
    expect(progress.done).toBeGreaterThan(0);
    expect(progress.done).toBeLessThan(COMPARED_BALANCERS.length);
    session.handle({ type: 'ping', id: 9 });
    expect(updates.at(-1)).toEqual({ type: 'pong', id: 9 });
    // A Step waits for the comparison to end.
    const ticks = updates.filter((u) => u.type === 'tick').length;
    session.handle({ type: 'step' });
    expect(updates.filter((u) => u.type === 'tick').length).toBe(ticks);
    session.handle({ type: 'cancel' });
    expect(session.working).toBe(false);
    const stopped = comparisons(updates).at(-1)!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.rows.length).toBeLessThan(COMPARED_BALANCERS.length);
    expect(stopped.rows.length).toBe(Math.floor(last('workEnded')!.done));
    expect(last('workEnded')).toMatchObject({
      kind: 'compare',
      cancelled: true,
      total: COMPARED_BALANCERS.length,
    });
    // The rows it finished are the same rows a whole comparison gives.
    const whole = compareBalancers(last('runLog')!.config, {
      cluster: 'A',
      hostIndex: 0,
      connections: 3_000,
    });
    expect(stopped.rows).toEqual(whole.slice(0, stopped.rows.length));
    // The waiting Step ran after it; the run was not touched.
    expect(updates.filter((u) => u.type === 'tick').length).toBe(ticks + 1);
    for (const u of updates) expect(checkUpdate(u).ok).toBe(true);
  });
});
