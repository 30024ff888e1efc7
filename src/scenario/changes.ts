// Every change a user, a lesson or a scenario can make to a lab, as data (`Change`), and the one pure
// function that applies a change to a scenario. Live changes happen inside a run at their moment;
// the others reshape the world, so the run is rebuilt from its start with them folded in.
import { makeCluster } from './defaults';
import { hostName } from './names';
import type {
  Affinity,
  BalancerConfig,
  ClientLocation,
  ClientTarget,
  ClusterConfig,
  ClusterId,
  ClusterMode,
  HostAction,
  PortRule,
  Scenario,
} from './types';

/** Where a change came from: the user's hand, a lesson's step, or the scenario's own timeline. */
export type ChangeSource = 'user' | 'lesson' | 'scenario';

/** Hosts a new Cluster B starts with. */
export const CLUSTER_B_HOSTS = 3;
export const MIN_HOSTS = 1;
/** NLB supports at most 32 hosts per cluster. */
export const MAX_HOSTS = 32;

/** A change NLB (or the client application) takes in place, at the moment it is made. */
export type LiveChange =
  /** A fault or an operation on a host (Crash, Drainstop, Stop server, ...). */
  | { type: 'hostAction'; cluster: ClusterId; hostIndex: number; action: HostAction }
  /** Load weight 0–100 for multiple-host rules without equal load: NLB converges. */
  | { type: 'loadWeight'; cluster: ClusterId; hostIndex: number; weight: number }
  /** Host priority 1–32 (unique): NLB converges (a duplicate keeps it converging). */
  | { type: 'hostPriority'; cluster: ClusterId; hostIndex: number; priority: number }
  /** Handling priority for single-host rules: NLB converges. */
  | { type: 'handlingPriority'; cluster: ClusterId; hostIndex: number; priority: number }
  /** The cluster's port rules (filtering, affinity, equal load, ranges): NLB converges. */
  | { type: 'portRules'; cluster: ClusterId; rules: PortRule[] }
  /** One host's own port rules (null: the cluster's); rules that differ keep the cluster converging. */
  | { type: 'hostPortRules'; cluster: ClusterId; hostIndex: number; rules: PortRule[] | null }
  /** The affinity of every port rule of every cluster (the toolbar's Affinity). */
  | { type: 'affinity'; affinity: Affinity }
  /** Where the client application runs: its next connection starts there. */
  | { type: 'clientLocation'; location: ClientLocation }
  /** What the client connects to: its next connection goes there. */
  | { type: 'clientTarget'; target: ClientTarget }
  /** New connections per simulated second while playing. */
  | { type: 'clientRate'; connectionsPerSecond: number }
  /** Open this many connections as fast as the engine can (the Run button). */
  | { type: 'runConnections'; count: number }
  /** `ping` on a host: 4 ICMP echo requests to `target` (dotted IPv4), as Windows sends them. */
  | { type: 'ping'; cluster: ClusterId; hostIndex: number; target: string };

/** A change to the world's shape: the run is rebuilt from 0 s with it, replaying the log. */
export type RebuildChange =
  | { type: 'hostCount'; cluster: ClusterId; count: number }
  | { type: 'clusterMode'; cluster: ClusterId; mode: ClusterMode }
  | { type: 'clusterB'; on: boolean }
  /** What balances a cluster's VIP and its options (MODERN.md): the hosts become another system's backends. */
  | { type: 'balancer'; cluster: ClusterId; balancer: BalancerConfig }
  /**
   * Any other setting of the starting point (bucket count, masking, heartbeat timers, addresses,
   * TCP timers, latencies, the seed, the scenario's own timeline, ...): `path` into the scenario.
   */
  | { type: 'setting'; path: (string | number)[]; value: unknown };

export type Change = LiveChange | RebuildChange;

/** One entry of a run log: a change, the simulated ms it was made at, and who made it. */
export interface LogEntry {
  /** Simulated ms from the start of the run. */
  t: number;
  source: ChangeSource;
  change: LiveChange;
}

const LIVE_TYPES: ReadonlySet<Change['type']> = new Set<LiveChange['type']>([
  'hostAction',
  'loadWeight',
  'hostPriority',
  'handlingPriority',
  'portRules',
  'hostPortRules',
  'affinity',
  'clientLocation',
  'clientTarget',
  'clientRate',
  'runConnections',
  'ping',
]);

/** Changes that are things done at a moment (an operation, a batch, a ping), never configuration. */
export function isEvent(change: Change): boolean {
  return change.type === 'hostAction' || change.type === 'runConnections' || change.type === 'ping';
}

export function isLive(change: Change): change is LiveChange {
  return LIVE_TYPES.has(change.type);
}

