// Cluster-wide edits from the toolbar and the settings panel: every result passes parseScenario,
// and removing Cluster B never leaves the client pointing at it.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import { parseScenario } from '../scenario/validate';
import {
  affinityValue,
  clusterModeValue,
  locationOptions,
  MIXED,
  targetOptions,
  withClusterPatch,
  withHostPatch,
} from './scenarioEdit';
import { applyChange, applyChanges } from '../scenario/changes';
import type {
  Affinity,
  ClientLocation,
  ClientTarget,
  ClusterId,
  ClusterMode,
  Scenario,
} from '../scenario/types';

// The toolbar's edits, as the changes the controls now send.
const withHostCount = (s: Scenario, cluster: ClusterId, count: number) =>
  applyChange(s, { type: 'hostCount', cluster, count });
const withClusterB = (s: Scenario, on: boolean) => applyChange(s, { type: 'clusterB', on });
const withClusterMode = (s: Scenario, mode: ClusterMode) =>
  applyChanges(
    s,
    s.clusters.map((c) => ({ type: 'clusterMode' as const, cluster: c.id, mode })),
  ).scenario;
const withAffinity = (s: Scenario, affinity: Affinity) =>
  applyChange(s, { type: 'affinity', affinity }).scenario;
const withLocation = (s: Scenario, location: ClientLocation) =>
  applyChange(s, { type: 'clientLocation', location }).scenario;
const withTarget = (s: Scenario, target: ClientTarget) =>
  applyChange(s, { type: 'clientTarget', target }).scenario;

function valid(s: ReturnType<typeof defaultScenario>) {
  const result = parseScenario(s);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

describe('cluster edits', () => {
  it('sets mode and affinity everywhere and reads them back', () => {
    let s = withClusterB(defaultScenario(), true).scenario;
    s = withClusterMode(s, 'igmp');
    s = withAffinity(s, 'none');
    valid(s);
    expect(clusterModeValue(s)).toBe('igmp');
    expect(affinityValue(s)).toBe('none');
    s = withClusterPatch(s, 'B', { mode: 'unicast' });
    expect(clusterModeValue(s)).toBe(MIXED);
  });

  it('adds Cluster B with its own VIP, hosts and options, and the same service', () => {
    const s = valid(withClusterB(withAffinity(defaultScenario(), 'none'), true).scenario);
    const b = s.clusters[1]!;
    expect(b.id).toBe('B');
    expect(b.vip).toBe('10.0.0.200');
    expect(b.hosts).toHaveLength(3);
    expect(b.portRules[0]!.affinity).toBe('none');
    expect(locationOptions(s).map((o) => o.label)).toContain('On Host B1');
    expect(targetOptions(s).map((o) => o.label)).toContain('Cluster B VIP');
  });

  it('removing Cluster B moves a client on or aimed at it back, and says so', () => {
    let s = withClusterB(defaultScenario(), true).scenario;
    s = withLocation(s, { kind: 'host', cluster: 'B', hostIndex: 1 });
    s = withTarget(s, { kind: 'vip', cluster: 'B' });
    const edit = withClusterB(s, false);
    valid(edit.scenario);
    expect(edit.scenario.clusters).toHaveLength(1);
    expect(edit.scenario.client.location).toEqual({ kind: 'outside' });
    expect(edit.scenario.client.target).toEqual({ kind: 'vip', cluster: 'A' });
    expect(edit.notices).toHaveLength(2);
  });

  it('new hosts take free priorities so they never clash with edited ones', () => {
    let s = withHostPatch(defaultScenario(), 'A', 0, { priority: 4 });
    s = withHostCount(s, 'A', 5).scenario;
    const priorities = s.clusters[0]!.hosts.map((h) => h.priority);
    expect(new Set(priorities).size).toBe(5);
    valid(s);
  });

  it('32 hosts in A and Cluster B together are still valid', () => {
    let s = withHostCount(defaultScenario(), 'A', 32).scenario;
    s = withClusterB(s, true).scenario;
    s = withHostCount(s, 'B', 32).scenario;
    valid(s);
  });
});
