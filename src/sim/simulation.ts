// The engine's public face: builds the world from a scenario (switch, router, Client 1, clusters),
// runs it in simulated time, opens client connections and reports topology, hops, decisions, stats.
import { AddressPortMap } from './addressPortMap';
import { formatIp, formatMac, ipOrThrow, IpPorts, type Ip } from './addr';
import { bucketOf } from './buckets';
import { CaptureBuffer, type CapturePoint } from './capture';
import { ClientMachine } from './client';
import { CLUSTER_NIC_PORT, ClusterHost, DEDICATED_NIC_PORT } from './host';
import { HOST_ACTIONS } from '../scenario/hostOperations';
import { describeFrame, summarizeFrame } from './inspect';
import { NO_OWNER } from './buckets';
import { conflictText, describeRule } from './decisionText';
import { NlbCluster } from './nlb';
import { DEFAULT_DATAGRAM_BYTES, transportPorts } from './packets';
import { Router, ROUTER_LAN_IP, ROUTER_WAN_IP } from './router';
import { Balancer } from './balancer';
import { balancerFacts, MECHANISM_NAMES } from './balancerKinds';
import type { ConnectionEvents, IpStack, StackSettings } from './stack';
import { Switch } from './switch';
import type { Detail } from './recorder';
import type {
  BulkRunOutcome,
  ClusterSummary,
  ConnectionEnd,
  ConnectionOutcome,
  Decision,
  DecisionArgs,
  FrameInspection,
  Hop,
  MacTableRow,
  NodeId,
  Stats,
  Topology,
  TopologyNode,
} from './types';
import { Link, World } from './world';
import type { ClientTarget, ClusterId, HostAction, Scenario } from '../scenario/types';
import { applyChange, type ChangeSource, type LiveChange } from '../scenario/changes';
import { describeChange } from '../scenario/changeText';
import { clusterNodeId, hostNodeId } from '../scenario/names';

export interface ConnectionRecord {
  id: number;
  srcIp: Ip;
  srcPort: number;
  dstIp: Ip;
  dstPort: number;
  /** Where the client application runs. */
  clientNode: NodeId;
  servedBy: NodeId | null;
  /** The host that refused it (answered RST), if one did. */
  refusedBy: NodeId | null;
  viaLoopback: boolean;
  /** SYNs sent so far (1 + retransmissions). */
  syns: number;
  /** Times the client sent its request again. */
  dataRetransmissions: number;
  outcome: ConnectionOutcome;
  /** Simulated ms. */
  openedAt: number;
}

/** Whether Windows NLB balances the cluster (not a balancer node of today). */
function nlbBalanced(cluster: NlbCluster): boolean {
  return (cluster.config.balancer?.kind ?? 'nlb') === 'nlb';
}

/** Gap between two connections opened by a bulk run, simulated ms. */
const BULK_SPACING_MS = 0.01;
/** The event queue's lane for a bulk run's openings (a key no delay has: delays are never negative). */
const BULK_OPEN_LANE = -1;
const FIRST_EPHEMERAL_PORT = 49152;
/** Why a cluster keeps a host out, in words, or null when it does not. */
function keptOutText(cluster: NlbCluster, hostIndex: number): string | null {
  const conflict = cluster.keptOut.get(hostIndex);
  return conflict ? conflictText(cluster.config.id, conflict) : null;
}

/** Most connections one batch (the Run button) may open. */
export const MAX_BULK_CONNECTIONS = 100_000;
/** Connection ends kept between two takes (the page shows the newest). */
const MAX_ENDS_KEPT = 1000;
/** After a bulk run's last connection finishes, frames still in flight get this long to land, simulated ms. */
const BULK_DRAIN_MS = 10;

/** A client application gives up on an answer this long after its request, simulated ms. */
export const RESPONSE_TIMEOUT_MS = 20_000;

function emptyBulkRun(connections: number, serverThinkMs: number): BulkRunOutcome {
  return {
    connections,
    completed: 0,
    failed: 0,
    servedBy: {},
    failedHow: {},
    serverThinkMs,
    responseTimeoutMs: RESPONSE_TIMEOUT_MS,
  };
}

