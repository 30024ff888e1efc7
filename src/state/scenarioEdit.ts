// Pure edits of a Scenario made by the UI controls (client location, target, host count), and the
// option lists those controls show. No React, no store: plain data in, plain data out.
import { makeCluster } from '../scenario/defaults';
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

export const MIN_HOSTS = 1;
/** NLB supports at most 32 hosts per cluster. */
export const MAX_HOSTS = 32;

/** Display name of a host, as the engine and CONTRACT.md spell it: `Host 2` in A, `Host B2` in B. */
export function hostName(cluster: ClusterId, hostIndex: number): string {
  return cluster === 'A' ? `Host ${hostIndex + 1}` : `Host B${hostIndex + 1}`;
}

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

export function withLocation(scenario: Scenario, location: ClientLocation): Scenario {
  return { ...scenario, client: { ...scenario.client, location } };
}

export function withTarget(scenario: Scenario, target: ClientTarget): Scenario {
  return { ...scenario, client: { ...scenario.client, target } };
}

export interface HostCountEdit {
  scenario: Scenario;
  /** Sentences telling the user what else had to change so the scenario stays valid. */
  notices: string[];
}

function hostExists(clusters: ClusterConfig[], cluster: ClusterId, hostIndex: number): boolean {
  const c = clusters.find((x) => x.id === cluster);
  return c !== undefined && hostIndex < c.hosts.length;
}

/**
 * Changes the number of hosts in a cluster. Hosts that remain keep their settings; new hosts get the
 * defaults from `makeCluster` (so addresses and priorities follow src/scenario/defaults.ts). A client
 * placed on, or connecting to, a host that no longer exists falls back to a valid choice, and the
 * returned notices say so.
 */
export function withHostCount(scenario: Scenario, clusterId: ClusterId, count: number): HostCountEdit {
  const n = Math.max(MIN_HOSTS, Math.min(MAX_HOSTS, Math.round(count)));
  const clusters = scenario.clusters.map((cluster) => {
    if (cluster.id !== clusterId) return cluster;
    const fresh = makeCluster(cluster.id, n).hosts;
    const kept = cluster.hosts.slice(0, n);
    // New hosts take the lowest priorities still free, so priorities stay unique.
    const used = new Set(kept.map((h) => h.priority));
    const usedHandling = new Set(kept.map((h) => h.handlingPriority));
    const free = (taken: Set<number>) => {
      let p = 1;
      while (taken.has(p)) p += 1;
      taken.add(p);
      return p;
    };
    const added = fresh.slice(kept.length).map((h) => ({
      ...h,
      priority: free(used),
      handlingPriority: free(usedHandling),
    }));
    return { ...cluster, hosts: [...kept, ...added] };
  });
  const notices: string[] = [];
  let { location, target } = scenario.client;
  if (location.kind === 'host' && !hostExists(clusters, location.cluster, location.hostIndex)) {
    notices.push(
      `${hostName(location.cluster, location.hostIndex)} no longer exists, so the client now runs outside the cluster.`,
    );
    location = { kind: 'outside' };
  }
  if (target.kind === 'dip' && !hostExists(clusters, target.cluster, target.hostIndex)) {
    notices.push(
      `${hostName(target.cluster, target.hostIndex)} no longer exists, so the client now connects to the cluster VIP.`,
    );
    target = { kind: 'vip', cluster: target.cluster };
  }
  const timeline = scenario.timeline.filter((e) => hostExists(clusters, e.cluster, e.hostIndex));
  return {
    scenario: { ...scenario, clusters, timeline, client: { ...scenario.client, location, target } },
    notices,
  };
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

/** Sets the mode of every cluster (a second cluster follows the first, as the toolbar shows one). */
export function withClusterMode(scenario: Scenario, mode: ClusterMode): Scenario {
  return { ...scenario, clusters: scenario.clusters.map((c) => ({ ...c, mode })) };
}

/** The affinity of every port rule in the scenario, MIXED when they differ, null when there is none. */
export function affinityValue(scenario: Scenario): Affinity | typeof MIXED | null {
  const values = new Set(scenario.clusters.flatMap((c) => c.portRules.map((r) => r.affinity)));
  if (values.size === 0) return null;
  return values.size === 1 ? [...values][0]! : MIXED;
}

/** Sets the affinity of every port rule of every cluster (it matters for multiple-host rules). */
export function withAffinity(scenario: Scenario, affinity: Affinity): Scenario {
  return {
    ...scenario,
    clusters: scenario.clusters.map((c) => ({
      ...c,
      portRules: c.portRules.map((r) => ({ ...r, affinity })),
    })),
  };
}

export function withClusterPatch(
  scenario: Scenario,
  clusterId: ClusterId,
  patch: Partial<Pick<ClusterConfig, 'mode' | 'maskSourceMac' | 'bucketCount' | 'portRules'>>,
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
  patch: Partial<Pick<ClientConfig, 'port' | 'connectionsPerSecond' | 'sourceAddresses'>>,
): Scenario {
  return { ...scenario, client: { ...scenario.client, ...patch } };
}

/** Hosts a new Cluster B starts with. */
export const CLUSTER_B_HOSTS = 3;

/**
 * Adds Cluster B (from makeCluster, with the first cluster's mode, masking, bucket count and port
 * rules re-aimed at B's VIP, so the same service runs there) or removes it. Removing it moves a client
 * placed on, or aimed at, Cluster B back to Cluster A, and the notices say so.
 */
export function withClusterB(scenario: Scenario, on: boolean): HostCountEdit {
  const has = scenario.clusters.some((c) => c.id === 'B');
  if (on === has) return { scenario, notices: [] };
  if (on) {
    const a = scenario.clusters[0];
    const fresh = makeCluster('B', CLUSTER_B_HOSTS);
    const b: ClusterConfig = a
      ? {
          ...fresh,
          mode: a.mode,
          maskSourceMac: a.maskSourceMac,
          bucketCount: a.bucketCount,
          portRules: a.portRules.map((r) => ({ ...r, vip: r.vip === 'all' ? 'all' : fresh.vip })),
        }
      : fresh;
    return { scenario: { ...scenario, clusters: [...scenario.clusters, b] }, notices: [] };
  }
  const notices: string[] = [];
  let { location, target } = scenario.client;
  if (location.kind === 'host' && location.cluster === 'B') {
    notices.push(
      `${hostName('B', location.hostIndex)} went with Cluster B, so the client now runs outside the cluster.`,
    );
    location = { kind: 'outside' };
  }
  if (target.kind !== 'outside' && target.cluster === 'B') {
    notices.push('Cluster B is gone, so the client now connects to the cluster VIP.');
    target = { kind: 'vip', cluster: 'A' };
  }
  return {
    scenario: {
      ...scenario,
      clusters: scenario.clusters.filter((c) => c.id !== 'B'),
      client: { ...scenario.client, location, target },
      timeline: scenario.timeline.filter((e) => e.cluster !== 'B'),
    },
    notices,
  };
}

export function withPortRules(scenario: Scenario, clusterId: ClusterId, portRules: PortRule[]): Scenario {
  return withClusterPatch(scenario, clusterId, { portRules });
}
