// A cluster host: its NIC (with the MAC rules of the cluster mode), the NLB driver between NIC and
// stack (heartbeats included), its TCP/IP stack with the dedicated IP and the VIP as local
// addresses, and the faults a trainer can inject (crash, cable, NLB stop/drainstop, server stop).
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
import { NlbDriver, type ClusterMember, type NlbCluster } from './nlb';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_NLB, type Frame } from './packets';
import { IpStack, type ConnectionEvents, type StackHost, type StackSettings } from './stack';
import type { ClusterId, HostAction, HostConfig } from '../scenario/types';
import type { Link, NetNode, World } from './world';

/** Every host operation, in the order its buttons appear (fixed, so they never jump about). */
export const ACTION_ORDER: readonly HostAction[] = [
  'crash',
  'restart',
  'drainstop',
  'stopNlb',
  'startNlb',
  'stopServer',
  'startServer',
  'unplug',
  'plug',
];

/** How each operation is named on buttons and timeline markers (CONTRACT.md names the buttons). */
export const ACTION_LABELS: Record<HostAction, string> = {
  crash: 'Crash',
  restart: 'Restart',
  unplug: 'Unplug cable',
  plug: 'Plug in cable',
  stopNlb: 'Stop NLB',
  startNlb: 'Start NLB',
  drainstop: 'Drainstop',
  stopServer: 'Stop server',
  startServer: 'Start server',
};

export class ClusterHost implements NetNode, StackHost, ClusterMember {
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
  crashed = false;
  /** Bumped by a crash, so timers armed before it do nothing after. */
  private life = 0;
  /** Called when this host's own connections (as a client) are lost. */
  onConnectionsLost: (host: ClusterHost) => void = () => {};

  constructor(
    private readonly world: World,
    readonly cluster: NlbCluster,
    readonly hostIndex: number,
    readonly config: HostConfig,
    private readonly serverPort: number,
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
    this.stack.listeners.set(serverPort, { running: config.serverRunning });
    if (cluster.config.clusterIpAsSource) this.stack.primaryIp = cluster.vip;
    this.nlb = new NlbDriver(world, cluster, hostIndex, this.name, () => this.drained());
  }

  /** Up, NLB running and cable plugged in. */
  get reachable(): boolean {
    return !this.crashed && this.nlb.running && this.link.up;
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
    return this.cluster.config.maskSourceMac
      ? maskedSourceMac(this.config.priority, this.cluster.vip)
      : this.nicMac;
  }

  arpMacFor(ip: Ip): Mac {
    return ip === this.cluster.vip ? this.cluster.clusterMac : this.nicMac;
  }

  get serverRunning(): boolean {
    return this.stack.listeners.get(this.serverPort)?.running ?? false;
  }

  // ---- Heartbeats ----------------------------------------------------------------------------

  /** Start this host's heartbeat timer; the first beat comes after `offsetMs` (hosts are staggered). */
  startHeartbeats(offsetMs: number): void {
    const life = this.life;
    const period = this.cluster.config.aliveMsgPeriodMs;
    const beat = () => {
      if (life !== this.life) return;
      if (this.nlb.running) {
        this.sendHeartbeat();
        this.nlb.checkPeers(this.id);
      }
      this.world.schedule(period, beat);
    };
    this.world.schedule(offsetMs, beat);
  }

  private sendHeartbeat(): void {
    const world = this.world;
    const frame: Frame = {
      id: world.nextFrameId(),
      ethSrc: 0,
      // Unicast mode: to broadcast; multicast modes: to the cluster's multicast MAC.
      ethDst: this.unicast ? BROADCAST_MAC : this.cluster.clusterMac,
      etherType: ETHERTYPE_NLB,
      heartbeat: this.cluster.heartbeat(this.hostIndex),
      connId: 0,
      kind: 'heartbeat',
      packetId: 0,
    };
    frame.packetId = frame.id;
    if (world.recorder.full) {
      world.recorder.decide(
        world.now,
        this.id,
        'send',
        frame.id,
        0,
        `${this.name} NLB: heartbeat (EtherType 0x886F) to ${formatMac(frame.ethDst)}, every ${this.cluster.config.aliveMsgPeriodMs} ms`,
      );
    }
    this.sendFrame(frame);
  }

