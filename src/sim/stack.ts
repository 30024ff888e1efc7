// A host's TCP/IP stack: local address table, ARP cache, the route decision for every outgoing
// packet (local address -> loopback; on-link -> ARP; else -> gateway) a small TCP, and echo (ping) answers.
// The loopback branch is the heart of KB Q247768: a packet for a local address never reaches the NIC.
import { formatIp, BROADCAST_MAC, IpSet, type Ip, type Mac } from './addr';
import { fragmentDatagram, Reassembly, udpLength } from './fragments';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  packetKind,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  type ArpPayload,
  type Frame,
  type Ipv4Packet,
  type TcpSegment,
  type UdpDatagram,
  ipFrame,
  tcpPacket,
  tcpSegment,
  transportPorts,
} from './packets';
import type { DatagramPiece, DecisionArgs, DecisionCode, NodeId } from './types';
import type { QueuedEvent } from './eventQueue';
import type { VipBinding } from './balancerKinds';
import { TcbTable, tcbKey } from './tcbTable';
import type { World } from './world';

/** What a stack needs from the machine it runs on. */
export interface StackHost {
  readonly id: NodeId;
  readonly name: string;
  /** Hand a frame to the NIC (which sets the source MAC and puts it on the wire). */
  sendFrame(frame: Frame): void;
  /** The MAC this machine answers ARP requests for `ip` with. */
  arpMacFor(ip: Ip): Mac;
  /** Whether this machine refuses the sender MAC of an ARP message (routers refuse multicast MACs for unicast IPs). */
  refuseArpReply?(arp: ArpPayload): boolean;
  /**
   * Whether it answers ARP for one of its local addresses (absent: always). An LVS-DR real server
   * holds the VIP on lo but does not answer for it (arp_ignore=1); nor does a cloud backend.
   */
  answersArpFor?(ip: Ip): boolean;
  /**
   * A proxy: the server application hands each request on (absent: it answers it itself after its
   * think time). The proxy answers on the caller's connection through `caller` later
   * (`answerRelayed`, or `resetRelayed` when no backend answers).
   */
  relayRequest?(connId: number, caller: RelayedRequest): void;
}

/** A request a proxy took on: the caller's connection, to answer later through its stack. */
export interface RelayedRequest {
  readonly stack: IpStack;
  readonly tcb: Tcb;
}

/** What `ping` on a machine hears from its stack. */
export interface EchoListener {
  /** An echo reply arrived for this machine. */
  reply(packet: Ipv4Packet, frameId: number): void;
  /** ARP found no one at `nextHop`, so this echo request was never sent. */
  unreachable(packet: Ipv4Packet, nextHop: Ip): void;
}

/**
 * What the simulation wants to hear about connections (client outcomes, who served). Implemented by
 * objects of the engine's own (never a closure), so a checkpoint can copy them with the rest.
 */
export interface ConnectionEvents {
  serverAccepted(connId: number, server: NodeId, viaLoopback: boolean): void;
  connectionCompleted(connId: number): void;
  /** The attempt ended: refused (RST), no SYN-ACK after every retry, or no response after the handshake. */
  connectionFailed(
    connId: number,
    reason: 'reset' | 'timeout' | 'unacknowledged' | 'noResponse' | 'noReply',
  ): void;
  /** A server refused the connection (no application listening): `server` answered RST. */
  connectionRefused(connId: number, server: NodeId): void;
  synRetransmitted(connId: number): void;
  /** The client sent its request again: no acknowledgement within the retransmission timeout. */
  dataRetransmitted(connId: number): void;
}

/** For a machine whose own connections the simulation does not follow (the router; a proxy's base). */
export class UnfollowedConnections implements ConnectionEvents {
  serverAccepted(): void {}
  connectionCompleted(_connId: number): void {}
  connectionFailed(_connId: number): void {}
  connectionRefused(): void {}
  synRetransmitted(): void {}
  dataRetransmitted(): void {}
}

export interface StackSettings {
  initialRtoMs: number;
  maxSynRetransmissions: number;
  loopbackLatencyMs: number;
  serverThinkMs: number;
  /** A client gives up on a connection that has had no response this long after the handshake, simulated ms. */
  responseTimeoutMs: number;
}

type TcpState = 'SYN_SENT' | 'SYN_RCVD' | 'ESTABLISHED' | 'FIN_WAIT_1' | 'LAST_ACK';

export interface Tcb {
  connId: number;
  role: 'client' | 'server';
  state: TcpState;
  readonly localIp: Ip;
  readonly localPort: number;
  readonly remoteIp: Ip;
  readonly remotePort: number;
  /** Its key in the stack's table (tcbKey of the four above), made once. */
  readonly key: string;
  sndNxt: number;
  rcvNxt: number;
  /** SYNs sent so far (client). */
  synsSent: number;
  /** Current retransmission timeout, simulated ms. */
  rtoMs: number;
  /** Client: when the latest SYN left, simulated ms (the handshake's round trip sets the data timeout). */
  synSentAt: number;
  /** Client: sequence number of the request's first byte, kept to send it again. */
  requestSeq: number;
  /** Client: the server has acknowledged the request (its ACK or its response). */
  requestAcked: boolean;
  /** Client: times the request was sent again. */
  dataRetries: number;
  /**
   * Client: its one pending timer (SYN retransmission, then request retransmission, then response
   * timeout), cancelled when it is replaced or the connection goes, so no stale event stays queued.
   */
  timer: QueuedEvent | null;
}