export class Simulation implements ConnectionEvents {
  readonly world: World;
  readonly switch: Switch;
  readonly router: Router;
  readonly client: ClientMachine;
  readonly clusters: NlbCluster[] = [];
  readonly hosts: ClusterHost[] = [];
  /** The balancer node of each cluster that has one (any balancer but NLB), in cluster order. */
  readonly balancers: Balancer[] = [];
  private readonly links: Link[] = [];
  /** Connections still open (finished ones are only counted, so bulk runs stay small in memory). */
  private readonly open = new Map<number, ConnectionRecord>();
  /** The next ephemeral port to try of each source address (0: none used yet, start at the first). */
  private readonly nextPort = new IpPorts();
  /**
   * Source address and port of every open connection, as NLB's descriptor key (three UTF-16 code
   * units): the number address x 65536 + port it replaces was a heap number, made and hashed three
   * times per connection.
   */
  private readonly portsInUse = new AddressPortMap<true>();
  private nextConnId = 1;
  private readonly servedCount = new Map<NodeId, number>();
  private opened = 0;
  private completed = 0;
  private failed = 0;
  private loopbackCompleted = 0;
  private retransmissions = 0;
  /** Connections of the current bulk run not yet finished. */
  private bulkOutstanding = 0;
  private bulkFirstId = 0;
  /** The running bulk run's own results (connections opened before it are not counted here). */
  private bulk: BulkRunOutcome = emptyBulkRun(0, 0);
  /** While true, the client application's steady stream of connections is held (bulk runs). */
  private generatorHeld = false;
  /** Bumped when the client's rate changes, so the old stream of connections stops. */
  private generatorToken = 0;
  /** How connections ended since the last `take()` (full detail only), oldest first. */
  private ended: ConnectionEnd[] = [];
  /**
   * The configuration in force now: the engine's own copy of the scenario, which live changes
   * (a weight, a port rule, the client's place) update in place; clusters and hosts read it.
   */
  readonly scenario: Scenario;

  constructor(start: Scenario) {
    const scenario = (this.scenario = structuredClone(start));
    const world = (this.world = new World(scenario.seed));
    const net = scenario.network;
    const settings: StackSettings = {
      initialRtoMs: scenario.tcp.initialRtoMs,
      maxSynRetransmissions: scenario.tcp.maxSynRetransmissions,
      loopbackLatencyMs: net.loopbackLatencyMs,
      serverThinkMs: net.serverThinkMs,
      responseTimeoutMs: RESPONSE_TIMEOUT_MS,
    };

    this.switch = new Switch(world, 'switch', 'Switch', net.igmpSnooping ?? false);
    this.router = new Router(world, 'router', 'Router', settings);
    this.router.lanLink = this.connectToSwitch(this.router, net.linkLatencyMs);
    this.client = new ClientMachine(
      world,
      'client1',
      'Client 1',
      scenario.client.sourceAddresses,
      this.router.wanMac,
      settings,
      this, // hears how its connections end
    );
    // Client 1 also runs a server, for connections made from inside the cluster to the outside.
    this.client.stack.listeners.set(scenario.client.port, { running: true });
    const wan = new Link(
      'client1-router',
      { node: this.client, port: 0 },
      { node: this.router, port: Router.WAN_PORT },
      net.linkLatencyMs,
      world.cabling,
    );
    this.links.push(wan);
    this.client.link = wan;
    this.router.wanLink = wan;
    this.router.clientMac = this.client.mac;

    for (const config of scenario.clusters) {
      const cluster = new NlbCluster(world, config);
      this.clusters.push(cluster);
      config.hosts.forEach((hostConfig, index) => {
        const host = new ClusterHost(world, cluster, index, hostConfig, scenario.client.port, settings, this);
        host.link = this.connectToSwitch(host, net.linkLatencyMs);
        host.connectionOwner = this;
        cluster.members.push(host);
        this.hosts.push(host);
        this.servedCount.set(host.id, 0);
      });
      cluster.initialise();
      if ((config.balancer?.kind ?? 'nlb') !== 'nlb') {
        const balancer = new Balancer(world, cluster, this.balancers.length, scenario.client.port, settings);
        balancer.backends = cluster.members as ClusterHost[];
        this.balancers.push(balancer);
        continue; // no NLB on the hosts: no heartbeats, no static ARP entry for a multicast MAC
      }
      if (config.mode !== 'unicast' && net.routerStaticArpForVip)
        this.router.addStaticArp(cluster.vip, cluster.clusterMac);
      // Heartbeats are staggered across the period so that hosts do not all beat at once.
      const period = config.aliveMsgPeriodMs;
      cluster.members.forEach((m, i) =>
        (m as ClusterHost).startHeartbeats((period * (i + 1)) / (config.hosts.length + 1)),
      );
    }
    // Second NICs on ports after every first one, so a host's port number is the same with or without them.
    for (const host of this.hosts) {
      if (host.dedicatedNicMac !== null)
        host.dedicatedLink = this.connectToSwitch(host, net.linkLatencyMs, true);
    }
    // Balancer nodes after every host's port, so a host's switch port is the same whatever balances it.
    for (const balancer of this.balancers) balancer.link = this.connectToSwitch(balancer, net.linkLatencyMs);
    for (const entry of scenario.timeline) {
      const { cluster, hostIndex, action } = entry;
      world.schedule(entry.atMs, this, 'applyScenarioAction', cluster, hostIndex, action);
    }
    this.scheduleGenerator();
  }

