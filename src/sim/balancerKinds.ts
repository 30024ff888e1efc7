// What each load balancer is, as MODERN.md states it: its name, which of the three mechanisms it
// uses (with its options), how it picks a backend, where the VIP lives and the sources behind it.
import type { BalancerConfig, BalancerKind } from '../scenario/types';
import { BALANCER_KINDS, BALANCER_NAMES } from '../scenario/balancerNames';

export { BALANCER_KINDS, BALANCER_NAMES };

/**
 * A: local capture (the VIP is a local address on every backend); B: half-NAT hairpin (destination
 * rewritten, source kept); C: full proxy or source NAT.
 */
export type Mechanism = 'A' | 'B' | 'C';

export const MECHANISM_NAMES: Record<Mechanism, string> = {
  A: 'local capture',
  B: 'half-NAT hairpin',
  C: 'full proxy / source NAT',
};

/** How the balancer chooses a backend for a new flow. */
export type PickMethod = 'nlbBuckets' | 'roundRobin' | 'flowHash' | 'random';

/** What the balancer does to a frame for the VIP on its way to the backend. */
export type Rewrite =
  /** Nothing but the MAC: the backend has the VIP itself (direct server return). */
  | 'macOnly'
  /** Destination NAT only: the backend sees the caller's address. */
  | 'dnat'
  /** Destination and source NAT: the backend sees the balancer's address. */
  | 'dnatSnat'
  /** A new connection from the proxy. */
  | 'proxy';

export interface BalancerFacts {
  kind: BalancerKind;
  name: string;
  mechanism: Mechanism;
  pick: PickMethod;
  rewrite: Rewrite;
  /** The VIP is a local address on every backend (loopback or local route): the caller loops back to itself. */
  vipLocalOnBackends: boolean;
  /** Backends send everything through the balancer (the cloud's virtual network, the node's netfilter). */
  backendsRouteViaBalancer: boolean;
  /** Kubernetes: traffic a pod sends to its own Service is source-NATed to the node. */
  snatSelf: boolean;
  /** Kubernetes without hairpin mode: the bridge will not send a frame back out the port it came in by. */
  bridgeDropsHairpin: boolean;
  /** Where the facts come from (MODERN.md). */
  source: string;
  /** What the app shows but no source states (MODERN.md's "inferred"), or null. */
  illustrative: string | null;
  /** How the VIP is bound on a backend, when it is (what the loopback decision names). */
  vipBinding: VipBinding | null;
}

/** How a backend holds the VIP as a local address. */
export type VipBinding = 'lvsLoopback' | 'gcpLocalRoute' | 'azureFloatingLoopback';

/** Absent options take their vendors' defaults: preservation and hairpin on, Floating IP off. */
export function balancerFacts(config: BalancerConfig | undefined): BalancerFacts {
  const kind = config?.kind ?? 'nlb';
  const base = {
    kind,
    name: BALANCER_NAMES[kind],
    snatSelf: false,
    bridgeDropsHairpin: false,
    illustrative: null,
    vipBinding: null,
  };
  switch (kind) {
    case 'nlb':
      return {
        ...base,
        mechanism: 'A',
        pick: 'nlbBuckets',
        rewrite: 'macOnly',
        vipLocalOnBackends: true,
        backendsRouteViaBalancer: false,
        source: 'KB Q247768',
      };
    case 'lvsDr':
      return {
        ...base,
        mechanism: 'A',
        pick: 'roundRobin',
        rewrite: 'macOnly',
        vipLocalOnBackends: true,
        backendsRouteViaBalancer: false,
        vipBinding: 'lvsLoopback',
        source: 'LVS-HOWTO (LVS-DR); kernel ip-sysctl docs (arp_ignore, arp_announce)',
      };
    case 'gcpInternal':
      return {
        ...base,
        mechanism: 'A',
        pick: 'flowHash',
        rewrite: 'macOnly',
        vipLocalOnBackends: true,
        backendsRouteViaBalancer: false,
        vipBinding: 'gcpLocalRoute',
        source: 'cloud.google.com/load-balancing/docs/internal; GoogleCloudPlatform/guest-agent',
        illustrative: 'the flow hash',
      };
    case 'azureIlb':
      return config?.floatingIp
        ? {
            ...base,
            mechanism: 'A',
            pick: 'flowHash',
            rewrite: 'macOnly',
            vipLocalOnBackends: true,
            backendsRouteViaBalancer: false,
            vipBinding: 'azureFloatingLoopback',
            source: 'learn.microsoft.com: load-balancer-floating-ip',
            illustrative: 'the frontend IP on the loopback (inferred), the flow hash',
          }
        : {
            ...base,
            mechanism: 'B',
            pick: 'flowHash',
            rewrite: 'dnat',
            vipLocalOnBackends: false,
            backendsRouteViaBalancer: true,
            source: 'learn.microsoft.com: load-balancer-troubleshoot-backend-traffic, Cause 4',
            illustrative: 'the flow hash',
          };
    case 'awsNlb': {
      const preserved = config?.clientIpPreservation ?? true;
      return {
        ...base,
        mechanism: preserved ? 'B' : 'C',
        pick: 'flowHash',
        rewrite: preserved ? 'dnat' : 'dnatSnat',
        vipLocalOnBackends: false,
        backendsRouteViaBalancer: true,
        source: preserved
          ? 'docs.aws.amazon.com: Network Load Balancer troubleshooting, loopback-timeout'
          : 'docs.aws.amazon.com: target group attributes, Client IP preservation',
        illustrative: 'the flow hash',
      };
    }
    case 'kubeProxy': {
      const hairpin = config?.hairpinMode ?? true;
      return {
        ...base,
        mechanism: hairpin ? 'C' : 'B',
        pick: 'random',
        rewrite: 'dnat',
        vipLocalOnBackends: false,
        backendsRouteViaBalancer: true,
        snatSelf: true,
        bridgeDropsHairpin: !hairpin,
        source:
          'kubernetes.io: Debug Services ("A Pod fails to reach itself via the Service IP"); kube-proxy',
        illustrative: 'the node drawn as one box for kube-proxy and the bridge',
      };
    }
    case 'haproxy':
      return {
        ...base,
        mechanism: 'C',
        pick: 'roundRobin',
        rewrite: 'proxy',
        vipLocalOnBackends: false,
        backendsRouteViaBalancer: false,
        source: 'Envoy "IP Transparency"; nginx proxy_bind; HAProxy docs',
      };
  }
}

/** The balancer's own address on the LAN (Cluster A's, Cluster B's). */
export function balancerIpText(cluster: 'A' | 'B'): string {
  return cluster === 'A' ? '10.0.0.5' : '10.0.0.6';
}
