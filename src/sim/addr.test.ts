// IPv4 addresses as the engine keeps them: their 32 bits in a signed 32-bit integer (addr.ts says
// why), read and written in dotted form, ordered and widened unsigned, whatever the sign inside.
import { describe, expect, it } from 'vitest';
import {
  formatIp,
  formatMac,
  igmpClusterMac,
  igmpGroupIp,
  ipOrThrow,
  ipUnsigned,
  maskedSourceMac,
  multicastClusterMac,
  parseIp,
  slash24,
  unicastClusterMac,
} from './addr';
import { outsideSourceAddress } from './client';
import { Simulation } from './simulation';
import { quietScenario } from './testing';

/** Whether a number is exactly a signed 32-bit integer (what V8 can keep as a small integer in Node). */
const isInt32 = (n: number) => (n | 0) === n;

describe('IPv4 addresses', () => {
  it('keeps 128.0.0.0 and above as negative 32-bit integers, and reads and writes them dotted', () => {
    expect(parseIp('127.255.255.255')).toBe(0x7fffffff);
    expect(parseIp('128.0.0.0')).toBe(-0x80000000);
    expect(parseIp('172.16.0.1')).toBe(0xac100001 - 2 ** 32);
    expect(parseIp('255.255.255.255')).toBe(-1);
    for (const dotted of [
      '0.0.0.0',
      '10.0.0.100',
      '127.0.0.1',
      '128.0.0.0',
      '172.16.3.251',
      '192.168.7.33',
      '255.255.255.255',
    ])
      expect(formatIp(ipOrThrow(dotted))).toBe(dotted);
  });

  it('orders and widens addresses unsigned: 172.16.0.1 after 10.0.0.1', () => {
    expect(ipUnsigned(ipOrThrow('172.16.0.1'))).toBe(0xac100001);
    const sorted = ['192.168.1.1', '10.0.0.1', '172.16.0.1']
      .map(ipOrThrow)
      .sort((a, b) => ipUnsigned(a) - ipUnsigned(b));
    expect(sorted.map(formatIp)).toEqual(['10.0.0.1', '172.16.0.1', '192.168.1.1']);
  });

  it('takes the /24 of an address above 128.0.0.0 (192.168.7.33 -> 192.168.7.0)', () => {
    expect(formatIp(slash24(ipOrThrow('192.168.7.33')))).toBe('192.168.7.0');
    expect(formatIp(slash24(ipOrThrow('10.0.0.100')))).toBe('10.0.0.0');
  });

  it('builds the cluster MACs and IGMP group from a VIP above 128.0.0.0 with its four octets unchanged', () => {
    const vip = ipOrThrow('192.168.7.33');
    expect(formatMac(unicastClusterMac(vip))).toBe('02-BF-C0-A8-07-21');
    expect(formatMac(multicastClusterMac(vip))).toBe('03-BF-C0-A8-07-21');
    expect(formatMac(maskedSourceMac(5, vip))).toBe('02-05-C0-A8-07-21');
    expect(formatMac(igmpClusterMac(vip))).toBe('01-00-5E-7F-07-21');
    expect(formatIp(igmpGroupIp(vip))).toBe('239.255.7.33');
  });

  it('gives the outside client 172.16.x.y addresses as 32-bit integers, 250 to a /24', () => {
    expect(formatIp(outsideSourceAddress(0))).toBe('172.16.0.1');
    expect(formatIp(outsideSourceAddress(249))).toBe('172.16.0.250');
    expect(formatIp(outsideSourceAddress(250))).toBe('172.16.1.1');
    expect(formatIp(outsideSourceAddress(49_999))).toBe('172.16.199.250');
    for (const i of [0, 250, 49_999]) expect(isInt32(outsideSourceAddress(i))).toBe(true);
  });

  it('carries addresses and sequence numbers through a bulk run as 32-bit integers, and shows them unsigned', () => {
    const sim = new Simulation(quietScenario((s) => (s.client.sourceAddresses = 1000)));
    sim.setDetail('full');
    sim.advanceTo(10);
    sim.world.recorder.take();
    for (let i = 0; i < 4; i++) sim.openConnection();
    sim.advanceTo(sim.now + 5);
    const frames = [...sim.world.recorder.frames.values()].filter((f) => f.ip?.tcp);
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      expect(isInt32(f.ip!.src) && isInt32(f.ip!.dst)).toBe(true);
      expect(isInt32(f.ip!.tcp!.seq) && isInt32(f.ip!.tcp!.ack)).toBe(true);
    }
    // What the inspector shows: the dotted client address and the unsigned sequence number.
    // A segment whose sequence number is 2^31 or more: negative inside, shown unsigned.
    const high = frames.find((f) => f.ip!.tcp!.seq < 0)!;
    expect(high).toBeDefined();
    const layers = sim.inspectFrame(high.id)!.layers;
    const field = (layer: string, label: string) =>
      layers.find((l) => l.name === layer)?.fields.find((f) => f.label === label)?.value;
    expect([field('IPv4', 'Source'), field('IPv4', 'Destination')]).toContainEqual(
      expect.stringMatching(/^172\.16\.\d+\.\d+$/),
    );
    expect(Number(field('TCP', 'Sequence number'))).toBe(high.ip!.tcp!.seq + 2 ** 32);
  });

  it('takes 255.255.255.255 (-1 inside) for an address like any other: a host with it as its DIP serves', () => {
    // Not a lab a user can make (the scenario's checks keep DIPs on 10.0.0.0/24): this guards the
    // engine against treating -1 as "no address".
    const sim = new Simulation(
      quietScenario((s) => {
        s.clusters[0]!.hosts[0]!.dip = '255.255.255.255';
        s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 0 };
      }),
    );
    sim.setDetail('full');
    sim.advanceTo(10);
    sim.world.recorder.take();
    sim.openConnection();
    sim.advanceTo(sim.now + 100);
    const answer = [...sim.world.recorder.frames.values()].find((f) =>
      f.ip?.tcp?.payload.startsWith('HTTP/'),
    );
    expect(answer?.ip!.tcp!.payload).toMatch(/Served by Host 1 \(255\.255\.255\.255\)$/);
    expect(sim.stats().completedConnections).toBe(1);
  });
});
