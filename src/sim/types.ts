// What the engine tells the outside world: the topology it built, packet hops, decisions and counts.
// Plain serialisable data only, so the worker can post it to the page unchanged.
import type { ClusterId, HostAction } from '../scenario/types';
import type { Layer } from './inspect';

export type NodeId = string;
export type NodeKind = 'client' | 'router' | 'switch' | 'host';

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
}

export interface TopologyLink {
  id: string;
  a: NodeId;
  b: NodeId;
}

export interface ClusterSummary {
  id: ClusterId;
  name: string;
  vip: string;
  mode: string;
  clusterMac: string;
  bucketCount: number;
}

export interface Topology {
  nodes: TopologyNode[];
  links: TopologyLink[];
  clusters: ClusterSummary[];
}

export type PacketKind = 'syn' | 'synack' | 'ack' | 'data' | 'fin' | 'rst' | 'arp' | 'heartbeat';

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

/** A decision some component made, with the reason in words a trainee can read. */
export interface Decision {
  seq: number;
  /** Simulated ms. */
  t: number;
  node: NodeId;
  action: DecisionAction;
  frameId: number;
  connId: number;
  text: string;
}

export type ConnectionOutcome = 'open' | 'completed' | 'failed';

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
}

export interface ClusterStats {
  id: ClusterId;
  /** `Converged`, `Converging` or `Unknown`. */
  state: string;
  /** Why convergence cannot complete (mismatched rules, duplicate priority), or null. */
  conflict: string | null;
  /** Host names in the converged membership. */
  membership: string[];
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
}