  /**
   * Applies a change now, as NLB and the client application would take it: a host operation at
   * once; a weight, priority or port rule by converging in place (the current bucket map keeps
   * serving meanwhile, and connections keep their hosts through NLB's descriptors); the client's
   * place, target or rate from its next connection; a batch of connections run to its end.
   * Returns false when the change does not apply (a host operation that does not fit its state).
   */
  applyChange(change: LiveChange, source: ChangeSource = 'user'): boolean {
    const world = this.world;
    const label = describeChange(change);
    switch (change.type) {
      case 'hostAction': {
        const applied = this.applyHostAction(change.cluster, change.hostIndex, change.action);
        if (applied) world.mark('fault', label, source);
        return applied;
      }
      case 'runConnections':
        world.mark('change', label, source);
        this.runConnections(Math.max(0, Math.min(MAX_BULK_CONNECTIONS, Math.floor(change.count))));
        return true;
      case 'ping': {
        const host = this.findHost(change.cluster, change.hostIndex);
        if (!host || host.crashed) return false;
        world.mark('change', label, source);
        host.pinger.start(ipOrThrow(change.target));
        return true;
      }
      case 'clientRate':
        this.reconfigure(change);
        world.mark('change', label, source);
        this.scheduleGenerator();
        return true;
      case 'clientLocation':
      case 'clientTarget':
        this.reconfigure(change);
        world.mark('change', label, source);
        return true;
      case 'affinity':
        this.reconfigure(change);
        world.mark('change', label, source);
        for (const c of this.clusters) {
          if (nlbBalanced(c)) c.startConvergence({ why: 'change', change }, clusterNodeId(c.config.id));
        }
        return true;
      default: {
        const cluster = this.clusters.find((c) => c.config.id === change.cluster);
        if (!cluster) return false;
        this.reconfigure(change);
        world.mark('change', label, source);
        const node =
          'hostIndex' in change
            ? hostNodeId(change.cluster, change.hostIndex)
            : clusterNodeId(change.cluster);
        // NLB converges on a new weight or rule; a balancer node takes it as it is (nothing to converge).
        if (nlbBalanced(cluster)) cluster.startConvergence({ why: 'change', change }, node);
        return true;
      }
    }
  }

  /** Whether a change would apply now (a host operation must fit the host's state). */
  canApply(change: LiveChange): boolean {
    if (change.type !== 'hostAction') return true;
    return this.findHost(change.cluster, change.hostIndex)?.canApply(change.action) ?? false;
  }

  /** What the latest batch (runConnections) did with its own connections. */
  get lastBulkRun(): BulkRunOutcome {
    return this.bulk;
  }

  /** Writes a change into the engine's configuration, in place, so every reader sees it at once. */
  private reconfigure(change: LiveChange): void {
    const next = applyChange(this.scenario, change).scenario;
    this.scenario.client = next.client;
    next.clusters.forEach((c, i) => {
      const mine = this.scenario.clusters[i]!;
      mine.portRules = c.portRules;
      c.hosts.forEach((h, j) => {
        const host = mine.hosts[j]!;
        host.loadWeight = h.loadWeight;
        host.priority = h.priority;
        host.handlingPriority = h.handlingPriority;
        if (h.portRules) host.portRules = h.portRules;
        else delete host.portRules;
      });
    });
  }

  /** A host the client application ran on crashed: the connections it had open are lost with it. */
  /** A host's own connections (as a client) are gone (a crash): they count as failed. */
  clientHostLost(host: ClusterHost): void {
    for (const record of [...this.open.values()]) {
      if (record.clientNode === host.id) this.finish(record.id, 'failed', 'lost');
    }
  }

  findHost(cluster: ClusterId, hostIndex: number): ClusterHost | undefined {
    return this.hosts.find((h) => h.clusterId === cluster && h.hostIndex === hostIndex);
  }

