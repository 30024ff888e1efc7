// Decodes a frame into the layers a trainee reads in the packet inspector (Ethernet, ARP or IPv4,
// TCP or UDP, NLB heartbeat), each field with its value and, where it helps, a note on what it means.
import { BROADCAST_MAC, formatIp, formatMac, isGroupMac, type Mac } from './addr';
import {
  ETHERTYPE_ARP,
  ICMP_ECHO_REQUEST,
  PING_DATA,
  ETHERTYPE_IPV4,
  ETHERTYPE_NLB,
  UDP_HEADER_BYTES,
  describeTcpFlags,
  type Frame,
  type Ipv4Packet,
  type TcpSegment,
} from './packets';
import { encodeIpv4 } from './wire';

export interface FieldRow {
  label: string;
  value: string;
  note?: string;
}

export interface Layer {
  name: string;
  fields: FieldRow[];
}

/** What is known about a MAC in this world, for notes like "cluster MAC (unicast mode)". */
export type MacNamer = (mac: Mac) => string | undefined;

function macRow(label: string, mac: Mac, name: MacNamer): FieldRow {
  const note =
    mac === BROADCAST_MAC ? 'broadcast' : (name(mac) ?? (isGroupMac(mac) ? 'multicast' : undefined));
  return note ? { label, value: formatMac(mac), note } : { label, value: formatMac(mac) };
}

const ETHERTYPE_NAMES: Record<number, string> = {
  [ETHERTYPE_IPV4]: 'IPv4',
  [ETHERTYPE_ARP]: 'ARP',
  [ETHERTYPE_NLB]: 'NLB heartbeat',
};

export function summarizeFrame(frame: Frame): string {
  if (frame.arp) {
    const a = frame.arp;
    return a.op === 1
      ? `ARP who has ${formatIp(a.targetIp)}? Tell ${formatIp(a.senderIp)}`
      : `ARP ${formatIp(a.senderIp)} is at ${formatMac(a.senderMac)}`;
  }
  if (frame.heartbeat) return `NLB heartbeat from host priority ${frame.heartbeat.hostPriority}`;
  const ip = frame.ip!;
  const t = ip.tcp;
  if (t)
    return `${describeTcpFlags(t.flags)} ${formatIp(ip.src)}:${t.srcPort} -> ${formatIp(ip.dst)}:${t.dstPort}`;
  if (ip.igmp) return `IGMP membership report for ${formatIp(ip.igmp.group)} from ${formatIp(ip.src)}`;
  if (ip.icmp)
    return `ICMP echo ${ip.icmp.type === ICMP_ECHO_REQUEST ? 'request' : 'reply'} ${ip.icmp.seq} ${formatIp(ip.src)} -> ${formatIp(ip.dst)}`;
  const f = ip.fragment;
  if (f && f.offset > 0)
    return `UDP fragment (bytes ${f.offset}-${f.offset + f.length - 1}, no ports) ${formatIp(ip.src)} -> ${formatIp(ip.dst)}`;
  const u = ip.udp!;
  return `UDP${f ? ' first fragment' : ''} ${formatIp(ip.src)}:${u.srcPort} -> ${formatIp(ip.dst)}:${u.dstPort}`;
}

function tcpLayer(t: TcpSegment, bytes: Uint8Array): Layer {
  const tcpChecksum = (bytes[20 + 16]! << 8) | bytes[20 + 17]!;
  const fields: FieldRow[] = [
    { label: 'Source port', value: String(t.srcPort) },
    { label: 'Destination port', value: String(t.dstPort) },
    { label: 'Flags', value: describeTcpFlags(t.flags) },
    { label: 'Sequence number', value: String(t.seq >>> 0) },
    { label: 'Acknowledgement number', value: String(t.ack >>> 0) },
    { label: 'Checksum', value: `0x${tcpChecksum.toString(16).padStart(4, '0')}` },
  ];
  if (t.payload)
    fields.push({
      label: 'Payload',
      value: t.payload.replace(/\r\n/g, ' ⏎ ').trim(),
      note: `${t.payload.length} bytes`,
    });
  return { name: 'TCP', fields };
}

/** The UDP layer: the header's fields on a whole datagram or its first fragment; a later fragment's data only. */
function udpLayer(ip: Ipv4Packet, bytes: Uint8Array): Layer {
  const u = ip.udp!;
  const f = ip.fragment;
  const data = `${u.payload.length} bytes`;
  if (f && f.offset > 0)
    return {
      name: 'UDP (fragment data)',
      fields: [
        {
          label: 'Data',
          value: `bytes ${f.offset}-${f.offset + f.length - 1} of the datagram`,
          note: 'no UDP header in this fragment: no ports for NLB to read (KB Q229064)',
        },
      ],
    };
  const checksum = (bytes[20 + 6]! << 8) | bytes[20 + 7]!;
  return {
    name: 'UDP',
    fields: [
      { label: 'Source port', value: String(u.srcPort) },
      { label: 'Destination port', value: String(u.dstPort) },
      {
        label: 'Length',
        value: `${UDP_HEADER_BYTES + u.payload.length} bytes`,
        note: f ? 'the whole datagram' : undefined,
      },
      { label: 'Checksum', value: `0x${checksum.toString(16).padStart(4, '0')}` },
      {
        label: 'Payload',
        value: u.payload.length > 48 ? `${u.payload.slice(0, 48)}…` : u.payload,
        note: data,
      },
    ].map((r) => (r.note === undefined ? { label: r.label, value: r.value } : r)),
  };
}

