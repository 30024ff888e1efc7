// Buckets, load weights and affinity (NLB.md, "The accept/drop decision").
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { assignBuckets, bucketOf, bucketTargets, type BucketCandidate } from './buckets';
import type { Affinity } from '../scenario/types';
import { bucketsPerHost, quietScenario as scenario, servedList as served } from './testing';

function parseIp(dotted: string): number {
  return dotted.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/**
 * Run connections one by one at full detail and return, per connection, the client address it came
 * from (the client's "open" decision) and the host whose server accepted it.
 */
function tracedConnections(sim: Simulation, count: number): { src: string; server: string }[] {
  for (let i = 0; i < count; i++) {
    sim.openConnection();
    sim.advanceTo(sim.now + 50);
  }
  const decisions = sim.take().decisions;
  const out: { src: string; server: string }[] = [];
  for (const open of decisions.filter((d) => d.action === 'open')) {
    const src = /connects from ([\d.]+):\d+/.exec(decisionText(open))![1]!;
    const accept = decisions.find(
      (d) =>
        d.connId === open.connId &&
        d.action === 'accept' &&
        decisionText(d).includes('TCP: the server on port'),
    );
    out.push({ src, server: accept ? accept.node : 'none' });
  }
  expect(out).toHaveLength(count);
  return out;
}

describe('bucket count', () => {
  it('is 60 by default, shared 20/20/20 by three hosts with equal load', () => {
    const sim = new Simulation(scenario());
    expect(sim.clusters[0]!.rules[0]!.owners).toHaveLength(60);
    expect(sim.stats().clusters[0]!.bucketOwners).toHaveLength(60);
    expect(bucketsPerHost(sim)).toEqual([20, 20, 20]);
    expect(sim.topology().clusters[0]!.bucketCount).toBe(60);
  });

  it('is configurable: 20 buckets over 4 hosts are 5 each, and every verdict names a bucket below 20', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.clusters[0] = {
          ...s.clusters[0]!,
          bucketCount: 20,
          hosts: [0, 1, 2, 3].map((i) => ({
            ...s.clusters[0]!.hosts[0]!,
            priority: i + 1,
            handlingPriority: i + 1,
            dip: `10.0.0.${11 + i}`,
          })),
        };
      }),
    );
    expect(sim.clusters[0]!.rules[0]!.owners).toHaveLength(20);
    expect(sim.stats().clusters[0]!.bucketOwners).toHaveLength(20);
    expect(bucketsPerHost(sim)).toEqual([5, 5, 5, 5]);
    for (let i = 0; i < 30; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 50);
    }
    const verdicts = sim.take().decisions.filter((d) => / NLB: SYN from /.test(decisionText(d)));
    expect(verdicts.length).toBe(30 * 4);
    for (const d of verdicts) {
      const m = /bucket (\d+) of (\d+)/.exec(decisionText(d))!;
      expect(Number(m[2])).toBe(20);
      expect(Number(m[1])).toBeLessThan(20);
    }
  });
});