  /** Apply a fault or operation to a host now (a button, or the scenario's timeline). */
  applyHostAction(cluster: ClusterId, hostIndex: number, action: HostAction): boolean {
    const host = this.findHost(cluster, hostIndex);
    if (!host) return false;
    if (!host.canApply(action)) {
      this.world.recorder.decide(this.world.now, host.id, 'host.notApplicable', 0, 0, { hostAction: action });
      return false;
    }
    host.apply(action);
    return true;
  }

  private connectToSwitch(node: Router | ClusterHost | Balancer, latencyMs: number, secondNic = false): Link {
    const link = new Link(
      secondNic ? `${node.id}-nic2-switch` : `${node.id}-switch`,
      { node, port: secondNic ? DEDICATED_NIC_PORT : CLUSTER_NIC_PORT },
      { node: this.switch, port: this.switch.ports.length },
      latencyMs,
      this.world.cabling,
    );
    this.switch.attach(link);
    this.links.push(link);
    return link;
  }

  // ---- What the stacks report of connections (ConnectionEvents) ------------------------------

  serverAccepted(connId: number, server: NodeId, viaLoopback: boolean): void {
    const record = this.open.get(connId);
    if (!record) return;
    record.servedBy = server;
    record.viaLoopback = viaLoopback;
  }

  connectionCompleted(connId: number): void {
    this.finish(connId, 'completed', 'served');
  }

  connectionFailed(connId: number, reason: Parameters<ConnectionEvents['connectionFailed']>[1]): void {
    this.finish(connId, 'failed', reason === 'reset' ? 'refused' : reason);
  }

  connectionRefused(connId: number, server: NodeId): void {
    const record = this.open.get(connId);
    if (!record) return;
    record.refusedBy = server;
    record.viaLoopback = server === record.clientNode;
  }

  synRetransmitted(connId: number): void {
    this.retransmissions++;
    const record = this.open.get(connId);
    if (record) record.syns++;
  }

  dataRetransmitted(connId: number): void {
    this.retransmissions++;
    const record = this.open.get(connId);
    if (record) record.dataRetransmissions++;
  }

  private finish(connId: number, outcome: ConnectionOutcome, how: ConnectionEnd['how']): void {
    const record = this.open.get(connId);
    if (!record) return;
    this.open.delete(connId);
    this.portsInUse.delete(record.srcIp, record.srcPort);
    record.outcome = outcome;
    if (this.world.recorder.full) {
      this.ended.push({
        connId,
        t: this.world.now,
        client: record.clientNode,
        how,
        server: how === 'served' ? record.servedBy : how === 'refused' ? record.refusedBy : null,
        viaLoopback: record.viaLoopback,
        syns: record.syns,
        dataRetransmissions: record.dataRetransmissions,
      });
      if (this.ended.length > MAX_ENDS_KEPT) this.ended.splice(0, this.ended.length - MAX_ENDS_KEPT);
    }
    if (outcome === 'completed') {
      this.completed++;
      if (record.servedBy)
        this.servedCount.set(record.servedBy, (this.servedCount.get(record.servedBy) ?? 0) + 1);
      if (record.viaLoopback) this.loopbackCompleted++;
    } else this.failed++;
    if (this.bulkOutstanding > 0 && connId >= this.bulkFirstId) {
      // The generator is held during a bulk run, so every connection from bulkFirstId on is the run's.
      this.bulkOutstanding--;
      if (outcome === 'completed') {
        this.bulk.completed++;
        if (record.servedBy)
          this.bulk.servedBy[record.servedBy] = (this.bulk.servedBy[record.servedBy] ?? 0) + 1;
      } else {
        this.bulk.failed++;
        if (how !== 'served') this.bulk.failedHow[how] = (this.bulk.failedHow[how] ?? 0) + 1;
      }
    }
  }

  // ---- The client application ----------------------------------------------------------------

  private scheduleGenerator(): void {
    const token = ++this.generatorToken;
    const rate = this.scenario.client.connectionsPerSecond;
    if (!(rate > 0)) return;
    // The first connection opens 1 simulated ms in, so that Play shows something at once.
    this.world.schedule(1, this, 'onGeneratorTimer', token, 1000 / rate);
  }

  /** The client application's next connection of its steady stream is due (run by the event queue). */
  onGeneratorTimer(token: number, periodMs: number): void {
    if (token !== this.generatorToken) return; // the rate changed: a new stream took over
    if (!this.generatorHeld) this.openConnection();
    this.world.schedule(periodMs, this, 'onGeneratorTimer', token, periodMs);
  }

