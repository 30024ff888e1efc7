// The small tag naming what a component did (accept, drop, flood, ...), shared by the caption, the
// event log and the packet inspector.
import type { DecisionAction } from '../../sim/types';

/** Word shown in an action tag, and its tone (the word is always there: colour is not the only cue). */
export const ACTION_TONE: Partial<Record<DecisionAction, string>> = {
  accept: 'good',
  complete: 'good',
  reply: 'good',
  drop: 'bad',
  reset: 'bad',
  timeout: 'bad',
  retransmit: 'warn',
  loopback: 'loop',
  flood: 'info',
  converge: 'info',
  state: 'info',
};

export function ActionTag({ action }: { action: DecisionAction }) {
  return <span className={`action-tag tone-${ACTION_TONE[action] ?? 'plain'}`}>{action}</span>;
}
