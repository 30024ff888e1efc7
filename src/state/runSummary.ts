// The sentence the live region reads when a bulk run (the Run button) ends: how that run's own
// connections were spread over the hosts, and how many failed.
import type { BulkRunOutcome, HostStats } from '../sim/types';

/** Above this many hosts the summary gives the range instead of every host (it is read aloud). */
const SUMMARY_LIST_MAX_HOSTS = 8;

/** One sentence for the live region: how the connections of this bulk run were spread. */
export function summarise(outcome: BulkRunOutcome, hosts: readonly HostStats[]): string {
  const perHost = hosts.map((h) => ({ name: h.name, n: outcome.servedBy[h.id] ?? 0 }));
  const { connections: count, failed } = outcome;
  if (perHost.length <= SUMMARY_LIST_MAX_HOSTS) {
    return `${count} connections: ${perHost.map((h) => `${h.name} ${h.n}`).join(', ')}; ${failed} failed`;
  }
  const sorted = [...perHost].sort((p, q) => p.n - q.n);
  const low = sorted[0]!;
  const high = sorted[sorted.length - 1]!;
  return `${count} connections over ${perHost.length} hosts: fewest ${low.n} (${low.name}), most ${high.n} (${high.name}); ${failed} failed`;
}
