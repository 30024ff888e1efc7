// The load balancers of today against MODERN.md, with numbers: local capture loops back (0 frames on
// the wire, 100 % refused with the local server stopped), the half-NAT hairpin fails about 1/N with
// timeouts after SYN retransmissions, source NAT and proxies never fail; and what the log says.
import { describe, expect, it, vi } from 'vitest';
import { formatIp } from './addr';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { quietScenario } from './testing';
import type { Decision } from './types';
import type { BalancerConfig, Scenario } from '../scenario/types';

// Each case runs thousands of connections (about 0.3 s alone); a loaded two-core CI machine is slower.
vi.setConfig({ testTimeout: 30_000 });

const FROM_HOST_1 = { kind: 'host', cluster: 'A', hostIndex: 0 } as const;

function scenario(balancer: BalancerConfig, change: (s: Scenario) => void = () => {}): Scenario {
  return quietScenario((s) => {
    if (balancer.kind !== 'nlb') s.clusters[0]!.balancer = balancer;
    s.client.location = FROM_HOST_1;
    change(s);
  });
}

function run(balancer: BalancerConfig, n: number, change?: (s: Scenario) => void) {
  const sim = new Simulation(scenario(balancer, change));
  const before = sim.world.framesOnWire;
  const result = sim.runConnections(n);
  return { sim, result, frames: sim.world.framesOnWire - before, stats: sim.stats() };
}

/** Play at full detail for `ms` simulated ms, collecting every decision. */
function played(sim: Simulation, ms: number): Decision[] {
  const decisions: Decision[] = [];
  for (let t = sim.now; t < ms;) {
    t = Math.min(ms, t + 250);
    sim.advanceTo(t);
    decisions.push(...sim.take().decisions);
  }
  return decisions;
}

const LOCAL_CAPTURE: BalancerConfig[] = [
  { kind: 'nlb' },
  { kind: 'lvsDr' },
  { kind: 'gcpInternal' },
  { kind: 'azureIlb', floatingIp: true },
];
const HALF_NAT: BalancerConfig[] = [
  { kind: 'azureIlb' },
  { kind: 'awsNlb' },
  { kind: 'awsNlb', clientIpPreservation: true },
  { kind: 'kubeProxy', hairpinMode: false },
];
const NEVER_FAIL: BalancerConfig[] = [
  { kind: 'awsNlb', clientIpPreservation: false },
  { kind: 'kubeProxy' },
  { kind: 'haproxy' },
];
const ALL = [...LOCAL_CAPTURE, ...HALF_NAT, ...NEVER_FAIL];

describe('A: local capture (NLB, LVS-DR, Google Cloud, Azure with Floating IP)', () => {
  it.each(LOCAL_CAPTURE)(
    '%j: 3,000 connections from Host 1 are all served by Host 1 through its loopback, 0 frames on the wire',
    (b) => {
      const { result, frames, stats } = run(b, 3000);
      expect(result.completed).toBe(3000);
      expect(result.servedBy).toEqual({ A1: 3000 });
      expect(stats.loopbackConnections).toBe(3000);
      expect(frames).toBe(0);
    },
  );

  it.each(LOCAL_CAPTURE)(
    '%j: with Host 1’s server stopped, 100 % are refused at once though Hosts 2 and 3 are healthy',
    (b) => {
      const { result, frames } = run(b, 300, (s) => {
        s.clusters[0]!.hosts[0]!.serverRunning = false;
      });
      expect(result.failed).toBe(300);
      expect(result.failedHow).toEqual({ refused: 300 });
      expect(frames).toBe(0);
    },
  );

  it('the loopback decision says how the VIP is bound: on lo (LVS), a local route (Google), Floating IP (inferred)', () => {
    const words = (b: BalancerConfig) => {
      const sim = new Simulation(scenario(b));
      sim.openConnection();
      return played(sim, 100)
        .filter((d) => d.code === 'stack.loopback')
        .map(decisionText)[0];
    };
    expect(words({ kind: 'lvsDr' })).toContain('bound on lo');
    expect(words({ kind: 'gcpInternal' })).toContain("guest agent's local route");
    expect(words({ kind: 'azureIlb', floatingIp: true })).toContain('inferred, illustrative');
    expect(words({ kind: 'nlb' })).toContain('KB Q247768');
  });

  it('a real server does not answer ARP for the VIP (arp_ignore): the director does, from outside', () => {
    const sim = new Simulation(quietScenario((s) => (s.clusters[0]!.balancer = { kind: 'lvsDr' })));
    sim.openConnection();
    const replies = played(sim, 100).filter((d) => d.code === 'arp.reply');
    expect(replies.map((d) => d.node)).toEqual(['lbA']);
  });
});

