// What the engine tells the outside world: the topology it built, packet hops, decisions and counts.
// Plain serialisable data only, so the worker can post it to the page unchanged.
import type { Affinity, ClusterId, FilteringMode, HostAction, Protocol } from '../scenario/types';
import type { LiveChange } from '../scenario/changes';
import type { Layer } from './inspect';
import type { BalancerKind } from '../scenario/types';
import type { Mechanism, PickMethod, VipBinding } from './balancerKinds';

/** A packet's addresses and ports (TCP or UDP), as a NAT decision shows them. */
export interface Endpoints {
  src: number;
  srcPort: number;
  dst: number;
  dstPort: number;
}

/**
 * dnat: destination rewritten to the backend; dnatSnat: the source too (to the balancer's address);
 * unDnat / unSnat: a reply rewritten back for the caller.
 */
export type NatKind = 'dnat' | 'dnatSnat' | 'unDnat' | 'unSnat';

export type NodeId = string;
export type NodeKind = 'client' | 'router' | 'switch' | 'host' | 'balancer';

export interface TopologyNode {
  id: NodeId;
  kind: NodeKind;
  /** Display and accessible name: `Host 2`, `Host B1`, `Client 1`, `Router`, `Switch`. */
  name: string;
  /** Addresses shown next to the node (dotted IPv4). */
  ips: string[];
  /** NIC MAC as the node presents it (in unicast mode a host's NIC MAC is the cluster MAC). */
  mac: string;
  cluster?: ClusterId;
  /** Hosts: index within their cluster (0-based). */
  hostIndex?: number;
  priority?: number;
  /** Hosts with a second network adapter: its MAC (the dedicated IP lives there). */
  secondNicMac?: string;
}

export interface TopologyLink {
  id: string;
  a: NodeId;
  b: NodeId;
  /** The cable of a host's second network adapter (drawn beside the first). */
  secondNic?: boolean;
}

export interface ClusterSummary {
  id: ClusterId;
  name: string;
  vip: string;
  mode: string;
  clusterMac: string;
  bucketCount: number;
  /** What balances the VIP: its kind, name and mechanism (MODERN.md), and what the app infers. */
  balancer: {
    kind: BalancerKind;
    name: string;
    mechanism: Mechanism;
    mechanismName: string;
    source: string;
    illustrative: string | null;
    /** The balancer node, when the cluster has one (every balancer but NLB). */
    node: NodeId | null;
  };
}

export interface Topology {
  nodes: TopologyNode[];
  links: TopologyLink[];
  clusters: ClusterSummary[];
}

export type PacketKind =
  | 'syn'
  | 'synack'
  | 'ack'
  | 'data'
  | 'fin'
  | 'rst'
  | 'arp'
  | 'heartbeat'
  /** A UDP datagram, or the first fragment of one (it carries the UDP header). */
  | 'udp'
  /** A later fragment of a datagram: IP header and data, no UDP header, so no ports. */
  | 'fragment'
  /** An IGMP membership report (IGMP multicast mode). */
  | 'igmp'
  /** An ICMP echo request or reply (`ping` on a host). */
  | 'icmp';

/** One frame crossing one link (or a host's loopback when from === to), in simulated ms. */
export interface Hop {
  frameId: number;
  from: NodeId;
  to: NodeId;
  t0: number;
  t1: number;
  kind: PacketKind;
  loopback: boolean;
  /** Client connection this frame belongs to (0 = none: ARP, heartbeat). */
  connId: number;
}

export type DecisionAction =
  | 'open'
  | 'send'
  | 'forward'
  | 'flood'
  | 'learn'
  | 'accept'
  | 'drop'
  | 'ignore'
  | 'loopback'
  | 'reply'
  | 'retransmit'
  | 'reset'
  | 'timeout'
  | 'complete'
  | 'converge'
  | 'state';

/**
 * A port rule as a decision names it: its fields, not a sentence (`vip` is the rule's dotted VIP as
 * configured, or 'all').
 */
