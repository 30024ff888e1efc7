// Every decision says why, naming the rule, bucket, owner or address involved -- and what it says is
// true (checked against the bucket map and the documented hash, not against other texts).
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { bucketOf } from './buckets';
import type { Decision, DecisionAction } from './types';
import type { Affinity } from '../scenario/types';
import { quietScenario as scenario, portRule as rule } from './testing';

function parseIp(dotted: string): number {
  return dotted.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function run(sim: Simulation, connections: number, gapMs = 50): Decision[] {
  for (let i = 0; i < connections; i++) {
    sim.openConnection();
    sim.advanceTo(sim.now + gapMs);
  }
  return sim.take().decisions;
}

const IP = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;
const MAC = /\b[0-9A-F]{2}(-[0-9A-F]{2}){5}\b/;

describe('NLB verdicts name the bucket and its owner, truthfully', () => {
  it.each<Affinity>(['none', 'single', 'network'])(
    'affinity %s: the bucket named is the hash of the client, the owner named owns it',
    (affinity) => {
      const sim = new Simulation(scenario((s) => (s.clusters[0]!.portRules = [rule({ affinity })])));
      const decisions = run(sim, 40);
      const owners = sim.clusters[0]!.rules[0]!.owners;
      const verdicts = decisions.filter((d) => / NLB: SYN from /.test(decisionText(d)));
      expect(verdicts).toHaveLength(40 * 3);
      for (const d of verdicts) {
        const m =
          /SYN from ([\d.]+):(\d+) .*bucket (\d+) of 60, owned by Host (\d+) -> (accepted|dropped)/.exec(
            decisionText(d),
          );
        expect(m, decisionText(d)).not.toBeNull();
        const [, ip, port, bucket, ownerNo, verdict] = m!;
        expect(Number(bucket)).toBe(bucketOf(parseIp(ip!), Number(port), affinity, 60));
        expect(Number(ownerNo) - 1).toBe(owners[Number(bucket)]);
        expect(decisionText(d)).toContain(
          affinity === 'none'
            ? 'affinity None'
            : affinity === 'single'
              ? 'affinity Single'
              : 'affinity Network',
        );
        // The host that accepts is the owner; the others drop.
        const isOwner = d.node === `A${ownerNo}`;
        expect(verdict).toBe(isOwner ? 'accepted' : 'dropped');
        expect(d.action).toBe(isOwner ? 'accept' : 'drop');
      }
    },
  );

  it('later packets of a connection name the host holding its descriptor', () => {
    const sim = new Simulation(scenario());
    const decisions = run(sim, 5);
    const held = decisions.filter((d) => d.action === 'drop' && /descriptor/.test(decisionText(d)));
    expect(held.length).toBeGreaterThan(0);
    for (const d of held) {
      const holder = /(Host \d) holds this connection's descriptor/.exec(decisionText(d))![1]!;
      const server = decisions.find(
        (x) => x.connId === d.connId && x.action === 'accept' && decisionText(x).includes('TCP: the server'),
      )!;
      expect(server.node).toBe(`A${holder.slice(5)}`);
    }
  });

  it('a Single-host rule names the rule and the handler; Disabled names the rule; uncovered traffic names the default host', () => {
    const single = new Simulation(
      scenario((s) => {
        s.clusters[0]!.portRules = [rule({ filtering: 'single' })];
        [2, 3, 1].forEach((hp, i) => (s.clusters[0]!.hosts[i]!.handlingPriority = hp));
      }),
    );
    for (const d of run(single, 1).filter(
      (x) => / NLB: /.test(decisionText(x)) && decisionText(x).includes('Single host'),
    )) {
      expect(decisionText(d)).toContain('port rule 0-65535/BOTH on all VIPs (Single host)');
      expect(decisionText(d)).toContain('Host 3 has the best handling priority');
    }
    const disabled = new Simulation(
      scenario(
        (s) =>
          (s.clusters[0]!.portRules = [
            rule({ startPort: 80, endPort: 80, protocol: 'tcp', filtering: 'disabled' }),
          ]),
      ),
    );
    const blocked = run(disabled, 1, 100).filter((x) => / NLB: /.test(decisionText(x)));
    expect(blocked).toHaveLength(3);
    for (const d of blocked) {
      expect(d.action).toBe('drop');
      expect(decisionText(d)).toContain('port rule 80-80/TCP on all VIPs (Disabled)');
    }
    const uncovered = new Simulation(
      scenario((s) => (s.clusters[0]!.portRules = [rule({ startPort: 81, endPort: 65535 })])),
    );
    const byDefault = run(uncovered, 1).filter((x) => / NLB: no port rule/.test(decisionText(x)));
    expect(byDefault.length).toBeGreaterThanOrEqual(3);
    for (const d of byDefault) {
      expect(decisionText(d)).toContain('port 80');
      expect(decisionText(d)).toContain('the default host (Host 1');
    }
  });
});

describe('other decisions name what they are about', () => {
  it('switch floods name the destination MAC and why it is flooded', () => {
    const sim = new Simulation(scenario());
    const floods = run(sim, 3).filter((d) => d.action === 'flood');
    expect(floods.length).toBeGreaterThan(0);
    for (const d of floods) {
      expect(decisionText(d)).toMatch(/broadcast|multicast|not in the MAC table/);
      if (/unknown unicast/.test(decisionText(d))) expect(decisionText(d)).toMatch(MAC);
      expect(decisionText(d)).toContain('flooded to every other port (3)');
    }
    expect(floods.some((d) => decisionText(d).includes('02-BF-0A-00-00-64 is not in the MAC table'))).toBe(
      true,
    );
  });

  it('an IGMP-mode flood says the switch does no IGMP snooping, and what snooping would change', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.mode = 'igmp')));
    const floods = run(sim, 3).filter((d) => d.action === 'flood' && decisionText(d).includes('01-00-5E'));
    expect(floods.length).toBeGreaterThan(0);
    for (const d of floods) {
      expect(decisionText(d)).toContain('IP multicast 01-00-5E-7F-00-64');
      expect(decisionText(d)).toContain('no IGMP snooping');
      expect(decisionText(d)).toContain('flooded to every other port (3)');
    }
    // Multicast mode's 03-BF MAC is not an IP multicast MAC: snooping would not apply to it.
    const multicast = new Simulation(scenario((s) => (s.clusters[0]!.mode = 'multicast')));
    const mFloods = run(multicast, 3).filter(
      (d) => d.action === 'flood' && decisionText(d).includes('03-BF'),
    );
    expect(mFloods.length).toBeGreaterThan(0);
    for (const d of mFloods) expect(decisionText(d)).not.toContain('IGMP');
  });

  it('loopback names the address and the host (Q247768), or the NIC MAC (Q197864)', () => {
    const vip = new Simulation(
      scenario((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 })),
    );
    const loops = run(vip, 2).filter((d) => d.action === 'loopback');
    expect(loops).toHaveLength(2 * 8);
    // SYN, ACK, request, FIN and the last ACK go to the VIP; SYN-ACK, response and FIN come back.
    expect(loops.filter((d) => decisionText(d).startsWith('Host 2 TCP/IP: 10.0.0.100 '))).toHaveLength(2 * 5);
    for (const d of loops) {
      expect(d.node).toBe('A2');
      // Client to server: to the VIP; server to client: to Host 2's dedicated IP, 10.0.0.12.
      expect(decisionText(d)).toMatch(/(10\.0\.0\.100|10\.0\.0\.12) is one of Host 2's own addresses/);
    }
    const dip = new Simulation(
      scenario((s) => {
        s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 2 };
      }),
    );
    const nic = run(dip, 1, 25_000).filter((d) => d.action === 'loopback');
    expect(nic.length).toBeGreaterThan(0);
    for (const d of nic) expect(decisionText(d)).toContain('02-BF-0A-00-00-64');
  });

  it('retransmissions and timeouts name the address, the wait and the count; resets name the port or the peer', () => {
    const sim = new Simulation(
      scenario((s) => (s.clusters[0]!.portRules = [rule({ filtering: 'disabled' })])),
    );
    const decisions = run(sim, 1, 25_000);
    const retries = decisions.filter((d) => d.action === 'retransmit');
    expect(retries.map((d) => decisionText(d))).toEqual([
      expect.stringMatching(/10\.0\.0\.100 within 3000 ms .*retry 1 of 2/),
      expect.stringMatching(/10\.0\.0\.100 within 6000 ms .*retry 2 of 2/),
    ]);
    const timeouts = decisions.filter((d) => d.action === 'timeout');
    expect(timeouts).toHaveLength(1);
    expect(decisionText(timeouts[0]!)).toContain('3 SYNs to 10.0.0.100:80');

    const refused = new Simulation(
      scenario((s) => s.clusters[0]!.hosts.forEach((h) => (h.serverRunning = false))),
    );
    const resets = run(refused, 1).filter((d) => d.action === 'reset');
    expect(resets.length).toBe(2); // the server host's refusal and the client's failure
    expect(resets.some((d) => /port 80/.test(decisionText(d)))).toBe(true);
    expect(
      resets.some((d) => d.node === 'client1' && /10\.0\.0\.100 answered RST/.test(decisionText(d))),
    ).toBe(true);
  });

  it('drops by a crashed host, a stopped NLB, or an unplugged cable say so and name the host', () => {
    const sim = new Simulation(scenario((s) => (s.client.connectionsPerSecond = 0)));
    sim.applyHostAction('A', 0, 'crash');
    sim.applyHostAction('A', 1, 'stopNlb');
    sim.applyHostAction('A', 2, 'unplug');
    const drops = run(sim, 1, 200).filter((d) => d.action === 'drop' && d.connId > 0);
    expect(drops.some((d) => d.node === 'A1' && /Host 1 is down \(crashed\)/.test(decisionText(d)))).toBe(
      true,
    );
    expect(
      drops.some((d) => d.node === 'A2' && /stopped on this host.*10\.0\.0\.100/.test(decisionText(d))),
    ).toBe(true);
    expect(drops.some((d) => /cable to Host 3 is unplugged/.test(decisionText(d)))).toBe(true);
  });
});

