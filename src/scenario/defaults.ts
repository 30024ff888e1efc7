// The default scenario: the KB Q247768 setting, a 3-host unicast cluster behind a router.
import type { ClusterConfig, HostConfig, PortRule, Scenario } from './types';

/** NLB's default port rule: all ports, both protocols, multiple hosts, single affinity, equal load. */
export function defaultPortRule(): PortRule {
  return {
    vip: 'all',
    startPort: 0,
    endPort: 65535,
    protocol: 'both',
    filtering: 'multiple',
    affinity: 'single',
    equalLoad: true,
  };
}

export function makeHost(subnetPrefix: string, index: number, firstOctet: number): HostConfig {
  return {
    priority: index + 1,
    dip: `${subnetPrefix}.${firstOctet + index}`,
    loadWeight: 50,
    handlingPriority: index + 1,
    serverRunning: true,
  };
}

export function makeCluster(id: 'A' | 'B', hostCount: number): ClusterConfig {
  const isA = id === 'A';
  return {
    id,
    vip: isA ? '10.0.0.100' : '10.0.0.200',
    mode: 'unicast',
    maskSourceMac: true,
    bucketCount: 60,
    aliveMsgPeriodMs: 1000,
    aliveMsgTolerance: 5,
    hosts: Array.from({ length: hostCount }, (_, i) => makeHost('10.0.0', i, isA ? 11 : 51)),
    portRules: [defaultPortRule()],
    clusterIpAsSource: false,
  };
}

export function defaultScenario(): Scenario {
  return {
    version: 1,
    seed: 1,
    clusters: [makeCluster('A', 3)],
    client: {
      location: { kind: 'outside' },
      target: { kind: 'vip', cluster: 'A' },
      port: 80,
      connectionsPerSecond: 20,
      sourceAddresses: 1000,
    },
    tcp: { initialRtoMs: 3000, maxSynRetransmissions: 2 },
    network: { linkLatencyMs: 1, loopbackLatencyMs: 0.2, serverThinkMs: 2, routerStaticArpForVip: true },
    timeline: [],
  };
}
