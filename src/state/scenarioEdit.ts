// Pure edits of a Scenario made by the UI controls (client location, target, host count), and the
// option lists those controls show. No React, no store: plain data in, plain data out.
import { hostName } from '../scenario/changes';
import type {
  Affinity,
  ClientConfig,
  ClientLocation,
  ClientTarget,
  ClusterConfig,
  ClusterId,
  ClusterMode,
  HostConfig,
  PortRule,
  Scenario,
} from '../scenario/types';

export { hostName, MAX_HOSTS, MIN_HOSTS } from '../scenario/changes';

export interface Option {
  value: string;
  label: string;
}

/** Encodes a client location as a <select> value. */
export function locationValue(location: ClientLocation): string {
  return location.kind === 'outside' ? 'outside' : `host:${location.cluster}:${location.hostIndex}`;
}

/** Encodes a client target as a <select> value. */
export function targetValue(target: ClientTarget): string {
  switch (target.kind) {
    case 'vip':
      return `vip:${target.cluster}`;
    case 'dip':
      return `dip:${target.cluster}:${target.hostIndex}`;
    case 'outside':
      return 'outside';
  }
}

function parseCluster(text: string | undefined): ClusterId | null {
  return text === 'A' || text === 'B' ? text : null;
}

function parseIndex(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

export function parseLocation(value: string): ClientLocation | null {
  if (value === 'outside') return { kind: 'outside' };
  const [kind, c, i] = value.split(':');
  const cluster = parseCluster(c);
  const hostIndex = parseIndex(i);
  if (kind !== 'host' || cluster === null || hostIndex === null) return null;
  return { kind: 'host', cluster, hostIndex };
}

export function parseTarget(value: string): ClientTarget | null {
  if (value === 'outside') return { kind: 'outside' };
  const [kind, c, i] = value.split(':');
  const cluster = parseCluster(c);
  if (cluster === null) return null;
  if (kind === 'vip') return { kind: 'vip', cluster };
  const hostIndex = parseIndex(i);
  if (kind !== 'dip' || hostIndex === null) return null;
  return { kind: 'dip', cluster, hostIndex };
}

export function locationOptions(scenario: Scenario): Option[] {
  const options: Option[] = [{ value: 'outside', label: 'Outside the cluster' }];
  for (const cluster of scenario.clusters) {
    cluster.hosts.forEach((_, i) => {
      options.push({
        value: locationValue({ kind: 'host', cluster: cluster.id, hostIndex: i }),
        label: `On ${hostName(cluster.id, i)}`,
      });
    });
  }
  return options;
}

export function targetOptions(scenario: Scenario): Option[] {
  const options: Option[] = scenario.clusters.map((cluster) => ({
    value: targetValue({ kind: 'vip', cluster: cluster.id }),
    label: cluster.id === 'A' ? 'Cluster VIP' : `Cluster ${cluster.id} VIP`,
  }));
  for (const cluster of scenario.clusters) {
    cluster.hosts.forEach((_, i) => {
      options.push({
        value: targetValue({ kind: 'dip', cluster: cluster.id, hostIndex: i }),
        label: `${hostName(cluster.id, i)} dedicated IP`,
      });
    });
  }
  // Not offered yet, but a scenario may carry it; keep the select truthful about the current choice.
  if (scenario.client.target.kind === 'outside') {
    options.push({ value: 'outside', label: 'A server outside the cluster' });
  }
  return options;
}

/** The node id of the host the client runs on, if any, found by cluster and index in the topology. */
export function clientHostName(location: ClientLocation): string | null {
  return location.kind === 'host' ? hostName(location.cluster, location.hostIndex) : null;
}

// ---- Cluster-wide settings ------------------------------------------------------------------

/** What the `Cluster mode` and `Affinity` selects show when clusters or rules disagree. */
export const MIXED = 'mixed';

export const MODE_OPTIONS: { value: ClusterMode; label: string }[] = [
  { value: 'unicast', label: 'Unicast' },
  { value: 'multicast', label: 'Multicast' },
  { value: 'igmp', label: 'IGMP multicast' },
];

export const AFFINITY_OPTIONS: { value: Affinity; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'single', label: 'Single' },
  { value: 'network', label: 'Network' },
];

/** The mode every cluster uses, or MIXED. */
export function clusterModeValue(scenario: Scenario): ClusterMode | typeof MIXED {
  const modes = new Set(scenario.clusters.map((c) => c.mode));
  return modes.size === 1 ? [...modes][0]! : MIXED;
}

/** The affinity of every port rule in the scenario, MIXED when they differ, null when there is none. */
export function affinityValue(scenario: Scenario): Affinity | typeof MIXED | null {
  const values = new Set(scenario.clusters.flatMap((c) => c.portRules.map((r) => r.affinity)));
  if (values.size === 0) return null;
  return values.size === 1 ? [...values][0]! : MIXED;
}

export function withClusterPatch(
  scenario: Scenario,
  clusterId: ClusterId,
  patch: Partial<
    Pick<ClusterConfig, 'mode' | 'maskSourceMac' | 'bucketCount' | 'portRules' | 'unicastInterHost'>
  >,
): Scenario {
  return {
    ...scenario,
    clusters: scenario.clusters.map((c) => (c.id === clusterId ? { ...c, ...patch } : c)),
  };
}

export function withHostPatch(
  scenario: Scenario,
  clusterId: ClusterId,
  hostIndex: number,
  patch: Partial<HostConfig>,
): Scenario {
  return {
    ...scenario,
    clusters: scenario.clusters.map((c) =>
      c.id === clusterId
        ? { ...c, hosts: c.hosts.map((h, i) => (i === hostIndex ? { ...h, ...patch } : h)) }
        : c,
    ),
  };
}

export function withHostSettings(
  scenario: Scenario,
  clusterId: ClusterId,
  hosts: readonly Pick<HostConfig, 'priority' | 'loadWeight' | 'handlingPriority'>[],
): Scenario {
  return {
    ...scenario,
    clusters: scenario.clusters.map((c) =>
      c.id === clusterId ? { ...c, hosts: c.hosts.map((h, i) => ({ ...h, ...hosts[i] })) } : c,
    ),
  };
}

export function withClient(
  scenario: Scenario,
  patch: Partial<
    Pick<ClientConfig, 'port' | 'connectionsPerSecond' | 'sourceAddresses' | 'protocol' | 'datagramBytes'>
  >,
): Scenario {
  return { ...scenario, client: { ...scenario.client, ...patch } };
}

export function withPortRules(scenario: Scenario, clusterId: ClusterId, portRules: PortRule[]): Scenario {
  return withClusterPatch(scenario, clusterId, { portRules });
}
