// Cluster modes and addressing (NLB.md, "How every host sees every packet"): the cluster MAC per
// mode, masked source MACs, ARP answers, what the switch learns, and KB Q197864 (dedicated IPs).
import { describe, expect, it } from 'vitest';
import { isGroupMac } from './addr';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import type { Decision } from './types';
import type { ClusterMode } from '../scenario/types';
import { quietScenario as scenario, servedByName as served, tapSwitch } from './testing';

/** A MAC (a number, as the engine keeps it) in Windows' dashed upper-case form; written here, not borrowed. */
function mac(value: number): string {
  const bytes: string[] = [];
  let rest = value;
  for (let i = 0; i < 6; i++) {
    bytes.unshift((rest % 256).toString(16).toUpperCase().padStart(2, '0'));
    rest = Math.floor(rest / 256);
  }
  return bytes.join('-');
}

/** Two leading bytes followed by the four octets of a dotted VIP, e.g. (0x02, 0xBF, '10.0.0.100'). */
function macFromVip(first: number, second: number, vip: string): string {
  return [first, second, ...vip.split('.').map(Number)]
    .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    .join('-');
}

describe('unicast mode addressing', () => {
  it('puts the cluster MAC 02-BF-0A-00-00-64 (from VIP 10.0.0.100) on every host NIC', () => {
    const sim = new Simulation(scenario());
    expect(macFromVip(0x02, 0xbf, '10.0.0.100')).toBe('02-BF-0A-00-00-64');
    expect(mac(sim.clusters[0]!.clusterMac)).toBe('02-BF-0A-00-00-64');
    for (const host of sim.hosts) expect(mac(host.nicMac)).toBe('02-BF-0A-00-00-64');
    for (const node of sim.topology().nodes.filter((n) => n.kind === 'host'))
      expect(node.mac).toBe('02-BF-0A-00-00-64');
  });

  it('derives the cluster MAC from whatever the VIP is (10.0.0.200 -> 02-BF-0A-00-00-C8; 192.168.7.33 -> 02-BF-C0-A8-07-21)', () => {
    for (const vip of ['10.0.0.200', '192.168.7.33']) {
      const sim = new Simulation(scenario((s) => (s.clusters[0]!.vip = vip)));
      for (const host of sim.hosts) expect(mac(host.nicMac)).toBe(macFromVip(0x02, 0xbf, vip));
    }
    expect(macFromVip(0x02, 0xbf, '192.168.7.33')).toBe('02-BF-C0-A8-07-21');
  });

  it('masks each host source MAC as 02-<host priority>-<VIP> (priorities 5, 17, 32 -> 02-05, 02-11, 02-20)', () => {
    const sim = new Simulation(
      scenario((s) => {
        const prios = [5, 17, 32];
        s.clusters[0]!.hosts.forEach((h, i) => {
          h.priority = prios[i]!;
          h.handlingPriority = prios[i]!;
        });
      }),
    );
    expect(sim.hosts.map((h) => mac(h.outgoingSourceMac))).toEqual([
      '02-05-0A-00-00-64',
      '02-11-0A-00-00-64',
      '02-20-0A-00-00-64',
    ]);
    // And that is really what goes on the wire: every frame a host sends carries its masked MAC.
    const tap = tapSwitch(sim);
    sim.runConnections(30);
    sim.advanceTo(sim.now + 2000); // heartbeats too
    const fromHosts = tap.filter((x) => x.port >= 1);
    expect(fromHosts.length).toBeGreaterThan(30);
    for (const { port, frame } of fromHosts) {
      expect(mac(frame.ethSrc)).toBe(mac(sim.hosts[port - 1]!.outgoingSourceMac));
      expect(mac(frame.ethSrc)).not.toBe('02-BF-0A-00-00-64');
    }
  });

  it('sends with the cluster MAC itself as source when MaskSourceMAC is off', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.maskSourceMac = false)));
    for (const host of sim.hosts) expect(mac(host.outgoingSourceMac)).toBe('02-BF-0A-00-00-64');
  });

  it('answers ARP for the VIP and for every dedicated IP with the cluster MAC (so the router learns 02-BF-...)', () => {
    const sim = new Simulation(scenario());
    sim.openConnection();
    sim.advanceTo(100);
    const replies = sim.take().decisions.filter((d) => d.action === 'reply');
    // Every host holds the VIP, so every host answers the router's ARP request for it.
    expect(replies.map((d) => d.node).sort()).toEqual(['A1', 'A2', 'A3']);
    for (const d of replies) expect(decisionText(d)).toContain('10.0.0.100 is at 02-BF-0A-00-00-64');
    expect(mac(sim.router.lanStack.arpCache.get(sim.clusters[0]!.vip)!)).toBe('02-BF-0A-00-00-64');

    const toDip = new Simulation(
      scenario((s) => (s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 })),
    );
    toDip.runConnections(1);
    expect(mac(toDip.router.lanStack.arpCache.get(toDip.hosts[2]!.dip)!)).toBe('02-BF-0A-00-00-64');
  });
});

