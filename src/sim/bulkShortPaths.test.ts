// The short paths a bulk run takes at counters detail (a flood reused, a flooded frame dropped by a
// host that is not its taker, addresses and ports kept by /24) give what the long paths give.
import { describe, expect, it } from 'vitest';
import { IpPorts, IpSet, ipOrThrow } from './addr';
import { Simulation } from './simulation';
import { makeCluster, defaultScenario } from '../scenario/defaults';
import type { ClusterMode } from '../scenario/types';
import { PRESETS, presetScenario } from '../scenario/presets';

/** Everything a run counts at any detail, after 6 simulated s with a drainstop, a crash and an unplug. */
function countsOf(detail: 'full' | 'counters', mode: ClusterMode): unknown {
  const scenario = defaultScenario();
  scenario.clusters = [makeCluster('A', 6)];
  scenario.clusters[0]!.mode = mode;
  scenario.client.connectionsPerSecond = 200;
  scenario.client.sourceAddresses = 300;
  const sim = new Simulation(scenario);
  sim.setDetail(detail);
  sim.advanceTo(1_500);
  sim.applyHostAction('A', 1, 'drainstop');
  sim.advanceTo(2_500);
  sim.applyHostAction('A', 2, 'crash');
  sim.advanceTo(3_500);
  sim.applyHostAction('A', 3, 'unplug');
  sim.advanceTo(6_000);
  return { ...countsIn(sim), descriptors: [...sim.clusters[0]!.descriptors.entries()] };
}

/** The decisions, frame fates and stats a run has counted so far. */
function countsIn(sim: Simulation) {
  const w = sim.world;
  return {
    codes: w.recorder.codeCounts(),
    decisions: w.recorder.decisionsMade,
    ledger: [w.ledger.transmissions, w.ledger.arrivals, w.ledger.lostOnLink, { ...w.ledger.settled }],
    stats: sim.stats(),
  };
}

/** What a preset's run counts by 8 simulated s, with a batch of 200 connections at 4 s, at one detail. */
function presetCountsOf(id: string, detail: 'full' | 'counters'): unknown {
  const sim = new Simulation(presetScenario(id)!);
  sim.setDetail(detail);
  sim.advanceTo(4_000);
  sim.runConnections(200);
  sim.advanceTo(8_000);
  return countsIn(sim);
}

describe('bulk short paths', () => {
  // Every preset: misconfigured port rules, second NICs, unicast inter-host, balancers, Cluster B...
  it.each(PRESETS.map((p) => p.id))('%s: counters detail counts what full detail counts', (id) => {
    expect(presetCountsOf(id, 'counters')).toEqual(presetCountsOf(id, 'full'));
  });

  it.each<ClusterMode>(['unicast', 'multicast'])(
    'count the same decisions and frame fates at counters detail as at full detail (%s mode)',
    (mode) => {
      expect(countsOf('counters', mode)).toEqual(countsOf('full', mode));
    },
  );

  it('IpSet answers as a Set of the same addresses, and iterates in the order they were added', () => {
    const ips = ['172.16.0.1', '10.0.0.100', '172.16.0.255', '172.16.1.0', '255.255.255.255', '0.0.0.1'].map(
      ipOrThrow,
    );
    const set = new IpSet(ips);
    set.add(ips[0]!);
    expect(set.size).toBe(ips.length);
    expect([...set]).toEqual(ips);
    for (const ip of ips) expect(set.has(ip)).toBe(true);
    for (const ip of ['172.16.0.2', '172.16.0.0', '10.0.0.101', '0.0.0.0', '255.255.255.254'].map(ipOrThrow))
      expect(set.has(ip)).toBe(false);
  });

  it('IpSet of a few addresses (a host: its DIP and the VIP) answers as a Set too', () => {
    const dip = ipOrThrow('10.0.0.11');
    const vip = ipOrThrow('10.0.0.100');
    const set = new IpSet([dip]);
    expect(set.has(dip)).toBe(true);
    expect(set.has(vip)).toBe(false);
    set.add(vip);
    set.add(dip);
    expect([...set]).toEqual([dip, vip]);
    expect(set.has(vip)).toBe(true);
    expect(set.has(ipOrThrow('10.0.0.12'))).toBe(false);
    expect(new IpSet().has(0)).toBe(false);
  });

  it("a link counts its cable's plugs and unplugs in its world's cabling (a reused flood is checked by it)", () => {
    const sim = new Simulation(defaultScenario());
    const cabling = sim.world.cabling;
    const link = sim.hosts[0]!.link;
    const before = cabling.changes;
    link.up = true; // already in: no change
    expect(cabling.changes).toBe(before);
    sim.applyHostAction('A', 0, 'unplug');
    expect(link.up).toBe(false);
    expect(cabling.changes).toBe(before + 1);
    sim.applyHostAction('A', 0, 'plug');
    expect(cabling.changes).toBe(before + 2);
  });

  it('IpPorts keeps one number per address, 0 for an address never set', () => {
    const ports = new IpPorts();
    const a = ipOrThrow('172.16.0.1');
    const b = ipOrThrow('172.16.0.2');
    expect(ports.get(a)).toBe(0);
    ports.set(a, 49152);
    ports.set(ipOrThrow('255.255.255.255'), 65535);
    expect(ports.get(a)).toBe(49152);
    expect(ports.get(b)).toBe(0);
    expect(ports.get(ipOrThrow('255.255.255.255'))).toBe(65535);
  });
});
