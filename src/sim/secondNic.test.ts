// Hosts reaching each other in unicast mode (NLB.md, "Related behaviours"): KB Q197864's failure with
// one NIC, and its two fixes: a second network adapter for dedicated traffic (Q233279) and unicast
// inter-host communication (UnicastInterHostCommSupport), with the ARP tables a host would print.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { hostCommandOutput } from './hostCommands';
import { Simulation } from './simulation';
import type { Scenario } from '../scenario/types';
import { quietScenario, servedByName as served, tapSwitch } from './testing';

/** Unicast, three hosts; the client runs on Host 2 and connects to Host 3's dedicated IP (10.0.0.13). */
function hostToHost(change: (s: Scenario) => void = () => {}): Scenario {
  return quietScenario((s) => {
    s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
    s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
    change(s);
  });
}

const withSecondNics = (s: Scenario) => s.clusters[0]!.hosts.forEach((h) => (h.secondNic = true));

describe('one NIC in unicast mode (Q197864)', () => {
  it('every dedicated IP resolves to the cluster MAC, and arp -a shows it', () => {
    const sim = new Simulation(hostToHost());
    expect(sim.runConnections(2)).toMatchObject({ completed: 0, failed: 2 });
    // Host 3's ARP reply names its own NIC MAC, which in unicast mode is every host's: 02-BF-0A-00-00-64.
    const arp = hostCommandOutput(sim, 'A2', 'arp -a')!;
    expect(arp).toMatch(/10\.0\.0\.13\s+02-bf-0a-00-00-64\s+dynamic/);
    expect(sim.stats().framesOnWire).toBe(0);
  });
});

describe('a second network adapter (Q233279)', () => {
  it('Host 2 reaches Host 3 by its dedicated IP: 10 of 10 served by Host 3, 8 frames each on the wire', () => {
    const sim = new Simulation(hostToHost(withSecondNics));
    expect(sim.runConnections(10)).toMatchObject({ completed: 10, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 10 });
    expect(sim.stats().framesOnWire).toBe(10 * 8);
    expect(sim.stats().loopbackConnections).toBe(0);
  });

  it('the dedicated traffic uses the second NICs: their own MACs, on switch ports 5 to 7, never the cluster MAC', () => {
    const sim = new Simulation(hostToHost(withSecondNics));
    const seen = tapSwitch(sim);
    sim.runConnections(3);
    const tcp = seen.filter((x) => x.frame.ip?.tcp);
    expect(tcp.length).toBe(3 * 8);
    // Ports (0-based): router 0, cluster NICs 1-3, second NICs 4-6.
    expect(new Set(tcp.map((x) => x.port))).toEqual(new Set([5, 6]));
    expect(tcp.every((x) => x.frame.ethDst !== 0x02bf0a000064)).toBe(true);
    // The second NICs' MACs, 00-15-5D-01-00-02 (Host 2) and 00-15-5D-01-00-03 (Host 3), learned on their ports.
    const table = sim.stats().switchTable;
    expect(table).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ mac: '00-15-5D-01-00-02', port: 6 }),
        expect.objectContaining({ mac: '00-15-5D-01-00-03', port: 7 }),
      ]),
    );
  });

  it('the cluster adapter leaves ARP for the dedicated IP to the second NIC, and says so', () => {
    const sim = new Simulation(hostToHost(withSecondNics));
    sim.openConnection();
    sim.advanceTo(100);
    const texts = sim
      .take()
      .decisions.filter((d) => d.code === 'nic.otherAdapter' && d.node === 'A3')
      .map((d) => decisionText(d));
    expect(
      texts.some((t) => t.includes('10.0.0.13 is the dedicated IP, which lives on the second NIC')),
    ).toBe(true);
  });

  it('VIP traffic from outside still goes through NLB on the cluster adapter: 300 of 300 balanced', () => {
    const sim = new Simulation(quietScenario(withSecondNics));
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    const counts = Object.values(served(sim));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(counts.every((n) => n > 50)).toBe(true);
  });

  it('ipconfig shows two adapters: the VIP on the cluster MAC, the dedicated IP on the second MAC', () => {
    const sim = new Simulation(hostToHost(withSecondNics));
    const text = hostCommandOutput(sim, 'A3', 'ipconfig')!;
    expect(text).toMatch(
      /Ethernet adapter Cluster \(NLB bound\):\s+Physical Address[ .]+: 02-BF-0A-00-00-64\s+IPv4 Address[ .]+: 10\.0\.0\.100/,
    );
    expect(text).toMatch(
      /Ethernet adapter Dedicated:\s+Physical Address[ .]+: 00-15-5D-01-00-03\s+IPv4 Address[ .]+: 10\.0\.0\.13/,
    );
  });

  it('a client on a host still loops back to itself when it connects to the VIP (Q247768 holds)', () => {
    const sim = new Simulation(
      hostToHost((s) => {
        withSecondNics(s);
        s.client.target = { kind: 'vip', cluster: 'A' };
      }),
    );
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 20, 'Host 3': 0 });
    expect(sim.stats().framesOnWire).toBe(0);
  });
});

describe('unicast inter-host communication (one NIC)', () => {
  it('Host 2 reaches Host 3: Host 3 answers ARP with its own MAC 02-03-0A-00-00-64, and serves 10 of 10', () => {
    const sim = new Simulation(hostToHost((s) => (s.clusters[0]!.unicastInterHost = true)));
    expect(sim.runConnections(10)).toMatchObject({ completed: 10, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 10 });
    expect(hostCommandOutput(sim, 'A2', 'arp -a')!).toMatch(/10\.0\.0\.13\s+02-03-0a-00-00-64\s+dynamic/);
  });

  it('means nothing in multicast mode, where hosts keep their own MACs anyway', () => {
    const sim = new Simulation(
      hostToHost((s) => {
        s.clusters[0]!.mode = 'multicast';
        s.clusters[0]!.unicastInterHost = true;
      }),
    );
    expect(sim.runConnections(5)).toMatchObject({ completed: 5, failed: 0 });
    expect(hostCommandOutput(sim, 'A2', 'arp -a')!).toMatch(/10\.0\.0\.13\s+00-15-5d-00-00-03\s+dynamic/);
  });
});
