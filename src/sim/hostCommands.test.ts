// The host's own view, as a Windows admin would type it: wlbs query, arp -a, netstat -n, ipconfig
// and route print, made from the engine's state (and the VIP among the host's own addresses).
import { describe, expect, it } from 'vitest';
import { hostCommandOutput } from './hostCommands';
import { Simulation } from './simulation';
import { quietScenario } from './testing';

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
});
