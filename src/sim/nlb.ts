// NLB on a cluster: heartbeats, convergence and the agreed bucket maps (NlbCluster), and the driver
// between each host's NIC and TCP/IP stack that decides accept or drop for every VIP frame (NlbDriver).
import { AddressPortMap } from './addressPortMap';
import { igmpClusterMac, ipOrThrow, multicastClusterMac, unicastClusterMac, type Ip, type Mac } from './addr';
import { assignBuckets, bucketOf, NO_OWNER, type BucketCandidate } from './buckets';
import {
  IPPROTO_TCP,
  TCP_ACK,
  TCP_FIN,
  TCP_RST,
  TCP_SYN,
  transportPorts,
  type Frame,
  type HeartbeatPayload,
} from './packets';
import type { ClusterConfig, PortRule } from '../scenario/types';
import { conflictText, convergenceCauseText } from './decisionText';
import { FloodRuns } from './floodRuns';
import { NO_ARGS } from './recorder';
import type {
  ConvergenceCause,
  ConvergenceConflict,
  DecisionArgs,
  DecisionCode,
  RuleFields,
  StaleOwner,
} from './types';
import type { World } from './world';
import { clusterNodeId, hostName, hostNodeId } from '../scenario/names';

/** How long convergence takes once started, simulated ms ("about 3 s" per Microsoft). */
export const CONVERGENCE_MS = 3000;

export interface RuleView {
  rule: PortRule;
  index: number;
  /** Bucket owners (host index) for multiple-host rules; single-host rules: every bucket has the one handler. */
  owners: Int16Array;
  /** The rule's VIP parsed once (null = all VIPs): rules are matched for every packet. */
  vip: Ip | null;
}

function ruleVip(rule: PortRule): Ip | null {
  return rule.vip === 'all' ? null : ipOrThrow(rule.vip);
}

/** A rule's fields as a decision carries them (a copy: rules can change live). */
function ruleFields(rule: PortRule): RuleFields {
  return {
    vip: rule.vip,
    startPort: rule.startPort,
    endPort: rule.endPort,
    protocol: rule.protocol,
    filtering: rule.filtering,
  };
}

/** Whether two conflicts are the same one (so it is recorded once, not on every retry). */
function sameConflict(a: ConvergenceConflict | null, b: ConvergenceConflict | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === 'priority'
    ? b.kind === 'priority' && a.first === b.first && a.second === b.second && a.priority === b.priority
    : b.kind === 'rules' && a.host === b.host && a.first === b.first && a.rule === b.rule;
}

