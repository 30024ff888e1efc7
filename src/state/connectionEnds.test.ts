// How connections ended, as the page says it, from the engine's own connection-end events: served
// (by whom, through loopback or the network), refused, timed out; in the workaround scenarios the
// host named is the one that really served.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import { presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { Simulation } from '../sim/simulation';
import type { ConnectionEnd } from '../sim/types';
import { describeEnd, describeEnds } from './connectionEnds';

function run(scenario: Scenario, ms: number, before?: (sim: Simulation) => void) {
  const sim = new Simulation(scenario);
  before?.(sim);
  sim.advanceTo(ms);
  const { ended } = sim.take();
  const names = new Map(sim.topology().nodes.map((n) => [n.id, n.name]));
  const name = (id: string) => names.get(id) ?? id;
  return { sim, ended, name };
}

function edit(change: (s: Scenario) => void): Scenario {
  const s = defaultScenario();
  change(s);
  return s;
}

describe('connection ends', () => {
  it('say which host served a client outside the cluster, with the engine counts', () => {
    const { sim, ended, name } = run(defaultScenario(), 400);
    expect(ended.length).toBeGreaterThan(3);
    expect(ended.length).toBe(sim.stats().completedConnections);
    const byHost = new Map<string, number>();
    for (const e of ended) {
      expect(e).toMatchObject({ how: 'served', client: 'client1', viaLoopback: false, syns: 1 });
      byHost.set(name(e.server!), (byHost.get(name(e.server!)) ?? 0) + 1);
    }
    for (const h of sim.stats().hosts) expect(byHost.get(h.name) ?? 0).toBe(h.served);
  });

  it('say a client on Host 2 is served by Host 2 through loopback (KB Q247768)', () => {
    const { ended, name } = run(
      edit((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 })),
      300,
    );
    expect(ended.length).toBeGreaterThan(3);
    for (const e of ended)
      expect(e).toMatchObject({ how: 'served', client: 'A2', server: 'A2', viaLoopback: true });
    expect(describeEnd(ended[0]!, name)).toBe('Connection 1 from Host 2: served by Host 2 through loopback.');
  });

  it('name Host 2 in the dedicated-IP workaround, where every connection goes to Host 2', () => {
    const { sim, ended, name } = run(presetScenario('workaround-dip')!, 2000);
    expect(ended.length).toBeGreaterThan(10);
    for (const e of ended)
      expect(e).toMatchObject({ how: 'served', client: 'A1', server: 'A2', viaLoopback: false });
    expect(sim.stats().hosts.find((h) => h.name === 'Host 2')!.served).toBe(ended.length);
    expect(describeEnds(ended.slice(-1), name)).toMatch(/from Host 1: served by Host 2 over the network\.$/);
  });

  it('name the Cluster B host that served in the second workaround', () => {
    const { sim, ended, name } = run(presetScenario('workaround-cluster-b')!, 2000);
    expect(ended.length).toBeGreaterThan(10);
    const served = sim.stats().hosts.filter((h) => h.served > 0);
    expect(served.every((h) => h.cluster === 'B')).toBe(true);
    for (const e of ended) {
      expect(e.how).toBe('served');
      expect(name(e.server!)).toMatch(/^Host B\d$/);
    }
    const last = ended.at(-1)!;
    expect(describeEnd(last, name)).toBe(
      `Connection ${last.connId} from Host 2: served by ${name(last.server!)} over the network.`,
    );
  });

  it('say a looped-back connection to a stopped server is refused by its own host', () => {
    const { sim, ended, name } = run(
      edit((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 })),
      300,
      (sim) => sim.applyHostAction('A', 1, 'stopServer'),
    );
    expect(ended.length).toBe(sim.stats().failedConnections);
    for (const e of ended) expect(e).toMatchObject({ how: 'refused', server: 'A2', viaLoopback: true });
    expect(describeEnd(ended[0]!, name)).toBe(
      'Connection 1 from Host 2: failed, refused by Host 2 (reset) through loopback.',
    );
  });

  it('count the SYNs of a connection that times out while a crashed host still owns its bucket', () => {
    // Short SYN timers, so connections give up before the others notice the crash (5 s).
    const { sim, ended, name } = run(
      edit((s) => (s.tcp.initialRtoMs = 400)),
      4_000,
      (sim) => sim.applyHostAction('A', 2, 'crash'),
    );
    const timedOut = ended.filter((e) => e.how === 'timeout');
    expect(timedOut.length).toBe(sim.stats().failedConnections);
    expect(timedOut.length).toBeGreaterThan(0);
    for (const e of timedOut) expect(e.syns).toBe(3);
    expect(describeEnd(timedOut[0]!, name)).toMatch(
      /^Connection \d+ from Client 1: failed, timed out after 3 SYNs\.$/,
    );
  });
});

describe('describeEnds', () => {
  const name = (id: string) => ({ A1: 'Host 1', A3: 'Host 3', A2: 'Host 2', client1: 'Client 1' })[id] ?? id;
  const served = (connId: number, server: string | null, viaLoopback: boolean): ConnectionEnd => ({
    connId,
    t: connId,
    client: 'client1',
    how: 'served',
    server,
    viaLoopback,
    syns: 1,
    dataRetransmissions: 0,
  });
  it('summarises several ends in one sentence, grouped by where they went', () => {
    expect(
      describeEnds(
        [
          served(4, 'A1', false),
          served(5, 'A3', false),
          served(6, 'A1', false),
          { ...served(7, null, false), how: 'timeout', syns: 3 },
        ],
        name,
      ),
    ).toBe(
      '4 more connections ended: 2 served by Host 1 over the network, 1 served by Host 3 over the network, 1 timed out.',
    );
  });
  it('says nothing for nothing', () => {
    expect(describeEnds([], name)).toBe('');
  });
});

describe('describeEnds over many hosts', () => {
  const name = (id: string) => id.replace(/^A/, 'Host ');
  const end = (connId: number, server: string, viaLoopback = false): ConnectionEnd => ({
    connId,
    t: connId,
    client: 'A1',
    how: 'served',
    server,
    viaLoopback,
    syns: 1,
    dataRetransmissions: 0,
  });
  it('counts hosts instead of naming each once more than four served, and names the busiest', () => {
    // 32 hosts: host i serves i + 1 connections over the network; one came back through loopback.
    const ends = Array.from({ length: 32 }, (_, i) =>
      Array.from({ length: i + 1 }, (_, k) => end(i * 100 + k, `A${i + 1}`)),
    ).flat();
    ends.push(end(9_999, 'A1', true), { ...end(10_000, 'A2'), how: 'timeout', server: null, syns: 3 });
    expect(describeEnds(ends, name)).toBe(
      '530 more connections ended: 528 served over the network by 32 hosts, most by Host 32 (32), 1 served by Host 1 through loopback, 1 timed out.',
    );
    // Four groups or fewer are still named one by one.
    expect(describeEnds([end(1, 'A1'), end(2, 'A2'), end(3, 'A3'), end(4, 'A4')], name)).toBe(
      '4 more connections ended: 1 served by Host 1 over the network, 1 served by Host 2 over the network, 1 served by Host 3 over the network, 1 served by Host 4 over the network.',
    );
  });
});
