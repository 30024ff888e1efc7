// Expected shares behind the charts' "expected" marks, the host looks that keep 32 hosts apart
// without relying on colour alone, the step lines and the rows of the time charts' data tables.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { Simulation } from '../sim/simulation';
import type { StatsSample } from '../worker/protocol';
import { expectedShares, stepPath, tableSamples } from './charts';
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

describe('stepPath', () => {
  it("draws curveStepAfter's picture: level to the next x, then up; a level run is one H", () => {
    expect(stepPath([0, 10, 20, 30], [100, 100, 80, 80])).toBe('M0,100H20V80H30');
    expect(stepPath([0, 10], [5, 5])).toBe('M0,5H10');
    expect(stepPath([0], [5])).toBe('M0,5');
    expect(stepPath([], [])).toBe('');
  });

  it('writes a tenth of a pixel at most', () => {
    expect(stepPath([0.04, 10.26], [99.99, 50.01])).toBe('M0,100H10.3V50');
  });
});

describe('tableSamples', () => {
  const sample = (t: number): StatsSample => ({
    t,
    served: [t],
    framesOnWire: 0,
    loopbackConnections: 0,
    failedConnections: 0,
    retransmissions: 0,
  });
  const run = (until: number, every: number) =>
    Array.from({ length: Math.floor(until / every) + 1 }, (_, i) => sample(i * every));

  it('keeps every sample while there are few, the last one keyed as the latest', () => {
    const rows = tableSamples(run(300, 100), 10);
    expect(rows.map((r) => r.sample.t)).toEqual([0, 100, 200, 300]);
    expect(rows.map((r) => r.key)).toEqual(['0', '100', '200', 'latest']);
  });

  it('picks at most `max` rows at round moments, and the latest', () => {
    const rows = tableSamples(run(12_345, 100), 10);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows[rows.length - 1]).toEqual({ key: 'latest', sample: sample(12_300) });
    // A step of 2 s: rows at 0, 2, 4, … 12 s.
    expect(rows.slice(0, -1).map((r) => r.sample.t)).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000]);
  });

  it('keeps its rows as the run grows, until the step grows: only the latest row changes', () => {
    const before = tableSamples(run(12_300, 100), 10);
    const after = tableSamples(run(13_900, 100), 10);
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
    expect(after[after.length - 1]!.sample.t).toBe(13_900);
  });

  it('shows the last sample at or before each moment when samples are sparse', () => {
    const samples = [0, 1500, 4100, 9000, 20_000, 25_000].map(sample);
    const rows = tableSamples(samples, 4);
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.map((r) => r.sample.t)).toEqual([0, 9000, 20_000, 25_000]);
  });
});
