// Turns schema issues into sentences that say what is wrong and where, in the app's own names:
// "Cluster A, Host 3: load weight 140 is out of range (0–100)".
import type * as v from 'valibot';
import { LABELS, show } from './schema';
import { hostName } from './names';
import type { ClusterId } from './types';

/** How many problems one message list holds at most; the rest are counted. */
export const MAX_MESSAGES = 20;

/** `Host 2` in Cluster A, `Host B2` in Cluster B (CONTRACT.md's names); index is 0-based. */
export function hostLabel(cluster: ClusterId | undefined, index: number): string {
  return hostName(cluster ?? 'A', index);
}

const ITEM_NAMES: Record<string, (i: number) => string> = {
  portRules: (i) => `port rule ${i + 1}`,
  timeline: (i) => `Timeline entry ${i + 1}`,
  steps: (i) => `step ${i + 1}`,
  actions: (i) => `action ${i + 1}`,
  choices: (i) => `choice ${i + 1}`,
  panels: (i) => `panel ${i + 1}`,
};

const OBJECT_NAMES: Record<string, string> = {
  client: 'Client',
  tcp: 'TCP settings',
  network: 'Network settings',
  view: 'View settings',
  question: 'question',
};

type PathItem = { key: unknown; value: unknown };

function clusterIdOf(value: unknown, index: number): ClusterId | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  if (id === 'A' || id === 'B') return id;
  return index === 0 ? 'A' : index === 1 ? 'B' : undefined;
}

/** The place an issue points at, as words: `Cluster A, Host 3, port rule 1`. */
export function describePath(items: readonly PathItem[]): string {
  const parts: string[] = [];
  let cluster: ClusterId | undefined;
  let parentKey: unknown;
  for (const item of items) {
    const key = item.key;
    if (typeof key === 'number') {
      if (parentKey === 'clusters') {
        cluster = clusterIdOf(item.value, key);
        parts.push(cluster ? `Cluster ${cluster}` : `cluster ${key + 1}`);
      } else if (parentKey === 'hosts') parts.push(hostLabel(cluster, key));
      else {
        const name = typeof parentKey === 'string' ? ITEM_NAMES[parentKey] : undefined;
        parts.push(name ? name(key) : `item ${key + 1}`);
      }
    } else if (typeof key === 'string') {
      if (key === 'location' || key === 'target') {
        const last = parts.length - 1;
        if (parts[last] === 'Client') parts[last] = `Client ${key}`;
        else parts.push(key);
      } else if (key === 'lesson') parts.push(parts.length === 0 ? 'Lesson' : 'open lesson');
      else if (OBJECT_NAMES[key]) parts.push(OBJECT_NAMES[key]);
    }
    parentKey = key;
  }
  return parts.join(', ');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `where: what`, or just `What` when the problem is with the scenario as a whole. */
export function locate(where: string, what: string): string {
  return where ? `${where}: ${what}` : capitalise(what);
}

// An unknown key is quoted by show(), so a hostile key cannot reorder or break the sentence around it.
const labelOf = (key: unknown): string => (typeof key === 'string' ? (LABELS[key] ?? show(key)) : 'item');

/** One sentence for one valibot issue (messages of leaf fields are written in schema.ts). */
export function issueMessage(issue: v.BaseIssue<unknown>): string {
  const path: PathItem[] = (issue.path ?? []).map((p) => ({ key: p.key, value: p.value }));
  const last = path[path.length - 1];
  let what = issue.message;
  let where: PathItem[] = path;
  if (!what) {
    if ((issue.type === 'strict_object' || issue.type === 'object') && issue.expected === 'never' && last) {
      // An extra key nobody reads: most likely a typo.
      what = `unknown setting ${show(last.key)}`;
      where = path.slice(0, -1);
    } else if (issue.input === undefined && last && typeof last.key === 'string') {
      what = `${labelOf(last.key)} is missing`;
      where = path.slice(0, -1);
    } else if (issue.type === 'variant' && last) {
      const options = (issue.expected ?? '')
        .replace(/^\(|\)$/g, '')
        .split(' | ')
        .join(', ');
      what = `${labelOf(last.key)} ${show(issue.input)} is not one of ${options}`;
      where = path.slice(0, -1);
    } else if (issue.type === 'strict_object' || issue.type === 'object') {
      what = `${last ? labelOf(last.key) : 'the scenario'} must be a set of settings (a JSON object), not ${show(issue.input)}`;
      if (last && typeof last.key === 'string') where = path.slice(0, -1);
    } else if (issue.type === 'array') {
      what = `${last ? labelOf(last.key) : 'the value'} must be a list, not ${show(issue.input)}`;
      if (last && typeof last.key === 'string') where = path.slice(0, -1);
    } else {
      what = `${last ? labelOf(last.key) : 'the value'} is not valid (${issue.expected ?? issue.type} expected, got ${issue.received})`;
      if (last && typeof last.key === 'string') where = path.slice(0, -1);
    }
  } else if (last && typeof last.key === 'string') {
    // A leaf's own message names the field already.
    where = path.slice(0, -1);
  }
  return locate(describePath(where), what);
}

/** Caps a list of messages, saying how many more there were. */
export function capMessages(messages: string[]): string[] {
  const unique = [...new Set(messages)];
  if (unique.length <= MAX_MESSAGES) return unique;
  const rest = unique.length - (MAX_MESSAGES - 1);
  return [...unique.slice(0, MAX_MESSAGES - 1), `… and ${rest} more problems`];
}
