// The KB Q247768 story in numbers: balanced from outside, looped back from a host, deterministic.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { quietScenario as scenario, servedByName as served } from './testing';

describe('a bulk run', () => {
  it('counts its own connections only, not one a step opened before it that finishes during it', () => {
    // The client's own generator (20 per second) opens connection 1; step until it is open.
    const sim = new Simulation(scenario((s) => (s.client.connectionsPerSecond = 20)));
    for (let i = 0; i < 1000 && sim.stats().openedConnections === 0; i++) sim.stepToNextDecision();
    expect(sim.stats().openedConnections).toBe(1);
    expect(sim.stats().completedConnections).toBe(0);
    const result = sim.runConnections(30);
    expect(result).toMatchObject({ connections: 30, completed: 30, failed: 0 });
    expect(Object.values(result.servedBy).reduce((a, b) => a + b, 0)).toBe(30);
    // The stepped connection finished during the run: the totals have it, the run's outcome does not.
    expect(sim.stats().completedConnections).toBe(31);
    expect(sim.stats().hosts.reduce((n, h) => n + h.served, 0)).toBe(31);
  });
});

describe('a client outside the cluster', () => {
  it('has 300 connections from many addresses spread over every host, all on the wire', () => {
    const sim = new Simulation(scenario());
    const result = sim.runConnections(300);
    expect(result).toMatchObject({ connections: 300, completed: 300, failed: 0 });
    // The run's own per-host counts are the hosts' served counts (nothing ran before it).
    expect(result.servedBy).toEqual(Object.fromEntries(sim.stats().hosts.map((h) => [h.id, h.served])));
    const counts = served(sim);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(300);
    // Equal load over 3 hosts: each gets a real share (expected 100, binomial sd ~8).
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(60);
    const stats = sim.stats();
    expect(stats.loopbackConnections).toBe(0);
    expect(stats.failedConnections).toBe(0);
    // Every connection is 8 TCP segments, each crossing client->router and router->LAN as two frames.
    expect(stats.framesOnWire).toBe(300 * 8 * 2);
  });

  it('has each SYN accepted by exactly one host; the others drop it and say why', () => {
    const sim = new Simulation(scenario());
    sim.openConnection();
    sim.advanceTo(50);
    const decisions = sim.take().decisions;
    const synVerdicts = decisions.filter((d) => / NLB: SYN from /.test(decisionText(d)));
    expect(synVerdicts).toHaveLength(3);
    const accepted = synVerdicts.filter((d) => d.action === 'accept');
    const dropped = synVerdicts.filter((d) => d.action === 'drop');
    expect(accepted).toHaveLength(1);
    expect(dropped).toHaveLength(2);
    const bucket = /bucket (\d+) of 60, owned by (Host \d)/.exec(decisionText(accepted[0]!));
    expect(bucket).not.toBeNull();
    for (const d of dropped) {
      expect(decisionText(d)).toContain(`bucket ${bucket![1]} of 60, owned by ${bucket![2]} -> dropped here`);
    }
    // The winner is the host that served it.
    expect(served(sim)[bucket![2]!]).toBe(1);
  });

  it('floods frames for the cluster MAC: the switch never learns it because source MACs are masked', () => {
    const sim = new Simulation(scenario());
    sim.runConnections(20);
    const learned = [...sim.switch.macTable.keys()];
    expect(learned).not.toContain(0x02bf0a000064);
    expect(sim.world.recorder.countOf('flood')).toBeGreaterThanOrEqual(20 * 5);
  });

  it('reaches a dedicated IP from outside without balancing', () => {
    const sim = new Simulation(
      scenario((s) => (s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 })),
    );
    sim.runConnections(50);
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 50 });
  });
});

