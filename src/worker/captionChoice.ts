// Whether two decisions would read the same in the page's caption (which one of a batch it shows:
// sim/notableDecision.ts): the worker's Step goes on until the caption says something new.
import { decisionText } from '../sim/decisionText';
import type { Decision } from '../sim/types';

/**
 * Whether the caption would say the same words for `a` as for `b` (its time aside). Decisions are
 * compared by the sentence made from their code and numbers, the way the caption shows them.
 */
export function sameCaption(a: Decision | null, b: Decision | null): boolean {
  if (a === null || b === null) return a === b;
  return a.code === b.code && a.node === b.node && decisionText(a) === decisionText(b);
}
