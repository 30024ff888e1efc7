// parseScenario: the one gate every scenario from outside passes (a link, a file, a form): version
// and migration, the schema, then the rules that relate fields to each other. Never throws.
import * as v from 'valibot';
import { capMessages, hostLabel, issueMessage, locate } from './messages';
import { migrateScenario, type ScenarioSource } from './migrations';
import { scenarioSchema } from './schema';
import type {
  ClientLocation,
  ClientTarget,
  ClusterConfig,
  ClusterId,
  LessonAction,
  PortRule,
  Scenario,
} from './types';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** The engine's LAN: hosts sit on 10.0.0.0/24 behind the router at 10.0.0.1 (src/sim/router.ts). */
export const LAB_NETWORK_PREFIX = '10.0.0.';
export const ROUTER_IP = '10.0.0.1';

/**
 * Validates anything (parsed JSON, a decoded link, a scenario from the store) and returns either a
 * fresh, valid Scenario or every problem found, each naming what is wrong and where.
 */
export function parseScenario(input: unknown, source: ScenarioSource = 'scenario'): ParseResult {
  try {
    const migrated = migrateScenario(input, source);
    if (!migrated.ok) return migrated;
    const result = v.safeParse(scenarioSchema, migrated.data, { abortPipeEarly: true, message: () => '' });
    if (!result.success) return { ok: false, errors: capMessages(result.issues.map(issueMessage)) };
    const scenario: Scenario = result.output;
    const errors = crossCheck(scenario);
    return errors.length > 0 ? { ok: false, errors: capMessages(errors) } : { ok: true, scenario };
  } catch (error) {
    // Not expected (the schema does not throw), but a link must never take the page down.
    return {
      ok: false,
      errors: [`The scenario could not be read (${error instanceof Error ? error.message : String(error)})`],
    };
  }
}

/** True when the scenario passes parseScenario. */
export function isValidScenario(input: unknown): input is Scenario {
  return parseScenario(input).ok;
}

// ---- Rules across fields -------------------------------------------------------------------

function lastOctet(ip: string): number {
  return Number(ip.slice(ip.lastIndexOf('.') + 1));
}

function onLab(ip: string): boolean {
  const last = lastOctet(ip);
  // 10.0.0.1 counts as on the network: it is then reported as the router's address.
  return ip.startsWith(LAB_NETWORK_PREFIX) && last >= 1 && last <= 254;
}

const LAB_RANGE = `${LAB_NETWORK_PREFIX}2–${LAB_NETWORK_PREFIX}254; ${ROUTER_IP} is the router`;

function portRuleProblems(rules: PortRule[], cluster: ClusterConfig, where: string): string[] {
  const errors: string[] = [];
  rules.forEach((rule, k) => {
    const at = `${where}, port rule ${k + 1}`;
    if (rule.startPort > rule.endPort) {
      errors.push(locate(at, `start port ${rule.startPort} is after end port ${rule.endPort}`));
    }
    if (rule.vip !== 'all' && rule.vip !== cluster.vip) {
      errors.push(locate(at, `VIP ${rule.vip} is not this cluster's VIP; use "all" or ${cluster.vip}`));
    }
  });
  // NLB refuses overlapping rules for the same VIP (a rule for one VIP may overlap an all-VIP rule).
  for (let j = 0; j < rules.length; j++) {
    for (let k = j + 1; k < rules.length; k++) {
      const a = rules[j]!;
      const b = rules[k]!;
      const sameVip = a.vip === b.vip;
      const protocols = a.protocol === 'both' || b.protocol === 'both' || a.protocol === b.protocol;
      const ports = a.startPort <= b.endPort && b.startPort <= a.endPort;
      if (sameVip && protocols && ports) {
        errors.push(
          locate(
            where,
            `port rules ${j + 1} and ${k + 1} overlap (both cover port ${Math.max(a.startPort, b.startPort)}); NLB does not allow overlapping rules`,
          ),
        );
      }
    }
  }
  return errors;
}

/** `claim` records who uses an address and returns a problem if someone already does. */
function clusterProblems(
  cluster: ClusterConfig,
  claim: (ip: string, owner: string, where: string, what: string) => string | null,
): string[] {
  const errors: string[] = [];
  const note = (problem: string | null) => {
    if (problem !== null) errors.push(problem);
  };
  const where = `Cluster ${cluster.id}`;
  if (!onLab(cluster.vip))
    errors.push(locate(where, `VIP ${cluster.vip} is not on the lab network (${LAB_RANGE})`));
  else note(claim(cluster.vip, `${where}'s VIP`, where, 'VIP'));

  // Duplicate host priorities are accepted on purpose: NLB.md's misconfiguration to show. The
  // engine then reports that convergence cannot complete, and why.
  const byHandling = new Map<number, number>();
  const hasSingleHostRule = [cluster.portRules, ...cluster.hosts.map((h) => h.portRules ?? [])].some(
    (rules) => rules.some((r) => r.filtering === 'single'),
  );
  cluster.hosts.forEach((host, i) => {
    const name = hostLabel(cluster.id, i);
    const at = `${where}, ${name}`;
    const otherHandling = byHandling.get(host.handlingPriority);
    if (hasSingleHostRule && otherHandling !== undefined) {
      errors.push(
        locate(
          where,
          `${hostLabel(cluster.id, otherHandling)} and ${name} both have handling priority ${host.handlingPriority} (it must be unique when a single-host port rule exists)`,
        ),
      );
    } else byHandling.set(host.handlingPriority, i);
    if (!onLab(host.dip))
      errors.push(locate(at, `dedicated IP ${host.dip} is not on the lab network (${LAB_RANGE})`));
    else note(claim(host.dip, `${where}, ${name}`, at, 'dedicated IP'));
    if (host.portRules) errors.push(...portRuleProblems(host.portRules, cluster, at));
  });
  errors.push(...portRuleProblems(cluster.portRules, cluster, where));
  return errors;
}

