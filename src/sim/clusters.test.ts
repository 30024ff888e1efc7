// Cluster size (up to 32 hosts), a second cluster on the same switch (the KB Q247768 workaround)
// and KB Q198888 (the cluster IP as the source of a host's outbound connections).
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { bucketOf } from './buckets';
import { CONVERGENCE_MS } from './nlb';
import { makeCluster } from '../scenario/defaults';
import { portRule, quietScenario as scenario } from './testing';

function servedByName(sim: Simulation): Record<string, number> {
  return Object.fromEntries(sim.stats().hosts.map((h) => [h.name, h.served]));
}

function parseIp(dotted: string): number {
  return dotted.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function hexMac(value: number): string {
  return [0, 1, 2, 3, 4, 5]
    .map((i) => (Math.floor(value / 256 ** (5 - i)) % 256).toString(16).toUpperCase().padStart(2, '0'))
    .join('-');
}

describe('cluster size', () => {
  it('32 hosts converge, share 60 buckets as 1 or 2 each, and all serve', () => {
    const sim = new Simulation(scenario((s) => (s.clusters = [makeCluster('A', 32)])));
    const stats = sim.stats();
    expect(stats.hosts).toHaveLength(32);
    expect(stats.clusters[0]!.state).toBe('Converged');
    expect(stats.clusters[0]!.membership).toHaveLength(32);
    expect(stats.hosts[0]!.state).toBe('Converged as DEFAULT');
    expect(stats.hosts.slice(1).every((h) => h.state === 'Converged')).toBe(true);
    const owners = stats.clusters[0]!.bucketOwners;
    const per = stats.hosts.map((h) => owners.filter((o) => o === h.id).length);
    // 60 / 32 = 1.875: 28 hosts get 2 buckets and 4 get 1.
    expect(per.filter((k) => k === 2)).toHaveLength(28);
    expect(per.filter((k) => k === 1)).toHaveLength(4);
    expect(sim.runConnections(1000)).toMatchObject({ completed: 1000, failed: 0 });
    // ~16.7 connections per bucket on average: every host gets some.
    for (const h of sim.stats().hosts) expect(h.served).toBeGreaterThan(0);
  });

  it('32 hosts survive a crash: 31 members share the buckets', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters = [makeCluster('A', 32)];
        s.timeline = [{ atMs: 500, action: 'crash', cluster: 'A', hostIndex: 31 }];
      }),
    );
    sim.advanceTo(500 + 6000 + CONVERGENCE_MS + 10);
    const c = sim.stats().clusters[0]!;
    expect(c.membership).toHaveLength(31);
    expect(c.bucketOwners).not.toContain('A32');
    expect(c.bucketOwners).not.toContain(null);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
  });
});

describe('Cluster B on the same switch: the documented workaround', () => {
  const twoClusters = (affinityB: 'none' | 'single') =>
    scenario((s) => {
      const b = makeCluster('B', 3);
      b.portRules[0]!.affinity = affinityB;
      s.clusters = [makeCluster('A', 3), b];
      s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 };
      s.client.target = { kind: 'vip', cluster: 'B' };
    });

  it('each cluster has its own cluster MAC on its hosts', () => {
    const sim = new Simulation(twoClusters('single'));
    expect(sim.hosts.map((h) => hexMac(h.nicMac))).toEqual([
      ...Array(3).fill('02-BF-0A-00-00-64'),
      ...Array(3).fill('02-BF-0A-00-00-C8'), // VIP 10.0.0.200
    ]);
  });

  it('a client on Host 2 reaches Cluster B VIP over the wire, balanced over B hosts (affinity None)', () => {
    const sim = new Simulation(twoClusters('none'));
    expect(sim.runConnections(90)).toMatchObject({ completed: 90, failed: 0 });
    const counts = servedByName(sim);
    expect(counts['Host 1']! + counts['Host 2']! + counts['Host 3']!).toBe(0);
    for (const name of ['Host B1', 'Host B2', 'Host B3']) expect(counts[name]).toBeGreaterThan(0);
    const stats = sim.stats();
    expect(stats.loopbackConnections).toBe(0);
    expect(stats.framesOnWire).toBe(90 * 8);
  });

  it('with Single affinity the one client address goes to the owner of its bucket in Cluster B, filtered by B NLB', () => {
    const sim = new Simulation(twoClusters('single'));
    const b = sim.clusters[1]!;
    const owner = b.rules[0]!.owners[bucketOf(parseIp('10.0.0.12'), 0, 'single', 60)]!; // Host 2's dedicated IP
    expect(sim.runConnections(30)).toMatchObject({ completed: 30, failed: 0 });
    const counts = servedByName(sim);
    expect(counts[`Host B${owner + 1}`]).toBe(30);
    sim.openConnection();
    sim.advanceTo(sim.now + 50);
    const verdicts = sim.take().decisions.filter((d) => / NLB: SYN from 10\.0\.0\.12:/.test(decisionText(d)));
    expect(verdicts.map((d) => d.node).sort()).toEqual(['B1', 'B2', 'B3']);
    expect(verdicts.filter((d) => d.action === 'accept').map((d) => d.node)).toEqual([`B${owner + 1}`]);
  });

  it('gets Cluster B fault tolerance: when the serving B host crashes, another B host takes over', () => {
    const sim = new Simulation(twoClusters('single'));
    const owner = sim.clusters[1]!.rules[0]!.owners[bucketOf(parseIp('10.0.0.12'), 0, 'single', 60)]!;
    sim.applyHostAction('B', owner, 'crash');
    sim.advanceTo(6000 + CONVERGENCE_MS + 10);
    expect(sim.runConnections(30)).toMatchObject({ completed: 30, failed: 0 });
    const counts = servedByName(sim);
    expect(counts[`Host B${owner + 1}`]).toBe(0);
    expect(counts['Host B1']! + counts['Host B2']! + counts['Host B3']!).toBe(30);
  });
});

