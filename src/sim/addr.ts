// IPv4 and MAC addresses as plain numbers (a MAC fits exactly in a double), with NLB's MAC rules.
// Formatting follows Windows' style (dashes, upper case) because that is what `wlbs` and NLB docs show.

/**
 * An IPv4 address: its 32 bits as a signed 32-bit integer (`| 0`), so 128.0.0.0 and above are
 * negative. Why not the unsigned value: V8 keeps an integer within 32 signed bits as a small integer
 * (Node; 31 bits in Chrome), while a larger number is a heap-allocated double, one more allocation
 * for every packet, connection and argument that holds an address (the outside client's 172.16.x.x
 * were all such: about a tenth of a bulk run's time). Make addresses with parseIp or `| 0`; order
 * or widen them with ipUnsigned.
 */
export type Ip = number;
export type Mac = number;

const TWO_32 = 0x1_0000_0000;
const TWO_40 = 0x100_0000_0000;

export const BROADCAST_MAC: Mac = 0xffff_ffff_ffff;

export function parseIp(dotted: string): Ip | null {
  const parts = dotted.trim().split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value | 0;
}

/** The address as an unsigned number (0 to 2^32 - 1): for ordering addresses, or placing them in a wider number. */
export function ipUnsigned(ip: Ip): number {
  return ip >>> 0;
}

export function ipOrThrow(dotted: string): Ip {
  const ip = parseIp(dotted);
  if (ip === null) throw new Error(`Not an IPv4 address: ${JSON.stringify(dotted)}`);
  return ip;
}

export function formatIp(ip: Ip): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** The /24 network an address belongs to (NLB's "Network" affinity groups clients by it). */
export function slash24(ip: Ip): Ip {
  return ip & ~0xff;
}

export function formatMac(mac: Mac): string {
  const out: string[] = [];
  let rest = mac;
  for (let i = 0; i < 6; i++) {
    out.unshift((rest % 256).toString(16).toUpperCase().padStart(2, '0'));
    rest = Math.floor(rest / 256);
  }
  return out.join('-');
}

/** Group (multicast or broadcast) MACs have the least significant bit of the first octet set. */
export function isGroupMac(mac: Mac): boolean {
  // The first octet is mac / 2^40 (below 256): its integer part's lowest bit, by `& 1` (exact there),
  // since `% 2` of a fraction compiles to a slow floating-point remainder (every frame a switch sees).
  return ((mac / TWO_40) & 1) === 1;
}

/** An IPv4 multicast MAC (01-00-5E-...), the kind IGMP snooping switches can limit. */
export function isIpMulticastMac(mac: Mac): boolean {
  return Math.floor(mac / 0x100_0000) === 0x01005e;
}

/** Unicast mode cluster MAC: 02-BF- followed by the four VIP octets. */
export function unicastClusterMac(vip: Ip): Mac {
  return 0x02bf * TWO_32 + ipUnsigned(vip);
}

/** Multicast mode cluster MAC: 03-BF- followed by the four VIP octets. */
export function multicastClusterMac(vip: Ip): Mac {
  return 0x03bf * TWO_32 + ipUnsigned(vip);
}

/**
 * IGMP multicast mode MAC. Only the 01-00-5E prefix is confirmed by a source; the remaining bytes
 * (7F, then the last two VIP octets) are illustrative.
 */
export function igmpClusterMac(vip: Ip): Mac {
  return 0x0100_5e7f * 0x1_0000 + (vip & 0xffff);
}

/**
 * The IP multicast group behind igmpClusterMac: 239.255.x.y with the VIP's last two octets (it maps
 * to 01-00-5E-7F-x-y). Illustrative, like the MAC.
 */
export function igmpGroupIp(vip: Ip): Ip {
  return 0xefff_0000 | (vip & 0xffff);
}

/** Unicast mode with MaskSourceMAC: outgoing frames carry 02-<host priority>-<VIP octets>. */
export function maskedSourceMac(priority: number, vip: Ip): Mac {
  return (0x0200 + priority) * TWO_32 + ipUnsigned(vip);
}

/**
 * A set of IPv4 addresses, as a bitmap of 256 bits for each /24 that has one, looked up by the /24's
 * number. A stack asks whether an address is its own for every packet it sends or receives, and the
 * outside client has 50,000: as a Set<number> that meant hashing a heap number (V8's small integers
 * stop at 2^30, below most addresses) in a table of 50,000; here it is a lookup by a small integer
 * (the upper 24 bits) among a few hundred, and a bit test. Iterates in the order addresses were added.
 */
/** Up to this many addresses, IpSet.has compares each rather than look the address's /24 up. */
const FEW_ADDRESSES = 4;

export class IpSet implements Iterable<Ip> {
  /** By /24 (address >>> 8): bit (address & 255) set for each member. */
  private readonly blocks = new Map<number, Uint32Array>();
  private readonly members: Ip[] = [];

  constructor(ips: Iterable<Ip> = []) {
    for (const ip of ips) this.add(ip);
  }

  get size(): number {
    return this.members.length;
  }

  has(ip: Ip): boolean {
    // A host's stack has one or two addresses: comparing them beats any lookup.
    const members = this.members;
    if (members.length <= FEW_ADDRESSES) {
      for (let i = 0; i < members.length; i++) if (members[i] === ip) return true;
      return false;
    }
    const block = this.blocks.get(ip >>> 8);
    return block !== undefined && (block[(ip & 0xff) >>> 5]! & (1 << (ip & 31))) !== 0;
  }

  add(ip: Ip): this {
    if (this.has(ip)) return this;
    let block = this.blocks.get(ip >>> 8);
    if (block === undefined) this.blocks.set(ip >>> 8, (block = new Uint32Array(8)));
    block[(ip & 0xff) >>> 5]! |= 1 << (ip & 31);
    this.members.push(ip);
    return this;
  }

  [Symbol.iterator](): IterableIterator<Ip> {
    return this.members.values();
  }
}

/**
 * A 16-bit number (a port, 1 to 65535) for each IPv4 address, 0 for an address never given one; kept
 * like IpSet, in a block of 256 per /24, since the outside client's 50,000 addresses as keys of a
 * Map were heap numbers hashed in a table of 50,000 (two lookups per connection opened).
 */
export class IpPorts {
  /** By /24 (address >>> 8): the number of each address (address & 255). */
  private readonly blocks = new Map<number, Uint16Array>();

  get(ip: Ip): number {
    return this.blocks.get(ip >>> 8)?.[ip & 0xff] ?? 0;
  }

  set(ip: Ip, port: number): void {
    let block = this.blocks.get(ip >>> 8);
    if (block === undefined) this.blocks.set(ip >>> 8, (block = new Uint16Array(256)));
    block[ip & 0xff] = port;
  }
}
