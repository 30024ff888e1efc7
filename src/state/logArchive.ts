// Exporting the event log as CSV or JSON: the decisions the page keeps for this run (the event
// log's history, the one place they are kept), their node names, and the words made from each code.
import { ipUnsigned } from '../sim/addr';
import { decisionText } from '../sim/decisionText';
import type { Decision, Topology } from '../sim/types';
import { useExplain } from './explainStore';
import { useLab } from './store';

/**
 * The decisions the page has for this run, for export: the event log's own history (the page keeps
 * decisions once), with how many older ones it let go, and the topology that names their nodes.
 */
export function archivedDecisions(): {
  decisions: readonly Decision[];
  dropped: number;
  topology: Topology | null;
} {
  const { history, trimmed } = useExplain.getState();
  return { decisions: history, dropped: trimmed, topology: useLab.getState().topology };
}

/** `text` is made from `code` and its numbers when exported; `code` comes last so older readers keep their columns. */
const CSV_HEADER = ['seq', 'time_ms', 'node', 'action', 'frame', 'connection', 'text', 'code'];

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function nodeName(topology: Topology | null, id: string): string {
  return topology?.nodes.find((n) => n.id === id)?.name ?? id;
}

/** The decisions as CSV: a header row, then one row per decision (RFC 4180 quoting). */
export function decisionsToCsv(list: readonly Decision[], topo: Topology | null): string {
  const rows = [CSV_HEADER.join(',')];
  for (const d of list) {
    rows.push(
      [d.seq, d.t.toFixed(3), nodeName(topo, d.node), d.action, d.frameId, d.connId, decisionText(d), d.code]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * The fields of a decision's numbers that hold an IPv4 address (wherever they are, as in a NAT
 * decision's `before` and `after`). The engine keeps addresses signed (sim/addr.ts); a file says
 * them as the wire does, unsigned, so 172.16.0.1 is 2886729729 in it, as in exports made before.
 */
const ADDRESS_FIELDS = new Set([
  'src',
  'dst',
  'vip',
  'dip',
  'ip',
  'remote',
  'local',
  'group',
  'target',
  'sender',
  'nextHop',
  'clusterVip',
  'from',
  'to',
  'peer',
]);

/** A decision's numbers with every address unsigned (a number under an address field's name). */
function unsignedAddresses(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unsignedAddresses);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      typeof v === 'number' && ADDRESS_FIELDS.has(key) ? ipUnsigned(v) : unsignedAddresses(v),
    ]),
  );
}

/** The decisions as JSON, with node names, and how many older ones were left out. */
export function decisionsToJson(list: readonly Decision[], topo: Topology | null, leftOut: number): string {
  return JSON.stringify(
    {
      exportedBy: 'VIP Lab',
      leftOut,
      decisions: list.map((d) => ({
        seq: d.seq,
        timeMs: d.t,
        node: nodeName(topo, d.node),
        nodeId: d.node,
        action: d.action,
        code: d.code,
        args: unsignedAddresses(d.args),
        frameId: d.frameId,
        connId: d.connId,
        text: decisionText(d),
      })),
    },
    null,
    2,
  );
}
