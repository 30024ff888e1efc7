// IPv4 and MAC addresses as plain numbers (a MAC fits exactly in a double), with NLB's MAC rules.
// Formatting follows Windows' style (dashes, upper case) because that is what `wlbs` and NLB docs show.

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
  return value;
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
  return ip - (ip % 256);
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
  return Math.floor(mac / TWO_40) % 2 === 1;
}

/** An IPv4 multicast MAC (01-00-5E-...), the kind IGMP snooping switches can limit. */
export function isIpMulticastMac(mac: Mac): boolean {
  return Math.floor(mac / 0x100_0000) === 0x01005e;
}

/** Unicast mode cluster MAC: 02-BF- followed by the four VIP octets. */
export function unicastClusterMac(vip: Ip): Mac {
  return 0x02bf * TWO_32 + vip;
}

/** Multicast mode cluster MAC: 03-BF- followed by the four VIP octets. */
export function multicastClusterMac(vip: Ip): Mac {
  return 0x03bf * TWO_32 + vip;
}

/**
 * IGMP multicast mode MAC. Only the 01-00-5E prefix is confirmed by a source; the remaining bytes
 * (7F, then the last two VIP octets) are illustrative.
 */
export function igmpClusterMac(vip: Ip): Mac {
  return 0x0100_5e7f * 0x1_0000 + (vip % 0x1_0000);
}

/**
 * The IP multicast group behind igmpClusterMac: 239.255.x.y with the VIP's last two octets (it maps
 * to 01-00-5E-7F-x-y). Illustrative, like the MAC.
 */
export function igmpGroupIp(vip: Ip): Ip {
  return 0xefff_0000 + (vip % 0x1_0000);
}

/** Unicast mode with MaskSourceMAC: outgoing frames carry 02-<host priority>-<VIP octets>. */
export function maskedSourceMac(priority: number, vip: Ip): Mac {
  return (0x0200 + priority) * TWO_32 + vip;
}