  /** A host operation of the scenario's own timeline is due (run by the event queue). */
  applyScenarioAction(cluster: ClusterId, hostIndex: number, action: HostAction): void {
    this.applyChange({ type: 'hostAction', cluster, hostIndex, action }, 'scenario');
  }

  targetIp(target: ClientTarget = this.scenario.client.target): Ip {
    if (target.kind === 'outside') return this.client.serverIp;
    const cluster = this.clusters.find((c) => c.config.id === target.cluster) ?? this.clusters[0]!;
    if (target.kind === 'vip') return cluster.vip;
    const host = cluster.config.hosts[target.hostIndex] ?? cluster.config.hosts[0]!;
    return ipOrThrow(host.dip);
  }

  /** The host the client application runs on, or undefined when it runs outside the cluster. */
  clientHost(): ClusterHost | undefined {
    const loc = this.scenario.client.location;
    if (loc.kind !== 'host') return undefined;
    return this.hosts.find((h) => h.clusterId === loc.cluster && h.hostIndex === loc.hostIndex);
  }

  /** Open one connection from the client application now; returns its id. */
  openConnection(): number {
    const world = this.world;
    const id = this.nextConnId++;
    const host = this.clientHost();
    let stack: IpStack;
    let srcIp: Ip;
    let clientNode: NodeId;
    if (host?.crashed) {
      // A crashed machine runs no client application.
      this.nextConnId--;
      return 0;
    }
    if (host) {
      stack = host.stack;
      srcIp = host.stack.primaryIp; // the DIP, or the VIP when the cluster IP is the source (Q198888)
      clientNode = host.id;
    } else {
      stack = this.client.stack;
      srcIp = this.client.sourceAddresses[world.rng.int(this.client.sourceAddresses.length)]!;
      clientNode = this.client.id;
    }
    const port = this.ephemeralPort(srcIp);
    const dstIp = this.targetIp();
    const dstPort = this.scenario.client.port;
    this.open.set(id, {
      id,
      srcIp,
      srcPort: port,
      dstIp,
      dstPort,
      clientNode,
      servedBy: null,
      refusedBy: null,
      viaLoopback: false,
      syns: 1,
      dataRetransmissions: 0,
      outcome: 'open',
      openedAt: world.now,
    });
    this.opened++;
    world.recorder.decide(
      world.now,
      clientNode,
      'client.open',
      0,
      id,
      world.recorder.full ? this.openArgs(srcIp, port, dstIp, dstPort) : undefined,
    );
    const client = this.scenario.client;
    if (client.protocol === 'udp')
      stack.query(id, srcIp, port, dstIp, dstPort, client.datagramBytes ?? DEFAULT_DATAGRAM_BYTES);
    else stack.connect(id, srcIp, port, dstIp, dstPort);
    return id;
  }

  /**
   * The next ephemeral port of `srcIp` that no open connection of it holds, as a stack allocates
   * one, now held (portsInUse): a batch of more connections than the range (16,384) wraps around,
   * and must not reuse the port of one still retrying its SYN (it would become that connection's
   * retransmission).
   */
  private ephemeralPort(srcIp: Ip): number {
    const range = 65536 - FIRST_EPHEMERAL_PORT;
    let port = this.nextPort.get(srcIp) || FIRST_EPHEMERAL_PORT;
    for (let tries = 0; tries < range && this.portsInUse.has(srcIp, port); tries++)
      port = port >= 65535 ? FIRST_EPHEMERAL_PORT : port + 1;
    this.nextPort.set(srcIp, port >= 65535 ? FIRST_EPHEMERAL_PORT : port + 1);
    // Held from now on.
    this.portsInUse.set(srcIp, port, true);
    return port;
  }

  /** The numbers of a connection's 'client.open' decision: its addresses and what it targets. */
  private openArgs(src: Ip, srcPort: number, dst: Ip, dstPort: number): DecisionArgs<'client.open'> {
    const target = this.scenario.client.target;
    const udp = this.scenario.client.protocol === 'udp';
    if (target.kind === 'outside')
      return { src, srcPort, dst, dstPort, target: 'outside', cluster: null, hostIndex: 0, udp };
    const cluster = this.clusters.find((c) => c.config.id === target.cluster) ?? this.clusters[0]!;
    return {
      src,
      srcPort,
      dst,
      dstPort,
      target: target.kind,
      cluster: cluster.config.id,
      hostIndex: target.kind === 'dip' ? target.hostIndex : 0,
      udp,
    };
  }

  // ---- Running -------------------------------------------------------------------------------

  get now(): number {
    return this.world.now;
  }

