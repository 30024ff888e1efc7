// NLB on the cluster: the agreed membership and bucket maps (NlbCluster), and the filter driver that
// sits between each host's NIC and its TCP/IP stack and decides, for every frame, accept or drop.
import {
  formatIp,
  formatMac,
  igmpClusterMac,
  ipOrThrow,
  multicastClusterMac,
  unicastClusterMac,
  type Ip,
  type Mac,
} from './addr';
import { assignBuckets, bucketOf, NO_OWNER, type BucketCandidate } from './buckets';
import { IPPROTO_TCP, TCP_FIN, TCP_RST, TCP_SYN, TCP_ACK, type Frame } from './packets';
import type { ClusterConfig, PortRule } from '../scenario/types';

const AFFINITY_WORDS = {
  none: 'affinity None hashes client IP and port',
  single: 'affinity Single hashes the client IP',
  network: "affinity Network hashes the client's /24",
} as const;

export interface RuleView {
  rule: PortRule;
  index: number;
  /** Bucket owners (host index) for multiple-host rules; for single-host rules every bucket has the one handler. */
  owners: Int16Array;
}

/** The state every member agrees on after convergence. */
export class NlbCluster {
  readonly vip: Ip;
  readonly name: string;
  /** The MAC hosts put on the wire for the VIP (ARP answers), per mode. */
  readonly clusterMac: Mac;
  /** Host indexes currently in the converged membership. */
  members: number[] = [];
  rules: RuleView[] = [];
  /** Simulated ms of the last completed convergence. */
  convergedAt = 0;
  converging = false;

  constructor(readonly config: ClusterConfig) {
    this.vip = ipOrThrow(config.vip);
    this.name = `Cluster ${config.id}`;
    this.clusterMac =
      config.mode === 'unicast'
        ? unicastClusterMac(this.vip)
        : config.mode === 'multicast'
          ? multicastClusterMac(this.vip)
          : igmpClusterMac(this.vip);
  }

  hostName(index: number): string {
    return this.config.id === 'A' ? `Host ${index + 1}` : `Host B${index + 1}`;
  }

  /** The default host: the member with the highest host priority (lowest number). */
  defaultHost(): number {
    let best = NO_OWNER;
    for (const m of this.members) {
      if (best === NO_OWNER || this.config.hosts[m]!.priority < this.config.hosts[best]!.priority) best = m;
    }
    return best;
  }

  /** Recompute every rule's owners for the given membership, moving as few buckets as possible. */
  converge(members: number[], now: number): void {
    const previous = this.rules;
    this.members = [...members].sort((a, b) => a - b);
    const bucketCount = this.config.bucketCount;
    this.rules = this.config.portRules.map((rule, index) => {
      let owners: Int16Array;
      if (rule.filtering === 'multiple') {
        const candidates: BucketCandidate[] = this.members.map((m) => ({
          host: m,
          weight: rule.equalLoad ? 1 : this.config.hosts[m]!.loadWeight,
          priority: this.config.hosts[m]!.priority,
        }));
        owners = assignBuckets(candidates, bucketCount, previous[index]?.owners);
      } else if (rule.filtering === 'single') {
        let best = NO_OWNER;
        for (const m of this.members) {
          const hp = this.config.hosts[m]!.handlingPriority;
          if (best === NO_OWNER || hp < this.config.hosts[best]!.handlingPriority) best = m;
        }
        owners = new Int16Array(bucketCount).fill(best);
      } else owners = new Int16Array(bucketCount).fill(NO_OWNER);
      return { rule, index, owners };
    });
    this.convergedAt = now;
    this.converging = false;
  }

  /** The port rule covering a packet: a rule for this VIP wins over an all-VIP rule. */
  findRule(dstIp: Ip, port: number, protocol: number): RuleView | undefined {
    let allVip: RuleView | undefined;
    const proto = protocol === IPPROTO_TCP ? 'tcp' : 'udp';
    for (const view of this.rules) {
      const r = view.rule;
      if (port < r.startPort || port > r.endPort) continue;
      if (r.protocol !== 'both' && r.protocol !== proto) continue;
      if (r.vip === 'all') allVip ??= view;
      else if (ipOrThrow(r.vip) === dstIp) return view;
    }
    return allVip;
  }
}

