// Heartbeats, detection, convergence, wlbs query states and connection tracking
// (NLB.md, "Heartbeats and convergence").
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import { Simulation } from './simulation';
import { bucketOf } from './buckets';
import { CONVERGENCE_MS } from './nlb';
import type { Decision } from './types';
import type { ClusterMode, Scenario } from '../scenario/types';
import {
  bucketsPerHost,
  hostStates as states,
  quietScenario as scenario,
  servedList as served,
  tapSwitch,
} from './testing';

function parseIp(dotted: string): number {
  return dotted.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/**
 * With one client address and Single affinity every connection goes to one host: find it by
 * running one connection in a twin simulation (same scenario and seed).
 */
function ownerOfTheOneAddress(make: () => Scenario): number {
  const twin = new Simulation(make());
  expect(twin.runConnections(1)).toMatchObject({ completed: 1, failed: 0 });
  return served(twin).findIndex((n) => n === 1);
}

describe('heartbeats', () => {
  it.each<[ClusterMode, string]>([
    ['unicast', 'FF-FF-FF-FF-FF-FF'],
    ['multicast', '03-BF-0A-00-00-64'],
  ])('%s: EtherType 0x886F, to %s, every AliveMsgPeriod from every host', (mode, dst) => {
    for (const period of [1000, 250]) {
      const sim = new Simulation(
        scenario((s) => {
          s.clusters[0]!.mode = mode;
          s.clusters[0]!.aliveMsgPeriodMs = period;
        }),
      );
      const tap = tapSwitch(sim);
      sim.advanceTo(period * 10);
      const beats = tap.filter((x) => x.frame.etherType === 0x886f);
      for (let port = 1; port <= 3; port++) {
        const mine = beats.filter((b) => b.port === port);
        expect(mine.length).toBeGreaterThanOrEqual(9);
        for (const b of mine) {
          const bytes = [0, 0, 0, 0, 0, 0].map((_, i) => Math.floor(b.frame.ethDst / 256 ** (5 - i)) % 256);
          expect(bytes.map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join('-')).toBe(dst);
          expect(b.frame.heartbeat!.hostPriority).toBe(port);
          expect(b.frame.heartbeat!.clusterVip).toBe(parseIp('10.0.0.100'));
        }
        for (let i = 1; i < mine.length; i++) expect(mine[i]!.t - mine[i - 1]!.t).toBeCloseTo(period, 6);
      }
      // And nothing but heartbeats uses that EtherType.
      expect(beats.every((b) => b.frame.kind === 'heartbeat')).toBe(true);
    }
  });

  it('igmp: heartbeats go to the cluster IGMP multicast MAC, not to broadcast', () => {
    const sim = new Simulation(scenario((s) => (s.clusters[0]!.mode = 'igmp')));
    const tap = tapSwitch(sim);
    sim.advanceTo(3000);
    const beats = tap.filter((x) => x.frame.etherType === 0x886f);
    expect(beats.length).toBeGreaterThanOrEqual(6);
    for (const b of beats) expect(b.frame.ethDst).toBe(sim.clusters[0]!.clusterMac);
  });

  it('the heartbeat send decision names the EtherType and the destination', () => {
    const sim = new Simulation(scenario());
    sim.advanceTo(1000);
    const sends = sim
      .take()
      .decisions.filter((d) => d.action === 'send' && /heartbeat/.test(decisionText(d)));
    expect(sends.map((d) => d.node).sort()).toEqual(['A1', 'A2', 'A3']);
    for (const d of sends) expect(decisionText(d)).toContain('0x886F');
  });
});

describe('detecting a crash and converging', () => {
  it('is about 3 s per NLB.md ("Convergence takes about 3 s")', () => {
    expect(CONVERGENCE_MS).toBeGreaterThanOrEqual(2500);
    expect(CONVERGENCE_MS).toBeLessThanOrEqual(3500);
  });

  it.each([
    { period: 1000, tolerance: 5, crashAt: 2300 },
    { period: 500, tolerance: 10, crashAt: 2300 },
    { period: 2000, tolerance: 5, crashAt: 4100 },
    { period: 200, tolerance: 20, crashAt: 1234 },
  ])(
    'period $period ms, tolerance $tolerance: detected at crash + tolerance periods (within one), converged ~3 s later',
    ({ period, tolerance, crashAt }) => {
      const sim = new Simulation(
        scenario((s) => {
          s.clusters[0]!.aliveMsgPeriodMs = period;
          s.clusters[0]!.aliveMsgTolerance = tolerance;
          s.timeline = [{ atMs: crashAt, action: 'crash', cluster: 'A', hostIndex: 1 }];
        }),
      );
      sim.advanceTo(crashAt + tolerance * period + period + CONVERGENCE_MS + 100);
      const converge = sim.take().decisions.filter((d) => d.action === 'converge' && d.t >= crashAt);
      expect(converge.length).toBeGreaterThanOrEqual(2);
      const [detect, done] = converge as [Decision, Decision];
      expect(decisionText(detect)).toContain('Host 2');
      expect(Math.abs(detect.t - (crashAt + tolerance * period))).toBeLessThanOrEqual(period);
      expect(done.t - detect.t).toBeCloseTo(CONVERGENCE_MS, 6);
      expect(decisionText(done)).toMatch(/converged/);
      expect(sim.stats().clusters[0]!.membership).toEqual(['Host 1', 'Host 3']);
      if (period === 1000 && tolerance === 5) {
        // Microsoft quotes recovery within 10 s with the defaults.
        expect(done.t - crashAt).toBeLessThanOrEqual(10_000);
      }
    },
  );

  it('after convergence the dead host owns no bucket and no new connection reaches it', () => {
    const sim = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 1000, action: 'crash', cluster: 'A', hostIndex: 1 }])),
    );
    sim.advanceTo(1000 + 6000 + CONVERGENCE_MS + 10);
    expect(sim.stats().clusters[0]!.bucketOwners).not.toContain('A2');
    expect(sim.stats().clusters[0]!.bucketOwners).not.toContain(null);
    expect(bucketsPerHost(sim)).toEqual([30, 0, 30]);
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    const [a, b, c] = served(sim);
    expect(b).toBe(0);
    expect(a! + c!).toBe(300);
    expect(a).toBeGreaterThan(100);
    expect(c).toBeGreaterThan(100);
  });

  it('before convergence ends, the dead host buckets go unanswered: SYN retried at +3 s and +9 s, then it succeeds', () => {
    const make = () => scenario((s) => (s.client.sourceAddresses = 1));
    const owner = ownerOfTheOneAddress(make);
    const sim = new Simulation(make());
    sim.advanceTo(1000);
    sim.applyHostAction('A', owner, 'crash');
    sim.advanceTo(1500);
    const id = sim.openConnection();
    sim.advanceTo(1500 + 3000 + 6000 + 100);
    const decisions = sim.take().decisions;
    const retries = decisions.filter((d) => d.connId === id && d.action === 'retransmit');
    // Windows timers: 3000 ms, then doubled.
    expect(retries.map((d) => d.t)).toEqual([1500 + 3000, 1500 + 3000 + 6000]);
    const converged = decisions.filter((d) => d.action === 'converge' && /converged/.test(decisionText(d)));
    expect(converged).toHaveLength(1);
    expect(converged[0]!.t).toBeGreaterThan(1500 + 3000); // the first retry was still too early
    expect(converged[0]!.t).toBeLessThan(1500 + 9000); // the second came after it
    // Every SYN before convergence was dropped by every host that got it.
    const synVerdicts = decisions.filter(
      (d) => d.connId === id && / NLB: SYN from /.test(decisionText(d)) && d.t < converged[0]!.t,
    );
    expect(synVerdicts.length).toBeGreaterThanOrEqual(4); // two SYNs x the two live hosts
    expect(synVerdicts.every((d) => d.action === 'drop')).toBe(true);
    const complete = decisions.find((d) => d.connId === id && d.action === 'complete');
    expect(complete).toBeDefined();
    expect(complete!.t).toBeGreaterThan(1500 + 9000);
    expect(served(sim)[owner]).toBe(0);
    expect(sim.stats().completedConnections).toBe(1);
  });

  it('when convergence ends after the last retry (tolerance 10), the connection times out at +21 s', () => {
    const make = () =>
      scenario((s) => {
        s.client.sourceAddresses = 1;
        s.clusters[0]!.aliveMsgTolerance = 10;
      });
    const owner = ownerOfTheOneAddress(make);
    const sim = new Simulation(make());
    sim.advanceTo(1000);
    sim.applyHostAction('A', owner, 'crash');
    sim.advanceTo(1500);
    const id = sim.openConnection();
    sim.advanceTo(1500 + 21_000 + 100);
    const decisions = sim.take().decisions;
    expect(decisions.filter((d) => d.connId === id && d.action === 'retransmit').map((d) => d.t)).toEqual([
      4500, 10_500,
    ]);
    const timeout = decisions.find((d) => d.connId === id && d.action === 'timeout');
    expect(timeout?.t).toBe(1500 + 3000 + 6000 + 12_000);
    const converged = decisions.find((d) => d.action === 'converge' && /converged/.test(decisionText(d)))!;
    expect(converged.t).toBeGreaterThan(10_500);
    expect(sim.stats().failedConnections).toBe(1);
    expect(sim.stats().completedConnections).toBe(0);
  });
});