/** A digest of a rule set, as carried in heartbeats so hosts can see they disagree. */
export function rulesDigest(rules: PortRule[]): number {
  let h = 17;
  for (const ch of JSON.stringify(rules)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h >>> 0;
}

/** What every host computes the same way for one frame: rule, bucket, owner, descriptor holder. */
interface Classification {
  frameId: number;
  view: RuleView | undefined;
  bucket: number;
  /** Host that should take it by rule and bucket (NO_OWNER: none). */
  owner: number;
  /** Host holding a descriptor for this connection (NO_OWNER: none). */
  holder: number;
  isSyn: boolean;
  /** Client port as NLB reads it: 0 for a later fragment, which carries no transport header. */
  srcPort: number;
  /** A later fragment of a datagram: no ports to read (KB Q229064). */
  portless: boolean;
  /** The one host that may accept it: the descriptor holder, else the owner (NO_OWNER: none). */
  taker: number;
  /** The verdict of every other host, all of which drop it (see NlbDriver.filterVip). */
  othersCode: VerdictCode;
}

/** A host as the cluster sees it (implemented by ClusterHost). */
export interface ClusterMember {
  readonly name: string;
  readonly hostIndex: number;
  /** Up, NLB running and cable plugged in: it would take part in convergence. */
  readonly reachable: boolean;
  readonly nlb: NlbDriver;
}

export class NlbCluster {
  readonly vip: Ip;
  /** Each host's dedicated IP, by host index (a host's address never changes in a run). */
  readonly dips: Ip[];
  readonly name: string;
  /** The MAC hosts put on the wire for the VIP (ARP answers), per mode. */
  readonly clusterMac: Mac;
  readonly members: ClusterMember[] = [];
  /** Host indexes in the converged membership (owners of buckets). */
  membership: number[] = [];
  rules: RuleView[] = [];
  converging = false;
  /**
   * Hosts that are up but not accepted into the cluster, and why (port rules that differ from the
   * others', a host priority another host has): NLB keeps them out and converges without them
   * (Q198496), so one misconfigured host never takes the cluster down.
   */
  keptOut = new Map<number, ConvergenceConflict>();
  /** Simulated ms: when the last convergence completed / when the current one will. */
  convergedAt = 0;
  convergenceEndsAt = 0;
  private convergenceToken = 0;
  /** When each host's latest heartbeat went out on the wire, simulated ms. */
  private readonly lastBeat: number[];
  /** Connection descriptors: client IP and port -> host index holding the connection. */
  readonly descriptors = new AddressPortMap<number>();
  readonly descriptorCount: number[];
  private cached: Classification = {
    frameId: -1,
    view: undefined,
    bucket: 0,
    owner: NO_OWNER,
    holder: NO_OWNER,
    isSyn: false,
    srcPort: 0,
    portless: false,
    taker: NO_OWNER,
    othersCode: 'nlb.dropBucket',
  };
  /**
   * A frame to the cluster MAC that a host of this cluster filtered at counters detail, and the
   * event it arrived in (World.eventsProcessed): the other hosts it was flooded to in that same
   * event may drop it through ClusterHost.receiveFlooded's short path, since nothing of the frame that
   * their checks read changes between them.
   */
  floodFrame: Frame | null = null;
  floodEvent = -1;
  /** That frame's classification's taker and others' verdict, copied (classify caches one frame only). */
  floodTaker = NO_OWNER;
  floodOthersCode: VerdictCode = 'nlb.dropBucket';
  /** Where, in a flood's far ends, the hosts lie that drop `floodFrame` as the others do. */
  readonly floodRuns = new FloodRuns();
  /**
   * Bumped whenever a member crashes or restarts, or NLB stops or starts on it: `floodRuns`, worked
   * out from those states, is worked out again.
   */
  memberStates = 0;
  /** How many times convergence completed (for tests and the log). */
  convergences = 0;

  constructor(
    private readonly world: World,
    readonly config: ClusterConfig,
  ) {
    this.vip = ipOrThrow(config.vip);
    this.dips = config.hosts.map((h) => ipOrThrow(h.dip));
    this.name = `Cluster ${config.id}`;
    this.clusterMac =
      config.mode === 'unicast'
        ? unicastClusterMac(this.vip)
        : config.mode === 'multicast'
          ? multicastClusterMac(this.vip)
          : igmpClusterMac(this.vip);
    this.descriptorCount = config.hosts.map(() => 0);
    this.lastBeat = config.hosts.map(() => 0);
  }

  hostName(index: number): string {
    return hostName(this.config.id, index);
  }

  private names(indexes: number[]): string {
    return indexes.length === 0 ? 'none' : indexes.map((i) => this.hostName(i)).join(', ');
  }

  rulesOf(index: number): PortRule[] {
    return this.config.hosts[index]?.portRules ?? this.config.portRules;
  }

  /** The default host: the member with the highest host priority (lowest number). */
  defaultHost(): number {
    let best = NO_OWNER;
    for (const m of this.membership) {
      if (best === NO_OWNER || this.config.hosts[m]!.priority < this.config.hosts[best]!.priority) best = m;
    }
    return best;
  }

  // ---- Convergence ---------------------------------------------------------------------------

  /** Hosts that would take part in convergence now, and of them, those that take buckets (not draining). */
  private candidates(): number[] {
    // Membership is by heartbeats only: a member that went down (a crash, a cable) stays one until
    // the others have missed its heartbeats; a host that left with wlbs stop or drainstop said so.
    const limit = this.config.aliveMsgTolerance * this.config.aliveMsgPeriodMs;
    return this.members
      .filter(
        (m) =>
          m.reachable ||
          (m.nlb.running &&
            this.membership.includes(m.hostIndex) &&
            this.world.now - this.lastBeat[m.hostIndex]! < limit),
      )
      .map((m) => m.hostIndex);
  }

  /** A host's heartbeat went out on its cable (the others can hear it): simulated ms, by host index. */
  beatSent(host: number): void {
    this.lastBeat[host] = this.world.now;
  }

  /**
   * Which of these hosts the cluster accepts, as NLB does (Q198496): a host priority must be unique,
   * so of two hosts with one priority the member keeps its place (at the start, the lower-numbered
   * host); port rules must be identical, so the rules the members have (at the start, the most
   * hosts; a tie goes to the best host priority) are the cluster's, and a host with others is kept out.
   */
  admit(hosts: number[]): { accepted: number[]; keptOut: Map<number, ConvergenceConflict> } {
    const keptOut = new Map<number, ConvergenceConflict>();
    const members = new Set(this.membership);
    const priority = (h: number) => this.config.hosts[h]!.priority;
    const order = [...hosts].sort((a, b) => Number(members.has(b)) - Number(members.has(a)) || a - b);
    const byPriority = new Map<number, number>();
    const unique: number[] = [];
    for (const h of order) {
      const other = byPriority.get(priority(h));
      if (other !== undefined) {
        keptOut.set(h, { kind: 'priority', first: other, second: h, priority: priority(h) });
        continue;
      }
      byPriority.set(priority(h), h);
      unique.push(h);
    }
    const digestOf = new Map(unique.map((h) => [h, rulesDigest(this.rulesOf(h))]));
    const pool = unique.some((h) => members.has(h)) ? unique.filter((h) => members.has(h)) : unique;
    let chosen: number | null = null;
    let chosenCount = 0;
    let chosenBest = Infinity;
    for (const digest of new Set(pool.map((h) => digestOf.get(h)!))) {
      const holders = pool.filter((h) => digestOf.get(h) === digest);
      const best = Math.min(...holders.map(priority));
      if (holders.length > chosenCount || (holders.length === chosenCount && best < chosenBest)) {
        chosen = digest;
        chosenCount = holders.length;
        chosenBest = best;
      }
    }
    const accepted = unique.filter((h) => digestOf.get(h) === chosen).sort((a, b) => a - b);
    const reference = accepted.reduce((r, h) => (priority(h) < priority(r) ? h : r), accepted[0] ?? 0);
    for (const h of unique) {
      if (digestOf.get(h) !== chosen)
        keptOut.set(h, {
          kind: 'rules',
          host: h,
          first: reference,
          rule: this.firstDifferingRule(h, reference),
        });
    }
    return { accepted, keptOut };
  }

  /** The 1-based number of the first port rule where two hosts differ (one past the shorter list when only the count does). */
  private firstDifferingRule(a: number, b: number): number {
    const ra = this.rulesOf(a);
    const rb = this.rulesOf(b);
    for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
      if (JSON.stringify(ra[i]) !== JSON.stringify(rb[i])) return i + 1;
    }
    return 0;
  }

  /** The hosts kept out and why, in words (the cluster's stats show it), or null when none is. */
  conflictText(): string | null {
    if (this.keptOut.size === 0) return null;
    return [...this.keptOut.values()].map((c) => conflictText(this.config.id, c)).join('; ');
  }

  /** Records which hosts are kept out now: each one newly kept out (or for a new reason) is said once. */
  private keepOut(keptOut: Map<number, ConvergenceConflict>): void {
    for (const [host, conflict] of keptOut) {
      if (sameConflict(conflict, this.keptOut.get(host) ?? null)) continue;
      this.world.mark(
        'conflict',
        `${this.name}: ${this.hostName(host)} is kept out: ${conflictText(this.config.id, conflict)}`,
      );
      this.world.recorder.decide(this.world.now, clusterNodeId(this.config.id), 'nlb.keptOut', 0, 0, {
        host,
        conflict,
      });
    }
    this.keptOut = keptOut;
  }

  /** Converge at once (time zero: the cluster starts converged, without any host it must keep out). */
  initialise(): void {
    const { accepted, keptOut } = this.admit(this.candidates());
    this.keepOut(keptOut);
    this.complete(accepted, false);
  }

  /** Start (or restart) convergence; the old bucket map keeps serving until it completes. */
  startConvergence(cause: ConvergenceCause, node: string): void {
    const token = ++this.convergenceToken;
    const wasConverging = this.converging;
    this.converging = true;
    this.world.mark('convergence', `${this.name} converging: ${convergenceCauseText(this.config.id, cause)}`);
    this.convergenceEndsAt = this.world.now + CONVERGENCE_MS;
    this.world.recorder.decide(this.world.now, node, 'nlb.convergenceStart', 0, 0, {
      cause,
      restart: wasConverging,
      ms: CONVERGENCE_MS,
    });
    this.world.schedule(CONVERGENCE_MS, this, 'onConvergenceTimer', token);
  }

  /** Convergence's time is up: it ends, unless a newer one restarted it (run by the event queue). */
  onConvergenceTimer(token: number): void {
    if (token === this.convergenceToken) this.finish();
  }

  private finish(): void {
    const { accepted, keptOut } = this.admit(this.candidates());
    this.keepOut(keptOut);
    this.complete(accepted, true);
  }

  private complete(hosts: number[], announce: boolean): void {
    const previous = this.rules;
    const owners = hosts.filter((h) => !this.members[h]?.nlb.draining);
    this.membership = owners.sort((a, b) => a - b);
    const bucketCount = this.config.bucketCount;
    this.rules = this.config.portRules.map((rule, index) => {
      let map: Int16Array;
      if (rule.filtering === 'multiple') {
        const cands: BucketCandidate[] = this.membership.map((m) => ({
          host: m,
          weight: rule.equalLoad ? 1 : this.config.hosts[m]!.loadWeight,
          priority: this.config.hosts[m]!.priority,
        }));
        map = assignBuckets(cands, bucketCount, previous[index]?.owners);
      } else if (rule.filtering === 'single') {
        let best = NO_OWNER;
        for (const m of this.membership) {
          const hp = this.config.hosts[m]!.handlingPriority;
          if (best === NO_OWNER || hp < this.config.hosts[best]!.handlingPriority) best = m;
        }
        map = new Int16Array(bucketCount).fill(best);
      } else map = new Int16Array(bucketCount).fill(NO_OWNER);
      return { rule, index, owners: map, vip: ruleVip(rule) };
    });
    this.converging = false;
    this.convergedAt = this.world.now;
    // New maps: no frame's classification carries over (nor the short path's copy of one).
    this.cached.frameId = -1;
    this.floodFrame = null;
    if (!announce) return;
    this.convergences++;
    this.world.mark('converged', `${this.name} converged: ${this.names(this.membership)}`);
    let moved = 0;
    const firstOld = previous[0]?.owners;
    const firstNew = this.rules[0]?.owners;
    if (firstOld && firstNew) for (let b = 0; b < bucketCount; b++) if (firstOld[b] !== firstNew[b]) moved++;
    this.world.recorder.decide(this.world.now, clusterNodeId(this.config.id), 'nlb.converged', 0, 0, {
      members: this.membership.slice(),
      defaultHost: this.defaultHost(),
      moved,
      bucketCount,
    });
    for (const m of this.members) {
      if (this.membership.includes(m.hostIndex)) m.nlb.joining = false;
      m.nlb.afterConvergence();
    }
  }

  // ---- Heartbeats ----------------------------------------------------------------------------

  heartbeat(from: number): HeartbeatPayload {
    const host = this.config.hosts[from]!;
    const def = this.defaultHost();
    return {
      clusterVip: this.vip,
      dedicatedIp: this.dips[from]!,
      hostPriority: host.priority,
      defaultHostPriority: def === NO_OWNER ? 0 : this.config.hosts[def]!.priority,
      // A host that has just (re)started NLB says it is converging: the others converge with it.
      converging: this.converging || (this.members[from]?.nlb.joining ?? false),
      ruleCount: this.rulesOf(from).length,
      rulesDigest: rulesDigest(this.rulesOf(from)),
      currentMaps: this.rules.map((view) => {
        let map = 0n;
        for (let b = 0; b < view.owners.length && b < 64; b++)
          if (view.owners[b] === from) map |= 1n << BigInt(b);
        return map;
      }),
      loadWeights: this.rules.map((view) => (view.rule.equalLoad ? 100 : host.loadWeight)),
    };
  }

  // ---- Classifying a VIP frame ---------------------------------------------------------------

  /** The same computation every host makes for a frame, done once per frame. */
  classify(frame: Frame): Classification {
    if (this.cached.frameId === frame.id) return this.cached;
    const packet = frame.ip!;
    const seg = packet.tcp;
    // UDP is balanced per datagram: no descriptors. A later fragment of a datagram has no UDP header,
    // so NLB cannot read its ports; the app reads them as 0 (how NLB picks is not documented: illustrative).
    const ports = transportPorts(packet);
    const srcPort = ports?.srcPort ?? 0;
    const isSyn = seg !== undefined && (seg.flags & TCP_SYN) !== 0 && (seg.flags & TCP_ACK) === 0;
    const holder =
      seg === undefined || isSyn
        ? NO_OWNER
        : (this.descriptors.get(packet.src, srcPort) ?? NO_OWNER);
    const view = this.findRule(packet.dst, ports?.dstPort ?? 0, packet.protocol);
    let bucket = 0;
    let owner = NO_OWNER;
    if (!view) owner = this.defaultHost();
    else if (view.rule.filtering === 'multiple') {
      bucket = bucketOf(packet.src, srcPort, view.rule.affinity, this.config.bucketCount);
      owner = view.owners[bucket]!;
    } else if (view.rule.filtering === 'single') owner = view.owners[0]!;
    const c = this.cached;
    c.frameId = frame.id;
    c.view = view;
    c.bucket = bucket;
    c.owner = owner;
    c.holder = holder;
    c.isSyn = isSyn;
    c.srcPort = srcPort;
    c.portless = ports === null;
    c.taker = holder !== NO_OWNER ? holder : owner;
    // What filterVip says on any host but the taker (one that is not the owner cannot be draining's case).
    c.othersCode =
      holder !== NO_OWNER
        ? 'nlb.dropDescriptor'
        : !view
          ? 'nlb.dropDefault'
          : view.rule.filtering === 'disabled'
            ? 'nlb.dropDisabled'
            : view.rule.filtering === 'single'
              ? 'nlb.dropSingle'
              : 'nlb.dropBucket';
    return c;
  }

  /** The port rule covering a packet: a rule for this VIP wins over an all-VIP rule. */
  findRule(dstIp: Ip, port: number, protocol: number): RuleView | undefined {
    let allVip: RuleView | undefined;
    const proto = protocol === IPPROTO_TCP ? 'tcp' : 'udp';
    for (const view of this.rules) {
      const r = view.rule;
      if (port < r.startPort || port > r.endPort) continue;
      if (r.protocol !== 'both' && r.protocol !== proto) continue;
      if (view.vip === null) allVip ??= view;
      else if (view.vip === dstIp) return view;
    }
    return allVip;
  }

  /** Host `host` holds the connection from `clientIp`:`clientPort` (the VIP side is this cluster's). */
  addDescriptor(clientIp: Ip, clientPort: number, host: number): void {
    const old = this.descriptors.get(clientIp, clientPort);
    if (old === host) return;
    if (old !== undefined) this.descriptorCount[old]!--;
    this.descriptors.set(clientIp, clientPort, host);
    this.descriptorCount[host]!++;
  }

  removeDescriptor(clientIp: Ip, clientPort: number): void {
    const old = this.descriptors.get(clientIp, clientPort);
    if (old === undefined) return;
    this.descriptors.delete(clientIp, clientPort);
    this.descriptorCount[old]!--;
    this.members[old]?.nlb.descriptorReleased();
  }

  /** A host went away or stopped: its connections are lost. */
  dropDescriptorsOf(host: number): number {
    const n = this.descriptors.deleteWhere((holder) => holder === host);
    this.descriptorCount[host] = 0;
    return n;
  }
}

