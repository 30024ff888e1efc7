// A cluster host: its cluster NIC (with the MAC rules of the cluster mode) and, as an option, a second
// NIC for dedicated traffic; the NLB driver between the cluster NIC and the stack (heartbeats
// included); its TCP/IP stack with the dedicated IP and the VIP as local addresses; and the faults a
// trainer can inject (crash, cable, NLB stop/drainstop, server stop).
import {
  BROADCAST_MAC,
  igmpGroupIp,
  ipOrThrow,
  maskedSourceMac,
  unicastClusterMac,
  type Ip,
  type Mac,
} from './addr';
import { NlbCluster, NlbDriver, type ClusterMember } from './nlb';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_NLB,
  IGMP_V2_REPORT,
  IPPROTO_IGMP,
  TCP_RST,
  type Frame,
} from './packets';

/**
 * In IGMP multicast mode a host reports its membership of the cluster's group when NLB starts and
 * then this often, simulated ms (no querier here; the interval is illustrative).
 */
export const IGMP_REPORT_INTERVAL_MS = 60_000;
/** The host's end of its cluster NIC's cable, and of its second NIC's. */
export const CLUSTER_NIC_PORT = 0;
export const DEDICATED_NIC_PORT = 1;
/** The second NIC's MAC is the first one's plus this (00-15-5D-01-00-01 for Host 1): illustrative. */
const SECOND_NIC_MAC_OFFSET = 0x10000;
import { Pinger } from './ping';
import { balancerFacts, balancerIpText, type BalancerFacts } from './balancerKinds';
import { IpStack, type ConnectionEvents, type StackHost, type StackSettings } from './stack';
import type { ClusterId, HostAction, HostConfig } from '../scenario/types';
import { NO_ARGS } from './recorder';
import type { DecisionArgs, DecisionCode } from './types';
import type { Attachment, FrameFate, Link, NetNode, World } from './world';
import { hostNodeId } from '../scenario/names';