describe('while a crashed host is not yet converged out', () => {
  it('the cluster keeps serving: the live hosts buckets answer at once, the dead host buckets after convergence', () => {
    const sim = new Simulation(
      scenario((s) => (s.timeline = [{ atMs: 1000, action: 'crash', cluster: 'A', hostIndex: 1 }])),
    );
    sim.advanceTo(1500);
    const n = 60;
    for (let i = 0; i < n; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 10);
    }
    sim.advanceTo(1500 + 3000 + 6000 + 1000);
    const decisions = sim.take().decisions;
    const converged = decisions.find((d) => d.action === 'converge' && /converged/.test(decisionText(d)))!;
    expect(converged.t).toBeLessThan(1500 + 9000);
    let toDead = 0;
    for (const open of decisions.filter((d) => d.action === 'open')) {
      const id = open.connId;
      const verdict = decisions.find((d) => d.connId === id && / NLB: SYN from /.test(decisionText(d)))!;
      const owner = /owned by (Host \d)/.exec(decisionText(verdict))![1];
      const complete = decisions.find((d) => d.connId === id && d.action === 'complete');
      const retries = decisions.filter((d) => d.connId === id && d.action === 'retransmit');
      expect(complete, `connection ${id}`).toBeDefined();
      if (owner === 'Host 2') {
        toDead++;
        // Unanswered until the survivors took the buckets over: done only after the retry at +9 s.
        expect(retries).toHaveLength(2);
        expect(complete!.t).toBeGreaterThan(open.t + 9000);
      } else {
        expect(retries).toHaveLength(0);
        expect(complete!.t - open.t).toBeLessThan(50);
      }
    }
    expect(toDead).toBeGreaterThan(0);
    expect(toDead).toBeLessThan(n);
    expect(served(sim)[1]).toBe(0);
    expect(sim.stats().completedConnections).toBe(n);
  });
});

