// `ping` from a host (issue 11, the host's own view): what each target answers and why, as Windows
// prints it, with the timing of its 4 echo requests and the frames on the wire.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { hostCommandOutput } from './hostCommands';
import { PING_TIMEOUT_MS } from './ping';
import { Simulation } from './simulation';
import type { Scenario } from '../scenario/types';
import { quietScenario } from './testing';

/** Ping `target` from Cluster A's host `hostIndex` at 1 s and let it finish; what the console prints. */
function ping(target: string, change: (s: Scenario) => void = () => {}, hostIndex = 0) {
  const sim = new Simulation(quietScenario(change));
  sim.advanceTo(1000);
  sim.take();
  expect(sim.applyChange({ type: 'ping', cluster: 'A', hostIndex, target })).toBe(true);
  sim.advanceTo(1000 + 4 * PING_TIMEOUT_MS + 1000);
  const { decisions, hops } = sim.take();
  return { sim, text: hostCommandOutput(sim, `A${hostIndex + 1}`, 'ping')!, decisions, hops };
}

describe('ping from a host', () => {
  it('says so before any ping', () => {
    const sim = new Simulation(quietScenario());
    expect(hostCommandOutput(sim, 'A1', 'ping')).toMatch(/No ping run on this host yet/);
  });

  it('multicast mode: Host 1 pings Host 2 and gets 4 replies over the wire', () => {
    const { text, hops, decisions } = ping('10.0.0.12', (s) => (s.clusters[0]!.mode = 'multicast'));
    expect(text).toContain('Pinging 10.0.0.12 with 32 bytes of data:');
    expect(text.match(/Reply from 10\.0\.0\.12: bytes=32 time=\d+ms TTL=128/g)).toHaveLength(4);
    expect(text).toContain('Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),');
    // Each echo crosses Host 1 -> switch -> Host 2 and back: 4 link hops per request, 16 in all.
    expect(hops.filter((h) => h.kind === 'icmp' && !h.loopback)).toHaveLength(16);
    const sends = decisions.filter((d) => d.code === 'stack.send').map((d) => decisionText(d));
    expect(sends).toContain('Host 1 sends ICMP echo request 10.0.0.11 -> 10.0.0.12 to MAC 00-15-5D-00-00-02');
    expect(sends).toContain('Host 2 sends ICMP echo reply 10.0.0.12 -> 10.0.0.11 to MAC 00-15-5D-00-00-01');
  });

  it('unicast mode, one NIC (Q197864): 4 times "Request timed out.", not one echo on the wire', () => {
    const { text, hops, decisions } = ping('10.0.0.12');
    expect(text.match(/Request timed out\./g)).toHaveLength(4);
    expect(text).toContain('Packets: Sent = 4, Received = 0, Lost = 4 (100% loss),');
    expect(hops.filter((h) => h.kind === 'icmp' && !h.loopback)).toHaveLength(0);
    // The echo requests come back to Host 1 itself, addressed to its own (cluster) MAC.
    expect(decisions.filter((d) => d.code === 'nic.ownMac' && d.node === 'A1').length).toBeGreaterThanOrEqual(
      4,
    );
    expect(decisions.filter((d) => d.code === 'icmp.timeout')).toHaveLength(4);
  });

  it('unicast mode with second NICs (Q233279): 4 replies', () => {
    const { text } = ping('10.0.0.12', (s) => s.clusters[0]!.hosts.forEach((h) => (h.secondNic = true)));
    expect(text).toContain('Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),');
  });

  it('the VIP from a host answers from that host itself, through the loopback (Q247768)', () => {
    const { text, hops, decisions } = ping('10.0.0.100', () => {}, 1);
    expect(text.match(/Reply from 10\.0\.0\.100: bytes=32 time<1ms TTL=128/g)).toHaveLength(4);
    expect(hops.filter((h) => h.kind === 'icmp').every((h) => h.loopback && h.from === 'A2')).toBe(true);
    expect(decisions.some((d) => /ICMP echo request looped back inside Host 2/.test(decisionText(d)))).toBe(
      true,
    );
  });

  it('an address nobody has: 4 times "Destination host unreachable." after ARP gives up', () => {
    const { text, decisions } = ping('10.0.0.77');
    expect(text.match(/Reply from 10\.0\.0\.11: Destination host unreachable\./g)).toHaveLength(4);
    expect(decisions.filter((d) => d.code === 'icmp.unreachable')).toHaveLength(4);
  });

  it('the gateway answers', () => {
    const { text } = ping('10.0.0.1');
    expect(text).toContain('Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),');
  });

  it('sends its requests a second apart when replies come at once', () => {
    const { decisions } = ping('10.0.0.1');
    const sent = decisions.filter((d) => d.code === 'icmp.echoRequest').map((d) => d.t);
    expect(sent).toEqual([1000, 2000, 3000, 4000]);
  });

  it('another cluster VIP: every host of Cluster B answers, the first reply counts (illustrative)', () => {
    const { text, decisions } = ping('10.0.0.200', (s) => {
      s.clusters[0]!.mode = 'multicast';
      const b = structuredClone(s.clusters[0]!);
      b.id = 'B';
      b.vip = '10.0.0.200';
      b.hosts.forEach((h, i) => (h.dip = `10.0.0.${21 + i}`));
      s.clusters.push(b);
    });
    expect(text).toContain('Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),');
    expect(new Set(decisions.filter((d) => d.code === 'icmp.echoReply').map((d) => d.node))).toEqual(
      new Set(['B1', 'B2', 'B3']),
    );
  });

  it('is the same run after a replay: same decisions and the same text', () => {
    const a = ping('10.0.0.12', (s) => (s.clusters[0]!.mode = 'multicast'));
    const b = ping('10.0.0.12', (s) => (s.clusters[0]!.mode = 'multicast'));
    expect(b.text).toBe(a.text);
    expect(b.decisions.map((d) => `${d.t} ${d.node} ${d.code}`)).toEqual(
      a.decisions.map((d) => `${d.t} ${d.node} ${d.code}`),
    );
  });
});
