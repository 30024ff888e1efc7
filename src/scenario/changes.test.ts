// Changes as data: applying one is pure, a change to the value a field already has is no change, and
// an edited configuration turns into the typed changes that lead to it (live ones where NLB takes
// them live, world-shaping ones otherwise).
import { describe, expect, it } from 'vitest';
import { applyChange, changesBetween, changesNothing, configAt, isLive, whyNotApplicable } from './changes';
import { describeChange } from './changeText';
import { defaultScenario } from './defaults';
import { parseScenario } from './validate';

describe('applyChange', () => {
  it('is pure: the scenario it was given is left as it was', () => {
    const s = defaultScenario();
    const before = structuredClone(s);
    const out = applyChange(s, { type: 'loadWeight', cluster: 'A', hostIndex: 1, weight: 80 });
    expect(s).toEqual(before);
    expect(out.scenario.clusters[0]!.hosts[1]!.loadWeight).toBe(80);
    expect(out.scenario.clusters[0]!.hosts[0]!.loadWeight).toBe(50);
  });

  it('says a select set to the value it already has changes nothing', () => {
    const s = defaultScenario();
    expect(changesNothing(s, { type: 'clientLocation', location: { kind: 'outside' } })).toBe(true);
    expect(changesNothing(s, { type: 'affinity', affinity: 'single' })).toBe(true);
    expect(changesNothing(s, { type: 'hostCount', cluster: 'A', count: 3 })).toBe(true);
    expect(changesNothing(s, { type: 'affinity', affinity: 'none' })).toBe(false);
    // A host operation or a batch always does something.
    expect(changesNothing(s, { type: 'hostAction', cluster: 'A', hostIndex: 0, action: 'crash' })).toBe(
      false,
    );
  });

  it('moves the client off a host that is removed, and says so', () => {
    let s = defaultScenario();
    s = applyChange(s, {
      type: 'clientLocation',
      location: { kind: 'host', cluster: 'A', hostIndex: 2 },
    }).scenario;
    const out = applyChange(s, { type: 'hostCount', cluster: 'A', count: 2 });
    expect(out.scenario.client.location).toEqual({ kind: 'outside' });
    expect(out.notices).toEqual(['Host 3 no longer exists, so the client now runs outside the cluster.']);
    expect(parseScenario(out.scenario).ok).toBe(true);
  });
});

describe('changesBetween', () => {
  it('finds nothing between a scenario and itself (view settings do not count)', () => {
    const s = defaultScenario();
    expect(changesBetween(s, { ...structuredClone(s), view: { speed: 5 } })).toEqual([]);
  });

  it('turns edited weights, priorities and rules into live changes', () => {
    const from = defaultScenario();
    const to = structuredClone(from);
    to.clusters[0]!.hosts[0]!.loadWeight = 100;
    to.clusters[0]!.hosts[2]!.handlingPriority = 7;
    to.clusters[0]!.portRules[0]!.equalLoad = false;
    to.client.connectionsPerSecond = 5;
    const changes = changesBetween(from, to);
    expect(changes).toEqual([
      { type: 'portRules', cluster: 'A', rules: to.clusters[0]!.portRules },
      { type: 'loadWeight', cluster: 'A', hostIndex: 0, weight: 100 },
      { type: 'handlingPriority', cluster: 'A', hostIndex: 2, priority: 7 },
      { type: 'clientRate', connectionsPerSecond: 5 },
    ]);
    expect(changes.every(isLive)).toBe(true);
  });

  it('turns the world shape and other settings into changes that rebuild the run', () => {
    const from = defaultScenario();
    const to = structuredClone(from);
    to.clusters[0]!.bucketCount = 64;
    to.clusters[0]!.mode = 'multicast';
    to.seed = 7;
    const changes = changesBetween(from, to);
    expect(changes).toEqual([
      { type: 'clusterMode', cluster: 'A', mode: 'multicast' },
      { type: 'setting', path: ['seed'], value: 7 },
      { type: 'setting', path: ['clusters', 0, 'bucketCount'], value: 64 },
    ]);
    expect(changes.some(isLive)).toBe(false);
    // Applying them gives the edited scenario back.
    let s = from;
    for (const c of changes) s = applyChange(s, c).scenario;
    expect(s).toEqual(to);
  });
});

describe('a run log against a starting point', () => {
  it('knows which logged changes no longer apply, and what the configuration is at a moment', () => {
    const three = defaultScenario();
    expect(whyNotApplicable(three, { type: 'hostAction', cluster: 'A', hostIndex: 4, action: 'crash' })).toBe(
      'Host 5 no longer exists',
    );
    expect(
      whyNotApplicable(three, { type: 'hostAction', cluster: 'A', hostIndex: 2, action: 'crash' }),
    ).toBeNull();
    const log = [
      {
        t: 1000,
        source: 'user' as const,
        change: { type: 'loadWeight' as const, cluster: 'A' as const, hostIndex: 0, weight: 90 },
      },
      { t: 5000, source: 'user' as const, change: { type: 'affinity' as const, affinity: 'none' as const } },
    ];
    expect(configAt(three, log, 999).clusters[0]!.hosts[0]!.loadWeight).toBe(50);
    expect(configAt(three, log, 1000).clusters[0]!.hosts[0]!.loadWeight).toBe(90);
    expect(configAt(three, log, 4000).clusters[0]!.portRules[0]!.affinity).toBe('single');
    expect(configAt(three, log, 6000).clusters[0]!.portRules[0]!.affinity).toBe('none');
  });

  it('has words for every change, made only when shown', () => {
    expect(describeChange({ type: 'hostAction', cluster: 'B', hostIndex: 0, action: 'stopNlb' })).toBe(
      'Stop NLB Host B1',
    );
    expect(describeChange({ type: 'loadWeight', cluster: 'A', hostIndex: 1, weight: 80 })).toBe(
      'Load weight of Host 2: 80',
    );
    expect(describeChange({ type: 'runConnections', count: 300 })).toBe('Run 300 connections');
    expect(
      describeChange({ type: 'clientLocation', location: { kind: 'host', cluster: 'A', hostIndex: 0 } }),
    ).toBe('Client runs on Host 1');
  });
});