describe('SYN retransmission timers', () => {
  it.each([
    { initialRtoMs: 3000, maxSynRetransmissions: 2, retries: [3000, 9000], timeout: 21_000 },
    { initialRtoMs: 1000, maxSynRetransmissions: 3, retries: [1000, 3000, 7000], timeout: 15_000 },
    { initialRtoMs: 500, maxSynRetransmissions: 0, retries: [], timeout: 500 },
  ])(
    'initial $initialRtoMs ms, $maxSynRetransmissions retries: each wait doubles, then the attempt times out',
    ({ initialRtoMs, maxSynRetransmissions, retries, timeout }) => {
      const sim = new Simulation(
        scenario((s) => {
          s.tcp = { initialRtoMs, maxSynRetransmissions };
          // Nobody answers: a Disabled rule makes every host drop the SYN.
          s.clusters[0]!.portRules[0]!.filtering = 'disabled';
        }),
      );
      sim.advanceTo(100);
      const id = sim.openConnection();
      sim.advanceTo(100 + timeout + 1000);
      const decisions = sim.take().decisions.filter((d) => d.connId === id);
      expect(decisions.filter((d) => d.action === 'retransmit').map((d) => d.t - 100)).toEqual(retries);
      expect(decisions.filter((d) => d.action === 'timeout').map((d) => d.t - 100)).toEqual([timeout]);
      expect(sim.stats().retransmissions).toBe(maxSynRetransmissions);
      expect(sim.stats().failedConnections).toBe(1);
    },
  );
});