export interface RuleFields {
  vip: string;
  startPort: number;
  endPort: number;
  protocol: Protocol;
  filtering: FilteringMode;
}

/** Why a cluster cannot converge (host indexes within the cluster). */
export type ConvergenceConflict =
  /** `first` and `second` both have host priority `priority`. */
  | { kind: 'priority'; first: number; second: number; priority: number }
  /** `host`'s port rules differ from `first`'s, from rule number `rule` (1-based) on. */
  | { kind: 'rules'; host: number; first: number; rule: number };

/** What started (or restarted) a convergence (host indexes within the cluster). */
export type ConvergenceCause =
  /** A live change of the configuration (a weight, a priority, the port rules, the affinity). */
  | { why: 'change'; change: LiveChange }
  | { why: 'stopNlb'; host: number }
  | { why: 'drainstop'; host: number }
  /** `host` hears a heartbeat from `heard`, which is not a member. */
  | { why: 'newMember'; host: number; heard: number }
  /** `host` missed `tolerance` heartbeats in a row (`limitMs`) from the hosts in `gone`. */
  | { why: 'missedHeartbeats'; host: number; tolerance: number; limitMs: number; gone: number[] };

/** A UDP packet as a decision describes it: the datagram's UDP bytes and the piece this packet carries. */
export interface DatagramPiece {
  bytes: number;
  offset: number;
  length: number;
  /** More fragments follow. */
  more: boolean;
}

/** Verdict of a bucket whose owner is not reachable: declared gone while converging, or not yet noticed. */
export type StaleOwner = 'converging' | 'unnoticed' | null;

/** How the switch came to flood a frame. */
export type FloodKind =
  | 'broadcast'
  | 'ipMulticast'
  /** IP multicast on a snooping switch that has learned no member port for the group yet. */
  | 'unregisteredMulticast'
  | 'multicast'
  | 'unknownUnicast';

interface BucketVerdictArgs {
  /** A SYN (a new connection) rather than a later packet. */
  syn: boolean;
  /** A UDP datagram (balanced one by one) rather than TCP. */
  udp: boolean;
  /** A later fragment of a datagram: no UDP header, so `srcPort` is the 0 NLB reads in its place. */
  portless: boolean;
  src: number;
  srcPort: number;
  affinity: Affinity;
  bucket: number;
  bucketCount: number;
  /** Owner host index, -1: none. */
  owner: number;
  stale: StaleOwner;
}
interface DefaultHostArgs {
  port: number;
  /** The default host's index, -1: none. */
  owner: number;
}
interface SingleHostArgs {
  rule: RuleFields;
  /** The host with the best handling priority, -1: none. */
  owner: number;
}

/**
 * The numbers behind each kind of decision, keyed by its code. IPs and MACs are numbers, hosts are
 * indexes within the deciding node's cluster (or node ids where the node may be anything), times are
 * simulated ms. `src/sim/decisionText.ts` turns them into words; nothing else does.
 */
