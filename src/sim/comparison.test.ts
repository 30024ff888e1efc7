// The comparison against MODERN.md: 3,000 connections from Host 1 to its own VIP through every load
// balancer, counted by the engine. Mechanism A keeps every one on the caller (nothing on the wire);
// B times out about 1 in N (N backends); C never fails and lands on the caller about 1 in N.
// Tolerances: 1/N of 3,000 with N = 3 is 1,000, the binomial standard deviation about 26, so ±150
// is over 5 deviations (the engine is deterministic, so the band only guards a change of hash);
// with N = 5, 600 ± 120 (the deviation is about 22).
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario, makeCluster } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import {
  COMPARED_BALANCERS,
  COMPARISON_CHUNK,
  compareBalancers,
  compareOne,
  compareSteps,
  type ComparisonRow,
} from './comparison';

const SETUP = { cluster: 'A' as const, hostIndex: 0, connections: 3_000 };

function scenarioWith(hosts: number): Scenario {
  const scenario = defaultScenario();
  scenario.clusters = [makeCluster('A', hosts)];
  return scenario;
}

function rowNamed(rows: ComparisonRow[], name: string): ComparisonRow {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`no row "${name}" among ${rows.map((r) => r.name).join(', ')}`);
  return row;
}

describe('compareBalancers with 3 hosts and 3,000 connections from Host 1', () => {
  let rows: ComparisonRow[];
  beforeAll(() => {
    rows = compareBalancers(scenarioWith(3), SETUP);
  });

  it('has one row per compared balancer, in order, each counting every connection once', () => {
    expect(rows.map((r) => r.name)).toEqual([
      'Windows NLB',
      'Linux LVS direct routing',
      'Google Cloud internal passthrough',
      'Azure internal load balancer',
      'Azure internal load balancer, Floating IP',
      'AWS Network Load Balancer',
      'AWS Network Load Balancer, client IP preservation off',
      'Kubernetes Service (kube-proxy)',
      'Kubernetes Service (kube-proxy), hairpin mode off',
      'Proxy (HAProxy)',
    ]);
    expect(rows).toHaveLength(COMPARED_BALANCERS.length);
    for (const r of rows) {
      expect(r.connections).toBe(3_000);
      expect(r.servedBySelf + r.servedByOther + r.failed).toBe(3_000);
    }
  });

  it.each([
    'Windows NLB',
    'Linux LVS direct routing',
    'Google Cloud internal passthrough',
    'Azure internal load balancer, Floating IP',
  ])('%s (A, local capture): all 3,000 served by Host 1 itself, nothing on the wire, none failed', (name) => {
    const r = rowNamed(rows, name);
    expect(r).toMatchObject({
      mechanism: 'A',
      mechanismName: 'local capture',
      expectation: 'allSelf',
      expectedFailShare: 0,
      servedBySelf: 3_000,
      servedByOther: 0,
      failed: 0,
      framesOnWire: 0,
    });
  });

  it.each(['Azure internal load balancer', 'AWS Network Load Balancer'])(
    '%s (B, half-NAT hairpin): 1,000 ± 150 time out, none served by Host 1 itself',
    (name) => {
      const r = rowNamed(rows, name);
      expect(r).toMatchObject({ mechanism: 'B', expectation: 'oneInNFail', servedBySelf: 0 });
      expect(r.expectedFailShare).toBeCloseTo(1 / 3, 10);
      expect(Math.abs(r.failed - 1_000)).toBeLessThanOrEqual(150);
      expect(r.servedByOther).toBe(3_000 - r.failed);
      // The balancer sits on the wire: every connection's frames cross a link.
      expect(r.framesOnWire).toBeGreaterThan(3_000);
    },
  );

  it.each([
    'AWS Network Load Balancer, client IP preservation off',
    'Kubernetes Service (kube-proxy)',
    'Proxy (HAProxy)',
  ])('%s (C): none fail, and Host 1 serves 1,000 ± 150 of them itself, harmlessly', (name) => {
    const r = rowNamed(rows, name);
    expect(r).toMatchObject({ mechanism: 'C', expectation: 'noneFail', expectedFailShare: 0, failed: 0 });
    expect(Math.abs(r.servedBySelf - 1_000)).toBeLessThanOrEqual(150);
    expect(r.servedByOther).toBe(3_000 - r.servedBySelf);
    expect(r.framesOnWire).toBeGreaterThan(3_000);
  });

  it('Kubernetes without hairpin mode (B): 1,000 ± 150 hang, none served by Host 1 itself', () => {
    const r = rowNamed(rows, 'Kubernetes Service (kube-proxy), hairpin mode off');
    expect(r).toMatchObject({ mechanism: 'B', expectation: 'oneInNFail', servedBySelf: 0 });
    expect(Math.abs(r.failed - 1_000)).toBeLessThanOrEqual(150);
  });

  it('marks what no source states as illustrative, and names its source', () => {
    expect(rowNamed(rows, 'Windows NLB')).toMatchObject({ source: 'KB Q247768', illustrative: null });
    expect(rowNamed(rows, 'Azure internal load balancer').illustrative).toBe('the flow hash');
    expect(rowNamed(rows, 'Azure internal load balancer').source).toContain('Cause 4');
    for (const r of rows) expect(r.source.length).toBeGreaterThan(0);
  });

  it('is deterministic: a second run gives equal rows', () => {
    expect(compareBalancers(scenarioWith(3), SETUP)).toEqual(rows);
  });
});