describe('wlbs query states', () => {
  it('follow a crash of the default host: Unknown, Converging, then a new default', () => {
    const sim = new Simulation(scenario());
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Converged', 'Converged']);
    expect(sim.stats().clusterState).toBe('Converged');
    sim.advanceTo(1000);
    sim.applyHostAction('A', 0, 'crash');
    sim.advanceTo(1001);
    expect(states(sim)[0]).toBe('Unknown');
    sim.advanceTo(8000);
    const detect = sim.take().decisions.find((d) => d.action === 'converge')!;
    expect(detect).toBeDefined();
    sim.advanceTo(detect.t + 1);
    expect(states(sim)).toEqual(['Unknown', 'Converging', 'Converging']);
    expect(sim.stats().clusterState).toBe('Converging');
    sim.advanceTo(detect.t + CONVERGENCE_MS + 1);
    expect(states(sim)).toEqual(['Unknown', 'Converged as DEFAULT', 'Converged']);
    expect(sim.stats().clusterState).toBe('Converged');
  });

  it('show Stopped after wlbs stop and Draining during a drainstop', () => {
    const sim = new Simulation(scenario((s) => (s.network.serverThinkMs = 5000)));
    sim.applyHostAction('A', 2, 'stopNlb');
    expect(states(sim)[2]).toBe('Stopped');
    sim.advanceTo(4000);
    // Host 2 holds a connection while it drains.
    for (let i = 0; i < 30 && (sim.stats().hosts[1]!.openConnections ?? 0) === 0; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 20);
    }
    expect(sim.stats().hosts[1]!.openConnections).toBeGreaterThan(0);
    sim.applyHostAction('A', 1, 'drainstop');
    expect(states(sim)[1]).toBe('Draining');
    sim.advanceTo(sim.now + 30_000);
    expect(states(sim)).toEqual(['Converged as DEFAULT', 'Stopped', 'Stopped']);
  });
});