export interface DecisionArgsByCode {
  // Client application
  /** Connection `connId` opened from src:srcPort to dst:dstPort; the target as the scenario names it. */
  'client.open': {
    src: number;
    srcPort: number;
    dst: number;
    dstPort: number;
    target: 'outside' | 'vip' | 'dip';
    cluster: ClusterId | null;
    /** Target 'dip': the host index. */
    hostIndex: number;
    /** A UDP query rather than a TCP connection. */
    udp: boolean;
  };
  // TCP/IP stack
  /** `flags`: TCP's (0 for UDP); `datagram`: a UDP packet's size and piece (null: TCP). */
  /** `echo`: an ICMP echo's type (8 request, 0 reply) instead of TCP flags or a datagram. */
  /** `binding`: how a load balancer of today put the VIP on this backend (absent: an address of its own, or NLB's). */
  'stack.loopback': {
    dst: number;
    flags: number;
    datagram: DatagramPiece | null;
    echo?: number;
    binding?: VipBinding;
  };
  /** Ports are 0 for a later fragment, which carries none. */
  'stack.send': {
    flags: number;
    src: number;
    srcPort: number;
    dst: number;
    dstPort: number;
    dstMac: number;
    datagram: DatagramPiece | null;
    echo?: number;
  };
  /** A datagram of `bytes` (UDP header and data) leaves as `fragments` IPv4 fragments (MTU `mtu`). */
  'ip.fragment': { id: number; bytes: number; fragments: number; mtu: number };
  /** A fragment is kept until the rest of its datagram arrives (`have` pieces so far). */
  'ip.fragmentHeld': { id: number; offset: number; have: number };
  'ip.reassembled': { id: number; fragments: number; bytes: number };
  /** The rest of datagram `id` from `src` never came: the `fragments` held are thrown away. */
  'ip.reassemblyTimeout': { id: number; src: number; fragments: number; waitedMs: number };
  /** The server application on UDP `port` takes a query of `bytes` data bytes. */
  'udp.serverQuery': { port: number; src: number; srcPort: number; bytes: number; loopback: boolean };
  'udp.noListener': { port: number };
  /** The client got the answer to its query. */
  'udp.answered': { remote: number; remotePort: number };
  'udp.noReply': { remote: number; remotePort: number; waitedMs: number };
  'stack.notLocal': { dst: number };
  'arp.request': { target: number; sender: number };
  'arp.giveUp': { target: number; requests: number };
  'arp.reply': { ip: number; mac: number; to: number };
  'arp.learned': { ip: number; mac: number; waiting: number };
  /** A router refuses an ARP message mapping unicast `ip` to multicast `mac`. */
  'arp.refuseMulticast': { ip: number; mac: number };
  'tcp.synRetransmit': {
    remote: number;
    waitedMs: number;
    retry: number;
    maxRetries: number;
    nextWaitMs: number;
  };
  'tcp.synTimeout': { syns: number; remote: number; remotePort: number };
  /** `serverThinkMs`: how long the server application takes to answer (the scenario's think time). */
  'tcp.responseTimeout': { remote: number; remotePort: number; timeoutMs: number; serverThinkMs: number };
  /** The client sent its request again: no acknowledgement within `waitedMs`. */
  'tcp.dataRetransmit': {
    remote: number;
    waitedMs: number;
    retry: number;
    maxRetries: number;
    nextWaitMs: number;
  };
  /** The request went unacknowledged after `retransmissions` retransmissions, `waitedMs` after it was first sent. */
  'tcp.dataTimeout': { remote: number; remotePort: number; retransmissions: number; waitedMs: number };
  /** The server acknowledges a request alone: its answer takes `thinkMs`, longer than `delayMs`. */
  'tcp.delayedAck': { remote: number; delayMs: number; thinkMs: number };
  'tcp.noConnection': { src: number; srcPort: number; dst: number; dstPort: number };
  'tcp.noListener': { port: number };
  'tcp.serverAccept': { port: number; src: number; srcPort: number; loopback: boolean };
  /** `established`: the connection was open (the peer no longer has it), not a refused SYN. */
  'tcp.refused': { peer: number; established: boolean };
  'tcp.complete': { remote: number; remotePort: number };
  // Host NIC and NLB driver
  'nic.ownMac': { mac: number };
  'nic.ignore': { mac: number };
  /** `ping`: echo request `seq` of `count` to `dst` (32 bytes of data). */
  'icmp.echoRequest': { dst: number; seq: number; count: number };
  /** This machine answers an echo request from `to` (sent to its address `local`). */
  'icmp.echoReply': { to: number; local: number; seq: number };
  /** `ping` got its answer: echo reply `seq` from `from` after `rttMs`. */
  'icmp.replyReceived': { from: number; seq: number; rttMs: number };
  /** `ping` waited `waitedMs` for echo reply `seq` from `dst`: "Request timed out." */
  'icmp.timeout': { dst: number; seq: number; waitedMs: number };
  /** `ping`: ARP found no one at `dst` (next hop `nextHop`), so echo request `seq` never left. */
  'icmp.unreachable': { dst: number; nextHop: number; seq: number };
  /** An echo request to the VIP: ICMP carries no port for NLB to hash, so every host takes it (illustrative). */
  'nlb.icmpEveryHost': { vip: number };
  /**
   * An ARP request (or a heartbeat, an IGMP report) that belongs to the host's other adapter: the
   * dedicated IP `ip` lives on the second NIC, the VIP on the cluster NIC. `dedicated`: it arrived on the second NIC.
   */
  'nic.otherAdapter': { ip: number; dedicated: boolean };
  /** A frame for the dedicated IP arrived on the second NIC (MAC `mac`): no NLB driver there. */
  'nic.dedicatedNic': { dip: number; mac: number };
  /** A heartbeat this host's NLB does not read: another cluster's (its VIP), or NLB is stopped here. */
  'nlb.heartbeatIgnored': { clusterVip: number; ownCluster: boolean };
  'host.downDrop': Record<string, never>;
  'nlb.heartbeat': { dstMac: number; periodMs: number };
  'nlb.stoppedDrop': { vip: number };
  'nlb.dedicatedIp': { dip: number };
  'nlb.acceptDescriptor': Record<string, never>;
  /** Host `holder` holds the connection's descriptor. */
  'nlb.dropDescriptor': { holder: number };
  'nlb.acceptDefault': DefaultHostArgs;
  'nlb.dropDefault': DefaultHostArgs;
  'nlb.dropDisabled': { rule: RuleFields };
  'nlb.acceptSingle': SingleHostArgs;
  'nlb.dropSingle': SingleHostArgs;
  'nlb.acceptBucket': BucketVerdictArgs;
  'nlb.dropBucket': BucketVerdictArgs;
  'nlb.dropDraining': Record<string, never>;
  // Convergence (node: the cluster, or the host that noticed)
  'nlb.convergenceStart': { cause: ConvergenceCause; restart: boolean; ms: number };
  /** A host that is up is not accepted into the cluster (Q198496); the others converge without it. */
  'nlb.keptOut': { host: number; conflict: ConvergenceConflict };
  /** Members by host index; `defaultHost` -1: none; `moved` buckets of the first rule changed owner. */
  'nlb.converged': { members: number[]; defaultHost: number; moved: number; bucketCount: number };
  'nlb.alone': { tolerance: number };
  // Host operations and faults (action 'state')
  'host.crash': { lost: number; tolerance: number };
  'host.restart': Record<string, never>;
  'host.unplug': Record<string, never>;
  'host.plug': Record<string, never>;
  'host.stopNlb': { lost: number };
  'host.drainstop': { connections: number };
  'host.startNlb': Record<string, never>;
  'host.stopServer': { port: number };
  'host.startServer': { port: number };
  'host.drained': Record<string, never>;
  'host.notApplicable': { hostAction: HostAction };
  // Wire, switch and router
  /** The cable from the deciding node to node `peer` is unplugged. */
  'link.unplugged': { peer: NodeId };
  /** `port` is 1-based; `portNode` the node on it (null: unknown). */
  'switch.learn': { mac: number; port: number; portNode: NodeId | null };
  'switch.filter': { mac: number };
  /** IGMP snooping: port `port` (1-based) joined multicast MAC `mac`'s group (a report from `portNode`). */
  'switch.igmpJoin': { mac: number; group: number; port: number; portNode: NodeId | null };
  /** IGMP snooping: IP multicast sent only to the `ports` member ports (1-based), not flooded. */
  'switch.igmpForward': { mac: number; ports: number[]; others: number };
  /** A host reports its membership of the cluster's multicast group (IGMP multicast mode). */
  'igmp.report': { group: number; mac: number; intervalMs: number };
  /** A host hears another member's report: nothing to do. */
  'igmp.heard': { group: number; from: number };
  'switch.forward': { mac: number; port: number; portNode: NodeId | null };
  /** Flooded to `ports` other ports. */
  'switch.flood': { mac: number; kind: FloodKind; ports: number };
  'router.toLan': { dst: number; ttl: number };
  'router.toOutside': { dst: number };
  'router.notForRouter': Record<string, never>;
  'router.notIp': { etherType: number };
  // Load balancers of today (MODERN.md). Node: the balancer (`lbA`), or the backend for `host.martian`.
  /** A new flow to the VIP: `backend` (host index) of the `healthy` backends, chosen by `method`. */
  'lb.pick': {
    kind: BalancerKind;
    method: PickMethod;
    vip: number;
    vport: number;
    backend: number;
    healthy: number;
    backends: number;
    /** flowHash: the flow's hash (illustrative); roundRobin: the turn; random: the draw in 0..1. */
    value: number;
  };
  /** A packet of a flow the balancer already tracks: it goes where the flow's first packet went. */
  'lb.flow': { backend: number };
  /** Sent on to the backend with only the MAC changed (direct server return): the backend has the VIP itself. */
  'lb.forward': { kind: BalancerKind; backend: number; mac: number; vip: number };
  /** The balancer rewrote a packet's addresses: `before` as it arrived, `after` as it leaves. */
  'lb.rewrite': { nat: NatKind; before: Endpoints; after: Endpoints };
  /** No backend passes its health check: nothing to send the new flow to (illustrative: probes are instant). */
  'lb.noBackend': { vip: number; vport: number; backends: number };
  /** Kubernetes without hairpin mode: the bridge will not send the frame back out the pod's own port. */
  'lb.noHairpin': { backend: number };
  /** Not for the VIP: the balancer (the virtual network, the node) routes it on like any router. */
  'lb.route': { dst: number };
  /** The proxy opens its own connection to the backend it chose. */
  'lb.proxyConnect': { backend: number; from: number; fromPort: number; to: number; toPort: number };
  /** The proxy's connection to the backend failed: it resets the caller's. */
  'lb.proxyFailed': { backend: number };
  /** A backend drops a packet from the wire whose source is its own address (Linux: a martian, IP_LOCAL_SOURCE). */
  'host.martian': { src: number; dst: number };
}

