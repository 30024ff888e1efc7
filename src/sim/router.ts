// The router between the outside clients and the cluster LAN. Its LAN side ARPs like any host (and
// so learns the cluster MAC for the VIP); its WAN side is a point-to-point link to the clients.
import { ipOrThrow, isGroupMac, type Ip, type Mac } from './addr';
import { NO_ARGS } from './recorder';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ipFrame,
  isIpFrame,
  isTcpOnly,
  tcpPacket,
  type ArpPayload,
  type Frame,
  type Ipv4Packet,
} from './packets';
import { IpStack, UnfollowedConnections, type StackHost, type StackSettings } from './stack';
import type { Link, NetNode, World } from './world';

export const ROUTER_LAN_IP = '10.0.0.1';
export const ROUTER_WAN_IP = '192.0.2.1';

/** The router's LAN side as its stack sees it: sends on the LAN link, refuses multicast MACs in ARP. */
class RouterLanMachine implements StackHost {
  readonly id: string;
  readonly name: string;

  constructor(private readonly router: Router) {
    this.id = router.id;
    this.name = router.name;
  }

  sendFrame(frame: Frame): void {
    this.router.sendLan(frame);
  }

  arpMacFor(): Mac {
    return this.router.lanMac;
  }

  refuseArpReply(arp: ArpPayload): boolean {
    return this.router.refuseArpReply(arp);
  }
}

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
      new RouterLanMachine(this),
      this.lanIp,
      24,
      null,
      settings,
      new UnfollowedConnections(),
    );
  }

  /** Like many real routers (RFC 1812), refuse to map a unicast IP to a multicast MAC learned by ARP. */
  refuseArpReply(arp: ArpPayload): boolean {
    return isGroupMac(arp.senderMac);
  }

  /** A static ARP entry (the documented fix for multicast mode). */
  addStaticArp(ip: Ip, mac: Mac): void {
    this.lanStack.arpCache.set(ip, mac);
  }

  /** Put a frame on the LAN link, from the LAN MAC. */
  sendLan(frame: Frame): void {
    frame.ethSrc = this.lanMac;
    this.world.transmit(this.lanLink, this, frame);
  }

  /** The packet as the router sends it on: a copy, one hop less to live. */
  private forwarded(packet: Ipv4Packet): Ipv4Packet {
    if (isTcpOnly(packet))
      return tcpPacket(packet.src, packet.dst, packet.ttl - 1, packet.protocol, packet.id, packet.tcp);
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
      rec.decide(
        world.now,
        this.id,
        'router.toLan',
        frame.id,
        frame.connId,
        rec.full ? { dst: packet.dst, ttl: packet.ttl } : undefined,
      );
      this.lanStack.sendIp(this.forwarded(packet), frame.connId, frame.packetId);
      return;
    }
    if (frame.ethDst !== this.lanMac && frame.ethDst !== 0xffff_ffff_ffff) {
      rec.decide(world.now, this.id, 'router.notForRouter', frame.id, frame.connId, NO_ARGS);
      world.settle(frame, this, 'ignored');
      return;
    }
    if (frame.etherType === ETHERTYPE_ARP) {
      world.settle(frame, this, 'delivered');
      this.lanStack.receiveArp(frame.arp!, frame);
      return;
    }
    if (frame.etherType !== ETHERTYPE_IPV4) {
      rec.decide(
        world.now,
        this.id,
        'router.notIp',
        frame.id,
        frame.connId,
        rec.full ? { etherType: frame.etherType } : undefined,
      );
      world.settle(frame, this, 'ignored');
      return;
    }
    const packet = frame.ip!;
    if (packet.dst === this.lanIp) {
      // Nothing on the router itself listens (it is only a gateway here), but it answers a ping.
      world.settle(frame, this, 'delivered');
      if (packet.icmp) this.lanStack.receiveIp(packet, frame.id, frame.connId, false);
      return;
    }
    world.settle(frame, this, 'forwarded');
    const id = world.nextFrameId();
    const out: Frame = isIpFrame(frame)
      ? ipFrame(
          id,
          this.wanMac,
          this.clientMac,
          this.forwarded(packet),
          frame.connId,
          frame.kind,
          frame.packetId,
        )
      : { ...frame, id, ethSrc: this.wanMac, ethDst: this.clientMac, ip: this.forwarded(packet) };
    rec.decide(
      world.now,
      this.id,
      'router.toOutside',
      out.id,
      out.connId,
      rec.full ? { dst: packet.dst } : undefined,
    );
    world.transmit(this.wanLink, this, out);
  }
}
