// The host's own view, as a Windows admin would type it: wlbs query, arp -a, netstat -n, ipconfig
// and route print, made from the engine's state (and the VIP among the host's own addresses).
import { describe, expect, it } from 'vitest';
import { hostCommandOutput } from './hostCommands';
import { Simulation } from './simulation';
import { quietScenario } from './testing';
import type { BalancerConfig } from '../scenario/types';

describe('the host commands', () => {
  it('wlbs query says the state and the members, as wlbs does', () => {
    const sim = new Simulation(quietScenario());
    expect(hostCommandOutput(sim, 'A1', 'wlbs query')).toBe(
      'WLBS cluster 10.0.0.100 (Cluster A), on Host 1:\nHost 1 converged as DEFAULT with the following host(s) as part of the cluster:\n1, 2, 3',
    );
    sim.applyHostAction('A', 1, 'stopNlb');
    expect(hostCommandOutput(sim, 'A2', 'wlbs query')).toMatch(/Host 2 is stopped/);
    expect(hostCommandOutput(sim, 'A1', 'wlbs query')).toMatch(/Host 1 is converging/);
    expect(hostCommandOutput(sim, 'nowhere', 'wlbs query')).toBeNull();
  });

  it("route print and ipconfig list the VIP among the host's own addresses (the reason for Q247768)", () => {
    const sim = new Simulation(quietScenario());
    const routes = hostCommandOutput(sim, 'A2', 'route print')!;
    expect(routes).toMatch(/^10\.0\.0\.100\s+255\.255\.255\.255\s+On-link\s+10\.0\.0\.100\s+276$/m);
    expect(routes).toMatch(/^10\.0\.0\.12\s+255\.255\.255\.255\s+On-link/m);
    expect(routes).toMatch(/^0\.0\.0\.0\s+0\.0\.0\.0\s+10\.0\.0\.1\s+10\.0\.0\.12/m);
    expect(routes).toMatch(/is\s+looped\s+back/);
    const config = hostCommandOutput(sim, 'A2', 'ipconfig')!;
    expect(config).toContain('IPv4 Address. . . . . . . . . . . : 10.0.0.12');
    expect(config).toContain('IPv4 Address. . . . . . . . . . . : 10.0.0.100  (Cluster A IP)');
    expect(config).toContain('Subnet Mask . . . . . . . . . . . : 255.255.255.0');
    // Unicast mode: the NIC carries the cluster MAC.
    expect(config).toContain('Physical Address. . . . . . . . . : 02-BF-0A-00-00-64');
  });

  it('arp -a lists what the host has resolved: the router, once it has answered a client outside', () => {
    const sim = new Simulation(quietScenario());
    expect(hostCommandOutput(sim, 'A1', 'arp -a')).toContain('(no entries)');
    sim.runConnections(30);
    const arp = hostCommandOutput(sim, 'A1', 'arp -a')!;
    expect(arp).toMatch(/^Interface: 10\.0\.0\.11 --- 0x2$/m);
    expect(arp).toMatch(/^\s+10\.0\.0\.1\s+00-0c-29-00-00-01\s+dynamic$/m);
  });

  it('netstat -n lists the open connections with their states; a crashed host answers nothing', () => {
    const s = quietScenario((x) => {
      x.network.serverThinkMs = 400;
      x.client.connectionsPerSecond = 50;
    });
    const sim = new Simulation(s);
    sim.advanceTo(500);
    const open = sim.stats().hosts[0]!.openConnections;
    expect(open).toBeGreaterThan(0);
    const netstat = hostCommandOutput(sim, 'A1', 'netstat -n')!;
    const rows = netstat
      .split('\n')
      .filter((l) => /^\s+TCP\s+10\.0\.0\.100:80\s+172\.16\.\d+\.\d+:\d+\s+ESTABLISHED$/.test(l));
    expect(rows).toHaveLength(open);
    sim.applyHostAction('A', 0, 'crash');
    expect(hostCommandOutput(sim, 'A1', 'netstat -n')).toBe(
      'Host 1 is down: nobody is there to run netstat -n.',
    );
  });

  describe('on a backend of a load balancer of today (no NLB installed)', () => {
    const sim = (balancer: BalancerConfig) =>
      new Simulation(quietScenario((s) => (s.clusters[0]!.balancer = balancer)));

    it('wlbs query is an unknown command, with a note naming the balancer', () => {
      const out = hostCommandOutput(sim({ kind: 'azureIlb' }), 'A2', 'wlbs query')!;
      expect(out.split('\n').slice(0, 2)).toEqual([
        "'wlbs' is not recognized as an internal or external command,",
        'operable program or batch file.',
      ]);
      expect(out.replace(/\s+/g, ' ')).toContain(
        'Windows NLB is not installed on Host 2. It is a backend of Load balancer, 10.0.0.5: Azure internal load balancer,',
      );
      expect(out).not.toMatch(/converged|WLBS cluster/);
      // Cluster B's balancer is Load balancer B.
      const b = new Simulation(
        quietScenario((s) => {
          s.clusters.push({
            ...s.clusters[0]!,
            id: 'B',
            vip: '10.0.0.200',
            hosts: s.clusters[0]!.hosts.map((h, i) => ({ ...h, dip: `10.0.0.${51 + i}` })),
            balancer: { kind: 'haproxy' },
          });
        }),
      );
      expect(hostCommandOutput(b, 'B1', 'wlbs query')!.replace(/\s+/g, ' ')).toContain(
        'a backend of Load balancer B, 10.0.0.6: Proxy (HAProxy)',
      );
      expect(hostCommandOutput(b, 'A1', 'wlbs query')).toMatch(/^WLBS cluster 10\.0\.0\.100/);
    });

    it('a crashed backend answers nothing, wlbs query included', () => {
      const s = sim({ kind: 'awsNlb' });
      s.applyHostAction('A', 0, 'crash');
      expect(hostCommandOutput(s, 'A1', 'wlbs query')).toBe(
        'Host 1 is down: nobody is there to run wlbs query.',
      );
    });

    it('a cloud or pod backend: a /32, the balancer as gateway, and the VIP reached through it', () => {
      for (const kind of ['azureIlb', 'awsNlb', 'kubeProxy'] as const) {
        const s = sim({ kind });
        const config = hostCommandOutput(s, 'A2', 'ipconfig')!;
        expect(config).toContain('Subnet Mask . . . . . . . . . . . : 255.255.255.255');
        expect(config).toContain('Default Gateway . . . . . . . . . : 10.0.0.5');
        expect(config).not.toContain('10.0.0.100');
        // Not NLB's unicast mode: the NIC keeps its own MAC.
        expect(config).toContain('Physical Address. . . . . . . . . : 00-15-5D-00-00-02');
        const routes = hostCommandOutput(s, 'A2', 'route print')!;
        expect(routes).toMatch(/^0\.0\.0\.0\s+0\.0\.0\.0\s+10\.0\.0\.5\s+10\.0\.0\.12\s+20$/m);
        // The gateway is reached by a host route of its own; no /24 network route, no route for the VIP.
        expect(routes).toMatch(/^10\.0\.0\.5\s+255\.255\.255\.255\s+On-link\s+10\.0\.0\.12\s+276$/m);
        expect(routes).not.toMatch(/^10\.0\.0\.0\s/m);
        expect(routes).not.toMatch(/^10\.0\.0\.100\s+255/m);
        expect(routes.match(/^10\.0\.0\.12\s/gm)).toHaveLength(1);
        expect(routes.replace(/\s+/g, ' ')).toContain(
          '10.0.0.100 is not an address of this host: a connection to it goes to the default gateway 10.0.0.5, which is Load balancer:',
        );
        expect(routes).not.toContain('looped back');
      }
    });

    it('local capture: the VIP is a /32 of the backend itself, and route print says how it got there', () => {
      const cases = [
        [{ kind: 'lvsDr' }, 'LVS-DR', 'bound on the loopback adapter'],
        [{ kind: 'gcpInternal' }, "guest agent's", "guest agent's local route"],
        [{ kind: 'azureIlb', floatingIp: true }, 'Floating IP: inferred', 'inferred and illustrative'],
      ] as const;
      for (const [balancer, addressNote, routeNote] of cases) {
        const s = sim(balancer);
        const config = hostCommandOutput(s, 'A2', 'ipconfig')!;
        expect(config).toMatch(
          new RegExp(`IPv4 Address[ .]+: 10\\.0\\.0\\.100  \\(Cluster A VIP: .*${addressNote}`),
        );
        expect(config).toMatch(/10\.0\.0\.100 .*\n\s+Subnet Mask[ .]+: 255\.255\.255\.255/);
        // The dedicated IP keeps its /24 and the router as gateway.
        expect(config).toMatch(/10\.0\.0\.12\n\s+Subnet Mask[ .]+: 255\.255\.255\.0/);
        expect(config).toContain('Default Gateway . . . . . . . . . : 10.0.0.1');
        const routes = hostCommandOutput(s, 'A2', 'route print')!;
        expect(routes).toMatch(/^10\.0\.0\.100\s+255\.255\.255\.255\s+On-link\s+10\.0\.0\.100\s+276$/m);
        const note = routes.replace(/\s+/g, ' ');
        expect(note).toContain(routeNote);
        expect(note).toContain('A connection to it from here is looped back, never reaching the wire or');
        expect(note).not.toContain('NLB driver');
      }
    });

    it('a proxy on the subnet: the VIP is on-link, over the wire to the proxy', () => {
      const s = sim({ kind: 'haproxy' });
      const routes = hostCommandOutput(s, 'A2', 'route print')!;
      expect(routes).toMatch(/^10\.0\.0\.0\s+255\.255\.255\.0\s+On-link/m);
      expect(routes.replace(/\s+/g, ' ')).toContain(
        "10.0.0.100 is on this host's subnet (on-link): a connection to it goes over the wire to Load balancer, 10.0.0.5: Proxy (HAProxy), which holds it.",
      );
    });
  });
});