describe.each<ClusterMode>(['multicast', 'igmp'])('%s mode addressing', (mode) => {
  const expectedClusterMac = mode === 'multicast' ? macFromVip(0x03, 0xbf, '10.0.0.100') : null;

  it('gives the cluster a group MAC while every NIC keeps its own MAC', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.mode = mode)));
    const clusterMac = mac(sim.clusters[0]!.clusterMac);
    if (expectedClusterMac) expect(clusterMac).toBe('03-BF-0A-00-00-64');
    // IGMP multicast: only the 01-00-5E prefix is confirmed by a source (the rest is illustrative).
    else expect(clusterMac.startsWith('01-00-5E-')).toBe(true);
    const nics = sim.hosts.map((h) => mac(h.nicMac));
    expect(new Set(nics).size).toBe(sim.hosts.length);
    for (const host of sim.hosts) {
      expect(host.nicMac).toBe(host.burnedInMac);
      expect(mac(host.nicMac)).not.toBe(clusterMac);
      expect(host.outgoingSourceMac).toBe(host.burnedInMac);
    }
  });

  it('answers ARP for the VIP with the cluster group MAC and for a dedicated IP with the NIC own MAC', () => {
    // No static entry on the router, so that it has to ask.
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.mode = mode;
        s.network.routerStaticArpForVip = false;
      }),
    );
    const clusterMac = mac(sim.clusters[0]!.clusterMac);
    sim.openConnection();
    sim.advanceTo(100);
    const replies = sim
      .take()
      .decisions.filter((d) => d.action === 'reply' && decisionText(d).includes('10.0.0.100 is at'));
    expect(replies.length).toBe(3);
    for (const d of replies) expect(decisionText(d)).toContain(`10.0.0.100 is at ${clusterMac}`);

    // Host 1 reaches Host 3 by its dedicated IP and learns Host 3's own MAC.
    const inside = new Simulation(
      scenario((s) => {
        s.clusters[0]!.mode = mode;
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
      }),
    );
    expect(inside.runConnections(1)).toMatchObject({ completed: 1, failed: 0 });
    expect(mac(inside.hosts[0]!.stack.arpCache.get(inside.hosts[2]!.dip)!)).toBe(
      mac(inside.hosts[2]!.burnedInMac),
    );
  });

  it('balances outside clients through the router static ARP entry for the VIP', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.mode = mode)));
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    for (const n of Object.values(served(sim))) expect(n).toBeGreaterThan(50);
    expect(mac(sim.router.lanStack.arpCache.get(sim.clusters[0]!.vip)!)).toBe(
      mac(sim.clusters[0]!.clusterMac),
    );
  });

  it('cannot be reached from outside without the static ARP entry: the router refuses a multicast MAC for the VIP', () => {
    // NLB.md: "Routers may need a static ARP entry"; the scenario's routerStaticArpForVip=false models
    // a router that refuses an ARP reply mapping a unicast IP to a multicast MAC, so the VIP stays unresolved.
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.mode = mode;
        s.network.routerStaticArpForVip = false;
      }),
    );
    expect(sim.runConnections(5)).toMatchObject({ completed: 0, failed: 5 });
    expect(sim.router.lanStack.arpCache.has(sim.clusters[0]!.vip)).toBe(false);
  });
});