/** Settings that describe a scenario but do not change its run (its name, its own lesson). */
export function isMetaSetting(change: Change): boolean {
  return change.type === 'setting' && (change.path[0] === 'title' || change.path[0] === 'lesson');
}

export { hostName } from './names';

// ---- Applying a change -------------------------------------------------------------------------

export interface Applied {
  scenario: Scenario;
  /** What else had to change so the scenario stays valid (a client on a host that went away, ...). */
  notices: string[];
}

function mapCluster(s: Scenario, id: ClusterId, f: (c: ClusterConfig) => ClusterConfig): Scenario {
  return { ...s, clusters: s.clusters.map((c) => (c.id === id ? f(c) : c)) };
}

function mapHost(
  s: Scenario,
  id: ClusterId,
  index: number,
  f: (h: ClusterConfig['hosts'][number]) => ClusterConfig['hosts'][number],
): Scenario {
  return mapCluster(s, id, (c) => ({ ...c, hosts: c.hosts.map((h, i) => (i === index ? f(h) : h)) }));
}

function hostExists(clusters: readonly ClusterConfig[], cluster: ClusterId, hostIndex: number): boolean {
  const c = clusters.find((x) => x.id === cluster);
  return c !== undefined && hostIndex >= 0 && hostIndex < c.hosts.length;
}

/** The client's location and target, moved back to valid choices when their host went away. */
function keepClientValid(s: Scenario, why: 'count' | 'clusterB'): Applied {
  const notices: string[] = [];
  let { location, target } = s.client;
  if (location.kind === 'host' && !hostExists(s.clusters, location.cluster, location.hostIndex)) {
    notices.push(
      why === 'clusterB'
        ? `${hostName(location.cluster, location.hostIndex)} went with Cluster B, so the client now runs outside the cluster.`
        : `${hostName(location.cluster, location.hostIndex)} no longer exists, so the client now runs outside the cluster.`,
    );
    location = { kind: 'outside' };
  }
  const targetCluster = target.kind === 'outside' ? null : target.cluster;
  if (targetCluster !== null && !s.clusters.some((c) => c.id === targetCluster)) {
    notices.push('Cluster B is gone, so the client now connects to the cluster VIP.');
    target = { kind: 'vip', cluster: 'A' };
  } else if (target.kind === 'dip' && !hostExists(s.clusters, target.cluster, target.hostIndex)) {
    notices.push(
      `${hostName(target.cluster, target.hostIndex)} no longer exists, so the client now connects to the cluster VIP.`,
    );
    target = { kind: 'vip', cluster: target.cluster };
  }
  const timeline = s.timeline.filter((e) => hostExists(s.clusters, e.cluster, e.hostIndex));
  if (timeline.length !== s.timeline.length) {
    const n = s.timeline.length - timeline.length;
    notices.push(
      `${n} planned host operation${n === 1 ? '' : 's'} of the scenario's timeline named a host that no longer exists and ${n === 1 ? 'was' : 'were'} removed.`,
    );
  }
  return { scenario: { ...s, timeline, client: { ...s.client, location, target } }, notices };
}

function withHostCount(s: Scenario, clusterId: ClusterId, count: number): Applied {
  const n = Math.max(MIN_HOSTS, Math.min(MAX_HOSTS, Math.round(count)));
  const next = mapCluster(s, clusterId, (cluster) => {
    const fresh = makeCluster(cluster.id, n).hosts;
    const kept = cluster.hosts.slice(0, n);
    // New hosts take the lowest priorities still free, so priorities stay unique.
    const used = new Set(kept.map((h) => h.priority));
    const usedHandling = new Set(kept.map((h) => h.handlingPriority));
    const free = (taken: Set<number>) => {
      let p = 1;
      while (taken.has(p)) p += 1;
      taken.add(p);
      return p;
    };
    const added = fresh.slice(kept.length).map((h) => ({
      ...h,
      priority: free(used),
      handlingPriority: free(usedHandling),
    }));
    return { ...cluster, hosts: [...kept, ...added] };
  });
  return keepClientValid(next, 'count');
}

/**
 * Adds Cluster B (with the first cluster's mode, masking, bucket count and port rules re-aimed at
 * B's VIP, so the same service runs there) or removes it.
 */
function withClusterB(s: Scenario, on: boolean): Applied {
  const has = s.clusters.some((c) => c.id === 'B');
  if (on === has) return { scenario: s, notices: [] };
  if (on) {
    const a = s.clusters[0];
    const fresh = makeCluster('B', CLUSTER_B_HOSTS);
    const b: ClusterConfig = a
      ? {
          ...fresh,
          mode: a.mode,
          maskSourceMac: a.maskSourceMac,
          bucketCount: a.bucketCount,
          portRules: a.portRules.map((r) => ({ ...r, vip: r.vip === 'all' ? 'all' : fresh.vip })),
        }
      : fresh;
    return { scenario: { ...s, clusters: [...s.clusters, b] }, notices: [] };
  }
  return keepClientValid({ ...s, clusters: s.clusters.filter((c) => c.id !== 'B') }, 'clusterB');
}

