// What a packet capture shows of the load balancers of today (MODERN.md), read back by Debian's
// tshark: on the balancer's switch port, the DNAT (frames in for 10.0.0.100:80, out for a backend's
// 10.0.0.1x:80, the source kept) or the SNAT too (out from the balancer's 10.0.0.5), with no malformed
// frame and no bad checksum; and the half-NAT hairpin's martian on Host 1's NIC: a SYN from 10.0.0.11
// to 10.0.0.11, retransmitted at 3 s and 9 s (scenario.tcp: initialRtoMs 3000, 2 retransmissions).
// One tshark run per capture: they cost about a second each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { quietScenario } from './testing';
import { expertProblemLines, tshark, TSHARK_CHECKS } from './tsharkReader';
import type { BalancerConfig } from '../scenario/types';

const VIP = '10.0.0.100';
const BALANCER_IP = '10.0.0.5';
const BALANCER_MAC = '00:0c:29:00:00:10';
const BACKENDS = ['10.0.0.11', '10.0.0.12', '10.0.0.13'];
const HOST_1 = '10.0.0.11';

const dir = mkdtempSync(join(tmpdir(), 'viplab-balancers-'));

/** One TCP frame as tshark decodes it, with its checksum verdicts (1 = good) and malformed mark. */
interface Row {
  t: number;
  ethSrc: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  syn: boolean;
  ack: boolean;
  retransmission: boolean;
  ipChecksum: string;
  tcpChecksum: string;
  malformed: string;
}

const FIELDS = [
  'frame.time_epoch',
  'eth.src',
  'ip.src',
  'tcp.srcport',
  'ip.dst',
  'tcp.dstport',
  'tcp.flags.syn',
  'tcp.flags.ack',
  'tcp.analysis.retransmission',
  'ip.checksum.status',
  'tcp.checksum.status',
  '_ws.malformed',
];

/**
 * Writes `pointId`'s capture to a file and reads it with one tshark run: every TCP frame's fields,
 * and the expert report's lines about malformed frames or bad checksums.
 */
function read(sim: Simulation, pointId: string, name: string): { rows: Row[]; problems: string } {
  const file = join(dir, `${name}.pcap`);
  writeFileSync(file, sim.pcap(pointId)!);
  const out = tshark([
    '-r',
    file,
    ...TSHARK_CHECKS,
    '-Y',
    'tcp',
    '-T',
    'fields',
    '-E',
    'occurrence=f',
    ...FIELDS.flatMap((f) => ['-e', f]),
    '-z',
    'expert,warn',
  ]);
  const lines = out.split('\n');
  const fieldLines = lines.filter((l) => /^\d+\.\d+\t/.test(l));
  const rows = fieldLines.map((l): Row => {
    const [t, ethSrc, src, sp, dst, dp, syn, ack, retx, ipc, tcpc, malformed] = l.split('\t');
    return {
      t: Number(t),
      ethSrc: ethSrc!,
      src: src!,
      srcPort: Number(sp),
      dst: dst!,
      dstPort: Number(dp),
      syn: syn === '1' || syn === 'True',
      ack: ack === '1' || ack === 'True',
      retransmission: (retx ?? '') !== '',
      ipChecksum: ipc ?? '',
      tcpChecksum: tcpc ?? '',
      malformed: malformed ?? '',
    };
  });
  const report = lines.filter((l) => !/^\d+\.\d+\t/.test(l)).join('\n');
  return { rows, problems: expertProblemLines(report) };
}

const flow = (r: Row) => `${r.src}:${r.srcPort} -> ${r.dst}:${r.dstPort}`;
const distinct = <T>(xs: T[]) => [...new Set(xs)];

/** How the balancer should rewrite the source of a flow from `caller` sent to backend `backend`. */
type SourceRule = (caller: string, backend: string) => 'kept' | 'snat';

const CASES: { name: string; balancer: BalancerConfig; source: SourceRule }[] = [
  // Half-NAT: the destination only, whoever calls.
  { name: 'Azure internal load balancer (DNAT)', balancer: { kind: 'azureIlb' }, source: () => 'kept' },
  // Preservation off: the NLB's own address as the source, always.
  {
    name: 'AWS NLB, client IP preservation off (DNAT + SNAT)',
    balancer: { kind: 'awsNlb', clientIpPreservation: false },
    source: () => 'snat',
  },
  // kube-proxy: DNAT, and source NAT for the flows it sends back to the calling pod.
  {
    name: 'Kubernetes Service with hairpin mode (DNAT, SNAT for the caller itself)',
    balancer: { kind: 'kubeProxy' },
    source: (caller, backend) => (caller === backend ? 'snat' : 'kept'),
  },
];

/** 12 connections from Host 1 to the VIP, then 6 from outside, with capture on. */
function captured(balancer: BalancerConfig) {
  const sim = new Simulation(
    quietScenario((s) => {
      s.clusters[0]!.balancer = balancer;
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
    }),
  );
  sim.enableCapture();
  const fromHost1 = sim.runConnections(12);
  expect(sim.applyChange({ type: 'clientLocation', location: { kind: 'outside' } })).toBe(true);
  const fromOutside = sim.runConnections(6);
  return { sim, fromHost1, fromOutside };
}