describe('B: half-NAT hairpin (Azure default, AWS with client IP preservation, Kubernetes without hairpin mode)', () => {
  it.each(HALF_NAT)(
    '%j: about 1/3 of 3,000 connections from Host 1 fail, each a timeout after 2 SYN retransmissions',
    (b) => {
      const { result, stats } = run(b, 3000);
      // 1/N with N = 3 backends, within ±150 (5 points) of 1,000.
      expect(result.failed).toBeGreaterThanOrEqual(850);
      expect(result.failed).toBeLessThanOrEqual(1150);
      expect(result.failedHow).toEqual({ timeout: result.failed });
      // Every failure is the SYN and its two retransmissions: 2 retransmissions per failed connection.
      expect(stats.retransmissions).toBe(2 * result.failed);
      // Never served by the caller: the flows the balancer sends back to Host 1 are the ones that fail.
      expect(result.servedBy.A1 ?? 0).toBe(0);
      expect(result.completed).toBe(3000 - result.failed);
    },
  );

  it('with 5 backends about 1/5 fail (600 ± 120 of 3,000)', () => {
    const { result } = run({ kind: 'azureIlb' }, 3000, (s) => {
      const more = quietScenario().clusters[0]!;
      s.clusters[0]!.hosts = [0, 1, 2, 3, 4].map((i) => ({
        ...more.hosts[0]!,
        priority: i + 1,
        handlingPriority: i + 1,
        dip: `10.0.0.${11 + i}`,
      }));
    });
    expect(result.failed).toBeGreaterThanOrEqual(480);
    expect(result.failed).toBeLessThanOrEqual(720);
  });

  it('the SYNs of a failing connection reach Host 1 at 0, 3 and 9 s and the caller gives up at 21 s; the log says why', () => {
    const sim = new Simulation(scenario({ kind: 'azureIlb' }));
    // Find a connection the flow hash sends back to Host 1: open them one by one at full detail.
    let decisions: Decision[] = [];
    for (let i = 0; i < 10; i++) {
      const id = sim.openConnection();
      const seen = played(sim, sim.now + 30_000);
      if (seen.some((d) => d.code === 'host.martian' && d.connId === id)) {
        decisions = seen.filter((d) => d.connId === id);
        break;
      }
    }
    expect(decisions.length).toBeGreaterThan(0);
    const martians = decisions.filter((d) => d.code === 'host.martian');
    const first = martians[0]!.t;
    // The SYN and its retransmissions after 3 s and 6 s more (the timeout doubles), each dropped at Host 1.
    expect(martians.map((d) => d.t - first)).toEqual([0, 3000, 9000]);
    // The caller gives up 12 s after the last: 21 s after its first SYN left, 4 ms (four 1 ms links:
    // to the switch, the balancer, the switch, Host 1) before that SYN came back to Host 1.
    const gaveUp = decisions.find((d) => d.code === 'tcp.synTimeout')!;
    expect(gaveUp.t - first).toBe(21_000 - 4);
    expect(martians.every((d) => d.node === 'A1')).toBe(true);
    const text = decisionText(martians[0]!);
    expect(text).toContain('source 10.0.0.11 is my own address: dropped, as Linux drops a martian packet');
    const dnat = decisions.find((d) => d.code === 'lb.rewrite')!;
    expect(decisionText(dnat)).toBe(
      'Load balancer DNAT: destination 10.0.0.100:80 -> 10.0.0.11:80; the source 10.0.0.11:' +
        `${(dnat.args as { before: { srcPort: number } }).before.srcPort} is kept, so the backend sees the caller`,
    );
    const pick = decisions.find((d) => d.code === 'lb.pick')!;
    expect(decisionText(pick)).toMatch(
      /Azure internal load balancer\): a new flow to 10\.0\.0\.100:80; its 5-tuple hash \d+ picks Host 1 of 3 healthy backends \(the hash is illustrative\)/,
    );
    // Retransmitted SYNs belong to the flow: the balancer sends them where the first went.
    expect(decisions.filter((d) => d.code === 'lb.flow')).toHaveLength(2);
  });

  it('Kubernetes without hairpin mode: the bridge drops the frame back to the caller’s own port', () => {
    const sim = new Simulation(scenario({ kind: 'kubeProxy', hairpinMode: false }));
    for (let i = 0; i < 12; i++) sim.openConnection();
    const drops = played(sim, 1000).filter((d) => d.code === 'lb.noHairpin');
    expect(drops.length).toBeGreaterThan(0);
    expect(decisionText(drops[0]!)).toContain(
      'would leave by the very port it came in by, and hairpin mode is off',
    );
  });

  it('UDP: 3,000 queries from Host 1 through Azure, about 1/3 unanswered; fragmented 4,000-byte queries from outside all answered', () => {
    const udp = (s: Scenario) => {
      s.client.protocol = 'udp';
      s.client.datagramBytes = 4000;
    };
    const fromHost = run({ kind: 'azureIlb' }, 3000, udp).result;
    expect(fromHost.failed).toBeGreaterThanOrEqual(850);
    expect(fromHost.failed).toBeLessThanOrEqual(1150);
    expect(fromHost.failedHow).toEqual({ noReply: fromHost.failed });
    const { result, sim } = run({ kind: 'azureIlb' }, 3000, (s) => {
      udp(s);
      s.client.location = { kind: 'outside' };
    });
    expect(result.failed).toBe(0);
    // Every piece of a reply came back through the balancer's flow, which it then forgets.
    expect(sim.balancers[0]!.flows.size).toBe(0);
  });

  it('from outside, Azure balances across all three and nothing fails (the reply is rewritten back to the VIP)', () => {
    const { result } = run({ kind: 'azureIlb' }, 3000, (s) => (s.client.location = { kind: 'outside' }));
    expect(result.failed).toBe(0);
    for (const host of ['A1', 'A2', 'A3']) expect(result.servedBy[host]).toBeGreaterThan(800);
  });
});

