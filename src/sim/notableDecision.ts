// Which decision a narrator shows from a batch: the last notable one (what a trainer would point
// at), else the last. The page's caption and the worker's Step read it from this one place.
import type { Decision, DecisionAction } from './types';

/** Actions worth the caption while playing fast. */
const NOTABLE: ReadonlySet<DecisionAction> = new Set([
  'accept',
  'drop',
  'loopback',
  'complete',
  'timeout',
  'reset',
  'retransmit',
  'converge',
  'state',
  'open',
]);

/** The decision the caption narrates from a batch: the last notable one, else the last (null: none). */
export function captionPick(decisions: readonly Decision[]): Decision | null {
  for (let i = decisions.length - 1; i >= 0; i--) if (NOTABLE.has(decisions[i]!.action)) return decisions[i]!;
  return decisions[decisions.length - 1] ?? null;
}
