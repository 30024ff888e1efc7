// The scenario: plain, serialisable data describing clusters, clients, faults and the seed.
// The engine builds its world from this and nothing else, so a scenario + seed reproduces a run.
import type { LogEntry } from './changes';
import type { HostAction } from './hostOperations';

export type ClusterId = 'A' | 'B';
export type ClusterMode = 'unicast' | 'multicast' | 'igmp';
export type Affinity = 'none' | 'single' | 'network';
export type Protocol = 'tcp' | 'udp' | 'both';
export type FilteringMode = 'multiple' | 'single' | 'disabled';

/**
 * What balances a cluster's VIP (MODERN.md): Windows NLB on every host, or a balancer of today
 * modelled as what it is (a director, a cloud load balancer, kube-proxy, a proxy).
 */
export type BalancerKind = 'nlb' | 'lvsDr' | 'gcpInternal' | 'azureIlb' | 'awsNlb' | 'kubeProxy' | 'haproxy';

export interface BalancerConfig {
  kind: BalancerKind;
  /** Azure: Floating IP (direct server return): the frontend IP is on each backend's loopback. Absent: off. */
  floatingIp?: boolean;
  /** AWS: client IP preservation (the backend sees the caller's address). Absent: on, AWS's default. */
  clientIpPreservation?: boolean;
  /** Kubernetes: the node's bridge sends a frame back out the port it came in by. Absent: on. */
  hairpinMode?: boolean;
}

export interface PortRule {
  /** Dotted VIP the rule applies to, or 'all' for every VIP of the cluster. */
  vip: string | 'all';
  startPort: number;
  endPort: number;
  protocol: Protocol;
  filtering: FilteringMode;
  /** Multiple-host rules only. */
  affinity: Affinity;
  /** Multiple-host rules: true = equal load; false = each host's load weight for this rule. */
  equalLoad: boolean;
}

export interface HostConfig {
  /** Unique host priority 1..32 (lower number = higher priority; 1 is the default host). */
  priority: number;
  /** Dedicated IP, dotted. */
  dip: string;
  /** Load weight 0..100 used by multiple-host rules without equal load. */
  loadWeight: number;
  /** Handling priority for single-host rules (lower wins); defaults to the host priority. */
  handlingPriority: number;
  /** Whether the server application listens at time zero. */
  serverRunning: boolean;
  /**
   * Port rules configured on this host when they differ from the cluster's (a misconfiguration:
   * NLB requires identical rules on every host, and convergence cannot complete otherwise).
   */
  portRules?: PortRule[];
  /**
   * A second network adapter for dedicated traffic (Q233279; Windows Server 2003 docs): the
   * dedicated IP moves to it, with its own MAC, so hosts reach each other even in unicast mode.
   */
  secondNic?: boolean;
}

export interface ClusterConfig {
  id: ClusterId;
  vip: string;
  mode: ClusterMode;
  /** Unicast mode: mask the source MAC of outgoing frames as 02-<priority>-<VIP> (default on). */
  maskSourceMac: boolean;
  /** Number of buckets the client space is hashed into (illustrative; 60 is the figure taught). */
  bucketCount: number;
  /** Heartbeat period, simulated ms (AliveMsgPeriod, default 1000, range 100..10000). */
  aliveMsgPeriodMs: number;
  /** Missed heartbeats before a host is declared gone (AliveMsgTolerance, default 5, range 5..100). */
  aliveMsgTolerance: number;
  hosts: HostConfig[];
  portRules: PortRule[];
  /**
   * KB Q198888: hosts use the cluster IP as the source address of their outbound connections, so
   * replies come back to the VIP and are accepted by whichever host owns their bucket.
   */
  clusterIpAsSource: boolean;
  /**
   * Unicast inter-host communication (UnicastInterHostCommSupport, Windows Server 2003 SP1 and
   * later): each host gets a MAC of its own besides the cluster MAC, and answers ARP for its
   * dedicated IP with it, so hosts reach each other over the one cluster adapter. Unicast mode only.
   */
  unicastInterHost?: boolean;
  /** What balances the VIP (absent: Windows NLB, the hosts' own driver). */
  balancer?: BalancerConfig;
}

/** Where the client application runs. */
export type ClientLocation = { kind: 'outside' } | { kind: 'host'; cluster: ClusterId; hostIndex: number };

/** What the client connects to: a cluster VIP, a host's dedicated IP, or a server outside (on Client 1). */
export type ClientTarget =
  | { kind: 'vip'; cluster: ClusterId }
  | { kind: 'dip'; cluster: ClusterId; hostIndex: number }
  | { kind: 'outside' };

export interface ClientConfig {
  location: ClientLocation;
  target: ClientTarget;
  /** Server port the client connects to. */
  port: number;
  /**
   * TCP connections (absent: TCP), or UDP: one query datagram answered by one datagram, balanced by
   * NLB per datagram.
   */
  protocol?: 'tcp' | 'udp';
  /**
   * UDP: bytes of application data in each query (absent: 512). Above 1,472 the datagram does not
   * fit one Ethernet frame and IPv4 fragments it (KB Q229064).
   */
  datagramBytes?: number;
  /** New connections per simulated second while playing. */
  connectionsPerSecond: number;
  /** How many distinct source addresses the outside client uses (the internet behind the router). */
  sourceAddresses: number;
}

