// Words for the engine's decisions: turns a decision's code and numbers into the sentence a trainee
// reads (log, caption, inspector, exports). Pure; the engine records data, words are made only here.
import { formatIp, formatMac } from './addr';
import { NO_OWNER } from './buckets';
import { describeTcpFlags } from './packets';
import { describeChange } from '../scenario/changeText';
import type { Affinity, ClusterId, PortRule } from '../scenario/types';
import type {
  ConvergenceCause,
  ConvergenceConflict,
  DatagramPiece,
  Decision,
  DecisionArgsByCode,
  DecisionCode,
  Endpoints,
  FloodKind,
  NatKind,
  NodeId,
  RuleFields,
  StaleOwner,
} from './types';
import { hostName, nodeName } from '../scenario/names';
import { BALANCER_NAMES, type VipBinding } from './balancerKinds';

/** How long convergence takes is said in seconds. */
const seconds = (ms: number) => ms / 1000;

export { hostName, nodeName } from '../scenario/names';

/** The cluster a host or cluster node belongs to (`A2` -> `A`, `clusterB` -> `B`), or null. */
export function clusterOf(id: NodeId): ClusterId | null {
  const m = /^(?:cluster)?([A-Z])\d*$/.exec(id);
  return m ? (m[1] as ClusterId) : null;
}

/** `ICMP echo request` (type 8) or `ICMP echo reply` (type 0): what ping sends and answers. */
function echoWords(type: number): string {
  return `ICMP echo ${type === 8 ? 'request' : 'reply'}`;
}

/** `UDP datagram (520 bytes)`, `UDP fragment 2 of a 3,008-byte datagram (bytes 1480-2959)`. */
function datagramWords(p: DatagramPiece): string {
  if (p.offset === 0 && !p.more) return `UDP datagram (${p.bytes} bytes)`;
  const which = p.offset === 0 ? 'first fragment' : p.more ? 'fragment' : 'last fragment';
  return `UDP ${which} (bytes ${p.offset}-${p.offset + p.length - 1} of a ${p.bytes}-byte datagram)`;
}

/** `port rule 80-80/TCP on all VIPs (Multiple hosts)`. */
export function describeRule(rule: RuleFields | PortRule): string {
  const vip = rule.vip === 'all' ? 'all VIPs' : rule.vip;
  const mode =
    rule.filtering === 'multiple'
      ? 'Multiple hosts'
      : rule.filtering === 'single'
        ? 'Single host'
        : 'Disabled';
  return `port rule ${rule.startPort}-${rule.endPort}/${rule.protocol.toUpperCase()} on ${vip} (${mode})`;
}

const AFFINITY_WORDS: Record<Affinity, string> = {
  none: 'affinity None hashes client IP and port',
  single: 'affinity Single hashes the client IP',
  network: "affinity Network hashes the client's /24",
};

/** Why a cluster cannot converge, in words (host indexes of `cluster`). */
export function conflictText(cluster: ClusterId | string, c: ConvergenceConflict): string {
  return c.kind === 'priority'
    ? `${hostName(cluster, c.first)} and ${hostName(cluster, c.second)} both have host priority ${c.priority} ` +
        `(priorities must be unique)`
    : `${hostName(cluster, c.host)}'s port rules differ from ${hostName(cluster, c.first)}'s` +
        (c.rule > 0 ? ` at rule ${c.rule}` : '') +
        ` (rules must be identical on every host)`;
}

/** What started a convergence, in words (host indexes of `cluster`). */
export function convergenceCauseText(cluster: ClusterId | string, cause: ConvergenceCause): string {
  switch (cause.why) {
    case 'change':
      return describeChange(cause.change);
    case 'stopNlb':
      return `${hostName(cluster, cause.host)} stopped NLB`;
    case 'drainstop':
      return `${hostName(cluster, cause.host)} is draining`;
    case 'newMember':
      return (
        `${hostName(cluster, cause.host)} hears a heartbeat from ${hostName(cluster, cause.heard)}, ` +
        `which is not a member`
      );
    case 'missedHeartbeats':
      return (
        `${hostName(cluster, cause.host)} missed ${cause.tolerance} heartbeats in a row (${cause.limitMs} ms) ` +
        `from ${cause.gone.map((g) => hostName(cluster, g)).join(', ')}, declared gone`
      );
  }
}