/** NLB's accept-or-drop verdicts on a VIP frame, and whether each passes the frame up. */
const VERDICT_ACCEPTS = {
  'nlb.acceptDescriptor': true,
  'nlb.dropDescriptor': false,
  'nlb.acceptDefault': true,
  'nlb.dropDefault': false,
  'nlb.dropDisabled': false,
  'nlb.acceptSingle': true,
  'nlb.dropSingle': false,
  'nlb.acceptBucket': true,
  'nlb.dropBucket': false,
  'nlb.dropDraining': false,
} as const satisfies Partial<Record<DecisionCode, boolean>>;

export type VerdictCode = keyof typeof VERDICT_ACCEPTS;

export type FilterVerdict = {
  [C in VerdictCode]: {
    accept: boolean;
    /** What kind of verdict (always set, so it is counted the same at any detail). */
    code: C;
    /** Its numbers (built only when asked). */
    args: DecisionArgs<C> | undefined;
  };
}[VerdictCode];

/**
 * Verdicts without their numbers, shared: a bulk run asks for millions and keeps none. Frozen, and
 * looked up by a constant code at each call (see filterVip), so the lookup folds away when compiled.
 */
const QUIET_VERDICTS = Object.freeze(
  Object.fromEntries(
    Object.entries(VERDICT_ACCEPTS).map(([code, accept]) => [
      code,
      Object.freeze({ accept, code, args: undefined }),
    ]),
  ),
) as unknown as { readonly [C in VerdictCode]: FilterVerdict };