function setPath(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return structuredClone(leaf);
  const [key, ...rest] = path;
  if (Array.isArray(value) && typeof key === 'number') {
    const copy = [...value];
    copy[key] = setPath(value[key], rest, leaf);
    return copy;
  }
  const obj = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...obj };
  if (rest.length === 0 && leaf === undefined) delete copy[String(key)];
  else copy[String(key)] = setPath(obj[String(key)], rest, leaf);
  return copy;
}

/**
 * Applies one change to a scenario (its configuration; a host action changes no configuration and
 * a bulk run none either). Pure: returns a new scenario, or the same object when nothing changes.
 */
export function applyChange(s: Scenario, change: Change): Applied {
  const same = { scenario: s, notices: [] };
  switch (change.type) {
    case 'hostAction':
    case 'runConnections':
    case 'ping':
      return same;
    case 'loadWeight':
      return {
        scenario: mapHost(s, change.cluster, change.hostIndex, (h) => ({ ...h, loadWeight: change.weight })),
        notices: [],
      };
    case 'hostPriority':
      return {
        scenario: mapHost(s, change.cluster, change.hostIndex, (h) => ({ ...h, priority: change.priority })),
        notices: [],
      };
    case 'handlingPriority':
      return {
        scenario: mapHost(s, change.cluster, change.hostIndex, (h) => ({
          ...h,
          handlingPriority: change.priority,
        })),
        notices: [],
      };
    case 'portRules':
      return {
        scenario: mapCluster(s, change.cluster, (c) => ({ ...c, portRules: change.rules })),
        notices: [],
      };
    case 'hostPortRules':
      return {
        scenario: mapHost(s, change.cluster, change.hostIndex, (h) => {
          const { portRules: _old, ...rest } = h;
          return change.rules === null ? rest : { ...rest, portRules: change.rules };
        }),
        notices: [],
      };
    case 'affinity':
      return {
        scenario: {
          ...s,
          clusters: s.clusters.map((c) => ({
            ...c,
            portRules: c.portRules.map((r) => ({ ...r, affinity: change.affinity })),
          })),
        },
        notices: [],
      };
    case 'clientLocation':
      return { scenario: { ...s, client: { ...s.client, location: change.location } }, notices: [] };
    case 'clientTarget':
      return { scenario: { ...s, client: { ...s.client, target: change.target } }, notices: [] };
    case 'clientRate':
      return {
        scenario: { ...s, client: { ...s.client, connectionsPerSecond: change.connectionsPerSecond } },
        notices: [],
      };
    case 'hostCount':
      return withHostCount(s, change.cluster, change.count);
    case 'clusterMode':
      return { scenario: mapCluster(s, change.cluster, (c) => ({ ...c, mode: change.mode })), notices: [] };
    case 'clusterB':
      return withClusterB(s, change.on);
    case 'balancer':
      return {
        scenario: mapCluster(s, change.cluster, (c) => {
          const { balancer: _old, ...rest } = c;
          // Windows NLB with no option is the scenario as it always was: no field at all.
          return change.balancer.kind === 'nlb' ? rest : { ...rest, balancer: { ...change.balancer } };
        }),
        notices: [],
      };
    case 'setting':
      return { scenario: setPath(s, change.path, change.value) as Scenario, notices: [] };
  }
}

/** Applies changes in order; the notices of each are kept. */
export function applyChanges(s: Scenario, changes: readonly Change[]): Applied {
  let scenario = s;
  const notices: string[] = [];
  for (const change of changes) {
    const out = applyChange(scenario, change);
    scenario = out.scenario;
    notices.push(...out.notices);
  }
  return { scenario, notices };
}

/** JSON-equal: same keys and values (order of keys ignored). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameData(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether a change would leave the scenario as it is (a select set to the value it already has). */
export function changesNothing(s: Scenario, change: Change): boolean {
  if (isEvent(change)) return false;
  return sameData(applyChange(s, change).scenario, s);
}

// ---- From an edited scenario to changes --------------------------------------------------------

