// A load balancer node of today on the cluster's LAN (MODERN.md): an LVS director, a cloud load
// balancer, kube-proxy on the node, or a proxy. It owns the VIP, picks a backend for each new flow,
// rewrites what its kind rewrites (nothing but the MAC, the destination, or the source too), tracks
// flows so replies are rewritten back, and routes everything else like the network it stands for.
import { BROADCAST_MAC, formatIp, ipOrThrow, type Ip, type Mac } from './addr';
import { balancerFacts, balancerIpText, type BalancerFacts, type PickMethod } from './balancerKinds';
import { FlowTable, replyOf, type Flow } from './balancerFlows';
import type { NlbCluster } from './nlb';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  IPPROTO_TCP,
  TCP_ACK,
  TCP_FIN,
  TCP_RST,
  ipFrame,
  isTcpOnly,
  packetKind,
  tcpPacket,
  tcpSegment,
  type Frame,
  type Ipv4Packet,
} from './packets';
import { ROUTER_LAN_IP } from './router';
import {
  IpStack,
  UnfollowedConnections,
  type RelayedRequest,
  type StackHost,
  type StackSettings,
} from './stack';
import type { Endpoints, NatKind, NodeId } from './types';
import type { Link, NetNode, World } from './world';
import { balancerName, balancerNodeId } from '../scenario/names';

/** What the balancer needs to know of a backend (a cluster host). */
export interface Backend {
  readonly hostIndex: number;
  readonly dip: Ip;
  readonly name: string;
  readonly crashed: boolean;
  readonly link: Link;
  readonly serverRunning: boolean;
  /** The MAC that takes frames for `ip` on this backend. */
  arpMacFor(ip: Ip): Mac;
}

/** A rewrite the inspector shows for the frame the balancer sent: the addresses before and after. */
export interface RewriteRecord {
  nat: NatKind;
  before: Endpoints;
  after: Endpoints;
}

/** Rewrites kept for the inspector (the newest; full detail only). */
const MAX_REWRITES_KEPT = 5000;
/** Source ports the balancer's own address uses for source NAT and the proxy's connections. */
const FIRST_NAT_PORT = 1024;