/** A verdict; with its numbers when they were asked for. */
function verdict<C extends VerdictCode>(code: C, args: DecisionArgs<C> | undefined): FilterVerdict {
  return args === undefined
    ? QUIET_VERDICTS[code]
    : ({ accept: VERDICT_ACCEPTS[code], code, args } as FilterVerdict);
}

/** The NLB driver on one host. */
export class NlbDriver {
  private isRunning = true;
  /** Drainstop: takes no new connections, serves the ones it has, then stops. */
  draining = false;
  /** Simulated ms when this host last heard each other host's heartbeat. */
  readonly lastHeard: number[];
  /** Set when this host, cut off, has concluded it is alone (its own cluster of one). */
  alone = false;
  /**
   * Set when NLB (re)starts on this host (a restart, wlbs start) until a convergence has included
   * it: its heartbeats say it is converging, so the others converge with it even if they never
   * noticed it was gone.
   */
  joining = false;

  constructor(
    private readonly world: World,
    readonly cluster: NlbCluster,
    readonly hostIndex: number,
    private readonly hostName: string,
    /** Told when a drainstop's last connection has finished. */
    private readonly host: { drained(): void },
  ) {
    this.lastHeard = cluster.config.hosts.map(() => 0);
  }

  /** NLB runs on the host (wlbs start, stop); a change is counted in NlbCluster.memberStates. */
  get running(): boolean {
    return this.isRunning;
  }

