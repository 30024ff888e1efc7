// A host's condition in plain words, beyond its `wlbs query` state: the drawing, its accessible
// names and the host panel all say the same thing (never colour alone).
import type { HostStats } from '../sim/types';

export type HostCondition = 'crashed' | 'cable unplugged' | 'NLB stopped' | 'draining' | 'server stopped';

export function hostConditions(stats: HostStats | undefined): HostCondition[] {
  if (!stats) return [];
  const out: HostCondition[] = [];
  if (stats.crashed) out.push('crashed');
  if (!stats.cablePlugged) out.push('cable unplugged');
  if (!stats.crashed && !stats.nlbRunning) out.push('NLB stopped');
  if (stats.draining) out.push('draining');
  if (!stats.crashed && !stats.serverRunning) out.push('server stopped');
  return out;
}

/** The short tag drawn on a host box: `crashed`, `unplugged · server stopped`, … */
export function conditionTag(conditions: readonly HostCondition[]): string {
  return conditions.map((c) => (c === 'cable unplugged' ? 'unplugged' : c)).join(' · ');
}
