// Invariants over randomised scenarios (fast-check), with Windows NLB or a load balancer of today: the
// frame ledger balances, every connection is counted once, and the same scenario and seed give the same trace.
import { describe, expect, it } from 'vitest';
import { decisionText } from './decisionText';
import fc from 'fast-check';
import { Simulation } from './simulation';
import type { Decision, Hop } from './types';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import { COMPARED_BALANCERS } from './comparison';
import type {
  Affinity,
  BalancerConfig,
  ClientLocation,
  ClientTarget,
  ClusterMode,
  HostAction,
  Scenario,
} from '../scenario/types';

const ACTIONS: HostAction[] = [
  'crash',
  'restart',
  'unplug',
  'plug',
  'stopNlb',
  'startNlb',
  'drainstop',
  'stopServer',
  'startServer',
];

interface Shape {
  hosts: number;
  mode: ClusterMode;
  affinity: Affinity;
  seed: number;
  maskSourceMac: boolean;
  clusterIpAsSource: boolean;
  location: 'outside' | number;
  target: 'vip' | 'outside' | number;
  faults: { atMs: number; action: HostAction; hostIndex: number }[];
  rate: number;
  runMs: number;
  balancer: BalancerConfig;
}

const shapes: fc.Arbitrary<Shape> = fc.record({
  hosts: fc.integer({ min: 1, max: 8 }),
  mode: fc.constantFrom<ClusterMode>('unicast', 'multicast', 'igmp'),
  affinity: fc.constantFrom<Affinity>('none', 'single', 'network'),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  maskSourceMac: fc.boolean(),
  clusterIpAsSource: fc.boolean(),
  location: fc.oneof(fc.constant<'outside'>('outside'), fc.nat(7)),
  target: fc.oneof(fc.constant<'vip'>('vip'), fc.constant<'outside'>('outside'), fc.nat(7)),
  faults: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 5000 }),
      action: fc.constantFrom(...ACTIONS),
      hostIndex: fc.nat(7),
    }),
    { maxLength: 4 },
  ),
  rate: fc.integer({ min: 5, max: 40 }),
  runMs: fc.integer({ min: 1000, max: 7000 }),
  // Half the runs with Windows NLB, half with a balancer node of today (MODERN.md).
  balancer: fc.oneof(
    { arbitrary: fc.constant<BalancerConfig>({ kind: 'nlb' }), weight: 1 },
    { arbitrary: fc.constantFrom(...COMPARED_BALANCERS.filter((b) => b.kind !== 'nlb')), weight: 1 },
  ),
});

function build(shape: Shape): Scenario {
  const s = defaultScenario();
  const cluster = makeCluster('A', shape.hosts);
  cluster.mode = shape.mode;
  cluster.maskSourceMac = shape.maskSourceMac;
  cluster.clusterIpAsSource = shape.clusterIpAsSource;
  cluster.portRules[0]!.affinity = shape.affinity;
  if (shape.balancer.kind !== 'nlb') cluster.balancer = shape.balancer;
  s.clusters = [cluster];
  s.seed = shape.seed;
  const location: ClientLocation =
    shape.location === 'outside'
      ? { kind: 'outside' }
      : { kind: 'host', cluster: 'A', hostIndex: shape.location % shape.hosts };
  const target: ClientTarget =
    shape.target === 'vip'
      ? { kind: 'vip', cluster: 'A' }
      : shape.target === 'outside'
        ? { kind: 'outside' }
        : { kind: 'dip', cluster: 'A', hostIndex: shape.target % shape.hosts };
  s.client.location = location;
  s.client.target = target;
  s.client.connectionsPerSecond = shape.rate;
  s.timeline = shape.faults.map((f) => ({
    atMs: f.atMs,
    action: f.action,
    cluster: 'A' as const,
    hostIndex: f.hostIndex % shape.hosts,
  }));
  return s;
}

interface Outcome {
  sim: Simulation;
  hops: Hop[];
  decisions: Decision[];
}

/** Run at full detail, taking the trace every 250 ms so the recorder's buffer never overflows. */
function runShape(shape: Shape): Outcome {
  const sim = new Simulation(build(shape));
  sim.world.ledger.keep = true;
  const hops: Hop[] = [];
  const decisions: Decision[] = [];
  for (let t = 250; t <= shape.runMs; t += 250) {
    sim.advanceTo(t);
    const taken = sim.take();
    hops.push(...taken.hops);
    decisions.push(...taken.decisions);
  }
  return { sim, hops, decisions };
}

