// The host's own view, as a Windows admin would type it on that host: `wlbs query`, `arp -a`,
// `netstat -n`, `ipconfig`, `route print` and the last `ping`, made from the engine's state at this moment. The
// layout follows the Windows tools (abridged); the facts are the engine's. A backend of a load balancer
// of today has no NLB: `wlbs query` is an unknown command there, and the VIP is where its balancer put it.
import { formatIp, formatMac, ipUnsigned, type Ip } from './addr';
import { balancerIpText, type VipBinding } from './balancerKinds';
import { balancerName } from '../scenario/names';
import type { ClusterHost } from './host';
import { pingText } from './ping';
import type { Simulation } from './simulation';

/** The commands a host's panel offers, in the order its `Command` list shows them. */
export const HOST_COMMANDS = [
  'wlbs query',
  'arp -a',
  'netstat -n',
  'ipconfig',
  'route print',
  'ping',
] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

/** A sentence in lines of at most `width` characters (a note under a wide table, in a narrow panel). */
function wrap(sentence: string, width = 46): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of sentence.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function mask(prefixLength: number): string {
  const bits = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return formatIp(bits);
}

/** How a load balancer of today put the VIP on a backend, in the words `ipconfig` and `route print` add. */
const BINDING_NOTE: Record<VipBinding, { address: string; route: string }> = {
  lvsLoopback: {
    address: 'VIP on the loopback adapter, LVS-DR',
    route: 'bound on the loopback adapter, as an LVS-DR real server has it, ARP for it suppressed',
  },
  gcpLocalRoute: {
    address: "forwarding rule IP, the guest agent's",
    route: "the Google guest agent's local route for the forwarding rule's IP",
  },
  azureFloatingLoopback: {
    address: 'frontend IP on the loopback, Floating IP: inferred',
    route: 'Floating IP puts the frontend IP on the loopback, inferred and illustrative',
  },
};

/** `Load balancer, 10.0.0.5: Azure internal load balancer`: the node a backend's cluster is balanced by. */
function balancerNode(host: ClusterHost): string {
  return `${balancerName(host.clusterId)}, ${balancerIpText(host.clusterId)}: ${host.balancer.name}`;
}

/**
 * `wlbs query` on a backend of a load balancer of today: Windows NLB is not installed, so Windows
 * answers as it does for any unknown command; a note says what balances this host instead.
 */
function wlbsNotInstalled(host: ClusterHost): string {
  return [
    "'wlbs' is not recognized as an internal or external command,",
    'operable program or batch file.',
    '',
    ...wrap(
      `(VIP Lab: Windows NLB is not installed on ${host.name}. It is a backend of ${balancerNode(host)}, ` +
        `which chooses the backend for each new connection to ${formatIp(host.cluster.vip)}.)`,
    ),
  ].join('\n');
}

function wlbsQuery(sim: Simulation, host: ClusterHost): string {
  const cluster = host.cluster;
  const state = sim.hostState(host);
  const head = `WLBS cluster ${formatIp(cluster.vip)} (${cluster.name}), on ${host.name}:`;
  if (host.crashed) return `${head}\n(no answer: ${host.name} is down)`;
  const hostNumber = host.config.priority;
  const members = cluster.membership.map((m) => cluster.config.hosts[m]!.priority).sort((a, b) => a - b);
  const keptOut = cluster.keptOut.get(host.hostIndex);
  switch (state) {
    case 'Stopped':
      return `${head}\nHost ${hostNumber} is stopped and does not handle traffic for the cluster.`;
    case 'Draining':
      return `${head}\nHost ${hostNumber} is draining: it takes no new connections and finishes the ones it has.`;
    case 'Converging':
      return (
        `${head}\nHost ${hostNumber} is converging with the following host(s) as part of the cluster:\n` +
        (members.join(', ') || '(none)') +
        (keptOut
          ? `\nThis host is not accepted into the cluster (its port rules or host priority conflict).`
          : '')
      );
    default: {
      const asDefault = state === 'Converged as DEFAULT' ? ' as DEFAULT' : '';
      return (
        `${head}\nHost ${hostNumber} converged${asDefault} with the following host(s) as part of the cluster:\n` +
        members.join(', ')
      );
    }
  }
}