describe('load weights', () => {
  it('weights 30 and 60 (equal load off) give one third and two thirds: 20 and 40 of 60 buckets', () => {
    const sim = new Simulation(
      scenario((s) => {
        const c = s.clusters[0]!;
        c.hosts = c.hosts.slice(0, 2);
        c.hosts[0]!.loadWeight = 30;
        c.hosts[1]!.loadWeight = 60;
        c.portRules[0]!.equalLoad = false;
      }),
    );
    expect(bucketsPerHost(sim)).toEqual([20, 40]);
  });

  it('weights 30/60 with bucketCount 30 give 10 and 20', () => {
    const sim = new Simulation(
      scenario((s) => {
        const c = s.clusters[0]!;
        c.bucketCount = 30;
        c.hosts = c.hosts.slice(0, 2);
        c.hosts[0]!.loadWeight = 30;
        c.hosts[1]!.loadWeight = 60;
        c.portRules[0]!.equalLoad = false;
      }),
    );
    expect(bucketsPerHost(sim)).toEqual([10, 20]);
  });

  it('weight 0: the host owns no bucket and gets no connection; the others share everything', () => {
    const sim = new Simulation(
      scenario((s) => {
        const c = s.clusters[0]!;
        c.hosts[0]!.loadWeight = 50;
        c.hosts[1]!.loadWeight = 0;
        c.hosts[2]!.loadWeight = 50;
        c.portRules[0]!.equalLoad = false;
      }),
    );
    expect(bucketsPerHost(sim)).toEqual([30, 0, 30]);
    expect(sim.runConnections(600)).toMatchObject({ completed: 600, failed: 0 });
    const [h1, h2, h3] = served(sim);
    expect(h2).toBe(0);
    expect(h1! + h3!).toBe(600);
  });

  it('equal load ignores weights and spreads buckets evenly (within one) for 1..8 hosts', () => {
    for (let n = 1; n <= 8; n++) {
      const sim = new Simulation(
        scenario((s) => {
          const c = s.clusters[0]!;
          c.hosts = Array.from({ length: n }, (_, i) => ({
            priority: i + 1,
            handlingPriority: i + 1,
            dip: `10.0.0.${11 + i}`,
            loadWeight: 10 * (i + 1),
            serverRunning: true,
          }));
        }),
      );
      const per = bucketsPerHost(sim);
      expect(per.reduce((a, b) => a + b, 0)).toBe(60);
      for (const k of per) {
        expect(k).toBeGreaterThanOrEqual(Math.floor(60 / n));
        expect(k).toBeLessThanOrEqual(Math.ceil(60 / n));
      }
    }
  });

  it('bucketTargets shares by weight (largest remainder) and gives weight 0 nothing', () => {
    const c = (host: number, weight: number): BucketCandidate => ({ host, weight, priority: host + 1 });
    expect([...bucketTargets([c(0, 30), c(1, 60)], 60).values()]).toEqual([20, 40]);
    expect([...bucketTargets([c(0, 1), c(1, 1), c(2, 1)], 60).values()]).toEqual([20, 20, 20]);
    expect([...bucketTargets([c(0, 100), c(1, 0)], 60).values()]).toEqual([60, 0]);
    // 60 * 25/75 = 20, 60 * 50/75 = 40
    expect([...bucketTargets([c(0, 25), c(1, 50)], 60).values()]).toEqual([20, 40]);
    const owners = assignBuckets([c(0, 30), c(1, 60)], 60);
    expect(owners.filter((o) => o === 0).length).toBe(20);
    expect(owners.filter((o) => o === 1).length).toBe(40);
  });
});

