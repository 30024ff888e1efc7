// Words for how connections ended, from the engine's connection-end events (never from decision
// text): "Connection 7 from Client 1: served by Host 2 over the network." One sentence, or a summary.
import type { ConnectionEnd, NodeId } from '../sim/types';

/** Names a node id (`A2` -> `Host 2`): the topology's names, the id itself when it is not there. */
export type NodeNamer = (id: NodeId) => string;

function path(end: ConnectionEnd): string {
  return end.viaLoopback ? 'through loopback' : 'over the network';
}

function servedHow(end: ConnectionEnd, name: NodeNamer): string {
  return end.server ? `by ${name(end.server)} ${path(end)}` : `${path(end)} (host not known)`;
}

/** One connection's end, in full. */
export function describeEnd(end: ConnectionEnd, name: NodeNamer): string {
  const head = `Connection ${end.connId} from ${name(end.client)}`;
  const syns = `${end.syns} SYN${end.syns === 1 ? '' : 's'}`;
  switch (end.how) {
    case 'served':
      return `${head}: served ${servedHow(end, name)}.`;
    case 'timeout':
      return `${head}: failed, timed out after ${syns}.`;
    case 'unacknowledged':
      return (
        `${head}: failed, its request went unacknowledged after ${end.dataRetransmissions} ` +
        `retransmission${end.dataRetransmissions === 1 ? '' : 's'} (the server was gone).`
      );
    case 'noResponse':
      return `${head}: failed, no response after the handshake.`;
    case 'noReply':
      return `${head}: failed, no answer to its UDP query.`;
    case 'refused':
      return `${head}: failed, refused${end.server ? ` by ${name(end.server)}` : ''} (reset)${end.viaLoopback ? ' through loopback' : ''}.`;
    case 'lost':
      return `${head}: failed, lost when ${name(end.client)} went down.`;
  }
}

/**
 * Above this many (host, path) groups a summary counts hosts instead of naming each: at 32 hosts a
 * clause per host filled the caption over the event log and made the live region read for a minute.
 */
const MAX_NAMED_SERVERS = 4;

/** Served ends by path: how many, over how many hosts, and the busiest of them (the first on a tie). */
function servedByPath(
  groups: readonly { server: NodeId | null; path: string; n: number }[],
  name: NodeNamer,
): string[] {
  const paths = new Map<string, { n: number; hosts: number; top: { server: NodeId | null; n: number } }>();
  for (const g of groups) {
    const p = paths.get(g.path);
    if (!p) paths.set(g.path, { n: g.n, hosts: 1, top: g });
    else {
      p.n += g.n;
      p.hosts += 1;
      if (g.n > p.top.n) p.top = g;
    }
  }
  return [...paths].map(([how, p]) => {
    if (p.hosts === 1)
      return p.top.server ? `${p.n} served by ${name(p.top.server)} ${how}` : `${p.n} served ${how}`;
    const busiest = p.top.server ? `, most by ${name(p.top.server)} (${p.top.n})` : '';
    return `${p.n} served ${how} by ${p.hosts} hosts${busiest}`;
  });
}

/** One sentence for the live region: a single end in full, several summarised (the newest last). */
export function describeEnds(ends: readonly ConnectionEnd[], name: NodeNamer): string {
  if (ends.length === 0) return '';
  if (ends.length === 1) return describeEnd(ends[0]!, name);
  const served = new Map<string, { server: NodeId | null; path: string; n: number }>();
  const failed = { timeout: 0, unacknowledged: 0, noResponse: 0, noReply: 0, refused: 0, lost: 0 };
  for (const end of ends) {
    if (end.how === 'served') {
      const key = servedHow(end, name);
      const group = served.get(key);
      if (group) group.n += 1;
      else served.set(key, { server: end.server, path: path(end), n: 1 });
    } else failed[end.how] += 1;
  }
  const parts =
    served.size <= MAX_NAMED_SERVERS
      ? [...served].map(([how, { n }]) => `${n} served ${how}`)
      : servedByPath([...served.values()], name);
  if (failed.timeout > 0) parts.push(`${failed.timeout} timed out`);
  if (failed.unacknowledged > 0) parts.push(`${failed.unacknowledged} lost mid-connection`);
  if (failed.noResponse > 0) parts.push(`${failed.noResponse} got no response`);
  if (failed.noReply > 0) parts.push(`${failed.noReply} UDP queries unanswered`);
  if (failed.refused > 0) parts.push(`${failed.refused} refused`);
  if (failed.lost > 0) parts.push(`${failed.lost} lost with their host`);
  return `${ends.length} more connections ended: ${parts.join(', ')}.`;
}