/** A UDP query this stack sent and awaits the answer to. */
interface UdpWait {
  connId: number;
  remote: Ip;
  remotePort: number;
  timer: QueuedEvent | null;
}

interface PendingResolution {
  packets: { packet: Ipv4Packet; connId: number; packetId: number | undefined }[];
  requestsSent: number;
  /** The retry timer, cancelled once the reply comes. */
  timer: QueuedEvent | null;
}

const ARP_RETRY_MS = 1000;
/**
 * Retransmissions of unacknowledged data before TCP gives up (Windows TcpMaxDataRetransmissions,
 * default 5; NLB.md). The wait doubles each time.
 */
export const MAX_DATA_RETRANSMISSIONS = 5;
/**
 * Floor of the data retransmission timeout, simulated ms. On a LAN the measured round trip is a few
 * ms, so the floor decides: 300 ms is Windows' minimum RTO in later versions (MinRto); the NT-era
 * figure is not documented at hand, so the value is illustrative.
 */
export const MIN_DATA_RTO_MS = 300;
/** A receiver holds an ACK this long hoping to piggyback it on data (Windows' delayed ACK), simulated ms. */
export const DELAYED_ACK_MS = 200;
/** A UDP client waits this long for the answer to its query before it fails it, simulated ms (illustrative). */
export const UDP_REPLY_TIMEOUT_MS = 2000;
/**
 * An incomplete datagram's fragments are kept this long before they are thrown away, simulated ms
 * (Windows' IP reassembly timeout is 60 s by most accounts; illustrative).
 */
export const REASSEMBLY_TIMEOUT_MS = 60_000;
const ARP_MAX_REQUESTS = 3;
const HTTP_REQUEST = 'GET / HTTP/1.1\r\nHost: vip\r\n\r\n';

/** One open connection as `netstat -n` lists it. */
export interface ConnectionRow {
  localIp: Ip;
  localPort: number;
  remoteIp: Ip;
  remotePort: number;
  state: TcpState;
}

/**
 * A TCP sequence number, wrapped at 32 bits and kept signed (`| 0`), as addresses are (addr.ts): V8
 * holds it as a small integer, not a heap-allocated double. The inspector and captures show it unsigned.
 */
const seq32 = (n: number): number => n | 0;

/** What a decision says of a UDP packet: the datagram's size and, for a fragment, which piece; null for TCP. */
function datagramPiece(packet: Ipv4Packet): DatagramPiece | null {
  if (!packet.udp) return null;
  const bytes = udpLength(packet);
  const f = packet.fragment;
  return f
    ? { bytes, offset: f.offset, length: f.length, more: f.more }
    : { bytes, offset: 0, length: bytes, more: false };
}

export class IpStack {
  /** Every address this stack answers for: its dedicated IP and every cluster IP bound on the host. */
  readonly localIps = new IpSet();
  /** Local addresses a load balancer of today put here, and how (the loopback decision names it). */
  readonly vipBindings = new Map<Ip, VipBinding>();
  readonly arpCache = new Map<Ip, Mac>();
  private readonly pending = new Map<Ip, PendingResolution>();
  private readonly tcbs: TcbTable<Tcb>;
  /** Listening ports and whether the server application is running on them. */
  readonly listeners = new Map<number, { running: boolean }>();
  private ipId = 0;
  /** UDP queries this stack sent and awaits an answer to, by local address and port. */
  private readonly udpWaits = new Map<string, UdpWait>();
  private readonly reassembly = new Reassembly();
  /** Bumped by a crash or restart, so answers scheduled before it are never sent. */
  private epoch = 0;
  /** The server application's answer, and the address it names (null: not made yet). */
  private response = '';
  private responseIp: Ip | null = null;
  /**
   * The machine's node id, kept: read for every decision, and reading it from the machine (a host, a
   * router, a client, a balancer: several kinds) is slow.
   */
  private readonly hostId: NodeId;
  /** The subnet's mask (the prefix's bits set), worked out once: every packet sent asks onLink. */
  private readonly subnetMask: number;

  constructor(
    private readonly world: World,
    private readonly host: StackHost,
    /** Source address for outgoing connections. */
    public primaryIp: Ip,
    private readonly networkPrefix: number,
    private readonly gateway: Ip | null,
    private readonly settings: StackSettings,
    private readonly events: ConnectionEvents,
  ) {
    this.tcbs = new TcbTable(world);
    this.hostId = host.id;
    this.subnetMask = networkPrefix === 0 ? 0 : -1 << (32 - networkPrefix);
    this.localIps.add(primaryIp);
  }

  /** The open TCP connections, as `netstat -n` shows them (oldest first). */
  connections(): ConnectionRow[] {
    return [...this.tcbs.values()].map(({ localIp, localPort, remoteIp, remotePort, state }) => ({
      localIp,
      localPort,
      remoteIp,
      remotePort,
      state,
    }));
  }

  /** The subnet's prefix length and the default gateway (null: none), as `ipconfig` shows them. */
  get addressing(): { prefixLength: number; gateway: Ip | null } {
    return { prefixLength: this.networkPrefix, gateway: this.gateway };
  }

  private onLink(ip: Ip): boolean {
    return ((ip ^ this.primaryIp) & this.subnetMask) === 0;
  }

  private get full(): boolean {
    return this.world.recorder.full;
  }