export class ClusterHost implements NetNode, StackHost, ClusterMember {
  readonly kind = 'host' as const;
  readonly id: string;
  readonly name: string;
  readonly clusterId: ClusterId;
  readonly dip: Ip;
  /** The MAC burned into the NIC (hosts keep it in multicast modes). */
  readonly burnedInMac: Mac;
  /**
   * The second NIC's own MAC (Q233279), or null with one NIC. NLB is not bound to that adapter:
   * the dedicated IP lives there, so traffic to and from it never meets the cluster MAC.
   */
  readonly dedicatedNicMac: Mac | null;
  /** The second NIC's cable to the switch (set by the simulation when the host has one). */
  dedicatedLink: Link | null = null;
  readonly stack: IpStack;
  readonly nlb: NlbDriver;
  /** `ping` typed on this host (its last run is what the host's console prints). */
  readonly pinger: Pinger;
  link!: Link;
  private isCrashed = false;
  /** Bumped by a crash, so timers armed before it do nothing after. */
  private life = 0;
  /** Hears when this host's own connections (as a client) are lost (the simulation, which counts them). */
  connectionOwner: { clientHostLost(host: ClusterHost): void } | null = null;
  /** When this host last sent an IGMP membership report, simulated ms (-Infinity: report at the next beat). */
  private igmpReportedAt = -Infinity;
  /** What balances this host's cluster (MODERN.md); with any but NLB the host is a plain backend. */
  readonly balancer: BalancerFacts;
  /** Windows NLB runs on this host (its driver, heartbeats and cluster MAC); false: a backend of a balancer node. */
  readonly nlbBound: boolean;

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
    this.id = hostNodeId(cluster.config.id, hostIndex);
    this.name = cluster.hostName(hostIndex);
    this.dip = ipOrThrow(config.dip);
    this.burnedInMac = 0x00155d000000 + (cluster.config.id === 'A' ? 0 : 0x100) + hostIndex + 1;
    this.dedicatedNicMac = config.secondNic ? this.burnedInMac + SECOND_NIC_MAC_OFFSET : null;
    this.balancer = balancerFacts(cluster.config.balancer);
    this.nlbBound = this.balancer.kind === 'nlb';
    this.unicast = this.nlbBound && cluster.config.mode === 'unicast';
    this.nicMac = this.unicast ? unicastClusterMac(cluster.vip) : this.burnedInMac;
    // A cloud VM or a pod sends everything through the virtual network or the node (a /32 with the
    // balancer as gateway, as Google Cloud configures it); NLB hosts and LVS real servers use the router.
    const viaBalancer = this.balancer.backendsRouteViaBalancer;
    const gateway = ipOrThrow(viaBalancer ? balancerIpText(cluster.config.id) : '10.0.0.1');
    this.stack = new IpStack(world, this, this.dip, viaBalancer ? 32 : 24, gateway, settings, events);
    if (this.balancer.vipLocalOnBackends) this.stack.localIps.add(cluster.vip);
    if (this.balancer.vipBinding) this.stack.vipBindings.set(cluster.vip, this.balancer.vipBinding);
    this.stack.listeners.set(serverPort, { running: config.serverRunning });
    if (cluster.config.clusterIpAsSource && this.nlbBound) this.stack.primaryIp = cluster.vip;
    this.nlb = new NlbDriver(world, cluster, hostIndex, this.name, this);
    this.pinger = new Pinger(world, this.stack, this.id, this);
  }

  /** The host has crashed (and not restarted since); a change is counted in NlbCluster.memberStates. */
  get crashed(): boolean {
    return this.isCrashed;
  }

  set crashed(crashed: boolean) {
    if (crashed === this.isCrashed) return;
    this.isCrashed = crashed;
    this.cluster.memberStates++;
  }

  /** Up, NLB running and cable plugged in. */
  get reachable(): boolean {
    return !this.crashed && this.nlb.running && this.link.up;
  }

  /**
   * NLB in unicast mode (a backend of a balancer node keeps its own MAC whatever the mode says).
   * Fixed for the host's life (a cluster's mode and VIP never change in a run), so kept, not
   * recomputed for each of the frames a switch floods to every host.
   */
  private readonly unicast: boolean;

  /** The MAC the NIC receives on: in unicast mode NLB replaces it with the cluster MAC. */
  readonly nicMac: Mac;

  /** The source MAC on outgoing frames: masked as 02-<priority>-<VIP> in unicast mode with MaskSourceMAC. */
  get outgoingSourceMac(): Mac {
    if (!this.unicast) return this.burnedInMac;
    return this.cluster.config.maskSourceMac
      ? maskedSourceMac(this.config.priority, this.cluster.vip)
      : this.nicMac;
  }

  /**
   * Unicast inter-host communication: the MAC of this host's own besides the cluster MAC, taken to
   * be its masked source MAC 02-<priority>-<VIP> (which MAC NLB uses is not in the sources the app
   * follows: illustrative). Null when the option is off or the cluster is not in unicast mode.
   */
  get interHostMac(): Mac | null {
    return this.unicast && this.cluster.config.unicastInterHost
      ? maskedSourceMac(this.config.priority, this.cluster.vip)
      : null;
  }

  arpMacFor(ip: Ip): Mac {
    if (!this.nlbBound)
      return ip === this.dip ? (this.dedicatedNicMac ?? this.burnedInMac) : this.burnedInMac;
    if (ip === this.cluster.vip) return this.cluster.clusterMac;
    if (ip === this.dip) return this.dedicatedNicMac ?? this.interHostMac ?? this.nicMac;
    return this.nicMac;
  }

  /** A backend with the VIP on lo or a local route does not answer ARP for it (arp_ignore=1; the cloud's network does). */
  answersArpFor(ip: Ip): boolean {
    return this.nlbBound || ip !== this.cluster.vip;
  }

  /** Whether a frame leaves by the second NIC: it comes from the dedicated IP (or asks for it by ARP). */
  private leavesByDedicatedNic(frame: Frame): boolean {
    if (!this.dedicatedLink) return false;
    if (frame.ip) return frame.ip.src === this.dip && !frame.ip.igmp;
    return frame.arp !== undefined && frame.arp.senderIp === this.dip;
  }

  get serverRunning(): boolean {
    return this.stack.listeners.get(this.serverPort)?.running ?? false;
  }

  // ---- Heartbeats ----------------------------------------------------------------------------

  /** Start this host's heartbeat timer; the first beat comes after `offsetMs` (hosts are staggered). */
  startHeartbeats(offsetMs: number): void {
    if (!this.nlbBound) return; // no NLB, no heartbeats: the balancer node does the balancing
    this.igmpReportedAt = -Infinity;
    this.world.schedule(offsetMs, this, 'onHeartbeatTimer', this.life, this.cluster.config.aliveMsgPeriodMs);
  }

  /** Time for a heartbeat (and, in IGMP mode, a membership report now and then); run by the event queue. */
  onHeartbeatTimer(life: number, periodMs: number): void {
    if (life !== this.life) return; // a crash since: the timers of the life before stop
    if (this.nlb.running) {
      if (
        this.cluster.config.mode === 'igmp' &&
        this.world.now - this.igmpReportedAt >= IGMP_REPORT_INTERVAL_MS
      ) {
        this.igmpReportedAt = this.world.now;
        this.sendIgmpReport();
      }
      this.sendHeartbeat();
      this.nlb.checkPeers(this.id);
    } else this.igmpReportedAt = -Infinity; // a restart of NLB reports again at once
    this.world.schedule(periodMs, this, 'onHeartbeatTimer', life, periodMs);
  }

  /** IGMPv2 Membership Report for the cluster's group, to the group's own MAC, TTL 1. */
  private sendIgmpReport(): void {
    const world = this.world;
    const group = igmpGroupIp(this.cluster.vip);
    const frame: Frame = {
      id: world.nextFrameId(),
      ethSrc: 0,
      ethDst: this.cluster.clusterMac,
      etherType: ETHERTYPE_IPV4,
      ip: {
        src: this.dip,
        dst: group,
        ttl: 1,
        protocol: IPPROTO_IGMP,
        id: 0,
        igmp: { type: IGMP_V2_REPORT, group },
      },
      connId: 0,
      kind: 'igmp',
      packetId: 0,
    };
    frame.packetId = frame.id;
    world.recorder.decide(
      world.now,
      this.id,
      'igmp.report',
      frame.id,
      0,
      world.recorder.full
        ? { group, mac: this.cluster.clusterMac, intervalMs: IGMP_REPORT_INTERVAL_MS }
        : undefined,
    );
    this.sendFrame(frame);
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
    world.recorder.decide(
      world.now,
      this.id,
      'nlb.heartbeat',
      frame.id,
      0,
      world.recorder.full
        ? { dstMac: frame.ethDst, periodMs: this.cluster.config.aliveMsgPeriodMs }
        : undefined,
    );
    // The others can hear it only if the cable is in (the cluster counts membership by heartbeats).
    if (this.link.up) this.cluster.beatSent(this.hostIndex);
    this.sendFrame(frame);
  }

  // ---- Sending and receiving -----------------------------------------------------------------

  sendFrame(frame: Frame): void {
    if (this.crashed) return;
    const world = this.world;
    if (this.leavesByDedicatedNic(frame)) {
      // The second NIC: its own MAC, no NLB driver, no masking; the switch learns it on its own port.
      frame.ethSrc = this.dedicatedNicMac!;
      world.transmit(this.dedicatedLink!, this, frame);
      return;
    }
    frame.ethSrc = this.outgoingSourceMac;
    const ip = frame.ip;
    if (ip?.tcp && ip.src === this.cluster.vip && ip.tcp.flags & TCP_RST) {
      // This host refuses or aborts a VIP connection: NLB drops its descriptor, as it does when the
      // client sends RST or FIN (otherwise a refused connection would count as open, and hold a drainstop).
      this.cluster.removeDescriptor(ip.dst, ip.tcp.dstPort);
    }
    if (frame.ethDst === this.nicMac && frame.etherType !== ETHERTYPE_ARP) {
      // Unicast mode: every host's NIC carries the same cluster MAC, so a frame for another host's
      // dedicated IP is addressed to this NIC's own MAC and never leaves the host (KB Q197864).
      // ARP replies do reach the wire (NLB handles ARP itself): that is how every host comes to
      // see every dedicated IP at the cluster MAC, "its own MAC back in return".
      world.recorder.decide(
        world.now,
        this.id,
        'nic.ownMac',
        frame.id,
        frame.connId,
        world.recorder.full ? { mac: frame.ethDst } : undefined,
      );
      world.schedule(0, this, 'deliverUp', frame);
      return;
    }
    world.transmit(this.link, this, frame);
  }

  private acceptsMac(mac: Mac): boolean {
    return (
      mac === this.nicMac ||
      mac === BROADCAST_MAC ||
      (this.nlbBound && !this.unicast && mac === this.cluster.clusterMac) ||
      (mac === this.interHostMac && mac !== null)
    );
  }

  /**
   * A flooded frame reaches this host, `arrivals[index]` of the flood's far ends (World.arriveAll).
   * The short path of a bulk run: once a host of the cluster has filtered the frame in this event at
   * counters detail, the hosts of the cluster that follow in a row and are not its taker drop it,
   * counted together. Returns the index of the next far end still to receive the frame.
   */
  receiveFlooded(frame: Frame, arrivals: readonly Attachment[], index: number): number {
    const next = this.othersDrop(frame, arrivals, index);
    if (next > index) return next;
    this.receive(frame, arrivals[index]!.port);
    return this.othersDrop(frame, arrivals, index + 1);
  }

  /**
   * Settles the far ends from `arrivals[from]` on that, in a row, drop the frame this host's cluster
   * has just filtered (NlbCluster.floodFrame), as each would: the others' verdict, the fate
   * 'dropped'. Returns the index of the first far end after them.
   */
  private othersDrop(frame: Frame, arrivals: readonly Attachment[], from: number): number {
    const world = this.world;
    const cluster = this.cluster;
    if (frame !== cluster.floodFrame || cluster.floodEvent !== world.eventsProcessed || world.recorder.full)
      return from;
    const runs = cluster.floodRuns;
    if (!runs.fits(arrivals, cluster.memberStates)) this.rebuildFloodRuns(arrivals);
    const to = runs.endOfRun(from, cluster.floodTaker);
    if (to > from) {
      world.recorder.decideRepeated(cluster.floodOthersCode, to - from);
      world.settleRun(frame, arrivals, from, to, 'dropped');
    }
    return to;
  }

  /**
   * Works out which far ends of a flood drop what the cluster filters (NlbCluster.floodRuns). A method
   * of its own, not a closure in othersDrop: a closure there would make every call allocate a context
   * for the variables it captures (10 calls a connection in a bulk run on 32 hosts).
   */
  private rebuildFloodRuns(arrivals: readonly Attachment[]): void {
    const cluster = this.cluster;
    cluster.floodRuns.rebuild(arrivals, cluster.memberStates, (end) =>
      end.node instanceof ClusterHost && end.node.dropsAsOther(cluster, end.port) ? end.node.hostIndex : -1,
    );
  }

  /**
   * Whether this host, reached on `port` by a frame its cluster has just filtered on another host,
   * drops it as the others do unless it is the frame's taker: every check in `receive` up to NLB's
   * verdict reads only the frame (unchanged since) and what this host is (checked here; a change of
   * `crashed` or NLB's `running` is counted in NlbCluster.memberStates).
   */
  private dropsAsOther(cluster: NlbCluster, port: number): boolean {
    return (
      this.cluster === cluster &&
      port === CLUSTER_NIC_PORT &&
      !this.crashed &&
      this.nlbBound &&
      this.nlb.running
    );
  }

  receive(frame: Frame, port = CLUSTER_NIC_PORT): void {
    const world = this.world;
    const rec = world.recorder;
    const cluster = this.cluster;
    if (this.crashed) {
      this.settleAs(frame, 'dropped', 'host.downDrop', NO_ARGS);
      return;
    }
    if (port === DEDICATED_NIC_PORT) {
      this.receiveOnDedicatedNic(frame);
      return;
    }
    if (!this.nlbBound) {
      this.receiveAsBackend(frame);
      return;
    }
    if (this.dedicatedLink && frame.arp && frame.arp.op === 1 && frame.arp.targetIp === this.dip) {
      // The dedicated IP lives on the second NIC, which answers for it; the cluster adapter does not.
      this.settleAs(
        frame,
        'ignored',
        'nic.otherAdapter',
        rec.full ? { ip: this.dip, dedicated: false } : undefined,
      );
      return;
    }
    if (!this.acceptsMac(frame.ethDst)) {
      this.settleAs(frame, 'ignored', 'nic.ignore', rec.full ? { mac: frame.ethDst } : undefined);
      return;
    }
    if (frame.etherType === ETHERTYPE_NLB) {
      const hb = frame.heartbeat!;
      if (hb.clusterVip !== this.cluster.vip || !this.nlb.running) {
        // Another cluster's heartbeat, or NLB is stopped here: nobody on this host reads it.
        this.settleAs(
          frame,
          'ignored',
          'nlb.heartbeatIgnored',
          rec.full
            ? { clusterVip: hb.clusterVip, ownCluster: hb.clusterVip === this.cluster.vip }
            : undefined,
          0,
        );
        return;
      }
      // The sender is known by its dedicated IP: a duplicate host priority must not pass for the other host.
      const from = this.cluster.dips.indexOf(hb.dedicatedIp);
      if (from >= 0 && from !== this.hostIndex) this.nlb.heard(from);
      world.settle(frame, this, 'delivered');
      return;
    }
    if (frame.ip?.igmp) {
      // Another member's report, flooded by a switch that does no snooping.
      this.settleAs(
        frame,
        'ignored',
        'igmp.heard',
        rec.full ? { group: frame.ip.igmp.group, from: frame.ip.src } : undefined,
        0,
      );
      return;
    }
    if (frame.etherType === ETHERTYPE_IPV4 && frame.ip!.dst === this.cluster.vip) {
      if (!this.nlb.running) {
        this.settleAs(frame, 'dropped', 'nlb.stoppedDrop', rec.full ? { vip: this.cluster.vip } : undefined);
        return;
      }
      if (frame.ip!.icmp) {
        // A ping of the VIP: no port to hash, so no bucket; every host takes it (illustrative).
        this.settleAs(
          frame,
          'delivered',
          'nlb.icmpEveryHost',
          rec.full ? { vip: this.cluster.vip } : undefined,
        );
        this.deliverUp(frame);
        return;
      }
      const verdict = this.nlb.filterVip(frame, rec.full);
      rec.decide(world.now, this.id, verdict.code, frame.id, frame.connId, verdict.args);
      if (!rec.full && frame.ethDst === cluster.clusterMac) {
        // Every host of the cluster takes a frame to the cluster MAC this far (acceptsMac): the
        // others it reaches in this event may take receiveFlooded's short path.
        const c = cluster.classify(frame);
        cluster.floodFrame = frame;
        cluster.floodEvent = world.eventsProcessed;
        cluster.floodTaker = c.taker;
        cluster.floodOthersCode = c.othersCode;
      }
      if (!verdict.accept) {
        world.settle(frame, this, 'dropped');
        return;
      }
    } else if (frame.etherType === ETHERTYPE_IPV4 && frame.ip!.dst === this.dip && frame.connId > 0) {
      rec.decide(
        world.now,
        this.id,
        'nlb.dedicatedIp',
        frame.id,
        frame.connId,
        rec.full ? { dip: this.dip } : undefined,
      );
    }
    world.settle(frame, this, 'delivered');
    this.deliverUp(frame);
  }

  /**
   * A frame on the second NIC: its own MAC or broadcast, straight to TCP/IP with no NLB driver.
   * Only the dedicated IP lives there: ARP for the VIP, heartbeats and IGMP belong to the cluster adapter.
   */
  private receiveOnDedicatedNic(frame: Frame): void {
    const world = this.world;
    const rec = world.recorder;
    if (frame.ethDst !== this.dedicatedNicMac && frame.ethDst !== BROADCAST_MAC) {
      this.settleAs(frame, 'ignored', 'nic.ignore', rec.full ? { mac: frame.ethDst } : undefined);
      return;
    }
    const forCluster =
      frame.etherType === ETHERTYPE_NLB ||
      frame.ip?.igmp !== undefined ||
      (frame.arp !== undefined && frame.arp.op === 1 && frame.arp.targetIp !== this.dip);
    if (forCluster) {
      this.settleAs(
        frame,
        'ignored',
        'nic.otherAdapter',
        rec.full ? { ip: frame.arp?.targetIp ?? this.cluster.vip, dedicated: true } : undefined,
      );
      return;
    }
    if (frame.ip && frame.connId > 0) {
      rec.decide(
        world.now,
        this.id,
        'nic.dedicatedNic',
        frame.id,
        frame.connId,
        rec.full ? { dip: this.dip, mac: this.dedicatedNicMac! } : undefined,
      );
    }
    world.settle(frame, this, 'delivered');
    this.deliverUp(frame);
  }

  /**
   * A backend of a balancer node: no NLB driver, its own MAC. A packet from the wire whose source is
   * one of its own addresses is dropped, as a Linux guest drops a martian (the hairpin's failure).
   */
  private receiveAsBackend(frame: Frame): void {
    const rec = this.world.recorder;
    if (!this.acceptsMac(frame.ethDst)) {
      this.settleAs(frame, 'ignored', 'nic.ignore', rec.full ? { mac: frame.ethDst } : undefined);
      return;
    }
    const ip = frame.ip;
    if (ip && this.stack.localIps.has(ip.src)) {
      this.settleAs(frame, 'dropped', 'host.martian', rec.full ? { src: ip.src, dst: ip.dst } : undefined);
      return;
    }
    this.world.settle(frame, this, 'delivered');
    this.deliverUp(frame);
  }

  /** Says what this host did with an arriving frame and why, and settles it (once per arrival). */
  private settleAs<C extends DecisionCode>(
    frame: Frame,
    fate: FrameFate,
    code: C,
    args: DecisionArgs<C> | undefined,
    connId = frame.connId,
  ): void {
    const world = this.world;
    world.recorder.decide(world.now, this.id, code, frame.id, connId, args);
    world.settle(frame, this, fate);
  }

  /** Hand an accepted frame up to the stack (also run by the event queue, for a frame to the host's own MAC). */
  deliverUp(frame: Frame): void {
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
        return this.nlbBound && !this.crashed && this.nlb.running;
      case 'drainstop':
        return this.nlbBound && !this.crashed && this.nlb.running && !this.nlb.draining;
      case 'startNlb':
        return this.nlbBound && !this.crashed && !this.nlb.running;
      case 'stopServer':
        return !this.crashed && this.serverRunning;
      case 'startServer':
        return !this.crashed && !this.serverRunning;
    }
  }

  apply(action: HostAction): void {
    const world = this.world;
    const say = <C extends DecisionCode>(code: C, args: DecisionArgs<C>) =>
      world.recorder.decide(world.now, this.id, code, 0, 0, args);
    const cluster = this.cluster;
    switch (action) {
      case 'crash': {
        this.crashed = true;
        this.life++;
        const lost = this.stack.dropAllConnections();
        cluster.dropDescriptorsOf(this.hostIndex);
        this.connectionOwner?.clientHostLost(this);
        say('host.crash', { lost, tolerance: cluster.config.aliveMsgTolerance });
        return;
      }
      case 'restart': {
        this.crashed = false;
        this.life++;
        this.stack.reset();
        this.stack.listeners.set(this.serverPort, { running: this.config.serverRunning });
        this.nlb.running = true;
        this.nlb.draining = false;
        this.nlb.joining = true;
        this.nlb.resetHeard(world.now);
        say('host.restart', NO_ARGS);
        this.startHeartbeats(0);
        return;
      }
      case 'unplug':
        this.link.up = false;
        say('host.unplug', NO_ARGS);
        return;
      case 'plug':
        this.link.up = true;
        this.nlb.resetHeard(world.now);
        say('host.plug', NO_ARGS);
        return;
      case 'stopNlb': {
        const lost = cluster.dropDescriptorsOf(this.hostIndex);
        this.nlb.running = false;
        this.nlb.draining = false;
        say('host.stopNlb', { lost });
        cluster.startConvergence({ why: 'stopNlb', host: this.hostIndex }, this.id);
        return;
      }
      case 'drainstop':
        this.nlb.draining = true;
        say('host.drainstop', { connections: cluster.descriptorCount[this.hostIndex]! });
        cluster.startConvergence({ why: 'drainstop', host: this.hostIndex }, this.id);
        return;
      case 'startNlb':
        this.nlb.running = true;
        this.nlb.draining = false;
        this.nlb.joining = true;
        this.nlb.resetHeard(world.now);
        say('host.startNlb', NO_ARGS);
        return;
      case 'stopServer':
        this.stack.listeners.set(this.serverPort, { running: false });
        say('host.stopServer', { port: this.serverPort });
        return;
      case 'startServer':
        this.stack.listeners.set(this.serverPort, { running: true });
        say('host.startServer', { port: this.serverPort });
        return;
    }
  }

  /** NLB's driver says the last connection of a drainstop has finished. */
  drained(): void {
    if (!this.nlb.draining) return;
    this.nlb.draining = false;
    this.nlb.running = false;
    this.world.recorder.decide(this.world.now, this.id, 'host.drained', 0, 0, NO_ARGS);
  }
}