  setDetail(detail: Detail): void {
    this.world.recorder.detail = detail;
  }

  /** Process every event up to and including simulated time `t` (ms), then set the clock to `t`. */
  advanceTo(t: number): void {
    const world = this.world;
    while (world.queue.peekTime() <= t) world.step();
    if (t > world.now) world.now = t;
  }

  /** Process events until some component makes a decision (the Step button). False if nothing is left. */
  stepToNextDecision(maxEvents = 100_000): boolean {
    const rec = this.world.recorder;
    const before = rec.decisionsMade;
    for (let i = 0; i < maxEvents; i++) {
      if (!this.world.step()) return false;
      if (rec.decisionsMade !== before) return true;
    }
    return true;
  }

  /**
   * Open `count` connections from the client as fast as the engine can, without keeping hops or
   * decision texts, and run until every one of them has completed or failed. The outcome counts
   * this run's connections only (one opened by a step before it may finish during it, uncounted).
   */
  runConnections(count: number): BulkRunOutcome {
    const world = this.world;
    const rec = world.recorder;
    const previousDetail = rec.detail;
    this.bulk = emptyBulkRun(count, this.scenario.network.serverThinkMs);
    rec.detail = 'counters';
    this.generatorHeld = true;
    this.bulkFirstId = this.nextConnId;
    this.bulkOutstanding = count;
    // In order of time already, so they wait in a lane of their own rather than in the heap.
    for (let i = 0; i < count; i++)
      world.queue.append(BULK_OPEN_LANE, world.now + i * BULK_SPACING_MS, this, 'openConnection');
    while (this.bulkOutstanding > 0 && world.step()) {
      /* run */
    }
    // Let the last frames (a client's final ACK) arrive, so counts include them.
    this.advanceTo(world.now + BULK_DRAIN_MS);
    this.generatorHeld = false;
    rec.detail = previousDetail;
    return this.bulk;
  }

  /** What happened since the last take: hops, decisions and connection ends (full detail only). */
  take(): { hops: Hop[]; decisions: Decision[]; ended: ConnectionEnd[] } {
    const ended = this.ended;
    this.ended = [];
    return { ...this.world.recorder.take(), ended };
  }

  // ---- Inspection ----------------------------------------------------------------------------

  /** A name for a MAC, if it is one of this world's: "cluster MAC (unicast mode)", "Host 2 (masked)". */
  nameMac(mac: number): string | undefined {
    for (const c of this.clusters) if (mac === c.clusterMac) return `${c.name} MAC (${c.config.mode} mode)`;
    for (const h of this.hosts) {
      if (mac === h.outgoingSourceMac && mac !== h.nicMac) return `${h.name}, masked source MAC`;
      if (mac === h.burnedInMac) return `${h.name} NIC`;
      if (mac === h.dedicatedNicMac) return `${h.name} second NIC`;
      if (mac === h.interHostMac) return `${h.name}'s own MAC (unicast inter-host communication)`;
    }
    if (mac === this.router.lanMac || mac === this.router.wanMac) return 'Router';
    for (const b of this.balancers) if (mac === b.mac) return `${b.name} (${b.facts.name})`;
    if (mac === this.client.mac) return 'Client 1';
    return undefined;
  }

  /** IGMP snooping's member ports, as MAC table rows (one per group and port). */
  private igmpRows(): MacTableRow[] {
    const rows: MacTableRow[] = [];
    for (const mac of this.switch.groups.keys()) {
      for (const port of this.switch.memberPorts(mac)) {
        rows.push({
          mac: formatMac(mac),
          port: port + 1,
          portNode: this.switch.ports[port]?.otherEnd(this.switch).node.name ?? '',
          note: 'IGMP group member (snooping)',
        });
      }
    }
    return rows;
  }

  /** What the inspector shows for a frame seen at full detail, or null if it is no longer kept. */
  inspectFrame(frameId: number): FrameInspection | null {
    const frame = this.world.recorder.frames.get(frameId);
    if (!frame) return null;
    let bucket = null;
    const ip = frame.ip;
    const cluster = ip ? this.clusters.find((c) => c.vip === ip.dst && nlbBalanced(c)) : undefined;
    if (ip && cluster) {
      // A later fragment carries no ports: NLB reads it as port 0 (NlbCluster.classify).
      const ports = transportPorts(ip);
      const view = cluster.findRule(ip.dst, ports?.dstPort ?? 0, ip.protocol);
      if (view && view.rule.filtering === 'multiple') {
        const b = bucketOf(ip.src, ports?.srcPort ?? 0, view.rule.affinity, cluster.config.bucketCount);
        const owner = view.owners[b]!;
        bucket = {
          cluster: cluster.config.id,
          bucket: b,
          bucketCount: cluster.config.bucketCount,
          owner: owner === NO_OWNER ? null : cluster.hostName(owner),
          rule: describeRule(view.rule),
        };
      }
    }
    return {
      frameId,
      packetId: frame.packetId,
      connId: frame.connId,
      kind: frame.kind,
      loopback: frame.loopback ?? false,
      summary: summarizeFrame(frame),
      layers: describeFrame(frame, (mac) => this.nameMac(mac)),
      bucket,
      rewrite: this.rewriteOf(frameId),
    };
  }

