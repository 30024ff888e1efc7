// The pcap writer and the frame encoder, checked byte by byte, then read back by tshark.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipOrThrow, maskedSourceMac, unicastClusterMac } from './addr';
import { writePcap } from './capture';
import { ETHERTYPE_IPV4, IPPROTO_TCP, TCP_SYN, type Frame } from './packets';
import { Simulation } from './simulation';
import { encodeFrame, HEARTBEAT_BYTES, internetChecksum } from './wire';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { quietScenario as scenario } from './testing';
import { expertProblems, TSHARK_CHECKS as CHECKS, tshark, tsharkFields } from './tsharkReader';

const VIP = ipOrThrow('10.0.0.100');

function synFrame(): Frame {
  return {
    id: 1,
    ethSrc: maskedSourceMac(2, VIP),
    ethDst: unicastClusterMac(VIP),
    etherType: ETHERTYPE_IPV4,
    connId: 1,
    kind: 'syn',
    packetId: 1,
    ip: {
      src: ipOrThrow('172.16.0.1'),
      dst: VIP,
      ttl: 127,
      protocol: IPPROTO_TCP,
      id: 0x1234,
      tcp: { srcPort: 49152, dstPort: 80, seq: 0x01020304, ack: 0, flags: TCP_SYN, payload: '' },
    },
  };
}

