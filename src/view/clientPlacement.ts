// Where the client application is drawn and whether its connections loop back inside its host: one
// answer for every stage that draws a lab (the page's and a split view's second lab).
import type { NodeId, Topology } from '../sim/types';
import type { ClientLocation, ClientTarget } from '../scenario/types';

/** The topology as drawn: a client that runs on a host is drawn inside it, so the outside client box goes. */
export function drawnTopology(topology: Topology | null, location: ClientLocation): Topology | null {
  if (!topology || location.kind !== 'host') return topology;
  const nodes = topology.nodes.filter((n) => n.kind !== 'client');
  const ids = new Set(nodes.map((n) => n.id));
  return { ...topology, nodes, links: topology.links.filter((l) => ids.has(l.a) && ids.has(l.b)) };
}

/** The host the client runs on, or null when it runs outside. */
export function clientHostOf(topology: Topology | null, location: ClientLocation): NodeId | null {
  if (location.kind !== 'host' || !topology) return null;
  const node = topology.nodes.find(
    (n) => n.kind === 'host' && n.cluster === location.cluster && n.hostIndex === location.hostIndex,
  );
  return node?.id ?? null;
}

/**
 * The client's connections loop back only when they go to one of its host's own addresses: its
 * cluster's VIP where the VIP is a local address of every host (mechanism A: NLB, KB Q247768, LVS-DR,
 * Google Cloud, Azure Floating IP) or its own dedicated IP. Another host's DIP, Cluster B, or a VIP a
 * balancer node owns (mechanisms B and C) go on the wire.
 */
export function clientLoopsBack(
  topology: Topology | null,
  location: ClientLocation,
  target: ClientTarget,
): boolean {
  if (location.kind !== 'host') return false;
  if (target.kind === 'dip')
    return target.cluster === location.cluster && target.hostIndex === location.hostIndex;
  if (target.kind !== 'vip' || target.cluster !== location.cluster) return false;
  const mechanism = topology?.clusters.find((c) => c.id === location.cluster)?.balancer.mechanism;
  return (mechanism ?? 'A') === 'A';
}
