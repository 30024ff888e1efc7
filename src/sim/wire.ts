// Frames to bytes, exactly as they would cross the wire: Ethernet II, ARP, IPv4 (with header
// checksum, fragment offset), TCP (with pseudo-header checksum, MSS option on SYNs), UDP (with
// checksum over the whole datagram, sliced across its fragments), ICMP echo (ping), IGMP, and the NLB heartbeat laid out
// as Wireshark's MS-NLB dissector reads it (signature 0xC0DE01BF, 1,496 bytes).
import type { Ip, Mac } from './addr';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_NLB,
  PING_DATA,
  TCP_SYN,
  UDP_HEADER_BYTES,
  type ArpPayload,
  type Frame,
  type HeartbeatPayload,
  type IcmpEcho,
  type IgmpMessage,
  type Ipv4Packet,
  type TcpSegment,
  type UdpDatagram,
} from './packets';

/** Ethernet frames shorter than this (without the FCS) are padded, as a NIC would. */
const MIN_FRAME = 60;
const MSS = 1460;
const WINDOW = 64240;

class ByteWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  offset = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(v: number): void {
    this.view.setUint8(this.offset, v & 0xff);
    this.offset += 1;
  }

  u16(v: number): void {
    this.view.setUint16(this.offset, v & 0xffff);
    this.offset += 2;
  }

  u32(v: number): void {
    this.view.setUint32(this.offset, v >>> 0);
    this.offset += 4;
  }

  u16le(v: number): void {
    this.view.setUint16(this.offset, v & 0xffff, true);
    this.offset += 2;
  }

  u32le(v: number): void {
    this.view.setUint32(this.offset, v >>> 0, true);
    this.offset += 4;
  }

  mac(mac: Mac): void {
    let rest = mac;
    const out: number[] = [];
    for (let i = 0; i < 6; i++) {
      out.unshift(rest % 256);
      rest = Math.floor(rest / 256);
    }
    for (const b of out) this.u8(b);
  }

  ip(ip: Ip): void {
    this.u32(ip);
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.u8(text.charCodeAt(i));
  }

  skip(n: number): void {
    this.offset += n;
  }
}

