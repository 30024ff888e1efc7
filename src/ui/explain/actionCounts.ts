// How many of the event log's decisions each action has, for its Action filter's options. The log
// holds up to 20,000 decisions and gains a batch a few times a second while the run plays: the count
// follows what arrived and what was let go instead of walking the whole history each time (issue 15).
import type { Decision } from '../../sim/types';

interface Counted {
  history: readonly Decision[];
  counts: ReadonlyMap<string, number>;
}

/** The last history counted: the next one usually extends it. A cache, so results depend on the input alone. */
let last: Counted | null = null;

/** Index of the decision numbered `seq` in `history` (in order of seq), or -1. */
function indexOfSeq(history: readonly Decision[], seq: number): number {
  let lo = 0;
  let hi = history.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = history[mid]!.seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function countAll(history: readonly Decision[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of history) counts.set(d.action, (counts.get(d.action) ?? 0) + 1);
  return counts;
}

/** Decisions per action in `history` (oldest first, numbered in increasing seq). */
export function actionCounts(history: readonly Decision[]): ReadonlyMap<string, number> {
  const before = last;
  const newest = before?.history[before.history.length - 1];
  const at = newest ? indexOfSeq(history, newest.seq) : -1;
  let counts: Map<string, number>;
  if (!before || !newest || at < 0 || history[at] !== newest) {
    // Not a continuation (a new run, a seek, another log): count afresh.
    counts = countAll(history);
  } else {
    counts = new Map(before.counts);
    const add = (d: Decision, n: number) => counts.set(d.action, (counts.get(d.action) ?? 0) + n);
    // Let go at the front: what the old history held before the new one's first decision.
    const first = history[0]!.seq;
    for (let i = 0; i < before.history.length && before.history[i]!.seq < first; i++)
      add(before.history[i]!, -1);
    for (let i = at + 1; i < history.length; i++) add(history[i]!, 1);
  }
  last = { history, counts };
  return counts;
}
