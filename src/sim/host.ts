// A cluster host: its NIC (with the MAC rules of the cluster mode), the NLB driver between NIC and
// stack, and its TCP/IP stack with the dedicated IP and the cluster VIP as local addresses.
import {
  BROADCAST_MAC,
  formatIp,
  formatMac,
  ipOrThrow,
  maskedSourceMac,
  unicastClusterMac,
  type Ip,
  type Mac,
} from './addr';
import { NlbDriver, type NlbCluster } from './nlb';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, type Frame } from './packets';
import { IpStack, type ConnectionEvents, type StackHost, type StackSettings } from './stack';
import type { ClusterId, HostConfig } from '../scenario/types';
import type { Link, NetNode, World } from './world';

export class ClusterHost implements NetNode, StackHost {
  readonly kind = 'host' as const;
  readonly id: string;
  readonly name: string;
  readonly clusterId: ClusterId;
  readonly dip: Ip;
  /** The MAC burned into the NIC (hosts keep it in multicast modes). */
  readonly burnedInMac: Mac;
  readonly stack: IpStack;
  readonly nlb: NlbDriver;
  link!: Link;

  constructor(
    private readonly world: World,
    readonly cluster: NlbCluster,
    readonly hostIndex: number,
    readonly config: HostConfig,
    settings: StackSettings,
    events: ConnectionEvents,
  ) {
    this.clusterId = cluster.config.id;
    this.id = `${cluster.config.id}${hostIndex + 1}`;
    this.name = cluster.hostName(hostIndex);
    this.dip = ipOrThrow(config.dip);
    this.burnedInMac = 0x00155d000000 + (cluster.config.id === 'A' ? 0 : 0x100) + hostIndex + 1;
    this.stack = new IpStack(world, this, this.dip, 24, ipOrThrow('10.0.0.1'), settings, events);
    this.stack.localIps.add(cluster.vip);
    this.nlb = new NlbDriver(cluster, hostIndex, this.name);
  }

  private get unicast(): boolean {
    return this.cluster.config.mode === 'unicast';
  }

  /** The MAC the NIC receives on: in unicast mode NLB replaces it with the cluster MAC. */
  get nicMac(): Mac {
    return this.unicast ? unicastClusterMac(this.cluster.vip) : this.burnedInMac;
  }

  /** The source MAC on outgoing frames: masked as 02-<priority>-<VIP> in unicast mode with MaskSourceMAC. */
  get outgoingSourceMac(): Mac {
    if (!this.unicast) return this.burnedInMac;
    return this.cluster.config.maskSourceMac ? maskedSourceMac(this.config.priority, this.cluster.vip) : this.nicMac;
  }

  arpMacFor(ip: Ip): Mac {
    return ip === this.cluster.vip ? this.cluster.clusterMac : this.nicMac;
  }

  sendFrame(frame: Frame): void {
    frame.ethSrc = this.outgoingSourceMac;
    const world = this.world;
    if (frame.ethDst === this.nicMac) {
      // Unicast mode: every host's NIC carries the same cluster MAC, so a frame for another host's
      // dedicated IP is addressed to this NIC's own MAC and never leaves the host (KB Q197864).
      if (world.recorder.full) {
        world.recorder.decide(world.now, this.id, 'loopback', frame.id, frame.connId,
          `${this.name} NIC: destination MAC ${formatMac(frame.ethDst)} is this NIC's own MAC (unicast mode gives every ` +
            `host the cluster MAC) -> the frame is handed back to ${this.name} and never reaches the wire (KB Q197864)`);
      } else world.recorder.count('loopback');
      world.schedule(0, () => this.deliverUp(frame));
      return;
    }
    world.transmit(this.link, this, frame);
  }

  private acceptsMac(mac: Mac): boolean {
    return mac === this.nicMac || mac === BROADCAST_MAC || (!this.unicast && mac === this.cluster.clusterMac);
  }

  receive(frame: Frame): void {
    const world = this.world;
    const rec = world.recorder;
    if (!this.acceptsMac(frame.ethDst)) {
      if (rec.full) {
        rec.decide(world.now, this.id, 'ignore', frame.id, frame.connId,
          `${this.name} NIC: destination MAC ${formatMac(frame.ethDst)} is not this NIC's -> ignored`);
      } else rec.count('ignore');
      return;
    }
    if (frame.etherType === ETHERTYPE_IPV4 && frame.ip!.dst === this.cluster.vip && this.nlb.running) {
      const verdict = this.nlb.filterVip(frame, rec.full);
      if (rec.full) rec.decide(world.now, this.id, verdict.accept ? 'accept' : 'drop', frame.id, frame.connId, verdict.reason!);
      else rec.count(verdict.accept ? 'accept' : 'drop');
      if (!verdict.accept) return;
    } else if (frame.etherType === ETHERTYPE_IPV4 && frame.ip!.dst === this.dip && rec.full && frame.connId > 0) {
      rec.decide(world.now, this.id, 'accept', frame.id, frame.connId,
        `${this.name} NLB: ${formatIp(this.dip)} is this host's dedicated IP -> passed up unfiltered (dedicated IP traffic is never balanced)`);
    }
    this.deliverUp(frame);
  }

  private deliverUp(frame: Frame): void {
    if (frame.etherType === ETHERTYPE_ARP) this.stack.receiveArp(frame.arp!, frame);
    else if (frame.etherType === ETHERTYPE_IPV4) this.stack.receiveIp(frame.ip!, frame.id, frame.connId, false);
  }
}
