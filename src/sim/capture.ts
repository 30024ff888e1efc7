// Capture: remembers what crossed each link (and each host's loopback) and writes it as a classic
// libpcap file for a chosen capture point: the whole switch, one switch port, a host's NIC, or a
// host's loopback (LINKTYPE_NULL, like a loopback adapter). Timestamps are simulated time.
import type { Frame, Ipv4Packet } from './packets';
import { encodeFrame, encodeIpv4 } from './wire';
import type { NodeId } from './types';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** BSD loopback encapsulation: a 4-byte address family in the capturing host's byte order. */
const AF_INET = 2;

interface LinkRecord {
  /** Simulated ms when the frame was put on the link. */
  t: number;
  linkId: string;
  from: NodeId;
  to: NodeId;
  frame: Frame;
}

interface LoopbackRecord {
  t: number;
  host: NodeId;
  packet: Ipv4Packet;
}

export type CapturePoint =
  | { kind: 'switch' }
  | { kind: 'port'; linkId: string }
  | { kind: 'nic'; node: NodeId }
  | { kind: 'loopback'; node: NodeId };

export class CaptureBuffer {
  private links: LinkRecord[] = [];
  private loopbacks: LoopbackRecord[] = [];
  /** Set once the buffer is full; later traffic is not kept (the file says so by ending early). */
  truncated = false;

  constructor(readonly maxRecords = 400_000) {}

  get size(): number {
    return this.links.length + this.loopbacks.length;
  }

  private room(): boolean {
    if (this.size < this.maxRecords) return true;
    this.truncated = true;
    return false;
  }

  onLink(t: number, linkId: string, from: NodeId, to: NodeId, frame: Frame): void {
    if (this.room()) this.links.push({ t, linkId, from, to, frame });
  }

  onLoopback(t: number, host: NodeId, packet: Ipv4Packet): void {
    if (this.room()) this.loopbacks.push({ t, host, packet });
  }

  /** The frames seen at a capture point, in time order, as pcap bytes. */
  pcap(point: CapturePoint): Uint8Array {
    if (point.kind === 'loopback') {
      const records = this.loopbacks.filter((r) => r.host === point.node);
      return writePcap(
        LINKTYPE_NULL,
        records.map((r) => ({ t: r.t, bytes: withNullHeader(encodeIpv4(r.packet)) })),
      );
    }
    let keep: (r: LinkRecord) => boolean;
    if (point.kind === 'switch')
      keep = (r) => r.to === 'switch'; // every frame once, as it enters the switch
    else if (point.kind === 'port') keep = (r) => r.linkId === point.linkId;
    else keep = (r) => r.from === point.node || r.to === point.node;
    const records = this.links.filter(keep);
    return writePcap(
      LINKTYPE_ETHERNET,
      records.map((r) => ({ t: r.t, bytes: encodeFrame(r.frame) })),
    );
  }

  /**
   * A copy holding only what was seen up to simulated time `t` (ms): a seek back reuses it. Records
   * are kept in the order they were seen, which is time order, so the cut is found by bisection
   * (a seek pays for a copy of references, not a scan of up to 400,000 records).
   */
  until(t: number): CaptureBuffer {
    const copy = new CaptureBuffer(this.maxRecords);
    copy.links = this.links.slice(0, countUpTo(this.links, t));
    copy.loopbacks = this.loopbacks.slice(0, countUpTo(this.loopbacks, t));
    copy.truncated = this.truncated && copy.size >= this.maxRecords;
    return copy;
  }

  clear(): void {
    this.links.length = 0;
    this.loopbacks.length = 0;
    this.truncated = false;
  }
}

/** How many of `records` (in time order) were seen at or before `t`. */
function countUpTo(records: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function withNullHeader(ip: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + ip.length);
  new DataView(out.buffer).setUint32(0, AF_INET, true);
  out.set(ip, 4);
  return out;
}

/** A classic libpcap file (microsecond timestamps, little-endian) of the given packets. */
export function writePcap(linkType: number, packets: { t: number; bytes: Uint8Array }[]): Uint8Array {
  const size = 24 + packets.reduce((sum, p) => sum + 16 + p.bytes.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true); // magic
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true); // this zone
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, 65535, true); // snaplen
  view.setUint32(20, linkType, true);
  let offset = 24;
  for (const p of packets) {
    const micros = Math.round(p.t * 1000);
    view.setUint32(offset, Math.floor(micros / 1_000_000), true);
    view.setUint32(offset + 4, micros % 1_000_000, true);
    view.setUint32(offset + 8, p.bytes.length, true);
    view.setUint32(offset + 12, p.bytes.length, true);
    out.set(p.bytes, offset + 16);
    offset += 16 + p.bytes.length;
  }
  return out;
}
