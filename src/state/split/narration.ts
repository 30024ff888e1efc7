// What Lab 2 says in words, as Lab 1's caption does (explainStore.ts): the latest notable decision and
// how the last connections ended (`Last outcome`). A small store per lab, fed by that lab's worker
// updates; the outcome line speaks at most once a second, summarising what came in between.
import { create } from 'zustand';
import { captionPick } from '../../sim/notableDecision';
import type { ConnectionEnd, Decision, NodeId } from '../../sim/types';
import type { WorkerUpdate } from '../../worker/protocol';
import { describeEnds } from '../connectionEnds';
import type { UpdateListener } from '../lab/labRuntime';

/** The outcome line speaks at most once per this many wall ms (as Lab 1's does). */
export const OUTCOME_GAP_WALL_MS = 1000;
/** While playing, the caption changes at most this often (wall ms), as Lab 1's event log does. */
const CAPTION_GAP_WALL_MS = 100;

export interface NarrationState {
  /** The decision the caption narrates. */
  caption: Decision | null;
  /** Connections of the last batch, while nothing newer has been narrated (else null). */
  bulkRan: number | null;
  /** How the last connection(s) ended, in words. */
  outcomeText: string;
}

const EMPTY: NarrationState = { caption: null, bulkRan: null, outcomeText: '' };

export function createNarration(onWorkerUpdate: (listener: UpdateListener) => () => void) {
  const useNarration = create<NarrationState>()(() => EMPTY);
  let names = new Map<NodeId, string>();
  const nameOf = (id: NodeId) => names.get(id) ?? id;
  let queued: ConnectionEnd[] = [];
  let lastSpoken = -Infinity;
  /** The latest moment (simulated ms) among the ends the outcome line says now. */
  let spokenUpTo = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const speak = () => {
    timer = null;
    if (queued.length === 0) return;
    const text = describeEnds(queued, nameOf);
    spokenUpTo = Math.max(...queued.map((e) => e.t));
    queued = [];
    lastSpoken = performance.now();
    useNarration.setState({ outcomeText: text });
  };
  const queue = (ends: readonly ConnectionEnd[]) => {
    if (ends.length === 0) return;
    queued.push(...ends);
    if (timer !== null) return;
    const wait = OUTCOME_GAP_WALL_MS - (performance.now() - lastSpoken);
    if (wait <= 0) speak();
    else timer = setTimeout(speak, wait);
  };
  let caption: Decision | null = null;
  let captionTimer: ReturnType<typeof setTimeout> | null = null;
  let lastCaption = -Infinity;
  const showCaption = () => {
    captionTimer = null;
    lastCaption = performance.now();
    if (caption) useNarration.setState({ caption, bulkRan: null });
  };
  const forget = () => {
    if (timer !== null) clearTimeout(timer);
    if (captionTimer !== null) clearTimeout(captionTimer);
    timer = captionTimer = null;
    queued = [];
    caption = null;
  };

  const handle = (update: WorkerUpdate) => {
    switch (update.type) {
      case 'loaded':
        forget();
        spokenUpTo = -Infinity;
        names = new Map(update.topology.nodes.map((n) => [n.id, n.name]));
        useNarration.setState(EMPTY);
        return;
      case 'tick': {
        queue(update.ended);
        if (update.bulkRun) {
          // A batch is counted, not traced: the caption must not go on narrating what came before.
          if (captionTimer !== null) clearTimeout(captionTimer);
          captionTimer = null;
          caption = null;
          useNarration.setState({ caption: null, bulkRan: update.bulkRun.connections });
          return;
        }
        const pick = captionPick(update.decisions);
        if (!pick) return;
        caption = pick;
        const wait = CAPTION_GAP_WALL_MS - (performance.now() - lastCaption);
        if (!update.running || wait <= 0) showCaption();
        else if (captionTimer === null) captionTimer = setTimeout(showCaption, wait);
        return;
      }
      case 'seeked': {
        // Ends still to be said that have not happened at the new moment are not news any more.
        const kept = queued.filter((e) => e.t <= update.now);
        forget();
        queued = kept;
        if (queued.length > 0) timer = setTimeout(speak, 0);
        // The last outcome stays if it had happened by the new moment (Lab 2 brought to Lab 1's
        // moment a little way back or on); a moment before it has not seen it yet.
        const outcome = update.now >= spokenUpTo ? useNarration.getState().outcomeText : '';
        useNarration.setState({ caption: captionPick(update.decisions), outcomeText: outcome });
        return;
      }
      default:
        return;
    }
  };
  const stop = onWorkerUpdate(handle);
  return {
    useNarration,
    /** Stops listening (the lab is let go). */
    dispose() {
      forget();
      stop();
    },
  };
}

export type Narration = ReturnType<typeof createNarration>;