export function describeFrame(frame: Frame, name: MacNamer): Layer[] {
  const layers: Layer[] = [];
  if (frame.loopback) {
    layers.push({
      name: 'Loopback',
      fields: [
        {
          label: 'Link',
          value: 'none',
          note: 'looped back inside the host: no Ethernet header, never on the wire',
        },
      ],
    });
  } else {
    layers.push({
      name: 'Ethernet II',
      fields: [
        macRow('Destination', frame.ethDst, name),
        macRow('Source', frame.ethSrc, name),
        {
          label: 'EtherType',
          value: `0x${frame.etherType.toString(16).toUpperCase().padStart(4, '0')}`,
          note: ETHERTYPE_NAMES[frame.etherType],
        },
      ],
    });
  }
  if (frame.arp) {
    const a = frame.arp;
    layers.push({
      name: 'ARP',
      fields: [
        { label: 'Operation', value: a.op === 1 ? 'request (1)' : 'reply (2)' },
        macRow('Sender MAC', a.senderMac, name),
        { label: 'Sender IP', value: formatIp(a.senderIp) },
        macRow('Target MAC', a.targetMac, name),
        { label: 'Target IP', value: formatIp(a.targetIp) },
      ],
    });
  }
  if (frame.ip) {
    const ip = frame.ip;
    const bytes = encodeIpv4(ip);
    const checksum = (bytes[10]! << 8) | bytes[11]!;
    const f = ip.fragment;
    layers.push({
      name: 'IPv4',
      fields: [
        { label: 'Source', value: formatIp(ip.src) },
        { label: 'Destination', value: formatIp(ip.dst) },
        { label: 'TTL', value: String(ip.ttl), note: ip.ttl < 128 ? 'one less per router' : undefined },
        {
          label: 'Protocol',
          value: `${ip.tcp ? 'TCP' : ip.igmp ? 'IGMP' : ip.icmp ? 'ICMP' : 'UDP'} (${ip.protocol})`,
        },
        { label: 'Identification', value: `0x${ip.id.toString(16).padStart(4, '0')}` },
        ...(f
          ? [
              {
                label: 'Fragment offset',
                value: `${f.offset} bytes`,
                note:
                  f.offset === 0
                    ? 'first fragment: carries the UDP header'
                    : 'no UDP header: no ports (KB Q229064)',
              },
              { label: 'More fragments', value: f.more ? 'yes' : 'no (last fragment)' },
            ]
          : []),
        { label: 'Total length', value: `${bytes.length} bytes` },
        { label: 'Header checksum', value: `0x${checksum.toString(16).padStart(4, '0')}` },
      ].map((f) => (f.note === undefined ? { label: f.label, value: f.value } : f)),
    });
    if (ip.udp) layers.push(udpLayer(ip, bytes));
    if (ip.igmp)
      layers.push({
        name: 'IGMP',
        fields: [
          { label: 'Type', value: 'Membership Report, version 2 (0x16)' },
          {
            label: 'Group',
            value: formatIp(ip.igmp.group),
            note: "the cluster's multicast group (239.255.x.y: illustrative)",
          },
        ],
      });
    if (ip.icmp)
      layers.push({
        name: 'ICMP',
        fields: [
          {
            label: 'Type',
            value: ip.icmp.type === ICMP_ECHO_REQUEST ? 'Echo request (8)' : 'Echo reply (0)',
          },
          { label: 'Identifier', value: String(ip.icmp.id) },
          { label: 'Sequence', value: String(ip.icmp.seq) },
          { label: 'Data', value: `${PING_DATA.length} bytes`, note: "Windows ping's a…w a…i" },
        ],
      });
    if (ip.tcp) layers.push(tcpLayer(ip.tcp, bytes));
  }
  if (frame.heartbeat) {
    const hb = frame.heartbeat;
    const owned = hb.currentMaps[0] ?? 0n;
    let count = 0;
    for (let b = 0n; b < 64n; b++) if ((owned >> b) & 1n) count++;
    layers.push({
      name: 'NLB heartbeat',
      fields: [
        { label: 'Signature', value: '0xC0DE01BF', note: 'cluster membership heartbeat' },
        { label: 'Cluster IP', value: formatIp(hb.clusterVip) },
        { label: 'Host IP', value: formatIp(hb.dedicatedIp), note: 'dedicated IP' },
        { label: 'Host priority', value: String(hb.hostPriority) },
        {
          label: 'Default host',
          value: hb.defaultHostPriority ? `priority ${hb.defaultHostPriority}` : 'none',
        },
        { label: 'Convergence', value: hb.converging ? 'converging' : 'converged' },
        { label: 'Port rules', value: String(hb.ruleCount) },
        { label: 'Buckets owned (rule 1)', value: String(count) },
        { label: 'Load weight (rule 1)', value: String(hb.loadWeights[0] ?? 0) },
      ],
    });
  }
  return layers;
}