describe('connection tracking', () => {
  it('an established connection stays with its host when a drainstop moves its buckets; new ones go elsewhere', () => {
    const make = () =>
      scenario((s) => {
        s.client.sourceAddresses = 1;
        s.network.serverThinkMs = 5000; // the server answers 5 s after the request
      });
    const owner = ownerOfTheOneAddress(make);
    const ownerId = `A${owner + 1}`;
    const sim = new Simulation(make());
    const first = sim.openConnection(); // served by `owner`
    sim.advanceTo(100);
    sim.applyHostAction('A', owner, 'drainstop');
    expect(states(sim)[owner]).toBe('Draining');
    sim.advanceTo(1000);
    const second = sim.openConnection(); // same address, same bucket: the draining host will not take it
    sim.advanceTo(100 + CONVERGENCE_MS + 50);
    // Converged without the draining host, which still finishes its connection.
    expect(sim.stats().clusters[0]!.bucketOwners).not.toContain(ownerId);
    expect(states(sim)[owner]).toBe('Draining');
    expect(sim.stats().hosts[owner]!.openConnections).toBe(1);
    sim.advanceTo(20_000);
    const decisions = sim.take().decisions;
    const serverOf = (id: number) =>
      decisions.find(
        (d) => d.connId === id && d.action === 'accept' && decisionText(d).includes('TCP: the server'),
      )?.node;
    expect(serverOf(first)).toBe(ownerId);
    expect(decisions.some((d) => d.connId === first && d.action === 'complete')).toBe(true);
    // The first SYN of the second connection reached the draining host, which dropped it.
    const drained = decisions.find(
      (d) => d.connId === second && d.node === ownerId && / NLB: /.test(decisionText(d)),
    );
    expect(drained?.action).toBe('drop');
    expect(drained ? decisionText(drained) : undefined).toMatch(/draining/);
    expect(serverOf(second)).toBeDefined();
    expect(serverOf(second)).not.toBe(ownerId);
    expect(decisions.some((d) => d.connId === second && d.action === 'complete')).toBe(true);
    expect(sim.stats().completedConnections).toBe(2);
    expect(served(sim)[owner]).toBe(1);
    // Once its last connection finished, it left: Stopped.
    expect(states(sim)[owner]).toBe('Stopped');
  });

  it('established connections stay with their hosts when a host joins mid-connection and takes buckets', () => {
    const sim = new Simulation(
      scenario((s) => {
        s.network.serverThinkMs = 6000;
        s.timeline = [
          { atMs: 0, action: 'stopNlb', cluster: 'A', hostIndex: 2 },
          { atMs: 4500, action: 'startNlb', cluster: 'A', hostIndex: 2 },
        ];
      }),
    );
    sim.advanceTo(4000);
    expect(bucketsPerHost(sim)).toEqual([30, 30, 0]);
    sim.take();
    const n = 30;
    for (let i = 0; i < n; i++) {
      sim.openConnection();
      sim.advanceTo(sim.now + 1);
    }
    sim.advanceTo(9000); // Host 3 heard at ~4750, converged ~3 s later; responses are due at ~10 s
    expect(bucketsPerHost(sim)).toEqual([20, 20, 20]);
    expect(sim.stats().completedConnections).toBe(0);
    sim.advanceTo(15_000);
    const decisions = sim.take().decisions;
    const opens = decisions.filter((d) => d.action === 'open');
    expect(opens).toHaveLength(n);
    const owners = sim.clusters[0]!.rules[0]!.owners;
    let moved = 0;
    for (const open of opens) {
      const src = parseIp(/connects from ([\d.]+):/.exec(decisionText(open))![1]!);
      const server = decisions.find(
        (d) =>
          d.connId === open.connId && d.action === 'accept' && decisionText(d).includes('TCP: the server'),
      )!.node;
      expect(server).not.toBe('A3'); // accepted before Host 3 joined
      if (owners[bucketOf(src, 0, 'single', 60)] === 2) moved++;
      expect(decisions.some((d) => d.connId === open.connId && d.action === 'complete')).toBe(true);
    }
    // About a third of these connections now hash to Host 3's buckets (P(none of 30) ~ 5e-6).
    expect(moved).toBeGreaterThan(0);
    expect(sim.stats().completedConnections).toBe(n);
    expect(served(sim)[2]).toBe(0);
    // New connections do reach Host 3 now.
    sim.runConnections(300);
    expect(served(sim)[2]).toBeGreaterThan(50);
  });

  it('connections to a host that crashes are lost; the same client is served elsewhere after convergence', () => {
    const make = () =>
      scenario((s) => {
        s.client.sourceAddresses = 1;
        s.network.serverThinkMs = 5000;
      });
    const owner = ownerOfTheOneAddress(make);
    const sim = new Simulation(make());
    sim.openConnection();
    sim.advanceTo(100);
    expect(sim.stats().hosts[owner]!.openConnections).toBe(1);
    sim.applyHostAction('A', owner, 'crash');
    expect(sim.stats().hosts[owner]!.openConnections).toBe(0);
    sim.advanceTo(40_000);
    expect(sim.stats().failedConnections).toBe(1);
    expect(sim.stats().completedConnections).toBe(0);
    expect(served(sim)[owner]).toBe(0);
    expect(sim.runConnections(5)).toMatchObject({ completed: 5, failed: 0 });
    expect(served(sim)[owner]).toBe(0);
  });
});