  // ---- Sending and receiving -----------------------------------------------------------------

  sendFrame(frame: Frame): void {
    if (this.crashed) return;
    frame.ethSrc = this.outgoingSourceMac;
    const world = this.world;
    if (frame.ethDst === this.nicMac) {
      // Unicast mode: every host's NIC carries the same cluster MAC, so a frame for another host's
      // dedicated IP is addressed to this NIC's own MAC and never leaves the host (KB Q197864).
      if (world.recorder.full) {
        world.recorder.decide(
          world.now,
          this.id,
          'loopback',
          frame.id,
          frame.connId,
          `${this.name} NIC: destination MAC ${formatMac(frame.ethDst)} is this NIC's own MAC (unicast mode gives every ` +
            `host the cluster MAC) -> the frame is handed back to ${this.name} and never reaches the wire (KB Q197864)`,
        );
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
    if (this.crashed) {
      if (rec.full)
        rec.decide(
          world.now,
          this.id,
          'drop',
          frame.id,
          frame.connId,
          `${this.name} is down (crashed) -> the frame is lost`,
        );
      else rec.count('drop');
      world.settle(frame, this, 'dropped');
      return;
    }
    if (!this.acceptsMac(frame.ethDst)) {
      if (rec.full) {
        rec.decide(
          world.now,
          this.id,
          'ignore',
          frame.id,
          frame.connId,
          `${this.name} NIC: destination MAC ${formatMac(frame.ethDst)} is not this NIC's -> ignored`,
        );
      } else rec.count('ignore');
      world.settle(frame, this, 'ignored');
      return;
    }
    if (frame.etherType === ETHERTYPE_NLB) {
      const hb = frame.heartbeat!;
      if (hb.clusterVip !== this.cluster.vip || !this.nlb.running) {
        // Another cluster's heartbeat, or NLB is stopped here: nobody on this host reads it.
        world.settle(frame, this, 'ignored');
        return;
      }
      const from = this.cluster.config.hosts.findIndex((h) => h.priority === hb.hostPriority);
      if (from >= 0 && from !== this.hostIndex) this.nlb.heard(from);
      world.settle(frame, this, 'delivered');
      return;
    }
    if (frame.etherType === ETHERTYPE_IPV4 && frame.ip!.dst === this.cluster.vip) {
      if (!this.nlb.running) {
        if (rec.full) {
          rec.decide(
            world.now,
            this.id,
            'drop',
            frame.id,
            frame.connId,
            `${this.name} NLB: stopped on this host -> traffic for the VIP ${formatIp(this.cluster.vip)} is not passed up`,
          );
        } else rec.count('drop');
        world.settle(frame, this, 'dropped');
        return;
      }
      const verdict = this.nlb.filterVip(frame, rec.full);
      if (rec.full)
        rec.decide(
          world.now,
          this.id,
          verdict.accept ? 'accept' : 'drop',
          frame.id,
          frame.connId,
          verdict.reason!,
        );
      else rec.count(verdict.accept ? 'accept' : 'drop');
      if (!verdict.accept) {
        world.settle(frame, this, 'dropped');
        return;
      }
    } else if (
      frame.etherType === ETHERTYPE_IPV4 &&
      frame.ip!.dst === this.dip &&
      rec.full &&
      frame.connId > 0
    ) {
      rec.decide(
        world.now,
        this.id,
        'accept',
        frame.id,
        frame.connId,
        `${this.name} NLB: ${formatIp(this.dip)} is this host's dedicated IP -> passed up unfiltered (dedicated IP traffic is never balanced)`,
      );
    }
    world.settle(frame, this, 'delivered');
    this.deliverUp(frame);
  }

  private deliverUp(frame: Frame): void {
    if (frame.etherType === ETHERTYPE_ARP) this.stack.receiveArp(frame.arp!, frame);
    else if (frame.etherType === ETHERTYPE_IPV4)
      this.stack.receiveIp(frame.ip!, frame.id, frame.connId, false);
  }

  // ---- Faults and operations -----------------------------------------------------------------

  /** Whether `action` makes sense in the host's current state (the UI shows only those). */
  canApply(action: HostAction): boolean {
    switch (action) {
      case 'crash':
        return !this.crashed;
      case 'restart':
        return this.crashed;
      case 'unplug':
        return !this.crashed && this.link.up;
      case 'plug':
        return !this.link.up;
      case 'stopNlb':
        return !this.crashed && this.nlb.running;
      case 'drainstop':
        return !this.crashed && this.nlb.running && !this.nlb.draining;
      case 'startNlb':
        return !this.crashed && !this.nlb.running;
      case 'stopServer':
        return !this.crashed && this.serverRunning;
      case 'startServer':
        return !this.crashed && !this.serverRunning;
    }
  }

  apply(action: HostAction): void {
    const world = this.world;
    const say = (text: string) => world.recorder.decide(world.now, this.id, 'state', 0, 0, text);
    world.mark('fault', `${ACTION_LABELS[action]} ${this.name}`);
    const cluster = this.cluster;
    switch (action) {
      case 'crash': {
        this.crashed = true;
        this.life++;
        const lost = this.stack.dropAllConnections();
        cluster.dropDescriptorsOf(this.hostIndex);
        this.onConnectionsLost(this);
        say(
          `${this.name} crashes: no heartbeats, no answers; its ${lost} open connection(s) are lost. The others notice ` +
            `after ${cluster.config.aliveMsgTolerance} missed heartbeats`,
        );
        return;
      }
      case 'restart': {
        this.crashed = false;
        this.life++;
        this.stack.reset();
        this.stack.listeners.set(this.serverPort, { running: this.config.serverRunning });
        this.nlb.running = true;
        this.nlb.draining = false;
        this.nlb.resetHeard(world.now);
        say(`${this.name} restarts: NLB starts and announces itself with heartbeats`);
        this.startHeartbeats(0);
        return;
      }
      case 'unplug':
        this.link.up = false;
        say(`${this.name}'s cable is unplugged: nothing it sends reaches the switch and nothing reaches it`);
        return;
      case 'plug':
        this.link.up = true;
        this.nlb.resetHeard(world.now);
        say(`${this.name}'s cable is plugged back in`);
        return;
      case 'stopNlb': {
        const lost = cluster.dropDescriptorsOf(this.hostIndex);
        this.nlb.running = false;
        this.nlb.draining = false;
        say(
          `wlbs stop on ${this.name}: it leaves the cluster at once; its ${lost} connection(s) through the VIP are dropped`,
        );
        cluster.startConvergence(`${this.name} stopped NLB`, this.id);
        return;
      }
      case 'drainstop':
        this.nlb.draining = true;
        say(
          `wlbs drainstop on ${this.name}: no new connections; it finishes its ` +
            `${cluster.descriptorCount[this.hostIndex]} connection(s), then stops`,
        );
        cluster.startConvergence(`${this.name} is draining`, this.id);
        return;
      case 'startNlb':
        this.nlb.running = true;
        this.nlb.draining = false;
        this.nlb.resetHeard(world.now);
        say(`wlbs start on ${this.name}: it joins with heartbeats, and the cluster converges`);
        return;
      case 'stopServer':
        this.stack.listeners.set(this.serverPort, { running: false });
        say(`The server application on ${this.name} stops: SYNs to port ${this.serverPort} get RST`);
        return;
      case 'startServer':
        this.stack.listeners.set(this.serverPort, { running: true });
        say(`The server application on ${this.name} starts listening on port ${this.serverPort}`);
        return;
    }
  }

  private drained(): void {
    if (!this.nlb.draining) return;
    this.nlb.draining = false;
    this.nlb.running = false;
    this.world.recorder.decide(
      this.world.now,
      this.id,
      'state',
      0,
      0,
      `${this.name} finished draining its last connection -> NLB stops on it`,
    );
  }
}