describe('the switch MAC table', () => {
  it('never learns the cluster MAC with masking on, and floods every VIP frame to every host port', () => {
    const sim = new Simulation(scenario());
    const n = 20;
    for (let i = 0; i < n; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 100);
    }
    expect(sim.stats().completedConnections).toBe(n);
    expect([...sim.switch.macTable.keys()].map(mac)).not.toContain('02-BF-0A-00-00-64');
    const { hops, decisions } = sim.take();
    // Frames from the router into the switch that belong to connections (to the VIP).
    const inbound = hops.filter((h) => h.from === 'router' && h.to === 'switch' && h.connId > 0);
    expect(inbound.length).toBe(n * 5); // SYN, ACK, request, FIN, last ACK per connection
    for (const h of inbound) {
      const out = hops.filter((o) => o.frameId === h.frameId && o.from === 'switch').map((o) => o.to);
      expect(out.sort()).toEqual(['A1', 'A2', 'A3']);
      const flood = decisions.find((d) => d.frameId === h.frameId && d.node === 'switch');
      expect(flood?.action).toBe('flood');
      expect(flood ? decisionText(flood) : undefined).toContain('02-BF-0A-00-00-64');
    }
  });

  it('with masking off learns the cluster MAC on one port: VIP frames reach one host, others bucket-owned connections time out', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.maskSourceMac = false)));
    sim.advanceTo(3000); // heartbeats have gone out with the cluster MAC as their source
    expect([...sim.switch.macTable.keys()].map(mac)).toContain('02-BF-0A-00-00-64');
    sim.take();
    const n = 15;
    for (let i = 0; i < n; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 25_000 + 137 * i); // past a timeout (21 s), at varying heartbeat phases
    }
    const { hops, decisions } = sim.take();
    let completed = 0;
    let failed = 0;
    for (let connId = 1; connId <= n; connId++) {
      const syns = hops.filter(
        (h) => h.connId === connId && h.kind === 'syn' && h.from === 'router' && h.to === 'switch',
      );
      expect(syns.length).toBeGreaterThanOrEqual(1);
      // Each SYN goes to exactly one host port: the one the cluster MAC was last learned on.
      const reached = syns.map((syn) => {
        const out = hops.filter((o) => o.frameId === syn.frameId && o.from === 'switch');
        expect(out).toHaveLength(1);
        return out[0]!.to;
      });
      // Who owns the bucket: the NLB verdict of whichever host got the first SYN names the owner.
      const verdict = decisions.find(
        (d) =>
          d.connId === connId && d.frameId === syns[0]!.frameId && / NLB: SYN from /.test(decisionText(d)),
      )!;
      const owner = /owned by (Host \d)/.exec(decisionText(verdict))![1]!;
      const ownerId = `A${owner.slice(5)}`;
      const outcome = decisions.find(
        (d) => d.connId === connId && (d.action === 'complete' || d.action === 'timeout'),
      )!;
      if (reached.includes(ownerId)) {
        expect(outcome.action).toBe('complete');
        completed++;
      } else {
        // The SYN only ever reaches a host that does not own the bucket: retransmitted, then it times out.
        expect(outcome.action).toBe('timeout');
        expect(syns).toHaveLength(1 + sim.scenario.tcp.maxSynRetransmissions);
        expect(decisions.filter((d) => d.connId === connId && d.action === 'retransmit')).toHaveLength(2);
        failed++;
      }
    }
    // With 3 hosts, two thirds of the buckets belong to hosts other than the learned port's.
    expect(failed).toBeGreaterThan(0);
    expect(completed).toBeGreaterThan(0);
    expect(sim.stats().failedConnections).toBe(failed);
  });
});

