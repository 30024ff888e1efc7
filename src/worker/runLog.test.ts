// The live lab in the worker: every change is an event of one run log. A fault by hand survives
// other changes, a weight makes NLB converge in place without restarting the run, world-shaping
// changes rebuild to the same moment and report what no longer applies, Undo and Redo, and the
// same log gives the same trace however the moment was reached.
import { describe, expect, it } from 'vitest';
import type { Change } from '../scenario/changes';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { sessionHarness } from './sessionHarness';

function harness(scenario: Scenario = defaultScenario()) {
  const h = sessionHarness();
  const { session } = h;
  session.handle({ type: 'load', scenario });
  const change = (...changes: Change[]) => session.handle({ type: 'change', changes, source: 'user' });
  const seek = (t: number) => session.handle({ type: 'seek', t });
  const sim = () => session.simulation!;
  const stats = () => sim().stats();
  return { ...h, change, seek, sim, stats };
}

// Several tests replay minutes of simulated time; on a busy two-core machine that takes seconds.
describe('the run log', { timeout: 30_000 }, () => {
  it('keeps a crash made by hand through changes of client location, affinity and weight', () => {
    const lab = harness();
    lab.seek(2000);
    lab.change({ type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' });
    lab.seek(3000);
    lab.change({ type: 'clientLocation', location: { kind: 'host', cluster: 'A', hostIndex: 0 } });
    lab.change({ type: 'affinity', affinity: 'none' });
    lab.change({ type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 90 });
    expect(lab.sim().now).toBe(3000);
    expect(lab.stats().hosts[2]!.crashed).toBe(true);
    expect(lab.session.runLog.map((e) => [e.t, e.change.type, e.source])).toEqual([
      [2000, 'hostAction', 'user'],
      [3000, 'clientLocation', 'user'],
      [3000, 'affinity', 'user'],
      [3000, 'loadWeight', 'user'],
    ]);
    // The page hears the configuration in force and the log; no restart ('loaded') since the load.
    expect(lab.updates.filter((u) => u.type === 'loaded')).toHaveLength(1);
    const runLog = lab.last('runLog')!;
    expect(runLog.config.clusters[0]!.hosts[0]!.loadWeight).toBe(90);
    expect(runLog.config.client.location).toEqual({ kind: 'host', cluster: 'A', hostIndex: 0 });
    expect(runLog.undo).toBe('Load weight of Host 1: 90');
    // A seek back before the crash and forward again replays it: Host 3 is down again.
    lab.seek(1000);
    expect(lab.stats().hosts[2]!.crashed).toBe(false);
    expect(lab.last('runLog')!.config.clusters[0]!.hosts[0]!.loadWeight).toBe(50);
    lab.seek(3500);
    expect(lab.stats().hosts[2]!.crashed).toBe(true);
    expect(lab.last('runLog')!.config.clusters[0]!.hosts[0]!.loadWeight).toBe(90);
  });

  it('converges in place on a weight change at 12 s: open connections finish on their hosts, new ones follow the weights', () => {
    const s = defaultScenario();
    s.clusters[0]!.portRules[0]!.equalLoad = false;
    s.clusters[0]!.portRules[0]!.affinity = 'none';
    s.client.connectionsPerSecond = 200;
    const lab = harness(s);
    lab.seek(12_000);
    const before = lab.stats();
    expect(before.clusterState).toBe('Converged');
    const openAtChange = lab.sim().openConnections;
    expect(openAtChange).toBeGreaterThan(0);
    lab.change({ type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 100 });
    expect(lab.sim().now).toBe(12_000);
    expect(lab.stats().clusterState).toBe('Converging');
    lab.seek(14_000);
    expect(lab.stats().clusterState).toBe('Converging');
    lab.seek(15_100);
    expect(lab.stats().clusterState).toBe('Converged');
    // Nothing failed: the connections open at 12 s finished on the hosts that held them.
    expect(lab.stats().failedConnections).toBe(0);
    const served = (st: typeof before) => st.hosts.map((h) => h.served);
    const at15 = served(lab.stats());
    lab.seek(35_100);
    const after = served(lab.stats()).map((n, i) => n - at15[i]!);
    const total = after.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3500);
    // Weights 100, 50, 50: Host 1 takes about half of the new connections, the others a quarter each.
    expect(after[0]! / total).toBeGreaterThan(0.4);
    expect(after[0]! / total).toBeLessThan(0.6);
    expect(after[1]! / total).toBeGreaterThan(0.15);
    expect(after[1]! / total).toBeLessThan(0.35);
    expect(lab.updates.filter((u) => u.type === 'loaded')).toHaveLength(1);
  });

  it('rebuilds to the same moment when the world changes shape, and lists what no longer applies', () => {
    const lab = harness();
    lab.change({ type: 'hostCount', cluster: 'A', count: 5 });
    lab.seek(1500);
    lab.change({ type: 'hostAction', cluster: 'A', hostIndex: 4, action: 'crash' });
    lab.seek(2500);
    lab.change({ type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'stopServer' });
    lab.seek(4000);
    lab.change({ type: 'hostCount', cluster: 'A', count: 3 });
    expect(lab.sim().now).toBe(4000);
    expect(lab.stats().hosts).toHaveLength(3);
    expect(lab.stats().hosts[1]!.serverRunning).toBe(false);
    expect(lab.session.runLog.map((e) => e.change.type)).toEqual(['hostAction']);
    expect(lab.last('runLog')!.notices).toEqual([
      '"Crash Host 5" at 1.5 s no longer applies (Host 5 no longer exists), so it was taken out of the run.',
    ]);
    // Undo brings back five hosts and the crash of Host 5.
    lab.session.handle({ type: 'undo' });
    expect(lab.sim().now).toBe(4000);
    expect(lab.stats().hosts).toHaveLength(5);
    expect(lab.stats().hosts[4]!.crashed).toBe(true);
  });

  it('undoes and redoes a change, and a reset', () => {
    const lab = harness();
    lab.seek(3000);
    lab.change({ type: 'loadWeight', cluster: 'A', hostIndex: 1, weight: 10 });
    expect(lab.last('runLog')!.config.clusters[0]!.hosts[1]!.loadWeight).toBe(10);
    lab.session.handle({ type: 'undo' });
    expect(lab.sim().now).toBe(3000);
    expect(lab.last('runLog')!.config.clusters[0]!.hosts[1]!.loadWeight).toBe(50);
    expect(lab.last('runLog')!.undo).toBeNull();
    expect(lab.last('runLog')!.redo).toBe('Load weight of Host 2: 10');
    lab.session.handle({ type: 'redo' });
    expect(lab.last('runLog')!.config.clusters[0]!.hosts[1]!.loadWeight).toBe(10);
    expect(lab.session.runLog).toHaveLength(1);
    lab.session.handle({ type: 'reset' });
    expect(lab.sim().now).toBe(0);
    expect(lab.session.runLog).toHaveLength(0);
    expect(lab.last('runLog')!.undo).toBe('Reset');
    lab.session.handle({ type: 'undo' });
    expect(lab.session.runLog).toHaveLength(1);
  });

  it('gives the same trace for the same log however the moment is reached: played, stepped, sought, loaded', () => {
    const changes: [number, Change][] = [
      [1500, { type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' }],
      [4000, { type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 100 }],
      [6000, { type: 'runConnections', count: 50 }],
      [6000, { type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'restart' }],
    ];
    const played = harness();
    for (const [t, c] of changes) {
      played.seek(t);
      played.change(c);
    }
    played.seek(9000);
    const target = 8000;
    // Rebuilt by a seek backwards (a replay from 0).
    played.seek(target);
    const sought = played.last('seeked')!;
    // Loaded from the log, as a link or a file carries it, then sought to the moment.
    const loaded = harness({ ...defaultScenario(), log: played.session.runLog.map((e) => ({ ...e })) });
    loaded.seek(target);
    const fromLink = loaded.last('seeked')!;
    // Reached by playing forward in small steps from 0 with the same log.
    const stepped = harness({ ...defaultScenario(), log: played.session.runLog.map((e) => ({ ...e })) });
    for (let t = 250; t <= target; t += 250) stepped.seek(t);
    const walked = stepped.last('seeked')!;
    // A seek shows the decisions of its last moments: compare the stretch every way shows.
    const shown = (u: typeof sought) =>
      u.decisions.filter((d) => d.t > target - 250).map((d) => [d.seq, d.code, d.node, d.frameId, d.t]);
    expect(shown(sought).length).toBeGreaterThan(20);
    for (const other of [fromLink, walked]) {
      expect(other.stats).toEqual(sought.stats);
      expect(shown(other)).toEqual(shown(sought));
    }
    expect(sought.stats.openedConnections).toBeGreaterThan(150);
  });

  it('keeps each captured frame once after seeking back and forth', () => {
    const lab = harness();
    const frames = () => {
      lab.session.handle({ type: 'capture', pointId: 'switch' });
      return lab.last('capture')!.frames;
    };
    lab.seek(3000);
    const once = frames();
    expect(once).toBeGreaterThan(100);
    lab.seek(1000);
    lab.seek(500);
    lab.seek(3000);
    expect(frames()).toBe(once);
  });

  it('takes settings made before the run starts (0 s) as its set-up: no convergence, no log entry', () => {
    const lab = harness();
    lab.change({ type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 0 });
    lab.change({ type: 'affinity', affinity: 'none' });
    expect(lab.session.runLog).toEqual([]);
    expect(lab.stats().clusterState).toBe('Converged');
    expect(lab.last('runLog')!.start.clusters[0]!.portRules[0]!.affinity).toBe('none');
    // Undo still takes each back.
    lab.session.handle({ type: 'undo' });
    expect(lab.last('runLog')!.start.clusters[0]!.portRules[0]!.affinity).toBe('single');
    // Once time has moved, the same kind of setting is a change of the run.
    lab.seek(10);
    lab.change({ type: 'affinity', affinity: 'network' });
    expect(lab.session.runLog.map((e) => e.change.type)).toEqual(['affinity']);
    expect(lab.stats().clusterState).toBe('Converging');
  });

  it('gives the same counts and numbering when the logged moment is played or stepped as when sought', () => {
    const log = [
      {
        t: 40,
        source: 'user' as const,
        change: {
          type: 'hostAction' as const,
          cluster: 'A' as const,
          hostIndex: 1,
          action: 'crash' as const,
        },
      },
      {
        t: 120,
        source: 'user' as const,
        change: { type: 'loadWeight' as const, cluster: 'A' as const, hostIndex: 0, weight: 90 },
      },
    ];
    const scenario = { ...defaultScenario(), log };
    // Played: 100x for 2 wall seconds = 200 simulated ms, through the worker's own play loop.
    const played = harness(structuredClone(scenario));
    played.session.handle({ type: 'setSpeed', speed: 100 });
    played.session.handle({ type: 'play' });
    played.advanceWall(2000);
    played.session.handle({ type: 'pause' });
    expect(played.session.runLog).toHaveLength(2);
    expect(played.stats().hosts[1]!.crashed).toBe(true);
    // Stepped: decision by decision (logged changes are steps of their own) to the same moment.
    const stepped = harness(structuredClone(scenario));
    while (stepped.sim().now < played.sim().now) stepped.session.handle({ type: 'step' });
    // Sought from 0 to each of those moments.
    for (const other of [played, stepped]) {
      const sought = harness(structuredClone(scenario));
      sought.seek(other.sim().now);
      expect(other.stats()).toEqual(sought.stats());
      expect(other.sim().world.recorder.decisionsMade).toBe(sought.sim().world.recorder.decisionsMade);
      expect(other.last('runLog')!.config).toEqual(sought.last('runLog')!.config);
    }
    expect(played.stats().openedConnections).toBeGreaterThan(2);
  });

  it('keeps the scenario a new one replaced one step away: Undo brings it back with its log', () => {
    const lab = harness();
    lab.seek(1000);
    lab.change({ type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' });
    const other = defaultScenario();
    other.clusters[0]!.hosts = other.clusters[0]!.hosts.slice(0, 2);
    lab.session.handle({ type: 'load', scenario: other });
    expect(lab.stats().hosts).toHaveLength(2);
    expect(lab.last('runLog')!.undo).toBe('Open another scenario');
    lab.session.handle({ type: 'undo' });
    expect(lab.stats().hosts).toHaveLength(3);
    expect(lab.session.runLog.map((e) => e.change.type)).toEqual(['hostAction']);
    lab.seek(1500);
    expect(lab.stats().hosts[1]!.crashed).toBe(true);
  });
});
