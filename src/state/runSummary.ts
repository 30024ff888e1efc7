// The sentence the live region reads when a bulk run (the Run button) ends: how that run's own
// connections were spread over the hosts, and how many failed and why.
import type { BulkRunOutcome, ConnectionEnd, HostStats } from '../sim/types';

type Failure = Exclude<ConnectionEnd['how'], 'served'>;

const FAILURE_WORDS: Record<Failure, string> = {
  refused: 'reset',
  timeout: 'timed out after their SYNs',
  unacknowledged: 'lost mid-connection',
  noResponse: 'got no response',
  noReply: 'UDP queries unanswered',
  lost: 'lost with their host',
};

/** "; 3 failed (2 reset, 1 timed out after their SYNs)", and why every answer came too late when it did. */
function failures(outcome: BulkRunOutcome): string {
  const { failed, failedHow, serverThinkMs, responseTimeoutMs } = outcome;
  if (failed === 0) return '; 0 failed';
  const kinds = (Object.keys(FAILURE_WORDS) as Failure[]).filter((k) => (failedHow[k] ?? 0) > 0);
  const parts = kinds.map((k) => `${failedHow[k]} ${FAILURE_WORDS[k]}`);
  const slow =
    (failedHow.noResponse ?? 0) > 0 && serverThinkMs >= responseTimeoutMs
      ? `: the server takes ${serverThinkMs / 1000} s to answer (its think time), longer than a client ` +
        `waits (${responseTimeoutMs / 1000} s)`
      : '';
  return `; ${failed} failed${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${slow}`;
}

/** Above this many hosts the summary gives the range instead of every host (it is read aloud). */
const SUMMARY_LIST_MAX_HOSTS = 8;

/** One sentence for the live region: how the connections of this bulk run were spread. */
export function summarise(outcome: BulkRunOutcome, hosts: readonly HostStats[]): string {
  const perHost = hosts.map((h) => ({ name: h.name, n: outcome.servedBy[h.id] ?? 0 }));
  const { connections: count } = outcome;
  if (perHost.length <= SUMMARY_LIST_MAX_HOSTS) {
    return `${count} connections: ${perHost.map((h) => `${h.name} ${h.n}`).join(', ')}${failures(outcome)}`;
  }
  const sorted = [...perHost].sort((p, q) => p.n - q.n);
  const low = sorted[0]!;
  const high = sorted[sorted.length - 1]!;
  return `${count} connections over ${perHost.length} hosts: fewest ${low.n} (${low.name}), most ${high.n} (${high.name})${failures(outcome)}`;
}
