// Frames with the header fields a capture would show: Ethernet II, ARP, IPv4, TCP, NLB heartbeat.
import type { Ip, Mac } from './addr';
import type { PacketKind } from './types';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
/** NLB heartbeat EtherType (early WLBS used 0xBF01). */
export const ETHERTYPE_NLB = 0x886f;

export const IPPROTO_ICMP = 1;
export const IPPROTO_IGMP = 2;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** Application bytes carried (text, so the inspector and captures can show it). */
  payload: string;
}

/** A UDP datagram: its header's ports and the application bytes it carries. */
export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  /** Application bytes carried (text, so the inspector and captures can show it). */
  payload: string;
}

/**
 * A piece of a datagram too large for one frame: bytes [offset, offset + length) of the IP payload
 * (the UDP header and data). Only the piece at offset 0 carries the UDP header, so only it shows ports.
 */
export interface Ipv4Fragment {
  offset: number;
  length: number;
  /** More fragments follow (the IPv4 MF flag). */
  more: boolean;
}

export interface Ipv4Packet {
  src: Ip;
  dst: Ip;
  ttl: number;
  protocol: number;
  /** IPv4 identification field (the fragments of one datagram share it). */
  id: number;
  /** Protocol TCP. */
  tcp?: TcpSegment;
  /** Protocol UDP: the whole datagram, also on each of its fragments (which carry a slice of it). */
  udp?: UdpDatagram;
  /** Set when this packet is one fragment of a larger datagram. */
  fragment?: Ipv4Fragment;
  /** Protocol IGMP (sent with TTL 1 and the Router Alert option). */
  igmp?: IgmpMessage;
  /** Protocol ICMP: an echo request or reply (what `ping` sends). */
  icmp?: IcmpEcho;
}

export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;
/** What Windows' ping puts in an echo request: 32 bytes, the alphabet from a to w, then a to i. */
export const PING_DATA = 'abcdefghijklmnopqrstuvwabcdefghi';

export interface IcmpEcho {
  type: typeof ICMP_ECHO_REQUEST | typeof ICMP_ECHO_REPLY;
  /** Identifier and sequence number: a reply carries those of its request. */
  id: number;
  seq: number;
}

/** IGMPv2 Membership Report: a host tells the LAN it is a member of multicast `group`. */
export const IGMP_V2_REPORT = 0x16;

export interface IgmpMessage {
  type: typeof IGMP_V2_REPORT;
  group: Ip;
}

/** Largest IP payload in one Ethernet frame (MTU 1500 less the 20-byte IPv4 header), bytes. */
export const MAX_IP_PAYLOAD = 1480;
export const UDP_HEADER_BYTES = 8;
/** Application bytes in a UDP query when the scenario does not say (a DNS-sized datagram). */
export const DEFAULT_DATAGRAM_BYTES = 512;

/**
 * The ports a middlebox can read from a packet: TCP's, or UDP's when the packet carries the UDP
 * header (a whole datagram or its first fragment); null for a later fragment, which carries none.
 */
export function transportPorts(packet: Ipv4Packet): { srcPort: number; dstPort: number } | null {
  if (packet.tcp) return packet.tcp;
  if (packet.udp && (packet.fragment === undefined || packet.fragment.offset === 0)) return packet.udp;
  return null;
}

/** What a packet is, for the drawing and the log. */
export function packetKind(packet: Ipv4Packet): PacketKind {
  if (packet.tcp) return tcpKind(packet.tcp.flags, packet.tcp.payload.length);
  if (packet.igmp) return 'igmp';
  if (packet.icmp) return 'icmp';
  return packet.fragment && packet.fragment.offset > 0 ? 'fragment' : 'udp';
}

export interface ArpPayload {
  op: 1 | 2; // 1 = request, 2 = reply
  senderMac: Mac;
  senderIp: Ip;
  targetMac: Mac;
  targetIp: Ip;
}