describe('compareBalancers with 5 hosts', () => {
  it('Azure internal load balancer: 600 ± 120 of 3,000 time out (1 in 5)', () => {
    const r = compareOne(scenarioWith(5), { kind: 'azureIlb' }, SETUP);
    expect(r.expectedFailShare).toBeCloseTo(1 / 5, 10);
    expect(Math.abs(r.failed - 600)).toBeLessThanOrEqual(120);
    expect(r.servedBySelf).toBe(0);
  });

  it('Windows NLB: still all 3,000 served by the caller itself', () => {
    expect(compareOne(scenarioWith(5), { kind: 'nlb' }, SETUP)).toMatchObject({
      servedBySelf: 3_000,
      failed: 0,
      framesOnWire: 0,
    });
  });
});

describe('compareSteps', () => {
  it('yields between chunks and gives the same row as compareOne', () => {
    const setup = { ...SETUP, connections: 2 * COMPARISON_CHUNK + 7 };
    const steps = compareSteps(scenarioWith(3), { kind: 'azureIlb' }, setup);
    const yielded: number[] = [];
    let next = steps.next();
    while (!next.done) {
      yielded.push(next.value);
      next = steps.next();
    }
    expect(yielded).toEqual([COMPARISON_CHUNK, 2 * COMPARISON_CHUNK]);
    expect(next.value).toEqual(compareOne(scenarioWith(3), { kind: 'azureIlb' }, setup));
  });

  it('runs from the backend the setup names, whatever the scenario says about the client', () => {
    const scenario = scenarioWith(3);
    scenario.client.location = { kind: 'outside' };
    scenario.client.connectionsPerSecond = 500;
    scenario.timeline = [{ atMs: 1, cluster: 'A', hostIndex: 0, action: 'crash' }];
    const r = compareOne(scenario, { kind: 'nlb' }, { cluster: 'A', hostIndex: 1, connections: 60 });
    expect(r).toMatchObject({ servedBySelf: 60, failed: 0, framesOnWire: 0 });
  });

  it('does not change the scenario it is given', () => {
    const scenario = scenarioWith(3);
    const before = structuredClone(scenario);
    compareOne(scenario, { kind: 'awsNlb', clientIpPreservation: false }, { ...SETUP, connections: 60 });
    expect(scenario).toEqual(before);
  });

  it('names a backend that does not exist instead of running without one', () => {
    expect(() => compareOne(scenarioWith(3), { kind: 'nlb' }, { ...SETUP, hostIndex: 7 })).toThrow(
      'no backend A8',
    );
  });
});