/** One code per kind of decision the engine makes. */
export type DecisionCode = keyof DecisionArgsByCode;

/** The numbers a decision of kind `C` carries. */
export type DecisionArgs<C extends DecisionCode = DecisionCode> = DecisionArgsByCode[C];

interface DecisionBase {
  /** Numbered in order from 1, the same at any detail (a seek or a bulk run skips numbers, never reuses them). */
  seq: number;
  /** Simulated ms. */
  t: number;
  node: NodeId;
  action: DecisionAction;
  frameId: number;
  connId: number;
}

/**
 * A decision some component made: what kind (`code`) and the numbers behind it (`args`). Plain data;
 * `decisionText(d)` (src/sim/decisionText.ts) words it for a trainee when it is shown or exported.
 */
export type Decision = {
  [C in DecisionCode]: DecisionBase & { code: C; args: DecisionArgsByCode[C] };
}[DecisionCode];

export type ConnectionOutcome = 'open' | 'completed' | 'failed';

/** How a connection ended, as the engine saw it (the `Last outcome` line and announcements read it). */
export interface ConnectionEnd {
  connId: number;
  /** Simulated ms. */
  t: number;
  /** Where the client application ran (`client1`, or a host's node id). */
  client: NodeId;
  /**
   * served: completed; refused: a server answered RST; timeout: no SYN-ACK after every retry;
   * unacknowledged: the request went unacknowledged after every data retransmission (the server went
   * away); noResponse: acknowledged but no answer in time; noReply: a UDP query had no answer in
   * time; lost: the client's own host went down.
   */
  how: 'served' | 'refused' | 'timeout' | 'unacknowledged' | 'noResponse' | 'noReply' | 'lost';
  /** The host that served it (served) or refused it (refused), when there was one. */
  server: NodeId | null;
  /** Served or refused through the client host's own loopback, never on the wire. */
  viaLoopback: boolean;
  /** SYNs sent (1 + retransmissions). */
  syns: number;
  /** Times the request was sent again (data retransmissions). */
  dataRetransmissions: number;
}

