// Lab 2's run as data: Lab 1's run with Lab 2's own balancer, client location and target.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../scenario/changes';
import { defaultScenario } from '../../scenario/defaults';
import type { Scenario } from '../../scenario/types';
import {
  fitOverrides,
  labTwoRun,
  overridesOf,
  sameOverrides,
  sameRun,
  withOverrides,
  type LabOverrides,
} from './overrides';

const azureOnHost1: LabOverrides = {
  balancer: { kind: 'azureIlb' },
  location: { kind: 'host', cluster: 'A', hostIndex: 0 },
  target: { kind: 'vip', cluster: 'A' },
};

const log: LogEntry[] = [
  {
    t: 100,
    source: 'user',
    change: { type: 'clientLocation', location: { kind: 'host', cluster: 'A', hostIndex: 2 } },
  },
  { t: 200, source: 'user', change: { type: 'runConnections', count: 300 } },
  { t: 300, source: 'user', change: { type: 'hostAction', cluster: 'A', hostIndex: 1, action: 'crash' } },
  {
    t: 400,
    source: 'lesson',
    change: { type: 'clientTarget', target: { kind: 'dip', cluster: 'A', hostIndex: 1 } },
  },
];

describe('Lab 2’s run', () => {
  it('is Lab 1’s with Lab 2’s settings from time zero, and Lab 1’s client moves left out', () => {
    const start = defaultScenario();
    const run = labTwoRun({ start, log }, azureOnHost1);
    expect(run.start.clusters[0]!.balancer).toEqual({ kind: 'azureIlb' });
    expect(run.start.client.location).toEqual(azureOnHost1.location);
    expect(run.start.client.target).toEqual(azureOnHost1.target);
    // The same traffic and the same operations, at the same moments.
    expect(run.log.map((e) => [e.t, e.change.type])).toEqual([
      [200, 'runConnections'],
      [300, 'hostAction'],
    ]);
    expect(run.start.seed).toBe(start.seed);
    // Lab 1's run is left as it was.
    expect(start.clusters[0]!.balancer).toBeUndefined();
  });

  it('has no balancer for Windows NLB, whichever way Lab 1 or Lab 2 says it', () => {
    const start: Scenario = withOverrides(defaultScenario(), azureOnHost1);
    const nlb = withOverrides(start, { ...azureOnHost1, balancer: { kind: 'nlb' } });
    expect('balancer' in nlb.clusters[0]!).toBe(false);
    const none = withOverrides(start, {
      location: { kind: 'outside' },
      target: { kind: 'vip', cluster: 'A' },
    });
    expect('balancer' in none.clusters[0]!).toBe(false);
    expect(
      sameOverrides({ ...azureOnHost1, balancer: { kind: 'nlb' } }, { ...azureOnHost1, balancer: undefined }),
    ).toBe(true);
    expect(sameOverrides(azureOnHost1, { ...azureOnHost1, balancer: { kind: 'awsNlb' } })).toBe(false);
  });

  it('starts as Lab 1’s own settings', () => {
    const s = withOverrides(defaultScenario(), azureOnHost1);
    expect(overridesOf(s)).toEqual(azureOnHost1);
    expect(overridesOf(defaultScenario())).toEqual({
      location: defaultScenario().client.location,
      target: defaultScenario().client.target,
    });
  });

  it('compares runs by their data, keys in any order', () => {
    const start = defaultScenario();
    const a = labTwoRun({ start, log }, azureOnHost1);
    const b = JSON.parse(JSON.stringify(a));
    b.start = Object.fromEntries(Object.entries(b.start).reverse());
    expect(sameRun(a, b)).toBe(true);
    expect(sameRun(a, { ...a, log: a.log.slice(1) })).toBe(false);
    expect(sameRun(a, labTwoRun({ start, log }, { ...azureOnHost1, balancer: { kind: 'awsNlb' } }))).toBe(
      false,
    );
  });

  it('gives way when its host or cluster is not there, and says so', () => {
    const start = defaultScenario();
    const fitted = fitOverrides(
      {
        location: { kind: 'host', cluster: 'A', hostIndex: 5 },
        target: { kind: 'dip', cluster: 'B', hostIndex: 0 },
      },
      start,
    );
    expect(fitted.overrides.location).toEqual({ kind: 'outside' });
    expect(fitted.overrides.target).toEqual({ kind: 'vip', cluster: 'A' });
    expect(fitted.notices).toEqual([
      "Host 6 is not in this scenario, so Lab 2's client runs outside the cluster.",
      "There is no Cluster B, so Lab 2's client connects to the cluster VIP.",
    ]);
    const same = fitOverrides(azureOnHost1, start);
    expect(same.overrides).toBe(azureOnHost1);
    expect(same.notices).toEqual([]);
  });
});