  /** Record a decision of this stack's machine (`args` may be left out when not at full detail). */
  private decide<C extends DecisionCode>(
    code: C,
    frameId: number,
    connId: number,
    args: DecisionArgs<C> | undefined,
  ): void {
    this.world.recorder.decide(this.world.now, this.hostId, code, frameId, connId, args);
  }

  // ---- Client side ---------------------------------------------------------------------------

  /** Open a TCP connection (the client application calls this). */
  connect(connId: number, srcIp: Ip, srcPort: number, dstIp: Ip, dstPort: number): void {
    const tcb: Tcb = {
      connId,
      role: 'client',
      state: 'SYN_SENT',
      localIp: srcIp,
      localPort: srcPort,
      remoteIp: dstIp,
      remotePort: dstPort,
      key: tcbKey(srcIp, srcPort, dstIp, dstPort),
      sndNxt: this.world.rng.uint32() | 0,
      rcvNxt: 0,
      synsSent: 0,
      rtoMs: this.settings.initialRtoMs,
      synSentAt: 0,
      requestSeq: 0,
      requestAcked: false,
      dataRetries: 0,
      timer: null,
    };
    this.tcbs.add(tcb);
    this.sendSyn(tcb);
  }

  private sendSyn(tcb: Tcb): void {
    tcb.synsSent++;
    tcb.synSentAt = this.world.now;
    const synsAtSend = tcb.synsSent;
    // The SYN occupies one sequence number; retransmissions reuse the initial one.
    this.sendSegment(tcb, TCP_SYN, seq32(tcb.sndNxt), '');
    this.world.cancel(tcb.timer);
    tcb.timer = this.world.schedule(tcb.rtoMs, this, 'onSynTimer', tcb, synsAtSend);
  }

  /** No SYN-ACK within the retransmission timeout: send the SYN again, or give up (run by the event queue). */
  onSynTimer(tcb: Tcb, synsAtSend: number): void {
    if (tcb.state !== 'SYN_SENT' || tcb.synsSent !== synsAtSend || !this.tcbs.has(tcb)) return;
    const waited = tcb.rtoMs;
    if (tcb.synsSent <= this.settings.maxSynRetransmissions) {
      tcb.rtoMs *= 2;
      this.decide(
        'tcp.synRetransmit',
        0,
        tcb.connId,
        this.full
          ? {
              remote: tcb.remoteIp,
              waitedMs: waited,
              retry: tcb.synsSent,
              maxRetries: this.settings.maxSynRetransmissions,
              nextWaitMs: tcb.rtoMs,
            }
          : undefined,
      );
      this.events.synRetransmitted(tcb.connId);
      this.sendSyn(tcb);
      return;
    }
    this.tcbs.delete(tcb);
    this.decide(
      'tcp.synTimeout',
      0,
      tcb.connId,
      this.full ? { syns: tcb.synsSent, remote: tcb.remoteIp, remotePort: tcb.remotePort } : undefined,
    );
    this.events.connectionFailed(tcb.connId, 'timeout');
  }

  /** The response did not come in time (run by the event queue). */
  onResponseTimer(tcb: Tcb): void {
    if (!this.tcbs.has(tcb)) return;
    this.tcbs.delete(tcb);
    this.decide(
      'tcp.responseTimeout',
      0,
      tcb.connId,
      this.full
        ? {
            remote: tcb.remoteIp,
            remotePort: tcb.remotePort,
            timeoutMs: this.settings.responseTimeoutMs,
            serverThinkMs: this.settings.serverThinkMs,
          }
        : undefined,
    );
    this.events.connectionFailed(tcb.connId, 'noResponse');
  }

  /**
   * The request is still unacknowledged after `rtoMs`: send it again, the wait doubling, up to
   * MAX_DATA_RETRANSMISSIONS times, then give up (a server that went away answers nothing). Run by
   * the event queue.
   */
  onDataTimer(tcb: Tcb, retriesAtSend: number): void {
    if (tcb.dataRetries !== retriesAtSend || !this.tcbs.has(tcb)) return;
    if (tcb.requestAcked) {
      // Acknowledged, not yet answered: the application waits out the rest of its response timeout.
      // (One timer per connection: the retransmission timer becomes the response timer, so a
      // connection answered in time leaves one stale event, not two.)
      const left = this.settings.responseTimeoutMs - (this.world.now - tcb.synSentAt);
      this.world.cancel(tcb.timer);
      tcb.timer = this.world.schedule(Math.max(0, left), this, 'onResponseTimer', tcb);
      return;
    }
    if (tcb.state !== 'ESTABLISHED') return;
    const waited = tcb.rtoMs;
    if (tcb.dataRetries < MAX_DATA_RETRANSMISSIONS) {
      tcb.dataRetries++;
      tcb.rtoMs *= 2;
      this.decide(
        'tcp.dataRetransmit',
        0,
        tcb.connId,
        this.full
          ? {
              remote: tcb.remoteIp,
              waitedMs: waited,
              retry: tcb.dataRetries,
              maxRetries: MAX_DATA_RETRANSMISSIONS,
              nextWaitMs: tcb.rtoMs,
            }
          : undefined,
      );
      this.events.dataRetransmitted(tcb.connId);
      this.sendRequest(tcb);
      return;
    }
    this.tcbs.delete(tcb);
    this.decide(
      'tcp.dataTimeout',
      0,
      tcb.connId,
      this.full
        ? {
            remote: tcb.remoteIp,
            remotePort: tcb.remotePort,
            retransmissions: tcb.dataRetries,
            waitedMs: this.world.now - tcb.synSentAt,
          }
        : undefined,
    );
    this.events.connectionFailed(tcb.connId, 'unacknowledged');
  }

