// A host that crashes, refuses or stops NLB behaves as a stopped machine would: a crash takes the
// responses it had queued with it, NLB forgets a connection the host refused (so a drainstop can
// finish), and every heartbeat a host does not read is ignored with a reason.
import { describe, expect, it } from 'vitest';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import { Simulation } from './simulation';
import { decisionText } from './decisionText';

describe('a crashed host says nothing more', () => {
  it('drops the responses it had queued: no send from Host 2 after its crash', () => {
    const s = defaultScenario();
    s.network.serverThinkMs = 400; // requests wait 400 ms for their answer
    s.client.connectionsPerSecond = 100;
    const sim = new Simulation(s);
    sim.advanceTo(1000);
    const queued = sim.stats().hosts[1]!.openConnections;
    expect(queued).toBeGreaterThan(3);
    sim.take();
    const lastBeforeCrash = sim.stats().openedConnections;
    sim.applyHostAction('A', 1, 'crash');
    sim.advanceTo(3000);
    const { decisions, hops } = sim.take();
    const crashAt = 1000;
    expect(decisions.filter((d) => d.node === 'A2' && d.code === 'stack.send' && d.t > crashAt)).toEqual([]);
    expect(hops.filter((h) => h.from === 'A2' && h.t0 > crashAt)).toEqual([]);
    // After a restart it has no connections: it answers none of the old ones (new ones it may serve).
    sim.applyHostAction('A', 1, 'restart');
    sim.take();
    sim.advanceTo(3500);
    const oldAnswers = sim
      .take()
      .decisions.filter((d) => d.node === 'A2' && d.code === 'stack.send' && d.connId <= lastBeforeCrash)
      .filter((d) => /PSH/.test(decisionText(d)));
    expect(oldAnswers).toEqual([]);
  });
});

describe('NLB forgets a connection its host refused', () => {
  it('keeps no descriptor for refused connections, so a later drainstop finishes', () => {
    const s = defaultScenario();
    s.client.connectionsPerSecond = 0;
    const sim = new Simulation(s);
    sim.applyHostAction('A', 1, 'stopServer');
    const run = sim.runConnections(300);
    expect(run.failed).toBeGreaterThan(50);
    // Before the fix Host 2 showed about 96 "open" connections that had been refused.
    expect(sim.stats().hosts[1]!.openConnections).toBe(0);
    sim.applyHostAction('A', 1, 'drainstop');
    // It has nothing to finish: it leaves when the cluster has converged without it (about 3 s).
    sim.advanceTo(sim.now + 3500);
    expect(sim.stats().hosts[1]!.nlbRunning).toBe(false);
    expect(sim.stats().hosts[1]!.draining).toBe(false);
  });
});

describe('heartbeats a host does not read', () => {
  it('are ignored with a reason: NLB stopped here, or another cluster', () => {
    const s = defaultScenario();
    s.clusters.push(makeCluster('B', 2));
    s.client.connectionsPerSecond = 0;
    const sim = new Simulation(s);
    sim.applyHostAction('A', 2, 'stopNlb');
    sim.take();
    sim.advanceTo(2000);
    const ignored = sim.take().decisions.filter((d) => d.code === 'nlb.heartbeatIgnored');
    const own = ignored.filter((d) => d.node === 'A3' && decisionText(d).includes('NLB is stopped here'));
    expect(own.length).toBeGreaterThanOrEqual(2 * 2); // Host 1's and Host 2's beats, about two each
    const other = ignored.filter((d) => d.node === 'A1');
    expect(other.length).toBeGreaterThanOrEqual(2 * 2); // Cluster B's two hosts' beats
    expect(decisionText(other[0]!)).toBe(
      'Host 1 NLB: a heartbeat of another cluster (VIP 10.0.0.200) -> ignored',
    );
  });
});
