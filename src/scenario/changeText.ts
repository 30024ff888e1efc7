// Words for a change of the run log: "Crash Host 3", "Load weight of Host 2: 80", "Run 300 connections".
// Made when a change is shown (timeline markers, the undo buttons' hints, notices), never parsed back.
import { hostName, type Change, type ChangeSource } from './changes';
import { hostOperation } from './hostOperations';
import type { BalancerConfig, ClientLocation, ClientTarget, PortRule } from './types';
import { BALANCER_NAMES } from './balancerNames';

const AFFINITY_NAMES = { none: 'None', single: 'Single', network: 'Network' } as const;
const MODE_NAMES = { unicast: 'Unicast', multicast: 'Multicast', igmp: 'IGMP multicast' } as const;
const FILTERING_NAMES = { multiple: 'Multiple hosts', single: 'Single host', disabled: 'Disabled' } as const;

export const SOURCE_NAMES: Record<ChangeSource, string> = {
  user: 'by hand',
  lesson: 'by the lesson',
  scenario: "on the scenario's timeline",
};

function locationText(location: ClientLocation): string {
  return location.kind === 'outside'
    ? 'outside the cluster'
    : `on ${hostName(location.cluster, location.hostIndex)}`;
}

function targetText(target: ClientTarget): string {
  switch (target.kind) {
    case 'vip':
      return target.cluster === 'A' ? 'the cluster VIP' : 'the Cluster B VIP';
    case 'dip':
      return `${hostName(target.cluster, target.hostIndex)} dedicated IP`;
    case 'outside':
      return 'a server outside the cluster';
  }
}

function rulesText(rules: readonly PortRule[]): string {
  if (rules.length === 0) return 'no port rules';
  return rules
    .map(
      (r) =>
        `${r.startPort}-${r.endPort}/${r.protocol.toUpperCase()} ${FILTERING_NAMES[r.filtering]}` +
        (r.filtering === 'multiple'
          ? `, ${AFFINITY_NAMES[r.affinity]}, ${r.equalLoad ? 'equal load' : 'by weight'}`
          : ''),
    )
    .join('; ');
}

/** A short label for a change, as a timeline marker or the Undo button's hint says it. */
export function describeChange(change: Change): string {
  switch (change.type) {
    case 'hostAction':
      return `${hostOperation(change.action).label} ${hostName(change.cluster, change.hostIndex)}`;
    case 'loadWeight':
      return `Load weight of ${hostName(change.cluster, change.hostIndex)}: ${change.weight}`;
    case 'hostPriority':
      return `Host priority of ${hostName(change.cluster, change.hostIndex)}: ${change.priority}`;
    case 'handlingPriority':
      return `Handling priority of ${hostName(change.cluster, change.hostIndex)}: ${change.priority}`;
    case 'portRules':
      return `Port rules of Cluster ${change.cluster}: ${rulesText(change.rules)}`;
    case 'hostPortRules':
      return change.rules === null
        ? `${hostName(change.cluster, change.hostIndex)} uses the cluster's port rules`
        : `Port rules of ${hostName(change.cluster, change.hostIndex)} alone: ${rulesText(change.rules)}`;
    case 'affinity':
      return `Affinity: ${AFFINITY_NAMES[change.affinity]}`;
    case 'clientLocation':
      return `Client runs ${locationText(change.location)}`;
    case 'clientTarget':
      return `Client connects to ${targetText(change.target)}`;
    case 'clientRate':
      return `Client opens ${change.connectionsPerSecond} connections/s`;
    case 'runConnections':
      return `Run ${change.count} connection${change.count === 1 ? '' : 's'}`;
    case 'ping':
      return `${hostName(change.cluster, change.hostIndex)}: ping ${change.target}`;
    case 'hostCount':
      return `Cluster ${change.cluster}: ${change.count} host${change.count === 1 ? '' : 's'}`;
    case 'clusterMode':
      return `Cluster ${change.cluster} mode: ${MODE_NAMES[change.mode]}`;
    case 'clusterB':
      return change.on ? 'Add Cluster B' : 'Remove Cluster B';
    case 'balancer':
      return `Cluster ${change.cluster} load balancer: ${balancerText(change.balancer)}`;
    case 'setting':
      return `Setting ${change.path.join('.')}`;
  }
}

/** Several changes made at once, as one label ("Load weight of Host 2: 80 and 1 more"). */
export function describeChanges(changes: readonly Change[]): string {
  if (changes.length === 0) return 'nothing';
  const first = describeChange(changes[0]!);
  return changes.length === 1 ? first : `${first} and ${changes.length - 1} more`;
}

/** A load balancer and the options that differ from its vendor's default: "AWS Network Load Balancer, client IP preservation off". */
export function balancerText(b: BalancerConfig): string {
  const options: string[] = [];
  if (b.kind === 'azureIlb' && b.floatingIp) options.push('Floating IP');
  if (b.kind === 'awsNlb' && b.clientIpPreservation === false) options.push('client IP preservation off');
  if (b.kind === 'kubeProxy' && b.hairpinMode === false) options.push('hairpin mode off');
  return [BALANCER_NAMES[b.kind], ...options].join(', ');
}