function arpTable(host: ClusterHost): string {
  const rows = [...host.stack.arpCache.entries()].sort((a, b) => ipUnsigned(a[0]) - ipUnsigned(b[0]));
  const lines = [
    `Interface: ${formatIp(host.dip)} --- 0x2`,
    `  ${pad('Internet Address', 22)}${pad('Physical Address', 22)}Type`,
  ];
  for (const [ip, mac] of rows)
    lines.push(`  ${pad(formatIp(ip), 22)}${pad(formatMac(mac).toLowerCase(), 22)}dynamic`);
  if (rows.length === 0) lines.push('  (no entries)');
  return lines.join('\n');
}

function netstat(host: ClusterHost): string {
  const lines = [
    'Active Connections',
    '',
    `  ${pad('Proto', 7)}${pad('Local Address', 23)}${pad('Foreign Address', 23)}State`,
  ];
  const rows = host.stack.connections();
  for (const c of rows) {
    lines.push(
      `  ${pad('TCP', 7)}${pad(`${formatIp(c.localIp)}:${c.localPort}`, 23)}${pad(`${formatIp(c.remoteIp)}:${c.remotePort}`, 23)}${c.state}`,
    );
  }
  if (rows.length === 0) lines.push('  (no open connections)');
  return lines.join('\n');
}

/** What `ipconfig` adds after the VIP among a host's addresses: NLB's cluster IP, or how a balancer put it there. */
function vipNote(host: ClusterHost): string {
  if (host.nlbBound) return `${host.cluster.name} IP`;
  const binding = host.balancer.vipBinding;
  return binding ? `${host.cluster.name} VIP: ${BINDING_NOTE[binding].address}` : `${host.cluster.name} VIP`;
}

function localAddresses(host: ClusterHost): Ip[] {
  // The dedicated IP first, then the cluster IP(s): every address the stack answers for.
  return [host.dip, ...[...host.stack.localIps].filter((ip) => ip !== host.dip)];
}

function ipconfig(host: ClusterHost): string {
  const { prefixLength, gateway } = host.stack.addressing;
  const lines = ['Windows IP Configuration', ''];
  const adapter = (title: string, mac: number, ips: Ip[], withGateway: boolean) => {
    lines.push(`Ethernet adapter ${title}:`, '');
    lines.push(`   Physical Address. . . . . . . . . : ${formatMac(mac)}`);
    for (const ip of ips) {
      const vip = ip === host.cluster.vip;
      const note = vip ? `  (${vipNote(host)})` : '';
      lines.push(`   IPv4 Address. . . . . . . . . . . : ${formatIp(ip)}${note}`);
      // A VIP a balancer of today put on a backend is a host address of its own (/32).
      lines.push(`   Subnet Mask . . . . . . . . . . . : ${mask(vip && !host.nlbBound ? 32 : prefixLength)}`);
    }
    lines.push(
      `   Default Gateway . . . . . . . . . : ${withGateway && gateway !== null ? formatIp(gateway) : ''}`,
    );
  };
  if (host.dedicatedNicMac !== null) {
    // Two adapters (Q233279): the cluster IP on the one NLB is bound to, the dedicated IP on its own.
    adapter(
      'Cluster (NLB bound)',
      host.nicMac,
      localAddresses(host).filter((ip) => ip !== host.dip),
      false,
    );
    lines.push('');
    adapter('Dedicated', host.dedicatedNicMac, [host.dip], true);
  } else {
    adapter('Local Area Connection', host.nicMac, localAddresses(host), true);
  }
  const interHost = host.interHostMac;
  if (interHost !== null) {
    lines.push('');
    lines.push(
      ...wrap(
        `Unicast inter-host communication: NLB also receives on ${formatMac(interHost)}, this host's own MAC, ` +
          `and answers ARP for ${formatIp(host.dip)} with it (which MAC: illustrative).`,
      ),
    );
  }
  return lines.join('\n');
}