describe('a sweep over a busy run with faults', () => {
  const EXPLAINED: DecisionAction[] = [
    'accept',
    'drop',
    'flood',
    'loopback',
    'retransmit',
    'reset',
    'timeout',
  ];

  it('every accept, drop, flood, loopback, retransmit, reset and timeout names an address, MAC, bucket, rule or host', () => {
    const seen = new Set<DecisionAction>();
    for (const location of [
      { kind: 'outside' as const },
      { kind: 'host' as const, cluster: 'A' as const, hostIndex: 0 },
    ]) {
      const sim = new Simulation(
        scenario((s) => {
          s.client.location = location;
          s.client.connectionsPerSecond = 20;
          s.clusters[0]!.hosts[2]!.serverRunning = false;
          // Detection takes 10 periods: SYNs to the crashed host's buckets run out of retries.
          s.clusters[0]!.aliveMsgTolerance = 10;
          s.timeline = [
            { atMs: 1500, action: 'crash', cluster: 'A', hostIndex: 1 },
            { atMs: 16_000, action: 'drainstop', cluster: 'A', hostIndex: 0 },
            { atMs: 20_000, action: 'restart', cluster: 'A', hostIndex: 1 },
          ];
        }),
      );
      sim.advanceTo(25_000);
      const decisions = sim.take().decisions.filter((d) => EXPLAINED.includes(d.action));
      for (const d of decisions) seen.add(d.action);
      for (const d of decisions) {
        expect(decisionText(d).length, decisionText(d)).toBeGreaterThan(25);
        // ("broadcast" names the all-ones MAC of an ARP request or a unicast-mode heartbeat.)
        expect(
          IP.test(decisionText(d)) ||
            MAC.test(decisionText(d)) ||
            /\bbucket \d+|port rule|\bport \d+|Host \d|\bbroadcast\b/.test(decisionText(d)),
          decisionText(d),
        ).toBe(true);
        if ((d.action === 'accept' || d.action === 'drop') && / NLB: /.test(decisionText(d))) {
          expect(decisionText(d), decisionText(d)).toMatch(
            /bucket \d+ of \d+, owned by|port rule|default host|descriptor|stopped|draining|dedicated IP/,
          );
        }
      }
    }
    // The two runs between them made every kind of decision checked here.
    expect([...seen].sort()).toEqual([...EXPLAINED].sort());
  });
});
