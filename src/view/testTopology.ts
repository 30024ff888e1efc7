// A topology for view tests: a client behind a router, a switch, and `hosts` hosts of Cluster A; and a
// SYN hop from its switch.
import type { Hop, Topology, TopologyNode } from '../sim/types';

export function testTopology(hosts: number): Topology {
  const nodes: TopologyNode[] = [
    { id: 'c1', kind: 'client', name: 'Client 1', ips: ['172.16.0.1 … (1000 addresses)'], mac: '' },
    { id: 'r', kind: 'router', name: 'Router', ips: ['10.0.0.1', '192.0.2.1'], mac: '' },
    { id: 's', kind: 'switch', name: 'Switch', ips: [], mac: '' },
  ];
  const links = [
    { id: 'l-c', a: 'c1', b: 'r' },
    { id: 'l-r', a: 'r', b: 's' },
  ];
  for (let i = 0; i < hosts; i++) {
    nodes.push({
      id: `h${i}`,
      kind: 'host',
      name: `Host ${i + 1}`,
      ips: [`10.0.0.${11 + i}`],
      mac: '',
      cluster: 'A',
      hostIndex: i,
    });
    links.push({ id: `l-h${i}`, a: 's', b: `h${i}` });
  }
  return {
    nodes,
    links,
    clusters: [
      {
        id: 'A',
        name: 'Cluster A',
        vip: '10.0.0.100',
        mode: 'unicast',
        clusterMac: '02-BF-0A-00-00-64',
        bucketCount: 60,
        balancer: {
          kind: 'nlb',
          name: 'Windows NLB',
          mechanism: 'A',
          mechanismName: 'local capture',
          source: 'KB Q247768',
          illustrative: null,
          node: null,
        },
      },
    ],
  };
}

/** Frame `frameId`'s SYN from the switch to host `to`, on its link from `t0` to `t1` (simulated ms). */
export function synFromSwitch(frameId: number, to: string, t0: number, t1: number): Hop {
  return { frameId, from: 's', to, t0, t1, kind: 'syn', loopback: false, connId: frameId };
}