function members(cluster: ClusterId | string, indexes: readonly number[]): string {
  return indexes.length === 0 ? 'none' : indexes.map((i) => hostName(cluster, i)).join(', ');
}

function ownerName(cluster: ClusterId | string, owner: number): string {
  return owner === NO_OWNER ? 'no host' : hostName(cluster, owner);
}

function verdictWords(accept: boolean): string {
  return accept ? 'accepted and passed up to TCP/IP' : 'dropped here';
}

const STALE_WORDS: Record<Exclude<StaleOwner, null>, string> = {
  converging: ' (declared gone; convergence has not finished, so nobody else takes its buckets yet)',
  unnoticed: ' (down, but the others have not missed enough heartbeats to notice)',
};

function floodWhy(kind: FloodKind, mac: number): string {
  switch (kind) {
    case 'broadcast':
      return 'broadcast';
    case 'ipMulticast':
      return `IP multicast ${formatMac(mac)}, and this switch does no IGMP snooping (one that did would send it only to the ports whose hosts joined the group)`;
    case 'unregisteredMulticast':
      return `IP multicast ${formatMac(mac)}, and IGMP snooping has learned no member port for it yet (a snooping switch floods a group nobody has reported)`;
    case 'multicast':
      return `multicast ${formatMac(mac)}`;
    case 'unknownUnicast':
      return `${formatMac(mac)} is not in the MAC table (unknown unicast)`;
  }
}

function portName(port: number, node: NodeId | null): string {
  return node === null ? `port ${port}` : `port ${port} (${nodeName(node)})`;
}

type Template<C extends DecisionCode> = (
  args: DecisionArgsByCode[C],
  name: string,
  d: Decision & { code: C },
) => string;