  /** Send (or send again) the client's request and arm its retransmission timer. */
  private sendRequest(tcb: Tcb): void {
    this.sendSegment(tcb, TCP_PSH | TCP_ACK, tcb.requestSeq, HTTP_REQUEST);
    // The connection's one timer: the one it replaces leaves the queue.
    this.world.cancel(tcb.timer);
    tcb.timer = this.world.schedule(tcb.rtoMs, this, 'onDataTimer', tcb, tcb.dataRetries);
  }

  // ---- UDP: a query, one answer ----------------------------------------------------------------

  /**
   * Send one UDP query of `bytes` application bytes (the client application calls this); IPv4
   * fragments it when it does not fit one frame. The client waits UDP_REPLY_TIMEOUT_MS for the answer.
   */
  query(connId: number, srcIp: Ip, srcPort: number, dstIp: Ip, dstPort: number, bytes: number): void {
    const key = `${srcIp}:${srcPort}`;
    const wait: UdpWait = { connId, remote: dstIp, remotePort: dstPort, timer: null };
    this.udpWaits.set(key, wait);
    const head = `QUERY ${connId} `;
    this.sendDatagram(
      {
        srcPort,
        dstPort,
        payload: head.padEnd(Math.max(bytes, head.length), '.').slice(0, Math.max(bytes, 1)),
      },
      srcIp,
      dstIp,
      connId,
    );
    wait.timer = this.world.schedule(UDP_REPLY_TIMEOUT_MS, this, 'onUdpReplyTimeout', key, wait);
  }

  /** No answer to a UDP query in time: the client fails it (run by the event queue). */
  onUdpReplyTimeout(key: string, wait: UdpWait): void {
    if (this.udpWaits.get(key) !== wait) return;
    this.udpWaits.delete(key);
    this.decide(
      'udp.noReply',
      0,
      wait.connId,
      this.full
        ? { remote: wait.remote, remotePort: wait.remotePort, waitedMs: UDP_REPLY_TIMEOUT_MS }
        : undefined,
    );
    this.events.connectionFailed(wait.connId, 'noReply');
  }

  private sendDatagram(datagram: UdpDatagram, src: Ip, dst: Ip, connId: number): void {
    const packet: Ipv4Packet = {
      src,
      dst,
      ttl: 128,
      protocol: IPPROTO_UDP,
      id: (this.ipId = (this.ipId + 1) & 0xffff),
      udp: datagram,
    };
    const pieces = fragmentDatagram(packet);
    if (pieces.length > 1)
      this.decide(
        'ip.fragment',
        0,
        connId,
        this.full
          ? { id: packet.id, bytes: udpLength(packet), fragments: pieces.length, mtu: 1500 }
          : undefined,
      );
    for (const piece of pieces) this.sendIp(piece, connId);
  }

  private receiveUdp(packet: Ipv4Packet, frameId: number, connId: number, viaLoopback: boolean): void {
    let whole = packet;
    if (packet.fragment) {
      const step = this.reassembly.add(packet);
      if (!step.done) {
        if (step.have === 1) {
          // The first piece of this datagram here: start its reassembly timer.
          this.world.schedule(REASSEMBLY_TIMEOUT_MS, this, 'onReassemblyTimeout', packet, connId, this.epoch);
        }
        this.decide(
          'ip.fragmentHeld',
          frameId,
          connId,
          this.full ? { id: packet.id, offset: packet.fragment.offset, have: step.have } : undefined,
        );
        return;
      }
      whole = step.packet;
      this.decide(
        'ip.reassembled',
        frameId,
        connId,
        this.full ? { id: packet.id, fragments: step.fragments, bytes: udpLength(whole) } : undefined,
      );
    }
    const datagram = whole.udp!;
    const wait = this.udpWaits.get(`${whole.dst}:${datagram.dstPort}`);
    if (wait && wait.remote === whole.src && wait.remotePort === datagram.srcPort) {
      this.udpWaits.delete(`${whole.dst}:${datagram.dstPort}`);
      this.world.cancel(wait.timer);
      this.decide(
        'udp.answered',
        frameId,
        wait.connId,
        this.full ? { remote: whole.src, remotePort: datagram.srcPort } : undefined,
      );
      this.events.connectionCompleted(wait.connId);
      return;
    }
    const listener = this.listeners.get(datagram.dstPort);
    if (!listener || !listener.running) {
      this.decide('udp.noListener', frameId, connId, this.full ? { port: datagram.dstPort } : undefined);
      return;
    }
    this.decide(
      'udp.serverQuery',
      frameId,
      connId,
      this.full
        ? {
            port: datagram.dstPort,
            src: whole.src,
            srcPort: datagram.srcPort,
            bytes: datagram.payload.length,
            loopback: viaLoopback,
          }
        : undefined,
    );
    this.events.serverAccepted(connId, this.hostId, viaLoopback);
    this.world.schedule(this.settings.serverThinkMs, this, 'onUdpAnswerReady', whole, connId, this.epoch);
  }

  /** A datagram's pieces did not all come in time: the ones held are thrown away (run by the event queue). */
  onReassemblyTimeout(packet: Ipv4Packet, connId: number, epoch: number): void {
    if (this.epoch !== epoch) return;
    const had = this.reassembly.expire(Reassembly.key(packet));
    if (had > 0)
      this.decide(
        'ip.reassemblyTimeout',
        0,
        connId,
        this.full
          ? { id: packet.id, src: packet.src, fragments: had, waitedMs: REASSEMBLY_TIMEOUT_MS }
          : undefined,
      );
  }

