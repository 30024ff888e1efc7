// Lab 2 of split view as data: Lab 1's run (its starting point and log of changes) with Lab 2's own
// settings (Cluster A's load balancer, the client's location and target) put into the starting point,
// so they hold from time zero, and Lab 1's own client moves left out of the log. Pure functions.
import { hostName, sameData, type LogEntry } from '../../scenario/changes';
import type {
  BalancerConfig,
  ClientLocation,
  ClientTarget,
  Scenario,
  SplitViewSettings,
} from '../../scenario/types';

/** Lab 2's own settings (what `view.split` carries in a link). */
export type LabOverrides = SplitViewSettings;

/** A run: its starting point and its log of changes. */
export interface RunDefinition {
  start: Scenario;
  log: LogEntry[];
}

/** Lab 1's settings as Lab 2's first ones: split view opens with two identical labs. */
export function overridesOf(scenario: Scenario): LabOverrides {
  const a = scenario.clusters[0];
  return {
    ...(a?.balancer ? { balancer: a.balancer } : {}),
    location: scenario.client.location,
    target: scenario.client.target,
  };
}

/** Whether a change is one Lab 2 makes its own (the client's place and target). */
export function isOwnChange(entry: LogEntry): boolean {
  return entry.change.type === 'clientLocation' || entry.change.type === 'clientTarget';
}

function hostExists(s: Scenario, cluster: 'A' | 'B', hostIndex: number): boolean {
  const c = s.clusters.find((x) => x.id === cluster);
  return c !== undefined && hostIndex >= 0 && hostIndex < c.hosts.length;
}

/**
 * `overrides` made to fit `start` (a host or Cluster B that is not there: the client goes outside,
 * or connects to Cluster A's VIP, as Lab 1's would), with what was moved, in words.
 */
export function fitOverrides(
  overrides: LabOverrides,
  start: Scenario,
): { overrides: LabOverrides; notices: string[] } {
  const notices: string[] = [];
  let location: ClientLocation = overrides.location;
  let target: ClientTarget = overrides.target;
  if (location.kind === 'host' && !hostExists(start, location.cluster, location.hostIndex)) {
    notices.push(
      `${hostName(location.cluster, location.hostIndex)} is not in this scenario, so Lab 2's client runs outside the cluster.`,
    );
    location = { kind: 'outside' };
  }
  const targetCluster = target.kind === 'outside' ? null : target.cluster;
  if (targetCluster !== null && !start.clusters.some((c) => c.id === targetCluster)) {
    notices.push(`There is no Cluster ${targetCluster}, so Lab 2's client connects to the cluster VIP.`);
    target = { kind: 'vip', cluster: 'A' };
  } else if (target.kind === 'dip' && !hostExists(start, target.cluster, target.hostIndex)) {
    notices.push(
      `${hostName(target.cluster, target.hostIndex)} is not in this scenario, so Lab 2's client connects to the cluster VIP.`,
    );
    target = { kind: 'vip', cluster: target.cluster };
  }
  if (notices.length === 0) return { overrides, notices };
  return { overrides: { ...overrides, location, target }, notices };
}

/** `start` with Lab 2's settings: Cluster A's balancer (absent: Windows NLB), the client's place and target. */
export function withOverrides(start: Scenario, overrides: LabOverrides): Scenario {
  const clusters = start.clusters.map((c, i) => {
    if (i !== 0) return c;
    const { balancer: _balancer, ...rest } = c;
    const balancer: BalancerConfig | undefined = overrides.balancer;
    return balancer && balancer.kind !== 'nlb' ? { ...rest, balancer } : rest;
  });
  return {
    ...start,
    clusters,
    client: { ...start.client, location: overrides.location, target: overrides.target },
  };
}

/** Lab 2's run: Lab 1's with Lab 2's settings from time zero, and Lab 1's client moves left out. */
export function labTwoRun(labOne: RunDefinition, overrides: LabOverrides): RunDefinition {
  return {
    start: withOverrides(labOne.start, overrides),
    log: labOne.log.filter((e) => !isOwnChange(e)),
  };
}

/** Whether two runs are the same (keys in any order; a batch of connections at the same moment). */
export function sameRun(a: RunDefinition, b: RunDefinition): boolean {
  return sameData(a.start, b.start) && sameData(a.log, b.log);
}

/** A run as a scenario (what a lab store loads). */
export function runAsScenario(run: RunDefinition): Scenario {
  return run.log.length > 0 ? { ...run.start, log: run.log } : run.start;
}

/** Whether two sets of Lab 2 settings are the same. */
export function sameOverrides(a: LabOverrides, b: LabOverrides): boolean {
  return sameData(normalBalancer(a), normalBalancer(b));
}

/** Windows NLB is the absence of a balancer: `{ kind: 'nlb' }` and none are the same. */
function normalBalancer(o: LabOverrides): LabOverrides {
  if (o.balancer && o.balancer.kind !== 'nlb') return o;
  const { balancer: _b, ...rest } = o;
  return rest;
}