/** One sentence per kind of decision; `name` is the deciding node's name. */
const TEMPLATES: { [C in DecisionCode]: Template<C> } = {
  'client.open': (a, _name, d) => {
    const where = clusterOf(d.node) ? `the client on ${nodeName(d.node)}` : nodeName(d.node);
    const target =
      a.target === 'outside'
        ? "a server outside the cluster, on Client 1's network"
        : a.target === 'vip'
          ? `Cluster ${a.cluster} VIP`
          : `${hostName(a.cluster ?? 'A', a.hostIndex)} dedicated IP`;
    return a.udp
      ? `Query ${d.connId}: ${where} sends a UDP query from ${formatIp(a.src)}:${a.srcPort} to ` +
          `${formatIp(a.dst)}:${a.dstPort} (${target}); UDP is balanced datagram by datagram`
      : `Connection ${d.connId}: ${where} connects from ${formatIp(a.src)}:${a.srcPort} to ` +
          `${formatIp(a.dst)}:${a.dstPort} (${target})`;
  },
  'stack.loopback': (a, name) => {
    const what =
      a.echo !== undefined
        ? echoWords(a.echo)
        : a.datagram
          ? datagramWords(a.datagram)
          : describeTcpFlags(a.flags);
    if (!a.binding)
      return (
        `${name} TCP/IP: ${formatIp(a.dst)} is one of ${name}'s own addresses -> ${what} looped back inside ${name}; ` +
        `it never reaches the NIC, the NLB driver or the wire (KB Q247768)`
      );
    return (
      `${name} TCP/IP: ${formatIp(a.dst)} is a local address here (${BINDING_WORDS[a.binding]}) -> ${what} ` +
      `looped back inside ${name}; it never reaches the NIC, the wire or the load balancer`
    );
  },
  'stack.send': (a, name) =>
    a.echo !== undefined
      ? `${name} sends ${echoWords(a.echo)} ${formatIp(a.src)} -> ${formatIp(a.dst)} to MAC ${formatMac(a.dstMac)}`
      : a.datagram && a.datagram.offset > 0
        ? `${name} sends ${datagramWords(a.datagram)} ${formatIp(a.src)} -> ${formatIp(a.dst)} ` +
          `(no UDP header, so no ports) to MAC ${formatMac(a.dstMac)}`
        : `${name} sends ${a.datagram ? datagramWords(a.datagram) : describeTcpFlags(a.flags)} ` +
          `${formatIp(a.src)}:${a.srcPort} -> ${formatIp(a.dst)}:${a.dstPort} to MAC ${formatMac(a.dstMac)}`,
  'ip.fragment': (a, name) =>
    `${name} IPv4: the ${a.bytes}-byte datagram does not fit one ${a.mtu}-byte frame -> split into ` +
    `${a.fragments} fragments with id 0x${a.id.toString(16).padStart(4, '0')}; only the first carries the UDP header`,
  'ip.fragmentHeld': (a, name) =>
    `${name} IPv4: fragment at byte ${a.offset} of datagram 0x${a.id.toString(16).padStart(4, '0')} ` +
    `kept until the rest arrives (${a.have} piece${a.have === 1 ? '' : 's'} here so far)`,
  'ip.reassembled': (a, name) =>
    `${name} IPv4: all ${a.fragments} fragments of datagram 0x${a.id.toString(16).padStart(4, '0')} are here ` +
    `-> reassembled (${a.bytes} bytes)`,
  'ip.reassemblyTimeout': (a, name) =>
    `${name} IPv4: the rest of datagram 0x${a.id.toString(16).padStart(4, '0')} from ${formatIp(a.src)} ` +
    `never came (went to another host) -> the ${a.fragments} fragment${a.fragments === 1 ? '' : 's'} ` +
    `held for ${seconds(a.waitedMs)} s ${a.fragments === 1 ? 'is' : 'are'} thrown away`,
  'udp.serverQuery': (a, name) =>
    `${name} UDP: the server on port ${a.port} takes the ${a.bytes}-byte query from ` +
    `${formatIp(a.src)}:${a.srcPort}${a.loopback ? ' (arrived through the loopback)' : ''}`,
  'udp.noListener': (a, name) =>
    `${name} UDP: no server application is listening on port ${a.port} -> the datagram is discarded ` +
    `(Windows would answer ICMP port unreachable; not modelled)`,
  'udp.answered': (a, name, d) =>
    `${name} UDP: query ${d.connId} answered by ${formatIp(a.remote)}:${a.remotePort}`,
  'udp.noReply': (a, name, d) =>
    `${name} UDP: no answer to query ${d.connId} from ${formatIp(a.remote)}:${a.remotePort} within ` +
    `${a.waitedMs} ms -> it fails`,
  'stack.notLocal': (a, name) =>
    `${name} TCP/IP: ${formatIp(a.dst)} is not one of ${name}'s addresses and it does not ` +
    `forward packets -> dropped`,
  'arp.request': (a, name) =>
    `${name} ARP: who has ${formatIp(a.target)}? Tell ${formatIp(a.sender)} (broadcast)`,
  'arp.giveUp': (a, name) =>
    `${name} ARP: no reply for ${formatIp(a.target)} after ${a.requests} requests -> the packet is dropped`,
  'arp.reply': (a, name) =>
    `${name} ARP: ${formatIp(a.ip)} is at ${formatMac(a.mac)} (reply to ${formatIp(a.to)})`,
  'arp.learned': (a, name) =>
    `${name} ARP: learned ${formatIp(a.ip)} is at ${formatMac(a.mac)}; ` +
    `sending ${a.waiting} waiting packet(s)`,
  'arp.refuseMulticast': (a, name) =>
    `${name}: refuses the ARP reply mapping unicast ${formatIp(a.ip)} to multicast MAC ${formatMac(a.mac)} ` +
    `-> the VIP stays unresolved (NLB multicast mode needs a static ARP entry on the router)`,
  'tcp.synRetransmit': (a, name) =>
    `${name} TCP: no SYN-ACK from ${formatIp(a.remote)} within ${a.waitedMs} ms -> retransmit the SYN ` +
    `(retry ${a.retry} of ${a.maxRetries}; next wait ${a.nextWaitMs} ms)`,
  'tcp.synTimeout': (a, name) =>
    `${name} TCP: ${a.syns} SYNs to ${formatIp(a.remote)}:${a.remotePort} went unanswered -> ` +
    `the connection attempt times out`,
  'tcp.responseTimeout': (a, name) =>
    `${name} TCP: no response from ${formatIp(a.remote)}:${a.remotePort} within ` +
    `${a.timeoutMs} ms of the handshake -> the client gives up` +
    (a.serverThinkMs >= a.timeoutMs
      ? ` (the server application takes ${a.serverThinkMs} ms to answer, its think time, longer than ` +
        `the client waits)`
      : ''),
  'tcp.dataRetransmit': (a, name) =>
    `${name} TCP: the request to ${formatIp(a.remote)} is unacknowledged after ${a.waitedMs} ms -> send it ` +
    `again (retransmission ${a.retry} of ${a.maxRetries}, TcpMaxDataRetransmissions; next wait ${a.nextWaitMs} ms)`,
  'tcp.dataTimeout': (a, name) =>
    `${name} TCP: the request to ${formatIp(a.remote)}:${a.remotePort} is still unacknowledged after ` +
    `${a.retransmissions} retransmissions (${seconds(a.waitedMs)} s) -> the connection is dropped ` +
    `(the server that had it answers no more)`,
  'tcp.delayedAck': (a, name) =>
    `${name} TCP: the answer takes ${a.thinkMs} ms, so after ${a.delayMs} ms (delayed ACK) the request ` +
    `to ${formatIp(a.remote)} is acknowledged on its own`,
  'tcp.noConnection': (a, name) =>
    `${name} TCP: no connection matches ${formatIp(a.src)}:${a.srcPort} -> ` +
    `${formatIp(a.dst)}:${a.dstPort} -> answer RST`,
  'tcp.noListener': (a, name) =>
    `${name} TCP: no server application is listening on port ${a.port} -> answer RST ` +
    `(connection refused)`,
  'tcp.serverAccept': (a, name) =>
    `${name} TCP: the server on port ${a.port} accepts the SYN from ${formatIp(a.src)}:${a.srcPort}` +
    (a.loopback ? ' (arrived through the loopback)' : ''),
  'tcp.refused': (a, name) =>
    a.established
      ? `${name} TCP: ${formatIp(a.peer)} answered RST to an open connection (the host answering has no ` +
        `such connection) -> the connection is reset and fails`
      : `${name} TCP: ${formatIp(a.peer)} answered RST -> the connection is refused and fails`,
  'tcp.complete': (a, name, d) =>
    `${name} TCP: connection ${d.connId} to ${formatIp(a.remote)}:${a.remotePort} closed cleanly`,
  'nic.ownMac': (a, name) =>
    `${name} NIC: destination MAC ${formatMac(a.mac)} is this NIC's own MAC (unicast mode gives every ` +
    `host the cluster MAC) -> the frame is handed back to ${name} and never reaches the wire (KB Q197864)`,
  'nic.ignore': (a, name) => `${name} NIC: destination MAC ${formatMac(a.mac)} is not this NIC's -> ignored`,
  'icmp.echoRequest': (a, name) =>
    `${name} ping: echo request ${a.seq} of ${a.count} to ${formatIp(a.dst)} (32 bytes of data)`,
  'icmp.echoReply': (a, name) =>
    `${name} ICMP: ${formatIp(a.local)} is one of ${name}'s addresses -> echo reply ${a.seq} to ${formatIp(a.to)}`,
  'icmp.replyReceived': (a, name) =>
    `${name} ping: reply ${a.seq} from ${formatIp(a.from)}, time ${a.rttMs < 1 ? '<1' : `=${Math.round(a.rttMs)}`} ms`,
  'icmp.timeout': (a, name) =>
    `${name} ping: no echo reply ${a.seq} from ${formatIp(a.dst)} within ${a.waitedMs} ms -> "Request timed out."`,
  'icmp.unreachable': (a, name) =>
    `${name} ping: ARP found no one at ${formatIp(a.nextHop)}, so echo request ${a.seq} to ${formatIp(a.dst)} ` +
    `never left -> "Destination host unreachable."`,
  'nlb.icmpEveryHost': (a, name) =>
    `${name} NLB: an echo request to the VIP ${formatIp(a.vip)} carries no port to hash -> every host takes ` +
    `it and answers (illustrative: the sources the app follows do not say)`,
  'nic.otherAdapter': (a, name) =>
    a.dedicated
      ? `${name} second NIC: this is for the cluster adapter (the VIP and NLB live there, not on the dedicated ` +
        `NIC) -> ignored here`
      : `${name} cluster NIC: ${formatIp(a.ip)} is the dedicated IP, which lives on the second NIC; that ` +
        `adapter answers -> ignored here (Q233279)`,
  'nic.dedicatedNic': (a, name) =>
    `${name} second NIC (${formatMac(a.mac)}): a frame for the dedicated IP ${formatIp(a.dip)}, on the adapter ` +
    `NLB is not bound to -> straight to TCP/IP (Q233279)`,
  'nlb.heartbeatIgnored': (a, name) =>
    a.ownCluster
      ? `${name}: NLB is stopped here, so nobody reads this cluster's heartbeat -> ignored`
      : `${name} NLB: a heartbeat of another cluster (VIP ${formatIp(a.clusterVip)}) -> ignored`,
  'host.downDrop': (_a, name) => `${name} is down (crashed) -> the frame is lost`,
  'nlb.heartbeat': (a, name) =>
    `${name} NLB: heartbeat (EtherType 0x886F) to ${formatMac(a.dstMac)}, every ${a.periodMs} ms`,
  'nlb.stoppedDrop': (a, name) =>
    `${name} NLB: stopped on this host -> traffic for the VIP ${formatIp(a.vip)} is not passed up`,
  'nlb.dedicatedIp': (a, name) =>
    `${name} NLB: ${formatIp(a.dip)} is this host's dedicated IP -> passed up unfiltered (dedicated IP traffic is never balanced)`,
  'nlb.acceptDescriptor': (_a, name) =>
    `${name} NLB: this host holds the connection's descriptor -> accepted (an existing connection stays with its host)`,
  'nlb.dropDescriptor': (a, name, d) =>
    `${name} NLB: ${hostName(clusterOf(d.node) ?? 'A', a.holder)} holds this connection's descriptor -> dropped here ` +
    `(connections stay with their host when buckets move)`,
  'nlb.acceptDefault': (a, name, d) => defaultHostText(a, name, d.node, true),
  'nlb.dropDefault': (a, name, d) => defaultHostText(a, name, d.node, false),
  'nlb.dropDisabled': (a, name) =>
    `${name} NLB: ${describeRule(a.rule)} blocks this traffic on every host -> dropped`,
  'nlb.acceptSingle': (a, name, d) => singleHostText(a, name, d.node, true),
  'nlb.dropSingle': (a, name, d) => singleHostText(a, name, d.node, false),
  'nlb.acceptBucket': (a, name, d) => bucketText(a, name, d.node, true),
  'nlb.dropBucket': (a, name, d) => bucketText(a, name, d.node, false),
  'nlb.dropDraining': (_a, name) => `${name} NLB: draining -> takes no new connections -> dropped here`,
  'nlb.convergenceStart': (a, _name, d) => {
    const cluster = clusterOf(d.node) ?? 'A';
    return (
      `Cluster ${cluster}: ${convergenceCauseText(cluster, a.cause)} -> convergence ` +
      `${a.restart ? 'restarts' : 'starts'}; the current bucket map keeps serving meanwhile ` +
      `(about ${seconds(a.ms)} s)`
    );
  },
  'nlb.keptOut': (a, _name, d) => {
    const cluster = clusterOf(d.node) ?? 'A';
    return (
      `Cluster ${cluster}: ${hostName(cluster, a.host)} is not accepted into the cluster: ${conflictText(cluster, a.conflict)}; ` +
      `the others converge without it and go on serving (Q198496)`
    );
  },
  'nlb.converged': (a, _name, d) => {
    const cluster = clusterOf(d.node) ?? 'A';
    return (
      `Cluster ${cluster} converged: members ${members(cluster, a.members)}` +
      (a.defaultHost !== NO_OWNER ? ` (${hostName(cluster, a.defaultHost)} is the default host)` : '') +
      `; ${a.moved} of ${a.bucketCount} buckets changed owner; existing connections stay with their hosts`
    );
  },
  'nlb.alone': (a, name) =>
    `${name} NLB: no heartbeat from any other host for ${a.tolerance} periods -> it converges alone, as its own default host`,
  'host.crash': (a, name) =>
    `${name} crashes: no heartbeats, no answers; its ${a.lost} open connection(s) are lost. The others notice ` +
    `after ${a.tolerance} missed heartbeats`,
  'host.restart': (_a, name) => `${name} restarts: NLB starts and announces itself with heartbeats`,
  'host.unplug': (_a, name) =>
    `${name}'s cable is unplugged: nothing it sends reaches the switch and nothing reaches it`,
  'host.plug': (_a, name) => `${name}'s cable is plugged back in`,
  'host.stopNlb': (a, name) =>
    `wlbs stop on ${name}: it leaves the cluster at once; its ${a.lost} connection(s) through the VIP are dropped`,
  'host.drainstop': (a, name) =>
    `wlbs drainstop on ${name}: no new connections; it finishes its ${a.connections} connection(s), then stops`,
  'host.startNlb': (_a, name) => `wlbs start on ${name}: it joins with heartbeats, and the cluster converges`,
  'host.stopServer': (a, name) => `The server application on ${name} stops: SYNs to port ${a.port} get RST`,
  'host.startServer': (a, name) => `The server application on ${name} starts listening on port ${a.port}`,
  'host.drained': (_a, name) => `${name} finished draining its last connection -> NLB stops on it`,
  'host.notApplicable': (a, name) => `${name}: "${a.hostAction}" does not apply in its current state`,
  'link.unplugged': (a, name) =>
    `${name}: the cable to ${nodeName(a.peer)} is unplugged -> the frame is lost`,
  'switch.learn': (a, name) => `${name}: learned ${formatMac(a.mac)} on ${portName(a.port, a.portNode)}`,
  'switch.filter': (a, name) =>
    `${name}: ${formatMac(a.mac)} is on the port the frame came in on -> filtered`,
  'switch.igmpJoin': (a, name) =>
    `${name} IGMP snooping: ${portName(a.port, a.portNode)} reports membership of group ${formatIp(a.group)} ` +
    `(${formatMac(a.mac)}) -> frames for that MAC go to member ports only; the report goes no further ` +
    `(no multicast router here)`,
  'switch.igmpForward': (a, name) =>
    a.ports.length === 0
      ? `${name} IGMP snooping: ${formatMac(a.mac)} has no member port but the one it came in on -> ` +
        `nobody else gets it`
      : `${name} IGMP snooping: ${formatMac(a.mac)} goes only to its member port${a.ports.length === 1 ? '' : 's'} ` +
        `${a.ports.join(', ')}; ${a.others} other port${a.others === 1 ? '' : 's'} never see it`,
  'igmp.report': (a, name) =>
    `${name} IGMP: reports its membership of the cluster's group ${formatIp(a.group)} (${formatMac(a.mac)}), ` +
    `again every ${seconds(a.intervalMs)} s (the group address and the interval are illustrative)`,
  'igmp.heard': (a, name) =>
    `${name} IGMP: hears ${formatIp(a.from)} report group ${formatIp(a.group)}; it is a member itself -> nothing to do`,
  'switch.forward': (a, name) =>
    `${name}: ${formatMac(a.mac)} is in the MAC table on ${portName(a.port, a.portNode)} -> forwarded to that port only`,
  'switch.flood': (a, name) =>
    `${name}: ${floodWhy(a.kind, a.mac)} -> flooded to every other port (${a.ports})`,
  'router.toLan': (a, name) =>
    `${name}: ${formatIp(a.dst)} is on the cluster LAN (10.0.0.0/24) -> routed onto the LAN, TTL ${a.ttl} -> ${a.ttl - 1}`,
  'router.toOutside': (a, name) => `${name}: ${formatIp(a.dst)} is outside -> routed to the clients' network`,
  'router.notForRouter': (_a, name) => `${name}: the frame is not addressed to the router -> ignored`,
  'router.notIp': (a, name) =>
    `${name}: EtherType 0x${a.etherType.toString(16).toUpperCase()} is not IP -> ignored`,
  'lb.pick': (a, name, d) => {
    const backend = hostName(clusterOfBalancer(d.node), a.backend);
    const of = `of ${a.healthy} healthy backend${a.healthy === 1 ? '' : 's'}${a.healthy < a.backends ? ` (${a.backends} in all)` : ''}`;
    const flow = `${name} (${BALANCER_NAMES[a.kind]}): a new flow to ${formatIp(a.vip)}:${a.vport}`;
    switch (a.method) {
      case 'flowHash':
        return `${flow}; its 5-tuple hash ${a.value} picks ${backend} ${of} (the hash is illustrative)`;
      case 'roundRobin':
        return `${flow}; round robin, turn ${a.value}, picks ${backend} ${of}`;
      case 'random':
        return `${flow}; kube-proxy's rules pick an endpoint at random (draw ${a.value.toFixed(2)}) -> ${backend} ${of}`;
      case 'nlbBuckets':
        return `${flow} -> ${backend}`;
    }
  },
  'lb.flow': (a, name, d) =>
    `${name}: a packet of a flow it already tracks -> ${hostName(clusterOfBalancer(d.node), a.backend)}, as before`,
  'lb.forward': (a, name, d) =>
    `${name}: only the MAC changes (to ${formatMac(a.mac)}, ${hostName(clusterOfBalancer(d.node), a.backend)}); ` +
    `the destination stays ${formatIp(a.vip)}, which every backend holds itself -> direct server return, ` +
    `the reply does not come back through the balancer`,
  'lb.rewrite': (a, name) => natWords(a.nat, a.before, a.after, name),
  'lb.noBackend': (a, name) =>
    `${name}: no backend passes its health check (${a.backends} configured) -> the new flow to ` +
    `${formatIp(a.vip)}:${a.vport} is dropped (health probes are taken as instant: illustrative)`,
  'lb.noHairpin': (a, name, d) =>
    `${name} bridge: the frame for ${hostName(clusterOfBalancer(d.node), a.backend)} would leave by the very port it ` +
    `came in by, and hairpin mode is off -> dropped (kubelet --hairpin-mode, CNI "hairpinMode")`,
  'lb.route': (a, name) =>
    `${name}: ${formatIp(a.dst)} is not the VIP -> routed on, as the network carries any packet`,
  'lb.proxyConnect': (a, name, d) =>
    `${name}: a proxy, so it opens a connection of its own, ${formatIp(a.from)}:${a.fromPort} -> ` +
    `${formatIp(a.to)}:${a.toPort} (${hostName(clusterOfBalancer(d.node), a.backend)}); the backend sees the proxy as its client`,
  'lb.proxyFailed': (a, name, d) =>
    `${name}: its connection to ${hostName(clusterOfBalancer(d.node), a.backend)} failed -> it resets the caller's connection`,
  'host.martian': (a, name) =>
    `${name} TCP/IP: source ${formatIp(a.src)} is my own address: dropped, as Linux drops a martian packet ` +
    `(IP_LOCAL_SOURCE; accept_local is off), so the caller's SYN goes unanswered`,
};