describe('C: source NAT and proxies never fail', () => {
  it.each(NEVER_FAIL)('%j: 3,000 from Host 1, 0 fail; Host 1 serves about a third, harmlessly', (b) => {
    const { result, frames } = run(b, 3000);
    expect(result.failed).toBe(0);
    expect(result.servedBy.A1).toBeGreaterThanOrEqual(850);
    expect(result.servedBy.A1).toBeLessThanOrEqual(1150);
    expect(frames).toBeGreaterThan(0);
  });

  it('AWS with preservation off: the backend sees the NLB’s own address 10.0.0.5 as the client', () => {
    const sim = new Simulation(scenario({ kind: 'awsNlb', clientIpPreservation: false }));
    sim.openConnection();
    const accepts = played(sim, 200).filter((d) => d.code === 'tcp.serverAccept');
    expect(accepts).toHaveLength(1);
    expect(formatIp((accepts[0]!.args as { src: number }).src)).toBe('10.0.0.5');
  });

  it('HAProxy: two connections, caller -> proxy and proxy -> backend; the backend’s client is the proxy', () => {
    const sim = new Simulation(scenario({ kind: 'haproxy' }));
    const id = sim.openConnection();
    const seen = played(sim, 200).filter((d) => d.connId === id);
    const accepts = seen.filter((d) => d.code === 'tcp.serverAccept');
    expect(accepts.map((d) => d.node)).toEqual(['lbA', 'A1']);
    expect(formatIp((accepts[1]!.args as { src: number }).src)).toBe('10.0.0.5');
    expect(decisionText(seen.find((d) => d.code === 'lb.proxyConnect')!)).toContain(
      'opens a connection of its own, 10.0.0.5:1024 -> 10.0.0.11:80 (Host 1)',
    );
    expect(sim.stats().completedConnections).toBe(1);
  });

  it('Kubernetes with hairpin mode: the self-pick is source-NATed to the node, the others only DNATed', () => {
    const sim = new Simulation(scenario({ kind: 'kubeProxy' }));
    for (let i = 0; i < 12; i++) sim.openConnection();
    const nats = played(sim, 1000).filter((d) => d.code === 'lb.rewrite');
    const kinds = new Set(nats.map((d) => (d.args as { nat: string }).nat));
    expect(kinds).toEqual(new Set(['dnat', 'dnatSnat', 'unDnat', 'unSnat']));
    expect(sim.stats().failedConnections).toBe(0);
  });
});