function routePrint(host: ClusterHost): string {
  const { prefixLength, gateway } = host.stack.addressing;
  const network = (host.dip & ((0xffffffff << (32 - prefixLength)) >>> 0)) >>> 0;
  const header = `${pad('Network Destination', 20)}${pad('Netmask', 17)}${pad('Gateway', 17)}${pad('Interface', 17)}Metric`;
  const row = (dest: string, netmask: string, gw: string, iface: string, metric: number) =>
    `${pad(dest, 20)}${pad(netmask, 17)}${pad(gw, 17)}${pad(iface, 17)}${metric}`;
  const lines = ['IPv4 Route Table', '='.repeat(76), 'Active Routes:', header];
  if (gateway !== null) lines.push(row('0.0.0.0', '0.0.0.0', formatIp(gateway), formatIp(host.dip), 20));
  lines.push(row('127.0.0.0', '255.0.0.0', 'On-link', '127.0.0.1', 306));
  // A /32 (a cloud VM, a pod) has no subnet: its network route is its own host route, and the gateway
  // is reached by a host route of its own, on-link.
  if (prefixLength < 32)
    lines.push(row(formatIp(network), mask(prefixLength), 'On-link', formatIp(host.dip), 276));
  else if (gateway !== null)
    lines.push(row(formatIp(gateway), '255.255.255.255', 'On-link', formatIp(host.dip), 276));
  for (const ip of localAddresses(host)) {
    // A host route for each local address: traffic to it never leaves the host (KB Q247768).
    lines.push(row(formatIp(ip), '255.255.255.255', 'On-link', formatIp(ip), 276));
  }
  lines.push('='.repeat(76));
  lines.push(...wrap(vipRouteNote(host, network, prefixLength, gateway)));
  return lines.join('\n');
}

/** Where a connection from this host to its cluster's VIP goes, by the table above. */
function vipRouteNote(host: ClusterHost, network: number, prefixLength: number, gateway: Ip | null): string {
  const vip = formatIp(host.cluster.vip);
  if (host.nlbBound)
    return (
      `${vip} is one of this host's own addresses: a connection to it from here is looped back, ` +
      'never reaching the NIC, the NLB driver or the wire (KB Q247768).'
    );
  const name = host.balancer.name;
  if (host.stack.localIps.has(host.cluster.vip)) {
    const binding = host.balancer.vipBinding;
    return (
      `${vip} is one of this host's own addresses${binding ? `: ${BINDING_NOTE[binding].route}` : ''}. ` +
      `A connection to it from here is looped back, never reaching the wire or ${name}.`
    );
  }
  const bits = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  const onLink = prefixLength < 32 && (host.cluster.vip & bits) >>> 0 === network;
  if (onLink)
    return `${vip} is on this host's subnet (on-link): a connection to it goes over the wire to ${balancerNode(host)}, which holds it.`;
  const via = gateway !== null ? formatIp(gateway) : 'the default gateway';
  const lb = gateway !== null && formatIp(gateway) === balancerIpText(host.clusterId);
  return (
    `${vip} is not an address of this host: a connection to it goes to the default gateway ${via}` +
    (lb ? `, which is ${balancerName(host.clusterId)}: ${name} picks a backend for it.` : '.')
  );
}

/** What `command` prints on `host` now, or null when there is no such host. */
export function hostCommandOutput(sim: Simulation, hostId: string, command: HostCommand): string | null {
  const host = sim.hosts.find((h) => h.id === hostId);
  if (!host) return null;
  if (host.crashed && command !== 'wlbs query')
    return `${host.name} is down: nobody is there to run ${command}.`;
  switch (command) {
    case 'wlbs query':
      if (!host.nlbBound)
        return host.crashed
          ? `${host.name} is down: nobody is there to run ${command}.`
          : wlbsNotInstalled(host);
      return wlbsQuery(sim, host);
    case 'arp -a':
      return arpTable(host);
    case 'netstat -n':
      return netstat(host);
    case 'ipconfig':
      return ipconfig(host);
    case 'route print':
      return routePrint(host);
    case 'ping':
      return pingText(host.pinger.last);
  }
}