export interface TcpSettings {
  /** Initial SYN retransmission timeout, simulated ms (Windows: 3000). */
  initialRtoMs: number;
  /** SYN retransmissions before giving up (Windows 2000/2003 TcpMaxConnectRetransmissions: 2). */
  maxSynRetransmissions: number;
}

export interface NetworkSettings {
  /** One-way latency of every link, simulated ms. */
  linkLatencyMs: number;
  /** Time a host's loopback takes to hand a packet back to its own stack, simulated ms. */
  loopbackLatencyMs: number;
  /** Time the server application takes to answer a request, simulated ms. */
  serverThinkMs: number;
  /**
   * Multicast modes: many routers refuse an ARP reply that maps a unicast IP to a multicast MAC;
   * NLB's documented fix is a static ARP entry for the VIP on the router. True = the entry is there.
   */
  routerStaticArpForVip: boolean;
  /**
   * The switch does IGMP snooping: it learns which ports' hosts joined a multicast group from their
   * IGMP reports and sends that group's frames to those ports only (absent: off).
   */
  igmpSnooping?: boolean;
}

/** Operations and faults that can be applied to a host (their list is src/scenario/hostOperations.ts). */
export type { HostAction };

export interface TimelineEntry {
  /** Simulated ms from the start of the run. */
  atMs: number;
  action: HostAction;
  cluster: ClusterId;
  hostIndex: number;
}

/** Panels of the page a scenario can ask to show (view settings). */
export type PanelId = 'topology' | 'outcome' | 'log' | 'inspector' | 'buckets' | 'charts' | 'lesson';

/** How the page was showing the scenario when it was shared. Every field is optional. */
export interface ViewSettings {
  /** Playback speed multiplier, 0.05..100. */
  speed?: number;
  /** Panels that are open. */
  panels?: PanelId[];
  /** Time cursor, simulated ms from the start of the run. */
  timeMs?: number;
  /** The lesson that was open and its step (0-based). `custom` is the scenario's own lesson. */
  lesson?: { id: string; step: number };
  /**
   * Split view was on: Lab 2's own settings (Lab 1 is the scenario itself). A link or file whose
   * split view cannot be read still opens: it reads as unreadable, and the page says why.
   */
  split?: SplitViewSettings | UnreadableSplitView;
}

/**
 * Split view's Lab 2: the same run as Lab 1 (scenario, seed and log of changes) with its own load
 * balancer for Cluster A, its own client location and its own target, all from time zero.
 */
export interface SplitViewSettings {
  /** Cluster A's load balancer in Lab 2 (absent: Windows NLB). */
  balancer?: BalancerConfig;
  location: ClientLocation;
  target: ClientTarget;
}

/** A `view.split` that did not fit SplitViewSettings, kept as it came so the page can say what is wrong. */
export interface UnreadableSplitView {
  unreadable: unknown;
}

/**
 * A step of a lesson does something to the lab. Plain data: the lesson player carries it out.
 * Host indexes are 0-based, like everywhere in a scenario.
 */
export type LessonAction =
  /** Load a gallery preset (by id) as the lab's scenario. */
  | { type: 'loadPreset'; presetId: string }
  /** Back to time zero with the same scenario. */
  | { type: 'reset' }
  | { type: 'placeClient'; location: ClientLocation }
  | { type: 'setTarget'; target: ClientTarget }
  /** Open this many connections as fast as the engine can (the Run button). */
  | { type: 'run'; connections: number }
  /** Play this many simulated ms, then pause. */
  | { type: 'play'; ms: number }
  | { type: 'hostAction'; cluster: ClusterId; hostIndex: number; action: HostAction }
  /** Point at one bucket of a cluster's bucket map (Cluster A when `cluster` is left out). */
  | { type: 'highlightBucket'; bucket: number; cluster?: ClusterId }
  /** Select the first frame of connection `connId` in the inspector. */
  | { type: 'selectPacket'; connId: number };

export type LessonActionType = LessonAction['type'];

/** A predict-then-observe question: asked before the step's actions run, answered after. */
export interface LessonQuestion {
  prompt: string;
  choices: string[];
  /** Index into `choices` of the right answer. */
  answerIndex: number;
  /** Why that answer is right, shown once the learner has answered. Plain text. */
  explanation: string;
}

export interface LessonStep {
  /** What the narrator says, plain text (never HTML). */
  narration: string;
  actions: LessonAction[];
  question?: LessonQuestion;
}

/** A lesson written by a user and carried inside a scenario (shown as plain text). */
export interface CustomLesson {
  title: string;
  steps: LessonStep[];
}

/** A built-in lesson: starts from a gallery preset, then walks through its steps. */
export interface Lesson {
  id: string;
  title: string;
  presetId: string;
  steps: LessonStep[];
}

export interface Scenario {
  version: 1;
  /** A name for the scenario, shown as plain text. */
  title?: string;
  seed: number;
  clusters: ClusterConfig[];
  client: ClientConfig;
  tcp: TcpSettings;
  network: NetworkSettings;
  timeline: TimelineEntry[];
  /**
   * The run's changes after its start (a weight at 12 s, a crash by hand, a batch of connections),
   * in time order, each with where it came from: replaying them reproduces the run.
   */
  log?: LogEntry[];
  /** How the page showed it when it was shared. */
  view?: ViewSettings;
  /** A lesson written for this scenario. */
  lesson?: CustomLesson;
}