describe('every balancer', () => {
  it.each(ALL)('%j: from outside, 3,000 connections spread over the three backends and none fail', (b) => {
    const { result } = run(b, 3000, (s) => (s.client.location = { kind: 'outside' }));
    expect(result.failed).toBe(0);
    for (const host of ['A1', 'A2', 'A3']) expect(result.servedBy[host] ?? 0).toBeGreaterThan(700);
  });

  it.each(ALL.filter((b) => b.kind !== 'nlb'))(
    '%j: a crashed backend gets no new flows from outside (health probe)',
    (b) => {
      const { result } = run(b, 600, (s) => {
        s.client.location = { kind: 'outside' };
        s.timeline = [{ atMs: 0, cluster: 'A', hostIndex: 1, action: 'crash' }];
      });
      expect(result.failed).toBe(0);
      expect(result.servedBy.A2 ?? 0).toBe(0);
    },
  );

  it.each(ALL)('%j: the same scenario and seed give the same trace', (b) => {
    const trace = () => {
      const sim = new Simulation(scenario(b, (s) => (s.client.connectionsPerSecond = 40)));
      const decisions = played(sim, 12_000);
      return { decisions, stats: sim.stats() };
    };
    expect(trace()).toEqual(trace());
  });

  it('the inspector shows a rewritten frame’s addresses before and after the balancer', () => {
    const sim = new Simulation(scenario({ kind: 'awsNlb', clientIpPreservation: false }));
    sim.openConnection();
    const rewrites = played(sim, 50).filter((d) => d.code === 'lb.rewrite');
    const rewrite = rewrites[0]!;
    // A reply rewritten back: the frame its log line names shows the rewrite too.
    const back = rewrites.find((d) => (d.args as { nat: string }).nat === 'unSnat')!;
    expect(sim.inspectFrame(back.frameId)!.rewrite!.nat).toBe('unSnat');
    const shown = sim.inspectFrame(rewrite.frameId)!;
    expect(shown.rewrite).not.toBeNull();
    const { before, after, nat, node } = shown.rewrite!;
    expect([node, nat]).toEqual(['lbA', 'dnatSnat']);
    expect([formatIp(before.src), formatIp(before.dst), before.dstPort]).toEqual([
      '10.0.0.11',
      '10.0.0.100',
      80,
    ]);
    expect([formatIp(after.src), after.srcPort, after.dstPort]).toEqual(['10.0.0.5', 1024, 80]);
    expect(['10.0.0.11', '10.0.0.12', '10.0.0.13']).toContain(formatIp(after.dst));
    expect(shown.bucket).toBeNull();
  });
});