function checkLedger({ sim, hops, decisions }: Outcome): void {
  const ledger = sim.world.ledger;
  // Every arrival is settled exactly once.
  expect(ledger.arrivals).toBe(ledger.settledTotal);
  expect(ledger.records).toHaveLength(ledger.arrivals);
  const pairs = new Set(ledger.records.map((r) => `${r.frameId}@${r.node}`));
  expect(pairs.size).toBe(ledger.records.length);
  // Every transmission has arrived or is still in flight -- counted independently from the hops
  // drawn on links (loopback hops never touch a link).
  const wireHops = hops.filter((h) => !h.loopback);
  expect(wireHops).toHaveLength(ledger.transmissions);
  const inFlight = wireHops.filter((h) => h.t1 > sim.now).length;
  expect(ledger.arrivals + inFlight).toBe(ledger.transmissions);
  expect(ledger.inFlight).toBe(inFlight);
  // Each arrival at a node matches a hop into that node.
  const hopInto = new Set(wireHops.map((h) => `${h.frameId}@${h.to}`));
  for (const r of ledger.records) expect(hopInto.has(`${r.frameId}@${r.node}`)).toBe(true);
  // Every frame dropped has a drop decision, naming that frame, at that node.
  const drops = new Set(decisions.filter((d) => d.action === 'drop').map((d) => `${d.frameId}@${d.node}`));
  for (const r of ledger.records.filter((x) => x.fate === 'dropped')) {
    expect(
      drops.has(`${r.frameId}@${r.node}`),
      `dropped frame ${r.frameId} at ${r.node} has no drop decision`,
    ).toBe(true);
  }
}

function checkConnections({ sim, decisions }: Outcome): void {
  const s = sim.stats();
  expect(s.completedConnections + s.failedConnections + sim.openConnections).toBe(s.openedConnections);
  expect(s.loopbackConnections).toBeLessThanOrEqual(s.completedConnections);
  // Independently from the trace: one "open" per connection, at most one clean close per connection.
  const opens = decisions.filter((d) => d.action === 'open');
  expect(opens).toHaveLength(s.openedConnections);
  expect(new Set(opens.map((d) => d.connId)).size).toBe(opens.length);
  const completes = decisions.filter((d) => d.action === 'complete').map((d) => d.connId);
  expect(new Set(completes).size).toBe(completes.length);
  expect(completes).toHaveLength(s.completedConnections);
  // Served counts: each completed connection is counted for the server that accepted it, once.
  // (A connection to the outside target is served by Client 1, which is not a cluster host.)
  const server = new Map<number, string>();
  for (const d of decisions)
    if (d.action === 'accept' && decisionText(d).includes('TCP: the server on port'))
      server.set(d.connId, d.node);
  const expected = new Map<string, number>(s.hosts.map((h) => [h.id, 0]));
  for (const id of completes) {
    const node = server.get(id);
    expect(node, `completed connection ${id} has no server`).toBeDefined();
    if (expected.has(node!)) expected.set(node!, expected.get(node!)! + 1);
  }
  expect(Object.fromEntries(s.hosts.map((h) => [h.id, h.served]))).toEqual(Object.fromEntries(expected));
  const toOutside = sim.scenario.client.target.kind === 'outside';
  const byHosts = s.hosts.reduce((sum, h) => sum + h.served, 0);
  if (toOutside) expect(byHosts).toBe(0);
  else expect(byHosts).toBe(s.completedConnections);
}

describe('invariants over random scenarios', () => {
  it('the frame ledger balances and every dropped frame has a drop decision', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        checkLedger(runShape(shape));
      }),
      { numRuns: 30, seed: 0x5eed },
    );
  });

  it('each connection is counted once', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        checkConnections(runShape(shape));
      }),
      { numRuns: 30, seed: 0x1dea },
    );
  });

  it('the same scenario and seed give the same trace', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const a = runShape(shape);
        const b = runShape(shape);
        expect(b.decisions).toEqual(a.decisions);
        expect(b.hops).toEqual(a.hops);
        expect(b.sim.stats()).toEqual(a.sim.stats());
      }),
      { numRuns: 25, seed: 0xd00d },
    );
  });

  it('a bulk run (counters only) keeps the ledger and the connection counts balanced too', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 200 }), (shape, n) => {
        const sim = new Simulation(build({ ...shape, rate: 0 }));
        sim.advanceTo(shape.runMs);
        const r = sim.runConnections(n);
        expect(r.completed + r.failed).toBe(n);
        const ledger = sim.world.ledger;
        expect(ledger.arrivals).toBe(ledger.settledTotal);
        const s = sim.stats();
        expect(s.completedConnections + s.failedConnections + sim.openConnections).toBe(s.openedConnections);
        const byHosts = s.hosts.reduce((sum, h) => sum + h.served, 0);
        expect(byHosts).toBe(sim.scenario.client.target.kind === 'outside' ? 0 : s.completedConnections);
      }),
      { numRuns: 30, seed: 0xb01c },
    );
  });
});