function findCluster(s: Scenario, id: ClusterId): ClusterConfig | undefined {
  return s.clusters.find((c) => c.id === id);
}

/** Why a reference to a host does not resolve, or null when it does. */
function hostProblem(s: Scenario, cluster: ClusterId, hostIndex: number): string | null {
  const c = findCluster(s, cluster);
  if (!c) return `there is no Cluster ${cluster} in this scenario`;
  if (hostIndex >= c.hosts.length) {
    return `${hostLabel(cluster, hostIndex)} does not exist (Cluster ${cluster} has ${c.hosts.length} host${c.hosts.length === 1 ? '' : 's'})`;
  }
  return null;
}

function locationProblem(s: Scenario, location: ClientLocation): string | null {
  return location.kind === 'host' ? hostProblem(s, location.cluster, location.hostIndex) : null;
}

function targetProblem(s: Scenario, target: ClientTarget): string | null {
  if (target.kind === 'outside') return null;
  if (target.kind === 'dip') return hostProblem(s, target.cluster, target.hostIndex);
  return findCluster(s, target.cluster) ? null : `there is no Cluster ${target.cluster} in this scenario`;
}

function actionProblem(s: Scenario, action: LessonAction): string | null {
  switch (action.type) {
    case 'placeClient':
      return locationProblem(s, action.location);
    case 'setTarget':
      return targetProblem(s, action.target);
    case 'hostAction':
      return hostProblem(s, action.cluster, action.hostIndex);
    case 'highlightBucket': {
      const id = action.cluster ?? 'A';
      const c = findCluster(s, id);
      if (!c) return `there is no Cluster ${id} in this scenario`;
      if (action.bucket >= c.bucketCount) {
        return `bucket ${action.bucket} does not exist (Cluster ${id} has ${c.bucketCount} buckets, 0–${c.bucketCount - 1})`;
      }
      return null;
    }
    default:
      return null;
  }
}

/** The rules the schema cannot express: ids, addresses, uniqueness and every reference to a host. */
export function crossCheck(s: Scenario): string[] {
  const errors: string[] = [];
  s.clusters.forEach((c, i) => {
    const expected = i === 0 ? 'A' : 'B';
    if (c.id !== expected) {
      errors.push(
        `The ${i === 0 ? 'first' : 'second'} cluster must be Cluster ${expected}, not Cluster ${c.id}`,
      );
    }
  });
  if (errors.length > 0) return errors;

  const owners = new Map<string, string>([[ROUTER_IP, 'the router']]);
  const claim = (ip: string, owner: string, where: string, what: string): string | null => {
    const taken = owners.get(ip);
    if (taken !== undefined) return locate(where, `${what} ${ip} is already used by ${taken}`);
    owners.set(ip, owner);
    return null;
  };
  for (const cluster of s.clusters) errors.push(...clusterProblems(cluster, claim));

  const location = locationProblem(s, s.client.location);
  if (location) errors.push(locate('Client location', location));
  const target = targetProblem(s, s.client.target);
  if (target) errors.push(locate('Client target', target));

  s.timeline.forEach((entry, k) => {
    const problem = hostProblem(s, entry.cluster, entry.hostIndex);
    if (problem) errors.push(locate(`Timeline entry ${k + 1}`, problem));
  });

  if (s.lesson) {
    s.lesson.steps.forEach((step, k) => {
      const at = `Lesson, step ${k + 1}`;
      step.actions.forEach((action, a) => {
        const problem = actionProblem(s, action);
        if (problem) errors.push(locate(`${at}, action ${a + 1}`, problem));
      });
      const q = step.question;
      if (q && q.answerIndex >= q.choices.length) {
        errors.push(
          locate(
            `${at}, question`,
            `answer index ${q.answerIndex} points past the last choice (there are ${q.choices.length}, numbered from 0)`,
          ),
        );
      }
    });
  }
  const open = s.view?.lesson;
  if (open?.id === 'custom') {
    if (!s.lesson)
      errors.push(
        locate('View settings', 'the open lesson is "custom" but this scenario has no lesson of its own'),
      );
    else if (open.step >= s.lesson.steps.length) {
      errors.push(
        locate(
          'View settings',
          `the open lesson step ${open.step + 1} does not exist (the lesson has ${s.lesson.steps.length} steps)`,
        ),
      );
    }
  }
  return errors;
}
