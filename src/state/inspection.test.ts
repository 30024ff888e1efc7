// The explaining side's plain logic, checked against what the engine really decides: connection
// outcomes (served through loopback or the network, refused, timed out), their sentences, the caption
// pick and the log filters.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { Simulation } from '../sim/simulation';
import type { Decision } from '../sim/types';
import {
  captionPick,
  describeOutcomes,
  matchesFilters,
  OutcomeTracker,
  readable,
  type ConnectionOutcome,
} from './inspection';

function run(change: (s: Scenario) => void, ms: number, before?: (sim: Simulation) => void) {
  const scenario = defaultScenario();
  change(scenario);
  const sim = new Simulation(scenario);
  before?.(sim);
  sim.advanceTo(ms);
  const { decisions } = sim.take();
  const nodes = new Map(sim.topology().nodes.map((n) => [n.id, { name: n.name, kind: n.kind }]));
  const tracker = new OutcomeTracker(nodes);
  return { sim, decisions, outcomes: tracker.ingest(decisions) };
}

describe('OutcomeTracker', () => {
  it('says which host served a client outside the cluster, over the network', () => {
    const { sim, outcomes } = run(() => {}, 400);
    expect(outcomes.length).toBeGreaterThan(3);
    expect(outcomes.length).toBe(sim.stats().completedConnections);
    for (const o of outcomes) {
      expect(o).toMatchObject({ kind: 'served', from: 'Client 1', loopback: false });
      expect(o.by).toMatch(/^Host \d$/);
    }
    // The same counts per host as the engine's own.
    const byHost = new Map<string, number>();
    for (const o of outcomes) byHost.set(o.by!, (byHost.get(o.by!) ?? 0) + 1);
    for (const h of sim.stats().hosts) expect(byHost.get(h.name) ?? 0).toBe(h.served);
  });

  it('says a client on Host 2 is served by Host 2 through loopback (KB Q247768)', () => {
    const { outcomes } = run((s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 }), 300);
    expect(outcomes.length).toBeGreaterThan(3);
    for (const o of outcomes)
      expect(o).toMatchObject({ kind: 'served', from: 'Host 2', by: 'Host 2', loopback: true });
    expect(describeOutcomes([outcomes[0]!])).toBe(
      'Connection 1 from Host 2: served by Host 2 through loopback.',
    );
  });

  it('says a looped-back connection to a stopped server is refused once, by its own host', () => {
    const { sim, outcomes } = run(
      (s) => (s.client.location = { kind: 'host', cluster: 'A', hostIndex: 1 }),
      300,
      (sim) => sim.applyHostAction('A', 1, 'stopServer'),
    );
    expect(outcomes.length).toBe(sim.stats().failedConnections);
    for (const o of outcomes)
      expect(o).toMatchObject({ kind: 'reset', from: 'Host 2', by: 'Host 2', loopback: true });
    expect(describeOutcomes([outcomes[0]!])).toBe(
      'Connection 1 from Host 2: failed, refused by Host 2 (reset) through loopback.',
    );
  });

  it('counts the SYNs of a connection that times out while a crashed host still owns its bucket', () => {
    // Short SYN timers, so connections give up before the others notice the crash (5 s).
    const { sim, outcomes } = run(
      (s) => (s.tcp.initialRtoMs = 400),
      4_000,
      (sim) => sim.applyHostAction('A', 2, 'crash'),
    );
    const timedOut = outcomes.filter((o) => o.kind === 'timeout');
    expect(timedOut.length).toBe(sim.stats().failedConnections);
    expect(timedOut.length).toBeGreaterThan(0);
    for (const o of timedOut) expect(o.syns).toBe(3);
    expect(describeOutcomes([timedOut[0]!])).toMatch(
      /^Connection \d+ from Client 1: failed, timed out after 3 SYNs\.$/,
    );
  });
});

describe('describeOutcomes', () => {
  const served = (connId: number, by: string, loopback: boolean): ConnectionOutcome => ({
    connId,
    from: 'Client 1',
    kind: 'served',
    by,
    loopback,
    syns: 1,
  });
  it('summarises several outcomes in one sentence, grouped by where they went', () => {
    expect(
      describeOutcomes([
        served(4, 'Host 1', false),
        served(5, 'Host 3', false),
        served(6, 'Host 1', false),
        { connId: 7, from: 'Client 1', kind: 'timeout', by: null, loopback: false, syns: 3 },
      ]),
    ).toBe(
      '4 more connections ended: 2 served by Host 1 over the network, 1 served by Host 3 over the network, 1 timed out.',
    );
  });
  it('says nothing for nothing', () => {
    expect(describeOutcomes([])).toBe('');
  });
  it('says when the serving host was not among the decisions received, instead of inventing one', () => {
    const unknown: ConnectionOutcome = { ...served(9, 'x', false), by: null };
    expect(describeOutcomes([unknown])).toBe(
      'Connection 9 from Client 1: served over the network (host not listed).',
    );
    expect(describeOutcomes([unknown, { ...unknown, connId: 10 }, served(11, 'Host 2', true)])).toBe(
      '3 more connections ended: 2 served over the network (host not listed), 1 served by Host 2 through loopback.',
    );
  });
});

describe('caption and filters', () => {
  const d = (action: Decision['action'], seq: number, extra: Partial<Decision> = {}): Decision => ({
    seq,
    t: seq,
    node: 'A1',
    action,
    frameId: seq,
    connId: 1,
    text: `text ${seq} -> there`,
    ...extra,
  });
  it('narrates the last notable decision of a batch', () => {
    expect(captionPick([d('drop', 1), d('accept', 2), d('send', 3), d('forward', 4)])?.seq).toBe(2);
    expect(captionPick([d('send', 1), d('forward', 2)])?.seq).toBe(2);
    expect(captionPick([])).toBeNull();
  });
  it('writes real arrows and ends sentences', () => {
    expect(readable('Host 1 NLB: bucket 3 -> dropped here')).toBe('Host 1 NLB: bucket 3 → dropped here.');
    expect(readable('Connection 1: Client 1 connects (Cluster A VIP)')).toBe(
      'Connection 1: Client 1 connects (Cluster A VIP)',
    );
  });
  it('filters by action, node and connection together', () => {
    const f = { action: 'drop' as const, node: 'A1', connId: 2 };
    expect(matchesFilters(d('drop', 1, { connId: 2 }), f)).toBe(true);
    expect(matchesFilters(d('drop', 1, { connId: 3 }), f)).toBe(false);
    expect(matchesFilters(d('accept', 1, { connId: 2 }), f)).toBe(false);
    expect(matchesFilters(d('drop', 1, { connId: 2, node: 'A2' }), f)).toBe(false);
    expect(matchesFilters(d('accept', 1), { action: 'all', node: 'all', connId: null })).toBe(true);
  });
});