describe('frame encoding', () => {
  it('writes Ethernet II with the cluster MAC and the masked source MAC', () => {
    const bytes = encodeFrame(synFrame());
    expect([...bytes.slice(0, 6)]).toEqual([0x02, 0xbf, 0x0a, 0x00, 0x00, 0x64]);
    expect([...bytes.slice(6, 12)]).toEqual([0x02, 0x02, 0x0a, 0x00, 0x00, 0x64]);
    expect([bytes[12], bytes[13]]).toEqual([0x08, 0x00]);
  });

  it('writes an IPv4 header and a TCP segment whose checksums verify', () => {
    const bytes = encodeFrame(synFrame());
    const ip = 14;
    expect(bytes[ip]).toBe(0x45);
    // 20 IP + 24 TCP (MSS option on a SYN) = 44 bytes.
    expect((bytes[ip + 2]! << 8) | bytes[ip + 3]!).toBe(44);
    expect(bytes[ip + 8]).toBe(127);
    // A header including its own checksum sums to zero.
    expect(internetChecksum(bytes, ip, ip + 20)).toBe(0);
    const tcp = ip + 20;
    expect([...bytes.slice(tcp + 4, tcp + 8)]).toEqual([1, 2, 3, 4]);
    expect(bytes[tcp + 12]).toBe(6 << 4);
    expect(bytes[tcp + 13]).toBe(TCP_SYN);
    const src = ipOrThrow('172.16.0.1');
    const pseudo = (src >>> 16) + (src & 0xffff) + (VIP >>> 16) + (VIP & 0xffff) + IPPROTO_TCP + 24;
    expect(internetChecksum(bytes, tcp, tcp + 24, pseudo)).toBe(0);
    // 58 bytes of frame are padded to Ethernet's 60-byte minimum.
    expect(bytes.length).toBe(60);
  });

  it('writes a 1,496-byte MS-NLB heartbeat with its signature', () => {
    const quiet = defaultScenario();
    quiet.client.connectionsPerSecond = 0; // nothing but heartbeats
    const sim = new Simulation(quiet);
    sim.enableCapture();
    sim.advanceTo(1100);
    const pcap = sim.pcap('nic:A1')!;
    // First record: the heartbeat Host 1 sends at 250 ms (hosts are staggered over the period).
    const frameLen = new DataView(pcap.buffer).getUint32(24 + 8, true);
    expect(frameLen).toBe(14 + HEARTBEAT_BYTES);
    const frame = pcap.slice(24 + 16, 24 + 16 + frameLen);
    expect([frame[12], frame[13]]).toEqual([0x88, 0x6f]);
    expect([...frame.slice(0, 6)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(new DataView(frame.buffer).getUint32(14, true)).toBe(0xc0de01bf);
  });
});

describe('pcap writer', () => {
  it('writes the classic header and microsecond timestamps from simulated ms', () => {
    const file = writePcap(1, [{ t: 1234.5678, bytes: new Uint8Array([1, 2, 3]) }]);
    const v = new DataView(file.buffer);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([2, 4]);
    expect(v.getUint32(20, true)).toBe(1);
    expect(v.getUint32(24, true)).toBe(1); // 1 s
    expect(v.getUint32(28, true)).toBe(234568); // 234,568 µs
    expect(v.getUint32(32, true)).toBe(3);
    expect([...file.slice(40)]).toEqual([1, 2, 3]);
  });
});

// tshark reads what we write: no malformed packets, valid checksums, and counts that match the app.
function captureOf(
  scenario: Scenario,
  connections: number,
  point: string,
): { file: string; sim: Simulation } {
  const sim = new Simulation(scenario);
  sim.enableCapture();
  sim.runConnections(connections);
  const dir = mkdtempSync(join(tmpdir(), 'viplab-'));
  const file = join(dir, 'capture.pcap');
  writeFileSync(file, sim.pcap(point)!);
  return { file, sim };
}

// Each test runs tshark (a separate process) over captures: seconds of work on a busy two-core machine.
describe('tshark reads exported captures', { timeout: 60_000 }, () => {
  it('finds no malformed packets or bad checksums, and one TCP conversation per connection per serving host', () => {
    const { file, sim } = captureOf(scenario(), 300, 'switch');
    expect(expertProblems(file)).toBe('');
    // Conversations per server address can't tell hosts apart (all use the VIP), so count per host NIC.
    for (const host of sim.stats().hosts) {
      const nic = join(file, '..', `${host.id}.pcap`);
      writeFileSync(nic, sim.pcap(`nic:${host.id}`)!);
      // Frames this host sent from the VIP's port 80 belong to the connections it served.
      const out = tshark([
        '-r',
        nic,
        '-Y',
        `tcp.srcport == 80 && tcp.flags.syn == 1 && tcp.flags.ack == 1`,
        '-T',
        'fields',
        '-e',
        'tcp.dstport',
        '-e',
        'ip.dst',
      ]);
      const served = new Set(out.trim().split('\n').filter(Boolean));
      expect(served.size).toBe(host.served);
    }
    const conv = tshark(['-r', file, '-q', '-z', 'conv,tcp']);
    const rows = conv.split('\n').filter((l) => /<->/.test(l));
    expect(rows.length).toBe(300);
  });

  it('shows not one TCP frame for the VIP on the wire when the client is on a host, but all of them on its loopback', () => {
    const s = scenario((x) => (x.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 }));
    const { file, sim } = captureOf(s, 50, 'switch');
    expect(tshark(['-r', file, '-Y', 'tcp && ip.addr == 10.0.0.100']).trim()).toBe('');
    const nic = join(file, '..', 'nic.pcap');
    writeFileSync(nic, sim.pcap('nic:A2')!);
    expect(tshark(['-r', nic, '-Y', 'tcp']).trim()).toBe('');
    const loop = join(file, '..', 'loopback.pcap');
    writeFileSync(loop, sim.pcap('loopback:A2')!);
    expect(expertProblems(loop)).toBe('');
    const conv = tshark(['-r', loop, '-q', '-z', 'conv,tcp'])
      .split('\n')
      .filter((l) => /<->/.test(l));
    expect(conv.length).toBe(50);
    // 8 segments per connection: SYN, SYN-ACK, ACK, request, response, FIN, FIN, ACK.
    expect(tshark(['-r', loop, '-Y', 'tcp']).trim().split('\n').length).toBe(50 * 8);
  });

  it('sees every SYN on every switch port in unicast mode (the switch floods the cluster MAC)', () => {
    const { sim } = captureOf(scenario(), 20, 'switch');
    const dir = mkdtempSync(join(tmpdir(), 'viplab-'));
    for (const host of sim.hosts) {
      const file = join(dir, `${host.id}.pcap`);
      writeFileSync(file, sim.pcap(`port:${host.link.id}`)!);
      const syns = tshark([
        '-r',
        file,
        '-Y',
        'tcp.flags.syn == 1 && tcp.flags.ack == 0 && ip.dst == 10.0.0.100',
      ]);
      expect(syns.trim().split('\n').filter(Boolean).length).toBe(20);
    }
  });

  it('reads fragmented UDP queries: 3 fragments each, reassembled into one 4,008-byte datagram with a good checksum', () => {
    const s = scenario((sc) => {
      sc.client.protocol = 'udp';
      sc.client.port = 5000;
      sc.client.datagramBytes = 4000;
    });
    const { file, sim } = captureOf(s, 20, 'switch');
    expect(expertProblems(file)).toBe('');
    expect(sim.lastBulkRun.completed).toBe(20);
    // Every query crosses the switch once (router to hosts): two fragments with More Fragments set...
    const more = tshark(['-r', file, '-Y', 'ip.dst == 10.0.0.100 && ip.flags.mf == 1']);
    expect(more.trim().split('\n').filter(Boolean)).toHaveLength(40);
    // ...and tshark puts each query back together from its three pieces.
    const whole = tshark([
      '-r',
      file,
      ...CHECKS,
      '-Y',
      'udp && ip.dst == 10.0.0.100',
      '-T',
      'fields',
      '-e',
      'udp.length',
      '-e',
      'udp.checksum.status',
    ]);
    const rows = whole.trim().split('\n').filter(Boolean);
    expect(rows).toHaveLength(20);
    for (const row of rows) expect(row.split('\t')).toEqual(['4008', '1']);
  });

  it('reads a ping between two second NICs: 4 echo requests and 4 replies with good checksums', () => {
    const s = scenario((sc) => sc.clusters[0]!.hosts.forEach((h) => (h.secondNic = true)));
    const sim = new Simulation(s);
    sim.enableCapture();
    sim.advanceTo(500);
    sim.applyChange({ type: 'ping', cluster: 'A', hostIndex: 0, target: '10.0.0.12' });
    sim.advanceTo(6000);
    const dir = mkdtempSync(join(tmpdir(), 'viplab-icmp-'));
    const file = join(dir, 'icmp.pcap');
    // Host 1's second NIC is on switch port 5 (router, three cluster NICs, then the second NICs).
    writeFileSync(file, sim.pcap('port:A1-nic2-switch')!);
    expect(expertProblems(file)).toBe('');
    const rows = tsharkFields(file, 'icmp', [
      'eth.src',
      'ip.src',
      'icmp.type',
      'icmp.seq',
      'icmp.checksum.status',
      'data.len',
    ]);
    expect(rows.map((r) => `${r[1]} ${r[2]} ${r[3]}`)).toEqual([
      '10.0.0.11 8 1',
      '10.0.0.12 0 1',
      '10.0.0.11 8 2',
      '10.0.0.12 0 2',
      '10.0.0.11 8 3',
      '10.0.0.12 0 3',
      '10.0.0.11 8 4',
      '10.0.0.12 0 4',
    ]);
    // Requests leave from Host 1's second NIC, replies from Host 2's: never the cluster MAC.
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['00:15:5d:01:00:01', '00:15:5d:01:00:02']));
    for (const r of rows) expect(r[4]).toBe('1');
    for (const r of rows) expect(r[5]).toBe('32');
  });

  it('reads IGMP membership reports with the Router Alert option and good checksums', () => {
    const s = scenario((sc) => {
      sc.clusters[0]!.mode = 'igmp';
      sc.network.igmpSnooping = true;
    });
    const sim = new Simulation(s);
    sim.enableCapture();
    sim.advanceTo(3000);
    const dir = mkdtempSync(join(tmpdir(), 'viplab-igmp-'));
    const file = join(dir, 'igmp.pcap');
    writeFileSync(file, sim.pcap('switch')!);
    expect(expertProblems(file)).toBe('');
    const rows = tsharkFields(file, 'igmp.type == 0x16', [
      'ip.src',
      'igmp.maddr',
      'ip.ttl',
      'ip.opt.type',
      'igmp.checksum.status',
    ]);
    // One report per host at its first heartbeat (the next come 60 s later).
    expect(rows.map((r) => r[0]).sort()).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13']);
    for (const r of rows) expect(r.slice(1, 3)).toEqual(['239.255.0.100', '1']);
    for (const r of rows) expect(r[3]).toMatch(/148/); // Router Alert (0x94)
    for (const r of rows) expect(r[4]).toBe('1'); // checksum status: 1 = good (0 bad, 2 unverified)
  });

  it('decodes heartbeats as MS NLB', () => {
    const sim = new Simulation(scenario());
    sim.enableCapture();
    sim.advanceTo(3000);
    const dir = mkdtempSync(join(tmpdir(), 'viplab-'));
    const file = join(dir, 'hb.pcap');
    writeFileSync(file, sim.pcap('switch')!);
    const out = tshark([
      '-r',
      file,
      '-Y',
      'msnlb',
      '-T',
      'fields',
      '-e',
      'msnlb.cluster_ip',
      '-e',
      'msnlb.host_ip',
    ]);
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(9); // 3 hosts x 3 beats in 3 s
    expect(lines).toContain('10.0.0.100\t10.0.0.11');
    expect(expertProblems(file)).toBe('');
  });
});