describe('dedicated IPs (KB Q197864)', () => {
  it('unicast: a client on Host 2 cannot reach Host 3 by its dedicated IP; no frame reaches the wire', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
      }),
    );
    expect(sim.runConnections(3)).toMatchObject({ completed: 0, failed: 3 });
    const stats = sim.stats();
    expect(stats.framesOnWire).toBe(0);
    expect(stats.retransmissions).toBe(3 * 2);
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 0 });
  });

  it('multicast: the same connection works, served by Host 3 over the wire (8 segments per connection)', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0]!.mode = 'multicast';
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
      }),
    );
    expect(sim.runConnections(10)).toMatchObject({ completed: 10, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 0, 'Host 2': 0, 'Host 3': 10 });
    // SYN, SYN-ACK, ACK, request, response, FIN, FIN, ACK: 8 frames, each on one host-switch link.
    expect(sim.stats().framesOnWire).toBe(10 * 8);
    expect(sim.stats().loopbackConnections).toBe(0);
  });

  it.each<ClusterMode>(['unicast', 'multicast'])(
    '%s: from outside, a dedicated IP always works and is never balanced',
    (mode) => {
      for (const hostIndex of [0, 1, 2]) {
        const sim = new Simulation(
          scenario((s) => {
            s.clusters[0]!.mode = mode;
            s.client.target = { kind: 'dip', cluster: 'A', hostIndex };
            // Weight 0 would take this host out of balancing; dedicated IP traffic does not care.
            s.clusters[0]!.portRules[0]!.equalLoad = false;
            s.clusters[0]!.hosts[hostIndex]!.loadWeight = 0;
          }),
        );
        expect(sim.runConnections(90)).toMatchObject({ completed: 90, failed: 0 });
        const expected = { 'Host 1': 0, 'Host 2': 0, 'Host 3': 0 } as Record<string, number>;
        expected[`Host ${hostIndex + 1}`] = 90;
        expect(served(sim)).toEqual(expected);
      }
    },
  );

  it('the dedicated-IP accept says it was not filtered, and no NLB bucket verdict is made for it', () => {
    const sim = new Simulation(
      scenario((s) => (s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 0 })),
    );
    sim.openConnection();
    sim.advanceTo(200);
    const decisions: Decision[] = sim.take().decisions.filter((d) => d.connId === 1);
    expect(decisions.some((d) => d.action === 'complete')).toBe(true);
    expect(decisions.some((d) => /bucket \d+/.test(decisionText(d)))).toBe(false);
    const accepts = decisions.filter(
      (d) => d.node === 'A1' && d.action === 'accept' && /dedicated IP/.test(decisionText(d)),
    );
    expect(accepts.length).toBeGreaterThan(0);
    expect(decisionText(accepts[0]!)).toContain('10.0.0.11');
  });
});

describe('group MACs', () => {
  it('are those whose first octet has its lowest bit set', () => {
    expect(isGroupMac(0xffff_ffff_ffff)).toBe(true); // broadcast
    expect(isGroupMac(0x0100_5e7f_0064)).toBe(true); // IGMP mode, 01-00-5E-7F-00-64
    expect(isGroupMac(0x03bf_0a00_0064)).toBe(true); // multicast mode, 03-BF-10-0-0-100
    expect(isGroupMac(0x02bf_0a00_0064)).toBe(false); // unicast mode, 02-BF-...
    expect(isGroupMac(0x0015_5d00_0001)).toBe(false); // Host 1's NIC
    expect(isGroupMac(0xfeff_ffff_ffff)).toBe(false);
    expect(isGroupMac(0x0000_0000_0000)).toBe(false);
  });
});