export interface HeartbeatPayload {
  clusterVip: Ip;
  dedicatedIp: Ip;
  hostPriority: number;
  defaultHostPriority: number;
  converging: boolean;
  ruleCount: number;
  /** A digest of the host's port rules, so hosts see when theirs differ. */
  rulesDigest: number;
  /** Per port rule, a 64-bit map of the buckets this host owns (bit b = bucket b). */
  currentMaps: bigint[];
  /** Per port rule, this host's load weight. */
  loadWeights: number[];
}

export interface Frame {
  id: number;
  ethSrc: Mac;
  ethDst: Mac;
  etherType: number;
  ip?: Ipv4Packet;
  arp?: ArpPayload;
  heartbeat?: HeartbeatPayload;
  /** Client connection the frame belongs to; 0 for ARP and heartbeats. */
  connId: number;
  kind: PacketKind;
  /**
   * The IP packet this frame carries, across hops: a router forwarding it makes a new frame with
   * the same packetId, so the inspector can follow one packet end to end. Equals the first frame's id.
   */
  packetId: number;
  /** A host's loopback carried it: no Ethernet header, never on a link. */
  loopback?: boolean;
}

// The makers of the engine's most common objects. Every TCP segment, TCP packet and IP frame is
// made by one of these, its fields always in one order: V8 then gives each kind one hidden class,
// and the code that reads them (every node on the path) stays fast, where copies made by spreading
// (`{ ...packet, ttl }`) had classes of their own and made those reads slow in a bulk run.

export function tcpSegment(
  srcPort: number,
  dstPort: number,
  seq: number,
  ack: number,
  flags: number,
  payload: string,
): TcpSegment {
  return { srcPort, dstPort, seq, ack, flags, payload };
}

/** An IPv4 packet carrying a TCP segment (protocol IPPROTO_TCP). */
export function tcpPacket(
  src: Ip,
  dst: Ip,
  ttl: number,
  protocol: number,
  id: number,
  tcp: TcpSegment,
): Ipv4Packet {
  return { src, dst, ttl, protocol, id, tcp };
}

/** Whether a packet is a TCP packet as tcpPacket makes it (no other part: no UDP, fragment, IGMP or ICMP). */
export function isTcpOnly(packet: Ipv4Packet): packet is Ipv4Packet & { tcp: TcpSegment } {
  return (
    packet.tcp !== undefined &&
    packet.udp === undefined &&
    packet.fragment === undefined &&
    packet.igmp === undefined &&
    packet.icmp === undefined
  );
}

/** A frame carrying an IPv4 packet on a wire (EtherType IPv4, no loopback mark). */
export function ipFrame(
  id: number,
  ethSrc: Mac,
  ethDst: Mac,
  ip: Ipv4Packet,
  connId: number,
  kind: PacketKind,
  packetId: number,
): Frame {
  return { id, ethSrc, ethDst, etherType: ETHERTYPE_IPV4, ip, connId, kind, packetId };
}

/** Whether a frame is one as ipFrame makes it (no ARP, heartbeat or loopback part). */
export function isIpFrame(frame: Frame): frame is Frame & { ip: Ipv4Packet } {
  return (
    frame.ip !== undefined &&
    frame.etherType === ETHERTYPE_IPV4 &&
    frame.arp === undefined &&
    frame.heartbeat === undefined &&
    frame.loopback === undefined
  );
}

export function tcpKind(flags: number, payloadLength: number): PacketKind {
  if (flags & TCP_RST) return 'rst';
  if (flags & TCP_SYN) return flags & TCP_ACK ? 'synack' : 'syn';
  if (flags & TCP_FIN) return 'fin';
  if (payloadLength > 0) return 'data';
  return 'ack';
}

export function describeTcpFlags(flags: number): string {
  const names: string[] = [];
  if (flags & TCP_SYN) names.push('SYN');
  if (flags & TCP_FIN) names.push('FIN');
  if (flags & TCP_RST) names.push('RST');
  if (flags & TCP_PSH) names.push('PSH');
  if (flags & TCP_ACK) names.push('ACK');
  return names.join(', ');
}
