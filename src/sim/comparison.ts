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
 * One row: a fresh engine from `base` with the cluster's balancer set to `balancer`, no steady
 * stream and no scenario timeline, the client on the backend calling its VIP, `connections` run.
 */
export function compareOne(base: Scenario, balancer: BalancerConfig, setup: ComparisonSetup): ComparisonRow {
  const scenario = structuredClone(base);
  delete scenario.log;
  scenario.timeline = [];
  scenario.client.connectionsPerSecond = 0;
  scenario.client.location = { kind: 'host', cluster: setup.cluster, hostIndex: setup.hostIndex };
  scenario.client.target = { kind: 'vip', cluster: setup.cluster };
  const cluster = scenario.clusters.find((c) => c.id === setup.cluster)!;
  if (balancer.kind === 'nlb') delete cluster.balancer;
  else cluster.balancer = { ...balancer };
  const sim = new Simulation(scenario);
  sim.setDetail('counters');
  const framesBefore = sim.world.framesOnWire;
  const run = sim.runConnections(setup.connections);
  const self = hostNodeId(setup.cluster, setup.hostIndex);
  const servedBySelf = run.servedBy[self] ?? 0;
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
    connections: setup.connections,
    servedBySelf,
    servedByOther: run.completed - servedBySelf,
    failed: run.failed,
    framesOnWire: sim.world.framesOnWire - framesBefore,
    expectation,
    expectedFailShare: expectation === 'oneInNFail' ? 1 / n : 0,
  };
}

/** Every row, in COMPARED_BALANCERS order. */
export function compareBalancers(base: Scenario, setup: ComparisonSetup): ComparisonRow[] {
  return COMPARED_BALANCERS.map((b) => compareOne(base, b, setup));
}