  set running(running: boolean) {
    if (running === this.isRunning) return;
    this.isRunning = running;
    this.cluster.memberStates++;
  }

  /** Forget who was heard when (a restart): silence is counted from now, not from before. */
  resetHeard(now: number): void {
    this.lastHeard.fill(now);
    this.alone = false;
  }

  /** Decide whether this host takes an IPv4 frame addressed to the cluster VIP, and why. */
  filterVip(frame: Frame, explain: boolean): FilterVerdict {
    const cluster = this.cluster;
    const me = this.hostIndex;
    const c = cluster.classify(frame);
    const packet = frame.ip!;
    const seg = packet.tcp;

    if (c.holder !== NO_OWNER) {
      const accept = c.holder === me;
      if (accept && seg && seg.flags & (TCP_FIN | TCP_RST))
        cluster.removeDescriptor(packet.src, c.srcPort);
      if (!explain)
        return accept ? QUIET_VERDICTS['nlb.acceptDescriptor'] : QUIET_VERDICTS['nlb.dropDescriptor'];
      return accept
        ? verdict('nlb.acceptDescriptor', NO_ARGS)
        : verdict('nlb.dropDescriptor', { holder: c.holder });
    }

    const view = c.view;
    const accept = c.owner === me && !(this.draining && c.isSyn);
    if (accept && c.isSyn) cluster.addDescriptor(packet.src, c.srcPort, me);

    if (this.draining && c.isSyn && c.owner === me)
      return verdict('nlb.dropDraining', explain ? NO_ARGS : undefined);
    if (!view) {
      const args = explain ? { port: transportPorts(packet)?.dstPort ?? 0, owner: c.owner } : undefined;
      return accept ? verdict('nlb.acceptDefault', args) : verdict('nlb.dropDefault', args);
    }
    if (view.rule.filtering === 'disabled') {
      return verdict('nlb.dropDisabled', explain ? { rule: ruleFields(view.rule) } : undefined);
    }
    if (view.rule.filtering === 'single') {
      const args = explain ? { rule: ruleFields(view.rule), owner: c.owner } : undefined;
      return accept ? verdict('nlb.acceptSingle', args) : verdict('nlb.dropSingle', args);
    }
    // The common case of a bulk run, with nothing built: every host but one drops a new flow's frame.
    if (!explain) return accept ? QUIET_VERDICTS['nlb.acceptBucket'] : QUIET_VERDICTS['nlb.dropBucket'];
    const stale: StaleOwner =
      c.owner !== NO_OWNER && !cluster.members[c.owner]!.reachable
        ? cluster.converging
          ? 'converging'
          : 'unnoticed'
        : null;
    const args: DecisionArgs<'nlb.acceptBucket'> = {
      syn: c.isSyn,
      udp: seg === undefined,
      portless: c.portless,
      src: packet.src,
      srcPort: c.srcPort,
      affinity: view.rule.affinity,
      bucket: c.bucket,
      bucketCount: cluster.config.bucketCount,
      owner: c.owner,
      stale,
    };
    return accept ? verdict('nlb.acceptBucket', args) : verdict('nlb.dropBucket', args);
  }

