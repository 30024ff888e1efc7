// The gallery: built-in scenarios, each a small change to the default one, for sharing and teaching.
// They are also the bases that links encode their differences from (see link.ts): ids are forever.
import { defaultPortRule, defaultScenario, makeCluster } from './defaults';
import type { Affinity, BalancerConfig, ClusterConfig, Scenario } from './types';

export interface Preset {
  /** Stable id: used in links and lessons; never rename one. */
  id: string;
  title: string;
  /** One line. */
  description: string;
  scenario: Scenario;
}

/** A preset's scenario: the default one, titled, with `change` applied. */
function build(title: string, change: (s: Scenario) => void = () => {}): Scenario {
  const s = defaultScenario();
  s.title = title;
  change(s);
  return s;
}

function clusterA(s: Scenario): ClusterConfig {
  return s.clusters[0]!;
}

/** The outside client's addresses stand for a proxy farm: 4 addresses in one /24 (172.16.0.1–4). */
const PROXY_FARM_ADDRESSES = 4;

/** The client sends `bytes`-byte queries to a UDP service on port 5000; one all-ports rule with `affinity`. */
function udpQueries(bytes: number, affinity: Affinity): (s: Scenario) => void {
  return (s) => {
    s.client.protocol = 'udp';
    s.client.port = 5000;
    s.client.datagramBytes = bytes;
    clusterA(s).portRules = [{ ...defaultPortRule(), affinity }];
  };
}

interface PresetDefinition {
  id: string;
  title: string;
  description: string;
  change?: (s: Scenario) => void;
}

