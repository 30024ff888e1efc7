// What the user is typing in the cluster settings, kept as text until it is valid: port rules and
// per-host priorities and weights. Parsing returns either the values to send or a message per field,
// so invalid input is shown where it was typed, never lost and never sent.
import type { Affinity, ClusterConfig, FilteringMode, PortRule, Protocol } from '../scenario/types';
import { parseWhole, rangeMessage } from './wholeNumber';
import { hostName } from './scenarioEdit';

export { parseWhole, rangeMessage };

export const PORT_MIN = 0;
export const PORT_MAX = 65_535;
/** NLB allows at most 32 port rules. */
export const MAX_RULES = 32;
export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 32;
export const WEIGHT_MIN = 0;
export const WEIGHT_MAX = 100;

// ---- Port rules ---------------------------------------------------------------------------

export interface RuleDraft {
  /** Stable key for React while rows are added and removed. */
  key: number;
  vip: string;
  start: string;
  end: string;
  protocol: Protocol;
  filtering: FilteringMode;
  affinity: Affinity;
  equalLoad: boolean;
}

export type RuleField = 'vip' | 'start' | 'end' | 'rule';
export type RuleErrors = Partial<Record<RuleField, string>>;

let nextKey = 1;

export function ruleToDraft(rule: PortRule): RuleDraft {
  return {
    key: nextKey++,
    vip: rule.vip,
    start: String(rule.startPort),
    end: String(rule.endPort),
    protocol: rule.protocol,
    filtering: rule.filtering,
    affinity: rule.affinity,
    equalLoad: rule.equalLoad,
  };
}

/** A new row: the ports nobody covers yet are hard to guess, so start with a narrow, common one. */
export function newRuleDraft(cluster: ClusterConfig, existing: readonly RuleDraft[]): RuleDraft {
  const taken = new Set(existing.map((d) => d.start));
  const port = [443, 8080, 25, 53, 3389].find((p) => !taken.has(String(p))) ?? 1024;
  return {
    key: nextKey++,
    vip: cluster.vip,
    start: String(port),
    end: String(port),
    protocol: 'tcp',
    filtering: 'multiple',
    affinity: cluster.portRules[0]?.affinity ?? 'single',
    equalLoad: true,
  };
}

export const PROTOCOL_LABELS: Record<Protocol, string> = { tcp: 'TCP', udp: 'UDP', both: 'Both' };
export const FILTERING_LABELS: Record<FilteringMode, string> = {
  multiple: 'Multiple hosts',
  single: 'Single host',
  disabled: 'Disabled',
};

function protocolsOverlap(a: Protocol, b: Protocol): boolean {
  return a === 'both' || b === 'both' || a === b;
}

/**
 * Checks every row. Returns the rules when all are valid, and the message for each field that is not
 * (by row): ports are whole numbers 0–65535, start is not after end, the VIP is the cluster's or all,
 * and no two rules for the same VIP and protocol cover the same port (NLB refuses that).
 */
export function parseRuleDrafts(
  drafts: readonly RuleDraft[],
  cluster: Pick<ClusterConfig, 'vip'>,
): { rules: PortRule[] | null; errors: RuleErrors[] } {
  const errors: RuleErrors[] = drafts.map(() => ({}));
  const parsed = drafts.map((d, i) => {
    const e = errors[i]!;
    const start = parseWhole(d.start, PORT_MIN, PORT_MAX);
    const end = parseWhole(d.end, PORT_MIN, PORT_MAX);
    if (start === null) e.start = `Start port: ${rangeMessage(PORT_MIN, PORT_MAX).toLowerCase()}`;
    if (end === null) e.end = `End port: ${rangeMessage(PORT_MIN, PORT_MAX).toLowerCase()}`;
    if (start !== null && end !== null && start > end) {
      e.end = `Start port ${start} is after end port ${end}; the start must not be greater than the end`;
    }
    if (d.vip !== 'all' && d.vip !== cluster.vip) e.vip = `VIP must be all or ${cluster.vip}`;
    return start !== null && end !== null ? { start, end } : null;
  });
  for (let j = 0; j < drafts.length; j++) {
    for (let k = 0; k < j; k++) {
      const a = parsed[k];
      const b = parsed[j];
      if (!a || !b || errors[j]!.rule) continue;
      const same = drafts[k]!.vip === drafts[j]!.vip;
      if (
        same &&
        protocolsOverlap(drafts[k]!.protocol, drafts[j]!.protocol) &&
        a.start <= b.end &&
        b.start <= a.end
      ) {
        errors[j]!.rule =
          `Overlaps rule ${k + 1} (both cover port ${Math.max(a.start, b.start)}); NLB does not allow overlapping rules`;
      }
    }
  }
  if (drafts.length > MAX_RULES) errors[MAX_RULES]!.rule = `NLB allows at most ${MAX_RULES} port rules`;
  const valid = errors.every((e) => Object.keys(e).length === 0);
  if (!valid) return { rules: null, errors };
  const rules = drafts.map((d, i) => ({
    vip: d.vip,
    startPort: parsed[i]!.start,
    endPort: parsed[i]!.end,
    protocol: d.protocol,
    filtering: d.filtering,
    affinity: d.affinity,
    equalLoad: d.equalLoad,
  }));
  return { rules, errors };
}