export interface HostStats {
  id: NodeId;
  name: string;
  cluster: ClusterId;
  /** Completed connections this host served (over the wire or through its loopback). */
  served: number;
  /** `wlbs query` wording for this host, e.g. `Converged as DEFAULT`. */
  state: string;
  /** Faults and operations that apply now (the host panel shows these). */
  actions: HostAction[];
  crashed: boolean;
  nlbRunning: boolean;
  /** Drainstop in progress: no new connections, finishing the ones it has. */
  draining: boolean;
  cablePlugged: boolean;
  serverRunning: boolean;
  /** Connections through the VIP this host holds a descriptor for. */
  openConnections: number;
  /** Why the cluster does not accept this host (port rules that differ, a duplicate priority), or null. */
  keptOut: string | null;
}

export interface ClusterStats {
  id: ClusterId;
  /** `Converged`, `Converging` or `Unknown`. */
  state: string;
  /** Why convergence cannot complete (mismatched rules, duplicate priority), or null. */
  conflict: string | null;
  /** Host names in the converged membership. */
  membership: string[];
  /** The default host as the cluster has it now (the member with the best host priority), or null. */
  defaultHost: NodeId | null;
  /** Owner node id of each bucket of the first port rule (null: no owner). */
  bucketOwners: (NodeId | null)[];
}

