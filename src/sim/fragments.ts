// IPv4 fragmentation of a datagram too large for one Ethernet frame, and its reassembly at the
// receiver: only the first fragment carries the UDP header, which is what KB Q229064 is about.
import { MAX_IP_PAYLOAD, UDP_HEADER_BYTES, type Ipv4Packet } from './packets';

/** Bytes of UDP header and data a datagram occupies as IP payload. */
export function udpLength(packet: Ipv4Packet): number {
  return UDP_HEADER_BYTES + (packet.udp?.payload.length ?? 0);
}

/**
 * The packets a datagram leaves as: itself when it fits one frame, else fragments of at most
 * MAX_IP_PAYLOAD bytes (a multiple of 8, as IPv4's offset field counts 8-byte units), sharing its id.
 */
export function fragmentDatagram(packet: Ipv4Packet): Ipv4Packet[] {
  const total = udpLength(packet);
  if (total <= MAX_IP_PAYLOAD) return [packet];
  const pieces: Ipv4Packet[] = [];
  for (let offset = 0; offset < total; offset += MAX_IP_PAYLOAD) {
    const length = Math.min(MAX_IP_PAYLOAD, total - offset);
    pieces.push({ ...packet, fragment: { offset, length, more: offset + length < total } });
  }
  return pieces;
}

interface PartialDatagram {
  /** Bytes received so far (fragments do not overlap here: one sender, one split). */
  received: number;
  /** Fragments received so far. */
  count: number;
  /** The datagram's length, known once its last fragment (MF clear) is in. */
  total: number | null;
}

/** What `Reassembly.add` made of a fragment. */
export type ReassemblyStep =
  { done: false; have: number } | { done: true; packet: Ipv4Packet; fragments: number };

/** Datagrams being put back together at one receiver, keyed by source, destination, protocol and id. */
export class Reassembly {
  private readonly partial = new Map<string, PartialDatagram>();

  static key(packet: Ipv4Packet): string {
    return `${packet.src}>${packet.dst}/${packet.protocol}#${packet.id}`;
  }

  /** Take one fragment in; the whole datagram once its last missing byte arrives. */
  add(packet: Ipv4Packet): ReassemblyStep {
    const piece = packet.fragment!;
    const key = Reassembly.key(packet);
    let entry = this.partial.get(key);
    if (!entry) {
      entry = { received: 0, count: 0, total: null };
      this.partial.set(key, entry);
    }
    entry.received += piece.length;
    entry.count++;
    if (!piece.more) entry.total = piece.offset + piece.length;
    if (entry.total !== null && entry.received >= entry.total) {
      this.partial.delete(key);
      const whole: Ipv4Packet = { ...packet };
      delete whole.fragment;
      return { done: true, packet: whole, fragments: entry.count };
    }
    return { done: false, have: entry.count };
  }

  /** Give up on a datagram still incomplete (its reassembly timer ran out); fragments it had, or 0. */
  expire(key: string): number {
    const entry = this.partial.get(key);
    if (!entry) return 0;
    this.partial.delete(key);
    return entry.count;
  }

  clear(): void {
    this.partial.clear();
  }

  get size(): number {
    return this.partial.size;
  }
}
