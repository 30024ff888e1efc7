// UDP through NLB: balanced datagram by datagram (no descriptors), port rules' protocol, and KB
// Q229064: with affinity None the later fragments of a large datagram carry no port and can land on
// another host than the first, so the datagram is never reassembled; affinity Single fixes it.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { REASSEMBLY_TIMEOUT_MS, UDP_REPLY_TIMEOUT_MS } from './stack';
import { portRule, quietScenario, servedList } from './testing';
import type { Affinity, PortRule, Scenario } from '../scenario/types';
import type { Decision } from './types';

/** A query service on UDP port 5000: the client sends `bytes`-byte queries. */
function udpScenario(bytes: number, affinity: Affinity = 'single', change: (s: Scenario) => void = () => {}) {
  return quietScenario((s) => {
    s.client.protocol = 'udp';
    s.client.datagramBytes = bytes;
    s.client.port = 5000;
    s.clusters[0]!.portRules[0]!.affinity = affinity;
    change(s);
  });
}

/** Run `count` queries once the cluster has converged. */
function run(s: Scenario, count = 300) {
  const sim = new Simulation(s);
  sim.advanceTo(8000);
  sim.take();
  const outcome = sim.runConnections(count);
  return { sim, outcome };
}

describe('UDP through NLB', () => {
  it('balances queries datagram by datagram with affinity None and keeps no descriptor', () => {
    const { sim, outcome } = run(udpScenario(512, 'none'));
    expect(outcome).toMatchObject({ connections: 300, completed: 300, failed: 0 });
    const served = servedList(sim);
    expect(served.reduce((a, b) => a + b, 0)).toBe(300);
    for (const n of served) expect(n).toBeGreaterThan(60); // about 100 each
    expect(sim.clusters[0]!.descriptors.size).toBe(0);
    // A 512-byte query and its answer fit one frame each: query and answer cross two links each.
    expect(sim.stats().framesOnWire).toBe(300 * 4);
  });

  it('a query is words a trainee can read: sent, taken by the bucket owner, answered', () => {
    const sim = new Simulation(udpScenario(512, 'none'));
    sim.advanceTo(8000);
    sim.take();
    const id = sim.openConnection();
    sim.advanceTo(8100);
    const texts = sim
      .take()
      .decisions.filter((d) => d.connId === id)
      .map(decisionText);
    expect(texts[0]).toMatch(
      /^Query \d+: Client 1 sends a UDP query from 172\.16\.\d+\.\d+:\d+ to 10\.0\.0\.100:5000/,
    );
    expect(
      texts.some((t) =>
        /NLB: UDP datagram from .* falls in bucket \d+ of 60, owned by Host \d -> accept/.test(t),
      ),
    ).toBe(true);
    expect(texts.some((t) => /UDP: the server on port 5000 takes the 512-byte query/.test(t))).toBe(true);
    expect(texts.at(-1)).toMatch(/Client 1 UDP: query \d+ answered by 10\.0\.0\.100:5000/);
  });

  it("a rule's protocol decides: UDP matches a UDP or Both rule, and with only a TCP rule it goes to the default host", () => {
    const withRule = (protocol: PortRule['protocol']) =>
      udpScenario(512, 'none', (s) => {
        s.clusters[0]!.portRules = [portRule({ startPort: 5000, endPort: 5000, protocol, affinity: 'none' })];
      });
    for (const protocol of ['udp', 'both'] as const) {
      const { sim } = run(withRule(protocol));
      expect(Math.min(...servedList(sim))).toBeGreaterThan(60);
    }
    const { sim, outcome } = run(withRule('tcp'));
    expect(outcome.completed).toBe(300);
    expect(servedList(sim)).toEqual([300, 0, 0]); // Host 1, priority 1, is the default host
  });

  it('a client on a host queries the VIP through its own loopback: answered by itself, nothing on the wire', () => {
    const { sim, outcome } = run(
      udpScenario(512, 'none', (s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 })),
    );
    expect(outcome).toMatchObject({ completed: 300, failed: 0 });
    expect(servedList(sim)).toEqual([0, 300, 0]);
    expect(sim.stats().framesOnWire).toBe(0);
  });

  it('with the server stopped the query is discarded and fails after the client waits 2 s', () => {
    const s = udpScenario(512, 'single', (sc) =>
      sc.clusters[0]!.hosts.forEach((h) => (h.serverRunning = false)),
    );
    const sim = new Simulation(s);
    sim.advanceTo(8000);
    sim.take();
    const id = sim.openConnection();
    sim.advanceTo(8000 + UDP_REPLY_TIMEOUT_MS + 10);
    const { decisions, ended } = sim.take();
    const mine = decisions.filter((d) => d.connId === id);
    expect(mine.some((d) => d.code === 'udp.noListener')).toBe(true);
    const noReply = mine.find((d) => d.code === 'udp.noReply')!;
    expect(noReply.t - 8000).toBe(UDP_REPLY_TIMEOUT_MS);
    expect(ended.find((e) => e.connId === id)).toMatchObject({ how: 'noReply' });
  });
});

