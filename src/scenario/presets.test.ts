// The gallery: every preset is valid, runs in the engine, and shows what its description says.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../sim/simulation';
import { PRESETS, findPreset, presetScenario } from './presets';
import { ID_PATTERN } from './schema';
import { BALANCER_KINDS } from './balancerNames';
import type { BalancerKind } from './types';
import { parseScenario } from './validate';

const CLUSTER_MAC_A = 0x02bf0a000064;

function served(sim: Simulation): Record<string, number> {
  return Object.fromEntries(sim.stats().hosts.map((h) => [h.name, h.served]));
}

function simOf(id: string): Simulation {
  return new Simulation(findPreset(id)!.scenario);
}

describe('every preset', () => {
  it('has a unique id, a title and a one-line description', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('default'); // reserved for the default scenario as a link base
    for (const p of PRESETS) {
      expect(p.id).toMatch(ID_PATTERN);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.scenario.title).toBe(p.title);
      expect(p.description).not.toMatch(/\n/);
      expect(p.description.length).toBeLessThanOrEqual(160);
    }
    expect(PRESETS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s passes parseScenario', (_id, preset) => {
    const result = parseScenario(preset.scenario);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s runs 50 connections in the engine (without changing the preset)',
    (_id, preset) => {
      // The preset's scenario is frozen, so an engine that wrote to it would throw here.
      expect(Object.isFrozen(preset.scenario.clusters[0]!.hosts[0])).toBe(true);
      const sim = new Simulation(preset.scenario);
      const result = sim.runConnections(50);
      expect(result.completed + result.failed).toBe(50);
    },
  );

  it('gives an editable copy through presetScenario, and nothing for an unknown id', () => {
    const copy = presetScenario('kb-outside')!;
    copy.seed = 2;
    expect(findPreset('kb-outside')!.scenario.seed).toBe(1);
    expect(presetScenario('nope')).toBeUndefined();
  });
});