  /** The server application's answer to a UDP query is ready: send it (run by the event queue). */
  onUdpAnswerReady(query: Ipv4Packet, connId: number, epoch: number): void {
    const datagram = query.udp!;
    // A crash or restart in the meantime: the answer is never sent.
    if (this.epoch !== epoch || !this.listeners.get(datagram.dstPort)?.running) return;
    const body = `ANSWER from ${this.host.name} (${formatIp(this.primaryIp)})`;
    this.sendDatagram(
      { srcPort: datagram.dstPort, dstPort: datagram.srcPort, payload: body },
      query.dst,
      query.src,
      connId,
    );
  }

  // ---- Sending -------------------------------------------------------------------------------

  private sendSegment(tcb: Tcb, flags: number, seq: number, payload: string): void {
    const packet = tcpPacket(
      tcb.localIp,
      tcb.remoteIp,
      128,
      IPPROTO_TCP,
      (this.ipId = (this.ipId + 1) & 0xffff),
      tcpSegment(tcb.localPort, tcb.remotePort, seq, flags & TCP_ACK ? seq32(tcb.rcvNxt) : 0, flags, payload),
    );
    this.sendIp(packet, tcb.connId);
  }

  /**
   * The route decision for one outgoing packet. `packetId` is set when a router forwards a packet
   * that already has one, so its new frame keeps the packet's identity.
   */
  sendIp(packet: Ipv4Packet, connId: number, packetId?: number): void {
    const world = this.world;
    if (this.localIps.has(packet.dst)) {
      // Local address: the stack loops the packet back. No NIC, no NLB driver, no wire.
      const frameId = world.nextFrameId();
      const kind = packetKind(packet);
      this.decide(
        'stack.loopback',
        frameId,
        connId,
        this.full
          ? {
              dst: packet.dst,
              flags: packet.tcp?.flags ?? 0,
              datagram: datagramPiece(packet),
              ...(packet.icmp ? { echo: packet.icmp.type } : {}),
              ...(this.vipBindings.has(packet.dst) ? { binding: this.vipBindings.get(packet.dst)! } : {}),
            }
          : undefined,
      );
      const t1 = world.now + this.settings.loopbackLatencyMs;
      world.recorder.hop(frameId, this.host.id, this.host.id, world.now, t1, kind, true, connId);
      world.recorder.frame({
        id: frameId,
        ethSrc: 0,
        ethDst: 0,
        etherType: ETHERTYPE_IPV4,
        ip: packet,
        connId,
        kind,
        packetId: frameId,
        loopback: true,
      });
      world.capture?.onLoopback(world.now, this.host.id, packet);
      world.queue.append(
        this.settings.loopbackLatencyMs,
        t1,
        this,
        'receiveLoopback',
        packet,
        frameId,
        connId,
      );
      return;
    }
    const nextHop = this.onLink(packet.dst) || this.gateway === null ? packet.dst : this.gateway;
    const mac = this.arpCache.get(nextHop);
    if (mac !== undefined) {
      this.emitIp(packet, mac, connId, packetId);
      return;
    }
    let resolution = this.pending.get(nextHop);
    if (!resolution) {
      resolution = { packets: [], requestsSent: 0, timer: null };
      this.pending.set(nextHop, resolution);
      this.sendArpRequest(nextHop, resolution);
    }
    resolution.packets.push({ packet, connId, packetId });
  }

  private emitIp(packet: Ipv4Packet, dstMac: Mac, connId: number, forwardedFrom?: number): void {
    const id = this.world.nextFrameId();
    // The source MAC: the NIC sets it (NLB may mask it).
    const frame = ipFrame(id, 0, dstMac, packet, connId, packetKind(packet), forwardedFrom ?? id);
    if (this.full) {
      const ports = transportPorts(packet);
      this.decide('stack.send', frame.id, connId, {
        flags: packet.tcp?.flags ?? 0,
        src: packet.src,
        srcPort: ports?.srcPort ?? 0,
        dst: packet.dst,
        dstPort: ports?.dstPort ?? 0,
        dstMac,
        datagram: datagramPiece(packet),
        ...(packet.icmp ? { echo: packet.icmp.type } : {}),
      });
    } else this.decide('stack.send', frame.id, connId, undefined);
    this.host.sendFrame(frame);
  }

  // ---- ARP -----------------------------------------------------------------------------------

  private sendArpRequest(targetIp: Ip, resolution: PendingResolution): void {
    resolution.requestsSent++;
    const senderMac = this.host.arpMacFor(this.primaryIp);
    const frame: Frame = {
      id: this.world.nextFrameId(),
      ethSrc: 0,
      ethDst: BROADCAST_MAC,
      etherType: ETHERTYPE_ARP,
      arp: { op: 1, senderMac, senderIp: this.primaryIp, targetMac: 0, targetIp },
      connId: 0,
      kind: 'arp',
      packetId: 0,
    };
    frame.packetId = frame.id;
    this.decide(
      'arp.request',
      frame.id,
      0,
      this.full ? { target: targetIp, sender: this.primaryIp } : undefined,
    );
    this.host.sendFrame(frame);
    resolution.timer = this.world.schedule(ARP_RETRY_MS, this, 'onArpRetry', targetIp, resolution);
  }