  private rewriteOf(frameId: number): FrameInspection['rewrite'] {
    for (const b of this.balancers) {
      const r = b.rewrites.get(frameId);
      if (r) return { node: b.id, ...r };
    }
    return null;
  }

  /** The packet identity of a kept frame (frames of one IP packet across a router share it). */
  packetIdOf(frameId: number): number | undefined {
    return this.world.recorder.frames.get(frameId)?.packetId;
  }

  // ---- Capture -------------------------------------------------------------------------------

  /** Start keeping what crosses the wire (and each loopback) for pcap export. */
  enableCapture(maxRecords?: number): void {
    this.world.capture ??= new CaptureBuffer(maxRecords);
  }

  /** The capture points a user can choose, with their names. */
  capturePoints(): { id: string; label: string; point: CapturePoint }[] {
    const points: { id: string; label: string; point: CapturePoint }[] = [
      { id: 'switch', label: 'Whole switch (every port)', point: { kind: 'switch' } },
    ];
    this.switch.ports.forEach((link, i) => {
      const end = link.otherEnd(this.switch);
      const nic = end.node.kind === 'host' && end.port === DEDICATED_NIC_PORT ? ' second NIC' : '';
      points.push({
        id: `port:${link.id}`,
        label: `Switch port ${i + 1} (${end.node.name}${nic})`,
        point: { kind: 'port', linkId: link.id },
      });
    });
    for (const h of this.hosts)
      points.push({ id: `nic:${h.id}`, label: `${h.name} NIC`, point: { kind: 'nic', node: h.id } });
    for (const h of this.hosts) {
      points.push({
        id: `loopback:${h.id}`,
        label: `${h.name} loopback`,
        point: { kind: 'loopback', node: h.id },
      });
    }
    return points;
  }

  /** A pcap of what the capture point saw so far (empty if capture was never enabled). */
  pcap(pointId: string): Uint8Array | null {
    const choice = this.capturePoints().find((p) => p.id === pointId);
    if (!choice) return null;
    return (this.world.capture ?? new CaptureBuffer()).pcap(choice.point);
  }

  // ---- Reporting -----------------------------------------------------------------------------

  /** The host's state in `wlbs query` words, as that host would report it. */
  hostState(host: ClusterHost): string {
    const cluster = host.cluster;
    if (host.crashed) return 'Unknown';
    if (!host.nlbBound) {
      if (!host.link.up) return 'Unhealthy (cable unplugged)';
      return host.serverRunning ? 'Healthy' : 'Unhealthy (server stopped)';
    }
    if (!host.nlb.running) return 'Stopped';
    if (host.nlb.draining) return 'Draining';
    if (!host.link.up) return host.nlb.alone ? 'Converged as DEFAULT' : 'Converging';
    if (cluster.converging) return 'Converging';
    if (!cluster.membership.includes(host.hostIndex)) return 'Converging';
    return cluster.defaultHost() === host.hostIndex ? 'Converged as DEFAULT' : 'Converged';
  }

  /** The whole cluster in `wlbs query` words. */
  clusterState(cluster: NlbCluster): string {
    const balancer = this.balancers.find((b) => b.vip === cluster.vip);
    if (balancer) {
      const healthy = cluster.members.filter((m) => this.hostState(m as ClusterHost) === 'Healthy').length;
      return `${healthy} of ${cluster.members.length} backends healthy`;
    }
    if (cluster.converging) return 'Converging';
    return cluster.membership.length > 0 ? 'Converged' : 'Unknown';
  }

  /** What can be done to a host now (the panel shows these buttons). */
  hostActions(host: ClusterHost): HostAction[] {
    return HOST_ACTIONS.filter((a) => host.canApply(a));
  }