describe('each preset shows what its description says', () => {
  it('kb-outside: connections from outside are spread over every host, all on the wire', () => {
    const sim = simOf('kb-outside');
    sim.runConnections(300);
    for (const n of Object.values(served(sim))) expect(n).toBeGreaterThan(50);
    expect(sim.stats().loopbackConnections).toBe(0);
  });

  it('kb-on-host: every connection loops back inside Host 1 and nothing reaches the wire', () => {
    const sim = simOf('kb-on-host');
    expect(sim.runConnections(50)).toMatchObject({ completed: 50, failed: 0 });
    expect(served(sim)).toEqual({ 'Host 1': 50, 'Host 2': 0, 'Host 3': 0 });
    expect(sim.stats().framesOnWire).toBe(0);
    expect(sim.stats().loopbackConnections).toBe(50);
  });

  it("kb-no-failover: with Host 1's server stopped every connection fails, though the others are healthy", () => {
    const sim = simOf('kb-no-failover');
    expect(sim.runConnections(50)).toMatchObject({ completed: 0, failed: 50 });
    expect(sim.stats().clusterState).toBe('Converged');
  });

  it('workaround-dip: Host 2 serves the connections to its dedicated IP, over the wire', () => {
    const sim = simOf('workaround-dip');
    expect(sim.runConnections(50)).toMatchObject({ completed: 50, failed: 0 });
    expect(served(sim)['Host 2']).toBe(50);
    expect(sim.stats().framesOnWire).toBeGreaterThan(0);
  });

  it('workaround-cluster-b: Cluster B balances the client on Host 2', () => {
    const sim = simOf('workaround-cluster-b');
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    const counts = served(sim);
    expect(counts['Host 1']! + counts['Host 2']! + counts['Host 3']!).toBe(0);
    for (const name of ['Host B1', 'Host B2', 'Host B3']) expect(counts[name]).toBeGreaterThan(50);
  });

  it('host-crash: Host 2 crashes at 2 s, SYNs are retransmitted, and the others converge without it', () => {
    const sim = simOf('host-crash');
    sim.advanceTo(1999);
    expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 2', 'Host 3']);
    sim.advanceTo(20_000);
    const stats = sim.stats();
    expect(stats.clusters[0]!.membership).toEqual(['Host 1', 'Host 3']);
    expect(stats.retransmissions).toBeGreaterThan(0);
    expect(stats.hosts[1]!.state).toBe('Unknown');
  });

  it('drainstop: Host 3 finishes its connections, takes no new ones, then stops; nobody fails', () => {
    const sim = simOf('drainstop');
    sim.advanceTo(2000);
    const before = sim.stats().hosts[2]!.openConnections;
    expect(before).toBeGreaterThan(0);
    sim.advanceTo(10_000);
    const stats = sim.stats();
    expect(stats.hosts[2]!.state).toBe('Stopped');
    expect(stats.failedConnections).toBe(0);
  });

  it('affinity None spreads the proxy farm; Single is lumpy; Network puts it all on one host', () => {
    const shares = (id: string) => {
      const sim = simOf(id);
      sim.runConnections(300);
      return Object.values(served(sim));
    };
    const none = shares('affinity-none');
    for (const n of none) expect(n).toBeGreaterThan(50);
    const single = shares('affinity-single');
    expect(Math.max(...single) - Math.min(...single)).toBeGreaterThan(100);
    expect(shares('affinity-network').sort((a, b) => b - a)).toEqual([300, 0, 0]);
  });

  it('unicast-flooding: the switch never learns the cluster MAC and floods VIP frames', () => {
    const sim = simOf('unicast-flooding');
    sim.runConnections(20);
    expect([...sim.switch.macTable.keys()]).not.toContain(CLUSTER_MAC_A);
    expect(sim.world.recorder.countOf('flood')).toBeGreaterThan(0);
  });

  it("unicast-dip-q197864: Host 1 cannot reach Host 2's dedicated IP", () => {
    expect(simOf('unicast-dip-q197864').runConnections(10)).toMatchObject({ completed: 0, failed: 10 });
  });

  it('masking-off: the switch learns the cluster MAC on one port and connections fail', () => {
    const sim = simOf('masking-off');
    sim.advanceTo(2000);
    expect([...sim.switch.macTable.keys()]).toContain(CLUSTER_MAC_A);
    expect(sim.runConnections(50).failed).toBeGreaterThan(0);
  });

  it.each(['multicast', 'igmp'])('%s: outside clients are still balanced over every host', (id) => {
    const sim = simOf(id);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    for (const n of Object.values(served(sim))) expect(n).toBeGreaterThan(50);
  });

  it('load-weights: weights 30 and 60 give about one third and two thirds', () => {
    const sim = simOf('load-weights');
    sim.runConnections(300);
    const counts = served(sim);
    expect(counts['Host 1']).toBeGreaterThan(60);
    expect(counts['Host 1']).toBeLessThan(140);
    expect(counts['Host 1']! + counts['Host 2']!).toBe(300);
  });

  it('default-host: port 8080, which no rule covers, goes to Host 3 (priority 1)', () => {
    const sim = simOf('default-host');
    expect(sim.runConnections(50)).toMatchObject({ completed: 50, failed: 0 });
    expect(served(sim)['Host 3']).toBe(50);
  });

  it('single-host-rule: everything goes to Host 1, the best handling priority', () => {
    const sim = simOf('single-host-rule');
    sim.runConnections(50);
    expect(served(sim)['Host 1']).toBe(50);
  });

  it('rules-mismatch: Host 3 is kept out and Hosts 1 and 2 serve every connection (Q198496)', () => {
    const sim = simOf('rules-mismatch');
    expect(sim.runConnections(20)).toMatchObject({ completed: 20, failed: 0 });
    expect(served(sim)['Host 3']).toBe(0);
    expect(sim.stats().clusters[0]!.conflict).toMatch(/Host 3's port rules differ/);
  });

  it('q198888: with the cluster IP as source, the replies to Host 2 go to the default host, so its connections fail', () => {
    expect(simOf('q198888').runConnections(20)).toMatchObject({ completed: 0, failed: 20 });
  });
});

// ---- Load balancers today (MODERN.md) ------------------------------------------------------------

/** Cluster A's load balancer kind in a preset (NLB when it has none). */
function kindOf(id: string): BalancerKind {
  return findPreset(id)!.scenario.clusters[0]!.balancer?.kind ?? 'nlb';
}

const MODERN = PRESETS.filter((p) => kindOf(p.id) !== 'nlb');

describe('the presets for the load balancers of today', () => {
  it('cover every system, each with a backend (Host 1) calling its own VIP, after the NLB presets', () => {
    expect(new Set(MODERN.map((p) => kindOf(p.id)))).toEqual(
      new Set(BALANCER_KINDS.filter((k) => k !== 'nlb')),
    );
    for (const p of MODERN) {
      expect(p.scenario.client.location, p.id).toEqual({ kind: 'host', cluster: 'A', hostIndex: 0 });
      expect(p.scenario.client.target, p.id).toEqual({ kind: 'vip', cluster: 'A' });
    }
    // Grouped: the gallery lists them together, after every Windows NLB preset.
    const first = PRESETS.findIndex((p) => kindOf(p.id) !== 'nlb');
    expect(PRESETS.slice(first).every((p) => kindOf(p.id) !== 'nlb')).toBe(true);
    expect(MODERN.map((p) => p.id)).toEqual([
      'k8s-self-service',
      'k8s-no-hairpin',
      'azure-hairpin',
      'azure-floating-ip',
      'aws-preservation',
      'aws-preservation-off',
      'gcp-answers-itself',
      'lvs-dr',
      'haproxy-fixes-it',
    ]);
  });

  it('say "illustrative" where MODERN.md infers (the Floating IP frontend on the loopback)', () => {
    expect(findPreset('azure-floating-ip')!.description).toMatch(/inferred, so illustrative/);
    for (const p of MODERN.filter((x) => x.id !== 'azure-floating-ip'))
      expect(p.description, p.id).not.toMatch(/inferred/);
  });

  it.each(['k8s-self-service', 'aws-preservation-off', 'haproxy-fixes-it'])(
    '%s: none of 300 fail, and Host 1 serves about a third over the wire',
    (id) => {
      const sim = simOf(id);
      expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
      const counts = served(sim);
      for (const n of Object.values(counts)) expect(n).toBeGreaterThan(50);
      expect(counts['Host 1']).toBeLessThan(150);
      expect(sim.stats().loopbackConnections).toBe(0);
    },
  );

  it.each(['k8s-no-hairpin', 'azure-hairpin', 'aws-preservation'])(
    '%s: about one in three of 300 time out, and Host 1 serves none',
    (id) => {
      const sim = simOf(id);
      const result = sim.runConnections(300);
      expect(result.failed).toBeGreaterThanOrEqual(60);
      expect(result.failed).toBeLessThanOrEqual(130);
      expect(result.failedHow).toEqual({ timeout: result.failed });
      expect(served(sim)['Host 1']).toBe(0);
    },
  );

  it.each(['azure-floating-ip', 'gcp-answers-itself', 'lvs-dr'])(
    '%s: Host 1 answers itself through its loopback, nothing on the wire',
    (id) => {
      const sim = simOf(id);
      expect(sim.runConnections(50)).toMatchObject({ completed: 50, failed: 0 });
      expect(served(sim)).toEqual({ 'Host 1': 50, 'Host 2': 0, 'Host 3': 0 });
      expect(sim.stats().framesOnWire).toBe(0);
      expect(sim.stats().loopbackConnections).toBe(50);
    },
  );

  it('haproxy-fixes-it: requests take 1 s, as its description says', () => {
    expect(findPreset('haproxy-fixes-it')!.scenario.network.serverThinkMs).toBe(1000);
    expect(findPreset('haproxy-fixes-it')!.description).toMatch(/Requests take 1 s/);
  });
});
