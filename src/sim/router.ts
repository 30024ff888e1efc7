// The router between the outside clients and the cluster LAN. Its LAN side ARPs like any host (and
// so learns the cluster MAC for the VIP); its WAN side is a point-to-point link to the clients.
import { formatIp, formatMac, ipOrThrow, isGroupMac, type Ip, type Mac } from './addr';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, type ArpPayload, type Frame, type Ipv4Packet } from './packets';
import { IpStack, type ConnectionEvents, type StackSettings } from './stack';
import type { Link, NetNode, World } from './world';

export const ROUTER_LAN_IP = '10.0.0.1';
export const ROUTER_WAN_IP = '192.0.2.1';

const NO_CONNECTION_EVENTS: ConnectionEvents = {
  serverAccepted() {},
  completed() {},
  failed() {},
  synRetransmitted() {},
};

export class Router implements NetNode {
  readonly kind = 'router' as const;
  readonly lanMac: Mac = 0x000c29000001;
  readonly wanMac: Mac = 0x000c29000002;
  readonly lanIp: Ip = ipOrThrow(ROUTER_LAN_IP);
  readonly lanStack: IpStack;
  lanLink!: Link;
  wanLink!: Link;
  /** MAC of the client machine on the WAN link (point-to-point, configured statically). */
  clientMac: Mac = 0;
  static readonly LAN_PORT = 0;
  static readonly WAN_PORT = 1;

  constructor(
    private readonly world: World,
    readonly id: string,
    readonly name: string,
    settings: StackSettings,
  ) {
    this.lanStack = new IpStack(
      world,
      {
        id,
        name,
        sendFrame: (f) => this.sendLan(f),
        arpMacFor: () => this.lanMac,
        refuseArpReply: (arp) => this.refuseArpReply(arp),
      },
      this.lanIp,
      24,
      null,
      settings,
      NO_CONNECTION_EVENTS,
    );
  }

  /** Like many real routers (RFC 1812), refuse to map a unicast IP to a multicast MAC learned by ARP. */
  private refuseArpReply(arp: ArpPayload): string | null {
    if (!isGroupMac(arp.senderMac)) return null;
    return (
      `Router: refuses the ARP reply mapping unicast ${formatIp(arp.senderIp)} to multicast MAC ${formatMac(arp.senderMac)} ` +
      `-> the VIP stays unresolved (NLB multicast mode needs a static ARP entry on the router)`
    );
  }

  /** A static ARP entry (the documented fix for multicast mode). */
  addStaticArp(ip: Ip, mac: Mac): void {
    this.lanStack.arpCache.set(ip, mac);
  }

  private sendLan(frame: Frame): void {
    frame.ethSrc = this.lanMac;
    this.world.transmit(this.lanLink, this, frame);
  }

  private forwarded(packet: Ipv4Packet): Ipv4Packet {
    return { ...packet, ttl: packet.ttl - 1 };
  }

  receive(frame: Frame, port: number): void {
    const world = this.world;
    const rec = world.recorder;
    if (port === Router.WAN_PORT) {
      if (frame.etherType !== ETHERTYPE_IPV4) {
        world.settle(frame, this, 'ignored');
        return;
      }
      const packet = frame.ip!;
      world.settle(frame, this, 'forwarded');
      if (rec.full) {
        rec.decide(
          world.now,
          this.id,
          'forward',
          frame.id,
          frame.connId,
          `Router: ${formatIp(packet.dst)} is on the cluster LAN (10.0.0.0/24) -> routed onto the LAN, TTL ${packet.ttl} -> ${packet.ttl - 1}`,
        );
      }
      this.lanStack.sendIp(this.forwarded(packet), frame.connId, frame.packetId);
      return;
    }
    if (frame.ethDst !== this.lanMac && frame.ethDst !== 0xffff_ffff_ffff) {
      if (rec.full) {
        rec.decide(
          world.now,
          this.id,
          'ignore',
          frame.id,
          frame.connId,
          `Router: the frame is not addressed to the router -> ignored`,
        );
      } else rec.count('ignore');
      world.settle(frame, this, 'ignored');
      return;
    }
    if (frame.etherType === ETHERTYPE_ARP) {
      world.settle(frame, this, 'delivered');
      this.lanStack.receiveArp(frame.arp!, frame);
      return;
    }
    if (frame.etherType !== ETHERTYPE_IPV4) {
      if (rec.full) {
        rec.decide(
          world.now,
          this.id,
          'ignore',
          frame.id,
          frame.connId,
          `Router: EtherType 0x${frame.etherType.toString(16).toUpperCase()} is not IP -> ignored`,
        );
      } else rec.count('ignore');
      world.settle(frame, this, 'ignored');
      return;
    }
    const packet = frame.ip!;
    if (packet.dst === this.lanIp) {
      // Nothing on the router itself listens; it is only a gateway here.
      world.settle(frame, this, 'delivered');
      return;
    }
    world.settle(frame, this, 'forwarded');
    const out: Frame = {
      ...frame,
      id: world.nextFrameId(),
      ethSrc: this.wanMac,
      ethDst: this.clientMac,
      ip: this.forwarded(packet),
    };
    if (rec.full) {
      rec.decide(
        world.now,
        this.id,
        'forward',
        out.id,
        out.connId,
        `Router: ${formatIp(packet.dst)} is outside -> routed to the clients' network`,
      );
    }
    world.transmit(this.wanLink, this, out);
  }
}
