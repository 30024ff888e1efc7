// Pure edits of a Scenario made by the UI controls (client location, target, host count), and the
// option lists those controls show. No React, no store: plain data in, plain data out.
import { makeCluster } from '../scenario/defaults';
import type { ClientLocation, ClientTarget, ClusterConfig, ClusterId, Scenario } from '../scenario/types';

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
    return { ...cluster, hosts: fresh.map((h, i) => cluster.hosts[i] ?? h) };
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
  return { scenario: { ...scenario, clusters, client: { ...scenario.client, location, target } }, notices };
}

/** The node id of the host the client runs on, if any, found by cluster and index in the topology. */
export function clientHostName(location: ClientLocation): string | null {
  return location.kind === 'host' ? hostName(location.cluster, location.hostIndex) : null;
}