/** An illustrative 5-tuple hash (no vendor publishes theirs): FNV-1a over the five numbers. */
export function flowHash(protocol: number, e: Endpoints): number {
  let h = 0x811c9dc5;
  for (const n of [protocol, e.src, e.srcPort, e.dst, e.dstPort]) {
    for (let shift = 0; shift < 32; shift += 8) {
      h ^= (n >>> shift) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

function endpointsOf(packet: Ipv4Packet): Endpoints | null {
  const l4 = packet.tcp ?? packet.udp;
  if (!l4) return null;
  return { src: packet.src, srcPort: l4.srcPort, dst: packet.dst, dstPort: l4.dstPort };
}

/**
 * `packet` with its addresses and ports set to `e` (a copy: its fields in the same order, the TCP or
 * UDP header copied with the new ports). Written field by field, with no object made on the way: a
 * bulk run through a balancer rewrites most of its packets.
 */
function rewritten(packet: Ipv4Packet, e: Endpoints): Ipv4Packet {
  if (isTcpOnly(packet)) {
    const seg = packet.tcp;
    return tcpPacket(
      e.src,
      e.dst,
      packet.ttl,
      packet.protocol,
      packet.id,
      tcpSegment(e.srcPort, e.dstPort, seg.seq, seg.ack, seg.flags, seg.payload),
    );
  }
  const out: Ipv4Packet = { ...packet, src: e.src, dst: e.dst };
  if (packet.tcp) out.tcp = { ...packet.tcp, srcPort: e.srcPort, dstPort: e.dstPort };
  if (packet.udp) out.udp = { ...packet.udp, srcPort: e.srcPort, dstPort: e.dstPort };
  return out;
}

export class Balancer implements NetNode {
  readonly kind = 'balancer' as const;
  readonly id: string;
  readonly name: string;
  readonly facts: BalancerFacts;
  readonly ip: Ip;
  readonly mac: Mac;
  readonly vip: Ip;
  readonly stack: IpStack;
  link!: Link;
  /** Its backends, in host order (set once the cluster's hosts exist). */
  backends: Backend[] = [];
  readonly flows = new FlowTable();
  /** For the inspector: the frame the balancer sent -> the rewrite it made (full detail only). */
  readonly rewrites = new Map<number, RewriteRecord>();
  private turn = 0;
  private nextNatPort = FIRST_NAT_PORT;
  /** Proxy: the caller's connections waiting on a backend, by connection id. */
  private readonly relays = new Map<number, { backend: Backend; caller: RelayedRequest }>();

  constructor(
    private readonly world: World,
    cluster: NlbCluster,
    index: number,
    private readonly serverPort: number,
    settings: StackSettings,
  ) {
    const id = cluster.config.id;
    this.id = balancerNodeId(id);
    this.name = balancerName(id);
    this.facts = balancerFacts(cluster.config.balancer);
    this.ip = ipOrThrow(balancerIpText(id));
    this.mac = 0x000c29000010 + index;
    this.vip = cluster.vip;
    const proxy = this.facts.rewrite === 'proxy';
    this.stack = new IpStack(
      world,
      proxy ? new ProxyStackHost(this) : new BalancerStackHost(this),
      this.ip,
      24,
      ipOrThrow(ROUTER_LAN_IP),
      settings,
      new ProxyConnectionEvents(this),
    );
    this.stack.localIps.add(this.vip);
    if (proxy) this.stack.listeners.set(serverPort, { running: true });
  }

  /** Its stack sends a frame: from its own MAC, onto its link. */
  sendFrame(frame: Frame): void {
    frame.ethSrc = this.mac;
    if (this.pendingRewrite && frame.ip && this.world.recorder.full)
      this.keepRewrite(frame.id, this.pendingRewrite);
    this.world.transmit(this.link, this, frame);
  }

  /** Whether a backend passes its health check now (probes taken as instant: illustrative). */
  private healthy(b: Backend): boolean {
    return !b.crashed && b.link.up && b.serverRunning;
  }

  receive(frame: Frame, _port: number): void {
    const world = this.world;
    const rec = world.recorder;
    if (frame.ethDst !== this.mac && frame.ethDst !== BROADCAST_MAC) {
      rec.decide(
        world.now,
        this.id,
        'nic.ignore',
        frame.id,
        frame.connId,
        rec.full ? { mac: frame.ethDst } : undefined,
      );
      world.settle(frame, this, 'ignored');
      return;
    }
    if (frame.etherType === ETHERTYPE_ARP) {
      world.settle(frame, this, 'delivered');
      this.stack.receiveArp(frame.arp!, frame);
      return;
    }
    if (frame.etherType !== ETHERTYPE_IPV4) {
      world.settle(frame, this, 'ignored');
      return;
    }
    const packet = frame.ip!;
    // Its flow is looked up by the packet's numbers: an Endpoints object is made for a new flow only.
    const l4 = packet.tcp ?? packet.udp;
    if (l4) {
      const reply = this.flows.fromBackend(packet.protocol, packet.src, l4.srcPort, packet.dst, l4.dstPort);
      if (reply) {
        this.replyToCaller(frame, packet, reply);
        return;
      }
      if (packet.dst === this.vip && this.facts.rewrite !== 'proxy') {
        this.balance(frame, packet, l4);
        return;
      }
    }
    if (this.stack.localIps.has(packet.dst)) {
      world.settle(frame, this, 'delivered');
      this.stack.receiveIp(packet, frame.id, frame.connId, false);
      return;
    }
    world.settle(frame, this, 'forwarded');
    rec.decide(
      world.now,
      this.id,
      'lb.route',
      frame.id,
      frame.connId,
      rec.full ? { dst: packet.dst } : undefined,
    );
    this.stack.sendIp(packet, frame.connId, frame.packetId);
  }

  /** A packet from a caller to the VIP: its flow's backend, or a new pick, then the kind's rewrite. */
  private balance(frame: Frame, packet: Ipv4Packet, ports: { srcPort: number; dstPort: number }): void {
    const world = this.world;
    const rec = world.recorder;
    const { srcPort, dstPort } = ports;
    let flow = this.flows.fromCaller(packet.protocol, packet.src, srcPort, packet.dst, dstPort, world.now);
    if (flow) {
      rec.decide(
        world.now,
        this.id,
        'lb.flow',
        frame.id,
        frame.connId,
        rec.full ? { backend: flow.backend } : undefined,
      );
    } else {
      const healthy = this.backends.filter((b) => this.healthy(b));
      if (healthy.length === 0) {
        rec.decide(
          world.now,
          this.id,
          'lb.noBackend',
          frame.id,
          frame.connId,
          rec.full ? { vip: this.vip, vport: dstPort, backends: this.backends.length } : undefined,
        );
        world.settle(frame, this, 'dropped');
        return;
      }
      const e: Endpoints = { src: packet.src, srcPort, dst: packet.dst, dstPort };
      const { backend, value } = this.pick(packet.protocol, e, healthy);
      rec.decide(
        world.now,
        this.id,
        'lb.pick',
        frame.id,
        frame.connId,
        rec.full
          ? {
              kind: this.facts.kind,
              method: this.facts.pick,
              vip: this.vip,
              vport: dstPort,
              backend: backend.hostIndex,
              healthy: healthy.length,
              backends: this.backends.length,
              value,
            }
          : undefined,
      );
      flow = this.newFlow(packet.protocol, e, backend);
    }
    const backend = this.backends[flow.backend]!;
    if (flow.blocked) {
      rec.decide(
        world.now,
        this.id,
        'lb.noHairpin',
        frame.id,
        frame.connId,
        rec.full ? { backend: flow.backend } : undefined,
      );
      world.settle(frame, this, 'dropped');
      return;
    }
    world.settle(frame, this, 'forwarded');
    const out = flow.toBackend === flow.fromCaller ? packet : rewritten(packet, flow.toBackend);
    const sent = this.emit(frame, out, backend.arpMacFor(out.dst));
    if (out === packet) {
      rec.decide(
        world.now,
        this.id,
        'lb.forward',
        sent.id,
        frame.connId,
        rec.full
          ? { kind: this.facts.kind, backend: flow.backend, mac: sent.ethDst, vip: this.vip }
          : undefined,
      );
    } else {
      const nat: NatKind = flow.toBackend.src === packet.src ? 'dnat' : 'dnatSnat';
      this.noteRewrite(sent, frame.connId, nat, packet, flow.toBackend);
    }
    this.track(flow, packet, true);
  }

  private pick(protocol: number, e: Endpoints, healthy: Backend[]): { backend: Backend; value: number } {
    const method: PickMethod = this.facts.pick;
    switch (method) {
      case 'roundRobin': {
        const value = ++this.turn;
        return { backend: healthy[(value - 1) % healthy.length]!, value };
      }
      case 'random': {
        const value = this.world.rng.next();
        return { backend: healthy[Math.min(healthy.length - 1, Math.floor(value * healthy.length))]!, value };
      }
      default: {
        const value = flowHash(protocol, e);
        return { backend: healthy[value % healthy.length]!, value };
      }
    }
  }

  /** A new flow: where it goes and what its packets will look like there. */
  private newFlow(protocol: number, e: Endpoints, backend: Backend): Flow {
    const facts = this.facts;
    const self = backend.dip === e.src;
    let toBackend: Endpoints = e;
    if (facts.rewrite === 'dnatSnat' || (facts.snatSelf && self && !facts.bridgeDropsHairpin)) {
      toBackend = { src: this.ip, srcPort: this.natPort(), dst: backend.dip, dstPort: e.dstPort };
    } else if (facts.rewrite === 'dnat') {
      toBackend = { ...e, dst: backend.dip };
    }
    const flow: Flow = {
      protocol,
      fromCaller: e,
      toCaller: replyOf(e),
      toBackend,
      backend: backend.hostIndex,
      blocked: facts.bridgeDropsHairpin && self,
      finFromCaller: false,
      finFromBackend: false,
      lastSeen: this.world.now,
    };
    this.flows.add(flow, toBackend !== e);
    return flow;
  }

  private natPort(): number {
    const port = this.nextNatPort;
    this.nextNatPort = port >= 65535 ? FIRST_NAT_PORT : port + 1;
    return port;
  }

  /** A backend's reply of a rewritten flow: rewritten back to come from the VIP, sent on to the caller. */
  private replyToCaller(frame: Frame, packet: Ipv4Packet, flow: Flow): void {
    const world = this.world;
    world.settle(frame, this, 'forwarded');
    const back = flow.toCaller;
    const out = rewritten(packet, back);
    const rec = world.recorder;
    if (rec.full) {
      const before = endpointsOf(packet)!;
      const nat: NatKind = flow.toBackend.src === flow.fromCaller.src ? 'unDnat' : 'unSnat';
      rec.decide(world.now, this.id, 'lb.rewrite', frame.id, frame.connId, { nat, before, after: back });
      // The log's line names the frame that arrived: the inspector shows the rewrite for it too.
      this.keepRewrite(frame.id, { nat, before, after: back });
      this.pendingRewrite = { nat, before, after: back };
    } else rec.decide(world.now, this.id, 'lb.rewrite', frame.id, frame.connId, undefined);
    this.stack.sendIp(out, frame.connId, frame.packetId);
    this.pendingRewrite = null;
    this.track(flow, packet, false);
  }

  /** Set while a rewritten reply goes down the stack, so the frame it becomes is noted for the inspector. */
  private pendingRewrite: RewriteRecord | null = null;

  /** A frame to a backend's MAC, straight on the wire (the balancer knows its backends). */
  private emit(arrived: Frame, packet: Ipv4Packet, mac: Mac): Frame {
    const id = this.world.nextFrameId();
    const frame = ipFrame(id, this.mac, mac, packet, arrived.connId, packetKind(packet), arrived.packetId);
    this.world.transmit(this.link, this, frame);
    return frame;
  }

  /** Records the rewrite of `packet` (as it arrived) into the frame sent, `after`. */
  private noteRewrite(sent: Frame, connId: number, nat: NatKind, packet: Ipv4Packet, after: Endpoints): void {
    const world = this.world;
    const rec = world.recorder;
    if (!rec.full) {
      rec.decide(world.now, this.id, 'lb.rewrite', sent.id, connId, undefined);
      return;
    }
    const before = endpointsOf(packet)!;
    rec.decide(world.now, this.id, 'lb.rewrite', sent.id, connId, { nat, before, after });
    this.keepRewrite(sent.id, { nat, before, after });
  }

  private keepRewrite(frameId: number, record: RewriteRecord): void {
    this.rewrites.set(frameId, record);
    if (this.rewrites.size > MAX_REWRITES_KEPT) this.rewrites.delete(this.rewrites.keys().next().value!);
  }

  /** Forget a TCP flow once both sides have closed it (or one reset it); a UDP flow once answered. */
  private track(flow: Flow, packet: Ipv4Packet, fromCaller: boolean): void {
    flow.lastSeen = this.world.now;
    if (packet.protocol !== IPPROTO_TCP) {
      // A UDP query is one datagram answered by one: done once its last piece (fragment) has passed
      // back, or at once for direct server return, whose answer never comes back here.
      const lastPiece = !packet.fragment?.more;
      if (lastPiece && (!fromCaller || flow.toBackend === flow.fromCaller)) this.flows.remove(flow);
      return;
    }
    const flags = packet.tcp!.flags;
    if (flags & TCP_RST) {
      this.flows.remove(flow);
      return;
    }
    if (flags & TCP_FIN) {
      if (fromCaller) flow.finFromCaller = true;
      else flow.finFromBackend = true;
      return;
    }
    if (fromCaller && flow.finFromCaller && flow.finFromBackend && flags === TCP_ACK) this.flows.remove(flow);
  }

  // ---- The proxy (HAProxy): a connection of its own to the backend -----------------------------

  /** A proxy: a caller's request, handed on to a backend over a connection of the proxy's own. */
  relay(connId: number, caller: RelayedRequest): void {
    const world = this.world;
    const rec = world.recorder;
    const healthy = this.backends.filter((b) => this.healthy(b));
    if (healthy.length === 0) {
      rec.decide(
        world.now,
        this.id,
        'lb.noBackend',
        0,
        connId,
        rec.full ? { vip: this.vip, vport: this.serverPort, backends: this.backends.length } : undefined,
      );
      caller.stack.resetRelayed(caller.tcb);
      return;
    }
    const value = ++this.turn;
    const backend = healthy[(value - 1) % healthy.length]!;
    rec.decide(
      world.now,
      this.id,
      'lb.pick',
      0,
      connId,
      rec.full
        ? {
            kind: this.facts.kind,
            method: 'roundRobin',
            vip: this.vip,
            vport: this.serverPort,
            backend: backend.hostIndex,
            healthy: healthy.length,
            backends: this.backends.length,
            value,
          }
        : undefined,
    );
    const port = this.natPort();
    rec.decide(
      world.now,
      this.id,
      'lb.proxyConnect',
      0,
      connId,
      rec.full
        ? {
            backend: backend.hostIndex,
            from: this.ip,
            fromPort: port,
            to: backend.dip,
            toPort: this.serverPort,
          }
        : undefined,
    );
    this.relays.set(connId, { backend, caller });
    this.stack.connect(connId, this.ip, port, backend.dip, this.serverPort);
  }

  /**
   * One of the proxy's own connections to a backend ended (`ok`: it was answered): the caller gets
   * the answer, or a reset.
   */
  relayDone(connId: number, ok: boolean): void {
    const relay = this.relays.get(connId);
    if (!relay) return;
    this.relays.delete(connId);
    const { stack, tcb } = relay.caller;
    if (ok) {
      stack.answerRelayed(
        tcb,
        `HTTP/1.1 200 OK\r\n\r\nServed by ${relay.backend.name} (${formatIp(relay.backend.dip)}) through ${this.name}`,
      );
      return;
    }
    const rec = this.world.recorder;
    rec.decide(
      this.world.now,
      this.id,
      'lb.proxyFailed',
      0,
      connId,
      rec.full ? { backend: relay.backend.hostIndex } : undefined,
    );
    stack.resetRelayed(tcb);
  }
}

/** The balancer node as its own stack sees it: the machine that sends its frames and answers ARP. */
class BalancerStackHost implements StackHost {
  readonly id: NodeId;
  readonly name: string;

  constructor(protected readonly node: Balancer) {
    this.id = node.id;
    this.name = node.name;
  }

  sendFrame(frame: Frame): void {
    this.node.sendFrame(frame);
  }

  arpMacFor(): Mac {
    return this.node.mac;
  }
}

/** A proxy's machine: its server application hands each request on to a backend. */
class ProxyStackHost extends BalancerStackHost {
  relayRequest(connId: number, caller: RelayedRequest): void {
    this.node.relay(connId, caller);
  }
}

/** Where a proxy's own connections to backends report (the caller's connection is the simulation's). */
class ProxyConnectionEvents extends UnfollowedConnections {
  constructor(private readonly node: Balancer) {
    super();
  }

  override connectionCompleted(connId: number): void {
    this.node.relayDone(connId, true);
  }

  override connectionFailed(connId: number): void {
    this.node.relayDone(connId, false);
  }
}
