// The names and node ids of the lab's machines, made in one place: `Host 2` / `Host B2` (CONTRACT.md),
// node ids `A2` / `B2`, `clusterA`, `client1`, `router`, `switch`, and a node's name from its id.
import type { ClusterId } from './types';

/** A host's name from its cluster and 0-based index: `Host 2` in Cluster A, `Host B2` in Cluster B. */
export function hostName(cluster: ClusterId | string, hostIndex: number): string {
  return cluster === 'A' ? `Host ${hostIndex + 1}` : `Host ${cluster}${hostIndex + 1}`;
}

/** A host's node id: `A1` for Host 1, `B2` for Host B2. */
export function hostNodeId(cluster: ClusterId, hostIndex: number): string {
  return `${cluster}${hostIndex + 1}`;
}

/** A cluster's node id (it decides as a whole when it converges): `clusterA`. */
export function clusterNodeId(cluster: ClusterId): string {
  return `cluster${cluster}`;
}

/** A cluster's load balancer node (when the cluster has one, not NLB): `lbA`. */
export function balancerNodeId(cluster: ClusterId): string {
  return `lb${cluster}`;
}

/** The load balancer node's name: `Load balancer` for Cluster A, `Load balancer B` for Cluster B. */
export function balancerName(cluster: ClusterId | string): string {
  return cluster === 'A' ? 'Load balancer' : `Load balancer ${cluster}`;
}

/**
 * A node's name from its id: `A1` -> `Host 1`, `B2` -> `Host B2`, `client1` -> `Client 1`,
 * `router` -> `Router`, `switch` -> `Switch`, `clusterA` -> `Cluster A`, `lbA` -> `Load balancer`. An id of no known shape is
 * its own name.
 */
export function nodeName(id: string): string {
  if (id === 'router') return 'Router';
  if (id === 'switch') return 'Switch';
  const host = /^([A-Z])(\d+)$/.exec(id);
  if (host) return hostName(host[1]!, Number(host[2]) - 1);
  const client = /^client(\d+)$/.exec(id);
  if (client) return `Client ${client[1]}`;
  const balancer = /^lb([A-Z])$/.exec(id);
  if (balancer) return balancerName(balancer[1]!);
  const cluster = /^cluster([A-Z])$/.exec(id);
  if (cluster) return `Cluster ${cluster[1]}`;
  return id;
}