export function sameRules(a: readonly PortRule[], b: readonly PortRule[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const o = b[i]!;
      return (
        r.vip === o.vip &&
        r.startPort === o.startPort &&
        r.endPort === o.endPort &&
        r.protocol === o.protocol &&
        r.filtering === o.filtering &&
        r.affinity === o.affinity &&
        r.equalLoad === o.equalLoad
      );
    })
  );
}

// ---- Hosts ----------------------------------------------------------------------------------

export interface HostDraft {
  priority: string;
  loadWeight: string;
  handlingPriority: string;
}

export type HostField = keyof HostDraft;
export type HostErrors = Partial<Record<HostField, string>>;

export interface HostValues {
  priority: number;
  loadWeight: number;
  handlingPriority: number;
}

export function hostToDraft(h: HostValues): HostDraft {
  return {
    priority: String(h.priority),
    loadWeight: String(h.loadWeight),
    handlingPriority: String(h.handlingPriority),
  };
}

/**
 * Checks the host table: priorities 1–32 and unique (NLB will not converge otherwise), weights
 * 0–100, handling priorities 1–32 and unique when a single-host rule uses them.
 */
export function parseHostDrafts(
  drafts: readonly HostDraft[],
  cluster: Pick<ClusterConfig, 'id' | 'portRules'>,
): { hosts: HostValues[] | null; errors: HostErrors[] } {
  const errors: HostErrors[] = drafts.map(() => ({}));
  const values = drafts.map((d, i) => {
    const e = errors[i]!;
    const priority = parseWhole(d.priority, PRIORITY_MIN, PRIORITY_MAX);
    const loadWeight = parseWhole(d.loadWeight, WEIGHT_MIN, WEIGHT_MAX);
    const handlingPriority = parseWhole(d.handlingPriority, PRIORITY_MIN, PRIORITY_MAX);
    if (priority === null) e.priority = `Priority: ${rangeMessage(PRIORITY_MIN, PRIORITY_MAX).toLowerCase()}`;
    if (loadWeight === null)
      e.loadWeight = `Load weight: ${rangeMessage(WEIGHT_MIN, WEIGHT_MAX).toLowerCase()}`;
    if (handlingPriority === null) {
      e.handlingPriority = `Handling priority: ${rangeMessage(PRIORITY_MIN, PRIORITY_MAX).toLowerCase()}`;
    }
    return { priority, loadWeight, handlingPriority };
  });
  const singleHostRule = cluster.portRules.some((r) => r.filtering === 'single');
  values.forEach((v, i) => {
    const dup = values.findIndex((o, k) => k < i && o.priority !== null && o.priority === v.priority);
    if (v.priority !== null && dup >= 0) {
      errors[i]!.priority =
        `${hostName(cluster.id, dup)} already has priority ${v.priority}; each host needs its own`;
    }
    const dupH = values.findIndex(
      (o, k) => k < i && o.handlingPriority !== null && o.handlingPriority === v.handlingPriority,
    );
    if (singleHostRule && v.handlingPriority !== null && dupH >= 0) {
      errors[i]!.handlingPriority =
        `${hostName(cluster.id, dupH)} already has handling priority ${v.handlingPriority}; a single-host rule needs each host's own`;
    }
  });
  const valid = errors.every((e) => Object.keys(e).length === 0);
  if (!valid) return { hosts: null, errors };
  return { hosts: values as HostValues[], errors };
}
