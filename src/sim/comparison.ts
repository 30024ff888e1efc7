// The comparison the app measures itself: the same batch of connections from one backend to its
// cluster's VIP, run through every load balancer (and option) in a fresh engine each, counted.
import { balancerFacts, MECHANISM_NAMES, type Mechanism } from './balancerKinds';
import { Simulation } from './simulation';
import { balancerText } from '../scenario/changeText';
import type { BalancerConfig, ClusterId, Scenario } from '../scenario/types';
import { hostNodeId } from '../scenario/names';

/** Every load balancer the comparison runs, with the options MODERN.md tells apart. */
export const COMPARED_BALANCERS: readonly BalancerConfig[] = [
  { kind: 'nlb' },
  { kind: 'lvsDr' },
  { kind: 'gcpInternal' },
  { kind: 'azureIlb' },
  { kind: 'azureIlb', floatingIp: true },
  { kind: 'awsNlb' },
  { kind: 'awsNlb', clientIpPreservation: false },
  { kind: 'kubeProxy' },
  { kind: 'kubeProxy', hairpinMode: false },
  { kind: 'haproxy' },
];

/** What MODERN.md says a backend calling its own VIP should see, by mechanism. */
export type Expectation =
  /** A: every connection served by the caller itself, through its loopback. */
  | 'allSelf'
  /** B: about 1/N time out (N backends): the ones the balancer sends back to the caller. */
  | 'oneInNFail'
  /** C: none fail; about 1/N land on the caller, harmlessly. */
  | 'noneFail';

export interface ComparisonRow {
  balancer: BalancerConfig;
  /** "AWS Network Load Balancer, client IP preservation off". */
  name: string;
  mechanism: Mechanism;
  mechanismName: string;
  source: string;
  illustrative: string | null;
  connections: number;
  servedBySelf: number;
  servedByOther: number;
  failed: number;
  /** Frames of these connections that crossed any link. */
  framesOnWire: number;
  expectation: Expectation;
  /** The share of failures MODERN.md leads one to expect: 0, 1/N, or 0 with all served by itself. */
  expectedFailShare: number;
}

export interface ComparisonSetup {
  /** The backend that calls its own VIP. */
  cluster: ClusterId;
  hostIndex: number;
  connections: number;
}

function expectationOf(mechanism: Mechanism): Expectation {
  return mechanism === 'A' ? 'allSelf' : mechanism === 'B' ? 'oneInNFail' : 'noneFail';
}

/**
 * A row's connections run in chunks of this many (yielding between them), so a worker can hear
 * Cancel during a large row. Fixed, so a row is the same whether it is run at once or in slices.
 */
export const COMPARISON_CHUNK = 500;

/**
 * One row, step by step: a fresh engine from `base` with the cluster's balancer set to `balancer`,
 * no steady stream and no scenario timeline, the client on the backend calling its VIP,
 * `connections` run in chunks of COMPARISON_CHUNK. Yields how many connections have run after each
 * chunk but the last; returns the row.
 */
export function* compareSteps(
  base: Scenario,
  balancer: BalancerConfig,
  setup: ComparisonSetup,
): Generator<number, ComparisonRow, void> {
  const scenario = structuredClone(base);
  delete scenario.log;
  scenario.timeline = [];
  scenario.client.connectionsPerSecond = 0;
  scenario.client.location = { kind: 'host', cluster: setup.cluster, hostIndex: setup.hostIndex };
  scenario.client.target = { kind: 'vip', cluster: setup.cluster };
  const cluster = scenario.clusters.find((c) => c.id === setup.cluster);
  if (!cluster || !cluster.hosts[setup.hostIndex])
    throw new Error(`no backend ${hostNodeId(setup.cluster, setup.hostIndex)} to compare from`);
  if (balancer.kind === 'nlb') delete cluster.balancer;
  else cluster.balancer = { ...balancer };
  const sim = new Simulation(scenario);
  sim.setDetail('counters');
  const framesBefore = sim.world.framesOnWire;
  const self = hostNodeId(setup.cluster, setup.hostIndex);
  const total = Math.max(0, Math.floor(setup.connections));
  let ran = 0;
  let completed = 0;
  let failed = 0;
  let servedBySelf = 0;
  while (ran < total) {
    const n = Math.min(COMPARISON_CHUNK, total - ran);
    const run = sim.runConnections(n);
    ran += n;
    completed += run.completed;
    failed += run.failed;
    servedBySelf += run.servedBy[self] ?? 0;
    if (ran < total) yield ran;
  }
  const facts = balancerFacts(balancer);
  const n = cluster.hosts.length;
  const expectation = expectationOf(facts.mechanism);
  return {
    balancer,
    name: balancerText(balancer),
    mechanism: facts.mechanism,
    mechanismName: MECHANISM_NAMES[facts.mechanism],
    source: facts.source,
    illustrative: facts.illustrative,
    connections: total,
    servedBySelf,
    servedByOther: completed - servedBySelf,
    failed,
    framesOnWire: sim.world.framesOnWire - framesBefore,
    expectation,
    expectedFailShare: expectation === 'oneInNFail' ? 1 / n : 0,
  };
}

/** One row, run to its end at once (the same row compareSteps gives in slices). */
export function compareOne(base: Scenario, balancer: BalancerConfig, setup: ComparisonSetup): ComparisonRow {
  const steps = compareSteps(base, balancer, setup);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Every row, in COMPARED_BALANCERS order. */
export function compareBalancers(base: Scenario, setup: ComparisonSetup): ComparisonRow[] {
  return COMPARED_BALANCERS.map((b) => compareOne(base, b, setup));
}
