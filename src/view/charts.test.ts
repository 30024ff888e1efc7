// Expected shares behind the charts' "expected" marks, and the host looks that keep 32
// hosts apart without relying on colour alone.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { Simulation } from '../sim/simulation';
import { expectedShares } from './charts';
import { hostLook } from './hostStyle';

function shares(change: (s: Scenario) => void, before?: (sim: Simulation) => void, ms = 0) {
  const scenario = defaultScenario();
  change(scenario);
  const sim = new Simulation(scenario);
  before?.(sim);
  sim.advanceTo(ms);
  return { ...expectedShares(scenario, sim.stats(), sim.topology()), sim };
}

describe('expectedShares', () => {
  it('splits equally by default', () => {
    const { shares: s, basis } = shares(() => {});
    expect(s.map((x) => x!.toFixed(3))).toEqual(['0.333', '0.333', '0.333']);
    expect(basis).toMatch(/equal load/);
  });

  it('follows load weights when the rule does not use equal load (30 and 60: a third and two thirds)', () => {
    const { shares: s } = shares((sc) => {
      sc.clusters[0]!.hosts = sc.clusters[0]!.hosts.slice(0, 2);
      sc.clusters[0]!.hosts[0]!.loadWeight = 30;
      sc.clusters[0]!.hosts[1]!.loadWeight = 60;
      sc.clusters[0]!.portRules[0]!.equalLoad = false;
    });
    expect(s.map((x) => x!.toFixed(3))).toEqual(['0.333', '0.667']);
  });

  it('leaves out a host the cluster converged without', () => {
    const { shares: s } = shares(
      () => {},
      (sim) => sim.applyHostAction('A', 2, 'crash'),
      10_000,
    );
    expect(s.map((x) => x!.toFixed(3))).toEqual(['0.500', '0.500', '0.000']);
  });

  it('gives a dedicated IP all to its host, and a single-host rule all to the best handling priority', () => {
    expect(shares((sc) => (sc.client.target = { kind: 'dip', cluster: 'A', hostIndex: 1 })).shares).toEqual([
      0, 1, 0,
    ]);
    const single = shares((sc) => {
      sc.clusters[0]!.portRules[0]!.filtering = 'single';
      sc.clusters[0]!.hosts[2]!.handlingPriority = 0;
    });
    expect(single.shares).toEqual([0, 0, 1]);
  });

  it('has no expected share when no cluster is involved', () => {
    expect(shares((sc) => (sc.client.target = { kind: 'outside' })).shares).toEqual([null, null, null]);
  });
});

describe('hostLook', () => {
  it('gives each of 32 hosts a different colour and pattern pair, with a dash and a shape as well', () => {
    const looks = Array.from({ length: 32 }, (_, i) => hostLook(i));
    expect(new Set(looks.map((l) => `${l.color}/${l.pattern}`)).size).toBe(32);
    // The default three hosts differ in every cue, not only in colour.
    const [a, b, c] = looks;
    expect(new Set([a!.pattern, b!.pattern, c!.pattern]).size).toBe(3);
    expect(new Set([a!.shape, b!.shape, c!.shape]).size).toBe(3);
  });
});