  /** No ARP reply within a second: ask again, or give up on the packets waiting (run by the event queue). */
  onArpRetry(targetIp: Ip, resolution: PendingResolution): void {
    if (this.pending.get(targetIp) !== resolution) return;
    if (resolution.requestsSent < ARP_MAX_REQUESTS) {
      this.sendArpRequest(targetIp, resolution);
      return;
    }
    this.pending.delete(targetIp);
    for (const { connId, packet } of resolution.packets) {
      this.decide(
        'arp.giveUp',
        0,
        connId,
        this.full ? { target: targetIp, requests: ARP_MAX_REQUESTS } : undefined,
      );
      if (packet.icmp?.type === ICMP_ECHO_REQUEST) this.echoListener?.unreachable(packet, targetIp);
    }
  }

  receiveArp(arp: ArpPayload, frame: Frame): void {
    const world = this.world;
    // A machine that refuses a sender's MAC (a router and a multicast MAC) learns it from no ARP at all.
    const refusal = this.host.refuseArpReply?.(arp) ?? false;
    if (refusal && arp.op === 2) {
      this.decide(
        'arp.refuseMulticast',
        frame.id,
        0,
        this.full ? { ip: arp.senderIp, mac: arp.senderMac } : undefined,
      );
      return;
    }
    if (
      !refusal &&
      this.onLink(arp.senderIp) &&
      (this.arpCache.has(arp.senderIp) || this.localIps.has(arp.targetIp))
    ) {
      this.arpCache.set(arp.senderIp, arp.senderMac);
    }
    if (
      arp.op === 1 &&
      this.localIps.has(arp.targetIp) &&
      (this.host.answersArpFor?.(arp.targetIp) ?? true)
    ) {
      const answerMac = this.host.arpMacFor(arp.targetIp);
      const reply: Frame = {
        id: world.nextFrameId(),
        ethSrc: 0,
        ethDst: arp.senderMac,
        etherType: ETHERTYPE_ARP,
        arp: {
          op: 2,
          senderMac: answerMac,
          senderIp: arp.targetIp,
          targetMac: arp.senderMac,
          targetIp: arp.senderIp,
        },
        connId: 0,
        kind: 'arp',
        packetId: 0,
      };
      reply.packetId = reply.id;
      this.decide(
        'arp.reply',
        reply.id,
        0,
        this.full ? { ip: arp.targetIp, mac: answerMac, to: arp.senderIp } : undefined,
      );
      this.host.sendFrame(reply);
      return;
    }
    if (arp.op === 2) {
      this.arpCache.set(arp.senderIp, arp.senderMac);
      const resolution = this.pending.get(arp.senderIp);
      if (!resolution) return;
      this.pending.delete(arp.senderIp);
      this.world.cancel(resolution.timer);
      this.decide(
        'arp.learned',
        frame.id,
        0,
        this.full ? { ip: arp.senderIp, mac: arp.senderMac, waiting: resolution.packets.length } : undefined,
      );
      for (const { packet, connId, packetId } of resolution.packets)
        this.emitIp(packet, arp.senderMac, connId, packetId);
    }
  }

  // ---- Receiving -----------------------------------------------------------------------------

  /** `ping` on this machine hears of its echo replies and of requests that ARP could not send. */
  echoListener: EchoListener | null = null;

  /** Send an ICMP echo request (what `ping` does), from `src` to `dst`. */
  sendEchoRequest(src: Ip, dst: Ip, id: number, seq: number): void {
    this.sendIp(
      {
        src,
        dst,
        ttl: 128,
        protocol: IPPROTO_ICMP,
        id: (this.ipId = (this.ipId + 1) & 0xffff),
        icmp: { type: ICMP_ECHO_REQUEST, id, seq },
      },
      0,
    );
  }

  /** An echo request to one of this machine's addresses is answered from that address; a reply goes to `ping`. */
  private receiveIcmp(packet: Ipv4Packet, frameId: number): void {
    const echo = packet.icmp!;
    if (echo.type === ICMP_ECHO_REPLY) {
      this.echoListener?.reply(packet, frameId);
      return;
    }
    this.decide(
      'icmp.echoReply',
      frameId,
      0,
      this.full ? { to: packet.src, local: packet.dst, seq: echo.seq } : undefined,
    );
    this.sendIp(
      {
        src: packet.dst,
        dst: packet.src,
        ttl: 128,
        protocol: IPPROTO_ICMP,
        id: (this.ipId = (this.ipId + 1) & 0xffff),
        icmp: { type: ICMP_ECHO_REPLY, id: echo.id, seq: echo.seq },
      },
      0,
    );
  }

  /** A looped-back packet comes up the stack again (run by the event queue). */
  receiveLoopback(packet: Ipv4Packet, frameId: number, connId: number): void {
    this.receiveIp(packet, frameId, connId, true);
  }