/** One learned entry of the switch's MAC table. */
export interface MacTableRow {
  mac: string;
  /** 1-based switch port. */
  port: number;
  /** Who is on that port. */
  portNode: string;
  /** What the MAC is, when known: "Host 2, masked source MAC", "Router". */
  note?: string;
}

/** What one bulk run (the Run button) did with its own connections, none opened before it. */
export interface BulkRunOutcome {
  /** Connections the run opened. */
  connections: number;
  completed: number;
  failed: number;
  /** Completed connections of this run per serving host (hosts that served none are absent). */
  servedBy: Record<NodeId, number>;
  /** Failed connections of this run by how they ended (kinds with none are absent). */
  failedHow: Partial<Record<Exclude<ConnectionEnd['how'], 'served'>, number>>;
  /** The server application's think time and how long a client waits for its answer, simulated ms. */
  serverThinkMs: number;
  responseTimeoutMs: number;
}

export interface Stats {
  /** Simulated ms. */
  now: number;
  hosts: HostStats[];
  clusters: ClusterStats[];
  /** The switch's MAC table: with source-MAC masking the cluster MAC never appears in it. */
  switchTable: MacTableRow[];
  /** Distinct frames of client connections (TCP/UDP) put on any link; heartbeats and ARP excluded. */
  framesOnWire: number;
  loopbackConnections: number;
  failedConnections: number;
  completedConnections: number;
  openedConnections: number;
  retransmissions: number;
  /** `wlbs query` wording for Cluster A as a whole. */
  clusterState: string;
  eventsProcessed: number;
}

/** What the packet inspector shows about one frame (decoded by src/sim/inspect.ts). */
export interface FrameInspection {
  frameId: number;
  /** Frames of one IP packet across routers share this id. */
  packetId: number;
  connId: number;
  kind: string;
  loopback: boolean;
  /** One line, e.g. `SYN 172.16.0.5:49152 -> 10.0.0.100:80`. */
  summary: string;
  layers: Layer[];
  /** For frames to a VIP under a multiple-host rule: the bucket and its owner (hash illustrative). */
  bucket: {
    cluster: ClusterId;
    bucket: number;
    bucketCount: number;
    owner: string | null;
    rule: string;
  } | null;
  /**
   * For a frame a load balancer rewrote (DNAT, SNAT, or a reply rewritten back): which balancer, and
   * the packet's addresses as they arrived and as they left. Null for every other frame.
   */
  rewrite: { node: NodeId; nat: NatKind; before: Endpoints; after: Endpoints } | null;
}