function definePresets(): Preset[] {
  const list: PresetDefinition[] = [];
  const add = (id: string, title: string, description: string, change?: (s: Scenario) => void) =>
    list.push({ id, title, description, change });

  // ---- KB Q247768 ----------------------------------------------------------------------------
  add(
    'kb-outside',
    'The KB case: client outside',
    'A client outside the cluster connects to the VIP: every host gets a share.',
  );
  add(
    'kb-on-host',
    'The KB case: client on a host',
    'The same client runs on Host 1: every connection to the VIP loops back inside Host 1 and nothing reaches the wire.',
    (s) => {
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
    },
  );
  add(
    'kb-no-failover',
    'The KB case: no failover',
    "The client on Host 1 connects to the VIP while Host 1's server is stopped: every connection fails, though Hosts 2 and 3 are healthy.",
    (s) => {
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      clusterA(s).hosts[0]!.serverRunning = false;
    },
  );
  add(
    'workaround-dip',
    'Workaround 1: a dedicated IP',
    "The client on Host 1 connects to Host 2's dedicated IP (multicast mode, so hosts can reach each other): Host 2 serves it over the wire.",
    (s) => {
      clusterA(s).mode = 'multicast';
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 1 };
    },
  );
  add(
    'workaround-cluster-b',
    'Workaround 2: the server on Cluster B',
    "A client on Host 2 connects to Cluster B's VIP, which is not local to it: Cluster B (affinity None) balances the connections.",
    (s) => {
      const b = makeCluster('B', 3);
      b.portRules[0]!.affinity = 'none';
      s.clusters.push(b);
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
      s.client.target = { kind: 'vip', cluster: 'B' };
    },
  );

  // ---- Faults and operations -------------------------------------------------------------------
  add(
    'host-crash',
    'Host failure and convergence',
    'Host 2 crashes at 2 s: connections in its buckets go unanswered until the others miss 5 heartbeats and converge.',
    (s) => {
      s.timeline = [{ atMs: 2000, action: 'crash', cluster: 'A', hostIndex: 1 }];
    },
  );
  add(
    'drainstop',
    'Drainstop',
    'Host 3 is drain-stopped at 2 s: it takes no new connections, finishes the ones it has (each lasts about 2 s), then leaves.',
    (s) => {
      s.network.serverThinkMs = 2000;
      s.timeline = [{ atMs: 2000, action: 'drainstop', cluster: 'A', hostIndex: 2 }];
    },
  );

  // ---- Affinity, with clients behind a proxy farm ---------------------------------------------
  const proxy = (affinity: 'none' | 'single' | 'network') => (s: Scenario) => {
    s.client.sourceAddresses = PROXY_FARM_ADDRESSES;
    clusterA(s).portRules[0]!.affinity = affinity;
  };
  add(
    'affinity-none',
    'Affinity None behind a proxy',
    'Clients come through 4 proxy addresses in one /24; affinity None hashes address and port, so connections spread.',
    proxy('none'),
  );
  add(
    'affinity-single',
    'Affinity Single behind a proxy',
    'The same proxy farm with affinity Single: each proxy address sticks to one host, so the split is lumpy.',
    proxy('single'),
  );
  add(
    'affinity-network',
    'Affinity Network behind a proxy',
    "The same proxy farm with affinity Network: the farm's /24 is one bucket, so it all lands on one host.",
    proxy('network'),
  );

  // ---- Cluster modes and the switch ----------------------------------------------------------
  add(
    'unicast-flooding',
    'Unicast mode: the switch floods',
    'Masked source MACs keep the switch from learning the cluster MAC, so it floods every VIP frame to every port.',
  );
  add(
    'unicast-dip-q197864',
    'Unicast: hosts cannot reach each other (Q197864)',
    "Host 1 connects to Host 2's dedicated IP in unicast mode: every host has the cluster MAC, so the connection fails.",
    (s) => {
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 1 };
    },
  );
  add(
    'second-nic',
    'A second network adapter (Q233279)',
    "Unicast mode, and every host has a second NIC for dedicated traffic: Host 1 reaches Host 2's dedicated IP through the second NICs.",
    (s) => {
      for (const h of clusterA(s).hosts) h.secondNic = true;
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 1 };
    },
  );
  add(
    'unicast-inter-host',
    'Unicast inter-host communication',
    "Unicast mode, one NIC, inter-host communication on: each host also has a MAC of its own, so Host 1 reaches Host 2's dedicated IP.",
    (s) => {
      clusterA(s).unicastInterHost = true;
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      s.client.target = { kind: 'dip', cluster: 'A', hostIndex: 1 };
    },
  );
  add(
    'masking-off',
    'Unicast with MaskSourceMAC off',
    'Hosts send with the cluster MAC as source, so the switch learns it on one port and VIP traffic reaches one host only.',
    (s) => {
      clusterA(s).maskSourceMac = false;
    },
  );
  add(
    'multicast',
    'Multicast mode',
    'NICs keep their own MACs and also accept 03-BF-0A-00-00-64; the router has a static ARP entry for the VIP.',
    (s) => {
      clusterA(s).mode = 'multicast';
    },
  );
  add(
    'igmp',
    'IGMP multicast mode',
    'Like multicast, with a 01-00-5E… MAC that IGMP-snooping switches can track (its last bytes are illustrative).',
    (s) => {
      clusterA(s).mode = 'igmp';
    },
  );

  add(
    'igmp-two-clusters',
    'IGMP multicast, two clusters, no snooping',
    "Both clusters in IGMP multicast mode on a switch without IGMP snooping: each cluster's traffic is flooded to every port, the other cluster's too.",
    (s) => {
      clusterA(s).mode = 'igmp';
      s.clusters.push({ ...makeCluster('B', 3), mode: 'igmp' });
    },
  );
  add(
    'igmp-snooping',
    'IGMP multicast with a snooping switch',
    "Both clusters in IGMP multicast mode on a switch with IGMP snooping: each cluster's traffic reaches its own hosts' ports only.",
    (s) => {
      clusterA(s).mode = 'igmp';
      s.clusters.push({ ...makeCluster('B', 3), mode: 'igmp' });
      s.network.igmpSnooping = true;
    },
  );

  // ---- Port rules, weights and the default host ----------------------------------------------
  add(
    'load-weights',
    'Load weights 30 and 60',
    'Two hosts with load weights 30 and 60 on a rule without equal load: one third and two thirds of the buckets.',
    (s) => {
      const c = makeCluster('A', 2);
      c.hosts[0]!.loadWeight = 30;
      c.hosts[1]!.loadWeight = 60;
      c.portRules[0]!.equalLoad = false;
      s.clusters = [c];
    },
  );
  add(
    'default-host',
    'The default host',
    'The only port rule covers TCP port 80; the client connects to port 8080, so the default host (Host 3, priority 1) takes it all.',
    (s) => {
      const c = clusterA(s);
      c.portRules = [{ ...defaultPortRule(), startPort: 80, endPort: 80, protocol: 'tcp' }];
      c.hosts[0]!.priority = 3;
      c.hosts[2]!.priority = 1;
      s.client.port = 8080;
    },
  );
  add(
    'single-host-rule',
    'A single-host port rule',
    'The rule sends everything to the host with the best handling priority (Host 1); if it fails, the next one takes over.',
    (s) => {
      clusterA(s).portRules[0]!.filtering = 'single';
    },
  );
  add(
    'rules-mismatch',
    'Port rules that differ',
    "Host 3's port rule has affinity None, the others' Single: NLB keeps Host 3 out of the cluster and Hosts 1 and 2 go on serving (Q198496).",
    (s) => {
      clusterA(s).hosts[2]!.portRules = [{ ...defaultPortRule(), affinity: 'none' }];
    },
  );
  add(
    'q198888',
    'Cluster IP as source (Q198888)',
    'Host 2 connects out from the cluster IP; as in the KB the rules cover only port 80, so its replies go to the default host and its connections fail.',
    (s) => {
      clusterA(s).clusterIpAsSource = true;
      // The KB's set-up: a rule for the served port only; replies to other ports go to the default host.
      clusterA(s).portRules = [{ ...defaultPortRule(), startPort: 80, endPort: 80, protocol: 'tcp' }];
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
      s.client.target = { kind: 'outside' };
    },
  );

  // ---- UDP, balanced per datagram ------------------------------------------------------------
  add(
    'udp-dns',
    'UDP: balanced datagram by datagram',
    'A query service on UDP port 5000: NLB keeps no connection for UDP and balances each query on its own (affinity None).',
    udpQueries(512, 'none'),
  );
  add(
    'udp-fragments',
    'Fragmented UDP and affinity None (Q229064)',
    '4,000-byte UDP queries are fragmented; only the first fragment carries the port, so with affinity None the rest often reach another host.',
    udpQueries(4000, 'none'),
  );
  add(
    'udp-fragments-single',
    "Fragmented UDP, the KB's fix: affinity Single",
    'The same 4,000-byte queries with affinity Single on the all-ports rule: NLB hashes the client IP only, so every fragment reaches the same host.',
    udpQueries(4000, 'single'),
  );

  // ---- Load balancers today (MODERN.md): the same question, a backend calling its own VIP -------
  // One system each. The client runs on Host 1, a backend, and connects to the VIP; the gallery
  // groups these under their own heading (a preset belongs there when its balancer is not NLB).
  const onHost1 =
    (balancer: BalancerConfig, change: (s: Scenario) => void = () => {}) =>
    (s: Scenario) => {
      clusterA(s).balancer = balancer;
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 0 };
      change(s);
    };
  add(
    'k8s-self-service',
    'A pod calls its own Service',
    "A pod on Host 1 calls its Service's IP: kube-proxy picks a random pod and source-NATs the picks of the caller itself; with hairpin mode on, none fail.",
    onHost1({ kind: 'kubeProxy' }),
  );
  add(
    'k8s-no-hairpin',
    'A pod calls its own Service, hairpin mode off',
    "The same call with the node bridge's hairpin mode off: the third of connections kube-proxy sends back to the calling pod hang, then time out.",
    onHost1({ kind: 'kubeProxy', hairpinMode: false }),
  );
  add(
    'azure-hairpin',
    'One request in three hangs on Azure',
    'A VM behind an Azure internal load balancer calls its frontend: flows hashed back to the VM arrive from its own address, are dropped and time out.',
    onHost1({ kind: 'azureIlb' }),
  );
  add(
    'azure-floating-ip',
    'Azure with Floating IP: the VM answers itself',
    "Floating IP on: the frontend IP is on each VM's loopback (inferred, so illustrative), and Host 1 loops its calls back to itself, as with NLB.",
    onHost1({ kind: 'azureIlb', floatingIp: true }),
  );
  add(
    'aws-preservation',
    'AWS NLB, client IP preservation on',
    'Host 1, a target of an AWS Network Load Balancer with client IP preservation on, calls it: about one connection in three times out.',
    onHost1({ kind: 'awsNlb', clientIpPreservation: true }),
  );
  add(
    'aws-preservation-off',
    'AWS NLB, client IP preservation off',
    "The same call with preservation off: the NLB's own address, 10.0.0.5, becomes the source, so every reply comes back through it; none fail.",
    onHost1({ kind: 'awsNlb', clientIpPreservation: false }),
  );
  add(
    'gcp-answers-itself',
    'Why Google answers itself',
    "A backend of a Google Cloud internal passthrough load balancer calls its IP: the guest agent's local route loops every call back to the backend itself.",
    onHost1({ kind: 'gcpInternal' }),
  );
  add(
    'lvs-dr',
    'Linux LVS direct routing: the VIP on lo',
    "The real servers hold the VIP on lo, with ARP for it suppressed: Host 1's calls to the VIP never leave it and it serves them all itself, as with NLB.",
    onHost1({ kind: 'lvsDr' }),
  );
  add(
    'haproxy-fixes-it',
    'The proxy fixes it',
    "HAProxy (10.0.0.5) ends Host 1's call and opens its own to a backend: none fail, and backends see the proxy as client. Requests take 1 s here.",
    onHost1({ kind: 'haproxy' }, (s) => {
      // Long enough for `netstat -n` to catch the proxy's connections open (the lesson looks).
      s.network.serverThinkMs = 1000;
    }),
  );

  return list.map(({ id, title, description, change }) => ({
    id,
    title,
    description,
    scenario: deepFreeze(build(title, change)),
  }));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Every preset, in gallery order. Their scenarios are frozen: use presetScenario() for a copy to edit. */
export const PRESETS: readonly Preset[] = Object.freeze(definePresets());

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** A fresh, editable copy of a preset's scenario, or undefined for an unknown id. */
export function presetScenario(id: string): Scenario | undefined {
  const preset = findPreset(id);
  return preset ? structuredClone(preset.scenario) : undefined;
}