  receiveIp(packet: Ipv4Packet, frameId: number, connId: number, viaLoopback: boolean): void {
    if (!this.localIps.has(packet.dst)) {
      this.decide('stack.notLocal', frameId, connId, this.full ? { dst: packet.dst } : undefined);
      return;
    }
    if (packet.protocol === IPPROTO_UDP) {
      this.receiveUdp(packet, frameId, connId, viaLoopback);
      return;
    }
    if (packet.icmp) {
      this.receiveIcmp(packet, frameId);
      return;
    }
    if (packet.protocol !== IPPROTO_TCP) return;
    const seg = packet.tcp!;
    const tcb = this.tcbs.get(packet.dst, seg.dstPort, packet.src, seg.srcPort);
    if (tcb) {
      this.segmentForTcb(tcb, packet, frameId);
      return;
    }
    if (seg.flags & TCP_SYN && !(seg.flags & TCP_ACK)) {
      this.incomingSyn(packet, frameId, connId, viaLoopback);
      return;
    }
    if (seg.flags & TCP_RST) return;
    this.decide(
      'tcp.noConnection',
      frameId,
      connId,
      this.full
        ? { src: packet.src, srcPort: seg.srcPort, dst: packet.dst, dstPort: seg.dstPort }
        : undefined,
    );
    this.sendReset(packet, connId);
  }

  private sendReset(packet: Ipv4Packet, connId: number): void {
    const seg = packet.tcp!;
    const consumed = (seg.flags & TCP_SYN ? 1 : 0) + (seg.flags & TCP_FIN ? 1 : 0) + seg.payload.length;
    const reply = tcpPacket(
      packet.dst,
      packet.src,
      128,
      IPPROTO_TCP,
      (this.ipId = (this.ipId + 1) & 0xffff),
      tcpSegment(
        seg.dstPort,
        seg.srcPort,
        seg.flags & TCP_ACK ? seg.ack : 0,
        seq32(seg.seq + consumed),
        TCP_RST | TCP_ACK,
        '',
      ),
    );
    this.sendIp(reply, connId);
  }

  private incomingSyn(packet: Ipv4Packet, frameId: number, connId: number, viaLoopback: boolean): void {
    const seg = packet.tcp!;
    const listener = this.listeners.get(seg.dstPort);
    if (!listener || !listener.running) {
      this.decide('tcp.noListener', frameId, connId, this.full ? { port: seg.dstPort } : undefined);
      this.events.connectionRefused(connId, this.hostId);
      this.sendReset(packet, connId);
      return;
    }
    const tcb: Tcb = {
      connId,
      role: 'server',
      state: 'SYN_RCVD',
      localIp: packet.dst,
      localPort: seg.dstPort,
      remoteIp: packet.src,
      remotePort: seg.srcPort,
      key: tcbKey(packet.dst, seg.dstPort, packet.src, seg.srcPort),
      sndNxt: this.world.rng.uint32() | 0,
      rcvNxt: seq32(seg.seq + 1),
      synsSent: 0,
      rtoMs: this.settings.initialRtoMs,
      synSentAt: 0,
      requestSeq: 0,
      requestAcked: false,
      dataRetries: 0,
      timer: null,
    };
    this.tcbs.add(tcb);
    this.decide(
      'tcp.serverAccept',
      frameId,
      connId,
      this.full
        ? { port: seg.dstPort, src: packet.src, srcPort: seg.srcPort, loopback: viaLoopback }
        : undefined,
    );
    this.events.serverAccepted(connId, this.hostId, viaLoopback);
    this.sendSegment(tcb, TCP_SYN | TCP_ACK, tcb.sndNxt, '');
    tcb.sndNxt = seq32(tcb.sndNxt + 1);
  }

  private segmentForTcb(tcb: Tcb, packet: Ipv4Packet, frameId: number): void {
    const seg = packet.tcp!;
    if (seg.flags & TCP_RST) {
      this.tcbs.delete(tcb);
      if (tcb.role === 'client') {
        this.decide(
          'tcp.refused',
          frameId,
          tcb.connId,
          this.full ? { peer: packet.src, established: tcb.state !== 'SYN_SENT' } : undefined,
        );
        this.events.connectionFailed(tcb.connId, 'reset');
      }
      return;
    }
    switch (tcb.state) {
      case 'SYN_SENT': {
        if (!(seg.flags & TCP_SYN && seg.flags & TCP_ACK) || seg.ack !== seq32(tcb.sndNxt + 1)) return;
        tcb.sndNxt = seq32(tcb.sndNxt + 1);
        tcb.rcvNxt = seq32(seg.seq + 1);
        tcb.state = 'ESTABLISHED';
        this.sendSegment(tcb, TCP_ACK, tcb.sndNxt, '');
        // The data timeout from the handshake's round trip (RFC 6298's first measurement: 3 x RTT),
        // measured only on an unretransmitted SYN (Karn), with Windows' floor.
        const rttMs = tcb.synsSent === 1 ? this.world.now - tcb.synSentAt : 0;
        tcb.rtoMs = Math.max(MIN_DATA_RTO_MS, 3 * rttMs);
        tcb.synSentAt = this.world.now;
        tcb.requestSeq = tcb.sndNxt;
        tcb.sndNxt = seq32(tcb.sndNxt + HTTP_REQUEST.length);
        this.sendRequest(tcb);
        return;
      }
      case 'SYN_RCVD': {
        if (seg.flags & TCP_SYN) {
          // The client retransmitted its SYN: answer with the same SYN-ACK again.
          this.sendSegment(tcb, TCP_SYN | TCP_ACK, seq32(tcb.sndNxt - 1), '');
          return;
        }
        if (seg.flags & TCP_ACK) tcb.state = 'ESTABLISHED';
        if (seg.payload.length > 0) this.serverGotRequest(tcb, seg);
        return;
      }
      case 'ESTABLISHED': {
        if (tcb.role === 'server') {
          if (seg.payload.length > 0) this.serverGotRequest(tcb, seg);
          if (seg.flags & TCP_FIN) this.serverGotFin(tcb);
          return;
        }
        if (seg.flags & TCP_ACK && seg.ack === tcb.sndNxt) tcb.requestAcked = true;
        if (seg.payload.length > 0) {
          tcb.rcvNxt = seq32(tcb.rcvNxt + seg.payload.length);
          this.sendSegment(tcb, TCP_FIN | TCP_ACK, tcb.sndNxt, '');
          tcb.sndNxt = seq32(tcb.sndNxt + 1);
          tcb.state = 'FIN_WAIT_1';
        }
        return;
      }
      case 'FIN_WAIT_1': {
        if (seg.flags & TCP_FIN) {
          tcb.rcvNxt = seq32(tcb.rcvNxt + 1);
          this.sendSegment(tcb, TCP_ACK, tcb.sndNxt, '');
          this.tcbs.delete(tcb);
          this.decide(
            'tcp.complete',
            frameId,
            tcb.connId,
            this.full ? { remote: tcb.remoteIp, remotePort: tcb.remotePort } : undefined,
          );
          this.events.connectionCompleted(tcb.connId);
        }
        return;
      }
      case 'LAST_ACK': {
        if (seg.flags & TCP_ACK) this.tcbs.delete(tcb);
        return;
      }
    }
  }

