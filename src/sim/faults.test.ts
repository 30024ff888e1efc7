// Faults and operations on hosts (crash/restart, cable, wlbs stop/start/drainstop, server stop/start),
// applied at once or from the scenario's timeline; and what they do to the loopback path (KB Q247768).
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { CONVERGENCE_MS } from './nlb';
import {
  bucketsPerHost,
  hostStates as states,
  quietScenario as scenario,
  servedList as served,
} from './testing';

/** Detection (tolerance x period, plus up to one period) and convergence, with defaults: 5000 + 1000 + 3000. */
const RECOVERY_MS = 5 * 1000 + 1000 + CONVERGENCE_MS;

describe('crash and restart', () => {
  it('a crashed host is converged out; after a restart it rejoins and takes its share again', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.timeline = [
          { atMs: 1000, action: 'crash', cluster: 'A', hostIndex: 1 },
          { atMs: 12_000, action: 'restart', cluster: 'A', hostIndex: 1 },
        ];
      }),
    );
    sim.advanceTo(999);
    expect(states(sim)[1]).toBe('Converged');
    sim.advanceTo(1000);
    expect(states(sim)[1]).toBe('Unknown');
    expect(sim.stats().hosts[1]!.crashed).toBe(true);
    sim.advanceTo(1000 + RECOVERY_MS + 10);
    expect(bucketsPerHost(sim)).toEqual([30, 0, 30]);
    expect(sim.runConnections(150)).toMatchObject({ completed: 150, failed: 0 });
    expect(served(sim)[1]).toBe(0);

    sim.advanceTo(12_000);
    expect(states(sim)[1]).toBe('Converging'); // up, heard, not yet a member
    // Its first heartbeat starts convergence, which takes ~3 s.
    sim.advanceTo(12_000 + 1000 + CONVERGENCE_MS + 10);
    expect(bucketsPerHost(sim)).toEqual([20, 20, 20]);
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Converged']);
    const before = served(sim)[1]!;
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[1]! - before).toBeGreaterThan(50);
  });

  it('a crash announced through the timeline and one applied at once give the same cluster', () => {
    const viaTimeline = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 2000, action: 'crash', cluster: 'A', hostIndex: 2 }])),
    );
    const atOnce = new Simulation(scenario());
    atOnce.advanceTo(2000);
    expect(atOnce.applyHostAction('A', 2, 'crash')).toBe(true);
    for (const sim of [viaTimeline, atOnce]) {
      sim.advanceTo(2000 + RECOVERY_MS + 10);
      expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Unknown']);
      expect(bucketsPerHost(sim)).toEqual([30, 30, 0]);
    }
  });

  it('refuses an action that does not apply (restart a running host, crash a crashed one) and says so', () => {
    const sim = new Simulation(scenario());
    expect(sim.applyHostAction('A', 0, 'restart')).toBe(false);
    expect(sim.applyHostAction('A', 0, 'crash')).toBe(true);
    expect(sim.applyHostAction('A', 0, 'crash')).toBe(false);
    expect(sim.applyHostAction('A', 7, 'crash')).toBe(false); // no such host
    const refusals = sim
      .take()
      .decisions.filter((d) => d.action === 'state' && /does not apply/.test(decisionText(d)));
    expect(refusals.length).toBe(2);
  });
});

describe('cable unplugged and plugged back', () => {
  it('the others converge without the unplugged host; plugged back, it rejoins', () => {
    const sim = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 1000, action: 'unplug', cluster: 'A', hostIndex: 2 }])),
    );
    sim.advanceTo(1000 + RECOVERY_MS + 10);
    expect(sim.stats().hosts[2]!.cablePlugged).toBe(false);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2']);
    expect(bucketsPerHost(sim)).toEqual([30, 30, 0]);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[2]).toBe(0);

    sim.applyHostAction('A', 2, 'plug');
    sim.advanceTo(sim.now + 1000 + CONVERGENCE_MS + 10);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2', 'Host 3']);
    expect(bucketsPerHost(sim)).toEqual([20, 20, 20]);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[2]).toBeGreaterThan(50);
  });

  it('frames to an unplugged host are lost with a reason (no arrival, counted as lost on the link)', () => {
    const sim = new Simulation(scenario());
    sim.applyHostAction('A', 2, 'unplug');
    sim.openConnection();
    sim.advanceTo(100);
    expect(sim.world.ledger.lostOnLink).toBeGreaterThan(0);
    const lost = sim.take().decisions.filter((d) => d.action === 'drop' && /unplugged/.test(decisionText(d)));
    expect(lost.length).toBeGreaterThan(0);
    for (const d of lost) expect(decisionText(d)).toContain('Host 3');
  });
});