describe("the balancer's switch port, read by tshark", () => {
  it.each(CASES)(
    '$name: the rewrite is on the wire, every frame well formed',
    ({ name, balancer, source }) => {
      const { sim, fromHost1, fromOutside } = captured(balancer);
      expect(fromOutside.failed).toBe(0);
      const { rows, problems } = read(sim, 'port:lbA-switch', balancer.kind);
      expect(problems).toBe('');
      expect(rows.length).toBeGreaterThan(100);
      for (const r of rows) {
        expect({ frame: flow(r), ip: r.ipChecksum, tcp: r.tcpChecksum, malformed: r.malformed }).toEqual({
          frame: flow(r),
          ip: '1',
          tcp: '1',
          malformed: '',
        });
      }

      // In: the callers' SYNs for the VIP, 18 flows (12 from Host 1, 6 from outside).
      const synsIn = rows.filter((r) => r.syn && !r.ack && r.ethSrc !== BALANCER_MAC);
      expect(synsIn.every((r) => r.dst === VIP && r.dstPort === 80)).toBe(true);
      const callers = new Map(synsIn.map((r) => [`${r.src}:${r.srcPort}`, r.src]));
      expect(callers.size).toBe(18);
      expect([...callers.values()].filter((c) => c === HOST_1)).toHaveLength(12);

      // Out: the same SYNs rewritten to a backend's own address, port 80.
      const synsOut = rows.filter((r) => r.syn && !r.ack && r.ethSrc === BALANCER_MAC);
      const flowsOut = synsOut.filter((r, i, all) => all.findIndex((y) => flow(y) === flow(r)) === i);
      expect(flowsOut).toHaveLength(18);
      let snat = 0;
      for (const r of flowsOut) {
        expect(BACKENDS, flow(r)).toContain(r.dst);
        expect(r.dstPort).toBe(80);
        if (r.src === BALANCER_IP) {
          snat++;
        } else {
          // DNAT: the caller's own address and port, as it sent them.
          expect(callers.get(`${r.src}:${r.srcPort}`), flow(r)).toBe(r.src);
          expect(source(r.src, r.dst), `${name}: ${flow(r)} kept its source`).toBe('kept');
        }
      }
      if (balancer.kind === 'awsNlb') expect(snat).toBe(18);
      if (balancer.kind === 'azureIlb') expect(snat).toBe(0);
      if (balancer.kind === 'kubeProxy') {
        // Only the flows sent back to the caller: Host 1's that Host 1 served, each to Host 1.
        expect(snat).toBe(fromHost1.servedBy.A1 ?? 0);
        expect(snat).toBeGreaterThan(0);
        expect(synsOut.filter((r) => r.src === BALANCER_IP).every((r) => r.dst === HOST_1)).toBe(true);
        expect(synsOut.some((r) => r.src === HOST_1 && r.dst === HOST_1)).toBe(false);
      }

      // The replies leave the balancer rewritten back: the callers see the VIP answer.
      const synAcksOut = rows.filter((r) => r.syn && r.ack && r.ethSrc === BALANCER_MAC);
      expect(synAcksOut.length).toBe(fromHost1.completed + fromOutside.completed);
      for (const r of synAcksOut) expect([r.src, r.srcPort]).toEqual([VIP, 80]);

      // Azure keeps the source even when the flow hashes back to Host 1: the martian below.
      if (balancer.kind === 'azureIlb') {
        expect(fromHost1.failed).toBeGreaterThan(0);
        expect(synsOut.filter((r) => r.src === HOST_1 && r.dst === HOST_1).length).toBeGreaterThan(0);
      } else {
        expect(fromHost1.failed).toBe(0);
      }
    },
  );
});

describe("the half-NAT hairpin on Host 1's NIC, read by tshark", () => {
  it('Azure: the SYN comes back from 10.0.0.11 to 10.0.0.11, and again with the retransmissions at 3 s and 9 s', () => {
    const { sim, fromHost1 } = captured({ kind: 'azureIlb' });
    expect(sim.scenario.tcp).toEqual({ initialRtoMs: 3000, maxSynRetransmissions: 2 });
    const { rows, problems } = read(sim, 'nic:A1', 'azure-nic-A1');
    expect(problems).toBe('');
    for (const r of rows) expect([r.ipChecksum, r.tcpChecksum, r.malformed]).toEqual(['1', '1', '']);

    // Host 1's martians: frames to Host 1 whose source is Host 1's own address.
    const martians = rows.filter((r) => r.src === HOST_1 && r.dst === HOST_1);
    const ports = distinct(martians.map((r) => r.srcPort));
    // One conversation per connection that timed out: the flows the hash sent back to Host 1.
    expect(ports).toHaveLength(fromHost1.failed);
    expect(fromHost1.failedHow).toEqual({ timeout: fromHost1.failed });
    for (const port of ports) {
      const seen = martians.filter((r) => r.srcPort === port);
      expect(seen.every((r) => r.syn && !r.ack && r.dstPort === 80)).toBe(true);
      // Host 1's own SYNs for this connection, to the VIP: opened at 0 s, retransmitted after 3 s
      // and 9 s (the timeout doubles: 3 s, then 6 s more).
      const sent = rows.filter((r) => r.src === HOST_1 && r.srcPort === port && r.dst === VIP && r.syn);
      expect(sent).toHaveLength(3);
      expect(sent[0]!.t).toBeLessThan(0.05);
      expect(sent[1]!.t).toBeCloseTo(3, 2);
      expect(sent[2]!.t).toBeCloseTo(9, 2);
      expect(sent.map((r) => r.retransmission)).toEqual([false, true, true]);
      // Each comes back, rewritten to Host 1's own address, 3 ms later (three 1 ms hops: to the
      // switch, the balancer, the switch; the capture stamps a frame as it is put on Host 1's link).
      expect(seen).toHaveLength(3);
      seen.forEach((r, k) => expect(r.t - sent[k]!.t).toBeCloseTo(0.003, 4));
      expect(seen.map((r) => r.retransmission)).toEqual([false, true, true]);
      // ... and nothing answers it: no SYN-ACK for this port ever reaches Host 1.
      expect(rows.some((r) => r.dstPort === port && r.syn && r.ack)).toBe(false);
    }
  });
});