  private serverGotRequest(tcb: Tcb, seg: TcpSegment): void {
    if (seg.seq !== tcb.rcvNxt) {
      // The client sent its request again (it saw no acknowledgement): acknowledge what we have.
      this.sendSegment(tcb, TCP_ACK, tcb.sndNxt, '');
      return;
    }
    tcb.rcvNxt = seq32(tcb.rcvNxt + seg.payload.length);
    if (this.host.relayRequest) {
      // A proxy: acknowledge the request now, answer once the backend has (or reset if it cannot).
      this.sendSegment(tcb, TCP_ACK, tcb.sndNxt, '');
      this.host.relayRequest(tcb.connId, { stack: this, tcb });
      return;
    }
    if (this.settings.serverThinkMs > DELAYED_ACK_MS) {
      // The answer will not be ready in time to carry the ACK: acknowledge the request alone.
      this.world.schedule(DELAYED_ACK_MS, this, 'onDelayedAck', tcb);
    }
    this.world.post(this.settings.serverThinkMs, this, 'onResponseReady', tcb);
  }

  /** The delayed ACK's wait is over and no answer carried it: acknowledge alone (run by the event queue). */
  onDelayedAck(tcb: Tcb): void {
    if (tcb.state !== 'ESTABLISHED' || !this.tcbs.has(tcb)) return;
    this.decide(
      'tcp.delayedAck',
      0,
      tcb.connId,
      this.full
        ? { remote: tcb.remoteIp, delayMs: DELAYED_ACK_MS, thinkMs: this.settings.serverThinkMs }
        : undefined,
    );
    this.sendSegment(tcb, TCP_ACK, tcb.sndNxt, '');
  }

  /** The server application's answer is ready: send it (run by the event queue). */
  onResponseReady(tcb: Tcb): void {
    // The same text for every answer while the address is the same: made once, not per connection.
    if (this.responseIp !== this.primaryIp) {
      this.responseIp = this.primaryIp;
      this.response = `HTTP/1.1 200 OK\r\n\r\nServed by ${this.host.name} (${formatIp(this.primaryIp)})`;
    }
    this.answerRelayed(tcb, this.response);
  }

  /**
   * Send the answer on a server connection, if it is still open (a crash or restart in the meantime
   * took it away: nothing is sent). A proxy answers a request it relayed this way too.
   */
  answerRelayed(tcb: Tcb, body: string): void {
    if (tcb.state !== 'ESTABLISHED' || !this.tcbs.has(tcb)) return;
    this.sendSegment(tcb, TCP_PSH | TCP_ACK, tcb.sndNxt, body);
    tcb.sndNxt = seq32(tcb.sndNxt + body.length);
  }

  /** A proxy found no backend to answer a request it relayed: it resets the caller's connection. */
  resetRelayed(tcb: Tcb): void {
    if (tcb.state !== 'ESTABLISHED' || !this.tcbs.has(tcb)) return;
    this.sendSegment(tcb, TCP_RST | TCP_ACK, tcb.sndNxt, '');
    this.tcbs.delete(tcb);
  }

  private serverGotFin(tcb: Tcb): void {
    tcb.rcvNxt = seq32(tcb.rcvNxt + 1);
    this.sendSegment(tcb, TCP_FIN | TCP_ACK, tcb.sndNxt, '');
    tcb.sndNxt = seq32(tcb.sndNxt + 1);
    tcb.state = 'LAST_ACK';
  }

  /** Open TCP connections (for invariants and tests). */
  get openConnections(): number {
    return this.tcbs.size;
  }

  /** Drop every connection at once (a crash); the peers learn nothing. */
  dropAllConnections(): number {
    const n = this.tcbs.size;
    this.tcbs.clear();
    this.udpWaits.clear();
    this.reassembly.clear();
    this.epoch++;
    return n;
  }

  /** A restart: connections, ARP cache and pending resolutions are gone. */
  reset(): void {
    this.epoch++;
    this.udpWaits.clear();
    this.reassembly.clear();
    this.tcbs.clear();
    this.arpCache.clear();
    for (const resolution of this.pending.values()) this.world.cancel(resolution.timer);
    this.pending.clear();
  }
}