const BINDING_WORDS: Record<VipBinding, string> = {
  lvsLoopback: 'the VIP is bound on lo, as an LVS-DR real server has it, ARP for it suppressed',
  gcpLocalRoute: "the guest agent's local route for the forwarding rule's IP",
  azureFloatingLoopback: 'Floating IP: the frontend IP on the loopback; inferred, illustrative',
};

/** Cluster of a balancer node id (`lbA` -> `A`). */
function clusterOfBalancer(node: NodeId): ClusterId {
  return node === 'lbB' ? 'B' : 'A';
}

function endpointWords(ip: number, port: number): string {
  return `${formatIp(ip)}:${port}`;
}

function natWords(nat: NatKind, before: Endpoints, after: Endpoints, name: string): string {
  const src = (e: Endpoints) => endpointWords(e.src, e.srcPort);
  const dst = (e: Endpoints) => endpointWords(e.dst, e.dstPort);
  switch (nat) {
    case 'dnat':
      return `${name} DNAT: destination ${dst(before)} -> ${dst(after)}; the source ${src(before)} is kept, so the backend sees the caller`;
    case 'dnatSnat':
      return `${name} DNAT and SNAT: destination ${dst(before)} -> ${dst(after)}, source ${src(before)} -> ${src(after)} (the balancer's own address)`;
    case 'unDnat':
      return `${name}: a reply of a tracked flow, rewritten back: source ${src(before)} -> ${src(after)}, to ${dst(after)}`;
    case 'unSnat':
      return `${name}: a reply of a tracked flow, rewritten back: source ${src(before)} -> ${src(after)}, destination ${dst(before)} -> ${dst(after)}`;
  }
}