describe('KB Q198888: the cluster IP as the source address of outbound connections', () => {
  // The KB's set-up: five hosts, port rules for the served port only, so a reply to a host's own
  // (ephemeral) port matches no rule and goes to the default host.
  const q198888 = (hostIndex: number, allPorts = false) =>
    scenario((s) => {
      s.clusters[0] = makeCluster('A', 5);
      s.clusters[0].clusterIpAsSource = true;
      if (!allPorts) s.clusters[0].portRules = [portRule({ startPort: 80, endPort: 80, protocol: 'tcp' })];
      s.client.location = { kind: 'host', cluster: 'A', hostIndex };
      s.client.target = { kind: 'outside' };
    });

  it("with 5 hosts, the default host's outbound connections work and every other host's fail", () => {
    const results = [0, 1, 2, 3, 4].map((hostIndex) => new Simulation(q198888(hostIndex)).runConnections(20));
    expect(results[0]).toMatchObject({ completed: 20, failed: 0 }); // Host 1: the default host
    for (const r of results.slice(1)) expect(r).toMatchObject({ completed: 0, failed: 20 });
  });

  it('the reply is taken by the default host, which knows no such connection and answers RST', () => {
    const sim = new Simulation(q198888(2));
    const id = sim.openConnection();
    sim.advanceTo(200);
    const decisions = sim.take().decisions.filter((d) => d.connId === id);
    const open = decisions.find((d) => d.action === 'open')!;
    expect(decisionText(open)).toContain('from 10.0.0.100:'); // the VIP is the source
    const replies = decisions.filter((d) => d.code === 'nlb.acceptDefault' || d.code === 'nlb.dropDefault');
    expect(replies.length).toBeGreaterThanOrEqual(5);
    expect(new Set(replies.filter((d) => d.action === 'accept').map((d) => d.node))).toEqual(new Set(['A1']));
    expect(decisionText(replies.find((d) => d.node === 'A3')!)).toMatch(/no port rule covers port 4915\d/);
    expect(
      decisions.some(
        (d) => d.node === 'A1' && d.action === 'reset' && /no connection matches/.test(decisionText(d)),
      ),
    ).toBe(true);
    sim.advanceTo(30_000);
    expect(sim.stats().failedConnections).toBe(1);
  });

  it("with an all-ports rule instead (not the KB's case) the replies go to the owner of their bucket", () => {
    const probe = new Simulation(q198888(0, true));
    const owner = probe.clusters[0]!.rules[0]!.owners[bucketOf(parseIp('172.16.0.1'), 80, 'single', 60)]!;
    const results = [0, 1, 2, 3, 4].map((h) => new Simulation(q198888(h, true)).runConnections(5).completed);
    expect(results.map((n, h) => (h === owner ? n === 5 : n === 0)).every(Boolean)).toBe(true);
  });
});