describe('distribution of many clients', () => {
  // 3,000 connections from 1,000 addresses with Single affinity. A host's share depends on (a) which
  // addresses hash into its buckets -- like drawing 1,000 addresses with probability p each, standard
  // deviation sqrt(p(1-p)/1000) ~ 0.015 for p = 1/3 -- and (b) which addresses the 3,000 connections
  // pick, sqrt(p(1-p)/3000) ~ 0.009. Together ~0.017; the tolerance of 0.06 (six percentage points)
  // is about 3.5 standard deviations: a sound hash passes, a biased one does not.
  const TOLERANCE = 0.06;

  it('weights 30/60: the two hosts get 1/3 and 2/3 of 3,000 connections, within 0.06', () => {
    const sim = new Simulation(
      scenario((s) => {
        const c = s.clusters[0]!;
        c.hosts = c.hosts.slice(0, 2);
        c.hosts[0]!.loadWeight = 30;
        c.hosts[1]!.loadWeight = 60;
        c.portRules[0]!.equalLoad = false;
        s.client.sourceAddresses = 1000;
      }),
    );
    expect(sim.runConnections(3000)).toMatchObject({ completed: 3000, failed: 0 });
    const [a, b] = served(sim);
    expect(Math.abs(a! / 3000 - 1 / 3)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(b! / 3000 - 2 / 3)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('equal load over 4 hosts: each gets 1/4 of 3,000 connections, within 0.06', () => {
    const sim = new Simulation(
      scenario((s) => {
        const c = s.clusters[0]!;
        c.hosts = [0, 1, 2, 3].map((i) => ({
          priority: i + 1,
          handlingPriority: i + 1,
          dip: `10.0.0.${11 + i}`,
          loadWeight: 50,
          serverRunning: true,
        }));
        s.client.sourceAddresses = 1000;
        s.seed = 7;
      }),
    );
    expect(sim.runConnections(3000)).toMatchObject({ completed: 3000, failed: 0 });
    for (const k of served(sim)) expect(Math.abs(k / 3000 - 1 / 4)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('affinity', () => {
  const withAffinity = (affinity: Affinity, sourceAddresses: number) =>
    scenario((s) => {
      s.clusters[0]!.portRules[0]!.affinity = affinity;
      s.client.sourceAddresses = sourceAddresses;
    });

  it('None: one client address with many ports lands on every host (hash of address and port)', () => {
    const sim = new Simulation(withAffinity('none', 1));
    expect(sim.runConnections(90)).toMatchObject({ completed: 90, failed: 0 });
    // 90 ports: the chance that any of 3 hosts gets none of them is 3 * (2/3)^90, about 1e-15.
    for (const k of served(sim)) expect(k).toBeGreaterThan(0);
  });

  it('Single: one client address always lands on one host, the owner of its bucket', () => {
    const sim = new Simulation(withAffinity('single', 1));
    expect(sim.runConnections(90)).toMatchObject({ completed: 90, failed: 0 });
    const counts = served(sim);
    expect(counts.filter((k) => k > 0)).toEqual([90]);
    const ip = parseIp('172.16.0.1'); // the client's only address
    const owner = sim.clusters[0]!.rules[0]!.owners[bucketOf(ip, 0, 'single', 60)]!;
    expect(counts[owner]).toBe(90);
  });

  it('Single: each of many addresses sticks to one host', () => {
    const sim = new Simulation(withAffinity('single', 20));
    const byAddress = new Map<string, Set<string>>();
    for (const { src, server } of tracedConnections(sim, 200)) {
      if (!byAddress.has(src)) byAddress.set(src, new Set());
      byAddress.get(src)!.add(server);
    }
    expect(byAddress.size).toBeGreaterThan(10);
    for (const servers of byAddress.values()) expect(servers.size).toBe(1);
    // ...while different addresses do reach different hosts.
    expect(new Set([...byAddress.values()].flatMap((s) => [...s])).size).toBe(3);
  });

  it('Network: the 250 addresses of one /24 all land on one host (Single spreads the same addresses)', () => {
    // Outside addresses 1..250 are 172.16.0.1 .. 172.16.0.250: one /24.
    const network = new Simulation(withAffinity('network', 250));
    expect(network.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    expect(served(network).filter((k) => k > 0)).toEqual([300]);

    const single = new Simulation(withAffinity('single', 250));
    single.runConnections(300);
    expect(served(single).filter((k) => k > 0).length).toBe(3);
  });

  it('Network: with 1,000 addresses (four /24s) every /24 sticks to one host', () => {
    const sim = new Simulation(withAffinity('network', 1000));
    const bySubnet = new Map<string, Set<string>>();
    for (const { src, server } of tracedConnections(sim, 200)) {
      const subnet = src.split('.').slice(0, 3).join('.');
      if (!bySubnet.has(subnet)) bySubnet.set(subnet, new Set());
      bySubnet.get(subnet)!.add(server);
    }
    expect(bySubnet.size).toBe(4);
    for (const servers of bySubnet.values()) expect(servers.size).toBe(1);
  });
});