  topology(): Topology {
    const nodes: TopologyNode[] = [
      {
        id: this.client.id,
        kind: 'client',
        name: this.client.name,
        ips: [
          `${formatIp(this.client.sourceAddresses[0]!)} … (${this.client.sourceAddresses.length} addresses)`,
        ],
        mac: formatMac(this.client.mac),
      },
      {
        id: this.router.id,
        kind: 'router',
        name: this.router.name,
        ips: [ROUTER_LAN_IP, ROUTER_WAN_IP],
        mac: formatMac(this.router.lanMac),
      },
      { id: this.switch.id, kind: 'switch', name: this.switch.name, ips: [], mac: '' },
      ...this.hosts.map((h): TopologyNode => ({
        id: h.id,
        kind: 'host',
        name: h.name,
        ips: [formatIp(h.dip), formatIp(h.cluster.vip)],
        mac: formatMac(h.nicMac),
        ...(h.dedicatedNicMac !== null ? { secondNicMac: formatMac(h.dedicatedNicMac) } : {}),
        cluster: h.clusterId,
        hostIndex: h.hostIndex,
        priority: h.config.priority,
      })),
      ...this.balancers.map((b): TopologyNode => ({
        id: b.id,
        kind: 'balancer',
        name: b.name,
        ips: [formatIp(b.ip), formatIp(b.vip)],
        mac: formatMac(b.mac),
        cluster: b.id === 'lbB' ? 'B' : 'A',
      })),
    ];
    return {
      nodes,
      links: this.links.map((l) => ({
        id: l.id,
        a: l.a.node.id,
        b: l.b.node.id,
        ...(l.a.port === DEDICATED_NIC_PORT && l.a.node.kind === 'host' ? { secondNic: true } : {}),
      })),
      clusters: this.clusters.map((c) => ({
        id: c.config.id,
        name: c.name,
        vip: formatIp(c.vip),
        mode: c.config.mode,
        clusterMac: formatMac(c.clusterMac),
        bucketCount: c.config.bucketCount,
        balancer: this.balancerSummary(c),
      })),
    };
  }

  private balancerSummary(cluster: NlbCluster): ClusterSummary['balancer'] {
    const node = this.balancers.find((b) => b.vip === cluster.vip);
    const facts = node?.facts ?? balancerFacts(cluster.config.balancer);
    return {
      kind: facts.kind,
      name: facts.name,
      mechanism: facts.mechanism,
      mechanismName: MECHANISM_NAMES[facts.mechanism],
      source: facts.source,
      illustrative: facts.illustrative,
      node: node?.id ?? null,
    };
  }

  stats(): Stats {
    const clusterA = this.clusters[0];
    return {
      now: this.world.now,
      hosts: this.hosts.map((h) => ({
        id: h.id,
        name: h.name,
        cluster: h.clusterId,
        served: this.servedCount.get(h.id) ?? 0,
        state: this.hostState(h),
        actions: this.hostActions(h),
        crashed: h.crashed,
        nlbRunning: h.nlb.running,
        draining: h.nlb.draining,
        cablePlugged: h.link.up,
        serverRunning: h.serverRunning,
        openConnections: h.cluster.descriptorCount[h.hostIndex] ?? 0,
        keptOut: keptOutText(h.cluster, h.hostIndex),
      })),
      clusters: this.clusters.map((c) => ({
        id: c.config.id,
        state: this.clusterState(c),
        conflict: c.conflictText(),
        membership: c.membership.map((m) => c.hostName(m)),
        defaultHost: c.defaultHost() < 0 ? null : hostNodeId(c.config.id, c.defaultHost()),
        bucketOwners: Array.from(c.rules[0]?.owners ?? [], (o) =>
          o < 0 ? null : hostNodeId(c.config.id, o),
        ),
      })),
      switchTable: [...this.switch.macTable.values()]
        .map((e) => {
          const row: MacTableRow = {
            mac: formatMac(e.mac),
            port: e.port + 1,
            portNode: this.switch.ports[e.port]?.otherEnd(this.switch).node.name ?? '',
          };
          const note = this.nameMac(e.mac);
          return note ? { ...row, note } : row;
        })
        .concat(this.igmpRows()),
      framesOnWire: this.world.framesOnWire,
      loopbackConnections: this.loopbackCompleted,
      failedConnections: this.failed,
      completedConnections: this.completed,
      openedConnections: this.opened,
      retransmissions: this.retransmissions,
      clusterState: clusterA ? this.clusterState(clusterA) : 'Unknown',
      eventsProcessed: this.world.eventsProcessed,
    };
  }

  /** Connections not yet completed or failed. */
  get openConnections(): number {
    return this.open.size;
  }
}