export function describeRule(rule: PortRule): string {
  const vip = rule.vip === 'all' ? 'all VIPs' : rule.vip;
  const mode = rule.filtering === 'multiple' ? 'Multiple hosts' : rule.filtering === 'single' ? 'Single host' : 'Disabled';
  return `port rule ${rule.startPort}-${rule.endPort}/${rule.protocol.toUpperCase()} on ${vip} (${mode})`;
}

export interface FilterVerdict {
  accept: boolean;
  /** Why, in words (built only when asked). */
  reason?: string;
}

/** The NLB driver on one host: inbound filtering for the VIP, connection descriptors. */
export class NlbDriver {
  running = true;
  /** TCP connections this host accepted (NLB tracks them so they stay here when buckets move). */
  readonly descriptors = new Set<string>();

  constructor(
    readonly cluster: NlbCluster,
    readonly hostIndex: number,
    private readonly hostName: string,
  ) {}

  /** Decide whether this host takes an IPv4 frame addressed to the cluster VIP. */
  filterVip(frame: Frame, explain: boolean): FilterVerdict {
    const packet = frame.ip!;
    const seg = packet.tcp;
    const cluster = this.cluster;
    const me = this.hostIndex;
    const key = `${packet.src}:${seg.srcPort}>${packet.dst}:${seg.dstPort}`;
    const isSyn = (seg.flags & TCP_SYN) !== 0 && (seg.flags & TCP_ACK) === 0;
    const who = `${this.hostName} NLB`;

    if (!isSyn && this.descriptors.has(key)) {
      if (seg.flags & (TCP_FIN | TCP_RST)) this.descriptors.delete(key);
      return {
        accept: true,
        reason: explain ? `${who}: this host holds the connection's descriptor -> accepted (connections stay with their host)` : undefined,
      };
    }

    const view = cluster.findRule(packet.dst, seg.dstPort, packet.protocol);
    if (!view) {
      const def = cluster.defaultHost();
      const accept = def === me;
      return {
        accept,
        reason: explain
          ? `${who}: no port rule covers port ${seg.dstPort} -> the default host (${cluster.hostName(def)}, the best host priority) ` +
            (accept ? 'is this host -> accepted' : 'takes it -> dropped here')
          : undefined,
      };
    }
    const rule = view.rule;
    if (rule.filtering === 'disabled') {
      return { accept: false, reason: explain ? `${who}: ${describeRule(rule)} blocks this traffic on every host -> dropped` : undefined };
    }
    const bucket =
      rule.filtering === 'multiple' ? bucketOf(packet.src, seg.srcPort, rule.affinity, cluster.config.bucketCount) : 0;
    const owner = view.owners[bucket]!;
    const accept = owner === me;
    if (accept && isSyn) this.descriptors.add(key);
    if (!explain) return { accept };
    const ownerName = owner === NO_OWNER ? 'no host' : cluster.hostName(owner);
    let reason: string;
    if (rule.filtering === 'single') {
      reason = `${who}: ${describeRule(rule)}: ${ownerName} has the best handling priority -> ` +
        (accept ? 'accepted' : 'dropped here');
    } else {
      reason =
        `${who}: ${isSyn ? 'SYN' : 'packet'} from ${formatIp(packet.src)}:${seg.srcPort} (${AFFINITY_WORDS[rule.affinity]}) ` +
        `falls in bucket ${bucket} of ${cluster.config.bucketCount}, owned by ${ownerName} -> ` +
        (accept ? 'accepted and passed up to TCP/IP' : 'dropped here');
    }
    return { accept, reason };
  }

  describeMac(): string {
    return formatMac(this.cluster.clusterMac);
  }
}