  descriptorReleased(): void {
    if (this.draining && this.cluster.descriptorCount[this.hostIndex] === 0) this.host.drained();
  }

  afterConvergence(): void {
    this.alone = false;
    this.descriptorReleased();
  }

  /** A heartbeat from another host of this cluster arrived. */
  heard(from: number): void {
    const world = this.world;
    this.lastHeard[from] = world.now;
    this.alone = false;
    const cluster = this.cluster;
    const sender = cluster.members[from];
    if (!sender || !this.running) return;
    if (
      (!cluster.membership.includes(from) || sender.nlb.joining) &&
      !sender.nlb.draining &&
      !cluster.converging &&
      !cluster.keptOut.has(from)
    ) {
      cluster.startConvergence(
        { why: 'newMember', host: this.hostIndex, heard: from },
        hostNodeId(cluster.config.id, this.hostIndex),
      );
    }
  }

  /** Run on this host's own heartbeat timer: has any member gone silent? */
  checkPeers(nodeId: string): void {
    const cluster = this.cluster;
    const world = this.world;
    const period = cluster.config.aliveMsgPeriodMs;
    const tolerance = cluster.config.aliveMsgTolerance;
    const limit = tolerance * period;
    const others = cluster.membership.filter((m) => m !== this.hostIndex);
    if (others.length === 0) return;
    const silent = others.filter((m) => world.now - this.lastHeard[m]! >= limit);
    if (silent.length === 0) return;
    if (!cluster.members[this.hostIndex]!.reachable) {
      // This host is cut off: it cannot tell the others anything, so it declares nobody gone for
      // the cluster; once it hears nobody at all, it carries on as a cluster of one.
      if (silent.length === others.length && !this.alone) {
        this.alone = true;
        world.recorder.decide(world.now, nodeId, 'nlb.alone', 0, 0, { tolerance });
      }
      return;
    }
    if (cluster.converging) return;
    cluster.startConvergence(
      { why: 'missedHeartbeats', host: this.hostIndex, tolerance, limitMs: limit, gone: silent },
      nodeId,
    );
  }
}
