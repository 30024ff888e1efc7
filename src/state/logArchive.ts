// Every decision the worker has sent for this run (up to a cap), for exporting the event log as CSV
// or JSON. Fed by the store's update tap, so the log panel's short list is not the limit. Plain
// module state: nothing renders from it.
import { decisionText } from '../sim/decisionText';
import type { Decision, Topology } from '../sim/types';
import type { WorkerUpdate } from '../worker/protocol';
import { onWorkerUpdate } from './store';

/** Decisions kept for export; past this, the oldest go. */
export const ARCHIVE_CAP = 50_000;

let decisions: Decision[] = [];
let dropped = 0;
let topology: Topology | null = null;

export function ingestUpdate(update: WorkerUpdate): void {
  switch (update.type) {
    case 'loaded':
      decisions = [];
      dropped = 0;
      topology = update.topology;
      return;
    case 'tick':
      if (update.decisions.length === 0) return;
      decisions.push(...update.decisions);
      if (decisions.length > ARCHIVE_CAP * 1.2) {
        dropped += decisions.length - ARCHIVE_CAP;
        decisions = decisions.slice(-ARCHIVE_CAP);
      }
      return;
    case 'seeked':
      // The run is now at an earlier (or later) moment: its log is what led up to it.
      decisions = [...update.decisions];
      dropped = 0;
      return;
    default:
      return;
  }
}

onWorkerUpdate(ingestUpdate);

export function archivedDecisions(): {
  decisions: readonly Decision[];
  dropped: number;
  topology: Topology | null;
} {
  return { decisions, dropped, topology };
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
        args: d.args,
        frameId: d.frameId,
        connId: d.connId,
        text: decisionText(d),
      })),
    },
    null,
    2,
  );
}
