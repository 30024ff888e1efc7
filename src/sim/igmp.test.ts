// IGMP multicast mode with and without an IGMP-snooping switch: hosts report their membership of the
// cluster's group; a snooping switch learns the member ports and sends the cluster's frames to them
// only, so another cluster's hosts on the same switch never see them. Without snooping it floods.
import { describe, expect, it } from 'vitest';
import { formatMac, igmpClusterMac, ipOrThrow } from './addr';
import { decisionText } from './decisionText';
import { IGMP_REPORT_INTERVAL_MS } from './host';
import { Simulation } from './simulation';
import { quietScenario, servedList } from './testing';
import { makeCluster } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import type { Decision } from './types';

const GROUP_A = igmpClusterMac(ipOrThrow('10.0.0.100'));

/** Cluster A (3 hosts) and Cluster B (3 hosts) in IGMP mode on one switch. */
function twoClusters(snooping: boolean): Scenario {
  return quietScenario((s) => {
    s.clusters[0]!.mode = 'igmp';
    s.clusters.push({ ...makeCluster('B', 3), mode: 'igmp' });
    s.network.igmpSnooping = snooping;
  });
}

/** Open `n` connections one by one at full detail (a bulk run keeps only counts), 20 ms apart. */
function connectOneByOne(sim: Simulation, n: number): void {
  for (let i = 0; i < n; i++) {
    sim.openConnection();
    sim.advanceTo(sim.now + 20);
  }
  sim.advanceTo(sim.now + 1000);
}

/** Frames for Cluster A's group MAC that reached Cluster B's NICs (each decides to ignore them). */
function seenByClusterB(sim: Simulation, from: number): number {
  return sim
    .take()
    .decisions.filter(
      (d) => d.t >= from && d.code === 'nic.ignore' && d.node.startsWith('B') && d.args.mac === GROUP_A,
    ).length;
}

describe('IGMP membership reports', () => {
  it('every host reports its group when NLB starts, then every 60 s', () => {
    const sim = new Simulation(twoClusters(false));
    sim.advanceTo(2000);
    const first = sim.take().decisions.filter((d) => d.code === 'igmp.report');
    expect(first.map((d) => d.node).sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3']);
    expect(decisionText(first.find((d) => d.node === 'A1')!)).toBe(
      `Host 1 IGMP: reports its membership of the cluster's group 239.255.0.100 (${formatMac(GROUP_A)}), ` +
        'again every 60 s (the group address and the interval are illustrative)',
    );
    sim.advanceTo(2000 + IGMP_REPORT_INTERVAL_MS);
    expect(sim.take().decisions.filter((d) => d.code === 'igmp.report')).toHaveLength(6);
  });

  it('without snooping the switch floods reports and cluster traffic alike, so Cluster B hears Cluster A', () => {
    const sim = new Simulation(twoClusters(false));
    sim.advanceTo(8000);
    const heard = sim.take().decisions.filter((d) => d.code === 'igmp.heard' && d.node.startsWith('A'));
    expect(heard.length).toBeGreaterThan(0); // members hear each other's reports
    const t = sim.now;
    connectOneByOne(sim, 30);
    expect(sim.stats().completedConnections).toBe(30);
    expect(seenByClusterB(sim, t)).toBeGreaterThanOrEqual(30 * 3); // every SYN at least, on each of B's 3 ports
    expect(sim.stats().switchTable.some((r) => r.note?.startsWith('IGMP'))).toBe(false);
  });
});

describe('an IGMP-snooping switch', () => {
  it('learns the member ports from the reports and lists them in its table', () => {
    const sim = new Simulation(twoClusters(true));
    sim.advanceTo(2000);
    const joins = sim.take().decisions.filter((d) => d.code === 'switch.igmpJoin');
    expect(joins).toHaveLength(6);
    const rows = sim.stats().switchTable.filter((r) => r.mac === formatMac(GROUP_A));
    expect(rows.map((r) => [r.port, r.portNode, r.note])).toEqual([
      [2, 'Host 1', 'IGMP group member (snooping)'],
      [3, 'Host 2', 'IGMP group member (snooping)'],
      [4, 'Host 3', 'IGMP group member (snooping)'],
    ]);
  });

  it("sends Cluster A's frames to A's three ports only: Cluster B's hosts never see them, and every connection works", () => {
    const sim = new Simulation(twoClusters(true));
    sim.advanceTo(8000);
    const t = sim.now;
    sim.take();
    connectOneByOne(sim, 30);
    expect(sim.stats().completedConnections).toBe(30);
    const { decisions } = sim.take();
    expect(decisions.filter((d) => d.code === 'nic.ignore' && d.node.startsWith('B'))).toHaveLength(0);
    const forwards = decisions.filter((d) => d.code === 'switch.igmpForward' && d.args.mac === GROUP_A);
    expect(forwards.length).toBeGreaterThanOrEqual(30);
    expect(forwards[0]!.args).toMatchObject({ ports: [2, 3, 4], others: 3 });
    expect(decisionText(forwards[0]!)).toMatch(
      /goes only to its member ports 2, 3, 4; 3 other ports never see it/,
    );
    expect(
      decisions.filter((d) => d.t >= t && d.code === 'switch.flood' && d.args.mac === GROUP_A),
    ).toHaveLength(0);
    // A bulk run too: every connection served, shared by Cluster A's three hosts.
    expect(sim.runConnections(300)).toMatchObject({ completed: 300, failed: 0 });
    for (const n of servedList(sim).slice(0, 3)) expect(n).toBeGreaterThan(60);
  });

  it('floods the group before anyone has reported, and says why', () => {
    const sim = new Simulation(twoClusters(true));
    // Host 1 reports first, at its first heartbeat (250 ms); a SYN for the group before that is
    // flooded as a group nobody has reported.
    sim.advanceTo(1);
    sim.take();
    sim.openConnection();
    sim.advanceTo(200);
    const { decisions } = sim.take();
    expect(decisions.some((d) => d.code === 'switch.igmpJoin')).toBe(false);
    const flood = decisions.find(
      (d): d is Decision & { code: 'switch.flood' } => d.code === 'switch.flood' && d.args.mac === GROUP_A,
    )!;
    expect(flood.args.kind).toBe('unregisteredMulticast');
    expect(decisionText(flood)).toMatch(/IGMP snooping has learned no member port for it yet/);
  });
});