function defaultHostText(
  a: DecisionArgsByCode['nlb.acceptDefault'],
  name: string,
  node: NodeId,
  accept: boolean,
): string {
  const cluster = clusterOf(node) ?? 'A';
  return (
    `${name} NLB: no port rule covers port ${a.port} -> the default host (${ownerName(cluster, a.owner)}, ` +
    `the best host priority) takes it -> ${verdictWords(accept)}`
  );
}

function singleHostText(
  a: DecisionArgsByCode['nlb.acceptSingle'],
  name: string,
  node: NodeId,
  accept: boolean,
): string {
  const cluster = clusterOf(node) ?? 'A';
  return (
    `${name} NLB: ${describeRule(a.rule)}: ${ownerName(cluster, a.owner)} has the best handling priority -> ` +
    verdictWords(accept)
  );
}

function bucketText(
  a: DecisionArgsByCode['nlb.acceptBucket'],
  name: string,
  node: NodeId,
  accept: boolean,
): string {
  const cluster = clusterOf(node) ?? 'A';
  // Q229064: a later fragment has no UDP header; NLB cannot read its port (the 0 is the app's reading).
  const what = a.portless
    ? `later fragment from ${formatIp(a.src)} (no UDP header, so no port: read as port 0, illustrative; ` +
      `KB Q229064)`
    : `${a.syn ? 'SYN' : a.udp ? 'UDP datagram' : 'packet'} from ${formatIp(a.src)}:${a.srcPort}`;
  return (
    `${name} NLB: ${what} (${AFFINITY_WORDS[a.affinity]}) ` +
    `falls in bucket ${a.bucket} of ${a.bucketCount}, owned by ${ownerName(cluster, a.owner)}` +
    (a.stale ? STALE_WORDS[a.stale] : '') +
    ` -> ${verdictWords(accept)}`
  );
}

/** The sentence a trainee reads for a decision (the engine writes ASCII arrows; `readable` prettifies). */
export function decisionText(d: Decision): string {
  const template = TEMPLATES[d.code] as Template<DecisionCode>;
  return template(d.args, nodeName(d.node), d);
}