describe('KB Q229064: fragmented UDP and affinity None', () => {
  // 4,000 data bytes + 8 of UDP header = 4,008 bytes: fragments of 1,480, 1,480 and 1,048 bytes.
  const BIG = 4000;

  it('splits a 4,008-byte datagram into 3 fragments; only the first carries the ports', () => {
    const sim = new Simulation(udpScenario(BIG, 'single'));
    sim.advanceTo(8000);
    sim.take();
    const id = sim.openConnection();
    sim.advanceTo(8050);
    const mine = sim.take().decisions.filter((d) => d.connId === id);
    const split = mine.find((d) => d.code === 'ip.fragment')!;
    expect(split.args).toMatchObject({ bytes: 4008, fragments: 3, mtu: 1500 });
    const sent = mine
      .filter((d) => d.code === 'stack.send' && d.node === 'client1')
      .map((d) => d as Decision & { code: 'stack.send' });
    expect(sent.map((d) => d.args.datagram)).toEqual([
      { bytes: 4008, offset: 0, length: 1480, more: true },
      { bytes: 4008, offset: 1480, length: 1480, more: true },
      { bytes: 4008, offset: 2960, length: 1048, more: false },
    ]);
    expect(sent.map((d) => d.args.srcPort === 0)).toEqual([false, true, true]);
    expect(mine.some((d) => d.code === 'ip.reassembled' && d.args.fragments === 3)).toBe(true);
  });

  it('with affinity None about two in three queries fail: later fragments land by port 0 on another host', () => {
    const { sim, outcome } = run(udpScenario(BIG, 'none'));
    // The first fragment and the rest agree on a host about one time in three (3 hosts).
    expect(outcome.failed).toBeGreaterThan(150);
    expect(outcome.failed).toBeLessThan(250);
    expect(outcome.failedHow).toEqual({ noReply: outcome.failed });
    expect(sim.clusters[0]!.descriptors.size).toBe(0);
    // The hosts holding pieces give up on them when the reassembly timer runs out.
    const after = sim.now;
    sim.advanceTo(after + REASSEMBLY_TIMEOUT_MS + 100);
    const expired = sim.take().decisions.filter((d) => d.code === 'ip.reassemblyTimeout');
    expect(expired.length).toBeGreaterThanOrEqual(outcome.failed); // the first piece's host, and the rest's
    expect(decisionText(expired[0]!)).toMatch(
      /never came \(went to another host\) -> the \d fragments? held for 60 s/,
    );
  });

  it('names the portless fragment in the NLB decision, as illustrative', () => {
    const sim = new Simulation(udpScenario(BIG, 'none'));
    sim.advanceTo(8000);
    sim.take();
    sim.openConnection();
    sim.advanceTo(8050);
    const portless = sim.take().decisions.find((d) => d.code === 'nlb.acceptBucket' && d.args.portless)!;
    expect(decisionText(portless)).toMatch(
      /later fragment from 172\.16\.\d+\.\d+ \(no UDP header, so no port: read as port 0, illustrative; KB Q229064\) \(affinity None hashes client IP and port\)/,
    );
  });

  it("the KB's fix, affinity Single on an all-ports rule, answers every query", () => {
    const { outcome } = run(udpScenario(BIG, 'single'));
    expect(outcome).toMatchObject({ completed: 300, failed: 0 });
  });
});