describe('wlbs stop and start', () => {
  it('stop: the host leaves at once and drops its connections; start: it rejoins', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.client.sourceAddresses = 1000;
        s.network.serverThinkMs = 5000;
      }),
    );
    // Open connections until Host 1 holds one.
    for (let i = 0; i < 50 && sim.stats().hosts[0]!.openConnections === 0; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 20);
    }
    expect(sim.stats().hosts[0]!.openConnections).toBe(1);
    const t = sim.now;
    expect(sim.applyHostAction('A', 0, 'stopNlb')).toBe(true);
    expect(states(sim)[0]).toBe('Stopped');
    expect(sim.stats().hosts[0]!.openConnections).toBe(0);
    sim.advanceTo(t + CONVERGENCE_MS + 1000);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 2', 'Host 3']);
    expect(states(sim)).toEqual(['Stopped', 'Converged as DEFAULT', 'Converged']);
    sim.advanceTo(t + 30_000);
    const s = sim.stats();
    // The connection Host 1 held is lost; the others complete.
    expect(s.failedConnections).toBe(1);
    expect(s.completedConnections + s.failedConnections).toBe(s.openedConnections);
    expect(served(sim)[0]).toBe(0);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[0]).toBe(0);

    sim.applyHostAction('A', 0, 'startNlb');
    sim.advanceTo(sim.now + 1000 + CONVERGENCE_MS + 10);
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Converged']);
    expect(bucketsPerHost(sim)).toEqual([20, 20, 20]);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[0]).toBeGreaterThan(50);
  });

  it('drainstop with nothing open: Draining, then Stopped once the cluster converged without it', () => {
    const sim = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 500, action: 'drainstop', cluster: 'A', hostIndex: 1 }])),
    );
    sim.advanceTo(501);
    expect(states(sim)[1]).toBe('Draining');
    sim.advanceTo(500 + CONVERGENCE_MS + 1000);
    expect(states(sim)[1]).toBe('Stopped');
    expect(bucketsPerHost(sim)).toEqual([30, 0, 30]);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[1]).toBe(0);
  });
});

describe('the server application stopped and started', () => {
  it('from outside: exactly the connections whose bucket Host 2 owns get RST and fail; the rest complete', () => {
    const sim = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 0, action: 'stopServer', cluster: 'A', hostIndex: 1 }])),
    );
    sim.advanceTo(1);
    expect(sim.stats().hosts[1]!.serverRunning).toBe(false);
    const n = 60;
    for (let i = 0; i < n; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 100);
    }
    const decisions = sim.take().decisions;
    let failed = 0;
    for (let id = 1; id <= n; id++) {
      const accepter = decisions.find(
        (d) => d.connId === id && d.action === 'accept' && / NLB: SYN from /.test(decisionText(d)),
      )!;
      const complete = decisions.some((d) => d.connId === id && d.action === 'complete');
      const reset = decisions.find((d) => d.connId === id && d.node === 'client1' && d.action === 'reset');
      if (accepter.node === 'A2') {
        expect(complete).toBe(false);
        expect(reset ? decisionText(reset) : undefined).toMatch(/RST/);
        failed++;
      } else {
        expect(complete).toBe(true);
        expect(reset).toBeUndefined();
      }
    }
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(n);
    expect(sim.stats().failedConnections).toBe(failed);
    expect(served(sim)[1]).toBe(0);
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Converged']); // NLB knows nothing of it

    sim.applyHostAction('A', 1, 'startServer');
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)[1]).toBeGreaterThan(50);
  });
});

describe('the loopback path: a client on Host 2 connecting to its own cluster VIP (KB Q247768)', () => {
  const onHost2 = () => scenario((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 }));

  it('fails entirely (RST) when Host 2 server is stopped, though every other host is healthy', () => {
    const sim = new Simulation(onHost2());
    sim.applyHostAction('A', 1, 'stopServer');
    expect(sim.runConnections(20)).toMatchObject({ completed: 0, failed: 20 });
    expect(sim.world.recorder.countOf('reset')).toBeGreaterThanOrEqual(20);
    const stats = sim.stats();
    expect(stats.framesOnWire).toBe(0);
    expect(stats.hosts[0]!.serverRunning && stats.hosts[2]!.serverRunning).toBe(true);
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Converged']);
    expect(served(sim)).toEqual([0, 0, 0]);
    // One at full detail: the RST is the local stack's own answer, through the loopback.
    sim.openConnection();
    sim.advanceTo(sim.now + 10);
    const decisions = sim.take().decisions;
    expect(
      decisions.some(
        (d) =>
          d.node === 'A2' &&
          d.action === 'reset' &&
          /no server application is listening on port 80/.test(decisionText(d)),
      ),
    ).toBe(true);
    expect(
      decisions.some((d) => d.node === 'A2' && d.action === 'reset' && /answered RST/.test(decisionText(d))),
    ).toBe(true);
    expect(decisions.every((d) => d.node === 'A2' || d.connId === 0)).toBe(true);
  });

  it('is not affected by crashing the other hosts: before, during and after convergence Host 2 serves it', () => {
    const sim = new Simulation(onHost2());
    sim.applyHostAction('A', 0, 'crash');
    sim.applyHostAction('A', 2, 'crash');
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    sim.advanceTo(5500);
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    sim.advanceTo(RECOVERY_MS + 100);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 2']);
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    expect(served(sim)).toEqual([0, 60, 0]);
    expect(sim.stats().framesOnWire).toBe(0);
    expect(sim.stats().loopbackConnections).toBe(60);
  });

  it('is not affected by stopping NLB on Host 2 either: the VIP stays a local address', () => {
    const sim = new Simulation(onHost2());
    sim.applyHostAction('A', 1, 'stopNlb');
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    expect(served(sim)).toEqual([0, 20, 0]);
    expect(sim.stats().framesOnWire).toBe(0);
  });
});