/** Leaf settings that differ between two values, as paths (arrays of different length: one path). */
function differingPaths(a: unknown, b: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (sameData(a, b)) return;
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
    out.push(path);
    return;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) {
      out.push(path);
      return;
    }
    a.forEach((x, i) => differingPaths(x, bb[i], [...path, i], out));
    return;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    differingPaths(ra[key], rb[key], [...path, key], out);
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/**
 * The changes that turn `from` into `to`: typed live changes where NLB or the client takes them in
 * place (weights, priorities, port rules, client), typed world changes (hosts, mode, Cluster B),
 * and a `setting` for any other difference. Empty when the two are the same (nothing to do).
 * The view settings are not part of a run and are ignored.
 */
export function changesBetween(from: Scenario, to: Scenario): Change[] {
  const changes: Change[] = [];
  let cur = from;
  const push = (change: Change) => {
    changes.push(change);
    cur = applyChange(cur, change).scenario;
  };
  const hasB = (s: Scenario) => s.clusters.some((c) => c.id === 'B');
  if (hasB(cur) !== hasB(to)) push({ type: 'clusterB', on: hasB(to) });
  for (const target of to.clusters) {
    const now = () => cur.clusters.find((c) => c.id === target.id);
    const c = now();
    if (!c) continue;
    if (c.hosts.length !== target.hosts.length)
      push({ type: 'hostCount', cluster: target.id, count: target.hosts.length });
    if (now()!.mode !== target.mode) push({ type: 'clusterMode', cluster: target.id, mode: target.mode });
    if (!sameData(now()!.balancer, target.balancer))
      push({ type: 'balancer', cluster: target.id, balancer: { ...(target.balancer ?? { kind: 'nlb' }) } });
    if (!sameData(now()!.portRules, target.portRules))
      push({ type: 'portRules', cluster: target.id, rules: structuredClone(target.portRules) });
    target.hosts.forEach((h, i) => {
      const old = now()!.hosts[i]!;
      if (old.loadWeight !== h.loadWeight)
        push({ type: 'loadWeight', cluster: target.id, hostIndex: i, weight: h.loadWeight });
      if (old.priority !== h.priority)
        push({ type: 'hostPriority', cluster: target.id, hostIndex: i, priority: h.priority });
      if (old.handlingPriority !== h.handlingPriority)
        push({ type: 'handlingPriority', cluster: target.id, hostIndex: i, priority: h.handlingPriority });
      if (!sameData(old.portRules, h.portRules))
        push({
          type: 'hostPortRules',
          cluster: target.id,
          hostIndex: i,
          rules: h.portRules ? structuredClone(h.portRules) : null,
        });
    });
  }
  if (!sameData(cur.client.location, to.client.location))
    push({ type: 'clientLocation', location: { ...to.client.location } });
  if (!sameData(cur.client.target, to.client.target))
    push({ type: 'clientTarget', target: { ...to.client.target } });
  if (cur.client.connectionsPerSecond !== to.client.connectionsPerSecond)
    push({ type: 'clientRate', connectionsPerSecond: to.client.connectionsPerSecond });
  const rest: (string | number)[][] = [];
  const { view: _a, log: _la, ...curRun } = cur;
  const { view: _b, log: _lb, ...toRun } = to;
  differingPaths(curRun, toRun, [], rest);
  for (const path of rest) push({ type: 'setting', path, value: structuredClone(valueAt(to, path)) });
  return changes;
}

// ---- A run log against a starting point --------------------------------------------------------

/** Why a logged change cannot apply to this starting point (a host that no longer exists), or null. */
export function whyNotApplicable(s: Scenario, change: LiveChange): string | null {
  const missingHost = (cluster: ClusterId, hostIndex: number) =>
    hostExists(s.clusters, cluster, hostIndex) ? null : `${hostName(cluster, hostIndex)} no longer exists`;
  const missingCluster = (cluster: ClusterId) =>
    s.clusters.some((c) => c.id === cluster) ? null : `Cluster ${cluster} no longer exists`;
  switch (change.type) {
    case 'hostAction':
    case 'loadWeight':
    case 'hostPriority':
    case 'handlingPriority':
    case 'hostPortRules':
      return missingHost(change.cluster, change.hostIndex);
    case 'portRules':
      return missingCluster(change.cluster);
    case 'clientLocation':
      return change.location.kind === 'host'
        ? missingHost(change.location.cluster, change.location.hostIndex)
        : null;
    case 'clientTarget':
      if (change.target.kind === 'dip') return missingHost(change.target.cluster, change.target.hostIndex);
      return change.target.kind === 'vip' ? missingCluster(change.target.cluster) : null;
    default:
      return null;
  }
}

/** The configuration in force at simulated time `t`: the start with every logged change up to `t` applied. */
export function configAt(start: Scenario, log: readonly LogEntry[], t: number): Scenario {
  let s = start;
  for (const e of log) {
    if (e.t > t) break;
    s = applyChange(s, e.change).scenario;
  }
  return s;
}