/** The Internet checksum (RFC 1071) over bytes [start, end), plus an optional starting sum. */
export function internetChecksum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if ((end - start) % 2 === 1) sum += bytes[end - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function tcpHeaderLength(seg: TcpSegment): number {
  return seg.flags & TCP_SYN ? 24 : 20;
}

/** Pseudo-header sum for TCP and UDP checksums: source, destination, zero + protocol, length. */
function pseudoHeaderSum(packet: Ipv4Packet, length: number): number {
  return (
    (packet.src >>> 16) +
    (packet.src & 0xffff) +
    (packet.dst >>> 16) +
    (packet.dst & 0xffff) +
    packet.protocol +
    length
  );
}

/** TCP segment bytes (header with checksum, options, payload). */
function encodeTcp(packet: Ipv4Packet, seg: TcpSegment): Uint8Array {
  const tcpLen = tcpHeaderLength(seg);
  const total = tcpLen + seg.payload.length;
  const w = new ByteWriter(total);
  w.u16(seg.srcPort);
  w.u16(seg.dstPort);
  w.u32(seg.seq);
  w.u32(seg.ack);
  w.u8((tcpLen / 4) << 4);
  w.u8(seg.flags);
  w.u16(WINDOW);
  w.u16(0); // checksum, filled below
  w.u16(0); // urgent pointer
  if (tcpLen === 24) {
    w.u8(2); // MSS option
    w.u8(4);
    w.u16(MSS);
  }
  w.ascii(seg.payload);
  const sum = internetChecksum(w.bytes, 0, total, pseudoHeaderSum(packet, total));
  w.bytes[16] = sum >> 8;
  w.bytes[17] = sum & 0xff;
  return w.bytes;
}

/** The whole UDP datagram's bytes (header with checksum, data), before any fragmentation. */
function encodeUdp(packet: Ipv4Packet, datagram: UdpDatagram): Uint8Array {
  const total = UDP_HEADER_BYTES + datagram.payload.length;
  const w = new ByteWriter(total);
  w.u16(datagram.srcPort);
  w.u16(datagram.dstPort);
  w.u16(total);
  w.u16(0); // checksum, filled below
  w.ascii(datagram.payload);
  let sum = internetChecksum(w.bytes, 0, total, pseudoHeaderSum(packet, total));
  if (sum === 0) sum = 0xffff; // UDP sends a computed 0 as all ones (0 means "no checksum")
  w.bytes[6] = sum >> 8;
  w.bytes[7] = sum & 0xff;
  return w.bytes;
}

/**
 * IPv4 packet bytes: header with checksum, then the TCP segment, the UDP datagram, or (for a
 * fragment) its slice of the datagram's bytes, with the fragment offset and More Fragments flag set.
 */
export function encodeIpv4(packet: Ipv4Packet): Uint8Array {
  let body: Uint8Array;
  let flagsAndOffset = 0;
  if (packet.tcp) {
    body = encodeTcp(packet, packet.tcp);
    flagsAndOffset = 0x4000; // don't fragment
  } else if (packet.udp) {
    body = encodeUdp(packet, packet.udp);
    const f = packet.fragment;
    if (f) {
      body = body.subarray(f.offset, f.offset + f.length);
      flagsAndOffset = (f.more ? 0x2000 : 0) | (f.offset / 8);
    }
  } else if (packet.igmp) body = encodeIgmp(packet.igmp);
  else if (packet.icmp) body = encodeIcmpEcho(packet.icmp);
  else body = new Uint8Array(0);
  // IGMP carries the Router Alert option (RFC 2236), so its header is 6 words.
  const headerLength = packet.igmp ? 24 : 20;
  const total = headerLength + body.length;
  const w = new ByteWriter(total);
  w.u8(0x40 + headerLength / 4); // version 4, header length in words
  w.u8(0);
  w.u16(total);
  w.u16(packet.id);
  w.u16(flagsAndOffset);
  w.u8(packet.ttl);
  w.u8(packet.protocol);
  w.u16(0); // checksum, filled below
  w.ip(packet.src);
  w.ip(packet.dst);
  if (packet.igmp) w.u32(0x9404_0000); // Router Alert: copied, option 20, length 4, value 0
  const ipSum = internetChecksum(w.bytes, 0, headerLength);
  w.bytes[10] = ipSum >> 8;
  w.bytes[11] = ipSum & 0xff;
  w.bytes.set(body, headerLength);
  return w.bytes;
}

/** An IGMPv2 message: type, max response time (0 in a report), checksum, group address. */
function encodeIgmp(igmp: IgmpMessage): Uint8Array {
  const w = new ByteWriter(8);
  w.u8(igmp.type);
  w.u8(0);
  w.u16(0); // checksum, filled below
  w.ip(igmp.group);
  const sum = internetChecksum(w.bytes, 0, 8);
  w.bytes[2] = sum >> 8;
  w.bytes[3] = sum & 0xff;
  return w.bytes;
}

/** An ICMP echo request or reply: type, code 0, checksum, identifier, sequence, Windows' 32 data bytes. */
function encodeIcmpEcho(echo: IcmpEcho): Uint8Array {
  const w = new ByteWriter(8 + PING_DATA.length);
  w.u8(echo.type);
  w.u8(0);
  w.u16(0); // checksum, filled below
  w.u16(echo.id);
  w.u16(echo.seq);
  w.ascii(PING_DATA);
  const sum = internetChecksum(w.bytes, 0, w.bytes.length);
  w.bytes[2] = sum >> 8;
  w.bytes[3] = sum & 0xff;
  return w.bytes;
}

function encodeArp(w: ByteWriter, arp: ArpPayload): void {
  w.u16(1); // Ethernet
  w.u16(ETHERTYPE_IPV4);
  w.u8(6);
  w.u8(4);
  w.u16(arp.op);
  w.mac(arp.senderMac);
  w.ip(arp.senderIp);
  w.mac(arp.targetMac);
  w.ip(arp.targetIp);
}

/** Size of the MS-NLB cluster membership heartbeat payload. */
export const HEARTBEAT_BYTES = 1496;
const NLB_SIGNATURE = 0xc0de01bf;

function encodeHeartbeat(w: ByteWriter, hb: HeartbeatPayload): void {
  w.u32le(NLB_SIGNATURE);
  w.u32le(0x0200); // version (illustrative)
  w.u32le(hb.hostPriority); // unique host id
  w.ip(hb.clusterVip);
  w.ip(hb.dedicatedIp);
  w.u16le(hb.hostPriority); // my host id
  w.u16le(hb.defaultHostPriority);
  w.u16le(hb.converging ? 1 : 0); // convergence state (illustrative encoding)
  w.u16le(hb.ruleCount);
  w.u32le(hb.rulesDigest); // unique host code: here the rules digest hosts compare
  w.u32le(0); // packets handled
  w.u32le(0); // teaming configuration
  w.skip(4); // reserved
  w.skip(4 * 33); // port rule configuration
  // Current bucket map per rule: 64 bits, one per bucket this host owns.
  for (let i = 0; i < 33; i++) {
    const map = hb.currentMaps[i] ?? 0n;
    w.u32le(Number(map & 0xffffffffn));
    w.u32le(Number(map >> 32n));
  }
  w.skip(8 * 33 * 3); // new, idle and ready maps
  for (let i = 0; i < 33; i++) w.u32le(hb.loadWeights[i] ?? 0);
  w.skip(4 * 33); // reserved
}

/** The bytes of an Ethernet frame as it crosses a link (without FCS). */
export function encodeFrame(frame: Frame): Uint8Array {
  let body = 0;
  let ip: Uint8Array | undefined;
  if (frame.etherType === ETHERTYPE_IPV4) {
    ip = encodeIpv4(frame.ip!);
    body = ip.length;
  } else if (frame.etherType === ETHERTYPE_ARP) body = 28;
  else if (frame.etherType === ETHERTYPE_NLB) body = HEARTBEAT_BYTES;
  const w = new ByteWriter(Math.max(MIN_FRAME, 14 + body));
  w.mac(frame.ethDst);
  w.mac(frame.ethSrc);
  w.u16(frame.etherType);
  if (ip) w.bytes.set(ip, 14);
  else if (frame.arp) encodeArp(w, frame.arp);
  else if (frame.heartbeat) encodeHeartbeat(w, frame.heartbeat);
  return w.bytes;
}
