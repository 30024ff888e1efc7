// Scenario edits made by the controls: option lists match CONTRACT.md, and changing the host count
// keeps the client's location and target valid, saying what changed.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/defaults';
import {
  locationOptions,
  locationValue,
  parseLocation,
  parseTarget,
  targetOptions,
  targetValue,
} from './scenarioEdit';
import { applyChange } from '../scenario/changes';
import type { ClientLocation, ClientTarget, ClusterId, Scenario } from '../scenario/types';

// The toolbar's edits, as the changes the controls now send.
const withHostCount = (s: Scenario, cluster: ClusterId, count: number) =>
  applyChange(s, { type: 'hostCount', cluster, count });
const withLocation = (s: Scenario, location: ClientLocation) =>
  applyChange(s, { type: 'clientLocation', location }).scenario;
const withTarget = (s: Scenario, target: ClientTarget) =>
  applyChange(s, { type: 'clientTarget', target }).scenario;

describe('scenario edits', () => {
  it('lists the contract option labels', () => {
    const s = defaultScenario();
    expect(locationOptions(s).map((o) => o.label)).toEqual([
      'Outside the cluster',
      'On Host 1',
      'On Host 2',
      'On Host 3',
    ]);
    expect(targetOptions(s).map((o) => o.label)).toEqual([
      'Cluster VIP',
      'Host 1 dedicated IP',
      'Host 2 dedicated IP',
      'Host 3 dedicated IP',
    ]);
  });

  it('round-trips select values', () => {
    for (const o of locationOptions(defaultScenario()))
      expect(locationValue(parseLocation(o.value)!)).toBe(o.value);
    for (const o of targetOptions(defaultScenario()))
      expect(targetValue(parseTarget(o.value)!)).toBe(o.value);
    expect(parseLocation('host:A:x')).toBeNull();
    expect(parseTarget('dip:C:1')).toBeNull();
  });

  it('grows the cluster with default hosts and keeps existing host settings', () => {
    const s = defaultScenario();
    s.clusters[0]!.hosts[0]!.loadWeight = 80;
    const { scenario, notices } = withHostCount(s, 'A', 5);
    expect(scenario.clusters[0]!.hosts.map((h) => h.dip)).toEqual([
      '10.0.0.11',
      '10.0.0.12',
      '10.0.0.13',
      '10.0.0.14',
      '10.0.0.15',
    ]);
    expect(scenario.clusters[0]!.hosts[0]!.loadWeight).toBe(80);
    expect(scenario.clusters[0]!.hosts[4]!.priority).toBe(5);
    expect(notices).toEqual([]);
  });

  it('moves the client outside and back to the VIP when its hosts disappear, and says so', () => {
    let s = withLocation(defaultScenario(), { kind: 'host', cluster: 'A', hostIndex: 2 });
    s = withTarget(s, { kind: 'dip', cluster: 'A', hostIndex: 2 });
    const { scenario, notices } = withHostCount(s, 'A', 2);
    expect(scenario.client.location).toEqual({ kind: 'outside' });
    expect(scenario.client.target).toEqual({ kind: 'vip', cluster: 'A' });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('Host 3 no longer exists');
  });

  it('clamps the host count to 1..32', () => {
    expect(withHostCount(defaultScenario(), 'A', 40).scenario.clusters[0]!.hosts).toHaveLength(32);
    expect(withHostCount(defaultScenario(), 'A', 0).scenario.clusters[0]!.hosts).toHaveLength(1);
  });
});