describe('a client on a cluster host (KB Q247768)', () => {
  it('is served by its own host through the loopback, with zero frames on the wire', () => {
    const sim = new Simulation(
      scenario((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 })),
    );
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 300, 'Host 3': 0 });
    const stats = sim.stats();
    expect(stats.framesOnWire).toBe(0);
    expect(stats.loopbackConnections).toBe(300);
    // The NLB filter is never consulted: the only accepts are the server's own (through the loopback).
    const nlbVerdicts = Object.keys(sim.world.recorder.codeCounts()).filter((c) =>
      /^nlb\.(accept|drop)/.test(c),
    );
    expect(nlbVerdicts).toEqual([]);
    expect(sim.world.recorder.countOf('accept')).toBe(300);
    expect(sim.world.recorder.codeCounts()['tcp.serverAccept']).toBe(300);
    expect(sim.world.recorder.countOf('drop')).toBe(0);
  });

  it('fails when the local server is stopped, although every other host is healthy', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.clusters[0]!.hosts[1]!.serverRunning = false;
      }),
    );
    expect(sim.runConnections(10)).toMatchObject({ completed: 0, failed: 10 });
    expect(sim.stats().framesOnWire).toBe(0);
    expect(sim.world.recorder.countOf('reset')).toBeGreaterThanOrEqual(10);
  });

  it('cannot reach another host by dedicated IP in unicast mode (Q197864): the SYN is retried, then times out', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
      }),
    );
    const start = sim.now;
    expect(sim.runConnections(1)).toMatchObject({ completed: 0, failed: 1 });
    // Windows: SYN at 0, retries after 3 s and 6 s more, gives up 12 s after the last: 21 s.
    expect(sim.now - start).toBeCloseTo(21_000 + 10, 0); // + the 10 ms drain after a bulk run
    expect(sim.stats().retransmissions).toBe(2);
    expect(sim.stats().framesOnWire).toBe(0);
  });
});

describe('determinism', () => {
  it('gives the same decisions and hops for the same scenario and seed', () => {
    const run = () => {
      const sim = new Simulation(scenario((s) => (s.client.connectionsPerSecond = 50)));
      sim.advanceTo(500);
      return sim.take();
    };
    const a = run();
    const b = run();
    expect(a.decisions.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });

  it('gives another spread for another seed', () => {
    const spread = (seed: number) => {
      const sim = new Simulation(scenario((s) => (s.seed = seed)));
      sim.runConnections(300);
      return served(sim);
    };
    expect(spread(1)).toEqual(spread(1));
    expect(spread(2)).not.toEqual(spread(1));
  });
});

describe('invariants', () => {
  it('accounts for every connection once: completed + failed + open = opened', () => {
    const sim = new Simulation(scenario((s) => (s.client.connectionsPerSecond = 200)));
    sim.advanceTo(2_000);
    const s = sim.stats();
    expect(s.openedConnections).toBeGreaterThan(300);
    expect(s.completedConnections + s.failedConnections + sim.openConnections).toBe(s.openedConnections);
    expect(s.hosts.reduce((sum, h) => sum + h.served, 0)).toBe(s.completedConnections);
  });
});

describe('the switch MAC table in the stats', () => {
  it('lists what the switch learned, and never the cluster MAC while source MACs are masked', () => {
    const sim = new Simulation(scenario());
    sim.runConnections(10);
    const table = sim.stats().switchTable;
    expect(table.map((r) => r.mac)).not.toContain('02-BF-0A-00-00-64');
    expect(table).toContainEqual({ mac: '00-0C-29-00-00-01', port: 1, portNode: 'Router', note: 'Router' });
    expect(table).toContainEqual({
      mac: '02-02-0A-00-00-64',
      port: 3,
      portNode: 'Host 2',
      note: 'Host 2, masked source MAC',
    });
  });

  it('learns the cluster MAC on one port once masking is off', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.maskSourceMac = false)));
    sim.runConnections(10);
    const rows = sim.stats().switchTable.filter((r) => r.mac === '02-BF-0A-00-00-64');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBe('Cluster A MAC (unicast mode)');
  });
});
